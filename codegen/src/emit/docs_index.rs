//! Emits the docs index: the schemas' version, every model by namespace, linking its doc, JSON
//! Schema and Rust type, a diagram per namespace of how its models refer to each other, and
//! what changed since the previous version (handed over as text: the emitter reads no files).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::check::Schema;
use crate::emit::json_schema::{direct_references, model_path};
use crate::emit::{GeneratedFile, Header};
use crate::model::{Model, ModelKind};

pub const INDEX_FILE: &str = "README.md";

/// The changes since the previous version: its version, and `codegen diff`'s markdown of them
/// (audiences under `###` headings).
#[derive(Debug, Clone, Copy)]
pub struct Changes<'a> {
    pub since: &'a str,
    pub markdown: &'a str,
}

/// `schema_dir` is where the docs folder sees the JSON Schema folder (e.g. `../json-schema`);
/// `rust_dir`, where it sees the Rust sources of the crate layout (e.g. `../src`), if any.
pub fn emit(
    schema: &Schema,
    header: &Header,
    schema_dir: &str,
    rust_dir: Option<&str>,
    changes: Option<Changes>,
) -> GeneratedFile {
    let mut out = format!("<!-- {} -->\n\n# Models\n", header.text());
    let changes_heading = changes.map(|c| format!("Changes since {}", c.since));
    let link = |what: &str| {
        changes
            .zip(changes_heading.as_ref())
            .map(|(c, h)| format!("[{what} changed since {}](#{})", c.since, anchor(h)))
    };
    match (&schema.settings.version, link("what")) {
        (Some((version, _)), Some(link)) => {
            let _ = writeln!(out, "\nVersion {version} of the schemas; {link} is at the end.");
        }
        (Some((version, _)), None) => {
            let _ = writeln!(out, "\nVersion {version} of the schemas.");
        }
        (None, Some(_)) => {
            let _ = writeln!(out, "\n{} is at the end.", link("What").unwrap_or_default());
        }
        (None, None) => {}
    }
    let counts = |kind: &str| schema.models.iter().filter(|m| m.kind_name() == kind).count();
    let _ = writeln!(
        out,
        "\n{} models: {} structs, {} enums, {} unions. Each links its doc, its JSON Schema and its Rust type.",
        schema.models.len(),
        counts("struct"),
        counts("enum"),
        counts("union")
    );
    // Models are sorted by namespace: each namespace is one run of them.
    for models in schema.models.chunk_by(|a, b| a.name.namespace == b.name.namespace) {
        let ns = models[0].name.namespace.as_str();
        let (module, dir) = (crate::naming::module_name(ns), crate::naming::module_dir(ns));
        let _ = write!(out, "\n## `{ns}`\n\n| Model | Kind | JSON Schema | Rust |\n| --- | --- | --- | --- |\n");
        let models: Vec<&Model> = models.iter().collect();
        for m in &models {
            let name = if m.is_deprecated() { format!("~~{}~~", m.name.name) } else { m.name.name.clone() };
            let rust = format!("`{module}::{}`", m.rust_name);
            let rust = match rust_dir {
                Some(src) => format!("[{rust}]({src}/{dir}/{}.rs)", m.file_stem),
                None => rust,
            };
            let _ = writeln!(
                out,
                "| [{name}]({doc}) | {kind} | [{file}]({schema_dir}/{file}) | {rust} |",
                doc = m.doc_path,
                kind = m.kind_name(),
                file = model_path(m),
            );
        }
        diagram(&mut out, schema, ns, &models);
    }
    if let (Some(changes), Some(heading)) = (changes, changes_heading) {
        let _ = write!(
            out,
            "\n## {heading}\n\n\
             What changed in the published JSON Schema and the Rust types since version {since}, as `codegen diff`\n\
             finds it against that version's published JSON Schema: whom each change breaks (readers: code that\n\
             reads data of the new version with the old schema or types; writers: code that sends data of the old\n\
             version to a consumer of the new; Rust code using the crate), and the semver bump they call for.\n\n{}",
            changes.markdown,
            since = changes.since,
        );
    }
    GeneratedFile { path: INDEX_FILE.to_owned(), contents: out }
}

/// The anchor GitHub gives a heading: lower case, spaces as `-`, other punctuation left out.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A mermaid flowchart of the references from this namespace's models (GitHub renders it):
/// structs as boxes, unions as rhombi, enums as rounded leaves, other namespaces' models by
/// their qualified names. Models that refer to nothing and that nothing here refers to are left
/// out, so the picture shows structure, not a list.
fn diagram(out: &mut String, schema: &Schema, ns: &str, models: &[&Model]) {
    let mut edges = BTreeSet::new();
    for m in models {
        for target in direct_references(schema, m) {
            edges.insert((node_id(m), node_id(target)));
        }
    }
    if edges.is_empty() {
        return;
    }
    // Every model in the graph, each once, in schema order.
    let mut in_graph: Vec<&Model> = models.to_vec();
    for m in models {
        in_graph.extend(direct_references(schema, m));
    }
    in_graph.sort_by(|a, b| a.name.cmp(&b.name));
    in_graph.dedup_by(|a, b| a.name == b.name);
    let ids: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let _ = write!(out, "\n### How `{ns}` models refer to each other\n\n```mermaid\nflowchart LR\n");
    for m in in_graph.into_iter().filter(|m| ids.contains(&node_id(m))) {
        let label = if m.name.namespace == ns { m.name.name.clone() } else { m.name.to_string() };
        let _ = match m.kind {
            ModelKind::Struct(_) => writeln!(out, "    {}[{label}]", node_id(m)),
            ModelKind::Union(_) => writeln!(out, "    {}{{{label}}}", node_id(m)),
            ModelKind::Enum(_) => writeln!(out, "    {}([{label}])", node_id(m)),
        };
    }
    for (from, to) in &edges {
        let _ = writeln!(out, "    {from} --> {to}");
    }
    out.push_str("```\n");
}

fn node_id(m: &Model) -> String {
    format!("{}_{}", m.name.namespace, m.name.name)
}
