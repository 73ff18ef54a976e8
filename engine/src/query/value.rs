//! Runtime values of the query engine and the openCypher rules for comparing
//! them: ternary equality (null propagates), comparability (`<` on unlike
//! types is null), the global sort order used by `ORDER BY`, and the
//! equivalence used by `DISTINCT` and grouping (where null equals null).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use super::temporal::Temporal;

/// A node handle: dense index into the graph behind [`super::GraphAccess`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// A relationship handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelId(pub u32);

/// A path: `nodes.len() == rels.len() + 1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelPath {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<RelId>,
}

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<Vec<Value>>),
    Map(Rc<BTreeMap<String, Value>>),
    Node(NodeId),
    Rel(RelId),
    Path(Rc<RelPath>),
    /// A date, time, date-time or duration.
    Temporal(Rc<Temporal>),
}

impl Value {
    pub fn str(text: &str) -> Value {
        Value::Str(Rc::from(text))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
    }

    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Rc::new(entries))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The type name used in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Node(_) => "node",
            Value::Rel(_) => "relationship",
            Value::Path(_) => "path",
            Value::Temporal(t) => t.type_name(),
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// `=` with openCypher semantics: `None` stands for null.
    pub fn equals(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Null, _) | (_, Value::Null) => None,
            (Value::Int(a), Value::Int(b)) => Some(a == b),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                Some(num_eq(self, other))
            }
            (Value::Bool(a), Value::Bool(b)) => Some(a == b),
            (Value::Str(a), Value::Str(b)) => Some(a == b),
            (Value::Node(a), Value::Node(b)) => Some(a == b),
            (Value::Rel(a), Value::Rel(b)) => Some(a == b),
            (Value::Path(a), Value::Path(b)) => Some(a == b),
            (Value::Temporal(a), Value::Temporal(b)) => Some(a.equals(b)),
            (Value::List(a), Value::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            (Value::Map(a), Value::Map(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.values().zip(b.values()) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            _ => Some(false),
        }
    }

    /// `<`, `>`, … : `None` when the values are not comparable (or null).
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                num_cmp(self, other)
            }
            (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::Temporal(a), Value::Temporal(b)) => a.compare(b),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.compare(y)? {
                        Ordering::Equal => {}
                        other => return Some(other),
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            _ => None,
        }
    }

    /// Rank of the value's type in the global sort order (ascending).
    fn order_rank(&self) -> u8 {
        match self {
            Value::Map(_) => 0,
            Value::Node(_) => 1,
            Value::Rel(_) => 2,
            Value::List(_) => 3,
            Value::Path(_) => 4,
            Value::Temporal(_) => 5,
            Value::Str(_) => 6,
            Value::Bool(_) => 7,
            Value::Int(_) | Value::Float(_) => 8,
            Value::Null => 9,
        }
    }

    /// Total order for `ORDER BY`, `min` and `max`: types in a fixed order,
    /// NaN after every other number, null last.
    pub fn order(&self, other: &Value) -> Ordering {
        let (ra, rb) = (self.order_rank(), other.order_rank());
        if ra != rb {
            return ra.cmp(&rb);
        }
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Int(_) | Value::Float(_), _) => {
                let (a, b) = (self.as_f64().unwrap_or(0.0), other.as_f64().unwrap_or(0.0));
                match (a.is_nan(), b.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ => num_cmp(self, other).unwrap_or(Ordering::Equal),
                }
            }
            (Value::Str(a), Value::Str(b)) => a.cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.order(y) {
                        Ordering::Equal => {}
                        other => return other,
                    }
                }
                a.len().cmp(&b.len())
            }
            (Value::Map(a), Value::Map(b)) => {
                let ka: Vec<_> = a.keys().collect();
                let kb: Vec<_> = b.keys().collect();
                ka.cmp(&kb).then_with(|| {
                    for (x, y) in a.values().zip(b.values()) {
                        match x.order(y) {
                            Ordering::Equal => {}
                            other => return other,
                        }
                    }
                    Ordering::Equal
                })
            }
            (Value::Node(a), Value::Node(b)) => a.cmp(b),
            (Value::Rel(a), Value::Rel(b)) => a.cmp(b),
            (Value::Path(a), Value::Path(b)) => a.cmp(b),
            (Value::Temporal(a), Value::Temporal(b)) => a.order(b),
            _ => Ordering::Equal,
        }
    }

    /// A hashable key under which equivalent values (for `DISTINCT`,
    /// grouping and `UNION`) coincide: null ≡ null, `1` ≡ `1.0`.
    pub fn key(&self) -> Key {
        match self {
            Value::Null => Key::Null,
            Value::Bool(b) => Key::Bool(*b),
            Value::Int(i) => Key::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    Key::Int(*f as i64)
                } else if f.is_nan() {
                    Key::Nan
                } else {
                    Key::Float(f.to_bits())
                }
            }
            Value::Str(s) => Key::Str(s.clone()),
            Value::List(items) => Key::List(items.iter().map(Value::key).collect()),
            Value::Map(m) => Key::Map(m.iter().map(|(k, v)| (k.clone(), v.key())).collect()),
            Value::Node(n) => Key::Node(*n),
            Value::Rel(r) => Key::Rel(*r),
            Value::Path(p) => Key::Path(p.clone()),
            Value::Temporal(t) => Key::Temporal(t.key()),
        }
    }

    /// Truth value for WHERE and boolean operators: `None` is null.
    pub fn truth(&self) -> Result<Option<bool>, &'static str> {
        match self {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(*b)),
            other => Err(other.type_name()),
        }
    }
}

