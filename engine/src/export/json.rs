//! The whole graph as JSON, streamed node by node so a large graph never
//! needs a second in-memory copy:
//! `{"nodes":[{"id","category","name","synonyms",…properties}],"edges":[{"subject","predicate","object","refs",…properties}]}`.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::graph::{EdgeIx, Graph, NodeIx, keys};

/// Writes `graph` as JSON to `out`.
pub fn write_graph(graph: &Graph, out: &mut dyn Write) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::new(out);
    GraphJson(graph).serialize(&mut ser)
}

struct GraphJson<'g>(&'g Graph);
struct Nodes<'g>(&'g Graph);
struct Edges<'g>(&'g Graph);
struct NodeJson<'g>(&'g Graph, NodeIx);
struct EdgeJson<'g>(&'g Graph, EdgeIx);

impl Serialize for GraphJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("nodes", &Nodes(self.0))?;
        map.serialize_entry("edges", &Edges(self.0))?;
        map.end()
    }
}

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.node_count()))?;
        for ix in self.0.node_indices() {
            seq.serialize_element(&NodeJson(self.0, ix))?;
        }
        seq.end()
    }
}

impl Serialize for Edges<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.edge_count()))?;
        for ix in self.0.edge_indices() {
            seq.serialize_element(&EdgeJson(self.0, ix))?;
        }
        seq.end()
    }
}

impl Serialize for NodeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let graph = self.0;
        let node = graph.node(self.1);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", node.id())?;
        map.serialize_entry("category", &node.category().name)?;
        map.serialize_entry("name", node.name())?;
        map.serialize_entry("synonyms", &node.synonyms().collect::<Vec<_>>())?;
        for (key, value) in node.props() {
            map.serialize_entry(key, &graph.value_json(value))?;
        }
        map.end()
    }
}

impl Serialize for EdgeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let graph = self.0;
        let edge = graph.edge(self.1);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("subject", graph.node(edge.subject()).id())?;
        map.serialize_entry("predicate", &edge.predicate().name)?;
        map.serialize_entry("object", graph.node(edge.object()).id())?;
        map.serialize_entry("refs", &edge.refs())?;
        for (key, value) in edge.props() {
            if key != keys::REFS {
                map.serialize_entry(key, &graph.value_json(value))?;
            }
        }
        map.end()
    }
}
