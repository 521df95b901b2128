//! The published JSON Schema and the Rust types agree, for every generated model:
//! `schemars` derives exactly the published schema, the published files are valid draft 2020-12
//! whose every `$ref` resolves, and an instance built from each model's examples validates,
//! deserializes and serializes back unchanged.

// Deprecated models are tested like the others.
#![allow(deprecated)]

mod models;

use models::for_each_model;
use moov_models::*;

/// The OpenAPI document the models were generated from, whose examples they must take.
const SPEC: Option<&str> = Some("../codegen/tests/fixtures/moov-go/openapi/moov.yaml");

/// How many of the spec's examples validate and round-trip (a drop means a change broke some).
const SPEC_EXAMPLES: usize = 73;

/// The spec's examples that contradict its own schemas: each failure's start, how many, and why.
const SPEC_CONTRADICTIONS: &[(&str, usize, &str)] = &[
    (
        "WireParticipant (assembled from properties): ",
        1,
        "the property examples of `bookEntrySecuritiesTransferStatus` and `fundsTransferStatus` are `true`; the properties are strings",
    ),
    (
        "CreatedReversal (under paths): ",
        2,
        "the cancelTransfer response examples are a cancellation and a refund, not the `CreatedReversal` that holds one: none of their properties is one of its",
    ),
];

include!("published/checks.rs");
