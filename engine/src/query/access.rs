//! The narrow interface the engine reads and writes a graph through, so the
//! executor does not depend on how the graph is stored, and its
//! implementation for the foundation [`Graph`].
//!
//! Mapping: labels are categories, relationship types are predicates,
//! properties are the CSV columns, and every node also shows its `id`, `name`
//! and `synonyms` as properties. The store keeps one category per node, so
//! nodes created with several labels keep the others in the reserved list
//! property [`EXTRA_LABELS`]; nodes created without a label get the reserved
//! empty category. Nodes created by a query get a hidden generated id
//! (`_:N`) unless they are given a string `id`.

use std::any::Any;
use std::collections::BTreeMap;

use petgraph::Direction;
use rustc_hash::FxHashSet;

use super::value::{NodeId, RelId, Value};
use crate::graph::{self, EdgeIx, Graph, NewNode, NewValue, NodeIx, Renumbering};
use crate::schema::{Category, CategoryId};

/// Reserved node property holding the labels after the first.
pub const EXTRA_LABELS: &str = ":labels";

/// Prefix of generated node ids, which are not shown as the `id` property.
pub const GENERATED_ID: &str = "_:";

/// Which way to walk relationships from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Out,
    In,
}

/// A relationship type as the graph numbers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TypeKey(pub u32);

/// Read access to a property graph.
pub trait GraphAccess {
    fn node_count(&self) -> usize;
    fn rel_count(&self) -> usize;
    /// Nodes carrying `label`, in id order.
    fn nodes_with_label(&self, label: &str) -> Vec<NodeId>;
    fn has_label(&self, node: NodeId, label: &str) -> bool;
    fn labels(&self, node: NodeId) -> Vec<String>;
    /// The node's stable identifier, shown in JSON output.
    fn node_key(&self, node: NodeId) -> String;
    /// A node property; null when absent.
    fn node_property(&self, node: NodeId, key: &str) -> Value;
    /// The node property `key` when it is a string the store can lend
    /// without copying (string filters over many nodes read it in place);
    /// `None` otherwise, and callers then read [`GraphAccess::node_property`].
    fn node_str(&self, node: NodeId, key: &str) -> Option<&str> {
        let _ = (node, key);
        None
    }
    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value>;
    /// Nodes whose property `key` equals `value`, when an index answers that;
    /// `None` means the caller must scan.
    fn nodes_by_property(&self, key: &str, value: &Value) -> Option<Vec<NodeId>>;
    fn type_key(&self, name: &str) -> Option<TypeKey>;
    fn rel_type(&self, rel: RelId) -> TypeKey;
    fn type_name(&self, key: TypeKey) -> &str;
    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId);
    fn rel_property(&self, rel: RelId, key: &str) -> Value;
    fn rel_properties(&self, rel: RelId) -> BTreeMap<String, Value>;
    /// Relationships leaving (`Out`) or entering (`In`) a node, with the node
    /// at the other end.
    fn rels(&self, node: NodeId, dir: Dir) -> Box<dyn Iterator<Item = (RelId, NodeId)> + '_>;
    /// How many relationships `rels(node, dir)` lists.
    fn degree(&self, node: NodeId, dir: Dir) -> usize {
        self.rels(node, dir).count()
    }
    /// The other end of every relationship `rels(node, dir)` lists, as one
    /// slice of the store's arrays that `rels` reads from its end; `None`
    /// when the store keeps no such slice (callers then walk `rels`).
    fn neighbour_slice(&self, node: NodeId, dir: Dir) -> Option<&[u32]> {
        let _ = (node, dir);
        None
    }
    /// Relationships per type in the order a walk over every node's
    /// `rels(node, dir)` (nodes in id order) meets them: (type, first
    /// relationship met, how many). `None` when the store cannot read this
    /// off its arrays; callers then walk.
    fn rels_per_type(&self, dir: Dir) -> Option<Vec<(TypeKey, RelId, u64)>> {
        let _ = dir;
        None
    }
    /// A group number per node id such that nodes share a group only when
    /// their labels are the same, when the store knows it without building
    /// label lists; `None`: callers compare [`GraphAccess::labels`].
    fn label_partition(&self) -> Option<Vec<u32>> {
        None
    }
    /// Whether property `key` holds a distinct, non-null value on every
    /// node, so grouping by it is grouping by node; `false` when the store
    /// cannot tell cheaply.
    fn property_names_nodes(&self, key: &str) -> bool {
        let _ = key;
        false
    }
    /// Vocabulary for "did you mean" suggestions.
    fn label_names(&self) -> Vec<String>;
    fn type_names(&self) -> Vec<String>;
    fn property_keys(&self) -> Vec<String>;
    /// The node a forgiving name finds (`resolve('NSCLC')`): its id, name or
    /// a synonym, as the command line resolves names; the message says why
    /// not (unknown with suggestions, or ambiguous with candidates).
    fn resolve_name(&self, name: &str) -> std::result::Result<NodeId, String> {
        let _ = name;
        Err("this graph resolves no names".into())
    }
    /// Whether a node is still there (false once a statement deleted it,
    /// until the delete is applied at the statement's end).
    fn node_live(&self, node: NodeId) -> bool {
        let _ = node;
        true
    }
    /// Whether a relationship is still there (as [`GraphAccess::node_live`]).
    fn rel_live(&self, rel: RelId) -> bool {
        let _ = rel;
        true
    }
    /// Fails when `value` is a node or relationship the statement deleted:
    /// its properties and labels are gone (Neo4j's DeletedEntityAccess).
    fn check_live(&self, value: &Value) -> Result<(), String> {
        let gone = match value {
            Value::Node(n) => !self.node_live(*n),
            Value::Rel(r) => !self.rel_live(*r),
            _ => false,
        };
        if gone {
            Err(format!(
                "this {} was deleted by this statement; read what you need before DELETE",
                value.type_name()
            ))
        } else {
            Ok(())
        }
    }
}

