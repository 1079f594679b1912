//! The maintainers' loop after a doc update, on a copy of the whole project:
//! the docs edited as the vendor would, `cargo xtask decisions`, the review,
//! `cargo xtask gen`, then `cargo xtask test --accept` (every Rust and
//! TypeScript test, the snapshots accepted). It passes with no test edited,
//! and the only snapshots that change are those of the edited docs' parse.
//!
//! Each drill builds and tests the project anew (minutes), so the tests are
//! `#[ignore]`d: `cargo xtask test` runs them as a step of their own. Inside
//! the copy, that step is skipped (`STOP_REASONS_DRILL`), so a drill does
//! not start another.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::input::Input;
use stop_reasons_tests::{add_row, free_errcode, project_root, reword, write_back};

/// The environment variable set inside a drill's copy: `cargo xtask test` then skips the drills.
const INSIDE: &str = "STOP_REASONS_DRILL";

/// One drill at a time: they share a build folder.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The project's files as git lists them (tracked, and new files not
/// ignored), so that the copy is the working tree without its build output.
fn project_files(root: &Path) -> Vec<PathBuf> {
    let out = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()).map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned())).collect()
}

/// A copy of the project in a temporary folder.
fn copy_project() -> tempfile::TempDir {
    let root = project_root();
    let copy = tempfile::tempdir().expect("temp dir");
    for file in project_files(&root).into_iter().filter(|f| root.join(f).is_file()) {
        let target = copy.path().join(&file);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        std::fs::copy(root.join(&file), &target).expect("copy");
    }
    copy
}

/// The bytes of every test and snapshot file of the project copy at `root`
/// (`tests/`, `xtask/tests/`, each package's `rust/tests/` and `ts/test/`),
/// by path relative to it.
fn test_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() && entry.file_name() != "node_modules" && entry.file_name() != "target" {
                walk(root, &path, out);
            } else if path.is_file() {
                out.insert(path.strip_prefix(root).expect("inside").to_path_buf(), std::fs::read(&path).expect("readable"));
            }
        }
    }
    let mut folders = vec![root.join("tests"), root.join("xtask/tests")];
    for package in std::fs::read_dir(root.join("generated")).expect("generated/").filter_map(Result::ok) {
        folders.extend([package.path().join("rust/tests"), package.path().join("ts/test")]);
    }
    let mut out = BTreeMap::new();
    for folder in folders {
        walk(root, &folder, &mut out);
    }
    out
}

/// Runs `cargo xtask ARGS` in the copy; its exit code and output.
fn xtask(copy: &Path, args: &[&str]) -> (Option<i32>, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["xtask"])
        .args(args)
        .current_dir(copy)
        .env(INSIDE, "1")
        // Shared by the drills, apart from the project's own build (which may be in use).
        .env("CARGO_TARGET_DIR", project_root().join("target/drill"))
        .output()
        .expect("cargo runs");
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// The stream-interruption set of the copy, read.
fn seed_folder(copy: &Path) -> (PathBuf, Input) {
    let dir = copy.join("seeds/stream-interruption");
    let input = Input::read(&dir, "seeds/stream-interruption").expect("readable");
    (dir, input)
}

/// Generates and tests the copy after its docs were edited: every test
/// passes, and the tests that changed are the parse snapshots of `edited` docs.
fn gen_and_test_pass(copy: &Path, edited: &[&str]) {
    let before = test_files(copy);
    let (code, out) = xtask(copy, &["gen"]);
    assert_eq!(code, Some(0), "gen: {out}");
    let (code, out) = xtask(copy, &["test", "--accept"]);
    assert_eq!(code, Some(0), "test: {out}");
    let after = test_files(copy);
    let mut changed: Vec<&PathBuf> = after.iter().filter(|(f, bytes)| before.get(*f) != Some(bytes)).map(|(f, _)| f).collect();
    changed.extend(before.keys().filter(|f| !after.contains_key(*f)));
    for file in &changed {
        let parse_snapshot =
            file.to_string_lossy().starts_with("tests/snapshots/seeds__parsed_table_of_each_seed_doc@stream-interruption__");
        assert!(parse_snapshot && edited.iter().any(|d| file.to_string_lossy().contains(d)), "a test changed: {}", file.display());
    }
    assert_eq!(changed.len(), edited.len(), "each edited doc's parse snapshot changes: {changed:?}");
}

#[test]
#[ignore = "builds and tests a copy of the project (minutes): run by `cargo xtask test`"]
fn a_new_code_in_every_language_passes_every_test_once_its_category_is_decided() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let copy = copy_project();
    let (dir, mut input) = seed_folder(copy.path());
    let new = free_errcode(&input).to_string();
    let texts = [
        ("stream-interruption.en.md", "The push was stopped for a drill of the maintainers."),
        ("stream-interruption.ja.md", "保守担当者の訓練のためにプッシュが停止されました。"),
        ("stream-interruption.zh.md", "因维护人员演练而停止推流。"),
        ("stream-interruption.ko.md", "유지 관리자 훈련으로 푸시가 중단됨"),
    ];
    for (doc, text) in texts {
        add_row(&mut input, doc, &[&new, "0", text]);
    }
    write_back(&input, &dir);

    // The decisions command adds the code's [codes] entry, marked for review.
    let (code, out) = xtask(copy.path(), &["decisions", "--set", "stream-interruption"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&format!("+ [codes] \"{new}\" (review = true)")) && out.contains("marked for review"), "{out}");
    // The maintainer accepts the proposed category and retry hint.
    let decisions = dir.join("decisions.toml");
    let text = std::fs::read_to_string(&decisions).expect("decisions");
    let skeleton = text.lines().find(|l| l.starts_with(&format!("\"{new}\" = {{"))).expect("the skeleton").to_owned();
    std::fs::write(&decisions, text.replace(&skeleton, &skeleton.replace(", review = true", ""))).expect("write");
    let (code, out) = xtask(copy.path(), &["decisions", "--set", "stream-interruption"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("nothing to do"), "{out}");

    gen_and_test_pass(copy.path(), &texts.map(|(doc, _)| doc));
}

#[test]
#[ignore = "builds and tests a copy of the project (minutes): run by `cargo xtask test`"]
fn a_reworded_reason_passes_every_test() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let copy = copy_project();
    let (dir, mut input) = seed_folder(copy.path());
    reword(&mut input, "stream-interruption.ja.md", "（改訂）");
    write_back(&input, &dir);
    let (code, out) = xtask(copy.path(), &["decisions", "--set", "stream-interruption"]);
    assert_eq!(code, Some(0), "a rewording needs no decision: {out}");
    gen_and_test_pass(copy.path(), &["stream-interruption.ja.md"]);
}
