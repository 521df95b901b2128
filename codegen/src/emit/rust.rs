//! Emits Rust types: `///` docs, `schemars::JsonSchema` derived, `Serialize` and `Deserialize`
//! written out for structs and enums (serde's derives expand to several times the code, which
//! every `cargo check` of the generated crate pays for; unions keep them).
//!
//! The text is laid out as it is written, by `pretty` (prettyplease's layout rules, without
//! parsing anything back) through the constructs of `syntax`: the result is exactly what
//! prettyplease prints for it, which `tests/rust_layout.rs` checks for every file.

mod pretty;
mod syntax;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use pretty::{Doc, INDENT};
pub use syntax::RustType;
use syntax::{
    Tt, arm, call_args, call_stmt, close_block, comma_list, const_item, doc_comment, feature_gated_attr, ident,
    inner_attr, key_str, let_call, open_block, open_body, open_fn, open_impl, outer_attr, path_tokens, str_array,
    str_literal, tuple_variant, use_group,
};

use crate::check::Schema;
use crate::emit::{GeneratedFile, Header};
use crate::model::{BaseType, Enum, Field, Model, ModelKind, Primitive, Struct, Union, Wrapper};
use crate::naming::{module_dir, module_name};

/// How the Rust output is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustLayout {
    /// `lib.rs`, a folder per namespace and a file per model: a crate to commit.
    Crate,
    /// One file with a module per namespace, for `include!` from a build script's `OUT_DIR`.
    SingleFile,
}

