//! Query engine speed on a Hetionet-sized synthetic graph (47 031 nodes,
//! 2 250 197 edges from `icigraph generate`, seed 1), loaded once: a two-hop
//! pattern count anchored on one node, and the shortest-path selectors.
//! Each iteration includes parsing and planning, as a real query would.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use icigraph_engine::generate::{self, Format, Spec};
use icigraph_engine::query::{self, Options, Value};
use icigraph_engine::{Graph, Source};

struct Fixture {
    graph: Graph,
    /// A node of median out-degree, a hub, and a far node for paths.
    median: String,
    hub: String,
    far: String,
}

fn fixture() -> Fixture {
    let spec = Spec {
        nodes: 47_031,
        edges: 2_250_197,
        seed: 1,
    };
    let generated = generate::generate(spec).expect("generate");
    let dir = tempfile::tempdir().expect("temp dir");
    generated.write_dir(dir.path(), Format::Csv).expect("write");
    let graph = icigraph_engine::load(&Source::Dir(dir.path().to_path_buf())).expect("load");
    let mut out_degree = vec![0u32; generated.node_count()];
    for &(s, _, _) in &generated.edges {
        out_degree[s as usize] += 1;
    }
    let mut by_degree: Vec<u32> = (0..generated.node_count() as u32).collect();
    by_degree.sort_by_key(|&i| (out_degree[i as usize], i));
    let median = by_degree[by_degree.len() / 2];
    let hub = *by_degree.last().expect("nodes");
    let far = by_degree[by_degree.len() / 3];
    Fixture {
        graph,
        median: generated.node_id(median),
        hub: generated.node_id(hub),
        far: generated.node_id(far),
    }
}

fn run(graph: &mut Graph, text: &str, params: &[(&str, &str)]) -> usize {
    let mut options = Options::default();
    for (k, v) in params {
        options.params.insert((*k).to_owned(), Value::str(v));
    }
    query::run(graph, text, &options)
        .expect("query runs")
        .rows
        .len()
}

fn benches(c: &mut Criterion) {
    let mut f = fixture();
    let two_hop = "MATCH (a {id: $id})-->()-->(c) RETURN count(c) AS n";
    let mut group = c.benchmark_group("query_2.25M_edges");
    group.sample_size(20);
    let median = f.median.clone();
    group.bench_function("two_hop_count_median_node", |b| {
        b.iter(|| black_box(run(&mut f.graph, two_hop, &[("id", &median)])))
    });
    let hub = f.hub.clone();
    group.bench_function("two_hop_count_hub", |b| {
        b.iter(|| black_box(run(&mut f.graph, two_hop, &[("id", &hub)])))
    });
    let (from, to) = (f.median.clone(), f.far.clone());
    for (name, text) in [
        (
            "any_shortest",
            "MATCH p = ANY SHORTEST (a {id: $a})-[*]-(b {id: $b}) RETURN length(p)",
        ),
        (
            "shortest_path_fn",
            "MATCH p = shortestPath((a {id: $a})-[*]->(b {id: $b})) RETURN length(p)",
        ),
        (
            "all_shortest",
            "MATCH p = ALL SHORTEST (a {id: $a})-[*]-(b {id: $b}) RETURN count(p)",
        ),
        (
            "shortest_3",
            "MATCH p = SHORTEST 3 (a {id: $a})-[*]-(b {id: $b}) RETURN length(p)",
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(run(&mut f.graph, text, &[("a", &from), ("b", &to)])))
        });
    }
    group.finish();
}

criterion_group!(query_benches, benches);
criterion_main!(query_benches);
