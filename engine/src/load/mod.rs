//! Loading a graph from files: the shipped data compiled into the binary, a
//! curated folder (`schema/`, `nodes/`, `edges/`), a plain `nodes.csv` +
//! `edges.csv` folder, or KGX `nodes.tsv` + `edges.tsv` or `nodes.jsonl` +
//! `edges.jsonl` (as files or as a folder holding them).
//!
//! Every problem found is collected into one [`Report`]; a graph is returned
//! only when there is none.

mod columns;
mod edges;
mod jsonl;
mod plain;
mod records;
pub mod report;
mod schema_files;
pub mod table;
mod xrefs;

use std::fs;
use std::path::{Path, PathBuf};

use crate::graph::Graph;
use crate::progress::{Progress, Silent, Started};
use crate::schema::Schema;

use records::{NodeReader, Origins, Strictness};
pub use report::{Problem, Report};
use table::{Bytes, Dialect, InputFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where to load a graph from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The `graph-data/` folder compiled into the binary.
    Embedded,
    /// A folder in any of the supported layouts.
    Dir(PathBuf),
    /// KGX node and edge files given by path.
    Kgx { nodes: PathBuf, edges: PathBuf },
    /// A binary snapshot written by `icigraph build` (already validated).
    Snapshot(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} holds no graph: expected a schema/ folder with nodes/ and edges/, or nodes.csv and edges.csv, or KGX nodes.tsv and edges.tsv (or nodes.jsonl and edges.jsonl)"
    )]
    NotAGraph { path: String },
    #[error("invalid data in {origin}:\n{report}")]
    Invalid { origin: String, report: Report },
    #[error(
        "{path} cannot be loaded beside the graph: give a folder with nodes.csv and edges.csv or KGX nodes.tsv and edges.tsv"
    )]
    NotAnOpenFolder { path: String },
    #[error("cannot load {path}")]
    Snapshot {
        path: String,
        #[source]
        source: crate::snapshot::SnapshotError,
    },
}

/// The files of one load, already read into memory.
struct Layout {
    origin: String,
    strictness: Strictness,
    dialect: Dialect,
    schema: SchemaFiles,
    nodes: Vec<InputFile>,
    edges: Vec<InputFile>,
    /// Cross-reference files merged onto the nodes (curated layout only).
    xrefs: Vec<InputFile>,
    /// `schema/knowledge_source.csv`: edge properties the layout's own edges
    /// carry when loaded beside other sources.
    source: Option<InputFile>,
}

#[derive(Default)]
struct SchemaFiles {
    categories: Option<InputFile>,
    predicates: Option<InputFile>,
    evidence: Option<InputFile>,
    views: Option<InputFile>,
    view_clusters: Option<InputFile>,
    polarities: Option<InputFile>,
    provenance: Option<InputFile>,
    sources: Option<InputFile>,
}

/// Loads and validates a graph.
pub fn load(source: &Source) -> Result<Graph, LoadError> {
    load_with(source, &[])
}

/// Loads a graph and, beside it, open-vocabulary folders (plain CSV or KGX
/// TSV) whose edges may end at its nodes. The main graph's own edges then
/// carry the properties of its `schema/knowledge_source.csv`, so every output
/// tells them from the added sources' edges.
pub fn load_with(source: &Source, with: &[PathBuf]) -> Result<Graph, LoadError> {
    load_with_progress(source, with, &Silent)
}

/// [`load_with`], reporting the bytes read to `progress` (a file, or a batch
/// of edge rows, at a time).
pub fn load_with_progress(
    source: &Source,
    with: &[PathBuf],
    progress: &dyn Progress,
) -> Result<Graph, LoadError> {
    load_checked(source, with, progress, true)
}

/// [`load_with_progress`] for one command that only reads the graph: a
/// snapshot's edge and adjacency values are checked where they are read
/// ([`crate::snapshot::read_unchecked`]), not all at open. Call
/// [`answer_trusted`] after answering.
pub fn load_for_reading(
    source: &Source,
    with: &[PathBuf],
    progress: &dyn Progress,
) -> Result<Graph, LoadError> {
    load_checked(source, with, progress, false)
}

