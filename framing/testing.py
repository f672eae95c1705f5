"""pytest helpers for plugin authors (registered as the ``framing`` pytest plugin).

pytest loads this module in every environment where framing is installed (the ``pytest11``
entry point), so it imports nothing heavy at module level and cannot fail at import: framing,
spaCy and click are imported inside the fixtures, when a test uses them.

The main fixture is :func:`framing_run`: it writes the texts you give into a folder, runs
``framing analyze`` on it in-process with the plugins you name, and returns a
:class:`FramingRun` holding what the command wrote::

    def test_my_analyzer_finds_mistakes(framing_run):
        run = framing_run(
            {"a.txt": "Mistakes were made.", "b.txt": "The minister made mistakes."},
            plugins=["plugins/local/passive_voice.py"],  # paths, module names or modules
            disable=["attribution", "hedging"],          # skip what you do not need (faster)
        )
        assert run.exit_code == 0
        assert [f["text"] for f in run.of("passive_voice", kind="agentless_passive")] == ["were made"]

The same function is importable without pytest: :func:`run_framing`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

try:  # pytest is optional: the helpers below also work from plain Python
    import pytest
except Exception:  # pragma: no cover - never fail at import
    pytest = None  # type: ignore[assignment]

#: Every built-in analysis plugin (``disable=BUILTIN_ANALYSIS`` runs only your plugin).
BUILTIN_ANALYSIS: tuple[str, ...] = (
    "attribution",
    "hedging",
    "loaded_terms",
    "actor_sentiment",
    "actors",
    "labels",
    "sources",
    "omission",
)


@dataclass
class FramingRun:
    """What one ``framing analyze`` run wrote, read back.

    Attributes:
        exit_code: the command's exit status (0 clean, 1 fatal, 3 completed with problems).
        out_dir: the output folder.
        findings: ``findings.jsonl`` as a list of dicts (the output contract).
        articles: ``articles.csv`` rows as dicts of strings (empty when the run failed).
        problems: ``problems.csv`` rows (stage, source, article, message).
        run_info: ``run.json`` (provenance: plugins, analyzers, errors, counts).
        stdout, stderr: what the command printed.
        input_dir: the folder of articles that was analysed.
    """

    exit_code: int
    out_dir: Path
    input_dir: Path
    stdout: str = ""
    stderr: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, str]] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    run_info: dict[str, Any] = field(default_factory=dict)

    def of(self, analyzer: str, kind: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
        """The findings of one analyzer (optionally one kind, one article)."""
        return [
            f
            for f in self.findings
            if f["analyzer"] == analyzer
            and (kind is None or f["kind"] == kind)
            and (article is None or f["article"] == article)
        ]

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The ``error`` findings (an analyzer or comparison that failed on an article)."""
        return [f for f in self.findings if f["kind"] == "error"]

    def article(self, article_id: str) -> dict[str, str]:
        """The ``articles.csv`` row of one article."""
        for row in self.articles:
            if row.get("id") == article_id:
                return row
        raise KeyError(f"no article {article_id!r} in articles.csv (ids: {[r.get('id') for r in self.articles]})")

    def plugin(self, name: str) -> dict[str, Any]:
        """One plugin's entry in ``run.json`` (name, origin, version, hooks, provides, error)."""
        for info in self.run_info.get("plugins", []):
            if info["name"] == name:
                return info
        raise KeyError(f"no plugin {name!r} in run.json")


def _plugin_arg(plugin: str | os.PathLike[str] | ModuleType) -> str:
    """A ``-p`` value for a module name, a path or an imported module."""
    if isinstance(plugin, ModuleType):
        name = plugin.__name__
        if not name.startswith("framing_local_plugins.") and name in sys.modules and name != "__main__":
            return name
        file = getattr(plugin, "__file__", None)
        if not file:
            raise TypeError(f"plugin module {name!r} has no file; give its module name or path instead")
        return file
    if isinstance(plugin, os.PathLike):
        return os.fspath(plugin)
    if isinstance(plugin, str):
        return plugin
    raise TypeError(f"plugins must be module names, .py paths or modules, not {type(plugin).__name__}")


