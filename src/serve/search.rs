//! Search as you type: the node a name resolves to (the engine's forgiving
//! tiers), then names that begin with or contain what was typed, then — when
//! nothing matches — the engine's "did you mean" suggestions.

use serde::Serialize;

use icigraph_engine::graph::{Graph, NodeIx};
use icigraph_engine::resolve::full_key;
use icigraph_engine::summary::NodeSummary;

/// Every name and synonym as its forgiving key, built once at start.
pub struct Completions {
    keys: Vec<(String, NodeIx)>,
    /// Node count when built; a graph grown by CREATE is searched by scanning.
    nodes: usize,
}

#[derive(Serialize)]
pub struct SearchResult {
    pub query: String,
    /// What the name resolves to, as `icigraph node` would find it.
    pub matches: Vec<NodeSummary>,
    /// Other nodes whose names start with (first) or contain the typed text.
    pub completions: Vec<NodeSummary>,
    /// The closest names when nothing matched.
    pub suggestions: Vec<NodeSummary>,
}

/// How many completions a search lists.
const LIMIT: usize = 12;

impl Completions {
    pub fn build(graph: &Graph) -> Completions {
        Completions {
            keys: keys(graph),
            nodes: graph.node_count(),
        }
    }

    pub fn search(&self, graph: &Graph, query: &str) -> SearchResult {
        let query = query.trim();
        let wanted = full_key(query);
        let matches: Vec<NodeIx> = if query.is_empty() {
            Vec::new()
        } else {
            graph.names().lookup(query)
        };
        let mut completions = Vec::new();
        if !wanted.is_empty() {
            let rebuilt;
            let keys = if self.nodes == graph.node_count() {
                &self.keys
            } else {
                rebuilt = keys(graph);
                &rebuilt
            };
            let mut prefix = Vec::new();
            let mut inner = Vec::new();
            for (key, ix) in keys {
                if matches.contains(ix) || prefix.contains(ix) || inner.contains(ix) {
                    continue;
                }
                if key.starts_with(&wanted) {
                    if prefix.len() < LIMIT {
                        prefix.push(*ix);
                    }
                } else if inner.len() < LIMIT && key.contains(&wanted) {
                    inner.push(*ix);
                }
                if prefix.len() == LIMIT {
                    break;
                }
            }
            // Shorter names first: the likeliest meaning of a short prefix.
            let len = |ix: &NodeIx| graph.node(*ix).name().chars().count();
            prefix.sort_by_key(len);
            inner.sort_by_key(len);
            completions = prefix.into_iter().chain(inner).take(LIMIT).collect();
        }
        let suggestions = if matches.is_empty() && completions.is_empty() && !query.is_empty() {
            graph
                .names()
                .suggest(graph, query)
                .into_iter()
                .filter_map(|c| graph.find_id(&c.id))
                .collect()
        } else {
            Vec::new()
        };
        let summaries = |list: Vec<NodeIx>| {
            list.into_iter()
                .map(|ix| NodeSummary::of(graph, ix))
                .collect()
        };
        SearchResult {
            query: query.to_owned(),
            matches: summaries(matches),
            completions: summaries(completions),
            suggestions: summaries(suggestions),
        }
    }
}

fn keys(graph: &Graph) -> Vec<(String, NodeIx)> {
    let mut keys = Vec::with_capacity(graph.node_count());
    for ix in graph.node_indices() {
        let node = graph.node(ix);
        for name in std::iter::once(node.name()).chain(node.synonyms()) {
            let key = full_key(name);
            if !key.is_empty() {
                keys.push((key, ix));
            }
        }
    }
    keys
}
