"""icigraph: the cited knowledge graph of acquired resistance to immune
checkpoint inhibitors (Wang et al., Cell & Bioscience 2023), and the engine
that loads, searches and queries it, from Python.

>>> import icigraph
>>> g = icigraph.open()
>>> g.resolve("B2M")["name"]
'β2M'

The engine is Rust (the ``icigraph-engine`` crate); this package is a thin
layer over it. Loads, searches and queries run with the GIL released.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _icigraph
from .errors import (
    AmbiguousName,
    DataError,
    IcigraphError,
    NameNotFound,
    NotFound,
    QueryError,
    RenderError,
    UsageError,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx
    import pandas
    import pyarrow

__all__ = [
    "AmbiguousName",
    "DataError",
    "Figure",
    "Graph",
    "IcigraphError",
    "NameNotFound",
    "Neighborhood",
    "NotFound",
    "Paths",
    "QueryError",
    "RenderError",
    "Result",
    "UsageError",
    "check_query",
    "generate",
    "load",
    "open",
    "render_dot",
]

__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]

#: File types :func:`render_dot` writes through Graphviz.
IMAGE_TYPES = ("svg", "png", "pdf")


def open() -> "Graph":  # noqa: A001 - the natural name: icigraph.open()
    """The shipped graph: the review's mechanisms, genes, drugs, strategies,
    trials and cancer types, every edge with its reference numbers."""
    return Graph(_icigraph.Engine.load())


def load(
    folder: Optional[PathLike] = None,
    *,
    kgx_nodes: Optional[PathLike] = None,
    kgx_edges: Optional[PathLike] = None,
    snapshot: Optional[PathLike] = None,
) -> "Graph":
    """Loads a graph from a folder (curated ``schema/ nodes/ edges/``, or
    ``nodes.csv`` + ``edges.csv``, or KGX ``nodes.tsv`` + ``edges.tsv``), from
    KGX files given by path, or from a snapshot written by
    :meth:`Graph.build_snapshot`. Give exactly one source.

    Raises :class:`DataError` listing every problem as ``file:line``.
    """
    given = [x is not None for x in (folder, kgx_nodes or kgx_edges, snapshot)]
    if sum(given) != 1 or (kgx_nodes is None) != (kgx_edges is None):
        raise UsageError(
            "give one source: a folder, kgx_nodes= and kgx_edges= together, or snapshot= "
            "(icigraph.open() is the shipped graph)"
        )
    return Graph(
        _icigraph.Engine.load(
            folder=_path(folder), kgx_nodes=_path(kgx_nodes), kgx_edges=_path(kgx_edges), snapshot=_path(snapshot)
        )
    )


def generate(nodes: int, edges: int, seed: int, out: PathLike, *, kgx: bool = False) -> Tuple[int, int]:
    """Writes a seeded synthetic knowledge graph to the folder ``out``
    (``nodes.csv``/``edges.csv``, or KGX TSV), as ``icigraph generate`` does;
    returns (nodes, edges) written. Load it with ``icigraph.load(out)``."""
    return _icigraph.generate(nodes, edges, seed, os.fspath(out), kgx)


def check_query(cypher: str) -> None:
    """Checks a query's syntax and scope without running it; raises
    :class:`QueryError` with line and column."""
    _icigraph.check_query(cypher)


def _path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def _names(value: Union[str, Iterable[str], None]) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


# ---------------------------------------------------------------- drawing


def render_dot(dot: str, path: PathLike) -> Path:
    """Writes DOT text to ``path``: as is for ``.dot``/``.gv``, else as SVG,
    PNG or PDF through Graphviz's ``dot`` program. Returns the path."""
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind in ("dot", "gv"):
        target.write_text(dot, encoding="utf-8")
        return target
    if kind not in IMAGE_TYPES:
        raise RenderError(f"cannot write {target.name!r}: give a .svg, .png, .pdf, .dot or .gv file")
    target.write_bytes(_graphviz(dot, kind))
    return target


