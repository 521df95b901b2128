//! Emits Rust types: `///` docs, `schemars::JsonSchema` derived, `Serialize` and `Deserialize`
//! from the crate's `serde_struct!` for structs and written out for enums (serde's derives
//! expand to several times the code, which every `cargo check` of the generated crate pays
//! for; unions keep them).
//!
//! Items are built as tokens with `quote!` and each file is printed by `prettyplease`, one
//! top-level item at a time so that a blank line separates items, as a person would write them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::check::Schema;
use crate::emit::{GeneratedFile, Header};
use crate::model::{
    BaseType, Deprecation, Enum, Field, FieldType, Model, ModelKind, Presence, Primitive, Struct, Union, Wrapper,
};
use crate::naming::{module_dir, module_name};

pub(crate) mod formats;
mod validate;

/// How the Rust output is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustLayout {
    /// `lib.rs`, a folder per namespace and a file per model: a crate to commit.
    Crate,
    /// One file with a module per namespace, for `include!` from a build script's `OUT_DIR`.
    SingleFile,
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

/// Identifies how token text becomes file text, for the format cache: prettyplease, at the
/// exact version `Cargo.toml` pins (a test holds the two together), and how this emitter joins
/// what it prints. (The cache also names the build of the tool that wrote it, so any rebuild
/// starts afresh; this names the formatter within a build.)
const FORMATTER: &str = "prettyplease 0.3.0; sections joined by a blank line";

/// Files formatted by an earlier run, which the emitter takes instead of formatting again.
pub trait Formatted: Sync {
    /// The text of the file at `path`, if it holds exactly what formatting what it was formatted
    /// from (`formatted_from`: a hash of the tokens and the formatter) gives.
    fn text(&self, path: &str, formatted_from: u128) -> Option<String>;
}

/// No earlier run: everything is formatted.
impl Formatted for () {
    fn text(&self, _: &str, _: u128) -> Option<String> {
        None
    }
}

/// The Rust files of a schema.
pub struct RustFiles {
    /// Paths relative to the crate root (or `OUT_DIR`).
    pub files: Vec<GeneratedFile>,
    /// Time spent formatting (summed over threads).
    pub format_time: Duration,
    /// For the format cache: each file's path and what it was formatted from.
    pub formatted_from: Vec<(String, u128)>,
}

/// The Rust files for the whole schema; `earlier` holds files formatted before.
pub fn emit(schema: &Schema, header: &Header, options: &RustOptions, earlier: &dyn Formatted) -> RustFiles {
    let validated = validate::validated(schema);
    let tagged = tagged_variants(schema);
    let out = Output { schema, header, options, earlier, validated, tagged, format_nanos: AtomicU64::new(0) };
    let (mut files, hashes): (Vec<GeneratedFile>, Vec<u128>) = match options.layout {
        RustLayout::Crate => out.crate_files(),
        RustLayout::SingleFile => vec![out.single_file()],
    }
    .into_iter()
    .unzip();
    let formatted_from = files.iter().zip(hashes).map(|(f, hash)| (f.path.clone(), hash)).collect();
    if options.layout == RustLayout::Crate {
        files.push(model_list(schema, header));
    }
    RustFiles { files, format_time: Duration::from_nanos(out.format_nanos.into_inner()), formatted_from }
}

/// What every file of one run shares.
struct Output<'a> {
    schema: &'a Schema,
    header: &'a Header,
    options: &'a RustOptions,
    earlier: &'a dyn Formatted,
    /// Which models can have a violation (`validate::validated`).
    validated: Vec<bool>,
    /// Which models are variants of a union with a discriminator.
    tagged: Vec<bool>,
    format_nanos: AtomicU64,
}

