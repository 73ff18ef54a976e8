//! SET, REMOVE, DELETE and MERGE, and the statement's pending writes: the
//! graph is seen through [`Pending`], which hides what the statement deleted
//! until it ends, counts every change ([`WriteStats`], Neo4j's counters), and
//! applies the deletes at [`Pending::commit`]. Rolling a failed statement
//! back is the caller's (a savepoint of the graph).

use std::cell::RefCell;
use std::collections::BTreeMap;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::super::access::{Dir, GraphAccess, GraphMut, TypeKey};
use super::super::error::{ErrorKind, QueryError, Result, semantic, type_error};
use super::super::plan::ir::{DeleteOp, MergeOp, SetItem, SetOp, Span};
use super::super::value::{NodeId, RelId, RelPath, Value};
use super::{Budget, Ctx, Limits, Row, create, eval, matcher};
use crate::graph::Renumbering;

/// What a statement changed, as Neo4j counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WriteStats {
    pub nodes_created: usize,
    pub nodes_deleted: usize,
    pub relationships_created: usize,
    pub relationships_deleted: usize,
    pub properties_set: usize,
    pub labels_added: usize,
    pub labels_removed: usize,
}

impl WriteStats {
    /// Whether anything changed.
    pub fn any(&self) -> bool {
        *self != WriteStats::default()
    }

    /// The counts that are not zero, in words: `1 node created, 2
    /// properties set` (`no changes` when there are none).
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            (self.nodes_created, "node", "created"),
            (self.nodes_deleted, "node", "deleted"),
            (self.relationships_created, "relationship", "created"),
            (self.relationships_deleted, "relationship", "deleted"),
            (self.properties_set, "property", "set"),
            (self.labels_added, "label", "added"),
            (self.labels_removed, "label", "removed"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, what, done)| {
            let what = match (n, what) {
                (1, w) => w.to_owned(),
                (_, "property") => "properties".to_owned(),
                (_, w) => format!("{w}s"),
            };
            format!("{n} {what} {done}")
        })
        .collect();
        if parts.is_empty() {
            "no changes".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The graph as one statement sees it.
pub struct Pending<'g> {
    graph: &'g mut dyn GraphMut,
    nodes: FxHashSet<NodeId>,
    rels: FxHashSet<RelId>,
    /// Nodes deleted without DETACH, with the DELETE's span: they must have
    /// no relationships left when the statement ends.
    strict: Vec<(NodeId, Span)>,
    pub stats: WriteStats,
}

