//! Schema and code generation: reads API model definitions (Speakeasy markdown docs or YAML)
//! into one checked model and emits Rust types, JSON Schema and markdown docs from it.

pub mod diag;
pub mod emit;
pub mod model;
pub mod read;
