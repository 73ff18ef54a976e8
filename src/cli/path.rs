//! Printing of `path` and `strategies`.

use std::io::Write;

use super::Format;
use super::args::PathArgs;
use super::browse::unknown;
use super::output::{print_json, refs};
use crate::error::Error;
use icigraph_engine::export::drawing::{Emphasis, Frame, induced_edges};
use icigraph_engine::export::{Drawing, Style, dot};
use icigraph_engine::graph::{Graph, NodeIx};
use icigraph_engine::path::strategies::{Rules, StrategyReport, strategies as find_strategies};
use icigraph_engine::path::{self, PathOptions, PathResult, PathView};

/// Turns the command-line filters into [`PathOptions`], resolving names.
fn options(graph: &Graph, args: &PathArgs) -> Result<PathOptions, Error> {
    let schema = graph.schema();
    let category = |c: &String| {
        schema
            .find_category(c)
            .ok_or_else(|| Error::Usage(unknown("category", c, &schema.suggest_category(c))))
    };
    Ok(PathOptions {
        max_hops: args.max_hops,
        directed: args.directed,
        avoid: args
            .avoid
            .iter()
            .map(|name| graph.resolve(name))
            .collect::<Result<_, _>>()?,
        via_categories: args
            .via_categories
            .iter()
            .map(category)
            .collect::<Result<_, _>>()?,
        exclude_categories: args
            .exclude_categories
            .iter()
            .map(category)
            .collect::<Result<_, _>>()?,
        predicates: args
            .predicates
            .iter()
            .map(|p| {
                schema.find_predicate(p).ok_or_else(|| {
                    Error::Usage(unknown("predicate", p, &schema.suggest_predicate(p)))
                })
            })
            .collect::<Result<_, _>>()?,
    })
}

pub fn path(
    graph: &Graph,
    args: &PathArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(file) = &args.pairs {
        let options = options(graph, args)?;
        return pairs::run(graph, file, args.k, &options, format, out);
    }
    if args.all {
        let (from, to) = ends(graph, args)?;
        let options = options(graph, args)?;
        return all(graph, from, to, args, &options, format, out);
    }
    let (result, options) = find_paths(graph, args)?;
    print_paths(graph, &result, args.k, &options, format, out)
}

/// The two ends of a one-pair query.
fn ends(graph: &Graph, args: &PathArgs) -> Result<(NodeIx, NodeIx), Error> {
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        return Err(Error::Usage("give FROM and TO, or --pairs FILE".into()));
    };
    Ok((graph.resolve(from)?, graph.resolve(to)?))
}

/// The `--k` shortest paths the arguments ask for, with the options used.
pub fn find_paths(graph: &Graph, args: &PathArgs) -> Result<(PathResult, PathOptions), Error> {
    let (from, to) = ends(graph, args)?;
    let options = options(graph, args)?;
    let paths = path::k_shortest(graph, from, to, args.k, &options)?;
    Ok((PathResult::new(graph, from, to, &paths), options))
}

/// Prints the k shortest paths; shared by `icigraph path` and the shell's
/// `:path`. `asked` is the k asked for, to say when fewer exist.
pub fn print_paths(
    graph: &Graph,
    result: &PathResult,
    asked: usize,
    options: &PathOptions,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match format {
        Format::Json => return print_json(out, result),
        Format::Dot => return draw(graph, result, out),
        Format::Table | Format::Csv | Format::Markdown | Format::Html => {}
    }
    let count = result.paths.len();
    writeln!(
        out,
        "{} → {}: {} shortest path{} (at most {} hops{})",
        label(&result.from),
        label(&result.to),
        count,
        plural(count),
        options.max_hops,
        if options.directed { ", directed" } else { "" }
    )?;
    if count < asked {
        writeln!(
            out,
            "(no more within {} hops: {} asked for)",
            options.max_hops, asked
        )?;
    }
    for (i, view) in result.paths.iter().enumerate() {
        writeln!(out)?;
        print_path(out, i + 1, view)?;
    }
    Ok(())
}

