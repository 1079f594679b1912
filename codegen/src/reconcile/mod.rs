//! Stage 2: the docs' rows → one table keyed by `(errcode, sub_errcode)` in which
//! every code has a reason in every language, with the provenance of each text.
//!
//! The steps, each in its own function:
//! 1. collect each coded doc's text per code and language;
//! 2. find the codes the languages group differently ([`groups::detect`]) and
//!    apply the maintainers' decision for each (`seeds/decisions.toml`);
//! 3. align each code-less doc's causes to the coded page's causes ([`align`])
//!    and fill the codes its language lacks;
//! 4. infer the texts a language lacks from the cause class the code belongs to;
//! 5. fill what is still empty from curated texts;
//! 6. check that every cell has a text in the right script, that the groupings
//!    now agree, and that every decision was used.
//!
//! All problems of a run are collected and returned together.

pub mod align;
pub mod groups;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::decisions::{Category, Code, Decisions, Holds};
use crate::diag::{Problem, SourceFile};
use crate::lang::{ByLang, Lang};
use crate::manifest::Role;
use crate::model::{CodedRow, DocContent, ParsedDoc};
use crate::normalize;

/// A doc as the emitted artifacts cite it (`sources[]` in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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

/// The decisions file as the artifacts cite it; curated messages name it as
/// source `"decisions"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DecisionsSource {
    /// `seeds/decisions.toml`.
    pub file: String,
    /// Lowercase hex SHA-256 of its bytes.
    pub sha256: String,
}

/// The source id curated messages cite.
pub const DECISIONS_SOURCE: &str = "decisions";

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
    /// Written by the maintainers in `seeds/decisions.toml`.
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
    // Boxed: few messages have one, and inline it was a third of every
    // message's size (at 100,000 codes, 20 MB of the table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_text: Option<Box<DocText>>,
    /// Other wordings of the same cause from other docs of the language (the
    /// code-less revision), when they differ from `text`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<DocText>,
}

/// One code pair and its messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Entry {
    /// The `errcode`.
    pub errcode: u16,
    /// The `sub_errcode` (`0` where the code has none).
    pub sub_errcode: u16,
    /// What the interruption is about (from `seeds/decisions.toml`).
    pub category: Category,
    /// Whether pushing again unchanged would likely work (from `seeds/decisions.toml`).
    pub retryable: bool,
    /// The reason in every language, in `en`, `ja`, `zh`, `ko` order.
    #[schemars(schema_with = "messages_schema")]
    pub messages: ByLang<Message>,
}

/// `messages`: one [`Message`] for each of `en`, `ja`, `zh` and `ko`, no other key.
fn messages_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let message = generator.subschema_for::<Message>();
    schemars::json_schema!({
        "type": "object",
        "description": "The reason in every language, keyed by BCP 47 primary language subtag.",
        "properties": { "en": message, "ja": message, "zh": message, "ko": message },
        "required": ["en", "ja", "zh", "ko"],
        "additionalProperties": false
    })
}

impl Entry {
    /// The entry's code pair.
    pub fn code(&self) -> Code {
        Code::new(self.errcode, self.sub_errcode)
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

/// How a conflict was resolved (a `[[conflict]]` of `seeds/decisions.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Resolution {
    /// Which grouping holds.
    pub holds: crate::decisions::Holds,
    /// The codes whose texts were set aside.
    pub set_aside: Vec<Code>,
    /// The maintainers' reason.
    pub why: String,
    /// 1-based line of the decision in `seeds/decisions.toml`.
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
    /// Whether `[[align]]` in `seeds/decisions.toml` pinned it.
    pub pinned: bool,
    /// Whether it filled codes (provenance `aligned`) rather than adding an alternate wording.
    pub filled: bool,
}

/// The reconciled table every emitter reads.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Reconciled {
    /// Version of the JSON shape.
    pub schema_version: u32,
    /// The docs, in manifest order.
    pub sources: Vec<Source>,
    /// The decisions file.
    pub decisions: DecisionsSource,
    /// One entry per code pair, sorted by `(errcode, sub_errcode)`.
    pub entries: Vec<Entry>,
    /// Every disagreement between the docs' groupings, with its resolution.
    pub conflicts: Vec<Conflict>,
    /// How each code-less doc's causes were aligned (for the report; not in the JSON).
    #[serde(skip)]
    pub alignment: Vec<AlignedCause>,
    /// The reverse-lookup index of the entries (see [`crate::query::text_index`]),
    /// made once for the emitters that carry it; not in the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub texts: Vec<crate::query::IndexedText>,
}

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

/// How many problems of one kind (cells without text, codes without a
/// category) are reported one by one; the rest are counted in one problem, so
/// a broken doc of 100,000 rows is refused fast and in little memory.
pub const PROBLEMS_PER_KIND: usize = 100;

/// The JSON shape's version, `schema_version` in `stop_reasons.json`.
pub const SCHEMA_VERSION: u32 = 1;

/// A parsed doc with the hash of the bytes it was read from.
pub struct DocInput {
    /// The parsed doc.
    pub doc: ParsedDoc,
    /// SHA-256 of the doc's bytes as stored, lowercase hex (`sources[].sha256`).
    pub sha256: String,
}

/// SHA-256 of `bytes`, lowercase hex: how `sources[].sha256` and
/// `decisions.sha256` name the exact bytes a run read.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A text read from a coded doc.
#[derive(Debug, Clone)]
struct Cell {
    /// The parsed row's text, moved out of the row: the entry takes it over.
    text: String,
    key: KeyId,
    doc: usize,
    line: usize,
}

/// A comparison key interned in a [`KeyTable`]: one id per distinct
/// `(language, key)`.
type KeyId = u32;

/// The comparison keys of a run, each distinct `(language, key)` once: cells,
/// fills and entries carry ids, so the groupings are built from integers and
/// each key string is stored once (in `keys`; the per-language tables hold
/// only ids, found by the key's hash).
#[derive(Default)]
struct KeyTable {
    /// Per language, the ids of its keys.
    ids: [HashTable<KeyId>; 4],
    /// Every key, by id (boxed: 16 bytes a key instead of 24, 400,000 keys at 100,000 codes).
    keys: Vec<Box<str>>,
}

impl KeyTable {
    /// The id of `text`'s comparison key in `lang`.
    fn key_of(&mut self, lang: Lang, text: &str) -> KeyId {
        self.intern(lang, normalize::key(text))
    }

    /// The id of `key` (a comparison key, [`normalize::key`]) in `lang`.
    fn intern(&mut self, lang: Lang, key: String) -> KeyId {
        let Self { ids, keys } = self;
        let key_at = |id: &KeyId| keys.get(*id as usize).map_or("", |k| &**k);
        let hash = FxBuildHasher.hash_one(key.as_str());
        if let Some(id) = ids[lang.index()].find(hash, |id| key_at(id) == key) {
            return *id;
        }
        let id = KeyId::try_from(keys.len()).unwrap_or(KeyId::MAX);
        ids[lang.index()].insert_unique(hash, id, |id| FxBuildHasher.hash_one(key_at(id)));
        keys.push(key.into_boxed_str());
        id
    }
}

/// A text filled into a cell the coded docs leave empty.
#[derive(Debug, Clone)]
struct Fill {
    text: String,
    provenance: Provenance,
    source: String,
    line: usize,
    inferred_from: Option<Code>,
}

type Cells = BTreeMap<Code, [Option<Cell>; 4]>;

