//! The writer: only what changed is written, stale generated files go, files the tool did not
//! generate are never touched, check mode writes nothing, and symlinks are not followed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use codegen::{Config, Error, Mode};

fn case_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/yaml-models/schema")
}

/// A fresh folder under the target directory, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn mtimes(root: &Path) -> Vec<(PathBuf, SystemTime)> {
    let files = entries(root).into_iter().map(|e| root.join(e)).filter(|p| p.is_file());
    files.map(|p| (p.clone(), fs::metadata(&p).unwrap().modified().unwrap())).collect()
}

#[test]
fn a_second_run_writes_nothing_and_check_passes() {
    let out = scratch("second-run");
    let config = Config::new().schema_dir(case_schema()).out_dir(&out);
    let first = config.run(Mode::Write).unwrap();
    assert!(!first.report.written.is_empty());
    let before = mtimes(&out);
    std::thread::sleep(Duration::from_millis(20));
    let second = config.run(Mode::Write).unwrap();
    assert!(second.report.written.is_empty(), "{:?}", second.report.written);
    assert_eq!(second.report.unchanged, first.report.written.len());
    assert_eq!(mtimes(&out), before, "no file was touched");
    let check = config.run(Mode::Check).unwrap();
    assert!(check.report.stale.is_empty());
}

#[test]
fn an_edit_rewrites_only_the_files_it_changes_and_check_reports_them() {
    let out = scratch("edit");
    let schema = scratch("edit-schema");
    copy_dir(&case_schema(), &schema);
    let config = Config::new().schema_dir(&schema).out_dir(&out);
    config.run(Mode::Write).unwrap();
    let kind = schema.join("pets/kind.yaml");
    fs::write(&kind, fs::read_to_string(&kind).unwrap().replace("What sort of animal it is.", "The species.")).unwrap();

    let check = config.run(Mode::Check).unwrap();
    let stale: Vec<String> =
        check.report.stale.iter().map(|(p, _)| p.strip_prefix(&out).unwrap().display().to_string()).collect();
    assert!(stale.contains(&"src/pets/kind.rs".to_owned()), "{stale:?}");
    assert!(check.report.stale.iter().any(|(_, diff)| diff.contains("+/// The species.")), "check shows a diff");
    assert!(
        fs::read_to_string(out.join("src/pets/kind.rs")).unwrap().contains("What sort of animal"),
        "check wrote nothing"
    );

    let run = config.run(Mode::Write).unwrap();
    let written: Vec<String> =
        run.report.written.iter().map(|p| p.strip_prefix(&out).unwrap().display().to_string()).collect();
    assert_eq!(written, stale, "writes exactly what check reported");
    assert!(written.iter().all(|p| p.contains("kind") || p.ends_with("bundle.json")), "{written:?}");
}

#[test]
fn files_of_removed_models_are_removed_and_others_left_alone() {
    let out = scratch("removed");
    let schema = scratch("removed-schema");
    copy_dir(&case_schema(), &schema);
    let config = Config::new().schema_dir(&schema).out_dir(&out);
    config.run(Mode::Write).unwrap();
    fs::write(out.join("src/pets/notes.txt"), "mine").unwrap();
    fs::write(out.join("docs/pets/notes.md"), "# My notes\n").unwrap();
    // The union refers to Person; drop both.
    fs::remove_file(schema.join("pets/animal.yaml")).unwrap();
    let person = schema.join("pets/person.yaml");
    fs::remove_file(&person).unwrap();
    let pet = schema.join("pets/pet.yaml");
    fs::write(&pet, fs::read_to_string(&pet).unwrap().replace("type: \"*pets.Person\"", "type: \"*string\"")).unwrap();

    let run = config.run(Mode::Write).unwrap();
    let removed: Vec<String> =
        run.report.removed.iter().map(|p| p.strip_prefix(&out).unwrap().display().to_string()).collect();
    for gone in ["src/pets/person.rs", "json-schema/pets/person.json", "docs/pets/person.md", "src/pets/animal.rs"] {
        assert!(removed.contains(&gone.to_owned()), "{gone} not in {removed:?}");
        assert!(!out.join(gone).exists());
    }
    assert!(out.join("src/pets/notes.txt").exists() && out.join("docs/pets/notes.md").exists());
}

