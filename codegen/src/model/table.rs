//! The reconciled table: one entry per code with a text in every language
//! and the provenance of each text, the conflicts found between the docs with
//! their decisions, and how the code-less docs were aligned. It is serialized
//! as the set's JSON (`stop_reasons.json`), and its JSON Schema is derived
//! from these types (with the set's key, languages and categories written in
//! by the schema emitter), so field names and doc comments here are the
//! published schema.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{Category, Code, Holds, Role, SetSpec};
use crate::lang::Lang;

/// A doc as the emitted artifacts cite it (`sources[]` in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Source {
    /// Source id from the manifest (`"en"`, `"ko"`, …); messages name it in `source`.
    pub id: String,
    /// Path of the doc in the project, e.g. `seeds/stream-interruption/stream-interruption.ko.md`
    /// (whatever folder `--seeds` named, the file is cited at its place in the project).
    pub file: String,
    /// The doc's language.
    pub lang: Lang,
    /// `"coded"` or `"causes"`.
    pub role: Role,
    /// The page the doc was taken from.
    pub origin: String,
    /// Lowercase hex SHA-256 of the doc's bytes as stored.
    pub sha256: String,
}

/// The decisions file as the artifacts cite it; curated messages name it as
/// source `"decisions"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DecisionsSource {
    /// The decisions file's path in the project, e.g. `seeds/stream-interruption/decisions.toml`.
    pub file: String,
    /// Lowercase hex SHA-256 of its bytes.
    pub sha256: String,
}

/// Where a message's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// Read from a coded doc at this code.
    Doc,
    /// Read from a code-less doc, whose cause was aligned to this code's cause.
    Aligned,
    /// The language's text for the same cause at another code (`inferred_from`).
    Inferred,
    /// Written by the maintainers in the set's `decisions.toml`.
    Curated,
}

impl Provenance {
    /// Every provenance, in order of precedence.
    pub const ALL: [Provenance; 4] = [Provenance::Doc, Provenance::Aligned, Provenance::Inferred, Provenance::Curated];

    /// The lowercase name used in every artifact.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Doc => "doc",
            Provenance::Aligned => "aligned",
            Provenance::Inferred => "inferred",
            Provenance::Curated => "curated",
        }
    }
}

/// A text as a doc writes it, with where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct DocText {
    /// The text (whitespace collapsed).
    pub text: String,
    /// Source id of the doc.
    pub source: String,
    /// 1-based line in that doc.
    pub line: usize,
}

/// One language's reason text at a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Message {
    /// The text, as its source writes it.
    pub text: String,
    /// Where the text comes from.
    pub provenance: Provenance,
    /// Id of the source doc, or `"decisions"` for curated texts.
    pub source: String,
    /// 1-based line of the text in that source.
    pub line: usize,
    /// For `inferred` texts: the code whose text this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred_from: Option<Code>,
    /// Where a decision set the doc's own text at this code aside: that text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_text: Option<DocText>,
    /// Other wordings of the same cause from other docs of the language (the
    /// code-less revision), when they differ from `text`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<DocText>,
    /// The heading of the section the doc lists the code under, where the
    /// doc's tables are read all together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// One code and its messages. Serialized with the key's columns first, by
/// name (`errcode`, `sub_errcode`), then `symbol`, `category` and
/// `retryable` where the set has them, then `messages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The code.
    pub code: Code,
    /// The symbolic name the docs give the code (`ERR_ROOM_ENTER_FAIL`),
    /// where the set's tables have a symbol column.
    pub symbol: Option<String>,
    /// What the code is about: from the set's `decisions.toml`, or from the
    /// section the docs list it under; `None` where the set has no categories.
    pub category: Option<Category>,
    /// Whether trying again unchanged would likely work (from the set's
    /// `decisions.toml`), where the set gives retry hints.
    pub retryable: Option<bool>,
    /// The text in every language of the set, in the set's language order.
    pub messages: BTreeMap<Lang, Message>,
    /// The `errmsg` strings a callback carries with the code's errcode, where
    /// the set has errmsg docs (`None` otherwise; empty for an errcode they do
    /// not list).
    pub errmsgs: Option<Vec<Errmsg>>,
}

/// An `errmsg` string a callback carries with an errcode, with every errmsg
/// doc that lists it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Errmsg {
    /// The string as the docs write it (whitespace collapsed), e.g. `recv rtmp deleteStream`.
    pub errmsg: String,
    /// Each errmsg doc that gives it at this errcode, in manifest order.
    pub sources: Vec<SourceLine>,
}

/// A place in a doc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SourceLine {
    /// Source id of the doc.
    pub source: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// What an errmsg doc says of every errcode it does not list (its "Others" row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ErrmsgFallback {
    /// What the doc writes in the `errmsg` column there: a description in its language.
    pub errmsg: String,
    /// The reason, or what to do, in its language.
    pub reason: String,
    /// Source id of the doc.
    pub source: String,
    /// 1-based line of the row.
    pub line: usize,
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (column, value) in self.code.fields() {
            map.serialize_entry(&column.name, value)?;
        }
        if let Some(symbol) = &self.symbol {
            map.serialize_entry("symbol", symbol)?;
        }
        if let Some(category) = &self.category {
            map.serialize_entry("category", category)?;
        }
        if let Some(retryable) = self.retryable {
            map.serialize_entry("retryable", &retryable)?;
        }
        map.serialize_entry("messages", &self.messages)?;
        if let Some(errmsgs) = &self.errmsgs {
            map.serialize_entry("errmsgs", errmsgs)?;
        }
        map.end()
    }
}

impl schemars::JsonSchema for Entry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Entry".into()
    }

    /// A placeholder: the schema emitter writes each set's entry here.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        generator.subschema_for::<Message>();
        generator.subschema_for::<Errmsg>();
        schemars::json_schema!({ "type": "object" })
    }
}

