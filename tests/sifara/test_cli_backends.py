"""The command line and API beyond the embedded graph: load (Neo4j), export and validate (RDF), query --sparql."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

import sifara
from graph.neo4j import Connection, counts, graph_counts, run_query
from graph.rdf import read_rdf
from sifara.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "graph" / "fixtures" / "rdf"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of the bundled sample corpus."""
    out = tmp_path_factory.mktemp("sample") / "out"
    sifara.build([str(resources.files("sifara").joinpath("data", "sample"))], out=out)
    return out


@pytest.mark.parametrize("command", ["load", "export", "validate"])
def test_cli_backends_every_new_command_has_help_with_example(command: str) -> None:
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "Example" in res.output


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "nq"])
def test_cli_backends_export_rdf_formats_read_back(sample: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"sifara.{fmt}"
    res = runner.invoke(app, ["export", str(sample), "--format", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    expected = len(sifara.open_graph(sample).to_rdf())
    assert len(read_rdf(out)) == expected and f"wrote {expected} triples" in res.output


def test_cli_backends_export_named_graphs_and_base(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.trig"  # the format follows from the suffix
    res = runner.invoke(app, ["export", str(sample), "--out", str(out), "--named-graphs", "article",
                              "--base", "https://example.org/kg/"])
    assert res.exit_code == 0, res.output
    ds = read_rdf(out)
    named = {str(g.identifier) for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier}
    assert len(named) == len(sifara.open_graph(sample).store.articles)
    assert all(name.startswith("https://example.org/kg/graph/article/") for name in named)


@pytest.mark.parametrize("args", [
    ["--format", "ttl", "--named-graphs", "article"],   # Turtle holds one graph
    ["--format", "xml"],
    ["--format", "ttl", "--base", "https://example.org/no-slash"],
    ["--format", "neo4j-import", "--named-graphs", "source"],
])
def test_cli_backends_export_bad_options_are_usage_errors(sample: Path, tmp_path: Path, args: list[str]) -> None:
    res = runner.invoke(app, ["export", str(sample), "--out", str(tmp_path / "x.out"), *args])
    assert res.exit_code == 2
    assert not (tmp_path / "x.out").exists()


def test_cli_backends_export_needs_a_format_or_a_known_suffix(sample: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", str(sample), "--out", str(tmp_path / "graph.data")])
    assert res.exit_code == 2 and "--format" in res.output


def test_cli_backends_export_neo4j_import_csv(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "import"
    res = runner.invoke(app, ["export", str(sample), "--format", "neo4j-import", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "import.args").is_file() and (out / "nodes_Article.csv").is_file()
    assert "import-tool neo4j" in res.output


def test_cli_backends_export_missing_store_exit_code(tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", str(tmp_path / "nothing"), "--out", str(tmp_path / "x.ttl")])
    assert res.exit_code == 4 and "not a Sifara store" in res.output


# --------------------------------------------------------------------------- validate


def test_cli_backends_validate_store_and_export_conform(sample: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["validate", str(sample)])
    assert res.exit_code == 0 and "conforms" in res.output
    ttl = tmp_path / "s.ttl"
    assert runner.invoke(app, ["export", str(sample), "--out", str(ttl)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(ttl)]).exit_code == 0


def test_cli_backends_validate_prints_the_report_and_exits_1() -> None:
    res = runner.invoke(app, ["validate", str(FIXTURES / "invalid_event.ttl")])
    assert res.exit_code == 1
    assert "Conforms: False" in res.output and "EventActorShape" in res.output


def test_cli_backends_validate_unreadable_rdf_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    res = runner.invoke(app, ["validate", str(bad)])
    assert res.exit_code == 2 and "bad.ttl" in res.output


def test_api_to_rdf_is_a_dataset_that_conforms(sample: Path) -> None:
    from graph.rdf import validate

    ds = sifara.open_graph(sample).to_rdf(named_graphs="source")
    assert isinstance(ds, Dataset) and len(ds) > 0
    assert validate(ds)[0]


# --------------------------------------------------------------------------- query --sparql


def test_cli_backends_query_sparql_canned(sample: Path) -> None:
    res = runner.invoke(app, ["query", "actor_timeline", "--sparql", "--graph", str(sample),
                              "-p", "actor=person:faisal-bin-farhan", "--json"])
    assert res.exit_code == 0, res.output
    rows = _json_objects(res.output)
    assert rows and all(set(r) == {"date", "type", "role", "evidence", "event"} for r in rows)
    assert {r["role"] for r in rows} <= {"source", "target"}


def _json_objects(text: str) -> list[dict[str, object]]:
    """The JSON objects printed one after another (``--json`` pretty-prints each row)."""
    decoder, rows, i = json.JSONDecoder(), [], 0
    while (i := text.find("{", i)) >= 0:
        row, i = decoder.raw_decode(text, i)
        rows.append(row)
    return rows


def test_cli_backends_query_sparql_list() -> None:
    res = runner.invoke(app, ["query", "--list", "--sparql"])
    assert res.exit_code == 0 and "actor_timeline" in res.output and "rdflib" in res.output


@pytest.mark.parametrize("args, message", [
    (["actor_timeline", "--sparql", "-p", "actor=Q7747"], "--graph"),
    (["actor_timeline", "--sparql", "--neo4j", "bolt://127.0.0.1:7687", "-p", "actor=Q7747"], "does not combine"),
    (["no_such_query", "--sparql", "--graph", "."], "no canned sparql query"),
])
def test_cli_backends_query_sparql_errors(args: list[str], message: str) -> None:
    res = runner.invoke(app, ["query", *args])
    assert res.exit_code == 5 and message in res.output


# --------------------------------------------------------------------------- load


@pytest.mark.neo4j
def test_cli_backends_load_prints_counts_and_is_idempotent(sample: Path, neo4j_conn: Connection) -> None:
    G = sifara.open_graph(sample).graph
    res = runner.invoke(app, ["load", str(sample), "--neo4j", neo4j_conn.uri, "--batch-size", "7"])
    assert res.exit_code == 0, res.output
    assert "(:Event)" in res.output and "[:REPORTED_IN]" in res.output
    res = runner.invoke(app, ["load", str(sample), "--neo4j", neo4j_conn.uri, "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert (report["nodes_created"], report["relationships_created"]) == (0, 0)
    assert report["counts"] == graph_counts(G) == counts(neo4j_conn)


@pytest.mark.neo4j
def test_cli_backends_load_fresh_refuses_a_loaded_database(sample: Path, neo4j_conn: Connection) -> None:
    assert runner.invoke(app, ["load", str(sample), "--neo4j", neo4j_conn.uri, "--fresh"]).exit_code == 0
    res = runner.invoke(app, ["load", str(sample), "--neo4j", neo4j_conn.uri, "--fresh"])
    assert res.exit_code == 5 and "not empty" in res.output


@pytest.mark.neo4j
def test_cli_backends_load_errors_are_one_line_without_the_password(sample: Path,
                                                                  neo4j_session_conn: Connection) -> None:
    uri = neo4j_session_conn.uri
    res = runner.invoke(app, ["load", str(sample), "--neo4j", uri], env={"NEO4J_PASSWORD": "wrong-pw-x1"})
    assert res.exit_code == 6 and "rejected user" in res.output and "wrong-pw-x1" not in res.output
    res = runner.invoke(app, ["load", str(sample), "--neo4j", uri, "--database", "nosuchdb"])
    assert res.exit_code == 6 and "nosuchdb" in res.output
    res = runner.invoke(app, ["load", str(sample), "--neo4j", "http://127.0.0.1:7474"])
    assert res.exit_code == 6 and "bad Neo4j URI" in res.output


def test_cli_backends_load_missing_store_exit_code(tmp_path: Path) -> None:
    assert runner.invoke(app, ["load", str(tmp_path / "nothing")]).exit_code == 4


def test_cli_backends_load_retry_seconds_must_not_be_negative(sample: Path) -> None:
    res = runner.invoke(app, ["load", str(sample), "--retry-seconds", "-1"])
    assert res.exit_code == 2 and "--retry-seconds" in res.output


@pytest.mark.neo4j
def test_cli_backends_password_prompt_is_hidden(sample: Path, neo4j_conn: Connection,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Without NEO4J_PASSWORD, in a terminal, the password is asked for and never echoed."""
    from graph.neo4j import DEFAULT_PASSWORD

    password = os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD)
    monkeypatch.setattr("sifara.cli._stdin_is_tty", lambda: True)
    no_env = {"NEO4J_PASSWORD": None}
    res = runner.invoke(app, ["query", str(sample), "--neo4j", neo4j_conn.uri, "--cypher", "RETURN 1 AS one",
                              "--json"], input=password + "\n", env=no_env)
    assert res.exit_code == 0, res.output
    assert "Neo4j password" in res.output and '"one": 1' in res.output and password not in res.output
    res = runner.invoke(app, ["load", str(sample), "--neo4j", neo4j_conn.uri], input="wrong-pw-x2\n", env=no_env)
    assert res.exit_code == 6 and "rejected user" in res.output and "wrong-pw-x2" not in res.output
    assert counts(neo4j_conn) == {"nodes": {}, "relationships": {}}


@pytest.mark.neo4j
def test_cli_backends_query_on_neo4j_is_read_only_and_has_a_timeout(sample: Path, neo4j_conn: Connection) -> None:
    base = ["query", str(sample), "--neo4j", neo4j_conn.uri, "--cypher"]
    res = runner.invoke(app, [*base, "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS c",
                              "--timeout", "0.5"])
    assert res.exit_code == 5 and "TransactionTimedOut" in res.output, res.output
    res = runner.invoke(app, [*base, "CREATE (:Actor {id: 'intruder'})"])
    assert res.exit_code == 5 and "AccessMode" in res.output, res.output
    assert counts(neo4j_conn) == {"nodes": {}, "relationships": {}}
    res = runner.invoke(app, [*base, "CREATE (a:Actor {id: 'ok'}) RETURN a.id AS id", "--write", "--json"])
    assert res.exit_code == 0 and '"id": "ok"' in res.output, res.output


@pytest.mark.neo4j
def test_api_to_neo4j_returns_the_report_with_counts(sample: Path, neo4j_conn: Connection) -> None:
    kg = sifara.open_graph(sample)
    report = kg.to_neo4j(neo4j_conn.uri, batch_size=50, fresh=True)
    assert report["counts"] == graph_counts(kg.graph)
    assert report["nodes_new"] == kg.graph.number_of_nodes()


@pytest.mark.neo4j
def test_cli_backends_query_limit_on_every_backend(sample: Path, neo4j_conn: Connection) -> None:
    sifara.open_graph(sample).to_neo4j(neo4j_conn.uri, fresh=True)
    ordered = "MATCH (e:Event) RETURN e.id AS id ORDER BY id"
    full = runner.invoke(app, ["query", str(sample), "--cypher", ordered, "--json"])
    assert full.exit_code == 0, full.output
    ids = [r["id"] for r in _json_objects(full.output)]
    assert len(ids) > 3
    for backend in ([], ["--neo4j", neo4j_conn.uri]):
        for limit in (0, 2, len(ids) + 5):
            res = runner.invoke(app, ["query", str(sample), "--cypher", ordered, "--limit", str(limit), "--json",
                                      *backend])
            assert res.exit_code == 0, res.output
            assert [r["id"] for r in _json_objects(res.output)] == ids[:limit], (backend, limit)
    res = runner.invoke(app, ["query", "actor_timeline", "--sparql", "--graph", str(sample),
                              "-p", "actor=person:faisal-bin-farhan", "--limit", "1", "--json"])
    assert res.exit_code == 0 and len(_json_objects(res.output)) == 1, res.output
    # A write with a limit still commits whole: the rows not fetched are discarded, not rolled back.
    res = runner.invoke(app, ["query", str(sample), "--neo4j", neo4j_conn.uri, "--write", "--limit", "1", "--cypher",
                              "UNWIND range(1, 5) AS i CREATE (a:Actor {id: 'x' + i}) RETURN a.id AS id"])
    assert res.exit_code == 0, res.output
    assert run_query(neo4j_conn, "MATCH (a:Actor) WHERE a.id STARTS WITH 'x' RETURN count(a) AS n") == [{"n": 5}]
