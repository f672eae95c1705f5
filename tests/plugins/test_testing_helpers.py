"""framing.testing: the pytest plugin for plugin authors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from framing.testing import BUILTIN_ANALYSIS, FramingRun, run_framing

ROOT = Path(__file__).resolve().parents[2]


def test_import_is_light_and_registered_with_pytest():
    code = textwrap.dedent(
        """
        import sys, importlib.metadata as m
        import framing.testing
        names = ("spacy", "click", "matplotlib", "framing.cli", "framing.pipeline")
        heavy = [name for name in names if name in sys.modules]
        assert not heavy, heavy
        assert any(ep.value == "framing.testing" for ep in m.entry_points(group="pytest11"))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_fixture_and_function(framing_run, framing_texts, tmp_path):
    plugin = ROOT / "plugins" / "local" / "passive_voice.py"
    run = framing_run(framing_texts, plugins=[plugin], disable=BUILTIN_ANALYSIS)
    assert isinstance(run, FramingRun) and run.exit_code == 0
    assert {row["id"] for row in run.articles} == {"calm", "passive", "quoted"}
    assert run.of("passive_voice", article="passive") and run.errors == [] and run.problems == []
    assert run.input_dir.is_dir() and (run.out_dir / "findings.jsonl").is_file()
    # the same without pytest, on an existing folder, with a module object
    import importlib.util

    spec = importlib.util.spec_from_file_location("pv_module_for_helpers", plugin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    again = run_framing(run.input_dir, tmp_path / "again", plugins=[module], disable=BUILTIN_ANALYSIS)
    assert again.findings == run.findings


def test_fatal_errors_come_back_as_exit_code(framing_run):
    run = framing_run({"a.txt": "Text."}, plugins=["no_such_module_for_framing"])
    assert run.exit_code == 1 and "unknown plugin 'no_such_module_for_framing'" in run.stderr
    assert run.findings == [] and run.articles == []
