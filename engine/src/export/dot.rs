//! Graphviz DOT from a [`Drawing`], built as graphviz-rust `dot_structures`
//! and printed by its printer.
//!
//! The printer writes ids and values exactly as given, so every id and label
//! goes through [`quote`] (or [`html`] for HTML-like labels) here: a node
//! named `a"]; b -> c [` stays one node.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use rustc_hash::FxHashSet;

use super::drawing::{Drawing, Emphasis};
use super::style::Style;
use crate::graph::{EdgeIx, Graph, NodeIx};
use crate::schema::View;

/// Largest drawing, in inches (`size`), for figures drawn as graphs.
pub const MAX_INCHES: &str = "20.8,20.8";

/// Pale backgrounds that tell neighbouring clusters apart.
const CLUSTER_FILLS: &[&str] = &["#f1f6fb", "#fdf5ea", "#f2f9f1", "#f9f1f8", "#f5f5f5"];

/// A DOT double-quoted string: `"` and `\` escaped, a line break as `\n`
/// (Graphviz's centred line break), other control characters as spaces.
/// Doubling every backslash also stops Graphviz expanding `\N`, `\G`, … in labels.
pub fn quote(text: &str) -> String {
    let text = fit(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The most characters of one DOT string before escaping: escaped, a
/// character takes at most 6 bytes (`&quot;`), so the result stays within
/// Graphviz's limit of 16,384 bytes per string.
pub const MAX_STRING: usize = 2_600;

/// `text` short enough for one DOT string. A longer one keeps its start and
/// ends with a checksum of the whole, so two long ids stay two nodes.
pub fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_STRING) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!(
            "{}…#{:08x}",
            &text[..end.min(text.len())],
            crc32fast::hash(text.as_bytes())
        )),
    }
}

/// Text for the inside of an HTML-like label: markup characters as entities,
/// line breaks as `<BR/>`, other control characters as spaces. `]` is written
/// as an entity too: Graphviz 2.43 rejects an element whose text is just `]`.
pub fn html(text: &str) -> String {
    let text = fit(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            ']' => out.push_str("&#93;"),
            '\n' => out.push_str("<BR/>"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn text(value: &str) -> Id {
    Id::Escaped(quote(value))
}

/// Text Graphviz shows: it decodes `&…;` entities even in plain labels, so a
/// literal `&` is written as `&amp;` to be shown as typed.
fn shown(value: &str) -> Id {
    Id::Escaped(quote(&value.replace('&', "&amp;")))
}

fn label(key: &str, value: &str) -> Attribute {
    Attribute(plain(key), shown(value))
}

fn plain(value: &str) -> Id {
    Id::Plain(value.to_owned())
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(plain(key), text(value))
}

fn num(key: &str, value: f32) -> Attribute {
    Attribute(plain(key), plain(&format!("{value}")))
}

fn node_id(id: &str) -> NodeId {
    NodeId(text(id), None)
}

/// The drawing as DOT text.
pub fn write(drawing: &Drawing) -> String {
    to_graph(drawing).print(&mut PrinterContext::default()) + "\n"
}

/// Draws any result (nodes and edges of `graph`) with an emphasised part, as DOT.
/// Path and neighbourhood commands call this with their result.
pub fn subgraph(
    graph: &Graph,
    nodes: &[NodeIx],
    edges: &[EdgeIx],
    emphasis: &Emphasis,
    style: &Style,
) -> String {
    let frame = View {
        id: "result".to_owned(),
        rankdir: "LR".to_owned(),
        ..View::default()
    };
    write(&Drawing::build(graph, nodes, edges, emphasis, style, frame))
}

/// The mechanism hierarchy (see [`crate::hierarchy`]) as a top-down DOT
/// tree: each mechanism a node labelled with its countermeasure count, an
/// arrow from each broader mechanism to each narrower one.
pub fn tree(graph: &Graph, trees: &[crate::hierarchy::TreeNode], style: &Style) -> String {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("fontname", &style.font),
            num("nodesep", 0.15),
            num("ranksep", 0.4),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", &style.font),
            num("fontsize", 10.0),
            attr("shape", "box"),
            attr("style", "rounded,filled"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("color", "#78909c"),
            attr("arrowhead", "none"),
        ])),
    ];
    let mut seen = FxHashSet::default();
    fn walk(
        graph: &Graph,
        node: &crate::hierarchy::TreeNode,
        style: &Style,
        seen: &mut FxHashSet<String>,
        stmts: &mut Vec<Stmt>,
    ) {
        if seen.insert(node.id.clone()) {
            let fill = graph.find_id(&node.id).map_or_else(
                || "#eeeeee".to_owned(),
                |ix| style.node(graph.node(ix).category_id()).fill,
            );
            let count = match node.countermeasures {
                1 => "1 countermeasure".to_owned(),
                n => format!("{n} countermeasures"),
            };
            stmts.push(Stmt::Node(Node::new(
                node_id(&node.id),
                vec![
                    label(
                        "label",
                        &format!("{}\n({count})", super::drawing::wrap(&node.name, 28)),
                    ),
                    attr("fillcolor", &fill),
                ],
            )));
        }
        for child in &node.children {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(node_id(&node.id)), Vertex::N(node_id(&child.id))),
                attributes: vec![],
            }));
            walk(graph, child, style, seen, stmts);
        }
    }
    for t in trees {
        walk(graph, t, style, &mut seen, &mut stmts);
    }
    DotGraph::DiGraph {
        id: text("mechanisms"),
        strict: true,
        stmts,
    }
    .print(&mut PrinterContext::default())
        + "\n"
}

