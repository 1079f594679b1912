//! Problems found in the input, reported like compiler errors: file, line, the
//! offending text underlined, and what to do about it.
//!
//! Every stage collects its problems instead of stopping at the first, so one
//! run of `cargo xtask gen` reports all of them together.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

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
    named: NamedSource<Arc<str>>,
    /// Byte offset where each line starts, so a line number is a binary search
    /// (shared: every problem pointing into the file holds a copy of it).
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    /// A file shown as `path` with contents `text`.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let path = path.into();
        let text = text.into();
        let named = NamedSource::new(&path, Arc::clone(&text));
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path, text, named, line_starts }
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
}

impl Problem {
    /// An error with `message` and nothing to point at.
    pub fn error(message: impl Into<String>) -> Self {
        Problem { severity: Severity::Error, message: message.into(), help: None, file: None, labels: Vec::new(), related: Vec::new() }
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
    pub fn render(&self) -> String {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100).with_links(false);
        let mut out = String::new();
        match handler.render_report(&mut out, self) {
            Ok(()) => out,
            Err(_) => format!("{}\n", self.message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
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
        self.file.as_ref().map(|f| &f.named as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), l.span))))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|p| p as &dyn Diagnostic)))
    }
}

/// How many problems [`Problems::render`] shows.
pub const MAX_RENDERED: usize = 50;

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
    /// first [`MAX_RENDERED`], then a line counting the rest. A broken doc of
    /// 100,000 rows can yield hundreds of thousands of problems, and rendering
    /// one reads its file up to the problem's line.
    pub fn render(&self) -> String {
        let mut out = self.0.iter().take(MAX_RENDERED).map(Problem::render).collect::<Vec<_>>().join("\n");
        if self.0.len() > MAX_RENDERED {
            let rest = &self.0[MAX_RENDERED..];
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
