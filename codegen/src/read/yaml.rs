//! Reads YAML definitions: whole models (`struct:`, `enum:`, `union:`), overlays on markdown
//! models (`overlay:`), and the project settings file.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Span};
use crate::model::with_article;
use crate::model::{
    BaseType, Constraints, Deprecation, DocStyle, Enum, EnumValue, Field, FieldOverlay, FieldType, ForeignType, Model,
    ModelKind, Overlay, PreviousVersion, Primitive, QualifiedName, RustAdditions, RustExtras, Settings, SourceFormat,
    Struct, TypeNotation, Union, UnionVariant, VariantHeading, VariantOverlay, WireRule,
};
use crate::notation::{is_identifier, parse_go_type};

/// Largest YAML file the reader accepts; real definitions are a few kilobytes.
pub const MAX_YAML_BYTES: usize = 1 << 20;

/// A model written in YAML, or an overlay adding to a markdown model.
#[derive(Debug)]
pub enum YamlDoc {
    Model(Box<Model>),
    Overlay(Box<Overlay>),
}

// The YAML shapes, as serde sees them. Every struct denies unknown keys.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(rename = "struct")]
    struct_: Option<Spanned<String>>,
    #[serde(rename = "enum")]
    enum_: Option<Spanned<String>>,
    union: Option<Spanned<String>>,
    overlay: Option<Spanned<String>>,
    imported_from: Option<Spanned<String>>,
    description: Option<String>,
    deprecated: Option<RawDeprecated>,
    wire_names: Option<Spanned<String>>,
    rust_name: Option<Spanned<String>>,
    fields: Option<Vec<RawField>>,
    values: Option<Vec<RawValue>>,
    variants: Option<Vec<RawVariant>>,
    discriminator: Option<Spanned<String>>,
    additional_properties: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDeprecated {
    Flag(bool),
    Notice(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Option<Spanned<String>>,
    required: Option<Spanned<bool>>,
    nullable: Option<Spanned<bool>>,
    description: Option<String>,
    deprecated: Option<RawDeprecated>,
    example: Option<Spanned<String>>,
    #[serde(default)]
    examples: Vec<Spanned<Value>>,
    wire_name: Option<String>,
    format: Option<Spanned<String>>,
    minimum: Option<Spanned<serde_json::Number>>,
    maximum: Option<Spanned<serde_json::Number>>,
    min_length: Option<Spanned<u64>>,
    max_length: Option<Spanned<u64>>,
    pattern: Option<Spanned<String>>,
    min_items: Option<Spanned<u64>>,
    max_items: Option<Spanned<u64>>,
    default: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    name: Spanned<String>,
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Option<Spanned<String>>,
    tag: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    schema_id_base: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    previous_version: Option<RawPreviousVersion>,
    wire_names: Option<Spanned<String>>,
    #[serde(default)]
    foreign_types: Vec<RawForeign>,
    rust: Option<RawRust>,
}

/// `previous_version:`: an earlier release and its published JSON Schema.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreviousVersion {
    version: Spanned<String>,
    json_schema: Spanned<String>,
}

/// `rust:`: derives and attributes for every model's Rust type, and for some by name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRust {
    #[serde(default)]
    derives: Vec<Spanned<String>>,
    #[serde(default)]
    attributes: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "in_order")]
    models: Vec<(Spanned<String>, RawRustModel)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRustModel {
    #[serde(default)]
    derives: Vec<Spanned<String>>,
    #[serde(default)]
    attributes: Vec<Spanned<String>>,
}