fn all(
    graph: &Graph,
    from: icigraph_engine::graph::NodeIx,
    to: icigraph_engine::graph::NodeIx,
    args: &PathArgs,
    options: &PathOptions,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if !matches!(format, Format::Table | Format::Csv) {
        let mut found = Vec::new();
        let summary = path::all_paths(graph, from, to, args.limit, options, |p| {
            found.push(p);
            Ok::<(), Error>(())
        })?;
        let mut result = PathResult::new(graph, from, to, &found);
        result.truncated = summary.truncated;
        if format == Format::Dot {
            return draw(graph, &result, out);
        }
        return print_json(out, &result);
    }
    writeln!(
        out,
        "{} → {}: every simple path of at most {} hops{}",
        label(&icigraph_engine::detail::NodeSummary::of(graph, from)),
        label(&icigraph_engine::detail::NodeSummary::of(graph, to)),
        options.max_hops,
        if options.directed { ", directed" } else { "" }
    )?;
    let mut n = 0;
    let summary = path::all_paths(graph, from, to, args.limit, options, |p| {
        n += 1;
        writeln!(out)?;
        print_path(out, n, &PathView::of(graph, &p))
    })?;
    writeln!(out)?;
    if summary.truncated {
        writeln!(
            out,
            "stopped at --limit {}: more paths exist (raise --limit or lower --max-hops)",
            args.limit
        )?;
    } else {
        writeln!(out, "{} path{}", summary.count, plural(summary.count))?;
    }
    Ok(())
}

/// The paths as DOT text.
fn draw(graph: &Graph, result: &PathResult, out: &mut dyn Write) -> Result<(), Error> {
    out.write_all(dot::write(&path_drawing(graph, result)).as_bytes())?;
    Ok(())
}

