//! The table's own lookups agree with it: every code is found by its key, by its symbolic name
//! and by each of its texts, and every language by its tag.

use trtc_android_codes::{Lang, all, lookup, match_text, sources};

#[test]
fn every_code_is_found_by_its_key_and_by_its_texts() {
    assert!(!all().is_empty());
    for e in all() {
        assert_eq!(lookup(e.value()), Some(e));
        for lang in Lang::ALL {
            let found = match_text(e.message(lang), Some(lang));
            assert!(found[0].is_exact() && found[0].reasons().contains(&e), "{e} {lang}");
        }
    }
}

#[test]
fn every_language_is_named_by_its_tag_and_has_a_doc() {
    for lang in Lang::ALL {
        assert_eq!(lang.tag().parse(), Ok(lang));
        assert!(sources().iter().any(|s| s.lang() == lang));
    }
    assert_eq!(Lang::negotiate(""), Lang::ALL[0]);
}

#[test]
fn every_code_is_found_by_its_symbolic_name() {
    for e in all() {
        assert_eq!(trtc_android_codes::lookup_symbol(e.symbol()), Some(e));
    }
}

#[test]
fn the_symbolic_names_are_constants_holding_their_codes() {
    use trtc_android_codes::symbols;
    assert_eq!(lookup(symbols::ERR_ROOM_ENTER_FAIL).map(|e| e.symbol()), Some("ERR_ROOM_ENTER_FAIL"));
    assert_eq!(lookup(symbols::WARNING_NET_BUSY).map(|e| e.symbol()), Some("WARNING_NET_BUSY"));
}
