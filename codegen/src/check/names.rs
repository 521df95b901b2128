//! Names given: each model's Rust type name, file stem and JSON Schema name, each field's Rust
//! and wire name, each enum value's variant; a collision, a name Rust cannot take or one too
//! long for a file is an error. After this pass every `rust_name`, `file_stem`, `schema_name`
//! and `wire_name` is set and unique where it must be, and a union's variants have names Rust
//! takes. The rules for each name are in `crate::naming`.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Model, ModelKind, Settings, SourceFormat};
use crate::naming::{self, KEYWORDS, RESERVED_TYPE_NAMES, is_type_name, rust_field_name};

/// The longest stem of a model's files (`<stem>.rs`, `<stem>.json`): file systems allow 255 bytes.
pub const MAX_FILE_STEM_BYTES: usize = 200;

/// Rust type names and file stems: derived from each model's own name (or chosen with
/// `rust_name`), never from its neighbours, so adding a model renames no other. Two models of a
/// namespace whose names would be equal ignoring case (`AccountId`, `AccountID`) are an error:
/// their files could not both exist on a case-insensitive file system.
pub(super) fn name_models(models: &mut [Model], diags: &mut Diagnostics) {
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

/// Names the fields, enum values and union variants of every model (on every core), and says
/// how many wire names a rule gave and how many of those are a guess: a markdown model's docs
/// carry no wire names, so without a rule chosen for it (in `codegen.yaml` or an overlay) its
/// fields take the default rule's names, right or not.
pub(super) fn name_all_members(models: &mut [Model], settings: &Settings, diags: &mut Diagnostics) -> WireNames {
    let mut counts = WireNames::default();
    let mut first_guess = None;
    for (found, by_rule, guessed, span) in crate::pool::par_map_mut(models, |model| {
        let mut found = Diagnostics::default();
        let (by_rule, guessed) = name_members(model, settings, &mut found);
        (found, by_rule, guessed, model.span)
    }) {
        diags.extend(found);
        counts.by_rule += by_rule;
        counts.guessed += guessed;
        if guessed > 0 {
            counts.guessed_models += 1;
            first_guess.get_or_insert(span);
        }
    }
    if let Some(span) = first_guess {
        diags.push(
            Diagnostic::warning(
                span,
                format!(
                    "the wire names of {} field(s) in {} markdown model(s) are a guess: {} of their Go names",
                    counts.guessed,
                    counts.guessed_models,
                    settings.wire_names.describe()
                ),
            )
            .with_label("the first such model")
            .with_note(
                "the docs do not say how fields are named in JSON; say it with `wire_names:` in codegen.yaml, \
                 or in an overlay for a model (`wire_names:`, or a field's `wire_name:`); --deny-warnings makes \
                 this an error",
            ),
        );
    }
    counts
}

/// How many fields took their wire names from a rule, and how many of those guessed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WireNames {
    /// Fields named by a rule (the model's, or the project's), not given a name of their own.
    pub by_rule: usize,
    /// Of those, the fields of markdown models for which no rule was chosen.
    pub guessed: usize,
    /// The models those guessed fields belong to.
    pub guessed_models: usize,
}

/// Gives a model's fields their Rust and wire names and its enum values their variants, and
/// checks the names of its union variants. Returns how many fields a rule named, and how many
/// of those are a guess.
fn name_members(model: &mut Model, settings: &Settings, diags: &mut Diagnostics) -> (usize, usize) {
    let rule = model.wire_rule.unwrap_or(settings.wire_names);
    let guess = model.format == SourceFormat::Markdown && model.wire_rule.is_none() && !settings.wire_names_given;
    let mut by_rule = 0;
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
                by_rule += usize::from(field.wire_name.is_none());
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
    (by_rule, if guess { by_rule } else { 0 })
}
