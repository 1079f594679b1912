//! Reverse lookup: from a text as received (an `errmsg`, a message an API
//! returned) to the codes that give it. Written once in the generator
//! (`codegen/runtime/rust/text.rs`) and copied into every set's crate.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use unicode_normalization::UnicodeNormalization;

use crate::runtime::{IndexedErrmsg, IndexedText};
use crate::table::{self, Entry, Lang};

/// Fuzzy matches scoring below this are not returned.
pub(crate) const FUZZY_MIN_SCORE: f64 = 0.4;
/// At most this many fuzzy matches are returned.
pub(crate) const FUZZY_LIMIT: usize = 5;

/// Characters that end a sentence; dropped at the end of a key.
const TRAILING: &[char] = &['.', '。', '．', '!', '！', '?', '？', ';', '；', ':', '：', '、', ','];

/// Unicode `White_Space`.
fn is_space(c: char) -> bool {
    matches!(c, '\u{9}'..='\u{d}' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// The comparison key of a text, as the table's keys were made: NFKC,
/// lowercase, sentence punctuation and whitespace trimmed at the end, and
/// whitespace dropped except one space between two ASCII letters or digits.
pub fn key(text: &str) -> String {
    let folded = nfkc(text).to_lowercase();
    let trimmed = folded.trim_end_matches(|c: char| is_space(c) || TRAILING.contains(&c));
    let mut out = String::with_capacity(trimmed.len());
    let mut pending_space = false;
    for c in trimmed.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && out.chars().next_back().is_some_and(|p| p.is_ascii_alphanumeric()) && c.is_ascii_alphanumeric() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// `text` in NFKC; most queries are already, which the quick check tells
/// without allocating (half the time of an exact lookup of a Chinese text).
fn nfkc(text: &str) -> Cow<'_, str> {
    match unicode_normalization::is_nfkc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfkc().collect()),
    }
}

/// The character bigrams of a key, spaces left out, each packed as
/// `first << 32 | second`, sorted.
fn bigrams(key: &str) -> Vec<u64> {
    let chars: Vec<char> = key.chars().filter(|c| *c != ' ').collect();
    let mut out: Vec<u64> = chars.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1])).collect();
    out.sort_unstable();
    out
}

/// `2 × |a ∩ b| / (|a| + |b|)` over sorted bigram lists, counting repeats.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * both) as f64 / (a.len() + b.len()) as f64
}

/// How a [`TextMatch`] was found, from the surest to a mere suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum How {
    /// The query ended with a code in parentheses that the table has, as the
    /// API's `StopReason` writes it (`客户端主动断流(3)`, `… (18/503)`).
    Code,
    /// The query is an `errmsg` string that callbacks carry (`recv() return 0`),
    /// but for width, case and spacing.
    Errmsg,
    /// The query is a reason text but for width, case, spacing and final punctuation.
    Exact,
    /// The query is part of the text (a short query such as `断流`).
    Contains,
    /// The text is similar to the query: a suggestion, not an answer.
    Fuzzy,
}

impl How {
    /// `"code"`, `"errmsg"`, `"exact"`, `"contains"` or `"fuzzy"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            How::Code => "code",
            How::Errmsg => "errmsg",
            How::Exact => "exact",
            How::Contains => "contains",
            How::Fuzzy => "fuzzy",
        }
    }
}

/// One answer of [`match_text`]: a text of the table and the codes that give it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMatch {
    how: How,
    lang: Option<Lang>,
    text: &'static str,
    score: f64,
    reasons: Vec<&'static Entry>,
}

impl TextMatch {
    /// How the text was matched.
    pub const fn how(&self) -> How {
        self.how
    }
    /// The language of the matched text; `None` for an `errmsg`, which is the same in every language.
    pub const fn lang(&self) -> Option<Lang> {
        self.lang
    }
    /// The table's text that matched (the doc's own wording, or the `errmsg`
    /// string); for [`How::Code`], the code's reason in [`TextMatch::lang`].
    pub const fn text(&self) -> &'static str {
        self.text
    }
    /// 1.0 for a code, an errmsg and an exact match; for [`How::Contains`] the
    /// share of the text's key the query covers; for [`How::Fuzzy`] the bigram
    /// similarity (Sørensen–Dice over the keys' character bigrams) in 0.4–1.0.
    pub const fn score(&self) -> f64 {
        self.score
    }
    /// Whether this is an answer (a code, an errmsg or an exact text), not a suggestion.
    pub const fn is_exact(&self) -> bool {
        matches!(self.how, How::Code | How::Errmsg | How::Exact)
    }
    /// The codes that give this text, sorted. Often more than one: within a
    /// language, codes that share a cause share its text.
    pub fn reasons(&self) -> &[&'static Entry] {
        &self.reasons
    }
}

/// Most [`How::Contains`] matches returned.
pub(crate) const CONTAINS_LIMIT: usize = 20;

fn entries(positions: &[u32]) -> Vec<&'static Entry> {
    positions.iter().map(|&i| &table::ENTRIES[i as usize]).collect()
}

