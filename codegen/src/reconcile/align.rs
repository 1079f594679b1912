//! Step 3: alignment of a code-less doc. Each of its causes is mapped to the
//! cause it describes on the coded page. The code-less revision lists each
//! distinct cause once, in the order the coded page first mentions it, so both
//! the order and the text carry signal: a monotone alignment (like
//! Needleman–Wunsch without gap costs) maximises the summed text similarity.
//! An aligned cause fills the codes its language lacks, or else is kept as an
//! alternate wording.

use std::collections::{BTreeMap, BTreeSet};

use super::infer::{Classes, KeyIndex};
use super::problems;
use super::work::{Fill, Work};
use crate::lang::Lang;
use crate::model::{AlignedCause, Cause, Code, DocContent, DocText, ParsedDoc, Provenance};
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
/// alignment that matters. Time and memory are O(n · (|m − n| + BAND)), so
/// a long doc costs in proportion to its length rather than its square.
pub fn align(causes: &[&str], slots: &[Slot]) -> Vec<Match> {
    if causes.is_empty() || slots.is_empty() {
        return Vec::new();
    }
    let causes: Vec<Prepared> = causes.iter().map(|c| prepare(c)).collect();
    let slots: Vec<Option<Prepared>> = slots.iter().map(|s| s.text.as_deref().map(prepare)).collect();
    let band = Band::new(causes.len(), slots.len());
    let steps = steps(&causes, &slots, &band);
    walk(&causes, &slots, &band, &steps)
}

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

    /// Where cell `(i, j)` of the band is kept, or `None` outside the band.
    fn at(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo(i) && j < self.hi(i)).then(|| i * self.width + (j - self.lo(i)))
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

