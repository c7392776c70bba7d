"""Canned Cypher queries: the same rows on the embedded graph (grand-cypher) and on Neo4j.

Two graphs: the bundled sample corpus (built by the pipeline) and a small hand-made
store with what the sample lacks (calls at month precision and undated, an
invitation followed by a visit, a person holding two offices of one country, a
statement without a target). Every canned query has at least one case below
that returns rows; each case is loaded into an empty Neo4j database and run on
both backends with the same parameters.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import queries
import sifara
from graph.neo4j import Connection, counts, graph_counts, load_graph, run_query
from graph.nx import to_networkx
from graph.store import Store
from ingest.errors import QueryError
from queries import canned, list_canned
from queries.runner import run_embedded

# --------------------------------------------------------------------------- graphs


def _actor(aid: str, kind: str, name: str, country: str | None, name_ar: str | None = None,
           roles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": aid, "kind": kind, "name": name, "name_ar": name_ar, "names": [name, *([name_ar] if name_ar else [])],
            "country": country, "wikidata": aid if aid.startswith("Q") else None, "roles": roles or [], "members": []}


def _role(office: str, org: str, since: str, until: str | None = None) -> dict[str, Any]:
    return {"office": office, "org": org, "since": since, "until": until, "title": office.replace("_", " "),
            "title_ar": None}


ACTORS = [
    _actor("Q159", "country", "Russia", "RUS", "روسيا"),
    _actor("Q858", "country", "Syria", "SYR", "سوريا"),
    _actor("Q3766", "place", "Damascus", "SYR", "دمشق"),
    _actor("Q7747", "person", "Vladimir Putin", "RUS", "فلاديمير بوتين",
           [_role("head_of_government", "Q159", "2008-05-08", "2012-05-07"), _role("head_of_state", "Q159", "2012-05-07")]),
    _actor("person:bashar-al-assad", "person", "Bashar al-Assad", "SYR", "بشار الأسد",
           [_role("head_of_state", "Q858", "2000-07-17")]),
    _actor("person:sergey-lavrov", "person", "Sergey Lavrov", "RUS", "سيرغي لافروف",
           [_role("foreign_minister", "Q159", "2004-03-09")]),
    _actor("person:faisal-mekdad", "person", "Faisal Mekdad", "SYR", "فيصل المقداد",
           [_role("deputy_foreign_minister", "Q858", "2006-01-01", "2020-11-22"),
            _role("foreign_minister", "Q858", "2020-11-22")]),
    _actor("media:tass", "media", "TASS", "RUS", "تاس"),
]

# id: (type, sources, targets, date, places, reported by)
EVENTS: dict[str, tuple[str, list[str], list[str], str | None, list[str], list[str]]] = {
    "ev:call-putin-assad": ("call", ["Q7747"], ["person:bashar-al-assad"], "2025-02-12", [], ["media:tass"]),
    "ev:call-lavrov-mekdad-month": ("call", ["person:sergey-lavrov"], ["person:faisal-mekdad"], "2025-03", [], []),
    "ev:call-lavrov-mekdad-undated": ("call", ["person:sergey-lavrov"], ["person:faisal-mekdad"], None, [], []),
    "ev:call-lavrov-mekdad-2024": ("call", ["person:sergey-lavrov"], ["person:faisal-mekdad"], "2024-12-30", [], []),
    "ev:invite-assad-putin": ("invite", ["person:bashar-al-assad"], ["Q7747"], "2025-01-10", [], ["media:tass"]),
    "ev:invite-putin-mekdad": ("invite", ["Q7747"], ["person:faisal-mekdad"], "2025-04-01", [], []),
    "ev:visit-putin-damascus": ("visit", ["Q7747"], ["Q3766"], "2025-02-20", [], []),
    "ev:visit-mekdad-russia": ("visit", ["person:faisal-mekdad"], ["Q159"], "2025-05", [], []),
    "ev:meet-putin-assad": ("meet", ["Q7747"], ["person:bashar-al-assad"], "2025-02-20", ["Q3766"], []),
    "ev:meet-ministers": ("meet", ["person:sergey-lavrov", "person:faisal-mekdad"], [], "2025-02-20", ["Q3766"], []),
    "ev:statement-putin-syria": ("statement", ["Q7747"], ["Q858"], "2025-02-21", [], ["media:tass"]),
    "ev:statement-putin": ("statement", ["Q7747"], [], None, [], []),
    "ev:agree-russia-syria": ("agree", ["Q159"], ["Q858"], "2025-02-20", ["Q3766"], []),
}


def _event(eid: str) -> dict[str, Any]:
    etype, sources, targets, date, places, reported_by = EVENTS[eid]
    precision = None if date is None else {10: "day", 7: "month", 4: "year"}[len(date)]
    evidence = f"Evidence sentence of {eid}, with a comma and \"quotes\"."
    mention = {"article": "art:rich", "sentence": 0, "start": 10 * len(eid), "end": 10 * len(eid) + 40,
               "evidence": evidence}
    return {"id": eid, "type": etype, "source": sources, "target": targets, "date": date, "date_precision": precision,
            "place": places, "reported_by": reported_by, "cameo": "040", "goldstein": 1.0, "plover_type": "CONSULT",
            "plover_mode": None, "modality": "occurred", "confidence": 0.8, "quote": None, "evidence": evidence,
            "article": "art:rich", "mentions": [mention]}


def rich_graph() -> nx.MultiDiGraph:
    """The hand-made store of this module, projected by graph.nx like any built store."""
    store = Store(Path(os.devnull))
    store.articles["art:rich"] = {"id": "art:rich", "title": "وقائع مصنوعة للاختبار", "published": "2025-06-01",
                                  "url": None, "publisher": "Sifara tests", "language": "ar"}
    store.actors.update({a["id"]: a for a in ACTORS})
    store.events.update({eid: _event(eid) for eid in EVENTS})
    return to_networkx(store)


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, nx.MultiDiGraph]:
    sample = resources.files("sifara").joinpath("data", "sample")
    built = sifara.build([str(sample)], out=tmp_path_factory.mktemp("sample") / "out")
    return {"sample": built.graph, "rich": rich_graph()}


# --------------------------------------------------------------------------- cases

# (graph, query, parameters): each case returns rows. Parameters not given take the header's example.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("sample", "actor_timeline", {"actor": "person:faisal-bin-farhan"}),
    ("rich", "actor_timeline", {}),
    ("sample", "calls_in_period", {"start": "2022-01-01", "end": "2022-12-31"}),
    ("rich", "calls_in_period", {}),
    ("rich", "calls_in_period", {"start": "2025-03", "end": "2025-03-31"}),  # a month-precision call
    ("sample", "events_attributed_to", {"source": "media:spa"}),
    ("rich", "events_attributed_to", {}),
    ("sample", "interactions_between", {"a": "person:faisal-bin-farhan", "b": "person:hossein-amir-abdollahian"}),
    ("rich", "interactions_between", {"a": "Q7747", "b": "person:bashar-al-assad"}),
    ("sample", "most_active_actors", {}),
    ("rich", "most_active_actors", {"start": "2025-01-01", "end": "2025-12-31"}),
    ("sample", "statements_by_actor", {"actor": "person:faisal-bin-farhan"}),
    ("rich", "statements_by_actor", {}),
    ("sample", "visits_to_country", {"country": "SAU"}),
    ("rich", "visits_to_country", {}),
    ("sample", "who_met_where", {"place": "place:jeddah"}),
    ("rich", "who_met_where", {}),
    ("sample", "country_interactions", {"c1": "country:SAU", "c2": "country:IRN"}),
    ("rich", "country_interactions", {}),
    ("rich", "invitation_followed_by_visit", {}),
    ("sample", "monthly_counts_by_type", {"c1": "country:SAU", "c2": "country:IRN"}),
    ("rich", "monthly_counts_by_type", {}),
    ("sample", "shortest_path", {"a": "Q39259", "b": "person:faisal-mekdad"}),
    ("rich", "shortest_path", {}),
]


def _params(name: str, given: dict[str, Any]) -> dict[str, object]:
    q = canned(name)
    return q.coerce({p.name: str(given.get(p.name, p.example)) for p in q.params})


def _ids(case: tuple[str, str, dict[str, Any]]) -> str:
    graph, name, given = case
    return f"{graph}-{name}" + "".join(f"-{v}" for v in given.values())


EMBEDDED = [c for c in CASES if "embedded" in canned(c[1]).backends]
NEO4J_ONLY = [c for c in CASES if "embedded" not in canned(c[1]).backends]


def _plain(value: Any) -> Any:
    """One comparable value: integral floats as ints (grand-cypher counts may be floats), lists as tuples."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    return value


