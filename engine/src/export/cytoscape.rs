//! Cytoscape: cytoscape.js JSON (`.cyjs`, with its `style` array) and CX2
//! (`.cx2`, Cytoscape desktop and NDEx, with its `visualProperties`
//! aspect). Both carry the schema's look — each category's shape and fill
//! (`categories.csv`) and each polarity's colour, arrowhead and line style
//! (`polarities.csv`) — as discrete mappings on the `category` and
//! `polarity` attributes, so a figure view opens coloured and shaped as
//! icigraph draws it.

use std::io::{self, Write};

use serde_json::{Map, Value as Json, json};

use crate::graph::Graph;
use crate::schema::Polarity;

use super::columns::{ColumnType, Columns, typed_json};
use super::{Style, Subset};

/// Graphviz shape → (cytoscape.js shape, CX2 `NODE_SHAPE`). CX2 knows fewer
/// shapes; the nearest is used.
const SHAPES: &[(&str, &str, &str)] = &[
    ("box", "rectangle", "rectangle"),
    ("rect", "rectangle", "rectangle"),
    ("rectangle", "rectangle", "rectangle"),
    ("square", "rectangle", "rectangle"),
    ("ellipse", "ellipse", "ellipse"),
    ("oval", "ellipse", "ellipse"),
    ("circle", "ellipse", "ellipse"),
    ("doublecircle", "ellipse", "ellipse"),
    ("egg", "ellipse", "ellipse"),
    ("diamond", "diamond", "diamond"),
    ("Mdiamond", "diamond", "diamond"),
    ("hexagon", "hexagon", "hexagon"),
    ("octagon", "octagon", "octagon"),
    ("doubleoctagon", "octagon", "octagon"),
    ("tripleoctagon", "octagon", "octagon"),
    ("parallelogram", "rhomboid", "parallelogram"),
    ("triangle", "triangle", "triangle"),
    ("invtriangle", "triangle", "triangle"),
    ("pentagon", "pentagon", "hexagon"),
    ("septagon", "heptagon", "octagon"),
    ("star", "star", "ellipse"),
    ("cds", "tag", "round-rectangle"),
];
const DEFAULT_SHAPE: (&str, &str) = ("round-rectangle", "round-rectangle");

/// Graphviz arrowhead → cytoscape.js / CX2 arrow shape.
const ARROWS: &[(&str, &str)] = &[
    ("normal", "triangle"),
    ("onormal", "triangle"),
    ("empty", "triangle"),
    ("tee", "tee"),
    ("vee", "vee"),
    ("open", "vee"),
    ("dot", "circle"),
    ("odot", "circle"),
    ("diamond", "diamond"),
    ("odiamond", "diamond"),
    ("box", "square"),
    ("obox", "square"),
    ("none", "none"),
];

fn shape(graphviz: &str) -> (&'static str, &'static str) {
    SHAPES
        .iter()
        .find(|(g, _, _)| *g == graphviz)
        .map_or(DEFAULT_SHAPE, |(_, cy, cx)| (*cy, *cx))
}

fn arrow(graphviz: &str) -> &'static str {
    ARROWS
        .iter()
        .find(|(g, _)| *g == graphviz)
        .map_or("triangle", |(_, a)| *a)
}

/// Keys the formats use themselves; a property of that name is written as
/// `prop:KEY`.
const NODE_FIXED: &[&str] = &[
    "id",
    "value",
    "name",
    "category",
    "biolink_category",
    "synonyms",
];
const EDGE_FIXED: &[&str] = &[
    "id",
    "key",
    "source",
    "target",
    "interaction",
    "predicate",
    "biolink_predicate",
    "polarity",
];

fn key_for(key: &str, fixed: &[&str]) -> String {
    if fixed.contains(&key) {
        format!("prop:{key}")
    } else {
        key.to_owned()
    }
}

fn json_text(text: &str) -> String {
    Json::from(text).to_string()
}

/// How one category looks in both formats.
struct CategoryLook {
    name: String,
    cyjs_shape: &'static str,
    cx2_shape: &'static str,
    fill: String,
}

