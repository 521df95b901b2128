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

/// Undoes [`encode_cell`]: `\\` is a backslash, `\|` a pipe, `\<br/>` the text `<br/>`, and a
/// bare `<br/>` a line break. Any other backslash stays as written.
pub fn decode_cell(raw: &str) -> String {
    if !raw.contains(['\\', '<']) {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    loop {
        // Up to the next `\\` or `<`, the text is as written.
        let plain = rest.find(['\\', '<']).unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { break };
        if let Some(after) = rest.strip_prefix(LINE_BREAK) {
            out.push('\n');
            rest = after;
        } else if let Some(after) = rest.strip_prefix('\\') {
            if let Some(after) = after.strip_prefix(LINE_BREAK) {
                out.push_str(LINE_BREAK);
                rest = after;
            } else if let Some(next @ ('\\' | '|')) = after.chars().next() {
                out.push(next);
                rest = &after[1..];
            } else {
                out.push('\\');
                rest = after;
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Writes text into one table cell so that `decode_cell` gives it back: line breaks become
/// `<br/>` (as Speakeasy writes them); backslashes, pipes and a literal `<br/>` are escaped.
pub fn encode_cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if rest.starts_with(LINE_BREAK) {
            out.push('\\');
            out.push_str(LINE_BREAK);
            rest = &rest[LINE_BREAK.len()..];
            continue;
        }
        match c {
            '\n' => out.push_str(LINE_BREAK),
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}
