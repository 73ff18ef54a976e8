"""Hostile and malformed queries: each is a QueryError with a place, never a
crash; runaway work stops at the limit; the GIL is free while the engine works."""

from __future__ import annotations

import threading
import time

import pytest

import icigraph


@pytest.mark.parametrize(
    "text,kind,line,column",
    [
        ("MATCH (n:Gen) RETURN n", "semantic", 1, 10),
        ("MATCH (n RETURN n", "syntax", 1, None),
        ("MATCH (n)\nRETURN m", "semantic", 2, 8),
        ("RETURN 1 +", "syntax", 1, None),
        ("RETURN $missing", "parameter", None, None),
        ("RETURN 1 / 0", "argument", None, None),
        ("RETURN 'a' + {}", "type", None, None),
    ],
)
def test_bad_queries_say_where(g: icigraph.Graph, text: str, kind: str, line, column) -> None:
    with pytest.raises(icigraph.QueryError) as e:
        g.query(text)
    err = e.value
    assert err.kind == kind, str(err)
    if line is not None:
        assert err.line == line
    if column is not None:
        assert err.column == column
        assert f"line {line}, column {column}" in str(err)
        assert "^" in str(err)


def test_suggestion_in_help(g: icigraph.Graph) -> None:
    with pytest.raises(icigraph.QueryError) as e:
        g.query("MATCH (n:Gen) RETURN n")
    assert e.value.help and "Gene" in e.value.help


def test_check_query_without_graph() -> None:
    icigraph.check_query("MATCH (n) RETURN n")
    with pytest.raises(icigraph.QueryError):
        icigraph.check_query("MATCH (n RETURN n")


@pytest.mark.parametrize(
    "text",
    [
        "RETURN " + "(" * 5000 + "1" + ")" * 5000,
        "RETURN " + "[" * 5000 + "]" * 5000,
        "RETURN " + " + ".join(["1"] * 300),
        "\x00\x01 MATCH",
        "MATCH (n) RETURN n.\u202e",
        "",
        ";;;",
        "UNWIND range(1, 9223372036854775807) AS x RETURN count(x)",
        "RETURN 9223372036854775807 + 1",
    ],
)
def test_hostile_text_is_an_error_or_an_answer(g: icigraph.Graph, text: str) -> None:
    try:
        g.query(text)
    except icigraph.IcigraphError:
        pass


def test_runaway_query_hits_the_limit(g: icigraph.Graph) -> None:
    with pytest.raises(icigraph.QueryError) as e:
        g.execute("MATCH (a)-[*1..8]-(b) RETURN count(*)", max_expansions=100_000)
    assert e.value.kind == "limit"
    assert len(g.execute("MATCH (a:Drug) RETURN a", max_expansions=100_000)) > 0


def test_nesting_limit(g: icigraph.Graph) -> None:
    with pytest.raises(icigraph.QueryError) as e:
        g.query("RETURN " + "[" * 1001 + "]" * 1001)
    assert e.value.kind == "limit" and e.value.line == 1 and e.value.column == 1008
    assert g.query("RETURN '" + "(" * 5000 + "' AS s")[0]["s"] == "(" * 5000


def test_bad_parameter_values(g: icigraph.Graph) -> None:
    with pytest.raises(icigraph.UsageError, match=r"\$p"):
        g.query("RETURN $p", p=object())


def test_gil_is_released_during_queries(generated) -> None:
    g = icigraph.load(generated)
    text = "MATCH (a)-[]->(b)-[]->(c) RETURN count(*) AS n"
    ticks = 0
    done = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    t = threading.Thread(target=tick)
    t.start()
    start = time.perf_counter()
    try:
        runs = 0
        while time.perf_counter() - start < 0.5:
            g.query(text)
            runs += 1
    finally:
        done.set()
        t.join()
    # A thread holding the GIL would starve the ticker for the whole run.
    assert ticks > runs, (ticks, runs)


def test_threads_share_a_graph(g: icigraph.Graph) -> None:
    errors: list = []

    def work() -> None:
        try:
            for _ in range(20):
                assert g.path("JAK1 loss", "anti-CTLA-4")["paths"]
                assert len(g.query("MATCH (d:Drug) RETURN d.name")) > 0
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
