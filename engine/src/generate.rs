//! Synthetic knowledge graphs shaped like public ones (Hetionet: 11 node
//! categories, 24 predicates, hubs), for benchmarks and scale tests.
//!
//! Degrees follow a power law: every node gets an out-weight and an in-weight
//! `rank^-0.75` from two independent random rankings (Chung–Lu style), and each
//! edge draws its subject and object by weight, so a few hubs carry many
//! edges. Categories and predicates are drawn with skewed frequencies.
//!
//! Output is byte-identical for a seed: the only randomness is ChaCha8 seeded
//! with [`rand_core::SeedableRng::seed_from_u64`] (both value-stable by their
//! crates' policy), and every draw is made here from raw `u64`s rather than
//! through a distribution type whose algorithm could change between versions.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rustc_hash::FxHashSet;

use crate::graph::Adjacency;
use crate::progress::{Progress, Silent, Started};

/// Categories, the id prefix of their nodes, and their relative frequencies
/// (roughly Hetionet's mix).
pub const CATEGORIES: &[(&str, &str, u32)] = &[
    ("Gene", "gene", 20945),
    ("BiologicalProcess", "bp", 11381),
    ("PhenotypicFeature", "pf", 5734),
    ("MolecularActivity", "ma", 2884),
    ("Pathway", "pw", 1822),
    ("SmallMolecule", "sm", 1552),
    ("CellularComponent", "cc", 1391),
    ("ClinicalFinding", "cf", 438),
    ("AnatomicalEntity", "anat", 402),
    ("ChemicalEntity", "chem", 345),
    ("Disease", "dis", 137),
];

/// Predicates, most frequent first; frequencies fall off as `1/(k+1)`.
pub const PREDICATES: &[&str] = &[
    "participates_in",
    "interacts_with",
    "expressed_in",
    "regulates",
    "has_side_effect",
    "enables",
    "located_in",
    "associated_with",
    "positively_regulates",
    "negatively_regulates",
    "treats",
    "causes",
    "part_of",
    "has_phenotype",
    "affects",
    "genetically_interacts_with",
    "physically_interacts_with",
    "coexists_with",
    "subclass_of",
    "contraindicated_in",
    "colocalizes_with",
    "has_participant",
    "correlated_with",
    "related_to",
];

/// Exponent of the degree weights: the top hub of a 47k-node graph gets about
/// 2% of the edges, as Hetionet's biggest hubs do.
const DEGREE_EXPONENT: f64 = 0.75;

/// After this many rejected draws in a row (self-loop or repeated triple) an
/// edge is drawn uniformly instead, so dense requests still finish.
const MAX_REJECTS: u32 = 32;

/// File layout to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// `nodes.csv` (`id,name,category`) and `edges.csv` (`subject,predicate,object`).
    #[default]
    Csv,
    /// KGX `nodes.tsv` and `edges.tsv` with `biolink:` categories and predicates.
    Kgx,
}

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub nodes: u32,
    pub edges: u64,
    pub seed: u64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GenerateError {
    #[error("{edges} edges need at least 2 nodes")]
    TooFewNodes { edges: u64 },
    #[error(
        "{edges} distinct edges do not fit among {nodes} nodes: at most {max} (half of all subject–predicate–object triples without self-loops)"
    )]
    TooManyEdges { nodes: u32, edges: u64, max: u64 },
    #[error("at most 4294967294 edges")]
    TooBig,
}

/// A generated graph, held as compact arrays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Category (index into [`CATEGORIES`]) of each node.
    pub categories: Vec<u8>,
    /// Edges as (subject, predicate index into [`PREDICATES`], object).
    pub edges: Vec<(u32, u8, u32)>,
}

/// Draws a graph for `spec`.
pub fn generate(spec: Spec) -> Result<Generated, GenerateError> {
    generate_with(spec, &Silent)
}

/// Rows between two reports to a [`Progress`].
const PROGRESS_STEP: u64 = 1 << 16;

