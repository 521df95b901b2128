//! The user's derives and attributes for the Rust types (`rust:` in the settings): each derive
//! is a path and each attribute text one or more outer attributes (parsed with syn), none
//! names a trait the generated code already implements or an attribute that would change what
//! the tool promises (its serde impls, its JSON Schema, its docs), and every `models:` key
//! names a model. After this pass each model holds the checked text its type gets.
//!
//! Beyond that the text is passed through as written: whether `Eq` fits a struct holding an
//! `f64` is the user's to answer, as the README says where it promises that accepted input
//! compiles.

use std::collections::HashMap;

use syn::ext::IdentExt as _;
use syn::parse::Parser;

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::model::{Model, QualifiedName, RustAdditions, RustExtras, Settings};
use crate::naming::{EVERY_MODELS_TRAITS, generated_traits};

/// Checks the `rust:` settings and gives each model its derives and attributes.
pub(super) fn resolve_rust_extras(
    models: &mut [Model],
    index: &HashMap<QualifiedName, usize>,
    settings: &Settings,
    diags: &mut Diagnostics,
) {
    let rust = &settings.rust;
    let all = checked(&rust.all, diags);
    for (name, span, _) in &all.derives {
        if EVERY_MODELS_TRAITS.contains(&name.as_str()) {
            diags.push(
                Diagnostic::error(*span, format!("every model's type already implements `{name}`"))
                    .with_label("provided by the generated code")
                    .with_note(format!("remove it: a second `{name}` would conflict with the generated one")),
            );
        } else if name == "Default" {
            // Enums and unions cannot derive it (no variant is the default one).
            diags.push(
                Diagnostic::error(*span, "`Default` cannot be derived for every model")
                    .with_label("an enum or union has no default variant to derive it from")
                    .with_note(
                        "give it to structs by name under `rust.models` (a struct whose fields are all optional \
                         has it already)",
                    ),
            );
        }
    }
    let mut own: HashMap<usize, Checked> = HashMap::new();
    for (written, span, additions) in &rust.models {
        let Some(i) = model_named(written, *span, index, diags) else {
            checked(additions, diags);
            continue;
        };
        let model = &models[i];
        let additions = checked(additions, diags);
        for (name, span, _) in &additions.derives {
            if let Some((_, first, _)) = all.derives.iter().find(|(n, ..)| n == name) {
                diags.push(
                    Diagnostic::error(*span, format!("`{name}` is derived twice for `{}`", model.name))
                        .with_label("second time here")
                        .with_secondary(*first, "`rust.derives` gives it to every model")
                        .with_note("keep one of the two"),
                );
            } else if generated_traits(model).contains(&name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        *span,
                        format!("the {} `{}` already implements `{name}`", model.kind_name(), model.name),
                    )
                    .with_label("provided by the generated code")
                    .with_note(format!("remove it: a second `{name}` would conflict with the generated one")),
                );
            }
        }
        // The parser refuses a key given twice, so a model has at most one entry.
        own.insert(i, additions);
    }
    for (i, model) in models.iter_mut().enumerate() {
        let provided = generated_traits(model);
        // A derive for every model that this one already has (`Eq` on an enum) is there.
        let mut extras = RustExtras {
            derives: all
                .derives
                .iter()
                .filter(|(n, ..)| !provided.contains(&n.as_str()))
                .map(|(.., t)| t.clone())
                .collect(),
            attributes: all.attributes.clone(),
        };
        if let Some(additions) = own.get(&i) {
            extras.derives.extend(additions.derives.iter().map(|(.., t)| t.clone()));
            extras.attributes.extend(additions.attributes.iter().cloned());
        }
        model.rust_extras = extras;
    }
}

/// The derives (each with the name of the trait it derives: the path's last segment, where
/// written, and the text) and attribute texts of a list that passed the checks.
#[derive(Default)]
struct Checked {
    derives: Vec<(String, Span, String)>,
    attributes: Vec<String>,
}

/// Checks one list of derives and attributes; what fails is reported and left out.
fn checked(additions: &RustAdditions, diags: &mut Diagnostics) -> Checked {
    let mut out = Checked::default();
    for (text, span) in &additions.derives {
        let Some(name) = derive_name(text, *span, diags) else { continue };
        if let Some((_, first, _)) = out.derives.iter().find(|(n, ..)| *n == name) {
            diags.push(
                Diagnostic::error(*span, format!("`{name}` is derived twice"))
                    .with_label("second time here")
                    .with_secondary(*first, "first time here")
                    .with_note("keep one of the two"),
            );
            continue;
        }
        out.derives.push((name, *span, text.trim().to_owned()));
    }
    for (text, span) in &additions.attributes {
        if check_attributes(text, *span, diags) {
            out.attributes.push(text.trim().to_owned());
        }
    }
    out
}

