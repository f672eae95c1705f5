"""The engine and the `framing` command: isolation, error paths, exit codes, the output contract."""

from __future__ import annotations

import csv
import json
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.models import Finding
from framing.output import read_findings
from framing.pipeline import order_by_after
from framing.run import EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS

BUILTIN_ANALYSIS = "attribution,hedging,loaded_terms,actor_sentiment,actors,labels,sources,omission"

TEST_PLUGIN = textwrap.dedent(
    '''
    """A plugin for the engine tests: a word counter, a flaky analyzer and a flaky component."""
    from spacy.language import Language

    from framing import hookimpl
    from framing.models import AnalyzerOutput, AnalyzerSpec, Finding


    def capitalised(doc):
        findings = [
            Finding("", "", "capital", t.idx, t.idx + len(t.text), t.text, label="cap")
            for t in doc if t.text[:1].isupper()
        ]
        return AnalyzerOutput(findings=findings, metrics={"capitals": len(findings)})


    def flaky(doc):
        if "BOOM" in doc.text:
            raise ValueError("flaky analyzer exploded")
        return AnalyzerOutput(metrics={"ok": 1})


    class Crashing:
        def __call__(self, doc):
            if "CRASH" in doc.text:
                raise RuntimeError("component crashed")
            return doc


    def make_crashing(nlp, name):
        return Crashing()


    if not Language.has_factory("engine_test_crashing"):  # the file is re-loaded by several tests
        Language.factory("engine_test_crashing", func=make_crashing)


    @hookimpl
    def framing_register_analyzers(register):
        register(AnalyzerSpec(name="capitals", extract=capitalised))
        register(AnalyzerSpec(name="flaky", extract=flaky))
        register(AnalyzerSpec(name="crashing", factory="engine_test_crashing", extract=flaky))
    '''
)

BROKEN_PLUGIN = "raise ImportError('this plugin is broken on purpose')\n"


@pytest.fixture
def plugin_file(tmp_path: Path) -> Path:
    path = tmp_path / "plugins" / "engine_test_plugin.py"
    path.parent.mkdir()
    path.write_text(TEST_PLUGIN, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "calm.txt").write_text("Officials met in Paris. The talks went well.\n", encoding="utf-8")
    (folder / "boom.txt").write_text("BOOM said the Mayor. Residents CRASH the party.\n", encoding="utf-8")
    return folder


