//! `icigraph query`: run a query or a saved query file and print the result
//! as a table, JSON or CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::{print_json, print_table, table};
use super::{Format, Global, damaged, load_graph_for_reading, trusted};
use crate::error::Error;
use icigraph_engine::graph::Graph;
use icigraph_engine::query::{self, Mode, Options, Outcome, PlanNode, Table, Timings, output};
use icigraph_engine::schema::Schema;

/// What `icigraph query` was asked.
pub struct Request<'a> {
    pub text: Option<String>,
    pub file: Option<PathBuf>,
    pub params: &'a [String],
    pub empty: bool,
    /// `--timing`: parse, plan and execution times on stderr.
    pub timing: bool,
    /// `--save FILE.icg`: the snapshot to write after the query.
    pub save: Option<&'a Path>,
}

pub fn run(
    global: &Global,
    request: Request<'_>,
    limits: &super::limits::LimitArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let Request {
        text,
        file,
        params,
        empty,
        timing,
        save,
    } = request;
    let text = match (text, file) {
        (Some(text), _) => text,
        (None, Some(path)) => std::fs::read_to_string(&path).map_err(|reason| Error::Read {
            path: path.display().to_string(),
            reason,
        })?,
        (None, None) => return Err(Error::Usage("give a query or --file".into())),
    };
    let mut options = Options {
        strict: !empty,
        limits: limits.limits(),
        ..Options::default()
    };
    for param in params {
        let Some((name, value)) = param.split_once('=') else {
            return Err(Error::Usage(format!(
                "--param takes NAME=VALUE, not \"{param}\""
            )));
        };
        let name = name.trim().trim_start_matches('$');
        options
            .params
            .insert(name.to_owned(), output::param_value(value));
    }
    // The target is checked before anything runs, so a refusal costs nothing.
    let writes = global.writes();
    if let Some(path) = save {
        writes.check(path, "snapshot")?;
    }
    // Ctrl-C stops the query at its next check of the budget (every 1,024
    // steps of work) and nothing is printed; a second Ctrl-C ends at once.
    // Set before loading, so a Ctrl-C during the load stops the query too.
    super::limits::cancel_on_ctrl_c();
    options.limits.cancel = Some(&super::limits::CANCEL);
    // A snapshot's edges are checked where the query reads them (a write
    // checks them all first); one to be saved is checked whole up front.
    let mut graph = if empty {
        Graph::new(Schema::open())
    } else {
        load_graph_for_reading(global)?
    };
    if save.is_some() {
        graph.verify().map_err(|what| damaged(global, what))?;
    }
    let outcome = query::execute(&mut graph, &text, &options);
    if super::limits::CANCEL.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(Error::Interrupted);
    }
    trusted(global, &graph)?;
    let outcome = outcome?;
    print_outcome(&graph, &outcome, global.format, out)?;
    trusted(global, &graph)?;
    if timing {
        out.flush()?;
        eprintln!("{}", timing_line(&outcome.timings));
    }
    let result = &outcome.table;
    if result.rows.is_empty() && !empty && !result.stats.any() && outcome.mode != Mode::Explain {
        // The rows first, then the note, in a terminal too.
        out.flush()?;
        for hint in query::hints::name_hints(&graph, &text) {
            eprintln!("note: {hint}");
        }
    }
    match save {
        Some(path) => {
            super::save_snapshot(&writes, path, &graph, &global.bars())?;
            out.flush()?;
            eprintln!("{}", super::saved_message(&graph, path));
        }
        None if result.stats.any() => {
            out.flush()?;
            eprintln!(
                "note: the changes were made in memory only; --save FILE.icg writes them to a new snapshot"
            );
        }
        None => {}
    }
    Ok(())
}

/// A write's result in JSON: the rows and what changed.
#[derive(serde::Serialize)]
struct WriteAnswer<'a> {
    rows: Vec<output::JsonRow<'a>>,
    stats: query::WriteStats,
}

