//! The markdown reader on arbitrary UTF-8; a doc it accepts also goes through the docs emitter.
#![no_main]

use codegen::internals::diag::{FileId, Span};
use codegen::internals::read::markdown::{self, Doc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let span = Span::new(FileId(0), 0..text.len());
    if let Ok(Doc::Model(m)) = markdown::read(text, span, "shared", "pkg/models/shared/x.md") {
        let _ = codegen::internals::emit::markdown::model_doc(&m);
    }
});
