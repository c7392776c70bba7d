"""Temporal expressions in Arabic and English news, resolved to ISO dates.

Three public functions (the events stage calls exactly these):

* :func:`find_dates` - every temporal expression in the normalised article
  text, in order, resolved against the publication date;
* :func:`infer_publication_date` - the article's date from its own evidence
  (a dateline, or relative and absolute expressions that pin it down);
* :func:`resolve_offset` - an event-relative date (anchor +/- days).

How it works. All vocabulary (month names of every family, weekdays, ordinal
days, relative words, qualifiers, Hijri months...) lives in
``ingest/lexicon/<lang>/dates.yaml``; this module holds only grammar. From the
data file a :class:`_Grammar` compiles, once per process, a handful of regular
expressions (alternations are built as character tries, so a 3,000-character
article scans in about a millisecond). Each pattern has a small handler that
turns a match into a :class:`_Cue`: what the text says (day and month, "last
Friday", "two days before X") without the publication date. Overlapping cues
are resolved longest-first; :func:`_resolve` then turns each cue into a
:class:`~ingest.model.DateMention` given the publication date.

Decisions (see ``../shared/eval/GUIDELINES.md`` section 4):

* A bare weekday, or a day and month with no year and no qualifier, gets two
  readings: ``value`` the nearest on or before publication, ``value_if_planned``
  the nearest on or after it; the events stage picks by the verb's modality.
  ``الماضي``/``last`` is strictly before, ``المقبل``/``next`` strictly after.
* A week ("الاسبوع الماضي", "next week") or a weekend is read as a span of
  days (a week: Sunday to the following Sunday, so that both Sunday- and
  Monday-first weeks fit; a weekend: Friday to Sunday). Its value is the month
  when the whole span lies in one month, the year when in one year, else None.
* "الليله الماضيه" / "last night" = publication - 1.
* "بعد يومين" with no anchor is the future reading only (value None,
  ``value_if_planned`` = publication + 2): in a past narrative it means "two
  days later", which is relative to another event.
* A conflicting month pair ("يناير/كانون الاول") takes the non-Levantine name,
  flag ``pair_conflict``; "امس الاربعاء" on a wrong weekday keeps the امس
  reading, flag ``weekday_mismatch``.
* ``kind == "unresolved"`` whenever neither reading has a value (no
  publication date, no earlier year for "في نفس العام", a week spanning two
  years); an expression with no cue is not a mention at all. The publication
  date is never used as a fallback.
* A dateline ("WASHINGTON, March 31 -", "آخر تحديث: 19/04/2019") is returned
  with flag ``dateline``: it dates the article, not its events. Without a year
  it takes the occurrence nearest to publication (wire datelines may be a day
  off the timestamp).
* Other flags: ``inferred_year`` (the year came from publication),
  ``hijri`` (converted from the Hijri calendar), ``hijri_pair`` (Hijri and
  Gregorian read as one date), ``range`` ("2 و3 اغسطس": the first day),
  ``qualifier_mismatch`` ("11 اذار الجاري" in February), ``relative_mismatch``
  ("امس 12 شباط" when publication - 1 is another day; the relative reading is kept).
* ``dateparser`` (1.5) is not used at run time: it returns None for
  "11 شباط", "28 كانون الثاني الماضي", "الثالث من نوفمبر", "3 جانفي 2011" and
  "امس الاربعاء", gives "next week" a day, has no past/planned split, and
  costs about a millisecond per expression. The English tests check that our
  readings of English absolute dates agree with it.

>>> from ingest.text import normalize_text
>>> [(m.text, m.value) for m in find_dates(normalize_text("التقى أمس الأربعاء بالوزير"), "ar", date(2025, 2, 13))]
[('امس الاربعاء', '2025-02-12')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

from hijridate import Hijri

from ingest.lexicon import load
from ingest.model import DateMention
from ingest.text import NormText
from ingest.triggers import trie_regex

__all__ = ["find_dates", "infer_publication_date", "resolve_offset"]

_PAST, _NEXT, _CURRENT = "past", "next", "current"
_HEAD_CHARS = 600  # where a dateline may stand
_YEARS = (1900, 2100)  # plausible Gregorian years for a bare number
_MAX_YEARS = 8  # publication-date inference tries the latest explicit years (and the next of each)


# --------------------------------------------------------------------------- cues


@dataclass(slots=True)
class _Cue:
    """What an expression says, before the publication date is known.

    ``form`` is one of: ``ymd`` (full date), ``md`` (day and month),
    ``ym``, ``m``, ``y``, ``span`` (a range of days, ``lo``..``hi``), ``dom``
    (a day of a month relative to publication: "15 من الشهر الجاري"), ``rel``
    (publication + ``shift`` days), ``wd`` (a weekday), ``period`` (a week,
    month, year or weekend, ``shift`` units from publication's), ``ago``
    (``shift`` ``unit`` s from publication), ``event`` (``shift`` days from the
    event named at ``anchor``), ``anch`` (the year/month of the previous
    absolute date, + ``shift``).
    """

    start: int
    end: int
    form: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    qual: str | None = None
    year_shift: int | None = None
    shift: int = 0
    unit: str | None = None
    lo: date | None = None
    hi: date | None = None
    anchor: tuple[int, int] | None = None
    flags: tuple[str, ...] = ()
    rel_shift: int | None = None  # "اليوم الخميس 13 شباط": the date is also publication + rel_shift


@dataclass(slots=True)
class _Reading:
    value: str | None
    precision: str | None
    planned: str | None = None
    flags: tuple[str, ...] = ()
    kind: str | None = None  # overrides the kind implied by the cue's form


# --------------------------------------------------------------------------- regex building
#
# Speed: CPython's regex engine scans fast to the next possible first character
# only when a pattern *starts* with a literal or a character class. So every
# pattern starts with its key word (a trie of literals, or a digit); the word
# boundary is checked after the first character, and optional words before
# the key ("في", "مساء", "يوم الخميس") are matched by a second, small "left"
# pattern searched just before each hit.


def _key(form: str) -> str:
    """Lookup key of a surface form: lower case, single spaces."""
    return " ".join(form.lower().split())


def _trie(forms: Iterable[str], boundary: str = "") -> str:
    """A regex matching any of ``forms`` (longest first), factored as a character trie (:func:`trie_regex`).

    Spaces in a form match any run of whitespace; ``boundary`` is inserted after
    the first character (a look-behind that checks the word start).

    >>> re.fullmatch(_trie(["امس", "اول امس"]), "اول  امس") is not None
    True
    """
    return trie_regex({_key(f) for f in forms if f}, boundary=boundary) or "(?!)"


def _fill(template: str, parts: dict[str, str]) -> str:
    """Replace ``<NAME>`` placeholders (upper case) in a regex template; drop layout whitespace."""
    template = re.sub(r"\s*\n\s*", "", template)
    return re.sub(r"<([A-Z][A-Z0-9_]*)>", lambda m: parts[m.group(1)], template)


def _lookup(table: dict[Any, list[str]] | None, cast: Callable[[Any], Any] = lambda k: k) -> dict[str, Any]:
    """``{value: [forms]}`` from a data file -> ``{form key: value}``."""
    return {_key(f): cast(k) for k, forms in (table or {}).items() for f in forms}


def _keys(forms: Iterable[str] | None) -> frozenset[str]:
    return frozenset(_key(f) for f in forms or ())


# --------------------------------------------------------------------------- text helpers

_WORD = re.compile(r"[\w'’-]+")
_PUNCT = frozenset(',.;:!?،؛"()[]{}«»\n')


def _prev_word(text: str, pos: int) -> str:
    """The word before ``pos`` (lower case), or '' when punctuation or the start intervene."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_'’-"):
        j -= 1
    return text[j:i].lower()


def _next_word(text: str, pos: int) -> str:
    """The word after ``pos`` (lower case), or '' when punctuation intervenes."""
    i = pos
    while i < len(text) and text[i] in " \t":
        i += 1
    m = _WORD.match(text, i)
    return m.group(0).lower() if m else ""


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- grammar


class _Hit:
    """One key match plus its left context; groups are looked up in both."""

    __slots__ = ("groups", "left", "m", "text")

    def __init__(self, m: re.Match[str], left: re.Match[str] | None, text: str) -> None:
        self.m, self.left, self.text = m, left, text
        self.groups = m.groupdict()
        if left is not None:
            for k, v in left.groupdict().items():
                if v is not None and self.groups.get(k) is None:
                    self.groups[k] = v

    def g(self, name: str) -> str | None:
        return self.groups.get(name)

    def start(self, name: str) -> int:
        if name in self.m.re.groupindex and self.m.group(name) is not None:
            return self.m.start(name)
        assert self.left is not None
        return self.left.start(name)

    def end(self, name: str) -> int:
        if name in self.m.re.groupindex and self.m.group(name) is not None:
            return self.m.end(name)
        assert self.left is not None
        return self.left.end(name)

    @property
    def core_start(self) -> int:
        """Start of the mention: the left context's ``lcore`` group if non-empty, else the key."""
        if self.left is not None and "lcore" in self.left.re.groupindex:
            s, e = self.left.span("lcore")
            if s >= 0 and e > s:
                return s
        return self.m.start()

    @property
    def core_end(self) -> int:
        if "core" in self.m.re.groupindex and self.m.group("core") is not None:
            return self.m.end("core")
        return self.m.end()


