"""The installable example plugin (plugins/framing-moral-foundations).

Three levels, fastest first:

- its own test suite, run with its ``src`` on the path (as its README says);
- entry-point discovery in-process: a ``*.dist-info`` folder declaring the ``framing`` entry
  point is put on ``sys.path`` (what ``pip install`` leaves behind), then taken away;
- a real ``pip install --target`` of the package, then ``framing analyze seeds`` in a
  subprocess with and without it on the path (install -> findings and report; uninstall ->
  gone). The full-pipeline version is marked slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from framing.testing import BUILTIN_ANALYSIS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins" / "framing-moral-foundations"
SRC = PACKAGE / "src"
SEEDS = ROOT / "seeds"
ENTRY_POINT = "moral_foundations"
CLEAN_ENV = {"FRAMING_MORAL_LEXICON": None, "FRAMING_DISABLE": None, "FRAMING_PLUGINS": None}


def test_the_package_own_tests_pass():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PACKAGE / "tests")],
        cwd=PACKAGE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


def _fake_install(site: Path) -> None:
    """What pip leaves in site-packages, minus the code (which stays in src/)."""
    info = site / "framing_moral_foundations-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: framing-moral-foundations\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[framing]\n{ENTRY_POINT} = framing_moral_foundations.plugin\n", encoding="utf-8"
    )


def test_entry_point_discovery_in_process(framing_run, tmp_path, monkeypatch):
    """Installed (an entry point in the framing group) -> its findings appear; removed -> gone."""
    site = tmp_path / "site"
    _fake_install(site)
    texts = {"a.txt": "The guards were cruel and the men were denied due process.\n"}
    with monkeypatch.context() as patch:
        patch.syspath_prepend(str(SRC))
        patch.syspath_prepend(str(site))
        run = framing_run(texts, disable=BUILTIN_ANALYSIS, env=CLEAN_ENV)
        assert run.exit_code == 0, run.stderr
        info = run.plugin(ENTRY_POINT)
        assert info["origin"] == "entrypoint" and info["version"] == "0.1.0" and info["error"] is None
        assert {f["text"] for f in run.of("moral_foundations", "moral_term")} == {"cruel", "due process"}
        # --disable works on an installed plugin by its entry point name
        run = framing_run(texts, disable=[*BUILTIN_ANALYSIS, ENTRY_POINT], env=CLEAN_ENV)
        assert run.exit_code == 0 and run.of("moral_foundations") == []
    run = framing_run(texts, disable=BUILTIN_ANALYSIS, env=CLEAN_ENV)
    assert run.exit_code == 0, run.stderr
    assert run.of("moral_foundations") == []
    assert ENTRY_POINT not in {p["name"] for p in run.run_info["plugins"]}


@pytest.fixture(scope="module")
def pip_target(tmp_path_factory) -> Path:
    """``pip install`` the package into a private folder (never into the shared venv)."""
    target = tmp_path_factory.mktemp("pip-target")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(PACKAGE)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    if done.returncode != 0:
        pytest.fail(f"pip install {PACKAGE} failed:\n{done.stderr[-3000:]}")
    assert (target / "framing_moral_foundations" / "data" / "starter.tsv").is_file()
    return target


def _framing(*args: str, target: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRAMING_")}
    env["PYTHONPATH"] = str(target) if target else ""
    framing = Path(sys.executable).with_name("framing")
    command = [str(framing)] if framing.exists() else [sys.executable, "-m", "framing"]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=600)


def _seeds_run(out: Path, target: Path | None, *extra: str) -> list[dict]:
    done = _framing("analyze", str(SEEDS), "--out", str(out), "--quiet", *extra, target=target)
    assert done.returncode in (0, 3), done.stderr
    assert "Traceback" not in done.stderr
    return [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]


def _check_installed_then_uninstalled(pip_target: Path, tmp_path: Path, framing_run, *extra: str) -> None:
    findings = _seeds_run(tmp_path / "with", pip_target, *extra)
    mine = [f for f in findings if f["analyzer"] == "moral_foundations"]
    assert {f["kind"] for f in mine} == {"moral_term", "moral_profile"}
    assert {f["article"] for f in mine} == {p.stem for p in SEEDS.glob("*.txt")}
    report = (tmp_path / "with" / "report.md").read_text(encoding="utf-8")
    assert "## Moral foundations" in report
    assert list((tmp_path / "with" / "charts").glob("*moral?foundations*.svg"))
    run_info = json.loads((tmp_path / "with" / "run.json").read_text(encoding="utf-8"))
    [info] = [p for p in run_info["plugins"] if p["name"] == ENTRY_POINT]
    assert info["origin"] == "entrypoint" and info["version"] == "0.1.0" and info["error"] is None
    assert info["provides"] == {
        "analyzer": ["moral_foundations"],
        "chart": ["moral_foundations"],
        "section": ["moral_foundations"],
    }
    command = _framing("moral-lexicon", target=pip_target)  # the plugin's own sub-command
    assert command.returncode == 0 and "starter: table format" in command.stdout, command.stderr
    # "uninstalled": the same run where the package is not on the path (this process: never installed)
    if ENTRY_POINT in {ep.name for ep in entry_points(group="framing")}:
        pytest.skip("framing-moral-foundations is installed in this environment: cannot check the uninstalled state")
    args = [a for a in extra if a != "--disable"]
    run = framing_run(SEEDS, disable=args[0].split(",") if args else (), report=True, env=CLEAN_ENV)
    assert run.exit_code in (0, 3), run.stderr
    assert run.findings and not run.of("moral_foundations")
    assert "Moral foundations" not in (run.out_dir / "report.md").read_text(encoding="utf-8")
    assert not list(run.out_dir.glob("charts/*moral?foundations*"))


def test_pip_install_then_uninstall_fast(pip_target, tmp_path, framing_run):
    """The real package, installed by pip, on the seeds (built-in analysis off except loaded_terms)."""
    analysis = ",".join(name for name in BUILTIN_ANALYSIS if name != "loaded_terms")
    _check_installed_then_uninstalled(pip_target, tmp_path, framing_run, "--disable", analysis)


@pytest.mark.slow
def test_pip_install_then_uninstall_full_pipeline(pip_target, tmp_path, framing_run):
    """The same with every built-in analyzer and the full report (slow: two full seed runs)."""
    _check_installed_then_uninstalled(pip_target, tmp_path, framing_run)
