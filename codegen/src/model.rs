//! The one model of the definitions: what readers produce and, once checked, what emitters consume.

use std::fmt;

use serde_json::Value;

use crate::diag::Span;

mod overlay;
mod settings;

pub use overlay::{FieldOverlay, Overlay, VariantOverlay};
pub use settings::{ForeignType, PreviousVersion, RustAdditions, RustSettings, Settings};

/// A model's identity: the namespace (its folder, e.g. `shared`) and its name (`TokenType`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QualifiedName {
    pub namespace: String,
    pub name: String,
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

/// Which notation a model was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Markdown,
    Yaml,
}

/// One API model: a struct (field table), an enum (values table) or a union (supported types).
#[derive(Debug, Clone)]
pub struct Model {
    pub name: QualifiedName,
    /// Path of the model's doc relative to the schema folder, with `/` separators
    /// (`pkg/models/shared/tokentype.md`); docs are emitted at the same place in the output.
    pub doc_path: String,
    pub format: SourceFormat,
    pub span: Span,
    /// Markdown text, kept as written (it may hold several lines, links and code blocks).
    pub description: Option<String>,
    pub deprecation: Option<Deprecation>,
    pub kind: ModelKind,
    /// How the source doc was laid out, so that its docs come back byte for byte.
    pub doc_style: DocStyle,
    /// Rule that derives wire names from field names; `None` means the project default.
    pub wire_rule: Option<WireRule>,
    /// The Rust type name the definitions chose (`rust_name:` in YAML or an overlay), and where.
    pub chosen_rust_name: Option<(String, Span)>,
    /// Set by the checker: the Rust type name, unique in its namespace.
    pub rust_name: String,
    /// Set by the checker: the stem of the model's Rust module and JSON Schema file (`token_type`).
    pub file_stem: String,
    /// Set by the checker: the name under which JSON Schema knows the model (`$defs` key, title);
    /// the Rust name, qualified by the namespace where two namespaces share a name.
    pub schema_name: String,
    /// Set by the checker: what the user's settings add to the model's Rust type.
    pub rust_extras: RustExtras,
}

/// The user's derives and attributes that a model's Rust type gets (`rust:` in the settings),
/// as checked text: those for every model, then the model's own. The checker parsed each
/// derive as a path and each attribute as outer attributes, so the emitter's tokens cannot fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustExtras {
    pub derives: Vec<String>,
    pub attributes: Vec<String>,
}

/// Layout facts of a source doc that the docs emitter keeps: a byte order mark, CRLF line
/// endings, and a final newline after the table (Speakeasy writes none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocStyle {
    pub bom: bool,
    pub crlf: bool,
    pub final_newline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The notice shown in the docs; the standard Speakeasy text unless a definition says otherwise.
    pub notice: String,
}

impl Deprecation {
    pub const STANDARD_NOTICE: &'static str =
        "This will be removed in a future release, please migrate away from it as soon as possible.";

    pub fn standard() -> Self {
        Deprecation { notice: Self::STANDARD_NOTICE.to_owned() }
    }
}

#[derive(Debug, Clone)]
pub enum ModelKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The docs table has an Example column.
    pub example_column: bool,
    /// Set by the checker: fields of the SDK's own plumbing (its raw HTTP response, a body
    /// stream), which are not JSON: out of `fields`, so out of the Rust type and the JSON
    /// Schema, and kept here with their place in the docs table.
    pub sdk_fields: Vec<(usize, Field)>,
    /// `additional_properties:` of a YAML definition or an overlay: `Some(false)` closes the
    /// struct (published `additionalProperties: false`, an unknown property refused when
    /// read); absent or `true`, open, as JSON Schema objects are.
    pub additional_properties: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The field's name as the definition gives it (`AccessToken`).
    pub name: String,
    pub span: Span,
    pub ty: FieldType,
    /// Where the type is written (the Type cell, or the YAML `type` value).
    pub ty_span: Span,
    /// The definition's own Required (the docs' column, a YAML field's `required:`).
    pub required: bool,
    /// An overlay's `required:`, which decides over the definition's (and over a `*T`).
    pub required_override: Option<bool>,
    /// `nullable:`. `None`: as the field's optionality has it (an optional field's schema allows
    /// `null`, which reads as absent; a required one's does not). `Some(true)`: `null` is a value
    /// of its own (optional: absent, null or a value; required: always written, `null` for none).
    /// `Some(false)`: the schema does not allow `null`.
    pub nullable: Option<bool>,
    pub description: Option<String>,
    /// The deprecation notice, when the field is deprecated.
    pub deprecation: Option<Deprecation>,
    /// The example as written in the docs (it may be truncated, e.g. `i1qxz...`).
    pub example: Option<String>,
    /// Where the example is written (its table cell, or its YAML value), for diagnostics.
    pub example_span: Span,
    /// Further examples (JSON values) from an overlay or a YAML model, each with where it is written.
    pub extra_examples: Vec<(Value, Span)>,
    pub wire_name: Option<String>,
    pub constraints: Constraints,
    /// Where each constraint (and `required`, `nullable`) was set (its YAML key), for diagnostics.
    pub constraint_spans: Vec<(&'static str, Span)>,
    pub default: Option<Value>,
    /// Where the default is written, for diagnostics.
    pub default_span: Span,
    /// Set by the checker.
    pub rust_name: String,
    /// Set by the checker: the field holds a model that holds it back, so Rust needs a `Box`.
    pub boxed: bool,
    /// Set by the checker: the typed examples (from `example` and `extra_examples`) that fit the type.
    pub typed_examples: Vec<Value>,
}

