//! The table's own lookups agree with it: every code is found by its key
//! and by each of its texts, and every language by its tag.

use css_push_exceptions::{Lang, all, lookup, match_text, sources};

#[test]
fn every_code_is_found_by_its_key_and_by_its_texts() {
    assert!(!all().is_empty());
    for e in all() {
        assert_eq!(lookup(e.r#type()), Some(e));
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
