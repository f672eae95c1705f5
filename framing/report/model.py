"""The report model: everything a renderer shows, as plain data (no spaCy objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.models import ErrorRecord, RunResult
from framing.plugins import PluginHost


@dataclass
class Report:
    run: RunResult
    out_dir: Path
    title: str
    errors: list[ErrorRecord] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)


def build_report(run: RunResult, host: PluginHost, out_dir: Path) -> Report:
    return Report(run=run, out_dir=out_dir, title="Framing report")