/// The dynamic programme: the best total aligning `causes[i..]` with
/// `slots[j..]`, row by row from the last cause up, keeping two rows of
/// totals; for each cell of the band, the step the walk takes from it.
fn steps(causes: &[Prepared], slots: &[Option<Prepared>], band: &Band) -> Vec<Step> {
    const NEG: f64 = f64::NEG_INFINITY;
    let (n, m) = (band.n, band.m);
    let value = |row: &[f64], i: usize, j: usize| -> f64 {
        if i == n || j == m {
            return 0.0;
        }
        if j < band.lo(i) || j >= band.hi(i) { NEG } else { row[j - band.lo(i)] }
    };
    let mut steps = vec![Step::NextCause; n * band.width];
    let (mut below, mut row) = (vec![NEG; band.width], vec![NEG; band.width]);
    for i in (0..n).rev() {
        let from = band.lo(i);
        row.fill(NEG);
        for j in (from..band.hi(i).min(m)).rev() {
            let s = score_of(&causes[i], slots[j].as_ref());
            let (diagonal, right) = (value(&below, i + 1, j + 1), value(&row, i, j + 1));
            let v = (s + diagonal).max(value(&below, i + 1, j)).max(right);
            row[j - from] = v;
            // Ties go to taking the pair, then to the next slot.
            steps[i * band.width + (j - from)] = if v == NEG {
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
    steps
}

/// The walk from the first cause and slot along the steps: the pairs taken.
fn walk(causes: &[Prepared], slots: &[Option<Prepared>], band: &Band, steps: &[Step]) -> Vec<Match> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, band.lo(0));
    while i < band.n && j < band.m {
        let Some(at) = band.at(i, j) else {
            // Left the band: move toward it.
            if j < band.lo(i) {
                j += 1;
            } else {
                i += 1;
            }
            continue;
        };
        match steps[at] {
            Step::Take => {
                out.push(Match { cause: i, slot: j, score: score_of(&causes[i], slots[j].as_ref()) });
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
type Prepared = (String, Vec<(char, char)>);

fn prepare(text: &str) -> Prepared {
    let k = key(text);
    let b = bigrams(&k);
    (k, b)
}

/// The score of a cause against a slot: 1.0 for the same key, else the dice
/// coefficient of their bigrams; [`ORDER_ONLY_SCORE`] for a slot without text.
fn score_of(cause: &Prepared, slot: Option<&Prepared>) -> f64 {
    match slot {
        Some((key, _)) if *key == cause.0 => 1.0,
        Some((_, bigrams)) => dice(&cause.1, bigrams),
        None => ORDER_ONLY_SCORE,
    }
}

/// The places a code-less doc in `lang` can align its causes to: the coded
/// page's causes in this language, in order of first mention, each with its
/// codes (sorted) and its text in `lang` when a coded doc has one. A slot is
/// a key in this language (the code's own, or the one its cause most likely
/// has), else the cross-language class.
fn cause_slots(work: &Work<'_>, lang: &Lang) -> Vec<(Vec<Code>, Option<String>)> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum SlotKey<'k> {
        Text(&'k str),
        Class(Code),
    }
    let index = KeyIndex::new(work, false);
    let classes = Classes::new(&index.keys, &work.variants);
    let mut slot_of: BTreeMap<SlotKey<'_>, Vec<Code>> = BTreeMap::new();
    for (code, langs) in &work.cells {
        let slot = match langs.get(lang) {
            Some(cell) => SlotKey::Text(&cell.key),
            None => match index.best(code, lang, classes.fellows(code)) {
                Some((key, _)) => SlotKey::Text(key),
                None => SlotKey::Class(classes.class_of(code)),
            },
        };
        slot_of.entry(slot).or_default().push(code.clone());
    }
    let mut slots: Vec<(Vec<Code>, Option<String>)> = slot_of
        .into_values()
        .map(|codes| {
            let text = codes.iter().find_map(|c| work.cells[c].get(lang).map(|cell| cell.text.clone()));
            (codes, text)
        })
        .collect();
    slots.sort_by(|(a, _), (b, _)| a[0].cmp(&b[0]));
    slots
}

/// A cause matched to a slot: its index, the slot's, the score (`None` when pinned).
struct Matched {
    cause: usize,
    slot: usize,
    score: Option<f64>,
}

/// Aligns one code-less doc: pins first, then the rest by [`align`]; each
/// aligned cause fills the codes its language lacks or is kept as an
/// alternate wording. A cause that aligns to nothing is a problem.
///
/// A cause the doc lists again (the same text as an earlier one: the Chinese
/// code-less revision repeats a cause where the coded page mentions it
/// again, at a later code) is the same cause: it goes where its first
/// mention goes, and takes no slot of its own.
pub(super) fn align_doc(work: &mut Work<'_>, doc: &ParsedDoc) {
    let DocContent::Causes(causes) = &doc.content else { return };
    let slots = cause_slots(work, &doc.spec.lang);
    let mut matched = pinned(work, doc, causes, &slots);
    let pinned_slots: BTreeSet<usize> = matched.iter().map(|m| m.slot).collect();
    let pinned_causes: BTreeSet<usize> = matched.iter().map(|m| m.cause).collect();
    let pins = &work.decisions.align;
    let unpinned: Vec<usize> = (0..causes.len())
        .filter(|i| !pinned_causes.contains(i) && !pins.iter().any(|p| p.source == doc.spec.id && p.cause == causes[*i].text))
        .collect();
    let (free, repeats) = first_mentions(causes, &unpinned);
    let open: Vec<usize> = (0..slots.len()).filter(|s| !pinned_slots.contains(s)).collect();
    let free_texts: Vec<&str> = free.iter().map(|&i| causes[i].text.as_str()).collect();
    let open_slots: Vec<Slot> = open.iter().map(|&s| Slot { text: slots[s].1.clone() }).collect();
    let aligned = align(&free_texts, &open_slots);
    let aligned_causes: BTreeSet<usize> = aligned.iter().map(|m| free[m.cause]).collect();
    for &i in free.iter().filter(|i| !aligned_causes.contains(i)) {
        work.problems.push(problems::unaligned(doc, &causes[i], &work.decisions.file));
    }
    matched.extend(aligned.iter().map(|m| Matched { cause: free[m.cause], slot: open[m.slot], score: Some(m.score) }));
    matched.sort_by_key(|m| m.cause);
    let repeated: Vec<Matched> = repeats
        .iter()
        .filter_map(|&(repeat, first)| {
            let m = matched.iter().find(|m| m.cause == first)?;
            Some(Matched { cause: repeat, slot: m.slot, score: m.score })
        })
        .collect();
    for m in matched {
        record(work, doc, &causes[m.cause], &slots[m.slot], m.score);
    }
    for m in repeated {
        let cause = DocText { text: causes[m.cause].text.clone(), source: doc.spec.id.clone(), line: causes[m.cause].line };
        let codes = slots[m.slot].0.clone();
        work.alignment.push(AlignedCause { cause, codes, score: m.score, pinned: false, filled: false });
    }
}

/// Of the causes at `indices` (in doc order), the first mention of each
/// text (by its comparison key), and each later mention with the index of
/// its first.
fn first_mentions(causes: &[Cause], indices: &[usize]) -> (Vec<usize>, Vec<(usize, usize)>) {
    let mut first_of: BTreeMap<String, usize> = BTreeMap::new();
    let (mut firsts, mut repeats) = (Vec::new(), Vec::new());
    for &i in indices {
        match first_of.get(&key(&causes[i].text)) {
            Some(&first) => repeats.push((i, first)),
            None => {
                first_of.insert(key(&causes[i].text), i);
                firsts.push(i);
            }
        }
    }
    (firsts, repeats)
}

/// The causes `[[align]]` pins to a code, with the slot of that code; a cause
/// pinned to be dropped is recorded as such, a pin to a code no coded doc
/// lists is a problem.
fn pinned(work: &mut Work<'_>, doc: &ParsedDoc, causes: &[Cause], slots: &[(Vec<Code>, Option<String>)]) -> Vec<Matched> {
    let mut matched = Vec::new();
    for (i, cause) in causes.iter().enumerate() {
        let Some(pin) = work.decisions.align.iter().find(|p| p.source == doc.spec.id && p.cause == cause.text) else { continue };
        let Some(code) = &pin.code else {
            let cause = DocText { text: cause.text.clone(), source: doc.spec.id.clone(), line: cause.line };
            work.alignment.push(AlignedCause { cause, codes: Vec::new(), score: None, pinned: true, filled: false });
            continue;
        };
        match slots.iter().position(|(codes, _)| codes.contains(code)) {
            Some(slot) => matched.push(Matched { cause: i, slot, score: None }),
            None => work.problems.push(problems::pin_to_unknown_code(pin, code, &work.decisions.file)),
        }
    }
    matched
}

/// What an aligned cause does at its slot's codes: fills them where the
/// language has no text (the slot has none), else adds an alternate wording
/// where the code's text differs.
fn record(work: &mut Work<'_>, doc: &ParsedDoc, cause: &Cause, (codes, slot_text): &(Vec<Code>, Option<String>), score: Option<f64>) {
    let lang = &doc.spec.lang;
    let doc_text = DocText { text: cause.text.clone(), source: doc.spec.id.clone(), line: cause.line };
    let filled = slot_text.is_none();
    for code in codes {
        if !work.room_for(&cause.text, &doc.spec.id, cause.line) {
            break;
        }
        if filled {
            let fill = Fill {
                text: cause.text.clone(),
                provenance: Provenance::Aligned,
                source: doc.spec.id.clone(),
                line: cause.line,
                inferred_from: None,
            };
            work.fills.insert((code.clone(), lang.clone()), fill);
        } else if work.cells[code].get(lang).is_none_or(|cell| cell.text != cause.text) {
            work.alternates.entry((code.clone(), lang.clone())).or_default().push(doc_text.clone());
        }
    }
    work.alignment.push(AlignedCause { cause: doc_text, codes: codes.clone(), score, pinned: score.is_none(), filled });
}

/// `[[align]]` pins whose cause no code-less doc lists any more are stale.
pub(super) fn stale_pins(work: &mut Work<'_>) {
    for pin in &work.decisions.align {
        let listed = work.docs.iter().any(|d| {
            d.spec.id == pin.source && matches!(&d.content, DocContent::Causes(causes) if causes.iter().any(|c| c.text == pin.cause))
        });
        if !listed {
            work.problems.push(problems::stale_pin(pin, &work.decisions.file));
        }
    }
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

    #[test]
    fn a_long_doc_aligns_within_the_band_in_order() {
        // 300 causes against 320 slots: rewordings, slots without text and
        // slots whose cause the doc lacks; every cause whose own slot has a
        // text aligns there.
        let words = ["push", "stream", "auth", "network", "timeout", "server", "client", "limit"];
        let text = |k: usize, style: usize| match style {
            0 => format!("The {} {} failed at step {k}.", words[k % 8], words[(k / 8) % 8]),
            _ => format!("Step {k}: {} {} failure", words[k % 8], words[(k / 8) % 8]),
        };
        let slots: Vec<Slot> = (0..320).map(|k| Slot { text: (k % 3 != 1).then(|| text(k, 0)) }).collect();
        let kept: Vec<usize> = (0..320).filter(|k| k % 16 != 5).collect();
        let causes: Vec<String> = kept.iter().map(|&k| text(k, 1)).collect();
        let causes: Vec<&str> = causes.iter().map(String::as_str).collect();
        let m = align(&causes, &slots);
        assert!(m.windows(2).all(|w| w[0].cause < w[1].cause && w[0].slot < w[1].slot), "monotone");
        let with_text: Vec<usize> = (0..kept.len()).filter(|&i| slots[kept[i]].text.is_some()).collect();
        assert!(with_text.len() > 150, "{}", with_text.len());
        for i in with_text {
            assert_eq!(m.iter().find(|found| found.cause == i).map(|found| found.slot), Some(kept[i]), "cause {i}");
        }
    }
}
