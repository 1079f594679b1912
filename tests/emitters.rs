//! Emitted code is exact and inert: arbitrary Unicode texts (quotes,
//! backslashes, `*/`, `</script>`, `${`, U+2028/U+2029, control characters,
//! NUL, bidi controls, lone combining marks) go through the three emitters and
//! come back unchanged: the Rust parses with `syn` and its literal equals the
//! text, the JSON round-trips through serde_json, and the TypeScript literals,
//! evaluated by Node in one batch, equal the texts.

use std::process::Command;

use codegen::emit::{self, Emitter};
use codegen::lang::Lang;
use codegen::model::{
    Conflict, ConflictText, DecisionsSource, DocText, Entry, Holds, Message, Provenance, Reconciled, Resolution, Role, Source,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use stop_reasons_tests::{code, css_set};
use syn::visit::Visit;

/// Characters that break naive emitters, mixed with any `char`.
fn hostile_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "\"",
        "'",
        "\\",
        "*/",
        "/*",
        "</script>",
        "<!--",
        "-->",
        "${",
        "`",
        "\u{2028}",
        "\u{2029}",
        "\0",
        "\u{1}",
        "\u{7}",
        "\u{1b}[31m",
        "\u{7f}",
        "\u{202e}",
        "\u{202a}",
        "\u{2066}",
        "\u{2069}",
        "\u{200f}",
        "\u{301}",
        "\u{20dd}",
        "\u{feff}",
        "\r\n",
        "\t",
        "|",
        "\u{fffd}",
        "#[",
        "\"#",
        "r#\"",
        "\\u{0}",
        "\\x00",
    ]);
    prop::collection::vec(prop_oneof![special.prop_map(str::to_owned), any::<char>().prop_map(String::from)], 0..24)
        .prop_map(|parts| parts.concat())
}

/// A one-entry table carrying `text` everywhere an emitter writes text.
fn table_with(text: &str) -> Reconciled {
    let doc = |t: &str| DocText { text: t.to_owned(), source: "en".to_owned(), line: 1 };
    let message = |t: &str| Message {
        text: t.to_owned(),
        provenance: Provenance::Doc,
        source: "en".to_owned(),
        line: 1,
        inferred_from: None,
        doc_text: Some(doc(t)),
        alternates: vec![doc(t)],
        section: None,
    };
    let set = css_set();
    let lang = |tag: &str| -> Lang { set.languages.get(tag).expect("a language of the set") };
    let entries = vec![Entry {
        code: code(1, 0),
        symbol: None,
        category: set.category("unknown").cloned(),
        retryable: Some(true),
        messages: set.languages.all().iter().map(|l| (l.clone(), message(text))).collect(),
        errmsgs: set.errmsgs.then(|| {
            vec![codegen::model::Errmsg {
                errmsg: text.to_owned(),
                sources: vec![codegen::model::SourceLine { source: "en".to_owned(), line: 1 }],
            }]
        }),
    }];
    let fallback = codegen::model::ErrmsgFallback { errmsg: text.to_owned(), reason: text.to_owned(), source: "en".to_owned(), line: 1 };
    Reconciled {
        schema_version: 1,
        version: "0.1.0".to_owned(),
        texts: codegen::reconcile::text_index(&entries),
        errmsg_texts: codegen::reconcile::errmsg_index(&entries),
        errmsg_fallback: set.languages.all().iter().map(|l| (l.clone(), fallback.clone())).collect(),
        sources: vec![Source {
            id: "en".to_owned(),
            file: "seeds/x.md".to_owned(),
            lang: lang("en"),
            role: Role::Coded,
            origin: text.to_owned(),
            sha256: "0".repeat(64),
        }],
        decisions: DecisionsSource { file: "seeds/decisions.toml".to_owned(), sha256: "0".repeat(64) },
        entries,
        conflicts: vec![Conflict {
            id: "1@ko".to_owned(),
            codes: vec![code(1, 0)],
            dissent: vec![lang("ko")],
            split: false,
            texts: vec![ConflictText { lang: lang("ko"), code: code(1, 0), text: doc(text), grouped_with: vec![] }],
            resolution: Resolution { holds: Holds::Variant, set_aside: vec![], why: text.to_owned(), line: 1 },
        }],
        symbols: vec![],
        alignment: vec![],
        set: set.clone(),
    }
}

/// Every string literal's value in a Rust file.
fn rust_strings(source: &str) -> Vec<String> {
    struct Strings(Vec<String>);
    impl<'ast> Visit<'ast> for Strings {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            self.0.push(lit.value());
        }
    }
    let file = syn::parse_file(source).unwrap_or_else(|e| panic!("the emitted Rust does not parse: {e}"));
    let mut strings = Strings(Vec::new());
    strings.visit_file(&file);
    strings.0
}

