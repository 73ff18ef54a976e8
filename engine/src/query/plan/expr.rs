//! Lowering expressions: literals are parsed, variables become slots,
//! aggregates are pulled out, functions are looked up.

use open_cypher::ast::{self, BinaryOperator, ExprKind, LiteralKind};

use super::super::error::{Result, semantic, syntax, unsupported};
use super::super::value::Value;
use super::functions::Func;
use super::ir::{AggCall, AggFn, BinOp, Expr, MapItem, NameKind, Quantifier};
use super::{Aggregates, PatternMode, Planner, Scope, Ty, VarKind};
use crate::suggest;

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn agg_fn(name: &str) -> Option<AggFn> {
    Some(match name.to_ascii_lowercase().as_str() {
        "count" => AggFn::Count,
        "collect" => AggFn::Collect,
        "sum" => AggFn::Sum,
        "avg" => AggFn::Avg,
        "min" => AggFn::Min,
        "max" => AggFn::Max,
        "stdev" => AggFn::StDev,
        "stdevp" => AggFn::StDevP,
        "percentilecont" => AggFn::PercentileCont,
        "percentiledisc" => AggFn::PercentileDisc,
        _ => return None,
    })
}

fn is_comparison(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Equal
            | BinaryOperator::NotEqual
            | BinaryOperator::Less
            | BinaryOperator::LessEqual
            | BinaryOperator::Greater
            | BinaryOperator::GreaterEqual
    )
}

