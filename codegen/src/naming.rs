//! Names in the generated Rust and how they are made: Rust's keywords and raw identifiers, the
//! names the generated crate keeps for itself, the Rust name of a model, field, enum value,
//! namespace module and file (with the case conversions of `case`).
//!
//! The checker gives every name with these rules and reports collisions; emitters write the
//! names the checker gave (and a namespace's module, from [`module_name`] and [`module_dir`]).

pub use crate::case::{snake, upper_camel};
use crate::model::{Model, ModelKind};

/// Rust's keywords, of every edition, strict and reserved.
pub const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
pub const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Modules the generated crate keeps for itself beside the one of each namespace: the helpers
/// of its serde impls (`__private`), and `lib`, whose file would be the crate root's.
pub const SUPPORT_MODULES: &[&str] = &["__private", "lib"];

/// Names that generated code uses unqualified; a model may not take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "String",
    "Vec",
    "Default",
    "Serialize",
    "Deserialize",
    "JsonSchema",
    "BTreeMap",
    "Value",
    "Self",
];

/// The traits the generated code implements for a model's type, by the name a derive gives
/// them (derived, or written out by the Rust emitter): a user's derive of one would conflict
/// with it, so the checker refuses or skips it. The Rust emitter's derives follow this list.
pub fn generated_traits(model: &Model) -> &'static [&'static str] {
    match &model.kind {
        ModelKind::Struct(s) if s.derives_default() => {
            &["Debug", "Clone", "PartialEq", "Default", "Serialize", "Deserialize", "JsonSchema"]
        }
        ModelKind::Struct(_) => &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize", "JsonSchema"],
        ModelKind::Enum(_) => &[
            "Debug",
            "Clone",
            "PartialEq",
            "Eq",
            "Hash",
            "Display",
            "FromStr",
            "Serialize",
            "Deserialize",
            "JsonSchema",
        ],
        ModelKind::Union(_) => &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize", "JsonSchema", "From"],
    }
}

/// The traits every model's type implements, whatever its kind.
pub const EVERY_MODELS_TRAITS: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize", "JsonSchema"];

/// File stems a model may not take: a keyword, a name the crate uses, or its namespace's
/// module (clippy's `module_inception`) get `_model` appended.
const RESERVED_STEMS: &[&str] = &["tests", "schema", "mod"];

/// Any text as an identifier's characters: ASCII letters, digits and `_`, others turned into
/// `_`; `value` if nothing of it is left.
pub fn sanitize_ident(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.is_empty() || out.chars().all(|c| c == '_') {
        out = "value".to_owned();
    }
    out
}

/// The Rust type name derived from a model's name (when no `rust_name` is chosen): upper camel
/// case, `Model` before a leading digit and after a reserved name or keyword.
pub fn type_name(model_name: &str) -> String {
    let mut base = upper_camel(&sanitize_ident(model_name));
    if base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("Model{base}");
    }
    if RESERVED_TYPE_NAMES.contains(&base.as_str()) || KEYWORDS.contains(&base.as_str()) {
        base.push_str("Model");
    }
    base
}

/// Whether a chosen `rust_name` can name a type of the generated crate.
pub fn can_name_type(name: &str) -> bool {
    is_type_name(name) && !RESERVED_TYPE_NAMES.contains(&name) && !KEYWORDS.contains(&name)
}

/// The stem of a model's files (`<stem>.rs`, `<stem>.json`): its Rust name in snake case, not a
/// keyword, a name the crate uses, or its namespace's module.
pub fn file_stem(rust_name: &str, namespace: &str) -> String {
    let mut stem = snake(rust_name);
    if KEYWORDS.contains(&stem.as_str()) || RESERVED_STEMS.contains(&stem.as_str()) || stem == module_dir(namespace) {
        stem.push_str("_model");
    }
    stem
}

