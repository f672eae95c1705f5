"""Reports: a report model built from a :class:`~framing.models.RunResult`, then renderers.

:func:`write_reports` is what ``framing analyze`` calls: it builds the model once and asks
every registered report format (``framing_register_report_formats``) to render it into the
output folder. A format that raises is reported and the others still run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from framing.models import ErrorRecord, RunResult
from framing.plugins import PluginHost

if TYPE_CHECKING:  # pragma: no cover
    from framing.cache import ChartCache


def write_reports(
    run: RunResult,
    out_dir: Path,
    host: PluginHost,
    *,
    max_stories: int | None = None,
    chart_formats: Sequence[str] = ("svg",),
    chart_cache: ChartCache | None = None,
    jobs: int = 1,
) -> list[ErrorRecord]:
    """Render every report format into ``out_dir``; return the errors (never raises).

    ``max_stories``: stories detailed (the rest are listed with their numbers); ``chart_formats``:
    files written per chart (``svg``, ``png``); ``chart_cache``: reuse charts drawn by earlier runs;
    ``jobs``: worker processes drawing the charts.
    """
    from framing.report.model import build_report

    errors: list[ErrorRecord] = []
    try:
        report = build_report(
            run,
            host,
            out_dir,
            max_stories=max_stories,
            chart_formats=chart_formats,
            chart_cache=chart_cache,
            jobs=jobs,
        )
    except Exception as exc:
        return [ErrorRecord("report", "model", f"{type(exc).__name__}: {exc}")]
    errors.extend(report.errors)
    for spec in host.report_formats:
        try:
            spec.render(report, out_dir)
        except Exception as exc:
            errors.append(ErrorRecord("report", spec.name, f"{type(exc).__name__}: {exc}"))
    return errors