/// A doc text involved in a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ConflictText {
    /// The language.
    pub lang: Lang,
    /// The code the text is at.
    pub code: Code,
    /// The text, where it was read.
    #[serde(flatten)]
    pub text: DocText,
    /// The other codes this language gives the same text (same comparison key).
    pub grouped_with: Vec<Code>,
}

/// How a conflict was resolved (a `[[conflict]]` of the set's `decisions.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Resolution {
    /// Which grouping holds.
    pub holds: Holds,
    /// The codes whose texts were set aside.
    pub set_aside: Vec<Code>,
    /// The maintainers' reason.
    pub why: String,
    /// 1-based line of the decision in the set's `decisions.toml`.
    pub line: usize,
}

/// A disagreement between the languages' groupings, with its resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Conflict {
    /// A stable name: the codes joined by `+`, `@`, the dissenting languages, e.g. `18/305+18/308@ko`.
    pub id: String,
    /// The codes grouped differently.
    pub codes: Vec<Code>,
    /// The languages whose grouping differs from the others'.
    pub dissent: Vec<Lang>,
    /// Whether no majority exists (another set of languages as large would explain it).
    pub split: bool,
    /// Every doc text at the conflict's codes.
    pub texts: Vec<ConflictText>,
    /// The decision.
    pub resolution: Resolution,
}

/// A cause of a code-less doc, and the codes it was aligned to.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AlignedCause {
    /// The cause, where it was read.
    pub cause: DocText,
    /// The codes of the coded page's cause it describes; empty when dropped on purpose.
    pub codes: Vec<Code>,
    /// Text similarity to that cause in 0–1, or the order-only score; `None` when pinned.
    pub score: Option<f64>,
    /// Whether `[[align]]` in the set's `decisions.toml` pinned it.
    pub pinned: bool,
    /// Whether it filled codes (provenance `aligned`) rather than adding an alternate wording.
    pub filled: bool,
}

/// The reconciled table every emitter reads.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Reconciled {
    /// Version of the JSON shape.
    pub schema_version: u32,
    /// Version of the table (semver), the same as the crate's and the npm
    /// package's: the set's manifest gives it. With each doc's `sha256` in
    /// `sources`, it tells which doc revisions the table was made from.
    pub version: String,
    /// The docs, in manifest order.
    pub sources: Vec<Source>,
    /// The decisions file.
    pub decisions: DecisionsSource,
    /// One entry per code, sorted by the key's columns in order.
    pub entries: Vec<Entry>,
    /// Every disagreement between the docs' groupings, with its resolution.
    pub conflicts: Vec<Conflict>,
    /// Every code whose symbolic name the docs disagree on, with the name chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<SymbolConflict>,
    /// What each language's errmsg doc says of the errcodes it does not list,
    /// where the set has errmsg docs with such a row.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errmsg_fallback: BTreeMap<Lang, ErrmsgFallback>,
    /// How each code-less doc's causes were aligned (for the report; not in the JSON).
    #[serde(skip)]
    pub alignment: Vec<AlignedCause>,
    /// The reverse-lookup index of the entries (`reconcile::text_index`), for
    /// the emitters that carry it; not in the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub texts: Vec<IndexedText>,
    /// The errmsg strings for reverse lookups (`reconcile::errmsg_index`),
    /// for the emitters that carry them; not in the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub errmsg_texts: Vec<IndexedErrmsg>,
    /// What the set's manifest says about the table and the outputs; not in the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub set: Arc<SetSpec>,
}

/// A symbolic name as one doc gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SymbolText {
    /// The doc's language.
    pub lang: Lang,
    /// The name.
    pub symbol: String,
    /// Source id of the doc.
    pub source: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// A code the docs give different symbolic names, and the one a `[[symbol]]`
/// decision chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SymbolConflict {
    /// The code.
    pub code: Code,
    /// Every doc's name for it, in language order.
    pub texts: Vec<SymbolText>,
    /// The name chosen.
    pub symbol: String,
    /// The maintainers' reason.
    pub why: String,
    /// 1-based line of the decision in the set's `decisions.toml`.
    pub line: usize,
}

/// A text of the table that reverse lookups compare against: one per distinct
/// `(language, key)`, with the entries that give it. The Rust and TypeScript
/// tables carry an index of these (`TEXTS`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexedText {
    /// Language tag.
    pub lang: String,
    /// The comparison key (`normalize::key`).
    pub key: String,
    /// The first text with this key (message texts before alternates, in entry order).
    pub text: String,
    /// Positions in the entries of the entries that give it, ascending.
    pub reasons: Vec<usize>,
}

/// An `errmsg` string of the table that reverse lookups compare against: one
/// per distinct key, with the entries that give it. The Rust and TypeScript
/// tables carry an index of these (`ERRMSGS`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexedErrmsg {
    /// The comparison key (`normalize::key`).
    pub key: String,
    /// The first string with this key, in entry order.
    pub errmsg: String,
    /// Positions in the entries of the entries that give it, ascending.
    pub reasons: Vec<usize>,
}

/// The JSON shape's version, `schema_version` in the set's JSON.
pub const SCHEMA_VERSION: u32 = 1;

impl Reconciled {
    /// The number of messages per provenance.
    pub fn provenance_counts(&self) -> BTreeMap<Provenance, usize> {
        let mut counts: BTreeMap<Provenance, usize> = Provenance::ALL.iter().map(|p| (*p, 0)).collect();
        for m in self.entries.iter().flat_map(|e| e.messages.values()) {
            *counts.entry(m.provenance).or_default() += 1;
        }
        counts
    }

    /// The source with id `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
