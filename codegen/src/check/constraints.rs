//! Constraints make sense together (`minimum` not above `maximum`, patterns ECMA-262 accepts)
//! and for the field's type (`nullable` too); the examples pass checks values against them.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{BaseType, Field, Model, ModelKind, Primitive, Wrapper};

/// Checks the constraints of every field.
pub(super) fn check_constraints(models: &[Model], diags: &mut Diagnostics) {
    for model in models {
        if let ModelKind::Struct(s) = &model.kind {
            for field in &s.fields {
                check_field(field, diags);
            }
        }
    }
}

/// Constraints must make sense together and for the field's type.
fn check_field(field: &Field, diags: &mut Diagnostics) {
    let c = &field.constraints;
    let span = |key: &str| field.constraint_spans.iter().find(|(k, _)| *k == key).map_or(field.span, |(_, s)| *s);
    if let (Some(min), Some(max)) = (&c.minimum, &c.maximum)
        && min.as_f64() > max.as_f64()
    {
        diags.push(
            Diagnostic::error(span("minimum"), format!("`minimum` {min} is above `maximum` {max}"))
                .with_label("minimum > maximum"),
        );
    }
    if let (Some(min), Some(max)) = (c.min_length, c.max_length)
        && min > max
    {
        diags.push(
            Diagnostic::error(span("min_length"), format!("`min_length` {min} is above `max_length` {max}"))
                .with_label("min_length > max_length"),
        );
    }
    if let (Some(min), Some(max)) = (c.min_items, c.max_items)
        && min > max
    {
        diags.push(
            Diagnostic::error(span("min_items"), format!("`min_items` {min} is above `max_items` {max}"))
                .with_label("min_items > max_items"),
        );
    }
    if let Some(p) = &c.pattern
        && let Err(e) = crate::check::validate::compile_pattern(p)
    {
        diags.push(
            Diagnostic::error(span("pattern"), format!("`pattern` is not a valid ECMA-262 regular expression: {e}"))
                .with_label("invalid pattern")
                .with_note("JSON Schema validators run patterns as JavaScript does (with the `u` flag): no `(?i)`, `(?P<name>...)`, `[[:alpha:]]`, `\\A` or `\\z`"),
        );
    }
    let scalar = field.ty.wrappers.is_empty();
    // `interface{}` is any JSON value, `null` among them: `nullable` could change nothing.
    if field.nullable.is_some()
        && scalar
        && matches!(field.ty.base, BaseType::Primitive(Primitive::Any | Primitive::AnyAlias))
    {
        diags.push(
            Diagnostic::error(span("nullable"), format!("`nullable` means nothing on field `{}`", field.name))
                .with_label(format!("`{}` holds any JSON value, `null` too", crate::notation::go_type(&field.ty)))
                .with_note("remove `nullable`, or give the field a type that is not `interface{}`"),
        );
    }
    let is = |p: &[Primitive]| scalar && matches!(field.ty.base, BaseType::Primitive(x) if p.contains(&x));
    let numeric = is(&[Primitive::Int, Primitive::Int64, Primitive::Int32, Primitive::Float32, Primitive::Float64]);
    let stringy = is(&[Primitive::String]) || (scalar && matches!(field.ty.base, BaseType::Foreign { .. }));
    for (key, ok, what) in [
        ("minimum", c.minimum.is_none() || numeric, "a number"),
        ("maximum", c.maximum.is_none() || numeric, "a number"),
        ("min_length", c.min_length.is_none() || stringy, "a string"),
        ("max_length", c.max_length.is_none() || stringy, "a string"),
        ("pattern", c.pattern.is_none() || stringy, "a string"),
        ("min_items", c.min_items.is_none() || field.ty.wrappers.first() == Some(&Wrapper::List), "a list"),
        ("max_items", c.max_items.is_none() || field.ty.wrappers.first() == Some(&Wrapper::List), "a list"),
    ] {
        if !ok {
            diags.push(
                Diagnostic::error(
                    span(key),
                    format!("`{key}` applies to {what}, and field `{}` is not one", field.name),
                )
                .with_label("does not apply here"),
            );
        }
    }
}
