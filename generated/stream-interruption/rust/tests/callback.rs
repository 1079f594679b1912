//! The interruption callback: decoding real-shaped bodies, one best answer
//! from errcode and errmsg, and verifying signs.
//! The fixture's sign is MD5("3f6a8c1e9b7d" + "1700000600"), computed with
//! Python's hashlib, not with this crate.

use css_stop_reasons::{Callback, ErrcodeMatch, Evidence, Lang, SignError, all, lookup_errcode};

const KEY: &str = "3f6a8c1e9b7d";

fn fixture() -> Callback {
    serde_json::from_str(include_str!("fixtures/interruption_callback.json")).expect("the fixture decodes")
}

#[test]
fn decodes_every_documented_field_and_keeps_the_rest() {
    let cb = fixture();
    assert_eq!((cb.event_type, cb.errcode, cb.t), (0, 18, Some(1_700_000_600)));
    assert_eq!(cb.push_duration, Some(61_234));
    assert_eq!(cb.appid, Some(1_234_567_890));
    assert_eq!(cb.stream_id, "stream-42");
    let mut other: Vec<&str> = cb.other.keys().map(String::as_str).collect();
    other.sort_unstable();
    assert_eq!(other, ["height", "idc_id", "set_id", "width"]);
    // Round trip keeps the unknown fields.
    let again: Callback = serde_json::from_str(&serde_json::to_string(&cb).expect("encodes")).expect("decodes");
    assert_eq!(again, cb);
}

