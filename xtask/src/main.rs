//! `cargo xtask`: the project's command line. It parses arguments, reads and
//! writes files and prints; everything it does is in the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod synth;
use codegen::changes::Change;
use codegen::emit::Emitter;
use codegen::explain;
use codegen::input::Input;
use codegen::output::{self, FileState};
use codegen::query::Reader;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Generate reconciled, typed code tables from the doc sets in seeds/")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse the docs of every doc set (seeds/SET/), reconcile them and write
    /// each set's generated files (generated/SET/).
    Gen {
        /// Only this doc set (a folder of seeds/).
        #[arg(long, value_name = "NAME", conflicts_with = "seeds")]
        set: Option<String>,
        /// One doc set's folder elsewhere: its docs, manifest.toml and decisions.toml.
        #[arg(long, value_name = "DIR")]
        seeds: Option<PathBuf>,
        /// Output root: each set's files go to OUT/SET/ (with --seeds, to OUT/),
        /// at the paths they have under generated/SET/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 and name each stale or missing file.
        #[arg(long)]
        check: bool,
        /// Seconds to wait for an output folder another run of gen holds
        /// locked, before giving up.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        wait: u64,
    },
    /// Bring each doc set's decisions.toml up to date with its docs after an
    /// update: remove the entries that went stale, add a skeleton marked
    /// `review = true` for every decision the docs now need, and print what
    /// was done and what is left to review. Comments and order are kept.
    Decisions {
        /// Only this doc set (a folder of seeds/).
        #[arg(long, value_name = "NAME", conflicts_with = "seeds")]
        set: Option<String>,
        /// One doc set's folder elsewhere.
        #[arg(long, value_name = "DIR")]
        seeds: Option<PathBuf>,
        /// Write nothing; exit 1 when there is bookkeeping to do.
        #[arg(long)]
        check: bool,
    },
    /// Start a doc set: copy its docs into seeds/SET/, list every table found
    /// in them, and write a manifest with the guesses marked for review.
    Init {
        /// The set's name: its folder under seeds/ and under generated/.
        set: String,
        /// The docs, one per language (or revision).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// The set's folder, if not seeds/SET/.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
    },
    /// Explain a code, a reason text or a callback body from the stream-interruption set's JSON.
    Explain(ExplainArgs),
    /// Fuzz the parsers with cargo-fuzz (libFuzzer) on the stable toolchain,
    /// then minimize each corpus into fuzz/corpus/ for the replay test.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        /// Targets to run (default: all four).
        #[arg(value_parser = FUZZ_TARGETS)]
        targets: Vec<String>,
    },
    /// Measure gen, scale, lookups and build cost against the baselines; write BENCHMARKS.md.
    Bench {
        /// Fewer runs, sizes up to 10,000 codes.
        #[arg(long)]
        quick: bool,
        /// Only the bad-input corpus (section 5), printed instead of written;
        /// exits 1 when a case takes over 2 s or 200 MiB.
        #[arg(long, conflicts_with = "quick")]
        corpus: bool,
    },
    /// Time `generate` in this process (used by `bench`).
    #[command(hide = true)]
    BenchGenerate {
        #[arg(long)]
        seeds: PathBuf,
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
    /// Write a synthetic seed folder of N codes (used by `bench`).
    #[command(hide = true)]
    Synth { codes: usize, dir: PathBuf },
    /// Run every test: rustfmt and clippy, the Rust workspace (snapshots and the
    /// drift check included), then the TypeScript package's install, type-check,
    /// build and tests.
    Test {
        /// First accept every changed snapshot (written over the old ones:
        /// review them with `git diff tests/snapshots`), then run every test.
        #[arg(long)]
        accept: bool,
    },
}

