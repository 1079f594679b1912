//! `generated/json/stop_reasons.schema.json`: JSON Schema (2020-12) of
//! `stop_reasons.json`, derived with schemars from the types the JSON is
//! serialized from, so the two cannot drift apart.

use super::{EmitError, Emitter};
use crate::reconcile::Reconciled;

/// Emits `json/stop_reasons.schema.json`.
pub struct Schema;

impl Emitter for Schema {
    fn path(&self) -> &'static str {
        "json/stop_reasons.schema.json"
    }

    fn emit(&self, _table: &Reconciled) -> Result<String, EmitError> {
        let mut schema = schemars::schema_for!(Reconciled);
        schema.insert("$id".to_owned(), "https://css-stop-reasons.invalid/stop_reasons.schema.json".into());
        schema.insert("title".to_owned(), "Tencent Cloud CSS push interruption reasons (stop_reasons.json)".into());
        let mut out = serde_json::to_string_pretty(&schema).map_err(|e| EmitError { path: self.path(), message: e.to_string() })?;
        out.push('\n');
        Ok(out)
    }
}
