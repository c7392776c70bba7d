"""The benchmark code on a tiny corpus, so that it cannot rot (no Neo4j; a few seconds)."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.corpus import FILLERS, generate, make_article, write_corpus
from graph.store import Store
from ingest.model import Article
from ingest.pipeline import extract
from sifara.evaluation import TYPES

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_articles_are_deterministic_and_independent_of_the_slice() -> None:
    assert make_article(7, "ar") == make_article(7, "ar")
    assert [r for r, _ in generate(3, start=5)] == [make_article(i, ("ar", "en")[i % 2])[0] for i in range(5, 8)]
    assert make_article(7, "ar", seed=1) != make_article(7, "ar", seed=2)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_gold_records_follow_the_gold_format(lang: str) -> None:
    for i in range(30):
        record, gold = make_article(i, lang)
        assert gold["article"] == record["id"] and gold["language"] == record["language"] == lang
        assert record["published"] == gold["published"] and record["text"].strip()
        assert gold["events"], record["text"]
        for ev in gold["events"]:
            assert ev["type"] in TYPES
            assert ev["date"] is None or ISO.match(ev["date"])
            assert ev["date"] is None or ev["date"] <= record["published"]
            for slot in ev["source"] + ev["target"]:
                for key in slot if isinstance(slot, list) else [slot]:
                    assert key in gold["actors"] and gold["actors"][key]["names"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_filler_sentences_hold_no_event(lang: str) -> None:
    text = "\n".join(FILLERS[lang])
    found = extract(Article(id="filler", text=text, language=lang, published=date(2024, 5, 2)))
    assert found.events == []


def test_write_corpus(tmp_path: Path) -> None:
    files = write_corpus(tmp_path, 6, name="c")
    lines = files.articles.read_text(encoding="utf-8").splitlines()
    gold = files.gold.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(gold) == files.n_articles == 6
    assert files.by_language == {"ar": 3, "en": 3} and files.n_bytes > 0
    assert [json.loads(x)["id"] for x in lines] == [json.loads(g)["article"] for g in gold]


def test_child_build_reports_its_timings(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 6, name="c")
    out = tmp_path / "store"
    report = run.child_build(out, [files.articles])
    assert report["extract_calls"] == report["articles"] == 6
    assert 0 < report["extract_wall_s"] <= report["wall_s"] <= report["process_wall_s"]
    assert report["store_open_s"] > 0 and report["store_add_s"] > 0 and report["store_save_s"] > 0
    assert report["process_maxrss_mib"] > 10
    assert (out / "events.jsonl").is_file()


def test_run_child_measures_that_child_alone() -> None:
    child = run.run_child([sys.executable, "-c", "x = bytearray(80_000_000); print(len(x))"])
    assert child.stdout.strip() == "80000000" and child.maxrss_mib > 70 and child.cpu_s > 0
    with pytest.raises(RuntimeError, match="failed"):
        run.run_child([sys.executable, "-c", "raise SystemExit(3)"])


def test_sections_on_a_tiny_corpus(tmp_path: Path) -> None:
    cfg = run.Config.preset("tiny", out=tmp_path, articles=8, profile_articles=3, embedded_events=(25,))
    ar = run.corpus(cfg, "ar", 4, ("ar",))
    en = run.corpus(cfg, "en", 4, ("en",))
    assert run.corpus(cfg, "ar", 4, ("ar",)) == ar  # reused, not regenerated
    import sifara

    store_dir = cfg.work / "store"
    sifara.build([str(ar.articles), str(en.articles)], out=store_dir)
    res = run.Results(config={"mode": "tiny", "repeats": 1}, machine=run.machine_info())
    run.bench_quality(res, store_dir, {"ar": ar.gold, "en": en.gold})
    assert set(res.quality) == {"ar", "en", "all"}
    run.bench_profile(cfg, res, ar)
    assert res.profile["articles"] == 3 and res.profile["top_self"]

    store = Store.open(store_dir, must_exist=True)
    bigger = run.sized_store(store, 2 * len(store.events) + 1)
    assert len(bigger.events) == 2 * len(store.events) + 1
    assert all(m["article"] in bigger.articles for e in bigger.events.values() for m in e["mentions"])
    assert set(run.query_params(store)) >= {"actor", "a", "b"}

    run.bench_embedded(cfg, res, store)
    assert {q["status"] for q in res.queries} & {"ok"}
    run.summarize_queries(res)
    json_path, md_path = res.write(tmp_path)
    assert json.loads(json_path.read_text())["figures"]
    assert "| Section | Figure |" in md_path.read_text()


def _spin() -> list[int]:
    n = 0
    while True:  # stopped by the alarm
        n += 1


def test_percentiles_and_timeouts() -> None:
    assert run.median([3, 1, 2]) == 2 and run.p95(list(range(1, 101))) == 95
    slow = run.time_query(_spin, runs=3, budget_s=1, timeout_s=0.05, warmup=False)
    assert slow["status"] == "timeout"
    fast = run.time_query(lambda: [1, 2], runs=5, budget_s=1, timeout_s=5)
    assert fast["status"] == "ok" and fast["rows"] == 2 and fast["runs"] >= 3
