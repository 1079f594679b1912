//! Stage 1: a doc's text → its one table, spans expanded → the rows it means.
//!
//! Markdown is read with pulldown-cmark. A raw HTML block holding a `<table>` is
//! read by [`html`]: html5ever's tokenizer with the HTML parser's table rules,
//! so it repairs what browsers repair (the docs close `<th>` with `</td>`); a
//! pipe table is read from pulldown-cmark's table events. Either way the result
//! is the same [`Table`] grid.

mod html;
#[cfg(any(test, feature = "scraper-oracle"))]
mod scraper_oracle;

#[cfg(feature = "scraper-oracle")]
pub use scraper_oracle::disagreement;

use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diag::{Problem, SourceFile};
use crate::manifest::{DocSpec, Role};
use crate::model::{Cause, Cell, CodedRow, DocContent, MAX_CODE, ParsedDoc, Placement, Row, Table, TableSyntax};

/// Largest `colspan` accepted (the HTML standard's own limit).
pub const MAX_COLSPAN: usize = 1000;
/// Largest `rowspan` accepted (the HTML standard's own limit).
pub const MAX_ROWSPAN: usize = 65534;
/// Largest number of rows accepted in one table.
pub const MAX_ROWS: usize = 200_000;
/// Largest number of grid columns accepted in one table.
pub const MAX_COLUMNS: usize = 64;

/// Lets one doc at a time through a Markdown pass over a piece of unbounded
/// size, for docs parsed in parallel: pulldown-cmark holds a tree of the piece
/// during the pass, a node a line and 8 nodes (450 bytes) a pipe-table row, so
/// two large docs in such passes at once would make the peak of a run (at
/// 100,000 codes, two 40 MB trees beside their rows). The parts of a pipe
/// table read a few thousand rows a pass ([`markdown_blocks`]) and the rest of
/// a doc's parsing (its HTML table, the grid, the rows it means) run beside
/// another doc's pass.
#[derive(Debug, Default)]
pub struct MarkdownPass(Mutex<()>);

impl MarkdownPass {
    /// Runs `pass` while no other doc holds the gate.
    fn run<R>(&self, pass: impl FnOnce() -> R) -> R {
        // A panic in another doc's pass leaves nothing to repair: the lock guards no data.
        let _turn = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        pass()
    }
}

/// Decodes a file's bytes: UTF-8 required, a leading BOM dropped, CRLF and
/// lone CR line breaks turned into LF (so lines count the same).
///
/// # Errors
/// Bytes that are not UTF-8, naming the line of the first bad byte.
pub fn decode(path: &str, bytes: &[u8]) -> Result<SourceFile, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::error(format!("{path}:{line}: not UTF-8 (invalid byte at offset {})", e.valid_up_to())).help("save the doc as UTF-8")
    })?;
    // One copy of the bytes, straight into the shared text.
    let text: Arc<str> = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n").into() } else { text.into() };
    Ok(SourceFile::new(path, text))
}

/// Parses a doc and reads its table as its manifest role says.
///
/// # Errors
/// Every problem found, each naming the file and line: no table or more than
/// one, a broken HTML table, bad spans, ragged rows, a missing header, code
/// cells that are not codes, the same code given twice with different texts.
pub fn parse_doc(spec: &DocSpec, file: &SourceFile) -> Result<(ParsedDoc, Vec<Problem>), Vec<Problem>> {
    parse_doc_with(spec, file, Texts::Copy, &MarkdownPass::default())
}

/// [`parse_doc`] for a caller that drops the grid ([`Table::rows`]) once the
/// content is read: each reason or cause text is moved from its grid cell
/// into the content, and the cell is left empty. Docs parsed in parallel
/// share one `markdown` gate.
///
/// # Errors
/// As [`parse_doc`].
pub fn parse_doc_content(spec: &DocSpec, file: &SourceFile, markdown: &MarkdownPass) -> Result<(ParsedDoc, Vec<Problem>), Vec<Problem>> {
    parse_doc_with(spec, file, Texts::Move, markdown)
}

/// Whether [`read_content`] copies the texts it reads from the grid or moves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    Copy,
    Move,
}

fn parse_doc_with(
    spec: &DocSpec,
    file: &SourceFile,
    texts: Texts,
    markdown: &MarkdownPass,
) -> Result<(ParsedDoc, Vec<Problem>), Vec<Problem>> {
    let mut table = parse_table_with(file, html_table, markdown)?;
    crate::stage_end();
    let (content, warnings) = read_content(spec, file, &mut table, texts)?;
    Ok((ParsedDoc { spec: spec.clone(), file: file.clone(), table, content }, warnings))
}

/// Finds the doc's one table and expands it into a grid.
///
/// # Errors
/// No table, more than one table, or a table that cannot be read.
pub fn parse_table(file: &SourceFile) -> Result<Table, Vec<Problem>> {
    parse_table_with(file, html_table, &MarkdownPass::default())
}

/// A reader of one raw HTML block: the file, the block's byte offset and its
/// text → its table, or `None` when it holds no `<table>`.
type HtmlReader = fn(&SourceFile, usize, &str) -> Option<Result<Table, Vec<Problem>>>;

/// [`parse_table`], with HTML blocks read by `read_html` (tests compare readers).
fn parse_table_with(file: &SourceFile, read_html: HtmlReader, markdown: &MarkdownPass) -> Result<Table, Vec<Problem>> {
    let blocks = markdown_blocks(file, markdown);
    crate::stage_end();
    let mut found: Vec<Result<Table, Vec<Problem>>> = blocks
        .into_iter()
        .filter_map(|block| match block {
            Block::Html(start, html) => read_html(file, start, html.as_str(&file.text)),
            Block::Pipe(rows) => Some(rows.and_then(|(line, rows)| expand(file, TableSyntax::Pipe, line, rows))),
        })
        .collect();
    match found.len() {
        0 => Err(vec![
            Problem::error(format!("{}: no table found", file.path))
                .help("the doc must hold its codes in one HTML <table> or one Markdown pipe table"),
        ]),
        1 => found.pop().unwrap_or_else(|| Err(Vec::new())),
        n => {
            let lines: Vec<String> = found
                .iter()
                .map(|t| match t {
                    Ok(t) => t.line.to_string(),
                    Err(p) => p.first().map_or_else(String::new, |p| p.message.clone()),
                })
                .collect();
            Err(vec![
                Problem::error(format!("{}: {n} tables found (at lines {}); expected exactly one", file.path, lines.join(", ")))
                    .help("keep only the table of codes, or split the doc"),
            ])
        }
    }
}

