//! What a run changes in the table, against the JSON already on disk: codes
//! added or removed, and texts changed, per language. Printed by `cargo xtask gen`.
//!
//! The old JSON is read as a stream and each of its entries reduced to a
//! fingerprint as it is read, so comparing with a table of 100,000 codes
//! holds neither table's JSON in memory.

use std::collections::BTreeMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decisions::Code;
use crate::lang::Lang;
use crate::reconcile::Reconciled;

/// A change of one code between the JSON on disk and the new table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A code the old table lacked, `errcode/sub_errcode`.
    Added(String),
    /// A code the new table lacks.
    Removed(String),
    /// A code whose text, provenance, category or hint changed in the listed languages
    /// (or `"category"` / `"retryable"`).
    Changed(String, Vec<String>),
}

/// What is compared of one entry: its category, `retryable` and each
/// language's message, as hashes of their JSON values.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    category: u64,
    retryable: u64,
    messages: BTreeMap<String, u64>,
}

fn hash_json<T: Serialize + ?Sized>(value: &T) -> u64 {
    // Through `Value`, so that key order and spacing do not count.
    let canonical = serde_json::to_value(value).map(|v| v.to_string()).unwrap_or_default();
    let mut h = DefaultHasher::new();
    canonical.hash(&mut h);
    h.finish()
}

/// One entry of the old JSON, as much as is compared.
#[derive(Deserialize)]
struct OldEntry {
    errcode: u16,
    #[serde(default)]
    sub_errcode: u16,
    #[serde(default)]
    category: Value,
    #[serde(default)]
    retryable: Value,
    #[serde(default)]
    messages: BTreeMap<String, Value>,
}

/// The old JSON's `entries`, fingerprinted one at a time.
#[derive(Deserialize)]
struct OldTable {
    #[serde(deserialize_with = "fingerprints")]
    entries: BTreeMap<Code, Fingerprint>,
}

fn fingerprints<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<Code, Fingerprint>, D::Error> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = BTreeMap<Code, Fingerprint>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of entries")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(e) = seq.next_element::<OldEntry>()? {
                let messages = e.messages.iter().map(|(l, m)| (l.clone(), hash_json(m))).collect();
                let print = Fingerprint { category: hash_json(&e.category), retryable: hash_json(&e.retryable), messages };
                out.insert(Code::new(e.errcode, e.sub_errcode), print);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Entries)
}

/// The fingerprint of each entry of the new table.
fn fingerprint_new(table: &Reconciled) -> BTreeMap<Code, Fingerprint> {
    table
        .entries
        .iter()
        .map(|e| {
            let messages = e.messages.iter().map(|(l, m)| (l.tag().to_owned(), hash_json(m))).collect();
            (e.code(), Fingerprint { category: hash_json(&e.category), retryable: hash_json(&e.retryable), messages })
        })
        .collect()
}

/// Compares the new table with `old_json` (a reader of `stop_reasons.json` as
/// on disk, read as a stream). A missing or unreadable old file counts as
/// empty: every code is added.
pub fn against(old_json: Option<impl io::Read>, new: &Reconciled) -> Vec<Change> {
    let Some(old) = old_json.and_then(|r| serde_json::from_reader::<_, OldTable>(io::BufReader::new(r)).ok()).map(|t| t.entries) else {
        // Nothing to compare with (the first run into a folder): every code is
        // added, and the new table need not be fingerprinted.
        let mut codes: Vec<Code> = new.entries.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        return codes.into_iter().map(|c| Change::Added(c.to_string())).collect();
    };
    let new = fingerprint_new(new);
    let mut changes = Vec::new();
    for (code, entry) in &new {
        match old.get(code) {
            None => changes.push(Change::Added(code.to_string())),
            Some(before) if before != entry => {
                let mut what = Vec::new();
                if before.category != entry.category {
                    what.push("category".to_owned());
                }
                if before.retryable != entry.retryable {
                    what.push("retryable".to_owned());
                }
                for lang in Lang::ALL.map(Lang::tag) {
                    if before.messages.get(lang) != entry.messages.get(lang) {
                        what.push(lang.to_owned());
                    }
                }
                changes.push(Change::Changed(code.to_string(), what));
            }
            Some(_) => {}
        }
    }
    changes.extend(old.keys().filter(|c| !new.contains_key(*c)).map(|c| Change::Removed(c.to_string())));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{Emitter, Json};

    #[test]
    fn changes_are_found_per_code_and_language_in_the_old_json() {
        let table = crate::generate(&crate::synth::input(300)).unwrap_or_else(|p| panic!("{}", p.render())).table;
        let json = Json.emit_to_string(&table).expect("emits");
        assert_eq!(against(Some(json.as_bytes()), &table), []);

        let mut old: Value = serde_json::from_str(&json).expect("JSON");
        let entries = old["entries"].as_array_mut().expect("entries");
        entries[0]["messages"]["ja"]["text"] = "古い理由".into();
        entries[1]["category"] = "auth".into();
        entries[1]["messages"]["ko"]["line"] = 1.into();
        let removed = entries.remove(2);
        entries.push(serde_json::json!({ "errcode": 999, "sub_errcode": 9, "messages": {} }));
        let old = serde_json::to_string_pretty(&old).expect("JSON");

        let code = |e: &Value| Code::new(e["errcode"].as_u64().unwrap() as u16, e["sub_errcode"].as_u64().unwrap() as u16).to_string();
        assert_eq!(
            against(Some(old.as_bytes()), &table),
            [
                Change::Changed(table.entries[0].code().to_string(), vec!["ja".to_owned()]),
                Change::Changed(table.entries[1].code().to_string(), vec!["category".to_owned(), "ko".to_owned()]),
                Change::Added(code(&removed)),
                Change::Removed("999/9".to_owned()),
            ]
        );
    }

    #[test]
    fn a_missing_or_unreadable_old_json_counts_as_empty() {
        let table = crate::generate(&crate::synth::input(300)).unwrap_or_else(|p| panic!("{}", p.render())).table;
        // An old table with no entries goes the long way, through the fingerprints.
        let against_empty = against(Some(&br#"{"entries": []}"#[..]), &table);
        assert_eq!(against_empty.len(), 300);
        assert!(against_empty.iter().all(|c| matches!(c, Change::Added(_))));
        for old in [None, Some(&b"{ not json"[..]), Some(&b"{\"entries\": 3}"[..])] {
            assert_eq!(against(old, &table), against_empty);
        }
    }
}
