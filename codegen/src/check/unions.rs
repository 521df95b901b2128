//! Unions that can be read: each has variants, none holds itself through variants that are
//! unions, and the variants are told apart (by a discriminator every variant's model has and a
//! distinct tag each, or by distinct types).

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{BaseType, FieldType, Model, ModelKind, Primitive, QualifiedName, VariantHeading, Wrapper};
use crate::notation::go_type;

/// Checks every union.
pub(super) fn check_unions(models: &[Model], index: &HashMap<QualifiedName, usize>, diags: &mut Diagnostics) {
    for i in 0..models.len() {
        check_union(models, index, i, diags);
    }
}

/// A union's variants must be told apart: by a discriminator, or by distinct types.
fn check_union(models: &[Model], index: &HashMap<QualifiedName, usize>, i: usize, diags: &mut Diagnostics) {
    let model = &models[i];
    let ModelKind::Union(u) = &model.kind else { return };
    if u.variants.is_empty() {
        diags.push(
            Diagnostic::error(model.span, format!("union `{}` has no variants", model.name))
                .with_label("no value could be read into it")
                .with_note("list at least one variant"),
        );
        return;
    }
    // Through variants that are unions themselves, a union must not reach itself: reading a
    // value would try the same unions without end.
    if let Some(cycle) = union_cycle(models, index, i) {
        // Reported once, at the cycle's first union.
        if cycle.iter().min() == Some(&i) {
            let names: Vec<String> =
                cycle.iter().chain([&cycle[0]]).map(|&j| format!("`{}`", models[j].name)).collect();
            diags.push(
                Diagnostic::error(model.span, format!("union `{}` holds itself through its variants", model.name))
                    .with_label(names.join(" -> "))
                    .with_note(
                        "reading a value would try the same unions without end; let one of them hold the other through a struct",
                    ),
            );
        }
        return;
    }
    for v in &u.variants {
        // The docs head a model by its name and any other type with an empty `### `; whether a
        // `pkg.Type` is a model is known only now, past the settings' foreign types.
        let heading = match (v.heading, v.bare_model()) {
            (VariantHeading::Empty, Some(m)) => Some((
                format!("variant `{}` of `{}` holds the model `{m}`, but its heading is empty", v.name, model.name),
                format!("expected `### {}` above it", m.name),
            )),
            (VariantHeading::Named, None) => Some((
                format!(
                    "variant `{}` of `{}` is headed by a name, but `{}` is not a model",
                    v.name,
                    model.name,
                    go_type(&v.ty)
                ),
                "expected an empty heading (`### `) above it, as for every variant that is not a model".to_owned(),
            )),
            _ => None,
        };
        if let Some((message, label)) = heading {
            diags.push(Diagnostic::error(v.span, message).with_label(label));
        }
        if v.ty.wrappers.is_empty() && v.ty.base == BaseType::Primitive(Primitive::Bytes) {
            diags.push(
                Diagnostic::error(v.span, format!("variant `{}` of `{}` is `[]byte`", v.name, model.name))
                    .with_label("unsupported variant type")
                    .with_note("a union cannot hold base64 text as bytes; make the variant a `string`"),
            );
        }
    }
    match &u.discriminator {
        Some(prop) => {
            for v in &u.variants {
                let has = v.bare_model().is_some_and(|m| match &models[index[m]].kind {
                    ModelKind::Struct(s) => s.fields.iter().any(|f| f.wire_name.as_deref() == Some(prop.as_str())),
                    _ => false,
                });
                if !has {
                    diags.push(
                        Diagnostic::error(
                            v.span,
                            match v.bare_model() {
                                Some(_) => format!(
                                    "variant `{}` of `{}` is `{}`, which has no field `{prop}`",
                                    v.name,
                                    model.name,
                                    go_type(&v.ty)
                                ),
                                None => format!(
                                    "variant `{}` of `{}` is `{}`, not a model with a field `{prop}`",
                                    v.name,
                                    model.name,
                                    go_type(&v.ty)
                                ),
                            },
                        )
                        .with_label("discriminator missing")
                        .with_note(format!(
                            "the discriminator `{prop}` must be a field (by wire name) of every variant's model"
                        )),
                    );
                }
                if v.tag.is_none() {
                    diags.push(
                        Diagnostic::error(
                            v.span,
                            format!("variant `{}` of `{}` has no tag for discriminator `{prop}`", v.name, model.name),
                        )
                        .with_label("no tag")
                        .with_note("give it one in the overlay: `variants: [{ name: ..., tag: ... }]`"),
                    );
                }
            }
            let mut tags = HashSet::new();
            for v in &u.variants {
                if let Some(t) = &v.tag
                    && !tags.insert(t)
                {
                    diags.push(
                        Diagnostic::error(v.span, format!("tag `{t}` selects two variants of `{}`", model.name))
                            .with_label("duplicate tag"),
                    );
                }
            }
        }
        None => {
            let mut seen: HashMap<(Vec<Wrapper>, BaseType), &str> = HashMap::new();
            for v in &u.variants {
                if let Some(first) = seen.insert(json_shape(&v.ty), &v.name) {
                    diags.push(
                        Diagnostic::error(v.span, format!("variants `{first}` and `{}` of `{}` are both `{}`: their JSON cannot be told apart", v.name, model.name, go_type(&v.ty)))
                            .with_label("ambiguous variant")
                            .with_note(match v.bare_model() {
                                Some(_) => format!("name a discriminator in an overlay (`overlay: {}`, `discriminator: <property>`, a `tag` per variant)", model.name.name),
                                None => "a value of that type could only ever be read into the first of them; keep one".to_owned(),
                            }),
                    );
                }
            }
        }
    }
}

/// A cycle of unions through their variants from `start` back to it, if there is one: each
/// union once, found breadth first (the shortest).
fn union_cycle(models: &[Model], index: &HashMap<QualifiedName, usize>, start: usize) -> Option<Vec<usize>> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        let ModelKind::Union(u) = &models[at].kind else { continue };
        for v in &u.variants {
            let Some(&next) = v.bare_model().and_then(|m| index.get(m)) else { continue };
            if !matches!(models[next].kind, ModelKind::Union(_)) {
                continue;
            }
            if next == start {
                let mut cycle = vec![at];
                while let Some(&p) = parent.get(cycle.last()?) {
                    cycle.push(p);
                }
                cycle.reverse();
                return Some(cycle);
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(next) {
                e.insert(at);
                queue.push_back(next);
            }
        }
    }
    None
}

/// What tells a variant's JSON apart: its type, with the spellings of one JSON kind made one
/// (`int` and `int64`, `interface{}` and `any`) and how the docs wrote it left out.
fn json_shape(ty: &FieldType) -> (Vec<Wrapper>, BaseType) {
    let base = match &ty.base {
        BaseType::Primitive(Primitive::Int) => BaseType::Primitive(Primitive::Int64),
        BaseType::Primitive(Primitive::AnyAlias) => BaseType::Primitive(Primitive::Any),
        BaseType::Model { name, .. } => BaseType::Model { name: name.clone(), link: None, qualified: true },
        BaseType::Foreign { name, .. } => BaseType::Foreign { name: name.clone(), link: None },
        other => other.clone(),
    };
    (ty.wrappers.clone(), base)
}
