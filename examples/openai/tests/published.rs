//! The published JSON Schema and the Rust types agree, for every model of this crate: the
//! checks of `moov-models` (`generated/tests/published/checks.rs`), on the second workload.

// Deprecated models are tested like the others.
#![allow(deprecated)]

mod models;

use models::for_each_model;
use openai_models::*;

/// The crate's OpenAPI document is older than its models (see `schema/SOURCE.md`): its examples
/// are not the models'.
const SPEC: Option<&str> = None;
const SPEC_CONTRADICTIONS: &[(&str, usize, &str)] = &[];
const SPEC_EXAMPLES: usize = 0;

include!("../../../generated/tests/published/checks.rs");
