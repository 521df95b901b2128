//! Emitters: one module per output, each reading only the checked model.

pub mod markdown;
