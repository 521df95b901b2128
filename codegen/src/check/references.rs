//! References resolved: a name that only a foreign type mapped in `codegen.yaml` has is that
//! foreign type; every model a field or variant names exists, every foreign type is mapped,
//! every doc link leads to the doc of the model it names, and a field without a link gets one.
//! After this pass `Schema::get` and `Schema::foreign` find whatever a model refers to.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::model::{BaseType, Model, ModelKind, QualifiedName, Settings};

/// `uuid.UUID` reads like a reference to a model; where `codegen.yaml` maps a foreign type of
/// that name and no model has it, it is that foreign type.
pub(super) fn foreign_types_by_name(models: &mut [Model], index: &HashMap<QualifiedName, usize>, settings: &Settings) {
    if settings.foreign_types.is_empty() {
        return;
    }
    let foreign = |base: &mut BaseType| {
        let BaseType::Model { name, link, qualified: true } = base else { return };
        let qualified = name.to_string();
        if !index.contains_key(name) && settings.foreign_types.iter().any(|t| t.name == qualified) {
            *base = BaseType::Foreign { name: qualified, link: link.clone() };
        }
    };
    for model in models {
        model.types_mut().into_iter().for_each(|ty| foreign(&mut ty.base));
    }
}

/// Finds the model a doc named without its namespace (`[Routes](../../models/shared/routes.md)`,
/// `**APIErrorResponseData*`), as some SDKs' docs write them: the model whose doc the link leads
/// to, or, without a link, the model of that name in the doc's own namespace (as Go reads a
/// name in its package), else the only model of that name. Where none is, or several are and
/// none is the doc's own, it is an error at the type. After this pass every model reference
/// names its namespace (or carries an error).
pub(super) fn resolve_unqualified(
    models: &mut [Model],
    index: &HashMap<QualifiedName, usize>,
    diags: &mut Diagnostics,
) {
    let unqualified =
        |m: &Model| m.types().iter().any(|(ty, _)| matches!(ty.base, BaseType::Model { qualified: false, .. }));
    if !models.iter().any(unqualified) {
        return;
    }
    let doc_paths: HashMap<&str, usize> = models.iter().enumerate().map(|(i, m)| (m.doc_path.as_str(), i)).collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (name, &i) in index {
        by_name.entry(name.name.as_str()).or_default().push(i);
    }
    by_name.values_mut().for_each(|v| v.sort_unstable());
    // (model, which of its types, the namespace found)
    let mut found = Vec::new();
    for (m, model) in models.iter().enumerate() {
        for (k, (ty, span)) in model.types().into_iter().enumerate() {
            let BaseType::Model { name, link, qualified: false } = &ty.base else { continue };
            let named = name_alone(model, &name.name, span, models, &by_name);
            let target = match link {
                Some(link) => by_link(model, &name.name, link, span, models, &doc_paths, named.as_ref().ok()),
                None => named,
            };
            found.push((m, k, target.map(|t| models[t].name.namespace.clone())));
        }
    }
    for (m, k, target) in found {
        match target {
            Ok(namespace) => {
                if let BaseType::Model { name, .. } = &mut models[m].types_mut()[k].base {
                    name.namespace = namespace;
                }
            }
            Err(d) => diags.push(*d),
        }
    }
}

/// The model a doc names alone, without a link: its own namespace's, else the only one.
fn name_alone(
    model: &Model,
    name: &str,
    span: Span,
    models: &[Model],
    by_name: &HashMap<&str, Vec<usize>>,
) -> Result<usize, Box<Diagnostic>> {
    let candidates = by_name.get(name).map_or(&[][..], Vec::as_slice);
    let own = &model.name.namespace;
    if let Some(&i) = candidates.iter().find(|&&i| models[i].name.namespace == *own) {
        return Ok(i);
    }
    match candidates {
        [one] => Ok(*one),
        [] => {
            let mut d = Diagnostic::error(span, format!("`{name}` names no model"))
                .with_label("unknown model")
                .with_note(format!(
                    "a model named without its namespace is the one of that name in the doc's own namespace (`{own}`), else the only one of that name"
                ));
            let same_ns = models.iter().filter(|m| m.name.namespace == *own).map(|m| m.name.name.as_str());
            if let Some(s) = did_you_mean(name, same_ns).or_else(|| did_you_mean(name, by_name.keys().copied())) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            Err(Box::new(d))
        }
        several => {
            let names: Vec<String> = several.iter().map(|&i| format!("`{}`", models[i].name)).collect();
            let first = &models[several[0]];
            Err(Box::new(
                Diagnostic::error(
                    span,
                    format!(
                        "`{name}` could be any of {}, and none is in `{own}`, this doc's namespace",
                        names.join(", ")
                    ),
                )
                .with_label("ambiguous model")
                .with_note(format!(
                    "link the doc of the one meant, e.g. `[{name}]({})`, or name its namespace, e.g. `{}`",
                    relative_link(&model.doc_path, &first.doc_path),
                    first.name
                )),
            ))
        }
    }
}