#[test]
fn push_duration_may_be_a_number_a_string_or_absent() {
    let with = |v: &str| {
        let body = format!(r#"{{"event_type":0,"errcode":1,"t":1,"sign":"x"{v}}}"#);
        serde_json::from_str::<Callback>(&body).map(|c| c.push_duration)
    };
    assert_eq!(with(r#","push_duration":1500"#).ok(), Some(Some(1500)));
    assert_eq!(with(r#","push_duration":"1500""#).ok(), Some(Some(1500)));
    assert_eq!(with("").ok(), Some(None));
    assert!(with(r#","push_duration":"1.5s""#).is_err());
}

#[test]
fn the_callback_errcode_gives_what_lookup_errcode_gives() {
    let cb = fixture();
    let errcode = u16::try_from(cb.errcode).expect("a u16 errcode");
    assert_eq!(cb.reason(), lookup_errcode(errcode));
    // Beyond u16: no code of the table.
    let mut beyond = cb;
    beyond.errcode = u64::from(u16::MAX) + 1;
    assert_eq!(beyond.reason(), ErrcodeMatch::Unknown);
}

#[test]
fn sign_verification_accepts_the_right_key_before_expiry() {
    assert_eq!(fixture().verify_sign(KEY, 1_700_000_000), Ok(()));
    assert_eq!(fixture().verify_sign(KEY, 1_700_000_600), Ok(()));
}

#[test]
fn expired_and_forged_callbacks_are_rejected_with_distinct_errors() {
    let cb = fixture();
    assert_eq!(cb.verify_sign(KEY, 1_700_000_601), Err(SignError::Expired { expired_at: 1_700_000_600, now: 1_700_000_601 }));
    assert_eq!(cb.verify_sign("other-key", 1_700_000_000), Err(SignError::Forged));
    // A sign made with another key (MD5("other-key1700000600")) is forged for ours.
    let mut forged = cb.clone();
    forged.sign = Some("b9d3f5bbad3e621e407853af489589bf".to_owned());
    assert_eq!(forged.verify_sign(KEY, 1_700_000_000), Err(SignError::Forged));
    // A later t under the old sign is forged, not "not yet expired".
    let mut replayed = cb.clone();
    replayed.t = replayed.t.map(|t| t + 3600);
    assert_eq!(replayed.verify_sign(KEY, 1_700_000_000), Err(SignError::Forged));
    let mut malformed = cb;
    malformed.sign = Some("not-a-sign".to_owned());
    assert_eq!(malformed.verify_sign(KEY, 1_700_000_000), Err(SignError::Malformed));
    // Upper-case hex is the same sign.
    let mut upper = fixture();
    upper.sign = upper.sign.map(|s| s.to_uppercase());
    assert_eq!(upper.verify_sign(KEY, 1_700_000_000), Ok(()));
}

#[test]
fn leeway_allows_a_clock_behind_by_that_much() {
    let cb = fixture();
    assert_eq!(cb.verify_sign_with_leeway(KEY, 1_700_000_660, 60), Ok(()));
    assert_eq!(
        cb.verify_sign_with_leeway(KEY, 1_700_000_661, 60),
        Err(SignError::Expired { expired_at: 1_700_000_600, now: 1_700_000_661 })
    );
}

#[test]
fn a_t_in_milliseconds_is_refused_as_such_not_as_expired() {
    let mut cb = fixture();
    // MD5("3f6a8c1e9b7d" + "1700000600000"), by Python's hashlib.
    cb.t = Some(1_700_000_600_000);
    cb.sign = Some("daff0d0805b953f2847974d8ceda54fe".to_owned());
    assert_eq!(cb.verify_sign(KEY, 1_700_000_000), Err(SignError::Milliseconds { t: 1_700_000_600_000 }));
}

#[test]
fn a_body_without_t_or_sign_decodes_and_its_check_says_so() {
    let cb: Callback = serde_json::from_str(include_str!("fixtures/delete_stream_callback.json")).expect("decodes without t and sign");
    assert_eq!((cb.t, cb.sign.as_deref()), (None, None));
    assert_eq!(cb.verify_sign(KEY, 0), Err(SignError::Missing));
    let mut half = fixture();
    half.sign = None;
    assert_eq!(half.verify_sign(KEY, 0), Err(SignError::Missing));
}

#[test]
fn a_real_shaped_callback_is_answered_by_its_errmsg() {
    let cb: Callback = serde_json::from_str(include_str!("fixtures/delete_stream_callback.json")).expect("decodes");
    assert_eq!(cb.push_duration, Some(5000));
    assert!(cb.other.contains_key("set_id") && cb.other.contains_key("idc_id"));
    let best = cb.best_reason();
    assert_eq!(best.evidence(), Evidence::Errmsg);
    let reason = best.reason().expect("one answer");
    assert_eq!(u64::from(reason.errcode()), cb.errcode);
    assert!(reason.errmsgs().iter().any(|m| m.errmsg() == cb.errmsg));
}

/// A callback body with `errcode` and `errmsg`.
fn callback(errcode: u16, errmsg: &str) -> Callback {
    serde_json::from_value(serde_json::json!({ "event_type": 0, "errcode": errcode, "errmsg": errmsg })).expect("decodes")
}

#[test]
fn best_reason_narrows_by_every_documented_errmsg_and_english_text() {
    for r in all() {
        let siblings = all().iter().filter(|o| o.errcode() == r.errcode()).count();
        for m in r.errmsgs() {
            let best = callback(r.errcode(), &m.errmsg().to_uppercase()).best_reason();
            let named = all().iter().filter(|o| o.errcode() == r.errcode() && o.errmsgs().contains(m)).count();
            if named == 1 {
                assert_eq!((best.reason(), best.evidence()), (Some(r), Evidence::Errmsg), "{r}: {}", m.errmsg());
            } else {
                assert!(best.candidates().contains(&r), "{r}: {}", m.errmsg());
            }
        }
        // Newer callbacks send the English reason without its final period.
        let text = r.message(Lang::En).trim_end_matches('.');
        let best = callback(r.errcode(), text).best_reason();
        let same_text = all().iter().filter(|o| o.errcode() == r.errcode() && o.message(Lang::En) == r.message(Lang::En)).count();
        match (siblings, same_text, best.evidence()) {
            (1, _, evidence) => assert!(best.reason() == Some(r) && evidence != Evidence::Candidates, "{r}"),
            (_, 1, evidence) => assert!(best.reason() == Some(r) && evidence == Evidence::Text, "{r}: {evidence:?}"),
            (_, _, evidence) => assert!(evidence == Evidence::Candidates && best.candidates().contains(&r), "{r}"),
        }
    }
}

#[test]
fn best_reason_without_evidence_gives_the_candidates() {
    for r in all() {
        let best = callback(r.errcode(), "").best_reason();
        let run: Vec<_> = all().iter().filter(|o| o.errcode() == r.errcode()).collect();
        assert_eq!(best.candidates(), run.as_slice());
        assert_eq!(best.evidence(), if run.len() == 1 { Evidence::Errcode } else { Evidence::Candidates });
    }
    let free = (0..=u16::MAX).find(|e| all().iter().all(|r| r.errcode() != *e)).expect("a free errcode");
    assert_eq!(callback(free, "recv rtmp deleteStream").best_reason().evidence(), Evidence::Unknown);
}

#[test]
fn categories_languages_and_entries_serialize_as_the_json_writes_them() {
    use css_stop_reasons::Category;
    for c in Category::ALL {
        let json = serde_json::to_string(&c).expect("serializes");
        assert_eq!(json, format!("\"{}\"", c.as_str()));
        assert_eq!(serde_json::from_str::<Category>(&json).expect("deserializes"), c);
    }
    assert!(serde_json::from_str::<Category>("\"no-such\"").is_err());
    for lang in Lang::ALL {
        assert_eq!(serde_json::to_value(lang).expect("serializes"), serde_json::json!(lang.tag()));
    }
    assert!(serde_json::from_str::<Lang>("\"xx\"").is_err());
    for r in all() {
        let v = serde_json::to_value(r).expect("serializes");
        assert_eq!((v["errcode"].as_u64(), v["sub_errcode"].as_u64()), (Some(u64::from(r.errcode())), Some(u64::from(r.sub_errcode()))));
        assert_eq!(v["category"], serde_json::json!(r.category().as_str()));
        let tags: Vec<&str> = v["messages"].as_object().expect("messages").keys().map(String::as_str).collect();
        assert_eq!(tags.len(), Lang::ALL.len());
        for lang in Lang::ALL {
            assert_eq!(v["messages"][lang.tag()], serde_json::json!(r.message(lang)));
        }
    }
}
