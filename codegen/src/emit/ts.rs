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
        if c == '<' || is_invisible(c) {
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
        let set = &*table.set;
        let entries = set.outputs.json.to_ascii_uppercase();
        let entry = &set.outputs.entry_type;
        let sorted_by = format!("Every known code, sorted by `{}`.", set.key.names());
        // (doc, name, type, data): each table is an `as const` literal kept
        // inside the module, exported under its named type.
        let constants: [(&str, &str, String, String); 6] = [
            (
                "The docs the table was read from, in manifest order.",
                "SOURCES",
                "readonly Source[]".to_owned(),
                ts_literal(&table.sources)?,
            ),
            (
                "The maintainers' decisions file, where curated texts come from (source `\"decisions\"`): its path and SHA-256.",
                "DECISIONS",
                "{ readonly file: string; readonly sha256: string }".to_owned(),
                ts_literal(&table.decisions)?,
            ),
            (&sorted_by, &entries, format!("readonly {entry}[]"), ts_literal(&table.entries)?),
            (
                "Every disagreement found between the docs, with its resolution.",
                "CONFLICTS",
                "readonly Conflict[]".to_owned(),
                ts_literal(&table.conflicts)?,
            ),
            (
                "Every message text and alternate wording by language and comparison key (sorted by\n \
                 * language, then key), with the positions in the entries of the codes that give it.",
                "TEXTS",
                "readonly IndexedText[]".to_owned(),
                ts_literal(&table.texts)?,
            ),
            (
                "Every `errmsg` string by comparison key (sorted by key), with the positions in the\n \
                 * entries of the codes that give it.",
                "ERRMSGS",
                "readonly IndexedErrmsg[]".to_owned(),
                ts_literal(&table.errmsg_texts)?,
            ),
        ];
        let mut out = format!(
            "// {GENERATED_NOTICE}\n\nimport type {{ Conflict, Errmsg, IndexedErrmsg, IndexedText, Message, Source }} from \"./runtime.js\";\n"
        );
        for (_, name, _, value) in &constants {
            let _ = write!(out, "\nconst {name}_DATA = {value} as const;\n");
        }
        out.push_str(&types(set));
        for (doc, name, ty, _) in &constants {
            let value = if *name == entries { format!("{name}_DATA.map(withToString)") } else { format!("{name}_DATA") };
            let _ = write!(out, "\n/** {doc} */\nexport const {name}: {ty} = {value};\n");
        }
        let _ = write!(
            out,
            "\n/** The entry type, by the name the runtime knows it by. */\nexport type Entry = {entry};\n\n\
             /** The entries, by the name the runtime knows them by. */\nexport const ENTRIES: readonly Entry[] = {entries};\n"
        );
        out.push_str(&lookups(set));
        Ok(out)
    }
}

