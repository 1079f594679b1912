//! Problems found in the input, reported like compiler errors: file, line, the
//! offending text underlined, and what to do about it.
//!
//! Every stage collects its problems instead of stopping at the first, so one
//! run of `cargo xtask gen` reports all of them together.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteSpanContents, SourceSpan};

/// How bad a [`Problem`] is: errors refuse the run, warnings are printed and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Context for another problem (the other side of a disagreement).
    Note,
    /// Printed; the outputs are still written.
    Warning,
    /// Refuses the run: nothing is written.
    Error,
}

/// A file's text as diagnostics show it: its display path (relative to the
/// project, e.g. `seeds/ko.md`) and its contents.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display path, relative to the project root where possible.
    pub path: String,
    /// The whole text, as read (after BOM removal).
    pub text: Arc<str>,
    /// Byte offset where each line starts, so a line number is a binary search
    /// (shared: every problem pointing into the file holds a copy of it).
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    /// A file shown as `path` with contents `text`.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let path = path.into();
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path, text, line_starts }
    }

    /// The 1-based line number of byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The byte range of 1-based `line`, without its line break; empty past the end of the text.
    pub fn line_span(&self, line: usize) -> SourceSpan {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return SourceSpan::from((self.text.len(), 0));
        };
        let end = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i);
        let end = if self.text[..end].ends_with('\r') { end - 1 } else { end };
        SourceSpan::from((start, end - start))
    }

    /// The span of the first occurrence of `needle` on 1-based `line`, or the whole line.
    pub fn find_on_line(&self, line: usize, needle: &str) -> SourceSpan {
        let span = self.line_span(line);
        let text = &self.text[span.offset()..span.offset() + span.len()];
        match (needle.is_empty(), text.find(needle)) {
            (false, Some(i)) => SourceSpan::from((span.offset() + i, needle.len())),
            _ => span,
        }
    }
}

/// One labelled place in a source file.
#[derive(Debug, Clone)]
pub struct Label {
    /// Byte range in the file.
    pub span: SourceSpan,
    /// What the underline says.
    pub text: String,
}

/// A problem with the input: what is wrong, where (file, line, labelled spans),
/// and what to do about it. Renders with miette like a compiler error.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// One line, naming the file and line where there is one (`seeds/ko.md:47: …`).
    pub message: String,
    /// What to change to fix it.
    pub help: Option<String>,
    /// The file the labels point into.
    pub file: Option<SourceFile>,
    /// Underlined places in `file`.
    pub labels: Vec<Label>,
    /// Further places, in other files (the other side of a disagreement).
    pub related: Vec<Problem>,
    /// The edit of the decisions file that settles the problem, or prepares
    /// it for a maintainer's review, where one does (`cargo xtask decisions`
    /// applies it).
    pub edit: Option<Edit>,
}

