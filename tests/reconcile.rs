//! Reconciliation on the real seed docs (the acceptance criteria), on edited
//! copies of them (what a doc update does), and on small literal inputs.

use codegen::lang::Lang;
use codegen::model::{Code, DocContent, Entry, Provenance, Reconciled};
use codegen::reconcile::{self, classes};
use codegen::{Generation, generate};
use stop_reasons_tests::{add_row, code, edit, edit_decisions, free_errcode, frozen_set, literal_input, seeds};

/// The four languages of the stream-interruption set, in its order.
fn langs() -> [Lang; 4] {
    let mut i = 0;
    ["en", "ja", "zh", "ko"].map(|tag| {
        i += 1;
        Lang::new(tag, i - 1)
    })
}

/// `e`'s message in the language tagged `tag`.
fn msg<'e>(e: &'e Entry, tag: &str) -> &'e codegen::model::Message {
    e.messages.iter().find(|(l, _)| l.tag() == tag).map(|(_, m)| m).unwrap_or_else(|| panic!("{} has no {tag} message", e.code))
}

fn run(input: &codegen::input::Input) -> Generation {
    generate(input).unwrap_or_else(|p| panic!("{}", p.render()))
}

fn refused(input: &codegen::input::Input) -> String {
    match generate(input) {
        Ok(_) => panic!("the run was expected to be refused"),
        Err(problems) => {
            assert!(problems.has_errors());
            problems.render()
        }
    }
}

/// The one-line messages of a refused run.
fn refused_messages(input: &codegen::input::Input) -> Vec<String> {
    match generate(input) {
        Ok(_) => panic!("the run was expected to be refused"),
        Err(problems) => problems.0.into_iter().filter(|p| p.is_error()).map(|p| p.message).collect(),
    }
}

fn entry(table: &Reconciled, errcode: i64, sub_errcode: i64) -> &Entry {
    let wanted = code(errcode, sub_errcode);
    table.entries.iter().find(|e| e.code == wanted).expect("code in table")
}

#[test]
fn every_code_has_a_text_in_every_language_in_its_script() {
    let input = seeds();
    let g = run(&input);
    // Every code some coded doc lists, and no other.
    let listed = stop_reasons_tests::listed_codes(&input);
    assert_eq!(g.table.entries.iter().map(|e| e.code.clone()).collect::<std::collections::BTreeSet<_>>(), listed);
    for e in &g.table.entries {
        assert_eq!(e.messages.len(), g.table.set.languages.all().len(), "{}", e.code);
        for (lang, m) in &e.messages {
            assert!(lang.fits(&m.text), "{} {lang}: {:?} is not in the {} script", e.code, m.text, lang.name());
            assert_eq!(m.inferred_from.is_some(), m.provenance == Provenance::Inferred);
            if m.provenance == Provenance::Curated {
                assert_eq!(m.source, "decisions");
            } else {
                assert!(g.table.source(&m.source).is_some(), "{} {lang} cites {}", e.code, m.source);
            }
        }
    }
}

