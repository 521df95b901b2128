//! Readers: one module per input format, each producing [`crate::model`] values; this module
//! walks the schema folder and hands each file to its reader.

pub mod markdown;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Sources, Span};
use crate::model::{Model, Overlay, Settings};
use yaml::YamlDoc;

/// The settings file's name, at the top of the schema folder (`codegen.yml` is read too).
pub const SETTINGS_FILE: &str = "codegen.yaml";

/// The endings of the files read as definitions; any other file is ignored, and said so by
/// `--verbose`.
pub const DEFINITION_EXTENSIONS: [&str; 3] = ["md", "yaml", "yml"];

/// Largest markdown doc the reader accepts; the biggest real doc is about 30 KiB.
pub const MAX_DOC_BYTES: usize = 4 << 20;

/// Everything read from a schema folder, before checking.
#[derive(Debug, Default)]
pub struct Definitions {
    pub models: Vec<Model>,
    pub overlays: Vec<Overlay>,
    pub settings: Settings,
}

/// A definition file given in memory: its path relative to the schema folder, and its bytes.
pub struct InputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Lists the definition files of a folder (markdown at the top of the folder is about the
/// folder, not a model, and is skipped) (`.md`, `.yaml`, `.yml`), sorted, refusing symlinks
/// that lead out of it. Hidden files and folders are skipped.
pub fn list_folder(root: &Path, diags: &mut Diagnostics) -> Vec<InputFile> {
    let mut out = Vec::new();
    let canonical_root = match fs::canonicalize(root) {
        Ok(r) => r,
        Err(e) => {
            diags.push(Diagnostic::global(format!("cannot read schema folder `{}`: {e}", root.display())));
            return out;
        }
    };
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::global(format!("cannot read folder `{}`: {e}", dir.display())));
                continue;
            }
        };
        // The listing tells each entry's type: no `stat` per file.
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| (e.file_name(), e.file_type().ok())).collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, file_type) in names.into_iter().rev() {
            let Some(name_str) = name.to_str() else {
                diags.push(Diagnostic::global(format!(
                    "file name `{}` in `{}` is not UTF-8",
                    name.to_string_lossy(),
                    dir.display()
                )));
                continue;
            };
            let rel_path = rel.join(name_str);
            if name_str.starts_with('.') {
                diags.push(Diagnostic::note(format!("`{}` is hidden; ignored", to_slash(&rel_path))));
                continue;
            }
            let full = root.join(&rel_path);
            let Some(file_type) = file_type else { continue };
            if file_type.is_symlink() {
                match fs::canonicalize(&full) {
                    Ok(target) if target.starts_with(&canonical_root) => {}
                    Ok(target) => {
                        diags.push(Diagnostic::global(format!(
                            "`{}` is a symlink to `{}`, outside the schema folder; definitions must live inside it",
                            full.display(),
                            target.display()
                        )));
                        continue;
                    }
                    Err(e) => {
                        diags.push(Diagnostic::global(format!("`{}` is a broken symlink: {e}", full.display())));
                        continue;
                    }
                }
            }
            // A symlink (inside the folder, as checked above) is followed.
            if file_type.is_dir() || (file_type.is_symlink() && full.is_dir()) {
                stack.push(rel_path);
                continue;
            }
            let extension = name_str.rsplit_once('.').map_or("", |(_, ext)| ext);
            if !DEFINITION_EXTENSIONS.contains(&extension) {
                let slash = to_slash(&rel_path);
                if DEFINITION_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()) {
                    diags.push(Diagnostic::global(format!(
                        "`{slash}` ends in `.{extension}`: definition files end in `.md`, `.yaml` or `.yml`, in lower case"
                    )));
                } else {
                    diags.push(Diagnostic::note(format!(
                        "`{slash}` is not a definition (only `.md`, `.yaml` and `.yml` files are read); ignored"
                    )));
                }
                continue;
            }
            paths.push((to_slash(&rel_path), full));
        }
    }
    paths.sort();
    // Reading is most of the time spent here; spread it over the cores.
    for (path, read) in paths.iter().zip(crate::pool::par_map(&paths, |(_, full)| {
        // Every file is held until all are read: no more room than its text needs.
        crate::read_file(full, 16 << 10).map(|mut bytes| {
            bytes.shrink_to_fit();
            bytes
        })
    })) {
        match read {
            Ok(bytes) => out.push(InputFile { path: path.0.clone(), bytes }),
            Err(e) => diags.push(Diagnostic::global(format!("cannot read `{}`: {e}", path.1.display()))),
        }
    }
    out
}

