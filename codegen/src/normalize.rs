//! Comparison keys for reason texts. Used to tell whether two texts say the same
//! thing, never for output: emitted texts are the docs' own.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

/// Characters that end a sentence; dropped at the end of a key (the docs put a
/// full stop on one row and forget it on the next).
pub const TRAILING: &[char] = &['.', '。', '．', '!', '！', '?', '？', ';', '；', ':', '：', '、', ','];

/// Unicode `White_Space`, written out so every implementation of [`key`] (this
/// one, the generated Rust crate's, the TypeScript package's) agrees exactly.
pub fn is_space(c: char) -> bool {
    matches!(c, '\u{9}'..='\u{d}' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// The comparison key of a reason text:
/// 1. NFKC, so full-width letters and digits equal half-width ones (`ＲＴＭＰ` = `RTMP`);
/// 2. lowercase (Unicode default case conversion of the whole string);
/// 3. sentence punctuation ([`TRAILING`]) and whitespace trimmed at the end;
/// 4. whitespace dropped, except one space between two ASCII letters or digits
///    (so `IP が` = `IPが` in Japanese, and English keeps its word breaks).
///
/// The generated Rust crate and the TypeScript package implement the same
/// steps for reverse lookups; the keys in their tables are made here.
pub fn key(text: &str) -> String {
    // Most texts are NFKC already, which the library's quick check tells
    // without normalizing (at 10,000 codes, half the time of every key).
    let folded = match unicode_normalization::is_nfkc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_lowercase(),
        _ => text.nfkc().collect::<String>().to_lowercase(),
    };
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

/// Collapses runs of whitespace (Unicode `White_Space`, which includes the
/// no-break spaces the docs scatter between tags) into one ASCII space and trims
/// both ends. Only whitespace changes: every other character is the doc's own.
pub fn collapse_whitespace(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Comparison keys of texts, each made once: the docs repeat a cause's text
/// at every code that has it (with 10,000 codes, making each key afresh was a
/// tenth of a run).
#[derive(Debug, Default)]
pub struct Keys<'t>(BTreeMap<&'t str, String>);

impl<'t> Keys<'t> {
    /// The key of `text` ([`key`]).
    pub fn of(&mut self, text: &'t str) -> &str {
        self.0.entry(text).or_insert_with(|| key(text))
    }
}

/// The character bigrams of a key, spaces left out, each as a pair of
/// characters, sorted. A key of fewer than two characters has none.
pub fn bigrams(key: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = key.chars().filter(|c| *c != ' ').collect();
    let mut out: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    out.sort_unstable();
    out
}

/// The Sørensen–Dice coefficient of two sorted bigram lists, counting repeats:
/// `2 × |a ∩ b| / (|a| + |b|)`, in 0.0–1.0; 0.0 when either is empty.
///
/// (strsim's `sorensen_dice` divides by byte lengths, which skews every score
/// for kana, Han and Hangul; this counts characters.)
pub fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * both) as f64 / (a.len() + b.len()) as f64
}

/// Similarity of two texts in 0.0–1.0: 1.0 when their keys are equal, else
/// the [`dice`] coefficient of their keys' bigrams. Works the same for Latin,
/// kana, Han and Hangul without splitting words.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (ka, kb) = (key(a), key(b));
    if ka == kb { 1.0 } else { dice(&bigrams(&ka), &bigrams(&kb)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_trailing_punctuation_width_case_and_spacing() {
        assert_eq!(key("CSSシステム内部エラー。"), key("CSSシステム内部エラー"));
        assert_eq!(key("ＲＴＭＰ　協議"), key("RTMP協議"));
        assert_eq!(key("プッシュクライアント IP がブラックリスト"), key("プッシュクライアントIPがブラックリスト"));
        assert_eq!(
            key("A push interruption request from the client was received. "),
            "a push interruption request from the client was received"
        );
        assert_eq!(key("Unknown  reason."), "unknown reason");
        assert_eq!(key("ÀB  CD."), "àb cd");
        assert_eq!(key("ﬁ"), "fi");
        // What differs in meaning stays different.
        assert_ne!(key("RTMPプロトコルコンテンツ異常。"), key("RTMPのプロトコルコンテンツ異常。"));
        assert_ne!(key("Unknown error."), key("Unknown reason."));
    }

    #[test]
    fn dice_counts_characters_not_bytes() {
        assert_eq!(dice(&bigrams("ab"), &bigrams("ab")), 1.0);
        assert_eq!(dice(&bigrams("abc"), &bigrams("abd")), 0.5);
        // Three-byte characters score like one-byte ones.
        assert_eq!(dice(&bigrams("内部错"), &bigrams("内部误")), 0.5);
        assert_eq!(dice(&bigrams("a"), &bigrams("a")), 0.0);
        assert_eq!(similarity("a", "A."), 1.0);
    }

    #[test]
    fn similarity_ranks_rewordings_above_other_causes() {
        let doc = "Internal error in the CSS system.";
        assert!(similarity("CSS system internal error.", doc) > similarity("Push client network exceptions.", doc));
        assert_eq!(similarity("Unknown reason.", "unknown reason"), 1.0);
    }
}