#[test]
fn every_text_of_every_doc_is_kept_at_its_code() {
    let input = seeds();
    let g = run(&input);
    let parsed = codegen::parse_input(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    for doc in &parsed.docs {
        match &doc.content {
            DocContent::Coded(rows) => {
                for row in rows {
                    let m = msg(g.table.entries.iter().find(|e| e.code == row.code).expect("code in table"), doc.spec.lang.tag());
                    let kept = (m.provenance == Provenance::Doc && m.text == row.text && m.line == row.line)
                        || m.doc_text.as_ref().is_some_and(|d| d.text == row.text && d.line == row.line && d.source == doc.spec.id);
                    assert!(kept, "{}:{} {:?} is lost", doc.file.path, row.line, row.text);
                }
            }
            DocContent::Causes(causes) => {
                for cause in causes {
                    let at: Vec<Code> = g
                        .table
                        .entries
                        .iter()
                        .filter(|e| {
                            let m = msg(e, doc.spec.lang.tag());
                            m.text == cause.text
                                || m.alternates.iter().any(|a| a.source == doc.spec.id && a.text == cause.text && a.line == cause.line)
                        })
                        .map(|e| e.code.clone())
                        .collect();
                    assert!(!at.is_empty(), "{}:{} {:?} reaches no code", doc.file.path, cause.line, cause.text);
                }
            }
            DocContent::Errmsgs(rows, fallback) => {
                for row in rows {
                    let at: Vec<_> = g.table.entries.iter().filter(|e| e.code.values()[0] == row.errcode).collect();
                    assert!(!at.is_empty(), "{}:{} errcode {} reaches no code", doc.file.path, row.line, row.errcode);
                    for e in at {
                        let cited =
                            e.errmsgs.iter().flatten().any(|m| m.sources.iter().any(|s| s.source == doc.spec.id && s.line == row.line));
                        assert!(cited, "{}:{} {:?} is not among {}'s errmsgs", doc.file.path, row.line, row.errmsg, e.code);
                        let m = msg(e, doc.spec.lang.tag());
                        let worded = m.text == row.reason || m.alternates.iter().any(|a| a.source == doc.spec.id && a.text == row.reason);
                        assert!(worded, "{}:{} {:?} is no wording of {}", doc.file.path, row.line, row.reason, e.code);
                    }
                }
                if let Some(o) = fallback {
                    let kept = &g.table.errmsg_fallback[&doc.spec.lang];
                    assert_eq!((kept.source.as_str(), kept.line, &kept.reason), (doc.spec.id.as_str(), o.line, &o.reason));
                }
            }
        }
    }
}

#[test]
fn english_texts_only_the_codeless_doc_holds_arrive_by_alignment() {
    let g = run(&frozen_set());
    let m = msg(entry(&g.table, 18, 602), "en");
    assert_eq!(m.text, "The priority of the push URL is lower than an existing one.");
    assert_eq!((m.provenance, m.source.as_str(), m.line), (Provenance::Aligned, "en-causes", 117));
    // Every cause of the code-less doc was aligned, in order.
    let aligned: Vec<_> = g.table.alignment.iter().map(|a| a.cause.line).collect();
    assert_eq!(aligned.len(), 37);
    assert!(aligned.windows(2).all(|w| w[0] < w[1]));
    let first_codes: Vec<Code> = g.table.alignment.iter().map(|a| a.codes[0].clone()).collect();
    assert!(first_codes.windows(2).all(|w| w[0] < w[1]), "alignment is monotone");
    let stream_disabled = g.table.alignment.iter().find(|a| a.cause.text == "The stream is disabled.").expect("cause");
    assert_eq!(stream_disabled.codes, [code(18, 305)]);
}

#[test]
fn the_four_disagreements_are_listed_with_their_resolution_and_none_remain() {
    let g = run(&frozen_set());
    let ids: Vec<&str> = g.table.conflicts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["0@ko", "6+23@ja", "16@ko", "18/305+18/308@ko"]);
    for c in &g.table.conflicts {
        assert!(!c.resolution.why.is_empty());
        // Each conflict shows every doc text at its codes, with where it was read.
        assert_eq!(c.texts.len(), c.codes.len() * 4, "{}", c.id);
    }
    assert!(reconcile::remaining_conflicts(&g.table).is_empty());
    // The set-aside Korean texts are kept as doc_text, and the cells refilled.
    let ko16 = msg(entry(&g.table, 16, 0), "ko");
    assert_eq!((ko16.provenance, ko16.inferred_from.clone()), (Provenance::Inferred, Some(code(5, 0))));
    assert_eq!(ko16.text, msg(entry(&g.table, 5, 0), "ko").text);
    let ko305 = msg(entry(&g.table, 18, 305), "ko");
    assert_eq!(ko305.provenance, Provenance::Curated);
    assert_eq!(ko305.doc_text.as_ref().map(|d| d.line), Some(54));
}

#[test]
fn codes_only_korean_lists_are_inferred_from_their_cause_class() {
    let g = run(&frozen_set());
    // 36 shares ko's "unknown reason" text with 0, 22, 25-34: most of them say
    // "unknown reason" (not 0's "unknown error") in the other languages.
    for (lang, text) in [("en", "Unknown reason."), ("ja", "原因不明。"), ("zh", "未知原因。")] {
        let m = msg(entry(&g.table, 36, 0), lang);
        assert_eq!((m.text.as_str(), m.provenance, m.inferred_from.clone()), (text, Provenance::Inferred, Some(code(22, 0))));
    }
    let m = msg(entry(&g.table, 38, 0), "ja");
    assert_eq!((m.text.as_str(), m.inferred_from.clone()), ("CSSシステム内部エラー。", Some(code(5, 0))));
}

