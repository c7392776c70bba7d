"""The notebook helpers of sifara.viz: exact checks on a tiny hand-made graph, and each helper
on the bundled sample corpus, saving the plots under tests/artifacts/ for a reviewer to look at."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import sifara
from graph.nx import to_networkx
from graph.store import Store
from sifara import viz

matplotlib.use("Agg")  # before pyplot is first imported (sifara.viz imports it lazily)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def require(*modules: str) -> None:
    """Skip when an optional package is missing, but fail under CI=true: these tests must run there."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (the notebook extras: pip install -e '.[test]')"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true: the notebook helpers must be tested")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --------------------------------------------------------------------------- a tiny graph


def _actor(aid: str, name: str, kind: str, country: str | None, name_ar: str | None = None,
           roles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": aid, "name": name, "name_ar": name_ar, "names": [], "kind": kind, "country": country,
            "wikidata": None, "roles": roles or []}


def _event(eid: str, etype: str, source: list[str], target: list[str], date: str | None,
           evidence: str = "evidence") -> dict[str, Any]:
    return {"id": eid, "type": etype, "source": source, "target": target, "date": date,
            "date_precision": viz.precision(date), "article": "art1", "evidence": evidence,
            "mentions": [{"article": "art1", "start": int(eid[1:]) * 10, "end": int(eid[1:]) * 10 + 5,
                          "sentence": 0, "evidence": evidence}]}


@pytest.fixture(scope="module")
def tiny() -> nx.MultiDiGraph:
    """Erdogan meets MBS (a day), visits Jeddah (a month) and Saudi Arabia (a year); Blinken calls
    Lavrov; MBS makes an undated statement and Lavrov a dated one to nobody."""
    s = Store("unused")
    s.articles["art1"] = {"id": "art1", "title": "t", "published": "2024-01-01", "language": "ar"}
    for a in [
        _actor("sau", "Saudi Arabia", "country", "SAU", "السعودية"),
        _actor("tur", "Turkey", "country", "TUR", "تركيا"),
        _actor("mbs", "Mohammed bin Salman", "person", "SAU", "محمد بن سلمان",
               [{"org": "sau", "office": "head_of_government", "title": "prime minister", "since": "2022-09-27"}]),
        _actor("erdogan", "Recep Tayyip Erdogan", "person", "TUR", "رجب طيب أردوغان",
               [{"org": "tur", "office": "head_of_state", "title": "president", "since": "2014-08-28"}]),
        _actor("jeddah", "Jeddah", "place", "SAU", "جدة"),
        _actor("blinken", "Antony Blinken", "person", "USA"),
        _actor("lavrov", "Sergey Lavrov", "person", "RUS"),
    ]:
        s.actors[a["id"]] = a
    for e in [
        _event("e1", "meet", ["erdogan"], ["mbs"], "2023-07-17", "التقى أردوغان ولي العهد في جدة"),
        _event("e2", "visit", ["erdogan"], ["jeddah"], "2023-07"),
        _event("e3", "visit", ["erdogan"], ["sau"], "2022"),
        _event("e4", "call", ["blinken"], ["lavrov"], "2022-07-29"),
        _event("e5", "statement", ["mbs"], [], None),
        _event("e6", "statement", ["lavrov"], [], "2022-07-29"),
    ]:
        s.events[e["id"]] = e
    return to_networkx(s)


def test_dates_spans_and_periods():
    assert viz.date_span("2024-02") == (pd.Timestamp("2024-02-01").date(), pd.Timestamp("2024-02-29").date())
    assert viz.date_span("garbage") is None and viz.precision("2023-07-17") == "day"
    assert viz.overlaps("2023-07", "2023-07-18", None)          # the month meets the period
    assert not viz.overlaps("2023-07-17", "2023-07-18", None)
    assert viz.overlaps("2022", None, "2022-01")
    assert not viz.overlaps(None, "2020", "2030") and viz.overlaps(None)
    with pytest.raises(ValueError, match="not an ISO date"):
        viz.overlaps("2023", "yesterday")


