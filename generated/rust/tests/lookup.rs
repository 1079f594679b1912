use css_stop_reasons::{Lang, Provenance, all, lookup, sources};

#[test]
fn known_codes_give_the_docs_texts() {
    let r = lookup(18, 503).expect("18/503 is documented");
    assert_eq!(r.message(Lang::En), Some("Authentication parameter verification failed."));
    assert_eq!(r.message(Lang::Zh), Some("校验鉴权参数不通过。"));
    assert_eq!(r.message(Lang::Ja), Some("認証パラメータの検証に失敗しました。"));
    assert_eq!(r.message(Lang::Ko), Some("인증 매개변수 검증 미통과"));
    let zh = r.message_detail(Lang::Zh).expect("zh message");
    assert_eq!(zh.provenance(), Provenance::Doc);
    assert_eq!(zh.source().file(), "seeds/stream-interruption.zh.md");
    assert!(zh.line() > 0);
}

#[test]
fn codes_without_sub_codes_use_zero_and_unknown_pairs_are_none() {
    assert_eq!(lookup(1, 0).and_then(|r| r.message(Lang::En)), Some("The push client actively stopped the push."));
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
}
