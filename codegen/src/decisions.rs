//! A doc set's `decisions.toml`: what the maintainers decided about the docs,
//! reviewed like code. Five kinds of entry:
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
//! # The symbolic name of a code the docs name differently.
//! [[symbol]]
//! code = "-1305"
//! symbol = "ERR_UNSUPPORTED_RESOLUTION"
//! why = "one line"
//!
//! # Every code's category (where the manifest's categories do not come from
//! # sections) and retry hint (where the manifest's [set] asks for them).
//! [codes]
//! "18/503" = { category = "auth", retryable = false }
//! ```
//!
//! Codes are written as their key's values joined by `/`, trailing columns
//! that have a default left out: `"16"` (sub_errcode 0), `"18/305"`, `"-3301"`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Problem, Problems, SourceFile};
use crate::input::{self, DECISIONS, Input};
use crate::lang::{self, Lang};
use crate::manifest::{toml_problem, toml_problem_at};
use crate::model::{Category, CategoryFrom, Code, Holds, SetSpec};

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
    /// 0-based position among the file's `[[conflict]]` entries.
    pub index: usize,
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
    /// 0-based position among the file's `[[curated]]` entries.
    pub index: usize,
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
    /// 0-based position among the file's `[[align]]` entries.
    pub index: usize,
}

/// A `[[symbol]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolDecision {
    /// The code.
    pub code: Code,
    /// The symbolic name that holds.
    pub symbol: String,
    /// Why, one line.
    pub why: String,
    /// 1-based line of the entry's `code` key.
    pub line: usize,
    /// 0-based position among the file's `[[symbol]]` entries.
    pub index: usize,
}

/// A code's `[codes]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeInfo {
    /// The category, where the set's categories come from this file.
    pub category: Option<Category>,
    /// Whether trying again unchanged would likely work, where the set gives retry hints.
    pub retryable: Option<bool>,
    /// 1-based line of the entry.
    pub line: usize,
    /// The entry's key as written (`"16"`, `"16/0"` and `"+16"` name one code).
    pub key: String,
}

