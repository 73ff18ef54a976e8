//! Which nodes and edges a path search may use, compiled once per query into
//! vectors indexed by node, predicate and edge so the searches' inner loops
//! do no look-ups by name: a predicate-filtered, optionally undirected view
//! of the store's petgraph edges (CSR slices in load order, so tie-breaking
//! stays deterministic).

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use crate::graph::{Adjacency, EdgeIx, Graph, NodeIx, PropValue, Sym, keys};
use crate::schema::{CategoryId, PredicateId};
use crate::walk::{Hop, SearchView};

/// Marks an edge whose evidence rank has not been computed yet; a known
/// rank is stored plus one, so a fresh array is zeroed memory the system
/// hands out untouched (no pass over one byte per edge of the graph).
const UNKNOWN: u8 = 0;

/// A compiled [`super::PathOptions`]: the graph as a search sees it.
pub(crate) struct Filter<'g> {
    pub graph: &'g Graph,
    /// The graph's CSR adjacency, which the steps are read from.
    adjacency: &'g Adjacency,
    pub directed: bool,
    /// Nodes that may not be passed through (avoided or of an excluded
    /// category). The two endpoints are never blocked.
    blocked: Vec<bool>,
    /// Allowed predicates by id; empty allows all.
    predicates: Vec<bool>,
    /// Categories a path must pass through, each at least once.
    via: Vec<CategoryId>,
    /// The highest evidence rank of the schema, so weakness is `max - rank`.
    max_rank: u8,
    /// Evidence rank per edge, computed on first use: a search touches only
    /// a fraction of a large graph's edges. The array is the thread's
    /// [`RANKS`], so a query does not fill one entry per edge of the graph.
    ranks: RefCell<Vec<u8>>,
    /// Edges whose rank was computed, reset to unknown when the filter ends.
    ranked: RefCell<Vec<u32>>,
    /// The `evidence` key's symbol, and the rank of each evidence value
    /// seen, so an edge's rank costs no look-up by name.
    evidence_key: Option<Sym>,
    value_ranks: RefCell<FxHashMap<Sym, u8>>,
}

thread_local! {
    /// One per-edge rank array per thread, all entries unknown between
    /// queries: a server's worker answers query after query without
    /// allocating and filling an array as long as the graph's edge list.
    static RANKS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Filter<'_> {
    fn drop(&mut self) {
        for &e in self.ranked.get_mut().iter() {
            self.ranks.get_mut()[e as usize] = UNKNOWN;
        }
        let ranks = std::mem::take(self.ranks.get_mut());
        let _ = RANKS.try_with(|pool| {
            let mut pool = pool.borrow_mut();
            if pool.len() < ranks.len() {
                *pool = ranks;
            }
        });
    }
}

impl<'g> Filter<'g> {
    pub fn new(graph: &'g Graph, options: &super::PathOptions, endpoints: &[NodeIx]) -> Filter<'g> {
        let mut blocked = vec![false; graph.node_count()];
        for &node in &options.avoid {
            blocked[node.index()] = true;
        }
        if !options.exclude_categories.is_empty() {
            for ix in graph.node_indices() {
                if options
                    .exclude_categories
                    .contains(&graph.node(ix).category_id())
                {
                    blocked[ix.index()] = true;
                }
            }
        }
        for &end in endpoints {
            blocked[end.index()] = false;
        }
        let predicates = if options.predicates.is_empty() {
            Vec::new()
        } else {
            let mut allowed = vec![false; graph.schema().predicates().len()];
            for p in &options.predicates {
                allowed[p.0 as usize] = true;
            }
            allowed
        };
        let max_rank = graph
            .schema()
            .evidence_levels()
            .iter()
            .map(|e| e.rank)
            .max()
            .unwrap_or(0)
            .min(u8::MAX - 1);
        Filter {
            graph,
            adjacency: graph.adjacency(),
            directed: options.directed,
            blocked,
            predicates,
            via: options.via_categories.clone(),
            max_rank,
            ranks: RefCell::new(pooled_ranks(graph.edge_count())),
            ranked: RefCell::new(Vec::new()),
            evidence_key: graph.key_sym(keys::EVIDENCE),
            value_ranks: RefCell::new(FxHashMap::default()),
        }
    }

    pub fn node_count(&self) -> usize {
        self.blocked.len()
    }

    /// Whether a path may pass through `node`.
    pub fn passable(&self, node: NodeIx) -> bool {
        !self.blocked[node.index()]
    }

    fn predicate_ok(&self, p: PredicateId) -> bool {
        self.predicates.is_empty() || self.predicates[p.0 as usize]
    }

    /// Steps leaving `node`: its outgoing edges forwards and, unless the
    /// search is directed, its incoming edges backwards.
    pub fn out_hops(&self, node: NodeIx) -> impl Iterator<Item = Hop> + '_ {
        self.hops(node, true)
    }