/// [`generate`], telling `progress` the edges drawn (every 65,536).
pub fn generate_with(spec: Spec, progress: &dyn Progress) -> Result<Generated, GenerateError> {
    let n = spec.nodes;
    if spec.edges > 0 && n < 2 {
        return Err(GenerateError::TooFewNodes { edges: spec.edges });
    }
    if spec.edges >= u64::from(u32::MAX) {
        return Err(GenerateError::TooBig);
    }
    // Keeping the request at most half the triple space bounds the work of
    // rejection sampling (each uniform draw succeeds with probability ≥ 1/2).
    let max = u64::from(n) * u64::from(n.saturating_sub(1)) * PREDICATES.len() as u64 / 2;
    if spec.edges > max {
        return Err(GenerateError::TooManyEdges {
            nodes: n,
            edges: spec.edges,
            max,
        });
    }
    let _bar = Started::new(progress, "drawing edges", spec.edges);
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);

    let category_weights = cumulative(CATEGORIES.iter().map(|&(_, _, w)| f64::from(w)));
    let categories: Vec<u8> = (0..n)
        .map(|_| pick(&category_weights, &mut rng) as u8)
        .collect();

    let out_weights = degree_weights(n, &mut rng);
    let in_weights = degree_weights(n, &mut rng);
    let predicate_weights = cumulative((0..PREDICATES.len()).map(|k| 1.0 / (k as f64 + 1.0)));

    let mut seen: FxHashSet<(u32, u8, u32)> = FxHashSet::default();
    seen.reserve(spec.edges as usize);
    let mut edges = Vec::with_capacity(spec.edges as usize);
    while (edges.len() as u64) < spec.edges {
        let mut rejects = 0;
        loop {
            let (s, o) = if rejects < MAX_REJECTS {
                (
                    pick(&out_weights, &mut rng) as u32,
                    pick(&in_weights, &mut rng) as u32,
                )
            } else {
                (below(&mut rng, n), below(&mut rng, n))
            };
            let p = pick(&predicate_weights, &mut rng) as u8;
            if s != o && seen.insert((s, p, o)) {
                edges.push((s, p, o));
                if (edges.len() as u64).is_multiple_of(PROGRESS_STEP) {
                    progress.advance(PROGRESS_STEP);
                }
                break;
            }
            rejects += 1;
        }
    }
    progress.advance(spec.edges % PROGRESS_STEP);
    Ok(Generated { categories, edges })
}

/// A uniform float in [0, 1) from the top 53 bits of a draw.
fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform integer below `n` (Lemire's multiply-shift; the bias is below
/// 2^-32 for any `u32` bound, irrelevant here).
fn below(rng: &mut ChaCha8Rng, n: u32) -> u32 {
    ((u64::from(rng.next_u32()) * u64::from(n)) >> 32) as u32
}

/// Running totals of weights, for [`pick`].
fn cumulative(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut total = 0.0;
    weights
        .map(|w| {
            total += w;
            total
        })
        .collect()
}

/// An index drawn with probability proportional to its weight.
fn pick(cumulative: &[f64], rng: &mut ChaCha8Rng) -> usize {
    let total = *cumulative.last().expect("weights are not empty");
    let x = unit(rng) * total;
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len() - 1)
}

/// Power-law weights over a random ranking of the nodes (Fisher–Yates).
fn degree_weights(n: u32, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut rank: Vec<u32> = (0..n).collect();
    for i in (1..n as usize).rev() {
        let j = below(rng, i as u32 + 1) as usize;
        rank.swap(i, j);
    }
    cumulative(
        rank.iter()
            .map(|&r| (f64::from(r) + 1.0).powf(-DEGREE_EXPONENT)),
    )
}

impl Generated {
    pub fn node_count(&self) -> usize {
        self.categories.len()
    }

