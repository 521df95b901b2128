//! Every doc of the Moov corpus reads into a model whose docs are the input, byte for byte.

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
                Ok(Doc::NotAModel) => assert!(rel.ends_with("operations/option.md"), "{rel} read as not a model"),
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
