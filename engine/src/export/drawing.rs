//! A drawing: the nodes, edges, clusters and legend of one picture with every
//! look already decided. DOT text and the pure-Rust fallback renderer are both
//! written from it, so the two never disagree about what is shown.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{EdgeIx, Graph, NodeIx, keys};
use crate::neighborhood::Neighborhood;
use crate::schema::{CategoryId, Polarity, PredicateId, View};
use crate::suggest;

use super::style::{EdgeLook, NodeLook, Style, fade};

/// How many nodes a neighbourhood drawing shows before leaf neighbours of
/// one category, reached by one predicate from one node, are summarised as a
/// single node ("12 clinical trials").
pub const NODE_BUDGET: usize = 40;

/// How much faded context is mixed with white.
const FADE: f32 = 0.7;
/// Line width of a faint predicate's edges (`draw_faint` in the schema).
const FAINT_WIDTH: f32 = 0.7;
const EMPHASIS_WIDTH: f32 = 2.5;

/// Which part of a result to emphasise; everything else is faded context.
/// An empty emphasis draws everything plainly.
#[derive(Clone, Debug, Default)]
pub struct Emphasis {
    pub nodes: Vec<NodeIx>,
    pub edges: Vec<EdgeIx>,
}

impl Emphasis {
    fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DrawNode {
    /// The node's graph id, used as its DOT id.
    pub id: String,
    /// Text shown, already wrapped into lines with `\n`.
    pub label: String,
    pub tooltip: String,
    pub shape: String,
    pub fill: String,
    pub border: String,
    pub font_color: String,
    pub penwidth: f32,
    /// Index into [`Drawing::clusters`].
    pub cluster: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DrawEdge {
    /// Indices into [`Drawing::nodes`].
    pub from: usize,
    pub to: usize,
    pub label: String,
    pub tooltip: String,
    pub polarity: Polarity,
    pub color: String,
    pub font_color: String,
    pub arrowhead: String,
    pub style: String,
    pub penwidth: f32,
}

/// What the legend explains: only the categories and polarities drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Legend {
    pub categories: Vec<(String, NodeLook)>,
    pub polarities: Vec<EdgeLook>,
}

#[derive(Clone, Debug)]
pub struct Drawing {
    pub name: String,
    pub title: String,
    pub caption: String,
    pub rankdir: String,
    pub font: String,
    /// Cluster names, in the view's order.
    pub clusters: Vec<String>,
    /// For each cluster, the cluster it is drawn inside (`Outer > Inner` in
    /// the view's `clusters` cell), if any.
    pub cluster_parents: Vec<Option<usize>>,
    pub nodes: Vec<DrawNode>,
    pub edges: Vec<DrawEdge>,
    pub legend: Legend,
    /// Indices into [`Drawing::nodes`] placed around a ring, in order; the
    /// last is joined back to the first.
    pub ring: Vec<usize>,
    /// Set for the review's tables: drawn as one table, not as a graph.
    pub table: Option<super::table::Table>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DrawError {
    #[error("unknown figure \"{name}\"{}", hint(.suggestions, .known))]
    UnknownView {
        name: String,
        suggestions: Vec<String>,
        /// Every view id, to list when nothing is close.
        known: Vec<String>,
    },
    #[error("the graph defines no figure views (schema/views.csv)")]
    NoViews,
    #[error("unknown category \"{name}\" for --expand{}", hint(.suggestions, .known))]
    UnknownCategory {
        name: String,
        suggestions: Vec<String>,
        known: Vec<String>,
    },
}

/// "did you mean" when a name is close, then the list of valid names.
fn hint(suggestions: &[String], known: &[String]) -> String {
    let quoted =
        |list: &[String]| -> Vec<String> { list.iter().map(|s| format!("\"{s}\"")).collect() };
    let all = format!("the choices are {}", quoted(known).join(", "));
    if suggestions.is_empty() {
        format!("; {all}")
    } else {
        format!(
            "; did you mean {}? ({all})",
            quoted(suggestions).join(" or ")
        )
    }
}

impl Drawing {
    /// Draws the given nodes and edges (an edge's endpoints are added when
    /// missing, so no edge dangles), emphasising `emphasis`.
    pub fn build(
        graph: &Graph,
        nodes: &[NodeIx],
        edges: &[EdgeIx],
        emphasis: &Emphasis,
        style: &Style,
        frame: View,
    ) -> Drawing {
        let strong_nodes: FxHashSet<NodeIx> = emphasis.nodes.iter().copied().collect();
        let strong_edges: FxHashSet<EdgeIx> = emphasis.edges.iter().copied().collect();
        let plain = emphasis.is_empty();

        let mut order: Vec<NodeIx> = Vec::new();
        let mut position: FxHashMap<NodeIx, usize> = FxHashMap::default();
        let mut take = |ix: NodeIx, order: &mut Vec<NodeIx>| {
            *position.entry(ix).or_insert_with(|| {
                order.push(ix);
                order.len() - 1
            })
        };
        for &ix in nodes {
            take(ix, &mut order);
        }
        let (clusters, cluster_parents) = nest(&frame.clusters);
        let cluster_of = |ix: NodeIx| node_cluster(graph, ix, &clusters, &frame.placements);
        let mut seen_edges = FxHashSet::default();
        let mut edge_list = Vec::new();
        let mut hidden: FxHashSet<NodeIx> = FxHashSet::default();
        for &e in edges {
            if !seen_edges.insert(e) {
                continue;
            }
            let edge = graph.edge(e);
            if stated_by_cluster(
                graph,
                e,
                &frame.implied,
                &clusters,
                &cluster_parents,
                &cluster_of,
            ) {
                hidden.insert(edge.object());
                continue;
            }
            // The schema, not the row, decides which way the arrow points.
            let (a, b) = if edge.predicate().draw_reversed {
                (edge.object(), edge.subject())
            } else {
                (edge.subject(), edge.object())
            };
            let from = take(a, &mut order);
            let to = take(b, &mut order);
            edge_list.push((e, from, to));
        }
        // A node whose only edges were stated by a cluster named after it is
        // the cluster itself: not drawn again inside it.
        let drawn: FxHashSet<usize> = edge_list.iter().flat_map(|&(_, f, t)| [f, t]).collect();
        let keep: Vec<bool> = order
            .iter()
            .enumerate()
            .map(|(i, ix)| {
                drawn.contains(&i)
                    || !(hidden.contains(ix)
                        || names_its_cluster(graph, *ix, &clusters, &cluster_of))
            })
            .collect();
        let mut renumber = vec![usize::MAX; order.len()];
        let mut next = 0;
        for (i, &k) in keep.iter().enumerate() {
            if k {
                renumber[i] = next;
                next += 1;
            }
        }
        let order: Vec<NodeIx> = order
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(ix, _)| *ix)
            .collect();
        for (_, from, to) in &mut edge_list {
            *from = renumber[*from];
            *to = renumber[*to];
        }

