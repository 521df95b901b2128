//! `cargo xtask bench`: times the release `codegen` binary, whole process, on the real model set
//! and on synthetic sets 10x and 100x its size, and on the OpenAI example's set when the
//! repository has it, and prints medians beside the targets.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The targets, set for the 278 models the Moov set had then. They hold per model: a set of `n`
/// models has `n / 278` of each (of the 100x targets, `n / 27,800`).
struct Targets;

impl Targets {
    const MODELS: f64 = 278.0;
    const FULL_MS: f64 = 45.0;
    const CHECK_MS: f64 = 30.0;
    const CRATE_CHECK_MS: f64 = 1000.0;
    /// `codegen diff` of the 410-model set (issue 16: under a second), not scaled.
    const DIFF_MS: f64 = 1000.0;
    const X100_FULL_MS: f64 = 4000.0;
    const X100_PEAK_MB: f64 = 500.0;
    /// Time per model at 100x within this factor of the real set's.
    const LINEARITY: f64 = 1.5;

    /// A target for `models` models, from the figure set for `base` models.
    fn scaled(figure: f64, base: f64, models: usize) -> f64 {
        figure * models as f64 / base
    }
}

/// Where the OpenAI SDK's docs are kept as an example workload, if the repository has it.
const OPENAI_SCHEMA: &str = "examples/openai/schema";
/// The workloads' OpenAPI documents, which `codegen import` reads.
const MOOV_SPEC: &str = "codegen/tests/fixtures/moov-go/openapi/moov.yaml";
const OPENAI_SPEC: &str = "examples/openai/openapi/openai-openapi-2.0.0.yaml";

/// What one run of the binary reported with `--timings`, plus the wall time seen from outside.
#[derive(Default, Clone)]
struct Run {
    wall: Duration,
    stages: Vec<(String, f64)>,
    peak_rss_kb: u64,
    written: usize,
}

pub struct Options {
    pub runs: usize,
    pub scale: bool,
    pub crate_check: bool,
}

