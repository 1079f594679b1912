//! Cause classes and the conflicts between them.
//!
//! Within one language, codes whose texts have the same comparison key share a
//! cause. Comparing these groupings across languages finds, without translating
//! anything, the codes where one doc says something different from the others.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::decisions::Code;
use crate::lang::Lang;

/// Each code's class per language: `None` where the language has no text.
/// Class ids are compared for equality only (`reconcile` uses interned key ids).
pub type Grouping = BTreeMap<Code, [Option<ClassId>; 4]>;

/// A class within one language's grouping.
pub type ClassId = u32;

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

/// Finds every conflict in `grouping`.
///
/// For each ordered pair of languages (L, M), over the codes both have, a class
/// of L that M splits into several classes marks as outliers the codes outside
/// M's largest part (all of them when no part is largest). Outliers that share
/// codes form one conflict; its dissent is the smallest set of languages taking
/// part in every pair that saw it. Linear in the number of codes per pair.
pub fn detect(grouping: &Grouping) -> Vec<Found> {
    detect_on(grouping, grouping.len() >= PARALLEL_CODES)
}

/// [`detect`] on this thread alone, for when the other core is busy (the
/// final check runs beside the text index): half the buffers, no threads.
pub(crate) fn detect_on_this_core(grouping: &Grouping) -> Vec<Found> {
    detect_on(grouping, false)
}

/// [`detect`], on two cores when `parallel`.
fn detect_on(grouping: &Grouping, parallel: bool) -> Vec<Found> {
    let grouping = &*with_dense_ids(grouping);
    // Outlier sets, each with the language pair that produced it and whether
    // the split had a unique largest part (a strict outlier) or was a tie; the
    // twelve ordered pairs are independent (on two cores for large tables).
    let language_pairs: Vec<(Lang, Lang)> =
        Lang::ALL.into_iter().flat_map(|l| Lang::ALL.into_iter().filter(move |m| *m != l).map(move |m| (l, m))).collect();
    // Each core takes half the pairs, one after another, reusing its buffers.
    let halves = if parallel { language_pairs.chunks(6).collect() } else { vec![&language_pairs[..]] };
    let per_half = crate::parallel::map(&halves, |pairs| {
        let mut scratch = Scratch::default();
        pairs.iter().flat_map(|&(l, m)| splits(grouping, l, m, &mut scratch)).collect::<Vec<_>>()
    });
    let events: Vec<(Vec<Code>, Lang, Lang, bool)> = per_half.into_iter().flatten().collect();
    // Union outlier sets that share a code.
    let mut parent: Vec<usize> = (0..events.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: BTreeMap<Code, usize> = BTreeMap::new();
    for (i, (codes, _, _, _)) in events.iter().enumerate() {
        for code in codes {
            if let Some(&j) = owner.get(code) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            } else {
                owner.insert(*code, i);
            }
        }
    }
    // Per conflict: all outliers, strict outliers, language pairs.
    type Group = (BTreeSet<Code>, BTreeSet<Code>, BTreeSet<(Lang, Lang)>);
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    for (i, (codes, l, m, strict)) in events.iter().enumerate() {
        let root = find(&mut parent, i);
        let g = groups.entry(root).or_default();
        g.0.extend(codes.iter().copied());
        if *strict {
            g.1.extend(codes.iter().copied());
        }
        g.2.insert((*l.min(m), *l.max(m)));
    }
    // Where some split names a code outright, a tie elsewhere only echoes it:
    // the conflict is about the strict outliers.
    let mut found: Vec<Found> = groups
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

/// Groupings of fewer codes are compared one language pair after another on one core.
const PARALLEL_CODES: usize = 4096;

/// `grouping`, or when its class ids are sparse (the largest is more than
/// eight per code), the same grouping with each distinct id replaced by its
/// rank: detection and the classes index tables by id, and the ids the
/// reconciliation makes are dense (interned keys), but a caller's need not
/// be (`u32::MAX` would ask for 16 GB).
fn with_dense_ids(grouping: &Grouping) -> Cow<'_, Grouping> {
    let largest = grouping.values().flatten().flatten().max().map_or(0, |id| *id as usize);
    if largest < 8 * grouping.len() + 64 {
        return Cow::Borrowed(grouping);
    }
    let mut ids: Vec<ClassId> = grouping.values().flatten().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let rank = |id: ClassId| ClassId::try_from(ids.partition_point(|other| *other < id)).unwrap_or(ClassId::MAX);
    Cow::Owned(grouping.iter().map(|(code, classes)| (*code, classes.map(|id| id.map(rank)))).collect())
}

/// A code's class in two languages: `(class in l, class in m, code)`.
type ClassPair = (ClassId, ClassId, Code);

