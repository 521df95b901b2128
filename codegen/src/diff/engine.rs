//! The comparison: two [`Published`] sets, model by model (matched by the index's name) and
//! field by field (matched by wire name), each difference classified by who it breaks.
//!
//! It knows the published JSON only: the shapes the JSON Schema emitter writes (objects with
//! `properties`, `required` and `additionalProperties: false`; enums as a one-armed `anyOf` of
//! listed strings; unions as `anyOf`, or `oneOf` with a discriminator `const`; `$ref`s through
//! `$defs` stubs to other files; `null` in `type` or as an `anyOf` arm). What it does not know
//! (a keyword it was not taught, a composite schema of a foreign type) it reports as a change
//! that breaks both readers and writers, never as none.
//!
//! The audiences, as the README's table has them:
//! - readers break iff some instance valid under the new schema is invalid under the old;
//! - writers break iff some instance valid under the old schema is invalid under the new;
//!
//! where a property that only one version lists holds, when present, a value the version that
//! lists it accepts: a producer sends no property its schema does not list with a value that
//! contradicts the other version's (so a new optional property of an open struct breaks no one,
//! while a struct closed with `additionalProperties: false` breaks writers).
//! - Rust code breaks where the derived Rust type's API breaks (a field or variant added or
//!   removed, a field's type changed, a type renamed or moved): a major change.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::report::{Bump, Change, ChangeKind as K};
use super::{Published, PublishedModel};
use crate::emit::rust::formats::ASSERTED;

/// Every change from `old` to `new`, sorted by model, in the order each model's parts were
/// compared.
pub fn compare(old: &Published, new: &Published) -> Vec<Change> {
    let (old_files, new_files) = (files(old), files(new));
    let removed: Vec<&PublishedModel> = old.models.values().filter(|m| !new.models.contains_key(&m.name)).collect();
    let added: Vec<&PublishedModel> = new.models.values().filter(|m| !old.models.contains_key(&m.name)).collect();
    // A model gone from one namespace and one of the same Rust name and kind new in another:
    // moved (each matched once, only where the match is unique both ways).
    let type_name = |m: &PublishedModel| m.rust_path.rsplit("::").next().unwrap_or_default().to_owned();
    let mut moves: HashMap<String, String> = HashMap::new();
    for o in &removed {
        let candidates: Vec<&&PublishedModel> =
            added.iter().filter(|n| type_name(n) == type_name(o) && n.kind == o.kind).collect();
        let rivals = removed.iter().filter(|r| type_name(r) == type_name(o) && r.kind == o.kind).count();
        if let ([n], 1) = (candidates.as_slice(), rivals) {
            moves.insert(o.name.clone(), n.name.clone());
        }
    }
    let mut out = Vec::new();
    for o in old.models.values() {
        let pair = new.models.get(&o.name).or_else(|| moves.get(&o.name).map(|n| &new.models[n]));
        match pair {
            // The same file, the same Rust type: nothing of its own changed (a change to a model
            // it refers to shows in its file, as a `$defs` name or a relative `$ref`).
            Some(n) if unchanged(o, n) => {}
            Some(n) => {
                let mut cx =
                    Cx { old, new, o, n, old_files: &old_files, new_files: &new_files, moves: &moves, out: &mut out };
                cx.model();
            }
            None => out.push(
                Change::new(&o.name, None, K::ModelRemoved)
                    .values(Some(format!("{} ({})", o.file, o.kind)), None)
                    .breaks(false, true, Bump::Major)
                    .why("old writers may send it where the new version has no schema for it (its `$id` resolves no more); new writers send none, so readers are not broken; its Rust type is gone"),
            ),
        }
    }
    for n in added.iter().filter(|n| !moves.values().any(|m| *m == n.name)) {
        out.push(
            Change::new(&n.name, None, K::ModelAdded)
                .values(None, Some(format!("{} ({})", n.file, n.kind)))
                .breaks(false, false, Bump::Minor)
                .why("a new schema and Rust type; nothing refers to it that did not before"),
        );
    }
    out.sort_by(|a, b| a.model.cmp(&b.model));
    out
}

fn unchanged(o: &PublishedModel, n: &PublishedModel) -> bool {
    o.name == n.name
        && o.title == n.title
        && o.kind == n.kind
        && o.file == n.file
        && o.rust_path == n.rust_path
        && o.rust.is_some()
        && o.rust == n.rust
        && o.schema == n.schema
}

/// Each model's name by its file, to resolve `$ref`s.
fn files(set: &Published) -> HashMap<&str, &str> {
    set.models.values().map(|m| (m.file.as_str(), m.name.as_str())).collect()
}

/// Keywords that say nothing of which instances are valid.
const ANNOTATIONS: &[&str] = &[
    "description",
    "examples",
    "default",
    "deprecated",
    "title",
    "$comment",
    "contentEncoding",
    "readOnly",
    "writeOnly",
];
/// Lower and upper bounds: a larger lower bound or a smaller upper one accepts less.
const LOWER: &[&str] = &["minLength", "minItems", "minimum"];
const UPPER: &[&str] = &["maxLength", "maxItems", "maximum"];

/// One pair of models being compared.
struct Cx<'a> {
    old: &'a Published,
    new: &'a Published,
    o: &'a PublishedModel,
    n: &'a PublishedModel,
    old_files: &'a HashMap<&'a str, &'a str>,
    new_files: &'a HashMap<&'a str, &'a str>,
    moves: &'a HashMap<String, String>,
    out: &'a mut Vec<Change>,
}

