//! Inputs at and past the edges: long reference chains, many models, oversized files, symlinks
//! out of the schema folder, and warnings denied.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::InputFile;
use codegen::{Config, Diagnostics, Error};

fn generate(files: Vec<InputFile>) -> Result<codegen::Generated, String> {
    match Config::new().generate_from(files, Path::new("schema"), Diagnostics::default()) {
        Ok((generated, _, _)) => Ok(generated),
        Err(Error::Definitions { diagnostics, sources }) => Err(diagnostics.render(&sources, false, 20)),
        Err(e) => Err(e.to_string()),
    }
}

fn yaml(path: &str, text: String) -> InputFile {
    InputFile { path: path.to_owned(), bytes: text.into_bytes() }
}

#[test]
fn a_chain_of_a_thousand_references() {
    let files = (0..1000)
        .map(|i| {
            let next =
                if i < 999 { format!("\n  - {{ name: Next, type: \"*chain.M{}\" }}", i + 1) } else { String::new() };
            yaml(
                &format!("chain/m{i}.yaml"),
                format!("struct: M{i}\nfields:\n  - {{ name: Value, type: int64, required: true }}{next}\n"),
            )
        })
        .collect();
    let generated = generate(files).unwrap();
    assert_eq!(generated.schema.models.len(), 1000);
}

#[test]
fn a_cycle_through_a_thousand_required_references_is_boxed() {
    let files = (0..1000)
        .map(|i| {
            let next = (i + 1) % 1000;
            yaml(
                &format!("ring/m{i}.yaml"),
                format!("struct: M{i}\nfields:\n  - {{ name: Next, type: ring.M{next}, required: true }}\n"),
            )
        })
        .collect();
    let generated = generate(files).unwrap();
    let boxed = generated.files.iter().filter(|f| f.contents.contains("pub next: Box<")).count();
    assert_eq!(boxed, 1000);
}

#[test]
fn ten_thousand_models_in_one_folder() {
    let files = (0..10_000)
        .map(|i| {
            yaml(
                &format!("many/m{i:05}.yaml"),
                format!("struct: M{i:05}\nfields:\n  - {{ name: Name, type: string }}\n"),
            )
        })
        .collect();
    let generated = generate(files).unwrap();
    assert_eq!(generated.schema.models.len(), 10_000);
}

#[test]
fn oversized_files_are_refused_with_the_limit() {
    let big = format!("struct: Big\ndescription: \"{}\"\n", "x".repeat(codegen::internals::read::yaml::MAX_YAML_BYTES));
    let err = generate(vec![yaml("big/big.yaml", big)]).unwrap_err();
    assert!(err.contains("more than the limit of 1048576 bytes"), "{err}");
    let doc = format!(
        "# Big\n\n{}\n\n\n## Values\n\n| Name | Value |\n| - | - |\n| `A` | a |",
        "y".repeat(codegen::internals::read::MAX_DOC_BYTES)
    );
    let err = generate(vec![InputFile { path: "big/big.md".into(), bytes: doc.into_bytes() }]).unwrap_err();
    assert!(err.contains("more than the limit"), "{err}");
}

#[test]
fn an_alias_bomb_fails_fast() {
    let mut text = String::from(
        "struct: Bomb\nfields:\n  - name: A\n    type: string\n    examples:\n      - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    let mut prev = 'a';
    for name in "bcdefghijklmnop".chars() {
        text.push_str(&format!("      - &{name} [{}]\n", vec![format!("*{prev}"); 10].join(", ")));
        prev = name;
    }
    let start = std::time::Instant::now();
    let err = generate(vec![yaml("bomb/bomb.yaml", text)]).unwrap_err();
    assert!(err.contains("beyond the reader's limits"), "{err}");
    // 10^15 nodes if expanded; refused long before (a generous bound for slow machines).
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_schema_folder_is_an_error() {
    let root: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("symlink-schema");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("bank")).unwrap();
    let outside = Path::new(env!("CARGO_TARGET_TMPDIR")).join("outside.md");
    fs::write(&outside, "# Secret\n\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n| `A`  | a     |").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("bank/secret.md")).unwrap();
    let err = Config::new().schema_dir(&root).generate().unwrap_err().to_string();
    assert!(err.contains("outside the schema folder"), "{err}");
}

