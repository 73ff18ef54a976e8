//! Forgiving name resolution: `β2M`, `B2M`, `beta2-microglobulin` and
//! `Beta-2 microglobulin` all find the same node.
//!
//! Names are looked up in the graph's [`NameIndex`] (keys: see
//! [`crate::graph::names`]); matching goes from the strictest tier to the
//! loosest and stops at the first tier that finds anything. Unknown names get
//! suggestions, ambiguous ones the list of candidates.

use std::fmt;

use rustc_hash::FxHashMap;

pub use crate::graph::names::{NameIndex, full_key, short_key};
use crate::graph::{Graph, NodeIx};
use crate::suggest;

/// A node that a name might mean, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub category: String,
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, {})", self.name, self.category, self.id)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ResolveError {
    #[error("an empty name names no node")]
    Empty,
    #[error("no node is named \"{name}\"{}", did_you_mean(.suggestions))]
    Unknown {
        name: String,
        suggestions: Vec<Candidate>,
    },
    #[error("\"{name}\" is ambiguous; it may mean: {}", list(.candidates))]
    Ambiguous {
        name: String,
        candidates: Vec<Candidate>,
    },
}

fn did_you_mean(suggestions: &[Candidate]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", list(suggestions))
    }
}

fn list(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl NameIndex {
    /// The node a person means by `name`.
    pub fn resolve(&self, graph: &Graph, name: &str) -> Result<NodeIx, ResolveError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ResolveError::Empty);
        }
        let found = self.lookup(name);
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(ResolveError::Unknown {
                name: suggest::clip(name, suggest::MAX_ECHO),
                suggestions: self.suggest(graph, name),
            }),
            many => Err(ResolveError::Ambiguous {
                name: name.to_owned(),
                candidates: many.iter().map(|&ix| candidate(graph, ix)).collect(),
            }),
        }
    }

    /// Nodes whose names come closest to `name`, best first.
    pub fn suggest(&self, graph: &Graph, name: &str) -> Vec<Candidate> {
        if name.chars().count() > suggest::MAX_WANTED {
            return Vec::new();
        }
        let wanted = full_key(name);
        let len = wanted.chars().count();
        let (shortest, longest) = (len / 3, len * 3 + 4);
        let mut work = 0usize;
        let mut best: FxHashMap<NodeIx, f64> = FxHashMap::default();
        for (key, nodes) in &self.full {
            let contains = wanted.len() >= 3 && key.contains(&wanted);
            // Only names of a comparable length are compared, within a cap.
            let n = key.chars().count();
            let mut score = if work < suggest::MAX_WORK && (shortest..=longest).contains(&n) {
                work += (n + 1) * (len + 1);
                suggest::similarity(&wanted, key)
            } else {
                0.0
            };
            if contains {
                score = score.max(0.8);
            }
            if score < 0.75 {
                continue;
            }
            for &node in nodes {
                let entry = best.entry(node).or_default();
                *entry = entry.max(score);
            }
        }
        let mut ranked: Vec<(f64, NodeIx)> = best.into_iter().map(|(n, s)| (s, n)).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .take(5)
            .map(|(_, ix)| candidate(graph, ix))
            .collect()
    }
}

fn candidate(graph: &Graph, ix: NodeIx) -> Candidate {
    let node = graph.node(ix);
    Candidate {
        id: node.id().to_owned(),
        name: node.name().to_owned(),
        category: node.category().name.clone(),
    }
}

