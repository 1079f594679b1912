use css_stop_reasons::{Category, Lang, Provenance, all, conflicts, lookup, sources};

#[test]
fn known_codes_give_the_docs_texts() {
    let r = lookup(18, 503).expect("18/503 is documented");
    assert_eq!(r.message(Lang::En), "Authentication parameter verification failed.");
    assert_eq!(r.message(Lang::Zh), "校验鉴权参数不通过。");
    assert_eq!(r.message(Lang::Ja), "認証パラメータの検証に失敗しました。");
    assert_eq!(r.message(Lang::Ko), "인증 매개변수 검증 미통과");
    assert_eq!(r.category(), Category::Auth);
    assert!(!r.retryable());
    let zh = r.message_detail(Lang::Zh);
    assert_eq!(zh.provenance(), Provenance::Doc);
    assert_eq!(zh.source().map(|s| s.file()), Some("seeds/stream-interruption/stream-interruption.zh.md"));
    assert!(zh.line() > 0);
}

#[test]
fn reconciled_cells_carry_their_provenance() {
    // ko's doc text at 16 was set aside by a decision; the ko text is inferred from 5.
    let ko = lookup(16, 0).expect("16").message_detail(Lang::Ko);
    assert_eq!(ko.provenance(), Provenance::Inferred);
    assert_eq!(ko.inferred_from(), Some((5, 0)));
    assert_eq!(ko.doc_text().map(|d| d.text()), Some("푸시 링크 네트워크 오류"));
    // The English text of 18/602 comes from the revision without codes.
    let en = lookup(18, 602).expect("18/602").message_detail(Lang::En);
    assert_eq!(en.provenance(), Provenance::Aligned);
    assert_eq!(en.source().map(|s| s.role()), Some("causes"));
    // Curated texts have no doc source.
    let ja = lookup(39, 0).expect("39").message_detail(Lang::Ja);
    assert_eq!(ja.provenance(), Provenance::Curated);
    assert!(ja.source().is_none());
}

#[test]
fn codes_without_sub_codes_use_zero_and_unknown_pairs_are_none() {
    assert_eq!(lookup(1, 0).map(|r| r.message(Lang::En)), Some("The push client actively stopped the push."));
    assert!(lookup(1, 1).is_none());
    assert!(lookup(18, 0).is_none());
    assert!(lookup(40, 0).is_none());
}

#[test]
fn the_table_is_sorted_and_cites_its_sources() {
    let codes: Vec<_> = all().iter().map(|r| (r.errcode(), r.sub_errcode())).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    assert_eq!(codes.len(), 70);
    assert!(sources().iter().any(|s| s.id() == "ko" && s.lang() == Lang::Ko));
    assert_eq!("zh-Hans".parse(), Ok(Lang::Zh));
    assert_eq!(conflicts().iter().map(|c| c.id).collect::<Vec<_>>(), ["0@ko", "6+23@ja", "16@ko", "18/305+18/308@ko"]);
}

#[test]
fn errcode_alone_gives_one_entry_or_the_candidates_and_what_they_share() {
    use css_stop_reasons::{ErrcodeMatch, lookup_errcode};
    assert!(matches!(lookup_errcode(16), ErrcodeMatch::Single(r) if r.code() == (16, 0)));
    let ErrcodeMatch::Multiple { candidates, category, retryable } = lookup_errcode(21) else { panic!("21 has sub codes") };
    assert_eq!(candidates.iter().map(|r| r.sub_errcode()).collect::<Vec<_>>(), [100, 101, 102, 103]);
    assert_eq!((category, retryable), (Some(Category::Command), None));
    assert_eq!(lookup_errcode(18).candidates().len(), 28);
    assert_eq!(lookup_errcode(40), ErrcodeMatch::Unknown);
    assert_eq!(lookup_errcode(u16::MAX), ErrcodeMatch::Unknown);
}

#[test]
fn reverse_lookup_is_exact_first_then_ranked_and_never_a_silent_guess() {
    use css_stop_reasons::match_text;
    // Exact after normalization: width, case, spacing, trailing punctuation.
    let m = match_text("ＣＳＳシステム内部エラー", Some(Lang::Ja));
    assert_eq!(m.len(), 1);
    assert!(m[0].exact);
    assert_eq!(m[0].score, 1.0);
    assert!(m[0].reasons.iter().any(|r| r.code() == (16, 0)));
    // The code-less revision's wording is known too.
    let m = match_text("Push client interrupted the push", None);
    assert!(m[0].exact);
    assert_eq!(m[0].reasons.iter().map(|r| r.code()).collect::<Vec<_>>(), [(1, 0), (2, 0), (3, 0), (4, 0), (35, 0)]);
    // A rewording ranks the right cause first, marked fuzzy.
    let m = match_text("The authentication parameter check failed", Some(Lang::En));
    assert!(!m.is_empty() && !m[0].exact);
    assert_eq!(m[0].reasons[0].code(), (18, 503));
    assert!(m.windows(2).all(|w| w[0].score >= w[1].score));
    // Unrelated text: nothing.
    assert!(match_text("The weather is nice today", None).is_empty());
    assert!(match_text("   。", None).is_empty());
}

#[test]
fn display_and_language_fallback() {
    let r = lookup(18, 503).expect("18/503");
    assert_eq!(r.to_string(), "18/503 (auth): Authentication parameter verification failed.");
    assert_eq!(lookup(1, 0).expect("1").to_string(), "1 (client): The push client actively stopped the push.");
    assert_eq!(Lang::negotiate("ko-KR,ko;q=0.9,en-US;q=0.8"), Lang::Ko);
    assert_eq!(r.message_for("de-DE, zh-CN;q=0.7"), "校验鉴权参数不通过。");
    assert_eq!(r.message_for(""), r.message(Lang::En));
}