/// What `cargo xtask explain` is asked.
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["errcode", "text", "callback"]))]
struct ExplainArgs {
    /// The errcode (alone, as the interruption callback reports it, or with SUB_ERRCODE).
    errcode: Option<u16>,
    /// The sub_errcode.
    #[arg(requires = "errcode")]
    sub_errcode: Option<u16>,
    /// Reverse lookup: the reason text to explain (e.g. an `errmsg` or a `StopReason`).
    #[arg(long, value_name = "TEXT", conflicts_with = "errcode")]
    text: Option<String>,
    /// A callback body (JSON) to explain.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["errcode", "text"])]
    callback: Option<PathBuf>,
    /// With --callback: the callback key (from the CSS console) to check its sign with, at the system clock's time.
    #[arg(long, value_name = "KEY", requires = "callback")]
    key: Option<String>,
    /// Show one language: a BCP 47 tag or an Accept-Language list (default: all four).
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,
    /// The table to read.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The project root: the folder above this crate's manifest.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gen { set, seeds, out, check, wait } => match sets_to_generate(set, seeds, out) {
            Ok(sets) => {
                let many = sets.len() > 1;
                let wait = output::LockWait { limit: std::time::Duration::from_secs(wait), notice: say_waiting };
                let failed = sets.iter().filter(|s| run_gen(s, check, many, wait) != ExitCode::SUCCESS).count();
                if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
            }
            Err(e) => exit(Err(e)),
        },
        Command::Decisions { set, seeds, check } => match sets_to_generate(set, seeds, None) {
            Ok(sets) => {
                let many = sets.len() > 1;
                let failed = sets.iter().filter(|s| run_decisions(s, check, many) != ExitCode::SUCCESS).count();
                if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
            }
            Err(e) => exit(Err(e)),
        },
        Command::Init { set, docs, into } => exit(run_init(&set, &docs, into)),
        Command::Explain(args) if args.lang.as_deref().is_some_and(|l| explain::check_lang(l).is_err()) => {
            let tag = args.lang.as_deref().unwrap_or_default();
            eprintln!("error: {}", explain::check_lang(tag).err().unwrap_or_default());
            ExitCode::from(2)
        }
        Command::Explain(args) => match run_explain(args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => exit(Err(e)),
        },
        Command::Fuzz { seconds, targets } => run_fuzz(seconds, targets),
        Command::Bench { corpus: true, .. } => exit(bench::run_corpus(&project_root())),
        Command::Bench { quick, .. } => exit(bench::run(&project_root(), &bench::Options { quick })),
        Command::BenchGenerate { seeds, runs } => exit(bench::generate_in_process(&seeds, runs)),
        Command::Synth { codes, dir } => exit(synth::write(codes, &dir)),
        Command::Test { accept } => run_tests(accept),
    }
}

/// Prints the explanation asked for; whether the table knows what was asked.
/// Largest table JSON `explain` reads (one at every limit of the generator is about 15 MB).
const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;
/// Largest callback body `explain --callback` reads (a real one is under 1 KB).
const MAX_CALLBACK_BYTES: u64 = 64 * 1024;

/// The text of the file at `path`, if it is a regular file of at most `limit` bytes and UTF-8.
fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    match codegen::input::read_bounded(path, limit) {
        codegen::input::FileBytes::Read(bytes) => String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8", path.display())),
        other => Err(other.why_not_read(&path.display().to_string()).map_or_else(String::new, |(message, _)| message)),
    }
}

fn run_explain(args: ExplainArgs) -> Result<bool, String> {
    let path = args.json.unwrap_or_else(|| project_root().join("generated/stream-interruption/json/stop_reasons.json"));
    let json = read_text(&path, MAX_JSON_BYTES);
    let reader = json.and_then(|j| Reader::from_json(&j).map_err(|e| format!("{}: {e}", path.display())));
    let reader = reader.map_err(|e| format!("{e}\nhelp: run `cargo xtask gen` first"))?;
    let lang = args.lang.as_deref();
    let explanation = match (args.errcode, args.text, args.callback) {
        (Some(e), _, _) => explain::code(&reader, e, args.sub_errcode, lang),
        (_, Some(t), _) => explain::text(&reader, &t, lang),
        (_, _, Some(file)) => {
            let body = read_text(&file, MAX_CALLBACK_BYTES)?;
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let key = args.key.as_deref().map(|k| (k, now));
            explain::callback(&reader, &body, lang, key).map_err(|e| format!("{}: {e}", file.display()))?
        }
        (None, None, None) => return Err("say what to explain: an errcode, --text or --callback".to_owned()),
    };
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), explanation.text.as_bytes());
    Ok(explanation.found)
}

/// The fuzz targets, in `fuzz/Cargo.toml`.
const FUZZ_TARGETS: [&str; 4] = ["html_table", "pipe_table", "manifest", "decisions"];

