//! `generated/ts/src/table.ts`: the table as a TypeScript `as const` literal.

use std::fmt::Write as _;

use super::{EmitError, Emitter, GENERATED_NOTICE};
use crate::reconcile::Reconciled;

/// Emits the table module of the TypeScript package: `SOURCES` and
/// `STOP_REASONS` as `as const` literals, with JSON's field names.
pub struct TypeScript;

/// A TypeScript string literal for `s`: JSON's escaping, plus U+2028 and
/// U+2029 escaped (older engines end a line there) and `<` escaped so that
/// `</script>` never appears when the module is inlined into HTML.
pub fn ts_string(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| String::from("\"\""));
    json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").replace('<', "\\u003c")
}

impl Emitter for TypeScript {
    fn path(&self) -> &'static str {
        "ts/src/table.ts"
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let mut out = format!("// {GENERATED_NOTICE}\n\n");
        out.push_str("/** The docs the table was read from, in manifest order. */\nexport const SOURCES = [\n");
        for s in &table.sources {
            let _ = writeln!(
                out,
                "  {{ id: {}, file: {}, lang: {}, role: {}, origin: {}, sha256: {} }},",
                ts_string(&s.id),
                ts_string(&s.file),
                ts_string(s.lang.tag()),
                ts_string(s.role.as_str()),
                ts_string(&s.origin),
                ts_string(&s.sha256)
            );
        }
        out.push_str("] as const;\n\n/** Every known code pair, sorted by `(errcode, sub_errcode)`. */\nexport const STOP_REASONS = [\n");
        for e in &table.entries {
            let _ = writeln!(out, "  {{\n    errcode: {},\n    sub_errcode: {},\n    messages: {{", e.errcode, e.sub_errcode);
            for (lang, m) in &e.messages {
                let provenance = serde_json::to_string(&m.provenance).map_err(|err| EmitError { path: "ts/src/table.ts", message: err.to_string() })?;
                let _ = writeln!(
                    out,
                    "      {}: {{ text: {}, provenance: {provenance}, source: {}, line: {} }},",
                    lang.tag(),
                    ts_string(&m.text),
                    ts_string(&m.source),
                    m.line
                );
            }
            out.push_str("    },\n  },\n");
        }
        out.push_str("] as const;\n");
        Ok(out)
    }
}
