//! Paths between concepts: the shortest, the k shortest (Yen), or every
//! simple path within a hop limit, under filters on nodes, categories,
//! predicates and direction; and the countermeasures of a mechanism
//! ([`strategies`]).
//!
//! Paths are sequences of nodes. Where several edges join two consecutive
//! nodes, the path uses the one with the strongest evidence (then one walked
//! forwards, then the lowest index), so two paths never differ only in a
//! parallel edge. The k shortest are ordered by hops, then by total evidence
//! weakness (the sum over hops of how far each edge falls below the
//! strongest level of the schema), then by node indices: equal queries give
//! equal answers.

mod filter;
pub mod rank;
pub mod strategies;

use std::ops::ControlFlow;

use serde::Serialize;

use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::provenance::EdgeClaim;
use crate::schema::{CategoryId, PredicateId};
use crate::summary::NodeSummary;
use crate::walk::best::{Best, PathSearch, Scratch, fewest_hop_paths};
use crate::walk::yen::{Found, KShortest};

pub(crate) use filter::Filter;

/// Default `--max-hops`.
pub const DEFAULT_MAX_HOPS: usize = 6;

/// What a path search may use.
#[derive(Clone, Debug)]
pub struct PathOptions {
    /// Longest path, in hops.
    pub max_hops: usize,
    /// Follow edges only from subject to object.
    pub directed: bool,
    /// Nodes never passed through.
    pub avoid: Vec<NodeIx>,
    /// Categories a path must pass through (each at least once, endpoints
    /// not counted).
    pub via_categories: Vec<CategoryId>,
    /// Categories never passed through (the endpoints are exempt).
    pub exclude_categories: Vec<CategoryId>,
    /// Only edges of these predicates (all when empty).
    pub predicates: Vec<PredicateId>,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            max_hops: DEFAULT_MAX_HOPS,
            directed: false,
            avoid: Vec::new(),
            via_categories: Vec::new(),
            exclude_categories: Vec::new(),
            predicates: Vec::new(),
        }
    }
}

/// One step of a path: the edge taken and whether it was walked from its
/// subject to its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub edge: EdgeIx,
    pub forward: bool,
}

/// A path as graph indices, the form drawings and further queries use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub nodes: Vec<NodeIx>,
    pub steps: Vec<Step>,
}

impl Path {
    pub fn hops(&self) -> usize {
        self.steps.len()
    }
}

/// The most paths `k_shortest` lists: Yen's algorithm keeps every path found.
pub const MAX_K: usize = 10_000;

/// The most paths `all_paths` lists: callers hold them to sort and show.
pub const MAX_LIMIT: usize = 100_000;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PathError {
    #[error("\"{0}\" is both ends of the path: give two different nodes")]
    SameNode(String),
    #[error("--max-hops 0 allows no path: give at least 1")]
    ZeroHops,
    #[error("--k 0 asks for no path: give at least 1")]
    ZeroK,
    #[error("--k {0} asks for more than {MAX_K} paths")]
    TooManyK(usize),
    #[error("--limit {0} asks for more than {MAX_LIMIT} paths")]
    TooManyPaths(usize),
    #[error("--limit 0 allows no path: give at least 1")]
    ZeroLimit,
    #[error("cannot avoid \"{0}\": it is an end of the path")]
    AvoidEndpoint(String),
    #[error(
        "no path from \"{from}\" to \"{to}\" within {max_hops} hop{}{}",
        if *.max_hops == 1 { "" } else { "s" },
        filtered_note(*.filtered)
    )]
    NoPath {
        from: String,
        to: String,
        max_hops: usize,
        filtered: bool,
    },
    #[error("{0}")]
    Rules(String),
    #[error("no strategy counteracts \"{0}\" or a broader mechanism it belongs to (in this graph)")]
    NoStrategy(String),
    #[error(
        "\"{0}\" is not a resistance mechanism, and no mechanism with countermeasures involves it"
    )]
    NotAMechanism(String),
}

