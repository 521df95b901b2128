//! The generative test: schema folders built at random from a grammar of hostile definitions
//! (`generative/grammar.rs`) go through the tool; each one it accepts must compile, on editions
//! 2021 and 2024, with and without `schemars`, without warnings under clippy and rustdoc, and
//! pass its doctests. Every accepted case is a module of one batch crate
//! (`generative/batch.rs`), so a run costs a few `cargo check`s, whatever its number of cases.
//! A definition the tool refuses is fine, if it is refused with diagnostics (never a panic).
//!
//! `cargo test` runs a small batch from a fixed seed, plus every saved counterexample in
//! `generative/regressions/`. Settings, from the environment:
//!
//! - `GENERATIVE_SEED=S`: the first case's seed (case `i` of a run has seed `S + i`);
//! - `GENERATIVE_CASES=N`: cases per batch (default 40);
//! - `GENERATIVE_MINUTES=M`: run batch after batch, with new seeds, for `M` minutes;
//! - `GENERATIVE_SHRINK=1`: shrink each distinct failure to a minimal schema folder;
//! - `GENERATIVE_SAVE=1`: shrink, and save each distinct new failure as a regression folder;
//! - `GENERATIVE_SKIP_REGRESSIONS=1`: leave the saved regressions out (to look for new faults
//!   past a known one that kills the process).
//!
//! If the test dies (the tool overflowed its stack on a case), the case it was running is in
//! `target/tmp/generative/running/` (`label.txt` and `schema/`).

#[path = "generative/batch.rs"]
mod batch;
#[path = "generative/grammar.rs"]
mod grammar;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use batch::{Batch, Case, Failure, Outcome, STEPS, Step};
use grammar::Schema;

const DEFAULT_SEED: u64 = 1;
const DEFAULT_CASES: u64 = 40;

fn env_number(name: &str) -> Option<f64> {
    let text = std::env::var(name).ok()?;
    Some(text.trim().parse().unwrap_or_else(|_| panic!("{name}={text}: expected a number")))
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A line of progress: on the terminal during a long run (past the test harness's capture of
/// `eprintln!`), else shown only if the test fails.
fn progress(line: &str) {
    if std::env::var_os("GENERATIVE_MINUTES").is_some() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "generative: {line}");
    } else {
        eprintln!("generative: {line}");
    }
}

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generative/regressions")
}

/// The saved counterexamples, by folder name.
fn regressions() -> Vec<Case> {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.join("schema").is_dir()).collect();
    dirs.sort();
    dirs.iter()
        .map(|d| {
            batch::read_folder(&format!("regression {}", d.file_name().unwrap().to_string_lossy()), &d.join("schema"))
        })
        .collect()
}

fn generated_case(seed: u64) -> (Case, Schema) {
    let schema = grammar::generate(seed);
    (Case { label: format!("seed {seed}"), files: schema.files() }, schema)
}

/// Counts of what the tool made of the cases.
#[derive(Default)]
struct Stats {
    cases: usize,
    accepted: usize,
    rejected: BTreeMap<String, usize>,
}

/// Runs cases through the tool and the accepted ones through the batch crate's `steps`.
fn run(batch: &mut Batch, cases: &[Case], steps: &[Step], stats: &mut Stats) -> BTreeMap<usize, Vec<Failure>> {
    let mut failures: BTreeMap<usize, Vec<Failure>> = BTreeMap::new();
    // A stack overflow aborts the process, past any `catch_unwind`: the case being run is
    // written down first, so that such a death names its case.
    let running = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generative/running");
    let outcomes: Vec<Outcome> = cases
        .iter()
        .map(|case| {
            batch::write_folder(&running, case);
            batch::run_tool(case)
        })
        .collect();
    std::fs::remove_dir_all(&running).unwrap();
    let mut accepted = Vec::new();
    for (i, outcome) in outcomes.iter().enumerate() {
        stats.cases += 1;
        match outcome {
            Outcome::Rejected(first) => *stats.rejected.entry(batch::normalize_message(first)).or_default() += 1,
            Outcome::Failed(f) => failures.entry(i).or_default().push(f.clone()),
            Outcome::Accepted { crate_files, single_file } => {
                stats.accepted += 1;
                accepted.push((i, crate_files, single_file.as_str()));
            }
        }
    }
    if accepted.is_empty() {
        return failures;
    }
    batch.write_cases(&accepted);
    let set: BTreeSet<usize> = accepted.iter().map(|(i, _, _)| *i).collect();
    let mut log = |line: &str| progress(line);
    for (i, list) in batch.check(&set, steps, &mut log) {
        failures.entry(i).or_default().extend(list);
    }
    failures
}

/// One failure being shrunk: the smallest schema that still fails with its signature.
struct Shrinking {
    label: String,
    schema: Schema,
    failure: Failure,
    candidates: Vec<Schema>,
    next: usize,
    shrunk_this_pass: bool,
}

