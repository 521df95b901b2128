//! The Go type notation both readers read and the checker's notes write: `*string`,
//! `[]shared.Document`, `map[string]string`.

use crate::model::{BaseType, FieldType, Primitive, QualifiedName, TypeNotation, Wrapper};

/// Parses a plain Go type as the YAML definitions write it (`*int64`, `[]shared.Document`, `time.Time`).
pub fn parse_go_type(text: &str) -> Result<FieldType, String> {
    let text = text.trim();
    let (pointer, rest) = match text.strip_prefix('*') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (wrappers, name) = strip_wrappers(rest);
    Ok(FieldType { wrappers, pointer, base: parse_base(name, None)?, notation: TypeNotation::Link })
}

/// Splits the leading `[]` and `map[string]` wrappers off a notation.
pub fn strip_wrappers(mut text: &str) -> (Vec<Wrapper>, &str) {
    let mut wrappers = Vec::new();
    loop {
        // `[]byte` is a primitive, not a list of bytes.
        if text.starts_with("[]") && text != "[]byte" && !text.starts_with("[]byte*") {
            wrappers.push(Wrapper::List);
            text = &text[2..];
        } else if let Some(rest) = text.strip_prefix("map[string]") {
            wrappers.push(Wrapper::Map);
            text = rest;
        } else {
            return (wrappers, text);
        }
    }
}

/// Resolves a base type name: a Go primitive, `namespace.Model`, a foreign `package.Type`
/// (told apart from models by the link, or, without one, by being listed as foreign), or a
/// model named alone (`Model`: an exported Go name, so a capital first; its namespace is left
/// for the checker to find).
pub fn parse_base(name: &str, link: Option<&str>) -> Result<BaseType, String> {
    if let Some(p) = Primitive::from_go_name(name) {
        return Ok(BaseType::Primitive(p));
    }
    let Some((package, type_name)) = name.split_once('.') else {
        if name.starts_with(|c: char| c.is_ascii_uppercase()) && is_identifier(name) {
            return Ok(BaseType::Model {
                name: QualifiedName { namespace: String::new(), name: name.to_owned() },
                link: link.map(str::to_owned),
                qualified: false,
            });
        }
        return Err(format!(
            "unknown type `{name}`: expected a Go primitive ({}), `namespace.Model`, `Model` or `package.Type`",
            Primitive::ALL.map(|p| p.go_name()).join(", ")
        ));
    };
    if !is_identifier(package) || !is_identifier(type_name) {
        return Err(format!("`{name}` is not a type name: expected `namespace.Model`"));
    }
    let external = link.is_some_and(|l| l.contains("://"));
    if external || is_known_foreign(name) {
        Ok(BaseType::Foreign { name: name.to_owned(), link: link.map(str::to_owned) })
    } else {
        Ok(BaseType::Model {
            name: QualifiedName { namespace: package.to_owned(), name: type_name.to_owned() },
            link: link.map(str::to_owned),
            qualified: true,
        })
    }
}

/// Packages of the Go standard library that a definition may name without a link.
fn is_known_foreign(name: &str) -> bool {
    ["time.", "http.", "io.", "json."].iter().any(|p| name.starts_with(p))
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Writes a type in plain Go notation (the inverse of [`parse_go_type`]).
pub fn go_type(ty: &FieldType) -> String {
    let mut out = String::new();
    if ty.pointer {
        out.push('*');
    }
    for w in &ty.wrappers {
        out.push_str(match w {
            Wrapper::List => "[]",
            Wrapper::Map => "map[string]",
        });
    }
    out.push_str(&base_name(&ty.base));
    out
}

pub fn base_name(base: &BaseType) -> String {
    match base {
        BaseType::Primitive(p) => p.go_name().to_owned(),
        BaseType::Model { name, qualified: true, .. } => name.to_string(),
        BaseType::Model { name, .. } => name.name.clone(),
        BaseType::Foreign { name, .. } => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_types_round_trip() {
        for text in [
            "string",
            "*int64",
            "[]shared.Document",
            "map[string]string",
            "*time.Time",
            "[]byte",
            "*[]int64",
            "interface{}",
        ] {
            let ty = parse_go_type(text).unwrap();
            assert_eq!(go_type(&ty), text);
        }
        assert!(parse_go_type("strin").is_err());
        assert!(matches!(parse_go_type("time.Time").unwrap().base, BaseType::Foreign { .. }));
    }
}
