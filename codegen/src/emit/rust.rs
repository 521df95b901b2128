//! Emits Rust types: serde and `schemars::JsonSchema` derives, `///` docs, formatted by prettyplease.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::check::Schema;
use crate::emit::{GeneratedFile, Header};
use crate::model::{BaseType, Enum, Field, Model, ModelKind, Primitive, Struct, Union, Wrapper};

/// How the Rust output is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustLayout {
    /// `lib.rs`, a folder per namespace and a file per model: a crate to commit.
    Crate,
    /// One file with a module per namespace, for `include!` from a build script's `OUT_DIR`.
    SingleFile,
}

thread_local! {
    /// Time spent turning tokens into formatted text on this thread (for `--timings`).
    static FORMAT_TIME: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// Takes the formatting time this thread accumulated.
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

/// The Rust files for the whole schema, paths relative to the crate root (or `OUT_DIR`), and
/// the time spent formatting them (summed over threads).
pub fn emit(schema: &Schema, header: &Header, options: &RustOptions) -> (Vec<GeneratedFile>, Duration) {
    let namespaces = schema.namespaces();
    let gate = options.schemars_feature.as_deref();
    match options.layout {
        RustLayout::Crate => {
            let mut files = Vec::new();
            let mut model_files: Vec<&Model> = Vec::new();
            let mods = namespaces.iter().map(|ns| format_ident!("{}", module_name(ns)));
            let helper = uses_bytes(schema).then(base64_module);
            // Crate docs from a file of the crate (its README, say), or a short generated text.
            let (inner_docs, include) = match &options.crate_docs {
                Some(path) => {
                    let path = format!("../{path}");
                    (String::new(), Some(quote! { #![doc = include_str!(#path)] }))
                }
                None => (lib_docs(), None),
            };
            let lib = quote! {
                #include
                #![allow(deprecated)]
                #(pub mod #mods;)*
                #helper
            };
            files.push(file("src/lib.rs", header, &inner_docs, lib));
            for ns in &namespaces {
                let models: Vec<&Model> = schema.models.iter().filter(|m| m.name.namespace == *ns).collect();
                let decls = models.iter().map(|m| {
                    let module = format_ident!("{}", m.file_stem);
                    let name = format_ident!("{}", m.rust_name);
                    quote! { mod #module; pub use #module::#name; }
                });
                let doc = format!("//! Models of the `{ns}` namespace.\n");
                files.push(file(&format!("src/{}/mod.rs", module_name(ns)), header, &doc, quote! { #(#decls)* }));
                model_files.extend(models);
            }
            files.push(model_list(schema, header));
            // Tokens are not `Send`: each thread builds and formats its own files.
            let mut format_time = take_format_time();
            for (file, time) in crate::par_map(&model_files, |m| {
                let doc = format!("//! `{}`, from `{}`.\n", m.name, m.doc_path);
                let path = format!("src/{}/{}.rs", module_name(&m.name.namespace), m.file_stem);
                (file(&path, header, &doc, model_file(schema, m, gate)), take_format_time())
            }) {
                files.push(file);
                format_time += time;
            }
            (files, format_time)
        }
        RustLayout::SingleFile => {
            let schemars_import = gate.is_none().then(|| quote! { use schemars::JsonSchema; });
            let modules = namespaces.iter().map(|ns| {
                let module = format_ident!("{}", module_name(ns));
                let items = schema
                    .models
                    .iter()
                    .filter(|m| m.name.namespace == *ns)
                    .map(|m| model_items(schema, m, true, gate));
                quote! {
                    pub mod #module {
                        #![allow(deprecated)]
                        #schemars_import
                        use serde::{Deserialize, Serialize};
                        #(#items)*
                    }
                }
            });
            let helper = uses_bytes(schema).then(base64_module);
            let files = vec![file("models.rs", header, "", quote! { #(#modules)* #helper })];
            (files, take_format_time())
        }
    }
}

/// `tests/models/mod.rs`: a macro that calls back with every model's type, published schema
/// file and kind, so that the crate's tests can check each one.
fn model_list(schema: &Schema, header: &Header) -> GeneratedFile {
    // Written as text: prettyplease leaves macro bodies unformatted.
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

fn uses_bytes(schema: &Schema) -> bool {
    schema.models.iter().any(|m| matches!(&m.kind, ModelKind::Struct(s) if s.fields.iter().any(is_bytes)))
}

/// Serde helpers for `[]byte` fields (standard base64 with padding, as Go encodes them).
fn base64_module() -> TokenStream {
    quote! {
        /// Serde helpers that read and write bytes as standard base64 text.
        #[doc(hidden)]
        pub mod base64_bytes {
            use base64::Engine as _;
            use base64::engine::general_purpose::STANDARD;
            use serde::{Deserialize, Deserializer, Serializer};

            /// Writes bytes as base64 text.
            pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&STANDARD.encode(bytes))
            }

            /// Reads base64 text into bytes.
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
                let text = String::deserialize(deserializer)?;
                STANDARD.decode(text).map_err(serde::de::Error::custom)
            }

            /// The same, for optional fields.
            pub mod option {
                use super::*;

                /// Writes bytes, if any, as base64 text.
                pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, serializer: S) -> Result<S::Ok, S::Error> {
                    match bytes {
                        Some(b) => super::serialize(b, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads optional base64 text into bytes.
                pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
                    Option::<String>::deserialize(deserializer)?
                        .map(|text| STANDARD.decode(text).map_err(serde::de::Error::custom))
                        .transpose()
                }
            }
        }
    }
}

fn lib_docs() -> String {
    "//! API models generated from the definitions in `schema/`.\n\
     //!\n\
     //! Every type derives `serde::Serialize`, `serde::Deserialize` and `schemars::JsonSchema`;\n\
     //! its JSON Schema is published beside the crate. Enums are open: a value that a later\n\
     //! version of the API adds deserializes into the `Unknown` variant and serializes back unchanged.\n"
        .to_owned()
}

fn module_name(namespace: &str) -> String {
    crate::check::rust_field_name(namespace)
}

fn file(path: &str, header: &Header, inner_docs: &str, tokens: TokenStream) -> GeneratedFile {
    let start = Instant::now();
    let syntax: syn::File = syn::parse2(tokens).expect("emitted tokens form a Rust file");
    let body = separate_imports(&prettyplease::unparse(&syntax));
    FORMAT_TIME.with(|t| t.set(t.get() + start.elapsed()));
    let mut contents = format!("{}\n{inner_docs}", header.line_comment("//"));
    if !inner_docs.is_empty() {
        contents.push('\n');
    }
    contents.push_str(&body);
    GeneratedFile::new(path.to_owned(), contents)
}

/// Blank lines after the imports and between top-level items, as a person would leave them
/// (prettyplease keeps none).
fn separate_imports(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut lines = text.lines().peekable();
    // Inside a `use` that prettyplease broke over several lines.
    let mut in_import = false;
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let import = in_import || line.starts_with("use ");
        in_import = import && !line.ends_with(';');
        let Some(next) = lines.peek() else { break };
        let end_of_imports = import && !in_import && !next.starts_with("use ");
        let end_of_item = !import
            && (line == "}"
                || (line.ends_with(';')
                    && !line.starts_with(' ')
                    && !line.starts_with("mod ")
                    && !line.starts_with("pub use ")
                    && !line.starts_with("pub mod ")));
        if (end_of_imports || end_of_item) && !next.is_empty() {
            out.push('\n');
        }
    }
    out
}

fn model_file(schema: &Schema, model: &Model, gate: Option<&str>) -> TokenStream {
    // Imports grouped by module: `use super::{A, B};`, `use crate::sdkerrors::C;`.
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in crate::emit::json_schema::direct_references(schema, model) {
        let module = if t.name.namespace == model.name.namespace {
            "super".to_owned()
        } else {
            format!("crate::{}", module_name(&t.name.namespace))
        };
        if t.name != model.name {
            imports.entry(module).or_default().insert(t.rust_name.clone());
        }
    }
    let imports = imports.iter().map(|(module, names)| {
        let module: syn::Path = syn::parse_str(module).expect("module path");
        let names = names.iter().map(|n| format_ident!("{}", n));
        if names.len() == 1 {
            quote! { use #module::#(#names)*; }
        } else {
            quote! { use #module::{#(#names),*}; }
        }
    });
    let needs_map =
        matches!(&model.kind, ModelKind::Struct(s) if s.fields.iter().any(|f| f.ty.wrappers.contains(&Wrapper::Map)));
    let map_import = needs_map.then(|| quote! { use std::collections::BTreeMap; });
    let items = model_items(schema, model, false, gate);
    let schemars_import = gate.is_none().then(|| quote! { use schemars::JsonSchema; });
    quote! {
        #map_import
        #schemars_import
        use serde::{Deserialize, Serialize};
        #(#imports)*
        #items
    }
}

/// `#[doc = "..."]` lines for a text (prettyplease prints them as `///`).
fn docs(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        let line = format!(" {}", l.trim_end());
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `///` docs, plus the `schemars` description (and title) where the docs alone would not
/// derive exactly the description.
fn described(description: Option<&str>, extra_doc_lines: &[String]) -> (TokenStream, Vec<TokenStream>) {
    let d = crate::emit::describe(description, extra_doc_lines);
    let mut args = Vec::new();
    if d.needs_attr {
        if d.suppress_title {
            args.push(quote! { title = "" });
        }
        let text = &d.schema;
        args.push(quote! { description = #text });
    }
    (docs(&d.rust_doc), args)
}

/// `#[schemars(...)]`, behind `#[cfg_attr(feature = ...)]` when schemars support is a feature.
fn schemars_attr_tokens(gate: Option<&str>, args: TokenStream) -> TokenStream {
    match gate {
        None => quote! { #[schemars(#args)] },
        Some(feature) => quote! { #[cfg_attr(feature = #feature, schemars(#args))] },
    }
}

/// `JsonSchema` for the derive list, or a gated derive of its own.
fn derive_json_schema(gate: Option<&str>) -> (TokenStream, TokenStream) {
    match gate {
        None => (quote! { , JsonSchema }, quote! {}),
        Some(feature) => (quote! {}, quote! { #[cfg_attr(feature = #feature, derive(schemars::JsonSchema))] }),
    }
}

fn deprecated_attr(model_or_field: Option<&crate::model::Deprecation>) -> TokenStream {
    match model_or_field {
        None => quote! {},
        Some(d) if d.notice == crate::model::Deprecation::STANDARD_NOTICE => quote! { #[deprecated] },
        Some(d) => {
            let note = &d.notice;
            quote! { #[deprecated(note = #note)] }
        }
    }
}

fn model_items(schema: &Schema, model: &Model, qualified: bool, gate: Option<&str>) -> TokenStream {
    let (doc, mut schemars_args) = described(model.description.as_deref(), &[]);
    let deprecated = deprecated_attr(model.deprecation.as_ref());
    let name = format_ident!("{}", model.rust_name);
    if model.schema_name != model.rust_name {
        let n = &model.schema_name;
        schemars_args.push(quote! { rename = #n });
    }
    let (in_derive, gated_derive) = derive_json_schema(gate);
    let attrs = (!schemars_args.is_empty()).then(|| schemars_attr_tokens(gate, quote! { #(#schemars_args),* }));
    let rename = quote! { #gated_derive #attrs };
    let head = quote! { #doc #deprecated };
    match &model.kind {
        ModelKind::Struct(s) => struct_items(schema, s, head, (in_derive, rename), name, qualified, gate),
        ModelKind::Enum(e) => enum_items(e, head, (in_derive, rename), name, gate),
        ModelKind::Union(u) => union_items(schema, u, head, (in_derive, rename), name, qualified),
    }
}

/// The `JsonSchema` derive entry and the container's `schemars` attributes.
type SchemaAttrs = (TokenStream, TokenStream);

fn struct_items(
    schema: &Schema,
    s: &Struct,
    head: TokenStream,
    (in_derive, rename): SchemaAttrs,
    name: syn::Ident,
    qualified: bool,
    gate: Option<&str>,
) -> TokenStream {
    let all_optional = s.fields.iter().all(Field::is_optional);
    let default = all_optional.then(|| quote! { Default, });
    let fields = s.fields.iter().map(|f| field_tokens(schema, f, qualified, gate));
    quote! {
        #head
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize #in_derive)]
        #rename
        pub struct #name {
            #(#fields,)*
        }
    }
}

fn field_tokens(schema: &Schema, f: &Field, qualified: bool, gate: Option<&str>) -> TokenStream {
    let ident = match f.rust_name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", f.rust_name),
    };
    let example_lines: Vec<String> =
        f.typed_examples.iter().map(|e| format!("Example: `{}`", example_text(e))).collect();
    let (doc, description_args) = described(f.description.as_deref(), &example_lines);
    let deprecated = deprecated_attr(f.deprecation.as_ref());
    let wire = f.wire_name.as_deref().unwrap_or(&f.name);
    let plain_ident = f.rust_name.trim_start_matches("r#");
    let mut serde_args = Vec::new();
    if wire != plain_ident {
        serde_args.push(quote! { rename = #wire });
    }
    let mut ty = rust_type(schema, f, qualified);
    let bytes = is_bytes(f);
    if f.is_optional() {
        serde_args.push(quote! { default, skip_serializing_if = "Option::is_none" });
        if bytes {
            serde_args.push(quote! { with = "crate::base64_bytes::option" });
        }
        ty = quote! { Option<#ty> };
    } else if bytes {
        serde_args.push(quote! { with = "crate::base64_bytes" });
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    let schemars_attr = schemars_attr(f, description_args, gate);
    quote! {
        #doc
        #deprecated
        #serde_attr
        #schemars_attr
        pub #ident: #ty
    }
}

/// A `[]byte` field: base64 text on the wire, as Go's `encoding/json` writes it.
fn is_bytes(f: &Field) -> bool {
    f.ty.base == BaseType::Primitive(Primitive::Bytes) && f.ty.wrappers.is_empty()
}

/// JSON Schema keywords the derive cannot infer: examples, constraints, defaults (after the
/// description arguments, if any).
fn schemars_attr(f: &Field, mut args: Vec<TokenStream>, gate: Option<&str>) -> Option<TokenStream> {
    let mut extend = Vec::new();
    let c = &f.constraints;
    let json = |v: serde_json::Value| -> TokenStream { json_tokens(&v) };
    if !f.typed_examples.is_empty() {
        extend.push(("examples", json(serde_json::Value::Array(f.typed_examples.clone()))));
    }
    if let Some(v) = &c.format {
        extend.push(("format", json(v.clone().into())));
    }
    if let Some(v) = &c.minimum {
        extend.push(("minimum", json(serde_json::Value::Number(v.clone()))));
    }
    if let Some(v) = &c.maximum {
        extend.push(("maximum", json(serde_json::Value::Number(v.clone()))));
    }
    for (key, v) in
        [("minLength", c.min_length), ("maxLength", c.max_length), ("minItems", c.min_items), ("maxItems", c.max_items)]
    {
        if let Some(v) = v {
            extend.push((key, json(v.into())));
        }
    }
    if let Some(v) = &c.pattern {
        extend.push(("pattern", json(v.clone().into())));
    }
    if let Some(v) = &f.default {
        extend.push(("default", json(v.clone())));
    }
    if is_bytes(f) {
        let with = if f.is_optional() { "Option<String>" } else { "String" };
        args.push(quote! { with = #with });
        extend.push(("contentEncoding", json("base64".into())));
    }
    if !extend.is_empty() {
        let pairs = extend.iter().map(|(k, v)| quote! { #k = #v });
        args.push(quote! { extend(#(#pairs),*) });
    }
    (!args.is_empty()).then(|| schemars_attr_tokens(gate, quote! { #(#args),* }))
}

/// A JSON value as the token syntax `schemars`' `extend` takes (that of `serde_json::json!`).
fn json_tokens(v: &serde_json::Value) -> TokenStream {
    match v {
        serde_json::Value::Null => quote! { null },
        serde_json::Value::Bool(b) => quote! { #b },
        serde_json::Value::Number(n) => n.to_string().parse().expect("a JSON number is a Rust literal"),
        serde_json::Value::String(s) => {
            let lit = Literal::string(s);
            quote! { #lit }
        }
        serde_json::Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote! { [#(#items),*] }
        }
        serde_json::Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json_tokens(v);
                quote! { #k: #v }
            });
            quote! { { #(#entries),* } }
        }
    }
}

fn example_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn rust_type(schema: &Schema, f: &Field, qualified: bool) -> TokenStream {
    let mut ty = base_type(schema, &f.ty.base, qualified);
    if f.boxed {
        ty = quote! { Box<#ty> };
    }
    for w in f.ty.wrappers.iter().rev() {
        ty = match w {
            Wrapper::List => quote! { Vec<#ty> },
            Wrapper::Map => {
                if qualified {
                    quote! { std::collections::BTreeMap<String, #ty> }
                } else {
                    quote! { BTreeMap<String, #ty> }
                }
            }
        };
    }
    ty
}

fn base_type(schema: &Schema, base: &BaseType, qualified: bool) -> TokenStream {
    match base {
        BaseType::Primitive(p) => match p {
            Primitive::String => quote! { String },
            Primitive::Int | Primitive::Int64 => quote! { i64 },
            Primitive::Int32 => quote! { i32 },
            Primitive::Float64 => quote! { f64 },
            Primitive::Float32 => quote! { f32 },
            Primitive::Bool => quote! { bool },
            Primitive::Bytes => quote! { Vec<u8> },
            Primitive::Any => quote! { serde_json::Value },
        },
        BaseType::Model { name, .. } => {
            let target = schema.get(name);
            let ident = format_ident!("{}", target.rust_name);
            if qualified {
                let module = format_ident!("{}", module_name(&target.name.namespace));
                quote! { super::#module::#ident }
            } else {
                quote! { #ident }
            }
        }
        BaseType::Foreign { name, .. } => {
            let path: syn::Type = syn::parse_str(&schema.foreign(name).rust).expect("checked foreign type");
            quote! { #path }
        }
    }
}

fn enum_items(
    e: &Enum,
    head: TokenStream,
    (in_derive, rename): SchemaAttrs,
    name: syn::Ident,
    gate: Option<&str>,
) -> TokenStream {
    let variants = e.values.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let value = &v.value;
        quote! { #[serde(rename = #value)] #ident }
    });
    let unknown = format_ident!("{}", e.unknown_variant);
    let skip = schemars_attr_tokens(gate, quote! { skip });
    quote! {
        #head
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize #in_derive)]
        #rename
        pub enum #name {
            #(#variants,)*
            /// A value these definitions do not list, kept as received so that it serializes back unchanged.
            #[serde(untagged)]
            #skip
            #unknown(String),
        }
    }
}

fn union_items(
    schema: &Schema,
    u: &Union,
    head: TokenStream,
    (in_derive, rename): SchemaAttrs,
    name: syn::Ident,
    qualified: bool,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let target = schema.get(&v.model);
        let mut ty = base_type(schema, &BaseType::Model { name: target.name.clone(), link: None }, qualified);
        if v.boxed {
            ty = quote! { Box<#ty> };
        }
        let tag = v.tag.as_ref().filter(|_| u.discriminator.is_some()).map(|t| quote! { #[serde(rename = #t)] });
        quote! { #tag #ident(#ty) }
    });
    let (serde, derive_de, deserialize_impl) = match &u.discriminator {
        Some(prop) => (quote! { #[serde(tag = #prop)] }, quote! { , Deserialize }, None),
        None if u.variants.len() == 1 => (quote! { #[serde(untagged)] }, quote! { , Deserialize }, None),
        None => (quote! { #[serde(untagged)] }, quote! {}, Some(untagged_deserialize(schema, u, &name))),
    };
    // Variants hold whole models; boxing them all would cost every user an indirection.
    let allow = (u.variants.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    quote! {
        #head
        #[derive(Debug, Clone, PartialEq, Serialize #derive_de #in_derive)]
        #serde
        #rename
        #allow
        pub enum #name {
            #(#variants,)*
        }
        #deserialize_impl
    }
}

/// Serde's untagged enums take the first variant that deserializes, and a struct whose fields
/// are all optional takes anything. This picks the first variant whose fields cover every
/// property of the value instead, so `{"plaid": ...}` does not land in a variant without `plaid`.
fn untagged_deserialize(schema: &Schema, u: &Union, name: &syn::Ident) -> TokenStream {
    let tries = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let target = schema.get(&v.model);
        let wrap = if v.boxed {
            quote! { Box::new(v) }
        } else {
            quote! { v }
        };
        match &target.kind {
            ModelKind::Struct(s) => {
                let known = s.fields.iter().map(|f| f.wire_name.clone().unwrap_or_else(|| f.name.clone()));
                quote! {
                    if fits(&[#(#known),*]) && let Ok(v) = serde_json::from_value(value.clone()) {
                        return Ok(Self::#ident(#wrap));
                    }
                }
            }
            _ => quote! {
                if let Ok(v) = serde_json::from_value(value.clone()) {
                    return Ok(Self::#ident(#wrap));
                }
            },
        }
    });
    let message = format!("the value fits no variant of `{name}`");
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let fits = |known: &[&str]| {
                    value.as_object().is_some_and(|o| o.keys().all(|k| known.contains(&k.as_str())))
                };
                #(#tries)*
                Err(serde::de::Error::custom(#message))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn blank_lines_go_after_the_imports_and_between_items_only() {
        let formatted = "use std::collections::BTreeMap;\nuse super::{\n    Aaaa, Bbbb,\n};\nuse crate::x::C;\n\
                         pub struct A {\n    pub b: Bbbb,\n}\npub type D = C;\npub struct E;\n";
        let expected = "use std::collections::BTreeMap;\nuse super::{\n    Aaaa, Bbbb,\n};\nuse crate::x::C;\n\n\
                        pub struct A {\n    pub b: Bbbb,\n}\n\npub type D = C;\n\npub struct E;\n";
        assert_eq!(super::separate_imports(formatted), expected);
    }
}