/// Validation keywords an overlay may add to a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub format: Option<String>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A field's type in the Go notation of the Speakeasy docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    /// `[]` and `map[string]` wrappers, outermost first.
    pub wrappers: Vec<Wrapper>,
    /// A Go pointer (`*T`): optional on the wire even when the field is marked required.
    pub pointer: bool,
    pub base: BaseType,
    /// How the docs wrote it, so that they write it back so.
    pub notation: TypeNotation,
}

/// How a Type cell of the docs writes a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeNotation {
    /// In emphasis: `*string*`, `**string*` (a pointer), `[]*int64*`; a model unlinked, `**X*`.
    Emphasis,
    /// As a link: `[shared.X](link)`, `[*X](link)`, `[time.Time](https://...)`.
    Link,
    /// As a code span, as newer generators write what they do not link: `` `string` ``,
    /// `` `*int64` ``, `` []`string` ``, `` map[string]`any` ``.
    Code,
    /// `optionalnullable.OptionalNullable[T]` (an optional field that may also be `null`, a
    /// `*T` to Rust and JSON Schema), `T` in one of the other notations.
    OptionalNullable(OptionalNullableInner),
}

/// The notation of the type inside `optionalnullable.OptionalNullable[...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptionalNullableInner {
    Link,
    Code,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wrapper {
    List,
    Map,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BaseType {
    Primitive(Primitive),
    /// Another model, e.g. `shared.TokenType`, with the doc link as written (if any).
    Model {
        name: QualifiedName,
        link: Option<String>,
        /// Written with its namespace (`shared.TokenType`). Some SDKs' docs name a model alone
        /// (`[TokenType](../../models/shared/tokentype.md)`, `**TokenType*`): the reader leaves
        /// the namespace empty then, the checker finds it (from the link, else by the name),
        /// and the docs write the name alone again.
        qualified: bool,
    },
    /// A type from outside the definitions (`time.Time`), mapped by the project settings.
    Foreign {
        name: String,
        link: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Int,
    Int64,
    Int32,
    Float64,
    Float32,
    Bool,
    Bytes,
    /// Any JSON value: `interface{}`.
    Any,
    /// The same, spelled `any` (Go 1.18's alias), kept apart so the docs write it back as read.
    AnyAlias,
}

impl Primitive {
    pub const ALL: [Primitive; 10] = [
        Primitive::String,
        Primitive::Int,
        Primitive::Int64,
        Primitive::Int32,
        Primitive::Float64,
        Primitive::Float32,
        Primitive::Bool,
        Primitive::Bytes,
        Primitive::Any,
        Primitive::AnyAlias,
    ];

    /// The Go spelling used by the docs.
    pub fn go_name(self) -> &'static str {
        match self {
            Primitive::String => "string",
            Primitive::Int => "int",
            Primitive::Int64 => "int64",
            Primitive::Int32 => "int32",
            Primitive::Float64 => "float64",
            Primitive::Float32 => "float32",
            Primitive::Bool => "bool",
            Primitive::Bytes => "[]byte",
            Primitive::Any => "interface{}",
            Primitive::AnyAlias => "any",
        }
    }

    pub fn from_go_name(name: &str) -> Option<Primitive> {
        Primitive::ALL.into_iter().find(|p| p.go_name() == name)
    }
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub values: Vec<EnumValue>,
    /// The `## Example Usage` section newer generators write before the values.
    pub usage: Option<EnumUsage>,
    /// Set by the checker: the Rust variant that keeps values the definitions do not list.
    pub unknown_variant: String,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The Go constant name (`TokenTypeJwt`).
    pub name: String,
    pub value: String,
    pub span: Span,
    /// Set by the checker.
    pub rust_name: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property whose value tells the variants apart, when their shapes cannot.
    pub discriminator: Option<String>,
    /// The `## Union Discrimination` section newer generators write after the variants.
    pub switch: Option<UnionSwitch>,
}

/// A union's `## Union Discrimination` section: a Go `switch` on the SDK's `Type` field of the
/// union, a case per variant. It is about the Go SDK's union type, not the JSON, so the docs
/// alone keep it. Its cases follow from the variants (`doc_format::union_switch_section`); this
/// holds what does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionSwitch {
    /// A `default:` case for a value of no known variant (`GetUnknownRaw()`) ends the switch:
    /// an open union.
    pub unknown_default: bool,
}