#[test]
fn a_new_code_in_one_language_with_a_new_reason_is_refused_naming_it() {
    let mut input = seeds();
    let new = free_errcode(&input);
    let line = add_row(&mut input, "stream-interruption.ko.md", &[&new.to_string(), "0", "새로운 푸시 중단 원인"]);
    let rendered = refused(&input);
    for lang in ["English (en)", "Japanese (ja)", "Chinese (zh)"] {
        let expected = format!("seeds/stream-interruption/stream-interruption.ko.md:{line}: code {new} has no {lang} text");
        assert!(rendered.contains(&expected), "{expected:?} not in {rendered}");
    }
    assert!(rendered.contains(&format!("code {new} has no [codes] entry")), "{rendered}");
}

#[test]
fn a_language_contradicting_the_others_is_refused_with_file_and_line() {
    let mut input = frozen_set();
    // ja says 19 (third-party authentication) is the no-data interruption of 8 and 20.
    edit(
        &mut input,
        "stream-interruption.ja.md",
        "第三者認証に失敗しました。",
        "システムが長時間データのないプッシュを自動的に切断しました。",
    );
    insta::assert_snapshot!(refused(&input));
}

#[test]
fn one_run_reports_the_problems_of_the_decisions_file_and_of_the_docs_or_manifest() {
    // The decisions file is read on the docs' workers; its problems come
    // with the docs' problems, and with the manifest's when no doc is read.
    let broken_decisions = |input: &mut codegen::input::Input| edit_decisions(input, "schema_version = 1", "schema_version = [");
    let mut input = frozen_set();
    broken_decisions(&mut input);
    edit(&mut input, "stream-interruption.ko.md", "| 39      | 0           |", "| 39x     | 0           |");
    let rendered = refused(&input);
    assert!(rendered.contains("tests/fixtures/stream-interruption/decisions.toml:"), "{rendered}");
    assert!(rendered.contains("tests/fixtures/stream-interruption/stream-interruption.ko.md:"), "{rendered}");

    let mut input = frozen_set();
    broken_decisions(&mut input);
    input.manifest = Some(b"schema_version = 1\n[[doc]]\nid = 3\n".to_vec());
    let rendered = refused(&input);
    assert!(rendered.contains("tests/fixtures/stream-interruption/decisions.toml:"), "{rendered}");
    assert!(rendered.contains("tests/fixtures/stream-interruption/manifest.toml:"), "{rendered}");
}

#[test]
fn decisions_that_match_nothing_are_stale() {
    let mut input = frozen_set();
    // The Korean doc fixes 16: the decision about it no longer applies.
    edit(
        &mut input,
        "stream-interruption.ko.md",
        "| 16      | 0           | 푸시 링크 네트워크 오류",
        "| 16      | 0           | 라이브 방송 시스템 내부 오류",
    );
    // A curated text for a cell a doc now fills.
    edit(
        &mut input,
        "stream-interruption.ko.md",
        "| 18      | 305         | 푸시 스트림의 스트림 이름에 부적절한 문자가 포함되어 있음",
        "| 18      | 305         | 푸시 스트림 이름이 재생 금지 상태임",
    );
    // A category for a code no doc lists.
    edit_decisions(&mut input, "\"39\" = {", "\"41\" = { category = \"unknown\", retryable = true }\n\"39\" = {");
    insta::assert_snapshot!(refused(&input));
}

#[test]
fn a_decisions_file_without_a_decision_reports_every_conflict_at_once() {
    let mut input = frozen_set();
    input.decisions = Some(b"schema_version = 1\n".to_vec());
    let messages = refused_messages(&input).join("\n");
    for id in ["code 0 is grouped", "codes 6, 23 are grouped", "code 16 is grouped", "codes 18/305, 18/308 are grouped"] {
        assert!(messages.contains(id), "missing {id:?} in {messages}");
    }
}

const HEAD: &str = "| errcode | sub_errcode | errmsg |\n|---|---|---|\n";

