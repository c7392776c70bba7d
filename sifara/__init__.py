"""Sifara: a diplomatic event knowledge graph from Arabic and English news.

>>> import sifara                                    # doctest: +SKIP
>>> kg = sifara.build(["articles/"], out="out")      # doctest: +SKIP
>>> kg.events                                        # doctest: +SKIP
"""

from __future__ import annotations

from sifara.api import KnowledgeGraph, build, open_graph

__all__ = ["KnowledgeGraph", "__version__", "build", "open_graph"]

try:
    from importlib.metadata import version as _version

    __version__ = _version("sifara")
except Exception:  # not installed (running from a checkout)
    __version__ = "0+unknown"
