//! Query errors: what went wrong, where in the query (a span shown with
//! line:column and a caret by miette) and, for a misspelt name, the closest
//! known one.

use std::fmt;

use miette::{NamedSource, SourceSpan};

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
    source_code: Option<NamedSource<String>>,
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
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> QueryError {
        QueryError(Box::new(Details {
            kind,
            message: message.into(),
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

    /// Attaches the query text so the span can be shown.
    pub fn with_source(mut self, name: &str, text: &str) -> QueryError {
        self.0.source_code = Some(NamedSource::new(name, text.to_owned()));
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
