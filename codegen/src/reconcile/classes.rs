//! Cause classes and the conflicts between them.
//!
//! Within one language, codes whose texts have the same comparison key share a
//! cause. Comparing these groupings across languages finds, without translating
//! anything, the codes where one doc says something different from the others.

use std::collections::{BTreeMap, BTreeSet};

use crate::lang::Lang;
use crate::model::Code;

/// Each code's class per language: the languages without a text at the code
/// are absent. A class is named by a string (the texts' comparison key);
/// names are compared for equality only.
pub type Grouping = BTreeMap<Code, BTreeMap<Lang, String>>;

/// A disagreement between the languages' groupings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The codes that are grouped differently, sorted.
    pub codes: Vec<Code>,
    /// The smallest set of languages whose grouping differs from the rest, sorted.
    pub dissent: Vec<Lang>,
    /// Whether another set of languages of the same size would explain it equally
    /// (no majority: e.g. two languages against two).
    pub split: bool,
}

/// The codes one language pair marks: for a class of one language that the
/// other splits, the codes outside the other's largest part (all of them
/// when no part is largest, which is not `strict`).
struct Mark {
    codes: Vec<Code>,
    pair: (Lang, Lang),
    strict: bool,
}

/// Finds every conflict in `grouping`.
///
/// For each ordered pair of languages (L, M), over the codes both have, a class
/// of L that M splits into several classes marks as outliers the codes outside
/// M's largest part (all of them when no part is largest). Outliers that share
/// codes form one conflict; its dissent is the smallest set of languages taking
/// part in every pair that saw it. Sorted by codes.
pub fn detect(grouping: &Grouping) -> Vec<Found> {
    let langs = languages(grouping);
    let pairs = langs.iter().flat_map(|l| langs.iter().filter(move |m| *m != l).map(move |m| (l, m)));
    let marks: Vec<Mark> = pairs.flat_map(|(l, m)| splits(grouping, l, m)).collect();
    // Marks that share a code are one conflict.
    let mut joined = Joined::new(marks.len());
    let mut first_mark: BTreeMap<&Code, usize> = BTreeMap::new();
    for (i, mark) in marks.iter().enumerate() {
        for code in &mark.codes {
            let first = *first_mark.entry(code).or_insert(i);
            joined.join(first, i);
        }
    }
    type Conflict = (BTreeSet<Code>, BTreeSet<Code>, BTreeSet<(Lang, Lang)>);
    let mut conflicts: BTreeMap<usize, Conflict> = BTreeMap::new();
    for (i, mark) in marks.into_iter().enumerate() {
        let (all, strict, pairs) = conflicts.entry(joined.root(i)).or_default();
        all.extend(mark.codes.iter().cloned());
        if mark.strict {
            strict.extend(mark.codes);
        }
        pairs.insert(mark.pair);
    }
    // Where some split names a code outright, a tie elsewhere only echoes it:
    // the conflict is about the strict outliers.
    let mut found: Vec<Found> = conflicts
        .into_values()
        .map(|(all, strict, pairs)| {
            let (dissent, split) = smallest_cover(&pairs);
            let codes = if strict.is_empty() { all } else { strict };
            Found { codes: codes.into_iter().collect(), dissent, split }
        })
        .collect();
    found.sort_by(|a, b| a.codes.cmp(&b.codes));
    found
}

/// Every language with a text at some code of `grouping`, in order.
fn languages(grouping: &Grouping) -> Vec<Lang> {
    let langs: BTreeSet<&Lang> = grouping.values().flat_map(BTreeMap::keys).collect();
    langs.into_iter().cloned().collect()
}

