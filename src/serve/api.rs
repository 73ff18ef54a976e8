//! The JSON API under `/api/`. Each answer is the value the CLI prints with
//! `--format json` (node, neighbors, path, strategies, stats, figures; query
//! rows), built by the same engine calls; docs/web.md lists the routes and
//! docs/openapi.json describes them.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value as JsonValue, json};

use super::error::ApiError;
use super::readonly::{REFUSED, ReadOnly};
use super::{App, work};
use crate::cli::browse::{NeighborWalk, neighbor_filter};
use crate::cli::{PathArgs, RankArg};
use crate::render;
use icigraph_engine::detail::node_detail;
use icigraph_engine::export::drawing::view_summaries;
use icigraph_engine::export::{Drawing, Style};
use icigraph_engine::graph::Graph;
use icigraph_engine::neighborhood::neighborhood;
use icigraph_engine::path::strategies::{StrategyOptions, strategies};
use icigraph_engine::query::{self, Options, output};

/// Largest `k` and `max_hops` a path request may ask for.
const MAX_K: usize = 50;
const MAX_HOPS: usize = 12;
/// Deepest neighbourhood a request may ask for.
const MAX_DEPTH: usize = 3;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/info", get(info))
        .route("/api/schema", get(schema))
        .route("/api/search", get(search))
        .route("/api/node", get(node))
        .route("/api/neighbors", get(neighbors))
        .route("/api/path", get(path))
        .route("/api/strategies", get(strategies_route))
        .route("/api/query", post(query_route))
        .route("/api/stats", get(stats))
        .route("/api/figures", get(figures))
        .route("/api/figures/{id}", get(figure_svg))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such page or API route",
            )
        })
}

/// Query-string parameters, repeatable (`avoid=a&avoid=b`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Params {
        let raw = raw.unwrap_or_default();
        Params(
            form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, key: &str) -> Result<String, ApiError> {
        self.get(key)
            .map(str::to_owned)
            .ok_or_else(|| ApiError::bad_request(format!("give the `{key}` parameter")))
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.get(key).filter(|t| !t.trim().is_empty()) else {
            return Ok(default);
        };
        let n: usize = text.trim().parse().map_err(|_| {
            ApiError::bad_request(format!("`{key}` takes a whole number, not \"{text}\""))
        })?;
        if n > max {
            return Err(ApiError::bad_request(format!(
                "`{key}` is at most {max} here (asked for {n})"
            )));
        }
        Ok(n)
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("true" | "1" | "on" | "yes"))
    }

    /// `rank=hops|specific`, as `path --rank`; `specific` when absent.
    fn rank(&self) -> Result<RankArg, ApiError> {
        match self.get("rank").map(str::trim) {
            None | Some("") | Some("specific") => Ok(RankArg::Specific),
            Some("hops") => Ok(RankArg::Hops),
            Some(other) => Err(ApiError::bad_request(format!(
                "`rank` is `hops` or `specific`, not \"{other}\""
            ))),
        }
    }
}

async fn info(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    work::json(&app, |app| {
        let graph = app.read();
        Ok(json!({
            "nodes": graph.node_count(),
            "edges": graph.edge_count(),
            "allow_writes": app.allow_writes,
            "graphviz": render::graphviz_available(),
            "drawing_library": super::assets::has_bundle(),
            "max_expansions": app.max_expansions,
            "timeout_seconds": app.timeout.as_secs(),
            "version": env!("CARGO_PKG_VERSION"),
        }))
    })
    .await
}

#[derive(Serialize)]
struct CategoryLook<'a> {
    name: &'a str,
    description: &'a str,
    shape: String,
    fill: String,
}

#[derive(Serialize)]
struct PredicateLook<'a> {
    name: &'a str,
    inverse: &'a str,
    polarity: &'static str,
}

