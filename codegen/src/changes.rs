//! What a run changes in the table, against the JSON already on disk: codes
//! added or removed, and texts changed, per language. Printed by `cargo xtask gen`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::lang::Lang;
use crate::model::{Code, Entry, Reconciled};

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

/// An entry of the old JSON, as much as is compared.
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

#[derive(Deserialize)]
struct OldTable {
    entries: Vec<OldEntry>,
}

/// What differs in `new` from the old entry: `category`, `retryable`, and the
/// languages whose message (text, provenance, source, …) differs.
fn differences(old: &OldEntry, new: &Entry) -> Vec<String> {
    let mut what = Vec::new();
    if old.category != serde_json::to_value(new.category).unwrap_or_default() {
        what.push("category".to_owned());
    }
    if old.retryable != Value::Bool(new.retryable) {
        what.push("retryable".to_owned());
    }
    for lang in Lang::ALL {
        let new_message = new.messages.get(&lang).map(|m| serde_json::to_value(m).unwrap_or_default());
        if old.messages.get(lang.tag()) != new_message.as_ref() {
            what.push(lang.tag().to_owned());
        }
    }
    what
}

/// Compares the new table with `old_json`, the text of `stop_reasons.json`
/// as on disk. A missing or unreadable old file counts as empty: every code
/// is added.
pub fn against(old_json: Option<&str>, new: &Reconciled) -> Vec<Change> {
    let old: Vec<OldEntry> = old_json.and_then(|text| serde_json::from_str::<OldTable>(text).ok()).map_or_else(Vec::new, |t| t.entries);
    let old: BTreeMap<Code, OldEntry> = old.into_iter().map(|e| (Code::new(e.errcode, e.sub_errcode), e)).collect();
    let mut changes = Vec::new();
    for entry in &new.entries {
        let code = entry.code();
        match old.get(&code).map(|before| differences(before, entry)) {
            None => changes.push(Change::Added(code.to_string())),
            Some(what) if !what.is_empty() => changes.push(Change::Changed(code.to_string(), what)),
            Some(_) => {}
        }
    }
    let new_codes: Vec<Code> = new.entries.iter().map(Entry::code).collect();
    changes.extend(old.keys().filter(|c| new_codes.binary_search(c).is_err()).map(|c| Change::Removed(c.to_string())));
    changes
}