/// A mapping's entries in the order written (`Spanned` keys have no order of their own to sort a
/// map by).
fn in_order<'de, D, K, V>(deserializer: D) -> Result<Vec<(K, V)>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de>,
    V: Deserialize<'de>,
{
    struct Entries<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<K, V> {
        type Value = Vec<(K, V)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Entries(std::marker::PhantomData))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForeign {
    name: Spanned<String>,
    rust: Spanned<String>,
    json_schema: Value,
    link: Option<String>,
}

/// Parses YAML into `T`, turning a parse error into a diagnostic at its position.
fn parse<T: for<'de> Deserialize<'de>>(text: &str, span: Span) -> Result<T, Vec<Diagnostic>> {
    if text.len() > MAX_YAML_BYTES {
        return Err(vec![
            Diagnostic::error(
                span.within(0..0),
                format!("YAML file is {} bytes, more than the limit of {MAX_YAML_BYTES} bytes", text.len()),
            )
            .with_label("file too large")
            .with_note("a definition this large is almost certainly not a hand-written model"),
        ]);
    }
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let offset = e.location().and_then(|l| l.span().byte_offset()).map_or(0, |o| o as usize).min(text.len());
        let end = text[offset..].find(['\n', ':']).map_or(text.len(), |i| offset + i.max(1)).min(text.len());
        let message = e
            .render_with_options(serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off })
            .lines()
            .next()
            .unwrap_or("invalid YAML")
            .to_owned();
        let d = if message.contains("budget breached") {
            // An alias bomb or absurd nesting: the parser stopped at its limits, in bounded memory.
            Diagnostic::error(span.within(offset..end.max(offset)), "YAML expands beyond the reader's limits")
                .with_label("stopped here")
                .with_note(format!("{}: are aliases expanding without bound?", strip_location(&message)))
        } else {
            let (message, label) = in_our_words(&strip_location(&message));
            Diagnostic::error(span.within(offset..end.max(offset)), message).with_label(label)
        };
        vec![d]
    })
}

/// The YAML library's messages speak to Rust programmers (`use Option<String>`, `set
/// DuplicateKeyPolicy in Options`); this says the same to the author of a definition file.
fn in_our_words(message: &str) -> (String, String) {
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim();
        return (format!("key `{key}` is given twice"), "second time here".to_owned());
    }
    if message.starts_with("multiple YAML documents") {
        return (
            "a definition file holds one YAML document; a second starts here".to_owned(),
            "remove the `---` and what follows, or move it to a file of its own".to_owned(),
        );
    }
    if message.starts_with("cannot deserialize null into string") {
        return ("expected text, found nothing (null)".to_owned(), "write the text here".to_owned());
    }
    if message.starts_with("invalid u64") {
        return ("expected a whole number, 0 or more".to_owned(), "here".to_owned());
    }
    if message == "expected sequence start" {
        return ("expected a list".to_owned(), "here".to_owned());
    }
    if message == "expected mapping start" {
        return ("expected a mapping of keys to values".to_owned(), "here".to_owned());
    }
    // Whatever else: without advice meant for the code that calls the library.
    let message = message.split("; use ").next().unwrap_or(message);
    let message = message.split(", set ").next().unwrap_or(message);
    (message.to_owned(), "here".to_owned())
}

/// The deserializer appends its own `at line X column Y`; the diagnostic shows the place itself.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn at<T>(span: Span, s: &Spanned<T>) -> Span {
    let loc = s.referenced;
    let start = loc.span().byte_offset().unwrap_or(0) as usize;
    let len = loc.span().byte_len().unwrap_or(0) as usize;
    span.within(start..start + len)
}

/// `raw` as a semantic version (`1.4.0`, `2.0.0-rc.1`), as cargo reads versions; an error at
/// it if it is none.
fn semver(raw: &Spanned<String>, key: &str, span: Span, errors: &mut Vec<Diagnostic>) -> Option<semver::Version> {
    match semver::Version::parse(&raw.value) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(
                Diagnostic::error(at(span, raw), format!("`{key}`: `{}` is not a semantic version ({e})", raw.value))
                    .with_label("expected MAJOR.MINOR.PATCH, e.g. `1.4.0` or `2.0.0-rc.1`"),
            );
            None
        }
    }
}

