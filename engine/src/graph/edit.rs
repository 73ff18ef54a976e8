//! Changes to stored nodes and edges after they were added: the query
//! engine's SET, REMOVE and DELETE, and the copy a write statement rolls
//! back to. Deleting compacts the arrays, so indices stay dense; the caller
//! gets the renumbering to fix the handles it holds.

use std::sync::OnceLock;

use super::{Edge, EdgeIx, Graph, NO_PROPS, NewValue, NodeIx};
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
            nodes: self.nodes.clone(),
            subjects: self.subjects.clone(),
            objects: self.objects.clone(),
            edges: self.edges.clone(),
            strings: self.strings.clone(),
            ids: self.ids.clone(),
            names: OnceLock::new(),
            edge_props: self.edge_props.clone(),
            adjacency: OnceLock::new(),
            by_category: OnceLock::new(),
        }
    }

    /// Replaces every property of a node.
    pub fn replace_node_props(&mut self, ix: NodeIx, props: Vec<(&str, NewValue)>) {
        let props = self.intern_props(props);
        self.nodes[ix.index()].props = props;
    }

    /// Replaces every property of an edge.
    pub fn replace_edge_props(&mut self, ix: EdgeIx, props: Vec<(&str, NewValue)>) {
        let props = self.intern_props(props);
        let slot = self.edges[ix.index()].props;
        match (slot, props.is_empty()) {
            (NO_PROPS, true) => {}
            (NO_PROPS, false) => self.edges[ix.index()].props = self.store_edge_props(props),
            (i, _) => self.edge_props[i as usize] = props,
        }
    }

    /// Sets a node's name (empty: none); the name index is rebuilt.
    pub fn set_node_name(&mut self, ix: NodeIx, name: &str) {
        let name = self.intern(name);
        self.nodes[ix.index()].name = name;
        self.names.take();
    }

    /// Drops a node's synonyms.
    pub fn clear_synonyms(&mut self, ix: NodeIx) {
        self.nodes[ix.index()].synonyms = Box::new([]);
        self.names.take();
    }

    /// Gives a node a new id; refused when another node has it.
    pub fn set_node_id(&mut self, ix: NodeIx, id: &str) -> Result<(), super::GraphError> {
        let sym = self.intern(id);
        match self.ids.get(&sym) {
            Some(&other) if other == ix => return Ok(()),
            Some(_) => return Err(super::GraphError::DuplicateId(id.to_owned())),
            None => {}
        }
        let old = self.nodes[ix.index()].id;
        self.ids.remove(&old);
        self.ids.insert(sym, ix);
        self.nodes[ix.index()].id = sym;
        self.names.take();
        Ok(())
    }

    /// Moves a node to another category (its first label).
    pub fn set_category(&mut self, ix: NodeIx, category: CategoryId) {
        self.nodes[ix.index()].category = category;
        self.by_category.take();
    }

    /// Removes the nodes and edges `keep` rejects, and every edge touching a
    /// removed node; the survivors keep their order.
    pub fn retain(
        &mut self,
        keep_node: impl Fn(NodeIx) -> bool,
        keep_edge: impl Fn(EdgeIx) -> bool,
    ) -> Renumbering {
        let mut map = Renumbering::default();
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (i, node) in std::mem::take(&mut self.nodes).into_iter().enumerate() {
            if keep_node(NodeIx::new(i)) {
                map.nodes.push(Some(nodes.len() as u32));
                nodes.push(node);
            } else {
                map.nodes.push(None);
            }
        }
        self.nodes = nodes;
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
                    if edge.props != NO_PROPS {
                        edge_props.push(std::mem::take(&mut self.edge_props[edge.props as usize]));
                        edge.props = (edge_props.len() - 1) as u32;
                    }
                    edges.push(edge);
                }
                _ => map.edges.push(None),
            }
        }
        self.subjects = subjects.into();
        self.objects = objects.into();
        self.edges = edges;
        self.edge_props = edge_props;
        self.ids = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, NodeIx::new(i)))
            .collect();
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
