"""Neo4j faults, on a server of its own that this module starts and stops (never the shared test server).

Injected: nothing listening, a wrong password, an unknown database, the server
killed (SIGKILL) in the middle of a load, the ``sifara load`` process killed at
seeded random points. Checked: exit code 6 and one line on stderr without the
password, in bounded time; no batch half written (every batch the load would
write is in the database whole or not at all); a rerun gives the database of
an uninterrupted load. ``SIFARA_SOAK=1`` (``make soak``) kills more loads and
adds a clean shutdown and a frozen server (SIGSTOP) mid-load.

The server listens on 127.0.0.1:$SIFARA_FAULTS_NEO4J_PORT (default 7731; Bolt
only, scripts/neo4j.sh disables HTTP) with its data in
``$SIFARA_NEO4J_HOME/instance-faults-<port>``. Without Java the tests are
skipped, except under CI=true where that is a failure.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest
from neo4j.exceptions import DatabaseUnavailable, ServiceUnavailable

import sifara
from graph.neo4j import (
    _COMPOSITE_KEYS,
    DEFAULT_PASSWORD,
    EVENT_EDGE_TYPES,
    PRIMARY_LABELS,
    Connection,
    Neo4jUnavailableError,
    _batches,
    _groups,
    _plan,
    clear,
    connect,
    counts,
    graph_counts,
    load_graph,
    run_query,
)
from tests.conftest import neo4j_unavailable, port_taken

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("SIFARA_FAULTS_NEO4J_PORT", "7731"))
URI = f"bolt://127.0.0.1:{PORT}"
PASSWORD = "sifara-faults-Pw-7c1e"  # distinctive: its absence from outputs and files means something
SOAK = os.environ.get("SIFARA_SOAK") == "1"
SEED = 20251130
EVENTS = 600  # the store of the interrupted loads: ~80 batches of BATCH rows, a few seconds to load
BATCH = 50
RETRY = 2.0  # --retry-seconds of the loads that lose their server
FAULTS = ["kill", "stop", "freeze"] if SOAK else ["kill"]
CLIENT_KILLS = 12 if SOAK else 3
# The read timeout the server gives the driver (hint connection.recv_timeout_seconds, 120 s in Neo4j 5.26):
# a frozen server is noticed only then.
RECV_TIMEOUT = 120


# --------------------------------------------------------------------------- the server


@dataclass
class Server:
    """The dedicated instance, driven by scripts/neo4j.sh."""

    env: dict[str, str]

    @property
    def pid(self) -> int:
        return int((Path(self.env["SIFARA_NEO4J_INSTANCE"]) / "run" / "neo4j.pid").read_text())

    def script(self, command: str) -> subprocess.Popen[str]:
        return subprocess.Popen([str(ROOT / "scripts" / "neo4j.sh"), command], env=self.env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def run(self, command: str) -> None:
        proc = self.script(command)
        out, _ = proc.communicate(timeout=300)
        if proc.returncode:
            raise RuntimeError(f"scripts/neo4j.sh {command} failed:\n{out[-3000:]}")

    def start(self) -> None:
        self.run("start")
        self.run("wait")

    def send(self, sig: signal.Signals) -> None:
        """Send ``sig`` to the server's JVM."""
        os.kill(self.pid, sig)

    def resume(self) -> None:
        """Bring the server back: continue it if frozen, else wait until its JVM is gone and start it again."""
        pid = self.pid
        if _state(pid) == "T":
            os.kill(pid, signal.SIGCONT)
            return
        deadline = time.monotonic() + 120  # a clean shutdown takes 10-15 s
        while _state(pid) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        self.start()

    def connect(self) -> Connection:
        return connect(URI, "neo4j", PASSWORD, retry_seconds=RETRY)


def _state(pid: int) -> str | None:
    """The process's state letter (R, S, T stopped, Z zombie...), None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return None



@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A Neo4j server for this module only, shut down at the end."""
    if shutil.which("java") is None:
        neo4j_unavailable("java not found: the fault tests start their own Neo4j server")
    home = Path(os.environ.get("SIFARA_NEO4J_HOME") or Path.home() / ".cache" / "sifara" / "neo4j")
    env = {**os.environ, "NEO4J_PORT": str(PORT), "SIFARA_NEO4J_INSTANCE": str(home / f"instance-faults-{PORT}"),
           "NEO4J_PASSWORD": PASSWORD, "NEO4J_HEAP": "512m", "NEO4J_PAGECACHE": "128m"}
    srv = Server(env)
    if port_taken(PORT) and subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), "status"], env=env,
                                            capture_output=True).returncode:
        neo4j_unavailable(f"port {PORT} is taken by another process: set SIFARA_FAULTS_NEO4J_PORT")
    try:
        try:
            srv.start()
        except RuntimeError:  # the JVM of an earlier run was still shutting down (see below): it is gone now
            srv.start()
    except RuntimeError as exc:
        neo4j_unavailable(str(exc))
    try:
        yield srv
    finally:
        # What `scripts/neo4j.sh stop` does, without waiting the 10-15 s of the shutdown (the data are
        # checkpointed in the first 1-2 s; the rest is the Bolt server's quiet period).
        with contextlib.suppress(OSError, ValueError):
            srv.send(signal.SIGCONT)  # in case a test froze it and failed
            srv.send(signal.SIGTERM)