/// Reconciles the docs under the maintainers' decisions; `decisions_sha256`
/// is the lowercase hex SHA-256 of the decisions file's bytes, recorded in the table.
///
/// # Errors
/// Every problem found, all together: two coded docs in one language, a
/// conflict without a decision, a decision that matches nothing (stale), a cause
/// of a code-less doc that aligns to nothing, a `(code, language)` cell left
/// without a text, a text in the wrong script, groupings that still disagree
/// after the decisions, a code without a category or a category for an unknown code.
pub fn reconcile(mut docs: Vec<DocInput>, decisions: &Decisions, decisions_sha256: String) -> Result<Reconciled, Vec<Problem>> {
    let mut problems = Vec::new();
    let sources: Vec<Source> = docs
        .iter()
        .map(|d| Source {
            id: d.doc.spec.id.clone(),
            file: format!("seeds/{}", d.doc.spec.file),
            lang: d.doc.spec.lang,
            role: d.doc.spec.role,
            origin: d.doc.spec.origin.clone(),
            sha256: d.sha256.clone(),
        })
        .collect();

    let mut key_table = KeyTable::default();
    let cells = collect_cells(&mut docs, &mut key_table, &mut problems);
    crate::stage_end();
    let parsed: Vec<&ParsedDoc> = docs.iter().map(|d| &d.doc).collect();
    let found = groups::detect(&id_grouping(cells.iter().flat_map(|(c, langs)| cell_keys(*c, langs)), cells.len()));
    crate::stage_end();
    let resolved = apply_decisions(&parsed, cells, &found, decisions, &mut problems);
    crate::stage_end();
    // Go on after undecided conflicts, so one run reports every problem; but a
    // curated text at an undecided code may be needed once it is decided.
    let undecided: BTreeSet<Code> = found
        .iter()
        .filter(|f| !resolved.conflicts.iter().any(|c| c.codes == f.codes && c.dissent == f.dissent))
        .flat_map(|f| f.codes.iter().copied())
        .collect();
    let Resolved { effective, set_aside, variants, conflicts } = resolved;

    let mut fills: BTreeMap<(Code, Lang), Fill> = BTreeMap::new();
    let mut alignment = Vec::new();
    let mut alternates: Vec<((Code, Lang), DocText)> = Vec::new();
    for doc in parsed.iter().filter(|d| d.spec.role == Role::Causes) {
        align_causes(doc, &effective, &variants, decisions, &mut fills, &mut alignment, &mut alternates, &mut problems);
    }
    crate::stage_end();
    stale_pins(&parsed, decisions, &mut problems);
    infer(&parsed, &effective, &variants, &mut key_table, &mut fills);
    crate::stage_end();
    curate(&parsed, &effective, decisions, &undecided, &mut fills, &mut problems);
    crate::stage_end();

    // The docs' texts are needed past here only by the problems of cells left
    // empty: those are made now, and the docs (their text, line starts and
    // the code-less docs' causes; 40 MB at 100,000 codes) go before the
    // entries are built, where memory peaks.
    let missing = missing_cells(&parsed, &effective, &fills, &decisions.file);
    let doc_ids: Vec<String> = parsed.iter().map(|d| d.spec.id.clone()).collect();
    drop(parsed);
    drop(docs);
    let (entries, keys) =
        build_entries(&doc_ids, effective, &set_aside, fills, alternates, missing, decisions, &mut key_table, &mut problems);
    drop(set_aside);
    crate::stage_end();
    if !problems.is_empty() {
        return Err(problems);
    }
    // The final check and the text index read the same entries: one core each.
    let texts = std::thread::scope(|scope| {
        let (entries, keys) = (&entries, &keys);
        let index = scope.spawn(move || keyed_text_index(entries, keys, key_table));
        check_final(entries, keys, &variants, decisions, &mut problems);
        index.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    crate::stage_end();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Reconciled {
        schema_version: SCHEMA_VERSION,
        sources,
        decisions: DecisionsSource { file: format!("seeds/{}", crate::input::DECISIONS), sha256: decisions_sha256 },
        texts,
        entries,
        conflicts,
        alignment,
    })
}

/// The reverse-lookup index of the entries: every message text and alternate
/// wording, by language and key.
pub fn text_index(entries: &[Entry]) -> Vec<crate::query::IndexedText> {
    crate::query::text_index(entries.iter().enumerate().flat_map(|(i, e)| texts_of(e).map(move |(lang, text, _)| (i, lang.tag(), text))))
}

/// [`text_index`] with the messages' keys as `build_entries` made them.
fn keyed_text_index(entries: &[Entry], keys: &[ByLang<KeyId>], mut key_table: KeyTable) -> Vec<crate::query::IndexedText> {
    // Texts are grouped by key id (an id is one `(language, key)`), in the
    // order `query::text_index` reads them: entry by entry, each message then
    // its alternates. A text without a key yet (an alternate wording, repeated
    // at every code of its cause, or a filled text) is interned once, first,
    // so that each key can then be moved out of the table into the index
    // when its group starts (no second list of the groups, no copies of keys).
    // The groups are counted on the way, so that the index is made at its
    // size (grown by doubling, it left as much again to free: 10 MB at
    // 100,000 codes, at the run's peak).
    let mut unkeyed: HashMap<(Lang, &str), KeyId> = HashMap::default();
    let mut seen: Vec<bool> = Vec::new();
    for (e, ids) in entries.iter().zip(keys) {
        for (lang, text, message) in texts_of(e) {
            let id = match ids.get(&lang) {
                Some(id) if message => *id,
                _ => *unkeyed.entry((lang, text)).or_insert_with(|| key_table.key_of(lang, text)),
            } as usize;
            if id >= seen.len() {
                seen.resize(key_table.keys.len().max(id + 1), false);
            }
            seen[id] = true;
        }
    }
    let groups = seen.iter().zip(&key_table.keys).filter(|(seen, key)| **seen && !key.is_empty()).count();
    drop(seen);
    let mut group_of: Vec<u32> = vec![u32::MAX; key_table.keys.len()];
    let mut index: Vec<crate::query::IndexedText> = Vec::with_capacity(groups);
    for (i, (e, ids)) in entries.iter().zip(keys).enumerate() {
        for (lang, text, message) in texts_of(e) {
            let id = match ids.get(&lang) {
                Some(id) if message => *id,
                _ => unkeyed.get(&(lang, text)).copied().unwrap_or(KeyId::MAX),
            };
            let Some(group) = group_of.get_mut(id as usize) else { continue };
            match index.get_mut(*group as usize) {
                Some(t) => t.reasons.push(i),
                None => {
                    let key = key_table.keys.get_mut(id as usize).map(std::mem::take).unwrap_or_default().into_string();
                    if key.is_empty() {
                        continue;
                    }
                    *group = u32::try_from(index.len()).unwrap_or(u32::MAX);
                    index.push(crate::query::IndexedText { lang: lang.tag(), key, text: text.to_owned(), reasons: vec![i] });
                }
            }
        }
    }
    drop((group_of, unkeyed, key_table));
    let lang_order = |tag: &str| Lang::ALL.iter().position(|l| l.tag() == tag);
    index.sort_unstable_by(|a, b| (lang_order(a.lang), &a.key).cmp(&(lang_order(b.lang), &b.key)));
    for t in &mut index {
        t.reasons.dedup();
    }
    index
}

/// An entry's texts in index order: each message (`true`), then its alternates.
fn texts_of(e: &Entry) -> impl Iterator<Item = (Lang, &str, bool)> + '_ {
    e.messages.iter().flat_map(|(lang, m)| {
        std::iter::once((*lang, m.text.as_str(), true)).chain(m.alternates.iter().map(move |a| (*lang, a.text.as_str(), false)))
    })
}

