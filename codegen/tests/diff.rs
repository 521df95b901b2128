//! `codegen diff`'s rules, one case each under `tests/diff/<rule>/`: definitions before
//! (`old/schema/`) and after (`new/schema/`) the change, the report expected (`expected.txt`;
//! `UPDATE_EXPECT=1 cargo test -p codegen --test diff` rewrites them, review the diff), and
//! sample instances (`instances.json`) that hold the verdict to what the published schemas
//! accept: validated against both versions with the `jsonschema` crate (asserting the formats
//! `validate()` asserts), some instance is valid under the new schema and invalid under the old
//! exactly when the report says the change breaks readers, and some instance valid under the
//! old and invalid under the new exactly when it says writers. A case whose verdict is neither
//! shows, by its samples, that they get the same verdict under both.
//!
//! The witnesses are written by hand into each case rather than made up by the engine: an
//! engine that made its own witnesses would be checked against itself, and making a string
//! that one pattern takes and another refuses is a search of its own. Each case's samples keep
//! to the engine's reading of properties only one version lists (such a property, when present,
//! holds a value the version that lists it accepts), as the README says.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use codegen::diff::{DiffReport, Published, compare};
use codegen::internals::read;
use codegen::{Config, Diagnostics, GeneratedFile};
use serde_json::Value;

const ASSERTED_FORMATS: &[&str] = &["date-time", "date", "time", "uuid", "ipv4", "ipv6"];

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut cases: Vec<PathBuf> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty());
    cases
}

/// One version: its published set and its JSON Schema files (relative to the folder).
struct Version {
    published: Published,
    files: BTreeMap<String, Value>,
}

fn version(schema: &Path) -> Version {
    let mut diags = Diagnostics::default();
    let files = read::list_folder(schema, &mut diags);
    let (generated, ..) = Config::new()
        .docs(false)
        .generate_from(files, Path::new("schema"), diags)
        .unwrap_or_else(|e| panic!("{}: {e}", schema.display()));
    let json: Vec<GeneratedFile> = generated
        .files
        .iter()
        .filter_map(|f| {
            let path = f.path.strip_prefix("json-schema/")?;
            Some(GeneratedFile { path: path.to_owned(), contents: f.contents.clone() })
        })
        .collect();
    let published = Published::from_emitted(&generated.schema, &json).unwrap();
    let files = json.iter().map(|f| (f.path.clone(), serde_json::from_str(&f.contents).unwrap())).collect();
    Version { published, files }
}

