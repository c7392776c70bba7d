"""The ``sifara`` command line: build, stats, events, query, eval, demo, load, export, validate.

Every command is a thin layer over :mod:`sifara.api` and the ``graph`` and
``queries`` packages. Errors are one line on stderr and a non-zero exit code
(see :mod:`ingest.errors` for the codes).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.errors import InputError, QueryError, SifaraError

if TYPE_CHECKING:
    from graph.neo4j import Connection

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Sifara: diplomatic events from Arabic and English news, as a dated, queryable graph.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console()
err = Console(stderr=True)


def _fail(exc: SifaraError) -> None:
    err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Store folder (created; merged into if it exists).")],
    published: Annotated[str | None, typer.Option(help="Publication date for every article (YYYY-MM-DD).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language of every article: ar or en (default: detected).")] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Skip unreadable inputs and report them.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction (the store is "
                                      "the same for any number).")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Extract events from articles into the store in OUT.

    Examples:

      sifara build articles/ --out out

      sifara build news.jsonl page.html --out out --published 2025-02-13

      cat article.txt | sifara build - --out out --lang ar
    """
    from rich.progress import Progress

    from sifara.api import build as do_build

    if lang is not None and lang not in ("ar", "en"):
        raise typer.BadParameter("--lang must be ar or en")
    errors: list[str] = []
    try:
        pub = _parse_date(published)
        from ingest.articles import expand_inputs

        n = len(expand_inputs(inputs))
        show = not quiet and n > 5 and sys.stderr.isatty()
        with Progress(console=err, transient=True, disable=not show) as bar:
            task = bar.add_task("extracting", total=None)
            kg = do_build(inputs, out=out, published=pub, lang=lang, keep_going=keep_going, jobs=jobs,
                          progress=lambda k: bar.advance(task, k), errors=errors)
    except SifaraError as exc:
        _fail(exc)
        return
    for e in errors:
        err.print(f"[yellow]skipped:[/] {e}", highlight=False, soft_wrap=True)
    if not quiet:
        s = kg.store
        console.print(f"{out}: {len(s.articles)} articles, {len(s.actors)} actors, {len(s.events)} events")
    if errors:
        raise typer.Exit(1)


@app.command()
def stats(store: Annotated[Path, typer.Argument(help="Store folder written by `sifara build`.")]) -> None:
    """Counts of articles, actors, events by type, and graph nodes and edges.

    Example: sifara stats out
    """
    from collections import Counter

    from sifara.api import open_graph

    try:
        kg = open_graph(store)
    except SifaraError as exc:
        _fail(exc)
        return
    s = kg.store
    t = Table(title=f"Sifara store {store}")
    t.add_column("what")
    t.add_column("count", justify="right")
    t.add_row("articles", str(len(s.articles)))
    t.add_row("actors", str(len(s.actors)))
    t.add_row("events", str(len(s.events)))
    for k, v in sorted(Counter(e["type"] for e in s.events.values()).items()):
        t.add_row(f"  {k}", str(v))
    t.add_row("mentions", str(sum(len(e.get("mentions") or []) for e in s.events.values())))
    G = kg.graph
    t.add_row("graph nodes", str(G.number_of_nodes()))
    t.add_row("graph edges", str(G.number_of_edges()))
    console.print(t)


@app.command()
def events(
    store: Annotated[Path, typer.Argument(help="Store folder.")],
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the table as CSV to this file.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Only events of this type.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show the rule, trigger and date cue of each event.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many rows (0: all).")] = 0,
) -> None:
    """The events table: date, type, source → target, evidence.

    Examples:

      sifara events out

      sifara events out --type call --explain

      sifara events out --csv events.csv
    """
    _print_events(store, csv_out, type_, explain, limit)


