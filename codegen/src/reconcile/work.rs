//! What the steps of reconciliation share: the doc texts as they stand, the
//! texts filled in, and the problems found so far.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::{Cell, Cells};
use crate::decisions::Decisions;
use crate::diag::Problem;
use crate::lang::Lang;
use crate::model::{AlignedCause, Code, DocText, ParsedDoc, Provenance, SetSpec};

/// A text filled into a cell the coded docs leave empty: aligned, inferred or curated.
#[derive(Debug, Clone)]
pub(super) struct Fill {
    pub text: String,
    pub provenance: Provenance,
    pub source: String,
    pub line: usize,
    pub inferred_from: Option<Code>,
}

/// What the steps work on and build, step by step.
pub(super) struct Work<'a> {
    pub set: &'a SetSpec,
    pub docs: &'a [ParsedDoc],
    pub decisions: &'a Decisions,
    /// The doc texts that stand, by code and language (after step 2).
    pub cells: Cells,
    /// The doc texts decisions set aside.
    pub set_aside: BTreeMap<(Code, Lang), Cell>,
    /// The code sets of `variant` decisions.
    pub variants: Vec<Vec<Code>>,
    /// The codes of conflicts without a decision.
    pub undecided: BTreeSet<Code>,
    /// The texts filled into cells the coded docs leave empty (steps 3 and 4).
    pub fills: BTreeMap<(Code, Lang), Fill>,
    /// Other wordings of a cell's cause, in the order they were found.
    pub alternates: BTreeMap<(Code, Lang), Vec<DocText>>,
    /// How each code-less doc's causes were aligned.
    pub alignment: Vec<AlignedCause>,
    pub problems: Vec<Problem>,
}
