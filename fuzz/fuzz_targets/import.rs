//! `codegen import` on a spec cut from the input (any bytes: YAML, JSON, or neither), against the
//! schema folder of the importer's `basic` test case, in check mode (it writes nothing). Whatever
//! the spec holds, the import reports or refuses it; it never panics.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A scratch folder holding the spec file the input becomes.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("codegen-fuzz-import-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let spec = scratch().join("spec.yaml");
    std::fs::write(&spec, data).unwrap();
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/import/basic/schema");
    let _ = codegen::import::Import::new(&spec).schema_dir(schema).run(codegen::Mode::Check);
});