/// The checked decisions file.
#[derive(Debug, Clone)]
pub struct Decisions {
    /// The file, for diagnostics that point into it.
    pub file: SourceFile,
    /// Lowercase hex SHA-256 of the file's bytes (of no bytes when there is no file).
    pub sha256: String,
    /// The file's path in the project, as the artifacts cite it (`decisions.file`).
    pub cited: String,
    /// `[[conflict]]` entries in file order.
    pub conflicts: Vec<ConflictDecision>,
    /// `[[curated]]` entries in file order.
    pub curated: Vec<Curated>,
    /// `[[align]]` entries in file order.
    pub align: Vec<AlignPin>,
    /// `[[symbol]]` entries in file order.
    pub symbols: Vec<SymbolDecision>,
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
    symbol: Vec<RawSymbol>,
    #[serde(default)]
    codes: BTreeMap<Spanned<String>, Spanned<RawCodeInfo>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSymbol {
    code: Spanned<String>,
    symbol: Spanned<String>,
    why: String,
    /// Marked by a skeleton: refused until a maintainer has reviewed it.
    #[serde(default)]
    review: bool,
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
    /// Marked by a skeleton: refused until a maintainer has reviewed it.
    #[serde(default)]
    review: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurated {
    code: Spanned<String>,
    lang: Spanned<String>,
    text: Spanned<String>,
    why: String,
    /// Marked by a skeleton: refused until a maintainer has reviewed it.
    #[serde(default)]
    review: bool,
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
    /// Marked by a skeleton: refused until a maintainer has reviewed it.
    #[serde(default)]
    review: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodeInfo {
    category: Option<Spanned<String>>,
    retryable: Option<bool>,
    /// Marked by a skeleton: refused until a maintainer has reviewed it.
    #[serde(default)]
    review: bool,
}

/// How strictly the decisions file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// For `gen`: an entry marked `review = true`, without a reason (`why`
    /// empty or `…`) or with an empty curated text is refused.
    Reviewed,
    /// For the bookkeeping of the file (`cargo xtask decisions`): such entries
    /// are read as they stand, so that the skeletons it added count as there.
    Draft,
}

/// The decisions schema this build understands.
pub const SCHEMA_VERSION: u32 = 1;

/// Most entries a decisions file may hold, all kinds together (the real
/// sets: about 100; the 10,000-code synthetic set: 10,000).
pub const MAX_ENTRIES: usize = 50_000;

/// An empty decisions file, for a seed folder that has none.
pub fn empty(path: &str) -> Decisions {
    Decisions {
        file: SourceFile::new(path, ""),
        sha256: input::sha256_hex(&[]),
        cited: path.to_owned(),
        conflicts: Vec::new(),
        curated: Vec::new(),
        align: Vec::new(),
        symbols: Vec::new(),
        codes: BTreeMap::new(),
    }
}

/// Reads the seed folder's decisions file about the set `set`: the
/// decisions, or `None` with the problems in `problems`. A folder without
/// one has no decisions ([`empty`]).
pub fn read(input: &Input, set: &SetSpec, reading: Reading, problems: &mut Problems) -> Option<Decisions> {
    let path = input.path_of(DECISIONS);
    let cited = input.cited(DECISIONS);
    let Some(bytes) = &input.decisions else {
        if let Some((message, help)) = input.files.get(DECISIONS).and_then(|f| f.why_not_read(&path)) {
            problems.push(Problem::error(message).help(help));
            return None;
        }
        return Some(Decisions { cited, ..empty(&path) });
    };
    let decisions = input::decode(&path, bytes).map_err(|p| vec![p]).and_then(|file| parse_as(&file, set, reading));
    match decisions {
        Ok(decisions) => Some(Decisions { sha256: input::sha256_hex(bytes), cited, ..decisions }),
        Err(ps) => {
            problems.extend(ps);
            None
        }
    }
}

/// Reads the seed folder's decisions file for its TOML syntax and shape
/// alone, where the manifest cannot be read (so the set's key, languages
/// and categories are not known): one run still reports its problems with
/// the manifest's.
pub fn read_syntax(input: &Input, problems: &mut Problems) {
    let path = input.path_of(DECISIONS);
    let Some(bytes) = &input.decisions else {
        if let Some((message, help)) = input.files.get(DECISIONS).and_then(|f| f.why_not_read(&path)) {
            problems.push(Problem::error(message).help(help));
        }
        return;
    };
    match input::decode(&input.path_of(DECISIONS), bytes) {
        Ok(file) => {
            if let Err(e) = toml::from_str::<Raw>(&file.text) {
                problems.extend(every_toml_problem(&file, &e));
            }
        }
        Err(p) => problems.push(p),
    }
}

/// The top of a decisions file, before its first table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    #[serde(rename = "schema_version")]
    _schema_version: u32,
}

/// Every TOML problem of the decisions file, where reading it whole failed
/// with `first`: a TOML parser stops at the first error, so each of the
/// file's tables (`[[conflict]]`, `[codes]`, …, and the lines before the
/// first) is also read alone, and each one's error is reported at its place
/// in the file. `first` alone when every table reads (two `[codes]`, say).
fn every_toml_problem(file: &SourceFile, first: &toml::de::Error) -> Vec<Problem> {
    let problems: Vec<Problem> = tables(&file.text)
        .into_iter()
        .filter_map(|(name, body)| {
            let text = &file.text[body.clone()];
            let error = match name {
                None => toml::from_str::<RawHead>(text).err(),
                Some("conflict") => toml::from_str::<RawConflict>(text).err(),
                Some("curated") => toml::from_str::<RawCurated>(text).err(),
                Some("align") => toml::from_str::<RawAlign>(text).err(),
                Some("symbol") => toml::from_str::<RawSymbol>(text).err(),
                Some("codes") => toml::from_str::<BTreeMap<Spanned<String>, Spanned<RawCodeInfo>>>(text).err(),
                Some(_) => toml::from_str::<toml::Table>(text).err(),
            }?;
            Some(toml_problem_at(file, &error, body.start))
        })
        .collect();
    if problems.is_empty() { vec![toml_problem(file, first)] } else { problems }
}

/// The decisions text's tables: each header's name (`None` for the lines
/// before the first) and the byte range of its body. A header is a line
/// that is `[name]` or `[[name]]` alone (a comment may follow).
fn tables(text: &str) -> Vec<(Option<&str>, std::ops::Range<usize>)> {
    let mut tables: Vec<(Option<&str>, std::ops::Range<usize>)> = vec![(None, 0..text.len())];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let header = line.split('#').next().unwrap_or("").trim();
        let name = header
            .strip_prefix("[[")
            .and_then(|h| h.strip_suffix("]]"))
            .or_else(|| header.strip_prefix('[').and_then(|h| h.strip_suffix(']')));
        if let Some(name) = name.filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')) {
            if let Some(last) = tables.last_mut() {
                last.1.end = offset;
            }
            tables.push((Some(name), offset + line.len()..text.len()));
        }
        offset += line.len();
    }
    tables
}

