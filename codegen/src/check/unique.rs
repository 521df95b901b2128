//! One model per name: the models sorted by namespace and name, a second definition of a name
//! reported and dropped. Later passes may look any model up by its name in the index.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Model, QualifiedName};

/// The models sorted by namespace and name (then doc path, so that the first of two definitions
/// is always the same), each name once, and the index of each name.
pub(super) fn unique_models(
    mut models: Vec<Model>,
    diags: &mut Diagnostics,
) -> (Vec<Model>, HashMap<QualifiedName, usize>) {
    models.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.doc_path.cmp(&b.doc_path)));
    let mut index = HashMap::new();
    let mut unique = Vec::with_capacity(models.len());
    for model in models {
        if let Some(&first) = index.get(&model.name) {
            let first: &Model = &unique[first];
            diags.push(
                Diagnostic::error(model.span, format!("model `{}` is defined twice", model.name))
                    .with_label("second definition")
                    .with_note(format!("first defined in `{}`", first.doc_path)),
            );
            continue;
        }
        index.insert(model.name.clone(), unique.len());
        unique.push(model);
    }
    (unique, index)
}