/// The lists [`splits`] makes for a language pair, kept for the next pair (at
/// 100,000 codes, 5 MB a pair; made anew for each, they were most of what
/// the final check took at the run's peak).
#[derive(Default)]
struct Scratch {
    pairs: Vec<ClassPair>,
    sorted: Vec<ClassPair>,
    counts: Vec<u32>,
}

/// The splits of `l`'s classes in `m`: for each class of `l` that `m` splits
/// into several, the codes outside `m`'s largest part (all of them when no part
/// is largest), with the pair and whether a part was largest.
fn splits(grouping: &Grouping, l: Lang, m: Lang, scratch: &mut Scratch) -> Vec<(Vec<Code>, Lang, Lang, bool)> {
    // (class in l, class in m, code), grouped by l class (a counting sort:
    // class ids are dense): each run of one l class is a split when it holds
    // more than one m class; only those runs are sorted, by m class. One flat
    // list, no map per class; at 100,000 codes, sorting the whole list by
    // all three for each of the twelve pairs took 60 ms.
    scratch.pairs.clear();
    scratch.pairs.extend(grouping.iter().filter_map(|(code, classes)| Some((classes[l.index()]?, classes[m.index()]?, *code))));
    by_first_class(&scratch.pairs, &mut scratch.counts, &mut scratch.sorted);
    let mut events = Vec::new();
    for run in scratch.sorted.chunk_by_mut(|x, y| x.0 == y.0) {
        if run.iter().all(|x| x.1 == run[0].1) {
            continue;
        }
        run.sort_unstable();
        let run = &*run;
        let parts: Vec<&[ClassPair]> = run.chunk_by(|x, y| x.1 == y.1).collect();
        let largest = parts.iter().map(|p| p.len()).max().unwrap_or(0);
        let unique_largest = parts.iter().filter(|p| p.len() == largest).count() == 1;
        let outliers: Vec<Code> =
            parts.into_iter().filter(|p| !(unique_largest && p.len() == largest)).flat_map(|p| p.iter().map(|x| x.2)).collect();
        events.push((outliers, l, m, unique_largest));
    }
    events
}

/// `pairs` grouped by their first class, ascending, keeping their order
/// within a class, into `sorted`: a counting sort over the class ids (which
/// are dense, the ids of interned keys, so `counts` takes one slot an id up
/// to the largest).
fn by_first_class(pairs: &[ClassPair], counts: &mut Vec<u32>, sorted: &mut Vec<ClassPair>) {
    sorted.clear();
    let Some(largest) = pairs.iter().map(|p| p.0 as usize).max() else { return };
    counts.clear();
    counts.resize(largest + 2, 0);
    for p in pairs {
        counts[p.0 as usize + 1] += 1;
    }
    for class in 0..=largest {
        counts[class + 1] += counts[class];
    }
    sorted.resize(pairs.len(), (0, 0, Code::new(0, 0)));
    for p in pairs {
        sorted[counts[p.0 as usize] as usize] = *p;
        counts[p.0 as usize] += 1;
    }
}

/// The smallest set of languages that takes part in every pair, and whether
/// another set of that size does too. Sets are tried by size, then in
/// language order, so the answer is deterministic.
fn smallest_cover(pairs: &BTreeSet<(Lang, Lang)>) -> (Vec<Lang>, bool) {
    let mut subsets: Vec<Vec<Lang>> =
        (1u8..16).map(|mask| Lang::ALL.into_iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, l)| l).collect()).collect();
    subsets.sort_by(|a: &Vec<Lang>, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let covers = |s: &Vec<Lang>| pairs.iter().all(|(a, b)| s.contains(a) || s.contains(b));
    let Some(first) = subsets.iter().find(|s| covers(s)).cloned() else { return (Vec::new(), false) };
    let ties = subsets.iter().filter(|s| s.len() == first.len() && covers(s)).count();
    (first, ties > 1)
}

