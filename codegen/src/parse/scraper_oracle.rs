//! The HTML reader this crate had before [`super::html`]: scraper's full tree
//! builder over the block, with each tag's line written into an attribute.
//! Kept as the oracle the tokenizer reader is compared with: by the tests, and
//! by the `html_oracle` fuzz target (feature `scraper-oracle`).

use scraper::{ElementRef, Html, Node, Selector};

use super::{
    MAX_COLSPAN, MAX_ROWSPAN, MarkdownPass, SourceCell, collapse_whitespace, decode, expand, html_table as tokenizer_table,
    parse_table_with,
};
use crate::diag::{Problem, SourceFile};
use crate::model::{Table, TableSyntax};

/// The attribute added to `<table>`, `<tr>`, `<td>` and `<th>` tags so that
/// elements keep their source line through html5ever.
const LINE_ATTR: &str = "data-src-line";

thread_local! {
    /// Set when the line marks written into a block changed how it tokenizes
    /// (a `<td` inside a quoted attribute value, say): the oracle then read
    /// another document and cannot judge.
    static MARKS_CHANGED_THE_TEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the last [`disagreement`] call skipped its text because the
/// oracle's line marks changed how it tokenizes.
#[cfg(test)]
pub(super) fn oracle_marks_changed_the_text() -> bool {
    MARKS_CHANGED_THE_TEXT.get()
}

/// Reads one HTML block; `None` when it holds no `<table>` at all.
pub(super) fn html_table(file: &SourceFile, start: usize, html: &str) -> Option<Result<Table, Vec<Problem>>> {
    // Finding the table and refusing one cut by a blank line is shared: the
    // readers compared differ in how they read the table itself.
    let (first_line, table_line) = match super::html_table_start(file, start, html)? {
        Ok(lines) => lines,
        Err(p) => return Some(Err(p)),
    };
    let marked = mark_lines(html, first_line);
    if super::html::tags(html) != super::html::tags(&marked) {
        MARKS_CHANGED_THE_TEXT.set(true);
    }
    let doc = Html::parse_fragment(&marked);
    let table_sel = Selector::parse("table").ok()?;
    let table = doc.select(&table_sel).next()?;
    Some(read_html_grid(file, table_line, table, &table_sel))
}

/// Adds `data-src-line="N"` to every `<table>`, `<tr>`, `<td>` and `<th>` start
/// tag, so the parsed elements remember where they were written. Comments and
/// quoted attribute values are copied untouched.
fn mark_lines(html: &str, first_line: usize) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut line = first_line;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let (before, tail) = rest.split_at(lt);
        line += before.matches('\n').count();
        out.push_str(before);
        if let Some(comment) = tail.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(tail.len(), |e| e + 4 + 3);
            line += tail[..end].matches('\n').count();
            out.push_str(&tail[..end]);
            rest = &tail[end..];
            continue;
        }
        let name_len = tail[1..].bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = tail[1..1 + name_len].to_ascii_lowercase();
        let after = &tail[1 + name_len..];
        let is_tag_end = after.is_empty() || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/');
        if matches!(name.as_str(), "table" | "tr" | "td" | "th") && is_tag_end {
            out.push_str(&tail[..1 + name_len]);
            out.push_str(&format!(" {LINE_ATTR}=\"{line}\""));
            // Copy the rest of the tag, honouring quotes, so a `>` inside a value does not end it.
            let mut quote = None;
            let mut end = after.len();
            for (i, c) in after.char_indices() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            line += after[..end].matches('\n').count();
            out.push_str(&after[..end]);
            rest = &after[end..];
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn line_attr(el: ElementRef<'_>, fallback: usize) -> usize {
    el.value().attr(LINE_ATTR).and_then(|v| v.parse().ok()).unwrap_or(fallback)
}

fn read_html_grid(file: &SourceFile, table_line: usize, table: ElementRef<'_>, table_sel: &Selector) -> Result<Table, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut rows: Vec<(usize, Vec<SourceCell>)> = Vec::new();
    let row_elements = table.child_elements().flat_map(|child| match child.value().name() {
        "thead" | "tbody" | "tfoot" => child.child_elements().filter(|e| e.value().name() == "tr").collect::<Vec<_>>(),
        "tr" => vec![child],
        _ => Vec::new(),
    });
    for tr in row_elements {
        let mut line = line_attr(tr, table_line);
        let mut cells = Vec::new();
        for cell in tr.child_elements() {
            let name = cell.value().name();
            if name != "td" && name != "th" {
                continue;
            }
            let cell_line = line_attr(cell, line);
            if cells.is_empty() && tr.value().attr(LINE_ATTR).is_none() {
                line = cell_line;
            }
            if cell.select(table_sel).next().is_some() {
                problems.push(
                    Problem::at(file, cell_line, "<table", "a table inside a table cell", "nested table")
                        .help("cells must hold text; move the inner table out of the cell"),
                );
                continue;
            }
            let colspan = span_attr(file, cell, "colspan", cell_line, MAX_COLSPAN, &mut problems);
            let rowspan = span_attr(file, cell, "rowspan", cell_line, MAX_ROWSPAN, &mut problems);
            cells.push(SourceCell { text: cell_text(cell), line: cell_line, header: name == "th", colspan, rowspan });
        }
        rows.push((line, cells));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    expand(file, TableSyntax::Html, table_line, rows)
}

fn span_attr(file: &SourceFile, cell: ElementRef<'_>, attr: &str, line: usize, max: usize, problems: &mut Vec<Problem>) -> usize {
    super::span_attr(file, cell.value().attr(attr), attr, line, max, problems)
}

/// A cell's text: text nodes joined, `<br>` as a space, ASCII whitespace
/// collapsed, trimmed. Entities are already decoded by html5ever.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut raw = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => raw.push_str(t),
            Node::Element(e) if e.name() == "br" => raw.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&raw)
}

