//! The push interruption callback: the JSON body CSS posts to your callback
//! URL when a push is interrupted (`event_type` 0), and its sign verification.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use md5::{Digest, Md5};
use serde::{Deserialize, Deserializer, Serialize};

use crate::{ErrcodeMatch, How, StopReason, lookup_errcode, match_text};

/// The body of a CSS stream event callback, as the interruption callback
/// (`event_type` 0) sends it.
///
/// Numeric fields accept numbers or numeric strings (the samples send
/// `push_duration` as a string); fields the docs do not list are kept in
/// [`Callback::other`], so nothing CSS sends is lost.
///
/// ```
/// use css_stop_reasons::{Callback, Lang};
///
/// let body = r#"{"app":"push.example.com","appid":12345678,"appname":"live","stream_id":"s1",
///   "channel_id":"s1","event_time":1700000000,"event_type":0,"sequence":"42","node":"127.0.0.1",
///   "user_ip":"192.0.2.1","stream_param":"txSecret=x&txTime=y","push_duration":"61234",
///   "errcode":1,"errmsg":"The push client actively stopped the push.","t":1700000600,
///   "sign":"0d7bcfe7a6ea8b3f4afe2ec9fdb0ae9e","idc_id":38}"#;
/// let cb: Callback = serde_json::from_str(body).unwrap();
/// assert_eq!(cb.push_duration, Some(61_234));
/// let reason = cb.reason().candidates()[0];
/// assert_eq!(reason.message(Lang::Ja), "プッシュクライアントが自動的にストリームを切断しました。");
/// assert!(cb.other.contains_key("idc_id"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Callback {
    /// 0 for a push interruption, 1 for a push start.
    #[serde(deserialize_with = "number")]
    pub event_type: u64,
    /// The interruption code (without `sub_errcode`: see [`Callback::reason`]).
    #[serde(default, deserialize_with = "number")]
    pub errcode: u64,
    /// The interruption message as CSS words it.
    #[serde(default)]
    pub errmsg: String,
    /// The account's app id.
    #[serde(default, deserialize_with = "opt_number")]
    pub appid: Option<u64>,
    /// The push domain.
    #[serde(default)]
    pub app: String,
    /// The push path (`AppName`).
    #[serde(default)]
    pub appname: String,
    /// The stream name.
    #[serde(default)]
    pub stream_id: String,
    /// The channel id (same as the stream name by default).
    #[serde(default)]
    pub channel_id: String,
    /// When the event happened, Unix seconds.
    #[serde(default, deserialize_with = "opt_number")]
    pub event_time: Option<u64>,
    /// The message sequence number.
    #[serde(default)]
    pub sequence: String,
    /// The CSS node that handled the push.
    #[serde(default)]
    pub node: String,
    /// The pushing client's IP.
    #[serde(default)]
    pub user_ip: String,
    /// The query string of the push URL.
    #[serde(default)]
    pub stream_param: String,
    /// How long the push lasted, in milliseconds (sent as a string in the samples).
    #[serde(default, deserialize_with = "opt_number")]
    pub push_duration: Option<u64>,
    /// When the signature expires, Unix seconds (absent where the console has no callback key).
    #[serde(default, deserialize_with = "opt_number")]
    pub t: Option<u64>,
    /// `MD5(callback key + t)`, lowercase hex (absent where the console has no callback key).
    #[serde(default)]
    pub sign: Option<String>,
    /// Every field the docs do not list, as sent.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A number, or a string holding one.
#[derive(Deserialize)]
#[serde(untagged)]
enum Lenient {
    Number(u64),
    Text(String),
}

fn lenient<E: serde::de::Error>(v: Lenient) -> Result<u64, E> {
    match v {
        Lenient::Number(n) => Ok(n),
        Lenient::Text(s) => s.trim().parse().map_err(|_| E::custom(alloc::format!("expected a number, found {s:?}"))),
    }
}

fn number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    lenient(Lenient::deserialize(d)?)
}

fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<Lenient>::deserialize(d)? {
        None => Ok(None),
        Some(Lenient::Text(s)) if s.trim().is_empty() => Ok(None),
        Some(v) => lenient(v).map(Some),
    }
}

/// Why a callback's signature was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The body has no `t` or no `sign`: nothing to check (is a callback key
    /// set in the CSS console?).
    Missing,
    /// `t` is over 10^11, a time in milliseconds: CSS sends seconds, so the
    /// body was not made as CSS makes it.
    Milliseconds {
        /// The callback's `t`.
        t: u64,
    },
    /// `t` is in the past: the callback is expired (or replayed).
    Expired {
        /// The callback's `t`, Unix seconds.
        expired_at: u64,
        /// The time it was checked at, Unix seconds.
        now: u64,
    },
    /// `sign` is not `MD5(key + t)`: forged, or checked with the wrong key.
    Forged,
    /// `sign` is not 32 hex digits.
    Malformed,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::Missing => f.write_str("callback has no t or no sign to check"),
            SignError::Milliseconds { t } => write!(f, "callback t {t} looks like milliseconds; CSS sends Unix seconds"),
            SignError::Expired { expired_at, now } => write!(f, "callback expired at {expired_at} (now {now})"),
            SignError::Forged => f.write_str("callback sign does not match MD5(key + t)"),
            SignError::Malformed => f.write_str("callback sign is not 32 hex digits"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SignError {}

/// Largest `t` read as Unix seconds (the year 5138); larger ones are milliseconds.
const MAX_SECONDS: u64 = 100_000_000_000;

/// How sure [`Callback::best_reason`] is of its answer, surest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Evidence {
    /// The `errmsg` is the string the callback docs list for one of the errcode's codes.
    Errmsg,
    /// The `errmsg` is the reason text of one of the errcode's codes (newer
    /// callbacks send the English reason without its final period).
    Text,
    /// The errcode has one code; the `errmsg` does not say more.
    Errcode,
    /// The errcode has several codes (18, 21) and the `errmsg` does not tell which.
    Candidates,
    /// No doc lists the errcode.
    Unknown,
}

