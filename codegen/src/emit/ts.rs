//! `generated/ts/src/table.ts`: the table as TypeScript `as const` literals.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use super::{EmitError, Emitter, GENERATED_NOTICE, Pretty, json_error};
use crate::reconcile::Reconciled;

/// Emits the table module of the TypeScript package: `SOURCES`, `DECISIONS`,
/// `STOP_REASONS`, `CONFLICTS` and `TEXTS` as `as const` literals with the
/// JSON's field names and values, so both answer the same.
pub struct TypeScript;

const PATH: &str = "ts/src/table.ts";

/// [`Pretty`] (serde_json's pretty formatter), except that inside strings `<` is escaped (so
/// `</script>` never appears when the module is inlined into HTML), and so is
/// every invisible character ([`super::is_invisible`], U+2028 and U+2029
/// among them: older engines end a line there). In JSON text those characters
/// can only occur inside strings, so the structure is never touched.
struct TsFormatter(Pretty);

impl Formatter for TsFormatter {
    #[inline]
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        if script_plain(fragment.as_bytes()) { w.write_all(fragment.as_bytes()) } else { write_escaped(w, fragment) }
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `fragment` with `<` and invisible characters escaped (few strings have one).
#[cold]
#[inline(never)]
fn write_escaped<W: ?Sized + io::Write>(w: &mut W, fragment: &str) -> io::Result<()> {
    let mut copied = 0;
    for (i, c) in fragment.char_indices().filter(|(_, c)| *c == '<' || (!c.is_ascii() && super::is_invisible(*c))) {
        w.write_all(&fragment.as_bytes()[copied..i])?;
        for unit in c.encode_utf16(&mut [0; 2]) {
            write!(w, "\\u{unit:04x}")?;
        }
        copied = i + c.len_utf8();
    }
    w.write_all(&fragment.as_bytes()[copied..])
}

/// Whether `bytes` holds nothing [`TsFormatter`] escapes: no `<` and no byte
/// that can start an invisible character. Most strings it sees are short
/// ASCII (every key and most values, 3 million at 100,000 codes): those of 8
/// to 16 bytes are checked as two overlapping 8-byte words.
#[inline]
fn script_plain(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // ASCII (no high bit) and no `<` (no zero byte once XORed with `<`s).
    let ascii_without_lt = |word: &[u8]| {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([b'<'; 8]));
        let lt = word ^ (ONES * u64::from(b'<'));
        word & HIGH == 0 && lt.wrapping_sub(ONES) & !lt & HIGH == 0
    };
    let len = bytes.len();
    if (8..=16).contains(&len) && ascii_without_lt(&bytes[..8]) && ascii_without_lt(&bytes[len - 8..]) {
        return true;
    }
    !super::any_byte(bytes, |b| b == b'<' || super::invisible_lead(b))
}

/// Streams a TypeScript expression for `value` to `out`: its pretty JSON,
/// escaped as [`TsFormatter`] says.
fn write_literal<T: Serialize + ?Sized>(out: &mut dyn io::Write, value: &T) -> Result<(), EmitError> {
    super::with_buffer(PATH, out, |out| {
        let mut serializer = serde_json::Serializer::with_formatter(out, TsFormatter(Pretty::default()));
        value.serialize(&mut serializer).map_err(|e| json_error(PATH, e))
    })
}

/// A TypeScript expression for `value`, as the emitter writes it: its pretty
/// JSON with `<` and invisible characters escaped inside strings.
///
/// # Errors
/// When `value` has no JSON form (a map with non-string keys).
pub fn ts_literal<T: Serialize + ?Sized>(value: &T) -> Result<String, EmitError> {
    let mut out = Vec::new();
    write_literal(&mut out, value)?;
    String::from_utf8(out).map_err(|e| EmitError::unrepresentable(PATH, e.to_string()))
}

impl Emitter for TypeScript {
    fn path(&self) -> &'static str {
        PATH
    }

    fn emit(&self, table: &Reconciled, out: &mut dyn io::Write) -> Result<(), EmitError> {
        let text = |out: &mut dyn io::Write, s: &str| out.write_all(s.as_bytes()).map_err(|e| EmitError::write(PATH, e));
        text(
            out,
            &format!("// {GENERATED_NOTICE}\n\n/** The docs the table was read from, in manifest order. */\nexport const SOURCES = "),
        )?;
        write_literal(out, &table.sources)?;
        text(
            out,
            " as const;\n\n/** The maintainers' decisions file, where curated texts come from (source `\"decisions\"`). */\nexport const DECISIONS = ",
        )?;
        write_literal(out, &table.decisions)?;
        text(out, " as const;\n\n/** Every known code pair, sorted by `(errcode, sub_errcode)`. */\nexport const STOP_REASONS = ")?;
        write_literal(out, &table.entries)?;
        text(out, " as const;\n\n/** Every disagreement found between the docs, with its resolution. */\nexport const CONFLICTS = ")?;
        write_literal(out, &table.conflicts)?;
        text(
            out,
            " as const;\n\n/** Every message text and alternate wording by language and comparison key (sorted by\n \
             * language, then key), with the positions in `STOP_REASONS` of the codes that give it. */\nexport const TEXTS = ",
        )?;
        write_literal(out, &table.texts)?;
        text(out, " as const;\n")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_plain_check_finds_what_needs_an_escape_at_every_length_and_place() {
        for len in 0..40 {
            let plain = "a".repeat(len);
            assert!(super::script_plain(plain.as_bytes()), "{len}");
            for at in 0..len {
                for needs in ["<", "\u{2028}", "\u{ad}", "\u{feff}"] {
                    let mut text = plain.clone();
                    text.replace_range(at..=at, needs);
                    assert!(!super::script_plain(text.as_bytes()), "{len} {at} {needs:?}");
                }
                let mut text = plain.clone();
                text.replace_range(at..=at, "é中");
                assert!(super::script_plain(text.as_bytes()), "{len} {at}: a letter is plain");
            }
        }
    }
}
