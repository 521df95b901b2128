//! The `Validate` impls: each model checks what its published schema says and its Rust type
//! does not hold by itself (lengths, patterns, formats, bounds, item counts, an enum's listed
//! values), recursing into the models it holds. The checks run on the value as it serializes,
//! so they give the verdicts a validator of the published schema gives.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::Number;

use super::{Cx, Section, ident};
use crate::check::Schema;
use crate::check::validate::{keywords, merge};
use crate::emit::rust::formats::ASSERTED;
use crate::model::{BaseType, Constraints, Field, FieldType, Model, ModelKind, Union};

/// Which models can have a violation: enums (a value they do not list), and structs and unions
/// whose fields or variants have rules or hold such a model. Indexed as `schema.models`.
pub(super) fn validated(schema: &Schema) -> Vec<bool> {
    let mut can = vec![false; schema.models.len()];
    // Own rules first, then what holds a model that can, until nothing changes.
    for (i, m) in schema.models.iter().enumerate() {
        can[i] = match &m.kind {
            ModelKind::Enum(_) => true,
            ModelKind::Struct(s) => {
                s.fields.iter().any(|f| !field_rules(schema, f).is_empty() || leaf_rules(schema, &f.ty).is_some())
            }
            ModelKind::Union(u) => u.variants.iter().any(|v| leaf_rules(schema, &v.ty).is_some()),
        };
    }
    loop {
        let mut changed = false;
        for (i, m) in schema.models.iter().enumerate() {
            if can[i] {
                continue;
            }
            let holds = |ty: &FieldType| matches!(&ty.base, BaseType::Model { name, .. } if can[schema.position(name)]);
            let now = match &m.kind {
                ModelKind::Enum(_) => true,
                ModelKind::Struct(s) => s.fields.iter().any(|f| holds(&f.ty)),
                ModelKind::Union(u) => u.variants.iter().any(|v| holds(&v.ty)),
            };
            if now {
                can[i] = true;
                changed = true;
            }
        }
        if !changed {
            return can;
        }
    }
}

/// The rules of a field's own schema that a value can break: its keywords, and those of its
/// foreign type's schema where the field holds the type itself. Formats `validate()` does not
/// assert are left out.
fn field_rules(schema: &Schema, f: &Field) -> Constraints {
    let mut c = f.constraints.clone();
    if let (true, BaseType::Foreign { name, .. }) = (f.ty.wrappers.is_empty(), &f.ty.base) {
        c = merge(&c, &keywords(&schema.foreign(name).json_schema));
    }
    asserted(c)
}

/// The rules of a foreign type's own schema, for the values a list, map or variant holds: the
/// number of lists and maps to go through, and the rules.
fn leaf_rules(schema: &Schema, ty: &FieldType) -> Option<Constraints> {
    let BaseType::Foreign { name, .. } = &ty.base else { return None };
    let c = asserted(keywords(&schema.foreign(name).json_schema));
    (!c.is_empty()).then_some(c)
}

fn asserted(mut c: Constraints) -> Constraints {
    c.format = c.format.filter(|f| ASSERTED.contains(&f.as_str()));
    c
}

/// What the `Validate` impls of a schema use of `__private::validate`.
#[derive(Debug, Default)]
pub(super) struct Uses {
    pub enums: bool,
    /// A struct that can have a violation (`validate_struct!`).
    pub structs: bool,
    /// A union without a discriminator that can have a violation.
    pub any_of: bool,
    /// Any rule at all (`Rules`, `check`, `leaves`).
    pub rules: bool,
    pub patterns: bool,
    /// A format `validate()` asserts.
    pub formats: bool,
}

