//! Answers the questions users ask of the table, from `stop_reasons.json`
//! alone: the plain reading of the JSON that the generated Rust crate and the
//! TypeScript package must agree with (the parity test compares all three), and
//! what `cargo xtask explain` prints.
//!
//! The algorithms (text keys, bigram similarity, ranking) are the ones in
//! [`crate::normalize`]; the generated code implements the same steps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{DECISIONS_SOURCE, IndexedText};
use crate::normalize::{bigrams, dice, key};

/// Fuzzy matches scoring below this are not returned.
pub const FUZZY_MIN_SCORE: f64 = 0.4;
/// At most this many fuzzy matches are returned.
pub const FUZZY_LIMIT: usize = 5;
/// The languages, in table order.
pub const LANGS: [&str; 4] = ["en", "ja", "zh", "ko"];

/// The JSON as read: only what the queries need.
#[derive(Debug, Clone, Deserialize)]
pub struct Table {
    /// The docs.
    pub sources: Vec<Source>,
    /// The decisions file.
    pub decisions: DecisionsFile,
    /// The entries, sorted by code.
    pub entries: Vec<Entry>,
}

/// A doc of `sources`.
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    /// The source id.
    pub id: String,
    /// The doc's path in the project.
    pub file: String,
}

/// The `decisions` object.
#[derive(Debug, Clone, Deserialize)]
pub struct DecisionsFile {
    /// The decisions file's path in the project.
    pub file: String,
}

/// A code pair as the JSON writes it.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct CodeRef {
    /// The `errcode`.
    pub errcode: u16,
    /// The `sub_errcode`.
    pub sub_errcode: u16,
}

/// One entry of `stop_reasons.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    /// The `errcode`.
    pub errcode: u16,
    /// The `sub_errcode`.
    pub sub_errcode: u16,
    /// The category.
    pub category: String,
    /// The retry hint.
    pub retryable: bool,
    /// The messages by language tag.
    pub messages: BTreeMap<String, Message>,
    /// The errmsg strings callbacks carry with the errcode.
    #[serde(default)]
    pub errmsgs: Vec<ErrmsgRef>,
}

/// One of an entry's `errmsgs` (the string; where the docs list it is not read).
#[derive(Debug, Clone, Deserialize)]
pub struct ErrmsgRef {
    /// The string.
    pub errmsg: String,
}

/// One message of an entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    /// The text.
    pub text: String,
    /// The provenance.
    pub provenance: String,
    /// The source id.
    pub source: String,
    /// The line.
    pub line: usize,
    /// For inferred texts, the code whose text this is.
    #[serde(default)]
    pub inferred_from: Option<CodeRef>,
    /// The doc's own text, where a decision set it aside.
    #[serde(default)]
    pub doc_text: Option<Alternate>,
    /// Other wordings.
    #[serde(default)]
    pub alternates: Vec<Alternate>,
}

/// A doc text: an alternate wording or a set-aside text.
#[derive(Debug, Clone, Deserialize)]
pub struct Alternate {
    /// The text.
    pub text: String,
    /// The source id.
    pub source: String,
    /// The line.
    pub line: usize,
}

/// The reverse-lookup index of a table, from `(entry index, language, text)`
/// in entry order: every text grouped by language and key, sorted by
/// language (in the order of `langs`, the table's) then key. Written apart from the emitters' index
/// (`emit::text_index`), so that the parity test compares the packages with
/// an independent reading of the JSON.
pub fn text_index<'a, L: AsRef<str>>(langs: &[L], texts: impl Iterator<Item = (usize, &'a str, &'a str)>) -> Vec<IndexedText> {
    let mut groups: BTreeMap<(usize, String), IndexedText> = BTreeMap::new();
    for (reason, lang, text) in texts {
        let k = key(text);
        if k.is_empty() {
            continue;
        }
        let order = langs.iter().position(|l| l.as_ref() == lang).unwrap_or(langs.len());
        let group = groups.entry((order, k.clone())).or_insert_with(|| IndexedText {
            lang: lang.to_owned(),
            key: k,
            text: text.to_owned(),
            reasons: Vec::new(),
        });
        group.reasons.push(reason);
    }
    groups
        .into_values()
        .map(|mut t| {
            t.reasons.sort_unstable();
            t.reasons.dedup();
            t
        })
        .collect()
}

