//! Step 5: the entries, one per code: every language's message from the
//! doc text that stands or the fill, with its provenance, the text a decision
//! set aside and the alternate wordings; the code's category and retry hint
//! from `[codes]`. Cells left empty and codes without a category are problems.

use std::collections::BTreeMap;

use super::problems;
use super::work::Work;
use crate::lang::Lang;
use crate::model::{Code, DocText, Entry, Message, Provenance};

/// How many problems of one kind (cells without text, codes without a
/// category) are reported one by one; the rest are counted in one problem, so
/// a broken doc of thousands of rows gives a readable report.
pub const PROBLEMS_PER_KIND: usize = 100;

/// The entries of every code the coded docs list, in code order.
pub(super) fn build(work: &mut Work<'_>) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(work.cells.len());
    let (mut missing, mut uncategorized) = (0, 0);
    let codes: Vec<Code> = work.cells.keys().copied().collect();
    for code in codes {
        let mut messages = BTreeMap::new();
        for lang in Lang::ALL {
            match message(work, code, lang) {
                Some(m) => {
                    messages.insert(lang, m);
                }
                None => {
                    missing += 1;
                    if missing <= PROBLEMS_PER_KIND {
                        let problem = missing_cell(work, code, lang);
                        work.problems.push(problem);
                    }
                }
            }
        }
        let Some(info) = work.decisions.codes.get(&code) else {
            uncategorized += 1;
            if uncategorized <= PROBLEMS_PER_KIND {
                work.problems.push(problems::uncategorized(code, &work.decisions.file));
            }
            continue;
        };
        entries.push(Entry {
            errcode: code.errcode,
            sub_errcode: code.sub_errcode,
            category: info.category,
            retryable: info.retryable,
            messages,
        });
    }
    let file = &work.decisions.file;
    if missing > PROBLEMS_PER_KIND {
        work.problems.push(problems::more_missing_cells(missing - PROBLEMS_PER_KIND, file));
    }
    if uncategorized > PROBLEMS_PER_KIND {
        work.problems.push(problems::more_uncategorized(uncategorized - PROBLEMS_PER_KIND, file));
    }
    for (code, info) in work.decisions.codes.iter().filter(|(code, _)| !work.cells.contains_key(code)) {
        work.problems.push(problems::stale_category(*code, info, file));
    }
    entries
}

/// The problem of `code`'s cell in `lang` left without a text.
fn missing_cell(work: &Work<'_>, code: Code, lang: Lang) -> crate::diag::Problem {
    let langs = &work.cells[&code];
    let listed: Vec<Lang> = langs.keys().copied().collect();
    let first = langs.values().next().map(|cell| (&work.docs[cell.doc].file, cell.line, cell.text.as_str()));
    problems::missing_cell(code, lang, &listed, first, &work.decisions.file)
}

/// `lang`'s message at `code`: the doc's text where it stands, else the fill
/// (with the doc text a decision set aside there); `None` when neither.
fn message(work: &Work<'_>, code: Code, lang: Lang) -> Option<Message> {
    let message = match (work.cells[&code].get(&lang), work.fills.get(&(code, lang))) {
        (Some(cell), _) => Message {
            text: cell.text.clone(),
            provenance: Provenance::Doc,
            source: work.docs[cell.doc].spec.id.clone(),
            line: cell.line,
            inferred_from: None,
            doc_text: None,
            alternates: Vec::new(),
        },
        (None, Some(fill)) => Message {
            text: fill.text.clone(),
            provenance: fill.provenance,
            source: fill.source.clone(),
            line: fill.line,
            inferred_from: fill.inferred_from,
            doc_text: work.set_aside.get(&(code, lang)).map(|cell| DocText {
                text: cell.text.clone(),
                source: work.docs[cell.doc].spec.id.clone(),
                line: cell.line,
            }),
            alternates: Vec::new(),
        },
        (None, None) => return None,
    };
    let alternates = work.alternates.get(&(code, lang)).into_iter().flatten().filter(|alt| alt.text != message.text);
    Some(Message { alternates: alternates.cloned().collect(), ..message })
}
