//! Overlays applied: each names a model that exists, at most one imported overlay
//! (`imported_from`, written by `codegen import`) and one hand-written overlay per model (a
//! second of either would silently undo parts of the first), and every field or variant it
//! names exists. The imported overlay goes first and the hand-written one after it, key by key
//! (a key the hand-written one sets wins; a field's keys one by one). After this pass a model
//! holds everything the definitions say of it.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::model::{Constraints, Field, Model, ModelKind, Overlay, QualifiedName, with_article};

/// Applies each overlay to the model it names: the imported ones first.
pub(super) fn apply_overlays(
    models: &mut [Model],
    index: &HashMap<QualifiedName, usize>,
    mut overlays: Vec<Overlay>,
    diags: &mut Diagnostics,
) {
    overlays.sort_by_key(|o| o.imported_from.is_none());
    let mut overlaid: HashMap<(usize, bool), Span> = HashMap::new();
    for overlay in overlays {
        apply_overlay(models, index, overlay, &mut overlaid, diags);
    }
}

/// Applies one overlay; `overlaid` holds where each model's first overlay of each sort
/// (imported or not) is.
fn apply_overlay(
    models: &mut [Model],
    index: &HashMap<QualifiedName, usize>,
    overlay: Overlay,
    overlaid: &mut HashMap<(usize, bool), Span>,
    diags: &mut Diagnostics,
) {
    let name = match overlay.target.split_once('.') {
        Some((ns, n)) => QualifiedName { namespace: ns.to_owned(), name: n.to_owned() },
        None => {
            // An unqualified name means the model in the overlay's own namespace, else the one
            // model of that name in any namespace.
            let own = QualifiedName { namespace: overlay.namespace.clone(), name: overlay.target.clone() };
            let matches: Vec<&QualifiedName> = index.keys().filter(|q| q.name == overlay.target).collect();
            match matches.as_slice() {
                _ if index.contains_key(&own) => own,
                [one] => (*one).clone(),
                _ => QualifiedName { namespace: String::new(), name: overlay.target.clone() },
            }
        }
    };
    let Some(&i) = index.get(&name) else {
        let mut d =
            Diagnostic::error(overlay.span, format!("overlay names model `{}`, which does not exist", overlay.target))
                .with_label("no model of this name");
        if let Some(s) = did_you_mean(&name.name, index.keys().map(|q| q.name.as_str())) {
            d = d.with_note(format!("did you mean `{s}`?"));
        }
        diags.push(d);
        return;
    };
    let imported = overlay.imported_from.is_some();
    if let Some(first) = overlaid.insert((i, imported), overlay.span) {
        let (message, note) = if imported {
            (
                format!("a second imported overlay on `{name}`"),
                "a model takes one overlay from `codegen import`; remove the other (an older import's?)",
            )
        } else {
            (
                format!("a second overlay on `{name}`"),
                "put everything an overlay says of a model in one file (beside at most one imported overlay)",
            )
        };
        diags.push(
            Diagnostic::error(overlay.span, message)
                .with_label("this overlay")
                .with_secondary(first, "the first overlay on it")
                .with_note(note),
        );
        return;
    }
    let model = &mut models[i];
    if overlay.rust_name.is_some() {
        model.chosen_rust_name = overlay.rust_name;
    }
    if let Some((rule, _)) = overlay.wire_names {
        model.wire_rule = Some(rule);
    }
    if overlay.description.is_some() {
        model.description = overlay.description;
    }
    if overlay.deprecation.is_some() {
        model.deprecation = overlay.deprecation;
    }
    let model_name = model.name.clone();
    match &mut model.kind {
        ModelKind::Union(u) => {
            if let Some((d, _)) = overlay.discriminator {
                u.discriminator = Some(d);
            }
            for v in overlay.variants {
                match u.variants.iter_mut().find(|x| x.name == v.name) {
                    Some(x) => x.tag = Some(v.tag),
                    None => diags.push(unknown_member(
                        v.span,
                        "variant",
                        &v.name,
                        &model_name,
                        u.variants.iter().map(|x| x.name.as_str()),
                    )),
                }
            }
        }
        _ => {
            if let Some((_, span)) = overlay.discriminator {
                diags.push(
                    Diagnostic::error(span, format!("`{model_name}` is a {}, not a union", model.kind_name()))
                        .with_label("only unions have a discriminator"),
                );
            }
            if let Some(v) = overlay.variants.first() {
                diags.push(
                    Diagnostic::error(v.span, format!("`{model_name}` is a {}, not a union", model.kind_name()))
                        .with_label("only unions have variants"),
                );
            }
        }
    }
    let kind_name = model.kind_name();
    match (&mut model.kind, overlay.additional_properties) {
        (ModelKind::Struct(s), Some((open, _))) => s.additional_properties = Some(open),
        (_, Some((_, span))) => diags.push(
            Diagnostic::error(span, format!("`{model_name}` is {}, not a struct", with_article(kind_name)))
                .with_label("only a struct has properties to close"),
        ),
        _ => {}
    }
    let fields: &mut [Field] = match &mut model.kind {
        ModelKind::Struct(s) => &mut s.fields,
        _ => &mut [],
    };
    let mut named: HashMap<String, Span> = HashMap::new();
    for fo in overlay.fields {
        if let Some(first) = named.insert(fo.name.clone(), fo.span) {
            diags.push(
                Diagnostic::error(fo.span, format!("field `{}` is named twice in this overlay", fo.name))
                    .with_label("second entry")
                    .with_secondary(first, "first entry")
                    .with_note("merge the two entries"),
            );
            continue;
        }
        let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
        let Some(field) = fields.iter_mut().find(|f| f.name == fo.name) else {
            if names.is_empty() {
                diags.push(
                    Diagnostic::error(fo.span, format!("`{model_name}` is a {kind_name} and has no fields"))
                        .with_label("no such field"),
                );
            } else {
                diags.push(unknown_member(fo.span, "field", &fo.name, &model_name, names.iter().map(String::as_str)));
            }
            continue;
        };
        if let Some(w) = fo.wire_name {
            field.wire_name = Some(w);
        }
        if let Some((required, span)) = fo.required {
            field.required_override = Some(required);
            set_span(&mut field.constraint_spans, "required", span);
        }
        if let Some((nullable, span)) = fo.nullable {
            field.nullable = Some(nullable);
            set_span(&mut field.constraint_spans, "nullable", span);
        }
        if fo.description.is_some() {
            field.description = fo.description;
        }
        if fo.deprecation.is_some() {
            field.deprecation = fo.deprecation;
        }
        // A markdown field has no examples of its own beyond its cell: these are the overlay's.
        if !fo.examples.is_empty() {
            field.extra_examples = fo.examples;
        }
        merge_constraints(&mut field.constraints, fo.constraints);
        for (key, span) in fo.constraint_spans {
            set_span(&mut field.constraint_spans, key, span);
        }
        // Checked with the examples, against the schema the field publishes.
        if let Some((default, span)) = fo.default {
            field.default = Some(default);
            field.default_span = span;
        }
    }
}

