//! The crate's lookups agree with its table, whatever codes and texts the
//! docs give: no test here names a code or a text of today's docs, so a
//! routine doc update needs no test edited.

use css_stop_reasons::{ErrcodeMatch, How, Lang, Provenance, StopReason, all, conflicts, lookup, lookup_errcode, match_text, sources};

/// An errcode no entry has: the first gap in the table, or past its end.
fn unknown_errcode() -> u16 {
    (0..=u16::MAX).find(|e| all().iter().all(|r| r.errcode() != *e)).expect("the table leaves an errcode free")
}

#[test]
fn every_code_is_found_by_its_pair_with_a_text_in_every_language() {
    assert!(!all().is_empty());
    for r in all() {
        assert_eq!(lookup(r.errcode(), r.sub_errcode()), Some(r));
        for lang in Lang::ALL {
            assert!(!r.message(lang).is_empty(), "{r} {lang}");
        }
    }
}

#[test]
fn every_text_says_where_it_comes_from() {
    for r in all() {
        for lang in Lang::ALL {
            let m = r.message_detail(lang);
            assert_eq!(m.inferred_from().is_some(), m.provenance() == Provenance::Inferred, "{r} {lang}");
            match m.provenance() {
                Provenance::Doc => assert_eq!(m.source().map(|s| (s.role(), s.lang())), Some(("coded", lang)), "{r} {lang}"),
                Provenance::Aligned => assert_eq!(m.source().map(|s| (s.role(), s.lang())), Some(("causes", lang)), "{r} {lang}"),
                Provenance::Curated => assert!(m.source().is_none(), "{r} {lang}"),
                Provenance::Inferred => {
                    let (e, s) = m.inferred_from().expect("inferred from a code");
                    let from = lookup(e, s).expect("inferred from a code of the table");
                    assert_eq!(from.message(lang), m.text(), "{r} {lang}: not the text of {from}");
                }
                other => panic!("{r} {lang}: a provenance this test does not know: {other:?}"),
            }
            if m.source().is_some() {
                assert!(m.line() > 0, "{r} {lang}");
            }
        }
    }
}

#[test]
fn pairs_the_table_lacks_are_none() {
    let free = unknown_errcode();
    assert!(lookup(free, 0).is_none());
    assert_eq!(lookup_errcode(free), ErrcodeMatch::Unknown);
    assert!(lookup(u16::MAX, u16::MAX).is_none() || all().iter().any(|r| r.code() == (u16::MAX, u16::MAX)));
    // A sub code an errcode does not list.
    for r in all() {
        let listed = |s: u16| all().iter().any(|o| o.code() == (r.errcode(), s));
        let missing = (0..=u16::MAX).find(|s| !listed(*s)).expect("a free sub code");
        assert!(lookup(r.errcode(), missing).is_none(), "{}/{missing}", r.errcode());
    }
}

