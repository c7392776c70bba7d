"""graph.rdf: the event graph as RDF (mapping, SHACL, JSON-LD, round trips).

Golden files live in ``tests/graph/fixtures/rdf/``: ``small.ttl`` is the
expected Turtle of :func:`small_graph` and ``invalid_event.ttl`` breaks the
event shapes on purpose.
"""

from __future__ import annotations

import json
import socket
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from graph import rdf
from graph.nx import EDGE_TYPES, KIND_LABELS, TYPE_LABELS, event_edge_pairs
from graph.rdf import SEM, SFR, SFRT, from_rdf, read_rdf, serialize, to_rdf, validate, write_rdf

# rdflib's TIME, XSD and SDO namespaces only warn on an unknown term: make that fail here
# (and keep them out of module globals, which pytest probes while collecting).
pytestmark = [
    pytest.mark.filterwarnings("error::UserWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib"),  # rdflib's own plugins, not us
]

FIXTURES = Path(__file__).parent / "fixtures" / "rdf"
VERSION = "0.0.0+test"
BASE = rdf.DEFAULT_BASE

ENAB = "enab-baladi-2025-02-13"
TASS = "tass-2025-02-12"
CALL, MEET, INVITE, STATEMENT = "ev:call-9f3c2a", "ev:meet-4b1d07", "ev:invite-c81e55", "ev:statement-2d9a40"
PUTIN, SHARAA, SHAIBANI = "Q7747", "person:ahmed-al-sharaa", "person:asaad-al-shaibani"
ABU_QASRA, BOGDANOV = "person:marhaf-abu-qasra", "person:mikhail-bogdanov"
DELEGATION = "group:russian-delegation"

EVIDENCE_INVITE = (
    "وجّه الرئيس الروسي فلاديمير بوتين، أمس الأربعاء، دعوة لوزير الخارجية السوري، أسعد الشيباني، لزيارة روسيا"
)
EVIDENCE_CALL_AR = "وخلال اتصال هاتفي أجراه مع رئيس المرحلة الانتقالية في سوريا أحمد الشرع"
EVIDENCE_CALL_EN = "Vladimir Putin held a telephone conversation with Syria's Ahmed al-Sharaa on Wednesday."
EVIDENCE_STATEMENT = (
    "وكان وزير الدفاع في حكومة تصريف الأعمال السورية مرهف أبو قصرة، قد أكد أن دمشق “منفتحة على السماح لروسيا "
    "بالاحتفاظ بقواعدها الجوية والبحرية على طول الساحل السوري"
)
QUOTE = "منفتحة على السماح لروسيا بالاحتفاظ بقواعدها الجوية والبحرية على طول الساحل السوري"
EVIDENCE_MEET = "التقى وفد روسي رفيع المستوى، مع أحمد الشرع، في العاصمة دمشق"


def _actor(G: nx.MultiDiGraph, aid: str, kind: str, name: str, name_ar: str | None,
           country: str | None = None, wikidata: str | None = None, names: tuple[str, ...] = ()) -> None:
    label = KIND_LABELS[kind]
    # names as the store writes them: every known form, name and name_ar included, sorted
    all_names = sorted({*names, name, *([name_ar] if name_ar else [])})
    G.add_node(aid, __labels__={"Actor", label}, id=aid, name=name, name_ar=name_ar, names=all_names,
               kind=kind, country=country, wikidata=wikidata)


