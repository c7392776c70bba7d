"""`sifara eval` agrees with the reference scorer on the same store and gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sifara
from graph.store import Store
from sifara.evaluation import evaluate


def _reference(shared: Path, store: Path, gold: Path) -> dict:
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--system", str(store), "--gold", str(gold),
                          "--json"], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(res.stdout)


@pytest.mark.parametrize("which", ["seed", "dev-ar", "dev-en"])
def test_evaluation_agrees_with_score_py(shared: Path, tmp_path: Path, which):
    inputs = {"seed": (shared / "corpus" / "seed", shared / "eval" / "seed.gold.jsonl", "2025-02-13"),
              "dev-ar": (shared / "eval" / "dev" / "ar", shared / "eval" / "dev" / "ar.gold.jsonl", None),
              "dev-en": (shared / "eval" / "dev" / "en", shared / "eval" / "dev" / "en.gold.jsonl", None)}
    src, gold, published = inputs[which]
    sifara.build([str(src)], out=tmp_path, published=published)
    ours = evaluate(Store.open(tmp_path), gold)
    ref = _reference(shared, tmp_path, gold)
    for mode in ("strict", "loose"):
        assert ours[mode] == ref[mode]
    assert ours["actor_recall"] == ref["actor_recall"]
    assert ours["details"] == ref["details"]
