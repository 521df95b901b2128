//! Overlays applied: each names a model that exists, at most one overlay per model (a second
//! would silently undo parts of the first), and every field or variant it names exists. After
//! this pass a model holds everything the definitions say of it.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::model::{Field, Model, ModelKind, Overlay, QualifiedName};

/// Applies each overlay to the model it names.
pub(super) fn apply_overlays(
    models: &mut [Model],
    index: &HashMap<QualifiedName, usize>,
    overlays: Vec<Overlay>,
    diags: &mut Diagnostics,
) {
    let mut overlaid: HashMap<usize, Span> = HashMap::new();
    for overlay in overlays {
        apply_overlay(models, index, overlay, &mut overlaid, diags);
    }
}

/// Applies one overlay; `overlaid` holds where each model's first overlay is.
fn apply_overlay(
    models: &mut [Model],
    index: &HashMap<QualifiedName, usize>,
    overlay: Overlay,
    overlaid: &mut HashMap<usize, Span>,
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
    if let Some(first) = overlaid.insert(i, overlay.span) {
        diags.push(
            Diagnostic::error(overlay.span, format!("a second overlay on `{name}`"))
                .with_label("this overlay")
                .with_secondary(first, "the first overlay on it")
                .with_note("put everything an overlay says of a model in one file"),
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
        if fo.description.is_some() {
            field.description = fo.description;
        }
        if fo.deprecation.is_some() {
            field.deprecation = fo.deprecation;
        }
        field.extra_examples.extend(fo.examples);
        if !fo.constraints.is_empty() {
            field.constraints = fo.constraints;
            field.constraint_spans = fo.constraint_spans;
        }
        // Checked with the examples, against the schema the field publishes.
        if let Some((default, span)) = fo.default {
            field.default = Some(default);
            field.default_span = span;
        }
    }
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