        // A node joined to the emphasised part by an emphasised edge is part of
        // the result: drawn plainly, not faded.
        let mut touched: FxHashSet<NodeIx> = FxHashSet::default();
        for &e in &strong_edges {
            let edge = graph.edge(e);
            touched.insert(edge.subject());
            touched.insert(edge.object());
        }
        let mut categories: Vec<CategoryId> = Vec::new();
        let draw_nodes = order
            .iter()
            .map(|&ix| {
                let node = graph.node(ix);
                if !categories.contains(&node.category_id()) {
                    categories.push(node.category_id());
                }
                let look = style.node(node.category_id());
                let strong = !plain && strong_nodes.contains(&ix);
                let faded = !plain && !strong && !touched.contains(&ix);
                let cluster = cluster_of(ix);
                DrawNode {
                    id: node.id().to_owned(),
                    label: wrap(&shorten(node.name(), MAX_LABEL), style.wrap),
                    tooltip: format!("{} [{}] {}", node.name(), node.category().name, node.id()),
                    shape: look.shape,
                    fill: if faded {
                        fade(&look.fill, FADE)
                    } else {
                        look.fill
                    },
                    border: if faded { "#bdbdbd" } else { "#424242" }.to_owned(),
                    font_color: if faded { "#9e9e9e" } else { "#000000" }.to_owned(),
                    penwidth: if strong { EMPHASIS_WIDTH } else { 1.0 },
                    cluster,
                }
            })
            .collect();