def _event(G: nx.MultiDiGraph, eid: str, etype: str, date: str | None, precision: str | None, *,
           source: list[str], target: list[str], mentions: list[tuple[str, dict[str, Any]]],
           place: tuple[str, ...] = (), attributed: tuple[str, ...] = (), **props: Any) -> None:
    label = TYPE_LABELS[etype]
    G.add_node(eid, __labels__={"Event", label}, id=eid, type=etype, date=date, date_precision=precision,
               summary=mentions[0][1]["evidence"], mentions=len(mentions), **props)
    for s in source:
        G.add_edge(s, eid, key=f"SOURCE_OF:{s}", __labels__={"SOURCE_OF"})
    for t in target:
        G.add_edge(eid, t, key=f"TARGET:{t}", __labels__={"TARGET"})
    for role, actors in (("source", source), ("target", target)):
        for a in actors:
            G.add_edge(eid, a, key=f"INVOLVES:{role}:{a}", __labels__={"INVOLVES"}, role=role)
    for p in place:
        G.add_edge(eid, p, key=f"IN_PLACE:{p}", __labels__={"IN_PLACE"})
    for r in attributed:
        G.add_edge(eid, r, key=f"ATTRIBUTED_TO:{r}", __labels__={"ATTRIBUTED_TO"})
    for art, m in mentions:
        G.add_edge(eid, art, key=f"REPORTED_IN:{art}:{m['start']}", __labels__={"REPORTED_IN"}, **m)
    rel = EDGE_TYPES[etype]
    for s, t in event_edge_pairs({"type": etype, "source": source, "target": target}):
        G.add_edge(s, t, key=f"{rel}:{eid}:{s}:{t}", __labels__={rel}, event_id=eid, date=date,
                   date_precision=precision, cameo=props.get("cameo"), article=mentions[0][0], type=etype,
                   modality=props.get("modality"))


def small_graph() -> nx.MultiDiGraph:
    """Four events from one Arabic and one English article: day, month, unknown and year dates."""
    G = nx.MultiDiGraph()
    G.add_node(ENAB, __labels__={"Article"}, id=ENAB, title="بوتين يدعو وزير الخارجية السوري لزيارة روسيا",
               published="2025-02-13", url="https://news.example/enab-baladi/2025/02/13/putin-shaibani",
               publisher="Enab Baladi", language="ar")
    G.add_node(TASS, __labels__={"Article"}, id=TASS, title="Putin, al-Sharaa discuss cooperation by phone",
               published="2025-02-12", url="https://news.example/tass/2025/02/12/putin-sharaa-call",
               publisher="TASS", language="en")
    _actor(G, PUTIN, "person", "Vladimir Putin", "فلاديمير بوتين", "RUS", "Q7747", names=("Putin", "بوتين"))
    _actor(G, SHARAA, "person", "Ahmed al-Sharaa", "أحمد الشرع", "SYR", names=("al-Sharaa", "الشرع"))
    _actor(G, SHAIBANI, "person", "Asaad al-Shaibani", "أسعد الشيباني", "SYR")
    _actor(G, ABU_QASRA, "person", "Marhaf Abu Qasra", "مرهف أبو قصرة", "SYR")
    _actor(G, BOGDANOV, "person", "Mikhail Bogdanov", "ميخائيل بوغدانوف", "RUS")
    _actor(G, "Q159", "country", "Russia", "روسيا", "RUS", "Q159")
    _actor(G, "Q858", "country", "Syria", "سوريا", "SYR", "Q858", names=("سورية",))
    _actor(G, "Q3766", "place", "Damascus", "دمشق", "SYR", "Q3766")
    _actor(G, "media:tass", "media", "TASS", "تاس", "RUS")
    _actor(G, "org:kremlin", "organization", "Kremlin", "الكرملين", "RUS")
    _actor(G, DELEGATION, "group", "Russian delegation", "الوفد الروسي", "RUS")
    G.add_edge(ABU_QASRA, "Q858", key="HOLDS_ROLE:defence_minister:2024-12", __labels__={"HOLDS_ROLE"},
               office="defence_minister", title="Minister of Defence", title_ar="وزير الدفاع",
               since="2024-12", until=None)
    G.add_edge(BOGDANOV, DELEGATION, key="MEMBER_OF", __labels__={"MEMBER_OF"})

    _event(G, CALL, "call", "2025-02-12", "day", source=[PUTIN], target=[SHARAA],
           attributed=("media:tass", "org:kremlin"),
           mentions=[(ENAB, {"sentence": 1, "start": 106, "end": 176, "evidence": EVIDENCE_CALL_AR}),
                     (TASS, {"sentence": 0, "start": 0, "end": 87, "evidence": EVIDENCE_CALL_EN})],
           cameo="041", goldstein=1.0, plover_type="CONSULT", plover_mode="phone", modality="occurred",
           confidence=0.9, quote=None)
    _event(G, MEET, "meet", "2025-01", "month", source=[DELEGATION], target=[SHARAA], place=("Q3766",),
           mentions=[(ENAB, {"sentence": 9, "start": 2206, "end": 2265, "evidence": EVIDENCE_MEET})],
           cameo="040", goldstein=1.0, plover_type="CONSULT", plover_mode=None, modality="occurred",
           confidence=0.8, quote=None)
    _event(G, INVITE, "invite", None, None, source=[PUTIN], target=[SHAIBANI],
           mentions=[(ENAB, {"sentence": 0, "start": 0, "end": 104, "evidence": EVIDENCE_INVITE})],
           cameo="036", goldstein=4.0, plover_type="AGREE", plover_mode=None, modality="planned",
           confidence=0.85, quote=None)
    _event(G, STATEMENT, "statement", "2025", "year", source=[ABU_QASRA], target=["Q159"],
           mentions=[(ENAB, {"sentence": 8, "start": 1868, "end": 2028, "evidence": EVIDENCE_STATEMENT})],
           cameo="010", goldstein=0.0, plover_type=None, plover_mode=None, modality="occurred",
           confidence=0.7, quote=QUOTE)
    return G


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return small_graph()