/// The trait a derive names (its path's last segment, `r#` removed), or a diagnostic if it is
/// not a path to a trait.
fn derive_name(text: &str, span: Span, diags: &mut Diagnostics) -> Option<String> {
    match syn::Path::parse_mod_style.parse_str(text) {
        Ok(path) => {
            let name = path.segments.last().expect("a parsed path has a segment").ident.unraw().to_string();
            if matches!(name.as_str(), "crate" | "self" | "super" | "Self") {
                diags.push(
                    Diagnostic::error(span, format!("`{}` names no trait", text.trim()))
                        .with_label("expected a trait's path, such as `Eq` or `std::hash::Hash`"),
                );
                return None;
            }
            Some(name)
        }
        Err(e) => {
            let found = if text.trim().is_empty() { "nothing".to_owned() } else { format!("`{}`", text.trim()) };
            diags.push(
                Diagnostic::error(span, format!("a derive must be a path, found {found}"))
                    .with_label("expected a trait's path, such as `Eq` or `std::hash::Hash`")
                    .with_note(format!("{e}; one derive per item of the list")),
            );
            None
        }
    }
}

/// Whether `text` is one or more outer attributes that the generated type may carry; reports
/// why not.
fn check_attributes(text: &str, span: Span, diags: &mut Diagnostics) -> bool {
    // Inside a literal, as syn accepts them: rustc rejects both.
    if let Some(c) = text.chars().find(|&c| c == '\r' || crate::model::is_bidi_control(c)) {
        diags.push(
            Diagnostic::error(span, format!("the attribute contains the character U+{:04X}", c as u32))
                .with_label("in this text")
                .with_note("rustc rejects a carriage return or a bidirectional control character in Rust code"),
        );
        return false;
    }
    // A line break inside a literal would not survive the indent of the single-file layout's
    // modules (and says nothing an escape cannot).
    fn literal_breaks(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Literal(l) => l.to_string().contains('\n'),
            proc_macro2::TokenTree::Group(g) => literal_breaks(g.stream()),
            _ => false,
        })
    }
    if text.parse::<proc_macro2::TokenStream>().is_ok_and(literal_breaks) {
        diags.push(
            Diagnostic::error(span, "a literal in the attribute spans lines")
                .with_label("in this text")
                .with_note("write a line break inside a string as `\\n`"),
        );
        return false;
    }
    let attributes = match syn::Attribute::parse_outer.parse_str(text) {
        Ok(attributes) if !attributes.is_empty() => attributes,
        Ok(_) => {
            diags.push(
                Diagnostic::error(span, "expected an attribute, found nothing")
                    .with_label("expected an outer attribute, such as `#[non_exhaustive]`"),
            );
            return false;
        }
        Err(e) => {
            let d = if syn::Attribute::parse_inner.parse_str(text).is_ok() {
                Diagnostic::error(span, format!("`{}` is an inner attribute", text.trim()))
                    .with_label("expected an outer attribute, `#[...]`")
                    .with_note("a model's type takes outer attributes: write `#[...]`, without the `!`")
            } else {
                Diagnostic::error(span, format!("`{}` is not an attribute", text.trim()))
                    .with_label("expected an outer attribute, such as `#[non_exhaustive]`")
                    .with_note(e.to_string())
            };
            diags.push(d);
            return false;
        }
    };
    let mut ok = true;
    for attribute in &attributes {
        if let Some((shape, label, note)) = refused(&attribute.meta) {
            diags.push(
                Diagnostic::error(span, format!("`{shape}` is not allowed on a model's type"))
                    .with_label(label)
                    .with_note(note),
            );
            ok = false;
        }
    }
    ok
}

/// An attribute's shape for a message: `#[serde(...)]`, `#[doc = ...]`, `#[deprecated]`.
fn shape(meta: &syn::Meta) -> String {
    let path = meta.path().segments.iter().map(|s| s.ident.unraw().to_string()).collect::<Vec<_>>().join("::");
    match meta {
        syn::Meta::Path(_) => format!("#[{path}]"),
        syn::Meta::List(_) => format!("#[{path}(...)]"),
        syn::Meta::NameValue(_) => format!("#[{path} = ...]"),
    }
}

