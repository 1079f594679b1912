//! What a doc set's manifest says about its table and its outputs: the key,
//! the columns, the languages, the categories and the names of the artifacts.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::KeyShape;
use crate::lang::Languages;

/// A category of a set's vocabulary (`[[category]]` in the manifest),
/// ordered by its place there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Category {
    position: usize,
    name: Arc<str>,
}

impl Category {
    /// The category `name` at `position` in its vocabulary.
    pub fn new(name: &str, position: usize) -> Category {
        Category { position, name: name.into() }
    }

    /// The name used in the decisions file and every artifact: lowercase
    /// ASCII letters, digits and `-` (`auth`, `room-entry`).
    pub fn as_str(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl schemars::JsonSchema for Category {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Category".into()
    }

    /// A placeholder: the schema emitter writes each set's vocabulary here.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

/// One `[[category]]` of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDef {
    /// The category.
    pub category: Category,
    /// What it covers, one line (the generated docs and the schema use it).
    pub description: String,
    /// The section headings, in any of the set's languages, whose tables'
    /// rows are in this category (compared with whitespace collapsed).
    pub sections: Vec<String>,
}

/// Where each code's category comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryFrom {
    /// The set has no categories.
    None,
    /// The decisions file's `[codes]` gives each code one.
    Decisions,
    /// The heading of the section each doc lists the code under
    /// ([`CategoryDef::sections`]); the languages must agree.
    Section,
}

/// What one column of the docs' tables holds, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A key column: its position in [`KeyShape::columns`].
    Key(usize),
    /// The symbolic name of the code (`ERR_ROOM_ENTER_FAIL`).
    Symbol,
    /// The text (reason, meaning) in the doc's language.
    Text,
    /// A column read past.
    Skip,
}

/// The names of a set's artifacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// The JSON file's stem, a snake_case identifier: `json/<json>.json` and
    /// `json/<json>.schema.json`; its uppercase names the Rust and TypeScript tables.
    pub json: String,
    /// The Rust crate's name (`css-stop-reasons`).
    pub crate_name: String,
    /// The npm package's name.
    pub npm: String,
    /// The Rust and TypeScript type of one entry, UpperCamelCase (`StopReason`).
    pub entry_type: String,
    /// The version of the crate, the npm package and the JSON (semver;
    /// `[set] version` of the manifest, `0.1.0` where it gives none).
    pub version: String,
}

/// A doc set as its manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetSpec {
    /// The set's name: its folder under `seeds/` and under `generated/`.
    pub name: String,
    /// What the codes are, one line: the report's and the schema's title.
    pub title: String,
    /// The artifacts' names.
    pub outputs: Outputs,
    /// The key.
    pub key: Arc<KeyShape>,
    /// The tables' columns, left to right.
    pub columns: Vec<Column>,
    /// What the text column holds, one word for docs and messages (`reason`).
    pub text: String,
    /// The languages, in the order the docs first name them.
    pub languages: Languages,
    /// The category vocabulary, in manifest order.
    pub categories: Vec<CategoryDef>,
    /// Where categories come from.
    pub category_from: CategoryFrom,
    /// Whether the decisions file gives each code a retry hint (`retryable`).
    pub retryable: bool,
    /// Whether the set has errmsg docs: its entries then carry `errmsgs`.
    pub errmsgs: bool,
}

impl SetSpec {
    /// Whether the tables have a symbolic-name column.
    pub fn has_symbol(&self) -> bool {
        self.columns.contains(&Column::Symbol)
    }

    /// The category named `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().map(|c| &c.category).find(|c| c.as_str() == name)
    }

    /// The category whose sections list `heading`.
    pub fn category_of_section(&self, heading: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.sections.iter().any(|s| s == heading)).map(|c| &c.category)
    }

    /// The category names, joined for messages: `client, network, …`.
    pub fn category_names(&self) -> String {
        self.categories.iter().map(|c| c.category.as_str()).collect::<Vec<_>>().join(", ")
    }
}
