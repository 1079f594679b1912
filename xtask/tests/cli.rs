//! `cargo xtask gen` as a user runs it: exit codes, what it names, what it writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("project root").to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the stream-interruption doc set as it stood on 2026-12-02
/// (`tests/fixtures/stream-interruption/`, frozen so that the texts these
/// tests edit stay where they are when `seeds/` is updated), in a folder of
/// that name (a set's name is its folder's) inside a temporary folder.
struct SeedCopy {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl SeedCopy {
    fn path(&self) -> &Path {
        &self.path
    }
}

fn seed_copy() -> SeedCopy {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stream-interruption");
    fs::create_dir(&path).expect("mkdir");
    for entry in fs::read_dir(project_root().join("tests/fixtures/stream-interruption")).expect("tests/fixtures/") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), path.join(entry.file_name())).expect("copy");
    }
    SeedCopy { _dir: dir, path }
}

#[test]
fn check_passes_on_the_committed_tree() {
    let out = xtask(&["gen", "--check"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("up to date"));
}

#[test]
fn a_changed_reason_fails_the_check_until_gen_runs() {
    let seeds = seed_copy();
    let seeds_arg = seeds.path().to_str().expect("utf-8 path");
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out_arg = out_dir.path().to_str().expect("utf-8 path");
    assert!(xtask(&["gen", "--seeds", seeds_arg, "--out", out_arg]).status.success());
    let zh = seeds.path().join("stream-interruption.zh.md");
    let edited = fs::read_to_string(&zh).expect("zh").replacen("第三方鉴权失败。", "第三方鉴权未通过。", 1);
    fs::write(&zh, edited).expect("write");
    let out = xtask(&["gen", "--seeds", seeds_arg, "--out", out_arg, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for file in ["json/stop_reasons.json", "rust/src/table.rs", "ts/src/table.ts"] {
        assert!(stderr.contains(&format!("stale: {}", out_dir.path().join(file).display())), "{stderr}");
    }
    assert!(stderr.contains("run `cargo xtask gen`"), "{stderr}");

    // Generating, then checking, passes.
    let out = xtask(&["gen", "--seeds", seeds_arg, "--out", out_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read_to_string(out_dir.path().join("json/stop_reasons.json")).expect("json").contains("第三方鉴权未通过。"));
    let out = xtask(&["gen", "--seeds", seeds_arg, "--out", out_arg, "--check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// The lines of `gen`'s change list in `stdout`: `+`, `-` or `~`, indented.
fn change_lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| ["  + ", "  - ", "  ~ "].iter().any(|p| l.starts_with(p))).collect()
}

#[test]
fn gen_lists_what_changed_in_the_table_and_nothing_when_nothing_did() {
    let seeds = seed_copy();
    let seeds_arg = seeds.path().to_str().expect("utf-8 path");
    let out_dir = tempfile::tempdir().expect("temp dir");
    let gen_args = ["gen", "--seeds", seeds_arg, "--out", out_dir.path().to_str().expect("utf-8 path")];
    // Into an empty folder: every code is added.
    let first = text(&xtask(&gen_args).stdout);
    let added = change_lines(&first);
    assert!(!added.is_empty() && added.iter().all(|l| l.starts_with("  + ")), "{first}");
    // Again: the same table, so no change and no file written.
    let again = text(&xtask(&gen_args).stdout);
    assert!(change_lines(&again).is_empty() && again.contains("no changes"), "{again}");
    // One reworded text: that edit alone.
    let zh = seeds.path().join("stream-interruption.zh.md");
    fs::write(&zh, fs::read_to_string(&zh).expect("zh").replacen("第三方鉴权失败。", "第三方鉴权未通过。", 1)).expect("write");
    let after = text(&xtask(&gen_args).stdout);
    let edits = change_lines(&after);
    assert!(!edits.is_empty(), "{after}");
    assert!(edits.iter().all(|l| l.starts_with("  ~ ") && l.contains("第三方鉴权失败。") && l.contains("第三方鉴权未通过。")), "{after}");
}

#[test]
fn check_names_missing_files() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = xtask(&["gen", "--out", out_dir.path().to_str().expect("utf-8"), "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing: "), "{}", text(&out.stderr));
    assert_eq!(fs::read_dir(out_dir.path()).expect("dir").count(), 0, "check mode wrote files");
    // An unknown set is a clear error.
    let out = xtask(&["gen", "--set", "no-such-set", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no doc set `no-such-set` in seeds/ (there are: "), "{}", text(&out.stderr));
}

#[test]
fn a_wrong_language_in_the_manifest_is_refused_with_its_line() {
    let seeds = seed_copy();
    let manifest = seeds.path().join("manifest.toml");
    let text_before = fs::read_to_string(&manifest).expect("manifest");
    // The Korean doc declared Japanese.
    let edited =
        text_before.replace("file = \"stream-interruption.ko.md\"\nlang = \"ko\"", "file = \"stream-interruption.ko.md\"\nlang = \"ja\"");
    assert_ne!(edited, text_before);
    fs::write(&manifest, &edited).expect("write");
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = xtask(&["gen", "--seeds", seeds.path().to_str().expect("utf-8"), "--out", out_dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    // The `lang` line right after the Korean doc's `file` line.
    let lang_line = edited.lines().position(|l| l == "file = \"stream-interruption.ko.md\"").map(|i| i + 2);
    assert!(stderr.contains(&format!("manifest.toml:{}: ", lang_line.expect("line"))) && stderr.contains("written in Hangul"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(fs::read_dir(out_dir.path()).expect("dir").count(), 0);
}

/// The frozen stream-interruption set's JSON ([`seed_copy`]), generated
/// into a temporary folder: what the `explain` tests read.
struct FrozenJson {
    _dir: tempfile::TempDir,
    path: String,
}

fn frozen_json() -> FrozenJson {
    let (seeds, dir) = (seed_copy(), tempfile::tempdir().expect("temp dir"));
    assert!(gen_into(seeds.path(), dir.path()).status.success());
    let path = dir.path().join("json/stop_reasons.json").to_str().expect("utf-8").to_owned();
    FrozenJson { _dir: dir, path }
}

/// `cargo xtask explain ARGS --json` the frozen set's JSON.
fn explain(json: &FrozenJson, args: &[&str]) -> Output {
    xtask(&[&["explain", "--json", &json.path], args].concat())
}

#[test]
fn explain_prints_a_code_in_one_or_all_languages() {
    let json = frozen_json();
    let out = explain(&json, &["18", "503", "--lang", "ja-JP"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("18/503  category: auth  retryable: no\n  ja  認証パラメータの検証に失敗しました。\n"), "{stdout}");
    assert!(stdout.contains("doc (seeds/stream-interruption/stream-interruption.ja.md:200)"), "{stdout}");
    let all = text(&explain(&json, &["16"]).stdout);
    for needle in
        ["  en  Internal error in the CSS system.", "  ko  라이브 방송 시스템 내부 오류", "inferred from 5", "set aside by a decision"]
    {
        assert!(all.contains(needle), "{needle:?} not in {all}");
    }
}

#[test]
fn explain_answers_unknown_codes_clearly() {
    let json = frozen_json();
    let out = explain(&json, &["18", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("18/999: no doc lists this code.\nerrcode 18 is documented with: 18/100,"));
    let out = explain(&json, &["40"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "40: no doc lists this errcode.\n");
    // Out of range is a usage error, not a panic.
    assert_eq!(explain(&json, &["99999"]).status.code(), Some(2));
}

#[test]
fn explain_looks_up_texts_and_callbacks() {
    let json = frozen_json();
    let out = explain(&json, &["--text", "客户端主动断流"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("one text contains it\n  contains 0.78 [zh] 推流客户端主动断流。  → 1, 2, 3, 4, 35"), "{stdout}");
    let out = explain(&json, &["--text", "The weather is nice"]);
    assert_eq!(out.status.code(), Some(1));

    let fixture = project_root().join("generated/stream-interruption/rust/tests/fixtures/interruption_callback.json");
    let out = explain(&json, &["--callback", fixture.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("stream stream-42 on push.example.com/live (event_type 0), pushed for 61.2 s\n"), "{stdout}");
    assert!(stdout.contains("errcode 18 has 28 sub codes"), "{stdout}");
    assert!(stdout.contains("fuzzy 0.57    [en] Authentication failed.  → 18/503"), "{stdout}");
    // --lang applies to every section, the errmsg's too.
    let out = explain(&json, &["--callback", fixture.to_str().expect("utf-8"), "--lang", "ja"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("  ja  ") && !stdout.contains("  en  ") && !stdout.contains("[en]"), "{stdout}");

    let bad = tempfile::NamedTempFile::new().expect("temp file");
    fs::write(bad.path(), "{not json").expect("write");
    let out = explain(&json, &["--callback", bad.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not JSON"), "{}", text(&out.stderr));
}

#[test]
fn explain_reads_the_formats_the_vendor_sends() {
    let json = frozen_json();
    let first_line = |args: &[&str]| {
        let out = explain(&json, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout).lines().take(2).collect::<Vec<_>>().join("\n")
    };
    // The API's StopReason: the text, then the errcode in parentheses.
    let zh = first_line(&["--text", "客户端主动断流(3)"]);
    assert!(zh.starts_with("\"客户端主动断流(3)\": code 3 given; the text beside it is close to 1, 2, 3, 4, 35\n  code "), "{zh}");
    let en = first_line(&["--text", "Client actively interrupts the push (3)"]);
    assert!(en.contains(": code 3 given;") && en.contains("\n  code          [en] "), "{en}");
    assert!(
        first_line(&["--text", "推流客户端主动断流。（１８／５０３）"]).contains(": code 18/503 given; the text beside it is the text of")
    );
    // The callback's errmsg strings.
    assert!(first_line(&["--text", "recv rtmp deleteStream"]).starts_with("\"recv rtmp deleteStream\": the errmsg of 1\n"));
    assert!(first_line(&["--text", "RECV()  return 0"]).starts_with("\"RECV()  return 0\": the errmsg of 3\n"));
    // A short query lists the texts that contain it, all in Chinese here.
    let out = text(&explain(&json, &["--text", "断流"]).stdout);
    let listed: Vec<&str> = out.lines().skip(1).take_while(|l| l.starts_with("  contains")).collect();
    assert!(listed.len() > 1 && listed.iter().all(|l| l.contains("[zh]") && l.contains("断流")), "{out}");
}

#[test]
fn explain_gives_a_callback_one_best_answer_first() {
    let json = frozen_json();
    let fixture = project_root().join("generated/stream-interruption/rust/tests/fixtures/delete_stream_callback.json");
    let out = explain(&json, &["--callback", fixture.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("pushed for 5.0 s\n\nbest answer: 1, by its errmsg\n1  category: client"), "{stdout}");
}

#[test]
fn explain_checks_a_callbacks_sign_with_the_key() {
    let json = frozen_json();
    // The fixture's sign is MD5("3f6a8c1e9b7d1700000600") (Python's hashlib); its t is long past.
    let fixture = project_root().join("generated/stream-interruption/rust/tests/fixtures/interruption_callback.json");
    let with = |key: &str| text(&explain(&json, &["--callback", fixture.to_str().expect("utf-8"), "--key", key]).stdout);
    assert!(with("3f6a8c1e9b7d").contains("\nsign: valid but expired at 1700000600 (now "), "{}", with("3f6a8c1e9b7d"));
    assert!(with("other-key").contains("\nsign: forged"));
    let bare = project_root().join("generated/stream-interruption/rust/tests/fixtures/delete_stream_callback.json");
    let out = text(&explain(&json, &["--callback", bare.to_str().expect("utf-8"), "--key", "k"]).stdout);
    assert!(out.contains("\nsign: missing"), "{out}");
}

#[test]
fn explain_refuses_a_language_the_table_lacks() {
    let json = frozen_json();
    for tag in ["xx", "jp"] {
        let out = explain(&json, &["1", "--lang", tag]);
        assert_eq!(out.status.code(), Some(2), "{tag}");
        assert!(text(&out.stderr).contains("it has en, ja, zh, ko"), "{}", text(&out.stderr));
    }
    // Without --lang, every section shows all four languages.
    let out = text(&explain(&json, &["18"]).stdout);
    for lang in ["en", "ja", "zh", "ko"] {
        assert!(out.contains(&format!("\n  {lang}  ")), "{lang}: {out}");
    }
}

/// Every file under `dir` (the lock file aside), by relative path.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.file_name().is_some_and(|n| n != ".gen.lock") {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn gen_into(seeds: &Path, out: &Path) -> Output {
    xtask(&["gen", "--seeds", seeds.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")])
}

#[test]
fn a_refused_run_leaves_the_outputs_byte_identical() {
    let seeds = seed_copy();
    let out = tempfile::tempdir().expect("temp dir");
    assert!(gen_into(seeds.path(), out.path()).status.success());
    let before = tree(out.path());
    assert_eq!(before.len(), codegen::emit::emitters().len() + codegen::emit::STARTING_FILES.len());
    // A doc that now contradicts the others: refused.
    let ja = seeds.path().join("stream-interruption.ja.md");
    fs::write(&ja, fs::read_to_string(&ja).expect("ja").replace("第三者認証に失敗しました。", "原因不明。")).expect("write");
    let run = gen_into(seeds.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(tree(out.path()), before);
}

#[test]
fn a_run_that_fails_while_writing_restores_the_outputs() {
    let seeds = seed_copy();
    let out = tempfile::tempdir().expect("temp dir");
    assert!(gen_into(seeds.path(), out.path()).status.success());
    let before = tree(out.path());
    // Change a reason so every file is stale, then make the last target
    // impossible to replace: a non-empty folder where the report goes.
    let zh = seeds.path().join("stream-interruption.zh.md");
    fs::write(&zh, fs::read_to_string(&zh).expect("zh").replace("第三方鉴权失败。", "第三方鉴权未通过。")).expect("write");
    fs::remove_file(out.path().join("RECONCILIATION.md")).expect("remove");
    fs::create_dir_all(out.path().join("RECONCILIATION.md")).expect("mkdir");
    fs::write(out.path().join("RECONCILIATION.md/blocker"), "x").expect("write");
    let run = gen_into(seeds.path(), out.path());
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stdout));
    let mut expected = before;
    expected.remove("RECONCILIATION.md");
    let mut after = tree(out.path());
    assert!(after.remove("RECONCILIATION.md/blocker").is_some());
    assert_eq!(after, expected, "the files written before the failure were not put back");
}

#[test]
fn two_runs_at_the_same_time_never_leave_a_mix() {
    let a = seed_copy();
    let b = seed_copy();
    let ko = b.path().join("stream-interruption.ko.md");
    fs::write(&ko, fs::read_to_string(&ko).expect("ko").replace("3rd party 인증 실패", "제3자 인증 실패")).expect("write");
    let (out_a, out_b) = (tempfile::tempdir().expect("temp"), tempfile::tempdir().expect("temp"));
    assert!(gen_into(a.path(), out_a.path()).status.success());
    assert!(gen_into(b.path(), out_b.path()).status.success());
    let (tree_a, tree_b) = (tree(out_a.path()), tree(out_b.path()));
    assert_ne!(tree_a, tree_b);
    let shared = tempfile::tempdir().expect("temp");
    for round in 0..6 {
        let spawn = |seeds: &Path| {
            Command::new(env!("CARGO_BIN_EXE_xtask"))
                .args(["gen", "--seeds", seeds.to_str().expect("utf-8"), "--out", shared.path().to_str().expect("utf-8")])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        };
        let (mut first, mut second) = if round % 2 == 0 { (spawn(a.path()), spawn(b.path())) } else { (spawn(b.path()), spawn(a.path())) };
        assert!(first.wait().expect("wait").success() && second.wait().expect("wait").success());
        let now = tree(shared.path());
        assert!(now == tree_a || now == tree_b, "round {round}: the output mixes files of both runs");
    }
}

#[test]
fn output_is_the_same_whatever_the_directory_time_zone_locale_or_listing_order() {
    let seeds = project_root().join("seeds/stream-interruption");
    // A copy whose files are created in reverse order.
    let temp = tempfile::tempdir().expect("temp");
    let reversed = temp.path().join("stream-interruption");
    fs::create_dir(&reversed).expect("mkdir");
    let mut names: Vec<_> = fs::read_dir(&seeds).expect("seeds").map(|e| e.expect("entry").file_name()).collect();
    names.sort();
    names.reverse();
    for name in &names {
        fs::copy(seeds.join(name), reversed.join(name)).expect("copy");
    }
    let (one, two) = (tempfile::tempdir().expect("temp"), tempfile::tempdir().expect("temp"));
    let run = |seeds: &Path, out: &Path, cwd: &Path, tz: &str, lang: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["gen", "--seeds", seeds.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")])
            .current_dir(cwd)
            .env("TZ", tz)
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("runs");
        assert!(status.success());
    };
    run(&seeds, one.path(), &project_root(), "UTC", "C");
    run(&reversed, two.path(), &std::env::temp_dir(), "Asia/Tokyo", "ko_KR.UTF-8");
    assert_eq!(tree(one.path()), tree(two.path()));
    // And both equal the committed files (but the starting files, which are the set's own once written).
    let committed = tree(&project_root().join("generated/stream-interruption"));
    for (path, bytes) in tree(one.path()).into_iter().filter(|(p, _)| !codegen::emit::STARTING_FILES.contains(&p.as_str())) {
        assert_eq!(committed.get(&path), Some(&bytes), "{path}");
    }
}

#[test]
fn a_reader_that_stops_early_does_not_make_gen_panic() {
    // `cargo xtask gen | head -1` on a first run, which lists every code as added:
    // the pipe is closed before gen has printed; the files are still written.
    let out_dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--out", out_dir.path().to_str().expect("utf-8 path")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("xtask runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("xtask ends");
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out_dir.path().join("stream-interruption/json/stop_reasons.json").exists());
}

#[test]
fn a_held_lock_is_waited_for_once_then_given_up_on_naming_the_lock() {
    let seeds = seed_copy();
    let out = tempfile::tempdir().expect("temp dir");
    let lock = fs::OpenOptions::new().create(true).truncate(false).write(true).open(out.path().join(".gen.lock")).expect("lock file");
    lock.lock().expect("held by this test, as by another run");
    let run =
        xtask(&["gen", "--seeds", seeds.path().to_str().expect("utf-8"), "--out", out.path().to_str().expect("utf-8"), "--wait", "1"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert_eq!(stderr.matches("waiting for").count(), 1, "{stderr}");
    assert!(stderr.contains(".gen.lock") && stderr.contains("--wait"), "{stderr}");
    assert_eq!(tree(out.path()).len(), 0, "nothing was written");
    drop(lock);
    assert!(gen_into(seeds.path(), out.path()).status.success(), "the lock once free is taken");
}

#[test]
fn an_output_folder_inside_the_seed_folder_is_refused_up_front() {
    let seeds = seed_copy();
    let before = tree(seeds.path());
    for out in [seeds.path().to_path_buf(), seeds.path().join("generated")] {
        let run = gen_into(seeds.path(), &out);
        assert_eq!(run.status.code(), Some(1));
        assert!(text(&run.stderr).contains("inside the seed folder"), "{}", text(&run.stderr));
        assert_eq!(tree(seeds.path()), before, "nothing was written");
    }
}

/// The temporary files of `gen` under `dir`.
fn temporary_files(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().filter(|p| p.rsplit('/').next().is_some_and(|n| n.starts_with(".gen-"))).collect()
}

#[test]
fn a_run_killed_while_staging_leaves_whole_files_and_the_next_run_removes_its_leftovers() {
    let seeds = tempfile::tempdir().expect("temp dir");
    let set = seeds.path().join("synthetic");
    assert!(xtask(&["synth", "3000", set.to_str().expect("utf-8")]).status.success());
    let out = tempfile::tempdir().expect("temp dir");
    let args = ["gen", "--seeds", set.to_str().expect("utf-8"), "--out", out.path().to_str().expect("utf-8")];
    // Killed (SIGKILL) as soon as it has staged a file, before its renames.
    let mut killed_while_staging = false;
    for _ in 0..5 {
        let mut run = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).stdout(std::process::Stdio::null()).spawn().expect("spawn");
        while run.try_wait().expect("wait").is_none() {
            if !temporary_files(out.path()).is_empty() {
                let _ = run.kill();
                killed_while_staging = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = run.wait();
        if killed_while_staging && !temporary_files(out.path()).is_empty() {
            break;
        }
    }
    assert!(killed_while_staging && !temporary_files(out.path()).is_empty(), "no run was caught staging");
    assert!(xtask(&args).status.success());
    assert_eq!(temporary_files(out.path()), Vec::<String>::new(), "the next run removes what the killed one left");
    let check = xtask(&[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn decisions_does_the_bookkeeping_once_and_check_writes_nothing() {
    let seeds = seed_copy();
    // The Korean doc replaced by its 2021 revision, which lacks codes the newest one added.
    fs::copy(project_root().join("tests/fixtures/revisions/ko__2021-03-08.md"), seeds.path().join("stream-interruption.ko.md"))
        .expect("copy");
    let decisions = seeds.path().join("decisions.toml");
    let before = fs::read_to_string(&decisions).expect("decisions");
    let seeds_arg = seeds.path().to_str().expect("utf-8");

    let check = xtask(&["decisions", "--seeds", seeds_arg, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stderr).contains("needs the edits above"), "{}", text(&check.stderr));
    assert_eq!(fs::read_to_string(&decisions).expect("decisions"), before, "--check wrote");

    let run = xtask(&["decisions", "--seeds", seeds_arg]);
    let stdout = text(&run.stdout);
    assert!(stdout.contains("- [codes] \"36\": ") && stdout.contains("+ [[align]] (review = true): "), "{stdout}");
    assert!(stdout.contains("updated ") && stdout.contains("decisions.toml: "), "{stdout}");
    // One skeleton is left to review: gen refuses it, naming its line.
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("the entry is marked for review"), "{}", text(&run.stderr));
    let after = fs::read_to_string(&decisions).expect("decisions");
    assert!(after.contains("# Conflicts: codes the languages group differently."), "the comments stay");

    let again = xtask(&["decisions", "--seeds", seeds_arg]);
    assert!(text(&again.stdout).contains("nothing to do"), "{}", text(&again.stdout));
    assert_eq!(fs::read_to_string(&decisions).expect("decisions"), after);
}

#[test]
fn the_version_is_written_once_and_a_package_that_says_otherwise_is_refused() {
    let seeds = seed_copy();
    let manifest = seeds.path().join("manifest.toml");
    let original = fs::read_to_string(&manifest).expect("manifest");
    fs::write(&manifest, original.replacen("entry = \"StopReason\"\n", "entry = \"StopReason\"\nversion = \"3.1.4\"\n", 1)).expect("write");
    let out = tempfile::tempdir().expect("temp dir");
    assert!(gen_into(seeds.path(), out.path()).status.success());
    // The starting packages and the JSON carry the manifest's version.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("json/stop_reasons.json")).expect("JSON")).expect("JSON");
    assert_eq!(json["version"], "3.1.4");
    assert!(fs::read_to_string(out.path().join("rust/Cargo.toml")).expect("Cargo.toml").contains("\nversion = \"3.1.4\"\n"));
    assert!(fs::read_to_string(out.path().join("ts/package.json")).expect("package.json").contains("\"version\": \"3.1.4\""));
    // A package edited to another version is refused, naming its line; nothing is written.
    let cargo_toml = out.path().join("rust/Cargo.toml");
    let edited = fs::read_to_string(&cargo_toml).expect("read").replace("version = \"3.1.4\"", "version = \"3.2.0\"");
    fs::write(&cargo_toml, &edited).expect("write");
    let before = tree(out.path());
    fs::write(&manifest, fs::read_to_string(&manifest).expect("read").replace("version = \"3.1.4\"", "version = \"3.1.5\""))
        .expect("write");
    let run = gen_into(seeds.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(stderr.contains("rust/Cargo.toml:3: version \"3.2.0\" is not the set's version \"3.1.5\""), "{stderr}");
    assert!(stderr.contains("ts/package.json:") && stderr.contains("Nothing was written"), "{stderr}");
    assert_eq!(tree(out.path()), before);
}