fn run_fuzz(seconds: u64, targets: Vec<String>) -> ExitCode {
    let fuzz = project_root().join("fuzz");
    let targets: Vec<String> = if targets.is_empty() { FUZZ_TARGETS.iter().map(|t| (*t).to_owned()).collect() } else { targets };
    // cargo-fuzz passes nightly-only flags; RUSTC_BOOTSTRAP lets the stable
    // toolchain (the only one here) accept them.
    let cargo = |args: &[&str]| std::process::Command::new("cargo").args(args).current_dir(&fuzz).env("RUSTC_BOOTSTRAP", "1").status();
    match cargo(&["fuzz", "--version"]) {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("error: cargo-fuzz is not installed\nhelp: cargo install cargo-fuzz --locked");
            return ExitCode::FAILURE;
        }
    }
    let limits = format!("-max_total_time={seconds}");
    for t in &targets {
        eprintln!("==> fuzzing {t} for {seconds} s");
        let run = cargo(&["fuzz", "run", "-O", "-s", "none", t, "--", &limits, "-timeout=2", "-rss_limit_mb=200", "-malloc_limit_mb=200"]);
        if !matches!(run, Ok(s) if s.success()) {
            eprintln!("error: {t} found a failing input: see fuzz/artifacts/{t}/; copy it to fuzz/regressions/{t}/ and fix the bug");
            return ExitCode::FAILURE;
        }
        // Keep the inputs that cover every edge: small enough to commit and replay.
        let corpus = fuzz.join("corpus").join(t);
        let minimized = fuzz.join("corpus").join(format!(".{t}.min"));
        let _ = std::fs::remove_dir_all(&minimized);
        if let Err(e) = std::fs::create_dir_all(&minimized) {
            eprintln!("error: {}: {e}", minimized.display());
            return ExitCode::FAILURE;
        }
        let binary = fuzz.join("target").join("x86_64-unknown-linux-gnu").join("release").join(t);
        let merged =
            std::process::Command::new(binary).arg("-set_cover_merge=1").arg("-use_counters=0").arg(&minimized).arg(&corpus).output();
        if !matches!(merged, Ok(ref o) if o.status.success()) {
            eprintln!("error: minimizing the {t} corpus failed");
            return ExitCode::FAILURE;
        }
        if std::fs::remove_dir_all(&corpus).and_then(|()| std::fs::rename(&minimized, &corpus)).is_err() {
            eprintln!("error: could not replace {}", corpus.display());
            return ExitCode::FAILURE;
        }
        let kept = std::fs::read_dir(&corpus).map_or(0, Iterator::count);
        eprintln!("==> {t}: no failure; corpus minimized to {kept} inputs");
    }
    ExitCode::SUCCESS
}

/// Every set's npm package (`generated/*/ts/` with a `package.json`), sorted.
fn npm_packages(generated: &Path) -> Vec<PathBuf> {
    let mut packages: Vec<PathBuf> = std::fs::read_dir(generated)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("ts"))
        .filter(|ts| ts.join("package.json").is_file())
        .collect();
    packages.sort();
    packages
}

/// Set inside the copy of the project an update drill tests: `cargo xtask
/// test` there skips the drills.
const DRILL_INSIDE: &str = "STOP_REASONS_DRILL";