def run_cli(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def analyze(corpus: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("analyze", str(corpus), "--out", str(out), "--quiet", *extra)


def test_analyzer_failure_is_isolated_to_its_article(corpus, plugin_file, tmp_path):
    out = tmp_path / "out"
    code, _, _ = analyze(corpus, out, "-p", str(plugin_file), "--disable", BUILTIN_ANALYSIS)
    assert code == EXIT_PROBLEMS
    findings = read_findings(out / "findings.jsonl")
    errors = [f for f in findings if f["kind"] == "error"]
    assert {(e["article"], e["analyzer"]) for e in errors} == {("boom", "flaky"), ("boom", "crashing")}
    assert any("flaky analyzer exploded" in e["text"] for e in errors)
    # the other analyzer still ran on the failing article, and everything ran on the calm one
    capitals = {(f["article"], f["text"]) for f in findings if f["kind"] == "capital"}
    assert ("boom", "Mayor") in capitals and ("calm", "Paris") in capitals
    rows = {row["id"]: row for row in csv.DictReader((out / "articles.csv").open(encoding="utf-8"))}
    assert rows["calm"]["flaky.ok"] == "1" and rows["boom"]["flaky.ok"] == ""
    assert rows["boom"]["errors"] == "2"
    problems = (out / "problems.csv").read_text(encoding="utf-8")
    assert "flaky analyzer exploded" in problems and "component crashed" in problems


def test_broken_plugin_is_reported_and_the_run_completes(corpus, plugin_file, tmp_path):
    broken = plugin_file.parent / "broken_plugin.py"
    broken.write_text(BROKEN_PLUGIN, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = run_cli(
        "analyze",
        str(corpus),
        "--out",
        str(out),
        "--plugins-dir",
        str(plugin_file.parent),
        "--disable",
        BUILTIN_ANALYSIS,
    )
    assert code == EXIT_PROBLEMS
    assert "broken_plugin" in stderr and "broken on purpose" in stderr
    assert "Traceback" not in stderr
    assert any(f["kind"] == "capital" for f in read_findings(out / "findings.jsonl"))
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert any(p["name"] == "broken_plugin" and "broken on purpose" in p["error"] for p in run["plugins"])
    # --strict makes it fatal, with one line and no traceback
    code, _, stderr = run_cli(
        "analyze", str(corpus), "--out", str(tmp_path / "strict"), "--plugins-dir", str(plugin_file.parent), "--strict"
    )
    assert code == EXIT_FATAL
    assert "broken_plugin" in stderr and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1


def test_plugins_command_lists_errors(plugin_file):
    broken = plugin_file.parent / "broken_plugin.py"
    broken.write_text(BROKEN_PLUGIN, encoding="utf-8")
    code, stdout, _ = run_cli("plugins", "--json", "--plugins-dir", str(plugin_file.parent))
    assert code == EXIT_PROBLEMS
    infos = {info["name"]: info for info in json.loads(stdout)}
    assert "broken on purpose" in infos["broken_plugin"]["error"]
    assert infos["engine_test_plugin"]["provides"]["analyzer"] == ["capitals", "crashing", "flaky"]
    assert "framing_register_analyzers" in infos["engine_test_plugin"]["hooks"]
    assert infos["loaders"]["origin"] == "builtin"


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda tmp: ["analyze", str(tmp / "missing"), "--out", str(tmp / "o")], "does not exist"),
        (lambda tmp: ["analyze", str(tmp / "empty"), "--out", str(tmp / "o")], "empty"),
        (lambda tmp: ["analyze", str(tmp / "corpus"), "--out", str(tmp / "afile")], "is a file"),
        (
            lambda tmp: ["analyze", str(tmp / "corpus"), "--out", str(tmp / "o"), "--model", "no_such_model"],
            "no_such_model",
        ),
    ],
)
def test_fatal_errors_are_one_line(tmp_path, corpus, make_args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _, stderr = run_cli(*make_args(tmp_path))
    assert code == EXIT_FATAL
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("-p", "no.such.plugin_module", "unknown plugin 'no.such.plugin_module'"),
        ("-p", "missing_plugin.py", "no such file"),
        ("--plugins-dir", "no-such-dir", "does not exist"),
        ("--disable", "hedgng", "unknown name(s) hedgng"),
    ],
)
def test_unknown_plugin_names_are_fatal_one_line(corpus, tmp_path, option, value, message):
    code, _, stderr = analyze(corpus, tmp_path / "o", option, value)
    assert code == EXIT_FATAL
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def test_clean_run_exits_zero_and_writes_the_contract_files(corpus, plugin_file, tmp_path):
    (corpus / "boom.txt").unlink()
    out = tmp_path / "out"
    code, _, _ = analyze(corpus, out, "-p", str(plugin_file), "--disable", BUILTIN_ANALYSIS)
    assert code == EXIT_OK
    for name in ("findings.jsonl", "articles.csv", "report.html", "report.md", "problems.csv", "run.json"):
        assert (out / name).is_file(), name
    assert [p for p in out.rglob("*") if not p.is_relative_to(out)] == []


def test_run_json_stages_follow_each_other(corpus, plugin_file, tmp_path, monkeypatch):
    import framing.run

    compare_stories = framing.run.compare_stories

    def slow_comparisons(*args, **kwargs):  # a second in the comparisons stage, to see where it is counted
        time.sleep(1.0)
        return compare_stories(*args, **kwargs)

    monkeypatch.setattr(framing.run, "compare_stories", slow_comparisons)
    out = tmp_path / "out"
    started = time.perf_counter()
    analyze(corpus, out, "-p", str(plugin_file), "--disable", BUILTIN_ANALYSIS)
    elapsed = time.perf_counter() - started
    # consecutive, not nested: together they fit in the run
    stages = json.loads((out / "run.json").read_text(encoding="utf-8"))["timings_seconds"]
    assert set(stages) == {"setup", "articles", "comparisons", "report"}
    assert stages["comparisons"] >= 1.0 and sum(stages.values()) <= elapsed


