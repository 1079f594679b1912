//! Step 6: checks on the complete table. Every text is in its language's
//! script; codes that share a cause share the hints the decisions give them
//! (category and retry hint); and after the decisions, the groupings agree
//! in every language.

use std::collections::{BTreeMap, BTreeSet};

use super::classes::{self, Found, Grouping};
use super::infer::Classes;
use super::problems::{self, Hint};
use crate::decisions::Decisions;
use crate::diag::Problem;
use crate::lang::Lang;
use crate::model::{CategoryFrom, Code, Entry, Holds, Reconciled};
use crate::normalize;

/// The problems of the complete `entries`, given the code sets of the
/// `variant` decisions.
pub(super) fn check(entries: &[Entry], variants: &[Vec<Code>], decisions: &Decisions, from: CategoryFrom) -> Vec<Problem> {
    // Sections give categories by the docs' layout, not by cause: only decided ones must agree.
    let categories_decided = from == CategoryFrom::Decisions;
    let mut found = Vec::new();
    // Each text checked once per language: a text copied to the many codes of
    // a cause took a sixth of a run at the limits, checked at each code.
    let mut fits: BTreeMap<(&Lang, &str), bool> = BTreeMap::new();
    for e in entries {
        for (lang, m) in &e.messages {
            if !*fits.entry((lang, m.text.as_str())).or_insert_with(|| lang.fits(&m.text)) {
                found.push(problems::wrong_script(&e.code, lang, m, &decisions.file));
            }
        }
    }
    let grouping = grouping(entries);
    let classes = Classes::new(&grouping, variants);
    let hint_of = |code: &Code| -> Option<Hint> {
        let e = &entries[entries.binary_search_by(|e| e.code.cmp(code)).ok()?];
        let decided = e.category.as_ref().filter(|_| categories_decided);
        Some((decided.cloned(), e.retryable))
    };
    for class in classes.each() {
        let hints: BTreeSet<Hint> = class.iter().filter_map(hint_of).collect();
        if hints.len() > 1 {
            let by_hint: Vec<(Vec<Code>, Hint)> = hints
                .into_iter()
                .map(|hint| (class.iter().filter(|c| hint_of(c).as_ref() == Some(&hint)).cloned().collect(), hint))
                .collect();
            found.push(problems::hints_differ(class, &by_hint, decisions));
        }
    }
    for f in classes::detect(&classes::merged(grouping, variants)) {
        found.push(problems::still_in_conflict(&f, &decisions.file));
    }
    found
}

/// The grouping of the entries' messages: each text's comparison key is its class.
fn grouping(entries: &[Entry]) -> Grouping {
    let mut keys = normalize::Keys::default();
    entries.iter().map(|e| (e.code.clone(), e.messages.iter().map(|(l, m)| (l.clone(), keys.of(&m.text).to_owned())).collect())).collect()
}

/// The disagreements left in a reconciled table: none when `gen` succeeded,
/// since it checks this. Exposed so tests can confirm it independently.
pub fn remaining_conflicts(table: &Reconciled) -> Vec<Found> {
    let variants: Vec<Vec<Code>> =
        table.conflicts.iter().filter(|c| c.resolution.holds == Holds::Variant).map(|c| c.codes.clone()).collect();
    classes::detect(&classes::merged(grouping(&table.entries), &variants))
}
