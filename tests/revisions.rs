//! The vendor's real revisions of the stream-interruption page
//! (`tests/fixtures/revisions/`, copied from `../shared/realworld/`) swapped
//! into the frozen set as a maintainer would after a doc update: what `gen`
//! refuses and names, what `cargo xtask decisions` does with it, and the
//! clean table and readable change list once a maintainer has reviewed the
//! skeletons.

use std::collections::BTreeSet;

use codegen::bookkeeping::{Bookkeeping, keep_books};
use codegen::changes::{self, Change};
use codegen::emit::{self, Emitter};
use codegen::input::{FileBytes, Input};
use codegen::model::{Code, Reconciled};
use codegen::{decisions, generate};
use stop_reasons_tests::{frozen_set, listed_codes, revision};

/// The one-line messages of a refused run (errors only).
fn refused_messages(input: &Input) -> Vec<String> {
    match generate(input) {
        Ok(_) => panic!("the run was expected to be refused"),
        Err(problems) => problems.0.into_iter().filter(|p| p.is_error()).map(|p| p.message).collect(),
    }
}

fn books(input: &Input) -> Bookkeeping {
    keep_books(input).unwrap_or_else(|p| panic!("{}", p.render()))
}

/// `input` with the decisions file's text `text`.
fn with_decisions(input: &Input, text: &str) -> Input {
    Input { decisions: Some(text.as_bytes().to_vec()), ..input.clone() }
}

/// The maintainer's review of every skeleton: its values kept as proposed,
/// `why` written, the mark removed.
fn reviewed(text: &str, why: &str) -> String {
    text.replace("why = \"\"\nreview = true\n", &format!("why = \"{why}\"\n"))
}

fn table(input: &Input) -> Reconciled {
    generate(input).unwrap_or_else(|p| panic!("{}", p.render())).table
}

/// What changed against the frozen set's table, as `gen` prints it.
fn change_list(new: &Reconciled) -> Vec<Change> {
    let old = emit::Json.emit(&table(&frozen_set())).expect("emits");
    changes::against(Some(&old), new)
}

/// The docs of `names` in the frozen set, with `revision` in place of `doc`.
fn swapped(doc: &str, revision_file: &str) -> Input {
    let mut input = frozen_set();
    input.files.insert(doc.to_owned(), FileBytes::Read(revision(revision_file)));
    input
}

fn decisions_of(text: &str) -> decisions::Decisions {
    let set = stop_reasons_tests::css_set();
    decisions::parse(&codegen::diag::SourceFile::new("decisions.toml", text), &set).unwrap_or_else(|p| panic!("{}", p[0].render()))
}

fn codes(list: &[&str]) -> BTreeSet<Code> {
    let set = stop_reasons_tests::css_set();
    list.iter().map(|c| set.key.parse(c).expect("a code")).collect()
}

