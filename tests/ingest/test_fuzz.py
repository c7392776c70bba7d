"""Property-based fuzzing: arbitrary Unicode never crashes normalisation, dates or extraction.

Bounded to keep the suite fast; `make soak` runs them longer (HYPOTHESIS_PROFILE=soak).
"""

from __future__ import annotations

import os
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import actors, dates
from ingest.model import Article
from ingest.pipeline import extract
from ingest.text import normalize_text, split_sentences

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Arabic-heavy text with the characters that break naive code: harakat, tatweel, presentation forms,
# bidi and zero-width controls, Arabic-Indic digits, quotes and punctuation.
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
TRICKY = st.sampled_from(list("\u200f\u200e\u202b\u202c\u200d\u200c\ufeff\u0640\u064b\ufefb\ufe8e«»“”.،؟!:\n ٠١٢٣٤٥٦٧٨٩"))
WORDS = st.sampled_from(["قال", "أمس", "الأربعاء", "وزير", "الخارجية", "الروسي", "بوتين", "اتصالا", "هاتفيا", "مع",
                         "زار", "دمشق", "في", "28", "من", "كانون", "الثاني", "الماضي", "said", "on", "Tuesday",
                         "Foreign", "Minister", "met", "with", "Putin", "visited", "Cairo", "2015", "the"])
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(WORDS, ARABIC, TRICKY), max_size=80).map(" ".join),
)


@given(TEXT)
def test_fuzz_normalize_offsets_inside_text(text):
    doc = normalize_text(text)
    assert len(doc.offsets) == len(doc.text)
    assert all(0 <= o < len(text) for o in doc.offsets)
    assert list(doc.offsets) == sorted(doc.offsets)
    for s in split_sentences(doc.text):
        a, b = doc.orig_span(s.start, s.end)
        assert 0 <= a <= b <= len(text)


@given(TEXT, st.sampled_from(["ar", "en"]))
def test_fuzz_dates_iso_at_precision(text, lang):
    doc = normalize_text(text)
    for d in dates.find_dates(doc, lang, date(2025, 2, 13)):
        assert 0 <= d.start <= d.end <= len(doc.text)
        for value in (d.value, d.value_if_planned):
            if value is None:
                continue
            pattern = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}[d.precision or "day"]
            assert re.fullmatch(pattern, value), (d.text, value, d.precision)
            if d.precision == "day":
                date.fromisoformat(value)


@given(TEXT, st.sampled_from(["ar", "en"]))
def test_fuzz_extraction_is_total_and_deterministic(text, lang):
    art = Article(id="fuzz", text=text or "x", language=lang, published=date(2025, 2, 13))
    one, two = extract(art), extract(art)
    assert [e.id for e in one.events] == [e.id for e in two.events]
    known = {a.id for a in one.actors}
    for ev in one.events:
        for aid in ev.source + ev.target:
            assert aid in known or actors.get_actor(aid) is not None, aid
        assert 0 <= ev.start <= ev.end <= len(art.text)
        if ev.date:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", ev.date)