def _print_events(store: Path, csv_out: Path | None = None, type_: str | None = None, explain: bool = False,
                  limit: int = 0) -> None:
    from sifara.api import open_graph

    try:
        kg = open_graph(store)
    except SifaraError as exc:
        _fail(exc)
        return
    df = kg.events.astype(object).where(kg.events.notna(), None)
    if type_:
        df = df[df["type"] == type_]
    if csv_out:
        df.to_csv(csv_out, index=False, quoting=csv.QUOTE_MINIMAL)
        console.print(f"wrote {len(df)} events to {csv_out}")
        return
    t = Table(show_lines=False)
    for col in ("date", "type", "source → target", "evidence"):
        t.add_column(col, overflow="fold")
    if explain:
        t.add_column("why", overflow="fold")
    rows = df if not limit else df.head(limit)
    for _, r in rows.iterrows():
        arrow = f"{r['source']} → {r['target']}" if r["target"] else str(r["source"] or "")
        cells = [str(r["date"] or "—"), str(r["type"]) + ("" if r["modality"] == "occurred" else f" ({r['modality']})"),
                 arrow, _rtl(str(r["evidence"] or ""))]
        if explain:
            e = kg.store.events[r["id"]]
            why = f"rule {e.get('rule')}; trigger «{e.get('trigger')}»; date {e.get('date_kind') or 'none'}"
            if e.get("date_text"):
                why += f" «{e['date_text']}»"
            if e.get("reported_by"):
                why += f"; via {', '.join(e['reported_by'])}"
            cells.append(why)
        t.add_row(*cells)
    console.print(t)