def _union(data: Graph) -> Graph:
    return rdf._union(data)


def _assert_isomorphic(got: Graph, expected: Graph) -> None:
    if isomorphic(got, expected):
        return
    _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
    lines = [f"+ {t}" for t in sorted(only_got.triples((None, None, None)))][:30]
    lines += [f"- {t}" for t in sorted(only_expected.triples((None, None, None)))][:30]
    pytest.fail("graphs differ (+ only in result, - only in expected):\n" + "\n".join(lines))


def _labels_count(H: nx.MultiDiGraph) -> Counter[str]:
    return Counter(label for _, d in H.nodes(data=True) for label in d["__labels__"])


def _rel_count(H: nx.MultiDiGraph) -> Counter[str]:
    return Counter(label for *_, d in H.edges(data=True) for label in d["__labels__"])


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


# -- mapping -------------------------------------------------------------------------------------


def _scheme() -> Graph:
    """The event-type scheme as the ontology declares it (every export carries a copy)."""
    onto, g = rdf.ontology_graph(), Graph()
    for s in [SFR.eventTypes, *onto.subjects(RDF.type, SKOS.Concept)]:
        for p, o in onto.predicate_objects(s):
            g.add((s, p, o))
    return g


@pytest.mark.parametrize("golden", ["small.ttl"])
def test_rdf_matches_golden_turtle(G: nx.MultiDiGraph, golden: str) -> None:
    expected = Graph().parse(FIXTURES / golden, format="turtle") + _scheme()
    _assert_isomorphic(_union(to_rdf(G, version=VERSION)), expected)


@pytest.mark.parametrize("etype", sorted(TYPE_LABELS))
def test_rdf_carries_the_event_type_scheme(etype: str) -> None:
    ds = to_rdf(nx.MultiDiGraph(), version=VERSION)
    assert (SFRT[etype], RDF.type, SKOS.Concept) in ds
    assert (SFRT[etype], SKOS.inScheme, SFR.eventTypes) in ds
    assert {o.language for o in ds.objects(SFRT[etype], SKOS.prefLabel)} == {"en", "ar"}


@pytest.mark.parametrize(("node", "category"), [
    ("person:marhaf-abu-qasra", "actor/person%3Amarhaf-abu-qasra"),
    ("Q7747", "actor/Q7747"),
    ("ev:call-9f3c2a", "event/ev%3Acall-9f3c2a"),
    (ENAB, f"article/{ENAB}"),
])
def test_rdf_iris_percent_encode_ids(G: nx.MultiDiGraph, node: str, category: str) -> None:
    ds = to_rdf(G, version=VERSION)
    assert set(ds.subjects(DCTERMS.identifier, Literal(node))) == {URIRef(BASE + category)}


@pytest.mark.parametrize("base", ["https://data.example.net/sifara/"])
def test_rdf_base_is_configurable(G: nx.MultiDiGraph, base: str) -> None:
    ds = to_rdf(G, base=base, version=VERSION)
    assert (URIRef(base + "actor/Q7747"), RDF.type, SEM.Actor) in ds
    assert not any(str(s).startswith(BASE) for s in ds.subjects())


