"""SPARQL twins of the canned Cypher queries, and the SPARQL runner (rdflib and Oxigraph).

One small event graph is built the way the pipeline builds it (ingest.model
extractions → graph.store.Store → graph.nx.to_networkx); its ids match the
example parameters of the canned queries, so every query returns rows with
its declared examples. Each SPARQL twin must give the rows of its Cypher twin
on the embedded backend, and the same rows on rdflib and on Oxigraph.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef

from graph.nx import to_networkx
from graph.rdf import to_rdf
from graph.store import Store
from ingest.errors import QueryError
from ingest.events import assign_event_id
from ingest.model import Actor, Article, Event, Extraction, Role
from queries import CannedQuery, canned, list_canned, sparql_runner
from queries.runner import run_embedded
from queries.sparql_runner import dataset_for, run_sparql, to_oxigraph, uses_oxigraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's own Dataset code

PUTIN, SHARAA, LAVROV, SHAIBANI = "Q7747", "person:ahmed-al-sharaa", "Q80990", "person:asaad-al-shaibani"
RUSSIA, SYRIA, DAMASCUS, TASS = "Q159", "Q858", "Q3766", "media:tass"
DELEGATION, BOGDANOV, ODD = "group:ru-delegation", "person:mikhail-bogdanov", "Q1"
ODD_NAME = 'Someone "quoted" {x} }'

PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _event(etype: str, source: list[str], target: list[str], day: str | None, article: str, n: int,
           **extra: Any) -> Event:
    precision = None if day is None else {10: "day", 7: "month", 4: "year"}[len(day)]
    ev = Event(type=etype, source=source, target=target, date=day, date_precision=precision, article=article,
               evidence=f"{etype} evidence {n}", sentence=n, start=10 * n, end=10 * n + 8, **extra)
    ev.id = assign_event_id(ev)
    return ev


def _store() -> Store:
    actors = [
        Actor(PUTIN, "Vladimir Putin", "person", name_ar="فلاديمير بوتين", country="RUS",
              roles=[Role("head_of_state", RUSSIA, "President", "الرئيس", "2012-05-07", None)]),
        Actor(SHARAA, "Ahmed al-Sharaa", "person", country="SYR",
              roles=[Role("head_of_state", SYRIA, "President", None, "2025-01-29", None)]),
        Actor(LAVROV, "Sergey Lavrov", "person", country="RUS",
              roles=[Role("foreign_minister", RUSSIA, "Foreign Minister", None, "2004-03-09", None)]),
        Actor(SHAIBANI, "Asaad al-Shaibani", "person", country="SYR",
              roles=[Role("foreign_minister", SYRIA, "Foreign Minister", None, "2024-12-21", None)]),
        Actor(RUSSIA, "Russia", "country", country="RUS"),
        Actor(SYRIA, "Syria", "country", country="SYR"),
        Actor(DAMASCUS, "Damascus", "place", country="SYR"),
        Actor(TASS, "TASS", "media"),
        Actor(DELEGATION, "Russian delegation", "group", members=[BOGDANOV]),
        Actor(BOGDANOV, "Mikhail Bogdanov", "person", country="RUS"),
        Actor(ODD, ODD_NAME, "person"),
    ]
    first = [
        _event("call", [PUTIN], [SHARAA], "2025-02-12", "a1", 0, reported_by=[TASS]),
        _event("meet", [LAVROV, SHAIBANI], [], "2025-03-01", "a1", 1, place=[DAMASCUS]),
        _event("visit", [DELEGATION], [DAMASCUS], "2025-01-28", "a1", 2),
        _event("statement", [PUTIN], [], None, "a1", 3),
        _event("statement", [PUTIN], [SYRIA], "2025", "a1", 4),
        _event("message", [PUTIN], [RUSSIA], "2025-02", "a1", 5),
        _event("call", [LAVROV, SHAIBANI, PUTIN], [], "2025-04-02", "a1", 6),  # one side: a call per pair
        _event("call", [LAVROV], [SYRIA], "2024-12", "a1", 7),  # before the example period
        _event("invite", [PUTIN], [SHARAA], "2025-02-12", "a1", 8),
        _event("visit", [SHARAA], [RUSSIA], "2025-03-20", "a1", 9),  # 36 days after the invitation
        _event("visit", [SHARAA], [], "2025-05-01", "a1", 10),  # one side: a self-loop edge
    ]
    second = [
        _event("call", [PUTIN], [SHARAA], "2025-02-12", "a2", 0, reported_by=[TASS]),  # the same call again
        _event("condemn", [SYRIA], [ODD], "2025-06-01", "a2", 1),
    ]
    store = Store("unused")
    store.add([
        Extraction(Article("a1", "t", "ar", date(2025, 2, 13), title="A1"), actors, first),
        Extraction(Article("a2", "t", "en", date(2025, 2, 14), title="A2"), actors, second),
    ])
    return store


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return to_networkx(_store())


@pytest.fixture(scope="module")
def memory(graph: nx.MultiDiGraph) -> Dataset:
    return dataset_for(graph, store="memory")


@pytest.fixture(scope="module")
def oxigraph(memory: Dataset) -> Dataset:
    return to_oxigraph(memory)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def engine(request: pytest.FixtureRequest, memory: Dataset, oxigraph: Dataset) -> Dataset:
    return memory if request.param == "memory" else oxigraph


def _examples(q: CannedQuery) -> dict[str, object]:
    return {p.name: int(p.example) if p.type == "int" else p.example for p in q.params}


def _sorted(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as tuples of plain values (dates as ISO strings), in a stable order."""
    plain = [tuple(v.isoformat() if isinstance(v, date) else v for v in row.values()) for row in rows]
    return sorted(plain, key=repr)


