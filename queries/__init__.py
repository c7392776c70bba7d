"""Canned queries (``queries/cypher/*.cypher``, ``queries/sparql/*.rq``) and the runner.

Each file opens with a header of ``//`` (Cypher) or ``#`` (SPARQL) comment
lines::

    // Calls between two dates.
    // params: start: str = "2025-01-01" (ISO date, inclusive); end: str = "2025-12-31"
    // backends: embedded, neo4j

The first line is the description; ``params`` lists ``name: type = default``
entries separated by ``;`` (the default doubles as the example); ``backends``
says where the query runs.

A query that both backends run may also have a Neo4j-tuned text in
``queries/cypher/neo4j/NAME.cypher`` (same parameters, same rows: a test runs
both): grand-cypher cannot parse everything that makes Neo4j fast, such as
aggregating on nodes in a ``WITH`` before reading their properties. Use
:meth:`CannedQuery.text_for` to get the text for a backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from ingest.errors import QueryError

__all__ = ["CannedQuery", "Param", "canned", "list_canned"]


@dataclass(frozen=True)
class Param:
    """One declared parameter of a canned query."""

    name: str
    type: str
    example: str
    doc: str = ""


@dataclass(frozen=True)
class CannedQuery:
    """A canned query file: its text and its header."""

    name: str
    language: str  # cypher | sparql
    text: str
    description: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    backends: tuple[str, ...] = ("embedded", "neo4j")
    neo4j_text: str | None = None  # queries/cypher/neo4j/NAME.cypher, if there is one

    def text_for(self, backend: str) -> str:
        """The text to run on ``backend`` ("embedded" or "neo4j"): the Neo4j-tuned one where there is one."""
        return self.neo4j_text if backend == "neo4j" and self.neo4j_text else self.text

    def coerce(self, given: dict[str, str]) -> dict[str, object]:
        """Check and convert ``--param k=v`` strings to the declared types."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(f"query {self.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"it takes {', '.join(known) or 'none'}")
        out: dict[str, object] = {}
        for p in self.params:
            if p.name not in given and not p.example:
                raise QueryError(f"query {self.name}: missing parameter {p.name} ({p.type})")
            raw = given.get(p.name, p.example)  # the header's value is the default
            try:
                out[p.name] = int(raw) if p.type == "int" else float(raw) if p.type == "float" else str(raw)
            except ValueError as exc:
                raise QueryError(f"query {self.name}: parameter {p.name} must be {p.type}, got {raw!r}") from exc
        return out


_PARAM = re.compile(r"^\s*(\w+)\s*:\s*(\w+)\s*(?:=\s*(\"[^\"]*\"|\S+))?\s*(?:\((.*)\))?\s*$")


def _parse(name: str, language: str, text: str) -> CannedQuery:
    marker = "//" if language == "cypher" else "#"
    header = []
    for line in text.splitlines():
        if line.startswith(marker):
            header.append(line[len(marker):].strip())
        elif line.strip():
            break
    if not header:
        raise QueryError(f"query file {name}: missing header comment")
    description = header[0]
    params: list[Param] = []
    backends: tuple[str, ...] = ("embedded", "neo4j")
    for h in header[1:]:
        key, _, value = h.partition(":")
        if key.strip() == "params" and value.strip() and value.strip() != "none":
            for part in value.split(";"):
                m = _PARAM.match(part)
                if not m:
                    raise QueryError(f"query file {name}: cannot read parameter declaration {part.strip()!r}")
                params.append(Param(m[1], m[2], (m[3] or "").strip('"'), (m[4] or "").strip()))
        elif key.strip() == "backends":
            backends = tuple(b.strip() for b in value.split(",") if b.strip())
    return CannedQuery(name, language, text, description, tuple(params), backends)


@cache
def _all() -> dict[tuple[str, str], CannedQuery]:
    found: dict[tuple[str, str], CannedQuery] = {}
    root = resources.files(__package__)
    for folder, language, suffix in (("cypher", "cypher", ".cypher"), ("sparql", "sparql", ".rq")):
        d = root.joinpath(folder)
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir(), key=lambda p: p.name):
            if f.name.endswith(suffix):
                name = f.name[: -len(suffix)]
                query = _parse(name, language, f.read_text(encoding="utf-8"))
                tuned = d.joinpath("neo4j", f.name)
                if language == "cypher" and tuned.is_file():
                    query = replace(query, neo4j_text=tuned.read_text(encoding="utf-8"))
                found[(language, name)] = query
    return found


def list_canned(language: str = "cypher") -> list[CannedQuery]:
    """All canned queries of one language, by name."""
    return [q for (lang, _), q in sorted(_all().items()) if lang == language]


def canned(name: str, language: str = "cypher") -> CannedQuery:
    """One canned query by name."""
    try:
        return _all()[(language, name)]
    except KeyError:
        names = ", ".join(q.name for q in list_canned(language))
        raise QueryError(f"no canned {language} query named {name!r}; available: {names}") from None
