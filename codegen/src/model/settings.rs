//! The project settings (`codegen.yaml` in the schema folder), as the checker and emitters use
//! them; the YAML reader builds them.

use serde_json::Value;

use crate::diag::Span;
use crate::model::WireRule;

/// Project settings (`codegen.yaml` in the schema folder).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base URI of the published schemas' `$id`s, its `{version}` replaced by the version;
    /// ends with `/`.
    pub schema_id_base: String,
    /// The schemas' version (`version:`): semver text, as written, and where.
    pub version: Option<(String, Span)>,
    /// The release the docs index lists the changes since (`previous_version:`).
    pub previous_version: Option<PreviousVersion>,
    pub wire_names: WireRule,
    /// Whether `codegen.yaml` chose `wire_names` (else the rule is a guess for markdown models,
    /// whose docs carry no wire names).
    pub wire_names_given: bool,
    pub foreign_types: Vec<ForeignType>,
    /// The user's derives and attributes for the Rust types (`rust:`).
    pub rust: RustSettings,
}

/// An earlier release of the schemas: its version and its published JSON Schema, a folder
/// (relative to the schema folder) holding its `index.json` and its `bundle.json` or per-model
/// files. The run reads it and hands the docs index the changes since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousVersion {
    /// Semver text, as written.
    pub version: String,
    /// The folder, as written: relative to the schema folder.
    pub json_schema: String,
    /// Where `json_schema` is written: a folder that cannot be read is an error there.
    pub json_schema_span: Span,
}

/// The user's derives and attributes for the generated Rust types (`rust:` in `codegen.yaml`),
/// as written: the checker judges the text and gives each model what it gets.
#[derive(Debug, Clone, Default)]
pub struct RustSettings {
    /// For every model.
    pub all: RustAdditions,
    /// For one model each: its name as written (`namespace.Name`), where, and what it gets.
    pub models: Vec<(String, Span, RustAdditions)>,
}

/// Derives (paths such as `Eq` or `std::hash::Hash`) and outer attributes (`#[non_exhaustive]`),
/// each as written, with where.
#[derive(Debug, Clone, Default)]
pub struct RustAdditions {
    pub derives: Vec<(String, Span)>,
    pub attributes: Vec<(String, Span)>,
}

/// How a type from outside the definitions (`time.Time`) maps to each output.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignType {
    pub name: String,
    /// The Rust type, a path such as `chrono::DateTime<chrono::Utc>`, as written; the checker
    /// refuses text that is not a type path.
    pub rust: String,
    /// Where `rust` is written.
    pub rust_span: Span,
    /// The JSON Schema that `schemars` gives the Rust type.
    pub json_schema: Value,
    /// Where the docs link it.
    pub link: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schema_id_base: "https://example.com/schemas/".to_owned(),
            version: None,
            previous_version: None,
            wire_names: WireRule::LowerCamel,
            wire_names_given: false,
            foreign_types: vec![
                ForeignType {
                    name: "time.Time".to_owned(),
                    rust: "chrono::DateTime<chrono::Utc>".to_owned(),
                    rust_span: Span::DETACHED,
                    json_schema: serde_json::json!({"type": "string", "format": "date-time"}),
                    link: Some("https://pkg.go.dev/time#Time".to_owned()),
                },
                // The Speakeasy Go SDKs' calendar date (`YYYY-MM-DD`, its docs link a
                // `types/date.md` they do not ship): chrono's date, as for `time.Time`.
                ForeignType {
                    name: "types.Date".to_owned(),
                    rust: "chrono::NaiveDate".to_owned(),
                    rust_span: Span::DETACHED,
                    json_schema: serde_json::json!({"type": "string", "format": "date"}),
                    link: None,
                },
            ],
            rust: RustSettings::default(),
        }
    }
}