_Handler = Callable[[_Hit], "_Cue | None"]


@dataclass(frozen=True)
class _Pattern:
    """A key-first regex, its handler, and the optional left-context regex.

    The left regex is tried only when the word just before the key can end a
    left context (``gate``), which skips almost all of those searches. A
    pattern keyed by words knows their first words (``heads``): it is tried
    only where one of them stands instead of being searched through the text.
    """

    rx: re.Pattern[str]
    left: re.Pattern[str] | None
    handler: _Handler
    gate: frozenset[str] = frozenset()
    gate_digits: bool = False
    window: int = 0
    heads: frozenset[str] | None = None


_GAP = frozenset(" \t\n\r,،(-")


def _last_token(text: str, pos: int) -> str:
    """The word ending just before ``pos``, skipping spaces, commas, '(' and '-' (lower case)."""
    i = pos
    while i > 0 and text[i - 1] in _GAP:
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return text[j:i]


class _Grammar:
    """Vocabulary of one language compiled into patterns and handlers (built once)."""

    lang = ""
    prefix_letters: frozenset[str] = frozenset()  # conjunction letters a key word may carry (و، ف)

    def __init__(self) -> None:
        self.data: dict[str, Any] = load(self.lang, "dates")
        d = self.data
        self.weekday_of = _lookup(d["weekdays"], int)
        self.qual_of = _lookup(d["qualifiers"])
        self.number_of = _lookup(d["number_words"], int)
        self.unit_of = _lookup(d["period_units"])
        self.weekend = _keys(d["weekend"])
        self.rel_of = {_key(f): int(row["offset"]) for row in d["relative_days"] for f in row["forms"]}
        self.evrel_of = _lookup(d["event_relative_words"], int)
        self.unanchored_of = _lookup(d["unanchored_event_days"], int)
        self.anchored_of = {
            _key(f): (unit, int(k))
            for unit, table in d["anchored_periods"].items()
            for k, forms in table.items()
            for f in forms
        }
        self.count_unit_of: dict[str, tuple[str, int | None]] = {}
        for unit, table in d["count_units"].items():
            for size, forms in table.items():
                for f in forms:
                    self.count_unit_of[_key(f)] = (unit, {"one": 1, "two": 2}.get(size))
        self.dir_of = _lookup(d["count_directions"])
        self.event_heads = _keys(d["event_heads"])
        self.stop_words = _keys(d["anchor_stop_words"])
        self.anchor_max = int(d["anchor_max_words"])
        self.now_words = _keys(d["now_words"])
        self.count_nouns = _keys(d["count_nouns"])
        self.dateline_cues = _keys(d["dateline_cues"])
        # a date after one of these is in a sentence, not a dateline ("في 5 مارس 2019")
        self.frames = _keys([*d["month_frames"], *d["year_frames"], *d.get("weekday_frames", [])])
        self.patterns: list[_Pattern] = []
        self.vocab: dict[str, list[str]] = {}
        # what may stand between two names of one date: "... 1436 ه الموافق 10 اغسطس", "today, March 3"
        self.link = re.compile(r"\s*[,،()]?\s*(?:" + _trie(d.get("equivalence", ())) + r")?\s*[,،()]?\s*$")

    def _add(self, template: str, parts: dict[str, str], handler: _Handler, left: str | None = None,
             key: Iterable[str] | None = None) -> None:
        """Compile a pattern; ``key``: the forms of the key trie (``<X_K>``) it starts with, if words."""
        rx = re.compile(_fill(template, parts))
        heads = _heads(key) if key is not None else None
        if not left:
            self.patterns.append(_Pattern(rx, None, handler, heads=heads))
            return
        names = re.findall(r"<([A-Z][A-Z0-9_]*)>", left)
        gate = frozenset(_key(f).split()[-1] for n in names for f in self.vocab.get(n, ()))
        # the longest left context: its words, a prefix letter and a few spaces or commas each
        window = sum(max(map(len, self.vocab.get(n, [""]))) + 4 for n in names)
        left_rx = re.compile(_fill(left, parts) + "$")
        self.patterns.append(_Pattern(rx, left_rx, handler, gate, r"\d" in left, window, heads))

    def _vocab(self, parts: dict[str, Iterable[str]]) -> dict[str, str]:
        """Regexes of vocabulary placeholders (tries), remembering their forms for the left gates."""
        self.vocab.update({name: [_key(f) for f in forms] for name, forms in parts.items()})
        return {name: _trie(forms) for name, forms in parts.items()}

    def _scan_text(self, text: str) -> str:
        return text

    @cached_property
    def _head_rx(self) -> re.Pattern[str]:
        """A word that is the first word of a key (in Arabic, maybe after a conjunction letter)."""
        words = set(self._patterns_of_head)
        pfx = "[" + "".join(re.escape(x) for x in sorted(self.prefix_letters)) + "]?" if self.prefix_letters else ""
        return re.compile(rf"(?<!\w){pfx}{_trie(words)}(?!\w)")

    @cached_property
    def _patterns_of_head(self) -> dict[str, list[int]]:
        """Head word → the patterns (their indices) whose key may start with it."""
        out: dict[str, list[int]] = {}
        for i, p in enumerate(self.patterns):
            for w in p.heads or ():
                out.setdefault(w, []).append(i)
        return out

    def _key_starts(self, scan: str) -> list[list[int]]:
        """For each pattern keyed by words: where its key may start (a head word, or one after و/ف)."""
        starts: list[list[int]] = [[] for _ in self.patterns]
        patterns_of = self._patterns_of_head
        for m in self._head_rx.finditer(scan):
            word, at = m.group(), m.start()
            for i in patterns_of.get(word, ()):
                starts[i].append(at)
            if word[0] in self.prefix_letters:
                for i in patterns_of.get(word[1:], ()):
                    starts[i].append(at + 1)
        return starts

    def scan(self, text: str) -> list[_Cue]:
        """All cues in ``text``, overlapping ones resolved longest-first, in text order.

        A pattern keyed by words is matched only where its key may start, which
        finds what searching the whole text would (a key is whole words, at a
        word start or after a conjunction letter) for a fraction of the cost.
        """
        scan = self._scan_text(text)
        found: list[_Cue] = []
        key_starts = self._key_starts(scan) if any(p.heads is not None for p in self.patterns) else []
        for i, p in enumerate(self.patterns):
            matches = p.rx.finditer(scan) if p.heads is None else _matches_at(p.rx, scan, key_starts[i])
            for m in matches:
                left = None
                if p.left is not None:
                    tok = _last_token(scan, m.start())
                    if tok in p.gate or tok[1:] in p.gate or (p.gate_digits and tok.isdigit()):
                        left = p.left.search(scan, max(0, m.start() - p.window), m.start())
                cue = p.handler(_Hit(m, left, text))
                if cue is not None and cue.end > cue.start:
                    found.append(cue)
        return _longest_first(found)

    # shared pieces ---------------------------------------------------------

    def _count(self, h: _Hit) -> tuple[str, int] | None:
        """(unit, n) of "ثلاثه ايام" / "يومين" / "3 days"; None when no number is given."""
        unit, n = self.count_unit_of[_key(h.g("unit") or "")]
        if h.g("n"):
            n = int(h.g("n") or 0)
        for g in ("nw1", "nw2"):
            if h.g(g):
                n = self.number_of[_key(h.g(g) or "")]
        if n is None and unit == "hour":
            n = 0  # "قبل ساعات من": the same day
        return (unit, n) if n is not None else None

    def _anchor_np(self, text: str, pos: int) -> tuple[int, int] | None:
        """Span of the noun phrase naming an event, from ``pos`` up to punctuation or a stop word."""
        end = None
        i = pos
        for _ in range(self.anchor_max):
            while i < len(text) and text[i] in " \t":
                i += 1
            m = _WORD.match(text, i)
            if not m or m.group(0).lower() in self.stop_words:
                break
            end = i = m.end()
            if i >= len(text) or text[i] in _PUNCT:
                break
        return (pos, end) if end is not None else None

    def _event_cue(self, h: _Hit, start: int, shift: int, need_head: bool) -> _Cue | None:
        """A cue relative to the event named by the noun phrase at group ``anchor``."""
        anchor = self._anchor_np(h.text, h.start("anchor"))
        if anchor is None:
            return None
        words = [w.lower() for w in _WORD.findall(h.text[anchor[0] : anchor[1]])]
        if words and words[0] in self.now_words:
            return _Cue(start, anchor[1], "rel", shift=shift)
        if need_head and not any(w in self.event_heads for w in words):
            return None
        return _Cue(start, anchor[1], "event", shift=shift, anchor=anchor)

    def _qual(self, h: _Hit, group: str = "qual") -> str | None:
        q = h.g(group)
        return self.qual_of[_key(q)] if q else None

    def _event_relative(self, h: _Hit) -> _Cue | None:
        return self._event_cue(h, h.m.start(), self.evrel_of[_key(h.g("rel") or "")], need_head=True)

    def _unanchored(self, h: _Hit) -> _Cue | None:
        return _Cue(h.m.start(), h.m.end(), "event", shift=self.unanchored_of[_key(h.g("u") or "")])

    def _anchored(self, h: _Hit) -> _Cue | None:
        unit, shift = self.anchored_of[_key(h.g("a") or "")]
        return _Cue(h.m.start(), h.m.end(), "anch", unit=unit, shift=shift)


