//! The pipeline on the real seed docs: each doc's parsed table, the emitted
//! artifacts, and the drift check against `generated/`.

use codegen::input::Input;
use codegen::model::DocContent;
use codegen::output::{self, FileState};
use codegen::{emit, generate, manifest, parse};
use stop_reasons_tests::{project_root, seeds};

#[test]
fn parsed_table_of_each_seed_doc() {
    let input = seeds();
    let manifest_file = parse::decode("seeds/manifest.toml", input.manifest.as_deref().expect("manifest")).expect("utf-8");
    let manifest = manifest::parse(&manifest_file).expect("valid manifest");
    insta::glob!("../seeds", "*.md", |path| {
        let name = path.file_name().and_then(|n| n.to_str()).expect("file name");
        let spec = manifest.docs.iter().find(|d| d.file == name).expect("every seed doc is in the manifest");
        let bytes = std::fs::read(path).expect("readable");
        let file = parse::decode(&format!("seeds/{name}"), &bytes).expect("utf-8");
        let (doc, warnings) = parse::parse_doc(spec, &file).unwrap_or_else(|p| panic!("{}", p[0].render()));
        assert!(warnings.is_empty(), "{name}: unexpected warnings");
        insta::assert_snapshot!(format!("{}\n{}", doc.table.to_text(), doc.content));
        // What `generate` reads (the texts moved out of the grid) is the same content.
        let (moved, _) =
            parse::parse_doc_content(spec, &file, &parse::MarkdownPass::default()).unwrap_or_else(|p| panic!("{}", p[0].render()));
        assert_eq!(moved.content, doc.content, "{name}");
        let last_cells = moved.table.rows.iter().filter_map(|r| r.cells.last());
        assert!(last_cells.clone().count() > 30 && last_cells.clone().all(|c| c.text.is_empty()), "{name}: the texts were moved");
    });
}

#[test]
fn coded_docs_list_the_expected_codes() {
    let input = seeds();
    let generation = generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    let parsed = codegen::parse_input(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    let count = |id: &str| {
        let doc = parsed.docs.iter().find(|d| d.spec.id == id).expect("doc");
        match &doc.content {
            DocContent::Coded(rows) => rows.len(),
            DocContent::Causes(causes) => causes.len(),
        }
    };
    assert_eq!([count("en"), count("ja"), count("zh"), count("ko"), count("en-causes")], [64, 64, 64, 70, 37]);
    // Every code pair any coded doc lists, once, sorted.
    let codes: Vec<(u16, u16)> = generation.table.entries.iter().map(|e| (e.errcode, e.sub_errcode)).collect();
    let mut expected: Vec<(u16, u16)> = parsed
        .docs
        .iter()
        .flat_map(|d| match &d.content {
            DocContent::Coded(rows) => rows.iter().map(|r| (r.errcode, r.sub_errcode)).collect(),
            DocContent::Causes(_) => Vec::new(),
        })
        .collect();
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(codes, expected);
    assert_eq!(codes.len(), 70);
}

#[test]
fn emitted_artifacts() {
    let generation = generate(&seeds()).unwrap_or_else(|p| panic!("{}", p.render()));
    for file in &generation.files().expect("emits") {
        insta::assert_snapshot!(file.path.replace(['/', '.'], "_"), file.contents);
    }
}

/// `cargo test` alone catches generated files that no longer match the seeds.
#[test]
fn generated_files_are_up_to_date() {
    let generation = generate(&seeds()).unwrap_or_else(|p| panic!("{}", p.render()));
    // Streamed, as `gen --check` does.
    let emitters = emit::emitters();
    let statuses =
        output::compare(&project_root().join("generated"), &output::emissions(&emitters, &generation.table)).expect("generated/ readable");
    let stale: Vec<_> = statuses.iter().filter(|s| s.state != FileState::Fresh).map(|s| s.path.as_str()).collect();
    assert!(stale.is_empty(), "stale generated files {stale:?}: run `cargo xtask gen` and commit the result");
}

#[test]
fn generation_is_deterministic() {
    let a = generate(&seeds()).unwrap_or_else(|p| panic!("{}", p.render()));
    let b = generate(&seeds()).unwrap_or_else(|p| panic!("{}", p.render()));
    let (a, b) = (a.files().expect("emits"), b.files().expect("emits"));
    assert_eq!(a, b);
    assert_eq!(emit::emitters().len(), a.len());
}

#[test]
fn editing_one_reason_makes_the_outputs_stale() {
    let mut input: Input = seeds();
    let codegen::input::FileBytes::Read(bytes) = input.files.get_mut("stream-interruption.ja.md").expect("ja doc") else {
        panic!("ja doc unreadable")
    };
    let text = String::from_utf8(bytes.clone()).expect("utf-8").replacen("第三者認証に失敗しました。", "第三者認証が失敗しました。", 1);
    *bytes = text.into_bytes();
    let generation = generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    let entry = generation.table.entries.iter().find(|e| (e.errcode, e.sub_errcode) == (19, 0)).expect("19");
    assert_eq!(entry.messages[&codegen::lang::Lang::Ja].text, "第三者認証が失敗しました。");
    let emitters = emit::emitters();
    let statuses = output::compare(&project_root().join("generated"), &output::emissions(&emitters, &generation.table)).expect("readable");
    let stale: Vec<_> = statuses.iter().filter(|s| s.state == FileState::Stale).map(|s| s.path.as_str()).collect();
    assert_eq!(stale, ["ts/src/table.ts", "json/stop_reasons.json", "rust/src/table.rs", "RECONCILIATION.md"]);
}
