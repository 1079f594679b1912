//! Turns a vendor's table of codes, published in several languages whose
//! pages drifted apart, into checked, typed tables: one doc set at a time
//! (a folder of docs, a manifest and a decisions file), such as the Tencent
//! Cloud CSS push interruption codes in English, Japanese, Chinese and Korean.
//!
//! Data flows one way, one stage a module, each using only the ones before it:
//! [`input`] (the seed folder's bytes) → [`manifest`] and [`decisions`] (the
//! seed folder's TOML files) → [`parse`] (each doc's tables, spans expanded,
//! into the [`model`]) → [`reconcile`] (one table keyed by the set's key)
//! → [`emit`] (JSON, its schema, Rust, TypeScript, the report) → [`output`]
//! (compare with or write to `generated/`).
//! Under them all: [`model`], [`lang`], [`diag`] (problems reported like
//! compiler errors) and [`normalize`] (comparison keys of texts).
//!
//! Beside the pipeline, reading its output: [`query`] (the plain reading of
//! the JSON, for the parity tests and `explain`), [`explain`] and [`changes`];
//! and before it, [`init`] (a starting manifest for a new set's docs).

// A `Problem` carries its source text and spans; it is built only on bad input,
// so its size on the error path does not matter.
#![allow(clippy::result_large_err)]

pub mod bookkeeping;
pub mod changes;
pub mod decisions;
pub mod diag;
pub mod emit;
pub mod explain;
pub mod init;
pub mod input;
pub mod lang;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod parse;
pub mod query;
pub mod reconcile;

use diag::Problems;
use input::Input;
use model::ParsedDoc;

/// What a successful run produces.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The reconciled table, from which the files are emitted ([`emit::emit_all`]).
    pub table: model::Reconciled,
    /// Warnings (the run still succeeded).
    pub warnings: Problems,
}

/// The docs of a seed folder, parsed, and the warnings found.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The set the manifest describes.
    pub set: std::sync::Arc<model::SetSpec>,
    /// Every doc of the manifest, parsed, in manifest order.
    pub docs: Vec<ParsedDoc>,
    /// Warnings; no errors.
    pub problems: Problems,
}

/// Runs the whole pipeline over a seed folder's contents.
///
/// # Errors
/// Every problem found in the input, all together (warnings included); nothing
/// is generated when any of them is an error.
pub fn generate(input: &Input) -> Result<Generation, Problems> {
    generate_as(input, decisions::Reading::Reviewed)
}

/// [`generate`], with the decisions file read as strictly as `reading`
/// says: [`decisions::Reading::Draft`] for its bookkeeping ([`bookkeeping`]).
///
/// # Errors
/// As [`generate`].
pub fn generate_as(input: &Input, reading: decisions::Reading) -> Result<Generation, Problems> {
    let mut problems = Problems::default();
    let Some(manifest) = manifest::read(input, &mut problems) else {
        // So that one run reports the problems of both.
        decisions::read_syntax(input, &mut problems);
        return Err(problems);
    };
    let docs = parse::read_docs(input, &manifest, &mut problems);
    // The decisions file is read even when the docs are not, so that one run reports the problems of both.
    let decisions = decisions::read(input, &manifest.set, reading, &mut problems);
    let Some(decisions) = decisions.filter(|_| !problems.has_errors()) else { return Err(problems) };
    if let Err(too_large) = reconcile::check_size(&manifest.set, &docs, &manifest.file.path) {
        problems.push(too_large);
        return Err(problems);
    }
    match reconcile::reconcile(&manifest.set, &docs, &decisions) {
        Ok(table) => Ok(Generation { table, warnings: problems }),
        Err(found) => {
            problems.extend(found);
            Err(problems)
        }
    }
}

/// The first stage of [`generate`] alone: the manifest read, the folder
/// checked against it, every doc decoded, parsed and its language checked.
///
/// # Errors
/// Every problem found, warnings included, when any is an error.
pub fn parse_input(input: &Input) -> Result<Parsed, Problems> {
    let mut problems = Problems::default();
    let Some(manifest) = manifest::read(input, &mut problems) else { return Err(problems) };
    let docs = parse::read_docs(input, &manifest, &mut problems);
    if problems.has_errors() { Err(problems) } else { Ok(Parsed { set: manifest.set, docs, problems }) }
}
