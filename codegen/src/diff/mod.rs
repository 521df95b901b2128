//! `codegen diff`: compares two versions of the published JSON Schemas, model by model and
//! field by field, and says who each change breaks: readers (code reading, with the old schema
//! or types, data written to the new one), writers (code writing, with the old, to a consumer
//! that validates with the new), Rust code using the generated crate (with the semver bump), or
//! no one.
//!
//! Three parts, one module each: `load` builds a [`Published`] set (from a folder of an earlier
//! `json-schema/` output, or from definitions, read and checked and emitted in memory: today's
//! schema folder, or that folder at a git revision); `engine` compares two sets, knowing only
//! the published JSON (so that a folder and a git revision go through the same comparison);
//! `report` renders the changes for people, for a changelog (markdown) and for tools (JSON).

mod engine;
mod load;
mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostics, Sources};

pub use engine::compare;
pub use report::{Audience, Bump, Change, ChangeKind, DiffReport, FailOn, Format};

/// The published JSON Schemas of one version: every model of its `index.json`, by name.
#[derive(Debug, Clone, Default)]
pub struct Published {
    pub models: BTreeMap<String, PublishedModel>,
    /// The schemas' version, where `index.json` says one (the `version:` setting).
    pub version: Option<String>,
}

/// One model as published: its index entry, its file's schema, and its Rust type as the Rust
/// emitter names it.
#[derive(Debug, Clone)]
pub struct PublishedModel {
    /// `namespace.Name`, the index's `name`: what the two versions are matched by.
    pub name: String,
    /// The bundle's key and the file's `title`.
    pub title: String,
    /// `struct`, `enum` or `union`.
    pub kind: String,
    pub id: String,
    /// Relative to the JSON Schema folder: `shared/account.json`.
    pub file: String,
    pub schema: Value,
    /// The Rust type's path in the crate: `shared::Account`.
    pub rust_path: String,
    /// What the published JSON does not say about the Rust type, known when the set was built
    /// from definitions (`None` from a folder of JSON Schema).
    pub rust: Option<RustFacts>,
}

/// Facts of a model's Rust type that its published schema cannot show. `index.json` carries
/// them (`rust`, in this form), so a folder of published JSON Schema knows its crate's types.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RustFacts {
    /// A settings attribute makes the type `#[non_exhaustive]`: users cannot build it with a
    /// struct literal or match it exhaustively, so a field or variant added breaks none of them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// A struct's fields: a property renamed on the wire may keep its Rust field, a Rust field
    /// may be renamed with its wire name kept, and the Rust type is not what JSON shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<RustField>,
    /// An enum's variants, or a union's in the order of its published arms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<RustVariant>,
}

/// A struct field as the Rust type has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RustField {
    pub wire: String,
    /// The Rust field's name: `total`, `r#type`.
    pub name: String,
    /// Its type as the Rust emitter writes it, `Option`s of its presence included.
    #[serde(rename = "type")]
    pub ty: String,
}

/// An enum's or a union's variant as the Rust type has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RustVariant {
    pub name: String,
    /// An enum variant's value; a union variant's tag, where the union has a discriminator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The type a union variant holds (`None` for an enum's).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
}

impl RustFacts {
    /// What the checked model says of its Rust type.
    pub(crate) fn of(schema: &crate::Schema, model: &crate::model::Model) -> RustFacts {
        use crate::emit::rust::{field_type_text, variant_type_text};
        use crate::model::ModelKind;
        let non_exhaustive = model.rust_extras.attributes.iter().any(|a| {
            let compact: String = a.chars().filter(|c| !c.is_whitespace()).collect();
            compact == "#[non_exhaustive]"
        });
        let mut facts = RustFacts { non_exhaustive, ..RustFacts::default() };
        match &model.kind {
            ModelKind::Struct(s) => {
                for f in &s.fields {
                    let ty = field_type_text(schema, f);
                    facts.fields.push(RustField { wire: f.wire().to_owned(), name: f.rust_name.clone(), ty });
                }
            }
            ModelKind::Enum(e) => {
                facts.variants = e
                    .values
                    .iter()
                    .map(|v| RustVariant { name: v.rust_name.clone(), value: Some(v.value.clone()), ty: None })
                    .collect();
            }
            ModelKind::Union(u) => {
                facts.variants = u
                    .variants
                    .iter()
                    .map(|v| RustVariant {
                        name: v.name.clone(),
                        value: v.tag.clone(),
                        ty: Some(variant_type_text(schema, v)),
                    })
                    .collect();
            }
        }
        facts
    }

