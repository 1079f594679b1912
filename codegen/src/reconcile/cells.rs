//! Step 1: the coded docs' texts by code and language, each with its
//! comparison key and where it was read.

use std::collections::BTreeMap;

use super::classes::Grouping;
use super::problems;
use crate::diag::Problem;
use crate::lang::Lang;
use crate::model::{Code, DocContent, ParsedDoc};
use crate::normalize;

/// A text read from a coded doc.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub text: String,
    /// The text's comparison key ([`normalize::key`]).
    pub key: String,
    /// Position of the doc in the manifest.
    pub doc: usize,
    pub line: usize,
    /// The symbolic name the row gives, where the set has them.
    pub symbol: Option<String>,
    /// The heading of the section the row is under, where kept.
    pub section: Option<String>,
}

/// The coded docs' texts, by code, then language.
pub(super) type Cells = BTreeMap<Code, BTreeMap<Lang, Cell>>;

/// Each coded doc's texts at their codes: one coded doc per language (a
/// second one is a problem, and left out).
pub(super) fn collect(docs: &[ParsedDoc], problems: &mut Vec<Problem>) -> Cells {
    let mut cells = Cells::new();
    let mut coded_in: BTreeMap<Lang, usize> = BTreeMap::new();
    let mut keys = normalize::Keys::default();
    for (i, doc) in docs.iter().enumerate() {
        let DocContent::Coded(rows) = &doc.content else { continue };
        let lang = &doc.spec.lang;
        if let Some(&first) = coded_in.get(lang) {
            problems.push(problems::two_coded_docs(&docs[first], doc));
            continue;
        }
        coded_in.insert(lang.clone(), i);
        for row in rows {
            let cell = Cell {
                text: row.text.clone(),
                key: keys.of(&row.text).to_owned(),
                doc: i,
                line: row.line,
                symbol: row.symbol.clone(),
                section: row.section.clone(),
            };
            cells.entry(row.code.clone()).or_default().insert(lang.clone(), cell);
        }
    }
    cells
}

/// The cells' grouping: each text's key is its class.
pub(super) fn grouping(cells: &Cells) -> Grouping {
    cells.iter().map(|(code, langs)| (code.clone(), langs.iter().map(|(l, c)| (l.clone(), c.key.clone())).collect())).collect()
}

/// For each language and key, the codes whose cells have it, ascending.
pub(super) fn codes_by_key(cells: &Cells) -> BTreeMap<(&Lang, &str), Vec<Code>> {
    let mut by_key: BTreeMap<(&Lang, &str), Vec<Code>> = BTreeMap::new();
    for (code, langs) in cells {
        for (lang, cell) in langs {
            by_key.entry((lang, &cell.key)).or_default().push(code.clone());
        }
    }
    by_key
}