    /// Steps arriving at `node` (for searches from the target): `next` is the
    /// node the step starts from, `forward` how the edge is walked.
    pub fn in_hops(&self, node: NodeIx) -> impl Iterator<Item = Hop> + '_ {
        self.hops(node, false)
    }

    /// How many edges a search may look at from `node` (an upper bound).
    pub fn degree(&self, node: NodeIx) -> usize {
        let v = node.index() as u32;
        self.adjacency.out.degree(v) + self.adjacency.inc.degree(v)
    }

    /// Read straight off the CSR slices: the search's inner loop runs this
    /// for every edge it looks at.
    fn hops(&self, node: NodeIx, leaving: bool) -> impl Iterator<Item = Hop> + '_ {
        let graph = self.graph;
        let v = node.index() as u32;
        let (along, against) = if leaving {
            (&self.adjacency.out, &self.adjacency.inc)
        } else {
            (&self.adjacency.inc, &self.adjacency.out)
        };
        let (back_nodes, back_edges) = if self.directed {
            (&[][..], &[][..])
        } else {
            (against.targets(v), against.edges(v))
        };
        let hop = |forward| {
            move |(&next, &edge): (&u32, &u32)| Hop {
                next: NodeIx::new(next as usize),
                edge: EdgeIx::new(edge as usize),
                forward,
            }
        };
        let forwards = along.targets(v).iter().zip(along.edges(v)).map(hop(true));
        let backwards = back_nodes.iter().zip(back_edges).map(hop(false));
        let all = self.predicates.is_empty();
        forwards
            .chain(backwards)
            .filter(move |h| all || self.predicate_ok(graph.edge(h.edge).predicate_id()))
    }

    /// The evidence rank of an edge (0 when it has none the schema knows).
    pub fn rank(&self, edge: EdgeIx) -> u8 {
        let stored = self.ranks.borrow()[edge.index()];
        if stored != UNKNOWN {
            return stored - 1;
        }
        let rank = self.evidence_rank(edge).min(self.max_rank);
        self.ranks.borrow_mut()[edge.index()] = rank + 1;
        self.ranked.borrow_mut().push(edge.index() as u32);
        rank
    }

    /// How far an edge falls short of the strongest evidence level; a path's
    /// weakness is the sum over its hops, so equal-length paths with stronger
    /// evidence sort first.
    pub fn weakness(&self, edge: EdgeIx) -> u32 {
        u32::from(self.max_rank - self.rank(edge))
    }

    /// The edge a path uses for the hop `from → to`: the strongest evidence,
    /// then one walked forwards, then the lowest index. `None` when no
    /// allowed edge joins them in that direction.
    pub fn best_hop(&self, from: NodeIx, to: NodeIx) -> Option<Hop> {
        let key = |h: &Hop| (self.weakness(h.edge), !h.forward, h.edge.index());
        // The edges joining the two are the same seen from either end (an
        // edge walked forwards out of `from` is one walked forwards into
        // `to`), and the key orders them totally: scan the end with fewer.
        let into = || {
            self.in_hops(to)
                .filter(|h| h.next == from)
                .map(|h| Hop { next: to, ..h })
                .min_by_key(key)
        };
        let out_of = || self.out_hops(from).filter(|h| h.next == to).min_by_key(key);
        // The other end is asked too: in a damaged snapshot read unchecked,
        // a slice that read as nothing leaves the hop only on the side the
        // search found it from.
        if self.degree(to) < self.degree(from) {
            into().or_else(out_of)
        } else {
            out_of().or_else(into)
        }
    }

    /// The hop [`Filter::best_hop`] gives between consecutive nodes of a
    /// found path. Always one in an intact graph; in a damaged one, edge 0
    /// (the damage is recorded, and the answer discarded).
    pub fn joining_hop(&self, from: NodeIx, to: NodeIx) -> Hop {
        self.best_hop(from, to).unwrap_or_else(|| {
            self.graph
                .damage_record()
                .record("adjacency disagrees with the edges");
            Hop {
                next: to,
                edge: EdgeIx::new(0),
                forward: true,
            }
        })
    }

    /// Whether [`Filter::via_ok`] can reject a path.
    pub fn checks_whole_paths(&self) -> bool {
        !self.via.is_empty()
    }

    /// Whether a node sequence passes through every `--via-category`.
    pub fn via_ok(&self, nodes: &[NodeIx]) -> bool {
        let inner = match nodes {
            [_, inner @ .., _] => inner,
            _ => &[],
        };
        self.via.iter().all(|c| {
            inner
                .iter()
                .any(|&n| self.graph.node(n).category_id() == *c)
        })
    }
}

