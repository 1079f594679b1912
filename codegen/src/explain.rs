//! What `cargo xtask explain` prints: a code, a reason text or a callback body,
//! explained from `stop_reasons.json` (read with [`crate::query::Reader`]).

use std::fmt::Write as _;

use serde_json::Value;

use crate::query::{Entry, LANGS, Reader, negotiate};

/// An explanation and whether it found what was asked for (the CLI exits 1 if not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The text to print.
    pub text: String,
    /// Whether the code, text or callback errcode is in the table.
    pub found: bool,
}

fn code_name(errcode: u16, sub_errcode: u16) -> String {
    if sub_errcode == 0 { errcode.to_string() } else { format!("{errcode}/{sub_errcode}") }
}

/// The languages to show: the one `lang` negotiates to, or all four.
fn languages(lang: Option<&str>) -> Vec<&'static str> {
    match lang {
        Some(tag) => vec![negotiate(tag)],
        None => LANGS.to_vec(),
    }
}

/// Checks a `--lang` value, a BCP 47 tag or an `Accept-Language` list:
/// the table's language it asks for.
///
/// # Errors
/// When no tag of it is a language of the table (nor `*`): the message lists
/// the tags the table has.
pub fn check_lang(tag: &str) -> Result<&'static str, String> {
    let known = |t: &str| {
        let primary = t.split(';').next().unwrap_or("").trim();
        primary == "*" || LANGS.iter().any(|l| primary.split(['-', '_']).next().is_some_and(|p| p.eq_ignore_ascii_case(l)))
    };
    if tag.split(',').any(known) {
        return Ok(negotiate(tag));
    }
    Err(format!("--lang {tag:?} names no language of the table; it has {} (BCP 47 tags: `ja`, not `jp`)", LANGS.join(", ")))
}

fn entry_text(r: &Reader, e: &Entry, lang: Option<&str>, out: &mut String) {
    let _ = writeln!(
        out,
        "{}  category: {}  retryable: {}",
        code_name(e.errcode, e.sub_errcode),
        e.category,
        if e.retryable { "yes" } else { "no" }
    );
    for l in languages(lang) {
        let Some(m) = e.messages.get(l) else { continue };
        let _ = writeln!(out, "  {l}  {}", m.text);
        let mut from = format!("{} ({}:{})", m.provenance, r.source_file(&m.source), m.line);
        if let Some(c) = m.inferred_from {
            let _ = write!(from, ", inferred from {}", code_name(c.errcode, c.sub_errcode));
        }
        let _ = writeln!(out, "      {from}");
        if let Some(d) = &m.doc_text {
            let _ = writeln!(out, "      set aside by a decision: {:?} ({}:{})", d.text, r.source_file(&d.source), d.line);
        }
        for a in &m.alternates {
            let _ = writeln!(out, "      also worded: {:?} ({}:{})", a.text, r.source_file(&a.source), a.line);
        }
    }
}

/// Explains `errcode` with `sub_errcode`, or `errcode` alone (as a callback
/// reports it) when `sub_errcode` is `None`.
pub fn code(r: &Reader, errcode: u16, sub_errcode: Option<u16>, lang: Option<&str>) -> Explanation {
    let mut out = String::new();
    match sub_errcode {
        Some(sub) => match r.entry(errcode, sub) {
            Some(e) => {
                entry_text(r, e, lang, &mut out);
                return Explanation { text: out, found: true };
            }
            None => {
                let known: Vec<String> =
                    r.entries().iter().filter(|e| e.errcode == errcode).map(|e| code_name(e.errcode, e.sub_errcode)).collect();
                let _ = writeln!(out, "{}: no doc lists this code.", code_name(errcode, sub));
                if !known.is_empty() {
                    let _ = writeln!(out, "errcode {errcode} is documented with: {}", known.join(", "));
                }
                return Explanation { text: out, found: false };
            }
        },
        None => {
            let answer = r.lookup_errcode(errcode);
            match answer.kind {
                "unknown" => {
                    let _ = writeln!(out, "{errcode}: no doc lists this errcode.");
                    return Explanation { text: out, found: false };
                }
                "single" => {
                    if let Some(e) = r.entry(answer.codes[0][0], answer.codes[0][1]) {
                        entry_text(r, e, lang, &mut out);
                    }
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "errcode {errcode} has {} sub codes; without sub_errcode any of them may be meant.\nshared: category {}, retryable {}\n",
                        answer.codes.len(),
                        answer.category.as_deref().unwrap_or("(differs)"),
                        answer.retryable.map_or("(differs)", |b| if b { "yes" } else { "no" }),
                    );
                    for [e, s] in &answer.codes {
                        if let Some(entry) = r.entry(*e, *s) {
                            entry_text(r, entry, lang, &mut out);
                        }
                    }
                }
            }
        }
    }
    Explanation { text: out, found: true }
}

/// Explains a reason text by reverse lookup: each match with how it was
/// found, then every code of the best answer (all of them when several codes
/// share an exact text).
pub fn text(r: &Reader, query: &str, lang: Option<&str>) -> Explanation {
    let tag = lang.map(negotiate);
    let matches = r.match_text(query, tag);
    let mut out = String::new();
    let Some(best) = matches.first() else {
        let _ = writeln!(out, "{query:?}: no reason text or errmsg of the table is close.");
        return Explanation { text: out, found: false };
    };
    let _ = writeln!(out, "{query:?}: {}", summary(&matches));
    for m in &matches {
        let codes: Vec<String> = m.codes.iter().map(|[e, s]| code_name(*e, *s)).collect();
        let how = if m.how == "fuzzy" || m.how == "contains" { format!("{} {:.2}", m.how, m.score) } else { m.how.to_owned() };
        let _ = writeln!(out, "  {how:<13} [{}] {}  → {}", m.lang.as_deref().unwrap_or("errmsg"), m.text, codes.join(", "));
    }
    // The codes to explain: the best answer's, and for a code given with
    // its text, those the text also matches exactly.
    let explained: Vec<[u16; 2]> = if best.exact { best.codes.clone() } else { best.codes.iter().take(1).copied().collect() };
    for [e, s] in explained {
        let _ = writeln!(out);
        if let Some(entry) = r.entry(e, s) {
            entry_text(r, entry, lang, &mut out);
        }
    }
    Explanation { text: out, found: true }
}

