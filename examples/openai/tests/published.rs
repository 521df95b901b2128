//! The published JSON Schema and the Rust types agree, for every model of this crate: the
//! checks of `moov-models` (`generated/tests/published/checks.rs`), on the second workload.

// Deprecated models are tested like the others.
#![allow(deprecated)]

mod models;

use models::for_each_model;
use openai_models::*;

/// The API's own OpenAPI document, whose facts the models import (`openapi/SOURCE.md`). Its
/// examples, as `checks.rs` reads them: no schema-level `example`, no `examples` under paths (the
/// document writes its request and response examples as text in `x-oaiMeta`), and five objects
/// assembled from properties' examples, three of them of components the models are named after
/// (`CreateEmbeddingRequest`, `CreateFineTuningJobRequest`, `CreateImageRequest`; the other two
/// are the legacy edits and fine-tunes, which the docs have no models of). All three validate
/// and round-trip: the document contradicts itself nowhere they reach.
const SPEC: Option<&str> = Some("openapi/openai-openapi-2.0.0.yaml");
const SPEC_CONTRADICTIONS: &[(&str, usize, &str)] = &[];
const SPEC_EXAMPLES: usize = 3;

include!("../../../generated/tests/published/checks.rs");
