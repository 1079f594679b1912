//! `generated/<set>/json/<json>.schema.json`: JSON Schema (2020-12) of the
//! set's JSON, derived with schemars from the types the JSON is serialized
//! from, so the two cannot drift apart; the parts each set shapes (its key,
//! languages, categories and entry) are written in from the set's manifest.

use serde_json::{Map, Value, json};

use super::{EmitError, Emitter, pretty_json};
use crate::model::{KeyColumn, KeyType, Reconciled, SetSpec};

/// Emits `json/<json>.schema.json`.
pub struct Schema;

impl Emitter for Schema {
    fn path(&self, set: &SetSpec) -> String {
        format!("json/{}.schema.json", set.outputs.json)
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let set = &*table.set;
        let mut schema = schemars::schema_for!(Reconciled);
        schema.insert("$id".to_owned(), format!("https://{}.invalid/{}.schema.json", set.outputs.crate_name, set.outputs.json).into());
        schema.insert("title".to_owned(), format!("{} ({}.json)", set.title, set.outputs.json).into());
        let mut value = schema.to_value();
        let defs = value.get_mut("$defs").and_then(Value::as_object_mut).ok_or_else(|| EmitError::new("schema", "no $defs"))?;
        defs.insert("Code".to_owned(), code_schema(set));
        defs.insert("Lang".to_owned(), lang_schema(set));
        defs.insert("Entry".to_owned(), entry_schema(set));
        if set.categories.is_empty() {
            defs.remove("Category");
        } else {
            defs.insert("Category".to_owned(), category_schema(set));
        }
        if !set.errmsgs {
            leave_out(&mut value, &["Errmsg", "SourceLine", "ErrmsgFallback"], "errmsg_fallback");
        }
        if !set.has_symbol() {
            leave_out(&mut value, &["SymbolConflict", "SymbolText"], "symbols");
        }
        // Printed as a `Schema`, whose keywords print in schemars' order ($id,
        // $schema, title, description, type, …), not alphabetically.
        let schema = schemars::Schema::try_from(value).map_err(|e| EmitError::new("schema", e.to_string()))?;
        Ok(pretty_json("schema", &schema)? + "\n")
    }
}

/// Leaves out of the schema what the set's JSON never has: the `$defs`
/// `defs` and the top-level property `property`.
fn leave_out(schema: &mut Value, defs: &[&str], property: &str) {
    if let Some(all) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        defs.iter().for_each(|d| drop(all.remove(*d)));
    }
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.remove(property);
    }
}

/// A key column's values: `integer` within the type's range, or a string without whitespace.
fn column_schema(c: &KeyColumn) -> Value {
    let mut schema = match (c.ty, c.ty.range()) {
        (KeyType::String, _) | (_, None) => json!({ "type": "string", "pattern": "^\\S+$" }),
        (ty, Some((min, max))) => {
            let format = match ty {
                KeyType::U16 => "uint16",
                KeyType::U32 => "uint32",
                KeyType::I32 => "int32",
                _ => "int64",
            };
            json!({ "type": "integer", "format": format, "maximum": max, "minimum": min })
        }
    };
    schema["description"] = c.description.clone().into();
    schema
}

/// `$defs/Code`: an object of the key's columns.
fn code_schema(set: &SetSpec) -> Value {
    let properties: Map<String, Value> = set.key.columns.iter().map(|c| (c.name.clone(), column_schema(c))).collect();
    let required: Vec<&str> = set.key.columns.iter().map(|c| c.name.as_str()).collect();
    json!({
        "description": format!("A code: its key's columns, {}.", set.key.names()),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// `$defs/Lang`: one of the set's BCP 47 tags.
fn lang_schema(set: &SetSpec) -> Value {
    let one_of: Vec<Value> =
        set.languages.all().iter().map(|l| json!({ "description": l.name(), "type": "string", "const": l.tag() })).collect();
    json!({ "description": "A language of the docs, by its BCP 47 tag, in the order the manifest names them.", "oneOf": one_of })
}

/// `$defs/Category`: one of the set's vocabulary.
fn category_schema(set: &SetSpec) -> Value {
    let one_of: Vec<Value> =
        set.categories.iter().map(|c| json!({ "description": c.description, "type": "string", "const": c.category.as_str() })).collect();
    json!({ "description": "What a code is about, for grouping on dashboards: the vocabulary of the set's manifest.", "oneOf": one_of })
}

/// `$defs/Entry`: the key's columns, then what the set has, then `messages`
/// (and `errmsgs` where the set has errmsg docs).
fn entry_schema(set: &SetSpec) -> Value {
    let mut properties: Map<String, Value> = set.key.columns.iter().map(|c| (c.name.clone(), column_schema(c))).collect();
    let mut required: Vec<String> = set.key.columns.iter().map(|c| c.name.clone()).collect();
    let mut add = |name: &str, schema: Value| {
        properties.insert(name.to_owned(), schema);
        required.push(name.to_owned());
    };
    if set.has_symbol() {
        add(
            "symbol",
            json!({ "description": "The symbolic name the docs give the code.", "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" }),
        );
    }
    if !set.categories.is_empty() {
        add("category", json!({ "description": "What the code is about.", "$ref": "#/$defs/Category" }));
    }
    if set.retryable {
        add(
            "retryable",
            json!({ "description": "Whether trying again unchanged would likely work (from the set's `decisions.toml`).", "type": "boolean" }),
        );
    }
    let tags: Vec<&str> = set.languages.all().iter().map(|l| l.tag()).collect();
    let messages: Map<String, Value> = tags.iter().map(|t| ((*t).to_owned(), json!({ "$ref": "#/$defs/Message" }))).collect();
    add(
        "messages",
        json!({
            "description": format!("The {} in every language, keyed by BCP 47 tag, in `{}` order.", set.text, tags.join("`, `")),
            "type": "object",
            "properties": messages,
            "required": tags,
            "additionalProperties": false
        }),
    );
    if set.errmsgs {
        add(
            "errmsgs",
            json!({
                "description": "The `errmsg` strings a callback carries with the code's errcode, from the set's errmsg docs (empty where they do not list it).",
                "type": "array",
                "items": { "$ref": "#/$defs/Errmsg" }
            }),
        );
    }
    json!({
        "description": "One code and its messages.",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}
