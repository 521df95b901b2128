//! Overlays: what a YAML file adds to a model defined elsewhere (a markdown doc). The YAML
//! reader builds them; the checker applies them, one per model.

use serde_json::Value;

use crate::diag::Span;
use crate::model::{Constraints, Deprecation, WireRule};

/// What an overlay adds to the model it names.
#[derive(Debug)]
pub struct Overlay {
    /// The model it names: `Name` (in the overlay's own namespace, else the one model of that
    /// name) or `namespace.Name`.
    pub target: String,
    /// The namespace of the overlay file's folder.
    pub namespace: String,
    pub span: Span,
    /// `imported_from:`: written by `codegen import` from this spec file. A model may have one
    /// imported overlay and one hand-written one; the hand-written one is applied after it.
    pub imported_from: Option<(String, Span)>,
    pub wire_names: Option<(WireRule, Span)>,
    /// The Rust type name to give the model instead of the derived one.
    pub rust_name: Option<(String, Span)>,
    pub description: Option<String>,
    pub deprecation: Option<Deprecation>,
    pub discriminator: Option<(String, Span)>,
    /// `additional_properties:` (structs only).
    pub additional_properties: Option<(bool, Span)>,
    pub fields: Vec<FieldOverlay>,
    pub variants: Vec<VariantOverlay>,
}

/// What an overlay sets on one field of its model.
#[derive(Debug)]
pub struct FieldOverlay {
    pub name: String,
    pub span: Span,
    pub wire_name: Option<String>,
    pub required: Option<(bool, Span)>,
    pub nullable: Option<(bool, Span)>,
    pub description: Option<String>,
    pub deprecation: Option<Deprecation>,
    pub examples: Vec<(Value, Span)>,
    pub constraints: Constraints,
    pub constraint_spans: Vec<(&'static str, Span)>,
    pub default: Option<(Value, Span)>,
}

/// The tag an overlay gives one variant of its union.
#[derive(Debug)]
pub struct VariantOverlay {
    pub name: String,
    pub span: Span,
    pub tag: String,
}
