//! Loader and snapshot benchmarks on generated graphs.
//!
//! `cargo bench --bench load` measures a 100,000-edge graph; set
//! `ICIGRAPH_BENCH_EDGES=2250197` (with `ICIGRAPH_BENCH_NODES=47031`) for the
//! Hetionet-size graph of bench/RESULTS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use icigraph_engine::generate::{self, Format, Spec};
use icigraph_engine::load::{self, Source};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn loading(c: &mut Criterion) {
    let nodes = env("ICIGRAPH_BENCH_NODES", 10_000) as u32;
    let edges = env("ICIGRAPH_BENCH_EDGES", 100_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let csv = dir.path().join("csv");
    let kgx = dir.path().join("kgx");
    let graph = generate::generate(Spec {
        nodes,
        edges,
        seed: 1,
    })
    .expect("valid sizes");
    graph.write_dir(&csv, Format::Csv).expect("write csv");
    graph.write_dir(&kgx, Format::Kgx).expect("write kgx");
    let loaded = load::load(&Source::Dir(csv.clone())).expect("generated data loads");
    let snapshot = dir.path().join("graph.icg");
    icigraph_engine::snapshot::write(&loaded, &snapshot).expect("write snapshot");
    drop(loaded);

    let mut group = c.benchmark_group(format!("load {edges} edges"));
    group.throughput(Throughput::Elements(edges));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("csv folder", |b| {
        b.iter(|| black_box(load::load(&Source::Dir(csv.clone())).expect("loads")))
    });
    group.bench_function("kgx folder", |b| {
        b.iter(|| black_box(load::load(&Source::Dir(kgx.clone())).expect("loads")))
    });
    group.bench_function("snapshot", |b| {
        b.iter(|| black_box(load::load(&Source::Snapshot(snapshot.clone())).expect("loads")))
    });
    group.finish();
}

criterion_group!(benches, loading);
criterion_main!(benches);
