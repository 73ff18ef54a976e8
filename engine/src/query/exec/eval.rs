//! Expression evaluation with openCypher's null propagation and ternary logic.

use std::collections::BTreeMap;

use super::super::error::{ErrorKind, QueryError, Result, argument, type_error};
use super::super::limits::{check_nesting, shallow_bytes};
use super::super::plan::ir::{BinOp, Expr, MapItem, Quantifier};
use super::super::value::Value;
use super::{Ctx, functions, matcher};

fn truth(value: &Value, what: &str) -> Result<Option<bool>> {
    value
        .truth()
        .map_err(|t| type_error(format!("{what} expects a boolean, not a {t}")))
}

fn bool_value(b: Option<bool>) -> Value {
    b.map_or(Value::Null, Value::Bool)
}

/// Copies a row with room for a local variable.
fn with_local(row: &[Value], slot: usize) -> Vec<Value> {
    let mut local = row.to_vec();
    if local.len() <= slot {
        local.resize(slot + 1, Value::Null);
    }
    local
}

fn as_list(value: Value, what: &str) -> Result<Option<std::rc::Rc<Vec<Value>>>> {
    match value {
        Value::Null => Ok(None),
        Value::List(items) => Ok(Some(items)),
        other => Err(type_error(format!(
            "{what} expects a list, not a {}",
            other.type_name()
        ))),
    }
}