fn to_slash(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads definition files into models, overlays and settings, collecting every problem.
/// `display_root` prefixes paths in diagnostics.
pub fn read_files(
    mut files: Vec<InputFile>,
    display_root: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Definitions {
    // First decode each file (on every core), then register them in order, so that file ids
    // are stable.
    let limit = |file: &InputFile| if file.path.ends_with(".md") { MAX_DOC_BYTES } else { yaml::MAX_YAML_BYTES };
    // Each file's bytes become its text in place (no copy unless a BOM or CRLF must go).
    let texts = crate::pool::par_map_mut(&mut files, |file| {
        (file.bytes.len() <= limit(file)).then(|| decode(std::mem::take(&mut file.bytes)))
    });
    let mut decoded = Vec::with_capacity(files.len());
    for (file, text) in files.into_iter().zip(texts) {
        let display = display_root.join(&file.path);
        // The path goes into a `//!` line of the model's Rust file.
        if let Some(c) = crate::model::unfit_for_comment_line(&file.path) {
            diags.push(Diagnostic::global(format!(
                "the file name {:?} holds the character U+{:04X}, which cannot stand in a Rust comment; rename the file",
                file.path, c as u32
            )));
            continue;
        }
        let Some(text) = text else {
            let id = sources.add(display, String::new());
            diags.push(
                Diagnostic::error(
                    Span::new(id, 0..0),
                    format!("file is {} bytes, more than the limit of {} bytes", file.bytes.len(), limit(&file)),
                )
                .with_label("file too large"),
            );
            continue;
        };
        match text {
            Ok((text, bom, crlf)) => {
                let bare_cr = text.find('\r');
                let id = sources.add(display, text);
                match bare_cr {
                    // Old Mac line endings, or a stray CR: the readers would see one long line.
                    Some(at) => diags.push(
                        Diagnostic::error(Span::new(id, at..at + 1), "a carriage return that ends no line")
                            .with_label("bare CR (U+000D) here")
                            .with_note("definitions end their lines with LF or CRLF"),
                    ),
                    None => decoded.push((id, file.path, bom, crlf)),
                }
            }
            Err((valid_up_to, text)) => {
                let id = sources.add(display, text);
                diags.push(
                    Diagnostic::error(Span::new(id, valid_up_to..valid_up_to), "file is not valid UTF-8")
                        .with_label("invalid UTF-8 starts here")
                        .with_note("definitions must be UTF-8 text"),
                );
            }
        }
    }
    // Then parse them on every core, and gather the results in order.
    let sources: &Sources = sources;
    let results = crate::pool::par_map(&decoded, |(id, path, bom, crlf)| read_one(sources, *id, path, *bom, *crlf));
    let mut defs = Definitions::default();
    let mut settings_read = false;
    for result in results {
        match result {
            Read::Model(m) => defs.models.push(*m),
            Read::Overlay(o) => defs.overlays.push(*o),
            Read::Settings(s) => {
                if std::mem::replace(&mut settings_read, true) {
                    diags.push(Diagnostic::global(format!(
                        "both `{SETTINGS_FILE}` and `codegen.yml` hold settings; keep one"
                    )));
                }
                defs.settings = *s;
            }
            Read::Errors(errors) => errors.into_iter().for_each(|e| diags.push(e)),
            Read::Ignored(why) => diags.push(Diagnostic::note(why)),
        }
    }
    defs
}

/// What one file held.
enum Read {
    Model(Box<Model>),
    Overlay(Box<Overlay>),
    Settings(Box<Settings>),
    Errors(Vec<Diagnostic>),
    /// A file deliberately not read as a definition, and why.
    Ignored(String),
}

fn read_one(sources: &Sources, id: crate::diag::FileId, path: &str, bom: bool, crlf: bool) -> Read {
    let text = sources.text(id);
    let span = Span::new(id, 0..text.len());
    let namespace = path.rsplit_once('/').map_or("", |(dir, _)| dir.rsplit('/').next().unwrap_or(dir));
    if path == SETTINGS_FILE || path == "codegen.yml" {
        return match yaml::read_settings(text, span) {
            Ok(s) => Read::Settings(Box::new(s)),
            Err(errors) => Read::Errors(errors),
        };
    }
    if namespace.is_empty() && path.ends_with(".md") {
        // Docs about the folder (README.md, SOURCE.md), not definitions.
        return Read::Ignored(format!(
            "`{path}` is at the top of the schema folder, not in a namespace folder; ignored"
        ));
    }
    if namespace.is_empty() || !crate::notation::is_identifier(namespace) {
        return Read::Errors(vec![
            Diagnostic::error(span.within(0..0), format!("`{path}` is not in a namespace folder"))
                .with_label("a definition's folder names its namespace")
                .with_note("put it in a folder named like an identifier, e.g. `shared/`"),
        ]);
    }
    if path.ends_with(".md") {
        match markdown::read(text, span, namespace, path) {
            Ok(markdown::Doc::Model(mut m)) => {
                m.doc_style.bom = bom;
                m.doc_style.crlf = crlf;
                Read::Model(m)
            }
            Ok(markdown::Doc::NotAModel(why)) => Read::Ignored(format!("`{path}` defines no model: {why}; ignored")),
            Err(errors) => Read::Errors(errors),
        }
    } else {
        let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
        match yaml::read(text, span, namespace, &format!("{stem}.md")) {
            Ok(YamlDoc::Model(m)) => Read::Model(m),
            Ok(YamlDoc::Overlay(o)) => Read::Overlay(o),
            Err(errors) => Read::Errors(errors),
        }
    }
}

/// UTF-8 text with the BOM removed and CRLF turned into LF, plus whether each was there.
fn decode(bytes: Vec<u8>) -> Result<(String, bool, bool), (usize, String)> {
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            return Err((valid_up_to, String::from_utf8_lossy(e.as_bytes()).into_owned()));
        }
    };
    let bom = text.starts_with('\u{feff}');
    if bom {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let crlf = text.contains("\r\n");
    if crlf {
        text = text.replace("\r\n", "\n");
    }
    Ok((text, bom, crlf))
}
