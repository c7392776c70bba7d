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

Adding articles costs what they add, not what the store holds: the lines of
the files are kept as read and parsed only when a record is used
(:class:`Records`); only records a batch changes are serialised again, every
other line is copied verbatim. The sidecar ``.sifara-index`` (not part of the
contract) says where each line is, which events each article reports and how
often each actor is used; it is written and committed with the files, checked
against them (size and CRC-32) on open, and rebuilt from them when it is
missing, corrupt or stale.

Known limit (of the format, not of the index): a mention keeps what its
article said (evidence, date cue, …) but not the event's identity fields, which
come from the primary mention. For a ``call``, ``meet`` or ``agree`` that two
articles report with the sides the other way round, rebuilding the article
that holds the primary mention without the event leaves the other mentions
with its ``source`` and ``target``; a build from scratch gives the other
article's.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import fields
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from ingest.errors import StoreError
from ingest.model import Actor, Event, Extraction, Role

__all__ = ["FILES", "INDEX", "Contribution", "Records", "Store", "actor_record", "contribution", "event_record",
           "merge_mentions"]

FILES = ("articles.jsonl", "actors.jsonl", "events.jsonl")
INDEX = ".sifara-index"
_INDEX_FORMAT = "sifara-store-index/1"
_PENDING = ".pending"
_COMMIT = "COMMITTED"

# Per-mention fields (what one article says); the rest of an event is its identity.
_MENTION_FIELDS = (
    "article", "sentence", "start", "end", "evidence", "reported_by", "rule", "trigger",
    "date_text", "date_kind", "confidence", "modality", "quote", "place", "parent",
)
_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor) if f.name != "roles")
_ROLE_FIELDS = tuple(f.name for f in fields(Role))
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)

Record = dict[str, Any]


def _dumps(rec: Record) -> bytes:
    """One store line (without its newline): keys sorted, UTF-8."""
    return _ENCODER.encode(rec).encode("utf-8")


def actor_record(actor: Actor) -> Record:
    """The JSON record of an actor (contract fields first: id, name, kind, names, members)."""
    rec = {k: getattr(actor, k) for k in _ACTOR_FIELDS}
    rec["names"] = sorted(set(actor.names).union(n for n in (actor.name, actor.name_ar) if n))
    roles = [{k: getattr(r, k) for k in _ROLE_FIELDS} for r in actor.roles]
    rec["roles"] = sorted(roles, key=_role_order) if len(roles) > 1 else roles
    rec["members"] = sorted(set(actor.members))
    return rec


def _role_order(role: Record) -> tuple[str, str, str]:
    return role.get("since") or "", role.get("office") or "", role.get("org") or ""


def event_record(event: Event) -> Record:
    """The JSON record of one event mention, before merging."""
    rec = {k: getattr(event, k) for k in _EVENT_FIELDS}
    rec["source"] = sorted(set(event.source))
    rec["target"] = sorted(set(event.target))
    rec["place"] = list(event.place)
    rec["reported_by"] = list(event.reported_by)
    return rec


def merge_mentions(mentions: list[Record]) -> Record:
    """One event record from the mention records of the same event id (order-independent).

    The primary mention (earliest article id, then position) gives the contract
    fields ``article``, ``evidence``, ``sentence``; every mention is kept.
    """
    if len(mentions) == 1:
        return _single_mention(mentions[0])
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


def _single_mention(m: Record) -> Record:
    """:func:`merge_mentions` of one mention (the common case, made cheap)."""
    rec = {k: v for k, v in m.items() if k not in ("mentions", "articles")}
    rec["mentions"] = [{k: m.get(k) for k in _MENTION_FIELDS}]
    rec["articles"] = [m["article"]]
    rec["modality"] = m.get("modality")
    rec["confidence"] = float(m.get("confidence") or 0)
    rec["reported_by"] = sorted(set(m.get("reported_by") or []))
    rec["place"] = sorted(set(m.get("place") or []))
    rec["n_mentions"] = 1
    return rec