impl SearchView for Filter<'_> {
    fn node_count(&self) -> usize {
        Filter::node_count(self)
    }
    fn passable(&self, node: NodeIx) -> bool {
        Filter::passable(self, node)
    }
    fn out_hops(&self, node: NodeIx) -> impl Iterator<Item = Hop> + '_ {
        Filter::out_hops(self, node)
    }
    fn in_hops(&self, node: NodeIx) -> impl Iterator<Item = Hop> + '_ {
        Filter::in_hops(self, node)
    }
    fn degree(&self, node: NodeIx) -> usize {
        Filter::degree(self, node)
    }
    fn weakness(&self, edge: EdgeIx) -> u32 {
        Filter::weakness(self, edge)
    }
    fn best_hop(&self, from: NodeIx, to: NodeIx) -> Option<Hop> {
        Filter::best_hop(self, from, to)
    }
    fn via_ok(&self, nodes: &[NodeIx]) -> bool {
        Filter::via_ok(self, nodes)
    }
}

/// The thread's rank array, at least `edges` long, every entry unknown.
fn pooled_ranks(edges: usize) -> Vec<u8> {
    let ranks = RANKS
        .try_with(|pool| std::mem::take(&mut *pool.borrow_mut()))
        .unwrap_or_default();
    if ranks.len() < edges {
        return vec![UNKNOWN; edges];
    }
    ranks
}

impl Filter<'_> {
    /// The highest rank among an edge's evidence values.
    fn evidence_rank(&self, edge: EdgeIx) -> u8 {
        let Some(key) = self.evidence_key else {
            return 0;
        };
        let graph = self.graph;
        let rank = |v: &PropValue| match v {
            PropValue::Str(s) => *self.value_ranks.borrow_mut().entry(*s).or_insert_with(|| {
                graph
                    .schema()
                    .evidence(graph.text(*s))
                    .map_or(0, |e| e.rank)
            }),
            _ => 0,
        };
        match graph.edge_prop_sym(edge, key) {
            Some(PropValue::List(items)) => items.iter().map(rank).max().unwrap_or(0),
            Some(v) => rank(v),
            None => 0,
        }
    }
}