/// An edit of a doc set's `decisions.toml` that settles a problem: a stale
/// entry removed, or an entry added for a maintainer to review (its values
/// are a valid placeholder, and it says `review = true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add an element to the array of tables `table` (`conflict`, `curated`,
    /// `align`, `symbol`), after its last one: `entry` is its keys and values
    /// as TOML lines, `comment` the lines of context written above it
    /// (without `#`; may be empty).
    Append { table: &'static str, entry: String, comment: Vec<String> },
    /// Add the line `key = value` (both TOML) to the table `table` (`codes`).
    Insert { table: &'static str, key: String, value: String },
    /// Remove element `index` (0-based, in file order) of the array of tables `table`.
    Remove { table: &'static str, index: usize },
    /// Remove the key `key` (as written, unquoted) of the table `table`.
    RemoveKey { table: &'static str, key: String },
}

impl Problem {
    /// An error with `message` and nothing to point at.
    pub fn error(message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            message: message.into(),
            help: None,
            file: None,
            labels: Vec::new(),
            related: Vec::new(),
            edit: None,
        }
    }

    /// An error at 1-based `line` of `file`, underlining `needle` on that line
    /// (or the whole line when it does not occur there). The message is
    /// prefixed with `path:line:`.
    pub fn at(file: &SourceFile, line: usize, needle: &str, message: impl fmt::Display, label: impl Into<String>) -> Self {
        let span = file.find_on_line(line, needle);
        Problem {
            severity: Severity::Error,
            message: format!("{}:{line}: {message}", file.path),
            help: None,
            file: Some(file.clone()),
            labels: vec![Label { span, text: label.into() }],
            related: Vec::new(),
            edit: None,
        }
    }

    /// An error underlining the bytes `span` of `file` (a TOML key or value,
    /// say), labelled `label`. The message is prefixed with `path:line:`.
    pub fn at_span(file: &SourceFile, span: std::ops::Range<usize>, message: impl fmt::Display, label: impl Into<String>) -> Self {
        let label = label.into();
        let line = file.line_of(span.start);
        Problem {
            labels: vec![Label { span: (span.start, span.len()).into(), text: label.clone() }],
            ..Problem::at(file, line, "", message, label)
        }
    }

    /// Adds the advice shown under the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the edit of the decisions file that settles the problem.
    pub fn edit(mut self, edit: Edit) -> Self {
        self.edit = Some(edit);
        self
    }

    /// Turns the problem into a note: context shown beside another problem.
    pub fn note(mut self) -> Self {
        self.severity = Severity::Note;
        self
    }

    /// Turns the problem into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a related place in another (or the same) file.
    pub fn with_related(mut self, related: Problem) -> Self {
        self.related.push(related);
        self
    }

    /// Whether this problem refuses the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the problem like a compiler error, without colour, at a fixed
    /// width, so the text is the same on every terminal and in snapshots.
    /// What it shows is bounded whatever the input: each line of the message
    /// and the help, each label and each line of source is cut at
    /// [`MAX_SHOWN_CHARS`] ([`MAX_SNIPPET_CHARS`] for source), with `…`, and
    /// at most [`MAX_SNIPPET_LINES`] lines of source are shown.
    pub fn render(&self) -> String {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100).with_links(false);
        let shown = Shown::of(self);
        let mut out = String::new();
        match handler.render_report(&mut out, &shown) {
            Ok(()) => out,
            Err(_) => format!("{}\n", shown.message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// Longest part of a doc text quoted in a message ([`quoted`], [`clip`]), in
/// characters.
pub const MAX_QUOTED_CHARS: usize = 120;
/// Longest line of a message or help, label or line of source shown, in
/// characters.
pub const MAX_SHOWN_CHARS: usize = 300;
/// Longest line of source shown under a problem, in characters.
pub const MAX_SNIPPET_CHARS: usize = 160;
/// Most lines of source shown under one problem.
pub const MAX_SNIPPET_LINES: usize = 12;

/// `text` cut to `chars` characters, with `…` and the whole text's size in
/// bytes where it was cut.
fn cut(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}… ({} bytes)", &text[..end], text.len())),
    }
}

/// A doc text for a message, cut to [`MAX_QUOTED_CHARS`] characters, with
/// `…` and the whole text's size in bytes where it was cut.
pub fn clip(text: &str) -> Cow<'_, str> {
    cut(text, MAX_QUOTED_CHARS)
}

/// A doc text quoted in a message: in double quotes, escaped as Rust's
/// `{:?}` escapes it, cut like [`clip`].
pub fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        None => format!("{text:?}"),
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], text.len()),
    }
}

/// Every line of `text` cut to [`MAX_SHOWN_CHARS`].
fn clip_lines(text: &str) -> String {
    text.split('\n').map(|line| cut(line, MAX_SHOWN_CHARS)).collect::<Vec<_>>().join("\n")
}

/// What [`Problem::render`] shows of a problem: its texts cut, and the lines
/// of source around its labels, each cut, with the labels moved onto them.
struct Shown {
    severity: Severity,
    message: String,
    help: Option<String>,
    excerpt: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

impl Shown {
    fn of(problem: &Problem) -> Shown {
        let (excerpt, labels) = match &problem.file {
            Some(file) if !problem.labels.is_empty() => {
                let (excerpt, labels) = Excerpt::of(file, &problem.labels);
                (Some(excerpt), labels)
            }
            _ => (None, Vec::new()),
        };
        Shown {
            severity: problem.severity,
            message: clip_lines(&problem.message),
            help: problem.help.as_deref().map(clip_lines),
            excerpt,
            labels,
            related: problem.related.iter().map(Shown::of).collect(),
        }
    }
}

/// Lines `first_line`… of a file, each cut at [`MAX_SNIPPET_CHARS`]: the
/// source a problem shows.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based number of the first line shown.
    first_line: usize,
}

