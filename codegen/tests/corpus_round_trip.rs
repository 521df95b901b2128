//! Every doc of the Moov and OpenAI corpora reads into a model whose docs are the input, byte
//! for byte.

use std::path::Path;

use codegen::internals::diag::{FileId, Span};
use codegen::internals::read::markdown::{self, Doc};

#[test]
fn every_moov_doc_round_trips() {
    let docs = assert_round_trips("moov-go", &["shared", "sdkerrors", "operations"], |rel| {
        rel.ends_with("operations/option.md")
    });
    assert_eq!(docs, 410);
}

/// The OpenAI SDK's docs: backslashes as Speakeasy writes them (`\u003c`, `^\w+$`), pipes
/// escaped, tables padded to the width of the text before Speakeasy escaped it, and unions whose
/// variants are not models (strings, numbers, lists under an empty `### ` heading).
#[test]
fn every_openai_doc_round_trips() {
    let docs = assert_round_trips("openai-go", &["shared", "operations"], |_| false);
    assert_eq!(docs, 369);
}

/// Reads every doc of a corpus's namespaces and writes it back; fails on any doc that does not
/// come back byte for byte, or reads as not a model unless `not_a_model` says it is one.
/// Returns how many docs there are.
fn assert_round_trips(corpus: &str, namespaces: &[&str], not_a_model: fn(&str) -> bool) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(corpus);
    let mut docs = 0;
    let mut failures = Vec::new();
    for ns in namespaces {
        let dir = root.join("pkg/models").join(ns);
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            docs += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path.strip_prefix(&root).unwrap().to_str().unwrap().to_owned();
            let span = Span::new(FileId(0), 0..text.len());
            match markdown::read(&text, span, ns, &rel) {
                Ok(Doc::Model(model)) => {
                    let back = codegen::internals::emit::markdown::model_doc(&model);
                    if back != text {
                        failures.push(format!("{rel}: docs differ\n--- input\n{text}\n--- emitted\n{back}"));
                    }
                }
                Ok(Doc::NotAModel) if not_a_model(&rel) => {}
                Ok(Doc::NotAModel) => failures.push(format!("{rel} read as not a model")),
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
