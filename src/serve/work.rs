//! Graph work off the async threads: at most `--jobs` requests work at once,
//! and one that has not answered within `--timeout` gets a 503 while the
//! server goes on serving. A query cut off by the timeout still stops at its
//! `--max-expansions` budget, so the thread it ran on comes back.

use std::sync::Arc;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::App;
use super::error::ApiError;

/// Runs `job` on a blocking thread and answers with its JSON.
pub async fn json<T, F>(app: &Arc<App>, job: F) -> Result<Response, ApiError>
where
    T: Serialize,
    F: FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
{
    run(app, move |app| {
        let value = job(app)?;
        let body = serde_json::to_vec(&value).map_err(|e| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
        })?;
        Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
    })
    .await
}

/// Runs `job` on a blocking thread within the job limit and the timeout.
pub async fn run<F>(app: &Arc<App>, job: F) -> Result<Response, ApiError>
where
    F: FnOnce(&App) -> Result<Response, ApiError> + Send + 'static,
{
    let timeout = app.timeout;
    let too_slow = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s; narrow it (fewer hops, a smaller k, a LIMIT) or raise `serve --timeout`",
                timeout.as_secs()
            ),
        )
    };
    let deadline = tokio::time::Instant::now() + timeout;
    let permit = tokio::time::timeout_at(deadline, Arc::clone(&app.jobs).acquire_owned())
        .await
        .map_err(|_| too_slow())?
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "shutting down"))?;
    let shared = Arc::clone(app);
    // The permit moves into the thread: it is released when the work ends,
    // not when the client is answered.
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        job(&shared)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Err(_) => Err(too_slow()),
        Ok(Err(join)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the request failed inside the server: {join}"),
        )),
        Ok(Ok(result)) => result,
    }
}
