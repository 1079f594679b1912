//! `seeds/decisions.toml`: what the maintainers decided about the docs, reviewed
//! like code. Four kinds of entry:
//!
//! ```toml
//! schema_version = 1
//!
//! # How one disagreement between the languages' groupings is resolved.
//! [[conflict]]
//! codes = ["16"]        # the codes the conflict is about, as `gen` reports them
//! dissent = ["ko"]      # the docs that group them differently, as `gen` reports them
//! holds = "others"      # "others": the other docs' grouping holds; the dissenting texts
//!                       #   at `set_aside` are set aside (kept as `doc_text`) and refilled
//!                       # "dissent": the dissenting docs' grouping holds; the other docs'
//!                       #   texts at `set_aside` are set aside and refilled
//!                       # "variant": only the wording differs; every text stands and the
//!                       #   causes involved count as one
//! set_aside = ["16"]    # optional, for "others" and "dissent"; default: all `codes`
//! why = "one line"
//!
//! # A text written by the maintainers for a cell nothing else fills.
//! [[curated]]
//! code = "21/103"
//! lang = "ja"
//! text = "…"
//! why = "one line"
//!
//! # Pins a cause of a code-less doc to a code (or drops it) where alignment cannot.
//! [[align]]
//! source = "en-causes"
//! cause = "exact text of the cause"
//! code = "18/602"       # or `drop = true`
//! why = "one line"
//!
//! # Every code's category and retry hint.
//! [codes]
//! "18/503" = { category = "auth", retryable = false }
//! ```
//!
//! Codes are written `"errcode"` (sub_errcode 0) or `"errcode/sub_errcode"`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Label, Problem, SourceFile};
use crate::lang::Lang;
use crate::manifest::toml_problem;

mod codes;

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

/// A `[[conflict]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictDecision {
    /// The codes the conflict is about, sorted.
    pub codes: Vec<Code>,
    /// The dissenting languages, sorted.
    pub dissent: Vec<Lang>,
    /// Which grouping holds.
    pub holds: Holds,
    /// Codes whose texts are set aside (for `others` and `dissent`), sorted.
    pub set_aside: Vec<Code>,
    /// The reason, one line.
    pub why: String,
    /// 1-based line of the entry's `codes` key.
    pub line: usize,
}

/// A `[[curated]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curated {
    /// The code.
    pub code: Code,
    /// The language.
    pub lang: Lang,
    /// The text, written by the maintainers.
    pub text: String,
    /// Why it is needed, one line.
    pub why: String,
    /// 1-based line of the entry's `text` key.
    pub line: usize,
}

/// An `[[align]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignPin {
    /// Source id of the code-less doc.
    pub source: String,
    /// The cause's exact text in that doc.
    pub cause: String,
    /// The code it describes, or `None` to drop it on purpose.
    pub code: Option<Code>,
    /// Why, one line.
    pub why: String,
    /// 1-based line of the entry's `cause` key.
    pub line: usize,
}

/// A code's `[codes]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The category.
    pub category: Category,
    /// Whether pushing again unchanged would likely work.
    pub retryable: bool,
    /// 1-based line of the entry.
    pub line: usize,
}