/// An enum's `## Example Usage` section: a Go snippet that imports the namespace's package and
/// names the enum's first value, and, for an open enum, makes a value of its own. The docs alone
/// keep it. The value follows from the enum (`doc_format::enum_usage_section`); this holds what
/// does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumUsage {
    /// The package's import path (`github.com/polarsource/polar-go/models/components`).
    pub import: String,
    /// The snippet also shows a custom value (`components.Kind("custom_value")`): an open enum.
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The variant's name, from the Go constructor (`CreatePaymentMethodApplePay` -> `ApplePay`).
    pub name: String,
    /// What the variant holds: a model (`shared.ApplePay`), or a type of the notation
    /// (`string`, `[]int64`, `map[string]string`, `time.Time`, `[]shared.Part`).
    pub ty: FieldType,
    pub span: Span,
    /// With a discriminator: the value of the discriminating property that selects this variant.
    pub tag: Option<String>,
    /// Set by the checker: the variant holds a model that holds the union back.
    pub boxed: bool,
    /// How the docs headed it, as read.
    pub heading: VariantHeading,
}

/// How a doc heads a union variant: `### Card` over a model, an empty `### ` over any other type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantHeading {
    /// Not written (a YAML variant): the docs head it by its type.
    ByType,
    /// `### Card`: the reader checked it names the constructor's model.
    Named,
    /// `### `: the checker holds the resolved type to not being a model.
    Empty,
}

/// How wire (JSON) names derive from field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireRule {
    /// `AccountID` -> `accountID`
    LowerCamel,
    /// `AccountID` -> `account_id`
    SnakeCase,
    /// `AccountID` -> `AccountID`
    Verbatim,
}

impl WireRule {
    pub const NAMES: [&'static str; 3] = ["lowerCamel", "snake_case", "verbatim"];

    /// What the rule makes of a name, for a message: `lowerCamel` (its name in the settings).
    pub fn describe(self) -> &'static str {
        match self {
            WireRule::LowerCamel => "the lowerCamel form",
            WireRule::SnakeCase => "the snake_case form",
            WireRule::Verbatim => "the verbatim form",
        }
    }

    pub fn parse(s: &str) -> Option<WireRule> {
        match s {
            "lowerCamel" => Some(WireRule::LowerCamel),
            "snake_case" => Some(WireRule::SnakeCase),
            "verbatim" => Some(WireRule::Verbatim),
            _ => None,
        }
    }

    pub fn apply(self, name: &str) -> String {
        match self {
            WireRule::LowerCamel => lower_camel(name),
            WireRule::SnakeCase => crate::case::snake(name),
            WireRule::Verbatim => name.to_owned(),
        }
    }
}

/// Lower-cases the leading run of capitals, keeping the last one when it starts a word:
/// `AccountID` -> `accountID`, `URL` -> `url`, `ACHDetails` -> `achDetails`.
fn lower_camel(name: &str) -> String {
    let run_end = name.find(|c: char| !c.is_uppercase()).unwrap_or(name.len());
    let starts_word = name[run_end..].starts_with(char::is_lowercase);
    let lower_end = match name[..run_end].char_indices().next_back() {
        Some((last, _)) if last > 0 && starts_word => last,
        _ => run_end,
    };
    let mut out = String::with_capacity(name.len());
    out.extend(name[..lower_end].chars().flat_map(char::to_lowercase));
    out.push_str(&name[lower_end..]);
    out
}

impl Model {
    /// Every type the model names, with where it is written: its fields' types and its union
    /// variants' types, in order.
    pub fn types(&self) -> Vec<(&FieldType, Span)> {
        match &self.kind {
            ModelKind::Struct(s) => s.fields.iter().map(|f| (&f.ty, f.ty_span)).collect(),
            ModelKind::Union(u) => u.variants.iter().map(|v| (&v.ty, v.span)).collect(),
            ModelKind::Enum(_) => Vec::new(),
        }
    }

    /// The same types as [`Model::types`], in the same order, to change.
    pub fn types_mut(&mut self) -> Vec<&mut FieldType> {
        match &mut self.kind {
            ModelKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
            ModelKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            ModelKind::Enum(_) => Vec::new(),
        }
    }

