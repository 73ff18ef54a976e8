//! Printing of `path` and `strategies`.

use std::io::Write;

use super::Format;
use super::args::PathArgs;
use super::browse::note;
use super::browse::unknown;
use super::output::{print_json_brief, refs, write_note};
use crate::error::Error;
use icigraph_engine::export::drawing::{Emphasis, induced_edges};
use icigraph_engine::export::{Drawing, Style, dot};
use icigraph_engine::graph::{Graph, NodeIx};
use icigraph_engine::path::strategies::{
    Rules, Scope, StrategyOptions, StrategyReport, strategies as find_strategies,
};
use icigraph_engine::path::{self, PathOptions, PathResult, PathView};
use icigraph_engine::schema::View;

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
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(file) = &args.pairs {
        let options = options(graph, args)?;
        return pairs::run(graph, file, args, &options, format, brief, out);
    }
    if args.all {
        let options = options(graph, args)?;
        return all(graph, args, &options, format, brief, out);
    }
    let (result, options) = find_paths(graph, args)?;
    print_paths(graph, &result, args.k, &options, format, brief, out)
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
    let index = path::PathIndex::new(graph);
    let paths = path::rank::k_best(&index, from, to, args.k, &options, args.rank.into())?;
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
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match format {
        Format::Json => return print_json_brief(out, result, brief),
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
        print_path(graph, out, i + 1, view, brief)?;
    }
    Ok(())
}

/// `path --all --format json`: the same document as a [`PathResult`] printed
/// whole, written path by path as the walk finds them, so memory stays flat
/// however many paths `--limit` lets through. Nothing is written when the
/// query is refused before the first path.
fn all_json(
    graph: &Graph,
    from: NodeIx,
    to: NodeIx,
    limit: usize,
    options: &PathOptions,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let summary_json = |node: NodeIx| -> Result<String, Error> {
        let json = pretty(
            &icigraph_engine::summary::NodeSummary::of(graph, node),
            brief,
        )?;
        Ok(indent(&json, "  "))
    };
    // `--brief` goes through a JSON value, whose keys come out sorted:
    // `from`, `paths`, `to`, `truncated`; otherwise the struct's order.
    let head = |out: &mut dyn Write| -> Result<(), Error> {
        write!(out, "{{\n  \"from\": {},", summary_json(from)?)?;
        if !brief {
            write!(out, "\n  \"to\": {},", summary_json(to)?)?;
        }
        write!(out, "\n  \"paths\": [")?;
        Ok(())
    };
    let mut n = 0usize;
    let summary = path::all_paths(graph, from, to, limit, options, |p| {
        if n == 0 {
            head(out)?;
        }
        let view = pretty(&PathView::of(graph, &p), brief)?;
        write!(
            out,
            "{}\n    {}",
            if n == 0 { "" } else { "," },
            indent(&view, "    ")
        )?;
        n += 1;
        Ok::<(), Error>(())
    })?;
    if n == 0 {
        head(out)?;
        write!(out, "]")?;
    } else {
        write!(out, "\n  ]")?;
    }
    if brief {
        write!(out, ",\n  \"to\": {}", summary_json(to)?)?;
    }
    if summary.truncated {
        write!(out, ",\n  \"truncated\": true")?;
    }
    writeln!(out, "\n}}")?;
    Ok(())
}

/// Indents every line after the first of pretty JSON by `by` (JSON strings
/// hold no raw line breaks, so lines are safe to split on).
fn indent(json: &str, by: &str) -> String {
    json.replace('\n', &format!("\n{by}"))
}

/// Pretty JSON of one part of a path document, `--brief` applied.
fn pretty(value: &impl serde::Serialize, brief: bool) -> Result<String, Error> {
    let mut buf = Vec::new();
    print_json_brief(&mut buf, value, brief)?;
    buf.pop(); // the closing line break
    Ok(String::from_utf8(buf).expect("serde_json writes UTF-8"))
}

