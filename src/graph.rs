//! The property graph: a petgraph `DiGraph` whose node and edge weights are
//! small structs of interned strings, with an id index and a lazily built name
//! index.
//!
//! `DiGraph` (not `StableGraph`) because nodes and edges are only ever added,
//! never removed: indices stay dense `u32`s, which keeps adjacency compact and
//! lets every algorithm use plain vectors indexed by node.

use std::sync::OnceLock;

use lasso::{Rodeo, Spur};
use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef as _;
use rustc_hash::FxHashMap;

use crate::resolve::NameIndex;
use crate::schema::{Category, CategoryId, Predicate, PredicateId, Schema};

/// An interned string.
pub type Sym = Spur;
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
}

/// A property value. CSV cells are text; `|`-separated cells are lists and
/// reference numbers are integers, so queries can compare them as such.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(Sym),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Box<[Value]>),
}

/// Properties sorted by key; most nodes and edges have only a handful.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Props(Box<[(Sym, Value)]>);

impl Props {
    fn new(mut entries: Vec<(Sym, Value)>) -> Props {
        entries.sort_by_key(|(k, _)| *k);
        entries.dedup_by_key(|(k, _)| *k);
        Props(entries.into_boxed_slice())
    }

    fn get(&self, key: Sym) -> Option<&Value> {
        self.0
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| &self.0[i].1)
    }
}

#[derive(Clone, Debug)]
pub struct Node {
    id: Sym,
    category: CategoryId,
    name: Sym,
    synonyms: Box<[Sym]>,
    props: Props,
}

#[derive(Clone, Debug)]
pub struct Edge {
    predicate: PredicateId,
    props: Props,
}

impl Edge {
    pub fn predicate(&self) -> PredicateId {
        self.predicate
    }
}

impl Node {
    pub fn category(&self) -> CategoryId {
        self.category
    }
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
    graph: DiGraph<Node, Edge, u32>,
    strings: Rodeo,
    ids: FxHashMap<Sym, NodeIx>,
    names: OnceLock<NameIndex>,
    by_category: OnceLock<Vec<Vec<NodeIx>>>,
}

impl Graph {
    pub fn new(schema: Schema) -> Graph {
        Graph {
            schema,
            graph: DiGraph::default(),
            strings: Rodeo::default(),
            ids: FxHashMap::default(),
            names: OnceLock::new(),
            by_category: OnceLock::new(),
        }
    }

    /// Reserves room for a known number of nodes and edges (bulk loads).
    pub fn reserve(&mut self, nodes: usize, edges: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(edges);
        self.ids.reserve(nodes);
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn schema_mut(&mut self) -> &mut Schema {
        &mut self.schema
    }

    /// The underlying petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &DiGraph<Node, Edge, u32> {
        &self.graph
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn node_indices(&self) -> impl ExactSizeIterator<Item = NodeIx> + '_ {
        self.graph.node_indices()
    }

