//! Scalar functions, evaluated when running; their names and argument counts
//! are the planner's table ([`crate::query::plan::functions`]).

use std::collections::BTreeMap;

use super::super::access::GraphAccess;
use super::super::error::{QueryError, Result, argument, type_error};
use super::super::plan::functions::Func;
use super::super::temporal::{self as tm, Between, Kind};
use super::super::value::{RelPath, Value, format_float};

fn wrong(func: Func, value: &Value) -> QueryError {
    type_error(format!(
        "{}() does not accept a {} argument",
        func.name(),
        value.type_name()
    ))
}

fn int_arg(func: Func, value: &Value) -> Result<Option<i64>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(wrong(func, other)),
    }
}

fn float_arg(func: Func, value: &Value) -> Result<Option<f64>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i as f64)),
        Value::Float(f) => Ok(Some(*f)),
        other => Err(wrong(func, other)),
    }
}

fn path_of(func: Func, value: &Value) -> Result<Option<&RelPath>> {
    match value {
        Value::Null => Ok(None),
        Value::Path(p) => Ok(Some(p)),
        other => Err(wrong(func, other)),
    }
}

/// Text of a value for `toString`.
pub fn to_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(format_float(*f)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Temporal(t) => Some(t.to_string()),
        _ => None,
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    t.parse::<i64>().ok().or_else(|| {
        let f = t.parse::<f64>().ok()?;
        (f.is_finite() && f.abs() < 9.2e18).then_some(f.trunc() as i64)
    })
}

