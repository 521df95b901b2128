//! The published wire names are the API's, as its OpenAPI document (`openapi/openapi.yaml`)
//! spells them, for every field the document describes.
//!
//! The docs carry no wire names; `schema/codegen.yaml` derives them (snake_case) and overlays set
//! the ones no rule makes. This test finds, for each published model, the object schema of the
//! document that shares the most of its properties (names compared without case and
//! punctuation, as Speakeasy's Go names drop them: `self-harm/intent` is `SelfHarmIntent`), and
//! checks that every shared property is spelled as the document spells it. The document is
//! older than the docs (see `schema/SOURCE.md`), so it describes about a third of the fields;
//! the rest are checked when the facts issue imports a document that matches.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load_json(file: &str) -> Value {
    let text = std::fs::read_to_string(root().join("json-schema").join(file)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A property name without case or punctuation: what Speakeasy's Go name keeps of it.
fn loose(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The property names of every object schema in the document, wherever it stands.
fn object_schemas(value: &Value, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::Object(props)) = obj.get("properties") {
                out.push(props.keys().cloned().collect());
            }
            obj.values().for_each(|v| object_schemas(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| object_schemas(v, out)),
        _ => {}
    }
}

#[test]
fn wire_names_are_the_openapi_documents() {
    let text = std::fs::read_to_string(root().join("openapi/openapi.yaml")).unwrap();
    let spec: Value = serde_saphyr::from_str(&text).unwrap();
    let mut objects = Vec::new();
    object_schemas(&spec, &mut objects);
    assert!(objects.len() > 50, "the document's object schemas were not found");

    let index = load_json("index.json");
    let (mut checked, mut models) = (0, 0);
    let mut wrong = Vec::new();
    for model in index["models"].as_array().unwrap() {
        let file = model["file"].as_str().unwrap();
        let schema = load_json(file);
        let Some(Value::Object(props)) = schema.get("properties") else { continue };
        let ours: BTreeMap<String, &str> = props.keys().map(|k| (loose(k), k.as_str())).collect();
        // The document's object sharing the most properties; at least two, or the only one.
        let best = objects
            .iter()
            .map(|theirs| theirs.iter().filter(|t| ours.contains_key(&loose(t))).collect::<Vec<_>>())
            .filter(|shared| shared.len() >= ours.len().min(2))
            .max_by_key(Vec::len);
        let Some(shared) = best else { continue };
        models += 1;
        for theirs in shared {
            checked += 1;
            let published = ours[&loose(theirs)];
            if published != theirs {
                wrong.push(format!("{file}: published `{published}`, the document says `{theirs}`"));
            }
        }
    }
    assert!(wrong.is_empty(), "{} wire names differ from the document:\n{}", wrong.len(), wrong.join("\n"));
    // What the document describes today: a drop means the matching broke, not that all is well.
    assert!(models >= 70 && checked >= 240, "only {checked} wire names of {models} models checked");
}
