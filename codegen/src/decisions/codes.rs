//! Reads the `[codes]` entries of the decisions file without building a TOML
//! tree.
//!
//! At 100,000 codes `[codes]` is 100,000 lines of
//! `"18/503" = { category = "auth", retryable = false }`, and the toml crate's
//! tree of them (keys, values and spans, each table an index map) peaks at about
//! 210 MiB and half a second. This reader takes the same lines from
//! `toml_parser`'s event stream (the lexer and parser the toml crate itself is
//! built on), a line at a time, and blanks them out of a copy of the text;
//! the toml crate then reads the rest as before. Anything that is not exactly
//! that shape, a dotted key, a comment inside the braces, an unknown category,
//! a missing field, is left in place for the toml crate, so what is accepted and
//! what each error says stay the toml crate's; a file with any syntax error is
//! left to it whole.
//!
//! [`super::parse_with_toml`] reads the file with the toml crate alone; the
//! `decisions` fuzz target and the corpus test check that both agree.

use std::ops::Range;

use toml_parser::decoder::ScalarKind;
use toml_parser::lexer::TokenKind;
use toml_parser::parser::{Event, EventKind, EventReceiver, RecursionGuard};
use toml_parser::{ErrorSink, ParseError, Source, Span};

use super::Category;

/// One `[codes]` entry: read from the event stream, or from the toml crate's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CodeEntry {
    /// The key as written, decoded (`"18/503"` → `18/503`).
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// The `category` value.
    pub category: Category,
    /// The `retryable` value.
    pub retryable: bool,
}

/// The `[codes]` entries taken out of a decisions file, and the file's text
/// without them.
#[derive(Debug, Default)]
pub(super) struct FastCodes {
    /// The entries read, in file order.
    pub entries: Vec<CodeEntry>,
    /// The text with each entry read replaced by spaces (line breaks kept, so
    /// every byte offset and line stays where it was); `None` when nothing was
    /// read and the text is to be used as it is.
    pub rest: Option<String>,
}

/// How deep arrays and inline tables may nest before the parser reports an
/// error instead of recursing further: the toml crate's own limit.
const MAX_NESTING: u32 = 80;

/// Takes the plain `[codes]` entries out of `text`.
///
/// Never fails: a text `toml_parser` reports any error in is returned whole
/// (`rest: None`, no entries) for the toml crate to report on. The parser
/// validates lazily (a missing value is an empty scalar, a bad escape is found
/// when decoded), so every key and value taken is decoded here, and an entry
/// that does not decode cleanly is left in place.
pub(super) fn take(text: &str) -> FastCodes {
    let source = Source::new(text);
    let mut reader = Reader { source, entries: Vec::new(), header: None, in_codes: false, depth: 0, pending: Vec::new() };
    let mut errors = Vec::<ParseError>::new();
    // The parser recurses into nested arrays and inline tables: without a
    // bound, a line of a few thousand `[` overflows the stack.
    let mut guarded = RecursionGuard::new(&mut reader, MAX_NESTING);
    // The tokens are parsed a top-level line at a time (a line break outside
    // brackets and braces ends one; a multi-line string is one token), not
    // lexed whole first: 100,000 lines are two million tokens, 50 MB.
    let mut line = Vec::new();
    let mut nesting = 0_i64;
    for token in source.lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => nesting += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => nesting -= 1,
            _ => {}
        }
        let line_ends = token.kind() == TokenKind::Newline && nesting == 0;
        line.push(token);
        if line_ends {
            toml_parser::parser::parse_document(&line, &mut guarded, &mut errors);
            line.clear();
        }
    }
    if !line.is_empty() {
        toml_parser::parser::parse_document(&line, &mut guarded, &mut errors);
    }
    reader.finish_entry();
    if !errors.is_empty() || reader.entries.is_empty() {
        return FastCodes::default();
    }
    let mut rest = text.as_bytes().to_vec();
    for (_, span) in &reader.entries {
        for b in &mut rest[span.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole UTF-8 sequences were replaced, each byte by an ASCII space.
    let rest = String::from_utf8(rest).ok();
    FastCodes { entries: reader.entries.into_iter().map(|(entry, _)| entry).collect(), rest }
}

/// The event receiver: follows table headers and nesting, and collects the
/// significant events of each key-value pair directly under `[codes]`.
struct Reader<'i> {
    source: Source<'i>,
    /// Entries read, each with the byte range to blank (key to closing brace).
    entries: Vec<(CodeEntry, Range<usize>)>,
    /// The keys of the table header being read, if one is open.
    header: Option<Vec<Event>>,
    /// Whether the current table is `[codes]` (a standard table, not an array).
    in_codes: bool,
    /// Nesting of inline tables and arrays.
    depth: usize,
    /// The current `[codes]` entry's events, whitespace and comments left out.
    pending: Vec<Event>,
}

