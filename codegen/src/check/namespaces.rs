//! Each namespace becomes a Rust module of its own: no two namespaces share a module name, and
//! none takes a name the generated crate keeps for itself. The emitters may give each namespace
//! its module (`naming::module_name`, `naming::module_dir`) without clashes.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::Model;
use crate::naming::{SUPPORT_MODULES, module_dir};

/// Each namespace becomes a Rust module: the module's name must be free and its own.
pub(super) fn check_namespaces(models: &[Model], diags: &mut Diagnostics) {
    let mut modules: HashMap<String, (&str, Span)> = HashMap::new();
    // Models are sorted by namespace: each namespace once, at its first model.
    for models in models.chunk_by(|a, b| a.name.namespace == b.name.namespace) {
        let model = &models[0];
        let namespace = model.name.namespace.as_str();
        let module = module_dir(namespace);
        match modules.get(&module) {
            Some((first, first_span)) => diags.push(
                Diagnostic::error(
                    model.span,
                    format!("namespaces `{first}` and `{namespace}` would both be the Rust module `{module}`"),
                )
                .with_label(format!("a model of namespace `{namespace}`"))
                .with_secondary(*first_span, format!("a model of namespace `{first}`"))
                .with_note("rename one of the two folders"),
            ),
            None if SUPPORT_MODULES.contains(&module.as_str()) => diags.push(
                Diagnostic::error(
                    model.span,
                    format!("namespace `{namespace}` would be the module `{module}`, a name the generated crate keeps for itself"),
                )
                .with_label("in this namespace")
                .with_note(format!("rename the folder; reserved: {}", SUPPORT_MODULES.join(", "))),
            ),
            None => {}
        }
        modules.entry(module).or_insert((namespace, model.span));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocStyle, ModelKind, QualifiedName, SourceFormat, Struct};

    #[test]
    fn only_the_crates_own_modules_are_reserved() {
        let model = |namespace: &str| Model {
            name: QualifiedName { namespace: namespace.to_owned(), name: "A".to_owned() },
            doc_path: format!("{namespace}/a.md"),
            format: SourceFormat::Yaml,
            span: Span::DETACHED,
            description: None,
            deprecation: None,
            kind: ModelKind::Struct(Struct {
                fields: Vec::new(),
                example_column: true,
                sdk_fields: Vec::new(),
                additional_properties: None,
            }),
            doc_style: DocStyle::default(),
            wire_rule: None,
            chosen_rust_name: None,
            rust_name: String::new(),
            file_stem: String::new(),
            schema_name: String::new(),
            rust_extras: Default::default(),
        };
        for (namespace, reserved) in
            [("serialize", false), ("deserialize", false), ("base64_bytes", false), ("lib", true), ("Lib", true)]
        {
            let mut diags = Diagnostics::default();
            check_namespaces(&[model(namespace)], &mut diags);
            assert_eq!(diags.has_errors(), reserved, "{namespace}");
        }
    }
}
