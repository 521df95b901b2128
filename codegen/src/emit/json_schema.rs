//! Emits JSON Schema (draft 2020-12): a file per model, referencing other models by relative
//! `$ref`, and a bundle of every model under `$defs`. The schema of each model is exactly what
//! `schemars` derives for its Rust type, so the two can never disagree.

use serde_json::{Map, Value, json};

use crate::check::Schema;
use crate::emit::{GeneratedFile, Header};
use crate::model::{BaseType, Field, Model, ModelKind, Primitive, Wrapper};

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
pub const BUNDLE_FILE: &str = "bundle.json";
pub const INDEX_FILE: &str = "index.json";

/// The published file of a model, relative to the JSON Schema folder.
pub fn model_path(model: &Model) -> String {
    format!("{}/{}.json", model.name.namespace, model.file_stem)
}

pub fn model_id(schema: &Schema, model: &Model) -> String {
    format!("{}{}", schema.settings.schema_id_base, model_path(model))
}

pub fn emit(schema: &Schema, header: &Header) -> Vec<GeneratedFile> {
    emit_keeping(schema, header, false).0
}

/// Each model's published file as a JSON value, and its Rust facts, in `schema.models` order:
/// what `codegen diff` compares, without parsing the files back.
pub type Kept = Vec<(Value, crate::diff::RustFacts)>;

/// The files, and, if `keep`, each model's file as a value with its Rust facts.
pub fn emit_keeping(schema: &Schema, header: &Header, keep: bool) -> (Vec<GeneratedFile>, Kept) {
    let one_model = |model: &Model| {
        let id = model_id(schema, model);
        let mut root = Map::new();
        root.insert("$schema".into(), DRAFT.into());
        root.insert("$id".into(), id.clone().into());
        root.insert("$comment".into(), header.text().into());
        root.insert("title".into(), model.schema_name.clone().into());
        let body = model_schema(schema, model);
        // At the root of its own file a model refers to itself as `#`, as `schemars` does.
        let mut own = Value::Object(body.clone());
        retarget_refs(&mut own, &format!("#/$defs/{}", model.schema_name), "#");
        if let Value::Object(own) = own {
            root.extend(own);
        }
        // Each model this one names is a `$defs` entry that points at the model's own file.
        let mut refs = Map::new();
        for target in direct_references(schema, model).into_iter().filter(|t| t.name != model.name) {
            let path = relative_path(&model_path(model), &model_path(target));
            refs.insert(target.schema_name.clone(), json!({ "$ref": path }));
        }
        if !refs.is_empty() {
            root.insert("$defs".into(), Value::Object(refs));
        }
        let root = Value::Object(root);
        let file = GeneratedFile::new(model_path(model), to_json(&root));
        // The bundle holds the body, and the index the entry, at depth two: written as text
        // now, neither needs a tree of every model.
        let body = indent(&pretty(&Value::Object(body)), "    ");
        // What the crate makes of the model, for `codegen diff` against this folder.
        let facts = crate::diff::RustFacts::of(schema, model);
        let rust = serde_json::to_value(&facts).expect("facts serialize");
        let entry = json!({
            "name": model.name.to_string(),
            "title": model.schema_name,
            "kind": model.kind_name(),
            "$id": id,
            "file": model_path(model),
            "rust": rust,
        });
        let entry = indent(&pretty(&entry), "    ");
        (file, body, entry, keep.then_some((root, facts)))
    };
    // Both written as `serde_json::to_string_pretty` would write them.
    let bundle_id = format!("{}{BUNDLE_FILE}", schema.settings.schema_id_base);
    let head = json!({
        "$schema": DRAFT,
        "$id": bundle_id,
        "$comment": header.text(),
        "title": "Every model, under $defs",
    });
    let mut bundle = object_head(&head, "$defs", '{');
    let mut index_head = Map::new();
    index_head.insert("$comment".into(), header.text().into());
    if let Some((version, _)) = &schema.settings.version {
        index_head.insert("version".into(), version.clone().into());
    }
    index_head.insert("bundle".into(), bundle_id.into());
    let mut index = object_head(&Value::Object(index_head), "models", '[');
    let mut files = Vec::with_capacity(schema.models.len() + 2);
    let mut kept = Vec::new();
    // A chunk at a time, so that the texts of every model are not held twice at the end.
    for chunk in schema.models.chunks(512) {
        for (model, (file, body, entry, value)) in chunk.iter().zip(crate::pool::par_map(chunk, one_model)) {
            kept.extend(value);
            let first = files.is_empty();
            files.push(file);
            bundle.push_str(if first { "\n    " } else { ",\n    " });
            bundle.push_str(&serde_json::to_string(&model.schema_name).expect("a string serializes"));
            bundle.push_str(": ");
            bundle.push_str(&body);
            index.push_str(if first { "\n    " } else { ",\n    " });
            index.push_str(&entry);
        }
    }
    let empty = schema.models.is_empty();
    bundle.push_str(if empty { "}\n}\n" } else { "\n  }\n}\n" });
    index.push_str(if empty { "]\n}\n" } else { "\n  ]\n}\n" });
    files.push(GeneratedFile::new(BUNDLE_FILE.to_owned(), bundle));
    files.push(GeneratedFile::new(INDEX_FILE.to_owned(), index));
    (files, kept)
}