# --------------------------------------------------------------------------- stores and the reference load


@dataclass
class Stores:
    small: Path  # the sample corpus
    big: Path  # EVENTS events: its sample's events copied under new ids
    graph: nx.MultiDiGraph  # the big one's


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    from benchmarks.run import sized_store
    from graph.store import Store

    folder = tmp_path_factory.mktemp("faults")
    small = folder / "small"
    sifara.build([str(resources.files("sifara").joinpath("data", "sample"))], out=small)
    big = sized_store(Store.open(small), EVENTS)
    big.folder = folder / "big"
    big.save()
    return Stores(small, big.folder, sifara.open_graph(big.folder).graph)


def sifara_cli(*args: str, password: str | None = PASSWORD, **popen: Any) -> subprocess.Popen[str]:
    """``sifara ARGS`` in a subprocess, the password (if any) in NEO4J_PASSWORD, stdin not a terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return subprocess.Popen([sys.executable, "-m", "sifara.cli", *args], env=env, text=True, cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def run_cli(*args: str, password: str | None = PASSWORD, timeout: float = 180) -> tuple[int, str, str]:
    proc = sifara_cli(*args, password=password)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def load_args(store: Path, *more: str) -> list[str]:
    return ["load", str(store), "--neo4j", URI, "--batch-size", str(BATCH), "--retry-seconds", str(RETRY), *more]


def digest(conn: Connection) -> str:
    """A checksum of every node (id, labels, properties) and relationship (ends, type, properties)."""
    nodes = run_query(conn, "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    rels = run_query(conn, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props")
    lines = sorted(json.dumps([n["id"], sorted(n["labels"]), n["props"]], sort_keys=True) for n in nodes)
    lines += sorted(json.dumps([r["a"], r["t"], r["b"], r["props"]], sort_keys=True) for r in rels)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


Identity = tuple[Any, ...]  # ("node", id) or (start, type, end, key)


@dataclass
class Reference:
    """The database after an uninterrupted load of the big store, and the batches that load writes."""

    digest: str
    counts: dict[str, dict[str, int]]
    batches: list[frozenset[Identity]]


def load_batches(G: nx.MultiDiGraph, existing: dict[str, set[str]]) -> list[frozenset[Identity]]:
    """The batches a load writes into a database that holds the ``existing`` node ids (per primary label)."""
    nodes, rels = _plan(*_groups(G), existing)
    out = [frozenset(("node", row[0]) for row in batch) for st in nodes for batch in _batches(st.rows, BATCH)]
    for st in rels:
        match = re.search(r"\[r:(\w+)", st.cypher)
        assert match, st.cypher
        out += [frozenset((row[0], match[1], row[1], row[2]) for row in batch) for batch in _batches(st.rows, BATCH)]
    return out


def present(conn: Connection) -> tuple[set[Identity], dict[str, set[str]]]:
    """What the database holds, and its node ids per primary label; fails if anything is there twice."""
    nodes = run_query(conn, "MATCH (n) RETURN n.id AS id, [x IN labels(n) WHERE x IN $primary][0] AS label",
                      {"primary": list(PRIMARY_LABELS)})
    rels = run_query(conn, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                     "CASE WHEN type(r) IN $events THEN r.event_id WHEN type(r) IN $keyed THEN r.key END AS k",
                     {"events": sorted(EVENT_EDGE_TYPES), "keyed": sorted(_COMPOSITE_KEYS)})
    found = {("node", n["id"]) for n in nodes} | {(r["a"], r["t"], r["b"], r["k"]) for r in rels}
    assert len(found) == len(nodes) + len(rels), "a node or relationship is in the database twice"
    ids: dict[str, set[str]] = {}
    for n in nodes:
        ids.setdefault(n["label"], set()).add(n["id"])
    return found, ids


def committed_batches(found: set[Identity], before: set[Identity], batches: list[frozenset[Identity]]) -> int:
    """How many batches a load wrote, from what the database held before it and holds now.

    Fails if a batch is there in part (what it adds to ``before`` is neither all there nor absent), or if the
    database holds something the load does not write. Batches that add nothing are not counted.
    """
    assert before <= found <= before | frozenset().union(*batches)
    new = [b - before for b in batches]
    partial = [b for b in new if b & found and not b <= found]
    assert not partial, f"{len(partial)} batches are in the database in part, e.g. {sorted(partial[0])[:3]}"
    return sum(bool(b) and b <= found for b in new)


@pytest.fixture(scope="module")
def reference(server: Server, stores: Stores) -> Reference:
    """An uninterrupted ``sifara load`` of the big store (its output and the store hold no password)."""
    with server.connect() as conn:
        clear(conn)
        code, out, err = run_cli(*load_args(stores.big, "--json"))
        assert code == 0, err
        assert PASSWORD not in out + err and not stored_password(stores.big)
        report = json.loads(out)
        assert report["counts"] == graph_counts(stores.graph) == counts(conn)
        batches = load_batches(stores.graph, {})
        assert report["batches"] == len(batches) and sum(map(len, batches)) == (
            stores.graph.number_of_nodes() + stores.graph.number_of_edges())
        return Reference(digest(conn), report["counts"], batches)


def stored_password(folder: Path) -> list[Path]:
    """The files under ``folder`` that contain PASSWORD."""
    return [p for p in folder.rglob("*") if p.is_file() and PASSWORD.encode() in p.read_bytes()]


def rerun(conn: Connection, stores: Stores) -> None:
    """The same load again, uninterrupted (in this process: the CLI's own load is tested above)."""
    load_graph(stores.graph, conn, batch_size=BATCH)


def wait_until_written(conn: Connection, proc: subprocess.Popen[str], target: int) -> None:
    """Return once the load in ``proc`` has written ``target`` nodes and relationships (or more)."""
    deadline = time.monotonic() + 120
    query = "CALL () { MATCH (n) RETURN count(n) AS n } CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n + r AS c"
    while run_query(conn, query)[0]["c"] < target:
        assert proc.poll() is None, f"the load ended before writing {target} rows: {proc.communicate()}"
        assert time.monotonic() < deadline, f"the load did not write {target} rows in 120 s"
        time.sleep(0.05)


def assert_one_line_error(code: int, out: str, err: str, *expected: str) -> None:
    assert code == 6, (code, out, err)
    assert out == "" and err.startswith("error: ") and err.strip().count("\n") == 0, err
    assert "Traceback" not in err and PASSWORD not in err
    for text in expected:
        assert text in err, err


# --------------------------------------------------------------------------- without a server


class FakeDriver:
    """Just enough of a neo4j driver for load_graph: write number ``fail_at`` fails for good, at once."""

    def __init__(self, fail_at: int, error: Exception) -> None:
        self.fail_at, self.error, self.writes, self.lock = fail_at, error, 0, threading.Lock()

    def execute_query(self, query: Any, params: Any = None, **_: Any) -> tuple[list[dict[str, Any]], None, None]:
        return ([{"found": []}] if "collect(n.id)" in str(query) else []), None, None

    def session(self, **_: Any) -> FakeDriver:
        return self

    def __enter__(self) -> FakeDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute_write(self, work: Any, cypher: str, rows: list[Any]) -> SimpleNamespace:
        with self.lock:
            self.writes += 1
            number = self.writes
        if number == self.fail_at:
            raise self.error
        time.sleep(0.01)  # the other worker's batch is still in flight when this one fails
        return SimpleNamespace(nodes_created=len(rows), relationships_created=0)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("error", [ServiceUnavailable("connection lost"), DatabaseUnavailable("stopping")])
def test_faults_a_batch_failing_for_good_stops_the_load(stores: Stores, workers: int, error: Exception) -> None:
    """No batch starts after one failed for good; the one-line error says how far the load got."""
    driver = FakeDriver(fail_at=5, error=error)
    conn = Connection(driver, "bolt://fake:7687", "neo4j", retry_seconds=RETRY)  # type: ignore[arg-type]
    with pytest.raises(Neo4jUnavailableError) as info:  # the parallel case also checks the advice after --fresh
        load_graph(stores.graph, conn, batch_size=BATCH, workers=workers, fresh=workers == 2)
    message = str(info.value)
    total = len(load_batches(stores.graph, {}))
    committed = int(re.search(rf"after (\d+) of {total} batches were committed", message)[1])  # type: ignore[index]
    assert (committed, driver.writes) == (4, 5)  # the batch in flight ended; none started after the failure
    assert "\n" not in message and "(retried for 2 s)" in message
    assert ("rerun the same load without --fresh" in message) == (workers == 2)


# --------------------------------------------------------------------------- connecting


def test_faults_nothing_listening_at_start(stores: Stores) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the load: nothing listens there
    started = time.monotonic()
    code, out, err = run_cli("load", str(stores.small), "--neo4j", f"bolt://127.0.0.1:{port}")
    assert_one_line_error(code, out, err, f"cannot reach Neo4j at bolt://127.0.0.1:{port}")
    assert time.monotonic() - started < 30  # not retried: nothing is there to wait for


@pytest.mark.neo4j
@pytest.mark.parametrize("case", ["wrong password", "unknown database"])
def test_faults_login_and_database_errors(server: Server, stores: Stores, case: str) -> None:
    if case == "wrong password":
        code, out, err = run_cli("load", str(stores.small), "--neo4j", URI, password=PASSWORD[::-1])
        assert_one_line_error(code, out, err, "rejected user 'neo4j'", "NEO4J_PASSWORD")
        assert PASSWORD[::-1] not in err
    else:
        code, out, err = run_cli("load", str(stores.small), "--neo4j", URI, "--database", "nosuchdb")
        assert_one_line_error(code, out, err, "no database 'nosuchdb'")


# --------------------------------------------------------------------------- secrets


@pytest.mark.neo4j
def test_faults_password_never_printed_logged_or_stored(server: Server, stores: Stores, reference: Reference,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """The reference load (a successful `sifara load`) checked its output and store; here query, help, logs."""
    code, out, err = run_cli("query", str(stores.small), "--neo4j", URI, "--cypher",
                             "MATCH (e:Event) RETURN count(e) AS events", "--json")
    assert code == 0 and '"events"' in out, err
    code, help_text, _ = run_cli("load", "--help")
    assert code == 0 and "NEO4J_PASSWORD" in help_text
    assert "--password" not in help_text  # an option would show in `ps`
    for text in (out, err, help_text):
        assert PASSWORD not in text and DEFAULT_PASSWORD not in text
    with caplog.at_level(logging.DEBUG, logger="neo4j"), server.connect() as conn:  # the driver's debug log
        run_query(conn, "RETURN 1 AS one")
    assert "LOGON" in caplog.text and PASSWORD not in caplog.text


# --------------------------------------------------------------------------- interruptions


@pytest.mark.neo4j
@pytest.mark.slow
def test_faults_load_killed_at_random_points_then_rerun(server: Server, stores: Stores,
                                                        reference: Reference) -> None:
    """SIGKILL `sifara load` at seeded random points, each run resuming the last; a rerun then completes it."""
    rng = random.Random(SEED)
    size = stores.graph.number_of_nodes() + stores.graph.number_of_edges()
    written = []  # batches each killed load committed
    with server.connect() as conn:
        clear(conn)
        found: set[Identity] = set()
        for _ in range(CLIENT_KILLS):
            before, (_, existing) = found, present(conn)
            batches = load_batches(stores.graph, existing)
            proc = sifara_cli(*load_args(stores.big))
            wait_until_written(conn, proc, len(before) + int(rng.uniform(0.05, 0.9) * (size - len(before))))
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
            found = present(conn)[0]
            written.append(committed_batches(found, before, batches))
        assert 0 < written[0] < len(reference.batches), written  # the first kill landed mid-load
        rerun(conn, stores)
        assert digest(conn) == reference.digest


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS)
def test_faults_server_lost_mid_load_then_rerun(server: Server, stores: Stores, reference: Reference,
                                                fault: str) -> None:
    """The server dies (kill), shuts down (stop) or freezes (freeze) mid-load; back, a rerun completes the load."""
    rng = random.Random(f"{SEED}-{fault}")
    size = stores.graph.number_of_nodes() + stores.graph.number_of_edges()
    with server.connect() as conn:
        clear(conn)
        proc = sifara_cli(*load_args(stores.big))
        wait_until_written(conn, proc, int(rng.uniform(0.1, 0.5) * size))
    server.send({"kill": signal.SIGKILL, "stop": signal.SIGTERM, "freeze": signal.SIGSTOP}[fault])
    lost = time.monotonic()
    try:
        out, err = proc.communicate(timeout=RECV_TIMEOUT + 120)
        elapsed = time.monotonic() - lost
    finally:
        server.resume()
    assert_one_line_error(proc.returncode, out, err, "rerun the same load to complete it")
    # Retried for RETRY seconds, plus the last backoff delay (×2 at most, +20 % jitter) and connection timeouts;
    # a clean shutdown first lets running transactions end; a frozen server is noticed after RECV_TIMEOUT.
    assert elapsed < {"kill": 3 * RETRY + 10, "stop": 3 * RETRY + 40, "freeze": RECV_TIMEOUT + 3 * RETRY + 20}[fault]
    progress = re.search(r"after (\d+) of (\d+) batches were committed", err)
    assert progress, err
    committed, total = int(progress[1]), int(progress[2])
    assert total == len(reference.batches) and committed < total
    with server.connect() as conn:
        # Each batch is whole or absent; those committed are there, plus at most the two in flight.
        assert committed <= committed_batches(present(conn)[0], set(), reference.batches) <= committed + 2
        rerun(conn, stores)
        assert counts(conn) == reference.counts
        assert digest(conn) == reference.digest
