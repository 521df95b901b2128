//! The Speakeasy doc format that the markdown reader reads and the docs emitter writes: the
//! marks of a field table, its placeholders and prefixes, the sentence naming a union's
//! discriminator, and how text goes into a table cell.

/// The `Required` cell of a required field.
pub const REQUIRED_MARK: &str = ":heavy_check_mark:";
/// The `Required` cell of an optional field.
pub const OPTIONAL_MARK: &str = ":heavy_minus_sign:";
/// The `Description` cell of a field without one.
pub const NO_DESCRIPTION: &str = "N/A";
pub const DEPRECATED_MODEL_PREFIX: &str = "> :warning: **DEPRECATED**: ";
pub const DEPRECATED_FIELD_PREFIX: &str = ": warning: ** DEPRECATED **: ";
/// A line break inside a table cell.
pub const LINE_BREAK: &str = "<br/>";

/// How the docs name a union's discriminator: the paragraph after `## Supported Types`.
pub const DISCRIMINATOR_INTRO: &str = "The variants are told apart by the value of `";
pub const DISCRIMINATOR_OUTRO: &str = "`.";

/// Undoes [`encode_cell`], reading cells as Speakeasy writes them: a backslash before a pipe
/// makes it text (`\|`); a bare `<br/>` is a line break; a run of backslashes before `<br/>`
/// stands for half as many, and an odd run makes the `<br/>` text. Every other backslash is
/// text: Speakeasy writes a description's backslashes as they are (`\u003c`, `^\w+$`).
pub fn decode_cell(raw: &str) -> String {
    if !raw.contains(['\\', '<']) {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    loop {
        // Up to the next backslash or `<`, the text is as written.
        let plain = rest.find(['\\', '<']).unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { break };
        if let Some(after) = rest.strip_prefix(LINE_BREAK) {
            out.push('\n');
            rest = after;
        } else if c == '\\' {
            let run = rest.len() - rest.trim_start_matches('\\').len();
            let after = &rest[run..];
            if let Some(after) = after.strip_prefix(LINE_BREAK) {
                out.extend(std::iter::repeat_n('\\', run / 2));
                out.push_str(if run % 2 == 1 { LINE_BREAK } else { "\n" });
                rest = after;
            } else if let Some(after) = after.strip_prefix('|') {
                out.extend(std::iter::repeat_n('\\', run - 1));
                out.push('|');
                rest = after;
            } else {
                out.push_str(&rest[..run]);
                rest = after;
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Writes text into one table cell so that `decode_cell` gives it back, as Speakeasy writes it
/// where it can: line breaks become `<br/>`, a pipe is escaped (`\|`), backslashes stay as they
/// are, except those right before a line break or a literal `<br/>`, which are doubled (and the
/// literal `<br/>` escaped) so that the two read back apart.
pub fn encode_cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // The backslashes just written, which a line break or `<br/>` after them doubles.
    let double_run = |out: &mut String| {
        let run = out.len() - out.trim_end_matches('\\').len();
        out.extend(std::iter::repeat_n('\\', run));
    };
    while let Some(c) = rest.chars().next() {
        if rest.starts_with(LINE_BREAK) {
            double_run(&mut out);
            out.push('\\');
            out.push_str(LINE_BREAK);
            rest = &rest[LINE_BREAK.len()..];
            continue;
        }
        match c {
            '\n' => {
                double_run(&mut out);
                out.push_str(LINE_BREAK);
            }
            '|' => out.push_str("\\|"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_and_write_as_speakeasy_writes_them() {
        // Speakeasy's cells, read and written back unchanged: backslashes as they are, pipes
        // escaped, line breaks as `<br/>`.
        for (raw, text) in [
            ("\"\\u003credacted\\u003e\"", "\"\\u003credacted\\u003e\""),
            ("^\\w+(:\\w+)*$", "^\\w+(:\\w+)*$"),
            ("a \\| b", "a | b"),
            ("<\\|endoftext\\|>", "<|endoftext|>"),
            ("one<br/>two", "one\ntwo"),
            ("C:\\\\path", "C:\\\\path"),
        ] {
            assert_eq!(decode_cell(raw), text, "{raw}");
            assert_eq!(encode_cell(text), raw, "{text:?}");
        }
        // Where Speakeasy's own writing would be ambiguous, backslashes before a line break or a
        // literal `<br/>` are doubled, and a literal `<br/>` escaped.
        for text in ["a\\\nb", "a\\<br/>b", "<br/>", "\\\\\n", "x\\|y", "\\", "\\|\\"] {
            assert_eq!(decode_cell(&encode_cell(text)), text, "{text:?} as {:?}", encode_cell(text));
        }
        assert_eq!(encode_cell("a\\\nb"), "a\\\\<br/>b");
        assert_eq!(encode_cell("<br/>"), "\\<br/>");
    }
}
