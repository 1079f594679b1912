//! Reads the one `<table>` of a raw HTML block with html5ever's tokenizer and
//! the table rules of the HTML tree-construction algorithm, without building a
//! DOM.
//!
//! A DOM of a table of 100,000 rows is a million nodes (about 150 MiB, most of
//! a second to build); the rows need only the cells' text, spans and lines.
//! The rules that decide which cell a piece of text lands in are few, and are
//! followed as the standard states them:
//! - `<td>`/`<th>` close the open cell; `<tr>` closes the open cell and row,
//!   and so do the table-level `<caption>`, `<col>`, `<colgroup>`, `<tbody>`,
//!   `<thead>`, `<tfoot>`, and the end of the open row group (`</tbody>` in a
//!   `<thead>` is ignored); a cell outside a row opens one (the parser's
//!   implied `<tr>`, in an implied `<tbody>`);
//! - `</td>` and `</th>` close the open cell only if it is of their kind, and
//!   are otherwise ignored (so `<th>…</td>` runs on to the next cell, as the
//!   docs write their headers); `</tr>` closes the row; `</table>` the table;
//! - text outside a cell is moved out of the table by the parser ("foster
//!   parenting"), so it is dropped here;
//! - a `<table>` inside a cell is a nested table (refused); one outside a cell
//!   ends the first table, which is the one read;
//! - `<script>`, `<style>`, `<textarea>`, `<title>`, `<noscript>` and the
//!   like switch the tokenizer to raw text as the parser would, and their text
//!   is the cell's;
//! - SVG and MathML content builds no cells (its tags are foreign elements, its
//!   CDATA is text) until a tag of the parser's "breakout" list or an end tag
//!   of an enclosing HTML element ends it; inside its integration points
//!   (`<foreignObject>`, `<mi>`, …) tags are HTML again;
//! - a `<template>`'s content is inert: its tags build nothing, its text is
//!   the open cell's;
//! - `<br>` (and the `</br>` browsers read as one) is a space; NUL is dropped.
//!
//! A test replays every HTML input of the fuzz corpora, the seed docs and the
//! bad-input corpus through this reader and through scraper's full tree
//! builder, and requires the same rows; the `html_oracle` fuzz target does the
//! same with new inputs.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

use super::SourceCell;

/// A cell being read.
struct OpenCell {
    header: bool,
    text: String,
    line: usize,
    colspan: Option<String>,
    rowspan: Option<String>,
    /// The line of a table nested in the cell, if any.
    nested_table: Option<usize>,
}

/// What the tokens have built so far.
#[derive(Default)]
struct State {
    /// The line of the block's first line (the tokenizer counts from 1).
    first_line: usize,
    /// The tokenizer's line when it gave the last token: where the next tag
    /// starts (text before a tag is given when its `<` is reached). A tag is
    /// given once read whole, with the line of its `>`; lines are counted
    /// from where it starts, as an editor shows them.
    line_before: usize,
    /// The `<table>` was seen and not yet closed.
    in_table: bool,
    /// The first table was closed: everything after is ignored.
    done: bool,
    /// Tables nested in the open cell, innermost last, each with its own open
    /// cell (`Some(is_header)`): their tags build nothing in the table read.
    nested: Vec<Option<bool>>,
    /// The open SVG or MathML elements (foreign content), innermost last.
    foreign: Vec<String>,
    /// `<template>` depth: a template's content is inert (its tags build
    /// nothing in the table); its text still belongs to the open cell.
    template_depth: usize,
    /// The open row's line, when a row is open.
    row: Option<usize>,
    /// The open row group: `thead`, `tbody` or `tfoot` (a row or cell outside
    /// one opens a `tbody`, as the parser does).
    section: Option<&'static str>,
    cell: Option<OpenCell>,
    /// The cells of the open row.
    cells: Vec<RawCell>,
    rows: Vec<(usize, Vec<RawCell>)>,
}

/// A cell as read: its text, its line, whether it is a `<th>`, its raw
/// `colspan`/`rowspan` values, and the line of a nested table in it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct RawCell {
    pub cell: SourceCell,
    pub colspan: Option<String>,
    pub rowspan: Option<String>,
    pub nested_table: Option<usize>,
}

/// Reads the first table of a block, giving each row to `on_row` as
/// `(line, cells)`, in order, with each cell's raw span attributes still to be
/// checked, as the row is read (a table of 100,000 codes is not held twice).
/// `false` when the tokenizer finds no `<table>` start tag (the text `<table`
/// may sit in a comment, or in another tag); no row is given then.
pub(super) fn read(html: &str, first_line: usize, on_row: &mut dyn FnMut(usize, Vec<RawCell>)) -> bool {
    read_in_pieces(html, first_line, PIECE, on_row)
}