/// A case's old version: from its definitions, or, where the case holds a file
/// `old-from-folder`, from a folder of its emitted JSON Schema as an earlier generator wrote it,
/// without `index.json`'s Rust facts (`--against` such a folder infers Rust names).
fn old_version(case: &Path) -> Version {
    let defined = version(&case.join("old/schema"));
    if !case.join("old-from-folder").is_file() {
        return defined;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-cases-as-folders").join(case.file_name().unwrap());
    let _ = fs::remove_dir_all(&dir);
    for (path, schema) in &defined.files {
        let target = dir.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        let mut schema = schema.clone();
        if path == "index.json" {
            for entry in schema["models"].as_array_mut().unwrap() {
                entry.as_object_mut().unwrap().remove("rust");
            }
        }
        fs::write(target, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    }
    let published = Published::from_dir(&dir).unwrap();
    assert!(published.models.values().all(|m| m.rust.is_none()));
    Version { published, files: defined.files }
}

impl Version {
    /// Whether `instance` is valid under the model `name`'s published schema; `None` if this
    /// version has no such model.
    fn accepts(&self, name: &str, instance: &Value) -> Option<bool> {
        let model = self.published.models.get(name)?;
        let mut registry = jsonschema::Registry::new();
        let mut formats = BTreeSet::new();
        for m in self.published.models.values() {
            let schema = self.files[&m.file].clone();
            collect_formats(&schema, &mut formats);
            registry = registry.add(m.id.as_str(), schema).unwrap();
        }
        let registry = registry.prepare().unwrap();
        let mut options = jsonschema::options().with_registry(&registry).should_validate_formats(true);
        for format in formats.into_iter().filter(|f| !ASSERTED_FORMATS.contains(&f.as_str())) {
            options = options.with_format(format, |_: &str| true);
        }
        let validator = options.build(&self.files[&model.file]).unwrap();
        Some(validator.is_valid(instance))
    }
}

fn collect_formats(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(f)) = obj.get("format") {
                out.insert(f.clone());
            }
            obj.values().for_each(|v| collect_formats(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_formats(v, out)),
        _ => {}
    }
}

#[test]
fn every_rule_gives_its_expected_report_and_its_verdicts_hold_for_instances() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (old, new) = (old_version(&case), version(&case.join("new/schema")));
        let changes = compare(&old.published, &new.published);
        let report = DiffReport::new("old".to_owned(), &old.published, &new.published, changes, Some("0.3.1".into()));
        let actual = report.text();
        let expected_path = case.join("expected.txt");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            fs::write(&expected_path, &actual).unwrap();
        } else if fs::read_to_string(&expected_path).unwrap_or_default() != actual {
            failures.push(format!(
                "{name}: the report differs\n--- expected\n{}\n--- actual\n{actual}",
                fs::read_to_string(&expected_path).unwrap_or_default()
            ));
        }
        assert!(!report.changes.is_empty(), "{name}: no change found");
        let readers = report.changes.iter().any(|c| c.readers);
        let writers = report.changes.iter().any(|c| c.writers);
        let instances: Vec<Value> =
            serde_json::from_str(&fs::read_to_string(case.join("instances.json")).unwrap()).unwrap();
        assert!(!instances.is_empty(), "{name}: no sample instances");
        let (mut new_only, mut old_only) = (Vec::new(), Vec::new());
        for sample in &instances {
            let model = |key: &str| sample.get(key).or(sample.get("model")).and_then(Value::as_str).unwrap();
            let instance = &sample["instance"];
            // A version without the model accepts nothing of it.
            let valid_old = old.accepts(model("old_model"), instance).unwrap_or(false);
            let valid_new = new.accepts(model("new_model"), instance).unwrap_or(false);
            if valid_new && !valid_old {
                new_only.push(instance.to_string());
            }
            if valid_old && !valid_new {
                old_only.push(instance.to_string());
            }
        }
        let has_reader_witness = !new_only.is_empty();
        if readers != has_reader_witness {
            failures.push(format!(
                "{name}: the report says readers {}, the instances valid only under the new schema are {new_only:?}",
                if readers { "break" } else { "do not break" }
            ));
        }
        let has_writer_witness = !old_only.is_empty();
        if writers != has_writer_witness {
            failures.push(format!(
                "{name}: the report says writers {}, the instances valid only under the old schema are {old_only:?}",
                if writers { "break" } else { "do not break" }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every rule of the README's table has a case here, and every case is a rule of the table.
#[test]
fn the_readme_table_and_the_cases_name_the_same_rules() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    let section = readme.split("<!-- diff rules -->").nth(1).expect("the README marks its table of diff rules");
    let rows: Vec<&str> = section.trim_start().lines().take_while(|l| l.starts_with('|')).skip(2).collect();
    let in_table: BTreeSet<String> = rows.iter().filter_map(|l| l.split('`').nth(1).map(str::to_owned)).collect();
    assert_eq!(in_table.len(), rows.len(), "a row names its case first, once");
    let on_disk: BTreeSet<String> =
        cases().iter().map(|c| c.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(in_table, on_disk);
    // Each row's verdicts are the case's: readers, writers, and the largest bump.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    for row in rows {
        let cells: Vec<&str> = row.split(" | ").map(|c| c.trim_matches(|c: char| c == '|' || c == ' ')).collect();
        let case = dir.join(cells[0].trim_matches('`'));
        let (old, new) = (old_version(&case), version(&case.join("new/schema")));
        let changes = compare(&old.published, &new.published);
        let report = DiffReport::new(String::new(), &old.published, &new.published, changes, None);
        let yes = |b: bool| if b { "yes" } else { "no" };
        let actual = [
            yes(report.changes.iter().any(|c| c.readers)),
            yes(report.changes.iter().any(|c| c.writers)),
            report.bump().unwrap().as_str(),
        ];
        assert_eq!(&cells[2..5], &actual, "the README's row for {}", cells[0]);
    }
}

/// The command line on a git repository and on folders: the same report as the library, exit
/// statuses for `--fail-on`, and errors (exit 2) for a bad revision, bad definitions at the
/// revision (with file:line:col) and a folder that is no JSON Schema output.
mod command {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    fn codegen(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().unwrap()
    }

    fn git(repo: &Path, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn copy(from: &Path, to: &Path) {
        let _ = std::fs::remove_dir_all(to);
        for entry in walk(from) {
            let target = to.join(entry.strip_prefix(from).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&entry, target).unwrap();
        }
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
        }
        out
    }

    fn case(rule: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(rule)
    }

    /// A repository whose last commit holds the case's old definitions in `schema/`, and whose
    /// working tree holds the new ones.
    fn repository(name: &str, rule: &str) -> PathBuf {
        let repo = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&repo);
        std::fs::create_dir_all(&repo).unwrap();
        git(&repo, &["init", "-q"]);
        copy(&case(rule).join("old/schema"), &repo.join("schema"));
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "old"]);
        copy(&case(rule).join("new/schema"), &repo.join("schema"));
        repo
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    /// The report without its first line (which names what it compares against).
    fn body(report: &str) -> String {
        report.split_once('\n').unwrap().1.replace(" (0.3.1 -> 0.3.2)", "").replace(
            " (0.3.1 -> 0.4.0: before 1.0 a breaking change bumps the minor)",
            " (for a 0.x crate, bump the minor: 0.y.z -> 0.(y+1).0)",
        )
    }

    #[test]
    fn a_git_revision_gives_the_cases_report_and_fail_on_sets_the_exit_status() {
        let repo = repository("diff-git", "made-required");
        let schema = repo.join("schema");
        let schema = schema.to_str().unwrap();
        let out = codegen(&["diff", "--against", "HEAD", "--schema", schema]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let expected = std::fs::read_to_string(case("made-required").join("expected.txt")).unwrap();
        assert!(text(&out.stdout).starts_with("schema changes since HEAD (1 models then, 1 now)\n"));
        assert_eq!(body(&text(&out.stdout)), body(&expected));
        for (level, status) in [("breaking", 1), ("writers", 1), ("rust", 1), ("any", 1), ("readers", 0)] {
            let out = codegen(&["diff", "--against", "HEAD", "--schema", schema, "--fail-on", level]);
            assert_eq!(out.status.code(), Some(status), "--fail-on {level}");
        }
        let json = codegen(&["diff", "--against", "HEAD", "--schema", schema, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(json["summary"]["writers"], 2);
        assert_eq!(json["changes"][0]["change"], "made_required");
        assert_eq!(json["changes"][0]["breaks"], serde_json::json!(["writers"]));
        let markdown = codegen(&["diff", "--against", "HEAD", "--schema", schema, "--format", "markdown"]);
        assert!(text(&markdown.stdout).contains("#### Breaking for writers (2)\n\n- `pets.Pet` `tail`: made required (`required`): `optional` → `required`\n"));
        // A change that breaks no one passes `--fail-on breaking`, not `--fail-on any`.
        let docs = repository("diff-git-docs", "docs-only");
        let docs = docs.join("schema");
        let docs = docs.to_str().unwrap();
        assert_eq!(
            codegen(&["diff", "--against", "HEAD", "--schema", docs, "--fail-on", "breaking"]).status.code(),
            Some(0)
        );
        assert_eq!(
            codegen(&["diff", "--against", "HEAD", "--schema", docs, "--fail-on", "any"]).status.code(),
            Some(1)
        );
    }

    /// A symlink inside the schema folder is followed at a revision as today: here `pets` links
    /// to a hidden folder holding the definitions.
    #[test]
    #[cfg(unix)]
    fn a_symlink_inside_the_schema_folder_is_followed_at_a_revision_as_today() {
        let repo = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-symlink");
        let _ = std::fs::remove_dir_all(&repo);
        std::fs::create_dir_all(repo.join("schema")).unwrap();
        git(&repo, &["init", "-q"]);
        copy(&case("made-required").join("old/schema/pets"), &repo.join("schema/.store"));
        std::os::unix::fs::symlink(".store", repo.join("schema/pets")).unwrap();
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "old"]);
        copy(&case("made-required").join("new/schema/pets"), &repo.join("schema/.store"));
        let out = codegen(&["diff", "--against", "HEAD", "--schema", repo.join("schema").to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let expected = std::fs::read_to_string(case("made-required").join("expected.txt")).unwrap();
        assert_eq!(body(&text(&out.stdout)), body(&expected));
    }

    #[test]
    fn an_earlier_json_schema_folder_gives_the_same_report_as_its_revision() {
        let old = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-folder-old");
        let _ = std::fs::remove_dir_all(&old);
        let generate = codegen(&[
            "--schema",
            case("bounds-tightened").join("old/schema").to_str().unwrap(),
            "--out",
            old.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(generate.status.success(), "{}", text(&generate.stderr));
        let new = case("bounds-tightened").join("new/schema");
        let expected = std::fs::read_to_string(case("bounds-tightened").join("expected.txt")).unwrap();
        for against in [old.clone(), old.join("json-schema")] {
            let out = codegen(&["diff", "--against", against.to_str().unwrap(), "--schema", new.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            assert_eq!(body(&text(&out.stdout)), body(&expected));
        }
    }

    #[test]
    fn a_bad_revision_bad_definitions_or_a_folder_without_an_index_exit_2() {
        let repo = repository("diff-bad", "closed");
        let schema = repo.join("schema");
        let schema_s = schema.to_str().unwrap();
        let out = codegen(&["diff", "--against", "no-such-revision", "--schema", schema_s]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("`no-such-revision` is neither a folder nor a revision of the git repository"),
            "{}",
            text(&out.stderr)
        );
        // Definitions that do not check at the revision: named as REV:path:line:col.
        std::fs::write(schema.join("pets/pet.yaml"), "struct: Pet\nfields:\n  - name: Name\n    type: strnig\n")
            .unwrap();
        git(&repo, &["commit", "-qam", "broken"]);
        copy(&case("closed").join("new/schema"), &schema);
        let out = codegen(&["diff", "--against", "HEAD", "--schema", schema_s]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("HEAD:schema/pets/pet.yaml:4:11"), "{stderr}");
        assert!(stderr.contains("error(s) in the definitions at HEAD; nothing was compared"), "{stderr}");
        // Today's definitions broken.
        std::fs::write(schema.join("pets/pet.yaml"), "struct: Pet\nfeilds: []\n").unwrap();
        let out = codegen(&["diff", "--against", "HEAD~1", "--schema", schema_s]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("pets/pet.yaml:2:1"), "{}", text(&out.stderr));
        let out = codegen(&["diff", "--against", schema_s, "--schema", schema_s]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("holds no `index.json`"), "{}", text(&out.stderr));
        // `--schema` naming a file: not a folder (it exists).
        let file = schema.join("pets/pet.yaml");
        let out = codegen(&["diff", "--against", "HEAD", "--schema", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("pet.yaml` is not a folder"), "{}", text(&out.stderr));
        let out = codegen(&["diff", "--against", "HEAD", "--schema", schema_s, "--fail-on", "sometimes"]);
        assert_eq!(out.status.code(), Some(2));
    }
}

/// The two ways of building a side agree: the real sets' definitions, read, checked and emitted
/// in memory (with the Rust facts definitions give), against their own committed JSON Schema
/// output (read from JSON alone, Rust names inferred from titles): no change at all.
#[test]
fn the_real_sets_against_their_own_published_folders_have_no_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (schema, published) in
        [("schema", "generated/json-schema"), ("examples/openai/schema", "examples/openai/json-schema")]
    {
        let report = Config::new()
            .schema_dir(root.join(schema))
            .diff(codegen::diff::Against::Folder(root.join(published)))
            .run()
            .unwrap_or_else(|e| panic!("{schema}: {e}"));
        assert!(report.models_new > 300, "{schema}");
        assert!(report.changes.is_empty(), "{schema}:\n{}", report.text());
    }
}

/// A folder holding only `index.json` and `bundle.json` (a small snapshot of a release) gives
/// the very set its per-model files give: each model's file is rebuilt from its body in the
/// bundle as the emitter writes it (head, references to itself as `#`, `$defs` stubs pointing
/// at the files of the models it refers to).
#[test]
fn a_folder_of_index_and_bundle_gives_the_set_its_per_model_files_give() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (name, published) in [("moov", "generated/json-schema"), ("openai", "examples/openai/json-schema")] {
        let published = root.join(published);
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-bundle-{name}"));
        let (bundle_only, files_only) = (tmp.join("bundle"), tmp.join("files"));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(&bundle_only).unwrap();
        for file in ["index.json", "bundle.json"] {
            fs::copy(published.join(file), bundle_only.join(file)).unwrap();
        }
        let index: Value = serde_json::from_str(&fs::read_to_string(published.join("index.json")).unwrap()).unwrap();
        let mut listed = vec!["index.json".to_owned()];
        listed.extend(index["models"].as_array().unwrap().iter().map(|m| m["file"].as_str().unwrap().to_owned()));
        for file in listed {
            let target = files_only.join(&file);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(published.join(&file), target).unwrap();
        }
        let from_bundle = Published::from_dir(&bundle_only).unwrap();
        let from_files = Published::from_dir(&files_only).unwrap();
        assert!(from_files.models.len() > 300, "{name}");
        assert_eq!(from_bundle.models.keys().collect::<Vec<_>>(), from_files.models.keys().collect::<Vec<_>>());
        for (key, b) in &from_bundle.models {
            let f = &from_files.models[key];
            assert_eq!(b.schema, f.schema, "{name}: {key}");
            // The same keys in the same order, as the file has them.
            assert_eq!(
                b.schema.as_object().unwrap().keys().collect::<Vec<_>>(),
                f.schema.as_object().unwrap().keys().collect::<Vec<_>>(),
                "{name}: {key}"
            );
            let facts = |m: &codegen::diff::PublishedModel| {
                (m.title.clone(), m.kind.clone(), m.id.clone(), m.file.clone(), m.rust_path.clone())
            };
            assert_eq!(facts(b), facts(f), "{name}: {key}");
        }
        assert!(compare(&from_files, &from_bundle).is_empty(), "{name}");
        // A listed file missing, and no bundle to take it from, is said.
        fs::remove_file(files_only.join(&from_files.models.values().next().unwrap().file)).unwrap();
        let err = Published::from_dir(&files_only).unwrap_err().to_string();
        assert!(err.contains("which index.json lists, is not there (nor a `bundle.json`)"), "{err}");
    }
}

/// A folder of published JSON Schema carries the Rust facts in its `index.json`: against it,
/// every case gives exactly the changes it gives against its definitions (the Rust renames,
/// `Option<Option<T>>` and `#[non_exhaustive]` the JSON cannot show included).
#[test]
fn a_folder_with_its_index_rust_facts_gives_what_the_definitions_give() {
    for case in cases() {
        let old = version(&case.join("old/schema"));
        let new = version(&case.join("new/schema"));
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-cases-with-facts").join(case.file_name().unwrap());
        let _ = fs::remove_dir_all(&dir);
        for (path, schema) in &old.files {
            let target = dir.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, serde_json::to_string_pretty(schema).unwrap()).unwrap();
        }
        let from_folder = Published::from_dir(&dir).unwrap();
        assert!(from_folder.models.values().all(|m| m.rust.is_some()), "{}", case.display());
        assert_eq!(
            compare(&from_folder, &new.published),
            compare(&old.published, &new.published),
            "{}",
            case.display()
        );
    }
}