impl<'g> Pending<'g> {
    pub fn new(graph: &'g mut dyn GraphMut) -> Pending<'g> {
        Pending {
            graph,
            nodes: FxHashSet::default(),
            rels: FxHashSet::default(),
            strict: Vec::new(),
            stats: WriteStats::default(),
        }
    }

    fn delete_node(&mut self, node: NodeId, detach: bool, span: Span) {
        if detach {
            let touching: Vec<RelId> = [Dir::Out, Dir::In]
                .into_iter()
                .flat_map(|d| self.graph.rels(node, d).map(|(r, _)| r).collect::<Vec<_>>())
                .collect();
            for r in touching {
                self.delete_rel(r);
            }
        } else {
            self.strict.push((node, span));
        }
        if self.nodes.insert(node) {
            self.stats.nodes_deleted += 1;
        }
    }

    fn delete_rel(&mut self, rel: RelId) {
        if self.rels.insert(rel) {
            self.stats.relationships_deleted += 1;
        }
    }

    /// Ends the statement: checks that no node deleted without DETACH keeps
    /// a relationship, then removes what was deleted and renumbers the
    /// handles in `rows`.
    pub fn commit(self, rows: &mut [Row]) -> Result<WriteStats> {
        for &(node, span) in &self.strict {
            let kept = [Dir::Out, Dir::In].into_iter().any(|d| {
                self.graph
                    .rels(node, d)
                    .any(|(r, _)| !self.rels.contains(&r))
            });
            if kept {
                return Err(QueryError::new(
                    ErrorKind::Constraint,
                    "cannot delete a node that still has relationships",
                )
                .at(span)
                .with_help("delete its relationships first, or use DETACH DELETE"));
            }
        }
        if self.nodes.is_empty() && self.rels.is_empty() {
            return Ok(self.stats);
        }
        for row in rows.iter() {
            for v in row {
                if holds_deleted(v, &self.nodes, &self.rels) {
                    return Err(QueryError::new(
                        ErrorKind::Semantic,
                        "the result holds a node or relationship this statement deleted",
                    )
                    .with_help("return its properties instead (WITH n, n.name AS name DELETE n RETURN name)"));
                }
            }
        }
        let map = self
            .graph
            .delete(&self.nodes, &self.rels)
            .map_err(|m| QueryError::new(ErrorKind::Semantic, m))?;
        for row in rows.iter_mut() {
            for v in row.iter_mut() {
                *v = renumber(v, &map);
            }
        }
        Ok(self.stats)
    }
}

fn holds_deleted(v: &Value, nodes: &FxHashSet<NodeId>, rels: &FxHashSet<RelId>) -> bool {
    match v {
        Value::Node(n) => nodes.contains(n),
        Value::Rel(r) => rels.contains(r),
        Value::Path(p) => {
            p.nodes.iter().any(|n| nodes.contains(n)) || p.rels.iter().any(|r| rels.contains(r))
        }
        Value::List(items) => items.iter().any(|i| holds_deleted(i, nodes, rels)),
        Value::Map(m) => m.values().any(|i| holds_deleted(i, nodes, rels)),
        _ => false,
    }
}

fn renumber(v: &Value, map: &Renumbering) -> Value {
    let node = |n: &NodeId| NodeId(map.nodes[n.0 as usize].unwrap_or(n.0));
    let rel = |r: &RelId| RelId(map.edges[r.0 as usize].unwrap_or(r.0));
    match v {
        Value::Node(n) => Value::Node(node(n)),
        Value::Rel(r) => Value::Rel(rel(r)),
        Value::Path(p) => Value::Path(std::rc::Rc::new(RelPath {
            nodes: p.nodes.iter().map(node).collect(),
            rels: p.rels.iter().map(rel).collect(),
        })),
        Value::List(items) => Value::list(items.iter().map(|i| renumber(i, map)).collect()),
        Value::Map(m) => Value::map(
            m.iter()
                .map(|(k, i)| (k.clone(), renumber(i, map)))
                .collect(),
        ),
        other => other.clone(),
    }
}

impl GraphAccess for Pending<'_> {
    fn node_count(&self) -> usize {
        self.graph.node_count()
    }
    fn rel_count(&self) -> usize {
        self.graph.rel_count()
    }
    fn nodes_with_label(&self, label: &str) -> Vec<NodeId> {
        let mut nodes = self.graph.nodes_with_label(label);
        nodes.retain(|n| self.node_live(*n));
        nodes
    }
    fn has_label(&self, node: NodeId, label: &str) -> bool {
        self.graph.has_label(node, label)
    }
    fn labels(&self, node: NodeId) -> Vec<String> {
        self.graph.labels(node)
    }
    fn node_key(&self, node: NodeId) -> String {
        self.graph.node_key(node)
    }
    fn node_property(&self, node: NodeId, key: &str) -> Value {
        self.graph.node_property(node, key)
    }
    fn node_str(&self, node: NodeId, key: &str) -> Option<&str> {
        self.graph.node_str(node, key)
    }
    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
        self.graph.node_properties(node)
    }
    fn nodes_by_property(&self, key: &str, value: &Value) -> Option<Vec<NodeId>> {
        let mut nodes = self.graph.nodes_by_property(key, value)?;
        nodes.retain(|n| self.node_live(*n));
        Some(nodes)
    }
    fn type_key(&self, name: &str) -> Option<TypeKey> {
        self.graph.type_key(name)
    }
    fn rel_type(&self, rel: RelId) -> TypeKey {
        self.graph.rel_type(rel)
    }
    fn type_name(&self, key: TypeKey) -> &str {
        self.graph.type_name(key)
    }
    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId) {
        self.graph.endpoints(rel)
    }
    fn rel_property(&self, rel: RelId, key: &str) -> Value {
        self.graph.rel_property(rel, key)
    }
    fn rel_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
        self.graph.rel_properties(rel)
    }
    fn rels(&self, node: NodeId, dir: Dir) -> Box<dyn Iterator<Item = (RelId, NodeId)> + '_> {
        if self.rels.is_empty() {
            return self.graph.rels(node, dir);
        }
        Box::new(
            self.graph
                .rels(node, dir)
                .filter(|(r, _)| self.rel_live(*r)),
        )
    }
    fn degree(&self, node: NodeId, dir: Dir) -> usize {
        // Without pending deletes the store's degree is the answer (the
        // default would walk every relationship through the iterator).
        if self.rels.is_empty() {
            self.graph.degree(node, dir)
        } else {
            self.rels(node, dir).count()
        }
    }
    fn neighbour_slice(&self, node: NodeId, dir: Dir) -> Option<&[u32]> {
        if self.rels.is_empty() {
            self.graph.neighbour_slice(node, dir)
        } else {
            None
        }
    }
    fn rels_per_type(&self, dir: Dir) -> Option<Vec<(TypeKey, RelId, u64)>> {
        if self.rels.is_empty() {
            self.graph.rels_per_type(dir)
        } else {
            None
        }
    }
    fn label_partition(&self) -> Option<Vec<u32>> {
        self.graph.label_partition()
    }
    /// Pending deletes only remove nodes, which keeps distinct values distinct.
    fn property_names_nodes(&self, key: &str) -> bool {
        self.graph.property_names_nodes(key)
    }
    fn label_names(&self) -> Vec<String> {
        self.graph.label_names()
    }
    fn type_names(&self) -> Vec<String> {
        self.graph.type_names()
    }
    fn property_keys(&self) -> Vec<String> {
        self.graph.property_keys()
    }
    fn resolve_name(&self, name: &str) -> std::result::Result<NodeId, String> {
        self.graph
            .resolve_name(name)
            .and_then(|n| match self.node_live(n) {
                true => Ok(n),
                false => Err(format!("{name} was deleted by this statement")),
            })
    }
    fn node_live(&self, node: NodeId) -> bool {
        !self.nodes.contains(&node)
    }
    fn rel_live(&self, rel: RelId) -> bool {
        !self.rels.contains(&rel)
    }
}

