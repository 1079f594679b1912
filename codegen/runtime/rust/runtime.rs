//! The types every generated table crate shares: where each text comes from
//! (docs, messages, provenance), the disagreements found between the docs,
//! the language negotiation, and access to the whole table. Written once in
//! the generator (`codegen/runtime/rust/runtime.rs`) and copied into every
//! set's crate by `cargo xtask gen`; the set's own types (`Lang`, `Category`,
//! `Code`, the entry type and `lookup`) are in `table.rs`.

use core::fmt;
use core::str::FromStr;

use crate::table::{self, Code, Entry, Lang};

impl Lang {
    /// The table's language for a BCP 47 tag or an HTTP `Accept-Language`
    /// list, never failing: tags are tried by descending `q` weight (ties in
    /// the order written; `q=0` skipped) and matched as [`Lang::from_str`]
    /// matches them. `*`, an empty list and a list of languages the table
    /// lacks fall back to the table's first language.
    pub fn negotiate(accept: &str) -> Lang {
        let mut best: Option<(f64, Lang)> = None;
        for part in accept.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let mut q = 1.0;
            for p in pieces {
                if let Some(v) = p.trim().strip_prefix("q=") {
                    q = v.trim().parse::<f64>().unwrap_or(0.0);
                }
            }
            if tag.is_empty() || q <= 0.0 || best.is_some_and(|(b, _)| q <= b) {
                continue;
            }
            let lang = if tag == "*" { Some(Lang::ALL[0]) } else { tag.parse().ok() };
            if let Some(lang) = lang {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::ALL[0], |(_, l)| l)
    }
}

impl fmt::Display for Lang {
    /// The BCP 47 tag, e.g. `ja`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Lang {
    /// As its BCP 47 tag, e.g. `"ja"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Lang {
    /// From a BCP 47 tag, as [`Lang::from_str`] reads it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
        tag.parse().map_err(|_| serde::de::Error::custom(alloc::format!("{tag:?} is {UnknownLang}")))
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownLang {}

/// An entry's messages serialized as `{tag: text}`, in the table's language order.
#[cfg(feature = "serde")]
pub(crate) struct TextsByLang<'a>(pub(crate) &'a [Message]);

#[cfg(feature = "serde")]
impl serde::Serialize for TextsByLang<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(Lang::ALL.iter().zip(self.0).map(|(l, m)| (l.tag(), m.text)))
    }
}

/// The tag is not a BCP 47 tag of a language the table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownLang;

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a BCP 47 tag of a language the table has")
    }
}

/// The subtags of a BCP 47 tag, `-` or `_` separated.
fn subtags(tag: &str) -> impl Iterator<Item = &str> {
    tag.split(['-', '_'])
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Parses a BCP 47 tag case-insensitively: the table's language with
    /// that tag, else the first whose language subtag it has (`ja-JP` →
    /// Japanese, `zh-Hans` and `zh-CN` → the table's Chinese).
    fn from_str(tag: &str) -> Result<Self, UnknownLang> {
        if let Some(exact) = Lang::ALL.iter().find(|l| l.tag().eq_ignore_ascii_case(tag)) {
            return Ok(*exact);
        }
        let primary = subtags(tag).next().unwrap_or("");
        Lang::ALL.iter().find(|l| subtags(l.tag()).next().is_some_and(|p| p.eq_ignore_ascii_case(primary))).copied().ok_or(UnknownLang)
    }
}

/// Where a message's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provenance {
    /// Read from the language's doc at this code.
    Doc,
    /// Read from a doc revision without codes, whose cause was aligned to this code's cause.
    Aligned,
    /// The language's text for the same cause at another code ([`Message::inferred_from`]).
    Inferred,
    /// Written by the maintainers where no doc gives a text ([`decisions_file`]).
    Curated,
}

impl Provenance {
    /// `"doc"`, `"aligned"`, `"inferred"` or `"curated"`, as in the JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Provenance::Doc => "doc",
            Provenance::Aligned => "aligned",
            Provenance::Inferred => "inferred",
            Provenance::Curated => "curated",
        }
    }
}

/// A text as a doc writes it, with where it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocText {
    pub(crate) text: &'static str,
    pub(crate) source: usize,
    pub(crate) line: u32,
}

