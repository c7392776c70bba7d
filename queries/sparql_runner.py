"""Run SPARQL on the RDF export, read-only, with parameters bound as RDF terms.

rdflib is the API on both engines: an in-memory ``rdflib.Dataset`` is queried
by rdflib's own SPARQL engine, a Dataset on the Oxigraph store (through
oxrdflib) by Oxigraph. :func:`dataset_for` picks Oxigraph for graphs of more
than :data:`OXIGRAPH_THRESHOLD` triples; :func:`run_sparql` runs on whatever
store the dataset has and never copies it behind the caller's back (copying
100k triples to Oxigraph takes about 2 s, more than most single rdflib queries
on them; see :func:`to_oxigraph`).

Parameters
    Values become RDF terms (``str`` → plain literal, ``int`` → ``xsd:integer``,
    ``float`` → ``xsd:double``, ``bool``, ``datetime.date``, or an rdflib term
    as is; ``None`` leaves the variable unbound). On rdflib they are passed as
    ``initBindings``. Through oxrdflib, ``initBindings`` become Oxigraph
    substitutions, which only accept variables the query projects (SPARQL
    SEP-0007), and canned queries do not project their parameters; so on
    Oxigraph the same terms are joined as a ``VALUES`` block opening the
    top-level group, each term serialised by pyoxigraph in canonical N-Triples
    form. No parameter value is ever formatted into the query text by hand.

Read-only
    SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY)
    raises :class:`~ingest.errors.QueryError` unless ``write=True``, and even
    then runs only on an rdflib in-memory store. ``SERVICE``, ``FROM`` and
    ``LOAD`` would make rdflib fetch from the network and are refused always.

Writing queries for both engines (the canned ``queries/sparql/*.rq`` follow this)
    * Declare every prefix. Use parameters in triple patterns anywhere, but in
      ``FILTER`` / ``BIND`` expressions only in the top-level group (or in an
      ``OPTIONAL``'s filter): a ``VALUES`` binding is not seen inside nested groups.
    * rdflib joins the parts of a group one at a time; it feeds the rows of the
      left part into the right one only when neither is itself a join, and
      otherwise evaluates each part on its own (over the whole graph) and
      matches the results pairwise. It also orders a block's triples by how
      many terms are unbound when the block starts, constants counting as
      bound. So: a first ``{ }`` block that starts from the parameters, at most
      one more block joined to it, then ``OPTIONAL`` / ``BIND`` / ``FILTER``
      (an ``OPTIONAL`` is always fed row by row); and no ``?x a Class`` or other
      constant-object triple in the first block unless it is meant to be where
      the query starts. Oxigraph plans joins itself.
    * Parsed queries are cached by text (rdflib takes 0.1-0.5 s to parse one);
      datasets never are.

Rows are dicts keyed by variable name (no ``?``) with plain values: ``int`` for
integer literals, ``float`` for decimals and doubles, ``bool`` for booleans,
the lexical form (``str``) for every other literal (dates stay ISO strings),
``str`` for IRIs and ``None`` for unbound.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Q7747", __labels__={"Actor", "Person"}, id="Q7747", name="Vladimir Putin")
>>> q = "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
>>> q += "SELECT ?name WHERE { ?a dcterms:identifier ?id ; skos:prefLabel ?name }"
>>> run_sparql(dataset_for(G), q, {"id": "Q7747"})
[{'name': 'Vladimir Putin'}]
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any
from typing import Literal as LiteralType

import networkx as nx
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyparsing import ParseException
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.plugins.stores.memory import Memory, SimpleMemory
from rdflib.term import Identifier

from graph.rdf import DEFAULT_BASE, to_rdf
from ingest.errors import QueryError
from queries.runner import time_limit

__all__ = ["OXIGRAPH_THRESHOLD", "dataset_for", "run_sparql", "to_oxigraph", "uses_oxigraph"]

#: above this many triples :func:`dataset_for` puts the graph on the Oxigraph store
OXIGRAPH_THRESHOLD = 50_000

Row = dict[str, Any]
StoreChoice = LiteralType["auto", "memory", "oxigraph"]

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Comments, strings and IRIs (IRIREF as the SPARQL grammar has it: no spaces, no braces)
# may hold "{", "(" or ")" without meaning them; the first "{" outside parentheses opens
# the top-level group ("(EXISTS { … } AS ?x)" in a SELECT clause is inside parentheses).
_TOKENS = re.compile(
    r"""\#[^\n]*
      | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n]|\\.)*' | "(?:[^"\\\n]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | (?P<open>\() | (?P<close>\)) | (?P<brace>\{)""",
    re.VERBOSE,
)
_UPDATE_NAMES = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
    "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}


