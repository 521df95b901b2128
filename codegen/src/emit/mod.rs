//! Emitters: one module per output, each reading only the checked model.

pub mod docs_index;
pub mod json_schema;
pub mod markdown;
pub mod rust;

/// One output file: its path relative to its output folder, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

impl GeneratedFile {
    /// A file whose text takes no more memory than it needs: a run holds every output until
    /// the write stage, and grown buffers can be twice their length.
    pub fn new(path: String, mut contents: String) -> Self {
        contents.shrink_to_fit();
        GeneratedFile { path, contents }
    }
}

/// The generated-file marker, naming the command that regenerates the file.
#[derive(Debug, Clone)]
pub struct Header {
    pub command: String,
}

impl Header {
    /// The marker every generated file carries; the writer recognises its files by it.
    pub const MARKER: &'static str = "@generated";

    pub fn text(&self) -> String {
        format!("{} by `{}`; do not edit by hand.", Self::MARKER, self.command)
    }

    pub fn line_comment(&self, prefix: &str) -> String {
        format!("{prefix} {}", self.text())
    }
}

/// A description as it goes into Rust docs (and so into what `schemars` derives from them):
/// code blocks that rustdoc would compile and run as doctests (indented ones, fences without a
/// language or marked `rust`) become ```` ```text ```` fences, and bare URLs are wrapped in
/// `<...>` so rustdoc links them instead of warning; tabs become spaces.
pub fn rust_doc_text(text: &str) -> String {
    // Tabs as four spaces: rustdoc takes a tab-indented line for code, clippy warns of tabs.
    let untabbed = text.contains('\t').then(|| text.replace('\t', "    "));
    let text = &no_doctests(untabbed.as_deref().unwrap_or(text));
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Fences were labelled above; here they only keep URLs inside code as they are.
        if line.trim_start().starts_with("```") {
            out.push_str(line);
            in_fence = !in_fence;
        } else if in_fence {
            out.push_str(line);
        } else {
            wrap_bare_urls(line, &mut out);
        }
    }
    out
}

/// `text` with every code block that rustdoc would run as a doctest turned into a `text` fence.
fn no_doctests(text: &str) -> std::borrow::Cow<'_, str> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        let Event::Start(Tag::CodeBlock(kind)) = event else { continue };
        match kind {
            CodeBlockKind::Fenced(info) if runs_as_doctest(&info) => {
                // The info string of the opening line goes; `text` takes its place.
                let line_end = text[range.start..].find('\n').map_or(text.len(), |i| range.start + i);
                let line = &text[range.start..line_end];
                let Some(fence_at) = line.find(['`', '~']) else { continue };
                let fence = line.as_bytes()[fence_at];
                let fence_len = line[fence_at..].bytes().take_while(|&b| b == fence).count();
                edits.push((range.start + fence_at + fence_len..line_end, "text".to_owned()));
            }
            CodeBlockKind::Indented => {
                let start = line_start(range.start);
                let block = &text[start..range.end];
                let lines = || block.lines().filter(|l| !l.trim().is_empty());
                let indent = lines().map(|l| l.len() - l.trim_start_matches(' ').len()).min().unwrap_or(0);
                // Inside a block quote or right after a list marker the indent is not all
                // spaces: `without_indented_code` takes care of those below.
                let Some(outer) = indent.checked_sub(4) else { continue };
                let pad = " ".repeat(outer);
                // A fence longer than any run of backticks in the code, so none closes it.
                let longest = lines().map(|l| l.split(|c| c != '`').map(str::len).max().unwrap_or(0)).max();
                let fence = "`".repeat(longest.unwrap_or(0).max(2) + 1);
                let mut fenced = format!("{pad}{fence}text\n");
                for line in block.lines() {
                    if !line.trim().is_empty() {
                        fenced.push_str(&pad);
                        fenced.push_str(&line[outer + 4..]);
                    }
                    fenced.push('\n');
                }
                fenced.push_str(&pad);
                fenced.push_str(&fence);
                if block.ends_with('\n') {
                    fenced.push('\n');
                }
                edits.push((start..range.end, fenced));
            }
            CodeBlockKind::Fenced(_) => {}
        }
    }
    if edits.is_empty() {
        return without_indented_code(std::borrow::Cow::Borrowed(text));
    }
    without_indented_code(std::borrow::Cow::Owned(apply_edits(text, edits)))
}

fn apply_edits(text: &str, edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    let mut out = String::with_capacity(text.len() + 16 * edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The indented code blocks that could not be fenced (inside a block quote, right after a list
/// marker: `>     code`, `-     code`) lose their indent, so they read as text: the spaces
/// after the line's markers shrink to one. Repeated until none is left, as a block's end can
/// reveal another.
fn without_indented_code(mut text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    for _ in 0..8 {
        let mut edits = Vec::new();
        for (event, range) in Parser::new(&text).into_offset_iter() {
            if !matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))) {
                continue;
            }
            let mut at = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            for line in text[at..range.end].split_inclusive('\n') {
                // Block quote markers, then a list marker if one follows, then their spaces.
                let mut markers = line.len() - line.trim_start_matches([' ', '>']).len();
                if line[markers..].starts_with(['-', '*', '+']) && line[markers + 1..].starts_with(' ') {
                    markers += 1 + line[markers + 1..].len() - line[markers + 1..].trim_start_matches(' ').len();
                }
                let spaces = line[..markers].len() - line[..markers].trim_end_matches(' ').len();
                if spaces > 1 && markers < line.trim_end().len() {
                    edits.push((at + markers - spaces..at + markers, " ".to_owned()));
                }
                at += line.len();
            }
        }
        if edits.is_empty() {
            break;
        }
        text = std::borrow::Cow::Owned(apply_edits(&text, edits));
    }
    text
}

