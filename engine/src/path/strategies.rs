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

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Path, PathError, PathView, Step};
use crate::graph::{EdgeIx, Graph, NodeIx, keys};
use crate::provenance::{Caveats, Provenance};
use crate::schema::PredicateId;
use crate::summary::NodeSummary;

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

/// What an exclusion rule does to an inherited countermeasure it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Leave it out of the list (it is reported under `excluded`).
    Drop,
    /// Keep it, ranked after the unflagged ones, with the rule's reason.
    Flag,
}

#[derive(Debug, Deserialize)]
struct ExclusionRow {
    rule: String,
    agent_predicates: String,
    mechanism_predicates: String,
    action: Action,
    reason: String,
}

/// One exclusion rule (`schema/strategy_exclusions.csv`): a countermeasure
/// inherited from a broader mechanism is dropped or flagged when it reaches
/// some component X over one of `agent_predicates` while the specific
/// mechanism reaches the same X over one of `mechanism_predicates` (an agent
/// that raises MHC-I, for a mechanism that removes it). `reason` may name
/// `{agent}`, `{component}`, `{mechanism}` and `{class}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    pub rule: String,
    pub agent_predicates: Vec<String>,
    pub mechanism_predicates: Vec<String>,
    pub action: Action,
    pub reason: String,
}

/// The exclusion rules shipped with the built-in data.
pub const BUILTIN_EXCLUSIONS: &str =
    include_str!("../../../graph-data/schema/strategy_exclusions.csv");

/// Where the exclusion rules live inside a graph folder.
pub const EXCLUSIONS_FILE: &str = "schema/strategy_exclusions.csv";

/// The strategy rules of a graph: which predicates play which role, and
/// which inherited countermeasures to drop or flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    pub rules: Vec<Rule>,
    pub exclusions: Vec<Exclusion>,
}

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
        Ok(Rules {
            rules,
            exclusions: Vec::new(),
        })
    }

    /// Parses an exclusion rules CSV; `origin` names it in messages.
    pub fn parse_exclusions(text: &str, origin: &str) -> Result<Vec<Exclusion>, PathError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut exclusions = Vec::new();
        for (i, row) in reader.deserialize::<ExclusionRow>().enumerate() {
            let row = row.map_err(|err| {
                let line = err.position().map_or(i + 2, |p| p.line() as usize);
                PathError::Rules(format!(
                    "{origin}:{line}: {} (expected rule,agent_predicates,mechanism_predicates,action,reason with action drop|flag)",
                    short_csv_error(&err)
                ))
            })?;
            let list = |cell: &str| -> Vec<String> {
                cell.split('|')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            };
            exclusions.push(Exclusion {
                rule: row.rule,
                agent_predicates: list(&row.agent_predicates),
                mechanism_predicates: list(&row.mechanism_predicates),
                action: row.action,
                reason: row.reason,
            });
        }
        Ok(exclusions)
    }

    pub fn builtin() -> Rules {
        let mut rules = Rules::parse(BUILTIN_RULES, "built-in strategy_rules.csv")
            .expect("the shipped strategy rules parse");
        rules.exclusions =
            Rules::parse_exclusions(BUILTIN_EXCLUSIONS, "built-in strategy_exclusions.csv")
                .expect("the shipped exclusion rules parse");
        rules
    }

    /// Rules whose predicate the graph knows, as predicate ids.
    fn compile(&self, graph: &Graph) -> Result<Vec<(PredicateId, Role, bool)>, PathError> {
        let compiled: Vec<_> = self
            .rules
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
                .rules
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

/// How a countermeasure relates to the mechanism asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The review names it for this mechanism.
    Direct,
    /// Named for a narrower mechanism of the one asked about (a class).
    Narrower,
    /// Named for a broader mechanism: inherited, not stated.
    Broader,
}

/// An exclusion rule that matched a countermeasure.
#[derive(Clone, Debug, Serialize)]
pub struct RuleHit {
    pub rule: String,
    pub action: Action,
    /// The rule's reason with the names filled in.
    pub reason: String,
    /// The component both edges reach (MHC-I, IFN-γ signalling, …).
    pub component: NodeSummary,
}