/// A code pair, as the answers write it: `[errcode, sub_errcode]`.
pub type CodePair = [u16; 2];

/// The answer to `lookup(errcode, sub_errcode)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LookupAnswer {
    /// The code asked for.
    pub code: CodePair,
    /// The entry, if the table has it.
    pub reason: Option<ReasonAnswer>,
}

/// An entry as the answers show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonAnswer {
    /// The code.
    pub code: CodePair,
    /// The category.
    pub category: String,
    /// The retry hint.
    pub retryable: bool,
    /// The text per language, table order.
    pub messages: Vec<(String, String)>,
    /// The provenance per language, table order.
    pub provenance: Vec<(String, String)>,
}

/// The answer to `lookup_errcode(errcode)`: what a callback (which carries no
/// `sub_errcode`) allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrcodeAnswer {
    /// The errcode asked for.
    pub errcode: u16,
    /// `"single"`, `"multiple"` or `"unknown"`.
    pub kind: &'static str,
    /// The candidate codes.
    pub codes: Vec<CodePair>,
    /// The category all candidates share, if they do.
    pub category: Option<String>,
    /// The retry hint all candidates share, if they do.
    pub retryable: Option<bool>,
}

/// One reverse-lookup match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextMatchAnswer {
    /// How it was matched: `code`, `errmsg`, `exact`, `contains` or `fuzzy`.
    pub how: &'static str,
    /// The language of the matched text; `None` for an errmsg.
    pub lang: Option<String>,
    /// The table's text that matched.
    pub text: String,
    /// 1.0 for a code, an errmsg or an exact match; the share of the text
    /// covered for `contains`; the bigram similarity for `fuzzy`.
    pub score: f64,
    /// Whether it is an answer (code, errmsg, exact), not a suggestion.
    pub exact: bool,
    /// The codes that give this text.
    pub codes: Vec<CodePair>,
}

/// Plain reading of the JSON.
pub struct Reader {
    table: Table,
    index: SearchIndex,
}

impl Reader {
    /// Reads `stop_reasons.json`.
    ///
    /// # Errors
    /// When the text is not the JSON shape (`serde_json`'s message).
    pub fn from_json(json: &str) -> Result<Reader, serde_json::Error> {
        let table: Table = serde_json::from_str(json)?;
        let value: serde_json::Value = serde_json::from_str(json)?;
        let key = ["errcode".to_owned(), "sub_errcode".to_owned()];
        let index = SearchIndex::from_json(&value, &key, &LANGS.map(str::to_owned));
        Ok(Reader { index, table })
    }

    /// The number of distinct texts reverse lookups compare against.
    pub fn text_count(&self) -> usize {
        self.index.texts.len()
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.table.entries
    }

    /// Where source `id` lives: the doc's path, or the decisions file's for `"decisions"`.
    pub fn source_file<'a>(&'a self, id: &'a str) -> &'a str {
        if id == DECISIONS_SOURCE {
            return &self.table.decisions.file;
        }
        self.table.sources.iter().find(|s| s.id == id).map_or(id, |s| s.file.as_str())
    }

    fn answer(e: &Entry) -> ReasonAnswer {
        let pick = |f: fn(&Message) -> &str| -> Vec<(String, String)> {
            LANGS.iter().filter_map(|l| e.messages.get(*l).map(|m| ((*l).to_owned(), f(m).to_owned()))).collect()
        };
        ReasonAnswer {
            code: [e.errcode, e.sub_errcode],
            category: e.category.clone(),
            retryable: e.retryable,
            messages: pick(|m| &m.text),
            provenance: pick(|m| &m.provenance),
        }
    }

    /// The entry for `(errcode, sub_errcode)`.
    pub fn lookup(&self, errcode: u16, sub_errcode: u16) -> LookupAnswer {
        let reason = self.table.entries.iter().find(|e| e.errcode == errcode && e.sub_errcode == sub_errcode).map(Self::answer);
        LookupAnswer { code: [errcode, sub_errcode], reason }
    }

    /// The raw entry for `(errcode, sub_errcode)`.
    pub fn entry(&self, errcode: u16, sub_errcode: u16) -> Option<&Entry> {
        self.table.entries.iter().find(|e| e.errcode == errcode && e.sub_errcode == sub_errcode)
    }

