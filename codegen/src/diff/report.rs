//! The changes and their renderings: for people (grouped by audience, then model), for a
//! changelog (markdown) and for tools (JSON, field names documented in the README).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Published;

/// The semver bump a change calls for in the generated crate, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// The generated code changes, its API does not (docs, attributes, `validate()` verdicts).
    Patch,
    /// Something new, nothing broken (a new model; a field added to a `#[non_exhaustive]` type).
    Minor,
    /// Code using the crate may no longer compile.
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What changed. `code()` is the stable name tools see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    ModelAdded,
    ModelRemoved,
    ModelMoved,
    FileChanged,
    TitleChanged,
    RustTypeRenamed,
    KindChanged,
    Closed,
    Opened,
    PropertyAdded,
    PropertyRemoved,
    PropertyRenamed,
    MadeRequired,
    MadeOptional,
    NullAllowed,
    NullRefused,
    TypeWidened,
    TypeNarrowed,
    TypeChanged,
    ReferenceChanged,
    ValueAdded,
    ValueRemoved,
    VariantAdded,
    VariantRemoved,
    DiscriminatorChanged,
    TagChanged,
    Tightened,
    Loosened,
    PatternAdded,
    PatternRemoved,
    PatternChanged,
    FormatChanged,
    RustFieldType,
    RustNameChanged,
    NonExhaustiveChanged,
    DescriptionChanged,
    ExamplesChanged,
    DefaultChanged,
    DeprecatedChanged,
    AnnotationChanged,
    SchemaChanged,
}

impl ChangeKind {
    pub fn code(self) -> &'static str {
        use ChangeKind::*;
        match self {
            ModelAdded => "model_added",
            ModelRemoved => "model_removed",
            ModelMoved => "model_moved",
            FileChanged => "file_changed",
            TitleChanged => "title_changed",
            RustTypeRenamed => "rust_type_renamed",
            KindChanged => "kind_changed",
            Closed => "closed",
            Opened => "opened",
            PropertyAdded => "property_added",
            PropertyRemoved => "property_removed",
            PropertyRenamed => "property_renamed",
            MadeRequired => "made_required",
            MadeOptional => "made_optional",
            NullAllowed => "null_allowed",
            NullRefused => "null_refused",
            TypeWidened => "type_widened",
            TypeNarrowed => "type_narrowed",
            TypeChanged => "type_changed",
            ReferenceChanged => "reference_changed",
            ValueAdded => "enum_value_added",
            ValueRemoved => "enum_value_removed",
            VariantAdded => "variant_added",
            VariantRemoved => "variant_removed",
            DiscriminatorChanged => "discriminator_changed",
            TagChanged => "tag_changed",
            Tightened => "bound_tightened",
            Loosened => "bound_loosened",
            PatternAdded => "pattern_added",
            PatternRemoved => "pattern_removed",
            PatternChanged => "pattern_changed",
            FormatChanged => "format_changed",
            RustFieldType => "rust_field_type_changed",
            RustNameChanged => "rust_name_changed",
            NonExhaustiveChanged => "non_exhaustive_changed",
            DescriptionChanged => "description_changed",
            ExamplesChanged => "examples_changed",
            DefaultChanged => "default_changed",
            DeprecatedChanged => "deprecated_changed",
            AnnotationChanged => "annotation_changed",
            SchemaChanged => "schema_changed",
        }
    }

    /// The words a line for people starts with.
    fn words(self) -> String {
        self.code().replace('_', " ")
    }
}

/// One change: where (model, and field by wire name: `owners[]` an item, `metadata{}` a map's
/// value), what, the old and new values as text, and whom it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub model: String,
    pub field: Option<String>,
    pub kind: ChangeKind,
    /// The keyword concerned (`maxLength`, `required`, `format`...), where one is.
    pub keyword: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub readers: bool,
    pub writers: bool,
    pub rust: Bump,
    pub why: String,
}

impl Change {
    pub(super) fn new(model: &str, field: Option<&str>, kind: ChangeKind) -> Change {
        Change {
            model: model.to_owned(),
            field: field.map(str::to_owned),
            kind,
            keyword: None,
            old: None,
            new: None,
            readers: false,
            writers: false,
            rust: Bump::Patch,
            why: String::new(),
        }
    }

    pub(super) fn keyword(mut self, keyword: &str) -> Change {
        self.keyword = Some(keyword.to_owned());
        self
    }

