//! One answer everywhere, for the push-exception and TRTC sets: for every
//! code (and codes no doc lists), every symbolic name, every text (the
//! table's own, in odd widths and spacing, and reworded) and language tags,
//! the set's Rust crate, its TypeScript package (`tests/parity/answers.mjs`)
//! and a plain reading of its JSON give identical answers.
//!
//! Needs the TypeScript packages built (`cargo xtask test` builds them first).

use std::process::Command;

use codegen::query::SearchIndex;
use serde_json::{Value, json};
use stop_reasons_tests::{first_difference, project_root};

/// A set's JSON and the names of its key's columns (from its manifest).
struct SetJson {
    name: &'static str,
    json: Value,
    key: Vec<String>,
}

impl SetJson {
    fn read(name: &'static str, file: &str) -> SetJson {
        let root = project_root();
        let text = std::fs::read_to_string(root.join("seeds").join(name).join("manifest.toml")).expect("manifest");
        let manifest = codegen::manifest::parse(&codegen::diag::SourceFile::new("manifest.toml", text), name).expect("manifest");
        let json = std::fs::read_to_string(root.join("generated").join(name).join("json").join(file)).expect("JSON");
        SetJson {
            name,
            json: serde_json::from_str(&json).expect("JSON"),
            key: manifest.set.key.columns.iter().map(|c| c.name.clone()).collect(),
        }
    }

    fn entries(&self) -> &[Value] {
        self.json["entries"].as_array().map_or(&[], Vec::as_slice)
    }

    fn langs(&self) -> Vec<String> {
        let mut langs: Vec<String> = Vec::new();
        for s in self.json["sources"].as_array().into_iter().flatten() {
            let lang = s["lang"].as_str().expect("lang").to_owned();
            if !langs.contains(&lang) {
                langs.push(lang);
            }
        }
        langs
    }

    fn code(&self, e: &Value) -> Value {
        Value::Array(self.key.iter().map(|c| e[c].clone()).collect())
    }

    fn index(&self) -> SearchIndex {
        SearchIndex::from_json(&self.json, &self.key, &self.langs())
    }
}

/// Full-width forms of ASCII letters and digits, as East Asian input methods type them.
fn full_width(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c }).collect()
}

fn queries(set: &SetJson, unknown_codes: &[Value]) -> Value {
    let mut codes: Vec<Value> = set.entries().iter().map(|e| set.code(e)).collect();
    codes.extend(unknown_codes.iter().cloned());
    let mut symbols: Vec<String> = set.entries().iter().filter_map(|e| e["symbol"].as_str().map(str::to_owned)).collect();
    symbols.extend(["ERR_NO_SUCH_CODE".to_owned(), String::new()]);
    let mut texts: Vec<(String, Option<String>)> = Vec::new();
    for e in set.entries() {
        for lang in set.langs() {
            let text = e["messages"][&lang]["text"].as_str().expect("text").to_owned();
            texts.push((text.clone(), None));
            texts.push((text.clone(), Some(lang.clone())));
            texts.push((full_width(&text).to_uppercase(), None));
            texts.push((format!("  {}  ", text.trim_end_matches(['.', '。'])), Some(lang.clone())));
            let cut: String = text.chars().skip(if lang == "en" { text.find(' ').unwrap_or(0) } else { 1 }).collect();
            texts.push((cut, None));
            let code: Vec<String> = set.key.iter().map(|c| e[c].to_string()).collect();
            texts.push((format!("{text} ({})", code.join("/")), None));
            let chars: Vec<char> = text.chars().collect();
            texts.push((chars[chars.len() / 3..chars.len() * 2 / 3].iter().collect(), None));
        }
    }
    texts.extend(["The weather is nice today", "", "。", "timeout"].map(|t| (t.to_owned(), None)));
    let accept = ["en", "ja-JP", "zh-Hans-CN", "zh-Hant-TW", "ko-KR,ko;q=0.9,en-US;q=0.8", "fr-CA, ko;q=0.5, ja;q=0.8", "pt-BR", "*", ""];
    json!({
        "key": set.key,
        "codes": codes,
        "symbols": symbols,
        "texts": texts.iter().map(|(text, lang)| json!({"text": text, "lang": lang})).collect::<Vec<_>>(),
        "accept": accept,
    })
}