/// The pretty JSON of an object, left open after one more key whose value is `open`
/// (`{` or `[`) and is written next.
fn object_head(object: &Value, key: &str, open: char) -> String {
    let text = serde_json::to_string_pretty(object).expect("JSON values serialize");
    let mut head = text.strip_suffix("\n}").expect("an object").to_owned();
    head.push_str(",\n  ");
    head.push_str(&serde_json::to_string(key).expect("a string serializes"));
    head.push_str(": ");
    head.push(open);
    head
}

/// Every line but the first, indented by `by`.
fn indent(text: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(by);
        }
        out.push_str(line);
    }
    out
}

fn to_json(v: &Value) -> String {
    let mut s = pretty(v);
    s.push('\n');
    s
}

/// `serde_json::to_string_pretty`, into a buffer that rarely needs to grow.
fn pretty(v: &Value) -> String {
    let mut bytes = Vec::with_capacity(4 << 10);
    serde_json::to_writer_pretty(&mut bytes, v).expect("JSON values serialize");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

fn retarget_refs(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                if k == "$ref" && v.as_str() == Some(from) {
                    *v = to.into();
                } else {
                    retarget_refs(v, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget_refs(v, from, to)),
        _ => {}
    }
}

/// The models a model names directly, each once, in order.
pub fn direct_references<'a>(schema: &'a Schema, model: &Model) -> Vec<&'a Model> {
    let mut out: Vec<&Model> = Vec::new();
    let mut push = |m: &'a Model| {
        if !out.iter().any(|o| o.name == m.name) {
            out.push(m);
        }
    };
    match &model.kind {
        ModelKind::Struct(s) => {
            for f in &s.fields {
                if let BaseType::Model { name, .. } = &f.ty.base {
                    push(schema.get(name));
                }
            }
        }
        ModelKind::Union(u) => {
            for name in u.variants.iter().filter_map(|v| v.referenced_model()) {
                push(schema.get(name));
            }
        }
        ModelKind::Enum(_) => {}
    }
    out
}

pub(crate) fn relative_path(from: &str, to: &str) -> String {
    let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let to_dir = to.rsplit_once('/').map_or("", |(d, _)| d);
    if from_dir == to_dir {
        to.rsplit('/').next().unwrap_or(to).to_owned()
    } else {
        format!("{}{to}", "../".repeat(from.matches('/').count()))
    }
}

