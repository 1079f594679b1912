//! `cargo xtask bench`: measures generation, scale, lookups and build cost on
//! this machine, beside the baselines, and writes BENCHMARKS.md.
//!
//! Whole-process times run the release binary; in-process times call
//! `codegen::generate_owned` from it (`xtask bench-generate`). Peak memory is the
//! maximum resident set size reported by GNU time.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::input::Input;

#[path = "../../tests/corpus_generate.rs"]
mod corpus_generate;

/// Times of repeated runs, in seconds.
#[derive(Debug, Clone)]
pub struct Times(Vec<f64>);

impl Times {
    fn sorted(&self) -> Vec<f64> {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        v
    }
    /// The median.
    pub fn median(&self) -> f64 {
        let v = self.sorted();
        if v.is_empty() { f64::NAN } else { v[v.len() / 2] }
    }
    /// The 10th and 90th percentiles.
    pub fn spread(&self) -> (f64, f64) {
        let v = self.sorted();
        if v.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        (v[v.len() / 10], v[(v.len() * 9) / 10])
    }
    /// The fastest run.
    pub fn min(&self) -> f64 {
        self.sorted().first().copied().unwrap_or(f64::NAN)
    }
}

fn ms(s: f64) -> String {
    if s < 0.001 {
        format!("{:.3} ms", s * 1000.0)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn run_quiet(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() { Ok(()) } else { Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr))) }
}

/// Wall time of `runs` runs of a command (after one warm-up run).
fn time_process(runs: usize, mut make: impl FnMut() -> Command) -> Result<Times, String> {
    run_quiet(&mut make())?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut cmd = make();
        let start = Instant::now();
        run_quiet(&mut cmd)?;
        times.push(start.elapsed().as_secs_f64());
    }
    Ok(Times(times))
}

/// Wall seconds and peak RSS (KiB) of one run under GNU time (whose own
/// clock has only 10 ms resolution, so the wall time is taken here).
fn time_and_memory(cmd: &[&str], cwd: &Path) -> Result<(f64, u64), String> {
    time_and_memory_of(cmd, cwd, false)
}

/// As [`time_and_memory`]; with `may_fail`, a run that exits non-zero counts too.
fn time_and_memory_of(cmd: &[&str], cwd: &Path, may_fail: bool) -> Result<(f64, u64), String> {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .args(cmd)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("/usr/bin/time: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && !may_fail {
        return Err(format!("{cmd:?} failed: {stderr}"));
    }
    let last = stderr.lines().last().unwrap_or("");
    let kib = last.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("GNU time said {last:?}"))?;
    Ok((secs, kib))
}

/// `xtask bench-generate`: reads the seed folder, runs `generate` and every
/// emitter (in memory: no disk) `runs` times in this process; prints the
/// seconds of each run, one per line.
pub fn generate_in_process(seeds: &Path, runs: usize) -> Result<(), String> {
    for _ in 0..runs {
        let start = Instant::now();
        let input = Input::read(seeds, "seeds").map_err(|e| e.to_string())?;
        let generation = codegen::generate(&input).map_err(|p| p.render())?;
        let files = codegen::emit::emit_all(&generation.table).map_err(|e| e.to_string())?;
        let elapsed = start.elapsed();
        std::hint::black_box(files);
        println!("{}", elapsed.as_secs_f64());
    }
    Ok(())
}

fn in_process(xtask: &Path, seeds: &Path, runs: usize) -> Result<Times, String> {
    let out = Command::new(xtask)
        .args(["bench-generate", "--runs", &runs.to_string(), "--seeds"])
        .arg(seeds)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(Times(String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok()).collect()))
}

/// The pandas baseline's Python, in a virtual environment made on first use.
fn baseline_python(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target").join("bench-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        eprintln!("==> making the pandas baseline's virtual environment ({})", venv.display());
        run_quiet(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run_quiet(
            Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", "-r"])
                .arg(root.join("bench").join("baseline").join("requirements.txt")),
        )?;
    }
    Ok(python)
}

/// The baseline's in-process seconds (best of `repeat`, after imports).
fn pandas_in_process(python: &Path, script: &Path, dir: &Path, repeat: usize) -> Result<(f64, String), String> {
    let out = Command::new(python).arg(script).arg(dir).args(["--repeat", &repeat.to_string()]).output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let secs = stdout
        .split_whitespace()
        .find_map(|w| w.strip_prefix("seconds="))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("pandas_parse.py said {stdout:?} {}", String::from_utf8_lossy(&out.stderr)))?;
    Ok((secs, stdout.trim().to_owned()))
}

