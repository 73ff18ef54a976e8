//! The shell's state (the graph, the output format, the last result) and the
//! running of one input: a colon command or a Cypher statement. Printing goes
//! through the same functions as the one-shot commands, so output matches.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::command::{self, COMMANDS, Command, ExportFormat};
use super::input;
use super::result::LastResult;
use crate::cli::browse;
use crate::cli::output::{print_table, table};
use crate::cli::target::Writes;
use crate::cli::{Format, PathArgs, path as path_cli, query as query_cli, render as render_cli};
use crate::error::Error;
use crate::render::{self, Engine};
use icigraph_engine::detail::node_detail;
use icigraph_engine::export::dot;
use icigraph_engine::graph::Graph;
use icigraph_engine::neighborhood::{NeighborFilter, neighborhood};
use icigraph_engine::path::strategies::Rules;
use icigraph_engine::query::{self, Limits, Options};

/// How many hubs `:stats` lists, as `icigraph stats` does by default.
const STATS_HUBS: usize = 10;

/// What the loop does after an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

pub struct Session {
    graph: Graph,
    /// What `:strategies` climbs and ranks with (the graph's own or built in).
    rules: Rules,
    format: Format,
    last: Option<LastResult>,
    /// Bounds on each Cypher statement (the options of `icigraph query`).
    limits: Limits,
    /// What `:export`, `:render` and `:save` may write over.
    writes: Writes,
    /// `:timing on`: print parse/plan/execute times after each statement.
    timing: bool,
    /// `:param` values, passed to every statement.
    params: std::collections::BTreeMap<String, query::Value>,
    /// Whether a statement changed the graph since the start or `:save`.
    unsaved: bool,
}

impl Session {
    pub fn new(graph: Graph, rules: Rules, format: Format) -> Session {
        Session {
            graph,
            rules,
            format,
            last: None,
            limits: crate::cli::limits::LimitArgs::default().limits(),
            writes: Writes::default(),
            timing: false,
            params: Default::default(),
            unsaved: false,
        }
    }

    /// Writes files under `writes` (`--force`, the graph's own files).
    pub fn with_writes(mut self, writes: Writes) -> Session {
        self.writes = writes;
        self
    }