impl GraphMut for Pending<'_> {
    fn create_node(
        &mut self,
        labels: &[String],
        props: &BTreeMap<String, Value>,
    ) -> std::result::Result<NodeId, String> {
        let n = self.graph.create_node(labels, props)?;
        self.stats.nodes_created += 1;
        self.stats.labels_added += self.graph.labels(n).len();
        self.stats.properties_set += props.values().filter(|v| !v.is_null()).count();
        Ok(n)
    }

    fn create_rel(
        &mut self,
        from: NodeId,
        rel_type: &str,
        to: NodeId,
        props: &BTreeMap<String, Value>,
    ) -> std::result::Result<RelId, String> {
        let r = self.graph.create_rel(from, rel_type, to, props)?;
        self.stats.relationships_created += 1;
        self.stats.properties_set += props.values().filter(|v| !v.is_null()).count();
        Ok(r)
    }

    fn set_node_property(
        &mut self,
        node: NodeId,
        key: &str,
        value: &Value,
    ) -> std::result::Result<(), String> {
        self.graph.set_node_property(node, key, value)?;
        self.stats.properties_set += 1;
        Ok(())
    }

    fn set_rel_property(
        &mut self,
        rel: RelId,
        key: &str,
        value: &Value,
    ) -> std::result::Result<(), String> {
        self.graph.set_rel_property(rel, key, value)?;
        self.stats.properties_set += 1;
        Ok(())
    }

    fn set_label(
        &mut self,
        node: NodeId,
        label: &str,
        present: bool,
    ) -> std::result::Result<bool, String> {
        let changed = self.graph.set_label(node, label, present)?;
        if changed && present {
            self.stats.labels_added += 1;
        } else if changed {
            self.stats.labels_removed += 1;
        }
        Ok(changed)
    }
}