pub(super) fn uses(schema: &Schema, validated: &[bool]) -> Uses {
    let mut uses = Uses::default();
    let mut add = |c: &Constraints| {
        uses.rules |= !c.is_empty();
        uses.patterns |= c.pattern.is_some();
        uses.formats |= c.format.is_some();
    };
    for (m, &can) in schema.models.iter().zip(validated) {
        if !can {
            continue;
        }
        match &m.kind {
            ModelKind::Enum(_) => uses.enums = true,
            ModelKind::Struct(s) => {
                uses.structs = true;
                for f in &s.fields {
                    add(&field_rules(schema, f));
                    if !f.ty.wrappers.is_empty()
                        && let Some(c) = leaf_rules(schema, &f.ty)
                    {
                        add(&c);
                    }
                }
            }
            ModelKind::Union(u) => {
                uses.any_of |= u.discriminator.is_none() && u.variants.len() > 1;
                u.variants.iter().filter_map(|v| leaf_rules(schema, &v.ty)).for_each(|c| add(&c));
            }
        }
    }
    uses
}

impl Cx<'_> {
    /// `impl crate::Validate for Name`, with a body where the model can have a violation. A
    /// struct's is one call of `__private::validate_struct!`, a field's check a line, laid out
    /// here as its `serde_struct!` call is: far less for every run to format, and for the
    /// crate to parse.
    pub(super) fn validate_section(&self, model: &Model, name: &Ident) -> Section {
        if !self.validated[self.schema.position(&model.name)] {
            return Section::Text(format!("impl crate::Validate for {name} {{}}\n"));
        }
        match &model.kind {
            ModelKind::Struct(s) => {
                let mut text = format!("crate::__private::validate_struct! {{\n    {name} {{\n");
                for f in &s.fields {
                    for check in self.field_checks(f) {
                        text.push_str(&format!("        {} {} {check};\n", f.rust_name, Literal::string(f.wire())));
                    }
                }
                text.push_str("    }\n}\n");
                Section::Text(text)
            }
            ModelKind::Enum(e) => {
                let unknown = ident(&e.unknown_variant);
                let values = e.values.iter().map(|v| v.value.as_str());
                Section::Rust(self.validate_impl_with(
                    name,
                    quote! {
                        if let Self::#unknown(value) = self {
                            crate::__private::validate::unlisted(at, out, value, &[#(#values),*]);
                        }
                    },
                ))
            }
            ModelKind::Union(u) => Section::Rust(self.validate_impl_with(name, self.union_checks(u))),
        }
    }

    /// A union's checks: its variant's (as its model has them, or its foreign type's rules).
    fn union_checks(&self, u: &Union) -> TokenStream {
        let mut arms = Vec::new();
        let mut leaves = false;
        for v in &u.variants {
            let variant = ident(&v.name);
            let check = if let Some(rules) = leaf_rules(self.schema, &v.ty) {
                let rules = rules_tokens(&rules);
                let depth = Literal::usize_unsuffixed(v.ty.wrappers.len());
                leaves = true;
                quote!(v::leaves(at, out, value, #depth, &#rules))
            } else if self.holds_validated(&v.ty) {
                quote!(value.violations(at, out))
            } else {
                continue;
            };
            arms.push((variant, check));
        }
        let checks = variant_checks(&arms, u.variants.len());
        // Without a discriminator the schema is an `anyOf`: a value valid as any variant is
        // valid, so the variant's violations stand only if no variant reads the same JSON
        // without one.
        if u.discriminator.is_some() || u.variants.len() < 2 {
            let uses = leaves.then(|| {
                quote!(
                    use crate::__private::validate as v;
                )
            });
            return quote! { #uses #checks };
        }
        let tries = u.variants.iter().map(|v| {
            let ty = self.type_tokens(&v.ty, false);
            if matches!(v.ty.base, BaseType::Model { .. }) { quote!(v::fits::<#ty>) } else { quote!(v::reads::<#ty>) }
        });
        quote! {
            use crate::__private::validate as v;
            let mut found = Vec::new();
            {
                let out = &mut found;
                #checks
            }
            if !found.is_empty() && !v::any_variant(self, &[#(#tries),*]) {
                out.append(&mut found);
            }
        }
    }

    fn validate_impl_with(&self, name: &Ident, body: TokenStream) -> TokenStream {
        quote! {
            impl crate::Validate for #name {
                fn violations(&self, at: &mut crate::__private::validate::At, out: &mut Vec<crate::Violation>) {
                    #body
                }
            }
        }
    }

    fn holds_validated(&self, ty: &FieldType) -> bool {
        matches!(&ty.base, BaseType::Model { name, .. } if self.validated[self.schema.position(name)])
    }

    /// A field's checks, each the rest of its line in a `validate_struct!` call: its own rules
    /// (`check { .. }`, or `serialized { .. }` for a foreign type, checked as it serializes), its
    /// foreign type's in lists and maps (`leaves N { .. }`), the model it holds (`nested`).
    fn field_checks(&self, f: &Field) -> Vec<String> {
        let mut checks = Vec::new();
        let own = field_rules(self.schema, f);
        if !own.is_empty() {
            let kind = if matches!(f.ty.base, BaseType::Foreign { .. }) && f.ty.wrappers.is_empty() {
                "serialized"
            } else {
                "check"
            };
            checks.push(format!("{kind} {}", rules_text(&own)));
        }
        if !f.ty.wrappers.is_empty()
            && let Some(rules) = leaf_rules(self.schema, &f.ty)
        {
            checks.push(format!("leaves {} {}", f.ty.wrappers.len(), rules_text(&rules)));
        }
        if self.holds_validated(&f.ty) {
            checks.push("nested".to_owned());
        }
        checks
    }
}

/// A field's rules in a `validate_struct!` line, `{ max_length: Some(36), }`.
fn rules_text(c: &Constraints) -> String {
    format!("{{ {}}}", rule_fields(c))
}

/// The fields of `validate::Rules` that `c` sets, each followed by a comma; a pattern as the
/// `static` of a block of its own.
fn rule_fields(c: &Constraints) -> String {
    let mut text = String::new();
    if let Some(f) = &c.format {
        text.push_str(&format!("format: Some({}), ", Literal::string(f)));
    }
    for (key, v) in [
        ("min_length", c.min_length),
        ("max_length", c.max_length),
        ("min_items", c.min_items),
        ("max_items", c.max_items),
    ] {
        if let Some(v) = v {
            text.push_str(&format!("{key}: Some({v}), "));
        }
    }
    for (key, v) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
        if let Some(v) = v {
            text.push_str(&format!("{key}: Some(crate::__private::validate::Number::{}), ", number(v)));
        }
    }
    if let Some(p) = &c.pattern {
        text.push_str(&format!(
            "pattern: Some({{ static PATTERN: crate::__private::validate::Pattern = \
             crate::__private::validate::Pattern::new({}); &PATTERN }}), ",
            Literal::string(p)
        ));
    }
    text
}

/// `match self { Self::A(value) => check, ... }` over the variants with checks; `if let` for
/// one of several, as clippy would have it.
fn variant_checks(arms: &[(Ident, TokenStream)], variants: usize) -> TokenStream {
    match arms {
        [(variant, check)] if variants > 1 => quote! {
            if let Self::#variant(value) = self {
                #check;
            }
        },
        _ => {
            let rest = (arms.len() < variants).then(|| quote!(_ => {}));
            let arms = arms.iter().map(|(variant, check)| quote!(Self::#variant(value) => #check,));
            quote! {
                match self {
                    #(#arms)*
                    #rest
                }
            }
        }
    }
}

/// `crate::__private::validate::Rules { ... }`, for a union's variant.
fn rules_tokens(c: &Constraints) -> TokenStream {
    format!("crate::__private::validate::Rules {{ {}..crate::__private::validate::Rules::NONE }}", rule_fields(c))
        .parse()
        .expect("the rules are Rust")
}

/// A bound as a `validate::Number` variant: `Int(5)`, `Float(0.5)`.
fn number(n: &Number) -> String {
    match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => format!("Int({i})"),
        (_, Some(u)) => format!("Int({u})"),
        _ => format!("Float({:?})", n.as_f64().unwrap_or(0.0)),
    }
}