/// The marks of `l`'s classes that `m` splits.
fn splits(grouping: &Grouping, l: &Lang, m: &Lang) -> Vec<Mark> {
    // Each class of l, with the codes of each class of m within it.
    let mut parts: BTreeMap<&str, BTreeMap<&str, Vec<Code>>> = BTreeMap::new();
    for (code, classes) in grouping {
        if let (Some(in_l), Some(in_m)) = (classes.get(l), classes.get(m)) {
            parts.entry(in_l).or_default().entry(in_m).or_default().push(code.clone());
        }
    }
    let pair = (l.min(m).clone(), l.max(m).clone());
    let split = parts.into_values().filter(|by_m| by_m.len() > 1);
    split
        .map(|by_m| {
            let largest = by_m.values().map(Vec::len).max().unwrap_or(0);
            let strict = by_m.values().filter(|codes| codes.len() == largest).count() == 1;
            let outliers = by_m.into_values().filter(|codes| !(strict && codes.len() == largest));
            Mark { codes: outliers.flatten().collect(), pair: pair.clone(), strict }
        })
        .collect()
}

/// The smallest set of languages that takes part in every pair, and whether
/// another set of that size does too. Sets are tried by size, then in
/// language order, so the answer is deterministic. Only the languages of
/// the pairs are tried (no other can help cover them): a conflict involves a
/// few languages, and a set has a handful.
fn smallest_cover(pairs: &BTreeSet<(Lang, Lang)>) -> (Vec<Lang>, bool) {
    let langs: Vec<&Lang> = pairs.iter().flat_map(|(a, b)| [a, b]).collect::<BTreeSet<_>>().into_iter().collect();
    let mut subsets: Vec<Vec<Lang>> = (1u64..1 << langs.len().min(20))
        .map(|mask| langs.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, l)| (*l).clone()).collect())
        .collect();
    subsets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let covers = |s: &Vec<Lang>| pairs.iter().all(|(a, b)| s.contains(a) || s.contains(b));
    let Some(first) = subsets.iter().find(|s| covers(s)).cloned() else { return (Vec::new(), false) };
    let ties = subsets.iter().filter(|s| s.len() == first.len() && covers(s)).count();
    (first, ties > 1)
}

/// Connected components of codes linked by sharing a class in any language:
/// the cross-language cause classes. Returns each code's component, named by
/// the component's smallest code.
pub fn components(grouping: &Grouping) -> BTreeMap<Code, Code> {
    // Positions in the grouping are in code order: a set's smallest position is its smallest code.
    let codes: Vec<&Code> = grouping.keys().collect();
    let mut joined = Joined::new(codes.len());
    let mut first_of_class: BTreeMap<(&Lang, &str), usize> = BTreeMap::new();
    for (i, classes) in grouping.values().enumerate() {
        for (lang, class) in classes {
            let first = *first_of_class.entry((lang, class)).or_insert(i);
            joined.join(first, i);
        }
    }
    (0..codes.len()).map(|i| (codes[i].clone(), codes[joined.root(i)].clone())).collect()
}

/// `grouping` with the classes of each of `variants`' code sets merged in
/// every language (a `variant` decision: the texts are wordings of one
/// cause): the codes of the set and every code sharing a class with them
/// anywhere count as one cause.
pub fn merged(mut grouping: Grouping, variants: &[Vec<Code>]) -> Grouping {
    let langs = languages(&grouping);
    for codes in variants {
        let members: BTreeSet<(Lang, String)> =
            codes.iter().filter_map(|c| grouping.get(c)).flat_map(|classes| classes.iter().map(|(l, k)| (l.clone(), k.clone()))).collect();
        let linked: Vec<Code> = grouping
            .iter()
            .filter(|(_, classes)| classes.iter().any(|(l, k)| members.contains(&(l.clone(), k.clone()))))
            .map(|(code, _)| code.clone())
            .collect();
        for lang in &langs {
            let names: BTreeSet<String> = linked.iter().filter_map(|c| grouping[c].get(lang).cloned()).collect();
            let Some(target) = names.first().cloned() else { continue };
            for class in grouping.values_mut().filter_map(|classes| classes.get_mut(lang)) {
                if names.contains(class) {
                    class.clone_from(&target);
                }
            }
        }
    }
    grouping
}

/// Disjoint sets of positions `0..n`, each named by its smallest position.
struct Joined(Vec<usize>);

