//! The review's figures and tables as drawn from the shipped graph: each
//! view's structure (the Fig. 1 ring, the Fig. 3 panels, which cell carries
//! which checkpoint in Fig. 4, arrow directions in Fig. 5, the rows of Tables
//! 1 and 2), the DOT's validity, and the errors for bad choices.

use std::collections::BTreeSet;

use assert_cmd::Command;
use graphviz_rust::dot_structures::{Edge, EdgeTy, Graph as DotGraph, Id, Stmt, Vertex};
use icigraph_engine::export::drawing::Drawing;
use icigraph_engine::export::{Style, Table, dot};
use icigraph_engine::graph::{Graph, keys};
use icigraph_engine::neighborhood::{NeighborFilter, neighborhood};
use predicates::prelude::*;

use std::ffi::OsStr;

use crate::common::{Test, assert_valid_dot as valid_dot, data_copy, icigraph, shipped as graph};

fn figure(graph: &Graph, view: &str) -> Drawing {
    Drawing::figure(graph, view, &Style::from_schema(graph.schema())).expect("view exists")
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).expect("utf-8")
}

fn unquote(id: &Id) -> String {
    match id {
        Id::Escaped(s) => s.trim_matches('"').to_owned(),
        Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => s.clone(),
    }
}

/// Every `a -> b` edge of the DOT (any subgraph depth) as id pairs.
fn dot_edges(graph: &DotGraph) -> Vec<(String, String)> {
    fn walk(stmts: &[Stmt], out: &mut Vec<(String, String)>) {
        for stmt in stmts {
            match stmt {
                Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(Vertex::N(a), Vertex::N(b)),
                    ..
                }) => out.push((unquote(&a.0), unquote(&b.0))),
                Stmt::Subgraph(sub) => walk(&sub.stmts, out),
                _ => {}
            }
        }
    }
    let (DotGraph::DiGraph { stmts, .. } | DotGraph::Graph { stmts, .. }) = graph;
    let mut out = Vec::new();
    walk(stmts, &mut out);
    out
}

/// Drawn edges as (from id, label, to id).
fn drawn(drawing: &Drawing) -> Vec<(String, String, String)> {
    drawing
        .edges
        .iter()
        .map(|e| {
            (
                drawing.nodes[e.from].id.clone(),
                e.label.clone(),
                drawing.nodes[e.to].id.clone(),
            )
        })
        .collect()
}

fn cluster_of<'d>(drawing: &'d Drawing, id: &str) -> Option<&'d str> {
    let node = drawing.nodes.iter().find(|n| n.id == id)?;
    node.cluster.map(|c| drawing.clusters[c].as_str())
}

const STEPS: [&str; 4] = [
    "ici:antigen_release_capture",
    "ici:t_cell_priming",
    "ici:t_cell_trafficking",
    "ici:tumor_cell_killing",
];

#[test]
fn figure_1_draws_the_four_steps_as_a_ring() {
    let graph = graph();
    let drawing = figure(&graph, "fig1");
    let ring: Vec<&str> = drawing
        .ring
        .iter()
        .map(|&i| drawing.nodes[i].id.as_str())
        .collect();
    assert_eq!(ring, STEPS);
    let edges = drawn(&drawing);
    for pair in STEPS.windows(2) {
        assert!(
            edges.contains(&(pair[0].into(), "precedes".into(), pair[1].into())),
            "{} does not precede {}",
            pair[0],
            pair[1]
        );
    }
    // The DOT closes the ring and puts opposite steps on one rank.
    let text = dot::write(&drawing);
    let parsed = valid_dot(&text);
    assert!(dot_edges(&parsed).contains(&(STEPS[3].into(), STEPS[0].into())));
    assert_eq!(text.matches("rank=\"same\"").count(), 2);
    // The antibodies act where the caption says: through the checkpoint
    // that brakes each step (CTLA-4 at priming, PD-1 at killing).
    assert!(edges.contains(&(
        "ici:anti_ctla4".into(),
        "targets".into(),
        "ici:ctla4".into()
    )));
    assert!(edges.contains(&("ici:ctla4".into(), "inhibits".into(), STEPS[1].into())));
    assert!(edges.contains(&("ici:anti_pd1".into(), "targets".into(), "ici:pd1".into())));
    assert!(edges.contains(&("ici:pd1".into(), "inhibits".into(), STEPS[3].into())));
    // The cluster says "step of the cycle": neither the edges nor a node for
    // the cycle itself are drawn again.
    assert!(edges.iter().all(|(_, label, _)| label != "step of"));
    assert!(
        !drawing
            .nodes
            .iter()
            .any(|n| n.id == "ici:cancer_immunity_cycle")
    );
}