/// The Markdown pass: the doc's blocks that may hold its table, in order. HTML
/// blocks are read, and pipe tables' rows expanded, after it: pulldown-cmark's
/// tree of the doc (a node a line; 8 a pipe-table row) is gone by then.
///
/// A doc whose pipe table can be read in parts is ([`pipe_table_in_passes`]):
/// one pass over the whole of it would build a tree of the whole table, 8
/// nodes (450 bytes) a row, in a `Vec` grown by doubling: 40–75 MB of memory
/// touched afresh at 100,000 rows, most of that pass's time.
///
/// Each pass over a piece of unbounded size (the doc, or the text before or
/// after a table read in parts) takes its turn at `markdown`.
fn markdown_blocks(file: &SourceFile, markdown: &MarkdownPass) -> Vec<Block> {
    pipe_table_in_passes(file, PIPE_ROWS_PER_PASS, markdown)
        .unwrap_or_else(|| markdown.run(|| blocks_of(file, Piece::part(&file.text, 0))).0)
}

/// Body rows of a pipe table given to pulldown-cmark per pass (its tree of
/// them is about 1.8 MB, reused pass after pass).
const PIPE_ROWS_PER_PASS: usize = 4096;

/// How many cells pulldown-cmark adds to short rows in one table before it
/// ends the table instead (its `MAX_AUTOCOMPLETED_CELLS`): a table read in
/// parts must not be able to reach it, or the parts would not read the same.
const PULLDOWN_MAX_PADDED_CELLS: usize = 1 << 18;

/// Text pulldown-cmark parses, and where its bytes are in the doc: the doc
/// itself or a part of it (`rest_at` its offset), or a pipe table's head and
/// delimiter rows (`head_len` bytes, at `head_at` in the doc) followed by some
/// of the table's body rows (copied from `rest_at`).
#[derive(Clone, Copy)]
struct Piece<'t> {
    text: &'t str,
    head_len: usize,
    head_at: usize,
    rest_at: usize,
}

impl<'t> Piece<'t> {
    /// `text`, found at byte `at` of the doc.
    fn part(text: &'t str, at: usize) -> Piece<'t> {
        Piece { text, head_len: 0, head_at: 0, rest_at: at }
    }

    /// The doc's byte offset of byte `at` of the piece.
    fn doc_offset(&self, at: usize) -> usize {
        if at < self.head_len { self.head_at + at } else { self.rest_at + (at - self.head_len) }
    }
}

/// The blocks of `piece` that may hold a table, offsets and lines the doc's,
/// and whether it defines link references (which change how links read
/// anywhere in a doc, so a doc that has any is not read in parts).
fn blocks_of(file: &SourceFile, piece: Piece<'_>) -> (Vec<Block>, bool) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut html_block: Option<(usize, HtmlText)> = None;
    let parser = Parser::new_ext(piece.text, Options::ENABLE_TABLES);
    let defines_links = parser.reference_definitions().iter().next().is_some();
    let mut events = parser.into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                let start = piece.doc_offset(range.start);
                html_block = Some((start, HtmlText::Slice(start..start)));
            }
            Event::Html(html) => {
                if let Some((_, block)) = html_block.as_mut() {
                    block.push(&file.text, &html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, html)) = html_block.take() {
                    blocks.push(Block::Html(start, html));
                }
            }
            Event::Start(Tag::Table(_)) => blocks.push(Block::Pipe(pipe_table(file, piece, range.start, &mut events))),
            _ => {}
        }
    }
    (blocks, defines_links)
}

/// Where a doc's first pipe table is written as [`pipe_table_in_passes`]
/// needs it: byte offsets of its header line, of its first body row, and of
/// the end of its last row.
struct PipeRegion {
    start: usize,
    body: usize,
    end: usize,
}

/// Finds the first line that starts with `|` at the doc's start or after a
/// blank line, followed by a line starting with `|` (a header and a delimiter
/// row, if pulldown-cmark agrees), and the lines starting with `|` after them.
/// `None` when there is none, or when the line after them is not blank: a
/// table can go on with lines of other kinds, and those are left to one pass.
fn pipe_region(text: &str) -> Option<PipeRegion> {
    let mut lines = text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    let blank = |line: &str| line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n'));
    let mut after_blank = true;
    let start = loop {
        let (at, line) = lines.next()?;
        if after_blank && line.starts_with('|') {
            break at;
        }
        after_blank = blank(line);
    };
    let (delimiter, line) = lines.next()?;
    if !line.starts_with('|') {
        return None;
    }
    let body = delimiter + line.len();
    let mut end = body;
    for (at, line) in lines {
        if !line.starts_with('|') {
            return blank(line).then_some(PipeRegion { start, body, end });
        }
        end = at + line.len();
    }
    Some(PipeRegion { start, body, end })
}

/// The doc's blocks, with its pipe table read `rows_per_pass` body rows per
/// pulldown-cmark pass, each pass given the table's header and delimiter rows
/// first; the text before the body rows and the text after the table are a
/// pass each. `None` when the doc is not of a shape where that reads exactly
/// as one pass over the whole doc does (checked by the `differential` tests
/// and the `pipe_table` fuzz target):
/// - the table starts at the doc's start or after a blank line, and pulldown-
///   cmark finds it there at the top level (not inside an open code block or
///   HTML block) when given the text up to its body;
/// - every body row is a line starting with `|`, and the table is followed by
///   a blank line or the end of the doc (so it ends in the same place);
/// - each part reads as the table's header and exactly its rows, no cell
///   missing (pulldown-cmark's limit on padded cells is out of reach);
/// - no link reference definitions anywhere.
fn pipe_table_in_passes(file: &SourceFile, rows_per_pass: usize, markdown: &MarkdownPass) -> Option<Vec<Block>> {
    let text: &str = &file.text;
    let region = pipe_region(text)?;
    let (mut blocks, defines_links) = markdown.run(|| blocks_of(file, Piece::part(&text[..region.body], 0)));
    let Some(Block::Pipe(Ok((table_line, mut rows)))) = blocks.pop() else { return None };
    if defines_links || table_line != file.line_of(region.start) || rows.len() != 1 {
        return None;
    }
    let body_rows: Vec<usize> = text[region.body..region.end]
        .split_inclusive('\n')
        .scan(region.body, |at, line| {
            let start = *at;
            *at += line.len();
            Some(start)
        })
        .collect();
    let columns = rows[0].1.len();
    if (body_rows.len() + 1) * columns.saturating_sub(1) >= PULLDOWN_MAX_PADDED_CELLS {
        return None;
    }
    let head = &text[region.start..region.body];
    let mut part = String::new();
    let rows_per_pass = rows_per_pass.max(1);
    for (i, pass) in body_rows.chunks(rows_per_pass).enumerate() {
        let (first, end) = (pass[0], body_rows.get((i + 1) * rows_per_pass).copied().unwrap_or(region.end));
        part.clear();
        part.push_str(head);
        part.push_str(&text[first..end]);
        let piece = Piece { text: &part, head_len: head.len(), head_at: region.start, rest_at: first };
        let parser = Parser::new_ext(piece.text, Options::ENABLE_TABLES);
        if parser.reference_definitions().iter().next().is_some() {
            return None;
        }
        let mut events = parser.into_offset_iter();
        if !matches!(events.next(), Some((Event::Start(Tag::Table(_)), range)) if range.start == 0) {
            return None;
        }
        let Ok((_, read)) = pipe_table(file, piece, 0, &mut events) else { return None };
        if events.next().is_some() || read.len() != pass.len() + 1 {
            return None;
        }
        rows.extend(read.into_iter().skip(1));
    }
    let (after, defines_links) = markdown.run(|| blocks_of(file, Piece::part(&text[region.end..], region.end)));
    if defines_links {
        return None;
    }
    blocks.push(Block::Pipe(Ok((table_line, rows))));
    blocks.extend(after);
    Some(blocks)
}