/// A coded doc (pipe table) from `(errcode, text)` rows.
fn coded(rows: &[(u16, &str)]) -> String {
    rows.iter().fold(HEAD.to_owned(), |doc, (code, text)| format!("{doc}| {code} | 0 | {text} |\n"))
}

/// `[codes]` giving each code category unknown, retryable.
fn categories(codes: &[u16]) -> String {
    codes.iter().fold("schema_version = 1\n[codes]\n".to_owned(), |out, c| {
        format!("{out}\"{c}\" = {{ category = \"unknown\", retryable = true }}\n")
    })
}

/// Four coded docs, en, ja, zh, ko, plus `extra` docs, and `decisions`.
fn four(
    en: &[(u16, &str)],
    ja: &[(u16, &str)],
    zh: &[(u16, &str)],
    ko: &[(u16, &str)],
    extra: &[(&str, &str, &str, &str)],
    decisions: &str,
) -> codegen::input::Input {
    let docs = [coded(en), coded(ja), coded(zh), coded(ko)];
    let mut list = vec![
        ("en.md", "en", "coded", docs[0].as_str()),
        ("ja.md", "ja", "coded", docs[1].as_str()),
        ("zh.md", "zh", "coded", docs[2].as_str()),
        ("ko.md", "ko", "coded", docs[3].as_str()),
    ];
    list.extend_from_slice(extra);
    literal_input(&list, decisions)
}

#[test]
fn inference_takes_the_text_most_codes_of_the_cause_share() {
    // Only ko lists 3, with the text of 1 and 2; the others group 1 and 2 under one text.
    let en = [(1, "Busy."), (2, "Busy."), (9, "Other.")];
    let ja = [(1, "混雑しています。"), (2, "混雑しています。"), (9, "その他。")];
    let zh = [(1, "繁忙。"), (2, "繁忙。"), (9, "其他。")];
    let ko = [(1, "바쁨"), (2, "바쁨"), (3, "바쁨"), (9, "기타")];
    let g = run(&four(&en, &ja, &zh, &ko, &[], &categories(&[1, 2, 3, 9])));
    let m = msg(entry(&g.table, 3, 0), "en");
    assert_eq!((m.text.as_str(), m.provenance, m.inferred_from.clone(), m.line), ("Busy.", Provenance::Inferred, Some(code(1, 0)), 3));
    assert_eq!(msg(entry(&g.table, 3, 0), "zh").text, "繁忙。");
}

#[test]
fn alignment_fills_a_cause_the_coded_doc_lacks_and_keeps_rewordings_as_alternates() {
    let en = [(1, "The client stopped the push."), (5, "Authentication failed.")];
    let ja = [(1, "停止。"), (2, "優先度が低い。"), (5, "認証失敗。")];
    let zh = [(1, "停止。"), (2, "优先级低。"), (5, "鉴权失败。")];
    let ko = [(1, "중단"), (2, "우선순위 낮음"), (5, "인증 실패")];
    let causes = "<table>\n<tr><th>Cause</th></tr>\n<tr><td>Push client stopped pushing.</td></tr>\n<tr><td>Priority is too low.</td></tr>\n<tr><td>Authentication failed.</td></tr>\n</table>\n";
    let g = run(&four(&en, &ja, &zh, &ko, &[("causes.md", "en", "causes", causes)], &categories(&[1, 2, 5])));
    let m2 = msg(entry(&g.table, 2, 0), "en");
    assert_eq!((m2.text.as_str(), m2.provenance, m2.source.as_str(), m2.line), ("Priority is too low.", Provenance::Aligned, "causes", 4));
    let m1 = msg(entry(&g.table, 1, 0), "en");
    assert_eq!(m1.alternates.iter().map(|a| a.text.as_str()).collect::<Vec<_>>(), ["Push client stopped pushing."]);
    // Same text in both docs: no alternate to keep.
    assert!(msg(entry(&g.table, 5, 0), "en").alternates.is_empty());
}