fn all(
    graph: &Graph,
    args: &PathArgs,
    options: &PathOptions,
    format: Format,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let (from, to) = ends(graph, args)?;
    if format == Format::Json {
        return all_json(graph, from, to, args.limit, options, brief, out);
    }
    if !matches!(format, Format::Table | Format::Csv) {
        let mut found = Vec::new();
        let summary = path::all_paths(graph, from, to, args.limit, options, |p| {
            found.push(p);
            Ok::<(), Error>(())
        })?;
        let mut result = PathResult::new(graph, from, to, &found);
        result.truncated = summary.truncated;
        return draw(graph, &result, out);
    }
    writeln!(
        out,
        "{} → {}: every simple path of at most {} hops{}",
        label(&icigraph_engine::summary::NodeSummary::of(graph, from)),
        label(&icigraph_engine::summary::NodeSummary::of(graph, to)),
        options.max_hops,
        if options.directed { ", directed" } else { "" }
    )?;
    let mut n = 0;
    let summary = path::all_paths(graph, from, to, args.limit, options, |p| {
        n += 1;
        writeln!(out)?;
        print_path(graph, out, n, &PathView::of(graph, &p), brief)
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
    let frame = View {
        id: "path".to_owned(),
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
        ..View::default()
    };
    let context = induced_edges(graph, &nodes);
    let style = Style::from_schema(graph.schema());
    Drawing::build(graph, &nodes, &context, &emphasis, &style, frame)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn label(node: &icigraph_engine::summary::NodeSummary) -> String {
    format!("{} [{}]", node.name, node.category)
}

/// `path --pairs FILE`: many queries in one process, one result per pair.
mod pairs {
    use std::io::Write;
    use std::path::Path as FilePath;

    use serde::Serialize;

    use super::{Format, label, print_path};
    use crate::error::Error;
    use icigraph_engine::graph::Graph;
    use icigraph_engine::path::{PathIndex, PathOptions, PathResult};
    use icigraph_engine::summary::NodeSummary;

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
        args: &super::PathArgs,
        options: &PathOptions,
        format: Format,
        brief: bool,
        out: &mut dyn Write,
    ) -> Result<(), Error> {
        if format == Format::Dot {
            return Err(Error::Usage(
                "--format dot draws one query; --pairs prints a table or JSON".into(),
            ));
        }
        let pairs = icigraph_engine::pairs::read(file, graph)?;
        // Built once for every pair.
        let index = PathIndex::new(graph);
        let mut results = Vec::with_capacity(pairs.len());
        for (i, &(from, to)) in pairs.iter().enumerate() {
            let ranked = icigraph_engine::path::rank::k_best(
                &index,
                from,
                to,
                args.k,
                options,
                args.rank.into(),
            );
            let (paths, error) = match ranked {
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
                        print_path(graph, out, n + 1, view, brief)?;
                    }
                }
            }
        }
        if format == Format::Json {
            super::print_json_brief(out, &results, brief)?;
        }
        Ok(())
    }
}

/// A numbered path: the chain on one line, then one line per edge with its
/// references, evidence, trials and provenance marker, and its caveat line
/// under it unless `brief`.
fn print_path(
    graph: &Graph,
    out: &mut dyn Write,
    number: usize,
    view: &PathView,
    brief: bool,
) -> Result<(), Error> {
    let mut chain = label(&view.nodes[0]);
    for (edge, node) in view.edges.iter().zip(&view.nodes[1..]) {
        chain.push_str(&format!(" —{}→ {}", edge.claim.reading, label(node)));
    }
    writeln!(
        out,
        "{number}. {chain}  ({} hop{})",
        view.hops,
        plural(view.hops)
    )?;
    for (i, edge) in view.edges.iter().enumerate() {
        let mut facts = Vec::new();
        // An edge without refs (open graphs have none) says nothing of them.
        let cited = refs(&edge.claim.refs);
        if !cited.is_empty() {
            facts.push(format!("refs {cited}"));
        }
        if let Some(evidence) = &edge.claim.evidence {
            facts.push(format!("evidence {evidence}"));
        }
        let marker = edge.claim.provenance.marker(graph.schema());
        if !marker.is_empty() {
            facts.push(marker);
        }
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!(": {}", facts.join("; "))
        };
        writeln!(
            out,
            "   {} —{}→ {}{facts}",
            view.nodes[i].name,
            edge.claim.reading,
            view.nodes[i + 1].name,
        )?;
        write_note(
            out,
            "     ↳ ",
            &note(&edge.claim.provenance, &edge.claim.caveats, brief),
        )?;
    }
    Ok(())
}

