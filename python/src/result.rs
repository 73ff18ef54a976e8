//! Query results held column by column in a form that may cross threads (the
//! engine's values share strings with `Rc`), converted to Python a column at a
//! time: numbers as packed buffers for NumPy, everything else as lists.

use std::sync::{Arc, RwLock};

use icigraph_engine::Graph;
use icigraph_engine::query::{NodeId, RelId, RelPath, Table, Value, output};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::read;

/// One result value, owned.
#[derive(Debug)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    List(Vec<Cell>),
    Map(Vec<(String, Cell)>),
    Node(u32),
    Rel(u32),
    Path(Vec<u32>, Vec<u32>),
}

impl Cell {
    pub fn of(value: &Value) -> Cell {
        match value {
            Value::Null => Cell::Null,
            Value::Bool(b) => Cell::Bool(*b),
            Value::Int(i) => Cell::Int(*i),
            Value::Float(f) => Cell::Float(*f),
            Value::Str(s) => Cell::Str(Box::from(&**s)),
            Value::List(items) => Cell::List(items.iter().map(Cell::of).collect()),
            Value::Map(m) => Cell::Map(m.iter().map(|(k, v)| (k.clone(), Cell::of(v))).collect()),
            Value::Node(n) => Cell::Node(n.0),
            Value::Rel(r) => Cell::Rel(r.0),
            Value::Path(p) => Cell::Path(
                p.nodes.iter().map(|n| n.0).collect(),
                p.rels.iter().map(|r| r.0).collect(),
            ),
            // ISO 8601 text, as the JSON output gives it.
            Value::Temporal(t) => Cell::Str(Box::from(t.to_string().as_str())),
        }
    }

    fn to_py<'py>(&self, py: Python<'py>, graph: &Graph) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            Cell::Null => py.None().into_bound(py),
            Cell::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Cell::Int(i) => i.into_pyobject(py)?.into_any(),
            Cell::Float(f) => f.into_pyobject(py)?.into_any(),
            Cell::Str(s) => PyString::new(py, s).into_any(),
            Cell::List(items) => {
                let list = PyList::empty(py);
                for item in items {
                    list.append(item.to_py(py, graph)?)?;
                }
                list.into_any()
            }
            Cell::Map(entries) => {
                let d = PyDict::new(py);
                for (k, v) in entries {
                    d.set_item(k, v.to_py(py, graph)?)?;
                }
                d.into_any()
            }
            Cell::Node(n) => json(py, &output::to_json(graph, &Value::Node(NodeId(*n))))?,
            Cell::Rel(r) => json(py, &output::to_json(graph, &Value::Rel(RelId(*r))))?,
            Cell::Path(nodes, rels) => {
                let path = RelPath {
                    nodes: nodes.iter().map(|&n| NodeId(n)).collect(),
                    rels: rels.iter().map(|&r| RelId(r)).collect(),
                };
                json(py, &output::to_json(graph, &Value::Path(path.into())))?
            }
        })
    }

    /// Adds the nodes and relationships in this value to `nodes` and `rels`.
    fn collect(&self, nodes: &mut Vec<u32>, rels: &mut Vec<u32>) {
        match self {
            Cell::Node(n) => nodes.push(*n),
            Cell::Rel(r) => rels.push(*r),
            Cell::Path(ns, rs) => {
                nodes.extend(ns);
                rels.extend(rs);
            }
            Cell::List(items) => items.iter().for_each(|c| c.collect(nodes, rels)),
            Cell::Map(entries) => entries.iter().for_each(|(_, c)| c.collect(nodes, rels)),
            _ => {}
        }
    }
}

pub fn json<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

/// A query's rows, column-major.
pub struct Columns {
    pub names: Vec<String>,
    pub columns: Vec<Vec<Cell>>,
    pub rows: usize,
}

impl Columns {
    pub fn of(table: &Table) -> Columns {
        let mut columns: Vec<Vec<Cell>> = table
            .columns
            .iter()
            .map(|_| Vec::with_capacity(table.rows.len()))
            .collect();
        for row in &table.rows {
            for (column, value) in columns.iter_mut().zip(row) {
                column.push(Cell::of(value));
            }
        }
        Columns {
            names: table.columns.clone(),
            columns,
            rows: table.rows.len(),
        }
    }
}

/// The result of `Graph.query`: columns of values, converted on demand.
#[pyclass(frozen, module = "icigraph._icigraph")]
pub struct QueryResult {
    pub graph: Arc<RwLock<Graph>>,
    pub data: Columns,
}