thread_local! {
    /// Time spent laying out text on this thread (for `--timings`).
    static FORMAT_TIME: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// Takes the layout time this thread accumulated.
fn take_format_time() -> Duration {
    FORMAT_TIME.with(|t| t.replace(Duration::ZERO))
}

/// What the Rust output looks like.
#[derive(Debug, Clone)]
pub struct RustOptions {
    pub layout: RustLayout,
    /// Derive `JsonSchema` only with this cargo feature of the generated crate (`None`: always).
    pub schemars_feature: Option<String>,
    /// A markdown file, relative to the crate root, that becomes the crate docs
    /// (`#![doc = include_str!(...)]`); `None` for a short generated text.
    pub crate_docs: Option<String>,
}

/// Where the crate layout puts the list of its models for its tests.
pub const MODEL_LIST_DIR: &str = "tests/models";

/// Serde helpers for `[]byte` fields (standard base64 with padding, as Go encodes them), as
/// prettyplease lays them out at the top level of a file.
const BASE64_MODULE: &str = include_str!("rust/base64_bytes.txt");

/// What the structs' `Deserialize` impls share.
const DESERIALIZE_MODULE: &str = include_str!("rust/deserialize.txt");

/// What the structs' `Serialize` impls share.
const SERIALIZE_MODULE: &str = include_str!("rust/serialize.txt");

/// The Rust files for the whole schema, paths relative to the crate root (or `OUT_DIR`), and
/// the time spent laying them out (summed over threads).
pub fn emit(schema: &Schema, header: &Header, options: &RustOptions) -> (Vec<GeneratedFile>, Duration) {
    let namespaces = schema.namespaces();
    let gate = options.schemars_feature.as_deref();
    match options.layout {
        RustLayout::Crate => {
            let mut files = Vec::new();
            let mut d = Doc::new();
            d.cbox(0);
            // Crate docs from a file of the crate (its README, say), or a short generated text.
            let inner_docs = match &options.crate_docs {
                Some(path) => {
                    d.word("#![doc = include_str!(");
                    d.word(&str_literal(&format!("../{path}")));
                    d.word(")]");
                    d.space();
                    String::new()
                }
                None => lib_docs(),
            };
            inner_attr(&mut d, "allow", &[ident("deprecated")]);
            allow_definition_lints(&mut d);
            for ns in &namespaces {
                d.cbox(INDENT);
                d.word("pub mod ");
                d.word(&module_name(ns));
                d.word(";");
                d.end();
                d.hardbreak();
            }
            d.end();
            let lib = layout(&d, &support_modules(schema));
            files.push(file("src/lib.rs", header, &inner_docs, &lib));
            let mut model_files: Vec<&Model> = Vec::new();
            for ns in &namespaces {
                let models: Vec<&Model> = schema.models.iter().filter(|m| m.name.namespace == *ns).collect();
                let mut d = Doc::new();
                d.cbox(0);
                for m in &models {
                    d.cbox(INDENT);
                    d.word("mod ");
                    d.word(&m.file_stem);
                    d.word(";");
                    d.end();
                    d.hardbreak();
                    d.word("pub use ");
                    d.word(&m.file_stem);
                    d.word("::");
                    d.word(&m.rust_name);
                    d.word(";");
                    d.hardbreak();
                }
                d.end();
                let doc = format!("//! Models of the `{ns}` namespace.\n");
                files.push(file(&format!("src/{}/mod.rs", module_dir(ns)), header, &doc, &layout(&d, "")));
                model_files.extend(models);
            }
            files.push(model_list(schema, header));
            let mut format_time = take_format_time();
            for (file, time) in crate::par_map(&model_files, |m| {
                let doc = format!("//! `{}`, from `{}`.\n", m.name, m.doc_path);
                let path = format!("src/{}/{}.rs", module_dir(&m.name.namespace), m.file_stem);
                (file(&path, header, &doc, &model_file(schema, m, gate)), take_format_time())
            }) {
                files.push(file);
                format_time += time;
            }
            (files, format_time)
        }
        RustLayout::SingleFile => {
            let mut d = Doc::new();
            d.cbox(0);
            for ns in &namespaces {
                d.cbox(INDENT);
                d.word("pub mod ");
                d.word(&module_name(ns));
                d.word(" {");
                d.hardbreak_if_nonempty();
                inner_attr(&mut d, "allow", &[ident("deprecated")]);
                allow_definition_lints(&mut d);
                if gate.is_none() {
                    d.line("use schemars::JsonSchema;");
                }
                use_group(&mut d, "serde", &["Deserialize", "Serialize"]);
                for m in schema.models.iter().filter(|m| m.name.namespace == *ns) {
                    d.hardbreak();
                    model_items(&mut d, schema, m, true, gate);
                }
                d.offset(-INDENT);
                d.end();
                d.word("}");
                d.hardbreak();
            }
            d.end();
            let text = layout(&d, &support_modules(schema));
            (vec![file("models.rs", header, "", &text)], take_format_time())
        }
    }
}

/// The docs carry the API's descriptions as written (the published schemas carry the same
/// text), so the lints on how doc comments are written do not apply to them: a `[name]` that is
/// no link, a list item continued lazily, an HTML tag or a code block's attributes as an API's
/// author wrote them. And a field's type nests as deep as the definitions nest it
/// (`map[string]map[string][]T`), where a hand-written crate would name a part.
fn allow_definition_lints(d: &mut Doc) {
    for lints in [
        &["clippy::type_complexity"][..],
        &["clippy::doc_lazy_continuation", "clippy::doc_overindented_list_items", "clippy::tabs_in_doc_comments"][..],
        &[
            "rustdoc::bare_urls",
            "rustdoc::broken_intra_doc_links",
            "rustdoc::invalid_codeblock_attributes",
            "rustdoc::invalid_html_tags",
            "rustdoc::invalid_rust_codeblocks",
        ][..],
    ] {
        let mut args = Vec::new();
        for (i, lint) in lints.iter().enumerate() {
            if i > 0 {
                args.push(Tt::Punct(','));
            }
            args.extend(path_tokens(lint));
        }
        inner_attr(d, "allow", &args);
    }
}

/// Lays a document out, then anything already laid out after it, counting the time as formatting.
fn layout(d: &Doc, after: &str) -> String {
    let start = Instant::now();
    let mut text = d.print();
    text.push_str(after);
    FORMAT_TIME.with(|t| t.set(t.get() + start.elapsed()));
    text
}

/// `tests/models/mod.rs`: a macro that calls back with every model's type, published schema
/// file and kind, so that the crate's tests can check each one.
fn model_list(schema: &Schema, header: &Header) -> GeneratedFile {
    let mut body = String::new();
    for m in &schema.models {
        let path = format!("{}::{}", module_name(&m.name.namespace), m.rust_name);
        let file = crate::emit::json_schema::model_path(m);
        body.push_str(&format!("        $callback!({path}, {file:?}, {});\n", m.kind_name()));
    }
    let contents = format!(
        "{}\n//! Every generated model, for the crate's tests.\n\n\
         /// Calls `$callback!(path::Type, \"namespace/file.json\", struct|enum|union)` for every model.\n\
         macro_rules! for_each_model {{\n    ($callback:ident) => {{\n{body}    }};\n}}\n\n\
         pub(crate) use for_each_model;\n",
        header.line_comment("//")
    );
    GeneratedFile { path: format!("{MODEL_LIST_DIR}/mod.rs"), contents }
}

/// The modules the generated code calls on, as the models need them.
fn support_modules(schema: &Schema) -> String {
    let mut text = String::new();
    if schema.models.iter().any(|m| matches!(m.kind, ModelKind::Struct(_))) {
        text.push('\n');
        text.push_str(DESERIALIZE_MODULE);
        text.push('\n');
        text.push_str(SERIALIZE_MODULE);
    }
    if uses_bytes(schema) {
        text.push('\n');
        text.push_str(BASE64_MODULE);
    }
    text
}

fn uses_bytes(schema: &Schema) -> bool {
    schema.models.iter().any(|m| matches!(&m.kind, ModelKind::Struct(s) if s.fields.iter().any(is_bytes)))
}

fn lib_docs() -> String {
    "//! API models generated from the definitions in `schema/`.\n\
     //!\n\
     //! Every type implements `serde::Serialize`, `serde::Deserialize` and `schemars::JsonSchema`\n\
     //! (or, if the crate gates it behind a feature, with that feature); its JSON Schema is\n\
     //! published beside the crate. Enums are open: a value that a later\n\
     //! version of the API adds deserializes into the `Unknown` variant and serializes back unchanged.\n"
        .to_owned()
}

fn file(path: &str, header: &Header, inner_docs: &str, body: &str) -> GeneratedFile {
    let comment = header.line_comment("//");
    let mut contents = String::with_capacity(comment.len() + inner_docs.len() + body.len() + 2);
    contents.push_str(&comment);
    contents.push('\n');
    contents.push_str(inner_docs);
    if !inner_docs.is_empty() {
        contents.push('\n');
    }
    contents.push_str(body);
    GeneratedFile::new(path.to_owned(), contents)
}

fn model_file(schema: &Schema, model: &Model, gate: Option<&str>) -> String {
    // Imports grouped by module: `use super::{A, B};`, `use crate::sdkerrors::C;`.
    let mut imports: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for t in crate::emit::json_schema::direct_references(schema, model) {
        let module = if t.name.namespace == model.name.namespace {
            "super".to_owned()
        } else {
            format!("crate::{}", module_name(&t.name.namespace))
        };
        if t.name != model.name {
            imports.entry(module).or_default().insert(&t.rust_name);
        }
    }
    // A name imported from two modules, or the model's own name imported from another
    // namespace, cannot be imported: then every model is named by its path.
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let clash = imports.iter().any(|(module, names)| {
        names.iter().any(|&n| n == model.rust_name || seen.insert(n, module).is_some_and(|m| m != module))
    });
    if clash {
        imports.clear();
    }
    let mut d = Doc::new();
    d.cbox(0);
    let needs_map =
        matches!(&model.kind, ModelKind::Struct(s) if s.fields.iter().any(|f| f.ty.wrappers.contains(&Wrapper::Map)));
    // Named by its path where the models are (`crate::...`, see above), as the single file does.
    if needs_map && !clash {
        d.line("use std::collections::BTreeMap;");
    }
    if gate.is_none() {
        d.line("use schemars::JsonSchema;");
    }
    use_group(&mut d, "serde", &["Deserialize", "Serialize"]);
    for (module, names) in &imports {
        let names: Vec<&str> = names.iter().copied().collect();
        use_group(&mut d, module, &names);
    }
    d.hardbreak();
    model_items(&mut d, schema, model, clash, gate);
    d.end();
    layout(&d, "")
}

/// `///` docs, plus the `schemars` description (and title) arguments where the docs alone would
/// not derive exactly the description.
fn described(d: &mut Doc, description: Option<&str>, extra_doc_lines: &[String]) -> Vec<Vec<Tt>> {
    let described = crate::emit::describe(description, extra_doc_lines);
    doc_comment(d, &described.rust_doc);
    let mut args = Vec::new();
    if described.needs_attr {
        if described.suppress_title {
            args.push(key_str("title", ""));
        }
        args.push(key_str("description", &described.schema));
    }
    args
}

/// `#[schemars(...)]`, behind `#[cfg_attr(feature = ...)]` when schemars support is a feature.
fn schemars_attr(d: &mut Doc, gate: Option<&str>, args: Vec<Vec<Tt>>) {
    let args = comma_list(args);
    match gate {
        None => outer_attr(d, "schemars", Some(&args)),
        Some(feature) => feature_gated_attr(d, feature, "schemars", args),
    }
}

/// `#[derive(...)]`, with `JsonSchema` in it unless schemars support is a feature.
fn derives(d: &mut Doc, names: &[&str], gate: Option<&str>) {
    let mut list: Vec<Vec<Tt>> = names.iter().map(|n| vec![ident(n)]).collect();
    if gate.is_none() {
        list.push(vec![ident("JsonSchema")]);
    }
    outer_attr(d, "derive", Some(&comma_list(list)));
}

/// The container's `JsonSchema` derive behind its feature, and its `schemars` attribute.
fn container_schemars_attrs(d: &mut Doc, schemars_args: Vec<Vec<Tt>>, gate: Option<&str>) {
    if let Some(feature) = gate {
        feature_gated_attr(d, feature, "derive", path_tokens("schemars::JsonSchema"));
    }
    if !schemars_args.is_empty() {
        schemars_attr(d, gate, schemars_args);
    }
}

fn deprecated_attr(d: &mut Doc, deprecation: Option<&crate::model::Deprecation>) {
    match deprecation {
        None => {}
        Some(dep) if dep.notice == crate::model::Deprecation::STANDARD_NOTICE => outer_attr(d, "deprecated", None),
        // Brackets escaped: rustdoc resolves intra-doc links in a note, and one that names no
        // item there makes it crash (rustdoc 1.95: "no resolutions for a doc link").
        Some(dep) => {
            let note = dep.notice.replace('[', "\\[").replace(']', "\\]");
            outer_attr(d, "deprecated", Some(&key_str("note", &note)))
        }
    }
}

fn model_items(d: &mut Doc, schema: &Schema, model: &Model, qualified: bool, gate: Option<&str>) {
    let mut schemars_args = described(d, model.description.as_deref(), &[]);
    deprecated_attr(d, model.deprecation.as_ref());
    if model.schema_name != model.rust_name {
        schemars_args.push(key_str("rename", &model.schema_name));
    }
    match &model.kind {
        ModelKind::Struct(s) => struct_items(d, schema, s, model, schemars_args, qualified, gate),
        ModelKind::Enum(e) => enum_items(d, e, model, schemars_args, gate),
        ModelKind::Union(u) => union_items(d, schema, u, model, schemars_args, qualified, gate),
    }
}

fn struct_items(
    d: &mut Doc,
    schema: &Schema,
    s: &Struct,
    model: &Model,
    schemars_args: Vec<Vec<Tt>>,
    qualified: bool,
    gate: Option<&str>,
) {
    let all_optional = s.fields.iter().all(Field::is_optional);
    let derive_names: &[&str] =
        if all_optional { &["Debug", "Clone", "PartialEq", "Default"] } else { &["Debug", "Clone", "PartialEq"] };
    derives(d, derive_names, gate);
    container_schemars_attrs(d, schemars_args, gate);
    open_body(d, "struct ", &model.rust_name);
    for f in &s.fields {
        field(d, schema, f, qualified, gate);
        d.word(",");
        d.hardbreak();
    }
    close_block(d, "}");
    struct_serialize(d, s, &model.rust_name);
    struct_deserialize(d, s, &model.rust_name);
}

/// `Serialize` for a struct, written out as calls of the crate's `serialize` helpers: serde's
/// derive expands to several times as much code (with it, a `cargo check` of the Moov crate
/// after touching one file took 0.86-1.09 s; written out, 0.70-0.72 s).
fn struct_serialize(d: &mut Doc, s: &Struct, name: &str) {
    d.hardbreak();
    open_impl(d, Some("Serialize"), name);
    open_fn(d, "fn serialize<__S: serde::Serializer>", &["&self", "serializer: __S"], "Result<__S::Ok, __S::Error>");
    d.line("use crate::serialize as ser;");
    if s.fields.iter().any(is_bytes) {
        d.line("use crate::base64_bytes as b64;");
    }
    let required = s.fields.iter().filter(|f| !f.is_optional()).count();
    let len = if s.fields.iter().any(Field::is_optional) {
        d.line(&format!("let mut len = {required};"));
        for f in s.fields.iter().filter(|f| f.is_optional()) {
            call_stmt(d, "ser::count", &["&mut len", &format!("&self.{}", f.rust_name)], "");
        }
        "len".to_owned()
    } else {
        required.to_string()
    };
    let state = if s.fields.is_empty() { "state" } else { "mut state" };
    let_call(d, state, "ser::open", &["serializer", &str_literal(name), &len], "?");
    for f in &s.fields {
        let write = match (is_bytes(f), f.is_optional()) {
            (true, false) => "b64::field",
            (true, true) => "b64::optional_field",
            (false, false) => "ser::field",
            (false, true) => "ser::optional",
        };
        call_stmt(d, write, &["&mut state", &str_literal(f.wire()), &format!("&self.{}", f.rust_name)], "?");
    }
    d.line("ser::end(state)");
    close_block(d, "}");
    close_block(d, "}");
}

/// `Deserialize` for a struct, written out: serde's derive expands to several times as much
/// code, which every `cargo check` of the crate pays for.
fn struct_deserialize(d: &mut Doc, s: &Struct, name: &str) {
    d.hardbreak();
    open_impl(d, Some("Deserialize<'de>"), name);
    open_fn(d, "fn deserialize<__D: serde::Deserializer<'de>>", &["deserializer: __D"], "Result<Self, __D::Error>");
    d.line(&format!("const NAME: &str = {};", str_literal(name)));
    const_item(d, "const FIELDS: &[&str] = ", |d| {
        d.word("&");
        str_array(d, s.fields.len(), |d, i| d.word(&str_literal(s.fields[i].wire())));
    });
    // Inside the function these names shadow any of the module's: none may be the model's own.
    let visitor = if name == "Visitor" { "ModelVisitor" } else { "Visitor" };
    d.line(&format!("struct {visitor};"));
    open_impl(d, Some("serde::de::Visitor<'de>"), visitor);
    d.line(&format!("type Value = {name};"));
    open_fn(d, "fn expecting", &["&self", "f: &mut std::fmt::Formatter"], "std::fmt::Result");
    // `f.write_str(...)`: a method call on a short receiver, as prettyplease boxes it.
    d.cbox(INDENT);
    d.word("f.write_str");
    d.cbox(-INDENT);
    call_args(d, &[&str_literal(&format!("struct {name}"))]);
    d.end();
    d.end();
    d.hardbreak();
    close_block(d, "}");
    open_fn(
        d,
        "fn visit_map<__A: serde::de::MapAccess<'de>>",
        &["self", "mut map: __A"],
        "Result<Self::Value, __A::Error>",
    );
    // Modules by lowercase names, which no model's name can shadow.
    d.line("use crate::deserialize as de;");
    if s.fields.iter().any(is_bytes) {
        d.line("use crate::base64_bytes as b64;");
    }
    if s.fields.is_empty() {
        d.word("while map.next_key::<de::Key>()?.is_some() {");
        open_block(d);
        d.line("de::skip(&mut map)?;");
        close_block(d, "}");
    }
    for (i, f) in s.fields.iter().enumerate() {
        let_call(d, &format!("mut field{i}"), "de::Slot::new", &[&str_literal(f.wire())], "");
    }
    if !s.fields.is_empty() {
        d.word("while let Some(key) = map.next_key::<de::Key>()? {");
        open_block(d);
        d.word("match key.as_str() {");
        open_block(d);
        for (i, f) in s.fields.iter().enumerate() {
            let read = match (is_bytes(f), f.is_optional()) {
                (true, false) => format!("field{i}.set_with(&mut map, b64::bytes)?"),
                (true, true) => format!("field{i}.set_with(&mut map, b64::optional_bytes)?"),
                _ => format!("field{i}.set(&mut map)?"),
            };
            arm(d, &str_literal(f.wire()), &read);
        }
        arm(d, "_", "de::skip(&mut map)?");
        close_block(d, "}");
        close_block(d, "}");
    }
    // `Ok(Name { field: value, ... })`, laid out as prettyplease lays out a struct literal.
    d.word("Ok(");
    d.cbox(INDENT);
    d.ibox(-INDENT);
    d.word(name);
    d.end();
    d.word(" {");
    d.space_if_nonempty();
    for (i, f) in s.fields.iter().enumerate() {
        let value = if f.is_optional() { format!("field{i}.optional()") } else { format!("field{i}.required()?") };
        d.word(&f.rust_name);
        d.word(": ");
        d.ibox(0);
        d.word(&value);
        d.end();
        d.trailing_comma_or_space(i + 1 == s.fields.len());
    }
    d.offset(-INDENT);
    d.end_with_max_width(34);
    d.word("}");
    d.word(")");
    d.hardbreak();
    close_block(d, "}");
    close_block(d, "}");
    d.line(&format!("deserializer.deserialize_struct(NAME, FIELDS, {visitor})"));
    close_block(d, "}");
    close_block(d, "}");
}

fn field(d: &mut Doc, schema: &Schema, f: &Field, qualified: bool, gate: Option<&str>) {
    let example_lines: Vec<String> =
        f.typed_examples.iter().map(|e| format!("Example: `{}`", example_text(e))).collect();
    let description_args = described(d, f.description.as_deref(), &example_lines);
    deprecated_attr(d, f.deprecation.as_ref());
    // Serde's derives are not used for structs (their impls are written out), so the names and
    // optional fields go to schemars' derive in its own attribute, which takes serde's keys.
    let wire = f.wire();
    let plain_ident = f.rust_name.trim_start_matches("r#");
    let mut schemars_args = Vec::new();
    if wire != plain_ident {
        schemars_args.push(key_str("rename", wire));
    }
    let mut ty = rust_type(schema, f, qualified);
    if f.is_optional() {
        schemars_args.push(vec![ident("default")]);
        schemars_args.push(key_str("skip_serializing_if", "Option::is_none"));
        ty = RustType::generic("Option", vec![ty]);
    }
    schemars_args.extend(description_args);
    let schemars_args = field_schemars_args(f, schemars_args);
    if !schemars_args.is_empty() {
        schemars_attr(d, gate, schemars_args);
    }
    d.word("pub ");
    d.word(&f.rust_name);
    d.word(": ");
    ty.print(d);
}

/// A `[]byte` field: base64 text on the wire, as Go's `encoding/json` writes it.
fn is_bytes(f: &Field) -> bool {
    f.ty.base == BaseType::Primitive(Primitive::Bytes) && f.ty.wrappers.is_empty()
}

/// JSON Schema keywords the derive cannot infer: examples, constraints, defaults (after the
/// description arguments, if any).
fn field_schemars_args(f: &Field, mut args: Vec<Vec<Tt>>) -> Vec<Vec<Tt>> {
    let mut extend: Vec<(&str, serde_json::Value)> = Vec::new();
    let c = &f.constraints;
    if !f.typed_examples.is_empty() {
        extend.push(("examples", serde_json::Value::Array(f.typed_examples.clone())));
    }
    if let Some(v) = &c.format {
        extend.push(("format", v.clone().into()));
    }
    if let Some(v) = &c.minimum {
        extend.push(("minimum", serde_json::Value::Number(v.clone())));
    }
    if let Some(v) = &c.maximum {
        extend.push(("maximum", serde_json::Value::Number(v.clone())));
    }
    for (key, v) in
        [("minLength", c.min_length), ("maxLength", c.max_length), ("minItems", c.min_items), ("maxItems", c.max_items)]
    {
        if let Some(v) = v {
            extend.push((key, v.into()));
        }
    }
    if let Some(v) = &c.pattern {
        extend.push(("pattern", v.clone().into()));
    }
    if let Some(v) = &f.default {
        extend.push(("default", v.clone()));
    }
    if is_bytes(f) {
        let with = if f.is_optional() { "Option<String>" } else { "String" };
        args.push(key_str("with", with));
        extend.push(("contentEncoding", "base64".into()));
    }
    if !extend.is_empty() {
        let pairs = extend
            .iter()
            .map(|(k, v)| {
                let mut pair = vec![Tt::Literal(str_literal(k)), Tt::Punct('=')];
                json_tokens(v, &mut pair);
                pair
            })
            .collect();
        args.push(vec![ident("extend"), Tt::Group('(', comma_list(pairs))]);
    }
    args
}

/// A JSON value as the token syntax `schemars`' `extend` takes (that of `serde_json::json!`).
fn json_tokens(v: &serde_json::Value, out: &mut Vec<Tt>) {
    match v {
        serde_json::Value::Null => out.push(ident("null")),
        serde_json::Value::Bool(b) => out.push(ident(if *b { "true" } else { "false" })),
        serde_json::Value::Number(n) => {
            let text = n.to_string();
            match text.strip_prefix('-') {
                Some(abs) => {
                    out.push(Tt::Punct('-'));
                    out.push(Tt::Literal(abs.to_owned()));
                }
                None => out.push(Tt::Literal(text)),
            }
        }
        serde_json::Value::String(s) => out.push(Tt::Literal(str_literal(s))),
        serde_json::Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| {
                    let mut tokens = Vec::new();
                    json_tokens(item, &mut tokens);
                    tokens
                })
                .collect();
            out.push(Tt::Group('[', comma_list(items)));
        }
        serde_json::Value::Object(map) => {
            let entries = map
                .iter()
                .map(|(k, v)| {
                    let mut tokens = vec![Tt::Literal(str_literal(k)), Tt::Punct(':')];
                    json_tokens(v, &mut tokens);
                    tokens
                })
                .collect();
            out.push(Tt::Group('{', comma_list(entries)));
        }
    }
}