impl Graph {
    /// Resolves a name, synonym or id to a node (see [`NameIndex`]). An
    /// exact id is unique, so it is answered from the id table and the name
    /// index is built only when a name misses it: commands given ids never
    /// pay for indexing every name of a big graph.
    pub fn resolve(&self, name: &str) -> Result<NodeIx, ResolveError> {
        if let Some(ix) = self.find_id(name.trim()) {
            return Ok(ix);
        }
        self.names().resolve(self, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NewNode;
    use crate::schema::Schema;

    fn graph() -> Graph {
        let mut schema = Schema::open();
        let gene = schema.category_or_add("Gene").unwrap();
        let mech = schema.category_or_add("Mechanism").unwrap();
        let cell = schema.category_or_add("CellType").unwrap();
        let mut g = Graph::new(schema);
        let mut add = |cat, id, name, synonyms: Vec<&'static str>| {
            g.add_node(
                cat,
                NewNode {
                    id,
                    name,
                    synonyms,
                    props: vec![],
                },
            )
            .unwrap();
        };
        add(gene, "ici:b2m", "β2M", vec!["B2M", "beta-2-microglobulin"]);
        add(
            mech,
            "ici:b2m_loss",
            "β2M loss",
            vec!["β2M mutation", "beta-2-microglobulin mutation"],
        );
        add(gene, "ici:ifng", "IFN-γ", vec![]);
        add(cell, "ici:treg", "regulatory T cell", vec!["Treg"]);
        add(gene, "ici:jak1", "JAK1", vec![]);
        add(gene, "ici:jak2", "JAK2", vec![]);
        g
    }

    fn name_of(g: &Graph, query: &str) -> String {
        g.node(g.resolve(query).unwrap()).id().to_owned()
    }

    #[test]
    fn keys_fold_case_greek_and_punctuation() {
        assert_eq!(full_key("Beta-2 microglobulin"), "beta2microglobulin");
        assert_eq!(full_key("β2-Microglobulin"), "beta2microglobulin");
        assert_eq!(short_key(&full_key("IFN-γ")), "ifng");
        assert_eq!(full_key("ＩＦＮ_γ"), "ifngamma");
    }

    #[test]
    fn an_exact_id_resolves_without_building_the_name_index() {
        let g = graph();
        assert_eq!(name_of(&g, " ici:jak1 "), "ici:jak1");
        assert!(!g.names_ready(), "an id must not build the name index");
        assert_eq!(name_of(&g, "Treg"), "ici:treg");
        assert!(g.names_ready());
    }

    #[test]
    fn many_spellings_find_the_same_node() {
        let g = graph();
        for spelling in [
            "β2M",
            "B2M",
            "b2m",
            "beta2-microglobulin",
            "Beta-2 microglobulin",
            "beta2m",
            "ici:b2m",
        ] {
            assert_eq!(name_of(&g, spelling), "ici:b2m", "{spelling}");
        }
        assert_eq!(name_of(&g, "B2M loss"), "ici:b2m_loss");
        assert_eq!(name_of(&g, "beta-2-microglobulin mutation"), "ici:b2m_loss");
        assert_eq!(name_of(&g, "IFNG"), "ici:ifng");
        assert_eq!(name_of(&g, "ifn gamma"), "ici:ifng");
    }

    #[test]
    fn plural_is_tolerated() {
        let g = graph();
        assert_eq!(name_of(&g, "Tregs"), "ici:treg");
        assert_eq!(name_of(&g, "regulatory T cells"), "ici:treg");
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let g = graph();
        match g.resolve("JAK3") {
            Err(ResolveError::Unknown { suggestions, .. }) => {
                let ids: Vec<_> = suggestions.iter().map(|c| c.id.as_str()).collect();
                assert!(
                    ids.contains(&"ici:jak1") && ids.contains(&"ici:jak2"),
                    "{ids:?}"
                );
            }
            other => panic!("expected unknown, got {other:?}"),
        }
        assert_eq!(g.resolve("  "), Err(ResolveError::Empty));
    }

    #[test]
    fn ambiguous_names_list_candidates() {
        let mut g = graph();
        let gene = g.schema().category_id("Gene").unwrap();
        g.add_node(
            gene,
            NewNode {
                id: "ici:other",
                name: "Treg",
                ..NewNode::default()
            },
        )
        .unwrap();
        match g.resolve("treg") {
            Err(ResolveError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("expected ambiguity, got {other:?}"),
        }
    }
}
