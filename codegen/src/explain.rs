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
                            entry_text(r, entry, Some(lang.unwrap_or("en")), &mut out);
                        }
                    }
                }
            }
        }
    }
    Explanation { text: out, found: true }
}

/// Explains a reason text by reverse lookup.
pub fn text(r: &Reader, query: &str, lang: Option<&str>) -> Explanation {
    let lang = lang.map(negotiate);
    let matches = r.match_text(query, lang);
    let mut out = String::new();
    if matches.is_empty() {
        let _ = writeln!(out, "{query:?}: no reason text of the table is close.");
        return Explanation { text: out, found: false };
    }
    let exact = matches[0].exact;
    let _ = writeln!(out, "{query:?}: {}", if exact { "exact match" } else { "no exact match; closest texts, best first" });
    for m in &matches {
        let codes: Vec<String> = m.codes.iter().map(|[e, s]| code_name(*e, *s)).collect();
        let _ = writeln!(out, "  [{}] {:.2}  {}  → {}", m.lang, m.score, m.text, codes.join(", "));
    }
    if let Some([e, s]) = matches[0].codes.first() {
        let _ = writeln!(out);
        if let Some(entry) = r.entry(*e, *s) {
            entry_text(r, entry, Some(&matches[0].lang), &mut out);
        }
    }
    Explanation { text: out, found: true }
}

/// Explains a callback body: its errcode (without sub code), its `errmsg` by
/// reverse lookup, and the push's duration.
///
/// # Errors
/// When the body is not a JSON object with an `errcode`.
pub fn callback(r: &Reader, body: &str, lang: Option<&str>) -> Result<Explanation, String> {
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
    let Ok(errcode) = u16::try_from(errcode) else {
        let _ = writeln!(out, "errcode {errcode}: no doc lists this errcode.");
        return Ok(Explanation { text: out, found: false });
    };
    let _ = writeln!(out);
    let by_code = code(r, errcode, None, lang);
    out.push_str(&by_code.text);
    let errmsg = field("errmsg");
    if !errmsg.is_empty() {
        let _ = writeln!(out, "\nerrmsg:");
        out.push_str(&text(r, &errmsg, None).text);
    }
    Ok(Explanation { text: out, found: by_code.found })
}
