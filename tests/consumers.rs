//! The packages as users get them: a Rust binary crate outside the workspace
//! that depends on `generated/stream-interruption/rust` by path, and a Node project that installs
//! `generated/stream-interruption/ts` from its folder, each decode a callback body and print the
//! Japanese reasons in a few lines, the code their READMEs show.
//!
//! Needs network access to crates.io and the npm registry (as the test command
//! has) and the TypeScript package built (`cargo xtask test` builds it first).

use std::path::Path;
use std::process::Command;

use stop_reasons_tests::project_root;

const FIXTURE: &str = "generated/stream-interruption/rust/tests/fixtures/interruption_callback.json";

/// Copies a consumer project into a temporary folder, pointing its dependency
/// on the package at the package's absolute path.
fn consumer(name: &str, manifest: &str, relative: &str, package: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = project_root().join("tests/consumers").join(name);
    for entry in walk(&from) {
        let to = dir.path().join(entry.strip_prefix(&from).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        let mut text = std::fs::read_to_string(&entry).expect("read");
        if entry.file_name().and_then(|n| n.to_str()) == Some(manifest) {
            let absolute = project_root().join(package);
            text = text.replace(relative, absolute.to_str().expect("utf-8 path"));
        }
        std::fs::write(to, text).expect("write");
    }
    dir
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "{cmd:?} failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// What the consumers print for the fixture's callback: each candidate of its
/// errcode, `sub_errcode: Japanese reason`, as the crate in the workspace gives them.
fn expected() -> Vec<String> {
    let callback: css_stop_reasons::Callback =
        serde_json::from_str(&std::fs::read_to_string(project_root().join(FIXTURE)).expect("fixture")).expect("a callback");
    let candidates = callback.reason().candidates();
    assert!(!candidates.is_empty(), "the fixture's errcode is in the table");
    candidates.iter().map(|r| format!("{}: {}", r.sub_errcode(), r.message(css_stop_reasons::Lang::Ja))).collect()
}

#[test]
fn a_rust_crate_outside_the_workspace_prints_the_japanese_reasons() {
    let dir = consumer("rust", "Cargo.toml", "../../../generated/stream-interruption/rust", "generated/stream-interruption/rust");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let stdout = run(Command::new(cargo)
        .args(["run", "--quiet", "--"])
        .arg(project_root().join(FIXTURE))
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target")));
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected());
}

#[test]
fn a_node_project_installing_the_package_folder_prints_the_japanese_reasons() {
    stop_reasons_tests::assert_built(&project_root().join("generated/stream-interruption/ts"));
    let dir = consumer("node", "package.json", "../../../generated/stream-interruption/ts", "generated/stream-interruption/ts");
    run(Command::new("npm").args(["install", "--no-audit", "--no-fund", "--no-package-lock"]).current_dir(dir.path()));
    let stdout = run(Command::new("node").arg("main.mjs").arg(project_root().join(FIXTURE)).current_dir(dir.path()));
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected());
}

#[test]
fn the_readmes_show_the_consumers_code() {
    let read = |p: &str| std::fs::read_to_string(project_root().join(p)).expect(p);
    assert!(read("generated/stream-interruption/rust/README.md").contains(&read("tests/consumers/rust/src/main.rs")));
    assert!(read("generated/stream-interruption/ts/README.md").contains(&read("tests/consumers/node/main.mjs")));
}
