//! The real workload: the Moov model docs in the repository's `schema/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::internals::read::markdown;
use codegen::model::{ModelKind, SourceFormat};
use codegen::{Config, GeneratedFile};

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn generate() -> (codegen::Generated, Vec<GeneratedFile>) {
    let (generated, _, _) = Config::new().schema_dir(schema_dir()).generate().unwrap_or_else(|e| panic!("{e}"));
    let files = generated.files.clone();
    (generated, files)
}

#[test]
fn every_model_comes_out_as_a_rust_type_a_schema_and_a_doc() {
    let (generated, files) = generate();
    let mut kinds: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for m in &generated.schema.models {
        let kind = match m.kind {
            ModelKind::Struct(_) => "struct",
            ModelKind::Enum(_) => "enum",
            ModelKind::Union(_) => "union",
        };
        *kinds.entry((m.name.namespace.clone(), kind)).or_default() += 1;
    }
    let expected: BTreeMap<(String, &str), usize> = [
        (("sdkerrors".to_owned(), "enum"), 2),
        (("sdkerrors".to_owned(), "struct"), 9),
        (("shared".to_owned(), "enum"), 51),
        (("shared".to_owned(), "struct"), 209),
        (("shared".to_owned(), "union"), 7),
    ]
    .into_iter()
    .collect();
    assert_eq!(kinds, expected);
    let count = |prefix: &str, suffix: &str| {
        files
            .iter()
            .filter(|f| f.path.starts_with(prefix) && f.path.ends_with(suffix) && !f.path.ends_with("mod.rs"))
            .count()
    };
    assert_eq!(count("src/shared/", ".rs") + count("src/sdkerrors/", ".rs"), 278);
    assert_eq!(count("json-schema/shared/", ".json") + count("json-schema/sdkerrors/", ".json"), 278);
    assert_eq!(count("docs/pkg/models/", ".md"), 278);
}

#[test]
fn markdown_models_docs_equal_their_sources() {
    let (generated, files) = generate();
    let mut compared = 0;
    let mut discriminated = Vec::new();
    for m in generated.schema.models.iter().filter(|m| m.format == SourceFormat::Markdown) {
        let source = std::fs::read_to_string(schema_dir().join(&m.doc_path)).unwrap();
        let doc = &files.iter().find(|f| f.path == format!("docs/{}", m.doc_path)).unwrap().contents;
        match &m.kind {
            // An overlay that names a discriminator changes what the docs show: they say which
            // property tells the variants apart, and each variant's value of it. Less those
            // lines, they are the source.
            ModelKind::Union(u) if u.discriminator.is_some() => {
                let prop = u.discriminator.as_deref().unwrap();
                let tag_line = format!("`{prop}`: `");
                let stripped = doc
                    .split("\n\n")
                    .filter(|p| {
                        !p.starts_with(codegen::internals::doc_format::DISCRIMINATOR_INTRO) && !p.starts_with(&tag_line)
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n");
                assert_eq!(stripped, source, "{}", m.doc_path);
                assert_ne!(doc, &source);
                // And they read back into the same union.
                let span = codegen::internals::diag::Span::new(codegen::internals::diag::FileId(0), 0..doc.len());
                let Ok(markdown::Doc::Model(back)) = markdown::read(doc, span, &m.name.namespace, &m.doc_path) else {
                    panic!("{} does not read back", m.doc_path)
                };
                let ModelKind::Union(b) = &back.kind else { panic!("not a union") };
                assert_eq!(b.discriminator, u.discriminator);
                let tags = |u: &codegen::model::Union| u.variants.iter().map(|v| v.tag.clone()).collect::<Vec<_>>();
                assert_eq!(tags(b), tags(u));
                discriminated.push(m.name.name.clone());
            }
            _ => assert_eq!(doc, &source, "{}", m.doc_path),
        }
        compared += 1;
    }
    assert_eq!(compared, 278);
    assert_eq!(discriminated, ["DestinationOptions", "PaymentMethod", "SourceOptions"]);
}

#[test]
fn output_is_deterministic_whatever_order_the_files_are_created_in() {
    let (_, first) = generate();
    let (_, second) = generate();
    assert_eq!(first, second);
    // A copy whose files are created in reverse order (so directory listings differ).
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema-reversed");
    let _ = std::fs::remove_dir_all(&copy);
    let mut diags = codegen::Diagnostics::default();
    let mut inputs = codegen::internals::read::list_folder(&schema_dir(), &mut diags);
    inputs.reverse();
    for f in &inputs {
        let path = copy.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
    }
    let (third, _, _) = Config::new().schema_dir(&copy).generate().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, third.files);
}
