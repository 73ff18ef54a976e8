//! What an edge says, what it rests on and what limits it: the claim as read
//! in one direction, its provenance (how the review supports it, in
//! Biolink's terms) and its caveats (note, setting, outcome, cancer-type
//! context, trials). Every view of an edge (`node`, `neighbors`, `path`,
//! `strategies`) carries one [`EdgeClaim`], so a caveat written by the
//! curator is never hidden from the reader.

use serde::Serialize;

use crate::graph::{EdgeIx, EdgeRef, Graph, keys};
use crate::schema::Schema;
use crate::summary::NodeSummary;

/// One edge as a claim, read in the direction a view walks it: the part
/// every edge view shares (a node's card, a neighbourhood, a path step).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EdgeClaim {
    pub predicate: String,
    /// Forward reading when walked from subject to object, inverse otherwise.
    pub reading: String,
    pub refs: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
    #[serde(flatten)]
    pub caveats: Caveats,
}

impl EdgeClaim {
    pub fn of(graph: &Graph, e: EdgeIx, forward: bool) -> EdgeClaim {
        let edge = graph.edge(e);
        EdgeClaim {
            predicate: edge.predicate().name.clone(),
            reading: edge.reading(forward),
            refs: edge.refs(),
            evidence: edge.prop_text(keys::EVIDENCE),
            provenance: Provenance::of(&edge),
            caveats: Caveats::of(graph, &edge),
        }
    }
}

/// How an edge is known (`schema/provenance.csv` lists the allowed values).
/// Fields are `None` when the source does not say (open CSV or KGX files
/// without these columns).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knowledge_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
    /// The review section that places the edge (with `support: section`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setting: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

impl Provenance {
    pub fn of(edge: &EdgeRef<'_>) -> Provenance {
        let text = |key| edge.prop_text(key).filter(|t| !t.is_empty());
        Provenance {
            knowledge_level: text(keys::KNOWLEDGE_LEVEL),
            agent_type: text(keys::AGENT_TYPE),
            support: text(keys::SUPPORT),
            section: text(keys::SECTION),
            setting: text(keys::SETTING),
            outcome: text(keys::OUTCOME),
        }
    }

    /// What icigraph itself derives: a logical entailment by an automated agent.
    pub fn inferred() -> Provenance {
        Provenance {
            knowledge_level: Some("logical_entailment".into()),
            agent_type: Some("automated_agent".into()),
            ..Provenance::default()
        }
    }

    /// The short words a table shows beside the edge: the schema's marker of
    /// each value that has one ("inferred", "section only", "NEGATIVE").
    /// The setting is a caveat and goes on the line under the row.
    pub fn marker(&self, schema: &Schema) -> String {
        let fields = [
            (keys::KNOWLEDGE_LEVEL, &self.knowledge_level),
            (keys::AGENT_TYPE, &self.agent_type),
            (keys::SUPPORT, &self.support),
            (keys::OUTCOME, &self.outcome),
        ];
        let words: Vec<&str> = fields
            .iter()
            .filter_map(|(field, value)| {
                let value = value.as_deref()?;
                schema
                    .provenance_value(field, value)
                    .map(|v| v.marker.as_str())
                    .filter(|m| !m.is_empty())
            })
            .collect();
        words.join(", ")
    }
}

/// What limits an edge, in the curator's words and ids.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Caveats {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The cancer types or models the statement is limited to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<NodeSummary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trials: Vec<String>,
}

impl Caveats {
    pub fn of(graph: &Graph, edge: &EdgeRef<'_>) -> Caveats {
        Caveats {
            note: edge.prop_text(keys::NOTE).filter(|t| !t.is_empty()),
            context: edge
                .prop_list(keys::CONTEXT)
                .into_iter()
                .filter_map(|id| graph.find_id(id))
                .map(|ix| NodeSummary::of(graph, ix))
                .collect(),
            trials: edge
                .prop_list(keys::TRIALS)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.note.is_none() && self.context.is_empty() && self.trials.is_empty()
    }
}

/// The caveat line a table prints under an edge's row: setting and outcome
/// in words, context, trials and the note. Empty when there is nothing to say.
pub fn caveat_line(provenance: &Provenance, caveats: &Caveats) -> String {
    let words = |value: &str| value.replace('_', " ").replace("ici ", "ICI-");
    let mut parts: Vec<String> = Vec::new();
    if let Some(setting) = &provenance.setting {
        parts.push(format!("setting {}", words(setting)));
    }
    if let Some(outcome) = &provenance.outcome {
        parts.push(format!("outcome {}", words(outcome)));
    }
    // Only a section-placed edge rests on its section; for the others the
    // section is where the sentence stands (kept in JSON).
    if provenance.support.as_deref() == Some("section")
        && let Some(section) = &provenance.section
    {
        parts.push(format!("placed only by the section \"{section}\""));
    }
    if !caveats.context.is_empty() {
        let names: Vec<&str> = caveats.context.iter().map(|c| c.name.as_str()).collect();
        parts.push(format!("in {}", names.join(", ")));
    }
    if !caveats.trials.is_empty() {
        parts.push(format!("trials {}", caveats.trials.join(", ")));
    }
    if let Some(note) = &caveats.note {
        parts.push(note.clone());
    }
    parts.join("; ")
}