fn filtered_note(filtered: bool) -> &'static str {
    if filtered {
        " with the given filters (try fewer filters or a larger --max-hops)"
    } else {
        " (try a larger --max-hops or check that both are connected)"
    }
}

impl PathOptions {
    fn is_filtered(&self) -> bool {
        self.directed
            || !self.avoid.is_empty()
            || !self.via_categories.is_empty()
            || !self.exclude_categories.is_empty()
            || !self.predicates.is_empty()
    }
}

/// Checks a query and compiles its filter.
fn prepare<'g>(
    graph: &'g Graph,
    from: NodeIx,
    to: NodeIx,
    options: &PathOptions,
) -> Result<Filter<'g>, PathError> {
    if from == to {
        return Err(PathError::SameNode(graph.node(from).name().to_owned()));
    }
    if options.max_hops == 0 {
        return Err(PathError::ZeroHops);
    }
    if let Some(&end) = options.avoid.iter().find(|&&n| n == from || n == to) {
        return Err(PathError::AvoidEndpoint(graph.node(end).name().to_owned()));
    }
    Ok(Filter::new(graph, options, &[from, to]))
}

/// A simple path is at most one hop shorter than the graph has nodes.
fn hop_limit(graph: &Graph, options: &PathOptions) -> usize {
    options.max_hops.min(graph.node_count().saturating_sub(1))
}

fn with_steps(filter: &Filter<'_>, nodes: Vec<NodeIx>) -> Path {
    let steps = nodes
        .windows(2)
        .map(|w| {
            let hop = filter.joining_hop(w[0], w[1]);
            Step {
                edge: hop.edge,
                forward: hop.forward,
            }
        })
        .collect();
    Path { nodes, steps }
}

fn no_path(graph: &Graph, from: NodeIx, to: NodeIx, options: &PathOptions) -> PathError {
    PathError::NoPath {
        from: graph.node(from).name().to_owned(),
        to: graph.node(to).name().to_owned(),
        max_hops: options.max_hops,
        filtered: options.is_filtered(),
    }
}

/// Path searches on one graph; build it once to answer many queries (the
/// searches walk the graph's own CSR adjacency, so building costs nothing).
pub struct PathIndex<'g> {
    graph: &'g Graph,
}