#[pymethods]
impl QueryResult {
    /// The column names, in RETURN order.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.data.names.clone()
    }

    fn __len__(&self) -> usize {
        self.data.rows
    }

    /// Column `i` as a list of Python values (nodes, relationships and paths
    /// as dicts).
    fn column<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyList>> {
        let cells = self.cells(i)?;
        let graph = read(&self.graph);
        let list = PyList::empty(py);
        for cell in cells {
            list.append(cell.to_py(py, &graph)?)?;
        }
        Ok(list)
    }

    /// Column `i` for columnar conversion, without a Python object per value
    /// where the values allow: `("int64" | "float64" | "bool", bytes)` when
    /// every value is one number type or a boolean (native byte order);
    /// `("utf8", (offsets, data, validity, null_count))` when every value is a
    /// string or null — the three buffers of an Arrow large-string array
    /// (validity None when there is no null); else `("object", list)`.
    fn packed<'py>(
        &self,
        py: Python<'py>,
        i: usize,
    ) -> PyResult<(&'static str, Bound<'py, PyAny>)> {
        let cells = self.cells(i)?;
        if cells.is_empty() {
            return Ok(("object", PyList::empty(py).into_any()));
        }
        let fixed = |width: usize, put: &dyn Fn(&Cell, &mut Vec<u8>)| {
            let mut bytes = Vec::with_capacity(cells.len() * width);
            for c in cells {
                put(c, &mut bytes);
            }
            PyBytes::new(py, &bytes).into_any()
        };
        if cells.iter().all(|c| matches!(c, Cell::Int(_))) {
            let put = |c: &Cell, out: &mut Vec<u8>| {
                if let Cell::Int(v) = c {
                    out.extend_from_slice(&v.to_ne_bytes());
                }
            };
            return Ok(("int64", fixed(8, &put)));
        }
        if cells.iter().all(|c| matches!(c, Cell::Float(_))) {
            let put = |c: &Cell, out: &mut Vec<u8>| {
                if let Cell::Float(v) = c {
                    out.extend_from_slice(&v.to_ne_bytes());
                }
            };
            return Ok(("float64", fixed(8, &put)));
        }
        if cells.iter().all(|c| matches!(c, Cell::Bool(_))) {
            let put =
                |c: &Cell, out: &mut Vec<u8>| out.push(u8::from(matches!(c, Cell::Bool(true))));
            return Ok(("bool", fixed(1, &put)));
        }
        if cells.iter().all(|c| matches!(c, Cell::Str(_) | Cell::Null)) {
            return Ok(("utf8", strings(py, cells)?.into_any()));
        }
        Ok(("object", self.column(py, i)?.into_any()))
    }

    /// Indices of every node and relationship the result holds (in node,
    /// relationship and path values), each once, in first-seen order.
    fn elements(&self) -> (Vec<u32>, Vec<u32>) {
        let mut nodes = Vec::new();
        let mut rels = Vec::new();
        for column in &self.data.columns {
            for cell in column {
                cell.collect(&mut nodes, &mut rels);
            }
        }
        (dedup(nodes), dedup(rels))
    }
}

impl QueryResult {
    fn cells(&self, i: usize) -> PyResult<&[Cell]> {
        self.data.columns.get(i).map(Vec::as_slice).ok_or_else(|| {
            pyo3::exceptions::PyIndexError::new_err(format!(
                "column {i} out of range ({} columns)",
                self.data.columns.len()
            ))
        })
    }
}

/// Strings and nulls as Arrow large-string buffers: `(offsets, data,
/// validity or None, null count)`, little-endian as Arrow requires.
fn strings<'py>(py: Python<'py>, cells: &[Cell]) -> PyResult<Bound<'py, PyTuple>> {
    let mut offsets = Vec::with_capacity((cells.len() + 1) * 8);
    let mut data = Vec::new();
    let mut validity = vec![0u8; cells.len().div_ceil(8)];
    let mut nulls = 0usize;
    offsets.extend_from_slice(&0i64.to_le_bytes());
    for (i, cell) in cells.iter().enumerate() {
        match cell {
            Cell::Str(s) => {
                data.extend_from_slice(s.as_bytes());
                validity[i / 8] |= 1 << (i % 8);
            }
            _ => nulls += 1,
        }
        offsets.extend_from_slice(&(data.len() as i64).to_le_bytes());
    }
    let validity = if nulls == 0 {
        py.None().into_bound(py)
    } else {
        PyBytes::new(py, &validity).into_any()
    };
    PyTuple::new(
        py,
        [
            PyBytes::new(py, &offsets).into_any(),
            PyBytes::new(py, &data).into_any(),
            validity,
            nulls.into_pyobject(py)?.into_any(),
        ],
    )
}

/// Keeps the first occurrence of each value.
pub fn dedup(items: Vec<u32>) -> Vec<u32> {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.into_iter().filter(|x| seen.insert(*x)).collect()
}
