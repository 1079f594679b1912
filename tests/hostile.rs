//! End to end with a hostile reason text: a doc whose English reason holds
//! quotes, backslashes, `*/`, `</script>`, `${`, U+2028, bidi controls and a
//! combining mark goes through `gen`; the Rust crate made from it compiles and
//! its `lookup` returns the text exactly, and the TypeScript package
//! type-checks and its `lookup` returns the text exactly.
//!
//! The expected text is written to a file as raw bytes and read back by each
//! consumer, never passed through an emitter.

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::generate;
use codegen::input::Input;
use stop_reasons_tests::{literal_input, project_root};

const HEAD: &str = "| errcode | sub_errcode | errmsg |\n|---|---|---|\n";

/// The hostile cell as HTML (entities for what HTML would read as markup).
const HOSTILE_HTML: &str = "Quote \" apostrophe ' backslash \\ comment */ /* &lt;/script&gt; ${injected} `tick` \u{2028}line \u{202e}rtl\u{202c} e\u{301} \\u{0} #[cfg] r#\"raw\"#";

fn input() -> Input {
    let en = format!(
        "<table>\n<tr><th colspan='2'>Code</th><th>Reason</th></tr>\n<tr><td colspan='2'>1</td><td>{HOSTILE_HTML}</td></tr>\n<tr><td colspan='2'>2</td><td>Plain.</td></tr>\n</table>\n"
    );
    let ja = format!("{HEAD}| 1 | 0 | 危険なテキスト |\n| 2 | 0 | 普通です。 |\n");
    let zh = format!("{HEAD}| 1 | 0 | 危险文本 |\n| 2 | 0 | 普通。 |\n");
    let ko = format!("{HEAD}| 1 | 0 | 위험한 텍스트 |\n| 2 | 0 | 보통 |\n");
    let decisions = "schema_version = 1\n[codes]\n\"1\" = { category = \"unknown\", retryable = true }\n\"2\" = { category = \"unknown\", retryable = true }\n";
    literal_input(
        &[("en.md", "en", "coded", &en), ("ja.md", "ja", "coded", &ja), ("zh.md", "zh", "coded", &zh), ("ko.md", "ko", "coded", &ko)],
        decisions,
    )
}

fn copy(from: &Path, to: &Path, files: &[&str]) {
    for f in files {
        let target = to.join(f);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(from.join(f), target).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

/// Writes the emitted files under `prefix` (`rust/`, `ts/`) into `dir`.
fn write_emitted(files: &[codegen::emit::GeneratedFile], prefix: &str, dir: &Path) {
    for f in files.iter().filter(|f| f.path.starts_with(prefix)) {
        let target = dir.join(&f.path[prefix.len()..]);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::write(target, &f.contents).expect("write emitted file");
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "{cmd:?}:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_hostile_reason_text_compiles_type_checks_and_comes_back_exactly() {
    let generation = generate(&input()).unwrap_or_else(|p| panic!("{}", p.render()));
    let text = generation.table.entries[0].messages.values().next().expect("an en message").text.clone();
    // (U+2028 is whitespace: the parser collapses it like any other; the
    // emitters' handling of it is tested in tests/emitters.rs.)
    for needle in ["\"", "\\", "*/", "</script>", "${", "\u{202e}", "\u{301}"] {
        assert!(text.contains(needle), "the parsed text lost {needle:?}: {text:?}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let expected = dir.path().join("expected.txt");
    fs::write(&expected, &text).expect("write expected");
    let files = codegen::emit::emit_all(&generation.table).expect("emits");

    // The Rust crate, with the generated table, and a test reading the expected bytes.
    let krate = dir.path().join("rust");
    copy(&project_root().join("generated/stream-interruption/rust"), &krate, &["Cargo.toml", "src/lib.rs", "src/callback.rs"]);
    write_emitted(&files, "rust/", &krate);
    let manifest = fs::read_to_string(krate.join("Cargo.toml")).expect("Cargo.toml");
    fs::write(krate.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).expect("standalone");
    fs::create_dir_all(krate.join("tests")).expect("mkdir");
    // The tests the manifest lists: the callback test gets this test's body, the others none.
    fs::write(krate.join("tests/lookup.rs"), "").expect("write test");
    fs::write(
        krate.join("tests/callback.rs"),
        format!(
            "#[test]\nfn text_comes_back() {{\n    let expected = std::fs::read_to_string({:?}).unwrap();\n    let r = css_stop_reasons::lookup(1, 0).unwrap();\n    assert_eq!(r.message(css_stop_reasons::Lang::En), expected);\n    assert_eq!(css_stop_reasons::match_text(&expected, None)[0].reasons()[0].code(), (1, 0));\n}}\n",
            expected.to_str().expect("utf-8")
        ),
    )
    .expect("write test");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(Command::new(&cargo)
        .args(["test", "--quiet", "--all-features", "--test", "callback"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", dir.path().join("target")));

    // The TypeScript package: type-check, build, and read the text back.
    let ts = dir.path().join("ts");
    let ts_src = project_root().join("generated/stream-interruption/ts");
    copy(&ts_src, &ts, &["package.json", "tsconfig.json", "src/index.ts"]);
    write_emitted(&files, "ts/", &ts);
    assert!(
        ts_src.join("node_modules/typescript").exists(),
        "run npm ci in generated/stream-interruption/ts first (cargo xtask test does)"
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(ts_src.join("node_modules"), ts.join("node_modules")).expect("link node_modules");
    let tsc = ts_src.join("node_modules/typescript/bin/tsc");
    run(Command::new("node").arg(&tsc).args(["-p", "tsconfig.json", "--noEmit"]).current_dir(&ts));
    run(Command::new("node").arg(&tsc).args(["-p", "tsconfig.json"]).current_dir(&ts));
    fs::write(
        ts.join("check.mjs"),
        format!(
            "import {{ readFileSync }} from 'node:fs';\nimport {{ lookup, matchText }} from './dist/index.js';\nconst expected = readFileSync({:?}, 'utf8');\nif (lookup(1).messages.en.text !== expected) {{ console.error(JSON.stringify(lookup(1).messages.en.text)); process.exit(1); }}\nif (matchText(expected)[0].reasons[0].errcode !== 1) process.exit(2);\n",
            expected.to_str().expect("utf-8")
        ),
    )
    .expect("write check");
    run(Command::new("node").arg("check.mjs").current_dir(&ts));
}