impl DocText {
    /// A doc text (used by the generated table).
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn new(text: &'static str, source: usize, line: u32) -> Self {
        DocText { text, source, line }
    }

    /// The text (whitespace collapsed).
    pub const fn text(&self) -> &'static str {
        self.text
    }
    /// The doc it was read from.
    pub fn source(&self) -> &'static Source {
        &table::SOURCES[self.source]
    }
    /// 1-based line in that doc.
    pub const fn line(&self) -> u32 {
        self.line
    }
}

/// One language's text at a code, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    pub(crate) text: &'static str,
    pub(crate) provenance: Provenance,
    pub(crate) source: Option<usize>,
    pub(crate) line: u32,
    pub(crate) inferred_from: Option<Code>,
    pub(crate) doc_text: Option<DocText>,
    pub(crate) alternates: &'static [DocText],
}

impl Message {
    const fn with(text: &'static str, provenance: Provenance, source: Option<usize>, line: u32) -> Self {
        Message { text, provenance, source, line, inferred_from: None, doc_text: None, alternates: &[] }
    }

    /// A text read from the doc `source` at `line` (used by the generated table).
    pub(crate) const fn doc(text: &'static str, source: usize, line: u32) -> Self {
        Self::with(text, Provenance::Doc, Some(source), line)
    }

    /// A text aligned from the code-less doc `source`.
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn aligned(text: &'static str, source: usize, line: u32) -> Self {
        Self::with(text, Provenance::Aligned, Some(source), line)
    }

    /// A text inferred from `from`'s text, read from `source` at `line`.
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn inferred(text: &'static str, source: usize, line: u32, from: Code) -> Self {
        let mut m = Self::with(text, Provenance::Inferred, Some(source), line);
        m.inferred_from = Some(from);
        m
    }

    /// A text written in the decisions file at `line`.
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn curated(text: &'static str, line: u32) -> Self {
        Self::with(text, Provenance::Curated, None, line)
    }

    /// The doc's own text, set aside by a decision.
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn set_aside(mut self, doc_text: DocText) -> Self {
        self.doc_text = Some(doc_text);
        self
    }

    /// Other wordings of the same cause.
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn also(mut self, alternates: &'static [DocText]) -> Self {
        self.alternates = alternates;
        self
    }

    /// The text.
    pub const fn text(&self) -> &'static str {
        self.text
    }

    /// Where the text comes from.
    pub const fn provenance(&self) -> Provenance {
        self.provenance
    }

    /// The doc the text was read from; `None` for curated texts, which come
    /// from the maintainers' [`decisions_file`].
    pub fn source(&self) -> Option<&'static Source> {
        match self.source {
            Some(i) => Some(&table::SOURCES[i]),
            None => None,
        }
    }

    /// 1-based line of the text in its source (or in the decisions file).
    pub const fn line(&self) -> u32 {
        self.line
    }

    /// For [`Provenance::Inferred`]: the code whose text this is.
    pub const fn inferred_from(&self) -> Option<Code> {
        self.inferred_from
    }

    /// The doc's own text at this code, where a maintainers' decision set it aside.
    pub const fn doc_text(&self) -> Option<&DocText> {
        self.doc_text.as_ref()
    }

    /// Other wordings of the same cause in this language (from a doc revision without codes).
    pub const fn alternates(&self) -> &'static [DocText] {
        self.alternates
    }
}

/// A doc the table was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub(crate) id: &'static str,
    pub(crate) file: &'static str,
    pub(crate) lang: Lang,
    pub(crate) role: &'static str,
    pub(crate) origin: &'static str,
    pub(crate) sha256: &'static str,
}

impl Source {
    /// The source id, e.g. `"ko"`.
    pub const fn id(&self) -> &'static str {
        self.id
    }
    /// The doc's path in the generating project, e.g. `seeds/<set>/<doc>.md`.
    pub const fn file(&self) -> &'static str {
        self.file
    }
    /// The doc's language.
    pub const fn lang(&self) -> Lang {
        self.lang
    }
    /// `"coded"` (a table of codes) or `"causes"` (causes without codes).
    pub const fn role(&self) -> &'static str {
        self.role
    }
    /// The page the doc was taken from.
    pub const fn origin(&self) -> &'static str {
        self.origin
    }
    /// Lowercase hex SHA-256 of the doc's bytes.
    pub const fn sha256(&self) -> &'static str {
        self.sha256
    }
}

