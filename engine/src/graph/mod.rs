//! The property graph store: nodes and edges in flat columns of interned
//! strings ([`strings`]), an id table, a lazily built name index and the CSR
//! adjacency in both directions ([`csr`]). Loads only add; a query's DELETE compacts the
//! arrays ([`edit`]), so indices stay dense `u32`s and every algorithm can use
//! plain vectors indexed by node.
//!
//! Nodes are columns (id, name, category, and a slot into a side table of
//! synonyms and properties, since most nodes of a large graph have none);
//! edges are three (subject, object, and an 8-byte weight: predicate plus a
//! slot into a side table of properties). Every column can be read in place
//! from a snapshot ([`column`]), so opening one decodes only the side tables. The store is a petgraph graph through the
//! visit traits of [`visit`], so petgraph's algorithms run on it without a
//! copy.

use std::sync::{Arc, OnceLock};

use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};

pub(crate) mod column;
mod csr;
pub mod damage;
mod edit;
pub mod names;
pub mod strings;
mod visit;

use crate::schema::{Category, CategoryId, Predicate, PredicateId, Schema};
use column::Column;
pub(crate) use csr::all_below;
pub use csr::{Adjacency, Csr};
pub use damage::Damage;
pub use edit::Renumbering;
pub use names::NameIndex;
pub use visit::{Edges, Neighbors, StoreEdge};

pub use strings::{Strings, Sym};
pub type NodeIx = NodeIndex<u32>;
pub type EdgeIx = EdgeIndex<u32>;

/// Property keys the engine gives meaning to.
pub mod keys {
    pub const DESCRIPTION: &str = "description";
    pub const REFS: &str = "refs";
    pub const EVIDENCE: &str = "evidence";
    pub const CONTEXT: &str = "context";
    pub const TRIALS: &str = "trials";
    pub const FIGURES: &str = "figures";
    pub const NOTE: &str = "note";
    pub const AXIS: &str = "axis";
    pub const CLUSTER: &str = "cluster";
    pub const KNOWLEDGE_LEVEL: &str = "knowledge_level";
    pub const AGENT_TYPE: &str = "agent_type";
    pub const SUPPORT: &str = "support";
    pub const SECTION: &str = "section";
    pub const SETTING: &str = "setting";
    pub const OUTCOME: &str = "outcome";
}

/// A property value. CSV cells are text; `|`-separated cells are lists and
/// reference numbers are integers, so queries can compare them as such.
#[derive(Clone, Debug, PartialEq)]
pub enum PropValue {
    Str(Sym),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Box<[PropValue]>),
    /// A date, time or duration as its ISO 8601 text (which the query
    /// engine reads back exactly).
    Temporal(TemporalKind, Sym),
}

/// Which temporal type a stored ISO 8601 text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemporalKind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
    Duration,
}

impl TemporalKind {
    /// The tag a snapshot stores.
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<TemporalKind> {
        use TemporalKind::*;
        [Date, LocalTime, Time, LocalDateTime, DateTime, Duration]
            .get(usize::from(code))
            .copied()
    }

    /// The type's name, as Cypher's constructor spells it.
    pub fn name(self) -> &'static str {
        match self {
            TemporalKind::Date => "date",
            TemporalKind::LocalTime => "localtime",
            TemporalKind::Time => "time",
            TemporalKind::LocalDateTime => "localdatetime",
            TemporalKind::DateTime => "datetime",
            TemporalKind::Duration => "duration",
        }
    }
}

/// Properties sorted by key; most nodes and edges have only a handful.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Props(Box<[(Sym, PropValue)]>);

impl Props {
    pub(crate) fn new(mut entries: Vec<(Sym, PropValue)>) -> Props {
        entries.sort_by_key(|(k, _)| *k);
        entries.dedup_by_key(|(k, _)| *k);
        Props(entries.into_boxed_slice())
    }

    pub(crate) fn entries(&self) -> &[(Sym, PropValue)] {
        &self.0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn get(&self, key: Sym) -> Option<&PropValue> {
        self.0
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| &self.0[i].1)
    }
}

/// What a node has besides id, name and category (most nodes of a big
/// graph have neither).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct NodeExtra {
    pub(crate) synonyms: Box<[Sym]>,
    pub(crate) props: Props,
}

/// An edge weight: 8 bytes, so 2.25 million edges cost 18 MB. Laid out
/// without padding bytes so a snapshot's column of them is read in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Edge {
    pub(crate) predicate: u16,
    pub(crate) pad: u16,
    /// Index into `Graph::edge_props`, or [`NO_PROPS`].
    pub(crate) props: u32,
}

// SAFETY: `Edge` is `repr(C)` with fields of 2, 2 and 4 bytes (no padding),
// and every bit pattern of them is a value.
unsafe impl bytemuck::Zeroable for Edge {}
// SAFETY: as above; it is `Copy` and `'static`.
unsafe impl bytemuck::Pod for Edge {}

impl column::Word for Edge {
    fn le_to_native(self) -> Edge {
        Edge {
            predicate: u16::from_le(self.predicate),
            pad: u16::from_le(self.pad),
            props: u32::from_le(self.props),
        }
    }
}

/// `Edge::props` (and a node's extra slot) when there are none.
pub(crate) const NO_PROPS: u32 = u32::MAX;
/// `Graph::node_of` of a symbol that is no node's id.
pub(crate) const NO_NODE: u32 = u32::MAX;

