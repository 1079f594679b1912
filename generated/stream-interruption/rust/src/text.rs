//! Reverse lookup: from a reason text (the callback's `errmsg`, the
//! `StopReason` of DescribeLiveStreamEventList) to the codes that give it.

use alloc::string::String;
use alloc::vec::Vec;

use unicode_normalization::UnicodeNormalization;

use crate::{Lang, StopReason, table};

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

/// The comparison key of a reason text, as the table's keys were made: NFKC,
/// lowercase, sentence punctuation and whitespace trimmed at the end, and
/// whitespace dropped except one space between two ASCII letters or digits.
///
/// ```
/// use css_stop_reasons::key;
/// assert_eq!(key("ＲＴＭＰ 協議内容異常。"), key("rtmp協議内容異常"));
/// assert_eq!(key("Unknown  Reason. "), "unknown reason");
/// ```
pub fn key(text: &str) -> String {
    let mut out = Key { out: String::with_capacity(text.len()), last: None, pending_space: false };
    // Fast paths: text made of characters that NFKC and lowercasing leave alone
    // (ASCII aside, which lowercases itself), as the docs' texts and most queries
    // are; then text already in NFKC, lowercased char by char (`str::to_lowercase`
    // differs from that only for a final capital sigma, which takes the general path).
    if text.is_ascii() {
        return ascii_key(text);
    }
    if text.chars().all(|c| c.is_ascii() || is_stable(c)) {
        text.chars().for_each(|c| out.push(c.to_ascii_lowercase()));
        return out.finish();
    }
    let nfkc = unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes;
    if nfkc && !text.contains('Σ') {
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(|l| out.push(l));
            }
        }
    } else {
        let folded = if nfkc { text.to_lowercase() } else { text.nfkc().collect::<String>().to_lowercase() };
        folded.chars().for_each(|c| out.push(c));
    }
    out.finish()
}

/// [`key`] of an ASCII text, byte by byte.
fn ascii_key(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut pending_space = false;
    for &b in text.as_bytes() {
        // ASCII White_Space: tab, line feed, vertical tab, form feed, carriage return, space.
        if matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ') {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && out.last().is_some_and(u8::is_ascii_alphanumeric) && b.is_ascii_alphanumeric() {
            out.push(b' ');
        }
        pending_space = false;
        out.push(b.to_ascii_lowercase());
    }
    while out.last().is_some_and(|b| matches!(b, b'.' | b'!' | b'?' | b';' | b':' | b',')) {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Characters that NFKC maps to themselves whatever surrounds them, and that
/// have no lowercase: the common CJK punctuation, hiragana and katakana (without
/// the combining and compatibility ones), the CJK Unified Ideographs and the
/// precomposed Hangul syllables.
fn is_stable(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{30fc}'
        | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
}

/// A key being built: spaces kept only between two ASCII letters or digits.
struct Key {
    out: String,
    last: Option<char>,
    pending_space: bool,
}

impl Key {
    fn push(&mut self, c: char) {
        if is_space(c) {
            self.pending_space = self.last.is_some();
            return;
        }
        if self.pending_space && self.last.is_some_and(|p| p.is_ascii_alphanumeric()) && c.is_ascii_alphanumeric() {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push(c);
        self.last = Some(c);
    }

    /// The key, sentence punctuation dropped from its end (spaces never end it).
    fn finish(mut self) -> String {
        while self.out.ends_with(TRAILING) {
            self.out.pop();
        }
        self.out
    }
}

fn bigrams(key: &str) -> Vec<u64> {
    let mut prev: Option<char> = None;
    let mut out = Vec::with_capacity(key.len());
    for c in key.chars().filter(|c| *c != ' ') {
        if let Some(p) = prev {
            out.push((u64::from(p) << 32) | u64::from(c));
        }
        prev = Some(c);
    }
    out.sort_unstable();
    out
}

/// The bigrams of every key of the table, in `TEXTS` order: made on the first
/// fuzzy lookup and kept (with `std`), or made for each one (without).
#[cfg(feature = "std")]
fn with_table_bigrams<R>(f: impl FnOnce(&[Vec<u64>]) -> R) -> R {
    static BIGRAMS: std::sync::OnceLock<Vec<Vec<u64>>> = std::sync::OnceLock::new();
    f(BIGRAMS.get_or_init(|| table::TEXTS.iter().map(|t| bigrams(t.key)).collect()))
}

#[cfg(not(feature = "std"))]
fn with_table_bigrams<R>(f: impl FnOnce(&[Vec<u64>]) -> R) -> R {
    let all: Vec<Vec<u64>> = table::TEXTS.iter().map(|t| bigrams(t.key)).collect();
    f(&all)
}

/// `2 × |a ∩ b| / (|a| + |b|)` over sorted bigram lists, counting repeats.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    let nb = b.len();
    if a.is_empty() || nb == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < nb {
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
    (2 * both) as f64 / (a.len() + nb) as f64
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
    pub reasons: Vec<&'static StopReason>,
}

/// Reverse lookup by reason text, in `lang` or (with `None`) in every language.
///
/// Exact matches come first and alone: texts whose comparison key ([`key`])
/// equals the query's, i.e. equal but for width, case, spacing and trailing
/// punctuation. Without one, up to 5 fuzzy matches scoring at least 0.4 are
/// returned, best first (ties: language order, then key). Nothing is ever
/// returned as exact that is not, and an empty result means no text is close.
///
/// ```
/// use css_stop_reasons::{match_text, Lang};
///
/// let m = match_text("推流客户端主动断流", None);
/// assert!(m[0].exact);
/// assert_eq!(m[0].lang, Lang::Zh);
/// assert_eq!(m[0].reasons.iter().map(|r| r.code()).collect::<Vec<_>>(), [(1, 0), (2, 0), (3, 0), (4, 0), (35, 0)]);
///
/// // DescribeLiveStreamEventList words it differently: a ranked suggestion.
/// let m = match_text("客户端主动断流", Some(Lang::Zh));
/// assert!(!m[0].exact && m[0].score > 0.7);
/// assert_eq!(m[0].text, "推流客户端主动断流。");
/// ```
pub fn match_text(text: &str, lang: Option<Lang>) -> Vec<TextMatch> {
    let q = key(text);
    if q.is_empty() {
        return Vec::new();
    }
    let in_scope = |t: &&crate::IndexedText| lang.is_none_or(|l| t.lang == l);
    let answer = |t: &'static crate::IndexedText, score: f64, exact: bool| TextMatch {
        lang: t.lang,
        text: t.text,
        score,
        exact,
        reasons: t.reasons.iter().map(|&i| &table::STOP_REASONS[i as usize]).collect(),
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
    let mut scored: Vec<(f64, usize)> = with_table_bigrams(|all| {
        table::TEXTS
            .iter()
            .zip(all)
            .enumerate()
            .filter(|(_, (t, _))| in_scope(t))
            .map(|(i, (_, b))| (dice(&qb, b), i))
            .filter(|(s, _)| *s >= FUZZY_MIN_SCORE)
            .collect()
    });
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(FUZZY_LIMIT).map(|(s, i)| answer(&table::TEXTS[i], s, false)).collect()
}
