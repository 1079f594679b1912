//! One answer everywhere: for every code, for errcode-only queries, for reason
//! texts (the table's own, reworded ones and ones no doc has, with a code in
//! parentheses as the API sends them, errmsg strings, parts of texts), for
//! callbacks' errcode and errmsg together, and for language tags, the Rust crate, the TypeScript package and a plain reading of
//! `stop_reasons.json` (codegen::query) give identical answers.
//!
//! Needs the TypeScript package built (`cargo xtask test` builds it first).

use std::process::Command;

use codegen::query::{self, Reader};
use css_stop_reasons::{Callback, ErrcodeMatch, Lang, lookup, lookup_errcode, match_text};
use serde_json::{Value, json};
use stop_reasons_tests::{first_difference, project_root};

fn reader() -> Reader {
    let json =
        std::fs::read_to_string(project_root().join("generated/stream-interruption/json/stop_reasons.json")).expect("stop_reasons.json");
    Reader::from_json(&json).expect("stop_reasons.json reads")
}

/// Full-width forms of ASCII letters and digits, as East Asian input methods type them.
fn full_width(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c }).collect()
}

fn queries(r: &Reader) -> Value {
    let mut codes: Vec<[u16; 2]> = r.entries().iter().map(|e| [e.errcode, e.sub_errcode]).collect();
    codes.extend([[0, 1], [18, 0], [18, 999], [21, 0], [40, 0], [u16::MAX, u16::MAX]]);
    let errcodes: Vec<u16> = (0..=45).chain([100, 602, u16::MAX]).collect();
    let mut texts: Vec<(String, Option<&str>)> = Vec::new();
    for e in r.entries() {
        for (lang, m) in &e.messages {
            let lang: &str = query::LANGS.iter().find(|l| **l == lang).copied().unwrap_or("en");
            texts.push((m.text.clone(), None));
            texts.push((m.text.clone(), Some(lang)));
            texts.push((full_width(&m.text).to_uppercase(), None));
            texts.push((format!("  {}  ", m.text.trim_end_matches(['.', '。'])), Some(lang)));
            // A rewording: the text without its first word or character.
            let cut: String = m.text.chars().skip(if lang == "en" { m.text.find(' ').unwrap_or(0) } else { 1 }).collect();
            texts.push((cut, None));
            texts.extend(m.alternates.iter().map(|a| (a.text.clone(), None)));
            // As the API's StopReason writes it: the text, then the code in parentheses.
            let code = if e.sub_errcode == 0 { e.errcode.to_string() } else { format!("{}/{}", e.errcode, e.sub_errcode) };
            texts.push((format!("{} ({code})", m.text), None));
            texts.push((format!("{}（{}）", m.text.trim_end_matches(['.', '。']), full_width(&code)), Some(lang)));
            // A part of the text: its middle third.
            let chars: Vec<char> = m.text.chars().collect();
            texts.push((chars[chars.len() / 3..chars.len() * 2 / 3].iter().collect(), None));
        }
        for x in &e.errmsgs {
            texts.push((x.errmsg.clone(), None));
            texts.push((format!(" {} ", x.errmsg.to_uppercase()), Some("ja")));
        }
    }
    let callbacks: Vec<Value> = r
        .entries()
        .iter()
        .flat_map(|e| {
            let en = e.messages.get("en").map(|m| m.text.trim_end_matches('.').to_owned()).unwrap_or_default();
            let errmsgs = e.errmsgs.iter().map(|x| x.errmsg.clone());
            std::iter::once(en)
                .chain(errmsgs)
                .chain([String::new(), "no such errmsg".to_owned()])
                .map(|m| json!({"errcode": e.errcode, "errmsg": m}))
        })
        .chain([json!({"errcode": u16::MAX, "errmsg": ""})])
        .collect();
    for t in [
        "客户端主动断流",
        "推流鉴权失败",
        "拉流失败",
        "鉴权参数校验失败",
        "The authentication parameter check failed",
        "The weather is nice today",
        "RTMP",
        "",
        "。",
        "🎥 stream stopped",
        "푸시 중단",
        "ストリーム切断",
    ] {
        for lang in [None, Some("en"), Some("ja"), Some("zh"), Some("ko")] {
            texts.push((t.to_owned(), lang));
        }
    }
    let accept = [
        "en",
        "ja-JP",
        "zh-Hans-CN",
        "zh-Hant-TW",
        "ko-KR,ko;q=0.9,en-US;q=0.8",
        "fr-CA, ko;q=0.5, ja;q=0.8",
        "pt-BR",
        "*",
        "",
        "ja;q=0, ko",
        "de;q=abc, zh",
    ];
    // Keys of arbitrary texts, drawn from every path of the implementations.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec(
        proptest::prop_oneof![
            proptest::arbitrary::any::<char>(),
            proptest::char::range('\u{3000}', '\u{30ff}'),
            proptest::char::range('\u{ff01}', '\u{ff9f}'),
            proptest::sample::select(vec!['Σ', ' ', '\u{a0}', '。', '.', 'A', 'z', '1', '\u{feff}', '\u{2028}']),
        ],
        0..16,
    );
    let mut keys: Vec<String> = texts.iter().map(|(t, _)| t.clone()).collect();
    keys.extend((0..2000).map(|_| {
        use proptest::strategy::{Strategy, ValueTree};
        strategy.new_tree(&mut runner).expect("value").current().into_iter().collect::<String>()
    }));
    json!({
        "codes": codes,
        "errcodes": errcodes,
        "texts": texts.iter().map(|(text, lang)| json!({"text": text, "lang": lang})).collect::<Vec<_>>(),
        "accept": accept,
        "keys": keys,
        "callbacks": callbacks,
    })
}