impl<'g> PathIndex<'g> {
    pub fn new(graph: &'g Graph) -> PathIndex<'g> {
        PathIndex { graph }
    }

    /// The graph searched.
    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// The `k` best loopless paths (see the module documentation for the
    /// order). No path at all gives [`PathError::NoPath`].
    pub fn k_shortest(
        &self,
        from: NodeIx,
        to: NodeIx,
        k: usize,
        options: &PathOptions,
    ) -> Result<Vec<Path>, PathError> {
        self.k_shortest_ties(from, to, k, 0, options)
    }

    /// The `k` best loopless paths, then up to `ties` more of the same
    /// length as the `k`-th: the only paths a re-ranking that never
    /// reorders across lengths can promote. Ties of the fewest hops are all
    /// listed by one search; ties of a longer length are the ones Yen's
    /// algorithm has already found on its way to the `k`-th path, so
    /// gathering them never costs another search.
    pub fn k_shortest_ties(
        &self,
        from: NodeIx,
        to: NodeIx,
        k: usize,
        ties: usize,
        options: &PathOptions,
    ) -> Result<Vec<Path>, PathError> {
        let graph = self.graph;
        if k == 0 {
            return Err(PathError::ZeroK);
        }
        if k > MAX_K {
            return Err(PathError::TooManyK(k));
        }
        let filter = prepare(graph, from, to, options)?;
        let max_hops = hop_limit(graph, options);
        // Yen's first paths are those of the fewest hops, in the order one
        // search lists them; Yen runs only when more are asked for than
        // there are of that length, or a filter is checked on whole paths.
        let paths = match options.via_categories.is_empty().then(|| {
            let mut scratch = Scratch::new(filter.node_count());
            fewest_hop_paths(
                &filter,
                from,
                to,
                max_hops,
                k.saturating_add(ties),
                &mut scratch,
            )
        }) {
            Some(Some(found)) if found.is_empty() || found.len() >= k => {
                found.into_iter().map(|best| best.nodes).collect()
            }
            // Yen's first path is the listing's first.
            Some(Some(mut found)) => {
                let first = found.swap_remove(0);
                yen(&filter, from, to, k, ties, max_hops, Some(first))
            }
            _ => yen(&filter, from, to, k, ties, max_hops, None),
        };
        if paths.is_empty() {
            return Err(no_path(graph, from, to, options));
        }
        Ok(paths
            .into_iter()
            .map(|nodes| with_steps(&filter, nodes))
            .collect())
    }

    /// Streams every simple path of at most `max_hops` hops to `visit`,
    /// shortest first (then by node indices), stopping after `limit` paths
    /// or when `visit` fails.
    pub fn all_paths<E>(
        &self,
        from: NodeIx,
        to: NodeIx,
        limit: usize,
        options: &PathOptions,
        mut visit: impl FnMut(Path) -> Result<(), E>,
    ) -> Result<AllSummary, E>
    where
        E: From<PathError>,
    {
        let graph = self.graph;
        if limit == 0 {
            return Err(PathError::ZeroLimit.into());
        }
        if limit > MAX_LIMIT {
            return Err(PathError::TooManyPaths(limit).into());
        }
        let filter = prepare(graph, from, to, options)?;
        let mut count = 0;
        let mut truncated = false;
        let mut failure = None;
        let _ = crate::walk::simple::all_simple_paths(
            &filter,
            from,
            to,
            hop_limit(graph, options),
            |nodes| {
                if count == limit {
                    truncated = true;
                    return ControlFlow::Break(());
                }
                count += 1;
                match visit(with_steps(&filter, nodes.to_vec())) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(err) => {
                        failure = Some(err);
                        ControlFlow::Break(())
                    }
                }
            },
        );
        if let Some(err) = failure {
            return Err(err);
        }
        if count == 0 {
            return Err(no_path(graph, from, to, options).into());
        }
        Ok(AllSummary { count, truncated })
    }
}

/// The first `k` paths of Yen's algorithm that pass the path filters, then
/// up to `ties` more as long as the `k`-th among the candidates it has
/// already found. `first` is the best path when the caller has it.
fn yen(
    filter: &Filter<'_>,
    from: NodeIx,
    to: NodeIx,
    k: usize,
    ties: usize,
    max_hops: usize,
    first: Option<Best>,
) -> Vec<Vec<NodeIx>> {
    let search = PathSearch::new(filter, to);
    let mut yen = KShortest::new(search, from, max_hops);
    // A filter on whole paths may reject any number of them, so only
    // without one is the k-th path the k-th Yen returns.
    if filter.checks_whole_paths() {
        debug_assert!(first.is_none(), "the listing runs without path filters");
    } else {
        yen = yen.at_most(k);
    }
    if let Some(Best { nodes, weakness }) = first {
        yen = yen.starting_with(Found {
            steps: nodes[1..].to_vec(),
            nodes,
            cost: weakness,
        });
    }
    take_paths(filter, yen, k, ties)
}

/// The paths [`yen`] returns, from a prepared [`KShortest`].
fn take_paths(
    filter: &Filter<'_>,
    mut yen: KShortest<PathSearch<'_, Filter<'_>>>,
    k: usize,
    ties: usize,
) -> Vec<Vec<NodeIx>> {
    let mut paths: Vec<Vec<NodeIx>> = yen
        .by_ref()
        .map(|(nodes, _)| nodes)
        .filter(|nodes| filter.via_ok(nodes))
        .take(k)
        .collect();
    if paths.len() == k {
        let longest = paths[k - 1].len();
        paths.extend(
            std::iter::from_fn(|| yen.next_found())
                .map(|(nodes, _)| nodes)
                .take_while(|nodes| nodes.len() == longest)
                .filter(|nodes| filter.via_ok(nodes))
                .take(ties),
        );
    }
    paths
}

