"""Hostile input through the whole build: odd encodings of Arabic, huge and countless articles.

Byte-level problems (binary files, bad UTF-8, CP1256, broken JSONL lines, malformed
front matter, HTML without text) are tested where they are read, in
tests/ingest/test_articles.py; here each input goes through ``sifara build``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from graph.store import Store
from ingest.articles import read_path
from ingest.model import Article
from ingest.pipeline import MAX_PART_CHARS, extract
from sifara.api import build

SAMPLES = Path(__file__).resolve().parents[2] / "sifara" / "data" / "sample"
SOAK = os.environ.get("SIFARA_SOAK") == "1"


def _sample(name: str) -> Article:
    return next(iter(read_path(SAMPLES / name, None, None)))


def _isolated_forms() -> dict[str, str]:
    """Each Arabic letter → its isolated presentation form (U+FE70–U+FEFF), as old PDFs and web pages write them."""
    forms: dict[str, str] = {}
    for cp in range(0xFE70, 0xFEFF):
        name = unicodedata.name(chr(cp), "")
        base = unicodedata.normalize("NFKC", chr(cp))
        if "ISOLATED" in name and len(base) == 1:
            forms.setdefault(base, chr(cp))
    return forms


def _event_keys(article: Article) -> set[tuple[str, str, str | None]]:
    return {(e.id, e.type, e.date) for e in extract(article).events}


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("ar-*.txt")))
def test_presentation_forms_and_invisible_characters_give_the_same_events(name: str) -> None:
    article = _sample(name)
    expected = _event_keys(article)
    assert expected, f"{name}: the sample should have events"
    forms = _isolated_forms()
    presentation = "".join(forms.get(ch, ch) for ch in article.text)
    assert presentation != article.text
    # right-to-left marks, embeddings and isolates, zero-width (non-)joiners, tatweel
    invisible = ("\u200f" + article.text.replace(" ", " \u200c\u202b").replace("ال", "\u0640ال\u200d")
                 .replace("،", "\u2067،\u2069") + "\u202c")
    assert _event_keys(replace(article, text=presentation)) == expected
    assert _event_keys(replace(article, text=invisible)) == expected


def test_mixed_scripts_keep_the_arabic_events() -> None:
    article = _sample("ar-02-erdogan-jeddah.txt")
    dated = {k for k in _event_keys(article) if k[2]}
    assert dated
    # Latin names in parentheses, other scripts after commas (a clause-level cue can change; the dated events stay)
    mixed = article.text.replace("أردوغان", "أردوغان (Recep Tayyip Erdoğan) ").replace("،", "، 中文 Ελληνικά ")
    assert _event_keys(replace(article, text=mixed)) >= dated


def _long_single_line(chars: int, dense: bool) -> str:
    """One line of ``chars`` characters: the sample articles over and over, or filler with a few of them."""
    bodies = [" ".join(_sample(p.name).text.split()) for p in sorted(SAMPLES.glob("ar-*.txt"))]
    if dense:
        unit = " ".join(bodies)
    else:  # a scraped page: navigation and boilerplate, and now and then a news paragraph
        filler = "اقرأ أيضا الصفحة الرئيسية اتصل بنا سياسة الخصوصية جميع الحقوق محفوظة " * 40
        unit = filler + bodies[0] + " " + filler
    text = (unit + " ") * (chars // (len(unit) + 1) + 1)
    return text[:chars]


def test_a_10_mb_single_line_article_is_read_in_parts(tmp_path: Path) -> None:
    text = _long_single_line(10_000_000, dense=SOAK)  # dense: every sentence an event (slow, soak only)
    path = tmp_path / "page.txt"
    path.write_text("---\npublished: 2023-04-07\nlanguage: ar\n---\n" + text, encoding="utf-8")
    kg = build([str(path)], out=tmp_path / "store")
    record = kg.store.articles["page"]
    assert record["chars"] == len(text)
    assert any("read in" in w and "parts" in w for w in record["warnings"])
    events = kg.store.events
    assert events, "the news paragraphs in the page should give events"
    for ev in events.values():
        for m in ev["mentions"]:
            assert text[m["start"] : m["end"]] == m["evidence"]
    # the same event told once per paragraph is one event with many mentions, not many events
    assert len(events) < 20
    assert max(ev["n_mentions"] for ev in events.values()) > 10


def test_parts_of_a_long_article_cover_it_exactly() -> None:
    from ingest.pipeline import split_parts

    text = _long_single_line(3 * MAX_PART_CHARS + 123, dense=True)
    parts = split_parts(text, MAX_PART_CHARS)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= MAX_PART_CHARS for _, p in parts)
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]
    unbroken = "x" * (2 * MAX_PART_CHARS + 5)
    assert [len(p) for _, p in split_parts(unbroken, MAX_PART_CHARS)] == [MAX_PART_CHARS, MAX_PART_CHARS, 5]


def test_offsets_of_a_long_article_point_at_their_evidence() -> None:
    article = _sample("ar-01-saudi-iran-beijing.txt")
    long_text = "\n\n".join([article.text] * (2 * MAX_PART_CHARS // len(article.text) + 2))
    x = extract(replace(article, text=long_text))
    assert any("parts" in w for w in x.warnings)
    starts = {e.start for e in x.events}
    assert max(starts) > MAX_PART_CHARS
    for ev in x.events:
        assert long_text[ev.start : ev.end] == ev.evidence
    assert {e.id for e in x.events} == {e.id for e in extract(article).events}


def test_100k_tiny_articles_build_in_one_go(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    n = 100_000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"خبر قصير رقم {i}." if i % 2 else f"Short item {i}."
            fh.write(json.dumps({"id": f"t{i}", "text": text, "published": "2024-05-02"}, ensure_ascii=False) + "\n")
        # and one real event among them
        fh.write(json.dumps({"id": "real", "published": "2024-05-02", "language": "en",
                             "text": "Russian President Vladimir Putin received Turkish President Recep Tayyip "
                                     "Erdogan in Moscow on Monday."}) + "\n")
    out = tmp_path / "store"
    done = subprocess.run([sys.executable, "-m", "sifara.cli", "build", str(path), "--out", str(out), "-q"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    store = Store.open(out, must_exist=True)
    assert len(store.articles) == n + 1
    assert store.events
    assert {a for e in store.events.values() for a in e["articles"]} == {"real"}


def test_run_on_text_is_cut_into_sentences_at_spaces() -> None:
    from ingest.text import MAX_SENTENCE_CHARS, split_sentences

    text = "كلمة بلا ترقيم " * 1000 + "x" * (3 * MAX_SENTENCE_CHARS)
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    words = [w for s in sentences for w in s.text.split()]
    assert "".join(words) == "".join(text.split())  # nothing lost, nothing repeated
    assert [s.index for s in sentences] == list(range(len(sentences)))


@pytest.mark.skipif(not SOAK, reason="soak only (SIFARA_SOAK=1): 10 MB of unpunctuated event sentences")
def test_a_10_mb_unpunctuated_article_finishes(tmp_path: Path) -> None:
    import re

    text = re.sub(r"[.،,؛:!؟?()\-/]", " ", _long_single_line(10_000_000, dense=True))
    path = tmp_path / "page.txt"
    path.write_text("---\npublished: 2023-04-07\nlanguage: ar\n---\n" + text, encoding="utf-8")
    kg = build([str(path)], out=tmp_path / "store")
    assert kg.store.articles["page"]["chars"] == len(text)
