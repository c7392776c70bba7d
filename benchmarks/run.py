"""Run every benchmark and write ``bench/results.json`` and ``bench/results.md``.

    python -m benchmarks.run            # the full set (about 25 minutes on 2 cores)
    python -m benchmarks.run --quick    # small sizes, one or two repetitions (a few minutes)
    make bench                          # installs, starts a dedicated Neo4j, runs the full set, stops it

What is measured (each figure the median of repeated runs):

a. extraction throughput of one process, Arabic and English separately: the time
   spent inside :func:`ingest.pipeline.extract` and the whole of
   :func:`sifara.api.build` (reading, extraction, merging, writing the store), in a
   child process per language; plus the real dev articles, repeated;
b. ``sifara build --jobs 2`` against ``--jobs 1`` on the main corpus (speed-up);
c. peak memory (``ru_maxrss`` of the ``sifara build`` child) at 1k and 10k articles;
d. an incremental build: 1k articles added to a store of 20k, against the same 1k alone;
e. Neo4j: :func:`graph.neo4j.load_graph` (batched) against ``neo4j-admin database
   import`` of the same graph (:func:`graph.neo4j.export_import_csv`), events/s, at
   100k and 1M events (the million loaded in ten slices of 100k);
f. every canned query's median and p95 latency on Neo4j (100k and 1M events; on 1M
   also the first 100 rows of those returning more) and on the embedded graph
   (grand-cypher) at several sizes, and where the embedded backend stops being usable;

plus the synthetic corpus's extraction score (the figures of ``sifara eval``) and
a profile of Arabic extraction (cProfile; pyinstrument too with ``--pyinstrument``).

Wall-clock figures depend on what else the machine runs; the CPU time of each
run is recorded beside it and the load average is part of the machine record.
The Neo4j parts **wipe the database** they use: they run on their own instance
(``BENCH_NEO4J_PORT``, default 7697, started through ``scripts/neo4j.sh``), never on
the shared test server of port 7687.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import hashlib
import io
import json
import logging
import math
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from benchmarks.corpus import SEED, CorpusFiles, default_shared_eval, write_corpus

__all__ = ["Config", "Results", "main", "run_all"]

REPO = Path(__file__).resolve().parents[1]
NEO4J_SH = REPO / "scripts" / "neo4j.sh"
USABLE_P95_S = 1.0  # an interactive query answers within a second
PAGE_ROWS = 100  # on the largest Neo4j graph, queries returning more rows are also timed for their first page


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    """Sizes and repetitions of one run (``full``, ``quick`` and ``tiny`` presets)."""

    out: Path = REPO / "bench"
    mode: str = "full"
    articles: int = 10_000  # main corpus, half Arabic and half English
    batch: int = 1_000  # the small build (memory growth) and the incremental batch
    incremental_base: int = 20_000  # the store the batch is added to
    neo4j_events: tuple[int, ...] = (100_000, 1_000_000)
    neo4j_slice: int = 100_000  # larger graphs are loaded in slices of this many events
    embedded_events: tuple[int, ...] = (1_000, 3_000, 10_000, 100_000)
    profile_articles: int = 2_000
    real_repeat: int = 5  # the dev articles, this many times, for the real-text figure
    repeats: int = 3
    neo4j_repeats: int = 1  # imports of each graph (a million events: two minutes)
    query_runs: int = 20  # at most, per query and size
    query_budget_s: float = 10.0  # per query and size, once three runs are in
    embedded_timeout_s: float = 30.0  # one embedded run longer than this is stopped
    neo4j: bool = True
    neo4j_port: int = 7697
    pyinstrument: bool = False
    seed: int = SEED
    only: tuple[str, ...] = ()  # run these sections only (a, a-real, bc, quality, d, profile, f-embedded, e-neo4j)

    @classmethod
    def preset(cls, mode: str, **over: Any) -> Config:
        if mode == "quick":
            base = cls(mode="quick", articles=1_000, batch=200, incremental_base=2_000, neo4j_events=(1_000, 10_000),
                       embedded_events=(1_000, 3_000), profile_articles=300, real_repeat=1, repeats=2,
                       neo4j_repeats=1, query_runs=10, query_budget_s=3.0, embedded_timeout_s=10.0)
        elif mode == "tiny":  # the smoke test: everything runs, nothing takes long
            base = cls(mode="tiny", articles=40, batch=10, incremental_base=60, neo4j_events=(200,),
                       embedded_events=(100,), profile_articles=10, real_repeat=0, repeats=1, neo4j_repeats=1,
                       query_runs=2, query_budget_s=1.0, embedded_timeout_s=10.0, neo4j=False)
        else:
            base = cls()
        return replace(base, **over)

    @property
    def work(self) -> Path:
        return self.out / "work"

    @property
    def neo4j_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.neo4j_port}"


# --------------------------------------------------------------------------- results


@dataclass
class Figure:
    """One row of the results table."""

    section: str
    figure: str
    value: float | int | str | None
    unit: str
    target: str = ""
    note: str = ""


@dataclass
class Results:
    """Everything a run measured; written as JSON and as a markdown report."""

    config: dict[str, Any]
    machine: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, section: str, figure: str, value: float | int | str | None, unit: str,
            target: str = "", note: str = "") -> None:
        if isinstance(value, float):
            value = round(value, 3 if abs(value) < 10 else 1)
        self.figures.append(Figure(section, figure, value, unit, target, note))
        _log(f"  {figure}: {value} {unit}" + (f" ({note})" if note else ""))

    def write(self, out: Path) -> tuple[Path, Path]:
        out.mkdir(parents=True, exist_ok=True)
        data = {**asdict(self), "figures": [asdict(f) for f in self.figures]}
        json_path, md_path = out / "results.json", out / "results.md"
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        md_path.write_text(to_markdown(self), encoding="utf-8")
        return json_path, md_path


_STARTED = time.perf_counter()


def _log(msg: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f}s] {msg}", file=sys.stderr, flush=True)


def median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs)) if xs else math.nan


def p95(xs: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not xs:
        return math.nan
    s = sorted(xs)
    return float(s[max(0, math.ceil(0.95 * len(s)) - 1)])


# --------------------------------------------------------------------------- machine


def machine_info() -> dict[str, Any]:
    """Cores, CPU model, memory, load, versions and the commit measured."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024**2, 1)
    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": mem_gib,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    for key, cmd in (("commit", ["git", "rev-parse", "--short", "HEAD"]), ("dirty", ["git", "status", "--porcelain"])):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=20)
            info[key] = res.stdout.strip() if key == "commit" else bool(res.stdout.strip())
    return info


# --------------------------------------------------------------------------- child processes


@dataclass(frozen=True)
class ChildRun:
    """A finished child process: wall time, CPU time (its reaped children included) and peak memory."""

    wall_s: float
    cpu_s: float
    maxrss_mib: float
    stdout: str


