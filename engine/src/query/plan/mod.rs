//! Planning: the syntax tree of one statement becomes a [`ir::Statement`].
//! Variables get row slots, names are checked against what is in scope,
//! aggregates are pulled out of projections, and `WHERE n.key = value`
//! conditions on new nodes are pushed into the pattern so the matcher can
//! start from an index.

mod call;
mod expr;
pub mod functions;
pub mod ir;
mod pattern;
pub mod rewrite;
mod subquery;
mod write;

use open_cypher::ast::{self, ClauseKind, ProjectionItemKind};

use super::error::{Result, semantic, unsupported};
use super::parse::Parsed;
use ir::{Expr, NameKind, NameUse, Op, ProjectOp, Query, SingleQuery, Span, Statement};

/// What a variable holds, as far as planning can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VarKind {
    Node,
    Rel,
    RelList,
    Path,
    Value(Ty),
}

/// The static type of an expression, when planning can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Any,
    Bool,
    Num,
    Str,
    List,
    Map,
    Node,
    Rel,
    Path,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Any => "value",
            Ty::Bool => "boolean",
            Ty::Num => "number",
            Ty::Str => "string",
            Ty::List => "list",
            Ty::Map => "map",
            Ty::Node => "node",
            Ty::Rel => "relationship",
            Ty::Path => "path",
        }
    }
}

#[derive(Clone, Debug)]
struct Var {
    name: String,
    slot: usize,
    kind: VarKind,
}

/// Variables visible at a point of the query, and the next free slot.
#[derive(Clone, Debug, Default)]
struct Scope {
    vars: Vec<Var>,
    width: usize,
}

impl Scope {
    fn get(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|v| v.name == name)
    }

    fn add(&mut self, name: &str, kind: VarKind) -> usize {
        let slot = self.width;
        self.width += 1;
        self.vars.push(Var {
            name: name.to_owned(),
            slot,
            kind,
        });
        slot
    }

    fn hidden(&mut self) -> usize {
        self.width += 1;
        self.width - 1
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|v| v.name.as_str())
    }

    fn kind_of_slot(&self, slot: usize) -> Option<VarKind> {
        self.vars
            .iter()
            .rev()
            .find(|v| v.slot == slot)
            .map(|v| v.kind)
    }

    /// The static type of a lowered expression in this scope.
    fn ty(&self, e: &Expr) -> Ty {
        use functions::Func;
        use ir::BinOp;
        match e {
            Expr::Const(v) => match v {
                super::value::Value::Bool(_) => Ty::Bool,
                super::value::Value::Int(_) | super::value::Value::Float(_) => Ty::Num,
                super::value::Value::Str(_) => Ty::Str,
                super::value::Value::List(_) => Ty::List,
                super::value::Value::Map(_) => Ty::Map,
                _ => Ty::Any,
            },
            Expr::Slot(s) => match self.kind_of_slot(*s) {
                Some(VarKind::Node) => Ty::Node,
                Some(VarKind::Rel) => Ty::Rel,
                Some(VarKind::RelList) => Ty::List,
                Some(VarKind::Path) => Ty::Path,
                Some(VarKind::Value(t)) => t,
                None => Ty::Any,
            },
            Expr::List(_) | Expr::ListComp { .. } | Expr::PatternComp { .. } => Ty::List,
            Expr::Map(_) | Expr::MapProjection(..) => Ty::Map,
            Expr::Not(_)
            | Expr::And(..)
            | Expr::Or(..)
            | Expr::Xor(..)
            | Expr::IsNull(..)
            | Expr::HasLabels(..)
            | Expr::Exists(_)
            | Expr::Subquery { count: false, .. }
            | Expr::Quantified { .. } => Ty::Bool,
            Expr::Subquery { count: true, .. } => Ty::Num,
            Expr::Bin(op, ..) => match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Pow => {
                    Ty::Any
                }
                _ => Ty::Bool,
            },
            Expr::Call(f, ..) => match f {
                Func::Labels
                | Func::Keys
                | Func::Nodes
                | Func::Relationships
                | Func::Tail
                | Func::Range
                | Func::Split => Ty::List,
                Func::Size | Func::Length | Func::Id => Ty::Num,
                Func::ToString
                | Func::ToLower
                | Func::ToUpper
                | Func::Type
                | Func::Trim
                | Func::Substring
                | Func::Replace => Ty::Str,
                Func::Properties => Ty::Map,
                Func::StartNode | Func::EndNode => Ty::Node,
                _ => Ty::Any,
            },
            _ => Ty::Any,
        }
    }
}

