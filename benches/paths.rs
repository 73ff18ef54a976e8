//! Path searches on a graph of Hetionet's size (50,000 nodes, 2.25 million
//! edges): shortest path (bidirectional BFS) and Yen's k = 10.
//!
//! TEMPORARY: the graph comes from the small seeded power-law builder below
//! until the shared generator (`icigraph::generate`, scale issue) lands;
//! then switch to it so every benchmark measures the same graphs.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use icigraph::Graph;
use icigraph::graph::{NewNode, NewValue, NodeIx};
use icigraph::path::{Adjacency, PathIndex, PathOptions, k_shortest};
use icigraph::schema::{Category, EvidenceLevel, Polarity, Predicate, Schema};

const NODES: usize = 50_000;
const EDGES: usize = 2_250_000;
const LEVELS: &[(&str, u8)] = &[("preclinical", 1), ("phase2", 4), ("approved", 6)];

/// splitmix64: a seeded generator, so every run builds the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A node index skewed towards low indices, giving a heavy-tailed
    /// degree distribution (a few hubs, many sparse nodes).
    fn skewed(&mut self, n: usize) -> usize {
        ((self.unit().powi(3)) * n as f64) as usize % n
    }
}

fn build(seed: u64) -> Graph {
    let mut schema = Schema::closed();
    for c in ["Gene", "Mechanism", "Drug", "Disease"] {
        schema
            .add_category(Category {
                name: c.into(),
                biolink: format!("biolink:{c}"),
                description: String::new(),
                shape: String::new(),
                fill: String::new(),
            })
            .unwrap();
    }
    for p in ["interacts", "regulates", "treats", "associated_with"] {
        schema
            .add_predicate(Predicate {
                name: p.into(),
                inverse: format!("{p}_inverse"),
                biolink: String::new(),
                description: String::new(),
                polarity: Polarity::Associative,
            })
            .unwrap();
    }
    for (name, rank) in LEVELS {
        schema
            .add_evidence(EvidenceLevel {
                name: (*name).into(),
                rank: *rank,
                label: String::new(),
            })
            .unwrap();
    }
    let categories: Vec<_> = schema.categories().iter().map(|c| c.name.clone()).collect();
    let cat_ids: Vec<_> = categories
        .iter()
        .map(|c| schema.category_id(c).unwrap())
        .collect();
    let pred_ids: Vec<_> = ["interacts", "regulates", "treats", "associated_with"]
        .iter()
        .map(|p| schema.predicate_id(p).unwrap())
        .collect();
    let mut g = Graph::new(schema);
    g.reserve(NODES, EDGES);
    let mut rng = Rng(seed);
    for i in 0..NODES {
        let id = format!("gen:{i}");
        g.add_node(
            cat_ids[i % cat_ids.len()],
            NewNode {
                id: &id,
                name: &id,
                ..NewNode::default()
            },
        )
        .unwrap();
    }
    for _ in 0..EDGES {
        let s = NodeIx::new(rng.skewed(NODES));
        let o = NodeIx::new(rng.next() as usize % NODES);
        let p = pred_ids[rng.next() as usize % pred_ids.len()];
        let props = match rng.next() % 4 {
            0 => vec![(
                "evidence",
                NewValue::Str(LEVELS[rng.next() as usize % LEVELS.len()].0.into()),
            )],
            _ => Vec::new(),
        };
        g.add_edge(s, p, o, props).unwrap();
    }
    g
}

fn paths(c: &mut Criterion) {
    let graph = build(42);
    let mut rng = Rng(7);
    // Pairs of sparse nodes (high indices), the hardest to join.
    let pairs: Vec<(NodeIx, NodeIx)> = (0..8)
        .map(|_| {
            let a = NODES / 2 + rng.next() as usize % (NODES / 2);
            let b = NODES / 2 + rng.next() as usize % (NODES / 2);
            (NodeIx::new(a), NodeIx::new(b))
        })
        .collect();
    let options = PathOptions::default();
    let mut group = c.benchmark_group("hetionet-size");
    group.sample_size(20);
    // One query as the CLI runs it: build the search index, then search.
    group.bench_function("shortest-with-index-build", |b| {
        let mut i = 0;
        b.iter(|| {
            let (from, to) = pairs[i % pairs.len()];
            i += 1;
            black_box(k_shortest(&graph, from, to, 1, &options).unwrap())
        })
    });
    group.bench_function("index-build", |b| {
        b.iter(|| black_box(Adjacency::new(&graph)))
    });
    let index = PathIndex::new(&graph);
    group.bench_function("shortest", |b| {
        let mut i = 0;
        b.iter(|| {
            let (from, to) = pairs[i % pairs.len()];
            i += 1;
            black_box(index.k_shortest(from, to, 1, &options).unwrap())
        })
    });
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
