//! The built-in layout, for machines without Graphviz: every cluster is laid
//! out on its own by layout-rs (its members and the edges between them),
//! then the clusters, as boxes of their laid-out size, are laid out as the
//! nodes of one graph whose edges are the edges between clusters. layout-rs
//! never overlaps two nodes of a graph, so no two cluster boxes overlap; the
//! edges between clusters are drawn straight between node borders, and
//! every edge label is placed where it overlaps no other label and no node
//! (or, when no such place is near its edge, left to the edge's tooltip).
//! The SVG is written here, not by layout-rs, so shapes, arrowheads by
//! polarity and the legend follow the drawing's styles.

use std::fmt::Write as _;

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use icigraph_engine::export::drawing::{DrawEdge, DrawNode, Drawing, wrap};

use super::RenderError;

const FONT: &str = "DejaVu Sans, Helvetica, sans-serif";
/// Average glyph width of the node font (12 px) and the edge font (10 px).
const NODE_CHAR: f64 = 7.0;
const EDGE_CHAR: f64 = 5.8;
const NODE_LINE: f64 = 15.0;
const EDGE_LINE: f64 = 12.0;
/// Space inside a cluster box around its nodes, and above them for its name.
const PAD: f64 = 14.0;
const TITLE: f64 = 20.0;
/// Pale cluster fills, as the DOT drawings use.
const FILLS: &[&str] = &["#f1f6fb", "#fdf5ea", "#f2f9f1", "#f9f1f8", "#f5f5f5"];

/// An axis-aligned box: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    fn around(cx: f64, cy: f64, w: f64, h: f64) -> Rect {
        Rect {
            x0: cx - w / 2.0,
            y0: cy - h / 2.0,
            x1: cx + w / 2.0,
            y1: cy + h / 2.0,
        }
    }

    fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    fn shift(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x0: self.x0 + dx,
            y0: self.y0 + dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// Where everything of a drawing went: what the SVG shows, in its own
/// coordinates (the title and legend block included).
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// One box per drawing node.
    pub nodes: Vec<Rect>,
    /// One box per drawing cluster that has members.
    pub clusters: Vec<(usize, Rect)>,
    /// The box of each edge label drawn, by edge index; labels that found
    /// no free place are left to the edge's tooltip.
    pub labels: Vec<(usize, Rect)>,
    /// The legend block.
    pub legend: Option<Rect>,
}

/// Lays the drawing out and returns SVG text.
pub fn svg(drawing: &Drawing) -> Result<String, RenderError> {
    Ok(layout(drawing)?.1)
}

/// Lays the drawing out: where each part went, and the SVG.
pub fn layout(drawing: &Drawing) -> Result<(Layout, String), RenderError> {
    let placed = guard(|| place(drawing))?;
    let svg = write(drawing, &placed);
    Ok((placed.layout, svg))
}

/// layout-rs asserts on graphs it cannot handle; a panic there must become
/// an error message, not a crash of the command.
fn guard<T>(job: impl FnOnce() -> T) -> Result<T, RenderError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "internal error".to_owned());
        RenderError::Layout(message)
    })
}

/// The node box sizes: the label's lines, padded as the shape needs.
fn node_size(node: &DrawNode) -> (f64, f64) {
    let lines: Vec<&str> = node.label.lines().collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let (w, h) = (
        widest * NODE_CHAR + 20.0,
        lines.len().max(1) as f64 * NODE_LINE + 12.0,
    );
    match node.shape.as_str() {
        "ellipse" | "oval" | "circle" | "doublecircle" => (w * 1.2 + 8.0, h * 1.25),
        "diamond" => (w * 1.5 + 8.0, h * 1.7),
        _ => (w, h),
    }
}

fn label_size(label: &str) -> (f64, f64) {
    let lines: Vec<&str> = label.lines().collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    (
        widest * EDGE_CHAR + 6.0,
        lines.len() as f64 * EDGE_LINE + 2.0,
    )
}