fn cell_keys(code: Code, langs: &[Option<Cell>; 4]) -> impl Iterator<Item = (Code, Lang, KeyId)> + '_ {
    Lang::ALL.into_iter().filter_map(move |l| langs[l.index()].as_ref().map(|c| (code, l, c.key)))
}

/// The grouping of interned keys: each key id is its class.
fn id_grouping(keys: impl Iterator<Item = (Code, Lang, KeyId)>, codes: usize) -> groups::Grouping {
    // The keys come in code order: each code's row is made as they come (in a
    // list made at its size, `codes` rows) and the map built in one go
    // (400,000 searches at 100,000 codes, otherwise).
    let mut rows: Vec<(Code, [Option<KeyId>; 4])> = Vec::with_capacity(codes);
    let mut in_order = true;
    for (code, lang, id) in keys {
        match rows.last_mut() {
            Some((last, ids)) if *last == code => ids[lang.index()] = Some(id),
            last => {
                in_order &= last.is_none_or(|(last, _)| *last < code);
                let mut ids = [None; 4];
                ids[lang.index()] = Some(id);
                rows.push((code, ids));
            }
        }
    }
    if in_order {
        return rows.into_iter().collect();
    }
    let mut grouping = groups::Grouping::new();
    for (code, ids) in rows {
        let row = grouping.entry(code).or_insert([None; 4]);
        for (slot, id) in row.iter_mut().zip(ids) {
            if id.is_some() {
                *slot = id;
            }
        }
    }
    grouping
}

/// A grouping with the classes of each `variant` decision's codes merged, in
/// every language: the codes of the conflict and every code sharing a class
/// with them anywhere count as one cause.
fn merged(mut grouping: groups::Grouping, variants: &[Vec<Code>]) -> groups::Grouping {
    for codes in variants {
        let members: BTreeSet<groups::ClassId> =
            codes.iter().filter_map(|c| grouping.get(c)).flat_map(|ids| ids.iter().flatten().copied()).collect();
        let closure: BTreeSet<Code> =
            grouping.iter().filter(|(_, ids)| ids.iter().flatten().any(|id| members.contains(id))).map(|(c, _)| *c).collect();
        for lang in Lang::ALL {
            let ids: BTreeSet<groups::ClassId> = closure.iter().filter_map(|c| grouping[c][lang.index()]).collect();
            let Some(&target) = ids.iter().next() else { continue };
            for classes in grouping.values_mut() {
                if let Some(id) = classes[lang.index()].as_mut()
                    && ids.contains(id)
                {
                    *id = target;
                }
            }
        }
    }
    grouping
}

/// The coded docs' texts by code and language, each moved out of its doc's
/// rows, which are dropped (nothing else reads a coded doc's rows; at 100,000
/// codes they are 19 MB).
fn collect_cells(docs: &mut [DocInput], key_table: &mut KeyTable, problems: &mut Vec<Problem>) -> Cells {
    let mut coded: Vec<(usize, Lang, Vec<CodedRow>)> = Vec::new();
    let mut coded_lang: BTreeMap<Lang, usize> = BTreeMap::new();
    for i in 0..docs.len() {
        let lang = docs[i].doc.spec.lang;
        if !matches!(docs[i].doc.content, DocContent::Coded(_)) {
            continue;
        }
        if let Some(&first) = coded_lang.get(&lang) {
            problems.push(
                Problem::error(format!("{} and {} are both coded docs in `{}`", docs[first].doc.file.path, docs[i].doc.file.path, lang))
                    .help("keep one coded doc per language; give an older revision role = \"causes\" or remove it"),
            );
            continue;
        }
        coded_lang.insert(lang, i);
        if let DocContent::Coded(rows) = &mut docs[i].doc.content {
            coded.push((i, lang, std::mem::take(rows)));
        }
    }
    // The texts' comparison keys are made on a second core a doc ahead of
    // their interning here (400,000 keys at 100,000 codes); a doc's rows and
    // keys travel together, at most one doc waiting.
    let mut cells = Cells::new();
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(0);
        scope.spawn(move || {
            for (i, lang, rows) in coded {
                let keys: Vec<String> = rows.iter().map(|row| normalize::key(&row.text)).collect();
                if send.send((i, lang, rows, keys)).is_err() {
                    break;
                }
            }
        });
        for (i, lang, rows, keys) in receive {
            let doc_cells = rows.into_iter().zip(keys).map(|(row, key)| {
                let key = key_table.intern(lang, key);
                (Code::new(row.errcode, row.sub_errcode), Cell { text: row.text, key, doc: i, line: row.line })
            });
            put_cells(&mut cells, lang, doc_cells);
        }
    });
    cells
}

/// Puts each `(code, cell)` at `cells[code][lang]`, a later cell at a code
/// replacing an earlier one. The docs list their codes in order: the map is
/// walked alongside them (built in one go when empty), instead of searched
/// for each (at 100,000 codes, 400,000 searches took 45–55 ms). Cells out of
/// order, and codes not yet in the map, are put in by search afterwards.
fn put_cells(cells: &mut Cells, lang: Lang, new: impl Iterator<Item = (Code, Cell)>) {
    let slots = |cell: Cell| {
        let mut slots = [None, None, None, None];
        slots[lang.index()] = Some(cell);
        slots
    };
    let mut after = Vec::new();
    let mut existing = cells.iter_mut().peekable();
    let mut last = None;
    for (code, cell) in new {
        if last.is_some_and(|last| code < last) {
            after.push((code, cell));
            continue;
        }
        last = Some(code);
        while existing.next_if(|(at, _)| **at < code).is_some() {}
        match existing.peek_mut() {
            Some((at, row)) if **at == code => row[lang.index()] = Some(cell),
            _ => after.push((code, cell)),
        }
    }
    drop(existing);
    if cells.is_empty() && after.is_sorted_by(|a, b| a.0 < b.0) {
        *cells = after.into_iter().map(|(code, cell)| (code, slots(cell))).collect();
        return;
    }
    for (code, cell) in after {
        cells.entry(code).or_insert_with(|| [None, None, None, None])[lang.index()] = Some(cell);
    }
}

struct Resolved {
    /// The doc texts that stand after the decisions.
    effective: Cells,
    /// The doc texts set aside by decisions.
    set_aside: BTreeMap<(Code, Lang), Cell>,
    /// The code sets of `variant` decisions.
    variants: Vec<Vec<Code>>,
    /// The conflicts with their resolutions.
    conflicts: Vec<Conflict>,
}

fn code_list(codes: &[Code]) -> String {
    codes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
}

fn quoted_list(codes: &[Code]) -> String {
    codes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
}

fn lang_list(langs: &[Lang]) -> String {
    langs.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ")
}