impl Joined {
    fn new(n: usize) -> Joined {
        Joined((0..n).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.0[a.max(b)] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::code;

    /// The languages of the tests, in order: en, ja, zh, ko.
    fn lang(i: usize) -> Lang {
        Lang::new(["en", "ja", "zh", "ko"][i], i)
    }

    /// A grouping from rows of `(code, [en, ja, zh, ko] class letters)`; `.` = no text.
    fn grouping(rows: &[(i64, &str)]) -> Grouping {
        rows.iter()
            .map(|(c, classes)| {
                let classes = classes.chars().enumerate().filter(|(_, c)| *c != '.').map(|(i, c)| (lang(i), c.to_string()));
                (code(*c, 0), classes.collect())
            })
            .collect()
    }

    fn codes(list: &[i64]) -> Vec<Code> {
        list.iter().map(|c| code(*c, 0)).collect()
    }

    #[test]
    fn a_code_moved_to_another_class_in_one_language_is_that_languages_conflict() {
        // Code 3 is internal (i) in en, ja, zh but network (n) in ko.
        let g = grouping(&[(1, "iiii"), (2, "nnnn"), (3, "iiin"), (4, "iiii"), (5, "nnnn")]);
        assert_eq!(detect(&g), [Found { codes: codes(&[3]), dissent: vec![lang(3)], split: false }]);
    }

    #[test]
    fn two_codes_merged_in_one_language_are_one_conflict() {
        // ja keeps 6 and 23 apart (a, b); the others group them.
        let g = grouping(&[(6, "aaaa"), (23, "abaa"), (7, "cccc")]);
        assert_eq!(detect(&g), [Found { codes: codes(&[6, 23]), dissent: vec![lang(1)], split: false }]);
    }

    #[test]
    fn a_tie_that_echoes_a_clear_outlier_names_only_the_outlier() {
        // ko moves 3 from class a to class b, leaving b = {2, 3} against en's {2}, {3}.
        let g = grouping(&[(1, "aaaa"), (2, "bbbb"), (3, "aaab"), (4, "aaaa")]);
        assert_eq!(detect(&g), [Found { codes: codes(&[3]), dissent: vec![lang(3)], split: false }]);
    }

    #[test]
    fn two_against_two_is_a_split_without_majority() {
        let g = grouping(&[(1, "aaaa"), (2, "aabb"), (3, "aabb")]);
        let found = detect(&g);
        assert_eq!(found.len(), 1);
        assert!(found[0].split);
        assert_eq!(found[0].dissent.len(), 2);
    }

    #[test]
    fn languages_without_a_code_do_not_disagree_about_it() {
        let g = grouping(&[(1, "aaaa"), (2, "a..."), (3, "...b"), (36, "...a")]);
        assert!(detect(&g).is_empty());
        let comps = components(&g);
        assert_eq!(comps[&code(36, 0)], code(1, 0));
        assert_eq!(comps[&code(3, 0)], code(3, 0));
    }

    #[test]
    fn a_variant_merges_the_classes_of_its_codes_and_of_the_codes_sharing_them() {
        // ja words 6 and 23 apart; the decision says they are one cause: 23's
        // ja class joins 6's, and 8, which shares 23's ja text, comes along.
        let g = merged(grouping(&[(6, "aaaa"), (23, "abaa"), (8, ".b.."), (9, "cccc")]), &[codes(&[6, 23])]);
        assert!(detect(&g).is_empty());
        let comps = components(&g);
        assert_eq!([&comps[&code(23, 0)], &comps[&code(8, 0)], &comps[&code(9, 0)]], [&code(6, 0), &code(6, 0), &code(9, 0)]);
        // The same name in two languages is two classes.
        let g = merged(grouping(&[(1, "xy.."), (2, "yx..")]), &[codes(&[1])]);
        assert_ne!(g[&code(1, 0)][&lang(1)], g[&code(2, 0)][&lang(1)]);
    }
}
