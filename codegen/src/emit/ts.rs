//! `generated/<set>/ts/src/table.ts`: the table as TypeScript `as const` literals.

use std::fmt::Write as _;

use serde::Serialize;

use super::{EmitError, Emitter, GENERATED_NOTICE, is_invisible, pretty_json};
use crate::model::{Reconciled, SetSpec};

/// Emits the table module of the TypeScript package: `SOURCES`, `DECISIONS`,
/// `STOP_REASONS`, `CONFLICTS` and `TEXTS` as `as const` literals with the
/// JSON's field names and values, so both answer the same.
pub struct TypeScript;

const PATH: &str = "ts/src/table.ts";

/// A TypeScript expression for `value`: its pretty JSON (serde_json's
/// `PrettyFormatter`), with `<` escaped (so `</script>` never appears when
/// the module is inlined into HTML) and every invisible character
/// ([`is_invisible`], U+2028 and U+2029 among them: older engines end a line
/// there). In JSON text those characters can only occur inside strings, so
/// escaping them in the whole text leaves the structure as it is.
///
/// # Errors
/// When `value` has no JSON form (a map with non-string keys).
pub fn ts_literal<T: Serialize + ?Sized>(value: &T) -> Result<String, EmitError> {
    let json = pretty_json(PATH, value)?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '<' || (!c.is_ascii() && is_invisible(c)) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

impl Emitter for TypeScript {
    fn path(&self, _: &SetSpec) -> String {
        PATH.to_owned()
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let sorted_by = format!("Every known code, sorted by `{}`.", table.set.key.names());
        let entries = table.set.outputs.json.to_ascii_uppercase();
        let constants: [(&str, &str, String); 5] = [
            ("The docs the table was read from, in manifest order.", "SOURCES", ts_literal(&table.sources)?),
            (
                "The maintainers' decisions file, where curated texts come from (source `\"decisions\"`).",
                "DECISIONS",
                ts_literal(&table.decisions)?,
            ),
            (&sorted_by, &entries, ts_literal(&table.entries)?),
            ("Every disagreement found between the docs, with its resolution.", "CONFLICTS", ts_literal(&table.conflicts)?),
            (
                "Every message text and alternate wording by language and comparison key (sorted by\n \
                 * language, then key), with the positions in the entries of the codes that give it.",
                "TEXTS",
                ts_literal(&table.texts)?,
            ),
        ];
        let mut out = format!("// {GENERATED_NOTICE}\n");
        for (doc, name, value) in constants {
            let _ = write!(out, "\n/** {doc} */\nexport const {name} = {value} as const;\n");
        }
        Ok(out)
    }
}
