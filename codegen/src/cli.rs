//! The command-line front: runs a [`Config`] and reports to stderr. Used by the `codegen`
//! binary and by `cargo xtask codegen`.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::write::WriteError;
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
pub fn run(config: &Config, check: bool, verbosity: Verbosity, timings: bool) -> ExitCode {
    let quiet = verbosity == Verbosity::Quiet;
    let verbose = verbosity == Verbosity::Verbose;
    let mode = if check { Mode::Check } else { Mode::Write };
    match config.run(mode) {
        Ok(outcome) => {
            let warnings = outcome.warnings.warning_count();
            if verbose {
                eprint!("{}", outcome.warnings.render(&outcome.sources, use_color(), MAX_DIAGNOSTICS));
            } else if !quiet && warnings <= 5 {
                eprint!("{}", outcome.warnings.without_notes().render(&outcome.sources, use_color(), MAX_DIAGNOSTICS));
            } else if !quiet {
                eprintln!("{warnings} warnings (run with --verbose to see them)");
            }
            if timings {
                print_timings(&outcome);
            }
            let r = &outcome.report;
            if !quiet && let Some(recovered) = r.recovered {
                eprintln!("note: {recovered}");
            }
            if verbose {
                for (p, why) in &r.kept {
                    eprintln!("kept {}, no longer generated: {why}", p.display());
                }
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
                    let wire = wire_summary(&outcome.wire_names);
                    eprintln!("{} models, {} files up to date ({ms:.0} ms){wire}", outcome.models, r.unchanged);
                }
            } else if !quiet {
                eprintln!(
                    "{} models: {} written, {} unchanged, {} removed ({ms:.0} ms){}",
                    outcome.models,
                    r.written.len(),
                    r.unchanged,
                    r.removed.len(),
                    wire_summary(&outcome.wire_names)
                );
            }
            ExitCode::SUCCESS
        }
        Err(Error::Definitions { diagnostics, sources }) => {
            let diagnostics = if verbose { diagnostics } else { diagnostics.without_notes() };
            eprint!("{}", diagnostics.render(&sources, use_color(), MAX_DIAGNOSTICS));
            eprintln!("error: {} error(s) in the definitions; nothing was written", diagnostics.error_count());
            ExitCode::FAILURE
        }
        Err(Error::Write(e @ WriteError::Unfinished(_))) => {
            eprintln!("error: {e}; run `{}` to finish it", config.command_name());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs an import as `codegen import` does: the report to stdout (or `report`), a summary and
/// any error to stderr; in check mode, fails if a re-import would change a file.
pub fn import(import: &crate::import::Import, check: bool, report: Option<&std::path::Path>) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    match import.run(mode) {
        Ok(outcome) => {
            match report {
                Some(path) => {
                    if let Err(e) = std::fs::write(path, &outcome.report) {
                        eprintln!("error: cannot write the report to `{}`: {e}", path.display());
                        return ExitCode::FAILURE;
                    }
                }
                None => print!("{}", outcome.report),
            }
            if check && outcome.changes() {
                for p in &outcome.written {
                    eprintln!("stale: {p}");
                }
                for p in &outcome.removed {
                    eprintln!("stale (would be removed): {p}");
                }
                eprintln!(
                    "{} imported overlay(s) are out of date; run `codegen import` without --check to update them",
                    outcome.written.len() + outcome.removed.len()
                );
                return ExitCode::FAILURE;
            }
            eprintln!(
                "{} of {} models matched; {} facts; {} overlays written, {} unchanged, {} removed",
                outcome.matched,
                outcome.models,
                outcome.facts,
                outcome.written.len(),
                outcome.unchanged,
                outcome.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(crate::import::ImportError::Definitions { diagnostics, sources }) => {
            eprint!("{}", diagnostics.without_notes().render(&sources, use_color(), MAX_DIAGNOSTICS));
            eprintln!("error: {} error(s) in the definitions; nothing was written", diagnostics.error_count());
            ExitCode::FAILURE
        }
        Err(e @ crate::import::ImportError::Spec(_)) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One line per stage, then the whole run and the peak memory (for `--timings` and benchmarks).
fn print_timings(outcome: &crate::Outcome) {
    let t = &outcome.timings;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    for (stage, d) in [
        ("read", t.read),
        ("check", t.check),
        ("emit-rust", t.emit_rust),
        ("format", t.format),
        ("emit-json-schema", t.emit_json_schema),
        ("emit-docs", t.emit_docs),
        ("write", t.write),
        ("total", outcome.elapsed),
    ] {
        eprintln!("timing {stage} {:.3} ms", ms(d));
    }
    if let Some(kb) = peak_rss_kb() {
        eprintln!("timing peak-rss {kb} KiB");
    }
    let r = &outcome.report;
    eprintln!("timing files-written {} unchanged {} removed {}", r.written.len(), r.unchanged, r.removed.len());
}

/// The process's peak resident memory, where the system tells it (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `; 1523 wire names by rule (12 guessed)`: the docs carry no wire names, so a run says how
/// many it derived, and how many of those no rule was chosen for.
fn wire_summary(w: &crate::WireNames) -> String {
    match (w.by_rule, w.guessed) {
        (0, _) => String::new(),
        (n, 0) => format!("; {n} wire names by rule"),
        (n, g) => format!("; {n} wire names by rule ({g} guessed)"),
    }
}

/// Runs a comparison as `codegen diff` does: the report to stdout; exit status 1 if `fail_on`
/// is given and met, 2 if either side cannot be read or checked.
pub fn diff(diff: &crate::diff::Diff, format: crate::diff::Format, fail_on: Option<crate::diff::FailOn>) -> ExitCode {
    match diff.run() {
        Ok(report) => {
            print!("{}", report.render(format));
            match fail_on {
                Some(level) if report.fails(level) => ExitCode::from(1),
                _ => ExitCode::SUCCESS,
            }
        }
        Err(crate::diff::DiffError::Definitions { side, diagnostics, sources }) => {
            eprint!("{}", diagnostics.without_notes().render(&sources, use_color(), MAX_DIAGNOSTICS));
            eprintln!("error: {} error(s) in the definitions {side}; nothing was compared", diagnostics.error_count());
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