/// The drawing as graphviz-rust structures.
pub fn to_graph(drawing: &Drawing) -> DotGraph {
    if let Some(table) = &drawing.table {
        return table_graph(drawing, table);
    }
    let font = drawing.font.as_str();
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs(drawing))),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", font),
            num("fontsize", 11.0),
            attr("margin", "0.12,0.06"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", font),
            num("fontsize", 9.0),
            num("arrowsize", 0.8),
        ])),
    ];
    let mut clusters: Vec<Vec<Stmt>> = drawing.clusters.iter().map(|_| Vec::new()).collect();
    for node in &drawing.nodes {
        let stmt = Stmt::Node(node_stmt(node));
        match node.cluster.and_then(|c| clusters.get_mut(c)) {
            Some(members) => members.push(stmt),
            None => stmts.push(stmt),
        }
    }
    let mut members = clusters;
    for i in 0..drawing.clusters.len() {
        if drawing.cluster_parents.get(i).copied().flatten().is_none()
            && let Some(cluster) = cluster_stmt(drawing, i, &mut members, 0)
        {
            stmts.push(cluster);
        }
    }
    for edge in &drawing.edges {
        let from = &drawing.nodes[edge.from].id;
        let to = &drawing.nodes[edge.to].id;
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
            attributes: vec![
                label("label", &edge.label),
                label("tooltip", &edge.tooltip),
                label("labeltooltip", &edge.tooltip),
                attr("color", &edge.color),
                attr("fontcolor", &edge.font_color),
                attr("arrowhead", &edge.arrowhead),
                attr("style", &edge.style),
                num("penwidth", edge.penwidth),
            ],
        }));
    }
    stmts.extend(ring(drawing));
    if let Some(legend) = legend(drawing) {
        stmts.push(Stmt::Subgraph(legend));
    }
    DotGraph::DiGraph {
        id: text(&drawing.name),
        strict: false,
        stmts,
    }
}

/// Cluster `i` as a subgraph holding its members and the clusters drawn
/// inside it; `None` when none of them has a node.
fn cluster_stmt(
    drawing: &Drawing,
    i: usize,
    members: &mut [Vec<Stmt>],
    depth: usize,
) -> Option<Stmt> {
    let mut body = vec![
        Stmt::Attribute(label("label", &drawing.clusters[i])),
        Stmt::Attribute(attr("style", "rounded,filled")),
        Stmt::Attribute(attr("fillcolor", CLUSTER_FILLS[i % CLUSTER_FILLS.len()])),
        Stmt::Attribute(attr("color", "#9e9e9e")),
        Stmt::Attribute(attr("fontname", &drawing.font)),
        Stmt::Attribute(num("fontsize", 13.0)),
    ];
    let head = body.len();
    body.append(&mut members[i]);
    if depth < drawing.clusters.len() {
        for inner in 0..drawing.clusters.len() {
            if drawing.cluster_parents.get(inner).copied().flatten() == Some(i)
                && let Some(stmt) = cluster_stmt(drawing, inner, members, depth + 1)
            {
                body.push(stmt);
            }
        }
    }
    (body.len() > head).then(|| {
        Stmt::Subgraph(Subgraph {
            id: text(&format!("cluster_{i}")),
            stmts: body,
        })
    })
}

/// Background of alternate row groups, so a reader follows one group across.
const GROUP_FILLS: &[&str] = &["#ffffff", "#f3f6fa"];

/// One of the review's tables as a single HTML-like table node: a header
/// row, then the rows with the grouping columns merged (`ROWSPAN`), long
/// cells wrapped so the table stays readable at page width.
fn table_graph(drawing: &Drawing, table: &super::table::Table) -> DotGraph {
    let spans = table.spans();
    let mut html_rows = String::new();
    html_rows.push_str("<TR>");
    for c in &table.columns {
        html_rows.push_str(&format!(
            "<TD BGCOLOR=\"#37474f\"><FONT COLOR=\"white\"><B>{}</B></FONT></TD>",
            html(c)
        ));
    }
    html_rows.push_str("</TR>");
    let mut group = 0usize;
    for (r, row) in table.rows.iter().enumerate() {
        if r > 0 && spans[r].first().is_some_and(|&s| s > 0) {
            group += 1;
        }
        let fill = GROUP_FILLS[group % GROUP_FILLS.len()];
        html_rows.push_str("<TR>");
        for (c, value) in row.iter().enumerate() {
            let span = spans[r][c];
            if span == 0 {
                continue;
            }
            let width = if c < table.grouped { 22 } else { 34 };
            let text = html(&super::drawing::wrap(&value.replace("; ", ";\n"), width))
                .replace("<BR/>", "<BR ALIGN=\"LEFT\"/>");
            let rowspan = if span > 1 {
                format!(" ROWSPAN=\"{span}\"")
            } else {
                String::new()
            };
            html_rows.push_str(&format!(
                "<TD{rowspan} BGCOLOR=\"{fill}\" ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\">{}</TD>",
                if text.is_empty() { " ".to_owned() } else { text }
            ));
        }
        html_rows.push_str("</TR>");
    }
    let label = format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"#b0bec5\">{html_rows}</TABLE>>"
    );
    let stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs(drawing))),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", &drawing.font),
            num("fontsize", 10.0),
            attr("shape", "plaintext"),
        ])),
        Stmt::Node(Node::new(
            node_id("table"),
            vec![Attribute(plain("label"), Id::Html(label))],
        )),
    ];
    DotGraph::DiGraph {
        id: text(&drawing.name),
        strict: false,
        stmts,
    }
}

/// A ring of nodes (a cycle): the first half runs along one side and the
/// second half comes back along the other, each pair opposite one another
/// sharing a rank, and a dotted arrow closes the ring from the last to the first.
fn ring(drawing: &Drawing) -> Vec<Stmt> {
    let ring = &drawing.ring;
    if ring.len() < 3 {
        return Vec::new();
    }
    let id = |i: usize| node_id(&drawing.nodes[ring[i]].id);
    let mut stmts = Vec::new();
    for (k, i) in (0..ring.len() / 2).enumerate() {
        let opposite = ring.len() - 1 - i;
        stmts.push(Stmt::Subgraph(Subgraph {
            id: text(&format!("ring_{k}")),
            stmts: vec![
                Stmt::Attribute(attr("rank", "same")),
                Stmt::Node(Node::new(id(i), vec![])),
                Stmt::Node(Node::new(id(opposite), vec![])),
            ],
        }));
    }
    let (last, first) = (ring.len() - 1, 0);
    stmts.push(Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(id(last)), Vertex::N(id(first))),
        attributes: vec![
            label("label", "cycle repeats"),
            label("tooltip", "the review draws these steps as a cycle"),
            attr("color", "#78909c"),
            attr("fontcolor", "#546e7a"),
            attr("style", "dotted"),
            attr("arrowhead", "normal"),
            num("penwidth", 1.5),
        ],
    }));
    stmts
}

fn graph_attrs(drawing: &Drawing) -> Vec<Attribute> {
    let mut attrs = vec![
        attr("rankdir", &drawing.rankdir),
        attr("fontname", &drawing.font),
        attr("bgcolor", "white"),
        num("nodesep", 0.3),
        num("ranksep", 0.45),
        attr("newrank", "true"),
    ];
    if drawing.table.is_none() {
        // At most 2,000 px a side at 96 dpi: a slide or a page. Graphviz only
        // ever scales a drawing down to this, never up.
        attrs.push(attr("size", MAX_INCHES));
    }
    let title = drawing.title.trim();
    let caption = drawing.caption.trim();
    if !title.is_empty() || !caption.is_empty() {
        // An HTML-like label: a bold title over a smaller, wrapped caption.
        // Graphviz rejects empty `<B></B>`, so absent parts are left out.
        let mut parts = Vec::new();
        if !title.is_empty() {
            parts.push(format!("<B>{}</B>", html(title)));
        }
        if !caption.is_empty() {
            let caption = super::drawing::wrap(caption, 110);
            parts.push(format!("<FONT POINT-SIZE=\"11\">{}</FONT>", html(&caption)));
        }
        attrs.extend([
            Attribute(
                plain("label"),
                Id::Html(format!("<{}>", parts.join("<BR/>"))),
            ),
            attr("labelloc", "t"),
            attr("labeljust", "l"),
            num("fontsize", 16.0),
        ]);
    }
    attrs
}

