//! HTTP errors: the front end's [`Error`] as a status code and a JSON body
//! `{"error": {"kind", "message", …}}` with what the page needs to help (the
//! closest names, the query position with a caret).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::Error;
use icigraph_engine::path::PathError;
use icigraph_engine::query::{ErrorKind, QueryError};
use icigraph_engine::resolve::{Candidate, ResolveError};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: json!({"kind": kind, "message": message.into()}),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "usage", message)
    }

    fn with(mut self, key: &str, value: Value) -> ApiError {
        self.body[key] = value;
        self
    }

    /// A query error, with `line`, `column`, `span` (byte offsets), `label`
    /// and `help` when the engine gives them, and the text under the caret.
    pub fn query(err: &QueryError, text: &str) -> ApiError {
        let status = match err.kind {
            ErrorKind::Limit => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        let mut e = ApiError::new(status, "query", err.to_string())
            .with("class", json!(err.kind.to_string()));
        if let Some((start, end)) = err.span() {
            let start = start.min(text.len());
            let before = &text[..floor_char(text, start)];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[line_start..].chars().count() + 1;
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            e = e
                .with("span", json!([start, end]))
                .with("line", json!(line))
                .with("column", json!(column))
                .with("source_line", json!(&text[line_start..line_end]));
        }
        if let Some(help) = err.help_text() {
            e = e.with("help", json!(help));
        }
        e
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn candidates(list: &[Candidate]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| json!({"id": c.id, "name": c.name, "category": c.category}))
            .collect(),
    )
}

impl From<ResolveError> for ApiError {
    fn from(err: ResolveError) -> ApiError {
        let message = err.to_string();
        match err {
            ResolveError::Empty => ApiError::new(StatusCode::BAD_REQUEST, "name", message),
            ResolveError::Unknown { suggestions, .. } => {
                ApiError::new(StatusCode::NOT_FOUND, "unknown_name", message)
                    .with("suggestions", candidates(&suggestions))
            }
            ResolveError::Ambiguous { candidates: c, .. } => {
                ApiError::new(StatusCode::CONFLICT, "ambiguous_name", message)
                    .with("candidates", candidates(&c))
            }
        }
    }
}

impl From<PathError> for ApiError {
    fn from(err: PathError) -> ApiError {
        let status = match err {
            PathError::NoPath { .. } | PathError::NoStrategy(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, "path", err.to_string())
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> ApiError {
        match err {
            Error::Resolve(e) => e.into(),
            Error::Path(e) => e.into(),
            Error::Usage(m) => ApiError::bad_request(m),
            Error::Draw(e) => ApiError::new(StatusCode::NOT_FOUND, "figure", e.to_string()),
            other => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                other.to_string(),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({"error": self.body}))).into_response()
    }
}
