//! DOT export and rendering, driven through the binary where a user would be
//! and through the library for the property tests.

use std::path::Path;

use assert_cmd::Command;
use graphviz_rust::dot_structures::{Graph as DotGraph, Id, Stmt};
use icigraph_engine::export::{Drawing, Emphasis, Style, dot};
use icigraph_engine::graph::{Graph, NewNode, NewValue};
use icigraph_engine::schema::Schema;
use icigraph_engine::schema::View;
use icigraph_engine::{Source, load};
use predicates::prelude::*;
use proptest::prelude::*;

use crate::common::{assert_valid_dot, icigraph};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dot");

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8 output")
}

fn graphviz() -> bool {
    icigraph::render::graphviz_available()
}

/// Ids of every node statement, at any depth of subgraphs, as written (quoted).
fn node_ids(graph: &DotGraph) -> Vec<String> {
    fn walk(stmts: &[Stmt], out: &mut Vec<String>) {
        for stmt in stmts {
            match stmt {
                Stmt::Node(node) => {
                    if let Id::Escaped(s) | Id::Plain(s) = &node.id.0 {
                        out.push(s.clone());
                    }
                }
                Stmt::Subgraph(sub) => walk(&sub.stmts, out),
                _ => {}
            }
        }
    }
    let stmts = match graph {
        DotGraph::DiGraph { stmts, .. } | DotGraph::Graph { stmts, .. } => stmts,
    };
    let mut out = Vec::new();
    walk(stmts, &mut out);
    out
}

#[test]
fn fixture_views_are_valid_dot_and_match_snapshots() {
    for view in ["mini1", "mini2"] {
        let text = stdout(icigraph().args(["--data", FIXTURE, "export", "dot", "--figure", view]));
        assert_valid_dot(&text);
        crate::common::assert_golden("dot", &format!("fixture_{view}"), &text);
    }
}

#[test]
fn clusters_hold_their_nodes() {
    let text = stdout(icigraph().args(["--data", FIXTURE, "export", "dot", "--figure", "mini1"]));
    let cluster = text
        .split("subgraph \"cluster_0\"")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("a Tumor cell cluster");
    assert!(cluster.contains("label=\"Tumor cell\""));
    for id in ["\"ici:b2m\"", "\"ici:mhc1\"", "\"ici:b2m_loss\""] {
        assert!(cluster.contains(id), "{id} missing from the cluster");
    }
    assert!(!cluster.contains("\"ici:cd8\""));
}

