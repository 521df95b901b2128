//! The spec read: every `$ref` checked, schemas resolved (`$ref`s followed, `allOf` merged,
//! nullability from 3.0's `nullable` or 3.1's `null` type), and the places that name a model
//! in Speakeasy's SDKs listed as [`Site`]s: components, inline schemas, operations.

use std::collections::HashSet;

use serde_json::Value;

use super::tree::{Kind, Node, Pos};

/// How a site's name was given; the order is the matching's preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A component's (or `$defs` entry's) own name.
    Name,
    /// A schema's `title`.
    Title,
    /// An operation's request (`{OperationId}Request`: its parameters and body).
    OperationRequest,
    /// An operation's inline request body (`{OperationId}RequestBody`).
    RequestBody,
    /// An operation's inline response body (`{OperationId}ResponseBody`).
    ResponseBody,
    /// An operation's response, as the SDK wraps it (`{OperationId}Response`).
    OperationResponse,
    /// An inline schema named after its property (`CreateTransfer.source` -> `Source`).
    Property,
    /// Its parent's name and the property (`GetTransferFullSourceDestinationApplePay`).
    ParentProperty,
    /// A `oneOf`/`anyOf` member, numbered from 1 after its union (`CreateEmbeddingRequest2`).
    Member,
    /// The enclosing component's name, other segments, then the property
    /// (`CreateProfileSchemasAddress`).
    Nested,
    /// A file of a multipart body (`type: string, format: binary`), which the SDK makes a struct
    /// of its name and bytes (`FileName`, `Content`), named as an inline schema is.
    FilePart,
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Name => "name",
            Rule::Title => "title",
            Rule::OperationRequest => "operation request",
            Rule::RequestBody => "request body",
            Rule::ResponseBody => "response body",
            Rule::OperationResponse => "operation response",
            Rule::Property => "inline, property name",
            Rule::ParentProperty => "inline, parent and property",
            Rule::Member => "union member",
            Rule::Nested => "inline, component and property",
            Rule::FilePart => "multipart file part",
        }
    }
}

/// A schema resolved: what it says once `$ref`s are followed and `allOf` merged.
#[derive(Debug, Clone, Default)]
pub struct Shape<'a> {
    /// The JSON types it names, without `null`.
    pub types: Vec<String>,
    pub nullable: bool,
    pub properties: Vec<Prop<'a>>,
    pub required: Vec<String>,
    pub additional_false: bool,
    pub enum_values: Option<Vec<Value>>,
    /// `oneOf`/`anyOf` members other than `null`.
    pub members: Vec<&'a Node>,
    pub discriminator: Option<&'a Node>,
    /// `discriminator.mapping`'s entries: each tag and the component it names.
    pub mapping: Vec<(String, String)>,
    pub format: Option<String>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub default: Option<Value>,
    pub deprecated: bool,
    pub title: Option<String>,
    /// The component a `$ref` (or a one-member `allOf`) names.
    pub ref_name: Option<String>,
    /// Whether it is only a reference to a component (no schema of its own).
    pub is_ref: bool,
}

/// A property of an object schema.
#[derive(Debug, Clone)]
pub struct Prop<'a> {
    pub name: String,
    /// Where its key is written.
    pub pos: Pos,
    /// Its schema; `None` for an operation's request body, which is no property.
    pub schema: Option<&'a Node>,
    /// Set for operations' parameters and body, whose `required` is their own.
    pub required: Option<bool>,
    pub is_body: bool,
}

#[derive(Debug, Clone)]
pub enum SiteKind<'a> {
    Schema(&'a Node),
    /// An operation's parameters and body.
    Request(Vec<Prop<'a>>),
    /// The SDK's wrapper of an operation's response: not in the spec as a schema.
    Response,
}

/// A place in the spec that an SDK model may come from.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    /// A JSON pointer or a description (`#/components/schemas/Account`).
    pub pointer: String,
    pub pos: Pos,
    pub kind: SiteKind<'a>,
    /// The names it goes by, each by its rule, normalized (lower case, letters and digits).
    pub names: Vec<(String, Rule)>,
    /// For [`Rule::Nested`]: the enclosing component's name and the property's, normalized.
    pub nested: Option<(String, String)>,
    /// A component: its name (for union mappings).
    pub component: Option<String>,
}

