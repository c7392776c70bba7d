"""The fast matchers give exactly what the plain ones they replace gave (property-based).

Each test keeps the straightforward version as the reference: a sorted
alternation for the trie regexes, the n-gram probe loop for the prefix-index
lookup, ``str.translate`` for the normaliser, the whole-chunk search for the
sentence splitter's abbreviations.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import actors, dates, text
from ingest.text import normalize_text, split_sentences
from ingest.triggers import trie_regex

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# few letters, so that forms share prefixes and overlap in the text
LETTERS = st.sampled_from([*"ابتلوف", "ال", " "])
FORMS = st.lists(st.lists(LETTERS, min_size=1, max_size=6).map("".join).map(lambda f: " ".join(f.split())),
                 min_size=1, max_size=12)
TEXTS = st.lists(st.sampled_from([*"ابتلوف", "ال", " ", "  ", "\n", "،", "x"]), max_size=60).map("".join)


def _plain(forms: set[str], space: str = r"\s+") -> str:
    return "|".join(re.escape(f).replace(r"\ ", space) for f in sorted(forms, key=len, reverse=True))


@FAST
@given(FORMS, TEXTS)
def test_trie_regex_matches_like_the_sorted_alternation(forms, sample):
    uniq = {f for f in forms if f}
    for space in (r"\s+", " "):
        for wrap in (r"(?<!\w)(?:{})(?!\w)", r"(?:[وف])?(?P<w>{})(?:ه|ها)?(?!\w)", r"{}"):
            old = re.compile(wrap.format(_plain(uniq, space)))
            new = re.compile(wrap.format(trie_regex(uniq, space=space)))
            assert [(m.span(), m.groups()) for m in old.finditer(sample)] == \
                   [(m.span(), m.groups()) for m in new.finditer(sample)]


@FAST
@given(st.lists(st.sampled_from(["meet", "Meet", "met", "meeting", "met with", "Met With", "talks", "held talks"]),
                min_size=1), st.lists(st.sampled_from(["Met", "met", "with", "With", "meeting", "talks", " ", "  "]),
                                      max_size=20).map(" ".join))
def test_trie_regex_folded_matches_like_the_case_insensitive_alternation(forms, sample):
    old = re.compile(rf"(?<![\w-])(?:{_plain(set(forms))})(?![\w-])", re.IGNORECASE)
    new = re.compile(rf"(?<![\w-])(?:{trie_regex(set(forms), fold=True)})(?![\w-])", re.IGNORECASE)
    assert [m.span() for m in old.finditer(sample)] == [m.span() for m in new.finditer(sample)]


def _lookup_reference(tokens, i, table, lang, max_len):
    """The n-gram probe loop that :func:`ingest.actors._lookup` replaced."""
    best = None
    firsts = {k.split(" ", 1)[0] for k in table}
    for first, prefix in actors._first_variants(tokens[i].text, lang):
        if first not in firsts:
            continue
        parts = [first]
        for n in range(1, min(max_len, len(tokens) - i) + 1):
            if n > 1:
                parts.append(tokens[i + n - 1].text)
            val = table.get(" ".join(parts))
            if val is not None and (best is None or n > best[0]):
                best = (n, val, prefix)
    return best


WORDS = st.sampled_from(["الملك", "وبالملك", "للملك", "ملك", "سلمان", "بن", "عبد", "العزيز", "والعزيز", "وفد", "روسي"])


@FAST
@given(st.dictionaries(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), st.sampled_from(["a", "b", "c"]),
                       max_size=10),
       st.lists(WORDS, min_size=1, max_size=12).map(" ".join), st.integers(1, 5))
def test_prefix_index_lookup_finds_what_the_probe_loop_found(table, sample, max_len):
    toks = actors._tokens(sample, "ar")
    aliases = actors._Aliases()
    for k, v in table.items():
        aliases.setdefault(k, v)
    for i in range(len(toks)):
        for t in (table, aliases):
            assert actors._lookup(toks, i, t, "ar", max_len) == _lookup_reference(toks, i, t, "ar", max_len)


@FAST
@given(st.text(alphabet=st.sampled_from([*"قال أَحمد «» “” ـ\u200f\u00a0٣٤ ىة\nx", chr(0x064B)]), max_size=80))
def test_normalize_text_fast_path_is_the_table_translation(sample):
    if not unicodedata.is_normalized("NFKC", sample):
        return
    doc = normalize_text(sample)
    assert doc.text == sample.translate(text._TABLE)
    assert doc.offsets == tuple(i for i, ch in enumerate(sample) if ch not in text._REMOVED)


def _split_reference(t: str) -> list[tuple[int, int]]:
    """Sentence spans with the abbreviation searched in the whole chunk (as before the tail-only search)."""
    out, start, pending = [], 0, None
    for m in text._breaks(t):
        if "\n" not in m.group(0) and text._ABBREV.search(t[start:m.start()]):
            pending = start if pending is None else pending
            start = m.end()
            continue
        out.append(((pending if pending is not None else start), m.start()))
        pending, start = None, m.end()
    out.append(((pending if pending is not None else start), len(t)))
    spans = []
    for a, b in out:
        while a < b and t[a].isspace():
            a += 1
        while b > a and t[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


@FAST
@given(st.lists(st.sampled_from(["Mr.", "U.S.", "Sept.", "ASept.", "word", "Word.", "3.5", "said.", " ", "  ", "\n",
                                 "\n\n", "\n  ", "قال.", "؟", "J.", "etc."]), max_size=30).map(" ".join))
def test_split_sentences_tail_search_splits_as_before(sample):
    assert [(s.start, s.end) for s in split_sentences(sample)] == _split_reference(sample)


def _fold_reference(t: str) -> tuple[str, tuple[int, ...]]:
    """The per-character loop that :func:`ingest.text._fold_each` replaced."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(t):
        f = text._fold_char(ch)
        out.append(f)
        offsets.extend([i] * len(f))
    return "".join(out), tuple(offsets)


