//! The generated docs are the SDK's docs, byte for byte: every doc of `schema/` comes back in
//! `docs/` at the same path, through the whole pipeline (reader, checker, emitter), and `docs/`
//! holds nothing else but its index.

use std::collections::BTreeMap;
use std::path::Path;

/// The `.md` files under `dir`, by path relative to it.
fn docs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(dir).unwrap().to_str().unwrap().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_generated_docs_are_the_sdks_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = docs(&root.join("schema"));
    let mut generated = docs(&root.join("docs"));
    assert!(generated.remove("README.md").is_some(), "docs/README.md indexes the models");
    let sources: BTreeMap<String, Vec<u8>> = sources.into_iter().filter(|(p, _)| p != "SOURCE.md").collect();
    assert_eq!(sources.len(), 369);
    let missing: Vec<&String> = sources.keys().filter(|p| !generated.contains_key(*p)).collect();
    let extra: Vec<&String> = generated.keys().filter(|p| !sources.contains_key(*p)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing from docs/: {missing:?}; not in schema/: {extra:?}");
    let differ: Vec<&String> = sources.iter().filter(|(p, text)| generated[*p] != **text).map(|(p, _)| p).collect();
    assert!(differ.is_empty(), "{} docs differ from their sources: {differ:?}", differ.len());
}