    /// Runs statements under `limits` instead of the defaults.
    pub fn with_limits(mut self, limits: Limits) -> Session {
        self.limits = limits;
        self
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Runs one input: a colon command line or one Cypher statement (without
    /// its `;`).
    pub fn run(&mut self, text: &str, out: &mut dyn Write) -> Result<Flow, Error> {
        if input::is_command(text) {
            self.command(command::parse(text)?, out)
        } else {
            self.statement(text, out)?;
            Ok(Flow::Continue)
        }
    }

    pub fn command(&mut self, command: Command, out: &mut dyn Write) -> Result<Flow, Error> {
        let graph = &self.graph;
        let format = self.format;
        match command {
            Command::Node { name } => {
                let ix = graph.resolve(&name)?;
                let detail = node_detail(graph, ix);
                browse::print_node(graph, ix, &detail, format, false, out)?;
                self.last = Some(LastResult::Node { ix, detail });
            }
            Command::Neighbors { name, depth } => {
                let center = graph.resolve(&name)?;
                let hood = neighborhood(graph, center, depth, &NeighborFilter::default());
                browse::print_neighborhood(graph, &hood, format, false, out)?;
                self.last = Some(LastResult::Neighborhood(hood));
            }
            Command::Stats => browse::stats(graph, STATS_HUBS, format, out)?,
            Command::Schema => schema(&mut self.graph, out)?,
            Command::Param { name, value } => {
                let v = param_value(&value, &self.params)?;
                writeln!(out, "${name} => {}", query::output::to_text(graph, &v))?;
                self.params.insert(name, v);
            }
            Command::Params { clear: true } => {
                self.params.clear();
                writeln!(out, "parameters cleared")?;
            }
            Command::Params { clear: false } => {
                if self.params.is_empty() {
                    writeln!(out, "no parameters (set one with :param NAME => VALUE)")?;
                }
                for (name, v) in &self.params {
                    writeln!(out, "${name} => {}", query::output::to_text(graph, v))?;
                }
            }
            Command::Timing(on) => {
                if let Some(on) = on {
                    self.timing = on;
                }
                writeln!(out, "timing: {}", if self.timing { "on" } else { "off" })?;
            }
            Command::Format(None) => writeln!(out, "format: {}", format_name(format))?,
            Command::Format(Some(format)) => {
                self.format = format;
                writeln!(out, "format: {}", format_name(format))?;
            }
            Command::Export { format, file } => {
                let last = self.last()?;
                match format {
                    ExportFormat::Json => {
                        write_file(&file, &self.writes, "JSON", |w| last.write_json(graph, w))?
                    }
                    ExportFormat::Dot => {
                        let text = dot::write(&last.drawing(graph)?);
                        write_file(&file, &self.writes, "DOT", |w| {
                            Ok(w.write_all(text.as_bytes())?)
                        })?;
                    }
                }
                writeln!(out, "wrote {} to {}", last.describe(), file.display())?;
            }
            Command::Save { file } => {
                crate::cli::save_snapshot(
                    &self.writes,
                    &file,
                    graph,
                    &icigraph_engine::progress::Silent,
                )?;
                writeln!(out, "{}", crate::cli::saved_message(graph, &file))?;
                self.unsaved = false;
            }
            Command::Render { file } => {
                let drawing = self.last()?.drawing(graph)?;
                self.writes.check(&file, render_cli::image_format(&file))?;
                let rendered = render::render(&drawing, &file, Engine::Auto)?;
                render_cli::report(&rendered, out)?;
            }
            Command::Path { from, to, k } => {
                let args = PathArgs::between(&from, &to, k);
                let (result, options) = path_cli::find_paths(graph, &args)?;
                path_cli::print_paths(graph, &result, args.k, &options, format, false, out)?;
                self.last = Some(LastResult::Paths(result));
            }
            Command::Strategies { mechanism } => {
                path_cli::strategies(
                    graph,
                    &mechanism,
                    &self.rules,
                    Default::default(),
                    format,
                    false,
                    out,
                )?;
            }
            Command::Help(topic) => help(topic.as_deref(), out)?,
            Command::Quit => {
                if self.unsaved {
                    writeln!(
                        out,
                        "note: this session's changes were not saved (:save FILE.icg writes them)"
                    )?;
                }
                return Ok(Flow::Quit);
            }
        }
        Ok(Flow::Continue)
    }

    /// Runs one Cypher statement as `icigraph query` does (unknown labels,
    /// types and keys are errors with suggestions), keeping changes it makes.
    fn statement(&mut self, text: &str, out: &mut dyn Write) -> Result<(), Error> {
        let options = Options {
            strict: true,
            limits: self.limits,
            params: self.params.clone(),
            ..Options::default()
        };
        if let Some(flag) = self.limits.cancel {
            flag.store(false, std::sync::atomic::Ordering::SeqCst);
        }
        let outcome = query::execute(&mut self.graph, text, &options)?;
        query_cli::print_outcome(&self.graph, &outcome, self.format, out)?;
        if self.timing {
            writeln!(out, "{}", query_cli::timing_line(&outcome.timings))?;
        }
        if outcome.table.stats.any() && !self.unsaved {
            writeln!(
                out,
                "note: changes are kept for this session only; :save FILE.icg writes them to a new snapshot"
            )?;
            self.unsaved = true;
        }
        self.last = Some(LastResult::Query(outcome.table));
        Ok(())
    }

    fn last(&self) -> Result<&LastResult, Error> {
        self.last.as_ref().ok_or_else(|| {
            Error::Usage(
                "there is no result yet: run :node, :neighbors, :path or a query first".into(),
            )
        })
    }
}

/// A `:param` value: the Cypher expression evaluated on an empty scratch
/// graph (so it cannot touch the data), seeing the parameters set before.
fn param_value(
    text: &str,
    params: &std::collections::BTreeMap<String, query::Value>,
) -> Result<query::Value, Error> {
    let mut scratch = Graph::new(icigraph_engine::schema::Schema::open());
    let options = Options {
        params: params.clone(),
        ..Options::default()
    };
    let script = format!("RETURN {text} AS value");
    let table = query::run(&mut scratch, &script, &options)?;
    match (table.columns.as_slice(), table.rows.as_slice()) {
        ([_], [row]) => Ok(row[0].clone()),
        _ => Err(Error::Usage(format!(
            "the value of :param must be one expression, not \"{text}\""
        ))),
    }
}

/// `:schema`: labels and relationship types with their counts, and for each
/// type the labels it joins, computed by Cypher over the graph (read-only
/// statements).
fn schema(graph: &mut Graph, out: &mut dyn Write) -> Result<(), Error> {
    let mut run = |text: &str| query::run(&mut *graph, text, &Options::default());
    let labels =
        run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS nodes ORDER BY label")?;
    let types =
        run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS relationships ORDER BY type")?;
    let joins = run(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS from, labels(b)[0] AS to, \
         count(*) AS relationships ORDER BY type, relationships DESC, from, to",
    )?;
    for (title, table) in [
        ("labels", &labels),
        ("relationship types", &types),
        ("what each type joins", &joins),
    ] {
        writeln!(out, "{title}:")?;
        query_cli::print_result(graph, table, Format::Table, out)?;
    }
    Ok(())
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Table => "table",
        Format::Json => "json",
        Format::Dot => "dot",
        Format::Csv => "csv",
        Format::Markdown => "md",
        Format::Html => "html",
    }
}

/// Writes a file through `write`, reporting failures with the file's name.
fn write_file(
    path: &Path,
    writes: &Writes,
    format: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let write_err = |source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let mut file = BufWriter::new(writes.create(path, format)?);
    write(&mut file).map_err(|err| match err {
        Error::Output(source) => write_err(source),
        other => other,
    })?;
    file.flush().map_err(write_err)
}

/// `:help` lists every command; `:help path` shows one.
fn help(topic: Option<&str>, out: &mut dyn Write) -> Result<(), Error> {
    if let Some(topic) = topic {
        let spec = command::spec(topic).ok_or_else(|| {
            Error::Usage(browse::unknown(
                "command",
                topic,
                &command::suggestions(topic),
            ))
        })?;
        writeln!(
            out,
            "{}\n  {}\n  e.g. {}",
            spec.usage, spec.summary, spec.example
        )?;
        if !spec.aliases.is_empty() {
            writeln!(out, "  also: {}", spec.aliases.join(", "))?;
        }
        return Ok(());
    }
    let mut t = table(&["command", "what it does"]);
    for spec in COMMANDS {
        t.add_row(vec![spec.usage, spec.summary]);
    }
    print_table(out, &t)?;
    writeln!(
        out,
        "\nCypher statements end with ; and may span lines, e.g.\n  \
         MATCH (m:Mechanism)-[r]->(g:Gene) RETURN m.name, type(r), g.name LIMIT 5;\n\
         Names forgive case, Greek letters and hyphens (β2M = B2M = beta-2 microglobulin).\n\
         Tab completes commands, node names, labels, relationship types and properties."
    )?;
    Ok(())
}
