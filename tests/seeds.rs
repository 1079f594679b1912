//! The pipeline on the real seed docs of every doc set: each doc's parsed
//! tables, the emitted artifacts, and the drift check against `generated/`.

use codegen::changes::{self, Change};
use codegen::emit::{self, Emitter};
use codegen::input::{self, Input};
use codegen::model::{Code, DocContent};
use codegen::output::{self, FileState};
use codegen::{generate, manifest, parse};
use stop_reasons_tests::{code, frozen, project_root, reword, seed_set, seeds, set_names};

#[test]
fn parsed_table_of_each_seed_doc() {
    insta::glob!("../seeds", "*/*.md", |path| {
        let name = path.file_name().and_then(|n| n.to_str()).expect("file name");
        let set = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).expect("set folder");
        let input = seed_set(set);
        let manifest_file =
            input::decode(&format!("seeds/{set}/manifest.toml"), input.manifest.as_deref().expect("manifest")).expect("utf-8");
        let manifest = manifest::parse(&manifest_file, set).expect("valid manifest");
        let spec = manifest.docs.iter().find(|d| d.file == name).expect("every seed doc is in the manifest");
        let bytes = std::fs::read(path).expect("readable");
        let file = input::decode(&format!("seeds/{set}/{name}"), &bytes).expect("utf-8");
        let (doc, warnings) = parse::parse_doc(spec, &manifest.set, &file, input::sha256_hex(&bytes), &mut parse::Budget::default())
            .unwrap_or_else(|p| panic!("{}", p[0].render()));
        assert!(warnings.is_empty(), "{name}: unexpected warnings");
        let tables: Vec<String> = doc.tables.iter().map(codegen::model::Table::to_text).collect();
        insta::assert_snapshot!(format!("{}\n{}", tables.join("\n"), doc.content));
    });
}

