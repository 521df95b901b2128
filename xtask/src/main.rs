//! Project tasks: `cargo xtask codegen [--check]` regenerates `generated/` from `schema/`, and
//! the OpenAI example crate from `examples/openai/schema/`;
//! `cargo xtask bench` measures the generator.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::cli::{Verbosity, run};

/// The same allocator as the `codegen` command, for the same reason (see its `main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage: cargo xtask codegen [--check] [--quiet | --verbose]
       cargo xtask bench [--runs N] [--quick]

codegen: regenerates generated/ (Rust types, JSON Schema, docs) from schema/, and
  examples/openai/ from examples/openai/schema/.
  --check    write nothing; fail, with a diff, if any generated file is stale (CI runs this)
  --quiet    print only errors
  --verbose  list every file written or removed, and every warning

bench: times the release binary (medians, beside the targets): full regeneration, --check,
no-op, one model edited, each stage, the OpenAI set (examples/openai/schema, if there), synthetic
sets of 10x and 100x the models with peak memory, and `cargo check` of the generated crate after
touching one file.
  --runs N   runs per scenario (default 10)
  --quick    only the real model sets: no synthetic sets, no crate check

Examples:
  cargo xtask codegen           after editing anything in schema/
  cargo xtask codegen --check   to prove generated/ is up to date
  cargo xtask bench --quick     a one-minute look at the generator's speed";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.split_first() {
        Some((&"codegen", flags)) => codegen_task(flags),
        Some((&"bench", flags)) => bench_task(flags),
        Some((&("help" | "--help" | "-h"), _)) | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some((other, _)) => {
            eprintln!("unknown task `{other}`\n\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn codegen_task(flags: &[&str]) -> ExitCode {
    let mut check = false;
    let mut verbosity = Verbosity::Normal;
    for flag in flags {
        match *flag {
            "--check" => check = true,
            "--quiet" | "-q" => verbosity = Verbosity::Quiet,
            "--verbose" | "-v" => verbosity = Verbosity::Verbose,
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown flag `{other}`\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mut status = ExitCode::SUCCESS;
    for config in configs() {
        if run(&config, check, verbosity, false) != ExitCode::SUCCESS {
            status = ExitCode::FAILURE;
        }
    }
    status
}

fn bench_task(flags: &[&str]) -> ExitCode {
    let mut options = bench::Options { runs: 10, scale: true, crate_check: true };
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        match *flag {
            "--quick" => {
                options.scale = false;
                options.crate_check = false;
            }
            "--runs" => match flags.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0) {
                Some(n) => options.runs = n,
                None => {
                    eprintln!("--runs takes a positive number\n\n{USAGE}");
                    return ExitCode::FAILURE;
                }
            },
            other => {
                eprintln!("unknown flag `{other}`\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    match bench::bench(&project_root(), &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The generator as this repository runs it.
pub fn config() -> codegen::Config {
    let root = project_root();
    codegen::Config::new()
        .schema_dir(root.join("schema"))
        .out_dir(root.join("generated"))
        .command("cargo xtask codegen")
        .schemars_feature("schemars")
        .crate_docs("README.md")
}

/// The second workload, an OpenAI API SDK's docs: `examples/openai/schema` into the
/// `openai-models` crate at `examples/openai`.
pub fn openai_config() -> codegen::Config {
    let root = project_root().join("examples/openai");
    codegen::Config::new()
        .schema_dir(root.join("schema"))
        .out_dir(root)
        .command("cargo xtask codegen")
        .schemars_feature("schemars")
        .crate_docs("README.md")
}

/// Every schema folder the repository generates from, in the order `codegen` runs them.
fn configs() -> [codegen::Config; 2] {
    [config(), openai_config()]
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_owned()
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when someone edits `schema/` and forgets to regenerate.
    #[test]
    fn generated_files_are_up_to_date() {
        for config in super::configs() {
            let outcome = match config.run(codegen::Mode::Check) {
                Ok(outcome) => outcome,
                Err(e) => panic!("{e}"),
            };
            let stale: Vec<String> =
                outcome.report.stale.iter().map(|(p, diff)| format!("{}\n{diff}", p.display())).collect();
            assert!(
                stale.is_empty(),
                "generated files are out of date; run `cargo xtask codegen`:\n{}",
                stale.join("\n")
            );
        }
    }
}