impl Edge {
    pub(crate) fn new(predicate: PredicateId, props: u32) -> Edge {
        Edge {
            predicate: predicate.0,
            pad: 0,
            props,
        }
    }

    pub fn predicate(&self) -> PredicateId {
        PredicateId(self.predicate)
    }
}

/// The columns of a graph, for the snapshot reader (checked by it: every
/// end point below the node count, every category, predicate and property
/// slot in range).
pub(crate) struct GraphParts {
    pub schema: Schema,
    pub strings: Strings,
    pub node_ids: Column<u32>,
    pub node_names: Column<u32>,
    pub categories: Column<u16>,
    pub node_slots: Column<u32>,
    pub node_extras: Vec<NodeExtra>,
    pub node_of: Column<u32>,
    pub subjects: Column<u32>,
    pub objects: Column<u32>,
    pub edges: Column<Edge>,
    pub edge_props: Vec<Props>,
    pub components: Option<Components>,
    /// The adjacency, its values checked where they are read.
    pub adjacency: Adjacency,
    /// Where those reads record damage.
    pub damage: Arc<Damage>,
}

/// The node columns of a graph ([`Graph::raw_nodes`]).
pub(crate) struct NodeColumns<'g> {
    pub ids: &'g [u32],
    pub names: &'g [u32],
    pub categories: &'g [u16],
    pub slots: &'g [u32],
    pub extras: &'g [NodeExtra],
}

/// What a caller supplies to add a node.
#[derive(Clone, Debug, Default)]
pub struct NewNode<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub synonyms: Vec<&'a str>,
    pub props: Vec<(&'a str, NewValue)>,
}

/// A property value before interning.
#[derive(Clone, Debug, PartialEq)]
pub enum NewValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<NewValue>),
    /// ISO 8601 text of the given type, already checked.
    Temporal(TemporalKind, String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GraphError {
    #[error("duplicate node id \"{0}\"")]
    DuplicateId(String),
    #[error("the graph is full (at most 4294967295 nodes and edges)")]
    Full,
}

/// The loaded knowledge graph.
#[derive(Debug)]
pub struct Graph {
    schema: Schema,
    /// Per node: the symbols of its id and name, its category, and its slot
    /// in `node_extras` (or [`NO_PROPS`]).
    node_ids: Column<u32>,
    node_names: Column<u32>,
    categories: Column<u16>,
    node_slots: Column<u32>,
    node_extras: Vec<NodeExtra>,
    subjects: Column<u32>,
    objects: Column<u32>,
    edges: Column<Edge>,
    strings: Strings,
    /// Per symbol, the node it is the id of (or [`NO_NODE`]); shorter than
    /// the string table when the last strings are no ids. Only trusted after
    /// checking that node's id ([`Graph::find_id`]).
    node_of: Column<u32>,
    names: OnceLock<NameIndex>,
    /// Properties of the edges that have any.
    edge_props: Vec<Props>,
    /// Built by the loader (or on first use after a mutation).
    adjacency: OnceLock<Adjacency>,
    by_category: OnceLock<Vec<Vec<NodeIx>>>,
    /// Computed on first use, or stored in a snapshot.
    components: OnceLock<Components>,
    /// Whether edge and adjacency values are checked where they are read
    /// (a snapshot opened without checking them; see [`damage`]).
    checked_reads: bool,
    /// What those reads found.
    damage: Arc<Damage>,
}

/// What an edge reads as when its stored weight is out of range.
static PLACEHOLDER_EDGE: Edge = Edge {
    predicate: 0,
    pad: 0,
    props: NO_PROPS,
};

/// The weakly connected components of a graph (edge direction ignored).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Components {
    pub count: usize,
    /// Nodes in the largest one.
    pub largest: usize,
}

impl Graph {
    pub fn new(schema: Schema) -> Graph {
        Graph {
            schema,
            node_ids: Column::default(),
            node_names: Column::default(),
            categories: Column::default(),
            node_slots: Column::default(),
            node_extras: Vec::new(),
            subjects: Column::default(),
            objects: Column::default(),
            edges: Column::default(),
            strings: Strings::default(),
            node_of: Column::default(),
            names: OnceLock::new(),
            edge_props: Vec::new(),
            adjacency: OnceLock::new(),
            by_category: OnceLock::new(),
            components: OnceLock::new(),
            checked_reads: false,
            damage: Arc::default(),
        }
    }

    /// Assembles a graph from snapshot columns whose node columns are
    /// checked and whose edge and adjacency values are checked where they
    /// are read, until [`Graph::verify`].
    pub(crate) fn from_parts(parts: GraphParts) -> Graph {
        let GraphParts {
            schema,
            strings,
            node_ids,
            node_names,
            categories,
            node_slots,
            node_extras,
            node_of,
            subjects,
            objects,
            edges,
            edge_props,
            components,
            adjacency,
            damage,
        } = parts;
        Graph {
            schema,
            node_ids,
            node_names,
            categories,
            node_slots,
            node_extras,
            subjects,
            objects,
            edges,
            strings,
            node_of,
            names: OnceLock::new(),
            edge_props,
            adjacency: OnceLock::from(adjacency),
            by_category: OnceLock::new(),
            components: components.map_or_else(OnceLock::new, OnceLock::from),
            checked_reads: true,
            damage,
        }
    }

