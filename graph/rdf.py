"""The event graph as RDF: an rdflib ``Dataset`` built from the networkx graph, and back.

The Simple Event Model (SEM) is the core; schema.org types the things, PROV-O
records where each event was read, ORG carries roles, OWL-Time the units and
intervals, SKOS the labels and the event-type scheme. The few project terms
(``sfr:``) are declared in ``graph/ontology.ttl``, the source of truth for the
closed namespace :class:`SFR`.

==========================  ==================================================
property graph              RDF
==========================  ==================================================
``:Actor`` + kind label     ``sem:Actor`` + ``schema:Person`` / ``schema:Country``
                            / ``schema:Organization`` /
                            ``schema:NewsMediaOrganization`` / ``sfr:Group`` /
                            ``schema:Place, sem:Place``
``name`` / ``name_ar``      ``skos:prefLabel`` and ``rdfs:label`` (@en) /
                            ``rdfs:label`` (@ar); other ``names`` →
                            ``skos:altLabel`` tagged by script
``wikidata`` / ``country``  ``owl:sameAs wd:Q…`` / ``sfr:country``
``:Event`` + type label     ``sem:Event, schema:Event``; ``sem:eventType sfrt:<type>``
                            (a ``skos:Concept`` with CAMEO and PLOVER notations)
``date`` at day             ``sem:hasTimeStamp``, ``sfr:date`` (``xsd:date``)
``date`` at month / year    ``sem:hasEarliestBeginTimeStamp`` /
                            ``sem:hasLatestEndTimeStamp`` (``xsd:date`` bounds),
                            ``sfr:date`` (``xsd:gYearMonth`` / ``xsd:gYear``)
``date_precision``          ``sfr:datePrecision time:unitDay|unitMonth|unitYear``
``date`` null               ``sfr:dateUnknown true``
``SOURCE_OF`` / ``TARGET``  ``sfr:source`` / ``sfr:target`` (sub-properties of
                            ``sem:hasActor``, which is stated as well)
``INVOLVES``                ``sem:hasActor`` (the same participants again)
``IN_PLACE``                ``sem:hasPlace``
``ATTRIBUTED_TO``           ``sem:accordingTo`` on the event
``REPORTED_IN``             ``sfr:hasMention`` → ``sfr:Mention, prov:Entity`` with
                            ``sfr:evidence`` (@article language),
                            ``sfr:sentenceIndex``, ``sfr:start``, ``sfr:end``,
                            ``prov:wasDerivedFrom`` the article,
                            ``prov:wasGeneratedBy`` the extraction run
``:Article``                ``schema:NewsArticle, prov:Entity``: ``schema:headline``,
                            ``schema:datePublished``, ``schema:url``,
                            ``schema:publisher``, ``schema:inLanguage``
``HOLDS_ROLE``              ``org:Membership`` (``org:member``, ``org:organization``,
                            ``org:role`` an ``org:Role``, titles as ``rdfs:label``,
                            ``org:memberDuring`` a ``time:Interval``)
``MEMBER_OF``               ``org:memberOf``
``CALLED``, ``MET`` …       not written: they are a projection of the events and
                            :func:`from_rdf` rebuilds them with
                            :func:`graph.nx.event_edge_pairs`
==========================  ==================================================

Every node also carries its id as ``dcterms:identifier``. Node IRIs are the
base IRI + ``actor/``, ``event/`` or ``article/`` + the percent-encoded id.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Q7747", __labels__={"Actor", "Person"}, name="Vladimir Putin", name_ar="فلاديمير بوتين")
>>> ds = to_rdf(G)
>>> sorted((label.language, str(label)) for label in ds.objects(ACTOR_NS["Q7747"], RDFS.label))
[('ar', 'فلاديمير بوتين'), ('en', 'Vladimir Putin')]
>>> from_rdf(ds).nodes["Q7747"]["name_ar"]
'فلاديمير بوتين'
"""

from __future__ import annotations

import calendar
import datetime
import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from typing import Literal as LiteralType
from urllib.parse import quote, unquote

import networkx as nx
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)
from rdflib.term import Node

from graph.nx import EDGE_TYPES, KIND_LABELS, TYPE_LABELS, event_edge_pairs

__all__ = [
    "ACTOR_NS",
    "DEFAULT_BASE",
    "FORMATS",
    "SEM",
    "SFR",
    "SFRT",
    "WD",
    "from_rdf",
    "jsonld_context",
    "ontology_graph",
    "read_rdf",
    "serialize",
    "shapes_graph",
    "sifara_version",
    "to_rdf",
    "validate",
    "write_rdf",
]

