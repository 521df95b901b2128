//! The second workload, the OpenAI SDK's docs in `examples/openai/schema/`: its imported facts.

use std::path::Path;

/// The committed imported overlays are what importing the workload's OpenAPI document writes
/// today: a re-import changes no file. The counts say how much of the document the import
/// takes: what the document describes of the docs' models (see `openapi/SOURCE.md` beside it
/// for the 23 it does not), and the facts it says that the docs do not.
#[test]
fn the_imported_facts_are_what_a_re_import_writes() {
    const SPEC: &str = "examples/openai/openapi/openai-openapi-2.0.0.yaml";
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let outcome = codegen::import::Import::new(root.join(SPEC))
        .spec_name(SPEC)
        .schema_dir(root.join("examples/openai/schema"))
        .run(codegen::Mode::Check)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!outcome.changes(), "a re-import would write {:?} and remove {:?}", outcome.written, outcome.removed);
    assert_eq!((outcome.matched, outcome.models), (346, 369), "{}", outcome.report);
    assert_eq!((outcome.unchanged, outcome.facts), (142, 584), "{}", outcome.report);
}