/// Each constraint the overlay sets replaces the field's, one key at a time.
fn merge_constraints(field: &mut Constraints, overlay: Constraints) {
    let Constraints { format, minimum, maximum, min_length, max_length, pattern, min_items, max_items } = overlay;
    fn set<T>(to: &mut Option<T>, from: Option<T>) {
        if from.is_some() {
            *to = from;
        }
    }
    set(&mut field.format, format);
    set(&mut field.minimum, minimum);
    set(&mut field.maximum, maximum);
    set(&mut field.min_length, min_length);
    set(&mut field.max_length, max_length);
    set(&mut field.pattern, pattern);
    set(&mut field.min_items, min_items);
    set(&mut field.max_items, max_items);
}

/// Where a key of a field was last set.
fn set_span(spans: &mut Vec<(&'static str, Span)>, key: &'static str, span: Span) {
    spans.retain(|(k, _)| *k != key);
    spans.push((key, span));
}

/// An overlay names a field or variant that its model does not have.
fn unknown_member<'a>(
    span: Span,
    what: &str,
    name: &str,
    model: &QualifiedName,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let mut d = Diagnostic::error(span, format!("overlay names {what} `{name}`, which `{model}` does not have"))
        .with_label(format!("no such {what}"));
    if let Some(s) = did_you_mean(name, known.clone()) {
        d = d.with_note(format!("did you mean `{s}`?"));
    } else {
        d = d.with_note(format!("`{model}` has: {}", known.collect::<Vec<_>>().join(", ")));
    }
    d
}
