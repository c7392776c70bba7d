"""The ingest pipeline: one article in, its actors and events out (pure: no I/O).

normalise → actors → dates → triggers and frames → events, each stage a
function of the previous ones' output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ingest import actors, dates, events
from ingest.model import Article, Extraction
from ingest.text import normalize, normalize_text, split_sentences

__all__ = ["MAX_PART_CHARS", "extract", "split_parts", "warm_up"]


# One sentence per language that goes through every stage (actors, a title, a date, a trigger).
_WARM_UP = {
    "ar": "قال الرئيس الروسي فلاديمير بوتين امس ان الحوار ضروري.",
    "en": "Russian President Vladimir Putin said on Monday that dialogue matters.",
}


@lru_cache(maxsize=65536)
def _actor_names(actor_id: str) -> frozenset[str]:
    actor = actors.get_actor(actor_id)
    if actor is None:
        return frozenset()
    return frozenset(normalize(n) for n in [actor.name, actor.name_ar or "", *actor.names] if n)


# Articles longer than this are read in parts (split at a paragraph, else a sentence end, else a
# space): some article-level passes compare every event or mention with every other, and a 10 MB
# page scraped as one "article" would take hours. Real news articles are far shorter (dev: < 12k).
MAX_PART_CHARS = 100_000
_SENTENCE_END = re.compile(r"[.!?\u061f\u06d4\u3002][\"'\u201d\u00bb)]*\s")


def extract(article: Article) -> Extraction:
    """Extract the events of one article.

    When the article has no publication date, the document date is inferred
    from its own evidence (and marked inferred) or left unknown; relative
    dates then stay unresolved rather than wrong. An article longer than
    :data:`MAX_PART_CHARS` is read in parts, with a warning: what a sentence
    takes from earlier ones (a pronoun's person, an inherited date) does not
    cross a part boundary.
    """
    if len(article.text) <= MAX_PART_CHARS:
        return _extract_one(article)
    parts = split_parts(article.text, MAX_PART_CHARS)
    first = _extract_one(replace(article, text=parts[0][1]))
    article = replace(first.article, text=article.text)  # with the inferred publication date, if any
    actors_by_id = {a.id: a for a in first.actors}
    found, warnings = list(first.events), list(first.warnings)
    sentence_base = _sentence_count(parts[0][1])
    for offset, part in parts[1:]:
        x = _extract_one(replace(article, text=part))
        for ev in x.events:
            ev.start, ev.end, ev.sentence = ev.start + offset, ev.end + offset, ev.sentence + sentence_base
        for actor in x.actors:
            actors_by_id.setdefault(actor.id, actor)
        found.extend(x.events)
        sentence_base += _sentence_count(part)
    warnings.append(f"article of {len(article.text):,} characters read in {len(parts)} parts of at most "
                    f"{MAX_PART_CHARS:,}; context does not cross a part boundary")
    return Extraction(article=article, actors=list(actors_by_id.values()), events=found, warnings=warnings)


def split_parts(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into ``(offset, part)`` pieces of at most ``limit`` characters.

    Each cut falls at the last line break of the window, else after its last
    sentence end, else at its last space, else at the limit itself; a cut
    never falls in the first half of a window.

    >>> split_parts("one. two. three.", 10)
    [(0, 'one. two. '), (10, 'three.')]
    """
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 2:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
            cut = ends[-1] if ends else window.rfind(" ") + 1
        if cut <= limit // 2:
            cut = limit
        parts.append((start, window[:cut]))
        start += cut
    parts.append((start, text[start:]))
    return parts


def _sentence_count(text: str) -> int:
    return len(split_sentences(normalize_text(text).text))


def _extract_one(article: Article) -> Extraction:
    doc = normalize_text(article.text)
    warnings: list[str] = []
    if article.published is None:
        inferred, reason = dates.infer_publication_date(doc, article.language)
        if inferred is not None:
            article = replace(article, published=inferred, published_inferred=True)
        warnings.append(f"no publication date given; {reason}")
    mentions = actors.find_actors(doc, article.language, article.published)
    date_mentions = dates.find_dates(doc, article.language, article.published)
    found = events.extract_events(doc, article, mentions, date_mentions,
                                  resolve_role=actors.resolve_role, actor_names=_actor_names)
    used = {a for ev in found for a in (*ev.source, *ev.target, *ev.place, *ev.reported_by)}
    people = actors.article_actors(mentions)
    known = {a.id for a in people}
    for actor_id in sorted(used - known):
        extra = actors.get_actor(actor_id)
        if extra is not None:
            people.append(extra)
    return Extraction(article=article, actors=people, events=found, warnings=warnings)


def warm_up(languages: Iterable[str]) -> None:
    """Load the lexicon and build the caches that extraction of these languages uses.

    Called before forking worker processes, so that they share what it loaded
    instead of each loading it again.
    """
    for lang in sorted(set(languages)):
        if lang in _WARM_UP:
            extract(Article(id=f"warm-up-{lang}", text=_WARM_UP[lang], language=lang, published=date(2024, 5, 2)))
