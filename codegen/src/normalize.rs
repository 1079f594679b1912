//! Comparison keys for reason texts. Used to tell whether two texts say the same
//! thing, never for output: emitted texts are the docs' own.

use unicode_normalization::UnicodeNormalization;

/// Characters that end a sentence; dropped at the end of a key (the docs put a
/// full stop on one row and forget it on the next).
const TRAILING: &[char] = &['.', '。', '．', '!', '！', '?', '？', ';', '；', ':', '：', '、', ','];

/// The comparison key of a reason text:
/// 1. NFKC, so full-width letters and digits equal half-width ones (`ＲＴＭＰ` = `RTMP`);
/// 2. lowercase;
/// 3. sentence punctuation and whitespace trimmed at the end;
/// 4. whitespace dropped, except one space between two ASCII letters or digits
///    (so `IP が` = `IPが` in Japanese, and English keeps its word breaks).
pub fn key(text: &str) -> String {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let trimmed = folded.trim_end_matches(|c: char| c.is_whitespace() || TRAILING.contains(&c));
    let mut out = String::with_capacity(trimmed.len());
    let mut pending_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
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

/// Similarity of two texts in 0.0–1.0: the Sørensen–Dice coefficient of their
/// keys' character bigrams (strsim), which works the same for Latin, kana, Han
/// and Hangul without splitting words.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(&key(a), &key(b))
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
        // What differs in meaning stays different.
        assert_ne!(key("RTMPプロトコルコンテンツ異常。"), key("RTMPのプロトコルコンテンツ異常。"));
        assert_ne!(key("Unknown error."), key("Unknown reason."));
    }

    #[test]
    fn similarity_ranks_rewordings_above_other_causes() {
        let doc = "Internal error in the CSS system.";
        assert!(similarity("CSS system internal error.", doc) > similarity("Push client network exceptions.", doc));
        assert_eq!(similarity("Unknown reason.", "unknown reason"), 1.0);
    }
}