/// One countermeasure and why it counts.
#[derive(Clone, Debug, Serialize)]
pub struct Strategy {
    pub strategy: NodeSummary,
    /// The mechanism the review names it for: the one asked about, a
    /// narrower or a broader one.
    pub counteracts: NodeSummary,
    pub scope: Scope,
    /// `knowledge_level` and `agent_type` of the answer: those of the
    /// counteracting edge when the review states it for this mechanism,
    /// `logical_entailment` by `automated_agent` when icigraph infers it;
    /// `support`, `section`, `setting` and `outcome` of the edge it rests on.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The node the inference goes through: the mechanism named instead of
    /// the one asked about, or the strategy class a member belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The strategy class a member shares the countermeasure with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_of: Option<NodeSummary>,
    /// In words: what the review says and what icigraph infers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inference: Option<String>,
    pub evidence: Option<String>,
    /// The evidence level's label from the schema (`Phase 3 clinical trial`, …).
    pub evidence_label: Option<String>,
    /// The evidence level's rank (higher is stronger).
    pub rank: Option<u8>,
    /// Where the ranking puts it: `against_resistance` (studied in ICI-resistant
    /// or ICI-experienced settings), `clinical`, `not_stated`, `preclinical`.
    pub tier: &'static str,
    #[serde(flatten)]
    pub caveats: Caveats,
    pub refs: Vec<i64>,
    /// Exclusion rules that flag it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<RuleHit>,
    /// From the mechanism asked about to the strategy.
    pub path: PathView,
}

/// An inherited countermeasure an exclusion rule dropped.
#[derive(Clone, Debug, Serialize)]
pub struct Excluded {
    pub strategy: NodeSummary,
    pub via: String,
    /// The refs of the edge it would have been inherited through.
    pub refs: Vec<i64>,
    #[serde(flatten)]
    pub hit: RuleHit,
}

/// A mechanism that involves a node which is not itself a mechanism, with
/// that mechanism's countermeasures.
#[derive(Clone, Debug, Serialize)]
pub struct Involvement {
    /// The edge read from the mechanism (`involves`, `promoted by`, …); for
    /// a mechanism two steps away, both readings with the node between.
    pub reading: String,
    /// The node between, when the mechanism is two steps away.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<NodeSummary>,
    pub report: StrategyReport,
}

#[derive(Clone, Debug, Serialize)]
pub struct StrategyReport {
    pub mechanism: NodeSummary,
    /// The broader mechanisms it belongs to, nearest first.
    pub broader: Vec<NodeSummary>,
    /// The narrower mechanisms it gathers, nearest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub narrower: Vec<NodeSummary>,
    pub strategies: Vec<Strategy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<Excluded>,
    /// Set when the node asked about is not a mechanism: the mechanisms that
    /// involve it, each with its countermeasures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub involved_in: Vec<Involvement>,
}

/// What `strategies` includes.
#[derive(Clone, Copy, Debug, Default)]
pub struct StrategyOptions {
    /// Only countermeasures the review names for this very mechanism.
    pub direct_only: bool,
}

type Compiled = [(PredicateId, Role, bool)];

/// For each mechanism reached by [`climb`], the one it was reached from and the step.
type Chain = FxHashMap<NodeIx, (NodeIx, Step)>;

/// Steps from `node` along edges of the given role, each as (next node, step
/// walked from `node`), where `node` is the narrower mechanism (`Broader`;
/// the broader one when `down`), the mechanism countered (`Counteracts`) or
/// the strategy class (`Member`).
fn role_steps(
    graph: &Graph,
    rules: &Compiled,
    node: NodeIx,
    role: Role,
    down: bool,
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
                        Role::Broader => (forward == node_is_subject) != down,
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

/// Mechanisms reached from `start` along `Broader` edges (up, or down when
/// `down`), breadth first within `start`'s category, each with the step that
/// reached it; `start` first.
fn climb(graph: &Graph, rules: &Compiled, start: NodeIx, down: bool) -> (Vec<NodeIx>, Chain) {
    let kind = graph.node(start).category_id();
    let mut chain: Chain = FxHashMap::default();
    let mut order = vec![start];
    let mut queue = VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for (next, step) in role_steps(graph, rules, at, Role::Broader, down) {
            // The walk stays within the category of the node asked about, so
            // it stops below outcomes such as "acquired resistance" whose
            // countermeasures fit every mechanism.
            if graph.node(next).category_id() == kind && next != start && !chain.contains_key(&next)
            {
                chain.insert(next, (at, step));
                order.push(next);
                queue.push_back(next);
            }
        }
    }
    (order, chain)
}