#[test]
fn a_file_without_the_header_is_never_overwritten_and_nothing_is_written() {
    let out = scratch("foreign");
    fs::create_dir_all(out.join("src/pets")).unwrap();
    fs::write(out.join("src/pets/kind.rs"), "// my own code\n").unwrap();
    let err = Config::new().schema_dir(case_schema()).out_dir(&out).run(Mode::Write).unwrap_err();
    let Error::Write(e) = err else { panic!("{err}") };
    assert!(e.to_string().contains("src/pets/kind.rs"), "{e}");
    assert_eq!(fs::read_to_string(out.join("src/pets/kind.rs")).unwrap(), "// my own code\n");
    assert!(!out.join("src/lib.rs").exists(), "a failing run writes nothing");
}

#[test]
fn a_failing_run_changes_nothing() {
    let out = scratch("failing");
    let schema = scratch("failing-schema");
    copy_dir(&case_schema(), &schema);
    let config = Config::new().schema_dir(&schema).out_dir(&out);
    config.run(Mode::Write).unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> =
        mtimes(&out).into_iter().map(|(p, _)| (p.clone(), fs::read(&p).unwrap())).collect();
    fs::write(schema.join("pets/kind.yaml"), "enum: Kind\nvalues: [{ name: KindDog, value: dog }]\ncolour: blue\n")
        .unwrap();
    assert!(matches!(config.run(Mode::Write), Err(Error::Definitions { .. })));
    let after: Vec<(PathBuf, Vec<u8>)> =
        mtimes(&out).into_iter().map(|(p, _)| (p.clone(), fs::read(&p).unwrap())).collect();
    assert_eq!(before, after);
}

#[cfg(unix)]
#[test]
fn symlinks_in_the_output_are_not_followed() {
    let out = scratch("symlink-out");
    let elsewhere = scratch("symlink-elsewhere");
    fs::create_dir_all(out.join("src")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("src/pets")).unwrap();
    let err = Config::new().schema_dir(case_schema()).out_dir(&out).run(Mode::Write).unwrap_err();
    assert!(matches!(err, Error::Write(codegen::write::WriteError::Symlink(_))), "{err}");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_managed_folder_that_is_a_symlink_is_refused_before_it_is_listed() {
    // A link to a folder, and one to a file (listing through it would fail otherwise).
    for (managed, target) in [("src", ""), ("docs", "keep.md")] {
        let out = scratch(&format!("symlinked-{managed}"));
        let elsewhere = scratch(&format!("symlinked-{managed}-elsewhere"));
        fs::write(elsewhere.join("keep.md"), "mine\n").unwrap();
        std::os::unix::fs::symlink(elsewhere.join(target), out.join(managed)).unwrap();
        let err = Config::new().schema_dir(case_schema()).out_dir(&out).run(Mode::Write).unwrap_err();
        assert!(matches!(err, Error::Write(codegen::write::WriteError::Symlink(_))), "{managed}: {err}");
        assert_eq!(entries(&elsewhere), ["keep.md"]);
    }
}

/// Every entry under `root`, files and folders, relative to it.
fn entries(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn new_folders_are_built_aside_and_appear_whole_with_nothing_left_behind() {
    // Into an output folder that does not exist, and beside it a hand-written file.
    let parent = scratch("fresh-tree");
    fs::write(parent.join("keep.txt"), "mine\n").unwrap();
    let out = parent.join("nested/out");
    let config = Config::new().schema_dir(case_schema()).out_dir(&out);
    let first = config.run(Mode::Write).unwrap();
    let listed: Vec<String> = entries(&out).into_iter().filter(|e| out.join(e).is_file()).collect();
    assert_eq!(listed.len(), first.report.written.len(), "{listed:?}");
    let mut expected: Vec<String> = ["keep.txt", "nested", "nested/out"].map(String::from).to_vec();
    expected.extend(entries(&out).into_iter().map(|e| format!("nested/out/{e}")));
    expected.sort();
    assert_eq!(entries(&parent), expected, "only the output, and no staging folder, beside `keep.txt`");
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());

    // One generated folder removed (say `docs/`): it is rebuilt aside and renamed in, the rest
    // is left as it was, and no staging folder stays behind.
    let docs = out.join("docs");
    let removed = entries(&docs).len();
    assert!(removed > 0);
    fs::remove_dir_all(&docs).unwrap();
    let before = entries(&out);
    let second = config.run(Mode::Write).unwrap();
    assert_eq!(second.report.written.iter().filter(|p| p.starts_with(&docs)).count(), second.report.written.len());
    assert!(entries(&out).len() > before.len());
    assert!(!entries(&parent).iter().any(|e| e.ends_with(".tmp")), "{:?}", entries(&parent));
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
}
