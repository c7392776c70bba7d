"""Load the embedded graph into Neo4j and run Cypher there (the only module that imports ``neo4j``).

The Neo4j graph has the same labels, relationship types and properties as the
networkx graph of :mod:`graph.nx`, plus:

* ``date_value``: a native Neo4j ``Date`` on events and dated event edges whose
  ``date`` is known to the day (null otherwise), for range queries and date arithmetic;
* ``key`` on the relationship types whose identity is more than their endpoints
  (``REPORTED_IN``: ``"<start>:<end>"`` of the mention; ``HOLDS_ROLE``: ``"<office>:<since>"``).
  Dated event edges are identified by their ``event_id``; every other type by its endpoints.

Loading is keyed by those identities, so loading the same graph twice changes
nothing and loading A then B gives the graph of A+B. Nodes already in the
database (looked up by id first) and relationships between two of them are
``MERGE``d; everything else cannot exist yet and is ``CREATE``d, which is most
of a first load and spares a scan of the relationships of busy nodes per row.
Labels and types cannot be query parameters: they are written into the Cypher
text only after being checked against the schema's closed lists below; property
names are written in backquotes.

Faults. :func:`connect` fails at once (exit code 6) when nothing answers, the
login is refused or the database does not exist. After that every transaction
(load batches, schema, look-ups, queries) is retried by the driver on transient
errors (deadlocks, database unavailable) and lost connections, with exponential
backoff (1 s, 2 s, 4 s, … ±20 %), until ``retry_seconds`` (default 30) have
passed since its first failure; then the load stops with a one-line
:class:`Neo4jUnavailableError` saying how many batches were committed. A batch
is one transaction, so none is ever half written, and loading is idempotent, so
rerunning the same load completes it.

>>> G = nx.MultiDiGraph()
>>> G.add_node("e1", __labels__={"Event", "Call"}, id="e1", date="2024-05-02", date_precision="day")
>>> sorted(to_rows(G))
['(:Event:Call)']
>>> to_rows(G)["(:Event:Call)"][0]["date_value"]
'2024-05-02'
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import itertools
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j import Query, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.nx import EDGE_TYPES, KIND_LABELS, TYPE_LABELS
from ingest.errors import QueryError, SifaraError

__all__ = [
    "DEFAULT_RETRY_SECONDS",
    "DEFAULT_URI",
    "Connection",
    "Neo4jUnavailableError",
    "clear",
    "connect",
    "counts",
    "ensure_schema",
    "export_import_csv",
    "graph_counts",
    "load_graph",
    "redact_uri",
    "run_query",
    "to_rows",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "sifara-test-pw"  # the local server of scripts/neo4j.sh
DEFAULT_RETRY_SECONDS = 30.0  # how long a failing transaction is retried (see connect)
CONNECT_TIMEOUT = 10.0  # seconds to open a connection (TCP and Bolt handshake)

# The closed lists of labels and relationship types that may be written into Cypher text.
PRIMARY_LABELS = ("Actor", "Event", "Article")
SECONDARY_LABELS: dict[str, frozenset[str]] = {
    "Actor": frozenset(KIND_LABELS.values()),
    "Event": frozenset(TYPE_LABELS.values()),
    "Article": frozenset(),
}
EVENT_EDGE_TYPES = frozenset(EDGE_TYPES.values())
STRUCTURAL_TYPES = frozenset(
    {"SOURCE_OF", "TARGET", "INVOLVES", "IN_PLACE", "REPORTED_IN", "ATTRIBUTED_TO", "HOLDS_ROLE", "MEMBER_OF"}
)
REL_TYPES = EVENT_EDGE_TYPES | STRUCTURAL_TYPES
# Relationship types whose identity needs a `key` beyond (start, type, end), and what it is made of.
_COMPOSITE_KEYS = {"REPORTED_IN": ("start", "end"), "HOLDS_ROLE": ("office", "since")}

SCHEMA = (
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
    "CREATE INDEX event_date_value IF NOT EXISTS FOR (n:Event) ON (n.date_value)",
    "CREATE INDEX event_type IF NOT EXISTS FOR (n:Event) ON (n.type)",
    "CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name)",
    "CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published)",
    "CREATE INDEX actor_country IF NOT EXISTS FOR (n:Actor) ON (n.country)",
    # Dated event edges by date (calls in a period: an index seek, not a scan of every call).
    *(f"CREATE INDEX {t.lower()}_date IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.date)" for t in sorted(EVENT_EDGE_TYPES)),
)

_T = TypeVar("_T")
# The server went away or cannot serve the database: exit code 6, not a query error.
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, DatabaseUnavailable)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jUnavailableError(SifaraError):
    """Neo4j cannot be used: server down, wrong credentials, unknown database, bad URI."""

    exit_code = 6


# --------------------------------------------------------------------------- connection


@dataclass
class Connection:
    """A driver bound to one database; use as a context manager or call :meth:`close`.

    ``uri`` is the one connected to, with any ``user:password@`` part masked (it is shown in messages);
    the password is not kept. ``retry_seconds`` is the driver's retry window (see :func:`connect`).
    """

    driver: neo4j.Driver
    uri: str
    user: str
    database: str | None = None
    retry_seconds: float = DEFAULT_RETRY_SECONDS

    def session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    retry_seconds: float = DEFAULT_RETRY_SECONDS,
) -> Connection:
    """Connect and check that the server answers, the login works and the database exists.

    Arguments left None come from NEO4J_URI (default bolt://127.0.0.1:7687),
    NEO4J_USERNAME (neo4j), NEO4J_PASSWORD (the local test server's) and
    NEO4J_DATABASE (the server's default database). ``neo4j://`` and ``bolt://``
    URIs (and their ``+s``/``+ssc`` variants) are accepted.

    Retry policy: connecting is not retried (nothing listening, a refused login
    or an unknown database fail at once, within ``CONNECT_TIMEOUT``). The
    transactions of the connection are retried on transient errors and lost
    connections with backoff 1 s, 2 s, 4 s, … (±20 %) until ``retry_seconds``
    have passed since the first failure, so one fails for good after about
    ``retry_seconds`` (at most twice that, the last backoff included); 0: no retry.
    A server that stops answering without closing its connections (frozen, or
    the network cut) is noticed only by the read timeout the server gives the
    driver (``connection.recv_timeout_seconds``, 120 s in Neo4j 5).
    """
    if retry_seconds < 0:
        raise QueryError(f"retry_seconds must be 0 or more, got {retry_seconds}")
    uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
    user = user or os.environ.get("NEO4J_USERNAME") or DEFAULT_USER
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD)
    database = database or os.environ.get("NEO4J_DATABASE") or None
    shown = redact_uri(uri)
    if uri.split("://", 1)[0] not in _SCHEMES:
        raise Neo4jUnavailableError(f"bad Neo4j URI {shown!r}: use one of {', '.join(s + '://' for s in _SCHEMES)}")
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=CONNECT_TIMEOUT,
            connection_acquisition_timeout=2 * CONNECT_TIMEOUT,
            max_transaction_retry_time=retry_seconds,
        )
    except (ConfigurationError, ValueError) as exc:
        reason = _first_line(exc).replace(uri, shown)
        raise Neo4jUnavailableError(f"bad Neo4j URI {shown!r}: {reason}") from exc
    conn = Connection(driver, shown, user, database, retry_seconds)
    try:
        driver.verify_connectivity()
        driver.execute_query("RETURN 1", database_=database, routing_=RoutingControl.READ)
    except Exception as exc:
        driver.close()
        raise _connection_error(conn, exc) from exc
    return conn


def redact_uri(uri: str) -> str:
    """The URI with any ``user:password@`` part masked, for messages.

    >>> redact_uri("bolt://neo4j:secret@db.example.org:7687"), redact_uri("neo4j://db:7687")
    ('bolt://***@db.example.org:7687', 'neo4j://db:7687')
    """
    scheme, sep, rest = uri.partition("://")
    netloc, slash, path = rest.partition("/")
    if sep and "@" in netloc:
        return f"{scheme}://***@{netloc.rpartition('@')[2]}{slash}{path}"
    return uri


def _connection_error(conn: Connection, exc: Exception) -> Exception:
    if isinstance(exc, AuthError):
        return Neo4jUnavailableError(
            f"Neo4j at {conn.uri} rejected user {conn.user!r}: wrong password or unknown user "
            "(set NEO4J_USERNAME and NEO4J_PASSWORD)"
        )
    if isinstance(exc, ClientError) and exc.code == "Neo.ClientError.Database.DatabaseNotFound":
        return Neo4jUnavailableError(
            f"Neo4j at {conn.uri} has no database {conn.database!r} (set NEO4J_DATABASE; "
            "Community Edition has only 'neo4j' and 'system')"
        )
    if isinstance(exc, (*_UNAVAILABLE, OSError)):
        return Neo4jUnavailableError(
            f"cannot reach Neo4j at {conn.uri}: {_first_line(exc)} "
            "(start the local server with `make neo4j`, or set NEO4J_URI)"
        )
    if isinstance(exc, Neo4jError | DriverError):
        return Neo4jUnavailableError(f"Neo4j at {conn.uri}: {_first_line(exc)}")
    return Neo4jUnavailableError(f"Neo4j at {conn.uri}: {type(exc).__name__}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    # A server error's text is its `message`; the driver's own errors (DriverError) only say it in str().
    text = str((exc.message if isinstance(exc, Neo4jError) else None) or exc).strip()
    return text.splitlines()[0].rstrip(" :") if text else type(exc).__name__


# --------------------------------------------------------------------------- queries


def run_query(
    conn: Connection,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    write: bool = False,
    timeout: float | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Run one Cypher query with parameters and return its rows as plain dicts.

    The query runs in a read transaction unless ``write=True``: the server then
    refuses any write, and the error becomes a :class:`QueryError`. Nodes and
    relationships come back as dicts of their properties (``record.data()``),
    temporal values as ISO strings. ``timeout`` (seconds) is enforced by the server.
    ``limit`` keeps the first rows only: the server is told to discard the rest
    rather than send them (a query that sorts still finds every match first).
    """
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be 0 or more, got {limit}")
    try:
        if limit is None:
            routing = RoutingControl.WRITE if write else RoutingControl.READ
            records, _, _ = conn.driver.execute_query(
                Query(cypher, timeout=timeout),  # type: ignore[arg-type]  # user text, by design
                dict(params or {}), routing_=routing, database_=conn.database)
        else:
            @neo4j.unit_of_work(timeout=timeout)
            def first_rows(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
                result = tx.run(cypher, dict(params or {}))  # type: ignore[arg-type]  # user text, by design
                rows = list(itertools.islice(result, limit))
                result.consume()  # DISCARD: the rest is not sent
                return rows

            with conn.driver.session(database=conn.database, fetch_size=max(limit, 1)) as session:
                records = (session.execute_write if write else session.execute_read)(first_rows)
    except ClientError as exc:
        raise QueryError(f"Neo4j rejected the query ({exc.code}): {_first_line(exc)}") from exc
    except _UNAVAILABLE as exc:
        raise _connection_error(conn, exc) from exc
    except Neo4jError as exc:
        raise QueryError(f"Neo4j could not run the query ({exc.code}): {_first_line(exc)}") from exc
    return [{k: _plain(v) for k, v in record.data().items()} for record in records]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time.Date, DateTime, Time, Duration
        return value.iso_format()
    return value


def clear(conn: Connection) -> None:
    """Delete every node and relationship of the database (in batches; constraints and indexes stay)."""
    try:
        with conn.session() as session:
            # Relationships first: a batch of DETACH DELETE on hub nodes would hold all their relationships.
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    except _UNAVAILABLE as exc:
        raise _connection_error(conn, exc) from exc
    except Neo4jError as exc:
        raise QueryError(f"could not clear the Neo4j database ({exc.code}): {_first_line(exc)}") from exc


def ensure_schema(conn: Connection) -> None:
    """Create the uniqueness constraints and indexes (if not there) and wait until they are online."""
    try:
        for statement in SCHEMA:
            conn.driver.execute_query(statement, database_=conn.database)  # type: ignore[arg-type]
        conn.driver.execute_query("CALL db.awaitIndexes(300)", database_=conn.database)
    except _UNAVAILABLE as exc:
        raise _connection_error(conn, exc) from exc
    except Neo4jError as exc:
        raise QueryError(f"could not create the Neo4j schema ({exc.code}): {_first_line(exc)}") from exc


def counts(conn: Connection) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the database (from Neo4j's count store)."""
    labels = [r["label"] for r in run_query(conn, "CALL db.labels() YIELD label RETURN label")]
    rel_types = "CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t"
    types = [r["t"] for r in run_query(conn, rel_types)]
    nodes = {lb: run_query(conn, f"MATCH (n:{_quote(lb)}) RETURN count(n) AS c")[0]["c"] for lb in labels}
    rels = {t: run_query(conn, f"MATCH ()-[r:{_quote(t)}]->() RETURN count(r) AS c")[0]["c"] for t in types}
    return {"nodes": _nonzero(nodes), "relationships": _nonzero(rels)}


def graph_counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """The same counts as :func:`counts`, for a networkx graph.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", __labels__={"Actor", "Person"})
    >>> G.add_edge("a", "a", __labels__={"CALLED"})
    0
    >>> graph_counts(G)
    {'nodes': {'Actor': 1, 'Person': 1}, 'relationships': {'CALLED': 1}}
    """
    nodes: dict[str, int] = defaultdict(int)
    rels: dict[str, int] = defaultdict(int)
    for _, labels in G.nodes(data="__labels__"):
        for label in labels or ():
            nodes[label] += 1
    for _, _, labels in G.edges(data="__labels__"):
        for rel_type in labels or ():
            rels[rel_type] += 1
    return {"nodes": _nonzero(nodes), "relationships": _nonzero(rels)}


def _nonzero(d: Mapping[str, int]) -> dict[str, int]:
    return {k: d[k] for k in sorted(d) if d[k]}


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


# --------------------------------------------------------------------------- rows


@dataclass
class _NodeGroup:
    primary: str
    secondary: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "(" + "".join(f":{lb}" for lb in (self.primary, *self.secondary)) + ")"


@dataclass
class _RelGroup:
    rel_type: str
    start: str
    end: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"(:{self.start})-[:{self.rel_type}]->(:{self.end})"


def to_rows(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The rows :func:`load_graph` writes, per label combination and per relationship pattern (pure).

    Node rows are ``{"id", "props", "date_value"}``; relationship rows are
    ``{"start", "end", "key", "props", "date_value"}``. Group names read like
    Cypher: ``(:Actor:Person)``, ``(:Actor)-[:CALLED]->(:Actor)``.
    """
    nodes, rels = _groups(G)
    return {g.name: g.rows for g in (*nodes, *rels)}


def _groups(G: nx.MultiDiGraph) -> tuple[list[_NodeGroup], list[_RelGroup]]:
    node_groups, primary_of = _node_groups(G)
    return node_groups, _rel_groups(G, primary_of)


def _node_groups(G: nx.MultiDiGraph) -> tuple[list[_NodeGroup], dict[Any, str]]:
    """The node rows per label combination, and the primary label of every node."""
    # The hot loops of a load: error messages are only formatted when something is wrong,
    # and each distinct label set (a few dozen in a graph) is checked once.
    checked_labels: dict[frozenset[str], tuple[str, tuple[str, ...]]] = {}
    node_groups: dict[tuple[str, tuple[str, ...]], _NodeGroup] = {}
    primary_of: dict[Any, str] = {}
    for node, attrs in G.nodes(data=True):
        labels = attrs.get("__labels__")
        labels = frozenset((labels,) if isinstance(labels, str) else labels or ())
        if labels not in checked_labels:
            checked_labels[labels] = _split_labels(labels, node)
        primary, secondary = checked_labels[labels]
        primary_of[node] = primary
        props = _props(attrs, lambda node=node: f"node {node!r}")
        props.pop("id", None)
        row = {"id": str(node), "props": props, "date_value": None}
        if primary == "Event":
            row["date_value"] = _day(props.get("date"), props.get("date_precision"))
        group = node_groups.get((primary, secondary))
        if group is None:
            group = node_groups[primary, secondary] = _NodeGroup(primary, secondary)
        group.rows.append(row)
    return [node_groups[k] for k in sorted(node_groups)], primary_of


def _rel_groups(G: nx.MultiDiGraph, primary_of: Mapping[Any, str]) -> list[_RelGroup]:
    """The relationship rows per (type, start label, end label)."""
    rel_groups: dict[tuple[str, str, str], _RelGroup] = {}
    seen: set[tuple[str, str, str, Any]] = set()
    for u, v, attrs in G.edges(data=True):
        rel_type = _rel_type(attrs.get("__labels__"), u, v)

        def where(rel_type: str = rel_type, u: Any = u, v: Any = v) -> str:
            return f"{rel_type} edge {u!r}->{v!r}"

        props = _props(attrs, where)
        key = _rel_key(rel_type, props, where)
        start, end = str(u), str(v)
        identity = (start, rel_type, end, key)
        if identity in seen:
            raise QueryError(f"two {rel_type} edges from {u!r} to {v!r} have the same identity {key!r}")
        seen.add(identity)
        row = {"start": start, "end": end, "key": key, "props": props, "date_value": None}
        if rel_type in EVENT_EDGE_TYPES:
            row["date_value"] = _day(props.get("date"), props.get("date_precision"))
        gkey = (rel_type, primary_of[u], primary_of[v])
        rel_group = rel_groups.get(gkey)
        if rel_group is None:
            rel_group = rel_groups[gkey] = _RelGroup(*gkey)
        rel_group.rows.append(row)
    return [rel_groups[k] for k in sorted(rel_groups)]


def _split_labels(labels: frozenset[str], node: Any) -> tuple[str, tuple[str, ...]]:
    primaries = labels.intersection(PRIMARY_LABELS)
    if len(primaries) != 1:
        raise QueryError(
            f"node {node!r} has labels {sorted(labels)}; it needs exactly one of {list(PRIMARY_LABELS)}"
        )
    (primary,) = primaries
    unknown = labels - {primary} - SECONDARY_LABELS[primary]
    if unknown:
        raise QueryError(f"node {node!r} has labels {sorted(unknown)} unknown to the {primary} schema")
    return primary, tuple(sorted(labels - {primary}))


def _rel_type(labels: Any, u: Any, v: Any) -> str:
    labels = {labels} if isinstance(labels, str) else labels or set()
    if len(labels) == 1:
        (rel_type,) = labels
        if rel_type in REL_TYPES:
            return rel_type
    raise QueryError(f"edge {u!r}->{v!r} has type {sorted(labels)}; expected one of {sorted(REL_TYPES)}")


def _rel_key(rel_type: str, props: Mapping[str, Any], where: Callable[[], str]) -> str | None:
    if rel_type in EVENT_EDGE_TYPES:
        if not props.get("event_id"):
            raise QueryError(f"{where()} has no event_id")
        return str(props["event_id"])
    parts = _COMPOSITE_KEYS.get(rel_type)
    return None if parts is None else ":".join("" if props.get(p) is None else str(props[p]) for p in parts)


# Property values sent as they are; anything else goes through _value (lists) or is refused.
_PLAIN_TYPES = frozenset({str, int, float, bool, dt.date, type(None)})


def _props(attrs: Mapping[str, Any], where: Callable[[], str]) -> dict[str, Any]:
    props = dict(attrs)
    for name, value in attrs.items():
        if name[:2] == "__":  # __labels__
            del props[name]
        elif type(value) not in _PLAIN_TYPES:
            props[name] = _value(value, lambda name=name: f"{where()}, property {name!r}")
    return props


def _value(value: Any, where: Callable[[], str]) -> Any:
    if value is None or isinstance(value, str | bool | int | float | dt.date):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [v for v in value if v is not None]
        if isinstance(value, set | frozenset):
            items = sorted(items)
        if not all(isinstance(v, str) for v in items) and not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in items
        ):
            raise QueryError(f"{where()}: a Neo4j list property holds strings or numbers only, got {value!r}")
        return items
    raise QueryError(f"{where()}: {type(value).__name__} cannot be a Neo4j property")


@lru_cache(maxsize=1 << 16)  # a graph has few distinct dates and many edges per date
def _day(date: Any, precision: Any) -> str | None:
    """The ISO day of a date known to the day, else None.

    >>> _day("2024-05-02", "day"), _day("2024-05", "month"), _day("2024-02-30", None)
    ('2024-05-02', None, None)
    """
    if not isinstance(date, str) or precision not in (None, "day") or not _ISO_DAY.fullmatch(date):
        return None
    try:
        return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- load


# Rows are sent as lists, not maps: a map repeats every property name in every row, which
# costs the client packing time and the server parsing time and garbage. Nodes are
# [id, date_value, *property values], relationships [start, end, key, date_value, *values],
# the values in the order of the property names written into the statement.


@dataclass
class _Statement:
    """One statement of a load and its parameter rows (sent in batches, one transaction each)."""

    cypher: str
    rows: list[list[Any]]
    create: bool


def _by_names(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Rows per tuple of property names (in a graph built by graph.nx, one tuple per group)."""
    out: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(tuple(row["props"]), []).append(row)
    for names in out:
        for name in names:
            if "\\" in name:  # Neo4j reads \u0060 inside `quoted` names as a backtick
                raise QueryError(f"property name {name!r} cannot be loaded into Neo4j: it contains a backslash")
    return out


def _assignments(var: str, values: Mapping[str, str]) -> str:
    return ", ".join(f"{var}.{_quote(name)} = {expr}" for name, expr in values.items())


def _literal_map(values: Mapping[str, str]) -> str:
    return "{" + ", ".join(f"{_quote(name)}: {expr}" for name, expr in values.items()) + "}"


def _node_cypher(group: _NodeGroup, names: tuple[str, ...], create: bool) -> str:
    """CREATE nodes known to be new (every property in the pattern), else MERGE on the id and SET."""
    values = {"id": "row[0]"} | {name: f"row[{i}]" for i, name in enumerate(names, start=2)}
    if group.primary == "Event":
        values["date_value"] = "date(row[1])"
    if create:
        labels = "".join(f":{lb}" for lb in (group.primary, *group.secondary))
        return f"UNWIND $rows AS row\nCREATE (n{labels} {_literal_map(values)})"
    del values["id"]
    lines = ["UNWIND $rows AS row", f"MERGE (n:{group.primary} {{id: row[0]}})"]
    if values:
        lines.append("SET " + _assignments("n", values))
    # Kind and type labels are replaced, so a node re-typed by a later load carries its current label only.
    stale = sorted(SECONDARY_LABELS[group.primary] - set(group.secondary))
    if stale:
        lines.append("REMOVE n" + "".join(f":{lb}" for lb in stale))
    if group.secondary:
        lines.append("SET n" + "".join(f":{lb}" for lb in group.secondary))
    return "\n".join(lines)


def _rel_cypher(group: _RelGroup, names: tuple[str, ...], create: bool) -> str:
    """CREATE relationships that cannot exist yet, else MERGE on their identity and SET."""
    if group.rel_type in EVENT_EDGE_TYPES:
        identity = "event_id"
    elif group.rel_type in _COMPOSITE_KEYS:
        identity = "key"
    else:
        identity = ""
    values = {identity: "row[2]"} if identity else {}
    values |= {name: f"row[{i}]" for i, name in enumerate(names, start=4)}
    if group.rel_type in EVENT_EDGE_TYPES:
        values["date_value"] = "date(row[3])"
    lines = [
        "UNWIND $rows AS row",
        f"MATCH (a:{group.start} {{id: row[0]}})",
        f"MATCH (b:{group.end} {{id: row[1]}})",
    ]
    if create:
        lines.append(f"CREATE (a)-[r:{group.rel_type}{' ' + _literal_map(values) if values else ''}]->(b)")
    else:
        lines.append(f"MERGE (a)-[r:{group.rel_type}{' {' + identity + ': row[2]}' if identity else ''}]->(b)")
        if values:
            lines.append("SET " + _assignments("r", values))
    return "\n".join(lines)


def _node_statements(group: _NodeGroup, rows: list[dict[str, Any]], create: bool) -> Iterator[_Statement]:
    for names, subset in _by_names(rows).items():
        params = [[r["id"], r["date_value"], *r["props"].values()] for r in subset]
        yield _Statement(_node_cypher(group, names, create), params, create)


def _rel_statements(group: _RelGroup, rows: list[dict[str, Any]], create: bool) -> Iterator[_Statement]:
    for names, subset in _by_names(rows).items():
        params = [[r["start"], r["end"], r["key"], r["date_value"], *r["props"].values()] for r in subset]
        yield _Statement(_rel_cypher(group, names, create), params, create)


def _plan(
    node_groups: list[_NodeGroup], rel_groups: list[_RelGroup], existing: Mapping[str, set[str]]
) -> tuple[list[_Statement], list[_Statement]]:
    """The node and relationship statements of a load (see :func:`_plan_nodes` and :func:`_plan_rels`)."""
    nodes, new_ids = _plan_nodes(node_groups, existing)
    return nodes, _plan_rels(rel_groups, new_ids)


def _plan_nodes(
    node_groups: list[_NodeGroup], existing: Mapping[str, set[str]]
) -> tuple[list[_Statement], dict[str, set[str]]]:
    """The node statements of a load, and the ids of the new nodes per primary label.

    Nodes not in the database are CREATEd, the others MERGEd.
    """
    nodes: list[_Statement] = []
    new_ids: dict[str, set[str]] = defaultdict(set)
    for group in node_groups:
        known = existing.get(group.primary, set())
        new = [r for r in group.rows if r["id"] not in known]
        old = [r for r in group.rows if r["id"] in known] if known else []
        nodes += [*_node_statements(group, new, create=True), *_node_statements(group, old, create=False)]
        new_ids[group.primary].update(r["id"] for r in new)
    return nodes, new_ids


def _plan_rels(rel_groups: list[_RelGroup], new_ids: Mapping[str, set[str]]) -> list[_Statement]:
    """The relationship statements of a load, given the ids of the nodes it creates.

    A relationship with an end created by this load cannot exist yet, so it is
    CREATEd, and so is a dated event edge whose Event node is new (an event's
    edges are only ever written with its node). Only the other relationships
    between nodes that were already there are MERGEd: on a busy actor a MERGE
    scans its relationships.
    """
    empty: set[str] = set()
    new_events = new_ids.get("Event", empty)
    rels: list[_Statement] = []
    for rel_group in rel_groups:
        new_start, new_end = new_ids.get(rel_group.start, empty), new_ids.get(rel_group.end, empty)
        dated = rel_group.rel_type in EVENT_EDGE_TYPES  # keyed by its event_id
        new, old = [], []
        for row in rel_group.rows:
            is_new = row["start"] in new_start or row["end"] in new_end or (dated and row["key"] in new_events)
            (new if is_new else old).append(row)
        rels += [*_rel_statements(rel_group, new, create=True), *_rel_statements(rel_group, old, create=False)]
    return rels


def _batches(rows: list[_T], size: int) -> Iterator[list[_T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _existing_ids(conn: Connection, groups: list[_NodeGroup], batch_size: int) -> dict[str, set[str]]:
    """Ids of the graph's nodes that are already in the database, per primary label."""
    ids: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        ids[group.primary].extend(r["id"] for r in group.rows)
    found: dict[str, set[str]] = defaultdict(set)
    for label, label_ids in ids.items():
        cypher = f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN collect(n.id) AS found"
        for batch in _batches(label_ids, max(batch_size, 10_000)):
            records, _, _ = conn.driver.execute_query(
                cypher, {"ids": batch}, routing_=RoutingControl.READ, database_=conn.database  # type: ignore[arg-type]
            )
            found[label].update(records[0]["found"])
    return found


def _write_batch(tx: neo4j.ManagedTransaction, cypher: str, rows: list[list[Any]]) -> neo4j.SummaryCounters:
    return tx.run(cypher, rows=rows).consume().counters  # type: ignore[arg-type]  # built from whitelists


class _BatchWriter:
    """Runs the batches of statements, each in its own write transaction, ``workers`` at a time, in threads.

    The counters of each committed batch are appended to ``done`` (a failed load
    says how far it got). The caller only submits together batches that never
    write the same node or relationship, so their order does not matter. The
    driver retries a failing batch (see :func:`connect`); once one fails for
    good, the batches not started yet are dropped, and :meth:`wait` raises the
    first error when those in flight have ended. Batches run in the background,
    so the caller can prepare the next statements meanwhile; :meth:`close`
    drops what has not started and waits for what runs (also on an interrupt).
    """

    def __init__(self, conn: Connection, batch_size: int, workers: int, done: list[neo4j.SummaryCounters]) -> None:
        self.conn, self.batch_size, self.done = conn, batch_size, done
        self.failed = threading.Event()  # set by the thread whose batch failed, before another takes a batch
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sifara-load")

    def write(self, cypher: str, rows: list[list[Any]]) -> None:
        """One batch, in the calling thread."""
        if self.failed.is_set():
            return
        try:
            with self.conn.session() as session:
                self.done.append(session.execute_write(_write_batch, cypher, rows))
        except BaseException:
            self.failed.set()
            raise

    def submit(self, statements: list[_Statement]) -> list[Future[None]]:
        return [self.pool.submit(self.write, st.cypher, batch)
                for st in statements for batch in _batches(st.rows, self.batch_size)]

    def wait(self, futures: list[Future[None]]) -> None:
        """Until every future is done, or one fails: then drop what has not started, and raise its error."""
        wait(futures, return_when=FIRST_EXCEPTION)
        errors = [exc for f in futures if f.done() and not f.cancelled() and (exc := f.exception()) is not None]
        if errors:
            self.close()  # lets what runs end
            raise errors[0]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Building rows allocates hundreds of thousands of small acyclic objects: don't let gc rescan them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_graph(
    G: nx.MultiDiGraph, conn: Connection, batch_size: int = 5000, *, fresh: bool = False, workers: int = 2
) -> dict[str, Any]:
    """Write the graph into Neo4j; loading twice changes nothing, loading A then B gives A+B.

    Creates the schema first (:func:`ensure_schema`), then writes the nodes,
    then the relationships, in batches of ``batch_size`` rows, one transaction
    per batch, ``workers`` transactions at a time. Nodes already in the database,
    and relationships between two of them, are ``MERGE``d; everything else is new
    and is ``CREATE``d, which is what makes a first load fast. ``MERGE``s of
    relationships run one batch at a time (concurrent ones deadlock on busy
    nodes). ``fresh=True`` promises an empty database and skips the look-up of
    existing nodes; it refuses to run on a database that is not empty.
    Two loads into the same database at the same time are not supported.

    Faults: a batch failing on a transient error or a lost connection is retried
    for ``conn.retry_seconds`` (see :func:`connect`); then the load stops with a
    :class:`Neo4jUnavailableError` saying how many batches were committed. Each
    batch is committed whole or not at all, and rerunning the load completes it.

    Returns the rows written (``nodes``, ``relationships``), those written with
    CREATE (``nodes_new``, ``relationships_new``), what Neo4j reports it
    created, the number of batches and the seconds taken.
    """
    if batch_size < 1:
        raise QueryError(f"batch_size must be positive, got {batch_size}")
    if workers < 1:
        raise QueryError(f"workers must be positive, got {workers}")
    started = time.perf_counter()
    with _no_cyclic_gc():  # every row is checked before anything is written
        node_groups, rel_groups = _groups(G)
    ensure_schema(conn)
    done: list[neo4j.SummaryCounters] = []
    total: int | None = None  # batches, once planned
    writer = _BatchWriter(conn, batch_size, workers, done)
    try:
        if fresh and run_query(conn, "MATCH (n) RETURN 1 AS found LIMIT 1"):
            raise QueryError(f"the Neo4j database at {conn.uri} is not empty: a fresh load needs an empty one "
                             "(load without --fresh to merge into it)")
        existing = {} if fresh else _existing_ids(conn, node_groups, batch_size)
        with _no_cyclic_gc():
            nodes, new_ids = _plan_nodes(node_groups, existing)
        del node_groups  # the statements hold the rows now
        writing = writer.submit(nodes)
        with _no_cyclic_gc():  # while the server writes the nodes
            rels = _plan_rels(rel_groups, new_ids)
        del rel_groups
        created, merged = [st for st in rels if st.create], [st for st in rels if not st.create]
        total = sum(-(-len(st.rows) // batch_size) for st in (*nodes, *rels))
        writer.wait(writing)
        writer.wait(writer.submit(created))
        for st in merged:  # one at a time: concurrent MERGEs on the same busy actors deadlock
            for batch in _batches(st.rows, batch_size):
                writer.write(st.cypher, batch)
    except (*_UNAVAILABLE, TransientError) as exc:
        raise _stopped(conn, exc, len(done), total, fresh) from exc
    except Neo4jError as exc:
        raise QueryError(f"Neo4j refused the load ({exc.code}): {_first_line(exc)}") from exc
    finally:
        writer.close()
    report = {
        "nodes": sum(len(st.rows) for st in nodes),
        "relationships": sum(len(st.rows) for st in rels),
        "nodes_new": sum(len(st.rows) for st in nodes if st.create),
        "relationships_new": sum(len(st.rows) for st in created),
    }
    return {
        **report,
        "nodes_created": sum(c.nodes_created for c in done),
        "relationships_created": sum(c.relationships_created for c in done),
        "batches": len(done),
        "seconds": round(time.perf_counter() - started, 3),
    }


def _stopped(
    conn: Connection, exc: DriverError | Neo4jError, committed: int, total: int | None, fresh: bool
) -> Neo4jUnavailableError:
    """The one-line error of a load that the server's faults stopped: how far it got, and what to do."""
    where = "before writing anything" if total is None else f"after {committed} of {total} batches were committed"
    retried = f" (retried for {conn.retry_seconds:g} s)" if conn.retry_seconds and exc.is_retryable() else ""
    again = "the same load without --fresh" if fresh else "the same load"
    return Neo4jUnavailableError(
        f"the load into Neo4j at {conn.uri} stopped {where}: {_first_line(exc)}{retried}; each batch is one "
        f"transaction, none is half written, and loading is idempotent: rerun {again} to complete it"
    )


# --------------------------------------------------------------------------- neo4j-admin import


_CSV_TYPES = {bool: "boolean", int: "long", float: "double", str: "string", dt.date: "date"}
ARRAY_DELIMITER = "|"


def export_import_csv(G: nx.MultiDiGraph, folder: str | Path) -> dict[str, Any]:
    """Write the graph as CSV files for ``neo4j-admin database import full``.

    One ``nodes_<labels>.csv`` per label combination (``id:ID``, ``:LABEL``, typed
    property columns such as ``mentions:long``, ``names:string[]``,
    ``date_value:date``) and one ``rels_<TYPE>.csv`` per relationship type
    (``:START_ID``, ``:END_ID``, ``:TYPE``, typed properties). Lists are joined
    with ``|``. Returns the files and the import options (``args``), also written
    to ``import.args`` for neo4j-admin to read as an @-file::

        scripts/neo4j.sh stop
        scripts/neo4j.sh import-tool neo4j --overwrite-destination @FOLDER/import.args
        scripts/neo4j.sh start
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    node_groups, rel_groups = _groups(G)
    node_files: list[Path] = []
    for group in node_groups:
        path = out / f"nodes_{'_'.join((group.primary, *group.secondary))}.csv"
        labels = ARRAY_DELIMITER.join((group.primary, *group.secondary))
        rows = [_node_props(group.primary, r) for r in group.rows]
        columns = _typed_columns(rows)
        lines = ([r["id"], labels, *(_cell(p.get(c)) for c, _ in columns)]
                 for r, p in zip(group.rows, rows, strict=True))
        _write_csv(path, ["id:ID", ":LABEL", *(h for _, h in columns)], lines)
        node_files.append(path)

    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for group in rel_groups:
        by_type[group.rel_type].extend(group.rows)
    rel_files: list[Path] = []
    for rel_type in sorted(by_type):
        path = out / f"rels_{rel_type}.csv"
        rows = [_rel_props(rel_type, r) for r in by_type[rel_type]]
        columns = _typed_columns(rows)
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE", *(h for _, h in columns)],
                   ([r["start"], r["end"], rel_type, *(_cell(p.get(c)) for c, _ in columns)]
                    for r, p in zip(by_type[rel_type], rows, strict=True)))
        rel_files.append(path)

    args = [f"--nodes={p.resolve()}" for p in node_files] + [f"--relationships={p.resolve()}" for p in rel_files]
    args += [f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]
    args_file = out / "import.args"
    args_file.write_text("".join(_argfile_quote(a) + "\n" for a in args), encoding="utf-8")
    return {"nodes": node_files, "relationships": rel_files, "args": args, "args_file": args_file}


def _argfile_quote(arg: str) -> str:
    """One argument of a picocli @-file (neo4j-admin reads ``@import.args``)."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_props(primary: str, row: Mapping[str, Any]) -> dict[str, Any]:
    props = dict(row["props"])
    if primary == "Event":
        props["date_value"] = row["date_value"]
    return props


def _rel_props(rel_type: str, row: Mapping[str, Any]) -> dict[str, Any]:
    props = dict(row["props"])
    if rel_type in _COMPOSITE_KEYS:
        props["key"] = row["key"]
    if rel_type in EVENT_EDGE_TYPES:
        props["date_value"] = row["date_value"]
    return props


def _typed_columns(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(property, header) per property present in the rows, the header typed from the values."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for name, value in row.items():
            if value is None:
                kinds.setdefault(name, set())
            elif isinstance(value, list):
                kinds[name].add(_list_kind(value))
            else:
                kinds[name].add("date" if name == "date_value" else _CSV_TYPES.get(type(value), "string"))
    columns = []
    for name in sorted(kinds):
        found = kinds[name] - {""}
        if not found:
            kind = "string[]" if "" in kinds[name] else "string"
        elif len(found) == 1:
            kind = found.pop()
        elif found == {"long", "double"}:
            kind = "double"
        elif found == {"long[]", "double[]"}:
            kind = "double[]"
        else:
            kind = "string[]" if all(k.endswith("[]") for k in found) else "string"
        columns.append((name, f"{name}:{kind}"))
    return columns


def _list_kind(value: list[Any]) -> str:
    if not value:
        return ""
    if all(isinstance(v, str) for v in value):
        return "string[]"
    return "double[]" if any(isinstance(v, float) for v in value) else "long[]"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        items = [str(v) for v in value]
        if any(ARRAY_DELIMITER in v for v in items):
            raise QueryError(f"list value {value!r} contains the array delimiter {ARRAY_DELIMITER!r}")
        return ARRAY_DELIMITER.join(items)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, header: list[str], rows: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
