//! A new doc set needs only a folder of docs, a manifest and a decisions
//! file: one made here from small literal docs (string keys, a pipe table in
//! a block quote, three languages) in a temporary folder, with no Rust or
//! TypeScript written for it, gives a crate that builds and passes its tests
//! and an npm package that type-checks, builds and passes its tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("project root").to_path_buf()
}

const MANIFEST: &str = r#"schema_version = 2

[set]
title = "Example API error codes"
json = "api_errors"
crate = "example-api-errors"
npm = "example-api-errors"
entry = "ApiError"

[[key]]
name = "code"
type = "string"
description = "The error code the API returns, e.g. `InvalidInput.InvalidTimeOffset`."

[table]
columns = ["code", "message"]
text = "message"

[[doc]]
id = "en"
file = "errors.en.md"
lang = "en"
role = "coded"
origin = "test"

[[doc]]
id = "ja"
file = "errors.ja.md"
lang = "ja-JP"
role = "coded"
origin = "test"

[[doc]]
id = "ko"
file = "errors.ko.md"
lang = "ko"
role = "coded"
origin = "test"
"#;

/// A doc: a heading, a note, and the codes in a pipe table in a block quote.
fn doc(heading: &str, texts: [&str; 3]) -> String {
    format!(
        "# {heading}\n\n> Note\n>\n> | Code | Message |\n> |---|---|\n> | InvalidInput.InvalidTimeOffset | {} |\n> | LimitExceeded | {} |\n> | ResourceNotFound.Stream | {} |\n",
        texts[0], texts[1], texts[2]
    )
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "{cmd:?}:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_set_of_literal_docs_gives_a_crate_and_a_package_that_build_and_pass_their_tests() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = dir.path().join("api-errors");
    fs::create_dir(&seeds).expect("mkdir");
    fs::write(seeds.join("manifest.toml"), MANIFEST).expect("write");
    fs::write(seeds.join("decisions.toml"), "schema_version = 1\n").expect("write");
    fs::write(
        seeds.join("errors.en.md"),
        doc("Errors", ["The time offset is invalid.", "Too many requests.", "The stream does not exist."]),
    )
    .expect("write");
    fs::write(
        seeds.join("errors.ja.md"),
        doc("エラー", ["時間オフセットが無効です。", "リクエストが多すぎます。", "ストリームが存在しません。"]),
    )
    .expect("write");
    fs::write(seeds.join("errors.ko.md"), doc("오류", ["시간 오프셋이 잘못되었습니다.", "요청이 너무 많습니다.", "스트림이 없습니다."]))
        .expect("write");
    let out = dir.path().join("out");
    run(Command::new(env!("CARGO_BIN_EXE_xtask")).args([
        "gen",
        "--seeds",
        seeds.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]));
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("json/api_errors.json")).expect("json")).expect("JSON");
    let codes: Vec<&str> = json["entries"].as_array().expect("entries").iter().map(|e| e["code"].as_str().expect("code")).collect();
    assert_eq!(codes, ["InvalidInput.InvalidTimeOffset", "LimitExceeded", "ResourceNotFound.Stream"]);
    assert_eq!(json["entries"][0]["messages"]["ja-JP"]["text"], "時間オフセットが無効です。");

    // The crate: its own tests (every code found by its key and by its texts).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let krate = out.join("rust");
    fs::write(krate.join("Cargo.toml"), fs::read_to_string(krate.join("Cargo.toml")).expect("Cargo.toml") + "\n[workspace]\n")
        .expect("standalone");
    run(Command::new(&cargo).args(["test", "--quiet"]).current_dir(&krate).env("CARGO_TARGET_DIR", dir.path().join("target")));

    // The package: type-check, build, its own tests, with the TypeScript the project pins.
    let ts = out.join("ts");
    let modules = project_root().join("generated/stream-interruption/ts/node_modules");
    assert!(modules.join("typescript").exists(), "run npm ci in generated/stream-interruption/ts first (cargo xtask test does)");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&modules, ts.join("node_modules")).expect("link node_modules");
    let tsc = modules.join("typescript/bin/tsc");
    run(Command::new("node").arg(&tsc).args(["-p", "tsconfig.json", "--noEmit"]).current_dir(&ts));
    run(Command::new("node").arg(&tsc).args(["-p", "tsconfig.json"]).current_dir(&ts));
    run(Command::new("node").args(["--test", "test/"]).current_dir(&ts));
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

/// `init` on copies of the vendor's pages in `seeds/SET/`, into a temporary folder.
fn init(set: &str, dir: &Path) -> (String, String) {
    let seeds = project_root().join("seeds").join(set);
    let mut docs: Vec<String> = fs::read_dir(&seeds)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    docs.sort();
    let into = dir.join(set);
    let mut args = vec!["init", set, "--into", into.to_str().expect("utf-8")];
    args.extend(docs.iter().map(String::as_str));
    let out = xtask(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), fs::read_to_string(into.join("manifest.toml")).expect("manifest written"))
}

#[test]
fn init_lists_every_table_and_writes_a_manifest_gen_can_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A page of several tables: every one listed, the table of codes chosen by its header row.
    let (report, manifest) = init("push-exception-events", dir.path());
    for heading in ["\"Event type\"", "\"Common callback parameters\"", "\"abnormal_event parameters\""] {
        assert!(report.contains(&format!("under {heading}")), "{report}");
    }
    assert!(manifest.contains("columns = [\"Type\", \"Description\"] # REVIEW"), "{manifest}");
    assert!(manifest.contains("lang = \"ko\" # REVIEW"), "{manifest}");
    let seeds = dir.path().join("push-exception-events");
    let out = dir.path().join("out");
    let run = xtask(&["gen", "--seeds", seeds.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.join("json/push_exception_events.json").exists());

    // A table per section, with symbolic names: categories from the sections, and gen says what to decide.
    let (_, manifest) = init("trtc-android-error-codes", dir.path());
    for line in ["tables = \"all\"", "symbol = \"symbol\"", "type = \"i32\"", "[[category]]"] {
        assert!(manifest.contains(line), "{line}: {manifest}");
    }
    let seeds = dir.path().join("trtc-android-error-codes");
    let run = xtask(&["gen", "--seeds", seeds.to_str().expect("utf-8"), "--out", dir.path().join("out2").to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("[[conflict]]") && stderr.contains("[[symbol]]"), "{stderr}");
    // A second init would overwrite the manifest: refused.
    let again = xtask(&["init", "trtc-android-error-codes", "--into", seeds.to_str().expect("utf-8"), "x.md"]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn init_refuses_a_doc_over_the_size_limit_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = dir.path().join("huge.en.md");
    std::fs::write(&doc, "a".repeat(usize::try_from(codegen::input::MAX_FILE_BYTES).expect("fits") + 1)).expect("write");
    let into = dir.path().join("set");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["init", "huge", doc.to_str().expect("utf-8"), "--into", into.to_str().expect("utf-8")])
        .output()
        .expect("xtask runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than the limit of"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!into.exists(), "nothing is written");
}