/// How much of a block the tokenizer is given at a time: it reads a stream,
/// so a table of 100,000 codes (a 9 MB block) need not be copied whole into
/// its buffer, and the rows read are passed on after each piece.
const PIECE: usize = 1 << 16;

/// [`read`], feeding the tokenizer `piece` bytes at a time (cut at character
/// boundaries); tests feed tiny pieces to check that where the text is cut
/// changes nothing.
pub(super) fn read_in_pieces(html: &str, first_line: usize, piece: usize, on_row: &mut dyn FnMut(usize, Vec<RawCell>)) -> bool {
    let sink = Sink(RefCell::new(State { first_line, line_before: first_line, ..State::default() }));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = piece.clamp(1, rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (now, later) = rest.split_at(cut);
        input.push_back(StrTendril::from(now));
        let _ = tokenizer.feed(&input);
        let rows = std::mem::take(&mut tokenizer.sink.0.borrow_mut().rows);
        rows.into_iter().for_each(|(line, cells)| on_row(line, cells));
        rest = later;
    }
    tokenizer.end();
    let mut state = tokenizer.sink.0.into_inner();
    state.close_row();
    // Rows are only made inside a table.
    state.rows.into_iter().for_each(|(line, cells)| on_row(line, cells));
    state.in_table || state.done
}

struct Sink(RefCell<State>);

/// A tag as [`tags`] lists it: `(is_start, name, attributes)`.
#[cfg(any(test, feature = "scraper-oracle"))]
pub(super) type SeenTag = (bool, String, Vec<(String, String)>);

