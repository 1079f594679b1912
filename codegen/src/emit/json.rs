//! `generated/json/stop_reasons.json`: the reconciled table as data.

use super::{EmitError, Emitter, pretty_json};
use crate::model::Reconciled;

/// Emits `json/stop_reasons.json`: pretty-printed with two-space indents, keys
/// in a fixed order, a final newline. JSON has no comments, so the file names
/// its inputs in `sources` instead of a generated-file notice.
pub struct Json;

impl Emitter for Json {
    fn path(&self) -> &'static str {
        "json/stop_reasons.json"
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        Ok(pretty_json(self.path(), table)? + "\n")
    }
}