fn node_stmt(node: &super::drawing::DrawNode) -> Node {
    let boxy = matches!(node.shape.as_str(), "box" | "rect" | "rectangle" | "square");
    Node::new(
        node_id(&node.id),
        vec![
            label("label", &node.label),
            label("tooltip", &node.tooltip),
            attr("shape", &node.shape),
            attr("style", if boxy { "rounded,filled" } else { "filled" }),
            attr("fillcolor", &node.fill),
            attr("color", &node.border),
            attr("fontcolor", &node.font_color),
            num("penwidth", node.penwidth),
        ],
    )
}

/// A legend cluster: one sample node per category drawn and one sample edge
/// per polarity drawn, so shapes, colours and arrowheads explain themselves.
fn legend(drawing: &Drawing) -> Option<Subgraph> {
    let legend = &drawing.legend;
    if legend.categories.is_empty() && legend.polarities.is_empty() {
        return None;
    }
    let taken: FxHashSet<&str> = drawing.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut counter = 0usize;
    // Legend ids must not collide with any node id the data may hold.
    let mut fresh = || loop {
        let id = format!("legend:{counter}");
        counter += 1;
        if !taken.contains(id.as_str()) {
            return id;
        }
    };
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("color", "#bdbdbd")),
        Stmt::Attribute(attr("fontname", &drawing.font)),
        Stmt::Attribute(num("fontsize", 11.0)),
    ];
    let sideways = matches!(drawing.rankdir.as_str(), "LR" | "RL");
    let mut previous: Option<String> = None;
    for (name, look) in &legend.categories {
        let id = fresh();
        // Left to right, nodes without edges stack in one tall column;
        // invisible links lay the category samples out in a row instead.
        if let (true, Some(prev)) = (sideways, &previous) {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(node_id(prev)), Vertex::N(node_id(&id))),
                attributes: vec![attr("style", "invis")],
            }));
        }
        previous = Some(id.clone());
        let boxy = matches!(look.shape.as_str(), "box" | "rect" | "rectangle" | "square");
        stmts.push(Stmt::Node(Node::new(
            node_id(&id),
            vec![
                label("label", name),
                attr("shape", &look.shape),
                attr("style", if boxy { "rounded,filled" } else { "filled" }),
                attr("fillcolor", &look.fill),
                attr("color", "#424242"),
                num("fontsize", 9.0),
                num("height", 0.3),
            ],
        )));
    }
    for look in &legend.polarities {
        // A short sample edge ending at its own words: "• ──┤ inhibits".
        let (start, words) = (fresh(), fresh());
        stmts.push(Stmt::Node(Node::new(
            node_id(&start),
            vec![
                attr("label", ""),
                attr("shape", "point"),
                num("width", 0.05),
                attr("color", &look.color),
            ],
        )));
        stmts.push(Stmt::Node(Node::new(
            node_id(&words),
            vec![
                label("label", &look.legend),
                attr("shape", "plaintext"),
                num("fontsize", 9.0),
                num("height", 0.2),
            ],
        )));
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&start)), Vertex::N(node_id(&words))),
            attributes: vec![
                attr("color", &look.color),
                attr("arrowhead", &look.arrowhead),
                attr("style", &look.style),
                num("penwidth", 1.5),
            ],
        }));
    }
    Some(Subgraph {
        id: text("cluster_legend"),
        stmts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("β2M"), "\"β2M\"");
        assert_eq!(quote(r#"a"]; b -> c ["#), r#""a\"]; b -> c [""#);
        assert_eq!(quote("end\\"), r#""end\\""#);
        assert_eq!(quote("two\nlines\r"), r#""two\nlines""#);
        assert_eq!(quote("tab\tnul\0"), "\"tab nul \"");
    }

    #[test]
    fn html_text_escapes_markup() {
        assert_eq!(
            html("<b>&\"x\"</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
        assert_eq!(html("a\nb"), "a<BR/>b");
        assert_eq!(html("]"), "&#93;");
        assert_eq!(html("IFN-γ"), "IFN-γ");
    }
}
