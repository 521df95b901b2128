//! Runs cases through the tool and compiles every accepted one in one batch crate.
//!
//! Each accepted case becomes two modules of the crate: its crate layout (gated `schemars`, as
//! `generated/` is) at `src/case_N/`, its root `lib.rs` loaded by `#[path]` so that its own
//! modules resolve beside it as in a crate of its own, and its single-file layout (always
//! deriving `JsonSchema`, as a build script's `models.rs`) at `src/single/case_N.rs`. Their
//! `crate::` paths get the module's name put after them. The crate is checked on editions 2021
//! and 2024, with and without its `schemars` feature, documented, and its doctests run; rustc's
//! messages name the file, and so the case, of each error. An error that names no case's file
//! is found by halving the set of cases.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::InputFile;
use codegen::{Config, Diagnostics, Error, GeneratedFile, RustLayout};

/// One input: a schema folder's files, and where it came from.
#[derive(Clone)]
pub struct Case {
    /// The seed (for a generated case) or the regression folder's name.
    pub label: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Why a case failed: what ran, a short kind that tells failures apart, and the full message.
#[derive(Debug, Clone)]
pub struct Failure {
    pub step: &'static str,
    pub kind: String,
    pub message: String,
    /// A warning (the generated crate promises none), not an error.
    pub warning: bool,
}

impl Failure {
    /// What two failures share when they are the same fault: the step's kind of check, the
    /// error code and the message with its quoted names taken out.
    pub fn signature(&self) -> String {
        let step = if self.step.starts_with("check") { "check" } else { self.step };
        format!("{step}: {}", normalize_message(&self.kind))
    }
}

/// A message with the text between backticks replaced by `_`, so that one fault with other
/// names reads the same.
pub fn normalize_message(message: &str) -> String {
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        out.push_str(if i % 2 == 1 { "_" } else { part });
    }
    // The batch crate's module names: `case_12`, `single_12`.
    let out = out.replace("single_", "single/case_");
    let mut plain = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("case_") {
        plain.push_str(&rest[..at + "case_".len()]);
        rest = &rest[at + "case_".len()..];
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            plain.push('N');
        }
    }
    plain.push_str(rest);
    plain
}

/// What the tool made of a case.
pub enum Outcome {
    /// The definitions were refused with diagnostics: fine. The first diagnostic's message.
    Rejected(String),
    Accepted {
        crate_files: Vec<GeneratedFile>,
        single_file: String,
    },
    /// It failed without compiling anything (a panic, two outputs at one path).
    Failed(Failure),
}

fn input_files(case: &Case) -> Vec<InputFile> {
    case.files.iter().map(|(path, bytes)| InputFile { path: path.clone(), bytes: bytes.clone() }).collect()
}

/// Runs the library on a case twice: the crate layout with `schemars` behind a feature, and the
/// single file with it always derived.
pub fn run_tool(case: &Case) -> Outcome {
    let generate = |config: Config| {
        let files = input_files(case);
        let result =
            catch_unwind(AssertUnwindSafe(|| config.generate_from(files, Path::new("schema"), Diagnostics::default())));
        match result {
            Err(panic) => {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Err(Outcome::Failed(Failure {
                    step: "tool",
                    kind: format!("panic: {}", text.lines().next().unwrap_or("")),
                    message: text,
                    warning: false,
                }))
            }
            Ok(Err(Error::Definitions { diagnostics, sources })) => {
                let first = diagnostics.items.first().map(|d| d.message.clone()).unwrap_or_default();
                // Rendering runs over user text too: it must not panic either.
                drop(diagnostics.render(&sources, false, 50));
                Err(Outcome::Rejected(first))
            }
            Ok(Err(e)) => Err(Outcome::Failed(Failure {
                step: "tool",
                kind: "error without diagnostics".to_owned(),
                message: e.to_string(),
                warning: false,
            })),
            Ok(Ok((generated, _, _))) => Ok(generated.files),
        }
    };
    let crate_files = match generate(Config::new().schemars_feature("schemars")) {
        Ok(files) => files,
        Err(outcome) => return outcome,
    };
    let single = match generate(Config::new().rust_layout(RustLayout::SingleFile).json_schema(false).docs(false)) {
        Ok(files) => files,
        Err(Outcome::Rejected(first)) => {
            return Outcome::Failed(Failure {
                step: "tool",
                kind: "the single-file layout refuses what the crate layout accepts".to_owned(),
                message: first,
                warning: false,
            });
        }
        Err(outcome) => return outcome,
    };
    let mut seen = BTreeSet::new();
    for f in &crate_files {
        if !seen.insert(f.path.as_str()) {
            return Outcome::Failed(Failure {
                step: "tool",
                kind: "two outputs at one path".to_owned(),
                message: format!("`{}` is generated twice", f.path),
                warning: false,
            });
        }
    }
    let single_file = single.into_iter().find(|f| f.path == "models.rs").map(|f| f.contents).unwrap_or_default();
    Outcome::Accepted { crate_files, single_file }
}