    pub(super) fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }

    pub(super) fn breaks(mut self, readers: bool, writers: bool, rust: Bump) -> Change {
        self.readers = readers;
        self.writers = writers;
        self.rust = rust;
        self
    }

    pub(super) fn why(mut self, why: impl Into<String>) -> Change {
        self.why = why.into();
        self
    }

    /// Whether it breaks `audience`.
    pub fn breaks_audience(&self, audience: Audience) -> bool {
        match audience {
            Audience::Readers => self.readers,
            Audience::Writers => self.writers,
            Audience::Rust => self.rust == Bump::Major,
            Audience::NoOne => !self.readers && !self.writers && self.rust != Bump::Major,
        }
    }

    /// `shared.Account.displayName: bound tightened (maxLength): 64 -> 32`
    fn line(&self) -> String {
        format!("{}: {}", self.place(), self.what())
    }

    /// `shared.Account.displayName`
    fn place(&self) -> String {
        match &self.field {
            Some(f) => format!("{}.{f}", self.model),
            None => self.model.clone(),
        }
    }

    /// `bound tightened (maxLength): 64 -> 32`
    fn what(&self) -> String {
        let keyword = self.keyword.as_ref().map_or(String::new(), |k| format!(" ({k})"));
        let (old, new) = (self.old.as_deref().unwrap_or("(none)"), self.new.as_deref().unwrap_or("(none)"));
        format!("{}{keyword}: {old} -> {new}", self.kind.words())
    }

    fn json(&self) -> Value {
        let mut breaks = Vec::new();
        for (yes, who) in [(self.readers, "readers"), (self.writers, "writers"), (self.rust == Bump::Major, "rust")] {
            if yes {
                breaks.push(who);
            }
        }
        json!({
            "model": self.model,
            "field": self.field,
            "change": self.kind.code(),
            "keyword": self.keyword,
            "old": self.old,
            "new": self.new,
            "breaks": breaks,
            "semver": self.rust.as_str(),
            "why": self.why,
        })
    }
}

/// The changes that are the same change (kind, keyword, old and new values) made at several
/// places, most places first, then in the order of their first place.
fn same_changes<'a>(changes: &[&'a Change]) -> Vec<Vec<&'a Change>> {
    let mut groups: Vec<Vec<&Change>> = Vec::new();
    for &c in changes {
        let same = |g: &&mut Vec<&Change>| {
            let f = g[0];
            (f.kind, &f.keyword, &f.old, &f.new) == (c.kind, &c.keyword, &c.old, &c.new)
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(c),
            None => groups.push(vec![c]),
        }
    }
    // A stable sort: groups of one stay in the order of the changes.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    groups
}

/// The places of changes, a model's fields together: `shared.Account.{accountID, displayName}`.
fn places(changes: &[&Change]) -> Vec<String> {
    let mut by_model: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in changes {
        let fields = match by_model.iter_mut().find(|(m, _)| *m == c.model) {
            Some((_, fields)) => fields,
            None => {
                by_model.push((&c.model, Vec::new()));
                &mut by_model.last_mut().expect("just pushed").1
            }
        };
        fields.extend(c.field.as_deref());
    }
    by_model
        .into_iter()
        .map(|(model, fields)| match fields.as_slice() {
            [] => model.to_owned(),
            [field] => format!("{model}.{field}"),
            _ => format!("{model}.{{{}}}", fields.join(", ")),
        })
        .collect()
}

/// `items`, comma-separated, in lines of at most `width` characters after `indent`.
fn wrap(items: &[String], indent: &str, width: usize, out: &mut String) {
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() { format!("{item},") } else { item.clone() };
        if !line.is_empty() && line.len() + 1 + piece.len() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
}

/// How many models' places of one change the markdown lists inline; more are folded away.
const INLINE_PLACES: usize = 4;

/// How many changes of each kind, most first: `434 bound tightened, 137 format changed`.
fn by_kind(changes: &[&Change]) -> String {
    let mut counts: Vec<(ChangeKind, usize)> = Vec::new();
    for c in changes {
        match counts.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.kind, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code().cmp(b.0.code())));
    counts.iter().map(|(k, n)| format!("{n} {}", k.words())).collect::<Vec<_>>().join(", ")
}

/// Whom a change breaks, in the order reports group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Readers,
    Writers,
    Rust,
    NoOne,
}

impl Audience {
    pub const ALL: [Audience; 4] = [Audience::Readers, Audience::Writers, Audience::Rust, Audience::NoOne];

    fn heading(self) -> &'static str {
        match self {
            Audience::Readers => "breaks readers (reading data of the new schema with the old schema or types)",
            Audience::Writers => "breaks writers (sending data of the old schema or types to a consumer of the new)",
            Audience::Rust => "breaks Rust code using the crate (a major change)",
            Audience::NoOne => "breaks no one",
        }
    }

    fn markdown_heading(self) -> &'static str {
        match self {
            Audience::Readers => "Breaking for readers",
            Audience::Writers => "Breaking for writers",
            Audience::Rust => "Breaking for Rust code",
            Audience::NoOne => "Breaking no one",
        }
    }
}