        let mut polarities: Vec<Polarity> = Vec::new();
        let mut faint_predicates: Vec<PredicateId> = Vec::new();
        let draw_edges = edge_list
            .into_iter()
            .map(|(e, from, to)| {
                let edge = graph.edge(e);
                let polarity = edge.predicate().polarity;
                if !polarities.contains(&polarity) {
                    polarities.push(polarity);
                }
                let look = style.edge(polarity);
                let strong = !plain && strong_edges.contains(&e);
                let faint = edge.predicate().draw_faint && !strong;
                if faint && !faint_predicates.contains(&edge.predicate_id()) {
                    faint_predicates.push(edge.predicate_id());
                }
                let faded = (!plain && !strong) || faint;
                DrawEdge {
                    from,
                    to,
                    label: if faint {
                        String::new()
                    } else {
                        shorten(&edge.reading(!edge.predicate().draw_reversed), MAX_LABEL)
                    },
                    tooltip: edge_tooltip(graph, e),
                    polarity,
                    color: if faded {
                        fade(&look.color, FADE)
                    } else {
                        look.color.clone()
                    },
                    font_color: if faded { "#9e9e9e" } else { "#212121" }.to_owned(),
                    arrowhead: look.arrowhead.clone(),
                    style: look.style.clone(),
                    penwidth: if strong {
                        EMPHASIS_WIDTH
                    } else if faint {
                        FAINT_WIDTH
                    } else {
                        1.2
                    },
                }
            })
            .collect();

        categories.sort();
        polarities.sort_by_key(|p| *p as u8);
        let legend = Legend {
            categories: categories
                .into_iter()
                .map(|c| (graph.schema().category(c).name.clone(), style.node(c)))
                .collect(),
            polarities: polarities
                .into_iter()
                .map(|p| style.edge(p).clone())
                .chain(faint_predicates.into_iter().map(|p| {
                    let predicate = graph.schema().predicate(p);
                    let look = style.edge(predicate.polarity);
                    EdgeLook {
                        color: fade(&look.color, FADE),
                        legend: format!("{} (faint, unlabelled)", predicate.reading()),
                        ..look.clone()
                    }
                }))
                .collect(),
        };
        let ring = frame
            .ring
            .iter()
            .filter_map(|id| {
                let ix = graph.find_id(id)?;
                order.iter().position(|&o| o == ix)
            })
            .collect();
        Drawing {
            table: None,
            ring,
            name: frame.id,
            title: frame.title,
            caption: frame.caption,
            rankdir: rankdir(&frame.rankdir).to_owned(),
            font: style.font.clone(),
            clusters,
            cluster_parents,
            nodes: draw_nodes,
            edges: draw_edges,
            legend,
        }
    }

    /// A figure view: the nodes and edges whose `figures` cell names it.
    pub fn figure(graph: &Graph, view: &str, style: &Style) -> Result<Drawing, DrawError> {
        let view = find_view(graph, view)?;
        let (nodes, edges) = members(graph, &view.id);
        let mut drawing = Drawing::build(
            graph,
            &nodes,
            &edges,
            &Emphasis::default(),
            style,
            view.clone(),
        );
        if !view.table.is_empty() {
            drawing.table = super::table::Table::of_view(graph, &view.id).ok();
        }
        Ok(drawing)
    }

