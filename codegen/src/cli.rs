//! The command-line front: runs a [`Config`] and reports to stderr. Used by the `codegen`
//! binary and by `cargo xtask codegen`.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::{Config, Error, MAX_DIAGNOSTICS, Mode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Whether stderr gets colour: only on a terminal, and never with NO_COLOR set.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs the generator and reports to stderr as the command line does: diagnostics, stale files
/// with diffs, and one summary line. Shared by the `codegen` binary and `cargo xtask codegen`.
pub fn run(config: &Config, check: bool, verbosity: Verbosity) -> ExitCode {
    let quiet = verbosity == Verbosity::Quiet;
    let verbose = verbosity == Verbosity::Verbose;
    let mode = if check { Mode::Check } else { Mode::Write };
    match config.run(mode) {
        Ok(outcome) => {
            if verbose || (!quiet && outcome.warnings.items.len() <= 5) {
                eprint!("{}", outcome.warnings.render(&outcome.sources, use_color(), MAX_DIAGNOSTICS));
            } else if !quiet && !outcome.warnings.items.is_empty() {
                eprintln!("{} warnings (run with --verbose to see them)", outcome.warnings.items.len());
            }
            let r = &outcome.report;
            if verbose {
                for p in &r.written {
                    eprintln!("wrote {}", p.display());
                }
                for p in &r.removed {
                    eprintln!("removed {}", p.display());
                }
            }
            let ms = outcome.elapsed.as_secs_f64() * 1000.0;
            if check {
                for (path, diff) in &r.stale {
                    eprintln!("stale: {}\n{diff}", path.display());
                }
                if !r.stale.is_empty() {
                    eprintln!(
                        "{} generated file(s) are out of date; run `{}` to update them",
                        r.stale.len(),
                        config.command_name()
                    );
                    return ExitCode::FAILURE;
                }
                if !quiet {
                    eprintln!("{} models, {} files up to date ({ms:.0} ms)", outcome.models, r.unchanged);
                }
            } else if !quiet {
                eprintln!(
                    "{} models: {} written, {} unchanged, {} removed ({ms:.0} ms)",
                    outcome.models,
                    r.written.len(),
                    r.unchanged,
                    r.removed.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(Error::Definitions { diagnostics, sources }) => {
            eprint!("{}", diagnostics.render(&sources, use_color(), MAX_DIAGNOSTICS));
            eprintln!("error: {} error(s) in the definitions; nothing was written", diagnostics.error_count());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