/// Matches each found conflict with its decision and applies it.
fn apply_decisions(
    docs: &[&ParsedDoc],
    cells: Cells,
    found: &[groups::Found],
    decisions: &Decisions,
    problems: &mut Vec<Problem>,
) -> Resolved {
    // Every conflict's doc texts, read before any is set aside.
    let all_texts = conflict_texts(docs, &cells, found);
    let mut effective = cells;
    let mut set_aside = BTreeMap::new();
    let mut variants = Vec::new();
    let mut conflicts = Vec::new();
    let mut used = vec![false; decisions.conflicts.len()];
    for (f, texts) in found.iter().zip(all_texts) {
        let id =
            format!("{}@{}", f.codes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("+"), lang_list(&f.dissent).replace(", ", "+"));
        let Some(di) = decisions.conflicts.iter().position(|d| d.codes == f.codes && d.dissent == f.dissent) else {
            problems.push(unresolved(docs, f, &texts, &decisions.file));
            continue;
        };
        used[di] = true;
        let d = &decisions.conflicts[di];
        match d.holds {
            Holds::Variant => variants.push(f.codes.clone()),
            Holds::Others | Holds::Dissent => {
                for code in &d.set_aside {
                    for lang in Lang::ALL {
                        let dissenting = f.dissent.contains(&lang);
                        if dissenting == (d.holds == Holds::Others)
                            && let Some(cell) = effective.get_mut(code).and_then(|l| l[lang.index()].take())
                        {
                            set_aside.insert((*code, lang), cell);
                        }
                    }
                }
            }
        }
        conflicts.push(Conflict {
            id,
            codes: f.codes.clone(),
            dissent: f.dissent.clone(),
            split: f.split,
            texts,
            resolution: Resolution {
                holds: d.holds,
                set_aside: if d.holds == Holds::Variant { Vec::new() } else { d.set_aside.clone() },
                why: d.why.clone(),
                line: d.line,
            },
        });
    }
    for (d, _) in decisions.conflicts.iter().zip(&used).filter(|(_, u)| !**u) {
        let near: Vec<String> = found
            .iter()
            .filter(|f| f.codes.iter().any(|c| d.codes.contains(c)))
            .map(|f| format!("codes [{}] with dissent [{}]", quoted_list(&f.codes), lang_list(&f.dissent)))
            .collect();
        problems.push(
            Problem::at(
                &decisions.file,
                d.line,
                "",
                format!(
                    "this decision for codes {} (dissent: {}) matches no conflict in the docs: it is stale",
                    code_list(&d.codes),
                    lang_list(&d.dissent)
                ),
                "stale decision",
            )
            .help(if near.is_empty() {
                "the docs no longer disagree here; remove the [[conflict]] entry".to_owned()
            } else {
                format!("the docs now report {}; update or remove the entry", near.join(" and "))
            }),
        );
    }
    Resolved { effective, set_aside, variants, conflicts }
}

/// The doc texts at each conflict's codes, with what each language groups them with.
fn conflict_texts(docs: &[&ParsedDoc], cells: &Cells, found: &[groups::Found]) -> Vec<Vec<ConflictText>> {
    if found.is_empty() {
        return Vec::new();
    }
    let by_key = CodesByKey::new(cells.iter().flat_map(|(code, langs)| langs.iter().flatten().map(|cell| (*code, cell.key))));
    found.iter().map(|f| texts_at(docs, cells, &by_key, &f.codes)).collect()
}

fn texts_at(docs: &[&ParsedDoc], cells: &Cells, by_key: &CodesByKey, codes: &[Code]) -> Vec<ConflictText> {
    let mut texts = Vec::new();
    for lang in Lang::ALL {
        for code in codes {
            let Some(cell) = cells.get(code).and_then(|l| l[lang.index()].as_ref()) else { continue };
            let grouped_with = by_key.codes(cell.key).iter().filter(|c| *c != code).copied().collect();
            texts.push(ConflictText {
                lang,
                code: *code,
                text: DocText { text: cell.text.clone(), source: docs[cell.doc].spec.id.clone(), line: cell.line },
                grouped_with,
            });
        }
    }
    texts
}

/// The diagnostic for a conflict nobody decided: the dissenting doc's text
/// underlined, every other language's text beside it, and the entry to add.
fn unresolved(docs: &[&ParsedDoc], f: &groups::Found, texts: &[ConflictText], decisions_file: &SourceFile) -> Problem {
    let label = |t: &ConflictText| {
        let with = if t.grouped_with.is_empty() { "alone".to_owned() } else { format!("with {}", code_list(&t.grouped_with)) };
        format!("{} {}: {} (grouped {with})", t.lang, t.code, t.text.text)
    };
    let doc_of = |t: &ConflictText| docs.iter().find(|d| d.spec.id == t.text.source);
    let first = texts.iter().find(|t| f.dissent.contains(&t.lang)).or(texts.first());
    let message = format!(
        "code{} {} {} grouped differently in {} than in the other docs",
        if f.codes.len() > 1 { "s" } else { "" },
        code_list(&f.codes),
        if f.codes.len() > 1 { "are" } else { "is" },
        lang_list(&f.dissent),
    );
    let help = format!(
        "decide which grouping holds in {}:\n[[conflict]]\ncodes = [{}]\ndissent = [{}]\nholds = \"others\"   # or \"dissent\", or \"variant\" if only the wording differs\nwhy = \"…\"",
        decisions_file.path,
        quoted_list(&f.codes),
        f.dissent.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", "),
    );
    let mut problem = match first.and_then(|t| doc_of(t).map(|d| (t, d))) {
        Some((t, d)) => Problem::at(&d.file, t.text.line, &t.text.text, &message, label(t)),
        None => Problem::error(message),
    }
    .help(help);
    for t in texts.iter().filter(|t| Some(*t) != first) {
        if let Some(d) = doc_of(t) {
            problem = problem
                .with_related(Problem::at(&d.file, t.text.line, &t.text.text, format!("{} {} here", t.lang, t.code), label(t)).note());
        }
    }
    problem
}

/// For each code and language, the known texts' comparison key (doc texts that
/// stand, then fills), and for each key the codes that have it.
struct KeyIndex {
    keys: BTreeMap<Code, [Option<KeyId>; 4]>,
    by_key: CodesByKey,
}

/// For each key id, the codes that have it, ascending: one list for all keys
/// (`codes[starts[k]..starts[k + 1]]` for key `k`; ids are dense), not a
/// vector per key (at 100,000 codes, 400,000 of them were ~20 MB).
struct CodesByKey {
    starts: Vec<usize>,
    codes: Vec<Code>,
}

impl CodesByKey {
    /// From `(code, key)` pairs given in ascending code order.
    fn new(pairs: impl Iterator<Item = (Code, KeyId)> + Clone) -> Self {
        let key_count = pairs.clone().map(|(_, k)| k as usize + 1).max().unwrap_or(0);
        let mut starts = vec![0; key_count + 1];
        for (_, k) in pairs.clone() {
            starts[k as usize + 1] += 1;
        }
        for k in 0..key_count {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut codes = vec![Code::new(0, 0); starts[key_count]];
        for (code, k) in pairs {
            codes[next[k as usize]] = code;
            next[k as usize] += 1;
        }
        CodesByKey { starts, codes }
    }

    /// The codes that have `key`, ascending; empty for a key no code has.
    fn codes(&self, key: KeyId) -> &[Code] {
        let k = key as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&from), Some(&to)) => &self.codes[from..to],
            _ => &[],
        }
    }
}

/// The comparison key of each fill's text.
fn fill_keys(fills: &BTreeMap<(Code, Lang), Fill>, key_table: &mut KeyTable) -> BTreeMap<(Code, Lang), KeyId> {
    fills.iter().map(|(at, f)| (*at, key_table.key_of(at.1, &f.text))).collect()
}

impl KeyIndex {
    fn new(effective: &Cells, fill_keys: &BTreeMap<(Code, Lang), KeyId>) -> Self {
        // Built in one go from the cells in code order, not code by code.
        let mut keys: BTreeMap<Code, [Option<KeyId>; 4]> =
            effective.iter().map(|(code, langs)| (*code, std::array::from_fn(|l| langs[l].as_ref().map(|cell| cell.key)))).collect();
        for ((code, lang), key) in fill_keys {
            keys.entry(*code).or_insert([None; 4])[lang.index()] = Some(*key);
        }
        let by_key = CodesByKey::new(keys.iter().flat_map(|(code, ids)| ids.iter().flatten().map(|k| (*code, *k))));
        KeyIndex { keys, by_key }
    }