/// `parse 0.21 ms · plan 0.05 ms · execute 3.12 ms`.
pub fn timing_line(t: &Timings) -> String {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    format!(
        "parse {:.2} ms · plan {:.2} ms · execute {:.2} ms",
        ms(t.parse),
        ms(t.plan),
        ms(t.execute)
    )
}

/// Prints what a script gave: the rows (none under EXPLAIN), then the plan
/// under EXPLAIN and PROFILE. JSON is one object `{"columns", "rows",
/// "plan"}` when there is a plan; CSV keeps stdout for the rows and prints
/// the plan on stderr.
pub fn print_outcome(
    graph: &Graph,
    outcome: &Outcome,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let Some(plan) = &outcome.plan else {
        return print_result(graph, &outcome.table, format, out);
    };
    let profiled = outcome.mode == Mode::Profile;
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "columns": outcome.table.columns,
                "rows": output::table_json(graph, &outcome.table),
                "plan": plan,
            });
            print_json(out, &value)
        }
        Format::Csv => {
            if profiled {
                print_result(graph, &outcome.table, format, out)?;
            }
            out.flush()?;
            print_plan(plan, profiled, &mut std::io::stderr())
        }
        _ => {
            if profiled {
                print_result(graph, &outcome.table, format, out)?;
                writeln!(out)?;
            }
            print_plan(plan, profiled, out)
        }
    }
}

/// A plan as Neo4j prints one: an operator per line from the result down,
/// `+` marking each operator and `|` the branches of a UNION.
pub fn print_plan(plan: &PlanNode, profiled: bool, out: &mut dyn Write) -> Result<(), Error> {
    let mut header = vec!["Operator", "Details", "Estimated Rows"];
    if profiled {
        header.extend(["Rows", "Time (ms)"]);
    }
    let mut t = table(&header);
    for (depth, node) in plan.flatten() {
        let mut cells = vec![
            format!("{}+{}", "| ".repeat(depth), node.operator),
            node.details.clone(),
            node.estimated_rows.to_string(),
        ];
        if profiled {
            cells.push(node.rows.map_or(String::new(), |r| r.to_string()));
            cells.push(node.time_ms.map_or(String::new(), |t| format!("{t:.3}")));
        }
        t.add_row(cells);
    }
    print_table(out, &t)?;
    if profiled {
        let total: f64 = plan.flatten().iter().filter_map(|(_, n)| n.time_ms).sum();
        writeln!(out, "Total time in operators: {total:.3} ms")?;
    }
    Ok(())
}

/// Prints a query's result; shared by `icigraph query` and the shell's
/// Cypher statements.
pub fn print_result(
    graph: &Graph,
    result: &Table,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match format {
        Format::Dot => {
            return Err(Error::Usage(
                "query results have no DOT form; use --format table, json or csv".into(),
            ));
        }
        // A read prints its rows as an array; a write wraps them with the
        // counts of what changed.
        Format::Json if result.stats.any() => print_json(
            out,
            &WriteAnswer {
                rows: output::table_json(graph, result),
                stats: result.stats,
            },
        )?,
        Format::Json => print_json(out, &output::table_json(graph, result))?,
        Format::Csv => {
            output::write_csv(graph, result, out).map_err(std::io::Error::other)?;
            if result.stats.any() {
                out.flush()?;
                eprintln!("{}", result.stats.summary());
            }
        }
        Format::Table | Format::Markdown | Format::Html => {
            if !result.columns.is_empty() {
                let header: Vec<&str> = result.columns.iter().map(String::as_str).collect();
                let mut t = table(&header);
                for row in &result.rows {
                    t.add_row(row.iter().map(|v| output::to_text(graph, v)));
                }
                print_table(out, &t)?;
                let n = result.rows.len();
                writeln!(out, "{n} row{}", if n == 1 { "" } else { "s" })?;
            }
            if result.stats.any() {
                writeln!(out, "{}", result.stats.summary())?;
            }
        }
    }
    Ok(())
}
