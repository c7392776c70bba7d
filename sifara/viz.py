"""Tables, plots and network views of an event graph, for notebooks (``notebooks/explore.ipynb``).

Every helper takes what a notebook has at hand: a :class:`~sifara.api.KnowledgeGraph`,
its networkx graph ``kg.graph`` or its ``kg.events`` DataFrame.

* :func:`rtl_table` — a pandas Styler rendering Arabic cells right to left;
* :func:`timeline` — events by actor over time (matplotlib), coloured by type, a point
  for an event dated to the day, a span over the month or the year for one dated
  only to the month or the year;
* :func:`network_html` — an interactive, self-contained (offline) pyvis page of the
  actors and their dated event edges, optionally limited to a period; :func:`embed`
  wraps it in an ``<iframe>`` for ``IPython.display.HTML``;
* :func:`central_actors` / :func:`plot_centrality` — degree and betweenness over the
  actor-to-actor event edges; :func:`ego` / :func:`draw_network` — the neighbourhood
  of one actor; :func:`dyad_timeline` — the events between two actors or two countries;
* :func:`load_neo4j` — put the graph into Neo4j (``kg.to_neo4j`` when it exists).

Plots label actors ``English · العربية``. Matplotlib 3.11+ joins Arabic letters and
orders them right to left itself (libraqm); with an older one the labels are shaped
beforehand by ``arabic-reshaper`` and ``python-bidi`` when they are installed, and
otherwise the plots show English names only (:func:`arabic_mode`).

Dates are ISO strings at their precision (``2023-04-18``, ``2023-04``, ``2023``) or
null; a period bound may be given at any of those precisions:

>>> date_span("2023-02")
(datetime.date(2023, 2, 1), datetime.date(2023, 2, 28))
>>> overlaps("2023", "2023-06-01", None), overlaps(None, "2023", None), overlaps(None, None, None)
(True, False, True)
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import inspect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import networkx as nx
import pandas as pd

from graph.nx import EDGE_TYPES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from pandas.io.formats.style import Styler

    from graph.neo4j import Connection
    from sifara.api import KnowledgeGraph

__all__ = [
    "KIND_COLOURS",
    "TYPE_COLOURS",
    "actor_graph",
    "arabic_mode",
    "central_actors",
    "date_span",
    "draw_network",
    "dyad_timeline",
    "ego",
    "embed",
    "has_arabic",
    "label",
    "load_neo4j",
    "network_html",
    "overlaps",
    "participations",
    "plot_centrality",
    "precision",
    "resolve_actor",
    "rtl_table",
    "shape_arabic",
    "timeline",
]

GraphLike = Union["KnowledgeGraph", nx.MultiDiGraph]
DateBound = str | dt.date | None

#: one colour per event type (matplotlib tab10 hues; statements, the commonest, in grey)
TYPE_COLOURS: dict[str, str] = {
    "call": "#1f77b4", "meet": "#2ca02c", "visit": "#ff7f0e", "invite": "#9467bd", "agree": "#17becf",
    "message": "#8c564b", "statement": "#7f7f7f", "appeal": "#bcbd22", "condemn": "#d62728",
}
#: one colour per actor kind (nodes of the network views)
KIND_COLOURS: dict[str, str] = {
    "person": "#4c72b0", "country": "#dd8452", "organization": "#55a868", "media": "#8172b3",
    "group": "#937860", "place": "#da8bc3",
}
_EVENT_RELS = frozenset(EDGE_TYPES.values())
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TABLE_COLUMNS = ["date", "type", "source", "target", "evidence", "reported_by"]


# --------------------------------------------------------------------------- text and dates


@cache
def arabic_mode() -> str:
    """How plots draw Arabic: ``native``, ``reshaper`` or ``none``.

    ``native``: matplotlib lays text out with libraqm (3.11 and later), which joins the
    letters and orders them right to left by itself, so labels are passed unchanged.
    ``reshaper``: an older matplotlib, with ``arabic-reshaper`` and ``python-bidi``
    installed to do it beforehand. ``none``: neither, so plots show English names only.
    """
    try:
        from matplotlib import ft2font

        if getattr(ft2font, "__libraqm_version__", None):
            return "native"
    except ImportError:  # pragma: no cover - matplotlib missing: nothing is plotted anyway
        pass
    try:
        import arabic_reshaper  # noqa: F401
        import bidi  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        return "none"
    return "reshaper"


def has_arabic(value: object) -> bool:
    """True for a string with at least one Arabic letter.

    >>> has_arabic("زيارة Erdogan"), has_arabic("visit"), has_arabic(None)
    (True, False, False)
    """
    return isinstance(value, str) and bool(_ARABIC.search(value))


def shape_arabic(text: str) -> str:
    """Arabic text as matplotlib must be given it to draw it joined and right to left.

    Unchanged when matplotlib shapes text itself, when the text has no Arabic, or when
    no shaping is available (:func:`arabic_mode`); otherwise reshaped (contextual
    letter forms) and reordered into visual order with ``arabic-reshaper`` and ``python-bidi``.
    """
    if arabic_mode() != "reshaper" or not has_arabic(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def label(name: str | None, name_ar: str | None = None, arabic: bool | None = None) -> str:
    """An axis label for an actor: ``English · العربية`` (shaped) or the English name alone.

    ``arabic`` None means "when plots can draw Arabic" (:func:`arabic_mode` is not ``none``).

    >>> label("Egypt", "مصر", arabic=False)
    'Egypt'
    """
    arabic = arabic_mode() != "none" if arabic is None else arabic
    name_ar = name_ar if isinstance(name_ar, str) else None
    name = name if isinstance(name, str) and name else name_ar or "?"
    if arabic and name_ar and name_ar != name:
        return f"{name} · {shape_arabic(name_ar)}"
    return name


def date_span(value: object) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by an ISO date at day, month or year precision (None if unknown).

    >>> date_span("2023-04-18")
    (datetime.date(2023, 4, 18), datetime.date(2023, 4, 18))
    >>> date_span("2024")
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> date_span(None) is None
    True
    """
    if isinstance(value, dt.date):
        return value, value
    if not isinstance(value, str) or not (m := _ISO.match(value.strip())):
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if day:
        d = dt.date(year, month, day)
        return d, d
    if month:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def precision(value: object) -> str | None:
    """``day``, ``month`` or ``year`` for an ISO date string, None when it is not one.

    >>> precision("2023-04"), precision(None)
    ('month', None)
    """
    if not isinstance(value, str) or not (m := _ISO.match(value.strip())):
        return None
    return "day" if m[3] else "month" if m[2] else "year"


