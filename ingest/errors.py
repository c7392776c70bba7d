"""Sifara's exceptions: one small hierarchy, messages that name the file and what to do."""

from __future__ import annotations

__all__ = ["InputError", "LexiconError", "QueryError", "SifaraError", "StoreError"]


class SifaraError(Exception):
    """Base of every error Sifara raises on purpose; the CLI prints it as one line."""

    exit_code = 1


class InputError(SifaraError):
    """An input file or record cannot be read (names the file, the line and the problem)."""

    exit_code = 2


class LexiconError(SifaraError):
    """A lexicon data file is missing or malformed."""

    exit_code = 3


class StoreError(SifaraError):
    """The canonical store on disk is missing, unreadable or inconsistent."""

    exit_code = 4


class QueryError(SifaraError):
    """A query cannot run on the chosen backend, or its parameters are wrong."""

    exit_code = 5