/// What `--fail-on` fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A change that breaks any audience.
    Breaking,
    Readers,
    Writers,
    Rust,
    /// Any change at all.
    Any,
}

impl std::str::FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "breaking" => FailOn::Breaking,
            "readers" => FailOn::Readers,
            "writers" => FailOn::Writers,
            "rust" => FailOn::Rust,
            "any" => FailOn::Any,
            other => return Err(format!("`{other}`: expected breaking, readers, writers, rust or any")),
        })
    }
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "markdown" => Format::Markdown,
            other => return Err(format!("`{other}`: expected text, json or markdown")),
        })
    }
}

/// A comparison's changes, what they were made against, and the crate's version if known.
#[derive(Debug, Clone)]
pub struct DiffReport {
    pub against: String,
    pub models_old: usize,
    pub models_new: usize,
    pub changes: Vec<Change>,
    /// The generated crate's version, where its `Cargo.toml` was given.
    pub version: Option<String>,
    /// The old side is a folder of JSON Schema: what its Rust types were is inferred from it.
    pub old_rust_inferred: bool,
}

/// What a report says when the old side's Rust facts are inferred from JSON.
const INFERRED: &str = "the old Rust types are inferred from JSON: `Option<Option<T>>`, `#[non_exhaustive]`, Rust names and types a field's `format` hides are not seen";

impl DiffReport {
    pub fn new(
        against: String,
        old: &Published,
        new: &Published,
        changes: Vec<Change>,
        version: Option<String>,
    ) -> Self {
        let old_rust_inferred = old.models.values().any(|m| m.rust.is_none());
        DiffReport {
            against,
            models_old: old.models.len(),
            models_new: new.models.len(),
            changes,
            version,
            old_rust_inferred,
        }
    }

    /// The largest bump a change calls for; `None` when nothing changed.
    pub fn bump(&self) -> Option<Bump> {
        self.changes.iter().map(|c| c.rust).max()
    }

    /// Whether a change meets `level`.
    pub fn fails(&self, level: FailOn) -> bool {
        self.changes.iter().any(|c| match level {
            FailOn::Breaking => !c.breaks_audience(Audience::NoOne),
            FailOn::Readers => c.readers,
            FailOn::Writers => c.writers,
            FailOn::Rust => c.rust == Bump::Major,
            FailOn::Any => true,
        })
    }

    fn count(&self, audience: Audience) -> usize {
        self.changes.iter().filter(|c| c.breaks_audience(audience)).count()
    }

    /// The next version, as cargo's semver reads versions: before 1.0.0 a breaking change bumps
    /// the minor (0.y.z -> 0.(y+1).0; 0.0.z -> 0.0.(z+1)) and anything else the patch.
    pub fn next_version(&self) -> Option<String> {
        let bump = self.bump()?;
        let version = self.version.as_deref()?;
        let core = version.split(['-', '+']).next()?;
        let parts: Vec<u64> = core.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
        let [major, minor, patch] = parts[..] else { return None };
        Some(match (major, minor, bump) {
            (0, 0, _) => format!("0.0.{}", patch + 1),
            (0, _, Bump::Major) => format!("0.{}.0", minor + 1),
            (0, _, _) => format!("0.{minor}.{}", patch + 1),
            (_, _, Bump::Major) => format!("{}.0.0", major + 1),
            (_, _, Bump::Minor) => format!("{major}.{}.0", minor + 1),
            (_, _, Bump::Patch) => format!("{major}.{minor}.{}", patch + 1),
        })
    }

    fn semver_text(&self) -> String {
        let Some(bump) = self.bump() else { return "none (nothing changed)".to_owned() };
        let mut text = bump.as_str().to_owned();
        match (self.version.as_deref(), self.next_version()) {
            (Some(v), Some(next)) if v.starts_with("0.") && bump == Bump::Major => {
                let _ = write!(text, " ({v} -> {next}: before 1.0 a breaking change bumps the minor)");
            }
            (Some(v), Some(next)) => {
                let _ = write!(text, " ({v} -> {next})");
            }
            _ if bump == Bump::Major => text.push_str(" (for a 0.x crate, bump the minor: 0.y.z -> 0.(y+1).0)"),
            _ => {}
        }
        text
    }