/// A check of the batch crate.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub name: &'static str,
    edition: &'static str,
    command: &'static [&'static str],
}

/// What the batch crate must pass: the checks of every edition and feature set, clippy (the
/// README promises no warnings), rustdoc and the doctests.
pub const STEPS: &[Step] = &[
    Step { name: "check-2021", edition: "2021", command: &["check", "--message-format=json"] },
    Step {
        name: "check-2021-schemars",
        edition: "2021",

        command: &["check", "--message-format=json", "--features", "schemars"],
    },
    Step { name: "check-2024", edition: "2024", command: &["check", "--message-format=json"] },
    Step {
        name: "clippy-2024-schemars",
        edition: "2024",

        command: &["clippy", "--message-format=json", "--features", "schemars"],
    },
    Step {
        name: "rustdoc",
        edition: "2024",

        command: &["doc", "--no-deps", "--message-format=json", "--features", "schemars"],
    },
    Step { name: "doctest", edition: "2024", command: &["test", "--doc", "--features", "schemars"] },
];

/// The batch crate's folder and its cargo target folder, kept between runs so that the
/// dependencies build once.
pub struct Batch {
    dir: PathBuf,
    target: PathBuf,
    /// Held while the batch lives: two test processes at once (a long run beside `cargo test`)
    /// would otherwise write one folder's cases over the other's.
    _lock: std::fs::File,
}

impl Batch {
    pub fn new(root: &Path) -> Batch {
        let dir = root.join("batch");
        let target = root.join("target");
        std::fs::create_dir_all(&dir).unwrap();
        let lock = std::fs::File::create(root.join("lock")).unwrap();
        lock.lock().unwrap();
        // The workspace's lock pins the generated code's dependencies to the versions the
        // project tests with, and lets the batch build offline once they are fetched.
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        Batch { dir, target, _lock: lock }
    }