def _rtl(text: str, width: int = 160) -> str:
    """Trim long evidence; terminals that implement the Unicode bidi algorithm show Arabic right to left."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _params(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"--param takes key=value, got {item!r}")
        out[key] = value
    return out


@app.command()
def query(
    target: Annotated[str | None, typer.Argument(help="A canned query name, or a store folder when --cypher "
                                                 "is given.")] = None,
    cypher: Annotated[str | None, typer.Option("--cypher", help="Ad-hoc Cypher text.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Query parameter key=value.")] = None,
    graph_dir: Annotated[Path | None, typer.Option("--graph", help="Store folder (embedded backend).")] = None,
    neo4j: Annotated[str | None, typer.Option("--neo4j", help="Neo4j URI (else NEO4J_URI); runs there.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow queries that write (Neo4j only).")] = False,
    timeout: Annotated[float | None, typer.Option(min=0, help="Stop the query after this many seconds (every "
                                                  "backend).")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="Print the first N rows only (Neo4j does not send the "
                                              "others).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON lines.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the canned queries and exit.")] = False,
    sparql: Annotated[bool, typer.Option("--sparql", help="Run the SPARQL twin (queries/sparql/NAME.rq) on "
                                         "the RDF of --graph STORE_DIR.")] = False,
) -> None:
    """Run Cypher on the embedded graph or on Neo4j, or SPARQL on the RDF: ad hoc, or a canned query by name.

    Examples:

      sifara query out --cypher 'MATCH (a:Person)-[r:CALLED]->(b) RETURN a.name, b.name, r.date'

      sifara query calls_in_period --graph out -p start=2025-01-01 -p end=2025-12-31

      sifara query actor_timeline --neo4j bolt://127.0.0.1:7687 -p actor=Q7747

      sifara query actor_timeline --sparql --graph out -p actor=Q7747
    """
    from queries import canned, list_canned

    if list_:
        for q in list_canned("sparql" if sparql else "cypher"):
            ps = ", ".join(f"{p.name}:{p.type}" for p in q.params)
            console.print(f"[bold]{q.name}[/]({ps}) — {q.description} [dim]\\[{', '.join(q.backends)}][/]")
        return
    if target is None:
        raise typer.BadParameter("give a canned query name (see --list), or a store folder with --cypher")
    try:
        given = _params(param or [])
        if sparql:
            rows = _run_sparql(target, given, graph_dir, cypher is not None or neo4j is not None, timeout)
            _print_rows(rows[:limit], as_json)
            return
        if cypher is not None:
            text, values, backends = cypher, dict(given), ("embedded", "neo4j")
            store_dir = Path(target)
        else:
            q = canned(target)
            values, backends = q.coerce(given), q.backends
            store_dir = graph_dir
        uri = neo4j or (os.environ.get("NEO4J_URI") if store_dir is None else None)
        if cypher is None:
            text = q.text_for("neo4j" if uri else "embedded")
        if uri:
            from graph.neo4j import run_query

            with _connect_neo4j(uri, _neo4j_password()) as conn:
                rows = run_query(conn, text, values, write=write, timeout=timeout, limit=limit)
        else:
            if store_dir is None:
                raise QueryError("say where to run: --graph STORE_DIR (embedded) or --neo4j URI")
            if "embedded" not in backends:
                raise QueryError(f"query {target} needs Neo4j (backends: {', '.join(backends)}); "
                                 "run it with --neo4j URI")
            from queries.runner import run_embedded
            from sifara.api import open_graph

            rows = run_embedded(open_graph(store_dir).graph, text, values, write=write, timeout=timeout)[:limit]
    except SifaraError as exc:
        _fail(exc)
        return
    _print_rows(rows, as_json)


def _run_sparql(name: str, given: dict[str, str], graph_dir: Path | None, other_backend: bool,
                timeout: float | None = None) -> list[dict[str, Any]]:
    """A canned SPARQL query (queries/sparql/NAME.rq) on the RDF of a store."""
    from queries import canned

    if other_backend:
        raise QueryError("--sparql runs a canned SPARQL query on the RDF of --graph STORE_DIR; "
                         "it does not combine with --cypher or --neo4j")
    if graph_dir is None:
        raise QueryError("--sparql needs the store to query: --graph STORE_DIR")
    try:
        from queries.sparql_runner import dataset_for, run_sparql
    except ImportError as exc:  # pragma: no cover - the SPARQL runner ships with the queries package
        raise QueryError(f"the SPARQL runner is not available ({exc})") from exc
    from sifara.api import open_graph

    q = canned(name, "sparql")
    values = q.coerce(given)
    kg = open_graph(graph_dir)
    return run_sparql(dataset_for(kg.graph), q.text, values, timeout=timeout)


def _print_rows(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        for r in rows:
            console.print_json(json.dumps(r, ensure_ascii=False, default=str))
        return
    if not rows:
        console.print("(no rows)")
        return
    t = Table()
    for k in rows[0]:
        t.add_column(str(k), overflow="fold")
    for r in rows:
        t.add_row(*[_cell(v) for v in r.values()])
    console.print(t)


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def _stdin_is_tty() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _neo4j_password() -> str | None:
    """None when NEO4J_PASSWORD is set (connect reads it) or stdin is no terminal; else a hidden prompt.

    None (or Enter at the prompt) makes :func:`graph.neo4j.connect` use the local test server's password.
    """
    if "NEO4J_PASSWORD" in os.environ or not _stdin_is_tty():
        return None
    return typer.prompt("Neo4j password (NEO4J_PASSWORD is not set; Enter: the local test server's)",
                        default="", show_default=False, hide_input=True, err=True) or None


def _connect_neo4j(uri: str | None, password: str | None, database: str | None = None,
                   retry_seconds: float | None = None) -> Connection:
    """Connect for `load` and `query`, the driver's retry warnings muted (the final error says what was retried)."""
    import logging

    from graph.neo4j import DEFAULT_RETRY_SECONDS, connect

    driver_log = logging.getLogger("neo4j")
    if not driver_log.handlers:  # once: each call would add another
        driver_log.addHandler(logging.NullHandler())
    return connect(uri, password=password, database=database,
                   retry_seconds=DEFAULT_RETRY_SECONDS if retry_seconds is None else retry_seconds)