/// An attribute that may not go on a model's type (looking inside `cfg_attr`): its shape, what
/// it would break, and what to do instead.
fn refused(meta: &syn::Meta) -> Option<(String, &'static str, &'static str)> {
    let path = meta.path();
    let name = path.segments.last().map(|s| s.ident.unraw().to_string()).unwrap_or_default();
    if path.segments.len() != 1 {
        return None;
    }
    let why = match name.as_str() {
        "cfg_attr" => {
            let syn::Meta::List(list) = meta else { return None };
            let parsed =
                list.parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated);
            return match parsed {
                Ok(metas) if metas.len() >= 2 => metas.iter().skip(1).find_map(refused),
                _ => Some((
                    shape(meta),
                    "expected `cfg_attr(predicate, attributes...)`",
                    "a condition, then one or more attributes, separated by commas",
                )),
            };
        }
        "derive" => ("derives go under `derives:`", "list the trait's path in `derives:`, where it is checked"),
        "cfg" => (
            "a model's type cannot be compiled out",
            "the other models, the generated impls and the crate's tests refer to it; use `cfg_attr` to make an \
             attribute conditional",
        ),
        "serde" => (
            "the generated code decides how a model is (de)serialized",
            "structs' and enums' serde impls are not serde's derives, so serde's attributes would not compile; on a \
             union they would change the JSON the published schema describes",
        ),
        "schemars" => (
            "the generated code decides the model's JSON Schema",
            "the published JSON Schema is what schemars derives for the type: a schemars attribute would make them differ",
        ),
        "doc" if matches!(meta, syn::Meta::NameValue(_)) => (
            "a model's docs come from its description",
            "write the text in the model's description: it goes to the Rust docs, the JSON Schema and the docs alike \
             (`#[doc(alias = \"...\")]` and the like are allowed)",
        ),
        "deprecated" => (
            "a model's deprecation comes from its definition",
            "write `deprecated:` in the model's definition or overlay: the docs and the JSON Schema show it too",
        ),
        _ => return None,
    };
    Some((shape(meta), why.0, why.1))
}

/// The model a `models:` key names (`namespace.Name`), or a diagnostic.
fn model_named(
    written: &str,
    span: Span,
    index: &HashMap<QualifiedName, usize>,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some((namespace, name)) = written.rsplit_once('.') {
        let name = QualifiedName { namespace: namespace.to_owned(), name: name.to_owned() };
        if let Some(&i) = index.get(&name) {
            return Some(i);
        }
    }
    let mut d = Diagnostic::error(span, format!("`rust.models` names `{written}`, which is no model"))
        .with_label("expected a model's qualified name, `namespace.Name`");
    let names: Vec<String> = index.keys().map(ToString::to_string).collect();
    let of_that_name: Vec<&QualifiedName> = index.keys().filter(|q| q.name == written).collect();
    let suggestion = match of_that_name.as_slice() {
        [one] => Some(one.to_string()),
        _ => did_you_mean(written, names.iter().map(String::as_str)).map(str::to_owned),
    };
    if let Some(s) = suggestion {
        d = d.with_note(format!("did you mean `{s}`?"));
    }
    diags.push(d);
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn accepted_attributes(text: &str) -> bool {
        check_attributes(text, Span::DETACHED, &mut Diagnostics::default())
    }

    #[test]
    fn attributes_are_outer_and_leave_the_generated_code_its_own() {
        for ok in ["#[non_exhaustive]", "#[doc(alias = \"x\")] #[must_use]", "#[cfg_attr(test, doc(hidden))]"] {
            assert!(accepted_attributes(ok), "{ok}");
        }
        for bad in [
            "",
            "non_exhaustive",
            "#![non_exhaustive]",
            "#[non_exhaustive",
            "/// docs",
            "#[doc = \"docs\"]",
            "#[serde(default)]",
            "#[cfg_attr(all(), serde(default))]",
            "#[cfg_attr(all(), derive(Eq))]",
            "#[schemars(title = \"t\")]",
            "#[deprecated]",
        ] {
            assert!(!accepted_attributes(bad), "{bad}");
        }
    }

    proptest! {
        // Whatever the settings hold, the check ends in a verdict, and text it accepts is
        // tokens for the emitter.
        #[test]
        fn any_text_gets_a_verdict(text in r#"[#!\[\]()a-z:=" ,/*\\\r\u{202E}<>-]{0,24}"#) {
            let mut diags = Diagnostics::default();
            if derive_name(&text, Span::DETACHED, &mut diags).is_some() {
                prop_assert!(text.parse::<proc_macro2::TokenStream>().is_ok());
            }
            if check_attributes(&text, Span::DETACHED, &mut diags) {
                prop_assert!(text.parse::<proc_macro2::TokenStream>().is_ok());
            }
        }
    }
}