/// Runs every step in order, each whatever the ones before it did, and
/// ends with the table of their outcomes.
/// The names of the generated crates (`generated/*/rust`), sorted.
fn rust_packages(generated: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(generated)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path().join("rust/Cargo.toml")).ok())
        .filter_map(|text| text.parse::<toml::Table>().ok())
        .filter_map(|t| t.get("package")?.get("name")?.as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// Whether rustup has the toolchain `version` installed (without installing it).
fn toolchain_installed(version: &str) -> bool {
    let ran = std::process::Command::new("rustup").args(["run", version, "rustc", "--version"]).env("RUSTUP_AUTO_INSTALL", "0").output();
    ran.is_ok_and(|out| out.status.success())
}

/// The workspace's `rust-version` (the one every crate declares).
fn workspace_rust_version(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let table = text.parse::<toml::Table>().ok()?;
    table.get("workspace")?.get("package")?.get("rust-version")?.as_str().map(str::to_owned)
}

fn run_tests(accept: bool) -> ExitCode {
    let root = project_root();
    let packages = npm_packages(&root.join("generated"));
    let crates = rust_packages(&root.join("generated"));
    let Some(msrv) = workspace_rust_version(&root) else {
        eprintln!("error: Cargo.toml has no [workspace.package] rust-version");
        return ExitCode::FAILURE;
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // The TypeScript packages are built before the Rust tests: the parity test
    // runs their builds.
    let mut steps: Vec<(&str, &Path, Vec<&str>)> = vec![
        ("cargo", &root, vec!["fmt", "--all", "--check"]),
        ("cargo", &root, vec!["clippy", "--workspace", "--all-targets", "--all-features", "--locked", "--", "-D", "warnings"]),
    ];
    for ts in &packages {
        // A new set's package has no lock file until `npm install` makes one (commit it).
        let install = if ts.join("package-lock.json").is_file() { "ci" } else { "install" };
        steps.push(("npm", ts, vec![install, "--no-audit", "--no-fund"]));
        steps.push(("npm", ts, vec!["run", "build"]));
    }
    if accept {
        // insta writes each changed snapshot in place and passes; the run below checks the result.
        steps.push(("env", &root, vec!["INSTA_UPDATE=always", "INSTA_FORCE_PASS=1", "cargo", "test", "--all-features", "--locked"]));
    }
    steps.push(("cargo", &root, vec!["test", "--all-features", "--locked"]));
    steps.extend(packages.iter().map(|ts| ("npm", ts.as_path(), vec!["test"])));
    // The generated crates without their default features (no_std, no allocator).
    let mut no_default = vec!["test", "--no-default-features", "--locked"];
    crates.iter().for_each(|c| no_default.extend(["-p", c.as_str()]));
    steps.push(("cargo", &root, no_default));
    // The docs of the generated crates, the library and the xtask, warnings refused.
    let mut docs = vec!["RUSTDOCFLAGS=-D warnings", "cargo", "doc", "--no-deps", "--locked", "-p", "codegen", "-p", "xtask"];
    crates.iter().for_each(|c| docs.extend(["-p", c.as_str()]));
    steps.push(("env", &root, docs.clone()));
    docs.push("--all-features");
    steps.push(("env", &root, docs));
    // Publishing, and the rust-version every crate declares: not what a doc
    // update changes, so the drills' copies leave them out.
    if std::env::var_os(DRILL_INSIDE).is_none() {
        // clippy's `incompatible_msrv` (above, with -D warnings) refuses std APIs
        // newer than the rust-version; where that toolchain is installed, the
        // whole workspace is also checked on it. (It cannot be downloaded on a
        // machine that reaches only the package registries.)
        if toolchain_installed(&msrv) {
            let check = vec!["run", msrv.as_str(), "cargo", "check", "--all-features", "--locked", "--target-dir", "target/msrv"];
            steps.push(("rustup", &root, check));
        } else {
            eprintln!(
                "note: the rust-version toolchain ({msrv}) is not installed: clippy's incompatible_msrv lint checks the std APIs against it; `rustup toolchain install {msrv} --profile minimal` adds the full check"
            );
        }
        for c in &crates {
            steps.push(("cargo", &root, vec!["publish", "--dry-run", "--locked", "--allow-dirty", "-p", c.as_str()]));
        }
        steps.extend(packages.iter().map(|ts| ("npm", ts.as_path(), vec!["publish", "--dry-run"])));
    }
    // The update drills (tests/drill.rs) copy the project and run this command in the copy,
    // with STOP_REASONS_DRILL set there so that the copy does not drill again.
    if std::env::var_os(DRILL_INSIDE).is_none() {
        let drill = vec!["test", "--locked", "-p", "stop-reasons-tests", "--test", "drill", "--", "--ignored", "--test-threads=1"];
        steps.push(("cargo", &root, drill));
    }
    let outcomes = run_steps(&root, &cargo, &steps);
    eprint!("{}", step_table(&outcomes));
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    if failed > 0 {
        eprintln!("error: {failed} of {} test steps failed", outcomes.len());
        return ExitCode::FAILURE;
    }
    eprintln!("==> all test steps passed");
    ExitCode::SUCCESS
}

/// Runs every step (`program`, folder, arguments), each whatever the ones
/// before it did; `cargo` is how the program `cargo` is run, and step
/// folders are named relative to `root`.
fn run_steps(root: &Path, cargo: &std::ffi::OsStr, steps: &[(&str, &Path, Vec<&str>)]) -> Vec<StepOutcome> {
    let mut outcomes = Vec::new();
    for (program, dir, args) in steps {
        eprintln!("==> {program} {} (in {})", args.join(" "), dir.display());
        let command = if *program == "cargo" { cargo.to_owned() } else { (*program).into() };
        let started = std::time::Instant::now();
        let (passed, counts) = run_step(&command, args, dir);
        let folder = dir.strip_prefix(root).ok().filter(|d| !d.as_os_str().is_empty()).map(|d| d.display().to_string());
        let name = [&[*program], &args[..]].concat().join(" ");
        outcomes.push(StepOutcome { name, folder, passed, counts, seconds: started.elapsed().as_secs_f64() });
    }
    outcomes
}

/// How one step of `cargo xtask test` went.
struct StepOutcome {
    /// The command.
    name: String,
    /// Where it ran, relative to the project (`None`: the project itself).
    folder: Option<String>,
    passed: bool,
    /// Tests passed and failed, as the step's output reports them (cargo's
    /// `test result:` lines, node's `pass`/`fail` counts); `None` for a
    /// step that runs no tests.
    counts: Option<(u64, u64)>,
    seconds: f64,
}

/// Runs one step, its output passed through as it comes: whether it
/// succeeded, and the test counts its output reports.
fn run_step(program: &std::ffi::OsStr, args: &[&str], dir: &Path) -> (bool, Option<(u64, u64)>) {
    use std::io::{BufRead as _, Write as _};
    let child = std::process::Command::new(program).args(args).current_dir(dir).stdout(std::process::Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("error: cannot run `{}`: {e}", program.to_string_lossy());
            return (false, None);
        }
    };
    let mut counts: Option<(u64, u64)> = None;
    if let Some(out) = child.stdout.take() {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            // As `say!`: a closed pipe is not the step's failure.
            let _ = writeln!(std::io::stdout().lock(), "{line}");
            if let Some((passed, failed)) = test_counts(&line) {
                let total = counts.get_or_insert((0, 0));
                *total = (total.0 + passed, total.1 + failed);
            }
        }
    }
    let passed = child.wait().is_ok_and(|status| status.success());
    (passed, counts)
}

