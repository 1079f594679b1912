//! Step 2, for sets whose tables name their codes: each code's symbolic name
//! (`ERR_ROOM_ENTER_FAIL`), which the docs must agree on, or a `[[symbol]]`
//! decision must choose.

use std::collections::BTreeMap;

use super::cells::{Cell, Cells};
use super::problems;
use crate::decisions::Decisions;
use crate::diag::Problem;
use crate::lang::Lang;
use crate::model::{Code, ParsedDoc, SymbolConflict, SymbolText};

/// Each code's symbolic name, and the codes the docs name differently with
/// the decision about each. Codes without any name are absent. Names that
/// differ without a decision, decisions about codes the docs agree on, and a
/// name given to two codes are problems.
pub(super) fn settle(
    docs: &[ParsedDoc],
    cells: &Cells,
    set_aside: &BTreeMap<(Code, Lang), Cell>,
    decisions: &Decisions,
    problems: &mut Vec<Problem>,
) -> (BTreeMap<Code, String>, Vec<SymbolConflict>) {
    let named = names(docs, cells, set_aside);
    let mut symbols = BTreeMap::new();
    let mut conflicts = Vec::new();
    let mut used = vec![false; decisions.symbols.len()];
    for (code, texts) in named {
        let decision = decisions.symbols.iter().position(|d| d.code == code);
        let agreed = texts.iter().all(|t| t.symbol == texts[0].symbol);
        match (agreed, decision) {
            (true, None) => {
                symbols.insert(code, texts[0].symbol.clone());
            }
            (false, None) => problems.push(problems::symbols_differ(docs, &code, &texts, &decisions.file)),
            (_, Some(i)) => {
                used[i] = true;
                let d = &decisions.symbols[i];
                if agreed {
                    problems.push(problems::symbol_decision_not_needed(d, &texts[0].symbol, &decisions.file));
                }
                symbols.insert(code.clone(), d.symbol.clone());
                conflicts.push(SymbolConflict { code, texts, symbol: d.symbol.clone(), why: d.why.clone(), line: d.line });
            }
        }
    }
    for d in decisions.symbols.iter().zip(&used).filter(|(_, used)| !**used).map(|(d, _)| d) {
        problems.push(problems::symbol_decision_for_unnamed_code(d, &decisions.file));
    }
    problems.extend(names_twice(&symbols, &decisions.file));
    (symbols, conflicts)
}

/// Every doc's symbolic name for each code, in language order.
fn names(docs: &[ParsedDoc], cells: &Cells, set_aside: &BTreeMap<(Code, Lang), Cell>) -> BTreeMap<Code, Vec<SymbolText>> {
    let mut named: BTreeMap<Code, BTreeMap<Lang, SymbolText>> = BTreeMap::new();
    let standing = cells.iter().flat_map(|(code, langs)| langs.iter().map(move |(lang, cell)| (code, lang, cell)));
    let aside = set_aside.iter().map(|((code, lang), cell)| (code, lang, cell));
    for (code, lang, cell) in standing.chain(aside) {
        let Some(symbol) = &cell.symbol else { continue };
        let text = SymbolText { lang: lang.clone(), symbol: symbol.clone(), source: docs[cell.doc].spec.id.clone(), line: cell.line };
        named.entry(code.clone()).or_default().insert(lang.clone(), text);
    }
    named.into_iter().map(|(code, by_lang)| (code, by_lang.into_values().collect())).collect()
}

/// The problems of names given to more than one code.
fn names_twice(symbols: &BTreeMap<Code, String>, decisions_file: &crate::diag::SourceFile) -> Vec<Problem> {
    let mut codes_of: BTreeMap<&str, Vec<&Code>> = BTreeMap::new();
    for (code, symbol) in symbols {
        codes_of.entry(symbol).or_default().push(code);
    }
    codes_of
        .into_iter()
        .filter(|(_, codes)| codes.len() > 1)
        .map(|(symbol, codes)| problems::symbol_twice(symbol, &codes, decisions_file))
        .collect()
}
