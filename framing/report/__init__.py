"""Reports: a report model built from a :class:`~framing.models.RunResult`, then renderers.

:func:`write_reports` is what ``framing analyze`` calls: it builds the model once and asks
every registered report format (``framing_register_report_formats``) to render it into the
output folder. A format that raises is reported and the others still run.
"""

from __future__ import annotations

from pathlib import Path

from framing.models import ErrorRecord, RunResult
from framing.plugins import PluginHost


def write_reports(run: RunResult, out_dir: Path, host: PluginHost) -> list[ErrorRecord]:
    """Render every report format into ``out_dir``; return the errors (never raises)."""
    from framing.report.model import build_report

    errors: list[ErrorRecord] = []
    try:
        report = build_report(run, host, out_dir)
    except Exception as exc:
        return [ErrorRecord("report", "model", f"{type(exc).__name__}: {exc}")]
    errors.extend(report.errors)
    for spec in host.report_formats:
        try:
            spec.render(report, out_dir)
        except Exception as exc:
            errors.append(ErrorRecord("report", spec.name, f"{type(exc).__name__}: {exc}"))
    return errors
