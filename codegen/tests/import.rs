//! Data-driven tests of `codegen import`: each folder under `tests/import/` holds a `schema/`,
//! a spec (`openapi.yaml` or `openapi.json`) and `expected/`: the imported overlays the schema
//! folder holds after the import, and `report.txt` (the report, or the error). An import runs
//! on a copy of `schema/`; every other file of it must come out byte for byte as it went in
//! (hand-written overlays, and files in an imported overlay's place that the importer did not
//! write, are never touched); a second import must change nothing. `UPDATE_EXPECT=1 cargo test
//! -p codegen --test import` rewrites the expectations (review the diff before committing).

#[path = "common/tree.rs"]
mod tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::Mode;
use codegen::import::{Import, MARKER};

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let mut cases: Vec<PathBuf> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty());
    cases
}

fn files_under(root: &Path) -> BTreeMap<String, Vec<u8>> {
    tree::files(root).into_iter().map(|(rel, path)| (rel, fs::read(&path).unwrap())).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files_under(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(dest, bytes).unwrap();
    }
}

fn is_ours(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.starts_with(MARKER) && text.lines().any(|l| l.starts_with("imported_from:"))
}

/// A copy of the case's schema folder, one per test (`tag`): the tests run side by side.
fn scratch(case: &Path, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "codegen-import-test-{}-{tag}-{}",
        std::process::id(),
        case.file_name().unwrap().to_str().unwrap()
    ));
    let _ = fs::remove_dir_all(&dir);
    copy_tree(&case.join("schema"), &dir);
    dir
}

fn spec_of(case: &Path) -> PathBuf {
    ["openapi.yaml", "openapi.json"].iter().map(|n| case.join(n)).find(|p| p.exists()).expect("a spec")
}

/// Runs a case's import on a copy of its schema folder: the report (or error), and the folder after.
fn import(case: &Path, dir: &Path, mode: Mode) -> (String, BTreeMap<String, Vec<u8>>) {
    let spec = spec_of(case);
    let name = spec.file_name().unwrap().to_str().unwrap().to_owned();
    let report = match Import::new(&spec).schema_dir(dir).spec_name(name).run(mode) {
        Ok(outcome) => outcome.report,
        Err(e) => format!("{e}\n"),
    };
    (report, files_under(dir))
}

#[test]
fn cases_import_their_expected_overlays() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_str().unwrap().to_owned();
        let before = files_under(&case.join("schema"));
        let dir = scratch(&case, "cases");
        let (report, after) = import(&case, &dir, Mode::Write);
        // Every file not written by the importer is as it was.
        for (rel, bytes) in &before {
            if !is_ours(bytes) && after.get(rel) != Some(bytes) {
                failures.push(format!("{name}: {rel} was not the importer's, and changed or went"));
            }
        }
        let mut got: BTreeMap<String, Vec<u8>> =
            after.into_iter().filter(|(rel, bytes)| is_ours(bytes) || !before.contains_key(rel)).collect();
        got.insert("report.txt".to_owned(), report.into_bytes());
        let expected_dir = case.join("expected");
        if update() {
            let _ = fs::remove_dir_all(&expected_dir);
            for (rel, bytes) in &got {
                let p = expected_dir.join(rel);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, bytes).unwrap();
            }
        } else {
            let expected = files_under(&expected_dir);
            for (rel, bytes) in &got {
                match expected.get(rel) {
                    Some(e) if e == bytes => {}
                    Some(e) => failures.push(format!(
                        "{name}: {rel} differs\n--- expected\n{}\n--- got\n{}",
                        String::from_utf8_lossy(e),
                        String::from_utf8_lossy(bytes)
                    )),
                    None => {
                        failures.push(format!("{name}: {rel} was not expected:\n{}", String::from_utf8_lossy(bytes)))
                    }
                }
            }
            for rel in expected.keys().filter(|r| !got.contains_key(*r)) {
                failures.push(format!("{name}: expected {rel}, which the import did not leave"));
            }
        }
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_reimport_is_a_no_op() {
    for case in cases() {
        let dir = scratch(&case, "again");
        let (_, first) = import(&case, &dir, Mode::Write);
        let spec = spec_of(&case);
        let again =
            Import::new(&spec).schema_dir(&dir).spec_name(spec.file_name().unwrap().to_str().unwrap()).run(Mode::Check);
        if let Ok(outcome) = &again {
            assert!(
                !outcome.changes(),
                "{}: a check after the import wants {:?} {:?}",
                case.display(),
                outcome.written,
                outcome.removed
            );
        }
        let (_, second) = import(&case, &dir, Mode::Write);
        assert_eq!(first, second, "{}: a second import changed the folder", case.display());
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
fn check_mode_writes_nothing_and_sees_what_an_import_would_change() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/basic");
    let dir = scratch(&case, "check");
    let before = files_under(&dir);
    let outcome = Import::new(spec_of(&case)).schema_dir(&dir).run(Mode::Check).unwrap();
    assert!(outcome.changes(), "the first import of `basic` writes overlays");
    assert_eq!(files_under(&dir), before, "check mode wrote");
    let _ = fs::remove_dir_all(&dir);
}