/// The `k` best loopless paths; see [`PathIndex::k_shortest`].
pub fn k_shortest(
    graph: &Graph,
    from: NodeIx,
    to: NodeIx,
    k: usize,
    options: &PathOptions,
) -> Result<Vec<Path>, PathError> {
    PathIndex::new(graph).k_shortest(from, to, k, options)
}

/// The single best path.
pub fn shortest(
    graph: &Graph,
    from: NodeIx,
    to: NodeIx,
    options: &PathOptions,
) -> Result<Path, PathError> {
    k_shortest(graph, from, to, 1, options).map(|mut paths| paths.swap_remove(0))
}

/// How a streamed `--all` search ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AllSummary {
    /// Paths passed to the callback.
    pub count: usize,
    /// Whether more paths existed beyond the limit.
    pub truncated: bool,
}

/// Every simple path within the hop limit; see [`PathIndex::all_paths`].
pub fn all_paths<E>(
    graph: &Graph,
    from: NodeIx,
    to: NodeIx,
    limit: usize,
    options: &PathOptions,
    visit: impl FnMut(Path) -> Result<(), E>,
) -> Result<AllSummary, E>
where
    E: From<PathError>,
{
    PathIndex::new(graph).all_paths(from, to, limit, options, visit)
}

/// One edge of a path as people and scripts read it.
#[derive(Clone, Debug, Serialize)]
pub struct EdgeStep {
    /// Id of the edge's subject.
    pub subject: String,
    /// Id of the edge's object.
    pub object: String,
    pub forward: bool,
    /// The edge read in the direction the path walks it.
    #[serde(flatten)]
    pub claim: EdgeClaim,
}

/// A path with names, categories and evidence, ready to print.
#[derive(Clone, Debug, Serialize)]
pub struct PathView {
    pub hops: usize,
    pub nodes: Vec<NodeSummary>,
    pub edges: Vec<EdgeStep>,
    /// The indices, for drawings and further queries.
    #[serde(skip)]
    pub path: Path,
}

impl PathView {
    pub fn of(graph: &Graph, path: &Path) -> PathView {
        let edges = path
            .steps
            .iter()
            .map(|step| {
                let edge = graph.edge(step.edge);
                EdgeStep {
                    subject: graph.node(edge.subject()).id().to_owned(),
                    object: graph.node(edge.object()).id().to_owned(),
                    forward: step.forward,
                    claim: EdgeClaim::of(graph, step.edge, step.forward),
                }
            })
            .collect();
        PathView {
            hops: path.hops(),
            nodes: path
                .nodes
                .iter()
                .map(|&n| NodeSummary::of(graph, n))
                .collect(),
            edges,
            path: path.clone(),
        }
    }
}

/// The answer to a path query.
#[derive(Clone, Debug, Serialize)]
pub struct PathResult {
    pub from: NodeSummary,
    pub to: NodeSummary,
    pub paths: Vec<PathView>,
    /// Set when `--all` stopped at its limit with paths left over.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

impl PathResult {
    pub fn new(graph: &Graph, from: NodeIx, to: NodeIx, paths: &[Path]) -> PathResult {
        PathResult {
            from: NodeSummary::of(graph, from),
            to: NodeSummary::of(graph, to),
            paths: paths.iter().map(|p| PathView::of(graph, p)).collect(),
            truncated: false,
        }
    }

    /// Every node and edge on any of the paths, each once, in first-seen
    /// order: the subgraph a drawing of the result shows.
    pub fn subgraph(&self) -> (Vec<NodeIx>, Vec<EdgeIx>) {
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        for view in &self.paths {
            for &n in &view.path.nodes {
                if !nodes.contains(&n) {
                    nodes.push(n);
                }
            }
            for step in &view.path.steps {
                if !edges.contains(&step.edge) {
                    edges.push(step.edge);
                }
            }
        }
        (nodes, edges)
    }
}

#[cfg(test)]
mod tests;