pub fn eval(expr: &Expr, row: &[Value], ctx: &Ctx) -> Result<Value> {
    Ok(match expr {
        Expr::Const(v) => v.clone(),
        Expr::Param(name) => ctx.params.get(name).cloned().ok_or_else(|| {
            QueryError::new(ErrorKind::Parameter, format!("no value given for ${name}"))
                .with_help(format!("pass it with --param {name}=VALUE"))
        })?,
        Expr::Slot(s) => row.get(*s).cloned().unwrap_or(Value::Null),
        Expr::Agg(i) => ctx.aggs.get(*i).cloned().unwrap_or(Value::Null),
        Expr::Prop(base, key) => property(&eval(base, row, ctx)?, key, ctx)?,
        Expr::Index(base, index) => {
            let base = eval(base, row, ctx)?;
            let index = eval(index, row, ctx)?;
            match (&base, &index) {
                (Value::Null, _) | (_, Value::Null) => Value::Null,
                (Value::List(items), Value::Int(i)) => {
                    let len = items.len() as i64;
                    let i = if *i < 0 { len + i } else { *i };
                    if (0..len).contains(&i) {
                        items[i as usize].clone()
                    } else {
                        Value::Null
                    }
                }
                (Value::Map(_) | Value::Node(_) | Value::Rel(_), Value::Str(k)) => {
                    property(&base, k, ctx)?
                }
                (Value::List(_), other) => {
                    return Err(argument(format!(
                        "a list index must be an integer, not a {}",
                        other.type_name()
                    )));
                }
                (Value::Map(_) | Value::Node(_) | Value::Rel(_), other) => {
                    return Err(type_error(format!(
                        "a map key must be a string, not a {}",
                        other.type_name()
                    )));
                }
                (other, _) => {
                    return Err(type_error(format!(
                        "cannot index into a {}",
                        other.type_name()
                    )));
                }
            }
        }
        Expr::Slice(base, from, to) => {
            let base = eval(base, row, ctx)?;
            let bound = |e: &Option<Box<Expr>>| -> Result<Option<Value>> {
                e.as_deref().map(|e| eval(e, row, ctx)).transpose()
            };
            let (from, to) = (bound(from)?, bound(to)?);
            match base {
                Value::Null => Value::Null,
                Value::List(items) => {
                    let len = items.len() as i64;
                    let norm = |v: Option<Value>, default: i64| -> Result<Option<i64>> {
                        match v {
                            None => Ok(Some(default)),
                            Some(Value::Null) => Ok(None),
                            Some(Value::Int(i)) => {
                                Ok(Some(if i < 0 { (len + i).max(0) } else { i.min(len) }))
                            }
                            Some(other) => Err(type_error(format!(
                                "a slice bound must be an integer, not a {}",
                                other.type_name()
                            ))),
                        }
                    };
                    match (norm(from, 0)?, norm(to, len)?) {
                        (Some(a), Some(b)) if a < b => {
                            Value::list(items[a as usize..b as usize].to_vec())
                        }
                        (Some(_), Some(_)) => Value::list(Vec::new()),
                        _ => Value::Null,
                    }
                }
                other => return Err(type_error(format!("cannot slice a {}", other.type_name()))),
            }
        }
        Expr::List(items) => {
            let items: Vec<Value> = items
                .iter()
                .map(|i| eval(i, row, ctx))
                .collect::<Result<_>>()?;
            built(Value::list(items), ctx)?
        }
        Expr::Map(entries) => {
            let mut map = BTreeMap::new();
            for (k, e) in entries {
                map.insert(k.clone(), eval(e, row, ctx)?);
            }
            built(Value::map(map), ctx)?
        }
        Expr::MapProjection(base, items) => {
            let base = eval(base, row, ctx)?;
            if base.is_null() {
                return Ok(Value::Null);
            }
            let mut map = BTreeMap::new();
            for item in items {
                match item {
                    MapItem::Property(k) => {
                        map.insert(k.clone(), property(&base, k, ctx)?);
                    }
                    MapItem::AllProperties => map.extend(all_properties(&base, ctx)?),
                    MapItem::Entry(k, e) => {
                        map.insert(k.clone(), eval(e, row, ctx)?);
                    }
                }
            }
            built(Value::map(map), ctx)?
        }
        Expr::Not(e) => bool_value(truth(&eval(e, row, ctx)?, "NOT")?.map(|b| !b)),
        Expr::And(a, b) => {
            let x = truth(&eval(a, row, ctx)?, "AND")?;
            if x == Some(false) {
                return Ok(Value::Bool(false));
            }
            let y = truth(&eval(b, row, ctx)?, "AND")?;
            bool_value(match (x, y) {
                (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            })
        }
        Expr::Or(a, b) => {
            let x = truth(&eval(a, row, ctx)?, "OR")?;
            if x == Some(true) {
                return Ok(Value::Bool(true));
            }
            let y = truth(&eval(b, row, ctx)?, "OR")?;
            bool_value(match (x, y) {
                (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            })
        }
        Expr::Xor(a, b) => {
            let x = truth(&eval(a, row, ctx)?, "XOR")?;
            let y = truth(&eval(b, row, ctx)?, "XOR")?;
            bool_value(x.zip(y).map(|(x, y)| x != y))
        }
        Expr::Neg(e) => match eval(e, row, ctx)? {
            Value::Null => Value::Null,
            Value::Int(i) => Value::Int(
                i.checked_neg()
                    .ok_or_else(|| argument("integer overflow"))?,
            ),
            Value::Float(f) => Value::Float(-f),
            other => return Err(type_error(format!("cannot negate a {}", other.type_name()))),
        },
        Expr::Bin(op, a, b, span) => {
            if let Some(value) = string_test(*op, a, b, row, ctx).map_err(|e| e.at(*span))? {
                return Ok(value);
            }
            let x = eval(a, row, ctx)?;
            let y = eval(b, row, ctx)?;
            let value = binary(*op, &x, &y, ctx).map_err(|e| e.at(*span))?;
            sized(value, ctx).map_err(|e| e.at(*span))?
        }
        Expr::IsNull(e, negated) => Value::Bool(eval(e, row, ctx)?.is_null() != *negated),
        Expr::HasLabels(e, labels) => match eval(e, row, ctx)? {
            Value::Null => Value::Null,
            Value::Node(n) => Value::Bool(labels.iter().all(|l| ctx.graph.has_label(n, l))),
            Value::Rel(r) => {
                let t = ctx.graph.type_name(ctx.graph.rel_type(r));
                Value::Bool(labels.iter().all(|l| l == t))
            }
            other => {
                return Err(type_error(format!("a {} has no labels", other.type_name())));
            }
        },
        Expr::Call(func, args, span) => {
            let values = args
                .iter()
                .map(|a| eval(a, row, ctx))
                .collect::<Result<Vec<_>>>()?;
            let value = functions::call(*func, &values, ctx.graph).map_err(|e| e.at(*span))?;
            sized(value, ctx).map_err(|e| e.at(*span))?
        }
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => {
            let subject = operand.as_deref().map(|o| eval(o, row, ctx)).transpose()?;
            for (when, then) in whens {
                let w = eval(when, row, ctx)?;
                let hit = match &subject {
                    Some(s) => s.equals(&w) == Some(true),
                    None => w.truth().ok().flatten() == Some(true),
                };
                if hit {
                    return eval(then, row, ctx);
                }
            }
            match otherwise {
                Some(e) => eval(e, row, ctx)?,
                None => Value::Null,
            }
        }
        Expr::ListComp {
            slot,
            list,
            filter,
            map,
        } => {
            let Some(items) = as_list(eval(list, row, ctx)?, "a list comprehension")? else {
                return Ok(Value::Null);
            };
            let mut local = with_local(row, *slot);
            let mut out = Vec::new();
            for item in items.iter() {
                ctx.budget.spend_items(1)?;
                local[*slot] = item.clone();
                if let Some(f) = filter
                    && truth(&eval(f, &local, ctx)?, "WHERE")? != Some(true)
                {
                    continue;
                }
                out.push(match map {
                    Some(m) => eval(m, &local, ctx)?,
                    None => item.clone(),
                });
            }
            built(Value::list(out), ctx)?
        }
        Expr::Quantified {
            kind,
            slot,
            list,
            filter,
        } => {
            let Some(items) = as_list(eval(list, row, ctx)?, "a list predicate")? else {
                return Ok(Value::Null);
            };
            let mut local = with_local(row, *slot);
            let (mut yes, mut unknown) = (0usize, 0usize);
            for item in items.iter() {
                ctx.budget.spend_items(1)?;
                local[*slot] = item.clone();
                match truth(&eval(filter, &local, ctx)?, "a list predicate")? {
                    Some(true) => yes += 1,
                    None => unknown += 1,
                    Some(false) => {}
                }
            }
            let no = items.len() - yes - unknown;
            bool_value(match kind {
                Quantifier::All => {
                    if no > 0 {
                        Some(false)
                    } else if unknown > 0 {
                        None
                    } else {
                        Some(true)
                    }
                }
                Quantifier::Any => {
                    if yes > 0 {
                        Some(true)
                    } else if unknown > 0 {
                        None
                    } else {
                        Some(false)
                    }
                }
                Quantifier::None => {
                    if yes > 0 {
                        Some(false)
                    } else if unknown > 0 {
                        None
                    } else {
                        Some(true)
                    }
                }
                Quantifier::Single => {
                    if yes > 1 {
                        Some(false)
                    } else if unknown > 0 {
                        None
                    } else {
                        Some(yes == 1)
                    }
                }
            })
        }
        Expr::Reduce {
            acc,
            init,
            slot,
            list,
            expr,
        } => {
            let start = eval(init, row, ctx)?;
            let Some(items) = as_list(eval(list, row, ctx)?, "reduce()")? else {
                return Ok(Value::Null);
            };
            let mut local = with_local(row, (*acc).max(*slot));
            local[*acc] = start;
            for item in items.iter() {
                ctx.budget.spend_items(1)?;
                local[*slot] = item.clone();
                local[*acc] = eval(expr, &local, ctx)?;
            }
            local[*acc].clone()
        }
        Expr::Exists(pattern) => {
            let mut found = false;
            matcher::match_pattern(pattern, row, ctx, &mut |_| {
                found = true;
                Ok(false)
            })?;
            Value::Bool(found)
        }
        Expr::Subquery { count, query } => {
            let rows = super::run_read(query, vec![row.to_vec()], ctx)?;
            if *count {
                Value::Int(rows.len() as i64)
            } else {
                Value::Bool(!rows.is_empty())
            }
        }
        Expr::PatternComp {
            pattern,
            filter,
            map,
        } => {
            let mut out = Vec::new();
            matcher::match_pattern(pattern, row, ctx, &mut |r| {
                if let Some(f) = filter
                    && truth(&eval(f, &r, ctx)?, "WHERE")? != Some(true)
                {
                    return Ok(true);
                }
                out.push(eval(map, &r, ctx)?);
                Ok(true)
            })?;
            built(Value::list(out), ctx)?
        }
    })
}

/// A list or map just built from other values: its nesting is bounded and
/// its items are counted as work and memory.
fn built(value: Value, ctx: &Ctx) -> Result<Value> {
    match &value {
        Value::List(items) => check_nesting(items.iter())?,
        Value::Map(m) => check_nesting(m.values())?,
        _ => {}
    }
    sized(value, ctx)
}

/// Counts a new list's items or a new string's bytes as work and memory.
fn sized(value: Value, ctx: &Ctx) -> Result<Value> {
    let n = match &value {
        Value::Str(s) => s.len() as u64,
        Value::List(items) => items.len() as u64,
        Value::Map(m) => m.len() as u64,
        _ => return Ok(value),
    };
    ctx.budget.spend_items(n)?;
    ctx.budget.hold(shallow_bytes(&value))?;
    Ok(value)
}

/// `n.key STARTS WITH …`, `ENDS WITH` and `CONTAINS` with the node's
/// string read in place instead of copied into a value; `None` when the
/// left side is not a node's string property (the general path answers).
fn string_test(op: BinOp, a: &Expr, b: &Expr, row: &[Value], ctx: &Ctx) -> Result<Option<Value>> {
    if !matches!(op, BinOp::StartsWith | BinOp::EndsWith | BinOp::Contains) {
        return Ok(None);
    }
    let Expr::Prop(base, key) = a else {
        return Ok(None);
    };
    let Expr::Slot(slot) = **base else {
        return Ok(None);
    };
    let Some(&Value::Node(node)) = row.get(slot) else {
        return Ok(None);
    };
    ctx.graph.check_live(&Value::Node(node)).map_err(deleted)?;
    let Some(text) = ctx.graph.node_str(node, key) else {
        return Ok(None);
    };
    Ok(Some(match eval(b, row, ctx)? {
        Value::Str(p) => Value::Bool(match op {
            BinOp::StartsWith => text.starts_with(&*p),
            BinOp::EndsWith => text.ends_with(&*p),
            _ => text.contains(&*p),
        }),
        _ => Value::Null,
    }))
}

fn property(base: &Value, key: &str, ctx: &Ctx) -> Result<Value> {
    ctx.graph.check_live(base).map_err(deleted)?;
    Ok(match base {
        Value::Null => Value::Null,
        Value::Node(n) => ctx.graph.node_property(*n, key),
        Value::Rel(r) => ctx.graph.rel_property(*r, key),
        Value::Map(m) => m.get(key).cloned().unwrap_or(Value::Null),
        Value::Temporal(t) => t.component(key)?,
        other => {
            return Err(type_error(format!(
                "cannot read property `{key}` of a {}",
                other.type_name()
            )));
        }
    })
}

/// Reading a deleted node or relationship.
pub fn deleted(message: String) -> super::super::error::QueryError {
    super::super::error::QueryError::new(super::super::error::ErrorKind::Semantic, message)
}

fn all_properties(base: &Value, ctx: &Ctx) -> Result<BTreeMap<String, Value>> {
    ctx.graph.check_live(base).map_err(deleted)?;
    Ok(match base {
        Value::Node(n) => ctx.graph.node_properties(*n),
        Value::Rel(r) => ctx.graph.rel_properties(*r),
        Value::Map(m) => m.as_ref().clone(),
        other => {
            return Err(type_error(format!(
                "a {} has no properties",
                other.type_name()
            )));
        }
    })
}

fn overflow() -> QueryError {
    argument("integer overflow")
}

fn arith(op: BinOp, x: &Value, y: &Value) -> Result<Value> {
    use Value::{Float, Int};
    Ok(match (x, y) {
        (Int(a), Int(b)) => Int(match op {
            BinOp::Add => a.checked_add(*b).ok_or_else(overflow)?,
            BinOp::Sub => a.checked_sub(*b).ok_or_else(overflow)?,
            BinOp::Mul => a.checked_mul(*b).ok_or_else(overflow)?,
            BinOp::Div => {
                if *b == 0 {
                    return Err(argument("division by zero"));
                }
                a.checked_div(*b).ok_or_else(overflow)?
            }
            BinOp::Mod => {
                if *b == 0 {
                    return Err(argument("division by zero"));
                }
                a.checked_rem(*b).ok_or_else(overflow)?
            }
            _ => return Ok(Float((*a as f64).powf(*b as f64))),
        }),
        (Int(_) | Float(_), Int(_) | Float(_)) => {
            let f = |v: &Value| match v {
                Int(i) => *i as f64,
                Float(f) => *f,
                _ => 0.0,
            };
            let (a, b) = (f(x), f(y));
            Float(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                BinOp::Mod => a % b,
                _ => a.powf(b),
            })
        }
        (Value::Temporal(_), _) | (_, Value::Temporal(_)) => {
            let symbol = op_symbol(op).chars().next().unwrap_or('?');
            return super::super::temporal::arith(symbol, x, y);
        }
        _ => {
            return Err(type_error(format!(
                "cannot apply {} to a {} and a {}",
                op_symbol(op),
                x.type_name(),
                y.type_name()
            )));
        }
    })
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Mod => "%",
        BinOp::Pow => "^",
        _ => "an operator",
    }
}

