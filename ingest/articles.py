"""Reading articles: ``.txt`` with front matter, ``.jsonl``, saved ``.html`` pages and stdin.

Every reader yields :class:`ingest.model.Article` records and raises
:class:`ingest.errors.InputError` with one line naming the file (and line) and
the problem. Nothing here touches the store.
"""

from __future__ import annotations

import glob
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ingest.errors import InputError
from ingest.model import Article
from ingest.text import detect_language

__all__ = ["SUPPORTED_SUFFIXES", "decode_bytes", "expand_inputs", "parse_front_matter", "read_articles", "read_path"]

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
_MIN_HTML_WORDS = 5
_KNOWN_KEYS = ("id", "text", "published", "url", "publisher", "title", "language")


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files, folders (recursive), globs and ``-`` (stdin) → a sorted, de-duplicated list of paths.

    Folders contribute only files with a supported suffix; an explicit file is
    taken whatever its suffix (it is read as text). A path that matches nothing
    is an error.
    """
    out: list[str] = []
    for item in inputs:
        if item == "-":
            out.append("-")
            continue
        p = Path(item)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            out.extend(found)
        elif p.is_file():
            out.append(str(p))
        elif any(ch in item for ch in "*?["):
            matches = sorted(m for m in glob.glob(item, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError(f"{item}: the pattern matches no file")
            out.extend(matches)
        else:
            raise InputError(f"{item}: no such file or folder")
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]


def decode_bytes(raw: bytes, where: str) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else CP1256 Arabic.

    CP1256 is accepted only when the result is mostly Arabic letters, so binary
    files and other legacy encodings are refused with a clear message.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"{where}: looks like a binary file, not text; give .txt, .jsonl or .html articles")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1256")
        except UnicodeDecodeError:
            text = ""
        letters = [c for c in text if c.isalpha()]
        arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
        if letters and arabic / len(letters) > 0.5:
            return text
        raise InputError(
            f"{where}: not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8"
        ) from exc


def parse_front_matter(text: str, where: str) -> tuple[dict[str, str], str]:
    """Split ``---``-delimited ``key: value`` front matter from the body.

    >>> parse_front_matter("---\\ntitle: T\\npublished: 2025-02-13\\n---\\nBody", "x.txt")
    ({'title': 'T', 'published': '2025-02-13'}, 'Body')
    """
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, "\n".join(lines[n:])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            raise InputError(f"{where}:{n}: malformed front matter line (expected 'key: value')")
        meta[key.strip()] = value.strip().strip('"').strip("'")
    raise InputError(f"{where}: front matter opened with '---' is never closed")


def parse_published(value: Any, where: str) -> date | None:
    """An ISO date (or date-time) → ``date``; empty/none → None; anything else is an error."""
    if value is None or value == "" or str(value).lower() in ("none", "null", "unknown"):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise InputError(f"{where}: published date {s!r} is not an ISO date (YYYY-MM-DD)")


def _make_article(
    art_id: str,
    text: str,
    meta: dict[str, Any],
    where: str,
    published: date | None,
    lang: str | None,
    source_path: str | None,
) -> Article:
    body = text.strip("\ufeff")
    if not body.strip():
        raise InputError(f"{where}: the article is empty")
    pub = published if published is not None else parse_published(meta.get("published"), where)
    language = lang or (str(meta["language"]).lower() if meta.get("language") else detect_language(body))
    if language not in ("ar", "en"):
        raise InputError(f"{where}: language {language!r} is not supported (ar or en)")
    extra = {k: v for k, v in meta.items() if k not in _KNOWN_KEYS}
    return Article(
        id=art_id,
        text=body,
        language=language,
        published=pub,
        title=_opt(meta.get("title")),
        url=_opt(meta.get("url")),
        publisher=_opt(meta.get("publisher")),
        source_path=source_path,
        meta=extra,
    )


def _opt(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return None if not s or s.lower() == "none" else s


def _read_txt(text: str, art_id: str, where: str, published: date | None, lang: str | None) -> Iterator[Article]:
    meta, body = parse_front_matter(text, where)
    yield _make_article(art_id, body, meta, where, published, lang, where)


def _read_jsonl(text: str, where: str, published: date | None, lang: str | None) -> Iterator[Article]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}:{n}: malformed JSON ({exc.msg}); fix or remove the line") from exc
        if not isinstance(rec, dict):
            raise InputError(f"{where}:{n}: a record must be a JSON object with 'id' and 'text'")
        if not rec.get("id") or not isinstance(rec.get("text"), str):
            raise InputError(f"{where}:{n}: a record needs a non-empty 'id' and a 'text' string")
        yield _make_article(str(rec["id"]), rec["text"], rec, f"{where}:{n}", published, lang, where)


def _read_html(text: str, art_id: str, where: str, published: date | None, lang: str | None) -> Iterator[Article]:
    import trafilatura  # heavy import, only when HTML is given

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    # trafilatura falls back on any text (a menu, a footer); fewer than a
    # handful of words is not an article
    if not body or len(re.findall(r"\w+", body)) < _MIN_HTML_WORDS:
        raise InputError(f"{where}: no main text found in the HTML page")
    meta: dict[str, Any] = {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "publisher": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
    }
    try:
        pub_meta = parse_published(meta["published"], where)
    except InputError:
        pub_meta = None
    meta["published"] = pub_meta
    yield _make_article(art_id, body, meta, where, published, lang, where)


def read_path(
    path: str, published: date | None = None, lang: str | None = None, stdin_text: str | None = None
) -> Iterator[Article]:
    """Articles of one input (a path or ``-``), with optional overrides of date and language."""
    if path == "-":
        text = stdin_text if stdin_text is not None else sys.stdin.read()
        if text.lstrip().startswith("{"):
            yield from _read_jsonl(text, "<stdin>", published, lang)
        else:
            yield from _read_txt(text, "stdin", "<stdin>", published, lang)
        return
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    text = decode_bytes(raw, path).replace("\r\n", "\n").replace("\r", "\n")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(text, path, published, lang)
    elif suffix in (".html", ".htm"):
        yield from _read_html(text, p.stem, path, published, lang)
    else:
        yield from _read_txt(text, p.stem, path, published, lang)


def read_articles(inputs: Iterable[str], published: date | None = None, lang: str | None = None) -> Iterator[Article]:
    """All articles of the given inputs, in a stable order (see :func:`expand_inputs`)."""
    for path in expand_inputs(inputs):
        yield from read_path(path, published, lang)
