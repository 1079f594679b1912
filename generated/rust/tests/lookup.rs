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
    assert_eq!(zh.source().map(|s| s.file()), Some("seeds/stream-interruption.zh.md"));
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