/// Whether the doc's pipe table is read in parts (`rows_per_pass` body rows
/// a pulldown-cmark pass, see [`markdown_blocks`]) and, if so, whether that
/// reads exactly what one pass over the whole doc reads: `Ok(true)` read in
/// parts and the same, `Ok(false)` not read in parts, `Err` how they differ.
/// For the tests and the `pipe_table` fuzz target.
pub fn read_in_parts_as_in_one_pass(text: &str, rows_per_pass: usize) -> Result<bool, String> {
    let file = SourceFile::new("doc.md", text);
    let Some(parts) = pipe_table_in_passes(&file, rows_per_pass, &MarkdownPass::default()) else { return Ok(false) };
    let (one_pass, _) = blocks_of(&file, Piece::part(&file.text, 0));
    let show = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .map(|block| match block {
                Block::Html(start, html) => format!("HTML block at {start}: {:?}", html.as_str(&file.text)),
                Block::Pipe(Ok((line, rows))) => format!("pipe table at line {line}: {rows:?}"),
                Block::Pipe(Err(problems)) => format!("pipe table refused: {:?}", problems.iter().map(|p| &p.message).collect::<Vec<_>>()),
            })
            .collect()
    };
    let (parts, one_pass) = (show(&parts), show(&one_pass));
    if parts == one_pass { Ok(true) } else { Err(format!("in parts of {rows_per_pass} rows:\n{parts:#?}\nin one pass:\n{one_pass:#?}")) }
}

/// A block of the doc that may hold its table, in document order.
enum Block {
    /// An HTML block: its byte offset and text, read after the Markdown pass.
    Html(usize, HtmlText),
    /// A pipe table's line and rows as written, read during the Markdown pass
    /// and expanded after it (with pulldown-cmark's tree gone: at 100,000
    /// codes it is 8 nodes a row, 40-75 MB).
    Pipe(Result<(usize, WrittenRows), Vec<Problem>>),
}

/// The text of an HTML block as pulldown-cmark gives it, a line at a time.
/// A block at the top level is its lines as written, one after the other: a
/// range of the doc, not a copy (a table of 100,000 codes is a 9 MB block).
/// Inside a block quote or a list the container's markers are left out, and
/// the lines are copied.
enum HtmlText {
    Slice(std::ops::Range<usize>),
    Copied(String),
}

impl HtmlText {
    /// Appends `line`, a piece of the block given by pulldown-cmark for `text`.
    fn push(&mut self, text: &str, line: &str) {
        if let HtmlText::Slice(range) = self {
            let offset = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            if offset == range.end && text.get(offset..offset + line.len()) == Some(line) {
                range.end += line.len();
                return;
            }
            *self = HtmlText::Copied(text[range.clone()].to_owned());
        }
        if let HtmlText::Copied(copy) = self {
            copy.push_str(line);
        }
    }

    fn as_str<'t>(&'t self, text: &'t str) -> &'t str {
        match self {
            HtmlText::Slice(range) => &text[range.clone()],
            HtmlText::Copied(copy) => copy,
        }
    }
}

/// Reads one HTML block; `None` when it holds no `<table>` at all.
fn html_table(file: &SourceFile, start: usize, html: &str) -> Option<Result<Table, Vec<Problem>>> {
    let (first_line, table_line) = match html_table_start(file, start, html)? {
        Ok(lines) => lines,
        Err(p) => return Some(Err(p)),
    };
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let found = html::read(html, first_line, &mut |line, raw_cells| {
        let mut cells = Vec::with_capacity(raw_cells.len());
        for raw in raw_cells {
            let mut cell = raw.cell;
            if raw.nested_table.is_some() {
                problems.push(
                    Problem::at(file, cell.line, "<table", "a table inside a table cell", "nested table")
                        .help("cells must hold text; move the inner table out of the cell"),
                );
                continue;
            }
            cell.colspan = span_attr(file, raw.colspan.as_deref(), "colspan", cell.line, MAX_COLSPAN, &mut problems);
            cell.rowspan = span_attr(file, raw.rowspan.as_deref(), "rowspan", cell.line, MAX_ROWSPAN, &mut problems);
            cells.push(cell);
        }
        rows.push((line, cells));
    });
    if !found {
        return None;
    }
    if !problems.is_empty() {
        return Some(Err(problems));
    }
    Some(expand(file, TableSyntax::Html, table_line, rows))
}

/// Where an HTML block and its `<table>` start: `(first line, table line)`;
/// `None` without a `<table>`; a problem when the block ends before the table
/// does (a blank line inside it).
#[allow(clippy::type_complexity)]
fn html_table_start(file: &SourceFile, start: usize, html: &str) -> Option<Result<(usize, usize), Vec<Problem>>> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<table")?;
    let first_line = file.line_of(start);
    let table_line = first_line + lower[..open].matches('\n').count();
    if !lower.contains("</table") {
        let end_line = first_line + html.trim_end().matches('\n').count();
        return Some(Err(vec![
            Problem::at(file, table_line, "<table", "this HTML table is not closed before its block ends", "table starts here").help(
                format!("Markdown ends a raw HTML block at a blank line (after line {end_line}); remove blank lines inside the table"),
            ),
        ]));
    }
    Some(Ok((first_line, table_line)))
}

/// A table's rows as written, before span expansion: each row's line and cells.
type WrittenRows = Vec<(usize, Vec<SourceCell>)>;

/// One written cell before span expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SourceCell {
    text: String,
    line: usize,
    header: bool,
    colspan: usize,
    rowspan: usize,
}

/// Reads a `colspan`/`rowspan` attribute: absent → 1; a decimal integer in
/// `1..=max` → itself; anything else is a problem (and counts as 1).
fn span_attr(file: &SourceFile, raw: Option<&str>, attr: &str, line: usize, max: usize, problems: &mut Vec<Problem>) -> usize {
    let Some(raw) = raw else { return 1 };
    let value = raw.trim();
    match value.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) && value.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => {
            problems.push(
                Problem::at(file, line, attr, format!("{attr}='{raw}' is not a whole number from 1 to {max}"), format!("bad {attr}"))
                    .help(format!("write {attr} as a positive number of cells, at most {max}, or remove it")),
            );
            1
        }
    }
}