#[test]
fn styles_come_from_the_schema() {
    let text = stdout(icigraph().args(["--data", FIXTURE, "export", "dot", "--figure", "mini1"]));
    // categories.csv: Drug is a hexagon, Gene a box filled #bbdefb.
    assert!(text.contains(r##""ici:b2m"[label="β2M" tooltip="β2M [Gene] ici:b2m" shape="box""##));
    assert!(text.contains(r##"fillcolor="#bbdefb""##));
    // polarities.csv: inhibition is a red tee, activation a green arrow.
    assert!(text.contains(
        r##""ici:b2m_loss" -> "ici:mhc1" [label="inhibits" tooltip="B2M loss inhibits MHC class I; refs [12, 13]""##
    ));
    assert!(text.contains(r##"color="#c62828" fontcolor="#212121" arrowhead="tee""##));
    assert!(text.contains(r##"color="#2e7d32" fontcolor="#212121" arrowhead="normal""##));
    assert!(text.contains("subgraph \"cluster_legend\""));
}

#[test]
fn a_hostile_name_stays_one_node() {
    let text = stdout(icigraph().args(["--data", FIXTURE, "export", "dot", "--figure", "mini2"]));
    let parsed = assert_valid_dot(&text);
    let ids = node_ids(&parsed);
    assert!(ids.contains(&"\"ici:hostile\"".to_owned()));
    // No node was made from pieces of the name.
    assert!(!ids.iter().any(|id| id == "b" || id == "c" || id == "\"b\""));
}

#[test]
fn edges_tagged_for_a_view_bring_their_endpoints() {
    // PD-1 is not tagged mini2, but its edge to the CD8+ T cell is.
    let text = stdout(icigraph().args(["--data", FIXTURE, "export", "dot", "--figure", "mini2"]));
    assert!(text.contains("\"ici:pd1\"[label=\"PD-1\""));
    assert!(!text.contains("\"ici:b2m\""));
}

#[test]
fn whole_graph_export_is_valid_dot() {
    let text = stdout(icigraph().args(["--data", FIXTURE, "export", "dot", "--all"]));
    let ids = node_ids(&assert_valid_dot(&text));
    assert_eq!(ids.iter().filter(|id| id.starts_with("\"ici:")).count(), 9);
}

#[test]
fn export_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mini1.dot");
    icigraph()
        .args([
            "--data", FIXTURE, "export", "dot", "--figure", "mini1", "-o",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("digraph \"mini1\" {"));
}

#[test]
fn unknown_figures_get_suggestions() {
    icigraph()
        .args(["--data", FIXTURE, "export", "dot", "--figure", "mini3"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown figure \"mini3\"; did you mean",
        ));
    icigraph()
        .args([
            "--data", FIXTURE, "render", "--figure", "zzzzzzzz", "-o", "x.svg",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "the choices are \"mini1\", \"mini2\"",
        ));
}

#[test]
fn figures_lists_views() {
    let text = stdout(icigraph().args(["--data", FIXTURE, "figures"]));
    assert!(text.contains("mini1") && text.contains("Antigen presentation in miniature"));
    let json = stdout(icigraph().args(["--data", FIXTURE, "figures", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["id"], "mini1");
    assert_eq!(rows[0]["nodes"], 4);
    assert_eq!(rows[0]["edges"], 3);
    assert_eq!(rows[1]["nodes"], 5);
}

#[test]
fn neighbors_draw_as_dot_with_context_faded() {
    let text = stdout(icigraph().args([
        "--data",
        FIXTURE,
        "neighbors",
        "CD8+ T cell",
        "--format",
        "dot",
    ]));
    assert_valid_dot(&text);
    crate::common::assert_golden("dot", "neighbors_cd8", &text);
    // The centre is emphasised.
    assert!(text.contains(r#""ici:cd8"[label="CD8+ T cell""#));
    assert!(text.contains("penwidth=2.5"));
}

#[test]
fn dot_format_is_refused_where_it_means_nothing() {
    icigraph()
        .args(["--data", FIXTURE, "stats", "--format", "dot"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--format dot draws results"));
}

/// `dot` is found through PATH; an empty folder as PATH hides it.
fn without_graphviz(cmd: &mut Command, empty: &Path) {
    cmd.env("PATH", empty);
}

#[test]
fn render_without_graphviz_still_writes_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    for name in ["mini1.svg", "mini1.png"] {
        let out = dir.path().join(name);
        let mut cmd = icigraph();
        without_graphviz(&mut cmd, &empty);
        cmd.args(["--data", FIXTURE, "render", "--figure", "mini1", "-o"])
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::contains("built-in layout"))
            .stderr(predicate::str::contains("apt-get install graphviz"))
            .stderr(predicate::str::contains(
                "draws edges between boxes straight",
            ));
        let bytes = std::fs::read(&out).unwrap();
        if name.ends_with(".svg") {
            let svg = String::from_utf8(bytes).unwrap();
            let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
                .expect("the fallback SVG parses");
            assert!(tree.size().width() > 100.0);
            assert!(svg.contains("β2M") && svg.contains("MHC class I"));
        } else {
            assert_eq!(&bytes[1..4], b"PNG");
        }
    }
}

#[test]
fn forcing_graphviz_without_it_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = icigraph();
    without_graphviz(&mut cmd, dir.path());
    cmd.args([
        "--data", FIXTURE, "render", "--figure", "mini1", "--engine", "graphviz", "-o",
    ])
    .arg(dir.path().join("x.svg"))
    .assert()
    .failure()
    .stderr(predicate::str::contains("apt-get install graphviz"));
}

#[test]
fn hostile_names_render_with_the_builtin_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mini2.svg");
    icigraph()
        .args([
            "--data", FIXTURE, "render", "--figure", "mini2", "--engine", "builtin", "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
        .expect("hostile names are escaped in the fallback SVG");
}

#[test]
fn render_with_graphviz_writes_svg_png_and_pdf() {
    if !graphviz() {
        eprintln!("Graphviz not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, magic) in [
        ("n.svg", &b"<?xml"[..]),
        ("n.png", &b"\x89PNG"[..]),
        ("n.pdf", &b"%PDF"[..]),
    ] {
        let out = dir.path().join(name);
        icigraph()
            .args([
                "--data",
                FIXTURE,
                "render",
                "--neighbors",
                "IFN-γ",
                "--depth",
                "2",
                "-o",
            ])
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::contains("(Graphviz)"));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{name} is not what it claims");
    }
}

#[test]
fn render_all_figures_writes_one_file_per_view() {
    let dir = tempfile::tempdir().unwrap();
    icigraph()
        .args([
            "--data",
            FIXTURE,
            "render",
            "--all-figures",
            "--engine",
            "builtin",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .success();
    for view in ["mini1", "mini2"] {
        assert!(dir.path().join(format!("{view}.svg")).is_file());
    }
}

/// Elements each figure of the review shows, read from its caption (and the
/// table's rows): every one must be drawn in the figure's view.
const FIGURE_ELEMENTS: &[(&str, &[&str])] = &[
    (
        "fig1",
        &[
            "tumor neoantigen",
            "antigen-presenting cell",
            "MHC-I",
            "T cell",
            "perforin",
            "lytic granules",
            "tumor cell",
            "CTLA-4",
            "PD-1",
            "PD-L1",
        ],
    ),
    (
        "fig2",
        &[
            "loss of immunogenic neoantigens",
            "defective antigen processing and presentation",
            "defective IFN-γ/JAK signalling",
            "activation of alternate inhibitory immune checkpoints",
            "immunosuppressive tumor microenvironment",
            "epigenetic modification",
            "gut microbiome dysbiosis",
            "TIGIT",
            "VISTA",
        ],
    ),
    (
        "fig3",
        &[
            "tumor neoantigen",
            "β2M",
            "MHC-I",
            "JAK1",
            "JAK2",
            "IFN-γ",
            "T cell",
            "tumor cell",
        ],
    ),
    (
        "fig4",
        &[
            "Treg",
            "TAM",
            "MDSC",
            "TIM-3",
            "LAG-3",
            "BTLA",
            "VISTA",
            "TIGIT",
            "IL-35",
            "IL-10",
            "TGF-β",
            "VEGF",
            "IDO",
            "adenosine",
        ],
    ),
    (
        "fig5",
        &[
            "CXCL9",
            "CXCL10",
            "CD8+ T cell",
            "exhausted T cell",
            "memory T cell",
            "tumor neoantigen",
            "PD-L1 blockade",
            "immune checkpoint inhibitor therapy",
            "epigenetic modification",
        ],
    ),
    (
        "table1",
        &[
            "ipilimumab",
            "nivolumab",
            "pembrolizumab",
            "cemiplimab",
            "atezolizumab",
            "durvalumab",
            "avelumab",
            "dostarlimab",
            "relatlimab",
        ],
    ),
    (
        "table2",
        &[
            "loss of immunogenic neoantigens",
            "defective antigen processing and presentation",
            "activation of alternate inhibitory immune checkpoints",
            "gut microbiome dysbiosis",
            "TIM-3",
            "LAG-3",
        ],
    ),
];

#[test]
fn every_view_of_the_shipped_graph_is_valid_and_complete() {
    let graph = load(&Source::Embedded).expect("shipped data loads");
    let ids: Vec<&str> = graph
        .schema()
        .views()
        .iter()
        .map(|v| v.id.as_str())
        .collect();
    for (view, _) in FIGURE_ELEMENTS {
        assert!(ids.contains(view), "views.csv lacks {view}");
    }
    for view in ids {
        let text = stdout(icigraph().args(["export", "dot", "--figure", view]));
        let drawn = node_ids(&assert_valid_dot(&text));
        let wanted = FIGURE_ELEMENTS
            .iter()
            .find(|(v, _)| *v == view)
            .map_or(&[][..], |(_, names)| *names);
        for name in wanted {
            let ix = graph
                .resolve(name)
                .unwrap_or_else(|e| panic!("{view}: {name}: {e}"));
            let id = dot::quote(graph.node(ix).id());
            // A table view is one HTML table: its rows name the nodes.
            let in_table = text
                .replace("<BR ALIGN=\"LEFT\"/>", " ")
                .contains(&dot::html(graph.node(ix).name()));
            assert!(
                drawn.contains(&id) || in_table,
                "{view} does not draw {name} ({id})"
            );
        }
    }
}

/// A graph of two nodes whose ids and names are arbitrary text, drawn with an
/// arbitrary title and caption.
fn hostile_dot(id: &str, name: &str, title: &str, caption: &str) -> String {
    let mut schema = Schema::open();
    let category = schema.category_or_add(name).unwrap();
    let predicate = schema.predicate_or_add("binds").unwrap();
    let mut graph = Graph::new(schema);
    let a = graph
        .add_node(
            category,
            NewNode {
                id,
                name,
                props: vec![("cluster", NewValue::Str(name.to_owned()))],
                ..NewNode::default()
            },
        )
        .unwrap();
    let other = if id == "b" { "c" } else { "b" };
    let b = graph
        .add_node(
            category,
            NewNode {
                id: other,
                name: caption,
                ..NewNode::default()
            },
        )
        .unwrap();
    let e = graph.add_edge(a, predicate, b, vec![]).unwrap();
    let style = Style::from_schema(graph.schema());
    let frame = View {
        id: name.to_owned(),
        title: title.to_owned(),
        caption: caption.to_owned(),
        rankdir: title.to_owned(),
        clusters: vec![name.to_owned()],
        ..View::default()
    };
    let emphasis = Emphasis {
        nodes: vec![a],
        edges: vec![],
    };
    let drawing = Drawing::build(&graph, &[a, b], &[e], &emphasis, &style, frame);
    dot::write(&drawing)
}

const HOSTILE: &[&str] = &[
    r#"a"]; b -> c ["#,
    "ends with a backslash \\",
    "\\N \\G \\L",
    "<b>bold</b> & <<html>>",
    "line\nbreak\r\n",
    "nul\0and\u{7}bell",
    "} subgraph cluster_x { x",
    "β2M / IFN-γ / TGF-β",
    "",
    "\"",
    "-> --",
    "// comment /* open",
    "# hash",
    // Found by the property test: Graphviz rejects an HTML element holding only `]`.
    "]",
];

#[test]
fn fixed_hostile_strings_give_valid_dot() {
    for (i, text) in HOSTILE.iter().enumerate() {
        let other = HOSTILE[(i + 1) % HOSTILE.len()];
        let dot = hostile_dot(text, other, text, other);
        let ids = node_ids(&assert_valid_dot(&dot));
        assert!(ids.contains(&dot::quote(text)), "{text:?} lost in\n{dot}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_text_gives_dot_that_parses(
        id in any::<String>(),
        name in any::<String>(),
        title in any::<String>(),
        caption in any::<String>(),
    ) {
        prop_assume!(id != "b" && id != "c");
        let text = hostile_dot(&id, &name, &title, &caption);
        // Parses with graphviz-rust and, where installed, Graphviz accepts it.
        let ids = node_ids(&assert_valid_dot(&text));
        prop_assert!(ids.contains(&dot::quote(&id)));
        prop_assert_eq!(ids.iter().filter(|i| !i.starts_with("\"legend:")).count(), 2);
    }
}
