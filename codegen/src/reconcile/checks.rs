//! Step 6: checks on the complete table. Every text is in its language's
//! script; codes that share a cause share their category and retry hint; and
//! after the decisions, the groupings agree in every language.

use std::collections::BTreeSet;

use super::classes::{self, Found, Grouping};
use super::infer::Classes;
use super::problems;
use crate::decisions::Decisions;
use crate::diag::Problem;
use crate::model::{Category, Code, Entry, Holds, Reconciled};
use crate::normalize;

/// The problems of the complete `entries`, given the code sets of the
/// `variant` decisions.
pub(super) fn check(entries: &[Entry], variants: &[Vec<Code>], decisions: &Decisions) -> Vec<Problem> {
    let mut found = Vec::new();
    for e in entries {
        for (lang, m) in e.messages.iter().filter(|(lang, m)| !lang.fits(&m.text)) {
            found.push(problems::wrong_script(e.code(), *lang, m, &decisions.file));
        }
    }
    let grouping = grouping(entries);
    let classes = Classes::new(&grouping, variants);
    let hint_of = |code: &Code| entries.binary_search_by_key(code, Entry::code).ok().map(|i| (entries[i].category, entries[i].retryable));
    for class in classes.each() {
        let hints: BTreeSet<(Category, bool)> = class.iter().filter_map(hint_of).collect();
        if hints.len() > 1 {
            let by_hint: Vec<(Vec<Code>, (Category, bool))> =
                hints.into_iter().map(|hint| (class.iter().filter(|c| hint_of(c) == Some(hint)).copied().collect(), hint)).collect();
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
    entries.iter().map(|e| (e.code(), e.messages.iter().map(|(l, m)| (*l, keys.of(&m.text).to_owned())).collect())).collect()
}

/// The disagreements left in a reconciled table: none when `gen` succeeded,
/// since it checks this. Exposed so tests can confirm it independently.
pub fn remaining_conflicts(table: &Reconciled) -> Vec<Found> {
    let variants: Vec<Vec<Code>> =
        table.conflicts.iter().filter(|c| c.resolution.holds == Holds::Variant).map(|c| c.codes.clone()).collect();
    classes::detect(&classes::merged(grouping(&table.entries), &variants))
}