/// Whether an answer computed from a graph of [`load_for_reading`] can be
/// trusted: an error naming the snapshot as corrupted if a read found a
/// value out of range.
pub fn answer_trusted(source: &Source, graph: &Graph) -> Result<(), LoadError> {
    match (source, graph.damage()) {
        (Source::Snapshot(path), Some(what)) => Err(LoadError::Snapshot {
            path: path.display().to_string(),
            source: crate::snapshot::SnapshotError::Corrupt(what.into()),
        }),
        _ => Ok(()),
    }
}

fn load_checked(
    source: &Source,
    with: &[PathBuf],
    progress: &dyn Progress,
    verify: bool,
) -> Result<Graph, LoadError> {
    let mut extras = Vec::new();
    for dir in with {
        let layout = dir_layout(dir)?;
        if layout.strictness != Strictness::Open {
            return Err(LoadError::NotAnOpenFolder {
                path: dir.display().to_string(),
            });
        }
        extras.push(layout);
    }
    let layout = match source {
        Source::Embedded => embedded_layout(),
        Source::Dir(dir) => match jsonl_pair(dir)? {
            Some((nodes, edges)) if extras.is_empty() => {
                return load_jsonl(&nodes, &edges, progress);
            }
            Some(_) => {
                return Err(LoadError::NotAnOpenFolder {
                    path: dir.display().to_string(),
                });
            }
            None => dir_layout(dir)?,
        },
        Source::Kgx { nodes, edges } if is_jsonl(nodes) || is_jsonl(edges) => {
            return load_jsonl(nodes, edges, progress);
        }
        Source::Kgx { nodes, edges } => Layout {
            origin: format!("{} and {}", nodes.display(), edges.display()),
            strictness: Strictness::Open,
            dialect: Dialect::Tsv,
            schema: SchemaFiles::default(),
            nodes: vec![read_file(nodes)?],
            edges: vec![read_file(edges)?],
            xrefs: Vec::new(),
            source: None,
        },
        Source::Snapshot(path) if extras.is_empty() => {
            return load_snapshot(path, progress, verify);
        }
        Source::Snapshot(path) => {
            return Err(LoadError::NotAnOpenFolder {
                path: path.display().to_string(),
            });
        }
    };
    build(layout, extras, progress)
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// A folder's KGX JSON Lines pair, `nodes.jsonl` and `edges.jsonl`, when it
/// holds both and no other layout (a curated `schema/` folder or a CSV/TSV
/// pair is read as such). A FIFO or device in place of either is refused.
fn jsonl_pair(dir: &Path) -> Result<Option<(PathBuf, PathBuf)>, LoadError> {
    if dir.join("schema").is_dir() {
        return Ok(None);
    }
    for ext in ["csv", "tsv"] {
        if dir.join(format!("nodes.{ext}")).exists() && dir.join(format!("edges.{ext}")).exists() {
            return Ok(None);
        }
    }
    let (nodes, edges) = (dir.join("nodes.jsonl"), dir.join("edges.jsonl"));
    for path in [&nodes, &edges] {
        match fs::metadata(path) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) => {
                return Err(LoadError::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other(table::not_regular(&meta)),
                });
            }
            Err(_) => return Ok(None),
        }
    }
    Ok(Some((nodes, edges)))
}

/// KGX JSON Lines: nodes, then edges, every problem collected.
fn load_jsonl(nodes: &Path, edges: &Path, progress: &dyn Progress) -> Result<Graph, LoadError> {
    let (nodes, edges) = (read_file(nodes)?, read_file(edges)?);
    let total = (nodes.data.len() + edges.data.len()) as u64;
    let _bar = Started::new(progress, "loading", total);
    let mut report = Report::default();
    let mut graph = Graph::new(Schema::open());
    jsonl::read_nodes(&nodes, &mut graph, &mut report);
    progress.advance(nodes.data.len() as u64);
    jsonl::read_edges(&edges, &mut graph, &mut report);
    progress.advance(edges.data.len() as u64);
    if !report.is_empty() {
        return Err(LoadError::Invalid {
            origin: format!("{} and {}", nodes.display, edges.display),
            report,
        });
    }
    Ok(graph)
}

