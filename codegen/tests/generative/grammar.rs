//! Random schema folders from a grammar of hostile definitions: names drawn from Rust keywords,
//! std, serde and schemars names, single letters, the generated crate's own helper names,
//! non-ASCII and names that collide once cased; every type notation of both formats (in
//! markdown: `*T*`, `**T*`, code spans `` `*T` ``, links, `optionalnullable.OptionalNullable[...]`
//! around a code span or a link, `[]` and `map[string]` around each; `time.Time` and
//! `types.Date`; models named with their namespace or without, linked or not, in fields and in
//! union variants of both formats); enums with odd values, unions with and without a
//! discriminator, references across namespaces, self references and cycles; the sections of
//! later generators (an enum's `## Example Usage`, a union's `## Union Discrimination`, mostly as
//! the generator writes them, sometimes not), cells of several numbered examples; descriptions
//! and notices of hostile text.
//!
//! A case is a [`Schema`] (so that a failing one can be shrunk piece by piece) rendered to files:
//! YAML definitions and Speakeasy markdown docs in namespace folders. Everything comes from one
//! seed, so a case replays from its seed alone.

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

/// Namespace folder names: plain ones, keywords, names of modules the crate layout writes
/// (`lib`, `mod`, `tests`), of crates the generated code names, and ones that collide cased.
const NAMESPACES: &[&str] = &[
    "pets",
    "shared",
    "billing",
    "v1",
    "type",
    "async",
    "fn",
    "self",
    "super",
    "crate",
    "Self",
    "union",
    "mod",
    "lib",
    "main",
    "tests",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "schemars",
    "chrono",
    "base64",
    "de",
    "ser",
    "models",
    "Pets",
    "MyNs",
    "my_ns",
    "myNs",
    "größe",
    "名前",
    "café",
    "_",
    "a",
    "r#type",
    "gen",
    "try",
    "dyn",
    "macro_rules",
    "static",
    "Option",
];

/// Pairs of names that differ only in case or separators (the generator often takes both).
const COLLIDING: &[(&str, &str)] = &[
    ("Pets", "pets"),
    ("MyNs", "my_ns"),
    ("AccountId", "AccountID"),
    ("HTTPCode", "HttpCode"),
    ("userName", "user_name"),
    ("Größe", "Grösse"),
    ("café", "Cafe"),
    ("A", "a"),
    ("Type", "type"),
    ("Self_", "self_"),
    ("Value", "value"),
    ("Unknown", "unknown"),
    ("Field0", "field0"),
];

/// Model, field and value names.
const NAMES: &[&str] = &[
    // Plain.
    "Pet",
    "Account",
    "Owner",
    "Tag",
    "Address",
    "Payment",
    "Card",
    "Wallet",
    "Transfer",
    "Status",
    "Kind",
    "Id",
    "Name",
    "Amount",
    "Currency",
    // Keywords: strict, reserved, weak.
    "type",
    "Type",
    "async",
    "await",
    "fn",
    "union",
    "Self",
    "self",
    "crate",
    "super",
    "mod",
    "match",
    "move",
    "ref",
    "static",
    "struct",
    "enum",
    "trait",
    "impl",
    "where",
    "while",
    "loop",
    "dyn",
    "gen",
    "try",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "macro_rules",
    "raw",
    "safe",
    "auto",
    "default",
    "true",
    "false",
    "in",
    "as",
    "use",
    "pub",
    "let",
    "const",
    // std prelude, serde, schemars, chrono.
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Value",
    "Map",
    "BTreeMap",
    "JsonSchema",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Copy",
    "Send",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "Fn",
    "Utc",
    "DateTime",
    "Formatter",
    "Cow",
    "MapAccess",
    "IgnoredAny",
    "SerializeStruct",
    "Error",
    "Schema",
    "SchemaGenerator",
    "Cow",
    "str",
    "u8",
    "i64",
    "f32",
    "bool",
    "usize",
    "char",
    "serde",
    "serde_json",
    "schemars",
    "chrono",
    "base64",
    "std",
    "core",
    "alloc",
    // Single letters (the serde impls' generic parameters among them).
    "A",
    "B",
    "D",
    "E",
    "K",
    "M",
    "S",
    "T",
    "V",
    "W",
    "a",
    "d",
    "e",
    "s",
    "t",
    "x",
    // Names the generated code and its helper modules use.
    "serialize",
    "deserialize",
    "base64_bytes",
    "de",
    "ser",
    "b64",
    "Slot",
    "Visitor",
    "Key",
    "KeyVisitor",
    "ModelVisitor",
    "Unknown",
    "unknown",
    "NAME",
    "FIELDS",
    "NO_MATCH",
    "field0",
    "field1",
    "map",
    "key",
    "value",
    "state",
    "len",
    "fits",
    "v",
    "f",
    "serializer",
    "deserializer",
    "visit_map",
    "expecting",
    "as_str",
    "count",
    "optional",
    "required",
    "skip",
    "open",
    "end",
    "new",
    "set",
    "Engine",
    "STANDARD",
    // The `__private` module's, the `serde_struct!` macro's and the trait impls' names.
    "__private",
    "serde_struct",
    "fields",
    "bytes",
    "optional_bytes",
    "write",
    "take",
    "structure",
    "Struct",
    "StructVisitor",
    "read",
    "Text",
    "Base64",
    "PhantomData",
    "Cow",
    "From",
    "FromStr",
    "Display",
    "Infallible",
    "Err",
    "Ok",
    "Result",
    "Option",
    "Some",
    "None",
    "Box",
    "String",
    "Vec",
    "convert",
    "fmt",
    "str",
    "from",
    "from_str",
    "to_string",
    "variant",
    // Odd shapes.
    "_",
    "__",
    "_x",
    "x_",
    "X__Y",
    "3DSecure",
    "1",
    "Model1",
    "ABC",
    "aBc",
    "a1b2",
    "HTTPServer",
    "ID",
    "URL",
    "snake_case",
    "SCREAMING_CASE",
    "camelCase",
    // Non-ASCII.
    "Größe",
    "名前",
    "café",
    "Ünïcödé",
    "Ω",
    "ß",
    "İ",
    "ǅ",
    "\u{0301}acute",
];