#[test]
fn warnings_fail_the_run_only_when_denied() {
    let doc = "# Account\n\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| - | - | - | - | - |\n| `Balance` | *int64* | :heavy_check_mark: | N/A | lots |";
    let files = || {
        vec![
            InputFile { path: "bank/account.md".into(), bytes: doc.as_bytes().to_vec() },
            InputFile { path: "codegen.yaml".into(), bytes: b"wire_names: lowerCamel\n".to_vec() },
        ]
    };
    let (_, warnings, _) = Config::new().generate_from(files(), Path::new("schema"), Diagnostics::default()).unwrap();
    assert_eq!(warnings.items.len(), 1, "{warnings:?}");
    let denied = Config::new().deny_warnings(true).generate_from(files(), Path::new("schema"), Diagnostics::default());
    assert!(matches!(denied, Err(Error::Definitions { .. })));
}

/// The docs carry no wire names: a markdown model with no rule chosen for it takes the default
/// rule's, which the run calls a guess (an error with --deny-warnings); a rule chosen in the
/// settings, or for the model in an overlay, or a field's own wire name, is no guess.
#[test]
fn wire_names_a_rule_guesses_are_a_warning() {
    let doc = "# Account\n\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `AccountID` | *string* | :heavy_check_mark: | N/A |\n| `Name` | *string* | :heavy_check_mark: | N/A |";
    let run = |extra: &[(&str, &str)], deny: bool| {
        let mut files = vec![InputFile { path: "bank/account.md".into(), bytes: doc.as_bytes().to_vec() }];
        files.extend(extra.iter().map(|(p, t)| InputFile { path: (*p).into(), bytes: t.as_bytes().to_vec() }));
        Config::new().deny_warnings(deny).generate_from(files, Path::new("schema"), Diagnostics::default())
    };
    let (generated, warnings, _) = run(&[], false).unwrap();
    assert_eq!(warnings.items.len(), 1);
    assert!(warnings.items[0].message.contains("2 field(s) in 1 markdown model(s) are a guess"), "{warnings:?}");
    assert_eq!((generated.schema.wire_names.by_rule, generated.schema.wire_names.guessed), (2, 2));
    assert!(matches!(run(&[], true), Err(Error::Definitions { .. })));
    let chosen = [("codegen.yaml", "wire_names: snake_case\n")];
    let overlay = [("bank/account.yaml", "overlay: bank.Account\nwire_names: lowerCamel\n")];
    let own = [(
        "bank/account.yaml",
        "overlay: bank.Account\nfields:\n  - { name: AccountID, wire_name: account_id }\n  - { name: Name, wire_name: name }\n",
    )];
    for (extra, by_rule) in [(&chosen[..], 2), (&overlay[..], 2), (&own[..], 0)] {
        let (generated, warnings, _) = run(extra, true).unwrap();
        assert!(warnings.items.is_empty(), "{extra:?}: {warnings:?}");
        assert_eq!((generated.schema.wire_names.by_rule, generated.schema.wire_names.guessed), (by_rule, 0));
    }
}

/// The limits are set so that what passes them compiles (a 1,000-field struct, a 1,000-value
/// enum, a 1,000-variant union and a 64 KiB description were checked with `schemars`); one past
/// them is an error, not a crate that rustc cannot build.
#[test]
fn models_and_descriptions_past_the_limits_are_errors() {
    let fields = |n: usize| (0..n).map(|i| format!("  - {{ name: F{i}, type: string }}\n")).collect::<String>();
    let at_limit =
        yaml("big/wide.yaml", format!("struct: Wide\nfields:\n{}", fields(codegen::internals::check::MAX_MEMBERS)));
    assert!(generate(vec![at_limit]).is_ok());
    let over =
        yaml("big/wide.yaml", format!("struct: Wide\nfields:\n{}", fields(codegen::internals::check::MAX_MEMBERS + 1)));
    let err = generate(vec![over]).unwrap_err();
    assert!(err.contains("has 1001 fields, more than 1000"), "{err}");

    let values = (0..=codegen::internals::check::MAX_MEMBERS).map(|i| format!("  - {{ name: V{i}, value: v{i} }}\n"));
    let over = yaml("big/many.yaml", format!("enum: Many\nvalues:\n{}", values.collect::<String>()));
    assert!(generate(vec![over]).unwrap_err().contains("has 1001 values"));

    let text = "word ".repeat(codegen::internals::check::MAX_DESCRIPTION_BYTES / 5 + 1);
    let long =
        yaml("big/long.yaml", format!("struct: Long\ndescription: {text}\nfields:\n  - {{ name: F, type: string }}\n"));
    let err = generate(vec![long]).unwrap_err();
    assert!(err.contains("more than 65536"), "{err}");
}