/// The plain reading of the JSON's answers, in the canonical form.
fn json_answers(set: &SetJson, q: &Value) -> Value {
    let langs = set.langs();
    let entry = |e: &Value| {
        json!({
            "code": set.code(e),
            "symbol": e["symbol"],
            "category": e["category"],
            "messages": langs.iter().map(|l| json!([l, e["messages"][l]["text"]])).collect::<Vec<_>>(),
            "provenance": langs.iter().map(|l| json!([l, e["messages"][l]["provenance"]])).collect::<Vec<_>>(),
        })
    };
    let index = set.index();
    let lookup: Vec<Value> = q["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|code| json!({"code": code, "entry": set.entries().iter().find(|e| set.code(e) == *code).map(entry)}))
        .collect();
    let symbol: Vec<Value> = q["symbols"]
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| json!({"symbol": s, "code": set.entries().iter().find(|e| e["symbol"] == *s).map(|e| set.code(e))}))
        .collect();
    let text: Vec<Value> = q["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .map(|t| {
            let matches: Vec<Value> = index
                .search(t["text"].as_str().expect("text"), t["lang"].as_str())
                .into_iter()
                .map(|m| {
                    let codes: Vec<Value> = m.reasons.iter().map(|&i| set.code(&set.entries()[i])).collect();
                    let exact = matches!(m.how, "code" | "errmsg" | "exact");
                    json!({"how": m.how, "lang": m.lang, "text": m.text, "score": m.score, "exact": exact, "codes": codes})
                })
                .collect();
            json!({"text": t["text"], "lang": t["lang"], "matches": matches})
        })
        .collect();
    let negotiate: Vec<Value> = q["accept"]
        .as_array()
        .expect("accept")
        .iter()
        .map(|a| json!({"accept": a, "lang": negotiate(&langs, a.as_str().expect("tag"))}))
        .collect();
    json!({"lookup": lookup, "symbol": symbol, "text": text, "negotiate": negotiate})
}

/// The language `accept` negotiates to among `langs`, as the definition
/// says: by descending `q` (ties in order), each tag matched exactly, else by
/// its language subtag; `*` and no match give the first language.
fn negotiate(langs: &[String], accept: &str) -> String {
    let mut tags: Vec<(f64, usize, &str)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q =
            pieces.filter_map(|p| p.trim().strip_prefix("q=")).map(|v| v.trim().parse::<f64>().unwrap_or(0.0)).next_back().unwrap_or(1.0);
        if !tag.is_empty() && q > 0.0 {
            tags.push((q, i, tag));
        }
    }
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    for (_, _, tag) in tags {
        if tag == "*" {
            break;
        }
        if let Some(l) = langs.iter().find(|l| l.eq_ignore_ascii_case(tag)).or_else(|| langs.iter().find(|l| primary(l) == primary(tag))) {
            return l.clone();
        }
    }
    langs[0].clone()
}

/// `$name(q)`: a set's Rust crate's answers to `q`, in the canonical form.
/// `$krate` is the crate and `$entry` its entry type; the closures give an
/// entry's code, symbol and category as JSON, the entry for a JSON code, and
/// the entry for a symbolic name.
macro_rules! crate_answers {
    ($name:ident, $krate:ident :: $entry:ident,
     code = |$ce:ident| $code:expr, symbol = |$se:ident| $symbol:expr, category = |$ke:ident| $category:expr,
     lookup = |$c:ident| $lookup:expr, by_symbol = |$s:ident| $by_symbol:expr $(,)?) => {
        fn $name(q: &Value) -> Value {
            use $krate::{$entry, Lang, match_text};
            let code = |$ce: &$entry| -> Value { $code };
            let symbol = |$se: &$entry| -> Value { $symbol };
            let category = |$ke: &$entry| -> Value { $category };
            let entry = |e: &$entry| {
                json!({
                    "code": code(e),
                    "symbol": symbol(e),
                    "category": category(e),
                    "messages": Lang::ALL.iter().map(|l| json!([l.tag(), e.message(*l)])).collect::<Vec<_>>(),
                    "provenance": Lang::ALL.iter().map(|l| json!([l.tag(), e.message_detail(*l).provenance().as_str()])).collect::<Vec<_>>(),
                })
            };
            let list = |field: &str| q[field].as_array().cloned().unwrap_or_default();
            let lookup: Vec<Value> = list("codes").iter().map(|$c| json!({"code": $c, "entry": ($lookup).map(entry)})).collect();
            let by_symbol: Vec<Value> = list("symbols")
                .iter()
                .map(|value| {
                    let $s = value.as_str().expect("symbol");
                    json!({"symbol": $s, "code": ($by_symbol).map(code)})
                })
                .collect();
            let text: Vec<Value> = list("texts")
                .iter()
                .map(|t| {
                    let lang = t["lang"].as_str().map(|tag| tag.parse::<Lang>().expect("a table language"));
                    let matches: Vec<Value> = match_text(t["text"].as_str().expect("text"), lang)
                        .iter()
                        .map(|m| json!({"how": m.how().as_str(), "lang": m.lang().map(|l| l.tag()), "text": m.text(), "score": m.score(),
                                        "exact": m.is_exact(), "codes": m.reasons().iter().map(|r| code(r)).collect::<Vec<_>>()}))
                        .collect();
                    json!({"text": t["text"], "lang": t["lang"], "matches": matches})
                })
                .collect();
            let negotiate: Vec<Value> = list("accept")
                .iter()
                .map(|a| json!({"accept": a, "lang": Lang::negotiate(a.as_str().expect("tag")).tag()}))
                .collect();
            json!({"lookup": lookup, "symbol": by_symbol, "text": text, "negotiate": negotiate})
        }
    };
}

