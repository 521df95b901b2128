//! Checks a JSON value (an example or a default) against the schema a field publishes and the
//! Rust type it becomes: `null` where the field keeps it (`nullable: true`), the JSON kind, the range the Rust type holds unchanged (int32, int64,
//! float32...), base64 for bytes, the field's `format`, bounds, lengths (in code points, as JSON
//! Schema counts them), `pattern` (ECMA-262, as validators run it), item counts, enum values,
//! and nested models, lists and maps, recursively.
//!
//! Formats checked: `date-time`, `date` and `time` (RFC 3339, leap seconds included, as
//! validators check them), `uuid` (the hyphenated form), `ipv4` and `ipv6`. Any other format is
//! published as written and not checked here.

use std::cmp::Ordering;

use base64::Engine as _;
use serde_json::{Number, Value};

use crate::check::Schema;
use crate::emit::rust::formats::check_format;
use crate::model::{BaseType, Constraints, Field, FieldType, ModelKind, Presence, Primitive, Wrapper};

/// What is wrong with a value, and where in it (a JSON pointer, empty for the value itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

type Checked = Result<(), Problem>;

fn problem(path: &str, message: impl Into<String>) -> Problem {
    Problem { path: path.to_owned(), message: message.into() }
}

/// The Rust type a foreign type maps to by default, and the one form it writes a date-time in.
const CHRONO_UTC: &str = "chrono::DateTime<chrono::Utc>";

/// Checks `value` against a field of type `ty` with `constraints`, as its published schema and
/// its Rust type see it.
pub fn check_value(schema: &Schema, ty: &FieldType, constraints: &Constraints, value: &Value) -> Checked {
    field_value(schema, ty, constraints, value, "")
}

/// Checks `value` against a field as a whole: its type and constraints, and whether `null` is
/// one of its values (published, and written back by its Rust type).
pub fn check_field_value(schema: &Schema, field: &Field, value: &Value) -> Checked {
    field_or_null(schema, field, value, "")
}

fn field_or_null(schema: &Schema, field: &Field, value: &Value, path: &str) -> Checked {
    if !value.is_null() {
        return field_value(schema, &field.ty, &field.constraints, value, path);
    }
    match field.presence() {
        p if p.keeps_null() => Ok(()),
        Presence::Optional { null_published: true } => Err(problem(
            path,
            format!(
                "`null` reads as an absent `{}`, which is not written back (`nullable: true` keeps it)",
                field.wire()
            ),
        )),
        _ => Err(problem(path, format!("`{}` may not be null", field.wire()))),
    }
}

/// Compiles a `pattern` as validators of JSON Schema do: ECMA-262, in Unicode mode.
pub fn compile_pattern(pattern: &str) -> Result<regress::Regex, String> {
    regress::Regex::with_flags(pattern, "u").map_err(|e| e.to_string())
}

fn field_value(schema: &Schema, ty: &FieldType, c: &Constraints, value: &Value, path: &str) -> Checked {
    // A foreign type's own keywords stand beside the field's, which replace them key by key
    // (as the published schema merges them).
    let merged;
    let c = match (&ty.base, ty.wrappers.is_empty()) {
        (BaseType::Foreign { name, .. }, true) => {
            merged = merge(c, &keywords(&schema.foreign(name).json_schema));
            &merged
        }
        _ => c,
    };
    type_value(schema, &ty.wrappers, &ty.base, value, path, true)?;
    keyword_value(c, value, path)
}

/// Checks the kind and range of a value, and what models, lists and maps hold.
fn type_value(schema: &Schema, wrappers: &[Wrapper], base: &BaseType, value: &Value, path: &str, top: bool) -> Checked {
    match wrappers.split_first() {
        Some((Wrapper::List, rest)) => {
            let items = value.as_array().ok_or_else(|| expected(path, "a list", value))?;
            for (i, item) in items.iter().enumerate() {
                type_value(schema, rest, base, item, &format!("{path}/{i}"), false)?;
            }
            Ok(())
        }
        Some((Wrapper::Map, rest)) => {
            let entries = value.as_object().ok_or_else(|| expected(path, "a map (an object)", value))?;
            for (k, v) in entries {
                type_value(schema, rest, base, v, &format!("{path}/{}", pointer_escape(k)), false)?;
            }
            Ok(())
        }
        None => match base {
            // Only a field's own `[]byte` is base64 text; inside a list or map it is a list of
            // bytes, as serde writes `Vec<u8>`.
            BaseType::Primitive(Primitive::Bytes) if !top => {
                let items = value.as_array().ok_or_else(|| expected(path, "a list of bytes (0 to 255)", value))?;
                match items.iter().position(|b| b.as_u64().is_none_or(|b| b > 255)) {
                    Some(i) => Err(problem(&format!("{path}/{i}"), format!("`{}` is not a byte (0 to 255)", items[i]))),
                    None => Ok(()),
                }
            }
            BaseType::Primitive(p) => primitive_value(*p, value, path),
            BaseType::Foreign { name, .. } => {
                let foreign = schema.foreign(name);
                let ok = match foreign.json_schema.get("type").and_then(Value::as_str) {
                    Some("string") => value.is_string(),
                    Some("integer") => value.is_i64() || value.is_u64(),
                    Some("number") => value.is_number(),
                    Some("boolean") => value.is_boolean(),
                    Some("object") => value.is_object(),
                    Some("array") => value.is_array(),
                    _ => true,
                };
                if !ok {
                    return Err(expected(path, &format!("a value of `{name}`"), value));
                }
                // At the top the field's keywords, merged with these, are checked by the caller.
                if !top {
                    keyword_value(&keywords(&foreign.json_schema), value, path)?;
                }
                if foreign.rust == CHRONO_UTC
                    && let Some(text) = value.as_str()
                {
                    chrono_form(text).map_err(|m| problem(path, m))?;
                }
                Ok(())
            }
            BaseType::Model { name, .. } => model_value(schema, schema.get(name), value, path),
        },
    }
}

