//! Step 5: the errmsg docs (a callback page's `errcode | errmsg | reason`
//! table). Each errcode's `errmsg` strings must agree across the docs that
//! list it (compared by their keys: case, width and spacing aside); each
//! doc's reason becomes an alternate wording of the errcode's codes in its
//! language; the "Others" row is kept per language as the documented fallback.

use std::collections::BTreeMap;

use super::problems;
use super::work::Work;
use crate::lang::Lang;
use crate::model::{DocContent, DocText, Entry, Errmsg, ErrmsgFallback, ErrmsgRow, KeyValue, ParsedDoc, Role, SourceLine};
use crate::normalize::key;

/// What the errmsg docs say, settled.
pub(super) struct Settled {
    /// The errmsg strings of each errcode (the set's first key column).
    pub by_errcode: BTreeMap<KeyValue, Vec<Errmsg>>,
    /// Each language's fallback row.
    pub fallback: BTreeMap<Lang, ErrmsgFallback>,
}

/// A row of an errmsg doc, with its doc.
type Listed<'d> = (&'d ParsedDoc, &'d ErrmsgRow);

/// Settles the errmsg docs' rows against the codes of the coded docs;
/// `None` when the set has no errmsg doc. Problems (an errcode no coded doc
/// lists, errmsg strings that differ) go to `work.problems`.
pub(super) fn settle(work: &mut Work<'_>) -> Option<Settled> {
    let docs = work.docs;
    let mut listed: BTreeMap<&KeyValue, Vec<Listed<'_>>> = BTreeMap::new();
    let mut fallback = BTreeMap::new();
    let mut any = false;
    for doc in docs.iter().filter(|d| d.spec.role == Role::Errmsg) {
        any = true;
        let DocContent::Errmsgs(rows, other) = &doc.content else { continue };
        for row in rows {
            listed.entry(&row.errcode).or_default().push((doc, row));
        }
        if let Some(o) = other {
            let text = ErrmsgFallback { errmsg: o.errmsg.clone(), reason: o.reason.clone(), source: doc.spec.id.clone(), line: o.line };
            fallback.entry(doc.spec.lang.clone()).or_insert(text);
        }
    }
    if !any {
        return None;
    }
    let mut by_errcode = BTreeMap::new();
    for (errcode, rows) in listed {
        if !work.cells.keys().any(|c| c.values()[0] == *errcode) {
            let name = &work.set.key.columns[0].name;
            work.problems.extend(rows.iter().map(|(doc, row)| problems::errmsg_for_unknown_errcode(doc, row, name)));
            continue;
        }
        if let Some(p) = problems::errmsgs_differ(&work.set.key.columns[0].name, &rows, &differing(&rows)) {
            work.problems.push(p);
            continue;
        }
        add_alternates(work, errcode, &rows);
        by_errcode.insert(errcode.clone(), errmsgs(&rows));
    }
    Some(Settled { by_errcode, fallback })
}

/// The docs whose errmsg strings for one errcode differ from the first doc's
/// (by key), with the first doc: empty when they all agree.
fn differing<'d>(rows: &[Listed<'d>]) -> Vec<&'d ParsedDoc> {
    let keys_of = |doc: &ParsedDoc| {
        let mut keys: Vec<String> = rows.iter().filter(|(d, _)| std::ptr::eq(*d, doc)).map(|(_, r)| key(&r.errmsg)).collect();
        keys.sort();
        keys.dedup();
        keys
    };
    let Some((first, _)) = rows.first() else { return Vec::new() };
    let expected = keys_of(first);
    let mut docs: Vec<&ParsedDoc> = Vec::new();
    for (doc, _) in rows {
        if !docs.iter().any(|d| std::ptr::eq(*d, *doc)) && keys_of(doc) != expected {
            docs.push(doc);
        }
    }
    if docs.is_empty() { docs } else { std::iter::once(*first).chain(docs).collect() }
}

/// The distinct errmsg strings of one errcode's rows (by key, first wording
/// kept), each with every row that gives it.
fn errmsgs(rows: &[Listed<'_>]) -> Vec<Errmsg> {
    let mut out: Vec<(String, Errmsg)> = Vec::new();
    for (doc, row) in rows {
        let k = key(&row.errmsg);
        let at = SourceLine { source: doc.spec.id.clone(), line: row.line };
        match out.iter_mut().find(|(seen, _)| *seen == k) {
            Some((_, e)) => e.sources.push(at),
            None => out.push((k, Errmsg { errmsg: row.errmsg.clone(), sources: vec![at] })),
        }
    }
    out.into_iter().map(|(_, e)| e).collect()
}

/// Each row's reason as an alternate wording of every code of its errcode,
/// in its doc's language.
fn add_alternates(work: &mut Work<'_>, errcode: &KeyValue, rows: &[Listed<'_>]) {
    let codes: Vec<_> = work.cells.keys().filter(|c| c.values()[0] == *errcode).cloned().collect();
    for (doc, row) in rows {
        let alternate = DocText { text: row.reason.clone(), source: doc.spec.id.clone(), line: row.line };
        for code in &codes {
            if !work.room_for(&row.reason, &doc.spec.id, row.line) {
                return;
            }
            let list = work.alternates.entry((code.clone(), doc.spec.lang.clone())).or_default();
            if !list.iter().any(|a| a.text == alternate.text) {
                list.push(alternate.clone());
            }
        }
    }
}

/// Gives each entry the errmsg strings of its errcode.
pub(super) fn attach(entries: &mut [Entry], settled: &Settled) {
    for e in entries {
        e.errmsgs = Some(settled.by_errcode.get(&e.code.values()[0]).cloned().unwrap_or_default());
    }
}