/// The spec: its tree, its dialect, and the problems found.
pub struct Spec {
    pub root: Node,
}

/// A name lower-cased, without anything but letters and digits: `schemas-WaitFor` and
/// `SchemasWaitFor`, `MX` and `Mx` compare equal.
pub fn norm(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// UpperCamelCase of a property or operation name, as the SDK names types after them.
pub fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// How deep inline schemas are followed through references (cycles end there too).
const MAX_DEPTH: usize = 12;

impl Spec {
    /// Every `$ref` of the document: those that are not local or do not resolve, with where.
    pub fn bad_refs(&self) -> Vec<(Pos, String)> {
        let mut out = Vec::new();
        self.walk_refs(&self.root, &mut out);
        out
    }

    fn walk_refs(&self, node: &Node, out: &mut Vec<(Pos, String)>) {
        match &node.kind {
            Kind::Map(entries) => {
                for (k, _, v) in entries {
                    if k == "$ref"
                        && let Some(r) = v.str()
                    {
                        if !r.starts_with('#') {
                            out.push((v.pos, format!("`$ref: {r}` is not in this file: only local references (`#/...`) are read, and nothing is fetched")));
                        } else if self.pointer(r).is_none() {
                            out.push((v.pos, format!("`$ref: {r}` names nothing in this file")));
                        }
                    } else {
                        self.walk_refs(v, out);
                    }
                }
            }
            Kind::Seq(items) => items.iter().for_each(|i| self.walk_refs(i, out)),
            Kind::Scalar(..) => {}
        }
    }

    /// The node a local reference (`#/components/schemas/X`) names.
    pub fn pointer(&self, reference: &str) -> Option<&Node> {
        let path = reference.strip_prefix('#')?;
        let mut node = &self.root;
        for raw in path.split('/').skip(1) {
            let seg = percent_decode(raw).replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                Kind::Map(_) => node.get(&seg)?,
                Kind::Seq(items) => items.get(seg.parse::<usize>().ok()?)?,
                Kind::Scalar(..) => return None,
            };
        }
        Some(node)
    }

    /// Follows `$ref`s to the node they end at (a cycle of references ends the chain).
    pub fn deref<'a>(&'a self, mut node: &'a Node) -> &'a Node {
        for _ in 0..MAX_DEPTH {
            match node.str_at("$ref").and_then(|r| self.pointer(r)) {
                Some(target) => node = target,
                None => break,
            }
        }
        node
    }

    /// How many variants an SDK gives the union: one per discriminator mapping entry, else one per member.
    pub fn variant_count(shape: &Shape<'_>) -> usize {
        if shape.mapping.is_empty() { shape.members.len() } else { shape.mapping.len() }
    }

    /// The schema `node` resolved.
    pub fn shape<'a>(&'a self, node: &'a Node) -> Shape<'a> {
        let mut shape = Shape::default();
        self.merge(node, &mut shape, 0);
        shape
    }

    /// The schema `node` resolved, `depth` references deep (cycles end at `MAX_DEPTH`).
    fn shape_at<'a>(&'a self, node: &'a Node, depth: usize) -> Shape<'a> {
        let mut shape = Shape::default();
        self.merge(node, &mut shape, depth);
        shape
    }

    fn merge<'a>(&'a self, node: &'a Node, out: &mut Shape<'a>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(r) = node.str_at("$ref") {
            if depth == 0 {
                out.ref_name = component_name(r);
                out.is_ref = node.entries().iter().all(|(k, _, _)| matches!(k.as_str(), "$ref" | "description"));
            }
            if let Some(target) = self.pointer(r) {
                self.merge(target, out, depth + 1);
            }
        }
        if let Some(all) = node.get("allOf") {
            let members = all.items();
            if depth == 0 && members.len() == 1 {
                out.ref_name = members[0].str_at("$ref").and_then(component_name);
            }
            for m in members {
                self.merge(m, out, depth + 1);
            }
        }
        for key in ["oneOf", "anyOf"] {
            let Some(list) = node.get(key) else { continue };
            let (nulls, others): (Vec<&Node>, Vec<&Node>) = list.items().iter().partition(|m| is_null_schema(m));
            // A `null` member, or (3.0) a member that is `nullable: true`: `null` is one of the
            // union's values.
            if !nulls.is_empty() || (others.len() > 1 && others.iter().any(|m| self.shape_at(m, depth + 1).nullable)) {
                out.nullable = true;
            }
            if others.len() == 1 {
                // `anyOf: [X, {type: null}]` (3.1's nullable X), or a union of one: X.
                if depth == 0 {
                    out.ref_name = others[0].str_at("$ref").and_then(component_name);
                }
                self.merge(others[0], out, depth + 1);
            } else {
                out.members.extend(others);
            }
        }
        match node.get("type").map(|t| &t.kind) {
            Some(Kind::Scalar(t, _)) if t == "null" => out.nullable = true,
            Some(Kind::Scalar(t, _)) => push_type(&mut out.types, t),
            Some(Kind::Seq(items)) => {
                for t in items.iter().filter_map(Node::str) {
                    if t == "null" {
                        out.nullable = true;
                    } else {
                        push_type(&mut out.types, t);
                    }
                }
            }
            _ => {}
        }
        if node.bool_at("nullable") == Some(true) {
            out.nullable = true;
        }
        if let Some(props) = node.get("properties") {
            for (name, pos, schema) in props.entries() {
                let prop = Prop { name: name.clone(), pos: *pos, schema: Some(schema), required: None, is_body: false };
                match out.properties.iter_mut().find(|p| p.name == *name) {
                    Some(p) => *p = prop,
                    None => out.properties.push(prop),
                }
            }
        }
        for r in node.get("required").map(Node::items).unwrap_or_default() {
            if let Some(r) = r.str()
                && !out.required.iter().any(|x| x == r)
            {
                out.required.push(r.to_owned());
            }
        }
        if node.bool_at("additionalProperties") == Some(false) {
            out.additional_false = true;
        }
        if let Some(values) = node.get("enum") {
            let values: Vec<Value> = values.items().iter().map(Node::to_json).filter(|v| !v.is_null()).collect();
            if values.len() < node.get("enum").map_or(0, |v| v.items().len()) {
                out.nullable = true;
            }
            out.enum_values.get_or_insert(values);
        }
        if out.discriminator.is_none() {
            out.discriminator = node.get("discriminator");
            let mapping = out.discriminator.and_then(|d| d.get("mapping")).map(Node::entries).unwrap_or_default();
            out.mapping = mapping
                .iter()
                .filter_map(|(k, _, v)| Some((k.clone(), v.str()?.rsplit('/').next()?.to_owned())))
                .collect();
        }
        let set_str = |slot: &mut Option<String>, key: &str| {
            if slot.is_none() {
                *slot = node.str_at(key).map(str::to_owned);
            }
        };
        set_str(&mut out.format, "format");
        set_str(&mut out.pattern, "pattern");
        set_str(&mut out.title, "title");
        if out.minimum.is_none() {
            out.minimum = node.number_at("minimum");
        }
        if out.maximum.is_none() {
            out.maximum = node.number_at("maximum");
        }
        for (slot, key) in [
            (&mut out.min_length, "minLength"),
            (&mut out.max_length, "maxLength"),
            (&mut out.min_items, "minItems"),
            (&mut out.max_items, "maxItems"),
        ] {
            if slot.is_none() {
                *slot = node.u64_at(key);
            }
        }
        if out.default.is_none() {
            out.default = node.get("default").map(Node::to_json);
        }
        if node.bool_at("deprecated") == Some(true) {
            out.deprecated = true;
        }
    }

    /// Every place a model may come from, in document order: components and the inline schemas
    /// under them, then the operations and theirs.
    pub fn sites(&self) -> Vec<Site<'_>> {
        let mut out = Vec::new();
        let components = self.root.get("components").and_then(|c| c.get("schemas"));
        let bundles = [
            ("#/components/schemas", components),
            ("#/$defs", self.root.get("$defs")),
            ("#/definitions", self.root.get("definitions")),
        ];
        for (prefix, map) in bundles {
            let Some(map) = map else { continue };
            for (name, pos, schema) in map.entries() {
                let mut names = vec![(norm(name), Rule::Name)];
                if let Some(title) = schema.str_at("title") {
                    // Where the title's name is taken, the SDK prefixes `Schemas` (and the
                    // component's name): `SchemasPaymentMethodCardCard`.
                    names.push((norm(title), Rule::Title));
                    names.push((norm(&format!("Schemas{title}")), Rule::Title));
                    names.push((norm(&format!("Schemas{name}{title}")), Rule::Title));
                }
                out.push(Site {
                    pointer: format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1")),
                    pos: *pos,
                    kind: SiteKind::Schema(schema),
                    names,
                    nested: None,
                    component: Some(name.clone()),
                });
                let pascal_name = pascal(name);
                let mut seen = HashSet::new();
                self.inline_sites(schema, &pascal_name, &pascal_name, &mut seen, 0, &mut out);
            }
        }
        if let Some(paths) = self.root.get("paths") {
            for (path, _, item) in paths.entries() {
                let item = self.deref(item);
                for (method, pos, op) in item.entries() {
                    if METHODS.contains(&method.as_str()) {
                        self.operation(path, method, *pos, item, op, &mut out);
                    }
                }
            }
        }
        out
    }

    fn operation<'a>(
        &'a self,
        path: &str,
        method: &str,
        pos: Pos,
        item: &'a Node,
        op: &'a Node,
        out: &mut Vec<Site<'a>>,
    ) {
        let Some(id) = op.str_at("operationId") else { return };
        let op_name = pascal(id);
        let pointer = format!("{} {path} ({id})", method.to_ascii_uppercase());
        let mut props: Vec<Prop<'a>> = Vec::new();
        for list in [item.get("parameters"), op.get("parameters")].into_iter().flatten() {
            for p in list.items() {
                let p = self.deref(p);
                let (Some(name), Some(place)) = (p.str_at("name"), p.str_at("in")) else { continue };
                if place == "cookie" {
                    continue;
                }
                let required = p.bool_at("required").unwrap_or(false) || place == "path";
                if let Some(schema) = p.get("schema").filter(|s| is_inline(s)) {
                    // An inline enum (or object) of a parameter: the SDK names it after the
                    // parameter, else its place and the parameter, else the operation too
                    // (`Order`, `QueryParamOrder`, `ListRunsQueryParamOrder`).
                    let param = pascal(name);
                    let placed = format!("{}Param{param}", pascal(place));
                    out.push(Site {
                        pointer: format!("{pointer} parameter `{name}`"),
                        pos: schema.pos,
                        kind: SiteKind::Schema(schema),
                        names: vec![
                            (norm(&param), Rule::Property),
                            (norm(&placed), Rule::ParentProperty),
                            (norm(&format!("{op_name}{placed}")), Rule::ParentProperty),
                        ],
                        nested: None,
                        component: None,
                    });
                }
                let prop = Prop {
                    name: name.to_owned(),
                    pos: p.pos,
                    schema: p.get("schema"),
                    required: Some(required),
                    is_body: false,
                };
                match props.iter_mut().find(|x| x.name == name) {
                    Some(x) => *x = prop,
                    None => props.push(prop),
                }
            }
        }
        if let Some(body) = op.get("requestBody").map(|b| self.deref(b))
            && let Some(schema) = media_schema(body)
        {
            let shape = self.shape(schema);
            let name = match (&shape.ref_name, shape.is_ref) {
                (Some(r), true) => r.clone(),
                _ => "RequestBody".to_owned(),
            };
            props.push(Prop {
                name,
                pos: schema.pos,
                schema: Some(schema),
                required: Some(body.bool_at("required").unwrap_or(false)),
                is_body: true,
            });
            if !shape.is_ref {
                let top = format!("{op_name}RequestBody");
                out.push(Site {
                    pointer: format!("{pointer} request body"),
                    pos: schema.pos,
                    kind: SiteKind::Schema(schema),
                    names: vec![(norm(&top), Rule::RequestBody)],
                    nested: None,
                    component: None,
                });
                self.inline_sites(schema, &top, &top, &mut HashSet::new(), 0, out);
            }
        }
        if !props.is_empty() {
            out.push(Site {
                pointer: format!("{pointer} parameters"),
                pos,
                kind: SiteKind::Request(props),
                names: vec![(norm(&format!("{op_name}Request")), Rule::OperationRequest)],
                nested: None,
                component: None,
            });
        }
        out.push(Site {
            pointer: format!("{pointer} response"),
            pos,
            kind: SiteKind::Response,
            names: vec![(norm(&format!("{op_name}Response")), Rule::OperationResponse)],
            nested: None,
            component: None,
        });
        for (code, _, response) in op.get("responses").map(Node::entries).unwrap_or_default() {
            let response = self.deref(response);
            let Some(schema) = media_schema(response) else { continue };
            if self.shape(schema).is_ref {
                continue;
            }
            let top = format!("{op_name}ResponseBody");
            out.push(Site {
                pointer: format!("{pointer} response {code}"),
                pos: schema.pos,
                kind: SiteKind::Schema(schema),
                names: vec![
                    (norm(&top), Rule::ResponseBody),
                    (norm(&format!("{op_name}{}ResponseBody", pascal(code))), Rule::ResponseBody),
                ],
                nested: None,
                component: None,
            });
            self.inline_sites(schema, &top, &top, &mut HashSet::new(), 0, out);
        }
    }

    /// The inline schemas under `schema` (its properties', items', members'), named as the SDK
    /// names them: `top` is the enclosing component, `parent` the nearest named schema.
    fn inline_sites<'a>(
        &'a self,
        schema: &'a Node,
        top: &str,
        parent: &str,
        seen: &mut HashSet<*const Node>,
        depth: usize,
        out: &mut Vec<Site<'a>>,
    ) {
        if depth > MAX_DEPTH || !seen.insert(schema as *const Node) {
            return;
        }
        let shape = self.shape(schema);
        for prop in &shape.properties {
            let Some(node) = prop.schema else { continue };
            let mut node = node;
            // Lists (of lists) and maps take their item's name from the property.
            loop {
                let s = self.shape(node);
                match node
                    .get("items")
                    .or_else(|| node.get("additionalProperties").filter(|a| matches!(a.kind, Kind::Map(_))))
                {
                    Some(items) if s.types.iter().any(|t| t == "array" || t == "object") && s.properties.is_empty() => {
                        node = items
                    }
                    _ => break,
                }
            }
            let file = is_file(&self.shape(node));
            if !file && !is_inline(node) {
                continue;
            }
            let p = pascal(&prop.name);
            let name = format!("{parent}{p}");
            let (by_property, by_parent) =
                if file { (Rule::FilePart, Rule::FilePart) } else { (Rule::Property, Rule::ParentProperty) };
            out.push(Site {
                pointer: format!("{top}: inline {parent}.{}", prop.name),
                pos: prop.pos,
                kind: SiteKind::Schema(node),
                names: vec![
                    (norm(&p), by_property),
                    (norm(&name), by_parent),
                    (norm(&format!("{top}{p}")), by_parent),
                    (norm(&format!("Schemas{p}")), by_parent),
                ],
                nested: (!file).then(|| (norm(top), norm(&p))),
                component: None,
            });
            if file {
                continue;
            }
            self.members(node, &[&p, parent, top], top, seen, depth, out);
            self.inline_sites(node, top, &p, seen, depth + 1, out);
        }
        self.members(schema, &[parent, top], top, seen, depth, out);
        seen.remove(&(schema as *const Node));
    }

    /// The inline members of a union, numbered after it, or after the schema that holds it and
    /// the component (`names`, the union's own first): `CreateEmbeddingRequest.model`'s second
    /// member is `Model2`, or `CreateEmbeddingRequest2` as Speakeasy names it.
    fn members<'a>(
        &'a self,
        node: &'a Node,
        names: &[&str],
        top: &str,
        seen: &mut HashSet<*const Node>,
        depth: usize,
        out: &mut Vec<Site<'a>>,
    ) {
        let shape = self.shape(node);
        let name = names[0];
        for (i, member) in shape.members.iter().enumerate() {
            if !is_inline(member) {
                continue;
            }
            let n = i + 1;
            let member_name = format!("{name}{n}");
            let mut site_names: Vec<(String, Rule)> = Vec::new();
            for base in names {
                let candidate = (norm(&format!("{base}{n}")), Rule::Member);
                if !site_names.contains(&candidate) {
                    site_names.push(candidate);
                }
            }
            if let Some(title) = member.str_at("title") {
                site_names.push((norm(title), Rule::Title));
            }
            out.push(Site {
                pointer: format!("{top}: member {n} of {name}"),
                pos: member.pos,
                kind: SiteKind::Schema(member),
                names: site_names,
                nested: Some((norm(top), n.to_string())),
                component: None,
            });
            self.inline_sites(member, top, &member_name, seen, depth + 1, out);
        }
    }
}

