"""graph.neo4j: rows, CSV export, and loading into / querying a real Neo4j server.

The graphs are built by hand here, following the schema of graph/nx.py, so that
these tests do not depend on the extraction pipeline.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.neo4j import (
    Connection,
    Neo4jUnavailableError,
    connect,
    counts,
    export_import_csv,
    graph_counts,
    load_graph,
    run_query,
    to_rows,
)
from ingest.errors import QueryError

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "x\"}) DETACH DELETE n // it's `here`"

# id: (kind label, name, kind)
ACTORS: dict[str, tuple[str, str, str]] = {
    "faisal": ("Person", "Faisal bin Farhan", "person"),
    "SAU": ("Country", "Saudi Arabia", "country"),
    "IRN": ("Country", "Iran", "country"),
    "CHN": ("Country", "China", "country"),
    "GCC": ("Group", "Gulf Cooperation Council", "group"),
    "spa": ("Media", "Saudi Press Agency", "media"),
}
# id: (type, label, edge type, sources, targets, date, precision, article, attributed to)
EVENTS: dict[str, tuple[str, str, str, list[str], list[str], str | None, str | None, str, list[str]]] = {
    "ev1": ("call", "Call", "CALLED", ["SAU"], ["IRN"], "2023-03-10", "day", "art1", ["GCC"]),
    "ev2": ("visit", "Visit", "VISITED", ["faisal"], ["IRN"], "2023-04", "month", "art1", []),
    "ev3": ("statement", "Statement", "STATED_ABOUT", ["CHN"], [], None, None, "art2", ["spa"]),
    "ev4": ("meet", "Meet", "MET", ["SAU", "IRN"], ["CHN"], "2023-04-06", "day", "art2", ["GCC"]),
}


def add_actor(G: nx.MultiDiGraph, aid: str, placeholder: bool = False) -> None:
    label, name, kind = ACTORS[aid]
    if placeholder:  # what graph/nx.py adds for an actor known only by its id
        label, name, kind = "Organization", aid, "organization"
    G.add_node(aid, __labels__={"Actor", label}, id=aid, name=name, name_ar=None,
               names=[] if placeholder else [name, name.upper()], kind=kind, country=None,
               wikidata=None if placeholder else f"Q{len(aid)}")


def build(event_ids: list[str], placeholders: frozenset[str] = frozenset()) -> nx.MultiDiGraph:
    """A small graph in the schema of graph/nx.py with the given events."""
    G = nx.MultiDiGraph()
    for art in sorted({EVENTS[e][7] for e in event_ids}):
        G.add_node(art, __labels__={"Article"}, id=art, title=f"Title of {art}", published="2023-04-07",
                   url=f"https://example.org/{art}", publisher="SPA", language="en")
    for eid in event_ids:
        etype, label, edge, sources, targets, date, precision, art, attributed = EVENTS[eid]
        for aid in (*sources, *targets, *attributed):
            if aid not in G:
                add_actor(G, aid, placeholder=aid in placeholders)
        G.add_node(eid, __labels__={"Event", label}, id=eid, type=etype, date=date, date_precision=precision,
                   cameo="040", goldstein=1.5, plover_type="CONSULT", plover_mode=None, modality="asserted",
                   summary=f"{eid} said:\n\"quoted\", with a comma", confidence=0.75, mentions=2)
        for s in sources:
            G.add_edge(s, eid, key=f"SOURCE_OF:{s}", __labels__={"SOURCE_OF"})
        for t in targets:
            G.add_edge(eid, t, key=f"TARGET:{t}", __labels__={"TARGET"})
        for r in attributed:
            G.add_edge(eid, r, key=f"ATTRIBUTED_TO:{r}", __labels__={"ATTRIBUTED_TO"})
        for start in (10, 200):  # two mentions in the same article
            G.add_edge(eid, art, key=f"REPORTED_IN:{art}:{start}", __labels__={"REPORTED_IN"},
                       sentence=f"Sentence at {start}.", start=start, end=start + 40, evidence="evidence")
        pairs = [(s, t) for s in sources for t in targets] or [(s, s) for s in sources]
        for s, t in pairs:
            G.add_edge(s, t, key=f"{edge}:{eid}:{s}:{t}", __labels__={edge}, event_id=eid, date=date,
                       date_precision=precision, cameo="040", article=art)
    if "faisal" in G and "SAU" in G:
        G.add_edge("faisal", "SAU", key="HOLDS_ROLE:foreign_minister:2020-10-27", __labels__={"HOLDS_ROLE"},
                   title="Minister of Foreign Affairs", title_ar="وزير الخارجية", since="2020-10-27", until=None,
                   office="foreign_minister")
    if "faisal" in G and "GCC" in G:
        G.add_edge("faisal", "GCC", key="MEMBER_OF", __labels__={"MEMBER_OF"})
    return G


ALL = ["ev1", "ev2", "ev3", "ev4"]


def snapshot(conn: Connection) -> tuple[list[Any], list[Any]]:
    """Every node (id, labels, properties) and relationship (ends, type, properties), sorted."""
    nodes = run_query(conn, "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    rels = run_query(conn, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props")
    return (
        sorted((n["id"], sorted(n["labels"]), json.dumps(n["props"], sort_keys=True)) for n in nodes),
        sorted((r["a"], r["t"], r["b"], json.dumps(r["props"], sort_keys=True)) for r in rels),
    )


# --------------------------------------------------------------------------- pure


def test_to_rows_groups_by_labels_and_pattern() -> None:
    G = build(ALL)
    before = nx.to_dict_of_dicts(G)
    rows = to_rows(G)
    assert nx.to_dict_of_dicts(G) == before
    assert {r["id"] for r in rows["(:Actor:Country)"]} == {"SAU", "IRN", "CHN"}
    assert {r["id"] for r in rows["(:Event:Call)"]} == {"ev1"}
    assert sum(len(v) for k, v in rows.items() if "-[" not in k) == G.number_of_nodes()
    assert sum(len(v) for k, v in rows.items() if "-[" in k) == G.number_of_edges()
    (called,) = rows["(:Actor)-[:CALLED]->(:Actor)"]
    assert (called["start"], called["end"], called["key"], called["date_value"]) == ("SAU", "IRN", "ev1", "2023-03-10")
    assert {r["key"] for r in rows["(:Event)-[:REPORTED_IN]->(:Article)"]} == {"10:50", "200:240"}
    (ev2,) = rows["(:Event:Visit)"]
    assert ev2["date_value"] is None and ev2["props"]["date"] == "2023-04"


@pytest.mark.parametrize("labels", [{"Actor", "Robot"}, {"Person"}, {"Actor", "Event"}, {"Actor", HOSTILE}])
def test_to_rows_refuses_labels_outside_the_schema(labels: set[str]) -> None:
    G = nx.MultiDiGraph()
    G.add_node("x", __labels__=labels, id="x")
    with pytest.raises(QueryError, match="labels"):
        to_rows(G)


def test_to_rows_refuses_unknown_relationship_types() -> None:
    G = build(["ev1"])
    G.add_edge("SAU", "IRN", __labels__={"LIKES"})
    with pytest.raises(QueryError, match="LIKES"):
        to_rows(G)


def test_export_import_csv_layout(tmp_path: Path) -> None:
    G = build(ALL)
    out = export_import_csv(G, tmp_path)
    assert sorted(p.name for p in out["nodes"]) == [
        "nodes_Actor_Country.csv", "nodes_Actor_Group.csv", "nodes_Actor_Media.csv", "nodes_Actor_Person.csv",
        "nodes_Article.csv", "nodes_Event_Call.csv", "nodes_Event_Meet.csv", "nodes_Event_Statement.csv",
        "nodes_Event_Visit.csv",
    ]
    with (tmp_path / "nodes_Event_Call.csv").open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    assert header[:2] == ["id:ID", ":LABEL"]
    assert {"mentions:long", "goldstein:double", "date_value:date", "summary:string"} <= set(header)
    row = dict(zip(header, rows[0], strict=True))
    assert (row["id:ID"], row[":LABEL"], row["date_value:date"]) == ("ev1", "Event|Call", "2023-03-10")
    assert row["summary:string"] == 'ev1 said:\n"quoted", with a comma'
    with (tmp_path / "nodes_Actor_Person.csv").open(newline="", encoding="utf-8") as f:
        header, row_values = list(csv.reader(f))
    assert dict(zip(header, row_values, strict=True))["names:string[]"] == "Faisal bin Farhan|FAISAL BIN FARHAN"
    with (tmp_path / "rels_REPORTED_IN.csv").open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"start:long", "end:long", "key:string"} <= set(header)
    assert len(rows) == sum(1 for *_, t in G.edges(data="__labels__") if t == {"REPORTED_IN"})
    assert out["args_file"].read_text(encoding="utf-8").count("--relationships=") == len(out["relationships"])


# --------------------------------------------------------------------------- server


@pytest.mark.neo4j
def test_load_gives_the_counts_of_the_networkx_graph(neo4j_conn: Connection) -> None:
    G = build(ALL)
    report = load_graph(G, neo4j_conn)
    assert (report["nodes"], report["relationships"]) == (G.number_of_nodes(), G.number_of_edges())
    assert (report["nodes_created"], report["relationships_created"]) == (G.number_of_nodes(), G.number_of_edges())
    assert counts(neo4j_conn) == graph_counts(G)


@pytest.mark.neo4j
def test_loading_twice_changes_nothing(neo4j_conn: Connection) -> None:
    G = build(ALL)
    first_report = load_graph(G, neo4j_conn)
    assert (first_report["nodes_new"], first_report["relationships_new"]) == (G.number_of_nodes(), G.number_of_edges())
    first = snapshot(neo4j_conn)
    again = load_graph(G, neo4j_conn)
    assert (again["nodes_created"], again["relationships_created"]) == (0, 0)
    assert (again["nodes_new"], again["relationships_new"]) == (0, 0)  # all MERGEd
    assert snapshot(neo4j_conn) == first
    assert counts(neo4j_conn) == graph_counts(G)


@pytest.mark.neo4j
@pytest.mark.parametrize("first", [["ev1"], ["ev4"]])
def test_load_merges_only_what_may_exist(neo4j_conn: Connection, first: list[str]) -> None:
    a, b = build(first), build(["ev1", "ev4"])
    load_graph(a, neo4j_conn)
    report = load_graph(b, neo4j_conn)
    new_nodes = set(b) - set(a)
    assert report["nodes_new"] == len(new_nodes) == report["nodes_created"]
    # CREATEd: every relationship with a new end, and the dated edges of new events even between two
    # actors A had (ev1's CALLED edge after ev4); MERGEd: only what A had.
    if first == ["ev4"]:
        assert b.has_edge("SAU", "IRN") and not a.has_edge("SAU", "IRN") and {"SAU", "IRN"} <= set(a)
    assert report["relationships_new"] == b.number_of_edges() - a.number_of_edges()
    assert report["relationships_created"] == b.number_of_edges() - a.number_of_edges()
    assert counts(neo4j_conn) == graph_counts(b)


@pytest.mark.neo4j
@pytest.mark.parametrize("workers", [1, 3])
def test_fresh_load_and_workers_give_the_same_graph(neo4j_conn: Connection, workers: int) -> None:
    G = build(ALL)
    load_graph(G, neo4j_conn, batch_size=2, workers=1)
    expected = snapshot(neo4j_conn)
    neo4j_conn.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_conn.database)
    report = load_graph(G, neo4j_conn, batch_size=2, fresh=True, workers=workers)
    assert (report["nodes_created"], report["relationships_created"]) == (G.number_of_nodes(), G.number_of_edges())
    assert snapshot(neo4j_conn) == expected


@pytest.mark.neo4j
def test_fresh_load_refuses_a_database_that_is_not_empty(neo4j_conn: Connection) -> None:
    load_graph(build(["ev1"]), neo4j_conn)
    before = snapshot(neo4j_conn)
    with pytest.raises(QueryError, match="not empty"):
        load_graph(build(ALL), neo4j_conn, fresh=True)
    assert snapshot(neo4j_conn) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("name", ["end", "with space", "ناطق", "back`tick"])
def test_load_property_names_are_quoted(neo4j_conn: Connection, name: str) -> None:
    G = build(["ev1"])
    G.nodes["ev1"][name] = "value"
    G.edges["SAU", "IRN", "CALLED:ev1:SAU:IRN"][name] = 3
    for _ in range(2):  # CREATE, then MERGE
        load_graph(G, neo4j_conn)
        assert run_query(neo4j_conn, "MATCH (e:Event {id: 'ev1'}) RETURN e[$name] AS v", {"name": name}) == [
            {"v": "value"}
        ]
        assert run_query(neo4j_conn, "MATCH ()-[r:CALLED]->() RETURN r[$name] AS v", {"name": name}) == [{"v": 3}]


@pytest.mark.neo4j
def test_load_refuses_property_names_with_a_backslash(neo4j_conn: Connection) -> None:
    G = build(["ev1"])
    G.nodes["ev1"]["x\\u0060}) DETACH DELETE n //"] = "boom"
    with pytest.raises(QueryError, match="backslash"):
        load_graph(G, neo4j_conn)
    assert counts(neo4j_conn) == {"nodes": {}, "relationships": {}}


@pytest.mark.neo4j
def test_load_a_then_b_equals_load_a_plus_b(neo4j_conn: Connection) -> None:
    # In A, GCC is only a placeholder Organization; B knows it is a Group.
    a, b = build(["ev1", "ev2"], placeholders=frozenset({"GCC"})), build(["ev2", "ev3", "ev4"])
    load_graph(a, neo4j_conn, batch_size=3)
    load_graph(b, neo4j_conn, batch_size=3)
    a_then_b = snapshot(neo4j_conn)
    neo4j_conn.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_conn.database)
    load_graph(build(ALL), neo4j_conn)
    assert a_then_b == snapshot(neo4j_conn)
    assert run_query(neo4j_conn, "MATCH (g:Actor {id: 'GCC'}) RETURN labels(g) AS labels") == [
        {"labels": ["Actor", "Group"]}
    ]
    assert counts(neo4j_conn) == graph_counts(build(ALL))


@pytest.mark.neo4j
def test_batch_size_does_not_change_the_result(neo4j_conn: Connection) -> None:
    G = build(ALL)
    report = load_graph(G, neo4j_conn, batch_size=1)
    assert report["batches"] == G.number_of_nodes() + G.number_of_edges()
    one_by_one = snapshot(neo4j_conn)
    neo4j_conn.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_conn.database)
    load_graph(G, neo4j_conn, batch_size=10_000)
    assert snapshot(neo4j_conn) == one_by_one


@pytest.mark.neo4j
def test_schema_constraints_and_indexes(neo4j_conn: Connection) -> None:
    load_graph(build(["ev1"]), neo4j_conn)
    constraints = run_query(neo4j_conn, "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")
    assert {(c["labelsOrTypes"][0], c["properties"][0], c["type"]) for c in constraints} >= {
        ("Actor", "id", "UNIQUENESS"), ("Event", "id", "UNIQUENESS"), ("Article", "id", "UNIQUENESS"),
    }
    indexes = run_query(neo4j_conn, "SHOW INDEXES YIELD labelsOrTypes, properties, state WHERE properties IS NOT NULL")
    assert {(i["labelsOrTypes"][0], i["properties"][0]) for i in indexes} >= {
        ("Event", "date"), ("Event", "type"), ("Actor", "name"), ("Actor", "country"), ("Article", "published"),
        ("CALLED", "date"), ("VISITED", "date"), ("MET", "date"),
    }
    assert {i["state"] for i in indexes} == {"ONLINE"}
    with pytest.raises(QueryError, match="ConstraintValidationFailed"):
        run_query(neo4j_conn, "CREATE (:Actor {id: 'SAU'})", write=True)


@pytest.mark.neo4j
def test_day_precision_dates_are_native_neo4j_dates(neo4j_conn: Connection) -> None:
    load_graph(build(ALL), neo4j_conn)
    rows = run_query(neo4j_conn, "MATCH (e:Event) WHERE e.date_value >= date($since) "
                     "RETURN e.id AS id, e.date_value.month AS month ORDER BY id", {"since": "2023-03-01"})
    assert rows == [{"id": "ev1", "month": 3}, {"id": "ev4", "month": 4}]
    assert run_query(neo4j_conn, "MATCH (e:Event {id: 'ev2'}) RETURN e.date AS d, e.date_value AS v") == [
        {"d": "2023-04", "v": None}
    ]
    edges = run_query(neo4j_conn, "MATCH ()-[r:MET]->() RETURN DISTINCT r.date_value + duration('P1D') AS next")
    assert edges == [{"next": "2023-04-07"}]


@pytest.mark.neo4j
def test_read_only_queries_cannot_write(neo4j_conn: Connection) -> None:
    with pytest.raises(QueryError, match="AccessMode"):
        run_query(neo4j_conn, "CREATE (:Actor {id: 'intruder'})")
    assert counts(neo4j_conn) == {"nodes": {}, "relationships": {}}
    assert run_query(neo4j_conn, "CREATE (a:Actor {id: $id}) RETURN a.id AS id", {"id": "ok"}, write=True) == [
        {"id": "ok"}
    ]


@pytest.mark.neo4j
def test_parameters_are_bound_not_spliced(neo4j_conn: Connection) -> None:
    G = build(["ev1"])
    G.nodes["SAU"]["name"] = HOSTILE
    load_graph(G, neo4j_conn)
    assert run_query(neo4j_conn, "RETURN $v AS v, $n AS n, $l AS l", {"v": HOSTILE, "n": 2.5, "l": ["a", "b"]}) == [
        {"v": HOSTILE, "n": 2.5, "l": ["a", "b"]}
    ]
    assert run_query(neo4j_conn, "MATCH (a:Actor {name: $name}) RETURN a.id AS id", {"name": HOSTILE}) == [
        {"id": "SAU"}
    ]
    assert counts(neo4j_conn) == graph_counts(G)


@pytest.mark.neo4j
def test_query_timeout_and_errors_are_query_errors(neo4j_conn: Connection) -> None:
    with pytest.raises(QueryError, match="TransactionTimedOut"):
        run_query(neo4j_conn, "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS c",
                  timeout=0.5)
    with pytest.raises(QueryError, match="SyntaxError"):
        run_query(neo4j_conn, "MATCH (n RETURN n")
    # With a limit the query runs in a transaction function: the same timeout and errors.
    with pytest.raises(QueryError, match="TransactionTimedOut"):
        run_query(neo4j_conn, "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS c",
                  timeout=0.5, limit=10)
    with pytest.raises(QueryError, match="SyntaxError"):
        run_query(neo4j_conn, "MATCH (n RETURN n", limit=10)
    with pytest.raises(QueryError, match="AccessMode"):
        run_query(neo4j_conn, "CREATE (n:Actor {id: 'x'}) RETURN n", limit=1)
    with pytest.raises(QueryError, match="0 or more"):
        run_query(neo4j_conn, "RETURN 1 AS x", limit=-1)
    rows = "UNWIND range(1, 100000) AS i RETURN i"
    assert run_query(neo4j_conn, rows, limit=3) == [{"i": 1}, {"i": 2}, {"i": 3}]
    assert run_query(neo4j_conn, rows, limit=0) == []


@pytest.mark.neo4j
def test_connect_errors_are_one_line(neo4j_session_conn: Connection) -> None:
    uri = neo4j_session_conn.uri
    host_port = uri.split("://", 1)[1]
    with connect("neo4j://" + host_port) as routed:  # routing URIs work on a single server
        assert run_query(routed, "RETURN 1 AS one") == [{"one": 1}]
    cases = [
        (dict(uri=uri, user="sifara-nobody", password="wrong"), "rejected user 'sifara-nobody'"),
        (dict(uri=uri, database="nosuchdb"), "no database 'nosuchdb'"),
        (dict(uri=f"bolt://127.0.0.1:{_free_port()}"), "cannot reach Neo4j"),
        (dict(uri="http://127.0.0.1:7474"), "bad Neo4j URI"),
    ]
    for kwargs, message in cases:
        with pytest.raises(Neo4jUnavailableError, match=message) as info:
            connect(**kwargs)
        assert "\n" not in str(info.value)


def test_connect_never_shows_a_password_given_in_the_uri() -> None:
    with pytest.raises(Neo4jUnavailableError) as info:
        connect("bolt://neo4j:s3cret-pw@127.0.0.1:7687")
    assert "s3cret-pw" not in str(info.value) and "***@127.0.0.1:7687" in str(info.value)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.neo4j
@pytest.mark.slow
def test_admin_import_of_the_csv_export_gives_the_same_graph(neo4j_conn: Connection, tmp_path: Path) -> None:
    """neo4j-admin database import full into a second server, compared with a MERGE load into the first."""
    G = build(ALL)
    out = export_import_csv(G, tmp_path / "csv")
    port = _free_port()
    env = {**os.environ, "NEO4J_PORT": str(port), "SIFARA_NEO4J_INSTANCE": str(tmp_path / "instance"),
           "NEO4J_HEAP": "512m", "NEO4J_PAGECACHE": "128m"}
    script = str(ROOT / "scripts" / "neo4j.sh")

    def run(*args: str) -> str:
        done = subprocess.run([script, *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    imported = run("import-tool", "neo4j", f"@{out['args_file']}")
    assert f"{G.number_of_nodes()} nodes" in imported and f"{G.number_of_edges()} relationships" in imported
    try:
        run("start")
        run("wait")
        with connect(f"bolt://127.0.0.1:{port}") as second:
            assert counts(second) == graph_counts(G)
            load_graph(G, neo4j_conn)
            assert snapshot(second) == snapshot(neo4j_conn)
    finally:
        run("stop")