impl Output<'_> {
    fn crate_files(&self) -> Vec<(GeneratedFile, u128)> {
        let schema = self.schema;
        let namespaces = schema.namespaces();
        // Crate docs from a file of the crate (its README, say), or a short generated text.
        let (docs, include) = match &self.options.crate_docs {
            Some(path) => {
                let path = format!("../{path}");
                (TokenStream::new(), quote!(#![doc = include_str!(#path)]))
            }
            None => (inner_docs(LIB_DOCS), TokenStream::new()),
        };
        let allows = crate_allows();
        let modules = namespaces.iter().map(|ns| ident(&module_name(ns)));
        let head = quote! { #include #allows #(pub mod #modules;)* };
        let lib = vec![Section::Rust(docs), Section::Rust(head), validate_api(), self.private_module()];
        let mut files = vec![self.file("src/lib.rs", lib)];
        for ns in &namespaces {
            let docs = inner_docs(&format!("Models of the `{ns}` namespace."));
            let models = self.models_of(ns);
            let stems = models.iter().map(|m| ident(&m.file_stem));
            let names = models.iter().map(|m| ident(&m.rust_name));
            let body = quote! { #(mod #stems; pub use #stems::#names;)* };
            let sections = vec![Section::Rust(docs), Section::Rust(body)];
            files.push(self.file(&format!("src/{}/mod.rs", module_dir(ns)), sections));
        }
        let models: Vec<&Model> = namespaces.iter().flat_map(|ns| self.models_of(ns)).collect();
        files.extend(crate::pool::par_map(&models, |m| {
            let path = format!("src/{}/{}.rs", module_dir(&m.name.namespace), m.file_stem);
            self.file(&path, self.model_file(m))
        }));
        files
    }

    /// One file, each namespace a module: for `include!`, so no inner attributes at its top.
    fn single_file(&self) -> (GeneratedFile, u128) {
        let mut sections = Vec::new();
        for ns in self.schema.namespaces() {
            let cx = Cx {
                schema: self.schema,
                gate: self.gate(),
                qualified: true,
                validated: &self.validated,
                tagged: &self.tagged,
            };
            let models = self.models_of(ns);
            let allows = crate_allows();
            let schemars = self.gate().is_none().then(|| quote! { use schemars::JsonSchema; });
            let serde = needs_serde_imports(&models).then(|| quote! { use serde::{Deserialize, Serialize}; });
            let mut inner = vec![Section::Rust(quote! { #allows #schemars #serde })];
            inner.extend(models.into_iter().flat_map(|m| cx.model_items(m)));
            sections.push(Section::Module(ident(&module_name(ns)), inner));
        }
        sections.push(validate_api());
        sections.push(self.private_module());
        self.file("models.rs", sections)
    }

    fn gate(&self) -> Option<&str> {
        self.options.schemars_feature.as_deref()
    }

    fn models_of(&self, namespace: &str) -> Vec<&Model> {
        self.schema.models.iter().filter(|m| m.name.namespace == namespace).collect()
    }

    /// The crate's `__private` module, with the base64 helpers if a model holds bytes.
    fn private_module(&self) -> Section {
        Section::Text(private_module_text(&PrivateParts::of(self.schema, &self.validated), self.gate()))
    }

    /// A model's own file: its imports, then its items.
    fn model_file(&self, model: &Model) -> Vec<Section> {
        // Imports grouped by module: `use super::{A, B};`, `use crate::sdkerrors::C;`.
        let mut imports: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for t in crate::emit::json_schema::direct_references(self.schema, model) {
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
        let qualified = imports.iter().any(|(module, names)| {
            names.iter().any(|&n| n == model.rust_name || seen.insert(n, module).is_some_and(|m| m != module))
        });
        let cx =
            Cx { schema: self.schema, gate: self.gate(), qualified, validated: &self.validated, tagged: &self.tagged };
        let needs_map = match &model.kind {
            ModelKind::Struct(s) => s.fields.iter().any(|f| f.ty.wrappers.contains(&Wrapper::Map)),
            ModelKind::Union(u) => u.variants.iter().any(|v| v.ty.wrappers.contains(&Wrapper::Map)),
            ModelKind::Enum(_) => false,
        };
        let map = (needs_map && !qualified).then(|| {
            quote! { use std::collections::BTreeMap; }
        });
        let schemars = cx.gate.is_none().then(|| {
            quote! { use schemars::JsonSchema; }
        });
        let imports = imports.iter().filter(|_| !qualified).map(|(module, names)| {
            let module = path(module);
            let names = names.iter().map(|n| ident(n));
            quote!(use #module::{#(#names),*};)
        });
        let serde = needs_serde_imports(&[model]).then(|| quote! { use serde::{Deserialize, Serialize}; });
        let uses = quote! { #map #schemars #serde #(#imports)* };
        let docs = inner_docs(&format!("`{}`, from `{}`.", model.name, model.doc_path));
        let mut sections = vec![Section::Rust(docs), Section::Rust(uses)];
        sections.extend(cx.model_items(model));
        sections
    }

    /// A file: the header line, then its sections with a blank line between them; or, if an
    /// earlier run formatted the same, its text. Also the hash of what it is formatted from.
    fn file(&self, path: &str, sections: Vec<Section>) -> (GeneratedFile, u128) {
        let start = Instant::now();
        let header = self.header.line_comment("//");
        let from = formatted_from(FORMATTER, &header, &sections);
        let text = self.earlier.text(path, from).unwrap_or_else(|| {
            let mut text = header;
            text.push('\n');
            print_sections(sections, &mut text);
            text
        });
        self.format_nanos.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        (GeneratedFile::new(path.to_owned(), text), from)
    }
}

/// A part of a file, printed with a blank line before the next.
enum Section {
    /// Items (or a file's inner docs and attributes), printed by prettyplease.
    Rust(TokenStream),
    /// Text laid out here: a struct's `serde_struct!` call, a field a line, which prettyplease
    /// would run together (it does not know the macro's syntax).
    Text(String),
    /// `pub mod name { ... }` around sections of its own, indented (the single file's namespaces).
    Module(Ident, Vec<Section>),
}

fn print_sections(sections: Vec<Section>, out: &mut String) {
    // An empty section (a file that imports nothing) takes no blank line either.
    let sections = sections.into_iter().filter(|s| !matches!(s, Section::Rust(tokens) if tokens.is_empty()));
    for (i, section) in sections.enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match section {
            Section::Rust(tokens) => {
                let file: syn::File = syn::parse2(tokens).expect("the emitter builds valid Rust");
                out.push_str(&prettyplease::unparse(&file));
            }
            Section::Text(text) => out.push_str(&text),
            Section::Module(name, inner) => {
                let mut body = String::new();
                print_sections(inner, &mut body);
                out.push_str(&format!("pub mod {name} {{\n"));
                // No literal the emitter writes spans lines, so every line can take the indent.
                for line in body.lines() {
                    if !line.is_empty() {
                        out.push_str("    ");
                        out.push_str(line);
                    }
                    out.push('\n');
                }
                out.push_str("}\n");
            }
        }
    }
}

/// The hash of everything a file's text is a function of: the formatter, the header line and
/// each section's tokens or text (written out, straight into the hasher).
fn formatted_from(formatter: &str, header: &str, sections: &[Section]) -> u128 {
    struct Hasher(xxhash_rust::xxh3::Xxh3);
    impl std::fmt::Write for Hasher {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    fn hash(sections: &[Section], hasher: &mut Hasher) {
        for section in sections {
            // Separators no token text holds, so that no two ways of cutting the same text
            // into sections collide.
            let _ = match section {
                Section::Rust(tokens) => std::fmt::Write::write_fmt(hasher, format_args!("\0r{tokens}")),
                Section::Text(text) => std::fmt::Write::write_fmt(hasher, format_args!("\0t{text}")),
                Section::Module(name, inner) => {
                    let _ = std::fmt::Write::write_fmt(hasher, format_args!("\0m{name}\0{{"));
                    hash(inner, hasher);
                    std::fmt::Write::write_str(hasher, "\0}")
                }
            };
        }
    }
    let mut hasher = Hasher(xxhash_rust::xxh3::Xxh3::new());
    for part in [formatter, "\0", header] {
        hasher.0.update(part.as_bytes());
    }
    hash(sections, &mut hasher);
    hasher.0.digest128()
}

/// The generated crate's `__private` module: what its structs' `Serialize` and `Deserialize`
/// impls are made of, as written in `rust/__private.rs` (fixed code, laid out by hand). The
/// parts between `// @part {` and `// @part }` are kept only when some model needs them (`bytes`
/// for `[]byte` fields, which need the `base64` crate; `closed` for `additional_properties:
/// false`; a kind of field for nullable fields), those between `// @not part {` and `// @not
/// part }` only when none does, so that a crate of models without them gets exactly the module
/// it had before they existed. A `// @schemars-gate` line becomes the `cfg` of the schemars
/// feature, if there is one.
///
/// A struct's impls come from one call of its `serde_struct!` macro with the struct's fields, a
/// line each: the expansion is what serde's derives would write, field by field, in far less
/// code (which every `cargo check` of the crate pays for), and a list needs no formatting where
/// two function bodies per struct did (the README's Benchmarks section has the numbers).
fn private_module_text(parts: &PrivateParts, gate: Option<&str>) -> String {
    const TEXT: &str = include_str!("rust/__private.rs");
    let mut out = String::with_capacity(TEXT.len());
    // Whether each enclosing part is kept.
    let mut kept: Vec<bool> = Vec::new();
    for line in TEXT.split_inclusive('\n') {
        let marker = line.trim().strip_prefix("// @");
        if let Some(open) = marker.and_then(|m| m.strip_suffix(" {")) {
            kept.push(match open.strip_prefix("not ") {
                Some(part) => !parts.has(part),
                None => parts.has(open),
            });
        } else if marker.is_some_and(|m| m.ends_with(" }")) {
            kept.pop();
        } else if kept.iter().all(|&k| k) {
            match (marker, gate) {
                (Some("schemars-gate"), None) => {}
                (Some("schemars-gate"), Some(feature)) => {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    out.push_str(&format!("{indent}#[cfg(feature = {feature:?})]\n"));
                }
                (Some("formats-text"), _) => {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    for text in include_str!("rust/formats.rs").split_inclusive('\n') {
                        if text.trim().is_empty() {
                            out.push_str(text);
                        } else {
                            out.push_str(indent);
                            out.push_str(text);
                        }
                    }
                }
                _ => out.push_str(line),
            }
        }
    }
    out
}

/// `Serialize` and `Deserialize` of a union with a discriminator: the tag first, then the
/// variant struct's other fields; the variant struct reads the whole object, tag included (see
/// `__private::tagged`).
fn tagged_serde(u: &Union, key: &str, name: &Ident) -> [TokenStream; 2] {
    let type_name = name.to_string();
    let variants: Vec<Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let tags: Vec<&str> = u.variants.iter().map(|v| v.tag.as_deref().unwrap_or(&v.name)).collect();
    let values = u.variants.iter().map(|v| if v.boxed { quote!(&**value) } else { quote!(value) });
    let serialize = quote! {
        impl Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                match self {
                    #(Self::#variants(value) => crate::__private::tagged::write(serializer, #type_name, #key, #tags, #values),)*
                }
            }
        }
    };
    let reads: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let wrap = if v.boxed { quote!(|v| Self::#variant(Box::new(v))) } else { quote!(Self::#variant) };
            quote!(serde_json::from_value(value).map(#wrap))
        })
        .collect();
    let read = match reads.as_slice() {
        // One variant: the tag is checked, and there is nothing to choose.
        [read] => quote! {
            crate::__private::tagged::variant::<__D::Error>(&value, #key, TAGS)?;
            let read = #read;
        },
        _ => {
            // The last arm takes what is left: `variant` returns an index below the tag count.
            let arms = reads.iter().enumerate().map(|(i, read)| {
                let arm =
                    if i + 1 == reads.len() { quote!(_) } else { Literal::usize_unsuffixed(i).into_token_stream() };
                quote!(#arm => #read,)
            });
            quote! {
                let read = match crate::__private::tagged::variant(&value, #key, TAGS)? {
                    #(#arms)*
                };
            }
        }
    };
    let deserialize = quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                const TAGS: &[&str] = &[#(#tags),*];
                let value = serde_json::Value::deserialize(deserializer)?;
                #read
                read.map_err(serde::de::Error::custom)
            }
        }
    };
    [serialize, deserialize]
}

/// Which models are variants of a union with a discriminator, as `schema.models`: their structs
/// implement `__private::tagged::Fields`.
fn tagged_variants(schema: &Schema) -> Vec<bool> {
    let mut tagged = vec![false; schema.models.len()];
    for m in &schema.models {
        if let ModelKind::Union(u) = &m.kind
            && u.discriminator.is_some()
        {
            for name in u.variants.iter().filter_map(|v| v.bare_model()) {
                tagged[schema.position(name)] = true;
            }
        }
    }
    tagged
}

/// Which optional parts of `__private` the models need.
#[derive(Debug, Default)]
struct PrivateParts {
    /// Field kinds in use (`bytes`, `optional_nullable`, ...).
    kinds: BTreeSet<&'static str>,
    closed: bool,
    required_nullable: bool,
    /// What the `Validate` impls use.
    validation: validate::Uses,
    /// A union with a discriminator.
    tagged: bool,
}

impl PrivateParts {
    fn of(schema: &Schema, validated: &[bool]) -> Self {
        let mut parts = PrivateParts { validation: validate::uses(schema, validated), ..PrivateParts::default() };
        for m in &schema.models {
            if let ModelKind::Union(u) = &m.kind {
                parts.tagged |= u.discriminator.is_some();
            }
            let ModelKind::Struct(s) = &m.kind else { continue };
            parts.closed |= s.is_closed();
            for f in &s.fields {
                parts.kinds.insert(field_kind(f));
                parts.required_nullable |= f.presence() == Presence::RequiredNullable;
            }
        }
        parts
    }

    fn has(&self, part: &str) -> bool {
        match part {
            "closed" => self.closed,
            "required_nullable" => self.required_nullable,
            "tagged" => self.tagged,
            "enums" => self.validation.enums,
            "structs" => self.validation.structs,
            "any_of" => self.validation.any_of,
            "rules" => self.validation.rules,
            "patterns" => self.validation.patterns,
            "formats" => self.validation.formats,
            "checks" => self.validation.enums || self.validation.rules,
            // Any `[]byte` field needs the base64 helpers.
            "bytes" => self.kinds.iter().any(|k| k.ends_with("bytes")),
            kind => self.kinds.contains(kind),
        }
    }
}

/// The kind of a field in its struct's `serde_struct!` call: a module of `__private::fields`.
fn field_kind(f: &Field) -> &'static str {
    match (is_bytes(f), f.presence()) {
        (false, Presence::Required | Presence::RequiredNullable) => "required",
        (false, Presence::Optional { .. }) => "optional",
        (false, Presence::OptionalNullable) => "optional_nullable",
        (true, Presence::Required) => "bytes",
        (true, Presence::RequiredNullable) => "nullable_bytes",
        (true, Presence::Optional { .. }) => "optional_bytes",
        (true, Presence::OptionalNullable) => "optional_nullable_bytes",
    }
}

/// Whether the models' files write `impl Serialize`/`Deserialize` or derive them (enums and
/// unions do; a struct's come from its macro call).
fn needs_serde_imports(models: &[&Model]) -> bool {
    models.iter().any(|m| !matches!(m.kind, ModelKind::Struct(_)))
}

/// `crate::__private::serde_struct! { Name { field: kind "wire", ... } }`, a field a line
/// (`Name DENY_UNKNOWN_FIELDS { ... }` for a closed struct).
fn serde_struct_call(s: &Struct, name: &Ident, tagged: bool) -> String {
    let mut head = name.to_string();
    if tagged {
        head.push_str(" TAGGED");
    }
    if s.is_closed() {
        head.push_str(" DENY_UNKNOWN_FIELDS");
    }
    if s.fields.is_empty() {
        return format!("crate::__private::serde_struct! {{\n    {head} {{}}\n}}\n");
    }
    let mut text = format!("crate::__private::serde_struct! {{\n    {head} {{\n");
    for f in &s.fields {
        let kind = field_kind(f);
        let wire = Literal::string(f.wire());
        text.push_str(&format!("        {}: {kind} {wire},\n", f.rust_name));
    }
    text.push_str("    }\n}\n");
    text
}

/// The crate's `Violation` and `Validate`, as written in `rust/validate_api.rs`.
fn validate_api() -> Section {
    Section::Text(include_str!("rust/validate_api.rs").to_owned())
}

const LIB_DOCS: &str = "API models generated from the definitions in `schema/`.

Every type implements `serde::Serialize`, `serde::Deserialize` and `schemars::JsonSchema`
(or, if the crate gates it behind a feature, with that feature); its JSON Schema is
published beside the crate. Enums are open: a value that a later
version of the API adds deserializes into the `Unknown` variant and serializes back unchanged.";

/// Allowed at the top of the crate (or of each module of the single file).
///
/// The docs carry the API's descriptions as written (the published schemas carry the same
/// text), so the lints on how doc comments are written do not apply to them: a `[name]` that is
/// no link, a list item continued lazily, an HTML tag or a code block's attributes as an API's
/// author wrote them. A field's type nests as deep as the definitions nest it
/// (`map[string]map[string][]T`), where a hand-written crate would name a part. And deprecated
/// models are still used by the models that hold them.
fn crate_allows() -> TokenStream {
    quote! {
        #![allow(deprecated)]
        #![allow(clippy::type_complexity)]
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::tabs_in_doc_comments)]
        #![allow(
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_codeblock_attributes,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks
        )]
    }
}

/// `tests/models/mod.rs`: a macro that calls back with every model's type, published schema
/// file and kind, so that the crate's tests can check each one. Written as text: prettyplease
/// leaves a `macro_rules!` body on one line.
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

/// What the items of one model's file depend on.
struct Cx<'a> {
    schema: &'a Schema,
    /// The cargo feature that gates `schemars`, if any.
    gate: Option<&'a str>,
    /// Name models by their `crate::` path instead of importing them.
    qualified: bool,
    /// Which models can have a violation, as `schema.models`.
    validated: &'a [bool],
    /// Which models are variants of a union with a discriminator, as `schema.models`.
    tagged: &'a [bool],
}

impl Cx<'_> {
    /// The model's type and its impls, each a top-level item.
    fn model_items(&self, model: &Model) -> Vec<Section> {
        let described = crate::emit::describe(model.description.as_deref(), &[]);
        let docs = doc_attrs(&described.rust_doc);
        let mut args = description_args(&described);
        if model.schema_name != model.rust_name {
            let schema_name = &model.schema_name;
            args.push(quote!(rename = #schema_name));
        }
        let head = Head {
            docs,
            deprecated: deprecated(model.deprecation.as_ref()),
            schemars: args,
            user_derives: model.rust_extras.derives.iter().map(|d| checked_tokens(d)).collect(),
            user_attributes: model.rust_extras.attributes.iter().map(|a| checked_tokens(a)).collect(),
            no_schemars_derive: false,
        };
        let name = ident(&model.rust_name);
        let mut items = match &model.kind {
            ModelKind::Struct(s) => self.struct_items(s, &name, head, self.tagged[self.schema.position(&model.name)]),
            ModelKind::Enum(e) => self.enum_items(e, &name, head).into_iter().map(Section::Rust).collect(),
            ModelKind::Union(u) => self.union_items(model, u, &name, head).into_iter().map(Section::Rust).collect(),
        };
        items.push(self.validate_section(model, &name));
        items
    }

    /// A struct; `tagged` if it is a variant of a union with a discriminator.
    fn struct_items(&self, s: &Struct, name: &Ident, head: Head, tagged: bool) -> Vec<Section> {
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if s.derives_default() {
            derives.push(quote!(Default));
        }
        let mut head = head;
        if s.is_closed() {
            head.schemars.push(quote!(deny_unknown_fields));
        }
        let head = self.head(head, derives, TokenStream::new());
        let fields = s.fields.iter().map(|f| self.field(f));
        let item = quote! {
            #head
            pub struct #name {
                #(#fields,)*
            }
        };
        vec![Section::Rust(item), Section::Text(serde_struct_call(s, name, tagged))]
    }

    /// A struct field, with what schemars cannot see (the struct's serde impls are written
    /// out, so names and optionality go to schemars' own attribute, which takes serde's keys).
    fn field(&self, f: &Field) -> TokenStream {
        let examples: Vec<String> =
            f.typed_examples.iter().map(|e| format!("Example: `{}`", example_text(e))).collect();
        let described = crate::emit::describe(f.description.as_deref(), &examples);
        let docs = doc_attrs(&described.rust_doc);
        let deprecated = deprecated(f.deprecation.as_ref());
        let wire = f.wire();
        let mut args = Vec::new();
        if wire != f.rust_name.trim_start_matches("r#") {
            args.push(quote!(rename = #wire));
        }
        let inner = self.field_type(f);
        // What schemars derives the field's schema from, where the Rust type does not say it:
        // base64 text for bytes; a value without `null` for `nullable: false`; `null` allowed
        // on a field that must be given.
        let schema_of = if is_bytes(f) { "String".to_owned() } else { type_text(&inner) };
        let presence = f.presence();
        let with = match presence {
            Presence::Required => is_bytes(f).then(|| schema_of.clone()),
            Presence::RequiredNullable => Some(format!("crate::__private::Nullable<{schema_of}>")),
            Presence::Optional { null_published: true } => is_bytes(f).then(|| format!("Option<{schema_of}>")),
            Presence::Optional { null_published: false } => Some(schema_of.clone()),
            Presence::OptionalNullable => is_bytes(f).then(|| format!("Option<{schema_of}>")),
        };
        let ty = with_presence(inner, presence);
        if f.is_optional() {
            args.push(quote!(default));
            args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        args.extend(description_args(&described));
        if let Some(with) = with {
            args.push(quote!(with = #with));
        }
        let extend = schema_keywords(f);
        if !extend.is_empty() {
            let (keys, values): (Vec<_>, Vec<_>) = extend.into_iter().unzip();
            args.push(quote!(extend(#(#keys = #values),*)));
        }
        let schemars = self.schemars_attr(&args);
        let name = ident(&f.rust_name);
        quote! { #docs #deprecated #schemars pub #name: #ty }
    }

    fn field_type(&self, f: &Field) -> TokenStream {
        self.type_tokens(&f.ty, f.boxed)
    }

    /// The Rust type of a type of the notation; `boxed` boxes what the lists and maps hold.
    fn type_tokens(&self, ty: &FieldType, boxed: bool) -> TokenStream {
        let wrappers = &ty.wrappers;
        let mut ty = match &ty.base {
            BaseType::Primitive(p) => primitive(*p),
            BaseType::Model { name, .. } => self.model_type(self.schema.get(name)),
            BaseType::Foreign { name, .. } => {
                self.schema.foreign(name).rust.parse().expect("the checker parsed every foreign type")
            }
        };
        if boxed {
            ty = quote!(Box<#ty>);
        }
        for w in wrappers.iter().rev() {
            ty = match (w, self.qualified) {
                (Wrapper::List, _) => quote!(Vec<#ty>),
                (Wrapper::Map, false) => quote!(BTreeMap<String, #ty>),
                (Wrapper::Map, true) => quote!(std::collections::BTreeMap<String, #ty>),
            };
        }
        ty
    }

    fn model_type(&self, target: &Model) -> TokenStream {
        let name = ident(&target.rust_name);
        if self.qualified {
            let module = ident(&module_name(&target.name.namespace));
            quote!(crate::#module::#name)
        } else {
            quote!(#name)
        }
    }

    /// An open enum: the listed values, and a variant that keeps any other. Serde's derive
    /// would buffer every value to try the catch-all variant; a `match` on the text is all it
    /// takes.
    fn enum_items(&self, e: &Enum, name: &Ident, head: Head) -> Vec<TokenStream> {
        let derives = ["Debug", "Clone", "PartialEq", "Eq", "Hash"].map(|d| ident(d).into_token_stream());
        let head = self.head(head, derives.into(), TokenStream::new());
        let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
        let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
        let renames = values.iter().map(|v| self.schemars_attr(&[quote!(rename = #v)]));
        let unknown = ident(&e.unknown_variant);
        // `untagged` as serde would have it, so schemars derives the same shape as for serde's
        // derive: the listed values (`skip` leaves the catch-all variant out of the schema).
        let unknown_attr = self.schemars_attr(&[quote!(untagged), quote!(skip)]);
        let item = quote! {
            #head
            pub enum #name {
                #(#renames #variants,)*
                /// A value these definitions do not list, kept as received so that it serializes back unchanged.
                #unknown_attr
                #unknown(String),
            }
        };
        let methods = quote! {
            impl #name {
                /// The value as it is written in JSON.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #values,)*
                        Self::#unknown(value) => value,
                    }
                }
            }
        };
        let display = quote! {
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        };
        let from_str_doc = format!(" Any text parses: a value the definitions do not list becomes `{unknown}`.");
        let from_str = quote! {
            #[doc = #from_str_doc]
            impl std::str::FromStr for #name {
                type Err = std::convert::Infallible;

                fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                    let variant = match value {
                        #(#values => Self::#variants,)*
                        _ => Self::#unknown(value.to_owned()),
                    };
                    Ok(variant)
                }
            }
        };
        let serialize = quote! {
            impl Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        };
        let deserialize = quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                    let value = String::deserialize(deserializer)?;
                    value.parse().map_err(serde::de::Error::custom)
                }
            }
        };
        vec![item, methods, display, from_str, serialize, deserialize]
    }

    fn union_items(&self, model: &Model, u: &Union, name: &Ident, head: Head) -> Vec<TokenStream> {
        // Without a discriminator, serde's untagged enums would take the first variant that
        // deserializes; several variants get a `Deserialize` of their own (see below).
        let custom_deserialize = u.discriminator.is_none() && u.variants.len() > 1;
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        let mut head = head;
        let serde = match &u.discriminator {
            // Serde's impls and the schema are written out below.
            Some(_) => {
                head.schemars.clear();
                head.no_schemars_derive = true;
                TokenStream::new()
            }
            None => {
                derives.push(quote!(Serialize));
                if !custom_deserialize {
                    derives.push(quote!(Deserialize));
                }
                quote!(#[serde(untagged)])
            }
        };
        let head = self.head(head, derives, serde);
        // Variants hold whole models; boxing them all would cost every user an indirection.
        let large = (u.variants.len() > 1).then(|| quote!(#[allow(clippy::large_enum_variant)]));
        let variants = u.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let ty = self.variant_type(v);
            quote!(#variant(#ty))
        });
        let mut items = vec![quote! {
            #head
            #large
            pub enum #name {
                #(#variants,)*
            }
        }];
        // `From` each variant's type; a type that two variants hold could come from either.
        let types: Vec<String> = u.variants.iter().map(|v| self.type_tokens(&v.ty, false).to_string()).collect();
        for (v, text) in u.variants.iter().zip(&types) {
            if types.iter().filter(|t| *t == text).count() > 1 {
                continue;
            }
            let variant = ident(&v.name);
            let ty = self.type_tokens(&v.ty, false);
            let value = if v.boxed { quote!(Box::new(value)) } else { quote!(value) };
            items.push(quote! {
                impl std::convert::From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
            });
        }
        if custom_deserialize {
            items.push(self.untagged_deserialize(u, name));
        }
        if let Some(key) = &u.discriminator {
            items.extend(tagged_serde(u, key, name));
            items.push(self.tagged_schema(model, u, key, name));
        }
        items
    }

    /// `JsonSchema` of a union with a discriminator, written out: schemars' derive, for serde's
    /// internally tagged enums, merges the tag into a variant that refuses unknown fields (and
    /// lists the tag twice in its `required`), where the published schema refers to the variant's
    /// own schema, which has the tag as a field.
    fn tagged_schema(&self, model: &Model, u: &Union, key: &str, name: &Ident) -> TokenStream {
        let schema_name = &model.schema_name;
        let description = crate::emit::describe(model.description.as_deref(), &[]).schema;
        let description = if description.is_empty() { quote!(None) } else { quote!(Some(#description)) };
        let deprecated = model.is_deprecated();
        let arms = u.variants.iter().map(|v| {
            let tag = v.tag.as_deref().unwrap_or(&v.name);
            let ty = self.type_tokens(&v.ty, false);
            quote!((#tag, generator.subschema_for::<#ty>()))
        });
        // Without a feature, each file imports `JsonSchema` (for the derives).
        let (gate, json_schema) = match self.gate {
            Some(feature) => (Some(quote!(#[cfg(feature = #feature)])), quote!(schemars::JsonSchema)),
            None => (None, quote!(JsonSchema)),
        };
        quote! {
            #gate
            impl #json_schema for #name {
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    #schema_name.into()
                }

                fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let variants = [#(#arms),*];
                    crate::__private::tagged::schema(#description, #deprecated, #key, variants)
                }
            }
        }
    }

    fn variant_type(&self, v: &crate::model::UnionVariant) -> TokenStream {
        self.type_tokens(&v.ty, v.boxed)
    }

    /// Serde's untagged enums take the first variant that deserializes, and a struct whose
    /// fields are all optional takes anything. This picks the first variant whose fields cover
    /// every property of the value instead, so `{"plaid": ...}` does not land in a variant
    /// without `plaid`.
    fn untagged_deserialize(&self, u: &Union, name: &Ident) -> TokenStream {
        // The wire names of each struct variant's fields.
        let fields: Vec<Option<Vec<&str>>> = u
            .variants
            .iter()
            .map(|v| match v.bare_model().map(|m| &self.schema.get(m).kind) {
                Some(ModelKind::Struct(s)) => Some(s.fields.iter().map(Field::wire).collect()),
                _ => None,
            })
            .collect();
        let lists: Vec<&Vec<&str>> = fields.iter().flatten().collect();
        let no_match = format!("the value fits no variant of `{name}`");
        let (table, fits) = if lists.is_empty() {
            (None, None)
        } else {
            let count = Literal::usize_unsuffixed(lists.len());
            let lists = lists.iter().map(|names| quote!(&[#(#names),*]));
            let table = quote! {
                /// The wire names of the fields of each struct variant, in the order they are tried.
                const FIELDS: [&[&str]; #count] = [#(#lists),*];
            };
            let fits = quote! {
                let fits = |i: usize| {
                    value.as_object().is_some_and(|o| o.keys().all(|k| FIELDS[i].contains(&k.as_str())))
                };
            };
            (Some(table), Some(fits))
        };
        let mut index = 0usize;
        let tries = u.variants.iter().zip(&fields).map(|(v, known)| {
            let variant = ident(&v.name);
            let wrap = if v.boxed { quote!(Box::new(v)) } else { quote!(v) };
            // No let chain (`fits(i) && let ...`): the code must compile under edition 2021 too.
            let pattern = match known {
                Some(_) => {
                    let i = Literal::usize_unsuffixed(index);
                    index += 1;
                    quote!(Some(Ok(v)) = fits(#i).then(|| serde_json::from_value(value.clone())))
                }
                None => quote!(Ok(v) = serde_json::from_value(value.clone())),
            };
            quote! {
                if let #pattern {
                    return Ok(Self::#variant(#wrap));
                }
            }
        });
        let tries: Vec<TokenStream> = tries.collect();
        // Then, as the published `anyOf` accepts a value any variant's schema accepts, the first
        // struct variant that reads it, properties it does not know skipped (a closed one
        // refuses them, and was tried).
        let fallbacks = u.variants.iter().zip(&fields).filter_map(|(v, known)| {
            known.as_ref()?;
            let closed = v
                .bare_model()
                .is_some_and(|m| matches!(&self.schema.get(m).kind, ModelKind::Struct(s) if s.is_closed()));
            if closed {
                return None;
            }
            let variant = ident(&v.name);
            let wrap = if v.boxed { quote!(Box::new(v)) } else { quote!(v) };
            Some(quote! {
                if let Ok(v) = serde_json::from_value(value.clone()) {
                    return Ok(Self::#variant(#wrap));
                }
            })
        });
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                    #table
                    const NO_MATCH: &str = #no_match;
                    let value = serde_json::Value::deserialize(deserializer)?;
                    #fits
                    #(#tries)*
                    #(#fallbacks)*
                    Err(serde::de::Error::custom(NO_MATCH))
                }
            }
        }
    }

    /// Docs, deprecation, derives and schemars attributes of a model's type; then the user's
    /// derives (after the generated code's own) and attributes (after all of its own).
    fn head(&self, head: Head, mut derives: Vec<TokenStream>, serde: TokenStream) -> TokenStream {
        let Head { docs, deprecated, schemars, user_derives, user_attributes, no_schemars_derive } = head;
        let gated = match self.gate {
            _ if no_schemars_derive => None,
            None => {
                derives.push(quote!(JsonSchema));
                None
            }
            Some(feature) => Some(quote!(#[cfg_attr(feature = #feature, derive(schemars::JsonSchema))])),
        };
        derives.extend(user_derives);
        let schemars = self.schemars_attr(&schemars);
        quote! {
            #docs
            #deprecated
            #[derive(#(#derives),*)]
            #serde
            #gated
            #schemars
            #(#user_attributes)*
        }
    }

    /// `#[schemars(...)]`, behind `#[cfg_attr(feature = ...)]` when schemars is a feature;
    /// nothing without arguments.
    fn schemars_attr(&self, args: &[TokenStream]) -> Option<TokenStream> {
        if args.is_empty() {
            return None;
        }
        Some(match self.gate {
            None => quote!(#[schemars(#(#args),*)]),
            Some(feature) => quote!(#[cfg_attr(feature = #feature, schemars(#(#args),*))]),
        })
    }
}

/// What every model's type carries besides the derives of its kind.
struct Head {
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    schemars: Vec<TokenStream>,
    /// From the settings (`rust:`): derive paths, and outer attributes.
    user_derives: Vec<TokenStream>,
    user_attributes: Vec<TokenStream>,
    /// `JsonSchema` is written out, not derived.
    no_schemars_derive: bool,
}

/// `#[doc = "..."]` a line, which prettyplease prints as `///` comments.
fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` a line: a file's `//!` docs.
fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Each line of a doc text as rustdoc's comments hold it: after a space, trailing spaces gone.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.trim_end().lines().map(|line| match line.trim_end() {
        "" => String::new(),
        line => format!(" {line}"),
    })
}

/// The `schemars` description (and title) arguments where the docs alone would not derive
/// exactly the description.
fn description_args(described: &crate::emit::Described) -> Vec<TokenStream> {
    let mut args = Vec::new();
    if described.needs_attr {
        if described.suppress_title {
            args.push(quote!(title = ""));
        }
        let description = &described.schema;
        args.push(quote!(description = #description));
    }
    args
}

fn deprecated(deprecation: Option<&Deprecation>) -> Option<TokenStream> {
    let dep = deprecation?;
    if dep.notice == Deprecation::STANDARD_NOTICE {
        return Some(quote!(#[deprecated]));
    }
    // Brackets escaped: rustdoc resolves intra-doc links in a note, and one that names no item
    // there makes it crash (rustdoc 1.95: "no resolutions for a doc link").
    let note = dep.notice.replace('[', "\\[").replace(']', "\\]");
    Some(quote!(#[deprecated(note = #note)]))
}

/// JSON Schema keywords the derive cannot infer, as `schemars`' `extend` takes them: examples,
/// constraints, defaults, the encoding of bytes.
fn schema_keywords(f: &Field) -> Vec<(&'static str, TokenStream)> {
    let c = &f.constraints;
    let mut out: Vec<(&str, serde_json::Value)> = Vec::new();
    if !f.typed_examples.is_empty() {
        out.push(("examples", serde_json::Value::Array(f.typed_examples.clone())));
    }
    if let Some(v) = &c.format {
        out.push(("format", v.clone().into()));
    }
    if let Some(v) = &c.minimum {
        out.push(("minimum", serde_json::Value::Number(v.clone())));
    }
    if let Some(v) = &c.maximum {
        out.push(("maximum", serde_json::Value::Number(v.clone())));
    }
    for (key, v) in
        [("minLength", c.min_length), ("maxLength", c.max_length), ("minItems", c.min_items), ("maxItems", c.max_items)]
    {
        if let Some(v) = v {
            out.push((key, v.into()));
        }
    }
    if let Some(v) = &c.pattern {
        out.push(("pattern", v.clone().into()));
    }
    if let Some(v) = &f.default {
        out.push(("default", v.clone()));
    }
    if is_bytes(f) {
        out.push(("contentEncoding", "base64".into()));
    }
    out.into_iter().map(|(key, value)| (key, json_tokens(&value))).collect()
}

/// A JSON value in the syntax of `serde_json::json!`, which `schemars`' `extend` takes.
fn json_tokens(v: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match v {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            let text = n.to_string();
            let (minus, abs) = match text.strip_prefix('-') {
                Some(abs) => (Some(quote!(-)), abs.to_owned()),
                None => (None, text),
            };
            // Beyond `i32`, the type `json!` would give an integer literal, a suffix says it.
            let suffix = match (n.as_i64(), n.as_u64()) {
                (Some(i), _) if i32::try_from(i).is_err() => "i64",
                (None, Some(_)) => "u64",
                _ => "",
            };
            let abs: Literal = format!("{abs}{suffix}").parse().expect("a JSON number is a Rust literal");
            quote!(#minus #abs)
        }
        Value::String(s) => quote!(#s),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json_tokens(v);
                quote!(#k: #v)
            });
            quote!({#(#entries),*})
        }
    }
}

fn example_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote!(String),
        Primitive::Int | Primitive::Int64 => quote!(i64),
        Primitive::Int32 => quote!(i32),
        Primitive::Float64 => quote!(f64),
        Primitive::Float32 => quote!(f32),
        Primitive::Bool => quote!(bool),
        Primitive::Bytes => quote!(Vec<u8>),
        Primitive::Any | Primitive::AnyAlias => quote!(serde_json::Value),
    }
}

/// A type's tokens as Rust text, as a person writes it (`Vec<crate::pets::Tag>`), for an
/// attribute that takes a type in a string.
/// A field's type for its presence: `T`, `Option<T>`, or `Option<Option<T>>` when it may be
/// absent and `null` both.
fn with_presence(inner: TokenStream, presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional { .. } => quote!(Option<#inner>),
        Presence::OptionalNullable => quote!(Option<Option<#inner>>),
    }
}

/// What a comparison of two versions' Rust types needs: a type as the emitter writes it, models
/// by their path from the crate's root (`shared::Account`).
fn api_type_text(ty: TokenStream) -> String {
    type_text(&ty).replace("crate::", "").replace("std::collections::", "")
}

/// A Cx for a type's text only: nothing it reads of validation or tagging.
fn type_cx(schema: &Schema) -> Cx<'_> {
    Cx { schema, gate: None, qualified: true, validated: &[], tagged: &[] }
}

/// A struct field's Rust type as the emitter writes it, `Option`s of its presence included:
/// `Option<Vec<shared::Account>>`.
pub(crate) fn field_type_text(schema: &Schema, field: &Field) -> String {
    api_type_text(with_presence(type_cx(schema).field_type(field), field.presence()))
}

/// The type a union variant holds, as the emitter writes it: `Box<shared::Node>`, `String`.
pub(crate) fn variant_type_text(schema: &Schema, variant: &crate::model::UnionVariant) -> String {
    api_type_text(type_cx(schema).variant_type(variant))
}

fn type_text(ty: &TokenStream) -> String {
    ty.to_string().replace(' ', "").replace(',', ", ")
}

/// A `[]byte` field: base64 text on the wire, as Go's `encoding/json` writes it.
fn is_bytes(f: &Field) -> bool {
    f.ty.base == BaseType::Primitive(Primitive::Bytes) && f.ty.wrappers.is_empty()
}

/// Rust text from the settings (a derive's path, attributes) that the checker parsed with syn.
fn checked_tokens(text: &str) -> TokenStream {
    text.parse().expect("the checker parsed the settings' Rust text")
}

/// An identifier the checker made valid; `r#type` as a raw one.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `crate::a::b` or `super`.
fn path(text: &str) -> TokenStream {
    let segments = text.split("::").map(ident);
    quote!(#(#segments)::*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_file_is_formatted_from_covers_formatter_header_and_every_token() {
        let rust = |text: &str| Section::Rust(text.parse().unwrap());
        let hash = |formatter: &str, header: &str, sections: &[Section]| formatted_from(formatter, header, sections);
        let base = hash(FORMATTER, "// h", &[rust("struct A;"), rust("struct B;")]);
        assert_eq!(base, hash(FORMATTER, "// h", &[rust("struct A;"), rust("struct B;")]));
        let other_formatter = FORMATTER.replace("0.3.0", "0.3.1");
        assert_ne!(other_formatter, FORMATTER);
        assert_ne!(base, hash(&other_formatter, "// h", &[rust("struct A;"), rust("struct B;")]));
        assert_ne!(base, hash(FORMATTER, "// H", &[rust("struct A;"), rust("struct B;")]));
        assert_ne!(base, hash(FORMATTER, "// h", &[rust("struct A;"), rust("struct C;")]));
        // The same tokens cut into sections otherwise print otherwise (a blank line between),
        // and text is not tokens.
        assert_ne!(base, hash(FORMATTER, "// h", &[rust("struct A; struct B;")]));
        assert_ne!(base, hash(FORMATTER, "// h", &[Section::Text("struct A;".into()), rust("struct B;")]));
        let module = |inner| Section::Module(ident("m"), inner);
        assert_ne!(base, hash(FORMATTER, "// h", &[module(vec![rust("struct A;"), rust("struct B;")])]));
    }

    /// The cache trusts `FORMATTER` to name the prettyplease that formats: Cargo.toml pins it.
    #[test]
    fn the_formatter_named_is_the_one_pinned() {
        let manifest = include_str!("../../Cargo.toml");
        let pin =
            manifest.lines().find_map(|l| l.strip_prefix("prettyplease = \"=")).expect("prettyplease pinned with =");
        let version = pin.trim_end_matches('"');
        assert!(FORMATTER.starts_with(&format!("prettyplease {version};")), "{FORMATTER} vs {version}");
    }
}
