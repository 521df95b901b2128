//! The Speakeasy doc format that the markdown reader reads and the docs emitter writes: the
//! marks of a field table, its placeholders and prefixes, the sentence naming a union's
//! discriminator, the sections newer generators add (a union's `## Union Discrimination`, an
//! enum's `## Example Usage`), and how text goes into a table cell.

use std::fmt::Write as _;

use crate::model::{EnumUsage, UnionSwitch, UnionVariant, WireRule};

/// The `Required` cell of a required field.
pub const REQUIRED_MARK: &str = ":heavy_check_mark:";
/// The `Required` cell of an optional field.
pub const OPTIONAL_MARK: &str = ":heavy_minus_sign:";
/// The `Description` cell of a field without one.
pub const NO_DESCRIPTION: &str = "N/A";
pub const DEPRECATED_MODEL_PREFIX: &str = "> :warning: **DEPRECATED**: ";
pub const DEPRECATED_FIELD_PREFIX: &str = ": warning: ** DEPRECATED **: ";
/// What a Type cell of newer generators writes around an optional field's type that may also
/// be `null`, up to the type (which a `]` closes).
pub const OPTIONAL_NULLABLE_OPEN: &str = "optionalnullable.OptionalNullable[";
/// A line break inside a table cell.
pub const LINE_BREAK: &str = "<br/>";

/// How the docs name a union's discriminator: the paragraph after `## Supported Types`.
pub const DISCRIMINATOR_INTRO: &str = "The variants are told apart by the value of `";
pub const DISCRIMINATOR_OUTRO: &str = "`.";

/// The section of a union after its variants in newer generators' docs, and its sentence.
pub const UNION_SWITCH_HEADING: &str = "Union Discrimination";
const UNION_SWITCH_INTRO: &str =
    "Use the `Type` field to determine which variant is active, then access the corresponding field:";

/// The section of an enum before its values in newer generators' docs.
pub const ENUM_USAGE_HEADING: &str = "Example Usage";
const OPEN_ENUM_COMMENT: &str = "// Open enum: custom values can be created with a direct type cast";

/// The Go variable the docs' snippets of a model use: the model's name in lowerCamel.
pub fn snippet_variable(model: &str) -> String {
    WireRule::LowerCamel.apply(model)
}

/// A union's `## Union Discrimination` section, from its heading to its closing fence (no
/// newline after it), as the generator writes it: `union` is the union's name, `ns` its
/// namespace. A case per variant, in their order: the constant `{ns}.{union}Type{variant}`, and
/// the field of the union it fills, named after the model a variant holds, else after the
/// variant (`Str`, `ArrayOfStr`).
pub fn union_switch_section(union: &str, ns: &str, variants: &[UnionVariant], switch: &UnionSwitch) -> String {
    let var = snippet_variable(union);
    let mut out = format!("## {UNION_SWITCH_HEADING}\n\n{UNION_SWITCH_INTRO}\n\n```go\nswitch {var}.Type {{\n");
    for v in variants {
        let field = v.bare_model().map_or(v.name.as_str(), |m| m.name.as_str());
        let _ = write!(out, "\tcase {ns}.{union}Type{}:\n\t\t// {var}.{field} is populated\n", v.name);
    }
    if switch.unknown_default {
        let _ = write!(out, "\tdefault:\n\t\t// Unknown type - use {var}.GetUnknownRaw() for raw JSON\n");
    }
    out.push_str("}\n```");
    out
}

/// Reads what a `## Union Discrimination` snippet holds beyond its variants: whether a
/// `default:` case ends it. Lenient: the caller writes the section back and compares, so that
/// any other difference is found there.
pub fn read_union_switch(code: &str) -> UnionSwitch {
    UnionSwitch { unknown_default: code.lines().any(|line| line.trim() == "default:") }
}

/// An enum's `## Example Usage` section, from its heading to its closing fence (no newline after
/// it), as the generator writes it: `ns` is the enum's namespace (its Go package), `name` the
/// enum's, `first` its first value's constant, which the snippet names.
pub fn enum_usage_section(ns: &str, name: &str, first: &str, usage: &EnumUsage) -> String {
    let mut out =
        format!("## {ENUM_USAGE_HEADING}\n\n```go\nimport (\n\t\"{}\"\n)\n\nvalue := {ns}.{first}\n", usage.import);
    if usage.open {
        let _ = write!(out, "\n{OPEN_ENUM_COMMENT}\ncustom := {ns}.{name}(\"custom_value\")\n");
    }
    out.push_str("```");
    out
}

/// Reads what an `## Example Usage` snippet holds beyond the enum: the import, and whether it
/// shows a custom value. Lenient, as [`read_union_switch`] is.
pub fn read_enum_usage(code: &str) -> EnumUsage {
    let mut usage = EnumUsage { import: String::new(), open: false };
    for line in code.lines().map(str::trim) {
        if let Some(import) = line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            usage.import = import.to_owned();
        } else if line == OPEN_ENUM_COMMENT {
            usage.open = true;
        }
    }
    usage
}

/// The examples of a cell that lists several, as newer generators write them
/// (`**Example 1:** US<br/>**Example 2:** SE`, read as `US` and `SE`): each starts a line with
/// its number, counting from 1; an example may run over several lines. `None` for any other text.
pub fn numbered_examples(text: &str) -> Option<Vec<&str>> {
    let marker = |n: usize| format!("**Example {n}:** ");
    let mut rest = text.strip_prefix(&marker(1))?;
    let mut examples = Vec::new();
    for n in 2.. {
        let next = format!("\n{}", marker(n));
        match rest.find(&next) {
            Some(at) => {
                examples.push(&rest[..at]);
                rest = &rest[at + next.len()..];
            }
            None => {
                examples.push(rest);
                break;
            }
        }
    }
    Some(examples)
}

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
    fn numbered_examples_are_split() {
        assert_eq!(numbered_examples("**Example 1:** US\n**Example 2:** SE"), Some(vec!["US", "SE"]));
        assert_eq!(numbered_examples("**Example 1:** {\n\"a\": 1\n}"), Some(vec!["{\n\"a\": 1\n}"]));
        // Out of order, the rest belongs to the first.
        assert_eq!(numbered_examples("**Example 1:** a\n**Example 3:** b"), Some(vec!["a\n**Example 3:** b"]));
        assert_eq!(numbered_examples("US"), None);
    }

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
