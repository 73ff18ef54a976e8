//! Path searches on a generated graph of Hetionet's size (47,031 nodes,
//! 2,250,197 edges from `icigraph generate`, seed 1), loaded once: one
//! shortest path as the CLI runs it (search preparation included), and
//! Yen's k = 10, both between seeded reachable pairs.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use icigraph_engine::generate::{self, Format, Spec};
use icigraph_engine::graph::NodeIx;
use icigraph_engine::path::{PathIndex, PathOptions, k_shortest};
use icigraph_engine::{Graph, Source};

fn fixture() -> (Graph, Vec<(NodeIx, NodeIx)>) {
    let generated = generate::generate(Spec {
        nodes: 47_031,
        edges: 2_250_197,
        seed: 1,
    })
    .expect("generate");
    let dir = tempfile::tempdir().expect("temp dir");
    generated.write_dir(dir.path(), Format::Csv).expect("write");
    let graph = icigraph_engine::load(&Source::Dir(dir.path().to_path_buf())).expect("load");
    let pairs = generated
        .reachable_pairs(16, 7)
        .into_iter()
        .map(|(a, b)| {
            let find = |i| graph.find_id(&generated.node_id(i)).expect("generated id");
            (find(a), find(b))
        })
        .collect();
    (graph, pairs)
}

fn paths(c: &mut Criterion) {
    let (graph, pairs) = fixture();
    let options = PathOptions::default();
    let mut group = c.benchmark_group("hetionet-size");
    group.sample_size(20);
    group.bench_function("shortest-one-shot", |b| {
        let mut i = 0;
        b.iter(|| {
            let (from, to) = pairs[i % pairs.len()];
            i += 1;
            black_box(k_shortest(&graph, from, to, 1, &options).unwrap())
        })
    });
    let index = PathIndex::new(&graph);
    group.sample_size(10);
    group.bench_function("yen-k10", |b| {
        let mut i = 0;
        b.iter(|| {
            let (from, to) = pairs[i % pairs.len()];
            i += 1;
            black_box(index.k_shortest(from, to, 10, &options).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, paths);
criterion_main!(benches);
