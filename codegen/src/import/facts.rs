//! Spec schemas matched to models, and what each matched schema says that its model does not:
//! the facts an imported overlay writes, and the disagreements the report lists.

use std::collections::HashMap;

use serde_json::Value;

use super::spec::{Prop, Rule, Site, SiteKind, Spec, is_file, norm};
use super::tree::Pos;
use crate::check::Schema;
use crate::check::validate::{check_field_value, compile_pattern};
use crate::model::{BaseType, Field, FieldType, Model, ModelKind, Primitive, QualifiedName, Wrapper};
use crate::notation::go_type;

/// A model and the site it was matched to.
#[derive(Debug, Clone)]
pub struct Match {
    pub model: usize,
    pub site: usize,
    pub rule: Rule,
}

/// What the matching found.
#[derive(Debug, Default)]
pub struct Matching {
    pub matched: Vec<Match>,
    /// Models matched by nothing, each with why.
    pub unmatched: Vec<(usize, String)>,
    /// A site of the model's name (or title) whose fields disagree, for the report.
    pub name_mismatches: Vec<(usize, usize, String)>,
}

/// Matches every model to the site that names it by the most preferred rule and whose fields
/// confirm it (each field's name is a property's, compared by [`norm`]).
pub fn match_models(schema: &Schema, spec: &Spec, sites: &[Site<'_>]) -> Matching {
    let mut out = Matching::default();
    // Sites by name, so each model looks at the few that bear its name.
    let mut by_name: HashMap<&str, Vec<(Rule, usize)>> = HashMap::new();
    for (j, site) in sites.iter().enumerate() {
        for (name, rule) in &site.names {
            by_name.entry(name.as_str()).or_default().push((*rule, j));
        }
    }
    let nested: Vec<(usize, &str, &str)> = sites
        .iter()
        .enumerate()
        .filter_map(|(j, s)| s.nested.as_ref().map(|(t, p)| (j, t.as_str(), p.as_str())))
        .collect();
    for (i, model) in schema.models.iter().enumerate() {
        let m = norm(&model.name.name);
        let mut candidates: Vec<(Rule, usize)> = by_name.get(m.as_str()).cloned().unwrap_or_default();
        for &(j, top, prop) in &nested {
            if m.len() > top.len() + prop.len() && m.starts_with(top) && m.ends_with(prop) {
                candidates.push((Rule::Nested, j));
            }
        }
        candidates.sort();
        candidates.dedup_by_key(|c| c.1);
        candidates.sort();
        let mut found = None;
        let mut why_not = None;
        for &(rule, j) in &candidates {
            match confirm(model, spec, &sites[j], rule) {
                Ok(()) => {
                    // Of an enum's sites by the same rule, the one with its very values: the
                    // SDK names the first enum `FinishReason` and the others after their parents
                    // (`CreateCompletionResponseFinishReason`), whose values differ.
                    let exact = candidates
                        .iter()
                        .filter(|&&(r, k)| r == rule && k != j)
                        .find(|&&(_, k)| same_values(model, spec, &sites[k]) && !same_values(model, spec, &sites[j]))
                        .map_or(j, |&(_, k)| k);
                    found = Some(Match { model: i, site: exact, rule });
                    break;
                }
                Err(why) => {
                    if matches!(rule, Rule::Name | Rule::Title) {
                        out.name_mismatches.push((i, j, why.clone()));
                    }
                    why_not.get_or_insert(why);
                }
            }
        }
        match found {
            Some(found) => out.matched.push(found),
            None => {
                let security = spec.root.get("components").and_then(|c| c.get("securitySchemes")).is_some()
                    && (m == "security" || m.starts_with("scheme"));
                let why = match why_not {
                    Some(w) => format!("the schemas of its name disagree: {w}"),
                    None if security => {
                        "the SDK's security settings, from `components.securitySchemes`: no schema".to_owned()
                    }
                    None => "no schema of its name, by any rule".to_owned(),
                };
                out.unmatched.push((i, why));
            }
        }
    }
    out
}

/// Whether `site` is the model's: a struct's fields are all its properties, an enum's values
/// meet its values, a union has as many members as the union variants.
fn confirm(model: &Model, spec: &Spec, site: &Site<'_>, rule: Rule) -> Result<(), String> {
    match (&model.kind, &site.kind) {
        (ModelKind::Struct(_), SiteKind::Response) => Ok(()),
        (_, SiteKind::Response) => Err("an operation's response is a struct".to_owned()),
        (ModelKind::Struct(s), SiteKind::Request(props)) => fields_match(&s.fields, props, true),
        (ModelKind::Struct(s), SiteKind::Schema(node)) => {
            let shape = spec.shape(node);
            match (is_file(&shape), is_file_part(&s.fields)) {
                (true, true) => return Ok(()),
                (true, false) => return Err(format!("{} is a file of a multipart body", site.pointer)),
                (false, _) => {}
            }
            if shape.enum_values.is_some() || (!shape.members.is_empty() && shape.properties.is_empty()) {
                return Err(format!("{} is not an object", site.pointer));
            }
            if shape.properties.is_empty() && !s.fields.is_empty() && rule != Rule::Name {
                return Err(format!("{} has no properties", site.pointer));
            }
            fields_match(&s.fields, &shape.properties, false)
        }
        (ModelKind::Enum(e), SiteKind::Schema(node)) => {
            let Some(values) = spec.shape(node).enum_values else {
                return Err(format!("{} is not an enum", site.pointer));
            };
            let spec_values: Vec<String> = values.iter().map(value_text).collect();
            if e.values.iter().any(|v| spec_values.contains(&v.value)) {
                Ok(())
            } else {
                Err(format!("{} has none of its values", site.pointer))
            }
        }
        (ModelKind::Union(u), SiteKind::Schema(node)) => {
            // A union of one member the shape reads as that member; the SDK keeps the union.
            let raw = ["oneOf", "anyOf"].iter().filter_map(|k| spec.deref(node).get(k)).map(|l| l.items().len()).sum();
            let members = match Spec::variant_count(&spec.shape(node)) {
                0 => raw,
                n => n,
            };
            if members == u.variants.len() {
                Ok(())
            } else {
                Err(format!("{} has {members} members, the union {} variants", site.pointer, u.variants.len()))
            }
        }
        (_, SiteKind::Request(_)) => Err("an operation's request is a struct".to_owned()),
    }
}

/// Whether the model is an enum and the site an enum of the same values (in any order).
fn same_values(model: &Model, spec: &Spec, site: &Site<'_>) -> bool {
    let (ModelKind::Enum(e), SiteKind::Schema(node)) = (&model.kind, &site.kind) else { return false };
    let Some(values) = spec.shape(node).enum_values else { return false };
    let mut theirs: Vec<String> = values.iter().map(value_text).collect();
    let mut ours: Vec<String> = e.values.iter().map(|v| v.value.clone()).collect();
    theirs.sort();
    ours.sort();
    theirs == ours
}

/// The struct an SDK makes of a file of a multipart body: its name and its bytes.
fn is_file_part(fields: &[Field]) -> bool {
    let mut names: Vec<String> = fields.iter().map(|f| norm(&f.name)).collect();
    names.sort();
    names == ["content", "filename"]
}

/// Every field has a property of its name; an operation's one field left over is its body.
fn fields_match(fields: &[Field], props: &[Prop<'_>], request: bool) -> Result<(), String> {
    let (missing, _) = pair_fields(fields, props, request);
    if missing.is_empty() { Ok(()) } else { Err(format!("no property for {}", missing.join(", "))) }
}

/// Each field's property (by index), and the fields that have none.
fn pair_fields<'f>(fields: &'f [Field], props: &[Prop<'_>], request: bool) -> (Vec<&'f str>, Vec<Option<usize>>) {
    let mut paired: Vec<Option<usize>> = fields
        .iter()
        .map(|f| {
            let n = norm(&f.name);
            props
                .iter()
                .position(|p| !p.is_body && norm(&p.name) == n)
                .or_else(|| props.iter().position(|p| p.is_body && norm(&p.name) == n))
        })
        .collect();
    if request
        && let Some(body) = props.iter().position(|p| p.is_body)
        && !paired.contains(&Some(body))
    {
        let left: Vec<usize> = (0..fields.len()).filter(|&i| paired[i].is_none()).collect();
        if let [one] = left.as_slice() {
            paired[*one] = Some(body);
        }
    }
    let missing = fields.iter().zip(&paired).filter(|(_, p)| p.is_none()).map(|(f, _)| f.name.as_str()).collect();
    (missing, paired)
}

/// An enum value as the docs write it.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What an imported overlay says of one field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldFacts {
    pub name: String,
    pub wire_name: Option<String>,
    pub required: Option<bool>,
    pub nullable: Option<bool>,
    pub deprecated: bool,
    pub format: Option<String>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub default: Option<Value>,
}

impl FieldFacts {
    /// How many facts it holds (its keys but `name`).
    pub fn count(&self) -> usize {
        [
            self.wire_name.is_some(),
            self.required.is_some(),
            self.nullable.is_some(),
            self.deprecated,
            self.format.is_some(),
            self.minimum.is_some(),
            self.maximum.is_some(),
            self.min_length.is_some(),
            self.max_length.is_some(),
            self.pattern.is_some(),
            self.min_items.is_some(),
            self.max_items.is_some(),
            self.default.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }
}

/// What an imported overlay says of one model.
#[derive(Debug, Clone, Default)]
pub struct ModelFacts {
    pub model: usize,
    pub deprecated: bool,
    pub additional_properties_false: bool,
    pub discriminator: Option<String>,
    pub fields: Vec<FieldFacts>,
    pub variants: Vec<(String, String)>,
}

impl ModelFacts {
    pub fn count(&self) -> usize {
        usize::from(self.deprecated)
            + usize::from(self.additional_properties_false)
            + usize::from(self.discriminator.is_some())
            + self.variants.len()
            + self.fields.iter().map(FieldFacts::count).sum::<usize>()
    }
}

/// Where spec and docs disagree: the place in the spec, the model, and what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Disagreement {
    pub pos: Pos,
    pub model: QualifiedName,
    pub message: String,
}

/// The facts of every matched model (those with none left out), and the disagreements.
pub fn facts(
    schema: &Schema,
    spec: &Spec,
    sites: &[Site<'_>],
    matching: &Matching,
) -> (Vec<ModelFacts>, Vec<Disagreement>) {
    // The model matched to each component by its name, for union mappings.
    let mut by_component: HashMap<&str, Vec<&QualifiedName>> = HashMap::new();
    for m in &matching.matched {
        if let (Some(c), Rule::Name) = (&sites[m.site].component, m.rule) {
            by_component.entry(c.as_str()).or_default().push(&schema.models[m.model].name);
        }
    }
    let mut all = Vec::new();
    let mut disagreements = Vec::new();
    for m in &matching.matched {
        let model = &schema.models[m.model];
        let site = &sites[m.site];
        let mut facts = ModelFacts { model: m.model, ..ModelFacts::default() };
        let mut say =
            |pos: Pos, message: String| disagreements.push(Disagreement { pos, model: model.name.clone(), message });
        match (&model.kind, &site.kind) {
            (ModelKind::Struct(s), SiteKind::Request(props)) => {
                struct_facts(schema, spec, &s.fields, props, &[], true, &mut facts, &mut say);
            }
            (ModelKind::Struct(s), SiteKind::Schema(node)) => {
                let shape = spec.shape(node);
                facts.additional_properties_false = shape.additional_false;
                facts.deprecated = shape.deprecated && !model.is_deprecated();
                struct_facts(schema, spec, &s.fields, &shape.properties, &shape.required, false, &mut facts, &mut say);
            }
            (ModelKind::Enum(e), SiteKind::Schema(node)) => {
                let shape = spec.shape(node);
                facts.deprecated = shape.deprecated && !model.is_deprecated();
                let spec_values: Vec<String> = shape.enum_values.unwrap_or_default().iter().map(value_text).collect();
                let docs: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                let only_spec: Vec<&str> =
                    spec_values.iter().map(String::as_str).filter(|v| !docs.contains(v)).collect();
                let only_docs: Vec<&str> =
                    docs.iter().copied().filter(|v| !spec_values.iter().any(|s| s == v)).collect();
                if !only_spec.is_empty() {
                    say(site.pos, format!("enum values in the spec, not in the docs: {}", only_spec.join(", ")));
                }
                if !only_docs.is_empty() {
                    say(site.pos, format!("enum values in the docs, not in the spec: {}", only_docs.join(", ")));
                }
            }
            (ModelKind::Union(u), SiteKind::Schema(node)) => {
                let shape = spec.shape(node);
                facts.deprecated = shape.deprecated && !model.is_deprecated();
                let Some(d) = shape.discriminator else {
                    if !facts_empty(&facts) {
                        all.push(facts);
                    }
                    continue;
                };
                if let Some(property) = d.str_at("propertyName")
                    && u.discriminator.as_deref() != Some(property)
                {
                    facts.discriminator = Some(property.to_owned());
                }
                // Mapped tags, else each member component's name (OpenAPI's implicit mapping).
                let mut tags = shape.mapping.clone();
                if tags.is_empty() {
                    for member in &shape.members {
                        if let Some(c) = spec.shape(member).ref_name {
                            tags.push((c.clone(), c));
                        }
                    }
                }
                for (tag, component) in tags {
                    let models = by_component.get(component.as_str()).cloned().unwrap_or_default();
                    // The SDK names a variant after its tag (`ach-debit-fund` -> `AchDebitFund`),
                    // else the variant holding the component's model.
                    let variant =
                        u.variants.iter().find(|v| norm(&v.name) == norm(&tag)).or_else(|| {
                            u.variants.iter().find(|v| v.bare_model().is_some_and(|b| models.contains(&b)))
                        });
                    match variant {
                        Some(v) if v.tag.as_deref() != Some(tag.as_str()) => facts.variants.push((v.name.clone(), tag)),
                        Some(_) => {}
                        None => say(
                            d.pos,
                            format!("discriminator value `{tag}` names `{component}`, which no variant holds"),
                        ),
                    }
                }
                facts.variants.sort_by_key(|(name, _)| u.variants.iter().position(|v| &v.name == name));
            }
            _ => {}
        }
        if !facts_empty(&facts) {
            all.push(facts);
        }
    }
    disagreements.sort();
    (all, disagreements)
}

fn facts_empty(f: &ModelFacts) -> bool {
    f.count() == 0
}

#[allow(clippy::too_many_arguments)]
fn struct_facts(
    schema: &Schema,
    spec: &Spec,
    fields: &[Field],
    props: &[Prop<'_>],
    required: &[String],
    request: bool,
    facts: &mut ModelFacts,
    say: &mut impl FnMut(Pos, String),
) {
    let (_, paired) = pair_fields(fields, props, request);
    for (field, p) in fields.iter().zip(paired) {
        let Some(p) = p else { continue };
        let prop = &props[p];
        let spec_required = prop.required.unwrap_or_else(|| required.contains(&prop.name));
        let mut f = FieldFacts { name: field.name.clone(), ..FieldFacts::default() };
        let docs_required = !field.is_optional();
        if spec_required != docs_required {
            f.required = Some(spec_required);
            let (spec_says, docs_say) = if spec_required { ("required", "optional") } else { ("optional", "required") };
            say(
                prop.pos,
                format!("`{}` ({}) is {spec_says} in the spec, {docs_say} in the docs", prop.name, field.name),
            );
        }
        if !prop.is_body && prop.name != field.wire() {
            f.wire_name = Some(prop.name.clone());
        }
        if let Some(node) = prop.schema.filter(|_| !prop.is_body) {
            let shape = spec.shape(node);
            f.nullable = Some(shape.nullable);
            f.deprecated = shape.deprecated && field.deprecation.is_none();
            let expected = json_type(schema, &field.ty);
            // A file of a multipart body is bytes to the spec and a struct of its name and bytes
            // to the SDK: the same part, no disagreement.
            let file_part = is_file(&shape)
                && field.ty.wrappers.is_empty()
                && matches!(&field.ty.base, BaseType::Model { name, .. }
                    if matches!(&schema.get(name).kind, ModelKind::Struct(s) if is_file_part(&s.fields)));
            if let Some(expected) = expected.filter(|_| !file_part)
                && !shape.types.is_empty()
                && !shape.types.iter().any(|t| t == expected || (expected == "number" && t == "integer"))
            {
                say(
                    prop.pos,
                    format!(
                        "`{}` ({}) is {} in the spec, {expected} in the docs (`{}`)",
                        prop.name,
                        field.name,
                        shape.types.join(" or "),
                        go_type(&field.ty)
                    ),
                );
            }
            let c = &field.constraints;
            let scalar = field.ty.wrappers.is_empty();
            let (numeric, stringy) = kinds(&field.ty);
            let list = field.ty.wrappers.first() == Some(&Wrapper::List);
            if scalar && !matches!(field.ty.base, BaseType::Model { .. }) {
                let format = shape.format.clone().filter(|f| Some(f) != natural_format(schema, &field.ty).as_ref());
                f.format = differs(&format, &c.format);
            }
            if numeric {
                // Bounds that are the integer type's own range (`seed` of an int64 from
                // -2^63 to 2^63-1) say nothing the type does not: not repeated.
                let (low, high) = type_range(&field.ty);
                let own = |n: &Option<serde_json::Number>, edge: Option<i64>| {
                    n.clone().filter(|n| edge.is_none() || n.as_i64() != edge)
                };
                f.minimum = differs(&own(&shape.minimum, low), &c.minimum);
                f.maximum = differs(&own(&shape.maximum, high), &c.maximum);
            }
            if stringy {
                f.min_length = differs(&shape.min_length, &c.min_length);
                f.max_length = differs(&shape.max_length, &c.max_length);
                // A pattern that is not ECMA-262 in Unicode mode (`\-` outside a class, say), which
                // validators run it as, is the spec's to mend: reported, not imported.
                match shape.pattern.as_deref().map(|p| (p, compile_pattern(p))) {
                    Some((p, Err(e))) => say(
                        prop.pos,
                        format!(
                            "`{}` ({}): the pattern `{p}` is not an ECMA-262 regular expression in Unicode mode ({e}); not imported",
                            prop.name, field.name
                        ),
                    ),
                    _ => f.pattern = differs(&shape.pattern, &c.pattern),
                }
            }
            if list {
                f.min_items = differs(&shape.min_items, &c.min_items);
                f.max_items = differs(&shape.max_items, &c.max_items);
            }
            f.default = differs(&shape.default, &field.default);
            if let Some(d) = &f.default
                && let Err(problem) = check_field_value(schema, &with_facts(field, &f), d)
            {
                // The spec contradicts itself (`default: []` beside `minItems: 1`, `default: inf`
                // of an integer): reported, not imported, as the checker would refuse it.
                say(
                    prop.pos,
                    format!(
                        "`{}` ({}): the default `{d}` does not fit the spec's own schema ({problem}); not imported",
                        prop.name, field.name
                    ),
                );
                f.default = None;
            }
        }
        if f.count() > 0 {
            facts.fields.push(f);
        }
    }
}

/// The field as it reads once its imported facts apply (its constraints, whether it is required
/// and whether `null` is a value of it), to check the imported default against.
fn with_facts(field: &Field, f: &FieldFacts) -> Field {
    let mut field = field.clone();
    if f.required.is_some() {
        field.required_override = f.required;
    }
    if f.nullable.is_some() {
        field.nullable = f.nullable;
    }
    let c = &mut field.constraints;
    c.format = f.format.clone().or(c.format.take());
    c.minimum = f.minimum.clone().or(c.minimum.take());
    c.maximum = f.maximum.clone().or(c.maximum.take());
    c.min_length = f.min_length.or(c.min_length);
    c.max_length = f.max_length.or(c.max_length);
    c.pattern = f.pattern.clone().or(c.pattern.take());
    c.min_items = f.min_items.or(c.min_items);
    c.max_items = f.max_items.or(c.max_items);
    field
}

/// The spec's value where it has one the model lacks or has otherwise.
fn differs<T: Clone + PartialEq>(new: &Option<T>, old: &Option<T>) -> Option<T> {
    if new.is_some() && new != old { new.clone() } else { None }
}

/// Whether a field's type takes numeric bounds, and whether it takes string lengths and patterns
/// (as the checker holds constraints to types).
fn kinds(ty: &FieldType) -> (bool, bool) {
    if !ty.wrappers.is_empty() {
        return (false, false);
    }
    match &ty.base {
        BaseType::Primitive(p) => (
            matches!(p, Primitive::Int | Primitive::Int64 | Primitive::Int32 | Primitive::Float32 | Primitive::Float64),
            *p == Primitive::String,
        ),
        BaseType::Foreign { .. } => (false, true),
        BaseType::Model { .. } => (false, false),
    }
}

/// The least and greatest values of an integer field's type.
fn type_range(ty: &FieldType) -> (Option<i64>, Option<i64>) {
    match (&ty.base, ty.wrappers.is_empty()) {
        (BaseType::Primitive(Primitive::Int | Primitive::Int64), true) => (Some(i64::MIN), Some(i64::MAX)),
        (BaseType::Primitive(Primitive::Int32), true) => (Some(i32::MIN.into()), Some(i32::MAX.into())),
        _ => (None, None),
    }
}

/// The format the published schema gives the type anyway (what schemars derives), which the
/// overlay need not repeat.
fn natural_format(schema: &Schema, ty: &FieldType) -> Option<String> {
    let published = crate::emit::json_schema::type_schema(schema, &[], &ty.base);
    published.get("format").and_then(Value::as_str).map(str::to_owned)
}

/// The JSON type a field's Go type publishes, where it has one.
fn json_type(schema: &Schema, ty: &FieldType) -> Option<&'static str> {
    match ty.wrappers.first() {
        Some(Wrapper::List) => return Some("array"),
        Some(Wrapper::Map) => return Some("object"),
        None => {}
    }
    match &ty.base {
        BaseType::Primitive(p) => match p {
            Primitive::String | Primitive::Bytes => Some("string"),
            Primitive::Int | Primitive::Int64 | Primitive::Int32 => Some("integer"),
            Primitive::Float32 | Primitive::Float64 => Some("number"),
            Primitive::Bool => Some("boolean"),
            Primitive::Any | Primitive::AnyAlias => None,
        },
        BaseType::Model { name, .. } => match schema.get(name).kind {
            ModelKind::Struct(_) => Some("object"),
            _ => None,
        },
        BaseType::Foreign { name, .. } => {
            let t = schema.foreign(name).json_schema.get("type")?.as_str()?;
            ["string", "integer", "number", "boolean", "object", "array"].into_iter().find(|x| *x == t)
        }
    }
}