# -- datasets ----------------------------------------------------------------------------------


def uses_oxigraph(data: Graph) -> bool:
    """True when the graph or dataset lives on the Oxigraph store (queries run in Oxigraph)."""
    return isinstance(data.store, OxigraphStore)


def to_oxigraph(data: Graph) -> Dataset:
    """A copy of a graph or dataset on the Oxigraph store, named graphs kept.

    The copy goes through N-Triples and Oxigraph's own parser (about 2 s for
    100k triples). Queries see the same default graph as on the original: the
    union of all graphs only if the original dataset has ``default_union``.
    """
    out = Dataset(store="Oxigraph", default_union=bool(getattr(data, "default_union", False)))
    if isinstance(data, Dataset):
        pairs = [(g, out.default_graph if g.identifier == DATASET_DEFAULT_GRAPH_ID else out.graph(g.identifier))
                 for g in data.graphs()]
    else:
        pairs = [(data, out.default_graph)]
    for source, target in pairs:
        if len(source):
            target.parse(data=source.serialize(format="nt", encoding="utf-8"), format="ox-nt")
    for prefix, namespace in data.namespaces():
        out.bind(prefix, namespace, replace=True)
    return out


def dataset_for(G: nx.MultiDiGraph, *, store: StoreChoice = "auto", base: str = DEFAULT_BASE) -> Dataset:
    """The RDF dataset of an embedded graph (:func:`graph.rdf.to_rdf`), ready for :func:`run_sparql`.

    ``store="auto"`` keeps rdflib's memory store up to :data:`OXIGRAPH_THRESHOLD`
    triples and moves larger graphs to Oxigraph; ``"memory"`` and ``"oxigraph"``
    force one. Nothing is cached: each call converts ``G`` again.
    """
    if store not in ("auto", "memory", "oxigraph"):
        raise ValueError(f"store must be 'auto', 'memory' or 'oxigraph', not {store!r}")
    ds = to_rdf(G, base)
    if store == "memory" or (store == "auto" and len(ds) <= OXIGRAPH_THRESHOLD):
        return ds
    return to_oxigraph(ds)


# -- running -----------------------------------------------------------------------------------


def run_sparql(
    ds: Dataset | Graph, query_text: str, params: Mapping[str, object] | None = None, *, write: bool = False,
    timeout: float | None = None,
) -> list[Row]:
    """Run a SPARQL SELECT (or ASK) query and return its rows as dicts of plain values.

    ``params`` binds variables (``{"actor": "Q7747"}`` binds ``?actor``); every
    parameter a canned query declares in its ``# params:`` header must be given,
    and every given one must occur in the query. An ASK query gives
    ``[{"ask": True}]`` or ``[{"ask": False}]``. With ``write=True`` a SPARQL
    Update runs on an rdflib in-memory store and gives ``[]``. ``timeout``
    (seconds) stops a query that runs longer (:func:`queries.runner.time_limit`).
    """
    with time_limit(timeout):
        return _run_sparql(ds, query_text, params, write)


def _run_sparql(ds: Dataset | Graph, query_text: str, params: Mapping[str, object] | None, write: bool) -> list[Row]:
    bindings = _bindings(params or {})
    try:
        query = _prepare(query_text)
    except ParseException as exc:
        return _update(ds, query_text, bindings, write, exc)
    except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QueryError(f"cannot read the SPARQL query: {exc}") from exc
    _check_query(query, query_text, bindings, params or {})
    if uses_oxigraph(ds):
        try:
            result = ds.query(_with_values(query_text, bindings))
        except (SyntaxError, ValueError, RuntimeError) as exc:
            raise QueryError(f"Oxigraph cannot run the query: {exc}") from exc
    else:
        result = ds.query(query, initBindings=bindings)
    if result.type == "ASK":
        return [{"ask": bool(result.askAnswer)}]
    names = [str(v) for v in result.vars or []]
    return [{name: _plain(row[i]) for i, name in enumerate(names)} for row in result]  # type: ignore[index]


@lru_cache(maxsize=128)
def _prepare(text: str) -> Query:
    """rdflib's parsed and translated query (parsing takes 0.1-0.5 s; a prepared query is reusable)."""
    return prepareQuery(text)


def _bindings(params: Mapping[str, object]) -> dict[str, Identifier]:
    out: dict[str, Identifier] = {}
    for name, value in params.items():
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name (letters, digits, _)")
        if value is not None:
            out[name] = _term(name, value)
    return out