/// What every write operator needs besides the graph and its rows.
pub struct Env<'a> {
    pub params: &'a BTreeMap<String, Value>,
    pub budget: &'a Budget,
    pub limits: Limits,
    pub regexes: &'a RefCell<FxHashMap<String, Regex>>,
}

impl Env<'_> {
    fn ctx<'c>(&'c self, graph: &'c dyn GraphAccess) -> Ctx<'c> {
        Ctx {
            graph,
            params: self.params,
            budget: self.budget,
            limits: self.limits,
            regexes: self.regexes,
            aggs: &[],
        }
    }
}

/// A value a property may hold (null removes the property).
fn storable(key: &str, v: &Value) -> Result<()> {
    let simple = |v: &Value| {
        matches!(
            v,
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_)
        )
    };
    match v {
        Value::Null => Ok(()),
        Value::List(items) if items.iter().all(simple) => Ok(()),
        v if simple(v) => Ok(()),
        Value::List(_) => Err(type_error(format!(
            "property `{key}` can only hold a list of booleans, numbers or strings"
        ))),
        other => Err(type_error(format!(
            "property `{key}` cannot hold a {}",
            other.type_name()
        ))),
    }
}

/// What a SET or REMOVE item changes, after evaluating its target.
enum Entity {
    Node(NodeId),
    Rel(RelId),
}

fn entity(pending: &Pending, v: Value, what: &str, span: Span) -> Result<Option<Entity>> {
    let e = match v {
        Value::Null => return Ok(None),
        Value::Node(n) => Entity::Node(n),
        Value::Rel(r) => Entity::Rel(r),
        other => {
            return Err(type_error(format!(
                "{what} changes nodes and relationships, not a {}",
                other.type_name()
            ))
            .at(span));
        }
    };
    let live = match e {
        Entity::Node(n) => pending.node_live(n),
        Entity::Rel(r) => pending.rel_live(r),
    };
    if !live {
        return Err(semantic(
            format!("{what} on a node or relationship this statement deleted"),
            span,
        ));
    }
    Ok(Some(e))
}

fn set_prop(pending: &mut Pending, e: &Entity, key: &str, v: &Value, span: Span) -> Result<()> {
    storable(key, v).map_err(|err| err.at(span))?;
    match e {
        Entity::Node(n) => pending.set_node_property(*n, key, v),
        Entity::Rel(r) => pending.set_rel_property(*r, key, v),
    }
    .map_err(|m| semantic(m, span))
}