def _expand(rec: Record) -> list[Record]:
    """The mention records of a merged event (what :func:`merge_mentions` needs to merge it again)."""
    return [dict(rec, **m) for m in rec.get("mentions", [])]


def _refs(event: Mapping[str, Any]) -> set[str]:
    """The actor ids an event record refers to."""
    return {a for key in ("source", "target", "place", "reported_by") for a in event.get(key) or []}


def _merge_actor(old: Record | None, new: Record) -> Record:
    if old is None:
        return new
    merged = dict(old)
    merged["names"] = sorted(set(old.get("names") or []) | set(new.get("names") or []))
    merged["members"] = sorted(set(old.get("members") or []) | set(new.get("members") or []))
    roles = {json.dumps(r, sort_keys=True): r for r in (old.get("roles") or []) + (new.get("roles") or [])}
    merged["roles"] = [r for _, r in sorted(roles.items(), key=lambda item: _merged_role_order(item[1], item[0]))]
    for key in ("name_ar", "country", "wikidata"):
        if not merged.get(key) and new.get(key):
            merged[key] = new[key]
    return merged


def _merged_role_order(role: Record, as_json: str) -> tuple[str, str, str, str]:
    """The order of merged roles: since, office (as ever), then org and the whole role, so that ties
    (one office of two countries: a name shared by two people) no longer depend on string hashing."""
    return role.get("since") or "", role.get("office") or "", role.get("org") or "", as_json


def _absorbs(old: Record, new: Record) -> bool:
    """True when ``_merge_actor(old, new)`` equals ``old`` (an actor seen again adds nothing)."""
    names, members, roles = old.get("names"), old.get("members"), old.get("roles")
    if not (isinstance(names, list) and isinstance(members, list) and isinstance(roles, list)):
        return False
    if not (set(new.get("names") or []) <= set(names) and set(new.get("members") or []) <= set(members)):
        return False
    if any(r not in roles for r in new.get("roles") or []):
        return False
    if any(not old.get(k) and new.get(k) for k in ("name_ar", "country", "wikidata")):
        return False
    keys = [_merged_role_order(r, json.dumps(r, sort_keys=True)) for r in roles]
    return (names == sorted(set(names)) and members == sorted(set(members))
            and all(a < b for a, b in pairwise(keys)))


# -- what one article adds -------------------------------------------------


class Contribution(NamedTuple):
    """What one article adds to the store, serialised where it was extracted (cheap to pickle and to merge)."""

    article: str  # the article id
    line: bytes  # its article record
    uses: tuple[str, ...]  # the actor ids that record lists
    actors: tuple[Record, ...]  # its actor records, in extraction order
    events: tuple[tuple[str, bytes, tuple[str, ...]], ...]  # (event id, the event as this article alone reports it,
    #                                                          the actor ids that record refers to)


def contribution(x: Extraction) -> Contribution:
    """The records of one article's extraction, ready for :meth:`Store.add`."""
    art = _article_record(x)
    by_event: dict[str, list[Record]] = {}
    for ev in x.events:
        by_event.setdefault(ev.id, []).append(event_record(ev))
    events = []
    for ev_id, mentions in by_event.items():
        rec = merge_mentions(mentions)
        events.append((ev_id, _dumps(rec), tuple(sorted(_refs(rec)))))
    return Contribution(art["id"], _dumps(art), tuple(art["actors"]), tuple(actor_record(a) for a in x.actors),
                        tuple(events))


def _article_record(x: Extraction) -> Record:
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


# -- the records of one file -----------------------------------------------


class _Written(NamedTuple):
    ids: list[str]
    lengths: list[int]  # of each line, its newline included
    crc32: int


