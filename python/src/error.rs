//! Engine errors as the Python exceptions of `icigraph.errors`, and the guard
//! that turns a panic into an exception instead of letting it reach Python.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use icigraph_engine::export::DrawError;
use icigraph_engine::generate::GenerateError;
use icigraph_engine::load::LoadError;
use icigraph_engine::path::PathError;
use icigraph_engine::query::QueryError;
use icigraph_engine::resolve::{Candidate, ResolveError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Everything an engine call can fail with, in a form that may cross threads
/// (the work runs with the GIL released).
#[derive(Debug)]
pub enum Failure {
    Load(LoadError),
    Resolve(ResolveError),
    Path(PathError),
    /// The error and the query text, for line and column.
    Query(QueryError, String),
    Draw(DrawError),
    Generate(GenerateError),
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A bad argument (unknown category, index out of range …).
    Usage(String),
    /// A panic inside the engine: a bug, reported rather than crashing.
    Panic(String),
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        Failure::Load(e)
    }
}

impl From<ResolveError> for Failure {
    fn from(e: ResolveError) -> Self {
        Failure::Resolve(e)
    }
}

impl From<PathError> for Failure {
    fn from(e: PathError) -> Self {
        Failure::Path(e)
    }
}

impl From<DrawError> for Failure {
    fn from(e: DrawError) -> Self {
        Failure::Draw(e)
    }
}

impl From<GenerateError> for Failure {
    fn from(e: GenerateError) -> Self {
        Failure::Generate(e)
    }
}

/// Runs engine work, turning a panic into [`Failure::Panic`].
pub fn guarded<T>(work: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| Err(panic_failure(payload)))
}

fn panic_failure(payload: Box<dyn Any + Send>) -> Failure {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Failure::Panic(text)
}

/// Builds an instance of `icigraph.errors.<class>` with `message` and
/// attributes.
fn exception<'py>(
    py: Python<'py>,
    class: &str,
    message: String,
    attrs: Vec<(&str, Bound<'py, PyAny>)>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("icigraph.errors")?.getattr(class)?;
        let exc = cls.call1((message,))?;
        for (key, value) in attrs {
            exc.setattr(key, value)?;
        }
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

fn candidates<'py>(py: Python<'py>, list: &[Candidate]) -> PyResult<Bound<'py, PyAny>> {
    let items = PyList::empty(py);
    for c in list {
        let d = PyDict::new(py);
        d.set_item("id", &c.id)?;
        d.set_item("name", &c.name)?;
        d.set_item("category", &c.category)?;
        items.append(d)?;
    }
    Ok(items.into_any())
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn query_message(err: &QueryError, text: &str) -> (String, Option<(usize, usize)>) {
    let mut message = err.to_string();
    let place = err.span().map(|(start, end)| {
        let (line, column) = line_column(text, start);
        let source_line = text.lines().nth(line - 1).unwrap_or("");
        let width = text
            .get(start..end.min(text.len()))
            .map_or(1, |s| s.chars().count().max(1));
        message.push_str(&format!(
            " (line {line}, column {column})\n  {source_line}\n  {}{}",
            " ".repeat(column - 1),
            "^".repeat(
                width.min(
                    source_line
                        .chars()
                        .count()
                        .saturating_sub(column - 1)
                        .max(1)
                )
            )
        ));
        (line, column)
    });
    if let Some(help) = err.help_text() {
        message.push_str(&format!("\nhelp: {help}"));
    }
    (message, place)
}

