//! `generated/<set>/json/<json>.json`: the reconciled table as data.

use super::{EmitError, Emitter, pretty_json};
use crate::model::{Reconciled, SetSpec};

/// Emits `json/<json>.json` (`stop_reasons.json`): pretty-printed with two-space indents, keys
/// in a fixed order, a final newline. JSON has no comments, so the file names
/// its inputs in `sources` instead of a generated-file notice.
pub struct Json;

impl Emitter for Json {
    fn path(&self, set: &SetSpec) -> String {
        format!("json/{}.json", set.outputs.json)
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        Ok(pretty_json(&self.path(&table.set), table)? + "\n")
    }
}