fn criterion_median_ns(root: &Path, group: &str, name: &str) -> Option<f64> {
    let dir = root.join("target").join("criterion").join(group).join(name.replace('/', "_")).join("new").join("estimates.json");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(dir).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

fn version(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .map_or_else(|_| "absent".to_owned(), |o| String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or("").trim().to_owned())
}

fn file_size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// Options of `cargo xtask bench`.
pub struct Options {
    /// Fewer runs and sizes, for a quick look.
    pub quick: bool,
}

/// What every section of the benchmarks uses.
struct Bench {
    root: PathBuf,
    cargo: std::ffi::OsString,
    /// The release xtask.
    xtask: PathBuf,
    /// A scratch folder under `target/`.
    work: PathBuf,
    /// The pandas baseline: its Python and its script.
    python: PathBuf,
    script: PathBuf,
    quick: bool,
}

impl Bench {
    /// Builds the release xtask and makes the scratch folder; with
    /// `baseline`, installs the pandas baseline too.
    fn new(root: &Path, quick: bool, baseline: bool) -> Result<Bench, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        eprintln!("==> building the release xtask");
        run_quiet(Command::new(&cargo).args(["build", "--release", "--quiet", "-p", "xtask"]).current_dir(root))?;
        let (python, script) = if baseline {
            (baseline_python(root)?, root.join("bench").join("baseline").join("pandas_parse.py"))
        } else {
            (PathBuf::new(), PathBuf::new())
        };
        let (xtask, work) = (root.join("target").join("release").join("xtask"), tempdir(root)?);
        Ok(Bench { root: root.to_path_buf(), cargo, xtask, work, python, script, quick })
    }
}