def test_jobs_two_gives_the_same_findings(corpus, plugin_file, tmp_path):
    for i in range(6):
        (corpus / f"extra{i}.txt").write_text(f"Story {i} from Berlin. The Minister spoke.\n", encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        analyze(corpus, out, "-p", str(plugin_file), "--jobs", jobs, "--batch-size", "2", "--disable", BUILTIN_ANALYSIS)
        outs.append((out / "findings.jsonl").read_text(encoding="utf-8"))
    assert outs[0] == outs[1]


def test_a_worker_killed_by_one_article_loses_only_that_article(corpus, plugin_file, killer_plugin, tmp_path):
    (corpus / "boom.txt").unlink()
    for i in range(7):
        poison = " POISON." if i == 4 else ""
        (corpus / f"extra{i}.txt").write_text(f"Story {i} from Berlin.{poison} The Minister spoke.\n", encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, _, _ = analyze(
            corpus, out, "-p", str(killer_plugin), "-p", str(plugin_file), "--jobs", jobs, "--batch-size", "2",
            "--disable", BUILTIN_ANALYSIS + ",flaky,crashing",
        )  # fmt: skip
        problems = (out / "problems.csv").read_text(encoding="utf-8")
        runs[jobs] = (code, problems, read_findings(out / "findings.jsonl"))
    assert runs["1"][0] == EXIT_OK  # in the parent the analyzer never kills
    code, problems, findings = runs["2"]
    assert code == EXIT_PROBLEMS
    assert "extra4" in problems and "worker process" in problems and "Traceback" not in problems
    lost = [f for f in findings if f["article"] == "extra4"]
    assert [(f["kind"], f["analyzer"]) for f in lost] == [("error", "worker")]
    # every other article, those of the poisoned batch included, is analysed as in one process
    assert [f for f in findings if f["article"] != "extra4"] == [
        f for f in runs["1"][2] if f["article"] != "extra4"
    ]  # fmt: skip


def test_order_by_after_respects_dependencies():
    from framing.models import AnalyzerSpec

    specs = [AnalyzerSpec("c", after=("b",)), AnalyzerSpec("b", after=("a", "missing")), AnalyzerSpec("a")]
    assert [s.name for s in order_by_after(specs, "analyzer")] == ["a", "b", "c"]


def test_seeds_satisfy_the_output_contract(tmp_path):
    """Every span finding indexes the file text; every finding has the contract fields."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    out = tmp_path / "seeds"
    code, _, stderr = analyze(seeds, out)
    assert code in (EXIT_OK, EXIT_PROBLEMS), stderr
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}
    findings = read_findings(out / "findings.jsonl")
    keys = ["article", "analyzer", "kind", "start", "end", "text", "label", "score", "attrs"]
    for finding in findings:
        assert list(finding) == keys
        assert isinstance(finding["attrs"], dict)
        if finding["start"] is not None:
            assert texts[finding["article"]][finding["start"] : finding["end"]] == finding["text"]
        Finding.from_dict(finding)  # round-trips
    rows = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8")))
    assert [r["id"] for r in rows] == sorted(texts)
    assert all(int(r["words"]) > 400 for r in rows)


def test_findings_are_identical_across_hash_seeds(tmp_path):
    """Regression: set iteration order must never leak into the output (reports/ is committed)."""
    import os
    import subprocess
    import sys

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"out{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        command = [sys.executable, "-m", "framing", "analyze", str(seeds), "--out", str(out), "--quiet", "--no-cache"]
        result = subprocess.run([*command, "--no-report", "--jobs", "1"], env=env, capture_output=True, text=True)
        assert result.returncode in (EXIT_OK, EXIT_PROBLEMS), result.stderr
        outputs.append((out / "findings.jsonl").read_bytes())
    assert outputs[0] == outputs[1]
