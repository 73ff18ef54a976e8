//! `icigraph._icigraph`: the engine for Python. A thin layer over the
//! engine's public calls — every method resolves names, calls one engine
//! function with the GIL released, and converts its serde result to Python
//! objects. The friendly API (`icigraph.Graph`, result classes, pandas and
//! networkx conversion, rendering) is in the Python package around it.

mod error;
mod result;

use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use icigraph_engine::detail::node_detail;

/// Big load arrays on huge pages, as in the `icigraph` binary.
#[global_allocator]
static ALLOC: icigraph_engine::alloc::HugePages = icigraph_engine::alloc::HugePages;
use icigraph_engine::export::drawing::{Emphasis, induced_edges, members};
use icigraph_engine::export::{Drawing, Style, dot};
use icigraph_engine::generate::{Format, Spec};
use icigraph_engine::graph::{EdgeIx, NodeIx};
use icigraph_engine::load::{self, LoadError, Source};
use icigraph_engine::neighborhood::{NeighborFilter, neighborhood};
use icigraph_engine::path::strategies::{RULES_FILE, Rules, StrategyOptions, strategies};
use icigraph_engine::path::{PathIndex, PathOptions, PathResult};
use icigraph_engine::query::{self, ErrorKind, Options, QueryError, output};
use icigraph_engine::schema::View;
use icigraph_engine::schema::{CategoryId, PredicateId, Schema};
use icigraph_engine::summary::NodeSummary;
use icigraph_engine::walk::bfs::Bfs;
use icigraph_engine::{Graph, snapshot, stats};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

use error::{Failure, IntoPyResult, guarded};
use result::{Columns, QueryResult, dedup, json};

/// Read access to a graph; a poisoned lock (a panic caught earlier) still
/// holds a consistent graph, since the engine only appends.
pub(crate) fn read(graph: &RwLock<Graph>) -> RwLockReadGuard<'_, Graph> {
    graph.read().unwrap_or_else(|e| e.into_inner())
}

fn write(graph: &RwLock<Graph>) -> RwLockWriteGuard<'_, Graph> {
    graph.write().unwrap_or_else(|e| e.into_inner())
}

fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

/// Brackets nested deeper than this are refused before parsing: the
/// parser recurses once per level, and a query must never overflow the stack.
const MAX_NESTING: usize = 1000;

/// Stack of the thread a query runs on: deep (but allowed) nesting needs
/// more than a Python thread may have.
const QUERY_STACK: usize = 256 << 20;

/// Refuses a query whose brackets nest deeper than [`MAX_NESTING`]
/// (brackets inside quotes do not count).
fn too_deep(text: &str) -> Result<(), Failure> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let err = QueryError::new(
                        ErrorKind::Limit,
                        format!("brackets nest more than {MAX_NESTING} deep"),
                    )
                    .at((at, at + 1));
                    return Err(Failure::Query(err, text.to_owned()));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Runs `work` on a thread with a [`QUERY_STACK`] stack, waiting for it.
fn on_big_stack<T: Send>(work: impl FnOnce() -> Result<T, Failure> + Send) -> Result<T, Failure> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("icigraph-query".into())
            .stack_size(QUERY_STACK)
            .spawn_scoped(scope, || guarded(work))
            .map_err(|e| Failure::Usage(format!("cannot start the query thread: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(Failure::Panic("the query thread stopped".into())))
    })
}

/// A loaded graph.
#[pyclass(frozen, module = "icigraph._icigraph")]
pub struct Engine {
    graph: Arc<RwLock<Graph>>,
    rules: Rules,
    origin: String,
}

fn unknown(kind: &str, name: &str, suggestions: &[String]) -> Failure {
    let mut message = format!("unknown {kind} \"{name}\"");
    if !suggestions.is_empty() {
        let list: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
        message.push_str(&format!("; did you mean {}?", list.join(" or ")));
    }
    Failure::Usage(message)
}

fn categories(schema: &Schema, names: &[String]) -> Result<Vec<CategoryId>, Failure> {
    names
        .iter()
        .map(|c| {
            schema
                .find_category(c)
                .ok_or_else(|| unknown("category", c, &schema.suggest_category(c)))
        })
        .collect()
}

fn predicates(schema: &Schema, names: &[String]) -> Result<Vec<PredicateId>, Failure> {
    names
        .iter()
        .map(|p| {
            schema
                .find_predicate(p)
                .ok_or_else(|| unknown("predicate", p, &schema.suggest_predicate(p)))
        })
        .collect()
}