fn path_to(chain: &Chain, target: NodeIx) -> Path {
    let mut nodes = vec![target];
    let mut steps = Vec::new();
    let mut at = target;
    while let Some(&(prev, step)) = chain.get(&at) {
        nodes.push(prev);
        steps.push(step);
        at = prev;
    }
    nodes.reverse();
    steps.reverse();
    Path { nodes, steps }
}

/// A member's own evidence and trials: those of its bookkeeping edges (the
/// studies and combinations it was tested in) and its membership edge, never
/// its class's.
fn own_evidence(
    graph: &Graph,
    member: NodeIx,
    membership: EdgeIx,
) -> (Option<String>, Vec<String>) {
    let schema = graph.schema();
    let mut best: Option<(Option<u8>, String)> = None;
    let mut trials: Vec<String> = Vec::new();
    let mut consider = |e: EdgeIx| {
        let edge = graph.edge(e);
        if let Some(level) = edge.prop_text(keys::EVIDENCE) {
            let rank = schema.evidence(&level).map(|l| l.rank);
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, level));
            }
        }
        for t in edge.prop_list(keys::TRIALS) {
            if !trials.iter().any(|x| x == t) {
                trials.push(t.to_owned());
            }
        }
    };
    consider(membership);
    for dir in [Direction::Outgoing, Direction::Incoming] {
        for e in graph.edges(member, dir) {
            if graph.edge(e).predicate().bookkeeping {
                consider(e);
            }
        }
    }
    (best.map(|(_, level)| level), trials)
}

/// Exclusion rules matching `agents` (the countermeasure, and its class for
/// a member) against the mechanisms between the one asked about and the one
/// the review names.
fn rule_hits(
    graph: &Graph,
    exclusions: &[Exclusion],
    agents: &[NodeIx],
    mechanisms: &[NodeIx],
    class: NodeIx,
) -> Vec<RuleHit> {
    let targets = |node: NodeIx, predicates: &[String]| -> Vec<NodeIx> {
        graph
            .edges(node, Direction::Outgoing)
            .map(|e| graph.edge(e))
            .filter(|e| predicates.iter().any(|p| *p == e.predicate().name))
            .map(|e| e.object())
            .collect()
    };
    let mut hits = Vec::new();
    for rule in exclusions {
        for &agent in agents {
            let raised = targets(agent, &rule.agent_predicates);
            for &mechanism in mechanisms {
                let removed = targets(mechanism, &rule.mechanism_predicates);
                if let Some(&component) = raised.iter().find(|c| removed.contains(c)) {
                    let reason = rule
                        .reason
                        .replace("{agent}", graph.node(agent).name())
                        .replace("{component}", graph.node(component).name())
                        .replace("{mechanism}", graph.node(mechanism).name())
                        .replace("{class}", graph.node(class).name());
                    if !hits.iter().any(|h: &RuleHit| h.rule == rule.rule) {
                        hits.push(RuleHit {
                            rule: rule.rule.clone(),
                            action: rule.action,
                            reason,
                            component: NodeSummary::of(graph, component),
                        });
                    }
                }
            }
        }
    }
    hits
}

/// One candidate: the countermeasure at the end of `path`, named for
/// `named_for` by the counteracting edge `counter`; `member` is the
/// membership edge when the countermeasure is a member of the strategy the
/// edge names.
struct Candidate {
    path: Path,
    named_for: NodeIx,
    counter: EdgeIx,
    member: Option<(NodeIx, EdgeIx)>,
    scope: Scope,
}

