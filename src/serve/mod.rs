//! `icigraph serve`: a local web explorer over the same engine calls as the
//! command line. The page (search, node cards, paths, strategies, Cypher,
//! figures) and the graph-drawing library are compiled into the binary; the
//! JSON API under `/api/` answers with the CLI's `--format json` shapes.
//!
//! Safety rules, each enforced in one place: [`guard`] rejects a request whose
//! Host header is not the bound address (DNS rebinding) and a cross-origin
//! POST, and adds headers that forbid inline script; [`assets`] serves only a
//! fixed table of compiled-in files; [`work`] runs graph work off the async
//! threads with a bounded number of jobs and a timeout; Cypher runs on a
//! [`readonly`] view unless `--allow-writes`.

mod api;
mod assets;
mod error;
mod guard;
mod readonly;
mod search;
mod work;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use clap::Args;

use crate::cli::{Global, load_graph, strategy_rules};
use crate::error::Error;
use icigraph_engine::graph::Graph;
use icigraph_engine::path::strategies::Rules;

/// Options of `icigraph serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one; the URL printed says which).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Address to listen on. Only the machine itself can connect to the
    /// default; another address exposes the graph to the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Let Cypher CREATE change the in-memory graph (never the files).
    #[arg(long)]
    pub allow_writes: bool,
    /// Stop a Cypher query after walking this many relationships.
    #[arg(long, value_name = "N", default_value_t = 5_000_000)]
    pub max_expansions: u64,
    /// Answer 503 when a request's graph work takes longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    /// Largest request body accepted, in bytes (a Cypher query, its parameters).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024)]
    pub max_body: usize,
    /// Graph requests worked on at once; more wait (within --timeout).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub jobs: usize,
}

/// Everything a request handler needs.
pub struct App {
    pub graph: RwLock<Graph>,
    pub rules: Rules,
    pub allow_writes: bool,
    pub max_expansions: u64,
    pub timeout: Duration,
    pub jobs: std::sync::Arc<tokio::sync::Semaphore>,
    /// Rendered figures by view id: SVG text and whether Graphviz drew it.
    pub figures: Mutex<HashMap<String, std::sync::Arc<(String, bool)>>>,
    pub names: search::Completions,
    pub keys: readonly::KeyCache,
    pub hosts: guard::Hosts,
}

impl App {
    /// The graph for reading; a panic in another reader never locks it away.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Graph> {
        self.graph.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// The router with every route and safety layer.
pub fn router(app: std::sync::Arc<App>, max_body: usize) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check,
        ))
        .with_state(app)
}

/// Builds the shared state for a loaded graph.
pub fn app(graph: Graph, rules: Rules, args: &ServeArgs, addr: SocketAddr) -> App {
    let names = search::Completions::build(&graph);
    App {
        graph: RwLock::new(graph),
        rules,
        allow_writes: args.allow_writes,
        max_expansions: args.max_expansions,
        timeout: Duration::from_secs(args.timeout.max(1)),
        jobs: std::sync::Arc::new(tokio::sync::Semaphore::new(args.jobs.max(1))),
        figures: Mutex::new(HashMap::new()),
        names,
        keys: readonly::KeyCache::default(),
        hosts: guard::Hosts::for_addr(addr),
    }
}

/// `icigraph serve`: loads the graph, prints the URL and serves until Ctrl-C.
pub fn run(global: &Global, args: &ServeArgs, out: &mut dyn Write) -> Result<(), Error> {
    let graph = load_graph(global)?;
    let rules = strategy_rules(global)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.bind, args.port))
            .await
            .map_err(|e| {
                Error::Usage(format!("cannot listen on {}:{}: {e}", args.bind, args.port))
            })?;
        let addr = listener.local_addr()?;
        let (nodes, edges) = (graph.node_count(), graph.edge_count());
        let app = std::sync::Arc::new(app(graph, rules, args, addr));
        writeln!(
            out,
            "icigraph explorer on http://{}/ ({nodes} nodes, {edges} edges; {}; Ctrl-C stops)",
            guard::authority(addr),
            if args.allow_writes {
                "CREATE allowed in memory"
            } else {
                "read-only"
            }
        )?;
        if !assets::has_bundle() {
            writeln!(out, "note: {}", assets::NO_BUNDLE)?;
        }
        out.flush()?;
        axum::serve(listener, router(app, args.max_body))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