    /// Checks every edge and adjacency value of a snapshot opened without
    /// checking them, at once (the edge columns and the adjacency on two
    /// threads), so reads need no more checks: what a long-lived process
    /// or a change to the graph needs first. A graph built from data passes
    /// at once.
    pub fn verify(&mut self) -> Result<(), &'static str> {
        if !self.checked_reads {
            return Ok(());
        }
        let adjacency = self.adjacency();
        let checked = std::thread::scope(|scope| {
            let edges = scope.spawn(|| self.check_edge_columns());
            let adjacency = adjacency.out.verified().and_then(|out| {
                Ok(Adjacency {
                    out,
                    inc: adjacency.inc.verified()?,
                })
            });
            edges
                .join()
                .expect("edge check does not panic")
                .and(adjacency)
        })?;
        self.adjacency = OnceLock::from(checked);
        self.checked_reads = false;
        Ok(())
    }

    /// Every end point below the node count, every predicate known and
    /// every property slot in the table (branch-free folds, which vectorise).
    fn check_edge_columns(&self) -> Result<(), &'static str> {
        let n = self.node_count();
        if !all_below(&self.subjects, n) || !all_below(&self.objects, n) {
            return Err("an edge names a node out of range");
        }
        let (predicates, tables) = (self.schema.predicates().len(), self.edge_props.len());
        let bad = self.edges.iter().fold(false, |bad, e| {
            bad | (e.predicate as usize >= predicates)
                | (e.props != NO_PROPS && e.props as usize >= tables)
        });
        if bad {
            return Err("an edge has an unknown predicate or properties");
        }
        Ok(())
    }

    /// What reads of a snapshot opened without checking its edges found out
    /// of range: a front end reports the snapshot as corrupted when set.
    pub fn damage(&self) -> Option<&'static str> {
        self.damage.found()
    }

    /// The shared record of [`Graph::damage`], for front ends that check it
    /// after the graph is gone.
    pub fn damage_record(&self) -> Arc<Damage> {
        Arc::clone(&self.damage)
    }

    /// Before a change: values still to be checked are checked; a damaged
    /// snapshot keeps its nodes and loses its edges (the damage stays
    /// recorded), so the change never indexes out of range.
    pub(crate) fn settle(&mut self) {
        if let Err(what) = self.verify() {
            self.damage.record(what);
            self.subjects = Column::default();
            self.objects = Column::default();
            self.edges = Column::default();
            self.edge_props.clear();
            self.adjacency = OnceLock::new();
            self.components = OnceLock::new();
            self.checked_reads = false;
        }
    }

    /// An edge's weight, or a placeholder (recorded) when a snapshot's
    /// stored one names no predicate or property slot.
    #[inline]
    fn edge_data(&self, e: usize) -> &Edge {
        let edge = &self.edges[e];
        if self.checked_reads
            && (edge.predicate as usize >= self.schema.predicates().len()
                || (edge.props != NO_PROPS && edge.props as usize >= self.edge_props.len()))
        {
            self.damage
                .record("an edge has an unknown predicate or properties");
            return &PLACEHOLDER_EDGE;
        }
        edge
    }

    /// An edge's end point from `ends`, or node 0 (recorded) when a
    /// snapshot's stored one is out of range.
    #[inline]
    fn end(&self, ends: &[u32], e: usize) -> NodeIx {
        let v = ends[e];
        if self.checked_reads && v as usize >= self.node_count() {
            self.damage.record("an edge names a node out of range");
            return NodeIx::new(0);
        }
        NodeIx::new(v as usize)
    }

    /// The node columns and their side table, for the snapshot writer.
    pub(crate) fn raw_nodes(&self) -> NodeColumns<'_> {
        NodeColumns {
            ids: &self.node_ids,
            names: &self.node_names,
            categories: &self.categories,
            slots: &self.node_slots,
            extras: &self.node_extras,
        }
    }

    /// The category of every node, by node index.
    pub fn node_categories(&self) -> &[u16] {
        &self.categories
    }

    /// The id table (node per symbol), for the snapshot writer.
    pub(crate) fn raw_node_of(&self) -> &[u32] {
        &self.node_of
    }

    /// Subjects, objects and weights of all edges, by edge index.
    pub(crate) fn raw_edges(&self) -> (&[u32], &[u32], &[Edge]) {
        (&self.subjects, &self.objects, &self.edges)
    }

    /// Drops the indexes derived from nodes and edges after a change.
    fn changed(&mut self) {
        self.names.take();
        self.by_category.take();
        self.adjacency.take();
        self.components.take();
    }

    /// The weakly connected components: union-find over the edge list, with
    /// no recursion (petgraph's `tarjan_scc` recurses once per node of a
    /// depth-first path, which overflows the stack on a graph of millions of
    /// nodes) and two `u32`s per node. Computed once; a snapshot stores it.
    pub fn components(&self) -> Components {
        *self.components.get_or_init(|| {
            let n = self.node_count();
            let mut sets = petgraph::unionfind::UnionFind::<u32>::new(n);
            for (&s, &o) in self.subjects.iter().zip(self.objects.iter()) {
                sets.union(s, o);
            }
            let mut sizes = vec![0u32; n];
            for v in 0..n as u32 {
                sizes[sets.find_mut(v) as usize] += 1;
            }
            Components {
                count: sizes.iter().filter(|&&s| s > 0).count(),
                largest: sizes.iter().copied().max().unwrap_or(0) as usize,
            }
        })
    }

    pub(crate) fn strings(&self) -> &Strings {
        &self.strings
    }

    pub(crate) fn edge_props_table(&self) -> &[Props] {
        &self.edge_props
    }

    /// Out- and in-adjacency as flat arrays, for fast traversals. Built once
    /// (the loader builds it eagerly) and rebuilt after a mutation.
    #[inline]
    pub fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| {
            Adjacency::build(self.node_count(), self.edge_count(), || {
                self.subjects
                    .iter()
                    .copied()
                    .zip(self.objects.iter().copied())
            })
        })
    }

    /// Installs an adjacency built from the same edges (bulk loads build it
    /// while the edges are read).
    pub(crate) fn set_adjacency(&mut self, adjacency: Adjacency) {
        self.adjacency = OnceLock::from(adjacency);
    }

    /// Appends an edge whose end points are known to exist (bulk loads).
    pub(crate) fn push_edge(
        &mut self,
        subject: NodeIx,
        predicate: PredicateId,
        object: NodeIx,
        props: Props,
    ) {
        self.settle();
        self.components.take();
        let props = self.store_edge_props(props);
        self.subjects.push(subject.index() as u32);
        self.objects.push(object.index() as u32);
        self.edges.push(Edge::new(predicate, props));
    }

    /// Appends edges without properties whose end points are known to
    /// exist (bulk loads): one pass per column rather than one call per edge.
    pub(crate) fn push_plain_edges(
        &mut self,
        edges: impl ExactSizeIterator<Item = (u32, PredicateId, u32)> + Clone,
    ) {
        self.settle();
        self.components.take();
        let ends = edges.clone().map(|(s, _, o)| (s, o));
        self.subjects.to_mut().extend(ends.clone().map(|(s, _)| s));
        self.objects.to_mut().extend(ends.map(|(_, o)| o));
        self.edges
            .to_mut()
            .extend(edges.map(|(_, p, _)| Edge::new(p, NO_PROPS)));
    }

    fn store_edge_props(&mut self, props: Props) -> u32 {
        if props.is_empty() {
            NO_PROPS
        } else {
            self.edge_props.push(props);
            (self.edge_props.len() - 1) as u32
        }
    }

    /// Reserves room for a known number of nodes and edges (bulk loads).
    pub fn reserve(&mut self, nodes: usize, edges: usize) {
        for column in [
            &mut self.node_ids,
            &mut self.node_names,
            &mut self.node_slots,
        ] {
            column.reserve(nodes);
        }
        self.categories.reserve(nodes);
        self.subjects.reserve(edges);
        self.objects.reserve(edges);
        self.edges.reserve(edges);
        // Ids and names: about two strings per node.
        self.strings.reserve(2 * nodes, 24 * nodes);
        self.node_of.reserve(2 * nodes);
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn schema_mut(&mut self) -> &mut Schema {
        &mut self.schema
    }

    #[inline]
    pub fn node_count(&self) -> usize {
        self.node_ids.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn node_indices(&self) -> impl ExactSizeIterator<Item = NodeIx> + use<> {
        (0..self.node_count()).map(NodeIx::new)
    }

    pub fn edge_indices(&self) -> impl ExactSizeIterator<Item = EdgeIx> + use<> {
        (0..self.edges.len()).map(EdgeIx::new)
    }

    pub fn intern(&mut self, text: &str) -> Sym {
        self.strings.get_or_intern(text)
    }

    /// Starts fetching where `text` is interned, for a bulk load about to
    /// add it.
    pub(crate) fn prefetch_string(&self, text: &str) {
        self.strings.prefetch(text);
    }

    pub fn text(&self, sym: Sym) -> &str {
        self.strings.resolve(sym)
    }

    /// The node with exactly this id: the string table's index, then the id
    /// table, whose answer is used only if that node's id is this symbol
    /// (so a damaged snapshot can make an id miss, and the caller fall back
    /// to the name index, but never answer another node).
    pub fn find_id(&self, id: &str) -> Option<NodeIx> {
        self.strings.get(id).and_then(|s| self.node_of_sym(s))
    }

    fn node_of_sym(&self, sym: Sym) -> Option<NodeIx> {
        let node = *self.node_of.get(sym.index())?;
        (node != NO_NODE && self.node_ids.get(node as usize) == Some(&(sym.index() as u32)))
            .then(|| NodeIx::new(node as usize))
    }

    /// Records `sym` as the id of `ix` in the id table.
    fn set_node_of(&mut self, sym: Sym, ix: Option<NodeIx>) {
        let table = self.node_of.to_mut();
        if table.len() <= sym.index() {
            table.resize(sym.index() + 1, NO_NODE);
        }
        table[sym.index()] = ix.map_or(NO_NODE, |ix| ix.index() as u32);
    }

    pub fn node(&self, ix: NodeIx) -> NodeRef<'_> {
        NodeRef { graph: self, ix }
    }

    pub fn edge(&self, ix: EdgeIx) -> EdgeRef<'_> {
        EdgeRef { graph: self, ix }
    }

    /// Edges leaving (`Outgoing`) or entering (`Incoming`) a node, newest
    /// first: the order node details, strategies and the shell list them in
    /// (searches walk the CSR in load order instead).
    pub fn edges(&self, ix: NodeIx, dir: Direction) -> impl Iterator<Item = EdgeIx> + '_ {
        let adjacency = self.adjacency();
        let csr = match dir {
            Direction::Outgoing => &adjacency.out,
            Direction::Incoming => &adjacency.inc,
        };
        csr.edges(ix.index() as u32)
            .iter()
            .rev()
            .map(|&e| EdgeIx::new(e as usize))
    }

    /// How many edges each predicate has, by predicate id: one pass over
    /// the weights (an unknown predicate in a snapshot read unchecked is
    /// recorded as damage).
    pub fn predicate_counts(&self) -> Vec<usize> {
        let known = self.schema.predicates().len();
        // Four tallies per pass, so consecutive edges of one predicate do
        // not wait on each other's increment; one unknown slot at the end;
        // a big graph is counted in two halves on two threads.
        let tally = |edges: &[Edge]| {
            let mut counts = vec![[0u32; 4]; known + 1];
            let mut quads = edges.chunks_exact(4);
            for quad in &mut quads {
                for (lane, edge) in quad.iter().enumerate() {
                    counts[(edge.predicate as usize).min(known)][lane] += 1;
                }
            }
            for edge in quads.remainder() {
                counts[(edge.predicate as usize).min(known)][0] += 1;
            }
            counts
                .iter()
                .map(|lanes| lanes.iter().map(|&c| c as usize).sum::<usize>())
                .collect::<Vec<usize>>()
        };
        let edges: &[Edge] = &self.edges;
        let counts = if edges.len() > 1_000_000 {
            let (first, second) = edges.split_at(edges.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| tally(second));
                let mut counts = tally(first);
                let other = other.join().expect("counting does not panic");
                for (count, more) in counts.iter_mut().zip(other) {
                    *count += more;
                }
                counts
            })
        } else {
            tally(edges)
        };
        if counts[known] > 0 {
            self.damage
                .record("an edge has an unknown predicate or properties");
        }
        counts[..known].to_vec()
    }

    /// Edges per predicate as a walk over every node's edges in `dir` meets
    /// them (nodes in index order, each node's edges newest first, as
    /// [`Graph::edges`] lists them): (predicate, first edge met, count), in
    /// the order predicates are first met. One pass over the edge arrays
    /// instead of a walk through the adjacency.
    pub fn edges_per_predicate(&self, dir: Direction) -> Vec<(PredicateId, EdgeIx, u64)> {
        let ends = match dir {
            Direction::Outgoing => &self.subjects,
            Direction::Incoming => &self.objects,
        };
        // Per predicate: count, and the first edge met (smallest end node,
        // then the newest edge of that node: edges come in index order, so
        // a later edge at the same node replaces the earlier one).
        let mut per: Vec<(u64, u32, u32)> = vec![(0, u32::MAX, 0); self.schema.predicates().len()];
        for (e, (edge, &end)) in self.edges.iter().zip(ends.iter()).enumerate() {
            let Some(slot) = per.get_mut(edge.predicate as usize) else {
                self.damage
                    .record("an edge has an unknown predicate or properties");
                continue;
            };
            slot.0 += 1;
            if end <= slot.1 {
                slot.1 = end;
                slot.2 = e as u32;
            }
        }
        let mut found: Vec<(PredicateId, EdgeIx, u64)> = Vec::new();
        let mut order: Vec<(u32, std::cmp::Reverse<u32>, usize)> = per
            .iter()
            .enumerate()
            .filter(|(_, p)| p.0 > 0)
            .map(|(i, p)| (p.1, std::cmp::Reverse(p.2), i))
            .collect();
        order.sort_unstable();
        for (_, std::cmp::Reverse(e), i) in order {
            found.push((PredicateId(i as u16), EdgeIx::new(e as usize), per[i].0));
        }
        found
    }

    /// The name index (normalised names and synonyms), built on first use so
    /// commands that never resolve a name never pay for it.
    pub fn names(&self) -> &NameIndex {
        self.names.get_or_init(|| NameIndex::build(self))
    }

    /// Whether the end points and both adjacency directions are read in
    /// place from a mapped snapshot (none copied).
    #[cfg(test)]
    pub(crate) fn read_in_place(&self) -> bool {
        let adjacency = self.adjacency();
        self.subjects.is_shared()
            && self.objects.is_shared()
            && self.edges.is_shared()
            && adjacency.out.is_shared()
            && adjacency.inc.is_shared()
            && self.node_ids.is_shared()
            && self.node_names.is_shared()
            && self.categories.is_shared()
            && self.node_slots.is_shared()
            && self.node_of.is_shared()
            && self.strings.is_shared()
    }

    #[cfg(test)]
    pub(crate) fn names_ready(&self) -> bool {
        self.names.get().is_some()
    }

    /// Nodes of one category, in index order; the index is built on first
    /// use (label scans in queries) and dropped when a node is added.
    pub fn nodes_of_category(&self, category: CategoryId) -> &[NodeIx] {
        let index = self.by_category.get_or_init(|| {
            let mut index = vec![Vec::new(); self.schema.categories().len()];
            for (i, &category) in self.categories.iter().enumerate() {
                if let Some(list) = index.get_mut(category as usize) {
                    list.push(NodeIx::new(i));
                }
            }
            index
        });
        index.get(category.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether `text` was ever interned (as a key, value, id or name): a
    /// cheap proof that no property uses it as a key.
    pub fn is_interned(&self, text: &str) -> bool {
        self.strings.get(text).is_some()
    }

    pub fn add_node(
        &mut self,
        category: CategoryId,
        new: NewNode<'_>,
    ) -> Result<NodeIx, GraphError> {
        self.settle();
        let id = self.intern(new.id);
        if self.node_of_sym(id).is_some() {
            return Err(GraphError::DuplicateId(new.id.to_owned()));
        }
        if self.node_count() >= u32::MAX as usize - 1 {
            return Err(GraphError::Full);
        }
        let name = self.intern(new.name);
        let synonyms: Box<[Sym]> = new.synonyms.iter().map(|s| self.intern(s)).collect();
        let props = self.intern_props(new.props);
        let ix = NodeIx::new(self.node_count());
        self.node_ids.push(id.index() as u32);
        self.node_names.push(name.index() as u32);
        self.categories.push(category.0);
        self.node_slots.push(NO_PROPS);
        self.set_extra(ix, NodeExtra { synonyms, props });
        self.set_node_of(id, Some(ix));
        self.changed();
        Ok(ix)
    }

    pub fn add_edge(
        &mut self,
        subject: NodeIx,
        predicate: PredicateId,
        object: NodeIx,
        props: Vec<(&str, NewValue)>,
    ) -> Result<EdgeIx, GraphError> {
        self.settle();
        if self.edges.len() >= u32::MAX as usize - 1 {
            return Err(GraphError::Full);
        }
        assert!(
            subject.index() < self.node_count() && object.index() < self.node_count(),
            "Graph::add_edge: node indices out of bounds"
        );
        let props = self.intern_props(props);
        let ix = EdgeIx::new(self.edges.len());
        self.push_edge(subject, predicate, object, props);
        self.changed();
        Ok(ix)
    }

    /// Replaces one property of a node (cross-reference files merged at load).
    pub fn set_node_prop(&mut self, ix: NodeIx, key: &str, value: NewValue) {
        self.settle();
        let key = self.intern(key);
        let value = self.intern_value(value);
        let mut extra = self.take_extra(ix);
        let mut entries: Vec<_> = std::mem::take(&mut extra.props).0.into_vec();
        entries.retain(|(k, _)| *k != key);
        entries.push((key, value));
        extra.props = Props::new(entries);
        self.set_extra(ix, extra);
        self.changed();
    }

    /// Adds synonyms to a node (cross-reference files merged at load).
    pub fn add_synonyms(&mut self, ix: NodeIx, synonyms: &[&str]) {
        self.settle();
        let added: Vec<Sym> = synonyms.iter().map(|s| self.intern(s)).collect();
        let mut extra = self.take_extra(ix);
        let mut all = std::mem::take(&mut extra.synonyms).into_vec();
        for sym in added {
            if !all.contains(&sym) {
                all.push(sym);
            }
        }
        extra.synonyms = all.into_boxed_slice();
        self.set_extra(ix, extra);
        self.changed();
    }

    /// Sets an edge property unless the edge already has one under `key`.
    pub fn default_edge_prop(&mut self, ix: EdgeIx, key: &str, value: NewValue) {
        self.settle();
        let key = self.intern(key);
        let Some(&edge) = self.edges.get(ix.index()) else {
            return;
        };
        if edge.props != NO_PROPS && edge.props as usize >= self.edge_props.len() {
            return;
        }
        if edge.props != NO_PROPS && self.edge_props[edge.props as usize].get(key).is_some() {
            return;
        }
        let value = self.intern_value(value);
        let mut entries = match edge.props {
            NO_PROPS => Vec::new(),
            i => std::mem::take(&mut self.edge_props[i as usize])
                .0
                .into_vec(),
        };
        entries.push((key, value));
        let props = Props::new(entries);
        match edge.props {
            NO_PROPS => {
                let slot = self.store_edge_props(props);
                self.edges.to_mut()[ix.index()].props = slot;
            }
            i => self.edge_props[i as usize] = props,
        }
    }

    /// A node's synonyms and properties (empty for most nodes).
    fn extra(&self, ix: NodeIx) -> &NodeExtra {
        static EMPTY: std::sync::LazyLock<NodeExtra> = std::sync::LazyLock::new(NodeExtra::default);
        self.node_slots
            .get(ix.index())
            .and_then(|&slot| self.node_extras.get(slot as usize))
            .unwrap_or(&EMPTY)
    }

    /// Takes a node's extras out to change them ([`Graph::set_extra`] puts
    /// them back).
    fn take_extra(&mut self, ix: NodeIx) -> NodeExtra {
        match self.node_slots[ix.index()] {
            NO_PROPS => NodeExtra::default(),
            slot => self
                .node_extras
                .get_mut(slot as usize)
                .map(std::mem::take)
                .unwrap_or_default(),
        }
    }

    /// Stores a node's extras, in its slot or a new one (none if empty).
    fn set_extra(&mut self, ix: NodeIx, extra: NodeExtra) {
        let slot = self.node_slots[ix.index()];
        match slot {
            NO_PROPS if extra == NodeExtra::default() => {}
            NO_PROPS => {
                self.node_extras.push(extra);
                self.node_slots.to_mut()[ix.index()] = (self.node_extras.len() - 1) as u32;
            }
            slot => {
                if let Some(stored) = self.node_extras.get_mut(slot as usize) {
                    *stored = extra;
                }
            }
        }
    }

    pub(crate) fn intern_props(&mut self, props: Vec<(&str, NewValue)>) -> Props {
        let entries = props
            .into_iter()
            .map(|(k, v)| (self.intern(k), self.intern_value(v)))
            .collect();
        Props::new(entries)
    }

    pub fn intern_value(&mut self, value: NewValue) -> PropValue {
        match value {
            NewValue::Str(s) => PropValue::Str(self.intern(&s)),
            NewValue::Int(i) => PropValue::Int(i),
            NewValue::Float(f) => PropValue::Float(f),
            NewValue::Bool(b) => PropValue::Bool(b),
            NewValue::Temporal(kind, text) => PropValue::Temporal(kind, self.intern(&text)),
            NewValue::List(items) => {
                PropValue::List(items.into_iter().map(|v| self.intern_value(v)).collect())
            }
        }
    }

    /// A value as text: lists joined with `|` as in the CSV files.
    pub fn value_text(&self, value: &PropValue) -> String {
        match value {
            PropValue::Str(s) => self.text(*s).to_owned(),
            PropValue::Int(i) => i.to_string(),
            PropValue::Float(f) => f.to_string(),
            PropValue::Bool(b) => b.to_string(),
            PropValue::Temporal(_, s) => self.text(*s).to_owned(),
            PropValue::List(items) => items
                .iter()
                .map(|v| self.value_text(v))
                .collect::<Vec<_>>()
                .join("|"),
        }
    }

    /// A value as JSON, keeping numbers and lists typed.
    pub fn value_json(&self, value: &PropValue) -> serde_json::Value {
        match value {
            PropValue::Str(s) => serde_json::Value::from(self.text(*s)),
            PropValue::Int(i) => serde_json::Value::from(*i),
            PropValue::Float(f) => serde_json::Value::from(*f),
            PropValue::Bool(b) => serde_json::Value::from(*b),
            PropValue::Temporal(_, s) => serde_json::Value::from(self.text(*s)),
            PropValue::List(items) => items.iter().map(|v| self.value_json(v)).collect(),
        }
    }

    /// The properties of an edge weight (empty for most edges of big graphs).
    fn edge_props(&self, edge: &Edge) -> &Props {
        static EMPTY: std::sync::LazyLock<Props> = std::sync::LazyLock::new(Props::default);
        self.edge_props.get(edge.props as usize).unwrap_or(&EMPTY)
    }

    /// The interned symbol of a property key, when any node or edge has it;
    /// a search resolves a key once, then reads it per edge by symbol.
    pub(crate) fn key_sym(&self, key: &str) -> Option<Sym> {
        self.strings.get(key)
    }

    /// An edge's property by the key's symbol ([`Graph::key_sym`]).
    pub(crate) fn edge_prop_sym(&self, edge: EdgeIx, key: Sym) -> Option<&PropValue> {
        self.edge_props(self.edge_data(edge.index())).get(key)
    }

    fn prop<'a>(&'a self, props: &'a Props, key: &str) -> Option<&'a PropValue> {
        self.strings.get(key).and_then(|k| props.get(k))
    }

    fn prop_iter<'a>(&'a self, props: &'a Props) -> impl Iterator<Item = (&'a str, &'a PropValue)> {
        props.0.iter().map(|(k, v)| (self.text(*k), v))
    }
}

