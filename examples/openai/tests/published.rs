//! The published JSON Schema and the Rust types agree, for every model of this crate: the
//! checks of `moov-models` (`generated/tests/published/checks.rs`), on the second workload.

// Deprecated models are tested like the others.
#![allow(deprecated)]

mod models;

use models::for_each_model;
use openai_models::*;

include!("../../../generated/tests/published/checks.rs");