pub fn bench(root: &Path, options: &Options) -> Result<(), String> {
    eprintln!("building the release binary...");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "codegen"])
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release -p codegen failed".into());
    }
    let binary = root.join("target/release/codegen");
    let work = root.join("target/bench");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let schema = root.join("schema");
    // The copies of the schema folder below go into `work`, where its settings' previous
    // version (`../schema-history/...`) must be found as beside the real one.
    if root.join("schema-history").is_dir() {
        copy_dir(&root.join("schema-history"), &work.join("schema-history"))?;
    }
    let n = options.runs;
    println!("codegen benchmark: median of {n} runs, release build, whole process");
    let speed_before = reference_loop();
    println!("reference loop (one core, fixed work): {speed_before:.1} ms; compare runs only at like speeds\n");
    println!("{:<44} {:>10} {:>10} {:>8}  target (per model, from 278)", "scenario", "median", "min", "peak MB");

    // 1. Full regeneration of the real set into an empty folder: a new folder each run, all
    // removed at the end (ext4 creates files much more slowly just after many were deleted, so
    // removing the last run's output right before the next would time the removal).
    let mut fresh = 0;
    let mut fresh_folder = |name: &str| {
        fresh += 1;
        work.join(format!("{name}-{fresh}"))
    };
    let mut out = PathBuf::new();
    let full = repeat(n, || {
        out = fresh_folder("full");
        run(&binary, &schema, &out, &[])
    })?;
    let models = models_in(&out)?;
    let target = |figure: f64| Targets::scaled(figure, Targets::MODELS, models);
    report_against(&format!("full regeneration, {models} models"), &full, Some(target(Targets::FULL_MS)), None);
    report_floor(&out, &fresh_folder("floor"), n)?;
    // 2. --check on the up-to-date tree; 3. a no-op regeneration.
    let check = repeat(n, || run(&binary, &schema, &out, &["--check"]))?;
    report_against("--check, up to date", &check, Some(target(Targets::CHECK_MS)), None);
    let noop = repeat(n, || run(&binary, &schema, &out, &[]))?;
    report("no-op regeneration", &noop);
    let written: Vec<usize> = noop.iter().map(|r| r.written).collect();
    println!("    files written by the no-op runs: {written:?}");

    // 4. One model edited.
    let edited_schema = work.join("schema-edit");
    copy_dir(&schema, &edited_schema)?;
    let edited_out = work.join("edit");
    run(&binary, &edited_schema, &edited_out, &[])?;
    let doc = edited_schema.join("pkg/models/shared/tokentype.md");
    let original = fs::read_to_string(&doc).map_err(|e| e.to_string())?;
    let mut flip = false;
    let edit = repeat(n, || {
        flip = !flip;
        let text = if flip {
            original.replace("Type of token returned.", "Kind of token returned.")
        } else {
            original.clone()
        };
        fs::write(&doc, text).map_err(|e| e.to_string())?;
        run(&binary, &edited_schema, &edited_out, &[])
    })?;
    report("one model edited (TokenType)", &edit);
    println!("    files written per edit: {:?}", edit.iter().map(|r| r.written).collect::<Vec<_>>());

    // The OpenAI SDK's set, once the repository holds it as an example: the real docs of another
    // API, reported beside Moov's (its targets are Moov's, per model).
    let openai = root.join(OPENAI_SCHEMA);
    if openai.is_dir() {
        let mut out = PathBuf::new();
        let sets = repeat(n, || {
            out = fresh_folder("openai");
            run(&binary, &openai, &out, &[])
        })
        .and_then(|full| Ok((full, repeat(n, || run(&binary, &openai, &out, &["--check"]))?)));
        match sets {
            Ok((full, check)) => {
                let models = models_in(&out)?;
                let target = |figure: f64| Targets::scaled(figure, Targets::MODELS, models);
                let label = format!("openai: full regeneration, {models} models");
                report_against(&label, &full, Some(target(Targets::FULL_MS)), None);
                report_against("openai: --check, up to date", &check, Some(target(Targets::CHECK_MS)), None);
            }
            Err(e) => {
                println!("openai set ({OPENAI_SCHEMA}): failed: {}", e.lines().take(3).collect::<Vec<_>>().join(" | "))
            }
        }
    } else {
        println!("openai set: skipped ({OPENAI_SCHEMA} does not exist yet)");
    }

    // The import of each workload's OpenAPI document (`codegen import`): into a copy of its
    // schema folder without imported overlays (every overlay written), then again (a no-op).
    for (label, spec, schema_dir) in [("moov", MOOV_SPEC, "schema"), ("openai", OPENAI_SPEC, OPENAI_SCHEMA)] {
        let (spec, source) = (root.join(spec), root.join(schema_dir));
        if !spec.is_file() || !source.is_dir() {
            println!("{label}: import skipped ({} or {schema_dir} missing)", spec.display());
            continue;
        }
        let mut copy = PathBuf::new();
        let first = repeat(n, || {
            copy = fresh_folder(&format!("import-{label}"));
            copy_dir(&source, &copy)?;
            remove_imported(&copy)?;
            import(&binary, &spec, &copy)
        });
        let again = first.and_then(|first| Ok((first, repeat(n, || import(&binary, &spec, &copy))?)));
        match again {
            Ok((first, again)) => {
                report(&format!("{label}: import of its OpenAPI document"), &first);
                report(&format!("{label}: re-import (no change)"), &again);
            }
            Err(e) => println!("{label}: import failed: {}", e.lines().take(3).collect::<Vec<_>>().join(" | ")),
        }
    }

    // `codegen diff` of the Moov set: against a folder of its published JSON Schema, and against a
    // git revision (read with git, checked and emitted in memory); both sides are whole sets.
    let against_folder = root.join("generated/json-schema");
    for (label, against) in [
        ("diff --against a folder, 409 models", against_folder.to_string_lossy().into_owned()),
        ("diff --against HEAD, 409 models", "HEAD".to_owned()),
    ] {
        let runs = repeat(n, || {
            let mut command = Command::new(&binary);
            command.args(["diff", "--against", &against, "--schema"]).arg(&schema).current_dir(root);
            let (wall, _) = timed(command)?;
            Ok(Run { wall, ..Run::default() })
        });
        match runs {
            Ok(runs) => report_against(label, &runs, Some(Targets::DIFF_MS), None),
            Err(e) => println!("{label}: failed: {}", e.lines().take(3).collect::<Vec<_>>().join(" | ")),
        }
    }

    // 6. Each stage of the full regeneration.
    println!("\nstages of the full regeneration (median ms; format is summed over threads):");
    for (i, (stage, _)) in full[0].stages.iter().enumerate() {
        let mut values: Vec<f64> = full.iter().map(|r| r.stages[i].1).collect();
        println!("    {stage:<18} {:>8.2}", median_f(&mut values));
    }

    // 5. Synthetic sets.
    if options.scale {
        println!();
        let mut per_model = Vec::new();
        for (factor, runs) in [(1usize, n), (10, n.min(5)), (100, 3)] {
            let dir = work.join(format!("schema-x{factor}"));
            synthesize(&schema, &dir, factor)?;
            let mut out = PathBuf::new();
            let full = repeat(runs, || {
                out = fresh_folder(&format!("out-x{factor}"));
                run(&binary, &dir, &out, &[])
            })?;
            let models = models_in(&out)?;
            // The 100x set has targets of its own: time and peak memory of a full regeneration.
            let base = Targets::MODELS * 100.0;
            let (full_target, peak_target) = match factor {
                100 => (
                    Some(Targets::scaled(Targets::X100_FULL_MS, base, models)),
                    Some(Targets::scaled(Targets::X100_PEAK_MB, base, models)),
                ),
                _ => (None, None),
            };
            let label = format!("full regeneration, {models} models (x{factor})");
            report_against(&label, &full, full_target, peak_target);
            report_floor(&out, &fresh_folder(&format!("floor-x{factor}")), runs.min(3))?;
            let check = repeat(runs, || run(&binary, &dir, &out, &["--check"]))?;
            report(&format!("--check, {models} models (x{factor})"), &check);
            let per = |runs: &[Run]| median(runs).as_secs_f64() / models as f64;
            per_model.push((models, per(&full), per(&check)));
        }
        let (full_base, check_base) = (per_model[0].1, per_model[0].2);
        println!(
            "    per model, against the real set (full regeneration includes creating every file; target: within {:.1}x):",
            Targets::LINEARITY
        );
        for (models, full, check) in &per_model {
            let (full_x, check_x) = (full / full_base, check / check_base);
            let verdict = if full_x.max(check_x) <= Targets::LINEARITY { "ok" } else { "MISSED" };
            println!(
                "    {models:>6} models: full {:.3} ms ({full_x:.2}x), check {:.3} ms ({check_x:.2}x) {verdict}",
                full * 1e3,
                check * 1e3,
            );
        }
    }

    // The generated crate: `cargo check` after touching one generated file, as it is by default
    // and with its `schemars` feature.
    if options.crate_check {
        let file = root.join("generated/src/shared/token_type.rs");
        let models = models_in(&root.join("generated"))?;
        let crate_target = Targets::scaled(Targets::CRATE_CHECK_MS, Targets::MODELS, models);
        for (label, features, target) in [
            ("cargo check -p moov-models, one file touched", None, Some(crate_target)),
            ("    the same, --features schemars", Some("schemars"), None),
        ] {
            let check = || -> Result<Run, String> {
                let text = fs::read_to_string(&file).map_err(|e| e.to_string())?;
                fs::write(&file, text).map_err(|e| e.to_string())?;
                settle();
                let start = Instant::now();
                let mut command = Command::new(env!("CARGO"));
                command.args(["check", "--quiet", "-p", "moov-models"]).current_dir(root);
                if let Some(features) = features {
                    command.args(["--features", features]);
                }
                let status = command.status().map_err(|e| e.to_string())?;
                if !status.success() {
                    return Err("cargo check failed".into());
                }
                Ok(Run { wall: start.elapsed(), ..Run::default() })
            };
            check()?; // warm: dependencies built
            let runs = repeat(n.min(5), check)?;
            report_against(label, &runs, target, None);
        }
    }
    println!("\nreference loop at the end: {:.1} ms (at the start: {speed_before:.1} ms)", reference_loop());
    eprintln!("removing the benchmark's output folders...");
    let _ = fs::remove_dir_all(&work);
    Ok(())
}