def test_actor_graph_filters_by_period(tiny):
    assert viz.actor_graph(tiny).number_of_edges() == 6
    assert viz.actor_graph(tiny, loops=False).number_of_edges() == 4
    in_2023 = viz.actor_graph(tiny, "2023", "2023")
    assert sorted(d["event_id"] for _, _, d in in_2023.edges(data=True)) == ["e1", "e2"]
    assert set(in_2023) == {"erdogan", "mbs", "jeddah"}
    late_july = viz.actor_graph(tiny, start="2023-07-18")
    assert [d["event_id"] for _, _, d in late_july.edges(data=True)] == ["e2"]


def test_resolve_actor_by_id_and_names(tiny):
    assert viz.resolve_actor(tiny, "erdogan") == "erdogan"
    assert viz.resolve_actor(tiny, "recep tayyip erdogan") == "erdogan"
    assert viz.resolve_actor(tiny, "جدة") == "jeddah"
    with pytest.raises(KeyError, match="did you mean Recep Tayyip Erdogan"):
        viz.resolve_actor(tiny, "Erdogan")


def test_participations_long_table(tiny):
    p = viz.participations(tiny)
    assert len(p) == 10  # 4 two-party events x 2 + 2 statements
    e3 = p[p["event"] == "e3"].set_index("actor")
    assert e3.loc["sau", "precision"] == "year" and e3.loc["sau", "role"] == "target"
    assert (e3.loc["sau", "start"], e3.loc["sau", "end"]) == (pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"))
    assert p["start"].isna().sum() == 1  # the undated statement, last
    assert pd.isna(p["start"].iloc[-1])


def test_timeline_shows_date_precision(tiny):
    fig = viz.timeline(tiny)
    ax = fig.axes[0]
    # day-precision participations are points: e1 x2, e4 x2, e6 x1
    assert len([line for line in ax.lines if line.get_marker() == "o"]) == 5
    # month and year ones are spans as wide as the month and the year: e2 x2 (31 days), e3 x2 (365)
    widths = sorted(round(float(np.ptp(p.vertices[:, 0]))) for c in ax.collections for p in c.get_paths())
    assert widths == [31, 31, 365, 365]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [lbl.split(" · ")[0] for lbl in labels] == [  # by first event, the 2022 visit's year first
        "Recep Tayyip Erdogan", "Saudi Arabia", "Antony Blinken", "Sergey Lavrov", "Jeddah", "Mohammed bin Salman"]
    assert "1 undated not shown" in ax.get_title(loc="left")


def test_timeline_zooms_on_a_period(tiny):
    import matplotlib.dates as mdates

    ax = viz.timeline(tiny, start="2023-07", end="2023").axes[0]
    assert {t.get_text().split(" · ")[0] for t in ax.get_yticklabels()} == {
        "Recep Tayyip Erdogan", "Mohammed bin Salman", "Jeddah"}
    assert [mdates.num2date(x).date().isoformat() for x in ax.get_xlim()] == ["2023-07-01", "2024-01-01"]
    assert ax.get_title(loc="left").startswith("Events by actor, 2023-07 – 2023 — 2 dated events")


def test_timeline_from_events_dataframe_and_given_axes(tiny):
    df = pd.DataFrame([{"date": "2023-07", "type": "visit", "source": "A", "target": "B, C"},
                       {"date": None, "type": "statement", "source": "A", "target": ""}])
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert viz.timeline(df, ax=ax) is fig
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert len(ax.collections) == 3


def test_label_and_arabic_mode():
    assert viz.arabic_mode() in {"native", "reshaper", "none"}
    assert viz.label("Jeddah", "جدة", arabic=False) == "Jeddah"
    if viz.arabic_mode() != "none":
        assert viz.label("Jeddah", "جدة").startswith("Jeddah · ")
    if viz.arabic_mode() == "native":  # matplotlib shapes it: the text is passed as is
        assert viz.shape_arabic("جدة") == "جدة"
    assert viz.label(None, "جدة", arabic=False) == "جدة" and viz.label("Jeddah", float("nan")) == "Jeddah"


def test_shape_arabic_for_older_matplotlib(monkeypatch):
    pytest.importorskip("arabic_reshaper")
    pytest.importorskip("bidi")
    monkeypatch.setattr(viz, "arabic_mode", lambda: "reshaper")
    shaped = viz.shape_arabic("جدة")
    # presentation forms (initial ج, final د, isolated ة) in visual order: right to left, ة first
    assert shaped == "\ufe93\ufeaa\ufe9f"
    assert viz.shape_arabic("Jeddah") == "Jeddah"


def test_rtl_table_marks_arabic_cells(tiny):
    require("jinja2")
    df = pd.DataFrame({"date": ["2023-07-17", None], "type": ["meet", "visit"],
                       "evidence": ["التقى أردوغان ولي العهد", "Erdogan visited Jeddah"], "extra": [1, 2]})
    styler = viz.rtl_table(df)
    html = styler.to_html()
    assert "extra" not in html and "—" in html  # default columns; missing date shown as a dash
    rules = re.findall(r"((?:#T_\w+_row\d+_col\d+,?\s*)+)\{([^}]*)\}", html)
    rtl_cells = {cell for sel, props in rules if "direction: rtl" in props
                 for cell in re.findall(r"row\d+_col\d+", sel)}
    assert rtl_cells == {"row0_col2"}


def test_central_actors(tiny):
    central = viz.central_actors(tiny, k=3)
    assert list(central.columns) == ["actor", "name", "name_ar", "kind", "events", "partners", "degree", "betweenness"]
    top = central.iloc[0]
    assert (top["actor"], top["partners"], top["degree"], top["betweenness"]) == ("erdogan", 3, 0.6, 0.3)
    assert len(central) == 3
    assert central.set_index("actor").loc["mbs", "events"] == 2  # the meeting and its undated statement
    # in July 2022: the call, Lavrov's statement and the visit dated only to 2022, which overlaps it
    july = viz.central_actors(tiny, start="2022-07-01", end="2022-07-31")
    assert july["actor"].tolist() == ["lavrov", "blinken", "erdogan", "sau"]


def test_ego(tiny):
    assert set(viz.ego(tiny, "erdogan")) == {"erdogan", "mbs", "jeddah", "sau"}
    assert set(viz.ego(tiny, "erdogan", radius=0)) == {"erdogan"}
    assert set(viz.ego(tiny, "Mohammed bin Salman", radius=2)) == {"erdogan", "mbs", "jeddah", "sau"}
    assert set(viz.ego(tiny, "blinken").edges()) == {("blinken", "lavrov"), ("lavrov", "lavrov")}
    assert set(viz.ego(tiny, "tur")) == {"tur"}  # an actor without events is its own ego network


def test_dyad_timeline_between_countries(tiny):
    dyad = viz.dyad_timeline(tiny, "sau", "tur")
    assert dyad["event"].tolist() == ["e3", "e2", "e1"]  # in date order: 2022, 2023-07, 2023-07-17
    assert dyad["precision"].tolist() == ["year", "month", "day"]
    assert dyad.iloc[2][["source", "target"]].tolist() == ["Recep Tayyip Erdogan", "Mohammed bin Salman"]
    assert dyad.attrs["title"] == "Saudi Arabia – Turkey: 3 events"
    assert viz.dyad_timeline(tiny, "Antony Blinken", "lavrov")["event"].tolist() == ["e4"]
    assert viz.dyad_timeline(tiny, "sau", "lavrov").empty


def _vis_data(page: str, what: str) -> list[dict[str, Any]]:
    m = re.search(rf"{what} = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert m, f"no {what} in the page"
    return json.loads(m.group(1))


def test_network_html_is_offline_and_filtered(tiny, tmp_path):
    require("pyvis", "jinja2")
    page = viz.network_html(tiny, path=tmp_path / "net.html")
    assert (tmp_path / "net.html").read_text(encoding="utf-8") == page
    assert "new vis.Network" in page and "vis-network" in page
    assert not re.findall(r"(?:src|href)=\"https?://", page), "the page must need no network"
    edges = _vis_data(page, "edges")
    assert sorted(e["label"] for e in edges) == ["2022", "2022-07-29", "2023-07", "2023-07-17"]
    assert {e["color"] for e in edges if e["label"] == "2023-07-17"} == {viz.TYPE_COLOURS["meet"]}
    assert "التقى أردوغان" in next(e["title"] for e in edges if e["label"] == "2023-07-17")
    nodes = {n["id"]: n for n in _vis_data(page, "nodes")}
    assert nodes["mbs"]["label"] == "Mohammed bin Salman\nمحمد بن سلمان"
    assert "6 actors, 4 event edges" in page
    period = viz.network_html(tiny, start="2023", end="2023-12-31")
    assert sorted(e["label"] for e in _vis_data(period, "edges")) == ["2023-07", "2023-07-17"]
    assert "2023 – 2023-12-31" in period
    frame = viz.embed(period, height=300)
    assert frame.startswith('<div class="sifara-network"><iframe srcdoc="') and "height:300px" in frame
    assert "<script" not in frame.split('srcdoc="', 1)[1].split('"', 1)[0]  # escaped into the attribute


def test_load_neo4j_prefers_kg_to_neo4j(monkeypatch, tiny):
    calls: list[Any] = []

    class WithConn:
        graph = tiny

        def to_neo4j(self, conn: object) -> str:
            calls.append(conn)
            return "to_neo4j"

    class Without:
        graph = tiny

    import graph.neo4j

    monkeypatch.setattr(graph.neo4j, "load_graph", lambda G, conn: calls.append((G, conn)) or "load_graph")
    assert viz.load_neo4j(WithConn(), "CONN") == "to_neo4j"  # type: ignore[arg-type]
    assert viz.load_neo4j(Without(), "CONN") == "load_graph"  # type: ignore[arg-type]
    assert calls == ["CONN", (tiny, "CONN")]


# --------------------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def sample() -> sifara.KnowledgeGraph:
    return sifara.build([str(files("sifara") / "data" / "sample")])


def _saved(fig: Any, path: Path) -> Path:
    fig.savefig(path, dpi=110)
    assert path.is_file() and path.stat().st_size > 5_000, f"{path} is missing or nearly empty"
    return path


def test_sample_timeline_png(sample, artifacts):
    fig = viz.timeline(sample)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) >= 5 and ax.lines
    _saved(fig, artifacts / "timeline.png")
    _saved(viz.timeline(sample.events), artifacts / "timeline_from_events.png")


def test_sample_centrality_png(sample, artifacts):
    central = viz.central_actors(sample.graph, k=10)
    assert 5 <= len(central) <= 10
    assert central["degree"].is_monotonic_decreasing
    assert central["degree"].between(0, 1).all() and central["betweenness"].between(0, 1).all()
    _saved(viz.plot_centrality(central), artifacts / "centrality.png")


def test_sample_ego_and_dyad_png(sample, artifacts):
    top = viz.central_actors(sample.graph, k=1)["actor"].iloc[0]
    g = viz.ego(sample.graph, top, radius=1)
    assert top in g and g.number_of_nodes() >= 2
    assert all(nx.has_path(g.to_undirected(), top, n) for n in g)
    _saved(viz.draw_network(g, focus=top), artifacts / "ego.png")
    dyad = viz.dyad_timeline(sample, "country:SAU", "country:TUR")  # Erdogan's Gulf tour
    assert len(dyad) >= 1 and dyad["type"].notna().all()
    _saved(viz.timeline(dyad), artifacts / "dyad_sau_tur.png")


def test_sample_rtl_table(sample):
    require("jinja2")
    html = viz.rtl_table(sample.events).to_html()
    assert "direction: rtl" in html and "text-align: left" in html


def test_sample_network_html(sample, artifacts):
    require("pyvis", "jinja2")
    page = viz.network_html(sample.graph, path=artifacts / "network.html")
    assert len(_vis_data(page, "edges")) >= 5
    period = viz.network_html(sample.graph, start="2023-01-01", end="2023-12-31")
    dates = [e["label"] for e in _vis_data(period, "edges")]
    assert dates and all(d.startswith("2023") for d in dates)