/// The tests passed and failed a line of test output reports: cargo's
/// `test result: ok. 3 passed; 1 failed; …`, node's `ℹ pass 3` or `# fail 1`.
fn test_counts(line: &str) -> Option<(u64, u64)> {
    let number = |text: &str, word: &str| -> Option<u64> {
        let words: Vec<&str> = text.split([' ', ';', '.']).filter(|w| !w.is_empty()).collect();
        words.windows(2).find(|w| w[1] == word).and_then(|w| w[0].parse().ok())
    };
    if let Some(result) = line.strip_prefix("test result: ") {
        return Some((number(result, "passed")?, number(result, "failed")?));
    }
    let rest = line.strip_prefix("ℹ ").or_else(|| line.strip_prefix("# "))?;
    match rest.split_once(' ')? {
        ("pass", n) => Some((n.trim().parse().ok()?, 0)),
        ("fail", n) => Some((0, n.trim().parse().ok()?)),
        _ => None,
    }
}

/// The steps' outcomes as a table: step, result, tests, time.
fn step_table(outcomes: &[StepOutcome]) -> String {
    let mut table = String::from("\n| step | result | tests passed / failed | time |\n|---|---|---|---|\n");
    for o in outcomes {
        let counts = o.counts.map_or("—".to_owned(), |(p, f)| format!("{p} / {f}"));
        let result = if o.passed { "pass" } else { "FAIL" };
        let folder = o.folder.as_ref().map_or(String::new(), |f| format!(" in `{f}`"));
        table.push_str(&format!("| `{}`{folder} | {result} | {counts} | {:.1} s |\n", o.name, o.seconds));
    }
    table.push('\n');
    table
}

/// Prints a line to standard output. A closed pipe (`cargo xtask gen | head`)
/// is not a failure of the run: the rest of the report is dropped and the exit
/// code stands (`println!` would panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Changed codes listed by `gen`; the rest are counted.
const MAX_CHANGES_LISTED: usize = 200;

