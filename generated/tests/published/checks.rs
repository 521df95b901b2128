// The checks of `published.rs`, shared with the `openai-models` crate (`include!`d by both, after
// `mod models;`, `use models::for_each_model;` and a glob import of the crate under test).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn json_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("json-schema")
}

fn load(file: &str) -> Value {
    let path = json_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Resolves a relative `$ref` of one published file against that file's path.
fn resolve(from_file: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for p in reference.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The published files keyed by `title` (the name `schemars` gives `$defs` entries).
fn published_by_title() -> BTreeMap<String, String> {
    let index = load("index.json");
    index["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["title"].as_str().unwrap().to_owned(), m["file"].as_str().unwrap().to_owned()))
        .collect()
}

/// A model's own schema as it stands under `$defs`: no root-only keywords, and a reference to
/// itself (`#` at the root of its file) by its `$defs` name.
fn body(mut schema: Value) -> Value {
    fn retarget(value: &mut Value, to: &str) {
        match value {
            Value::Object(obj) => obj.iter_mut().for_each(|(k, v)| {
                if k == "$ref" && v == "#" {
                    *v = to.into();
                } else {
                    retarget(v, to);
                }
            }),
            Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, to)),
            _ => {}
        }
    }
    let title = schema["title"].as_str().unwrap().to_owned();
    let obj = schema.as_object_mut().unwrap();
    for key in ["$schema", "$id", "$comment", "title", "$defs"] {
        obj.remove(key);
    }
    retarget(&mut schema, &format!("#/$defs/{title}"));
    schema
}

fn compare<T: JsonSchema>(file: &str, by_title: &BTreeMap<String, String>) -> Result<(), String> {
    let mut derived = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let published = load(file);
    let derived_defs = derived.as_object_mut().unwrap().remove("$defs").unwrap_or(json!({}));
    let mut root = derived.clone();
    root.as_object_mut().unwrap().remove("$schema");
    let mut published_root = published.clone();
    for key in ["$schema", "$id", "$comment", "$defs"] {
        published_root.as_object_mut().unwrap().remove(key);
    }
    if root != published_root {
        return Err(format!(
            "{file}: schemars derives\n{}\nbut the published schema is\n{}",
            serde_json::to_string_pretty(&root).unwrap(),
            serde_json::to_string_pretty(&published_root).unwrap()
        ));
    }
    // `$defs`: schemars inlines every model reached; the published file points at each one's own
    // file. Follow the files and compare model by model.
    let mut reached = BTreeSet::new();
    let mut queue = vec![file.to_owned()];
    while let Some(f) = queue.pop() {
        let schema = load(&f);
        for (name, stub) in schema["$defs"].as_object().into_iter().flatten() {
            let target = resolve(&f, stub["$ref"].as_str().unwrap());
            if by_title.get(name) != Some(&target) {
                return Err(format!("{f}: `$defs/{name}` points at {target}, not at the file titled {name}"));
            }
            if reached.insert(name.clone()) {
                queue.push(target);
            }
        }
    }
    let derived_names: BTreeSet<String> = derived_defs.as_object().unwrap().keys().cloned().collect();
    let self_title = published["title"].as_str().unwrap().to_owned();
    reached.remove(&self_title);
    let mut derived_names_no_self = derived_names.clone();
    derived_names_no_self.remove(&self_title);
    if derived_names_no_self != reached {
        return Err(format!("{file}: schemars reaches {derived_names:?}, the published files {reached:?}"));
    }
    for (name, def) in derived_defs.as_object().unwrap() {
        let theirs = body(load(&by_title[name]));
        if *def != theirs {
            return Err(format!(
                "{file}: `$defs/{name}` derived as\n{}\npublished as\n{}",
                serde_json::to_string_pretty(def).unwrap(),
                serde_json::to_string_pretty(&theirs).unwrap()
            ));
        }
    }
    Ok(())
}

#[test]
fn schemars_derives_the_published_schema() {
    let by_title = published_by_title();
    let mut failures = Vec::new();
    let mut count = 0;
    macro_rules! check {
        ($t:ty, $file:literal, $kind:ident) => {
            count += 1;
            if let Err(e) = compare::<$t>($file, &by_title) {
                failures.push(e);
            }
        };
    }
    for_each_model!(check);
    assert_eq!(count, by_title.len(), "every published model has a Rust type");
    assert!(failures.is_empty(), "{} of {count} models differ:\n{}", failures.len(), failures.join("\n\n"));
}

/// Every published file keyed by its `$id`, for resolving references across files.
fn registry() -> jsonschema::Registry<'static> {
    let index = load("index.json");
    let mut registry = jsonschema::Registry::new();
    for m in index["models"].as_array().unwrap() {
        registry = registry.add(m["$id"].as_str().unwrap(), load(m["file"].as_str().unwrap())).unwrap();
    }
    registry.prepare().unwrap()
}