/// The model whose doc a link leads to, which must be a model of the name the doc gives.
fn by_link(
    model: &Model,
    name: &str,
    link: &str,
    span: Span,
    models: &[Model],
    doc_paths: &HashMap<&str, usize>,
    named: Option<&usize>,
) -> Result<usize, Box<Diagnostic>> {
    let hint = |d: Diagnostic| match named {
        Some(&i) => d.with_note(format!(
            "`{}` is documented at `{}`: link `{}`",
            models[i].name,
            models[i].doc_path,
            relative_link(&model.doc_path, &models[i].doc_path)
        )),
        None => d,
    };
    let resolved = resolve_link(&model.doc_path, link).map_err(|why| {
        Box::new(hint(
            Diagnostic::error(span, format!("link `{link}` {why}")).with_label("link leads outside the schema folder"),
        ))
    })?;
    match doc_paths.get(resolved.as_str()) {
        Some(&i) if models[i].name.name == name => Ok(i),
        Some(&i) => Err(Box::new(hint(
            Diagnostic::error(
                span,
                format!("link `{link}` leads to `{resolved}`, the doc of `{}`, not of a `{name}`", models[i].name),
            )
            .with_label("broken link"),
        ))),
        None => Err(Box::new(hint(
            Diagnostic::error(span, format!("link `{link}` leads to `{resolved}`, which is no model doc"))
                .with_label("broken link"),
        ))),
    }
}

/// Checks the references of every model (on every core; the diagnostics are sorted in the end).
pub(super) fn check_references(
    models: &[Model],
    index: &HashMap<QualifiedName, usize>,
    settings: &Settings,
    diags: &mut Diagnostics,
) {
    let doc_paths: HashMap<&str, usize> = models.iter().enumerate().map(|(i, m)| (m.doc_path.as_str(), i)).collect();
    for found in crate::pool::par_map(models, |model| {
        let mut found = Diagnostics::default();
        resolve_references(model, models, index, &doc_paths, settings, &mut found);
        found
    }) {
        diags.extend(found);
    }
}

/// Gives the docs a link wherever a definition (a YAML model) wrote none.
pub(super) fn fill_links(models: &mut [Model], index: &HashMap<QualifiedName, usize>) {
    let doc_of: Vec<String> = models.iter().map(|m| m.doc_path.clone()).collect();
    crate::pool::par_map_mut(models, |model| {
        if let ModelKind::Struct(s) = &mut model.kind {
            for field in &mut s.fields {
                if let BaseType::Model { name, link: link @ None, .. } = &mut field.ty.base {
                    *link = Some(relative_link(&model.doc_path, &doc_of[index[name]]));
                }
            }
        }
    });
}