def _term(name: str, value: object) -> Identifier:
    """The RDF term of one parameter value."""
    if isinstance(value, URIRef | Literal):
        return value
    if isinstance(value, bool | int | float | str | Decimal | datetime.date):
        return Literal(value)
    raise QueryError(f"parameter {name}: a {type(value).__name__} cannot be bound in SPARQL "
                     "(give a str, int, float, bool, date or an rdflib term)")


def _check_query(query: Query, text: str, bindings: Mapping[str, Identifier], params: Mapping[str, object]) -> None:
    algebra = query.algebra
    if algebra.name not in ("SelectQuery", "AskQuery"):
        raise QueryError(f"run_sparql returns rows: use SELECT or ASK, not {algebra.name.removesuffix('Query').upper()}")
    if algebra.get("datasetClause"):
        raise QueryError("FROM / FROM NAMED would load graphs from the network; query the dataset you pass in")
    if any(isinstance(node, CompValue) and node.name == "ServiceGraphPattern" for node in _walk(algebra)):
        raise QueryError("SERVICE calls a remote endpoint; run_sparql only queries the dataset you pass in")
    names = {str(v) for v in _walk(algebra) if isinstance(v, Variable)}
    unknown = sorted(set(params) - names)
    if unknown:
        raise QueryError(f"parameter(s) {', '.join(unknown)} do not occur in the query as ?{unknown[0]}")
    missing = [p for p in _declared_params(text) if p not in bindings]
    if missing:
        raise QueryError(f"the query declares parameter(s) {', '.join(missing)} but no value was given")


def _walk(node: object) -> Iterator[object]:
    """Every node and leaf of an rdflib algebra tree (expressions and nested patterns included)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, CompValue):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)


def _declared_params(text: str) -> list[str]:
    """Parameter names from a canned query's ``# params: name: type = example; …`` header line."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        key, _, value = stripped[1:].strip().partition(":")
        if key.strip() == "params" and value.strip() not in ("", "none"):
            return [m[1] for part in value.split(";") if (m := re.match(r"\s*(\w+)\s*:", part))]
    return []


def _with_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with the bindings as a VALUES block opening its top-level group (for Oxigraph)."""
    if not bindings:
        return text
    at = _top_level_brace(text)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(_ox_term(term)) for term in bindings.values())
    return f"{text[: at + 1]} VALUES ({names}) {{ ({terms}) }}\n{text[at + 1 :]}"


def _top_level_brace(text: str) -> int:
    """Offset of the "{" that opens the query's top-level group (its WHERE clause)."""
    depth = 0
    for m in _TOKENS.finditer(text):
        if m["open"]:
            depth += 1
        elif m["close"]:
            depth -= 1
        elif m["brace"] and depth == 0:
            return m.start()
    raise QueryError("the query has no WHERE { … } group")


def _ox_term(term: Identifier) -> ox.NamedNode | ox.Literal:
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    except ValueError as exc:
        raise QueryError(f"parameter value {term!r} is not a valid RDF term ({exc})") from exc
    raise QueryError(f"parameter value {term!r} cannot be bound on Oxigraph (blank node?)")


def _plain(value: object) -> Any:
    """A result term as a plain Python value: numbers and booleans as such, anything else as text."""
    if value is None:
        return None
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, bool | int):
            return python
        if isinstance(python, float | Decimal):
            return float(python)
    return str(value)


def _update(ds: Graph, text: str, bindings: Mapping[str, Identifier], write: bool, query_error: Exception) -> list[Row]:
    """Run (or refuse) a SPARQL Update; ``query_error`` is why the text did not parse as a query."""
    try:
        operations = getattr(translateUpdate(parseUpdate(text)), "algebra", [])
    except ParseException:
        raise QueryError(f"not a valid SPARQL query: {query_error}") from query_error
    if not operations:
        raise QueryError("the text holds no SPARQL query")
    kinds = sorted({_UPDATE_NAMES.get(op.name, op.name) for op in operations})
    if not write:
        raise QueryError(f"SPARQL Update ({', '.join(kinds)}) refused: queries are read-only unless write=True")
    if "LOAD" in kinds or any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in _walk(operations)):
        raise QueryError("LOAD and SERVICE read from the network; parse files with rdflib instead")
    if not isinstance(ds.store, Memory | SimpleMemory):
        raise QueryError(f"SPARQL Update runs only on an rdflib in-memory store, not {type(ds.store).__name__}")
    ds.update(text, initBindings=bindings)
    return []