/// One line on what the matches say: `exact code 3, text close to 1, 2, 3`.
fn summary(matches: &[crate::query::TextMatchAnswer]) -> String {
    let names = |codes: &[[u16; 2]]| codes.iter().map(|[e, s]| code_name(*e, *s)).collect::<Vec<_>>().join(", ");
    let best = &matches[0];
    let rest = &matches[1..];
    match best.how {
        "code" => {
            let read: Vec<[u16; 2]> = rest.iter().flat_map(|m| m.codes.iter().copied()).collect();
            let confirms = best.codes.iter().any(|c| read.contains(c));
            let reading = match rest.first() {
                None => "no text beside it".to_owned(),
                Some(m) if confirms && m.exact => "the text beside it is its own".to_owned(),
                Some(m) => {
                    let word = if m.exact { "is the text of" } else { "is close to" };
                    let mut seen: Vec<[u16; 2]> = Vec::new();
                    for c in &read {
                        if !seen.contains(c) {
                            seen.push(*c);
                        }
                    }
                    format!("the text beside it {word} {}{}", names(&seen), if confirms { "" } else { ": it does not confirm the code" })
                }
            };
            format!("code {} given; {reading}", names(&best.codes))
        }
        "errmsg" => format!("the errmsg of {}", names(&best.codes)),
        "exact" => "exact match".to_owned(),
        "contains" if matches.len() == 1 => "one text contains it".to_owned(),
        "contains" => format!("{} texts contain it, the closest first", matches.len()),
        _ => "no exact match; closest texts, best first".to_owned(),
    }
}

/// Largest `t` read as Unix seconds; larger ones are milliseconds.
const MAX_SECONDS: u64 = 100_000_000_000;

/// What a sign check of the callback body `v` with the callback key `key`
/// at `now` (Unix seconds) finds, in words, as the generated packages'
/// `verify_sign` decides it: missing, malformed, forged, milliseconds,
/// expired, or valid.
pub fn sign_check(v: &Value, key: &str, now: u64) -> String {
    use md5::{Digest, Md5};
    let t = match v.get("t") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let (Some(t), Some(sign)) = (t, v.get("sign").and_then(Value::as_str)) else {
        return "sign: missing (the body has no t or no sign; is a callback key set in the CSS console?)".to_owned();
    };
    if sign.len() != 32 || !sign.bytes().all(|b| b.is_ascii_hexdigit()) {
        return "sign: malformed (not 32 hex digits)".to_owned();
    }
    let digest = Md5::digest(format!("{key}{t}").as_bytes());
    let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    if !expected.eq_ignore_ascii_case(sign) {
        return "sign: forged (not MD5(key + t); or checked with another key)".to_owned();
    }
    if t > MAX_SECONDS {
        return format!("sign: t {t} looks like milliseconds; CSS sends Unix seconds");
    }
    if t < now {
        return format!("sign: valid but expired at {t} (now {now})");
    }
    format!("sign: valid until {t}")
}

/// Explains a callback body: one best answer from its errcode and errmsg
/// first, then the errcode's codes, its errmsg by reverse lookup, and the
/// push's duration; with `key` (the callback key, and the time to check
/// at), its sign too. `lang` applies to every section.
///
/// # Errors
/// When the body is not a JSON object with an `errcode`.
pub fn callback(r: &Reader, body: &str, lang: Option<&str>, key: Option<(&str, u64)>) -> Result<Explanation, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let number = |field: &str| -> Option<u64> {
        match v.get(field)? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    let errcode = number("errcode").ok_or("the body has no numeric errcode")?;
    let mut out = String::new();
    let field = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").to_owned();
    let _ = writeln!(
        out,
        "stream {} on {}/{} (event_type {}), pushed for {}",
        field("stream_id"),
        field("app"),
        field("appname"),
        number("event_type").map_or("?".to_owned(), |n| n.to_string()),
        number("push_duration").map_or("an unknown time".to_owned(), |ms| format!("{:.1} s", ms as f64 / 1000.0)),
    );
    if let Some((key, now)) = key {
        let _ = writeln!(out, "{}", sign_check(&v, key, now));
    }
    let Ok(errcode) = u16::try_from(errcode) else {
        let _ = writeln!(out, "errcode {errcode}: no doc lists this errcode.");
        return Ok(Explanation { text: out, found: false });
    };
    let errmsg = field("errmsg");
    let best = r.best_reason(errcode, &errmsg);
    let _ = writeln!(out, "\nbest answer: {}", best.describe());
    if let Some(entry) = best.reason.and_then(|[e, s]| r.entry(e, s)) {
        entry_text(r, entry, lang, &mut out);
    }
    let _ = writeln!(out);
    let by_code = code(r, errcode, None, lang);
    if best.reason.is_none() {
        out.push_str(&by_code.text);
    }
    if !errmsg.is_empty() {
        let _ = writeln!(out, "\nerrmsg:");
        out.push_str(&text(r, &errmsg, lang).text);
    }
    Ok(Explanation { text: out, found: by_code.found })
}