/// Where aggregates may appear while lowering an expression.
enum Aggregates<'a> {
    Forbidden(&'static str),
    Collect(&'a mut Vec<ir::AggCall>),
}

struct Planner<'t> {
    text: &'t str,
    procedures: &'t super::procedures::Procedures,
    offset: usize,
    names: Vec<NameUse>,
    /// Depth of conditions being lowered, where patterns may appear.
    predicates: usize,
    /// Expression texts that stand for a projected column (after grouping).
    substitutions: Vec<(String, usize)>,
}

/// Where a pattern appears, which decides whether it may declare variables.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PatternMode {
    Match,
    /// A condition: only anonymous new variables.
    Predicate,
    Comprehension,
}

/// Plans one parsed statement.
pub fn plan(parsed: &Parsed, procedures: &super::procedures::Procedures) -> Result<Statement> {
    let mut planner = Planner {
        text: &parsed.text,
        procedures,
        offset: parsed.offset,
        names: Vec::new(),
        predicates: 0,
        substitutions: Vec::new(),
    };
    let query = planner.query(&parsed.statement.query)?;
    Ok(Statement {
        query,
        names: planner.names,
    })
}

impl Planner<'_> {
    fn span(&self, span: open_cypher::Span) -> Span {
        (span.start + self.offset, span.end + self.offset)
    }

    fn source(&self, span: open_cypher::Span) -> &str {
        self.text[span.start..span.end].trim()
    }

    fn note(&mut self, kind: NameKind, name: &str, span: open_cypher::Span) {
        let span = self.span(span);
        self.names.push(NameUse {
            kind,
            name: name.to_owned(),
            span,
        });
    }

    fn query(&mut self, query: &ast::Query) -> Result<Query> {
        let ast::QueryKind::Regular(regular) = &query.kind else {
            return Err(unsupported("this kind of query", self.span(query.span)));
        };
        let head = self.single(&regular.head)?;
        if regular.unions.is_empty() {
            return Ok(Query::Single(head));
        }
        let mut all = None;
        let mut parts = vec![head];
        for branch in &regular.unions {
            let this_all = matches!(branch.operator.kind, ast::UnionOperator::All);
            if all.is_some_and(|a| a != this_all) {
                return Err(semantic(
                    "UNION and UNION ALL cannot be mixed in one query",
                    self.span(branch.operator.span),
                ));
            }
            all = Some(this_all);
            let part = self.single(&branch.query)?;
            if part.columns != parts[0].columns {
                return Err(semantic(
                    format!(
                        "all parts of a UNION must return the same columns ({} vs {})",
                        parts[0].columns.join(", "),
                        part.columns.join(", ")
                    ),
                    self.span(branch.query.span),
                ));
            }
            parts.push(part);
        }
        Ok(Query::Union {
            parts,
            all: all.unwrap_or(false),
        })
    }

    fn single(&mut self, query: &ast::SingleQuery) -> Result<SingleQuery> {
        self.single_in(query, Scope::default(), false)
    }

    /// A single query starting from `scope`; `nested` (a subquery) may end
    /// without RETURN and may not update the graph.
    fn single_in(
        &mut self,
        query: &ast::SingleQuery,
        mut scope: Scope,
        nested: bool,
    ) -> Result<SingleQuery> {
        let mut ops = Vec::new();
        let mut columns = Vec::new();
        let clauses = &query.kind.clauses;
        for (i, clause) in clauses.iter().enumerate() {
            let last = i + 1 == clauses.len();
            let span = self.span(clause.span);
            match &clause.kind {
                ClauseKind::Match(m) => {
                    if m.mode.is_some() || !m.hints.is_empty() {
                        return Err(unsupported("match modes and hints", span));
                    }
                    ops.push(Op::Match(self.match_clause(m, &mut scope, span)?));
                }
                ClauseKind::Unwind(u) => {
                    let expr =
                        self.expr(&u.expression, &scope, &mut Aggregates::Forbidden("UNWIND"))?;
                    let name = &u.variable.kind.text;
                    if scope.get(name).is_some() {
                        return Err(semantic(
                            format!("variable `{name}` is already declared"),
                            self.span(u.variable.span),
                        ));
                    }
                    let slot = scope.add(name, VarKind::Value(Ty::Any));
                    ops.push(Op::Unwind { expr, slot, span });
                }
                ClauseKind::Create(c) => {
                    ops.push(Op::Create(self.create(&c.pattern, &mut scope, span)?));
                }
                ClauseKind::Set(set) => {
                    let items = self.set_items(set, &scope)?;
                    ops.push(Op::Set(ir::SetOp { items, span }));
                }
                ClauseKind::Remove(remove) => {
                    let items = self.remove_items(remove, &scope)?;
                    ops.push(Op::Set(ir::SetOp { items, span }));
                }
                ClauseKind::Delete(d) => {
                    ops.push(Op::Delete(self.delete_clause(d, &scope, span)?));
                }
                ClauseKind::Merge(m) => {
                    ops.push(Op::Merge(Box::new(self.merge_clause(m, &mut scope, span)?)));
                }
                ClauseKind::With(w) => {
                    let (op, new_scope, _) =
                        self.projection(&w.projection, w.where_clause.as_ref(), &scope, false)?;
                    ops.push(Op::Project(op));
                    scope = new_scope;
                }
                ClauseKind::Call(c) => {
                    let standalone = clauses.len() == 1 && !nested;
                    let lowered = self.call_clause(c, &mut scope, span, standalone)?;
                    ops.push(Op::Call(Box::new(lowered.op)));
                    if let Some((project, names)) = lowered.columns {
                        ops.push(Op::Project(project));
                        columns = names;
                    }
                }
                ClauseKind::Return(r) => {
                    if !last {
                        return Err(semantic("RETURN must be the last clause", span));
                    }
                    let (op, _, cols) = self.projection(&r.projection, None, &scope, true)?;
                    ops.push(Op::Project(op));
                    columns = cols;
                }
                _ => {
                    let keyword = self
                        .source(clause.span)
                        .split_whitespace()
                        .next()
                        .unwrap_or("");
                    return Err(unsupported(
                        format!("the {} clause", keyword.to_uppercase()),
                        span,
                    )
                    .with_help("supported clauses: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, UNION, CREATE, CALL, MERGE, SET, REMOVE, DELETE, DETACH DELETE"));
                }
            }
            if nested {
                subquery::check_clause(&clause.kind, span)?;
                continue;
            }
            let standalone_call = clauses.len() == 1 && matches!(clause.kind, ClauseKind::Call(_));
            if last
                && !standalone_call
                && !matches!(
                    clause.kind,
                    ClauseKind::Return(_)
                        | ClauseKind::Create(_)
                        | ClauseKind::Merge(_)
                        | ClauseKind::Set(_)
                        | ClauseKind::Remove(_)
                        | ClauseKind::Delete(_)
                )
            {
                return Err(semantic(
                    "a query must end with RETURN or with an updating clause (CREATE, MERGE, SET, REMOVE, DELETE); a CALL on its own needs neither",
                    span,
                ));
            }
        }
        Ok(SingleQuery {
            ops: rewrite::apply(ops),
            columns,
        })
    }

    /// `WITH` and `RETURN`: returns the operator, the scope after it and the
    /// column names.
    fn projection(
        &mut self,
        p: &ast::ProjectionClause,
        filter: Option<&ast::Expr>,
        scope: &Scope,
        is_return: bool,
    ) -> Result<(ProjectOp, Scope, Vec<String>)> {
        let span = self.span(p.span);
        let distinct = matches!(
            p.quantifier.as_ref().map(|q| &q.kind),
            Some(ast::SetQuantifier::Distinct)
        );
        let mut aggregates = Vec::new();
        let mut items = Vec::new();
        let mut is_key = Vec::new();
        let mut columns: Vec<String> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut new_scope = Scope::default();
        for item in &p.items {
            match &item.kind {
                ProjectionItemKind::Wildcard => {
                    let mut visible: Vec<&Var> = scope.vars.iter().collect();
                    visible.sort_by(|a, b| a.name.cmp(&b.name));
                    visible.dedup_by(|a, b| a.name == b.name);
                    if visible.is_empty() && is_return {
                        return Err(semantic(
                            "`*` needs at least one variable in scope",
                            self.span(item.span),
                        ));
                    }
                    for var in visible {
                        let var = scope.get(&var.name).expect("listed variable");
                        items.push(Expr::Slot(var.slot));
                        is_key.push(true);
                        columns.push(var.name.clone());
                        texts.push(var.name.clone());
                        new_scope.add(&var.name, var.kind);
                    }
                }
                ProjectionItemKind::Expression { expression, alias } => {
                    let before = aggregates.len();
                    let mut agg = Aggregates::Collect(&mut aggregates);
                    let lowered = self.expr(expression, scope, &mut agg)?;
                    is_key.push(aggregates.len() == before);
                    let text = self.source(expression.span).to_owned();
                    let name = match alias {
                        Some(a) => a.kind.text.clone(),
                        None => {
                            if !is_return && !matches!(expression.kind, ast::ExprKind::Variable(_))
                            {
                                return Err(semantic(
                                    "an expression in WITH must be aliased (use AS)",
                                    self.span(expression.span),
                                ));
                            }
                            text.clone()
                        }
                    };
                    if columns.contains(&name) {
                        return Err(semantic(
                            format!("multiple result columns named `{name}`"),
                            self.span(item.span),
                        ));
                    }
                    let kind = match &lowered {
                        Expr::Slot(s) => scope.kind_of_slot(*s).unwrap_or(VarKind::Value(Ty::Any)),
                        other => VarKind::Value(scope.ty(other)),
                    };
                    new_scope.add(&name, kind);
                    items.push(lowered);
                    columns.push(name);
                    texts.push(text);
                }
                _ => return Err(unsupported("this projection item", self.span(item.span))),
            }
        }
        let grouping = !aggregates.is_empty() || distinct;
        let k = items.len();
        // Without grouping, ORDER BY and WITH's WHERE see the projected
        // columns and the variables before the projection too.
        let mut wide_scope = new_scope.clone();
        if !grouping {
            for var in &scope.vars {
                if new_scope.get(&var.name).is_none() {
                    wide_scope.vars.push(Var {
                        name: var.name.clone(),
                        slot: k + var.slot,
                        kind: var.kind,
                    });
                }
            }
            wide_scope.width = k + scope.width;
        }
        // After grouping, ORDER BY and WHERE see the projected columns, and
        // an expression written exactly like a projected one stands for it.
        if grouping {
            self.substitutions = texts.iter().cloned().zip(0..).collect();
        }
        let mut order = Vec::new();
        if let Some(order_by) = &p.order_by {
            for sort in &order_by.items {
                let key = self.expr(
                    &sort.expression,
                    &wide_scope,
                    &mut Aggregates::Forbidden("ORDER BY"),
                );
                let key = match key {
                    Err(e) => {
                        self.substitutions.clear();
                        return Err(e);
                    }
                    Ok(k) => k,
                };
                let desc = matches!(
                    sort.direction.as_ref().map(|d| &d.kind),
                    Some(ast::SortDirection::Descending)
                );
                order.push((key, desc));
            }
        }
        if p.offset.is_some() {
            return Err(unsupported("OFFSET", span));
        }
        let skip = p
            .skip
            .as_ref()
            .map(|e| self.count_expr(e, "SKIP"))
            .transpose()?;
        let limit = p
            .limit
            .as_ref()
            .map(|e| self.count_expr(e, "LIMIT"))
            .transpose()?;
        let filter = filter.map(|f| self.where_expr(f, &wide_scope, "WHERE"));
        self.substitutions.clear();
        let filter = filter.transpose()?;
        for (item, key) in p.items.iter().zip(&is_key) {
            if let (ProjectionItemKind::Expression { expression, .. }, false) = (&item.kind, key) {
                let keys: Vec<String> = texts
                    .iter()
                    .zip(&is_key)
                    .filter(|(_, k)| **k)
                    .map(|(t, _)| t.clone())
                    .collect();
                self.check_grouped(expression, scope, &keys, &[])?;
            }
        }
        let op = ProjectOp {
            items,
            is_key,
            aggregates,
            distinct,
            order,
            skip,
            limit,
            filter,
            top_k: false,
            span,
        };
        Ok((op, new_scope, columns))
    }

    /// SKIP and LIMIT take constant expressions (literals and parameters).
    fn count_expr(&mut self, e: &ast::Expr, what: &'static str) -> Result<Expr> {
        let lowered = self.expr(e, &Scope::default(), &mut Aggregates::Forbidden(what));
        lowered.map_err(|err| {
            if err.message.starts_with("variable") {
                semantic(
                    format!("{what} takes a constant (a literal or a parameter)"),
                    self.span(e.span),
                )
            } else {
                err
            }
        })
    }
}

