//! CREATE: new nodes and relationships in the in-memory graph (files on disk
//! are never written).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::super::access::GraphMut;
use super::super::error::{QueryError, Result, semantic};
use super::super::plan::ir::{CreateOp, Expr};
use super::super::value::{NodeId, RelPath, Value};
use super::{Budget, Ctx, Limits, Row, eval};

fn props(entries: &[(String, Expr)], row: &[Value], ctx: &Ctx) -> Result<BTreeMap<String, Value>> {
    let mut map = BTreeMap::new();
    for (k, e) in entries {
        let v = eval(e, row, ctx)?;
        if let Value::Map(_) | Value::Node(_) | Value::Rel(_) | Value::Path(_) = v {
            return Err(super::super::error::type_error(format!(
                "property `{k}` cannot hold a {}",
                v.type_name()
            )));
        }
        if let Value::List(items) = &v
            && items.iter().any(|i| {
                matches!(
                    i,
                    Value::Map(_)
                        | Value::List(_)
                        | Value::Node(_)
                        | Value::Rel(_)
                        | Value::Path(_)
                )
            })
        {
            return Err(super::super::error::type_error(format!(
                "property `{k}` can only hold a list of simple values"
            )));
        }
        map.insert(k.clone(), v);
    }
    Ok(map)
}

pub fn run(
    op: &CreateOp,
    rows: Vec<Row>,
    graph: &mut dyn GraphMut,
    params: &BTreeMap<String, Value>,
    budget: &Budget,
    limits: Limits,
    regexes: &RefCell<FxHashMap<String, Regex>>,
) -> Result<Vec<Row>> {
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        row.resize(op.width.max(row.len()), Value::Null);
        for path in &op.paths {
            let mut nodes: Vec<NodeId> = Vec::new();
            for node in &path.nodes {
                let id = if node.existing {
                    match row[node.slot] {
                        Value::Node(n) => n,
                        ref other => {
                            return Err(semantic(
                                format!("CREATE needs a node here, not a {}", other.type_name()),
                                op.span,
                            ));
                        }
                    }
                } else if let Value::Node(n) = row[node.slot] {
                    // Declared earlier in this CREATE.
                    n
                } else {
                    let values = {
                        let ctx = read_ctx(&*graph, params, budget, limits, regexes);
                        props(&node.props, &row, &ctx)?
                    };
                    let n = graph
                        .create_node(&node.labels, &values)
                        .map_err(|m| fail(m, op.span))?;
                    row[node.slot] = Value::Node(n);
                    n
                };
                nodes.push(id);
            }
            let mut rels = Vec::new();
            for (i, rel) in path.rels.iter().enumerate() {
                let (from, to) = if rel.backwards {
                    (nodes[i + 1], nodes[i])
                } else {
                    (nodes[i], nodes[i + 1])
                };
                let values = {
                    let ctx = read_ctx(&*graph, params, budget, limits, regexes);
                    props(&rel.props, &row, &ctx)?
                };
                let r = graph
                    .create_rel(from, &rel.rel_type, to, &values)
                    .map_err(|m| fail(m, op.span))?;
                row[rel.slot] = Value::Rel(r);
                rels.push(r);
            }
            if let Some(slot) = path.binding {
                row[slot] = Value::Path(Rc::new(RelPath { nodes, rels }));
            }
        }
        out.push(row);
    }
    Ok(out)
}

fn fail(message: String, span: (usize, usize)) -> QueryError {
    semantic(message, span)
}

fn read_ctx<'a>(
    graph: &'a dyn GraphMut,
    params: &'a BTreeMap<String, Value>,
    budget: &'a Budget,
    limits: Limits,
    regexes: &'a RefCell<FxHashMap<String, Regex>>,
) -> Ctx<'a> {
    Ctx {
        graph,
        params,
        budget,
        limits,
        regexes,
        aggs: &[],
    }
}