/// What a graph that cannot be changed says to a write.
pub const READ_ONLY: &str = "this graph cannot be changed";

/// Write access, for `CREATE`, `MERGE`, `SET`, `REMOVE` and `DELETE`.
pub trait GraphMut: GraphAccess {
    fn create_node(
        &mut self,
        labels: &[String],
        props: &BTreeMap<String, Value>,
    ) -> Result<NodeId, String>;
    fn create_rel(
        &mut self,
        from: NodeId,
        rel_type: &str,
        to: NodeId,
        props: &BTreeMap<String, Value>,
    ) -> Result<RelId, String>;
    /// Sets a node property; null removes it.
    fn set_node_property(&mut self, node: NodeId, key: &str, value: &Value) -> Result<(), String> {
        let _ = (node, key, value);
        Err(READ_ONLY.into())
    }
    /// Sets a relationship property; null removes it.
    fn set_rel_property(&mut self, rel: RelId, key: &str, value: &Value) -> Result<(), String> {
        let _ = (rel, key, value);
        Err(READ_ONLY.into())
    }
    /// Adds (`present`) or removes a label; whether the node changed.
    fn set_label(&mut self, node: NodeId, label: &str, present: bool) -> Result<bool, String> {
        let _ = (node, label, present);
        Err(READ_ONLY.into())
    }
    /// Deletes nodes (with every relationship touching them) and
    /// relationships; the survivors are renumbered.
    fn delete(
        &mut self,
        nodes: &FxHashSet<NodeId>,
        rels: &FxHashSet<RelId>,
    ) -> Result<Renumbering, String> {
        let _ = (nodes, rels);
        Err(READ_ONLY.into())
    }
    /// A copy to restore if the statement fails (`None`: nothing to keep).
    fn savepoint(&self) -> Option<Box<dyn Any>> {
        None
    }
    /// Restores a copy [`GraphMut::savepoint`] made.
    fn rollback(&mut self, saved: Box<dyn Any>) {
        let _ = saved;
    }
}

fn nix(node: NodeId) -> NodeIx {
    NodeIx::new(node.0 as usize)
}

fn eix(rel: RelId) -> EdgeIx {
    EdgeIx::new(rel.0 as usize)
}

fn nid(ix: NodeIx) -> NodeId {
    NodeId(ix.index() as u32)
}

/// A stored value as a query value.
pub fn from_graph(graph: &Graph, value: &graph::PropValue) -> Value {
    match value {
        graph::PropValue::Str(s) => Value::str(graph.text(*s)),
        graph::PropValue::Int(i) => Value::Int(*i),
        graph::PropValue::Float(f) => Value::Float(*f),
        graph::PropValue::Bool(b) => Value::Bool(*b),
        graph::PropValue::List(items) => {
            Value::list(items.iter().map(|v| from_graph(graph, v)).collect())
        }
        graph::PropValue::Temporal(kind, s) => super::temporal::from_stored(*kind, graph.text(*s)),
    }
}