def _bound(value: DateBound, last: bool) -> dt.date | None:
    if value is None:
        return None
    span = date_span(value)
    if span is None:
        raise ValueError(f"period bound {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return span[1] if last else span[0]


def overlaps(date: object, start: DateBound = None, end: DateBound = None) -> bool:
    """Whether an event date (at its precision) overlaps the period ``[start, end]``.

    With no bound every event is in, undated ones too; with a bound only dated events
    whose day, month or year meets the period are.
    """
    lo, hi = _bound(start, last=False), _bound(end, last=True)
    if lo is None and hi is None:
        return True
    span = date_span(date)
    if span is None:
        return False
    return (lo is None or span[1] >= lo) and (hi is None or span[0] <= hi)


# --------------------------------------------------------------------------- graph access


def _graph(data: GraphLike) -> nx.MultiDiGraph:
    """The networkx graph of a KnowledgeGraph, or the graph itself."""
    if isinstance(data, nx.Graph):
        return data
    G = getattr(data, "graph", None)
    if isinstance(G, nx.Graph):
        return G
    raise TypeError(f"expected a KnowledgeGraph or a networkx graph, got {type(data).__name__}")


def _labels(attrs: dict[str, Any]) -> set[str]:
    labels = attrs.get("__labels__") or set()
    return {labels} if isinstance(labels, str) else set(labels)


def _is_actor(G: nx.MultiDiGraph, node: str) -> bool:
    return "Actor" in _labels(G.nodes[node])


def _is_event_edge(attrs: dict[str, Any]) -> bool:
    return bool(_labels(attrs) & _EVENT_RELS)


def _name(G: nx.Graph, node: str) -> str:
    return G.nodes[node].get("name") or str(node) if node in G else str(node)


def resolve_actor(G: GraphLike, key: str) -> str:
    """The node id of an actor given by id, English name or Arabic name (case-insensitive).

    Raises ``KeyError`` naming close matches when there is no such actor.
    """
    G = _graph(G)
    if key in G and _is_actor(G, key):
        return key
    wanted = key.casefold().strip()
    names: dict[str, str] = {}
    for n, a in G.nodes(data=True):
        if "Actor" in _labels(a):
            for v in (a.get("name"), a.get("name_ar"), *(a.get("names") or [])):
                if isinstance(v, str):
                    names.setdefault(v.casefold(), n)
    if wanted in names:
        return names[wanted]
    close = sorted({G.nodes[n].get("name") or n for v, n in names.items() if wanted in v})[:5]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no actor {key!r} in the graph{hint}")


def actor_graph(G: GraphLike, start: DateBound = None, end: DateBound = None,
                loops: bool = True) -> nx.MultiDiGraph:
    """The actors and the dated actor-to-actor event edges between them (``CALLED``, ``MET`` …).

    Only edges whose date overlaps ``[start, end]`` are kept (all edges, undated ones
    too, without bounds); actors left without an edge are dropped. ``loops=False``
    drops the self-loops of events with no counterpart (a statement to nobody).
    Node and edge attributes are those of the event graph.
    """
    G = _graph(G)
    H = nx.MultiDiGraph()
    for u, v, k, d in G.edges(keys=True, data=True):
        if not _is_event_edge(d) or (u == v and not loops) or not overlaps(d.get("date"), start, end):
            continue
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, key=k, **d)
    return H