/// `involves` (a process and its participants) is drawn faint and
/// unlabelled, as the schema's `draw` column says, so the checkpoints'
/// inhibition of the steps is what the eye meets first; the legend says so
/// and the reading stays in the tooltip.
#[test]
fn faint_predicates_are_drawn_unlabelled_with_a_legend_entry() {
    let graph = graph();
    let drawing = figure(&graph, "fig1");
    let participation: Vec<_> = drawing
        .edges
        .iter()
        .filter(|e| e.tooltip.contains(" involves "))
        .collect();
    assert!(participation.len() >= 10, "fig1 draws its involves edges");
    for edge in &participation {
        assert_eq!(edge.label, "");
        assert!(edge.penwidth < 1.0);
    }
    let inhibits = drawing
        .edges
        .iter()
        .find(|e| e.label == "inhibits")
        .expect("an inhibition edge");
    assert!(inhibits.penwidth > participation[0].penwidth);
    assert!(
        drawing
            .legend
            .polarities
            .iter()
            .any(|l| l.legend == "involves (faint, unlabelled)")
    );
    valid_dot(&dot::write(&drawing));
}

#[test]
fn an_unknown_drawing_hint_is_refused_with_the_choices() {
    let dir = data_copy();
    let predicates = dir.path().join("schema/predicates.csv");
    let text = std::fs::read_to_string(&predicates).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("involves,"))
        .unwrap()
        + 1;
    std::fs::write(
        &predicates,
        text.replace(",faint,mechanistic", ",faded,mechanistic"),
    )
    .unwrap();
    Test::new()
        .args([
            OsStr::new("--data"),
            dir.path().as_os_str(),
            OsStr::new("check"),
        ])
        .stderr_has(&format!("predicates.csv:{line}"))
        .stderr_has("unknown drawing hint \"faded\": expected forward, reverse or faint")
        .exit(1)
        .run();
}

#[test]
fn figure_3_has_panels_a_to_c_as_separate_clusters() {
    let graph = graph();
    let drawing = figure(&graph, "fig3");
    let panel = |id: &str| cluster_of(&drawing, id).unwrap_or_default().to_owned();
    for (id, letter) in [
        ("ici:neoantigen_loss", "A"),
        ("ici:immunoediting_subclone_selection", "A"),
        ("ici:b2m_loss", "B"),
        ("ici:mhc1_loss", "B"),
        ("ici:jak1_loss", "C"),
        ("ici:jak2_loss", "C"),
        ("ici:jak1_jak2_loss", "C"),
    ] {
        assert!(panel(id).starts_with(letter), "{id} is in {:?}", panel(id));
    }
    let parsed = valid_dot(&dot::write(&drawing));
    let (DotGraph::DiGraph { stmts, .. } | DotGraph::Graph { stmts, .. }) = &parsed;
    let panels = stmts
        .iter()
        .filter(|s| {
            matches!(s, Stmt::Subgraph(sub) if sub.stmts.iter().any(|a| matches!(a,
                Stmt::Attribute(attr) if unquote(&attr.0) == "label"
                    && ["A ", "B ", "C "].iter().any(|p| unquote(&attr.1).starts_with(p)))))
        })
        .count();
    assert_eq!(panels, 3, "three top-level panel clusters");
}