    /// The key `lang` most likely gives `code`'s cause: among the codes that
    /// share a text with `code` in another language, the `lang` key most of them
    /// have (ties: the one of the smallest code), with the smallest code having it.
    /// Falls back to the whole cause class (`component`) when no text is shared.
    fn best(&self, code: Code, lang: Lang, component: &[Code]) -> Option<(KeyId, Code)> {
        let own = self.keys.get(&code);
        let sharing: Vec<Code> = Lang::ALL
            .into_iter()
            .filter(|m| *m != lang)
            .filter_map(|m| own.and_then(|k| k[m.index()]))
            .flat_map(|key| self.by_key.codes(key).iter().copied())
            .collect();
        let mut votes = self.votes(code, lang, &sharing);
        if votes.is_empty() {
            votes = self.votes(code, lang, component);
        }
        votes.into_iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.1.1.cmp(&a.1.1))).map(|(k, (_, from))| (k, from))
    }

    /// For each `lang` key among `voters` (other than `code`): how many voters
    /// have it, and the smallest of them.
    fn votes(&self, code: Code, lang: Lang, voters: &[Code]) -> BTreeMap<KeyId, (usize, Code)> {
        let mut votes: BTreeMap<KeyId, (usize, Code)> = BTreeMap::new();
        for d in voters.iter().filter(|d| **d != code) {
            if let Some(k) = self.keys.get(d).and_then(|k| k[lang.index()]) {
                let v = votes.entry(k).or_insert((0, *d));
                v.0 += 1;
                v.1 = v.1.min(*d);
            }
        }
        votes
    }
}

/// The cause classes across languages of the codes' keys (a grouping: key
/// ids are classes), with the classes of each `variant` decision's codes
/// merged (see [`merged`]): each code's class and each class's members.
fn merged_classes(keys: &groups::Grouping, variants: &[Vec<Code>]) -> Classes {
    if variants.is_empty() { Classes::new(keys) } else { Classes::new(&merged(keys.clone(), variants)) }
}

/// The cause classes across languages ([`groups::components`]): each code's
/// class, named by its smallest code, and each class's codes, all in one
/// list sorted by class then code (not a vector per class: 80,000 classes at
/// 100,000 codes).
struct Classes {
    /// Each code's class.
    class_of: BTreeMap<Code, Code>,
    /// The class of each code of `codes`, ascending.
    classes: Vec<Code>,
    /// The codes, by class, then ascending.
    codes: Vec<Code>,
}

impl Classes {
    fn new(grouping: &groups::Grouping) -> Classes {
        let class_of = groups::components(grouping);
        let mut pairs: Vec<(Code, Code)> = class_of.iter().map(|(code, class)| (*class, *code)).collect();
        pairs.sort_unstable();
        let (classes, codes) = pairs.into_iter().unzip();
        Classes { class_of, classes, codes }
    }

    /// The codes of `code`'s class (with `code`), ascending; empty for a code not in the grouping.
    fn fellows(&self, code: Code) -> &[Code] {
        let Some(class) = self.class_of.get(&code) else { return &[] };
        let from = self.classes.partition_point(|c| c < class);
        let to = self.classes.partition_point(|c| c <= class);
        &self.codes[from..to]
    }

    /// Each class's codes, by class.
    fn each(&self) -> impl Iterator<Item = &[Code]> {
        let mut rest: (&[Code], &[Code]) = (&self.classes, &self.codes);
        std::iter::from_fn(move || {
            let first = *rest.0.first()?;
            let len = rest.0.iter().take_while(|c| **c == first).count();
            let (class, more) = rest.1.split_at(len);
            rest = (&rest.0[len..], more);
            Some(class)
        })
    }
}

/// The places a code-less doc in `lang` can align its causes to: the coded
/// page's causes in this language, in order of first mention, each with its
/// codes (sorted) and its text in `lang` when a coded doc has one. A slot is
/// a key in this language (the code's own, or the one its cause most likely
/// has), else the cross-language class. What finding them takes (groupings,
/// classes, an index of keys) is dropped on return.
fn cause_slots(effective: &Cells, variants: &[Vec<Code>], lang: Lang) -> Vec<(Vec<Code>, Option<String>)> {
    let no_fills = BTreeMap::new();
    let keys_only = KeyIndex::new(effective, &no_fills);
    let classes = merged_classes(&keys_only.keys, variants);
    #[derive(PartialEq, Eq, Hash)]
    enum SlotKey {
        Text(KeyId),
        Class(Code),
    }
    let mut slot_of: HashMap<SlotKey, Vec<Code>> = HashMap::default();
    for (code, langs) in effective {
        let slot_key = match &langs[lang.index()] {
            Some(cell) => SlotKey::Text(cell.key),
            None => match keys_only.best(*code, lang, classes.fellows(*code)) {
                Some((k, _)) => SlotKey::Text(k),
                None => SlotKey::Class(classes.class_of.get(code).copied().unwrap_or(*code)),
            },
        };
        slot_of.entry(slot_key).or_default().push(*code);
    }
    drop((keys_only, classes));
    let mut slots: Vec<(Vec<Code>, Option<String>)> = slot_of
        .into_values()
        .map(|codes| {
            let text = codes.iter().find_map(|c| effective[c][lang.index()].as_ref().map(|cell| cell.text.clone()));
            (codes, text)
        })
        .collect();
    slots.sort_by_key(|(codes, _)| codes[0]);
    slots
}

/// Aligns one code-less doc and fills the codes its language lacks.
#[allow(clippy::too_many_arguments)]
fn align_causes(
    doc: &ParsedDoc,
    effective: &Cells,
    variants: &[Vec<Code>],
    decisions: &Decisions,
    fills: &mut BTreeMap<(Code, Lang), Fill>,
    alignment: &mut Vec<AlignedCause>,
    alternates: &mut Vec<((Code, Lang), DocText)>,
    problems: &mut Vec<Problem>,
) {
    let DocContent::Causes(causes) = &doc.content else { return };
    let lang = doc.spec.lang;
    let mut slots = cause_slots(effective, variants, lang);

    let mut matched: Vec<(usize, usize, Option<f64>, bool)> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let mut pinned_slots = BTreeSet::new();
    for (i, cause) in causes.iter().enumerate() {
        match decisions.align.iter().find(|p| p.source == doc.spec.id && p.cause == cause.text) {
            Some(pin) => match pin.code {
                Some(code) => match slots.iter().position(|(codes, _)| codes.contains(&code)) {
                    Some(s) => {
                        pinned_slots.insert(s);
                        matched.push((i, s, None, true));
                    }
                    None => problems.push(Problem::at(
                        &decisions.file,
                        pin.line,
                        "",
                        format!("[[align]] pins a cause to {code}, which no coded doc lists"),
                        "unknown code",
                    )),
                },
                None => alignment.push(AlignedCause {
                    cause: DocText { text: cause.text.clone(), source: doc.spec.id.clone(), line: cause.line },
                    codes: Vec::new(),
                    score: None,
                    pinned: true,
                    filled: false,
                }),
            },
            None => free.push(i),
        }
    }
    let open: Vec<usize> = (0..slots.len()).filter(|s| !pinned_slots.contains(s)).collect();
    let dp_causes: Vec<&str> = free.iter().map(|&i| causes[i].text.as_str()).collect();
    // The slots' texts go to the alignment and are dropped with it, before the alternates are made.
    let has_text: Vec<bool> = slots.iter().map(|(_, text)| text.is_some()).collect();
    let dp_slots: Vec<align::Slot> = open.iter().map(|&s| align::Slot { text: slots[s].1.take() }).collect();
    let aligned = align::align(&dp_causes, &dp_slots);
    drop((dp_causes, dp_slots));
    let mut aligned_causes = BTreeSet::new();
    for m in aligned {
        aligned_causes.insert(free[m.cause]);
        matched.push((free[m.cause], open[m.slot], Some(m.score), false));
    }
    for &i in free.iter().filter(|i| !aligned_causes.contains(i)) {
        let cause = &causes[i];
        problems.push(
            Problem::at(
                &doc.file,
                cause.line,
                &cause.text,
                format!("cause {:?} matches no cause of the coded docs", cause.text),
                "unaligned",
            )
            .help(format!(
                "pin it in {}:\n[[align]]\nsource = \"{}\"\ncause = {:?}\ncode = \"…\"   # or drop = true\nwhy = \"…\"",
                decisions.file.path, doc.spec.id, cause.text
            )),
        );
    }
    matched.sort_by_key(|m| m.0);
    for (i, s, score, pinned) in matched {
        let cause = &causes[i];
        let codes = &slots[s].0;
        let doc_text = DocText { text: cause.text.clone(), source: doc.spec.id.clone(), line: cause.line };
        let filled = !has_text[s];
        for code in codes {
            if filled {
                fills.insert(
                    (*code, lang),
                    Fill {
                        text: cause.text.clone(),
                        provenance: Provenance::Aligned,
                        source: doc.spec.id.clone(),
                        line: cause.line,
                        inferred_from: None,
                    },
                );
            } else if effective[code][lang.index()].as_ref().is_none_or(|cell| cell.text != cause.text) {
                // A wording the code's own text already has is no alternate
                // (`build_entries` would drop it): most are, so none is made.
                alternates.push(((*code, lang), doc_text.clone()));
            }
        }
        alignment.push(AlignedCause { cause: doc_text, codes: codes.clone(), score, pinned, filled });
    }
}

