"""Plain data passed between the ingest stages and handed to ``graph``.

Everything here is language-free: surface strings have already been translated
to canonical keys (actor ids, event types, ISO dates) by the stage that found them.
Offsets are character offsets into the *normalised* article text
(:class:`ingest.text.NormText`) unless a field says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "Actor",
    "ActorMention",
    "Article",
    "DateMention",
    "Event",
    "Extraction",
    "Role",
]

Precision = Literal["day", "month", "year"]
DateKind = Literal["absolute", "relative_publication", "relative_event", "unresolved"]
ActorKind = Literal["person", "country", "organization", "media", "group", "place"]


@dataclass(frozen=True)
class Article:
    """One input article with its metadata."""

    id: str
    text: str
    language: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    source_path: str | None = None
    published_inferred: bool = False
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Role:
    """An office held by a person: ``office`` is a canonical key (``foreign_minister``)."""

    office: str
    org: str | None = None  # actor id of the country or organisation
    title: str | None = None  # English title for display
    title_ar: str | None = None
    since: str | None = None  # ISO date at any precision
    until: str | None = None


@dataclass
class Actor:
    """A resolved actor, from the dictionary or discovered in text."""

    id: str
    name: str
    kind: str
    name_ar: str | None = None
    names: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166 alpha-3
    wikidata: str | None = None
    roles: list[Role] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    discovered: bool = False


@dataclass
class ActorMention:
    """A span of text that refers to an actor (or to an office, to resolve on a date).

    ``actor_id`` is None for a description not yet resolved (``role`` set) or
    for a pair reference ("the two sides"), marked by ``pair``.
    """

    start: int
    end: int
    text: str
    actor_id: str | None
    kind: str
    role: tuple[str, str | None] | None = None  # (office key, org actor id) for descriptions
    title_span: tuple[int, int] | None = None
    pair: bool = False
    via: str = "dictionary"  # dictionary | title | coref | description | nisba | pair | group | counterpart
    name: str | None = None  # the name part of a discovered person or group (normalised)
    members: list[str] = field(default_factory=list)  # for a group: its named members
    clitic: str = ""  # Arabic prefix clitics stripped to match (و، ب، ل، وب …): "و" marks coordination


@dataclass
class DateMention:
    """A temporal expression and its resolution.

    ``value`` is ISO at ``precision`` (``2025-02-12``, ``2025-02``, ``2015``) or
    None when it cannot be resolved. For ``kind == "relative_event"`` the
    expression names another event (``anchor_span``) and ``offset_days``
    says how far from it; the events stage resolves it.
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: Precision | None
    kind: DateKind
    offset_days: int | None = None
    anchor_span: tuple[int, int] | None = None
    flags: tuple[str, ...] = ()
    # For expressions whose direction depends on the verb's tense (a bare
    # weekday, a day and month with no year and no الجاري/الماضي): ``value`` is
    # the past reading and ``value_if_planned`` the future one.
    value_if_planned: str | None = None


@dataclass
class Event:
    """One extracted event (one mention); ``graph.store`` merges mentions of one event."""

    type: str
    source: list[str]
    target: list[str]
    date: str | None
    date_precision: str | None
    article: str
    evidence: str
    sentence: int
    start: int  # offsets in the original article text
    end: int
    date_kind: str | None = None
    date_text: str | None = None
    modality: str = "occurred"
    place: list[str] = field(default_factory=list)
    reported_by: list[str] = field(default_factory=list)
    quote: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    confidence: float = 0.5
    rule: str = ""
    trigger: str = ""
    parent: str | None = None  # id of an enclosing event (a meeting during a visit)
    id: str = ""


@dataclass
class Extraction:
    """What ``ingest`` hands to ``graph`` for one article."""

    article: Article
    actors: list[Actor]
    events: list[Event]
    warnings: list[str] = field(default_factory=list)
