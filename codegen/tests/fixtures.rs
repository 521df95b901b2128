//! Data-driven tests: each folder under `tests/cases/` holds a `schema/` and the `expected/`
//! outputs it must produce; each folder under `tests/errors/` holds a `schema/` and the
//! `expected.txt` diagnostics it must produce. `UPDATE_EXPECT=1 cargo test` rewrites the
//! expectations from what the generator does now (review the diff before committing).

#[path = "common/tree.rs"]
mod tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::Diagnostics;
use codegen::internals::read;
use codegen::{Config, Error};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(kind);
    let mut cases: Vec<PathBuf> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures in {}", dir.display());
    cases
}

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Generates from a case's `schema/`, showing paths as `schema/...` so that output does not
/// depend on where the repository lives (a folder the settings name, such as the previous
/// version's JSON Schema, is read relative to the schema folder given to `Config`).
fn generate(case: &Path) -> Result<(Vec<codegen::GeneratedFile>, String), String> {
    let mut diags = Diagnostics::default();
    let files = read::list_folder(&case.join("schema"), &mut diags);
    match Config::new().schema_dir(case.join("schema")).generate_from(files, Path::new("schema"), diags) {
        Ok((generated, warnings, sources)) => Ok((generated.files, warnings.render(&sources, false, 100))),
        Err(Error::Definitions { diagnostics, sources }) => Err(diagnostics.render(&sources, false, 100)),
        Err(e) => Err(e.to_string()),
    }
}

fn files_under(root: &Path) -> BTreeMap<String, String> {
    tree::files(root).into_iter().map(|(rel, path)| (rel, fs::read_to_string(&path).unwrap())).collect()
}

#[test]
fn cases_generate_their_expected_outputs() {
    let mut failures = Vec::new();
    for case in fixtures("cases") {
        let (files, warnings) = generate(&case).unwrap_or_else(|e| panic!("{}:\n{e}", case.display()));
        let mut actual: BTreeMap<String, String> = files.into_iter().map(|f| (f.path, f.contents)).collect();
        if !warnings.is_empty() {
            actual.insert("warnings.txt".to_owned(), warnings);
        }
        let expected_dir = case.join("expected");
        if update() {
            let _ = fs::remove_dir_all(&expected_dir);
            for (path, contents) in &actual {
                let p = expected_dir.join(path);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, contents).unwrap();
            }
            continue;
        }
        let expected = files_under(&expected_dir);
        for (path, contents) in &actual {
            match expected.get(path) {
                Some(e) if e == contents => {}
                Some(_) => failures.push(format!("{}: {path} differs", case.display())),
                None => failures.push(format!("{}: {path} is generated but not expected", case.display())),
            }
        }
        for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
            failures.push(format!("{}: {path} is expected but not generated", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}\n(UPDATE_EXPECT=1 cargo test rewrites the expectations)", failures.join("\n"));
}

#[test]
fn errors_give_their_expected_diagnostics() {
    let mut failures = Vec::new();
    for case in fixtures("errors") {
        let actual = match generate(&case) {
            Ok((_, warnings)) if warnings.is_empty() => "(no error)\n".to_owned(),
            Ok((_, warnings)) => format!("(no error)\n{warnings}"),
            Err(rendered) => rendered,
        };
        let expected_path = case.join("expected.txt");
        if update() {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!("{}:\n--- expected\n{expected}\n--- actual\n{actual}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}\n(UPDATE_EXPECT=1 cargo test rewrites the expectations)", failures.join("\n"));
}

#[test]
fn markdown_docs_round_trip_through_the_generator() {
    // BOM and CRLF included: the markdown case's docs equal its sources byte for byte.
    let case = fixtures("cases").into_iter().find(|c| c.ends_with("markdown-overlay")).unwrap();
    let (files, _) = generate(&case).unwrap();
    for (path, source) in files_under(&case.join("schema")).into_iter().filter(|(p, _)| p.ends_with(".md")) {
        let doc =
            files.iter().find(|f| f.path == format!("docs/{path}")).unwrap_or_else(|| panic!("no docs for {path}"));
        assert_eq!(doc.contents, source, "{path}");
    }
}

/// `naming::generated_traits` names every trait the generated code implements for a model, so
/// the checker refuses a user's derive that would conflict with one (`rust:` in the settings).
#[test]
fn generated_traits_name_every_trait_the_generated_code_implements() {
    for case in fixtures("cases") {
        let mut diags = Diagnostics::default();
        let files = read::list_folder(&case.join("schema"), &mut diags);
        let (generated, ..) =
            Config::new().schema_dir(case.join("schema")).generate_from(files, Path::new("schema"), diags).unwrap();
        for model in &generated.schema.models {
            let path =
                format!("src/{}/{}.rs", codegen::internals::naming::module_dir(&model.name.namespace), model.file_stem);
            let file = generated.files.iter().find(|f| f.path == path).unwrap();
            let file = syn::parse_file(&file.contents).unwrap();
            let mut implemented = Vec::new();
            for item in &file.items {
                match item {
                    syn::Item::Struct(syn::ItemStruct { attrs, ident, .. })
                    | syn::Item::Enum(syn::ItemEnum { attrs, ident, .. })
                        if *ident == model.rust_name =>
                    {
                        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
                            attr.parse_nested_meta(|meta| {
                                implemented.push(meta.path.segments.last().unwrap().ident.to_string());
                                Ok(())
                            })
                            .unwrap();
                        }
                    }
                    syn::Item::Impl(syn::ItemImpl { trait_: Some((path, _)), .. }) => {
                        implemented.push(path.segments.last().unwrap().ident.to_string());
                    }
                    _ => {}
                }
            }
            let users: Vec<String> =
                model.rust_extras.derives.iter().map(|d| d.rsplit("::").next().unwrap().trim().to_owned()).collect();
            let listed = codegen::internals::naming::generated_traits(model);
            // The crate's own `Validate`, named by its path, is no trait a derive could clash with.
            for t in implemented.iter().filter(|t| !users.contains(t) && *t != "Validate") {
                assert!(
                    listed.contains(&t.as_str()),
                    "{}: `{}` implements `{t}`, not listed",
                    case.display(),
                    model.name
                );
            }
        }
    }
}