fn lang_of(tag: &str) -> Lang {
    tag.parse().expect("a table language")
}

/// The Rust crate's answers, in the canonical form.
fn crate_answers(q: &Value) -> Value {
    let pair = |r: &css_stop_reasons::StopReason| json!([r.errcode(), r.sub_errcode()]);
    let reason = |r: &css_stop_reasons::StopReason| {
        json!({
            "code": pair(r),
            "category": r.category().as_str(),
            "retryable": r.retryable(),
            "messages": Lang::ALL.iter().map(|l| json!([l.tag(), r.message(*l)])).collect::<Vec<_>>(),
            "provenance": Lang::ALL.iter().map(|l| json!([l.tag(), r.message_detail(*l).provenance().as_str()])).collect::<Vec<_>>(),
        })
    };
    let u16_of = |v: &Value| u16::try_from(v.as_u64().expect("number")).expect("u16");
    let lookups: Vec<Value> = q["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| {
            let (e, s) = (u16_of(&c[0]), u16_of(&c[1]));
            json!({"code": [e, s], "reason": lookup(e, s).map(reason)})
        })
        .collect();
    let errcodes: Vec<Value> = q["errcodes"]
        .as_array()
        .expect("errcodes")
        .iter()
        .map(|n| {
            let n = u16_of(n);
            let m = lookup_errcode(n);
            let kind = match m {
                ErrcodeMatch::Single(_) => "single",
                ErrcodeMatch::Multiple { .. } => "multiple",
                _ => "unknown",
            };
            json!({
                "errcode": n,
                "kind": kind,
                "codes": m.candidates().iter().map(pair).collect::<Vec<_>>(),
                "category": m.category().map(|c| c.as_str()),
                "retryable": m.retryable(),
            })
        })
        .collect();
    let texts: Vec<Value> = q["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .map(|t| {
            let text = t["text"].as_str().expect("text");
            let lang = t["lang"].as_str().map(lang_of);
            let matches: Vec<Value> = match_text(text, lang)
                .iter()
                .map(|m| {
                    json!({"how": m.how().as_str(), "lang": m.lang().map(Lang::tag), "text": m.text(), "score": m.score(),
                           "exact": m.is_exact(), "codes": m.reasons().iter().map(|r| pair(r)).collect::<Vec<_>>()})
                })
                .collect();
            json!({"text": text, "lang": t["lang"], "matches": matches})
        })
        .collect();
    let negotiate: Vec<Value> = q["accept"]
        .as_array()
        .expect("accept")
        .iter()
        .map(|a| {
            let a = a.as_str().expect("tag");
            json!({"accept": a, "lang": Lang::negotiate(a).tag()})
        })
        .collect();
    let keys: Vec<String> = q["keys"].as_array().expect("keys").iter().map(|t| css_stop_reasons::key(t.as_str().expect("text"))).collect();
    let callbacks: Vec<Value> = q["callbacks"]
        .as_array()
        .expect("callbacks")
        .iter()
        .map(|c| {
            let cb: Callback = serde_json::from_value(json!({"event_type": 0, "errcode": c["errcode"], "errmsg": c["errmsg"]})).expect("decodes");
            let best = cb.best_reason();
            let evidence = format!("{:?}", best.evidence()).to_lowercase();
            let b = json!({"reason": best.reason().map(pair), "evidence": evidence, "candidates": best.candidates().iter().map(|r| pair(r)).collect::<Vec<_>>()});
            json!({"errcode": c["errcode"], "errmsg": c["errmsg"], "best": b})
        })
        .collect();
    json!({"lookup": lookups, "errcode": errcodes, "text": texts, "negotiate": negotiate, "keys": keys, "callbacks": callbacks})
}

/// The plain reading of the JSON's answers, in the canonical form.
fn json_answers(r: &Reader, q: &Value) -> Value {
    let u16_of = |v: &Value| u16::try_from(v.as_u64().expect("number")).expect("u16");
    json!({
        "lookup": q["codes"].as_array().expect("codes").iter().map(|c| r.lookup(u16_of(&c[0]), u16_of(&c[1]))).collect::<Vec<_>>(),
        "errcode": q["errcodes"].as_array().expect("errcodes").iter().map(|n| r.lookup_errcode(u16_of(n))).collect::<Vec<_>>(),
        "text": q["texts"].as_array().expect("texts").iter().map(|t| {
            let text = t["text"].as_str().expect("text");
            json!({"text": text, "lang": t["lang"], "matches": r.match_text(text, t["lang"].as_str())})
        }).collect::<Vec<_>>(),
        "negotiate": q["accept"].as_array().expect("accept").iter().map(|a| {
            let a = a.as_str().expect("tag");
            json!({"accept": a, "lang": query::negotiate(a)})
        }).collect::<Vec<_>>(),
        "keys": q["keys"].as_array().expect("keys").iter().map(|t| codegen::normalize::key(t.as_str().expect("text"))).collect::<Vec<_>>(),
        "callbacks": q["callbacks"].as_array().expect("callbacks").iter().map(|c| {
            let best = r.best_reason(u16_of(&c["errcode"]), c["errmsg"].as_str().expect("errmsg"));
            json!({"errcode": c["errcode"], "errmsg": c["errmsg"], "best": best})
        }).collect::<Vec<_>>(),
    })
}

