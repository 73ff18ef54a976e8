//! The store as a petgraph graph: petgraph's visit traits implemented over the
//! CSR adjacency and the flat edge arrays, with no copy, so petgraph's
//! algorithms and adaptors (`EdgeFiltered`, `NodeFiltered`, `Reversed`,
//! `UndirectedAdaptor`) run on a [`Graph`] directly.
//!
//! Node and edge ids are the store's own indices; a node's edges come in load
//! order, outgoing from the out-CSR and incoming from the in-CSR.

use fixedbitset::FixedBitSet;
use petgraph::Direction;
use petgraph::visit::{
    Data, EdgeCount, EdgeIndexable, EdgeRef, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges,
    IntoEdgesDirected, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers,
    NodeCompactIndexable, NodeCount, NodeIndexable, Visitable,
};

use super::{Csr, Edge, EdgeIx, Graph, NodeIx};

impl GraphBase for Graph {
    type NodeId = NodeIx;
    type EdgeId = EdgeIx;
}

impl GraphProp for Graph {
    type EdgeType = petgraph::Directed;
}

impl Data for Graph {
    type NodeWeight = ();
    type EdgeWeight = Edge;
}

impl NodeCount for Graph {
    fn node_count(&self) -> usize {
        Graph::node_count(self)
    }
}

impl EdgeCount for Graph {
    fn edge_count(&self) -> usize {
        Graph::edge_count(self)
    }
}

impl NodeIndexable for Graph {
    fn node_bound(&self) -> usize {
        Graph::node_count(self)
    }
    #[inline]
    fn to_index(&self, a: NodeIx) -> usize {
        a.index()
    }
    #[inline]
    fn from_index(&self, i: usize) -> NodeIx {
        NodeIx::new(i)
    }
}

impl NodeCompactIndexable for Graph {}

impl EdgeIndexable for Graph {
    fn edge_bound(&self) -> usize {
        Graph::edge_count(self)
    }
    fn to_index(&self, a: EdgeIx) -> usize {
        a.index()
    }
    fn from_index(&self, i: usize) -> EdgeIx {
        EdgeIx::new(i)
    }
}

impl Visitable for Graph {
    type Map = FixedBitSet;
    fn visit_map(&self) -> FixedBitSet {
        FixedBitSet::with_capacity(Graph::node_count(self))
    }
    fn reset_map(&self, map: &mut FixedBitSet) {
        map.clear();
        map.grow(Graph::node_count(self));
    }
}

/// One edge as petgraph sees it: end points, id and weight.
#[derive(Clone, Copy, Debug)]
pub struct StoreEdge<'g> {
    source: NodeIx,
    target: NodeIx,
    id: EdgeIx,
    weight: &'g Edge,
}

impl<'g> EdgeRef for StoreEdge<'g> {
    type NodeId = NodeIx;
    type EdgeId = EdgeIx;
    type Weight = Edge;
    #[inline]
    fn source(&self) -> NodeIx {
        self.source
    }
    #[inline]
    fn target(&self) -> NodeIx {
        self.target
    }
    fn weight(&self) -> &'g Edge {
        self.weight
    }
    #[inline]
    fn id(&self) -> EdgeIx {
        self.id
    }
}

/// Neighbours of a node in one direction, one per edge.
#[derive(Clone)]
pub struct Neighbors<'g>(std::slice::Iter<'g, u32>);

impl Iterator for Neighbors<'_> {
    type Item = NodeIx;
    #[inline]
    fn next(&mut self) -> Option<NodeIx> {
        self.0.next().map(|&v| NodeIx::new(v as usize))
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Neighbors<'_> {}

/// A node's edges in one direction, in load order.
#[derive(Clone)]
pub struct Edges<'g> {
    graph: &'g Graph,
    node: NodeIx,
    outgoing: bool,
    others: std::slice::Iter<'g, u32>,
    ids: std::slice::Iter<'g, u32>,
}

impl<'g> Iterator for Edges<'g> {
    type Item = StoreEdge<'g>;
    #[inline]
    fn next(&mut self) -> Option<StoreEdge<'g>> {
        let other = NodeIx::new(*self.others.next()? as usize);
        let id = EdgeIx::new(*self.ids.next()? as usize);
        let (source, target) = if self.outgoing {
            (self.node, other)
        } else {
            (other, self.node)
        };
        Some(StoreEdge {
            source,
            target,
            id,
            weight: &self.graph.edges[id.index()],
        })
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.others.size_hint()
    }
}

impl ExactSizeIterator for Edges<'_> {}

/// Every edge, by edge index.
#[derive(Clone)]
pub struct EdgeReferences<'g> {
    graph: &'g Graph,
    next: usize,
}

impl<'g> Iterator for EdgeReferences<'g> {
    type Item = StoreEdge<'g>;
    #[inline]
    fn next(&mut self) -> Option<StoreEdge<'g>> {
        let i = self.next;
        let weight = self.graph.edges.get(i)?;
        self.next += 1;
        Some(StoreEdge {
            source: NodeIx::new(self.graph.subjects[i] as usize),
            target: NodeIx::new(self.graph.objects[i] as usize),
            id: EdgeIx::new(i),
            weight,
        })
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.graph.edges.len() - self.next;
        (left, Some(left))
    }
}

impl<'g> Graph {
    #[inline]
    fn csr(&'g self, dir: Direction) -> &'g Csr {
        let adjacency = self.adjacency();
        match dir {
            Direction::Outgoing => &adjacency.out,
            Direction::Incoming => &adjacency.inc,
        }
    }
}

impl<'g> IntoNeighbors for &'g Graph {
    type Neighbors = Neighbors<'g>;
    #[inline]
    fn neighbors(self, a: NodeIx) -> Neighbors<'g> {
        self.neighbors_directed(a, Direction::Outgoing)
    }
}

impl<'g> IntoNeighborsDirected for &'g Graph {
    type NeighborsDirected = Neighbors<'g>;
    #[inline]
    fn neighbors_directed(self, a: NodeIx, dir: Direction) -> Neighbors<'g> {
        Neighbors(self.csr(dir).targets(a.index() as u32).iter())
    }
}

impl<'g> IntoEdgeReferences for &'g Graph {
    type EdgeRef = StoreEdge<'g>;
    type EdgeReferences = EdgeReferences<'g>;
    fn edge_references(self) -> EdgeReferences<'g> {
        EdgeReferences {
            graph: self,
            next: 0,
        }
    }
}

impl<'g> IntoEdges for &'g Graph {
    type Edges = Edges<'g>;
    #[inline]
    fn edges(self, a: NodeIx) -> Edges<'g> {
        self.edges_directed(a, Direction::Outgoing)
    }
}

impl<'g> IntoEdgesDirected for &'g Graph {
    type EdgesDirected = Edges<'g>;
    #[inline]
    fn edges_directed(self, a: NodeIx, dir: Direction) -> Edges<'g> {
        let csr = self.csr(dir);
        let v = a.index() as u32;
        Edges {
            graph: self,
            node: a,
            outgoing: dir == Direction::Outgoing,
            others: csr.targets(v).iter(),
            ids: csr.edges(v).iter(),
        }
    }
}

impl IntoNodeIdentifiers for &Graph {
    type NodeIdentifiers = std::iter::Map<std::ops::Range<usize>, fn(usize) -> NodeIx>;
    fn node_identifiers(self) -> Self::NodeIdentifiers {
        (0..Graph::node_count(self)).map(NodeIx::new as fn(usize) -> NodeIx)
    }
}