    /// The whole graph.
    pub fn whole(graph: &Graph, style: &Style) -> Drawing {
        let nodes: Vec<NodeIx> = graph.node_indices().collect();
        let edges: Vec<EdgeIx> = graph.edge_indices().collect();
        let frame = View {
            id: "icigraph".to_owned(),
            title: "Acquired resistance to immune checkpoint inhibitors".to_owned(),
            caption: format!(
                "The whole graph: {} nodes, {} edges.",
                graph.node_count(),
                graph.edge_count()
            ),
            rankdir: "LR".to_owned(),
            ..View::default()
        };
        Drawing::build(graph, &nodes, &edges, &Emphasis::default(), style, frame)
    }

    /// A neighbourhood: the centre and the edges that reached each neighbour
    /// emphasised, the other edges among the same nodes as faded context.
    pub fn neighborhood(graph: &Graph, hood: &Neighborhood, style: &Style) -> Drawing {
        let center = graph
            .find_id(&hood.center.id)
            .expect("the neighbourhood was computed on this graph");
        let mut nodes = vec![center];
        nodes.extend(hood.neighbors.iter().map(|n| n.index));
        let emphasis = Emphasis {
            nodes: vec![center],
            edges: hood.neighbors.iter().map(|n| n.edge).collect(),
        };
        let edges = induced_edges(graph, &nodes);
        let frame = View {
            id: "neighbors".to_owned(),
            title: format!("Around {}", hood.center.name),
            caption: format!(
                "{} neighbours within {} step{}.",
                hood.neighbors.len(),
                hood.depth,
                if hood.depth == 1 { "" } else { "s" }
            ),
            rankdir: "LR".to_owned(),
            ..View::default()
        };
        Drawing::build(graph, &nodes, &edges, &emphasis, style, frame)
    }
}

/// The cluster a node is drawn in: a view's placement first, else its own
/// `cluster` cell, when the frame has a cluster of that name.
fn node_cluster(
    graph: &Graph,
    ix: NodeIx,
    clusters: &[String],
    placements: &[(String, String)],
) -> Option<usize> {
    let node = graph.node(ix);
    let position = |name: &str| {
        clusters
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name.trim()))
    };
    match placements.iter().find(|(id, _)| id == node.id()) {
        Some((_, cluster)) => position(cluster),
        None => node.prop_list(keys::CLUSTER).into_iter().find_map(position),
    }
}

/// Whether a node is named like the cluster it sits in ("tumor
/// microenvironment" inside the "Tumor microenvironment" box).
fn names_its_cluster(
    graph: &Graph,
    ix: NodeIx,
    clusters: &[String],
    cluster_of: &dyn Fn(NodeIx) -> Option<usize>,
) -> bool {
    cluster_of(ix).is_some_and(|c| names(graph, ix, &clusters[c]))
}

fn names(graph: &Graph, ix: NodeIx, label: &str) -> bool {
    let node = graph.node(ix);
    let label = label.trim();
    node.name().eq_ignore_ascii_case(label)
        || node.synonyms().any(|s| s.eq_ignore_ascii_case(label))
}

/// A view's cluster entries as names and, for an entry written
/// `Outer > Inner`, the index of the cluster it sits inside (an outer name
/// that is not a cluster of the view is a cluster of its own, at the top).
fn nest(entries: &[String]) -> (Vec<String>, Vec<Option<usize>>) {
    let mut names: Vec<String> = Vec::new();
    let mut parents: Vec<Option<usize>> = Vec::new();
    let mut index = |name: &str, parent: Option<usize>, names: &mut Vec<String>| {
        match names.iter().position(|n| n.eq_ignore_ascii_case(name)) {
            Some(i) => {
                // Never a loop: the outer cluster may not sit inside this one.
                let mut up = parent;
                let mut steps = 0;
                while let Some(p) = up
                    && p != i
                    && steps <= parents.len()
                {
                    up = parents[p];
                    steps += 1;
                }
                if parent.is_some() && up.is_none() {
                    parents[i] = parent;
                }
                i
            }
            None => {
                names.push(name.to_owned());
                parents.push(parent);
                names.len() - 1
            }
        }
    };
    for entry in entries {
        let mut parent = None;
        for part in entry.split(" > ").map(str::trim).filter(|p| !p.is_empty()) {
            parent = Some(index(part, parent, &mut names));
        }
    }
    (names, parents)
}