/// A union's arm as published.
struct Arm<'a> {
    /// The Rust variant, where the side's facts know it.
    rust: Option<&'a super::RustVariant>,
    /// The discriminator's property and this arm's tag.
    tag: Option<(String, Value)>,
    /// The schema the variant holds.
    body: Value,
    /// What identifies the schema held: the model a `$ref` names, else the schema's JSON.
    key: String,
    /// The arm as a report shows it.
    shown: String,
    /// What names the variant at its changes: its Rust name, else its tag, else its position.
    label: String,
}

/// A rule by which an old arm and a new one are the same variant.
type SameVariant = dyn Fn(&Arm, &Arm) -> bool;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// A schema as the comparison sees it: what kind of value it allows, whether `null` too, and
/// where its keywords are (an `anyOf` of a schema and `null` has them on both levels).
struct Node<'a> {
    base: Base,
    null: bool,
    outer: Option<&'a Map<String, Value>>,
    inner: Option<&'a Map<String, Value>>,
    raw: &'a Value,
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Base {
    /// Any value (`true`, or no `type`).
    Any,
    /// JSON types, `null` left out.
    Types(BTreeSet<String>),
    /// A model, by name.
    Ref(String),
    /// Something else (`false`, a composite of a foreign type): compared as JSON.
    Other,
}

impl Node<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.outer.and_then(|m| m.get(key)).or_else(|| self.inner.and_then(|m| m.get(key)))
    }
}

fn is_null_arm(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1 && m.get("type") == Some(&Value::from("null")))
}

fn show(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    const MAX: usize = 80;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 3).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn path(field: &str, step: &str) -> String {
    format!("{field}{step}")
}