fn example_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn rust_type(schema: &Schema, f: &Field, qualified: bool) -> RustType {
    let mut ty = base_type(schema, &f.ty.base, qualified);
    if f.boxed {
        ty = RustType::generic("Box", vec![ty]);
    }
    for w in f.ty.wrappers.iter().rev() {
        ty = match w {
            Wrapper::List => RustType::generic("Vec", vec![ty]),
            Wrapper::Map => {
                let map = if qualified { "std::collections::BTreeMap" } else { "BTreeMap" };
                RustType::generic(map, vec![RustType::path("String"), ty])
            }
        };
    }
    ty
}

fn base_type(schema: &Schema, base: &BaseType, qualified: bool) -> RustType {
    match base {
        BaseType::Primitive(p) => match p {
            Primitive::String => RustType::path("String"),
            Primitive::Int | Primitive::Int64 => RustType::path("i64"),
            Primitive::Int32 => RustType::path("i32"),
            Primitive::Float64 => RustType::path("f64"),
            Primitive::Float32 => RustType::path("f32"),
            Primitive::Bool => RustType::path("bool"),
            Primitive::Bytes => RustType::generic("Vec", vec![RustType::path("u8")]),
            Primitive::Any => RustType::path("serde_json::Value"),
        },
        BaseType::Model { name, .. } => model_type(schema.get(name), qualified),
        BaseType::Foreign { name, .. } => {
            RustType::parse(&schema.foreign(name).rust).expect("foreign types are checked when read")
        }
    }
}