impl Excerpt {
    /// The lines around `labels` in `file` (one before the first, one after
    /// the last, at most [`MAX_SNIPPET_LINES`]), and the labels that fall in
    /// them, moved onto the cut lines.
    fn of(file: &SourceFile, labels: &[Label]) -> (Excerpt, Vec<LabeledSpan>) {
        let start = labels.iter().map(|l| l.span.offset()).min().unwrap_or(0);
        let end = labels.iter().map(|l| l.span.offset() + l.span.len()).max().unwrap_or(0);
        let first = file.line_of(start).saturating_sub(1).max(1);
        let last = (file.line_of(end) + 1).min(file.line_starts.len()).min(first + MAX_SNIPPET_LINES - 1);
        // Per line shown: its start in the file, the bytes kept, its start in the excerpt.
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        let mut text = String::new();
        for line in first..=last {
            let span = file.line_span(line);
            let whole = &file.text[span.offset()..span.offset() + span.len()];
            let shown = whole.char_indices().nth(MAX_SNIPPET_CHARS).map_or(whole.len(), |(i, _)| i);
            kept.push((span.offset(), shown, text.len()));
            text.push_str(&whole[..shown]);
            if shown < whole.len() {
                text.push('…');
            }
            if line < last {
                text.push('\n');
            }
        }
        let place = |offset: usize| {
            let line = file.line_of(offset);
            let &(line_start, shown, at) = kept.get(line.checked_sub(first)?)?;
            Some(at + (offset.saturating_sub(line_start)).min(shown))
        };
        let labels = labels
            .iter()
            .filter_map(|l| {
                let from = place(l.span.offset())?;
                let to = place(l.span.offset() + l.span.len()).unwrap_or(from).max(from);
                Some(LabeledSpan::new_with_span(Some(cut(&l.text, MAX_SHOWN_CHARS).into_owned()), (from, to - from)))
            })
            .collect();
        (Excerpt { name: file.path.clone(), text, first_line: first - 1 }, labels)
    }
}

impl miette::SourceCode for Excerpt {
    /// The excerpt's own lines, numbered as in the file.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = miette::SourceCode::read_span(self.text.as_str(), span, before, after)?;
        let (line, column, lines) = (inner.line() + self.first_line, inner.column(), inner.line_count() + self.first_line);
        Ok(Box::new(MietteSpanContents::new_named(self.name.clone(), inner.data(), *inner.span(), line, column, lines)))
    }
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl Diagnostic for Shown {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Note => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|p| p as &dyn Diagnostic)))
    }
}

/// How many problems [`Problems::render`] shows at most.
pub const MAX_RENDERED: usize = 50;
/// About the most bytes [`Problems::render`] prints (the first problem is
/// always shown, and each is bounded by [`MAX_SHOWN_CHARS`] and
/// [`MAX_SNIPPET_LINES`]).
pub const MAX_RENDERED_BYTES: usize = 100_000;

/// Problems collected over a run, errors and warnings, in the order found.
#[derive(Debug, Clone, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Whether any recorded problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|p| p.is_error()).count()
    }

    /// The problems rendered one after another (see [`Problem::render`]): the
    /// first [`MAX_RENDERED`], as many as fit in [`MAX_RENDERED_BYTES`], then
    /// a line counting the rest. A broken doc of thousands of rows can yield
    /// thousands of problems.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut shown = 0;
        for problem in self.0.iter().take(MAX_RENDERED) {
            let text = problem.render();
            if shown > 0 && out.len() + text.len() > MAX_RENDERED_BYTES {
                break;
            }
            if shown > 0 {
                out.push('\n');
            }
            out.push_str(&text);
            shown += 1;
        }
        if self.0.len() > shown {
            let rest = &self.0[shown..];
            let errors = rest.iter().filter(|p| p.is_error()).count();
            out.push_str(&format!(
                "\n… and {} more problem(s) ({errors} error(s)) not shown: fix the ones above first, they often cause the rest\n",
                rest.len()
            ));
        }
        out
    }
}

impl Extend<Problem> for Problems {
    fn extend<T: IntoIterator<Item = Problem>>(&mut self, iter: T) {
        self.0.extend(iter);
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn lines_are_found_by_offset_and_spanned_without_their_breaks() {
        let file = SourceFile::new("t.md", "ab\r\ncd\n\nef");
        let lines: Vec<usize> = (0..=11).map(|offset| file.line_of(offset)).collect();
        assert_eq!(lines, [1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 4, 4]);
        let span = |line| {
            let s = file.line_span(line);
            &file.text[s.offset()..s.offset() + s.len()]
        };
        assert_eq!([span(1), span(2), span(3), span(4)], ["ab", "cd", "", "ef"]);
        assert_eq!(file.line_span(5).len(), 0);
        assert_eq!(file.find_on_line(2, "d").offset(), 5);
    }
}
