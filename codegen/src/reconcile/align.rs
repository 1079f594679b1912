//! Alignment of a code-less doc: each of its causes is mapped to the cause it
//! describes on the coded page. The code-less revision lists each distinct cause
//! once, in the order the coded page first mentions it, so both the order and
//! the text carry signal: a monotone alignment (like Needleman–Wunsch without
//! gap costs) maximises the summed text similarity.

use std::ops::Range;

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
/// alignment that matters. Time and memory are O(n · (|m − n| + BAND)); the
/// scoring, most of the time, is spread over two cores.
pub fn align(causes: &[&str], slots: &[Slot]) -> Vec<Match> {
    align_in_blocks(causes, slots, BLOCK_CELLS)
}

/// Cells of the band scored at a time: a block of rows, split between two
/// cores, then walked by the dynamic programme (2 MiB of scores).
const BLOCK_CELLS: usize = 1 << 18;

/// Blocks with fewer cells are scored on one core (a thread costs more).
const SPLIT_CELLS: usize = 1 << 12;

/// The band of the alignment: row `i` (a cause) covers slots `lo(i)..hi(i)`,
/// following the diagonal `j ≈ i·m/n`; both ends grow with `i`.
struct Band {
    n: usize,
    m: usize,
    half: usize,
    /// Cells a row of the band holds at most.
    width: usize,
}

impl Band {
    fn new(n: usize, m: usize) -> Band {
        let half = n.abs_diff(m) + BAND;
        Band { n, m, half, width: 2 * half + 3 }
    }

    fn lo(&self, i: usize) -> usize {
        (i * self.m / self.n).saturating_sub(self.half)
    }

    fn hi(&self, i: usize) -> usize {
        ((i * self.m).div_ceil(self.n) + self.half + 1).min(self.m + 1)
    }
}

/// [`align`], scoring `block_cells` cells of the band at a time (tests vary it).
fn align_in_blocks(causes: &[&str], slots: &[Slot], block_cells: usize) -> Vec<Match> {
    let (n, m) = (causes.len(), slots.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let band = Band::new(n, m);
    let width = band.width;
    // The best total aligning causes[i..] with slots[j..] is computed row by
    // row from the last cause up, keeping two rows of the band; for each cell
    // the step the walk back takes from it is kept (a byte, not the f64: at
    // 100,000 codes the band of totals was 65 MB). NEG outside the band.
    const NEG: f64 = f64::NEG_INFINITY;
    let value = |row: &[f64], i: usize, j: usize| -> f64 {
        if i == n || j == m {
            return 0.0;
        }
        if j < band.lo(i) || j >= band.hi(i) { NEG } else { row[j - band.lo(i)] }
    };
    let mut steps = vec![Step::NextCause; n * width];
    let (mut below, mut row) = (vec![NEG; width], vec![NEG; width]);
    // The rows' scores come a block at a time, from the last block up.
    let rows_per_block = (block_cells / width).max(1);
    let mut scores = vec![0.0; rows_per_block.min(n) * width];
    let mut end = n;
    while end > 0 {
        let start = end.saturating_sub(rows_per_block);
        score_block(causes, slots, &band, start..end, &mut scores);
        for i in (start..end).rev() {
            let (from, to) = (band.lo(i), band.hi(i).min(m));
            row.fill(NEG);
            for j in (from..to).rev() {
                let s = scores[(i - start) * width + (j - from)];
                let (diagonal, right) = (value(&below, i + 1, j + 1), value(&row, i, j + 1));
                let v = (s + diagonal).max(value(&below, i + 1, j)).max(right);
                row[j - from] = v;
                // Ties go to taking the pair, then to the next slot.
                steps[i * width + (j - from)] = if v == NEG {
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
        end = start;
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, band.lo(0));
    while i < n && j < m {
        if j < band.lo(i) {
            // Left the band: move toward it.
            j += 1;
            continue;
        }
        if j >= band.hi(i) {
            i += 1;
            continue;
        }
        match steps[i * width + (j - band.lo(i))] {
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

/// Scores the band's cells of `rows` into `scores` (row by row, `width` a row,
/// from each row's `lo`): the first half of the rows here, the second on
/// another core, when the block is worth a thread.
fn score_block(causes: &[&str], slots: &[Slot], band: &Band, rows: Range<usize>, scores: &mut [f64]) {
    if rows.len() < 2 || rows.len() * band.width < SPLIT_CELLS {
        score_rows(causes, slots, band, rows, scores);
        return;
    }
    let mid = rows.start + rows.len() / 2;
    let (first, second) = scores.split_at_mut((mid - rows.start) * band.width);
    std::thread::scope(|scope| {
        scope.spawn(|| score_rows(causes, slots, band, mid..rows.end, second));
        score_rows(causes, slots, band, rows.start..mid, first);
    });
}

/// Scores the band's cells of `rows` into `scores`; the keys and bigrams of
/// the slots those rows cover are made once for all of them.
fn score_rows(causes: &[&str], slots: &[Slot], band: &Band, rows: Range<usize>, scores: &mut [f64]) {
    let Some(last) = rows.end.checked_sub(1) else { return };
    let (first_slot, end_slot) = (band.lo(rows.start), band.hi(last).min(band.m));
    let prepared: Vec<Option<Prepared>> = slots[first_slot..end_slot].iter().map(|s| s.text.as_deref().map(prepare)).collect();
    for (r, i) in rows.enumerate() {
        let cause = prepare(causes[i]);
        let from = band.lo(i);
        for j in from..band.hi(i).min(band.m) {
            scores[r * band.width + (j - from)] = score_of(&cause, prepared[j - first_slot].as_ref());
        }
    }
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
    fn the_alignment_is_the_same_whatever_the_blocks_it_is_scored_in() {
        // 300 causes against 320 slots: rewordings, slots without text, causes
        // the page lacks and a few out of order; scored a row at a time, in
        // blocks on one core, in blocks split over two cores, and whole.
        let words = ["push", "stream", "auth", "network", "timeout", "server", "client", "limit"];
        let text = |k: usize, style: usize| match style {
            0 => format!("The {} {} failed at step {k}.", words[k % 8], words[(k / 8) % 8]),
            _ => format!("Step {k}: {} {} failure", words[k % 8], words[(k / 8) % 8]),
        };
        let slots: Vec<Slot> = (0..320).map(|k| Slot { text: (k % 3 != 1).then(|| text(k, 0)) }).collect();
        let causes: Vec<String> = (0..320).filter(|k| k % 16 != 5).map(|k| text(if k % 50 == 7 { k + 2 } else { k }, 1)).collect();
        let causes: Vec<&str> = causes.iter().map(String::as_str).collect();
        let whole = align_in_blocks(&causes, &slots, usize::MAX);
        assert!(whole.len() > 250, "{}", whole.len());
        for block_cells in [1, 1_000, 1 << 14, BLOCK_CELLS] {
            assert_eq!(align_in_blocks(&causes, &slots, block_cells), whole, "{block_cells} cells a block");
        }
    }

    #[test]
    fn slots_without_text_do_not_attract_causes_away_from_their_text() {
        let s = slots(&[None, Some("Unknown reason.")]);
        let m = align(&["Unknown reason."], &s);
        assert_eq!(pairs(&m), [(0, 1)]);
    }
}