    /// `count` seeded (source, target) pairs where target is reachable from
    /// source along directed edges: the workload of path benchmarks. Sources
    /// are drawn uniformly among nodes with outgoing edges, targets uniformly
    /// among the nodes each source reaches. Empty when no node reaches another.
    pub fn reachable_pairs(&self, count: usize, seed: u64) -> Vec<(u32, u32)> {
        let n = self.node_count();
        let adj = Adjacency::build(n, self.edges.len(), || {
            self.edges.iter().map(|&(s, _, o)| (s, o))
        });
        let sources: Vec<u32> = (0..n as u32).filter(|&v| adj.out.degree(v) > 0).collect();
        if sources.is_empty() {
            return Vec::new();
        }
        // A stream of its own, so pairs do not change the graph's bytes.
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5041_4952_5300_0000);
        let mut seen = vec![false; n];
        let mut reached = Vec::new();
        let mut pairs = Vec::with_capacity(count);
        while pairs.len() < count {
            let s = sources[below(&mut rng, sources.len() as u32) as usize];
            seen.iter_mut().for_each(|b| *b = false);
            seen[s as usize] = true;
            reached.clear();
            reached.push(s);
            let mut head = 0;
            while head < reached.len() {
                let u = reached[head];
                head += 1;
                for &v in adj.out.targets(u) {
                    if !seen[v as usize] {
                        seen[v as usize] = true;
                        reached.push(v);
                    }
                }
            }
            let t = reached[1 + below(&mut rng, (reached.len() - 1) as u32) as usize];
            pairs.push((s, t));
        }
        pairs
    }

    /// Writes pairs as `source,target` CSV of node ids.
    pub fn write_pairs(&self, pairs: &[(u32, u32)], out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "source,target")?;
        for &(s, t) in pairs {
            writeln!(out, "{},{}", self.node_id(s), self.node_id(t))?;
        }
        Ok(())
    }

    /// The id of node `i`: its category's prefix, a colon and its number (`gene:17`).
    pub fn node_id(&self, i: u32) -> String {
        format!("{}:{i}", self.prefix(i))
    }

    fn prefix(&self, i: u32) -> &'static str {
        CATEGORIES[self.categories[i as usize] as usize].1
    }

    /// Writes the node and edge files into `dir` (created if missing).
    pub fn write_dir(&self, dir: &Path, format: Format) -> io::Result<()> {
        self.write_dir_with(dir, format, &Silent)
    }

    /// [`Generated::write_dir`], telling `progress` the rows written (nodes,
    /// then edges, every 65,536).
    pub fn write_dir_with(
        &self,
        dir: &Path,
        format: Format,
        progress: &dyn Progress,
    ) -> io::Result<()> {
        let _bar = Started::new(
            progress,
            "writing rows",
            (self.categories.len() + self.edges.len()) as u64,
        );
        fs::create_dir_all(dir)?;
        let ext = match format {
            Format::Csv => "csv",
            Format::Kgx => "tsv",
        };
        let mut nodes =
            BufWriter::with_capacity(1 << 16, File::create(dir.join(format!("nodes.{ext}")))?);
        self.write_nodes_with(&mut nodes, format, progress)?;
        nodes.flush()?;
        let mut edges =
            BufWriter::with_capacity(1 << 16, File::create(dir.join(format!("edges.{ext}")))?);
        self.write_edges_with(&mut edges, format, progress)?;
        edges.flush()
    }

    pub fn write_nodes(&self, out: &mut impl Write, format: Format) -> io::Result<()> {
        self.write_nodes_with(out, format, &Silent)
    }

    fn write_nodes_with(
        &self,
        out: &mut impl Write,
        format: Format,
        progress: &dyn Progress,
    ) -> io::Result<()> {
        let (sep, prefix) = separator_and_prefix(format);
        writeln!(out, "id{sep}name{sep}category")?;
        for (i, &c) in self.categories.iter().enumerate() {
            if i > 0 && (i as u64).is_multiple_of(PROGRESS_STEP) {
                progress.advance(PROGRESS_STEP);
            }
            let (category, id_prefix, _) = CATEGORIES[c as usize];
            writeln!(
                out,
                "{id_prefix}:{i}{sep}{} {i}{sep}{prefix}{category}",
                words(category)
            )?;
        }
        progress.advance(unreported(self.categories.len()));
        Ok(())
    }

    pub fn write_edges(&self, out: &mut impl Write, format: Format) -> io::Result<()> {
        self.write_edges_with(out, format, &Silent)
    }

    fn write_edges_with(
        &self,
        out: &mut impl Write,
        format: Format,
        progress: &dyn Progress,
    ) -> io::Result<()> {
        let (sep, prefix) = separator_and_prefix(format);
        writeln!(out, "subject{sep}predicate{sep}object")?;
        for (i, &(s, p, o)) in self.edges.iter().enumerate() {
            if i > 0 && (i as u64).is_multiple_of(PROGRESS_STEP) {
                progress.advance(PROGRESS_STEP);
            }
            let predicate = PREDICATES[p as usize];
            writeln!(
                out,
                "{}:{s}{sep}{prefix}{predicate}{sep}{}:{o}",
                self.prefix(s),
                self.prefix(o)
            )?;
        }
        progress.advance(unreported(self.edges.len()));
        Ok(())
    }
}