#[test]
fn figure_4_gives_each_suppressive_cell_its_checkpoints_and_factors() {
    let graph = graph();
    let drawing = figure(&graph, "fig4");
    let edges = drawn(&drawing);
    for cell in ["ici:treg", "ici:tam", "ici:mdsc"] {
        for checkpoint in ["ici:tim3", "ici:lag3", "ici:btla", "ici:vista", "ici:tigit"] {
            assert!(
                edges.contains(&(cell.into(), "expresses".into(), checkpoint.into())),
                "{cell} does not carry {checkpoint}"
            );
        }
        for factor in ["ici:il35", "ici:il10", "ici:tgfb", "ici:vegf"] {
            assert!(edges.contains(&(cell.into(), "secretes".into(), factor.into())));
        }
        for product in ["ici:ido", "ici:adenosine"] {
            assert!(edges.contains(&(cell.into(), "produces".into(), product.into())));
        }
        assert_eq!(cluster_of(&drawing, cell), Some("Suppressive cells"));
    }
    // "Located in the TME" is what the TME box says for everything drawn in
    // it, also inside the boxes it holds (suppressive cells, checkpoints,
    // factors, T cells, APCs): the edge is drawn only for nodes outside it.
    let tme = drawing
        .clusters
        .iter()
        .position(|c| c == "Tumor microenvironment")
        .expect("a TME box");
    let inside_tme = |mut c: Option<usize>| {
        for _ in 0..=drawing.clusters.len() {
            match c {
                Some(i) if i == tme => return true,
                Some(i) => c = drawing.cluster_parents[i],
                None => return false,
            }
        }
        false
    };
    let tme_members: BTreeSet<&str> = drawing
        .nodes
        .iter()
        .filter(|n| inside_tme(n.cluster))
        .map(|n| n.id.as_str())
        .collect();
    for id in [
        "ici:caf",
        "ici:treg",
        "ici:t_cell",
        "ici:apc",
        "ici:adenosine",
    ] {
        assert!(tme_members.contains(id), "{id} is not drawn inside the TME");
    }
    assert_eq!(
        drawing.cluster_parents[drawing
            .clusters
            .iter()
            .position(|c| c == "Suppressive cells")
            .expect("suppressive cells")],
        Some(tme)
    );
    for (from, label, to) in &edges {
        assert!(
            !(label == "located in" && to == "ici:tme" && tme_members.contains(from.as_str())),
            "{from} located in the TME is drawn although its box says it"
        );
    }
    // The DOT nests those boxes inside the TME's cluster.
    let text = dot::write(&drawing);
    valid_dot(&text);
    let parsed = graphviz_rust::parse(&text).expect("parses");
    fn clusters_inside(
        stmts: &[Stmt],
        outer: Option<String>,
        out: &mut Vec<(String, Option<String>)>,
    ) {
        for stmt in stmts {
            if let Stmt::Subgraph(sub) = stmt {
                let label = sub.stmts.iter().find_map(|s| match s {
                    Stmt::Attribute(a) if unquote(&a.0) == "label" => Some(unquote(&a.1)),
                    _ => None,
                });
                out.push((label.clone().unwrap_or_default(), outer.clone()));
                clusters_inside(&sub.stmts, label, out);
            }
        }
    }
    let (DotGraph::DiGraph { stmts, .. } | DotGraph::Graph { stmts, .. }) = &parsed;
    let mut nesting = Vec::new();
    clusters_inside(stmts, None, &mut nesting);
    assert!(
        nesting.contains(&(
            "Suppressive cells".to_owned(),
            Some("Tumor microenvironment".to_owned())
        )),
        "{nesting:?}"
    );
}

#[test]
fn figure_5_arrows_follow_the_biological_direction() {
    let graph = graph();
    let drawing = figure(&graph, "fig5");
    let edges = drawn(&drawing);
    // The rows say "re-exhausted develops from reinvigorated"; the schema's
    // `draw` column turns the arrow to the order in which the states arise.
    assert!(edges.contains(&(
        "ici:exhausted_t_cell".into(),
        "develops into".into(),
        "ici:reinvigorated_tex".into()
    )));
    assert!(edges.contains(&(
        "ici:reinvigorated_tex".into(),
        "develops into".into(),
        "ici:reexhausted_t_cell".into()
    )));
    assert!(!edges.iter().any(|(_, label, _)| label == "develops from"));
    let parsed = valid_dot(&dot::write(&drawing));
    assert!(dot_edges(&parsed).contains(&(
        "ici:reinvigorated_tex".into(),
        "ici:reexhausted_t_cell".into()
    )));
}

#[test]
fn approvals_trials_and_studies_are_drawn_neutral() {
    let graph = graph();
    let style = Style::from_schema(graph.schema());
    for name in [
        "approved_for",
        "tests",
        "studies",
        "studied_for",
        "manufactures",
    ] {
        let id = graph.schema().predicate_id(name).expect("predicate");
        let look = style.edge(graph.schema().predicate(id).polarity);
        assert_ne!(look.arrowhead, "tee", "{name} drawn as inhibition");
        assert_ne!(
            look.color,
            style
                .edge(icigraph_engine::schema::Polarity::Inhibiting)
                .color
        );
    }
}

