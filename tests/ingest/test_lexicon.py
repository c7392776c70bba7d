"""Lexicon integrity: every data file loads, entries are normalised, no YAML surprises."""

from __future__ import annotations

from typing import Any

import pytest

from ingest import lexicon
from ingest.text import normalize

VOCAB = [("ar", "triggers"), ("ar", "cues"), ("ar", "titles"), ("ar", "nisba"), ("ar", "dates"),
         ("en", "triggers"), ("en", "cues"), ("en", "titles"), ("en", "nisba"), ("en", "dates")]


def _strings(x: Any, path: str = ""):
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _strings(v, f"{path}/{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _strings(v, f"{path}/{i}")
    else:
        yield path, x


@pytest.mark.parametrize("lang, name", VOCAB)
def test_lexicon_no_yaml_booleans_in_word_lists(lang, name):
    """YAML 1.1 reads on/no/yes as booleans: every listed form must stay a string."""
    data = lexicon.load(lang, name)
    bad = [p for p, v in _strings(data) if isinstance(v, bool) and "/forms/" in p + "/"]
    assert not bad, f"{lang}/{name}.yaml: quote these entries: {bad}"


@pytest.mark.parametrize("name", ["triggers", "cues", "titles", "nisba"])
def test_lexicon_arabic_entries_normalised(name):
    data = lexicon.load("ar", name)
    bad = [(p, v) for p, v in _strings(data) if isinstance(v, str) and any("\u0600" <= c <= "\u06ff" for c in v)
           and normalize(v) != v]
    assert not bad, f"ar/{name}.yaml has entries that are not normalised: {bad[:5]}"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_lexicon_trigger_types_exist(lang):
    types = set(lexicon.load("base", "event_types"))
    for entry in lexicon.load(lang, "triggers")["triggers"]:
        assert entry["type"] in types, entry["id"]
        assert entry["forms"], entry["id"]


def test_lexicon_same_file_names_in_each_language():
    """Every language folder has the same files (transliteration is Arabic-only by nature)."""
    assert set(lexicon.available("ar")) - {"transliteration"} == set(lexicon.available("en"))


def test_lexicon_missing_file_is_a_clear_error():
    from ingest.errors import LexiconError

    with pytest.raises(LexiconError, match="missing"):
        lexicon.load("ar", "no_such_file")
