//! Reverse lookup: from a text as received (an `errmsg`, a message an API
//! returned) to the codes that give it. Written once in the generator
//! (`codegen/runtime/rust/text.rs`) and copied into every set's crate.

use alloc::string::String;
use alloc::vec::Vec;

use unicode_normalization::UnicodeNormalization;

use crate::runtime::IndexedText;
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
    let folded = text.nfkc().collect::<String>().to_lowercase();
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

/// One answer of [`match_text`]: a text of the table and the codes that give it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMatch {
    /// The language of the matched text.
    pub lang: Lang,
    /// The table's text that matched (the doc's own wording).
    pub text: &'static str,
    /// 1.0 for an exact match; otherwise the bigram similarity (Sørensen–Dice
    /// over the keys' character bigrams) in 0.4–1.0.
    pub score: f64,
    /// Whether the keys are equal. A fuzzy match is a suggestion, not an answer.
    pub exact: bool,
    /// The codes that give this text, sorted. Often more than one: within a
    /// language, codes that share a cause share its text.
    pub reasons: Vec<&'static Entry>,
}

/// Reverse lookup by text, in `lang` or (with `None`) in every language.
///
/// Exact matches come first and alone: texts whose comparison key ([`key`])
/// equals the query's, i.e. equal but for width, case, spacing and trailing
/// punctuation. Without one, up to 5 fuzzy matches scoring at least 0.4 are
/// returned, best first (ties: language order, then key). Nothing is ever
/// returned as exact that is not, and an empty result means no text is close.
pub fn match_text(text: &str, lang: Option<Lang>) -> Vec<TextMatch> {
    let q = key(text);
    if q.is_empty() {
        return Vec::new();
    }
    let answer = |t: &'static IndexedText, score: f64, exact: bool| TextMatch {
        lang: t.lang,
        text: t.text,
        score,
        exact,
        reasons: t.reasons.iter().map(|&i| &table::ENTRIES[i as usize]).collect(),
    };
    // BY_KEY orders TEXTS by key, then language: the equal keys are one run.
    let start = table::BY_KEY.partition_point(|&i| table::TEXTS[i as usize].key < q.as_str());
    let exact: Vec<TextMatch> = table::BY_KEY[start..]
        .iter()
        .map(|&i| &table::TEXTS[i as usize])
        .take_while(|t| t.key == q)
        .filter(|t| lang.is_none_or(|l| t.lang == l))
        .map(|t| answer(t, 1.0, true))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let qb = bigrams(&q);
    let mut scored: Vec<(f64, usize)> = table::TEXTS
        .iter()
        .enumerate()
        .filter(|(_, t)| lang.is_none_or(|l| t.lang == l))
        .map(|(i, t)| (dice(&qb, &bigrams(t.key)), i))
        .filter(|(s, _)| *s >= FUZZY_MIN_SCORE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(FUZZY_LIMIT).map(|(s, i)| answer(&table::TEXTS[i], s, false)).collect()
}