def _cypher_rows(G: nx.MultiDiGraph, q: CannedQuery, params: dict[str, object]) -> list[dict[str, Any]]:
    if q.name != "country_interactions":
        return run_embedded(G, q.text, params)
    # grand-cypher 1.2 cannot RETURN DISTINCT with aliases (see the xfail below): take the
    # distinct rows of the plain RETURN instead.
    rows = run_embedded(G, q.text.replace("RETURN DISTINCT", "RETURN"), params)
    return [dict(t) for t in dict.fromkeys(tuple(r.items()) for r in rows)]


EMBEDDED = [q.name for q in list_canned("cypher") if "embedded" in q.backends]


# -- the twins ---------------------------------------------------------------------------------


def test_every_cypher_query_has_a_sparql_twin_with_the_same_header():
    cypher, sparql = list_canned("cypher"), {q.name: q for q in list_canned("sparql")}
    assert [q.name for q in cypher] == sorted(sparql)
    for q in cypher:
        twin = sparql[q.name]
        assert twin.description == q.description
        assert [(p.name, p.type, p.example) for p in twin.params] == [(p.name, p.type, p.example) for p in q.params]
        assert twin.backends == ("rdflib", "oxigraph")


@pytest.mark.parametrize("name", EMBEDDED)
def test_sparql_twin_gives_the_rows_of_the_cypher_query(name: str, graph: nx.MultiDiGraph, memory: Dataset):
    q, twin = canned(name), canned(name, "sparql")
    params = _examples(q)
    expected = _cypher_rows(graph, q, params)
    got = run_sparql(memory, twin.text, params)
    assert expected, f"the fixture should give rows for {name} with {params}"
    assert list(got[0]) == list(expected[0])  # same columns, same order
    assert _sorted(got) == _sorted(expected)


@pytest.mark.parametrize("name, params", [
    ("calls_in_period", {"start": "2025-02-12", "end": "2025-02-12"}),
    ("calls_in_period", {"start": "2024", "end": "2024-12-31"}),
    ("actor_timeline", {"actor": SHAIBANI}),
    ("interactions_between", {"a": LAVROV, "b": SHAIBANI}),
    ("most_active_actors", {"start": "2025-02-01", "end": "2025-03-31"}),
    ("visits_to_country", {"country": "RUS"}),
    ("events_attributed_to", {"source": PUTIN}),
])
def test_sparql_twin_matches_cypher_with_other_params(name: str, params: dict[str, object],
                                                      graph: nx.MultiDiGraph, memory: Dataset):
    expected = _cypher_rows(graph, canned(name), params)
    assert _sorted(run_sparql(memory, canned(name, "sparql").text, params)) == _sorted(expected)


@pytest.mark.xfail(raises=QueryError, strict=True,
                   reason="grand-cypher 1.2 cannot RETURN DISTINCT with AS aliases, so the header lists neo4j "
                          "only; strict, so this flips when grand-cypher learns it")
def test_country_interactions_cypher_runs_on_the_embedded_backend(graph: nx.MultiDiGraph):
    q = canned("country_interactions")
    run_embedded(graph, q.text, _examples(q))