/// Parses and checks the decisions file about the set `set`.
///
/// # Errors
/// Every problem found, each pointing at its line: TOML syntax, unknown keys or
/// values, codes that are not of the set's key, languages the set does not
/// have, categories not in its vocabulary, a retry hint missing or not asked
/// for, empty `why`, an `[[align]]` with both or neither of `code` and `drop`.
pub fn parse(file: &SourceFile, set: &SetSpec) -> Result<Decisions, Vec<Problem>> {
    parse_as(file, set, Reading::Reviewed)
}

/// [`parse`], as strictly as `reading` says.
///
/// # Errors
/// As [`parse`]; with [`Reading::Draft`], not those of entries left for review.
pub fn parse_as(file: &SourceFile, set: &SetSpec, reading: Reading) -> Result<Decisions, Vec<Problem>> {
    let raw: Raw = toml::from_str(&file.text).map_err(|e| every_toml_problem(file, &e))?;
    let entries = raw.conflict.len() + raw.curated.len() + raw.align.len() + raw.symbol.len() + raw.codes.len();
    if entries > MAX_ENTRIES {
        let p = Problem::error(format!("{}: {entries} entries, more than the limit of {MAX_ENTRIES}", file.path))
            .help("a doc set needs about one [codes] entry a code and a few others; check that this is the right file");
        return Err(vec![p]);
    }
    let mut check = Checker { file, set, reading, problems: Vec::new() };
    if *raw.schema_version.get_ref() != SCHEMA_VERSION {
        let message = format!("schema_version {} is not supported", raw.schema_version.get_ref());
        check.problems.push(Problem::at_span(file, raw.schema_version.span(), message, "unsupported"));
    }
    let decisions = Decisions {
        file: file.clone(),
        conflicts: raw.conflict.into_iter().enumerate().map(|(i, c)| check.conflict(c, i)).collect(),
        curated: raw.curated.into_iter().enumerate().filter_map(|(i, c)| check.curated(c, i)).collect(),
        align: raw.align.into_iter().enumerate().filter_map(|(i, a)| check.align(a, i)).collect(),
        symbols: raw.symbol.into_iter().enumerate().filter_map(|(i, s)| check.symbol(s, i)).collect(),
        codes: check.codes(raw.codes),
        ..empty(&file.path)
    };
    if check.problems.is_empty() { Ok(decisions) } else { Err(check.problems) }
}

