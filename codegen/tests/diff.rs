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
        let (old, new) = (version(&case.join("old/schema")), version(&case.join("new/schema")));
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
        if readers != !new_only.is_empty() {
            failures.push(format!(
                "{name}: the report says readers {}, the instances valid only under the new schema are {new_only:?}",
                if readers { "break" } else { "do not break" }
            ));
        }
        if writers != !old_only.is_empty() {
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
    let in_table: BTreeSet<String> = section
        .lines()
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('`').nth(1).map(str::to_owned))
        .filter(|rule| rule.contains('-') || cases().iter().any(|c| c.ends_with(rule)))
        .collect();
    let on_disk: BTreeSet<String> =
        cases().iter().map(|c| c.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(in_table, on_disk);
}
