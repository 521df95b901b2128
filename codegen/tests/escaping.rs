//! Text from the definitions never breaks out of its place: arbitrary descriptions, examples
//! and enum values go through all three emitters and come out verbatim, the Rust still parses,
//! and the docs read back to the same model.

use codegen::internals::check::check;
use codegen::internals::diag::Span;
use codegen::internals::emit;
use codegen::internals::read::markdown::{self, Doc};
use codegen::model::Settings;
use codegen::model::*;
use codegen::{Header, RustLayout};
use proptest::prelude::*;

/// Pieces that have broken generators before: quotes, escapes, comment ends, table pipes,
/// backticks, HTML, brackets, attributes, markdown line breaks and newlines.
fn nasty_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("*/".to_owned()),
        Just("/*".to_owned()),
        Just("|".to_owned()),
        Just("`".to_owned()),
        Just("<script>".to_owned()),
        Just("]]".to_owned()),
        Just("[[".to_owned()),
        Just("#[cfg(test)]".to_owned()),
        Just("<br/>".to_owned()),
        Just("\n".to_owned()),
        Just("{}".to_owned()),
        Just("é€😀".to_owned()),
        "[a-zA-Z0-9]{1,8}",
        Just(" ".to_owned()),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|p| p.concat()).prop_filter(
        "a cell's text, as the reader gives it back",
        |s| {
            s.trim() == s
                && !s.is_empty()
                && s != "N/A"
                && s.lines().all(|l| l.trim_end() == l && !l.trim_start().starts_with("```"))
                && !s.contains("\n\n\n")
                && !s.ends_with('\n')
        },
    )
}

/// A model description: one line, since a description line may itself be markdown structure.
fn nasty_line() -> impl Strategy<Value = String> {
    nasty_text().prop_map(|s| format!("Text {}", s.replace('\n', " ").replace("  ", " ")))
}

fn field(name: &str, ty: FieldType, description: Option<String>, example: Option<String>) -> Field {
    Field {
        name: name.to_owned(),
        span: Span::DETACHED,
        ty,
        ty_span: Span::DETACHED,
        required: true,
        required_override: None,
        nullable: None,
        description,
        deprecation: None,
        example,
        example_span: Span::DETACHED,
        extra_examples: Vec::new(),
        wire_name: None,
        constraints: Constraints::default(),
        constraint_spans: Vec::new(),
        default: None,
        default_span: Span::DETACHED,
        rust_name: String::new(),
        boxed: false,
        typed_examples: Vec::new(),
    }
}

fn model(name: &str, description: Option<String>, kind: ModelKind) -> Model {
    Model {
        name: QualifiedName { namespace: "ns".into(), name: name.into() },
        doc_path: format!("ns/{}.md", name.to_lowercase()),
        format: SourceFormat::Markdown,
        span: Span::DETACHED,
        description,
        deprecation: None,
        kind,
        doc_style: DocStyle::default(),
        wire_rule: None,
        rust_name: String::new(),
        file_stem: String::new(),
        schema_name: String::new(),
        chosen_rust_name: None,
        rust_extras: Default::default(),
    }
}

fn string() -> FieldType {
    FieldType {
        wrappers: vec![],
        pointer: false,
        base: BaseType::Primitive(Primitive::String),
        notation: TypeNotation::Emphasis,
    }
}

/// The doc text of the item whose attributes these are, as rustdoc sees it.
fn doc_of(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
                _ => panic!("doc is not a string"),
            },
            _ => panic!("doc is not name = value"),
        })
        .map(|l| l.strip_prefix(' ').unwrap_or(&l).to_owned())
        .collect();
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn text_survives_every_emitter(model_desc in nasty_line(), field_desc in nasty_text(), example in nasty_text(), value in nasty_text()) {
        let s = Struct { fields: vec![field("Note", string(), Some(field_desc.clone()), Some(example.clone()))], example_column: true, sdk_fields: Vec::new(), additional_properties: None };
        let e = Enum { values: vec![EnumValue { name: "ColourOdd".into(), value: value.clone(), span: Span::DETACHED, rust_name: String::new() }], usage: None, unknown_variant: String::new() };
        let models = vec![model("Thing", Some(model_desc.clone()), ModelKind::Struct(s)), model("Colour", None, ModelKind::Enum(e))];
        let (schema, _) = check(models, vec![], Settings::default()).map_err(|d| TestCaseError::fail(format!("{d:?}"))).unwrap();
        let header = Header { command: "test".into() };

        // Rust: every file parses, and the docs hold the text exactly.
        for file in emit::rust::emit(&schema, &header, &emit::rust::RustOptions { layout: RustLayout::Crate, schemars_feature: None, crate_docs: None }, &()).files {
            let parsed: syn::File = syn::parse_file(&file.contents).map_err(|e| TestCaseError::fail(format!("{}: {e}\n{}", file.path, file.contents))).unwrap();
            if file.path.ends_with("thing.rs") {
                let item = parsed.items.iter().find_map(|i| match i { syn::Item::Struct(s) => Some(s), _ => None }).unwrap();
                prop_assert_eq!(doc_of(&item.attrs), model_desc.clone());
                let f = item.fields.iter().next().unwrap();
                prop_assert!(doc_of(&f.attrs).starts_with(&field_desc), "{}", doc_of(&f.attrs));
            }
            if file.path.ends_with("colour.rs") {
                prop_assert!(file.contents.contains(&format!("rename = {:?}", value)) || file.contents.contains("rename = r"), "{}", file.contents);
            }
        }

        // JSON Schema: the text is the description, and the enum value is the value.
        let files = emit::json_schema::emit(&schema, &header);
        let thing: serde_json::Value = serde_json::from_str(&files.iter().find(|f| f.path == "ns/thing.json").unwrap().contents).unwrap();
        prop_assert_eq!(thing["description"].as_str(), Some(model_desc.as_str()));
        prop_assert_eq!(thing["properties"]["note"]["description"].as_str(), Some(field_desc.as_str()));
        let colour: serde_json::Value = serde_json::from_str(&files.iter().find(|f| f.path == "ns/colour.json").unwrap().contents).unwrap();
        prop_assert_eq!(colour["anyOf"][0]["enum"][0].as_str(), Some(value.as_str()));

        // Markdown: the docs read back into the same texts, and emit the same docs again.
        for m in &schema.models {
            let doc = emit::markdown::model_doc(m);
            let span = Span::new(codegen::internals::diag::FileId(0), 0..doc.len());
            let back = match markdown::read(&doc, span, "ns", &m.doc_path) {
                Ok(Doc::Model(b)) => b,
                other => return Err(TestCaseError::fail(format!("{other:?}\n{doc}"))),
            };
            prop_assert_eq!(&back.description, &m.description);
            match (&back.kind, &m.kind) {
                (ModelKind::Struct(b), ModelKind::Struct(a)) => {
                    prop_assert_eq!(&b.fields[0].description, &a.fields[0].description);
                    prop_assert_eq!(&b.fields[0].example, &a.fields[0].example);
                }
                (ModelKind::Enum(b), ModelKind::Enum(a)) => prop_assert_eq!(&b.values[0].value, &a.values[0].value),
                _ => unreachable!(),
            }
            prop_assert_eq!(emit::markdown::model_doc(&back), doc);
        }
    }
}
