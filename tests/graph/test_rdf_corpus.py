"""The RDF export of the real seed and dev set conforms to the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sifara
from graph.rdf import to_rdf, validate


@pytest.mark.parametrize("src, published", [("corpus/seed", "2025-02-13"), ("eval/dev/ar", None), ("eval/dev/en", None)])
def test_rdf_corpus_export_conforms(shared: Path, tmp_path: Path, src, published):
    kg = sifara.build([str(shared / src)], out=tmp_path, published=published)
    ok, report = validate(to_rdf(kg.graph))
    assert ok, report[:2000]
