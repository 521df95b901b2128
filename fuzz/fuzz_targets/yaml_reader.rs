//! The YAML reader (models and overlays) and the settings reader on arbitrary UTF-8.
#![no_main]

use codegen::internals::diag::{FileId, Span};
use codegen::internals::read::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let span = Span::new(FileId(0), 0..text.len());
    let _ = yaml::read(text, span, "pets", "pets/x.md");
    let _ = yaml::read_settings(text, span);
});
