//! Turns what the readers found into one checked [`Schema`]: overlays applied, references and
//! links resolved, Rust and wire names given, examples typed, recursion boxed. Every problem is
//! reported here; emitters trust the result.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::model::{
    BaseType, Field, ForeignType, Model, ModelKind, Overlay, Primitive, QualifiedName, Settings, Wrapper,
};
use crate::naming::{
    self, KEYWORDS, RESERVED_TYPE_NAMES, SUPPORT_MODULES, is_type_name, is_type_path, module_dir, rust_field_name,
};

/// The checked definitions, sorted by namespace and name.
#[derive(Debug)]
pub struct Schema {
    pub models: Vec<Model>,
    pub settings: Settings,
    index: HashMap<QualifiedName, usize>,
}

impl Schema {
    /// The model a checked reference names; the checker made sure it exists.
    pub fn get(&self, name: &QualifiedName) -> &Model {
        &self.models[self.index[name]]
    }

    pub fn foreign(&self, name: &str) -> &ForeignType {
        self.settings.foreign_types.iter().find(|t| t.name == name).expect("checked foreign type")
    }

    /// The namespaces, in order.
    pub fn namespaces(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.models.iter().map(|m| m.name.namespace.as_str()).collect();
        out.dedup();
        out
    }
}

/// The most fields, values or variants one model may have: rustc compiles the generated code
/// of models this size (tested), and no real API model comes near it.
pub const MAX_MEMBERS: usize = 1000;

/// The longest stem of a model's files (`<stem>.rs`, `<stem>.json`): file systems allow 255 bytes.
pub const MAX_FILE_STEM_BYTES: usize = 200;

/// The longest description, in bytes: `schemars` turns each into a constant that rustc must
/// evaluate, and far longer ones exhaust its budget for that.
pub const MAX_DESCRIPTION_BYTES: usize = 64 << 10;