/// `init`: the set's folder made with its docs, their survey printed, a starting
/// manifest (and an empty decisions file) written. Refuses to overwrite a manifest.
fn run_init(set: &str, docs: &[PathBuf], into: Option<PathBuf>) -> Result<(), String> {
    let valid =
        set.starts_with(|c: char| c.is_ascii_lowercase()) && set.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(format!(
            "`{set}` is not a set name: use lowercase ASCII letters, digits and `-` (it names the folder and the packages)"
        ));
    }
    let dir = into.unwrap_or_else(|| project_root().join("seeds").join(set));
    let manifest = dir.join(codegen::input::MANIFEST);
    if manifest.exists() {
        return Err(format!("{} exists; edit it, or remove it to start again", manifest.display()));
    }
    // Every doc is read (each within the doc limit) and decoded before anything is written.
    let mut read = Vec::new();
    for doc in docs {
        let name = doc.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| format!("{} is not a file", doc.display()))?;
        let bytes = match codegen::input::read_bounded(doc, codegen::input::MAX_FILE_BYTES) {
            codegen::input::FileBytes::Read(bytes) => bytes,
            other => {
                let (message, help) = other.why_not_read(&doc.display().to_string()).unwrap_or_default();
                return Err(format!("{message}\nhelp: {help}"));
            }
        };
        let file = codegen::input::decode(&name, &bytes).map_err(|p| p.render())?;
        read.push((doc, name, bytes, file));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut surveys = Vec::new();
    for (doc, name, bytes, file) in read {
        let target = dir.join(&name);
        if target != *doc {
            std::fs::write(&target, &bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        surveys.push(codegen::init::survey(&name, &file));
    }
    print!("{}", codegen::init::report(&surveys));
    std::fs::write(&manifest, codegen::init::starting_manifest(set, &surveys))
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    let decisions = dir.join(codegen::input::DECISIONS);
    if !decisions.exists() {
        let text = format!(
            "# Maintainers' decisions about the {set} docs, reviewed like code.\n# `cargo xtask gen` says which entries it needs; `cargo xtask decisions` adds them,\n# marked `review = true`, for you to fill in.\nschema_version = 1\n"
        );
        std::fs::write(&decisions, text).map_err(|e| format!("cannot write {}: {e}", decisions.display()))?;
    }
    println!("wrote {}: review the lines marked REVIEW, then run `cargo xtask gen --set {set}`", manifest.display());
    Ok(())
}

/// One doc set to generate: its seed folder, how diagnostics name it, and where its files go.
struct SetRun {
    seeds: PathBuf,
    label: String,
    out: PathBuf,
}

/// The doc sets `gen` runs: one folder given with `--seeds`, or the
/// project's sets (`seeds/*/` with a manifest), or the one named by `--set`.
fn sets_to_generate(set: Option<String>, seeds: Option<PathBuf>, out: Option<PathBuf>) -> Result<Vec<SetRun>, String> {
    let root = project_root();
    if let Some(dir) = seeds {
        let label = dir.display().to_string().trim_end_matches('/').to_owned();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let out = out.unwrap_or_else(|| root.join("generated").join(&name));
        refuse_out_in_seeds(&dir, &out)?;
        return Ok(vec![SetRun { seeds: dir, label, out }]);
    }
    let names = codegen::input::sets(&root.join("seeds")).map_err(|e| format!("cannot list {}: {e}", root.join("seeds").display()))?;
    let names: Vec<String> = match set {
        Some(wanted) if names.contains(&wanted) => vec![wanted],
        Some(wanted) => return Err(format!("no doc set `{wanted}` in seeds/ (there are: {})", names.join(", "))),
        None => names,
    };
    let out_root = out.unwrap_or_else(|| root.join("generated"));
    let runs: Vec<SetRun> = names
        .into_iter()
        .map(|name| SetRun { seeds: root.join("seeds").join(&name), label: format!("seeds/{name}"), out: out_root.join(&name) })
        .collect();
    for run in &runs {
        refuse_out_in_seeds(&run.seeds, &run.out)?;
    }
    Ok(runs)
}

/// Refuses an output folder that is the seed folder or inside it: the next
/// run would find its own outputs there as files the manifest does not list.
fn refuse_out_in_seeds(seeds: &Path, out: &Path) -> Result<(), String> {
    let (seeds_at, out_at) = (resolved(seeds), resolved(out));
    if out_at.starts_with(&seeds_at) {
        return Err(format!(
            "the output folder {} is inside the seed folder {}\nhelp: write the outputs elsewhere (--out), such as generated/",
            out.display(),
            seeds.display()
        ));
    }
    Ok(())
}

/// Where `path` really is: its longest existing ancestor with the links
/// resolved, and the rest of it as written (made absolute first).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                at = parent;
            }
            _ => return absolute,
        }
    }
}

/// Says, once, that `gen` waits for the lock file `lock`.
fn say_waiting(lock: &Path, limit: std::time::Duration) {
    eprintln!("waiting for {}: another run of gen holds it (giving up after {} s; see --wait)", lock.display(), limit.as_secs());
}

