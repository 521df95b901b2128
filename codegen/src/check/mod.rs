//! Turns what the readers found into one checked [`Schema`]. [`check`] runs the passes in
//! order, each in its own module saying what it guarantees to the passes after it; every
//! problem is reported here, and emitters trust the result.

mod constraints;
mod examples;
mod limits;
mod names;
mod namespaces;
mod overlays;
mod recursion;
mod references;
mod rust_attrs;
mod sdk_fields;
mod settings;
mod text;
mod unions;
mod unique;
pub(crate) mod validate;

use std::collections::HashMap;

use crate::diag::Diagnostics;
use crate::model::{ForeignType, Model, Overlay, QualifiedName, Settings};

pub use limits::MAX_MEMBERS;
pub use names::WireNames;
pub use text::MAX_DESCRIPTION_BYTES;

/// The checked definitions, sorted by namespace and name.
#[derive(Debug)]
pub struct Schema {
    pub models: Vec<Model>,
    pub settings: Settings,
    index: HashMap<QualifiedName, usize>,
    /// How many fields a rule gave their wire names, and how many of those guessed.
    pub wire_names: WireNames,
}

impl Schema {
    /// The model a checked reference names; the checker made sure it exists.
    pub fn get(&self, name: &QualifiedName) -> &Model {
        &self.models[self.index[name]]
    }

    /// Where the model a checked reference names stands in `models`.
    pub fn position(&self, name: &QualifiedName) -> usize {
        self.index[name]
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

/// Checks the models read from the schema folder and applies the overlays to them. Passes
/// that later ones could not run after (an unknown model, a name collision) end the check.
pub fn check(
    models: Vec<Model>,
    overlays: Vec<Overlay>,
    settings: Settings,
) -> Result<(Schema, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    settings::check_foreign_types(&settings, &mut diags);
    let (mut models, index) = unique::unique_models(models, &mut diags);
    namespaces::check_namespaces(&models, &mut diags);
    limits::check_limits(&models, &mut diags);
    overlays::apply_overlays(&mut models, &index, overlays, &mut diags);
    rust_attrs::resolve_rust_extras(&mut models, &index, &settings, &mut diags);
    sdk_fields::set_aside_sdk_fields(&mut models, &settings);
    text::check_text(&models, &mut diags);
    references::resolve_unqualified(&mut models, &index, &mut diags);
    references::foreign_types_by_name(&mut models, &index, &settings);
    constraints::check_constraints(&models, &mut diags);
    references::check_references(&models, &index, &settings, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    references::fill_links(&mut models, &index);
    names::name_models(&mut models, &mut diags);
    let wire_names = names::name_all_members(&mut models, &settings, &mut diags);
    unions::check_unions(&models, &index, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    recursion::box_recursion(&mut models, &index);
    let mut schema = Schema { models, settings, index, wire_names };
    examples::type_examples(&mut schema, &mut diags);
    if diags.has_errors() { Err(diags) } else { Ok((schema, diags)) }
}