fn model_type(target: &Model, qualified: bool) -> RustType {
    if qualified {
        RustType::path(&format!("crate::{}::{}", module_name(&target.name.namespace), target.rust_name))
    } else {
        RustType::path(&target.rust_name)
    }
}

/// An open enum: the listed values, and a variant that keeps any other. Serde's derive would
/// buffer every value to try the catch-all variant; a `match` on the text is all it takes.
fn enum_items(d: &mut Doc, e: &Enum, model: &Model, schemars_args: Vec<Vec<Tt>>, gate: Option<&str>) {
    derives(d, &["Debug", "Clone", "PartialEq", "Eq", "Hash"], gate);
    container_schemars_attrs(d, schemars_args, gate);
    open_body(d, "enum ", &model.rust_name);
    for v in &e.values {
        schemars_attr(d, gate, vec![key_str("rename", &v.value)]);
        d.word(&v.rust_name);
        d.word(",");
        d.hardbreak();
    }
    doc_comment(d, "A value these definitions do not list, kept as received so that it serializes back unchanged.");
    // `untagged` as serde would have it, so schemars derives the same shape as for serde's
    // derive: the listed values (`skip` leaves the catch-all variant out of the schema).
    schemars_attr(d, gate, vec![vec![ident("untagged")], vec![ident("skip")]]);
    tuple_variant(d, &e.unknown_variant, &RustType::path("String"));
    d.word(",");
    d.hardbreak();
    close_block(d, "}");

    let name = &model.rust_name;
    let unknown = &e.unknown_variant;
    d.hardbreak();
    open_impl(d, None, name);
    d.line("/// The value as it is written in JSON.");
    open_fn(d, "pub fn as_str", &["&self"], "&str");
    d.word("match self {");
    open_block(d);
    for v in &e.values {
        arm(d, &format!("Self::{}", v.rust_name), &str_literal(&v.value));
    }
    arm(d, &format!("Self::{unknown}(value)"), "value");
    close_block(d, "}");
    close_block(d, "}");
    close_block(d, "}");

    d.hardbreak();
    open_impl(d, Some("Serialize"), name);
    open_fn(d, "fn serialize<__S: serde::Serializer>", &["&self", "serializer: __S"], "Result<__S::Ok, __S::Error>");
    d.line("serializer.serialize_str(self.as_str())");
    close_block(d, "}");
    close_block(d, "}");

    d.hardbreak();
    open_impl(d, Some("Deserialize<'de>"), name);
    open_fn(d, "fn deserialize<__D: serde::Deserializer<'de>>", &["deserializer: __D"], "Result<Self, __D::Error>");
    d.line("let value = String::deserialize(deserializer)?;");
    d.word("let variant = match value.as_str() {");
    open_block(d);
    for v in &e.values {
        arm(d, &str_literal(&v.value), &format!("Self::{}", v.rust_name));
    }
    arm(d, "_", &format!("Self::{unknown}(value)"));
    close_block(d, "};");
    d.line("Ok(variant)");
    close_block(d, "}");
    close_block(d, "}");
}

