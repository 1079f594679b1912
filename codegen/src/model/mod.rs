//! The types every stage shares, at the bottom of the pipeline: the
//! vocabulary (codes, categories, roles), a parsed doc ([`doc`]) and the
//! reconciled table every emitter reads ([`table`], the shape of
//! `stop_reasons.json`).

mod doc;
mod table;

pub use doc::*;
pub use table::*;

use std::fmt;

use serde::{Deserialize, Serialize};

/// A code pair, `(errcode, sub_errcode)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Code {
    /// The `errcode`.
    pub errcode: u16,
    /// The `sub_errcode`, 0 where the code has none.
    pub sub_errcode: u16,
}

impl Code {
    /// The code `errcode/sub_errcode`.
    pub const fn new(errcode: u16, sub_errcode: u16) -> Self {
        Code { errcode, sub_errcode }
    }

    /// Parses `"16"` (sub_errcode 0) or `"18/305"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Code> {
        let (e, s) = text.split_once('/').unwrap_or((text, "0"));
        let num = |t: &str| if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) { t.parse().ok() } else { None };
        Some(Code { errcode: num(e)?, sub_errcode: num(s)? })
    }
}

impl fmt::Display for Code {
    /// `16` for sub_errcode 0, `18/305` otherwise: the decisions file's notation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sub_errcode == 0 { write!(f, "{}", self.errcode) } else { write!(f, "{}/{}", self.errcode, self.sub_errcode) }
    }
}

/// The largest `errcode` or `sub_errcode` accepted. The docs use 0–39 and
/// 100–602; four digits leave room for new revisions and keep codes `u16`.
pub const MAX_CODE: u16 = 9999;

/// The source id curated messages cite: the decisions file.
pub const DECISIONS_SOURCE: &str = "decisions";

/// What a doc contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A table of `errcode`, `sub_errcode` (possibly merged into one column by
    /// `colspan`) and reason text.
    Coded,
    /// A one-column table of reasons without codes, from a revision of the page
    /// that listed each distinct cause once.
    Causes,
}

impl Role {
    /// The manifest spelling: `"coded"` or `"causes"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coded => "coded",
            Role::Causes => "causes",
        }
    }
}

/// What a push interruption is about, for grouping on dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The pushing client ended the push.
    Client,
    /// The network between the client and CSS.
    Network,
    /// RTMP content, frame size or frame rate.
    Protocol,
    /// No data, or no viewers.
    Idle,
    /// Customer lookup, suspension, arrears.
    Account,
    /// Domain, app, stream or channel settings.
    Config,
    /// IP block or allow lists.
    Access,
    /// Expiry and signature parameters, third-party auth.
    Auth,
    /// Push count limits, priority.
    Quota,
    /// An interruption, ban or replacement asked for through the API or a new push.
    Command,
    /// An error inside CSS.
    Internal,
    /// The docs give no cause.
    Unknown,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 12] = [
        Category::Client,
        Category::Network,
        Category::Protocol,
        Category::Idle,
        Category::Account,
        Category::Config,
        Category::Access,
        Category::Auth,
        Category::Quota,
        Category::Command,
        Category::Internal,
        Category::Unknown,
    ];

    /// What the category covers, one line (the generated crate's docs use it).
    pub fn description(self) -> &'static str {
        match self {
            Category::Client => "The pushing client ended the push.",
            Category::Network => "The network between the client and CSS.",
            Category::Protocol => "RTMP content, frame size or frame rate.",
            Category::Idle => "No data, or no viewers.",
            Category::Account => "Customer lookup, suspension, arrears.",
            Category::Config => "Domain, app, stream or channel settings.",
            Category::Access => "IP block or allow lists.",
            Category::Auth => "Expiry and signature parameters, third-party auth.",
            Category::Quota => "Push count limits, priority.",
            Category::Command => "An interruption, ban or replacement asked for through the API or a new push.",
            Category::Internal => "An error inside CSS.",
            Category::Unknown => "The docs give no cause.",
        }
    }

    /// The lowercase name used in the decisions file and every artifact.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Client => "client",
            Category::Network => "network",
            Category::Protocol => "protocol",
            Category::Idle => "idle",
            Category::Account => "account",
            Category::Config => "config",
            Category::Access => "access",
            Category::Auth => "auth",
            Category::Quota => "quota",
            Category::Command => "command",
            Category::Internal => "internal",
            Category::Unknown => "unknown",
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

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_read_both_notations() {
        assert_eq!(Code::parse("16"), Some(Code::new(16, 0)));
        assert_eq!(Code::parse("18/305"), Some(Code::new(18, 305)));
        assert_eq!(Code::parse("18/"), None);
        assert_eq!(Code::parse("１８"), None);
        assert_eq!(Code::new(18, 305).to_string(), "18/305");
        assert_eq!(Code::new(16, 0).to_string(), "16");
    }
}