def run_child(cmd: Sequence[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> ChildRun:
    """Run ``cmd`` to completion; its resource usage comes from ``wait4`` (that child only)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} … failed ({proc.returncode}): {stderr.strip()[-2000:]}")
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def sifara_cmd(*args: str) -> list[str]:
    """The ``sifara`` console script of this interpreter's environment."""
    exe = Path(sys.executable).with_name("sifara")
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "sifara.cli", *args]


def _child_build(out: str, inputs: list[str], jobs: int) -> dict[str, Any]:
    """In a child: ``sifara.api.build``, with the time spent inside ``ingest.pipeline.extract`` and inside
    ``Store.open``, ``Store.add`` and ``Store.save`` recorded.

    The lexicon is loaded first (its one-off cost is reported apart), so the
    figures are steady-state rates. The instrumentation replaces names in
    ``sifara.api`` for the duration of the build only.
    """
    import sifara.api as api
    from graph.store import Store
    from ingest.model import Article
    from ingest.pipeline import extract

    w0 = time.perf_counter()
    for lang, text in (("ar", "قال الرئيس الروسي فلاديمير بوتين امس ان الحوار ضروري."),
                       ("en", "Russian President Vladimir Putin said on Monday that dialogue matters.")):
        extract(Article(id=f"warmup-{lang}", text=text, language=lang, published=dt.date(2024, 5, 2)))
    warmup = time.perf_counter() - w0
    spent = {"extract": 0.0, "extract_cpu": 0.0, "calls": 0, "open": 0.0, "add": 0.0, "save": 0.0}

    def timed(article: Article) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return extract(article)
        finally:
            spent["extract"] += time.perf_counter() - w
            spent["extract_cpu"] += time.process_time() - c
            spent["calls"] += 1

    class TimedStore(Store):
        @classmethod
        def open(cls, *args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return super().open(*args, **kwargs)
            finally:
                spent["open"] += time.perf_counter() - t

        def add(self, *args: Any, **kwargs: Any) -> Any:
            # the build streams articles through add: the extraction it waits for is not merging
            t, extracting = time.perf_counter(), spent["extract"]
            try:
                return super().add(*args, **kwargs)
            finally:
                spent["add"] += time.perf_counter() - t - (spent["extract"] - extracting)

        def save(self, *args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return super().save(*args, **kwargs)
            finally:
                spent["save"] += time.perf_counter() - t

    api.extract, api.Store = timed, TimedStore  # type: ignore[attr-defined, misc]
    try:
        w, c = time.perf_counter(), time.process_time()
        kg = api.build(inputs, out=out, jobs=jobs)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
    finally:
        api.extract, api.Store = extract, Store  # type: ignore[attr-defined, misc]
    return {
        "wall_s": wall, "cpu_s": cpu, "extract_wall_s": spent["extract"], "extract_cpu_s": spent["extract_cpu"],
        "extract_calls": spent["calls"], "store_open_s": spent["open"], "store_add_s": spent["add"],
        "store_save_s": spent["save"], "lexicon_warmup_s": warmup,
        "articles": len(kg.store.articles), "events": len(kg.store.events),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_build(out: Path, inputs: Sequence[Path], jobs: int = 1) -> dict[str, Any]:
    """:func:`_child_build` in a fresh interpreter; its report, with the child's own wall time and peak memory."""
    run = run_child([sys.executable, "-m", "benchmarks.run", "_child-build", "--out", str(out), "--jobs", str(jobs),
                     *map(str, inputs)])
    return json.loads(run.stdout.strip().splitlines()[-1]) | {"process_wall_s": run.wall_s,
                                                              "process_maxrss_mib": run.maxrss_mib}


def _breakdown(runs: list[dict[str, Any]]) -> str:
    """Median seconds of each phase of instrumented builds."""
    phases = (("store_open_s", "open store"), ("extract_wall_s", "extract"), ("store_add_s", "merge (Store.add)"),
              ("store_save_s", "write (Store.save)"))
    return ", ".join(f"{label} {median([r[k] for r in runs]):.1f}s" for k, label in phases)


# --------------------------------------------------------------------------- corpora


@dataclass(frozen=True)
class TextStats:
    articles: int
    sentences: int
    bytes: int


def text_stats(paths: Sequence[Path]) -> TextStats:
    """Articles, sentences (as the pipeline splits them) and UTF-8 bytes of the article texts."""
    from ingest.articles import read_path
    from ingest.text import normalize_text, split_sentences

    n = s = b = 0
    for path in paths:
        for a in read_path(str(path)):
            n += 1
            s += len(split_sentences(normalize_text(a.text).text))
            b += len(a.text.encode("utf-8"))
    return TextStats(n, s, b)


def _fingerprint() -> str:
    """What a generated corpus depends on: the generator and the lexicon."""
    h = hashlib.sha256(Path(__file__).with_name("corpus.py").read_bytes())
    for path in sorted((REPO / "ingest" / "lexicon").rglob("*.yaml")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def corpus(cfg: Config, name: str, n: int, langs: tuple[str, ...], start: int = 0,
           prefix: str = "syn") -> CorpusFiles:
    """``work/corpus/<name>.jsonl`` (and its gold), generated unless an identical one is there."""
    folder = cfg.work / "corpus"
    meta_path = folder / f"{name}.meta.json"
    meta = {"n": n, "langs": list(langs), "start": start, "prefix": prefix, "seed": cfg.seed,
            "fingerprint": _fingerprint()}
    if meta_path.is_file():
        saved = json.loads(meta_path.read_text())
        if saved.get("params") == meta and (folder / f"{name}.jsonl").is_file():
            files = saved["files"]
            return CorpusFiles(Path(files["articles"]), Path(files["gold"]), files["n_articles"], files["n_bytes"],
                               files["by_language"])
    t = time.perf_counter()
    files = write_corpus(folder, n, langs, cfg.seed, start, name=name, prefix=prefix)
    _log(f"generated {name}: {files.n_articles} articles in {time.perf_counter() - t:.1f}s")
    meta_path.write_text(json.dumps({"params": meta, "files": {**asdict(files), "articles": str(files.articles),
                                                                "gold": str(files.gold)}}))
    return files


# --------------------------------------------------------------------------- a. extraction


def bench_extraction(cfg: Config, res: Results, files: dict[str, CorpusFiles]) -> None:
    """Extraction and end-to-end build rates of one process, per language (child processes)."""
    _log("a. extraction throughput, one process")
    for lang, f in files.items():
        stats = text_stats([f.articles])
        res.add("corpus", f"{lang.upper()} synthetic articles", stats.articles, "articles",
                note=f"{stats.sentences} sentences, {stats.bytes / 1e6:.2f} MB")
        runs = []
        for r in range(cfg.repeats):
            out = cfg.work / f"extract-{lang}"
            shutil.rmtree(out, ignore_errors=True)
            runs.append(child_build(out, [f.articles]))
            _log(f"  {lang} run {r + 1}: build {runs[-1]['wall_s']:.1f}s, extract {runs[-1]['extract_wall_s']:.1f}s")
        res.details[f"extraction_{lang}"] = {"stats": asdict(stats), "runs": runs}
        if any(run["extract_calls"] != stats.articles for run in runs):
            res.notes.append(f"{lang}: sifara.api.build did not call ingest.pipeline.extract once per article; "
                             "the extraction-only figures are not reliable")
        ex_wall = median([run["extract_wall_s"] for run in runs])
        ex_cpu = median([run["extract_cpu_s"] for run in runs])
        bw = median([run["wall_s"] for run in runs])
        bc = median([run["cpu_s"] for run in runs])
        target = "≥ 3,000" if lang == "ar" else ""
        name = "Arabic" if lang == "ar" else "English"
        res.add("a. extraction", f"{name} extraction (ingest.pipeline.extract)", stats.sentences / ex_wall,
                "sentences/s", target, f"CPU-time rate {stats.sentences / ex_cpu:,.0f}/s")
        res.add("a. extraction", f"{name} extraction", stats.articles / ex_wall, "articles/s")
        res.add("a. extraction", f"{name} extraction", stats.bytes / 1e6 / ex_wall, "MB/s")
        res.add("a. extraction", f"{name} end to end (sifara.api.build into a store)", stats.sentences / bw,
                "sentences/s", target, f"CPU-time rate {stats.sentences / bc:,.0f}/s; {bw:.1f}s: {_breakdown(runs)}")
        res.add("a. extraction", f"{name} end to end", stats.articles / bw, "articles/s")
        res.add("a. extraction", f"{name} end to end", stats.bytes / 1e6 / bw, "MB/s")
    warm = [run["lexicon_warmup_s"] for key in ("extraction_ar", "extraction_en")
            for run in res.details.get(key, {}).get("runs", [])]
    if warm:
        res.add("a. extraction", "Lexicon load (first extract call of a process)", median(warm), "s",
                note="excluded from the rates above")


def bench_real(cfg: Config, res: Results) -> None:
    """Extraction rate on the real dev articles (read at run time), in this process."""
    from ingest.articles import read_path
    from ingest.pipeline import extract
    from ingest.text import normalize_text, split_sentences

    shared = default_shared_eval()
    if cfg.real_repeat < 1 or not (shared / "dev").is_dir():
        res.notes.append(f"real dev articles not measured ({shared / 'dev'} not found or --real-repeat 0)")
        return
    _log("a. extraction throughput on the real dev articles")
    for lang in ("ar", "en"):
        arts = [a for p in sorted((shared / "dev" / lang).glob("*.txt")) for a in read_path(str(p))]
        if not arts:
            continue
        for a in arts[:2]:
            extract(a)  # lexicon
        sentences = sum(len(split_sentences(normalize_text(a.text).text)) for a in arts) * cfg.real_repeat
        size = sum(len(a.text.encode("utf-8")) for a in arts) * cfg.real_repeat
        walls = []
        for _ in range(cfg.repeats):
            t = time.perf_counter()
            for _ in range(cfg.real_repeat):
                for a in arts:
                    extract(a)
            walls.append(time.perf_counter() - t)
        name = "Arabic" if lang == "ar" else "English"
        w = median(walls)
        res.add("a. extraction", f"{name} extraction, real dev articles ×{cfg.real_repeat}", sentences / w,
                "sentences/s", note=f"{len(arts)} articles, {sentences // cfg.real_repeat} sentences, "
                                    f"{size / cfg.real_repeat / 1e3:.0f} kB; {size / 1e6 / w:.3f} MB/s")


# --------------------------------------------------------------------------- b, c. jobs and memory


def bench_jobs_memory(cfg: Config, res: Results, main_inputs: list[Path], batch: CorpusFiles) -> Path:
    """``sifara build --jobs 1`` and ``--jobs 2`` on the main corpus; peak memory at both sizes. Returns a store."""
    _log("b, c. sifara build --jobs 1 / --jobs 2, peak memory")
    runs: dict[int, list[ChildRun]] = {1: [], 2: []}
    store = cfg.work / "store-main"
    for r in range(cfg.repeats):
        for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
            out = cfg.work / f"store-jobs{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            run = run_child(sifara_cmd("build", *map(str, main_inputs), "--out", str(out), "--jobs", str(jobs), "-q"))
            runs[jobs].append(run)
            _log(f"  --jobs {jobs}: {run.wall_s:.1f}s wall, {run.cpu_s:.1f}s CPU, {run.maxrss_mib:.0f} MiB")
    shutil.rmtree(store, ignore_errors=True)
    os.replace(cfg.work / "store-jobs1", store)
    w1, w2 = median([r.wall_s for r in runs[1]]), median([r.wall_s for r in runs[2]])
    n = cfg.articles
    res.add("b. parallel build", f"sifara build --jobs 1, {n:,} articles", w1, "s",
            note=f"CPU {median([r.cpu_s for r in runs[1]]):.1f}s; {n / w1:.0f} articles/s")
    res.add("b. parallel build", f"sifara build --jobs 2, {n:,} articles", w2, "s",
            note=f"CPU {median([r.cpu_s for r in runs[2]]):.1f}s (workers included); {n / w2:.0f} articles/s")
    c1, c2 = median([r.cpu_s for r in runs[1]]), median([r.cpu_s for r in runs[2]])
    res.add("b. parallel build", "Speed-up of --jobs 2 over --jobs 1", w1 / w2, "×", "≥ 1.8",
            note=f"on two idle cores the CPU time bounds it at 2 × {c1:.1f}s ÷ {c2:.1f}s = {2 * c1 / c2:.2f}×")
    small = []
    for _ in range(cfg.repeats):
        out = cfg.work / "store-batch"
        shutil.rmtree(out, ignore_errors=True)
        small.append(run_child(sifara_cmd("build", str(batch.articles), "--out", str(out), "-q")))
    m_big, m_small = median([r.maxrss_mib for r in runs[1]]), median([r.maxrss_mib for r in small])
    res.add("c. memory", f"Peak memory, sifara build of {n:,} articles (--jobs 1)", m_big, "MiB", "< 1,024")
    res.add("c. memory", f"Peak memory, sifara build of {batch.n_articles:,} articles", m_small, "MiB")
    res.add("c. memory", f"Growth from {batch.n_articles:,} to {n:,} articles",
            (m_big - m_small) / ((n - batch.n_articles) / 1000), "MiB per 1k articles",
            note=f"×{m_big / m_small:.2f} for ×{n / batch.n_articles:.0f} articles")
    res.add("c. memory", "Peak memory of the largest process, --jobs 2", median([r.maxrss_mib for r in runs[2]]),
            "MiB")
    res.details["jobs"] = {str(k): [asdict(r) | {"stdout": ""} for r in v] for k, v in runs.items()}
    res.details["batch_builds"] = [asdict(r) | {"stdout": ""} for r in small]
    return store


# --------------------------------------------------------------------------- quality


def bench_quality(res: Results, store_dir: Path, golds: dict[str, Path]) -> None:
    """The figures of ``sifara eval`` on the synthetic corpus, per language and overall."""
    from graph.store import Store
    from sifara.evaluation import evaluate

    _log("quality: sifara eval on the synthetic corpus")
    store = Store.open(store_dir, must_exist=True)
    combined = store_dir.parent / "corpus-main.gold.jsonl"
    combined.write_text("".join(p.read_text(encoding="utf-8") for p in golds.values()), encoding="utf-8")
    for key, path in [*golds.items(), ("all", combined)]:
        r = evaluate(store, path)
        missed = Counter(d["missed"].get("frame", "?") for d in r["details"] if "missed" in d)
        spurious = Counter(d["spurious"]["type"] for d in r["details"] if "spurious" in d)
        res.quality[key] = {
            "strict": r["strict"], "loose": r["loose"], "actor_recall": r["actor_recall"],
            "date_accuracy": r["date_accuracy"], "missed_by_frame": dict(missed.most_common(15)),
            "spurious_by_type": dict(spurious.most_common()),
        }
        label = {"ar": "Arabic", "en": "English", "all": "All"}[key]
        o = r["strict"]["overall"]
        res.add("quality", f"{label} synthetic corpus, strict F1 (sifara eval)", o["f1"], "",
                note=f"P {o['precision']:.3f}, R {o['recall']:.3f}; loose F1 {r['loose']['overall']['f1']:.3f}")


# --------------------------------------------------------------------------- d. incremental


def bench_incremental(cfg: Config, res: Results, base_inputs: list[Path], batch: CorpusFiles) -> None:
    """Adding the batch to a built store costs about what the batch costs alone (``sifara.api.build``, timed
    in phases)."""
    _log(f"d. incremental build: {batch.n_articles:,} articles into a store of {cfg.incremental_base:,}")
    base = cfg.work / "store-base"
    shutil.rmtree(base, ignore_errors=True)
    t = time.perf_counter()
    run_child(sifara_cmd("build", *map(str, base_inputs), "--out", str(base), "--jobs", "2", "-q"))
    _log(f"  base store built in {time.perf_counter() - t:.0f}s (--jobs 2, setup only)")
    added, alone = [], []
    for _ in range(cfg.repeats):
        inc = cfg.work / "store-incremental"
        shutil.rmtree(inc, ignore_errors=True)
        shutil.copytree(base, inc)
        added.append(child_build(inc, [batch.articles]))
        fresh = cfg.work / "store-alone"
        shutil.rmtree(fresh, ignore_errors=True)
        alone.append(child_build(fresh, [batch.articles]))
        _log(f"  added {added[-1]['wall_s']:.1f}s, alone {alone[-1]['wall_s']:.1f}s")
    a, b = median([r["wall_s"] for r in added]), median([r["wall_s"] for r in alone])
    base_events = sum(1 for _ in (base / "events.jsonl").open(encoding="utf-8"))
    res.add("d. incremental", f"Add {batch.n_articles:,} articles to a store of {cfg.incremental_base:,}", a, "s",
            note=f"store of {base_events:,} events; {_breakdown(added)}")
    res.add("d. incremental", f"The same {batch.n_articles:,} articles alone", b, "s", note=_breakdown(alone))
    res.add("d. incremental", "Ratio (added ÷ alone)", a / b, "×", "≈ 1")
    res.details["incremental"] = {"base_articles": cfg.incremental_base, "base_events": base_events,
                                  "added": added, "alone": alone}


# --------------------------------------------------------------------------- profile


def bench_profile(cfg: Config, res: Results, ar: CorpusFiles) -> None:
    """cProfile (and optionally pyinstrument) of Arabic extraction over the first articles of the corpus."""
    from ingest.articles import read_path
    from ingest.pipeline import extract

    _log(f"profile: Arabic extraction of {cfg.profile_articles:,} articles")
    arts = []
    for a in read_path(str(ar.articles)):
        arts.append(a)
        if len(arts) >= cfg.profile_articles:
            break
    extract(arts[0])
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for a in arts:
        extract(a)
    prof.disable()
    wall = time.perf_counter() - t
    stats = pstats.Stats(prof)
    entries = stats.stats.values()  # type: ignore[attr-defined]
    total = max(sum(v[2] for v in entries), max((v[3] for v in entries), default=0.0))
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        rel = os.path.relpath(file, REPO) if file.startswith(str(REPO)) else file
        rows.append({"function": f"{rel}:{line}({func})", "calls": nc, "primitive_calls": cc,
                     "self_s": round(tt, 3), "cumulative_s": round(ct, 3),
                     "self_pct": round(100 * tt / total, 1) if total else 0.0,
                     "cumulative_pct": round(100 * ct / total, 1) if total else 0.0})
    by_self = sorted(rows, key=lambda r: -r["self_s"])[:25]
    by_cum = sorted((r for r in rows if r["function"].startswith(("ingest/", "graph/", "sifara/"))),
                    key=lambda r: -r["cumulative_s"])[:25]
    res.profile = {"articles": len(arts), "profiled_wall_s": round(wall, 2), "total_self_s": round(total, 2),
                   "top_self": by_self, "top_cumulative": by_cum}
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(60)
    pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(60)
    (cfg.out / "profile_ar.txt").write_text(text.getvalue(), encoding="utf-8")
    if cfg.pyinstrument:
        try:
            from pyinstrument import Profiler
        except ImportError:
            res.notes.append("pyinstrument is not installed; cProfile only")
            return
        profiler = Profiler(interval=0.001)
        profiler.start()
        for a in arts:
            extract(a)
        profiler.stop()
        (cfg.out / "profile_ar_pyinstrument.txt").write_text(profiler.output_text(unicode=True, show_all=False),
                                                            encoding="utf-8")
        (cfg.out / "profile_ar_pyinstrument.html").write_text(profiler.output_html(), encoding="utf-8")


# --------------------------------------------------------------------------- graphs of a given size


def sized_store(base: Any, n_events: int, start: int = 0) -> Any:
    """A store of exactly ``n_events`` events: the base's (in id order), then copies of them under new ids
    (``<id>~1`` …, with their articles) until there are enough; ``start`` skips that many first ones (the
    graphs of a large size are loaded in slices). Actors are shared."""
    from graph.store import Store

    out = Store(Path(os.devnull))
    out.actors = base.actors
    ids = sorted(base.events)
    if not ids:
        return out
    for i in range(start, start + n_events):
        copy, eid = divmod(i, len(ids))
        suffix = f"~{copy}" if copy else ""
        ev = base.events[ids[eid]]
        mentions = [{**m, "article": m["article"] + suffix} for m in ev.get("mentions") or []]
        new = {**ev, "id": ev["id"] + suffix, "article": ev["article"] + suffix, "mentions": mentions,
               "articles": [a + suffix for a in ev.get("articles") or []]}
        out.events[new["id"]] = new
        for art in {new["article"], *new["articles"], *(m["article"] for m in mentions)}:
            orig = art[: -len(suffix)] if suffix else art
            if art not in out.articles and orig in base.articles:
                out.articles[art] = {**base.articles[orig], "id": art}
    return out


def query_params(store: Any) -> dict[str, str]:
    """Parameter values that hit the data: the most active person and their most frequent partner, their
    countries, the most visited country, the most frequent meeting place and attribution source."""
    per_actor: Counter[str] = Counter()
    partners: dict[str, Counter[str]] = {}
    visited: Counter[str] = Counter()
    places: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    actors = store.actors
    for ev in store.events.values():
        parts = [a for a in {*(ev.get("source") or []), *(ev.get("target") or [])}
                 if (actors.get(a) or {}).get("kind") == "person"]
        per_actor.update(parts)
        for a in parts:
            partners.setdefault(a, Counter()).update(b for b in parts if b != a)
        if ev.get("type") == "visit":
            visited.update(c for t in ev.get("target") or [] if (c := (actors.get(t) or {}).get("country")))
        if ev.get("type") == "meet":
            places.update(ev.get("place") or [])
        sources.update(ev.get("reported_by") or [])
    values: dict[str, str] = {}
    if per_actor:
        a = per_actor.most_common(1)[0][0]
        b = (partners.get(a) or Counter({a: 1})).most_common(1)[0][0]
        values.update(actor=a, a=a, b=b)
        for key, who in (("c1", a), ("c2", b)):
            country = (actors.get(who) or {}).get("country")
            if country:
                values[key] = f"country:{country}"
    if visited:
        values["country"] = visited.most_common(1)[0][0]
    if places:
        values["place"] = places.most_common(1)[0][0]
    if sources:
        values["source"] = sources.most_common(1)[0][0]
    return values


# --------------------------------------------------------------------------- f. query latency


def time_query(run: Callable[[], list[Any]], runs: int, budget_s: float, timeout_s: float | None = None,
               warmup: bool = True) -> dict[str, Any]:
    """Latencies of repeated runs (at least three unless one exceeds ``timeout_s``), within ``budget_s``."""
    from queries.runner import QueryTimeoutError, time_limit

    times: list[float] = []
    rows = None
    try:
        if warmup:
            with time_limit(timeout_s):
                rows = len(run())
        spent = 0.0
        while len(times) < runs and (len(times) < 3 or spent < budget_s):
            t = time.perf_counter()
            with time_limit(timeout_s):
                rows = len(run())
            times.append(time.perf_counter() - t)
            spent += times[-1]
    except QueryTimeoutError:
        return {"status": "timeout", "runs": len(times), "rows": rows, "median_ms": None, "p95_ms": None,
                "timeout_s": timeout_s}
    except Exception as exc:
        return {"status": "error", "error": str(exc).splitlines()[0][:200], "runs": len(times), "rows": rows,
                "median_ms": None, "p95_ms": None}
    return {"status": "ok", "runs": len(times), "rows": rows, "median_ms": round(median(times) * 1000, 2),
            "p95_ms": round(p95(times) * 1000, 2)}


def bench_embedded(cfg: Config, res: Results, base: Any) -> None:
    """Every canned query the embedded backend accepts, at each size, with a timeout per run."""
    from graph.nx import to_networkx
    from queries import list_canned
    from queries.runner import run_embedded

    _log("f. canned queries on the embedded graph (grand-cypher)")
    given_up: dict[str, int] = {}
    for n in cfg.embedded_events:
        store = sized_store(base, n)
        t = time.perf_counter()
        G = to_networkx(store)
        _log(f"  {n:,} events: networkx graph of {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges "
             f"in {time.perf_counter() - t:.1f}s")
        values = query_params(store)
        for q in list_canned():
            row: dict[str, Any] = {"query": q.name, "backend": "embedded", "events": n}
            if "embedded" not in q.backends:
                res.queries.append(row | {"status": "neo4j only"})
                continue
            if q.name in given_up:
                res.queries.append(row | {"status": f"not run (timed out at {given_up[q.name]:,} events)"})
                continue
            params = q.coerce({p.name: values.get(p.name, p.example) for p in q.params})
            measured = time_query(lambda q=q, params=params, G=G: run_embedded(G, q.text, params),
                                  cfg.query_runs, cfg.query_budget_s, cfg.embedded_timeout_s, warmup=False)
            if measured["status"] == "timeout":
                given_up[q.name] = n
            res.queries.append(row | {"params": params} | measured)
            _log(f"    {q.name}: {measured['status']} {measured.get('median_ms')} ms")
        del G


def _neo4j_sh(cfg: Config, *args: str, cwd: Path = REPO) -> str:
    """``scripts/neo4j.sh ARGS`` on the benchmark's instance; its output, or an error with the end of it."""
    env = {**os.environ, "NEO4J_PORT": str(cfg.neo4j_port)}
    done = subprocess.run([str(NEO4J_SH), *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip()[-1500:]
        raise RuntimeError(f"scripts/neo4j.sh {' '.join(args[:2])} failed ({done.returncode}): {tail}")
    return done.stdout


def _neo4j_connect(cfg: Config) -> Any:
    from graph import neo4j as gn

    return gn.connect(cfg.neo4j_uri, os.environ.get("NEO4J_USERNAME", gn.DEFAULT_USER),
                      os.environ.get("NEO4J_PASSWORD", gn.DEFAULT_PASSWORD))


def _slices(n: int, size: int) -> list[tuple[int, int]]:
    """(start, count) of the slices a graph of ``n`` events is loaded in.

    >>> _slices(250, 100)
    [(0, 100), (100, 100), (200, 50)]
    """
    return [(k, min(size, n - k)) for k in range(0, n, size)]


def bench_neo4j(cfg: Config, res: Results, base: Any) -> None:
    """Batched loads and neo4j-admin imports of the same graphs; canned query latency on Neo4j.

    A graph of up to ``cfg.neo4j_slice`` events is loaded whole (``fresh``), ``repeats`` times. A larger one
    is loaded once, in slices of that many events, each merged into what the earlier slices wrote (as daily
    loads would be; the networkx graph of a million events would not fit in memory): the figure is the sum
    of the load times, graph building excluded. Each graph (each slice) is also exported as CSV and imported
    with neo4j-admin from those files (the actors, which every slice holds, written once), as the ceiling.
    """
    from graph import neo4j as gn
    from graph.nx import to_networkx
    from queries import list_canned

    _log(f"e. Neo4j on {cfg.neo4j_uri} (its database is wiped)")
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # "relationship type does not exist" …
    _neo4j_sh(cfg, "start")
    _neo4j_sh(cfg, "wait")
    conn = _neo4j_connect(cfg)
    with contextlib.suppress(Exception):
        v = gn.run_query(conn, "CALL dbms.components() YIELD versions RETURN versions[0] AS v")
        res.machine["neo4j"] = v[0]["v"]
    largest = max(cfg.neo4j_events)
    try:
        for n in sorted(cfg.neo4j_events):
            export = (cfg.work / f"import-{n}").resolve()
            shutil.rmtree(export, ignore_errors=True)
            slices = _slices(n, cfg.neo4j_slice)
            repeats = cfg.repeats if len(slices) == 1 else 1  # a graph in slices is loaded once
            loads: list[float] = []
            exported: list[list[str]] = []  # each slice's neo4j-admin import options
            export_s = 0.0
            edges = repeated = 0
            node_ids: set[str] = set()  # actors, and articles whose events straddle two slices, recur
            gn.clear(conn)
            for k, (start, count) in enumerate(slices):
                G = to_networkx(sized_store(base, count, start))
                repeated += sum(1 for node in G if node in node_ids)
                node_ids.update(G.nodes)
                edges += G.number_of_edges() - (_shared_relationships(G) if k else 0)
                for run in range(repeats):
                    if run:
                        gn.clear(conn)
                    t = time.perf_counter()
                    report = gn.load_graph(G, conn, fresh=k == 0)
                    loads.append(time.perf_counter() - t)
                    _log(f"  load_graph {start + count:,} of {n:,} events: {loads[-1]:.1f}s")
                t = time.perf_counter()
                exported.append(gn.export_import_csv(G, export / f"slice-{k}")["args"])
                export_s += time.perf_counter() - t
                del G
            nodes = len(node_ids)
            if len(slices) == 1:
                w = median(loads)
                how = f"fresh load, runs {', '.join(f'{x:.1f}' for x in loads)} s"
            else:
                w = sum(loads)
                how = (f"{len(loads)} loads of {cfg.neo4j_slice:,} events into the growing database, "
                       f"{min(loads):.1f}–{max(loads):.1f} s each, {w:.0f} s in all")
            res.add("e. Neo4j", f"load_graph (batched), {n:,} events", n / w, "events/s", "≥ 25,000",
                    note=f"{(nodes + edges) / w:,.0f} rows/s ({nodes:,} nodes + {edges:,} relationships); {how}")
            res.details[f"neo4j_load_{n}"] = {"seconds": loads, "report": report, "rows": nodes + edges}
            in_db = gn.counts(conn)
            stored = (sum(in_db["nodes"].get(lb, 0) for lb in gn.PRIMARY_LABELS),
                      sum(in_db["relationships"].values()))
            if stored != (nodes, edges):
                res.errors.append(f"Neo4j at {n:,} events holds {stored} nodes and relationships, "
                                  f"expected {(nodes, edges)}")
            bench_neo4j_queries(cfg, res, conn, sized_store(base, min(n, cfg.neo4j_slice)), n, list_canned(),
                                page=PAGE_ROWS if n == largest else 0)
            conn.close()
            bench_admin_import(cfg, res, export, exported, n, w, export_s, stored, repeated)
            conn = _neo4j_connect(cfg)
    finally:
        conn.close()


SHARED_REL_TYPES = ("HOLDS_ROLE", "MEMBER_OF")  # between two actors, from the actor records: in every slice


def _shared_relationships(G: Any) -> int:
    """The roles and memberships between actors, which every slice's graph holds."""
    return sum(1 for _, _, labels in G.edges(data="__labels__") if set(labels) & set(SHARED_REL_TYPES))


def bench_neo4j_queries(cfg: Config, res: Results, conn: Any, store: Any, n: int, canned: list[Any],
                        page: int = 0) -> None:
    """Every canned query on the loaded graph; parameters that hit the data (the slices are copies: the same
    actors are the most active in one slice and in all)."""
    from graph.neo4j import run_query

    values = query_params(store)
    for q in canned:
        params = q.coerce({p.name: values.get(p.name, p.example) for p in q.params})
        text = q.text_for("neo4j")
        measured = time_query(lambda text=text, params=params: run_query(conn, text, params, timeout=60),
                              cfg.query_runs, cfg.query_budget_s)
        res.queries.append({"query": q.name, "backend": "neo4j", "events": n, "params": params} | measured)
        _log(f"    neo4j {q.name}: {measured['status']} {measured.get('median_ms')} ms ({measured.get('rows')} rows)")
        if page and (measured.get("rows") or 0) > page and not re.search(r"\bLIMIT\b", text, re.IGNORECASE):
            # What a client that pages sees: the same query with its first page only (the server still finds
            # and orders every match, but sends one page).
            paged = f"{text.rstrip()}\nLIMIT {page}"
            first = time_query(lambda paged=paged, params=params: run_query(conn, paged, params, timeout=60),
                               cfg.query_runs, cfg.query_budget_s)
            res.queries.append({"query": q.name, "backend": f"neo4j, first {page} rows", "events": n,
                                "params": params} | first)
            _log(f"    neo4j {q.name}, first {page} rows: {first['status']} {first.get('median_ms')} ms")


def bench_admin_import(cfg: Config, res: Results, folder: Path, exported: list[list[str]], n: int,
                       batched_s: float, export_s: float, expected: tuple[int, int], repeated: int = 0) -> None:
    """``scripts/neo4j.sh import-tool`` (server stopped) of the slices' CSV files, as the load ceiling.

    ``exported`` holds each slice's import options (``export_import_csv(...)["args"]``). The ``repeated``
    nodes that several slices hold (the actors, articles whose events straddle two slices) are skipped by
    the tool, which counts each as a bad entry; the actors' roles are taken from the first slice only."""
    from graph import neo4j as gn

    args = ["--skip-duplicate-nodes=true", f"--bad-tolerance={repeated}"] if repeated else []
    for k, slice_args in enumerate(exported):
        for arg in slice_args:
            if arg.startswith("--nodes="):
                args.append(arg)
            elif arg.startswith("--relationships="):
                if k == 0 or not any(arg.endswith(f"/rels_{t}.csv") for t in SHARED_REL_TYPES):
                    args.append(arg)
            elif k == 0:  # the options, the same for every slice
                args.append(arg)
    imports = []
    try:
        for _ in range(cfg.neo4j_repeats):
            _neo4j_sh(cfg, "stop")
            t = time.perf_counter()
            _neo4j_sh(cfg, "import-tool", "neo4j", "--overwrite-destination", *args, cwd=folder)
            imports.append(time.perf_counter() - t)
            _log(f"  neo4j-admin import of {n:,} events: {imports[-1]:.1f}s (export {export_s:.1f}s)")
    finally:
        _neo4j_sh(cfg, "start")
        _neo4j_sh(cfg, "wait")
    with contextlib.closing(_neo4j_connect(cfg)) as conn:
        in_db = gn.counts(conn)
    imported = (sum(in_db["nodes"].get(lb, 0) for lb in gn.PRIMARY_LABELS), sum(in_db["relationships"].values()))
    if imported != expected:
        res.errors.append(f"neo4j-admin import of {n:,} events gave {imported} nodes and relationships, "
                          f"the batched load {expected}")
    w = median(imports)
    res.add("e. Neo4j", f"neo4j-admin import (ceiling), {n:,} events", n / w, "events/s",
            note=f"import tool {w:.1f}s including its JVM start; with the CSV export ({export_s:.1f}s): "
                 f"{n / (w + export_s):,.0f} events/s")
    res.add("e. Neo4j", f"Batched load ÷ import ceiling, {n:,} events", (n / batched_s) / (n / w), "×", "≥ 0.33",
            note=f"against import + export: {(n / batched_s) / (n / (w + export_s)):.2f}×")
    res.details[f"neo4j_import_{n}"] = {"export_s": export_s, "import_s": imports}


# --------------------------------------------------------------------------- report


def summarize_queries(res: Results) -> None:
    """Where the embedded backend stops being usable (a p95 above a second, or a timeout), as figures."""
    emb = [q for q in res.queries if q["backend"] == "embedded" and q.get("status") != "neo4j only"]
    sizes = sorted({q["events"] for q in emb})
    first_any = first_most = None
    for n in sizes:
        at = [q for q in emb if q["events"] == n]
        failing = sorted(q["query"] for q in at if q.get("status") == "error")
        runnable = [q for q in at if q.get("status") != "error"]
        slow = sorted(q["query"] for q in runnable
                      if q.get("status") != "ok" or (q.get("p95_ms") or 0) > USABLE_P95_S * 1000)
        if slow and first_any is None:
            first_any = n
        if runnable and len(slow) * 2 > len(runnable) and first_most is None:
            first_most = n
        note = "; ".join(part for part in (slow and "too slow: " + ", ".join(slow),
                                            failing and "failing: " + ", ".join(failing)) if part)
        res.add("f. queries", f"Embedded queries usable (p95 ≤ {USABLE_P95_S:.0f} s) at {n:,} events",
                f"{len(runnable) - len(slow)} of {len(at)}", "queries", note=note)
    if sizes:
        res.add("f. queries", "Embedded backend: first size where a query is unusable",
                f"{first_any:,}" if first_any else f"> {sizes[-1]:,}", "events")
        res.add("f. queries", "Embedded backend: first size where most queries are unusable",
                f"{first_most:,}" if first_most else f"> {sizes[-1]:,}", "events")


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v).replace("|", "\\|")


def to_markdown(res: Results) -> str:
    m = res.machine
    lines = [
        "# Sifara benchmarks",
        "",
        f"Machine: {m.get('cores')} cores ({m.get('cores_usable')} usable), {m.get('cpu_model')}, "
        f"{m.get('memory_gib')} GiB; Python {m.get('python')}; Neo4j {m.get('neo4j', '—')}; "
        f"date {m.get('date')}; commit {m.get('commit', '?')}{' (uncommitted changes)' if m.get('dirty') else ''}.",
        f"Load average at start {m.get('load_average_start')}, at end {m.get('load_average_end')}; "
        f"mode {res.config.get('mode')}, {res.config.get('repeats')} repetition(s), medians; "
        f"run took {m.get('duration_s', '?')} s.",
        "",
        "| Section | Figure | Value | Unit | Target | Note |",
        "|---|---|---:|---|---|---|",
    ]
    for f in res.figures:
        lines.append(f"| {f.section} | {_cell(f.figure)} | {_cell(f.value)} | {f.unit} | {f.target} | {_cell(f.note)} |")
    if res.queries:
        lines += ["", "## Canned query latency (ms: median / p95, and the rows returned)", ""]
        cols = sorted({(q["backend"], q["events"]) for q in res.queries})
        lines.append("| Query | " + " | ".join(f"{b} {n:,}" for b, n in cols) + " |")
        lines.append("|---|" + "---:|" * len(cols))
        for name in sorted({q["query"] for q in res.queries}):
            cells = []
            for b, n in cols:
                q = next((x for x in res.queries if x["query"] == name and x["backend"] == b and x["events"] == n),
                         None)
                if q is None:
                    cells.append("")
                elif q.get("status") == "ok":
                    cells.append(f"{q['median_ms']:,.1f} / {q['p95_ms']:,.1f} ({q.get('rows') or 0:,} rows)")
                elif q.get("status") == "timeout":
                    cells.append(f"> {q.get('timeout_s')} s")
                elif q.get("status") == "error":
                    cells.append("error")
                else:
                    cells.append(str(q.get("status")))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        errors = sorted({(q["query"], q["backend"], q.get("error", "")) for q in res.queries if q.get("status") == "error"})
        for name, backend, err in errors:
            lines.append(f"\n- {name} on {backend}: {err}")
    if res.quality:
        lines += ["", "## Extraction quality on the synthetic corpus (strict; `sifara eval`)", "",
                  "| Set | P | R | F1 | loose F1 | actor recall | date accuracy |", "|---|---:|---:|---:|---:|---:|---:|"]
        for key, q in res.quality.items():
            o = q["strict"]["overall"]
            lines.append(f"| {key} | {o['precision']:.3f} | {o['recall']:.3f} | {o['f1']:.3f} | "
                         f"{q['loose']['overall']['f1']:.3f} | {q['actor_recall']:.3f} | {q['date_accuracy']:.3f} |")
        per_type = res.quality.get("all", {}).get("strict", {}).get("per_type", {})
        if per_type:
            lines += ["", "| Type | tp | fp | fn | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
            for t, c in sorted(per_type.items()):
                lines.append(f"| {t} | {c['tp']} | {c['fp']} | {c['fn']} | {c['precision']:.2f} | {c['recall']:.2f} "
                             f"| {c['f1']:.2f} |")
        missed = res.quality.get("all", {}).get("missed_by_frame", {})
        if missed:
            lines += ["", "Most missed frames (rule:trigger form → missed gold events): "
                      + "; ".join(f"`{k}` {v}" for k, v in missed.items())]
    if res.profile:
        p = res.profile
        lines += ["", f"## Profile: Arabic extraction of {p['articles']:,} articles (cProfile, "
                      f"{p['profiled_wall_s']} s profiled)", "",
                  "| Function | calls | self s | self % | cumulative s | cumulative % |", "|---|---:|---:|---:|---:|---:|"]
        for r in p["top_self"][:15]:
            lines.append(f"| `{r['function']}` | {r['calls']:,} | {r['self_s']} | {r['self_pct']} | {r['cumulative_s']} "
                         f"| {r['cumulative_pct']} |")
        lines += ["", "By cumulative time (project functions):", "",
                  "| Function | calls | cumulative s | cumulative % |", "|---|---:|---:|---:|"]
        for r in p["top_cumulative"][:15]:
            lines.append(f"| `{r['function']}` | {r['calls']:,} | {r['cumulative_s']} | {r['cumulative_pct']} |")
    if res.notes or res.errors:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in res.notes] + [f"- **error**: {e}" for e in res.errors]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def run_all(cfg: Config) -> Results:
    """Every benchmark of the configuration; results are written after each section."""
    from graph.store import Store

    cfg.work.mkdir(parents=True, exist_ok=True)
    res = Results(config={k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()},
                  machine=machine_info())
    started = time.perf_counter()
    half = cfg.articles // 2
    ar = corpus(cfg, "main-ar", half, ("ar",))
    en = corpus(cfg, "main-en", cfg.articles - half, ("en",))
    extra = corpus(cfg, "base-extra", max(0, cfg.incremental_base - cfg.articles), ("ar", "en"), start=cfg.articles)
    batch = corpus(cfg, "batch", cfg.batch, ("ar", "en"), start=10 * max(cfg.incremental_base, cfg.articles))
    if cfg.incremental_base < 100_000:
        res.notes.append(f"incremental build: a store of {cfg.incremental_base:,} articles stands in for 100k, "
                         "whose build does not fit the time budget (--incremental-base 100000 to run it)")
    if cfg.neo4j and max(cfg.neo4j_events) < 1_000_000:
        res.notes.append(f"Neo4j: largest graph {max(cfg.neo4j_events):,} events, not 1M "
                         "(--neo4j-events 10000,100000,1000000 to run it)")
    res.notes.append("graphs of a given number of events are the main store's events in id order, copied under "
                     "new ids (<id>~k) when more are needed; actors are shared")

    state: dict[str, Path] = {}

    def main_store() -> Path:
        """The store of the main corpus: written by section bc, or built here when bc is not run."""
        if "store" not in state:
            store = cfg.work / "store-main"
            if not (store / "events.jsonl").is_file():
                run_child(sifara_cmd("build", str(ar.articles), str(en.articles), "--out", str(store), "--jobs", "2",
                                     "-q"))
            state["store"] = store
        return state["store"]

    inputs = [ar.articles, en.articles] + ([extra.articles] if extra.n_articles else [])
    sections: list[tuple[str, Callable[[], Any]]] = [
        ("a", lambda: bench_extraction(cfg, res, {"ar": ar, "en": en})),
        ("a-real", lambda: bench_real(cfg, res)),
        ("bc", lambda: state.setdefault("store", bench_jobs_memory(cfg, res, [ar.articles, en.articles], batch))),
        ("quality", lambda: bench_quality(res, main_store(), {"ar": ar.gold, "en": en.gold})),
        ("d", lambda: bench_incremental(cfg, res, inputs, batch)),
        ("profile", lambda: bench_profile(cfg, res, ar)),
        ("f-embedded", lambda: bench_embedded(cfg, res, Store.open(main_store(), must_exist=True))),
    ]
    if cfg.neo4j:
        sections.append(("e-neo4j", lambda: bench_neo4j(cfg, res, Store.open(main_store(), must_exist=True))))
    for name, section in sections:
        if cfg.only and name not in cfg.only:
            continue
        try:
            section()
        except Exception as exc:
            res.errors.append(f"{name}: {type(exc).__name__}: {str(exc).strip()[:500]}")
            _log(f"section {name} failed: {exc}")
        res.write(cfg.out)
    summarize_queries(res)
    res.machine["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    res.machine["duration_s"] = round(time.perf_counter() - started)
    res.write(cfg.out)
    return res


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child-build"]:
        p = argparse.ArgumentParser(prog="benchmarks.run _child-build")
        p.add_argument("--out", required=True)
        p.add_argument("--jobs", type=int, default=1)
        p.add_argument("inputs", nargs="+")
        a = p.parse_args(argv[1:])
        print(json.dumps(_child_build(a.out, a.inputs, a.jobs)))
        return
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repetitions (a few minutes)")
    parser.add_argument("--out", type=Path, default=REPO / "bench", help="results folder (default bench/)")
    parser.add_argument("--no-neo4j", action="store_true", help="skip the Neo4j parts")
    parser.add_argument("--neo4j-port", type=int, default=int(os.environ.get("BENCH_NEO4J_PORT", "7697")),
                        help="Bolt port of the benchmark's own Neo4j instance (wiped!); default $BENCH_NEO4J_PORT "
                             "or 7697")
    parser.add_argument("--articles", type=int, help="main corpus size (half Arabic, half English)")
    parser.add_argument("--incremental-base", type=int, help="store size for the incremental build")
    parser.add_argument("--neo4j-events", help="comma-separated graph sizes for Neo4j, e.g. 10000,100000")
    parser.add_argument("--neo4j-slice", type=int, help="graphs larger than this many events are loaded in "
                                                          "slices of it (default 100000)")
    parser.add_argument("--repeats", type=int, help="repetitions per figure")
    parser.add_argument("--pyinstrument", action="store_true", help="also profile with pyinstrument")
    parser.add_argument("--only", help="comma-separated sections to run: a, a-real, bc, quality, d, profile, "
                                       "f-embedded, e-neo4j (default: all)")
    a = parser.parse_args(argv)
    over: dict[str, Any] = {"out": a.out, "neo4j": not a.no_neo4j, "neo4j_port": a.neo4j_port,
                            "pyinstrument": a.pyinstrument}
    if a.neo4j_port in (7687, 7688) and not a.no_neo4j:
        parser.error(f"port {a.neo4j_port} is the shared test server's; the benchmark wipes its database "
                     "(use its own instance, e.g. --neo4j-port 7697)")
    for key in ("articles", "incremental_base", "repeats", "neo4j_slice"):
        if getattr(a, key) is not None:
            over[key] = getattr(a, key)
    if a.only:
        over["only"] = tuple(x.strip() for x in a.only.split(",") if x.strip())
    if a.neo4j_events:
        over["neo4j_events"] = tuple(int(x) for x in a.neo4j_events.split(","))
    over["out"] = Path(a.out).resolve()
    cfg = Config.preset("quick" if a.quick else "full", **over)
    res = run_all(cfg)
    print((cfg.out / "results.md").read_text(encoding="utf-8"))
    if res.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
