"""The Markdown report (a built-in plugin): ``report.md``."""

from __future__ import annotations

from pathlib import Path

from framing.hookspecs import hookimpl
from framing.registry import ReportFormatSpec


def render_markdown(report, out_dir: Path) -> list[Path]:
    lines = [f"# {report.title}", "", "| article | title | words | findings |", "|---|---|---|---|"]
    for r in report.run.articles:
        title = (r.article.title or "").replace("|", "\\|")
        lines.append(f"| {r.article.id} | {title} | {r.article.words} | {len(r.findings)} |")
    path = out_dir / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [path]


@hookimpl
def framing_register_report_formats(register) -> None:
    register(ReportFormatSpec("markdown", render_markdown, "Markdown summary"))
