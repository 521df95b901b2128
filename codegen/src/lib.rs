//! Schema and code generation: reads API model definitions (Speakeasy markdown docs or YAML)
//! into one checked model and emits Rust types, JSON Schema and markdown docs from it.
//!
//! The pipeline runs one way: read -> check -> emit -> write (`ARCHITECTURE.md` has the map).
//! The API is [`Config`] and what it returns: the checked [`model`], the [`GeneratedFile`]s,
//! and a [`Report`] of what a run changed.
//!
//! From a build script, three lines generate the Rust types into `OUT_DIR`:
//!
//! ```no_run
//! // build.rs
//! codegen::Config::new().schema_dir("schema").compile().unwrap();
//! ```
//!
//! and the crate includes them with
//! `include!(concat!(env!("OUT_DIR"), "/models.rs"));`.

mod case;
mod check;
/// The command line's reporting, shared by the `codegen` binary and `cargo xtask codegen`.
#[doc(hidden)]
pub mod cli;
mod diag;
pub mod diff;
mod doc_format;
mod emit;
pub mod import;
pub mod model;
mod naming;
mod notation;
mod pool;
mod read;
mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use check::{Schema, WireNames};
pub use diag::{Diagnostic, Diagnostics, Severity, Sources, Span};
use emit::rust::Formatted;
pub use emit::rust::RustLayout;
pub use emit::{GeneratedFile, Header};
pub use read::InputFile;
pub use write::{Foreign, Mode, Recovery, Report, WriteError};

/// The project's own tests and fuzzers reach into the pipeline through here; not an API.
#[doc(hidden)]
pub mod internals {
    pub mod check {
        pub use crate::check::{MAX_DESCRIPTION_BYTES, MAX_MEMBERS, check};
    }
    pub mod diag {
        pub use crate::diag::{FileId, Span};
    }
    pub mod naming {
        pub use crate::naming::{generated_traits, module_dir};
    }
    pub mod doc_format {
        pub use crate::doc_format::{DISCRIMINATOR_INTRO, encode_cell, snippet_variable};
    }
    pub mod emit {
        pub use crate::emit::{json_schema, markdown, rust};
    }
    pub mod read {
        pub use crate::read::{MAX_DOC_BYTES, list_folder, markdown, yaml};
    }
    pub mod write {
        pub use crate::write::{Faults, recover};
    }
}

use pool::{in_pool, par_map};

/// Where each output goes, relative to the output folder.
pub const RUST_DIR: &str = "src";
pub const JSON_SCHEMA_DIR: &str = "json-schema";
pub const DOCS_DIR: &str = "docs";

/// Settings of one generator run; a builder in the manner of `prost_build::Config`.
#[derive(Debug, Clone)]
pub struct Config {
    schema_dir: PathBuf,
    out_dir: Option<PathBuf>,
    rust_layout: RustLayout,
    schemars_feature: Option<String>,
    crate_docs: Option<String>,
    json_schema: bool,
    docs: bool,
    command: String,
    deny_warnings: bool,
    write: write::Options,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schema_dir: PathBuf::from("schema"),
            out_dir: None,
            rust_layout: RustLayout::Crate,
            schemars_feature: None,
            crate_docs: None,
            json_schema: true,
            docs: true,
            command: "codegen".to_owned(),
            deny_warnings: false,
            write: write::Options::default(),
        }
    }
}

/// A failed run: the definitions are wrong, or the output could not be written.
#[derive(Debug)]
pub enum Error {
    /// Problems in the definitions, with the sources to render them against.
    Definitions {
        diagnostics: Diagnostics,
        sources: Sources,
    },
    Write(write::WriteError),
    /// `OUT_DIR` is not set (only [`Config::compile`] reads it).
    NoOutDir,
    /// A setting of the [`Config`] cannot be used, and why.
    Setting(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Definitions { diagnostics, sources } => {
                write!(f, "{}", diagnostics.render(sources, false, MAX_DIAGNOSTICS))?;
                write!(f, "{} error(s) in the definitions; nothing was written", diagnostics.error_count())
            }
            Error::Write(e) => write!(f, "{e}"),
            Error::Setting(why) => write!(f, "{why}; nothing was written"),
            Error::NoOutDir => {
                write!(f, "OUT_DIR is not set: `compile` is meant for build scripts; use `out_dir` and `run` elsewhere")
            }
        }
    }
}

impl std::error::Error for Error {}