/// Enum values: the text on the wire.
const VALUES: &[&str] = &[
    "active",
    "closed",
    "",
    " ",
    "a b",
    "a-b",
    "a.b",
    "ü",
    "名前",
    "\"",
    "\\",
    "'",
    "`",
    "|",
    "unknown",
    "Unknown",
    "UNKNOWN",
    "self",
    "Self",
    "type",
    "_",
    "1",
    "-1",
    "0.5",
    "true",
    "null",
    "{}",
    "\"#",
    "*/",
    "/*",
    "\u{202e}",
    "\t",
    "\r",
    "\n",
    "a\nb",
    "\u{0}",
    "#[cfg(test)]",
    "<br/>",
    "~~x~~",
    "🦀",
    LONG,
];

/// A long value.
const LONG: &str = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

/// Pieces of hostile description text; a description joins a few.
const TEXT: &[&str] = &[
    "A plain sentence.",
    "Second line.\nThird line.",
    "\n\nA new paragraph.",
    "comment end */ here",
    "comment start /* here",
    "/** doc */",
    "raw string end \"# and \"##",
    "quote \" and apostrophe '",
    "backslash \\ and \\\\ and \\n and \\u{0}",
    "braces {} and {0} and {{",
    "```\nfenced code\n```",
    "```rust\nfn main() { compile_error!(\"x\"); }\n```",
    "```go\nx := 1\n```",
    "\n\n    indented by four spaces\n    assert!(false);",
    "\n    let x: i32 = \"not a number\";",
    "\tindented by a tab",
    "<script>alert(1)</script>",
    "<b>bold</b> <unclosed",
    "<!-- comment -->",
    "NUL \u{0} here",
    "escape \u{1b}[31m red",
    "zero width \u{200b} space and BOM \u{feff}",
    "line separator \u{2028} and paragraph separator \u{2029}",
    "#[cfg(test)]",
    "#![allow(unused)]",
    "//! inner doc",
    "/// outer doc",
    "[link](https://example.com) and [broken] and [Pet] and [crate::Nothing]",
    "https://example.com/bare/url",
    "| a | table |\n| - | - |\n| 1 | 2 |",
    "# A heading",
    "## Fields",
    "> a quote",
    "~~struck~~",
    "* a list item",
    "emoji 🦀 and 名前 and Größe",
    "trailing backslash \\",
    "`unclosed code",
    "<br/>",
    "$ref and $id",
    "N/A",
    ":heavy_check_mark:",
    "",
    " ",
];

/// Pieces the checker refuses (rustc rejects them in comments): rarer than the rest, so that most
/// cases are accepted and compiled.
const REFUSED_TEXT: &[&str] =
    &["bare\rCR", "CRLF\r\nline", "bidi \u{202e}override\u{202c} here", "isolate \u{2066}text\u{2069}"];

/// Regular expressions (valid ones) with text that needs escaping in a Rust string.
const PATTERNS: &[&str] = &["^[a-z]+$", "\"#", "a\\\\b", "\\d{3}", "[{}]", "\u{202e}", "^\\S+$", "x*/"];

/// JSON Schema `format` values.
const FORMATS: &[&str] = &["uuid", "email", "date-time", "\"#", "a b", "uri"];

/// A list of model definitions by namespace: what a schema folder holds.
#[derive(Debug, Clone)]
pub struct Schema {
    pub namespaces: Vec<Namespace>,
    /// The `wire_names` setting of `codegen.yaml`, if it is written.
    pub wire_names: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Namespace {
    pub folder: String,
    pub models: Vec<ModelDef>,
}

#[derive(Debug, Clone)]
pub struct ModelDef {
    pub name: String,
    /// The file name, without extension.
    pub file: String,
    pub markdown: bool,
    pub description: Vec<String>,
    pub deprecated: Option<Vec<String>>,
    pub wire_names: Option<&'static str>,
    pub kind: Kind,
    /// Markdown only: the section later generators add, an enum's `## Example Usage` or a
    /// union's `## Union Discrimination`.
    pub newer: Option<NewerSection>,
    /// `additional_properties:` (a struct's mostly; in an overlay for a markdown model).
    pub additional_properties: Option<bool>,
    /// Markdown only: a hand-written overlay beside the imported one, which turns the first
    /// field's `nullable` the other way.
    pub second_overlay: bool,
}

/// An enum's `## Example Usage` or a union's `## Union Discrimination`.
#[derive(Debug, Clone)]
pub struct NewerSection {
    /// An open enum's custom value, an open union's `default:` case.
    pub open: bool,
    /// Written other than the generator writes it: the enum's last value named instead of its
    /// first, a union's cases with a bogus constant and field.
    pub off: bool,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Struct(Vec<FieldDef>),
    Enum(Vec<(String, String)>),
    Union { variants: Vec<Variant>, discriminator: Option<String> },
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub ty: TypeDef,
    pub required: bool,
    pub description: Vec<String>,
    pub deprecated: Option<Vec<String>>,
    /// One example, or several (in markdown, a cell of `**Example 1:** a<br/>**Example 2:** b`;
    /// YAML gets the first).
    pub examples: Vec<String>,
    pub wire_name: Option<String>,
    /// YAML only: `format`, `pattern`, `default` (as JSON).
    pub format: Option<&'static str>,
    pub pattern: Option<&'static str>,
    pub default: Option<String>,
    /// `nullable:` (for a markdown model, in its imported overlay).
    pub nullable: Option<bool>,
    /// Markdown only: the imported overlay's `required:`.
    pub required_override: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub pointer: bool,
    /// `[]` and `map[string]`, outermost first: `true` for a map.
    pub wrappers: Vec<bool>,
    pub base: Base,
    /// How a markdown Type cell writes it.
    pub notation: Notation,
}

/// The markdown Type cell's notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// `*T*`, `**T*`, a link for a model or a foreign type.
    Emphasis,
    /// `` `T` ``, `` `*T` ``, a link for a model or a foreign type.
    Code,
    /// `optionalnullable.OptionalNullable[...]` around a code span or a link (no pointer).
    OptionalNullable,
}