/// An edge of an implied predicate whose subject is drawn inside a cluster
/// named after the object, or inside a cluster within one: the box already
/// says it ("located in the tumor microenvironment", "step of the
/// cancer-immunity cycle").
fn stated_by_cluster(
    graph: &Graph,
    e: EdgeIx,
    implied: &[String],
    clusters: &[String],
    parents: &[Option<usize>],
    cluster_of: &dyn Fn(NodeIx) -> Option<usize>,
) -> bool {
    let edge = graph.edge(e);
    if !implied.iter().any(|p| *p == edge.predicate().name) {
        return false;
    }
    let mut at = cluster_of(edge.subject());
    // A view's nesting is a tree, but a cell can say otherwise: stop after
    // as many steps as there are clusters.
    for _ in 0..=clusters.len() {
        let Some(c) = at else { return false };
        if names(graph, edge.object(), &clusters[c]) {
            return true;
        }
        at = parents[c];
    }
    false
}

impl Drawing {
    /// A neighbourhood kept readable: beyond `budget` nodes, leaf neighbours
    /// (joined to nothing else drawn) of one category reached by one
    /// predicate from one node become one summary node, unless their
    /// category is in `expand`.
    pub fn neighborhood_within(
        graph: &Graph,
        hood: &Neighborhood,
        style: &Style,
        budget: usize,
        expand: &[String],
    ) -> Result<Drawing, DrawError> {
        let schema = graph.schema();
        let mut open: Vec<CategoryId> = Vec::new();
        for name in expand {
            let found = schema
                .categories()
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name.trim()));
            match found {
                Some(i) => open.push(CategoryId(i as u16)),
                None => {
                    let known: Vec<String> =
                        schema.categories().iter().map(|c| c.name.clone()).collect();
                    return Err(DrawError::UnknownCategory {
                        name: name.clone(),
                        suggestions: suggest::closest(name, known.iter().map(String::as_str), 3),
                        known,
                    });
                }
            }
        }
        let mut drawing = Drawing::neighborhood(graph, hood, style);
        if drawing.nodes.len() <= budget {
            return Ok(drawing);
        }
        // A leaf of the walk: no other neighbour was reached through it.
        let parents: FxHashSet<&str> = hood.neighbors.iter().map(|n| n.from.id.as_str()).collect();
        // (parent, category, predicate, parent is subject) → leaf members.
        type Key = (NodeIx, CategoryId, crate::schema::PredicateId, bool);
        let mut groups: Vec<(Key, Vec<&crate::neighborhood::Neighbor>)> = Vec::new();
        for n in &hood.neighbors {
            let node = graph.node(n.index);
            if parents.contains(n.node.id.as_str()) || open.contains(&node.category_id()) {
                continue;
            }
            let edge = graph.edge(n.edge);
            let parent = edge.other(n.index);
            let key = (
                parent,
                node.category_id(),
                edge.predicate_id(),
                edge.subject() == parent,
            );
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(n),
                None => groups.push((key, vec![n])),
            }
        }
        // Collapse the biggest groups first until the drawing fits.
        groups.retain(|(_, members)| members.len() > 1);
        groups.sort_by_key(|(_, members)| std::cmp::Reverse(members.len()));
        let mut count = drawing.nodes.len();
        let mut collapsed = Vec::new();
        for group in groups {
            if count <= budget {
                break;
            }
            count -= group.1.len() - 1;
            collapsed.push(group);
        }
        let gone: FxHashSet<String> = collapsed
            .iter()
            .flat_map(|(_, members)| members.iter().map(|m| m.node.id.clone()))
            .collect();
        let mut kept = Vec::new();
        let mut renumber = vec![usize::MAX; drawing.nodes.len()];
        for (i, node) in drawing.nodes.drain(..).enumerate() {
            if !gone.contains(&node.id) {
                renumber[i] = kept.len();
                kept.push(node);
            }
        }
        drawing.nodes = kept;
        drawing
            .edges
            .retain(|e| renumber[e.from] != usize::MAX && renumber[e.to] != usize::MAX);
        for e in &mut drawing.edges {
            e.from = renumber[e.from];
            e.to = renumber[e.to];
        }
        let taken: FxHashSet<String> = drawing.nodes.iter().map(|n| n.id.clone()).collect();
        for (k, ((parent, category, predicate, parent_first), members)) in
            collapsed.into_iter().enumerate()
        {
            let mut id = format!("group:{k}");
            while taken.contains(&id) {
                id.push('_');
            }
            let look = style.node(category);
            let predicate = schema.predicate(predicate);
            let names: Vec<&str> = members.iter().map(|m| m.node.name.as_str()).collect();
            let shown = names.len().min(30);
            let mut tooltip = names[..shown].join(", ");
            if names.len() > shown {
                tooltip.push_str(&format!(", and {} more", names.len() - shown));
            }
            let label = format!(
                "{} {}",
                members.len(),
                plural(&schema.category(category).name)
            );
            drawing.nodes.push(DrawNode {
                id,
                label: wrap(&label, style.wrap),
                tooltip,
                shape: look.shape,
                fill: look.fill,
                border: "#424242".to_owned(),
                font_color: "#000000".to_owned(),
                penwidth: 2.0,
                cluster: None,
            });
            let summary = drawing.nodes.len() - 1;
            let Some(at) = drawing
                .nodes
                .iter()
                .position(|n| n.id == graph.node(parent).id())
            else {
                continue;
            };
            let look = style.edge(predicate.polarity);
            let (from, to) = if parent_first {
                (at, summary)
            } else {
                (summary, at)
            };
            drawing.edges.push(DrawEdge {
                from,
                to,
                label: format!("{} ×{}", predicate.reading(), members.len()),
                tooltip: format!(
                    "{} {} each of: {}",
                    graph.node(parent).name(),
                    predicate.reading(),
                    names.join(", ")
                ),
                polarity: predicate.polarity,
                color: look.color.clone(),
                font_color: "#212121".to_owned(),
                arrowhead: look.arrowhead.clone(),
                style: look.style.clone(),
                penwidth: 2.0,
            });
        }
        drawing.caption = format!(
            "{} (leaf neighbours beyond {budget} nodes grouped; --expand CATEGORY opens a group)",
            drawing.caption.trim_end_matches('.')
        );
        Ok(drawing)
    }
}