/// What `op` returns, and how long it took.
fn timed<R>(op: impl FnOnce() -> R) -> (R, Duration) {
    let start = Instant::now();
    let result = op();
    (result, start.elapsed())
}

/// A file's bytes, read into a buffer with room for `capacity` bytes: without the `stat` that
/// `fs::read` and `File::read_to_end` make first to size their buffer (a system call per file,
/// on every run).
pub(crate) fn read_file(path: &Path, capacity: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(capacity);
    // Through `Take`, `read_to_end` fills the room given without asking the file its size.
    std::fs::File::open(path)?.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// How many diagnostics a run shows at most.
pub const MAX_DIAGNOSTICS: usize = 50;

/// The outcome of a successful run.
#[derive(Debug)]
pub struct Outcome {
    pub models: usize,
    /// What the run read besides the schema folder (see [`Generated::other_inputs`]).
    pub other_inputs: Vec<PathBuf>,
    /// How many fields a rule gave their wire names, and how many of those guessed.
    pub wire_names: WireNames,
    pub report: Report,
    /// Warnings found in the definitions (they did not stop the run), and notes (files it
    /// ignored, and why).
    pub warnings: Diagnostics,
    pub sources: Sources,
    pub elapsed: Duration,
    pub timings: Timings,
}

/// The generated files of a checked schema, paths relative to the output folder.
#[derive(Debug)]
pub struct Generated {
    pub schema: Schema,
    pub files: Vec<GeneratedFile>,
    pub timings: Timings,
    /// What the run read besides the schema folder: the folder of the previous version's
    /// published JSON Schema (`previous_version:`), if the settings name one.
    pub other_inputs: Vec<PathBuf>,
    /// For the format cache: each Rust file's path and what it was formatted from.
    formatted_from: Vec<(String, u128)>,
}

/// Wall time of each stage of a run. The three `emit_` stages run side by side, so they overlap;
/// `format` is summed over the threads that emit Rust and is part of `emit_rust`; `write` starts
/// once the outputs exist (the output folder is listed during generation, outside any stage).
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub read: Duration,
    pub check: Duration,
    pub emit_rust: Duration,
    pub format: Duration,
    pub emit_json_schema: Duration,
    pub emit_docs: Duration,
    pub write: Duration,
}

/// What checking gives a run: the checked schema, its warnings and notes, the sources they
/// refer to, and the previous version if the settings name one and the run reads it.
struct Checked {
    schema: Schema,
    warnings: Diagnostics,
    sources: Sources,
    previous: Option<Previous>,
}

/// The generated files, and for the format cache each Rust file's path and what it was
/// formatted from.
type Emitted = (Vec<GeneratedFile>, Vec<(String, u128)>);

/// An earlier release of the schemas (`previous_version:`), read for the docs index.
struct Previous {
    version: String,
    /// The folder it was read from.
    dir: PathBuf,
    published: diff::Published,
    /// The hash of the files read from the folder (paths and bytes), for the format cache's key
    /// of the docs index's changes section.
    hash: u128,
}

