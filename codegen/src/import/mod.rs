//! `codegen import`: reads an API's OpenAPI document (3.0 or 3.1, YAML or JSON) or a JSON
//! Schema bundle, matches its schemas to the models of the schema folder, and writes what the
//! spec says and the docs do not into one imported overlay per model (`<doc>.imported.yaml`).
//!
//! The steps, a private module each: `tree` (the spec parsed, every node with its line and
//! column), `spec` (references checked, schemas resolved, the places that name models listed),
//! `facts` (models matched, what differs), `write` (overlay text, the plan, the files).

mod facts;
mod spec;
mod tree;
mod write;

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::diag::{Diagnostics, Sources};
use crate::model::ModelKind;
use crate::pool::in_pool;
use crate::{Mode, read};

pub use write::{MARKER, SUFFIX};

/// An import: the spec, the schema folder, and the name the overlays and report give the spec.
#[derive(Debug, Clone)]
pub struct Import {
    spec: PathBuf,
    spec_name: Option<String>,
    schema_dir: PathBuf,
}

/// What an import did (or, in check mode, would do).
#[derive(Debug, Default)]
pub struct ImportOutcome {
    /// The report: matches, misses and disagreements, each about the spec with file:line:col.
    pub report: String,
    pub models: usize,
    pub matched: usize,
    /// Facts written over all overlays.
    pub facts: usize,
    /// Overlays written (or, checking, that a re-import would write).
    pub written: Vec<String>,
    /// Imported overlays removed (or that would be).
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl ImportOutcome {
    /// Whether the import changes (or, checking, would change) any file.
    pub fn changes(&self) -> bool {
        !self.written.is_empty() || !self.removed.is_empty()
    }
}

/// A failed import; nothing was written.
#[derive(Debug)]
pub enum ImportError {
    /// The spec cannot be read: not YAML or JSON, a `$ref` that does not resolve. Each message
    /// starts with the spec's file:line:col.
    Spec(Vec<String>),
    /// The schema folder's definitions do not check.
    Definitions {
        diagnostics: Diagnostics,
        sources: Sources,
    },
    Io(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Spec(messages) => {
                for m in messages {
                    writeln!(f, "error: {m}")?;
                }
                write!(f, "the spec cannot be imported; nothing was written")
            }
            ImportError::Definitions { diagnostics, sources } => {
                write!(f, "{}", diagnostics.render(sources, false, crate::MAX_DIAGNOSTICS))?;
                write!(f, "{} error(s) in the definitions; nothing was written", diagnostics.error_count())
            }
            ImportError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl Import {
    /// An import of the spec at `spec` into the schema folder `schema` (by default).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Import { spec: spec.into(), spec_name: None, schema_dir: PathBuf::from("schema") }
    }

    /// The schema folder whose models take the facts. Default: `schema`.
    pub fn schema_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.schema_dir = dir.into();
        self
    }

    /// The spec's name in the overlays' `imported_from` and in the report. Default: its path as
    /// given.
    pub fn spec_name(mut self, name: impl Into<String>) -> Self {
        self.spec_name = Some(name.into());
        self
    }

    fn name(&self) -> String {
        self.spec_name.clone().unwrap_or_else(|| self.spec.display().to_string())
    }

    /// Imports: in [`Mode::Write`] writes the overlays that changed and removes imported ones no
    /// longer wanted; in [`Mode::Check`] writes nothing and reports what a re-import would change.
    pub fn run(&self, mode: Mode) -> Result<ImportOutcome, ImportError> {
        let name = self.name();
        let bytes = std::fs::read(&self.spec)
            .map_err(|e| ImportError::Io(format!("cannot read `{}`: {e}", self.spec.display())))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ImportError::Spec(vec![format!("{name}:{line}:{col}: not UTF-8 text: a spec is YAML or JSON")])
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let root = tree::parse(text).map_err(|e| {
            ImportError::Spec(vec![format!("{name}:{}:{}: not YAML or JSON: {}", e.pos.line, e.pos.col, e.message)])
        })?;
        let spec = spec::Spec { root };
        if !matches!(spec.root.kind, tree::Kind::Map(_)) {
            return Err(ImportError::Spec(vec![format!(
                "{name}:{}:{}: expected an OpenAPI document or a JSON Schema bundle (a mapping), found something else",
                spec.root.pos.line, spec.root.pos.col
            )]));
        }
        let bad = spec.bad_refs();
        if !bad.is_empty() {
            return Err(ImportError::Spec(
                bad.into_iter().map(|(pos, m)| format!("{name}:{}:{}: {m}", pos.line, pos.col)).collect(),
            ));
        }
        let (schema, existing) = in_pool(|| self.read_schema())?;
        let sites = spec.sites();
        let matching = facts::match_models(&schema, &spec, &sites);
        let (all_facts, disagreements) = facts::facts(&schema, &spec, &sites, &matching);
        let wanted: Vec<(String, String)> = all_facts
            .iter()
            .map(|f| {
                let model = &schema.models[f.model];
                (write::overlay_path(model), write::overlay_text(model, f, &name))
            })
            .collect();
        let plan = write::plan(&self.schema_dir, wanted, &existing);
        if mode == Mode::Write {
            write::apply(&self.schema_dir, &plan)
                .map_err(|e| ImportError::Io(format!("cannot write into `{}`: {e}", self.schema_dir.display())))?;
        }
        let blocked: Vec<&str> = plan.blocked.iter().map(|(p, _)| p.as_str()).collect();
        let facts_written: usize = all_facts
            .iter()
            .filter(|f| !blocked.contains(&write::overlay_path(&schema.models[f.model]).as_str()))
            .map(facts::ModelFacts::count)
            .sum();
        let outcome = ImportOutcome {
            report: String::new(),
            models: schema.models.len(),
            matched: matching.matched.len(),
            facts: facts_written,
            written: plan.write.iter().map(|(p, _)| p.clone()).collect(),
            removed: plan.remove.clone(),
            unchanged: plan.unchanged,
        };
        let report = report(&name, &schema, &sites, &matching, &all_facts, &disagreements, &plan, &outcome, mode);
        Ok(ImportOutcome { report, ..outcome })
    }

