//! Aggregate functions: one accumulator per group and aggregate call.

use rustc_hash::FxHashSet;

use super::super::error::{Result, argument, type_error};
use super::super::plan::ir::{AggCall, AggFn};
use super::super::value::{Key, Value};

pub struct Acc {
    func: AggFn,
    distinct: bool,
    seen: FxHashSet<Key>,
    count: i64,
    values: Vec<Value>,
    int_sum: Option<i64>,
    float_sum: f64,
    any_float: bool,
    best: Option<Value>,
    percentile: Option<f64>,
}

impl Acc {
    pub fn new(call: &AggCall) -> Acc {
        Acc {
            func: call.func,
            distinct: call.distinct,
            seen: FxHashSet::default(),
            count: 0,
            values: Vec::new(),
            int_sum: Some(0),
            float_sum: 0.0,
            any_float: false,
            best: None,
            percentile: None,
        }
    }

    /// Adds `n` rows to a plain count (`count(*)` or a non-distinct `count(x)`
    /// of a value every row binds), or `n` distinct values the caller told
    /// apart to a `count(DISTINCT x)`.
    pub fn add_count(&mut self, n: i64) {
        debug_assert!(matches!(self.func, AggFn::Count | AggFn::CountStar));
        self.count += n;
    }

    /// Adds one row's argument values.
    pub fn add(&mut self, args: Vec<Value>) -> Result<()> {
        if self.func == AggFn::CountStar {
            self.count += 1;
            return Ok(());
        }
        let mut args = args.into_iter();
        let value = args.next().unwrap_or(Value::Null);
        if let Some(p) = args.next() {
            let p = match p {
                Value::Int(i) => i as f64,
                Value::Float(f) => f,
                other => {
                    return Err(type_error(format!(
                        "a percentile must be a number, not a {}",
                        other.type_name()
                    )));
                }
            };
            if !(0.0..=1.0).contains(&p) {
                return Err(argument("a percentile must lie between 0.0 and 1.0"));
            }
            self.percentile = Some(p);
        }
        if value.is_null() || (self.distinct && !self.seen.insert(value.key())) {
            return Ok(());
        }
        self.count += 1;
        match self.func {
            AggFn::Count | AggFn::CountStar => {}
            AggFn::Collect => {
                super::super::limits::check_nesting(std::iter::once(&value))?;
                self.values.push(value);
            }
            AggFn::Sum | AggFn::Avg | AggFn::StDev | AggFn::StDevP => match value {
                Value::Int(i) => {
                    self.int_sum = self.int_sum.and_then(|s| s.checked_add(i));
                    self.float_sum += i as f64;
                    self.values.push(Value::Float(i as f64));
                }
                Value::Float(f) => {
                    self.any_float = true;
                    self.float_sum += f;
                    self.values.push(Value::Float(f));
                }
                other => {
                    return Err(type_error(format!(
                        "cannot add up a {} (numbers only)",
                        other.type_name()
                    )));
                }
            },
            AggFn::PercentileCont | AggFn::PercentileDisc => match value {
                Value::Int(_) | Value::Float(_) => self.values.push(value),
                other => {
                    return Err(type_error(format!(
                        "percentiles need numbers, not a {}",
                        other.type_name()
                    )));
                }
            },
            AggFn::Min | AggFn::Max => {
                let replace = match &self.best {
                    None => true,
                    Some(best) => {
                        let o = value.order(best);
                        if self.func == AggFn::Min {
                            o.is_lt()
                        } else {
                            o.is_gt()
                        }
                    }
                };
                if replace {
                    self.best = Some(value);
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<Value> {
        let floats = || -> Vec<f64> {
            self.values
                .iter()
                .map(|v| match v {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    _ => 0.0,
                })
                .collect()
        };
        Ok(match self.func {
            AggFn::Count | AggFn::CountStar => Value::Int(self.count),
            AggFn::Collect => Value::list(self.values),
            AggFn::Sum => {
                if self.any_float {
                    Value::Float(self.float_sum)
                } else {
                    Value::Int(
                        self.int_sum
                            .ok_or_else(|| argument("integer overflow in sum()"))?,
                    )
                }
            }
            AggFn::Avg => {
                if self.count == 0 {
                    Value::Null
                } else {
                    Value::Float(self.float_sum / self.count as f64)
                }
            }
            AggFn::StDev | AggFn::StDevP => {
                let xs = floats();
                let n = xs.len() as f64;
                let sample = self.func == AggFn::StDev;
                if xs.len() < if sample { 2 } else { 1 } {
                    Value::Float(0.0)
                } else {
                    let mean = xs.iter().sum::<f64>() / n;
                    let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
                    Value::Float((ss / if sample { n - 1.0 } else { n }).sqrt())
                }
            }
            AggFn::PercentileCont | AggFn::PercentileDisc => {
                let mut values = self.values.clone();
                if values.is_empty() {
                    return Ok(Value::Null);
                }
                values.sort_by(|a, b| a.order(b));
                let p = self.percentile.unwrap_or(0.5);
                let n = values.len();
                if self.func == AggFn::PercentileDisc {
                    let idx = ((p * n as f64).ceil() as usize)
                        .saturating_sub(1)
                        .min(n - 1);
                    values[idx].clone()
                } else {
                    let xs: Vec<f64> = values
                        .iter()
                        .map(|v| match v {
                            Value::Int(i) => *i as f64,
                            Value::Float(f) => *f,
                            _ => 0.0,
                        })
                        .collect();
                    let pos = p * (n - 1) as f64;
                    let lo = pos.floor() as usize;
                    let hi = pos.ceil() as usize;
                    Value::Float(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64))
                }
            }
            AggFn::Min | AggFn::Max => self.best.unwrap_or(Value::Null),
        })
    }
}