def _graphviz(dot: str, kind: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError(
            "Graphviz's `dot` program is not installed (apt-get install graphviz, brew install graphviz); "
            "write a .dot file instead, or use .dot() for the text"
        )
    done = subprocess.run([exe, f"-T{kind}"], input=dot.encode("utf-8"), capture_output=True)
    if done.returncode != 0:
        raise RenderError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


class _Drawable:
    """Something with a DOT drawing; shown as SVG in Jupyter when Graphviz
    is installed."""

    def dot(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def svg(self) -> str:
        """The drawing as SVG text (needs Graphviz's ``dot``)."""
        return _graphviz(self.dot(), "svg").decode("utf-8")

    def _repr_svg_(self) -> Optional[str]:
        if shutil.which("dot") is None:
            return None
        try:
            return self.svg()
        except RenderError:
            return None


class Figure(_Drawable):
    """One of the review's figures or tables drawn from the graph (a view of
    ``schema/views.csv``), or the whole graph."""

    def __init__(self, graph: "Graph", view: Optional[str], title: str, caption: str) -> None:
        self._graph = graph
        self.id = view
        self.title = title
        self.caption = caption

    def dot(self) -> str:
        return self._graph._engine.figure_dot(self.id)

    def to_networkx(self) -> "networkx.MultiDiGraph":
        """The figure's nodes and edges as a networkx MultiDiGraph."""
        return self._graph.to_networkx(self.id)

    def __repr__(self) -> str:
        return f"<icigraph.Figure {self.id or 'whole graph'}: {self.title}>"


class Paths(dict, _Drawable):
    """The answer of :meth:`Graph.path`: a dict with ``from``, ``to`` and
    ``paths`` (each with ``hops``, ``nodes`` and ``edges``, every edge with
    its refs and evidence), drawable as a picture."""

    def __init__(self, data: Dict[str, Any], graph: "Graph", nodes: List[int], edges: List[int]) -> None:
        super().__init__(data)
        self._graph = graph
        self._nodes = nodes
        self._edges = edges

    def dot(self) -> str:
        ends = [self._graph._engine.index(self["from"]["id"]), self._graph._engine.index(self["to"]["id"])]
        n = len(self["paths"])
        return self._graph._engine.dot(
            self._nodes,
            self._edges,
            strong_nodes=ends,
            strong_edges=self._edges,
            context=True,
            title=f"{self['from']['name']} to {self['to']['name']}",
            caption=f"{n} path{'' if n == 1 else 's'}.",
        )

    def to_networkx(self) -> "networkx.MultiDiGraph":
        """The nodes and edges on the paths as a networkx MultiDiGraph."""
        return _networkx(self._graph, self._nodes, self._edges)


class Neighborhood(dict, _Drawable):
    """The answer of :meth:`Graph.neighbors`: a dict with ``center``,
    ``depth`` and ``neighbors`` (each with the edge that reached it)."""

    def __init__(self, data: Dict[str, Any], graph: "Graph", nodes: List[int], edges: List[int]) -> None:
        super().__init__(data)
        self._graph = graph
        self._nodes = nodes
        self._edges = edges

    def dot(self) -> str:
        n = len(self["neighbors"])
        d = self["depth"]
        return self._graph._engine.dot(
            self._nodes,
            self._edges,
            strong_nodes=self._nodes[:1],
            strong_edges=self._edges,
            context=True,
            title=f"Around {self['center']['name']}",
            caption=f"{n} neighbours within {d} step{'' if d == 1 else 's'}.",
        )

    def to_networkx(self) -> "networkx.MultiDiGraph":
        """The neighbourhood's nodes and reaching edges as a networkx MultiDiGraph."""
        return _networkx(self._graph, self._nodes, self._edges)


def _networkx(graph: "Graph", nodes: Optional[List[int]], edges: Optional[List[int]]) -> "networkx.MultiDiGraph":
    try:
        import networkx as nx
    except ImportError as e:
        raise ImportError("to_networkx() needs networkx: pip install networkx") from e
    node_list, edge_list = graph._engine.elements(nodes, edges)
    g = nx.MultiDiGraph()
    g.add_nodes_from(node_list)
    g.add_edges_from(edge_list)
    return g


class Result(_Drawable):
    """The rows of a Cypher query. Iterating gives one dict per row (nodes,
    relationships and paths as dicts); :meth:`to_pandas` and
    :meth:`to_arrow` convert whole columns at once; :meth:`to_networkx` and
    :meth:`dot` use the nodes, relationships and paths it returned."""

    def __init__(self, raw: "_icigraph.QueryResult", graph: "Graph") -> None:
        self._raw = raw
        self._graph = graph
        self.columns: List[str] = raw.columns

    def __len__(self) -> int:
        return len(self._raw)

    def column(self, name: Union[str, int]) -> List[Any]:
        """One column as a list."""
        return self._raw.column(self._index(name))

    def _index(self, name: Union[str, int]) -> int:
        if isinstance(name, int):
            return name
        try:
            return self.columns.index(name)
        except ValueError:
            raise KeyError(f"no column {name!r}; the columns are {self.columns}") from None

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        columns = [self._raw.column(i) for i in range(len(self.columns))]
        names = self.columns
        for values in zip(*columns):
            yield dict(zip(names, values))

    def rows(self) -> List[Dict[str, Any]]:
        """Every row as a dict."""
        return list(self)

    def __getitem__(self, i: int) -> Dict[str, Any]:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"row {i} out of range ({n} rows)")
        return {name: self._raw.column(c)[i] for c, name in enumerate(self.columns)}

    def _columns(self) -> Iterator[Tuple[str, str, Any]]:
        for i, name in enumerate(self.columns):
            kind, payload = self._raw.packed(i)
            yield name, kind, payload

    def to_pandas(self) -> "pandas.DataFrame":
        """The rows as a pandas DataFrame, converted a column at a time:
        numbers and booleans arrive as NumPy arrays and (with pyarrow
        installed) strings as Arrow string arrays, with no per-row step;
        nodes, relationships, paths, lists and maps stay Python objects."""
        try:
            import numpy as np
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        try:
            import pyarrow as pa
        except ImportError:
            pa = None
        data = {}
        n = len(self)
        for i, (name, kind, payload) in enumerate(self._columns()):
            if kind == "utf8":
                if pa is not None:
                    data[name] = _arrow_strings(pa, n, payload).to_pandas()
                else:
                    data[name] = self._raw.column(i)
            elif kind != "object":
                data[name] = np.frombuffer(payload, dtype=kind)
            else:
                data[name] = pd.Series(payload, dtype=object) if payload else payload
        return pd.DataFrame(data, columns=self.columns)

    def to_arrow(self) -> "pyarrow.Table":
        """The rows as a pyarrow Table, built from the engine's column buffers
        (numbers, booleans and strings copy no Python objects). Columns of
        nodes, relationships or mixed types that Arrow cannot type become
        JSON text."""
        try:
            import pyarrow as pa
        except ImportError as e:
            raise ImportError("to_arrow() needs pyarrow: pip install pyarrow") from e
        import numpy as np

        arrays = []
        n = len(self)
        for _name, kind, payload in self._columns():
            if kind == "utf8":
                arrays.append(_arrow_strings(pa, n, payload))
            elif kind != "object":
                arrays.append(pa.array(np.frombuffer(payload, dtype=kind)))
            else:
                try:
                    arrays.append(pa.array(payload))
                except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
                    arrays.append(
                        pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in payload])
                    )
        return pa.Table.from_arrays(arrays, names=self.columns)

    def _elements(self) -> Tuple[List[int], List[int]]:
        nodes, rels = self._raw.elements()
        if not nodes and not rels:
            raise UsageError(
                "the result holds no nodes, relationships or paths: RETURN them (e.g. RETURN m, r, g) "
                "rather than their properties"
            )
        return nodes, rels

    def to_networkx(self) -> "networkx.MultiDiGraph":
        """The nodes, relationships and paths the query returned as a networkx
        MultiDiGraph (a relationship brings its two end nodes)."""
        nodes, rels = self._elements()
        return _networkx(self._graph, nodes, rels)

    def dot(self) -> str:
        nodes, rels = self._elements()
        return self._graph._engine.dot(
            nodes,
            rels,
            title="Query result",
            caption=f"{len(nodes)} nodes, {len(rels)} relationships.",
        )

    def _repr_svg_(self) -> Optional[str]:
        # Only graph-shaped results are pictures; tables show as HTML.
        nodes, rels = self._raw.elements()
        if not rels:
            return None
        return super()._repr_svg_()

    def _repr_html_(self, limit: int = 50) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = []
        for i, row in enumerate(self):
            if i == limit:
                break
            cells = "".join(f"<td>{html.escape(_cell_text(v))}</td>" for v in row.values())
            body.append(f"<tr>{cells}</tr>")
        n = len(self)
        more = f" (first {limit} shown)" if n > limit else ""
        return (
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p>{n} row{'' if n == 1 else 's'}{more}</p>"
        )

    def __repr__(self) -> str:
        n = len(self)
        return f"<icigraph.Result {n} row{'' if n == 1 else 's'}: {', '.join(self.columns)}>"


