//! The whole in-memory pipeline (read, check, emit) on up to four files cut from the input.
//!
//! The input is split on the byte 0xFF (never part of valid UTF-8) into at most four parts,
//! which become, in order, `shared/a.md`, `shared/b.yaml`, `shared/c.md` and `codegen.yaml`.
//! The last part keeps any further 0xFF bytes, so invalid UTF-8 still reaches the reader.
#![no_main]

use codegen::InputFile;
use codegen::{Config, Diagnostics, Error};
use libfuzzer_sys::fuzz_target;

const SEPARATOR: u8 = 0xFF;
const NAMES: [&str; 4] = ["shared/a.md", "shared/b.yaml", "shared/c.md", "codegen.yaml"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<InputFile> = data
        .splitn(NAMES.len(), |&b| b == SEPARATOR)
        .zip(NAMES)
        .map(|(bytes, name)| InputFile { path: name.to_owned(), bytes: bytes.to_vec() })
        .collect();
    match Config::new().generate_from(files, std::path::Path::new("schema"), Diagnostics::default()) {
        Ok((_generated, warnings, sources)) => {
            let _ = warnings.render(&sources, false, 50);
        }
        Err(Error::Definitions { diagnostics, sources }) => {
            let _ = diagnostics.render(&sources, false, 50);
        }
        Err(_) => {}
    }
});
