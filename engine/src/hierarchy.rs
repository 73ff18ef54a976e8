//! The mechanism hierarchy as a tree: broad classes (tumor cell-intrinsic,
//! -extrinsic) down to each specific mechanism, with how many countermeasures
//! target a mechanism or one below it. Which edges mean "narrower than" and
//! "counteracts" comes from the strategy rules, as for `strategies`.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::graph::{Graph, NodeIx};
use crate::path::strategies::{Role, Rules};
use crate::schema::CategoryId;

/// One mechanism and the narrower ones below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TreeNode {
    pub id: String,
    pub name: String,
    /// Distinct strategies and drugs that counteract this mechanism or any
    /// mechanism below it.
    pub countermeasures: usize,
    pub children: Vec<TreeNode>,
}

struct Links {
    /// Narrower mechanisms of each node, in edge order.
    children: FxHashMap<NodeIx, Vec<NodeIx>>,
    has_parent: FxHashSet<NodeIx>,
    /// The countermeasures aimed directly at each node.
    counters: FxHashMap<NodeIx, FxHashSet<NodeIx>>,
}

/// The tree under `root`, or every top-level mechanism's tree when `root` is
/// `None`. A mechanism with several broader ones appears under each; a cycle
/// in the data is cut where it would repeat a node of the current branch.
pub fn tree(graph: &Graph, root: Option<NodeIx>, rules: &Rules) -> Vec<TreeNode> {
    let links = links(graph, rules, root.map(|r| graph.node(r).category_id()));
    let roots: Vec<NodeIx> = match root {
        Some(r) => vec![r],
        None => {
            let mut roots: Vec<NodeIx> = links
                .children
                .keys()
                .copied()
                .filter(|n| !links.has_parent.contains(n))
                .collect();
            roots.sort_by_key(|n| n.index());
            roots
        }
    };
    let mut branch = Vec::new();
    roots
        .into_iter()
        .map(|r| build(graph, &links, r, &mut branch).0)
        .collect()
}

fn links(graph: &Graph, rules: &Rules, category: Option<CategoryId>) -> Links {
    let mut links = Links {
        children: FxHashMap::default(),
        has_parent: FxHashSet::default(),
        counters: FxHashMap::default(),
    };
    let rule_of = |name: &str| rules.rules.iter().find(|r| r.predicate == name);
    // The hierarchy's category: the one asked about, else the category most
    // countermeasures aim at (mechanisms, in the shipped data).
    let mut targets: FxHashMap<CategoryId, usize> = FxHashMap::default();
    for e in graph.edge_indices() {
        let edge = graph.edge(e);
        if let Some(rule) = rule_of(&edge.predicate().name) {
            let (narrow, broad) = if rule.forward {
                (edge.subject(), edge.object())
            } else {
                (edge.object(), edge.subject())
            };
            match rule.role {
                Role::Counteracts => {
                    *targets.entry(graph.node(broad).category_id()).or_default() += 1;
                    links.counters.entry(broad).or_default().insert(narrow);
                }
                Role::Broader | Role::Member => {}
            }
        }
    }
    let category = category.or_else(|| {
        targets
            .into_iter()
            .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
            .map(|(c, _)| c)
    });
    for e in graph.edge_indices() {
        let edge = graph.edge(e);
        let Some(rule) = rule_of(&edge.predicate().name) else {
            continue;
        };
        if rule.role != Role::Broader {
            continue;
        }
        let (narrow, broad) = if rule.forward {
            (edge.subject(), edge.object())
        } else {
            (edge.object(), edge.subject())
        };
        let kind = |n: NodeIx| Some(graph.node(n).category_id());
        if narrow == broad || kind(narrow) != category || kind(broad) != category {
            continue;
        }
        let list = links.children.entry(broad).or_default();
        if !list.contains(&narrow) {
            list.push(narrow);
        }
        links.has_parent.insert(narrow);
    }
    links
}

/// Builds one subtree; returns it with the countermeasures found in it.
fn build(
    graph: &Graph,
    links: &Links,
    at: NodeIx,
    branch: &mut Vec<NodeIx>,
) -> (TreeNode, FxHashSet<NodeIx>) {
    branch.push(at);
    let mut counters: FxHashSet<NodeIx> = links.counters.get(&at).cloned().unwrap_or_default();
    let mut children = Vec::new();
    for &child in links.children.get(&at).map_or(&[][..], Vec::as_slice) {
        if branch.contains(&child) {
            continue;
        }
        let (node, found) = build(graph, links, child, branch);
        counters.extend(found);
        children.push(node);
    }
    branch.pop();
    let node = graph.node(at);
    let tree = TreeNode {
        id: node.id().to_owned(),
        name: node.name().to_owned(),
        countermeasures: counters.len(),
        children,
    };
    (tree, counters)
}

/// The tree as indented text, one mechanism a line.
pub fn indented(trees: &[TreeNode]) -> String {
    fn walk(node: &TreeNode, prefix: &str, last: bool, top: bool, out: &mut String) {
        let (branch, next) = match (top, last) {
            (true, _) => ("", String::new()),
            (false, true) => ("└── ", format!("{prefix}    ")),
            (false, false) => ("├── ", format!("{prefix}│   ")),
        };
        let count = match node.countermeasures {
            1 => "1 countermeasure".to_owned(),
            n => format!("{n} countermeasures"),
        };
        out.push_str(&format!("{prefix}{branch}{} ({count})\n", node.name));
        for (i, child) in node.children.iter().enumerate() {
            walk(child, &next, i + 1 == node.children.len(), false, out);
        }
    }
    let mut out = String::new();
    for node in trees {
        walk(node, "", true, true, &mut out);
    }
    out
}
