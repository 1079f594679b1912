//! Step 4: the texts a language lacks, inferred from the cause class the code
//! belongs to, then what is still empty filled from `[[curated]]` texts. The
//! text a language most likely gives a code's cause ([`KeyIndex::best`]) also
//! places the causes of code-less docs ([`super::align`]).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::cells;
use super::classes::{self, Grouping};
use super::problems;
use super::work::{Fill, Work};
use crate::lang::Lang;
use crate::model::{Code, DECISIONS_SOURCE, Provenance};
use crate::normalize;

/// For each `lang` key among some voters: how many of them have it, and the
/// smallest of them.
type Votes = BTreeMap<String, (usize, Code)>;

/// What [`KeyIndex::best`] is asked: a code's texts in the other languages
/// (language and key) and the language it lacks.
type Question = (Vec<(Lang, String)>, Lang);

/// For each code and language, the known text's comparison key (doc texts
/// that stand, then fills), and for each language and key the codes that have it.
///
/// [`KeyIndex::best`] tallies each group of codes sharing a text once, and
/// answers once for all the codes with the same texts: with every code
/// sharing one text, asking for each code looped over all the others
/// (20,000 such codes took 94 s; now 20 ms).
pub(super) struct KeyIndex {
    pub keys: Grouping,
    by_key: BTreeMap<(Lang, String), Vec<Code>>,
    /// Per group of codes sharing a text `(its language, key)` and a language: the group's votes.
    group_votes: RefCell<BTreeMap<(Lang, String, Lang), Rc<Votes>>>,
    /// Per code's texts in the other languages and a language: the answer.
    answers: RefCell<BTreeMap<Question, Option<Code>>>,
    /// Per cause class (its smallest code) and language: the answer from the class.
    class_answers: RefCell<BTreeMap<(Code, Lang), Option<Code>>>,
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
        KeyIndex { keys, by_key, group_votes: RefCell::default(), answers: RefCell::default(), class_answers: RefCell::default() }
    }

    /// The key `lang` most likely gives `code`'s cause, for a code without a
    /// text in `lang`: among the codes that share a text with `code` in
    /// another language, the `lang` key most of them have (a code counts once
    /// for each language it shares; ties: the one of the smallest code), with
    /// the smallest code having it. Falls back to the whole cause class
    /// (`fellows`, ascending) when no text is shared.
    pub fn best(&self, code: &Code, lang: &Lang, fellows: &[Code]) -> Option<(&str, Code)> {
        let texts: Vec<(Lang, String)> =
            self.keys.get(code).into_iter().flatten().filter(|(other, _)| *other != lang).map(|(l, k)| (l.clone(), k.clone())).collect();
        let question: Question = (texts, lang.clone());
        let known = self.answers.borrow().get(&question).cloned();
        let from = match known {
            Some(from) => from,
            None => {
                let mut votes = Votes::new();
                for (other, key) in &question.0 {
                    add(&mut votes, &self.group_votes(other, key, lang));
                }
                let from = winner(&votes).or_else(|| self.class_answer(lang, fellows));
                self.answers.borrow_mut().insert(question, from.clone());
                from
            }
        };
        let from = from?;
        let key = self.keys.get(&from)?.get(lang)?;
        Some((key.as_str(), from))
    }

    /// The votes of the codes whose `other` text has `key`, for `lang`.
    fn group_votes(&self, other: &Lang, key: &str, lang: &Lang) -> Rc<Votes> {
        let group = (other.clone(), key.to_owned(), lang.clone());
        if let Some(votes) = self.group_votes.borrow().get(&group) {
            return Rc::clone(votes);
        }
        let voters = self.by_key.get(&(group.0.clone(), group.1.clone())).map_or(&[][..], Vec::as_slice);
        let votes = Rc::new(self.votes(lang, voters));
        self.group_votes.borrow_mut().insert(group, Rc::clone(&votes));
        votes
    }

    /// The answer from a whole cause class, `fellows` (ascending), for `lang`.
    fn class_answer(&self, lang: &Lang, fellows: &[Code]) -> Option<Code> {
        let class = (fellows.first()?.clone(), lang.clone());
        if let Some(from) = self.class_answers.borrow().get(&class) {
            return from.clone();
        }
        let from = winner(&self.votes(lang, fellows));
        self.class_answers.borrow_mut().insert(class, from.clone());
        from
    }

    /// For each `lang` key among `voters`: how many voters have it, and the
    /// smallest of them.
    fn votes(&self, lang: &Lang, voters: &[Code]) -> Votes {
        let mut votes = Votes::new();
        for voter in voters {
            if let Some(key) = self.keys.get(voter).and_then(|keys| keys.get(lang)) {
                let vote = votes.entry(key.clone()).or_insert((0, voter.clone()));
                vote.0 += 1;
                if *voter < vote.1 {
                    vote.1 = voter.clone();
                }
            }
        }
        votes
    }
}

/// Adds the votes `more` to `votes`: counts summed, the smallest code kept.
fn add(votes: &mut Votes, more: &Votes) {
    for (key, (count, smallest)) in more {
        let vote = votes.entry(key.clone()).or_insert((0, smallest.clone()));
        vote.0 += count;
        if *smallest < vote.1 {
            vote.1 = smallest.clone();
        }
    }
}

/// The code of the key with the most votes (ties: the smallest code).
fn winner(votes: &Votes) -> Option<Code> {
    votes.values().max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1))).map(|(_, from)| from.clone())
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
            if !work.room_for(&text, &source, line) {
                break;
            }
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
            None if !work.room_for(&c.text, DECISIONS_SOURCE, c.line) => {}
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
