//! Examples typed, last, against the finished schema: each field's examples and default are
//! checked against what the field publishes and the Rust type it becomes; the ones that fit
//! become the field's `typed_examples`, which the emitters write.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Schema;
use crate::check::validate::{check_field_value, check_value};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{BaseType, Constraints, Field, ModelKind, Primitive, Wrapper};

/// Turns each field's written example into typed JSON where it fits what the field publishes
/// and the Rust type it becomes (`validate`); an example of the docs that does not fit stays in
/// the docs only, with a warning. An `examples:` value or a default that does not fit is an error.
pub(super) fn type_examples(schema: &mut Schema, diags: &mut Diagnostics) {
    let mut updates: BTreeMap<(usize, usize), Vec<Value>> = BTreeMap::new();
    for (mi, model) in schema.models.iter().enumerate() {
        let ModelKind::Struct(s) = &model.kind else { continue };
        for (fi, field) in s.fields.iter().enumerate() {
            // Point at the value itself; a definition made in code has no place for it.
            let at = |span: Span| if span == Span::DETACHED { field.span } else { span };
            let message = |what: &str, problem: &crate::check::validate::Problem| {
                format!("{what} of `{}.{}` does not fit: {problem}", model.name, field.name)
            };
            let note = || field_schema_note(field);
            let mut typed = Vec::new();
            // Newer generators write several examples in one cell (`**Example 1:** US<br/>...`).
            let texts = field
                .example
                .as_deref()
                .map_or_else(Vec::new, |t| crate::doc_format::numbered_examples(t).unwrap_or_else(|| vec![t]));
            for text in texts.into_iter().filter(|t| !t.ends_with("...")) {
                // An example the docs truncated (`i1qxz...`) is kept in the docs only, silently:
                // that is the notation, not a mistake.
                match example_value(schema, field, text) {
                    Ok(v) => typed.push(written_back(schema, &field.ty.wrappers, &field.ty.base, v)),
                    Err(p) => diags.push(
                        Diagnostic::warning(at(field.example_span), message("example", &p))
                            .with_label("example kept in the docs only")
                            .with_note(note()),
                    ),
                }
            }
            for (v, span) in &field.extra_examples {
                match check_field_value(schema, field, v) {
                    Ok(()) => typed.push(written_back(schema, &field.ty.wrappers, &field.ty.base, v.clone())),
                    Err(p) => diags.push(
                        Diagnostic::error(at(*span), message("example", &p))
                            .with_label("invalid example")
                            .with_note(note()),
                    ),
                }
            }
            if let Some(d) = &field.default
                && let Err(p) = check_field_value(schema, field, d)
            {
                diags.push(
                    Diagnostic::error(at(field.default_span), message("default", &p))
                        .with_label("invalid default")
                        .with_note(note()),
                );
            }
            if !typed.is_empty() {
                updates.insert((mi, fi), typed);
            }
        }
    }
    for ((mi, fi), typed) in updates {
        if let ModelKind::Struct(s) = &mut schema.models[mi].kind {
            s.fields[fi].typed_examples = typed;
        }
    }
}

/// What a field's values are checked against, in words: its type and its constraints.
fn field_schema_note(field: &Field) -> String {
    let c = &field.constraints;
    let mut parts = vec![format!("type `{}`", crate::notation::go_type(&field.ty))];
    let mut add = |key: &str, v: Option<String>| {
        if let Some(v) = v {
            parts.push(format!("{key} {v}"));
        }
    };
    add("format", c.format.clone());
    add("minimum", c.minimum.as_ref().map(ToString::to_string));
    add("maximum", c.maximum.as_ref().map(ToString::to_string));
    add("min_length", c.min_length.map(|v| v.to_string()));
    add("max_length", c.max_length.map(|v| v.to_string()));
    add("pattern", c.pattern.as_ref().map(|p| format!("`{p}`")));
    add("min_items", c.min_items.map(|v| v.to_string()));
    add("max_items", c.max_items.map(|v| v.to_string()));
    format!("field `{}`: {}", field.name, parts.join(", "))
}