    fn summary(&self) -> String {
        let models = {
            let mut names: Vec<&str> = self.changes.iter().map(|c| c.model.as_str()).collect();
            names.dedup();
            names.len()
        };
        format!(
            "{} changes in {models} models: {} break readers, {} break writers, {} break Rust code, {} break no one; semver: {}",
            self.changes.len(),
            self.count(Audience::Readers),
            self.count(Audience::Writers),
            self.count(Audience::Rust),
            self.count(Audience::NoOne),
            self.semver_text()
        )
    }

    /// For people: the audiences in turn, each change under the model it is of, one line each;
    /// then the summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "schema changes since {} ({} models then, {} now{})",
            self.against,
            self.models_old,
            self.models_new,
            if self.old_rust_inferred { format!("; {INFERRED}") } else { String::new() }
        );
        for audience in Audience::ALL {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.breaks_audience(audience)).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}: {} ({})", audience.heading(), changes.len(), by_kind(&changes));
            for group in same_changes(&changes) {
                match group.as_slice() {
                    [c] => {
                        let _ = writeln!(out, "  {}", c.line());
                    }
                    [first, ..] => {
                        // The change once, then every place it is made, wrapped.
                        let _ = writeln!(out, "  {}, at {} places:", first.what(), group.len());
                        wrap(&places(&group), "    ", 100, &mut out);
                    }
                    [] => {}
                }
            }
        }
        let _ = writeln!(out, "\n{}", self.summary());
        out
    }

    /// A section a changelog can take.
    pub fn markdown(&self) -> String {
        format!("### Schema changes since `{}`\n\n{}", self.against, self.markdown_sections(4))
    }

    /// The markdown section's text under its title: the semver line, then the audiences in
    /// turn under headings of `level` (`3`: `###`), each change once with its places (a
    /// model's fields together), then the summary line. The docs index takes it as its
    /// changes since the previous version.
    pub fn markdown_sections(&self, level: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Semver: **{}**.", self.semver_text());
        if self.old_rust_inferred {
            let _ = writeln!(out, "\nThe earlier version's index has no Rust facts, so {INFERRED}.");
        }
        let code = |s: &str| format!("`{}`", s.replace('`', "'"));
        let hashes = "#".repeat(level);
        for audience in Audience::ALL {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.breaks_audience(audience)).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{hashes} {} ({})\n", audience.markdown_heading(), changes.len());
            for group in same_changes(&changes) {
                let c = group[0];
                let keyword = c.keyword.as_ref().map_or(String::new(), |k| format!(" ({})", code(k)));
                let values = match (&c.old, &c.new) {
                    (Some(o), Some(n)) => format!(": {} → {}", code(o), code(n)),
                    (Some(o), None) => format!(": was {}", code(o)),
                    (None, Some(n)) => format!(": {}", code(n)),
                    (None, None) => String::new(),
                };
                let what = format!("{}{keyword}{values}", c.kind.words());
                if let [c] = group.as_slice() {
                    let at = match &c.field {
                        Some(f) => format!("{} {}", code(&c.model), code(f)),
                        None => code(&c.model),
                    };
                    let _ = writeln!(out, "- {at}: {what}");
                } else {
                    // The change once, then every place it is made: a few inline, more folded
                    // away (GitHub renders `<details>` closed) and wrapped.
                    let places: Vec<String> = places(&group).iter().map(|p| code(p)).collect();
                    if places.len() <= INLINE_PLACES {
                        let _ = writeln!(out, "- {what}, at {} places: {}", group.len(), places.join(", "));
                    } else {
                        let _ = writeln!(out, "- {what}, at {} places in {} models:", group.len(), places.len());
                        out.push_str("  <details><summary>where</summary>\n\n");
                        wrap(&places, "  ", 100, &mut out);
                        out.push_str("\n  </details>\n");
                    }
                }
            }
        }
        let _ = writeln!(out, "\n{}", self.summary());
        out
    }

    /// For tools; the README documents each field.
    pub fn json(&self) -> String {
        let value = json!({
            "against": self.against,
            "models": { "old": self.models_old, "new": self.models_new },
            "old_rust_inferred": self.old_rust_inferred.then_some(INFERRED),
            "summary": {
                "changes": self.changes.len(),
                "readers": self.count(Audience::Readers),
                "writers": self.count(Audience::Writers),
                "rust": self.count(Audience::Rust),
                "no_one": self.count(Audience::NoOne),
                "semver": self.bump().map(Bump::as_str),
                "version": self.version,
                "next_version": self.next_version(),
            },
            "changes": self.changes.iter().map(Change::json).collect::<Vec<_>>(),
        });
        let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialize");
        text.push('\n');
        text
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Json => self.json(),
            Format::Markdown => self.markdown(),
        }
    }
}