/// A query value as a storable one; maps, nulls and graph elements are not
/// property values.
fn to_graph(value: &Value) -> Result<NewValue, String> {
    Ok(match value {
        Value::Bool(b) => NewValue::Bool(*b),
        Value::Int(i) => NewValue::Int(*i),
        Value::Float(f) => NewValue::Float(*f),
        Value::Str(s) => NewValue::Str(s.to_string()),
        Value::List(items) => NewValue::List(items.iter().map(to_graph).collect::<Result<_, _>>()?),
        Value::Temporal(t) => NewValue::Temporal(t.stored_kind(), t.to_string()),
        other => {
            return Err(format!(
                "a {} cannot be stored as a property",
                other.type_name()
            ));
        }
    })
}

fn extra_labels(graph: &Graph, ix: NodeIx) -> Vec<&str> {
    match graph.node(ix).prop(EXTRA_LABELS) {
        Some(graph::PropValue::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                graph::PropValue::Str(s) => Some(graph.text(*s)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl GraphAccess for Graph {
    fn resolve_name(&self, name: &str) -> std::result::Result<NodeId, String> {
        self.resolve(name).map(nid).map_err(|e| e.to_string())
    }

    fn node_count(&self) -> usize {
        Graph::node_count(self)
    }

    fn rel_count(&self) -> usize {
        self.edge_count()
    }

    fn nodes_with_label(&self, label: &str) -> Vec<NodeId> {
        let mut nodes: Vec<NodeId> = match self.schema().category_id(label) {
            Some(c) if !label.is_empty() => self
                .nodes_of_category(c)
                .iter()
                .map(|&ix| nid(ix))
                .collect(),
            _ => Vec::new(),
        };
        if self.is_interned(EXTRA_LABELS) {
            nodes.extend(
                self.node_indices()
                    .filter(|&ix| extra_labels(self, ix).contains(&label))
                    .map(nid),
            );
            nodes.sort_unstable();
        }
        nodes
    }

    fn has_label(&self, node: NodeId, label: &str) -> bool {
        let n = self.node(nix(node));
        (!label.is_empty() && n.category().name == label)
            || (self.is_interned(EXTRA_LABELS) && extra_labels(self, nix(node)).contains(&label))
    }

    fn labels(&self, node: NodeId) -> Vec<String> {
        let n = self.node(nix(node));
        let first = &n.category().name;
        let mut labels = Vec::new();
        if !first.is_empty() {
            labels.push(first.clone());
        }
        labels.extend(extra_labels(self, nix(node)).into_iter().map(str::to_owned));
        labels
    }

    /// Store ids are unique; `id` names every node unless a node lacks one
    /// of its own or carries an `id` property beside it.
    fn property_names_nodes(&self, key: &str) -> bool {
        key == "id"
            && self.node_indices().all(|ix| {
                let n = self.node(ix);
                !n.id().starts_with(GENERATED_ID) && n.prop("id").is_none()
            })
    }

    fn node_key(&self, node: NodeId) -> String {
        self.node(nix(node)).id().to_owned()
    }

    fn node_str(&self, node: NodeId, key: &str) -> Option<&str> {
        let n = self.node(nix(node));
        match n.prop(key) {
            Some(graph::PropValue::Str(s)) => Some(self.text(*s)),
            Some(_) => None,
            None => match key {
                "id" if !n.id().starts_with(GENERATED_ID) => Some(n.id()),
                "name" if !n.name().is_empty() => Some(n.name()),
                _ => None,
            },
        }
    }

    fn node_property(&self, node: NodeId, key: &str) -> Value {
        let n = self.node(nix(node));
        if let Some(v) = n.prop(key) {
            return from_graph(self, v);
        }
        match key {
            "id" if !n.id().starts_with(GENERATED_ID) => Value::str(n.id()),
            "name" if !n.name().is_empty() => Value::str(n.name()),
            "synonyms" => {
                let synonyms: Vec<Value> = n.synonyms().map(Value::str).collect();
                if synonyms.is_empty() {
                    Value::Null
                } else {
                    Value::list(synonyms)
                }
            }
            _ => Value::Null,
        }
    }

    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
        let n = self.node(nix(node));
        let mut map = BTreeMap::new();
        for key in ["id", "name", "synonyms"] {
            let v = self.node_property(node, key);
            if !v.is_null() {
                map.insert(key.to_owned(), v);
            }
        }
        for (k, v) in n.props() {
            if k != EXTRA_LABELS {
                map.insert(k.to_owned(), from_graph(self, v));
            }
        }
        map
    }

    fn nodes_by_property(&self, key: &str, value: &Value) -> Option<Vec<NodeId>> {
        let Value::Str(text) = value else {
            return None;
        };
        match key {
            "id" => Some(
                self.find_id(text)
                    .filter(|&ix| self.node_property(nid(ix), "id").equals(value) == Some(true))
                    .map(nid)
                    .into_iter()
                    .collect(),
            ),
            "name" => {
                let mut nodes: Vec<NodeId> = self
                    .names()
                    .lookup(text)
                    .into_iter()
                    .filter(|&ix| self.node_property(nid(ix), "name").equals(value) == Some(true))
                    .map(nid)
                    .collect();
                nodes.sort_unstable();
                Some(nodes)
            }
            _ => None,
        }
    }

    fn type_key(&self, name: &str) -> Option<TypeKey> {
        self.schema()
            .predicate_id(name)
            .map(|p| TypeKey(u32::from(p.0)))
    }

    fn rel_type(&self, rel: RelId) -> TypeKey {
        TypeKey(u32::from(self.edge(eix(rel)).predicate_id().0))
    }

    fn type_name(&self, key: TypeKey) -> &str {
        &self
            .schema()
            .predicate(crate::schema::PredicateId(key.0 as u16))
            .name
    }

    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId) {
        let e = self.edge(eix(rel));
        (nid(e.subject()), nid(e.object()))
    }

    fn rel_property(&self, rel: RelId, key: &str) -> Value {
        self.edge(eix(rel))
            .prop(key)
            .map_or(Value::Null, |v| from_graph(self, v))
    }

    fn rel_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
        self.edge(eix(rel))
            .props()
            .map(|(k, v)| (k.to_owned(), from_graph(self, v)))
            .collect()
    }

    fn rels(&self, node: NodeId, dir: Dir) -> Box<dyn Iterator<Item = (RelId, NodeId)> + '_> {
        // Graph::edges lists edges in petgraph's order from the CSR index,
        // without building the petgraph copy of a large graph.
        let direction = match dir {
            Dir::Out => Direction::Outgoing,
            Dir::In => Direction::Incoming,
        };
        Box::new(self.edges(nix(node), direction).map(move |e| {
            let edge = self.edge(e);
            let other = match dir {
                Dir::Out => edge.object(),
                Dir::In => edge.subject(),
            };
            (RelId(e.index() as u32), nid(other))
        }))
    }

    fn degree(&self, node: NodeId, dir: Dir) -> usize {
        let adjacency = self.adjacency();
        let csr = match dir {
            Dir::Out => &adjacency.out,
            Dir::In => &adjacency.inc,
        };
        csr.degree(node.0)
    }

    fn neighbour_slice(&self, node: NodeId, dir: Dir) -> Option<&[u32]> {
        let adjacency = self.adjacency();
        let csr = match dir {
            Dir::Out => &adjacency.out,
            Dir::In => &adjacency.inc,
        };
        Some(csr.targets(node.0))
    }

    fn rels_per_type(&self, dir: Dir) -> Option<Vec<(TypeKey, RelId, u64)>> {
        let direction = match dir {
            Dir::Out => Direction::Outgoing,
            Dir::In => Direction::Incoming,
        };
        Some(
            self.edges_per_predicate(direction)
                .into_iter()
                .map(|(p, e, n)| (TypeKey(u32::from(p.0)), RelId(e.index() as u32), n))
                .collect(),
        )
    }

    fn label_partition(&self) -> Option<Vec<u32>> {
        // One category per node unless a query gave some node more labels.
        if self.is_interned(EXTRA_LABELS) {
            return None;
        }
        Some(
            self.node_categories()
                .iter()
                .map(|&c| u32::from(c))
                .collect(),
        )
    }

    fn label_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .schema()
            .categories()
            .iter()
            .filter(|c| !c.name.is_empty())
            .map(|c| c.name.clone())
            .collect();
        if self.is_interned(EXTRA_LABELS) {
            for ix in self.node_indices() {
                names.extend(extra_labels(self, ix).into_iter().map(str::to_owned));
            }
            names.sort();
            names.dedup();
        }
        names
    }

    fn type_names(&self) -> Vec<String> {
        self.schema()
            .predicates()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    fn property_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = vec!["id".into(), "name".into(), "synonyms".into()];
        for ix in self.node_indices() {
            keys.extend(self.node(ix).props().map(|(k, _)| k.to_owned()));
        }
        for e in self.edge_indices() {
            keys.extend(self.edge(e).props().map(|(k, _)| k.to_owned()));
        }
        keys.retain(|k| k != EXTRA_LABELS);
        keys.sort();
        keys.dedup();
        keys
    }
}