DEFAULT_BASE = "https://sifara.example.org/id/"
NamedGraphs = LiteralType["article", "source"] | None

#: our short format names → rdflib plugin names
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".trig": "trig", ".nq": "nq"}
_QUAD_FORMATS = {"trig", "nq", "jsonld"}


class SEM(DefinedNamespace):
    """Simple Event Model (http://semanticweb.cs.vu.nl/2009/11/sem/), closed."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Actor: URIRef
    ActorType: URIRef
    Authority: URIRef
    Constraint: URIRef
    Core: URIRef
    Event: URIRef
    EventType: URIRef
    Object: URIRef
    Place: URIRef
    PlaceType: URIRef
    Role: URIRef
    RoleType: URIRef
    Temporary: URIRef
    Time: URIRef
    TimeType: URIRef
    Type: URIRef
    View: URIRef
    accordingTo: URIRef
    actorType: URIRef
    eventProperty: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasBeginTimeStamp: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasEarliestEndTimeStamp: URIRef
    hasEndTimeStamp: URIRef
    hasLatestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef
    hasPlace: URIRef
    hasSubEvent: URIRef
    hasSubType: URIRef
    hasTime: URIRef
    hasTimeStamp: URIRef
    placeType: URIRef
    roleType: URIRef
    subEventOf: URIRef
    subTypeOf: URIRef
    timeType: URIRef
    type: URIRef


class SFR(DefinedNamespace):
    """Sifara project terms, closed: exactly the ``sfr:`` terms declared in ``graph/ontology.ttl``."""

    _NS = Namespace("https://sifara.example.org/ontology#")
    _fail = True

    # classes and datatypes
    Mention: URIRef
    Group: URIRef
    CAMEO: URIRef
    PLOVER: URIRef
    # participants and provenance
    source: URIRef
    target: URIRef
    hasMention: URIRef
    evidence: URIRef
    sentenceIndex: URIRef
    start: URIRef
    end: URIRef
    mentionCount: URIRef
    # time
    date: URIRef
    datePrecision: URIRef
    dateUnknown: URIRef
    # codes and extraction facts
    cameo: URIRef
    goldstein: URIRef
    ploverType: URIRef
    ploverMode: URIRef
    modality: URIRef
    confidence: URIRef
    quote: URIRef
    # actors
    country: URIRef
    # the event-type concept scheme
    eventTypes: URIRef


class SFRT(DefinedNamespace):
    """The nine Sifara event types as SKOS concepts (declared in ``graph/ontology.ttl``), closed."""

    _NS = Namespace("https://sifara.example.org/event-type/")
    _fail = True

    call: URIRef
    meet: URIRef
    visit: URIRef
    invite: URIRef
    agree: URIRef
    message: URIRef
    statement: URIRef
    appeal: URIRef
    condemn: URIRef


WD = Namespace("http://www.wikidata.org/entity/")
#: actor IRIs under the default base (handy in doctests and queries)
ACTOR_NS = Namespace(DEFAULT_BASE + "actor/")

# Kind label → RDF classes (besides sem:Actor); from_rdf reads them back in this order,
# most specific first (a country is also a place for schema.org, not for us).
_KIND_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "Group": (SFR.Group,),
    "Media": (SDO.NewsMediaOrganization,),
    "Country": (SDO.Country,),
    "Person": (SDO.Person,),
    "Place": (SDO.Place, SEM.Place),
    "Organization": (SDO.Organization,),
}
_KIND_OF_LABEL = {label: kind for kind, label in KIND_LABELS.items()}
_TYPE_OF_LABEL = {label: etype for etype, label in TYPE_LABELS.items()}
_UNITS = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
_PRECISION_OF_UNIT = {unit: precision for precision, unit in _UNITS.items()}
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANG_RE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Relationship types that to_rdf maps; the dated actor→actor edges are left out on purpose.
_EVENT_EDGE_TYPES = frozenset(EDGE_TYPES.values())


# -- package data ----------------------------------------------------------------------------


@cache
def _data_text(name: str) -> str:
    return resources.files(__package__ or "graph").joinpath(name).read_text(encoding="utf-8")


def ontology_graph() -> Graph:
    """The Sifara ontology (``graph/ontology.ttl``) as a new graph."""
    return Graph().parse(data=_data_text("ontology.ttl"), format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes (``graph/shapes.ttl``) as a new graph."""
    return Graph().parse(data=_data_text("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _scheme_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The event-type scheme and its concepts, as the ontology declares them."""
    onto = ontology_graph()
    subjects = [SFR.eventTypes, *sorted(onto.subjects(RDF.type, SKOS.Concept))]
    return tuple((s, p, o) for s in subjects for p, o in onto.predicate_objects(s))


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context shipped in ``graph/context.jsonld`` (the value of its ``@context``).

    Read from the installed package, never from the network.

    >>> jsonld_context()["sem"]
    'http://semanticweb.cs.vu.nl/2009/11/sem/'
    """
    return json.loads(_data_text("context.jsonld"))["@context"]


def sifara_version() -> str:
    """The installed Sifara version, or ``"0+unknown"`` when running from a source tree."""
    try:
        return metadata.version("sifara")
    except metadata.PackageNotFoundError:
        return "0+unknown"


# -- the property graph → RDF ------------------------------------------------------------------


class _Minter:
    """Node IRIs under one base: base + category + "/" + percent-encoded id."""

    def __init__(self, base: str) -> None:
        if not base.endswith("/"):
            raise ValueError(f"RDF base IRI must end with '/': {base!r}")
        self.base = base

    def __call__(self, category: str, *parts: object) -> URIRef:
        return URIRef(self.base + category + "/" + "/".join(quote(str(p), safe="") for p in parts))


def _labels(data: dict[str, Any]) -> set[str]:
    labels = data.get("__labels__") or set()
    return {labels} if isinstance(labels, str) else set(labels)


def _category(node: str, data: dict[str, Any]) -> str:
    labels = _labels(data)
    for category in ("Actor", "Event", "Article"):
        if category in labels:
            return category
    raise ValueError(f"node {node!r} has no Actor, Event or Article label (labels: {sorted(labels)})")


def _rel(u: str, v: str, data: dict[str, Any]) -> str:
    labels = _labels(data)
    if len(labels) != 1:
        raise ValueError(f"edge {u!r} -> {v!r} must have one relationship type, not {sorted(labels)}")
    return next(iter(labels))


def _script_lang(text: str) -> str:
    """``ar`` for text with Arabic letters, else ``en``."""
    return "ar" if _ARABIC_RE.search(text) else "en"


def _lang_tag(language: str | None) -> str | None:
    """A BCP 47 tag from an article language (``ar``, ``en-GB``), or None when it is not one."""
    tag = (language or "").replace("_", "-")
    return tag if _LANG_RE.match(tag) else None


def _text(value: str, lang: str | None = None) -> Literal:
    """A language-tagged literal: ``lang`` when given, else guessed from the script."""
    return Literal(value, lang=lang or _script_lang(value))


def _parse_iso(value: str, what: str) -> tuple[str, int, int | None, int | None]:
    """(precision, year, month, day) of an ISO date at day, month or year precision."""
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"{what}: {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{what}: {value!r} is not a valid date ({exc})") from exc
    precision = "day" if day is not None else "month" if month is not None else "year"
    return precision, year, month, day


_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_TIME_POSITION = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}


def _iso_literal(value: str, what: str) -> Literal:
    """An ISO date at its precision as xsd:date, xsd:gYearMonth or xsd:gYear."""
    precision = _parse_iso(value, what)[0]
    return Literal(value, datatype=_DATATYPES[precision])


def _add_date(g: Graph, ev: URIRef, eid: str, date: str | None, precision: str | None) -> None:
    if not date:
        g.add((ev, SFR.dateUnknown, Literal(True)))
        return
    found, year, month, _ = _parse_iso(str(date), f"event {eid!r}")
    if precision and precision != found:
        raise ValueError(f"event {eid!r}: date {date!r} is at {found} precision, not {precision!r}")
    g.add((ev, SFR.date, Literal(date, datatype=_DATATYPES[found])))
    g.add((ev, SFR.datePrecision, _UNITS[found]))
    if found == "day":
        g.add((ev, SEM.hasTimeStamp, Literal(date, datatype=XSD.date)))
        return
    first_month, last_month = (month, month) if month else (1, 12)
    last_day = calendar.monthrange(year, last_month)[1]
    g.add((ev, SEM.hasEarliestBeginTimeStamp, Literal(f"{year:04d}-{first_month:02d}-01", datatype=XSD.date)))
    g.add((ev, SEM.hasLatestEndTimeStamp, Literal(f"{year:04d}-{last_month:02d}-{last_day:02d}", datatype=XSD.date)))


def _add_run(g: Graph, mint: _Minter, version: str) -> URIRef:
    run, agent = mint("run", f"sifara-{version}"), mint("agent", f"sifara-{version}")
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDFS.label, Literal(f"Sifara {version} extraction", lang="en")))
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDF.type, SDO.SoftwareApplication))
    g.add((agent, SDO.name, Literal("Sifara")))
    g.add((agent, SDO.softwareVersion, Literal(version)))
    return run


def _add_actor(g: Graph, iri: URIRef, node: str, data: dict[str, Any]) -> None:
    g.add((iri, RDF.type, SEM.Actor))
    g.add((iri, DCTERMS.identifier, Literal(node)))
    kind_label = next((k for k in _KIND_CLASSES if k in _labels(data)), None)
    if kind_label is None and data.get("kind"):
        kind_label = KIND_LABELS.get(str(data["kind"]))
    for cls in _KIND_CLASSES.get(kind_label or "", ()):
        g.add((iri, RDF.type, cls))
    name, name_ar = data.get("name"), data.get("name_ar")
    if name:
        g.add((iri, SKOS.prefLabel, _text(name)))
        g.add((iri, RDFS.label, _text(name)))
    if name_ar:
        g.add((iri, RDFS.label, Literal(name_ar, lang="ar")))
    for alt in data.get("names") or []:
        if alt and alt not in (name, name_ar):
            g.add((iri, SKOS.altLabel, _text(alt)))
    if data.get("country"):
        g.add((iri, SFR.country, Literal(data["country"])))
    if data.get("wikidata"):
        g.add((iri, OWL.sameAs, WD[str(data["wikidata"])]))


def _add_event(g: Graph, iri: URIRef, node: str, data: dict[str, Any]) -> None:
    etype = data.get("type") or next((_TYPE_OF_LABEL[x] for x in _labels(data) if x in _TYPE_OF_LABEL), None)
    if etype not in TYPE_LABELS:
        raise ValueError(f"event {node!r}: unknown event type {etype!r}; expected one of {sorted(TYPE_LABELS)}")
    g.add((iri, RDF.type, SEM.Event))
    g.add((iri, RDF.type, SDO.Event))
    g.add((iri, DCTERMS.identifier, Literal(node)))
    g.add((iri, SEM.eventType, SFRT[etype]))
    _add_date(g, iri, node, data.get("date"), data.get("date_precision"))
    for key, prop in (("cameo", SFR.cameo), ("plover_type", SFR.ploverType),
                      ("plover_mode", SFR.ploverMode), ("modality", SFR.modality)):
        if data.get(key) is not None:
            g.add((iri, prop, Literal(str(data[key]))))
    for key, prop in (("goldstein", SFR.goldstein), ("confidence", SFR.confidence)):
        if data.get(key) is not None:
            g.add((iri, prop, Literal(float(data[key]))))
    if data.get("mentions") is not None:
        g.add((iri, SFR.mentionCount, Literal(int(data["mentions"]))))
    if data.get("summary"):
        g.add((iri, SDO.description, _text(data["summary"])))
    if data.get("quote"):
        g.add((iri, SFR.quote, _text(data["quote"])))


def _add_article(g: Graph, iri: URIRef, node: str, data: dict[str, Any]) -> None:
    lang = _lang_tag(data.get("language"))
    g.add((iri, RDF.type, SDO.NewsArticle))
    g.add((iri, RDF.type, PROV.Entity))
    g.add((iri, DCTERMS.identifier, Literal(node)))
    if data.get("title"):
        g.add((iri, SDO.headline, _text(data["title"], lang)))
    if data.get("published"):
        g.add((iri, SDO.datePublished, _iso_literal(str(data["published"]), f"article {node!r}")))
    if data.get("url"):
        g.add((iri, SDO.url, Literal(data["url"], datatype=XSD.anyURI)))
    if data.get("publisher"):
        g.add((iri, SDO.publisher, Literal(data["publisher"])))
    if data.get("language"):
        g.add((iri, SDO.inLanguage, Literal(data["language"])))


def _add_mention(
    g: Graph, mint: _Minter, run: URIRef, ev: URIRef, eid: str, art: URIRef, aid: str,
    data: dict[str, Any], lang: str | None,
) -> None:
    sentence, start, end = data.get("sentence"), data.get("start"), data.get("end")
    at = "-".join("_" if x is None else str(x) for x in (sentence, start, end))
    m = mint("mention", eid, aid, at)
    g.add((ev, SFR.hasMention, m))
    g.add((m, RDF.type, SFR.Mention))
    g.add((m, RDF.type, PROV.Entity))
    g.add((m, PROV.wasDerivedFrom, art))
    g.add((m, PROV.wasGeneratedBy, run))
    if data.get("evidence"):
        g.add((m, SFR.evidence, _text(data["evidence"], lang)))
    for value, prop in ((sentence, SFR.sentenceIndex), (start, SFR.start), (end, SFR.end)):
        if value is not None:
            g.add((m, prop, Literal(int(value))))


def _add_membership(
    g: Graph, mint: _Minter, person: URIRef, pid: str, org: URIRef, oid: str, data: dict[str, Any],
) -> None:
    office, since, until = data.get("office"), data.get("since"), data.get("until")
    m = mint("membership", pid, oid, office or "_", since or "_")
    g.add((m, RDF.type, ORG.Membership))
    g.add((m, ORG.member, person))
    g.add((m, ORG.organization, org))
    if office:
        role = mint("role", office)
        g.add((m, ORG.role, role))
        g.add((role, RDF.type, ORG.Role))
        g.add((role, SKOS.notation, Literal(office)))
    if data.get("title"):
        g.add((m, RDFS.label, _text(data["title"])))
    if data.get("title_ar"):
        g.add((m, RDFS.label, Literal(data["title_ar"], lang="ar")))
    if since or until:
        during = URIRef(m + "#during")
        g.add((m, ORG.memberDuring, during))
        g.add((during, RDF.type, TIME.Interval))
        for value, prop, frag in ((since, TIME.hasBeginning, "#since"), (until, TIME.hasEnd, "#until")):
            if value:
                instant = URIRef(m + frag)
                precision = _parse_iso(str(value), f"role of {pid!r} in {oid!r}")[0]
                g.add((during, prop, instant))
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, _TIME_POSITION[precision], Literal(value, datatype=_DATATYPES[precision])))


def _bind(ds: Dataset, base: str) -> None:
    for prefix, ns in (
        ("sfr", SFR._NS), ("sfrt", SFRT._NS), ("sem", SEM._NS), ("schema", SDO._NS), ("prov", PROV._NS),
        ("org", ORG._NS), ("time", TIME._NS), ("skos", SKOS._NS), ("dcterms", DCTERMS._NS),
        ("owl", OWL._NS), ("wd", WD),
    ):
        ds.bind(prefix, ns, replace=True)
    for category in ("actor", "event", "article", "mention", "membership", "role", "run", "agent"):
        ds.bind(category, Namespace(base + category + "/"), replace=True)


def to_rdf(
    G: nx.MultiDiGraph,
    base: str = DEFAULT_BASE,
    named_graphs: NamedGraphs = None,
    *,
    version: str | None = None,
) -> Dataset:
    """The RDF dataset of an embedded event graph (pure: ``G`` is not changed).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph of :func:`graph.nx.to_networkx` (``__labels__`` on nodes and edges).
    base : str
        Base IRI of node IRIs; must end with ``/``.
    named_graphs : None, "article" or "source"
        None puts every triple in the default graph. ``"article"`` puts each article,
        its mentions and the ``sfr:hasMention`` links to them in a named graph
        ``<base>graph/article/<id>``; ``"source"`` does the same per publisher
        (``<base>graph/source/<publisher>``). Everything else stays in the default graph.
    version : str, optional
        Sifara version recorded on the extraction run (default: the installed one).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("person:marhaf-abu-qasra", __labels__={"Actor", "Person"}, name="Marhaf Abu Qasra")
    >>> next(to_rdf(G).subjects(DCTERMS.identifier, Literal("person:marhaf-abu-qasra")))
    rdflib.term.URIRef('https://sifara.example.org/id/actor/person%3Amarhaf-abu-qasra')
    """
    if named_graphs not in (None, "article", "source"):
        raise ValueError(f"named_graphs must be None, 'article' or 'source', not {named_graphs!r}")
    mint = _Minter(base)
    ds = Dataset()
    _bind(ds, base)
    core = ds.default_graph
    for triple in _scheme_triples():  # the data names its types: ship their labels and codes
        core.add(triple)
    run = _add_run(core, mint, version or sifara_version())

    category = {n: _category(n, d) for n, d in G.nodes(data=True)}
    prefix = {"Actor": "actor", "Event": "event", "Article": "article"}
    iri = {n: mint(prefix[c], n) for n, c in category.items()}

    def graph_of(article: str) -> Graph:
        if named_graphs is None:
            return core
        if named_graphs == "article":
            return ds.graph(mint("graph", "article", article))
        return ds.graph(mint("graph", "source", G.nodes[article].get("publisher") or "unknown"))

    for n, data in G.nodes(data=True):
        if category[n] == "Actor":
            _add_actor(core, iri[n], n, data)
        elif category[n] == "Event":
            _add_event(core, iri[n], n, data)
        else:
            _add_article(graph_of(n), iri[n], n, data)

    for u, v, data in G.edges(data=True):
        rel = _rel(u, v, data)
        s, o = iri[u], iri[v]
        if rel == "SOURCE_OF":
            core.add((o, SFR.source, s))
            core.add((o, SEM.hasActor, s))
        elif rel == "TARGET":
            core.add((s, SFR.target, o))
            core.add((s, SEM.hasActor, o))
        elif rel == "INVOLVES":
            core.add((s, SEM.hasActor, o))
        elif rel == "IN_PLACE":
            core.add((s, SEM.hasPlace, o))
        elif rel == "ATTRIBUTED_TO":
            core.add((s, SEM.accordingTo, o))
        elif rel == "REPORTED_IN":
            _add_mention(graph_of(v), mint, run, s, u, o, v, data, _lang_tag(G.nodes[v].get("language")))
        elif rel == "HOLDS_ROLE":
            _add_membership(core, mint, s, u, o, v, data)
        elif rel == "MEMBER_OF":
            core.add((s, ORG.memberOf, o))
        elif rel not in _EVENT_EDGE_TYPES:
            raise ValueError(f"edge {u!r} -> {v!r}: unknown relationship type {rel!r}")
    return ds


# -- writers and readers -----------------------------------------------------------------------


def _union(data: Graph) -> Graph:
    """All triples of a graph or dataset (named graphs merged), with its prefixes."""
    if not isinstance(data, Dataset):
        return data
    g = Graph()
    for prefix, ns in data.namespaces():
        g.bind(prefix, ns, replace=True)
    for s, p, o, _ in data.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _fmt(fmt: str | None, path: Path) -> str:
    fmt = fmt or _SUFFIXES.get(path.suffix.lower())
    if fmt not in FORMATS:
        raise ValueError(f"{path}: unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def serialize(ds: Dataset, fmt: str = "ttl") -> str:
    """A dataset as text in ``fmt`` (ttl, nt, jsonld, trig, nq); JSON-LD is compacted with the shipped context."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt not in _QUAD_FORMATS and any(g.identifier != ds.default_graph.identifier and len(g)
                                        for g in ds.graphs()):
        raise ValueError(f"{fmt} cannot hold named graphs; use trig, nq or jsonld, or named_graphs=None")
    if fmt == "jsonld":
        return ds.serialize(format="json-ld", context=jsonld_context(), indent=2)
    return ds.serialize(format=FORMATS[fmt]) if fmt in _QUAD_FORMATS else _union(ds).serialize(format=FORMATS[fmt])


def write_rdf(
    G: nx.MultiDiGraph,
    path: str | Path,
    fmt: str | None = None,
    *,
    base: str = DEFAULT_BASE,
    named_graphs: NamedGraphs = None,
) -> Path:
    """Write :func:`to_rdf` of ``G`` to ``path`` (format from ``fmt`` or the file suffix).

    ``ttl`` and ``nt`` hold one graph, so they need ``named_graphs=None``; ``trig``,
    ``nq`` and ``jsonld`` keep named graphs.
    """
    path = Path(path)
    text = serialize(to_rdf(G, base, named_graphs), _fmt(fmt, path))
    path.write_text(text, encoding="utf-8")
    return path


def read_rdf(path: str | Path, fmt: str | None = None) -> Dataset:
    """A dataset read from a file written by :func:`write_rdf` (JSON-LD with the shipped context)."""
    path = Path(path)
    fmt = _fmt(fmt, path)
    ds = Dataset()
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonld":
        ds.parse(data=text, format="json-ld", context=jsonld_context())
    elif fmt in ("ttl", "nt"):
        ds.default_graph.parse(data=text, format=FORMATS[fmt])
    else:
        ds.parse(data=text, format=FORMATS[fmt])
    return ds


def validate(data_graph: Graph) -> tuple[bool, str]:
    """Check a graph or dataset (all named graphs together) against ``graph/shapes.ttl``.

    Returns ``(conforms, report_text)``; the report names each violated shape
    (``sfrsh:EventActorShape`` …) with its message.

    >>> validate(to_rdf(nx.MultiDiGraph()))[0]
    True
    """
    import pyshacl  # slow to import; only validation needs it

    conforms, _, text = pyshacl.validate(
        _union(data_graph), shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=False,
    )
    return bool(conforms), str(text)


# -- RDF → the property graph ------------------------------------------------------------------


def _str(value: Node | None) -> str | None:
    return None if value is None else str(value)


def _first(values: Iterable[Node]) -> Node | None:
    return min(values, default=None, key=str)


def _id(g: Graph, node: Node) -> str:
    ident = g.value(node, DCTERMS.identifier)
    return str(ident) if ident is not None else unquote(str(node).rstrip("/").rsplit("/", 1)[-1])


def _actor_props(g: Graph, a: Node, aid: str) -> tuple[set[str], dict[str, Any]]:
    types = set(g.objects(a, RDF.type))
    kind_label = next((k for k, classes in _KIND_CLASSES.items() if classes[0] in types), None)
    pref = _first(g.objects(a, SKOS.prefLabel))
    labels = list(g.objects(a, RDFS.label))
    name = _str(pref) or _str(_first(x for x in labels if getattr(x, "language", None) != "ar"))
    arabic = sorted(str(x) for x in labels if getattr(x, "language", None) == "ar")
    name_ar = next((x for x in arabic if x != name), arabic[0] if arabic else None)
    alts = {str(x) for x in g.objects(a, SKOS.altLabel)}
    wikidata = next((str(x)[len(WD):] for x in g.objects(a, OWL.sameAs) if str(x).startswith(str(WD))), None)
    props = {
        "id": aid,
        "name": name or (name_ar or aid),
        "name_ar": name_ar,
        "names": sorted(alts | {x for x in (name, name_ar) if x}),
        "kind": _KIND_OF_LABEL.get(kind_label or ""),
        "country": _str(g.value(a, SFR.country)),
        "wikidata": wikidata,
    }
    return {"Actor"} | ({kind_label} if kind_label else set()), props


def _num(value: Node | None, cast: type) -> Any:
    return None if value is None else cast(value.toPython() if isinstance(value, Literal) else value)


def _event_props(g: Graph, e: Node, eid: str) -> dict[str, Any]:
    concept, types = str(g.value(e, SEM.eventType)), str(SFRT._NS)
    etype = concept[len(types):] if concept.startswith(types) else None
    date = g.value(e, SFR.date)
    if date is None:
        date = g.value(e, SEM.hasTimeStamp)
    unit = g.value(e, SFR.datePrecision)
    precision = _PRECISION_OF_UNIT.get(unit) if isinstance(unit, URIRef) else None
    if date is not None and precision is None:
        precision = _parse_iso(str(date), f"event {eid!r}")[0]
    return {
        "id": eid,
        "type": etype,
        "date": _str(date),
        "date_precision": precision,
        "cameo": _str(g.value(e, SFR.cameo)),
        "goldstein": _num(g.value(e, SFR.goldstein), float),
        "plover_type": _str(g.value(e, SFR.ploverType)),
        "plover_mode": _str(g.value(e, SFR.ploverMode)),
        "modality": _str(g.value(e, SFR.modality)),
        "summary": _str(g.value(e, SDO.description)),
        "confidence": _num(g.value(e, SFR.confidence), float),
        "mentions": _num(g.value(e, SFR.mentionCount), int),
        "quote": _str(g.value(e, SFR.quote)),
    }


def _article_props(g: Graph, a: Node, aid: str) -> dict[str, Any]:
    return {
        "id": aid,
        "title": _str(g.value(a, SDO.headline)),
        "published": _str(g.value(a, SDO.datePublished)),
        "url": _str(g.value(a, SDO.url)),
        "publisher": _str(g.value(a, SDO.publisher)),
        "language": _str(g.value(a, SDO.inLanguage)),
    }


def _instant(g: Graph, interval: Node | None, prop: URIRef) -> str | None:
    if interval is None:
        return None
    instant = g.value(interval, prop)
    if instant is None:
        return None
    positions = (g.value(instant, p) for p in _TIME_POSITION.values())
    return _str(next((x for x in positions if x is not None), None))


def from_rdf(data: Graph) -> nx.MultiDiGraph:
    """The embedded property graph of an RDF graph or dataset written by :func:`to_rdf`.

    Node ids come from ``dcterms:identifier``; node and relationship labels,
    and the properties RDF holds, follow the schema of :mod:`graph.nx`.
    ``INVOLVES`` edges are rebuilt from ``sfr:source`` / ``sfr:target``, and the
    dated actor→actor edges (``CALLED`` …) from the events with
    :func:`graph.nx.event_edge_pairs`; their ``article`` is the event's primary
    mention (earliest article id, then offset), as in the store. Edges to
    nodes that are not in the data are skipped.

    What RDF does not keep: the order of ``names`` (they come back sorted,
    ``name`` and ``name_ar`` included, as the store writes them), and whether an
    actor known only by an Arabic ``name`` had ``name_ar`` set (it comes back
    with ``name_ar`` equal to ``name``).
    """
    g = _union(data)
    G = nx.MultiDiGraph()
    ids: dict[Node, str] = {}
    for a in sorted(set(g.subjects(RDF.type, SDO.NewsArticle)), key=str):
        ids[a] = aid = _id(g, a)
        G.add_node(aid, __labels__={"Article"}, **_article_props(g, a, aid))
    for a in sorted(set(g.subjects(RDF.type, SEM.Actor)), key=str):
        ids[a] = aid = _id(g, a)
        labels, props = _actor_props(g, a, aid)
        G.add_node(aid, __labels__=labels, **props)
    events = sorted(set(g.subjects(RDF.type, SEM.Event)), key=str)
    for e in events:
        ids[e] = eid = _id(g, e)
        props = _event_props(g, e, eid)
        G.add_node(eid, __labels__={"Event"} | ({TYPE_LABELS[props["type"]]} if props["type"] in TYPE_LABELS else set()),
                   **props)

    def linked(subject: Node, prop: URIRef) -> list[str]:
        return sorted(ids[o] for o in g.objects(subject, prop) if o in ids)

    for m in sorted(set(g.subjects(RDF.type, ORG.Membership)), key=str):
        person, org = g.value(m, ORG.member), g.value(m, ORG.organization)
        if person not in ids or org not in ids:
            continue
        role = g.value(m, ORG.role)
        titles = list(g.objects(m, RDFS.label))
        during = g.value(m, ORG.memberDuring)
        office = _str(g.value(role, SKOS.notation)) if role is not None else None
        since = _instant(g, during, TIME.hasBeginning)
        G.add_edge(ids[person], ids[org], key=f"HOLDS_ROLE:{office}:{since}", __labels__={"HOLDS_ROLE"},
                   office=office,
                   title=_str(_first(x for x in titles if getattr(x, "language", None) != "ar")),
                   title_ar=_str(_first(x for x in titles if getattr(x, "language", None) == "ar")),
                   since=since, until=_instant(g, during, TIME.hasEnd))
    for person, group in sorted(g.subject_objects(ORG.memberOf), key=lambda pair: (str(pair[0]), str(pair[1]))):
        if person in ids and group in ids:
            G.add_edge(ids[person], ids[group], key="MEMBER_OF", __labels__={"MEMBER_OF"})

    for e in events:
        eid = ids[e]
        sources, targets = linked(e, SFR.source), linked(e, SFR.target)
        for s in sources:
            G.add_edge(s, eid, key=f"SOURCE_OF:{s}", __labels__={"SOURCE_OF"})
        for t in targets:
            G.add_edge(eid, t, key=f"TARGET:{t}", __labels__={"TARGET"})
        for role, actors in (("source", sources), ("target", targets)):
            for a in actors:
                G.add_edge(eid, a, key=f"INVOLVES:{role}:{a}", __labels__={"INVOLVES"}, role=role)
        for p in linked(e, SEM.hasPlace):
            G.add_edge(eid, p, key=f"IN_PLACE:{p}", __labels__={"IN_PLACE"})
        for r in linked(e, SEM.accordingTo):
            G.add_edge(eid, r, key=f"ATTRIBUTED_TO:{r}", __labels__={"ATTRIBUTED_TO"})
        mentions = []
        for m in g.objects(e, SFR.hasMention):
            art = g.value(m, PROV.wasDerivedFrom)
            if art not in ids:
                continue
            evidence = g.value(m, SFR.evidence)
            mentions.append((ids[art], {
                "sentence": _num(g.value(m, SFR.sentenceIndex), int),
                "start": _num(g.value(m, SFR.start), int),
                "end": _num(g.value(m, SFR.end), int),
                "evidence": _str(evidence),
            }))
        mentions.sort(key=lambda am: (am[0], am[1]["start"] or 0, am[1]["end"] or 0))
        for aid, props in mentions:
            G.add_edge(eid, aid, key=f"REPORTED_IN:{aid}:{props['start']}", __labels__={"REPORTED_IN"}, **props)
        ev = G.nodes[eid]
        if ev["type"] not in EDGE_TYPES:
            continue
        rel = EDGE_TYPES[ev["type"]]
        for s, t in event_edge_pairs({"type": ev["type"], "source": sources, "target": targets}):
            G.add_edge(s, t, key=f"{rel}:{eid}:{s}:{t}", __labels__={rel}, event_id=eid, date=ev["date"],
                       date_precision=ev["date_precision"], cameo=ev["cameo"],
                       article=mentions[0][0] if mentions else None, type=ev["type"], modality=ev["modality"])
    return G