crate_answers!(
    push_exception_answers,
    css_push_exceptions::PushException,
    code = |e| json!([e.r#type()]),
    symbol = |_e| Value::Null,
    category = |e| json!(e.category().as_str()),
    lookup = |c| c[0].as_u64().and_then(|n| u16::try_from(n).ok()).and_then(css_push_exceptions::lookup),
    by_symbol = |_s| None::<&css_push_exceptions::PushException>,
);

crate_answers!(
    trtc_answers,
    trtc_android_codes::TrtcCode,
    code = |e| json!([e.value()]),
    symbol = |e| json!(e.symbol()),
    category = |e| json!(e.category().as_str()),
    lookup = |c| c[0].as_i64().and_then(|n| i32::try_from(n).ok()).and_then(trtc_android_codes::lookup),
    by_symbol = |s| trtc_android_codes::lookup_symbol(s),
);

/// The TypeScript package's answers (its built `dist/`), in the canonical form.
fn typescript_answers(set: &SetJson, q: &Value) -> Value {
    let ts = project_root().join("generated").join(set.name).join("ts");
    stop_reasons_tests::assert_built(&ts);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("queries.json");
    std::fs::write(&path, q.to_string()).expect("write queries");
    let script = project_root().join("tests/parity/answers.mjs");
    let out = Command::new("node").arg(script).arg(&ts).arg(&path).output().expect("node runs");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("node prints JSON")
}

/// Compares the three readings of `set` and checks the comparison covered what it claims to.
fn check(set: &SetJson, unknown_codes: &[Value], from_crate: fn(&Value) -> Value) {
    let q = queries(set, unknown_codes);
    let from_json = json_answers(set, &q);
    if let Some(d) = first_difference(&from_json, &from_crate(&q), "answers") {
        panic!("{}: the Rust crate differs from the JSON at {d}", set.name);
    }
    if let Some(d) = first_difference(&from_json, &typescript_answers(set, &q), "answers") {
        panic!("{}: the TypeScript package differs from the JSON at {d}", set.name);
    }
    let lookups = from_json["lookup"].as_array().expect("lookups");
    assert_eq!(lookups.iter().filter(|l| !l["entry"].is_null()).count(), set.entries().len(), "{}: every code is found", set.name);
    let texts = from_json["text"].as_array().expect("texts");
    let exact = texts.iter().filter(|t| t["matches"].get(0).is_some_and(|m| m["exact"] == true)).count();
    let fuzzy = texts.iter().filter(|t| t["matches"].get(0).is_some_and(|m| m["exact"] == false)).count();
    let none = texts.iter().filter(|t| t["matches"].as_array().is_some_and(Vec::is_empty)).count();
    assert!(exact > 0 && fuzzy > 0 && none > 0, "{}: exact {exact}, fuzzy {fuzzy}, none {none}", set.name);
}

#[test]
fn the_push_exception_set_gives_one_answer_everywhere() {
    let set = SetJson::read("push-exception-events", "push_exceptions.json");
    check(&set, &[json!([0]), json!([12]), json!([65535])], push_exception_answers);
}

#[test]
fn the_trtc_set_gives_one_answer_everywhere() {
    let set = SetJson::read("trtc-android-error-codes", "trtc_codes.json");
    check(&set, &[json!([1]), json!([-1]), json!([i32::MIN])], trtc_answers);
}
