"""Fixtures for the Neo4j tests: one connection per session, an empty database per test.

The server is the one of ``scripts/neo4j.sh`` (``make neo4j``) unless NEO4J_URI,
NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE say otherwise. When it cannot
be reached the tests are skipped, except under CI=true where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NoReturn

import pytest

from graph.neo4j import Connection, Neo4jUnavailableError, clear, connect


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail under CI=true, because something a Neo4j test needs is missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Neo4j tests must run)")
    pytest.skip(f"Neo4j tests skipped, run `make neo4j` first: {reason}")


@pytest.fixture(scope="session")
def neo4j_session_conn() -> Iterator[Connection]:
    """The session's connection (NEO4J_* variables, default bolt://127.0.0.1:7687, neo4j / sifara-test-pw)."""
    try:
        conn = connect()
    except Neo4jUnavailableError as exc:
        unavailable(str(exc))
    with conn:
        yield conn


@pytest.fixture
def neo4j_conn(neo4j_session_conn: Connection) -> Connection:
    """The session's connection to a database wiped (every node and relationship deleted) for this test."""
    clear(neo4j_session_conn)
    return neo4j_session_conn