@pytest.mark.parametrize(("eid", "expected"), [
    (CALL, {(SFR.date, Literal("2025-02-12", datatype=ns.XSD.date)), (SFR.datePrecision, ns.TIME.unitDay),
            (SEM.hasTimeStamp, Literal("2025-02-12", datatype=ns.XSD.date))}),
    (MEET, {(SFR.date, Literal("2025-01", datatype=ns.XSD.gYearMonth)), (SFR.datePrecision, ns.TIME.unitMonth),
            (SEM.hasEarliestBeginTimeStamp, Literal("2025-01-01", datatype=ns.XSD.date)),
            (SEM.hasLatestEndTimeStamp, Literal("2025-01-31", datatype=ns.XSD.date))}),
    (STATEMENT, {(SFR.date, Literal("2025", datatype=ns.XSD.gYear)), (SFR.datePrecision, ns.TIME.unitYear),
                 (SEM.hasEarliestBeginTimeStamp, Literal("2025-01-01", datatype=ns.XSD.date)),
                 (SEM.hasLatestEndTimeStamp, Literal("2025-12-31", datatype=ns.XSD.date))}),
    (INVITE, {(SFR.dateUnknown, Literal(True))}),
])
def test_rdf_dates_keep_their_precision(G: nx.MultiDiGraph, eid: str, expected: set) -> None:
    ds = to_rdf(G, version=VERSION)
    ev = URIRef(BASE + "event/" + eid.replace(":", "%3A"))
    time_props = {SFR.date, SFR.datePrecision, SFR.dateUnknown, SEM.hasTimeStamp,
                  SEM.hasEarliestBeginTimeStamp, SEM.hasLatestEndTimeStamp}
    assert {(p, o) for p, o in ds.predicate_objects(ev) if p in time_props} == expected


@pytest.mark.parametrize(("node", "prop", "text"), [
    (PUTIN, RDFS.label, "فلاديمير بوتين"),
    (PUTIN, SKOS.altLabel, "بوتين"),
    ("Q858", SKOS.altLabel, "سورية"),
])
def test_rdf_arabic_labels_carry_ar(G: nx.MultiDiGraph, node: str, prop: URIRef, text: str) -> None:
    ds = to_rdf(G, version=VERSION)
    actor = URIRef(BASE + "actor/" + node)
    assert Literal(text, lang="ar") in set(ds.objects(actor, prop))
    assert Literal("Vladimir Putin", lang="en") in set(ds.objects(URIRef(BASE + "actor/" + PUTIN), RDFS.label))


@pytest.mark.parametrize(("article", "evidence", "lang"), [
    (ENAB, EVIDENCE_CALL_AR, "ar"),
    (TASS, EVIDENCE_CALL_EN, "en"),
])
def test_rdf_evidence_tagged_with_article_language(G: nx.MultiDiGraph, article: str, evidence: str,
                                                   lang: str) -> None:
    ds = to_rdf(G, version=VERSION)
    art = URIRef(BASE + "article/" + article)
    mentions = set(ds.objects(URIRef(BASE + "event/ev%3Acall-9f3c2a"), SFR.hasMention))
    (mention,) = [m for m in mentions if (m, PROV.wasDerivedFrom, art) in ds]
    assert ds.value(mention, SFR.evidence) == Literal(evidence, lang=lang)


@pytest.mark.parametrize("version", ["1.2.3"])
def test_rdf_records_the_extraction_run(G: nx.MultiDiGraph, version: str) -> None:
    ds = to_rdf(G, version=version)
    runs = set(ds.subjects(RDF.type, PROV.Activity))
    assert len(runs) == 1
    assert set(ds.objects(None, PROV.wasGeneratedBy)) == runs
    assert rdf.sifara_version()  # installed version or "0+unknown"


@pytest.mark.parametrize(("mode", "graph_names"), [
    ("article", {f"graph/article/{ENAB}", f"graph/article/{TASS}"}),
    ("source", {"graph/source/Enab%20Baladi", "graph/source/TASS"}),
])
def test_rdf_named_graphs_split_provenance(G: nx.MultiDiGraph, mode: str, graph_names: set[str]) -> None:
    ds = to_rdf(G, named_graphs=mode, version=VERSION)
    named = {g.identifier: g for g in ds.graphs() if g.identifier != ds.default_graph.identifier and len(g)}
    assert set(named) == {URIRef(BASE + name) for name in graph_names}
    for g in named.values():
        (article,) = set(g.subjects(RDF.type, URIRef("https://schema.org/NewsArticle")))
        assert set(g.objects(None, PROV.wasDerivedFrom)) == {article}
        assert len(set(g.subjects(RDF.type, SFR.Mention))) == len(set(g.objects(None, SFR.hasMention)))
    assert not set(ds.default_graph.subjects(RDF.type, SFR.Mention))
    # the same triples as with everything in the default graph, only spread over graphs
    _assert_isomorphic(_union(ds), _union(to_rdf(G, version=VERSION)))