#[derive(Debug, Clone)]
pub enum Base {
    /// A Go primitive: `string`, `int64`, `[]byte`...
    Primitive(&'static str),
    Time,
    /// `types.Date`, Speakeasy's calendar date.
    Date,
    Model {
        namespace: String,
        name: String,
        linked: bool,
        /// Named with its namespace (`pets.Dog`) or alone (`Dog`, as some SDKs' docs do).
        qualified: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub namespace: String,
    pub model: String,
    /// The model named with its namespace (`pets.Dog`) or alone (`Dog`).
    pub qualified: bool,
    pub tag: Option<String>,
    /// `[]`, `[][]` or `map[string]` around what the variant holds.
    pub wrap: &'static str,
    /// A type of the notation instead of the model (`string`, `int64`, `interface{}`).
    pub primitive: Option<&'static str>,
}

impl Variant {
    /// The variant's type as Go writes it: `ns.Model`, `[]string`, `map[string]ns.Model`.
    fn go_type(&self) -> String {
        match self.primitive {
            Some(p) => format!("{}{p}", self.wrap),
            None if self.qualified => format!("{}{}.{}", self.wrap, self.namespace, self.model),
            None => format!("{}{}", self.wrap, self.model),
        }
    }

    /// The model the variant holds as it is: what a discriminator needs, and a heading names.
    fn bare_model(&self) -> Option<(&str, &str)> {
        (self.wrap.is_empty() && self.primitive.is_none()).then_some((&self.namespace, &self.model))
    }
}

/// What a union variant that is not a model holds, and what may stand around it.
const VARIANT_PRIMITIVES: &[&str] = &[
    "string",
    "int64",
    "int",
    "int32",
    "float64",
    "float32",
    "bool",
    "interface{}",
    "any",
    "[]byte",
    "time.Time",
    "types.Date",
];
const VARIANT_WRAPS: &[&str] = &["", "", "", "[]", "[][]", "map[string]"];

/// The discriminator most unions with one use: every wire-name rule keeps it as it is.
const DISCRIMINATOR: &str = "kind";

const PRIMITIVES: &[&str] = &["string", "int", "int32", "int64", "float32", "float64", "bool", "[]byte", "interface{}"];

/// The random source of one case: proptest's RNG, seeded from the case's seed.
pub fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..].copy_from_slice(&(!seed).rotate_left(17).to_le_bytes());
    TestRng::from_seed(RngAlgorithm::XorShift, &bytes)
}

fn pick<'a>(rng: &mut TestRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn chance(rng: &mut TestRng, percent: u32) -> bool {
    rng.random_range(0..100) < percent
}

/// A name: mostly from the pools, sometimes a plain name with a number (so that most cases
/// have some ordinary models around the hostile ones).
fn name(rng: &mut TestRng) -> String {
    match rng.random_range(0..10) {
        0..=6 => pick(rng, NAMES).to_owned(),
        7 => {
            let (a, b) = COLLIDING[rng.random_range(0..COLLIDING.len())];
            if rng.random_bool(0.5) { a } else { b }.to_owned()
        }
        _ => format!("{}{}", pick(rng, &["Plain", "Item", "Thing"]), rng.random_range(0..100)),
    }
}

