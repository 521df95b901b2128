//! Diagnostics: errors and warnings with the file, line and column they point at, collected per run.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// Index of a source file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span { file, start: range.start as u32, end: range.end as u32 }
    }

    /// A span for definitions made in code (tests, builders) rather than read from a file.
    pub const DETACHED: Span = Span { file: FileId(u32::MAX), start: 0, end: 0 };

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The sub-span `range` (relative to this span's start).
    pub fn within(self, range: Range<usize>) -> Span {
        Span { file: self.file, start: self.start + range.start as u32, end: self.start + range.end as u32 }
    }
}

/// Every file the run read, so that diagnostics can show their lines.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<(PathBuf, String)>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push((path, text));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.files[id.0 as usize].0
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].1
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let text = self.text(span.file);
        let offset = (span.start as usize).min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information for `--verbose` (a file deliberately ignored, say); never fails a run.
    Note,
}

/// One problem found in the definitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where it is; `None` for problems that belong to no file (a missing folder, say).
    pub span: Option<Span>,
    /// What was found at the span and what was expected there.
    pub label: String,
    /// Further lines: hints, suggestions, related places.
    pub notes: Vec<String>,
    /// Related places, each with what it is (the first definition of a name, say).
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            label: String::new(),
            notes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(span, message) }
    }

    /// A note that belongs to no place in a source file.
    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, ..Diagnostic::global(message) }
    }

    /// An error that belongs to no place in a source file.
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic { span: None, ..Diagnostic::error(Span::DETACHED, message) }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// A related place, shown beside the main one.
    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// The errors and warnings, without the notes.
    pub fn without_notes(&self) -> Diagnostics {
        Diagnostics { items: self.items.iter().filter(|d| d.severity != Severity::Note).cloned().collect() }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Errors before warnings, each group by file and position, so the output reads top to bottom.
    pub fn sort(&mut self) {
        self.items.sort_by_key(|d| (d.severity, d.span.map(|s| (s.file, s.start)), d.message.clone()));
        self.items.dedup();
    }

    /// Renders every diagnostic with the offending line and a marker under it.
    pub fn render(&self, sources: &Sources, color: bool, limit: usize) -> String {
        let mut files = SimpleFiles::new();
        let ids: Vec<usize> =
            sources.files.iter().map(|(path, text)| files.add(path.display().to_string(), text.as_str())).collect();
        let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
        let config = term::Config::default();
        for d in self.items.iter().take(limit) {
            let severity = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
                Severity::Note => CsSeverity::Note,
            };
            let mut cs = CsDiagnostic::new(severity).with_message(&d.message).with_notes(d.notes.clone());
            let known = |s: &Span| (s.file.0 as usize) < ids.len();
            let mut labels = Vec::new();
            if let Some(span) = d.span.filter(known) {
                labels.push(Label::primary(ids[span.file.0 as usize], span.range()).with_message(&d.label));
            }
            for (span, label) in d.related.iter().filter(|(s, _)| known(s)) {
                labels.push(Label::secondary(ids[span.file.0 as usize], span.range()).with_message(label));
            }
            cs = cs.with_labels(labels);
            // Writing to an in-memory buffer cannot fail short of a bug in codespan.
            term::emit_to_write_style(&mut buffer, &config, &files, &cs).expect("render diagnostic");
        }
        let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
        if self.items.len() > limit {
            let _ = writeln!(out, "... and {} more diagnostics not shown", self.items.len() - limit);
        }
        out
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely misspelling.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(did_you_mean("TokenTyp", ["TokenType", "GrantType"]), Some("TokenType"));
        assert_eq!(did_you_mean("Whatever", ["TokenType", "GrantType"]), None);
    }
}
