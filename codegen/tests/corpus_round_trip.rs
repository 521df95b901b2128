//! Every doc of the Moov corpus, and every doc of the OpenAI corpus the reader takes, reads into a
//! model whose docs are the input, byte for byte.

use std::path::Path;

use codegen::internals::diag::{FileId, Span};
use codegen::internals::read::markdown::{self, Doc};

#[test]
fn every_corpus_doc_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/moov-go");
    let mut docs = 0;
    let mut failures = Vec::new();
    for ns in ["shared", "sdkerrors", "operations"] {
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
                Ok(Doc::NotAModel(_)) => assert!(rel.ends_with("operations/option.md"), "{rel} read as not a model"),
                Err(e) => failures.push(format!("{rel}: {e:?}")),
            }
        }
    }
    assert_eq!(docs, 410);
    assert!(
        failures.is_empty(),
        "{} of {docs} docs failed:\n{}",
        failures.len(),
        failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The OpenAI SDK's docs: backslashes as Speakeasy writes them (`\u003c`, `^\w+$`), pipes
/// escaped, tables padded to the width of the text before Speakeasy escaped it. The reader does
/// not take unions whose variants are not models yet (strings, numbers, lists under an empty
/// `### ` heading): each of those docs fails with that diagnostic and nothing else.
#[test]
fn every_openai_doc_the_reader_takes_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openai-go");
    let (mut docs, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for ns in ["shared", "operations"] {
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
                Ok(Doc::NotAModel(_)) => failures.push(format!("{rel} read as not a model")),
                Err(errors) => {
                    let primitive_variant = |m: &str| {
                        m == "the argument's type is not `namespace.Type`"
                            || m.ends_with("does not name a variant and a type")
                            || m.ends_with("lists no supported types")
                    };
                    if errors.iter().all(|e| primitive_variant(&e.message)) && text.contains("## Supported Types") {
                        refused += 1;
                    } else {
                        failures.push(format!("{rel}: {errors:?}"));
                    }
                }
            }
        }
    }
    assert_eq!(docs, 369);
    assert_eq!(refused, 21, "unions with variants that are not models");
    assert!(
        failures.is_empty(),
        "{} of {docs} docs failed:\n{}",
        failures.len(),
        failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Polar's Go SDK (`docs/models/{components,operations,apierrors}`, a newer generator): models
/// linked with their namespace in the new layout, enums, and `types.Date` fields.
#[test]
fn every_polar_doc_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/polar-go");
    let mut docs = 0;
    let mut failures = Vec::new();
    for ns in ["apierrors", "components", "operations"] {
        let dir = root.join("docs/models").join(ns);
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
                Ok(Doc::NotAModel(why)) => failures.push(format!("{rel} read as not a model: {why}")),
                Err(e) => failures.push(format!("{rel}: {e:?}")),
            }
        }
    }
    assert_eq!(docs, 8);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