def _event_nodes(G: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    for n, a in G.nodes(data=True):
        if "Event" in _labels(a):
            yield n, a


def _participants(G: nx.MultiDiGraph, event: str) -> list[tuple[str, str]]:
    """(actor, role) of an event, source side first, in a stable order."""
    seen: dict[tuple[str, str], None] = {}
    for _, actor, d in G.out_edges(event, data=True):
        if "INVOLVES" in _labels(d):
            seen[(actor, d.get("role") or "source")] = None
    return sorted(seen, key=lambda p: (p[1] != "source", p[0]))


def participations(data: GraphLike | pd.DataFrame) -> pd.DataFrame:
    """One row per (event, participant): the long table behind the timeline and the dyads.

    Columns ``event, date, precision, start, end, type, actor, name, name_ar, role,
    evidence``; ``start``/``end`` are the first and last day the date covers (NaT when
    undated). From a ``kg.events`` DataFrame the actors are its ``source``/``target``
    names (split on ``", "``) and ``name_ar`` is empty.
    """
    rows: list[dict[str, Any]] = []
    if isinstance(data, pd.DataFrame):
        for i, r in enumerate(data.itertuples(index=False)):
            rec = r._asdict()
            date = rec.get("date") if isinstance(rec.get("date"), str) else None
            for role in ("source", "target"):
                names = rec.get(role)
                for name in names.split(", ") if isinstance(names, str) else []:
                    if name.strip():
                        rows.append({"event": rec.get("id", i), "date": date, "type": rec.get("type"),
                                     "actor": name, "name": name, "name_ar": None, "role": role,
                                     "evidence": rec.get("evidence")})
    else:
        G = _graph(data)
        for eid, e in _event_nodes(G):
            for actor, role in _participants(G, eid):
                a = G.nodes[actor]
                rows.append({"event": eid, "date": e.get("date"), "type": e.get("type"), "actor": actor,
                             "name": a.get("name") or actor, "name_ar": a.get("name_ar"), "role": role,
                             "evidence": e.get("summary")})
    cols = ["event", "date", "precision", "start", "end", "type", "actor", "name", "name_ar", "role", "evidence"]
    df = pd.DataFrame(rows, columns=[c for c in cols if c not in ("precision", "start", "end")])
    spans = [date_span(d) for d in df["date"]]
    df["precision"] = [precision(d) for d in df["date"]]
    df["start"] = pd.to_datetime([s[0] if s else None for s in spans])
    df["end"] = pd.to_datetime([s[1] if s else None for s in spans])
    return df[cols].sort_values(["start", "event", "role", "actor"], na_position="last", kind="stable",
                                ignore_index=True)


# --------------------------------------------------------------------------- table


def rtl_table(df: pd.DataFrame, columns: Iterable[str] | None = None, max_rows: int | None = None) -> Styler:
    """A Styler of the events table in which every cell holding Arabic reads right to left.

    ``columns`` defaults to ``date, type, source, target, evidence, reported_by`` (those
    present); Arabic cells get ``direction: rtl; text-align: right``, the others are
    left-aligned; missing values show as ``—``. Needs ``jinja2`` (pandas' Styler does).
    """
    cols = list(columns) if columns is not None else [c for c in _TABLE_COLUMNS if c in df.columns]
    view = df.loc[:, cols]
    if max_rows is not None:
        view = view.head(max_rows)

    def css(value: object) -> str:
        if has_arabic(value):
            return "direction: rtl; text-align: right; unicode-bidi: plaintext"
        return "text-align: left"

    styler = (
        view.style.map(css)
        .format(na_rep="—")
        .set_table_styles([
            {"selector": "th", "props": "text-align: left"},
            {"selector": "td", "props": "vertical-align: top; white-space: normal; max-width: 38em"},
        ])
    )
    short = [c for c in ("date", "type", "precision") if c in view.columns]
    return styler.set_properties(subset=short, **{"white-space": "nowrap"}) if short else styler


# --------------------------------------------------------------------------- timeline


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    import matplotlib.pyplot as plt

    fig, new = plt.subplots(figsize=size, layout="constrained")
    return fig, new


def timeline(data: GraphLike | pd.DataFrame, ax: Axes | None = None, *, start: DateBound = None,
             end: DateBound = None, max_actors: int = 30, arabic: bool | None = None,
             title: str | None = None) -> Figure:
    """Events by actor over time: one row per actor, one mark per event it took part in.

    Colour is the event type; the shape is the date's precision: a point for a day, a
    span over the month for a month, a lighter, hatched span over the year for a year.
    Events on the same actor and day are spread vertically so none hides another.
    Undated events cannot be placed and are counted in the title. At most
    ``max_actors`` rows (the most active actors), ordered by their first event.
    ``start``/``end`` zoom on a period: only events overlapping it, axis cut at its bounds.
    ``data`` is a KnowledgeGraph, its graph or a ``kg.events``-like DataFrame (then the
    rows are the English names). Returns the Figure (drawn into ``ax`` when given).
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    p = participations(data)
    dated, undated = p[p["start"].notna()], p[p["start"].isna()]
    lo, hi = _bound(start, last=False), _bound(end, last=True)
    if lo is not None or hi is not None:
        dated = dated[[overlaps(d, start, end) for d in dated["date"]]]
    busiest = dated.groupby("actor")["event"].nunique().sort_values(ascending=False, kind="stable")
    keep = set(busiest.index[:max_actors])
    dated = dated[dated["actor"].isin(keep)]
    order = (dated.groupby("actor")["start"].min().reset_index()
             .sort_values(["start", "actor"], kind="stable")["actor"].tolist())
    row = {a: i for i, a in enumerate(order)}
    fig, ax = _new_axes(ax, (11, 1.6 + 0.42 * max(len(order), 3)))
    first = dated.drop_duplicates("actor").set_index("actor")
    ylabels = [label(first.at[a, "name"], first.at[a, "name_ar"], arabic) for a in order]

    stack: dict[tuple[str, pd.Timestamp], int] = Counter()
    total = dated.groupby(["actor", "start"])["event"].transform("size")
    for r, n in zip(dated.itertuples(index=False), total, strict=True):
        i = stack[(r.actor, r.start)]
        stack[(r.actor, r.start)] += 1
        y = row[r.actor] + (i - (n - 1) / 2) * min(0.22, 0.7 / n)
        colour = TYPE_COLOURS.get(r.type, "#333333")
        if r.precision == "day":
            ax.plot(r.start, y, "o", ms=8, color=colour, mec="white", mew=0.8, zorder=3)
        else:
            width = r.end - r.start + pd.Timedelta(days=1)
            year = r.precision == "year"
            ax.broken_barh([(mdates.date2num(r.start), width.days)], (y - 0.17, 0.34), facecolors=colour,
                           alpha=0.3 if year else 0.75, hatch="///" if year else None,
                           edgecolor=colour, linewidth=0.8, zorder=2)
    ax.set_yticks(range(len(order)), ylabels)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.grid(axis="x", color="#f4f4f4", zorder=0)
    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if lo is not None:
        ax.set_xlim(left=mdates.date2num(lo))
    if hi is not None:
        ax.set_xlim(right=mdates.date2num(hi + dt.timedelta(days=1)))
    if not len(dated):
        ax.text(0.5, 0.5, "no dated events", transform=ax.transAxes, ha="center", va="center")
    types = [t for t in TYPE_COLOURS if t in set(dated["type"])]
    handles: list[Any] = [Patch(color=TYPE_COLOURS[t], label=t) for t in types]
    handles += [
        Line2D([], [], marker="o", ls="", color="#555555", label="day"),
        Patch(facecolor="#555555", alpha=0.75, label="month (span)"),
        Patch(facecolor="#555555", alpha=0.3, hatch="///", label="year (span)"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, title="type · precision")
    n_dated, n_undated = dated["event"].nunique(), undated["event"].nunique()
    title = title or (data.attrs.get("title") if isinstance(data, pd.DataFrame) else None)
    period = f", {start or '…'} – {end or '…'}" if lo is not None or hi is not None else ""
    ax.set_title(title or f"Events by actor{period} — {n_dated} dated events"
                 + (f" ({n_undated} undated not shown)" if n_undated else ""), loc="left")
    return fig


# --------------------------------------------------------------------------- analytics


def _simple(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of actor pairs, ``events`` = number of distinct events per pair."""
    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if u != v:
            pairs[(u, v) if u <= v else (v, u)].add(d.get("event_id") or f"{u}-{v}")
    for (u, v), events in pairs.items():
        S.add_edge(u, v, events=len(events))
    return S


def central_actors(G: GraphLike, k: int = 10, start: DateBound = None, end: DateBound = None) -> pd.DataFrame:
    """The ``k`` most central actors over the actor-to-actor event edges (optionally in a period).

    Columns: ``actor`` (id), ``name``, ``name_ar``, ``kind``, ``events`` (distinct events
    taken part in, one-sided statements included), ``partners`` (distinct counterparts),
    ``degree`` (degree centrality: partners / (actors - 1)) and ``betweenness``
    (normalised, on the undirected graph of pairs). Sorted by degree, then betweenness,
    then events.
    """
    H = actor_graph(G, start, end)
    S = _simple(H)
    n = S.number_of_nodes()
    degree = nx.degree_centrality(S) if n > 1 else dict.fromkeys(S, 0.0)
    between = nx.betweenness_centrality(S, normalized=True) if n > 2 else dict.fromkeys(S, 0.0)
    events: dict[str, set[str]] = defaultdict(set)
    for u, v, d in H.edges(data=True):
        events[u].add(d.get("event_id"))
        events[v].add(d.get("event_id"))
    rows = [{
        "actor": a, "name": S.nodes[a].get("name") or a, "name_ar": S.nodes[a].get("name_ar"),
        "kind": S.nodes[a].get("kind"), "events": len(events[a]), "partners": S.degree(a),
        "degree": round(degree[a], 4), "betweenness": round(between[a], 4),
    } for a in S]
    cols = ["actor", "name", "name_ar", "kind", "events", "partners", "degree", "betweenness"]
    df = pd.DataFrame(rows, columns=cols)
    df = df.sort_values(["degree", "betweenness", "events", "name"], ascending=[False, False, False, True],
                        kind="stable", ignore_index=True)
    return df.head(k)


def plot_centrality(central: pd.DataFrame, ax: Axes | None = None, arabic: bool | None = None) -> Figure:
    """Horizontal bars of degree and betweenness centrality for a :func:`central_actors` table.

    Two panels side by side sharing the actor axis (most central on top); the number of
    events is written at the end of each degree bar. With ``ax`` given, both measures
    are drawn in that one axes as paired bars.
    """
    import numpy as np

    names = [label(r.name, r.name_ar, arabic) for r in central.itertuples()]
    y = np.arange(len(central))
    if ax is None:
        import matplotlib.pyplot as plt

        fig, (a1, a2) = plt.subplots(1, 2, sharey=True, layout="constrained",
                                     figsize=(11, 1.4 + 0.42 * max(len(central), 3)))
        a1.barh(y, central["degree"], color="#4c72b0")
        a2.barh(y, central["betweenness"], color="#dd8452")
        a1.set_title("degree centrality", loc="left")
        a2.set_title("betweenness centrality", loc="left")
        for yi, (d, e) in enumerate(zip(central["degree"], central["events"], strict=True)):
            a1.text(d, yi, f" {e} events", va="center", fontsize=8, color="#444444")
        a1.set_xlim(0, max(central["degree"].max() * 1.35, 0.05) if len(central) else 1)
        a1.set_yticks(y, names)
        a1.invert_yaxis()
        fig.suptitle("Most central actors (actor-to-actor event edges)", x=0.01, ha="left")
        return fig
    fig = ax.figure
    ax.barh(y - 0.2, central["degree"], 0.4, label="degree", color="#4c72b0")
    ax.barh(y + 0.2, central["betweenness"], 0.4, label="betweenness", color="#dd8452")
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.legend(frameon=False)
    return fig  # type: ignore[return-value]


def ego(G: GraphLike, actor_id: str, radius: int = 1, start: DateBound = None,
        end: DateBound = None) -> nx.MultiDiGraph:
    """The ego network of an actor: the actors within ``radius`` event edges (either
    direction) and all the event edges between them (a subgraph of :func:`actor_graph`).

    ``actor_id`` may also be an English or Arabic name (:func:`resolve_actor`).
    """
    base = _graph(G)
    actor = resolve_actor(base, actor_id)
    H = actor_graph(base, start, end)
    if actor not in H:
        out = nx.MultiDiGraph()
        out.add_node(actor, **base.nodes[actor])
        return out
    near = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), actor, cutoff=radius)
    return nx.MultiDiGraph(H.subgraph(near))