    /// Writes the accepted cases' files (index, outcome), replacing what was there.
    pub fn write_cases(&mut self, cases: &[(usize, &Vec<GeneratedFile>, &str)]) {
        let src = self.dir.join("src");
        if src.exists() {
            std::fs::remove_dir_all(&src).unwrap();
        }
        std::fs::create_dir_all(src.join("single")).unwrap();
        for (i, crate_files, single) in cases {
            let module = format!("case_{i}");
            for f in crate_files.iter() {
                let Some(rel) = f.path.strip_prefix("src/") else { continue };
                let path = src.join(&module).join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, nest(&f.contents, &module)).unwrap();
            }
            std::fs::write(src.join(format!("single/case_{i}.rs")), nest(single, &format!("single_{i}"))).unwrap();
        }
    }

    fn write_manifest(&self, step: &Step, active: &BTreeSet<usize>) {
        let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml");
        let generated = std::fs::read_to_string(generated).unwrap();
        // The generated crate's own dependencies, so that the two never drift apart.
        let deps: String = generated
            .split("\n[dependencies]\n")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .expect("generated/Cargo.toml has [dependencies]")
            .to_owned();
        let manifest = format!(
            "[package]\nname = \"generative-batch\"\nversion = \"0.0.0\"\nedition = \"{}\"\npublish = false\n\n\
             [workspace]\n\n[features]\nschemars = [\"dep:schemars\"]\n\n[dependencies]\n{deps}\n\n\
             [profile.dev]\ndebug = false\n",
            step.edition
        );
        write_if_changed(&self.dir.join("Cargo.toml"), &manifest);
        let mut lib = String::from("//! Cases of the generative test, a module each.\n\n");
        for i in active {
            writeln!(lib, "#[path = \"case_{i}/lib.rs\"]\npub mod case_{i};").unwrap();
            writeln!(lib, "#[cfg(feature = \"schemars\")]\n#[path = \"single/case_{i}.rs\"]\npub mod single_{i};")
                .unwrap();
        }
        write_if_changed(&self.dir.join("src/lib.rs"), &lib);
    }

    /// Runs one step over the active cases: the failures it could pin on cases, and whether it
    /// failed with an error it could not (`Some(output)`).
    fn run_step(&self, step: &Step, active: &BTreeSet<usize>) -> (Vec<(usize, Failure)>, Option<String>) {
        self.write_manifest(step, active);
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .args(step.command)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTDOCFLAGS")
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut found = Vec::new();
        if step.name == "doctest" {
            found.extend(doctest_failures(&stdout));
        }
        let mut errors_pinned = false;
        for line in stdout.lines().filter(|l| l.starts_with('{')) {
            let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            if msg["reason"] != "compiler-message" {
                continue;
            }
            let m = &msg["message"];
            let level = m["level"].as_str().unwrap_or("");
            if level != "error" && level != "warning" {
                continue;
            }
            let text = m["message"].as_str().unwrap_or("");
            let Some(case) = case_of_message(m) else { continue };
            let code = m["code"]["code"].as_str().unwrap_or("");
            let kind = if code.is_empty() { text.to_owned() } else { format!("{code} {text}") };
            errors_pinned |= level == "error";
            found.push((
                case,
                Failure {
                    step: step.name,
                    kind,
                    message: m["rendered"].as_str().unwrap_or(text).to_owned(),
                    warning: level == "warning",
                },
            ));
        }
        let pinned_errors = found.iter().any(|(_, f)| !f.warning) || errors_pinned;
        let unpinned = (!output.status.success() && !pinned_errors).then(|| {
            let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
            let out_tail: Vec<&str> = stdout.lines().filter(|l| !l.starts_with('{')).rev().take(40).collect();
            format!(
                "{}\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
                out_tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            )
        });
        (found, unpinned)
    }

    /// Runs every step; a case that fails one with an error leaves the batch for the steps after
    /// it (and the step is run again without it, as one case's error can hide another's).
    pub fn check(
        &self,
        cases: &BTreeSet<usize>,
        steps: &[Step],
        log: &mut dyn FnMut(&str),
    ) -> BTreeMap<usize, Vec<Failure>> {
        let mut failures: BTreeMap<usize, Vec<Failure>> = BTreeMap::new();
        let mut active = cases.clone();
        for step in steps {
            loop {
                if active.is_empty() {
                    break;
                }
                let start = std::time::Instant::now();
                let (found, unpinned) = self.run_step(step, &active);
                log(&format!("{} on {} cases: {:.1?}", step.name, active.len(), start.elapsed()));
                let mut out = BTreeSet::new();
                for (case, failure) in found {
                    if !active.contains(&case) {
                        continue;
                    }
                    if !failure.warning {
                        out.insert(case);
                    }
                    let list = failures.entry(case).or_default();
                    if !list.iter().any(|f| f.kind == failure.kind && f.warning == failure.warning) {
                        list.push(failure);
                    }
                }
                if let Some(output) = unpinned {
                    // An error in no case's file: halve the set until one case shows it.
                    let culprit = self.bisect(step, &active, log);
                    failures.entry(culprit).or_default().push(Failure {
                        step: step.name,
                        kind: first_error_line(&output),
                        message: output,
                        warning: false,
                    });
                    out.insert(culprit);
                }
                if out.is_empty() {
                    break;
                }
                active.retain(|c| !out.contains(c));
            }
        }
        failures
    }

    fn bisect(&self, step: &Step, set: &BTreeSet<usize>, log: &mut dyn FnMut(&str)) -> usize {
        let mut set: Vec<usize> = set.iter().copied().collect();
        while set.len() > 1 {
            let half: BTreeSet<usize> = set[..set.len() / 2].iter().copied().collect();
            let (found, unpinned) = self.run_step(step, &half);
            log(&format!("{}: halving, {} cases", step.name, half.len()));
            if unpinned.is_some() || found.iter().any(|(_, f)| !f.warning) {
                set.truncate(set.len() / 2);
            } else {
                set.drain(..set.len() / 2);
            }
        }
        set[0]
    }
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

/// The first line that says `error`, for a failure's kind.
fn first_error_line(output: &str) -> String {
    output
        .lines()
        .find(|l| l.trim_start().starts_with("error"))
        .unwrap_or_else(|| output.lines().next().unwrap_or("cargo failed"))
        .trim()
        .to_owned()
}

