//! The command-line front end: argument grammar, loading the chosen graph,
//! and printing each command's result as a table or JSON. The binary calls
//! [`run`] and reports its error.

mod args;
mod bench;
pub(crate) mod browse;
mod export;
mod generate;
pub mod limits;
pub(crate) mod output;
pub(crate) mod path;
pub mod progress;
pub(crate) mod query;
pub(crate) mod render;
mod report;
pub mod target;
mod tree;

use std::io::{BufWriter, Write};
use std::path::Path;

pub use args::{
    BenchArgs, Cli, Command, DEFAULT_K, DEFAULT_MAX_EXPANSIONS, EngineKind, Export, Format,
    GenerateFormat, Global, ImageKind, PathArgs, RankArg, Render,
};
pub use report::report;

use crate::error::Error;
use icigraph_engine::graph::Graph;
use icigraph_engine::load::{self, Source};
use icigraph_engine::path::strategies::{EXCLUSIONS_FILE, RULES_FILE, Rules, StrategyOptions};
use icigraph_engine::progress::Progress;

/// The graph source chosen by the global options.
pub fn source(global: &Global) -> Source {
    if let Some(db) = &global.db {
        return Source::Snapshot(db.clone());
    }
    match (&global.kgx_nodes, &global.kgx_edges, &global.data) {
        (Some(nodes), Some(edges), _) => Source::Kgx {
            nodes: nodes.clone(),
            edges: edges.clone(),
        },
        (_, _, Some(dir)) => Source::Dir(dir.clone()),
        _ => Source::Embedded,
    }
}

/// Loads the graph the global options name.
pub fn load_graph(global: &Global) -> Result<Graph, Error> {
    Ok(load::load_with_progress(
        &source(global),
        &global.with,
        &global.bars(),
    )?)
}

/// Loads the graph for a command that only reads it: a snapshot's edge and
/// adjacency values are checked where they are read, not all at open (which
/// on a 50M-edge graph costs more than the command); [`trusted`] then says
/// whether the answer may be printed.
pub fn load_graph_for_reading(global: &Global) -> Result<Graph, Error> {
    Ok(load::load_for_reading(
        &source(global),
        &global.with,
        &global.bars(),
    )?)
}

/// An error if answering read a damaged value from `graph`'s snapshot.
pub fn trusted(global: &Global, graph: &Graph) -> Result<(), Error> {
    Ok(load::answer_trusted(&source(global), graph)?)
}

/// The error for a snapshot [`Graph::verify`] found damaged.
pub fn damaged(global: &Global, what: &str) -> Error {
    Error::Load(load::LoadError::Snapshot {
        path: global
            .db
            .as_ref()
            .map_or_else(String::new, |db| db.display().to_string()),
        source: icigraph_engine::snapshot::SnapshotError::Corrupt(what.into()),
    })
}

/// Output held back (up to [`HELD`] bytes) until the command has checked
/// that no read found damage, so a corrupted snapshot's answer is not
/// printed; a longer output is passed on as it comes, and the error still
/// ends the command.
struct Held<'a> {
    out: &'a mut dyn Write,
    held: Vec<u8>,
    passing: bool,
}

const HELD: usize = 1 << 20;

impl Write for Held<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.passing {
            return self.out.write(bytes);
        }
        self.held.extend_from_slice(bytes);
        if self.held.len() > HELD {
            self.passing = true;
            self.out.write_all(&std::mem::take(&mut self.held))?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.passing {
            self.out.flush()
        } else {
            Ok(())
        }
    }
}

