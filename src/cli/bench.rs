//! `bench-queries` (hidden): the benchmark workload of bench/run.sh, timed in
//! process so the figures compare with the Python peers' in-process timings.

use std::io::Write;
use std::time::Instant;

use serde::Serialize;

use super::output::print_json;
use super::{BenchArgs, Global, load_graph, source};
use crate::error::Error;
use icigraph_engine::load::Source;
use icigraph_engine::path::{PathIndex, PathOptions};
use icigraph_engine::walk::bfs::{Balance, Bfs};

#[derive(Serialize)]
struct Timings {
    tool: &'static str,
    nodes: usize,
    edges: usize,
    load_seconds: f64,
    paths_seconds: f64,
    /// The same pairs through the `path` command's engine (Yen, k = 1,
    /// directed), index build included.
    path_engine_seconds: f64,
    two_hop_seconds: f64,
    /// Edges on each pair's shortest directed path (`null`: unreachable).
    path_lengths: Vec<Option<usize>>,
    /// Distinct nodes within `hops` directed steps of each pair's source.
    two_hop_counts: Vec<usize>,
}

pub fn run(global: &Global, args: &BenchArgs, out: &mut dyn Write) -> Result<(), Error> {
    let start = Instant::now();
    let graph = load_graph(global)?;
    let load_seconds = start.elapsed().as_secs_f64();
    let pairs = icigraph_engine::pairs::read(&args.pairs, &graph)?;
    let mut bfs = Bfs::new(graph.node_count());

    let start = Instant::now();
    let path_lengths: Vec<Option<usize>> = pairs
        .iter()
        .map(|&(s, t)| {
            bfs.shortest(&graph, s, t, usize::MAX, Balance::Edges)
                .map(|r| r.edges.len())
        })
        .collect();
    let paths_seconds = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let index = PathIndex::new(&graph);
    let options = PathOptions {
        directed: true,
        max_hops: graph.node_count(),
        ..PathOptions::default()
    };
    for (i, &(s, t)) in pairs.iter().enumerate() {
        let hops = index
            .k_shortest(s, t, 1, &options)
            .ok()
            .map(|p| p[0].hops());
        let expected: &Option<usize> = &path_lengths[i];
        if hops != *expected && s != t {
            return Err(Error::Usage(format!(
                "pair {}: the path engine found {hops:?} hops, the traversal {expected:?}",
                i + 1
            )));
        }
    }
    let path_engine_seconds = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let two_hop_counts = pairs
        .iter()
        .map(|&(s, _)| bfs.count_within(&graph, s, args.hops))
        .collect();
    let two_hop_seconds = start.elapsed().as_secs_f64();

    let tool = match source(global) {
        Source::Snapshot(_) => "icigraph (snapshot)",
        _ => "icigraph (csv)",
    };
    print_json(
        out,
        &Timings {
            tool,
            nodes: graph.node_count(),
            edges: graph.edge_count(),
            load_seconds,
            paths_seconds,
            path_engine_seconds,
            two_hop_seconds,
            path_lengths,
            two_hop_counts,
        },
    )
}