#[test]
fn when_order_and_text_disagree_the_text_wins_and_the_rest_is_reported() {
    // The code-less doc swaps the order of two causes: only one can align
    // monotonically; the other is reported with its line.
    let en = [(1, "Authentication failed."), (2, "The stream is disabled.")];
    let ja = [(1, "認証失敗。"), (2, "ストリーム無効。")];
    let zh = [(1, "鉴权失败。"), (2, "流已禁用。")];
    let ko = [(1, "인증 실패"), (2, "스트림 비활성화")];
    let causes =
        "<table>\n<tr><th>Cause</th></tr>\n<tr><td>The stream is disabled.</td></tr>\n<tr><td>Authentication failed.</td></tr>\n</table>\n";
    let extra = [("causes.md", "en", "causes", causes)];
    let rendered = refused(&four(&en, &ja, &zh, &ko, &extra, &categories(&[1, 2])));
    assert!(rendered.contains("seeds/causes.md:4: cause \"Authentication failed.\" matches no cause of the coded docs"), "{rendered}");

    // Pinning it in the decisions file settles it.
    let pinned = format!(
        "{}[[align]]\nsource = \"causes\"\ncause = \"Authentication failed.\"\ncode = \"1\"\nwhy = \"test\"\n",
        categories(&[1, 2])
    );
    let g = run(&four(&en, &ja, &zh, &ko, &extra, &pinned));
    assert!(g.table.alignment.iter().any(|a| a.pinned && a.codes == [code(1, 0)]));
}

#[test]
fn a_missing_cell_names_the_code_the_language_and_the_fix() {
    let ko = [(1, "바쁨"), (7, "새 원인")];
    let input = four(&[(1, "Busy.")], &[(1, "混雑しています。")], &[(1, "繁忙。")], &ko, &[], &categories(&[1, 7]));
    insta::assert_snapshot!(refused(&input));
}

#[test]
fn curated_texts_fill_cells_and_must_be_in_the_languages_script() {
    let ko = [(1, "바쁨"), (7, "새 원인")];
    let curated = |en: &str| {
        let mut out = categories(&[1, 7]);
        for (lang, text) in [("en", en), ("ja", "新しい原因。"), ("zh", "新原因。")] {
            out.push_str(&format!("[[curated]]\ncode = \"7\"\nlang = \"{lang}\"\ntext = \"{text}\"\nwhy = \"test\"\n"));
        }
        out
    };
    let input = |en: &str| four(&[(1, "Busy.")], &[(1, "混雑しています。")], &[(1, "繁忙。")], &ko, &[], &curated(en));
    let g = run(&input("A new cause."));
    let m = msg(entry(&g.table, 7, 0), "en");
    assert_eq!((m.text.as_str(), m.provenance, m.source.as_str(), m.line), ("A new cause.", Provenance::Curated, "decisions", 8));
    let rendered = refused(&input("새 원인"));
    assert!(rendered.contains("code 7 en text \"새 원인\" (curated, seeds/decisions.toml:8) is not written in English"), "{rendered}");
}

#[test]
fn codes_of_one_cause_must_share_their_hints() {
    let decisions = "schema_version = 1\n[codes]\n\"1\" = { category = \"network\", retryable = true }\n\"2\" = { category = \"internal\", retryable = true }\n";
    let input = four(
        &[(1, "Busy."), (2, "Busy.")],
        &[(1, "混雑しています。"), (2, "混雑しています。")],
        &[(1, "繁忙。"), (2, "繁忙。")],
        &[(1, "바쁨"), (2, "바쁨")],
        &[],
        decisions,
    );
    assert_eq!(
        refused_messages(&input),
        [
            "seeds/decisions.toml:3: codes that share a cause have different hints: 1 → network (retryable = true); 2 → internal (retryable = true)"
        ]
    );
}