    /// The schema folder read and checked without its imported overlays (what the models say
    /// without the last import), and the imported overlays it holds.
    fn read_schema(&self) -> Result<(crate::Schema, Vec<String>), ImportError> {
        let mut diags = Diagnostics::default();
        let files = read::list_folder(&self.schema_dir, &mut diags);
        let (imported, files): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
            (f.path.ends_with(".yaml") || f.path.ends_with(".yml"))
                && write::is_imported(&String::from_utf8_lossy(&f.bytes))
        });
        let mut sources = Sources::default();
        let defs = read::read_files(files, &self.schema_dir, &mut sources, &mut diags);
        if diags.has_errors() {
            diags.sort();
            return Err(ImportError::Definitions { diagnostics: diags, sources });
        }
        match crate::check::check(defs.models, defs.overlays, defs.settings) {
            Ok((schema, _)) => Ok((schema, imported.into_iter().map(|f| f.path).collect())),
            Err(mut errors) => {
                errors.sort();
                Err(ImportError::Definitions { diagnostics: errors, sources })
            }
        }
    }
}

/// The report, in a fixed order: the summary, matches by rule, each match, what did not match,
/// the disagreements.
#[allow(clippy::too_many_arguments)]
fn report(
    name: &str,
    schema: &crate::Schema,
    sites: &[spec::Site<'_>],
    matching: &facts::Matching,
    all_facts: &[facts::ModelFacts],
    disagreements: &[facts::Disagreement],
    plan: &write::Plan,
    outcome: &ImportOutcome,
    mode: Mode,
) -> String {
    let at = |pos: tree::Pos| format!("{name}:{}:{}", pos.line, pos.col);
    let mut out = String::new();
    let verb = if mode == Mode::Check { "would be " } else { "" };
    let _ = writeln!(out, "import of {name}: {} of {} models matched", outcome.matched, outcome.models);
    let _ = writeln!(
        out,
        "{} facts in {} overlays: {} {verb}written, {} unchanged, {} {verb}removed, {} left alone",
        outcome.facts,
        all_facts.len() - plan.blocked.len(),
        outcome.written.len(),
        outcome.unchanged,
        outcome.removed.len(),
        plan.blocked.len()
    );
    let mut rules: Vec<(spec::Rule, usize)> = Vec::new();
    for m in &matching.matched {
        match rules.iter_mut().find(|(r, _)| *r == m.rule) {
            Some((_, n)) => *n += 1,
            None => rules.push((m.rule, 1)),
        }
    }
    rules.sort();
    let _ = writeln!(out, "\nmatched, by rule:");
    for (rule, n) in &rules {
        let _ = writeln!(out, "  {}: {n}", rule.describe());
    }
    let _ = writeln!(out, "\nmatched:");
    for m in &matching.matched {
        let model = &schema.models[m.model];
        let site = &sites[m.site];
        let facts = all_facts.iter().find(|f| f.model == m.model).map_or(0, facts::ModelFacts::count);
        let _ = writeln!(
            out,
            "  {}: {} ({}), {} facts: {}",
            model.name,
            site.pointer,
            m.rule.describe(),
            facts,
            at(site.pos)
        );
    }
    let _ = writeln!(out, "\nmodels not matched:");
    for (i, why) in &matching.unmatched {
        let _ = writeln!(out, "  {} ({}): {why}", schema.models[*i].name, kind(&schema.models[*i].kind));
    }
    let _ = writeln!(out, "\nspec schemas not matched:");
    for (j, site) in sites.iter().enumerate() {
        if site.component.is_some() && !matching.matched.iter().any(|m| m.site == j) {
            let _ = writeln!(out, "  {}: {}", at(site.pos), site.pointer);
        }
    }
    let _ = writeln!(out, "\nname matches whose fields disagree:");
    for (i, j, why) in &matching.name_mismatches {
        let _ = writeln!(out, "  {}: {}: {why}", at(sites[*j].pos), schema.models[*i].name);
    }
    let _ = writeln!(out, "\ndisagreements (spec vs docs):");
    for d in disagreements {
        let _ = writeln!(out, "  {}: {}: {}", at(d.pos), d.model, d.message);
    }
    if !plan.blocked.is_empty() {
        let _ = writeln!(out, "\nleft alone:");
        for (path, why) in &plan.blocked {
            let _ = writeln!(out, "  {path}: {why}");
        }
    }
    out
}

fn kind(k: &ModelKind) -> &'static str {
    match k {
        ModelKind::Struct(_) => "struct",
        ModelKind::Enum(_) => "enum",
        ModelKind::Union(_) => "union",
    }
}
