"""Plugins that go wrong: each failure is named in the output and the run completes.

Covers: a plugin raising at import, a registration hook raising, an analyzer raising on one
article, duplicate plugin and analyzer names, a misspelt hook name (``check_pending``),
``--disable``/``FRAMING_DISABLE``, and ``--strict`` (one clear line, exit 1, no traceback).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.plugins import PluginOptions, load_plugins
from framing.testing import BUILTIN_ANALYSIS

TEXTS = {
    "calm.txt": "Officials met in Paris. The talks went well.\n",
    "boom.txt": "BOOM, said the Mayor of Lyon.\n",
}

GOOD = """
from framing import hookimpl
from framing.models import AnalyzerOutput, AnalyzerSpec, Finding

def capitals(doc):
    found = [Finding("", "", "capital", t.idx, t.idx + len(t.text), t.text) for t in doc if t.text[:1].isupper()]
    return AnalyzerOutput(findings=found, metrics={"capitals": len(found)})

@hookimpl
def framing_register_analyzers(register):
    register(AnalyzerSpec(name="capitals", extract=capitals))
"""

PLUGINS = {
    "good_plugin": GOOD,
    "import_error_plugin": "raise RuntimeError('cannot import me')\n",
    "flaky_plugin": """
        from framing import hookimpl
        from framing.models import AnalyzerOutput, AnalyzerSpec

        def flaky(doc):
            if "BOOM" in doc.text:
                raise ValueError("flaky exploded on this article")
            return AnalyzerOutput(metrics={"ok": 1})

        @hookimpl
        def framing_register_analyzers(register):
            register(AnalyzerSpec(name="flaky", extract=flaky))
        """,
    "register_error_plugin": """
        from framing import hookimpl

        @hookimpl
        def framing_register_analyzers(register):
            raise KeyError("no config for register_error_plugin")
        """,
    "misspelt_plugin": """
        from framing import hookimpl

        @hookimpl
        def framing_register_analyser(register):  # British spelling: no such hook
            pass
        """,
    "duplicate_analyzer_plugin": GOOD.replace(
        "\n@hookimpl", "\ndef other(doc):\n    return AnalyzerOutput()\n\n@hookimpl"
    )
    + "    register(AnalyzerSpec(name='other_analyzer', extract=other))\n",
}


def write_plugins(folder: Path, names) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.py").write_text(textwrap.dedent(PLUGINS[name]), encoding="utf-8")
    return folder


def invoke(*args: str, env=None):
    result = CliRunner().invoke(cli, list(args), env={"FRAMING_DISABLE": None, **(env or {})}, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plugin_dir(tmp_path) -> Path:
    return write_plugins(tmp_path / "plugins", ["good_plugin", "import_error_plugin", "flaky_plugin"])


def test_import_error_is_named_everywhere_and_the_run_completes(framing_run, plugin_dir):
    run = framing_run(TEXTS, plugins_dirs=[plugin_dir], disable=BUILTIN_ANALYSIS, quiet=False)
    assert run.exit_code == 3
    assert "import_error_plugin" in run.stderr and "cannot import me" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.plugin("import_error_plugin")["error"] == "RuntimeError: cannot import me"
    assert any(p["source"] == "import_error_plugin" and "cannot import me" in p["message"] for p in run.problems)
    assert {f["article"] for f in run.of("capitals")} == {"calm", "boom"}  # the others ran
    # `framing plugins`: JSON and table both name it
    code, out, _ = invoke("plugins", "--json", "--plugins-dir", str(plugin_dir))
    infos = {info["name"]: info for info in json.loads(out)}
    assert infos["import_error_plugin"]["error"] == "RuntimeError: cannot import me"
    assert infos["good_plugin"]["provides"] == {"analyzer": ["capitals"]} and infos["good_plugin"]["error"] is None
    code, out, _ = invoke("plugins", "--plugins-dir", str(plugin_dir))
    assert code == 3
    assert "import_error_plugin" in out and "cannot import me" in out


def test_analyzer_raising_on_one_article_is_isolated(framing_run, plugin_dir):
    run = framing_run(TEXTS, plugins_dirs=[plugin_dir], disable=BUILTIN_ANALYSIS, report=True, quiet=False)
    assert run.exit_code == 3
    [error] = run.errors
    assert (error["article"], error["analyzer"]) == ("boom", "flaky")
    assert "ValueError: flaky exploded on this article" in error["text"]
    assert run.article("calm")["flaky.ok"] == "1" and run.article("boom")["flaky.ok"] == ""
    assert ("boom", "Mayor") in {(f["article"], f["text"]) for f in run.of("capitals")}
    assert any(p["source"] == "flaky" and p["article"] == "boom" for p in run.problems)
    assert any(e["source"] == "flaky" and e["article"] == "boom" for e in run.run_info["errors"])
    assert "flaky" in run.stderr and "[boom]" in run.stderr
    assert (run.out_dir / "report.html").is_file()


def test_registration_hook_raising_is_reported(framing_run, tmp_path):
    folder = write_plugins(tmp_path / "p", ["good_plugin", "register_error_plugin"])
    run = framing_run(TEXTS, plugins_dirs=[folder], disable=BUILTIN_ANALYSIS)
    assert run.exit_code == 3
    error = run.plugin("register_error_plugin")["error"]
    assert "framing_register_analyzers raised KeyError" in error and "no config" in error
    assert run.of("capitals")


def test_misspelt_hook_is_reported_by_check_pending(framing_run, tmp_path):
    folder = write_plugins(tmp_path / "p", ["good_plugin", "misspelt_plugin"])
    run = framing_run(TEXTS, plugins_dirs=[folder], disable=BUILTIN_ANALYSIS)
    assert run.exit_code == 3
    assert "unknown hook(s) framing_register_analyser" in run.plugin("misspelt_plugin")["error"]
    host = load_plugins(PluginOptions(plugin_dirs=(str(folder),), entry_points=False))
    assert not host.pm.has_plugin("misspelt_plugin")  # unregistered, not half-loaded
    assert [e.source for e in host.load_errors] == ["misspelt_plugin"]


def test_duplicate_analyzer_name_keeps_the_first_and_names_both(framing_run, tmp_path):
    folder = write_plugins(tmp_path / "p", ["good_plugin", "duplicate_analyzer_plugin"])
    run = framing_run(TEXTS, plugins_dirs=[folder], disable=BUILTIN_ANALYSIS)
    assert run.exit_code == 3
    error = run.plugin("good_plugin")["error"] or run.plugin("duplicate_analyzer_plugin")["error"]
    assert "analyzer 'capitals'" in error and "good_plugin" in error and "duplicate_analyzer_plugin" in error
    assert run.of("capitals") and "other_analyzer" in run.run_info["analyzers"]  # the rest still registered
    code, _, stderr = invoke(
        "analyze", str(run.input_dir), "--out", str(tmp_path / "s"), "--plugins-dir", str(folder), "--strict"
    )
    assert code == 1 and "already registered" in stderr and len(stderr.strip().splitlines()) == 1


def test_duplicate_plugin_name_is_reported(framing_run, tmp_path):
    one = write_plugins(tmp_path / "one", ["good_plugin"])
    two = write_plugins(tmp_path / "two", ["good_plugin"])
    (two / "good_plugin.py").write_text(GOOD.replace('"capitals"', '"capitals2"'), encoding="utf-8")
    run = framing_run(TEXTS, plugins_dirs=[one, two], disable=BUILTIN_ANALYSIS)
    assert run.exit_code == 3
    assert any("a plugin named 'good_plugin' is already loaded" in p["message"] for p in run.problems)
    # a plugin file named like a built-in cannot replace it silently either
    (one / "hedging.py").write_text(GOOD.replace('"capitals"', '"capitals3"'), encoding="utf-8")
    run = framing_run(TEXTS, plugins=[one / "hedging.py"], disable=["attribution", "actor_sentiment"], quiet=False)
    assert "a plugin named 'hedging' is already loaded" in run.stderr


@pytest.mark.parametrize("how", ["option", "environment"])
def test_disable_by_plugin_or_analyzer_name(framing_run, plugin_dir, how):
    for name in ("flaky_plugin", "flaky"):  # the plugin, or just the analyzer it registers
        if how == "option":
            run = framing_run(TEXTS, plugins_dirs=[plugin_dir], disable=[*BUILTIN_ANALYSIS, name])
        else:
            run = framing_run(
                TEXTS, plugins_dirs=[plugin_dir], disable=BUILTIN_ANALYSIS, env={"FRAMING_DISABLE": f"{name}"}
            )
        assert run.errors == [] and "flaky" not in run.run_info["analyzers"]
        assert run.of("capitals")


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["import_error_plugin"], "plugin 'import_error_plugin'"),
        (["misspelt_plugin"], "unknown hook(s) framing_register_analyser"),
        (["register_error_plugin"], "framing_register_analyzers raised KeyError"),
    ],
)
def test_strict_makes_load_failures_fatal(tmp_path, names, message):
    folder = write_plugins(tmp_path / "p", ["good_plugin", *names])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Officials met in Paris.\n", encoding="utf-8")
    for command in (["analyze", str(corpus), "--out", str(tmp_path / "out")], ["plugins"]):
        code, _, stderr = invoke(*command, "--plugins-dir", str(folder), "--strict")
        assert code == 1, (command, stderr)
        assert message in stderr and "Traceback" not in stderr
        assert len(stderr.strip().splitlines()) == 1


def test_installed_plugin_failing_at_import_is_named(framing_run, tmp_path, monkeypatch):
    """An installed package whose entry point cannot be imported (the llm weakness to avoid)."""
    site = tmp_path / "site"
    info = site / "framing_broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: framing-broken\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[framing]\nbroken = framing_broken_missing.plugin\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    run = framing_run(
        TEXTS,
        plugins=[write_plugins(tmp_path / "p", ["good_plugin"]) / "good_plugin.py"],
        disable=BUILTIN_ANALYSIS,
        quiet=False,
    )
    assert run.exit_code == 3
    assert run.plugin("broken")["origin"] == "entrypoint"
    assert "No module named 'framing_broken_missing'" in run.plugin("broken")["error"]
    assert "broken" in run.stderr and "Traceback" not in run.stderr
    assert run.of("capitals")
    _, out, _ = invoke("plugins", "--json")
    assert "framing_broken_missing" in {i["name"]: i for i in json.loads(out)}["broken"]["error"]
    run = framing_run(TEXTS, disable=[*BUILTIN_ANALYSIS, "broken"])  # disabling it by name skips the import
    assert run.exit_code == 0 and all(p["name"] != "broken" for p in run.run_info["plugins"])


def test_a_plugin_command_hook_raising_does_not_hide_other_commands(tmp_path):
    import click

    from framing.cli import FramingGroup

    folder = tmp_path / "cmds"
    folder.mkdir()
    (folder / "zz_cmd_bad.py").write_text(
        "from framing import hookimpl\n\n"
        "@hookimpl\ndef framing_register_commands(cli):\n    raise RuntimeError('no')\n",
        encoding="utf-8",
    )
    (folder / "cmd_good.py").write_text(
        textwrap.dedent(
            """
            import click
            from framing import hookimpl

            @hookimpl
            def framing_register_commands(cli):
                @cli.command("hello-plugin")
                def hello():
                    click.echo("hello from a plugin")
            """
        ),
        encoding="utf-8",
    )
    group = FramingGroup(name="framing")
    result = CliRunner().invoke(group, ["hello-plugin"], env={"FRAMING_PLUGINS_DIR": str(folder)})
    assert result.exit_code == 0 and "hello from a plugin" in result.stdout
    assert "plugin 'zz_cmd_bad': commands not loaded: RuntimeError: no" in result.stderr
    assert isinstance(group.commands["hello-plugin"], click.Command)
