//! Emits model docs in the Speakeasy field-table format, the same format the markdown reader reads.

use std::fmt::Write as _;

use crate::doc_format::{
    DEPRECATED_FIELD_PREFIX, DEPRECATED_MODEL_PREFIX, DISCRIMINATOR_INTRO, DISCRIMINATOR_OUTRO, LINE_BREAK,
    NO_DESCRIPTION, OPTIONAL_MARK, OPTIONAL_NULLABLE_OPEN, REQUIRED_MARK, encode_cell, enum_usage_section,
    snippet_variable, union_switch_section,
};
use crate::model::{BaseType, Field, FieldType, Model, ModelKind, OptionalNullableInner, TypeNotation, Wrapper};
use crate::notation::go_type;

/// The doc of one model. Links to other models are taken from the model as they stand.
pub fn model_doc(model: &Model) -> String {
    let mut out = String::with_capacity(4096);
    let name = &model.name.name;
    if model.is_deprecated() {
        let _ = write!(out, "# ~~{name}~~\n\n");
    } else {
        let _ = write!(out, "# {name}\n\n");
    }
    if let Some(description) = &model.description {
        let _ = write!(out, "{description}\n\n");
    }
    if let Some(deprecation) = &model.deprecation {
        let _ = write!(out, "{DEPRECATED_MODEL_PREFIX}{}\n\n", deprecation.notice);
    }
    match &model.kind {
        ModelKind::Struct(s) => {
            out.push_str("\n## Fields\n\n");
            let mut rows = vec![];
            let header: &[&str] = if s.example_column {
                &["Field", "Type", "Required", "Description", "Example"]
            } else {
                &["Field", "Type", "Required", "Description"]
            };
            for field in s.doc_fields() {
                let mut row =
                    vec![field_name_cell(field), type_cell(&field.ty), required_cell(field), description_cell(field)];
                if s.example_column {
                    row.push(field.example.as_deref().map(encode_cell).unwrap_or_default());
                }
                rows.push(row);
            }
            table(&mut out, header, &rows);
            if model.doc_style.final_newline {
                out.push('\n');
            }
        }
        ModelKind::Enum(e) => {
            if let Some(usage) = &e.usage {
                let first = e.values.first().map_or("", |v| v.name.as_str());
                out.push_str(&enum_usage_section(&model.name.namespace, name, first, usage));
                out.push_str("\n\n");
            }
            out.push_str("\n## Values\n\n");
            let rows: Vec<Vec<String>> =
                e.values.iter().map(|v| vec![format!("`{}`", v.name), encode_cell(&v.value)]).collect();
            table(&mut out, &["Name", "Value"], &rows);
            if model.doc_style.final_newline {
                out.push('\n');
            }
        }
        ModelKind::Union(u) => {
            out.push_str("\n## Supported Types\n\n");
            let var = snippet_variable(name);
            let ns = &model.name.namespace;
            if let Some(prop) = &u.discriminator {
                let _ = write!(out, "{DISCRIMINATOR_INTRO}{prop}{DISCRIMINATOR_OUTRO}\n\n");
            }
            for v in &u.variants {
                // A model is listed under its name; any other type under an empty heading.
                let _ = write!(out, "### {}\n\n", v.bare_model().map_or("", |m| m.name.as_str()));
                if let (Some(prop), Some(tag)) = (&u.discriminator, &v.tag) {
                    let _ = write!(out, "`{prop}`: `{tag}`\n\n");
                }
                let _ = write!(
                    out,
                    "```go\n{var} := {ns}.Create{name}{variant}({ty}{{/* values here */}})\n```\n\n",
                    ty = go_type(&v.ty),
                    variant = v.name,
                );
            }
            if let Some(switch) = &u.switch {
                out.push_str(&union_switch_section(name, ns, &u.variants, switch));
                if model.doc_style.final_newline {
                    out.push('\n');
                }
            }
        }
    }
    apply_style(out, model)
}