/// Whether rustdoc compiles a fenced block with this info string: no language, `rust`, or only
/// rustdoc's own attributes.
fn runs_as_doctest(info: &str) -> bool {
    info.split([',', ' ', '\t']).filter(|t| !t.is_empty()).all(|token| {
        matches!(
            token,
            "rust" | "should_panic" | "no_run" | "compile_fail" | "test_harness" | "standalone_crate" | "allow_fail"
        ) || token.starts_with("edition")
            || token.starts_with('{')
    })
}

fn wrap_bare_urls(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(start) = rest.find("https://").or_else(|| rest.find("http://")) {
        let before = rest[..start].chars().last();
        let len = rest[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\'' | '`'))
            .unwrap_or(rest.len() - start);
        let url = rest[start..start + len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        out.push_str(&rest[..start]);
        if matches!(before, Some('(' | '<')) {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[start + url.len()..];
    }
    out.push_str(rest);
}

/// How one description reaches Rust docs and JSON Schema.
pub struct Described {
    /// The `///` text: the description made safe for rustdoc, then any extra lines (examples).
    pub rust_doc: String,
    /// The JSON Schema `description`: the description itself, less trailing spaces on its lines
    /// (`""` for none).
    pub schema: String,
    /// `schemars` derives title and description from doc comments; where that would not give
    /// exactly `schema` (no title), the Rust emitter states them in `#[schemars(...)]`.
    pub needs_attr: bool,
    pub suppress_title: bool,
}

pub fn describe(description: Option<&str>, extra_doc_lines: &[String]) -> Described {
    // Trailing spaces on a line carry nothing in these descriptions; drop them everywhere.
    let schema: Vec<&str> = description.unwrap_or("").trim_end().lines().map(str::trim_end).collect();
    let schema = schema.join("\n");
    let mut rust_doc = rust_doc_text(description.unwrap_or("")).trim_end().to_owned();
    for line in extra_doc_lines {
        if !rust_doc.is_empty() {
            rust_doc.push_str("\n\n");
        }
        rust_doc.push_str(line);
    }
    let (title, derived) = json_schema::doc_metadata(&rust_doc);
    Described {
        needs_attr: !title.is_empty() || derived != schema,
        suppress_title: !title.is_empty(),
        rust_doc,
        schema,
    }
}

#[cfg(test)]
mod tests {
    use super::rust_doc_text;

    #[test]
    fn doc_text_is_safe_for_rustdoc() {
        assert_eq!(rust_doc_text("see https://a.b/c."), "see <https://a.b/c>.");
        assert_eq!(rust_doc_text("[x](https://a.b) and <https://c.d>"), "[x](https://a.b) and <https://c.d>");
        assert_eq!(rust_doc_text("a\n```\nX: 1\n```"), "a\n```text\nX: 1\n```");
        assert_eq!(rust_doc_text("```go\nx\n```"), "```go\nx\n```");
    }

    #[test]
    fn code_that_rustdoc_would_run_becomes_text() {
        // Indented code, at the top and inside a list item.
        assert_eq!(
            rust_doc_text("Intro.\n\n    let x = ;\n    y\n\nAfter."),
            "Intro.\n\n```text\nlet x = ;\ny\n```\n\nAfter."
        );
        assert_eq!(rust_doc_text("- item\n\n      code here\n"), "- item\n\n  ```text\n  code here\n  ```");
        // Fences without a language, or marked as Rust; others stay.
        assert_eq!(rust_doc_text("```\nx\n```"), "```text\nx\n```");
        assert_eq!(rust_doc_text("~~~rust,no_run\nx\n~~~"), "~~~text\nx\n~~~");
        assert_eq!(rust_doc_text("```python\nx = 1\n```"), "```python\nx = 1\n```");
        assert_eq!(rust_doc_text("Plain text, four spaces    inside."), "Plain text, four spaces    inside.");
        // Lines indented unevenly; code holding a fence; code in a quote or after a list marker.
        assert_eq!(rust_doc_text("a\n\n      x\n    y"), "a\n\n```text\n  x\ny\n```");
        assert_eq!(rust_doc_text("a\n\n    ```\n    x"), "a\n\n````text\n```\nx\n````");
        assert_eq!(rust_doc_text(">     code\n>     more"), "> code\n> more");
        assert_eq!(rust_doc_text("-     code"), "- code");
        assert_eq!(rust_doc_text(">     -x"), "> -x");
    }
}