@app.command()
def load(
    store: Annotated[Path, typer.Argument(help="Store folder written by `sifara build`.")],
    neo4j: Annotated[str | None, typer.Option("--neo4j", help="Neo4j URI (else NEO4J_URI, else "
                                              "bolt://127.0.0.1:7687); login from NEO4J_USERNAME and "
                                              "NEO4J_PASSWORD (else asked for, hidden, in a terminal).")] = None,
    database: Annotated[str | None, typer.Option("--database", help="Database name (else NEO4J_DATABASE, "
                                                 "else the server's default).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 5000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Transactions at a time.")] = 2,
    fresh: Annotated[bool, typer.Option("--fresh", help="The database is empty: skip the look-up of existing "
                                        "nodes (refused when it is not empty).")] = False,
    retry_seconds: Annotated[float, typer.Option("--retry-seconds", min=0, help="How long a batch failing on a "
                                                 "transient error or a lost connection is retried, with "
                                                 "backoff, before the load stops (exit 6).")] = 30.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the load report as JSON.")] = False,
) -> None:
    """Load the store's graph into Neo4j (idempotent: loading twice changes nothing) and print its counts.

    Each batch is one transaction. If the server goes away, the load stops after
    --retry-seconds with exit code 6 and says how many batches were committed;
    rerunning the same load completes it. The password is read from
    NEO4J_PASSWORD, or asked for; no option takes it (options show in `ps`).

    Examples:

      sifara load out

      NEO4J_URI=neo4j://db.example.org:7687 NEO4J_PASSWORD=... sifara load out --database news

      sifara load out --neo4j bolt://127.0.0.1:7687 --fresh --batch-size 10000
    """
    from graph.neo4j import counts, load_graph
    from sifara.api import open_graph

    try:
        password = _neo4j_password()  # before reading the store: a big one takes a while
        kg = open_graph(store)
        with _connect_neo4j(neo4j, password, database, retry_seconds) as conn:
            report = load_graph(kg.graph, conn, batch_size=batch_size, fresh=fresh, workers=workers)
            report["counts"] = counts(conn)
    except SifaraError as exc:
        _fail(exc)
        return
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    console.print(f"{store}: wrote {report['nodes']} nodes and {report['relationships']} relationships "
                  f"({report['nodes_created']} and {report['relationships_created']} new) "
                  f"in {report['seconds']:.1f} s", soft_wrap=True)
    t = Table(title="Neo4j database")
    t.add_column("label / type")
    t.add_column("count", justify="right")
    for name, n in report["counts"]["nodes"].items():
        t.add_row(f"(:{name})", str(n))
    for name, n in report["counts"]["relationships"].items():
        t.add_row(escape(f"[:{name}]"), str(n))
    console.print(t)


_EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "neo4j-import")
_EXPORT_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".trig": "trig", ".nq": "nq"}


@app.command()
def export(
    store: Annotated[Path, typer.Argument(help="Store folder written by `sifara build`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (a folder for neo4j-import).")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="ttl, nt, jsonld, trig, nq (RDF) or "
                                            "neo4j-import (CSV for neo4j-admin database import); default "
                                            "from the suffix of --out.")] = None,
    named_graphs: Annotated[str | None, typer.Option("--named-graphs", help="article or source: each "
                                                     "article's (publisher's) mentions in a named graph "
                                                     "(trig, nq, jsonld).")] = None,
    base: Annotated[str | None, typer.Option("--base", help="Base IRI of the nodes, ending in '/' "
                                             "(default https://sifara.example.org/id/).")] = None,
) -> None:
    """Write the graph as RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads) or as neo4j-admin import CSV.

    Examples:

      sifara export out --format ttl --out sifara.ttl

      sifara export out --format trig --named-graphs article --out sifara.trig

      sifara export out --format neo4j-import --out import/
    """
    fmt = fmt or _EXPORT_SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise typer.BadParameter(f"give --format ({', '.join(_EXPORT_FORMATS)}): the suffix of {out.name!r} "
                                 "does not say")
    if fmt not in _EXPORT_FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(_EXPORT_FORMATS)}, not {fmt!r}")
    if named_graphs not in (None, "article", "source"):
        raise typer.BadParameter("--named-graphs must be article or source")
    if fmt == "neo4j-import" and (named_graphs or base):
        raise typer.BadParameter("--named-graphs and --base are for RDF formats, not neo4j-import")
    if named_graphs and fmt in ("ttl", "nt"):
        raise typer.BadParameter(f"{fmt} holds a single graph: use --format trig, nq or jsonld with --named-graphs")
    if base is not None and not base.endswith("/"):
        raise typer.BadParameter(f"--base must end with '/': {base!r}")
    from sifara.api import open_graph

    try:
        kg = open_graph(store)
        if fmt == "neo4j-import":
            from graph.neo4j import export_import_csv

            files = _write(out, lambda: export_import_csv(kg.graph, out))
            console.print(f"wrote {len(files['nodes'])} node files and {len(files['relationships'])} relationship "
                          f"files to {out}/; import them into a stopped server with\n"
                          f"  scripts/neo4j.sh import-tool neo4j --overwrite-destination @{files['args_file'].resolve()}",
                          soft_wrap=True)
            return
        from graph.rdf import serialize

        ds = kg.to_rdf(base=base, named_graphs=named_graphs)
        _write(out, lambda: out.write_text(serialize(ds, fmt), encoding="utf-8"))
    except SifaraError as exc:
        _fail(exc)
        return
    console.print(f"wrote {len(ds)} triples as {fmt} to {out}")


