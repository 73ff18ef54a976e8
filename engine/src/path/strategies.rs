//! Countermeasures of a resistance mechanism: every node that counteracts it
//! directly, or counteracts a broader mechanism it belongs to, ranked by the
//! evidence of the counteracting edge, each with the path that justifies it.
//!
//! Broader mechanisms are climbed only through nodes of the same category as
//! the one asked about, so outcomes (a `Phenotype` such as acquired
//! resistance) that every mechanism contributes to do not pull in their
//! generic countermeasures.
//!
//! Which predicates mean "counteracts" and "belongs to a broader mechanism"
//! is data: `graph-data/schema/strategy_rules.csv` (`predicate,role,direction`)
//! compiled in, or the same file in a `--data` folder. Evidence ranks come from
//! the schema's evidence levels.

use std::collections::VecDeque;

use petgraph::Direction;
use serde::{Deserialize, Serialize};

use super::{Path, PathError, PathView, Step};
use crate::detail::NodeSummary;
use crate::graph::{Graph, NodeIx, keys};
use crate::schema::PredicateId;

/// The rules shipped with the built-in data.
pub const BUILTIN_RULES: &str = include_str!("../../../graph-data/schema/strategy_rules.csv");

/// Where the rules live inside a graph folder.
pub const RULES_FILE: &str = "schema/strategy_rules.csv";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// One end is a countermeasure of the other (a mechanism).
    Counteracts,
    /// One end is a narrower mechanism of the other.
    Broader,
    /// One end (a drug or agent) is an instance of the other (a strategy)
    /// and shares its countermeasures.
    Member,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RuleDirection {
    /// The subject is the countermeasure, the narrower mechanism or the member.
    Forward,
    /// The object is.
    Backward,
}

#[derive(Debug, Deserialize)]
struct RuleRow {
    predicate: String,
    role: Role,
    direction: RuleDirection,
}

/// One rule: edges of `predicate` play `role`; `forward` tells whether the
/// subject is the countermeasure (or the narrower mechanism).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub predicate: String,
    pub role: Role,
    pub forward: bool,
}

/// The strategy rules of a graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules(pub Vec<Rule>);

impl Rules {
    /// Parses a rules CSV; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Rules, PathError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut rules = Vec::new();
        for (i, row) in reader.deserialize::<RuleRow>().enumerate() {
            let row = row.map_err(|err| {
                let line = err.position().map_or(i + 2, |p| p.line() as usize);
                PathError::Rules(format!(
                    "{origin}:{line}: {} (expected predicate,role,direction with role counteracts|broader|member and direction forward|backward)",
                    short_csv_error(&err)
                ))
            })?;
            rules.push(Rule {
                predicate: row.predicate,
                role: row.role,
                forward: row.direction == RuleDirection::Forward,
            });
        }
        Ok(Rules(rules))
    }

    pub fn builtin() -> Rules {
        Rules::parse(BUILTIN_RULES, "built-in strategy_rules.csv")
            .expect("the shipped strategy rules parse")
    }

    /// Rules whose predicate the graph knows, as predicate ids.
    fn compile(&self, graph: &Graph) -> Result<Vec<(PredicateId, Role, bool)>, PathError> {
        let compiled: Vec<_> = self
            .0
            .iter()
            .filter_map(|r| {
                graph
                    .schema()
                    .predicate_id(&r.predicate)
                    .map(|p| (p, r.role, r.forward))
            })
            .collect();
        if !compiled.iter().any(|r| r.1 == Role::Counteracts) {
            let names: Vec<&str> = self
                .0
                .iter()
                .filter(|r| r.role == Role::Counteracts)
                .map(|r| r.predicate.as_str())
                .collect();
            return Err(PathError::Rules(format!(
                "this graph has none of the predicates the strategy rules call \"counteracts\" ({}); add them to its schema or give a {RULES_FILE} that names its own",
                names.join(", ")
            )));
        }
        Ok(compiled)
    }
}

fn short_csv_error(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        _ => err.to_string(),
    }
}

/// One countermeasure and why it counts.
#[derive(Clone, Debug, Serialize)]
pub struct Strategy {
    pub strategy: NodeSummary,
    /// The mechanism it counteracts: the one asked about or a broader one.
    pub counteracts: NodeSummary,
    pub evidence: Option<String>,
    /// The evidence level's label from the schema (`phase III`, …).
    pub evidence_label: Option<String>,
    /// The evidence level's rank (higher is stronger).
    pub rank: Option<u8>,
    pub trials: Vec<String>,
    pub refs: Vec<i64>,
    /// From the mechanism asked about to the strategy.
    pub path: PathView,
}

#[derive(Clone, Debug, Serialize)]
pub struct StrategyReport {
    pub mechanism: NodeSummary,
    /// The broader mechanisms it belongs to, nearest first.
    pub broader: Vec<NodeSummary>,
    pub strategies: Vec<Strategy>,
}