/// Shrinks every failure at once: each round tries one smaller candidate of each in one batch.
fn shrink(batch: &mut Batch, mut work: Vec<Shrinking>, budget: Duration) -> Vec<Shrinking> {
    let start = Instant::now();
    let mut rounds = 0;
    while start.elapsed() < budget {
        let trying: Vec<usize> = (0..work.len()).filter(|&i| work[i].next < work[i].candidates.len()).collect();
        if trying.is_empty() {
            break;
        }
        rounds += 1;
        let cases: Vec<Case> = trying
            .iter()
            .map(|&i| Case { label: work[i].label.clone(), files: work[i].candidates[work[i].next].files() })
            .collect();
        let steps: Vec<Step> =
            STEPS.iter().filter(|s| trying.iter().any(|&i| work[i].failure.step == s.name)).copied().collect();
        let failures = run(batch, &cases, &steps, &mut Stats::default());
        for (k, &i) in trying.iter().enumerate() {
            let w = &mut work[i];
            let signature = w.failure.signature();
            let same = failures.get(&k).and_then(|list| list.iter().find(|f| f.signature() == signature));
            if let Some(f) = same {
                w.failure = f.clone();
                w.schema = w.candidates.swap_remove(w.next);
                w.candidates = w.schema.smaller();
                w.next = w.next.saturating_sub(1);
                w.shrunk_this_pass = true;
            } else {
                w.next += 1;
                if w.next >= w.candidates.len() && w.shrunk_this_pass {
                    w.next = 0;
                    w.shrunk_this_pass = false;
                }
            }
        }
    }
    progress(&format!("shrinking took {rounds} rounds, {:.0?}", start.elapsed()));
    work
}

