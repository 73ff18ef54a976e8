//! The TCK's notation for expected values (`(:A {name: 'a'})`, `[:T]`,
//! `<(:A)-[:T]->(:B)>`, lists, maps, numbers, strings) and a canonical text
//! form, so expected and actual values compare as strings.

use std::collections::{BTreeMap, BTreeSet};

use icigraph_engine::query::{GraphAccess, Value};

/// A value as the TCK writes it.
#[derive(Clone, Debug)]
pub enum Tv {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Tv>),
    Map(BTreeMap<String, Tv>),
    Node(BTreeSet<String>, BTreeMap<String, Tv>),
    Rel(String, BTreeMap<String, Tv>),
    /// Nodes and relationships alternating; a relationship carries whether
    /// it points forwards.
    Path(Vec<Tv>, Vec<(Tv, bool)>),
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Inf".into() } else { "-Inf".into() }
    } else {
        // The TCK does not tell -0.0 from 0.0.
        let f = if f == 0.0 { 0.0 } else { f };
        let text = format!("{f:?}");
        if text.contains('.') || text.contains('e') {
            text
        } else {
            format!("{text}.0")
        }
    }
}

impl Tv {
    /// Canonical text; `sort_lists` ignores the order of list elements.
    pub fn canon(&self, sort_lists: bool) -> String {
        let map = |m: &BTreeMap<String, Tv>| {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.canon(sort_lists)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        };
        match self {
            Tv::Null => "null".into(),
            Tv::Bool(b) => b.to_string(),
            Tv::Int(i) => i.to_string(),
            Tv::Float(f) => float_text(*f),
            Tv::Str(s) => format!("{s:?}"),
            Tv::List(items) => {
                let mut parts: Vec<String> = items.iter().map(|v| v.canon(sort_lists)).collect();
                if sort_lists {
                    parts.sort();
                }
                format!("[{}]", parts.join(", "))
            }
            Tv::Map(m) => map(m),
            Tv::Node(labels, props) => {
                let labels: String = labels.iter().map(|l| format!(":{l}")).collect();
                format!("({labels} {})", map(props))
            }
            Tv::Rel(t, props) => format!("[:{t} {}]", map(props)),
            Tv::Path(nodes, rels) => {
                let mut text = format!("<{}", nodes[0].canon(sort_lists));
                for (i, (rel, forward)) in rels.iter().enumerate() {
                    let r = rel.canon(sort_lists);
                    if *forward {
                        text.push_str(&format!("-{r}->"));
                    } else {
                        text.push_str(&format!("<-{r}-"));
                    }
                    text.push_str(&nodes[i + 1].canon(sort_lists));
                }
                text.push('>');
                text
            }
        }
    }
}

/// Converts an engine value.
pub fn from_value(graph: &dyn GraphAccess, value: &Value) -> Tv {
    let props = |m: BTreeMap<String, Value>| -> BTreeMap<String, Tv> {
        m.into_iter()
            .map(|(k, v)| (k, from_value(graph, &v)))
            .collect()
    };
    match value {
        Value::Null => Tv::Null,
        Value::Bool(b) => Tv::Bool(*b),
        Value::Int(i) => Tv::Int(*i),
        Value::Float(f) => Tv::Float(*f),
        Value::Str(s) => Tv::Str(s.to_string()),
        // The TCK writes temporal values as their string form.
        Value::Temporal(t) => Tv::Str(t.to_string()),
        Value::List(items) => Tv::List(items.iter().map(|v| from_value(graph, v)).collect()),
        Value::Map(m) => Tv::Map(
            m.iter()
                .map(|(k, v)| (k.clone(), from_value(graph, v)))
                .collect(),
        ),
        Value::Node(n) => Tv::Node(
            graph.labels(*n).into_iter().collect(),
            props(graph.node_properties(*n)),
        ),
        Value::Rel(r) => Tv::Rel(
            graph.type_name(graph.rel_type(*r)).to_owned(),
            props(graph.rel_properties(*r)),
        ),
        Value::Path(p) => {
            let nodes = p
                .nodes
                .iter()
                .map(|&n| from_value(graph, &Value::Node(n)))
                .collect();
            let rels = p
                .rels
                .iter()
                .enumerate()
                .map(|(i, &r)| {
                    (
                        from_value(graph, &Value::Rel(r)),
                        graph.endpoints(r).0 == p.nodes[i],
                    )
                })
                .collect();
            Tv::Path(nodes, rels)
        }
    }
}