fn all_files() -> Vec<String> {
    let index = load("index.json");
    let mut files: Vec<String> =
        index["models"].as_array().unwrap().iter().map(|m| m["file"].as_str().unwrap().to_owned()).collect();
    files.push("bundle.json".to_owned());
    files
}

#[test]
fn published_files_are_valid_draft_2020_12_and_every_ref_resolves() {
    let registry = registry();
    for file in all_files() {
        let schema = load(&file);
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{file}");
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{file} is not valid draft 2020-12: {e}");
        }
        // Building a validator resolves every `$ref`.
        if let Err(e) = jsonschema::options().with_registry(&registry).build(&schema) {
            panic!("{file}: {e}");
        }
    }
}

/// A value for a schema: its first example, or one made up from its type.
fn instance(schema: &Value, file: &str, depth: usize) -> Value {
    if let Some(e) = schema.get("examples").and_then(|e| e.get(0)) {
        return e.clone();
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").unwrap();
        let here = load(file);
        let target = resolve(file, here["$defs"][name]["$ref"].as_str().unwrap());
        return model_instance(&target, depth + 1);
    }
    if let Some(options) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        let first = options.iter().find(|o| o.get("type") != Some(&json!("null"))).unwrap();
        let mut value = instance(first, file, depth);
        if let (Some(props), Some(obj)) = (first.get("properties"), value.as_object_mut()) {
            for (k, v) in props.as_object().unwrap() {
                obj.insert(k.clone(), v["const"].clone());
            }
        }
        return value;
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[0].clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types[0].as_str().unwrap().to_owned(),
        Value::String(t) => t.clone(),
        _ => return json!("anything"),
    };
    match ty.as_str() {
        "string" if schema["format"] == "date-time" => json!("2024-02-22T10:00:00Z"),
        "string" if schema["contentEncoding"] == "base64" => json!("aGVsbG8="),
        "string" => json!("text"),
        "integer" => json!(7),
        "number" => json!(1.5),
        "boolean" => json!(true),
        "array" if depth < 4 => json!([instance(&schema["items"], file, depth + 1)]),
        "array" => json!([]),
        "object" if schema.get("properties").is_some() => object_instance(schema, file, depth),
        _ => json!({}),
    }
}

fn object_instance(schema: &Value, file: &str, depth: usize) -> Value {
    let required: BTreeSet<&str> =
        schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut out = serde_json::Map::new();
    for (name, prop) in schema["properties"].as_object().unwrap() {
        let usable = prop.get("examples").is_some() && depth < 4;
        if required.contains(name.as_str()) || usable {
            out.insert(name.clone(), instance(prop, file, depth));
        }
    }
    Value::Object(out)
}

fn model_instance(file: &str, depth: usize) -> Value {
    let schema = load(file);
    if schema.get("properties").is_some() {
        object_instance(&schema, file, depth)
    } else {
        instance(&schema, file, depth)
    }
}

fn round_trip<T: Serialize + DeserializeOwned>(file: &str, validator: &jsonschema::Validator) -> Result<(), String> {
    let value = model_instance(file, 0);
    // Kept for validators outside Rust (`.ci/validate_schemas.py` checks them with Python's jsonschema).
    let saved = Path::new(env!("CARGO_TARGET_TMPDIR")).join("instances").join(env!("CARGO_PKG_NAME")).join(file);
    std::fs::create_dir_all(saved.parent().unwrap()).unwrap();
    std::fs::write(&saved, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    if let Err(e) = validator.validate(&value) {
        return Err(format!("{file}: instance {value} does not validate: {e}"));
    }
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("{file}: {value} does not deserialize: {e}"))?;
    let back = serde_json::to_value(&typed).unwrap();
    if back != value {
        return Err(format!("{file}: {value} serializes back as {back}"));
    }
    Ok(())
}

