//! The bad-input corpus (`tests/corpus/*/`): each case is a small seed folder
//! whose `case.md` says what it holds and what must happen. Every case either
//! parses (its parsed tables are the snapshot) or is refused with problems that
//! each name the file and say what to fix (the rendered diagnostics are the
//! snapshot). None may panic. Cases with a `generate.toml` get their big doc
//! written by the runner instead of being committed.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use codegen::input::Input;
use codegen::model::DocContent;
use codegen::{generate, parse_input};

#[path = "corpus_generate.rs"]
mod corpus_generate;

/// A copy of the case folder in a temporary folder, with its generated files written.
fn prepare(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(case).expect("case folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        if name != "case.md" && name != "generate.toml" {
            fs::copy(&path, dir.path().join(name)).expect("copy");
        }
    }
    if let Ok(spec) = fs::read_to_string(case.join("generate.toml")) {
        corpus_generate::write_generated(&spec, dir.path()).expect("generate.toml");
    }
    dir
}

/// A cell's text for the snapshot: long texts by length and ends.
fn short(text: &str) -> String {
    if text.chars().count() <= 120 {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(40).collect();
        let tail: String = text.chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
        format!("{head:?} … {tail:?} ({} chars)", text.chars().count())
    }
}

/// What `gen` makes of the case: the parsed docs, or the rendered problems.
fn outcome(input: &Input) -> String {
    let refused = |problems: codegen::diag::Problems| {
        for p in problems.0.iter().filter(|p| p.is_error()) {
            assert!(p.message.starts_with("seeds/"), "a problem that names no file: {}", p.message);
            assert!(p.help.is_some(), "a problem that says nothing about the fix: {}", p.message);
        }
        format!("refused with {} error(s)\n\n{}", problems.error_count(), problems.render())
    };
    if input.decisions.is_some() || input.files.contains_key(codegen::input::DECISIONS) {
        // The decisions file is read by the whole pipeline.
        return match generate(input) {
            Ok(generation) => {
                let t = &generation.table;
                format!(
                    "generated: {} codes, {} texts, {} conflicts\n",
                    t.entries.len(),
                    t.provenance_counts().values().sum::<usize>(),
                    t.conflicts.len()
                )
            }
            Err(problems) => refused(problems),
        };
    }
    match parse_input(input) {
        Err(problems) => refused(problems),
        Ok(parsed) => {
            let mut out = String::from("parsed\n");
            if !parsed.problems.0.is_empty() {
                let _ = write!(out, "\n{}", parsed.problems.render());
            }
            for doc in &parsed.docs {
                let lines: Vec<String> = doc.tables.iter().map(|t| t.line.to_string()).collect();
                let (lang, role) = (doc.spec.lang.tag(), doc.spec.role.as_str());
                let _ = writeln!(out, "\n{} ({lang} {role}), table at line {}", doc.file.path, lines.join(", "));
                let rows: Vec<String> = match &doc.content {
                    DocContent::Coded(rows) => rows
                        .iter()
                        .map(|r| {
                            let values: Vec<String> = r.code.values().iter().map(ToString::to_string).collect();
                            format!("{} L{} {}", values.join("/"), r.line, short(&r.text))
                        })
                        .collect(),
                    DocContent::Causes(causes) => causes.iter().map(|c| format!("L{} {}", c.line, short(&c.text))).collect(),
                    DocContent::Errmsgs(rows, _) => {
                        rows.iter().map(|r| format!("{} L{} {} {}", r.errcode, r.line, short(&r.errmsg), short(&r.reason))).collect()
                    }
                };
                if rows.len() > 20 {
                    let _ = writeln!(out, "{} rows; the first 3 and the last 3:", rows.len());
                    for r in rows.iter().take(3).chain(rows.iter().skip(rows.len() - 3)) {
                        let _ = writeln!(out, "{r}");
                    }
                } else {
                    for r in rows {
                        let _ = writeln!(out, "{r}");
                    }
                }
            }
            out
        }
    }
}

fn run_case(case: &Path) -> String {
    let dir = prepare(case);
    let input = Input::read(dir.path(), "seeds").expect("readable");
    outcome(&input)
}

#[test]
fn every_case_parses_right_or_is_refused_with_file_and_line() {
    insta::glob!("corpus", "*/case.md", |path| {
        let case = path.parent().expect("case folder");
        let description = fs::read_to_string(path).expect("case.md");
        insta::with_settings!({ description => description.trim() }, {
            insta::assert_snapshot!(run_case(case));
        });
    });
}

#[test]
fn the_corpus_has_at_least_thirty_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    assert!(fs::read_dir(root).expect("corpus").count() >= 30);
}

#[test]
fn a_bom_and_crlf_line_breaks_parse_exactly_like_the_clean_doc() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let clean = run_case(&root.join("01-clean-html"));
    assert!(clean.starts_with("parsed\n"), "{clean}");
    assert_eq!(run_case(&root.join("02-utf8-bom")), clean);
    assert_eq!(run_case(&root.join("03-crlf")), clean);
}
