//! Alignment of a code-less doc: each of its causes is mapped to the cause it
//! describes on the coded page. The code-less revision lists each distinct cause
//! once, in the order the coded page first mentions it, so both the order and
//! the text carry signal: a monotone alignment (like Needleman–Wunsch without
//! gap costs) maximises the summed text similarity.

use crate::normalize::similarity;

/// A place a cause can align to: one distinct cause of the coded page.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// A text for this cause in the code-less doc's language, when the coded
    /// docs have one; `None` for a cause that language's coded doc lacks.
    pub text: Option<String>,
}

/// The score of aligning a cause to a slot without text in its language: the
/// order alone says it fits. Below a real rewording's similarity (0.3–0.9),
/// above an unrelated text's (under 0.2).
pub const ORDER_ONLY_SCORE: f64 = 0.2;

/// One aligned cause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Index of the cause.
    pub cause: usize,
    /// Index of the slot.
    pub slot: usize,
    /// Similarity to the slot's text, or [`ORDER_ONLY_SCORE`].
    pub score: f64,
}

/// Aligns `causes` (in doc order) to `slots` (in order of first mention),
/// monotonically, maximising the summed score. Each cause and each slot is
/// used at most once; causes left out are not in the result. Ties go to the
/// earlier slot, so the result is deterministic.
///
/// Time and memory are O(causes × slots).
pub fn align(causes: &[&str], slots: &[Slot]) -> Vec<Match> {
    let (n, m) = (causes.len(), slots.len());
    let score = |i: usize, j: usize| match &slots[j].text {
        Some(t) => similarity(causes[i], t),
        None => ORDER_ONLY_SCORE,
    };
    // best[i][j]: best total aligning causes[i..] with slots[j..].
    let mut best = vec![0.0f64; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut scores = vec![0.0f64; n * m];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = score(i, j);
            scores[i * m + j] = s;
            let take = s + best[at(i + 1, j + 1)];
            best[at(i, j)] = take.max(best[at(i + 1, j)]).max(best[at(i, j + 1)]);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = scores[i * m + j];
        let here = best[at(i, j)];
        if s > 0.0 && (here - (s + best[at(i + 1, j + 1)])).abs() < 1e-12 {
            out.push(Match { cause: i, slot: j, score: s });
            i += 1;
            j += 1;
        } else if (here - best[at(i, j + 1)]).abs() < 1e-12 {
            j += 1;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(texts: &[Option<&str>]) -> Vec<Slot> {
        texts.iter().map(|t| Slot { text: t.map(str::to_owned) }).collect()
    }

    fn pairs(matches: &[Match]) -> Vec<(usize, usize)> {
        matches.iter().map(|m| (m.cause, m.slot)).collect()
    }

    #[test]
    fn rewordings_align_by_text_and_order() {
        let s =
            slots(&[Some("Unknown error."), Some("The push client actively stopped the push."), Some("Internal error in the CSS system.")]);
        let m = align(&["Unknown error.", "Push client interrupted the push.", "CSS system internal error."], &s);
        assert_eq!(pairs(&m), [(0, 0), (1, 1), (2, 2)]);
    }

    #[test]
    fn a_cause_between_known_ones_fills_the_slot_without_text() {
        let s = slots(&[Some("The number of pushes exceeds the limit."), None, Some("Third-party authentication failed.")]);
        let m =
            align(&["Push count over the limit.", "The priority is lower than an existing one.", "Third-party authentication failed."], &s);
        assert_eq!(pairs(&m), [(0, 0), (1, 1), (2, 2)]);
        assert_eq!(m[1].score, ORDER_ONLY_SCORE);
    }

    #[test]
    fn text_wins_over_order_when_they_disagree() {
        // The doc lists the causes in another order than the coded page: the
        // strongly matching pair is kept and the crossing one dropped.
        let s = slots(&[Some("Authentication failed."), Some("The stream is disabled.")]);
        let m = align(&["The stream is disabled.", "Authentication failed."], &s);
        assert_eq!(m.len(), 1);
        assert!(m[0].score > 0.9);
    }

    #[test]
    fn slots_without_text_do_not_attract_causes_away_from_their_text() {
        let s = slots(&[None, Some("Unknown reason.")]);
        let m = align(&["Unknown reason."], &s);
        assert_eq!(pairs(&m), [(0, 1)]);
    }
}
