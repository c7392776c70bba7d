"""Find event triggers and cue words in normalised text, from the lexicon files.

``ingest/lexicon/<lang>/triggers.yaml`` lists surface forms by event type and
argument frame; ``cues.yaml`` lists negation, modality, attribution and
discussion cues. Everything is compiled once per language into one regular
expression, its word lists factored as character tries (:func:`trie_regex`:
longest form first, one branch per character), so matching is a single scan
per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ingest import lexicon
from ingest.errors import LexiconError
from ingest.text import normalize

__all__ = ["Cues", "Frame", "TriggerMatch", "cues", "find_forms", "find_triggers", "trie_regex"]

_AR_CONJ = "(?:[وف])?"
_AR_VERB_SUFFIX = "(?:ه|ها|هما|هم|ني|نا)?"
_AR_NOUN_PREFIX = "(?:ب|ل|ك|لل|بال)?"
_AR_NOUN_SUFFIX = "(?:ه|ها|هما|هم)?"


@dataclass(frozen=True)
class Frame:
    """The argument frame of a trigger entry (see the header of triggers.yaml)."""

    id: str
    type: str
    pos: str = "verb"
    subject: str = "source"
    target: tuple[str, ...] = ()
    source_marker: tuple[str, ...] = ()
    destination: bool = False
    host: bool = False
    needs_target: bool = False
    signed: bool = False
    congratulation: bool = False
    ongoing: bool = False  # a visit reported as under way: dated to the publication month
    passive_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriggerMatch:
    """One trigger occurrence: span in the normalised text, frame, and what its prefix says."""

    start: int
    end: int
    text: str
    frame: Frame
    future_prefix: bool = False


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns of one language."""

    negation: re.Pattern[str]
    negation_window: int
    hypothetical: re.Pattern[str]
    hypothetical_window: int
    planned: re.Pattern[str]
    planned_window: int
    attribution: re.Pattern[str]
    discussion: re.Pattern[str]
    continuation: re.Pattern[str]
    background: re.Pattern[str]
    prepositions: frozenset[str]
    clitic_prepositions: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def trie_regex(forms: Iterable[str], space: str = r"\s+", fold: bool = False, boundary: str = "") -> str:
    """A regex for any of ``forms`` (normalised), factored as a character trie; spaces match ``space``.

    It matches exactly what the alternation of the forms sorted longest first
    matches: the forms that match at one position are prefixes of one another,
    and the trie too tries the longer one first. But the engine follows one
    branch per character instead of trying every form in turn. ``fold``: for a
    case-insensitive pattern, ASCII forms are lower-cased so that they share
    branches (other forms keep the plain alternation). ``boundary`` is put after
    the first character of every form (a look-behind that checks a word start).

    >>> trie_regex(["اكد", "اكدت", "قال"])
    '(?:اكد(?:ت)?|قال)'
    """
    uniq = set(forms)
    if fold:
        if not all(f.isascii() for f in uniq):
            return "|".join(re.escape(f[0]) + boundary + re.escape(f[1:]).replace(r"\ ", space)
                            for f in sorted(uniq, key=len, reverse=True))
        uniq = {f.lower() for f in uniq}
    root: dict[str, dict] = {}
    for form in sorted(uniq):
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(root, space, boundary)


def _trie_node(node: dict[str, dict], space: str, boundary: str = "") -> str:
    """The regex of a trie node; ``boundary`` follows each of its characters (used at the root only)."""
    branches = [(space if ch == " " else re.escape(ch)) + boundary + _trie_node(child, space)
                for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


def _alternation(forms: list[str], lang: str) -> str:
    return trie_regex({normalize(f) for f in forms if f}, fold=lang == "en")


def _word_re(forms: list[str], lang: str, prefix: bool = True) -> re.Pattern[str]:
    alt = _alternation(forms, lang)
    if lang == "ar":
        pre = _AR_CONJ if prefix else ""
        return re.compile(rf"(?<!\w){pre}(?:{alt})(?!\w)")
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)