/// `[[align]]` pins whose cause no code-less doc lists any more.
fn stale_pins(docs: &[&ParsedDoc], decisions: &Decisions, problems: &mut Vec<Problem>) {
    for pin in &decisions.align {
        let listed = docs.iter().any(|d| {
            d.spec.id == pin.source && matches!(&d.content, DocContent::Causes(causes) if causes.iter().any(|c| c.text == pin.cause))
        });
        if !listed {
            problems.push(
                Problem::at(
                    &decisions.file,
                    pin.line,
                    "",
                    format!("no code-less doc `{}` lists the cause {:?}: the pin is stale", pin.source, pin.cause),
                    "stale pin",
                )
                .help("remove the [[align]] entry, or correct its source and cause"),
            );
        }
    }
}

/// Fills each empty cell with the text its language gives the same cause elsewhere.
fn infer(
    docs: &[&ParsedDoc],
    effective: &Cells,
    variants: &[Vec<Code>],
    key_table: &mut KeyTable,
    fills: &mut BTreeMap<(Code, Lang), Fill>,
) {
    let keys = fill_keys(fills, key_table);
    let index = KeyIndex::new(effective, &keys);
    let classes = merged_classes(&index.keys, variants);
    let mut inferred = Vec::new();
    for (code, keys) in &index.keys {
        for lang in Lang::ALL {
            if keys[lang.index()].is_some() {
                continue;
            }
            if let Some((_, from)) = index.best(*code, lang, classes.fellows(*code)) {
                // `from` has a key in `lang`, so a cell that stands or a fill.
                let (text, source, line) = match (&effective.get(&from).and_then(|c| c[lang.index()].as_ref()), fills.get(&(from, lang))) {
                    (Some(cell), _) => (cell.text.clone(), docs[cell.doc].spec.id.clone(), cell.line),
                    (None, Some(f)) => (f.text.clone(), f.source.clone(), f.line),
                    (None, None) => continue,
                };
                inferred.push(((*code, lang), Fill { text, provenance: Provenance::Inferred, source, line, inferred_from: Some(from) }));
            }
        }
    }
    fills.extend(inferred);
}

/// Fills what is still empty from `[[curated]]`; a curated text for a cell that
/// is already filled, or for a code no doc lists, is stale.
fn curate(
    docs: &[&ParsedDoc],
    effective: &Cells,
    decisions: &Decisions,
    undecided: &BTreeSet<Code>,
    fills: &mut BTreeMap<(Code, Lang), Fill>,
    problems: &mut Vec<Problem>,
) {
    for c in &decisions.curated {
        if !effective.contains_key(&c.code) {
            problems.push(
                Problem::at(
                    &decisions.file,
                    c.line,
                    "",
                    format!("curated text for {} {}, a code no coded doc lists: it is stale", c.code, c.lang),
                    "stale",
                )
                .help("remove the [[curated]] entry"),
            );
            continue;
        }
        let existing = effective[&c.code][c.lang.index()]
            .as_ref()
            .map(|cell| (Provenance::Doc, docs[cell.doc].file.path.clone(), cell.line))
            .or_else(|| fills.get(&(c.code, c.lang)).map(|f| (f.provenance, f.source.clone(), f.line)));
        if let Some((provenance, source, line)) = existing {
            if undecided.contains(&c.code) {
                continue;
            }
            problems.push(
                Problem::at(
                    &decisions.file,
                    c.line,
                    "",
                    format!(
                        "curated text for {} {} is not needed: the cell has a {} text ({source}:{line})",
                        c.code,
                        c.lang,
                        provenance.as_str()
                    ),
                    "stale",
                )
                .help("remove the [[curated]] entry (or set the doc's text aside with a [[conflict]] decision)"),
            );
            continue;
        }
        fills.insert(
            (c.code, c.lang),
            Fill {
                text: c.text.clone(),
                provenance: Provenance::Curated,
                source: DECISIONS_SOURCE.to_owned(),
                line: c.line,
                inferred_from: None,
            },
        );
    }
}