/// Categories and predicates with the drawing style of the DOT figures.
async fn schema(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    work::json(&app, |app| {
        let graph = app.read();
        let schema = graph.schema();
        let style = Style::from_schema(schema);
        let categories: Vec<CategoryLook> = schema
            .categories()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let look = style.node(icigraph_engine::schema::CategoryId(i as u16));
                CategoryLook {
                    name: &c.name,
                    description: &c.description,
                    shape: look.shape,
                    fill: look.fill,
                }
            })
            .collect();
        let predicates: Vec<PredicateLook> = schema
            .predicates()
            .iter()
            .map(|p| PredicateLook {
                name: &p.name,
                inverse: &p.inverse,
                polarity: p.polarity.as_str(),
            })
            .collect();
        use icigraph_engine::schema::Polarity;
        let polarities: Vec<JsonValue> = [
            Polarity::Activating,
            Polarity::Inhibiting,
            Polarity::Associative,
        ]
        .into_iter()
        .map(|p| {
            let look = style.edge(p);
            json!({
                "polarity": p.as_str(),
                "color": look.color,
                "arrowhead": look.arrowhead,
                "style": look.style,
                "legend": look.legend,
            })
        })
        .collect();
        Ok(json!({
            "categories": categories,
            "predicates": predicates,
            "polarities": polarities,
            "evidence": schema.evidence_levels(),
        }))
    })
    .await
}

async fn search(
    State(app): State<Arc<App>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw);
    let q = params.get("q").unwrap_or("").to_owned();
    work::json(&app, move |app| {
        let graph = app.read();
        Ok(app.names.search(&graph, &q))
    })
    .await
}

/// `?name=` (forgiving) or `?id=` (exact).
async fn node(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = Params::parse(raw);
    let id = params.get("id").map(str::to_owned);
    let name = params.get("name").map(str::to_owned);
    work::json(&app, move |app| {
        let graph = app.read();
        let ix = match (id, name) {
            (Some(id), _) => graph.find_id(&id).ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "unknown_id",
                    format!("no node has the id \"{id}\""),
                )
            })?,
            (None, Some(name)) => graph.resolve(&name)?,
            (None, None) => return Err(ApiError::bad_request("give `name` or `id`")),
        };
        Ok(node_detail(&graph, ix))
    })
    .await
}

async fn neighbors(
    State(app): State<Arc<App>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw);
    let name = params.required("name")?;
    let depth = params.number("depth", 1, MAX_DEPTH)?;
    let categories = params.all("category");
    let predicates = params.all("predicate");
    let directed = params.flag("directed");
    work::json(&app, move |app| {
        let graph = app.read();
        let ix = graph.resolve(&name)?;
        let filter = neighbor_filter(
            &graph,
            &NeighborWalk {
                categories: &categories,
                predicates: &predicates,
                directed,
            },
        )?;
        Ok(neighborhood(&graph, ix, depth, &filter))
    })
    .await
}

async fn path(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = Params::parse(raw);
    let args = PathArgs {
        from: Some(params.required("from")?),
        to: Some(params.required("to")?),
        pairs: None,
        k: params.number("k", crate::cli::DEFAULT_K, MAX_K)?,
        all: false,
        limit: 1,
        max_hops: params.number(
            "max_hops",
            icigraph_engine::path::DEFAULT_MAX_HOPS,
            MAX_HOPS,
        )?,
        directed: params.flag("directed"),
        avoid: params.all("avoid"),
        via_categories: params.all("via_category"),
        exclude_categories: params.all("exclude_category"),
        predicates: params.all("predicate"),
        rank: params.rank()?,
    };
    work::json(&app, move |app| {
        let graph = app.read();
        let (result, _) = crate::cli::path::find_paths(&graph, &args)?;
        Ok(result)
    })
    .await
}

async fn strategies_route(
    State(app): State<Arc<App>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw);
    let mechanism = params.required("mechanism")?;
    let options = StrategyOptions {
        direct_only: params.flag("direct_only"),
    };
    work::json(&app, move |app| {
        let graph = app.read();
        let ix = graph.resolve(&mechanism)?;
        Ok(strategies(&graph, ix, &app.rules, options)?)
    })
    .await
}