impl Previous {
    /// What the changes section is a function of: this version's files and the emitted JSON
    /// Schema (each file's path and text).
    fn changes_key(&self, files: &[GeneratedFile]) -> u128 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&self.hash.to_le_bytes());
        hasher.update(self.version.as_bytes());
        for f in files {
            hasher.update(b"\0");
            hasher.update(f.path.as_bytes());
            hasher.update(b"\0");
            hasher.update(f.contents.as_bytes());
        }
        hasher.digest128()
    }

    /// The changes from this version to the emitted JSON Schema (each model's file as a value,
    /// as the emitter kept it), as the docs index lists them: `codegen diff`'s markdown.
    fn changes(&self, schema: &Schema, kept: emit::json_schema::Kept) -> String {
        let now = diff::Published::from_kept(schema, kept);
        let changes = diff::compare(&self.published, &now);
        let report =
            diff::DiffReport::new(self.version.clone(), &self.published, &now, changes, Some(self.version.clone()));
        report.markdown_sections(3)
    }
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// The folder of definitions: markdown docs and YAML files in namespace folders, and
    /// an optional `codegen.yaml` with project settings. Default: `schema`.
    pub fn schema_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.schema_dir = dir.into();
        self
    }

    /// The output folder. Rust goes to `src/`, JSON Schema to `json-schema/`, docs to `docs/`
    /// (with the single-file layout, Rust goes to `models.rs` in the folder itself).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// A crate tree (`lib.rs`, a module per namespace, a file per model), or one file.
    pub fn rust_layout(mut self, layout: RustLayout) -> Self {
        self.rust_layout = layout;
        self
    }

    /// Derive `schemars::JsonSchema` only when the generated crate's cargo feature `feature` is on
    /// (`#[cfg_attr(feature = "...", derive(JsonSchema))]`), so users can opt out of schemars.
    /// Default: always derive.
    pub fn schemars_feature(mut self, feature: impl Into<String>) -> Self {
        self.schemars_feature = Some(feature.into());
        self
    }

    /// A markdown file, relative to the generated crate's root, included as the crate docs
    /// (crate layout only). Default: a short generated text.
    pub fn crate_docs(mut self, file: impl Into<String>) -> Self {
        self.crate_docs = Some(file.into());
        self
    }

    /// Whether to emit JSON Schema. Default: yes.
    pub fn json_schema(mut self, yes: bool) -> Self {
        self.json_schema = yes;
        self
    }

    /// Whether to emit markdown docs. Default: yes.
    pub fn docs(mut self, yes: bool) -> Self {
        self.docs = yes;
        self
    }

    /// The command the generated-file header names, e.g. `cargo xtask codegen`.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Fail on warnings too.
    pub fn deny_warnings(mut self, yes: bool) -> Self {
        self.deny_warnings = yes;
        self
    }

    /// Whether a run waits for another run on the same output folder to finish (saying so on
    /// stderr), or fails at once. Default: wait.
    pub fn wait_for_lock(mut self, yes: bool) -> Self {
        self.write.wait = yes;
        self
    }

    /// Test hook: stops the run's transaction as if killed, or fails one of its steps.
    #[doc(hidden)]
    pub fn faults(mut self, faults: write::Faults) -> Self {
        self.write.faults = faults;
        self
    }

    /// The command named in the generated-file header.
    pub fn command_name(&self) -> &str {
        &self.command
    }

    fn header(&self) -> Header {
        Header { command: self.command.clone() }
    }

    /// The settings that every run can check before it reads anything.
    fn check_settings(&self) -> Result<(), Error> {
        let unfit = model::unfit_for_comment_line(&self.command).is_some();
        if self.command.is_empty() || unfit || self.command.contains('`') || self.command.contains("-->") {
            return Err(Error::Setting(format!(
                "the command name {:?} cannot go into the generated-file header: expected one line of text without control characters, backticks or `-->`",
                self.command
            )));
        }
        Ok(())
    }

    /// Reads and checks the definitions and emits every output, in memory.
    pub fn generate(&self) -> Result<(Generated, Diagnostics, Sources), Error> {
        self.generate_reusing(&())
    }

    /// [`Config::generate`], taking Rust files formatted by an earlier run where they fit.
    fn generate_reusing(&self, earlier: &dyn Formatted) -> Result<(Generated, Diagnostics, Sources), Error> {
        self.check_settings()?;
        in_pool(|| {
            let start = Instant::now();
            let mut diags = Diagnostics::default();
            let files = read::list_folder(&self.schema_dir, &mut diags);
            let listed = start.elapsed();
            let mut result = self.generate_from_in_pool(files, &self.schema_dir, diags, earlier);
            if let Ok((generated, _, _)) = &mut result {
                generated.timings.read += listed;
            }
            result
        })
    }

    /// Like [`Config::generate`], from definition files held in memory (diagnostics name them
    /// under `display_root`). A folder the settings name (`previous_version:`) is read relative
    /// to the configured [`Config::schema_dir`].
    pub fn generate_from(
        &self,
        files: Vec<read::InputFile>,
        display_root: &Path,
        diags: Diagnostics,
    ) -> Result<(Generated, Diagnostics, Sources), Error> {
        self.check_settings()?;
        in_pool(|| self.generate_from_in_pool(files, display_root, diags, &()))
    }

    fn generate_from_in_pool(
        &self,
        files: Vec<read::InputFile>,
        display_root: &Path,
        diags: Diagnostics,
        earlier: &dyn Formatted,
    ) -> Result<(Generated, Diagnostics, Sources), Error> {
        let mut timings = Timings::default();
        let checked = self.check_in_pool_with(files, display_root, diags, &mut timings, Some(display_root))?;
        let Checked { schema, warnings, sources, previous } = checked;
        let other_inputs = previous.iter().map(|p| p.dir.clone()).collect();
        let (files, formatted_from) = self.emit(&schema, &mut timings, earlier, previous.as_ref())?;
        Ok((Generated { schema, files, timings, other_inputs, formatted_from }, warnings, sources))
    }

    /// The previous version a run compares with, read from the folder its setting names
    /// (relative to the schema folder: `self.schema_dir`, shown as `display_root`); a folder
    /// that cannot be read is an error at the setting.
    fn read_previous(&self, setting: &model::PreviousVersion, display_root: &Path) -> Result<Previous, Diagnostic> {
        let dir = self.schema_dir.join(&setting.json_schema);
        let shown = display_root.join(&setting.json_schema).display().to_string();
        let unreadable = |why: String| {
            Diagnostic::error(
                setting.json_schema_span,
                format!("cannot read version {}'s published JSON Schema: {why}", setting.version),
            )
            .with_label("the folder of that version's JSON Schema, relative to the schema folder")
            .with_note(format!(
                "expected a folder holding its `{}` and `{}` (or the per-model files), as a run wrote them into `{JSON_SCHEMA_DIR}/`",
                emit::json_schema::INDEX_FILE,
                emit::json_schema::BUNDLE_FILE
            ))
        };
        if !dir.is_dir() {
            return Err(unreadable(format!("`{shown}` is not a folder")));
        }
        let (published, hash) =
            diff::Published::from_published_dir(&dir, &shown).map_err(|e| unreadable(e.to_string()))?;
        if let Some(said) = published.version.as_deref().filter(|v| *v != setting.version) {
            return Err(Diagnostic::error(
                setting.json_schema_span,
                format!("`{shown}` holds version {said}'s JSON Schema, not {}'s", setting.version),
            )
            .with_label(format!("its `{}` says `\"version\": \"{said}\"`", emit::json_schema::INDEX_FILE))
            .with_note("name the folder of the previous version, or give its version"));
        }
        Ok(Previous { version: setting.version.clone(), dir, published, hash })
    }

    /// Reads and checks definition files (on a pool thread): the checked schema, its warnings
    /// and notes, and the sources they refer to.
    pub(crate) fn check_in_pool(
        &self,
        files: Vec<read::InputFile>,
        display_root: &Path,
        diags: Diagnostics,
        timings: &mut Timings,
    ) -> Result<(Schema, Diagnostics, Sources), Error> {
        let checked = self.check_in_pool_with(files, display_root, diags, timings, None)?;
        Ok((checked.schema, checked.warnings, checked.sources))
    }

    /// [`Config::check_in_pool`], and, with `previous_shown_from` (the schema folder as
    /// diagnostics show it), the previous version the settings name, read while the
    /// definitions are checked.
    fn check_in_pool_with(
        &self,
        files: Vec<read::InputFile>,
        display_root: &Path,
        mut diags: Diagnostics,
        timings: &mut Timings,
        previous_shown_from: Option<&Path>,
    ) -> Result<Checked, Error> {
        let mut clock = Instant::now();
        let mut lap = move || {
            let now = Instant::now();
            let d = now - clock;
            clock = now;
            d
        };
        let mut sources = Sources::default();
        let defs = read::read_files(files, display_root, &mut sources, &mut diags);
        timings.read = lap();
        if diags.has_errors() {
            diags.sort();
            return Err(Error::Definitions { diagnostics: diags, sources });
        }
        let setting = defs.settings.previous_version.clone().zip(previous_shown_from);
        let (checked, previous) = rayon_core::join(
            || check::check(defs.models, defs.overlays, defs.settings),
            || setting.map(|(setting, shown)| self.read_previous(&setting, shown)).transpose(),
        );
        let previous = previous.unwrap_or_else(|error| {
            diags.push(error);
            None
        });
        let schema = match checked {
            Ok((schema, warnings)) if !diags.has_errors() => {
                diags.extend(warnings);
                schema
            }
            Ok((_, warnings)) | Err(warnings) => {
                diags.extend(warnings);
                diags.sort();
                return Err(Error::Definitions { diagnostics: diags, sources });
            }
        };
        timings.check = lap();
        diags.sort();
        if self.deny_warnings && diags.warning_count() > 0 {
            diags.items.retain(|d| d.severity != diag::Severity::Note);
            for d in &mut diags.items {
                d.severity = diag::Severity::Error;
            }
            return Err(Error::Definitions { diagnostics: diags, sources });
        }
        if diags.items.iter().all(|d| d.span.is_none()) {
            // Nothing left to show against the sources: free them before the outputs exist.
            sources = Sources::default();
        }
        Ok(Checked { schema, warnings: diags, sources, previous })
    }

    /// The three emitters run side by side (each also spreads its models over the cores), so
    /// that one's serial part (a crate's module files, the bundle, the docs index) overlaps
    /// another's work; each stage's time is its own wall time. The docs index follows the JSON
    /// Schema: the changes since the previous version, which it lists, are the emitted JSON
    /// Schema compared with that version's.
    fn emit(
        &self,
        schema: &Schema,
        timings: &mut Timings,
        earlier: &dyn Formatted,
        previous: Option<&Previous>,
    ) -> Result<Emitted, Error> {
        let header = self.header();
        let rust = || {
            let options = emit::rust::RustOptions {
                layout: self.rust_layout,
                schemars_feature: self.schemars_feature.clone(),
                crate_docs: self.crate_docs.clone(),
            };
            emit::rust::emit(schema, &header, &options, earlier)
        };
        let previous = previous.filter(|_| self.docs);
        // The format cache's name of the docs index's changes section.
        let changes_cache_name = format!("{}{DOCS_DIR}/{}", write::CHANGES, emit::docs_index::INDEX_FILE);
        let json_schema = || {
            if !self.json_schema && previous.is_none() {
                return Ok((Vec::new(), None));
            }
            let (files, kept) = emit::json_schema::emit_keeping(schema, &header, previous.is_some());
            // The changes section as an earlier run wrote it, if it is a function of the same.
            let changes = previous.map(|p| {
                let key = p.changes_key(&files);
                let cached = earlier.text(&changes_cache_name, key);
                (key, cached.unwrap_or_else(|| p.changes(schema, kept)))
            });
            let files = if self.json_schema { files } else { Vec::new() };
            let files = files
                .into_iter()
                .map(|f| GeneratedFile { path: format!("{JSON_SCHEMA_DIR}/{}", f.path), contents: f.contents })
                .collect();
            Ok((files, changes))
        };
        let docs_index = |changes: Option<&str>| {
            let rust_dir = (self.rust_layout == RustLayout::Crate).then(|| format!("../{RUST_DIR}"));
            let since =
                previous.zip(changes).map(|(p, markdown)| emit::docs_index::Changes { since: &p.version, markdown });
            let index =
                emit::docs_index::emit(schema, &header, &format!("../{JSON_SCHEMA_DIR}"), rust_dir.as_deref(), since);
            GeneratedFile { path: format!("{DOCS_DIR}/{}", index.path), contents: index.contents }
        };
        // The JSON Schema, then the docs index (which waits for its changes, if any).
        let json_then_index = || {
            let (json, emit_json_schema) = timed(json_schema);
            let (json, changes) = json?;
            let markdown = changes.as_ref().map(|(_, markdown): &(u128, String)| markdown.as_str());
            let (index, emit_index) = timed(|| self.docs.then(|| docs_index(markdown)));
            Ok::<_, Error>((json, emit_json_schema, index, emit_index, changes.map(|(key, _)| key)))
        };
        let docs = || {
            if !self.docs {
                return Vec::new();
            }
            par_map(&schema.models, |m| {
                GeneratedFile::new(format!("{DOCS_DIR}/{}", m.doc_path), emit::markdown::model_doc(m))
            })
        };
        let ((rust, emit_rust), (json, (docs, emit_docs))) =
            rayon_core::join(|| timed(rust), || rayon_core::join(json_then_index, || timed(docs)));
        let (json_schema, emit_json_schema, index, emit_index, changes_key) = json?;
        timings.emit_rust = emit_rust;
        timings.format = rust.format_time;
        timings.emit_json_schema = emit_json_schema;
        timings.emit_docs = emit_docs + emit_index;
        let mut files = rust.files;
        files.extend(json_schema);
        files.extend(docs);
        files.extend(index);
        let mut formatted_from = rust.formatted_from;
        formatted_from.extend(changes_key.map(|key| (changes_cache_name.clone(), key)));
        Ok((write::with_manifest(files, &header), formatted_from))
    }

    fn managed_dirs(&self) -> Vec<&'static str> {
        let mut dirs = Vec::new();
        if self.rust_layout == RustLayout::Crate {
            dirs.push(RUST_DIR);
            dirs.push(emit::rust::MODEL_LIST_DIR);
        }
        if self.json_schema {
            dirs.push(JSON_SCHEMA_DIR);
        }
        if self.docs {
            dirs.push(DOCS_DIR);
        }
        dirs
    }

    /// Generates and brings the output folder up to date (or, in check mode, reports what is stale).
    ///
    /// The run holds the output folder's lock from before it looks at the folder until it is
    /// done, and first finishes whatever an interrupted run left there. It waits for the lock on
    /// the calling thread, outside the thread pool (call it from outside the pool): a pool
    /// thread that waited there could be the one the holder needs.
    pub fn run(&self, mode: Mode) -> Result<Outcome, Error> {
        let start = Instant::now();
        let out = self.out_dir.clone().ok_or(Error::NoOutDir)?;
        if let Some(docs) = self.crate_docs.as_deref().filter(|_| self.rust_layout == RustLayout::Crate) {
            // The crate includes it with `include_str!` from `src/`: a missing file, or a path
            // that is not relative to the output folder, would only fail its build.
            if Path::new(docs).is_absolute() || !out.join(docs).is_file() {
                return Err(Error::Setting(format!(
                    "the crate docs `{docs}` are not a file in the output folder `{}` (give a path relative to it)",
                    out.display()
                )));
            }
        }
        let managed = self.managed_dirs();
        let guard = write::Guard::open(&out, mode, &self.write).map_err(Error::Write)?;
        // Read once the folder is locked (a folder that does not exist yet has none).
        let cache = write::FormatCache::load(&out);
        // The output folder is listed on another thread while the outputs are generated.
        let (generated, survey) = in_pool(|| {
            rayon_core::join(|| self.generate_reusing(&cache), || guard.as_ref().map(|g| g.survey(&managed)))
        });
        let (Generated { schema, files, timings, other_inputs, formatted_from }, warnings, sources) = generated?;
        let (models, wire_names) = (schema.models.len(), schema.wire_names);
        // Only the files are needed from here on: the model goes before the writer's own memory.
        drop(schema);
        let write_start = Instant::now();
        let (guard, survey) = match (guard, survey) {
            (Some(guard), Some(survey)) => (guard, survey),
            // A folder that did not exist is created only now that there is something to put
            // in it, and surveyed once locked (another run may have filled it meanwhile).
            _ => {
                let guard = write::Guard::create(&out, mode, &self.write).map_err(Error::Write)?;
                let survey = guard.survey(&managed);
                (guard, survey)
            }
        };
        let survey = survey.map_err(Error::Write)?;
        let report = in_pool(|| guard.apply(survey, &files)).map_err(Error::Write)?;
        guard.keep_format_cache(&cache, &files, &formatted_from);
        drop(guard);
        let timings = Timings { write: write_start.elapsed(), ..timings };
        Ok(Outcome { models, other_inputs, wire_names, report, warnings, sources, elapsed: start.elapsed(), timings })
    }

    /// An import of the spec at `spec` (an OpenAPI document or a JSON Schema bundle) into this
    /// configuration's schema folder: see [`import::Import`].
    pub fn import(&self, spec: impl Into<PathBuf>) -> import::Import {
        import::Import::new(spec).schema_dir(&self.schema_dir)
    }

    /// A comparison of this configuration's schema folder, read, checked and emitted as JSON
    /// Schema in memory, with an earlier version: see [`diff::Diff`].
    pub fn diff(&self, against: diff::Against) -> diff::Diff {
        diff::Diff::new(self.clone(), against)
    }

    /// For build scripts: writes the Rust types as one file, `models.rs`, into `OUT_DIR` (or the
    /// folder given with [`Config::out_dir`]), and tells Cargo to rerun when the schema changes.
    pub fn compile(&self) -> Result<Outcome, Error> {
        let mut config = self.clone();
        if config.out_dir.is_none() {
            config.out_dir = Some(std::env::var_os("OUT_DIR").ok_or(Error::NoOutDir)?.into());
        }
        config.rust_layout = RustLayout::SingleFile;
        println!("cargo:rerun-if-changed={}", config.schema_dir.display());
        let outcome = config.run(Mode::Write)?;
        // The previous version's JSON Schema may lie outside the schema folder.
        for dir in &outcome.other_inputs {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        for w in outcome.warnings.items.iter().filter(|w| w.severity == diag::Severity::Warning) {
            println!("cargo:warning={}", w.message);
        }
        Ok(outcome)
    }
}