impl Failure {
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Load(LoadError::Invalid { origin, report }) => {
                let message = format!("invalid data in {origin}:\n{report}");
                let problems = report.problems();
                let first = problems.first();
                let a = ok((|| {
                    let list = PyList::empty(py);
                    for p in problems {
                        let d = PyDict::new(py);
                        d.set_item("file", &p.file)?;
                        d.set_item("line", p.line)?;
                        d.set_item("column", &p.column)?;
                        d.set_item("message", &p.message)?;
                        list.append(d)?;
                    }
                    Ok(vec![
                        ("problems", list.into_any()),
                        ("total", report.total().into_pyobject(py)?.into_any()),
                        (
                            "file",
                            first.map(|p| p.file.clone()).into_pyobject(py)?.into_any(),
                        ),
                        (
                            "line",
                            first.and_then(|p| p.line).into_pyobject(py)?.into_any(),
                        ),
                    ])
                })());
                exception(py, "DataError", message, a)
            }
            Failure::Load(err) => {
                let file = match &err {
                    LoadError::Io { path, .. }
                    | LoadError::NotAGraph { path }
                    | LoadError::NotAnOpenFolder { path }
                    | LoadError::Snapshot { path, .. } => Some(path.clone()),
                    LoadError::Invalid { .. } => None,
                };
                let message = full_chain(&err);
                let a = ok((|| {
                    Ok(vec![
                        ("file", file.clone().into_pyobject(py)?.into_any()),
                        ("problems", PyList::empty(py).into_any()),
                        ("total", 1usize.into_pyobject(py)?.into_any()),
                    ])
                })());
                exception(py, "DataError", message, a)
            }
            Failure::Resolve(err) => {
                let message = err.to_string();
                let (name, list) = match &err {
                    ResolveError::Empty => (String::new(), Vec::new()),
                    ResolveError::Unknown { name, suggestions } => {
                        (name.clone(), suggestions.clone())
                    }
                    ResolveError::Ambiguous { name, candidates } => {
                        (name.clone(), candidates.clone())
                    }
                };
                let class = match err {
                    ResolveError::Ambiguous { .. } => "AmbiguousName",
                    _ => "NameNotFound",
                };
                let a = ok((|| {
                    Ok(vec![
                        ("name", name.clone().into_pyobject(py)?.into_any()),
                        ("suggestions", candidates(py, &list)?),
                    ])
                })());
                exception(py, class, message, a)
            }
            Failure::Path(err) => {
                let class = match err {
                    PathError::NoPath { .. } | PathError::NoStrategy(_) => "NotFound",
                    _ => "UsageError",
                };
                exception(py, class, err.to_string(), Vec::new())
            }
            Failure::Query(err, text) => {
                let (message, place) = query_message(&err, &text);
                let a = ok((|| {
                    Ok(vec![
                        (
                            "kind",
                            format!("{:?}", err.kind)
                                .to_lowercase()
                                .into_pyobject(py)?
                                .into_any(),
                        ),
                        ("line", place.map(|p| p.0).into_pyobject(py)?.into_any()),
                        ("column", place.map(|p| p.1).into_pyobject(py)?.into_any()),
                        ("help", err.help_text().into_pyobject(py)?.into_any()),
                    ])
                })());
                exception(py, "QueryError", message, a)
            }
            Failure::Draw(err) => exception(py, "UsageError", err.to_string(), Vec::new()),
            Failure::Generate(err) => exception(py, "UsageError", err.to_string(), Vec::new()),
            Failure::Io { path, source } => {
                exception(py, "IcigraphError", format!("{path}: {source}"), Vec::new())
            }
            Failure::Usage(message) => exception(py, "UsageError", message, Vec::new()),
            Failure::Panic(text) => exception(
                py,
                "IcigraphError",
                format!("internal error in the icigraph engine (please report it): {text}"),
                Vec::new(),
            ),
        }
    }
}

/// The attributes built, or none if building them failed (the exception
/// is still raised with its message).
fn ok<'py>(
    attrs: PyResult<Vec<(&'static str, Bound<'py, PyAny>)>>,
) -> Vec<(&'static str, Bound<'py, PyAny>)> {
    attrs.unwrap_or_default()
}

/// An error with its causes, one per line after the first.
fn full_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// `Result<T, Failure>` to `PyResult<T>`.
pub trait IntoPyResult<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, Failure> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|f| f.into_py(py))
    }
}
