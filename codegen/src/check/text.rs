//! Text that reaches the generated code is text rustc accepts there: descriptions, deprecation
//! notices and examples no longer than [`MAX_DESCRIPTION_BYTES`], without carriage returns or
//! bidirectional controls. Runs after the overlays, which bring text of their own.

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Model, ModelKind};

/// The longest description, in bytes: `schemars` turns each into a constant that rustc must
/// evaluate, and far longer ones exhaust its budget for that.
pub const MAX_DESCRIPTION_BYTES: usize = 64 << 10;

/// Checks the text of every model.
pub(super) fn check_text(models: &[Model], diags: &mut Diagnostics) {
    for model in models {
        check_model_text(model, diags);
    }
}

/// Text that reaches Rust doc comments must be text rustc accepts there: no carriage return
/// (a doc comment's lines end with LF), and none of the bidirectional controls that can make code read other
/// than it compiles (rustc rejects both).
fn check_model_text(model: &Model, diags: &mut Diagnostics) {
    let mut check = |text: &str, what: &str, span: Span| {
        if text.len() > MAX_DESCRIPTION_BYTES {
            diags.push(
                Diagnostic::error(
                    span,
                    format!("the {what} is {} bytes long, more than {MAX_DESCRIPTION_BYTES}", text.len()),
                )
                .with_label("text too long")
                .with_note("the generated code carries it as a constant, which rustc must evaluate"),
            );
        }
        if let Some(c) = text.chars().find(|&c| c == '\r' || crate::model::is_bidi_control(c)) {
            let what_char = if c == '\r' {
                "a carriage return (U+000D)".to_owned()
            } else {
                format!("the bidirectional control character U+{:04X}", c as u32)
            };
            diags.push(
                Diagnostic::error(span, format!("the {what} contains {what_char}"))
                    .with_label("in this text")
                    .with_note("rustc rejects it in doc comments; remove it"),
            );
        }
    };
    if let Some(d) = &model.description {
        check(d, &format!("description of `{}`", model.name), model.span);
    }
    if let Some(d) = &model.deprecation {
        check(&d.notice, &format!("deprecation notice of `{}`", model.name), model.span);
    }
    if let ModelKind::Struct(s) = &model.kind {
        for f in &s.fields {
            if let Some(d) = &f.description {
                check(d, &format!("description of field `{}`", f.name), f.span);
            }
            if let Some(d) = &f.deprecation {
                check(&d.notice, &format!("deprecation notice of field `{}`", f.name), f.span);
            }
            if let Some(e) = &f.example {
                check(e, &format!("example of field `{}`", f.name), f.span);
            }
            for (e, span) in &f.extra_examples {
                check(&e.to_string(), &format!("example of field `{}`", f.name), *span);
            }
        }
    }
}