/// The Rust variant of an enum value's name (before the checker makes it unique): the name
/// without its enum's name in front (`StatusActive` of `Status` is `Active`), in UpperCamelCase
/// as rustc wants variants (`NO_MATCH` would warn), `V` before a leading digit, `Value` after a
/// keyword.
pub fn enum_variant_name(value_name: &str, enum_name: &str) -> String {
    let stripped = value_name.strip_prefix(enum_name).filter(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
    let mut base = stripped.unwrap_or(value_name).to_owned();
    if !is_type_name(&base) {
        base = upper_camel(&sanitize_ident(&base));
    }
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("V{base}");
    }
    if KEYWORDS.contains(&base.as_str()) {
        base.push_str("Value");
    }
    base
}

/// A name Rust takes as a type or variant without a warning: ASCII letters and digits, starting
/// with a capital.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The Rust module of a namespace (the crate layout's folder, the single file's `mod`).
pub fn module_name(namespace: &str) -> String {
    rust_field_name(namespace)
}

/// The file or folder of a namespace's module: its name without `r#` (`mod r#type;` lives in
/// `type/`).
pub fn module_dir(namespace: &str) -> String {
    let module = module_name(namespace);
    module.strip_prefix("r#").map_or(module.clone(), str::to_owned)
}

/// A field's Rust name: snake case, a raw identifier for keywords, never empty or leading digit.
pub fn rust_field_name(name: &str) -> String {
    let mut s = snake(&sanitize_ident(name));
    if s.is_empty() {
        s = "field".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("field_{s}");
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s = format!("r#{s}");
    }
    s
}

/// Whether `text` is a Rust type path: segments that are identifiers (raw ones too; `crate`,
/// `self`, `super` and `Self` as themselves), optionally after `::`, each optionally with type
/// arguments that are type paths themselves. No lifetimes, references, tuples or turbofish, and
/// no keyword of any edition as a segment.
pub fn is_type_path(text: &str) -> bool {
    fn path(ty: &syn::Type) -> bool {
        let syn::Type::Path(p) = ty else { return false };
        p.qself.is_none()
            && p.path.segments.iter().all(|segment| {
                let ident = segment.ident.to_string();
                let name_ok = ident.starts_with("r#")
                    || ["crate", "self", "super", "Self"].contains(&ident.as_str())
                    || !KEYWORDS.contains(&ident.as_str());
                name_ok
                    && match &segment.arguments {
                        syn::PathArguments::None => true,
                        syn::PathArguments::AngleBracketed(a) => {
                            a.colon2_token.is_none()
                                && !a.args.is_empty()
                                && a.args.iter().all(|arg| matches!(arg, syn::GenericArgument::Type(t) if path(t)))
                        }
                        syn::PathArguments::Parenthesized(_) => false,
                    }
            })
    }
    syn::parse_str::<syn::Type>(text).is_ok_and(|ty| path(&ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_become_identifiers() {
        assert_eq!(rust_field_name("AccountID"), "account_id");
        assert_eq!(rust_field_name("Type"), "r#type");
        assert_eq!(rust_field_name("Self"), "self_");
        assert_eq!(rust_field_name("3DSecure"), "field_3d_secure");
        assert_eq!(rust_field_name("x-y"), "x_y");
        assert_eq!(rust_field_name("$"), "value");
    }

    #[test]
    fn foreign_rust_types_are_type_paths() {
        for ok in ["String", "chrono::DateTime<chrono::Utc>", "::std::vec::Vec<u8>", "a::B<C, D<E>,>", "r#type::X"] {
            assert!(is_type_path(ok), "{ok}");
        }
        for bad in [
            "",
            "a::",
            "Vec<",
            "Vec<u8",
            "a b",
            "fn",
            "a::type",
            "Vec<u8>>",
            "&str",
            "1x",
            "a<>",
            "gen::X",
            "try::X",
            "Vec::<u8>",
            "Cow<'static, str>",
            "(u8, u8)",
            "<T as Tr>::X",
            "Fn(u8)",
            "a + Send",
            "r#crate",
            "_",
        ] {
            assert!(!is_type_path(bad), "{bad}");
        }
    }
}
