//! The JSON Schemas of the definition format (`codegen/schemas/`), which editors use to validate
//! and complete `schema/**/*.yaml`, agree with the reader: every YAML definition and settings file
//! the project's schema folders and test cases hold (all of which the reader takes), and every
//! overlay `codegen import` writes in its tests, validates,
//! and the files the reader refuses for an unknown key or a value of the wrong kind do not.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "common/tree.rs"]
mod tree;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn validator(file: &str) -> jsonschema::Validator {
    let path = repository().join("codegen/schemas").join(file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{file} is not valid draft 2020-12: {e}"));
    jsonschema::validator_for(&schema).unwrap()
}

/// The `.yaml` and `.yml` files under `dir`, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    tree::files(dir).into_values().filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml")).collect()
}

fn is_settings(path: &Path) -> bool {
    path.file_stem().is_some_and(|s| s == "codegen")
}

/// Whether `path` validates against the schema of its kind (settings or definition); the
/// validator's first error otherwise.
fn check(path: &Path, definition: &jsonschema::Validator, settings: &jsonschema::Validator) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let value: Value = serde_saphyr::from_str(&text).map_err(|e| format!("not YAML: {e}"))?;
    let validator = if is_settings(path) { settings } else { definition };
    validator.validate(&value).map_err(|e| format!("{e} at {}", e.instance_path()))
}

#[test]
fn every_yaml_file_the_reader_takes_validates() {
    let (definition, settings) = (validator("definition.schema.json"), validator("settings.schema.json"));
    let root = repository();
    let mut folders = vec![root.join("schema"), root.join("examples/openai/schema")];
    for case in std::fs::read_dir(root.join("codegen/tests/cases")).unwrap() {
        folders.push(case.unwrap().path().join("schema"));
    }
    // What `codegen import` writes, and the schema folders it writes into.
    for case in std::fs::read_dir(root.join("codegen/tests/import")).unwrap() {
        let case = case.unwrap().path();
        folders.extend([case.join("schema"), case.join("expected")]);
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for folder in folders {
        for path in yaml_files(&folder) {
            checked += 1;
            if let Err(e) = check(&path, &definition, &settings) {
                failures.push(format!("{}: {e}", path.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(checked > 20, "only {checked} files found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn files_refused_for_their_keys_or_kinds_of_values_do_not_validate() {
    let (definition, settings) = (validator("definition.schema.json"), validator("settings.schema.json"));
    let errors = repository().join("codegen/tests/errors");
    for case in [
        "yaml-unknown-key",
        "yaml-unknown-field-key",
        "yaml-settings-unknown-key",
        "yaml-two-heads",
        "yaml-unknown-wire-rule",
        "settings-version-not-semver",
    ] {
        let files = yaml_files(&errors.join(case).join("schema"));
        let refused = files.iter().filter(|p| check(p, &definition, &settings).is_err()).count();
        assert!(refused > 0, "{case}: every file validates, but the reader refuses one");
    }
}