fn union_items(
    d: &mut Doc,
    schema: &Schema,
    u: &Union,
    model: &Model,
    schemars_args: Vec<Vec<Tt>>,
    qualified: bool,
    gate: Option<&str>,
) {
    // Without a discriminator, serde's untagged enums would take the first variant that
    // deserializes; several variants get a `Deserialize` of their own (see below).
    let custom_deserialize = u.discriminator.is_none() && u.variants.len() > 1;
    let derive_names: &[&str] = if custom_deserialize {
        &["Debug", "Clone", "PartialEq", "Serialize"]
    } else {
        &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]
    };
    derives(d, derive_names, gate);
    match &u.discriminator {
        Some(prop) => outer_attr(d, "serde", Some(&key_str("tag", prop))),
        None => outer_attr(d, "serde", Some(&[ident("untagged")])),
    }
    container_schemars_attrs(d, schemars_args, gate);
    // Variants hold whole models; boxing them all would cost every user an indirection.
    if u.variants.len() > 1 {
        outer_attr(d, "allow", Some(&path_tokens("clippy::large_enum_variant")));
    }
    open_body(d, "enum ", &model.rust_name);
    for v in &u.variants {
        if let Some(tag) = v.tag.as_ref().filter(|_| u.discriminator.is_some()) {
            outer_attr(d, "serde", Some(&key_str("rename", tag)));
        }
        let mut ty = model_type(schema.get(&v.model), qualified);
        if v.boxed {
            ty = RustType::generic("Box", vec![ty]);
        }
        tuple_variant(d, &v.name, &ty);
        d.word(",");
        d.hardbreak();
    }
    close_block(d, "}");
    if custom_deserialize {
        untagged_deserialize(d, schema, u, &model.rust_name);
    }
}

