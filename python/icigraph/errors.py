"""The exceptions icigraph raises. Every one derives from :class:`IcigraphError`."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class IcigraphError(Exception):
    """Base class of every icigraph error (also raised for an internal engine
    error, which is a bug worth reporting)."""


class DataError(IcigraphError):
    """A graph could not be loaded: invalid data, a missing file, not a graph
    folder, or a damaged snapshot.

    ``problems`` lists every problem found, each a dict with ``file``,
    ``line`` (1-based, or None for a whole-file problem), ``column`` (the
    header name, or None) and ``message``; ``file`` and ``line`` are those of
    the first; ``total`` counts all problems (only the first 100 are kept).
    """

    file: Optional[str] = None
    line: Optional[int] = None
    problems: List[Dict[str, Any]] = []
    total: int = 0


class NameNotFound(IcigraphError, LookupError):
    """No node has this name, synonym or id. ``suggestions`` lists the
    closest nodes as ``{id, name, category}`` dicts."""

    name: str = ""
    suggestions: List[Dict[str, str]] = []


class AmbiguousName(NameNotFound):
    """The name fits several nodes; ``suggestions`` lists them all. Give the
    id or the full name."""


class QueryError(IcigraphError, ValueError):
    """A Cypher query that does not parse, plan or run. ``line`` and
    ``column`` (1-based) point at the offending text when known; ``kind`` is
    one of syntax, semantic, type, argument, unsupported, limit, parameter;
    ``help`` holds a suggestion when there is one."""

    kind: str = ""
    line: Optional[int] = None
    column: Optional[int] = None
    help: Optional[str] = None


class NotFound(IcigraphError, LookupError):
    """A search found nothing: no path within the hop limit, no strategy
    for a mechanism."""


class UsageError(IcigraphError, ValueError):
    """An argument the engine cannot use: an unknown category, predicate or
    figure, ``k=0``, an endpoint in ``avoid`` …"""


class RenderError(IcigraphError):
    """A picture could not be made: Graphviz's ``dot`` is not installed or
    failed, or the file type is not one it writes."""