def draw_network(g: nx.MultiDiGraph, ax: Axes | None = None, focus: str | None = None,
                 arabic: bool | None = None, seed: int = 7) -> Figure:
    """A static drawing of an actor graph (e.g. an :func:`ego` network) with matplotlib.

    Nodes are coloured by kind and sized by events; the edges between a pair are
    merged into one line, coloured by type (grey when mixed), labelled with their dates
    and types (first three). ``focus`` (a node id) is drawn larger with a dark edge.
    """
    from matplotlib.patches import Patch

    fig, ax = _new_axes(ax, (10, 7))
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for u, v, d in g.edges(data=True):
        if u == v:
            continue
        key = (u, v) if u <= v else (v, u)
        if (key[0], key[1], d.get("event_id")) not in seen:
            seen.add((key[0], key[1], d.get("event_id")))
            pairs[key].append((d.get("date") or "undated", d.get("type") or "?"))
    S = nx.Graph()
    S.add_nodes_from(g.nodes)
    S.add_edges_from(pairs)
    pos = nx.spring_layout(S, seed=seed, k=1.6 / math.sqrt(max(len(S), 1)))
    events: dict[str, set[Any]] = defaultdict(set)
    for u, v, d in g.edges(data=True):
        events[u].add(d.get("event_id"))
        events[v].add(d.get("event_id"))
    sizes = [300 + 220 * len(events[n]) + (700 if n == focus else 0) for n in S]
    colours = [KIND_COLOURS.get(g.nodes[n].get("kind") or "", "#999999") for n in S]
    edge_colours, widths, edge_labels = [], [], {}
    for e in S.edges:
        items = sorted(pairs[e] if e in pairs else pairs[(e[1], e[0])])
        types = {t for _, t in items}
        edge_colours.append(TYPE_COLOURS.get(next(iter(types)), "#999999") if len(types) == 1 else "#999999")
        widths.append(1.2 + 1.2 * len(items))
        edge_labels[e] = "\n".join(f"{t} {d}" for d, t in items[:3]) + (f"\n+{len(items) - 3}" if len(items) > 3 else "")
    nx.draw_networkx_edges(S, pos, ax=ax, edge_color=edge_colours, width=widths, alpha=0.8)
    nx.draw_networkx_nodes(S, pos, ax=ax, node_size=sizes, node_color=colours, alpha=1.0,
                           edgecolors=["#222222" if n == focus else "white" for n in S], linewidths=2)
    nx.draw_networkx_edge_labels(S, pos, edge_labels=edge_labels, ax=ax, font_size=7, font_color="#333333",
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    names = {n: label(g.nodes[n].get("name") or n, g.nodes[n].get("name_ar"), arabic) for n in S}
    ys = [y for _, y in pos.values()]
    drop = 0.06 * (max(max(ys) - min(ys), 1.0) if ys else 1.0)
    nx.draw_networkx_labels(S, {n: (x, y - drop) for n, (x, y) in pos.items()}, labels=names, ax=ax,
                            font_size=9, verticalalignment="top")
    kinds = sorted({g.nodes[n].get("kind") for n in S if g.nodes[n].get("kind")})
    ax.legend(handles=[Patch(color=KIND_COLOURS[k], label=k) for k in kinds if k in KIND_COLOURS],
              loc="lower left", frameon=False, title="actor kind")
    ax.set_axis_off()
    ax.margins(0.12)
    return fig  # type: ignore[return-value]


def _side(G: nx.MultiDiGraph, actor: str) -> set[str]:
    """An actor, or for a country the country and every actor of it (by ``country``
    code, or holding an office for it)."""
    a = G.nodes[actor]
    side = {actor}
    if a.get("kind") == "country":
        code = a.get("country")
        side |= {n for n, x in G.nodes(data=True) if code and "Actor" in _labels(x) and x.get("country") == code}
        side |= {u for u, _, d in G.in_edges(actor, data=True) if "HOLDS_ROLE" in _labels(d)}
    return side


def dyad_timeline(kg: GraphLike, a: str, b: str) -> pd.DataFrame:
    """The events between two actors over time, whichever side each was on.

    A country stands for itself and for its actors: people holding an office for it
    (``HOLDS_ROLE``) and actors whose ``country`` is its code (its ministries, cities …),
    so ``dyad_timeline(kg, "country:SAU", "country:TUR")`` gathers every Saudi–Turkish
    event. ``a``/``b`` may be ids or names. One row per event, dated ones first in date
    order: ``date, precision, type, source, target, evidence, event`` (``source`` and
    ``target`` are names, as in ``kg.events``, so the result can go to :func:`timeline`,
    which takes its title from ``df.attrs["title"]``).
    """
    G = _graph(kg)
    side_a, side_b = _side(G, resolve_actor(G, a)), _side(G, resolve_actor(G, b))
    rows = []
    for eid, e in _event_nodes(G):
        parts = _participants(G, eid)
        actors = {x for x, _ in parts}
        if not any(x in side_a and y in side_b and x != y for x in actors for y in actors):
            continue
        rows.append({
            "date": e.get("date"), "precision": precision(e.get("date")), "type": e.get("type"),
            "source": ", ".join(_name(G, x) for x, r in parts if r == "source"),
            "target": ", ".join(_name(G, x) for x, r in parts if r == "target"),
            "evidence": e.get("summary"), "event": eid,
            "_start": (date_span(e.get("date")) or (dt.date.max, dt.date.max))[0],
        })
    cols = ["date", "precision", "type", "source", "target", "evidence", "event"]
    df = pd.DataFrame(rows).sort_values(["_start", "event"], ignore_index=True)[cols] if rows \
        else pd.DataFrame(columns=cols)
    df.attrs["title"] = f"{_name(G, resolve_actor(G, a))} – {_name(G, resolve_actor(G, b))}: {len(df)} events"
    return df


# --------------------------------------------------------------------------- interactive network


_TOOLTIP_CSS = (
    "<style>.vis-tooltip{white-space:pre-wrap !important;max-width:460px;font-family:sans-serif;"
    "font-size:12px;unicode-bidi:plaintext}body{margin:0}#mynetwork{border:none !important}"
    ".card{border:none !important}</style>"
)


def _legend_html(types: Iterable[str], kinds: Iterable[str], caption: str) -> str:
    def chip(colour: str, text: str, round_: bool) -> str:
        radius = "50%" if round_ else "2px"
        return (f'<span style="display:inline-block;margin:0 10px 2px 0"><span style="display:inline-block;'
                f"width:11px;height:11px;border-radius:{radius};background:{colour};margin-right:4px;"
                f'vertical-align:middle"></span>{html.escape(text)}</span>')

    chips = "".join(chip(TYPE_COLOURS[t], t, False) for t in types)
    chips += " &nbsp; " + "".join(chip(KIND_COLOURS[k], k, True) for k in kinds)
    return (f'<div style="font:12px sans-serif;padding:6px 4px;clear:both"><b>{html.escape(caption)}</b><br>'
            f"{chips}<br><i>edges: one per event, labelled with its date; dashed = undated; "
            f"hover a node or an edge for details</i></div>")


def network_html(G: GraphLike, start: DateBound = None, end: DateBound = None, *, height: str = "560px",
                 path: str | Path | None = None, loops: bool = False) -> str:
    """An interactive network of actors and their dated event edges, as one offline HTML page.

    Built with pyvis and vis-network inlined (``cdn_resources="in_line"``): no request
    leaves the page, so it works offline and in a saved notebook. One edge per event,
    coloured by type and labelled with its date (dashed when undated), tooltips with
    the evidence; nodes coloured by kind, sized by their number of events, labelled in
    English and Arabic (browsers shape Arabic themselves). ``start``/``end`` keep only
    the events whose date overlaps the period (undated events are then left out).
    Self-loops (statements addressed to nobody) are left out unless ``loops``.
    Returns the page; also writes it to ``path`` when given.
    """
    try:
        from pyvis.network import Network
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("network_html needs pyvis: pip install -e '.[notebook]'") from exc

    base = _graph(G)
    H = actor_graph(base, start, end, loops=loops)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", notebook=False)
    counts: Counter[str] = Counter()
    for u, v in H.edges():
        counts.update({u, v})
    for n, a in H.nodes(data=True):
        name, name_ar = a.get("name") or n, a.get("name_ar")
        text = f"{name}\n{name_ar}" if name_ar and name_ar != name else name
        tip = "\n".join(x for x in (name, name_ar, f"{a.get('kind') or '?'} · {a.get('country') or ''}",
                                    f"id {n}", f"{counts[n]} event edges") if x)
        net.add_node(n, label=text, title=tip, color=KIND_COLOURS.get(a.get("kind") or "", "#999999"),
                     size=12 + 5 * math.sqrt(counts[n]), font={"size": 13, "face": "sans-serif"})
    parallel: Counter[tuple[str, str]] = Counter()
    events = {eid: e for eid, e in _event_nodes(base)}
    for u, v, d in sorted(H.edges(data=True), key=lambda x: (x[2].get("date") or "9999", x[2].get("event_id") or "")):
        key = (u, v) if u <= v else (v, u)
        i = parallel[key]
        parallel[key] += 1
        date, etype = d.get("date"), d.get("type") or "?"
        evidence = (events.get(d.get("event_id")) or {}).get("summary") or ""
        tip = f"{date or 'undated'} · {etype} ({d.get('date_precision') or '—'} precision)\n" \
              f"{_name(base, u)} → {_name(base, v)}\n{evidence[:400]}"
        sign = 1 if (u, v) == key else -1
        net.add_edge(u, v, title=tip, label=date or "", color=TYPE_COLOURS.get(etype, "#999999"), width=2,
                     dashes=not date, font={"size": 9, "color": "#555555", "strokeWidth": 3},
                     smooth={"enabled": True, "type": "curvedCW", "roundness": sign * (0.08 + 0.18 * i)})
    net.options = {
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 140}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}},
    }
    page = net.generate_html(notebook=False)
    page = _offline(page)
    period = "all dates" if start is None and end is None else f"{start or '…'} – {end or '…'}"
    types = [t for t in TYPE_COLOURS if any(d.get("type") == t for _, _, d in H.edges(data=True))]
    kinds = [k for k in KIND_COLOURS if any(a.get("kind") == k for _, a in H.nodes(data=True))]
    caption = f"{H.number_of_nodes()} actors, {H.number_of_edges()} event edges — {period}"
    page = page.replace("</head>", _TOOLTIP_CSS + "</head>", 1)
    page = page.replace("</body>", _legend_html(types, kinds, caption) + "</body>", 1)
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page


