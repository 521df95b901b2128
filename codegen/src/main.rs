//! The `codegen` command: generate Rust types, JSON Schema and docs from a folder of definitions.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::Config;
use codegen::cli::{Verbosity, diff, import, run};
use codegen::diff::{Against, FailOn, Format};

/// A run allocates and frees many small strings, tables and tokens: mimalloc does that with
/// fewer instructions than the system allocator (callgrind shows it). Built without
/// transparent huge pages (`no_thp`): for a run this short, the kernel zeroing 2 MiB pages costs
/// more time and memory than the faults they save (the README's Benchmarks section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates Rust types, JSON Schema and markdown docs from API model definitions
/// (Speakeasy markdown docs or YAML).
#[derive(Parser)]
#[command(
    version,
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  codegen --schema schema --out generated          regenerate what changed\n  codegen --schema schema --out generated --check  fail if anything is stale\n  codegen import openapi.yaml --schema schema      take the API's facts into overlays"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Folder of definitions: namespace folders of `.md` and `.yaml` files, and an optional
    /// `codegen.yaml` (e.g. `--schema schema`).
    #[arg(long, value_name = "DIR", required = true)]
    schema: Option<PathBuf>,
    /// Output folder: Rust in `src/`, JSON Schema in `json-schema/`, docs in `docs/`
    /// (e.g. `--out generated`).
    #[arg(long, value_name = "DIR", required = true)]
    out: Option<PathBuf>,
    /// Write nothing; fail, with a diff, if any output is out of date (for CI).
    #[arg(long)]
    check: bool,
    /// Treat warnings (e.g. an example that does not fit its field's type) as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Print only errors.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also list every file written or removed, and every warning.
    #[arg(long, short)]
    verbose: bool,
    /// Derive `schemars::JsonSchema` only with this cargo feature of the generated crate
    /// (e.g. `--schemars-feature schemars`); by default it is always derived.
    #[arg(long, value_name = "FEATURE")]
    schemars_feature: Option<String>,
    /// A markdown file, relative to the output folder, to include as the crate docs
    /// (e.g. `--crate-docs README.md`).
    #[arg(long, value_name = "FILE")]
    crate_docs: Option<String>,
    /// Print the time of each stage (read, check, emit, format, write) and the peak memory.
    #[arg(long)]
    timings: bool,
    /// The command named in the generated-file header (e.g. `cargo xtask codegen`).
    #[arg(long, value_name = "TEXT", default_value = "codegen")]
    command_name: String,
}

#[derive(Subcommand)]
enum Command {
    /// Reads an OpenAPI document (3.0 or 3.1, YAML or JSON) or a JSON Schema bundle, a local
    /// file, and writes what it says of the schema folder's models into imported overlays
    /// (`<doc>.imported.yaml` beside each model's doc); prints a report of what matched.
    Import {
        /// The spec (e.g. `openapi/openapi.yaml`); never fetched.
        #[arg(value_name = "FILE")]
        spec: PathBuf,
        /// The schema folder whose models take the facts (e.g. `--schema schema`).
        #[arg(long, value_name = "DIR")]
        schema: PathBuf,
        /// Write nothing; fail if a re-import would change any file (for CI).
        #[arg(long)]
        check: bool,
        /// Write the report to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Compares the published JSON Schemas (and the Rust types they make) of the schema folder
    /// with those of an earlier version, and says who each change breaks: readers, writers, Rust
    /// code using the crate (with the semver bump), or no one.
    Diff {
        /// The earlier version: a git revision of the repository the schema folder is in
        /// (`main`, `HEAD~3`, a commit), or a folder of an earlier `json-schema/` output.
        #[arg(long, value_name = "REF")]
        against: String,
        /// The folder of definitions of today's version.
        #[arg(long, value_name = "DIR", default_value = "schema")]
        schema: PathBuf,
        /// The generated crate's folder: its `Cargo.toml` version lets the report name the next
        /// version.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// text (for people), json (for tools) or markdown (a changelog section).
        #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = parse_format)]
        format: Format,
        /// Exit with status 1 if a change meets LEVEL: breaking (breaks any audience), readers,
        /// writers, rust (a major change for the crate) or any (any change at all).
        #[arg(long, value_name = "LEVEL", value_parser = parse_fail_on)]
        fail_on: Option<FailOn>,
    },
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Import { spec, schema, check, report }) = &cli.command {
        return import(&Config::new().schema_dir(schema).import(spec), *check, report.as_deref());
    }
    if let Some(Command::Diff { against, schema, out, format, fail_on }) = &cli.command {
        let mut run = Config::new().schema_dir(schema).diff(Against::parse(against));
        if let Some(out) = out {
            run = run.crate_dir(out);
        }
        return diff(&run, *format, *fail_on);
    }
    let (Some(schema), Some(out)) = (&cli.schema, &cli.out) else {
        unreachable!("clap requires --schema and --out without a subcommand");
    };
    let mut config =
        Config::new().schema_dir(schema).out_dir(out).command(&cli.command_name).deny_warnings(cli.deny_warnings);
    if let Some(feature) = &cli.schemars_feature {
        config = config.schemars_feature(feature);
    }
    if let Some(file) = &cli.crate_docs {
        config = config.crate_docs(file);
    }
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    run(&config, cli.check, verbosity, cli.timings)
}