/// Finds input variables used outside aggregates and outside the allowed
/// expressions (grouping keys), which make an aggregate expression ambiguous.
struct LooseVars<'a, 'p> {
    planner: &'a Planner<'p>,
    scope: &'a Scope,
    allowed: &'a [String],
    aliases: &'a [String],
    found: Option<open_cypher::Span>,
}

impl<'ast> ast::visit::Visitor<'ast> for LooseVars<'_, '_> {
    fn visit_expr(&mut self, node: &'ast ast::Expr) {
        if self.found.is_some()
            || self
                .allowed
                .iter()
                .any(|a| a == self.planner.source(node.span))
        {
            return;
        }
        match &node.kind {
            ast::ExprKind::Variable(name) => {
                let n = &name.kind.text;
                if self.scope.get(n).is_some() && !self.aliases.contains(n) {
                    self.found = Some(node.span);
                }
            }
            ast::ExprKind::Function(f)
                if f.name.parts.len() == 1
                    && functions::AGGREGATES
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(&f.name.parts[0].kind.text)) => {}
            _ => ast::visit::walk_expr(self, node),
        }
    }
}

impl Planner<'_> {
    /// An expression mixing aggregates with other values may only use
    /// grouping keys (or aliases) outside its aggregates.
    fn check_grouped(
        &self,
        e: &ast::Expr,
        scope: &Scope,
        allowed: &[String],
        aliases: &[String],
    ) -> Result<()> {
        let mut v = LooseVars {
            planner: self,
            scope,
            allowed,
            aliases,
            found: None,
        };
        ast::visit::Visitor::visit_expr(&mut v, e);
        match v.found {
            Some(span) => Err(semantic(
                "this expression mixes an aggregate with a value that is not a grouping key",
                self.span(span),
            )
            .with_help("project the value as its own column, or aggregate it too")),
            None => Ok(()),
        }
    }

    /// WHERE and boolean operators need booleans; reject what cannot be one.
    fn expect_bool(&self, scope: &Scope, e: &Expr, span: open_cypher::Span) -> Result<()> {
        match scope.ty(e) {
            Ty::Any | Ty::Bool => Ok(()),
            other => Err(semantic(
                format!("expected a boolean here, not a {}", other.name()),
                self.span(span),
            )),
        }
    }
}
