//! Every doc of the real corpora (Moov's, the OpenAI workload's, Polar's) reads into a model
//! whose docs are the input, byte for byte.

use std::path::{Path, PathBuf};

use codegen::internals::diag::{FileId, Span};
use codegen::internals::read::markdown::{self, Doc};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

#[test]
fn every_moov_doc_round_trips() {
    let root = repository().join("schema");
    let docs = assert_round_trips(&root, "pkg/models", &["shared", "sdkerrors", "operations"], |rel| {
        rel.ends_with("operations/option.md")
    });
    assert_eq!(docs, 410);
}

/// The OpenAI SDK's docs: backslashes as Speakeasy writes them (`\u003c`, `^\w+$`), pipes
/// escaped, tables padded to the width of the text before Speakeasy escaped it, and unions whose
/// variants are not models (strings, numbers, lists under an empty `### ` heading).
#[test]
fn every_openai_doc_round_trips() {
    let root = repository().join("examples/openai/schema");
    let docs = assert_round_trips(&root, "pkg/models", &["shared", "operations"], |_| false);
    assert_eq!(docs, 369);
}

/// Polar's Go SDK (`docs/models/{components,operations,apierrors}`, a newer generator): models
/// linked with their namespace in the new layout, enums, and `types.Date` fields.
#[test]
fn every_polar_doc_round_trips() {
    let root = repository().join("codegen/tests/fixtures/polar-go");
    let docs = assert_round_trips(&root, "docs/models", &["apierrors", "components", "operations"], |_| false);
    assert_eq!(docs, 16);
}

/// Reads every doc (`.md`) of a corpus's namespaces (folders of `root/models`) and writes it back; fails
/// on any doc that does not come back byte for byte, or reads as not a model unless
/// `not_a_model` says it is one. Returns how many docs there are.
fn assert_round_trips(root: &Path, models: &str, namespaces: &[&str], not_a_model: fn(&str) -> bool) -> usize {
    let mut docs = 0;
    let mut failures = Vec::new();
    for ns in namespaces {
        let dir = root.join(models).join(ns);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            docs += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().to_str().unwrap().to_owned();
            let span = Span::new(FileId(0), 0..text.len());
            match markdown::read(&text, span, ns, &rel) {
                Ok(Doc::Model(model)) => {
                    let back = codegen::internals::emit::markdown::model_doc(&model);
                    if back != text {
                        failures.push(format!("{rel}: docs differ\n--- input\n{text}\n--- emitted\n{back}"));
                    }
                }
                Ok(Doc::NotAModel(_)) if not_a_model(&rel) => {}
                Ok(Doc::NotAModel(why)) => failures.push(format!("{rel} read as not a model: {why}")),
                Err(errors) => failures.push(format!("{rel}: {errors:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {docs} docs failed:\n{}",
        failures.len(),
        failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
    );
    docs
}