/// Converts an expected value to an engine value (for parameters).
pub fn to_value(tv: &Tv) -> Option<Value> {
    Some(match tv {
        Tv::Null => Value::Null,
        Tv::Bool(b) => Value::Bool(*b),
        Tv::Int(i) => Value::Int(*i),
        Tv::Float(f) => Value::Float(*f),
        Tv::Str(s) => Value::str(s),
        Tv::List(items) => Value::list(items.iter().map(to_value).collect::<Option<_>>()?),
        Tv::Map(m) => Value::map(
            m.iter()
                .map(|(k, v)| Some((k.clone(), to_value(v)?)))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// Parses the TCK notation.
pub fn parse(text: &str) -> Result<Tv, String> {
    let mut p = Parser {
        chars: text.trim().chars().collect(),
        at: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.at != p.chars.len() {
        return Err(format!("trailing text in {text:?}"));
    }
    Ok(v)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn ws(&mut self) {
        while self.at < self.chars.len() && self.chars[self.at].is_whitespace() {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.ws();
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {c:?} at {}", self.at))
        }
    }

    fn starts(&self, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        self.chars[self.at..].starts_with(&w)
    }

    fn ident(&mut self) -> Result<String, String> {
        self.ws();
        if self.eat('`') {
            let start = self.at;
            while self.at < self.chars.len() && self.chars[self.at] != '`' {
                self.at += 1;
            }
            let s: String = self.chars[start..self.at].iter().collect();
            self.at += 1;
            return Ok(s);
        }
        let start = self.at;
        while self.at < self.chars.len()
            && (self.chars[self.at].is_alphanumeric() || self.chars[self.at] == '_')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err(format!("expected a name at {}", self.at));
        }
        Ok(self.chars[start..self.at].iter().collect())
    }

    fn map_body(&mut self) -> Result<BTreeMap<String, Tv>, String> {
        let mut map = BTreeMap::new();
        if self.eat('}') {
            return Ok(map);
        }
        loop {
            let k = self.ident()?;
            self.expect(':')?;
            let v = self.value()?;
            map.insert(k, v);
            if self.eat('}') {
                return Ok(map);
            }
            self.expect(',')?;
        }
    }

    fn node(&mut self) -> Result<Tv, String> {
        self.expect('(')?;
        let mut labels = BTreeSet::new();
        while self.eat(':') {
            labels.insert(self.ident()?);
        }
        let props = if self.eat('{') {
            self.map_body()?
        } else {
            BTreeMap::new()
        };
        self.expect(')')?;
        Ok(Tv::Node(labels, props))
    }

    fn rel(&mut self) -> Result<Tv, String> {
        self.expect('[')?;
        self.expect(':')?;
        let t = self.ident()?;
        let props = if self.eat('{') {
            self.map_body()?
        } else {
            BTreeMap::new()
        };
        self.expect(']')?;
        Ok(Tv::Rel(t, props))
    }

    fn value(&mut self) -> Result<Tv, String> {
        let Some(c) = self.peek() else {
            return Err("unexpected end".into());
        };
        match c {
            '(' => self.node(),
            '<' => {
                self.at += 1;
                let mut nodes = vec![self.node()?];
                let mut rels = Vec::new();
                while !self.eat('>') {
                    if self.eat('<') {
                        self.expect('-')?;
                        let r = self.rel()?;
                        self.expect('-')?;
                        rels.push((r, false));
                    } else {
                        self.expect('-')?;
                        let r = self.rel()?;
                        self.expect('-')?;
                        self.expect('>')?;
                        rels.push((r, true));
                    }
                    nodes.push(self.node()?);
                }
                Ok(Tv::Path(nodes, rels))
            }
            '[' => {
                if self.chars.get(self.at + 1) == Some(&':') {
                    return self.rel();
                }
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(']') {
                    return Ok(Tv::List(items));
                }
                loop {
                    items.push(self.value()?);
                    if self.eat(']') {
                        return Ok(Tv::List(items));
                    }
                    self.expect(',')?;
                }
            }
            '{' => {
                self.at += 1;
                Ok(Tv::Map(self.map_body()?))
            }
            '\'' | '"' => {
                self.at += 1;
                let mut s = String::new();
                while let Some(&ch) = self.chars.get(self.at) {
                    self.at += 1;
                    if ch == c {
                        return Ok(Tv::Str(s));
                    }
                    if ch == '\\' {
                        let next = self.chars.get(self.at).copied().unwrap_or('\\');
                        self.at += 1;
                        s.push(match next {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    } else {
                        s.push(ch);
                    }
                }
                Err("unterminated string".into())
            }
            _ => {
                for (word, v) in [
                    ("null", Tv::Null),
                    ("true", Tv::Bool(true)),
                    ("false", Tv::Bool(false)),
                    ("NaN", Tv::Float(f64::NAN)),
                    ("Inf", Tv::Float(f64::INFINITY)),
                    ("-Inf", Tv::Float(f64::NEG_INFINITY)),
                ] {
                    if self.starts(word) {
                        self.at += word.chars().count();
                        return Ok(v);
                    }
                }
                let start = self.at;
                while self.at < self.chars.len()
                    && (self.chars[self.at].is_ascii_alphanumeric()
                        || "+-._".contains(self.chars[self.at]))
                {
                    self.at += 1;
                }
                let text: String = self.chars[start..self.at].iter().collect();
                if let Ok(i) = text.parse::<i64>() {
                    return Ok(Tv::Int(i));
                }
                if let Some(hex) = text.strip_prefix("0x") {
                    return i64::from_str_radix(hex, 16)
                        .map(Tv::Int)
                        .map_err(|e| e.to_string());
                }
                text.parse::<f64>()
                    .map(Tv::Float)
                    .map_err(|_| format!("cannot read value {text:?}"))
            }
        }
    }
}
