//! Step 4: the texts a language lacks, inferred from the cause class the code
//! belongs to, then what is still empty filled from `[[curated]]` texts. The
//! text a language most likely gives a code's cause ([`KeyIndex::best`]) also
//! places the causes of code-less docs ([`super::align`]).

use std::collections::BTreeMap;

use super::cells;
use super::classes::{self, Grouping};
use super::problems;
use super::work::{Fill, Work};
use crate::lang::Lang;
use crate::model::{Code, DECISIONS_SOURCE, Provenance};
use crate::normalize;

/// For each code and language, the known text's comparison key (doc texts
/// that stand, then fills), and for each language and key the codes that have it.
pub(super) struct KeyIndex {
    pub keys: Grouping,
    by_key: BTreeMap<(Lang, String), Vec<Code>>,
}

impl KeyIndex {
    /// The keys of `work`'s cells and, with `with_fills`, of its fills.
    pub fn new(work: &Work<'_>, with_fills: bool) -> KeyIndex {
        let mut keys = cells::grouping(&work.cells);
        for ((code, lang), fill) in work.fills.iter().filter(|_| with_fills) {
            keys.entry(code.clone()).or_default().insert(lang.clone(), normalize::key(&fill.text));
        }
        let mut by_key: BTreeMap<(Lang, String), Vec<Code>> = BTreeMap::new();
        for (code, langs) in &keys {
            for (lang, key) in langs {
                by_key.entry((lang.clone(), key.clone())).or_default().push(code.clone());
            }
        }
        KeyIndex { keys, by_key }
    }

    /// The key `lang` most likely gives `code`'s cause: among the codes that
    /// share a text with `code` in another language, the `lang` key most of them
    /// have (ties: the one of the smallest code), with the smallest code having it.
    /// Falls back to the whole cause class (`fellows`) when no text is shared.
    pub fn best(&self, code: &Code, lang: &Lang, fellows: &[Code]) -> Option<(&str, Code)> {
        let own = self.keys.get(code);
        let sharing: Vec<Code> = own
            .into_iter()
            .flatten()
            .filter(|(other, _)| *other != lang)
            .flat_map(|(other, key)| self.by_key.get(&(other.clone(), key.clone())).into_iter().flatten().cloned())
            .collect();
        let mut votes = self.votes(code, lang, &sharing);
        if votes.is_empty() {
            votes = self.votes(code, lang, fellows);
        }
        votes.into_iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.1.1.cmp(&a.1.1))).map(|(k, (_, from))| (k, from))
    }

    /// For each `lang` key among `voters` (other than `code`): how many voters
    /// have it (a voter counts once for each language it shares), and the
    /// smallest of them.
    fn votes(&self, code: &Code, lang: &Lang, voters: &[Code]) -> BTreeMap<&str, (usize, Code)> {
        let mut votes: BTreeMap<&str, (usize, Code)> = BTreeMap::new();
        for voter in voters.iter().filter(|v| *v != code) {
            if let Some(key) = self.keys.get(voter).and_then(|keys| keys.get(lang)) {
                let vote = votes.entry(key).or_insert((0, voter.clone()));
                vote.0 += 1;
                if *voter < vote.1 {
                    vote.1 = voter.clone();
                }
            }
        }
        votes
    }
}

/// The cause classes across languages ([`classes::components`] of a grouping
/// with the `variant` decisions merged): the codes of each code's class.
pub(super) struct Classes(BTreeMap<Code, Vec<Code>>, BTreeMap<Code, Code>);

impl Classes {
    pub fn new(keys: &Grouping, variants: &[Vec<Code>]) -> Classes {
        let class_of = classes::components(&classes::merged(keys.clone(), variants));
        let mut members: BTreeMap<Code, Vec<Code>> = BTreeMap::new();
        for (code, class) in &class_of {
            members.entry(class.clone()).or_default().push(code.clone());
        }
        Classes(members, class_of)
    }

    /// `code`'s class, named by its smallest code; `code` itself outside the grouping.
    pub fn class_of(&self, code: &Code) -> Code {
        self.1.get(code).cloned().unwrap_or_else(|| code.clone())
    }

    /// The codes of `code`'s class (with `code`), ascending; empty for a code not in the grouping.
    pub fn fellows(&self, code: &Code) -> &[Code] {
        self.1.get(code).and_then(|class| self.0.get(class)).map_or(&[], Vec::as_slice)
    }

    /// Each class's codes, by class.
    pub fn each(&self) -> impl Iterator<Item = &[Code]> {
        self.0.values().map(Vec::as_slice)
    }
}

/// Fills each empty cell with the text its language gives the same cause
/// elsewhere (provenance `inferred`). Inferred texts are not inferred from.
pub(super) fn infer(work: &mut Work<'_>) {
    let index = KeyIndex::new(work, true);
    let classes = Classes::new(&index.keys, &work.variants);
    let mut inferred = Vec::new();
    for (code, keys) in &index.keys {
        for lang in work.set.languages.all().iter().filter(|l| !keys.contains_key(*l)) {
            let Some((_, from)) = index.best(code, lang, classes.fellows(code)) else { continue };
            // `from` has a key in `lang`: a cell that stands or a fill.
            let (text, source, line) =
                match (work.cells.get(&from).and_then(|c| c.get(lang)), work.fills.get(&(from.clone(), lang.clone()))) {
                    (Some(cell), _) => (cell.text.clone(), work.docs[cell.doc].spec.id.clone(), cell.line),
                    (None, Some(f)) => (f.text.clone(), f.source.clone(), f.line),
                    (None, None) => continue,
                };
            let fill = Fill { text, provenance: Provenance::Inferred, source, line, inferred_from: Some(from) };
            inferred.push(((code.clone(), lang.clone()), fill));
        }
    }
    work.fills.extend(inferred);
}

/// Fills what is still empty from `[[curated]]`; a curated text for a cell that
/// is already filled, or for a code no doc lists, is stale.
pub(super) fn curate(work: &mut Work<'_>) {
    for c in &work.decisions.curated {
        let Some(langs) = work.cells.get(&c.code) else {
            work.problems.push(problems::curated_for_unknown_code(c, &work.decisions.file));
            continue;
        };
        let existing = langs
            .get(&c.lang)
            .map(|cell| (Provenance::Doc, work.docs[cell.doc].file.path.clone(), cell.line))
            .or_else(|| work.fills.get(&(c.code.clone(), c.lang.clone())).map(|f| (f.provenance, f.source.clone(), f.line)));
        match existing {
            Some(_) if work.undecided.contains(&c.code) => {}
            Some(filled) => work.problems.push(problems::curated_not_needed(c, filled, &work.decisions.file)),
            None => {
                let fill = Fill {
                    text: c.text.clone(),
                    provenance: Provenance::Curated,
                    source: DECISIONS_SOURCE.to_owned(),
                    line: c.line,
                    inferred_from: None,
                };
                work.fills.insert((c.code.clone(), c.lang.clone()), fill);
            }
        }
    }
}