fn num_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            (*x as f64) == *y && (y.fract() != 0.0 || *x == *y as i64)
        }
        _ => a.as_f64() == b.as_f64(),
    }
}

fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// Hashable form of a [`Value`]; see [`Value::key`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Nan,
    Str(Rc<str>),
    List(Vec<Key>),
    Map(Vec<(String, Key)>),
    Node(NodeId),
    Rel(RelId),
    Path(Rc<RelPath>),
    Temporal(String),
}

impl fmt::Display for Value {
    /// Literal syntax, as Cypher would write the value (nodes by handle).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&format_float(*x)),
            Value::Str(s) => write!(f, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
            Value::Node(n) => write!(f, "node({})", n.0),
            Value::Rel(r) => write!(f, "relationship({})", r.0),
            Value::Path(p) => write!(f, "path({} nodes)", p.nodes.len()),
            Value::Temporal(t) => write!(f, "{}('{t}')", t.type_name()),
        }
    }
}

/// Floats always show a fraction or exponent so they read as floats.
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_ternary() {
        assert_eq!(Value::Int(1).equals(&Value::Float(1.0)), Some(true));
        assert_eq!(Value::Int(1).equals(&Value::Null), None);
        let a = Value::list(vec![Value::Int(1), Value::Null]);
        let b = Value::list(vec![Value::Int(2), Value::Null]);
        assert_eq!(a.equals(&b), Some(false));
        assert_eq!(a.equals(&a.clone()), None);
        assert_eq!(Value::str("a").equals(&Value::Int(1)), Some(false));
    }

    #[test]
    fn unlike_types_are_not_comparable_but_are_ordered() {
        assert_eq!(Value::str("a").compare(&Value::Int(1)), None);
        assert_eq!(Value::str("a").order(&Value::Int(1)), Ordering::Less);
        assert_eq!(Value::Null.order(&Value::Int(1)), Ordering::Greater);
        assert_eq!(
            Value::Float(f64::NAN).order(&Value::Int(1)),
            Ordering::Greater
        );
    }

    #[test]
    fn keys_make_null_and_numbers_equivalent() {
        assert_eq!(Value::Null.key(), Value::Null.key());
        assert_eq!(Value::Int(2).key(), Value::Float(2.0).key());
        assert_ne!(Value::Int(2).key(), Value::str("2").key());
    }
}