    /// Whether the field of a wire name is `Option<Option<T>>` (optional and `nullable: true`),
    /// published exactly as an optional field that allows `null`, an `Option<T>`.
    pub(crate) fn double_option(&self, wire: &str) -> bool {
        self.field(wire).is_some_and(|f| f.ty.starts_with("Option<Option<"))
    }

    /// The Rust field of a wire name.
    pub(crate) fn field(&self, wire: &str) -> Option<&RustField> {
        self.fields.iter().find(|f| f.wire == wire)
    }
}

/// What `--against` names: a git revision of the repository the schema folder is in, or a
/// folder holding an earlier `json-schema/` output (the folder itself or one that holds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    Git(String),
    Folder(PathBuf),
}

impl Against {
    /// A folder if `text` names one, else a git revision.
    pub fn parse(text: &str) -> Against {
        let path = Path::new(text);
        if path.is_dir() { Against::Folder(path.to_owned()) } else { Against::Git(text.to_owned()) }
    }

    fn describe(&self) -> String {
        match self {
            Against::Git(rev) => rev.clone(),
            Against::Folder(dir) => dir.display().to_string(),
        }
    }
}

/// A comparison of the schema folder's published schemas with an earlier version's.
#[derive(Debug, Clone)]
pub struct Diff {
    config: crate::Config,
    against: Against,
    crate_dir: Option<PathBuf>,
}

/// Why a comparison could not be made. Nothing is compared when either side fails.
#[derive(Debug)]
pub enum DiffError {
    /// The definitions of one side do not check; `side` says which (`today` or the revision).
    Definitions {
        side: String,
        diagnostics: Diagnostics,
        sources: Sources,
    },
    /// The revision cannot be read with git, or the folder is no earlier output; the message says
    /// which and why.
    Against(String),
    Setting(String),
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::Definitions { side, diagnostics, sources } => {
                write!(f, "{}", diagnostics.render(sources, false, crate::MAX_DIAGNOSTICS))?;
                write!(f, "{} error(s) in the definitions {side}; nothing was compared", diagnostics.error_count())
            }
            DiffError::Against(why) | DiffError::Setting(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for DiffError {}

impl Diff {
    pub(crate) fn new(config: crate::Config, against: Against) -> Self {
        Diff { config, against, crate_dir: None }
    }

    /// The generated crate's folder (the generator's output folder): its `Cargo.toml`'s version
    /// lets the report say the next version a change calls for.
    pub fn crate_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.crate_dir = Some(dir.into());
        self
    }

    /// Builds both sides and compares them.
    pub fn run(&self) -> Result<DiffReport, DiffError> {
        let schema_dir = self.config.schema_dir.clone();
        let (new, old) = crate::pool::in_pool(|| {
            rayon_core::join(
                || load::from_folder_definitions(&self.config, &schema_dir),
                || match &self.against {
                    Against::Git(rev) => load::from_git(&self.config, &schema_dir, rev),
                    Against::Folder(dir) => load::from_json_schema_dir(dir),
                },
            )
        });
        let (old, new) = (old?, new?);
        let version = self.crate_dir.as_deref().and_then(load::crate_version);
        Ok(DiffReport::new(self.against.describe(), &old, &new, compare(&old, &new), version))
    }
}

impl Published {
    /// The set a folder of an earlier `json-schema/` output holds (or the folder holding that).
    pub fn from_dir(dir: &Path) -> Result<Published, DiffError> {
        load::from_json_schema_dir(dir)
    }

    /// The set a folder of published JSON Schema holds (its `index.json` and `bundle.json`, or
    /// its `index.json` and the per-model files), its problems told as of `shown`; and a hash of
    /// the files it read.
    pub(crate) fn from_published_dir(dir: &Path, shown: &str) -> Result<(Published, u128), DiffError> {
        load::from_published_dir(dir, shown)
    }

    /// The set of a checked schema, from the JSON Schema emitter's files (paths relative to the
    /// JSON Schema folder): what the emitter's index step has in hand.
    pub fn from_emitted(schema: &crate::Schema, files: &[crate::GeneratedFile]) -> Result<Published, DiffError> {
        load::from_emitted(schema, files)
    }

    /// The set of a checked schema from the values the JSON Schema emitter kept of its files
    /// (`emit_keeping`): what `from_emitted` gives, without parsing the files back.
    pub(crate) fn from_kept(schema: &crate::Schema, kept: crate::emit::json_schema::Kept) -> Published {
        load::from_kept(schema, kept)
    }
}