impl Planner<'_> {
    pub(super) fn expr(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        aggs: &mut Aggregates<'_>,
    ) -> Result<Expr> {
        let span = self.span(e.span);
        if !self.substitutions.is_empty() {
            let text = self.source(e.span);
            if let Some((_, slot)) = self.substitutions.iter().find(|(t, _)| t == text) {
                return Ok(Expr::Slot(*slot));
            }
        }
        Ok(match &e.kind {
            ExprKind::Literal(lit) => Expr::Const(self.literal(lit, false)?),
            ExprKind::Variable(name) => {
                let text = &name.kind.text;
                match scope.get(text) {
                    Some(var) => Expr::Slot(var.slot),
                    None => {
                        return Err(semantic(format!("variable `{text}` is not defined"), span)
                            .with_label("not defined")
                            .suggest(suggest::closest(text, scope.names(), 3)));
                    }
                }
            }
            ExprKind::Parameter(p) => match &p.name {
                // `$1` is the parameter named `1` (`--param 1=…`).
                ast::ParameterName::Named(name) | ast::ParameterName::Positional(name) => {
                    Expr::Param(name.clone())
                }
                _ => return Err(unsupported("this kind of parameter", span)),
            },
            ExprKind::List(items) => Expr::List(
                items
                    .iter()
                    .map(|i| self.expr(i, scope, aggs))
                    .collect::<Result<_>>()?,
            ),
            ExprKind::Map(entries) => Expr::Map(self.map_entries(entries, scope, aggs)?),
            ExprKind::MapProjection(mp) => {
                let base = self.expr(&mp.base, scope, aggs)?;
                let mut items = Vec::new();
                for item in &mp.items {
                    items.push(match &item.kind {
                        ast::MapProjectionItemKind::Property(name) => {
                            MapItem::Property(name.kind.text.clone())
                        }
                        ast::MapProjectionItemKind::AllProperties => MapItem::AllProperties,
                        ast::MapProjectionItemKind::Variable(name) => {
                            let var = ast::Expr::new(ExprKind::Variable(name.clone()), name.span);
                            MapItem::Entry(name.kind.text.clone(), self.expr(&var, scope, aggs)?)
                        }
                        ast::MapProjectionItemKind::Entry(entry) => MapItem::Entry(
                            entry.key.kind.text.clone(),
                            self.expr(&entry.value, scope, aggs)?,
                        ),
                        _ => return Err(unsupported("this map projection item", span)),
                    });
                }
                Expr::MapProjection(boxed(base), items)
            }
            ExprKind::Unary { operator, operand } => match operator.kind {
                ast::UnaryOperator::Minus => {
                    if let ExprKind::Literal(lit) = &operand.kind
                        && matches!(lit.kind, LiteralKind::Integer(_) | LiteralKind::Float(_))
                    {
                        Expr::Const(self.literal(lit, true)?)
                    } else {
                        Expr::Neg(boxed(self.expr(operand, scope, aggs)?))
                    }
                }
                ast::UnaryOperator::Plus => self.expr(operand, scope, aggs)?,
                ast::UnaryOperator::Not => {
                    let inner = self.expr(operand, scope, aggs)?;
                    self.expect_bool(scope, &inner, operand.span)?;
                    Expr::Not(boxed(inner))
                }
                _ => return Err(unsupported("this operator", span)),
            },
            ExprKind::Binary {
                left,
                operator,
                right,
            } => {
                // `a < b < c` means `a < b AND b < c`.
                if is_comparison(&operator.kind)
                    && let ExprKind::Binary {
                        operator: inner_op,
                        right: middle,
                        ..
                    } = &left.kind
                    && is_comparison(&inner_op.kind)
                {
                    let first = self.expr(left, scope, aggs)?;
                    let second = self.binary(&operator.kind, middle, right, scope, aggs, span)?;
                    return Ok(Expr::And(boxed(first), boxed(second)));
                }
                self.binary(&operator.kind, left, right, scope, aggs, span)?
            }
            ExprKind::Is {
                expression,
                negated,
                predicate,
            } => {
                let inner = self.expr(expression, scope, aggs)?;
                match predicate {
                    ast::IsPredicate::Null => Expr::IsNull(boxed(inner), *negated),
                    ast::IsPredicate::Label(labels) => {
                        let names = self.label_names(labels)?;
                        let test = Expr::HasLabels(boxed(inner), names);
                        if *negated {
                            Expr::Not(boxed(test))
                        } else {
                            test
                        }
                    }
                    _ => return Err(unsupported("this IS predicate", span)),
                }
            }
            ExprKind::Property { expression, key } => {
                if let ExprKind::Variable(name) = &expression.kind
                    && scope
                        .get(&name.kind.text)
                        .is_some_and(|v| matches!(v.kind, VarKind::Node | VarKind::Rel))
                {
                    self.note(NameKind::Property, &key.kind.text, key.span);
                }
                let base = self.expr(expression, scope, aggs)?;
                let ty = scope.ty(&base);
                if !matches!(ty, Ty::Any | Ty::Map | Ty::Node | Ty::Rel) {
                    return Err(semantic(
                        format!("a {} has no properties", ty.name()),
                        self.span(expression.span),
                    ));
                }
                Expr::Prop(boxed(base), key.kind.text.clone())
            }
            ExprKind::DynamicProperty { expression, key }
            | ExprKind::Index {
                expression,
                index: key,
            } => Expr::Index(
                boxed(self.expr(expression, scope, aggs)?),
                boxed(self.expr(key, scope, aggs)?),
            ),
            ExprKind::Slice {
                expression,
                lower,
                upper,
            } => Expr::Slice(
                boxed(self.expr(expression, scope, aggs)?),
                lower
                    .as_ref()
                    .map(|l| self.expr(l, scope, aggs))
                    .transpose()?
                    .map(boxed),
                upper
                    .as_ref()
                    .map(|u| self.expr(u, scope, aggs))
                    .transpose()?
                    .map(boxed),
            ),
            ExprKind::Function(f) => self.function(f, scope, aggs, span)?,
            ExprKind::Case(case) => Expr::Case {
                operand: case
                    .operand
                    .as_ref()
                    .map(|o| self.expr(o, scope, aggs))
                    .transpose()?
                    .map(boxed),
                whens: {
                    let mut whens = Vec::new();
                    for alt in &case.alternatives {
                        let then = self.expr(&alt.then, scope, aggs)?;
                        for when in &alt.when {
                            whens.push((self.expr(when, scope, aggs)?, then.clone()));
                        }
                    }
                    whens
                },
                otherwise: case
                    .else_expression
                    .as_ref()
                    .map(|o| self.expr(o, scope, aggs))
                    .transpose()?
                    .map(boxed),
            },
            ExprKind::ListComprehension(lc) => {
                let list = self.expr(&lc.list, scope, aggs)?;
                let mut inner = scope.clone();
                let slot = inner.add(&lc.variable.kind.text, VarKind::Value(Ty::Any));
                let filter = lc
                    .predicate
                    .as_ref()
                    .map(|p| self.where_expr(p, &inner, "a list comprehension"))
                    .transpose()?;
                let map = lc
                    .projection
                    .as_ref()
                    .map(|p| {
                        self.expr(
                            p,
                            &inner,
                            &mut Aggregates::Forbidden("a list comprehension"),
                        )
                    })
                    .transpose()?;
                Expr::ListComp {
                    slot,
                    list: boxed(list),
                    filter: filter.map(boxed),
                    map: map.map(boxed),
                }
            }
            ExprKind::QuantifiedPredicate(q) => {
                let list = self.expr(&q.list, scope, aggs)?;
                let mut inner = scope.clone();
                let slot = inner.add(&q.variable.kind.text, VarKind::Value(Ty::Any));
                let filter = self.where_expr(&q.predicate, &inner, "a list predicate")?;
                Expr::Quantified {
                    kind: match q.kind.kind {
                        ast::QuantifiedPredicateKind::All => Quantifier::All,
                        ast::QuantifiedPredicateKind::Any => Quantifier::Any,
                        ast::QuantifiedPredicateKind::None => Quantifier::None,
                        _ => Quantifier::Single,
                    },
                    slot,
                    list: boxed(list),
                    filter: boxed(filter),
                }
            }
            ExprKind::Reduce(r) => {
                let init = self.expr(&r.initial, scope, aggs)?;
                let list = self.expr(&r.list, scope, aggs)?;
                let mut inner = scope.clone();
                let acc = inner.add(&r.accumulator.kind.text, VarKind::Value(Ty::Any));
                let slot = inner.add(&r.variable.kind.text, VarKind::Value(Ty::Any));
                let expr = self.expr(
                    &r.expression,
                    &inner,
                    &mut Aggregates::Forbidden("reduce()"),
                )?;
                Expr::Reduce {
                    acc,
                    init: boxed(init),
                    slot,
                    list: boxed(list),
                    expr: boxed(expr),
                }
            }
            ExprKind::Pattern(pattern) => {
                if self.predicates == 0 {
                    return Err(syntax(
                        "a pattern can only be used as a condition (in WHERE or exists())",
                        span,
                    )
                    .with_help(
                        "use a pattern comprehension, e.g. [(a)-->(b) | b], to collect matches",
                    ));
                }
                let mut inner = scope.clone();
                let plan = self.pattern(pattern, &mut inner, PatternMode::Predicate)?;
                Expr::Exists(Box::new(plan))
            }
            ExprKind::PatternComprehension(pc) => {
                let mut inner = scope.clone();
                let mut plan = self.pattern(&pc.pattern, &mut inner, PatternMode::Comprehension)?;
                if let Some(name) = &pc.binding {
                    let slot = inner.add(&name.kind.text, VarKind::Path);
                    if let [path] = plan.paths.as_mut_slice() {
                        path.binding = Some(slot);
                    }
                    plan.width = inner.width;
                }
                let filter = pc
                    .predicate
                    .as_ref()
                    .map(|p| self.where_expr(p, &inner, "a pattern comprehension"))
                    .transpose()?;
                let map = self.expr(
                    &pc.projection,
                    &inner,
                    &mut Aggregates::Forbidden("a pattern comprehension"),
                )?;
                Expr::PatternComp {
                    pattern: Box::new(plan),
                    filter: filter.map(boxed),
                    map: boxed(map),
                }
            }
            ExprKind::Parenthesized(inner) => self.expr(inner, scope, aggs)?,
            ExprKind::Subquery(sub) => self.subquery(sub, scope, span)?,
            ExprKind::Wildcard => return Err(syntax("`*` is not a value here", span)),
            _ => return Err(unsupported("this expression", span)),
        })
    }

    fn map_entries(
        &mut self,
        entries: &[ast::MapEntry],
        scope: &Scope,
        aggs: &mut Aggregates<'_>,
    ) -> Result<Vec<(String, Expr)>> {
        let mut out: Vec<(String, Expr)> = Vec::new();
        for entry in entries {
            let value = self.expr(&entry.value, scope, aggs)?;
            let key = entry.key.kind.text.clone();
            out.retain(|(k, _)| *k != key);
            out.push((key, value));
        }
        Ok(out)
    }

    fn binary(
        &mut self,
        op: &BinaryOperator,
        left: &ast::Expr,
        right: &ast::Expr,
        scope: &Scope,
        aggs: &mut Aggregates<'_>,
        span: super::ir::Span,
    ) -> Result<Expr> {
        let l = boxed(self.expr(left, scope, aggs)?);
        let r = boxed(self.expr(right, scope, aggs)?);
        if matches!(
            op,
            BinaryOperator::Or | BinaryOperator::Xor | BinaryOperator::And
        ) {
            self.expect_bool(scope, &l, left.span)?;
            self.expect_bool(scope, &r, right.span)?;
        }
        let op = match op {
            BinaryOperator::Or => return Ok(Expr::Or(l, r)),
            BinaryOperator::Xor => return Ok(Expr::Xor(l, r)),
            BinaryOperator::And => return Ok(Expr::And(l, r)),
            BinaryOperator::Equal => BinOp::Eq,
            BinaryOperator::NotEqual => BinOp::Ne,
            BinaryOperator::Less => BinOp::Lt,
            BinaryOperator::LessEqual => BinOp::Le,
            BinaryOperator::Greater => BinOp::Gt,
            BinaryOperator::GreaterEqual => BinOp::Ge,
            BinaryOperator::RegexMatch => BinOp::Regex,
            BinaryOperator::In => BinOp::In,
            BinaryOperator::StartsWith => BinOp::StartsWith,
            BinaryOperator::EndsWith => BinOp::EndsWith,
            BinaryOperator::Contains => BinOp::Contains,
            BinaryOperator::Add | BinaryOperator::Concat => BinOp::Add,
            BinaryOperator::Subtract => BinOp::Sub,
            BinaryOperator::Multiply => BinOp::Mul,
            BinaryOperator::Divide => BinOp::Div,
            BinaryOperator::Remainder => BinOp::Mod,
            BinaryOperator::Power => BinOp::Pow,
            _ => return Err(unsupported("this operator", span)),
        };
        Ok(Expr::Bin(op, l, r, span))
    }

    fn function(
        &mut self,
        f: &ast::FunctionInvocation,
        scope: &Scope,
        aggs: &mut Aggregates<'_>,
        span: super::ir::Span,
    ) -> Result<Expr> {
        let name: Vec<&str> = f.name.parts.iter().map(|p| p.kind.text.as_str()).collect();
        let name = name.join(".");
        let distinct = matches!(
            f.quantifier.as_ref().map(|q| &q.kind),
            Some(ast::SetQuantifier::Distinct)
        );
        if let Some(func) = agg_fn(&name) {
            let calls = match aggs {
                Aggregates::Collect(calls) => calls,
                Aggregates::Forbidden(place) => {
                    return Err(semantic(
                        format!("aggregate function {name}() is not allowed in {place}"),
                        span,
                    ));
                }
            };
            let star =
                matches!(f.arguments.as_slice(), [a] if matches!(a.kind, ExprKind::Wildcard));
            let (func, args) = if star {
                if func != AggFn::Count {
                    return Err(syntax(format!("{name}(*) is not allowed"), span));
                }
                (AggFn::CountStar, Vec::new())
            } else {
                let wanted = match func {
                    AggFn::PercentileCont | AggFn::PercentileDisc => 2,
                    _ => 1,
                };
                if f.arguments.len() != wanted {
                    return Err(semantic(
                        format!(
                            "{name}() takes {wanted} argument(s), not {}",
                            f.arguments.len()
                        ),
                        span,
                    ));
                }
                let mut nested = Aggregates::Forbidden("another aggregate");
                let args = f
                    .arguments
                    .iter()
                    .map(|a| self.expr(a, scope, &mut nested))
                    .collect::<Result<Vec<_>>>()?;
                (func, args)
            };
            calls.push(AggCall {
                func,
                distinct,
                args,
            });
            return Ok(Expr::Agg(calls.len() - 1));
        }
        if name.eq_ignore_ascii_case("exists")
            && let [arg] = f.arguments.as_slice()
            && let ExprKind::Pattern(_) = &arg.kind
        {
            self.predicates += 1;
            let e = self.expr(arg, scope, aggs);
            self.predicates -= 1;
            return e;
        }
        let Some(func) = Func::lookup(&name) else {
            return Err(semantic(format!("unknown function {name}()"), span)
                .with_label("unknown function")
                .suggest(suggest::closest(&name, Func::names(), 3)));
        };
        if distinct {
            return Err(semantic(
                format!("DISTINCT is only allowed in aggregate functions, not {name}()"),
                span,
            ));
        }
        let (min, max) = func.arity();
        let n = f.arguments.len();
        if n < min || n > max {
            let wanted = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(semantic(
                format!("{}() takes {wanted} argument(s), not {n}", func.name()),
                span,
            ));
        }
        let args = f
            .arguments
            .iter()
            .map(|a| self.expr(a, scope, aggs))
            .collect::<Result<Vec<_>>>()?;
        let accepts: &[Ty] = match func {
            Func::Size => &[Ty::Str, Ty::List],
            Func::Length | Func::Nodes | Func::Relationships => &[Ty::Path],
            Func::Type | Func::StartNode | Func::EndNode => &[Ty::Rel],
            Func::Labels => &[Ty::Node],
            _ => &[],
        };
        if let Some(first) = args.first() {
            let ty = scope.ty(first);
            if !accepts.is_empty() && ty != Ty::Any && !accepts.contains(&ty) {
                return Err(semantic(
                    format!("{}() does not accept a {}", func.name(), ty.name()),
                    self.span(f.arguments[0].span),
                ));
            }
        }
        Ok(Expr::Call(func, args, span))
    }

    fn literal(&self, lit: &ast::Literal, negative: bool) -> Result<Value> {
        let span = self.span(lit.span);
        Ok(match &lit.kind {
            LiteralKind::Null => Value::Null,
            LiteralKind::Boolean(b) => Value::Bool(*b),
            LiteralKind::String(s) => Value::str(&s.value),
            LiteralKind::Integer(i) => {
                let text = i.text.replace('_', "");
                let (digits, radix) = match i.radix {
                    ast::IntegerRadix::Hexadecimal => (text[2..].to_owned(), 16),
                    ast::IntegerRadix::Octal => {
                        let t = text.trim_start_matches("0o").trim_start_matches("0O");
                        (t.to_owned(), 8)
                    }
                    _ => (text.clone(), 10),
                };
                let signed = if negative {
                    format!("-{digits}")
                } else {
                    digits
                };
                Value::Int(
                    i64::from_str_radix(&signed, radix).map_err(|_| {
                        semantic(format!("integer literal {text} is too large"), span)
                    })?,
                )
            }
            LiteralKind::Float(f) => {
                let x: f64 = f
                    .text
                    .replace('_', "")
                    .parse()
                    .map_err(|_| syntax(format!("invalid number {}", f.text), span))?;
                if !x.is_finite() {
                    return Err(semantic(
                        format!("float literal {} is too large", f.text),
                        span,
                    ));
                }
                Value::Float(if negative { -x } else { x })
            }
            _ => return Err(unsupported("this literal", span)),
        })
    }

    pub(super) fn label_names(&mut self, labels: &ast::LabelExpression) -> Result<Vec<String>> {
        match &labels.kind {
            ast::LabelExpressionKind::Name(name) => Ok(vec![name.kind.text.clone()]),
            ast::LabelExpressionKind::And(parts) => {
                let mut names = Vec::new();
                for part in parts {
                    names.extend(self.label_names(part)?);
                }
                Ok(names)
            }
            ast::LabelExpressionKind::Parenthesized(inner) => self.label_names(inner),
            _ => Err(unsupported(
                "label expressions other than `:A:B`",
                self.span(labels.span),
            )),
        }
    }
}

impl Planner<'_> {
    /// A condition: patterns are allowed and the result must be boolean.
    pub(super) fn where_expr(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        place: &'static str,
    ) -> Result<Expr> {
        self.predicates += 1;
        let lowered = self.expr(e, scope, &mut Aggregates::Forbidden(place));
        self.predicates -= 1;
        let lowered = lowered?;
        self.expect_bool(scope, &lowered, e.span)?;
        Ok(lowered)
    }
}