/// The title and description `schemars` takes from doc comments: the lines as emitted, joined
/// and trimmed; a first line starting with `#` is a title.
pub fn doc_metadata(text: &str) -> (String, String) {
    let doc: Vec<&str> = text.trim_end().lines().map(str::trim_end).collect();
    let doc = doc.join("\n");
    let doc = doc.trim_matches(|c: char| c.is_ascii_whitespace());
    if doc.starts_with('#') {
        let (title, rest) = doc.split_once('\n').unwrap_or((doc, ""));
        let title = title.trim_start_matches('#').trim_matches(|c: char| c.is_ascii_whitespace());
        (title.to_owned(), rest.trim_matches(|c: char| c.is_ascii_whitespace()).to_owned())
    } else {
        (String::new(), doc.to_owned())
    }
}

fn insert_docs(obj: &mut Map<String, Value>, text: Option<&str>) {
    let description = crate::emit::describe(text, &[]).schema;
    if !description.is_empty() {
        obj.insert("description".into(), description.into());
    }
}

fn reference(target: &Model) -> Value {
    json!({ "$ref": format!("#/$defs/{}", target.schema_name) })
}

/// A model's schema, as it stands under `$defs` (no `$schema`, `$id` or root title).
pub fn model_schema(schema: &Schema, model: &Model) -> Map<String, Value> {
    let mut obj = Map::new();
    insert_docs(&mut obj, model.description.as_deref());
    match &model.kind {
        ModelKind::Struct(s) => {
            obj.insert("type".into(), "object".into());
            let mut properties = Map::new();
            let mut required = Vec::new();
            for f in &s.fields {
                let wire = f.wire().to_owned();
                properties.insert(wire.clone(), field_schema(schema, f));
                if !f.is_optional() {
                    required.push(Value::String(wire));
                }
            }
            if !properties.is_empty() {
                obj.insert("properties".into(), Value::Object(properties));
            }
            if s.is_closed() {
                obj.insert("additionalProperties".into(), false.into());
            }
            if model.is_deprecated() {
                obj.insert("deprecated".into(), true.into());
            }
            if !required.is_empty() {
                obj.insert("required".into(), Value::Array(required));
            }
        }
        ModelKind::Enum(e) => {
            // The open enum's catch-all variant is untagged, which makes `schemars` wrap the
            // listed values in a one-armed `anyOf`; the published schema stays closed.
            let values: Vec<Value> = e.values.iter().map(|v| Value::String(v.value.clone())).collect();
            obj.insert("anyOf".into(), json!([{ "type": "string", "enum": values }]));
            if model.is_deprecated() {
                obj.insert("deprecated".into(), true.into());
            }
        }
        ModelKind::Union(u) => {
            let variants: Vec<Value> = u
                .variants
                .iter()
                .map(|v| match (&u.discriminator, &v.tag, v.bare_model()) {
                    (Some(prop), Some(tag), Some(target)) => json!({
                        "type": "object",
                        "properties": { prop.as_str(): { "type": "string", "const": tag } },
                        "$ref": format!("#/$defs/{}", schema.get(target).schema_name),
                        "required": [prop],
                    }),
                    _ => type_schema(schema, &v.ty.wrappers, &v.ty.base),
                })
                .collect();
            let key = if u.discriminator.is_some() { "oneOf" } else { "anyOf" };
            obj.insert(key.into(), Value::Array(variants));
            if model.is_deprecated() {
                obj.insert("deprecated".into(), true.into());
            }
        }
    }
    obj
}