/// The I/O floor of a full regeneration: the time to create the same files with plain
/// `fs::write` (no reading, checking, emitting, comparing), on as many threads as the tool uses,
/// each time into a new folder.
fn report_floor(generated: &Path, scratch: &Path, runs: usize) -> Result<(), String> {
    let files = files_under(generated)?
        .into_iter()
        .map(|rel| fs::read(generated.join(&rel)).map(|bytes| (rel, bytes)).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, String>>()?;
    let dirs: std::collections::BTreeSet<&Path> = files.iter().filter_map(|(p, _)| p.parent()).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut k = 0;
    let times = repeat(runs, || {
        k += 1;
        let root = scratch.with_extension(k.to_string());
        settle();
        let start = Instant::now();
        for dir in &dirs {
            fs::create_dir_all(root.join(dir)).map_err(|e| e.to_string())?;
        }
        let chunk = files.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| s.spawn(|| part.iter().try_for_each(|(p, b)| fs::write(root.join(p), b))))
                .collect();
            handles.into_iter().try_for_each(|h| h.join().expect("writer thread"))
        })
        .map_err(|e| e.to_string())?;
        Ok(Run { wall: start.elapsed(), ..Run::default() })
    })?;
    report(&format!("    I/O floor: plain writes of its {} files", files.len()), &times);
    Ok(())
}

