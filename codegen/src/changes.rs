//! What a run changes in the table, against the JSON already on disk: codes
//! added or removed, and texts changed, per language. Printed by `cargo xtask gen`.

use std::collections::BTreeMap;

use serde_json::Value;

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

fn code_name(e: &Value) -> String {
    let n = |k: &str| e.get(k).and_then(Value::as_u64).unwrap_or(0);
    if n("sub_errcode") == 0 { n("errcode").to_string() } else { format!("{}/{}", n("errcode"), n("sub_errcode")) }
}

/// Compares the new table with `old_json` (the contents of `stop_reasons.json`
/// on disk). An unreadable old file counts as empty: every code is added.
pub fn against(old_json: Option<&str>, new: &Reconciled) -> Vec<Change> {
    let index = |v: &Value| -> BTreeMap<String, Value> {
        v.get("entries").and_then(Value::as_array).into_iter().flatten().map(|e| (code_name(e), e.clone())).collect()
    };
    let old = old_json.and_then(|s| serde_json::from_str::<Value>(s).ok()).map(|v| index(&v)).unwrap_or_default();
    let new = serde_json::to_value(new).map(|v| index(&v)).unwrap_or_default();
    let mut changes = Vec::new();
    for (code, entry) in &new {
        match old.get(code) {
            None => changes.push(Change::Added(code.clone())),
            Some(before) if before != entry => {
                let mut what: Vec<String> =
                    ["category", "retryable"].iter().filter(|k| before.get(**k) != entry.get(**k)).map(|k| (*k).to_owned()).collect();
                let (b, a) = (before.get("messages"), entry.get("messages"));
                for lang in ["en", "ja", "zh", "ko"] {
                    if b.and_then(|m| m.get(lang)) != a.and_then(|m| m.get(lang)) {
                        what.push(lang.to_owned());
                    }
                }
                changes.push(Change::Changed(code.clone(), what));
            }
            Some(_) => {}
        }
    }
    changes.extend(old.keys().filter(|c| !new.contains_key(*c)).map(|c| Change::Removed(c.clone())));
    changes
}
