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
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if !in_fence && info.trim().is_empty() {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("```text");
            } else {
                out.push_str(line);
            }
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
                let indent = block.len() - block.trim_start_matches(' ').len();
                let Some(outer) = indent.checked_sub(4) else { continue };
                let pad = " ".repeat(outer);
                let mut fenced = format!("{pad}```text\n");
                let mut ok = true;
                for line in block.lines() {
                    if line.trim().is_empty() {
                        fenced.push('\n');
                    } else if line.len() >= indent && line.as_bytes()[..indent].iter().all(|&b| b == b' ') {
                        fenced.push_str(&pad);
                        fenced.push_str(&line[outer + 4..]);
                        fenced.push('\n');
                    } else {
                        ok = false;
                    }
                }
                fenced.push_str(&pad);
                fenced.push_str("```");
                if block.ends_with('\n') {
                    fenced.push('\n');
                }
                if ok {
                    edits.push((start..range.end, fenced));
                }
            }
            CodeBlockKind::Fenced(_) => {}
        }
    }
    if edits.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16 * edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
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
    }
}