@pytest.mark.parametrize(("args", "message"), [
    ({"base": "https://sifara.example.org/id"}, "must end with '/'"),
    ({"named_graphs": "publisher"}, "named_graphs"),
])
def test_rdf_rejects_bad_arguments(G: nx.MultiDiGraph, args: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_rdf(G, **args)


@pytest.mark.parametrize(("date", "precision", "message"), [
    ("2025-13", "month", "not a valid date"),
    ("12/02/2025", "day", "not an ISO date"),
    ("2025-02", "day", "at month precision"),
])
def test_rdf_rejects_bad_event_dates(G: nx.MultiDiGraph, date: str, precision: str, message: str) -> None:
    G.nodes[CALL].update(date=date, date_precision=precision)
    with pytest.raises(ValueError, match=message):
        to_rdf(G)


# -- vocabulary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("namespace", "typo"), [(SFR, "nosuchterm"), (SFR, "Source"), (SEM, "hasActors"),
                                                 (SFRT, "visits")])
def test_rdf_closed_namespace_raises_on_typo(namespace: type, typo: str) -> None:
    with pytest.raises(AttributeError):
        getattr(namespace, typo)


@pytest.mark.parametrize("namespace", [SFR, SFRT])
def test_rdf_namespace_matches_ontology(namespace: type) -> None:
    declared = {s for s in rdf.ontology_graph().subjects(RDF.type, None)
                if isinstance(s, URIRef) and str(s).startswith(str(namespace))}
    assert set(dir(namespace)) == declared


@pytest.mark.parametrize("etype", sorted(TYPE_LABELS))
def test_rdf_event_type_concepts_match_lexicon(etype: str) -> None:
    from ingest import lexicon

    spec = lexicon.load("base", "event_types")[etype]
    notations = set(rdf.ontology_graph().objects(SFRT[etype], SKOS.notation))
    expected = {Literal(spec["cameo"], datatype=SFR.CAMEO)}
    if spec["plover"]["type"]:
        expected.add(Literal(spec["plover"]["type"], datatype=SFR.PLOVER))
    assert notations == expected
    labels = {o.language for o in rdf.ontology_graph().objects(SFRT[etype], SKOS.prefLabel)}
    assert labels == {"en", "ar"}


# -- SHACL ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("named_graphs", [None, "article"])
def test_rdf_small_graph_conforms(G: nx.MultiDiGraph, named_graphs: str | None) -> None:
    conforms, report = validate(to_rdf(G, named_graphs=named_graphs, version=VERSION))
    assert conforms, report


@pytest.mark.parametrize(("fixture", "shapes", "messages"), [
    ("invalid_event.ttl", ["EventActorShape", "EventDateShape"],
     ["at least one actor (sem:hasActor)", "sfr:dateUnknown true"]),
])
def test_rdf_shacl_report_names_violated_shapes(fixture: str, shapes: list[str], messages: list[str]) -> None:
    conforms, report = validate(Graph().parse(FIXTURES / fixture, format="turtle"))
    assert not conforms
    for shape in shapes:
        assert f"Source Shape: sfrsh:{shape}" in report
    for message in messages:
        assert message in report
    assert "EventMentionShape" not in report  # the invalid event still has its article


@pytest.mark.parametrize(("drop", "shape"), [
    ((None, RDFS.label, None), "ActorLabelShape"),
    ((None, SFR.evidence, None), "MentionEvidenceShape"),
    ((None, SEM.eventType, None), "EventTypeShape"),
])
def test_rdf_shacl_catches_missing_facts(G: nx.MultiDiGraph, drop: tuple, shape: str) -> None:
    g = _union(to_rdf(G, version=VERSION))
    g.remove(drop)
    conforms, report = validate(g)
    assert not conforms
    assert shape in report