/// Checks every reference of a model: models exist, links lead to their docs, foreign types
/// are mapped.
fn resolve_references(
    model: &Model,
    models: &[Model],
    index: &HashMap<QualifiedName, usize>,
    doc_paths: &HashMap<&str, usize>,
    settings: &Settings,
    diags: &mut Diagnostics,
) {
    let unknown_model = |name: &QualifiedName, span: Span| {
        let mut d = Diagnostic::error(span, format!("`{name}` names no model")).with_label("unknown model");
        let same_ns = index.keys().filter(|q| q.namespace == name.namespace).map(|q| q.name.as_str());
        if let Some(s) = did_you_mean(&name.name, same_ns)
            .or_else(|| did_you_mean(&name.name, index.keys().map(|q| q.name.as_str())))
        {
            d = d.with_note(format!("did you mean `{s}`?"));
        }
        if !index.keys().any(|q| q.namespace == name.namespace) {
            // `types.Decimal`, linked to a `types/decimal.md` the SDK does not ship.
            d = d.with_note(format!(
                "no folder `{ns}` of models is in the schema folder; if `{name}` is a type from outside the definitions, map it under `foreign_types` in codegen.yaml (name: {name}, rust: the Rust type, json_schema: its schema)",
                ns = name.namespace
            ));
        }
        d
    };
    // Every model a type names exists and every foreign type is mapped; `what` says whose
    // type it is (`field `X``, `variant `Y``).
    let check_base = |base: &BaseType, what: &str, span: Span, diags: &mut Diagnostics| match base {
        // Named alone and not found: `resolve_unqualified` said why.
        BaseType::Model { qualified: false, name, .. } if name.namespace.is_empty() => {}
        BaseType::Model { name, link, .. } => {
            let Some(&target) = index.get(name) else {
                diags.push(unknown_model(name, span));
                return;
            };
            if let Some(link) = link {
                check_link(model, link, &models[target], doc_paths, span, diags);
            }
        }
        BaseType::Foreign { name, .. } => {
            if !settings.foreign_types.iter().any(|t| &t.name == name) {
                diags.push(
                    Diagnostic::error(span, format!("{what} has type `{name}`, which has no mapping"))
                        .with_label("unmapped foreign type")
                        .with_note(format!(
                            "map it under `foreign_types` in codegen.yaml (mapped now: {})",
                            settings.foreign_types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
                        )),
                );
            }
        }
        BaseType::Primitive(_) => {}
    };
    match &model.kind {
        ModelKind::Struct(s) => {
            for field in &s.fields {
                check_base(&field.ty.base, &format!("field `{}`", field.name), field.ty_span, diags);
            }
        }
        ModelKind::Union(u) => {
            for v in &u.variants {
                check_base(&v.ty.base, &format!("variant `{}`", v.name), v.span, diags);
            }
        }
        ModelKind::Enum(_) => {}
    }
}

/// A doc link is relative to the doc's folder and must stay inside the schema folder.
fn check_link(
    model: &Model,
    link: &str,
    target: &Model,
    doc_paths: &HashMap<&str, usize>,
    span: Span,
    diags: &mut Diagnostics,
) {
    let resolved = match resolve_link(&model.doc_path, link) {
        Ok(p) => p,
        Err(why) => {
            diags.push(
                Diagnostic::error(span, format!("link `{link}` {why}"))
                    .with_label("link leads outside the schema folder")
                    .with_note(format!(
                        "links are relative to the doc's folder, e.g. `{}`",
                        relative_link(&model.doc_path, &target.doc_path)
                    )),
            );
            return;
        }
    };
    if resolved != target.doc_path {
        let what = match doc_paths.get(resolved.as_str()) {
            Some(_) => format!("link `{link}` leads to `{resolved}`, the doc of another model"),
            None => format!("link `{link}` leads to `{resolved}`, which is no model doc"),
        };
        diags.push(Diagnostic::error(span, what).with_label("broken link").with_note(format!(
            "`{}` is documented at `{}`: link `{}`",
            target.name,
            target.doc_path,
            relative_link(&model.doc_path, &target.doc_path)
        )));
    }
}

/// Resolves a relative link against a doc's path, both relative to the schema folder.
pub fn resolve_link(doc_path: &str, link: &str) -> Result<String, &'static str> {
    if link.starts_with('/') || link.starts_with('\\') || link.contains("://") || link.get(1..2) == Some(":") {
        return Err("is absolute; links must be relative");
    }
    let mut parts: Vec<&str> = doc_path.split('/').collect();
    parts.pop();
    for part in link.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leads outside the schema folder");
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// The Speakeasy style of link: up to the schema folder, then down to the target.
pub fn relative_link(from_doc: &str, to_doc: &str) -> String {
    let depth = from_doc.matches('/').count();
    format!("{}{to_doc}", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_stay_inside_the_schema_folder() {
        let doc = "pkg/models/shared/a.md";
        assert_eq!(resolve_link(doc, "../../../pkg/models/shared/b.md").unwrap(), "pkg/models/shared/b.md");
        assert_eq!(resolve_link(doc, "b.md").unwrap(), "pkg/models/shared/b.md");
        assert!(resolve_link(doc, "../../../../etc/passwd").is_err());
        assert!(resolve_link(doc, "/etc/passwd").is_err());
        assert_eq!(relative_link(doc, "pkg/models/sdkerrors/c.md"), "../../../pkg/models/sdkerrors/c.md");
    }
}