/// How one polarity's edges look.
struct PolarityLook {
    polarity: Polarity,
    color: String,
    arrow: &'static str,
    line: &'static str,
}

/// The look of every category and polarity of the schema.
struct Looks {
    categories: Vec<CategoryLook>,
    polarities: Vec<PolarityLook>,
}

impl Looks {
    fn of(graph: &Graph) -> Looks {
        let style = Style::from_schema(graph.schema());
        let categories = graph
            .schema()
            .categories()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let look = style.node(crate::schema::CategoryId(i as u16));
                let (cyjs_shape, cx2_shape) = shape(&look.shape);
                CategoryLook {
                    name: c.name.clone(),
                    cyjs_shape,
                    cx2_shape,
                    fill: look.fill,
                }
            })
            .collect();
        let polarities = [
            Polarity::Activating,
            Polarity::Inhibiting,
            Polarity::Associative,
        ]
        .into_iter()
        .map(|p| {
            let look = style.edge(p);
            PolarityLook {
                polarity: p,
                color: look.color.clone(),
                arrow: arrow(&look.arrowhead),
                line: line_style(&look.style),
            }
        })
        .collect();
        Looks {
            categories,
            polarities,
        }
    }
}

fn line_style(graphviz: &str) -> &'static str {
    match graphviz {
        "dashed" => "dashed",
        "dotted" => "dotted",
        _ => "solid",
    }
}

/// Writes cytoscape.js JSON: `{"elements": {"nodes": […], "edges": […]}, "style": […]}`.
pub fn write_cyjs(
    graph: &Graph,
    subset: &Subset,
    title: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let looks = Looks::of(graph);
    let mut style = vec![
        json!({"selector": "node", "style": {
            "label": "data(name)", "text-wrap": "wrap", "text-max-width": "120px",
            "text-valign": "center", "font-size": "10px", "border-width": 1,
            "border-color": "#555555", "width": "label", "padding": "8px"}}),
        json!({"selector": "edge", "style": {
            "curve-style": "bezier", "width": 1.5, "target-arrow-shape": "triangle"}}),
    ];
    for c in &looks.categories {
        style.push(json!({
            "selector": format!("node[category = {}]", json_text(&c.name)),
            "style": {"shape": c.cyjs_shape, "background-color": c.fill}
        }));
    }
    for p in &looks.polarities {
        style.push(json!({
            "selector": format!("edge[polarity = \"{}\"]", p.polarity.as_str()),
            "style": {"line-color": p.color, "target-arrow-color": p.color,
                      "target-arrow-shape": p.arrow, "line-style": p.line}
        }));
    }
    write!(
        out,
        r#"{{"format_version":"1.0","generated_by":"icigraph","target_cytoscapejs_version":"~3.2","directed":true,"multigraph":true,"data":{{"name":{}}},"elements":{{"nodes":["#,
        json_text(title)
    )?;
    for (i, &n) in subset.nodes.iter().enumerate() {
        let node = graph.node(n);
        let mut data = Map::new();
        for (key, value) in node.props() {
            data.insert(key_for(key, NODE_FIXED), graph.value_json(value));
        }
        data.insert("id".into(), node.id().into());
        // networkx's cytoscape reader keys nodes by `value`.
        data.insert("value".into(), node.id().into());
        data.insert("name".into(), node.name().into());
        data.insert("category".into(), node.category().name.as_str().into());
        data.insert(
            "biolink_category".into(),
            node.category().biolink.as_str().into(),
        );
        data.insert(
            "synonyms".into(),
            node.synonyms().map(Json::from).collect::<Vec<_>>().into(),
        );
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, r#"{{"data":{}}}"#, Json::Object(data))?;
    }
    out.write_all(br#"],"edges":["#)?;
    let ids: Vec<String> = graph
        .node_indices()
        .map(|n| json_text(graph.node(n).id()))
        .collect();
    let predicates: Vec<String> = graph
        .schema()
        .predicates()
        .iter()
        .map(|p| {
            format!(
                r#","interaction":{0},"predicate":{0},"biolink_predicate":{1},"polarity":"{2}""#,
                json_text(&p.name),
                json_text(&p.biolink),
                p.polarity.as_str()
            )
        })
        .collect();
    for (i, &e) in subset.edges.iter().enumerate() {
        let edge = graph.edge(e);
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            r#"{{"data":{{"id":"e{0}","key":{0},"source":{1},"target":{2}{3}"#,
            e.index(),
            ids[edge.subject().index()],
            ids[edge.object().index()],
            predicates[edge.predicate_id().0 as usize]
        )?;
        for (key, value) in edge.props() {
            write!(
                out,
                ",{}:{}",
                json_text(&key_for(key, EDGE_FIXED)),
                graph.value_json(value)
            )?;
        }
        out.write_all(b"}}")?;
    }
    write!(out, "]}},\"style\":{}}}", Json::Array(style))?;
    writeln!(out)
}