/// A name a doc may give alone, without its namespace: a Go exported name (a capital first, as
/// the reader takes it; any other name alone is refused, which would leave few cases accepted).
fn exported(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Pieces that end a markdown doc's description (a heading, a block quote) or break its table.
const BLOCKS: &[&str] = &["# A heading", "## Fields", "> a quote"];

fn text(rng: &mut TestRng, max_pieces: usize, markdown: bool) -> Vec<String> {
    let n = rng.random_range(0..=max_pieces);
    let mut pieces: Vec<String> = Vec::new();
    while pieces.len() < n {
        let piece = if chance(rng, 2) { pick(rng, REFUSED_TEXT) } else { pick(rng, TEXT) };
        if !(markdown && BLOCKS.contains(&piece)) {
            pieces.push(piece.to_owned());
        }
    }
    if chance(rng, 3) {
        // A very long line.
        pieces.push("long ".repeat(rng.random_range(200..3000)));
    }
    pieces
}

fn deprecation(rng: &mut TestRng, markdown: bool) -> Option<Vec<String>> {
    match rng.random_range(0..10) {
        0 => Some(Vec::new()),
        1 => Some(text(rng, 2, markdown)),
        _ => None,
    }
}

/// One case, all from `seed`.
pub fn generate(seed: u64) -> Schema {
    let mut rng = rng(seed);
    let rng = &mut rng;
    let mut folders: Vec<String> = Vec::new();
    let count = rng.random_range(1..=3);
    while folders.len() < count {
        let folder = match rng.random_range(0..10) {
            0..=4 => pick(rng, &["pets", "shared", "billing", "accounts"]).to_owned(),
            5 => {
                let (a, b) = COLLIDING[rng.random_range(0..3)];
                if rng.random_bool(0.5) { a } else { b }.to_owned()
            }
            _ => pick(rng, NAMESPACES).to_owned(),
        };
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    // Names first, so that fields and variants can refer to any model, in any namespace.
    let mut namespaces: Vec<Namespace> = Vec::new();
    for folder in folders {
        let mut models: Vec<ModelDef> = Vec::new();
        let n = rng.random_range(1..=4);
        for _ in 0..n {
            let name = if chance(rng, 10) && !models.is_empty() {
                // A name that collides with an earlier one once cased.
                let earlier = &models[rng.random_range(0..models.len())].name;
                match COLLIDING.iter().find(|(a, b)| a == earlier || b == earlier) {
                    Some((a, b)) if a == earlier => (*b).to_owned(),
                    Some((a, _)) => (*a).to_owned(),
                    None => earlier.to_uppercase(),
                }
            } else {
                name(rng)
            };
            let markdown = chance(rng, 40);
            let mut file = name.to_lowercase();
            if file.is_empty() || file.contains(['/', '\\', '\0']) || file.starts_with('.') {
                file = "model".to_owned();
            }
            while models.iter().any(|m| m.file == file) {
                file.push('2');
            }
            let kind = match rng.random_range(0..10) {
                0..=5 => Kind::Struct(Vec::new()),
                6 | 7 => Kind::Enum(Vec::new()),
                _ => Kind::Union { variants: Vec::new(), discriminator: None },
            };
            models.push(ModelDef {
                name,
                file,
                markdown,
                description: Vec::new(),
                deprecated: None,
                wire_names: None,
                newer: (markdown && !matches!(kind, Kind::Struct(_)) && chance(rng, 40))
                    .then(|| NewerSection { open: chance(rng, 40), off: chance(rng, 5) }),
                // Mostly on structs; now and then on an enum or a union, which is refused.
                additional_properties: (chance(rng, if matches!(kind, Kind::Struct(_)) { 25 } else { 2 }))
                    .then(|| !chance(rng, 80)),
                second_overlay: markdown && chance(rng, 15),
                kind,
            });
        }
        namespaces.push(Namespace { folder, models });
    }
    let all: Vec<(String, String, bool)> = namespaces
        .iter()
        .flat_map(|ns| ns.models.iter().map(|m| (ns.folder.clone(), m.name.clone(), matches!(m.kind, Kind::Struct(_)))))
        .collect();
    for ns in &mut namespaces {
        for model in &mut ns.models {
            model.description = text(rng, 3, model.markdown);
            model.deprecated = deprecation(rng, model.markdown);
            if !model.markdown && chance(rng, 20) {
                model.wire_names = Some(pick(rng, &["lowerCamel", "snake_case", "verbatim"]));
            }
            match &mut model.kind {
                Kind::Struct(fields) => {
                    for _ in 0..rng.random_range(0..=5) {
                        fields.push(field(rng, &all, model.markdown));
                    }
                }
                Kind::Enum(values) => {
                    for _ in 0..rng.random_range(1..=4) {
                        let name = if chance(rng, 50) { format!("{}{}", model.name, name(rng)) } else { name(rng) };
                        values.push((name, pick(rng, VALUES).to_owned()));
                    }
                }
                Kind::Union { variants, discriminator } => {
                    let structs: Vec<&(String, String, bool)> = all.iter().filter(|m| m.2).collect();
                    let local: Vec<&&(String, String, bool)> = structs.iter().filter(|m| m.0 == ns.folder).collect();
                    // Markdown variants name a model of the union's own namespace.
                    let pool: Vec<&(String, String, bool)> =
                        if model.markdown { local.into_iter().copied().collect() } else { structs.clone() };
                    if chance(rng, 40) {
                        *discriminator = Some(if chance(rng, 80) { DISCRIMINATOR.to_owned() } else { name(rng) });
                    }
                    for _ in 0..rng.random_range(1..=3) {
                        let (namespace, target) = match pool.get(rng.random_range(0..pool.len().max(1))) {
                            Some((ns, m, _)) => (ns.clone(), m.clone()),
                            // (A union that holds itself: see the regression
                            // `stack-overflow-example-of-union-holding-itself`.)
                            None => continue,
                        };
                        let name = if chance(rng, 80) { target.clone() } else { name(rng) };
                        let tag = discriminator.as_ref().map(|_| pick(rng, VALUES).to_owned());
                        if variants.iter().any(|v| v.tag == tag) && chance(rng, 90) {
                            continue;
                        }
                        // Without a discriminator, a variant may hold a list or a map, or no
                        // model at all (a string, a number, any JSON value).
                        let (wrap, primitive) = if discriminator.is_none() && chance(rng, 35) {
                            (pick(rng, VARIANT_WRAPS), chance(rng, 75).then(|| pick(rng, VARIANT_PRIMITIVES)))
                        } else {
                            ("", None)
                        };
                        let qualified = !(exported(&target) && chance(rng, 30));
                        let variant = Variant { name, namespace, model: target, qualified, tag, wrap, primitive };
                        // Two variants of one type could not be told apart (mostly).
                        if variants.iter().any(|v| v.go_type() == variant.go_type()) && chance(rng, 90) {
                            continue;
                        }
                        variants.push(variant);
                    }
                }
            }
        }
    }
    // The variants of a union with a discriminator need it as a field (mostly they get it).
    let tagged: Vec<(String, String)> = namespaces
        .iter()
        .flat_map(|ns| &ns.models)
        .filter_map(|m| match &m.kind {
            Kind::Union { variants, discriminator: Some(d) } if d == DISCRIMINATOR => Some(variants),
            _ => None,
        })
        .flatten()
        .filter_map(|v| v.bare_model().map(|(ns, m)| (ns.to_owned(), m.to_owned())))
        .collect();
    for ns in &mut namespaces {
        for m in &mut ns.models {
            if let Kind::Struct(fields) = &mut m.kind
                && tagged.contains(&(ns.folder.clone(), m.name.clone()))
                && !fields.iter().any(|f| f.name == DISCRIMINATOR)
                && chance(rng, 90)
            {
                let mut f = field(rng, &all, m.markdown);
                f.name = DISCRIMINATOR.to_owned();
                f.ty = TypeDef {
                    pointer: false,
                    wrappers: Vec::new(),
                    base: Base::Primitive("string"),
                    notation: Notation::Emphasis,
                };
                f.required = true;
                f.wire_name = None;
                fields.insert(0, f);
            }
        }
    }
    let wire_names = chance(rng, 30).then(|| pick(rng, &["lowerCamel", "snake_case", "verbatim"]));
    Schema { namespaces, wire_names }
}

fn field(rng: &mut TestRng, models: &[(String, String, bool)], markdown: bool) -> FieldDef {
    let base = match rng.random_range(0..20) {
        0..=9 => Base::Primitive(pick(rng, PRIMITIVES)),
        10 => Base::Time,
        11 => Base::Date,
        _ => {
            let (namespace, name, _) = models[rng.random_range(0..models.len())].clone();
            let qualified = !(exported(&name) && chance(rng, 25));
            Base::Model { namespace, name, linked: !markdown || chance(rng, 80), qualified }
        }
    };
    let mut wrappers = Vec::new();
    while wrappers.len() < 3 && chance(rng, 25) {
        wrappers.push(chance(rng, 40));
    }
    let notation = match rng.random_range(0..20) {
        _ if !markdown => Notation::Emphasis,
        0..=11 => Notation::Emphasis,
        12..=16 => Notation::Code,
        _ => Notation::OptionalNullable,
    };
    let ty = TypeDef { pointer: chance(rng, 35), wrappers, base, notation };
    let plain_string = matches!(ty.base, Base::Primitive("string")) && ty.wrappers.is_empty();
    let base_text = match (&ty.base, ty.wrappers.is_empty()) {
        (Base::Primitive(p), true) => *p,
        _ => "",
    };
    let default = match (&ty.base, ty.wrappers.is_empty()) {
        (Base::Primitive("string"), true) => pick(rng, &["\"x\"", "\"\\\"#\"", "\"\\u202e\""]),
        (Base::Primitive("int" | "int32" | "int64"), true) => pick(rng, &["1", "-1", "0"]),
        (Base::Primitive("float32" | "float64"), true) => pick(rng, &["1.5", "0", "-0.0"]),
        (Base::Primitive("bool"), true) => pick(rng, &["true", "false"]),
        (Base::Primitive("interface{}"), true) => pick(rng, &["null", "{}", "[1]", "\"\\\"#\""]),
        _ => "null",
    };
    FieldDef {
        name: name(rng),
        ty,
        required: chance(rng, 50),
        description: text(rng, 2, markdown),
        deprecated: deprecation(rng, markdown),
        examples: {
            let mut examples = Vec::new();
            if chance(rng, 20) {
                // Sometimes several, as a cell of numbered examples.
                let n = if markdown && chance(rng, 30) { rng.random_range(2..=3) } else { 1 };
                for _ in 0..n {
                    let example = ["1", "x", "true", "2020-01-02T03:04:05Z", "2020-01-02", "\"#", "{}", "AA=="];
                    examples.push(pick(rng, &example).to_owned());
                }
            }
            examples
        },
        wire_name: (!markdown && chance(rng, 15)).then(|| pick(rng, VALUES).to_owned()),
        format: (!markdown && plain_string && chance(rng, 15)).then(|| pick(rng, FORMATS)),
        pattern: (!markdown && plain_string && chance(rng, 15)).then(|| pick(rng, PATTERNS)),
        default: (!markdown && chance(rng, 8)).then(|| default.to_owned()),
        // Not on `interface{}` (refused: it holds null already) but now and then.
        nullable: (chance(rng, 25) && (!matches!(base_text, "interface{}") || chance(rng, 5))).then(|| chance(rng, 60)),
        required_override: (markdown && chance(rng, 15)).then(|| chance(rng, 50)),
    }
}

/// A JSON string literal, which is also a YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

impl TypeDef {
    /// Plain Go notation, as YAML writes it.
    fn go(&self) -> String {
        let mut out = String::new();
        if self.pointer {
            out.push('*');
        }
        for &map in &self.wrappers {
            out.push_str(if map { "map[string]" } else { "[]" });
        }
        match &self.base {
            Base::Primitive(p) => out.push_str(p),
            Base::Time => out.push_str("time.Time"),
            Base::Date => out.push_str("types.Date"),
            Base::Model { namespace, name, qualified: true, .. } => out.push_str(&format!("{namespace}.{name}")),
            Base::Model { name, qualified: false, .. } => out.push_str(name),
        }
        out
    }

    /// The markdown Type cell in its notation: wrappers, then `*T*`, `**T*`, `` `*T` `` or a
    /// link; or that, without its `*`, inside `optionalnullable.OptionalNullable[...]` (a code
    /// span or a link).
    fn markdown(&self, docs: &dyn Fn(&str, &str) -> Option<String>) -> String {
        let mut wrappers = String::new();
        for &map in &self.wrappers {
            wrappers.push_str(if map { "map[string]" } else { "[]" });
        }
        let (name, link) = match &self.base {
            Base::Primitive(p) => ((*p).to_owned(), None),
            Base::Time => ("time.Time".to_owned(), Some("https://pkg.go.dev/time#Time".to_owned())),
            // Where Speakeasy's docs link it (a doc they do not ship).
            Base::Date => ("types.Date".to_owned(), Some("../../types/date.md".to_owned())),
            Base::Model { namespace, name, linked, qualified } => (
                if *qualified { format!("{namespace}.{name}") } else { name.clone() },
                docs(namespace, name).filter(|_| *linked).map(|doc| format!("../{doc}")),
            ),
        };
        let star = if self.pointer { "*" } else { "" };
        match (self.notation, link) {
            (Notation::OptionalNullable, Some(link)) => {
                format!("optionalnullable.OptionalNullable[{wrappers}[{name}]({link})]")
            }
            (Notation::OptionalNullable, None) => format!("optionalnullable.OptionalNullable[{wrappers}`{name}`]"),
            (_, Some(link)) => format!("{wrappers}[{star}{name}]({link})"),
            (Notation::Code, None) => format!("{wrappers}`{star}{name}`"),
            (Notation::Emphasis, None) => format!("{wrappers}*{star}{name}*"),
        }
    }
}

impl Schema {
    /// The schema folder's files, paths relative to it.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        if let Some(rule) = self.wire_names {
            files.push(("codegen.yaml".to_owned(), format!("wire_names: {rule}\n").into_bytes()));
        }
        // Where each model's doc is (the file a link must lead to): markdown docs, and the
        // `.md` path the checker gives a YAML model.
        let docs = |namespace: &str, name: &str| {
            self.namespaces
                .iter()
                .filter(|ns| ns.folder == namespace)
                .flat_map(|ns| &ns.models)
                .find(|m| m.name == name)
                .map(|m| format!("{namespace}/{}.md", m.file))
        };
        for ns in &self.namespaces {
            for m in &ns.models {
                if m.markdown {
                    files
                        .push((format!("{}/{}.md", ns.folder, m.file), m.markdown_doc(&ns.folder, &docs).into_bytes()));
                    for (suffix, overlay) in m.overlays() {
                        files.push((format!("{}/{}{suffix}.yaml", ns.folder, m.file), overlay.into_bytes()));
                    }
                } else {
                    files.push((format!("{}/{}.yaml", ns.folder, m.file), m.yaml().into_bytes()));
                }
            }
        }
        files
    }

    /// Every schema one step smaller than this one, biggest steps first.
    pub fn smaller(&self) -> Vec<Schema> {
        let mut out = Vec::new();
        if self.wire_names.is_some() {
            out.push(Schema { wire_names: None, ..self.clone() });
        }
        for i in 0..self.namespaces.len() {
            let mut s = self.clone();
            s.namespaces.remove(i);
            out.push(s);
        }
        for (i, ns) in self.namespaces.iter().enumerate() {
            for j in 0..ns.models.len() {
                let mut s = self.clone();
                s.namespaces[i].models.remove(j);
                out.push(s);
            }
        }
        for (i, ns) in self.namespaces.iter().enumerate() {
            for (j, m) in ns.models.iter().enumerate() {
                for smaller in m.smaller() {
                    let mut s = self.clone();
                    s.namespaces[i].models[j] = smaller;
                    out.push(s);
                }
            }
        }
        out
    }
}