    /// What `errcode` alone allows: one entry, several candidates (with what
    /// they share), or nothing.
    pub fn lookup_errcode(&self, errcode: u16) -> ErrcodeAnswer {
        let found: Vec<&Entry> = self.table.entries.iter().filter(|e| e.errcode == errcode).collect();
        let shared = |f: fn(&Entry) -> String| {
            let first = found.first().map(|e| f(e));
            first.filter(|v| found.iter().all(|e| f(e) == *v))
        };
        ErrcodeAnswer {
            errcode,
            kind: match found.len() {
                0 => "unknown",
                1 => "single",
                _ => "multiple",
            },
            codes: found.iter().map(|e| [e.errcode, e.sub_errcode]).collect(),
            category: shared(|e| e.category.clone()),
            retryable: shared(|e| e.retryable.to_string()).map(|v| v == "true"),
        }
    }

    /// Reverse lookup, as [`SearchIndex::search`] reads the text.
    pub fn match_text(&self, text: &str, lang: Option<&str>) -> Vec<TextMatchAnswer> {
        let pair = |i: usize| [self.table.entries[i].errcode, self.table.entries[i].sub_errcode];
        self.index
            .search(text, lang)
            .into_iter()
            .map(|f| TextMatchAnswer {
                how: f.how,
                lang: f.lang,
                text: f.text,
                score: f.score,
                exact: matches!(f.how, "code" | "errmsg" | "exact"),
                codes: f.reasons.iter().map(|&i| pair(i)).collect(),
            })
            .collect()
    }

    /// One best answer for a callback from its `errcode` and `errmsg`: the
    /// code among the errcode's whose errmsg (or reason text) the errmsg is,
    /// by the first such match that names one; else the errcode's one code;
    /// else its candidates (narrowed to those a match names several of).
    pub fn best_reason(&self, errcode: u16, errmsg: &str) -> BestAnswer {
        let all = self.lookup_errcode(errcode).codes;
        let answer =
            |reason: Option<CodePair>, evidence: &'static str, candidates: Vec<CodePair>| BestAnswer { reason, evidence, candidates };
        if all.is_empty() {
            return answer(None, "unknown", all);
        }
        for m in self.match_text(errmsg, None).into_iter().filter(|m| m.how == "errmsg" || m.how == "exact") {
            let named: Vec<CodePair> = m.codes.iter().copied().filter(|c| all.contains(c)).collect();
            let evidence = if m.how == "errmsg" { "errmsg" } else { "text" };
            if named.len() == 1 {
                return answer(Some(named[0]), evidence, named);
            }
            if named.len() > 1 && all.len() > 1 {
                return answer(None, "candidates", named);
            }
        }
        if all.len() == 1 { answer(Some(all[0]), "errcode", all) } else { answer(None, "candidates", all) }
    }
}

/// The answer to `best_reason` for a callback's `errcode` and `errmsg`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestAnswer {
    /// The one code meant, when the evidence names one.
    pub reason: Option<CodePair>,
    /// `errmsg`, `text`, `errcode`, `candidates` or `unknown`.
    pub evidence: &'static str,
    /// The codes that remain possible.
    pub candidates: Vec<CodePair>,
}

impl BestAnswer {
    /// What the answer says, in words.
    pub fn describe(&self) -> String {
        let names: Vec<String> = self.candidates.iter().map(|[e, s]| if *s == 0 { e.to_string() } else { format!("{e}/{s}") }).collect();
        match self.evidence {
            "errmsg" => format!("{}, by its errmsg", names.join(", ")),
            "text" => format!("{}, by its reason text in the errmsg", names.join(", ")),
            "errcode" => format!("{}, the errcode's one code", names.join(", ")),
            "unknown" => "no doc lists the errcode".to_owned(),
            _ => format!("one of {} ({} codes); the errmsg does not tell which", names.join(", "), names.len()),
        }
    }
}

/// Most `contains` matches returned.
pub const CONTAINS_LIMIT: usize = 20;

/// A string reverse lookups compare with: a reason text (with its language)
/// or an errmsg (without).
#[derive(Debug, Clone)]
struct Searched {
    lang: Option<String>,
    key: String,
    text: String,
    reasons: Vec<usize>,
    bigrams: Vec<(char, char)>,
}