_PLAIN_WORD = re.compile(r"\w+")


def _heads(forms: Iterable[str]) -> frozenset[str] | None:
    """First words of key forms; None when one is not a plain word (then the pattern is searched)."""
    heads = frozenset(_key(f).split(" ", 1)[0] for f in forms if f)
    return heads if all(_PLAIN_WORD.fullmatch(w) for w in heads) else None


def _matches_at(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What ``rx.finditer(text)`` gives when matches can only start at ``starts`` (ascending)."""
    end = 0
    for at in starts:
        if at >= end:
            m = rx.match(text, at)
            if m is not None:
                yield m
                end = m.end()


def _longest_first(cues: list[_Cue]) -> list[_Cue]:
    """Non-overlapping cues, longer ones first, returned in text order."""
    starts: list[int] = []
    kept: list[_Cue] = []
    for cue in sorted(cues, key=lambda c: (c.start - c.end, c.start)):
        i = bisect_right(starts, cue.start)
        if (i > 0 and kept[i - 1].end > cue.start) or (i < len(kept) and kept[i].start < cue.end):
            continue
        starts.insert(i, cue.start)
        kept.insert(i, cue)
    return kept


class _Arabic(_Grammar):
    lang = "ar"

    def __init__(self) -> None:
        super().__init__()
        d = self.data
        self.month_of: dict[str, int] = {}
        self.levantine: set[str] = set()
        for family, table in d["months"].items():
            for k, forms in table.items():
                for f in forms:
                    self.month_of[_key(f)] = int(k)
                    if family == "levantine":
                        self.levantine.add(_key(f))
        self.weak_months = _keys(d["weak_months"])
        self.hijri_of = _lookup(d["hijri_months"], int)
        self.hijri_era = _keys(d["hijri_era"])
        self.ordinal_of = _lookup(d["ordinal_days"], int)
        self.ordinal_frames = _keys(d["ordinal_frames"])
        self.year_shift_of = _lookup(d["year_shift_phrases"], int)
        self.general_nouns = _keys(d["general_adjective_nouns"])
        self.general_forms = _keys(d["general_adjective_forms"])
        self.name_heads = _keys(d["event_name_heads"])
        self.prefixes = tuple(d["conjunction_prefixes"])
        self.prefix_letters = frozenset("".join(self.prefixes))
        self.weekday_not_after = _keys(d["weekday_not_after"])
        self.today_not_before = _keys(d["today_not_before"])
        self.today_not_after = _keys(d["today_not_after"])
        self.media_hosts = _keys(d["today_media"]["hosts"])
        self.media_markers = _keys(d["today_media"]["markers"])
        pfx = "[" + "".join(re.escape(x) for x in self.prefixes) + "]"
        wb = rf"(?:(?<!\w.)|(?<=(?<!\w){pfx}.))"  # word start, after the key's first character
        p = self._vocab(
            {
                "MON": self.month_of,
                "HMON": self.hijri_of,
                "WD": self.weekday_of,
                "DAYWORD": d["day_word"],
                "MONTHWORD": d["month_word"],
                "LINK": d["day_month_link"],
                "RANGE": d["day_range_links"],
                "YEARWORD": d["year_words"],
                "ERA": d["gregorian_era"] + d["hijri_era"],
                "EQUIV": d["equivalence"],
                "HERA": d["hijri_era"],
                "QUAL": self.qual_of,
                "YSHIFT": self.year_shift_of,
                "MFRAME": d["month_frames"],
                "YFRAME": d["year_frames"],
                "PART": d["day_parts"],
                "REL": self.rel_of,
                "THIS": d["this_words"],
                "MONTHUNIT": d["period_units"]["month"],
                "PEDGE": d["period_edges"],
                "CUNIT": self.count_unit_of,
                "NUM": self.number_of,
                "ALINK": d["anchor_links"],
                "THAT": d["that_words"],
                "CPFX": d["count_prefix"],
                "EVHEAD": self.event_heads,
            }
        )
        p.update(
            {
                "B": rf"(?:(?<!\w)|(?<=(?<!\w){pfx}))",  # word start, before a left-context word
                "E": r"(?!\w)",
                "D": r"\d(?<![\dA-Za-z.,/]\d)",  # first digit of a number
                "MON_K": _trie(self.month_of, wb),
                "HMON_K": _trie(self.hijri_of, wb),
                "ORD_K": _trie(self.ordinal_of, wb),
                "RELWD_K": _trie([*self.rel_of, *self.weekday_of], wb),
                "PERIOD_K": _trie([*self.unit_of, *self.weekend], wb),
                "CDIR_K": _trie(self.dir_of, wb),
                "EVREL_K": _trie(self.evrel_of, wb),
                "UNANCH_K": _trie(self.unanchored_of, wb),
                "ANCHP_K": _trie(self.anchored_of, wb),
            }
        )
        p["MPAIR"] = _fill(
            r"(?P<m1><MON>)<E>(?:\s*[/\\|-]\s*(?P<m2><MON>)<E>|\s*\(\s*(?P<m3><MON>)\s*\))?", p
        )
        p["MPAIR_K"] = _fill(
            r"(?P<m1><MON_K>)<E>(?:\s*[/\\|-]\s*(?P<m2><MON>)<E>|\s*\(\s*(?P<m3><MON>)\s*\))?", p
        )
        p["TAIL"] = _fill(
            r"""(?:\s*[,،]?\s*(?:<LINK>\s+)?(?:<YEARWORD>\s*)?(?P<year>\d{4})(?!\d)(?:\s*(?P<era><ERA>)<E>)?
            |\s+(?P<yshift><YSHIFT>)<E>|\s+(?P<qual><QUAL>)<E>)?""",
            p,
        )
        p["HTAIL"] = _fill(
            r"(?P<hm><HMON>)<E>\s*[,،]?\s*(?:<YEARWORD>\s*)?(?P<hyear>\d{4})(?!\d)(?:\s*(?P<hera><HERA>)<E>)?",
            p,
        )
        # after a day: a month (Gregorian or Hijri), or "الشهر الجاري"
        p["AFTER_DAY"] = _fill(
            r"""(?:\s*<RANGE>\s*(?P<day2>\d{1,2})<E>)?\s*(?:<LINK>\s+)?
            (?:(?:<MONTHWORD>\s+)?<MPAIR><TAIL>|(?:<MONTHWORD>\s+)?<HTAIL>
            |(?:(?P<this><THIS>)\s+)?(?P<unit><MONTHUNIT>)<E>(?:\s+(?P<pqual><QUAL>)<E>)?)""",
            p,
        )
        left_day = (
            r"(?P<lcore>(?:<B>(?P<lrel><REL>)\s*[,،]?\s*)?(?:<B><DAYWORD>\s+)?"
            r"(?:<B>(?P<wd><WD>)\s*[,،]?\s*(?:<EQUIV>\s*)?)?)"
        )
        left_part = r"(?P<lcore>(?:<B>(?P<part><PART>)\s+)?(?:<B><DAYWORD>\s+)?)"
        self._add(r"(?P<day><D>\d?)(?![\d.,/])<AFTER_DAY>", p, self._day_month, left_day)
        self._add(r"(?P<day><ORD_K>)<E><AFTER_DAY>", p, self._day_month, left_day, key=self.ordinal_of)
        self._add(
            r"<MPAIR_K><TAIL>",
            p,
            self._month,
            r"(?:<B>(?P<frame><MFRAME>)\s+(?:<MFRAME>\s+)?)?(?P<lcore>(?:<B>(?P<mw><MONTHWORD>)\s+)?)",
            key=self.month_of,
        )
        self._add(
            r"(?P<hm><HMON_K>)<E>\s*[,،]?\s*(?:<YEARWORD>\s*)?(?P<hyear>\d{4})(?!\d)(?:\s*(?P<hera><HERA>)<E>)?",
            p,
            self._hijri_month,
            r"(?P<lcore>(?:<B><MONTHWORD>\s+)?)",
            key=self.hijri_of,
        )
        self._add(
            r"(?P<year><D>\d{3})(?![\d%])(?!\.\d|,\d)(?:\s*(?P<era><ERA>)<E>)?",
            p,
            self._year,
            r"(?:<B>(?P<frame><YFRAME>)\s*)?(?P<lcore>(?:<B>(?P<yw><YEARWORD>)\s*)?)",
        )
        self._add(
            r"(?P<a>\d(?<![\w./-]\d)\d{0,3})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?!\d)(?![/-]|\.\d)"
            r"(?:\s*(?P<era><ERA>)<E>)?",
            p,
            self._numeric,
        )
        self._add(
            r"""(?P<key><RELWD_K>)<E>(?:\s*\(\s*(?:<DAYWORD>\s+)?(?P<wd1><WD>)<E>\s*\)
            |\s*[,،]?\s*(?:<DAYWORD>\s+)?(?P<wd2><WD>)<E>|\s+(?P<qual><QUAL>)<E>)?""",
            p,
            self._relative_or_weekday,
            left_part,
            key=[*self.rel_of, *self.weekday_of],
        )
        self._add(
            r"(?P<unit><PERIOD_K>)<E>(?:\s+(?P<qual><QUAL>)<E>)?",
            p,
            self._period,
            r"(?P<lcore>(?:<B>(?P<edge><PEDGE>)\s+)?(?:<B>(?P<this><THIS>)\s+)?)",
            key=[*self.unit_of, *self.weekend],
        )
        self._add(
            r"""(?P<dir><CDIR_K>)<E>\s+(?:(?P<that><THAT>)\s+<CPFX>\s*)?(?:(?P<n>\d{1,3})\s+|(?P<nw1><NUM>)\s+)?
            (?P<unit><CUNIT>)<E>(?!\s*\d|\s+<WD>)(?:\s+(?P<nw2><NUM>)<E>)?(?P<core>)(?:\s+(?P<link><ALINK>)\s+(?P<anchor>\w))?""",
            p,
            self._count_relative,
            key=self.dir_of,
        )
        self._add(r"(?P<rel><EVREL_K>)<E>\s+(?P<anchor><EVHEAD>)<E>", p, self._event_relative, key=self.evrel_of)
        self._add(r"(?P<u><UNANCH_K>)<E>", p, self._unanchored, key=self.unanchored_of)
        self._add(r"(?P<a><ANCHP_K>)<E>", p, self._anchored, key=self.anchored_of)

    # checks ------------------------------------------------------------------

    def _strip(self, word: str) -> str:
        for pre in self.prefixes:
            if word.startswith(pre) and len(word) > 2:
                return word[len(pre) :]
        return word

    def _in(self, word: str, vocabulary: frozenset[str]) -> bool:
        """``word`` or ``word`` without a conjunction or preposition letter is in ``vocabulary``."""
        return bool(word) and (
            word in vocabulary or self._strip(word) in vocabulary or word[1:] in vocabulary
        )

    def _names_event(self, text: str, start: int) -> bool:
        """True when the date right after a head word names an event ("احداث 30 يونيو")."""
        return self._in(_prev_word(text, start), self.name_heads)

    def _month_pair(self, h: _Hit) -> tuple[int, tuple[str, ...]]:
        """Month number of "تموز/يوليو"-style pairs; conflicting pairs take the non-Levantine name."""
        first = _key(h.g("m1") or "")
        other = h.g("m2") or h.g("m3")
        if not other:
            return self.month_of[first], ()
        second = _key(other)
        a, b = self.month_of[first], self.month_of[second]
        if a == b:
            return a, ()
        if first in self.levantine and second not in self.levantine:
            return b, ("pair_conflict",)
        return a, ("pair_conflict",)

    def _ordinal_ok(self, h: _Hit) -> bool:
        """An ordinal day needs a frame word before it ("في الثالث من"), or a weekday."""
        day = h.g("day") or ""
        if day.isdigit() or h.g("wd"):
            return True
        w = _prev_word(h.text, h.start("day"))
        return not w or self._in(w, self.ordinal_frames)

    def _day(self, token: str) -> int:
        return int(token) if token.isdigit() else self.ordinal_of[_key(token)]

    def _weekday(self, h: _Hit, *groups: str) -> int | None:
        for g in groups:
            if h.g(g):
                return self.weekday_of[_key(h.g(g) or "")]
        return None

    # handlers ----------------------------------------------------------------

    def _day_month(self, h: _Hit) -> _Cue | None:
        start, end = h.core_start, h.m.end()
        if not self._ordinal_ok(h) or self._names_event(h.text, start):
            return None
        day = self._day(h.g("day") or "")
        if not 1 <= day <= 31:
            return None
        wd = self._weekday(h, "wd")
        if h.g("hm"):
            return self._hijri_day(h, start, end, day, wd)
        if h.g("unit"):
            return self._day_of_month(h, start, end, day)
        month, flags = self._month_pair(h)
        flags += ("range",) if h.g("day2") else ()
        rel = self.rel_of[_key(h.g("lrel") or "")] if h.g("lrel") else None  # "اليوم الخميس 13 شباط"
        if h.g("year"):
            year = int(h.g("year") or 0)
            era = h.g("era")
            if (era and _key(era) in self.hijri_era) or _safe_date(year, month, day) is None:
                return None
            return _Cue(
                start, end, "ymd", year=year, month=month, day=day, weekday=wd, flags=flags, rel_shift=rel
            )
        if day > monthrange(2000, month)[1]:
            return None
        ys = self.year_shift_of[_key(h.g("yshift") or "")] if h.g("yshift") else None
        qual = self._qual(h)
        return _Cue(
            start,
            end,
            "md",
            month=month,
            day=day,
            weekday=wd,
            qual=qual,
            year_shift=ys,
            flags=flags,
            rel_shift=rel if qual is None and ys is None else None,
        )

    def _hijri_day(self, h: _Hit, start: int, end: int, day: int, wd: int | None) -> _Cue:
        hm = self.hijri_of[_key(h.g("hm") or "")]
        try:
            g = Hijri(int(h.g("hyear") or 0), hm, day).to_gregorian()
        except (ValueError, OverflowError):
            return _Cue(start, end, "span", flags=("hijri",))
        return _Cue(start, end, "ymd", year=g.year, month=g.month, day=g.day, weekday=wd, flags=("hijri",))

    def _day_of_month(self, h: _Hit, start: int, end: int, day: int) -> _Cue | None:
        """ "15 من الشهر الجاري": a day of the month relative to publication."""
        qual = self._qual(h, "pqual") or (_CURRENT if h.g("this") else None)
        if qual is None:
            return None
        return _Cue(start, end, "dom", day=day, shift={_PAST: -1, _NEXT: 1}.get(qual, 0))

    def _hijri_month(self, h: _Hit) -> _Cue | None:
        if not h.g("hera"):
            return None
        try:
            first = Hijri(int(h.g("hyear") or 0), self.hijri_of[_key(h.g("hm") or "")], 1)
            g = first.to_gregorian()
        except (ValueError, OverflowError):
            return None
        lo = date(g.year, g.month, g.day)
        return _Cue(
            h.core_start,
            h.m.end(),
            "span",
            lo=lo,
            hi=lo + timedelta(days=first.month_length() - 1),
            flags=("hijri",),
        )

    def _month(self, h: _Hit) -> _Cue | None:
        before = _prev_word(h.text, h.core_start)
        if before.isdigit() or before in self.ordinal_of:
            return None  # a day and month: the day-month pattern decides (it may have refused a name)
        first = _key(h.g("m1") or "")
        paired = bool(h.g("m2") or h.g("m3"))
        tailed = bool(h.g("year") or h.g("qual") or h.g("yshift"))
        if not (h.g("frame") or h.g("mw") or tailed or paired):
            return None
        if first in self.weak_months and not (tailed or paired or h.g("mw")):
            return None
        start, end = h.core_start, h.m.end()
        if not h.g("frame") and self._names_event(h.text, start):
            return None
        month, flags = self._month_pair(h)
        if h.g("year"):
            era = h.g("era")
            if era and _key(era) in self.hijri_era:
                return None
            return _Cue(start, end, "ym", year=int(h.g("year") or 0), month=month, flags=flags)
        ys = self.year_shift_of[_key(h.g("yshift") or "")] if h.g("yshift") else None
        return _Cue(start, end, "m", month=month, qual=self._qual(h), year_shift=ys, flags=flags)

    def _year(self, h: _Hit) -> _Cue | None:
        year = int(h.g("year") or 0)
        era = _key(h.g("era") or "")
        start, end = h.core_start, h.m.end()
        if era in self.hijri_era:
            return self._hijri_year(start, end, year)
        if not _YEARS[0] <= year <= _YEARS[1]:
            return None
        if h.g("yw"):
            general = _key(h.g("yw") or "") in self.general_forms
            if general and _prev_word(h.text, h.start("yw")) in self.general_nouns:
                return None
            return _Cue(start, end, "y", year=year)
        if era or (h.g("frame") and _next_word(h.text, end) not in self.count_nouns):
            return _Cue(start, end, "y", year=year)
        return None

    @staticmethod
    def _hijri_year(start: int, end: int, year: int) -> _Cue | None:
        try:
            lo = Hijri(year, 1, 1).to_gregorian()
            last = Hijri(year, 12, 1)
            hi = last.to_gregorian()
        except (ValueError, OverflowError):
            return None
        hi_d = date(hi.year, hi.month, hi.day) + timedelta(days=last.month_length() - 1)
        return _Cue(start, end, "span", lo=date(lo.year, lo.month, lo.day), hi=hi_d, flags=("hijri",))

    def _numeric(self, h: _Hit) -> _Cue | None:
        """4/8/2015 (day/month/year) or 2015/8/4."""
        a, b, c = h.g("a") or "", int(h.g("b") or 0), h.g("c") or ""
        if len(a) == 4 and len(c) <= 2:
            y, mo, dd = int(a), b, int(c)
        elif len(c) == 4 and len(a) <= 2:
            y, mo, dd = int(c), b, int(a)
        else:
            return None
        if not _YEARS[0] <= y <= _YEARS[1] or _safe_date(y, mo, dd) is None:
            return None
        return _Cue(h.m.start(), h.m.end(), "ymd", year=y, month=mo, day=dd)

    def _relative_or_weekday(self, h: _Hit) -> _Cue | None:
        key = _key(h.g("key") or "")
        if key in self.weekday_of:
            return self._weekday_cue(h, key)
        start = h.core_start
        wd = self._weekday(h, "wd1", "wd2")
        end = h.m.end() if wd is not None else h.m.end("key")
        if not h.g("part"):
            prev = _prev_word(h.text, start)
            if _next_word(h.text, end) in self.today_not_before or prev in self.today_not_after:
                return None
            if (
                prev in self.media_hosts
                and _prev_word(h.text, h.text.rfind(prev, 0, start)) in self.media_markers
            ):
                return None  # "قناه روسيا اليوم"
        return _Cue(start, end, "rel", shift=self.rel_of[key], weekday=wd)

    def _weekday_cue(self, h: _Hit, key: str) -> _Cue | None:
        qual = self._qual(h)
        start = h.core_start
        if not (qual or h.g("part")) and _prev_word(h.text, start) in self.weekday_not_after:
            return None
        end = h.m.end("qual") if qual else h.m.end("key")
        return _Cue(start, end, "wd", weekday=self.weekday_of[key], qual=qual)

    def _period(self, h: _Hit) -> _Cue | None:
        unit_key = _key(h.g("unit") or "")
        is_weekend = unit_key in self.weekend
        qual = self._qual(h) or (_CURRENT if h.g("this") else None)
        if not (qual or is_weekend):
            return None
        unit = "weekend" if is_weekend else self.unit_of[unit_key]
        if (
            unit_key in self.general_forms
            and not h.g("this")
            and _prev_word(h.text, h.m.start()) in self.general_nouns
        ):
            return None
        return _Cue(h.core_start, h.m.end(), "period", unit=unit, qual=qual)

    def _count_relative(self, h: _Hit) -> _Cue | None:
        counted = self._count(h)
        if counted is None:
            return None
        unit, n = counted
        sign = -1 if self.dir_of[_key(h.g("dir") or "")] == _PAST else 1
        start = h.m.start()
        if h.g("that"):  # "بعد ذلك بيومين": two days after the event just told
            if unit not in ("day", "week"):
                return None
            return _Cue(start, h.core_end, "event", shift=sign * n * (7 if unit == "week" else 1))
        if h.g("anchor"):
            if unit not in ("hour", "day", "week"):
                return None
            days = 0 if unit == "hour" else n * (7 if unit == "week" else 1)
            return self._event_cue(h, start, sign * days, need_head=False)
        if unit == "hour":
            return None
        return _Cue(start, h.core_end, "ago", unit=unit, shift=sign * n)


class _English(_Grammar):
    lang = "en"

    def __init__(self) -> None:
        super().__init__()
        d = self.data
        self.month_of = _lookup(d["months"], int)
        self.name_tails = _keys(d["event_name_tails"])
        self.today_not_after = _keys(d["today_not_after"])
        self.weekday_not_before = _keys(d["weekday_not_before"])
        wb = r"(?<!\w.)"
        p = self._vocab(
            {
                "MON": self.month_of,
                "WD": self.weekday_of,
                "SUF": d["ordinal_suffixes"],
                "RANGE": d["day_range_links"],
                "THE": d["article"],
                "OF": d["day_month_link"],
                "MFRAME": d["month_frames"],
                "EDGE": d["edges"],
                "QUAL": self.qual_of,
                "YFRAME": d["year_frames"],
                "WFRAME": d["weekday_frames"],
                "WEDGE": d["weekday_edges"] + d["relative_edges"],
                "PART": d["day_parts"],
                "WEEKEND_FRAMES": d["weekend_frames"],
                "PEDGE": d["period_edges"],
                "NUM": self.number_of,
                "CDIR": self.dir_of,
            }
        )
        p.update(
            {
                "E": r"(?!\w)",
                "D": r"\d(?<![\w.]\d)",
                "MON_K": _trie(self.month_of, wb),
                "RELWD_K": _trie([*self.rel_of, *self.weekday_of], wb),
                "PERIOD_K": _trie([*self.unit_of, *self.weekend], wb),
                "CUNIT_K": _trie(self.count_unit_of, wb),
                "EVREL_K": _trie(self.evrel_of, wb),
                "UNANCH_K": _trie(self.unanchored_of, wb),
                "ANCHP_K": _trie(self.anchored_of, wb),
            }
        )
        self._add(
            r"""(?P<d1><D>\d?)(?:<SUF>)?(?P<r1>\s*(?:-|<RANGE>)\s*\d{1,2}(?:<SUF>)?)?\s+(?:<OF>\s+)?(?P<m1><MON>)<E>
            (?!:\d)(?:,?\s+(?P<year>\d{4})(?!\d))?""",
            p,
            self._day_first,
            r"(?P<lcore>(?:(?P<wd><WD>),?\s+)?(?:<THE>\s+)?)",
        )
        self._add(
            r"""(?P<m2><MON_K>)<E>(?:\.(?=\s+\d))?(?:\s+(?P<d2>\d\d?)(?:<SUF>)?(?P<r2>\s*(?:-|<RANGE>)\s*\d{1,2}(?:<SUF>)?)?
            (?!\w)(?!:\d))?(?:,?\s+(?P<year>\d{4})(?!\d))?""",
            p,
            self._month_first,
            r"""(?:(?P<lcore>(?P<wd><WD>),?\s+)|(?:(?P<frame><MFRAME>)\s+)?
            (?P<mcore>(?:(?P<edge><EDGE>)[\s-]+)?(?:(?P<qual><QUAL>)\s+)?))""",
            key=self.month_of,
        )
        self._add(r"(?P<year><D>\d{3})(?!\d|%|\.\d|,\d)", p, self._year, r"(?P<frame><YFRAME>)[\s-]+")
        self._add(
            r"(?P<a><D>\d{0,3})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?!\d)(?![/-]|\.\d)",
            p,
            self._numeric,
        )
        self._add(
            r"""(?P<key><RELWD_K>)<E>(?:\s+(?P<part><PART>)<E>)?
            (?:\s*\(\s*(?P<wd1><WD>)\s*\)|,\s+(?P<wd2><WD>)<E>)?""",
            p,
            self._relative_or_weekday,
            r"(?:(?P<edge><WEDGE>)\s+)?(?:<WFRAME>\s+)?(?:(?P<qual><QUAL>)\s+)?",
            key=[*self.rel_of, *self.weekday_of],
        )
        self._add(
            r"(?P<unit><PERIOD_K>)<E>",
            p,
            self._period,
            r"(?P<lcore>(?:(?P<edge><PEDGE>)\s+)?(?:(?P<the><THE>)\s+)?(?P<qual><QUAL>)\s+|(?P<bare><WEEKEND_FRAMES>)\s+)",
            key=[*self.unit_of, *self.weekend],
        )
        self._add(
            r"(?P<unit><CUNIT_K>)<E>\s+(?P<dir><CDIR>)<E>(?P<core>)(?:\s+(?P<anchor>\w))?",
            p,
            self._count_relative,
            r"(?P<lcore>(?:(?P<n>\d{1,3})|(?<!\w)(?P<nw1><NUM>))\s+)",
            key=self.count_unit_of,
        )
        self._add(r"(?P<rel><EVREL_K>)<E>\s+(?P<anchor>\w)", p, self._event_relative, key=self.evrel_of)
        self._add(r"(?P<u><UNANCH_K>)<E>", p, self._unanchored, key=self.unanchored_of)
        self._add(r"(?P<a><ANCHP_K>)<E>", p, self._anchored, key=self.anchored_of)

    def _scan_text(self, text: str) -> str:
        """Lower-cased copy with the same offsets (patterns are lower case; capitals are checked on ``text``)."""
        low = text.lower()
        return (
            low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        )

    # checks ------------------------------------------------------------------

    @staticmethod
    def _capitalised(h: _Hit, group: str) -> bool:
        return h.text[h.start(group) : h.start(group) + 1].isupper()

    def _names_event(self, text: str, end: int) -> bool:
        """True for "the October 7 attack": a date followed by an event name."""
        return _next_word(text, end) in self.name_tails

    # handlers ----------------------------------------------------------------

    def _md_cue(self, h: _Hit, month_group: str, day: int, ranged: bool) -> _Cue | None:
        if not self._capitalised(h, month_group) or (h.g("wd") and not self._capitalised(h, "wd")):
            return None
        start, end = h.core_start, h.m.end()
        if self._names_event(h.text, end):
            return None
        month = self.month_of[_key(h.g(month_group) or "")]
        flags = ("range",) if ranged else ()
        wd = self.weekday_of[_key(h.g("wd") or "")] if h.g("wd") else None
        if h.g("year"):
            year = int(h.g("year") or 0)
            if _safe_date(year, month, day) is None:
                return None
            return _Cue(start, end, "ymd", year=year, month=month, day=day, weekday=wd, flags=flags)
        if not 1 <= day <= monthrange(2000, month)[1]:
            return None
        return _Cue(start, end, "md", month=month, day=day, weekday=wd, flags=flags)

    def _day_first(self, h: _Hit) -> _Cue | None:
        return self._md_cue(h, "m1", int(h.g("d1") or 0), bool(h.g("r1")))

    def _month_first(self, h: _Hit) -> _Cue | None:
        if h.g("d2"):
            return self._md_cue(h, "m2", int(h.g("d2") or 0), bool(h.g("r2")))
        if not self._capitalised(h, "m2") or self._names_event(h.text, h.m.end()):
            return None
        if not (h.g("frame") or h.g("edge") or h.g("qual") or h.g("year")):
            return None
        month = self.month_of[_key(h.g("m2") or "")]
        start = h.m.start()
        if h.left is not None and h.left.group("mcore"):
            start = h.left.start("mcore")
        if h.g("year"):
            return _Cue(start, h.m.end(), "ym", year=int(h.g("year") or 0), month=month)
        return _Cue(start, h.m.end(), "m", month=month, qual=self._qual(h))

    def _year(self, h: _Hit) -> _Cue | None:
        if not h.g("frame"):
            return None
        year = int(h.g("year") or 0)
        if not _YEARS[0] <= year <= _YEARS[1] or _next_word(h.text, h.m.end()) in self.count_nouns:
            return None
        return _Cue(h.m.start(), h.m.end(), "y", year=year)

    def _numeric(self, h: _Hit) -> _Cue | None:
        """2020-03-31, or 3/31/2020 (month first unless the first number cannot be a month)."""
        a, b, c = h.g("a") or "", int(h.g("b") or 0), h.g("c") or ""
        if len(a) == 4 and len(c) <= 2:
            y, mo, dd = int(a), b, int(c)
        elif len(c) == 4 and len(a) <= 2:
            y, mo, dd = (int(c), b, int(a)) if int(a) > 12 else (int(c), int(a), b)
        else:
            return None
        if not _YEARS[0] <= y <= _YEARS[1] or _safe_date(y, mo, dd) is None:
            return None
        return _Cue(h.m.start(), h.m.end(), "ymd", year=y, month=mo, day=dd)

    def _relative_or_weekday(self, h: _Hit) -> _Cue | None:
        key = _key(h.g("key") or "")
        end = h.m.end()
        start = h.start("edge") if h.g("edge") else h.m.start()
        if key in self.weekday_of:
            if (
                not self._capitalised(h, "key")
                or _next_word(h.text, h.m.end("key")) in self.weekday_not_before
            ):
                return None
            qual = self._qual(h)
            if qual and not h.g("edge"):
                start = h.start("qual")
            return _Cue(
                start, end, "wd", weekday=self.weekday_of[key], qual=None if qual == _CURRENT else qual
            )
        if self._capitalised(h, "key") and _prev_word(h.text, start) in self.today_not_after:
            return None
        wd = next((self.weekday_of[_key(h.g(g) or "")] for g in ("wd1", "wd2") if h.g(g)), None)
        return _Cue(start, end, "rel", shift=self.rel_of[key], weekday=wd)

    def _period(self, h: _Hit) -> _Cue | None:
        if h.left is None:
            return None
        start, end = h.core_start, h.m.end()
        unit_key = _key(h.g("unit") or "")
        unit = "weekend" if unit_key in self.weekend else self.unit_of[unit_key]
        if h.g("bare"):
            return _Cue(start, end, "period", unit="weekend") if unit == "weekend" else None
        if h.g("the") and unit in ("month", "year"):
            return None  # "over the past year": the last twelve months, not a calendar year
        return _Cue(start, end, "period", unit=unit, qual=self._qual(h))

    def _count_relative(self, h: _Hit) -> _Cue | None:
        if h.left is None:
            return None
        counted = self._count(h)
        if counted is None:
            return None
        unit, n = counted
        direction = self.dir_of[_key(h.g("dir") or "")]
        start, end = h.core_start, h.core_end
        if direction == "ago":
            return None if unit == "hour" else _Cue(start, end, "ago", unit=unit, shift=-n)
        if unit not in ("hour", "day", "week"):
            return None
        days = 0 if unit == "hour" else n * (7 if unit == "week" else 1)
        sign = -1 if direction in ("before", "earlier") else 1
        if direction in ("before", "after") and h.g("anchor"):
            cue = self._event_cue(h, start, sign * days, need_head=False)
            if cue is not None:
                return cue
        return _Cue(start, end, "event", shift=sign * days)


@cache
def _grammar(lang: str) -> _Grammar:
    """The compiled grammar of ``lang`` ('ar' or 'en'), built on first use."""
    if lang == "ar":
        return _Arabic()
    if lang == "en":
        return _English()
    raise ValueError(f"no date grammar for language {lang!r}; expected 'ar' or 'en'")


# --------------------------------------------------------------------------- cue post-processing


def _cues(text: str, lang: str) -> list[_Cue]:
    """Selected cues of a text, with Hijri/Gregorian pairs and "today, 13 February" merged, datelines flagged."""
    g = _grammar(lang)
    cues = g.scan(text)
    if isinstance(g, _Arabic):
        cues = _merge_hijri_pairs(text, cues, g.link)
    cues = _merge_relative_dates(text, cues, g.link)
    return [_flag_dateline(text, c, g) for c in cues]


def _merge_relative_dates(text: str, cues: list[_Cue], link: re.Pattern[str]) -> list[_Cue]:
    """ "اليوم الخميس 13 شباط", "yesterday, March 3": one date, named twice."""
    out: list[_Cue] = []
    for cue in cues:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.form == "rel"
            and cue.form in ("md", "ymd")
            and cue.qual is None
            and cue.year_shift is None
            and cue.start - prev.end <= 12
            and link.match(text, prev.end, cue.start)
        ):
            weekday = cue.weekday if cue.weekday is not None else prev.weekday
            out[-1] = replace(cue, start=prev.start, weekday=weekday, rel_shift=prev.shift)
            continue
        out.append(cue)
    return out


def _merge_hijri_pairs(text: str, cues: list[_Cue], link: re.Pattern[str]) -> list[_Cue]:
    """'25 شوال 1436 ه الموافق 10 اغسطس 2015 م' is one date: the Gregorian one."""
    out: list[_Cue] = []
    for cue in cues:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.form == cue.form == "ymd"
            and ("hijri" in prev.flags) != ("hijri" in cue.flags)
            and cue.start - prev.end <= 20
            and link.match(text, prev.end, cue.start)
        ):
            hijri, greg = (prev, cue) if "hijri" in prev.flags else (cue, prev)
            gap = abs((_cue_date(hijri) - _cue_date(greg)).days)
            flags = ("hijri_pair",) + (("pair_conflict",) if gap > 1 else ())
            out[-1] = replace(greg, start=prev.start, end=cue.end, flags=greg.flags + flags)
            continue
        out.append(cue)
    return out


def _cue_date(cue: _Cue) -> date:
    assert cue.year and cue.month and cue.day
    return date(cue.year, cue.month, cue.day)


_DATELINE_SEP = re.compile(r"\s*(?:-{1,2}|–|/|\|)")


def _flag_dateline(text: str, cue: _Cue, g: _Grammar) -> _Cue:
    """Flag a date standing as the article's dateline.

    It must be near the top, with at most a place name or a cue ("اخر تحديث:",
    "Posted") before it on its line, and alone on the line or followed by a
    separator ("القاهرة 14 يوليو 2017 /", "WASHINGTON, Oct 19 -").
    """
    if cue.form not in ("ymd", "md") or cue.start > _HEAD_CHARS:
        return cue
    line_start = text.rfind("\n", 0, cue.start) + 1
    line_end = text.find("\n", cue.end)
    before = text[line_start : cue.start]
    after = text[cue.end : len(text) if line_end < 0 else line_end]
    words = [w.lower() for w in _WORD.findall(before)]
    cued = any(c in " ".join(words) for c in g.dateline_cues)
    if len(words) > 4 or (not cued and any(w in g.frames for w in words)):
        return cue
    if cued or len(after.strip()) <= 3 or _DATELINE_SEP.match(after):
        return replace(cue, flags=(*cue.flags, "dateline"))
    return cue


# --------------------------------------------------------------------------- resolution


def _iso(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _span(lo: date, hi: date) -> tuple[str | None, str | None]:
    """Value of a span of days at the finest precision it fits in (month, year, or none)."""
    if lo == hi:
        return lo.isoformat(), "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return _iso(lo, "month"), "month"
    if lo.year == hi.year:
        return _iso(lo, "year"), "year"
    return None, None


def _md_past(pub: date, month: int, day: int, strict: bool) -> date | None:
    for y in range(pub.year, pub.year - 9, -1):
        d = _safe_date(y, month, day)
        if d is not None and (d < pub or (d == pub and not strict)):
            return d
    return None


def _md_next(pub: date, month: int, day: int, strict: bool) -> date | None:
    for y in range(pub.year, pub.year + 9):
        d = _safe_date(y, month, day)
        if d is not None and (d > pub or (d == pub and not strict)):
            return d
    return None


def _month_past(pub: date, month: int, strict: bool) -> tuple[int, int]:
    if month < pub.month or (month == pub.month and not strict):
        return pub.year, month
    return pub.year - 1, month


def _month_next(pub: date, month: int, strict: bool) -> tuple[int, int]:
    if month > pub.month or (month == pub.month and not strict):
        return pub.year, month
    return pub.year + 1, month


def _weekday_past(pub: date, weekday: int, strict: bool) -> date:
    back = (pub.weekday() - weekday) % 7
    return pub - timedelta(days=7 if strict and back == 0 else back)


def _weekday_next(pub: date, weekday: int, strict: bool) -> date:
    ahead = (weekday - pub.weekday()) % 7
    return pub + timedelta(days=7 if strict and ahead == 0 else ahead)


def _check_weekday(d: date | None, weekday: int | None) -> tuple[str, ...]:
    return ("weekday_mismatch",) if d is not None and weekday is not None and d.weekday() != weekday else ()


def _resolve_md(cue: _Cue, pub: date) -> _Reading:
    assert cue.month and cue.day
    flags: tuple[str, ...] = ("inferred_year",)
    planned: date | None = None
    if cue.year_shift is not None:
        value = _safe_date(pub.year + cue.year_shift, cue.month, cue.day)
    elif cue.qual == _CURRENT:
        value = _safe_date(pub.year, cue.month, cue.day)
        flags += ("qualifier_mismatch",) if cue.month != pub.month else ()
    elif cue.qual == _PAST:
        value = _md_past(pub, cue.month, cue.day, strict=True)
    elif cue.qual == _NEXT:
        value = _md_next(pub, cue.month, cue.day, strict=True)
    else:
        value = _md_past(pub, cue.month, cue.day, strict=False)
        planned = _md_next(pub, cue.month, cue.day, strict=False)
    flags += (
        _check_weekday(value, cue.weekday) if planned is None else _weekday_both(value, planned, cue.weekday)
    )
    return _Reading(
        value.isoformat() if value else None,
        "day" if value or planned else None,
        planned.isoformat() if planned else None,
        flags,
    )


def _weekday_both(past: date | None, planned: date | None, weekday: int | None) -> tuple[str, ...]:
    """Mismatch only when neither reading falls on the stated weekday."""
    if weekday is None or (past and past.weekday() == weekday) or (planned and planned.weekday() == weekday):
        return ()
    return ("weekday_mismatch",)


def _resolve_m(cue: _Cue, pub: date) -> _Reading:
    assert cue.month
    flags: tuple[str, ...] = ("inferred_year",)
    planned = None
    if cue.year_shift is not None:
        value = (pub.year + cue.year_shift, cue.month)
    elif cue.qual == _CURRENT:
        value = (pub.year, cue.month)
        flags += ("qualifier_mismatch",) if cue.month != pub.month else ()
    elif cue.qual == _PAST:
        value = _month_past(pub, cue.month, strict=True)
    elif cue.qual == _NEXT:
        value = _month_next(pub, cue.month, strict=True)
    else:
        value = _month_past(pub, cue.month, strict=False)
        planned = _month_next(pub, cue.month, strict=False)
    fmt = "{:04d}-{:02d}"
    return _Reading(fmt.format(*value), "month", fmt.format(*planned) if planned else None, flags)


def _resolve_weekday(cue: _Cue, pub: date) -> _Reading:
    assert cue.weekday is not None
    if cue.qual == _PAST:
        return _Reading(_weekday_past(pub, cue.weekday, strict=True).isoformat(), "day")
    if cue.qual == _NEXT:
        return _Reading(_weekday_next(pub, cue.weekday, strict=True).isoformat(), "day")
    past = _weekday_past(pub, cue.weekday, strict=False)
    planned = _weekday_next(pub, cue.weekday, strict=False)
    return _Reading(past.isoformat(), "day", planned.isoformat())


def _week_span(pub: date, shift: int) -> tuple[date, date]:
    """Days that the week ``shift`` weeks from publication's may cover (Sunday to Sunday)."""
    start = pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
    return start - timedelta(days=1), start + timedelta(days=6)


def _weekend_span(pub: date, qual: str | None) -> tuple[tuple[date, date], tuple[date, date] | None]:
    """(past reading, planned reading) of a weekend: Friday to Sunday."""
    last_friday = pub - timedelta(days=(pub.weekday() - 4) % 7)
    in_weekend = pub.weekday() >= 4
    current = (last_friday, last_friday + timedelta(days=2))
    previous = (last_friday - timedelta(days=7), last_friday - timedelta(days=5))
    upcoming = current if in_weekend else (last_friday + timedelta(days=7), last_friday + timedelta(days=9))
    if qual == _PAST:
        return (previous if in_weekend else current), None
    if qual == _NEXT:
        nxt = (last_friday + timedelta(days=7), last_friday + timedelta(days=9))
        return nxt, None
    if qual == _CURRENT or in_weekend:
        return current, None
    return current, upcoming


def _resolve_period(cue: _Cue, pub: date) -> _Reading:
    shift = {_PAST: -1, _NEXT: 1}.get(cue.qual or "", 0)
    if cue.unit == "year":
        return _Reading(f"{pub.year + shift:04d}", "year")
    if cue.unit == "month":
        y, m = _add_months(pub.year, pub.month, shift)
        return _Reading(f"{y:04d}-{m:02d}", "month")
    if cue.unit == "week":
        value, precision = _span(*_week_span(pub, shift))
        return _Reading(value, precision)
    past, planned = _weekend_span(pub, cue.qual)
    value, precision = _span(*past)
    planned_value = _span(*planned)[0] if planned else None
    return _Reading(value, precision or (_span(*planned)[1] if planned else None), planned_value)


def _resolve_ago(cue: _Cue, pub: date) -> _Reading:
    n = cue.shift
    if cue.unit == "day":
        d = pub + timedelta(days=n)
        value, precision = d.isoformat(), "day"
    elif cue.unit == "week":
        mid = pub + timedelta(weeks=n)
        value, precision = _span(mid - timedelta(days=3), mid + timedelta(days=3))
    elif cue.unit == "month":
        y, m = _add_months(pub.year, pub.month, n)
        value, precision = f"{y:04d}-{m:02d}", "month"
    else:
        value, precision = f"{pub.year + n:04d}", "year"
    if n > 0:  # "بعد يومين": the future reading only
        return _Reading(None, precision, value)
    return _Reading(value, precision)


def _resolve(cue: _Cue, pub: date | None, last: date | None, last_precision: str | None) -> _Reading:
    """Reading of one cue; ``last`` is the previous absolute date (for "في نفس العام")."""
    form = cue.form
    if cue.rel_shift is not None:
        return _resolve_relative_date(cue, pub)
    if form == "ymd":
        d = _cue_date(cue)
        return _Reading(d.isoformat(), "day", flags=_check_weekday(d, cue.weekday))
    if form == "ym":
        return _Reading(f"{cue.year:04d}-{cue.month:02d}", "month")
    if form == "y":
        return _Reading(f"{cue.year:04d}", "year")
    if form == "span":
        return _Reading(*_span(cue.lo, cue.hi)) if cue.lo and cue.hi else _Reading(None, None)
    if form == "anch":
        return _resolve_anchored(cue, last, last_precision)
    if form == "event" or pub is None:
        return _Reading(None, None)
    if form == "md" and "dateline" in cue.flags:
        return _resolve_dateline(cue, pub)
    if form == "md":
        return _resolve_md(cue, pub)
    if form == "m":
        return _resolve_m(cue, pub)
    if form == "rel":
        d = pub + timedelta(days=cue.shift)
        return _Reading(d.isoformat(), "day", flags=_check_weekday(d, cue.weekday))
    if form == "wd":
        return _resolve_weekday(cue, pub)
    if form == "dom":
        y, m = _add_months(pub.year, pub.month, cue.shift)
        d = _safe_date(y, m, cue.day or 0)
        return _Reading(d.isoformat() if d else None, "day" if d else None)
    if form == "period":
        return _resolve_period(cue, pub)
    if form == "ago":
        return _resolve_ago(cue, pub)
    raise AssertionError(f"unknown cue form {form!r}")


def _resolve_dateline(cue: _Cue, pub: date) -> _Reading:
    """A dateline without a year ("TOKYO, March 27 -") is the occurrence nearest to publication."""
    assert cue.month and cue.day
    near = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, cue.month, cue.day))]
    best = min(near, key=lambda d: abs((d - pub).days))
    return _Reading(best.isoformat(), "day", flags=("inferred_year",))


