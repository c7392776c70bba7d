"""Project the canonical store into a networkx ``MultiDiGraph`` (the embedded graph).

Schema (the same in Neo4j; see ARCHITECTURE.md). Labels and relationship types
live in the ``__labels__`` attribute, which is what grand-cypher matches on:

* nodes ``Actor`` + kind label (``Person``, ``Country``, ``Organization``,
  ``Media``, ``Group``, ``Place``); ``Event`` + type label (``Call``, ``Visit`` …);
  ``Article``;
* edges ``SOURCE_OF`` (actor→event), ``TARGET``, ``IN_PLACE``, ``ATTRIBUTED_TO``
  (event→actor), ``INVOLVES`` (event→every participant, ``role`` source or
  target: one direction for "all events of X", which grand-cypher cannot
  express with ``OR`` or undirected patterns the way Neo4j does),
  ``REPORTED_IN`` (event→article, one per mention),
  ``HOLDS_ROLE`` (person→country/organisation), ``MEMBER_OF`` (person→group),
  and the dated actor→actor event edges (``CALLED``, ``VISITED``, ``MET`` …),
  each with ``event_id``, ``date``, ``date_precision``, ``cameo``, ``article``.
  Every event edge carries a ``date`` key, null when the date is unknown.

>>> G = to_networkx(Store("nowhere"))
>>> G.number_of_nodes()
0
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.store import Store
from ingest import lexicon

__all__ = ["EDGE_TYPES", "KIND_LABELS", "TYPE_LABELS", "event_edge_pairs", "to_networkx"]

KIND_LABELS = {
    "person": "Person", "country": "Country", "organization": "Organization",
    "media": "Media", "group": "Group", "place": "Place",
}
_TYPES: dict[str, Any] = lexicon.load("base", "event_types")
TYPE_LABELS = {t: spec["label"] for t, spec in _TYPES.items()}
EDGE_TYPES = {t: spec["edge"] for t, spec in _TYPES.items()}


def event_edge_pairs(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(source, target) actor pairs of the dated edges projected from one event.

    Unordered types (call, meet, agree) with a single side get one edge per
    pair inside it; one-sided types (statement, appeal, condemn) point at their
    target when they have one and otherwise loop on the speaker, so that every
    event has at least one dated edge.

    >>> event_edge_pairs({"type": "call", "source": ["a"], "target": ["b", "c"]})
    [('a', 'b'), ('a', 'c')]
    >>> event_edge_pairs({"type": "statement", "source": ["a"], "target": []})
    [('a', 'a')]
    """
    src, tgt = list(event.get("source") or []), list(event.get("target") or [])
    if src and tgt:
        return [(s, t) for s in src for t in tgt if s != t] or [(s, s) for s in src]
    side = src or tgt
    if len(side) > 1 and _TYPES[event["type"]]["participants"] == "unordered":
        return [(a, b) for i, a in enumerate(side) for b in side[i + 1 :]]
    return [(a, a) for a in side]


def _node_props(rec: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: rec.get(k) for k in keys}


_ACTOR_KEYS = ("id", "name", "name_ar", "names", "kind", "country", "wikidata")
_EVENT_KEYS = (
    "id", "type", "date", "date_precision", "cameo", "goldstein", "plover_type", "plover_mode",
    "modality", "confidence", "quote",
)
_ARTICLE_KEYS = ("id", "title", "published", "url", "publisher", "language")


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The embedded property graph of a store (pure: the store is not changed)."""
    G = nx.MultiDiGraph()
    for aid in sorted(store.articles):
        G.add_node(aid, __labels__={"Article"}, **_node_props(store.articles[aid], _ARTICLE_KEYS))
    for aid in sorted(store.actors):
        a = store.actors[aid]
        G.add_node(aid, __labels__={"Actor", KIND_LABELS.get(a.get("kind") or "", "Organization")},
                   **_node_props(a, _ACTOR_KEYS))
    for aid in sorted(store.actors):
        a = store.actors[aid]
        for role in a.get("roles") or []:
            org = role.get("org")
            if org and org in G:
                key = f"HOLDS_ROLE:{role.get('office')}:{role.get('since')}"
                G.add_edge(aid, org, key=key, __labels__={"HOLDS_ROLE"},
                           **{k: role.get(k) for k in ("office", "title", "title_ar", "since", "until")})
        for member in a.get("members") or []:
            _ensure_actor(G, member)
            G.add_edge(member, aid, key="MEMBER_OF", __labels__={"MEMBER_OF"})
    for eid in sorted(store.events):
        _add_event(G, store.events[eid])
    return G


def _ensure_actor(G: nx.MultiDiGraph, actor_id: str) -> None:
    if actor_id not in G:
        G.add_node(actor_id, __labels__={"Actor", "Organization"}, id=actor_id, name=actor_id,
                   name_ar=None, names=[], kind="organization", country=None, wikidata=None)


# event field → relationship (SOURCE_OF points from the actor to the event, the others from the event)
_ACTOR_LINKS = (("source", "SOURCE_OF"), ("target", "TARGET"), ("place", "IN_PLACE"), ("reported_by", "ATTRIBUTED_TO"))


def _add_event(G: nx.MultiDiGraph, ev: dict[str, Any]) -> None:
    eid = ev["id"]
    props = _node_props(ev, _EVENT_KEYS)
    props["summary"] = ev.get("evidence")
    props["mentions"] = len(ev.get("mentions") or []) or 1
    G.add_node(eid, __labels__={"Event", TYPE_LABELS[ev["type"]]}, **props)
    for field, rel in _ACTOR_LINKS:
        for a in ev.get(field) or []:
            _ensure_actor(G, a)
            if rel == "SOURCE_OF":
                G.add_edge(a, eid, key=f"{rel}:{a}", __labels__={rel})
            else:
                G.add_edge(eid, a, key=f"{rel}:{a}", __labels__={rel})
    for role in ("source", "target"):
        for a in ev.get(role) or []:
            G.add_edge(eid, a, key=f"INVOLVES:{role}:{a}", __labels__={"INVOLVES"}, role=role)
    for m in ev.get("mentions") or [ev]:
        art = m["article"]
        if art not in G:
            G.add_node(art, __labels__={"Article"}, id=art, title=None, published=None, url=None,
                       publisher=None, language=None)
        G.add_edge(eid, art, key=f"REPORTED_IN:{art}:{m['start']}", __labels__={"REPORTED_IN"},
                   sentence=m.get("sentence"), start=m.get("start"), end=m.get("end"), evidence=m.get("evidence"))
    rel = EDGE_TYPES[ev["type"]]
    for s, t in event_edge_pairs(ev):
        G.add_edge(s, t, key=f"{rel}:{eid}:{s}:{t}", __labels__={rel}, event_id=eid, date=ev.get("date"),
                   date_precision=ev.get("date_precision"), cameo=ev.get("cameo"), article=ev.get("article"),
                   type=ev["type"], modality=ev.get("modality"))