/// "ClinicalTrial" → "clinical trials", "Strategy" → "strategies".
fn plural(category: &str) -> String {
    let mut words = String::new();
    for (i, c) in category.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    if let Some(stem) = words
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else if words.ends_with('s') {
        format!("{words}es")
    } else {
        format!("{words}s")
    }
}

/// Every edge whose two endpoints are both in `nodes`.
pub fn induced_edges(graph: &Graph, nodes: &[NodeIx]) -> Vec<EdgeIx> {
    let set: FxHashSet<NodeIx> = nodes.iter().copied().collect();
    graph
        .edge_indices()
        .filter(|&e| {
            let edge = graph.edge(e);
            set.contains(&edge.subject()) && set.contains(&edge.object())
        })
        .collect()
}

/// The view with this id (ignoring case), or an error naming the close ones.
pub fn find_view<'g>(graph: &'g Graph, name: &str) -> Result<&'g View, DrawError> {
    let views = graph.schema().views();
    if views.is_empty() {
        return Err(DrawError::NoViews);
    }
    views
        .iter()
        .find(|v| v.id.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| DrawError::UnknownView {
            name: name.to_owned(),
            suggestions: suggest::closest(name, views.iter().map(|v| v.id.as_str()), 3),
            known: views.iter().map(|v| v.id.clone()).collect(),
        })
}

