"""The HTML report (a built-in plugin): one self-contained file, ``report.html``."""

from __future__ import annotations

from html import escape
from pathlib import Path

from framing.hookspecs import hookimpl
from framing.registry import ReportFormatSpec


def render_html(report, out_dir: Path) -> list[Path]:
    rows = "".join(
        f"<tr><td>{escape(r.article.id)}</td><td>{escape(r.article.title or '')}</td><td>{r.article.words}</td>"
        f"<td>{len(r.findings)}</td></tr>"
        for r in report.run.articles
    )
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Framing report</title></head><body>"
        f"<h1>{escape(report.title)}</h1><table><tr><th>article</th><th>title</th><th>words</th><th>findings</th></tr>"
        f"{rows}</table></body></html>\n"
    )
    path = out_dir / "report.html"
    path.write_text(html, encoding="utf-8")
    return [path]


@hookimpl
def framing_register_report_formats(register) -> None:
    register(ReportFormatSpec("html", render_html, "self-contained HTML report"))