/// Answers a command that only reads the graph ([`load_graph_for_reading`]),
/// printing the answer only if no read found the snapshot damaged.
fn reading(
    global: &Global,
    out: &mut dyn Write,
    answer: impl FnOnce(&Graph, &mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let graph = load_graph_for_reading(global)?;
    let mut held = Held {
        out,
        held: Vec::new(),
        passing: false,
    };
    let answered = answer(&graph, &mut held);
    trusted(global, &graph)?;
    answered?;
    let Held { out, held, .. } = held;
    out.write_all(&held)?;
    Ok(())
}

/// The strategy rules of the chosen graph: its own `schema/strategy_rules.csv`
/// when a `--data` folder has one, else the built-in rules.
pub fn strategy_rules(global: &Global) -> Result<Rules, Error> {
    let mut rules = Rules::builtin();
    if let (None, Some(dir)) = (&global.kgx_nodes, &global.data) {
        let read = |file: &std::path::Path| {
            std::fs::read_to_string(file).map_err(|source| {
                Error::Load(load::LoadError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })
        };
        let file = dir.join(RULES_FILE);
        if file.is_file() {
            let exclusions = std::mem::take(&mut rules.exclusions);
            rules = Rules::parse(&read(&file)?, &file.display().to_string())?;
            rules.exclusions = exclusions;
        }
        let file = dir.join(EXCLUSIONS_FILE);
        if file.is_file() {
            rules.exclusions = Rules::parse_exclusions(&read(&file)?, &file.display().to_string())?;
        }
    }
    Ok(rules)
}

/// Writes `graph` as a new snapshot at `path`, under the write rule
/// (`build -o`, `query --save`, the shell's `:save`).
pub fn save_snapshot(
    writes: &target::Writes,
    path: &Path,
    graph: &Graph,
    progress: &dyn Progress,
) -> Result<(), Error> {
    let write_err = |source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let file = writes.create(path, "snapshot")?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    icigraph_engine::snapshot::write_to(graph, &mut out, progress)
        .and_then(|()| out.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .map_err(write_err)
}

/// What `save_snapshot` wrote, in words: `saved 2 nodes and 1 edge to FILE`.
pub fn saved_message(graph: &Graph, path: &Path) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let (nodes, edges) = (graph.node_count(), graph.edge_count());
    format!(
        "saved {nodes} node{} and {edges} edge{} to {}",
        s(nodes),
        s(edges),
        path.display()
    )
}

/// Runs one command (any but `shell` and `serve`), writing its result to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Error> {
    let global = &cli.global;
    if global.format == Format::Dot
        && matches!(
            cli.command,
            Command::Check | Command::Stats { .. } | Command::Node { .. } | Command::Figures
        )
    {
        return Err(Error::Usage(
            "--format dot draws results of `neighbors` and `path`; for figures use `export dot --figure ID`"
                .into(),
        ));
    }
    let tables_only = matches!(global.format, Format::Markdown | Format::Html);
    if tables_only && !matches!(cli.command, Command::Export(Export::Table { .. })) {
        return Err(Error::Usage(
            "--format md and --format html print the review's tables: `export table --figure table1`"
                .into(),
        ));
    }
    match cli.command {
        Command::Tree { name } => tree::tree(
            &load_graph(global)?,
            name.as_deref(),
            &strategy_rules(global)?,
            global.format,
            out,
        )?,
        Command::Export(Export::Table { figure, output }) => export::export_table(
            &load_graph(global)?,
            &figure,
            global.format,
            output.as_deref(),
            &global.writes(),
            out,
        )?,
        Command::Check => {
            let graph = load_graph(global)?;
            writeln!(
                out,
                "ok: {} nodes, {} edges, {} categories, {} predicates",
                graph.node_count(),
                graph.edge_count(),
                graph.schema().categories().len(),
                graph.schema().predicates().len()
            )?;
        }
        Command::Stats { hubs } => reading(global, out, |graph, out| {
            browse::stats(graph, hubs, global.format, out)
        })?,
        Command::Node { name } => reading(global, out, |graph, out| {
            browse::node(graph, &name, global.format, global.brief, out)
        })?,
        Command::Neighbors {
            name,
            depth,
            categories,
            predicates,
            directed,
        } => reading(global, out, |graph, out| {
            browse::neighbors(
                graph,
                &name,
                depth,
                &browse::NeighborWalk {
                    categories: &categories,
                    predicates: &predicates,
                    directed,
                },
                global.format,
                global.brief,
                out,
            )
        })?,
        Command::Path(args) => reading(global, out, |graph, out| {
            path::path(graph, &args, global.format, global.brief, out)
        })?,
        Command::Strategies {
            mechanism,
            direct_only,
        } => {
            let rules = strategy_rules(global)?;
            reading(global, out, |graph, out| {
                path::strategies(
                    graph,
                    &mechanism,
                    &rules,
                    StrategyOptions { direct_only },
                    global.format,
                    global.brief,
                    out,
                )
            })?
        }
        Command::Export(Export::Dot {
            figure,
            all: _,
            output,
        }) => export::dot(
            &load_graph(global)?,
            figure.as_deref(),
            output.as_deref(),
            &global.writes(),
            out,
        )?,
        Command::Export(
            e @ (Export::Kgx { .. }
            | Export::KgxJsonl { .. }
            | Export::Parquet { .. }
            | Export::Neo4j { .. }
            | Export::Kuzu { .. }
            | Export::Graphml { .. }
            | Export::Cytoscape { .. }
            | Export::Cx2 { .. }),
        ) => {
            let (format, output, subset, target) = match e {
                Export::Kgx {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Kgx, Some(output), subset, target),
                Export::KgxJsonl {
                    output,
                    subset,
                    target,
                } => (export::Interchange::KgxJsonl, Some(output), subset, target),
                Export::Parquet {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Parquet, Some(output), subset, target),
                Export::Neo4j {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Neo4j, Some(output), subset, target),
                Export::Kuzu {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Kuzu, Some(output), subset, target),
                Export::Graphml {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Graphml, output, subset, target),
                Export::Cytoscape {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Cytoscape, output, subset, target),
                Export::Cx2 {
                    output,
                    subset,
                    target,
                } => (export::Interchange::Cx2, output, subset, target),
                Export::Json { .. } | Export::Dot { .. } | Export::Table { .. } => {
                    unreachable!("matched by the arms above")
                }
            };
            let mut graph = load_graph(global)?;
            export::interchange(
                &mut graph,
                format,
                &subset,
                output.as_deref(),
                target.force || global.force,
                global,
                out,
            )?
        }
        Command::Figures => export::figures(&load_graph(global)?, global.format, out)?,
        Command::Render(args) => {
            render::render(&load_graph(global)?, &args, &global.writes(), out)?
        }
        Command::Query {
            query,
            file,
            params,
            empty,
            timing,
            save,
            limits,
        } => query::run(
            global,
            query::Request {
                text: query,
                file,
                params: &params,
                empty,
                timing,
                save: save.as_deref(),
            },
            &limits,
            out,
        )?,
        // The shell and the web server are front ends of their own, started
        // by `app::run`.
        Command::Shell { .. } | Command::Serve(_) => unreachable!("app::run starts them"),
        Command::Export(Export::Json { output }) => {
            let graph = load_graph(global)?;
            match output {
                Some(path) => {
                    let write_err = |source| Error::Write {
                        path: path.display().to_string(),
                        source,
                    };
                    let file = global.writes().create(&path, "JSON")?;
                    let bars = global.bars();
                    bars.start("bytes written", 0);
                    let mut file = BufWriter::new(progress::Counted::new(file, &bars));
                    let written = icigraph_engine::export::json::write_graph(&graph, &mut file)
                        .map_err(std::io::Error::from)
                        .and_then(|()| file.flush());
                    drop(file);
                    bars.finish();
                    written.map_err(write_err)?;
                }
                None => {
                    icigraph_engine::export::json::write_graph(&graph, out)
                        .map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
            }
        }
        Command::Build { output } => {
            let writes = global.writes();
            writes.check(&output, "snapshot")?;
            let graph = load_graph(global)?;
            save_snapshot(&writes, &output, &graph, &global.bars())?;
            writeln!(
                out,
                "wrote {}: {} nodes, {} edges",
                output.display(),
                graph.node_count(),
                graph.edge_count()
            )?;
        }
        Command::Generate {
            nodes,
            edges,
            seed,
            out: dir,
            layout,
            pairs,
        } => generate::run(
            icigraph_engine::generate::Spec { nodes, edges, seed },
            &dir,
            layout,
            pairs,
            &global.writes(),
            &global.bars(),
            out,
        )?,
        Command::BenchQueries(args) => bench::run(global, &args, out)?,
    }
    Ok(())
}