impl<'a> Cx<'a> {
    fn set(&self, side: Side) -> &'a Published {
        if side == Side::Old { self.old } else { self.new }
    }

    fn this(&self, side: Side) -> &'a PublishedModel {
        if side == Side::Old { self.o } else { self.n }
    }

    /// Whether the OLD type is `#[non_exhaustive]`: what users could write against it decides
    /// whether a field or variant added breaks them. Unknown (the old side a folder of JSON
    /// Schema): taken as not, so an addition is a major change.
    fn old_non_exhaustive(&self) -> bool {
        self.o.rust.as_ref().is_some_and(|r| r.non_exhaustive)
    }

    fn push(&mut self, change: Change) {
        self.out.push(change);
    }

    fn change(&self, field: Option<&str>, kind: K) -> Change {
        Change::new(&self.n.name, field, kind)
    }

    /// The model a `$ref` of this model's file names (an old name as the model is named now,
    /// if it moved), or the reference as written if it leads nowhere known.
    fn resolve(&self, side: Side, reference: &str) -> String {
        let model = self.this(side);
        let files = if side == Side::Old { self.old_files } else { self.new_files };
        let target = if reference == "#" {
            Some(model.name.clone())
        } else {
            let file = match reference.strip_prefix("#/$defs/") {
                Some(key) => model.schema.get("$defs").and_then(|d| d.get(key)).and_then(|d| d.get("$ref")),
                None => None,
            };
            let relative = file.and_then(Value::as_str).unwrap_or(reference);
            let dir = model.file.rsplit_once('/').map_or("", |(d, _)| d);
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for part in relative.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    p => parts.push(p),
                }
            }
            files.get(parts.join("/").as_str()).map(|n| (*n).to_owned())
        };
        let target = target.unwrap_or_else(|| reference.to_owned());
        match side {
            Side::Old => self.moves.get(&target).cloned().unwrap_or(target),
            Side::New => target,
        }
    }

    fn node<'v>(&self, side: Side, v: &'v Value) -> Node<'v> {
        let Value::Object(outer) = v else {
            let base = if v == &Value::Bool(true) { Base::Any } else { Base::Other };
            return Node { base, null: v == &Value::Bool(true), outer: None, inner: None, raw: v };
        };
        if let Some(Value::Array(arms)) = outer.get("anyOf")
            && arms.len() == 2
            && let Some(i) = arms.iter().position(is_null_arm)
        {
            let inner = &arms[1 - i];
            let mut node = self.node(side, inner);
            node.null = true;
            node.inner = inner.as_object();
            node.outer = Some(outer);
            node.raw = v;
            return node;
        }
        let (base, null) = if let Some(r) = outer.get("$ref").and_then(Value::as_str) {
            (Base::Ref(self.resolve(side, r)), false)
        } else if let Some(t) = outer.get("type") {
            let names: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let null = names.contains(&"null");
            let types: BTreeSet<String> = names.into_iter().filter(|t| *t != "null").map(str::to_owned).collect();
            (Base::Types(types), null)
        } else if ["anyOf", "oneOf", "allOf", "not", "if", "const"].iter().any(|k| outer.contains_key(*k)) {
            (Base::Other, false)
        } else {
            (Base::Any, true)
        };
        let null = null || outer.get("enum").and_then(Value::as_array).is_some_and(|e| e.contains(&Value::Null));
        Node { base, null, outer: Some(outer), inner: None, raw: v }
    }

    fn describe_base(&self, base: &Base, null: bool, raw: &Value) -> String {
        let mut text = match base {
            Base::Any => return "any".to_owned(),
            Base::Types(t) => t.iter().cloned().collect::<Vec<_>>().join("|"),
            Base::Ref(name) => name.clone(),
            Base::Other => show(raw),
        };
        if null {
            text.push_str("|null");
        }
        text
    }

    /// The whole model: who it is, then its kind's parts, then the keywords of its root.
    fn model(&mut self) {
        let (o, n) = (self.o, self.n);
        if o.name != n.name {
            let c = self
                .change(None, K::ModelMoved)
                .values(Some(o.name.clone()), Some(n.name.clone()))
                .breaks(false, false, Bump::Major)
                .why("another namespace: another Rust module, file and `$id`; the same JSON");
            self.push(c);
        } else if o.file != n.file {
            let c = self
                .change(None, K::FileChanged)
                .values(Some(o.file.clone()), Some(n.file.clone()))
                .breaks(false, false, Bump::Patch)
                .why("its file and `$id` change: references to the old `$id` must follow; the same JSON");
            self.push(c);
        }
        if o.rust_path != n.rust_path && o.name == n.name {
            let c = self
                .change(None, K::RustTypeRenamed)
                .values(Some(o.rust_path.clone()), Some(n.rust_path.clone()))
                .breaks(false, false, Bump::Major)
                .why("code naming the Rust type by its old name no longer compiles");
            self.push(c);
        }
        if o.title != n.title {
            let c = self
                .change(None, K::TitleChanged)
                .values(Some(o.title.clone()), Some(n.title.clone()))
                .breaks(false, false, Bump::Patch)
                .why("the schema's title and the bundle's `$defs` key change; the JSON it accepts does not");
            self.push(c);
        }
        if o.kind != n.kind {
            let c = self
                .change(None, K::KindChanged)
                .values(Some(o.kind.clone()), Some(n.kind.clone()))
                .breaks(true, true, Bump::Major)
                .why("another kind of value on the wire and another kind of Rust type");
            self.push(c);
            return;
        }
        if let (Some(a), Some(b)) = (&o.rust, &n.rust)
            && a.non_exhaustive != b.non_exhaustive
        {
            let (bump, why) = if b.non_exhaustive {
                (Bump::Major, "struct literals and exhaustive matches of the type no longer compile")
            } else {
                (Bump::Minor, "users may now build the type with a literal and match it exhaustively")
            };
            let c = self
                .change(None, K::NonExhaustiveChanged)
                .keyword("#[non_exhaustive]")
                .values(Some(a.non_exhaustive.to_string()), Some(b.non_exhaustive.to_string()))
                .breaks(false, false, bump)
                .why(why);
            self.push(c);
        }
        let mut handled: Vec<&str> = vec!["$schema", "$id", "$comment", "title", "$defs"];
        match n.kind.as_str() {
            "struct" => {
                self.object(&o.schema, &n.schema);
                handled.extend(["type", "properties", "required", "additionalProperties"]);
            }
            "enum" => {
                let values = |m: &PublishedModel| -> Vec<Value> {
                    let arms = m.schema.get("anyOf").and_then(Value::as_array);
                    arms.into_iter()
                        .flatten()
                        .filter_map(|a| a.get("enum"))
                        .filter_map(Value::as_array)
                        .flatten()
                        .cloned()
                        .collect()
                };
                self.values(None, &values(o), &values(n), true);
                handled.push("anyOf");
            }
            _ => {
                self.union();
                handled.extend(["anyOf", "oneOf"]);
            }
        }
        self.rest(None, o.schema.as_object(), n.schema.as_object(), &handled);
    }

    /// A struct's properties, `required` and closedness.
    fn object(&mut self, old: &Value, new: &Value) {
        fn props(v: &Value) -> Option<&Map<String, Value>> {
            v.get("properties").and_then(Value::as_object)
        }
        let required = |v: &Value| -> BTreeSet<String> {
            let list = v.get("required").and_then(Value::as_array);
            list.into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        let closed = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
        let empty = Map::new();
        let (po, pn) = (props(old).unwrap_or(&empty), props(new).unwrap_or(&empty));
        let (ro, rn) = (required(old), required(new));
        let (co, cn) = (closed(old), closed(new));
        if co != cn {
            let (kind, readers, writers, why) = if cn {
                (
                    K::Closed,
                    false,
                    true,
                    "an object with a property the struct does not list is now refused (and the Rust type refuses unknown fields)",
                )
            } else {
                (
                    K::Opened,
                    true,
                    false,
                    "an object with a property the struct does not list is now valid; the old schema refuses it",
                )
            };
            let c = self
                .change(None, kind)
                .keyword("additionalProperties")
                .values(Some(if co { "false" } else { "any" }.into()), Some(if cn { "false" } else { "any" }.into()))
                .breaks(readers, writers, Bump::Patch)
                .why(why);
            self.push(c);
        }
        let names: BTreeSet<&String> = po.keys().chain(pn.keys()).collect();
        let non_exhaustive = self.old_non_exhaustive();
        let added_bump = if non_exhaustive { Bump::Minor } else { Bump::Major };
        let renames = self.renames(po, pn);
        for name in names {
            if renames.iter().any(|(gone, added, _)| gone == name || added == name) {
                continue;
            }
            let presence = |required: bool| if required { "required" } else { "optional" };
            match (po.get(name), pn.get(name)) {
                (None, Some(schema)) => {
                    let required = rn.contains(name);
                    let node = self.node(Side::New, schema);
                    let text = format!("{} {}", presence(required), self.describe_base(&node.base, node.null, schema));
                    let why = match (co, required) {
                        (true, true) => {
                            "the old closed struct refuses it; old writers leave it out; a new public field"
                        }
                        (true, false) => "the old closed struct refuses it; a new public field",
                        (false, true) => "old writers leave it out; a new public field",
                        (false, false) => "old readers ignore it, old writers do not send it; a new public field",
                    };
                    let c = self
                        .change(Some(name), K::PropertyAdded)
                        .values(None, Some(text))
                        .breaks(co, required, added_bump)
                        .why(why);
                    self.push(c);
                }
                (Some(schema), None) => {
                    let required = ro.contains(name);
                    let node = self.node(Side::Old, schema);
                    let text = format!("{} {}", presence(required), self.describe_base(&node.base, node.null, schema));
                    let why = match (required, cn) {
                        (true, true) => {
                            "old readers require it and new writers leave it out; the new closed struct refuses it; a Rust field gone"
                        }
                        (true, false) => "old readers require it and new writers leave it out; a Rust field gone",
                        (false, true) => "the new closed struct refuses it from old writers; a Rust field gone",
                        (false, false) => "the open struct takes it, and old readers do without it; a Rust field gone",
                    };
                    let c = self
                        .change(Some(name), K::PropertyRemoved)
                        .values(Some(text), None)
                        .breaks(required, cn, Bump::Major)
                        .why(why);
                    self.push(c);
                }
                (Some(old), Some(new)) => {
                    let (req_old, req_new) = (ro.contains(name), rn.contains(name));
                    if req_old != req_new {
                        let (kind, why) = if req_new {
                            (K::MadeRequired, "old writers may leave it out; the new schema requires it")
                        } else {
                            (K::MadeOptional, "new writers may leave it out; old readers require it")
                        };
                        let c = self
                            .change(Some(name), kind)
                            .keyword("required")
                            .values(Some(presence(req_old).into()), Some(presence(req_new).into()))
                            .breaks(!req_new, req_new, Bump::Patch)
                            .why(why);
                        self.push(c);
                    }
                    self.node_pair(name, old, new);
                    self.rust_field_pair(name, name, old, new, (req_old, req_new));
                    let rust_name = |m: &PublishedModel| Some(m.rust.as_ref()?.field(name)?.name.clone());
                    if let (Some(a), Some(b)) = (rust_name(self.o), rust_name(self.n)) {
                        self.rust_renamed(Some(name), a, b, "field");
                    }
                }
                (None, None) => {}
            }
        }
        for (gone, added, same_rust) in renames {
            let (readers, writers) = (ro.contains(&gone) || co, rn.contains(&added) || cn);
            let why = match (readers, writers) {
                (false, false) => {
                    "the open structs take either name, so nothing is refused; but a value sent under one name is not read under the other"
                }
                _ => {
                    "old readers require the old name or refuse the new; the new schema requires the new name or refuses the old"
                }
            };
            let why = if same_rust {
                format!("{why}; the Rust field keeps its name")
            } else {
                format!("{why}; a Rust field renamed")
            };
            let c = self
                .change(Some(&added), K::PropertyRenamed)
                .values(Some(gone.clone()), Some(added.clone()))
                .breaks(readers, writers, if same_rust { Bump::Patch } else { Bump::Major })
                .why(why);
            self.push(c);
            self.node_pair(&added, &po[&gone], &pn[&added]);
            if same_rust {
                self.rust_field_pair(&gone, &added, &po[&gone], &pn[&added], (ro.contains(&gone), rn.contains(&added)));
            }
        }
    }

    /// Properties gone and added that are one field renamed on the wire: the same Rust field
    /// where both sides know their Rust names, else the same Rust name (one side's inferred from
    /// its wire name) or names equal but for case and punctuation (`transactionID`,
    /// `transaction_id`); each matched once, only where the match is unique. `true`: the Rust
    /// field keeps its name.
    fn renames(&self, po: &Map<String, Value>, pn: &Map<String, Value>) -> Vec<(String, String, bool)> {
        // Without facts (a folder), a field's Rust name is inferred from its wire name as the
        // emitter would name it: `transactionID` and `transactionId` are both `transaction_id`.
        let rust_name = |m: &PublishedModel, wire: &str| match &m.rust {
            Some(r) => r.field(wire).map(|f| f.name.clone()),
            None => Some(crate::naming::rust_field_name(wire)),
        };
        let loose = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let gone: Vec<&String> = po.keys().filter(|k| !pn.contains_key(*k)).collect();
        let added: Vec<&String> = pn.keys().filter(|k| !po.contains_key(*k)).collect();
        let same = |g: &str, a: &str| match (rust_name(self.o, g), rust_name(self.n, a)) {
            (Some(x), Some(y)) => Some(x == y),
            _ => None,
        };
        let both_known = self.o.rust.is_some() && self.n.rust.is_some();
        let pairs = |g: &str, a: &str| match same(g, a) {
            Some(same) if both_known => same,
            same => same == Some(true) || loose(g) == loose(a),
        };
        let mut out: Vec<(String, String, bool)> = Vec::new();
        for g in &gone {
            let matches: Vec<&&String> = added.iter().filter(|a| pairs(g, a)).collect();
            let rivals = gone.iter().filter(|other| matches.iter().any(|a| pairs(other, a))).count();
            if let ([a], 1) = (matches.as_slice(), rivals) {
                out.push(((*g).clone(), (**a).clone(), same(g, a) == Some(true)));
            }
        }
        out
    }

    /// A Rust field or variant renamed while what it stands for on the wire is kept.
    fn rust_renamed(&mut self, field: Option<&str>, old: String, new: String, what: &str) {
        if old != new {
            let c = self
                .change(field, K::RustNameChanged)
                .values(Some(old), Some(new))
                .breaks(false, false, Bump::Major)
                .why(format!("the same JSON; code naming the Rust {what} by its old name no longer compiles"));
            self.push(c);
        }
    }

    /// The Rust types of a field before and after, compared: as the Rust emitter writes them
    /// where both sides know (definitions), else as guessed from JSON on both sides.
    fn rust_field_pair(&mut self, old_wire: &str, new_wire: &str, old: &Value, new: &Value, required: (bool, bool)) {
        let known = |m: &PublishedModel, wire: &str| Some(m.rust.as_ref()?.field(wire)?.ty.clone());
        let (to, tn) = match (known(self.o, old_wire), known(self.n, new_wire)) {
            (Some(to), Some(tn)) => (to, tn),
            _ => (
                self.rust_field(Side::Old, old_wire, old, required.0),
                self.rust_field(Side::New, new_wire, new, required.1),
            ),
        };
        if to != tn {
            let c = self
                .change(Some(new_wire), K::RustFieldType)
                .values(Some(to), Some(tn))
                .breaks(false, false, Bump::Major)
                .why("the Rust field's type changes: code that reads or sets it no longer compiles");
            self.push(c);
        }
    }

    /// Values added to or taken from a list (an enum's, or an `enum` keyword's).
    fn values(&mut self, field: Option<&str>, old: &[Value], new: &[Value], rust_variants: bool) {
        let non_exhaustive = self.old_non_exhaustive();
        let (added_bump, removed_bump) = match (rust_variants, non_exhaustive) {
            (false, _) => (Bump::Patch, Bump::Patch),
            (true, false) => (Bump::Major, Bump::Major),
            (true, true) => (Bump::Minor, Bump::Major),
        };
        for v in new.iter().filter(|v| !v.is_null() && !old.contains(v)) {
            let why = if rust_variants {
                "old readers refuse the value; a new Rust variant breaks exhaustive matches"
            } else {
                "old readers refuse the value"
            };
            let c = self
                .change(field, K::ValueAdded)
                .keyword("enum")
                .values(None, Some(show(v)))
                .breaks(true, false, added_bump)
                .why(why);
            self.push(c);
        }
        if rust_variants {
            let variant = |m: &PublishedModel, v: &Value| {
                let facts = m.rust.as_ref()?;
                Some(facts.variants.iter().find(|r| r.value.as_deref() == v.as_str())?.name.clone())
            };
            for v in new.iter().filter(|v| old.contains(v)) {
                if let (Some(a), Some(b)) = (variant(self.o, v), variant(self.n, v)) {
                    self.rust_renamed(Some(&show(v)), a, b, "variant");
                }
            }
        }
        for v in old.iter().filter(|v| !v.is_null() && !new.contains(v)) {
            let why = if rust_variants {
                "old writers may send the value; the new schema refuses it; a Rust variant gone"
            } else {
                "old writers may send the value; the new schema refuses it"
            };
            let c = self
                .change(field, K::ValueRemoved)
                .keyword("enum")
                .values(Some(show(v)), None)
                .breaks(false, true, removed_bump)
                .why(why);
            self.push(c);
        }
    }

    /// A union's variants, tags and discriminator. Variants are matched by their Rust name where
    /// both sides know it, then by tag, then by the schema they hold (a `$ref` by the model it
    /// names), then, where a side's Rust names are unknown, by position; matched variants'
    /// schemas are compared as fields' are (at `(Name)`), and their Rust names and types.
    fn union(&mut self) {
        let ((ao, dold), (an, dnew)) = (self.arms(Side::Old), self.arms(Side::New));
        if dold != dnew {
            let (readers, writers, why) = match (&dold, &dnew) {
                (None, Some(_)) => (false, true, "a value without the tag (or of two variants) is now refused"),
                (Some(_), None) => (true, false, "a value without the tag is now valid; the old schema refuses it"),
                _ => (true, true, "the tag is read from another property"),
            };
            let c = self
                .change(None, K::DiscriminatorChanged)
                .keyword("discriminator")
                .values(dold.clone(), dnew.clone())
                .breaks(readers, writers, Bump::Patch)
                .why(why);
            self.push(c);
        }
        let (mut old_of, mut matched_old) = (vec![None; an.len()], vec![false; ao.len()]);
        let names_known = ao.iter().chain(&an).all(|a| a.rust.is_some());
        let rules: [&SameVariant; 3] = [
            &|o, n| o.rust.is_some() && o.rust.as_ref().map(|r| &r.name) == n.rust.as_ref().map(|r| &r.name),
            &|o, n| o.tag.is_some() && o.tag == n.tag,
            &|o, n| o.key == n.key,
        ];
        for rule in rules {
            for (j, n) in an.iter().enumerate() {
                if old_of[j].is_none()
                    && let Some(i) = (0..ao.len()).find(|&i| !matched_old[i] && rule(&ao[i], n))
                {
                    old_of[j] = Some(i);
                    matched_old[i] = true;
                }
            }
        }
        if !names_known {
            let left: Vec<usize> = (0..ao.len()).filter(|&i| !matched_old[i]).collect();
            let mut left = left.into_iter();
            for slot in old_of.iter_mut().filter(|s| s.is_none()) {
                let Some(i) = left.next() else { break };
                *slot = Some(i);
                matched_old[i] = true;
            }
        }
        let non_exhaustive = self.old_non_exhaustive();
        for (a, _) in an.iter().zip(&old_of).filter(|(_, o)| o.is_none()) {
            let c = self
                .change(None, K::VariantAdded)
                .values(None, Some(a.shown.clone()))
                .breaks(true, false, if non_exhaustive { Bump::Minor } else { Bump::Major })
                .why("old readers refuse a value of the new variant; a new Rust variant breaks exhaustive matches");
            self.push(c);
        }
        for (a, _) in ao.iter().zip(&matched_old).filter(|(_, m)| !**m) {
            let c = self
                .change(None, K::VariantRemoved)
                .values(Some(a.shown.clone()), None)
                .breaks(false, true, Bump::Major)
                .why("old writers may send a value of the variant; the new schema refuses it; a Rust variant gone");
            self.push(c);
        }
        for (a, o) in an.iter().zip(&old_of).filter_map(|(a, o)| Some((a, &ao[(*o)?]))) {
            let label = format!("({})", a.label);
            let (to, tn) = (o.tag.as_ref().map(|t| &t.1), a.tag.as_ref().map(|t| &t.1));
            if to != tn && to.is_some() && tn.is_some() {
                let c = self
                    .change(Some(&label), K::TagChanged)
                    .keyword("const")
                    .values(to.map(show), tn.map(show))
                    .breaks(true, true, Bump::Patch)
                    .why(format!("the variant `{}` is written with another tag", a.label));
                self.push(c);
            }
            self.node_pair(&label, &o.body, &a.body);
            if let (Some(ro), Some(rn)) = (&o.rust, &a.rust) {
                self.rust_renamed(Some(&label), ro.name.clone(), rn.name.clone(), "variant");
                if ro.ty != rn.ty {
                    let c = self
                        .change(Some(&label), K::RustFieldType)
                        .values(ro.ty.clone(), rn.ty.clone())
                        .breaks(false, false, Bump::Major)
                        .why("the type the Rust variant holds changes: code that builds or matches it no longer compiles");
                    self.push(c);
                }
            }
        }
    }

    /// A union's published arms, in order, and the property its tags are in.
    fn arms(&self, side: Side) -> (Vec<Arm<'a>>, Option<String>) {
        let model = self.this(side);
        let list = model.schema.get("oneOf").or_else(|| model.schema.get("anyOf")).and_then(Value::as_array);
        let list: &[Value] = list.map_or(&[], Vec::as_slice);
        let facts = model.rust.as_ref().map(|r| &r.variants).filter(|v| v.len() == list.len());
        let mut out: Vec<Arm> = Vec::new();
        let mut discriminator = None;
        for (i, arm) in list.iter().enumerate() {
            let tag = arm
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.iter().find_map(|(k, v)| v.get("const").map(|c| (k.clone(), c.clone()))));
            if let Some((prop, _)) = &tag {
                discriminator = Some(prop.clone());
            }
            let reference = arm.get("$ref").and_then(Value::as_str);
            // A tagged arm is its model's `$ref` with the tag beside it: the model is the body.
            let body = match reference {
                Some(r) if tag.is_some() => serde_json::json!({ "$ref": r }),
                _ => arm.clone(),
            };
            let key = match reference {
                Some(r) => self.resolve(side, r),
                None => serde_json::to_string(&strip(arm)).unwrap_or_default(),
            };
            let mut shown = match reference {
                Some(_) => key.clone(),
                None => show(arm),
            };
            if out.iter().any(|a| a.shown == shown) {
                shown = format!("{shown} ({})", tag.as_ref().map_or(String::new(), |(_, t)| show(t)));
            }
            let rust = facts.and_then(|f| f.get(i));
            let label = match (rust, &tag) {
                (Some(r), _) => r.name.clone(),
                (None, Some((_, t))) => show(t),
                (None, None) => format!("#{}", i + 1),
            };
            out.push(Arm { rust, tag, body, key, shown, label });
        }
        (out, discriminator)
    }

    /// One schema against another, at a field (`name`), an item (`name[]`) or a map's value
    /// (`name{}`).
    fn node_pair(&mut self, field: &str, old: &Value, new: &Value) {
        let (o, n) = (self.node(Side::Old, old), self.node(Side::New, new));
        let type_change = match (&o.base, &n.base) {
            (a, b) if a == b => None,
            (Base::Types(a), Base::Types(b)) => {
                let covers =
                    |set: &BTreeSet<String>, t: &String| set.contains(t) || (t == "integer" && set.contains("number"));
                let widened = a.iter().all(|t| covers(b, t));
                let narrowed = b.iter().all(|t| covers(a, t));
                Some(match (widened, narrowed) {
                    (true, false) => K::TypeWidened,
                    (false, true) => K::TypeNarrowed,
                    _ => K::TypeChanged,
                })
            }
            (Base::Any, _) => Some(K::TypeNarrowed),
            (_, Base::Any) => Some(K::TypeWidened),
            (Base::Ref(_), Base::Ref(_)) => Some(K::ReferenceChanged),
            (Base::Other, Base::Other) => (strip(old) != strip(new)).then_some(K::SchemaChanged),
            _ => Some(K::TypeChanged),
        };
        if let Some(kind) = type_change {
            let (readers, writers, why) = match kind {
                K::TypeWidened => {
                    (true, false, "the new schema takes values of another type too; the old refuses them")
                }
                K::TypeNarrowed => (false, true, "the new schema refuses values of a type the old one took"),
                K::ReferenceChanged => {
                    (true, true, "another model: a value of one is not taken to be a value of the other")
                }
                K::SchemaChanged => {
                    (true, true, "a schema the comparison does not classify changed; assumed to break both")
                }
                _ => (true, true, "values of the one type are refused by the other"),
            };
            let c = self
                .change(Some(field), kind)
                .keyword("type")
                .values(Some(self.describe_base(&o.base, false, old)), Some(self.describe_base(&n.base, false, new)))
                .breaks(readers, writers, Bump::Patch)
                .why(why);
            self.push(c);
            if !matches!(kind, K::TypeWidened | K::TypeNarrowed) {
                return;
            }
        }
        if o.null != n.null && o.base != Base::Any && n.base != Base::Any {
            let (kind, readers, why) = if n.null {
                (K::NullAllowed, true, "new writers may send `null`; the old schema refuses it")
            } else {
                (K::NullRefused, false, "old writers may send `null`; the new schema refuses it")
            };
            let c = self
                .change(Some(field), kind)
                .keyword("null")
                .values(Some(o.null.to_string()), Some(n.null.to_string()))
                .breaks(readers, !readers, Bump::Patch)
                .why(why);
            self.push(c);
        }
        let mut handled: Vec<&str> = vec!["type", "$ref", "anyOf", "enum"];
        if let (Some(io), Some(inn)) = (o.get("items"), n.get("items")) {
            self.node_pair(&path(field, "[]"), io, inn);
        }
        handled.push("items");
        let is_object = |n: &Node| matches!(&n.base, Base::Types(t) if t.contains("object"));
        if is_object(&o) && is_object(&n) {
            let any = Value::Bool(true);
            let (vo, vn) =
                (o.get("additionalProperties").unwrap_or(&any), n.get("additionalProperties").unwrap_or(&any));
            self.node_pair(&path(field, "{}"), vo, vn);
            handled.push("additionalProperties");
        }
        let list = |n: &Node| n.get("enum").and_then(Value::as_array).cloned();
        if let (Some(eo), Some(en)) = (list(&o), list(&n)) {
            self.values(Some(field), &eo, &en, false);
        } else if list(&o).is_some() != list(&n).is_some() {
            handled.retain(|k| *k != "enum");
        }
        for (keys, lower) in [(LOWER, true), (UPPER, false)] {
            for key in keys {
                handled.push(key);
                // A length or count of at least 0 holds of every string or list: as absent.
                let no_bound = |v: f64| v == 0.0 && matches!(*key, "minLength" | "minItems");
                let bound = |side: &Node| side.get(key).and_then(Value::as_f64).filter(|&v| !no_bound(v));
                let (a, b) = (bound(&o), bound(&n));
                let tightened = match (a, b) {
                    (None, None) if o.get(key) == n.get(key) => continue,
                    (None, None) => {
                        let c = self
                            .change(Some(field), K::AnnotationChanged)
                            .keyword(key)
                            .values(o.get(key).map(show), n.get(key).map(show))
                            .why("a lower bound of 0 refuses nothing");
                        self.push(c);
                        continue;
                    }
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (Some(a), Some(b)) if a == b => continue,
                    (Some(a), Some(b)) => (b > a) == lower,
                };
                let (kind, why) = if tightened {
                    (K::Tightened, "the new bound refuses values the old one took")
                } else {
                    (K::Loosened, "the new bound takes values the old one refused")
                };
                let c = self
                    .change(Some(field), kind)
                    .keyword(key)
                    .values(o.get(key).map(show), n.get(key).map(show))
                    .breaks(!tightened, tightened, Bump::Patch)
                    .why(format!("{why} (`validate()` verdicts change)"));
                self.push(c);
            }
        }
        handled.push("pattern");
        match (o.get("pattern"), n.get("pattern")) {
            (a, b) if a == b => {}
            (a, b) => {
                let (kind, readers, writers, why) = match (a, b) {
                    (None, _) => (K::PatternAdded, false, true, "text the old schema took may not match"),
                    (_, None) => (K::PatternRemoved, true, false, "text the old pattern refused is now valid"),
                    _ => (K::PatternChanged, true, true, "each pattern may take text the other refuses"),
                };
                let c = self
                    .change(Some(field), kind)
                    .keyword("pattern")
                    .values(a.map(show), b.map(show))
                    .breaks(readers, writers, Bump::Patch)
                    .why(format!("{why} (`validate()` verdicts change)"));
                self.push(c);
            }
        }
        handled.push("format");
        let (fo, fnew) = (o.get("format").and_then(Value::as_str), n.get("format").and_then(Value::as_str));
        if fo != fnew {
            // Validators apply these formats to strings only: on another type they assert nothing.
            let string = |n: &Node| matches!(&n.base, Base::Types(t) if t.contains("string"));
            let asserted = |f: Option<&str>, n: &Node| string(n) && f.is_some_and(|f| ASSERTED.contains(&f));
            let (readers, writers, why) = match (asserted(fo, &o), asserted(fnew, &n)) {
                (false, false) => (false, false, "an annotation only: validators do not assert it"),
                (false, true) => (false, true, "an asserted format refuses text the old schema took"),
                (true, false) => (true, false, "text the old asserted format refused is now valid"),
                (true, true) => (true, true, "each asserted format takes text the other refuses"),
            };
            let c = self
                .change(Some(field), K::FormatChanged)
                .keyword("format")
                .values(fo.map(str::to_owned), fnew.map(str::to_owned))
                .breaks(readers, writers, Bump::Patch)
                .why(why);
            self.push(c);
        }
        // An `anyOf` that is not a schema-or-null pair is `Other`, compared whole above.
        self.rest(Some(field), o.outer, n.outer, &handled);
        if let (Some(io), Some(inn)) = (o.inner, n.inner) {
            self.rest(Some(field), Some(io), Some(inn), &handled);
        }
    }

    /// The keywords not `handled`: annotations break no one; any other difference is assumed
    /// to break both readers and writers.
    fn rest(
        &mut self,
        field: Option<&str>,
        old: Option<&Map<String, Value>>,
        new: Option<&Map<String, Value>>,
        handled: &[&str],
    ) {
        let empty = Map::new();
        let (mo, mn) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
        let mut keys: Vec<&String> = mo.keys().chain(mn.keys()).filter(|k| !handled.contains(&k.as_str())).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (a, b) = (mo.get(key), mn.get(key));
            if a == b {
                continue;
            }
            let (kind, readers, writers, why) = match key.as_str() {
                "description" => (K::DescriptionChanged, false, false, "documentation only"),
                "examples" => (K::ExamplesChanged, false, false, "documentation only"),
                "default" => (
                    K::DefaultChanged,
                    false,
                    false,
                    "an annotation: validators do not fill it in, nor does the Rust type",
                ),
                "deprecated" => (
                    K::DeprecatedChanged,
                    false,
                    false,
                    "an annotation; in Rust, `#[deprecated]` warns, it does not fail",
                ),
                k if ANNOTATIONS.contains(&k) => (K::AnnotationChanged, false, false, "an annotation only"),
                _ => (
                    K::SchemaChanged,
                    true,
                    true,
                    "a keyword the comparison does not classify changed; assumed to break both",
                ),
            };
            let c = self
                .change(field, kind)
                .keyword(key)
                .values(a.map(show), b.map(show))
                .breaks(readers, writers, Bump::Patch)
                .why(why);
            self.push(c);
        }
    }

    /// A field's Rust type guessed from its published schema (against a folder, where one side
    /// has no Rust facts): `T` when required and never `null`, `Option<Option<T>>` when optional
    /// and `nullable: true` (known from definitions only; the other side's word is taken),
    /// else `Option<T>`.
    fn rust_field(&self, side: Side, wire: &str, schema: &Value, required: bool) -> String {
        let node = self.node(side, schema);
        let ty = self.rust_type(side, schema, true);
        let double = |m: &PublishedModel| m.rust.as_ref().map(|r| r.double_option(wire));
        let (this, other) = if side == Side::Old { (self.o, self.n) } else { (self.n, self.o) };
        let double = double(this).or(double(other)).unwrap_or(false);
        match (required, node.null && node.base != Base::Any) {
            (true, false) => ty,
            (true, true) => format!("Option<{ty}>"),
            (false, _) if double => format!("Option<Option<{ty}>>"),
            (false, _) => format!("Option<{ty}>"),
        }
    }

    /// The Rust type of a schema guessed from JSON: a model's path, or what the emitter maps
    /// the JSON type to. A `format` is read only below a field's own schema (`top`): a field's
    /// `format` setting overrides its type's in the published schema and leaves its Rust type
    /// as it is (`int` with `format: int32` is `i64`), so there it tells nothing. Below, a
    /// string with format `date-time` or `date` is read as the default foreign types publish
    /// it (`chrono`'s).
    fn rust_type(&self, side: Side, schema: &Value, top: bool) -> String {
        let node = self.node(side, schema);
        let format = if top { "" } else { node.get("format").and_then(Value::as_str).unwrap_or_default() };
        let below = |v: &Value| self.rust_type(side, v, false);
        match &node.base {
            Base::Ref(name) => self.rust_path(side, name),
            Base::Types(t) if t.len() == 1 => match t.first().map(String::as_str).unwrap_or_default() {
                "string" if node.get("contentEncoding").and_then(Value::as_str) == Some("base64") => "Vec<u8>".into(),
                "string" if format == "date-time" => "chrono::DateTime<chrono::Utc>".into(),
                "string" if format == "date" => "chrono::NaiveDate".into(),
                "string" => "String".into(),
                "integer" if format == "int32" => "i32".into(),
                "integer" if format == "uint8" => "u8".into(),
                "integer" => "i64".into(),
                "number" if format == "float" => "f32".into(),
                "number" => "f64".into(),
                "boolean" => "bool".into(),
                "array" => format!("Vec<{}>", below(node.get("items").unwrap_or(&Value::Bool(true)))),
                "object" => match node.get("additionalProperties") {
                    Some(v) if v != &Value::Bool(false) => format!("BTreeMap<String, {}>", below(v)),
                    _ => "serde_json::Value".into(),
                },
                _ => "serde_json::Value".into(),
            },
            _ => "serde_json::Value".into(),
        }
    }

    /// The Rust path of a model as a `$ref` of `side` resolved it. An old `$ref` to a model
    /// that moved is resolved to its new name; its old Rust path is its old name's.
    fn rust_path(&self, side: Side, name: &str) -> String {
        let unmoved = match side {
            Side::Old => self.moves.iter().find(|(_, to)| *to == name).map_or(name, |(from, _)| from.as_str()),
            Side::New => name,
        };
        self.set(side).models.get(unmoved).map_or_else(|| name.to_owned(), |m| m.rust_path.clone())
    }
}

/// A schema without its annotations, to compare what it accepts.
fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter().filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str())).map(|(k, v)| (k.clone(), strip(v))).collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        other => other.clone(),
    }
}