/// A node of a graph, with accessors that resolve interned strings.
#[derive(Clone, Copy)]
pub struct NodeRef<'g> {
    graph: &'g Graph,
    ix: NodeIx,
}

impl<'g> NodeRef<'g> {
    fn data(&self) -> &'g NodeExtra {
        self.graph.extra(self.ix)
    }

    pub fn index(&self) -> NodeIx {
        self.ix
    }

    /// The symbol of the node's id.
    pub(crate) fn id_sym(&self) -> Sym {
        Sym::from_index(self.graph.node_ids[self.ix.index()])
    }

    pub fn id(&self) -> &'g str {
        self.graph.text(self.id_sym())
    }

    pub fn name(&self) -> &'g str {
        self.graph
            .text(Sym::from_index(self.graph.node_names[self.ix.index()]))
    }

    pub fn category_id(&self) -> CategoryId {
        CategoryId(self.graph.categories[self.ix.index()])
    }

    pub fn category(&self) -> &'g Category {
        self.graph.schema.category(self.category_id())
    }

    pub fn synonyms(&self) -> impl Iterator<Item = &'g str> + 'g {
        let graph = self.graph;
        self.data().synonyms.iter().map(move |s| graph.text(*s))
    }

    pub fn prop(&self, key: &str) -> Option<&'g PropValue> {
        self.graph.prop(&self.data().props, key)
    }

    /// A property as text (lists joined with `|`).
    pub fn prop_text(&self, key: &str) -> Option<String> {
        self.prop(key).map(|v| self.graph.value_text(v))
    }

    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g PropValue)> + 'g {
        self.graph.prop_iter(&self.data().props)
    }

    /// Name with category, as shown in paths and tables: `β2M [Gene]`.
    pub fn label(&self) -> String {
        format!("{} [{}]", self.name(), self.category().name)
    }
}