impl Reader<'_> {
    fn push(&mut self, kind: EventKind, encoding: Option<toml_parser::decoder::Encoding>, span: Span) {
        let event = Event::new_unchecked(kind, encoding, span);
        if let Some(header) = &mut self.header {
            header.push(event);
        } else if self.in_codes {
            self.pending.push(event);
        }
    }

    /// Ends the pending entry (at a line break outside braces and brackets).
    fn finish_entry(&mut self) {
        if !self.pending.is_empty() {
            if let Some(read) = entry(&self.source, &self.pending) {
                self.entries.push(read);
            }
            self.pending.clear();
        }
    }

    fn open_header(&mut self) {
        self.finish_entry();
        self.header = Some(Vec::new());
        self.in_codes = false;
    }

    fn close_header(&mut self, standard: bool) {
        let keys = self.header.take().unwrap_or_default();
        self.in_codes = standard && matches!(keys.as_slice(), [key] if decode_key(&self.source, key).as_deref() == Some("codes"));
    }
}

impl EventReceiver for Reader<'_> {
    fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.open_header();
    }
    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.close_header(true);
    }
    fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.open_header();
    }
    fn array_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.close_header(false);
    }
    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        self.push(EventKind::InlineTableOpen, None, span);
        true
    }
    fn inline_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
        self.push(EventKind::InlineTableClose, None, span);
    }
    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        self.push(EventKind::ArrayOpen, None, span);
        true
    }
    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
        self.push(EventKind::ArrayClose, None, span);
    }
    fn simple_key(&mut self, span: Span, kind: Option<toml_parser::decoder::Encoding>, _error: &mut dyn ErrorSink) {
        self.push(EventKind::SimpleKey, kind, span);
    }
    fn key_sep(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.push(EventKind::KeySep, None, span);
    }
    fn key_val_sep(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.push(EventKind::KeyValSep, None, span);
    }
    fn scalar(&mut self, span: Span, kind: Option<toml_parser::decoder::Encoding>, _error: &mut dyn ErrorSink) {
        self.push(EventKind::Scalar, kind, span);
    }
    fn value_sep(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.push(EventKind::ValueSep, None, span);
    }
    fn comment(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        // A comment inside the braces (TOML 1.1) leaves the entry to the toml crate.
        if self.depth > 0 {
            self.push(EventKind::Comment, None, span);
        }
    }
    fn newline(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        if self.depth == 0 {
            self.finish_entry();
        } else {
            self.push(EventKind::Newline, None, span);
        }
    }
    fn error(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.push(EventKind::Error, None, span);
    }
}

/// Reads `KEY = { category = "…", retryable = BOOL }` (the two fields in either
/// order, each once, no trailing comma); `None` for anything else.
fn entry(source: &Source<'_>, events: &[Event]) -> Option<(CodeEntry, Range<usize>)> {
    use EventKind::{InlineTableClose as Close, InlineTableOpen as Open, KeyValSep as Eq, Scalar, SimpleKey as Key, ValueSep as Sep};
    if !events.iter().map(Event::kind).eq([Key, Eq, Open, Key, Eq, Scalar, Sep, Key, Eq, Scalar, Close]) {
        return None;
    }
    let (mut category, mut retryable) = (None, None);
    for (name, value) in [(&events[3], &events[5]), (&events[7], &events[9])] {
        let mut decoded = std::borrow::Cow::Borrowed("");
        let mut errors = Vec::<ParseError>::new();
        let kind = source.get(value)?.decode_scalar(&mut decoded, &mut errors);
        if !errors.is_empty() {
            return None;
        }
        match (decode_key(source, name)?.as_str(), kind) {
            ("category", ScalarKind::String) if category.is_none() => {
                category = Some(Category::ALL.into_iter().find(|c| c.as_str() == decoded)?);
            }
            ("retryable", ScalarKind::Boolean(b)) if retryable.is_none() => retryable = Some(b),
            _ => return None,
        }
    }
    let key = &events[0];
    let key_span = key.span().start()..key.span().end();
    let whole = key_span.start..events[10].span().end();
    Some((CodeEntry { key: decode_key(source, key)?, key_span, category: category?, retryable: retryable? }, whole))
}