/// `gen` (or `gen --check`) of one doc set; with `many`, its output is headed
/// by its name; `wait` says how long to wait for another run's lock.
fn run_gen(set: &SetRun, check: bool, many: bool, wait: output::LockWait) -> ExitCode {
    if many {
        say!("== {}", set.label);
    }
    let (seeds_dir, seeds_label, out_dir) = (&set.seeds, &set.label, &set.out);
    let Some(generation) = generate(seeds_dir, seeds_label) else { return ExitCode::FAILURE };
    let json_path = out_dir.join(codegen::emit::Json.path(&generation.table.set));
    let changes = changes_since(std::fs::read_to_string(&json_path).ok().as_deref(), &generation.table);
    let statuses = match pass_over(&generation.table, out_dir, check, wait) {
        Ok(statuses) => statuses,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    print_summary(&generation.table, &changes, &json_path);
    let stale: Vec<_> = statuses.iter().filter(|s| s.state != FileState::Fresh).collect();
    if check {
        return check_outcome(out_dir, &stale);
    }
    if stale.is_empty() {
        say!("no changes");
    }
    for s in &stale {
        say!("{}: {}", if s.state == FileState::Missing { "created" } else { "updated" }, out_dir.join(&s.path).display());
    }
    ExitCode::SUCCESS
}

/// What changed in `table` since `old_json`, the set's JSON as on disk before
/// this run: nothing when the JSON comes out the same (reading the old table
/// was 5% of a run that writes nothing), else [`codegen::changes::against`].
/// Read before the pass replaces the file, and dropped before the pass
/// emits the Rust table, the run's peak.
fn changes_since(old_json: Option<&str>, table: &codegen::model::Reconciled) -> Vec<Change> {
    let same = old_json.is_some_and(|old| codegen::emit::Json.emit(table).is_ok_and(|new| new == old));
    if same { Vec::new() } else { codegen::changes::against(old_json, table) }
}

/// Emits the table's files one at a time and compares each with `out_dir`
/// (with `check`) or stages it there, then puts the staged files in place:
/// the state each file had. A package not there yet also gets its starting
/// files, which are the set's own from then on.
///
/// # Errors
/// What to print: an emitter that failed, or a file that could not be read
/// or written (`out_dir` is then left as it was).
fn pass_over(
    table: &codegen::model::Reconciled,
    out_dir: &Path,
    check: bool,
    wait: output::LockWait,
) -> Result<Vec<output::FileStatus>, String> {
    let starting = codegen::emit::starting_files(table, |path| output::target(out_dir, path).exists());
    let read = |path: &str| std::fs::read_to_string(output::target(out_dir, path)).ok();
    let mismatches = codegen::emit::version_mismatches(&table.set, &out_dir.display().to_string(), read);
    if !mismatches.is_empty() {
        return Err(format!("error: {}\nNothing was written.", mismatches.join("\nerror: ")));
    }
    let left = |e: output::OutputError| {
        let help = e.help.clone().unwrap_or_else(|| "check the disk and permissions and run again".to_owned());
        format!("error: {e}\nhelp: {help}; {} was left as it was", out_dir.display())
    };
    let mut pass = output::Pass::begin(out_dir, !check, wait).map_err(left)?;
    for emitter in codegen::emit::emitters() {
        let contents = emitter.emit(table).map_err(|e| {
            format!("error: {e}\nhelp: this is a bug in the emitter; please report it with the seed folder. Nothing was written.")
        })?;
        pass.add(&codegen::emit::GeneratedFile { path: emitter.path(&table.set), contents }).map_err(left)?;
    }
    starting.iter().try_for_each(|f| pass.add(f)).map_err(left)?;
    pass.finish().map_err(left)
}

/// `decisions` (or `decisions --check`) of one doc set: the bookkeeping
/// done and written, what it did printed, then what `gen` still refuses.
/// Fails when `gen` would still refuse, or with `check` when there was
/// bookkeeping to do.
fn run_decisions(set: &SetRun, check: bool, many: bool) -> ExitCode {
    if many {
        say!("== {}", set.label);
    }
    let path = Path::new(&set.label).join(codegen::input::DECISIONS);
    let books = Input::read(&set.seeds, &set.label)
        .map_err(|e| format!("cannot read the seed folder {}: {e}", set.seeds.display()))
        .and_then(|input| codegen::bookkeeping::keep_books(&input).map_err(|problems| problems.render()));
    let books = match books {
        Ok(books) => books,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("error: {}: nothing was changed", path.display());
            return ExitCode::FAILURE;
        }
    };
    for line in &books.done {
        say!("{line}");
    }
    if !books.changed {
        say!("{}: nothing to do", path.display());
    } else if check {
        eprintln!("error: {} needs the edits above; run `cargo xtask decisions`", path.display());
        return ExitCode::FAILURE;
    } else if let Err(e) = replace_file(&path, &books.text) {
        eprintln!("error: cannot write {}: {e}; it was left as it was", path.display());
        return ExitCode::FAILURE;
    } else {
        let edits = books.done.len();
        say!("updated {}: {edits} edit{}", path.display(), if edits == 1 { "" } else { "s" });
    }
    if books.left.0.is_empty() {
        say!("`cargo xtask gen` will accept the decisions");
        return ExitCode::SUCCESS;
    }
    let lines: Vec<&str> = books.left.0.iter().map(|p| p.message.as_str()).collect();
    eprintln!("`cargo xtask gen` refuses, until each is settled:\n  {}", lines.join("\n  "));
    eprintln!(
        "help: fill in each entry marked `review = true` (its values, and `why`), then remove the mark; run `cargo xtask gen` for the details"
    );
    ExitCode::FAILURE
}