/// The tags of `html` as this reader's tokenizer sees them, in order, with
/// their attributes (the oracle's `data-src-line` marks left out). The scraper oracle checks with it that its line marks did
/// not change how a text tokenizes.
#[cfg(any(test, feature = "scraper-oracle"))]
pub(super) fn tags(html: &str) -> Vec<SeenTag> {
    struct Tags(RefCell<Vec<SeenTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
            let raw = raw_kind(&tag);
            let attrs = tag
                .attrs
                .iter()
                .filter(|a| &*a.name.local != "data-src-line")
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect();
            self.0.borrow_mut().push((tag.kind == TagKind::StartTag, tag.name.to_string(), attrs));
            match raw {
                Some(Some(kind)) => TokenSinkResult::RawData(kind),
                Some(None) => TokenSinkResult::Plaintext,
                None => TokenSinkResult::Continue,
            }
        }
    }
    let tokenizer = Tokenizer::new(Tags(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        let line = state.first_line + usize::try_from(line).unwrap_or(usize::MAX).saturating_sub(1);
        // Parse errors are reported from inside a tag; they do not move it.
        let start_line = state.line_before;
        if !matches!(token, Token::ParseError(_)) {
            state.line_before = line;
        }
        match token {
            Token::TagToken(tag) => {
                if state.foreign_tag(&tag) {
                    return TokenSinkResult::Continue;
                }
                let raw = raw_kind(&tag);
                state.tag(tag, start_line);
                match raw {
                    Some(Some(kind)) => TokenSinkResult::RawData(kind),
                    Some(None) => TokenSinkResult::Plaintext,
                    None => TokenSinkResult::Continue,
                }
            }
            Token::CharacterTokens(text) => {
                state.push_text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }

    /// CDATA sections are text inside SVG and MathML, bogus comments elsewhere.
    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        !self.0.borrow().foreign.is_empty()
    }
}

/// Start tags that end SVG or MathML content (the parser's "breakout" list).
const BREAKOUT: [&str; 44] = [
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// SVG and MathML elements inside which tags are read as HTML again.
const INTEGRATION_POINTS: [&str; 8] = ["foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext"];

/// The tokenizer state the parser switches to after a start tag: raw text
/// kinds (`Some(Some(kind))`), PLAINTEXT (`Some(None)`), or none.
fn raw_kind(tag: &Tag) -> Option<Option<RawKind>> {
    if tag.kind != TagKind::StartTag || tag.self_closing {
        return None;
    }
    match &*tag.name {
        "title" | "textarea" => Some(Some(RawKind::Rcdata)),
        // `noscript` as a browser with scripting on reads it (html5ever's default too).
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(Some(RawKind::Rawtext)),
        "script" => Some(Some(RawKind::ScriptData)),
        "plaintext" => Some(None),
        _ => None,
    }
}

impl State {
    /// Follows SVG and MathML content: `true` when `tag` belongs to it (an
    /// element that builds nothing in the table), `false` when the tag is to
    /// be read as HTML (outside such content, at an integration point, or a
    /// tag that ends it).
    fn foreign_tag(&mut self, tag: &Tag) -> bool {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        let Some(top) = self.foreign.last() else {
            if start && !tag.self_closing && (name == "svg" || name == "math") {
                self.foreign.push(name.to_owned());
                return true;
            }
            return false;
        };
        let at_integration_point = INTEGRATION_POINTS.contains(&top.as_str());
        if start {
            if at_integration_point {
                return false;
            }
            let font_breakout = name == "font" && tag.attrs.iter().any(|a| matches!(&*a.name.local, "color" | "face" | "size"));
            if BREAKOUT.contains(&name) || font_breakout {
                self.foreign.clear();
                return false;
            }
            if !tag.self_closing {
                self.foreign.push(name.to_owned());
            }
            return true;
        }
        if let Some(i) = self.foreign.iter().rposition(|open| open == name) {
            self.foreign.truncate(i);
            return true;
        }
        if !at_integration_point {
            // An end tag of no open foreign element reaches the HTML elements around.
            self.foreign.clear();
        }
        false
    }

    fn tag(&mut self, tag: Tag, line: usize) {
        if self.done {
            return;
        }
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if !self.in_table {
            if start && name == "table" {
                self.in_table = true;
            }
            return;
        }
        if self.template_depth > 0 {
            match (start, name) {
                (true, "template") => self.template_depth += 1,
                (false, "template") => self.template_depth -= 1,
                (_, "br") => self.push_text(" "),
                _ => {}
            }
            return;
        }
        if let Some(cell) = self.nested.last_mut() {
            // Inside a table nested in a cell, following its cells only as far
            // as needed to tell where it ends: a `<table>` in one of its cells
            // nests deeper, one outside its cells replaces it.
            match (start, name) {
                (true, "table") if cell.is_some() => self.nested.push(None),
                (true, "table") => *cell = None,
                (false, "table") => {
                    self.nested.pop();
                }
                (true, "td" | "th") => *cell = Some(name == "th"),
                (false, "td" | "th") if *cell == Some(name == "th") => *cell = None,
                (true, "tr" | "caption" | "col" | "colgroup" | "tbody" | "thead" | "tfoot")
                | (false, "tr" | "tbody" | "thead" | "tfoot") => {
                    *cell = None;
                }
                _ => {}
            }
            return;
        }
        match (start, name) {
            (true, "table") => match self.cell.as_mut() {
                Some(cell) => {
                    cell.nested_table.get_or_insert(line);
                    self.nested.push(None);
                }
                None => self.end_table(),
            },
            (false, "table") => self.end_table(),
            (true, "template") => self.template_depth = 1,
            (true, "tr") => {
                self.close_row();
                self.section.get_or_insert("tbody");
                self.row = Some(line);
            }
            (false, "tr") => self.close_row(),
            // Table-level parts close the open cell, row and row group (the
            // parser closes them to insert these into the table itself).
            (true, "caption" | "col" | "colgroup") => {
                self.close_row();
                self.section = None;
            }
            (true, "tbody" | "thead" | "tfoot") => {
                self.close_row();
                self.section = Some(match name {
                    "thead" => "thead",
                    "tfoot" => "tfoot",
                    _ => "tbody",
                });
            }
            // The end of a row group closes it only if it is the open one.
            (false, "tbody" | "thead" | "tfoot") if self.section == Some(name) => {
                self.close_row();
                self.section = None;
            }
            (true, "td" | "th") => {
                self.close_cell();
                if self.row.is_none() {
                    self.section.get_or_insert("tbody");
                    self.row = Some(line);
                }
                let attr = |wanted: &str| tag.attrs.iter().find(|a| &*a.name.local == wanted).map(|a| a.value.to_string());
                self.cell = Some(OpenCell {
                    header: name == "th",
                    text: String::new(),
                    line,
                    colspan: attr("colspan"),
                    rowspan: attr("rowspan"),
                    nested_table: None,
                });
            }
            (false, "td" | "th") if self.cell.as_ref().is_some_and(|c| c.header == (name == "th")) => self.close_cell(),
            (_, "br") => self.push_text(" "),
            _ => {}
        }
    }

    /// Text for the open cell, if any (outside a cell the parser moves it out
    /// of the table).
    fn push_text(&mut self, text: &str) {
        if let Some(cell) = self.cell.as_mut() {
            cell.text.push_str(text);
        }
    }

    fn end_table(&mut self) {
        self.close_row();
        self.in_table = false;
        self.done = true;
    }

    /// Moves the open cell, if any, into the open row.
    fn close_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            let cell =
                SourceCell { text: super::collapse_whitespace_owned(c.text), line: c.line, header: c.header, colspan: 1, rowspan: 1 };
            self.cells.push(RawCell { cell, colspan: c.colspan, rowspan: c.rowspan, nested_table: c.nested_table });
        }
    }

    /// Ends the open row, if any, with its cells.
    fn close_row(&mut self) {
        self.close_cell();
        if let Some(line) = self.row.take() {
            let cells = std::mem::take(&mut self.cells);
            self.rows.push((line, cells));
        }
    }
}