fn load_snapshot(path: &Path, progress: &dyn Progress, verify: bool) -> Result<Graph, LoadError> {
    let display = path.display().to_string();
    let total = fs::metadata(path).map_or(0, |m| m.len());
    let _bar = Started::new(progress, "opening snapshot", total);
    let read = if verify {
        crate::snapshot::read
    } else {
        crate::snapshot::read_unchecked
    };
    let graph = read(path)
        .map_err(|source| LoadError::Io {
            path: display.clone(),
            source,
        })?
        .map_err(|source| LoadError::Snapshot {
            path: display,
            source,
        })?;
    progress.advance(total);
    Ok(graph)
}

fn build(layout: Layout, extras: Vec<Layout>, progress: &dyn Progress) -> Result<Graph, LoadError> {
    let total = std::iter::once(&layout)
        .chain(&extras)
        .flat_map(|l| l.nodes.iter().chain(&l.edges))
        .map(|f| f.data.len() as u64)
        .sum();
    let _bar = Started::new(progress, "loading", total);
    let mut report = Report::default();
    let schema = match layout.strictness {
        Strictness::Open => Schema::open(),
        Strictness::Curated => read_schema(&layout, &mut report),
    };
    let mut graph = Graph::new(schema);
    if layout.nodes.is_empty() {
        report.file(&layout.origin, "no node files found");
    }
    let mut nodes = NodeReader {
        graph: &mut graph,
        report: &mut report,
        strictness: layout.strictness,
        dialect: layout.dialect,
        origins: Origins::default(),
    };
    for file in &layout.nodes {
        nodes.read(file);
        progress.advance(file.data.len() as u64);
    }
    let mut seen = Default::default();
    for file in &layout.xrefs {
        xrefs::read(file, nodes.graph, &mut seen, nodes.report);
    }
    let closed = !nodes.graph.schema().is_open();
    for extra in &extras {
        nodes.graph.schema_mut().set_open(true);
        nodes.strictness = extra.strictness;
        nodes.dialect = extra.dialect;
        for file in &extra.nodes {
            nodes.read(file);
            progress.advance(file.data.len() as u64);
        }
    }
    let defaults = layout
        .source
        .as_ref()
        .filter(|_| !extras.is_empty())
        .map(|file| schema_files::read_knowledge_source(file, &mut report))
        .unwrap_or_default();
    graph.schema_mut().set_open(!closed);
    let mut edges = edges::Edges::default();
    let ids = edges::IdTable::of(&graph);
    for file in &layout.edges {
        edges::read(
            file,
            &mut graph,
            &ids,
            (layout.strictness, layout.dialect),
            &mut report,
            &mut edges,
            progress,
        );
    }
    let own_edges = edges.count();
    for extra in &extras {
        graph.schema_mut().set_open(true);
        for file in &extra.edges {
            edges::read(
                file,
                &mut graph,
                &ids,
                (extra.strictness, extra.dialect),
                &mut report,
                &mut edges,
                progress,
            );
        }
    }
    graph.schema_mut().set_open(!closed);
    drop(ids);
    drop(layout.edges);
    if !report.is_empty() {
        let origin = std::iter::once(layout.origin)
            .chain(extras.into_iter().map(|e| e.origin))
            .collect::<Vec<_>>()
            .join(" with ");
        return Err(LoadError::Invalid { origin, report });
    }
    edges.build(&mut graph);
    for (key, value) in &defaults {
        for ix in graph.edge_indices().take(own_edges) {
            graph.default_edge_prop(ix, key, crate::graph::NewValue::Str(value.clone()));
        }
    }
    Ok(graph)
}

