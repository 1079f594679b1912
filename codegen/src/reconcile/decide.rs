//! Step 2: each conflict between the languages' groupings matched with its
//! `[[conflict]]` decision, and the decision applied: texts set aside, or
//! classes counted as one cause.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::{self, Cell, Cells};
use super::classes::Found;
use super::problems;
use crate::decisions::Decisions;
use crate::diag::Problem;
use crate::lang::Lang;
use crate::model::{Code, Conflict, ConflictText, DocText, Holds, ParsedDoc, Resolution};

/// The doc texts after the decisions, and what the decisions did.
pub(super) struct Decided {
    /// The doc texts that stand.
    pub cells: Cells,
    /// The doc texts set aside by decisions.
    pub set_aside: BTreeMap<(Code, Lang), Cell>,
    /// The code sets of `variant` decisions.
    pub variants: Vec<Vec<Code>>,
    /// The conflicts with their resolutions.
    pub conflicts: Vec<Conflict>,
    /// The codes of conflicts no decision covers (the run is refused; a
    /// curated text at one of them is not reported as stale meanwhile).
    pub undecided: BTreeSet<Code>,
}

/// Matches each found conflict with its decision and applies it; a conflict
/// without a decision and a decision without a conflict are problems.
pub(super) fn apply(docs: &[ParsedDoc], cells: Cells, found: &[Found], decisions: &Decisions, problems: &mut Vec<Problem>) -> Decided {
    let mut decided = Decided {
        set_aside: BTreeMap::new(),
        variants: Vec::new(),
        conflicts: Vec::new(),
        undecided: BTreeSet::new(),
        cells: Cells::new(),
    };
    let mut used = vec![false; decisions.conflicts.len()];
    let by_key = cells::codes_by_key(&cells);
    let texts: Vec<Vec<ConflictText>> = found.iter().map(|f| texts_at(docs, &cells, &by_key, &f.codes)).collect();
    let mut cells = cells;
    for (f, texts) in found.iter().zip(texts) {
        let Some(di) = decisions.conflicts.iter().position(|d| d.codes == f.codes && d.dissent == f.dissent) else {
            problems.push(problems::undecided(docs, f, &texts, &decisions.file));
            decided.undecided.extend(f.codes.iter().cloned());
            continue;
        };
        used[di] = true;
        let d = &decisions.conflicts[di];
        match d.holds {
            Holds::Variant => decided.variants.push(f.codes.clone()),
            Holds::Others | Holds::Dissent => {
                // "others": the dissent's texts go; "dissent": everyone else's.
                let set_aside_in = |lang: &Lang| f.dissent.contains(lang) == (d.holds == Holds::Others);
                for code in &d.set_aside {
                    let Some(langs) = cells.get_mut(code) else { continue };
                    let going: Vec<Lang> = langs.keys().filter(|l| set_aside_in(l)).cloned().collect();
                    for lang in going {
                        if let Some(cell) = langs.remove(&lang) {
                            decided.set_aside.insert((code.clone(), lang), cell);
                        }
                    }
                }
            }
        }
        let set_aside = if d.holds == Holds::Variant { Vec::new() } else { d.set_aside.clone() };
        decided.conflicts.push(Conflict {
            id: conflict_id(f),
            codes: f.codes.clone(),
            dissent: f.dissent.clone(),
            split: f.split,
            texts,
            resolution: Resolution { holds: d.holds, set_aside, why: d.why.clone(), line: d.line },
        });
    }
    for (d, _) in decisions.conflicts.iter().zip(&used).filter(|(_, used)| !**used) {
        problems.push(problems::stale_decision(d, found, &decisions.file));
    }
    decided.cells = cells;
    decided
}

/// A conflict's stable name: `18/305+18/308@ko`.
fn conflict_id(f: &Found) -> String {
    let codes: Vec<String> = f.codes.iter().map(Code::to_string).collect();
    let dissent: Vec<&str> = f.dissent.iter().map(|l| l.tag()).collect();
    format!("{}@{}", codes.join("+"), dissent.join("+"))
}

/// Every doc text at `codes` (language by language), with the other codes
/// its language gives the same text (`by_key`: the codes of each key).
fn texts_at(docs: &[ParsedDoc], cells: &Cells, by_key: &BTreeMap<(&Lang, &str), Vec<Code>>, codes: &[Code]) -> Vec<ConflictText> {
    let langs: BTreeSet<&Lang> = codes.iter().filter_map(|c| cells.get(c)).flat_map(BTreeMap::keys).collect();
    let mut texts = Vec::new();
    for lang in langs {
        for code in codes {
            let Some(cell) = cells.get(code).and_then(|langs| langs.get(lang)) else { continue };
            let sharing = by_key.get(&(lang, cell.key.as_str())).map_or(&[][..], Vec::as_slice);
            texts.push(ConflictText {
                lang: lang.clone(),
                code: code.clone(),
                text: DocText { text: cell.text.clone(), source: docs[cell.doc].spec.id.clone(), line: cell.line },
                grouped_with: sharing.iter().filter(|c| *c != code).cloned().collect(),
            });
        }
    }
    texts
}