fn build(graph: &Graph, asked: NodeIx, c: Candidate) -> Strategy {
    let schema = graph.schema();
    let edge = graph.edge(c.counter);
    let end = *c.path.nodes.last().expect("a path has nodes");
    let class = c.member.map(|(class, _)| class);
    let mut provenance = Provenance::of(&edge);
    let mut caveats = Caveats::of(graph, &edge);
    let mut evidence = edge.prop_text(keys::EVIDENCE);
    let mut refs = edge.refs();
    if let Some((_, membership)) = c.member {
        let (own, trials) = own_evidence(graph, end, membership);
        evidence = own;
        caveats.trials = trials;
        for r in graph.edge(membership).refs() {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
    }
    let inferred = c.scope != Scope::Direct || c.member.is_some();
    let (mut via, mut inference) = (None, None);
    if inferred {
        let inherited = Provenance::inferred();
        provenance.knowledge_level = inherited.knowledge_level;
        provenance.agent_type = inherited.agent_type;
        let name = |n: NodeIx| graph.node(n).name().to_owned();
        let (strategy, for_, asked_name) =
            (name(class.unwrap_or(end)), name(c.named_for), name(asked));
        let mut sentence = match c.scope {
            Scope::Direct => format!("the review names {strategy} for {for_}"),
            Scope::Broader => {
                format!("the review names {strategy} for {for_}, not for {asked_name}")
            }
            Scope::Narrower => {
                format!("the review names {strategy} for {for_}, one kind of {asked_name}")
            }
        };
        if class.is_some() {
            sentence.push_str(&format!(
                "; {} is one of its agents, not named for it itself",
                name(end)
            ));
        }
        inference = Some(sentence);
        via = Some(if c.scope == Scope::Direct {
            graph.node(class.expect("a member")).id().to_owned()
        } else {
            graph.node(c.named_for).id().to_owned()
        });
    }
    let level = evidence.as_deref().and_then(|e| schema.evidence(e));
    let rank = level.map(|l| l.rank);
    let tier = tier(schema, &provenance, level, &caveats);
    Strategy {
        strategy: NodeSummary::of(graph, end),
        counteracts: NodeSummary::of(graph, c.named_for),
        scope: c.scope,
        provenance,
        via,
        member_of: class.map(|n| NodeSummary::of(graph, n)),
        inference,
        evidence_label: level.map(|l| l.label.clone()).filter(|l| !l.is_empty()),
        rank,
        evidence,
        tier,
        caveats,
        refs,
        flags: Vec::new(),
        path: PathView::of(graph, &c.path),
    }
}

/// Settings that count as evidence against resistance.
const AGAINST_RESISTANCE: &[&str] = &["ici_resistant", "ici_experienced"];

/// The ranking tier: shown against resistance, then clinical, then evidence
/// not stated, then preclinical. "Not stated" is unknown, not weak: it ranks
/// above preclinical work, and a countermeasure with trials counts as
/// clinical.
fn tier(
    schema: &crate::schema::Schema,
    provenance: &Provenance,
    level: Option<&crate::schema::EvidenceLevel>,
    caveats: &Caveats,
) -> &'static str {
    if provenance
        .setting
        .as_deref()
        .is_some_and(|s| AGAINST_RESISTANCE.contains(&s))
    {
        return "against_resistance";
    }
    match level {
        Some(level) if schema.is_clinical(level) => "clinical",
        Some(_) => "preclinical",
        None if !caveats.trials.is_empty() => "clinical",
        None => "not_stated",
    }
}

fn tier_order(tier: &str) -> u8 {
    match tier {
        "against_resistance" => 0,
        "clinical" => 1,
        "not_stated" => 2,
        _ => 3,
    }
}

/// Countermeasures of `mechanism`: those the review names for it first, then
/// those of its narrower mechanisms (grouped by mechanism), then those
/// inherited from broader ones, labelled as inferred; see the module
/// documentation for the ranking.
pub fn strategies(
    graph: &Graph,
    mechanism: NodeIx,
    rules: &Rules,
    options: StrategyOptions,
) -> Result<StrategyReport, PathError> {
    let compiled = rules.compile(graph)?;
    if !is_mechanism(graph, &compiled, mechanism) {
        return involvements(graph, mechanism, rules, &compiled, options);
    }
    let report = report(graph, mechanism, rules, &compiled, options);
    if report.strategies.is_empty() && report.excluded.is_empty() {
        return Err(PathError::NoStrategy(
            graph.node(mechanism).name().to_owned(),
        ));
    }
    Ok(report)
}