/// Node and edge indices from Python, checked against the graph.
fn node_ixs(graph: &Graph, items: &[u32]) -> Result<Vec<NodeIx>, Failure> {
    items
        .iter()
        .map(|&i| {
            (usize::try_from(i).is_ok_and(|i| i < graph.node_count()))
                .then(|| NodeIx::new(i as usize))
                .ok_or_else(|| Failure::Usage(format!("no node has index {i}")))
        })
        .collect()
}

fn edge_ixs(graph: &Graph, items: &[u32]) -> Result<Vec<EdgeIx>, Failure> {
    items
        .iter()
        .map(|&i| {
            ((i as usize) < graph.edge_count())
                .then(|| EdgeIx::new(i as usize))
                .ok_or_else(|| Failure::Usage(format!("no edge has index {i}")))
        })
        .collect()
}

/// The strategy rules of a folder: its own `schema/strategy_rules.csv` when
/// it has one, else the built-in rules (as the CLI does).
fn folder_rules(dir: Option<&PathBuf>) -> Result<Rules, Failure> {
    if let Some(dir) = dir {
        let file = dir.join(RULES_FILE);
        if file.is_file() {
            let text = std::fs::read_to_string(&file).map_err(|source| {
                Failure::Load(LoadError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })?;
            return Ok(Rules::parse(&text, &file.display().to_string())?);
        }
    }
    Ok(Rules::builtin())
}

fn ix_list(items: impl IntoIterator<Item = usize>) -> Vec<u32> {
    items.into_iter().map(|i| i as u32).collect()
}

#[pymethods]
impl Engine {
    /// Loads a graph: the shipped one when every argument is None, else a
    /// folder, KGX node and edge files, or a snapshot.
    #[staticmethod]
    #[pyo3(signature = (folder=None, kgx_nodes=None, kgx_edges=None, snapshot=None))]
    fn load(
        py: Python<'_>,
        folder: Option<PathBuf>,
        kgx_nodes: Option<PathBuf>,
        kgx_edges: Option<PathBuf>,
        snapshot: Option<PathBuf>,
    ) -> PyResult<Engine> {
        let source = match (folder, kgx_nodes, kgx_edges, snapshot) {
            (None, None, None, None) => Source::Embedded,
            (Some(dir), None, None, None) => Source::Dir(dir),
            (None, Some(nodes), Some(edges), None) => Source::Kgx { nodes, edges },
            (None, None, None, Some(file)) => Source::Snapshot(file),
            _ => {
                return Err(Failure::Usage(
                    "give one of: a folder, kgx_nodes= and kgx_edges= together, or snapshot="
                        .into(),
                )
                .into_py(py));
            }
        };
        let origin = match &source {
            Source::Embedded => "the shipped graph".to_owned(),
            Source::Dir(d) => d.display().to_string(),
            Source::Kgx { nodes, edges } => format!("{} and {}", nodes.display(), edges.display()),
            Source::Snapshot(f) => f.display().to_string(),
        };
        let (graph, rules) = py
            .detach(|| {
                guarded(|| {
                    let graph = load::load(&source)?;
                    let dir = match &source {
                        Source::Dir(d) => Some(d),
                        _ => None,
                    };
                    Ok((graph, folder_rules(dir)?))
                })
            })
            .py_err(py)?;
        Ok(Engine {
            graph: Arc::new(RwLock::new(graph)),
            rules,
            origin,
        })
    }

    #[getter]
    fn origin(&self) -> String {
        self.origin.clone()
    }

    #[getter]
    fn node_count(&self) -> usize {
        read(&self.graph).node_count()
    }

    #[getter]
    fn edge_count(&self) -> usize {
        read(&self.graph).edge_count()
    }

    /// Writes a binary snapshot that `load(snapshot=…)` reads back.
    fn build_snapshot(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| {
            guarded(|| {
                snapshot::write(&read(&self.graph), &path).map_err(|source| Failure::Io {
                    path: path.display().to_string(),
                    source,
                })
            })
        })
        .py_err(py)
    }

    /// `{id, name, category}` of the node a name, synonym or id means.
    fn resolve<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let summary = guarded(|| {
            let graph = read(&self.graph);
            let ix = graph.resolve(name)?;
            Ok(NodeSummary::of(&graph, ix))
        })
        .py_err(py)?;
        to_py(py, &summary)
    }

    /// Index of the node a name means (for drawings).
    fn index(&self, py: Python<'_>, name: &str) -> PyResult<u32> {
        guarded(|| Ok(read(&self.graph).resolve(name)?.index() as u32)).py_err(py)
    }

    /// Everything the engine's node detail holds, as a dict.
    fn node<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let detail = guarded(|| {
            let graph = read(&self.graph);
            let ix = graph.resolve(name)?;
            Ok(node_detail(&graph, ix))
        })
        .py_err(py)?;
        to_py(py, &detail)
    }

    /// The neighbourhood dict, and the indices to draw it: nodes (centre
    /// first) and the edges that reached each neighbour.
    #[pyo3(signature = (name, depth=1, categories=Vec::new(), predicates=Vec::new(), directed=false))]
    fn neighbors<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        depth: usize,
        categories: Vec<String>,
        predicates: Vec<String>,
        directed: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Vec<u32>, Vec<u32>)> {
        let hood = py
            .detach(|| {
                guarded(|| {
                    let graph = read(&self.graph);
                    let ix = graph.resolve(name)?;
                    let filter = NeighborFilter {
                        categories: self::categories(graph.schema(), &categories)?,
                        predicates: self::predicates(graph.schema(), &predicates)?,
                        directed,
                    };
                    let hood = neighborhood(&graph, ix, depth, &filter);
                    let mut nodes = vec![ix.index() as u32];
                    nodes.extend(hood.neighbors.iter().map(|n| n.index.index() as u32));
                    let edges = ix_list(hood.neighbors.iter().map(|n| n.edge.index()));
                    Ok((hood, nodes, edges))
                })
            })
            .py_err(py)?;
        Ok((to_py(py, &hood.0)?, hood.1, hood.2))
    }

    /// The `k` shortest paths as a dict, and the indices to draw them: the
    /// nodes and edges on any path.
    #[pyo3(signature = (source, target, k=1, max_hops=6, directed=false, avoid=Vec::new(),
        via_categories=Vec::new(), exclude_categories=Vec::new(), predicates=Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn path<'py>(
        &self,
        py: Python<'py>,
        source: &str,
        target: &str,
        k: usize,
        max_hops: usize,
        directed: bool,
        avoid: Vec<String>,
        via_categories: Vec<String>,
        exclude_categories: Vec<String>,
        predicates: Vec<String>,
    ) -> PyResult<(Bound<'py, PyAny>, Vec<u32>, Vec<u32>)> {
        let found = py
            .detach(|| {
                guarded(|| {
                    let graph = read(&self.graph);
                    let from = graph.resolve(source)?;
                    let to = graph.resolve(target)?;
                    let schema = graph.schema();
                    let options = PathOptions {
                        max_hops,
                        directed,
                        avoid: avoid
                            .iter()
                            .map(|n| graph.resolve(n))
                            .collect::<Result<_, _>>()?,
                        via_categories: categories(schema, &via_categories)?,
                        exclude_categories: categories(schema, &exclude_categories)?,
                        predicates: self::predicates(schema, &predicates)?,
                    };
                    let paths = PathIndex::new(&graph).k_shortest(from, to, k, &options)?;
                    let result = PathResult::new(&graph, from, to, &paths);
                    let (nodes, edges) = result.subgraph();
                    Ok((
                        result,
                        ix_list(nodes.iter().map(|n| n.index())),
                        ix_list(edges.iter().map(|e| e.index())),
                    ))
                })
            })
            .py_err(py)?;
        Ok((to_py(py, &found.0)?, found.1, found.2))
    }

    /// Distinct nodes within `hops` directed steps of a node (the two-hop
    /// count of the benchmarks), not counting the node itself.
    #[pyo3(signature = (name, hops=2))]
    fn count_within(&self, py: Python<'_>, name: &str, hops: usize) -> PyResult<usize> {
        py.detach(|| {
            guarded(|| {
                let graph = read(&self.graph);
                let ix = graph.resolve(name)?;
                Ok(Bfs::<EdgeIx>::new(graph.node_count()).count_within(&*graph, ix, hops))
            })
        })
        .py_err(py)
    }

    /// The countermeasures of a mechanism, ranked by evidence: the ones the
    /// review names for it first, inferred ones labelled with where they come
    /// from; `direct_only` keeps only the first.
    #[pyo3(signature = (mechanism, direct_only=false))]
    fn strategies<'py>(
        &self,
        py: Python<'py>,
        mechanism: &str,
        direct_only: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = StrategyOptions { direct_only };
        let report = py
            .detach(|| {
                guarded(|| {
                    let graph = read(&self.graph);
                    let ix = graph.resolve(mechanism)?;
                    Ok(strategies(&graph, ix, &self.rules, options)?)
                })
            })
            .py_err(py)?;
        to_py(py, &report)
    }

    /// Counts per category and predicate, components and the `hubs`
    /// best-connected nodes.
    #[pyo3(signature = (hubs=10))]
    fn stats<'py>(&self, py: Python<'py>, hubs: usize) -> PyResult<Bound<'py, PyAny>> {
        let stats = py
            .detach(|| guarded(|| Ok(stats::stats(&read(&self.graph), hubs))))
            .py_err(py)?;
        to_py(py, &stats)
    }

    /// Runs a Cypher script; `params` values must be JSON-like (None, bool,
    /// int, float, str, list, dict). CREATE changes this in-memory graph only.
    #[pyo3(signature = (text, params=None, max_expansions=None))]
    fn query(
        &self,
        py: Python<'_>,
        text: &str,
        params: Option<Bound<'_, PyDict>>,
        max_expansions: Option<u64>,
    ) -> PyResult<QueryResult> {
        let mut values: Vec<(String, String)> = Vec::new();
        if let Some(params) = params {
            for (key, value) in params.iter() {
                let key: String = key.extract()?;
                let json: serde_json::Value = pythonize::depythonize(&value)
                    .map_err(|e| Failure::Usage(format!("parameter ${key}: {e}")).into_py(py))?;
                values.push((key, json.to_string()));
            }
        }
        let data = py
            .detach(|| {
                guarded(|| {
                    too_deep(text)?;
                    on_big_stack(|| {
                        let mut options = Options {
                            strict: true,
                            ..Options::default()
                        };
                        if let Some(n) = max_expansions {
                            options.limits.expansions = n;
                        }
                        for (key, value) in &values {
                            options
                                .params
                                .insert(key.clone(), output::param_value(value));
                        }
                        let mut graph = write(&self.graph);
                        let table = query::run(&mut *graph, text, &options)
                            .map_err(|e| Failure::Query(e, text.to_owned()))?;
                        Ok(Columns::of(&table))
                    })
                })
            })
            .py_err(py)?;
        Ok(QueryResult {
            graph: self.graph.clone(),
            data,
        })
    }

    /// The figure views: `[{id, title, caption}]`.
    fn figures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let graph = read(&self.graph);
        let list = PyList::empty(py);
        for view in graph.schema().views() {
            let d = PyDict::new(py);
            d.set_item("id", &view.id)?;
            d.set_item("title", &view.title)?;
            d.set_item("caption", &view.caption)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// A figure view (or, for None, the whole graph) as DOT.
    #[pyo3(signature = (view=None))]
    fn figure_dot(&self, py: Python<'_>, view: Option<&str>) -> PyResult<String> {
        py.detach(|| {
            guarded(|| {
                let graph = read(&self.graph);
                let style = Style::from_schema(graph.schema());
                let drawing = match view {
                    Some(view) => Drawing::figure(&graph, view, &style)?,
                    None => Drawing::whole(&graph, &style),
                };
                Ok(dot::write(&drawing))
            })
        })
        .py_err(py)
    }

    /// Node and edge indices of a figure view (all of the graph for None).
    #[pyo3(signature = (view=None))]
    fn members(&self, py: Python<'_>, view: Option<&str>) -> PyResult<(Vec<u32>, Vec<u32>)> {
        guarded(|| {
            let graph = read(&self.graph);
            Ok(match view {
                Some(view) => {
                    let id = icigraph_engine::export::drawing::find_view(&graph, view)?
                        .id
                        .clone();
                    let (nodes, edges) = members(&graph, &id);
                    (
                        ix_list(nodes.iter().map(|n| n.index())),
                        ix_list(edges.iter().map(|e| e.index())),
                    )
                }
                None => (
                    ix_list(0..graph.node_count()),
                    ix_list(0..graph.edge_count()),
                ),
            })
        })
        .py_err(py)
    }

    /// DOT of the given nodes and edges, `strong_*` emphasised; with
    /// `context`, the other edges among the nodes are drawn faded.
    #[pyo3(signature = (nodes, edges, strong_nodes=Vec::new(), strong_edges=Vec::new(),
        context=false, title=String::new(), caption=String::new()))]
    #[allow(clippy::too_many_arguments)]
    fn dot(
        &self,
        py: Python<'_>,
        nodes: Vec<u32>,
        edges: Vec<u32>,
        strong_nodes: Vec<u32>,
        strong_edges: Vec<u32>,
        context: bool,
        title: String,
        caption: String,
    ) -> PyResult<String> {
        py.detach(|| {
            guarded(|| {
                let graph = read(&self.graph);
                let nodes = node_ixs(&graph, &nodes)?;
                let mut edges = edge_ixs(&graph, &edges)?;
                if context {
                    for e in induced_edges(&graph, &nodes) {
                        if !edges.contains(&e) {
                            edges.push(e);
                        }
                    }
                }
                let emphasis = Emphasis {
                    nodes: node_ixs(&graph, &strong_nodes)?,
                    edges: edge_ixs(&graph, &strong_edges)?,
                };
                let frame = View {
                    id: "result".to_owned(),
                    title,
                    caption,
                    rankdir: "LR".to_owned(),
                    ..View::default()
                };
                let style = Style::from_schema(graph.schema());
                Ok(dot::write(&Drawing::build(
                    &graph, &nodes, &edges, &emphasis, &style, frame,
                )))
            })
        })
        .py_err(py)
    }

    /// Nodes as `(id, attributes)` and edges as `(subject id, object id,
    /// attributes)` for the given indices (all for None), the shape
    /// networkx's `add_nodes_from` / `add_edges_from` take. An edge's end
    /// points are included even when not listed.
    #[pyo3(signature = (nodes=None, edges=None))]
    fn elements<'py>(
        &self,
        py: Python<'py>,
        nodes: Option<Vec<u32>>,
        edges: Option<Vec<u32>>,
    ) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
        let graph = read(&self.graph);
        let nodes = match nodes {
            Some(list) => node_ixs(&graph, &list).py_err(py)?,
            None => graph.node_indices().collect(),
        };
        let edges = match edges {
            Some(list) => edge_ixs(&graph, &list).py_err(py)?,
            None => graph.edge_indices().collect(),
        };
        let mut all_nodes = ix_list(nodes.iter().map(|n| n.index()));
        for &e in &edges {
            let edge = graph.edge(e);
            all_nodes.push(edge.subject().index() as u32);
            all_nodes.push(edge.object().index() as u32);
        }
        let node_list = PyList::empty(py);
        for i in dedup(all_nodes) {
            let node = graph.node(NodeIx::new(i as usize));
            let attrs = PyDict::new(py);
            attrs.set_item("name", node.name())?;
            attrs.set_item("category", &node.category().name)?;
            let synonyms: Vec<&str> = node.synonyms().collect();
            if !synonyms.is_empty() {
                attrs.set_item("synonyms", synonyms)?;
            }
            for (key, value) in node.props() {
                attrs.set_item(key, json(py, &graph.value_json(value))?)?;
            }
            node_list.append((node.id(), attrs))?;
        }
        let edge_list = PyList::empty(py);
        for e in edges {
            let edge = graph.edge(e);
            let attrs = PyDict::new(py);
            attrs.set_item("predicate", &edge.predicate().name)?;
            for (key, value) in edge.props() {
                attrs.set_item(key, json(py, &graph.value_json(value))?)?;
            }
            edge_list.append((
                graph.node(edge.subject()).id(),
                graph.node(edge.object()).id(),
                attrs,
            ))?;
        }
        Ok((node_list, edge_list))
    }

    fn __repr__(&self) -> String {
        let graph = read(&self.graph);
        format!(
            "<icigraph.Graph {} nodes, {} edges from {}>",
            graph.node_count(),
            graph.edge_count(),
            self.origin
        )
    }
}

