//! What a run changes in the table, against the JSON already on disk: codes
//! added or removed, and texts changed, per language. Printed by `cargo xtask gen`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::model::{Code, Entry, KeyShape, Reconciled};

/// A change of one code between the JSON on disk and the new table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A code the old table lacked, in the decisions file's notation.
    Added(String),
    /// A code the new table lacks.
    Removed(String),
    /// A code whose text, provenance, symbol, category or hint changed in the
    /// listed languages (or `"symbol"`, `"category"`, `"retryable"`).
    Changed(String, Vec<String>),
}

/// The old JSON's entries, as much as is compared: each a map of its fields.
#[derive(Deserialize)]
struct OldTable {
    entries: Vec<serde_json::Map<String, Value>>,
}

/// What differs in `new` from the old entry: its symbol, category and
/// retry hint by field name, and the languages whose message (text,
/// provenance, source, …) differs.
fn differences(old: &serde_json::Map<String, Value>, new: &Entry) -> Vec<String> {
    let fields = [("symbol", json_of(&new.symbol)), ("category", json_of(&new.category)), ("retryable", json_of(&new.retryable))];
    let mut what: Vec<String> =
        fields.into_iter().filter(|(name, value)| old.get(*name) != value.as_ref()).map(|(name, _)| name.to_owned()).collect();
    let old_messages = old.get("messages").and_then(Value::as_object);
    for (lang, message) in &new.messages {
        if old_messages.and_then(|m| m.get(lang.tag())) != json_of(&Some(message)).as_ref() {
            what.push(lang.tag().to_owned());
        }
    }
    what
}

/// `value` as the JSON holds it; `None` for a field left out.
fn json_of<T: serde::Serialize>(value: &Option<T>) -> Option<Value> {
    value.as_ref().map(|v| serde_json::to_value(v).unwrap_or_default())
}

/// The code of an old entry, by the new table's key columns; `None` when
/// the entry lacks one or holds a value of another type.
fn old_code(old: &serde_json::Map<String, Value>, key: &std::sync::Arc<KeyShape>) -> Option<Code> {
    let values = key.columns.iter().map(|c| {
        let text = match old.get(&c.name)? {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        c.ty.parse(&text).ok()
    });
    Some(key.code(values.collect::<Option<Vec<_>>>()?))
}

/// Compares the new table with `old_json`, the text of the set's JSON as on
/// disk. A missing or unreadable old file counts as empty: every code is added.
pub fn against(old_json: Option<&str>, new: &Reconciled) -> Vec<Change> {
    let old = old_json.and_then(|text| serde_json::from_str::<OldTable>(text).ok()).map_or_else(Vec::new, |t| t.entries);
    let old: BTreeMap<Code, serde_json::Map<String, Value>> =
        old.into_iter().filter_map(|e| Some((old_code(&e, &new.set.key)?, e))).collect();
    let mut changes = Vec::new();
    for entry in &new.entries {
        match old.get(&entry.code).map(|before| differences(before, entry)) {
            None => changes.push(Change::Added(entry.code.to_string())),
            Some(what) if !what.is_empty() => changes.push(Change::Changed(entry.code.to_string(), what)),
            Some(_) => {}
        }
    }
    let new_codes: Vec<&Code> = new.entries.iter().map(|e| &e.code).collect();
    changes.extend(old.keys().filter(|c| new_codes.binary_search(c).is_err()).map(|c| Change::Removed(c.to_string())));
    changes
}
