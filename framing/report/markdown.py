"""The Markdown report (a built-in plugin): ``report.md``.

The same overview, summary and tables as the HTML report, with the charts linked as images
(``charts/*.png``, SVG alongside). Text from articles is escaped for Markdown tables and
for HTML (``<`` ``>`` ``&``), so a renderer never turns article text into markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from framing.hookspecs import hookimpl
from framing.registry import ReportFormatSpec

_ESCAPES = {
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "#": "\\#",
}


def md(text: Any) -> str:
    """Escape a value for inline Markdown (one line, no markup, no HTML)."""
    value = " ".join(str("" if text is None else text).split())
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(md(c) for c in row) + " |" for row in rows)
    return lines


def _records(records: Sequence[Mapping[str, Any]]) -> list[str]:
    if not records:
        return []
    cols = list(records[0].keys())
    return table(cols, ([rec.get(c, "") for c in cols] for rec in records))


def render_markdown(report, out_dir: Path) -> list[Path]:
    """Write ``report.md`` into ``out_dir``."""
    prov = report.provenance
    multi = report.story_count > 1
    lines = [f"# {md(report.title)}", ""]
    counts = prov.get("counts", {})
    lines += [
        f"{len(report.run.articles)} article(s), {counts.get('findings', 0)} findings. "
        f"The HTML report (report.html) shows the same tables with every number's evidence "
        "and the articles' texts with the findings highlighted.",
        "",
    ]
    for story in report.stories:
        h = "##"
        lines += [f"{h} {'Story: ' + md(story.title) if multi else 'Overview'}", ""]
        lines += table(
            ["", "title", "outlet", "date", "words", "most quoted", "facts omitted", "unique facts"],
            (
                [
                    a.label,
                    a.title or a.id,
                    a.outlet or "–",
                    a.date or "–",
                    a.words,
                    f"{a.top_speaker} ({a.top_speaker_words} words)" if a.top_speaker else "–",
                    len(a.omitted),
                    len(a.unique),
                ]
                for a in story.articles
            ),
        )
        lines.append("")
        lines += [f"{h}# How the articles differ", ""]
        lines += [f"- {md(line)}" for line in story.summary] or ["No comparative findings for this story."]
        lines.append("")
        if story.charts:
            lines += [f"{h}# Charts", ""]
            for chart in story.charts:
                lines += [
                    f"**{md(chart.title)}.** {md(chart.description)}",
                    "",
                    _chart_image(chart),
                    "",
                ]
        if story.pivots:
            lines += [f"{h}# Tables", ""]
            for pivot in story.pivots.values():
                lines += [f"**{md(pivot.title)}**", ""]
                if pivot.caption:
                    lines += [md(pivot.caption.replace("Click a number for", "See report.html for")), ""]
                lines += table(
                    [pivot.row_header, *pivot.columns],
                    (
                        [row.head + (f" ({row.note})" if row.note else ""), *(c.text for c in row.cells)]
                        for row in pivot.rows
                    ),
                )
                if pivot.note:
                    lines += ["", f"_{md(pivot.note)}_"]
                lines.append("")
        omissions = [a for a in story.articles if a.omitted]
        if omissions:
            lines += [f"{h}# Facts each article leaves out", ""]
            for a in omissions:
                lines.append(f"- **{a.label}** omits: " + "; ".join(f"“{md(f)}”" for f in a.omitted))
            lines.append("")
        if story.texts_omitted:
            lines += [f"_{story.texts_omitted} article(s) are not shown in full in report.html (cap: "
                      f"{report.max_full_texts})._", ""]  # fmt: skip
    if report.other_stories:
        lines += [f"## {len(report.other_stories)} more stories", ""]
        lines += [
            f"The report details the first {len(report.stories)} stories; these are the others. Every finding is "
            "in findings.jsonl and every article in articles.csv; `framing analyze --report-stories N` details more.",
            "",
        ]
        lines += table(
            ["story", "articles", "outlets", "words", "facts omitted", "findings"],
            (
                [
                    row.title,
                    row.articles,
                    ", ".join(row.outlets) or "–",
                    row.words,
                    "–" if row.facts_omitted is None else row.facts_omitted,
                    ", ".join(f"{name} {n}" for name, n in row.counts.items()),
                ]
                for row in report.other_stories
            ),
        )
        lines.append("")
    for section in report.sections:
        lines += [f"## {md(section.title)}", ""]
        for para in section.paragraphs:
            lines += [md(para), ""]
        for name, records in section.tables.items():
            lines += [f"**{md(name)}**", "", *_records(records), ""]
    problems = [*report.run.skipped, *report.run.errors, *report.errors]
    if problems:
        lines += ["## Problems", ""]
        lines += table(
            ["stage", "source", "article", "message"],
            ([e.stage, e.source, e.article or "", e.message] for e in problems),
        )
        lines.append("")
    lines += ["## Provenance", ""]
    lines += table(
        ["", ""],
        [
            ["framing", prov.get("framing_version", "")],
            ["Python", prov.get("python", "")],
            ["spaCy model", prov.get("model", "")],
            ["pipeline", ", ".join(prov.get("pipeline", []))],
            ["analyzers", ", ".join(prov.get("analyzers", []))],
            ["comparisons", ", ".join(prov.get("comparisons", [])) or "–"],
            ["libraries", ", ".join(f"{k} {v or 'not installed'}" for k, v in prov.get("libraries", {}).items())],
            [
                "plugins",
                ", ".join(
                    p.get("name", "") + ("" if not p.get("error") else " (failed)") for p in prov.get("plugins", [])
                ),
            ],
        ],
    )
    if report.lexicons:
        lines += ["", "**Lexicons cited by the findings**", ""]
        lines += table(
            ["analyzer", "lexicon", "source", "findings"],
            ([x["analyzer"], x["lexicon"], x["source"] or "–", x["findings"]] for x in report.lexicons),
        )
    lines.append("")
    path = out_dir / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")
    return [path]


@hookimpl
def framing_register_report_formats(register) -> None:
    register(ReportFormatSpec("markdown", render_markdown, "Markdown summary with the charts linked"))


def _chart_image(chart: Any) -> str:
    """The chart as a Markdown image (PNG when written, else SVG), with a link to the other file."""
    image = chart.png_path or chart.svg_path
    line = f"![{md(chart.title)}]({image})" if image else f"_{md(chart.title)}: see report.html_"
    if chart.png_path and chart.svg_path:
        line += f" ([SVG]({chart.svg_path}))"
    return line
