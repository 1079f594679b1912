//! `generated/json/stop_reasons.schema.json`: JSON Schema (2020-12) of
//! `stop_reasons.json`, derived with schemars from the types the JSON is
//! serialized from, so the two cannot drift apart.

use super::{EmitError, Emitter, pretty_json};
use crate::model::Reconciled;

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
        Ok(pretty_json(self.path(), &schema)? + "\n")
    }
}