/// What a callback's `errcode` and `errmsg` together say: one entry where
/// the evidence allows, else the candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct BestReason {
    reason: Option<&'static StopReason>,
    evidence: Evidence,
    candidates: Vec<&'static StopReason>,
}

impl BestReason {
    /// The one entry meant, when the evidence names one.
    pub const fn reason(&self) -> Option<&'static StopReason> {
        self.reason
    }
    /// How the answer was found.
    pub const fn evidence(&self) -> Evidence {
        self.evidence
    }
    /// The entries that remain possible: the one answer, or the errcode's
    /// codes (narrowed by the `errmsg` where it names some of them).
    pub fn candidates(&self) -> &[&'static StopReason] {
        &self.candidates
    }
}

impl Callback {
    /// What the callback's `errcode` says (see [`lookup_errcode`]); codes
    /// beyond the table's range are [`ErrcodeMatch::Unknown`].
    pub fn reason(&self) -> ErrcodeMatch {
        u16::try_from(self.errcode).map_or(ErrcodeMatch::Unknown, lookup_errcode)
    }

    /// One best answer from `errcode` and `errmsg` together: the code whose
    /// errmsg string (or reason text) the `errmsg` is, among the errcode's
    /// codes; else the errcode's one code; else its candidates.
    ///
    /// ```
    /// use css_stop_reasons::{Callback, Evidence};
    ///
    /// let cb: Callback = serde_json::from_str(r#"{"event_type":0,"errcode":1,"errmsg":"recv rtmp deleteStream"}"#).unwrap();
    /// let best = cb.best_reason();
    /// assert_eq!(best.evidence(), Evidence::Errmsg);
    /// assert_eq!(best.reason().map(|r| r.errcode()), Some(1));
    /// ```
    pub fn best_reason(&self) -> BestReason {
        let all: Vec<&'static StopReason> = self.reason().candidates().iter().collect();
        if all.is_empty() {
            return BestReason { reason: None, evidence: Evidence::Unknown, candidates: all };
        }
        for m in match_text(&self.errmsg, None).iter().filter(|m| matches!(m.how(), How::Errmsg | How::Exact)) {
            let named: Vec<&'static StopReason> = m.reasons().iter().copied().filter(|r| all.contains(r)).collect();
            let evidence = if m.how() == How::Errmsg { Evidence::Errmsg } else { Evidence::Text };
            match named.as_slice() {
                [one] => return BestReason { reason: Some(one), evidence, candidates: named },
                [] => {}
                _ if all.len() > 1 => return BestReason { reason: None, evidence: Evidence::Candidates, candidates: named },
                _ => {}
            }
        }
        match all.as_slice() {
            [one] => BestReason { reason: Some(one), evidence: Evidence::Errcode, candidates: all },
            _ => BestReason { reason: None, evidence: Evidence::Candidates, candidates: all },
        }
    }

    /// Checks `sign` against the callback key configured in the CSS console,
    /// at `now` (Unix seconds): the sign must be `MD5(key + t)` in hex, and `t`
    /// must not be in the past. The comparison takes the same time whatever
    /// the sign holds.
    ///
    /// # Errors
    /// [`SignError::Missing`], [`SignError::Malformed`], [`SignError::Forged`],
    /// [`SignError::Milliseconds`] or [`SignError::Expired`], checked in that
    /// order: a forged callback is reported as forged even when it is also expired.
    pub fn verify_sign(&self, key: &str, now: u64) -> Result<(), SignError> {
        self.verify_sign_with_leeway(key, now, 0)
    }

    /// [`Callback::verify_sign`], accepting a `t` up to `leeway` seconds in
    /// the past, for clocks that are not in step with CSS's.
    ///
    /// # Errors
    /// As [`Callback::verify_sign`].
    pub fn verify_sign_with_leeway(&self, key: &str, now: u64, leeway: u64) -> Result<(), SignError> {
        let (Some(t), Some(sign)) = (self.t, self.sign.as_deref()) else { return Err(SignError::Missing) };
        let given = sign.as_bytes();
        if given.len() != 32 || !given.iter().all(u8::is_ascii_hexdigit) {
            return Err(SignError::Malformed);
        }
        let mut hasher = Md5::new();
        hasher.update(key.as_bytes());
        hasher.update(t.to_string().as_bytes());
        let digest = hasher.finalize();
        let mut diff = 0u8;
        for (i, byte) in digest.iter().enumerate() {
            let hex = |n: u8| b"0123456789abcdef"[usize::from(n)];
            diff |= hex(byte >> 4) ^ given[2 * i].to_ascii_lowercase();
            diff |= hex(byte & 0xf) ^ given[2 * i + 1].to_ascii_lowercase();
        }
        if diff != 0 {
            return Err(SignError::Forged);
        }
        if t > MAX_SECONDS {
            return Err(SignError::Milliseconds { t });
        }
        if t.saturating_add(leeway) < now {
            return Err(SignError::Expired { expired_at: t, now });
        }
        Ok(())
    }

    /// [`Callback::verify_sign`] at the system clock's current time.
    ///
    /// # Errors
    /// As [`Callback::verify_sign`].
    #[cfg(feature = "std")]
    pub fn verify_sign_now(&self, key: &str) -> Result<(), SignError> {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.verify_sign(key, now)
    }
}
