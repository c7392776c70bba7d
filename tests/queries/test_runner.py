"""Parameter binding, read-only enforcement and clear errors of the embedded Cypher runner."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.errors import QueryError
from queries import canned, list_canned
from queries.runner import bind_params, cypher_literal, is_write_query, run_embedded


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("a", __labels__={"Actor", "Person"}, id="a", name='Odd "name" \\ here')
    G.add_node("b", __labels__={"Actor", "Person"}, id="b", name="B")
    return G


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_runner_string_params_round_trip(value):
    G = nx.MultiDiGraph()
    G.add_node("x", __labels__={"Actor"}, id="x", name=value)
    rows = run_embedded(G, "MATCH (a:Actor) WHERE a.name = $name RETURN a.id", {"name": value})
    assert rows == [{"a.id": "x"}]


@pytest.mark.parametrize("value", ['" OR 1=1 //', 'x" RETURN a //', "\\"])
def test_runner_injection_is_a_literal(value):
    rows = run_embedded(_graph(), "MATCH (a:Person) WHERE a.name = $n RETURN a.id", {"n": value})
    assert rows == []


@pytest.mark.parametrize(
    "cypher",
    ["CREATE (n:Actor {id: 'x'})", "MATCH (n) DETACH DELETE n", "LOAD CSV FROM 'file:///x' AS row RETURN row",
     "CALL dbms.components()", "MATCH (n) SET n.x = 1"],
)
def test_runner_refuses_writes_without_flag(cypher):
    assert is_write_query(cypher)
    with pytest.raises(QueryError, match=r"read-only|--write"):
        run_embedded(_graph(), cypher)


@pytest.mark.parametrize("cypher", ["MATCH (a) WITH a RETURN a", "OPTIONAL MATCH (a) RETURN a", "MATCH (a RETURN"])
def test_runner_unsupported_names_neo4j(cypher):
    with pytest.raises(QueryError, match="Neo4j"):
        run_embedded(_graph(), cypher)


def test_runner_missing_param_is_clear():
    with pytest.raises(QueryError, match=r"\$who"):
        bind_params("MATCH (a) WHERE a.id = $who RETURN a", {})


@pytest.mark.parametrize("value, literal", [(None, "null"), (True, "true"), (3, "3"), (["a"], '["a"]')])
def test_runner_literals(value, literal):
    assert cypher_literal(value) == literal


def test_canned_queries_have_headers_and_examples():
    qs = list_canned()
    assert len(qs) >= 10
    for q in qs:
        assert q.description and q.backends
        for p in q.params:
            assert p.example, f"{q.name}: parameter {p.name} has no example"


def test_canned_unknown_param_rejected():
    with pytest.raises(QueryError, match="unknown parameter"):
        canned("actor_timeline").coerce({"actor": "x", "bogus": "1"})


def _big_graph(n: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"a{i}", __labels__={"Actor"}, id=f"a{i}", name=f"A {i}")
    for i in range(n):
        for j in range(n):
            if i != j:
                G.add_edge(f"a{i}", f"a{j}", __labels__={"MET"})
    return G


def test_runner_timeout_stops_a_runaway_query():
    import time

    G = _big_graph(40)
    started = time.perf_counter()
    with pytest.raises(QueryError, match=r"timeout of 0\.5 s"):
        run_embedded(G, "MATCH (a)-[]->(b)-[]->(c)-[]->(d) RETURN a.id, d.id", timeout=0.5)
    assert time.perf_counter() - started < 5
    # the timer is gone afterwards: a quick query with and without a limit runs normally
    assert run_embedded(G, 'MATCH (a) WHERE a.id == "a1" RETURN a.name', timeout=30) == [{"a.name": "A 1"}]
    time.sleep(0.6)
    assert len(run_embedded(G, "MATCH (a) RETURN a.id")) == 40


def test_runner_timeout_is_not_enforced_off_the_main_thread():
    from concurrent.futures import ThreadPoolExecutor

    G = _big_graph(5)
    with ThreadPoolExecutor(1) as pool:
        rows = pool.submit(run_embedded, G, "MATCH (a) RETURN a.id", None, False, 0.001).result()
    assert len(rows) == 5


def test_runner_timeout_keeps_an_enclosing_timer():
    import signal

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        run_embedded(_big_graph(3), "MATCH (a) RETURN a.id", timeout=5)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < left <= 30  # re-armed, not cancelled
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired
