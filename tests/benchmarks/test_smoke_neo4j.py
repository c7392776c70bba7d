"""The Neo4j section of the benchmarks on a tiny graph, on a Neo4j instance of its own (it wipes its database,
stops the server for neo4j-admin import and starts it again): about a minute, mostly JVM start-ups.

The instance listens on 127.0.0.1:$SIFARA_BENCH_SMOKE_NEO4J_PORT (default 7741), its data under
$SIFARA_NEO4J_HOME/instance-bench-smoke-<port>; it is stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import sifara
from benchmarks import run
from graph.store import Store
from queries import list_canned
from tests.conftest import neo4j_unavailable, port_taken

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("SIFARA_BENCH_SMOKE_NEO4J_PORT", "7741"))



@pytest.mark.neo4j
def test_neo4j_section_on_a_tiny_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("java") is None:
        neo4j_unavailable("java not found: the benchmark smoke test starts its own Neo4j server")
    home = Path(os.environ.get("SIFARA_NEO4J_HOME") or Path.home() / ".cache" / "sifara" / "neo4j")
    env = {"NEO4J_PORT": str(PORT), "SIFARA_NEO4J_INSTANCE": str(home / f"instance-bench-smoke-{PORT}"),
           "NEO4J_PASSWORD": "sifara-bench-smoke", "NEO4J_USERNAME": "neo4j", "NEO4J_HEAP": "512m",
           "NEO4J_PAGECACHE": "128m"}
    for key, value in env.items():  # what the benchmark's own calls of scripts/neo4j.sh and connect() read
        monkeypatch.setenv(key, value)
    script = str(ROOT / "scripts" / "neo4j.sh")
    if port_taken(PORT) and subprocess.run([script, "status"], capture_output=True).returncode:
        neo4j_unavailable(f"port {PORT} is taken by another process: set SIFARA_BENCH_SMOKE_NEO4J_PORT")

    cfg = run.Config.preset("tiny", out=tmp_path, neo4j=True, neo4j_port=PORT, neo4j_events=(70,), neo4j_slice=30)
    ar, en = run.corpus(cfg, "ar", 6, ("ar",)), run.corpus(cfg, "en", 6, ("en",))
    store_dir = cfg.work / "store"
    sifara.build([str(ar.articles), str(en.articles)], out=store_dir)
    res = run.Results(config={"mode": "tiny", "repeats": 1}, machine=run.machine_info())
    try:
        run.bench_neo4j(cfg, res, Store.open(store_dir, must_exist=True))
    finally:
        subprocess.run([script, "stop"], capture_output=True, timeout=300)

    assert res.errors == []  # among them: the database's counts after the load and after the import
    figures = {f.figure: f for f in res.figures}
    load = figures["load_graph (batched), 70 events"]
    assert load.value > 0 and "3 loads of 30 events" in load.note
    assert figures["neo4j-admin import (ceiling), 70 events"].value > 0
    assert figures["Batched load ÷ import ceiling, 70 events"].value > 0
    neo4j = [q for q in res.queries if q["backend"] == "neo4j"]
    assert len(neo4j) == len(list_canned()) and {q["status"] for q in neo4j} == {"ok"}
    assert any(q["rows"] for q in neo4j)