/// An example as the field's Rust type writes it back: a float writes `1` as `1.0`, so an
/// integer example of a float is published as the float it reads as (the same JSON number, and
/// what a value that round-trips through the crate looks like); through lists, maps, the fields
/// of models and the variant of a union that reads it (the first that takes the value, as the
/// generated `Deserialize` tries them; by its tag under a discriminator).
fn written_back(schema: &Schema, wrappers: &[Wrapper], base: &BaseType, value: Value) -> Value {
    match (wrappers.split_first(), value) {
        (Some((Wrapper::List, rest)), Value::Array(items)) => {
            Value::Array(items.into_iter().map(|v| written_back(schema, rest, base, v)).collect())
        }
        (Some((Wrapper::Map, rest)), Value::Object(entries)) => {
            Value::Object(entries.into_iter().map(|(k, v)| (k, written_back(schema, rest, base, v))).collect())
        }
        (Some(_), value) => value,
        (None, Value::Number(n)) if matches!(base, BaseType::Primitive(Primitive::Float32 | Primitive::Float64)) => {
            Value::Number(n.as_f64().and_then(serde_json::Number::from_f64).unwrap_or(n))
        }
        (None, value) => {
            let BaseType::Model { name, .. } = base else { return value };
            match (&schema.get(name).kind, value) {
                (ModelKind::Struct(s), Value::Object(entries)) => Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| match s.fields.iter().find(|f| f.wire() == k) {
                            Some(f) => {
                                let v = written_back(schema, &f.ty.wrappers, &f.ty.base, v);
                                (k, v)
                            }
                            None => (k, v),
                        })
                        .collect(),
                ),
                (ModelKind::Union(u), value) => {
                    let tag = u.discriminator.as_ref().and_then(|d| value.get(d)).and_then(Value::as_str);
                    let variant = u.variants.iter().find(|v| match (&u.discriminator, tag) {
                        (Some(_), Some(tag)) => v.tag.as_deref() == Some(tag),
                        (Some(_), None) => false,
                        (None, _) => check_value(schema, &v.ty, &Constraints::default(), &value).is_ok(),
                    });
                    match variant {
                        Some(v) => written_back(schema, &v.ty.wrappers, &v.ty.base, value),
                        None => value,
                    }
                }
                (_, value) => value,
            }
        }
    }
}

/// The typed value of an example as the docs write it, if it fits the field.
fn example_value(schema: &Schema, field: &Field, text: &str) -> Result<Value, crate::check::validate::Problem> {
    let ty = &field.ty;
    let json_or_text = || serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
    let value = if !ty.wrappers.is_empty() {
        json_or_text()
    } else {
        match &ty.base {
            BaseType::Primitive(Primitive::String | Primitive::Bytes) => Value::String(text.to_owned()),
            BaseType::Primitive(
                Primitive::Int | Primitive::Int64 | Primitive::Int32 | Primitive::Float32 | Primitive::Float64,
            ) => match serde_json::from_str::<serde_json::Number>(text) {
                Ok(n) => Value::Number(n),
                Err(_) => Value::String(text.to_owned()),
            },
            BaseType::Primitive(Primitive::Bool) => text.parse().map(Value::Bool).unwrap_or_else(|_| json_or_text()),
            BaseType::Model { name, .. } if matches!(schema.get(name).kind, ModelKind::Enum(_)) => {
                Value::String(text.to_owned())
            }
            BaseType::Primitive(Primitive::Any | Primitive::AnyAlias)
            | BaseType::Model { .. }
            | BaseType::Foreign { .. } => json_or_text(),
        }
    };
    crate::check::validate::check_value(schema, ty, &field.constraints, &value).map(|()| value)
}
