//! Inputs the fuzzers found that once made the tool panic. Each runs through the same harness
//! as its fuzz target (`fuzz/fuzz_targets/`) and must come out as a result, not a panic.

use std::path::Path;

use codegen::InputFile;
use codegen::{Config, Diagnostics, Error};

/// As `fuzz/fuzz_targets/pipeline.rs`: the input split on 0xFF into up to four files.
fn pipeline(data: &[u8]) {
    const NAMES: [&str; 4] = ["shared/a.md", "shared/b.yaml", "shared/c.md", "codegen.yaml"];
    let files: Vec<InputFile> = data
        .splitn(NAMES.len(), |&b| b == 0xFF)
        .zip(NAMES)
        .map(|(bytes, name)| InputFile { path: name.to_owned(), bytes: bytes.to_vec() })
        .collect();
    match Config::new().generate_from(files, Path::new("schema"), Diagnostics::default()) {
        Ok((_, warnings, sources)) => drop(warnings.render(&sources, false, 50)),
        Err(Error::Definitions { diagnostics, sources }) => drop(diagnostics.render(&sources, false, 50)),
        Err(_) => {}
    }
}

#[test]
fn pipeline_crashes_found_by_fuzzing_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/pipeline");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(panic) = std::panic::catch_unwind(|| pipeline(&data)) {
            panic!("{} panics: {:?}", path.display(), panic.downcast_ref::<String>());
        }
        count += 1;
    }
    assert!(count > 0);
}
