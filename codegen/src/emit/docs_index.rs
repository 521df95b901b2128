//! Emits the docs index: every model by namespace, linking its doc, JSON Schema and Rust type.

use std::fmt::Write as _;

use crate::check::Schema;
use crate::emit::json_schema::model_path;
use crate::emit::{GeneratedFile, Header};

pub const INDEX_FILE: &str = "README.md";

/// `schema_dir` is where the docs folder sees the JSON Schema folder (e.g. `../json-schema`).
pub fn emit(schema: &Schema, header: &Header, schema_dir: &str) -> GeneratedFile {
    let mut out = format!("<!-- {} -->\n\n# Models\n", header.text());
    for ns in schema.namespaces() {
        let _ = write!(out, "\n## `{ns}`\n\n| Model | Kind | JSON Schema | Rust |\n| --- | --- | --- | --- |\n");
        for m in schema.models.iter().filter(|m| m.name.namespace == ns) {
            let name = if m.is_deprecated() { format!("~~{}~~", m.name.name) } else { m.name.name.clone() };
            let _ = writeln!(
                out,
                "| [{name}]({doc}) | {kind} | [{file}]({schema_dir}/{file}) | `{module}::{rust}` |",
                doc = m.doc_path,
                kind = m.kind_name(),
                file = model_path(m),
                module = crate::check::rust_field_name(ns),
                rust = m.rust_name,
            );
        }
    }
    GeneratedFile { path: INDEX_FILE.to_owned(), contents: out }
}
