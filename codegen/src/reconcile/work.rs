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
    /// What is left of [`MAX_TABLE_TEXT`], in bytes.
    pub text_left: usize,
}

/// Most bytes of text a reconciled table holds: the doc texts that stand and
/// every copy that alignment, inference and the curated texts add (the real
/// sets: about 20 KiB; the 10,000-code synthetic set: 2.5 MiB). Without it, a
/// long text copied to every code of a large cause would make the outputs
/// grow with codes × text.
pub const MAX_TABLE_TEXT: usize = 8 * 1024 * 1024;

impl Work<'_> {
    /// Whether the table may hold one more copy of `text`, from `source` (a
    /// doc's id, or the decisions file) at `line`; takes its bytes if so. The
    /// first copy refused adds the problem, naming where the text is.
    pub fn room_for(&mut self, text: &str, source: &str, line: usize) -> bool {
        if self.text_left == 0 {
            return false;
        }
        if let Some(left) = self.text_left.checked_sub(text.len()) {
            self.text_left = left;
            return true;
        }
        self.text_left = 0;
        let path = self.docs.iter().find(|d| d.spec.id == source).map_or(self.decisions.file.path.as_str(), |d| d.file.path.as_str());
        let message = format!(
            "{path}:{line}: the texts of the reconciled table, with the copies that alignment and inference make of them, \
             are more than the limit of {MAX_TABLE_TEXT} bytes"
        );
        let help =
            "a long text is copied to every code of a large cause here; check the doc's table for a cell left open, or split the set";
        self.problems.push(Problem::error(message).help(help));
        false
    }
}