/// Before each timed run: lets the kernel finish writing out the files of earlier runs
/// (untimed), so that its writeback does not take the CPU from the run being timed, as it would
/// not from a user's single run (a `--check` right after the full regenerations shares the CPU
/// with their writeback otherwise).
fn settle() {
    let _ = Command::new("sync").status();
}

fn repeat(n: usize, mut f: impl FnMut() -> Result<Run, String>) -> Result<Vec<Run>, String> {
    (0..n).map(|_| f()).collect()
}

fn run(binary: &Path, schema: &Path, out: &Path, extra: &[&str]) -> Result<Run, String> {
    let mut command = Command::new(binary);
    command.arg("--schema").arg(schema).arg("--out").arg(out).args(["--quiet", "--timings"]).args(extra);
    let (wall, stderr) = timed(command)?;
    let mut run = Run { wall, ..Run::default() };
    for line in stderr.lines().filter_map(|l| l.strip_prefix("timing ")) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["peak-rss", kb, "KiB"] => run.peak_rss_kb = kb.parse().unwrap_or(0),
            ["files-written", n, ..] => run.written = n.parse().unwrap_or(0),
            ["total", ..] => {}
            [stage, ms, "ms"] => run.stages.push((stage.to_string(), ms.parse().unwrap_or(0.0))),
            _ => {}
        }
    }
    Ok(run)
}

/// Times `codegen import SPEC --schema SCHEMA`, its report written beside the schema copy.
fn import(binary: &Path, spec: &Path, schema: &Path) -> Result<Run, String> {
    let mut command = Command::new(binary);
    command
        .arg("import")
        .arg(spec)
        .arg("--schema")
        .arg(schema)
        .arg("--report")
        .arg(schema.with_extension("report.txt"));
    let (wall, _) = timed(command)?;
    Ok(Run { wall, ..Run::default() })
}

/// Runs a command of the tool, after `settle`, timing it whole; its stderr, or an error if it failed.
fn timed(mut command: Command) -> Result<(Duration, String), String> {
    settle();
    let start = Instant::now();
    let output = command.output().map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("codegen failed:\n{stderr}"));
    }
    Ok((wall, stderr))
}