def _table(rows: list[dict[str, Any]]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names (in order) and the rows as sorted tuples."""
    columns = list(rows[0]) if rows else []
    return columns, sorted((tuple(_plain(v) for v in r.values()) for r in rows), key=repr)


# --------------------------------------------------------------------------- tests


def test_canned_every_query_has_a_case_with_rows() -> None:
    assert {name for _, name, _ in CASES} == {q.name for q in list_canned()}


def test_canned_neo4j_texts_have_a_portable_twin_with_the_same_parameters() -> None:
    folder = Path(queries.__file__).parent / "cypher" / "neo4j"
    tuned = sorted(p.stem for p in folder.glob("*.cypher"))
    assert tuned, "no Neo4j-tuned text: this test and text_for() test nothing"
    for name in tuned:
        q = canned(name)
        assert q.neo4j_text and q.neo4j_text != q.text and set(q.backends) == {"embedded", "neo4j"}
        assert set(re.findall(r"\$(\w+)", q.neo4j_text)) == {p.name for p in q.params}
        assert q.text_for("neo4j") == q.neo4j_text and q.text_for("embedded") == q.text
    assert canned("actor_timeline").text_for("neo4j") == canned("actor_timeline").text


@pytest.mark.parametrize("case", NEO4J_ONLY, ids=_ids)
def test_canned_embedded_refuses_neo4j_only_queries(graphs: dict[str, nx.MultiDiGraph],
                                                     case: tuple[str, str, dict[str, Any]]) -> None:
    graph, name, given = case
    with pytest.raises(QueryError, match="Neo4j"):
        run_embedded(graphs[graph], canned(name).text, _params(name, given))


@pytest.mark.neo4j
@pytest.mark.parametrize("case", EMBEDDED, ids=_ids)
def test_canned_same_rows_embedded_and_neo4j(graphs: dict[str, nx.MultiDiGraph], neo4j_conn: Connection,
                                             case: tuple[str, str, dict[str, Any]]) -> None:
    graph, name, given = case
    G, q, params = graphs[graph], canned(name), _params(name, given)
    load_graph(G, neo4j_conn)
    on_neo4j = run_query(neo4j_conn, q.text_for("neo4j"), params)  # the Neo4j-tuned text where there is one
    embedded = run_embedded(G, q.text_for("embedded"), params)
    assert on_neo4j, f"{name} returns no rows on the {graph} graph: the case tests nothing"
    assert _table(embedded) == _table(on_neo4j)


@pytest.mark.neo4j
@pytest.mark.parametrize("case", NEO4J_ONLY, ids=_ids)
def test_canned_neo4j_only_queries_run_on_neo4j(graphs: dict[str, nx.MultiDiGraph], neo4j_conn: Connection,
                                                case: tuple[str, str, dict[str, Any]]) -> None:
    graph, name, given = case
    load_graph(graphs[graph], neo4j_conn)
    rows = run_query(neo4j_conn, canned(name).text, _params(name, given))
    assert rows, f"{name} returns no rows on the {graph} graph: the case tests nothing"
    assert list(rows[0]) == _columns(canned(name).text)


def _columns(cypher: str) -> list[str]:
    """The aliases of the final RETURN of a canned query (every canned column is aliased)."""
    tail = cypher[cypher.rindex("RETURN") :]
    return re.findall(r"\bAS\s+(\w+)", tail.split("ORDER BY")[0])


@pytest.mark.neo4j
def test_canned_rich_graph_answers_as_designed(graphs: dict[str, nx.MultiDiGraph], neo4j_conn: Connection) -> None:
    """Spot checks of what the hand-made graph was made for (DISTINCT, undated calls, follow-up visits)."""
    load_graph(graphs["rich"], neo4j_conn)

    def rows(name: str, **given: Any) -> list[dict[str, Any]]:
        return run_query(neo4j_conn, canned(name).text, _params(name, given))

    # Putin holds two offices of Russia: still one row per event and pair of people.
    pairs = [(r["event"], r["actor1"], r["actor2"]) for r in rows("country_interactions")]
    assert len(pairs) == len(set(pairs)) and ("ev:call-putin-assad", "Vladimir Putin", "Bashar al-Assad") in pairs
    assert [(r["guest"], r["visited_on"], r["followed"]) for r in rows("invitation_followed_by_visit")] == [
        ("Vladimir Putin", "2025-02-20", True), ("Faisal Mekdad", None, False),
    ]
    # the month-precision call compares as a prefix; the undated one is never in a period
    assert {r["event"] for r in rows("calls_in_period")} == {"ev:call-putin-assad", "ev:call-lavrov-mekdad-month"}


@pytest.mark.neo4j
def test_canned_load_counts_equal_graph_counts(graphs: dict[str, nx.MultiDiGraph], neo4j_conn: Connection) -> None:
    G = graphs["sample"]
    report = load_graph(G, neo4j_conn)
    assert (report["nodes"], report["relationships"]) == (G.number_of_nodes(), G.number_of_edges())
    assert counts(neo4j_conn) == graph_counts(G)