@cache
def _entries(lang: str) -> tuple[dict[str, Frame], re.Pattern[str]]:
    data = lexicon.load(lang, "triggers")
    by_form: dict[str, Frame] = {}
    verb_forms: list[str] = []
    noun_forms: list[str] = []
    for entry in data.get("triggers", []):
        try:
            frame = Frame(
                id=entry["id"], type=entry["type"], pos=entry.get("pos", "verb"),
                subject=entry.get("subject", "source"),
                target=tuple(normalize(t) if t != "-" else "-" for t in entry.get("target", [])),
                source_marker=tuple(normalize(t) for t in entry.get("source_marker", [])),
                destination=bool(entry.get("destination")), host=bool(entry.get("host")),
                needs_target=bool(entry.get("needs_target")), signed=bool(entry.get("signed")),
                congratulation=bool(entry.get("congratulation")), ongoing=bool(entry.get("ongoing")),
                passive_by=tuple(entry.get("passive_by", [])),
            )
        except KeyError as exc:
            raise LexiconError(f"{lang}/triggers.yaml: entry {entry!r} lacks {exc}") from exc
        for form in entry["forms"]:
            key = normalize(form) if lang == "ar" else normalize(form).lower()
            by_form.setdefault(key, frame)
            (verb_forms if frame.pos == "verb" else noun_forms).append(form)
    if lang == "ar":
        verbs, nouns = _alternation(verb_forms, lang), _alternation(noun_forms, lang)
        pattern = re.compile(
            rf"(?<!\w)(?:[وف])?(?:(?P<fut>س)?(?P<verb>{verbs}){_AR_VERB_SUFFIX}"
            rf"|{_AR_NOUN_PREFIX}(?P<noun>{nouns}){_AR_NOUN_SUFFIX})(?!\w)"
        )
    else:
        alt = _alternation(verb_forms + noun_forms, lang)
        pattern = re.compile(rf"(?<![\w-])(?P<verb>{alt})(?![\w-])", re.IGNORECASE)
    return by_form, pattern


def find_triggers(text: str, lang: str, start: int = 0, end: int | None = None) -> list[TriggerMatch]:
    """Trigger matches in ``text[start:end]`` (offsets in ``text``), longest form first, non-overlapping.

    >>> [(t.frame.type, t.future_prefix) for t in find_triggers("وسيزور الوزير موسكو", "ar")]
    [('visit', True)]
    """
    by_form, pattern = _entries(lang)
    end = len(text) if end is None else end
    out: list[TriggerMatch] = []
    for m in pattern.finditer(text, start, end):
        core = m.group("verb") if m.group("verb") is not None else m.group("noun")
        if core is None:
            continue
        key = re.sub(r"\s+", " ", core)
        frame = by_form.get(key if lang == "ar" else key.lower())
        if frame is None:
            continue
        fut = bool(lang == "ar" and m.groupdict().get("fut"))
        out.append(TriggerMatch(m.start(), m.end(), m.group(0), frame, fut))
    return out


@cache
def cues(lang: str) -> Cues:
    """The compiled cue patterns of a language."""
    data = lexicon.load(lang, "cues")

    def section(name: str) -> tuple[re.Pattern[str], int]:
        sec = data[name]
        forms = sec["forms"] if isinstance(sec, dict) else sec
        window = sec.get("window", 0) if isinstance(sec, dict) else 0
        return _word_re(forms, lang), int(window)

    neg, negw = section("negation")
    hyp, hypw = section("hypothetical")
    plan, planw = section("planned")
    return Cues(
        negation=neg, negation_window=negw, hypothetical=hyp, hypothetical_window=hypw,
        planned=plan, planned_window=planw,
        attribution=section("attribution")[0], discussion=section("discussion")[0],
        continuation=section("continuation")[0], background=section("background")[0],
        prepositions=frozenset(normalize(p) for p in data.get("prepositions", [])),
        clitic_prepositions=tuple(sorted((normalize(p) for p in data.get("clitic_prepositions", [])), key=len, reverse=True)),
        extra={k: v for k, v in data.items() if k not in {
            "negation", "hypothetical", "planned", "attribution", "discussion", "continuation",
            "background", "prepositions", "clitic_prepositions"}},
    )


def find_forms(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of a cue pattern in ``text[start:end]``."""
    return [(m.start(), m.end()) for m in pattern.finditer(text, start, len(text) if end is None else end)]