    pub fn edge_indices(&self) -> impl ExactSizeIterator<Item = EdgeIx> + '_ {
        self.graph.edge_indices()
    }

    pub fn intern(&mut self, text: &str) -> Sym {
        self.strings.get_or_intern(text)
    }

    pub fn text(&self, sym: Sym) -> &str {
        self.strings.resolve(&sym)
    }

    /// The node with exactly this id.
    pub fn find_id(&self, id: &str) -> Option<NodeIx> {
        self.strings.get(id).and_then(|s| self.ids.get(&s).copied())
    }

    pub fn node(&self, ix: NodeIx) -> NodeRef<'_> {
        NodeRef { graph: self, ix }
    }

    pub fn edge(&self, ix: EdgeIx) -> EdgeRef<'_> {
        EdgeRef { graph: self, ix }
    }

    /// Edges leaving (`Outgoing`) or entering (`Incoming`) a node.
    pub fn edges(&self, ix: NodeIx, dir: Direction) -> impl Iterator<Item = EdgeIx> + '_ {
        self.graph.edges_directed(ix, dir).map(|e| e.id())
    }

    /// The name index (normalised names and synonyms), built on first use so
    /// commands that never resolve a name never pay for it.
    pub fn names(&self) -> &NameIndex {
        self.names.get_or_init(|| NameIndex::build(self))
    }

    /// Nodes of one category, in index order; the index is built on first
    /// use (label scans in queries) and dropped when a node is added.
    pub fn nodes_of_category(&self, category: CategoryId) -> &[NodeIx] {
        let index = self.by_category.get_or_init(|| {
            let mut index = vec![Vec::new(); self.schema.categories().len()];
            for ix in self.graph.node_indices() {
                if let Some(list) = index.get_mut(self.graph[ix].category.0 as usize) {
                    list.push(ix);
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
        let id = self.intern(new.id);
        if self.ids.contains_key(&id) {
            return Err(GraphError::DuplicateId(new.id.to_owned()));
        }
        if self.graph.node_count() >= u32::MAX as usize - 1 {
            return Err(GraphError::Full);
        }
        let name = self.intern(new.name);
        let synonyms = new.synonyms.iter().map(|s| self.intern(s)).collect();
        let props = self.intern_props(new.props);
        let ix = self.graph.add_node(Node {
            id,
            category,
            name,
            synonyms,
            props,
        });
        self.ids.insert(id, ix);
        self.names.take();
        self.by_category.take();
        Ok(ix)
    }

    pub fn add_edge(
        &mut self,
        subject: NodeIx,
        predicate: PredicateId,
        object: NodeIx,
        props: Vec<(&str, NewValue)>,
    ) -> Result<EdgeIx, GraphError> {
        if self.graph.edge_count() >= u32::MAX as usize - 1 {
            return Err(GraphError::Full);
        }
        let props = self.intern_props(props);
        Ok(self
            .graph
            .add_edge(subject, object, Edge { predicate, props }))
    }

    /// Replaces one property of a node (used by query `CREATE`/`SET`).
    pub fn set_node_prop(&mut self, ix: NodeIx, key: &str, value: NewValue) {
        let key = self.intern(key);
        let value = self.intern_value(value);
        let node = &mut self.graph[ix];
        let mut entries: Vec<_> = std::mem::take(&mut node.props).0.into_vec();
        entries.retain(|(k, _)| *k != key);
        entries.push((key, value));
        node.props = Props::new(entries);
    }

    fn intern_props(&mut self, props: Vec<(&str, NewValue)>) -> Props {
        let entries = props
            .into_iter()
            .map(|(k, v)| (self.intern(k), self.intern_value(v)))
            .collect();
        Props::new(entries)
    }

    pub fn intern_value(&mut self, value: NewValue) -> Value {
        match value {
            NewValue::Str(s) => Value::Str(self.intern(&s)),
            NewValue::Int(i) => Value::Int(i),
            NewValue::Float(f) => Value::Float(f),
            NewValue::Bool(b) => Value::Bool(b),
            NewValue::List(items) => {
                Value::List(items.into_iter().map(|v| self.intern_value(v)).collect())
            }
        }
    }

    /// A value as text: lists joined with `|` as in the CSV files.
    pub fn value_text(&self, value: &Value) -> String {
        match value {
            Value::Str(s) => self.text(*s).to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items
                .iter()
                .map(|v| self.value_text(v))
                .collect::<Vec<_>>()
                .join("|"),
        }
    }

    /// A value as JSON, keeping numbers and lists typed.
    pub fn value_json(&self, value: &Value) -> serde_json::Value {
        match value {
            Value::Str(s) => serde_json::Value::from(self.text(*s)),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Value::from(*f),
            Value::Bool(b) => serde_json::Value::from(*b),
            Value::List(items) => items.iter().map(|v| self.value_json(v)).collect(),
        }
    }

    fn prop<'a>(&'a self, props: &'a Props, key: &str) -> Option<&'a Value> {
        self.strings.get(key).and_then(|k| props.get(k))
    }

    fn prop_iter<'a>(&'a self, props: &'a Props) -> impl Iterator<Item = (&'a str, &'a Value)> {
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
    fn data(&self) -> &'g Node {
        &self.graph.graph[self.ix]
    }

    pub fn index(&self) -> NodeIx {
        self.ix
    }

    pub fn id(&self) -> &'g str {
        self.graph.text(self.data().id)
    }

    pub fn name(&self) -> &'g str {
        self.graph.text(self.data().name)
    }

    pub fn category_id(&self) -> CategoryId {
        self.data().category
    }

    pub fn category(&self) -> &'g Category {
        self.graph.schema.category(self.data().category)
    }

    pub fn synonyms(&self) -> impl Iterator<Item = &'g str> + 'g {
        let graph = self.graph;
        self.data().synonyms.iter().map(move |s| graph.text(*s))
    }

    pub fn prop(&self, key: &str) -> Option<&'g Value> {
        self.graph.prop(&self.data().props, key)
    }

    /// A property as text (lists joined with `|`).
    pub fn prop_text(&self, key: &str) -> Option<String> {
        self.prop(key).map(|v| self.graph.value_text(v))
    }

    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g Value)> + 'g {
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
        &self.graph.graph[self.ix]
    }

    pub fn index(&self) -> EdgeIx {
        self.ix
    }

    pub fn subject(&self) -> NodeIx {
        self.graph
            .graph
            .edge_endpoints(self.ix)
            .expect("edge exists")
            .0
    }

    pub fn object(&self) -> NodeIx {
        self.graph
            .graph
            .edge_endpoints(self.ix)
            .expect("edge exists")
            .1
    }

    pub fn predicate_id(&self) -> PredicateId {
        self.data().predicate
    }

    pub fn predicate(&self) -> &'g Predicate {
        self.graph.schema.predicate(self.data().predicate)
    }

    pub fn prop(&self, key: &str) -> Option<&'g Value> {
        self.graph.prop(&self.data().props, key)
    }

    pub fn prop_text(&self, key: &str) -> Option<String> {
        self.prop(key).map(|v| self.graph.value_text(v))
    }

    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g Value)> + 'g {
        self.graph.prop_iter(&self.data().props)
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
        let (s, o) = self
            .graph
            .graph
            .edge_endpoints(self.ix)
            .expect("edge exists");
        if s == from { o } else { s }
    }

    /// The review's reference numbers supporting this edge.
    pub fn refs(&self) -> Vec<i64> {
        match self.prop(keys::REFS) {
            Some(Value::Int(i)) => vec![*i],
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::Int(i) => Some(*i),
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

fn list_texts<'g>(graph: &'g Graph, value: Option<&'g Value>) -> Vec<&'g str> {
    match value {
        Some(Value::Str(s)) => vec![graph.text(*s)],
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Str(s) => Some(graph.text(*s)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
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