/// A generated file's text as a module of the batch crate: `crate::` paths (outside comments;
/// in strings a change does no harm) lead into the case's module.
pub fn nest(text: &str, module: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            out.push_str(&rest[..at + "crate::".len()]);
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '#') {
                out.push_str(module);
                out.push_str("::");
            }
            rest = &rest[at + "crate::".len()..];
        }
        out.push_str(rest);
    }
    out
}

/// The case a file of the batch crate belongs to.
fn case_of_path(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("src/")?;
    let rest = rest.strip_prefix("single/").unwrap_or(rest);
    let digits: String = rest.strip_prefix("case_")?.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The case a compiler message is about: the first span (its own or a child's) in a case's file.
fn case_of_message(m: &serde_json::Value) -> Option<usize> {
    let spans = m["spans"].as_array().into_iter().flatten();
    let children =
        m["children"].as_array().into_iter().flatten().flat_map(|c| c["spans"].as_array().into_iter().flatten());
    spans.chain(children).find_map(|s| {
        let mut s = s;
        // A span in a macro's expansion: where it was called from.
        while let Some(file) = s["file_name"].as_str() {
            if let Some(case) = case_of_path(file) {
                return Some(case);
            }
            if s["expansion"]["span"].is_object() {
                s = &s["expansion"]["span"];
            } else {
                break;
            }
        }
        None
    })
}

/// The failing doctests of `cargo test --doc`'s report, by case.
fn doctest_failures(stdout: &str) -> Vec<(usize, Failure)> {
    let mut out: Vec<(usize, Failure)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut flush = |current: &mut Option<(usize, String)>| {
        if let Some((case, text)) = current.take() {
            let kind = text
                .lines()
                .find(|l| l.starts_with("error"))
                .map(|l| format!("doctest fails: {l}"))
                .unwrap_or_else(|| "doctest fails".to_owned());
            out.push((case, Failure { step: "doctest", kind, message: text, warning: false }));
        }
    };
    for line in stdout.lines() {
        if let Some(head) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----")) {
            flush(&mut current);
            if let Some(case) = case_of_path(head.split(" - ").next().unwrap_or("")) {
                current = Some((case, format!("{head}\n")));
            }
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            flush(&mut current);
            continue;
        }
        if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        }
    }
    flush(&mut current);
    out
}

/// A schema folder's files as the test prints them: each path, then its text, with control and
/// invisible characters escaped (`\r`, `\u{202e}`), and long texts cut.
pub fn show_files(files: &[(String, Vec<u8>)]) -> String {
    let mut out = String::new();
    for (path, bytes) in files {
        writeln!(out, "--- {path}").unwrap();
        let text = String::from_utf8_lossy(bytes);
        for (i, c) in text.chars().enumerate() {
            if i == 3000 {
                out.push_str("[... cut]");
                break;
            }
            match c {
                '\n' | '\t' | '\\' | '"' | '\'' => out.push(c),
                c => out.extend(c.escape_debug()),
            }
        }
        out.push('\n');
    }
    out
}

/// Reads a regression folder's `schema/` into a case.
pub fn read_folder(label: &str, schema: &Path) -> Case {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(schema, schema, &mut files);
    Case { label: label.to_owned(), files }
}

/// Writes a case's files into `dir/schema/` (replacing what was there) and its label into
/// `dir/label.txt`.
pub fn write_folder(dir: &Path, case: &Case) {
    let schema = dir.join("schema");
    if schema.exists() {
        std::fs::remove_dir_all(&schema).unwrap();
    }
    std::fs::create_dir_all(&schema).unwrap();
    for (path, bytes) in &case.files {
        let path = schema.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(dir.join("label.txt"), &case.label).unwrap();
}

/// Writes a case as a regression folder: `schema/` and `found.txt` (what it failed with when
/// it was found). `found.txt` starts with the failure's signature, a line each if a folder shows
/// several, then a blank line.
pub fn save(dir: &Path, case: &Case, failure: &Failure) {
    write_folder(dir, case);
    std::fs::remove_file(dir.join("label.txt")).unwrap();
    let found = format!(
        "{}\n\nfound by seed {} in step `{}`:\n\n{}\n",
        failure.signature(),
        case.label,
        failure.step,
        failure.message
    );
    std::fs::write(dir.join("found.txt"), found).unwrap();
}

/// A folder name for a failure: its signature's words, short.
pub fn slug(failure: &Failure) -> String {
    let mut out = String::new();
    for c in failure.signature().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}