/// Collapses runs of whitespace (Unicode `White_Space`, which includes the
/// no-break spaces the docs scatter between tags) into one ASCII space and trims
/// both ends. Only whitespace changes: every other character is the doc's own.
pub fn collapse_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`collapse_whitespace`] of a text the caller owns: the text itself when
/// there is nothing to collapse, as in most cells (no copy).
fn collapse_whitespace_owned(raw: String) -> String {
    if is_collapsed(&raw) { raw } else { collapse_whitespace(&raw) }
}

/// Whether `raw` is its own [`collapse_whitespace`]: no whitespace at either
/// end, and none but single ASCII spaces between words.
fn is_collapsed(raw: &str) -> bool {
    // A space at the start is not collapsed; nor is one after another.
    let mut after_space = true;
    for c in raw.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    !after_space || raw.is_empty()
}

/// Expands written cells into the grid, filling `colspan` copies to the right
/// and `rowspan` copies below.
fn expand(file: &SourceFile, syntax: TableSyntax, table_line: usize, rows: WrittenRows) -> Result<Table, Vec<Problem>> {
    if rows.len() > MAX_ROWS {
        return Err(vec![
            Problem::at(file, table_line, "", format!("the table has {} rows, more than the limit of {MAX_ROWS}", rows.len()), "table")
                .help("split the doc, or raise codegen::parse::MAX_ROWS"),
        ]);
    }
    let row_count = rows.len();
    // Per grid column: rows still covered by a rowspan above, and the cell to copy.
    let mut carry: Vec<Option<(usize, Cell)>> = Vec::new();
    let mut grid = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (r, (line, written)) in rows.into_iter().enumerate() {
        let mut cells: Vec<Cell> = Vec::new();
        let mut written = written.into_iter().peekable();
        loop {
            let col = cells.len();
            if let Some(Some((left, above))) = carry.get_mut(col) {
                cells.push(Cell { placement: Placement::FromAbove, ..above.clone() });
                *left -= 1;
                if *left == 0 {
                    carry[col] = None;
                }
                continue;
            }
            let Some(sc) = written.next() else {
                if carry.iter().skip(col).any(Option::is_some) {
                    // A rowspan further right still covers this row: the gap is an empty cell.
                    cells.push(Cell { text: String::new(), line, placement: Placement::Written, header: false });
                    continue;
                }
                break;
            };
            if col + sc.colspan > MAX_COLUMNS {
                problems.push(
                    Problem::at(file, sc.line, "", format!("the row is wider than {MAX_COLUMNS} columns"), "too wide")
                        .help("check colspan values and the number of cells in this row"),
                );
                break;
            }
            if sc.rowspan > row_count - r {
                problems.push(
                    Problem::at(
                        file,
                        sc.line,
                        "rowspan",
                        format!("rowspan='{}' runs past the end of the table ({} rows left)", sc.rowspan, row_count - r),
                        "too long",
                    )
                    .help("make rowspan count the rows the cell really covers"),
                );
            }
            let mut text = sc.text;
            for k in 0..sc.colspan {
                let placement = if k == 0 { Placement::Written } else { Placement::FromLeft };
                // The last copy takes the text itself.
                let text = if k + 1 < sc.colspan { text.clone() } else { std::mem::take(&mut text) };
                let placed = Cell { text, line: sc.line, placement, header: sc.header };
                if sc.rowspan > 1 {
                    if carry.len() <= col + k {
                        carry.resize(col + k + 1, None);
                    }
                    carry[col + k] = Some((sc.rowspan - 1, Cell { placement: placed.placement, ..placed.clone() }));
                }
                cells.push(placed);
            }
        }
        grid.push(Row { line, cells });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let header = match grid.first() {
        Some(first) if !first.cells.is_empty() && first.cells.iter().all(|c| c.header) => Some(grid.remove(0)),
        _ => None,
    };
    Ok(Table { syntax, line: table_line, header, rows: grid })
}

/// Reads a pipe table from pulldown-cmark's events, from just after
/// `Start(Table)`: its line and its rows as written (`expand` makes the grid).
fn pipe_table<'a, I>(file: &SourceFile, piece: Piece<'_>, start: usize, events: &mut I) -> Result<(usize, WrittenRows), Vec<Problem>>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    // Rows and cells come in the order they are written: each line is found
    // from the one before (a binary search for each of 400,000 cells was 10 ms).
    let mut line = 1;
    let mut line_of = |at: usize| {
        line = file.line_from(line, piece.doc_offset(at));
        line
    };
    let table_line = line_of(start);
    let mut rows: WrittenRows = Vec::new();
    // Cells per row as written: GFM pads short rows and drops extra cells
    // silently, and a doc's text must not vanish that way.
    let mut written: Vec<(usize, usize)> = Vec::new();
    let mut in_head = false;
    let mut text = String::new();
    let mut cell_line = table_line;
    for (event, range) in events.by_ref() {
        match event {
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableHead) => {
                in_head = true;
                rows.push((line_of(range.start), Vec::new()));
                written.push((line_of(range.start), pipe_cells(&piece.text[range])));
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                rows.push((line_of(range.start), Vec::new()));
                written.push((line_of(range.start), pipe_cells(&piece.text[range])));
            }
            Event::Start(Tag::TableCell) => {
                text.clear();
                cell_line = line_of(range.start);
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((_, cells)) = rows.last_mut() {
                    let text = collapse_whitespace_owned(std::mem::take(&mut text));
                    cells.push(SourceCell { text, line: cell_line, header: in_head, colspan: 1, rowspan: 1 });
                }
            }
            Event::Text(t) => text.push_str(&t),
            Event::Code(c) => {
                text.push('`');
                text.push_str(&c);
                text.push('`');
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::InlineHtml(h) if h.trim_start_matches('<').trim_start_matches('/').to_ascii_lowercase().starts_with("br") => {
                text.push(' ')
            }
            _ => {}
        }
    }
    if let Some(&(_, head)) = written.first() {
        let ragged: Vec<Problem> = written
            .iter()
            .skip(1)
            .filter(|(_, n)| *n != head)
            .map(|(line, n)| {
                Problem::at(file, *line, "", format!("the row has {n} cells; the header has {head}"), "ragged row")
                    .help("give every row one cell per column; write a `|` inside a cell as `\\|`")
            })
            .collect();
        if !ragged.is_empty() {
            return Err(ragged);
        }
    }
    Ok((table_line, rows))
}

/// The number of cells a pipe-table row is written with: its first line split
/// at unescaped `|`, leading and trailing pipes not counting.
fn pipe_cells(row: &str) -> usize {
    let line = row.lines().next().unwrap_or("").trim();
    let mut cells = 1;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'|' if !escaped && i != 0 && i != bytes.len() - 1 => {
                cells += 1;
                escaped = false;
            }
            _ => escaped = false,
        }
    }
    cells
}

