//! Comparison keys for reason texts. Used to tell whether two texts say the same
//! thing, never for output: emitted texts are the docs' own.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Characters that end a sentence; dropped at the end of a key (the docs put a
/// full stop on one row and forget it on the next).
pub const TRAILING: &[char] = &['.', '。', '．', '!', '！', '?', '？', ';', '；', ':', '：', '、', ','];

/// Unicode `White_Space`, written out so every implementation of [`key`] (this
/// one, the generated Rust crate's, the TypeScript package's) agrees exactly.
pub fn is_space(c: char) -> bool {
    matches!(c, '\u{9}'..='\u{d}' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// Characters that lowercasing leaves as they are, checked without the case
/// tables: ASCII other than capitals, and the CJK and Hangul blocks the docs
/// are written in (U+3000–U+9FFF, U+AC00–U+D7A3).
fn is_caseless(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_uppercase()) || matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
}

/// Characters that are caseless, NFKC-stable and of combining class 0, so a
/// text made only of them is its own NFKC and its own lowercase: ASCII other
/// than capitals, the ideographic comma and full stop, hiragana and katakana
/// (their combining and half-width forms left out), CJK unified ideographs
/// and Hangul syllables. Checked without the normalization tables: most texts
/// of the docs are made of these (a table lookup a character was most of the
/// time of a Japanese key).
fn is_plain(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_uppercase())
        || matches!(c, '\u{3001}'..='\u{3002}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{30fc}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
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
    // ASCII is its own NFKC and lowercases a character at a time, below; most
    // other texts are already NFKC and caseless: neither is copied first (one
    // allocation a key, where there were two).
    let (folded, ascii) = if text.is_ascii() {
        (Cow::Borrowed(text), true)
    } else if text.chars().all(is_plain) {
        (Cow::Borrowed(text), false)
    } else {
        let folded = match unicode_normalization::is_nfkc_quick(text.chars()) {
            unicode_normalization::IsNormalized::Yes if text.chars().all(is_caseless) => Cow::Borrowed(text),
            unicode_normalization::IsNormalized::Yes => Cow::Owned(text.to_lowercase()),
            _ => Cow::Owned(text.nfkc().collect::<String>().to_lowercase()),
        };
        (folded, false)
    };
    // Lowercasing ASCII turns letters into letters: the same end is trimmed before as after.
    let trimmed = folded.trim_end_matches(|c: char| is_space(c) || TRAILING.contains(&c));
    let mut out = String::with_capacity(trimmed.len());
    let mut pending_space = false;
    for c in trimmed.chars() {
        let c = if ascii { c.to_ascii_lowercase() } else { c };
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

/// The character bigrams of a key, spaces left out, each packed into a `u64`
/// (first char in the high half), sorted. A key of fewer than two characters
/// has none.
pub fn bigrams(key: &str) -> Vec<u64> {
    let mut chars = key.chars().filter(|c| *c != ' ');
    let Some(mut previous) = chars.next() else { return Vec::new() };
    // At most one bigram a byte: one allocation, no list of the characters first.
    let mut out = Vec::with_capacity(key.len());
    for c in chars {
        out.push((u64::from(previous) << 32) | u64::from(c));
        previous = c;
    }
    out.sort_unstable();
    out
}

/// The Sørensen–Dice coefficient of two sorted bigram lists, counting repeats:
/// `2 × |a ∩ b| / (|a| + |b|)`, in 0.0–1.0; 0.0 when either is empty.
///
/// (strsim's `sorensen_dice` divides by byte lengths, which skews every score
/// for kana, Han and Hangul; this counts characters.)
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
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

    #[test]
    fn caseless_characters_are_their_own_lowercase() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|c| super::is_caseless(*c)) {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "U+{:04X}", u32::from(c));
        }
    }

    use super::*;

    #[test]
    fn plain_characters_are_their_own_nfkc_and_lowercase() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|c| is_plain(*c)) {
            let text = c.to_string();
            assert_eq!(text.nfkc().collect::<String>(), text, "U+{:04X}", u32::from(c));
            assert_eq!(text.to_lowercase(), text, "U+{:04X}", u32::from(c));
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            assert_eq!(
                unicode_normalization::is_nfkc_quick(text.chars()),
                unicode_normalization::IsNormalized::Yes,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

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

    /// The key and bigrams as first written (a lowercased copy, then the key;
    /// a list of the characters, then the bigrams): what the faster ones must equal.
    fn reference(text: &str) -> (String, Vec<u64>) {
        let folded = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            match unicode_normalization::is_nfkc_quick(text.chars()) {
                unicode_normalization::IsNormalized::Yes if text.chars().all(is_caseless) => text.to_owned(),
                unicode_normalization::IsNormalized::Yes => text.to_lowercase(),
                _ => text.nfkc().collect::<String>().to_lowercase(),
            }
        };
        let trimmed = folded.trim_end_matches(|c: char| is_space(c) || TRAILING.contains(&c));
        let mut key = String::new();
        let mut pending_space = false;
        for c in trimmed.chars() {
            if is_space(c) {
                pending_space = !key.is_empty();
                continue;
            }
            if pending_space && key.chars().next_back().is_some_and(|p| p.is_ascii_alphanumeric()) && c.is_ascii_alphanumeric() {
                key.push(' ');
            }
            pending_space = false;
            key.push(c);
        }
        let chars: Vec<char> = key.chars().filter(|c| *c != ' ').collect();
        let mut bigrams: Vec<u64> = chars.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1])).collect();
        bigrams.sort_unstable();
        (key, bigrams)
    }

    #[test]
    fn keys_and_bigrams_equal_the_reference_on_every_line_of_the_seeds_and_edge_cases() {
        let seeds = [
            include_str!("../../seeds/stream-interruption.en.md"),
            include_str!("../../seeds/stream-interruption-causes.en.md"),
            include_str!("../../seeds/stream-interruption.ja.md"),
            include_str!("../../seeds/stream-interruption.zh.md"),
            include_str!("../../seeds/stream-interruption.ko.md"),
        ];
        let edge = [
            "",
            " ",
            ".",
            "A",
            "Ab. ",
            "AB  CD.",
            "ＲＴＭＰ　協議",
            "Ａbc",
            "ẞ",
            "İstanbul",
            "ÀB",
            "a\u{a0}B",
            "IP が",
            " x ",
            "a 。",
            "\u{3000}내부 오류!",
            "Ǆ",
            "ﬁ",
            "É.",
            "A\tB\nC",
            "x y z.",
            "ΣΑΣ",
            "café.",
        ];
        let mut checked = 0;
        for text in seeds.iter().flat_map(|doc| doc.lines()).chain(edge) {
            let (key_then, bigrams_then) = reference(text);
            assert_eq!(key(text), key_then, "{text:?}");
            assert_eq!(bigrams(&key_then), bigrams_then, "{text:?}");
            checked += 1;
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn similarity_ranks_rewordings_above_other_causes() {
        let doc = "Internal error in the CSS system.";
        assert!(similarity("CSS system internal error.", doc) > similarity("Push client network exceptions.", doc));
        assert_eq!(similarity("Unknown reason.", "unknown reason"), 1.0);
    }
}