#[test]
fn accepted_definitions_compile() {
    let first_seed = env_number("GENERATIVE_SEED").map_or(DEFAULT_SEED, |s| s as u64);
    let per_batch = env_number("GENERATIVE_CASES").map_or(DEFAULT_CASES, |n| n as u64);
    let minutes = env_number("GENERATIVE_MINUTES");
    let save = env_flag("GENERATIVE_SAVE");
    let shrinking = save || env_flag("GENERATIVE_SHRINK");
    let shrink_budget = Duration::from_secs_f64(env_number("GENERATIVE_SHRINK_MINUTES").unwrap_or(10.0) * 60.0);
    let start = Instant::now();
    let mut batch = Batch::new(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("generative"));
    let mut stats = Stats::default();
    // Every failing case, with its failures.
    let mut failing: Vec<(Case, Vec<Failure>)> = Vec::new();
    // The first case of each distinct failure; those saved before are known by the signature
    // lines that start their `found.txt`.
    let mut distinct: BTreeMap<String, (Case, Failure)> = BTreeMap::new();
    let known: BTreeSet<String> = std::fs::read_dir(regressions_dir())
        .into_iter()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("found.txt")).ok())
        .flat_map(|t| t.lines().take_while(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let mut shrunk = String::new();
    let mut cases: Vec<(Case, Option<Schema>)> = if env_flag("GENERATIVE_SKIP_REGRESSIONS") {
        Vec::new()
    } else {
        regressions().into_iter().map(|c| (c, None)).collect()
    };
    let saved = cases.len();
    let mut seed = first_seed;
    loop {
        for s in seed..seed + per_batch {
            let (case, schema) = generated_case(s);
            cases.push((case, Some(schema)));
        }
        seed += per_batch;
        let list: Vec<Case> = cases.iter().map(|(c, _)| c.clone()).collect();
        let batch_start = Instant::now();
        let failures = run(&mut batch, &list, STEPS, &mut stats);
        progress(&format!(
            "{} cases (seeds up to {}) in {:.0?}: {} failing",
            list.len(),
            seed - 1,
            batch_start.elapsed(),
            failures.len()
        ));
        // New distinct failures are shrunk (and saved) batch by batch, so that a long run that
        // dies keeps what it found before.
        let mut work = Vec::new();
        for (i, list) in failures {
            let (case, schema) = &cases[i];
            for f in &list {
                let signature = f.signature();
                if distinct.contains_key(&signature) {
                    continue;
                }
                distinct.insert(signature.clone(), (case.clone(), f.clone()));
                if let (true, false, Some(schema)) = (shrinking, known.contains(&signature), schema) {
                    work.push(Shrinking {
                        label: case.label.clone(),
                        candidates: schema.smaller(),
                        schema: schema.clone(),
                        failure: f.clone(),
                        next: 0,
                        shrunk_this_pass: false,
                    });
                }
            }
            failing.push((case.clone(), list));
        }
        if !work.is_empty() {
            for w in shrink(&mut batch, work, shrink_budget) {
                let case = Case { label: w.label.clone(), files: w.schema.files() };
                let text = format!(
                    "\n=== distinct failure `{}`, shrunk from {} to:\n{}\n{}\n",
                    w.failure.signature(),
                    w.label,
                    batch::show_files(&case.files),
                    w.failure.message
                );
                progress(&text);
                shrunk.push_str(&text);
                if save {
                    let dir = regressions_dir().join(batch::slug(&w.failure));
                    batch::save(&dir, &case, &w.failure);
                    progress(&format!("saved as {}", dir.display()));
                }
            }
        }
        cases.clear();
        if minutes.is_none_or(|m| start.elapsed().as_secs_f64() > m * 60.0) {
            break;
        }
    }

    let mut report = String::new();
    for (case, list) in &failing {
        report.push_str(&format!("\n=== {} fails:\n", case.label));
        for f in list {
            let what = if f.warning { "warning" } else { "error" };
            report.push_str(&format!("  [{}] {what}: {}\n", f.step, f.kind));
        }
    }
    if shrinking {
        report.push_str(&shrunk);
    } else {
        for (signature, (case, failure)) in &distinct {
            report.push_str(&format!(
                "\n=== distinct failure `{signature}`, first in {}:\n{}\n{}\n",
                case.label,
                batch::show_files(&case.files),
                failure.message
            ));
        }
    }
    let mut rejected: Vec<(&String, &usize)> = stats.rejected.iter().collect();
    rejected.sort_by(|a, b| b.1.cmp(a.1));
    let rejected: Vec<String> = rejected.iter().take(8).map(|(m, n)| format!("  {n} x {m}")).collect();
    progress(&format!(
        "{} cases ({saved} saved regressions), {} accepted, {} rejected, {} failing, {} distinct failures, in {:.0?}\nmost common rejections:\n{}",
        stats.cases,
        stats.accepted,
        stats.rejected.values().sum::<usize>(),
        failing.len(),
        distinct.len(),
        start.elapsed(),
        rejected.join("\n")
    ));
    assert!(
        failing.is_empty(),
        "{report}\n\n{} of {} cases fail ({} distinct failures); a generated case replays with \
         GENERATIVE_SEED=<seed> GENERATIVE_CASES=1, and GENERATIVE_SAVE=1 shrinks and saves them",
        failing.len(),
        stats.cases,
        distinct.len()
    );
}

/// The grammar writes every notation the README lists, so that the cases reach each: over a
/// few hundred seeds, each of these texts is in some case's files (the YAML ones among them).
#[test]
fn the_grammar_writes_every_notation() {
    /// Whether a file (its path, its text) writes a notation.
    type Writes = dyn Fn(&str, &str) -> bool;
    let wanted: &[(&str, &Writes)] = &[
        ("a pointer in emphasis, `**T*`", &|_, t| t.contains("| **")),
        ("a code span, `` `T` ``", &|_, t| t.contains("| `string` |") || t.contains("| `int64` |")),
        ("a pointer in a code span, `` `*T` ``", &|_, t| t.contains("| `*")),
        ("a wrapper before a code span, `` []`T` ``", &|_, t| t.contains("[]`") || t.contains("]`")),
        ("`optionalnullable.OptionalNullable[` a code span", &|_, t| t.contains("OptionalNullable[`")),
        ("`optionalnullable.OptionalNullable[` a link", &|_, t| t.contains("OptionalNullable[[") && t.contains("](")),
        ("`types.Date` linked", &|_, t| t.contains("[types.Date](") || t.contains("[*types.Date](")),
        ("`types.Date` in YAML", &|p, t| p.ends_with(".yaml") && t.contains("types.Date")),
        ("a model linked without its namespace", &|_, t| {
            t.lines().any(|l| {
                l.split(" | ").any(|c| c.starts_with("[*") && !c[2..].split(']').next().unwrap().contains('.'))
            })
        }),
        ("a model without its namespace, not linked", &|p, t| {
            p.ends_with(".md")
                && t.lines().any(|l| l.split(" | ").nth(1).is_some_and(|c| c.starts_with("**") && !c.contains('.')))
        }),
        ("a union variant of a model without its namespace (markdown)", &|p, t| {
            p.ends_with(".md")
                && t.lines().any(|l| {
                    l.contains("{/* values here */}")
                        && l.split('(').nth(1).is_some_and(|a| {
                            a.starts_with(char::is_uppercase) && !a.split('{').next().unwrap().contains('.')
                        })
                })
        }),
        ("a union variant of a list of models without its namespace (YAML)", &|p, t| {
            p.ends_with(".yaml")
                && t.lines().any(|l| l.contains("type: \"[]") && !l.contains('.') && l.contains("{ name"))
        }),
        ("an enum's `## Example Usage`", &|_, t| t.contains("## Example Usage")),
        ("an open enum's custom value", &|_, t| t.contains("custom := ")),
        ("a union's `## Union Discrimination`", &|_, t| t.contains("## Union Discrimination")),
        ("an open union's `default:`", &|_, t| t.contains("\tdefault:")),
        ("a cell of numbered examples", &|_, t| t.contains("**Example 1:** ") && t.contains("<br/>**Example 2:** ")),
    ];
    let mut seen = vec![false; wanted.len()];
    for seed in 0..400 {
        for (path, bytes) in grammar::generate(seed).files() {
            let text = String::from_utf8_lossy(&bytes);
            for (i, (_, test)) in wanted.iter().enumerate() {
                seen[i] |= test(&path, &text);
            }
        }
    }
    let missing: Vec<&str> = wanted.iter().zip(&seen).filter(|(_, s)| !**s).map(|((what, _), _)| *what).collect();
    assert!(missing.is_empty(), "no case of 400 writes: {missing:#?}");
}
