//! The query engine: a subset of Cypher over the graph.
//!
//! Stages, each in its own module: [`parse`] (open-cypher's spanned syntax
//! tree) → `plan` (slots, checks, logical operators) → `exec` (operators over
//! rows, against the [`GraphAccess`] trait). [`output`] turns results into
//! JSON, CSV or table cells. A script holds several statements separated by
//! `;`; they run in order and the last one's result is returned.

pub mod access;
pub mod error;
mod exec;
pub mod explain;
pub mod hints;
pub mod limits;
pub mod output;
pub mod parse;
mod plan;
pub mod procedures;
pub mod temporal;
pub mod value;

use std::collections::BTreeMap;

pub use access::{Dir, GraphAccess, GraphMut, TypeKey};
pub use error::{ErrorKind, QueryError};
pub use exec::shortest::Walk;
pub use exec::{Budget, Limits, Table, WriteStats};
pub use explain::{Mode, PlanNode, Timings};
pub use value::{NodeId, RelId, RelPath, Value};

use plan::ir::NameKind;

/// How to run a query.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Values of `$name` parameters.
    pub params: BTreeMap<String, Value>,
    pub limits: Limits,
    /// Reject labels, relationship types and property keys the graph does
    /// not have (with a "did you mean"), instead of matching nothing.
    pub strict: bool,
    /// What CALL may run (the built-in `db.*` procedures unless changed).
    pub procedures: procedures::Procedures,
}

/// Parses and plans a script without running it (syntax and scope checks).
pub fn check(text: &str) -> Result<(), QueryError> {
    limits::with_stack(text, || check_inner(text))
}

fn check_inner(text: &str) -> Result<(), QueryError> {
    let parsed = parse::parse_script(text).map_err(|e| e.with_source("query", text))?;
    for p in &parsed {
        plan::plan(p, &procedures::Procedures::default())
            .map_err(|e| e.with_source("query", text))?;
    }
    Ok(())
}

/// Runs a script against a graph and returns the last statement's result
/// (no rows for an `EXPLAIN`).
pub fn run(graph: &mut dyn GraphMut, text: &str, options: &Options) -> Result<Table, QueryError> {
    execute(graph, text, options).map(|o| o.table)
}

/// What running a script gave: the last statement's result, how it was run,
/// its plan when it was `EXPLAIN` or `PROFILE`, and the script's timings.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The last statement's rows; columns but no rows under `EXPLAIN`.
    pub table: Table,
    /// The last statement's mode.
    pub mode: Mode,
    /// The last statement's plan (with measured rows and times under
    /// `PROFILE`); `None` when it ran plainly.
    pub plan: Option<PlanNode>,
    pub timings: Timings,
}

/// Runs a script like [`run`], honouring `EXPLAIN` (plan only, nothing
/// runs) and `PROFILE` (run and measure) on each statement.
pub fn execute(
    graph: &mut dyn GraphMut,
    text: &str,
    options: &Options,
) -> Result<Outcome, QueryError> {
    limits::with_stack(text, || execute_inner(graph, text, options))
        .map_err(|e| e.with_source("query", text))
}

fn execute_inner(
    graph: &mut dyn GraphMut,
    text: &str,
    options: &Options,
) -> Result<Outcome, QueryError> {
    let mut timings = Timings::default();
    let clock = std::time::Instant::now();
    let parsed = parse::parse_script(text)?;
    timings.parse = clock.elapsed();
    let clock = std::time::Instant::now();
    let mut plans = Vec::with_capacity(parsed.len());
    for p in &parsed {
        plans.push((p.mode, plan::plan(p, &options.procedures)?));
    }
    timings.plan = clock.elapsed();
    let mut outcome = Outcome {
        table: Table::default(),
        mode: Mode::Run,
        plan: None,
        timings,
    };
    for (mode, statement) in &plans {
        temporal::reset_clock();
        let clock = std::time::Instant::now();
        if options.strict {
            check_names(&*graph, &statement.names)?;
        }
        outcome.timings.plan += clock.elapsed();
        outcome.mode = *mode;
        outcome.plan = None;
        let clock = std::time::Instant::now();
        if *mode == Mode::Explain {
            outcome.table = Table {
                columns: statement.query.columns().to_vec(),
                ..Table::default()
            };
            outcome.plan = Some(explain::describe(&statement.query, text, &*graph, None));
            outcome.timings.execute += clock.elapsed();
            continue;
        }
        let mut profile = (*mode == Mode::Profile).then(explain::Profile::default);
        // A statement that fails leaves the graph as it was.
        let saved = if statement.query.writes() {
            graph.savepoint()
        } else {
            None
        };
        let ran = exec::run(
            &statement.query,
            graph,
            &options.params,
            options.limits,
            profile.as_mut(),
        );
        match ran {
            Ok(table) => outcome.table = table,
            Err(e) => {
                if let Some(saved) = saved {
                    graph.rollback(saved);
                }
                return Err(e);
            }
        }
        if let Some(profile) = &profile {
            let plan = explain::describe(&statement.query, text, &*graph, Some(profile));
            outcome.plan = Some(plan);
        }
        outcome.timings.execute += clock.elapsed();
    }
    Ok(outcome)
}

/// Property keys [`GraphAccess::property_keys`] always lists.
const BUILT_IN_KEYS: [&str; 3] = ["id", "name", "synonyms"];

/// Strict mode: every label, type and property named must exist.
fn check_names(graph: &dyn GraphAccess, names: &[plan::ir::NameUse]) -> Result<(), QueryError> {
    let mut vocab: [Option<Vec<String>>; 3] = [None, None, None];
    for name in names {
        // The store lists these keys for every graph: no need to walk every
        // node and relationship for the vocabulary.
        if name.kind == NameKind::Property && BUILT_IN_KEYS.contains(&name.name.as_str()) {
            continue;
        }
        let (i, what) = match name.kind {
            NameKind::Label => (0, "label"),
            NameKind::RelType => (1, "relationship type"),
            NameKind::Property => (2, "property"),
        };
        let known = vocab[i].get_or_insert_with(|| match name.kind {
            NameKind::Label => graph.label_names(),
            NameKind::RelType => graph.type_names(),
            NameKind::Property => graph.property_keys(),
        });
        if !known.contains(&name.name) {
            return Err(QueryError::new(
                ErrorKind::Semantic,
                format!("the graph has no {what} `{}`", name.name),
            )
            .at(name.span)
            .with_label(format!("unknown {what}"))
            .suggest(crate::suggest::closest(
                &name.name,
                known.iter().map(String::as_str),
                3,
            )));
        }
    }
    Ok(())
}
