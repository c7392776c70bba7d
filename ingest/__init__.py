"""Sifara ingest: articles in, extracted events out (pure data; no graphs, no databases)."""
