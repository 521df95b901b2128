//! Imported overlays: their text (fixed key order, fields in the model's order, so the same
//! spec gives the same bytes), and the plan that writes, rewrites or removes only files the
//! importer wrote (first line the marker, and an `imported_from` key).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::facts::{FieldFacts, ModelFacts};
use crate::model::Model;

/// The first line of every overlay the importer writes.
pub const MARKER: &str =
    "# @imported by codegen import; a re-import rewrites this file. Put your own changes in another overlay.";

/// Ending of an imported overlay's file name, beside the model's doc (`account.imported.yaml`).
pub const SUFFIX: &str = ".imported.yaml";

/// Whether a file's text is an imported overlay: the marker as its first line, and an
/// `imported_from` key. Only such files are rewritten or removed.
pub fn is_imported(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    lines.next().map(|l| l.trim_end_matches('\r')) == Some(MARKER) && lines.any(|l| l.starts_with("imported_from:"))
}

/// The overlay's path, relative to the schema folder: beside the model's doc.
pub fn overlay_path(model: &Model) -> String {
    let stem = model.doc_path.rsplit_once('.').map_or(model.doc_path.as_str(), |(s, _)| s);
    format!("{stem}{SUFFIX}")
}

/// The overlay's text.
pub fn overlay_text(model: &Model, facts: &ModelFacts, spec_name: &str) -> String {
    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    out.push_str(&format!("overlay: {}\n", scalar(&model.name.to_string())));
    out.push_str(&format!("imported_from: {}\n", scalar(spec_name)));
    if facts.deprecated {
        out.push_str("deprecated: true\n");
    }
    if facts.additional_properties_false {
        out.push_str("additional_properties: false\n");
    }
    if let Some(d) = &facts.discriminator {
        out.push_str(&format!("discriminator: {}\n", scalar(d)));
    }
    if !facts.fields.is_empty() {
        out.push_str("fields:\n");
        for f in &facts.fields {
            field_text(f, &mut out);
        }
    }
    if !facts.variants.is_empty() {
        out.push_str("variants:\n");
        for (name, tag) in &facts.variants {
            out.push_str(&format!("  - {{ name: {}, tag: {} }}\n", scalar(name), scalar(tag)));
        }
    }
    out
}

fn field_text(f: &FieldFacts, out: &mut String) {
    out.push_str(&format!("  - name: {}\n", scalar(&f.name)));
    let mut key = |k: &str, v: String| out.push_str(&format!("    {k}: {v}\n"));
    if let Some(w) = &f.wire_name {
        key("wire_name", scalar(w));
    }
    if let Some(r) = f.required {
        key("required", r.to_string());
    }
    if let Some(n) = f.nullable {
        key("nullable", n.to_string());
    }
    if f.deprecated {
        key("deprecated", "true".to_owned());
    }
    if let Some(v) = &f.format {
        key("format", scalar(v));
    }
    if let Some(v) = &f.minimum {
        key("minimum", v.to_string());
    }
    if let Some(v) = &f.maximum {
        key("maximum", v.to_string());
    }
    if let Some(v) = f.min_length {
        key("min_length", v.to_string());
    }
    if let Some(v) = f.max_length {
        key("max_length", v.to_string());
    }
    if let Some(v) = &f.pattern {
        key("pattern", scalar(v));
    }
    if let Some(v) = f.min_items {
        key("min_items", v.to_string());
    }
    if let Some(v) = f.max_items {
        key("max_items", v.to_string());
    }
    if let Some(v) = &f.default {
        key("default", value(v));
    }
}

/// A string as a YAML scalar: plain where YAML reads it back as this very string, else
/// double-quoted (JSON's escapes are YAML's).
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '.' || c == '/')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | ".inf" | ".nan"
        );
    if plain { s.to_owned() } else { Value::String(s.to_owned()).to_string() }
}

/// A JSON value in YAML's flow form (JSON text is YAML), strings as [`scalar`] writes them.
fn value(v: &Value) -> String {
    match v {
        Value::String(s) => scalar(s),
        other => other.to_string(),
    }
}

/// What an import changes in the schema folder.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files to write (new or changed): path relative to the schema folder, and text.
    pub write: Vec<(String, String)>,
    /// Imported overlays no longer wanted.
    pub remove: Vec<String>,
    pub unchanged: usize,
    /// Models left alone: the overlay's place holds a file the importer did not write.
    pub blocked: Vec<(String, String)>,
}

/// Compares the overlays wanted with the schema folder's files: `existing` holds every
/// imported overlay already there (path relative to the folder).
pub fn plan(root: &Path, wanted: Vec<(String, String)>, existing: &[String]) -> Plan {
    let mut plan = Plan::default();
    for (path, text) in &wanted {
        match std::fs::read(root.join(path)) {
            Ok(bytes) if bytes == text.as_bytes() => plan.unchanged += 1,
            Ok(bytes) if !is_imported(&String::from_utf8_lossy(&bytes)) => plan.blocked.push((
                path.clone(),
                "the file is there and was not written by `codegen import` (no marker line or no `imported_from`); left alone".to_owned(),
            )),
            _ => plan.write.push((path.clone(), text.clone())),
        }
    }
    for path in existing {
        if !wanted.iter().any(|(p, _)| p == path) {
            plan.remove.push(path.clone());
        }
    }
    plan.remove.sort();
    plan
}

/// Carries out a plan: each file written whole through a temporary file and a rename, so that
/// none is ever left half written.
pub fn apply(root: &Path, plan: &Plan) -> std::io::Result<()> {
    for (path, text) in &plan.write {
        let full = root.join(path);
        let tmp: PathBuf = full.with_extension("yaml.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &full)?;
    }
    for path in &plan.remove {
        std::fs::remove_file(root.join(path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back() {
        assert_eq!(scalar("accountID"), "accountID");
        assert_eq!(scalar("X-Idempotency-Key"), "X-Idempotency-Key");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("^[a-z]+$"), "\"^[a-z]+$\"");
        assert_eq!(scalar("3"), "\"3\"");
        assert_eq!(scalar(""), "\"\"");
    }

    #[test]
    fn marker_and_key_make_an_import() {
        assert!(is_imported(&format!("{MARKER}\noverlay: X\nimported_from: a.yaml\n")));
        assert!(!is_imported(&format!("{MARKER}\noverlay: X\n")));
        assert!(!is_imported("overlay: X\nimported_from: a.yaml\n"));
    }
}