/// Writes a seeded synthetic graph folder (`nodes.csv` and `edges.csv`, or
/// KGX `nodes.tsv` and `edges.tsv`), as `icigraph generate` does.
#[pyfunction]
#[pyo3(name = "generate", signature = (nodes, edges, seed, out, kgx=false))]
fn generate_graph(
    py: Python<'_>,
    nodes: u32,
    edges: u64,
    seed: u64,
    out: PathBuf,
    kgx: bool,
) -> PyResult<(usize, usize)> {
    py.detach(|| {
        guarded(|| {
            let graph = icigraph_engine::generate::generate(Spec { nodes, edges, seed })?;
            let format = if kgx { Format::Kgx } else { Format::Csv };
            graph
                .write_dir(&out, format)
                .map_err(|source| Failure::Io {
                    path: out.display().to_string(),
                    source,
                })?;
            Ok((graph.node_count(), graph.edges.len()))
        })
    })
    .py_err(py)
}

/// Checks a Cypher script's syntax and scope without a graph.
#[pyfunction]
fn check_query(py: Python<'_>, text: &str) -> PyResult<()> {
    py.detach(|| {
        guarded(|| {
            too_deep(text)?;
            on_big_stack(|| query::check(text).map_err(|e| Failure::Query(e, text.to_owned())))
        })
    })
    .py_err(py)
}

#[pymodule]
fn _icigraph(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<QueryResult>()?;
    m.add_function(wrap_pyfunction!(generate_graph, m)?)?;
    m.add_function(wrap_pyfunction!(check_query, m)?)?;
    Ok(())
}
