"""The canonical store: deterministic files, idempotent and order-free merging, atomic writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.store import FILES, Store
from ingest.errors import StoreError
from ingest.events import assign_event_id
from ingest.model import Actor, Article, Event, Extraction


def _event(article: str, etype: str, source: list[str], target: list[str], day: str | None, start: int = 0) -> Event:
    ev = Event(type=etype, source=source, target=target, date=day, date_precision="day" if day else None,
               article=article, evidence=f"evidence of {etype} in {article}", sentence=0, start=start, end=start + 10,
               rule="test", trigger="t")
    ev.id = assign_event_id(ev)
    return ev


def _extraction(article: str, events: list[Event]) -> Extraction:
    actors = [Actor(id=a, name=a.upper(), kind="person", names=[a]) for a in sorted({x for e in events for x in e.source + e.target})]
    return Extraction(Article(id=article, text="text", language="en", published=date(2025, 2, 13)), actors, events)


A = _extraction("a", [_event("a", "call", ["putin"], ["sharaa"], "2025-02-12"),
                      _event("a", "statement", ["putin"], [], None, start=20)])
B = _extraction("b", [_event("b", "call", ["sharaa"], ["putin"], "2025-02-12", start=5),
                      _event("b", "visit", ["lavrov"], ["syria"], "2025-01-28")])


def _files(folder: Path) -> dict[str, bytes]:
    return {f: (folder / f).read_bytes() for f in FILES}


@pytest.mark.parametrize("batches", [[A, B]])
def test_store_same_input_byte_identical(tmp_path: Path, batches):
    for name in ("one", "two"):
        s = Store.open(tmp_path / name)
        s.add(batches)
        s.save()
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


@pytest.mark.parametrize("order", [("AB",), ("A", "B"), ("B", "A"), ("A", "AB"), ("AB", "AB")])
def test_store_incremental_equals_one_shot(tmp_path: Path, order):
    batches = {"A": [A], "B": [B], "AB": [A, B]}
    ref = Store.open(tmp_path / "ref")
    ref.add([A, B])
    ref.save()
    s = tmp_path / "inc"
    for step in order:
        st = Store.open(s)
        st.add(batches[step])
        st.save()
    assert _files(s) == _files(tmp_path / "ref")


def test_store_same_event_two_articles_one_event_two_mentions(tmp_path: Path):
    s = Store.open(tmp_path)
    s.add([A, B])
    calls = [e for e in s.events.values() if e["type"] == "call"]
    assert len(calls) == 1
    assert calls[0]["articles"] == ["a", "b"] and len(calls[0]["mentions"]) == 2


def test_store_undated_events_never_merge_across_articles():
    a = _event("a", "statement", ["putin"], [], None)
    b = _event("b", "statement", ["putin"], [], None)
    assert a.id != b.id


@pytest.mark.parametrize("fail_after", ["articles.jsonl", "actors.jsonl", "events.jsonl"])
def test_store_interrupted_write_keeps_previous(tmp_path: Path, fail_after):
    s = Store.open(tmp_path)
    s.add([A])
    s.save()
    before = _files(tmp_path)
    s2 = Store.open(tmp_path)
    s2.add([B])
    with pytest.raises(OSError, match="injected"):
        s2.save(fail_after=fail_after)
    s3 = Store.open(tmp_path)  # recovery discards the uncommitted write
    assert _files(tmp_path) == before and len(s3.events) == 2


def test_store_interrupted_after_commit_rolls_forward(tmp_path: Path):
    s = Store.open(tmp_path)
    s.add([A])
    with pytest.raises(OSError):
        s.save(fail_after="COMMITTED")
    Store.open(tmp_path)
    ref = Store.open(tmp_path / "ref")
    ref.add([A])
    ref.save()
    assert _files(tmp_path) == _files(tmp_path / "ref")


def test_store_corrupt_line_is_reported(tmp_path: Path):
    s = Store.open(tmp_path)
    s.add([A])
    s.save()
    (tmp_path / "events.jsonl").write_text('{"id": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(StoreError, match=r"events.jsonl:2: corrupt store line"):
        Store.open(tmp_path)


def test_store_contract_fields(tmp_path: Path):
    s = Store.open(tmp_path)
    s.add([A, B])
    s.save()
    for ev in Store.open(tmp_path).events.values():
        assert {"id", "type", "source", "target", "date", "date_precision", "article", "evidence"} <= set(ev)
    for actor in Store.open(tmp_path).actors.values():
        assert {"id", "name", "kind", "names", "members"} <= set(actor)