/// What reverse lookups search in a set's JSON, read from it alone: its
/// errmsg strings (by key), its texts (by language, then key), and each
/// entry's code and messages.
pub struct SearchIndex {
    errmsgs: Vec<Searched>,
    texts: Vec<Searched>,
    /// Each entry's key values as decimal text, in entry order.
    codes: Vec<Vec<String>>,
    /// Each entry's text per language.
    messages: Vec<BTreeMap<String, String>>,
    /// The table's languages, in order.
    langs: Vec<String>,
}

/// One answer of [`SearchIndex::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// `code`, `errmsg`, `exact`, `contains` or `fuzzy`.
    pub how: &'static str,
    /// The text's language; `None` for an errmsg.
    pub lang: Option<String>,
    /// The text that matched.
    pub text: String,
    /// See [`TextMatchAnswer::score`].
    pub score: f64,
    /// Positions of the entries that give it.
    pub reasons: Vec<usize>,
}

impl SearchIndex {
    /// The index of a set's JSON `table`, whose key has the columns `key_columns` and
    /// whose languages are `langs` (in table order).
    pub fn from_json(table: &serde_json::Value, key_columns: &[String], langs: &[String]) -> SearchIndex {
        let entries = table["entries"].as_array().map_or(&[][..], Vec::as_slice);
        let str_of = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        let mut texts: Vec<(usize, &str, String)> = Vec::new();
        let mut errmsgs: BTreeMap<String, Searched> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            for l in langs {
                let m = &e["messages"][l];
                texts.push((i, l, str_of(&m["text"])));
                texts.extend(m["alternates"].as_array().into_iter().flatten().map(|a| (i, l.as_str(), str_of(&a["text"]))));
            }
            for m in e["errmsgs"].as_array().into_iter().flatten() {
                let text = str_of(&m["errmsg"]);
                let k = key(&text);
                if k.is_empty() {
                    continue;
                }
                let found = errmsgs.entry(k.clone()).or_insert_with(|| Searched {
                    lang: None,
                    bigrams: bigrams(&k),
                    key: k,
                    text,
                    reasons: Vec::new(),
                });
                if found.reasons.last() != Some(&i) {
                    found.reasons.push(i);
                }
            }
        }
        let texts = text_index(langs, texts.iter().map(|(i, l, t)| (*i, *l, t.as_str())))
            .into_iter()
            .map(|t| Searched { lang: Some(t.lang), bigrams: bigrams(&t.key), key: t.key, text: t.text, reasons: t.reasons })
            .collect();
        let code_text = |v: &serde_json::Value| v.as_i64().map_or_else(|| str_of(v), |n| n.to_string());
        SearchIndex {
            errmsgs: errmsgs.into_values().collect(),
            texts,
            codes: entries.iter().map(|e| key_columns.iter().map(|c| code_text(&e[c])).collect()).collect(),
            messages: entries.iter().map(|e| langs.iter().map(|l| (l.clone(), str_of(&e["messages"][l]["text"]))).collect()).collect(),
            langs: langs.to_vec(),
        }
    }

    /// Reverse lookup of `query`, in `lang` or every language, as the
    /// generated packages' `match_text` documents it: a code in parentheses
    /// at the end that the table has first, followed by what the text before
    /// it matches; else errmsgs and texts with the query's key; else texts
    /// containing it (up to [`CONTAINS_LIMIT`]); else up to [`FUZZY_LIMIT`]
    /// similar ones scoring at least [`FUZZY_MIN_SCORE`].
    pub fn search(&self, query: &str, lang: Option<&str>) -> Vec<Found> {
        let Some((rest, parts)) = code_in_parentheses(query) else { return self.search_words(query, lang) };
        let found = self.search_words(&rest, lang);
        let reasons: Vec<usize> = (0..self.codes.len())
            .filter(|&i| parts.len() <= self.codes[i].len() && parts.iter().zip(&self.codes[i]).all(|(p, c)| p == c))
            .collect();
        let Some(&first) = reasons.first() else { return found };
        let shown = lang.map(str::to_owned).or_else(|| found.iter().find_map(|f| f.lang.clone())).or_else(|| self.langs.first().cloned());
        let text = shown.as_ref().and_then(|l| self.messages[first].get(l)).cloned().unwrap_or_default();
        let code = Found { how: "code", lang: shown, text, score: 1.0, reasons };
        std::iter::once(code).chain(found).collect()
    }

    fn search_words(&self, query: &str, lang: Option<&str>) -> Vec<Found> {
        let q = key(query);
        if q.is_empty() {
            return Vec::new();
        }
        let answer = |s: &Searched, how: &'static str, score: f64| Found {
            how,
            lang: s.lang.clone(),
            text: s.text.clone(),
            score,
            reasons: s.reasons.clone(),
        };
        let texts = self.texts.iter().filter(|t| lang.is_none_or(|l| t.lang.as_deref() == Some(l)));
        let mut exact: Vec<Found> = self.errmsgs.iter().filter(|e| e.key == q).map(|e| answer(e, "errmsg", 1.0)).collect();
        // Equal keys in every language: in key order, then language order.
        let mut equal: Vec<&Searched> = texts.clone().filter(|t| t.key == q).collect();
        equal.sort_by_key(|t| self.langs.iter().position(|l| Some(l) == t.lang.as_ref()));
        exact.extend(equal.into_iter().map(|t| answer(t, "exact", 1.0)));
        if !exact.is_empty() {
            return exact;
        }
        let all = || self.errmsgs.iter().chain(texts.clone());
        let ranked = |mut scored: Vec<(f64, &Searched)>, how: &'static str, limit: usize| {
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            scored.into_iter().take(limit).map(|(s, t)| answer(t, how, s)).collect::<Vec<_>>()
        };
        let q_len = q.chars().count();
        if q_len >= 2 {
            let within: Vec<(f64, &Searched)> =
                all().filter(|t| t.key.contains(&q)).map(|t| (q_len as f64 / t.key.chars().count() as f64, t)).collect();
            if !within.is_empty() {
                return ranked(within, "contains", CONTAINS_LIMIT);
            }
        }
        let qb = bigrams(&q);
        let scored = all().map(|t| (dice(&qb, &t.bigrams), t)).filter(|(s, _)| *s >= FUZZY_MIN_SCORE).collect();
        ranked(scored, "fuzzy", FUZZY_LIMIT)
    }
}