fn model_value(schema: &Schema, model: &crate::model::Model, value: &Value, path: &str) -> Checked {
    match &model.kind {
        ModelKind::Enum(e) => {
            let text = value.as_str().ok_or_else(|| expected(path, &format!("a value of `{}`", model.name), value))?;
            if e.values.iter().any(|v| v.value == text) {
                return Ok(());
            }
            let values: Vec<String> = e.values.iter().map(|v| format!("`{}`", v.value)).collect();
            Err(problem(path, format!("`{text}` is not a value of `{}` ({})", model.name, list(&values))))
        }
        ModelKind::Struct(s) => {
            let obj = value.as_object().ok_or_else(|| expected(path, &format!("a `{}` object", model.name), value))?;
            for f in &s.fields {
                let wire = f.wire();
                match obj.get(wire) {
                    Some(v) => field_or_null(schema, f, v, &format!("{path}/{}", pointer_escape(wire)))?,
                    None if f.is_optional() => {}
                    None => {
                        return Err(problem(path, format!("required field `{wire}` of `{}` is missing", model.name)));
                    }
                }
            }
            if let Some(k) = obj.keys().find(|k| !s.fields.iter().any(|f| f.wire() == k.as_str())) {
                return Err(problem(path, format!("`{}` has no field `{k}`", model.name)));
            }
            Ok(())
        }
        ModelKind::Union(u) => {
            if let Some(prop) = &u.discriminator {
                let tag = value.get(prop).and_then(Value::as_str);
                let Some(v) = u.variants.iter().find(|v| tag.is_some() && v.tag.as_deref() == tag) else {
                    let tags: Vec<String> =
                        u.variants.iter().filter_map(|v| v.tag.as_ref()).map(|t| format!("`{t}`")).collect();
                    return Err(problem(
                        path,
                        format!("`{prop}` must name a variant of `{}` ({})", model.name, list(&tags)),
                    ));
                };
                return variant_value(schema, v, value, path);
            }
            let mut first = None;
            for v in &u.variants {
                match variant_value(schema, v, value, path) {
                    Ok(()) => return Ok(()),
                    Err(p) => {
                        first.get_or_insert((v, p));
                    }
                }
            }
            match first {
                Some((v, p)) => {
                    Err(problem(path, format!("fits no variant of `{}` (as `{}`: {p})", model.name, v.name)))
                }
                None => Err(problem(path, format!("`{}` has no variants", model.name))),
            }
        }
    }
}

/// Checks a value a union variant holds (a variant's own keywords are those of its type).
fn variant_value(schema: &Schema, v: &crate::model::UnionVariant, value: &Value, path: &str) -> Checked {
    type_value(schema, &v.ty.wrappers, &v.ty.base, value, path, false)
}