/// Reads the grid as the manifest role says: codes and reasons, or causes.
fn read_content(spec: &DocSpec, file: &SourceFile, table: &mut Table, texts: Texts) -> Result<(DocContent, Vec<Problem>), Vec<Problem>> {
    let take = |text: &mut String| if texts == Texts::Move { std::mem::take(text) } else { text.clone() };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let Some(header) = &table.header else {
        return Err(vec![
            Problem::at(file, table.line, "", "the table has no header row", "table starts here")
                .help("the first row must name the columns (<th> cells, or a pipe table's head)"),
        ]);
    };
    let width = header.cells.len();
    let expected = match spec.role {
        Role::Coded => 2..=3,
        Role::Causes => 1..=1,
    };
    if !expected.contains(&width) {
        return Err(vec![
            Problem::at(
                file,
                header.line,
                "",
                format!(
                    "the header has {width} columns; a {} doc needs {}",
                    spec.role.as_str(),
                    match spec.role {
                        Role::Coded => "errcode, sub_errcode (optional) and reason",
                        Role::Causes => "exactly one (the cause)",
                    }
                ),
                "header",
            )
            .help(format!("check the doc's role in the manifest (line {})", spec.file_line)),
        ]);
    }
    for row in &table.rows {
        if row.cells.len() != width {
            problems.push(
                Problem::at(file, row.line, "", format!("the row has {} cells; the header has {width}", row.cells.len()), "ragged row")
                    .help("give every row one cell per column (count colspan and rowspan)"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let content = match spec.role {
        Role::Causes => DocContent::Causes(
            table
                .rows
                .iter_mut()
                .filter_map(|row| {
                    let c = &mut row.cells[0];
                    if c.text.is_empty() {
                        problems.push(Problem::at(file, c.line, "", "empty cause", "empty").help("remove the row or write the cause"));
                        None
                    } else {
                        Some(Cause { text: take(&mut c.text), line: c.line })
                    }
                })
                .collect(),
        ),
        Role::Coded => {
            let mut out: Vec<CodedRow> = Vec::new();
            let mut seen = std::collections::BTreeMap::new();
            for row in &mut table.rows {
                let [code_cells @ .., reason] = row.cells.as_mut_slice() else { continue };
                let errcode = parse_code(file, &code_cells[0], "errcode");
                let sub_errcode = if width == 2 || code_cells[1].placement == Placement::FromLeft {
                    Ok(0)
                } else {
                    parse_code(file, &code_cells[1], "sub_errcode")
                };
                let (errcode, sub_errcode) = match (errcode, sub_errcode) {
                    (Ok(e), Ok(s)) => (e, s),
                    (e, s) => {
                        problems.extend(e.err());
                        problems.extend(s.err());
                        continue;
                    }
                };
                if reason.text.is_empty() {
                    problems.push(
                        Problem::at(file, reason.line, "", format!("errcode {errcode}/{sub_errcode} has no reason text"), "empty reason")
                            .help("write the reason, or remove the row"),
                    );
                    continue;
                }
                match seen.get(&(errcode, sub_errcode)) {
                    Some(&i) => {
                        let first: &CodedRow = &out[i];
                        let same = first.text == reason.text;
                        let p = Problem::at(
                            file,
                            reason.line,
                            "",
                            format!(
                                "errcode {errcode}/{sub_errcode} is listed again (first at line {}){}",
                                first.line,
                                if same { " with the same text; the repeat is ignored" } else { " with a different text" }
                            ),
                            "repeated code",
                        );
                        if same {
                            warnings.push(p.help("remove the repeated row").warning());
                        } else {
                            problems.push(p.help(format!("keep one row for the code; the first says {:?}", first.text)));
                        }
                    }
                    None => {
                        seen.insert((errcode, sub_errcode), out.len());
                        out.push(CodedRow { errcode, sub_errcode, text: take(&mut reason.text), line: reason.line });
                    }
                }
            }
            DocContent::Coded(out)
        }
    };
    if problems.is_empty() { Ok((content, warnings)) } else { Err(problems) }
}

/// Reads a code cell: ASCII decimal digits, at most [`MAX_CODE`].
fn parse_code(file: &SourceFile, cell: &Cell, what: &str) -> Result<u16, Problem> {
    let text = cell.text.as_str();
    let problem = |message: String, help: String| Problem::at(file, cell.line, text, message, format!("not an {what}")).help(help);
    if text.is_empty() {
        return Err(problem(format!("the {what} cell is empty"), format!("write the {what} as a number from 0 to {MAX_CODE}")));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        let help = if text.chars().all(char::is_numeric) {
            format!("write the {what} with the ASCII digits 0-9 (this cell uses other digits)")
        } else {
            format!("an {what} is a whole number from 0 to {MAX_CODE}; is a header row missing?")
        };
        return Err(problem(format!("{what} `{text}` is not a number"), help));
    }
    match text.parse::<u32>() {
        Ok(n) if n <= u32::from(MAX_CODE) => Ok(n as u16),
        _ => Err(problem(
            format!("{what} {text} is beyond the code range 0..={MAX_CODE}"),
            "check the code; codes have at most four digits".to_owned(),
        )),
    }
}

/// The HTML reader compared with scraper's tree builder on every HTML input
/// at hand: the seed docs, the bad-input corpus, the fuzz corpus and literal
/// cases for each tree-construction rule the reader follows.
#[cfg(test)]
mod differential {
    use std::path::Path;

    use super::scraper_oracle::{disagreement, oracle_marks_changed_the_text, outcomes};

    fn same(name: &str, text: &str) {
        let [ours, oracle] = outcomes(text);
        assert_eq!(ours, oracle, "{name}: the tokenizer reader and scraper disagree on\n{text}");
    }

    fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                files_under(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn literal_cases_of_each_rule() {
        let cases = [
            ("th closed by td", "<table>\n<tr><th>a</td> tail <th>b</th></tr>\n<tr><td>1</td><td>2</td></tr>\n</table>\n"),
            ("td closed by th", "<table>\n<tr><td>a</th> x</td><td>b</td></tr>\n</table>\n"),
            ("implied rows and cells", "<table>\n<td>a<td>b\n<tr><td>c<td>d\n</table>\n"),
            (
                "tbody thead tfoot",
                "<table>\n<thead><tr><th>h</th></tr></thead>\n<tbody><tr><td>1</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot>\n</table>\n",
            ),
            ("text outside cells", "<table>\nloose <tr>row text<td>a</td> between <td>b</td></tr> after\n</table>\n"),
            ("inline tags and br", "<table>\n<tr><td><b>bold</b><br>next<br/>more</br>end</td></tr>\n</table>\n"),
            ("entities", "<table>\n<tr><td>&lt;a&gt; &amp;amp; &#x4e2d; &nbsp;x&copy</td></tr>\n</table>\n"),
            ("comments", "<table>\n<!-- <tr><td>hidden</td></tr> -->\n<tr><td>a<!-- c --> b</td></tr>\n</table>\n"),
            ("quoted >", "<table>\n<tr><td title=\"a>b\" colspan='2'>x</td></tr>\n</table>\n"),
            ("script and style", "<table>\n<tr><td>a<script>if (x<y) {}</td></script>b</td><td><style>p{}</style>c</td></tr>\n</table>\n"),
            ("textarea and title", "<table>\n<tr><td><textarea><b>x</textarea>y</td><td><title>&amp;<b></title>z</td></tr>\n</table>\n"),
            ("noscript", "<table>\n<tr><td>a<noscript><td>x</noscript>c</td><td>d</td></tr>\n</table>\n"),
            ("select", "<table>\n<tr><td>a<select><option>o</option><td>b</td></tr>\n</table>\n"),
            ("template", "<table>\n<tr><td>a<template>t<td>u</td></template>b</td><td>c</td></tr>\n</table>\n"),
            ("svg cdata", "<table>\n<tr><td>a<svg><![CDATA[x<td>y]]></svg>b</td></tr>\n</table>\n"),
            ("svg td", "<table>\n<tr><td>a<svg><td>x</td></svg>b</td><td>c</td></tr>\n</table>\n"),
            ("math", "<table>\n<tr><td>a<math><mi>x</mi><tr>y</math>b</td></tr>\n</table>\n"),
            ("svg title", "<table>\n<tr><td>a<svg><title>t<b>u</b></title><style>v<td>w</style></svg>b</td><td>c</td></tr>\n</table>\n"),
            ("foreignObject", "<table>\n<tr><td>a<svg><foreignObject><p>x</p><td>y</foreignObject></svg>z</td></tr>\n</table>\n"),
            ("breakout", "<table>\n<tr><td>a<svg><g><font color=red>f</font><td>x</g></svg>b<svg><font>g<td>h</svg></td></tr>\n</table>\n"),
            ("math text", "<table>\n<tr><td>a<math><mi><td>x</mi></math>b</td><td><math><ms>s</ms></math>c</td></tr>\n</table>\n"),
            ("self-closing svg", "<table>\n<tr><td>a<svg/><td>b</td></tr>\n</table>\n"),
            (
                "tags over several lines",
                "<table\nborder=1>\n<tr\n><td\ncolspan=2\n>a</td></tr>\n<tr><td>b</td><td\n>c</td></tr>\n</table>\n",
            ),
            ("nested table", "<table>\n<tr><td>a<table><tr><td>x</td></tr></table>b</td><td>c</td></tr>\n</table>\n"),
            (
                "tables nested in nested tables",
                "<table>\n<tr><td>a<table><tr><td>x<table><td>y</table>z</td></tr><table><tr><td>w</table>b</td><td>c</td></tr>\n</table>\n",
            ),
            ("section end tags", "<table>\n<thead><tr><td>a</tbody>b</td></tr></thead>\n<tbody><tr><td>c</thead>d</td></tr>\n</table>\n"),
            ("second table ends the first", "<table>\n<tr><td>a</td></tr>\n<table><tr><td>b</td></tr></table>\n</table>\n"),
            ("caption and colgroup", "<table>\n<caption>cap</caption><colgroup><col></colgroup>\n<tr><td>a</td></tr>\n</table>\n"),
            ("table parts inside a cell", "<table>\n<tr><td>a<col>b<td>c<tbody>d<td>e</tbody>f<td>g<caption>h<td>i\n</table>\n"),
            ("spans", "<table>\n<tr><td rowspan=2>a</td><td colspan=\" 2 \">b</td></tr>\n<tr><td>c</td><td>d</td></tr>\n</table>\n"),
            ("bad spans", "<table>\n<tr><td rowspan=0>a</td><td colspan=x>b</td><td colspan=1001>c</td></tr>\n</table>\n"),
            ("duplicate attributes", "<table>\n<tr><td colspan=2 colspan=3>a</td></tr>\n</table>\n"),
            ("empty rows", "<table>\n<tr></tr>\n<tr><td>a</td></tr>\n<tr>\n</tr>\n</table>\n"),
            ("uppercase tags", "<TABLE>\n<TR><TD>a</TD><TH>b</TH></TR>\n</TABLE>\n"),
            ("NUL", "<table>\n<tr><td>a\u{0}b</td></tr>\n</table>\n"),
            ("stray end tags", "<table>\n</td></tr><tr><td>a</td></tr></tr></td>\n</table>\n"),
            ("plaintext", "<table>\n<tr><td>a<plaintext></td></tr></table>\n"),
            ("unclosed", "<table>\n<tr><td>a\n"),
            ("text before the table", "intro <td>x</td>\n<table>\n<tr><td>a</td></tr>\n</table>\n"),
        ];
        for (name, text) in cases {
            same(name, text);
        }
        // Table tags in raw text are text (the oracle's line marking edits them).
        let [ours, _] = outcomes("<table>\n<tr><td><textarea><td>x</textarea></td></tr>\n</table>\n");
        assert_eq!(ours.expect("a table").rows[0].cells[0].text, "<td>x");
    }

    /// Every file under the given folders of the repository.
    fn inputs(dirs: &[&str]) -> Vec<std::path::PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in dirs {
            files_under(&root.join(dir), &mut files);
        }
        files
    }

    const SEEDS_AND_CORPUS: [&str; 2] = ["seeds", "tests/corpus"];
    const HTML_FUZZ_CORPORA: [&str; 2] = ["fuzz/corpus/html_table", "fuzz/corpus/html_oracle"];

    #[test]
    fn the_seed_docs_and_the_bad_input_corpus() {
        let files = inputs(&SEEDS_AND_CORPUS);
        let mut compared = 0;
        for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            same(&path.display().to_string(), &text);
            compared += 1;
        }
        assert!(compared >= 30, "only {compared} docs compared");
    }

    #[test]
    fn where_the_tokenizer_input_is_cut_changes_nothing() {
        // The reader feeds a block to the tokenizer 64 KiB at a time; every
        // input here is read whole and in pieces of a few bytes (one byte for
        // the small ones), cut across tags, attributes and character references.
        let files = inputs(&[SEEDS_AND_CORPUS, HTML_FUZZ_CORPORA].concat());
        let mut compared = 0;
        for path in &files {
            let Ok(text) = String::from_utf8(std::fs::read(path).expect("readable")) else { continue };
            let read = |piece: usize| {
                let mut rows = Vec::new();
                let found = super::html::read_in_pieces(&text, 1, piece, &mut |line, cells| rows.push((line, cells)));
                (found, rows)
            };
            let whole = read(text.len().max(1));
            let pieces: &[usize] = if text.len() < 4096 { &[1, 3, 61] } else { &[3, 61] };
            for &piece in pieces {
                assert!(read(piece) == whole, "{}: pieces of {piece} bytes read otherwise", path.display());
            }
            compared += 1;
        }
        assert!(compared >= 1000, "only {compared} inputs compared");
    }

    /// A pipe table read in parts of 1, 2, 3 and the production number of
    /// rows reads as one pass over the doc; gives whether it was read in parts.
    fn read_in_parts(name: &str, text: &str) -> bool {
        let outcomes: Vec<bool> = [1, 2, 3, super::PIPE_ROWS_PER_PASS]
            .into_iter()
            .map(|rows| super::read_in_parts_as_in_one_pass(text, rows).unwrap_or_else(|difference| panic!("{name}: {difference}")))
            .collect();
        assert!(outcomes.iter().all(|o| *o == outcomes[0]), "{name}: read in parts for some part sizes only");
        outcomes[0]
    }

    #[test]
    fn a_pipe_table_read_in_parts_reads_as_in_one_pass_or_is_read_in_one() {
        let row = |i: usize| format!("| {i} | {} | reason *{i}* `a\\|b` \\| <b>x</b> [l](u) |\n", i * 7);
        let table =
            |rows: usize| format!("| errcode | sub_errcode | reason |\n| --- | :-: | --- |\n{}", (0..rows).map(row).collect::<String>());
        let t = table(7);
        let cases: Vec<(&str, String, bool)> = vec![
            ("at the start", t.clone(), true),
            ("after a heading and a blank line, before text", format!("# Title\n\nintro\n\n{t}\nafter\n"), true),
            ("at the end without a line break", t.trim_end().to_owned(), true),
            ("a head without rows", table(0), true),
            ("blank line of spaces before it", format!("intro\n \t\n{t}"), true),
            ("after a list, a quote and indented code", format!("- a\n- b\n\n> q\n\n    code\n\n{t}"), true),
            ("after an HTML block that ends at a blank line", format!("<div>\nx\n\n{t}"), true),
            ("a second table after it", format!("{t}\n{}", table(2)), true),
            ("an HTML table after it", format!("{t}\n<table>\n<tr><td>a</td></tr>\n</table>\n"), true),
            ("empty and padded-looking cells", "| a | b |\n|---|---|\n| | |\n|||\n| x |  |\n".to_owned(), true),
            ("inside an unclosed code fence", format!("```\n\n{t}"), false),
            ("inside an unclosed HTML comment", format!("<!--\n\n{t}"), false),
            ("inside an unclosed <pre>", format!("<pre>\n\n{t}"), false),
            ("a link reference definition before it", format!("[l]: /x\n\n{t}"), false),
            ("a link reference definition after it", format!("{t}\n[l]: /x\n"), false),
            ("interrupting a paragraph", format!("intro\n{t}"), false),
            ("a row not starting with a pipe", format!("{t}plain row\n"), false),
            ("an indented row", format!("{t}  | 9 | 9 | r |\n"), false),
            ("a heading right after it", format!("{t}# next\n"), false),
            ("ragged rows", format!("{t}| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n"), false),
            ("no delimiter row", "| a | b |\n| c | d |\n| e | f |\n".to_owned(), false),
            ("a delimiter row of another width", "| a | b |\n|---|\n| 1 | 2 |\n".to_owned(), false),
            ("in a block quote", format!("> {}", t.replace('\n', "\n> ")), false),
        ];
        for (name, text, in_parts) in &cases {
            assert_eq!(read_in_parts(name, text), *in_parts, "{name}: read in parts?");
        }
        // A table that could make pulldown-cmark pad 2^18 cells is read in one
        // pass: its limit on padded cells would end the table in one pass only.
        let wide = |rows: usize| {
            let line = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(65));
            format!("{}{}{}", line("h"), line("---"), line("x").repeat(rows))
        };
        assert!(read_in_parts("4,094 rows of 65 columns", &wide(4094)));
        assert!(!read_in_parts("4,095 rows of 65 columns", &wide(4095)));
    }

    #[test]
    fn pipe_tables_of_the_seeds_corpus_and_fuzz_corpus_read_in_parts_as_in_one_pass() {
        let mut in_parts = 0;
        for path in inputs(&SEEDS_AND_CORPUS).iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            in_parts += usize::from(read_in_parts(&path.display().to_string(), &text));
        }
        assert!(in_parts >= 10, "only {in_parts} seed and corpus docs read in parts");
        let mut in_parts = 0;
        for path in inputs(&["fuzz/corpus/pipe_table"]) {
            let Ok(rows) = String::from_utf8(std::fs::read(&path).expect("readable")) else { continue };
            in_parts += usize::from(read_in_parts(&path.display().to_string(), &format!("{}{rows}", crate::fuzzing::PIPE_HEAD)));
        }
        assert!(in_parts >= 40, "only {in_parts} fuzz inputs read in parts");
    }

    #[test]
    fn the_fuzz_corpus() {
        let files = inputs(&HTML_FUZZ_CORPORA);
        let (mut compared, mut not_comparable) = (0, 0);
        for path in &files {
            let Ok(text) = String::from_utf8(std::fs::read(path).expect("readable")) else { continue };
            // As the html_oracle fuzz target judges: lines aside, and not where
            // the oracle's own line marks change how the text tokenizes.
            match disagreement(&text) {
                Some(difference) => panic!("{}: the readers disagree on\n{text}\n{difference}", path.display()),
                None if oracle_marks_changed_the_text() => not_comparable += 1,
                None => compared += 1,
            }
        }
        assert!(compared >= 1000, "only {compared} inputs compared ({not_comparable} not comparable)");
        assert!(not_comparable * 10 < compared, "{not_comparable} inputs the oracle could not judge, of {compared}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        parse_table(&SourceFile::new("t.md", text)).unwrap_or_else(|p| panic!("{}", p[0].render()))
    }

    fn problems(text: &str) -> Vec<String> {
        parse_table(&SourceFile::new("t.md", text)).unwrap_err().into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn an_owned_text_is_collapsed_as_a_borrowed_one_and_kept_when_already_collapsed() {
        let cases = [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\nb",
            "a\u{a0}b",
            "a\u{3000}b",
            "\u{3000}",
            "合成 推流",
            "x\u{2003}\u{2003}y z",
            "Synthetic push interruption cause number 7.",
            "  lead and trail  ",
        ];
        for raw in cases {
            let collapsed = collapse_whitespace(raw);
            assert_eq!(collapse_whitespace_owned(raw.to_owned()), collapsed, "{raw:?}");
            assert_eq!(is_collapsed(raw), collapsed == raw, "{raw:?}");
        }
        assert_eq!(collapse_whitespace(" a \u{a0} b\t"), "a b");
    }

    #[test]
    fn docs_sharing_a_markdown_gate_take_their_markdown_passes_in_turn() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let gate = MarkdownPass::default();
        let (inside, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let doc = SourceFile::new("t.md", "| errcode | errmsg |\n| --- | --- |\n| 1 | A. |\n\n".repeat(200));
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..20 {
                        let blocks = gate.run(|| {
                            let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            let blocks = markdown_blocks(&doc, &MarkdownPass::default());
                            inside.fetch_sub(1, Ordering::SeqCst);
                            blocks
                        });
                        assert_eq!(blocks.len(), 200);
                    }
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn an_html_block_is_read_in_place_at_the_top_level_and_copied_inside_a_container() {
        let mut slice = HtmlText::Slice(4..4);
        let text = "abc\n<table>\n<tr>\n";
        slice.push(text, &text[4..12]);
        slice.push(text, &text[12..17]);
        assert!(matches!(slice, HtmlText::Slice(ref r) if *r == (4..17)), "contiguous lines stay a range");
        slice.push(text, "</table>\n");
        assert_eq!(slice.as_str(text), "<table>\n<tr>\n</table>\n");
        assert!(matches!(slice, HtmlText::Copied(_)), "a line from elsewhere makes a copy");

        let rows = "<table>\n<tr><th>a</th><th>b</th></tr>\n<tr><td>1</td><td>x</td></tr>\n</table>\n";
        let top = table(rows);
        let quoted = table(&rows.lines().map(|l| format!("> {l}\n")).collect::<String>());
        assert_eq!(quoted.to_text(), top.to_text());
        assert_eq!(top.to_text(), "Html table at line 1\nhead L2    \"a\" | \"b\"\nbody L3    \"1\" | \"x\"\n");
    }

    #[test]
    fn colspan_copies_to_the_right_and_rowspan_below() {
        let t = table(
            "<table>\n<tr>\n<th colspan='2'>Code</td>\n<th>Reason</td>\n</tr>\n<tr>\n<td colspan='2'>0</td>\n<td>A</td>\n</tr>\n\
             <tr>\n<td rowspan='2'>18</td>\n<td>100</td>\n<td>B</td>\n</tr>\n<tr>\n<td>101</td>\n<td>C</td>\n</tr>\n</table>\n",
        );
        assert_eq!(
            t.to_text(),
            "Html table at line 1\n\
             head L2    \"Code\" | <\"Code\" | \"Reason\"\n\
             body L6    \"0\" | <\"0\" | \"A\"\n\
             body L10   \"18\" | \"100\" | \"B\"\n\
             body L15   ^\"18\" | \"101\" | \"C\"\n"
        );
        assert_eq!(t.rows[2].cells[1].line, 16);
    }

    #[test]
    fn stray_close_td_after_th_still_gives_header_cells() {
        let t = table("<table><tr><th>A</td><th>B</td></tr><tr><td>1</td><td>x</td></tr></table>\n");
        let head = t.header.expect("header row");
        assert_eq!(head.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["A", "B"]);
        assert!(head.cells.iter().all(|c| c.header));
        assert_eq!(t.rows[0].cells.len(), 2);
    }

    #[test]
    fn rowspan_in_the_middle_column_leaves_room_for_later_cells() {
        let t = table(
            "<table><tr><th>a</th><th>b</th><th>c</th></tr><tr><td>1</td><td rowspan=2>x</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>\n",
        );
        assert_eq!(t.rows[1].cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["3", "x", "4"]);
        assert_eq!(t.rows[1].cells[1].placement, Placement::FromAbove);
    }

    #[test]
    fn cell_text_decodes_entities_and_drops_inline_tags() {
        let t = table(
            "<table><tr><th>h</th></tr><tr><td> a &amp; b<br>c <code>x</code>&#65;&nbsp;<!-- note --> <a href='#'>d</a>\n e </td></tr></table>\n",
        );
        assert_eq!(t.rows[0].cells[0].text, "a & b c xA d e");
    }

    #[test]
    fn bad_spans_are_refused_with_their_line() {
        for bad in ["0", "-1", "abc", "999999999"] {
            let messages = problems(&format!("<table>\n<tr><th>h</th></tr>\n<tr><td rowspan='{bad}'>x</td></tr>\n</table>\n"));
            assert_eq!(messages, [format!("t.md:3: rowspan='{bad}' is not a whole number from 1 to 65534")]);
        }
        let messages = problems("<table>\n<tr><th>h</th></tr>\n<tr><td rowspan='3'>x</td></tr>\n</table>\n");
        assert_eq!(messages, ["t.md:3: rowspan='3' runs past the end of the table (1 rows left)"]);
    }

    #[test]
    fn a_blank_line_inside_an_html_table_is_refused() {
        let messages = problems("<table>\n<tr><td>x</td></tr>\n\n<tr><td>y</td></tr>\n</table>\n");
        assert_eq!(messages, ["t.md:1: this HTML table is not closed before its block ends"]);
    }

    #[test]
    fn nested_tables_and_two_tables_are_refused() {
        assert_eq!(
            problems("<table>\n<tr><td><table><tr><td>x</td></tr></table></td></tr>\n</table>\n"),
            ["t.md:2: a table inside a table cell"]
        );
        assert_eq!(
            problems("| a |\n|---|\n| 1 |\n\n<table><tr><td>x</td></tr></table>\n"),
            ["t.md: 2 tables found (at lines 1, 5); expected exactly one"]
        );
    }

    #[test]
    fn pipe_tables_keep_lines_escaped_pipes_and_code() {
        let t =
            table("Intro\n\n| errcode | sub_errcode | errmsg |\n| :-- | --: | --- |\n| 18 | 100 | a \\| b `c` |\n| 19 | 0 | d<br>e |\n");
        assert_eq!(
            t.to_text(),
            "Pipe table at line 3\n\
             head L3    \"errcode\" | \"sub_errcode\" | \"errmsg\"\n\
             body L5    \"18\" | \"100\" | \"a | b `c`\"\n\
             body L6    \"19\" | \"0\" | \"d e\"\n"
        );
    }

    #[test]
    fn pipe_rows_with_too_few_or_too_many_cells_are_refused() {
        let head = "| errcode | sub_errcode | errmsg |\n|---|---|---|\n";
        assert_eq!(problems(&format!("{head}| 1 | 0 |\n")), ["t.md:3: the row has 2 cells; the header has 3"]);
        assert_eq!(problems(&format!("{head}| 1 | 0 | a | b |\n")), ["t.md:3: the row has 4 cells; the header has 3"]);
        // No outer pipes, escaped pipes and pipes in code are fine.
        let t = table(&format!("{head}1 | 0 | a \\| b\n| 2 | 0 | `x\\|y` |\n"));
        assert_eq!(t.rows[1].cells[2].text, "`x|y`");
    }

    #[test]
    fn decode_strips_bom_and_crlf_and_refuses_bad_utf8() {
        let f = decode("x.md", b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert_eq!(&*f.text, "a\nb\n");
        let p = decode("x.md", b"a\nb\n\xFF").unwrap_err();
        assert_eq!(p.message, "x.md:3: not UTF-8 (invalid byte at offset 4)");
    }
}