/// The code `query` ends with in parentheses, read after NFKC (full-width
/// `（18/503）` is `(18/503)`): the text before it, and the code's columns as
/// decimal text; `None` when it ends with none.
fn code_in_parentheses(query: &str) -> Option<(String, Vec<String>)> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = query.nfkc().collect();
    let body = folded.trim_end_matches(crate::normalize::is_space);
    let inside = body.strip_suffix(')')?;
    let open = inside.rfind('(')?;
    let mut parts = Vec::new();
    for part in inside[open + 1..].split('/') {
        let part = part.trim_matches(crate::normalize::is_space);
        let digits = part.strip_prefix('-').unwrap_or(part);
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts.push(part.parse::<i64>().ok()?.to_string());
    }
    Some((inside[..open].to_owned(), parts))
}

/// The language a BCP 47 tag or an `Accept-Language` list asks for, with a
/// fallback chain: each tag in order of its `q` weight (ties in the order
/// written, `q=0` skipped) is matched by its primary subtag (`zh-Hant` and
/// `zh-TW` read the Simplified table: better than another language); `*` and
/// an empty or unknown list fall back to `en`.
pub fn negotiate(accept: &str) -> &'static str {
    let mut tags: Vec<(f64, usize, &str)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let mut q = 1.0;
        for p in pieces {
            if let Some(v) = p.trim().strip_prefix("q=") {
                q = v.trim().parse::<f64>().unwrap_or(0.0);
            }
        }
        if !tag.is_empty() && q > 0.0 {
            tags.push((q, i, tag));
        }
    }
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, tag) in tags {
        if tag == "*" {
            return "en";
        }
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if let Some(l) = LANGS.iter().find(|l| **l == primary) {
            return l;
        }
    }
    "en"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_weights_and_falls_back_to_english() {
        assert_eq!(negotiate("ja-JP"), "ja");
        assert_eq!(negotiate("fr-CA, ko;q=0.5, ja;q=0.8"), "ja");
        assert_eq!(negotiate("zh-Hant-TW"), "zh");
        assert_eq!(negotiate("fr, de;q=0.9"), "en");
        assert_eq!(negotiate("ja;q=0, ko"), "ko");
        assert_eq!(negotiate(""), "en");
        assert_eq!(negotiate("*"), "en");
    }
}
