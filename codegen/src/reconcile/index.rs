//! Step 8: the reverse-lookup index of the entries, which the Rust and
//! TypeScript tables carry: every message text and alternate wording, one per
//! distinct language and comparison key, and every `errmsg` string, one per
//! distinct comparison key. (`crate::query` builds its own from
//! the JSON, so that the parity test compares the packages with an
//! independent reading.)

use std::collections::BTreeMap;

use crate::lang::Lang;
use crate::model::{Entry, IndexedErrmsg, IndexedText};
use crate::normalize;

/// The index of `entries`, sorted by language (table order), then key.
pub fn text_index(entries: &[Entry]) -> Vec<IndexedText> {
    let mut index: BTreeMap<(&Lang, String), IndexedText> = BTreeMap::new();
    let mut keys = normalize::Keys::default();
    for (i, e) in entries.iter().enumerate() {
        for (lang, m) in &e.messages {
            for text in std::iter::once(&m.text).chain(m.alternates.iter().map(|a| &a.text)) {
                let key = keys.of(text).to_owned();
                if key.is_empty() {
                    continue;
                }
                let indexed = index.entry((lang, key.clone())).or_insert_with(|| IndexedText {
                    lang: lang.tag().to_owned(),
                    key,
                    text: text.clone(),
                    reasons: Vec::new(),
                });
                if indexed.reasons.last() != Some(&i) {
                    indexed.reasons.push(i);
                }
            }
        }
    }
    index.into_values().collect()
}

/// The errmsg strings of `entries`, one per comparison key, sorted by key.
pub fn errmsg_index(entries: &[Entry]) -> Vec<IndexedErrmsg> {
    let mut index: BTreeMap<String, IndexedErrmsg> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        for m in e.errmsgs.iter().flatten() {
            let key = normalize::key(&m.errmsg);
            if key.is_empty() {
                continue;
            }
            let indexed = index.entry(key.clone()).or_insert_with(|| IndexedErrmsg { key, errmsg: m.errmsg.clone(), reasons: Vec::new() });
            if indexed.reasons.last() != Some(&i) {
                indexed.reasons.push(i);
            }
        }
    }
    index.into_values().collect()
}