/// `schema_id_base` with its `{version}` replaced by the version; any other brace, and
/// `{version}` without a version, is an error at its place in the file.
fn placeholders(
    text: &str,
    span: Span,
    base: &Spanned<String>,
    version: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    let whole = at(span, base);
    // Where a piece of the value is written: found in the value's source text, in order
    // (a quoted value's text starts later than its source), else the whole value.
    let source = text.get(whole.start as usize - span.start as usize..whole.end as usize - span.start as usize);
    let mut cursor = 0;
    let mut place = |piece: &str| match source.and_then(|src| src.get(cursor..)?.find(piece)) {
        Some(i) => {
            let start = whole.start as usize - span.start as usize + cursor + i;
            cursor += i + piece.len();
            span.within(start..start + piece.len())
        }
        None => whole,
    };
    let mut out = String::with_capacity(base.value.len());
    let mut rest = base.value.as_str();
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = if tail.starts_with('{') { tail.find('}').map_or(1, |j| j + 1) } else { 1 };
        let piece = &tail[..len];
        match (piece, version) {
            ("{version}", Some(v)) => out.push_str(v),
            ("{version}", None) => errors.push(
                Diagnostic::error(place(piece), "`schema_id_base` has `{version}`, but there is no `version:` setting")
                    .with_label("replaced by the schemas' version")
                    .with_note("add the version, e.g. `version: 1.0.0`, or take `{version}` out"),
            ),
            _ if len > 1 => errors.push(
                Diagnostic::error(place(piece), format!("unknown placeholder `{piece}` in `schema_id_base`"))
                    .with_label("not a placeholder")
                    .with_note("the one placeholder is `{version}`, replaced by the `version:` setting"),
            ),
            _ => errors.push(
                Diagnostic::error(place(piece), format!("a `{piece}` outside a placeholder in `schema_id_base`"))
                    .with_label("braces are for `{version}` alone")
                    .with_note("the one placeholder is `{version}`, replaced by the `version:` setting"),
            ),
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

fn deprecation(raw: Option<RawDeprecated>) -> Option<Deprecation> {
    match raw {
        None | Some(RawDeprecated::Flag(false)) => None,
        Some(RawDeprecated::Flag(true)) => Some(Deprecation::standard()),
        Some(RawDeprecated::Notice(notice)) => Some(Deprecation { notice }),
    }
}

fn wire_rule(raw: Option<Spanned<String>>, span: Span, errors: &mut Vec<Diagnostic>) -> Option<(WireRule, Span)> {
    let raw = raw?;
    let s = at(span, &raw);
    match WireRule::parse(&raw.value) {
        Some(rule) => Some((rule, s)),
        None => {
            errors.push(
                Diagnostic::error(s, format!("unknown wire-name rule `{}`", raw.value))
                    .with_label(format!("expected one of {}", WireRule::NAMES.map(|n| format!("`{n}`")).join(", "))),
            );
            None
        }
    }
}

/// Reads one YAML definition file. `namespace` is the folder it sits in.
pub fn read(text: &str, span: Span, namespace: &str, doc_path: &str) -> Result<YamlDoc, Vec<Diagnostic>> {
    let raw: RawFile = parse(text, span)?;
    let mut errors = Vec::new();
    let heads: Vec<(&str, &Spanned<String>)> =
        [("struct", &raw.struct_), ("enum", &raw.enum_), ("union", &raw.union), ("overlay", &raw.overlay)]
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
            .collect();
    let (head, name) = match heads.as_slice() {
        [one] => *one,
        [] => {
            return Err(vec![
                Diagnostic::error(
                    span.within(0..text.find('\n').unwrap_or(text.len())),
                    "YAML definition names no model",
                )
                .with_label("expected one of the keys `struct`, `enum`, `union` or `overlay`"),
            ]);
        }
        [_, (second, v), ..] => {
            return Err(vec![
                Diagnostic::error(at(span, v), format!("a YAML file defines one model; `{second}` is a second one"))
                    .with_label("expected only one of `struct`, `enum`, `union` or `overlay`"),
            ]);
        }
    };
    let name_span = at(span, name);
    let wire = wire_rule(raw.wire_names, span, &mut errors);

    if head == "overlay" {
        let fields =
            raw.fields.unwrap_or_default().into_iter().filter_map(|f| field_overlay(f, span, &mut errors)).collect();
        let variants = raw
            .variants
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| {
                let s = at(span, &v.name);
                if v.ty.is_some() {
                    errors.push(
                        Diagnostic::error(s, "an overlay cannot change a variant's type")
                            .with_label("only `tag` may be set here"),
                    );
                }
                match v.tag {
                    Some(tag) => Some(VariantOverlay { name: v.name.value, span: s, tag }),
                    None => {
                        errors.push(
                            Diagnostic::error(s, format!("variant `{}` in an overlay sets nothing", v.name.value))
                                .with_label("expected `tag`"),
                        );
                        None
                    }
                }
            })
            .collect();
        if let Some(v) = raw.values
            && let Some(first) = v.first()
        {
            errors.push(
                Diagnostic::error(at(span, &first.name), "an overlay cannot add enum values")
                    .with_label("write the values in the model's doc"),
            );
        }
        return if errors.is_empty() {
            Ok(YamlDoc::Overlay(Box::new(Overlay {
                target: name.value.clone(),
                namespace: namespace.to_owned(),
                span: name_span,
                wire_names: wire,
                imported_from: raw.imported_from.as_ref().map(|p| (p.value.clone(), at(span, p))),
                rust_name: raw.rust_name.as_ref().map(|n| (n.value.clone(), at(span, n))),
                description: raw.description,
                deprecation: deprecation(raw.deprecated),
                discriminator: raw.discriminator.as_ref().map(|d| (d.value.clone(), at(span, d))),
                additional_properties: raw.additional_properties.as_ref().map(|a| (a.value, at(span, a))),
                fields,
                variants,
            })))
        } else {
            Err(errors)
        };
    }

    if !is_identifier(&name.value) {
        errors.push(
            Diagnostic::error(name_span, format!("`{}` is not a valid model name", name.value))
                .with_label("expected letters, digits and `_`, starting with a letter"),
        );
    }
    let misplaced = |key: &str, present: bool, errors: &mut Vec<Diagnostic>| {
        if present {
            errors.push(
                Diagnostic::error(name_span, format!("a {head} has no `{key}`"))
                    .with_label(format!("this is a {head}")),
            );
        }
    };
    if let Some(from) = &raw.imported_from {
        errors.push(
            Diagnostic::error(at(span, from), format!("{} definition is not imported", with_article(head)))
                .with_label("`imported_from` marks an overlay written by `codegen import`")
                .with_note("remove it; only an `overlay:` file can be imported"),
        );
    }
    if head != "struct"
        && let Some(a) = &raw.additional_properties
    {
        errors.push(
            Diagnostic::error(at(span, a), format!("{} has no `additional_properties`", with_article(head)))
                .with_label("only a struct has properties to close"),
        );
    }
    let kind = match head {
        "struct" => {
            misplaced("values", raw.values.is_some(), &mut errors);
            misplaced("variants", raw.variants.is_some(), &mut errors);
            misplaced("discriminator", raw.discriminator.is_some(), &mut errors);
            let fields =
                raw.fields.unwrap_or_default().into_iter().filter_map(|f| field(f, span, &mut errors)).collect();
            ModelKind::Struct(Struct {
                fields,
                example_column: true,
                sdk_fields: Vec::new(),
                additional_properties: raw.additional_properties.map(|a| a.value),
            })
        }
        "enum" => {
            misplaced("fields", raw.fields.is_some(), &mut errors);
            misplaced("variants", raw.variants.is_some(), &mut errors);
            misplaced("discriminator", raw.discriminator.is_some(), &mut errors);
            let values = raw
                .values
                .unwrap_or_default()
                .into_iter()
                .map(|v| EnumValue {
                    span: at(span, &v.name),
                    name: v.name.value,
                    value: v.value,
                    rust_name: String::new(),
                })
                .collect();
            ModelKind::Enum(Enum { values, usage: None, unknown_variant: String::new() })
        }
        _ => {
            misplaced("fields", raw.fields.is_some(), &mut errors);
            misplaced("values", raw.values.is_some(), &mut errors);
            let mut variants = Vec::new();
            for v in raw.variants.unwrap_or_default() {
                let s = at(span, &v.name);
                let Some(ty) = v.ty else {
                    errors.push(
                        Diagnostic::error(s, format!("variant `{}` has no type", v.name.value))
                            .with_label("expected `type: namespace.Model`"),
                    );
                    continue;
                };
                // `Dog` is the model of the union's own namespace; anything else is Go notation.
                let parsed = if is_identifier(&ty.value) && Primitive::from_go_name(&ty.value).is_none() {
                    let name = QualifiedName { namespace: namespace.to_owned(), name: ty.value.clone() };
                    Ok(FieldType {
                        wrappers: Vec::new(),
                        pointer: false,
                        base: BaseType::Model { name, link: None, qualified: true },
                        notation: TypeNotation::Link,
                    })
                } else {
                    parse_go_type(&ty.value)
                };
                let ty = match parsed {
                    Ok(t) if !t.pointer => t,
                    Ok(_) => {
                        errors.push(
                            Diagnostic::error(at(span, &ty), format!("variant type `{}` is a pointer", ty.value))
                                .with_label("expected a type without `*`: a variant is never absent"),
                        );
                        continue;
                    }
                    Err(msg) => {
                        errors.push(
                            Diagnostic::error(at(span, &ty), msg)
                                .with_label("expected `namespace.Model` or a Go type (`string`, `[]int64`, ...)"),
                        );
                        continue;
                    }
                };
                variants.push(UnionVariant {
                    name: v.name.value,
                    ty,
                    span: s,
                    tag: v.tag,
                    boxed: false,
                    heading: VariantHeading::ByType,
                });
            }
            ModelKind::Union(Union { variants, discriminator: raw.discriminator.map(|d| d.value), switch: None })
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(YamlDoc::Model(Box::new(Model {
        name: QualifiedName { namespace: namespace.to_owned(), name: name.value.clone() },
        doc_path: doc_path.to_owned(),
        format: SourceFormat::Yaml,
        span: name_span,
        description: raw.description.map(|d| d.trim_end().to_owned()),
        deprecation: deprecation(raw.deprecated),
        kind,
        doc_style: DocStyle::default(),
        wire_rule: wire.map(|(r, _)| r),
        rust_name: String::new(),
        file_stem: String::new(),
        schema_name: String::new(),
        chosen_rust_name: raw.rust_name.as_ref().map(|n| (n.value.clone(), at(span, n))),
        rust_extras: RustExtras::default(),
    })))
}

/// Takes the constraint keys out of a field, with where each was written.
fn constraints(f: &mut RawField, span: Span) -> (Constraints, Vec<(&'static str, Span)>) {
    let mut spans = Vec::new();
    let mut grab = |key: &'static str, s: Option<Span>| {
        if let Some(s) = s {
            spans.push((key, s));
        }
    };
    grab("format", f.format.as_ref().map(|v| at(span, v)));
    grab("minimum", f.minimum.as_ref().map(|v| at(span, v)));
    grab("maximum", f.maximum.as_ref().map(|v| at(span, v)));
    grab("min_length", f.min_length.as_ref().map(|v| at(span, v)));
    grab("max_length", f.max_length.as_ref().map(|v| at(span, v)));
    grab("pattern", f.pattern.as_ref().map(|v| at(span, v)));
    grab("min_items", f.min_items.as_ref().map(|v| at(span, v)));
    grab("max_items", f.max_items.as_ref().map(|v| at(span, v)));
    let c = Constraints {
        format: f.format.take().map(|v| v.value),
        minimum: f.minimum.take().map(|v| v.value),
        maximum: f.maximum.take().map(|v| v.value),
        min_length: f.min_length.take().map(|v| v.value),
        max_length: f.max_length.take().map(|v| v.value),
        pattern: f.pattern.take().map(|v| v.value),
        min_items: f.min_items.take().map(|v| v.value),
        max_items: f.max_items.take().map(|v| v.value),
    };
    (c, spans)
}

fn field(mut f: RawField, span: Span, errors: &mut Vec<Diagnostic>) -> Option<Field> {
    let name_span = at(span, &f.name);
    let Some(ty_raw) = f.ty.take() else {
        errors.push(
            Diagnostic::error(name_span, format!("field `{}` has no type", f.name.value))
                .with_label("expected `type: ...`, e.g. `type: \"*string\"`"),
        );
        return None;
    };
    let ty_span = at(span, &ty_raw);
    let ty = match parse_go_type(&ty_raw.value) {
        Ok(ty) => ty,
        Err(msg) => {
            errors.push(Diagnostic::error(at(span, &ty_raw), msg).with_label("unknown type"));
            return None;
        }
    };
    let (constraints, mut constraint_spans) = constraints(&mut f, span);
    let nullable = flag(f.nullable, "nullable", span, &mut constraint_spans);
    Some(Field {
        name: f.name.value,
        span: name_span,
        ty,
        ty_span,
        required: f.required.is_some_and(|r| r.value),
        required_override: None,
        nullable,
        description: f.description.map(|d| d.trim_end().to_owned()),
        deprecation: deprecation(f.deprecated),
        example_span: f.example.as_ref().map_or(Span::DETACHED, |e| at(span, e)),
        example: f.example.map(|e| e.value),
        extra_examples: examples(f.examples, span),
        wire_name: f.wire_name,
        constraints,
        constraint_spans,
        default_span: f.default.as_ref().map_or(Span::DETACHED, |d| at(span, d)),
        default: f.default.map(|d| d.value),
        rust_name: String::new(),
        boxed: false,
        typed_examples: Vec::new(),
    })
}

/// The examples of a field, each with where it is written.
fn examples(raw: Vec<Spanned<Value>>, span: Span) -> Vec<(Value, Span)> {
    raw.into_iter()
        .map(|e| {
            let s = at(span, &e);
            (e.value, s)
        })
        .collect()
}

/// A yes-or-no key of a field (`nullable: true`), its place kept among the constraints' spans.
fn flag(
    raw: Option<Spanned<bool>>,
    key: &'static str,
    span: Span,
    spans: &mut Vec<(&'static str, Span)>,
) -> Option<bool> {
    let raw = raw?;
    spans.push((key, at(span, &raw)));
    Some(raw.value)
}

fn field_overlay(mut f: RawField, span: Span, errors: &mut Vec<Diagnostic>) -> Option<FieldOverlay> {
    let name_span = at(span, &f.name);
    for (key, present) in [("type", f.ty.is_some()), ("example", f.example.is_some())] {
        if present {
            errors.push(
                Diagnostic::error(name_span, format!("an overlay cannot set `{key}` of field `{}`", f.name.value))
                    .with_label(format!("`{key}` comes from the markdown doc"))
                    .with_note("an overlay may set: wire_name, required, nullable, description, deprecated, examples, default, format, minimum, maximum, min_length, max_length, pattern, min_items, max_items"),
            );
        }
    }
    let (constraints, constraint_spans) = constraints(&mut f, span);
    let spanned = |v: Option<Spanned<bool>>| v.map(|v| (v.value, at(span, &v)));
    let default = f.default.take().map(|d| {
        let s = at(span, &d);
        (d.value, s)
    });
    Some(FieldOverlay {
        name: f.name.value,
        span: name_span,
        wire_name: f.wire_name,
        required: spanned(f.required),
        nullable: spanned(f.nullable),
        description: f.description.map(|d| d.trim_end().to_owned()),
        deprecation: deprecation(f.deprecated),
        examples: examples(f.examples, span),
        constraints,
        constraint_spans,
        default,
    })
}

/// Reads the project settings file.
pub fn read_settings(text: &str, span: Span) -> Result<Settings, Vec<Diagnostic>> {
    let raw: RawSettings = parse(text, span)?;
    let mut errors = Vec::new();
    let mut settings = Settings::default();
    let version = raw.version.map(|v| (semver(&v, "version", span, &mut errors), v));
    if let Some(base) = raw.schema_id_base {
        if !base.value.contains("://") {
            errors.push(
                Diagnostic::error(at(span, &base), "`schema_id_base` must be an absolute URI")
                    .with_label("expected e.g. `https://example.com/schemas/`"),
            );
        }
        let version = version.as_ref().map(|(_, v)| v.value.as_str());
        settings.schema_id_base = placeholders(text, span, &base, version, &mut errors);
        if !settings.schema_id_base.ends_with('/') {
            settings.schema_id_base.push('/');
        }
    }
    if let Some(previous) = raw.previous_version {
        let earlier = semver(&previous.version, "previous_version.version", span, &mut errors);
        if let (Some(earlier), Some((Some(now), now_raw))) = (&earlier, &version)
            && earlier >= now
        {
            errors.push(
                Diagnostic::error(
                    at(span, &previous.version),
                    format!("the previous version `{earlier}` is not before `version: {now}`"),
                )
                .with_label("expected an earlier version")
                .with_secondary(at(span, now_raw), "the schemas' version"),
            );
        }
        let path = &previous.json_schema;
        if path.value.is_empty() || std::path::Path::new(&path.value).is_absolute() {
            errors.push(
                Diagnostic::error(
                    at(span, path),
                    format!("`{}` is not a path relative to the schema folder", path.value),
                )
                .with_label(
                    "expected the folder of that version's published JSON Schema, e.g. `../schema-history/1.0.0`",
                ),
            );
        }
        settings.previous_version = Some(PreviousVersion {
            version: previous.version.value,
            json_schema_span: at(span, path),
            json_schema: previous.json_schema.value,
        });
    }
    settings.version = version.map(|(_, v)| {
        let s = at(span, &v);
        (v.value, s)
    });
    if let Some((rule, _)) = wire_rule(raw.wire_names, span, &mut errors) {
        settings.wire_names = rule;
        settings.wire_names_given = true;
    }
    let mut mapped: HashMap<String, Span> = HashMap::new();
    for f in raw.foreign_types {
        let name_span = at(span, &f.name);
        if let Some(first) = mapped.insert(f.name.value.clone(), name_span) {
            errors.push(
                Diagnostic::error(name_span, format!("`{}` is mapped twice", f.name.value))
                    .with_label("second mapping")
                    .with_secondary(first, "first mapping")
                    .with_note("keep one of the two"),
            );
        }
        settings.foreign_types.retain(|t| t.name != f.name.value);
        settings.foreign_types.push(ForeignType {
            name: f.name.value,
            rust_span: at(span, &f.rust),
            rust: f.rust.value,
            json_schema: f.json_schema,
            link: f.link,
        });
    }
    if let Some(rust) = raw.rust {
        let list = |items: Vec<Spanned<String>>| items.into_iter().map(|d| (d.value.clone(), at(span, &d))).collect();
        settings.rust.all = RustAdditions { derives: list(rust.derives), attributes: list(rust.attributes) };
        for (name, model) in rust.models {
            let additions = RustAdditions { derives: list(model.derives), attributes: list(model.attributes) };
            settings.rust.models.push((name.value.clone(), at(span, &name), additions));
        }
    }
    if errors.is_empty() { Ok(settings) } else { Err(errors) }
}