fn apply_style(mut out: String, model: &Model) -> String {
    if model.doc_style.crlf {
        out = out.replace('\n', "\r\n");
    }
    if model.doc_style.bom {
        out.insert(0, '\u{feff}');
    }
    out
}

fn field_name_cell(field: &Field) -> String {
    if field.deprecation.is_some() { format!("~~`{}`~~", field.name) } else { format!("`{}`", field.name) }
}

fn required_cell(field: &Field) -> String {
    if field.shows_required() { REQUIRED_MARK } else { OPTIONAL_MARK }.to_owned()
}

fn description_cell(field: &Field) -> String {
    let description = field.description.as_deref().map(encode_cell);
    match (&field.deprecation, description) {
        (Some(dep), Some(d)) => {
            format!("{DEPRECATED_FIELD_PREFIX}{}{LINE_BREAK}{LINE_BREAK}{d}", encode_cell(&dep.notice))
        }
        (Some(dep), None) => format!("{DEPRECATED_FIELD_PREFIX}{}", encode_cell(&dep.notice)),
        (None, Some(d)) => d,
        (None, None) => NO_DESCRIPTION.to_owned(),
    }
}

/// The type in the docs' notation: `**string*`, `[*shared.X](link)`, `[]*int64*`, `` `*string` ``,
/// `optionalnullable.OptionalNullable[[]`string`]`...
pub fn type_cell(ty: &FieldType) -> String {
    let mut out = String::new();
    // An optional-and-nullable type is written around the rest, which has no `*` of its own.
    let (notation, ptr) = match ty.notation {
        TypeNotation::OptionalNullable(inner) => {
            out.push_str(OPTIONAL_NULLABLE_OPEN);
            let inner = match inner {
                OptionalNullableInner::Link => TypeNotation::Link,
                OptionalNullableInner::Code => TypeNotation::Code,
            };
            (inner, "")
        }
        n => (n, if ty.pointer { "*" } else { "" }),
    };
    for w in &ty.wrappers {
        out.push_str(match w {
            Wrapper::List => "[]",
            Wrapper::Map => "map[string]",
        });
    }
    let (name, link) = match &ty.base {
        BaseType::Primitive(p) => (p.go_name().to_owned(), None),
        BaseType::Model { name, link, qualified: true } => (name.to_string(), link.as_deref()),
        // As written: a model the doc named alone stays alone.
        BaseType::Model { name, link, qualified: false } => (name.name.clone(), link.as_deref()),
        BaseType::Foreign { name, link } => (name.clone(), link.as_deref()),
    };
    match (notation, link) {
        (TypeNotation::Link, Some(link)) => {
            let _ = write!(out, "[{ptr}{name}]({link})");
        }
        (TypeNotation::Code, _) => {
            let _ = write!(out, "`{ptr}{name}`");
        }
        _ => {
            let _ = write!(out, "*{ptr}{name}*");
        }
    }
    if matches!(ty.notation, TypeNotation::OptionalNullable(_)) {
        out.push(']');
    }
    out
}

/// Every column is padded to the width of the widest cell's text before it went into the cell
/// (a `<br/>` one character, `\|` one): the width Speakeasy measures before it escapes pipes
/// and turns newlines into `<br/>`.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let measure = |c: &str| {
        if c.contains(['\\', '<']) { crate::doc_format::decode_cell(c).chars().count() } else { c.chars().count() }
    };
    let width = header.iter().map(|h| measure(h)).chain(rows.iter().flatten().map(|c| measure(c))).max().unwrap_or(0);
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push('|');
        for c in cells {
            out.push(' ');
            out.push_str(c);
            let pad = width.saturating_sub(c.chars().count());
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(" |");
        }
    };
    line(out, &mut header.iter().copied());
    out.push('\n');
    let dashes = "-".repeat(width);
    line(out, &mut header.iter().map(|_| dashes.as_str()));
    for row in rows {
        out.push('\n');
        line(out, &mut row.iter().map(String::as_str));
    }
}
