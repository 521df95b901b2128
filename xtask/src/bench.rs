//! `cargo xtask bench`: times the release `codegen` binary, whole process, on the real model set
//! and on synthetic sets 10x and 100x its size, and prints medians.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

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
    let n = options.runs;
    println!("codegen benchmark: median of {n} runs, release build, whole process");
    let speed_before = reference_loop();
    println!("reference loop (one core, fixed work): {speed_before:.1} ms; compare runs only at like speeds\n");
    println!("{:<44} {:>10} {:>10} {:>8}", "scenario", "median", "min", "peak MB");

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
    report("full regeneration, 278 models", &full);
    report_floor(&out, &fresh_folder("floor"), n)?;
    // 2. --check on the up-to-date tree; 3. a no-op regeneration.
    let check = repeat(n, || run(&binary, &schema, &out, &["--check"]))?;
    report("--check, up to date", &check);
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
            let models = synthesize(&schema, &dir, factor)?;
            let mut out = PathBuf::new();
            let full = repeat(runs, || {
                out = fresh_folder(&format!("out-x{factor}"));
                run(&binary, &dir, &out, &[])
            })?;
            report(&format!("full regeneration, {models} models (x{factor})"), &full);
            report_floor(&out, &fresh_folder(&format!("floor-x{factor}")), runs.min(3))?;
            let check = repeat(runs, || run(&binary, &dir, &out, &["--check"]))?;
            report(&format!("--check, {models} models (x{factor})"), &check);
            let per = |runs: &[Run]| median(runs).as_secs_f64() / models as f64;
            per_model.push((models, per(&full), per(&check)));
        }
        let (full_base, check_base) = (per_model[0].1, per_model[0].2);
        println!("    per model, against the real set (full regeneration includes creating every file):");
        for (models, full, check) in &per_model {
            println!(
                "    {models:>6} models: full {:.3} ms ({:.2}x), check {:.3} ms ({:.2}x)",
                full * 1e3,
                full / full_base,
                check * 1e3,
                check / check_base
            );
        }
    }

    // The generated crate: `cargo check` after touching one generated file, as it is by default
    // and with its `schemars` feature.
    if options.crate_check {
        let file = root.join("generated/src/shared/token_type.rs");
        for (label, features) in [
            ("cargo check -p moov-models, one file touched", None),
            ("    the same, --features schemars", Some("schemars")),
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
            report(label, &runs);
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
    settle();
    let start = Instant::now();
    let output = Command::new(binary)
        .arg("--schema")
        .arg(schema)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--timings"])
        .args(extra)
        .output()
        .map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("codegen failed:\n{stderr}"));
    }
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
    let min = runs.iter().map(|r| r.wall).min().unwrap_or_default();
    let peak = runs.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0) as f64 / 1024.0;
    println!("{name:<44} {:>8.1}ms {:>8.1}ms {peak:>8.1}", median(runs).as_secs_f64() * 1e3, min.as_secs_f64() * 1e3);
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

/// A schema `factor` times the real one: copy `k` of every doc and overlay goes into namespaces
/// `shared{k}` and `sdkerrors{k}`, with its links and type names renamed to match, so every copy
/// keeps the real shape (tables, links, unions, overlays). Returns the number of models.
fn synthesize(schema: &Path, dir: &Path, factor: usize) -> Result<usize, String> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    fs::copy(schema.join("codegen.yaml"), dir.join("codegen.yaml")).map_err(|e| e.to_string())?;
    let mut models = 0;
    for ns in ["shared", "sdkerrors"] {
        let source: PathBuf = schema.join("pkg/models").join(ns);
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
                let renamed = text
                    .replace("/shared/", &format!("/shared{k}/"))
                    .replace("/sdkerrors/", &format!("/sdkerrors{k}/"))
                    .replace("shared.", &format!("shared{k}."))
                    .replace("sdkerrors.", &format!("sdkerrors{k}."));
                if path.extension().is_some_and(|e| e == "md") {
                    models += 1;
                }
                fs::write(target.join(path.file_name().unwrap()), renamed).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(models)
}
