//! Changes to stored nodes and edges after they were added: the query
//! engine's SET, REMOVE and DELETE, and the copy a write statement rolls
//! back to. Deleting compacts the arrays, so indices stay dense; the caller
//! gets the renumbering to fix the handles it holds.

use std::sync::OnceLock;

use super::{Edge, EdgeIx, Graph, NO_NODE, NO_PROPS, NewValue, NodeExtra, NodeIx, Sym};
use crate::schema::CategoryId;

/// Where each old index went after a delete (`None`: deleted).
#[derive(Clone, Debug, Default)]
pub struct Renumbering {
    pub nodes: Vec<Option<u32>>,
    pub edges: Vec<Option<u32>>,
}

impl Graph {
    /// A copy of the stored data, without the derived indexes (they are
    /// rebuilt on first use): what a failed write statement is restored to.
    pub fn copy_for_undo(&self) -> Graph {
        Graph {
            schema: self.schema.clone(),
            node_ids: self.node_ids.clone(),
            node_names: self.node_names.clone(),
            categories: self.categories.clone(),
            node_slots: self.node_slots.clone(),
            node_extras: self.node_extras.clone(),
            subjects: self.subjects.clone(),
            objects: self.objects.clone(),
            edges: self.edges.clone(),
            strings: self.strings.clone(),
            node_of: self.node_of.clone(),
            names: OnceLock::new(),
            edge_props: self.edge_props.clone(),
            // Values still checked on read cannot be rebuilt from: keep them.
            adjacency: if self.checked_reads {
                self.adjacency.clone()
            } else {
                OnceLock::new()
            },
            by_category: OnceLock::new(),
            components: self.components.clone(),
            checked_reads: self.checked_reads,
            damage: std::sync::Arc::clone(&self.damage),
        }
    }

    /// Replaces every property of a node.
    pub fn replace_node_props(&mut self, ix: NodeIx, props: Vec<(&str, NewValue)>) {
        let props = self.intern_props(props);
        let mut extra = self.take_extra(ix);
        extra.props = props;
        self.set_extra(ix, extra);
    }

    /// Replaces every property of an edge.
    pub fn replace_edge_props(&mut self, ix: EdgeIx, props: Vec<(&str, NewValue)>) {
        self.settle();
        let props = self.intern_props(props);
        let slot = self.edges[ix.index()].props;
        match (slot, props.is_empty()) {
            (NO_PROPS, true) => {}
            (NO_PROPS, false) => {
                let slot = self.store_edge_props(props);
                self.edges.to_mut()[ix.index()].props = slot;
            }
            (i, _) => {
                if let Some(stored) = self.edge_props.get_mut(i as usize) {
                    *stored = props;
                }
            }
        }
    }

    /// Sets a node's name (empty: none); the name index is rebuilt.
    pub fn set_node_name(&mut self, ix: NodeIx, name: &str) {
        let name = self.intern(name);
        self.node_names.to_mut()[ix.index()] = name.index() as u32;
        self.names.take();
    }

    /// Drops a node's synonyms.
    pub fn clear_synonyms(&mut self, ix: NodeIx) {
        let mut extra = self.take_extra(ix);
        extra.synonyms = Box::new([]);
        self.set_extra(ix, extra);
        self.names.take();
    }

    /// Gives a node a new id; refused when another node has it.
    pub fn set_node_id(&mut self, ix: NodeIx, id: &str) -> Result<(), super::GraphError> {
        let sym = self.intern(id);
        match self.node_of_sym(sym) {
            Some(other) if other == ix => return Ok(()),
            Some(_) => return Err(super::GraphError::DuplicateId(id.to_owned())),
            None => {}
        }
        let old = self.node(ix).id_sym();
        self.set_node_of(old, None);
        self.set_node_of(sym, Some(ix));
        self.node_ids.to_mut()[ix.index()] = sym.index() as u32;
        self.names.take();
        Ok(())
    }

    /// Moves a node to another category (its first label).
    pub fn set_category(&mut self, ix: NodeIx, category: CategoryId) {
        self.categories.to_mut()[ix.index()] = category.0;
        self.by_category.take();
    }