/// The code a query ends with in parentheses, after NFKC (so full-width
/// `（3）` reads as `(3)`): the text before it, and the code's columns as
/// decimal numbers (`18/503` → `["18", "503"]`).
fn split_code(query: &str) -> Option<(String, Vec<String>)> {
    let folded = nfkc(query);
    let inner = folded.trim_end_matches(is_space).strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let parts: Option<Vec<String>> = inner[open + 1..]
        .split('/')
        .map(|p| {
            let p = p.trim_matches(is_space);
            let digits = p.strip_prefix('-').unwrap_or(p);
            let whole = !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit());
            whole.then(|| p.parse::<i64>().map(|n| alloc::format!("{n}")).ok()).flatten()
        })
        .collect();
    Some((String::from(&inner[..open]), parts?))
}

/// The entries whose key starts with `parts`, in table order.
fn entries_with_code(parts: &[String]) -> Vec<&'static Entry> {
    table::ENTRIES
        .iter()
        .filter(|e| {
            let values = e.key_values();
            parts.len() <= values.len() && parts.iter().zip(values.iter()).all(|(p, v)| alloc::format!("{v}") == *p)
        })
        .collect()
}

/// Reverse lookup by text, as CSS sends it, in `lang` or (with `None`) in
/// every language; each answer says [`How`] it was found, best first:
///
/// 1. a code in parentheses at the end (`客户端主动断流(3)`, `…（18/503）`)
///    that the table has comes first ([`How::Code`], its reason in `lang`, or
///    in the language of the text's best match), followed by what the text
///    before it matches, which confirms the code or not;
/// 2. the `errmsg` strings and the texts whose comparison key ([`key`])
///    equals the query's: errmsgs first, then texts;
/// 3. without those, the texts (and errmsgs) whose key contains the query's
///    (two characters or more), up to 20, by the share of the text the query
///    covers;
/// 4. without those, up to 5 fuzzy matches scoring at least 0.4, best first.
///
/// Ties keep the table's order (errmsgs by key, then texts by language and
/// key). An empty result means nothing is close.
pub fn match_text(text: &str, lang: Option<Lang>) -> Vec<TextMatch> {
    let Some((rest, parts)) = split_code(text) else { return match_words(text, lang) };
    let reasons = entries_with_code(&parts);
    let found = match_words(&rest, lang);
    let Some(first) = reasons.first() else { return found };
    let shown = lang.or_else(|| found.iter().find_map(TextMatch::lang)).unwrap_or(Lang::ALL[0]);
    let code = TextMatch { how: How::Code, lang: Some(shown), text: first.message(shown), score: 1.0, reasons };
    core::iter::once(code).chain(found).collect()
}

/// A string of the table that a query is compared with: an errmsg or a reason text.
#[derive(Clone, Copy)]
enum Indexed {
    Errmsg(&'static IndexedErrmsg),
    Text(&'static IndexedText),
}

impl Indexed {
    fn key(self) -> &'static str {
        match self {
            Indexed::Errmsg(e) => e.key,
            Indexed::Text(t) => t.key,
        }
    }

    fn answer(self, how: How, score: f64) -> TextMatch {
        let (lang, text, reasons) = match self {
            Indexed::Errmsg(e) => (None, e.errmsg, e.reasons),
            Indexed::Text(t) => (Some(t.lang), t.text, t.reasons),
        };
        TextMatch { how, lang, text, score, reasons: entries(reasons) }
    }
}

/// The errmsgs, then the texts in `lang` (or every language), in table order.
fn indexed(lang: Option<Lang>) -> impl Iterator<Item = Indexed> {
    let texts = table::TEXTS.iter().filter(move |t| lang.is_none_or(|l| t.lang == l));
    table::ERRMSGS.iter().map(Indexed::Errmsg).chain(texts.map(Indexed::Text))
}

/// The best `limit` of `scored` as answers found `how`, best first (ties in table order).
fn best(mut scored: Vec<(f64, Indexed)>, how: How, limit: usize) -> Vec<TextMatch> {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(limit).map(|(score, i)| i.answer(how, score)).collect()
}

/// Steps 2 to 4 of [`match_text`].
fn match_words(text: &str, lang: Option<Lang>) -> Vec<TextMatch> {
    let q = key(text);
    if q.is_empty() {
        return Vec::new();
    }
    // BY_KEY orders TEXTS by key, then language: the equal keys are one run.
    let start = table::BY_KEY.partition_point(|&i| table::TEXTS[i as usize].key < q.as_str());
    let equal = table::BY_KEY[start..].iter().map(|&i| &table::TEXTS[i as usize]).take_while(|t| t.key == q);
    let errmsgs = table::ERRMSGS.iter().filter(|e| e.key == q).map(|e| Indexed::Errmsg(e).answer(How::Errmsg, 1.0));
    let texts = equal.filter(|t| lang.is_none_or(|l| t.lang == l)).map(|t| Indexed::Text(t).answer(How::Exact, 1.0));
    let exact: Vec<TextMatch> = errmsgs.chain(texts).collect();
    if !exact.is_empty() {
        return exact;
    }
    let q_len = q.chars().count();
    if q_len >= 2 {
        let share = |i: Indexed| (q_len as f64 / i.key().chars().count() as f64, i);
        let within: Vec<(f64, Indexed)> = indexed(lang).filter(|i| i.key().contains(q.as_str())).map(share).collect();
        if !within.is_empty() {
            return best(within, How::Contains, CONTAINS_LIMIT);
        }
    }
    let qb = bigrams(&q);
    let scored = indexed(lang).map(|i| (dice(&qb, &bigrams(i.key())), i)).filter(|(s, _)| *s >= FUZZY_MIN_SCORE).collect();
    best(scored, How::Fuzzy, FUZZY_LIMIT)
}
