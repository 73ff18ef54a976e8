//! `EXISTS { … }` and `COUNT { … }`: a query inside an expression that sees
//! the variables around it, planned as its own list of operators and run
//! once per row.

use open_cypher::ast::{self, ClauseKind};

use super::super::error::{Result, semantic, unsupported};
use super::ir::{Expr, Span};
use super::{Planner, Scope};

/// Subqueries read: an updating clause inside one is refused.
pub(super) fn check_clause(clause: &ClauseKind, span: Span) -> Result<()> {
    match clause {
        ClauseKind::Create(_)
        | ClauseKind::Merge(_)
        | ClauseKind::Set(_)
        | ClauseKind::Remove(_)
        | ClauseKind::Delete(_) => Err(semantic(
            "a subquery expression cannot change the graph",
            span,
        )),
        _ => Ok(()),
    }
}

impl Planner<'_> {
    pub(super) fn subquery(
        &mut self,
        sub: &ast::SubqueryExpression,
        scope: &Scope,
        span: Span,
    ) -> Result<Expr> {
        let count = match sub.kind.kind {
            ast::SubqueryExpressionKind::Exists => false,
            ast::SubqueryExpressionKind::Count => true,
            _ => return Err(unsupported("COLLECT subqueries", span)),
        };
        let ast::QueryKind::Regular(regular) = &sub.query.kind else {
            return Err(unsupported("this kind of subquery", span));
        };
        if !regular.unions.is_empty() {
            return Err(unsupported("UNION inside a subquery", span));
        }
        // Grouping substitutions of the projection around belong to it.
        let saved = std::mem::take(&mut self.substitutions);
        let planned = self.single_in(&regular.head, scope.clone(), true);
        self.substitutions = saved;
        Ok(Expr::Subquery {
            count,
            query: std::rc::Rc::new(planned?),
        })
    }
}