fn primitive_value(p: Primitive, value: &Value, path: &str) -> Checked {
    match p {
        Primitive::String => value.is_string().then_some(()).ok_or_else(|| expected(path, "a string", value)),
        Primitive::Bytes => {
            let text = value.as_str().ok_or_else(|| expected(path, "base64 text", value))?;
            // The generated crate decodes standard base64 with padding, and only canonical text
            // decodes, so what decodes is written back unchanged.
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map(drop)
                .map_err(|e| problem(path, format!("`{text}` is not base64 (standard alphabet, padded): {e}")))
        }
        Primitive::Int | Primitive::Int64 | Primitive::Int32 => {
            let name = if p == Primitive::Int32 { "int32" } else { "int64" };
            let Value::Number(n) = value else { return Err(expected(path, "an integer", value)) };
            let (min, max) =
                if p == Primitive::Int32 { (i64::from(i32::MIN), i64::from(i32::MAX)) } else { (i64::MIN, i64::MAX) };
            match n.as_i64() {
                Some(i) if (min..=max).contains(&i) => Ok(()),
                Some(_) => Err(problem(path, format!("`{n}` is out of {name}'s range"))),
                None if n.is_u64() => Err(problem(path, format!("`{n}` is out of {name}'s range"))),
                // `5.0` is an integer to JSON Schema, but serde reads no fraction into an integer.
                None => Err(problem(
                    path,
                    format!("`{n}` is not an integer ({name} reads whole numbers without a fraction)"),
                )),
            }
        }
        Primitive::Float64 => {
            let Value::Number(n) = value else { return Err(expected(path, "a number", value)) };
            let exact = match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => (i as f64) as i128 == i128::from(i),
                (None, Some(u)) => (u as f64) as i128 == i128::from(u),
                _ => true,
            };
            exact.then_some(()).ok_or_else(|| problem(path, format!("float64 cannot hold `{n}` exactly")))
        }
        Primitive::Float32 => {
            let Value::Number(n) = value else { return Err(expected(path, "a number", value)) };
            // What serde_json reads into an f32, and whether it writes back the same number.
            let single = match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => i as f32,
                (None, Some(u)) => u as f32,
                _ => n.as_f64().unwrap_or(f64::NAN) as f32,
            };
            if !single.is_finite() {
                return Err(problem(path, format!("`{n}` is out of float32's range")));
            }
            let back: f64 = single.to_string().parse().unwrap_or(f64::NAN);
            if compare(n, &Number::from_f64(back).unwrap_or_else(|| Number::from(0))) == Some(Ordering::Equal) {
                Ok(())
            } else {
                Err(problem(path, format!("float32 cannot hold `{n}` exactly: it would become {single}")))
            }
        }
        Primitive::Bool => value.is_boolean().then_some(()).ok_or_else(|| expected(path, "true or false", value)),
        Primitive::Any | Primitive::AnyAlias => Ok(()),
    }
}