/// Removes the imported overlays (`*.imported.yaml`) of a schema folder's copy (`files_under`
/// gives paths relative to it).
fn remove_imported(schema: &Path) -> Result<(), String> {
    for file in files_under(schema)? {
        if file.to_str().is_some_and(|f| f.ends_with(".imported.yaml")) {
            fs::remove_file(schema.join(&file)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn median(runs: &[Run]) -> Duration {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    walls[walls.len() / 2]
}

/// The time of a fixed single-threaded workload (median of five, milliseconds): this machine's
/// speed drifts by half over an hour (the host is shared), and this shows which speed a run of
/// the bench saw.
fn reference_loop() -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut x = std::hint::black_box(0x9e37_79b9_7f4a_7c15_u64);
            for _ in 0..5_000_000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            std::hint::black_box(x);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    median_f(&mut times)
}

fn median_f(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn report(name: &str, runs: &[Run]) {
    report_against(name, runs, None, None);
}

/// A scenario's line, with its targets (median milliseconds, peak MB) and whether they hold.
fn report_against(name: &str, runs: &[Run], target_ms: Option<f64>, target_mb: Option<f64>) {
    let min = runs.iter().map(|r| r.wall).min().unwrap_or_default();
    let peak = runs.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0) as f64 / 1024.0;
    let median_ms = median(runs).as_secs_f64() * 1e3;
    let mut targets = Vec::new();
    if let Some(t) = target_ms {
        targets.push(format!("<= {t:.1} ms {}", if median_ms <= t { "ok" } else { "MISSED" }));
    }
    if let Some(t) = target_mb {
        targets.push(format!("<= {t:.0} MB {}", if peak <= t { "ok" } else { "MISSED" }));
    }
    println!("{name:<44} {median_ms:>8.1}ms {:>8.1}ms {peak:>8.1}  {}", min.as_secs_f64() * 1e3, targets.join(", "));
}

/// How many models a run wrote into `out`: a JSON Schema file each, beside the bundle and the
/// index.
fn models_in(out: &Path) -> Result<usize, String> {
    let schemas = files_under(&out.join("json-schema"))?;
    Ok(schemas.iter().filter(|p| !p.ends_with("bundle.json") && !p.ends_with("index.json")).count())
}

/// Settings text without its `previous_version:` block (the key and the lines indented under it).
fn without_previous_version(settings: &str) -> String {
    let mut out = String::with_capacity(settings.len());
    let mut skipping = false;
    for line in settings.lines() {
        if line.starts_with("previous_version:") {
            skipping = true;
        } else if skipping && !line.starts_with([' ', '\t']) {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    for rel in files_under(from)? {
        let target = to.join(&rel);
        fs::create_dir_all(target.parent().unwrap_or(to)).map_err(|e| e.to_string())?;
        fs::copy(from.join(&rel), &target).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Every file below `root`, relative to it.
fn files_under(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in fs::read_dir(root.join(&rel)).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            let child = rel.join(entry.file_name());
            if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
                stack.push(child);
            } else {
                files.push(child);
            }
        }
    }
    Ok(files)
}

/// A schema `factor` times the real one: copy `k` of every doc and overlay of namespace `ns`
/// goes into namespace `{ns}{k}` (`shared0`, `operations0`...), with its links and type names
/// renamed to match, so every copy keeps the real shape (tables, links, unions, overlays).
fn synthesize(schema: &Path, dir: &Path, factor: usize) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    // Without `previous_version:`: a release of the real set, which the synthetic models are not
    // (their docs index would list each as added, and the sets would not scale alike).
    let settings = fs::read_to_string(schema.join("codegen.yaml")).map_err(|e| e.to_string())?;
    fs::write(dir.join("codegen.yaml"), without_previous_version(&settings)).map_err(|e| e.to_string())?;
    let models_dir = schema.join("pkg/models");
    let mut namespaces: Vec<String> = fs::read_dir(&models_dir)
        .map_err(|e| e.to_string())?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    namespaces.sort();
    let rename = |text: &str, k: usize| {
        namespaces.iter().fold(text.to_owned(), |text, ns| {
            text.replace(&format!("/{ns}/"), &format!("/{ns}{k}/")).replace(&format!("{ns}."), &format!("{ns}{k}."))
        })
    };
    for ns in &namespaces {
        let source: PathBuf = models_dir.join(ns);
        let mut entries: Vec<PathBuf> = fs::read_dir(&source)
            .map_err(|e| e.to_string())?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        entries.sort();
        for k in 0..factor {
            let target = dir.join("pkg/models").join(format!("{ns}{k}"));
            fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            for path in &entries {
                let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
                fs::write(target.join(path.file_name().unwrap()), rename(&text, k)).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}
