//! A doc set's key: the columns that name one code (`errcode` and
//! `sub_errcode`, or a signed `value`, or a string such as
//! `InvalidInput.InvalidTimeOffset`) and the code, a tuple of their values.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// The type of a key column's values, as the manifest names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    /// Whole numbers 0–65535.
    U16,
    /// Whole numbers 0–4294967295.
    U32,
    /// Whole numbers −2147483648–2147483647 (SDK error codes such as `-3301`).
    I32,
    /// Whole numbers in the 64-bit signed range.
    I64,
    /// Text without whitespace, such as `InvalidInput.InvalidTimeOffset`.
    String,
}

impl KeyType {
    /// The manifest's spelling, which is also the Rust type of the column
    /// (`&'static str` for `string`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::U16 => "u16",
            KeyType::U32 => "u32",
            KeyType::I32 => "i32",
            KeyType::I64 => "i64",
            KeyType::String => "string",
        }
    }

    /// The smallest and largest value of a numeric type; `None` for `string`.
    pub fn range(self) -> Option<(i64, i64)> {
        match self {
            KeyType::U16 => Some((0, i64::from(u16::MAX))),
            KeyType::U32 => Some((0, i64::from(u32::MAX))),
            KeyType::I32 => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
            KeyType::I64 => Some((i64::MIN, i64::MAX)),
            KeyType::String => None,
        }
    }

    /// Reads one value of this type as a doc or the decisions file writes it:
    /// ASCII digits with an optional leading `-` (or `+`) for numbers, without
    /// leading zeros (`0019` is refused: no doc writes one, and whether it
    /// means 19 is for the maintainers to say); any text without whitespace
    /// for strings.
    ///
    /// # Errors
    /// What is wrong with the text.
    pub fn parse(self, text: &str) -> Result<KeyValue, KeyError> {
        let Some((min, max)) = self.range() else {
            return if text.is_empty() || text.chars().any(char::is_whitespace) {
                Err(KeyError::NotOneWord)
            } else {
                Ok(KeyValue::Text(text.to_owned()))
            };
        };
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            let other_digits = !digits.is_empty() && digits.chars().all(char::is_numeric);
            return Err(if other_digits { KeyError::OtherDigits } else { KeyError::NotWhole });
        }
        if digits.len() > 1 && digits.starts_with('0') {
            return Err(KeyError::LeadingZero);
        }
        match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(KeyValue::Int(n)),
            _ => Err(KeyError::OutOfRange(self)),
        }
    }
}

/// Why a text is not a value of a key column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Not a whole number (for a numeric type).
    #[error("is not a whole number")]
    NotWhole,
    /// Digits, but not the ASCII ones (full-width, Arabic-Indic, …).
    #[error("uses digits other than the ASCII 0-9")]
    OtherDigits,
    /// A number written with a leading zero (`0019`).
    #[error("is written with a leading zero")]
    LeadingZero,
    /// A number outside the type's range.
    #[error("is beyond the range of {} ({} to {})", .0.as_str(), .0.range().map_or(0, |r| r.0), .0.range().map_or(0, |r| r.1))]
    OutOfRange(KeyType),
    /// Empty, or holding whitespace (for a string type).
    #[error("is empty or holds whitespace (a string code is one word)")]
    NotOneWord,
}

/// One value of a key column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyValue {
    /// A number (every numeric [`KeyType`] fits an `i64`).
    Int(i64),
    /// A string.
    Text(String),
}

impl fmt::Display for KeyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyValue::Int(n) => write!(f, "{n}"),
            KeyValue::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for KeyValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            KeyValue::Int(n) => serializer.serialize_i64(*n),
            KeyValue::Text(s) => serializer.serialize_str(s),
        }
    }
}

/// One column of the key, from the manifest's `[[key]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyColumn {
    /// The field name in every artifact (`errcode`), a snake_case identifier.
    pub name: String,
    /// The values' type.
    pub ty: KeyType,
    /// The value where a doc gives none (a code cell merged across this
    /// column by `colspan`, or a table without the column); `None`: always given.
    pub default: Option<KeyValue>,
    /// One line saying what the column is (doc comments and the schema).
    pub description: String,
}

/// The key of a doc set: its columns, in order. Codes sort by their values
/// in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyShape {
    /// The columns, at least one.
    pub columns: Vec<KeyColumn>,
}

impl KeyShape {
    /// The code with `values`, one per column, each of its column's type.
    pub fn code(self: &Arc<Self>, values: Vec<KeyValue>) -> Code {
        debug_assert_eq!(values.len(), self.columns.len());
        Code { values: values.into(), shape: Arc::clone(self) }
    }