/// Checks the models read from the schema folder and applies the overlays to them.
pub fn check(
    mut models: Vec<Model>,
    overlays: Vec<Overlay>,
    settings: Settings,
) -> Result<(Schema, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    check_foreign_types(&settings, &mut diags);
    models.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.doc_path.cmp(&b.doc_path)));

    // Unique names.
    let mut index = HashMap::new();
    let mut unique = Vec::with_capacity(models.len());
    for model in models {
        if let Some(&first) = index.get(&model.name) {
            let first: &Model = &unique[first];
            diags.push(
                Diagnostic::error(model.span, format!("model `{}` is defined twice", model.name))
                    .with_label("second definition")
                    .with_note(format!("first defined in `{}`", first.doc_path)),
            );
            continue;
        }
        index.insert(model.name.clone(), unique.len());
        unique.push(model);
    }
    let mut models = unique;
    check_namespaces(&models, &mut diags);
    check_limits(&models, &mut diags);

    // One overlay per model: a second would silently undo parts of the first.
    let mut overlaid: HashMap<usize, Span> = HashMap::new();
    for overlay in overlays {
        apply_overlay(&mut models, &index, overlay, &mut overlaid, &mut diags);
    }
    for model in &models {
        check_text(model, &mut diags);
    }
    foreign_types_by_name(&mut models, &index, &settings);
    for model in &models {
        if let ModelKind::Struct(s) = &model.kind {
            for field in &s.fields {
                check_constraints(field, &mut diags);
            }
        }
    }
    let doc_paths: HashMap<&str, usize> = models.iter().enumerate().map(|(i, m)| (m.doc_path.as_str(), i)).collect();
    // Per model, on every core (the diagnostics are sorted in the end).
    for found in crate::pool::par_map(&models, |model| {
        let mut found = Diagnostics::default();
        resolve_references(model, &models, &index, &doc_paths, &settings, &mut found);
        found
    }) {
        diags.extend(found);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Give the docs a link wherever a definition (a YAML model) wrote none.
    let doc_of: Vec<String> = models.iter().map(|m| m.doc_path.clone()).collect();
    crate::pool::par_map_mut(&mut models, |model| {
        if let ModelKind::Struct(s) = &mut model.kind {
            for field in &mut s.fields {
                if let BaseType::Model { name, link: link @ None } = &mut field.ty.base {
                    *link = Some(relative_link(&model.doc_path, &doc_of[index[name]]));
                }
            }
        }
    });

    name_models(&mut models, &mut diags);
    for found in crate::pool::par_map_mut(&mut models, |model| {
        let mut found = Diagnostics::default();
        name_members(model, &settings, &mut found);
        found
    }) {
        diags.extend(found);
    }
    for i in 0..models.len() {
        check_union(&models, &index, i, &mut diags);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    box_recursion(&mut models, &index);
    let mut schema = Schema { models, settings, index };
    type_examples(&mut schema, &mut diags);
    if diags.has_errors() { Err(diags) } else { Ok((schema, diags)) }
}

/// Each foreign type's Rust text is a type path (`chrono::DateTime<chrono::Utc>`): the emitters
/// write it where a type goes.
fn check_foreign_types(settings: &Settings, diags: &mut Diagnostics) {
    for t in &settings.foreign_types {
        if !is_type_path(&t.rust) {
            diags.push(
                Diagnostic::error(t.rust_span, format!("`{}` is not a Rust type", t.rust))
                    .with_label("expected a type path, e.g. `chrono::DateTime<chrono::Utc>`"),
            );
        }
    }
}

/// Each namespace becomes a Rust module: the module's name must be free and its own.
fn check_namespaces(models: &[Model], diags: &mut Diagnostics) {
    let mut modules: HashMap<String, (&str, Span)> = HashMap::new();
    // Models are sorted by namespace: each namespace once, at its first model.
    for models in models.chunk_by(|a, b| a.name.namespace == b.name.namespace) {
        let model = &models[0];
        let namespace = model.name.namespace.as_str();
        let module = module_dir(namespace);
        match modules.get(&module) {
            Some((first, first_span)) => diags.push(
                Diagnostic::error(
                    model.span,
                    format!("namespaces `{first}` and `{namespace}` would both be the Rust module `{module}`"),
                )
                .with_label(format!("a model of namespace `{namespace}`"))
                .with_secondary(*first_span, format!("a model of namespace `{first}`"))
                .with_note("rename one of the two folders"),
            ),
            None if SUPPORT_MODULES.contains(&module.as_str()) => diags.push(
                Diagnostic::error(
                    model.span,
                    format!("namespace `{namespace}` would be the module `{module}`, a name the generated crate keeps for itself"),
                )
                .with_label("in this namespace")
                .with_note(format!("rename the folder; reserved: {}", SUPPORT_MODULES.join(", "))),
            ),
            None => {}
        }
        modules.entry(module).or_insert((namespace, model.span));
    }
}

/// Models and descriptions no larger than what the generated crate compiles.
fn check_limits(models: &[Model], diags: &mut Diagnostics) {
    for model in models {
        let (members, what) = match &model.kind {
            ModelKind::Struct(s) => (s.fields.len(), "fields"),
            ModelKind::Enum(e) => (e.values.len(), "values"),
            ModelKind::Union(u) => (u.variants.len(), "variants"),
        };
        if members > MAX_MEMBERS {
            diags.push(
                Diagnostic::error(
                    model.span,
                    format!("`{}` has {members} {what}, more than {MAX_MEMBERS}", model.name),
                )
                .with_label("model too large")
                .with_note("the limit keeps the generated code within what rustc compiles; split the model"),
            );
        }
    }
}

/// Text that reaches Rust doc comments must be text rustc accepts there: no carriage return
/// (a doc comment's lines end with LF), and none of the bidirectional controls that can make code read other
/// than it compiles (rustc rejects both).
fn check_text(model: &Model, diags: &mut Diagnostics) {
    let mut check = |text: &str, what: &str, span: Span| {
        if text.len() > MAX_DESCRIPTION_BYTES {
            diags.push(
                Diagnostic::error(
                    span,
                    format!("the {what} is {} bytes long, more than {MAX_DESCRIPTION_BYTES}", text.len()),
                )
                .with_label("text too long")
                .with_note("the generated code carries it as a constant, which rustc must evaluate"),
            );
        }
        if let Some(c) = text.chars().find(|&c| c == '\r' || crate::model::is_bidi_control(c)) {
            let what_char = if c == '\r' {
                "a carriage return (U+000D)".to_owned()
            } else {
                format!("the bidirectional control character U+{:04X}", c as u32)
            };
            diags.push(
                Diagnostic::error(span, format!("the {what} contains {what_char}"))
                    .with_label("in this text")
                    .with_note("rustc rejects it in doc comments; remove it"),
            );
        }
    };
    if let Some(d) = &model.description {
        check(d, &format!("description of `{}`", model.name), model.span);
    }
    if let Some(d) = &model.deprecation {
        check(&d.notice, &format!("deprecation notice of `{}`", model.name), model.span);
    }
    if let ModelKind::Struct(s) = &model.kind {
        for f in &s.fields {
            if let Some(d) = &f.description {
                check(d, &format!("description of field `{}`", f.name), f.span);
            }
            if let Some(d) = &f.deprecation {
                check(&d.notice, &format!("deprecation notice of field `{}`", f.name), f.span);
            }
            if let Some(e) = &f.example {
                check(e, &format!("example of field `{}`", f.name), f.span);
            }
            for (e, span) in &f.extra_examples {
                check(&e.to_string(), &format!("example of field `{}`", f.name), *span);
            }
        }
    }
}

/// `uuid.UUID` reads like a reference to a model; where `codegen.yaml` maps a foreign type of
/// that name and no model has it, it is that foreign type.
fn foreign_types_by_name(models: &mut [Model], index: &HashMap<QualifiedName, usize>, settings: &Settings) {
    if settings.foreign_types.is_empty() {
        return;
    }
    for model in models {
        let ModelKind::Struct(s) = &mut model.kind else { continue };
        for field in &mut s.fields {
            let BaseType::Model { name, link } = &field.ty.base else { continue };
            let qualified = name.to_string();
            if !index.contains_key(name) && settings.foreign_types.iter().any(|t| t.name == qualified) {
                field.ty.base = BaseType::Foreign { name: qualified, link: link.clone() };
            }
        }
    }
}

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

/// Constraints must make sense together and for the field's type.
fn check_constraints(field: &Field, diags: &mut Diagnostics) {
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
        && let Err(e) = crate::validate::compile_pattern(p)
    {
        diags.push(
            Diagnostic::error(span("pattern"), format!("`pattern` is not a valid ECMA-262 regular expression: {e}"))
                .with_label("invalid pattern")
                .with_note("JSON Schema validators run patterns as JavaScript does (with the `u` flag): no `(?i)`, `(?P<name>...)`, `[[:alpha:]]`, `\\A` or `\\z`"),
        );
    }
    let scalar = field.ty.wrappers.is_empty();
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
        d
    };
    match &model.kind {
        ModelKind::Struct(s) => {
            for field in &s.fields {
                match &field.ty.base {
                    BaseType::Model { name, link } => {
                        let Some(&target) = index.get(name) else {
                            diags.push(unknown_model(name, field.ty_span));
                            continue;
                        };
                        if let Some(link) = link {
                            check_link(model, link, &models[target], doc_paths, field.ty_span, diags);
                        }
                    }
                    BaseType::Foreign { name, .. } => {
                        if !settings.foreign_types.iter().any(|t| &t.name == name) {
                            diags.push(
                                Diagnostic::error(
                                    field.ty_span,
                                    format!("field `{}` has type `{name}`, which has no mapping", field.name),
                                )
                                .with_label("unmapped foreign type")
                                .with_note(format!(
                                    "map it under `foreign_types` in codegen.yaml (mapped now: {})",
                                    settings
                                        .foreign_types
                                        .iter()
                                        .map(|t| t.name.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )),
                            );
                        }
                    }
                    BaseType::Primitive(Primitive::Any | Primitive::Bytes) | BaseType::Primitive(_) => {}
                }
            }
        }
        ModelKind::Union(u) => {
            for v in &u.variants {
                if !index.contains_key(&v.model) {
                    diags.push(unknown_model(&v.model, v.span));
                }
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

/// Rust type names and file stems: derived from each model's own name (or chosen with
/// `rust_name`), never from its neighbours, so adding a model renames no other. Two models of a
/// namespace whose names would be equal ignoring case (`AccountId`, `AccountID`) are an error:
/// their files could not both exist on a case-insensitive file system.
fn name_models(models: &mut [Model], diags: &mut Diagnostics) {
    // By namespace: each name in lower case, and each file stem.
    let mut taken: HashMap<(String, String), usize> = HashMap::new();
    let mut stems: HashMap<(String, String), usize> = HashMap::new();
    for i in 0..models.len() {
        let name = match &models[i].chosen_rust_name {
            Some((chosen, span)) => {
                if !naming::can_name_type(chosen) {
                    diags.push(
                        Diagnostic::error(*span, format!("`{chosen}` cannot name a Rust type of the generated crate"))
                            .with_label("expected an UpperCamelCase name of ASCII letters and digits")
                            .with_note(format!("reserved: {}", RESERVED_TYPE_NAMES.join(", "))),
                    );
                }
                chosen.clone()
            }
            None => naming::type_name(&models[i].name.name),
        };
        let stem = naming::file_stem(&name, &models[i].name.namespace);
        if stem.len() > MAX_FILE_STEM_BYTES {
            let span = models[i].chosen_rust_name.as_ref().map_or(models[i].span, |(_, s)| *s);
            diags.push(
                Diagnostic::error(span, format!("the name `{}` is too long for a file name", models[i].name.name))
                    .with_label(format!("its files would be named `{stem}.rs` and `{stem}.json` ({} bytes)", stem.len() + 5))
                    .with_note(format!("file systems allow 255 bytes; the generator allows stems of {MAX_FILE_STEM_BYTES}: give it a shorter `rust_name`")),
            );
        }
        let namespace = &models[i].name.namespace;
        let key = (namespace.clone(), name.to_lowercase());
        let stem_key = (namespace.clone(), stem.clone());
        if let Some(&first) = taken.get(&key).or_else(|| stems.get(&stem_key)) {
            let (first, this) = (&models[first], &models[i]);
            let span = this.chosen_rust_name.as_ref().map_or(this.span, |(_, s)| *s);
            diags.push(
                Diagnostic::error(
                    span,
                    format!(
                        "models `{}` and `{}` would both be the Rust type `{name}` (or differ from it only in case)",
                        first.name, this.name
                    ),
                )
                .with_label("Rust name collides")
                .with_secondary(first.span, format!("`{}` is defined here", first.name))
                .with_note("give one of them another Rust name: `rust_name: OtherName` in its YAML definition or in an overlay"),
            );
        }
        taken.entry(key).or_insert(i);
        stems.entry(stem_key).or_insert(i);
        models[i].rust_name = name;
        models[i].file_stem = stem;
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    for model in models.iter() {
        *count.entry(model.rust_name.clone()).or_default() += 1;
    }
    for model in models.iter_mut() {
        model.schema_name = if count[&model.rust_name] > 1 {
            format!("{}{}", naming::upper_camel(&model.name.namespace), model.rust_name)
        } else {
            model.rust_name.clone()
        };
    }
    // The bundle keys its `$defs` by these names: each must be one model's (`shared.Account`
    // beside `pets.Account` is `SharedAccount`, which a model of that name would also be).
    let mut schema_names: HashMap<&str, &Model> = HashMap::new();
    for model in models.iter() {
        let first = schema_names.insert(&model.schema_name, model);
        // Within a namespace this is a Rust-name collision, reported above.
        if let Some(first) = first.filter(|f| f.name.namespace != model.name.namespace) {
            diags.push(
                Diagnostic::error(
                    model.span,
                    format!(
                        "models `{}` and `{}` would both be `{}` in the JSON Schema bundle",
                        first.name, model.name, model.schema_name
                    ),
                )
                .with_label("JSON Schema name collides")
                .with_secondary(first.span, format!("`{}` is defined here", first.name))
                .with_note("give one of them another Rust name: `rust_name: OtherName`"),
            );
        }
    }
}

fn name_members(model: &mut Model, settings: &Settings, diags: &mut Diagnostics) {
    let rule = model.wire_rule.unwrap_or(settings.wire_names);
    let model_name = model.name.clone();
    let model_span = model.span;
    match &mut model.kind {
        ModelKind::Struct(s) => {
            let mut rust: HashMap<String, (String, Span)> = HashMap::new();
            let mut wire: HashMap<String, (String, Span)> = HashMap::new();
            let mut names: HashMap<String, Span> = HashMap::new();
            for field in &mut s.fields {
                if let Some(first) = names.insert(field.name.clone(), field.span) {
                    diags.push(
                        Diagnostic::error(
                            field.span,
                            format!("field `{}` appears twice in `{model_name}`", field.name),
                        )
                        .with_label("second field of this name")
                        .with_note(format!("first at byte {}", first.start)),
                    );
                    continue;
                }
                field.rust_name = rust_field_name(&field.name);
                let w = field.wire_name.clone().unwrap_or_else(|| rule.apply(&field.name));
                field.wire_name = Some(w.clone());
                if let Some((other, _)) = rust.insert(field.rust_name.clone(), (field.name.clone(), field.span)) {
                    diags.push(
                        Diagnostic::error(
                            field.span,
                            format!(
                                "fields `{other}` and `{}` of `{model_name}` both become `{}` in Rust",
                                field.name, field.rust_name
                            ),
                        )
                        .with_label("Rust name collides")
                        .with_note("rename one of them"),
                    );
                }
                if let Some((other, _)) = wire.insert(w.clone(), (field.name.clone(), field.span)) {
                    diags.push(
                        Diagnostic::error(
                            field.span,
                            format!(
                                "fields `{other}` and `{}` of `{model_name}` both have the wire name `{w}`",
                                field.name
                            ),
                        )
                        .with_label("wire name collides")
                        .with_note("give one of them another `wire_name` in an overlay"),
                    );
                }
            }
        }
        ModelKind::Enum(e) => {
            if e.values.is_empty() {
                diags.push(
                    Diagnostic::error(model_span, format!("enum `{model_name}` has no values"))
                        .with_label("an enum lists the values it knows")
                        .with_note("list at least one value"),
                );
            }
            let mut taken = HashSet::new();
            let mut values = HashMap::new();
            for v in &mut e.values {
                if let Some(first) = values.insert(v.value.clone(), v.name.clone()) {
                    diags.push(
                        Diagnostic::error(v.span, format!("value `{}` of `{model_name}` is listed twice", v.value))
                            .with_label("duplicate value")
                            .with_note(format!("first as `{first}`")),
                    );
                }
                let base = naming::enum_variant_name(&v.name, &model_name.name);
                let mut candidate = base.clone();
                let mut n = 2;
                while !taken.insert(candidate.clone()) {
                    candidate = format!("{base}{n}");
                    n += 1;
                }
                v.rust_name = candidate;
            }
            let mut unknown = "Unknown".to_owned();
            while taken.contains(&unknown) {
                unknown.push_str("Value");
            }
            e.unknown_variant = unknown;
        }
        ModelKind::Union(u) => {
            let mut taken = HashMap::new();
            for v in &u.variants {
                if !is_type_name(&v.name) || KEYWORDS.contains(&v.name.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            v.span,
                            format!("variant name `{}` of `{model_name}` cannot name a Rust variant", v.name),
                        )
                        .with_label("expected ASCII letters and digits, starting with a capital (`ApplePay`)"),
                    );
                }
                if taken.insert(v.name.clone(), v.span).is_some() {
                    diags.push(
                        Diagnostic::error(v.span, format!("variant `{}` of `{model_name}` appears twice", v.name))
                            .with_label("duplicate variant"),
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
            let Some(&next) = index.get(&v.model) else { continue };
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
    match &u.discriminator {
        Some(prop) => {
            for v in &u.variants {
                let target = &models[index[&v.model]];
                let has = match &target.kind {
                    ModelKind::Struct(s) => s.fields.iter().any(|f| f.wire_name.as_deref() == Some(prop.as_str())),
                    _ => false,
                };
                if !has {
                    diags.push(
                        Diagnostic::error(
                            v.span,
                            format!(
                                "variant `{}` of `{}` is `{}`, which has no field `{prop}`",
                                v.name, model.name, v.model
                            ),
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
            let mut seen: HashMap<&QualifiedName, &str> = HashMap::new();
            for v in &u.variants {
                if let Some(first) = seen.insert(&v.model, &v.name) {
                    diags.push(
                        Diagnostic::error(v.span, format!("variants `{first}` and `{}` of `{}` are both `{}`: their JSON cannot be told apart", v.name, model.name, v.model))
                            .with_label("ambiguous variant")
                            .with_note(format!("name a discriminator in an overlay (`overlay: {}`, `discriminator: <property>`, a `tag` per variant)", model.name.name)),
                    );
                }
            }
        }
    }
}

/// Marks the by-value references that close a cycle, so that Rust boxes them.
fn box_recursion(models: &mut [Model], index: &HashMap<QualifiedName, usize>) {
    // Edges held by value: a model field without list or map around it, or a union variant.
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| match &f.ty.base {
                    BaseType::Model { name, .. } if f.ty.wrappers.is_empty() => Some(index[name]),
                    _ => None,
                })
                .collect(),
            ModelKind::Union(u) => u.variants.iter().map(|v| index[&v.model]).collect(),
            ModelKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, model) in models.iter_mut().enumerate() {
        match &mut model.kind {
            ModelKind::Struct(s) => {
                for f in &mut s.fields {
                    if let BaseType::Model { name, .. } = &f.ty.base {
                        f.boxed = f.ty.wrappers.is_empty() && component[index[name]] == component[i];
                    }
                }
            }
            ModelKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = component[index[&v.model]] == component[i];
                }
            }
            ModelKind::Enum(_) => {}
        }
    }
}

/// Tarjan's algorithm, iterative so that a chain of thousands of models cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                loop {
                    let w = stack.pop().expect("tarjan stack");
                    on_stack[w] = false;
                    component[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    component
}

/// Turns each field's written example into typed JSON where it fits what the field publishes
/// and the Rust type it becomes (`validate`); an example of the docs that does not fit stays in
/// the docs only, with a warning. An `examples:` value or a default that does not fit is an error.
fn type_examples(schema: &mut Schema, diags: &mut Diagnostics) {
    let mut updates: BTreeMap<(usize, usize), Vec<Value>> = BTreeMap::new();
    for (mi, model) in schema.models.iter().enumerate() {
        let ModelKind::Struct(s) = &model.kind else { continue };
        for (fi, field) in s.fields.iter().enumerate() {
            // Point at the value itself; a definition made in code has no place for it.
            let at = |span: Span| if span == Span::DETACHED { field.span } else { span };
            let message = |what: &str, problem: &crate::validate::Problem| {
                format!("{what} of `{}.{}` does not fit: {problem}", model.name, field.name)
            };
            let note = || field_schema_note(field);
            let mut typed = Vec::new();
            if let Some(text) = field.example.as_ref().filter(|t| !t.ends_with("...")) {
                // An example the docs truncated (`i1qxz...`) is kept in the docs only, silently:
                // that is the notation, not a mistake.
                match example_value(schema, field, text) {
                    Ok(v) => typed.push(v),
                    Err(p) => diags.push(
                        Diagnostic::warning(at(field.example_span), message("example", &p))
                            .with_label("example kept in the docs only")
                            .with_note(note()),
                    ),
                }
            }
            for (v, span) in &field.extra_examples {
                match crate::validate::check_value(schema, &field.ty, &field.constraints, v) {
                    Ok(()) => typed.push(v.clone()),
                    Err(p) => diags.push(
                        Diagnostic::error(at(*span), message("example", &p))
                            .with_label("invalid example")
                            .with_note(note()),
                    ),
                }
            }
            if let Some(d) = &field.default
                && let Err(p) = crate::validate::check_value(schema, &field.ty, &field.constraints, d)
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

/// The typed value of an example as the docs write it, if it fits the field.
fn example_value(schema: &Schema, field: &Field, text: &str) -> Result<Value, crate::validate::Problem> {
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
            BaseType::Primitive(Primitive::Any) | BaseType::Model { .. } | BaseType::Foreign { .. } => json_or_text(),
        }
    };
    crate::validate::check_value(schema, ty, &field.constraints, &value).map(|()| value)
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

    #[test]
    fn only_the_crates_own_modules_are_reserved() {
        let text = "struct: A\nfields: []\n";
        let span = Span::new(crate::diag::FileId(0), 0..text.len());
        for (namespace, reserved) in
            [("serialize", false), ("deserialize", false), ("base64_bytes", false), ("lib", true), ("Lib", true)]
        {
            let Ok(crate::read::yaml::YamlDoc::Model(model)) = crate::read::yaml::read(text, span, namespace, "a.md")
            else {
                panic!("the model reads")
            };
            let mut diags = Diagnostics::default();
            check_namespaces(&[*model], &mut diags);
            assert_eq!(diags.has_errors(), reserved, "{namespace}");
        }
    }

    #[test]
    fn cycles_are_found() {
        let edges = vec![vec![1], vec![0], vec![2], vec![]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[2], c[3]);
    }
}
