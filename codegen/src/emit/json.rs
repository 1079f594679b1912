//! `generated/json/stop_reasons.json`: the reconciled table as data.

use std::io::{self, Write as _};

use serde::Serialize as _;

use super::{EmitError, Emitter, Pretty, json_error, with_buffer};
use crate::reconcile::Reconciled;

/// Emits `json/stop_reasons.json`: pretty-printed with two-space indents, keys
/// in a fixed order, a final newline. JSON has no comments, so the file names
/// its inputs in `sources` instead of a generated-file notice.
pub struct Json;

impl Emitter for Json {
    fn path(&self) -> &'static str {
        "json/stop_reasons.json"
    }

    fn emit(&self, table: &Reconciled, out: &mut dyn io::Write) -> Result<(), EmitError> {
        with_buffer(self.path(), out, |out| {
            table
                .serialize(&mut serde_json::Serializer::with_formatter(&mut *out, Pretty::default()))
                .map_err(|e| json_error(self.path(), e))?;
            out.write_all(b"\n").map_err(|e| EmitError::write(self.path(), e))
        })
    }
}
