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
    /// The language of the matched text.
    pub lang: String,
    /// The table's text that matched.
    pub text: String,
    /// 1.0 for an exact match (equal keys), else the bigram similarity.
    pub score: f64,
    /// Whether the keys are equal.
    pub exact: bool,
    /// The codes that give this text.
    pub codes: Vec<CodePair>,
}

/// Plain reading of the JSON.
pub struct Reader {
    table: Table,
    index: BigramIndex,
}

impl Reader {
    /// Reads `stop_reasons.json`.
    ///
    /// # Errors
    /// When the text is not the JSON shape (`serde_json`'s message).
    pub fn from_json(json: &str) -> Result<Reader, serde_json::Error> {
        let table: Table = serde_json::from_str(json)?;
        let texts: Vec<(usize, &'static str, String)> = table
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                LANGS.iter().filter_map(move |l| e.messages.get(*l).map(|m| (i, *l, m))).flat_map(|(i, l, m)| {
                    std::iter::once((i, l, m.text.clone())).chain(m.alternates.iter().map(move |a| (i, l, a.text.clone())))
                })
            })
            .collect();
        let index = bigram_index(text_index(&LANGS, texts.iter().map(|(i, l, t)| (*i, *l, t.as_str()))));
        Ok(Reader { index, table })
    }

    /// The number of distinct texts reverse lookups compare against.
    pub fn text_count(&self) -> usize {
        self.index.len()
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

    /// Reverse lookup: exact matches (equal keys) if any, else up to
    /// [`FUZZY_LIMIT`] fuzzy matches scoring at least [`FUZZY_MIN_SCORE`],
    /// best first (ties: table language order, then first code). `lang`
    /// restricts the search to one language.
    pub fn match_text(&self, text: &str, lang: Option<&str>) -> Vec<TextMatchAnswer> {
        let pair = |i: usize| [self.table.entries[i].errcode, self.table.entries[i].sub_errcode];
        matches(&self.index, text, lang)
            .into_iter()
            .map(|(t, score, exact)| TextMatchAnswer {
                lang: t.lang.clone(),
                text: t.text.clone(),
                score,
                exact,
                codes: t.reasons.iter().map(|&i| pair(i)).collect(),
            })
            .collect()
    }
}

/// A reverse-lookup index with each key's bigrams, as [`matches`] searches it.
pub type BigramIndex = Vec<(IndexedText, Vec<(char, char)>)>;

/// The index of [`text_index`] with each key's bigrams.
pub fn bigram_index(texts: Vec<IndexedText>) -> BigramIndex {
    texts
        .into_iter()
        .map(|t| {
            let b = bigrams(&t.key);
            (t, b)
        })
        .collect()
}

/// Reverse lookup over `index`: the texts whose key equals the query's, if
/// any; else up to [`FUZZY_LIMIT`] scoring at least [`FUZZY_MIN_SCORE`],
/// best first (ties: index order). Each with its score and whether it is exact.
pub fn matches<'i>(index: &'i BigramIndex, text: &str, lang: Option<&str>) -> Vec<(&'i IndexedText, f64, bool)> {
    let q = key(text);
    if q.is_empty() {
        return Vec::new();
    }
    let candidates = index.iter().filter(|(t, _)| lang.is_none_or(|l| t.lang == l));
    let exact: Vec<_> = candidates.clone().filter(|(t, _)| t.key == q).map(|(t, _)| (t, 1.0, true)).collect();
    if !exact.is_empty() {
        return exact;
    }
    let qb = bigrams(&q);
    let mut scored: Vec<(f64, usize, &IndexedText)> =
        candidates.enumerate().map(|(i, (t, b))| (dice(&qb, b), i, t)).filter(|(s, _, _)| *s >= FUZZY_MIN_SCORE).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(FUZZY_LIMIT).map(|(s, _, t)| (t, s, false)).collect()
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
