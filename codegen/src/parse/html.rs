//! The tables of a raw HTML block, read as a browser reads them: html5ever's
//! tree builder (through scraper's tree) repairs what browsers repair (the
//! docs close `<th>` with `</td>`), moves text outside cells out of the table,
//! and treats comments, raw text and foreign content as the HTML standard
//! says. The tree keeps no source positions, so the sink that builds it
//! records the line each element's tag starts on.
//!
//! Markdown ends a raw HTML block at a blank line, so a table with a blank
//! line inside is cut in two blocks. Whether the block closed its table is
//! told by an element added after the block's text ([`BLOCK_END`]): the parser
//! puts it after a closed table, and inside or before (foster parenting) one
//! still open.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::BTreeMap;

use ego_tree::NodeId;
use html5ever::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{Attribute, QualName, local_name, ns};
use scraper::{ElementRef, Html, HtmlTreeSink, Node, Selector};

use super::grid::{Budget, LIST_ITEM, SourceCell, WrittenRows, expand};
use crate::diag::{Problem, SourceFile};
use crate::model::{Table, TableSyntax};
use crate::normalize::collapse_whitespace;

/// Largest `colspan` accepted (the HTML standard's own limit).
pub const MAX_COLSPAN: usize = 1000;
/// Largest `rowspan` accepted (the HTML standard's own limit).
pub const MAX_ROWSPAN: usize = 65534;
/// Deepest nesting of elements accepted in an HTML block (a table in a doc
/// is about 7 deep: html, table, tbody, tr, td and an inline tag or two).
/// Deeper input is refused as soon as it is seen: the parser's handling of
/// an end tag walks the open elements, so its time grows with their depth.
pub const MAX_DEPTH: usize = 256;

/// The tables of one raw HTML block whose text `html` starts on line
/// `first_line` of `file`: each table that is not inside another, in order,
/// spans expanded, or the problems that keep it from being read.
pub(super) fn tables(file: &SourceFile, first_line: usize, html: &str, budget: &mut Budget) -> Vec<Result<Table, Vec<Problem>>> {
    let fragment = Fragment::parse(html, first_line);
    if let Some(line) = fragment.too_deep {
        let message = format!("elements nested more than {MAX_DEPTH} deep");
        return vec![Err(vec![Problem::at(file, line, "", message, "too deep").help(
            "a table's cells hold text and a few inline tags; look for tags opened and never closed here (SVG or MathML ones, say)",
        )])];
    }
    let selector = Selector::parse("table").expect("`table` is a valid selector");
    let outermost = fragment.html.select(&selector).filter(|t| !t.ancestors().filter_map(ElementRef::wrap).any(|a| is(a, "table")));
    let end_line = first_line + html.trim_end().matches('\n').count();
    outermost.map(|table| fragment.table(file, table, end_line, budget)).collect()
}

/// The element parsed after a block's text: where the parser puts it tells
/// whether the block closed its tables.
const BLOCK_END: &str = "codegen-block-end";

/// A raw HTML block parsed, with each element's line.
struct Fragment {
    html: Html,
    /// The 1-based line (in the doc) where each element's start tag begins.
    lines: BTreeMap<NodeId, usize>,
    /// The line where elements nested deeper than [`MAX_DEPTH`]: the rest
    /// of the block was not parsed.
    too_deep: Option<usize>,
}

