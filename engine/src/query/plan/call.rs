//! Lowering `CALL proc(args) YIELD out AS name WHERE …`: the procedure is
//! looked up in the registry, arguments are counted and type-checked when
//! they are constants, yielded outputs become new variables.

use open_cypher::ast::{self, ProjectionItemKind};

use super::super::error::{Result, semantic, unsupported};
use super::super::procedures::FieldType;
use super::ir::{CallOp, Expr, ProjectOp, Span};
use super::{Aggregates, Planner, Scope, Ty, VarKind};

/// A lowered CALL, and for a standalone one the projection of its columns.
pub(super) struct LoweredCall {
    pub op: CallOp,
    pub columns: Option<(ProjectOp, Vec<String>)>,
}

impl Planner<'_> {
    /// `standalone`: the CALL is the whole query (it may then omit YIELD,
    /// take its arguments from same-named parameters, and use `YIELD *`).
    pub(super) fn call_clause(
        &mut self,
        c: &ast::CallClause,
        scope: &mut Scope,
        span: Span,
        standalone: bool,
    ) -> Result<LoweredCall> {
        let ast::CallTarget::Procedure { name, arguments } = &c.target else {
            return Err(unsupported("CALL { … } subqueries", span));
        };
        let full: Vec<&str> = name.parts.iter().map(|p| p.kind.text.as_str()).collect();
        let full = full.join(".");
        let name_span = self.span(name.span);
        let Some(procedure) = self.procedures.get(&full).cloned() else {
            return Err(
                semantic(format!("there is no procedure `{full}`"), name_span)
                    .suggest(crate::suggest::closest(&full, self.procedures.names(), 3)),
            );
        };
        let args = match arguments {
            Some(args) => {
                if args.len() != procedure.inputs.len() {
                    return Err(semantic(
                        format!(
                            "{} takes {} argument{}, not {}",
                            procedure.name,
                            procedure.inputs.len(),
                            if procedure.inputs.len() == 1 { "" } else { "s" },
                            args.len()
                        ),
                        span,
                    )
                    .with_help(format!("its signature: {}", procedure.signature())));
                }
                let mut lowered = Vec::with_capacity(args.len());
                for (arg, field) in args.iter().zip(&procedure.inputs) {
                    let e = self.expr(
                        arg,
                        scope,
                        &mut Aggregates::Forbidden("procedure arguments"),
                    )?;
                    check_arg(scope.ty(&e), field.ty, &field.name, self.span(arg.span))?;
                    lowered.push(e);
                }
                lowered
            }
            // `CALL p` without parentheses takes `$name` for each input.
            None if standalone => procedure
                .inputs
                .iter()
                .map(|f| Expr::Param(f.name.clone()))
                .collect(),
            None if procedure.inputs.is_empty() => Vec::new(),
            None => {
                return Err(semantic(
                    format!(
                        "{} takes arguments: write them in parentheses (only a CALL on its own takes them from parameters)",
                        procedure.name
                    ),
                    span,
                ));
            }
        };
        let mut yields = Vec::new();
        let mut names = Vec::new();
        match &c.yield_clause {
            None if !standalone && !procedure.outputs.is_empty() => {
                return Err(semantic(
                    format!(
                        "a CALL inside a query must say what it yields: YIELD {}",
                        procedure
                            .outputs
                            .iter()
                            .map(|f| f.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    span,
                ));
            }
            None => {
                for (i, f) in procedure.outputs.iter().enumerate() {
                    yields.push((i, scope.hidden()));
                    names.push(f.name.clone());
                }
            }
            Some(y) if y.all => {
                if !standalone {
                    return Err(semantic(
                        "YIELD * is allowed only in a CALL on its own",
                        self.span(y.span),
                    ));
                }
                for (i, f) in procedure.outputs.iter().enumerate() {
                    yields.push((i, scope.add(&f.name, VarKind::Value(Ty::Any))));
                    names.push(f.name.clone());
                }
            }
            Some(y) => {
                for item in &y.items {
                    let ProjectionItemKind::Expression { expression, alias } = &item.kind else {
                        return Err(semantic("YIELD * stands alone", self.span(item.span)));
                    };
                    let ast::ExprKind::Variable(out) = &expression.kind else {
                        return Err(semantic(
                            "YIELD names outputs of the procedure",
                            self.span(expression.span),
                        ));
                    };
                    let out = &out.kind.text;
                    let Some(index) = procedure.outputs.iter().position(|f| &f.name == out) else {
                        return Err(semantic(
                            format!("{} has no output `{out}`", procedure.name),
                            self.span(expression.span),
                        )
                        .with_help(format!("its signature: {}", procedure.signature())));
                    };
                    let (var, var_span) = match alias {
                        Some(a) => (a.kind.text.clone(), a.span),
                        None => (out.clone(), expression.span),
                    };
                    if scope.get(&var).is_some() || names.contains(&var) {
                        return Err(semantic(
                            format!("variable `{var}` is already declared"),
                            self.span(var_span),
                        ));
                    }
                    names.push(var);
                    yields.push((index, usize::MAX));
                }
                // Declared after checking them all, so `YIELD a AS b, b AS a`
                // is judged against the scope before the CALL.
                for ((_, slot), var) in yields.iter_mut().zip(&names) {
                    *slot = scope.add(var, VarKind::Value(Ty::Any));
                }
            }
        }
        let filter = match c
            .yield_clause
            .as_ref()
            .and_then(|y| y.where_clause.as_ref())
        {
            Some(w) => Some(self.where_expr(w, scope, "WHERE")?),
            None => None,
        };
        let op = CallOp {
            procedure,
            args,
            yields: yields.clone(),
            filter,
            optional: c.optional,
            width: scope.width,
            span,
        };
        let columns = standalone.then(|| {
            let items: Vec<Expr> = yields.iter().map(|(_, s)| Expr::Slot(*s)).collect();
            let project = ProjectOp {
                is_key: vec![true; items.len()],
                items,
                aggregates: Vec::new(),
                distinct: false,
                order: Vec::new(),
                skip: None,
                limit: None,
                filter: None,
                top_k: false,
                span,
            };
            (project, names)
        });
        Ok(LoweredCall { op, columns })
    }
}

/// Refuses an argument whose static type cannot be the parameter's.
fn check_arg(got: Ty, want: FieldType, name: &str, span: Span) -> Result<()> {
    let fits = match got {
        Ty::Any => true,
        Ty::Num => matches!(
            want,
            FieldType::Integer | FieldType::Float | FieldType::Number | FieldType::Any
        ),
        Ty::Str => matches!(want, FieldType::String | FieldType::Any),
        Ty::Bool => matches!(want, FieldType::Boolean | FieldType::Any),
        Ty::List => matches!(want, FieldType::List | FieldType::Any),
        Ty::Map => matches!(want, FieldType::Map | FieldType::Any),
        Ty::Node => matches!(want, FieldType::Node | FieldType::Any),
        Ty::Rel => matches!(want, FieldType::Relationship | FieldType::Any),
        Ty::Path => matches!(want, FieldType::Path | FieldType::Any),
    };
    if fits {
        Ok(())
    } else {
        Err(semantic(
            format!(
                "argument `{name}` must be a {}, not a {}",
                want.name(),
                got.name()
            ),
            span,
        ))
    }
}