/// One block the outer layout places: a cluster's members, or one node
/// outside every cluster.
struct Block {
    cluster: Option<usize>,
    members: Vec<usize>,
    /// Member boxes relative to the block's top-left corner.
    boxes: Vec<Rect>,
    /// Routed edges inside the block, relative to its corner: edge index and
    /// the curve's segments, from the edge's tail to its head.
    curves: Vec<(usize, Vec<Segment>)>,
    /// Boxes of the clusters inside the block, relative to its corner.
    frames: Vec<(usize, Rect)>,
    width: f64,
    height: f64,
}

struct Placed {
    layout: Layout,
    /// Per edge: the SVG path data, and the polyline its label is placed on.
    paths: Vec<Option<EdgePath>>,
    width: f64,
    height: f64,
    /// The width the title and legend block was laid out for.
    header_width: f64,
}

/// An edge as drawn: SVG path data, and a polyline along it for its label.
type EdgePath = (String, Vec<(f64, f64)>);

/// A cubic Bézier segment: start, two controls, end.
type Segment = [(f64, f64); 4];

/// Records the curves layout-rs routes; the boxes are read from positions.
#[derive(Default)]
struct Recorder {
    curves: Vec<(usize, Vec<Segment>)>,
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        _: Point,
        _: Point,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        properties: Option<String>,
        _: &str,
    ) {
        let Some(edge) = properties.and_then(|p| p.parse::<usize>().ok()) else {
            return;
        };
        // [(M, C1), (C2, P1), (S2, P2), …] as layout-rs writes paths: each
        // later segment's first control mirrors the one before it.
        let p = |q: &Point| (q.x, q.y);
        if path.len() < 2 {
            return;
        }
        let mut segments = vec![[p(&path[0].0), p(&path[0].1), p(&path[1].0), p(&path[1].1)]];
        for pair in &path[2..] {
            let [_, _, c2, end] = *segments.last().expect("one segment");
            let mirrored = (2.0 * end.0 - c2.0, 2.0 * end.1 - c2.1);
            segments.push([end, mirrored, p(&pair.0), p(&pair.1)]);
        }
        self.curves.push((edge, segments));
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

fn orientation(drawing: &Drawing) -> Orientation {
    match drawing.rankdir.as_str() {
        "LR" | "RL" => Orientation::LeftToRight,
        _ => Orientation::TopToBottom,
    }
}

fn element(size: (f64, f64), orientation: Orientation) -> Element {
    Element::create(
        ShapeKind::new_box(""),
        StyleAttr::new(Color::fast("black"), 1, None, 0, 12),
        orientation.flip(),
        Point::new(size.0, size.1),
    )
}

fn hidden_arrow(label: &str, edge: usize) -> Arrow {
    let mut arrow = Arrow::new(
        LineEndKind::None,
        LineEndKind::Arrow,
        LineStyleKind::Normal,
        label,
        &StyleAttr::new(Color::fast("black"), 1, None, 0, 10),
        &None,
        &None,
    );
    arrow.properties = Some(edge.to_string());
    arrow
}

/// Lays out one block's members with the edges between them.
fn block(drawing: &Drawing, cluster: Option<usize>, members: Vec<usize>) -> Block {
    let orientation = orientation(drawing);
    let sizes: Vec<(f64, f64)> = members
        .iter()
        .map(|&n| node_size(&drawing.nodes[n]))
        .collect();
    if members.len() == 1 {
        let (w, h) = sizes[0];
        return finish_block(
            cluster,
            members,
            vec![Rect::around(w / 2.0, h / 2.0, w, h)],
            Vec::new(),
            Vec::new(),
        );
    }
    let mut graph = VisualGraph::new(orientation);
    let handles: Vec<_> = sizes
        .iter()
        .map(|&size| graph.add_node(element(size, orientation)))
        .collect();
    let local = |n: usize| members.iter().position(|&m| m == n);
    for (i, e) in drawing.edges.iter().enumerate() {
        if e.from == e.to {
            continue;
        }
        if let (Some(a), Some(b)) = (local(e.from), local(e.to)) {
            graph.add_edge(hidden_arrow(&e.label, i), handles[a], handles[b]);
        }
    }
    let mut recorder = Recorder::default();
    graph.do_it(false, false, false, &mut recorder);
    let boxes: Vec<Rect> = handles
        .iter()
        .zip(&sizes)
        .map(|(&h, &(w, ht))| {
            let c = graph.pos(h).center();
            Rect::around(c.x, c.y, w, ht)
        })
        .collect();
    // layout-rs turns some edges round to break cycles; a curve starting
    // nearer the edge's head than its tail is drawn backwards.
    let mut curves = recorder.curves;
    for (e, segments) in &mut curves {
        let edge = &drawing.edges[*e];
        let (Some(a), Some(b), Some(first)) = (local(edge.from), local(edge.to), segments.first())
        else {
            continue;
        };
        let distance = |r: &Rect| {
            let c = r.center();
            (c.0 - first[0].0).powi(2) + (c.1 - first[0].1).powi(2)
        };
        if distance(&boxes[b]) < distance(&boxes[a]) {
            segments.reverse();
            for s in segments.iter_mut() {
                s.reverse();
            }
        }
    }
    finish_block(cluster, members, boxes, curves, Vec::new())
}

/// Moves a block's contents so its corner is at (0, 0), leaving room for the
/// cluster's box and name.
fn finish_block(
    cluster: Option<usize>,
    members: Vec<usize>,
    mut boxes: Vec<Rect>,
    mut curves: Vec<(usize, Vec<Segment>)>,
    mut frames: Vec<(usize, Rect)>,
) -> Block {
    // A curve lies within its control points, so a box around those holds
    // every edge drawn inside the block.
    let points: Vec<Rect> = curves
        .iter()
        .flat_map(|(_, segments)| segments.iter().flatten())
        .map(|&(x, y)| Rect::around(x, y, 0.0, 0.0))
        .collect();
    let all = || {
        boxes
            .iter()
            .chain(frames.iter().map(|(_, r)| r))
            .chain(points.iter())
    };
    let (x0, y0, x1, y1) = if boxes.is_empty() {
        (0.0, 0.0, 0.0, 0.0)
    } else {
        (
            all().map(|b| b.x0).fold(f64::MAX, f64::min),
            all().map(|b| b.y0).fold(f64::MAX, f64::min),
            all().map(|b| b.x1).fold(f64::MIN, f64::max),
            all().map(|b| b.y1).fold(f64::MIN, f64::max),
        )
    };
    let (pad, title) = if cluster.is_some() {
        (PAD, TITLE)
    } else {
        (0.0, 0.0)
    };
    let (dx, dy) = (pad - x0, pad + title - y0);
    for b in &mut boxes {
        *b = b.shift(dx, dy);
    }
    for (_, r) in &mut frames {
        *r = r.shift(dx, dy);
    }
    for (_, segments) in &mut curves {
        for p in segments.iter_mut().flatten() {
            *p = (p.0 + dx, p.1 + dy);
        }
    }
    Block {
        cluster,
        members,
        boxes,
        curves,
        frames,
        width: x1 - x0 + 2.0 * pad,
        height: y1 - y0 + 2.0 * pad + title,
    }
}

/// The block of cluster `c`: its members laid out as one graph, or, when
/// clusters sit inside it, their blocks and its own members composed as
/// the top level is. `None` when nothing is drawn in it.
fn cluster_block(drawing: &Drawing, c: usize, depth: usize) -> Option<Block> {
    let direct: Vec<usize> = (0..drawing.nodes.len())
        .filter(|&n| drawing.nodes[n].cluster == Some(c))
        .collect();
    let inner: Vec<Block> = if depth < drawing.clusters.len() {
        (0..drawing.clusters.len())
            .filter(|&i| parent(drawing, i) == Some(c))
            .filter_map(|i| cluster_block(drawing, i, depth + 1))
            .collect()
    } else {
        Vec::new()
    };
    if inner.is_empty() {
        return (!direct.is_empty()).then(|| block(drawing, Some(c), direct));
    }
    let mut items = inner;
    items.extend(direct.into_iter().map(|n| block(drawing, None, vec![n])));
    Some(compose(drawing, Some(c), items))
}

fn parent(drawing: &Drawing, c: usize) -> Option<usize> {
    drawing.cluster_parents.get(c).copied().flatten()
}

/// Lays blocks out as the nodes of one graph, an edge between two blocks
/// when any edge of the drawing joins them, and makes them one block.
fn compose(drawing: &Drawing, cluster: Option<usize>, items: Vec<Block>) -> Block {
    let mut block_of = vec![usize::MAX; drawing.nodes.len()];
    for (b, item) in items.iter().enumerate() {
        for &n in &item.members {
            block_of[n] = b;
        }
    }
    let orientation = orientation(drawing);
    if items.is_empty() {
        return finish_block(cluster, Vec::new(), Vec::new(), Vec::new(), Vec::new());
    }
    let mut outer = VisualGraph::new(orientation);
    let gap = 24.0;
    let handles: Vec<_> = items
        .iter()
        .map(|b| outer.add_node(element((b.width + gap, b.height + gap), orientation)))
        .collect();
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for e in &drawing.edges {
        let (a, b) = (block_of[e.from], block_of[e.to]);
        if a != b
            && a != usize::MAX
            && b != usize::MAX
            && !joined.contains(&(a, b))
            && !joined.contains(&(b, a))
        {
            joined.push((a, b));
            outer.add_edge(hidden_arrow("", usize::MAX), handles[a], handles[b]);
        }
    }
    let mut ignore = Recorder::default();
    outer.do_it(false, false, false, &mut ignore);
    let (mut members, mut boxes, mut curves, mut frames) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (item, &h) in items.into_iter().zip(&handles) {
        let c = outer.pos(h).center();
        let (dx, dy) = (c.x - item.width / 2.0, c.y - item.height / 2.0);
        if let Some(own) = item.cluster {
            frames.push((
                own,
                Rect {
                    x0: dx,
                    y0: dy,
                    x1: dx + item.width,
                    y1: dy + item.height,
                },
            ));
        }
        frames.extend(item.frames.iter().map(|(i, r)| (*i, r.shift(dx, dy))));
        members.extend(item.members);
        boxes.extend(item.boxes.iter().map(|b| b.shift(dx, dy)));
        curves.extend(item.curves.into_iter().map(|(e, segments)| {
            (
                e,
                segments
                    .iter()
                    .map(|s| s.map(|p| (p.0 + dx, p.1 + dy)))
                    .collect::<Vec<Segment>>(),
            )
        }));
    }
    finish_block(cluster, members, boxes, curves, frames)
}

fn place(drawing: &Drawing) -> Placed {
    // The top level: each outermost cluster with anything in it, in the
    // drawing's order, then each node outside every cluster on its own.
    let mut items: Vec<Block> = (0..drawing.clusters.len())
        .filter(|&c| parent(drawing, c).is_none())
        .filter_map(|c| cluster_block(drawing, c, 0))
        .collect();
    for n in 0..drawing.nodes.len() {
        if drawing.nodes[n]
            .cluster
            .is_none_or(|c| c >= drawing.clusters.len())
        {
            items.push(block(drawing, None, vec![n]));
        }
    }
    let top = compose(drawing, None, items);

    // The title and legend block above the graph decides where it starts.
    let header_width = top.width;
    let (legend_rect, header) = header_height(drawing, header_width);
    let margin = 16.0;
    let (dx, dy) = (margin, header + margin);

    let mut layout = Layout {
        nodes: vec![Rect::around(0.0, 0.0, 0.0, 0.0); drawing.nodes.len()],
        legend: legend_rect,
        clusters: top
            .frames
            .iter()
            .map(|(c, r)| (*c, r.shift(dx, dy)))
            .collect(),
        ..Layout::default()
    };
    let mut paths: Vec<Option<EdgePath>> = vec![None; drawing.edges.len()];
    for (&n, b) in top.members.iter().zip(&top.boxes) {
        layout.nodes[n] = b.shift(dx, dy);
    }
    for (e, segments) in &top.curves {
        let moved: Vec<Segment> = segments
            .iter()
            .map(|s| s.map(|p| (p.0 + dx, p.1 + dy)))
            .collect();
        paths[*e] = Some(curve(&moved));
    }
    // Edges between blocks, and any layout-rs did not route: straight
    // between the borders of their nodes.
    for (i, e) in drawing.edges.iter().enumerate() {
        if paths[i].is_none() && e.from != e.to {
            let (a, b) = (layout.nodes[e.from], layout.nodes[e.to]);
            let p = border(&a, b.center());
            let q = border(&b, a.center());
            paths[i] = Some((
                format!("M {:.1} {:.1} L {:.1} {:.1}", p.0, p.1, q.0, q.1),
                vec![p, q],
            ));
        }
    }
    place_labels(drawing, &mut layout, &paths);
    let right = layout
        .nodes
        .iter()
        .chain(layout.clusters.iter().map(|(_, r)| r))
        .chain(layout.legend.iter())
        .map(|r| r.x1)
        .chain(layout.labels.iter().map(|(_, r)| r.x1))
        .fold(0.0, f64::max);
    let bottom = layout
        .nodes
        .iter()
        .chain(layout.clusters.iter().map(|(_, r)| r))
        .map(|r| r.y1)
        .chain(layout.labels.iter().map(|(_, r)| r.y1))
        .fold(header, f64::max);
    Placed {
        layout,
        paths,
        width: right + margin,
        height: bottom + margin,
        header_width,
    }
}

/// SVG path data of the segments, and a polyline through their ends.
fn curve(segments: &[Segment]) -> (String, Vec<(f64, f64)>) {
    let mut d = String::new();
    let mut through = Vec::new();
    for (i, [a, c1, c2, b]) in segments.iter().enumerate() {
        if i == 0 {
            let _ = write!(d, "M {:.1} {:.1}", a.0, a.1);
            through.push(*a);
        }
        let _ = write!(
            d,
            " C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
            c1.0, c1.1, c2.0, c2.1, b.0, b.1
        );
        through.push(*b);
    }
    (d, through)
}

/// Where the segment from the box's centre towards `toward` leaves the box.
fn border(r: &Rect, toward: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = r.center();
    let (dx, dy) = (toward.0 - cx, toward.1 - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let (hw, hh) = ((r.x1 - r.x0) / 2.0, (r.y1 - r.y0) / 2.0);
    let t = (hw / dx.abs()).min(hh / dy.abs());
    (cx + dx * t, cy + dy * t)
}

/// Puts each edge label on its edge where it overlaps no node and no label
/// already placed: the middle first, then further along either way, then
/// beside those places. Labels are placed longest edge last, so short
/// edges keep their labels near them.
fn place_labels(drawing: &Drawing, layout: &mut Layout, paths: &[Option<EdgePath>]) {
    let mut taken: Vec<Rect> = layout.nodes.clone();
    if let Some(legend) = layout.legend {
        taken.push(legend);
    }
    // Cluster names sit in a strip along the top of their boxes.
    for (c, r) in &layout.clusters {
        let w = drawing.clusters[*c].chars().count() as f64 * NODE_CHAR + 12.0;
        taken.push(Rect {
            x0: r.x0,
            y0: r.y0,
            x1: r.x0 + w,
            y1: r.y0 + TITLE,
        });
    }
    for (i, e) in drawing.edges.iter().enumerate() {
        let (Some((_, line)), false) = (&paths[i], e.label.trim().is_empty()) else {
            continue;
        };
        let (w, h) = label_size(&e.label);
        let spot = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]
            .iter()
            .flat_map(|&t| {
                let (x, y) = along(line, t);
                [
                    (0.0, 0.0),
                    (0.0, -h),
                    (0.0, h),
                    (w / 2.0 + 4.0, 0.0),
                    (-w / 2.0 - 4.0, 0.0),
                ]
                .map(|(dx, dy)| Rect::around(x + dx, y + dy, w, h))
            })
            .find(|r| taken.iter().all(|t| !t.overlaps(r)));
        if let Some(r) = spot {
            taken.push(r);
            layout.labels.push((i, r));
        }
    }
}

/// The point a fraction `t` of the way along a polyline.
fn along(line: &[(f64, f64)], t: f64) -> (f64, f64) {
    let lengths: Vec<f64> = line
        .windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .collect();
    let total: f64 = lengths.iter().sum();
    let mut left = total * t;
    for (w, len) in line.windows(2).zip(&lengths) {
        if left <= *len && *len > 0.0 {
            let f = left / len;
            return (
                w[0].0 + (w[1].0 - w[0].0) * f,
                w[0].1 + (w[1].1 - w[0].1) * f,
            );
        }
        left -= len;
    }
    line.last().copied().unwrap_or_default()
}

/// The most characters of a tooltip: a name can be any length, and a
/// picture should not carry every one in full.
const MAX_TOOLTIP: usize = 300;

/// A tooltip, shortened to [`MAX_TOOLTIP`] characters, escaped.
fn tip(s: &str) -> String {
    if s.chars().count() <= MAX_TOOLTIP {
        return esc(s);
    }
    let short: String = s.chars().take(MAX_TOOLTIP - 1).collect();
    esc(&format!("{short}…"))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Lines of the title and caption, and the legend's rows.
struct Header {
    lines: Vec<(f64, String, bool)>,
    legend_top: f64,
    categories: Vec<(f64, f64, usize)>,
    polarities: Vec<(f64, f64, usize)>,
    legend_height: f64,
    row_width: f64,
}

fn header(drawing: &Drawing, graph_width: f64) -> Header {
    let mut lines = Vec::new();
    let mut y = 24.0;
    if !drawing.title.trim().is_empty() {
        lines.push((y, drawing.title.trim().to_owned(), true));
        y += 20.0;
    }
    for line in wrap(drawing.caption.trim(), 120).lines() {
        lines.push((y, line.to_owned(), false));
        y += 16.0;
    }
    let legend_top = y + 6.0;
    let row_width = graph_width.max(900.0);
    let (mut x, mut row_y) = (24.0, legend_top + 32.0);
    let mut categories = Vec::new();
    for (i, (name, _)) in drawing.legend.categories.iter().enumerate() {
        let w = 42.0 + 7.0 * name.chars().count() as f64;
        if x + w > row_width {
            x = 24.0;
            row_y += 24.0;
        }
        categories.push((x, row_y, i));
        x += w;
    }
    x = 24.0;
    row_y += 24.0;
    let mut polarities = Vec::new();
    for (i, look) in drawing.legend.polarities.iter().enumerate() {
        let w = 78.0 + 7.0 * look.legend.chars().count() as f64;
        if x + w > row_width {
            x = 24.0;
            row_y += 24.0;
        }
        polarities.push((x, row_y, i));
        x += w;
    }
    Header {
        lines,
        legend_top,
        categories,
        polarities,
        legend_height: row_y - legend_top + 12.0,
        row_width,
    }
}

/// The legend's box, and how tall the title and legend block is.
fn header_height(drawing: &Drawing, graph_width: f64) -> (Option<Rect>, f64) {
    let h = header(drawing, graph_width);
    if drawing.legend.categories.is_empty() && drawing.legend.polarities.is_empty() {
        return (None, h.legend_top);
    }
    let rect = Rect {
        x0: 12.0,
        y0: h.legend_top,
        x1: 12.0 + h.row_width,
        y1: h.legend_top + h.legend_height,
    };
    (Some(rect), rect.y1)
}

/// A marker id for an arrowhead kind in a colour, defined once.
fn marker(defs: &mut Vec<String>, kind: &str, color: &str) -> Option<String> {
    let kind = match kind {
        "none" => return None,
        "tee" => "tee",
        "empty" | "onormal" => "empty",
        "vee" | "open" => "vee",
        _ => "normal",
    };
    let id = format!("head-{kind}-{}", color.trim_start_matches('#'));
    let body = match kind {
        "tee" => format!("<rect x=\"0\" y=\"0\" width=\"3\" height=\"12\" fill=\"{color}\"/>"),
        "empty" => {
            format!("<polygon points=\"0 0, 10 4, 0 8\" fill=\"white\" stroke=\"{color}\"/>")
        }
        "vee" => format!(
            "<polyline points=\"0 0, 9 4, 0 8\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>"
        ),
        _ => format!("<polygon points=\"0 0, 10 4, 0 8\" fill=\"{color}\"/>"),
    };
    let (w, h, rx, ry) = match kind {
        "tee" => (4, 12, 3, 6),
        "vee" => (10, 8, 9, 4),
        _ => (11, 8, 10, 4),
    };
    let def = format!(
        "<marker id=\"{id}\" markerWidth=\"{w}\" markerHeight=\"{h}\" refX=\"{rx}\" refY=\"{ry}\" orient=\"auto\" markerUnits=\"userSpaceOnUse\">{body}</marker>"
    );
    if !defs.contains(&def) {
        defs.push(def);
    }
    Some(format!("url(#{id})"))
}

fn dash(style: &str) -> &'static str {
    match style {
        "dashed" => " stroke-dasharray=\"6,4\"",
        "dotted" => " stroke-dasharray=\"2,3\"",
        _ => "",
    }
}

fn shape(out: &mut String, node: &DrawNode, r: &Rect) {
    let (cx, cy) = r.center();
    let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
    let paint = format!(
        "fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
        esc(&node.fill),
        esc(&node.border),
        node.penwidth.max(0.5)
    );
    let _ = match node.shape.as_str() {
        "ellipse" | "oval" | "circle" | "doublecircle" => write!(
            out,
            "<ellipse cx=\"{cx:.1}\" cy=\"{cy:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" {paint}/>",
            w / 2.0,
            h / 2.0
        ),
        "diamond" => write!(
            out,
            "<polygon points=\"{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}\" {paint}/>",
            r.y0, r.x1, r.y1, r.x0
        ),
        _ => write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"6\" {paint}/>",
            r.x0, r.y0
        ),
    };
    let lines: Vec<&str> = node.label.lines().collect();
    let first = cy - (lines.len() as f64 - 1.0) * NODE_LINE / 2.0;
    let _ = write!(
        out,
        "<text text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"12\" font-family=\"{FONT}\" fill=\"{}\">",
        esc(&node.font_color)
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"{cx:.1}\" y=\"{:.1}\">{}</tspan>",
            first + i as f64 * NODE_LINE,
            esc(line)
        );
    }
    out.push_str("</text>");
}

