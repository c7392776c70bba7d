"""The Python API used from notebooks and by the CLI: build, open, query.

>>> import sifara                                  # doctest: +SKIP
>>> kg = sifara.build(["articles/"], out="out")    # doctest: +SKIP
>>> kg.events.head()                               # doctest: +SKIP
>>> kg.query('MATCH (a:Person)-[r:CALLED]->(b) RETURN a.name, b.name, r.date')  # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.store import Contribution, Record, Store, contribution
from ingest.articles import expand_inputs, read_path
from ingest.errors import InputError, QueryError, SifaraError
from ingest.model import Article
from ingest.pipeline import extract, warm_up

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import rdflib

__all__ = ["KnowledgeGraph", "build", "open_graph"]


class KnowledgeGraph:
    """A built event graph: the store plus lazily computed views (DataFrames, networkx)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The embedded networkx MultiDiGraph (schema in ARCHITECTURE.md)."""
        from graph.nx import to_networkx

        return to_networkx(self.store)

    @property
    def events(self) -> pd.DataFrame:
        """One row per event: date, type, source, target, evidence, reported_by, article, …"""
        import pandas as pd

        names = {aid: a.get("name") or aid for aid, a in self.store.actors.items()}
        rows = []
        for eid in sorted(self.store.events, key=lambda k: (self.store.events[k].get("date") or "9999", k)):
            e = self.store.events[eid]
            rows.append({
                "date": e.get("date"),
                "type": e["type"],
                "source": ", ".join(names.get(a, a) for a in e.get("source") or []),
                "target": ", ".join(names.get(a, a) for a in e.get("target") or []),
                "modality": e.get("modality"),
                "evidence": e.get("evidence"),
                "reported_by": ", ".join(names.get(a, a) for a in e.get("reported_by") or []),
                "article": e.get("article"),
                "mentions": len(e.get("mentions") or []),
                "cameo": e.get("cameo"),
                "id": eid,
            })
        return pd.DataFrame(rows, columns=["date", "type", "source", "target", "modality", "evidence",
                                           "reported_by", "article", "mentions", "cameo", "id"])

    @property
    def actors(self) -> pd.DataFrame:
        """One row per actor: id, name, Arabic name, kind, country, Wikidata QID."""
        import pandas as pd

        cols = ["id", "name", "name_ar", "kind", "country", "wikidata"]
        return pd.DataFrame([{k: a.get(k) for k in cols} for _, a in sorted(self.store.actors.items())], columns=cols)

    def query(self, cypher: str, *, timeout: float | None = None, **params: Any) -> pd.DataFrame:
        """Run read-only Cypher on the embedded graph (``$name`` parameters as keyword arguments).

        ``timeout`` (seconds) stops a query that runs longer (in the main thread, as in a notebook).
        """
        import pandas as pd

        from queries.runner import run_embedded

        return pd.DataFrame(run_embedded(self.graph, cypher, params, timeout=timeout))

    def canned(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a canned query (``queries/cypher/<name>.cypher``) on the embedded graph."""
        from queries import canned

        q = canned(name)
        return self.query(q.text, **q.coerce({k: str(v) for k, v in params.items()}))

    def to_neo4j(
        self,
        uri: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        batch_size: int = 5000,
        fresh: bool = False,
        workers: int = 2,
    ) -> dict[str, Any]:
        """Load the graph into Neo4j and return the load report, with the database's counts under ``counts``.

        Arguments left None come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD
        and NEO4J_DATABASE (see :func:`graph.neo4j.connect`). Loading is
        idempotent: loading twice changes nothing, loading A then B gives A+B.
        ``fresh=True`` is a faster first load into an empty database (refused on
        one that is not empty); see :func:`graph.neo4j.load_graph`.

        >>> kg.to_neo4j("bolt://127.0.0.1:7687")["counts"]["nodes"]["Event"]  # doctest: +SKIP
        24
        """
        from graph.neo4j import connect, counts, load_graph

        with connect(uri, user, password, database) as conn:
            report = load_graph(self.graph, conn, batch_size=batch_size, fresh=fresh, workers=workers)
            report["counts"] = counts(conn)
        return report

    def to_rdf(self, base: str | None = None, named_graphs: str | None = None) -> rdflib.Dataset:
        """The graph as an rdflib Dataset (SEM, schema.org, PROV-O; see :mod:`graph.rdf`).

        ``base`` is the IRI under which nodes are minted (default
        ``https://sifara.example.org/id/``); ``named_graphs="article"`` or
        ``"source"`` puts each article's (or publisher's) mentions in a named graph.

        >>> kg.to_rdf().serialize(format="turtle")  # doctest: +SKIP
        """
        from graph.rdf import DEFAULT_BASE, to_rdf

        if named_graphs not in (None, "article", "source"):
            raise QueryError(f"named_graphs must be 'article', 'source' or None, not {named_graphs!r}")
        try:
            return to_rdf(self.graph, base or DEFAULT_BASE, named_graphs)  # type: ignore[arg-type]
        except ValueError as exc:
            raise SifaraError(f"cannot express the graph in RDF: {exc}") from exc

    def sparql(self, query: str, *, timeout: float | None = None, **params: Any) -> pd.DataFrame:
        """Run a read-only SPARQL SELECT on the graph's RDF (``?name`` variables bound from keyword arguments).

        >>> kg.sparql(canned("actor_timeline", "sparql").text, actor="Q7747")  # doctest: +SKIP
        """
        import pandas as pd

        from queries.sparql_runner import run_sparql

        return pd.DataFrame(run_sparql(self._sparql_dataset, query, params, timeout=timeout))

    @cached_property
    def _sparql_dataset(self) -> rdflib.Dataset:
        from queries.sparql_runner import dataset_for

        return dataset_for(self.graph)

    def __repr__(self) -> str:
        s = self.store
        return f"<KnowledgeGraph {len(s.articles)} articles, {len(s.actors)} actors, {len(s.events)} events>"


