//! Types generated at build time by `codegen::Config::compile` (see `build.rs`).
//!
//! `codegen.yaml` makes `Slot` `#[non_exhaustive]`, so a `match` on it outside this crate needs
//! a wildcard arm:
//!
//! ```
//! use pets_example::pets::Slot;
//!
//! fn describe(slot: &Slot) -> &str {
//!     match slot {
//!         Slot::Morning => "morning",
//!         _ => "another time",
//!     }
//! }
//! assert_eq!(describe(&Slot::Morning), "morning");
//! ```
//!
//! and without one it does not compile:
//!
//! ```compile_fail
//! use pets_example::pets::Slot;
//!
//! fn describe(slot: &Slot) -> &str {
//!     match slot {
//!         Slot::Morning => "morning",
//!         Slot::Unknown(_) => "another time",
//!     }
//! }
//! assert_eq!(describe(&Slot::Morning), "morning");
//! ```

include!(concat!(env!("OUT_DIR"), "/models.rs"));