fn edge(out: &mut String, defs: &mut Vec<String>, e: &DrawEdge, d: &str) {
    let head = marker(defs, &e.arrowhead, &e.color)
        .map(|m| format!(" marker-end=\"{m}\""))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<g class=\"edge\"><title>{}</title><path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}{head}/></g>",
        tip(&e.tooltip),
        esc(&e.color),
        e.penwidth.max(0.5),
        dash(&e.style)
    );
}

fn write(drawing: &Drawing, placed: &Placed) -> String {
    let layout = &placed.layout;
    let mut defs: Vec<String> = Vec::new();
    let mut body = String::new();
    // Cluster boxes under everything, then edges, then nodes, then labels.
    for (c, r) in &layout.clusters {
        let _ = write!(
            body,
            "<g class=\"cluster\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"{}\" stroke=\"#9e9e9e\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-family=\"{FONT}\" fill=\"#424242\">{}</text></g>",
            r.x0,
            r.y0,
            r.x1 - r.x0,
            r.y1 - r.y0,
            FILLS[c % FILLS.len()],
            r.x0 + 8.0,
            r.y0 + 15.0,
            esc(&drawing.clusters[*c])
        );
    }
    for (e, path) in drawing.edges.iter().zip(&placed.paths) {
        if let Some((d, _)) = path {
            edge(&mut body, &mut defs, e, d);
        }
    }
    for (n, r) in drawing.nodes.iter().zip(&layout.nodes) {
        let _ = write!(body, "<g class=\"node\"><title>{}</title>", tip(&n.tooltip));
        shape(&mut body, n, r);
        body.push_str("</g>");
    }
    for (i, r) in &layout.labels {
        let e = &drawing.edges[*i];
        let (cx, _) = r.center();
        let _ = write!(
            body,
            "<text class=\"edge-label\" text-anchor=\"middle\" font-size=\"10\" font-family=\"{FONT}\" fill=\"{}\">",
            esc(&e.font_color)
        );
        for (k, line) in e.label.lines().enumerate() {
            let _ = write!(
                body,
                "<tspan x=\"{cx:.1}\" y=\"{:.1}\">{}</tspan>",
                r.y0 + 10.0 + k as f64 * EDGE_LINE,
                esc(line)
            );
        }
        body.push_str("</text>");
    }

    // The title, caption and one legend block, above the graph.
    let h = header(drawing, placed.header_width);
    let mut top = String::new();
    for (y, line, bold) in &h.lines {
        let _ = write!(
            top,
            "<text x=\"16\" y=\"{y}\" font-size=\"{}\"{} font-family=\"{FONT}\">{}</text>",
            if *bold { 18 } else { 12 },
            if *bold { " font-weight=\"bold\"" } else { "" },
            esc(line)
        );
    }
    if let Some(r) = layout.legend {
        let _ = write!(
            top,
            "<g class=\"legend\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"white\" stroke=\"#bdbdbd\"/><text x=\"20\" y=\"{:.1}\" font-size=\"11\" font-weight=\"bold\" font-family=\"{FONT}\">Legend</text>",
            r.x0,
            r.y0,
            r.x1 - r.x0,
            r.y1 - r.y0,
            r.y0 + 14.0
        );
        for &(x, y, i) in &h.categories {
            let (name, look) = &drawing.legend.categories[i];
            let _ = write!(
                top,
                "<rect x=\"{x}\" y=\"{}\" width=\"18\" height=\"12\" rx=\"3\" fill=\"{}\" stroke=\"#424242\"/><text x=\"{}\" y=\"{y}\" font-size=\"11\" font-family=\"{FONT}\">{}</text>",
                y - 10.0,
                esc(&look.fill),
                x + 24.0,
                esc(name)
            );
        }
        for &(x, y, i) in &h.polarities {
            let look = &drawing.legend.polarities[i];
            let head = marker(&mut defs, &look.arrowhead, &look.color)
                .map(|m| format!(" marker-end=\"{m}\""))
                .unwrap_or_default();
            let _ = write!(
                top,
                "<path d=\"M {x} {ly} L {} {ly}\" stroke=\"{}\" stroke-width=\"1.5\"{}{head}/><text x=\"{}\" y=\"{y}\" font-size=\"11\" font-family=\"{FONT}\">{}</text>",
                x + 50.0,
                esc(&look.color),
                dash(&look.style),
                x + 60.0,
                esc(&look.legend),
                ly = y - 4.0,
            );
        }
        top.push_str("</g>");
    }
    let (w, hgt) = (placed.width.max(h.row_width + 24.0), placed.height);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><svg width=\"{w:.0}\" height=\"{hgt:.0}\" viewBox=\"0 0 {w:.0} {hgt:.0}\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"100%\" fill=\"white\"/><defs>{}</defs>{top}{body}</svg>",
        defs.join("")
    )
}