# -- serialisations and round trips ---------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "named_graphs"), [
    ("jsonld", None), ("jsonld", "article"), ("trig", "article"), ("nq", "source"), ("ttl", None), ("nt", None),
])
def test_rdf_write_read_round_trip_offline(G: nx.MultiDiGraph, tmp_path: Path, no_network: None, fmt: str,
                                           named_graphs: str | None) -> None:
    ds = to_rdf(G, named_graphs=named_graphs, version=VERSION)
    path = tmp_path / f"small.{fmt}"
    path.write_text(serialize(ds, fmt), encoding="utf-8")
    back = read_rdf(path)
    assert {g.identifier for g in back.graphs() if len(g)} == {g.identifier for g in ds.graphs() if len(g)}
    for g in ds.graphs():
        _assert_isomorphic(back.graph(g.identifier), g)
    H = from_rdf(back)
    assert (set(H.nodes), _rel_count(H)) == (set(G.nodes), _rel_count(G))


@pytest.mark.parametrize("term", ["eventType", "hasMention", "evidence", "sameAs"])
def test_rdf_jsonld_uses_shipped_context(G: nx.MultiDiGraph, tmp_path: Path, no_network: None, term: str) -> None:
    path = write_rdf(G, tmp_path / "small.jsonld")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"] == rdf.jsonld_context()
    assert term in path.read_text(encoding="utf-8")
    assert "الشيباني" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_rdf_single_graph_formats_refuse_named_graphs(G: nx.MultiDiGraph, tmp_path: Path, fmt: str) -> None:
    with pytest.raises(ValueError, match="cannot hold named graphs"):
        write_rdf(G, tmp_path / f"small.{fmt}", named_graphs="article")


@pytest.mark.parametrize("named_graphs", [None, "article"])
def test_rdf_round_trip_to_networkx(G: nx.MultiDiGraph, named_graphs: str | None) -> None:
    H = from_rdf(to_rdf(G, named_graphs=named_graphs, version=VERSION))
    assert set(H.nodes) == set(G.nodes)
    assert _labels_count(H) == _labels_count(G)
    assert _rel_count(H) == _rel_count(G)
    for n, data in G.nodes(data=True):
        assert H.nodes[n] == data, n
    for u, v, k, data in G.edges(keys=True, data=True):
        assert H.has_edge(u, v, k), (u, v, k)
        assert H.edges[u, v, k] == data, (u, v, k)


@pytest.mark.parametrize("fixture", ["small.ttl"])
def test_rdf_golden_turtle_reads_back_to_networkx(G: nx.MultiDiGraph, fixture: str) -> None:
    ds = Dataset()
    ds.default_graph.parse(FIXTURES / fixture, format="turtle")
    H = from_rdf(ds)
    assert set(H.nodes) == set(G.nodes)
    assert _rel_count(H) == _rel_count(G)
    assert H.nodes[ABU_QASRA]["name_ar"] == "مرهف أبو قصرة"
    (role,) = [d for *_, d in H.edges(ABU_QASRA, data=True) if d["__labels__"] == {"HOLDS_ROLE"}]
    assert (role["office"], role["since"], role["until"], role["title_ar"]) == (
        "defence_minister", "2024-12", None, "وزير الدفاع")


@pytest.mark.parametrize(("since", "until", "position", "datatype"), [
    ("2024-12", None, "inXSDgYearMonth", "gYearMonth"),
    ("2024-12-21", "2025", "inXSDDate", "date"),
])
def test_rdf_membership_has_interval(G: nx.MultiDiGraph, since: str, until: str | None, position: str,
                                     datatype: str) -> None:
    G.edges[ABU_QASRA, "Q858", "HOLDS_ROLE:defence_minister:2024-12"].update(since=since, until=until)
    ds = to_rdf(G, version=VERSION)
    (membership,) = set(ds.subjects(RDF.type, ORG.Membership))
    during = ds.value(membership, ORG.memberDuring)
    begin = ds.value(during, ns.TIME.hasBeginning)
    assert ds.value(begin, ns.TIME[position]) == Literal(since, datatype=ns.XSD[datatype])
    end = ds.value(during, ns.TIME.hasEnd)
    assert (end is None) == (until is None)
    (role,) = [d for *_, d in from_rdf(ds).edges(ABU_QASRA, data=True) if d["__labels__"] == {"HOLDS_ROLE"}]
    assert (role["since"], role["until"]) == (since, until)
