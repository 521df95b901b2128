//! The writer: only what changed is written, stale generated files go, files the tool did not
//! generate are never touched (a mention of `@generated` or a line added to the manifest does
//! not make a file the tool's), check mode writes nothing, symlinks are not followed, a run that
//! is killed or fails while writing leaves the old tree or the new one, and runs on one folder
//! take turns.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use codegen::internals::write::Faults;
use codegen::{Config, Error, Mode};
use codegen::{Foreign, WriteError};

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

/// A fresh folder for a test that rebuilds a tree at each step of a run, thousands of files
/// created and deleted: in memory where the system has such a file system (`/dev/shm`), since
/// that churn slows a disk's file system, and every other test on it, for minutes. The test
/// removes it at its end.
fn step_scratch(name: &str) -> Scratch {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return Scratch(scratch(name));
    }
    let dir = shm.join(format!("codegen-writer-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// A folder removed when the test ends, however it ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
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

/// The mtime of every file under `root` but the tool's own folder (whose lock names the last run).
fn mtimes(root: &Path) -> Vec<(PathBuf, SystemTime)> {
    let files = outputs(root).into_iter().map(|e| root.join(e)).filter(|p| p.is_file());
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
    let expected = |p: &String| p.contains("kind") || p.ends_with("bundle.json") || p == ".codegen-manifest";
    assert!(written.iter().all(expected), "{written:?}");
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
    // The unions refer to Person; drop them all.
    drop_person(&schema);

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
    assert!(matches!(err, Error::Write(codegen::WriteError::Symlink(_))), "{err}");
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
        assert!(matches!(err, Error::Write(codegen::WriteError::Symlink(_))), "{managed}: {err}");
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
    let listed: Vec<String> = outputs(&out).into_iter().filter(|e| out.join(e).is_file()).collect();
    assert_eq!(listed.len(), first.report.written.len(), "{listed:?}");
    assert_eq!(litter(&out), Vec::<String>::new());
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
    assert_eq!(litter(&out), Vec::<String>::new());
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
}

/// Every entry under `root` but the tool's own folder, `.codegen/` (none if `root` does not exist).
fn outputs(root: &Path) -> Vec<String> {
    if !root.exists() {
        return Vec::new();
    }
    entries(root).into_iter().filter(|e| e != ".codegen" && !e.starts_with(".codegen/")).collect()
}

/// What the tool's own folder holds besides its lock: nothing, between runs.
fn litter(root: &Path) -> Vec<String> {
    let state = root.join(".codegen");
    if !state.exists() {
        return Vec::new();
    }
    // The lock, the marker and the format cache stay between runs (a run killed while it
    // replaces the cache may leave the replacement, which the next write run overwrites).
    let kept = ["lock", ".gitignore", "format-cache", "format-cache.new"];
    entries(&state).into_iter().filter(|e| !kept.contains(&e.as_str())).collect()
}

type Tree = BTreeMap<String, Option<Vec<u8>>>;

/// The tree under `root`, the tool's own folder left out: folders as `None`, files with their bytes.
fn tree(root: &Path) -> Tree {
    let read = |e: &String| root.join(e).is_file().then(|| fs::read(root.join(e)).unwrap());
    outputs(root).into_iter().map(|e| (read(&e), e)).map(|(bytes, e)| (e, bytes)).collect()
}

/// The files of a tree, without its folders.
fn files(tree: &Tree) -> BTreeMap<&String, &Vec<u8>> {
    tree.iter().filter_map(|(path, bytes)| Some((path, bytes.as_ref()?))).collect()
}

/// Asserts that two trees are equal, showing only the paths where they differ.
macro_rules! assert_tree_eq {
    ($left:expr, $right:expr) => {
        assert_tree_eq!($left, $right, "")
    };
    ($left:expr, $right:expr, $($context:tt)+) => {{
        let (left, right): (&Tree, &Tree) = (&$left, &$right);
        if left != right {
            let paths: std::collections::BTreeSet<&String> = left.keys().chain(right.keys()).collect();
            let differ: Vec<&&String> = paths.iter().filter(|p| left.get(**p) != right.get(**p)).collect();
            panic!("trees differ at {differ:?}: {}", format!($($context)+));
        }
    }};
}

/// The paths where `tree` differs from both `a` and `b`, to show when it is neither.
fn neither(tree: &Tree, a: &Tree, b: &Tree) -> Vec<String> {
    let paths: std::collections::BTreeSet<&String> = tree.keys().chain(a.keys()).chain(b.keys()).collect();
    let differs = |t: &Tree, p: &String| tree.get(p) != t.get(p);
    paths.into_iter().filter(|p| differs(a, p) && differs(b, p)).cloned().collect()
}

/// Asserts that the tree under `out` is `a` or `b`, and that the tool's folder holds only its lock.
fn assert_old_or_new(out: &Path, a: &Tree, b: &Tree, context: &str) {
    let after = tree(out);
    assert!(after == *a || after == *b, "{context}: {:?}", neither(&after, a, b));
    assert_eq!(litter(out), Vec::<String>::new(), "{context}");
}

fn struct_yaml(name: &str, description: &str) -> String {
    format!("struct: {name}\ndescription: {description}\nfields:\n  - {{ name: Name, type: string, required: true }}\n")
}

/// Two versions of a small schema. The new one changes a model (its files are replaced), drops
/// one (removed), drops a whole namespace (removed, with its folders), adds a model beside the
/// others (new files in existing folders) and a namespace (new folders).
fn two_schemas(base: &Path) -> (PathBuf, PathBuf) {
    let (old, new) = (base.join("old-schema"), base.join("new-schema"));
    for (schema, models) in [
        (
            &old,
            vec![
                ("zoo/lion", "A lion."),
                ("zoo/tiger", "A tiger."),
                ("zoo/bear", "A bear."),
                ("aviary/owl", "An owl."),
            ],
        ),
        (
            &new,
            vec![
                ("zoo/lion", "A lion, renamed Leo."),
                ("zoo/bear", "A bear."),
                ("zoo/wolf", "A wolf."),
                ("farm/goat", "A goat."),
            ],
        ),
    ] {
        for (path, description) in models {
            let file = schema.join(format!("{path}.yaml"));
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            let name = path.rsplit('/').next().unwrap();
            let name = name[..1].to_uppercase() + &name[1..];
            fs::write(file, struct_yaml(&name, description)).unwrap();
        }
    }
    (old, new)
}

fn run_with(schema: &Path, out: &Path, faults: Faults) -> Result<codegen::Outcome, Error> {
    Config::new().schema_dir(schema).out_dir(out).faults(faults).run(Mode::Write)
}

/// The old and the new tree of [`two_schemas`], and the old one's folder, to copy.
struct States {
    old_schema: PathBuf,
    new_schema: PathBuf,
    old_out: PathBuf,
    old: Tree,
    new: Tree,
}

fn states(base: &Path) -> States {
    let (old_schema, new_schema) = two_schemas(base);
    let (old_out, new_out) = (base.join("old"), base.join("new"));
    run_with(&old_schema, &old_out, Faults::default()).unwrap();
    run_with(&new_schema, &new_out, Faults::default()).unwrap();
    let (old, new) = (tree(&old_out), tree(&new_out));
    assert!(old.contains_key("src/aviary/owl.rs") && new.contains_key("src/farm/goat.rs"));
    States { old_schema, new_schema, old_out, old, new }
}

impl States {
    /// `out` as the old state (or, `from_scratch`, not there at all), and that state's tree.
    fn set_up(&self, out: &Path, from_scratch: bool) -> Tree {
        let _ = fs::remove_dir_all(out);
        if from_scratch {
            Tree::new()
        } else {
            copy_dir(&self.old_out, out);
            self.old.clone()
        }
    }
}

/// Calls `attempt` with step 0, 1, 2... until it says three times in a row that the run got
/// past its last step.
fn every_step(mut attempt: impl FnMut(usize) -> bool) {
    let (mut step, mut past_the_end) = (0, 0);
    while past_the_end < 3 {
        past_the_end = if attempt(step) { past_the_end + 1 } else { 0 };
        step += 1;
    }
    assert!(step > 25, "a run of that many changes takes more steps than {step}");
}

#[test]
fn a_run_killed_at_any_step_leaves_the_old_tree_or_the_new_one_once_the_next_run_recovers() {
    let base = step_scratch("killed");
    let s = states(&base);
    let out = base.join("out");
    for from_scratch in [false, true] {
        every_step(|step| {
            let before = s.set_up(&out, from_scratch);
            match run_with(&s.new_schema, &out, Faults { kill_at: Some(step), fail_at: None, ..Faults::default() }) {
                Ok(_) => {
                    assert_tree_eq!(tree(&out), s.new);
                    assert_eq!(litter(&out), Vec::<String>::new());
                    return true;
                }
                Err(Error::Write(WriteError::Interrupted)) => {}
                Err(e) => panic!("step {step}: {e}"),
            }
            // A journal means the run was committed: check mode refuses the half-applied tree,
            // and the next run finishes it.
            let committed = out.join(".codegen/journal").exists();
            let check = Config::new().schema_dir(&s.new_schema).out_dir(&out).run(Mode::Check);
            if committed {
                let Err(Error::Write(e @ WriteError::Unfinished(_))) = check else { panic!("step {step}: {check:?}") };
                assert!(e.to_string().contains("interrupted"), "{e}");
            }
            let recovered = codegen::internals::write::recover(&out).unwrap();
            let after = tree(&out);
            let expected = if committed { &s.new } else { &before };
            assert!(
                after == *expected || after == s.new,
                "step {step} ({recovered:?}): {:?}",
                neither(&after, &before, &s.new)
            );
            assert_eq!(litter(&out), Vec::<String>::new(), "step {step}");
            // Whatever the killed run left, the next one ends where it should.
            run_with(&s.new_schema, &out, Faults::default()).unwrap();
            assert_tree_eq!(tree(&out), s.new, "step {step}");
            false
        });
    }
}

#[test]
fn a_write_error_partway_puts_back_every_file_already_written() {
    let base = step_scratch("failed");
    let s = states(&base);
    let out = base.join("out");
    for from_scratch in [false, true] {
        every_step(|step| {
            let before = s.set_up(&out, from_scratch);
            match run_with(&s.new_schema, &out, Faults { kill_at: None, fail_at: Some(step), ..Faults::default() }) {
                // Past the end of the run, or in a last step that may fail (an emptied folder,
                // or the staging folder, which stays for the next run to remove).
                Ok(_) => {
                    let after = tree(&out);
                    assert!(files(&after) == files(&s.new), "step {step}: {:?}", neither(&after, &s.new, &s.new));
                    true
                }
                Err(e) => {
                    let message = e.to_string();
                    assert!(message.contains("injected fault"), "step {step}: {message}");
                    assert_tree_eq!(tree(&out), before, "step {step}: {message}");
                    assert!(!out.join(".codegen/journal").exists(), "step {step}");
                    assert_eq!(litter(&out), Vec::<String>::new(), "step {step}");
                    false
                }
            }
        });
    }
}

#[test]
fn a_run_killed_while_it_puts_files_back_is_put_back_or_finished_by_the_next() {
    let base = step_scratch("failed-then-killed");
    let s = states(&base);
    let out = base.join("out");
    let mut rolled_back = 0;
    // One step of every few fails; each later step then stops the run, as a kill would.
    for fail in (0..).step_by(7) {
        let before = s.set_up(&out, false);
        match run_with(&s.new_schema, &out, Faults { kill_at: None, fail_at: Some(fail), ..Faults::default() }) {
            Err(Error::Write(WriteError::RolledBack(_))) => rolled_back += 1,
            Err(_) => continue,
            Ok(_) => break,
        }
        for kill in fail + 1.. {
            s.set_up(&out, false);
            let result =
                run_with(&s.new_schema, &out, Faults { kill_at: Some(kill), fail_at: Some(fail), ..Faults::default() });
            codegen::internals::write::recover(&out).unwrap();
            assert_old_or_new(&out, &before, &s.new, &format!("fail {fail}, kill {kill}"));
            if !matches!(result, Err(Error::Write(WriteError::Interrupted))) {
                break;
            }
        }
    }
    assert!(rolled_back >= 3, "{rolled_back}");
}

/// The files and folders under `root` with their bytes, the tool's own folder left out, for
/// asserting that a run changed nothing.
fn generate(schema: &Path, out: &Path) -> Config {
    let config = Config::new().schema_dir(schema).out_dir(out);
    config.run(Mode::Write).unwrap();
    config
}

#[test]
fn a_file_that_merely_mentions_generated_is_never_removed_nor_called_stale() {
    let out = scratch("mentions");
    let config = generate(&case_schema(), &out);
    let mine = [
        ("src/proto.rs", "// This file is @generated by prost-build.\npub struct Proto;\n"),
        ("docs/notes.md", "# Notes\n\nWhy we keep @generated files out of review.\n"),
        ("src/pets/late.rs", "//! Mine.\n// @generated by `codegen`; do not edit by hand.\n"),
        (
            "json-schema/mine.json",
            "{\n  \"title\": \"Mine\",\n  \"$comment\": \"@generated by `codegen`; do not edit by hand.\"\n}\n",
        ),
        ("docs/pets/rust-header.md", "// @generated by `codegen`; do not edit by hand.\n"),
    ];
    for (path, text) in mine {
        fs::write(out.join(path), text).unwrap();
    }
    let check = config.run(Mode::Check).unwrap();
    assert!(check.report.stale.is_empty(), "{:?}", check.report.stale);
    let run = config.run(Mode::Write).unwrap();
    assert!(run.report.removed.is_empty() && run.report.written.is_empty(), "{:?}", run.report);
    for (path, text) in mine {
        assert_eq!(fs::read_to_string(out.join(path)).unwrap(), text, "{path}");
    }

    // Where an output must go, such a file stops the run before anything is written.
    fs::write(out.join("src/pets/kind.rs"), "// This file is @generated by prost-build.\n").unwrap();
    fs::write(out.join("src/lib.rs"), "// @generated by `an older codegen`; do not edit by hand.\n").unwrap();
    let before = tree(&out);
    let err = config.run(Mode::Write).unwrap_err();
    let Error::Write(WriteError::NotGenerated(paths)) = &err else { panic!("{err}") };
    assert_eq!(paths, &[(out.join("src/pets/kind.rs"), Foreign::NoHeader)]);
    assert!(err.to_string().contains("does not start with the generator's `@generated by` line"), "{err}");
    assert_tree_eq!(tree(&out), before);
}

/// `.codegen-manifest`, with `line` added at its end.
fn add_to_manifest(out: &Path, line: &str) {
    let manifest = out.join(".codegen-manifest");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(manifest, format!("{text}{line}\n")).unwrap();
}

#[test]
fn a_line_added_to_the_manifest_does_not_make_a_file_the_tools() {
    let out = scratch("manifest-line");
    let config = generate(&case_schema(), &out);
    fs::write(out.join("src/mine.rs"), "pub fn mine() {}\n").unwrap();
    fs::write(out.join("docs/mine.md"), "# Mine\n").unwrap();
    add_to_manifest(&out, "src/mine.rs");
    add_to_manifest(&out, &format!("{}  docs/mine.md", "0".repeat(32)));
    let run = config.run(Mode::Write).unwrap();
    assert!(run.report.removed.is_empty(), "{:?}", run.report.removed);
    assert_eq!(run.report.written, [out.join(".codegen-manifest")], "the edited manifest is rewritten");
    let kept: Vec<&PathBuf> = run.report.kept.iter().map(|(p, _)| p).collect();
    assert_eq!(kept, [&out.join("docs/mine.md"), &out.join("src/mine.rs")]);
    assert_eq!(fs::read_to_string(out.join("src/mine.rs")).unwrap(), "pub fn mine() {}\n");
    assert_eq!(fs::read_to_string(out.join("docs/mine.md")).unwrap(), "# Mine\n");
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
}

/// A copy of the fixture's schema in `dir`, and a config writing it to `out`.
fn own_schema(dir: &Path, out: &Path) -> (PathBuf, Config) {
    let schema = dir.join("schema");
    copy_dir(&case_schema(), &schema);
    let config = generate(&schema, out);
    (schema, config)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

/// Drops `Person`, and the two unions that hold it (`Animal`, `Nickname`) with it.
fn drop_person(schema: &Path) {
    for file in ["animal", "person", "nickname"] {
        fs::remove_file(schema.join(format!("pets/{file}.yaml"))).unwrap();
    }
    let pet = schema.join("pets/pet.yaml");
    edit(&pet, "type: \"*pets.Person\"", "type: \"*string\"");
    edit(&pet, "type: \"*pets.Nickname\"", "type: interface{}");
    edit(&schema.join("pets/pet_patch.yaml"), "type: \"*pets.Person\"", "type: \"*string\"");
}

#[test]
fn a_model_doc_changed_by_hand_is_never_overwritten_nor_removed() {
    let dir = scratch("changed-doc");
    let out = dir.join("out");
    let (schema, config) = own_schema(&dir, &out);
    let kind_doc = out.join("docs/pets/kind.md");
    fs::write(&kind_doc, fs::read_to_string(&kind_doc).unwrap() + "\nMy own note.\n").unwrap();
    // Unchanged in the schema: the edited doc is stale, and left alone.
    edit(&schema.join("pets/kind.yaml"), "What sort of animal it is.", "The species.");
    let before = tree(&out);
    let err = config.run(Mode::Write).unwrap_err();
    let Error::Write(WriteError::NotGenerated(paths)) = &err else { panic!("{err}") };
    assert_eq!(paths, &[(kind_doc.clone(), Foreign::Changed)]);
    assert!(err.to_string().contains("changed since it was generated"), "{err}");
    assert_tree_eq!(tree(&out), before);

    // No longer generated: kept, and said so.
    edit(&schema.join("pets/kind.yaml"), "The species.", "What sort of animal it is.");
    let person_doc = out.join("docs/pets/person.md");
    fs::write(&person_doc, "# Person\n\nMine now.\n").unwrap();
    fs::write(&kind_doc, before[&"docs/pets/kind.md".to_owned()].as_ref().unwrap()).unwrap();
    edit(&kind_doc, "\nMy own note.\n", "");
    drop_person(&schema);
    let run = config.run(Mode::Write).unwrap();
    assert!(run.report.removed.contains(&out.join("src/pets/person.rs")), "{:?}", run.report.removed);
    assert!(!run.report.removed.contains(&person_doc));
    assert_eq!(run.report.kept, [(person_doc.clone(), Foreign::Changed)]);
    assert_eq!(fs::read_to_string(&person_doc).unwrap(), "# Person\n\nMine now.\n");
}

/// Rewrites `.codegen-manifest` as the older format wrote it: paths without hashes.
fn to_old_manifest(out: &Path) {
    let manifest = out.join(".codegen-manifest");
    let text = fs::read_to_string(&manifest).unwrap();
    let mut lines = text.lines();
    let mut old = format!("{}\n# Generated files that cannot carry that header themselves:\n", lines.next().unwrap());
    for line in lines.skip(1) {
        old.push_str(line.split_once("  ").unwrap().1);
        old.push('\n');
    }
    fs::write(manifest, old).unwrap();
}

#[test]
fn an_older_manifest_without_hashes_proves_only_what_equals_the_new_output() {
    let dir = scratch("old-manifest");
    let out = dir.join("out");
    let (schema, config) = own_schema(&dir, &out);
    let current = fs::read_to_string(out.join(".codegen-manifest")).unwrap();
    // Files equal to what would be written: the manifest alone is upgraded.
    to_old_manifest(&out);
    let run = config.run(Mode::Write).unwrap();
    assert_eq!(run.report.written, [out.join(".codegen-manifest")]);
    assert_eq!(fs::read_to_string(out.join(".codegen-manifest")).unwrap(), current);

    // A doc that would change: refused, since nothing proves the tool wrote what is there.
    to_old_manifest(&out);
    edit(&schema.join("pets/kind.yaml"), "What sort of animal it is.", "The species.");
    let err = config.run(Mode::Write).unwrap_err();
    let Error::Write(WriteError::NotGenerated(paths)) = &err else { panic!("{err}") };
    assert_eq!(paths, &[(out.join("docs/pets/kind.md"), Foreign::Unproven)]);
    edit(&schema.join("pets/kind.yaml"), "The species.", "What sort of animal it is.");

    // A doc no longer generated: kept; the Rust file beside it has the header and goes.
    fs::remove_file(schema.join("pets/animal.yaml")).unwrap();
    let run = config.run(Mode::Write).unwrap();
    assert!(run.report.removed.contains(&out.join("src/pets/animal.rs")));
    assert_eq!(run.report.kept, [(out.join("docs/pets/animal.md"), Foreign::Unproven)]);
    assert!(out.join("docs/pets/animal.md").exists());
}

fn codegen_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
}

/// The binary writing `schema` into `out`, started.
fn spawn(schema: &Path, out: &Path, extra: &[&str]) -> std::process::Child {
    let mut command = codegen_bin();
    command.arg("--schema").arg(schema).arg("--out").arg(out).args(extra);
    command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
}

#[test]
fn a_second_run_waits_for_the_lock_and_says_who_holds_it() {
    let out = scratch("locked");
    generate(&case_schema(), &out);
    let lock_path = out.join(".codegen/lock");
    let lock = fs::OpenOptions::new().read(true).write(true).open(&lock_path).unwrap();
    lock.lock().unwrap();
    fs::write(&lock_path, "process 42 (the test)").unwrap();

    for mode in [Mode::Write, Mode::Check] {
        let config = Config::new().schema_dir(case_schema()).out_dir(&out).wait_for_lock(false);
        let err = config.run(mode).unwrap_err();
        assert!(matches!(err, Error::Write(WriteError::Locked { .. })), "{err}");
        let message = err.to_string();
        assert!(message.contains("process 42 (the test)") && message.contains(&*out.to_string_lossy()), "{message}");
    }

    let mut child = spawn(&case_schema(), &out, &[]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "the run waits while the lock is held");
    lock.unlock().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("Blocking waiting for file lock on") && stderr.contains("process 42 (the test)"),
        "{stderr}"
    );

    // Check runs share the lock: one held for reading lets another check run at once.
    lock.lock_shared().unwrap();
    let config = Config::new().schema_dir(case_schema()).out_dir(&out).wait_for_lock(false);
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
    assert!(matches!(config.run(Mode::Write), Err(Error::Write(WriteError::Locked { .. }))));
}

/// Rounds of two runs at once into `out`, of the old and the new schema (each first in turn),
/// half of them into a folder that does not exist yet: each must end in one schema's whole
/// output.
fn rounds_at_once(s: &States, out: &Path, rounds: usize, pair: impl Fn(&Path, &Path)) {
    for round in 0..rounds {
        if round % 2 == 0 {
            let _ = fs::remove_dir_all(out);
        }
        let (first, second) =
            if round % 4 < 2 { (&s.old_schema, &s.new_schema) } else { (&s.new_schema, &s.old_schema) };
        pair(first, second);
        assert_old_or_new(out, &s.old, &s.new, &format!("round {round}"));
    }
}

#[test]
fn runs_at_once_on_one_folder_end_in_one_schemas_whole_output() {
    let base = scratch("concurrent");
    let s = states(&base);
    let out = base.join("out");
    rounds_at_once(&s, &out, 8, |first, second| {
        for run in [spawn(first, &out, &[]), spawn(second, &out, &[])] {
            let output = run.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{stderr}");
            assert!(!stderr.contains("os error"), "{stderr}");
        }
    });
}

#[test]
fn runs_at_once_in_one_process_take_turns_without_holding_up_the_thread_pool() {
    let base = step_scratch("threads");
    let s = states(&base);
    let out = base.join("out");
    rounds_at_once(&s, &out, 6, |first, second| {
        std::thread::scope(|scope| {
            let runs = [first, second].map(|schema| scope.spawn(|| run_with(schema, &out, Faults::default())));
            for run in runs {
                run.join().unwrap().unwrap();
            }
        });
    });
}

#[cfg(unix)]
#[test]
fn a_real_kill_of_the_binary_leaves_the_old_tree_or_the_new_one_once_recovered() {
    let base = scratch("kill-9");
    let s = states(&base);
    let out = base.join("out");
    for round in 0..12u64 {
        let before = s.set_up(&out, round % 3 == 0);
        let mut child = spawn(&s.new_schema, &out, &[]);
        // Somewhere in the run: a few milliseconds in, each round a little later.
        std::thread::sleep(Duration::from_micros(500 + round * 700));
        child.kill().unwrap();
        child.wait().unwrap();
        codegen::internals::write::recover(&out).unwrap();
        assert_old_or_new(&out, &before, &s.new, &format!("round {round}"));
    }
}

#[cfg(unix)]
#[test]
fn a_folder_it_cannot_write_into_fails_the_run_with_every_file_put_back() {
    use std::os::unix::fs::PermissionsExt;
    let base = scratch("read-only");
    let s = states(&base);
    let out = base.join("out");
    let before = s.set_up(&out, false);
    let zoo = out.join("src/zoo");
    fs::set_permissions(&zoo, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(zoo.join("probe"), "").is_ok() {
        // Privileged (root ignores the mode): the fault hook's tests stand in for this one.
        fs::remove_file(zoo.join("probe")).unwrap();
        fs::set_permissions(&zoo, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user can write into a read-only folder");
        return;
    }
    let result = run_with(&s.new_schema, &out, Faults::default());
    fs::set_permissions(&zoo, fs::Permissions::from_mode(0o755)).unwrap();
    // An output folder that may not be written into at all, but is up to date: a write run
    // finds nothing to do, as before there was a lock to take in it.
    let read_only = base.join("read-only-out");
    copy_dir(&s.old_out, &read_only);
    let _ = fs::remove_dir_all(read_only.join(".codegen"));
    fs::set_permissions(&read_only, fs::Permissions::from_mode(0o555)).unwrap();
    let up_to_date = run_with(&s.old_schema, &read_only, Faults::default());
    fs::set_permissions(&read_only, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(up_to_date.unwrap().report.written.is_empty());
    let err = result.unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Write(WriteError::RolledBack(_))), "{message}");
    assert!(message.contains("src/zoo") && message.contains("permission denied"), "{message}");
    assert!(!message.contains("os error"), "{message}");
    assert_tree_eq!(tree(&out), before);
    assert_eq!(litter(&out), Vec::<String>::new());
}

#[test]
fn an_output_folder_that_is_a_file_is_named_in_the_error() {
    let dir = scratch("out-is-a-file");
    let file = dir.join("out");
    fs::write(&file, "mine\n").unwrap();
    for (out, named) in [(file.clone(), file.clone()), (file.join("sub"), file.clone())] {
        for mode in [Mode::Write, Mode::Check] {
            let err = Config::new().schema_dir(case_schema()).out_dir(&out).run(mode).unwrap_err();
            let message = err.to_string();
            assert!(matches!(&err, Error::Write(WriteError::NotAFolder(p)) if *p == named), "{message}");
            assert!(message.contains("is not a folder") && !message.contains("os error"), "{message}");
        }
        let output = codegen_bin().arg("--schema").arg(case_schema()).arg("--out").arg(&out).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && stderr.contains("is not a folder"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine\n");
    // A file where a generated folder goes.
    let out = dir.join("out2");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("docs"), "mine\n").unwrap();
    let err = Config::new().schema_dir(case_schema()).out_dir(&out).run(Mode::Write).unwrap_err();
    assert!(matches!(&err, Error::Write(WriteError::NotAFolder(p)) if *p == out.join("docs")), "{err}");
}

#[test]
fn finishing_an_interrupted_run_never_overwrites_a_file_changed_since() {
    let base = step_scratch("diverged");
    let s = states(&base);
    let out = base.join("out");
    // A file to be replaced, one to be removed, one to be created: each is changed by hand
    // while the killed run's change to it is still pending.
    // Whether the change to `path` is still to be applied: its number in the journal names its
    // staged file, or the place its file is moved to when removed.
    let pending = |path: &str| {
        let journal: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(".codegen/journal")).unwrap()).unwrap();
        let ops = journal["ops"].as_array().unwrap();
        let Some(i) = ops.iter().position(|op| op["path"] == path) else { return false };
        match path {
            "src/zoo/tiger.rs" => !out.join(format!(".codegen/backup/{i}")).exists() && out.join(path).exists(),
            _ => out.join(format!(".codegen/stage/{i}")).exists(),
        }
    };
    let mut tested = BTreeMap::new();
    for step in 0.. {
        s.set_up(&out, false);
        if tested.len() == 3
            || run_with(&s.new_schema, &out, Faults { kill_at: Some(step), fail_at: None, ..Faults::default() }).is_ok()
        {
            break;
        }
        let candidates = ["src/zoo/lion.rs", "src/zoo/tiger.rs", "src/zoo/wolf.rs"];
        let path = candidates[step % 3];
        if out.join(".codegen/journal").exists() && pending(path) {
            fs::write(out.join(path), "// mine\n").unwrap();
            let err = codegen::internals::write::recover(&out).unwrap_err();
            assert!(matches!(&err, WriteError::Diverged { path: p, .. } if *p == out.join(path)), "step {step}: {err}");
            assert!(err.to_string().contains("leaves it alone"), "{err}");
            assert_eq!(fs::read_to_string(out.join(path)).unwrap(), "// mine\n", "step {step}");
            assert!(out.join(".codegen/journal").exists(), "the journal stays for the user to decide");
            *tested.entry(path).or_insert(0) += 1;
        }
    }
    assert_eq!(tested.len(), 3, "{tested:?}");
}

#[test]
fn undoing_a_new_folder_never_deletes_a_file_saved_into_it_since() {
    let base = step_scratch("tree-undo");
    let s = states(&base);
    let out = base.join("out");
    let faults = |kill_at, fail_at| Faults { kill_at, fail_at, ..Faults::default() };
    // The run fails at its last step, once every change (the new folder `src/farm` among them)
    // is in place, and puts them back; that is stopped at each step, as a kill would.
    let last = (0..)
        .find(|&step| {
            s.set_up(&out, false);
            let result = run_with(&s.new_schema, &out, faults(None, Some(step)));
            matches!(result, Err(Error::Write(WriteError::RolledBack(e))) if e.to_string().contains("end the journal"))
        })
        .unwrap();
    let mut tested = 0;
    for kill in last + 1.. {
        s.set_up(&out, false);
        let result = run_with(&s.new_schema, &out, faults(Some(kill), Some(last)));
        let farm = out.join("src/farm");
        if out.join(".codegen/rollback").exists() && farm.is_dir() {
            // Saved by the user before the next run finishes putting things back.
            let mine = farm.join("goat-notes.txt");
            fs::write(&mine, "mine\n").unwrap();
            let err = codegen::internals::write::recover(&out).unwrap_err();
            assert!(matches!(&err, WriteError::Diverged { path, .. } if *path == mine), "kill {kill}: {err}");
            assert_eq!(fs::read_to_string(&mine).unwrap(), "mine\n", "kill {kill}");
            // And a file of the new folder changed since: the same.
            fs::remove_file(&mine).unwrap();
            fs::write(farm.join("goat.rs"), "// mine\n").unwrap();
            let err = codegen::internals::write::recover(&out).unwrap_err();
            assert!(matches!(&err, WriteError::Diverged { path, .. } if *path == farm.join("goat.rs")), "{err}");
            assert_eq!(fs::read_to_string(farm.join("goat.rs")).unwrap(), "// mine\n");
            tested += 1;
        }
        if !matches!(result, Err(Error::Write(WriteError::Interrupted))) {
            break;
        }
    }
    assert!(tested > 0);
}

/// What [`a_file_changed_while_the_run_writes_is_never_overwritten_nor_removed`] has a user do
/// while the run writes: change a file it replaces, one it removes, and create one it creates.
fn meddle(root: &Path) {
    MEDDLED.store(true, std::sync::atomic::Ordering::Relaxed);
    for path in MEDDLED_PATHS {
        fs::write(root.join(path), "// mine\n").unwrap();
    }
}

static MEDDLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
const MEDDLED_PATHS: [&str; 3] = ["src/zoo/lion.rs", "src/zoo/tiger.rs", "src/zoo/wolf.rs"];

#[test]
fn a_file_changed_while_the_run_writes_is_never_overwritten_nor_removed() {
    let base = step_scratch("meddle");
    let s = states(&base);
    let out = base.join("out");
    let mut put_back = 0;
    every_step(|step| {
        s.set_up(&out, false);
        MEDDLED.store(false, std::sync::atomic::Ordering::Relaxed);
        let result = run_with(&s.new_schema, &out, Faults { meddle: Some((step, meddle)), ..Faults::default() });
        if !MEDDLED.load(std::sync::atomic::Ordering::Relaxed) {
            result.unwrap();
            return true;
        }
        match &result {
            Ok(_) => {}
            Err(Error::Write(WriteError::RolledBack(e))) if matches!(**e, WriteError::Changed(_)) => {
                assert!(e.to_string().contains("was changed by someone else"), "{e}");
                put_back += 1;
            }
            // A file changed where the run had removed one: putting that back stops at it.
            Err(Error::Write(WriteError::RollbackFailed { undo, .. }))
                if matches!(**undo, WriteError::Diverged { .. }) => {}
            Err(e) => panic!("step {step}: {e}"),
        }
        if out.join(".codegen/journal").exists() {
            let recovered = codegen::internals::write::recover(&out);
            assert!(matches!(recovered, Ok(_) | Err(WriteError::Diverged { .. })), "step {step}: {recovered:?}");
        }
        for path in MEDDLED_PATHS {
            let text = fs::read_to_string(out.join(path)).unwrap_or_default();
            assert_eq!(text, "// mine\n", "step {step}, {path}: {result:?}");
        }
        false
    });
    assert!(put_back > 0);
}

#[test]
fn a_codegen_folder_of_someone_else_is_neither_used_nor_cleaned() {
    let out = scratch("foreign-state");
    let theirs = [
        (".codegen/stage/notes.txt", "mine\n"),
        (".codegen/lock", "my lock\n"),
        (".codegen/rollback", "mine\n"),
        (".codegen/.gitignore", "*\n"),
    ];
    for (path, text) in theirs {
        fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        fs::write(out.join(path), text).unwrap();
    }
    let before = entries(&out);
    for mode in [Mode::Write, Mode::Check] {
        let err = Config::new().schema_dir(case_schema()).out_dir(&out).run(mode).unwrap_err();
        let message = err.to_string();
        assert!(matches!(&err, Error::Write(WriteError::NotOurs(p)) if *p == out.join(".codegen")), "{message}");
        assert!(message.contains("is not the generator's own folder"), "{message}");
    }
    assert!(matches!(codegen::internals::write::recover(&out), Err(WriteError::NotOurs(_))));
    assert_eq!(entries(&out), before);
    for (path, text) in theirs {
        assert_eq!(fs::read_to_string(out.join(path)).unwrap(), text, "{path}");
    }

    // Without the `.gitignore`, or with one that is not the generator's: the same.
    fs::remove_file(out.join(".codegen/.gitignore")).unwrap();
    assert!(matches!(generate_err(&out), Error::Write(WriteError::NotOurs(_))));
    fs::remove_dir_all(out.join(".codegen")).unwrap();
    fs::create_dir(out.join(".codegen")).unwrap();
    fs::write(out.join(".codegen/.gitignore"), "# mine\n").unwrap();
    assert!(matches!(generate_err(&out), Error::Write(WriteError::NotOurs(_))));

    // An empty one (as a run stopped while making it leaves it) is the generator's to take.
    fs::remove_dir_all(out.join(".codegen")).unwrap();
    fs::create_dir(out.join(".codegen")).unwrap();
    let config = generate(&case_schema(), &out);
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
    assert!(fs::read_to_string(out.join(".codegen/.gitignore")).unwrap().ends_with("\n*\n"));
}

fn generate_err(out: &Path) -> Error {
    Config::new().schema_dir(case_schema()).out_dir(out).run(Mode::Write).unwrap_err()
}

#[test]
fn a_write_run_that_may_not_write_fails_with_that_error_before_it_changes_anything() {
    let base = scratch("denied");
    let s = states(&base);
    let out = base.join("out");
    let before = s.set_up(&out, false);
    let _ = fs::remove_dir_all(out.join(".codegen"));
    let denied = Faults { read_only: true, ..Faults::default() };
    // Up to date: nothing to write, and the run succeeds, as a check would.
    assert!(run_with(&s.old_schema, &out, denied).unwrap().report.written.is_empty());
    // Stale: the error that taking the lock gave, and nothing staged.
    let err = run_with(&s.new_schema, &out, denied).unwrap_err();
    let message = err.to_string();
    assert!(matches!(&err, Error::Write(WriteError::Io { path, .. }) if *path == out.join(".codegen")), "{message}");
    assert!(message.contains("permission denied") && !message.contains("stage"), "{message}");
    assert_tree_eq!(tree(&out), before);
    assert!(!out.join(".codegen").exists());
}

#[cfg(unix)]
#[test]
fn files_of_others_in_a_managed_folder_are_read_no_further_than_the_header_and_any_name_is_fine() {
    use std::os::unix::ffi::OsStrExt as _;
    let out = scratch("others-files");
    let config = generate(&case_schema(), &out);
    // Files far too big to read whole (sparse: they take no room): one of a kind that never
    // carries the header, one that could.
    let huge = ["docs/diagram.png", "docs/pets/huge.md"];
    for name in huge {
        let file = fs::File::create(out.join(name)).unwrap();
        if file.set_len(1 << 40).is_err() {
            eprintln!("skipped: this file system holds no file of 1 TiB");
            return;
        }
    }
    let run = config.run(Mode::Write).unwrap();
    assert!(run.report.written.is_empty() && run.report.removed.is_empty(), "{:?}", run.report);
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
    for name in huge {
        fs::remove_file(out.join(name)).unwrap();
    }

    // A name that is not UTF-8 cannot be the generator's: it is left alone.
    let latin1 = out.join("docs").join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
    fs::write(&latin1, "# Caf\n").unwrap();
    let run = config.run(Mode::Write).unwrap();
    assert!(run.report.written.is_empty() && run.report.removed.is_empty(), "{:?}", run.report);
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
    assert_eq!(fs::read_to_string(&latin1).unwrap(), "# Caf\n");
}

#[test]
fn a_run_stopped_while_removing_its_temporary_files_is_reported_as_that() {
    let base = step_scratch("cleanup");
    let s = states(&base);
    let out = base.join("out");
    let mut seen = std::collections::BTreeSet::new();
    every_step(|step| {
        let before = s.set_up(&out, false);
        if run_with(&s.new_schema, &out, Faults { kill_at: Some(step), ..Faults::default() }).is_ok() {
            return true;
        }
        // Without a journal and with temporary files left: the run had not committed (the tree
        // is as it was), or had ended (the tree is the new one).
        if out.join(".codegen/journal").exists() || litter(&out).is_empty() {
            return false;
        }
        let after = tree(&out);
        let recovered = codegen::internals::write::recover(&out).unwrap().unwrap();
        if after == s.new {
            assert_eq!(recovered, codegen::Recovery::CleanedUp, "step {step}");
            assert!(recovered.to_string().contains("removed the temporary files"), "{recovered}");
        } else {
            assert_tree_eq!(after, before, "step {step}");
            assert_eq!(recovered, codegen::Recovery::Discarded, "step {step}");
        }
        seen.insert(format!("{recovered:?}"));
        false
    });
    assert_eq!(seen.len(), 2, "{seen:?}");
}

#[test]
fn a_check_run_names_itself_in_the_lock_file() {
    let out = scratch("check-names-itself");
    let config = generate(&case_schema(), &out);
    fs::write(out.join(".codegen/lock"), "process 42 (an earlier run)").unwrap();
    assert!(config.run(Mode::Check).unwrap().report.stale.is_empty());
    let holder = fs::read_to_string(out.join(".codegen/lock")).unwrap();
    assert!(holder.starts_with(&format!("process {} (", std::process::id())), "{holder}");
}
