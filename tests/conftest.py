"""Shared test fixtures: where ../shared is, and small article builders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """SIFARA_SHARED, else a ``shared`` folder beside the checkout or beside one of its parents."""
    if os.environ.get("SIFARA_SHARED") and (Path(os.environ["SIFARA_SHARED"]) / "eval" / "score.py").is_file():
        return Path(os.environ["SIFARA_SHARED"])
    for parent in REPO.parents:
        candidate = parent / "shared"
        if (candidate / "eval" / "score.py").is_file():
            return candidate
    return REPO.parent / "shared"


SHARED = _find_shared()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The folder of shared evaluation data (seed article, gold, dev set); skip when absent."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"shared evaluation data not found at {SHARED} (set SIFARA_SHARED)")
    return SHARED


@pytest.fixture
def write_article(tmp_path: Path):
    """Write a .txt article with front matter and return its path."""

    def _write(name: str, body: str, published: str | None = "2025-02-13", folder: Path | None = None,
               **meta: str) -> Path:
        folder = folder or tmp_path / "in"
        folder.mkdir(parents=True, exist_ok=True)
        lines = ["---"]
        if published:
            lines.append(f"published: {published}")
        lines += [f"{k}: {v}" for k, v in meta.items()]
        lines.append("---")
        path = folder / name
        path.write_text("\n".join(lines) + "\n" + body + "\n", encoding="utf-8")
        return path

    return _write