impl Fragment {
    /// Parses `html` as the content of a `<body>`, as scraper's
    /// `Html::parse_fragment` does, recording lines from `first_line`.
    fn parse(html: &str, first_line: usize) -> Fragment {
        let sink = LinedSink {
            tree: HtmlTreeSink::new(Html::new_fragment()),
            first_line,
            tag_line: Cell::new(1),
            lines: RefCell::default(),
            depths: RefCell::default(),
            too_deep: Cell::new(None),
        };
        let body = html5ever::tree_builder::create_element(&sink, QualName::new(None, ns!(html), local_name!("body")), Vec::new());
        let builder = TreeBuilder::new_for_fragment(sink, body, None, TreeBuilderOpts::default());
        let initial_state = Some(builder.tokenizer_state_for_context_elem(false));
        let tokenizer =
            Tokenizer::new(TagLines { builder, last_line: Cell::new(1) }, TokenizerOpts { initial_state, ..Default::default() });
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(html));
        input.push_back(StrTendril::from(format!("<{BLOCK_END}>").as_str()));
        while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
        tokenizer.end();
        let LinedSink { tree, lines, too_deep, .. } = tokenizer.sink.builder.sink;
        Fragment { html: tree.0.into_inner(), lines: lines.into_inner(), too_deep: too_deep.get() }
    }

    /// Whether the block closed `table`: [`BLOCK_END`] is after it, not in it
    /// or before it. `None` when there is no [`BLOCK_END`]: the block ends
    /// inside a tag, a comment or raw text (`<script>`, `<textarea>`, …),
    /// which swallowed it.
    fn closed(&self, table: ElementRef<'_>) -> Option<bool> {
        let order: Vec<NodeId> = self.html.tree.root().descendants().map(|n| n.id()).collect();
        let block_end = self.html.tree.root().descendants().find(|n| n.value().as_element().is_some_and(|e| e.name() == BLOCK_END))?;
        let position = |id: NodeId| order.iter().position(|at| *at == id);
        let inside = block_end.ancestors().any(|a| a.id() == table.id());
        Some(!inside && position(block_end.id()) > position(table.id()))
    }

    fn line(&self, element: ElementRef<'_>) -> usize {
        self.lines.get(&element.id()).copied().unwrap_or(1)
    }

    /// One table's grid; `end_line` is the block's last line.
    fn table(&self, file: &SourceFile, table: ElementRef<'_>, end_line: usize, budget: &mut Budget) -> Result<Table, Vec<Problem>> {
        let table_line = self.line(table);
        let blank_line =
            format!("Markdown ends a raw HTML block at a blank line (after line {end_line}); remove blank lines inside the table");
        match self.closed(table) {
            Some(true) => {}
            Some(false) => {
                let p = Problem::at(file, table_line, "<table", "this HTML table is not closed before its block ends", "table starts here");
                return Err(vec![p.help(blank_line)]);
            }
            None => {
                let message = "the HTML block of this table ends inside a tag, a comment or raw text (<script>, <textarea>, …)";
                return Err(vec![Problem::at(file, table_line, "<table", message, "table starts here").help(blank_line)]);
            }
        }
        let mut problems = Vec::new();
        let mut rows: WrittenRows = Vec::new();
        for tr in table_rows(table) {
            let cells = tr.child_elements().filter(|c| is(*c, "td") || is(*c, "th"));
            let cells = cells.filter_map(|cell| self.cell(file, cell, &mut problems)).collect();
            rows.push((self.line(tr), cells));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        expand(file, TableSyntax::Html, table_line, rows, budget)
    }

    /// One written cell, or `None` (with a problem) for a cell holding a table.
    fn cell(&self, file: &SourceFile, cell: ElementRef<'_>, problems: &mut Vec<Problem>) -> Option<SourceCell> {
        let line = self.line(cell);
        if cell.descendants().filter_map(ElementRef::wrap).any(|e| is(e, "table")) {
            problems.push(
                Problem::at(file, line, "<table", "a table inside a table cell", "nested table")
                    .help("cells must hold text; move the inner table out of the cell"),
            );
            return None;
        }
        let mut span = |attr: &str, max: usize| {
            span_attr(file, line, attr, max, cell.value().attr(attr)).unwrap_or_else(|p| {
                problems.push(p);
                1
            })
        };
        let (colspan, rowspan) = (span("colspan", MAX_COLSPAN), span("rowspan", MAX_ROWSPAN));
        Some(SourceCell { text: cell_text(cell), line, header: is(cell, "th"), colspan, rowspan })
    }
}

/// Whether `element` is the HTML element `name` (not an SVG or MathML one).
fn is(element: ElementRef<'_>, name: &str) -> bool {
    let qual = &element.value().name;
    qual.ns == ns!(html) && &*qual.local == name
}

/// A table's rows, in order: its own and those of its row groups.
fn table_rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    for child in table.child_elements() {
        if is(child, "tr") {
            rows.push(child);
        } else if ["thead", "tbody", "tfoot"].iter().any(|group| is(child, group)) {
            rows.extend(child.child_elements().filter(|e| is(*e, "tr")));
        }
    }
    rows
}

