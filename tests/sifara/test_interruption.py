"""Killing a build at a random point loses nothing: the store is the one before, or the one after.

A ``sifara build`` process is SIGKILLed after a seeded random delay, several
times. After each kill the store opens (rolling a committed save forward) and
its files are byte-identical either to the store before that build or to the
store an uninterrupted build writes; a rerun then completes to the same bytes
as the uninterrupted build. `make soak` runs more kills (SIFARA_SOAK=1).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from graph.store import FILES, Store

KILLS = 30 if os.environ.get("SIFARA_SOAK") == "1" else 3
SEED = 20261130


def _sifara(*args: str) -> list[str]:
    return [sys.executable, "-m", "sifara.cli", *args]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES if (folder / name).is_file()}


def _build(inputs: list[Path], out: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(_sifara("build", *map(str, inputs), "--out", str(out), "-q", *extra), check=True,
                   capture_output=True, timeout=600)
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A base corpus, a second batch that re-reports some of its events, and their stores."""
    root = tmp_path_factory.mktemp("interruption")
    base = write_corpus(root / "base", 40, seed=SEED).articles
    batch = write_corpus(root / "batch", 120, seed=SEED, start=30).articles  # 30..39 overlap: rebuilt articles
    before, after = root / "store-before", root / "store-after"
    _build([base], before)
    shutil.copytree(before, after)
    duration = _build([batch], after)
    return {"base": base, "batch": batch, "before": before, "after": after, "duration": Path(str(duration))}


def test_the_batch_changes_the_store(corpora: dict[str, Path]) -> None:
    before, after = _snapshot(corpora["before"]), _snapshot(corpora["after"])
    assert before.keys() == after.keys() == set(FILES)
    assert before["events.jsonl"] != after["events.jsonl"]
    rebuilt = {json.loads(line)["id"] for line in before["articles.jsonl"].splitlines()}
    assert rebuilt & {json.loads(line)["id"] for line in after["articles.jsonl"].splitlines()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_killing_a_build_at_random_points_leaves_the_old_or_the_new_store(
    corpora: dict[str, Path], tmp_path: Path, jobs: int
) -> None:
    rng = random.Random(SEED + jobs)
    before, after = _snapshot(corpora["before"]), _snapshot(corpora["after"])
    duration = float(str(corpora["duration"]))
    outcomes: list[str] = []
    for n in range(KILLS):
        store = tmp_path / f"store-{n}"
        shutil.copytree(corpora["before"], store)
        proc = subprocess.Popen(_sifara("build", str(corpora["batch"]), "--out", str(store), "-q", "--jobs", str(jobs)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        if n % 2 == 0:  # during extraction, at a random time
            delay = rng.uniform(0.3, 0.9) * duration
            _wait(proc, lambda: False, delay)
        else:  # while the store is written: as soon as .pending/ appears, or a little later
            _wait(proc, (store / ".pending").exists, 4 * duration + 30)
            _wait(proc, lambda: False, rng.choice([0, 0, 0.001, 0.005, 0.02]))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the workers of --jobs 2 too
            outcomes.append("killed")
        else:
            outcomes.append("finished")
        proc.wait()
        opened = Store.open(store, must_exist=True)  # recovers: rolls a committed save forward
        assert not (store / ".pending").exists()
        state = _snapshot(store)
        assert state in (before, after), f"kill {n} ({outcomes[-1]}) left a store that is neither before nor after"
        assert len(opened.articles) in (len(json_lines(before)), len(json_lines(after)))
        _build([corpora["batch"]], store, "--jobs", str(jobs))
        assert _snapshot(store) == after, f"rerun after kill {n} differs from an uninterrupted build"
    assert "killed" in outcomes


def _wait(proc: subprocess.Popen[bytes], until: Callable[[], bool], seconds: float) -> None:
    """Wait until ``until()`` holds, the process ends, or ``seconds`` pass."""
    deadline = time.perf_counter() + seconds
    while proc.poll() is None and not until() and time.perf_counter() < deadline:
        time.sleep(0.0005)


def json_lines(files: dict[str, bytes]) -> list[bytes]:
    return files["articles.jsonl"].splitlines()


def test_a_kill_between_the_commit_marker_and_the_move_is_rolled_forward(corpora: dict[str, Path],
                                                                        tmp_path: Path) -> None:
    """The window a random kill rarely hits: the pending files are committed but not yet moved."""
    store = tmp_path / "store"
    shutil.copytree(corpora["before"], store)
    pending = store / ".pending"
    pending.mkdir()
    for name in FILES:
        shutil.copy(corpora["after"] / name, pending / name)
    (pending / "COMMITTED").write_text("ok\n")
    os.replace(pending / "articles.jsonl", store / "articles.jsonl")  # killed after moving the first file
    Store.open(store, must_exist=True)
    assert _snapshot(store) == _snapshot(corpora["after"])
