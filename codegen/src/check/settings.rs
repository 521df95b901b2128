//! The settings' own checks, first: each foreign type's Rust text is a type path, so the
//! emitters may write it where a type goes.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Settings;
use crate::naming::is_type_path;

/// Each foreign type's Rust text is a type path (`chrono::DateTime<chrono::Utc>`): the emitters
/// write it where a type goes.
pub(super) fn check_foreign_types(settings: &Settings, diags: &mut Diagnostics) {
    for t in &settings.foreign_types {
        if !is_type_path(&t.rust) {
            diags.push(
                Diagnostic::error(t.rust_span, format!("`{}` is not a Rust type", t.rust))
                    .with_label("expected a type path, e.g. `chrono::DateTime<chrono::Utc>`"),
            );
        }
    }
}
