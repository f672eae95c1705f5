"""The one-file local plugin (plugins/local/passive_voice.py): its algorithm, and loading it with -p
and --plugins-dir."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from framing.testing import BUILTIN_ANALYSIS

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "local" / "passive_voice.py"

TEXTS = {
    "mistakes.txt": "Mistakes were made. The men were quickly deported on Saturday.\n",
    "agent.txt": "The men were deported by the government. Officials said nothing.\n",
    "quoted.txt": 'The lawyer said: "My clients were never told why." It is believed that the flights were ordered.\n',
}


@pytest.fixture(scope="module")
def passive_voice():
    spec = importlib.util.spec_from_file_location("passive_voice_under_test", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mistakes were made.", [("were made", "make", "Mistakes", None)]),
        ("The men were deported by ICE on Saturday.", [("were deported", "deport", "The men", "by ICE")]),
        ("They were quickly deported to El Salvador.", [("were quickly deported", "deport", "They", None)]),
        ("He got arrested last week.", [("got arrested", "arrest", "He", None)]),
        ("The minister made mistakes.", []),
    ],
)
def test_passive_clauses(passive_voice, nlp_base, sentence, expected):
    doc = nlp_base(sentence)
    found = [
        (doc.text[c["start"] : c["end"]], c["verb"], c["subject"], c["agent"])
        for c in passive_voice.passive_clauses(doc)
    ]
    assert found == expected


def test_impersonal_passive_is_labelled(passive_voice, nlp_base):
    output = passive_voice.extract(nlp_base("It is believed that the flights were ordered."))
    labels = {f.text: f.label for f in output.findings}
    assert labels == {"is believed": "impersonal", "were ordered": "agentless"}


def test_no_parse_means_no_findings(passive_voice):
    import spacy

    output = passive_voice.extract(spacy.blank("en")("Mistakes were made."))
    assert not output.findings and output.metrics["agentless"] == 0


def _check(run):
    assert run.exit_code == 0, run.stderr
    found = {(f["article"], f["text"]) for f in run.of("passive_voice", kind="agentless_passive")}
    assert found == {
        ("mistakes", "were made"),
        ("mistakes", "were quickly deported"),
        ("quoted", "were never told"),
        ("quoted", "is believed"),
        ("quoted", "were ordered"),
    }
    voices = {f["text"]: f["attrs"]["voice"] for f in run.of("passive_voice", article="quoted")}
    assert voices["were never told"] == "quote" and voices["were ordered"] == "author"
    assert run.article("agent")["passive_voice.with_agent"] == "1"
    assert run.article("agent")["passive_voice.agentless"] == "0"
    assert run.article("mistakes")["passive_voice.agentless_share"] == "1.0"
    info = run.plugin("passive_voice")
    assert info["provides"] == {"analyzer": ["passive_voice"]} and info["version"] == "0.1.0"


def test_loaded_with_p(framing_run):
    _check(framing_run(TEXTS, plugins=[PLUGIN], disable=BUILTIN_ANALYSIS))


def test_loaded_with_plugins_dir(framing_run):
    run = framing_run(TEXTS, plugins_dirs=[PLUGIN.parent], disable=BUILTIN_ANALYSIS)
    _check(run)
    assert run.plugin("passive_voice")["origin"] == "file"


def test_loaded_with_environment_variables(framing_run):
    _check(framing_run(TEXTS, env={"FRAMING_PLUGINS": str(PLUGIN)}, disable=BUILTIN_ANALYSIS))
    _check(framing_run(TEXTS, env={"FRAMING_PLUGINS_DIR": str(PLUGIN.parent)}, disable=BUILTIN_ANALYSIS))


def test_disabled_by_name(framing_run):
    for run in (
        framing_run(TEXTS, plugins=[PLUGIN], disable=[*BUILTIN_ANALYSIS, "passive_voice"]),
        framing_run(TEXTS, plugins=[PLUGIN], disable=BUILTIN_ANALYSIS, env={"FRAMING_DISABLE": "passive_voice"}),
    ):
        assert run.exit_code == 0, run.stderr
        assert run.of("passive_voice") == []
        assert "passive_voice" not in run.run_info["analyzers"]


def test_the_example_in_the_readme_plugin_section(framing_run, monkeypatch):
    """The test shown in README.md ("Writing a plugin", "4. Test it") passes as written."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a plugin", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    [example] = [block for block in blocks if "def test_" in block]
    namespace: dict = {}
    exec(example, namespace)
    monkeypatch.chdir(ROOT)  # the example names the plugin by its path in the repository
    namespace["test_finds_agentless_passives"](framing_run)
