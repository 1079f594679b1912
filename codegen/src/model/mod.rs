//! The types every stage shares, at the bottom of the pipeline: a set's
//! key and its codes (`key`), what its manifest says (`set`: columns,
//! categories, outputs), a parsed doc (`doc`) and the reconciled table
//! every emitter reads (`table`, the shape of the set's JSON).

mod doc;
mod key;
mod set;
mod table;

pub use doc::*;
pub use key::*;
pub use set::*;
pub use table::*;

#[cfg(test)]
pub(crate) use key::tests::code;

use serde::{Deserialize, Serialize};

/// The source id curated messages cite: the decisions file.
pub const DECISIONS_SOURCE: &str = "decisions";

/// What a doc contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A table of codes and texts, with the columns the manifest's `[table]`
    /// names (key columns with a default may be merged by `colspan` or absent).
    Coded,
    /// A one-column table of reasons without codes, from a revision of the page
    /// that listed each distinct cause once.
    Causes,
    /// A callback doc's `errcode | errmsg | reason` table: the `errmsg`
    /// string a callback carries with each errcode (the set's first key
    /// column), and the reason in the doc's language. A last row whose
    /// errcode cell is not a code ("Others") is the doc's fallback for every
    /// errcode it does not list.
    Errmsg,
}

impl Role {
    /// The manifest spelling: `"coded"`, `"causes"` or `"errmsg"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coded => "coded",
            Role::Causes => "causes",
            Role::Errmsg => "errmsg",
        }
    }
}

/// Which grouping a conflict decision keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Holds {
    /// The non-dissenting docs are right; the dissenting texts are set aside.
    Others,
    /// The dissenting docs are right; the other docs' texts are set aside.
    Dissent,
    /// The texts are wording variants of one cause; all stand.
    Variant,
}

impl Holds {
    /// The decisions file's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Holds::Others => "others",
            Holds::Dissent => "dissent",
            Holds::Variant => "variant",
        }
    }
}