async fn stats(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    work::json(&app, |app| {
        Ok(icigraph_engine::stats::stats(&app.read(), 10))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryRequest {
    query: String,
    #[serde(default)]
    params: serde_json::Map<String, JsonValue>,
}

/// A Cypher script: `{"query": "MATCH …", "params": {"name": "β2M"}}`.
async fn query_route(
    State(app): State<Arc<App>>,
    request: Result<Json<QueryRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = request.map_err(|e| {
        ApiError::new(
            e.status(),
            "body",
            format!(
                "{} (send {{\"query\": \"MATCH …\", \"params\": {{…}}}})",
                e.body_text()
            ),
        )
    })?;
    work::json(&app, move |app| run_query(app, &request)).await
}

#[derive(Serialize)]
struct QueryAnswer<'a> {
    columns: &'a [String],
    /// Exactly what `icigraph query --format json` prints.
    rows: Vec<output::JsonRow<'a>>,
    /// `run`, `explain` or `profile`: how the last statement ran.
    mode: query::Mode,
    /// The operator tree, for a statement starting with EXPLAIN or PROFILE.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a query::PlanNode>,
    /// What a write changed (Neo4j's counters); absent for a read.
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<query::WriteStats>,
}

fn run_query(app: &App, request: &QueryRequest) -> Result<JsonValue, ApiError> {
    let text = request.query.as_str();
    let mut options = Options {
        strict: true,
        ..Options::default()
    };
    options.limits.expansions = app.max_expansions;
    for (name, value) in &request.params {
        options.params.insert(
            name.trim_start_matches('$').to_owned(),
            output::param_value(&value.to_string()),
        );
    }
    let answer = |graph: &dyn query::GraphAccess, outcome: &query::Outcome| {
        serde_json::to_value(QueryAnswer {
            columns: &outcome.table.columns,
            rows: output::table_json(graph, &outcome.table),
            mode: outcome.mode,
            plan: outcome.plan.as_ref(),
            stats: outcome.table.stats.any().then_some(outcome.table.stats),
        })
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))
    };
    {
        let graph = app.read();
        let mut view = ReadOnly::new(&graph, &app.keys);
        let result = query::execute(&mut view, text, &options);
        match result {
            Ok(outcome) => return answer(&view, &outcome),
            Err(err) if !view.refused() => return Err(ApiError::query(&err, text)),
            Err(_) if !app.allow_writes => {
                return Err(ApiError::new(StatusCode::FORBIDDEN, "read_only", REFUSED));
            }
            // A write under --allow-writes: run again below, holding the
            // write lock. Nothing was written by the refused attempt.
            Err(_) => {}
        }
    }
    let mut graph: std::sync::RwLockWriteGuard<'_, Graph> =
        app.graph.write().unwrap_or_else(|e| e.into_inner());
    let result = query::execute(&mut *graph, text, &options);
    app.keys.clear();
    let outcome = result.map_err(|e| ApiError::query(&e, text))?;
    answer(&*graph, &outcome)
}

/// The views, as `icigraph figures --format json`.
async fn figures(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    work::json(&app, |app| {
        let graph = app.read();
        let rows = view_summaries(&graph);
        Ok(serde_json::to_value(rows).unwrap_or_default())
    })
    .await
}

/// `/api/figures/{id}.svg`: a view drawn from its DOT by Graphviz when
/// installed, else the built-in layout; drawn once and kept.
async fn figure_svg(
    State(app): State<Arc<App>>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let Some(id) = file.strip_suffix(".svg").map(str::to_owned) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "figure",
            "figures are served as /api/figures/ID.svg",
        ));
    };
    work::run(&app, move |app| {
        let cached = app
            .figures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned();
        let drawn = match cached {
            Some(drawn) => drawn,
            None => {
                let drawn = Arc::new(draw(&app.read(), &id)?);
                app.figures
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(id, Arc::clone(&drawn));
                drawn
            }
        };
        let engine = if drawn.1 { "graphviz" } else { "built-in" };
        Ok((
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::HeaderName::from_static("x-drawn-by"), engine),
            ],
            drawn.0.clone(),
        )
            .into_response())
    })
    .await
}

fn draw(graph: &Graph, id: &str) -> Result<(String, bool), ApiError> {
    let style = Style::from_schema(graph.schema());
    let drawing = Drawing::figure(graph, id, &style).map_err(crate::Error::from)?;
    let internal = |e: render::RenderError| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "render", e.to_string())
    };
    if render::graphviz_available() {
        let bytes = render::graphviz(&drawing, render::ImageFormat::Svg).map_err(internal)?;
        return Ok((String::from_utf8_lossy(&bytes).into_owned(), true));
    }
    Ok((render::builtin_svg(&drawing).map_err(internal)?, false))
}