/// Applies SET/REMOVE items to one row.
pub fn apply(items: &[SetItem], row: &Row, pending: &mut Pending, env: &Env) -> Result<()> {
    for item in items {
        match item {
            SetItem::Prop {
                target,
                key,
                value,
                span,
            } => {
                let (t, v) = {
                    let ctx = env.ctx(pending);
                    (
                        eval(target, row, &ctx).map_err(|e| e.at(*span))?,
                        eval(value, row, &ctx).map_err(|e| e.at(*span))?,
                    )
                };
                let what = if matches!(value, super::super::plan::ir::Expr::Const(Value::Null)) {
                    "REMOVE"
                } else {
                    "SET"
                };
                if let Some(e) = entity(pending, t, what, *span)? {
                    set_prop(pending, &e, key, &v, *span)?;
                }
            }
            SetItem::Props {
                target,
                value,
                merge,
                span,
            } => {
                let (t, v) = {
                    let ctx = env.ctx(pending);
                    (
                        eval(target, row, &ctx).map_err(|e| e.at(*span))?,
                        eval(value, row, &ctx).map_err(|e| e.at(*span))?,
                    )
                };
                let Some(e) = entity(pending, t, "SET", *span)? else {
                    continue;
                };
                let map: BTreeMap<String, Value> = match v {
                    Value::Map(m) => m.as_ref().clone(),
                    Value::Node(n) => pending.node_properties(n),
                    Value::Rel(r) => pending.rel_properties(r),
                    Value::Null if !merge => BTreeMap::new(),
                    other => {
                        return Err(type_error(format!(
                            "SET with = or += needs a map, not a {}",
                            other.type_name()
                        ))
                        .at(*span));
                    }
                };
                for (k, v) in &map {
                    storable(k, v).map_err(|err| err.at(*span))?;
                }
                if !merge {
                    let old = match e {
                        Entity::Node(n) => pending.node_properties(n),
                        Entity::Rel(r) => pending.rel_properties(r),
                    };
                    for k in old.keys().filter(|k| !map.contains_key(*k)) {
                        set_prop(pending, &e, k, &Value::Null, *span)?;
                    }
                }
                for (k, v) in &map {
                    set_prop(pending, &e, k, v, *span)?;
                }
            }
            SetItem::Labels {
                target,
                labels,
                present,
                span,
            } => {
                let t = {
                    let ctx = env.ctx(pending);
                    eval(target, row, &ctx).map_err(|e| e.at(*span))?
                };
                let what = if *present { "SET" } else { "REMOVE" };
                match entity(pending, t, what, *span)? {
                    None => {}
                    Some(Entity::Node(n)) => {
                        for label in labels {
                            pending
                                .set_label(n, label, *present)
                                .map_err(|m| semantic(m, *span))?;
                        }
                    }
                    Some(Entity::Rel(_)) => {
                        return Err(
                            type_error("labels belong to nodes, not relationships").at(*span)
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

pub fn set(op: &SetOp, rows: Vec<Row>, pending: &mut Pending, env: &Env) -> Result<Vec<Row>> {
    for row in &rows {
        env.budget.spend(1)?;
        apply(&op.items, row, pending, env).map_err(|e| e.at(op.span))?;
    }
    Ok(rows)
}

fn delete_value(pending: &mut Pending, v: &Value, detach: bool, span: Span) -> Result<()> {
    match v {
        Value::Null => {}
        Value::Node(n) => pending.delete_node(*n, detach, span),
        Value::Rel(r) => pending.delete_rel(*r),
        Value::Path(p) => {
            for r in &p.rels {
                pending.delete_rel(*r);
            }
            for n in &p.nodes {
                pending.delete_node(*n, detach, span);
            }
        }
        Value::List(items) => {
            for item in items.iter() {
                delete_value(pending, item, detach, span)?;
            }
        }
        other => {
            return Err(type_error(format!(
                "DELETE takes nodes, relationships or paths, not a {}",
                other.type_name()
            ))
            .at(span));
        }
    }
    Ok(())
}

pub fn delete(op: &DeleteOp, rows: Vec<Row>, pending: &mut Pending, env: &Env) -> Result<Vec<Row>> {
    for row in &rows {
        for (e, span) in &op.exprs {
            let v = {
                let ctx = env.ctx(pending);
                eval(e, row, &ctx).map_err(|err| err.at(*span))?
            };
            delete_value(pending, &v, op.detach, *span).map_err(|err| err.at(op.span))?;
        }
    }
    Ok(rows)
}

pub fn merge(op: &MergeOp, rows: Vec<Row>, pending: &mut Pending, env: &Env) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for row in rows {
        let mut found = Vec::new();
        {
            let ctx = env.ctx(pending);
            matcher::match_pattern(&op.pattern, &row, &ctx, &mut |r| {
                found.push(r);
                ctx.check_rows(found.len())?;
                Ok(true)
            })
            .map_err(|e| e.at(op.span))?;
        }
        if found.is_empty() {
            check_no_nulls(op, &row, pending, env)?;
            let created = create::run(
                &op.create,
                vec![row],
                pending,
                env.params,
                env.budget,
                env.limits,
                env.regexes,
            )?;
            for r in &created {
                apply(&op.on_create, r, pending, env)?;
            }
            out.extend(created);
        } else {
            for r in &found {
                apply(&op.on_match, r, pending, env)?;
            }
            out.extend(found);
        }
        env.budget.spend(1)?;
    }
    Ok(out)
}

/// MERGE cannot create what it could never match: a null property value.
fn check_no_nulls(op: &MergeOp, row: &Row, pending: &Pending, env: &Env) -> Result<()> {
    let ctx = env.ctx(pending);
    let mut row = row.clone();
    row.resize(op.create.width.max(row.len()), Value::Null);
    for path in &op.create.paths {
        let props = path
            .nodes
            .iter()
            .flat_map(|n| &n.props)
            .chain(path.rels.iter().flat_map(|r| &r.props));
        for (k, e) in props {
            if eval(e, &row, &ctx)?.is_null() {
                return Err(semantic(
                    format!("MERGE cannot use a null value for property `{k}`"),
                    op.span,
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::graph::Graph;
    use crate::query::{self, ErrorKind, GraphAccess, Options, Value};
    use crate::schema::Schema;

    fn graph(setup: &str) -> Graph {
        let mut g = Graph::new(Schema::open());
        query::run(&mut g, setup, &Options::default()).unwrap();
        g
    }

    fn run(g: &mut Graph, text: &str) -> Result<query::Table, query::QueryError> {
        query::run(g, text, &Options::default())
    }

    /// Everything a statement could change, to compare before and after.
    fn dump(g: &Graph) -> String {
        let t = run(
            &mut g.copy_for_undo(),
            "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) \
             RETURN labels(n), properties(n), type(r), properties(r), m.k ORDER BY n.k, r.k",
        )
        .unwrap();
        format!("{:?}", t.rows)
    }

    #[test]
    fn a_failing_statement_leaves_the_graph_as_it_was() {
        let mut g = graph("CREATE (:A {k: 1})-[:R {k: 1}]->(:B {k: 2}), (:C {k: 3})");
        let before = dump(&g);
        for text in [
            // DELETE of a node that keeps a relationship, after a SET.
            "MATCH (n) SET n.x = 1 WITH n MATCH (a:A) DELETE a",
            // A type error after labels and a property were set.
            "MATCH (n:A) SET n:Z, n.y = 2 SET n.bad = {no: 'maps'}",
            // SET on a node this statement deleted.
            "MATCH (c:C) DETACH DELETE c SET c.k = 9",
            // A created node and a MERGE, then a runtime error.
            "CREATE (:D) MERGE (:E {k: 5}) WITH 1 AS one RETURN 1 / 0",
        ] {
            let err = run(&mut g, text).expect_err(text);
            assert!(err.span().is_some(), "{text}: no position in {err}");
            assert_eq!(dump(&g), before, "{text} changed the graph");
            assert_eq!(g.node_count(), 3);
        }
    }

    #[test]
    fn errors_have_the_classes_the_tck_names() {
        let mut g = graph("CREATE (:A)-[:R]->(:B)");
        let kind = |g: &mut Graph, t: &str| run(g, t).unwrap_err().kind;
        assert_eq!(kind(&mut g, "MATCH (a:A) DELETE a"), ErrorKind::Constraint);
        assert_eq!(
            kind(&mut g, "MATCH (a:A) SET a.p = {k: 1}"),
            ErrorKind::Type
        );
        assert_eq!(
            kind(&mut g, "MATCH (a:A) DETACH DELETE a SET a.p = 1"),
            ErrorKind::Semantic
        );
        assert_eq!(kind(&mut g, "MATCH () DELETE 1 + 1"), ErrorKind::Semantic);
        // The caret points at what was deleted: `a`, byte 19 of the text.
        let err = run(&mut g, "MATCH (a:A) DELETE a").unwrap_err();
        assert_eq!(err.span().map(|s| s.0), Some(19));
    }

    #[test]
    fn detach_delete_renumbers_what_is_left() {
        let mut g = graph("CREATE (:N {k: 1})-[:R]->(:N {k: 2})-[:R]->(:N {k: 3})");
        let t = run(
            &mut g,
            "MATCH (m:N {k: 2}) DETACH DELETE m WITH count(*) AS c MATCH (n:N) RETURN n ORDER BY n.k",
        )
        .unwrap();
        assert_eq!(t.stats.nodes_deleted, 1);
        assert_eq!(t.stats.relationships_deleted, 2);
        assert_eq!((g.node_count(), g.edge_count()), (2, 0));
        // The rows name the survivors by their new numbers.
        let ks: Vec<Value> = t
            .rows
            .iter()
            .map(|r| match r[0] {
                Value::Node(n) => g.node_property(n, "k"),
                _ => Value::Null,
            })
            .collect();
        assert_eq!(format!("{ks:?}"), "[Int(1), Int(3)]");
    }

    #[test]
    fn returning_a_deleted_node_is_refused_and_nothing_is_deleted() {
        let mut g = graph("CREATE (:A)");
        let err = run(&mut g, "MATCH (a:A) DELETE a RETURN a").unwrap_err();
        assert!(err.message.contains("deleted"), "{err}");
        assert_eq!(g.node_count(), 1);
    }

    #[test]
    fn counts_follow_neo4j() {
        let mut g = graph("CREATE (:A {k: 1})");
        let t = run(
            &mut g,
            "MATCH (a:A) SET a.k = 2, a.j = 3, a:B REMOVE a:A MERGE (a)-[:R]->(c:C {k: 4})",
        )
        .unwrap();
        let s = t.stats;
        assert_eq!(
            (
                s.nodes_created,
                s.relationships_created,
                s.properties_set,
                s.labels_added,
                s.labels_removed
            ),
            (1, 1, 3, 2, 1)
        );
        assert_eq!(
            s.summary(),
            "1 node created, 1 relationship created, 3 properties set, 2 labels added, 1 label removed"
        );
        // MERGE finds what it made: nothing more is created.
        let t = run(&mut g, "MATCH (a:B) MERGE (a)-[:R]->(c:C {k: 4})").unwrap();
        assert!(!t.stats.any());
    }

    #[test]
    fn set_and_remove_reach_the_stored_id_and_name() {
        let mut g = graph("CREATE (:A {id: 'x:1', name: 'one'})");
        run(&mut g, "MATCH (a:A) SET a.name = 'uno' REMOVE a.id").unwrap();
        let t = run(&mut g, "MATCH (a:A) RETURN a.name, a.id").unwrap();
        assert_eq!(format!("{:?}", t.rows[0]), "[Str(\"uno\"), Null]");
        assert!(g.find_id("x:1").is_none());
        assert!(
            g.resolve("uno").is_ok(),
            "the name index follows the new name"
        );
    }

    #[test]
    fn a_deleted_node_cannot_be_read_later_in_the_statement() {
        let mut g = graph("CREATE (:A {k: 1})-[:R {k: 2}]->(:B)");
        for text in [
            "MATCH (a:A) DETACH DELETE a RETURN a.k",
            "MATCH (a:A) DETACH DELETE a RETURN labels(a)",
            "MATCH ()-[r]->() DELETE r RETURN properties(r)",
        ] {
            let err = run(&mut g, text).expect_err(text);
            assert!(err.message.contains("deleted by this statement"), "{err}");
        }
        assert_eq!((g.node_count(), g.edge_count()), (2, 1));
        // Read before the DELETE, it is fine.
        let t = run(
            &mut g,
            "MATCH (a:A) WITH a, a.k AS k DETACH DELETE a RETURN k",
        )
        .unwrap();
        assert_eq!(format!("{:?}", t.rows), "[[Int(1)]]");
    }

    #[test]
    fn exists_and_count_subqueries_see_the_row_around_them() {
        let mut g =
            graph("CREATE (a:P {k: 1})-[:R]->(:P {k: 2}), (a)-[:R]->(:P {k: 3}), (:P {k: 4})");
        let t = run(
            &mut g,
            "MATCH (n:P) RETURN n.k, COUNT { (n)-[:R]->(m) WHERE m.k > 2 } AS c, \
             EXISTS { MATCH (n)-->(m) WITH m, count(*) AS x RETURN m } AS e ORDER BY n.k",
        )
        .unwrap();
        let rows: Vec<String> = t.rows.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(
            rows,
            [
                "[Int(1), Int(1), Bool(true)]",
                "[Int(2), Int(0), Bool(false)]",
                "[Int(3), Int(0), Bool(false)]",
                "[Int(4), Int(0), Bool(false)]"
            ]
        );
        let err = run(
            &mut g,
            "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n",
        )
        .unwrap_err();
        assert!(err.message.contains("cannot change the graph"), "{err}");
    }
}