fn map_value(entries: BTreeMap<String, Value>) -> Value {
    Value::map(entries)
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// The type a temporal constructor or truncation makes.
fn temporal_kind(func: Func) -> Kind {
    match func {
        Func::LocalTime
        | Func::LocalTimeTruncate
        | Func::LocalTimeTransaction
        | Func::LocalTimeStatement
        | Func::LocalTimeRealtime => Kind::LocalTime,
        Func::Time
        | Func::TimeTruncate
        | Func::TimeTransaction
        | Func::TimeStatement
        | Func::TimeRealtime => Kind::Time,
        Func::LocalDateTime
        | Func::LocalDateTimeTruncate
        | Func::LocalDateTimeTransaction
        | Func::LocalDateTimeStatement
        | Func::LocalDateTimeRealtime => Kind::LocalDateTime,
        Func::DateTime
        | Func::DateTimeTruncate
        | Func::DateTimeTransaction
        | Func::DateTimeStatement
        | Func::DateTimeRealtime => Kind::DateTime,
        _ => Kind::Date,
    }
}

pub fn call(func: Func, args: &[Value], graph: &dyn GraphAccess) -> Result<Value> {
    use Func::*;
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    let a = arg(0);
    let math = |f: fn(f64) -> f64| -> Result<Value> {
        Ok(float_arg(func, a)?.map_or(Value::Null, |x| Value::Float(f(x))))
    };
    if matches!(func, Labels | Properties | Keys) {
        graph.check_live(a).map_err(super::eval::deleted)?;
    }
    Ok(match func {
        Coalesce => args
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        Id => match a {
            Value::Null => Value::Null,
            Value::Node(n) => Value::Int(i64::from(n.0)),
            Value::Rel(r) => Value::Int(i64::from(r.0)),
            other => return Err(wrong(func, other)),
        },
        ElementId => match a {
            Value::Null => Value::Null,
            Value::Node(n) => Value::str(&format!("n{}", n.0)),
            Value::Rel(r) => Value::str(&format!("r{}", r.0)),
            other => return Err(wrong(func, other)),
        },
        Resolve => match a {
            Value::Null => Value::Null,
            Value::Str(name) => Value::Node(graph.resolve_name(name).map_err(argument)?),
            other => return Err(wrong(func, other)),
        },
        Labels => match a {
            Value::Null => Value::Null,
            Value::Node(n) => Value::list(graph.labels(*n).iter().map(|l| Value::str(l)).collect()),
            other => return Err(wrong(func, other)),
        },
        Type => match a {
            Value::Null => Value::Null,
            Value::Rel(r) => Value::str(graph.type_name(graph.rel_type(*r))),
            other => return Err(wrong(func, other)),
        },
        Properties => match a {
            Value::Null => Value::Null,
            Value::Node(n) => map_value(graph.node_properties(*n)),
            Value::Rel(r) => map_value(graph.rel_properties(*r)),
            Value::Map(_) => a.clone(),
            other => return Err(wrong(func, other)),
        },
        Keys => match a {
            Value::Null => Value::Null,
            Value::Node(n) => Value::list(
                graph
                    .node_properties(*n)
                    .into_keys()
                    .map(|k| Value::str(&k))
                    .collect(),
            ),
            Value::Rel(r) => Value::list(
                graph
                    .rel_properties(*r)
                    .into_keys()
                    .map(|k| Value::str(&k))
                    .collect(),
            ),
            Value::Map(m) => Value::list(m.keys().map(|k| Value::str(k)).collect()),
            other => return Err(wrong(func, other)),
        },
        Nodes => path_of(func, a)?.map_or(Value::Null, |p| {
            Value::list(p.nodes.iter().map(|&n| Value::Node(n)).collect())
        }),
        Relationships => path_of(func, a)?.map_or(Value::Null, |p| {
            Value::list(p.rels.iter().map(|&r| Value::Rel(r)).collect())
        }),
        Length => match a {
            Value::Null => Value::Null,
            Value::Path(p) => Value::Int(p.rels.len() as i64),
            Value::Str(s) => Value::Int(s.chars().count() as i64),
            Value::List(l) => Value::Int(l.len() as i64),
            other => return Err(wrong(func, other)),
        },
        Size | CharLength => match a {
            Value::Null => Value::Null,
            Value::Str(s) => Value::Int(s.chars().count() as i64),
            Value::List(l) if func == Size => Value::Int(l.len() as i64),
            other => return Err(wrong(func, other)),
        },
        IsEmpty => match a {
            Value::Null => Value::Null,
            Value::Str(s) => Value::Bool(s.is_empty()),
            Value::List(l) => Value::Bool(l.is_empty()),
            Value::Map(m) => Value::Bool(m.is_empty()),
            other => return Err(wrong(func, other)),
        },
        Head | Last | Tail => match a {
            Value::Null => Value::Null,
            Value::List(l) => match func {
                Head => l.first().cloned().unwrap_or(Value::Null),
                Last => l.last().cloned().unwrap_or(Value::Null),
                _ => Value::list(l.iter().skip(1).cloned().collect()),
            },
            other => return Err(wrong(func, other)),
        },
        StartNode | EndNode => match a {
            Value::Null => Value::Null,
            Value::Rel(r) => {
                let (s, e) = graph.endpoints(*r);
                Value::Node(if func == StartNode { s } else { e })
            }
            other => return Err(wrong(func, other)),
        },
        Exists => Value::Bool(!a.is_null()),
        ToLower | ToUpper | Trim | LTrim | RTrim => match a {
            Value::Null => Value::Null,
            Value::Str(s) => Value::str(&match func {
                ToLower => s.to_lowercase(),
                ToUpper => s.to_uppercase(),
                Trim => s.trim().to_owned(),
                LTrim => s.trim_start().to_owned(),
                _ => s.trim_end().to_owned(),
            }),
            other => return Err(wrong(func, other)),
        },
        ToString => match a {
            Value::Null => Value::Null,
            other => Value::str(&to_text(other).ok_or_else(|| wrong(func, other))?),
        },
        ToStringOrNull => to_text(a).map_or(Value::Null, |t| Value::str(&t)),
        ToInteger | ToIntegerOrNull => match a {
            Value::Int(_) => a.clone(),
            Value::Float(f) if f.is_finite() => Value::Int(f.trunc() as i64),
            Value::Str(s) => parse_int(s).map_or(Value::Null, Value::Int),
            Value::Bool(b) if func == ToInteger => Value::Int(i64::from(*b)),
            Value::Null => Value::Null,
            other if func == ToInteger => return Err(wrong(func, other)),
            _ => Value::Null,
        },
        ToFloat | ToFloatOrNull => match a {
            Value::Int(i) => Value::Float(*i as f64),
            Value::Float(_) => a.clone(),
            Value::Str(s) => s.trim().parse::<f64>().map_or(Value::Null, Value::Float),
            Value::Null => Value::Null,
            other if func == ToFloat => return Err(wrong(func, other)),
            _ => Value::Null,
        },
        ToBoolean | ToBooleanOrNull => match a {
            Value::Bool(_) => a.clone(),
            Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            },
            Value::Int(i) => Value::Bool(*i != 0),
            Value::Null => Value::Null,
            other if func == ToBoolean => return Err(wrong(func, other)),
            _ => Value::Null,
        },
        Replace => match (a, arg(1), arg(2)) {
            (Value::Str(s), Value::Str(from), Value::Str(to)) => {
                Value::str(&s.replace(&**from, to))
            }
            (Value::Null, ..) | (_, Value::Null, _) | (.., Value::Null) => Value::Null,
            _ => return Err(type_error("replace() expects three strings")),
        },
        Split => match (a, arg(1)) {
            (Value::Str(s), Value::Str(sep)) => {
                let parts: Vec<Value> = if sep.is_empty() {
                    s.chars().map(|c| Value::str(&c.to_string())).collect()
                } else {
                    s.split(&**sep).map(Value::str).collect()
                };
                Value::list(parts)
            }
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            _ => return Err(type_error("split() expects two strings")),
        },
        Substring => {
            let Value::Str(s) = a else {
                return if a.is_null() {
                    Ok(Value::Null)
                } else {
                    Err(wrong(func, a))
                };
            };
            let cs = chars(s);
            let start = int_arg(func, arg(1))?.unwrap_or(0);
            if start < 0 {
                return Err(argument("substring() start must not be negative"));
            }
            let len = match args.get(2) {
                Some(v) => int_arg(func, v)?.unwrap_or(i64::MAX),
                None => i64::MAX,
            };
            if len < 0 {
                return Err(argument("substring() length must not be negative"));
            }
            let start = (start as usize).min(cs.len());
            let end = start
                .saturating_add(len.min(usize::MAX as i64) as usize)
                .min(cs.len());
            Value::str(&cs[start..end].iter().collect::<String>())
        }
        Left | Right => {
            let Value::Str(s) = a else {
                return if a.is_null() {
                    Ok(Value::Null)
                } else {
                    Err(wrong(func, a))
                };
            };
            let n = int_arg(func, arg(1))?.ok_or_else(|| argument("length must not be null"))?;
            if n < 0 {
                return Err(argument("length must not be negative"));
            }
            let cs = chars(s);
            let n = (n as usize).min(cs.len());
            let part: String = if func == Left {
                cs[..n].iter().collect()
            } else {
                cs[cs.len() - n..].iter().collect()
            };
            Value::str(&part)
        }
        Reverse => match a {
            Value::Null => Value::Null,
            Value::Str(s) => Value::str(&s.chars().rev().collect::<String>()),
            Value::List(l) => Value::list(l.iter().rev().cloned().collect()),
            other => return Err(wrong(func, other)),
        },
        Range => {
            let start =
                int_arg(func, a)?.ok_or_else(|| argument("range() bounds must not be null"))?;
            let end = int_arg(func, arg(1))?
                .ok_or_else(|| argument("range() bounds must not be null"))?;
            let step = match args.get(2) {
                Some(v) => {
                    int_arg(func, v)?.ok_or_else(|| argument("range() step must not be null"))?
                }
                None => 1,
            };
            if step == 0 {
                return Err(argument("range() step must not be zero"));
            }
            let count = if (step > 0 && end >= start) || (step < 0 && end <= start) {
                ((i128::from(end) - i128::from(start)) / i128::from(step) + 1) as u128
            } else {
                0
            };
            if count > 10_000_000 {
                return Err(argument(format!(
                    "range() would make {count} items (at most 10000000)"
                )));
            }
            Value::list(
                (0..count as i64)
                    .map(|i| Value::Int(start + i * step))
                    .collect(),
            )
        }
        Abs => match a {
            Value::Int(i) => Value::Int(
                i.checked_abs()
                    .ok_or_else(|| argument("integer overflow in abs()"))?,
            ),
            Value::Float(f) => Value::Float(f.abs()),
            Value::Null => Value::Null,
            other => return Err(wrong(func, other)),
        },
        Sign => match a {
            Value::Int(i) => Value::Int(i.signum()),
            Value::Float(f) => Value::Int(if *f > 0.0 {
                1
            } else if *f < 0.0 {
                -1
            } else {
                0
            }),
            Value::Null => Value::Null,
            other => return Err(wrong(func, other)),
        },
        Ceil => math(f64::ceil)?,
        Floor => math(f64::floor)?,
        Round => math(|x| {
            let r = x.round();
            // Cypher rounds halves towards positive infinity.
            if (x - x.trunc()).abs() == 0.5 && x < 0.0 {
                r + 1.0
            } else {
                r
            }
        })?,
        Sqrt => math(f64::sqrt)?,
        Exp => math(f64::exp)?,
        Log => math(f64::ln)?,
        Log10 => math(f64::log10)?,
        Sin => math(f64::sin)?,
        Cos => math(f64::cos)?,
        Tan => math(f64::tan)?,
        Asin => math(f64::asin)?,
        Acos => math(f64::acos)?,
        Atan => math(f64::atan)?,
        Degrees => math(f64::to_degrees)?,
        Radians => math(f64::to_radians)?,
        Atan2 => match (float_arg(func, a)?, float_arg(func, arg(1))?) {
            (Some(y), Some(x)) => Value::Float(y.atan2(x)),
            _ => Value::Null,
        },
        Pi => Value::Float(std::f64::consts::PI),
        E => Value::Float(std::f64::consts::E),
        Rand => Value::Float(random_unit()),
        Date | LocalTime | Time | LocalDateTime | DateTime => {
            tm::construct(temporal_kind(func), args.first())?
        }
        DateTruncate
        | LocalTimeTruncate
        | TimeTruncate
        | LocalDateTimeTruncate
        | DateTimeTruncate => tm::truncate(temporal_kind(func), a, arg(1), args.get(2))?,
        Duration => tm::duration(a)?,
        DurationBetween => tm::between(Between::All, a, arg(1))?,
        DurationInMonths => tm::between(Between::Months, a, arg(1))?,
        DurationInDays => tm::between(Between::Days, a, arg(1))?,
        DurationInSeconds => tm::between(Between::Seconds, a, arg(1))?,
        DateTimeFromEpoch => tm::from_epoch(a, Some(arg(1)), false)?,
        DateTimeFromEpochMillis => tm::from_epoch(a, None, true)?,
        DateTransaction
        | DateStatement
        | LocalTimeTransaction
        | LocalTimeStatement
        | TimeTransaction
        | TimeStatement
        | LocalDateTimeTransaction
        | LocalDateTimeStatement
        | DateTimeTransaction
        | DateTimeStatement => tm::clock(temporal_kind(func), false, args.first())?,
        DateRealtime
        | LocalTimeRealtime
        | TimeRealtime
        | LocalDateTimeRealtime
        | DateTimeRealtime => tm::clock(temporal_kind(func), true, args.first())?,
    })
}

/// A pseudo-random float in [0, 1) from the std hasher's random keys: no
/// extra dependency for a function queries rarely need.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x9e37_79b9_7f4a_7c15);
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}