def _arrow_strings(pa: Any, n: int, buffers: Tuple[bytes, bytes, Optional[bytes], int]) -> Any:
    offsets, data, validity, nulls = buffers
    return pa.Array.from_buffers(
        pa.large_string(),
        n,
        [None if validity is None else pa.py_buffer(validity), pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=nulls,
    )


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dict) and "labels" in v and "properties" in v:
        name = v["properties"].get("name", v.get("id"))
        return f"{name} [{':'.join(v['labels'])}]"
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


# ---------------------------------------------------------------- the graph


class Graph:
    """A loaded graph. Get one with :func:`open` (the shipped graph) or
    :func:`load`. Methods taking a node name accept names, synonyms and ids
    forgivingly (``β2M``, ``B2M``, ``beta2-microglobulin``)."""

    def __init__(self, engine: "_icigraph.Engine") -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return repr(self._engine)

    @property
    def node_count(self) -> int:
        return self._engine.node_count

    @property
    def edge_count(self) -> int:
        return self._engine.edge_count

    @property
    def origin(self) -> str:
        """Where the graph was loaded from."""
        return self._engine.origin

    def build_snapshot(self, path: PathLike) -> Path:
        """Writes a binary snapshot for fast loading with ``icigraph.load(snapshot=path)``."""
        self._engine.build_snapshot(os.fspath(path))
        return Path(path)

    def resolve(self, name: str) -> Dict[str, str]:
        """``{id, name, category}`` of the node a name means. Raises
        :class:`NameNotFound` (with ``suggestions``) or :class:`AmbiguousName`."""
        return self._engine.resolve(name)

    def node(self, name: str) -> Dict[str, Any]:
        """Everything about a node: id, name, category, synonyms, properties
        and every edge in and out, each with its reading, neighbour, refs,
        evidence and whatever provenance the graph records."""
        return self._engine.node(name)

    def neighbors(
        self,
        name: str,
        depth: int = 1,
        *,
        categories: Union[str, Iterable[str], None] = None,
        predicates: Union[str, Iterable[str], None] = None,
        directed: bool = False,
    ) -> Neighborhood:
        """Nodes within ``depth`` steps, each with the edge that reached it.
        ``categories`` limits the nodes listed (others are still walked
        through), ``predicates`` the edges walked; ``directed`` walks only
        from subject to object."""
        data, nodes, edges = self._engine.neighbors(
            name, depth, _names(categories), _names(predicates), directed
        )
        return Neighborhood(data, self, nodes, edges)

    def path(
        self,
        source: str,
        target: str,
        *,
        k: int = 1,
        max_hops: int = 6,
        directed: bool = False,
        avoid: Union[str, Iterable[str], None] = None,
        via_categories: Union[str, Iterable[str], None] = None,
        exclude_categories: Union[str, Iterable[str], None] = None,
        predicates: Union[str, Iterable[str], None] = None,
    ) -> Paths:
        """The ``k`` shortest loopless paths (Yen), shortest and best-evidenced
        first. Raises :class:`NotFound` when none exists within ``max_hops``."""
        data, nodes, edges = self._engine.path(
            source,
            target,
            k,
            max_hops,
            directed,
            _names(avoid),
            _names(via_categories),
            _names(exclude_categories),
            _names(predicates),
        )
        return Paths(data, self, nodes, edges)

    def count_within(self, name: str, hops: int = 2) -> int:
        """How many distinct nodes lie within ``hops`` directed steps of a node."""
        return self._engine.count_within(name, hops)

    def strategies(self, mechanism: str, direct_only: bool = False) -> Dict[str, Any]:
        """The strategies and drugs that counteract the mechanism: those the
        review names for it first, then those inferred from narrower or broader
        mechanisms (``knowledge_level`` ``logical_entailment`` with ``via``),
        each with the path and references that justify it. ``direct_only``
        keeps only the first group."""
        return self._engine.strategies(mechanism, direct_only)

    def stats(self, hubs: int = 10) -> Dict[str, Any]:
        """Counts per category and predicate, connected components and the
        ``hubs`` best-connected nodes."""
        return self._engine.stats(hubs)

    def query(self, cypher: str, /, **params: Any) -> Result:
        """Runs Cypher; ``$name`` parameters come from keyword arguments
        (JSON-like values). Unknown labels, types and properties are errors
        with a suggestion. Raises :class:`QueryError` with line and column."""
        return Result(self._engine.query(cypher, params or None), self)

    def execute(
        self, cypher: str, params: Optional[Dict[str, Any]] = None, *, max_expansions: Optional[int] = None
    ) -> Result:
        """:meth:`query` with the parameters as a dict and the work limit
        (relationship expansions, 20 million by default) adjustable; a query
        past the limit raises :class:`QueryError` of kind ``limit``."""
        return Result(self._engine.query(cypher, params or None, max_expansions), self)

    def figures(self) -> List[Figure]:
        """The review's figures and tables available as drawings."""
        return [Figure(self, f["id"], f["title"], f["caption"]) for f in self._engine.figures()]

    def figure(self, view: str) -> Figure:
        """One figure view by id (``fig1`` … ``table2``)."""
        for f in self._engine.figures():
            if f["id"] == view:
                return Figure(self, f["id"], f["title"], f["caption"])
        self._engine.figure_dot(view)  # raises UsageError with a suggestion
        raise UsageError(f"no figure {view!r}")  # pragma: no cover

    def to_networkx(self, view: Optional[str] = None) -> "networkx.MultiDiGraph":
        """The whole graph, or one figure view's nodes and edges, as a
        networkx MultiDiGraph keyed by node id, with every property as an
        attribute."""
        if view is None:
            return _networkx(self, None, None)
        nodes, edges = self._engine.members(view)
        return _networkx(self, nodes, edges)

    def dot(self, what: Union[str, _Drawable, None] = None) -> str:
        """DOT text of a figure id, a result, or (None) the whole graph."""
        if what is None or isinstance(what, str):
            return self._engine.figure_dot(what)
        if isinstance(what, _Drawable):
            return what.dot()
        raise UsageError(f"cannot draw a {type(what).__name__}: give a figure id, a Figure, Paths, Neighborhood or Result")

    def render(self, what: Union[str, _Drawable, None], path: PathLike) -> Path:
        """Draws a figure id (``"fig4"``), a :class:`Figure`, :class:`Paths`,
        :class:`Neighborhood` or graph-shaped :class:`Result` to ``path``:
        ``.dot``/``.gv`` as DOT text, ``.svg``/``.png``/``.pdf`` through
        Graphviz (:class:`RenderError` when it is not installed)."""
        return render_dot(self.dot(what), path)