/// Runs every measurement and writes BENCHMARKS.md.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let bench = Bench::new(root, options.quick, true)?;
    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask bench` on {} ({} cores), rustc {}, Node {}, Python {}. \
         Medians unless noted; spreads are the 10th–90th percentiles.\n",
        cpu_model(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        version("rustc", &["--version"]).trim_start_matches("rustc "),
        version("node", &["--version"]),
        version("python3", &["--version"]).trim_start_matches("Python "),
    );
    gen_on_seeds(&bench, &mut md)?;
    scale(&bench, &mut md)?;
    lookups(&bench, &mut md)?;
    let corpus = corpus(&bench)?;
    build_cost(&bench, &mut md)?;
    corpus_section(&corpus, &mut md);
    let _ = fs::remove_dir_all(&bench.work);
    if let Ok(notes) = fs::read_to_string(root.join("bench").join("NOTES.md")) {
        md.push_str(&notes);
    }
    fs::write(root.join("BENCHMARKS.md"), md).map_err(|e| e.to_string())?;
    eprintln!("==> wrote BENCHMARKS.md");
    let over = over_bound(&corpus);
    if over.is_empty() { Ok(()) } else { Err(format!("corpus cases over 2 s or 200 MiB: {}", over.join(", "))) }
}

/// Section 1: `gen` on `seeds/`, whole process and in-process, beside the baseline.
fn gen_on_seeds(b: &Bench, md: &mut String) -> Result<(), String> {
    let runs = if b.quick { 15 } else { 100 };
    let seeds = b.root.join("seeds/stream-interruption");
    let out = b.work.join("out");
    run_quiet(Command::new(&b.xtask).args(["gen", "--set", "stream-interruption", "--out"]).arg(&out))?;
    eprintln!("==> gen on seeds/ ({runs} runs each)");
    let gen_times = time_process(runs, || {
        let mut c = Command::new(&b.xtask);
        c.args(["gen", "--set", "stream-interruption", "--out"]).arg(&out);
        c
    })?;
    let check_times = time_process(runs, || {
        let mut c = Command::new(&b.xtask);
        c.args(["gen", "--set", "stream-interruption", "--check", "--out"]).arg(&out);
        c
    })?;
    let ours_in = in_process(&b.xtask, &seeds, runs)?;
    eprintln!("==> the pandas baseline on seeds/");
    let pandas_runs = if b.quick { 5 } else { 20 };
    let pandas_whole = time_process(pandas_runs, || {
        let mut c = Command::new(&b.python);
        c.arg(&b.script).arg(&seeds);
        c
    })?;
    let (pandas_in, pandas_said) = pandas_in_process(&b.python, &b.script, &seeds, pandas_runs)?;
    let row = |what: &str, t: &Times| {
        let (lo, hi) = t.spread();
        format!("| {what} | {} | {}–{} | {} |", ms(t.median()), ms(lo), ms(hi), ms(t.min()))
    };
    let table = fs::read_to_string(out.join("stream-interruption/json/stop_reasons.json"))
        .ok()
        .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok());
    let count = |field: &str| table.as_ref().and_then(|t| t[field].as_array().map(Vec::len)).unwrap_or(0);
    let _ = writeln!(md, "## 1. `gen` on the stream-interruption set ({} docs, {} codes)\n", count("sources"), count("entries"));
    let _ = writeln!(md, "| what | median | spread | fastest |\n|---|---|---|---|");
    let _ = writeln!(md, "{}", row(&format!("`xtask gen`, whole process, nothing to write ({runs} runs)"), &gen_times));
    let _ = writeln!(md, "{}", row(&format!("`xtask gen --check`, whole process ({runs} runs)"), &check_times));
    let _ = writeln!(md, "| `generate` in-process (read, parse, reconcile, emit) | {} | | {} |", ms(ours_in.median()), ms(ours_in.min()));
    let _ = writeln!(md, "{}", row(&format!("pandas baseline, whole process ({pandas_runs} runs)"), &pandas_whole));
    let _ = writeln!(md, "| pandas baseline, in-process after imports (best of {pandas_runs}) | | | {} |", ms(pandas_in));
    let _ = writeln!(
        md,
        "\nWhole process, `gen` is {:.0}× faster than the baseline (medians); in-process {:.1}× (fastest runs), \
         and `gen` does more: it also reconciles and emits four artifacts. The baseline printed `{pandas_said}`.\n",
        pandas_whole.median() / gen_times.median(),
        pandas_in / ours_in.min(),
    );
    Ok(())
}

/// Section 2: synthetic doc sets of growing size, time and peak memory.
fn scale(b: &Bench, md: &mut String) -> Result<(), String> {
    // 10,000 codes in four languages is the largest set the input limits accept (40,000 reasons).
    let sizes: &[usize] = if b.quick { &[100, 1000, 10_000] } else { &[100, 1000, 3000, 10_000] };
    let _ = writeln!(md, "## 2. Scale: synthetic doc sets\n");
    let _ = writeln!(
        md,
        "`xtask/src/synth.rs`: four languages (HTML tables with `rowspan`/`colspan` in en and ja, pipe tables in zh and ko), \
         a code-less English cause list, and a decisions file; about every fifth code shares a cause, en/ja/zh lack every \
         fiftieth code (inferred). `gen` writes all five outputs into an empty folder; peak memory is the maximum RSS. \
         10,000 codes is the largest such set the input limits accept (40,000 reasons).\n"
    );
    let _ = writeln!(
        md,
        "| codes | `gen` whole process | `gen` peak RSS | `generate` in-process | baseline whole process | baseline peak RSS | baseline in-process | in-process ratio |\n|---|---|---|---|---|---|---|---|"
    );
    let mut medians = Vec::new();
    for &n in sizes {
        eprintln!("==> scale: {n} codes");
        let dir = b.work.join(format!("synth-{n}"));
        crate::synth::write(n, &dir)?;
        let reps = 5;
        let mut ours = Vec::new();
        let mut ours_rss = 0;
        for r in 0..reps {
            let o = b.work.join(format!("out-{n}-{r}"));
            let cmd =
                [b.xtask.to_str().unwrap_or("xtask"), "gen", "--seeds", dir.to_str().unwrap_or(""), "--out", o.to_str().unwrap_or("")];
            let (s, kib) = time_and_memory(&cmd, &b.root)?;
            ours.push(s);
            ours_rss = ours_rss.max(kib);
            let _ = fs::remove_dir_all(&o);
        }
        let ours = Times(ours);
        let ours_in = in_process(&b.xtask, &dir, reps)?;
        let baseline = [b.python.to_str().unwrap_or("python3"), b.script.to_str().unwrap_or(""), dir.to_str().unwrap_or("")];
        let (base_s, base_kib) = time_and_memory(&baseline, &b.root)?;
        let (base_in, _) = pandas_in_process(&b.python, &b.script, &dir, 3)?;
        let _ = writeln!(
            md,
            "| {n} | {} | {:.0} MiB | {} | {} | {:.0} MiB | {} | {:.1}× |",
            ms(ours.median()),
            ours_rss as f64 / 1024.0,
            ms(ours_in.min()),
            ms(base_s),
            base_kib as f64 / 1024.0,
            ms(base_in),
            base_in / ours_in.min(),
        );
        medians.push((n, ours.median()));
    }
    for pair in medians.windows(2) {
        let ((n, a), (m, z)) = (pair[0], pair[1]);
        let _ =
            write!(md, "{}{n} → {m} codes: {:.1}× the time", if pair[0].0 == sizes[0] { "\nGrowth, whole process: " } else { "; " }, z / a);
    }
    let _ = writeln!(md, ".\n");
    Ok(())
}

/// Section 3: the generated packages' lookups, in Rust (criterion) and TypeScript.
fn lookups(b: &Bench, md: &mut String) -> Result<(), String> {
    eprintln!("==> lookups: criterion");
    let bench_args = if b.quick {
        vec!["--warm-up-time", "1", "--measurement-time", "2"]
    } else {
        vec!["--warm-up-time", "2", "--measurement-time", "5"]
    };
    let mut cmd = Command::new(&b.cargo);
    cmd.args(["bench", "--quiet", "-p", "stop-reasons-bench", "--bench", "lookups", "--"]).args(&bench_args).current_dir(&b.root);
    run_quiet(&mut cmd)?;
    let ts = b.root.join("generated/stream-interruption/ts");
    if !ts.join("dist").join("index.js").exists() {
        run_quiet(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&ts))?;
        run_quiet(Command::new("npm").args(["run", "build"]).current_dir(&ts))?;
    }
    eprintln!("==> lookups: node");
    let node = Command::new("node").arg(ts.join("bench").join("bench.mjs")).arg("--json").output().map_err(|e| e.to_string())?;
    let node: serde_json::Value = serde_json::from_slice(&node.stdout).map_err(|e| format!("node bench: {e}"))?;
    let node_ns = |name: &str| node["results"].as_array().and_then(|r| r.iter().find(|x| x["name"] == name)).and_then(|x| x["ns"].as_f64());
    let ns = |v: Option<f64>| {
        v.map_or_else(|| "—".to_owned(), |v| if v < 1000.0 { format!("{v:.1} ns") } else { format!("{:.2} µs", v / 1000.0) })
    };
    let _ = writeln!(
        md,
        "## 3. Lookups\n\nRust: criterion (median), `bench/benches/lookups.rs`. TypeScript: `generated/stream-interruption/ts/bench/bench.mjs` (median of 15 rounds).\n"
    );
    let _ = writeln!(md, "| operation | Rust crate | Rust baseline | TypeScript | TypeScript baseline |\n|---|---|---|---|---|");
    let c = |n: &str| criterion_median_ns(&b.root, "lookup", n);
    let m = |n: &str| criterion_median_ns(&b.root, "match_text", n);
    let _ = writeln!(
        md,
        "| `lookup(18, 503)` | {} | `HashMap` {}, `phf` {} | {} | `Map.get` {} |",
        ns(c("crate lookup 18/503")),
        ns(c("HashMap lookup 18/503")),
        ns(c("phf lookup 18/503")),
        ns(node_ns("lookup 18/503")),
        ns(node_ns("Map.get 18/503"))
    );
    let _ = writeln!(
        md,
        "| `lookup` of all 70 codes | {} | `HashMap` {} | {} per code | |",
        ns(c("crate lookup, every code")),
        ns(c("HashMap lookup, every code")),
        ns(node_ns("lookup, every code (per code)"))
    );
    let _ = writeln!(md, "| `lookup_errcode(18)` | {} | | {} | |", ns(c("crate lookup_errcode 18")), ns(node_ns("lookupErrcode 18")));
    let _ = writeln!(md, "| `match_text` exact, zh | {} | | {} | |", ns(m("exact, zh")), ns(node_ns("matchText exact, zh")));
    let _ = writeln!(
        md,
        "| `match_text` exact, any language | {} | | {} | |",
        ns(m("exact, any language")),
        ns(node_ns("matchText exact, any language"))
    );
    let _ = writeln!(
        md,
        "| `match_text` contains, zh (`客户端主动断流`) | {} | | {} | |",
        ns(m("contains, zh")),
        ns(node_ns("matchText contains, zh"))
    );
    let _ = writeln!(
        md,
        "| `match_text` code given (`客户端主动断流(3)`) | {} | | {} | |",
        ns(m("code given, zh")),
        ns(node_ns("matchText code given, zh"))
    );
    let _ = writeln!(md, "| `match_text` errmsg (`recv() return 0`) | {} | | {} | |", ns(m("errmsg")), ns(node_ns("matchText errmsg")));
    let _ = writeln!(
        md,
        "| `match_text` fuzzy, all {} texts | {} | | {} | |\n",
        codegen::query::Reader::from_json(
            &fs::read_to_string(b.root.join("generated/stream-interruption/json/stop_reasons.json")).unwrap_or_default()
        )
        .map_or(0, |r| r.text_count()),
        ns(m("fuzzy, any language (full table)")),
        ns(node_ns("matchText fuzzy, any language (full table)"))
    );

    Ok(())
}

/// Section 5: each case of the bad-input corpus through the release `gen`:
/// `(case, seconds, peak KiB)`.
fn corpus(b: &Bench) -> Result<Vec<(String, f64, u64)>, String> {
    eprintln!("==> the bad-input corpus");
    let mut corpus_rows = Vec::new();
    let mut cases: Vec<PathBuf> =
        fs::read_dir(b.root.join("tests").join("corpus")).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    cases.sort();
    for case in &cases {
        let dir = b.work.join("case");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        for entry in fs::read_dir(case).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path.file_name().unwrap_or_default().to_owned();
            if name != "case.md" && name != "generate.toml" {
                fs::copy(&path, dir.join(name)).map_err(|e| e.to_string())?;
            }
        }
        if let Ok(spec) = fs::read_to_string(case.join("generate.toml")) {
            corpus_generate::write_generated(&spec, &dir)?;
        }
        let out_dir = b.work.join("case-out");
        let (secs, kib) = time_and_memory_of(
            &[b.xtask.to_str().unwrap_or("xtask"), "gen", "--seeds", dir.to_str().unwrap_or(""), "--out", out_dir.to_str().unwrap_or("")],
            &b.root,
            true,
        )?;
        let _ = fs::remove_dir_all(&out_dir);
        corpus_rows.push((case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), secs, kib));
    }

    Ok(corpus_rows)
}

/// Section 4: cold builds and the size the crate adds to a binary.
fn build_cost(b: &Bench, md: &mut String) -> Result<(), String> {
    eprintln!("==> build cost (cold builds)");
    let cold = b.root.join("target").join("bench-cold");
    let _ = fs::remove_dir_all(&cold);
    let start = Instant::now();
    run_quiet(Command::new(&b.cargo).args(["build", "--quiet", "-p", "xtask", "--target-dir"]).arg(&cold).current_dir(&b.root))?;
    let xtask_cold = start.elapsed();
    let _ = fs::remove_dir_all(&cold);
    let start = Instant::now();
    run_quiet(
        Command::new(&b.cargo)
            .args(["build", "--quiet", "--release", "-p", "css-stop-reasons", "--target-dir"])
            .arg(&cold)
            .current_dir(&b.root),
    )?;
    let crate_cold = start.elapsed();
    // The crate alone, its dependency already built: touch the table and rebuild.
    let table = b.root.join("generated/stream-interruption/rust/src/table.rs");
    let bytes = fs::read(&table).map_err(|e| e.to_string())?;
    fs::write(&table, &bytes).map_err(|e| e.to_string())?;
    let start = Instant::now();
    run_quiet(
        Command::new(&b.cargo)
            .args(["build", "--quiet", "--release", "-p", "css-stop-reasons", "--target-dir"])
            .arg(&cold)
            .current_dir(&b.root),
    )?;
    let crate_alone = start.elapsed();
    let rlib = file_size(&cold.join("release").join("libcss_stop_reasons.rlib"));
    run_quiet(
        Command::new(&b.cargo)
            .args([
                "build",
                "--quiet",
                "--release",
                "-p",
                "stop-reasons-bench",
                "--example",
                "size_probe",
                "--example",
                "size_baseline",
                "--target-dir",
            ])
            .arg(&cold)
            .current_dir(&b.root),
    )?;
    let strip = |name: &str| -> u64 {
        let path = cold.join("release").join("examples").join(name);
        let stripped = cold.join(format!("{name}.stripped"));
        let _ = run_quiet(Command::new("strip").arg("-o").arg(&stripped).arg(&path));
        file_size(&stripped)
    };
    let (probe, baseline) = (strip("size_probe"), strip("size_baseline"));
    let _ = fs::remove_dir_all(&cold);
    let secs = |d: Duration| format!("{:.1} s", d.as_secs_f64());
    let _ = writeln!(md, "## 4. Build cost\n\n| what | result |\n|---|---|");
    let _ = writeln!(md, "| cold debug build of the xtask (clean target folder, crates already downloaded) | {} |", secs(xtask_cold));
    let _ = writeln!(md, "| cold release build of `css-stop-reasons` with its dependency | {} |", secs(crate_cold));
    let _ = writeln!(md, "| release rebuild of `css-stop-reasons` alone (table touched) | {} |", secs(crate_alone));
    let _ = writeln!(md, "| `libcss_stop_reasons.rlib` (release) | {:.0} KiB |", rlib as f64 / 1024.0);
    let _ = writeln!(
        md,
        "| stripped binary using `lookup`, `lookup_errcode`, `match_text` vs the same program without the crate | {:.0} KiB vs {:.0} KiB (+{:.0} KiB) |\n",
        probe as f64 / 1024.0,
        baseline as f64 / 1024.0,
        (probe.saturating_sub(baseline)) as f64 / 1024.0
    );
    Ok(())
}

/// The bound every corpus case must stay within: seconds and KiB of peak RSS.
const CORPUS_BOUND: (f64, u64) = (2.0, 200 * 1024);

/// The corpus cases over [`CORPUS_BOUND`].
fn over_bound(corpus_rows: &[(String, f64, u64)]) -> Vec<&str> {
    corpus_rows.iter().filter(|r| r.1 > CORPUS_BOUND.0 || r.2 > CORPUS_BOUND.1).map(|r| r.0.as_str()).collect()
}

/// Section 5: every case with its time and peak, and the slowest and largest.
fn corpus_section(corpus_rows: &[(String, f64, u64)], md: &mut String) {
    let _ = writeln!(
        md,
        "## 5. The bad-input corpus\n\nEach case of `tests/corpus/` through the release `xtask gen` (parsed or refused), \
         one run each (wall time, and peak RSS from GNU `time`); the bound is 2 s and 200 MiB per case.\n"
    );
    let slowest = corpus_rows.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let largest = corpus_rows.iter().max_by_key(|r| r.2);
    if let (Some(s), Some(l)) = (slowest, largest) {
        let over = over_bound(corpus_rows);
        let verdict = if over.is_empty() { "all within".to_owned() } else { format!("over: {}", over.join(", ")) };
        let _ = writeln!(
            md,
            "| cases | slowest | largest peak RSS | bound |\n|---|---|---|---|\n| {} | {} ({}) | {:.0} MiB ({}) | {verdict} |\n",
            corpus_rows.len(),
            ms(s.1),
            s.0,
            l.2 as f64 / 1024.0,
            l.0
        );
    }
    let _ = writeln!(md, "| case | wall | peak RSS |\n|---|---|---|");
    for (case, secs, kib) in corpus_rows {
        let _ = writeln!(md, "| {case} | {} | {:.1} MiB |", ms(*secs), *kib as f64 / 1024.0);
    }
    md.push('\n');
}

/// `cargo xtask bench --corpus`: section 5 alone, printed; an error when a
/// case is over the bound.
pub fn run_corpus(root: &Path) -> Result<(), String> {
    let bench = Bench::new(root, true, false)?;
    let rows = corpus(&bench)?;
    let _ = fs::remove_dir_all(&bench.work);
    let mut md = String::new();
    corpus_section(&rows, &mut md);
    print!("{md}");
    let over = over_bound(&rows);
    if over.is_empty() { Ok(()) } else { Err(format!("over 2 s or 200 MiB: {}", over.join(", "))) }
}

fn tempdir(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("target").join("bench-work");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