fn cx2_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Int => "long",
        ColumnType::Float => "double",
        ColumnType::Bool => "boolean",
        ColumnType::Str => "string",
        ColumnType::IntList => "list_of_long",
        ColumnType::StrList => "list_of_string",
    }
}

/// Writes CX2: the aspects `attributeDeclarations`, `networkAttributes`,
/// `nodes`, `edges` and `visualProperties` (the style), with `metaData`
/// counts and a closing `status`.
pub fn write_cx2(
    graph: &Graph,
    subset: &Subset,
    title: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let looks = Looks::of(graph);
    let columns = Columns::of(graph, subset);
    let mut node_decl = Map::new();
    for key in ["name", "category", "biolink_category", "ici_id"] {
        node_decl.insert(key.into(), json!({"d": "string"}));
    }
    node_decl.insert("synonyms".into(), json!({"d": "list_of_string"}));
    let node_cols: Vec<(String, ColumnType)> = columns
        .nodes
        .iter()
        .map(|c| {
            (
                key_for(
                    &c.key,
                    &["name", "category", "biolink_category", "ici_id", "synonyms"],
                ),
                c.ty,
            )
        })
        .collect();
    for (key, ty) in &node_cols {
        node_decl.insert(key.clone(), json!({"d": cx2_type(*ty)}));
    }
    let mut edge_decl = Map::new();
    for key in ["interaction", "biolink_predicate", "polarity"] {
        edge_decl.insert(key.into(), json!({"d": "string"}));
    }
    let edge_cols: Vec<(String, ColumnType)> = columns
        .edges
        .iter()
        .map(|c| {
            (
                key_for(&c.key, &["interaction", "biolink_predicate", "polarity"]),
                c.ty,
            )
        })
        .collect();
    for (key, ty) in &edge_cols {
        edge_decl.insert(key.clone(), json!({"d": cx2_type(*ty)}));
    }
    let declarations = json!([{
        "networkAttributes": {"name": {"d": "string"}, "description": {"d": "string"}},
        "nodes": node_decl,
        "edges": edge_decl,
    }]);
    let meta = json!([
        {"name": "attributeDeclarations", "elementCount": 1},
        {"name": "networkAttributes", "elementCount": 1},
        {"name": "nodes", "elementCount": subset.nodes.len()},
        {"name": "edges", "elementCount": subset.edges.len()},
        {"name": "visualProperties", "elementCount": 1},
    ]);
    write!(
        out,
        r#"[{{"CXVersion":"2.0","hasFragments":false}},{{"metaData":{meta}}},{{"attributeDeclarations":{declarations}}},{{"networkAttributes":[{}]}},{{"nodes":["#,
        json!({"name": title, "description": "exported by icigraph"})
    )?;
    let mut position = vec![u32::MAX; graph.node_count()];
    for (i, &n) in subset.nodes.iter().enumerate() {
        position[n.index()] = i as u32;
        let node = graph.node(n);
        let mut v = Map::new();
        v.insert("name".into(), node.name().into());
        v.insert("category".into(), node.category().name.as_str().into());
        v.insert(
            "biolink_category".into(),
            node.category().biolink.as_str().into(),
        );
        v.insert("ici_id".into(), node.id().into());
        v.insert(
            "synonyms".into(),
            node.synonyms().map(Json::from).collect::<Vec<_>>().into(),
        );
        for (c, (key, ty)) in columns.nodes.iter().zip(&node_cols) {
            if let Some(value) = node.prop(&c.key) {
                v.insert(key.clone(), typed_json(graph, value, *ty));
            }
        }
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, r#"{{"id":{i},"v":{}}}"#, Json::Object(v))?;
    }
    out.write_all(br#"]},{"edges":["#)?;
    let predicates: Vec<String> = graph
        .schema()
        .predicates()
        .iter()
        .map(|p| {
            format!(
                r#""interaction":{},"biolink_predicate":{},"polarity":"{}""#,
                json_text(&p.name),
                json_text(&p.biolink),
                p.polarity.as_str()
            )
        })
        .collect();
    for (i, &e) in subset.edges.iter().enumerate() {
        let edge = graph.edge(e);
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            r#"{{"id":{i},"s":{},"t":{},"v":{{{}"#,
            position[edge.subject().index()],
            position[edge.object().index()],
            predicates[edge.predicate_id().0 as usize]
        )?;
        for (c, (key, ty)) in columns.edges.iter().zip(&edge_cols) {
            if let Some(value) = edge.prop(&c.key) {
                write!(out, ",{}:{}", json_text(key), typed_json(graph, value, *ty))?;
            }
        }
        out.write_all(b"}}")?;
    }
    let discrete = |attribute: &str, map: Vec<Json>| json!({"type": "DISCRETE", "definition": {"attribute": attribute, "type": "string", "map": map}});
    let categories = |f: &dyn Fn(&CategoryLook) -> Json| {
        looks
            .categories
            .iter()
            .map(|c| json!({"v": c.name, "vp": f(c)}))
            .collect::<Vec<_>>()
    };
    let polarities = |f: &dyn Fn(&PolarityLook) -> Json| {
        looks
            .polarities
            .iter()
            .map(|p| json!({"v": p.polarity.as_str(), "vp": f(p)}))
            .collect::<Vec<_>>()
    };
    let visual = json!([{
        "default": {
            "network": {"NETWORK_BACKGROUND_COLOR": "#FFFFFF"},
            "node": {
                "NODE_SHAPE": DEFAULT_SHAPE.1, "NODE_BACKGROUND_COLOR": "#eeeeee",
                "NODE_BORDER_COLOR": "#555555", "NODE_BORDER_WIDTH": 1.0,
                "NODE_LABEL_FONT_SIZE": 10, "NODE_WIDTH": 90.0, "NODE_HEIGHT": 36.0,
                "NODE_LABEL_MAX_WIDTH": 120.0
            },
            "edge": {
                "EDGE_WIDTH": 1.5, "EDGE_LINE_COLOR": "#546e7a",
                "EDGE_TARGET_ARROW_SHAPE": "triangle", "EDGE_LINE_STYLE": "solid"
            }
        },
        "nodeMapping": {
            "NODE_LABEL": {"type": "PASSTHROUGH", "definition": {"attribute": "name", "type": "string"}},
            "NODE_SHAPE": discrete("category", categories(&|c| Json::from(c.cx2_shape))),
            "NODE_BACKGROUND_COLOR": discrete("category", categories(&|c| Json::from(c.fill.as_str()))),
        },
        "edgeMapping": {
            "EDGE_LINE_COLOR": discrete("polarity", polarities(&|p| Json::from(p.color.as_str()))),
            "EDGE_TARGET_ARROW_COLOR": discrete("polarity", polarities(&|p| Json::from(p.color.as_str()))),
            "EDGE_TARGET_ARROW_SHAPE": discrete("polarity", polarities(&|p| Json::from(p.arrow))),
            "EDGE_LINE_STYLE": discrete("polarity", polarities(&|p| Json::from(p.line))),
        }
    }]);
    writeln!(
        out,
        r#"]}},{{"visualProperties":{visual}}},{{"status":[{{"error":"","success":true}}]}}]"#
    )
}