def write_texts(folder: Path, texts: Mapping[str, str]) -> Path:
    """Write ``{"name.txt": text}`` into ``folder`` (names without a suffix get ``.txt``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        path = folder / (name if Path(name).suffix else f"{name}.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def read_outputs(out_dir: Path) -> dict[str, Any]:
    """Read ``findings.jsonl``, ``articles.csv``, ``problems.csv`` and ``run.json`` (missing -> empty)."""
    import csv
    import json

    def rows(name: str) -> list[dict[str, str]]:
        path = out_dir / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    findings_path = out_dir / "findings.jsonl"
    findings = (
        [json.loads(line) for line in findings_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if findings_path.is_file()
        else []
    )
    run_path = out_dir / "run.json"
    run_info = json.loads(run_path.read_text(encoding="utf-8")) if run_path.is_file() else {}
    return {
        "findings": findings,
        "articles": rows("articles.csv"),
        "problems": rows("problems.csv"),
        "run_info": run_info,
    }


def run_framing(
    texts: Mapping[str, str] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    plugins: Iterable[str | os.PathLike[str] | ModuleType] = (),
    plugins_dirs: Iterable[str | os.PathLike[str]] = (),
    disable: Iterable[str] = (),
    strict: bool = False,
    report: bool = False,
    quiet: bool = True,
    args: Sequence[str] = (),
    env: Mapping[str, str | None] | None = None,
) -> FramingRun:
    """Run ``framing analyze`` in-process and read back what it wrote.

    Args:
        texts: ``{"name.txt": text}`` written to ``<out_dir>-input/``, or an existing folder.
        out_dir: the output folder.
        plugins: ``-p`` values: module names, ``.py`` paths or imported modules.
        plugins_dirs: ``--plugins-dir`` folders.
        disable: names for ``--disable`` (plugins, analyzers, comparisons, charts, formats).
        strict: pass ``--strict``.
        report: also write the HTML/Markdown report (off by default: faster).
        quiet: pass ``--quiet`` (no progress and no per-problem lines on stderr); set it to
            ``False`` to check what the user would see.
        args: extra command-line arguments.
        env: environment variables for the run (``None`` values unset a variable), e.g.
            ``{"FRAMING_DISABLE": None}`` to ignore the caller's setting.
    """
    from click.testing import CliRunner

    from framing.cli import cli

    out = Path(out_dir)
    if isinstance(texts, Mapping):
        input_dir = write_texts(out.parent / f"{out.name}-input", texts)
    else:
        input_dir = Path(texts)
    argv = ["analyze", str(input_dir), "--out", str(out)] + (["--quiet"] if quiet else [])
    for plugin in plugins:
        argv += ["-p", _plugin_arg(plugin)]
    for folder in plugins_dirs:
        argv += ["--plugins-dir", os.fspath(folder)]
    names = [name for name in disable if name]
    if names:
        argv += ["--disable", ",".join(names)]
    if strict:
        argv.append("--strict")
    if not report:
        argv.append("--no-report")
    argv += list(args)
    result = CliRunner().invoke(cli, argv, env=dict(env or {}), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return FramingRun(
        exit_code=result.exit_code,
        out_dir=out,
        input_dir=input_dir,
        stdout=result.stdout,
        stderr=result.stderr,
        **read_outputs(out),
    )


if pytest is not None:

    @pytest.fixture
    def framing_run(tmp_path_factory: Any) -> Any:
        """Run ``framing analyze`` on texts with given plugins; returns a :class:`FramingRun`.

        Call it as ``framing_run(texts, plugins=[...], disable=[...], report=False, env={...})``
        (the keyword arguments of :func:`run_framing`); each call gets a fresh output folder.
        """
        counter = iter(range(1_000_000))

        def run(texts: Mapping[str, str] | str | os.PathLike[str], **kwargs: Any) -> FramingRun:
            out = tmp_path_factory.mktemp("framing-run") / f"out{next(counter)}"
            return run_framing(texts, out, **kwargs)

        return run

    @pytest.fixture
    def framing_texts() -> dict[str, str]:
        """Three tiny articles for smoke tests of a plugin (id -> text)."""
        return {
            "calm.txt": "Officials met in Paris on Monday. The talks went well, the minister said.\n",
            "passive.txt": "Mistakes were made. The men were deported on Saturday without a hearing.\n",
            "quoted.txt": 'The mayor said: "We were never told." Residents were evacuated by the police.\n',
        }


__all__ = ["BUILTIN_ANALYSIS", "FramingRun", "read_outputs", "run_framing", "write_texts"]
