"""The networkx projection: schema, dated event edges, grand-cypher on it."""

from __future__ import annotations

from datetime import date

import pytest

from graph.nx import EDGE_TYPES, event_edge_pairs, to_networkx
from graph.store import Store
from ingest.events import assign_event_id
from ingest.model import Actor, Article, Event, Extraction, Role
from queries.runner import run_embedded


def _store() -> Store:
    evs = []
    for etype, src, tgt, day in [("call", ["putin"], ["sharaa"], "2025-02-12"), ("statement", ["putin"], [], None),
                                 ("visit", ["delegation"], ["damascus"], "2025-01-28")]:
        ev = Event(type=etype, source=src, target=tgt, date=day, date_precision="day" if day else None, article="a1",
                   evidence="e", sentence=0, start=len(evs), end=len(evs) + 1, reported_by=["tass"] if etype == "call" else [])
        ev.id = assign_event_id(ev)
        evs.append(ev)
    actors = [
        Actor("putin", "Vladimir Putin", "person", name_ar="فلاديمير بوتين", country="RUS",
              roles=[Role("head_of_state", "russia", "President", "الرئيس", "2012-05-07", None)]),
        Actor("sharaa", "Ahmed al-Sharaa", "person", country="SYR"),
        Actor("russia", "Russia", "country", country="RUS"),
        Actor("damascus", "Damascus", "place", country="SYR"),
        Actor("tass", "TASS", "media"),
        Actor("delegation", "Russian delegation", "group", members=["bogdanov"]),
        Actor("bogdanov", "Mikhail Bogdanov", "person"),
    ]
    s = Store("unused")
    s.add([Extraction(Article("a1", "t", "ar", date(2025, 2, 13), title="T"), actors, evs)])
    return s


def test_nx_every_event_edge_has_date_key():
    G = to_networkx(_store())
    rels = set(EDGE_TYPES.values())
    edges = [d for _, _, d in G.edges(data=True) if next(iter(d["__labels__"])) in rels]
    assert edges and all("date" in d for d in edges)
    assert any(d["date"] is None for d in edges)  # the undated statement keeps a null date


def test_nx_schema_labels_and_relationships():
    G = to_networkx(_store())
    labels = {frozenset(d["__labels__"]) for _, d in G.nodes(data=True)}
    assert frozenset({"Actor", "Person"}) in labels and frozenset({"Event", "Call"}) in labels
    assert frozenset({"Article"}) in labels and frozenset({"Actor", "Group"}) in labels
    types = {next(iter(d["__labels__"])) for _, _, d in G.edges(data=True)}
    assert {"SOURCE_OF", "TARGET", "REPORTED_IN", "ATTRIBUTED_TO", "HOLDS_ROLE", "MEMBER_OF", "CALLED",
            "VISITED", "STATED_ABOUT", "INVOLVES"} <= types


@pytest.mark.parametrize(
    "event, pairs",
    [
        ({"type": "meet", "source": ["a", "b"], "target": []}, [("a", "b")]),
        ({"type": "visit", "source": ["a", "b"], "target": ["c"]}, [("a", "c"), ("b", "c")]),
        ({"type": "appeal", "source": ["a"], "target": []}, [("a", "a")]),
    ],
)
def test_nx_event_edge_pairs(event, pairs):
    assert event_edge_pairs(event) == pairs


@pytest.mark.parametrize(
    "cypher, expect",
    [
        ('MATCH (a:Person)-[r:CALLED]->(b:Actor) RETURN a.name, b.name, r.date',
         [{"a.name": "Vladimir Putin", "b.name": "Ahmed al-Sharaa", "r.date": "2025-02-12"}]),
        ('MATCH (e:Event)-[:ATTRIBUTED_TO]->(m:Media) RETURN m.name', [{"m.name": "TASS"}]),
        ('MATCH (p:Person)-[:MEMBER_OF]->(g:Group) RETURN p.name, g.name',
         [{"p.name": "Mikhail Bogdanov", "g.name": "Russian delegation"}]),
    ],
)
def test_nx_grand_cypher_queries(cypher, expect):
    assert run_embedded(to_networkx(_store()), cypher) == expect
