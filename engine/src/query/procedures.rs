//! Procedures `CALL` can run: the built-in `db.labels()`,
//! `db.relationshipTypes()` and `db.propertyKeys()`, and procedures given as
//! a fixed table (`test.my.proc(in :: INTEGER?) :: (out :: STRING?)` with
//! rows of inputs and outputs), which is how the openCypher TCK declares
//! its test procedures.

use std::rc::Rc;

use super::access::GraphAccess;
use super::value::Value;

/// The type of a procedure's argument or output, as a signature writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Any,
    String,
    Integer,
    Float,
    Number,
    Boolean,
    List,
    Map,
    Node,
    Relationship,
    Path,
}

impl FieldType {
    fn parse(text: &str) -> Option<FieldType> {
        let t = text
            .trim()
            .trim_end_matches('?')
            .trim()
            .to_ascii_uppercase();
        Some(match t.as_str() {
            "ANY" => FieldType::Any,
            "STRING" => FieldType::String,
            "INTEGER" | "INT" => FieldType::Integer,
            "FLOAT" => FieldType::Float,
            "NUMBER" => FieldType::Number,
            "BOOLEAN" => FieldType::Boolean,
            "MAP" => FieldType::Map,
            "NODE" => FieldType::Node,
            "RELATIONSHIP" => FieldType::Relationship,
            "PATH" => FieldType::Path,
            t if t.starts_with("LIST") => FieldType::List,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            FieldType::Any => "ANY",
            FieldType::String => "STRING",
            FieldType::Integer => "INTEGER",
            FieldType::Float => "FLOAT",
            FieldType::Number => "NUMBER",
            FieldType::Boolean => "BOOLEAN",
            FieldType::List => "LIST",
            FieldType::Map => "MAP",
            FieldType::Node => "NODE",
            FieldType::Relationship => "RELATIONSHIP",
            FieldType::Path => "PATH",
        }
    }

    /// The value as this type (an INTEGER passed for a FLOAT becomes a
    /// float), or `None` when it is of another type. `null` fits every type.
    pub fn coerce(self, value: Value) -> Option<Value> {
        let fits = match (&value, self) {
            (Value::Null, _) | (_, FieldType::Any) => true,
            (Value::Int(i), FieldType::Float) => return Some(Value::Float(*i as f64)),
            (Value::Str(_), FieldType::String)
            | (Value::Int(_), FieldType::Integer | FieldType::Number)
            | (Value::Float(_), FieldType::Float | FieldType::Number)
            | (Value::Bool(_), FieldType::Boolean)
            | (Value::List(_), FieldType::List)
            | (Value::Map(_), FieldType::Map)
            | (Value::Node(_), FieldType::Node)
            | (Value::Rel(_), FieldType::Relationship)
            | (Value::Path(_), FieldType::Path) => true,
            _ => false,
        };
        fits.then_some(value)
    }
}

/// A named, typed argument or output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
}

/// What a procedure does.
#[derive(Clone, Debug)]
enum Body {
    Labels,
    RelationshipTypes,
    PropertyKeys,
    /// Rows of input values followed by output values; a call returns the
    /// outputs of the rows whose inputs equal its arguments.
    Table(Vec<Vec<Value>>),
}

#[derive(Clone, Debug)]
pub struct Procedure {
    pub name: String,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
    body: Body,
}

impl Procedure {
    /// Output rows for one call; `args` are already checked and coerced.
    pub fn call(&self, graph: &dyn GraphAccess, args: &[Value]) -> Vec<Vec<Value>> {
        let names = |mut names: Vec<String>| {
            names.sort();
            names.dedup();
            names.into_iter().map(|n| vec![Value::str(&n)]).collect()
        };
        match &self.body {
            Body::Labels => names(graph.label_names()),
            Body::RelationshipTypes => names(graph.type_names()),
            Body::PropertyKeys => names(graph.property_keys()),
            Body::Table(rows) => {
                let k = self.inputs.len();
                rows.iter()
                    .filter(|row| {
                        row[..k]
                            .iter()
                            .zip(args)
                            .all(|(want, got)| want.key() == got.key())
                    })
                    .map(|row| row[k..].to_vec())
                    .collect()
            }
        }
    }