/// Every list with one item removed.
fn without_each<T: Clone>(items: &[T]) -> impl Iterator<Item = Vec<T>> + '_ {
    (0..items.len()).map(|i| {
        let mut v = items.to_vec();
        v.remove(i);
        v
    })
}

impl ModelDef {
    fn smaller(&self) -> Vec<ModelDef> {
        let mut out = Vec::new();
        let with = |f: &dyn Fn(&mut ModelDef)| {
            let mut m = self.clone();
            f(&mut m);
            m
        };
        match &self.kind {
            Kind::Struct(fields) => {
                out.extend(without_each(fields).map(|f| with(&|m| m.kind = Kind::Struct(f.clone()))));
                for (i, field) in fields.iter().enumerate() {
                    for smaller in field.smaller() {
                        out.push(with(&|m| {
                            if let Kind::Struct(fields) = &mut m.kind {
                                fields[i] = smaller.clone();
                            }
                        }));
                    }
                }
            }
            Kind::Enum(values) => out.extend(without_each(values).map(|v| with(&|m| m.kind = Kind::Enum(v.clone())))),
            Kind::Union { variants, discriminator } => {
                out.extend(without_each(variants).map(|v| {
                    with(&|m| m.kind = Kind::Union { variants: v.clone(), discriminator: discriminator.clone() })
                }));
                for (i, v) in variants.iter().enumerate().filter(|(_, v)| !v.qualified) {
                    let mut qualified = variants.clone();
                    qualified[i] = Variant { qualified: true, ..v.clone() };
                    out.push(with(&|m| {
                        m.kind = Kind::Union { variants: qualified.clone(), discriminator: discriminator.clone() }
                    }));
                }
                if discriminator.is_some() {
                    let variants: Vec<Variant> = variants.iter().map(|v| Variant { tag: None, ..v.clone() }).collect();
                    out.push(with(&|m| m.kind = Kind::Union { variants: variants.clone(), discriminator: None }));
                }
            }
        }
        out.extend(without_each(&self.description).map(|d| with(&|m| m.description = d.clone())));
        if let Some(dep) = &self.deprecated {
            out.push(with(&|m| m.deprecated = None));
            out.extend(without_each(dep).map(|d| with(&|m| m.deprecated = Some(d.clone()))));
        }
        if self.wire_names.is_some() {
            out.push(with(&|m| m.wire_names = None));
        }
        if self.additional_properties.is_some() {
            out.push(with(&|m| m.additional_properties = None));
        }
        if self.second_overlay {
            out.push(with(&|m| m.second_overlay = false));
        }
        if let Some(newer) = &self.newer {
            out.push(with(&|m| m.newer = None));
            if newer.open || newer.off {
                out.push(with(&|m| m.newer = Some(NewerSection { open: false, off: false })));
            }
        }
        out
    }