/// The keywords of the published schema that a value of the matching JSON kind must meet.
fn keyword_value(c: &Constraints, value: &Value, path: &str) -> Checked {
    match value {
        Value::Number(n) => {
            if let Some(min) = &c.minimum
                && compare(n, min) == Some(Ordering::Less)
            {
                return Err(problem(path, format!("`{n}` is below minimum {min}")));
            }
            if let Some(max) = &c.maximum
                && compare(n, max) == Some(Ordering::Greater)
            {
                return Err(problem(path, format!("`{n}` is above maximum {max}")));
            }
        }
        Value::String(s) => {
            let len = s.chars().count() as u64;
            let chars = |n: u64| if n == 1 { "1 character".to_owned() } else { format!("{n} characters") };
            if let Some(min) = c.min_length
                && len < min
            {
                return Err(problem(path, format!("{} is shorter than min_length {min} ({})", quote(s), chars(len))));
            }
            if let Some(max) = c.max_length
                && len > max
            {
                return Err(problem(path, format!("{} is longer than max_length {max} ({})", quote(s), chars(len))));
            }
            if let Some(p) = &c.pattern {
                // An invalid pattern is an error of its own (see the checker); nothing to match here.
                if let Ok(re) = compile_pattern(p)
                    && re.find(s).is_none()
                {
                    return Err(problem(path, format!("{} does not match pattern `{p}`", quote(s))));
                }
            }
            if let Some(f) = &c.format {
                check_format(f, s).map_err(|m| problem(path, format!("{} is not a {f}: {m}", quote(s))))?;
            }
        }
        Value::Array(items) => {
            let n = items.len() as u64;
            let items = |n: u64| if n == 1 { "1 item".to_owned() } else { format!("{n} items") };
            if let Some(min) = c.min_items
                && n < min
            {
                return Err(problem(path, format!("the list has {}, fewer than min_items {min}", items(n))));
            }
            if let Some(max) = c.max_items
                && n > max
            {
                return Err(problem(path, format!("the list has {}, more than max_items {max}", items(n))));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The validation keywords of a foreign type's schema.
pub(crate) fn keywords(json: &Value) -> Constraints {
    let num = |k: &str| json.get(k).and_then(Value::as_number).cloned();
    let count = |k: &str| json.get(k).and_then(Value::as_u64);
    let text = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_owned);
    Constraints {
        format: text("format"),
        minimum: num("minimum"),
        maximum: num("maximum"),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: text("pattern"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
    }
}

pub(crate) fn merge(field: &Constraints, base: &Constraints) -> Constraints {
    Constraints {
        format: field.format.clone().or_else(|| base.format.clone()),
        minimum: field.minimum.clone().or_else(|| base.minimum.clone()),
        maximum: field.maximum.clone().or_else(|| base.maximum.clone()),
        min_length: field.min_length.or(base.min_length),
        max_length: field.max_length.or(base.max_length),
        pattern: field.pattern.clone().or_else(|| base.pattern.clone()),
        min_items: field.min_items.or(base.min_items),
        max_items: field.max_items.or(base.max_items),
    }
}

/// Compares two JSON numbers by their exact values (as validators do), an integer with a float
/// included.
fn compare(a: &Number, b: &Number) -> Option<Ordering> {
    match (as_i128(a), as_i128(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        (Some(x), None) => int_float(x, b.as_f64()?),
        (None, Some(y)) => int_float(y, a.as_f64()?).map(Ordering::reverse),
        (None, None) => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

fn int_float(i: i128, f: f64) -> Option<Ordering> {
    // Every i64 and u64 lies within ±2^64, where a float's whole part converts exactly.
    const BOUND: f64 = 18_446_744_073_709_551_616.0;
    if f.is_nan() {
        return None;
    }
    if f >= BOUND {
        return Some(Ordering::Less);
    }
    if f <= -BOUND {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    Some(i.cmp(&(whole as i128)).then(0.0.partial_cmp(&(f - whole))?))
}

fn as_i128(n: &Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

fn expected(path: &str, what: &str, value: &Value) -> Problem {
    let found = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    problem(path, format!("expected {what}, found {found}"))
}

fn quote(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

fn list(items: &[String]) -> String {
    const SHOWN: usize = 8;
    if items.len() > SHOWN {
        format!("{}, and {} more", items[..SHOWN].join(", "), items.len() - SHOWN)
    } else {
        items.join(", ")
    }
}

/// A key as a step of a JSON pointer (RFC 6901).
fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The form `chrono::DateTime<Utc>` writes: `T`, `Z`, and a fraction of 3, 6 or 9 digits only
/// when it is not zero in its last three; a value in another form reads but comes back changed.
fn chrono_form(s: &str) -> Result<(), String> {
    let changed = |why: &str| Err(format!("{} would be written back differently by `{CHRONO_UTC}`: {why}", quote(s)));
    if !s.ends_with('Z') || s.len() < 20 {
        return changed("it writes UTC times with `Z`");
    }
    if s.as_bytes()[10] != b'T' {
        return changed("it writes `T` between date and time");
    }
    if let Some(frac) = s.get(20..s.len() - 1) {
        let ok = matches!(frac.len(), 3 | 6 | 9) && !frac.ends_with("000");
        if !frac.is_empty() && !ok {
            return changed("it writes a fraction of a second as 3, 6 or 9 digits, none for zero");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::rust::formats::{date, date_time, time, uuid};

    #[test]
    fn dates_and_times_follow_rfc_3339_and_chrono_writes_one_form() {
        assert_eq!(date_time("2020-13-45T99:99:99Z"), Err("month 13".to_owned()));
        assert_eq!(date("2021-02-29"), Err("day 29 of month 2".to_owned()));
        type Check = fn(&str) -> Result<(), String>;
        let checks: [(Check, &str, bool); 13] = [
            (date, "2024-02-29", true),
            (date_time, "2020-01-02T03:04:05.5+01:30", true),
            (time, "23:59:60Z", true),
            (time, "22:59:60-01:00", true),
            (time, "12:00:60Z", false),
            (time, "12:00:00", false),
            (date_time, "2020-01-02 03:04:05Z", false),
            (chrono_form, "2020-01-02T03:04:05Z", true),
            (chrono_form, "2020-01-02T03:04:05.120Z", true),
            (chrono_form, "2020-01-02T03:04:05.000Z", false),
            (chrono_form, "2020-01-02T03:04:05.12Z", false),
            (chrono_form, "2020-01-02T03:04:05+00:00", false),
            (uuid, "0F8FAD5B-d9cb-469f-a165-70867728950e", true),
        ];
        for (check, input, ok) in checks {
            assert_eq!(check(input).is_ok(), ok, "{input}");
        }
    }

    #[test]
    fn float32_holds_what_it_prints_back() {
        for (v, ok) in [("0.1", true), ("1e39", false), ("16777217", false), ("1e-50", false), ("3.5", true)] {
            let value: Value = serde_json::from_str(v).unwrap();
            assert_eq!(primitive_value(Primitive::Float32, &value, "").is_ok(), ok, "{v}");
        }
    }

    #[test]
    fn patterns_are_ecma_262() {
        for p in ["(?i)abc", "(?P<n>x)", "[[:alpha:]]", r"\Aabc\z"] {
            assert!(compile_pattern(p).is_err(), "{p}");
        }
        for p in ["^[a-z]+$", r"(?<n>x)\k<n>", r"\p{L}", "a(?=b)"] {
            assert!(compile_pattern(p).is_ok(), "{p}");
        }
    }
}
