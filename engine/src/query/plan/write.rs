//! Lowering the updating clauses besides CREATE: SET, REMOVE, DELETE and
//! MERGE (whose pattern is planned as a CREATE and matched from that plan).

use open_cypher::ast;

use super::super::error::{Result, semantic};
use super::ir::{
    BinOp, DeleteOp, Expr, MergeOp, NodePat, PathPlan, PatternPlan, RelDir, RelPat, Selector,
    SetItem, Span,
};
use super::{Aggregates, Planner, Scope, Ty, VarKind};

impl Planner<'_> {
    /// The entity an assignment changes: a node, a relationship or null.
    fn set_target(&mut self, e: &ast::Expr, scope: &Scope, what: &'static str) -> Result<Expr> {
        let target = self.expr(e, scope, &mut Aggregates::Forbidden(what))?;
        match scope.ty(&target) {
            Ty::Any | Ty::Node | Ty::Rel => Ok(target),
            other => Err(semantic(
                format!(
                    "{what} changes nodes and relationships, not a {}",
                    other.name()
                ),
                self.span(e.span),
            )),
        }
    }

    fn variable_target(
        &mut self,
        name: &ast::Name,
        scope: &Scope,
        what: &'static str,
    ) -> Result<Expr> {
        let var = scope.get(&name.kind.text).ok_or_else(|| {
            semantic(
                format!("variable `{}` is not defined", name.kind.text),
                self.span(name.span),
            )
        })?;
        match var.kind {
            VarKind::Node | VarKind::Rel | VarKind::Value(Ty::Any | Ty::Node | Ty::Rel) => {
                Ok(Expr::Slot(var.slot))
            }
            _ => Err(semantic(
                format!(
                    "{what} changes nodes and relationships; `{}` is neither",
                    name.kind.text
                ),
                self.span(name.span),
            )),
        }
    }

    pub(super) fn set_items(
        &mut self,
        set: &ast::SetClause,
        scope: &Scope,
    ) -> Result<Vec<SetItem>> {
        let mut items = Vec::new();
        for item in &set.items {
            let span = self.span(item.span);
            items.push(match &item.kind {
                ast::SetItemKind::Property { target, value } => {
                    let ast::ExprKind::Property { expression, key } = &target.kind else {
                        return Err(semantic("SET needs a property here, as in n.key", span));
                    };
                    // No strict check on the key: SET may add a new one.
                    SetItem::Prop {
                        target: self.set_target(expression, scope, "SET")?,
                        key: key.kind.text.clone(),
                        value: self.expr(value, scope, &mut Aggregates::Forbidden("SET"))?,
                        span,
                    }
                }
                ast::SetItemKind::ReplaceProperties { target, value }
                | ast::SetItemKind::MergeProperties { target, value } => SetItem::Props {
                    target: self.variable_target(target, scope, "SET")?,
                    value: self.expr(value, scope, &mut Aggregates::Forbidden("SET"))?,
                    merge: matches!(item.kind, ast::SetItemKind::MergeProperties { .. }),
                    span,
                },
                ast::SetItemKind::Labels { target, labels } => SetItem::Labels {
                    target: self.variable_target(target, scope, "SET")?,
                    labels: self.label_names(labels)?,
                    present: true,
                    span,
                },
                _ => return Err(semantic("this SET item is not supported", span)),
            });
        }
        Ok(items)
    }

    pub(super) fn remove_items(
        &mut self,
        remove: &ast::RemoveClause,
        scope: &Scope,
    ) -> Result<Vec<SetItem>> {
        let mut items = Vec::new();
        for item in &remove.items {
            let span = self.span(item.span);
            items.push(match &item.kind {
                ast::RemoveItemKind::Property(e) => {
                    let ast::ExprKind::Property { expression, key } = &e.kind else {
                        return Err(semantic("REMOVE needs a property or labels here", span));
                    };
                    SetItem::Prop {
                        target: self.set_target(expression, scope, "REMOVE")?,
                        key: key.kind.text.clone(),
                        value: Expr::Const(super::super::value::Value::Null),
                        span,
                    }
                }
                ast::RemoveItemKind::Labels { target, labels } => SetItem::Labels {
                    target: self.variable_target(target, scope, "REMOVE")?,
                    labels: self.label_names(labels)?,
                    present: false,
                    span,
                },
                _ => return Err(semantic("this REMOVE item is not supported", span)),
            });
        }
        Ok(items)
    }

    pub(super) fn delete_clause(
        &mut self,
        d: &ast::DeleteClause,
        scope: &Scope,
        span: Span,
    ) -> Result<DeleteOp> {
        let mut exprs = Vec::new();
        for e in &d.expressions {
            let lowered = self.expr(e, scope, &mut Aggregates::Forbidden("DELETE"))?;
            let computed = matches!(
                lowered,
                Expr::Const(ref v) if !v.is_null()
            ) || matches!(
                lowered,
                Expr::Bin(op, ..) if !matches!(op, BinOp::In)
            );
            if computed {
                return Err(semantic(
                    "DELETE takes nodes, relationships or paths, not a computed value",
                    self.span(e.span),
                ));
            }
            match scope.ty(&lowered) {
                Ty::Any | Ty::Node | Ty::Rel | Ty::Path | Ty::List => {}
                other => {
                    return Err(semantic(
                        format!(
                            "DELETE takes nodes, relationships or paths, not a {}",
                            other.name()
                        ),
                        self.span(e.span),
                    ));
                }
            }
            exprs.push((lowered, self.span(e.span)));
        }
        Ok(DeleteOp {
            exprs,
            detach: matches!(d.mode.kind, ast::DeleteMode::Detach),
            span,
        })
    }

    pub(super) fn merge_clause(
        &mut self,
        m: &ast::MergeClause,
        scope: &mut Scope,
        span: Span,
    ) -> Result<MergeOp> {
        let first_new = scope.width;
        let create = self.create_parts(std::slice::from_ref(&m.pattern), scope, span, true)?;
        let mut paths = Vec::new();
        for path in &create.paths {
            let nodes = path
                .nodes
                .iter()
                .map(|n| NodePat {
                    slot: n.slot,
                    labels: n.labels.clone(),
                    props: n.props.clone(),
                })
                .collect();
            let rels = path
                .rels
                .iter()
                .map(|r| RelPat {
                    slot: r.slot,
                    types: vec![r.rel_type.clone()],
                    dir: if r.undirected {
                        RelDir::Either
                    } else if r.backwards {
                        RelDir::Left
                    } else {
                        RelDir::Right
                    },
                    length: None,
                    props: r.props.clone(),
                    span,
                })
                .collect();
            paths.push(PathPlan {
                binding: path.binding,
                selector: Selector::All,
                nodes,
                rels,
            });
        }
        let pattern = PatternPlan {
            paths,
            first_new,
            width: scope.width,
        };
        let (mut on_create, mut on_match) = (Vec::new(), Vec::new());
        for action in &m.actions {
            let items = self.set_items(&action.set, scope)?;
            match action.trigger.kind {
                ast::MergeTrigger::Create => on_create.extend(items),
                _ => on_match.extend(items),
            }
        }
        Ok(MergeOp {
            pattern,
            create,
            on_create,
            on_match,
            span,
        })
    }
}