    /// Reads a code in the decisions file's notation: the values joined by
    /// `/`, trailing columns that have a default left out (`"16"` is
    /// `16/0`, `"18/305"`); a one-column key is the whole text.
    ///
    /// # Errors
    /// Why the text is not a code, in words for a diagnostic.
    pub fn parse(self: &Arc<Self>, text: &str) -> Result<Code, String> {
        let parts: Vec<&str> = if self.columns.len() == 1 { vec![text] } else { text.split('/').collect() };
        if parts.len() > self.columns.len() {
            return Err(format!("`{text}` has {} parts; a code has at most {}", parts.len(), self.columns.len()));
        }
        let mut values = Vec::with_capacity(self.columns.len());
        for (i, column) in self.columns.iter().enumerate() {
            match (parts.get(i), &column.default) {
                (Some(part), _) => values.push(column.ty.parse(part).map_err(|e| format!("its {} `{part}` {e}", column.name))?),
                (None, Some(default)) => values.push(default.clone()),
                (None, None) => return Err(format!("`{text}` gives no {}", column.name)),
            }
        }
        Ok(self.code(values))
    }

    /// How a code is written, for help texts: `"errcode/sub_errcode"`, `"value"`.
    pub fn notation(&self) -> String {
        self.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("/")
    }

    /// The column names, for messages: `(errcode, sub_errcode)` or `value`.
    pub fn names(&self) -> String {
        match self.columns.as_slice() {
            [one] => one.name.clone(),
            many => format!("({})", many.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")),
        }
    }
}

/// A code: one value per column of its set's key. Compared, ordered and
/// hashed by its values alone; serialized as an object of its columns
/// (`{"errcode": 18, "sub_errcode": 305}`).
#[derive(Debug, Clone)]
pub struct Code {
    values: Arc<[KeyValue]>,
    shape: Arc<KeyShape>,
}

impl Code {
    /// The values, one per key column.
    pub fn values(&self) -> &[KeyValue] {
        &self.values
    }

    /// The key this code is of.
    pub fn shape(&self) -> &KeyShape {
        &self.shape
    }

    /// Each column with the code's value in it.
    pub fn fields(&self) -> impl Iterator<Item = (&KeyColumn, &KeyValue)> {
        self.shape.columns.iter().zip(self.values.iter())
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

impl Eq for Code {}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> Ordering {
        self.values.cmp(&other.values)
    }
}

impl Hash for Code {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.values.hash(state);
    }
}

impl fmt::Display for Code {
    /// The decisions file's notation: `16` for `16/0` (trailing defaults left
    /// out), `18/305`, `-3301`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.values.len();
        while shown > 1 && self.shape.columns[shown - 1].default.as_ref() == Some(&self.values[shown - 1]) {
            shown -= 1;
        }
        for (i, value) in self.values[..shown].iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            write!(f, "{value}")?;
        }
        Ok(())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (column, value) in self.fields() {
            map.serialize_entry(&column.name, value)?;
        }
        map.end()
    }
}

impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    /// A placeholder: the schema emitter writes each set's key columns here.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object" })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The stream-interruption key: `errcode` and `sub_errcode` (default 0).
    pub(crate) fn css_key() -> Arc<KeyShape> {
        let column = |name: &str, default: Option<KeyValue>| KeyColumn {
            name: name.to_owned(),
            ty: KeyType::U16,
            default,
            description: format!("The `{name}`."),
        };
        Arc::new(KeyShape { columns: vec![column("errcode", None), column("sub_errcode", Some(KeyValue::Int(0)))] })
    }

    /// The stream-interruption code `errcode/sub_errcode`.
    pub(crate) fn code(errcode: i64, sub_errcode: i64) -> Code {
        css_key().code(vec![KeyValue::Int(errcode), KeyValue::Int(sub_errcode)])
    }

    #[test]
    fn codes_read_and_write_the_decisions_notation() {
        let key = css_key();
        assert_eq!(key.parse("16"), Ok(code(16, 0)));
        assert_eq!(key.parse("18/305"), Ok(code(18, 305)));
        assert!(key.parse("18/").is_err());
        assert_eq!(key.parse("１８"), Err("its errcode `１８` uses digits other than the ASCII 0-9".to_owned()));
        assert_eq!(KeyType::U16.parse("70000").unwrap_err().to_string(), "is beyond the range of u16 (0 to 65535)");
        assert!(key.parse("70000").unwrap_err().contains("beyond the range"));
        assert!(key.parse("1/2/3").is_err());
        assert_eq!(code(18, 305).to_string(), "18/305");
        assert_eq!(code(16, 0).to_string(), "16");
        assert_eq!(serde_json::to_string(&code(18, 305)).unwrap(), r#"{"errcode":18,"sub_errcode":305}"#);
    }

    #[test]
    fn signed_and_string_keys() {
        let one = |ty| Arc::new(KeyShape { columns: vec![KeyColumn { name: "v".into(), ty, default: None, description: String::new() }] });
        assert_eq!(one(KeyType::I32).parse("-3301").map(|c| c.to_string()), Ok("-3301".to_owned()));
        assert!(one(KeyType::U32).parse("-1").is_err());
        let s = one(KeyType::String);
        assert_eq!(s.parse("InvalidInput.InvalidTimeOffset/x").map(|c| c.to_string()), Ok("InvalidInput.InvalidTimeOffset/x".to_owned()));
        assert!(s.parse("two words").is_err());
        assert!(s.parse("a") < s.parse("b"));
    }
}