/// Connected components of codes linked by sharing a class in any language:
/// the cross-language cause classes. Returns each code's component, named by
/// the component's smallest code.
pub fn components(grouping: &Grouping) -> BTreeMap<Code, Code> {
    let grouping = &*with_dense_ids(grouping);
    // Union-find over the codes' positions in the grouping (sorted by code), so
    // the smallest position of a set is its smallest code.
    let codes: Vec<Code> = grouping.keys().copied().collect();
    let mut parent: Vec<usize> = (0..codes.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // The first code of each class, by position, a language at a time; class
    // ids are dense (interned keys), so a table indexed by them, not a hash
    // map (400,000 lookups at 100,000 codes, three times a run). The unions'
    // order does not matter: a set's root is always its smallest position.
    let classes = grouping.values().flatten().flatten().max().map_or(0, |max| *max as usize + 1);
    let mut first_of_class: Vec<u32> = vec![u32::MAX; classes];
    for lang in 0..4 {
        first_of_class.fill(u32::MAX);
        for (i, classes) in grouping.values().enumerate() {
            let Some(class) = classes[lang] else { continue };
            let first = &mut first_of_class[class as usize];
            if *first == u32::MAX {
                *first = u32::try_from(i).unwrap_or(u32::MAX);
            } else {
                let (a, b) = (find(&mut parent, i), find(&mut parent, *first as usize));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    (0..codes.len()).map(|i| (codes[i], codes[find(&mut parent, i)])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_class_ids_find_what_dense_ones_find() {
        // The same classes numbered near the top of the range: renumbered
        // first, not a table of 2^32 slots.
        let dense = grouping(&[(1, "aaaa"), (2, "aaab"), (3, "bbbb"), (4, "bbab"), (5, "c.cc")]);
        let sparse: Grouping = dense.iter().map(|(code, ids)| (*code, ids.map(|id| id.map(|id| u32::MAX - 7 * id)))).collect();
        assert!(matches!(with_dense_ids(&sparse), Cow::Owned(_)));
        assert!(matches!(with_dense_ids(&dense), Cow::Borrowed(_)));
        assert!(!detect(&dense).is_empty());
        assert_eq!(detect(&sparse), detect(&dense));
        assert_eq!(components(&sparse), components(&dense));
    }

    #[test]
    fn the_counting_sort_groups_by_first_class_keeping_the_order_within() {
        let code = |n: u16| Code::new(n, 0);
        let pairs = vec![(3, 1, code(1)), (0, 2, code(2)), (3, 0, code(3)), (7, 5, code(4)), (0, 2, code(0)), (3, 9, code(5))];
        let mut expected = pairs.clone();
        expected.sort_by_key(|p| p.0);
        let (mut counts, mut sorted) = (vec![7; 3], vec![(9, 9, code(9)); 9]);
        by_first_class(&pairs, &mut counts, &mut sorted);
        assert_eq!(sorted, expected);
        by_first_class(&[], &mut counts, &mut sorted);
        assert_eq!(sorted, [], "reused buffers hold nothing of before");
    }

    /// A grouping from rows of `(code, [en, ja, zh, ko] class letters)`; `.` = no text.
    fn grouping(rows: &[(u16, &str)]) -> Grouping {
        rows.iter()
            .map(|(code, classes)| {
                let mut ids = [None; 4];
                for (i, c) in classes.chars().enumerate() {
                    if c != '.' {
                        ids[i] = Some(u32::from(c));
                    }
                }
                (Code::new(*code, 0), ids)
            })
            .collect()
    }

    fn codes(list: &[u16]) -> Vec<Code> {
        list.iter().map(|c| Code::new(*c, 0)).collect()
    }

    #[test]
    fn a_code_moved_to_another_class_in_one_language_is_that_languages_conflict() {
        // Code 3 is internal (i) in en, ja, zh but network (n) in ko.
        let g = grouping(&[(1, "iiii"), (2, "nnnn"), (3, "iiin"), (4, "iiii"), (5, "nnnn")]);
        assert_eq!(detect(&g), [Found { codes: codes(&[3]), dissent: vec![Lang::Ko], split: false }]);
    }

    #[test]
    fn two_codes_merged_in_one_language_are_one_conflict() {
        // ja keeps 6 and 23 apart (a, b); the others group them.
        let g = grouping(&[(6, "aaaa"), (23, "abaa"), (7, "cccc")]);
        assert_eq!(detect(&g), [Found { codes: codes(&[6, 23]), dissent: vec![Lang::Ja], split: false }]);
    }

    #[test]
    fn a_tie_that_echoes_a_clear_outlier_names_only_the_outlier() {
        // ko moves 3 from class a to class b, leaving b = {2, 3} against en's {2}, {3}.
        let g = grouping(&[(1, "aaaa"), (2, "bbbb"), (3, "aaab"), (4, "aaaa")]);
        assert_eq!(detect(&g), [Found { codes: codes(&[3]), dissent: vec![Lang::Ko], split: false }]);
    }

    #[test]
    fn a_large_table_compares_its_language_pairs_on_two_cores_with_the_same_findings() {
        // 6,000 codes, three a cause; ko moves 3001 to the cause of 3100.
        let g: Grouping = (0..6000u16)
            .map(|k| {
                let class = u32::from(k / 3);
                let ko = if k == 3001 { 3100 / 3 } else { class };
                (Code::new(k, 0), [Some(class), Some(class), Some(class), Some(ko)])
            })
            .collect();
        assert!(g.len() >= PARALLEL_CODES);
        assert_eq!(detect(&g), [Found { codes: codes(&[3001]), dissent: vec![Lang::Ko], split: false }]);
        assert_eq!(detect_on_this_core(&g), detect(&g));
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
        assert_eq!(comps[&Code::new(36, 0)], Code::new(1, 0));
        assert_eq!(comps[&Code::new(3, 0)], Code::new(3, 0));
    }
}