    /// A markdown model's overlays: the imported one (`.imported`), with the facts the docs
    /// cannot say (`additional_properties`, fields' `required` and `nullable`), and sometimes a
    /// hand-written one (`.mine`) over it.
    fn overlays(&self) -> Vec<(&'static str, String)> {
        let fields: &[FieldDef] = match &self.kind {
            Kind::Struct(fields) => fields,
            _ => &[],
        };
        let facts: Vec<&FieldDef> =
            fields.iter().filter(|f| f.nullable.is_some() || f.required_override.is_some()).collect();
        if self.additional_properties.is_none() && facts.is_empty() {
            return Vec::new();
        }
        let mut y = format!(
            "# @imported by codegen import; a re-import rewrites this file. Put your own changes in another overlay.\n\
             overlay: {}\nimported_from: openapi.yaml\n",
            quoted(&self.name)
        );
        if let Some(open) = self.additional_properties {
            y.push_str(&format!("additional_properties: {open}\n"));
        }
        if !facts.is_empty() {
            y.push_str("fields:\n");
        }
        for f in &facts {
            y.push_str(&format!("  - name: {}\n", quoted(&f.name)));
            if let Some(required) = f.required_override {
                y.push_str(&format!("    required: {required}\n"));
            }
            if let Some(nullable) = f.nullable {
                y.push_str(&format!("    nullable: {nullable}\n"));
            }
        }
        let mut out = vec![(".imported", y)];
        if self.second_overlay
            && let Some(f) = facts.iter().find(|f| f.nullable.is_some())
        {
            let flipped = !f.nullable.unwrap_or(false);
            let mine = format!(
                "overlay: {}\nfields:\n  - name: {}\n    nullable: {flipped}\n",
                quoted(&self.name),
                quoted(&f.name)
            );
            out.push((".mine", mine));
        }
        out
    }

