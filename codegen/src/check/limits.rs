//! Models no larger than what the generated crate compiles: at most [`MAX_MEMBERS`] fields,
//! values or variants each.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Model, ModelKind};

/// The most fields, values or variants one model may have: rustc compiles the generated code
/// of models this size (tested), and no real API model comes near it.
pub const MAX_MEMBERS: usize = 1000;

/// No model has more members than [`MAX_MEMBERS`].
pub(super) fn check_limits(models: &[Model], diags: &mut Diagnostics) {
    for model in models {
        let (members, what) = match &model.kind {
            ModelKind::Struct(s) => (s.fields.len(), "fields"),
            ModelKind::Enum(e) => (e.values.len(), "values"),
            ModelKind::Union(u) => (u.variants.len(), "variants"),
        };
        if members > MAX_MEMBERS {
            diags.push(
                Diagnostic::error(
                    model.span,
                    format!("`{}` has {members} {what}, more than {MAX_MEMBERS}", model.name),
                )
                .with_label("model too large")
                .with_note("the limit keeps the generated code within what rustc compiles; split the model"),
            );
        }
    }
}