def _resolve_relative_date(cue: _Cue, pub: date | None) -> _Reading:
    """A relative day with its date ("امس الاربعاء 12 شباط"): the relative reading, checked against the date."""
    assert cue.rel_shift is not None and cue.month and cue.day
    if pub is None:
        if cue.form == "ymd":
            d = _cue_date(cue)
            return _Reading(d.isoformat(), "day", flags=_check_weekday(d, cue.weekday))
        return _Reading(None, None)
    d = pub + timedelta(days=cue.rel_shift)
    stated = (cue.year or d.year, cue.month, cue.day)
    flags = _check_weekday(d, cue.weekday) + (
        (("relative_mismatch",)) if (d.year, d.month, d.day) != stated else ()
    )
    return _Reading(d.isoformat(), "day", flags=flags, kind="relative_publication")


def _resolve_anchored(cue: _Cue, last: date | None, last_precision: str | None) -> _Reading:
    if last is None:
        return _Reading(None, None)
    if cue.unit == "year":
        return _Reading(f"{last.year + cue.shift:04d}", "year")
    if last_precision not in ("day", "month"):
        return _Reading(None, None)
    y, m = _add_months(last.year, last.month, cue.shift)
    return _Reading(f"{y:04d}-{m:02d}", "month")


_KIND = {
    "ymd": "absolute",
    "ym": "absolute",
    "y": "absolute",
    "span": "absolute",
    "md": "absolute",
    "m": "absolute",
    "anch": "absolute",
    "rel": "relative_publication",
    "wd": "relative_publication",
    "dom": "relative_publication",
    "period": "relative_publication",
    "ago": "relative_publication",
    "event": "relative_event",
}


