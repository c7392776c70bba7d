"""The canonical store on disk: ``articles.jsonl``, ``actors.jsonl``, ``events.jsonl``.

The files follow the output contract of ``../shared/eval/README.md`` and are a
pure function of the set of articles built into the folder:

* one line per record, sorted by id, keys sorted, UTF-8: building the same
  input twice gives byte-identical files;
* an event is one record however many articles report it; each report is a
  ``mentions`` entry. Rebuilding an article first removes what it contributed,
  so building A then A+B equals building A+B at once;
* writes are atomic: the new files are written to ``.pending/`` and committed
  by a marker file, then moved into place; a build interrupted before the
  marker leaves the previous store untouched, one interrupted after it is rolled
  forward the next time the store is opened.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ingest.errors import StoreError
from ingest.model import Actor, Event, Extraction

__all__ = ["FILES", "Store", "actor_record", "event_record", "merge_mentions"]

FILES = ("articles.jsonl", "actors.jsonl", "events.jsonl")
_PENDING = ".pending"
_COMMIT = "COMMITTED"

# Per-mention fields (what one article says); the rest of an event is its identity.
_MENTION_FIELDS = (
    "article", "sentence", "start", "end", "evidence", "reported_by", "rule", "trigger",
    "date_text", "date_kind", "confidence", "modality", "quote", "place", "parent",
)


def actor_record(actor: Actor) -> dict[str, Any]:
    """The JSON record of an actor (contract fields first: id, name, kind, names, members)."""
    rec = asdict(actor)
    rec["names"] = sorted(set(rec["names"]) | {n for n in (actor.name, actor.name_ar) if n})
    rec["roles"] = sorted(rec["roles"], key=lambda r: (r.get("since") or "", r.get("office") or "", r.get("org") or ""))
    rec["members"] = sorted(set(rec["members"]))
    return rec


def event_record(event: Event) -> dict[str, Any]:
    """The JSON record of one event mention, before merging."""
    rec = asdict(event)
    rec["source"] = sorted(set(event.source))
    rec["target"] = sorted(set(event.target))
    return rec


def merge_mentions(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """One event record from the mention records of the same event id (order-independent).

    The primary mention (earliest article id, then position) gives the contract
    fields ``article``, ``evidence``, ``sentence``; every mention is kept.
    """
    ordered = sorted(mentions, key=lambda m: (m["article"], m["start"], m["end"], m.get("rule") or ""))
    primary = ordered[0]
    rec = {k: v for k, v in primary.items() if k not in ("mentions", "articles")}
    rec["mentions"] = [{k: m.get(k) for k in _MENTION_FIELDS} for m in ordered]
    rec["articles"] = sorted({m["article"] for m in ordered})
    rec["modality"] = "occurred" if any(m.get("modality") == "occurred" for m in ordered) else primary.get("modality")
    rec["confidence"] = max(float(m.get("confidence") or 0) for m in ordered)
    rec["reported_by"] = sorted({r for m in ordered for r in (m.get("reported_by") or [])})
    rec["place"] = sorted({p for m in ordered for p in (m.get("place") or [])})
    rec["n_mentions"] = len(ordered)
    return rec


def _merge_actor(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    if old is None:
        return new
    merged = dict(old)
    merged["names"] = sorted(set(old.get("names") or []) | set(new.get("names") or []))
    merged["members"] = sorted(set(old.get("members") or []) | set(new.get("members") or []))
    roles = {json.dumps(r, sort_keys=True) for r in (old.get("roles") or []) + (new.get("roles") or [])}
    merged["roles"] = sorted((json.loads(r) for r in roles), key=lambda r: (r.get("since") or "", r.get("office") or ""))
    for key in ("name_ar", "country", "wikidata"):
        if not merged.get(key) and new.get(key):
            merged[key] = new[key]
    return merged


class Store:
    """The canonical store of one output folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.articles: dict[str, dict[str, Any]] = {}
        self.actors: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}

    # -- reading ---------------------------------------------------------
    @classmethod
    def open(cls, folder: str | Path, must_exist: bool = False) -> Store:
        """Open (and recover, if a build was interrupted) the store in ``folder``."""
        store = cls(folder)
        store._recover()
        present = [f for f in FILES if (store.folder / f).is_file()]
        if must_exist and len(present) < len(FILES):
            missing = ", ".join(f for f in FILES if f not in present)
            raise StoreError(f"{store.folder}: not a Sifara store ({missing} missing); run `sifara build ... --out {store.folder}`")
        if present and len(present) < len(FILES):
            raise StoreError(f"{store.folder}: incomplete store (only {', '.join(present)}); rebuild it into an empty folder")
        for name, target in zip(FILES, (store.articles, store.actors, store.events), strict=True):
            path = store.folder / name
            if path.is_file():
                for rec in _read_jsonl(path):
                    target[rec["id"]] = rec
        return store

    def _recover(self) -> None:
        pending = self.folder / _PENDING
        if not pending.is_dir():
            return
        if (pending / _COMMIT).is_file():
            for name in FILES:
                if (pending / name).is_file():
                    os.replace(pending / name, self.folder / name)
        shutil.rmtree(pending, ignore_errors=True)

    # -- changing ----------------------------------------------------------
    def add(self, extractions: Iterable[Extraction]) -> None:
        """Merge a batch of article extractions, replacing what those articles contributed before."""
        batch = list(extractions)
        ids = {x.article.id for x in batch}
        by_event: dict[str, list[dict[str, Any]]] = {}
        for ev_id, rec in self.events.items():
            kept = [dict(rec, **m) for m in rec.get("mentions", []) if m["article"] not in ids]
            if kept:
                by_event[ev_id] = kept
        for x in batch:
            self.articles[x.article.id] = _article_record(x)
            for actor in x.actors:
                self.actors[actor.id] = _merge_actor(self.actors.get(actor.id), actor_record(actor))
            for ev in x.events:
                by_event.setdefault(ev.id, []).append(event_record(ev))
        self.events = {k: merge_mentions(v) for k, v in by_event.items()}
        self._prune_actors()

    def _prune_actors(self) -> None:
        """Keep the actors that events use or that a stored article mentions (and their groups' members)."""
        used: set[str] = {a for art in self.articles.values() for a in art.get("actors") or []}
        for ev in self.events.values():
            used.update(ev.get("source") or [])
            used.update(ev.get("target") or [])
            used.update(ev.get("place") or [])
            used.update(ev.get("reported_by") or [])
        frontier = list(used)
        while frontier:
            a = self.actors.get(frontier.pop())
            if not a:
                continue
            for ref in list(a.get("members") or []) + [r.get("org") for r in a.get("roles") or []]:
                if ref and ref not in used:
                    used.add(ref)
                    frontier.append(ref)
        self.actors = {k: v for k, v in self.actors.items() if k in used}

    # -- writing -----------------------------------------------------------
    def save(self, fail_after: str | None = None) -> None:
        """Write the three files atomically (``fail_after`` injects a crash, for tests)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        pending = self.folder / _PENDING
        shutil.rmtree(pending, ignore_errors=True)
        pending.mkdir()
        for name, recs in zip(FILES, (self.articles, self.actors, self.events), strict=True):
            _write_jsonl(pending / name, (recs[k] for k in sorted(recs)))
            if fail_after == name:
                raise OSError(f"injected failure after writing {name}")
        marker = pending / _COMMIT
        marker.write_text("ok\n")
        _fsync_dir(pending)
        if fail_after == _COMMIT:
            raise OSError("injected failure after commit marker")
        self._recover()


def _article_record(x: Extraction) -> dict[str, Any]:
    a = x.article
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "published_inferred": a.published_inferred,
        "url": a.url,
        "publisher": a.publisher,
        "language": a.language,
        "source_path": a.source_path,
        "chars": len(a.text),
        "n_events": len({e.id for e in x.events}),
        "actors": sorted({a.id for a in x.actors}),
        "warnings": list(x.warnings),
        "meta": {k: str(v) for k, v in sorted(a.meta.items())},
    }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise StoreError(f"{path}:{n}: corrupt store line ({exc.msg}); rebuild the store") from exc
            if not isinstance(rec, dict) or "id" not in rec:
                raise StoreError(f"{path}:{n}: store record without an id; rebuild the store")
            rows.append(rec)
    return rows


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True))
            fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