@pytest.mark.parametrize("name", [q.name for q in list_canned("sparql")])
def test_rdflib_and_oxigraph_give_the_same_rows(name: str, memory: Dataset, oxigraph: Dataset):
    q = canned(name, "sparql")
    params = _examples(q)
    on_oxigraph, on_rdflib = run_sparql(oxigraph, q.text, params), run_sparql(memory, q.text, params)
    assert on_rdflib and _sorted(on_oxigraph) == _sorted(on_rdflib)


@pytest.mark.parametrize("name, params, expected", [
    ("invitation_followed_by_visit", {"days": 90},
     [("2025-02-12", "Vladimir Putin", "Ahmed al-Sharaa", "2025-03-20", True)]),
    ("invitation_followed_by_visit", {"days": 30},
     [("2025-02-12", "Vladimir Putin", "Ahmed al-Sharaa", None, False)]),
    ("monthly_counts_by_type", {"c1": RUSSIA, "c2": SYRIA},
     [("2024-12", "call", 1), ("2025-02", "call", 1), ("2025-02", "invite", 1), ("2025-03", "meet", 1),
      ("2025-03", "visit", 1), ("2025-04", "call", 1)]),
    ("shortest_path", {"a": PUTIN, "b": SYRIA}, [("Vladimir Putin | Syria", "statement 2025")]),
    ("shortest_path", {"a": RUSSIA, "b": SHAIBANI},
     [("Russia | Vladimir Putin | Asaad al-Shaibani", "message 2025-02 | call 2025-04-02")]),
    ("shortest_path", {"a": ODD, "b": SHARAA}, []),  # three events apart: beyond the SPARQL twin
    ("shortest_path", {"a": TASS, "b": PUTIN}, []),
])
def test_neo4j_only_twins_on_the_fixture(name: str, params: dict[str, object], expected: list[tuple[Any, ...]],
                                         engine: Dataset):
    assert [tuple(r.values()) for r in run_sparql(engine, canned(name, "sparql").text, params)] == expected


# -- the runner: read-only ---------------------------------------------------------------------


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "PREFIX dcterms: <http://purl.org/dc/terms/> DELETE WHERE { ?s dcterms:identifier ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <urn:x:g>",
    "CREATE GRAPH <urn:x:g>",
])
def test_sparql_update_is_refused(update: str, engine: Dataset):
    before = len(engine)
    with pytest.raises(QueryError, match="read-only"):
        run_sparql(engine, update, {})
    assert len(engine) == before


def test_sparql_update_with_write_runs_in_memory_only(oxigraph: Dataset):
    ds = Dataset()
    insert = "INSERT { <urn:x:a> <http://purl.org/dc/terms/identifier> ?v } WHERE {}"
    assert run_sparql(ds, insert, {"v": "x1"}, write=True) == []
    rows = run_sparql(ds, PREFIXES + "SELECT ?s WHERE { ?s dcterms:identifier ?v }", {"v": "x1"})
    assert rows == [{"s": "urn:x:a"}]
    with pytest.raises(QueryError, match="in-memory"):
        run_sparql(oxigraph, insert, {"v": "x1"}, write=True)
    with pytest.raises(QueryError, match="network"):
        run_sparql(ds, "LOAD <http://example.org/data.ttl>", {}, write=True)


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "SELECT or ASK"),
    ("SELEC ?s WHERE { ?s ?p ?o }", "not a valid SPARQL query"),
    ("# nothing here", "no SPARQL query"),
])
def test_runner_refuses_what_it_cannot_run_safely(query: str, message: str, memory: Dataset):
    with pytest.raises(QueryError, match=message):
        run_sparql(memory, query, {})


# -- the runner: parameters --------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    'Q7747" } UNION { ?e ?side ?a } #',
    "Q7747' . ?a ?p ?o . #",
    "}\nSELECT * WHERE { ?s ?p ?o }",
    '"""',
    "\\",
    "Q7747>",
])
def test_parameter_with_quotes_or_braces_is_a_literal(value: str, engine: Dataset):
    assert run_sparql(engine, canned("actor_timeline", "sparql").text, {"actor": value}) == []


def test_parameter_matches_a_name_with_quotes_and_braces(engine: Dataset):
    query = PREFIXES + "SELECT ?id WHERE { ?a skos:prefLabel ?n ; dcterms:identifier ?id . FILTER(STR(?n) = ?name) }"
    assert run_sparql(engine, query, {"name": ODD_NAME}) == [{"id": ODD}]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_string_parameters_round_trip(engine: Dataset, value: str):
    assert run_sparql(engine, "SELECT ?v WHERE { BIND(?x AS ?v) }", {"x": value}) == [{"v": value}]


