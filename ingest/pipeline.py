"""The ingest pipeline: one article in, its actors and events out (pure: no I/O).

normalise → actors → dates → triggers and frames → events, each stage a
function of the previous ones' output.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ingest import actors, dates, events
from ingest.model import Article, Extraction
from ingest.text import normalize, normalize_text

__all__ = ["extract"]


@lru_cache(maxsize=65536)
def _actor_names(actor_id: str) -> frozenset[str]:
    actor = actors.get_actor(actor_id)
    if actor is None:
        return frozenset()
    return frozenset(normalize(n) for n in [actor.name, actor.name_ar or "", *actor.names] if n)


def extract(article: Article) -> Extraction:
    """Extract the events of one article.

    When the article has no publication date, the document date is inferred
    from its own evidence (and marked inferred) or left unknown; relative
    dates then stay unresolved rather than wrong.
    """
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