/// The TypeScript package's answers (its built `dist/`), in the canonical form.
fn typescript_answers(q: &Value) -> Value {
    let ts = project_root().join("generated/stream-interruption/ts");
    stop_reasons_tests::assert_built(&ts);
    let dir = std::env::temp_dir().join(format!("css-parity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("queries.json");
    std::fs::write(&path, q.to_string()).expect("write queries");
    let out = Command::new("node").arg(ts.join("tools/answers.mjs")).arg(&path).output().expect("node runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("node prints JSON")
}

#[test]
fn rust_typescript_and_the_json_give_identical_answers() {
    let r = reader();
    let q = queries(&r);
    let from_json = json_answers(&r, &q);
    let from_crate = crate_answers(&q);
    let from_ts = typescript_answers(&q);
    if let Some(d) = first_difference(&from_json, &from_crate, "answers") {
        panic!("the Rust crate differs from the JSON at {d}");
    }
    if let Some(d) = first_difference(&from_json, &from_ts, "answers") {
        panic!("the TypeScript package differs from the JSON at {d}");
    }
    // The comparison covered what it claims to.
    let texts = from_json["text"].as_array().expect("texts");
    assert!(texts.len() > 1000, "{} text queries", texts.len());
    let exact = texts.iter().filter(|t| t["matches"].get(0).is_some_and(|m| m["exact"] == true)).count();
    let fuzzy = texts.iter().filter(|t| t["matches"].get(0).is_some_and(|m| m["exact"] == false)).count();
    let none = texts.iter().filter(|t| t["matches"].as_array().is_some_and(Vec::is_empty)).count();
    assert!(exact > 0 && fuzzy > 0 && none > 0, "exact {exact}, fuzzy {fuzzy}, none {none}");
    for how in ["code", "errmsg", "exact", "contains", "fuzzy"] {
        assert!(texts.iter().any(|t| t["matches"].get(0).is_some_and(|m| m["how"] == how)), "no query answered by {how}");
    }
    let evidence: Vec<&Value> = from_json["callbacks"].as_array().expect("callbacks").iter().map(|c| &c["best"]["evidence"]).collect();
    for kind in ["errmsg", "text", "errcode", "candidates", "unknown"] {
        assert!(evidence.iter().any(|e| **e == kind), "no callback answered with evidence {kind}");
    }
    // Every code of the table and the six codes no doc lists.
    assert_eq!(from_json["lookup"].as_array().map(Vec::len), Some(r.entries().len() + 6));
}

#[test]
fn the_crates_keys_equal_the_generators() {
    let r = reader();
    for e in r.entries() {
        for m in e.messages.values() {
            assert_eq!(css_stop_reasons::key(&m.text), codegen::normalize::key(&m.text), "{:?}", m.text);
            let odd = format!("\u{3000}{}\u{FEFF}", full_width(&m.text));
            assert_eq!(css_stop_reasons::key(&odd), codegen::normalize::key(&odd), "{odd:?}");
        }
    }
}

#[test]
fn the_crates_key_equals_the_generators_on_any_text() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    // Characters from every path of the crate's key: ASCII, the CJK ranges its
    // fast path trusts and their neighbours, full- and half-width forms,
    // combining marks, Hangul jamo, capital sigma, whitespace and punctuation.
    let chars = prop_oneof![
        any::<char>(),
        prop::char::range('\u{20}', '\u{7e}'),
        prop::char::range('\u{3000}', '\u{30ff}'),
        prop::char::range('\u{4e00}', '\u{4e40}'),
        prop::char::range('\u{ac00}', '\u{ac40}'),
        prop::char::range('\u{1100}', '\u{11ff}'),
        prop::char::range('\u{ff01}', '\u{ff9f}'),
        prop::char::range('\u{300}', '\u{36f}'),
        prop::sample::select(vec!['Σ', 'σ', 'ς', ' ', '\u{a0}', '\u{3000}', '。', '.', '!', '\t', 'İ', 'ẞ', 'ﬀ']),
    ];
    let mut runner = TestRunner::new(Config { cases: 4096, failure_persistence: None, ..Config::default() });
    runner
        .run(&prop::collection::vec(chars, 0..16).prop_map(String::from_iter), |text| {
            prop_assert_eq!(css_stop_reasons::key(&text), codegen::normalize::key(&text), "{:?}", text);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
