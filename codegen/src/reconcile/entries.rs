//! Step 5: the entries, one per code: every language's message from the
//! doc text that stands or the fill, with its provenance, the text a decision
//! set aside and the alternate wordings; the code's symbolic name; its
//! category (from `[codes]` or from the sections the docs list it under) and
//! retry hint. Cells left empty and codes without their `[codes]` entry are
//! problems.

use std::collections::BTreeMap;

use super::problems;
use super::work::Work;
use crate::lang::Lang;
use crate::model::{Category, CategoryFrom, Code, DocText, Entry, Message, Provenance};

/// How many problems of one kind (cells without text, codes without a
/// category) are reported one by one; the rest are counted in one problem, so
/// a broken doc of thousands of rows gives a readable report.
pub const PROBLEMS_PER_KIND: usize = 100;

/// The entries of every code the coded docs list, in code order, with the
/// symbolic names settled in step 2.
pub(super) fn build(work: &mut Work<'_>, symbols: &BTreeMap<Code, String>) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(work.cells.len());
    let (mut missing, mut uncategorized) = (0, 0);
    let mut lacking: Vec<Code> = Vec::new();
    let needs_info = work.set.category_from == CategoryFrom::Decisions || work.set.retryable;
    let codes: Vec<Code> = work.cells.keys().cloned().collect();
    for code in codes {
        let mut messages = BTreeMap::new();
        for lang in work.set.languages.all() {
            match message(work, &code, lang) {
                Some(m) => {
                    messages.insert(lang.clone(), m);
                }
                None => {
                    missing += 1;
                    if missing <= PROBLEMS_PER_KIND {
                        let problem = missing_cell(work, &code, lang);
                        work.problems.push(problem);
                    }
                }
            }
        }
        let info = work.decisions.codes.get(&code);
        if needs_info && info.is_none() {
            lacking.push(code.clone());
            uncategorized += 1;
            if uncategorized <= PROBLEMS_PER_KIND {
                let (value, choices) = info_skeleton(work);
                work.problems.push(problems::uncategorized(&code, &value, &choices, &work.decisions.file));
            }
            continue;
        }
        let category = match work.set.category_from {
            CategoryFrom::Decisions => info.and_then(|i| i.category.clone()),
            CategoryFrom::Section => section_category(work, &code),
            CategoryFrom::None => None,
        };
        let retryable = info.and_then(|i| i.retryable);
        entries.push(Entry { symbol: symbols.get(&code).cloned(), code, category, retryable, messages, errmsgs: None });
    }
    let file = &work.decisions.file;
    if missing > PROBLEMS_PER_KIND {
        work.problems.push(problems::more_missing_cells(missing - PROBLEMS_PER_KIND, file));
    }
    if uncategorized > PROBLEMS_PER_KIND {
        work.problems.push(problems::more_uncategorized(uncategorized - PROBLEMS_PER_KIND, file));
    }
    let stale: Vec<_> = work.decisions.codes.iter().filter(|(code, _)| !work.cells.contains_key(code)).collect();
    let lacking: Vec<(String, Code)> = lacking.into_iter().map(|c| (c.to_string(), c)).collect();
    for (code, info) in stale.iter().take(PROBLEMS_PER_KIND) {
        work.problems.push(problems::stale_category(code, info, nearest(&code.to_string(), &lacking), file));
    }
    if stale.len() > PROBLEMS_PER_KIND {
        work.problems.push(problems::more_stale_categories(stale.len() - PROBLEMS_PER_KIND, file));
    }
    entries
}

/// The code among `lacking` (the codes without a `[codes]` entry, each
/// with its written form) that `written`, a `[codes]` key no doc lists, most
/// likely meant: the nearest by edits (a swap of two neighbours counting
/// one), if at most two away (`18/530` → `18/503`).
fn nearest<'c>(written: &str, lacking: &'c [(String, Code)]) -> Option<&'c Code> {
    let near = lacking.iter().filter(|(w, _)| w.len().abs_diff(written.len()) <= 2);
    let scored = near.map(|(w, c)| (strsim::osa_distance(written, w), c)).filter(|(d, _)| *d <= 2);
    scored.min_by_key(|(d, _)| *d).map(|(_, c)| c)
}

