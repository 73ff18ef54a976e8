//! Commands that look at the graph: `stats`, `node`, `neighbors`.

use std::io::Write;

use super::Format;
use super::output::{NotedTable, print_json, print_json_brief, print_table, refs, table};
use crate::error::Error;
use icigraph_engine::detail::{NodeDetail, node_detail};
use icigraph_engine::export::{Drawing, Style, dot};
use icigraph_engine::graph::{Graph, NodeIx};
use icigraph_engine::neighborhood::{NeighborFilter, Neighborhood, neighborhood};
use icigraph_engine::stats;

pub fn stats(graph: &Graph, hubs: usize, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let stats = stats::stats(graph, hubs);
    if format == Format::Json {
        return print_json(out, &stats);
    }
    writeln!(
        out,
        "{} nodes, {} edges; {} connected component{} (largest: {} nodes)\n",
        stats.nodes,
        stats.edges,
        stats.components,
        if stats.components == 1 { "" } else { "s" },
        stats.largest_component
    )?;
    let mut t = table(&["category", "nodes"]);
    for c in &stats.categories {
        t.add_row(vec![c.name.clone(), c.count.to_string()]);
    }
    print_table(out, &t)?;
    writeln!(out)?;
    let mut t = table(&["predicate", "edges"]);
    for p in &stats.predicates {
        t.add_row(vec![p.name.clone(), p.count.to_string()]);
    }
    print_table(out, &t)?;
    writeln!(out)?;
    let mut t = table(&["hub", "category", "degree", "id"]);
    for h in &stats.hubs {
        t.add_row(vec![
            h.name.clone(),
            h.category.clone(),
            h.degree.to_string(),
            h.id.clone(),
        ]);
    }
    print_table(out, &t)
}

pub fn node(
    graph: &Graph,
    name: &str,
    format: Format,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let ix = graph.resolve(name)?;
    print_node(graph, ix, &node_detail(graph, ix), format, brief, out)
}

/// Prints a node's detail; shared by `icigraph node` and the shell's `:node`.
pub fn print_node(
    graph: &Graph,
    ix: NodeIx,
    detail: &NodeDetail,
    format: Format,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if format == Format::Json {
        return print_json_brief(out, detail, brief);
    }
    writeln!(out, "{} [{}]  {}", detail.name, detail.category, detail.id)?;
    if !detail.synonyms.is_empty() {
        writeln!(out, "synonyms: {}", detail.synonyms.join(", "))?;
    }
    let node = graph.node(ix);
    for (key, value) in node.props() {
        writeln!(out, "{key}: {}", graph.value_text(value))?;
    }
    writeln!(out)?;
    let mut t = NotedTable::new(&[
        "edge",
        "neighbour",
        "category",
        "refs",
        "evidence",
        "support",
    ]);
    for e in &detail.edges {
        t.add_row(
            vec![
                format!("—{}→", e.claim.reading),
                e.neighbor.name.clone(),
                e.neighbor.category.clone(),
                refs(&e.claim.refs),
                e.claim.evidence.clone().unwrap_or_default(),
                e.claim.provenance.marker(graph.schema()),
            ],
            note(&e.claim.provenance, &e.claim.caveats, brief),
        );
    }
    let n = detail.edges.len();
    writeln!(out, "{n} edge{}", if n == 1 { "" } else { "s" })?;
    t.print(out)
}

/// The caveat line under an edge's row, unless `--brief`.
pub fn note(
    provenance: &icigraph_engine::provenance::Provenance,
    caveats: &icigraph_engine::provenance::Caveats,
    brief: bool,
) -> String {
    if brief {
        String::new()
    } else {
        icigraph_engine::provenance::caveat_line(provenance, caveats)
    }
}

/// The `neighbors` filters as typed.
pub struct NeighborWalk<'a> {
    pub categories: &'a [String],
    pub predicates: &'a [String],
    pub directed: bool,
}

pub fn neighbors(
    graph: &Graph,
    name: &str,
    depth: usize,
    walk: &NeighborWalk<'_>,
    format: Format,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let ix = graph.resolve(name)?;
    let filter = neighbor_filter(graph, walk)?;
    print_neighborhood(
        graph,
        &neighborhood(graph, ix, depth, &filter),
        format,
        brief,
        out,
    )
}

/// Prints a neighbourhood; shared by `icigraph neighbors` and the shell's
/// `:neighbors`.
pub fn print_neighborhood(
    graph: &Graph,
    hood: &Neighborhood,
    format: Format,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match format {
        Format::Json => return print_json_brief(out, hood, brief),
        Format::Dot => {
            let style = Style::from_schema(graph.schema());
            let drawing = Drawing::neighborhood(graph, hood, &style);
            out.write_all(dot::write(&drawing).as_bytes())?;
            return Ok(());
        }
        Format::Table | Format::Csv | Format::Markdown | Format::Html => {}
    }
    print_neighbors(graph, hood, hood.depth, brief, out)
}

/// The neighbourhood filter named on the command line, with "did you mean"
/// errors for unknown categories and predicates.
pub fn neighbor_filter(graph: &Graph, walk: &NeighborWalk<'_>) -> Result<NeighborFilter, Error> {
    let schema = graph.schema();
    let mut filter = NeighborFilter {
        directed: walk.directed,
        ..NeighborFilter::default()
    };
    for c in walk.categories {
        let id = schema
            .find_category(c)
            .ok_or_else(|| Error::Usage(unknown("category", c, &schema.suggest_category(c))))?;
        filter.categories.push(id);
    }
    for p in walk.predicates {
        let id = schema
            .find_predicate(p)
            .ok_or_else(|| Error::Usage(unknown("predicate", p, &schema.suggest_predicate(p))))?;
        filter.predicates.push(id);
    }
    Ok(filter)
}

fn print_neighbors(
    graph: &Graph,
    hood: &Neighborhood,
    depth: usize,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    writeln!(
        out,
        "{} [{}]: {} neighbours within {} step{}",
        hood.center.name,
        hood.center.category,
        hood.neighbors.len(),
        depth,
        if depth == 1 { "" } else { "s" }
    )?;
    let mut t = NotedTable::new(&[
        "depth",
        "neighbour",
        "category",
        "reached by",
        "refs",
        "evidence",
        "support",
    ]);
    for n in &hood.neighbors {
        t.add_row(
            vec![
                n.depth.to_string(),
                n.node.name.clone(),
                n.node.category.clone(),
                format!("{} —{}→", n.from.name, n.claim.reading),
                refs(&n.claim.refs),
                n.claim.evidence.clone().unwrap_or_default(),
                n.claim.provenance.marker(graph.schema()),
            ],
            note(&n.claim.provenance, &n.claim.caveats, brief),
        );
    }
    t.print(out)
}

/// "unknown category "Gen"; did you mean "Gene"?"
pub fn unknown(kind: &str, name: &str, suggestions: &[String]) -> String {
    let mut message = format!("unknown {kind} \"{name}\"");
    if !suggestions.is_empty() {
        let list: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
        message.push_str(&format!("; did you mean {}?", list.join(" or ")));
    }
    message
}
