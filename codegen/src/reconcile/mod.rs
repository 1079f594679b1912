//! Stage 2: the docs' rows → one table keyed by the set's key in which every
//! code has a text in every language of the set, with the provenance of each.
//!
//! The steps, one module each:
//! 1. `cells`: each coded doc's text per code and language;
//! 2. `classes` finds the codes the languages group differently, and
//!    `decide` applies the maintainers' decision for each (the set's
//!    `decisions.toml`), and `symbols` settles each code's symbolic name;
//! 3. `align`: each code-less doc's causes aligned to the coded page's
//!    causes, filling the codes its language lacks;
//! 4. `infer`: the texts a language lacks inferred from the cause class the
//!    code belongs to, then what is still empty filled from curated texts;
//! 5. `errmsgs`: the errmsg docs' strings per errcode, checked to agree,
//!    and their reasons as alternate wordings;
//! 6. `entries`: one entry per code, with its symbol, category, retry hint
//!    and errmsg strings;
//! 7. `checks`: every text in the right script, codes of one cause with one
//!    hint, and the groupings in agreement after the decisions;
//! 8. `index`: the reverse-lookup index of the entries.
//!
//! Every problem of a run is collected and returned together; their wording
//! is in `problems`.

pub mod align;
mod cells;
mod checks;
pub mod classes;
mod decide;
mod entries;
mod errmsgs;
mod index;
mod infer;
mod problems;
mod symbols;
mod work;

pub use checks::remaining_conflicts;
pub use entries::PROBLEMS_PER_KIND;
pub use index::{errmsg_index, text_index};

use std::collections::{BTreeMap, BTreeSet};

use crate::decisions::Decisions;
use crate::diag::Problem;
use std::sync::Arc;

use crate::model::{
    AlignedCause, Code, Conflict, DecisionsSource, DocContent, Entry, ErrmsgFallback, ParsedDoc, Reconciled, Role, SCHEMA_VERSION, SetSpec,
    Source, SymbolConflict,
};
use work::Work;

/// Most reasons a reconciled table may hold: its codes × its languages
/// (the real stream-interruption set: 70 × 4; the 10,000-code synthetic
/// set: 40,000).
pub const MAX_REASONS: usize = 40_000;

/// Refuses docs that would make a table of more than [`MAX_REASONS`]
/// reasons, before they are reconciled: `manifest` is the file the problem
/// names.
///
/// # Errors
/// The one problem, saying how many codes and languages the docs give.
pub fn check_size(set: &SetSpec, docs: &[ParsedDoc], manifest: &str) -> Result<(), Problem> {
    let codes: BTreeSet<&Code> = docs
        .iter()
        .filter_map(|d| match &d.content {
            DocContent::Coded(rows) => Some(rows.iter().map(|r| &r.code)),
            DocContent::Causes(_) | DocContent::Errmsgs(..) => None,
        })
        .flatten()
        .collect();
    let languages = set.languages.all().len();
    let reasons = codes.len() * languages;
    if reasons <= MAX_REASONS {
        return Ok(());
    }
    let message = format!(
        "{manifest}: the docs give {} codes in {languages} languages, {reasons} reasons to reconcile, more than the limit of {MAX_REASONS}",
        codes.len()
    );
    Err(Problem::error(message).help("split the docs into more than one doc set"))
}

/// Reconciles the parsed docs of the set `set` (in manifest order) under the
/// maintainers' decisions.
///
/// # Errors
/// Every problem found, all together: two coded docs in one language, a
/// conflict without a decision, a decision that matches nothing (stale), a cause
/// of a code-less doc that aligns to nothing, a `(code, language)` cell left
/// without a text, a text in the wrong script, groupings that still disagree
/// after the decisions, a code without a category or a category for an
/// unknown code, symbolic names that differ without a decision.
pub fn reconcile(set: &Arc<SetSpec>, docs: &[ParsedDoc], decisions: &Decisions) -> Result<Reconciled, Vec<Problem>> {
    let mut problems = Vec::new();
    // Step 1: the coded docs' texts.
    let cells = cells::collect(docs, &mut problems);
    // Step 2: the conflicts, and the decisions about them; the symbolic names.
    let found = classes::detect(&cells::grouping(&cells));
    let decided = decide::apply(docs, cells, &found, decisions, &mut problems);
    let (symbols, symbol_conflicts) = symbols::settle(docs, &decided.cells, &decided.set_aside, decisions, &mut problems);
    let standing: usize = decided.cells.values().flat_map(|langs| langs.values()).map(|c| c.text.len()).sum();
    let mut work = Work {
        text_left: work::MAX_TABLE_TEXT.saturating_sub(standing),
        set,
        docs,
        decisions,
        cells: decided.cells,
        set_aside: decided.set_aside,
        variants: decided.variants,
        undecided: decided.undecided,
        fills: BTreeMap::new(),
        alternates: BTreeMap::new(),
        alignment: Vec::new(),
        problems,
    };
    // Step 3: the code-less docs, aligned.
    for doc in docs.iter().filter(|d| d.spec.role == Role::Causes) {
        align::align_doc(&mut work, doc);
    }
    align::stale_pins(&mut work);
    // Step 4: inferred and curated texts.
    infer::infer(&mut work);
    infer::curate(&mut work);
    // Step 5: the errmsg docs.
    let errmsgs = errmsgs::settle(&mut work);
    // Step 6: the entries.
    let mut entries = entries::build(&mut work, &symbols);
    if !work.problems.is_empty() {
        return Err(work.problems);
    }
    if let Some(settled) = &errmsgs {
        errmsgs::attach(&mut entries, settled);
    }
    // Step 7: the complete table, checked.
    let found = checks::check(&entries, &work.variants, decisions, set.category_from);
    if !found.is_empty() {
        return Err(found);
    }
    let errmsg_fallback = errmsgs.map(|s| s.fallback).unwrap_or_default();
    let found = Findings { conflicts: decided.conflicts, symbols: symbol_conflicts, alignment: work.alignment, errmsg_fallback };
    Ok(table(set, docs, decisions, entries, found))
}

/// What reconciliation found and decided besides the entries.
struct Findings {
    conflicts: Vec<Conflict>,
    symbols: Vec<SymbolConflict>,
    alignment: Vec<AlignedCause>,
    errmsg_fallback: BTreeMap<crate::lang::Lang, ErrmsgFallback>,
}

/// The reconciled table, citing its sources.
fn table(set: &Arc<SetSpec>, docs: &[ParsedDoc], decisions: &Decisions, entries: Vec<Entry>, found: Findings) -> Reconciled {
    let sources = docs
        .iter()
        .map(|d| Source {
            id: d.spec.id.clone(),
            file: d.cited.clone(),
            lang: d.spec.lang.clone(),
            role: d.spec.role,
            origin: d.spec.origin.clone(),
            sha256: d.sha256.clone(),
        })
        .collect();
    let decisions = DecisionsSource { file: decisions.cited.clone(), sha256: decisions.sha256.clone() };
    // Step 8: the index of the entries' texts.
    let texts = text_index(&entries);
    let errmsg_texts = errmsg_index(&entries);
    Reconciled {
        schema_version: SCHEMA_VERSION,
        version: set.outputs.version.clone(),
        sources,
        decisions,
        entries,
        conflicts: found.conflicts,
        symbols: found.symbols,
        errmsg_fallback: found.errmsg_fallback,
        alignment: found.alignment,
        texts,
        errmsg_texts,
        set: Arc::clone(set),
    }
}