fn field_schema(schema: &Schema, f: &Field) -> Value {
    let mut value = type_schema(schema, &f.ty.wrappers, &f.ty.base);
    if f.ty.base == BaseType::Primitive(Primitive::Bytes) && f.ty.wrappers.is_empty() {
        value = json!({ "type": "string" });
    }
    if f.presence().allows_null() {
        value = allow_null(value);
    }
    let mut obj = match value {
        Value::Object(obj) => obj,
        // `true` (any value) turns into `{}` once it carries keywords.
        _ => Map::new(),
    };
    let mut meta = Map::new();
    insert_docs(&mut meta, f.description.as_deref());
    if f.deprecation.is_some() {
        meta.insert("deprecated".into(), true.into());
    }
    let c = &f.constraints;
    if !f.typed_examples.is_empty() {
        meta.insert("examples".into(), Value::Array(f.typed_examples.clone()));
    }
    if let Some(v) = &c.format {
        meta.insert("format".into(), v.clone().into());
    }
    if let Some(v) = &c.minimum {
        meta.insert("minimum".into(), Value::Number(v.clone()));
    }
    if let Some(v) = &c.maximum {
        meta.insert("maximum".into(), Value::Number(v.clone()));
    }
    for (key, v) in
        [("minLength", c.min_length), ("maxLength", c.max_length), ("minItems", c.min_items), ("maxItems", c.max_items)]
    {
        if let Some(v) = v {
            meta.insert(key.into(), v.into());
        }
    }
    if let Some(v) = &c.pattern {
        meta.insert("pattern".into(), v.clone().into());
    }
    if let Some(v) = &f.default {
        meta.insert("default".into(), v.clone());
    }
    if f.ty.base == BaseType::Primitive(Primitive::Bytes) && f.ty.wrappers.is_empty() {
        meta.insert("contentEncoding".into(), "base64".into());
    }
    if obj.is_empty()
        && meta.is_empty()
        && let Value::Bool(true) = type_schema(schema, &f.ty.wrappers, &f.ty.base)
    {
        return Value::Bool(true);
    }
    for (k, v) in meta {
        obj.insert(k, v);
    }
    Value::Object(obj)
}

pub(crate) fn type_schema(schema: &Schema, wrappers: &[Wrapper], base: &BaseType) -> Value {
    match wrappers.split_first() {
        Some((Wrapper::List, rest)) => json!({ "type": "array", "items": type_schema(schema, rest, base) }),
        Some((Wrapper::Map, rest)) => {
            json!({ "type": "object", "additionalProperties": type_schema(schema, rest, base) })
        }
        None => match base {
            BaseType::Primitive(p) => match p {
                Primitive::String => json!({ "type": "string" }),
                Primitive::Int | Primitive::Int64 => json!({ "type": "integer", "format": "int64" }),
                Primitive::Int32 => json!({ "type": "integer", "format": "int32" }),
                Primitive::Float64 => json!({ "type": "number", "format": "double" }),
                Primitive::Float32 => json!({ "type": "number", "format": "float" }),
                Primitive::Bool => json!({ "type": "boolean" }),
                Primitive::Bytes => {
                    json!({ "type": "array", "items": { "type": "integer", "format": "uint8", "minimum": 0, "maximum": 255 } })
                }
                Primitive::Any | Primitive::AnyAlias => Value::Bool(true),
            },
            BaseType::Model { name, .. } => reference(schema.get(name)),
            BaseType::Foreign { name, .. } => schema.foreign(name).json_schema.clone(),
        },
    }
}

/// What `schemars` does to the schema of `T` for `Option<T>`.
fn allow_null(value: Value) -> Value {
    let Value::Object(mut obj) = value else {
        return value; // `true` already allows null
    };
    if ["if", "allOf", "anyOf", "oneOf", "$ref"].iter().any(|k| obj.contains_key(*k)) {
        return json!({ "anyOf": [obj, { "type": "null" }] });
    }
    if let Some(ty) = obj.get_mut("type") {
        match ty {
            Value::Array(a) if !a.contains(&"null".into()) => {
                a.push("null".into());
            }
            Value::String(s) if s != "null" => *ty = json!([s.clone(), "null"]),
            _ => {}
        }
    }
    if let Some(c) = obj.remove("const") {
        obj.insert("enum".into(), json!([c, null]));
    } else if let Some(Value::Array(e)) = obj.get_mut("enum")
        && !e.contains(&Value::Null)
    {
        e.push(Value::Null);
    }
    Value::Object(obj)
}