    fn yaml(&self) -> String {
        let mut y = String::new();
        let head = match self.kind {
            Kind::Struct(_) => "struct",
            Kind::Enum(_) => "enum",
            Kind::Union { .. } => "union",
        };
        y.push_str(&format!("{head}: {}\n", quoted(&self.name)));
        if !self.description.is_empty() {
            y.push_str(&format!("description: {}\n", quoted(&self.description.concat())));
        }
        match &self.deprecated {
            Some(d) if d.is_empty() => y.push_str("deprecated: true\n"),
            Some(d) => y.push_str(&format!("deprecated: {}\n", quoted(&d.concat()))),
            None => {}
        }
        if let Some(rule) = self.wire_names {
            y.push_str(&format!("wire_names: {rule}\n"));
        }
        if let Some(open) = self.additional_properties {
            y.push_str(&format!("additional_properties: {open}\n"));
        }
        match &self.kind {
            Kind::Struct(fields) => {
                y.push_str(if fields.is_empty() { "fields: []\n" } else { "fields:\n" });
                for f in fields {
                    y.push_str(&format!("  - name: {}\n    type: {}\n", quoted(&f.name), quoted(&f.ty.go())));
                    if f.required {
                        y.push_str("    required: true\n");
                    }
                    if let Some(nullable) = f.nullable {
                        y.push_str(&format!("    nullable: {nullable}\n"));
                    }
                    if !f.description.is_empty() {
                        y.push_str(&format!("    description: {}\n", quoted(&f.description.concat())));
                    }
                    match &f.deprecated {
                        Some(d) if d.is_empty() => y.push_str("    deprecated: true\n"),
                        Some(d) => y.push_str(&format!("    deprecated: {}\n", quoted(&d.concat()))),
                        None => {}
                    }
                    if let Some(e) = f.examples.first() {
                        y.push_str(&format!("    example: {}\n", quoted(e)));
                    }
                    if let Some(w) = &f.wire_name {
                        y.push_str(&format!("    wire_name: {}\n", quoted(w)));
                    }
                    if let Some(v) = f.format {
                        y.push_str(&format!("    format: {}\n", quoted(v)));
                    }
                    if let Some(v) = f.pattern {
                        y.push_str(&format!("    pattern: {}\n", quoted(v)));
                    }
                    if let Some(v) = &f.default {
                        y.push_str(&format!("    default: {v}\n"));
                    }
                }
            }
            Kind::Enum(values) => {
                y.push_str(if values.is_empty() { "values: []\n" } else { "values:\n" });
                for (name, value) in values {
                    y.push_str(&format!("  - {{ name: {}, value: {} }}\n", quoted(name), quoted(value)));
                }
            }
            Kind::Union { variants, discriminator } => {
                if let Some(d) = discriminator {
                    y.push_str(&format!("discriminator: {}\n", quoted(d)));
                }
                y.push_str(if variants.is_empty() { "variants: []\n" } else { "variants:\n" });
                for v in variants {
                    y.push_str(&format!("  - {{ name: {}, type: {}", quoted(&v.name), quoted(&v.go_type())));
                    if let Some(tag) = &v.tag {
                        y.push_str(&format!(", tag: {}", quoted(tag)));
                    }
                    y.push_str(" }\n");
                }
            }
        }
        y
    }