#[test]
fn a_dissent_decision_replaces_the_majoritys_texts() {
    // en, ja and zh put 3 with 1; ko puts it with 2; the decision says ko is right.
    let en = [(1, "A."), (2, "B."), (3, "A."), (4, "A.")];
    let ja = [(1, "あ"), (2, "い"), (3, "あ"), (4, "あ")];
    let zh = [(1, "甲"), (2, "乙"), (3, "甲"), (4, "甲")];
    let ko = [(1, "가"), (2, "나"), (3, "나"), (4, "가")];
    let decisions = format!(
        "{}[[conflict]]\ncodes = [\"3\"]\ndissent = [\"ko\"]\nholds = \"dissent\"\nwhy = \"ko is the newest revision\"\n",
        categories(&[1, 2, 3, 4])
    );
    let g = run(&four(&en, &ja, &zh, &ko, &[], &decisions));
    let en3 = msg(entry(&g.table, 3, 0), "en");
    assert_eq!((en3.text.as_str(), en3.inferred_from.clone()), ("B.", Some(code(2, 0))));
    assert_eq!(en3.doc_text.as_ref().map(|d| d.text.as_str()), Some("A."));
    assert_eq!(g.table.conflicts[0].dissent, [langs()[3].clone()]);
    assert!(reconcile::remaining_conflicts(&g.table).is_empty());
}

#[test]
fn a_flood_of_problems_is_reported_in_bounded_form() {
    // A Korean doc of one code beside an English one of 300, and no [codes]:
    // 299 empty Korean cells and 300 codes without a category.
    let rows: Vec<(u16, String)> = (0..300).map(|i| (i, format!("Reason {i}."))).collect();
    let rows: Vec<(u16, &str)> = rows.iter().map(|(c, t)| (*c, t.as_str())).collect();
    let ko = coded(&[(0, "이유")]);
    let input = literal_input(&[("en.md", "en", "coded", &coded(&rows)), ("ko.md", "ko", "coded", &ko)], "schema_version = 1\n");
    let problems = generate(&input).expect_err("refused");
    // 100 of each kind one by one, then one problem counting the rest.
    assert_eq!(problems.error_count(), 202);
    let messages: Vec<&str> = problems.0.iter().map(|p| p.message.as_str()).collect();
    assert!(messages.contains(&"seeds/decisions.toml: 199 more (code, language) cells have no text"), "{messages:?}");
    assert!(messages.contains(&"seeds/decisions.toml: 200 more codes have no [codes] entry"), "{messages:?}");
    let rendered = problems.render();
    assert!(rendered.contains("… and 152 more problem(s) (152 error(s)) not shown"), "{}", &rendered[rendered.len().saturating_sub(300)..]);
}

#[test]
fn a_broken_folder_reports_every_problem_once_in_manifest_order() {
    // A doc listed but absent, a file not listed, a doc that is not UTF-8.
    let mut broken = frozen_set();
    let ja = broken.files.remove("stream-interruption.ja.md").expect("the seeds have the Japanese doc");
    broken.files.insert("stray.md".to_owned(), ja);
    broken.files.insert("stream-interruption.ko.md".to_owned(), codegen::input::FileBytes::Read(vec![0xff, 0xfe]));
    let messages = refused_messages(&broken);
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0]
            .starts_with("tests/fixtures/stream-interruption/stray.md: not listed in tests/fixtures/stream-interruption/manifest.toml"),
        "{messages:?}"
    );
    assert!(messages[1].contains("tests/fixtures/stream-interruption/stream-interruption.ja.md is listed but absent"), "{messages:?}");
    assert!(messages[2].starts_with("tests/fixtures/stream-interruption/stream-interruption.ko.md:1: not UTF-8"), "{messages:?}");
}

/// Random groupings: `codes` codes, each with a class (of `classes`) or none
/// in each language.
fn groupings(codes: std::ops::Range<usize>, classes: u32) -> impl proptest::strategy::Strategy<Value = classes::Grouping> {
    use proptest::prelude::*;
    proptest::collection::vec(proptest::array::uniform4(proptest::option::weighted(0.8, 0..classes)), codes).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, ids)| {
                let classes = langs().into_iter().zip(ids).filter_map(|(l, id)| Some((l, id?.to_string())));
                (code(i64::try_from(i).unwrap_or(i64::MAX), 0), classes.collect())
            })
            .collect()
    })
}

/// The cause classes as their definition says: codes linked, directly or
/// through others, by a class they share in some language; each named by its
/// smallest code.
fn connected_codes(grouping: &classes::Grouping) -> std::collections::BTreeMap<Code, Code> {
    let mut class_of: std::collections::BTreeMap<Code, Code> = grouping.keys().map(|c| (c.clone(), c.clone())).collect();
    loop {
        let mut changed = false;
        for (a, ids_a) in grouping {
            for (b, ids_b) in grouping {
                let linked = langs().iter().any(|l| ids_a.get(l).is_some() && ids_a.get(l) == ids_b.get(l));
                if linked && class_of[b] > class_of[a] {
                    class_of.insert(b.clone(), class_of[a].clone());
                    changed = true;
                }
            }
        }
        if !changed {
            return class_of;
        }
    }
}

