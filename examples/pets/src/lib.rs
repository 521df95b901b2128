//! Types generated at build time by `codegen::Config::compile` (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/models.rs"));