/// The paths as a drawing: their nodes and edges emphasised, other edges
/// among the same nodes faded as context.
pub fn path_drawing(graph: &Graph, result: &PathResult) -> Drawing {
    let (nodes, edges) = result.subgraph();
    let ends =
        [&result.from.id, &result.to.id].map(|id| graph.find_id(id).expect("an end of the result"));
    let emphasis = Emphasis {
        nodes: ends.to_vec(),
        edges: edges.clone(),
    };
    let n = result.paths.len();
    let frame = Frame {
        name: "path".to_owned(),
        title: format!("{} to {}", result.from.name, result.to.name),
        caption: format!(
            "{n} path{}{}.",
            plural(n),
            if result.truncated {
                " (cut at the limit)"
            } else {
                ""
            }
        ),
        rankdir: "LR".to_owned(),
        clusters: Vec::new(),
        ..Frame::default()
    };
    let context = induced_edges(graph, &nodes);
    let style = Style::from_schema(graph.schema());
    Drawing::build(graph, &nodes, &context, &emphasis, &style, frame)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn label(node: &icigraph_engine::detail::NodeSummary) -> String {
    format!("{} [{}]", node.name, node.category)
}

/// `path --pairs FILE`: many queries in one process, one result per pair.
mod pairs {
    use std::io::Write;
    use std::path::Path as FilePath;

    use serde::Serialize;

    use super::{Format, label, print_path};
    use crate::error::Error;
    use icigraph_engine::detail::NodeSummary;
    use icigraph_engine::graph::Graph;
    use icigraph_engine::path::{PathIndex, PathOptions, PathResult};

    /// One pair's answer: its paths, or why there is none.
    #[derive(Serialize)]
    struct PairResult {
        #[serde(flatten)]
        result: PathResult,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    }

    pub fn run(
        graph: &Graph,
        file: &FilePath,
        k: usize,
        options: &PathOptions,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Error> {
        if format == Format::Dot {
            return Err(Error::Usage(
                "--format dot draws one query; --pairs prints a table or JSON".into(),
            ));
        }
        let pairs =
            icigraph_engine::pairs::read(file, graph).map_err(|e| Error::Usage(e.to_string()))?;
        // Built once for every pair.
        let index = PathIndex::new(graph);
        let mut results = Vec::with_capacity(pairs.len());
        for (i, &(from, to)) in pairs.iter().enumerate() {
            let (paths, error) = match index.k_shortest(from, to, k, options) {
                Ok(paths) => (paths, None),
                Err(err) => (Vec::new(), Some(err.to_string())),
            };
            let result = PathResult::new(graph, from, to, &paths);
            if format == Format::Json {
                results.push(PairResult { result, error });
                continue;
            }
            if i > 0 {
                writeln!(out)?;
            }
            let (from, to) = (NodeSummary::of(graph, from), NodeSummary::of(graph, to));
            match error {
                Some(error) => writeln!(out, "{} → {}: {error}", label(&from), label(&to))?,
                None => {
                    writeln!(out, "{} → {}:", label(&from), label(&to))?;
                    for (n, view) in result.paths.iter().enumerate() {
                        print_path(out, n + 1, view)?;
                    }
                }
            }
        }
        if format == Format::Json {
            super::print_json(out, &results)?;
        }
        Ok(())
    }
}

/// A numbered path: the chain on one line, then one line per edge with its
/// references, evidence and trials.
fn print_path(out: &mut dyn Write, number: usize, view: &PathView) -> Result<(), Error> {
    let mut chain = label(&view.nodes[0]);
    for (edge, node) in view.edges.iter().zip(&view.nodes[1..]) {
        chain.push_str(&format!(" —{}→ {}", edge.reading, label(node)));
    }
    writeln!(
        out,
        "{number}. {chain}  ({} hop{})",
        view.hops,
        plural(view.hops)
    )?;
    for (i, edge) in view.edges.iter().enumerate() {
        let mut facts = Vec::new();
        let cited = refs(&edge.refs);
        facts.push(if cited.is_empty() {
            "no refs".to_owned()
        } else {
            format!("refs {cited}")
        });
        if let Some(evidence) = &edge.evidence {
            facts.push(format!("evidence {evidence}"));
        }
        if !edge.trials.is_empty() {
            facts.push(format!("trials {}", edge.trials.join(", ")));
        }
        writeln!(
            out,
            "   {} —{}→ {}: {}",
            view.nodes[i].name,
            edge.reading,
            view.nodes[i + 1].name,
            facts.join("; ")
        )?;
    }
    Ok(())
}

pub fn strategies(
    graph: &Graph,
    mechanism: &str,
    rules: &Rules,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if format == Format::Dot {
        return Err(Error::Usage(
            "strategies prints --format table or json; draw one justification with `path --format dot`".into(),
        ));
    }
    let ix = graph.resolve(mechanism)?;
    let report: StrategyReport = find_strategies(graph, ix, rules)?;
    if format == Format::Json {
        return print_json(out, &report);
    }
    writeln!(
        out,
        "{}: {} countermeasure{}",
        label(&report.mechanism),
        report.strategies.len(),
        plural(report.strategies.len())
    )?;
    if !report.broader.is_empty() {
        let names: Vec<String> = report.broader.iter().map(label).collect();
        writeln!(out, "belongs to: {}", names.join(", "))?;
    }
    for (i, s) in report.strategies.iter().enumerate() {
        writeln!(out)?;
        let evidence = s
            .evidence_label
            .clone()
            .or_else(|| s.evidence.clone())
            .unwrap_or_else(|| "no evidence level".into());
        writeln!(
            out,
            "{}. {} — {evidence}; counteracts {}",
            i + 1,
            label(&s.strategy),
            s.counteracts.name
        )?;
        let mut chain = label(&s.path.nodes[0]);
        for (edge, node) in s.path.edges.iter().zip(&s.path.nodes[1..]) {
            chain.push_str(&format!(" —{}→ {}", edge.reading, label(node)));
        }
        writeln!(out, "   path: {chain}")?;
        let cited = refs(&s.refs);
        writeln!(
            out,
            "   refs {}{}",
            if cited.is_empty() {
                "none".into()
            } else {
                cited
            },
            if s.trials.is_empty() {
                String::new()
            } else {
                format!("; trials {}", s.trials.join(", "))
            }
        )?;
    }
    Ok(())
}