impl GraphMut for Graph {
    fn create_node(
        &mut self,
        labels: &[String],
        props: &BTreeMap<String, Value>,
    ) -> Result<NodeId, String> {
        let category = match labels.first() {
            Some(first) => self.label_category(first)?,
            None => self.unlabelled_category()?,
        };
        for extra in labels.iter().skip(1) {
            if !self.schema().is_open() {
                self.label_category(extra)?;
            }
        }
        let mut rest = Vec::new();
        let mut id = None;
        let mut name = String::new();
        for (k, v) in props {
            match (k.as_str(), v) {
                (_, Value::Null) => {}
                ("id", Value::Str(s)) if self.find_id(s).is_none() => id = Some(s.to_string()),
                ("name", Value::Str(s)) if !s.is_empty() => name = s.to_string(),
                _ => rest.push((k.as_str(), to_graph(v)?)),
            }
        }
        let mut extra: Vec<NewValue> = Vec::new();
        for label in labels.iter().skip(1) {
            let item = NewValue::Str(label.clone());
            if !extra.contains(&item) && labels.first() != Some(label) {
                extra.push(item);
            }
        }
        if !extra.is_empty() {
            rest.push((EXTRA_LABELS, NewValue::List(extra)));
        }
        let id = id.unwrap_or_else(|| self.fresh_id());
        let ix = self
            .add_node(
                category,
                NewNode {
                    id: &id,
                    name: &name,
                    synonyms: Vec::new(),
                    props: rest,
                },
            )
            .map_err(|e| e.to_string())?;
        Ok(nid(ix))
    }