/// The checked decisions file.
#[derive(Debug, Clone)]
pub struct Decisions {
    /// The file, for diagnostics that point into it.
    pub file: SourceFile,
    /// `[[conflict]]` entries in file order.
    pub conflicts: Vec<ConflictDecision>,
    /// `[[curated]]` entries in file order.
    pub curated: Vec<Curated>,
    /// `[[align]]` entries in file order.
    pub align: Vec<AlignPin>,
    /// `[codes]`, by code.
    pub codes: BTreeMap<Code, CodeInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    schema_version: Spanned<u32>,
    #[serde(default)]
    conflict: Vec<RawConflict>,
    #[serde(default)]
    curated: Vec<RawCurated>,
    #[serde(default)]
    align: Vec<RawAlign>,
    #[serde(default)]
    codes: BTreeMap<Spanned<String>, RawCodeInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConflict {
    codes: Spanned<Vec<Spanned<String>>>,
    dissent: Vec<Spanned<String>>,
    holds: Holds,
    #[serde(default)]
    set_aside: Option<Vec<Spanned<String>>>,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurated {
    code: Spanned<String>,
    lang: Spanned<String>,
    text: Spanned<String>,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlign {
    source: String,
    cause: Spanned<String>,
    code: Option<Spanned<String>>,
    #[serde(default)]
    drop: bool,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodeInfo {
    category: Category,
    retryable: bool,
}

/// The decisions schema this build understands.
pub const SCHEMA_VERSION: u32 = 1;

/// An empty decisions file, for a seed folder that has none.
pub fn empty(path: &str) -> Decisions {
    Decisions { file: SourceFile::new(path, ""), conflicts: Vec::new(), curated: Vec::new(), align: Vec::new(), codes: BTreeMap::new() }
}

/// Parses and checks the decisions file.
///
/// The plain `[codes]` lines are read straight from `toml_parser`'s events
/// rather than through a TOML tree (see `codes.rs`); the result and every
/// error are those of [`parse_with_toml`].
///
/// # Errors
/// Every problem found, each pointing at its line: TOML syntax, unknown keys or
/// values, codes not written `E` or `E/S`, unknown language tags, empty `why`,
/// an `[[align]]` with both or neither of `code` and `drop`.
pub fn parse(file: &SourceFile) -> Result<Decisions, Vec<Problem>> {
    let fast = codes::take(&file.text);
    read(file, fast.rest.as_deref().unwrap_or(&file.text), fast.entries)
}

/// [`parse`] with the whole file read by the toml crate: slower, and at
/// 100,000 codes a few hundred MiB, but the reference `parse` is checked
/// against (the `decisions` fuzz target, the fuzz corpus test).
///
/// # Errors
/// As [`parse`].
pub fn parse_with_toml(file: &SourceFile) -> Result<Decisions, Vec<Problem>> {
    read(file, &file.text, Vec::new())
}

/// Checks the decisions in `text` (the file's text, or that text with the
/// `[codes]` entries in `taken` blanked out), pointing into `file`.
fn read(file: &SourceFile, text: &str, taken: Vec<codes::CodeEntry>) -> Result<Decisions, Vec<Problem>> {
    let raw: Raw = toml::from_str(text).map_err(|e| vec![toml_problem(file, &e)])?;
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>, message: String, label: &str| -> Problem {
        let line = file.line_of(span.start);
        Problem {
            labels: vec![Label { span: (span.start, span.len()).into(), text: label.to_owned() }],
            ..Problem::at(file, line, "", message, label)
        }
    };
    let code_at = |text: &str, span: std::ops::Range<usize>, problems: &mut Vec<Problem>| -> Option<Code> {
        let parsed = Code::parse(text);
        if parsed.is_none() {
            problems.push(
                at(span, format!("`{text}` is not a code"), "not a code")
                    .help("write a code as \"errcode\" or \"errcode/sub_errcode\", e.g. \"16\" or \"18/305\""),
            );
        }
        parsed
    };
    let code = |s: &Spanned<String>, problems: &mut Vec<Problem>| code_at(s.get_ref(), s.span(), problems);
    let lang = |s: &Spanned<String>, problems: &mut Vec<Problem>| -> Option<Lang> {
        match s.get_ref().parse::<Lang>() {
            Ok(l) => Some(l),
            Err(e) => {
                problems.push(at(s.span(), e.to_string(), "unknown language").help("use en, ja, zh or ko"));
                None
            }
        }
    };
    if *raw.schema_version.get_ref() != SCHEMA_VERSION {
        problems.push(at(
            raw.schema_version.span(),
            format!("schema_version {} is not supported", raw.schema_version.get_ref()),
            "unsupported",
        ));
    }
    let mut decisions = empty(&file.path);
    decisions.file = file.clone();
    for c in raw.conflict {
        let line = file.line_of(c.codes.span().start);
        let mut codes: Vec<Code> = c.codes.get_ref().iter().filter_map(|s| code(s, &mut problems)).collect();
        let mut dissent: Vec<Lang> = c.dissent.iter().filter_map(|s| lang(s, &mut problems)).collect();
        let mut set_aside: Vec<Code> = match &c.set_aside {
            Some(list) => list.iter().filter_map(|s| code(s, &mut problems)).collect(),
            None => codes.clone(),
        };
        codes.sort_unstable();
        dissent.sort_unstable();
        set_aside.sort_unstable();
        if c.set_aside.is_some() && c.holds == Holds::Variant {
            problems.push(
                at(c.codes.span(), "a \"variant\" decision sets nothing aside".to_owned(), "variant")
                    .help("remove set_aside, or choose holds = \"others\" or \"dissent\""),
            );
        }
        if let Some(stray) = set_aside.iter().find(|s| !codes.contains(s)) {
            problems.push(
                at(c.codes.span(), format!("set_aside names {stray}, which is not among the conflict's codes"), "set_aside")
                    .help("set aside only codes the conflict is about"),
            );
        }
        if c.why.trim().is_empty() {
            problems.push(
                at(c.codes.span(), "the decision gives no reason".to_owned(), "no why").help("say in one line why this grouping holds"),
            );
        }
        decisions.conflicts.push(ConflictDecision { codes, dissent, holds: c.holds, set_aside, why: c.why, line });
    }
    for c in raw.curated {
        let line = file.line_of(c.text.span().start);
        let (Some(code), Some(lang)) = (code(&c.code, &mut problems), lang(&c.lang, &mut problems)) else { continue };
        if c.text.get_ref().trim().is_empty() {
            problems.push(
                at(c.text.span(), format!("the curated text for {code} {lang} is empty"), "empty")
                    .help("write the text, or remove the entry"),
            );
        }
        if let Some(bad) = c.text.get_ref().chars().find(|ch| ch.is_control()) {
            problems.push(
                at(
                    c.text.span(),
                    format!("the curated text for {code} {lang} holds the control character U+{:04X}", u32::from(bad)),
                    "control character",
                )
                .help("write the text on one line, without control characters (the docs' texts have none)"),
            );
        }
        decisions.curated.push(Curated { code, lang, text: c.text.get_ref().clone(), why: c.why, line });
    }
    for a in raw.align {
        let line = file.line_of(a.cause.span().start);
        let pinned = match (&a.code, a.drop) {
            (Some(c), false) => code(c, &mut problems).map(Some),
            (None, true) => Some(None),
            _ => {
                problems.push(
                    at(a.cause.span(), "an [[align]] entry needs either `code` or `drop = true`".to_owned(), "align")
                        .help("name the code the cause describes, or drop it on purpose"),
                );
                None
            }
        };
        if let Some(code) = pinned {
            decisions.align.push(AlignPin { source: a.source, cause: a.cause.get_ref().clone(), code, why: a.why, line });
        }
    }
    let mut entries = taken;
    entries.extend(raw.codes.into_iter().map(|(key, info)| codes::CodeEntry {
        key_span: key.span(),
        key: key.into_inner(),
        category: info.category,
        retryable: info.retryable,
    }));
    entries.sort_unstable_by_key(|e| e.key_span.start);
    for entry in entries {
        if let Some(c) = code_at(&entry.key, entry.key_span.clone(), &mut problems) {
            let line = file.line_of(entry.key_span.start);
            if decisions.codes.insert(c, CodeInfo { category: entry.category, retryable: entry.retryable, line }).is_some() {
                problems
                    .push(at(entry.key_span, format!("code {c} is listed twice in [codes]"), "duplicate").help("keep one line per code"));
            }
        }
    }
    if problems.is_empty() { Ok(decisions) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_both_notations() {
        assert_eq!(Code::parse("16"), Some(Code::new(16, 0)));
        assert_eq!(Code::parse("18/305"), Some(Code::new(18, 305)));
        assert_eq!(Code::parse("18/"), None);
        assert_eq!(Code::parse("１８"), None);
        assert_eq!(Code::new(18, 305).to_string(), "18/305");
        assert_eq!(Code::new(16, 0).to_string(), "16");
    }

    #[test]
    fn reads_every_kind_of_entry() {
        let d = parse(&SourceFile::new(
            "seeds/decisions.toml",
            "schema_version = 1\n\
             [[conflict]]\ncodes = [\"18/308\", \"18/305\"]\ndissent = [\"ko\"]\nholds = \"others\"\nset_aside = [\"18/305\"]\nwhy = \"slip\"\n\
             [[curated]]\ncode = \"18/305\"\nlang = \"ko\"\ntext = \"t\"\nwhy = \"w\"\n\
             [codes]\n\"16\" = { category = \"internal\", retryable = true }\n",
        ))
        .unwrap_or_else(|p| panic!("{}", p[0].render()));
        assert_eq!(d.conflicts[0].codes, [Code::new(18, 305), Code::new(18, 308)]);
        assert_eq!(d.conflicts[0].line, 3);
        assert_eq!(d.curated[0].line, 11);
        assert_eq!(d.codes[&Code::new(16, 0)].category, Category::Internal);
    }

    #[test]
    fn bad_entries_are_reported_together() {
        let problems = parse(&SourceFile::new(
            "d.toml",
            "schema_version = 1\n[[curated]]\ncode = \"x\"\nlang = \"fr\"\ntext = \"t\"\nwhy = \"\"\n[codes]\n\"18/a\" = { category = \"internal\", retryable = true }\n",
        ))
        .unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "d.toml:3: `x` is not a code",
                "d.toml:4: `fr` is not a BCP 47 tag for a language the docs are published in (en, ja, zh, ko)",
                "d.toml:8: `18/a` is not a code",
            ]
        );
    }

    #[test]
    fn the_seeds_codes_are_all_read_without_a_tree_as_the_toml_crate_reads_them() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../seeds/decisions.toml");
        let file = SourceFile::new("seeds/decisions.toml", std::fs::read_to_string(path).expect("the seeds are checked in"));
        let fast = parse(&file).unwrap_or_else(|p| panic!("{}", p[0].render()));
        let reference = parse_with_toml(&file).unwrap_or_else(|p| panic!("{}", p[0].render()));
        assert_eq!(codes::take(&file.text).entries.len(), reference.codes.len(), "every line of [codes] is plain");
        assert!(reference.codes.len() > 50);
        assert_eq!(fast.codes, reference.codes);
        assert_eq!((fast.conflicts, fast.curated, fast.align), (reference.conflicts, reference.curated, reference.align));
    }

    #[test]
    fn entries_left_to_the_toml_crate_are_checked_with_the_rest_in_file_order() {
        let file = SourceFile::new(
            "d.toml",
            "schema_version = 1\n[codes]\n\"16\" = { category = \"internal\", retryable = true }\n\"x\".category = \"auth\"\n\"x\".retryable = true\n\"016\" = { category = \"auth\", retryable = false }\n",
        );
        let messages = |r: Result<Decisions, Vec<Problem>>| r.unwrap_err().into_iter().map(|p| p.message).collect::<Vec<_>>();
        let expected = ["d.toml:4: `x` is not a code", "d.toml:6: code 16 is listed twice in [codes]"];
        assert_eq!(messages(parse(&file)), expected);
        assert_eq!(messages(parse_with_toml(&file)), expected);
        let unknown = SourceFile::new(
            "d.toml",
            "schema_version = 1\n[codes]\n\"16\" = { category = \"internal\", retryable = true }\n\"17\" = { category = \"other\", retryable = true }\n",
        );
        assert_eq!(messages(parse(&unknown)), messages(parse_with_toml(&unknown)), "the toml crate's message for a value it refuses");
    }
}