/// A schema the SDK makes a type of its own: an object with properties, an enum, a union, or an
/// `allOf` (a merge, or a nullable wrapper of a component). A bare `$ref` or a primitive is not.
fn is_inline(node: &Node) -> bool {
    if node.get("$ref").is_some() && node.get("allOf").is_none() {
        return false;
    }
    ["properties", "enum", "oneOf", "anyOf", "allOf"].iter().any(|k| node.get(k).is_some()) || is_empty_object(node)
}

/// `type: object` with no properties and no schema of its values (`metadata: {type: object}`):
/// the SDK makes it a struct without fields. A map (`additionalProperties: {type: integer}`)
/// is none.
fn is_empty_object(node: &Node) -> bool {
    node.str_at("type") == Some("object")
        && node.bool_at("additionalProperties") != Some(true)
        && node.get("additionalProperties").is_none_or(|a| !matches!(a.kind, Kind::Map(_)))
}

/// A file of a multipart body: `type: string, format: binary`.
pub fn is_file(shape: &Shape<'_>) -> bool {
    shape.types == ["string"] && shape.format.as_deref() == Some("binary")
}

fn is_null_schema(node: &Node) -> bool {
    node.str_at("type") == Some("null")
        || node.get("enum").is_some_and(|e| e.items().iter().all(|v| v.to_json().is_null()))
}