/// Table 1 from the data directly: one row per `approved_for` edge of the view.
#[test]
fn table_1_rows_are_the_approvals_of_the_data() {
    let graph = graph();
    let table = Table::of_view(&graph, "table1").expect("table1");
    assert_eq!(
        table.columns,
        [
            "agent",
            "brand",
            "target",
            "type",
            "manufacturer",
            "indication",
            "trials"
        ]
    );
    let mut expected = BTreeSet::new();
    for e in graph.edge_indices() {
        let edge = graph.edge(e);
        if edge.predicate().name == "approved_for"
            && edge.prop_list(keys::FIGURES).contains(&"table1")
        {
            expected.insert((
                graph.node(edge.subject()).name().to_owned(),
                graph.node(edge.object()).name().to_owned(),
                edge.prop_list(keys::TRIALS).len(),
            ));
        }
    }
    let got: BTreeSet<(String, String, usize)> = table
        .rows
        .iter()
        .map(|r| {
            let trials = if r[6].is_empty() {
                0
            } else {
                r[6].split("; ").count()
            };
            (r[0].clone(), r[5].clone(), trials)
        })
        .collect();
    assert_eq!(table.rows.len(), expected.len());
    assert_eq!(got, expected);
    let pembro = table
        .rows
        .iter()
        .find(|r| r[0] == "pembrolizumab")
        .expect("row");
    assert_eq!(
        &pembro[1..5],
        [
            "Keytruda",
            "PD-1",
            "IgG4 kappa immunoglobulin",
            "Merck & Co"
        ]
    );
    assert!(
        table
            .rows
            .iter()
            .any(|r| r[6].contains("KEYNOTE-002 (NCT01704287)"))
    );
}

#[test]
fn table_2_rows_are_the_countermeasures_of_the_data() {
    let graph = graph();
    let table = Table::of_view(&graph, "table2").expect("table2");
    let mut expected = BTreeSet::new();
    for e in graph.edge_indices() {
        let edge = graph.edge(e);
        if edge.predicate().name == "overcomes" && edge.prop_list(keys::FIGURES).contains(&"table2")
        {
            expected.insert((
                graph.node(edge.object()).name().to_owned(),
                graph.node(edge.subject()).name().to_owned(),
            ));
        }
    }
    let got: BTreeSet<(String, String)> = table
        .rows
        .iter()
        .map(|r| {
            (
                r[1].clone(),
                if r[3].is_empty() {
                    r[2].clone()
                } else {
                    r[3].clone()
                },
            )
        })
        .collect();
    assert_eq!(table.rows.len(), expected.len());
    assert_eq!(got, expected);
    // Grouped as the review's table: the rows of a mechanism are adjacent.
    let mut seen: Vec<&str> = Vec::new();
    for row in &table.rows {
        if seen.last() != Some(&row[1].as_str()) {
            assert!(!seen.contains(&row[1].as_str()), "{} split", row[1]);
            seen.push(&row[1]);
        }
    }
    let neo = table
        .rows
        .iter()
        .find(|r| r[3] == "NEO-PV-01")
        .expect("NEO-PV-01 row");
    assert_eq!(neo[2], "tumor vaccination");
    assert_eq!(neo[5], "Phase 1 clinical trial");
    assert!(neo[7].contains("NCT02897765"));
}