/// Writes `text` to `path` whole or not at all: to a temporary file beside it, then renamed over it.
fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut staged = tempfile::NamedTempFile::new_in(dir)?;
    staged.write_all(text.as_bytes())?;
    staged.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads the seed folder and reconciles it, printing the problems or
/// warnings found; `None` when the run is refused.
fn generate(seeds_dir: &Path, seeds_label: &str) -> Option<codegen::Generation> {
    let input = Input::read(seeds_dir, seeds_label)
        .map_err(|e| eprintln!("error: cannot read the seed folder {}: {e}", seeds_dir.display()))
        .ok()?;
    let generation = match codegen::generate(&input) {
        Ok(g) => g,
        Err(problems) => {
            eprint!("{}", problems.render());
            eprintln!("error: {} problem(s) in {seeds_label}/; nothing was written", problems.error_count());
            return None;
        }
    };
    if !generation.warnings.0.is_empty() {
        eprint!("{}", generation.warnings.render());
    }
    Some(generation)
}

/// The table's counts, and what changed against the JSON at `json_path`.
fn print_summary(table: &codegen::model::Reconciled, changes: &[Change], json_path: &Path) {
    let counts = table.provenance_counts();
    let names = if table.symbols.is_empty() { String::new() } else { format!(", {} symbolic names decided", table.symbols.len()) };
    say!(
        "{} codes from {} docs; {} texts: {}; {} conflicts resolved{names}",
        table.entries.len(),
        table.sources.len(),
        counts.values().sum::<usize>(),
        counts.iter().map(|(p, n)| format!("{n} {}", p.as_str())).collect::<Vec<_>>().join(", "),
        table.conflicts.len(),
    );
    for change in changes.iter().take(MAX_CHANGES_LISTED) {
        for line in change.to_string().lines() {
            say!("  {line}");
        }
    }
    if changes.len() > MAX_CHANGES_LISTED {
        say!("  … and {} more changed codes (see the diff of {})", changes.len() - MAX_CHANGES_LISTED, json_path.display());
    }
}

/// `gen --check`'s verdict on the stale or missing files.
fn check_outcome(out_dir: &Path, stale: &[&output::FileStatus]) -> ExitCode {
    if stale.is_empty() {
        say!("generated files are up to date");
        return ExitCode::SUCCESS;
    }
    for s in stale {
        let what = if s.state == FileState::Missing { "missing" } else { "stale" };
        eprintln!("{what}: {}", out_dir.join(&s.path).display());
    }
    eprintln!("error: {} generated file(s) out of date; run `cargo xtask gen` and commit the result", stale.len());
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_counts_are_read_from_cargo_and_node_output() {
        assert_eq!(test_counts("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured"), Some((12, 0)));
        assert_eq!(test_counts("test result: FAILED. 3 passed; 2 failed; 0 ignored"), Some((3, 2)));
        assert_eq!(test_counts("ℹ pass 7"), Some((7, 0)));
        assert_eq!(test_counts("# fail 1"), Some((0, 1)));
        assert_eq!(test_counts("ℹ tests 8"), None);
        assert_eq!(test_counts("running 4 tests"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_step_does_not_stop_the_ones_after_it() {
        let dir = std::env::temp_dir();
        let steps: Vec<(&str, &Path, Vec<&str>)> = vec![("false", &dir, vec![]), ("true", &dir, vec![])];
        let outcomes = run_steps(&dir, std::ffi::OsStr::new("cargo"), &steps);
        let seen: Vec<bool> = outcomes.iter().map(|o| o.passed).collect();
        assert_eq!(seen, [false, true]);
        let table = step_table(&outcomes);
        assert!(table.contains("| `false` | FAIL | — |") && table.contains("| `true` | pass | — |"), "{table}");
    }
}