/// Steps from `node` along edges of the given role, each as (next node, step
/// walked from `node`), where `node` is the narrower mechanism (`Broader`),
/// the mechanism countered (`Counteracts`) or the strategy class (`Member`).
fn role_steps(
    graph: &Graph,
    rules: &[(PredicateId, Role, bool)],
    node: NodeIx,
    role: Role,
) -> Vec<(NodeIx, Step)> {
    let mut steps = Vec::new();
    for (dir, node_is_subject) in [(Direction::Outgoing, true), (Direction::Incoming, false)] {
        for e in graph.edges(node, dir) {
            let edge = graph.edge(e);
            let matches = rules.iter().any(|&(p, r, forward)| {
                p == edge.predicate_id()
                    && r == role
                    && match role {
                        // forward: the subject is the narrower mechanism.
                        Role::Broader => forward == node_is_subject,
                        // forward: the subject is the countermeasure, or the
                        // member of the strategy class.
                        Role::Counteracts | Role::Member => forward != node_is_subject,
                    }
            });
            if matches {
                steps.push((
                    edge.other(node),
                    Step {
                        edge: e,
                        forward: node_is_subject,
                    },
                ));
            }
        }
    }
    steps.sort_by_key(|(n, s)| (n.index(), s.edge.index()));
    steps
}

/// A countermeasure at the end of `path`, which counteracts `mechanism`; its
/// evidence, trials and refs are those of the last `justifying` edges (the
/// counteracting edge, and the membership edge for a member of a strategy).
fn strategy(graph: &Graph, mechanism: NodeIx, path: Path, justifying: usize) -> Strategy {
    let schema = graph.schema();
    let edges = &path.steps[path.steps.len() - justifying..];
    let mut evidence: Option<String> = None;
    let mut rank = None;
    let mut trials: Vec<String> = Vec::new();
    let mut refs: Vec<i64> = Vec::new();
    for step in edges {
        let edge = graph.edge(step.edge);
        if let Some(e) = edge.prop_text(keys::EVIDENCE) {
            let r = schema.evidence(&e).map(|l| l.rank);
            if evidence.is_none() || r > rank {
                rank = r;
                evidence = Some(e);
            }
        }
        for t in edge.prop_list(keys::TRIALS) {
            if !trials.iter().any(|x| x == t) {
                trials.push(t.to_owned());
            }
        }
        for r in edge.refs() {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
    }
    let level = evidence.as_deref().and_then(|e| schema.evidence(e));
    let end = *path.nodes.last().expect("a path has nodes");
    Strategy {
        strategy: NodeSummary::of(graph, end),
        counteracts: NodeSummary::of(graph, mechanism),
        evidence_label: level.map(|l| l.label.clone()).filter(|l| !l.is_empty()),
        rank,
        evidence,
        trials,
        refs,
        path: PathView::of(graph, &path),
    }
}

/// Countermeasures of `mechanism`, strongest evidence first.
pub fn strategies(
    graph: &Graph,
    mechanism: NodeIx,
    rules: &Rules,
) -> Result<StrategyReport, PathError> {
    let rules = rules.compile(graph)?;
    // Broader mechanisms, breadth first, each with the chain that reaches it.
    let mut chain: Vec<Option<(NodeIx, Step)>> = vec![None; graph.node_count()];
    let mut seen = vec![false; graph.node_count()];
    seen[mechanism.index()] = true;
    let mut order = vec![mechanism];
    let mut queue = VecDeque::from([mechanism]);
    let kind = graph.node(mechanism).category_id();
    while let Some(at) = queue.pop_front() {
        for (next, step) in role_steps(graph, &rules, at, Role::Broader) {
            // A broader *mechanism*: the climb stays within the category of
            // the node asked about, so it stops below outcomes such as
            // "acquired resistance" whose countermeasures fit every mechanism.
            let same_kind = graph.node(next).category_id() == kind;
            if same_kind && !seen[next.index()] {
                seen[next.index()] = true;
                chain[next.index()] = Some((at, step));
                order.push(next);
                queue.push_back(next);
            }
        }
    }
    let path_to = |target: NodeIx| {
        let mut nodes = vec![target];
        let mut steps = Vec::new();
        let mut at = target;
        while let Some((prev, step)) = chain[at.index()] {
            nodes.push(prev);
            steps.push(step);
            at = prev;
        }
        nodes.reverse();
        steps.reverse();
        Path { nodes, steps }
    };

    let mut found: Vec<Strategy> = Vec::new();
    let mut keep = |candidate: Strategy| {
        // One justification per strategy: the strongest evidence, then the
        // shortest path (mechanisms are visited nearest first).
        match found
            .iter_mut()
            .find(|f| f.strategy.id == candidate.strategy.id)
        {
            Some(existing) if existing.rank < candidate.rank => *existing = candidate,
            Some(_) => {}
            None => found.push(candidate),
        }
    };
    for &m in &order {
        for (s, step) in role_steps(graph, &rules, m, Role::Counteracts) {
            if seen[s.index()] {
                continue;
            }
            let mut path = path_to(m);
            path.nodes.push(s);
            path.steps.push(step);
            for (member, member_step) in role_steps(graph, &rules, s, Role::Member) {
                if seen[member.index()] || path.nodes.contains(&member) {
                    continue;
                }
                let mut longer = path.clone();
                longer.nodes.push(member);
                longer.steps.push(member_step);
                keep(strategy(graph, m, longer, 2));
            }
            keep(strategy(graph, m, path, 1));
        }
    }
    if found.is_empty() {
        return Err(PathError::NoStrategy(
            graph.node(mechanism).name().to_owned(),
        ));
    }
    found.sort_by(|a, b| {
        b.rank
            .cmp(&a.rank)
            .then(a.path.hops.cmp(&b.path.hops))
            .then_with(|| a.strategy.name.cmp(&b.strategy.name))
            .then_with(|| a.strategy.id.cmp(&b.strategy.id))
    });
    Ok(StrategyReport {
        mechanism: NodeSummary::of(graph, mechanism),
        broader: order[1..]
            .iter()
            .map(|&n| NodeSummary::of(graph, n))
            .collect(),
        strategies: found,
    })
}