/// Rows of a `len`-row loop not yet reported by its every-step reports.
fn unreported(len: usize) -> u64 {
    let len = len as u64;
    len - len.saturating_sub(1) / PROGRESS_STEP * PROGRESS_STEP
}

/// `BiologicalProcess` → `biological process`, for readable node names.
fn words(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 2);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn separator_and_prefix(format: Format) -> (char, &'static str) {
    match format {
        Format::Csv => (',', ""),
        Format::Kgx => ('\t', "biolink:"),
    }
}

/// The seeded generator's graph of `nodes` nodes and `edges` edges.
#[cfg(test)]
pub(crate) fn test_graph(nodes: usize, edges: usize, seed: u64) -> crate::graph::Graph {
    let spec = Spec {
        nodes: nodes as u32,
        edges: edges as u64,
        seed,
    };
    let generated = generate(spec).unwrap();
    let ends: Vec<(usize, usize)> = generated
        .edges
        .iter()
        .map(|&(s, _, o)| (s as usize, o as usize))
        .collect();
    crate::graph::test_graph(nodes, &ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(nodes: u32, edges: u64, seed: u64) -> Spec {
        Spec { nodes, edges, seed }
    }

    #[test]
    fn same_seed_same_graph_other_seed_other_graph() {
        let a = generate(spec(500, 4000, 7)).unwrap();
        assert_eq!(a, generate(spec(500, 4000, 7)).unwrap());
        assert_ne!(a, generate(spec(500, 4000, 8)).unwrap());
    }

    #[test]
    fn no_self_loops_no_duplicate_triples() {
        let g = generate(spec(300, 5000, 1)).unwrap();
        assert_eq!(g.edges.len(), 5000);
        let mut triples = g.edges.clone();
        triples.sort_unstable();
        triples.dedup();
        assert_eq!(triples.len(), 5000);
        assert!(g.edges.iter().all(|&(s, _, o)| s != o));
    }

    #[test]
    fn degrees_are_skewed_with_hubs() {
        let g = generate(spec(2000, 40_000, 3)).unwrap();
        let mut degree = vec![0u32; 2000];
        for &(s, _, o) in &g.edges {
            degree[s as usize] += 1;
            degree[o as usize] += 1;
        }
        degree.sort_unstable();
        let mean = 80;
        let median = degree[1000];
        let max = degree[1999];
        assert!(max > 10 * mean, "max degree {max}");
        assert!(median < mean, "median {median}");
        let used: FxHashSet<u8> = g.edges.iter().map(|e| e.1).collect();
        assert_eq!(used.len(), PREDICATES.len());
        let cats: FxHashSet<u8> = g.categories.iter().copied().collect();
        assert_eq!(cats.len(), CATEGORIES.len());
    }

    #[test]
    fn dense_requests_finish_and_impossible_ones_are_refused() {
        let g = generate(spec(4, 4 * 3 * 24 / 2, 5)).unwrap();
        assert_eq!(g.edges.len(), 144);
        assert!(matches!(
            generate(spec(4, 145, 5)),
            Err(GenerateError::TooManyEdges { .. })
        ));
        assert_eq!(
            generate(spec(1, 1, 5)),
            Err(GenerateError::TooFewNodes { edges: 1 })
        );
        assert_eq!(generate(spec(1, 0, 5)).unwrap().edges.len(), 0);
    }

    /// Guards "byte-identical for a seed" across crate upgrades: a change in
    /// the RNG stream or in the sampling code changes this checksum.
    #[test]
    fn output_is_pinned_for_a_seed() {
        let g = generate(spec(1000, 20_000, 42)).unwrap();
        let mut bytes = Vec::new();
        g.write_nodes(&mut bytes, Format::Csv).unwrap();
        g.write_edges(&mut bytes, Format::Csv).unwrap();
        assert_eq!(
            crc32fast::hash(&bytes),
            PINNED_CRC,
            "{:#010x}",
            crc32fast::hash(&bytes)
        );
    }

    const PINNED_CRC: u32 = 0xdb68_3d36;

    #[test]
    fn drawing_and_writing_report_progress_in_steps() {
        let recorder = crate::progress::Recorder::default();
        let g = generate_with(spec(1000, 150_000, 4), &recorder).unwrap();
        assert_eq!(g, generate(spec(1000, 150_000, 4)).unwrap());
        assert_eq!(
            recorder.pieces(),
            vec![("drawing edges".to_owned(), 150_000, 150_000)]
        );
        // start, two full steps, the rest, finish
        assert_eq!(recorder.calls().len(), 5);

        let dir =
            std::env::temp_dir().join(format!("icigraph-gen-progress-{}", std::process::id()));
        let recorder = crate::progress::Recorder::default();
        g.write_dir_with(&dir, Format::Csv, &recorder).unwrap();
        assert_eq!(
            recorder.pieces(),
            vec![("writing rows".to_owned(), 151_000, 151_000)]
        );
        let mut plain = Vec::new();
        g.write_edges(&mut plain, Format::Csv).unwrap();
        assert_eq!(std::fs::read(dir.join("edges.csv")).unwrap(), plain);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn pairs_are_reachable_and_seeded() {
        let g = generate(spec(400, 1500, 2)).unwrap();
        let pairs = g.reachable_pairs(30, 9);
        assert_eq!(pairs.len(), 30);
        assert_eq!(pairs, g.reachable_pairs(30, 9));
        assert_ne!(pairs, g.reachable_pairs(30, 10));
        for &(s, t) in &pairs {
            assert_ne!(s, t);
            let mut reach = vec![s];
            let mut i = 0;
            while i < reach.len() {
                let u = reach[i];
                i += 1;
                for &(a, _, b) in &g.edges {
                    if a == u && !reach.contains(&b) {
                        reach.push(b);
                    }
                }
            }
            assert!(reach.contains(&t));
        }
        let mut csv = Vec::new();
        g.write_pairs(&pairs[..1], &mut csv).unwrap();
        let (s, t) = pairs[0];
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            format!("source,target\n{},{}\n", g.node_id(s), g.node_id(t))
        );
    }

    #[test]
    fn writes_csv_and_kgx() {
        let g = generate(spec(3, 2, 9)).unwrap();
        let mut nodes = Vec::new();
        g.write_nodes(&mut nodes, Format::Kgx).unwrap();
        let nodes = String::from_utf8(nodes).unwrap();
        assert!(nodes.starts_with("id\tname\tcategory\n"));
        assert_eq!(nodes.lines().count(), 4);
        assert!(nodes.lines().nth(1).unwrap().contains("\tbiolink:"));
        let mut edges = Vec::new();
        g.write_edges(&mut edges, Format::Csv).unwrap();
        let edges = String::from_utf8(edges).unwrap();
        let first = edges.lines().nth(1).unwrap();
        let (s, p, o) = g.edges[0];
        assert_eq!(
            first,
            format!(
                "{},{},{}",
                g.node_id(s),
                PREDICATES[p as usize],
                g.node_id(o)
            )
        );
    }
}