/// The conflicts as `groups::detect`'s documentation defines them, the plain
/// way: per ordered language pair, each class of the first that the second
/// splits marks the codes outside the second's unique largest part (all of
/// them without one); marks sharing a code are one conflict, whose dissent is
/// the smallest set of languages in every pair that marked it (by size, then
/// language order; `split` when another set of that size would do), and whose
/// codes are the codes marked with a unique largest part, else all marked.
fn conflicts_by_definition(grouping: &classes::Grouping) -> Vec<classes::Found> {
    use std::collections::{BTreeMap, BTreeSet};
    type Marks = (BTreeSet<Code>, BTreeSet<Code>, BTreeSet<(Lang, Lang)>);
    let mut marks: Vec<Marks> = Vec::new();
    for l in langs() {
        for m in langs().into_iter().filter(|m| *m != l) {
            let mut parts: BTreeMap<&String, BTreeMap<&String, Vec<Code>>> = BTreeMap::new();
            for (code, ids) in grouping {
                if let (Some(a), Some(b)) = (ids.get(&l), ids.get(&m)) {
                    parts.entry(a).or_default().entry(b).or_default().push(code.clone());
                }
            }
            for split in parts.values().filter(|p| p.len() > 1) {
                let largest = split.values().map(Vec::len).max().unwrap_or(0);
                let unique = split.values().filter(|p| p.len() == largest).count() == 1;
                let marked: BTreeSet<Code> = split.values().filter(|p| !(unique && p.len() == largest)).flatten().cloned().collect();
                let strict = if unique { marked.clone() } else { BTreeSet::new() };
                marks.push((marked, strict, BTreeSet::from([(l.clone().min(m.clone()), l.clone().max(m.clone()))])));
            }
        }
    }
    // Join marks that share a code: a code's root is the first code of what
    // it is joined to, followed until it names itself.
    let mut root: BTreeMap<Code, Code> = BTreeMap::new();
    fn find(root: &BTreeMap<Code, Code>, mut code: Code) -> Code {
        while let Some(up) = root.get(&code).filter(|up| **up != code) {
            code = up.clone();
        }
        code
    }
    for (marked, _, _) in &marks {
        let first = marked.first().cloned().expect("a mark has codes");
        for code in marked {
            let (a, b) = (find(&root, first.clone()), find(&root, code.clone()));
            let low = a.clone().min(b.clone());
            root.insert(a, low.clone());
            root.insert(b, low);
        }
    }
    let mut by_root: BTreeMap<Code, Marks> = BTreeMap::new();
    for (marked, strict, pairs) in marks {
        let joined = by_root.entry(find(&root, marked.first().cloned().expect("a mark has codes"))).or_default();
        joined.0.extend(marked);
        joined.1.extend(strict);
        joined.2.extend(pairs);
    }
    let joined: Vec<Marks> = by_root.into_values().collect();
    let subsets: Vec<Vec<Lang>> = {
        let mut subsets: Vec<Vec<Lang>> =
            (1u8..16).map(|mask| langs().into_iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, l)| l).collect()).collect();
        subsets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        subsets
    };
    let mut found: Vec<classes::Found> = joined
        .into_iter()
        .map(|(all, strict, pairs)| {
            let covers = |s: &Vec<Lang>| pairs.iter().all(|(a, b)| s.contains(a) || s.contains(b));
            let dissent = subsets.iter().find(|s| covers(s)).cloned().unwrap_or_default();
            let split = subsets.iter().filter(|s| s.len() == dissent.len() && covers(s)).count() > 1;
            let codes = if strict.is_empty() { all } else { strict };
            classes::Found { codes: codes.into_iter().collect(), dissent, split }
        })
        .collect();
    found.sort_by(|a, b| a.codes.cmp(&b.codes));
    found
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 200, ..proptest::test_runner::Config::default() })]

    #[test]
    fn cause_classes_are_the_codes_linked_by_a_shared_class(grouping in groupings(0..60, 12)) {
        proptest::prop_assert_eq!(classes::components(&grouping), connected_codes(&grouping));
    }

    #[test]
    fn the_conflicts_found_are_those_of_the_definition(grouping in groupings(0..80, 6)) {
        proptest::prop_assert_eq!(classes::detect(&grouping), conflicts_by_definition(&grouping));
    }

    #[test]
    fn the_conflicts_found_do_not_depend_on_the_numbers_of_the_class_ids(grouping in groupings(0..200, 10), shift in 0u32..5000) {
        // Another id for each class (reversed and shifted, per language): the
        // codes grouped together are the same, so are the conflicts.
        let renumbered: classes::Grouping = grouping
            .iter()
            .map(|(code, ids)| (code.clone(), ids.iter().map(|(l, id)| (l.clone(), (shift + 10 - id.parse::<u32>().unwrap_or(0)).to_string())).collect()))
            .collect();
        proptest::prop_assert_eq!(classes::detect(&renumbered), classes::detect(&grouping));
    }
}

