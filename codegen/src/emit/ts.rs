//! `generated/<set>/ts/src/table.ts`: the table as TypeScript `as const` literals.

use std::fmt::Write as _;

use serde::Serialize;

use super::{EmitError, Emitter, GENERATED_NOTICE, is_invisible, pretty_json};
use crate::model::{KeyType, KeyValue, Reconciled, SetSpec};

/// Emits the table module of the TypeScript package: `SOURCES`, `DECISIONS`,
/// `STOP_REASONS`, `CONFLICTS`, `TEXTS` and `ERRMSGS` as `as const` literals with the
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
        let constants: [(&str, &str, String); 6] = [
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
            (
                "Every `errmsg` string by comparison key (sorted by key), with the positions in the\n \
                 * entries of the codes that give it.",
                "ERRMSGS",
                ts_literal(&table.errmsg_texts)?,
            ),
        ];
        let mut out = format!("// {GENERATED_NOTICE}\n");
        for (doc, name, value) in constants {
            let _ = write!(out, "\n/** {doc} */\nexport const {name} = {value} as const;\n");
        }
        out.push_str(&types(&table.set, &entries));
        out.push_str(&lookups(&table.set));
        Ok(out)
    }
}

/// A TypeScript string literal of `text` (its JSON form).
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The set's types: `Lang` and `LANGS`, the entry type and `ENTRIES`, `Code`,
/// `Category`, `Source` and `Conflict`.
fn types(set: &SetSpec, entries: &str) -> String {
    let tags: Vec<String> = set.languages.all().iter().map(|l| quoted(l.tag())).collect();
    let entry = &set.outputs.entry_type;
    let fields: Vec<String> = set
        .key
        .columns
        .iter()
        .map(|c| format!("readonly {}: {}", c.name, if c.ty == KeyType::String { "string" } else { "number" }))
        .collect();
    let mut out = format!(
        "\n/** A language of the table, by its BCP 47 tag. */\nexport type Lang = {};\n\n\
         /** Every language, in table order. */\nexport const LANGS: readonly Lang[] = [{}];\n\n\
         /** One code of the table: {}, and its {} in every language. */\nexport type {entry} = (typeof {entries})[number];\n\n\
         /** The entry type, by the name the runtime knows it by. */\nexport type Entry = {entry};\n\n\
         /** The entries, by the name the runtime knows them by. */\nexport const ENTRIES: readonly Entry[] = {entries};\n\n\
         /** A code, by its key's columns. */\nexport interface Code {{\n  {};\n}}\n\n\
         /** The key's columns, in order. */\nexport const KEY_COLUMNS: readonly (keyof Code)[] = [{}];\n\n\
         /** A doc the table was generated from. */\nexport type Source = (typeof SOURCES)[number];\n\n\
         /** A disagreement found between the docs, with its resolution. */\nexport type Conflict = (typeof CONFLICTS)[number];\n",
        tags.join(" | "),
        tags.join(", "),
        set.key.names(),
        set.text,
        fields.join(";\n  "),
        set.key.columns.iter().map(|c| quoted(&c.name)).collect::<Vec<_>>().join(", "),
    );
    if !set.categories.is_empty() {
        let _ = write!(out, "\n/** What a code is about, for grouping on dashboards. */\nexport type Category = {entry}[\"category\"];\n");
    }
    out
}

/// `lookup(…)` by the key's columns (those with a default optional), and
/// `lookupSymbol` where the set's codes have symbolic names.
fn lookups(set: &SetSpec) -> String {
    let entry = &set.outputs.entry_type;
    let columns = &set.key.columns;
    let params: Vec<String> = columns
        .iter()
        .map(|c| {
            let name = camel(&c.name);
            match (&c.default, c.ty) {
                (Some(KeyValue::Int(n)), _) => format!("{name} = {n}"),
                (Some(KeyValue::Text(t)), _) => format!("{name} = {}", quoted(t)),
                (None, KeyType::String) => format!("{name}: string"),
                (None, _) => format!("{name}: number"),
            }
        })
        .collect();
    let args: Vec<String> = columns.iter().map(|c| camel(&c.name)).collect();
    let ty = |c: &crate::model::KeyColumn| if c.ty == KeyType::String { "string" } else { "number" };
    // Maps keyed by the values themselves, nested for two columns: no key
    // string is built per lookup (with `JSON.stringify` of the values, a
    // lookup took 200 ns instead of a few).
    let index = match columns.as_slice() {
        [one] => format!("const BY_CODE: ReadonlyMap<{}, {entry}> = new Map(ENTRIES.map((e) => [e.{}, e] as const));\n", ty(one), one.name),
        [first, second] => format!(
            "const BY_CODE = new Map<{}, Map<{}, {entry}>>();\nfor (const e of ENTRIES) {{\n  const inner = BY_CODE.get(e.{}) ?? new Map<{}, {entry}>();\n  inner.set(e.{}, e);\n  BY_CODE.set(e.{}, inner);\n}}\n",
            ty(first),
            ty(second),
            first.name,
            ty(second),
            second.name,
            first.name
        ),
        many => format!(
            "const keyOf = (...values: readonly (number | string)[]): string => values.join(\"\\u0000\");\n\n\
             const BY_CODE: ReadonlyMap<string, {entry}> = new Map(ENTRIES.map((e) => [keyOf({}), e] as const));\n",
            many.iter().map(|c| format!("e.{}", c.name)).collect::<Vec<_>>().join(", ")
        ),
    };
    let get = match args.as_slice() {
        [one] => format!("BY_CODE.get({one})"),
        [first, second] => format!("BY_CODE.get({first})?.get({second})"),
        many => format!("BY_CODE.get(keyOf({}))", many.join(", ")),
    };
    let mut out = format!(
        "\n{index}\n/** The entry for `{}`, or `undefined` for a code no doc lists. */\n\
         export function lookup({}): {entry} | undefined {{\n  return {get};\n}}\n",
        set.key.names(),
        params.join(", "),
    );
    if set.has_symbol() {
        out.push_str(&symbols_object(set));
        let _ = write!(
            out,
            "\nconst BY_SYMBOL: ReadonlyMap<string, {entry}> = new Map(ENTRIES.map((e) => [e.symbol, e] as const));\n\n\
             /** The entry whose symbolic name is `symbol`, as the docs write it, or `undefined`. */\n\
             export function lookupSymbol(symbol: string): {entry} | undefined {{\n  return BY_SYMBOL.get(symbol);\n}}\n"
        );
    }
    out
}

/// `SYMBOLS`: each symbolic name's code, taken from the entries.
fn symbols_object(set: &SetSpec) -> String {
    let code = match set.key.columns.as_slice() {
        [one] => format!("e.{}", one.name),
        many => format!("{{ {} }}", many.iter().map(|c| format!("{0}: e.{0}", c.name)).collect::<Vec<_>>().join(", ")),
    };
    format!(
        "\n/** The codes by their symbolic names, as the docs write them (`SYMBOLS.ERR_ROOM_ENTER_FAIL`). */\n\
         export const SYMBOLS = Object.fromEntries(ENTRIES.map((e) => [e.symbol, {code}] as const)) as {{\n  \
         readonly [S in {entry}[\"symbol\"]]: Extract<{entry}, {{ readonly symbol: S }}>[{key}];\n}};\n",
        entry = set.outputs.entry_type,
        key = match set.key.columns.as_slice() {
            [one] => format!("\"{}\"", one.name),
            _ => "never".to_owned(),
        }
    )
}

/// `sub_errcode` → `subErrcode`.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