#[test]
fn rust_and_json_emitters_keep_any_text_exact() {
    let mut runner = TestRunner::new(Config { cases: 256, failure_persistence: None, ..Config::default() });
    runner
        .run(&hostile_text(), |text| {
            let table = table_with(&text);
            let rust = emit::Rust.emit(&table).expect("emits");
            let strings = rust_strings(&rust);
            // Message text, doc_text, alternate (×4 languages), origin, conflict text, why.
            let count = strings.iter().filter(|s| **s == text).count();
            prop_assert!(count >= 14, "{count} literals equal {text:?}");
            let json = emit::Json.emit(&table).expect("emits");
            let value: serde_json::Value = serde_json::from_str(&json).expect("JSON parses");
            prop_assert_eq!(value["entries"][0]["messages"]["ko"]["text"].as_str(), Some(text.as_str()));
            prop_assert_eq!(value["conflicts"][0]["resolution"]["why"].as_str(), Some(text.as_str()));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn typescript_literals_evaluate_to_the_same_texts() {
    let mut runner = TestRunner::new(Config { cases: 512, failure_persistence: None, ..Config::default() });
    let texts: Vec<String> = (0..512).map(|_| hostile_text().new_tree(&mut runner).expect("value").current()).collect();
    // One module holding every literal, as the emitter writes them, evaluated once.
    let mut module = String::from("const values = [\n");
    for t in &texts {
        module.push_str(&emit::ts_literal(t).expect("literal"));
        module.push_str(",\n");
    }
    module.push_str("];\nprocess.stdout.write(JSON.stringify(values));\n");
    assert!(!module.contains("</script>") && !module.contains('\u{2028}') && !module.contains('\u{2029}'));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("values.mjs");
    std::fs::write(&path, module).expect("write");
    let out = Command::new("node").arg(&path).output().expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back: Vec<String> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(back, texts);
}

#[test]
fn the_whole_typescript_table_module_keeps_the_text() {
    // The emitted table.ts, its types stripped by the package's TypeScript compiler, run by Node.
    let text = "a\"b\\c*/d</script>e${f}`g\u{2028}h\u{2029}i\0j\u{202e}k\u{301}";
    let ts = emit::TypeScript.emit(&table_with(text)).expect("emits");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("table.ts"), ts).expect("write");
    let compiler = stop_reasons_tests::project_root().join("generated/stream-interruption/ts/node_modules/typescript/lib/typescript.js");
    assert!(compiler.exists(), "run `npm ci` in generated/stream-interruption/ts (`cargo xtask test` does) first");
    let script = format!(
        "import ts from {compiler:?};\nimport {{ readFileSync, writeFileSync }} from 'node:fs';\n\
         const source = readFileSync('table.ts', 'utf8');\n\
         const js = ts.transpileModule(source, {{ compilerOptions: {{ module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }} }}).outputText;\n\
         writeFileSync('table.mjs', js);\n\
         const t = await import('./table.mjs');\n\
         process.stdout.write(JSON.stringify([t.STOP_REASONS[0].messages.ja.text, t.CONFLICTS[0].resolution.why, t.SOURCES[0].origin]));\n",
        compiler = compiler.display().to_string()
    );
    std::fs::write(dir.path().join("run.mjs"), script).expect("write");
    let out = Command::new("node").arg("run.mjs").current_dir(dir.path()).output().expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back: Vec<String> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(back, [text, text, text]);
}

/// The texts of each table cell of a Markdown document, as rendered, and the
/// inline markup found inside cells (links, images, HTML, emphasis, math).
/// Code spans are the report's own (paths); one made of a doc text would
/// drop its backticks from the cell's text.
fn rendered_cells(markdown: &str) -> (Vec<String>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let (mut cells, mut markup) = (Vec::new(), Vec::new());
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH) {
        match (&mut cell, event) {
            (None, Event::Start(Tag::TableCell)) => cell = Some(String::new()),
            (Some(_), Event::End(pulldown_cmark::TagEnd::TableCell)) => cells.extend(cell.take()),
            (Some(text), Event::Text(t)) => text.push_str(&t),
            (Some(_), Event::Start(tag)) => markup.push(format!("{tag:?}")),
            (Some(_), other @ (Event::Html(_) | Event::InlineHtml(_) | Event::InlineMath(_))) => {
                markup.push(format!("{other:?}"));
            }
            _ => {}
        }
    }
    (cells, markup)
}

#[test]
fn doc_text_in_the_report_renders_as_the_text_it_is() {
    let texts = [
        "![t](https://example.com/t.png) and [x](javascript:alert(1))",
        "<b>bold</b> <img src=x onerror=alert(1)> <https://example.com> &lt; &amp;",
        "*em* _em_ **strong** ~~struck~~ `code` $x^2$ \\* a | pipe",
    ];
    for text in texts {
        let report = emit::Report.emit(&table_with(text)).expect("emits");
        let (cells, markup) = rendered_cells(&report);
        assert!(cells.iter().any(|c| c == text), "no cell renders {text:?}: {cells:?}");
        assert!(markup.is_empty(), "doc text became markup: {markup:?}");
    }
}