/// One view as the `figures` listing shows it: its schema row and how much
/// of the graph it holds.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ViewSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub caption: &'a str,
    pub rankdir: &'a str,
    pub clusters: &'a [String],
    pub nodes: usize,
    pub edges: usize,
}

/// Every view of the schema, in its order, with its member counts.
pub fn view_summaries(graph: &Graph) -> Vec<ViewSummary<'_>> {
    graph
        .schema()
        .views()
        .iter()
        .map(|v| {
            let (nodes, edges) = members(graph, &v.id);
            ViewSummary {
                id: &v.id,
                title: &v.title,
                caption: &v.caption,
                rankdir: &v.rankdir,
                clusters: &v.clusters,
                nodes: nodes.len(),
                edges: edges.len(),
            }
        })
        .collect()
}

/// Nodes and edges tagged with a view in their `figures` property.
pub fn members(graph: &Graph, view: &str) -> (Vec<NodeIx>, Vec<EdgeIx>) {
    let nodes = graph
        .node_indices()
        .filter(|&ix| graph.node(ix).prop_list(keys::FIGURES).contains(&view))
        .collect();
    let edges = graph
        .edge_indices()
        .filter(|&e| graph.edge(e).prop_list(keys::FIGURES).contains(&view))
        .collect();
    (nodes, edges)
}

/// `subject —reading→ object`, then refs and evidence: what a reader hovering
/// over an edge wants to check.
fn edge_tooltip(graph: &Graph, e: EdgeIx) -> String {
    let edge = graph.edge(e);
    let mut text = format!(
        "{} {} {}",
        graph.node(edge.subject()).name(),
        edge.reading(true),
        graph.node(edge.object()).name()
    );
    let refs = edge.refs();
    if !refs.is_empty() {
        let list: Vec<String> = refs.iter().map(i64::to_string).collect();
        text.push_str(&format!("; refs [{}]", list.join(", ")));
    }
    if let Some(evidence) = edge.prop_text(keys::EVIDENCE).filter(|s| !s.is_empty()) {
        text.push_str(&format!("; evidence: {evidence}"));
    }
    text
}

fn rankdir(text: &str) -> &'static str {
    match text.trim().to_ascii_uppercase().as_str() {
        "LR" => "LR",
        "RL" => "RL",
        "BT" => "BT",
        _ => "TB",
    }
}

/// The most characters of a name a drawing shows; the tooltip keeps the
/// whole name (as much of it as DOT allows, see `dot::fit`).
pub const MAX_LABEL: usize = 80;

/// `text` cut to `max` characters, marked with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Breaks a label into lines of about `width` characters at spaces, so long
/// names make tall nodes rather than very wide ones.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        text.to_owned()
    } else {
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_at_spaces() {
        assert_eq!(wrap("β2M", 18), "β2M");
        assert_eq!(
            wrap("loss of antigen presentation machinery", 18),
            "loss of antigen\npresentation\nmachinery"
        );
        assert_eq!(wrap("  ", 18), "  ");
    }

    #[test]
    fn rank_directions_are_checked() {
        assert_eq!(rankdir("lr"), "LR");
        assert_eq!(rankdir(""), "TB");
        assert_eq!(rankdir("sideways"), "TB");
    }

    #[test]
    fn category_names_become_plural_words() {
        assert_eq!(plural("ClinicalTrial"), "clinical trials");
        assert_eq!(plural("Strategy"), "strategies");
        assert_eq!(plural("Disease"), "diseases");
        assert_eq!(plural("CellType"), "cell types");
    }
}
