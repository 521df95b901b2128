//! Readers: one module per input format, each producing [`crate::model`] values.

pub mod markdown;
pub mod notation;