pub fn strategies(
    graph: &Graph,
    mechanism: &str,
    rules: &Rules,
    options: StrategyOptions,
    format: Format,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if format == Format::Dot {
        return Err(Error::Usage(
            "strategies prints --format table or json; draw one justification with `path --format dot`".into(),
        ));
    }
    let ix = graph.resolve(mechanism)?;
    let report: StrategyReport = find_strategies(graph, ix, rules, options)?;
    if format == Format::Json {
        return print_json_brief(out, &report, brief);
    }
    if !report.involved_in.is_empty() {
        writeln!(
            out,
            "{} is not a resistance mechanism; {} mechanism{} involve{} it:",
            label(&report.mechanism),
            report.involved_in.len(),
            plural(report.involved_in.len()),
            if report.involved_in.len() == 1 {
                "s"
            } else {
                ""
            }
        )?;
        for inv in &report.involved_in {
            writeln!(
                out,
                "  {} —{}→ {}",
                label(&inv.report.mechanism),
                inv.reading,
                report.mechanism.name
            )?;
        }
        for inv in &report.involved_in {
            writeln!(out)?;
            writeln!(out, "── {} ──", inv.report.mechanism.name)?;
            print_strategy_report(graph, &inv.report, brief, out)?;
        }
        return Ok(());
    }
    print_strategy_report(graph, &report, brief, out)
}

fn print_strategy_report(
    graph: &Graph,
    report: &StrategyReport,
    brief: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let direct = report
        .strategies
        .iter()
        .filter(|s| s.scope == Scope::Direct && s.member_of.is_none())
        .count();
    let n = report.strategies.len();
    writeln!(
        out,
        "{}: {n} countermeasure{} ({direct} named for it by the review, {} inferred)",
        label(&report.mechanism),
        plural(n),
        n - direct
    )?;
    if !report.broader.is_empty() {
        let names: Vec<String> = report.broader.iter().map(label).collect();
        writeln!(out, "belongs to: {}", names.join(", "))?;
    }
    if !report.narrower.is_empty() {
        let names: Vec<String> = report.narrower.iter().map(label).collect();
        writeln!(out, "gathers: {}", names.join(", "))?;
    }
    let mut heading: Option<String> = None;
    for (i, s) in report.strategies.iter().enumerate() {
        let negative = s.provenance.outcome.as_deref() == Some("negative");
        let section = match (s.scope, s.member_of.is_some()) {
            _ if negative => "Tested with a negative outcome (ranked last)".to_owned(),
            (Scope::Direct, false) => "Named for this mechanism by the review".to_owned(),
            (Scope::Direct, true) => {
                "Agents of a strategy named for this mechanism (inferred)".to_owned()
            }
            (Scope::Narrower, _) => format!(
                "Named for the narrower mechanism {} (inferred for the class)",
                s.counteracts.name
            ),
            (Scope::Broader, _) => {
                "Inherited from broader mechanisms (inferred, not stated by the review)".to_owned()
            }
        };
        if heading.as_ref() != Some(&section) {
            writeln!(out)?;
            writeln!(out, "{section}:")?;
            heading = Some(section);
        }
        writeln!(out)?;
        let evidence = s
            .evidence_label
            .clone()
            .or_else(|| s.evidence.clone())
            .unwrap_or_else(|| "evidence level not stated".into());
        let mut facts = vec![evidence];
        let marker = s.provenance.marker(graph.schema());
        if !marker.is_empty() {
            facts.push(marker);
        }
        writeln!(
            out,
            "{}. {} — {}",
            i + 1,
            label(&s.strategy),
            facts.join("; ")
        )?;
        if let Some(inference) = &s.inference {
            writeln!(out, "   inferred: {inference}")?;
        }
        for flag in &s.flags {
            writeln!(out, "   flagged ({}): {}", flag.rule, flag.reason)?;
        }
        let mut chain = label(&s.path.nodes[0]);
        for (edge, node) in s.path.edges.iter().zip(&s.path.nodes[1..]) {
            chain.push_str(&format!(" —{}→ {}", edge.claim.reading, label(node)));
        }
        writeln!(out, "   path: {chain}")?;
        let cited = refs(&s.refs);
        writeln!(
            out,
            "   refs {}",
            if cited.is_empty() {
                "none".into()
            } else {
                cited
            },
        )?;
        write_note(out, "   ↳ ", &note(&s.provenance, &s.caveats, brief))?;
    }
    if !report.excluded.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Left out by exclusion rules (schema/strategy_exclusions.csv):"
        )?;
        for x in &report.excluded {
            write_note(
                out,
                "  - ",
                &format!(
                    "{} ({}, refs {}): {}",
                    label(&x.strategy),
                    x.hit.rule,
                    refs(&x.refs),
                    x.hit.reason
                ),
            )?;
        }
    }
    Ok(())
}