def _mention(doc: NormText, cue: _Cue, reading: _Reading) -> DateMention:
    kind = reading.kind or _KIND[cue.form]
    if kind != "relative_event" and reading.value is None and reading.planned is None:
        kind = "unresolved"
    return DateMention(
        start=cue.start,
        end=cue.end,
        text=doc.text[cue.start : cue.end],
        value=reading.value,
        precision=reading.precision if (reading.value or reading.planned) else None,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        offset_days=cue.shift if cue.form == "event" else None,
        anchor_span=cue.anchor,
        flags=cue.flags + reading.flags,
        value_if_planned=reading.planned,
    )


def _parse_iso(value: str) -> date:
    parts = [int(x) for x in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


# --------------------------------------------------------------------------- public API


def find_dates(doc: NormText, lang: str, published: date | None) -> list[DateMention]:
    """All temporal expressions in the normalised article text ``doc.text``, in order,
    resolved against ``published``. Offsets (start, end) are in ``doc.text``.

    Parameters
    ----------
    doc : NormText
        The normalised article (:func:`ingest.text.normalize_text`).
    lang : str
        ``"ar"`` or ``"en"``.
    published : date or None
        The publication date; without it, expressions that need it come back
        with ``kind="unresolved"`` (absolute dates with a year still resolve).

    Returns
    -------
    list of DateMention
        One per expression, in text order, never overlapping.

    Examples
    --------
    >>> from ingest.text import normalize_text
    >>> ms = find_dates(normalize_text("وفي 28 من كانون الثاني الماضي افتتح المعرض"), "ar", date(2025, 2, 13))
    >>> [(m.text, m.value, m.precision, m.kind) for m in ms]
    [('28 من كانون الثاني الماضي', '2025-01-28', 'day', 'absolute')]
    >>> [(m.value, m.value_if_planned) for m in find_dates(normalize_text("met on Tuesday"), "en", date(2020, 1, 16))]
    [('2020-01-14', '2020-01-21')]
    """
    out: list[DateMention] = []
    last: date | None = None
    last_precision: str | None = None
    for cue in _cues(doc.text, lang):
        reading = _resolve(cue, published, last, last_precision)
        mention = _mention(doc, cue, reading)
        out.append(mention)
        if mention.kind == "absolute" and mention.value and "dateline" not in mention.flags:
            last, last_precision = _parse_iso(mention.value), mention.precision
    return out


def resolve_offset(
    anchor_value: str | None, anchor_precision: str | None, offset_days: int
) -> tuple[str | None, str | None]:
    """Value and precision of an event-relative date (anchor +/- days); day precision
    only when the anchor has day precision.

    A coarser anchor keeps the finest precision that the shifted span still
    fits in (a month shifted by a day may straddle two months: then the year).

    Parameters
    ----------
    anchor_value, anchor_precision : str or None
        The other event's date, as in :class:`~ingest.model.DateMention`.
    offset_days : int
        ``DateMention.offset_days`` (-1 for "قبل يوم واحد من ...").

    Examples
    --------
    >>> resolve_offset("2025-02-11", "day", -1)
    ('2025-02-10', 'day')
    >>> resolve_offset("2025-02", "month", 0)
    ('2025-02', 'month')
    >>> resolve_offset("2025-02", "month", -1)
    ('2025', 'year')
    >>> resolve_offset(None, None, 1)
    (None, None)
    """
    if not anchor_value or anchor_precision not in ("day", "month", "year"):
        return None, None
    shift = timedelta(days=offset_days)
    d = _parse_iso(anchor_value)
    if anchor_precision == "day":
        return (d + shift).isoformat(), "day"
    if anchor_precision == "month":
        lo, hi = d, date(d.year, d.month, monthrange(d.year, d.month)[1])
    else:
        lo, hi = date(d.year, 1, 1), date(d.year, 12, 31)
    value, precision = _span(lo + shift, hi + shift)
    return value, precision


def infer_publication_date(doc: NormText, lang: str) -> tuple[date | None, str]:
    """Document date from the article's own evidence when no publication date is given;
    returns (date or None, one-line reason).

    A dateline (a full date alone at the top, or before a separator) gives the
    date directly. Otherwise every day of the years the article names (each
    explicit year and the next) is tested against the article's constraints:
    a weekday tied to a relative day ("امس الاربعاء": publication - 1 is a
    Wednesday), a relative day tied to a date ("اليوم الخميس 13 شباط"), a day
    or month said to be current ("11 شباط الجاري"), a month said to be past.
    The date is returned only when exactly one day survives; there is no
    recency guess (such as "within a week of the latest dated event").

    Examples
    --------
    >>> from ingest.text import normalize_text
    >>> infer_publication_date(normalize_text("الرباط 3 مارس 2021 /وقع البلدان اتفاقا"), "ar")
    (datetime.date(2021, 3, 3), "dateline '3 مارس 2021'")
    >>> infer_publication_date(normalize_text("التقى الوزير نظيره"), "ar")
    (None, 'not pinnable: no explicit year in the text')
    """
    cues = _cues(doc.text, lang)
    for cue in cues:
        if "dateline" in cue.flags and cue.form == "ymd":
            return _cue_date(cue), f"dateline {doc.text[cue.start : cue.end]!r}"
    named = sorted({c.year for c in cues if c.form in ("ymd", "ym", "y") and c.year})[-_MAX_YEARS:]
    years = sorted({y for year in named for y in (year, year + 1)})
    if not years:
        return None, "not pinnable: no explicit year in the text"
    tests = [(c, t) for c in cues if (t := _constraint(c)) is not None]
    if not any(c.weekday is not None or c.rel_shift is not None for c, _ in tests):
        return None, "not pinnable: no weekday tied to the publication date"
    survivors = [d for d in _days_of(years) if all(test(d) for _, test in tests)]
    cited = ", ".join(repr(doc.text[c.start : c.end]) for c, _ in tests)
    if len(survivors) == 1:
        return survivors[0], f"pinned by {cited} within {years[0]}-{years[-1]}"
    if not survivors:
        return None, f"not pinnable: {cited} contradict each other within {years[0]}-{years[-1]}"
    shown = ", ".join(d.isoformat() for d in survivors[:4]) + (", ..." if len(survivors) > 4 else "")
    return None, f"not pinnable: {cited} allow {len(survivors)} dates within {years[0]}-{years[-1]} ({shown})"


def _days_of(years: list[int]) -> Iterator[date]:
    for y in years:
        d = date(y, 1, 1)
        while d.year == y:
            yield d
            d += timedelta(days=1)


def _relative_date_fits(cue: _Cue, d: date) -> bool:
    return (
        (d.month, d.day) == (cue.month, cue.day)
        and (cue.year is None or d.year == cue.year)
        and (cue.weekday is None or d.weekday() == cue.weekday)
    )


def _constraint(cue: _Cue) -> Callable[[date], bool] | None:
    """A test on candidate publication dates implied by one cue, or None if it implies none."""
    if cue.rel_shift is not None:
        return lambda pub: _relative_date_fits(cue, pub + timedelta(days=cue.rel_shift or 0))
    if cue.form == "rel" and cue.weekday is not None:
        return lambda pub: (pub + timedelta(days=cue.shift)).weekday() == cue.weekday
    if cue.form == "md" and cue.qual is None and cue.year_shift is None and cue.weekday is not None:
        return lambda pub: (
            not _weekday_both(
                _md_past(pub, cue.month or 1, cue.day or 1, False),
                _md_next(pub, cue.month or 1, cue.day or 1, False),
                cue.weekday,
            )
        )
    if cue.form in ("md", "m") and cue.qual == _CURRENT:
        return lambda pub: pub.month == cue.month
    if cue.form in ("md", "m") and cue.qual == _PAST and cue.day is None:
        return lambda pub: pub.month != cue.month
    return None