/// A text of the table for reverse lookups: one per distinct language and key.
#[derive(Debug)]
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
pub(crate) struct IndexedText {
    pub(crate) lang: Lang,
    pub(crate) key: &'static str,
    pub(crate) text: &'static str,
    /// Positions in the entries.
    pub(crate) reasons: &'static [u32],
}

impl IndexedText {
    /// A text of the index (used by the generated table).
    pub(crate) const fn new(lang: Lang, key: &'static str, text: &'static str, reasons: &'static [u32]) -> Self {
        IndexedText { lang, key, text, reasons }
    }
}

/// An `errmsg` string of the table for reverse lookups: one per distinct key.
#[derive(Debug)]
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
pub(crate) struct IndexedErrmsg {
    pub(crate) key: &'static str,
    pub(crate) errmsg: &'static str,
    /// Positions in the entries.
    pub(crate) reasons: &'static [u32],
}

impl IndexedErrmsg {
    /// An errmsg of the index (used by the generated table).
    #[allow(dead_code)] // a table without errmsg docs has none
    pub(crate) const fn new(key: &'static str, errmsg: &'static str, reasons: &'static [u32]) -> Self {
        IndexedErrmsg { key, errmsg, reasons }
    }
}

/// An `errmsg` string a callback carries with an errcode (`recv rtmp
/// deleteStream`), with the callback docs that list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Errmsg {
    pub(crate) errmsg: &'static str,
    pub(crate) sources: &'static [(usize, u32)],
}

impl Errmsg {
    /// An errmsg (used by the generated table).
    #[allow(dead_code)] // a table uses the constructors its texts need
    pub(crate) const fn new(errmsg: &'static str, sources: &'static [(usize, u32)]) -> Self {
        Errmsg { errmsg, sources }
    }

    /// The string as the docs write it.
    pub const fn errmsg(&self) -> &'static str {
        self.errmsg
    }

    /// Each doc that lists it, with the 1-based line of its row.
    pub fn sources(&self) -> impl Iterator<Item = (&'static Source, u32)> {
        self.sources.iter().map(|&(i, line)| (&table::SOURCES[i], line))
    }
}

/// Which grouping a maintainers' decision kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Holds {
    /// The other docs were right; the dissenting texts were set aside.
    Others,
    /// The dissenting docs were right; the others' texts were set aside.
    Dissent,
    /// Only the wording differed; every text stands.
    Variant,
}

/// A doc text involved in a [`Conflict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConflictText {
    /// The language.
    pub lang: Lang,
    /// The code the text is at.
    pub code: Code,
    /// The text and where it was read.
    pub text: DocText,
    /// The other codes this language gives the same text.
    pub grouped_with: &'static [Code],
}

/// A disagreement found between the docs, and how the maintainers resolved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict {
    /// A stable name: the codes joined by `+`, `@`, the dissenting languages, e.g. `"16@ko"`.
    pub id: &'static str,
    /// The codes grouped differently.
    pub codes: &'static [Code],
    /// The languages whose grouping differed.
    pub dissent: &'static [Lang],
    /// Whether no majority existed.
    pub split: bool,
    /// Every doc text at the conflict's codes.
    pub texts: &'static [ConflictText],
    /// Which grouping holds.
    pub holds: Holds,
    /// The codes whose texts were set aside.
    pub set_aside: &'static [Code],
    /// The maintainers' reason.
    pub why: &'static str,
    /// 1-based line of the decision in the decisions file.
    pub line: u32,
}

/// Every code, sorted by its key's columns.
pub fn all() -> &'static [Entry] {
    &table::ENTRIES
}

/// The docs the table was generated from.
pub fn sources() -> &'static [Source] {
    &table::SOURCES
}

/// Every disagreement found between the docs, with its resolution.
pub fn conflicts() -> &'static [Conflict] {
    &table::CONFLICTS
}

/// The maintainers' decisions file (curated texts, conflict resolutions,
/// categories): its path in the generating project and its SHA-256.
pub const fn decisions_file() -> (&'static str, &'static str) {
    table::DECISIONS
}
