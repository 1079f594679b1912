//! Alignment of a code-less doc: each of its causes is mapped to the cause it
//! describes on the coded page. The code-less revision lists each distinct cause
//! once, in the order the coded page first mentions it, so both the order and
//! the text carry signal: a monotone alignment (like Needleman–Wunsch without
//! gap costs) maximises the summed text similarity.

use std::collections::BTreeMap;

use crate::normalize::{bigrams, dice, key};

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

/// Half-width of the band of the alignment around the diagonal, beyond the
/// difference in length of the two sequences.
pub const BAND: usize = 64;

/// Aligns `causes` (in doc order) to `slots` (in order of first mention),
/// monotonically, maximising the summed score. Each cause and each slot is
/// used at most once; causes left out are not in the result. Ties go to the
/// earlier slot, so the result is deterministic.
///
/// Only alignments that stay within a band around the diagonal are
/// considered: slot `j` for cause `i` when `|j·n − i·m| ≤ (|m − n| + BAND)·max(n, m)`,
/// which for revisions of one page (a few causes more or less) is every
/// alignment that matters. Time and memory are O(n · (|m − n| + BAND)).
pub fn align(causes: &[&str], slots: &[Slot]) -> Vec<Match> {
    let (n, m) = (causes.len(), slots.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // Row i covers slots lo(i)..hi(i); the band follows the diagonal j ≈ i·m/n.
    let half = n.abs_diff(m) + BAND;
    let lo = |i: usize| (i * m / n).saturating_sub(half);
    let hi = |i: usize| ((i * m).div_ceil(n) + half + 1).min(m + 1);
    let width = 2 * half + 3;
    // The best total aligning causes[i..] with slots[j..] is computed row by
    // row from the last cause up, keeping two rows of the band; for each cell
    // the step the walk back takes from it is kept (a byte, not the f64: at
    // 100,000 codes the band of totals was 65 MB). NEG outside the band.
    const NEG: f64 = f64::NEG_INFINITY;
    let value = |row: &[f64], i: usize, j: usize| -> f64 {
        if i == n || j == m {
            return 0.0;
        }
        if j < lo(i) || j >= hi(i) { NEG } else { row[j - lo(i)] }
    };
    let mut steps = vec![Step::NextCause; n * width];
    let (mut below, mut row) = (vec![NEG; width], vec![NEG; width]);
    // Keys and bigrams are made for one cause at a time, and for the slots of
    // the band's current row: the band only moves down the slots as the rows
    // go up (at 100,000 codes, all of them at once were 17 MB).
    let mut window: BTreeMap<usize, Option<Prepared>> = BTreeMap::new();
    for i in (0..n).rev() {
        let (from, to) = (lo(i), hi(i).min(m));
        drop(window.split_off(&to));
        for (j, slot) in slots.iter().enumerate().take(to).skip(from) {
            window.entry(j).or_insert_with(|| slot.text.as_deref().map(prepare));
        }
        let cause = prepare(causes[i]);
        row.fill(NEG);
        for j in (from..to).rev() {
            let s = score_of(&cause, window.get(&j).and_then(Option::as_ref));
            let (diagonal, right) = (value(&below, i + 1, j + 1), value(&row, i, j + 1));
            let v = (s + diagonal).max(value(&below, i + 1, j)).max(right);
            row[j - lo(i)] = v;
            // Ties go to taking the pair, then to the next slot.
            steps[i * width + (j - lo(i))] = if v == NEG {
                Step::NextCause
            } else if s > 0.0 && (v - (s + diagonal)).abs() < 1e-12 {
                Step::Take
            } else if (v - right).abs() < 1e-12 {
                Step::NextSlot
            } else {
                Step::NextCause
            };
        }
        std::mem::swap(&mut below, &mut row);
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, lo(0));
    while i < n && j < m {
        if j < lo(i) {
            // Left the band: move toward it.
            j += 1;
            continue;
        }
        if j >= hi(i) {
            i += 1;
            continue;
        }
        match steps[i * width + (j - lo(i))] {
            Step::Take => {
                let score = score_of(&prepare(causes[i]), slots[j].text.as_deref().map(prepare).as_ref());
                out.push(Match { cause: i, slot: j, score });
                i += 1;
                j += 1;
            }
            Step::NextSlot => j += 1,
            Step::NextCause => i += 1,
        }
    }
    out
}

/// A text's comparison key and its sorted bigrams.
type Prepared = (String, Vec<u64>);

fn prepare(text: &str) -> Prepared {
    let k = key(text);
    let b = bigrams(&k);
    (k, b)
}

/// The score of a cause against a slot: 1.0 for the same key, else the dice
/// coefficient of their bigrams; [`ORDER_ONLY_SCORE`] for a slot without text.
fn score_of(cause: &Prepared, slot: Option<&Prepared>) -> f64 {
    match slot {
        Some((key, bigrams)) => {
            if *key == cause.0 {
                1.0
            } else {
                dice(&cause.1, bigrams)
            }
        }
        None => ORDER_ONLY_SCORE,
    }
}

/// Where the walk back through the alignment goes from a cell.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Pair the cause with the slot, then the next of each.
    Take,
    /// Leave the slot without a cause.
    NextSlot,
    /// Leave the cause unaligned.
    NextCause,
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