    fn create_rel(
        &mut self,
        from: NodeId,
        rel_type: &str,
        to: NodeId,
        props: &BTreeMap<String, Value>,
    ) -> Result<RelId, String> {
        let Some(predicate) = self.schema_mut().predicate_or_add(rel_type) else {
            let mut message = format!("unknown relationship type {rel_type}");
            suggestion(&mut message, self.schema().suggest_predicate(rel_type));
            return Err(message);
        };
        let mut stored = Vec::new();
        for (k, v) in props {
            if !v.is_null() {
                stored.push((k.as_str(), to_graph(v)?));
            }
        }
        let e = self
            .add_edge(nix(from), predicate, nix(to), stored)
            .map_err(|e| e.to_string())?;
        Ok(RelId(e.index() as u32))
    }

    fn set_node_property(&mut self, node: NodeId, key: &str, value: &Value) -> Result<(), String> {
        let ix = nix(node);
        let mut stored = if value.is_null() {
            None
        } else {
            Some(to_graph(value)?)
        };
        // `id`, `name` and `synonyms` are fields of the store; a value that
        // fits the field goes there, anything else becomes a plain property.
        match key {
            EXTRA_LABELS => return Err(format!("`{EXTRA_LABELS}` is reserved")),
            "name" => match &stored {
                Some(NewValue::Str(s)) if !s.is_empty() => {
                    let name = s.clone();
                    self.set_node_name(ix, &name);
                    stored = None;
                }
                _ => self.set_node_name(ix, ""),
            },
            "id" => {
                let wanted = match &stored {
                    Some(NewValue::Str(s)) if !s.starts_with(GENERATED_ID) => Some(s.clone()),
                    _ => None,
                };
                match wanted {
                    Some(id) if self.set_node_id(ix, &id).is_ok() => stored = None,
                    _ if !self.node(ix).id().starts_with(GENERATED_ID) => {
                        let fresh = self.fresh_id();
                        self.set_node_id(ix, &fresh).map_err(|e| e.to_string())?;
                    }
                    _ => {}
                }
            }
            "synonyms" => self.clear_synonyms(ix),
            _ => {}
        }
        let mut props: Vec<(String, NewValue)> = self
            .node(ix)
            .props()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| (k.to_owned(), owned(self, v)))
            .collect();
        if let Some(v) = stored {
            props.push((key.to_owned(), v));
        }
        let props = props.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        self.replace_node_props(ix, props);
        Ok(())
    }

    fn set_rel_property(&mut self, rel: RelId, key: &str, value: &Value) -> Result<(), String> {
        let ix = eix(rel);
        let mut props: Vec<(String, NewValue)> = self
            .edge(ix)
            .props()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| (k.to_owned(), owned(self, v)))
            .collect();
        if !value.is_null() {
            props.push((key.to_owned(), to_graph(value)?));
        }
        let props = props.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        self.replace_edge_props(ix, props);
        Ok(())
    }

    fn set_label(&mut self, node: NodeId, label: &str, present: bool) -> Result<bool, String> {
        if self.has_label(node, label) == present {
            return Ok(false);
        }
        let ix = nix(node);
        let first = self.node(ix).category().name.clone();
        let mut extra: Vec<String> = extra_labels(self, ix)
            .into_iter()
            .map(str::to_owned)
            .collect();
        if present {
            if first.is_empty() {
                let category = self.label_category(label)?;
                self.set_category(ix, category);
            } else {
                if !self.schema().is_open() {
                    self.label_category(label)?;
                }
                extra.push(label.to_owned());
            }
        } else if first == label {
            let category = if extra.is_empty() {
                self.unlabelled_category()?
            } else {
                let next = extra.remove(0);
                self.label_category(&next)?
            };
            self.set_category(ix, category);
        } else {
            extra.retain(|l| l != label);
        }
        let list = if extra.is_empty() {
            Value::Null
        } else {
            Value::list(extra.iter().map(|l| Value::str(l)).collect())
        };
        let mut props: Vec<(String, NewValue)> = self
            .node(ix)
            .props()
            .filter(|(k, _)| *k != EXTRA_LABELS)
            .map(|(k, v)| (k.to_owned(), owned(self, v)))
            .collect();
        if !list.is_null() {
            props.push((EXTRA_LABELS.to_owned(), to_graph(&list)?));
        }
        let props = props.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        self.replace_node_props(ix, props);
        Ok(true)
    }

    fn delete(
        &mut self,
        nodes: &FxHashSet<NodeId>,
        rels: &FxHashSet<RelId>,
    ) -> Result<Renumbering, String> {
        Ok(self.retain(
            |n| !nodes.contains(&nid(n)),
            |e| !rels.contains(&RelId(e.index() as u32)),
        ))
    }

    fn savepoint(&self) -> Option<Box<dyn Any>> {
        Some(Box::new(self.copy_for_undo()))
    }

    fn rollback(&mut self, saved: Box<dyn Any>) {
        if let Ok(graph) = saved.downcast::<Graph>() {
            *self = *graph;
        }
    }
}

