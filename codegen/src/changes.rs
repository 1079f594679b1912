//! What a run changes in the table, against the JSON already on disk: codes
//! added or removed with their texts, and each changed text with its old and
//! new wording, per language. Printed by `cargo xtask gen`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::diag::quoted;
use crate::model::{Code, Entry, KeyShape, Reconciled};

/// A change of one code between the JSON on disk and the new table. Its
/// `Display` is the line (or lines) `cargo xtask gen` prints: `+ 40: en
/// "…"; ja "…"`, `- 9999/9: en "…"`, `~ 7 ja: "old" → "new"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A code the old table lacked, in the decisions file's notation, with
    /// its texts by language tag.
    Added { code: String, texts: Vec<(String, String)> },
    /// A code the new table lacks, with the texts the old table gave it.
    Removed { code: String, texts: Vec<(String, String)> },
    /// A code whose texts (per language), symbol, category or retry hint changed.
    Changed { code: String, edits: Vec<Edit> },
}

/// One changed field of a code: a language tag (its message), `symbol`,
/// `category` or `retryable`, as it was and as it is. A message whose text
/// stayed reads as where it comes from (`doc (en:33)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub what: String,
    pub before: String,
    pub after: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let texts =
            |texts: &[(String, String)]| texts.iter().map(|(lang, text)| format!("{lang} {}", quoted(text))).collect::<Vec<_>>().join("; ");
        match self {
            Change::Added { code, texts: t } => write!(f, "+ {code}: {}", texts(t)),
            Change::Removed { code, texts: t } if t.is_empty() => write!(f, "- {code}"),
            Change::Removed { code, texts: t } => write!(f, "- {code}: {}", texts(t)),
            Change::Changed { code, edits } => {
                let lines: Vec<String> = edits.iter().map(|e| format!("~ {code} {}: {} → {}", e.what, e.before, e.after)).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

/// The old JSON's entries, as much as is compared: each a map of its fields.
#[derive(Deserialize)]
struct OldTable {
    entries: Vec<serde_json::Map<String, Value>>,
}

/// What differs in `new` from the old entry: its symbol, category and
/// retry hint, and the message of each language (text, provenance, source, …).
fn differences(old: &serde_json::Map<String, Value>, new: &Entry) -> Vec<Edit> {
    let fields = [("symbol", json_of(&new.symbol)), ("category", json_of(&new.category)), ("retryable", json_of(&new.retryable))];
    let mut edits: Vec<Edit> = fields
        .into_iter()
        .filter(|(name, value)| old.get(*name) != value.as_ref())
        .map(|(name, value)| Edit { what: name.to_owned(), before: plain(old.get(name)), after: plain(value.as_ref()) })
        .collect();
    let old_messages = old.get("messages").and_then(Value::as_object);
    for (lang, message) in &new.messages {
        let (before, after) = (old_messages.and_then(|m| m.get(lang.tag())), json_of(&Some(message)));
        if before == after.as_ref() {
            continue;
        }
        let text = |m: Option<&Value>| m.and_then(|m| m.get("text")).and_then(Value::as_str).map(str::to_owned);
        match (text(before), text(after.as_ref())) {
            (Some(o), Some(n)) if o == n => edits.extend(same_text(lang.tag(), before, after.as_ref())),
            (o, n) => {
                let (before, after) =
                    (o.map_or_else(|| "none".to_owned(), |t| quoted(&t)), n.map_or_else(|| "none".to_owned(), |t| quoted(&t)));
                edits.push(Edit { what: lang.tag().to_owned(), before, after });
            }
        }
    }
    edits
}

/// What changed in a message (of the language `tag`) whose text stayed:
/// where the text comes from (`doc (en:33)` → `aligned (en-causes:117)`),
/// else its alternate wordings or the doc text a decision set aside; nothing
/// when only the lines it was read at moved (a doc edited above its table).
fn same_text(tag: &str, before: Option<&Value>, after: Option<&Value>) -> Option<Edit> {
    let field = |m: Option<&Value>, name: &str| m.and_then(|m| m.get(name)).cloned();
    if ["provenance", "source", "inferred_from", "section"].iter().any(|f| field(before, f) != field(after, f)) {
        return Some(Edit { what: tag.to_owned(), before: origin(before), after: origin(after) });
    }
    for (name, label) in [("alternates", "alternates"), ("doc_text", "set aside")] {
        let (old, new) = (wordings(field(before, name).as_ref()), wordings(field(after, name).as_ref()));
        if old != new {
            return Some(Edit { what: format!("{tag} {label}"), before: old, after: new });
        }
    }
    None
}

/// Doc texts (an `alternates` list, or a `doc_text`) as a reviewer reads
/// them, without their lines: `"Unknown reason." (en-causes)`; `none`.
fn wordings(value: Option<&Value>) -> String {
    let one = |t: &Value| format!("{} ({})", quoted(t.get("text").and_then(Value::as_str).unwrap_or("")), plain(t.get("source")));
    match value {
        Some(Value::Array(list)) if !list.is_empty() => list.iter().map(one).collect::<Vec<_>>().join("; "),
        Some(t @ Value::Object(_)) => one(t),
        _ => "none".to_owned(),
    }
}

/// A JSON field as a reviewer reads it: a string without its quotes, `none`
/// for a field left out.
fn plain(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "none".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Where a message's text comes from: `doc (en:33)`, `inferred (ja:40)`.
fn origin(message: Option<&Value>) -> String {
    let field = |name: &str| plain(message.and_then(|m| m.get(name)));
    format!("{} ({}:{})", field("provenance"), field("source"), field("line"))
}

/// Each language's text of a message map (`messages` of an entry), by tag.
fn texts_of(messages: Option<&serde_json::Map<String, Value>>) -> Vec<(String, String)> {
    let text = |m: &Value| m.get("text").and_then(Value::as_str).map(str::to_owned);
    messages.into_iter().flatten().filter_map(|(lang, m)| Some((lang.clone(), text(m)?))).collect()
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
        let code = entry.code.to_string();
        match old.get(&entry.code).map(|before| differences(before, entry)) {
            None => {
                let texts = entry.messages.iter().map(|(lang, m)| (lang.tag().to_owned(), m.text.clone())).collect();
                changes.push(Change::Added { code, texts });
            }
            Some(edits) if !edits.is_empty() => changes.push(Change::Changed { code, edits }),
            Some(_) => {}
        }
    }
    let new_codes: Vec<&Code> = new.entries.iter().map(|e| &e.code).collect();
    let removed = old.iter().filter(|(c, _)| new_codes.binary_search(c).is_err());
    changes.extend(
        removed.map(|(c, e)| Change::Removed { code: c.to_string(), texts: texts_of(e.get("messages").and_then(Value::as_object)) }),
    );
    changes
}