/// An edge of a graph, with accessors that resolve interned strings.
#[derive(Clone, Copy)]
pub struct EdgeRef<'g> {
    graph: &'g Graph,
    ix: EdgeIx,
}

impl<'g> EdgeRef<'g> {
    fn data(&self) -> &'g Edge {
        self.graph.edge_data(self.ix.index())
    }

    pub fn index(&self) -> EdgeIx {
        self.ix
    }

    pub fn subject(&self) -> NodeIx {
        self.graph.end(&self.graph.subjects, self.ix.index())
    }

    pub fn object(&self) -> NodeIx {
        self.graph.end(&self.graph.objects, self.ix.index())
    }

    pub fn predicate_id(&self) -> PredicateId {
        self.data().predicate()
    }

    pub fn predicate(&self) -> &'g Predicate {
        self.graph.schema.predicate(self.data().predicate())
    }

    pub fn prop(&self, key: &str) -> Option<&'g PropValue> {
        self.graph.prop(self.graph.edge_props(self.data()), key)
    }

    pub fn prop_text(&self, key: &str) -> Option<String> {
        self.prop(key).map(|v| self.graph.value_text(v))
    }

    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g PropValue)> + 'g {
        self.graph.prop_iter(self.graph.edge_props(self.data()))
    }

    /// How the edge reads when walked forwards (subject → object) or backwards.
    pub fn reading(&self, forward: bool) -> String {
        let predicate = self.predicate();
        if forward {
            predicate.reading()
        } else {
            predicate.inverse_reading()
        }
    }

    /// The node at the other end from `from`.
    pub fn other(&self, from: NodeIx) -> NodeIx {
        let (s, o) = (self.subject(), self.object());
        if s == from { o } else { s }
    }

    /// The review's reference numbers supporting this edge.
    pub fn refs(&self) -> Vec<i64> {
        match self.prop(keys::REFS) {
            Some(PropValue::Int(i)) => vec![*i],
            Some(PropValue::List(items)) => items
                .iter()
                .filter_map(|v| match v {
                    PropValue::Int(i) => Some(*i),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A list-valued property as strings (a single value is a one-item list).
    pub fn prop_list(&self, key: &str) -> Vec<&'g str> {
        list_texts(self.graph, self.prop(key))
    }
}

impl NodeRef<'_> {
    /// A list-valued property as strings (a single value is a one-item list).
    pub fn prop_list(&self, key: &str) -> Vec<&str> {
        list_texts(self.graph, self.prop(key))
    }
}

fn list_texts<'g>(graph: &'g Graph, value: Option<&'g PropValue>) -> Vec<&'g str> {
    match value {
        Some(PropValue::Str(s)) => vec![graph.text(*s)],
        Some(PropValue::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                PropValue::Str(s) => Some(graph.text(*s)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A graph of `n` nodes (`n0`, `n1`, …) of one category joined by edges of
/// one predicate, for unit tests of the walks.
#[cfg(test)]
pub(crate) fn test_graph(n: usize, edges: &[(usize, usize)]) -> Graph {
    let mut schema = Schema::open();
    let c = schema.category_or_add("C").unwrap();
    let p = schema.predicate_or_add("p").unwrap();
    let mut g = Graph::new(schema);
    for i in 0..n {
        let id = format!("n{i}");
        let node = NewNode {
            id: &id,
            name: &id,
            ..NewNode::default()
        };
        g.add_node(c, node).unwrap();
    }
    for &(a, b) in edges {
        g.add_edge(NodeIx::new(a), p, NodeIx::new(b), Vec::new())
            .unwrap();
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    #[test]
    fn nodes_and_edges_keep_their_properties() {
        let mut schema = Schema::open();
        let gene = schema.category_or_add("Gene").unwrap();
        let binds = schema.predicate_or_add("binds").unwrap();
        let mut g = Graph::new(schema);
        let a = g
            .add_node(
                gene,
                NewNode {
                    id: "ici:b2m",
                    name: "β2M",
                    synonyms: vec!["B2M"],
                    props: vec![("description", NewValue::Str("light chain".into()))],
                },
            )
            .unwrap();
        let b = g
            .add_node(
                gene,
                NewNode {
                    id: "ici:hla",
                    name: "HLA",
                    ..NewNode::default()
                },
            )
            .unwrap();
        let e = g
            .add_edge(
                a,
                binds,
                b,
                vec![(
                    "refs",
                    NewValue::List(vec![NewValue::Int(42), NewValue::Int(43)]),
                )],
            )
            .unwrap();
        assert_eq!(g.find_id("ici:b2m"), Some(a));
        assert_eq!(g.node(a).synonyms().collect::<Vec<_>>(), vec!["B2M"]);
        assert_eq!(
            g.node(a).prop_text("description").as_deref(),
            Some("light chain")
        );
        assert_eq!(g.edge(e).refs(), vec![42, 43]);
        assert_eq!(g.edge(e).object(), b);
        assert_eq!(g.edges(b, Direction::Incoming).collect::<Vec<_>>(), vec![e]);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut schema = Schema::open();
        let gene = schema.category_or_add("Gene").unwrap();
        let mut g = Graph::new(schema);
        let node = NewNode {
            id: "x",
            name: "x",
            ..NewNode::default()
        };
        g.add_node(gene, node.clone()).unwrap();
        assert_eq!(
            g.add_node(gene, node),
            Err(GraphError::DuplicateId("x".into()))
        );
    }
}