/// A stored value in the form the store takes it back.
fn owned(graph: &Graph, value: &graph::PropValue) -> NewValue {
    match value {
        graph::PropValue::Str(s) => NewValue::Str(graph.text(*s).to_owned()),
        graph::PropValue::Int(i) => NewValue::Int(*i),
        graph::PropValue::Float(f) => NewValue::Float(*f),
        graph::PropValue::Bool(b) => NewValue::Bool(*b),
        graph::PropValue::List(items) => {
            NewValue::List(items.iter().map(|v| owned(graph, v)).collect())
        }
        graph::PropValue::Temporal(kind, s) => NewValue::Temporal(*kind, graph.text(*s).to_owned()),
    }
}

fn suggestion(message: &mut String, names: Vec<String>) {
    if !names.is_empty() {
        message.push_str(&format!("; did you mean {}?", names.join(", ")));
    }
}

impl Graph {
    /// A generated id no node has yet.
    fn fresh_id(&self) -> String {
        (self.node_count()..)
            .map(|i| format!("{GENERATED_ID}{i}"))
            .find(|id| self.find_id(id).is_none())
            .expect("an unused id")
    }

    fn label_category(&mut self, label: &str) -> Result<CategoryId, String> {
        self.schema_mut().category_or_add(label).ok_or_else(|| {
            let mut message = format!("unknown label {label}");
            suggestion(&mut message, self.schema().suggest_category(label));
            message
        })
    }

    /// The reserved nameless category of nodes created without a label.
    fn unlabelled_category(&mut self) -> Result<CategoryId, String> {
        if let Some(c) = self.schema().category_id("") {
            return Ok(c);
        }
        self.schema_mut()
            .add_category(Category {
                name: String::new(),
                biolink: String::new(),
                description: "nodes created by a query without a label".into(),
                shape: String::new(),
                fill: String::new(),
            })
            .map_err(|e| e.to_string())
    }
}
