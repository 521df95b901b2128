//! Fields of the SDK's own plumbing: Speakeasy's operations models hold the raw HTTP response
//! (`*http.Response`), sometimes the request (`*http.Request`) or a body stream
//! (`io.ReadCloser`). They are not JSON and no API names them on the wire, so each such field
//! (of a type `codegen.yaml` does not map) is set aside: the passes after this one, the Rust
//! type and the JSON Schema do not see it; the docs keep it in its place.

use crate::model::{BaseType, Model, ModelKind, Settings};

/// The Go types of an SDK's plumbing, by the name the docs give them.
pub const SDK_TYPES: &[&str] = &["http.Response", "http.Request", "io.ReadCloser"];

/// Moves every plumbing field of every struct into its `sdk_fields`.
pub(super) fn set_aside_sdk_fields(models: &mut [Model], settings: &Settings) {
    let is_sdk = |base: &BaseType| match base {
        BaseType::Foreign { name, .. } => {
            SDK_TYPES.contains(&name.as_str()) && !settings.foreign_types.iter().any(|t| t.name == *name)
        }
        _ => false,
    };
    for model in models {
        let ModelKind::Struct(s) = &mut model.kind else { continue };
        if !s.fields.iter().any(|f| is_sdk(&f.ty.base)) {
            continue;
        }
        let fields = std::mem::take(&mut s.fields);
        for (at, field) in fields.into_iter().enumerate() {
            if is_sdk(&field.ty.base) {
                s.sdk_fields.push((at, field));
            } else {
                s.fields.push(field);
            }
        }
    }
}