/// A valid `[codes]` value marked for review, with the set's first
/// category and `retryable = false` as placeholders (`{ category = "client",
/// retryable = false, review = true }`), and what its maintainer must choose.
fn info_skeleton(work: &Work<'_>) -> (String, String) {
    let mut fields = Vec::new();
    let mut choices = Vec::new();
    if work.set.category_from == CategoryFrom::Decisions {
        let names: Vec<&str> = work.set.categories.iter().map(|c| c.category.as_str()).collect();
        fields.push(format!("category = \"{}\"", names.first().copied().unwrap_or("…")));
        choices.push(format!("the category (one of {})", names.join(", ")));
    }
    if work.set.retryable {
        fields.push("retryable = false".to_owned());
        choices.push("whether it may be retried".to_owned());
    }
    fields.push("review = true".to_owned());
    (format!("{{ {} }}", fields.join(", ")), choices.join(" and "))
}

/// The category of the sections the docs list `code` under, when they
/// agree; a problem (and `None`) when they do not, or a section has none.
fn section_category(work: &mut Work<'_>, code: &Code) -> Option<Category> {
    let sections: Vec<(Lang, String, Option<Category>)> = work.cells[code]
        .iter()
        .filter_map(|(lang, cell)| cell.section.as_ref().map(|s| (lang.clone(), s.clone(), work.set.category_of_section(s).cloned())))
        .collect();
    let first = sections.first().and_then(|s| s.2.clone());
    if first.is_some() && sections.iter().all(|s| s.2 == first) {
        return first;
    }
    work.problems.push(problems::section_categories_differ(code, &sections, &format!("seeds/{}/manifest.toml", work.set.name)));
    None
}

/// The problem of `code`'s cell in `lang` left without a text.
fn missing_cell(work: &Work<'_>, code: &Code, lang: &Lang) -> crate::diag::Problem {
    let listed: Vec<(Lang, &crate::diag::SourceFile, usize, &str)> =
        work.cells[code].iter().map(|(l, cell)| (l.clone(), &work.docs[cell.doc].file, cell.line, cell.text.as_str())).collect();
    problems::missing_cell(code, lang, &listed, &work.decisions.file)
}

/// `lang`'s message at `code`: the doc's text where it stands, else the fill
/// (with the doc text a decision set aside there); `None` when neither.
fn message(work: &Work<'_>, code: &Code, lang: &Lang) -> Option<Message> {
    let key = (code.clone(), lang.clone());
    let message = match (work.cells[code].get(lang), work.fills.get(&key)) {
        (Some(cell), _) => Message {
            text: cell.text.clone(),
            provenance: Provenance::Doc,
            source: work.docs[cell.doc].spec.id.clone(),
            line: cell.line,
            inferred_from: None,
            doc_text: None,
            alternates: Vec::new(),
            section: cell.section.clone(),
        },
        (None, Some(fill)) => Message {
            text: fill.text.clone(),
            provenance: fill.provenance,
            source: fill.source.clone(),
            line: fill.line,
            inferred_from: fill.inferred_from.clone(),
            doc_text: work.set_aside.get(&key).map(|cell| DocText {
                text: cell.text.clone(),
                source: work.docs[cell.doc].spec.id.clone(),
                line: cell.line,
            }),
            alternates: Vec::new(),
            section: work.set_aside.get(&key).and_then(|cell| cell.section.clone()),
        },
        (None, None) => return None,
    };
    let alternates = work.alternates.get(&key).into_iter().flatten().filter(|alt| alt.text != message.text);
    Some(Message { alternates: alternates.cloned().collect(), ..message })
}