/// A key's decoded text; `None` when it does not decode cleanly.
fn decode_key(source: &Source<'_>, key: &Event) -> Option<String> {
    let mut decoded = std::borrow::Cow::Borrowed("");
    let mut errors = Vec::<ParseError>::new();
    source.get(key)?.decode_key(&mut decoded, &mut errors);
    errors.is_empty().then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(codes: &FastCodes) -> Vec<&str> {
        codes.entries.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn reads_plain_entries_and_blanks_them_in_place() {
        let text = "schema_version = 1\n[codes]\n\"16\" = { category = \"internal\", retryable = true } # why\n'18/503' = {retryable=false,category=\"auth\"}\r\n";
        let codes = take(text);
        assert_eq!(
            codes.entries,
            [
                CodeEntry { key: "16".into(), key_span: 27..31, category: Category::Internal, retryable: true },
                CodeEntry { key: "18/503".into(), key_span: 84..92, category: Category::Auth, retryable: false },
            ]
        );
        let rest = codes.rest.expect("entries were read");
        assert_eq!(rest.len(), text.len());
        assert_eq!(
            rest.lines().collect::<Vec<_>>(),
            ["schema_version = 1", "[codes]", &format!("{} # why", " ".repeat(50)), &" ".repeat(44)]
        );
        assert!(rest.ends_with("\r\n"));
    }

    #[test]
    fn leaves_every_other_shape_to_the_toml_crate() {
        let text = "[codes]\n\
            \"1\" = { category = \"internal\", retryable = true }\n\
            \"2\".category = \"auth\"\n\
            \"3\" = { category = \"nonsense\", retryable = true }\n\
            \"4\" = { category = \"auth\" }\n\
            \"5\" = { category = \"auth\", retryable = \"yes\" }\n\
            \"6\" = { category = \"auth\", retryable = true, why = \"x\" }\n\
            \"7\" = { category = \"auth\", category = \"auth\" }\n\
            \"8\" = [1, 2]\n\
            \"9\" = { category = \"a\\u0075th\", retryable = true }\n\
            [codes.x]\n\"10\" = { category = \"auth\", retryable = true }\n\
            [[codes]]\n\"11\" = { category = \"auth\", retryable = true }\n\
            [other]\n\"12\" = { category = \"auth\", retryable = true }\n";
        let codes = take(text);
        assert_eq!(keys(&codes), ["1", "9"], "only the plain entries; escapes are decoded");
        assert_eq!(codes.entries[1].category, Category::Auth);
    }

    #[test]
    fn a_file_with_a_syntax_error_is_left_whole() {
        let codes = take("[codes]\n\"1\" = { category = \"internal\", retryable = true }\n\"2\" = { category = \"auth\"\n");
        assert_eq!(codes.entries, []);
        assert!(codes.rest.is_none());
        assert!(take("schema_version = 1\n").rest.is_none(), "nothing to take");
        // The parser validates lazily: a missing value is an empty scalar, found
        // when decoded. The entry stays for the toml crate to report.
        assert_eq!(keys(&take("[codes]\n\"1\" = { category = \"internal\", retryable = true }\n\"2\" = \n")), ["1"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // Found by the `decisions` fuzz target: the test thread's 2 MiB stack
        // overflowed in the parser's recursion.
        let text = format!("[codes]\n\"1\" = {{ category = \"internal\", retryable = true }}\n\"2\" = {}\n", "[".repeat(20_000));
        let codes = take(&text);
        assert_eq!(codes.entries, []);
        assert!(codes.rest.is_none());
    }
}