    pub fn is_deprecated(&self) -> bool {
        self.deprecation.is_some()
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            ModelKind::Struct(_) => "struct",
            ModelKind::Enum(_) => "enum",
            ModelKind::Union(_) => "union",
        }
    }
}

impl UnionVariant {
    /// The model the variant holds as it is (no list or map around it), if it holds one.
    pub fn bare_model(&self) -> Option<&QualifiedName> {
        match &self.ty.base {
            BaseType::Model { name, .. } if self.ty.wrappers.is_empty() => Some(name),
            _ => None,
        }
    }

    /// The model named anywhere in the variant's type (`[]shared.Part` names `shared.Part`).
    pub fn referenced_model(&self) -> Option<&QualifiedName> {
        match &self.ty.base {
            BaseType::Model { name, .. } => Some(name),
            _ => None,
        }
    }
}

impl Struct {
    /// The fields as the docs table lists them: `fields`, with the SDK's own back in place.
    pub fn doc_fields(&self) -> Vec<&Field> {
        let mut out: Vec<&Field> = self.fields.iter().collect();
        for (at, field) in &self.sdk_fields {
            out.insert((*at).min(out.len()), field);
        }
        out
    }

    /// Every field is optional, so the type derives `Default` (every field `None`).
    pub fn derives_default(&self) -> bool {
        self.fields.iter().all(Field::is_optional)
    }

    /// `additional_properties: false`: a property the struct does not list is refused.
    pub fn is_closed(&self) -> bool {
        self.additional_properties == Some(false)
    }
}

/// How a field holds presence and `null`, which decides its Rust type, its serde kind and its
/// published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, never `null`: `T`.
    Required,
    /// Required, may be `null`: `Option<T>`, always written (`null` for `None`).
    RequiredNullable,
    /// Optional: `Option<T>`, absent when `None`; `null` reads as absent. `null_published`: the
    /// schema allows `null` (the default, as before nullability could be said), or not
    /// (`nullable: false`).
    Optional { null_published: bool },
    /// Optional and nullable: `Option<Option<T>>`: absent (`None`), `null` (`Some(None)`) or a
    /// value.
    OptionalNullable,
}

impl Presence {
    /// The published schema allows `null`.
    pub fn allows_null(self) -> bool {
        !matches!(self, Presence::Required | Presence::Optional { null_published: false })
    }

    /// The Rust type writes `null` back (so a `null` in an example comes back unchanged).
    pub fn keeps_null(self) -> bool {
        matches!(self, Presence::RequiredNullable | Presence::OptionalNullable)
    }
}

impl Field {
    /// Optional on the wire: an overlay's `required: false`; without one, a Go pointer, or not
    /// marked required.
    pub fn is_optional(&self) -> bool {
        match self.required_override {
            Some(required) => !required,
            None => self.ty.pointer || !self.required,
        }
    }

    /// Whether the docs' Required column marks the field required: the overlay's `required`
    /// where it gives one, else the definition's own.
    pub fn shows_required(&self) -> bool {
        self.required_override.unwrap_or(self.required)
    }

    /// How the field holds presence and `null`.
    pub fn presence(&self) -> Presence {
        match (self.is_optional(), self.nullable) {
            (false, Some(true)) => Presence::RequiredNullable,
            (false, _) => Presence::Required,
            (true, Some(true)) => Presence::OptionalNullable,
            (true, nullable) => Presence::Optional { null_published: nullable.is_none() },
        }
    }

    /// The name in JSON (set by the checker; the definition's own name before that).
    pub fn wire(&self) -> &str {
        self.wire_name.as_deref().unwrap_or(&self.name)
    }
}

/// A kind of model with its article, for a message: `a struct`, `an enum`, `a union`.
pub fn with_article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o']) { format!("an {kind}") } else { format!("a {kind}") }
}

/// The characters rustc's `text_direction_codepoint_in_comment` lint rejects in comments (and
/// in literals): they can make code read other than it compiles.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `text` that cannot stand in a one-line Rust comment (a file name in
/// a `//!` line, the command in the header): a control character or a bidi control.
pub fn unfit_for_comment_line(text: &str) -> Option<char> {
    text.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_camel_keeps_acronym_tails() {
        for (input, expected) in [
            ("AccountID", "accountID"),
            ("AccessToken", "accessToken"),
            ("URL", "url"),
            ("ID", "id"),
            ("ACHDetails", "achDetails"),
            ("Scope", "scope"),
            ("already", "already"),
        ] {
            assert_eq!(lower_camel(input), expected, "{input}");
        }
    }
}
