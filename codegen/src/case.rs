//! Snake and upper camel case, with heck's word rules: the wire names a rule derives and the Rust
//! names `naming` gives.

use heck::{ToSnakeCase, ToUpperCamelCase};

// Case conversions give heck's results. heck formats each character through `fmt`, and a run
// converts every name of every model; ASCII names, nearly all of them, take a direct path that
// splits words by heck's rules (the tests hold both paths to heck's output).

/// `accountID` -> `account_id`, as `heck::ToSnakeCase`.
pub fn snake(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_snake_case();
    }
    let mut out = String::with_capacity(s.len() + 4);
    ascii_words(s, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `account_id` -> `AccountId`, as `heck::ToUpperCamelCase`.
pub fn upper_camel(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_upper_camel_case();
    }
    let mut out = String::with_capacity(s.len());
    ascii_words(s, |word| {
        let mut bytes = word.bytes();
        if let Some(first) = bytes.next() {
            out.push(char::from(first.to_ascii_uppercase()));
        }
        out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// Calls `word` with each word of ASCII `s`, split as heck's `transform` splits: at every
/// character that is not a letter or digit, between a lowercase letter (or a digit after one)
/// and an uppercase one, and before the last capital of a run that a lowercase letter follows
/// (`HTTPServer` -> `HTTP`, `Server`).
fn ascii_words(s: &str, mut word: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// No letter yet in this word.
        Boundary,
        /// The word's last letter is lowercase.
        Lowercase,
        /// The word's last letter is uppercase.
        Uppercase,
    }
    for run in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = run.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&run[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                word(&run[start..=i]);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&run[start..i]);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn names_convert_as_heck_converts_them() {
        for name in [
            "",
            "_",
            "__a__",
            "accountID",
            "AccountID",
            "HTTPServer",
            "ACHDetails",
            "a1B",
            "A1b",
            "aB1c",
            "URL",
            "x",
            "X",
            "1a",
            "1A",
            "snake_case",
            "kebab-case",
            "with space",
            "UPPER_CASE",
            "ABc",
            "aBC",
            "a_B_c",
            "Σίσυφος",
            "ÉtéBien",
            "naïveTest",
        ] {
            assert_eq!(snake(name), name.to_snake_case(), "snake case of {name:?}");
            assert_eq!(upper_camel(name), name.to_upper_camel_case(), "upper camel case of {name:?}");
        }
    }

    proptest! {
        #[test]
        fn ascii_names_convert_as_heck_converts_them(name in "[aAbBzZ019_ .-]{0,12}") {
            prop_assert_eq!(snake(&name), name.to_snake_case());
            prop_assert_eq!(upper_camel(&name), name.to_upper_camel_case());
        }
    }
}
