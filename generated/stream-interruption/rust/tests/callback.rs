//! The interruption callback: decoding real-shaped bodies and verifying signs.
//! The fixture's sign is MD5("3f6a8c1e9b7d" + "1700000600"), computed with
//! Python's hashlib, not with this crate.

use css_stop_reasons::{Callback, ErrcodeMatch, SignError, lookup_errcode};

const KEY: &str = "3f6a8c1e9b7d";

fn fixture() -> Callback {
    serde_json::from_str(include_str!("fixtures/interruption_callback.json")).expect("the fixture decodes")
}

#[test]
fn decodes_every_documented_field_and_keeps_the_rest() {
    let cb = fixture();
    assert_eq!((cb.event_type, cb.errcode, cb.t), (0, 18, 1_700_000_600));
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
    forged.sign = "b9d3f5bbad3e621e407853af489589bf".to_owned();
    assert_eq!(forged.verify_sign(KEY, 1_700_000_000), Err(SignError::Forged));
    // A later t under the old sign is forged, not "not yet expired".
    let mut replayed = cb.clone();
    replayed.t += 3600;
    assert_eq!(replayed.verify_sign(KEY, 1_700_000_000), Err(SignError::Forged));
    let mut malformed = cb;
    malformed.sign = "not-a-sign".to_owned();
    assert_eq!(malformed.verify_sign(KEY, 1_700_000_000), Err(SignError::Malformed));
    // Upper-case hex is the same sign.
    let mut upper = fixture();
    upper.sign = upper.sign.to_uppercase();
    assert_eq!(upper.verify_sign(KEY, 1_700_000_000), Ok(()));
}