#[test]
fn tables_print_as_markdown_csv_and_html_and_draw_as_html_tables() {
    let md = stdout(icigraph().args(["export", "table", "--figure", "table1", "--format", "md"]));
    assert!(md.contains("| agent | brand | target | type | manufacturer | indication | trials |"));
    let csv_text =
        stdout(icigraph().args(["export", "table", "--figure", "table2", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows = reader.records().count();
    let graph = graph();
    assert_eq!(
        rows,
        Table::of_view(&graph, "table2").expect("table").rows.len()
    );
    let html =
        stdout(icigraph().args(["export", "table", "--figure", "table1", "--format", "html"]));
    assert!(html.starts_with("<table>") && html.contains("rowspan="));
    for view in ["table1", "table2"] {
        let text = stdout(icigraph().args(["export", "dot", "--figure", view]));
        valid_dot(&text);
        assert!(
            text.contains("<TABLE") && text.contains("ROWSPAN"),
            "{view}"
        );
    }
}

#[test]
fn bad_choices_list_the_valid_ones() {
    icigraph()
        .args(["export", "table", "--figure", "nosuch"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("\"table1\"").and(predicate::str::contains("\"fig1\"")));
    icigraph()
        .args(["render", "--figure", "nosuch", "-o", "x.svg"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("the choices are"));
    icigraph()
        .args(["export", "table", "--figure", "fig2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "the tables are \"table1\", \"table2\"",
        ));
    icigraph()
        .args([
            "render",
            "--neighbors",
            "PD-1",
            "--expand",
            "NotACategory",
            "-o",
            "x.svg",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("\"ClinicalTrial\""));
    icigraph()
        .args([
            "render",
            "--neighbors",
            "PD-1",
            "--expand",
            "Diseas",
            "-o",
            "x.svg",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("did you mean \"Disease\""));
}

#[test]
fn big_neighbourhoods_group_leaf_neighbours_within_the_budget() {
    let graph = graph();
    let style = Style::from_schema(graph.schema());
    let center = graph.resolve("pembrolizumab").expect("node");
    let hood = neighborhood(&graph, center, 1, &NeighborFilter::default());
    assert!(
        hood.neighbors.len() > 40,
        "pembrolizumab has many neighbours"
    );
    let grouped = Drawing::neighborhood_within(&graph, &hood, &style, 40, &[]).expect("draws");
    let summary = grouped
        .nodes
        .iter()
        .find(|n| n.id.starts_with("group:") && n.label.contains("clinical"))
        .expect("a summary node of clinical trials");
    let count: usize = summary
        .label
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    let is_trial = |id: &str| {
        graph
            .find_id(id)
            .is_some_and(|ix| graph.node(ix).category().name == "ClinicalTrial")
    };
    let trials_drawn_alone = grouped.nodes.iter().filter(|n| is_trial(&n.id)).count();
    assert!(count > 1);
    assert!(grouped.nodes.len() < hood.neighbors.len() + 1);
    valid_dot(&dot::write(&grouped));
    // --expand opens the group again.
    let open = Drawing::neighborhood_within(&graph, &hood, &style, 40, &["clinicaltrial".into()])
        .expect("draws");
    let trials_open = open.nodes.iter().filter(|n| is_trial(&n.id)).count();
    assert_eq!(trials_open, trials_drawn_alone + count);
    assert!(
        !open
            .nodes
            .iter()
            .any(|n| n.label.contains("clinical\ntrials") || n.label.contains("clinical trials"))
    );
}

#[test]
fn tree_shows_the_mechanism_hierarchy_with_countermeasure_counts() {
    let text = stdout(icigraph().args(["tree"]));
    let first = text.lines().next().expect("a line");
    assert!(
        first.starts_with("tumor cell-intrinsic resistance mechanisms ("),
        "{first}"
    );
    assert!(
        text.contains("│   ├── β2M loss/mutation (1 countermeasure)")
            || text.contains("│   │   ├── β2M loss/mutation (1 countermeasure)")
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(icigraph().args(["tree", "--format", "json"]))).expect("json");
    let roots = json.as_array().expect("array");
    // A class counts at least the countermeasures of each mechanism below it.
    fn check(node: &serde_json::Value) {
        let n = node["countermeasures"].as_u64().expect("count");
        for child in node["children"].as_array().expect("children") {
            assert!(child["countermeasures"].as_u64().expect("count") <= n);
            check(child);
        }
    }
    roots.iter().for_each(check);
    let sub = stdout(icigraph().args(["tree", "defective IFN-γ/JAK signalling"]));
    assert!(sub.lines().count() >= 3, "{sub}");
    valid_dot(&stdout(icigraph().args(["tree", "--format", "dot"])));
}

#[test]
fn the_builtin_fallback_has_one_legend_cluster_boxes_and_polarity_arrowheads() {
    let graph = graph();
    let drawing = figure(&graph, "fig4");
    let svg = icigraph::render::builtin_svg(&drawing).expect("lays out");
    resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("valid SVG");
    assert_eq!(svg.matches(">Legend</text>").count(), 1);
    assert!(
        !svg.contains("key: "),
        "legend keys laid out among the nodes"
    );
    for c in [
        "Suppressive cells",
        "Alternate inhibitory checkpoints",
        "Tumor microenvironment",
    ] {
        assert!(svg.contains(&format!(">{c}</text>")), "no box for {c}");
    }
    let inhibiting = drawing
        .edges
        .iter()
        .filter(|e| e.arrowhead == "tee")
        .count();
    assert!(inhibiting > 0);
    // One tee per inhibiting edge, plus the legend's sample.
    assert_eq!(
        svg.matches("marker-end=\"url(#head-tee-").count(),
        inhibiting + 1
    );
    assert!(svg.contains(&drawing.title));
}

/// Whether `inner` lies within `outer`.
fn within(
    inner: &icigraph::render::builtin::Rect,
    outer: &icigraph::render::builtin::Rect,
) -> bool {
    inner.x0 >= outer.x0 - 0.01
        && inner.y0 >= outer.y0 - 0.01
        && inner.x1 <= outer.x1 + 0.01
        && inner.y1 <= outer.y1 + 0.01
}

#[test]
fn the_builtin_fallback_never_overlaps_boxes_nodes_or_labels() {
    let graph = graph();
    let style = Style::from_schema(graph.schema());
    let mut drawings: Vec<Drawing> = ["fig1", "fig2", "fig3", "fig4", "fig5"]
        .iter()
        .map(|v| figure(&graph, v))
        .collect();
    let b2m = graph.resolve("B2M loss").expect("B2M loss");
    let hood = neighborhood(&graph, b2m, 2, &NeighborFilter::default());
    drawings.push(Drawing::neighborhood_within(&graph, &hood, &style, 40, &[]).expect("drawing"));
    for drawing in &drawings {
        let name = &drawing.name;
        let (layout, svg) = icigraph::render::builtin::layout(drawing).expect("lays out");
        resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("valid SVG");
        assert_eq!(svg.matches(">Legend</text>").count(), 1, "{name}");
        let legend = layout.legend.expect("a legend");
        // Every cluster with members has a box; two boxes are apart or one
        // holds the other, as the view nests them.
        let boxed: BTreeSet<usize> = layout.clusters.iter().map(|(c, _)| *c).collect();
        let used: BTreeSet<usize> = drawing.nodes.iter().filter_map(|n| n.cluster).collect();
        assert!(used.is_subset(&boxed), "{name}: a cluster without a box");
        for (i, (a, ra)) in layout.clusters.iter().enumerate() {
            assert!(!ra.overlaps(&legend), "{name}: a box under the legend");
            for (b, rb) in &layout.clusters[i + 1..] {
                let nested = drawing.cluster_parents[*b] == Some(*a)
                    || drawing.cluster_parents[*a] == Some(*b);
                if nested {
                    assert!(
                        within(rb, ra) || within(ra, rb),
                        "{name}: inner box outside"
                    );
                } else if !(within(rb, ra) || within(ra, rb)) {
                    assert!(
                        !ra.overlaps(rb),
                        "{name}: boxes {} and {} overlap",
                        drawing.clusters[*a],
                        drawing.clusters[*b]
                    );
                }
            }
        }
        // A node sits in its own box and overlaps no other node.
        for (n, node) in drawing.nodes.iter().enumerate() {
            let r = &layout.nodes[n];
            if let Some(c) = node.cluster {
                let frame = layout
                    .clusters
                    .iter()
                    .find(|(k, _)| *k == c)
                    .expect("box")
                    .1;
                assert!(within(r, &frame), "{name}: {} outside its box", node.id);
            }
            for (m, other) in layout.nodes.iter().enumerate().skip(n + 1) {
                assert!(
                    !r.overlaps(other),
                    "{name}: {} overlaps {}",
                    node.id,
                    drawing.nodes[m].id
                );
            }
        }
        // Labels overlap no node and no other label, and most are drawn.
        for (i, (_, r)) in layout.labels.iter().enumerate() {
            assert!(
                layout.nodes.iter().all(|n| !n.overlaps(r)),
                "{name}: label on a node"
            );
            for (_, other) in &layout.labels[i + 1..] {
                assert!(!r.overlaps(other), "{name}: two labels overlap");
            }
        }
        let labelled = drawing
            .edges
            .iter()
            .filter(|e| !e.label.trim().is_empty())
            .count();
        assert!(
            layout.labels.len() * 10 >= labelled * 7,
            "{name}: only {} of {labelled} labels placed",
            layout.labels.len()
        );
    }
}
