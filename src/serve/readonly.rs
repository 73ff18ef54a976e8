//! A read-only view of the graph for Cypher: every read goes to the graph,
//! every write (`CREATE`, `MERGE`, `SET`, `REMOVE`, `DELETE`) is refused (and
//! remembered, so a server started with `--allow-writes` can run the
//! statement again under the write lock).

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use icigraph_engine::graph::{Graph, Renumbering};
use icigraph_engine::query::{Dir, GraphAccess, GraphMut, NodeId, RelId, TypeKey, Value};
use rustc_hash::FxHashSet;

/// What a refused write says.
pub const REFUSED: &str = "this server is read-only: CREATE, MERGE, SET, REMOVE and DELETE are refused (start `icigraph serve --allow-writes` to allow them)";

pub struct ReadOnly<'g> {
    graph: &'g Graph,
    keys: &'g KeyCache,
    refused: Cell<bool>,
}

/// The graph's property keys, which strict queries check names against.
/// Listing them walks every node and edge, so the server lists them once per
/// graph state instead of once per query: a `CREATE` or `DELETE` changes the
/// counts, and the server drops the list after any write.
#[derive(Default)]
pub struct KeyCache(Mutex<Option<Stamped>>);

/// Keys listed when the graph had this many nodes and edges.
struct Stamped {
    nodes: usize,
    edges: usize,
    keys: Arc<Vec<String>>,
}

impl KeyCache {
    pub fn keys(&self, graph: &Graph) -> Arc<Vec<String>> {
        let (nodes, edges) = (graph.node_count(), graph.edge_count());
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some(s) if s.nodes == nodes && s.edges == edges => Arc::clone(&s.keys),
            _ => {
                let keys = Arc::new(graph.property_keys());
                *cached = Some(Stamped {
                    nodes,
                    edges,
                    keys: Arc::clone(&keys),
                });
                keys
            }
        }
    }
}

impl KeyCache {
    /// Forgets the keys (after a write, which may add or remove some).
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl<'g> ReadOnly<'g> {
    pub fn new(graph: &'g Graph, keys: &'g KeyCache) -> ReadOnly<'g> {
        ReadOnly {
            graph,
            keys,
            refused: Cell::new(false),
        }
    }

    /// Whether the query tried to write. Nothing was written: the refused
    /// call is the first write a query makes, and it stops the query.
    pub fn refused(&self) -> bool {
        self.refused.get()
    }

    fn refuse<T>(&self) -> Result<T, String> {
        self.refused.set(true);
        Err(REFUSED.to_owned())
    }
}

impl GraphAccess for ReadOnly<'_> {
    fn node_count(&self) -> usize {
        GraphAccess::node_count(self.graph)
    }
    fn rel_count(&self) -> usize {
        self.graph.rel_count()
    }
    fn nodes_with_label(&self, label: &str) -> Vec<NodeId> {
        self.graph.nodes_with_label(label)
    }
    fn has_label(&self, node: NodeId, label: &str) -> bool {
        self.graph.has_label(node, label)
    }
    fn labels(&self, node: NodeId) -> Vec<String> {
        self.graph.labels(node)
    }
    fn node_key(&self, node: NodeId) -> String {
        self.graph.node_key(node)
    }
    fn node_property(&self, node: NodeId, key: &str) -> Value {
        self.graph.node_property(node, key)
    }
    fn node_str(&self, node: NodeId, key: &str) -> Option<&str> {
        self.graph.node_str(node, key)
    }
    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
        self.graph.node_properties(node)
    }
    fn nodes_by_property(&self, key: &str, value: &Value) -> Option<Vec<NodeId>> {
        self.graph.nodes_by_property(key, value)
    }
    fn type_key(&self, name: &str) -> Option<TypeKey> {
        self.graph.type_key(name)
    }
    fn rel_type(&self, rel: RelId) -> TypeKey {
        self.graph.rel_type(rel)
    }
    fn type_name(&self, key: TypeKey) -> &str {
        self.graph.type_name(key)
    }
    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId) {
        self.graph.endpoints(rel)
    }
    fn rel_property(&self, rel: RelId, key: &str) -> Value {
        self.graph.rel_property(rel, key)
    }
    fn rel_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
        self.graph.rel_properties(rel)
    }
    fn rels(&self, node: NodeId, dir: Dir) -> Box<dyn Iterator<Item = (RelId, NodeId)> + '_> {
        self.graph.rels(node, dir)
    }
    // The store's shortcuts, which the defaults would answer by walking.
    fn degree(&self, node: NodeId, dir: Dir) -> usize {
        self.graph.degree(node, dir)
    }
    fn rels_per_type(&self, dir: Dir) -> Option<Vec<(TypeKey, RelId, u64)>> {
        self.graph.rels_per_type(dir)
    }
    fn neighbour_slice(&self, node: NodeId, dir: Dir) -> Option<&[u32]> {
        self.graph.neighbour_slice(node, dir)
    }
    fn label_partition(&self) -> Option<Vec<u32>> {
        self.graph.label_partition()
    }
    fn property_names_nodes(&self, key: &str) -> bool {
        self.graph.property_names_nodes(key)
    }
    fn resolve_name(&self, name: &str) -> Result<NodeId, String> {
        self.graph.resolve_name(name)
    }
    fn label_names(&self) -> Vec<String> {
        self.graph.label_names()
    }
    fn type_names(&self) -> Vec<String> {
        self.graph.type_names()
    }
    fn property_keys(&self) -> Vec<String> {
        self.keys.keys(self.graph).to_vec()
    }
}

impl GraphMut for ReadOnly<'_> {
    fn create_node(
        &mut self,
        _labels: &[String],
        _props: &BTreeMap<String, Value>,
    ) -> Result<NodeId, String> {
        self.refuse()
    }

    fn create_rel(
        &mut self,
        _from: NodeId,
        _rel_type: &str,
        _to: NodeId,
        _props: &BTreeMap<String, Value>,
    ) -> Result<RelId, String> {
        self.refuse()
    }

    fn set_node_property(
        &mut self,
        _node: NodeId,
        _key: &str,
        _value: &Value,
    ) -> Result<(), String> {
        self.refuse()
    }

    fn set_rel_property(&mut self, _rel: RelId, _key: &str, _value: &Value) -> Result<(), String> {
        self.refuse()
    }

    fn set_label(&mut self, _node: NodeId, _label: &str, _present: bool) -> Result<bool, String> {
        self.refuse()
    }

    fn delete(
        &mut self,
        _nodes: &FxHashSet<NodeId>,
        _rels: &FxHashSet<RelId>,
    ) -> Result<Renumbering, String> {
        self.refuse()
    }
}