fn read_schema(layout: &Layout, report: &mut Report) -> Schema {
    let mut schema = Schema::closed();
    let files = &layout.schema;
    match &files.categories {
        Some(file) => schema_files::read_categories(file, &mut schema, report),
        None => report.file(&layout.origin, "missing schema/categories.csv"),
    }
    match &files.predicates {
        Some(file) => schema_files::read_predicates(file, &mut schema, report),
        None => report.file(&layout.origin, "missing schema/predicates.csv"),
    }
    if let Some(file) = &files.evidence {
        schema_files::read_evidence(file, &mut schema, report);
    }
    if let Some(file) = &files.views {
        schema_files::read_views(file, &mut schema, report);
    }
    if let Some(file) = &files.view_clusters {
        schema_files::read_view_clusters(file, &mut schema, report);
    }
    if let Some(file) = &files.polarities {
        schema_files::read_polarities(file, &mut schema, report);
    }
    if let Some(file) = &files.provenance {
        schema_files::read_provenance(file, &mut schema, report);
    }
    if let Some(file) = &files.sources {
        schema_files::read_sources(file, &mut schema, report);
    }
    schema
}

fn embedded_layout() -> Layout {
    let file = |rel: &str| {
        embedded::EMBEDDED
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(path, data)| InputFile {
                display: format!("graph-data/{path}"),
                data: Bytes::Static(data),
            })
    };
    let under = |folder: &str| {
        embedded::EMBEDDED
            .iter()
            .filter(|(path, _)| {
                path.strip_prefix(folder)
                    .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".csv"))
            })
            .map(|(path, data)| InputFile {
                display: format!("graph-data/{path}"),
                data: Bytes::Static(data),
            })
            .collect()
    };
    Layout {
        origin: "the built-in graph-data".into(),
        strictness: Strictness::Curated,
        dialect: Dialect::Csv,
        schema: SchemaFiles {
            categories: file("schema/categories.csv"),
            predicates: file("schema/predicates.csv"),
            evidence: file("schema/evidence.csv"),
            views: file("schema/views.csv"),
            view_clusters: file("schema/view_clusters.csv"),
            polarities: file("schema/polarities.csv"),
            provenance: file("schema/provenance.csv"),
            sources: file("schema/sources.csv"),
        },
        nodes: under("nodes/"),
        edges: under("edges/"),
        xrefs: under("xrefs/"),
        source: file("schema/knowledge_source.csv"),
    }
}

fn dir_layout(dir: &Path) -> Result<Layout, LoadError> {
    let origin = dir.display().to_string();
    let meta = fs::metadata(dir).map_err(|source| LoadError::Io {
        path: origin.clone(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotAGraph { path: origin });
    }
    // An unreadable folder says so, rather than "holds no graph".
    fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: origin.clone(),
        source,
    })?;
    let optional = |rel: &str| -> Result<Option<InputFile>, LoadError> {
        let path = dir.join(rel);
        if path.is_file() {
            read_file(&path).map(Some)
        } else {
            Ok(None)
        }
    };
    if dir.join("schema").is_dir() {
        return Ok(Layout {
            strictness: Strictness::Curated,
            dialect: Dialect::Csv,
            schema: SchemaFiles {
                categories: optional("schema/categories.csv")?,
                predicates: optional("schema/predicates.csv")?,
                evidence: optional("schema/evidence.csv")?,
                views: optional("schema/views.csv")?,
                view_clusters: optional("schema/view_clusters.csv")?,
                polarities: optional("schema/polarities.csv")?,
                provenance: optional("schema/provenance.csv")?,
                sources: optional("schema/sources.csv")?,
            },
            nodes: files_in(&dir.join("nodes"), "csv")?,
            edges: files_in(&dir.join("edges"), "csv")?,
            xrefs: files_in(&dir.join("xrefs"), "csv")?,
            source: optional("schema/knowledge_source.csv")?,
            origin,
        });
    }
    for (ext, dialect) in [("csv", Dialect::Csv), ("tsv", Dialect::Tsv)] {
        let nodes = dir.join(format!("nodes.{ext}"));
        let edges = dir.join(format!("edges.{ext}"));
        // A FIFO or device in place of a graph file is refused with its cause.
        for path in [&nodes, &edges] {
            if let Ok(meta) = fs::metadata(path)
                && !meta.is_file()
            {
                return Err(LoadError::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other(table::not_regular(&meta)),
                });
            }
        }
        if nodes.is_file() && edges.is_file() {
            return Ok(Layout {
                origin,
                strictness: Strictness::Open,
                dialect,
                schema: SchemaFiles::default(),
                nodes: vec![read_file(&nodes)?],
                edges: vec![read_file(&edges)?],
                xrefs: Vec::new(),
                source: None,
            });
        }
    }
    Err(LoadError::NotAGraph { path: origin })
}