/// Both readers' outcome for `text`: the table, or the problems' messages.
pub(super) fn outcomes(text: &str) -> [Result<Table, Vec<String>>; 2] {
    let file = match decode("doc.md", text.as_bytes()) {
        Ok(f) => f,
        Err(p) => return [Err(vec![p.message.clone()]), Err(vec![p.message])],
    };
    let messages = |ps: Vec<Problem>| ps.into_iter().map(|p| format!("{} ({:?})", p.message, p.help)).collect();
    let oracle = parse_table_with(&file, html_table, &MarkdownPass::default())
        .map_err(messages)
        .map_err(|ms: Vec<String>| ms.iter().map(|m| unmarked(m)).collect());
    let oracle = oracle.map(|mut t| {
        t.rows.iter_mut().flat_map(|r| &mut r.cells).for_each(|c| c.text = unmarked(&c.text));
        t
    });
    [parse_table_with(&file, tokenizer_table, &MarkdownPass::default()).map_err(messages), oracle]
}

/// Removes the oracle's line marks where they leak into text: inside
/// attribute values and raw text its scan cannot tell from tags.
fn unmarked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(" data-src-line=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " data-src-line=\"".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        rest = after[digits..].strip_prefix('"').unwrap_or(&after[digits..]);
    }
    out.push_str(rest);
    out
}

/// Lines set to 0: the oracle finds a tag's line by scanning for `<` and
/// quotes itself, which malformed quoting (fuzz inputs) throws off; the
/// tokenizer's lines are exact. Everything else must agree.
pub(super) fn without_lines(outcome: Result<Table, Vec<String>>) -> Result<Table, Vec<String>> {
    // Every `doc.md:N` in a message (a problem may quote another's).
    let unlined = |m: String| {
        let mut out = String::with_capacity(m.len());
        let mut rest = m.as_str();
        while let Some(at) = rest.find("doc.md:") {
            out.push_str(&rest[..at + "doc.md:".len()]);
            out.push('_');
            rest = rest[at + "doc.md:".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    };
    outcome.map_err(|ms| ms.into_iter().map(unlined).collect()).map(|mut t| {
        t.line = 0;
        for row in t.rows.iter_mut().chain(t.header.as_mut()) {
            row.line = 0;
            row.cells.iter_mut().for_each(|c| c.line = 0);
        }
        t
    })
}

/// Where the tokenizer reader and scraper's tree builder read the doc `text`
/// differently (lines aside: see [`without_lines`]): `None` when they agree,
/// or when the oracle's line marks change how the text tokenizes; else both
/// outcomes. For the `html_oracle` fuzz target.
pub fn disagreement(text: &str) -> Option<String> {
    // The oracle writes each tag's line into it; where that changes how the
    // text tokenizes (a `<td` inside another tag's attributes, say), the
    // oracle reads another document and cannot judge.
    MARKS_CHANGED_THE_TEXT.set(false);
    let [ours, oracle] = outcomes(text);
    if MARKS_CHANGED_THE_TEXT.get() {
        return None;
    }
    let (ours, oracle) = (without_lines(ours), without_lines(oracle));
    (ours != oracle).then(|| format!("tokenizer reader: {ours:?}\nscraper: {oracle:?}"))
}