def _offline(page: str) -> str:
    """Drop pyvis' remote bootstrap includes (used only by its menus) and its empty headings."""
    page = re.sub(r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>", "", page)
    page = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page)
    return re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)


def embed(page: str, height: int = 640) -> str:
    """An ``<iframe srcdoc>`` holding a whole HTML page, for ``IPython.display.HTML``.

    The page runs in its own document, so its scripts and styles neither leak into nor
    depend on the notebook (JupyterLab, classic Notebook, VS Code alike).
    """
    return (f'<div class="sifara-network"><iframe srcdoc="{html.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>')


# --------------------------------------------------------------------------- Neo4j


def load_neo4j(kg: KnowledgeGraph, conn: Connection) -> Any:
    """Write a KnowledgeGraph into Neo4j: ``kg.to_neo4j`` when the API has it, else
    :func:`graph.neo4j.load_graph` (idempotent MERGEs either way). Returns their report."""
    to_neo4j = getattr(kg, "to_neo4j", None)
    if callable(to_neo4j):
        params = inspect.signature(to_neo4j).parameters
        for name in ("conn", "connection"):
            if name in params:
                return to_neo4j(**{name: conn})
        if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params.values()):
            return to_neo4j()  # it connects by itself (NEO4J_* variables, as connect() does)
    from graph.neo4j import load_graph

    return load_graph(kg.graph, conn)
