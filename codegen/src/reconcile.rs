//! Stage 2: the docs' rows → one table keyed by `(errcode, sub_errcode)`, a
//! message per language where a doc has one, each with its provenance.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::lang::Lang;
use crate::manifest::Role;
use crate::model::{DocContent, ParsedDoc};

/// A doc as the emitted artifacts cite it (`sources[]` in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Source id from the manifest (`"en"`, `"ko"`, …); messages name it in `source`.
    pub id: String,
    /// Path of the doc in the project, e.g. `seeds/stream-interruption.ko.md` (whatever folder
    /// `--seeds` named, the file is cited at its place in the project).
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

/// Where a message's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// Read from a coded doc at this code.
    Doc,
}

/// One language's reason text at a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The text as the doc writes it (whitespace collapsed).
    pub text: String,
    /// Where the text comes from.
    pub provenance: Provenance,
    /// Id of the source doc.
    pub source: String,
    /// 1-based line of the text in that doc.
    pub line: usize,
}

/// One code pair and its messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The `errcode`.
    pub errcode: u16,
    /// The `sub_errcode` (`0` where the code has none).
    pub sub_errcode: u16,
    /// The reason per language, in `en`, `ja`, `zh`, `ko` order.
    pub messages: BTreeMap<Lang, Message>,
}

/// The reconciled table every emitter reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciled {
    /// Version of the JSON shape.
    pub schema_version: u32,
    /// The docs, in manifest order.
    pub sources: Vec<Source>,
    /// One entry per code pair, sorted by `(errcode, sub_errcode)`.
    pub entries: Vec<Entry>,
    /// Disagreements between the docs (none are looked for yet).
    pub conflicts: Vec<serde_json::Value>,
}

/// The JSON shape's version, `schema_version` in `stop_reasons.json`.
pub const SCHEMA_VERSION: u32 = 1;

/// A parsed doc with the bytes it was read from, for the source's hash.
pub struct DocInput<'a> {
    /// The parsed doc.
    pub doc: &'a ParsedDoc,
    /// The doc's bytes as stored.
    pub bytes: &'a [u8],
}

/// Builds the union of every coded doc's codes, with each doc's text at its code.
pub fn reconcile(docs: &[DocInput<'_>]) -> Reconciled {
    let sources = docs
        .iter()
        .map(|d| Source {
            id: d.doc.spec.id.clone(),
            file: format!("seeds/{}", d.doc.spec.file),
            lang: d.doc.spec.lang,
            role: d.doc.spec.role,
            origin: d.doc.spec.origin.clone(),
            sha256: hex(&Sha256::digest(d.bytes)),
        })
        .collect();
    let mut entries: BTreeMap<(u16, u16), Entry> = BTreeMap::new();
    for d in docs {
        let DocContent::Coded(rows) = &d.doc.content else { continue };
        for row in rows {
            let entry = entries.entry((row.errcode, row.sub_errcode)).or_insert_with(|| Entry {
                errcode: row.errcode,
                sub_errcode: row.sub_errcode,
                messages: BTreeMap::new(),
            });
            entry.messages.entry(d.doc.spec.lang).or_insert_with(|| Message {
                text: row.text.clone(),
                provenance: Provenance::Doc,
                source: d.doc.spec.id.clone(),
                line: row.line,
            });
        }
    }
    Reconciled { schema_version: SCHEMA_VERSION, sources, entries: entries.into_values().collect(), conflicts: Vec::new() }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
