"""The command line: commands, exit codes, one-line errors, nothing lost on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sifara.cli import app

runner = CliRunner()

AR = "وجّه وزير الخارجية المصري سامح شكري أمس الأربعاء دعوة لنظيره الأردني أيمن الصفدي لزيارة القاهرة."
EN = "Foreign Minister Ayman Safadi of Jordan spoke by phone on Tuesday with Egyptian Foreign Minister Sameh Shoukry."


@pytest.mark.parametrize("command", ["build", "stats", "events", "query", "eval", "demo"])
def test_cli_every_command_has_help_with_example(command):
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "Example" in res.output


def test_cli_build_then_stats_events_csv(tmp_path: Path, write_article):
    write_article("ar1.txt", AR, published="2016-03-10")
    write_article("en1.txt", EN, published="2016-03-10")
    out = tmp_path / "out"
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} >= {"articles.jsonl", "actors.jsonl", "events.jsonl"}
    assert runner.invoke(app, ["stats", str(out)]).exit_code == 0
    csv_path = tmp_path / "ev.csv"
    res = runner.invoke(app, ["events", str(out), "--csv", str(csv_path)])
    assert res.exit_code == 0 and csv_path.read_text(encoding="utf-8").startswith("date,type,source,target")


def test_cli_bad_input_keeps_store_and_exits_nonzero(tmp_path: Path, write_article):
    write_article("good.txt", EN, published="2016-03-10")
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "ok"}\n{not json\n', encoding="utf-8")
    res = runner.invoke(app, ["build", str(bad), "--out", str(out)])
    assert res.exit_code == 2
    assert "bad.jsonl:2: malformed JSON" in res.output.replace("\n", "")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_keep_going_skips_and_reports(tmp_path: Path, write_article):
    write_article("good.txt", EN, published="2016-03-10")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--keep-going"])
    assert res.exit_code == 1 and "skipped" in res.output and "empty" in res.output
    assert json.loads((tmp_path / "o" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])["id"] == "good"


@pytest.mark.parametrize("args, code", [(["stats", "/nonexistent/store"], 4), (["build", "/nonexistent.txt", "--out", "x"], 2),
                                        (["query", "no_such_query", "--graph", "x"], 5), (["frobnicate"], 2)])
def test_cli_exit_codes(args, code):
    assert runner.invoke(app, args).exit_code == code


def test_cli_query_adhoc_and_write_refused(tmp_path: Path, write_article):
    write_article("en1.txt", EN, published="2016-03-10")
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out)])
    res = runner.invoke(app, ["query", str(out), "--cypher", "MATCH (e:Event) RETURN e.type", "--json"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["query", str(out), "--cypher", "MATCH (n) DETACH DELETE n"])
    assert res.exit_code == 5 and "read-only" in res.output


def test_cli_console_script_runs(tmp_path: Path):
    exe = Path(sys.executable).with_name("sifara")
    res = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "build" in res.stdout


def test_cli_demo_builds_sample_and_prints(tmp_path: Path):
    res = runner.invoke(app, ["demo", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "Sample corpus" in res.output and "most_active_actors" in res.output
    assert (tmp_path / "out" / "events.jsonl").stat().st_size > 0


def test_cli_events_table_with_undated_events(tmp_path: Path, write_article):
    write_article("u.txt", "وقال وزير الخارجية المصري سامح شكري إن الحوار ضروري.", published="2016-03-10")
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out)]).exit_code == 0
    res = runner.invoke(app, ["events", str(out), "--explain"])
    assert res.exit_code == 0 and "—" in res.output


def test_cli_build_jobs_2_equals_jobs_1(tmp_path: Path, write_article):
    for i in range(6):
        write_article(f"ar{i}.txt", AR, published=f"2016-03-1{i}")
        write_article(f"en{i}.txt", EN, published=f"2016-03-1{i}")
    files = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        res = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out), "--jobs", jobs, "-q"])
        assert res.exit_code == 0, res.output
        files[jobs] = {name: (out / name).read_bytes() for name in ("articles.jsonl", "actors.jsonl", "events.jsonl")}
    assert files["1"] == files["2"] and files["1"]["events.jsonl"].count(b"\n") >= 6


def test_cli_build_jobs_2_equals_jobs_1_when_actors_recur(tmp_path: Path):
    # Workers send an actor record once (later ones only when it differs): the store must not notice.
    from benchmarks.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 120, name="c")
    files = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        res = runner.invoke(app, ["build", str(corpus.articles), "--out", str(out), "--jobs", jobs, "-q"])
        assert res.exit_code == 0, res.output
        files[jobs] = {name: (out / name).read_bytes() for name in ("articles.jsonl", "actors.jsonl", "events.jsonl")}
    assert files["1"] == files["2"] and files["1"]["actors.jsonl"].count(b"\n") >= 20


def test_cli_build_adds_to_a_store_like_one_build(tmp_path: Path, write_article):
    write_article("ar1.txt", AR, published="2016-03-10", folder=tmp_path / "one")
    write_article("en1.txt", EN, published="2016-03-09", folder=tmp_path / "two")
    names = ("articles.jsonl", "actors.jsonl", "events.jsonl")
    for step in ("two", "one"):
        assert runner.invoke(app, ["build", str(tmp_path / step), "--out", str(tmp_path / "inc"), "-q"]).exit_code == 0
    res = runner.invoke(app, ["build", str(tmp_path / "one"), str(tmp_path / "two"), "--out", str(tmp_path / "all"),
                              "--jobs", "2", "-q"])
    assert res.exit_code == 0, res.output
    assert all((tmp_path / "inc" / n).read_bytes() == (tmp_path / "all" / n).read_bytes() for n in names)


def test_cli_query_timeout_on_the_embedded_graph_and_sparql(tmp_path: Path):
    out = tmp_path / "out"
    sample = Path(__file__).resolve().parents[2] / "sifara" / "data" / "sample"
    assert runner.invoke(app, ["build", str(sample), "--out", str(out), "-q"]).exit_code == 0
    slow = "MATCH (a)-[]->(b)<-[]-(c)-[]->(d)<-[]-(e) RETURN a.id, e.id"  # several seconds on the sample graph
    # in a process of its own, as a user runs it (no test runner's timers around it)
    res = subprocess.run([sys.executable, "-m", "sifara.cli", "query", str(out), "--cypher", slow, "--timeout", "0.3"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 5 and "timeout of 0.3 s" in res.stderr + res.stdout, res.stderr
    res = runner.invoke(app, ["query", str(out), "--cypher", "MATCH (e:Event) RETURN e.type", "--timeout", "30"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["query", "calls_in_period", "--sparql", "--graph", str(out), "-p", "start=2000-01-01",
                              "-p", "end=2030-01-01", "--timeout", "30", "--json"])
    assert res.exit_code == 0, res.output
