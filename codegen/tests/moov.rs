//! The real workload: the Moov model docs in the repository's `schema/` folder.

use std::collections::{BTreeMap, BTreeSet};
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
        (("operations".to_owned(), "struct"), 131),
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
    let namespaces = ["shared", "sdkerrors", "operations"];
    let per_namespace = |prefix: &str, suffix: &str| {
        namespaces.iter().map(|ns| count(&format!("{prefix}{ns}/"), suffix)).sum::<usize>()
    };
    assert_eq!(per_namespace("src/", ".rs"), 409);
    assert_eq!(per_namespace("json-schema/", ".json"), 409);
    assert_eq!(count("docs/pkg/models/", ".md"), 409);
    // The SDK's plumbing (`RawResponse *http.Response` in each response, one `io.ReadCloser`
    // body stream) stays in the docs only.
    let plumbing: usize = generated
        .schema
        .models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct(s) => s.sdk_fields.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(plumbing, 72);
}

#[test]
fn markdown_models_docs_equal_their_sources() {
    let (generated, files) = generate();
    let mut compared = 0;
    let mut required_changed = 0;
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
            // The imported facts say whether a field is required where the spec and the docs
            // disagree; the docs follow, in that row's Required cell. Less those cells, they are
            // the source.
            ModelKind::Struct(_) if doc != &source => {
                let (ours, theirs): (Vec<&str>, Vec<&str>) = (doc.lines().collect(), source.lines().collect());
                assert_eq!(ours.len(), theirs.len(), "{}", m.doc_path);
                for (a, b) in ours.iter().zip(&theirs).filter(|(a, b)| a != b) {
                    let cells = |row: &str| row.split('|').map(|c| c.trim().to_owned()).collect::<Vec<_>>();
                    let (mut a, mut b) = (cells(a), cells(b));
                    assert!(a.len() > 3 && a.len() == b.len(), "{}: {a:?} / {b:?}", m.doc_path);
                    assert_ne!(a[3], b[3], "{}: a row differs elsewhere than in Required", m.doc_path);
                    a[3].clear();
                    b[3].clear();
                    assert_eq!(a, b, "{}", m.doc_path);
                    required_changed += 1;
                }
            }
            _ => assert_eq!(doc, &source, "{}", m.doc_path),
        }
        compared += 1;
    }
    assert_eq!(compared, 409);
    // The nine booleans Moov's OpenAPI document requires (with `default: false`) and the docs do not.
    assert_eq!(required_changed, 9);
    assert_eq!(discriminated, ["DestinationOptions", "PaymentMethod", "SourceOptions"]);
    // Every doc of the folder is one of those models, but the SDK's `option.md` (its options,
    // not a model), so none is left out.
    let models: BTreeSet<&str> = generated.schema.models.iter().map(|m| m.doc_path.as_str()).collect();
    let mut docs = Vec::new();
    for ns in std::fs::read_dir(schema_dir().join("pkg/models")).unwrap() {
        for doc in std::fs::read_dir(ns.unwrap().path()).unwrap() {
            let path = doc.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                docs.push(path.strip_prefix(schema_dir()).unwrap().to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    let not_models: Vec<&String> = docs.iter().filter(|d| !models.contains(d.as_str())).collect();
    assert_eq!(not_models, ["pkg/models/operations/option.md"]);
    assert_eq!(docs.len(), 410);
}

#[test]
fn output_is_deterministic_whatever_order_the_files_are_created_in() {
    let (_, first) = generate();
    let (_, second) = generate();
    assert_eq!(first, second);
    // A copy whose files are created in reverse order (so directory listings differ), beside a
    // copy of the previous version's snapshot, which `codegen.yaml` names as `../schema-history/`.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moov-reversed");
    let _ = std::fs::remove_dir_all(&root);
    let copy = root.join("schema");
    let snapshot = schema_dir().join("../schema-history/0.1.0");
    std::fs::create_dir_all(root.join("schema-history/0.1.0")).unwrap();
    for file in ["index.json", "bundle.json"] {
        std::fs::copy(snapshot.join(file), root.join("schema-history/0.1.0").join(file)).unwrap();
    }
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

/// The operations namespace's request models hold an operation's path, query and header
/// parameters beside its body. Each parameter's wire name is its name in the OpenAPI document
/// the SDK was generated from (`accountID`, `X-Idempotency-Key`, `verification_status`):
/// the lowerCamel rule where that gives it, an overlay's `wire_name` where not.
#[test]
fn operations_parameters_keep_their_openapi_names() {
    let (generated, _) = generate();
    let openapi = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/moov-go/openapi/moov.yaml");
    let doc: serde_json::Value = serde_saphyr::from_str(&std::fs::read_to_string(openapi).unwrap()).unwrap();
    // Speakeasy's Go name of a parameter keeps its letters and digits: `X-Wait-For` -> `XWaitFor`.
    let letters = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let (mut parameters, mut requests) = (0, 0);
    let (mut wrong, mut without_model) = (Vec::new(), Vec::new());
    for item in doc["paths"].as_object().unwrap().values() {
        let common = item["parameters"].as_array().cloned().unwrap_or_default();
        for (method, op) in item.as_object().unwrap() {
            let Some(id) = op["operationId"].as_str().filter(|_| method != "parameters") else { continue };
            let own = op["parameters"].as_array().cloned().unwrap_or_default();
            if common.is_empty() && own.is_empty() {
                continue;
            }
            let name = format!("{}{}Request", id[..1].to_ascii_uppercase(), &id[1..]);
            let Some(model) =
                generated.schema.models.iter().find(|m| m.name.namespace == "operations" && m.name.name == name)
            else {
                without_model.push(id);
                continue;
            };
            let ModelKind::Struct(s) = &model.kind else { panic!("{name} is not a struct") };
            requests += 1;
            for p in common.iter().chain(&own) {
                let p = match p["$ref"].as_str() {
                    Some(r) => &doc["components"]["parameters"][r.rsplit('/').next().unwrap()],
                    None => p,
                };
                let wire = p["name"].as_str().unwrap();
                let field = s
                    .fields
                    .iter()
                    .find(|f| letters(&f.name) == letters(wire))
                    .unwrap_or_else(|| panic!("{name} has no field for parameter {wire}"));
                parameters += 1;
                if field.wire() != wire {
                    wrong.push(format!("{name}.{}: {} (the parameter is {wire})", field.name, field.wire()));
                }
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
    assert_eq!((requests, parameters), (60, 133));
    // Operations the SDK left out: one marked `x-speakeasy-ignore`, and `listTransfers`, of
    // which the SDK's docs have neither request nor response.
    assert_eq!(without_model, ["listTransfers", "getNetworkIDs"]);
}

/// Moov's facts came from its OpenAPI document through `codegen import`, and the committed
/// overlays are what a re-import writes: nothing is stale, and the importer changes nothing.
#[test]
fn the_imported_facts_are_what_a_re_import_writes() {
    const SPEC: &str = "codegen/tests/fixtures/moov-go/openapi/moov.yaml";
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let outcome = codegen::import::Import::new(root.join(SPEC))
        .spec_name(SPEC)
        .schema_dir(schema_dir())
        .run(codegen::Mode::Check)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!outcome.changes(), "a re-import would write {:?} and remove {:?}", outcome.written, outcome.removed);
    assert_eq!((outcome.matched, outcome.models), (407, 409));
    assert_eq!(outcome.unchanged, 275);
}

/// A spec schema with its `$ref`s followed and `allOf` members merged (properties, required,
/// `additionalProperties`, and the wrapper's own keywords).
fn spec_schema(
    components: &serde_json::Map<String, serde_json::Value>,
    schema: &serde_json::Value,
) -> serde_json::Value {
    use serde_json::Value;
    let mut schema = schema.clone();
    while let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
        schema = components[name].clone();
    }
    let Some(members) = schema.get("allOf").and_then(Value::as_array).cloned() else { return schema };
    let mut out = serde_json::json!({ "properties": {}, "required": [] });
    for member in members.iter().map(|m| spec_schema(components, m)) {
        for (k, v) in member.get("properties").and_then(Value::as_object).into_iter().flatten() {
            out["properties"][k] = v.clone();
        }
        for r in member.get("required").and_then(Value::as_array).into_iter().flatten() {
            out["required"].as_array_mut().unwrap().push(r.clone());
        }
        if let Some(v) = member.get("additionalProperties") {
            out["additionalProperties"] = v.clone();
        }
    }
    // The wrapper's own keywords (`nullable: true` beside the `allOf`, say).
    for (k, v) in schema.as_object().unwrap().iter().filter(|(k, _)| *k != "allOf") {
        out.as_object_mut().unwrap().entry(k.clone()).or_insert_with(|| v.clone());
    }
    out
}

/// Issue 15's table, measured: for every published model whose name is a component schema of
/// Moov's OpenAPI document, the published schema says what the spec says of each property (name,
/// required, nullable, lengths, pattern, format, default) and of the model (closed or not). What
/// still differs is where the spec contradicts the docs or itself, each listed here.
#[test]
fn the_published_schemas_say_what_moovs_openapi_document_says() {
    use serde_json::Value;
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/moov-go/openapi/moov.yaml");
    let spec: Value = serde_saphyr::from_str(&std::fs::read_to_string(spec_path).unwrap()).unwrap();
    let components = spec["components"]["schemas"].as_object().unwrap();
    let (_, files) = generate();
    let mut rows: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut row = |what: &str, same: bool, at: String| {
        let entry = rows.entry(what.to_owned()).or_default();
        if same { entry.0 += 1 } else { entry.1.push(at) }
    };
    for file in files.iter().filter(|f| f.path.starts_with("json-schema/") && f.path.matches('/').count() == 2) {
        let published: Value = serde_json::from_str(&file.contents).unwrap();
        let title = published["title"].as_str().unwrap();
        let Some(component) = components.get(title) else { continue };
        let theirs = spec_schema(components, component);
        if let Some(false) = theirs.get("additionalProperties").and_then(Value::as_bool) {
            row("additionalProperties: false", published["additionalProperties"] == false, title.to_owned());
        }
        let Some(props) = theirs.get("properties").and_then(Value::as_object) else { continue };
        let ours = published.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        let listed =
            |schema: &Value, name: &str| schema["required"].as_array().is_some_and(|r| r.iter().any(|v| v == name));
        for (name, mine) in &ours {
            let at = format!("{title}.{name}");
            let Some(spec_prop) = props.get(name) else {
                row("property names", false, at);
                continue;
            };
            row("property names", true, at.clone());
            let spec_prop = spec_schema(components, spec_prop);
            row("required", listed(&published, name) == listed(&theirs, name), at.clone());
            let allows_null = |v: &Value| match &v["type"] {
                Value::Array(types) => types.iter().any(|t| t == "null"),
                _ => v["anyOf"].as_array().is_some_and(|o| o.iter().any(|o| o["type"] == "null")),
            };
            let spec_null = spec_prop["nullable"] == true;
            row("nullable", allows_null(mine) == spec_null, at.clone());
            for key in ["maxLength", "minLength", "pattern", "format", "default"] {
                if let Some(v) = spec_prop.get(key) {
                    row(key, mine.get(key) == Some(v), format!("{at} ({v})"));
                }
            }
        }
    }
    let summary: Vec<String> =
        rows.iter().map(|(what, (same, differ))| format!("{what}: {same} match, {} differ", differ.len())).collect();
    let differ = |what: &str| rows.get(what).map(|r| r.1.clone()).unwrap_or_default();
    // Fields of the docs that the spec's component of the name does not list (the SDK's request
    // models of the same names have them).
    assert_eq!(
        differ("property names"),
        ["Business.taxID", "Individual.birthDate", "Individual.governmentID"],
        "{summary:?}"
    );
    for what in ["required", "nullable", "maxLength", "minLength", "default"] {
        assert!(differ(what).is_empty(), "{what}: {:?}\n{summary:?}", differ(what));
    }
    // A file part of a multipart body: `binary` describes bytes, not the JSON the docs' struct is.
    assert_eq!(differ("format"), ["FileUploadRequest.file (\"binary\")"], "{summary:?}");
    // The union `PaymentMethod`: its closedness is its variants', which are closed.
    assert_eq!(differ("additionalProperties: false"), ["PaymentMethod"], "{summary:?}");
    // Patterns that escape `-` outside a class: not ECMA-262 in Unicode mode, so not imported.
    let patterns = differ("pattern");
    assert!(!patterns.is_empty() && patterns.iter().all(|p| p.contains(r"\\-")), "{patterns:?}");
    // The rows hold for enough of the document to mean something.
    assert!(rows["property names"].0 > 400 && rows["maxLength"].0 > 100, "{summary:?}");
}
