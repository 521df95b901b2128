//! The published wire names are the API's, as its OpenAPI document
//! (`openapi/openai-openapi-2.0.0.yaml`, see `openapi/SOURCE.md`) spells them: every property a
//! published model has that the document describes is spelled as the document spells it.
//!
//! The docs carry no wire names; `schema/codegen.yaml` derives them (snake_case), overlays set
//! the ones no rule makes, and `codegen import` checked them against the same document (it
//! writes a `wire_name` where they differ, and writes none). This test holds the published
//! schemas to the document independently. Each published model is paired with the document's
//! object that describes it: for an operation's request, the operation's parameters; else the
//! component of its name; else the object sharing the most of its properties (names compared
//! without case and punctuation, as Speakeasy's Go names drop them: `self-harm/intent` is
//! `SelfHarmIntent`), the closest where several share as many. What the document does not
//! describe is counted by why.

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

/// The property names of every object schema under `value`, wherever it stands.
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

/// What the document says of the operations: by `operationId`, its parameters' names and its
/// request body's component (which the SDK's request model holds as a field of that name).
fn operations(spec: &Value) -> BTreeMap<String, (Vec<String>, Option<String>)> {
    let mut out = BTreeMap::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let Some(id) = op["operationId"].as_str() else { continue };
            let params = op["parameters"].as_array().into_iter().flatten();
            let params = params.filter_map(|p| p["name"].as_str().map(str::to_owned)).collect();
            let body = op["requestBody"]["content"].as_object().into_iter().flatten().find_map(|(_, media)| {
                media["schema"]["$ref"].as_str().and_then(|r| r.rsplit('/').next()).map(str::to_owned)
            });
            out.insert(id.to_owned(), (params, body));
        }
    }
    out
}

/// The properties the docs have and this state of the document does not yet: the API's
/// additions of early 2024 (`openapi/SOURCE.md`).
const NEWER_THAN_THE_DOCUMENT: &[&str] = &[
    "shared.ChatCompletionRequestAssistantMessage.name",
    "shared.ChatCompletionRequestSystemMessage.name",
    "shared.ChatCompletionRequestUserMessage.name",
    "shared.ChatCompletionTokenLogprob.bytes",
    "shared.ChatCompletionTokenLogprob.logprob",
    "shared.ChatCompletionTokenLogprob.token",
    "shared.ChatCompletionTokenLogprob.top_logprobs",
    "shared.Choices.logprobs",
    "shared.CreateChatCompletionRequest.logprobs",
    "shared.CreateChatCompletionRequest.top_logprobs",
    "shared.CreateEmbeddingRequest.dimensions",
    "shared.CreateRunRequest.additional_instructions",
    "shared.CreateTranscriptionRequest.timestamp_granularities",
    "shared.RunObject.usage",
    "shared.RunStepObject.usage",
    "shared.TopLogprobs.bytes",
    "shared.TopLogprobs.logprob",
    "shared.TopLogprobs.token",
];

#[test]
fn wire_names_are_the_openapi_documents() {
    let text = std::fs::read_to_string(root().join("openapi/openai-openapi-2.0.0.yaml")).unwrap();
    let spec: Value = serde_saphyr::from_str(&text).unwrap();
    let components = spec["components"]["schemas"].as_object().unwrap();
    let operations = operations(&spec);
    let mut objects = Vec::new();
    object_schemas(&spec["components"], &mut objects);
    object_schemas(&spec["paths"], &mut objects);

    let index = load_json("index.json");
    let mut checked = 0;
    let mut wrong = Vec::new();
    // Published properties the document does not describe, by why.
    let mut undescribed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for model in index["models"].as_array().unwrap() {
        let name = model["name"].as_str().unwrap();
        let schema = load_json(model["file"].as_str().unwrap());
        let Some(Value::Object(props)) = schema.get("properties") else { continue };
        // The model's own name (the published `title` is prefixed with its namespace where two
        // namespaces have one name: `OperationsCreateRunRequest`).
        let title = name.rsplit('.').next().unwrap();
        let ours: BTreeMap<String, &str> = props.keys().map(|k| (loose(k), k.as_str())).collect();
        let operation = title
            .strip_suffix("Request")
            .filter(|_| name.starts_with("operations."))
            .map(|op| format!("{}{}", op[..1].to_ascii_lowercase(), &op[1..]))
            .and_then(|id| operations.get(&id));
        let theirs: Option<Vec<String>> = match (operation, components.get(title)) {
            (Some((params, _)), _) => Some(params.clone()),
            (None, Some(component)) => {
                Some(component["properties"].as_object().into_iter().flatten().map(|(k, _)| k.clone()).collect())
            }
            (None, None) => objects
                .iter()
                .map(|t| (t, t.iter().filter(|p| ours.contains_key(&loose(p))).count()))
                .filter(|(_, shared)| *shared >= ours.len().min(2))
                .max_by_key(|(t, shared)| (*shared, std::cmp::Reverse(t.len() - shared)))
                .map(|(t, _)| t.clone()),
        };
        let described: Vec<&String> = theirs.iter().flatten().filter(|t| ours.contains_key(&loose(t))).collect();
        for t in &described {
            checked += 1;
            let published = ours[&loose(t)];
            if published != t.as_str() {
                wrong.push(format!("{name}: published `{published}`, the document says `{t}`"));
            }
        }
        for (key, published) in &ours {
            if described.iter().any(|t| loose(t) == *key) {
                continue;
            }
            let at = format!("{name}.{published}");
            let why = if name.starts_with("operations.") && title.ends_with("Response") {
                // `content_type`, `status_code` and the body: the SDK's wrapper of a response.
                "the SDK's wrapper of a response"
            } else if operation.is_some_and(|(_, body)| body.as_deref().is_some_and(|b| loose(b) == *key)) {
                "an operation's body, held under its component's name"
            } else if matches!(*published, "content" | "file_name") {
                "a file of a multipart body, the SDK's struct of its name and bytes"
            } else if name == "shared.Security" {
                "the SDK's security settings"
            } else if NEWER_THAN_THE_DOCUMENT.contains(&at.as_str()) {
                "newer than the document"
            } else {
                "not described, for no known reason"
            };
            undescribed.entry(why).or_default().push(at);
        }
    }
    assert!(wrong.is_empty(), "{} wire names differ from the document:\n{}", wrong.len(), wrong.join("\n"));
    let counts: BTreeMap<&str, usize> = undescribed.iter().map(|(why, props)| (*why, props.len())).collect();
    assert!(
        !undescribed.contains_key("not described, for no known reason"),
        "published properties the document does not describe: {:?}",
        undescribed["not described, for no known reason"]
    );
    assert_eq!(undescribed["newer than the document"], NEWER_THAN_THE_DOCUMENT);
    // Every property the document describes is checked: a change in these counts means the
    // pairing, the document or the models changed.
    assert_eq!(checked, 541, "{counts:?}");
    assert_eq!(
        counts,
        BTreeMap::from([
            ("a file of a multipart body, the SDK's struct of its name and bytes", 12),
            ("an operation's body, held under its component's name", 8),
            ("newer than the document", 18),
            ("the SDK's security settings", 1),
            ("the SDK's wrapper of a response", 153),
        ])
    );
}
