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

/// A copy of `seeds/` in a temporary folder.
fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(project_root().join("seeds")).expect("seeds/") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
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
    let zh = seeds.path().join("stream-interruption.zh.md");
    let edited = fs::read_to_string(&zh).expect("zh").replacen("第三方鉴权失败。", "第三方鉴权未通过。", 1);
    fs::write(&zh, edited).expect("write");
    let seeds_arg = seeds.path().to_str().expect("utf-8 path");
    let out = xtask(&["gen", "--seeds", seeds_arg, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for file in ["stop_reasons.json", "table.rs", "table.ts"] {
        assert!(
            stderr.contains(&format!(
                "stale: {}",
                project_root()
                    .join("generated")
                    .join(match file {
                        "stop_reasons.json" => "json/stop_reasons.json",
                        "table.rs" => "rust/src/table.rs",
                        _ => "ts/src/table.ts",
                    })
                    .display()
            )),
            "{stderr}"
        );
    }
    assert!(stderr.contains("run `cargo xtask gen`"), "{stderr}");

    // Generating into another folder, then checking against it, passes.
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out_arg = out_dir.path().to_str().expect("utf-8 path");
    let out = xtask(&["gen", "--seeds", seeds_arg, "--out", out_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read_to_string(out_dir.path().join("json/stop_reasons.json")).expect("json").contains("第三方鉴权未通过。"));
    let out = xtask(&["gen", "--seeds", seeds_arg, "--out", out_arg, "--check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn check_names_missing_files() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = xtask(&["gen", "--out", out_dir.path().to_str().expect("utf-8"), "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing: "), "{}", text(&out.stderr));
    assert_eq!(fs::read_dir(out_dir.path()).expect("dir").count(), 0, "check mode wrote files");
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
    let lang_line = edited.lines().enumerate().filter(|(_, l)| *l == "lang = \"ja\"").map(|(i, _)| i + 1).last();
    assert!(
        stderr.contains(&format!("manifest.toml:{}: ", lang_line.expect("line"))) && stderr.contains("written in Korean (ko)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(fs::read_dir(out_dir.path()).expect("dir").count(), 0);
}

#[test]
fn explain_prints_a_code_in_one_or_all_languages() {
    let out = xtask(&["explain", "18", "503", "--lang", "ja-JP"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("18/503  category: auth  retryable: no\n  ja  認証パラメータの検証に失敗しました。\n"), "{stdout}");
    assert!(stdout.contains("doc (seeds/stream-interruption.ja.md:200)"), "{stdout}");
    let all = text(&xtask(&["explain", "16"]).stdout);
    for needle in
        ["  en  Internal error in the CSS system.", "  ko  라이브 방송 시스템 내부 오류", "inferred from 5", "set aside by a decision"]
    {
        assert!(all.contains(needle), "{needle:?} not in {all}");
    }
}

#[test]
fn explain_answers_unknown_codes_clearly() {
    let out = xtask(&["explain", "18", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("18/999: no doc lists this code.\nerrcode 18 is documented with: 18/100,"));
    let out = xtask(&["explain", "40"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "40: no doc lists this errcode.\n");
    // Out of range is a usage error, not a panic.
    assert_eq!(xtask(&["explain", "99999"]).status.code(), Some(2));
}

#[test]
fn explain_looks_up_texts_and_callbacks() {
    let out = xtask(&["explain", "--text", "客户端主动断流"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("no exact match; closest texts, best first\n  [zh] 0.86  推流客户端主动断流。  → 1, 2, 3, 4, 35"), "{stdout}");
    let out = xtask(&["explain", "--text", "The weather is nice"]);
    assert_eq!(out.status.code(), Some(1));

    let fixture = project_root().join("generated/rust/tests/fixtures/interruption_callback.json");
    let out = xtask(&["explain", "--callback", fixture.to_str().expect("utf-8"), "--lang", "ja"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("stream stream-42 on push.example.com/live (event_type 0), pushed for 61.2 s\n"), "{stdout}");
    assert!(stdout.contains("errcode 18 has 28 sub codes"), "{stdout}");
    assert!(stdout.contains("[en] 0.57  Authentication failed.  → 18/503"), "{stdout}");

    let bad = tempfile::NamedTempFile::new().expect("temp file");
    fs::write(bad.path(), "{not json").expect("write");
    let out = xtask(&["explain", "--callback", bad.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not JSON"), "{}", text(&out.stderr));
}