/// Serde's untagged enums take the first variant that deserializes, and a struct whose fields
/// are all optional takes anything. This picks the first variant whose fields cover every
/// property of the value instead, so `{"plaid": ...}` does not land in a variant without `plaid`.
fn untagged_deserialize(d: &mut Doc, schema: &Schema, u: &Union, name: &str) {
    // The wire names of each struct variant's fields.
    let fields: Vec<Option<Vec<&str>>> = u
        .variants
        .iter()
        .map(|v| match &schema.get(&v.model).kind {
            ModelKind::Struct(s) => Some(s.fields.iter().map(Field::wire).collect()),
            _ => None,
        })
        .collect();
    let lists: Vec<&Vec<&str>> = fields.iter().flatten().collect();
    d.hardbreak();
    open_impl(d, Some("Deserialize<'de>"), name);
    open_fn(d, "fn deserialize<__D: serde::Deserializer<'de>>", &["deserializer: __D"], "Result<Self, __D::Error>");
    if !lists.is_empty() {
        d.line("/// The wire names of the fields of each struct variant, in the order they are tried.");
        const_item(d, &format!("const FIELDS: [&[&str]; {}] = ", lists.len()), |d| {
            str_array(d, lists.len(), |d, i| {
                d.word("&");
                str_array(d, lists[i].len(), |d, j| d.word(&str_literal(lists[i][j])));
            });
        });
    }
    d.line(&format!("const NO_MATCH: &str = {};", str_literal(&format!("the value fits no variant of `{name}`"))));
    d.line("let value = serde_json::Value::deserialize(deserializer)?;");
    if !lists.is_empty() {
        d.line("let fits = |i: usize| {");
        d.line("    value");
        d.line("        .as_object()");
        d.line("        .is_some_and(|o| o.keys().all(|k| FIELDS[i].contains(&k.as_str())))");
        d.line("};");
    }
    let mut list_index = 0;
    for (v, known) in u.variants.iter().zip(&fields) {
        let wrap = if v.boxed { "Box::new(v)" } else { "v" };
        match known {
            // No let chain (`fits(i) && let ...`): the code must compile under edition 2021 too.
            Some(_) => {
                d.line(&format!(
                    "if let Some(Ok(v)) = fits({list_index}).then(|| serde_json::from_value(value.clone())) {{"
                ));
                list_index += 1;
            }
            None => d.line("if let Ok(v) = serde_json::from_value(value.clone()) {"),
        }
        d.line(&format!("    return Ok(Self::{}({wrap}));", v.name));
        d.line("}");
    }
    d.line("Err(serde::de::Error::custom(NO_MATCH))");
    close_block(d, "}");
    close_block(d, "}");
}
