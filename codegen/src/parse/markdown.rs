//! One pulldown-cmark pass over a doc: its headings, its raw HTML blocks
//! (where an HTML table may sit) and its pipe tables' rows as written, with
//! source lines. Block quotes and lists are looked into: a table quoted with
//! `> ` reads as one at the top level.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::grid::{LIST_ITEM, SourceCell, WrittenRows};
use crate::diag::{Problem, SourceFile};
use crate::model::Heading;
use crate::normalize::collapse_whitespace;

/// A block of the doc that may hold its table, in document order.
pub(super) enum Block {
    /// A raw HTML block: the line it starts on and its text (inside a block
    /// quote or a list, without the container's markers; one line of the
    /// text a line of the doc).
    Html { first_line: usize, html: String },
    /// A pipe table: its line, and its rows as written or why they cannot be read.
    Pipe(usize, Result<WrittenRows, Vec<Problem>>),
    /// A heading (ATX `#` or setext).
    Heading(Heading),
}

/// The doc's headings, HTML blocks and pipe tables, in order.
pub(super) fn blocks(file: &SourceFile) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut html: Option<(usize, String)> = None;
    let mut events = Parser::new_ext(&file.text, Options::ENABLE_TABLES).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::HtmlBlock) => html = Some((file.line_of(range.start), String::new())),
            Event::Html(text) => {
                if let Some((_, block)) = html.as_mut() {
                    block.push_str(&text);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((first_line, html)) = html.take() {
                    blocks.push(Block::Html { first_line, html });
                }
            }
            Event::Start(Tag::Table(_)) => blocks.push(Block::Pipe(file.line_of(range.start), pipe_table(file, range.start, &mut events))),
            Event::Start(Tag::Heading { level, .. }) => blocks.push(Block::Heading(heading(file, range.start, level, &mut events))),
            _ => {}
        }
    }
    blocks
}

/// Reads a heading from pulldown-cmark's events, from just after its
/// `Start(Heading)` at byte `start`.
fn heading<'a>(
    file: &SourceFile,
    start: usize,
    level: HeadingLevel,
    events: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
) -> Heading {
    let mut text = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    Heading { text: collapse_whitespace(&text), level: level as u8, line: file.line_of(start) }
}

/// Reads a pipe table from pulldown-cmark's events, from just after
/// `Start(Table)` at byte `start`: its rows as written.
fn pipe_table<'a>(
    file: &SourceFile,
    start: usize,
    events: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
) -> Result<WrittenRows, Vec<Problem>> {
    let table_line = file.line_of(start);
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
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                in_head |= matches!(event, Event::Start(Tag::TableHead));
                let line = file.line_of(range.start);
                rows.push((line, Vec::new()));
                written.push((line, cells_written(&file.text[range])));
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableCell) => {
                text.clear();
                cell_line = file.line_of(range.start);
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((_, cells)) = rows.last_mut() {
                    let text = collapse_whitespace(&text);
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
            Event::InlineHtml(h) => inline_html(&h, &mut text),
            _ => {}
        }
    }
    let ragged = ragged_rows(file, &written);
    if ragged.is_empty() { Ok(rows) } else { Err(ragged) }
}

/// What an inline tag in a pipe cell adds to its text: `<br>`, `<p>` and
/// list tags a space, `<li>` also [`LIST_ITEM`]; other tags (`<b>`, `<a>`) nothing.
fn inline_html(tag: &str, text: &mut String) {
    let name: String = tag.trim_start_matches('<').trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
    match name.to_ascii_lowercase().as_str() {
        "li" if !tag.starts_with("</") => {
            text.push(' ');
            text.push_str(LIST_ITEM);
        }
        "br" | "p" | "div" | "ul" | "ol" | "li" => text.push(' '),
        _ => {}
    }
}

/// The rows written with another number of cells than the header.
fn ragged_rows(file: &SourceFile, written: &[(usize, usize)]) -> Vec<Problem> {
    let Some(&(_, head)) = written.first() else { return Vec::new() };
    written
        .iter()
        .skip(1)
        .filter(|(_, n)| *n != head)
        .map(|(line, n)| {
            Problem::at(file, *line, "", format!("the row has {n} cells; the header has {head}"), "ragged row")
                .help("give every row one cell per column; write a `|` inside a cell as `\\|`")
        })
        .collect()
}

/// The number of cells a pipe-table row is written with: its first line split
/// at unescaped `|`, leading and trailing pipes not counting.
fn cells_written(row: &str) -> usize {
    let line = row.lines().next().unwrap_or("").trim();
    let bytes = line.as_bytes();
    let mut cells = 1;
    let mut escaped = false;
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
