//! What a run changes in the table, against the JSON already on disk: codes
//! added or removed, and texts changed, per language. Printed by `cargo xtask gen`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::lang::Lang;
use crate::model::{Code, Reconciled};

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

/// The entries of a table's JSON, by code.
fn entries_by_code(json: &Value) -> BTreeMap<Code, &Value> {
    let entries = json.get("entries").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let number = |e: &Value, field: &str| e.get(field).and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok());
    entries.iter().filter_map(|e| Some((Code::new(number(e, "errcode")?, number(e, "sub_errcode").unwrap_or(0)), e))).collect()
}

/// What differs between two entries' JSON: `category`, `retryable`, and the
/// languages whose message (text, provenance, source) differs.
fn differences(before: &Value, after: &Value) -> Vec<String> {
    let mut what: Vec<String> =
        ["category", "retryable"].into_iter().filter(|f| before.get(f) != after.get(f)).map(str::to_owned).collect();
    for lang in Lang::ALL.map(Lang::tag) {
        let message = |e: &Value| e.get("messages").and_then(|m| m.get(lang)).cloned();
        if message(before) != message(after) {
            what.push(lang.to_owned());
        }
    }
    what
}

/// Compares the new table with `old_json`, the text of `stop_reasons.json`
/// as on disk. A missing or unreadable old file counts as empty: every code
/// is added.
pub fn against(old_json: Option<&str>, new: &Reconciled) -> Vec<Change> {
    let old: Value = old_json.and_then(|text| serde_json::from_str(text).ok()).unwrap_or(Value::Null);
    let new = serde_json::to_value(new).unwrap_or(Value::Null);
    let (old, new) = (entries_by_code(&old), entries_by_code(&new));
    let mut changes = Vec::new();
    for (code, entry) in &new {
        match old.get(code) {
            None => changes.push(Change::Added(code.to_string())),
            Some(before) if before != entry => changes.push(Change::Changed(code.to_string(), differences(before, entry))),
            Some(_) => {}
        }
    }
    changes.extend(old.keys().filter(|c| !new.contains_key(*c)).map(|c| Change::Removed(c.to_string())));
    changes
}
