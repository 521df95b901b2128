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