fn push_type(types: &mut Vec<String>, t: &str) {
    if !types.iter().any(|x| x == t) {
        types.push(t.to_owned());
    }
}

/// The schema of a request or response body: `application/json`, else the first media type.
fn media_schema(body: &Node) -> Option<&Node> {
    let content = body.get("content")?;
    let json = content
        .get("application/json")
        .or_else(|| content.entries().iter().find(|(k, _, _)| k.contains("json")).map(|(_, _, v)| v));
    json.or_else(|| content.entries().first().map(|(_, _, v)| v))?.get("schema")
}

/// `#/components/schemas/X` (or `#/$defs/X`, `#/definitions/X`): `X`.
fn component_name(reference: &str) -> Option<String> {
    for prefix in ["#/components/schemas/", "#/$defs/", "#/definitions/"] {
        if let Some(name) = reference.strip_prefix(prefix)
            && !name.contains('/')
        {
            return Some(percent_decode(name).replace("~1", "/").replace("~0", "~"));
        }
    }
    None
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal("createTransfer"), "CreateTransfer");
        assert_eq!(pascal("schemas-WaitFor"), "SchemasWaitFor");
        assert_eq!(pascal("apple_pay"), "ApplePay");
        assert_eq!(norm("schemas-WaitFor"), norm("SchemasWaitFor"));
        assert_eq!(norm("MX"), norm("Mx"));
    }
}