/// Assembles the entries, moving the cells' texts and keys into them; reports
/// cells left empty and codes without a category. Returns the entries and
/// each one's message keys.
#[allow(clippy::too_many_arguments)]
fn build_entries(
    doc_ids: &[String],
    effective: Cells,
    set_aside: &BTreeMap<(Code, Lang), Cell>,
    fills: BTreeMap<(Code, Lang), Fill>,
    mut alternates: Vec<((Code, Lang), DocText)>,
    missing: MissingCells,
    decisions: &Decisions,
    key_table: &mut KeyTable,
    problems: &mut Vec<Problem>,
) -> (Vec<Entry>, Vec<ByLang<KeyId>>) {
    let stale_codes: Vec<Problem> = decisions
        .codes
        .iter()
        .filter(|(code, _)| !effective.contains_key(code))
        .map(|(code, info)| {
            Problem::at(&decisions.file, info.line, "", format!("[codes] lists {code}, which no coded doc lists: it is stale"), "stale")
                .help("remove the line")
        })
        .collect();
    let mut entries = Vec::with_capacity(effective.len());
    let mut keys = Vec::with_capacity(effective.len());
    // Each cell's alternate wordings, in the order they were found: taken
    // from the front as the cells come, in `(code, language)` order.
    alternates.sort_by_key(|(at, _)| *at);
    let mut alternates = alternates.into_iter().peekable();
    // The fills, the texts set aside and the codes' categories are taken in
    // the same order, walked alongside the cells rather than searched for
    // each (at 100,000 codes, 900,000 searches).
    let mut fills = fills.into_iter().peekable();
    let mut set_aside = set_aside.iter().peekable();
    let mut categories = decisions.codes.iter().peekable();
    let mut uncategorized = 0usize;
    let MissingCells { count: missing, problems: missing_problems } = missing;
    let mut missing_problems = missing_problems.into_iter().peekable();
    for (code, mut langs) in effective {
        let mut messages = ByLang::default();
        let mut message_keys = ByLang::default();
        while let Some((_, p)) = missing_problems.next_if(|(at, _)| *at == code) {
            problems.push(p);
        }
        for lang in Lang::ALL {
            let at = (code, lang);
            let doc_text = next_at(&mut set_aside, |(k, _)| **k, at)
                .map(|(_, cell)| Box::new(DocText { text: cell.text.clone(), source: doc_ids[cell.doc].clone(), line: cell.line }));
            let fill = next_at(&mut fills, |(k, _)| *k, at).map(|(_, f)| f);
            let (message, key) = match (langs[lang.index()].take(), fill) {
                (Some(cell), _) => {
                    let source = doc_ids[cell.doc].clone();
                    let message = Message {
                        text: cell.text,
                        provenance: Provenance::Doc,
                        source,
                        line: cell.line,
                        inferred_from: None,
                        doc_text: None,
                        alternates: Vec::new(),
                    };
                    (message, cell.key)
                }
                (None, Some(f)) => {
                    let key = key_table.key_of(lang, &f.text);
                    let message = Message {
                        text: f.text,
                        provenance: f.provenance,
                        source: f.source,
                        line: f.line,
                        inferred_from: f.inferred_from,
                        doc_text,
                        alternates: Vec::new(),
                    };
                    (message, key)
                }
                (None, None) => continue, // reported above
            };
            while alternates.next_if(|(at, _)| *at < (code, lang)).is_some() {}
            let mut alts = Vec::new();
            while let Some((_, alt)) = alternates.next_if(|(at, _)| *at == (code, lang)) {
                if alt.text != message.text {
                    alts.push(alt);
                }
            }
            message_keys.insert(lang, key);
            messages.insert(lang, Message { alternates: alts, ..message });
        }
        let Some((_, info)) = next_at(&mut categories, |(k, _)| **k, code) else {
            uncategorized += 1;
            if uncategorized <= PROBLEMS_PER_KIND {
                problems.push(
                    Problem::error(format!("{}: code {code} has no category", decisions.file.path))
                        .help(format!("add to [codes]: \"{code}\" = {{ category = \"…\", retryable = … }}")),
                );
            }
            continue;
        };
        keys.push(message_keys);
        entries.push(Entry {
            errcode: code.errcode,
            sub_errcode: code.sub_errcode,
            category: info.category,
            retryable: info.retryable,
            messages,
        });
    }
    if missing > PROBLEMS_PER_KIND {
        problems.push(
            Problem::error(format!("{}: {} more (code, language) cells have no text", decisions.file.path, missing - PROBLEMS_PER_KIND))
                .help("the first ones are listed above; a language missing from the manifest, or a doc that lost its table, usually explains them all"),
        );
    }
    if uncategorized > PROBLEMS_PER_KIND {
        problems.push(
            Problem::error(format!("{}: {} more codes have no category", decisions.file.path, uncategorized - PROBLEMS_PER_KIND))
                .help("add each code to [codes]"),
        );
    }
    problems.extend(stale_codes);
    (entries, keys)
}

/// The next item of `items` (sorted by `key`) whose key is `at`, after
/// skipping those before it; `None` when there is none (`at` must not
/// decrease from one call to the next).
fn next_at<I: Iterator, K: Ord>(items: &mut std::iter::Peekable<I>, key: impl Fn(&I::Item) -> K, at: K) -> Option<I::Item> {
    while items.next_if(|item| key(item) < at).is_some() {}
    items.next_if(|item| key(item) == at)
}

/// The `(code, language)` cells no doc, alignment, inference or curated text
/// fills: how many, and the problems of the first [`PROBLEMS_PER_KIND`] with
/// their codes (in code order, then language order).
struct MissingCells {
    count: usize,
    problems: Vec<(Code, Problem)>,
}

/// Finds the [`MissingCells`] while the docs (where each such code is listed
/// in another language) are still at hand.
fn missing_cells(
    docs: &[&ParsedDoc],
    effective: &Cells,
    fills: &BTreeMap<(Code, Lang), Fill>,
    decisions_file: &SourceFile,
) -> MissingCells {
    let mut missing = MissingCells { count: 0, problems: Vec::new() };
    for (code, langs) in effective {
        for lang in Lang::ALL.into_iter().filter(|l| langs[l.index()].is_none() && !fills.contains_key(&(*code, *l))) {
            missing.count += 1;
            if missing.count <= PROBLEMS_PER_KIND {
                missing.problems.push((*code, missing_cell(docs, langs, *code, lang, decisions_file)));
            }
        }
    }
    missing
}

/// The problem for a `(code, language)` cell left without a text, pointing at
/// where another language lists the code (`langs`: the code's cells, the
/// missing language's empty).
fn missing_cell(docs: &[&ParsedDoc], langs: &[Option<Cell>; 4], code: Code, lang: Lang, decisions_file: &SourceFile) -> Problem {
    let message = format!("code {code} has no {} ({lang}) text", lang.name());
    let help = format!(
        "no {lang} doc lists it, and no other code shares its cause in a way {lang} covers; write one in {}:\n[[curated]]\ncode = \"{code}\"\nlang = \"{lang}\"\ntext = \"…\"\nwhy = \"…\"",
        decisions_file.path
    );
    match langs.iter().flatten().next() {
        Some(cell) => {
            let listed: Vec<Lang> = Lang::ALL.into_iter().filter(|l| langs[l.index()].is_some()).collect();
            Problem::at(&docs[cell.doc].file, cell.line, &cell.text, message, format!("{code} listed here in {} only", lang_list(&listed)))
                .help(help)
        }
        None => Problem::error(message).help(help),
    }
}

/// Final checks on the complete table: every text is in its language's script,
/// and the groupings agree in all four languages.
fn check_final(entries: &[Entry], keys: &[ByLang<KeyId>], variants: &[Vec<Code>], decisions: &Decisions, problems: &mut Vec<Problem>) {
    for e in entries {
        for (lang, m) in &e.messages {
            if !lang.fits(&m.text) {
                let where_ = if m.provenance == Provenance::Curated {
                    format!("{}:{}", decisions.file.path, m.line)
                } else {
                    format!("{}:{}", m.source, m.line)
                };
                problems.push(
                    Problem::error(format!(
                        "code {} {lang} text {:?} ({}, {where_}) is not written in {}",
                        e.code(),
                        m.text,
                        m.provenance.as_str(),
                        lang.name()
                    ))
                    .help("check the doc's language in the manifest, or the curated text"),
                );
            }
        }
    }
    let grouping = final_grouping(entries, keys, variants);
    let classes = Classes::new(&grouping);
    // The entries are sorted by code: looked up by binary search, and a
    // class's hints compared without a set made for each (100,000 classes).
    let hint_of = |code: &Code| entries.binary_search_by_key(code, Entry::code).ok().map(|i| (entries[i].category, entries[i].retryable));
    for class in classes.each() {
        let mut class_hints = class.iter().filter_map(hint_of);
        let first = class_hints.next();
        if class_hints.any(|hint| Some(hint) != first) {
            let hints: BTreeSet<(Category, bool)> = class.iter().filter_map(hint_of).collect();
            let detail: Vec<String> = hints
                .iter()
                .map(|(cat, retry)| {
                    let codes: Vec<Code> = class.iter().filter(|c| hint_of(c) == Some((*cat, *retry))).copied().collect();
                    format!("{} → {} (retryable = {retry})", code_list(&codes), cat.as_str())
                })
                .collect();
            let line = class.iter().filter_map(|c| decisions.codes.get(c)).map(|i| i.line).min().unwrap_or(1);
            problems.push(
                Problem::at(
                    &decisions.file,
                    line,
                    "",
                    format!("codes that share a cause have different hints: {}", detail.join("; ")),
                    "one cause",
                )
                .help("give every code of one cause the same category and retryable in [codes]"),
            );
        }
    }
    for f in groups::detect_on_this_core(&grouping) {
        problems.push(
            Problem::error(format!(
                "after the decisions, code{} {} still mean{} different things in {} than in the other languages",
                if f.codes.len() > 1 { "s" } else { "" },
                code_list(&f.codes),
                if f.codes.len() > 1 { "" } else { "s" },
                lang_list(&f.dissent)
            ))
            .help(format!(
                "a curated or inferred text now groups these codes with another cause; check the [[curated]] and [[conflict]] entries for them in {}",
                decisions.file.path
            )),
        );
    }
}