    fn markdown_doc(&self, folder: &str, docs: &dyn Fn(&str, &str) -> Option<String>) -> String {
        let mut md = String::new();
        if self.deprecated.is_some() {
            md.push_str(&format!("# ~~{}~~\n\n", self.name));
        } else {
            md.push_str(&format!("# {}\n\n", self.name));
        }
        if !self.description.is_empty() {
            md.push_str(&self.description.concat());
            md.push_str("\n\n");
        }
        if let Some(notice) = &self.deprecated {
            let notice = if notice.is_empty() { "Deprecated.".to_owned() } else { notice.concat().replace('\n', " ") };
            md.push_str(&format!("> :warning: **DEPRECATED**: {notice}\n\n"));
        }
        md.push('\n');
        let cell = codegen::internals::doc_format::encode_cell;
        match &self.kind {
            Kind::Struct(fields) => {
                md.push_str("## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n");
                for f in fields {
                    let name =
                        if f.deprecated.is_some() { format!("~~`{}`~~", f.name) } else { format!("`{}`", f.name) };
                    let mut description = cell(&f.description.concat());
                    if description.trim().is_empty() {
                        description = "N/A".to_owned();
                    }
                    if let Some(notice) = f.deprecated.as_ref().filter(|d| !d.is_empty()) {
                        description =
                            format!(": warning: ** DEPRECATED **: {}<br/><br/>{description}", cell(&notice.concat()));
                    }
                    let required = if f.required { ":heavy_check_mark:" } else { ":heavy_minus_sign:" };
                    let example = match f.examples.as_slice() {
                        [one] => cell(one),
                        several => cell(
                            &several
                                .iter()
                                .enumerate()
                                .map(|(i, e)| format!("**Example {}:** {e}", i + 1))
                                .collect::<Vec<_>>()
                                .join("\n"),
                        ),
                    };
                    md.push_str(&format!(
                        "| {} | {} | {required} | {description} | {example} |\n",
                        name,
                        f.ty.markdown(docs)
                    ));
                }
            }
            Kind::Enum(values) => {
                if let Some(newer) = &self.newer {
                    // As the generator writes it: the enum's first value (its last, when off).
                    let named = if newer.off { values.last() } else { values.first() };
                    md.push_str(&format!(
                        "## Example Usage\n\n```go\nimport (\n\t\"github.com/example/example-go/models/{folder}\"\n)\n\nvalue := {folder}.{}\n",
                        named.map_or("", |(name, _)| name.as_str())
                    ));
                    if newer.open {
                        md.push_str(&format!(
                            "\n// Open enum: custom values can be created with a direct type cast\ncustom := {folder}.{}(\"custom_value\")\n",
                            self.name
                        ));
                    }
                    md.push_str("```\n\n\n");
                }
                md.push_str("## Values\n\n| Name | Value |\n| --- | --- |\n");
                for (name, value) in values {
                    md.push_str(&format!("| `{name}` | {} |\n", cell(value)));
                }
            }
            Kind::Union { variants, discriminator } => {
                md.push_str("## Supported Types\n\n");
                if let Some(d) = discriminator {
                    md.push_str(&format!("The variants are told apart by the value of `{d}`.\n\n"));
                }
                for v in variants {
                    md.push_str(&format!("### {}\n\n", v.bare_model().map_or("", |(_, m)| m)));
                    if let (Some(d), Some(tag)) = (discriminator, &v.tag) {
                        md.push_str(&format!("`{d}`: `{tag}`\n\n"));
                    }
                    let var = self.name.to_lowercase();
                    md.push_str(&format!(
                        "```go\n{var} := {folder}.Create{}{}({}{{/* values here */}})\n```\n\n",
                        self.name,
                        v.name,
                        v.go_type()
                    ));
                }
                if let Some(newer) = &self.newer {
                    // As the generator writes it: a case per variant, the field named after the
                    // model a variant holds, else after the variant (bogus ones when off).
                    let var = codegen::internals::doc_format::snippet_variable(&self.name);
                    md.push_str(&format!("## Union Discrimination\n\nUse the `Type` field to determine which variant is active, then access the corresponding field:\n\n```go\nswitch {var}.Type {{\n"));
                    for v in variants {
                        let (variant, field) = match (newer.off, v.bare_model()) {
                            (true, _) => ("Bogus", "Nothing"),
                            (false, Some((_, model))) => (v.name.as_str(), model),
                            (false, None) => (v.name.as_str(), v.name.as_str()),
                        };
                        md.push_str(&format!(
                            "\tcase {folder}.{}Type{variant}:\n\t\t// {var}.{field} is populated\n",
                            self.name
                        ));
                    }
                    if newer.open {
                        md.push_str(&format!(
                            "\tdefault:\n\t\t// Unknown type - use {var}.GetUnknownRaw() for raw JSON\n"
                        ));
                    }
                    md.push_str("}\n```\n");
                }
            }
        }
        md
    }
}

impl FieldDef {
    fn smaller(&self) -> Vec<FieldDef> {
        let mut out = Vec::new();
        let with = |f: &dyn Fn(&mut FieldDef)| {
            let mut x = self.clone();
            f(&mut x);
            x
        };
        out.extend(without_each(&self.description).map(|d| with(&|f| f.description = d.clone())));
        if let Some(dep) = &self.deprecated {
            out.push(with(&|f| f.deprecated = None));
            out.extend(without_each(dep).map(|d| with(&|f| f.deprecated = Some(d.clone()))));
        }
        if !matches!(self.ty.base, Base::Primitive("string")) || self.ty.pointer || !self.ty.wrappers.is_empty() {
            out.push(with(&|f| {
                f.ty = TypeDef {
                    pointer: false,
                    wrappers: Vec::new(),
                    base: Base::Primitive("string"),
                    notation: Notation::Emphasis,
                }
            }));
        }
        if self.ty.pointer {
            out.push(with(&|f| f.ty.pointer = false));
        }
        if self.ty.notation != Notation::Emphasis {
            out.push(with(&|f| f.ty.notation = Notation::Emphasis));
        }
        if let Base::Model { qualified: false, .. } = self.ty.base {
            out.push(with(&|f| {
                if let Base::Model { qualified, .. } = &mut f.ty.base {
                    *qualified = true;
                }
            }));
        }
        for i in 0..self.ty.wrappers.len() {
            out.push(with(&|f| {
                f.ty.wrappers.remove(i);
            }));
        }
        if self.required {
            out.push(with(&|f| f.required = false));
        }
        out.extend(without_each(&self.examples).map(|e| with(&|f| f.examples = e.clone())));
        if self.wire_name.is_some() {
            out.push(with(&|f| f.wire_name = None));
        }
        if self.format.is_some() {
            out.push(with(&|f| f.format = None));
        }
        if self.pattern.is_some() {
            out.push(with(&|f| f.pattern = None));
        }
        if self.default.is_some() {
            out.push(with(&|f| f.default = None));
        }
        if self.nullable.is_some() {
            out.push(with(&|f| f.nullable = None));
        }
        if self.required_override.is_some() {
            out.push(with(&|f| f.required_override = None));
        }
        out
    }
}
