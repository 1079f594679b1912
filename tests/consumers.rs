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
        .args(["run", "--quiet", "--bin", "css-callback-consumer", "--"])
        .arg(project_root().join(FIXTURE))
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target")));
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected());
}

#[test]
fn a_rust_crate_outside_the_workspace_uses_the_types_as_the_ecosystem_does() {
    use css_stop_reasons::{Category, Lang, lookup};
    let dir = consumer("rust", "Cargo.toml", "../../../generated/stream-interruption/rust", "generated/stream-interruption/rust");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let stdout = run(Command::new(cargo)
        .args(["run", "--quiet", "--bin", "types"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target")));
    let reason = lookup(18, 503).expect("18/503, the README's example");
    let expected = [
        reason.category().as_str().to_owned(),
        Category::Auth.as_str().to_owned(),
        Category::ALL.len().to_string(),
        format!("\"{}\"", Category::Auth.as_str()),
        "true".to_owned(),
        format!("\"{}\"", Lang::Ja.tag()),
        reason.message(Lang::Ja).to_owned(),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
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
fn a_node_project_requires_and_imports_the_package_and_reads_an_entry_as_text() {
    stop_reasons_tests::assert_built(&project_root().join("generated/stream-interruption/ts"));
    let dir = consumer("node", "package.json", "../../../generated/stream-interruption/ts", "generated/stream-interruption/ts");
    run(Command::new("npm").args(["install", "--no-audit", "--no-fund", "--no-package-lock"]).current_dir(dir.path()));
    // As the Rust crate's `Display` writes the entry.
    let text = css_stop_reasons::lookup(18, 503).expect("18/503, the README's example").to_string();
    let required = run(Command::new("node").arg("require.cjs").current_dir(dir.path()));
    assert_eq!(required.lines().collect::<Vec<_>>(), [text.as_str(), "CallbackError true"]);
    let imported = run(Command::new("node").arg("import.mjs").current_dir(dir.path()));
    assert_eq!(imported.lines().collect::<Vec<_>>(), [text.as_str()]);
}

#[test]
fn the_readmes_show_the_consumers_code() {
    let read = |p: &str| std::fs::read_to_string(project_root().join(p)).expect(p);
    assert!(read("generated/stream-interruption/rust/README.md").contains(&read("tests/consumers/rust/src/main.rs")));
    assert!(read("generated/stream-interruption/ts/README.md").contains(&read("tests/consumers/node/main.mjs")));
}

#[test]
fn both_packages_carry_the_licences_and_the_notice() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let listed =
        run(Command::new(cargo).args(["package", "--list", "--allow-dirty", "-p", "css-stop-reasons"]).current_dir(project_root()));
    let npm = run(Command::new("npm")
        .args(["pack", "--dry-run", "--json", "--ignore-scripts"])
        .current_dir(project_root().join("generated/stream-interruption/ts")));
    let packed: serde_json::Value = serde_json::from_str(&npm).expect("npm pack --json");
    let npm_files: Vec<&str> = packed[0]["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    for file in ["LICENSE-MIT", "LICENSE-APACHE", "NOTICE", "README.md"] {
        assert!(listed.lines().any(|l| l == file), "the crate lacks {file}:\n{listed}");
        assert!(npm_files.contains(&file), "the npm package lacks {file}: {npm_files:?}");
    }
    assert!(listed.lines().any(|l| l == "CODES.md"), "the crate's docs include CODES.md");
    assert!(npm_files.iter().any(|f| f.starts_with("dist/cjs/")), "the npm package lacks its CommonJS build");
}
