"""Shared test fixtures: where ../shared is, and small article builders."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from graph.neo4j import Connection

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """SIFARA_SHARED, else a ``shared`` folder beside the checkout or beside one of its parents."""
    if os.environ.get("SIFARA_SHARED") and (Path(os.environ["SIFARA_SHARED"]) / "eval" / "score.py").is_file():
        return Path(os.environ["SIFARA_SHARED"])
    for parent in REPO.parents:
        candidate = parent / "shared"
        if (candidate / "eval" / "score.py").is_file():
            return candidate
    return REPO.parent / "shared"


SHARED = _find_shared()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The folder of shared evaluation data (seed article, gold, dev set); skip when absent."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"shared evaluation data not found at {SHARED} (set SIFARA_SHARED)")
    return SHARED


@pytest.fixture
def write_article(tmp_path: Path):
    """Write a .txt article with front matter and return its path."""

    def _write(name: str, body: str, published: str | None = "2025-02-13", folder: Path | None = None,
               **meta: str) -> Path:
        folder = folder or tmp_path / "in"
        folder.mkdir(parents=True, exist_ok=True)
        lines = ["---"]
        if published:
            lines.append(f"published: {published}")
        lines += [f"{k}: {v}" for k, v in meta.items()]
        lines.append("---")
        path = folder / name
        path.write_text("\n".join(lines) + "\n" + body + "\n", encoding="utf-8")
        return path

    return _write


# Neo4j: one connection per session, an empty database per test. The server is the one of
# scripts/neo4j.sh (`make neo4j`) unless NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
# NEO4J_DATABASE say otherwise. When it cannot be reached the tests are skipped, except
# under CI=true where that is a failure.


def neo4j_unavailable(reason: str) -> NoReturn:
    """Skip, or fail under CI=true, because something a Neo4j test needs is missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Neo4j tests must run)")
    pytest.skip(f"Neo4j tests skipped, run `make neo4j` first: {reason}")


def port_taken(port: int) -> bool:
    """True when something listens on 127.0.0.1:``port`` (a test about to start its own server checks it)."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def neo4j_session_conn() -> Iterator[Connection]:
    """The session's connection (NEO4J_* variables, default bolt://127.0.0.1:7687, neo4j / sifara-test-pw)."""
    from graph.neo4j import Neo4jUnavailableError, connect

    try:
        conn = connect()
    except Neo4jUnavailableError as exc:
        neo4j_unavailable(str(exc))
    with conn:
        yield conn


@pytest.fixture
def neo4j_conn(neo4j_session_conn: Connection) -> Connection:
    """The session's connection to a database wiped (every node and relationship deleted) for this test."""
    from graph.neo4j import clear

    clear(neo4j_session_conn)
    return neo4j_session_conn
