"""Run Cypher on the embedded graph (grand-cypher) or on Neo4j, with parameters bound safely.

grand-cypher 1.2 has no ``$params``: the runner binds them itself, by
replacing each ``$name`` *outside string literals* with a literal built by
:func:`cypher_literal` (escaped, never formatted in by hand). Queries are
read-only on both backends unless ``write=True``.
"""

from __future__ import annotations

import math
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from ingest.errors import QueryError

__all__ = [
    "QueryTimeoutError", "bind_params", "cypher_literal", "is_write_query", "rows_of", "run_embedded", "time_limit",
]

_WRITE = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|CALL|FOREACH)\b", re.IGNORECASE)
_UNSUPPORTED = re.compile(r"\b(OPTIONAL\s+MATCH|UNWIND|WITH|date\s*\(|duration\s*\(|COUNT\s*\(\s*\*\s*\))", re.IGNORECASE)


def _strip_strings(cypher: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|//[^\n]*', '""', cypher)


def is_write_query(cypher: str) -> bool:
    """True when the query (outside strings and comments) has a clause that writes or calls procedures.

    >>> is_write_query('MATCH (n) WHERE n.name == "CREATE" RETURN n'), is_write_query("MATCH (n) DETACH DELETE n")
    (False, True)
    """
    return bool(_WRITE.search(_strip_strings(cypher)))


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value (strings double-quoted and escaped).

    >>> cypher_literal('He said "no"\\\\')
    '"He said \\\\"no\\\\"\\\\\\\\"'
    >>> cypher_literal(["a", 2])
    '["a", 2]'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(f"parameter value {value!r} is not a finite number")
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(_escape_char(ch) for ch in value) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise QueryError(f"parameter of type {type(value).__name__} cannot be passed to the embedded backend")


def _escape_char(ch: str) -> str:
    # grand-cypher evaluates string literals as Python literals and Neo4j reads
    # Cypher escapes; \\, \" and \uXXXX mean the same in both.
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") or ch == "\x7f":
        code = ord(ch)
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


def bind_params(cypher: str, params: dict[str, Any]) -> str:
    """Replace ``$name`` outside string literals and comments by the literal of ``params[name]``.

    >>> bind_params('MATCH (a) WHERE a.id == $id AND a.note == "$id" RETURN a', {"id": 'x"y'})
    'MATCH (a) WHERE a.id == "x\\\\"y" AND a.note == "$id" RETURN a'
    """
    out: list[str] = []
    i, n = 0, len(cypher)
    used: set[str] = set()
    while i < n:
        ch = cypher[i]
        if ch in "\"'":
            j = i + 1
            while j < n and cypher[j] != ch:
                j += 2 if cypher[j] == "\\" else 1
            out.append(cypher[i : j + 1])
            i = j + 1
        elif cypher.startswith("//", i):
            j = cypher.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif ch == "$":
            m = re.match(r"\$(\w+)", cypher[i:])
            if not m:
                raise QueryError("a '$' in the query is not followed by a parameter name")
            name = m[1]
            if name not in params:
                raise QueryError(f"the query uses ${name} but no value was given (--param {name}=...)")
            used.add(name)
            out.append(cypher_literal(params[name]))
            i += len(m[0])
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def rows_of(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """grand-cypher's column lists → a list of row dicts."""
    keys = list(columns)
    length = len(columns[keys[0]]) if keys else 0
    return [{k: _plain(columns[k][i]) for k in keys} for i in range(length)]


def _plain(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


class QueryTimeoutError(QueryError):
    """A query stopped by its timeout."""


class _TimedOut(BaseException):
    """Raised inside a query by :func:`time_limit`; a BaseException so no library's ``except Exception`` eats it."""


@contextmanager
def time_limit(seconds: float | None, what: str = "the query") -> Iterator[None]:
    """Stop the block with a :class:`QueryTimeoutError` after ``seconds`` (None or 0: no limit).

    In-process query engines (grand-cypher, rdflib, Oxigraph's result loop) have
    no timeout of their own; a real-time timer interrupts them. Python only
    delivers the timer's signal to the main thread: elsewhere (a notebook
    kernel's worker thread, a web server) the limit is not enforced.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    if seconds < 0:
        raise QueryError(f"the timeout must be positive, got {seconds}")
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= seconds:  # an enclosing timer (pytest-timeout, a caller's) fires first
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _TimedOut

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)  # fires again every 0.1 s should the first be swallowed
    try:
        yield
    except _TimedOut:
        raise QueryTimeoutError(f"{what} ran longer than the timeout of {seconds:g} s and was stopped") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:  # re-arm the enclosing timer with what is left of it
            left = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


def run_embedded(G: nx.MultiDiGraph, cypher: str, params: dict[str, Any] | None = None,
                 write: bool = False, timeout: float | None = None) -> list[dict[str, Any]]:
    """Run a Cypher query on the embedded graph; a query grand-cypher cannot run fails with a clear message.

    ``timeout`` (seconds) stops a query that runs longer (see :func:`time_limit`).
    """
    from grandcypher import GrandCypher

    if is_write_query(cypher):
        if not write:
            raise QueryError("the query writes (CREATE/MERGE/DELETE/SET/LOAD CSV/CALL); queries are read-only "
                             "unless --write is given")
        raise QueryError("the embedded graph is read-only (it is rebuilt from the store); run writing queries on "
                         "Neo4j with --neo4j URI")
    unsupported = _UNSUPPORTED.search(_strip_strings(cypher))
    if unsupported:
        raise QueryError(f"the embedded backend (grand-cypher) cannot run {unsupported[0].strip()!r}; "
                         "run this query on Neo4j with --neo4j URI")
    bound = bind_params(_strip_comments(cypher), params or {})
    try:
        with time_limit(timeout):
            result = GrandCypher(G).run(bound)
    except QueryError:
        raise
    except Exception as exc:  # grand-cypher raises lark and assorted errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the embedded backend (grand-cypher) cannot run this query ({first}); "
                         "run it on Neo4j with --neo4j URI") from exc
    return rows_of(result)


def _strip_comments(cypher: str) -> str:
    return "\n".join(line for line in cypher.splitlines() if not line.lstrip().startswith("//"))
