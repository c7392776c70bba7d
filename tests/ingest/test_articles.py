"""Reading inputs: .txt with front matter, .jsonl, .html, stdin; and their errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.articles import decode_bytes, expand_inputs, parse_front_matter, read_articles, read_path
from ingest.errors import InputError


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_articles_txt_front_matter_read(write_article, lang):
    body = "قال الوزير إن المحادثات مثمرة." if lang == "ar" else "The minister said the talks were useful."
    path = write_article("a1.txt", body, title="T", url="http://x", publisher="P", section="world")
    [art] = list(read_articles([str(path)]))
    assert art.id == "a1" and art.language == lang and art.published == date(2025, 2, 13)
    assert art.title == "T" and art.publisher == "P" and art.url == "http://x"
    assert art.meta == {"section": "world"}


@pytest.mark.parametrize("override", [("2020-01-05", "en")])
def test_articles_overrides_win(write_article, override):
    path = write_article("a.txt", "قال الوزير", published="2025-02-13", language="ar")
    [art] = list(read_articles([str(path)], published=date.fromisoformat(override[0]), lang=override[1]))
    assert art.published == date(2020, 1, 5) and art.language == "en"


@pytest.mark.parametrize("n", [3])
def test_articles_jsonl_records(tmp_path: Path, n):
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(json.dumps({"id": f"r{i}", "text": f"The minister said {i}.", "published": "2024-01-0" + str(i + 1)})
                           for i in range(n)) + "\n", encoding="utf-8")
    arts = list(read_articles([str(p)]))
    assert [a.id for a in arts] == ["r0", "r1", "r2"]
    assert arts[2].published == date(2024, 1, 3)


@pytest.mark.parametrize("bad_line", ['{"id": "x", "text": "ok"}\n{broken\n{"id": "y", "text": "ok"}\n'])
def test_articles_jsonl_broken_line_names_line(tmp_path: Path, bad_line):
    p = tmp_path / "b.jsonl"
    p.write_text(bad_line, encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.jsonl:2: malformed JSON"):
        list(read_articles([str(p)]))


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_articles_html_main_text_and_metadata(tmp_path: Path, suffix):
    html = """<html><head><title>Ministers meet</title>
    <meta property="article:published_time" content="2023-03-10">
    <meta property="og:site_name" content="Example Wire"></head>
    <body><nav>Home | World</nav><article><h1>Ministers meet</h1>
    <p>Saudi Arabia and Iran agreed on Friday to restore diplomatic relations after talks in Beijing,
    according to a joint statement issued by the three countries.</p>
    <p>The foreign ministers of the two countries will meet within two months, the statement said.</p>
    </article></body></html>"""
    p = tmp_path / f"page{suffix}"
    p.write_text(html, encoding="utf-8")
    [art] = list(read_articles([str(p)]))
    assert art.id == "page" and "restore diplomatic relations" in art.text and "Home | World" not in art.text
    assert art.published == date(2023, 3, 10) and art.publisher == "Example Wire"


@pytest.mark.parametrize("html", ["<html><body><nav>menu</nav></body></html>"])
def test_articles_html_without_main_text_errors(tmp_path: Path, html):
    p = tmp_path / "empty.html"
    p.write_text(html, encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.html: no main text"):
        list(read_articles([str(p)]))


@pytest.mark.parametrize("text", ["قال الوزير اليوم"])
def test_articles_stdin_txt_and_jsonl(text):
    [a] = list(read_path("-", lang="ar", stdin_text=text))
    assert a.id == "stdin" and a.text == text
    [b] = list(read_path("-", stdin_text=json.dumps({"id": "s1", "text": text})))
    assert b.id == "s1" and b.language == "ar"


def test_articles_folders_recursive_and_globs(tmp_path: Path, write_article):
    write_article("a.txt", "The minister said.", folder=tmp_path / "x")
    write_article("b.txt", "The minister said.", folder=tmp_path / "x" / "deep")
    (tmp_path / "x" / "notes.md").write_text("ignored")
    assert [Path(p).name for p in expand_inputs([str(tmp_path / "x")])] == ["a.txt", "b.txt"]
    assert [Path(p).name for p in expand_inputs([str(tmp_path / "x" / "*.txt")])] == ["a.txt"]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "missing.txt")])
    with pytest.raises(InputError, match="matches no file"):
        expand_inputs([str(tmp_path / "*.nothing")])


@pytest.mark.parametrize(
    "raw, expect",
    [
        ("قال".encode("utf-16"), "قال"),
        ("\ufeffقال".encode(), "قال"),
        ("قال الوزير".encode("cp1256"), "قال الوزير"),
    ],
)
def test_articles_decoding(raw, expect):
    assert decode_bytes(raw, "f.txt") == expect


@pytest.mark.parametrize("raw, msg", [(b"\x00\x01\x02binary", "binary"), (b"caf\xe9 \xff\xfe latin", "not valid UTF-8")])
def test_articles_bad_bytes_clear_error(raw, msg):
    with pytest.raises(InputError, match=msg):
        decode_bytes(raw, "f.txt")


@pytest.mark.parametrize(
    "text, msg",
    [
        ("---\ntitle T\n---\nbody", r"f.txt:2: malformed front matter"),
        ("---\ntitle: T\nnote: body", "never closed"),
        ("---\npublished: yesterday\n---\nbody", "not an ISO date"),
        ("---\ntitle: T\n---\n   \n", "the article is empty"),
    ],
)
def test_articles_malformed_inputs(tmp_path: Path, text, msg):
    p = tmp_path / "f.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=msg):
        list(read_articles([str(p)]))


def test_articles_front_matter_absent_is_body():
    assert parse_front_matter("no header here", "x") == ({}, "no header here")