    /// `name(in :: TYPE, …) :: (out :: TYPE, …)`.
    pub fn signature(&self) -> String {
        let list = |fields: &[Field]| {
            fields
                .iter()
                .map(|f| format!("{} :: {}", f.name, f.ty.name()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{}({}) :: ({})",
            self.name,
            list(&self.inputs),
            list(&self.outputs)
        )
    }
}

/// The procedures a query may call. The default holds the built-ins.
#[derive(Clone, Debug)]
pub struct Procedures {
    list: Vec<Rc<Procedure>>,
}

impl Default for Procedures {
    fn default() -> Procedures {
        let builtin = |name: &str, output: &str, body| {
            Rc::new(Procedure {
                name: name.to_owned(),
                inputs: Vec::new(),
                outputs: vec![Field {
                    name: output.to_owned(),
                    ty: FieldType::String,
                }],
                body,
            })
        };
        Procedures {
            list: vec![
                builtin("db.labels", "label", Body::Labels),
                builtin(
                    "db.relationshipTypes",
                    "relationshipType",
                    Body::RelationshipTypes,
                ),
                builtin("db.propertyKeys", "propertyKey", Body::PropertyKeys),
            ],
        }
    }
}

impl Procedures {
    /// The procedure called `name` (names are case-sensitive, as in Neo4j).
    pub fn get(&self, name: &str) -> Option<&Rc<Procedure>> {
        self.list.iter().find(|p| p.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|p| p.name.as_str())
    }

    /// Registers a procedure answering from `rows` (input values, then
    /// output values, in signature order), replacing one of the same name.
    /// `signature` is `ns.name(a :: INTEGER?, …) :: (out :: STRING?, …)`.
    pub fn register_table(&mut self, signature: &str, rows: Vec<Vec<Value>>) -> Result<(), String> {
        let (name, inputs, outputs) = parse_signature(signature)?;
        let width = inputs.len() + outputs.len();
        if let Some(row) = rows.iter().find(|r| r.len() != width) {
            return Err(format!(
                "a row of {name} has {} values; the signature has {width} fields",
                row.len()
            ));
        }
        self.list.retain(|p| p.name != name);
        self.list.push(Rc::new(Procedure {
            name,
            inputs,
            outputs,
            body: Body::Table(rows),
        }));
        Ok(())
    }
}

fn parse_signature(text: &str) -> Result<(String, Vec<Field>, Vec<Field>), String> {
    let bad = || format!("not a procedure signature: {text}");
    let open = text.find('(').ok_or_else(bad)?;
    let name = text[..open].trim().to_owned();
    let close = open + text[open..].find(')').ok_or_else(bad)?;
    let inputs = fields(&text[open + 1..close]).ok_or_else(bad)?;
    let rest = text[close + 1..].trim().trim_end_matches(':').trim();
    let rest = rest.strip_prefix("::").ok_or_else(bad)?.trim();
    let rest = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(bad)?;
    let outputs = fields(rest).ok_or_else(bad)?;
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(bad());
    }
    Ok((name, inputs, outputs))
}

fn fields(text: &str) -> Option<Vec<Field>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    text.split(',')
        .map(|part| {
            let (name, ty) = part.split_once("::")?;
            Some(Field {
                name: name.trim().to_owned(),
                ty: FieldType::parse(ty)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_parse_with_types_and_nullable_marks() {
        let (name, inputs, outputs) =
            parse_signature("test.my.proc(name :: STRING?, in :: INTEGER?) :: (out :: FLOAT?):")
                .unwrap();
        assert_eq!(name, "test.my.proc");
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[1].ty, FieldType::Integer);
        assert_eq!(outputs[0].name, "out");
        let (_, i, o) = parse_signature("test.doNothing() :: ()").unwrap();
        assert!(i.is_empty() && o.is_empty());
        assert!(parse_signature("test.x(a :: WHAT) :: ()").is_err());
        assert!(parse_signature("no parens").is_err());
    }

    #[test]
    fn a_table_procedure_answers_the_rows_whose_inputs_match() {
        let mut procs = Procedures::default();
        let rows = vec![
            vec![Value::Int(1), Value::str("one")],
            vec![Value::Int(2), Value::str("two")],
            vec![Value::Int(1), Value::str("uno")],
        ];
        procs
            .register_table("t.p(i :: INTEGER?) :: (s :: STRING?)", rows)
            .unwrap();
        let p = procs.get("t.p").unwrap();
        let g = crate::graph::Graph::new(crate::schema::Schema::open());
        let got = p.call(&g, &[Value::Int(1)]);
        assert_eq!(got.len(), 2);
        assert!(p.call(&g, &[Value::Int(3)]).is_empty());
        assert!(
            procs
                .register_table("t.q(i :: INTEGER?) :: ()", vec![vec![]])
                .is_err()
        );
    }

    #[test]
    fn integers_pass_for_floats_and_numbers_but_strings_do_not() {
        assert!(matches!(
            FieldType::Float.coerce(Value::Int(2)),
            Some(Value::Float(f)) if f == 2.0
        ));
        assert!(FieldType::Number.coerce(Value::Float(0.5)).is_some());
        assert!(FieldType::Integer.coerce(Value::Str("2".into())).is_none());
        assert!(FieldType::String.coerce(Value::Null).is_some());
    }
}