@pytest.mark.parametrize("value, expected", [
    (3, 3), (2.5, 2.5), (True, True), (date(2025, 2, 12), "2025-02-12"),
    (URIRef("urn:x:a"), "urn:x:a"), (Literal("مرحبا", lang="ar"), "مرحبا"),
])
def test_parameter_types_become_rdf_terms(value: object, expected: object, engine: Dataset):
    assert run_sparql(engine, "SELECT ?v WHERE { BIND(?x AS ?v) }", {"x": value}) == [{"v": expected}]


def test_none_leaves_the_variable_unbound(engine: Dataset):
    assert run_sparql(engine, "SELECT ?v WHERE { BIND(COALESCE(?x, 0) AS ?v) }", {"x": None}) == [{"v": 0}]


@pytest.mark.parametrize("params, message", [
    ({"actor": "Q7747", "bogus": "x"}, "bogus"),
    ({}, "declares parameter"),
    ({"actor": "Q7747", "bad name": "x"}, "variable name"),
    ({"actor": object()}, "cannot be bound"),
])
def test_parameter_mistakes_are_clear(params: dict[str, object], message: str, memory: Dataset):
    with pytest.raises(QueryError, match=message):
        run_sparql(memory, canned("actor_timeline", "sparql").text, params)


def test_parameters_bind_the_top_level_group(engine: Dataset):
    # braces and parentheses in strings, IRIs and comments are not the WHERE group
    query = PREFIXES + 'SELECT (CONCAT("{ (", ?id) AS ?v) # {\nWHERE { ?a dcterms:identifier ?id }'
    assert run_sparql(engine, query, {"id": PUTIN}) == [{"v": "{ (" + PUTIN}]


def test_exists_in_the_select_clause_is_not_the_where_group(oxigraph: Dataset):
    # rdflib cannot evaluate EXISTS in a SELECT clause; Oxigraph can, given the right "{"
    query = PREFIXES + "SELECT (EXISTS { ?a dcterms:identifier ?id } AS ?known) ?id WHERE { }"
    assert run_sparql(oxigraph, query, {"id": PUTIN}) == [{"known": True, "id": PUTIN}]
    assert run_sparql(oxigraph, query, {"id": "(nobody {"}) == [{"known": False, "id": "(nobody {"}]


def test_ask_query(engine: Dataset):
    query = PREFIXES + "ASK { ?a dcterms:identifier ?id }"
    assert run_sparql(engine, query, {"id": PUTIN}) == [{"ask": True}]
    assert run_sparql(engine, query, {"id": "nobody"}) == [{"ask": False}]


# -- datasets ----------------------------------------------------------------------------------


def test_dataset_for_picks_the_store_by_size(graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch):
    small = dataset_for(graph)
    assert not uses_oxigraph(small)
    assert dataset_for(graph) is not small  # nothing cached
    monkeypatch.setattr(sparql_runner, "OXIGRAPH_THRESHOLD", 10)
    large = dataset_for(graph)
    assert uses_oxigraph(large) and len(large) == len(small)
    assert not uses_oxigraph(dataset_for(graph, store="memory"))
    with pytest.raises(ValueError, match="store"):
        dataset_for(graph, store="disk")  # type: ignore[arg-type]


def test_to_oxigraph_keeps_named_graphs(graph: nx.MultiDiGraph):
    ds = to_rdf(graph, named_graphs="article")
    copy = to_oxigraph(ds)
    assert len(copy) == len(ds)
    count = "PREFIX sfr: <https://sifara.example.org/ontology#> SELECT (COUNT(*) AS ?n) WHERE { %s }"
    in_default, in_named = count % "?e sfr:hasMention ?m", count % "GRAPH ?g { ?e sfr:hasMention ?m }"
    assert run_sparql(copy, in_default, {}) == run_sparql(ds, in_default, {}) == [{"n": 0}]
    assert run_sparql(copy, in_named, {}) == run_sparql(ds, in_named, {}) == [{"n": 13}]


def test_sparql_timeout_stops_a_runaway_query(graph: nx.MultiDiGraph) -> None:
    ds = dataset_for(graph)
    cross = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"
    with pytest.raises(QueryError, match="timeout"):
        run_sparql(ds, cross, timeout=0.3)
    assert run_sparql(ds, "ASK { ?s ?p ?o }", timeout=10) == [{"ask": True}]