/// Checks the entries of one decisions file, collecting the problems.
struct Checker<'f> {
    file: &'f SourceFile,
    set: &'f SetSpec,
    reading: Reading,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display, label: &str) -> Problem {
        Problem::at_span(self.file, span, message, label)
    }

    fn code(&mut self, s: &Spanned<String>) -> Option<Code> {
        match self.set.key.parse(s.get_ref()) {
            Ok(code) => Some(code),
            Err(why) => {
                let p = self.at(s.span(), format!("`{}` is not a code: {why}", s.get_ref()), "not a code");
                let help = format!(
                    "write a code as \"{}\", its values joined by `/`; trailing columns with a default may be left out",
                    self.set.key.notation()
                );
                self.problems.push(p.help(help));
                None
            }
        }
    }

    fn lang(&mut self, s: &Spanned<String>) -> Option<Lang> {
        let lang = lang::normalize(s.get_ref()).ok().and_then(|tag| self.set.languages.get(&tag));
        if lang.is_none() {
            let p = self.at(s.span(), format!("`{}` is not a language of the set's docs", s.get_ref()), "unknown language");
            self.problems.push(p.help(format!("use one of the manifest's languages: {}", self.set.languages.tags())));
        }
        lang
    }

    /// A problem when the entry at `span` is marked for review, or gives no
    /// reason (empty, or the `…` of a skeleton).
    fn reviewed(&mut self, span: std::ops::Range<usize>, review: bool, why: Option<&str>) {
        if self.reading == Reading::Draft {
            return;
        }
        if review {
            let p = self.at(span.clone(), "the entry is marked for review (`review = true`)", "review");
            self.problems.push(p.help("check its values, write why it holds, then remove `review = true`"));
        }
        if why.is_some_and(|w| w.trim().is_empty() || w.trim() == "…") {
            let p = self.at(span, "the decision gives no reason", "no why").help("say in one line why this decision holds");
            self.problems.push(p);
        }
    }

    fn symbol(&mut self, s: RawSymbol, index: usize) -> Option<SymbolDecision> {
        let line = self.file.line_of(s.code.span().start);
        self.reviewed(s.code.span(), s.review, Some(&s.why));
        if !self.set.has_symbol() {
            let p = self.at(s.code.span(), "a [[symbol]] decision, but the set's tables have no symbol column", "symbol");
            self.problems.push(p.help("remove the entry, or name the symbol column in the manifest's [table]"));
        }
        let code = self.code(&s.code)?;
        Some(SymbolDecision { code, symbol: s.symbol.into_inner(), why: s.why, line, index })
    }

    fn conflict(&mut self, c: RawConflict, index: usize) -> ConflictDecision {
        let line = self.file.line_of(c.codes.span().start);
        let mut codes: Vec<Code> = c.codes.get_ref().iter().filter_map(|s| self.code(s)).collect();
        let mut dissent: Vec<Lang> = c.dissent.iter().filter_map(|s| self.lang(s)).collect();
        let mut set_aside: Vec<Code> = match &c.set_aside {
            Some(list) => list.iter().filter_map(|s| self.code(s)).collect(),
            None => codes.clone(),
        };
        codes.sort_unstable();
        dissent.sort_unstable();
        set_aside.sort_unstable();
        let span = c.codes.span();
        if c.set_aside.is_some() && c.holds == Holds::Variant {
            let p = self.at(span.clone(), "a \"variant\" decision sets nothing aside", "variant");
            self.problems.push(p.help("remove set_aside, or choose holds = \"others\" or \"dissent\""));
        }
        if let Some(stray) = set_aside.iter().find(|s| !codes.contains(s)) {
            let p = self.at(span.clone(), format!("set_aside names {stray}, which is not among the conflict's codes"), "set_aside");
            self.problems.push(p.help("set aside only codes the conflict is about"));
        }
        self.reviewed(span, c.review, Some(&c.why));
        ConflictDecision { codes, dissent, holds: c.holds, set_aside, why: c.why, line, index }
    }

    fn curated(&mut self, c: RawCurated, index: usize) -> Option<Curated> {
        let line = self.file.line_of(c.text.span().start);
        self.reviewed(c.code.span(), c.review, Some(&c.why));
        let (Some(code), Some(lang)) = (self.code(&c.code), self.lang(&c.lang)) else { return None };
        if c.text.get_ref().trim().is_empty() && self.reading == Reading::Reviewed {
            let p = self.at(c.text.span(), format!("the curated text for {code} {lang} is empty"), "empty");
            self.problems.push(p.help("write the text, or remove the entry"));
        }
        if let Some(bad) = c.text.get_ref().chars().find(|ch| ch.is_control()) {
            let message = format!("the curated text for {code} {lang} holds the control character U+{:04X}", u32::from(bad));
            let p = self.at(c.text.span(), message, "control character");
            self.problems.push(p.help("write the text on one line, without control characters (the docs' texts have none)"));
        }
        Some(Curated { code, lang, text: c.text.into_inner(), why: c.why, line, index })
    }

    fn align(&mut self, a: RawAlign, index: usize) -> Option<AlignPin> {
        let line = self.file.line_of(a.cause.span().start);
        self.reviewed(a.cause.span(), a.review, Some(&a.why));
        let code = match (&a.code, a.drop) {
            (Some(c), false) => Some(self.code(c)?),
            (None, true) => None,
            _ => {
                let p = self.at(a.cause.span(), "an [[align]] entry needs either `code` or `drop = true`", "align");
                self.problems.push(p.help("name the code the cause describes, or drop it on purpose"));
                return None;
            }
        };
        Some(AlignPin { source: a.source, cause: a.cause.into_inner(), code, why: a.why, line, index })
    }

    fn codes(&mut self, raw: BTreeMap<Spanned<String>, Spanned<RawCodeInfo>>) -> BTreeMap<Code, CodeInfo> {
        // In file order, so that of two keys naming one code the second is the repeat.
        let mut entries: Vec<_> = raw.into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let mut codes = BTreeMap::new();
        for (key, info) in entries {
            let Some(code) = self.code(&key) else { continue };
            let line = self.file.line_of(key.span().start);
            let span = info.span();
            let info = info.into_inner();
            self.reviewed(key.span(), info.review, None);
            let info = CodeInfo {
                category: self.category(info.category, &code, span.clone()),
                retryable: self.retryable(info.retryable, &code, span),
                line,
                key: key.get_ref().clone(),
            };
            if codes.insert(code.clone(), info).is_some() {
                let p = self.at(key.span(), format!("code {code} is listed twice in [codes]"), "duplicate");
                self.problems.push(p.help("keep one line per code"));
            }
        }
        codes
    }

    /// A `[codes]` entry's category, checked against the set's vocabulary.
    fn category(&mut self, raw: Option<Spanned<String>>, code: &Code, entry: std::ops::Range<usize>) -> Option<Category> {
        match (self.set.category_from, raw) {
            (CategoryFrom::Decisions, Some(name)) => {
                let found = self.set.category(name.get_ref()).cloned();
                if found.is_none() {
                    let p = self.at(name.span(), format!("`{}` is not a category of the set", name.get_ref()), "unknown category");
                    self.problems.push(p.help(format!("use one of the manifest's categories: {}", self.set.category_names())));
                }
                found
            }
            (CategoryFrom::Decisions, None) => {
                let p = self.at(entry, format!("code {code} has no category"), "no category");
                self.problems.push(p.help(format!("give it one of: {}", self.set.category_names())));
                None
            }
            (from, Some(name)) => {
                let why = if from == CategoryFrom::Section {
                    "come from the sections the docs list codes under"
                } else {
                    "are not part of this set"
                };
                let p = self.at(name.span(), format!("a category for {code}, but the set's categories {why}"), "category");
                self.problems.push(p.help("remove `category` here; the manifest's [[category]] entries say where categories come from"));
                None
            }
            (_, None) => None,
        }
    }

    /// A `[codes]` entry's retry hint: required where the set's `[set]` asks for them, refused elsewhere.
    fn retryable(&mut self, raw: Option<bool>, code: &Code, entry: std::ops::Range<usize>) -> Option<bool> {
        match (self.set.retryable, raw) {
            (true, None) => {
                let p = self.at(entry, format!("code {code} has no retry hint"), "no retryable");
                self.problems.push(p.help("add retryable = true or false"));
                None
            }
            (false, Some(_)) => {
                let p = self.at(entry, format!("a retry hint for {code}, but the set gives none"), "retryable");
                self.problems.push(p.help("remove `retryable`, or set retryable = true in the manifest's [set]"));
                None
            }
            (_, hint) => hint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::code;

    /// The stream-interruption set, from its manifest in the repository.
    fn set() -> SetSpec {
        let text = include_str!("../../seeds/stream-interruption/manifest.toml");
        let manifest = crate::manifest::parse(&SourceFile::new("manifest.toml", text), "stream-interruption").expect("the seed manifest");
        (*manifest.set).clone()
    }

    fn parse(file: &SourceFile) -> Result<Decisions, Vec<Problem>> {
        super::parse(file, &set())
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
        assert_eq!(d.conflicts[0].codes, [code(18, 305), code(18, 308)]);
        assert_eq!(d.conflicts[0].line, 3);
        assert_eq!(d.curated[0].line, 11);
        assert_eq!(d.codes[&code(16, 0)].category.as_ref().map(Category::as_str), Some("internal"));
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
                "d.toml:3: the decision gives no reason",
                "d.toml:3: `x` is not a code: its errcode `x` is not a whole number",
                "d.toml:4: `fr` is not a language of the set's docs",
                "d.toml:8: `18/a` is not a code: its sub_errcode `a` is not a whole number",
            ]
        );
    }

    #[test]
    fn code_entries_are_checked_in_file_order() {
        let file = SourceFile::new(
            "d.toml",
            "schema_version = 1\n[codes]\n\"16\" = { category = \"internal\", retryable = true }\n\"x\".category = \"auth\"\n\"x\".retryable = true\n\"+16\" = { category = \"auth\", retryable = false }\n",
        );
        let messages = |r: Result<Decisions, Vec<Problem>>| r.unwrap_err().into_iter().map(|p| p.message).collect::<Vec<_>>();
        let expected =
            ["d.toml:4: `x` is not a code: its errcode `x` is not a whole number", "d.toml:6: code 16 is listed twice in [codes]"];
        assert_eq!(messages(parse(&file)), expected);
    }

    #[test]
    fn every_broken_table_is_reported_in_one_run() {
        let file = SourceFile::new(
            "d.toml",
            "schema_version = 1\n\
             [[conflict]]\ncodes = [\"1\"]\ndissent = [\"ko\"]\nhold = \"others\"\nwhy = \"w\"\n\
             [[curated]]\ncode = \"2\"\nlang = \"ko\"\ntext = \"t\nwhy = \"w\"\n\
             [codes]\n\"1\" = { categroy = \"internal\" }\n",
        );
        let lines: Vec<String> =
            parse(&file).unwrap_err().into_iter().map(|p| p.message.split(':').take(2).collect::<Vec<_>>().join(":")).collect();
        assert_eq!(lines, ["d.toml:5", "d.toml:10", "d.toml:13"]);
        // Tables that each read alone, but not together, give the one error.
        let twice = SourceFile::new("d.toml", "schema_version = 1\n[codes]\n\"1\" = { category = \"internal\" }\n[codes]\n");
        assert_eq!(parse(&twice).unwrap_err().len(), 1);
    }

    #[test]
    fn entries_marked_for_review_or_without_a_reason_are_refused() {
        let file = SourceFile::new(
            "d.toml",
            "schema_version = 1\n[[conflict]]\ncodes = [\"1\"]\ndissent = [\"ko\"]\nholds = \"others\"\nwhy = \"…\"\n\
             [codes]\n\"1\" = { category = \"internal\", retryable = true, review = true }\n\"2\" = { category = \"internal\", retryable = true }\n",
        );
        let messages: Vec<String> = parse(&file).unwrap_err().into_iter().map(|p| p.message).collect();
        assert_eq!(messages, ["d.toml:3: the decision gives no reason", "d.toml:8: the entry is marked for review (`review = true`)"]);
    }
}