#[test]
fn a_codes_key_that_matches_no_code_suggests_the_code_it_likely_meant() {
    let en = format!("{HEAD}| 18 | 503 | Busy. |\n| 18 | 504 | Gone. |\n");
    // 18/503 typed as 18/530 (two digits swapped); 18/504 has its entry.
    let decisions = "schema_version = 1\n[codes]\n\"18/530\" = { category = \"unknown\", retryable = true }\n\
                     \"18/504\" = { category = \"unknown\", retryable = true }\n\"7\" = { category = \"unknown\", retryable = true }\n";
    let rendered = refused(&literal_input(&[("en.md", "en", "coded", &en)], decisions));
    assert!(rendered.contains("[codes] lists 18/530, which no coded doc lists") && rendered.contains("did you mean 18/503?"), "{rendered}");
    // A key far from every code without an entry suggests nothing.
    assert!(rendered.contains("[codes] lists 7,") && !rendered.contains("did you mean 18/504"), "{rendered}");
}

/// A rendered report with its line wrapping and box drawing undone.
fn unwrapped(report: &str) -> String {
    report.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn errmsg_strings_that_differ_between_languages_are_refused_naming_each_row() {
    let mut input = frozen_set();
    edit(&mut input, "stream-interruption-callback.ko.md", "| 3      | recv() return 0 ", "| 3      | recv() returned 0 ");
    let report = unwrapped(&refused(&input));
    assert!(report.contains("the errmsg docs give errcode 3 different errmsg strings"), "{report}");
    assert!(report.contains("stream-interruption-callback.en.md:54") && report.contains("stream-interruption-callback.ko.md"), "{report}");
}

#[test]
fn an_errmsg_row_for_an_errcode_no_coded_doc_lists_is_refused() {
    let mut input = frozen_set();
    let free = free_errcode(&input);
    edit(&mut input, "stream-interruption-callback.zh.md", "| 7      | rtmp", &format!("| {free}      | rtmp"));
    let report = unwrapped(&refused(&input));
    assert!(report.contains(&format!("errcode {free} is not a code of the coded docs")), "{report}");
}

#[test]
fn only_the_last_row_of_an_errmsg_table_may_be_the_others_row() {
    let mut input = frozen_set();
    edit(&mut input, "stream-interruption-callback.en.md", "| 4      | recv() return error", "| Some   | recv() return error");
    let report = refused(&input);
    assert!(report.contains("stream-interruption-callback.en.md:55") && report.contains("errcode `Some`"), "{report}");
    // Case and spacing aside, the strings agree; the first wording is kept with every doc's line.
    let mut input = frozen_set();
    edit(&mut input, "stream-interruption-callback.ja.md", "| 1      | recv rtmp deleteStream ", "| 1      | RECV  rtmp deletestream ");
    let g = run(&input);
    let one = entry(&g.table, 1, 0).errmsgs.as_ref().expect("errmsgs");
    assert_eq!(one.len(), 1);
    assert_eq!((one[0].errmsg.as_str(), one[0].sources.len()), ("recv rtmp deleteStream", 4));
    assert_eq!(g.table.errmsg_fallback.len(), 4);
}