/// Whether `node` is a mechanism: something counteracts it, or a broader
/// or narrower mechanism of its category that something counteracts.
fn is_mechanism(graph: &Graph, rules: &Compiled, node: NodeIx) -> bool {
    let countered = |n: NodeIx| !role_steps(graph, rules, n, Role::Counteracts, false).is_empty();
    climb(graph, rules, node, false)
        .0
        .into_iter()
        .any(countered)
        || climb(graph, rules, node, true).0.into_iter().any(countered)
}

/// The answer for a node that is not a mechanism: the mechanisms next to it,
/// each with its own countermeasures.
fn involvements(
    graph: &Graph,
    node: NodeIx,
    rules: &Rules,
    compiled: &Compiled,
    options: StrategyOptions,
) -> Result<StrategyReport, PathError> {
    // Edges at `at`, each as (other end, the edge read from that end).
    let around = |at: NodeIx| -> Vec<(NodeIx, String)> {
        let mut out = Vec::new();
        for (dir, at_is_subject) in [(Direction::Incoming, false), (Direction::Outgoing, true)] {
            for e in graph.edges(at, dir) {
                let edge = graph.edge(e);
                let other = edge.other(at);
                if other != at {
                    out.push((other, edge.reading(!at_is_subject)));
                }
            }
        }
        out
    };
    let mut involved_in: Vec<Involvement> = Vec::new();
    let mut seen = FxHashSet::from_iter([node]);
    let mut add = |involved_in: &mut Vec<Involvement>,
                   m: NodeIx,
                   reading: String,
                   through: Option<NodeIx>| {
        if !seen.insert(m) || !is_mechanism(graph, compiled, m) {
            return;
        }
        let report = report(graph, m, rules, compiled, options);
        if !report.strategies.is_empty() {
            involved_in.push(Involvement {
                reading,
                through: through.map(|t| NodeSummary::of(graph, t)),
                report,
            });
        }
    };
    let first = around(node);
    for (m, reading) in &first {
        add(&mut involved_in, *m, reading.clone(), None);
    }
    // None next to it: one step further, through nodes of its own category
    // (kynurenine → IDO → the IDO mechanism), so hubs of other kinds (the
    // tumor cell) do not pull in every mechanism.
    if involved_in.is_empty() {
        let kind = graph.node(node).category_id();
        for (mid, reading) in first {
            if graph.node(mid).category_id() != kind {
                continue;
            }
            for (m, first_reading) in around(mid) {
                let chain = format!("{first_reading}→ {} —{reading}", graph.node(mid).name());
                add(&mut involved_in, m, chain, Some(mid));
            }
        }
    }
    if involved_in.is_empty() {
        return Err(PathError::NotAMechanism(graph.node(node).name().to_owned()));
    }
    involved_in.sort_by(|a, b| a.report.mechanism.name.cmp(&b.report.mechanism.name));
    Ok(StrategyReport {
        mechanism: NodeSummary::of(graph, node),
        broader: Vec::new(),
        narrower: Vec::new(),
        strategies: Vec::new(),
        excluded: Vec::new(),
        involved_in,
    })
}