#[test]
fn an_instance_of_every_model_validates_and_round_trips() {
    let registry = registry();
    let mut failures = Vec::new();
    macro_rules! check {
        ($t:ty, $file:literal, $kind:ident) => {
            let validator = jsonschema::options().with_registry(&registry).build(&load($file)).unwrap();
            if let Err(e) = round_trip::<$t>($file, &validator) {
                failures.push(e);
            }
        };
    }
    for_each_model!(check);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_enum_value_and_an_unknown_one_round_trip() {
    fn values<T: Serialize + DeserializeOwned>(file: &str) -> Result<(), String> {
        let schema = load(file);
        let mut values: Vec<Value> = schema["anyOf"][0]["enum"].as_array().unwrap().clone();
        values.push(json!("a-value-added-later"));
        for value in values {
            let typed: T = serde_json::from_value(value.clone()).map_err(|e| format!("{file}: {value}: {e}"))?;
            let back = serde_json::to_value(&typed).unwrap();
            if back != value {
                return Err(format!("{file}: {value} serializes back as {back}"));
            }
        }
        Ok(())
    }
    let mut failures: Vec<String> = Vec::new();
    let mut enums = 0;
    macro_rules! check {
        ($t:ty, $file:literal, enum) => {
            enums += 1;
            if let Err(e) = values::<$t>($file) {
                failures.push(e);
            }
        };
        ($t:ty, $file:literal, $kind:ident) => {};
    }
    for_each_model!(check);
    assert!(enums > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The API's own examples, from its OpenAPI document (`SPEC`, beside the including test; `None`
/// where the crate has no document that matches its models): each schema-level `example` of a
/// component a model is named after, each object assembled from the `example`s of a component's
/// properties (where every required property has one), and each `examples` value of a request or
/// response body. Each must validate against the model's published schema, deserialize into its
/// Rust type and serialize back unchanged. Returns the instances by kind, and the failures.
fn spec_examples() -> (BTreeMap<&'static str, usize>, Vec<String>) {
    let mut counts = BTreeMap::new();
    let mut failures = Vec::new();
    let Some(spec) = SPEC else { return (counts, failures) };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let spec: Value = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let components = spec["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let follow = |mut v: Value| {
        while let Some(name) = v.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
            v = components.get(name).cloned().unwrap_or(Value::Null);
        }
        v
    };
    // (component, kind, instance)
    let mut instances: Vec<(String, &'static str, Value)> = Vec::new();
    for (name, schema) in &components {
        if let Some(e) = schema.get("example") {
            instances.push((name.clone(), "schema-level", e.clone()));
        }
        let Some(props) = schema.get("properties").and_then(Value::as_object) else { continue };
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let mut object = serde_json::Map::new();
        for (p, prop) in props {
            if let Some(e) = prop.get("example").cloned().or_else(|| follow(prop.clone()).get("example").cloned()) {
                object.insert(p.clone(), e);
            }
        }
        if !object.is_empty() && required.iter().all(|r| object.contains_key(*r)) {
            instances.push((name.clone(), "assembled from properties", Value::Object(object)));
        }
    }
    let named_examples = spec["components"]["examples"].as_object().cloned().unwrap_or_default();
    for operation in
        spec["paths"].as_object().into_iter().flatten().flat_map(|(_, p)| p.as_object().into_iter().flatten())
    {
        let bodies = std::iter::once(&operation.1["requestBody"])
            .chain(operation.1["responses"].as_object().into_iter().flatten().map(|(_, r)| r));
        for body in bodies {
            let media = &body["content"]["application/json"];
            let Some(component) = media["schema"]["$ref"].as_str().and_then(|r| r.rsplit('/').next()) else { continue };
            for (_, example) in media["examples"].as_object().into_iter().flatten() {
                let example = match example["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
                    Some(name) => named_examples.get(name).cloned().unwrap_or(Value::Null),
                    None => example.clone(),
                };
                if let Some(value) = example.get("value") {
                    instances.push((component.to_owned(), "under paths", value.clone()));
                }
            }
        }
    }
    let by_title = published_by_title();
    let registry = registry();
    for (component, kind, value) in instances {
        let Some(file) = by_title.get(&component) else { continue };
        let validator = jsonschema::options().with_registry(&registry).build(&load(file)).unwrap();
        if let Err(e) = validator.validate(&value) {
            failures.push(format!("{component} ({kind}): {value} does not validate: {e}"));
            continue;
        }
        let mut round_trip = Err(format!("{file} has no Rust type"));
        macro_rules! check {
            ($t:ty, $file:literal, $kind:ident) => {
                if $file == file {
                    round_trip = serde_json::from_value::<$t>(value.clone())
                        .map_err(|e| format!("does not deserialize: {e}"))
                        .map(|typed| serde_json::to_value(&typed).unwrap())
                        .and_then(
                            |back| if back == value { Ok(()) } else { Err(format!("serializes back as {back}")) },
                        );
                }
            };
        }
        for_each_model!(check);
        match round_trip {
            Ok(()) => *counts.entry(kind).or_default() += 1,
            Err(e) => failures.push(format!("{component} ({kind}): {value} {e}")),
        }
    }
    (counts, failures)
}

#[test]
fn the_apis_own_examples_validate_and_round_trip() {
    let (counts, failures) = spec_examples();
    println!("the API's examples that validate and round-trip: {counts:?}");
    // Where the spec contradicts itself (`SPEC_CONTRADICTIONS`, beside `SPEC`: the failures'
    // start, how many, why), and nowhere else.
    let listed = |f: &String| SPEC_CONTRADICTIONS.iter().any(|(start, _, _)| f.starts_with(start));
    let unknown: Vec<&String> = failures.iter().filter(|f| !listed(f)).collect();
    assert!(unknown.is_empty(), "{} examples fail:\n{}", unknown.len(), failures.join("\n"));
    for (start, count, _) in SPEC_CONTRADICTIONS {
        let found = failures.iter().filter(|f| f.starts_with(start)).count();
        assert_eq!(found, *count, "{start}: the spec's contradiction changed:\n{}", failures.join("\n"));
    }
    assert_eq!(counts.values().sum::<usize>(), SPEC_EXAMPLES, "{counts:?}");
}

/// The formats `validate()` asserts; the published schemas' other formats are annotations only.
const ASSERTED_FORMATS: &[&str] = &["date-time", "date", "time", "uuid", "ipv4", "ipv6"];

/// A validator of a published file that asserts the formats `validate()` asserts, and no other.
fn asserting_validator(
    registry: &jsonschema::Registry<'static>,
    file: &str,
    formats: &BTreeSet<String>,
) -> jsonschema::Validator {
    let mut options = jsonschema::options().with_registry(registry).should_validate_formats(true);
    for format in formats.iter().filter(|f| !ASSERTED_FORMATS.contains(&f.as_str())) {
        options = options.with_format(format.clone(), |_: &str| true);
    }
    options.build(&load(file)).unwrap()
}

/// Every `format` of the published files.
fn published_formats() -> BTreeSet<String> {
    fn collect(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(obj) => {
                if let Some(Value::String(f)) = obj.get("format") {
                    out.insert(f.clone());
                }
                obj.values().for_each(|v| collect(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for file in all_files() {
        collect(&load(&file), &mut out);
    }
    out
}

/// Whether a schema lets `null` through (a `type` list with it, or an `anyOf` arm of it).
fn allows_null(schema: &Value) -> bool {
    schema["type"] == "null"
        || schema["type"].as_array().is_some_and(|t| t.contains(&json!("null")))
        || schema["anyOf"].as_array().is_some_and(|arms| arms.iter().any(allows_null))
        || schema == &Value::Bool(true)
}

/// Values that keep or break each keyword of a schema: around each length, bound and item
/// count, strings that a pattern or format may refuse, an enum value not listed.
fn candidates(schema: &Value, current: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let count = |key: &str| schema.get(key).and_then(Value::as_u64);
    let text = |n: u64| Value::String("a".repeat(n as usize));
    if let Some(max) = count("maxLength") {
        out.extend([text(max), text(max + 1)]);
    }
    if let Some(min) = count("minLength") {
        out.push(text(min));
        if min > 0 {
            out.push(text(min - 1));
        }
    }
    if schema.get("pattern").is_some() {
        for s in ["", "a", "Z", "0", " ", "a b", "é", "!", "name@example.com", "A-1 b"] {
            out.push(json!(s));
        }
        if let Some(s) = current.as_str() {
            out.push(json!(format!("{s}!")));
        }
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        out.push(json!(format!("not a {format}")));
        let more: &[&str] = match format {
            "uuid" => &["ec7e1848-dc80-4ab0-8827-dd7fc0737b43", "ec7e1848-dc80-4ab0-8827-dd7fc0737b4g"],
            "date-time" => &["2024-02-22T10:00:00Z", "2024-02-22T10:00:00.123456Z", "2024-02-30T10:00:00Z"],
            "date" => &["2024-02-28", "2024-02-30"],
            "ipv4" => &["192.0.2.1", "256.0.2.1"],
            _ => &[],
        };
        out.extend(more.iter().map(|s| json!(s)));
    }
    for key in ["minimum", "maximum"] {
        if let Some(n) = schema.get(key).and_then(Value::as_f64) {
            for delta in [-1.0, 0.0, 1.0] {
                let v = n + delta;
                out.push(if v.fract() == 0.0 && v.abs() < 1e15 { json!(v as i64) } else { json!(v) });
            }
        }
    }
    let items = |n: u64| {
        let item = current.as_array().and_then(|a| a.first()).cloned().unwrap_or(Value::Null);
        Value::Array(vec![item; n as usize])
    };
    if current.as_array().is_some_and(|a| !a.is_empty()) {
        if let Some(max) = count("maxItems") {
            out.extend([items(max), items(max + 1)]);
        }
        if let Some(min) = count("minItems") {
            out.push(items(min));
            if min > 0 {
                out.push(items(min - 1));
            }
        }
    }
    if schema.get("anyOf").and_then(|a| a[0].get("enum")).is_some() {
        out.push(json!("a-value-added-later"));
    }
    out
}

/// `(JSON pointer, value)` changes to an instance, each a test of one rule: the keywords'
/// candidates at every value, an unlisted property on every object, `null` where the schema
/// allows it or where a required property cannot take it, and every required property left out.
fn mutations(
    schema: &Value,
    file: &str,
    value: &Value,
    at: &str,
    depth: usize,
    out: &mut Vec<(String, Option<Value>)>,
) {
    if depth > 4 {
        return;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").unwrap();
        let target = resolve(file, load(file)["$defs"][name]["$ref"].as_str().unwrap());
        let target_schema = load(&target);
        return mutations(&target_schema, &target, value, at, depth + 1, out);
    }
    for c in candidates(schema, value) {
        out.push((at.to_owned(), Some(c)));
    }
    if let (Some(props), Some(obj)) = (schema.get("properties").and_then(Value::as_object), value.as_object()) {
        let required: BTreeSet<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        out.push((format!("{at}/unlistedProperty"), Some(json!(1))));
        for (name, prop) in props {
            let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
            let is_required = required.contains(name.as_str());
            if is_required {
                out.push((here.clone(), None));
            }
            // An optional property the schema does not let be `null` reads `null` as absent in
            // Rust (a tolerant reader; README, "Facts from OpenAPI documents"): not tried.
            if allows_null(prop) || is_required {
                out.push((here.clone(), Some(Value::Null)));
            }
            match obj.get(name) {
                Some(v) => mutations(prop, file, v, &here, depth + 1, out),
                None => {
                    for c in candidates(prop, &Value::Null) {
                        out.push((here.clone(), Some(c)));
                    }
                }
            }
        }
    }
    if let (Some(items), Some(first)) = (schema.get("items"), value.as_array().and_then(|a| a.first())) {
        mutations(items, file, first, &format!("{at}/0"), depth + 1, out);
    }
    // Into each arm of a union that is a model: the verdicts must agree on any instance, so
    // changes made for an arm the value is not of are tests too.
    for arm in ["anyOf", "oneOf"].iter().filter_map(|k| schema.get(*k)).flat_map(|a| a.as_array().into_iter().flatten())
    {
        if arm.get("$ref").is_some() {
            mutations(arm, file, value, at, depth + 1, out);
        }
    }
}

/// The instance with the value at `pointer` set (added to its object if absent) or removed.
fn mutated(instance: &Value, pointer: &str, to: &Option<Value>) -> Option<Value> {
    let mut out = instance.clone();
    if pointer.is_empty() {
        return to.clone();
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    match out.pointer_mut(parent)? {
        Value::Object(obj) => match to {
            Some(v) => {
                obj.insert(key, v.clone());
            }
            None => {
                obj.remove(&key);
            }
        },
        Value::Array(items) => *items.get_mut(key.parse::<usize>().ok()?)? = to.clone()?,
        _ => return None,
    }
    Some(out)
}

/// `validate()` on a value that deserialized, with serde's verdict first: the Rust side's
/// verdict on an instance, with the places of its violations.
fn rust_verdict<T: DeserializeOwned + Validate>(instance: &Value) -> Result<(), Option<BTreeSet<String>>> {
    let typed: T = serde_json::from_value(instance.clone()).map_err(|_| None)?;
    typed.validate().map_err(|violations| Some(violations.into_iter().map(|v| v.path).collect()))
}

#[test]
fn validate_gives_the_published_schemas_verdicts() {
    let registry = registry();
    let formats = published_formats();
    let mut failures = Vec::new();
    let (mut tried, mut rejected, mut by_validate) = (0, 0, 0);
    fn verdicts<T: DeserializeOwned + Validate>(
        file: &str,
        validator: &jsonschema::Validator,
        counts: (&mut usize, &mut usize, &mut usize),
        failures: &mut Vec<String>,
    ) {
        let base = model_instance(file, 0);
        let mut changes = vec![(String::new(), Some(base.clone()))];
        mutations(&load(file), file, &base, "", 0, &mut changes);
        for (pointer, to) in changes {
            let Some(instance) = mutated(&base, &pointer, &to) else { continue };
            *counts.0 += 1;
            let errors: Vec<_> = validator.iter_errors(&instance).collect();
            let rust = rust_verdict::<T>(&instance);
            if !errors.is_empty() {
                *counts.1 += 1;
            }
            if let Err(Some(_)) = &rust {
                *counts.2 += 1;
            }
            let agree = match &rust {
                Ok(()) => errors.is_empty(),
                Err(None) => !errors.is_empty(),
                // Each violation where the schema finds one, when its errors are all leaves (an
                // `anyOf` reports the union, not the arm).
                Err(Some(paths)) => {
                    let leaves = errors.iter().all(|e| !matches!(e.kind().keyword(), "anyOf" | "oneOf"));
                    let theirs: BTreeSet<String> = errors.iter().map(|e| e.instance_path().to_string()).collect();
                    !errors.is_empty() && (!leaves || theirs == *paths)
                }
            };
            if !agree {
                let schema_says: Vec<String> =
                    errors.iter().map(|e| format!("{} at `{}`", e, e.instance_path())).collect();
                failures.push(format!(
                    "{file}: {pointer} := {to:?}: the schema says {schema_says:?}, Rust says {rust:?}\n  instance: {instance}"
                ));
            }
        }
    }
    macro_rules! check {
        ($t:ty, $file:literal, $kind:ident) => {
            let validator = asserting_validator(&registry, $file, &formats);
            verdicts::<$t>($file, &validator, (&mut tried, &mut rejected, &mut by_validate), &mut failures);
        };
    }
    for_each_model!(check);
    println!(
        "{tried} instances: {rejected} rejected by the schema, {by_validate} of them by validate() after deserializing"
    );
    assert!(by_validate > 0, "no instance tried validate()'s checks");
    failures.truncate(40);
    assert!(failures.is_empty(), "validate() and the published schema disagree:\n{}", failures.join("\n"));
}