def _write(out: Path, write: Any) -> Any:
    try:
        return write()
    except OSError as exc:
        raise SifaraError(f"{out}: cannot write ({exc.strerror or exc})") from exc


@app.command()
def validate(
    source: Annotated[Path, typer.Argument(help="Store folder, or an RDF file written by `sifara export`.")],
) -> None:
    """Check the graph's RDF against the SHACL shapes (graph/shapes.ttl); exit 1 with the report if it does not conform.

    Examples:

      sifara validate out

      sifara validate sifara.ttl
    """
    from graph.rdf import read_rdf
    from graph.rdf import validate as shacl_validate
    from sifara.api import open_graph

    try:
        if source.is_file():
            try:
                data = read_rdf(source)
            except Exception as exc:  # rdflib raises parser-specific errors
                raise InputError(f"{source}: not readable as RDF ({type(exc).__name__}: {exc})") from exc
        else:
            data = open_graph(source).to_rdf()
        conforms, report = shacl_validate(data)
    except SifaraError as exc:
        _fail(exc)
        return
    if conforms:
        console.print(f"{source}: conforms to the Sifara SHACL shapes")
        return
    print(report)
    raise typer.Exit(1)


@app.command(name="eval")
def eval_(
    store: Annotated[Path, typer.Argument(help="Store folder.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold events (*.gold.jsonl).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details/--no-details", help="List missed and spurious events.")] = True,
    min_f1: Annotated[float | None, typer.Option("--min-f1", help="Exit 1 when strict F1 is below this.")] = None,
) -> None:
    """Score a store against gold events (same figures as ../shared/eval/score.py, plus date accuracy).

    Example: sifara eval out-dev-ar --gold ../shared/eval/dev/ar.gold.jsonl
    """
    from graph.store import Store
    from sifara.evaluation import evaluate, format_report

    try:
        res = evaluate(Store.open(store, must_exist=True), gold)
    except SifaraError as exc:
        _fail(exc)
        return
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
    else:
        print(format_report(res, details=details))
    if min_f1 is not None and res["strict"]["overall"]["f1"] < min_f1:
        raise typer.Exit(1)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the demo store.")] = Path("out"),
) -> None:
    """Build the bundled sample corpus into OUT, print its events and run one canned query.

    Example: sifara demo --out out
    """
    from importlib import resources

    from queries import canned
    from queries.runner import run_embedded
    from sifara.api import build as do_build

    sample = resources.files("sifara").joinpath("data", "sample")
    try:
        kg = do_build([str(sample)], out=out)
    except SifaraError as exc:
        _fail(exc)
        return
    s = kg.store
    console.print(f"[bold]Sample corpus[/]: {len(s.articles)} articles → {len(s.actors)} actors, {len(s.events)} events in {out}/")
    _print_events(out)
    q = canned("most_active_actors")
    console.print(f"\n[bold]Canned query[/] most_active_actors — {q.description}")
    try:
        rows = run_embedded(kg.graph, q.text, q.coerce({p.name: p.example for p in q.params}))
    except SifaraError as exc:
        _fail(exc)
        return
    _print_rows(rows, False)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    try:
        app(args=argv, prog_name="sifara", standalone_mode=True)
    except SifaraError as exc:  # pragma: no cover - commands catch their own
        err.print(f"error: {exc}")
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
