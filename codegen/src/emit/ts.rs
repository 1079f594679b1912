//! `generated/ts/src/table.ts`: the table as TypeScript `as const` literals.

use serde::Serialize;

use super::{EmitError, Emitter, GENERATED_NOTICE};
use crate::reconcile::Reconciled;

/// Emits the table module of the TypeScript package: `SOURCES`, `DECISIONS`,
/// `STOP_REASONS` and `CONFLICTS` as `as const` literals with the JSON's
/// field names and values, so both answer the same.
pub struct TypeScript;

const PATH: &str = "ts/src/table.ts";

/// A TypeScript expression for `value`: its JSON, with `<` escaped so that
/// `</script>` never appears when the module is inlined into HTML, and every
/// invisible character ([`super::is_invisible`], U+2028 and U+2029 among them:
/// older engines end a line there) escaped. In JSON text those characters can
/// only occur inside strings, so the escaping never touches the structure.
pub fn ts_literal<T: Serialize>(value: &T) -> Result<String, EmitError> {
    let json = serde_json::to_string_pretty(value).map_err(|e| EmitError { path: PATH, message: e.to_string() })?;
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    let mut copied = 0;
    for (i, c) in json.char_indices().filter(|(_, c)| *c == '<' || (!c.is_ascii() && super::is_invisible(*c))) {
        out.push_str(&json[copied..i]);
        for unit in c.encode_utf16(&mut [0; 2]) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
        copied = i + c.len_utf8();
    }
    out.push_str(&json[copied..]);
    Ok(out)
}

impl Emitter for TypeScript {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        Ok(format!(
            "// {GENERATED_NOTICE}\n\n\
             /** The docs the table was read from, in manifest order. */\n\
             export const SOURCES = {} as const;\n\n\
             /** The maintainers' decisions file, where curated texts come from (source `\"decisions\"`). */\n\
             export const DECISIONS = {} as const;\n\n\
             /** Every known code pair, sorted by `(errcode, sub_errcode)`. */\n\
             export const STOP_REASONS = {} as const;\n\n\
             /** Every disagreement found between the docs, with its resolution. */\n\
             export const CONFLICTS = {} as const;\n\n\
             /** Every message text and alternate wording by language and comparison key (sorted by\n \
             * language, then key), with the positions in `STOP_REASONS` of the codes that give it. */\n\
             export const TEXTS = {} as const;\n",
            ts_literal(&table.sources)?,
            ts_literal(&table.decisions)?,
            ts_literal(&table.entries)?,
            ts_literal(&table.conflicts)?,
            ts_literal(&table.texts)?,
        ))
    }
}