#[test]
fn the_table_is_sorted_and_cites_its_sources() {
    let codes: Vec<_> = all().iter().map(StopReason::code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    for lang in Lang::ALL {
        assert!(sources().iter().any(|s| s.lang() == lang && s.role() == "coded"), "no coded doc in {lang}");
        assert_eq!(lang.tag().parse(), Ok(lang));
    }
    for c in conflicts() {
        assert!(c.codes.iter().all(|(e, s)| lookup(*e, *s).is_some()), "conflict {} names a code the table lacks", c.id);
    }
}

#[test]
fn errcode_alone_gives_one_entry_or_the_candidates_and_what_they_share() {
    for r in all() {
        let run: Vec<&StopReason> = all().iter().filter(|o| o.errcode() == r.errcode()).collect();
        match lookup_errcode(r.errcode()) {
            ErrcodeMatch::Single(one) => assert_eq!(run, [one]),
            ErrcodeMatch::Multiple { candidates, category, retryable } => {
                assert_eq!(candidates.iter().collect::<Vec<_>>(), run);
                let first = run[0];
                let same_category = run.iter().all(|o| o.category() == first.category());
                let same_retry = run.iter().all(|o| o.retryable() == first.retryable());
                assert_eq!(category, same_category.then(|| first.category()));
                assert_eq!(retryable, same_retry.then(|| first.retryable()));
            }
            other => panic!("{} is in the table: {other:?}", r.errcode()),
        }
    }
}

#[test]
fn reverse_lookup_is_exact_first_then_ranked_and_never_a_silent_guess() {
    for r in all() {
        for lang in Lang::ALL {
            // Exact whatever the width and case: full-width text is the same text.
            let text = r.message(lang);
            let m = match_text(&text.to_uppercase(), Some(lang));
            assert!(m.len() == 1 && m[0].is_exact() && m[0].score() == 1.0, "{r} {lang}");
            assert!(m[0].reasons().contains(&r), "{r} {lang}");
        }
    }
    // A text cut short ranks suggestions, best first, none marked exact.
    let longest = all().iter().map(|r| r.message(Lang::En)).max_by_key(|t| t.len()).expect("a text");
    let cut: String = longest.chars().take(longest.chars().count() * 3 / 4).collect();
    let m = match_text(&cut, Some(Lang::En));
    assert!(m.iter().all(|x| x.score() >= 0.4 && x.score() <= 1.0 && !x.is_exact()));
    assert!(m.windows(2).all(|w| w[0].score() >= w[1].score()));
    // Nothing that is no text at all.
    assert!(match_text("   。", None).is_empty());
}

#[test]
fn display_and_language_fallback() {
    for r in all() {
        let code = if r.sub_errcode() == 0 { r.errcode().to_string() } else { format!("{}/{}", r.errcode(), r.sub_errcode()) };
        assert_eq!(r.to_string(), format!("{code} ({}): {}", r.category().as_str(), r.message(Lang::En)));
        assert_eq!(r.message_for("de-DE, zh-CN;q=0.7"), r.message(Lang::Zh));
        assert_eq!(r.message_for(""), r.message(Lang::ALL[0]));
    }
    assert_eq!(Lang::negotiate("ko-KR,ko;q=0.9,en-US;q=0.8"), Lang::Ko);
    assert_eq!("zh-Hans".parse(), Ok(Lang::Zh));
}

/// The code as the API's `StopReason` writes it after the text: `3`, or `18/503`.
fn written(r: &StopReason) -> String {
    if r.sub_errcode() == 0 { r.errcode().to_string() } else { format!("{}/{}", r.errcode(), r.sub_errcode()) }
}

#[test]
fn a_code_in_parentheses_is_the_answer_and_the_text_is_read_beside_it() {
    for r in all() {
        let siblings: Vec<&StopReason> = all().iter().filter(|o| o.errcode() == r.errcode()).collect();
        for lang in Lang::ALL {
            let text = r.message(lang);
            for query in [format!("{text} ({})", written(r)), format!("{text}（{}）", written(r)), format!("{text}({})", written(r))] {
                let m = match_text(&query, None);
                assert_eq!(m[0].how(), How::Code, "{query}");
                let expected: Vec<&StopReason> = if r.sub_errcode() == 0 { siblings.clone() } else { vec![r] };
                assert_eq!(m[0].reasons(), expected.as_slice(), "{query}");
                assert_eq!(m[0].lang(), Some(lang), "{query}");
                // The text beside the code confirms it: it is the code's own text.
                assert!(m[1..].iter().any(|x| x.how() == How::Exact && x.reasons().contains(&r)), "{query}");
            }
        }
    }
    // A code the table lacks is no answer: the text alone is read.
    let free = (0..=u16::MAX).find(|e| all().iter().all(|r| r.errcode() != *e)).expect("a free errcode");
    let text = all()[0].message(Lang::En);
    assert!(match_text(&format!("{text} ({free})"), None).iter().all(|m| m.how() != How::Code));
}

#[test]
fn an_errmsg_is_answered_by_the_codes_it_is_documented_for() {
    for r in all() {
        for e in r.errmsgs() {
            for query in [e.errmsg().to_owned(), e.errmsg().to_uppercase(), format!("  {}  ", e.errmsg().replace(' ', "  "))] {
                let m = match_text(&query, None);
                assert_eq!((m[0].how(), m[0].lang(), m[0].text()), (How::Errmsg, None, e.errmsg()), "{query}");
                assert!(m[0].reasons().contains(&r), "{query}");
            }
            assert!(e.sources().all(|(s, line)| s.role() == "errmsg" && line > 0));
        }
    }
}

#[test]
fn a_text_without_its_final_punctuation_is_exact_and_a_part_of_one_is_contained() {
    for r in all() {
        for lang in Lang::ALL {
            let text = r.message(lang);
            let bare = text.trim_end_matches(['.', '。']);
            let m = match_text(bare, Some(lang));
            assert!(m[0].how() == How::Exact && m[0].reasons().contains(&r), "{bare}");
            // The middle third of the text, when it is a few characters or more.
            let chars: Vec<char> = bare.chars().collect();
            let part: String = chars[chars.len() / 3..chars.len() * 2 / 3].iter().collect();
            let part = part.trim();
            if part.chars().count() < 2 || !match_text(part, Some(lang)).iter().all(|x| x.how() == How::Contains) {
                continue; // too short, or itself a whole text
            }
            let m = match_text(part, Some(lang));
            assert!(m.windows(2).all(|w| w[0].score() >= w[1].score()), "{part}");
            let own = m.iter().any(|x| x.reasons().contains(&r));
            assert!(own || m.len() == 20, "{part:?} of {text:?}: {m:?}");
        }
    }
}

#[test]
fn categories_and_languages_print_parse_and_list_themselves() {
    use css_stop_reasons::{Category, UnknownCategory};
    for c in Category::ALL {
        assert_eq!(c.to_string(), c.as_str());
        assert_eq!(c.as_str().parse::<Category>(), Ok(c));
    }
    assert_eq!("no such category".parse::<Category>(), Err(UnknownCategory));
    assert!(UnknownCategory.to_string().contains(Category::ALL[0].as_str()));
    assert!(all().iter().all(|r| Category::ALL.contains(&r.category())));
    for lang in Lang::ALL {
        assert_eq!(lang.to_string().parse::<Lang>(), Ok(lang));
    }
}