def open_graph(folder: str | Path) -> KnowledgeGraph:
    """Open a store written by ``sifara build``."""
    return KnowledgeGraph(Store.open(folder, must_exist=True))


def iter_articles(inputs: Iterable[str], published: date | None, lang: str | None,
                  keep_going: bool, errors: list[str]) -> Iterator[Article]:
    """Articles of the inputs; with ``keep_going`` a bad input is recorded in ``errors`` and skipped."""
    for path in expand_inputs(inputs):
        try:
            yield from read_path(path, published, lang)
        except InputError as exc:
            if not keep_going:
                raise
            errors.append(str(exc))


def _contribute(article: Article) -> Contribution:
    """Extract one article and serialise what it adds to the store (what worker processes run)."""
    return contribution(extract(article))


_SENT_ACTORS: dict[str, Record] = {}  # in a worker process: the actor records it has already sent


def _contribute_in_worker(article: Article) -> Contribution:
    """:func:`_contribute`, less the actor records this worker has already sent as they are.

    Merging an actor record into one that already absorbed it changes nothing,
    whatever was merged in between, so the parent gets the same store from
    fewer records to unpickle and merge (the same actors recur in most articles).
    """
    c = _contribute(article)
    fresh = tuple(a for a in c.actors if _SENT_ACTORS.get(a["id"]) != a)
    _SENT_ACTORS.update((a["id"], a) for a in fresh)
    return c._replace(actors=fresh)


def _contributions(articles: list[Article], jobs: int) -> Iterator[Contribution]:
    """What each article adds to the store, in input order; extracted by ``jobs`` worker processes if > 1.

    On Linux the lexicon is loaded before the workers are forked, so they share
    it. The caller merges results while the workers extract the next ones.
    """
    if jobs <= 1 or len(articles) <= 1:
        yield from map(_contribute, articles)
        return
    fork = sys.platform.startswith("linux")
    if fork:
        warm_up({a.language for a in articles})
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork") if fork else None)
    try:
        yield from pool.map(_contribute_in_worker, articles, chunksize=max(1, min(32, len(articles) // (jobs * 4))))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _counted(items: Iterable[Contribution], progress: Callable[[int], None]) -> Iterator[Contribution]:
    for item in items:
        progress(1)
        yield item


def build(
    inputs: Iterable[str] | str,
    out: str | Path | None = None,
    published: date | str | None = None,
    lang: str | None = None,
    keep_going: bool = False,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    errors: list[str] | None = None,
) -> KnowledgeGraph:
    """Read the inputs, extract their events and merge them into the store in ``out`` (memory only if None).

    Nothing is written unless every input was read (or ``keep_going`` skipped it):
    a failure leaves the previous store as it was. ``jobs`` worker processes
    extract in parallel; the store comes out the same whatever their number.
    """
    if isinstance(inputs, str | Path):
        inputs = [str(inputs)]
    if isinstance(published, str):
        from ingest.articles import parse_published

        published = parse_published(published, "--published")
    errors = errors if errors is not None else []
    store = Store.open(out) if out is not None else Store(Path(os.devnull))
    articles = list(iter_articles(list(inputs), published, lang, keep_going, errors))
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise InputError(f"{a.source_path}: article id {a.id!r} is also used by {seen[a.id]}; ids must be unique")
        seen[a.id] = a.source_path or "?"
    items = _contributions(articles, jobs)
    store.add(_counted(items, progress) if progress else items)
    if out is not None:
        try:
            store.save()
        except OSError as exc:
            raise SifaraError(f"{out}: cannot write the store ({exc}); the previous store is unchanged") from exc
    return KnowledgeGraph(store)
