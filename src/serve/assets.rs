//! The page's files, compiled into the binary: a fixed table from URL to
//! bytes, so no request can reach the file system.
//!
//! The graph-drawing library (cytoscape.js, from npm with `web/package-lock.json`)
//! is copied in by `build.rs` when `web/node_modules` holds it; without it the
//! binary still builds, every other command works, and the page lists results
//! without drawing them.

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::App;

const INDEX: &str = include_str!("../../web/static/index.html");
const APP_JS: &str = include_str!("../../web/static/app.js");
const APP_CSS: &str = include_str!("../../web/static/app.css");
const CYTOSCAPE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cytoscape.min.js"));

/// What `serve` says when the drawing library was not bundled.
pub const NO_BUNDLE: &str = "this binary was built without the graph-drawing library, so the page lists results without drawing them; run `npm ci --prefix web` and rebuild to bundle it";

pub fn has_bundle() -> bool {
    !CYTOSCAPE.is_empty()
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/",
            get(|| async { file("text/html; charset=utf-8", INDEX.as_bytes()) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { file("text/javascript; charset=utf-8", APP_JS.as_bytes()) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { file("text/css; charset=utf-8", APP_CSS.as_bytes()) }),
        )
        .route("/assets/cytoscape.min.js", get(cytoscape))
}

fn file(kind: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn cytoscape() -> Response {
    if has_bundle() {
        return file("text/javascript; charset=utf-8", CYTOSCAPE);
    }
    // The page checks for the library and explains; this script says why too.
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        format!("console.warn({:?});", NO_BUNDLE),
    )
        .into_response()
}