/// A cell's text: its text nodes joined, `<br>` and block elements (`<p>`,
/// `<div>`, lists) as a space, each list item started with
/// [`LIST_ITEM`], whitespace collapsed ([`collapse_whitespace`]). Entities
/// are decoded by the parser.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut raw = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => raw.push_str(t),
            Node::Element(e) if e.name.ns == ns!(html) => match &*e.name.local {
                "li" => {
                    raw.push(' ');
                    raw.push_str(LIST_ITEM);
                }
                "br" | "p" | "div" | "ul" | "ol" => raw.push(' '),
                _ => {}
            },
            _ => {}
        }
    }
    collapse_whitespace(&raw)
}

/// Reads the `colspan` or `rowspan` attribute `attr` of the cell at `line`,
/// as written (`raw`): absent → 1; a decimal integer in `1..=max` → itself.
///
/// # Errors
/// Anything else, pointing at the attribute.
fn span_attr(file: &SourceFile, line: usize, attr: &str, max: usize, raw: Option<&str>) -> Result<usize, Problem> {
    let Some(raw) = raw else { return Ok(1) };
    let value = raw.trim();
    match value.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) && value.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(Problem::at(file, line, attr, format!("{attr}='{raw}' is not a whole number from 1 to {max}"), format!("bad {attr}"))
            .help(format!("write {attr} as a positive number of cells, at most {max}, or remove it"))),
    }
}

/// Passes the tokenizer's tokens to the tree builder, noting where each one
/// starts: the tokenizer gives a token once it is read whole, with the line
/// it ends on, so a token starts where the one before it ended (text before
/// a tag is given when its `<` is reached). Parse errors, reported from
/// inside a tag, do not move it.
struct TagLines {
    builder: TreeBuilder<NodeId, LinedSink>,
    last_line: Cell<u64>,
}

impl TokenSink for TagLines {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<NodeId> {
        if self.builder.sink.too_deep.get().is_some() {
            // Refused already: the rest goes unread.
            return TokenSinkResult::Continue;
        }
        if !matches!(token, Token::ParseError(_)) {
            self.builder.sink.tag_line.set(self.last_line.replace(line));
        }
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// scraper's tree sink, recording the line of each element it creates and
/// how deep in the tree each node is placed.
struct LinedSink {
    tree: HtmlTreeSink,
    /// The doc line of the block's first line.
    first_line: usize,
    /// The block line (from 1) where the token being built starts.
    tag_line: Cell<u64>,
    lines: RefCell<BTreeMap<NodeId, usize>>,
    /// Each node's depth in the tree when it was placed (the root's children: 1).
    depths: RefCell<BTreeMap<NodeId, usize>>,
    /// The doc line where a node was placed deeper than [`MAX_DEPTH`].
    too_deep: Cell<Option<usize>>,
}

impl LinedSink {
    /// The doc line of the token being built.
    fn line(&self) -> usize {
        self.first_line + usize::try_from(self.tag_line.get()).unwrap_or(usize::MAX).saturating_sub(1)
    }

    fn depth(&self, node: &NodeId) -> usize {
        self.depths.borrow().get(node).copied().unwrap_or(0)
    }

    /// Notes that `child` is placed at `depth`.
    fn placed(&self, child: &NodeOrText<NodeId>, depth: usize) {
        if let NodeOrText::AppendNode(id) = child {
            self.depths.borrow_mut().insert(*id, depth);
            if depth > MAX_DEPTH && self.too_deep.get().is_none() {
                self.too_deep.set(Some(self.line()));
            }
        }
    }
}

impl TreeSink for LinedSink {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = Ref<'a, QualName>;

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.tree.create_element(name, attrs, flags);
        self.lines.borrow_mut().insert(id, self.line());
        id
    }

    // The rest is scraper's alone.
    fn finish(self) -> Html {
        self.tree.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.tree.parse_error(msg);
    }
    fn get_document(&self) -> NodeId {
        self.tree.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.tree.elem_name(target)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.tree.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.tree.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(&child, self.depth(parent) + 1);
        self.tree.append(parent, child);
    }
    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(&child, self.depth(element).max(self.depth(prev_element) + 1));
        self.tree.append_based_on_parent_node(element, prev_element, child);
    }
    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.tree.append_doctype_to_document(name, public_id, system_id);
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.tree.mark_script_already_started(node);
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.tree.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.tree.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.tree.set_quirks_mode(mode);
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.placed(&new_node, self.depth(sibling));
        self.tree.append_before_sibling(sibling, new_node);
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.tree.add_attrs_if_missing(target, attrs);
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.tree.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.tree.reparent_children(node, new_parent);
    }
}
