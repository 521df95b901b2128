//! The Rust emitter lays its text out itself, by prettyplease's rules. These tests hold it to
//! that: prettyplease, given any file the emitter writes, prints it back unchanged (less the
//! comments and blank lines, which a syntax tree does not keep).

use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Config, RustLayout};

/// The emitted text, and what prettyplease prints for it, without plain comments and blank lines.
fn ours_and_prettyplease(text: &str) -> (String, String) {
    let keep = |l: &&str| !l.trim().is_empty() && !l.trim_start().starts_with("// ");
    let ours: Vec<&str> = text.lines().filter(keep).collect();
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let printed = prettyplease::unparse(&file);
    let theirs: Vec<&str> = printed.lines().filter(keep).collect();
    (ours.join("\n"), theirs.join("\n"))
}

fn assert_laid_out_as_prettyplease(name: &str, text: &str) {
    let (ours, theirs) = ours_and_prettyplease(text);
    if ours != theirs {
        if let Ok(dir) = std::env::var("LAYOUT_DUMP") {
            fs::write(Path::new(&dir).join("ours.rs"), &ours).unwrap();
            fs::write(Path::new(&dir).join("theirs.rs"), &theirs).unwrap();
        }
        let first = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| ours.lines().count().min(theirs.lines().count()));
        let show = |s: &str| s.lines().skip(first.saturating_sub(3)).take(12).collect::<Vec<_>>().join("\n");
        panic!(
            "{name}: prettyplease lays this out differently\n--- ours\n{}\n--- prettyplease\n{}",
            show(&ours),
            show(&theirs)
        );
    }
}

fn rust_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

#[test]
fn committed_rust_output_is_what_prettyplease_prints() {
    let mut files = Vec::new();
    rust_files_under(&root().join("generated/src"), &mut files);
    for case in fs::read_dir(root().join("codegen/tests/cases")).unwrap() {
        let src = case.unwrap().path().join("expected/src");
        if src.is_dir() {
            rust_files_under(&src, &mut files);
        }
    }
    assert!(files.len() > 280, "{} files", files.len());
    for path in files {
        assert_laid_out_as_prettyplease(&path.display().to_string(), &fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn single_file_output_is_what_prettyplease_prints() {
    let schemas = [root().join("schema"), root().join("codegen/tests/cases/yaml-models/schema")];
    for schema in schemas {
        for gate in [None, Some("schemars")] {
            let mut config = Config::new().schema_dir(&schema).rust_layout(RustLayout::SingleFile).docs(false);
            if let Some(feature) = gate {
                config = config.schemars_feature(feature);
            }
            let (generated, _, _) = config.generate().unwrap();
            let file = generated.files.iter().find(|f| f.path.ends_with(".rs")).unwrap();
            assert_laid_out_as_prettyplease(&format!("{} ({gate:?})", schema.display()), &file.contents);
        }
    }
}