#[test]
fn the_table_holds_every_code_any_coded_doc_lists_once_in_order() {
    let input = seeds();
    let generation = generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    let parsed = codegen::parse_input(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    let codes: Vec<Code> = generation.table.entries.iter().map(|e| e.code.clone()).collect();
    let mut expected: Vec<Code> = parsed
        .docs
        .iter()
        .flat_map(|d| match &d.content {
            DocContent::Coded(rows) => rows.iter().map(|r| r.code.clone()).collect(),
            DocContent::Causes(_) | DocContent::Errmsgs(..) => Vec::new(),
        })
        .collect();
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(codes, expected);
}

/// The emitters' output on each frozen set (`tests/fixtures/SET/`): a
/// change of an emitter shows here as a snapshot diff; an update of the
/// docs does not (the drift check below compares `generated/` with them).
#[test]
fn emitted_artifacts() {
    for set in ["push-exception-events", "stream-interruption", "trtc-android-error-codes"] {
        let generation = generate(&frozen(set)).unwrap_or_else(|p| panic!("{}", p.render()));
        // The licence files are the project's own, copied as they are.
        for file in emit::emit_all(&generation.table).expect("emits").iter().filter(|f| !f.path.contains("/LICENSE-")) {
            insta::assert_snapshot!(format!("{set}__{}", file.path.replace(['/', '.'], "_")), file.contents);
        }
    }
}

/// `cargo test` alone catches generated files that no longer match the seeds,
/// and packages that lack their starting files.
#[test]
fn generated_files_are_up_to_date() {
    for set in set_names() {
        let generation = generate(&seed_set(&set)).unwrap_or_else(|p| panic!("{}", p.render()));
        let out = project_root().join("generated").join(&set);
        let mut files = emit::emit_all(&generation.table).expect("emits");
        files.extend(emit::starting_files(&generation.table, |path| output::target(&out, path).exists()));
        let statuses =
            output::compare(&out, &files, output::LockWait::quiet(std::time::Duration::from_secs(30))).expect("generated/ readable");
        let stale: Vec<_> = statuses.iter().filter(|s| s.state != FileState::Fresh).map(|s| s.path.as_str()).collect();
        assert!(stale.is_empty(), "{set}: stale generated files {stale:?}: run `cargo xtask gen` and commit the result");
    }
}

#[test]
fn generation_is_deterministic() {
    for set in set_names() {
        let a = generate(&seed_set(&set)).unwrap_or_else(|p| panic!("{}", p.render()));
        let b = generate(&seed_set(&set)).unwrap_or_else(|p| panic!("{}", p.render()));
        let (a, b) = (emit::emit_all(&a.table).expect("emits"), emit::emit_all(&b.table).expect("emits"));
        assert_eq!(a, b, "{set}");
        assert_eq!(emit::emitters().len(), a.len());
    }
}

#[test]
fn editing_one_reason_makes_the_outputs_stale() {
    let mut input: Input = seeds();
    let (reworded, text) = reword(&mut input, "stream-interruption.ja.md", "（改訂）");
    let generation = generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    let entry = generation.table.entries.iter().find(|e| e.code == reworded).expect("the reworded code");
    let ja = entry.messages.iter().find(|(l, _)| l.tag() == "ja").map(|(_, m)| m).expect("ja");
    assert_eq!(ja.text, text);
    let statuses = output::compare(
        &project_root().join("generated/stream-interruption"),
        &emit::emit_all(&generation.table).expect("emits"),
        output::LockWait::quiet(std::time::Duration::from_secs(30)),
    )
    .expect("readable");
    let stale: Vec<_> = statuses.iter().filter(|s| s.state == FileState::Stale).map(|s| s.path.as_str()).collect();
    // The notices cite each doc's hash.
    assert_eq!(stale, ["json/stop_reasons.json", "rust/src/table.rs", "ts/src/table.ts", "RECONCILIATION.md", "rust/NOTICE", "ts/NOTICE"]);
}

#[test]
fn changes_are_found_per_code_and_language_against_the_old_json() {
    let table = generate(&seeds()).unwrap_or_else(|p| panic!("{}", p.render())).table;
    let json = emit::Json.emit(&table).expect("emits");
    assert_eq!(changes::against(Some(&json), &table), []);

    let mut old: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let entries = old["entries"].as_array_mut().expect("entries");
    entries[0]["messages"]["ja"]["text"] = "古い理由".into();
    entries[1]["category"] = "no such category".into();
    // Moved lines alone (a doc edited above its table) are not a change; a new provenance is.
    entries[1]["messages"]["ko"]["line"] = 100_000.into();
    let other_provenance = if entries[1]["messages"]["ko"]["provenance"] == "curated" { "doc" } else { "curated" };
    entries[1]["messages"]["ko"]["provenance"] = other_provenance.into();
    entries[1]["messages"]["en"]["line"] = 100_000.into();
    let removed = entries.remove(2);
    entries.push(serde_json::json!({ "errcode": 9999, "sub_errcode": 9, "messages": {} }));
    let old = serde_json::to_string_pretty(&old).expect("JSON");

    let code = |e: &serde_json::Value| code(e["errcode"].as_i64().expect("errcode"), e["sub_errcode"].as_i64().expect("sub_errcode"));
    let changes = changes::against(Some(&old), &table);
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    let (first, second) = (&table.entries[0], &table.entries[1]);
    let message =
        |e: &codegen::model::Entry, tag: &str| e.messages.iter().find(|(l, _)| l.tag() == tag).map(|(_, m)| m.clone()).expect("message");
    let ko = message(second, "ko");
    let category = second.category.as_ref().map_or("none".to_owned(), ToString::to_string);
    assert_eq!(lines[0], format!("~ {} ja: \"古い理由\" → {}", first.code, codegen::diag::quoted(&message(first, "ja").text)));
    assert_eq!(
        lines[1],
        format!(
            "~ {code} category: no such category → {category}\n~ {code} ko: {other_provenance} ({s}:100000) → {p} ({s}:{line})",
            code = second.code,
            p = ko.provenance.as_str(),
            s = ko.source,
            line = ko.line
        )
    );
    let added = code(&removed).to_string();
    assert!(
        matches!(&changes[2], Change::Added { code, texts } if *code == added && texts.len() == table.set.languages.all().len()),
        "{}",
        lines[2]
    );
    assert!(lines[2].starts_with(&format!("+ {added}: ")), "{}", lines[2]);
    assert_eq!(lines[3], "- 9999/9");
    assert_eq!(changes.len(), 4);
    // No old JSON, or one that cannot be read: every code is added.
    for old in [None, Some("{ not json"), Some("{\"entries\": 3}")] {
        let changes = changes::against(old, &table);
        assert_eq!(changes.len(), table.entries.len());
        assert!(changes.iter().all(|c| matches!(c, Change::Added { .. })));
    }
}

#[test]
fn every_crate_declares_the_workspaces_rust_version_and_the_sets_version() {
    let read = |path: &std::path::Path| std::fs::read_to_string(path).expect("Cargo.toml").parse::<toml::Table>().expect("TOML");
    let workspace = read(&project_root().join("Cargo.toml"));
    let msrv = workspace["workspace"]["package"]["rust-version"].as_str().expect("[workspace.package] rust-version");
    assert_eq!(msrv, codegen::emit::RUST_VERSION, "new crates start with the workspace's rust-version");
    for set in set_names() {
        let package = read(&project_root().join("generated").join(&set).join("rust/Cargo.toml"));
        assert_eq!(package["package"]["rust-version"].as_str(), Some(msrv), "{set}");
        let manifest = read(&project_root().join("seeds").join(&set).join("manifest.toml"));
        let version = manifest["set"].get("version").and_then(toml::Value::as_str).unwrap_or("0.1.0");
        assert_eq!(package["package"]["version"].as_str(), Some(version), "{set}: the crate's version is the manifest's");
        let npm: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(project_root().join("generated").join(&set).join("ts/package.json")).expect("package.json"),
        )
        .expect("JSON");
        assert_eq!(npm["version"].as_str(), Some(version), "{set}: the npm package's version is the manifest's");
        let json_dir = project_root().join("generated").join(&set).join("json");
        let data = std::fs::read_dir(&json_dir)
            .expect("json/")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| !p.to_string_lossy().ends_with(".schema.json"));
        let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.expect("the JSON")).expect("read")).expect("JSON");
        assert_eq!(data["version"].as_str(), Some(version), "{set}: the JSON's version is the manifest's");
    }
}