fn binary(op: BinOp, x: &Value, y: &Value, ctx: &Ctx) -> Result<Value> {
    use std::cmp::Ordering::{Greater, Less};
    Ok(match op {
        BinOp::Eq => bool_value(x.equals(y)),
        BinOp::Ne => bool_value(x.equals(y).map(|b| !b)),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge if matches!((x, y), (Value::Float(f), Value::Int(_) | Value::Float(_)) | (Value::Int(_), Value::Float(f)) if f.is_nan()) => {
            Value::Bool(false)
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            bool_value(x.compare(y).map(|o| match op {
                BinOp::Lt => o == Less,
                BinOp::Le => o != Greater,
                BinOp::Gt => o == Greater,
                _ => o != Less,
            }))
        }
        BinOp::StartsWith | BinOp::EndsWith | BinOp::Contains => match (x, y) {
            (Value::Str(a), Value::Str(b)) => Value::Bool(match op {
                BinOp::StartsWith => a.starts_with(&**b),
                BinOp::EndsWith => a.ends_with(&**b),
                _ => a.contains(&**b),
            }),
            _ => Value::Null,
        },
        BinOp::Regex => match (x, y) {
            (Value::Str(a), Value::Str(b)) => Value::Bool(ctx.regex(b)?.is_match(a)),
            _ => Value::Null,
        },
        BinOp::In => match y {
            Value::Null => Value::Null,
            Value::List(items) => {
                let mut unknown = false;
                for item in items.iter() {
                    match x.equals(item) {
                        Some(true) => return Ok(Value::Bool(true)),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown {
                    Value::Null
                } else {
                    Value::Bool(false)
                }
            }
            other => {
                return Err(type_error(format!(
                    "IN expects a list, not a {}",
                    other.type_name()
                )));
            }
        },
        BinOp::Add => match (x, y) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (Value::List(a), Value::List(b)) => {
                Value::list(a.iter().chain(b.iter()).cloned().collect())
            }
            (Value::List(a), other) => {
                check_nesting(std::iter::once(other))?;
                let mut items = a.as_ref().clone();
                items.push(other.clone());
                Value::list(items)
            }
            (other, Value::List(b)) => {
                check_nesting(std::iter::once(other))?;
                let mut items = vec![other.clone()];
                items.extend(b.iter().cloned());
                Value::list(items)
            }
            (Value::Str(_), other) | (other, Value::Str(_))
                if functions::to_text(other).is_some() =>
            {
                let text = |v: &Value| functions::to_text(v).unwrap_or_default();
                Value::str(&format!("{}{}", text(x), text(y)))
            }
            _ => arith(op, x, y)?,
        },
        _ => match (x, y) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            _ => arith(op, x, y)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_arithmetic_checks_overflow_and_zero() {
        assert!(arith(BinOp::Add, &Value::Int(i64::MAX), &Value::Int(1)).is_err());
        assert!(arith(BinOp::Div, &Value::Int(1), &Value::Int(0)).is_err());
        assert!(matches!(
            arith(BinOp::Div, &Value::Int(7), &Value::Int(2)),
            Ok(Value::Int(3))
        ));
        assert!(
            matches!(arith(BinOp::Div, &Value::Float(1.0), &Value::Int(0)), Ok(Value::Float(f)) if f.is_infinite())
        );
    }
}
