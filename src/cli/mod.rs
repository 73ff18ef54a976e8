//! The command-line front end: argument grammar, loading the chosen graph,
//! and printing each command's result as a table or JSON. The binary calls
//! [`run`] and reports its error.

mod args;
mod bench;
mod browse;
mod generate;
mod output;

use std::fs::File;
use std::io::{BufWriter, Write};

pub use args::{BenchArgs, Cli, Command, Export, Format, GenerateFormat, Global};

use crate::error::Error;
use crate::graph::Graph;
use crate::load::{self, Source};

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
    Ok(load::load(&source(global))?)
}

/// Runs one command, writing its result to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Error> {
    let global = &cli.global;
    match cli.command {
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
        Command::Stats { hubs } => browse::stats(&load_graph(global)?, hubs, global.format, out)?,
        Command::Node { name } => browse::node(&load_graph(global)?, &name, global.format, out)?,
        Command::Neighbors {
            name,
            depth,
            categories,
            predicates,
        } => browse::neighbors(
            &load_graph(global)?,
            &name,
            depth,
            &categories,
            &predicates,
            global.format,
            out,
        )?,
        Command::Export(Export::Json { output }) => {
            let graph = load_graph(global)?;
            match output {
                Some(path) => {
                    let write_err = |source| Error::Write {
                        path: path.display().to_string(),
                        source,
                    };
                    let file = File::create(&path).map_err(write_err)?;
                    let mut file = BufWriter::new(file);
                    crate::export::json::write_graph(&graph, &mut file)
                        .map_err(|e| write_err(e.into()))?;
                    file.flush().map_err(write_err)?;
                }
                None => {
                    crate::export::json::write_graph(&graph, out).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
            }
        }
        Command::Build { output } => {
            let graph = load_graph(global)?;
            crate::snapshot::write(&graph, &output).map_err(|source| Error::Write {
                path: output.display().to_string(),
                source,
            })?;
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
        } => generate::run(nodes, edges, seed, &dir, layout, pairs, out)?,
        Command::BenchQueries(args) => bench::run(global, &args, out)?,
    }
    Ok(())
}