/// Every `*.ext` file directly in `dir`, sorted by name (none when `dir` is missing).
fn files_in(dir: &Path, ext: &str) -> Result<Vec<InputFile>, LoadError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LoadError::Io {
                path: dir.display().to_string(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_file(p)).collect()
}

fn read_file(path: &Path) -> Result<InputFile, LoadError> {
    let data = Bytes::open(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(InputFile {
        display: path.display().to_string(),
        data,
    })
}

#[cfg(test)]
mod progress_tests {
    use super::*;
    use crate::generate::{self, Format, Spec};
    use crate::progress::Recorder;

    /// A generated CSV folder big enough for the parallel edge reader.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("icigraph-{name}-{}", std::process::id()));
        let spec = Spec {
            nodes: 3000,
            edges: 200_000,
            seed: 11,
        };
        generate::generate(spec)
            .unwrap()
            .write_dir(&dir, Format::Csv)
            .unwrap();
        dir
    }

    #[test]
    fn a_load_reports_every_byte_once_in_batches_and_finishes() {
        let dir = folder("load-progress");
        let size = |f: &str| fs::metadata(dir.join(f)).unwrap().len();
        let total = size("nodes.csv") + size("edges.csv");
        assert!(
            total - size("nodes.csv") > 4 << 20,
            "edges take the parallel path"
        );
        let recorder = Recorder::default();
        let graph = load_with_progress(&Source::Dir(dir.clone()), &[], &recorder).unwrap();
        assert_eq!(graph.edge_count(), 200_000);
        assert_eq!(
            recorder.pieces(),
            vec![("loading".to_owned(), total, total)]
        );
        let calls = recorder.calls().len();
        assert!(
            calls > 10,
            "progress moves during the edge file: {calls} calls"
        );
        assert!(
            calls < 200_000 / 32,
            "reports per batch, not per row: {calls}"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failed_load_still_finishes_its_progress() {
        let dir = folder("load-progress-bad");
        fs::write(
            dir.join("edges.csv"),
            "subject,predicate,object\nnope:1,x,nope:2\n",
        )
        .unwrap();
        let recorder = Recorder::default();
        assert!(load_with_progress(&Source::Dir(dir.clone()), &[], &recorder).is_err());
        let pieces = recorder.pieces();
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].0, "loading");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn snapshot_encoding_and_opening_report_progress() {
        let dir = folder("snapshot-progress");
        let graph = load(&Source::Dir(dir.clone())).unwrap();
        let file = dir.join("g.icg");
        crate::snapshot::write(&graph, &file).unwrap();
        let size = fs::metadata(&file).unwrap().len();
        let recorder = Recorder::default();
        let bytes = crate::snapshot::to_bytes_with(&graph, &recorder);
        assert_eq!(bytes, fs::read(&file).unwrap());
        assert_eq!(
            recorder.pieces(),
            vec![("writing snapshot".to_owned(), size, size)]
        );
        let recorder = Recorder::default();
        load_with_progress(&Source::Snapshot(file), &[], &recorder).unwrap();
        assert_eq!(
            recorder.pieces(),
            vec![("opening snapshot".to_owned(), size, size)]
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
