//! Query errors: what went wrong, where in the query (a span shown with
//! line:column and a caret by miette) and, for a misspelt name, the closest
//! known one.

use std::fmt;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The class of a query error; `Syntax`/`Semantic` are found before running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not a query.
    Syntax,
    /// A well-formed query that cannot run (unknown variable, misuse …).
    Semantic,
    /// A value of the wrong type met an operator or function at run time.
    Type,
    /// A value out of range (negative LIMIT, integer overflow, division by zero …).
    Argument,
    /// Valid Cypher this engine does not implement.
    Unsupported,
    /// The query would enumerate more than the engine allows.
    Limit,
    /// A `$parameter` without a value.
    Parameter,
    /// A change the graph's rules refuse (DELETE of a node that still has
    /// relationships, without DETACH).
    Constraint,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Semantic => "invalid query",
            ErrorKind::Type => "type error",
            ErrorKind::Argument => "invalid value",
            ErrorKind::Unsupported => "not supported",
            ErrorKind::Limit => "query too large",
            ErrorKind::Parameter => "missing parameter",
            ErrorKind::Constraint => "constraint violated",
        })
    }
}

/// What a query error says; [`QueryError`] boxes it so results stay small.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{kind}: {message}")]
#[diagnostic(code(icigraph::query))]
pub struct Details {
    pub kind: ErrorKind,
    pub message: String,
    #[source_code]
    source_code: Option<QuerySource>,
    #[label("{}", label.as_deref().unwrap_or("here"))]
    span: Option<SourceSpan>,
    label: Option<String>,
    #[help]
    help: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct QueryError(Box<Details>);

impl std::ops::Deref for QueryError {
    type Target = Details;

    fn deref(&self) -> &Details {
        &self.0
    }
}

impl miette::Diagnostic for QueryError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.code()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.help()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
}

impl QueryError {
    /// A new error; a message longer than [`MAX_MESSAGE`] bytes (one that
    /// echoes a huge name or value) is cut short.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> QueryError {
        QueryError(Box::new(Details {
            kind,
            message: clip(message.into(), MAX_MESSAGE),
            source_code: None,
            span: None,
            label: None,
            help: None,
        }))
    }

    /// Points the error at `start..end` of the query (byte offsets), unless
    /// it already points somewhere.
    pub fn at(mut self, span: (usize, usize)) -> QueryError {
        if self.0.span.is_none() {
            self.0.span = Some(SourceSpan::from(span.0..span.1.max(span.0)));
        }
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> QueryError {
        self.0.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> QueryError {
        self.0.help = Some(help.into());
        self
    }

    /// Adds "did you mean …" when there are close candidates.
    pub fn suggest(self, names: Vec<String>) -> QueryError {
        if names.is_empty() {
            self
        } else {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            self.with_help(format!("did you mean {}?", list.join(" or ")))
        }
    }

    /// Attaches the query text so the span can be shown. The span is
    /// clamped to the text; on a line longer than [`WINDOW`] bytes only a
    /// window around the error is shown (and the span is cut to it), with
    /// the line and column of the whole text.
    pub fn with_source(mut self, name: &str, text: &str) -> QueryError {
        let (source, span) = QuerySource::new(name, text, self.0.span);
        self.0.span = span;
        self.0.source_code = Some(source);
        self
    }

    /// Byte offsets the error points at.
    pub fn span(&self) -> Option<(usize, usize)> {
        self.0.span.map(|s| (s.offset(), s.offset() + s.len()))
    }

    /// The help line, for front ends that do not render miette reports.
    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }

    /// Whether the error was found before running (syntax or meaning).
    pub fn is_compile_time(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Syntax | ErrorKind::Semantic)
    }
}

/// The longest message an error keeps, in bytes.
pub const MAX_MESSAGE: usize = 600;

/// `text` cut to at most `max` bytes at a character boundary, marked with `…`.
pub fn clip(mut text: String, max: usize) -> String {
    if text.len() > max {
        text.truncate(floor_boundary(&text, max));
        text.push('…');
    }
    text
}

/// The widest piece of one line a diagnostic shows, in bytes.
pub const WINDOW: usize = 120;

/// Query text as diagnostics see it: whole, or one window of a long line.
#[derive(Debug)]
struct QuerySource {
    name: String,
    text: String,
    /// `(start, end, line, column)` of the window shown, when one is.
    window: Option<(usize, usize, usize, usize)>,
}

impl QuerySource {
    fn new(name: &str, text: &str, span: Option<SourceSpan>) -> (QuerySource, Option<SourceSpan>) {
        let mut source = QuerySource {
            name: name.to_owned(),
            text: text.to_owned(),
            window: None,
        };
        let Some(span) = span else {
            return (source, None);
        };
        let start = floor_boundary(text, span.offset().min(text.len()));
        let end = ceil_boundary(text, (span.offset() + span.len()).clamp(start, text.len()));
        if !text.lines().any(|l| l.len() > WINDOW) {
            return (source, Some(SourceSpan::from(start..end)));
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let from = floor_boundary(text, start.saturating_sub(WINDOW / 3).max(line_start));
        let to = ceil_boundary(text, (from + WINDOW).min(line_end));
        let line = text[..line_start].matches('\n').count();
        source.window = Some((from, to, line, from - line_start));
        let end = end.min(to).max(start);
        (source, Some(SourceSpan::from(start..end)))
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl SourceCode for QuerySource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> std::result::Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (data, span, line, column, count) = match self.window {
            Some((from, to, line, column)) => (
                &self.text.as_bytes()[from..to],
                SourceSpan::from(from..to),
                line,
                column,
                1,
            ),
            None => {
                let c = self.text.read_span(span, before, after)?;
                (c.data(), *c.span(), c.line(), c.column(), c.line_count())
            }
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            span,
            line,
            column,
            count,
        )))
    }
}

pub type Result<T, E = QueryError> = std::result::Result<T, E>;

pub fn syntax(message: impl Into<String>, span: (usize, usize)) -> QueryError {
    QueryError::new(ErrorKind::Syntax, message).at(span)
}

pub fn semantic(message: impl Into<String>, span: (usize, usize)) -> QueryError {
    QueryError::new(ErrorKind::Semantic, message).at(span)
}

pub fn unsupported(what: impl Into<String>, span: (usize, usize)) -> QueryError {
    QueryError::new(ErrorKind::Unsupported, what).at(span)
}

pub fn type_error(message: impl Into<String>) -> QueryError {
    QueryError::new(ErrorKind::Type, message)
}

pub fn argument(message: impl Into<String>) -> QueryError {
    QueryError::new(ErrorKind::Argument, message)
}
