//! The format cache (`.codegen/format-cache`) only ever saves time: a run's outputs are those
//! of a run without it. These tests change the tokens (a definition), the file (edited since)
//! and the cache file, and compare every output with a fresh generation. (A change of formatter
//! changes what a file is formatted from: the emitter's unit tests hold that.)

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Config, Mode};

/// A fresh copy of a case's schema folder and an empty output folder beside it.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("format-cache-{name}"));
    let _ = fs::remove_dir_all(&dir);
    let schema = dir.join("schema");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/yaml-models/schema"), &schema);
    (schema, dir.join("out"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn config(schema: &Path, out: &Path) -> Config {
    Config::new().schema_dir(schema).out_dir(out).command("codegen")
}

/// Every generated file under `out`, by path (the tool's own folder left out).
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".codegen") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, into);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                into.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(out, out, &mut files);
    files
}

/// What a run without any cache writes for `schema`.
fn fresh(schema: &Path, name: &str) -> BTreeMap<String, Vec<u8>> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("format-cache-fresh-{name}"));
    let _ = fs::remove_dir_all(&out);
    config(schema, &out).run(Mode::Write).unwrap();
    outputs(&out)
}

/// The files a check run finds out of date.
fn stale(schema: &Path, out: &Path) -> Vec<String> {
    let report = config(schema, out).run(Mode::Check).unwrap().report;
    let mut paths: Vec<String> = report
        .stale
        .iter()
        .map(|(p, _)| p.strip_prefix(out).unwrap_or(p).to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    paths
}

fn cache_file(out: &Path) -> PathBuf {
    out.join(".codegen/format-cache")
}

#[test]
fn a_write_run_keeps_a_cache_and_a_check_run_does_not_touch_it() {
    let (schema, out) = setup("kept");
    config(&schema, &out).run(Mode::Write).unwrap();
    let cache = fs::read_to_string(cache_file(&out)).unwrap();
    assert!(cache.lines().any(|l| l.ends_with(" src/lib.rs")), "{cache}");
    assert!(cache.lines().any(|l| l.ends_with(" src/pets/pet.rs")), "{cache}");
    // Docs and JSON Schema are not formatted: not cached.
    assert!(!cache.contains(".json") && !cache.contains(".md"), "{cache}");
    let modified = fs::metadata(cache_file(&out)).unwrap().modified().unwrap();
    // A no-op run and a check run leave it alone.
    let report = config(&schema, &out).run(Mode::Write).unwrap().report;
    assert!(report.written.is_empty(), "{:?}", report.written);
    assert!(stale(&schema, &out).is_empty());
    assert_eq!(fs::metadata(cache_file(&out)).unwrap().modified().unwrap(), modified);
    // A check run in a folder without one creates none.
    fs::remove_file(cache_file(&out)).unwrap();
    assert!(stale(&schema, &out).is_empty());
    assert!(!cache_file(&out).exists());
}

#[test]
fn changed_tokens_are_formatted_afresh() {
    let (schema, out) = setup("tokens");
    config(&schema, &out).run(Mode::Write).unwrap();
    // A description changes one model's tokens; its file must follow.
    let pet = schema.join("pets/pet.yaml");
    let text = fs::read_to_string(&pet).unwrap();
    let changed = text.replace("What the pet answers to.", "The name the pet answers to.");
    assert_ne!(text, changed, "the fixture has a description to change");
    fs::write(&pet, changed).unwrap();
    let outcome = config(&schema, &out).run(Mode::Write).unwrap();
    assert!(outcome.report.written.iter().any(|p| p.ends_with("pet.rs")), "{:?}", outcome.report.written);
    assert_eq!(outputs(&out), fresh(&schema, "tokens"));
}

#[test]
fn an_edited_file_is_not_taken_from_the_cache() {
    let (schema, out) = setup("edited");
    config(&schema, &out).run(Mode::Write).unwrap();
    let file = out.join("src/pets/pet.rs");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("// edited\n");
    fs::write(&file, &text).unwrap();
    // The tokens are the same, the file is not what they formatted to: check fails, write mends.
    assert_eq!(stale(&schema, &out), ["src/pets/pet.rs"]);
    let outcome = config(&schema, &out).run(Mode::Write).unwrap();
    assert_eq!(outcome.report.written.len(), 1, "{:?}", outcome.report.written);
    assert_eq!(outputs(&out), fresh(&schema, "edited"));
}

#[test]
fn a_malformed_cache_is_no_cache() {
    let (schema, out) = setup("malformed");
    config(&schema, &out).run(Mode::Write).unwrap();
    let cache = fs::read_to_string(cache_file(&out)).unwrap();
    for bad in [
        String::new(),
        cache[..cache.len() - 3].to_owned(),
        cache.replace("cache 1", "cache 9"),
        cache.replacen(' ', "  ", 3),
        "\u{0}garbage".to_owned(),
    ] {
        fs::write(cache_file(&out), &bad).unwrap();
        assert!(stale(&schema, &out).is_empty());
        // A write run puts a good one back.
        config(&schema, &out).run(Mode::Write).unwrap();
        assert_eq!(fs::read_to_string(cache_file(&out)).unwrap(), cache);
    }
}

/// The cache is used: a file whose recorded hashes fit is taken from disk, not formatted. (Here
/// the test plants a record for a file it changed, which only tampering with the cache could
/// do: the run believes it, and so finds the changed file up to date.)
#[test]
fn a_file_whose_record_fits_is_taken_from_disk() {
    let (schema, out) = setup("hit");
    config(&schema, &out).run(Mode::Write).unwrap();
    let path = "src/pets/pet.rs";
    let mut text = fs::read_to_string(out.join(path)).unwrap();
    let recorded = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
    text.push_str("// planted\n");
    fs::write(out.join(path), &text).unwrap();
    assert_eq!(stale(&schema, &out), [path], "without a fitting record the change shows");
    let planted = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
    let cache = fs::read_to_string(cache_file(&out)).unwrap();
    let line = cache.lines().find(|l| l.ends_with(&format!(" {path}"))).unwrap();
    assert!(line.contains(&recorded), "{line}");
    fs::write(cache_file(&out), cache.replace(line, &line.replace(&recorded, &planted))).unwrap();
    assert!(stale(&schema, &out).is_empty(), "the record was used");
    // Without the cache the file is formatted again and the change shows.
    fs::remove_file(cache_file(&out)).unwrap();
    assert_eq!(stale(&schema, &out), [path]);
}

/// The docs index's changes since a previous version are cached as the Rust files are: an
/// unchanged run takes them from the index on disk; a changed snapshot, a changed definition or
/// an edited section computes them afresh.
#[test]
fn the_changes_since_the_previous_version_are_cached_and_never_stale() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("format-cache-changes");
    let _ = fs::remove_dir_all(&dir);
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/changes-since-previous-version");
    copy_dir(&case.join("schema"), &dir.join("schema"));
    copy_dir(&case.join("previous"), &dir.join("previous"));
    let (schema, out) = (dir.join("schema"), dir.join("out"));
    config(&schema, &out).run(Mode::Write).unwrap();
    let cache = fs::read_to_string(cache_file(&out)).unwrap();
    assert!(cache.contains(" :changes docs/README.md\n"), "{cache}");
    assert_eq!(stale(&schema, &out), Vec::<String>::new());

    // An edited section is not taken: the run writes the section a fresh run writes.
    let index = out.join("docs/README.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, text.replace("Semver: **", "Semver: **not ")).unwrap();
    assert_eq!(stale(&schema, &out), ["docs/README.md"]);
    config(&schema, &out).run(Mode::Write).unwrap();
    assert_eq!(outputs(&out), fresh(&schema, "changes-edited"));

    // Another snapshot: the section is computed again.
    let bundle = dir.join("previous/bundle.json");
    let before = fs::read_to_string(&bundle).unwrap();
    let edited = before.replacen("\"description\": \"", "\"description\": \"Once: ", 1);
    assert_ne!(before, edited, "the snapshot has a description to change");
    fs::write(&bundle, edited).unwrap();
    assert_eq!(stale(&schema, &out), ["docs/README.md"]);
    config(&schema, &out).run(Mode::Write).unwrap();
    assert_eq!(outputs(&out), fresh(&schema, "changes-snapshot"));
}