class Records(MutableMapping[str, Record]):
    """The records of one store file by id: its lines as read, parsed on first access, with changes on top.

    ``data`` is the file, ``ids`` the sorted ids of its lines and ``lengths``
    their lengths (newline included). :meth:`write` merges lines and changes in
    id order, copying unchanged lines verbatim. Treat the records as read-only:
    to change one, assign it (``store.events[id] = record``).
    """

    def __init__(self, data: bytes = b"", ids: list[str] | None = None, lengths: list[int] | None = None) -> None:
        self._data = data
        self._ids = ids or []
        self._lengths = lengths or []
        self._ends = list(accumulate(self._lengths))  # offset after each line's newline
        self._cache: dict[str, Record] = {}  # parsed lines (of the file or put as bytes)
        self._changes: dict[str, Record | bytes | None] = {}  # new or replaced records; None: deleted
        self._len = len(self._ids)
        self.touched = False  # changed through the mapping interface rather than by Store.add

    @classmethod
    def of(cls, records: Mapping[str, Record]) -> Records:
        """Records holding a copy of a mapping."""
        out = cls()
        out._changes.update(records)
        out._len = len(out._changes)
        return out

    def _line_no(self, key: str) -> int:
        """The file line holding ``key`` (-1: none)."""
        i = bisect_left(self._ids, key)
        return i if i < len(self._ids) and self._ids[i] == key else -1

    def _line(self, i: int) -> bytes:
        return self._data[self._ends[i - 1] if i else 0:self._ends[i] - 1]

    def put(self, key: str, value: Record | bytes) -> None:
        """Set a record, or its serialised line (as :meth:`Store.add` does; not marked as touched)."""
        if key not in self:
            self._len += 1
        self._changes[key] = value
        self._cache.pop(key, None)

    def drop(self, key: str) -> None:
        """Delete a record if present (not marked as touched)."""
        if key not in self:
            return
        self._len -= 1
        self._cache.pop(key, None)
        if self._line_no(key) >= 0:
            self._changes[key] = None
        else:
            self._changes.pop(key, None)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        rec = self._find(key)
        return default if rec is None else rec

    def __getitem__(self, key: str) -> Record:
        rec = self._find(key)
        if rec is None:
            raise KeyError(key)
        return rec

    def _find(self, key: str) -> Record | None:
        rec = self._cache.get(key)
        if rec is not None or not isinstance(key, str):
            return rec
        if key in self._changes:
            value = self._changes[key]
            if not isinstance(value, bytes):
                return value
            rec = json.loads(value)
        else:
            i = self._line_no(key)
            if i < 0:
                return None
            rec = json.loads(self._line(i))
        self._cache[key] = rec
        return rec

    def __setitem__(self, key: str, rec: Record) -> None:
        self.touched = True
        self.put(key, rec)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.touched = True
        self.drop(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self._changes:
            return self._changes[key] is not None
        return self._line_no(key) >= 0

    def __iter__(self) -> Iterator[str]:
        changes = self._changes
        for key in self._ids:
            if key not in changes or changes[key] is not None:
                yield key
        for key, value in list(changes.items()):
            if value is not None and self._line_no(key) < 0:
                yield key

    def __len__(self) -> int:
        return self._len

    def write(self, fh: BinaryIO) -> _Written:
        """Write every record, sorted by id, one per line; unchanged lines are copied as they were read."""
        ids: list[str] = []
        lengths: list[int] = []
        crc = 0
        view = memoryview(self._data)

        def copy(first: int, stop: int) -> None:  # file lines first..stop-1, unchanged
            nonlocal crc
            if first >= stop:
                return
            chunk = view[self._ends[first - 1] if first else 0:self._ends[stop - 1]]
            fh.write(chunk)
            crc = zlib.crc32(chunk, crc)
            ids.extend(self._ids[first:stop])
            lengths.extend(self._lengths[first:stop])

        done = 0  # file lines copied or replaced so far
        for key in sorted(self._changes):
            i = bisect_left(self._ids, key, done)
            copy(done, i)
            done = i + 1 if i < len(self._ids) and self._ids[i] == key else i
            value = self._changes[key]
            if value is None:
                continue
            line = (value if isinstance(value, bytes) else _dumps(value)) + b"\n"
            fh.write(line)
            crc = zlib.crc32(line, crc)
            ids.append(key)
            lengths.append(len(line))
        copy(done, len(self._ids))
        return _Written(ids, lengths, crc)


# -- the store ---------------------------------------------------------------


class _Batch:
    """What one :meth:`Store.add` touched, to count actor uses again at its end."""

    def __init__(self) -> None:
        self.articles: set[str] = set()  # the batch's articles
        self.old_uses: dict[str, set[str]] = {}  # stored articles replaced → the actors their records listed
        self.new_uses: dict[str, tuple[str, ...]] = {}  # the batch's articles → the actors their records list
        self.old_refs: dict[str, set[str]] = {}  # events touched → the actors they referred to before
        self.line_refs: dict[str, tuple[str, ...]] = {}  # events now one contribution's line → its actor ids
        self.actors: set[str] = set()  # actors merged
        self.absorbed: dict[str, tuple[Record, Record]] = {}  # see Store._merge_actor


def _records_property(name: str) -> Any:
    """``Store.articles`` and the like: the file's records; assigning a mapping replaces them."""

    def get(store: Store) -> Records:
        return store._tables[name]

    def set_(store: Store, records: Mapping[str, Record]) -> None:
        store._tables[name] = records if isinstance(records, Records) else Records.of(records)
        store._derived = False

    return property(get, set_, doc=f"The records of {name}, by id.")


class Store:
    """The canonical store of one output folder.

    ``articles``, ``actors`` and ``events`` map ids to records (parsed on first
    access); build with :meth:`add`, write with :meth:`save`.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._tables = {name: Records() for name in FILES}
        self._article_events: dict[str, list[str]] = {}  # article id → the events it reports
        self._actor_uses: dict[str, int] = {}  # actor id → records (articles, events) that list it
        self._derived = True  # the two maps above describe the records
        self._pruned = True  # the actors are exactly those in use

    articles = _records_property("articles.jsonl")
    actors = _records_property("actors.jsonl")
    events = _records_property("events.jsonl")

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
        if present:
            store._load()
        return store

    def _load(self) -> None:
        data = {name: (self.folder / name).read_bytes() for name in FILES}
        index = _read_index(self.folder / INDEX, data)
        if index is None:  # missing, corrupt or stale: read every record
            for name in FILES:
                self._tables[name] = _parse(self.folder / name, data[name])
            self._derive()
            return
        for name in FILES:
            entry = index["files"][name]
            self._tables[name] = Records(data[name], entry["ids"], entry["lengths"])
        self._article_events = index["article_events"]
        self._actor_uses = index["actor_uses"]
        self._pruned = index["pruned"]

    def _derive(self) -> None:
        """Recompute which events each article reports and how often each actor is used, from the records."""
        self._article_events = {}
        uses: Counter[str] = Counter()
        for art in self.articles.values():
            uses.update(set(art.get("actors") or []))
        for ev_id, ev in self.events.items():
            uses.update(_refs(ev))
            for art_id in {m["article"] for m in ev.get("mentions") or []}:
                self._article_events.setdefault(art_id, []).append(ev_id)
        self._actor_uses = dict(uses)
        for table in self._tables.values():
            table.touched = False
        self._derived = True
        self._pruned = False

    def _sync(self) -> None:
        if not self._derived or any(t.touched for t in self._tables.values()):
            self._derive()

    def _recover(self) -> None:
        pending = self.folder / _PENDING
        if not pending.is_dir():
            return
        if (pending / _COMMIT).is_file():
            for name in (*FILES, INDEX):
                if (pending / name).is_file():
                    os.replace(pending / name, self.folder / name)
        shutil.rmtree(pending, ignore_errors=True)

    # -- changing ----------------------------------------------------------
    def add(self, items: Iterable[Extraction | Contribution]) -> None:
        """Merge a batch of articles, replacing what those articles contributed before.

        The batch is consumed as it comes (extraction can still be running);
        only the records it touches are parsed and merged again.
        """
        self._sync()
        batch = _Batch()
        for item in items:
            c = item if isinstance(item, Contribution) else contribution(item)
            if c.article not in batch.articles:  # an article given twice in one batch adds up, as it always did
                batch.articles.add(c.article)
                self._withdraw(c.article, batch)
            self._contribute(c, batch)
        if self._count_uses(batch) or not self._pruned or not batch.actors <= self._actor_uses.keys():
            self._prune_actors()

    def _touch(self, ev_id: str, batch: _Batch) -> Record | None:
        """The event's record, noting what it referred to before the batch changed it."""
        rec = self.events.get(ev_id)
        if ev_id not in batch.old_refs:
            batch.old_refs[ev_id] = _refs(rec) if rec is not None else set()
        batch.line_refs.pop(ev_id, None)
        return rec

    def _withdraw(self, article: str, batch: _Batch) -> None:
        """Remove what a stored article contributed: its mentions (events left without any go)."""
        if article in self.articles:
            batch.old_uses[article] = set(self.articles[article].get("actors") or [])
        for ev_id in self._article_events.pop(article, []):
            kept = [m for m in _expand(self._touch(ev_id, batch) or {}) if m["article"] != article]
            if kept:
                self.events.put(ev_id, merge_mentions(kept))
            else:
                self.events.drop(ev_id)

    def _contribute(self, c: Contribution, batch: _Batch) -> None:
        """Add one article: its record, its actors, its mentions (merged into the events already there)."""
        self.articles.put(c.article, c.line)
        batch.new_uses[c.article] = c.uses
        for actor in c.actors:
            self._merge_actor(actor, batch.absorbed)
            batch.actors.add(actor["id"])
        reported = self._article_events.setdefault(c.article, [])
        for ev_id, line, refs in c.events:
            if ev_id not in reported:
                reported.append(ev_id)
            rec = self._touch(ev_id, batch)
            if rec is None:
                self.events.put(ev_id, line)
                batch.line_refs[ev_id] = refs
            else:
                self.events.put(ev_id, merge_mentions(_expand(rec) + _expand(json.loads(line))))
        if not reported:
            del self._article_events[c.article]

    def _count_uses(self, batch: _Batch) -> bool:
        """Update how often each actor is used after a batch; True if an actor lost its last use."""
        delta: Counter[str] = Counter()
        for actor_ids in batch.old_uses.values():
            delta.subtract(actor_ids)
        for actor_ids in batch.new_uses.values():
            delta.update(set(actor_ids))
        for ev_id, refs in batch.old_refs.items():
            delta.subtract(refs)
            if ev_id in batch.line_refs:
                delta.update(batch.line_refs[ev_id])
            elif ev_id in self.events:
                delta.update(_refs(self.events[ev_id]))
        dropped = False
        for actor_id, d in delta.items():
            n = self._actor_uses.get(actor_id, 0) + d
            if n > 0:
                self._actor_uses[actor_id] = n
            else:
                self._actor_uses.pop(actor_id, None)
                dropped = dropped or d < 0
        return dropped

    def _merge_actor(self, new: Record, absorbed: dict[str, tuple[Record, Record]]) -> None:
        """Merge an actor record; ``absorbed`` remembers, per actor, a record found to add nothing."""
        actor_id, actors = new["id"], self.actors
        old = actors.get(actor_id)
        if old is None:
            actors.put(actor_id, new)
            return
        seen = absorbed.get(actor_id)
        if seen is not None and seen[0] is old and seen[1] == new:
            return
        if _absorbs(old, new):
            absorbed[actor_id] = (old, new)
        else:
            actors.put(actor_id, _merge_actor(old, new))

    def _prune_actors(self) -> None:
        """Keep the actors that events use or that a stored article mentions (and their groups' members)."""
        used = set(self._actor_uses)
        frontier = list(used)
        while frontier:
            a = self.actors.get(frontier.pop())
            if not a:
                continue
            for ref in list(a.get("members") or []) + [r.get("org") for r in a.get("roles") or []]:
                if ref and ref not in used:
                    used.add(ref)
                    frontier.append(ref)
        for actor_id in [k for k in self.actors if k not in used]:
            self.actors.drop(actor_id)
        self._pruned = True

    # -- writing -----------------------------------------------------------
    def save(self, fail_after: str | None = None) -> None:
        """Write the three files and the index atomically (``fail_after`` injects a crash, for tests)."""
        self._sync()
        self.folder.mkdir(parents=True, exist_ok=True)
        pending = self.folder / _PENDING
        shutil.rmtree(pending, ignore_errors=True)
        pending.mkdir()
        written: dict[str, _Written] = {}
        for name in FILES:
            with (pending / name).open("wb") as fh:
                written[name] = self._tables[name].write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            if fail_after == name:
                raise OSError(f"injected failure after writing {name}")
        _write_index(pending / INDEX, written, self._article_events, self._actor_uses, self._pruned)
        if fail_after == INDEX:
            raise OSError(f"injected failure after writing {INDEX}")
        marker = pending / _COMMIT
        marker.write_text("ok\n")
        _fsync_dir(pending)
        if fail_after == _COMMIT:
            raise OSError("injected failure after commit marker")
        self._recover()


# -- files -------------------------------------------------------------------


def _parse(path: Path, data: bytes) -> Records:
    """Every record of a store file; lines kept verbatim when the file is as :meth:`Records.write` writes it."""
    recs: dict[str, Record] = {}
    ids: list[str] = []
    lengths: list[int] = []
    canonical = not data or data.endswith(b"\n")
    pos = 0
    for n, line in enumerate(data.split(b"\n"), 1):
        pos += len(line) + 1
        if not line.strip():
            canonical = canonical and pos > len(data)  # only the end of the last line
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise StoreError(f"{path}:{n}: corrupt store line ({getattr(exc, 'msg', exc)}); rebuild the store") from exc
        if not isinstance(rec, dict) or "id" not in rec:
            raise StoreError(f"{path}:{n}: store record without an id; rebuild the store")
        key = rec["id"]
        canonical = canonical and isinstance(key, str) and (not ids or ids[-1] < key) and _dumps(rec) == line
        recs[key] = rec
        ids.append(key)
        lengths.append(len(line) + 1)
    if not canonical:
        return Records.of(recs)
    out = Records(data, ids, lengths)
    out._cache.update(recs)
    return out


def _read_index(path: Path, data: Mapping[str, bytes]) -> dict[str, Any] | None:
    """The index, if it is intact and describes these files (else None)."""
    try:
        raw = path.read_bytes()
        head, _, payload = raw.partition(b"\n")
        header = json.loads(head)
        if header.get("format") != _INDEX_FORMAT or header.get("crc32") != zlib.crc32(payload):
            return None
        index = json.loads(payload)
        for name in FILES:
            entry = index["files"][name]
            ids, lengths = entry["ids"], entry["lengths"]
            if (entry["size"] != len(data[name]) or entry["crc32"] != zlib.crc32(data[name])
                    or len(ids) != len(lengths) or sum(lengths) != len(data[name])):
                return None
        if not (isinstance(index["article_events"], dict) and isinstance(index["actor_uses"], dict)):
            return None
        if not isinstance(index["pruned"], bool):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return index


def _write_index(path: Path, written: Mapping[str, _Written], article_events: dict[str, list[str]],
                 actor_uses: dict[str, int], pruned: bool) -> None:
    payload = json.dumps({
        "files": {name: {"size": sum(w.lengths), "crc32": w.crc32, "ids": w.ids, "lengths": w.lengths}
                  for name, w in written.items()},
        "article_events": article_events,
        "actor_uses": actor_uses,
        "pruned": pruned,
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = json.dumps({"format": _INDEX_FORMAT, "crc32": zlib.crc32(payload)}).encode("utf-8")
    with path.open("wb") as fh:
        fh.write(header + b"\n" + payload)
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