/// A TypeScript string literal of `text` (its JSON form).
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The set's types: `Lang` and `LANGS`, `Category`, `Code` and
/// `KEY_COLUMNS`, and the entry interface (`StopReason`) with the
/// `toString` its entries get.
fn types(set: &SetSpec) -> String {
    let tags: Vec<String> = set.languages.all().iter().map(|l| quoted(l.tag())).collect();
    let entry = &set.outputs.entry_type;
    let ty = |c: &crate::model::KeyColumn| if c.ty == KeyType::String { "string" } else { "number" };
    let fields: Vec<String> = set.key.columns.iter().map(|c| format!("readonly {}: {}", c.name, ty(c))).collect();
    let mut out = format!(
        "\n/** A language of the table, by its BCP 47 tag. */\nexport type Lang = {};\n\n\
         /** Every language, in table order. */\nexport const LANGS: readonly Lang[] = [{}];\n\n\
         /** A code, by its key's columns. */\nexport interface Code {{\n  {};\n}}\n\n\
         /** The key's columns, in order. */\nexport const KEY_COLUMNS: readonly (keyof Code)[] = [{}];\n",
        tags.join(" | "),
        tags.join(", "),
        fields.join(";\n  "),
        set.key.columns.iter().map(|c| quoted(&c.name)).collect::<Vec<_>>().join(", "),
    );
    let mut members: Vec<String> =
        set.key.columns.iter().map(|c| format!("  /** {} */\n  readonly {}: {};", c.description, c.name, ty(c))).collect();
    if set.has_symbol() {
        members
            .push("  /** The symbolic name the docs give the code, e.g. `ERR_ROOM_ENTER_FAIL`. */\n  readonly symbol: string;".to_owned());
    }
    if !set.categories.is_empty() {
        let names: Vec<String> = set.categories.iter().map(|c| quoted(c.category.as_str())).collect();
        let _ = write!(
            out,
            "\n/** What a code is about, for grouping on dashboards and alerts. */\nexport type Category = {};\n",
            names.join(" | ")
        );
        let _ = write!(
            out,
            "\n/** Every category, in the manifest's order. */\nexport const CATEGORIES: readonly Category[] = [{}];\n",
            names.join(", ")
        );
        members.push("  /** What the code is about. */\n  readonly category: Category;".to_owned());
    }
    if set.retryable {
        members.push("  /** Whether trying again, unchanged, would likely work. */\n  readonly retryable: boolean;".to_owned());
    }
    members.push(format!(
        "  /** The {} in every language, with where each text comes from. */\n  readonly messages: {{ readonly [L in Lang]: Message }};",
        set.text
    ));
    if set.errmsgs {
        members.push("  /** The `errmsg` strings a callback carries with the code's errcode, with the docs that list them. */\n  readonly errmsgs: readonly Errmsg[];".to_owned());
    }
    let first = set.languages.all().first().map_or("en", |l| l.tag());
    members.push(format!(
        "  /** The code, {}and the text in {first}: `18/503 (auth): …`. */\n  toString(): string;",
        if set.categories.is_empty() { "" } else { "the category " }
    ));
    let _ = write!(
        out,
        "\n/** One code of the table: {}, and its {} in every language. */\nexport interface {entry} {{\n{}\n}}\n",
        set.key.names(),
        set.text,
        members.join("\n")
    );
    out.push_str(&to_string_fn(set, entry, first));
    out
}

/// `withToString`: an entry of the data as the entry type, with a
/// `toString` reading like the Rust crate's `Display` (the code with trailing
/// columns at their default left out, the category, the text in the first
/// language).
fn to_string_fn(set: &SetSpec, entry: &str, first: &str) -> String {
    let columns = &set.key.columns;
    let required = columns.iter().take_while(|c| c.default.is_none()).count().max(1);
    let values: Vec<String> = columns.iter().map(|c| format!("this.{}", c.name)).collect();
    let defaults: Vec<String> = columns
        .iter()
        .map(|c| match &c.default {
            Some(KeyValue::Int(n)) => n.to_string(),
            Some(KeyValue::Text(t)) => quoted(t),
            None => "undefined".to_owned(),
        })
        .collect();
    let category = if set.categories.is_empty() { "" } else { " (${this.category})" };
    format!(
        "\nconst DEFAULTS: readonly (number | string | undefined)[] = [{}];\n\n\
         const ENTRY_PROTOTYPE = {{\n  toString(this: {entry}): string {{\n    const shown: (number | string)[] = [{}];\n    \
         while (shown.length > {required} && shown[shown.length - 1] === DEFAULTS[shown.length - 1]) shown.pop();\n    \
         return `${{shown.join(\"/\")}}{category}: ${{this.messages[{}].text}}`;\n  }},\n}};\n\n\
         function withToString(data: Omit<{entry}, \"toString\">): {entry} {{\n  return Object.freeze(Object.assign(Object.create(ENTRY_PROTOTYPE) as {entry}, data));\n}}\n",
        defaults.join(", "),
        values.join(", "),
        quoted(first),
    )
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