PRESENTATION = st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC)


@FAST
@given(st.lists(st.one_of(st.text(max_size=5), PRESENTATION, st.sampled_from(["َّ", "ﻻ", "ﷺ", "أ", "\u200f", "٣"])),
                max_size=40).map("".join))
def test_normalize_text_is_the_per_character_fold(sample):
    doc = normalize_text(sample)
    assert (doc.text, doc.offsets) == _fold_reference(sample)


def _full_search(g: dates._Grammar) -> dates._Grammar:
    """The grammar with every pattern searched through the whole text (no head-word starts)."""
    ref = copy.copy(g)
    ref.patterns = [replace(p, heads=None) for p in g.patterns]
    return ref


def _date_words(lang: str) -> list[str]:
    g = dates._grammar(lang)
    words = {w for forms in g.vocab.values() for f in forms for w in f.split()}
    words |= {w for p in g.patterns if p.heads for w in p.heads}
    return sorted(words)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_dates_head_word_starts_find_what_searching_finds(lang, shared):
    g = dates._grammar(lang)
    ref = _full_search(g)
    for path in sorted((shared / "eval" / "dev" / lang).glob("*.txt")):
        doc = normalize_text(path.read_text(encoding="utf-8"))
        assert g.scan(doc.text) == ref.scan(doc.text)


@FAST
@given(st.data())
def test_dates_head_word_starts_find_what_searching_finds_fuzz(data):
    lang = data.draw(st.sampled_from(["ar", "en"]))
    words = _date_words(lang)
    glue = st.sampled_from([" ", " ", "  ", "\n", "، ", ", ", "-", "/", " (", ") ", ". ", " و", " ف", "x", " ال"])
    word = st.one_of(st.sampled_from(words), st.integers(0, 2030).map(str))
    parts = data.draw(st.lists(st.tuples(word, glue).map("".join), max_size=25))
    sample = normalize_text("".join(parts)).text
    g = dates._grammar(lang)
    assert g.scan(sample) == _full_search(g).scan(sample)


@FAST
@given(st.text(max_size=60) | st.lists(st.sampled_from(["قال", "الرئيس", " ", "،", "\n", "٣", "x_y", "_"]),
                                       max_size=20).map("".join))
def test_arabic_tokens_are_the_word_runs(sample):
    assert [(t.start, t.end, t.text) for t in actors._tokens(sample, "ar")] == \
           [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", sample)]
