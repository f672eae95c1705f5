"""The plugin inside framing runs, with the `framing_run` fixture from framing's pytest plugin."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from framing.testing import BUILTIN_ANALYSIS

DATA = Path(__file__).parent / "data"
PLUGIN = "framing_moral_foundations.plugin"
#: the plugin's name in a run: its entry point name once installed, else its module name (-p)
INSTALLED = any(ep.name == "moral_foundations" for ep in entry_points(group="framing"))
NAME = "moral_foundations" if INSTALLED else PLUGIN

TEXTS = {
    "a.txt": "The guards were cruel. Lawyers said the men were denied due process.\n",
    "b.txt": 'The ministry vowed to protect citizens. "They betrayed us," a resident said.\n',
    "c.txt": "The weather was mild on Tuesday.\n",
}


@pytest.fixture
def run(framing_run):
    def go(lexicon: Path | None = DATA / "tiny.tsv", texts=TEXTS, **kwargs):
        env = {"FRAMING_MORAL_LEXICON": str(lexicon) if lexicon else None, "FRAMING_MORAL_MIN_WEIGHT": None}
        env.update(kwargs.pop("env", {}))
        return framing_run(texts, plugins=[PLUGIN], disable=BUILTIN_ANALYSIS, env=env, **kwargs)

    return go


def test_findings_and_metrics(run):
    result = run()
    assert result.exit_code == 0, result.stderr
    terms = {
        (f["article"], f["text"], f["label"], f["attrs"]["polarity"])
        for f in result.of("moral_foundations", "moral_term")
    }
    assert terms == {
        ("a", "cruel", "care", "vice"),
        ("a", "due process", "fairness", "virtue"),
        ("b", "protect", "care", "virtue"),
        ("b", "betrayed", "loyalty", "vice"),
    }
    [quoted] = [f for f in result.of("moral_foundations", "moral_term") if f["text"] == "betrayed"]
    assert quoted["attrs"]["voice"] == "quote" and quoted["attrs"]["lexicon"] == "tiny.tsv"
    profiles = {f["article"]: f for f in result.of("moral_foundations", "moral_profile")}
    assert profiles["a"]["label"] == "fairness"  # due process weighs 2
    assert profiles["c"]["label"] is None and profiles["c"]["attrs"]["terms"] == 0
    assert float(result.article("a")["moral_foundations.fairness_per_1k"]) > 0
    assert result.article("c")["moral_foundations.moral_terms"] == "0"


def test_min_weight_filters_findings_not_scores(run):
    texts = {"d.txt": "The prisoners were tortured, the judge said.\n"}
    result = run(DATA / "tiny_emfd.csv", texts=texts, env={"FRAMING_MORAL_MIN_WEIGHT": "0.5"})
    assert result.exit_code == 0, result.stderr
    assert [(f["text"], f["label"], f["score"]) for f in result.of("moral_foundations", "moral_term")] == [
        ("tortured", "care", 0.8)
    ]
    row = result.article("d")
    assert float(row["moral_foundations.fairness_per_1k"]) > float(row["moral_foundations.loyalty_per_1k"]) > 0
    assert row["moral_foundations.moral_terms"] == "2"  # the judge counts in the scores


def test_bad_min_weight_is_reported(run):
    result = run(env={"FRAMING_MORAL_MIN_WEIGHT": "high"})
    assert result.exit_code == 3
    assert "FRAMING_MORAL_MIN_WEIGHT='high' is not a number" in result.plugin(NAME)["error"]


def test_starter_lexicon_when_none_is_given(run):
    result = run(None)
    assert result.exit_code == 0, result.stderr
    assert {f["text"] for f in result.of("moral_foundations", "moral_term")} >= {"cruel", "due process", "betrayed"}
    assert result.of("moral_foundations", "moral_term")[0]["attrs"]["lexicon"] == "starter"


def test_unreadable_lexicon_is_a_plugin_error_and_the_run_goes_on(run):
    result = run(DATA / "missing.tsv")
    assert result.exit_code == 3
    assert result.of("moral_foundations") == []
    assert "missing.tsv" in result.plugin(NAME)["error"]
    assert any(p["source"] == NAME and "missing.tsv" in p["message"] for p in result.problems)


def test_chart_and_section(run):
    from framing.models import ArticleMeta, ArticleResult, Finding, RunResult
    from matplotlib.figure import Figure

    from framing_moral_foundations.plugin import build_section, draw_chart

    metrics = {"care_per_1k": 2.0, "fairness_per_1k": 1.0, "loyalty_per_1k": 0.0, "authority_per_1k": 0.5}
    finding = Finding("a", "moral_foundations", "moral_term", 0, 5, "cruel", label="care")
    articles = (
        ArticleResult(ArticleMeta("a", outlet="Daily"), findings=(finding,), metrics={"moral_foundations": metrics}),
        ArticleResult(ArticleMeta("b"), metrics={"other": {}}),
    )

    class Report:
        run = RunResult(articles=articles, stories=())

    assert draw_chart(Report, Figure()) is True
    section = build_section(Report)
    [row] = section.tables["moral_foundations"]
    assert (
        row["article"] == "Daily" and row["id"] == "a" and row["dominant"] == "care" and row["top_terms"] == "cruel (1)"
    )
    Report.run = RunResult(articles=articles[1:], stories=())
    assert draw_chart(Report, Figure()) is False and build_section(Report) is None


def test_moral_lexicon_command():
    import click
    from click.testing import CliRunner

    from framing_moral_foundations.plugin import framing_register_commands

    group = click.Group()
    framing_register_commands(cli=group)
    result = CliRunner().invoke(group, ["moral-lexicon", str(DATA / "tiny.dic")])
    assert result.exit_code == 0, result.output
    assert "tiny.dic: dic format, 4 terms" in result.output
    result = CliRunner().invoke(group, ["moral-lexicon", str(DATA / "missing.dic")])
    assert result.exit_code == 1 and "cannot read" in result.output