    /// Removes the nodes and edges `keep` rejects, and every edge touching a
    /// removed node; the survivors keep their order.
    pub fn retain(
        &mut self,
        keep_node: impl Fn(NodeIx) -> bool,
        keep_edge: impl Fn(EdgeIx) -> bool,
    ) -> Renumbering {
        self.settle();
        let mut map = Renumbering::default();
        let (mut ids, mut names, mut categories) = (Vec::new(), Vec::new(), Vec::new());
        let (mut slots, mut extras) = (Vec::new(), Vec::new());
        for i in 0..self.node_count() {
            let ix = NodeIx::new(i);
            if keep_node(ix) {
                map.nodes.push(Some(ids.len() as u32));
                ids.push(self.node_ids[i]);
                names.push(self.node_names[i]);
                categories.push(self.categories[i]);
                let extra: NodeExtra = self.take_extra(ix);
                if extra == NodeExtra::default() {
                    slots.push(NO_PROPS);
                } else {
                    slots.push(extras.len() as u32);
                    extras.push(extra);
                }
            } else {
                map.nodes.push(None);
            }
        }
        self.node_ids = ids.into();
        self.node_names = names.into();
        self.categories = categories.into();
        self.node_slots = slots.into();
        self.node_extras = extras;
        let (mut subjects, mut objects, mut edges) = (Vec::new(), Vec::new(), Vec::new());
        let mut edge_props = Vec::new();
        for i in 0..self.edges.len() {
            let (s, o) = (
                map.nodes[self.subjects[i] as usize],
                map.nodes[self.objects[i] as usize],
            );
            match (s, o, keep_edge(EdgeIx::new(i))) {
                (Some(s), Some(o), true) => {
                    map.edges.push(Some(edges.len() as u32));
                    subjects.push(s);
                    objects.push(o);
                    let mut edge: Edge = self.edges[i];
                    if let Some(props) = self.edge_props.get_mut(edge.props as usize) {
                        edge_props.push(std::mem::take(props));
                        edge.props = (edge_props.len() - 1) as u32;
                    } else {
                        edge.props = NO_PROPS;
                    }
                    edges.push(edge);
                }
                _ => map.edges.push(None),
            }
        }
        self.subjects = subjects.into();
        self.objects = objects.into();
        self.edges = edges.into();
        self.edge_props = edge_props;
        let mut node_of = vec![NO_NODE; self.strings.len()];
        for (i, &id) in self.node_ids.iter().enumerate() {
            if let Some(entry) = node_of.get_mut(Sym::from_index(id).index()) {
                *entry = i as u32;
            }
        }
        self.node_of = node_of.into();
        self.changed();
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph;

    #[test]
    fn retain_renumbers_and_drops_touching_edges() {
        let mut g = test_graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        let map = g.retain(|n| n.index() != 1, |_| true);
        assert_eq!(g.node_count(), 3);
        // Edges 0->1 and 1->2 touched the removed node.
        assert_eq!(g.edge_count(), 2);
        assert_eq!(map.nodes, vec![Some(0), None, Some(1), Some(2)]);
        assert_eq!(map.edges, vec![None, None, Some(0), Some(1)]);
        let e = g.edge(EdgeIx::new(0));
        assert_eq!((e.subject().index(), e.object().index()), (1, 2));
        // The id index follows the renumbering.
        let id = g.node(NodeIx::new(1)).id().to_owned();
        assert_eq!(g.find_id(&id), Some(NodeIx::new(1)));
    }

    #[test]
    fn undo_copy_keeps_data_and_rebuilds_indexes() {
        let mut g = test_graph(3, &[(0, 1)]);
        let copy = g.copy_for_undo();
        g.retain(|_| false, |_| false);
        assert_eq!(g.node_count(), 0);
        assert_eq!(copy.node_count(), 3);
        assert_eq!(copy.edge_count(), 1);
        assert_eq!(
            copy.edges(NodeIx::new(0), petgraph::Direction::Outgoing)
                .count(),
            1
        );
    }
}
