//! `codegen diff`'s engine on a published schema cut from the input (any bytes: JSON or not),
//! as the earlier and as the later version of one model, against a model's schema as the tool
//! publishes it; each report is rendered in every format. A folder of JSON Schema is input the
//! user points `--against` at: whatever it holds is refused or compared; nothing panics.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use codegen::diff::{DiffReport, Format, Published, compare};
use libfuzzer_sys::fuzz_target;

const INDEX: &str = r#"{"models": [{"name": "pets.Pet", "title": "Pet", "kind": "struct",
  "$id": "https://example.com/pets/pet.json", "file": "pets/pet.json"}]}"#;

/// A model as the JSON Schema emitter writes one: properties, `required`, `null` allowed,
/// bounds, a pattern, a format, a list, a closed object and a reference to another file.
const PET: &str = r##"{"$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://example.com/pets/pet.json", "title": "Pet", "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Z][a-z]+$"},
    "age": {"type": ["integer", "null"], "format": "int64", "minimum": 0},
    "id": {"type": "string", "format": "uuid"},
    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
    "kind": {"anyOf": [{"type": "string", "enum": ["dog", "cat"]}]},
    "owner": {"anyOf": [{"$ref": "#/$defs/Person"}, {"type": "null"}]}
  },
  "required": ["name", "tags"], "additionalProperties": false,
  "$defs": {"Person": {"$ref": "person.json"}}}"##;

/// Two folders: the known model, and the one the input becomes.
fn folders() -> &'static (PathBuf, PathBuf) {
    static DIRS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DIRS.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("codegen-fuzz-diff-{}", std::process::id()));
        let (known, fuzzed) = (root.join("known"), root.join("fuzzed"));
        for dir in [&known, &fuzzed] {
            std::fs::create_dir_all(dir.join("pets")).unwrap();
            std::fs::write(dir.join("index.json"), INDEX).unwrap();
        }
        std::fs::write(known.join("pets/pet.json"), PET).unwrap();
        (known, fuzzed)
    })
}

fuzz_target!(|data: &[u8]| {
    let (known, fuzzed) = folders();
    std::fs::write(fuzzed.join("pets/pet.json"), data).unwrap();
    let Ok(theirs) = Published::from_dir(fuzzed) else { return };
    let ours = Published::from_dir(known).unwrap();
    for (old, new) in [(&ours, &theirs), (&theirs, &ours), (&theirs, &theirs)] {
        let report = DiffReport::new("fuzz".into(), old, new, compare(old, new), Some("0.1.0".into()));
        for format in [Format::Text, Format::Json, Format::Markdown] {
            let _ = report.render(format);
        }
    }
});