#[test]
fn the_korean_2021_html_revision_drops_the_codes_only_the_newest_korean_doc_had() {
    let input = swapped("stream-interruption.ko.md", "ko__2021-03-08.md");
    // A change of format (an HTML table for the pipe table) reads as the same table.
    let gone: BTreeSet<Code> = listed_codes(&frozen_set()).difference(&listed_codes(&input)).cloned().collect();
    assert_eq!(gone, codes(&["18/602", "21/103", "36", "37", "38", "39"]));
    assert!(listed_codes(&input).is_subset(&listed_codes(&frozen_set())));

    // The refusal names every decision the revision made stale, and the cause that now aligns to nothing.
    let messages = refused_messages(&input);
    insta::assert_snapshot!(messages.join("\n"));
    for code in &gone {
        let stale = format!("[codes] lists {code}, which no coded doc lists: it is stale");
        assert!(messages.iter().any(|m| m.ends_with(&stale)), "{stale:?} not in {messages:#?}");
    }
    for codes in ["codes 0 (dissent: ko)", "codes 16 (dissent: ko)", "codes 18/305, 18/308 (dissent: ko)"] {
        assert!(messages.iter().any(|m| m.contains(&format!("this decision for {codes} matches no conflict"))), "{codes}");
    }
    assert!(messages.iter().any(|m| m.contains("cause \"The priority of the push URL is lower than an existing one.\" matches no cause")));

    // The bookkeeping removes what went stale and leaves one skeleton to review.
    let done = books(&input);
    insta::assert_snapshot!("ko_2021_bookkeeping", done.done.join("\n"));
    let after = decisions_of(&reviewed(&done.text, "reviewed"));
    assert!(after.codes.keys().all(|c| !gone.contains(c)));
    assert!(after.curated.iter().all(|c| !gone.contains(&c.code)));
    assert!(after.conflicts.iter().all(|c| c.codes[0].to_string() == "6"), "only the ja conflict at 6 and 23 stands");
    assert_eq!(after.align.len(), 1);
    assert_eq!(after.align[0].code, None, "the skeleton drops the cause of 18/602, a code no coded doc lists");
    assert!(!done.left.0.is_empty() && done.left.0.iter().all(|p| p.message.contains("review") || p.message.contains("no reason")));

    // Run again, it changes nothing; reviewed, the table is clean.
    let again = books(&with_decisions(&input, &done.text));
    assert!(!again.changed && again.done.is_empty(), "{:?}", again.done);
    let reviewed_input = with_decisions(&input, &reviewed(&done.text, "18/602 is gone from every coded doc"));
    let new = table(&reviewed_input);
    assert!(reconcile_clean(&new));
    let changes = change_list(&new);
    let removed: BTreeSet<String> =
        changes.iter().filter_map(|c| if let Change::Removed { code, .. } = c { Some(code.clone()) } else { None }).collect();
    assert_eq!(removed, gone.iter().map(ToString::to_string).collect());
    assert!(!changes.iter().any(|c| matches!(c, Change::Added { .. })));
    insta::assert_snapshot!("ko_2021_changes", changes.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
}

/// Whether the table has no conflict left undecided.
fn reconcile_clean(table: &Reconciled) -> bool {
    codegen::reconcile::remaining_conflicts(table).is_empty()
}

#[test]
fn the_chinese_2019_revision_has_the_same_table() {
    let input = swapped("stream-interruption.zh.md", "zh__2019-07-16.md");
    let new = table(&input);
    assert_eq!(change_list(&new), []);
    let done = books(&input);
    assert!(!done.changed && done.done.is_empty() && done.left.0.is_empty());
    // Only the doc's hash differs: its text around the table changed.
    let old = table(&frozen_set());
    let zh = |t: &Reconciled| t.sources.iter().find(|s| s.id == "zh").map(|s| s.sha256.clone());
    assert_ne!(zh(&old), zh(&new));
    assert_eq!(old.entries, new.entries);
}

#[test]
fn the_chinese_codeless_revision_as_a_second_causes_doc_replaces_curated_texts_with_the_vendors() {
    let mut input = frozen_set();
    input.files.insert("stream-interruption-causes.zh.md".to_owned(), FileBytes::Read(revision("zh__2022-03-11__causes.md")));
    let mut manifest = String::from_utf8(input.manifest.clone().expect("manifest")).expect("utf-8");
    manifest.push_str(
        "\n[[doc]]\nid = \"zh-causes\"\nfile = \"stream-interruption-causes.zh.md\"\nlang = \"zh\"\nrole = \"causes\"\norigin = \"the code-less Chinese revision\"\n",
    );
    input.manifest = Some(manifest.into_bytes());

    // Alignment runs in Chinese: the two cells only curated texts filled
    // now have the vendor's own text, and the curated ones are stale.
    let messages = refused_messages(&input);
    insta::assert_snapshot!(messages.join("\n"));
    for code in ["18/602", "21/103"] {
        assert!(
            messages
                .iter()
                .any(|m| m.contains(&format!("curated text for {code} zh is not needed: the cell has an aligned text (zh-causes:"))),
            "{code}: {messages:#?}"
        );
    }
    // The doc repeats causes where the coded page mentions them again; each
    // repeat goes where its first mention went, and none is reported.
    assert!(!messages.iter().any(|m| m.contains("matches no cause")), "{messages:#?}");

    let done = books(&input);
    assert_eq!(done.done.len(), 2, "{:#?}", done.done);
    assert!(done.done.iter().all(|line| line.starts_with("- [[curated]]")));
    assert!(done.left.0.is_empty(), "{}", done.left.render());
    let new = table(&with_decisions(&input, &done.text));
    let zh_changes: Vec<String> = change_list(&new).iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("zh_causes_changes", zh_changes.join("\n"));
    for code in ["18/602", "21/103"] {
        let entry = new.entries.iter().find(|e| e.code.to_string() == code).expect("code");
        let zh = entry.messages.iter().find(|(l, _)| l.tag() == "zh").map(|(_, m)| m).expect("zh");
        assert_eq!((zh.provenance, zh.source.as_str()), (codegen::model::Provenance::Aligned, "zh-causes"));
    }
}