fn report(
    graph: &Graph,
    mechanism: NodeIx,
    rules: &Rules,
    compiled: &Compiled,
    options: StrategyOptions,
) -> StrategyReport {
    let (up, up_chain) = climb(graph, compiled, mechanism, false);
    let (down, down_chain) = climb(graph, compiled, mechanism, true);
    let mut candidates: Vec<Candidate> = Vec::new();
    let groups: Vec<(NodeIx, Scope, &Chain)> = up
        .iter()
        .map(|&m| {
            let scope = if m == mechanism {
                Scope::Direct
            } else {
                Scope::Broader
            };
            (m, scope, &up_chain)
        })
        .chain(down[1..].iter().map(|&m| (m, Scope::Narrower, &down_chain)))
        .collect();
    let mechanisms: FxHashSet<NodeIx> = up.iter().chain(&down).copied().collect();
    for &(m, scope, chain) in &groups {
        if options.direct_only && scope != Scope::Direct {
            continue;
        }
        for (s, step) in role_steps(graph, compiled, m, Role::Counteracts, false) {
            if mechanisms.contains(&s) {
                continue;
            }
            let mut path = path_to(chain, m);
            path.nodes.push(s);
            path.steps.push(step);
            if !options.direct_only {
                for (member, member_step) in role_steps(graph, compiled, s, Role::Member, false) {
                    if mechanisms.contains(&member) || path.nodes.contains(&member) {
                        continue;
                    }
                    let mut longer = path.clone();
                    longer.nodes.push(member);
                    longer.steps.push(member_step);
                    candidates.push(Candidate {
                        path: longer,
                        named_for: m,
                        counter: step.edge,
                        member: Some((s, member_step.edge)),
                        scope,
                    });
                }
            }
            candidates.push(Candidate {
                path,
                named_for: m,
                counter: step.edge,
                member: None,
                scope,
            });
        }
    }
    let group_of = |m: NodeIx| groups.iter().position(|g| g.0 == m).unwrap_or(0);
    // One justification per countermeasure: the closest scope, a stated
    // edge before a membership, then the strongest evidence.
    let mut best: Vec<Strategy> = Vec::new();
    let mut excluded: Vec<Excluded> = Vec::new();
    for c in candidates {
        let named_for = c.named_for;
        let agents: Vec<NodeIx> = match c.member {
            Some((class, _)) => vec![*c.path.nodes.last().expect("nodes"), class],
            None => vec![*c.path.nodes.last().expect("nodes")],
        };
        let mut item = build(graph, mechanism, c);
        if item.scope == Scope::Broader {
            // The mechanisms narrower than the one named, down to the one asked.
            let below: Vec<NodeIx> = item
                .path
                .path
                .nodes
                .iter()
                .take_while(|&&n| n != named_for)
                .copied()
                .collect();
            let hits = rule_hits(graph, &rules.exclusions, &agents, &below, named_for);
            if let Some(drop) = hits.iter().find(|h| h.action == Action::Drop) {
                if !excluded.iter().any(|x| x.strategy.id == item.strategy.id) {
                    excluded.push(Excluded {
                        strategy: item.strategy.clone(),
                        via: graph.node(named_for).id().to_owned(),
                        refs: item.refs.clone(),
                        hit: drop.clone(),
                    });
                }
                continue;
            }
            item.flags = hits;
        }
        let key = |s: &Strategy| (s.scope, s.member_of.is_some(), std::cmp::Reverse(s.rank));
        match best.iter_mut().find(|b| b.strategy.id == item.strategy.id) {
            Some(existing) if key(&item) < key(existing) => *existing = item,
            Some(_) => {}
            None => best.push(item),
        }
    }
    // A countermeasure kept through another justification is not excluded.
    excluded.retain(|x| !best.iter().any(|b| b.strategy.id == x.strategy.id));
    best.sort_by(|a, b| {
        let key = |s: &Strategy| {
            let named_for = graph
                .find_id(&s.counteracts.id)
                .expect("a node of the graph");
            (
                s.provenance.outcome.as_deref() == Some("negative"),
                s.scope,
                s.member_of.is_some() && s.scope == Scope::Direct,
                if s.scope == Scope::Narrower {
                    group_of(named_for)
                } else {
                    0
                },
                !s.flags.is_empty(),
                tier_order(s.tier),
                std::cmp::Reverse(s.rank),
                s.path.hops,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.strategy.name.cmp(&b.strategy.name))
            .then_with(|| a.strategy.id.cmp(&b.strategy.id))
    });
    StrategyReport {
        mechanism: NodeSummary::of(graph, mechanism),
        broader: up[1..].iter().map(|&n| NodeSummary::of(graph, n)).collect(),
        narrower: down[1..]
            .iter()
            .map(|&n| NodeSummary::of(graph, n))
            .collect(),
        strategies: best,
        excluded,
        involved_in: Vec::new(),
    }
}