/// The groupings of the complete table, with `variant` decisions merged, from
/// the messages' keys (`keys[i]` for `entries[i]`).
fn final_grouping(entries: &[Entry], keys: &[ByLang<KeyId>], variants: &[Vec<Code>]) -> groups::Grouping {
    let keys = entries.iter().zip(keys).flat_map(|(e, keys)| keys.iter().map(move |(l, k)| (e.code(), *l, *k)));
    merged(id_grouping(keys, entries.len()), variants)
}

/// The disagreements left in a reconciled table: none when `gen` succeeded,
/// since it checks this. Exposed so tests can confirm it independently.
pub fn remaining_conflicts(table: &Reconciled) -> Vec<groups::Found> {
    let variants: Vec<Vec<Code>> =
        table.conflicts.iter().filter(|c| c.resolution.holds == Holds::Variant).map(|c| c.codes.clone()).collect();
    let mut key_table = KeyTable::default();
    let keys: Vec<ByLang<KeyId>> =
        table.entries.iter().map(|e| e.messages.iter().map(|(l, m)| (*l, key_table.key_of(*l, &m.text))).collect()).collect();
    groups::detect(&final_grouping(&table.entries, &keys, &variants))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_by_key_lists_each_keys_codes_in_the_order_given() {
        let (a, b, c) = (Code::new(1, 0), Code::new(2, 100), Code::new(3, 0));
        let index = CodesByKey::new([(a, 2), (a, 0), (b, 2), (c, 2), (c, 5)].into_iter());
        assert_eq!(index.codes(2), [a, b, c]);
        assert_eq!(index.codes(0), [a]);
        assert_eq!(index.codes(5), [c]);
        assert_eq!(index.codes(1), [], "an id between others that no code has");
        assert_eq!(index.codes(9), [], "an id past the last");
        assert_eq!(CodesByKey::new(std::iter::empty()).codes(0), []);
    }

    #[test]
    fn a_grouping_is_the_same_whatever_the_order_of_its_keys() {
        let code = |errcode: u16| Code::new(errcode, 0);
        let keys = [
            (code(1), Lang::En, 0),
            (code(1), Lang::Ko, 1),
            (code(2), Lang::Ja, 2),
            (code(2), Lang::Ja, 3),
            (code(4), Lang::Zh, 4),
            (code(4), Lang::En, 0),
        ];
        let mut expected = groups::Grouping::new();
        expected.insert(code(1), [Some(0), None, None, Some(1)]);
        expected.insert(code(2), [None, Some(3), None, None]);
        expected.insert(code(4), [Some(0), None, Some(4), None]);
        assert_eq!(id_grouping(keys.into_iter(), 3), expected);
        // Out of code order (a later key of a (code, language) still wins).
        let mut shuffled = keys.to_vec();
        shuffled.swap(0, 4);
        shuffled.swap(1, 5);
        assert_eq!(id_grouping(shuffled.into_iter(), 0), expected);
        assert_eq!(id_grouping(std::iter::empty(), 0), groups::Grouping::new());
    }

    #[test]
    fn classes_list_each_codes_fellows_and_each_class_once() {
        let code = |errcode: u16| Code::new(errcode, 0);
        // 1 and 4 share an en key, 4 and 7 a ja key: one class; 2 alone; 5 and 9 share a ko key.
        let keys = [
            (code(1), Lang::En, 0),
            (code(2), Lang::En, 1),
            (code(4), Lang::En, 0),
            (code(4), Lang::Ja, 2),
            (code(5), Lang::Ko, 3),
            (code(7), Lang::Ja, 2),
            (code(9), Lang::Ko, 3),
        ];
        let classes = Classes::new(&id_grouping(keys.into_iter(), 3));
        let (one, two, three) = ([code(1), code(4), code(7)], [code(2)], [code(5), code(9)]);
        for c in one {
            assert_eq!(classes.fellows(c), one);
        }
        assert_eq!(classes.fellows(code(2)), two);
        assert_eq!(classes.fellows(code(9)), three);
        assert_eq!(classes.fellows(code(3)), [], "a code outside the grouping");
        assert_eq!(classes.each().collect::<Vec<_>>(), [&one[..], &two[..], &three[..]]);
        assert_eq!(Classes::new(&groups::Grouping::new()).each().count(), 0);
    }

    /// What `put_cells` must give: each cell put by search, in order.
    fn put_one_by_one(cells: &mut Cells, lang: Lang, new: &[(Code, Cell)]) {
        for (code, cell) in new {
            cells.entry(*code).or_insert_with(|| [None, None, None, None])[lang.index()] = Some(cell.clone());
        }
    }

    /// Each code with the text and line of each language's cell.
    type CellTexts = Vec<(Code, [Option<(String, usize)>; 4])>;

    fn slots_text(cells: &Cells) -> CellTexts {
        cells.iter().map(|(code, slots)| (*code, slots.clone().map(|c| c.map(|c| (c.text, c.line))))).collect()
    }

    #[test]
    fn cells_put_in_one_walk_are_the_cells_put_one_by_one() {
        let cell = |text: &str, line: usize| Cell { text: text.to_owned(), key: 0, doc: 0, line };
        let code = |errcode: u16| Code::new(errcode, 0);
        // Per language, in turn: in order, with a duplicate (the later wins),
        // codes the map lacks, codes out of order, an empty doc.
        let docs: [(Lang, Vec<(Code, Cell)>); 5] = [
            (Lang::En, vec![(code(1), cell("a", 1)), (code(3), cell("b", 2)), (code(3), cell("c", 3)), (code(5), cell("d", 4))]),
            (Lang::Ja, vec![(code(0), cell("e", 1)), (code(3), cell("f", 2)), (code(4), cell("g", 3)), (code(9), cell("h", 4))]),
            (Lang::Zh, vec![(code(5), cell("i", 1)), (code(1), cell("j", 2)), (code(5), cell("k", 3)), (code(2), cell("l", 4))]),
            (Lang::Ko, vec![]),
            (Lang::Ko, vec![(code(9), cell("m", 1)), (code(9), cell("n", 2)), (code(0), cell("o", 3)), (code(9), cell("p", 4))]),
        ];
        let (mut walked, mut searched) = (Cells::new(), Cells::new());
        for (lang, new) in &docs {
            put_cells(&mut walked, *lang, new.iter().cloned());
            put_one_by_one(&mut searched, *lang, new);
            assert_eq!(slots_text(&walked), slots_text(&searched), "after {lang}");
        }
        // The first doc out of order, with a duplicate: built by search.
        let mut walked = Cells::new();
        let first = vec![(code(2), cell("a", 1)), (code(1), cell("b", 2)), (code(2), cell("c", 3))];
        put_cells(&mut walked, Lang::En, first.iter().cloned());
        let mut searched = Cells::new();
        put_one_by_one(&mut searched, Lang::En, &first);
        assert_eq!(slots_text(&walked), slots_text(&searched));
    }
}
