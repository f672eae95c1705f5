"""The HTML report (a built-in plugin): one self-contained file, ``report.html``.

Rendered with Jinja2 (autoescape on) from the report model: every piece of article text,
title, speaker or label goes through escaping; only the chart SVGs (produced by matplotlib,
which escapes the text it draws) are inserted as markup. CSS and JavaScript are inline, the
charts are inline SVG, nothing is fetched from the network, so the file opens from disk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from framing.hookspecs import hookimpl
from framing.registry import ReportFormatSpec
from framing.viz.style import PALETTE

#: Highlight style per ``analyzer/kind`` (or ``analyzer``); other analyzers get a palette tint.
HIGHLIGHT_STYLES = {
    "attribution": "background:#DCEEFB;border-bottom:2px solid #0072B2",
    "hedging/hedge": "background:#F7EC8A",
    "hedging/booster": "background:#F8C77A",
    "hedging": "background:#F7EC8A",
    "loaded_terms": "background:#F3C6DE",
    "actor_sentiment": "border-bottom:2px dotted #00805C",
    "labels": "text-decoration:underline wavy #D55E00;text-underline-offset:3px",
    "omission": "background:#E9F5EE",
}
DEFAULT_OFF = ("actor_sentiment", "labels", "omission")  # dense layers: shown on demand

_SAFE_SVG = re.compile(r"<\s*(script|foreignObject|iframe)\b", re.I)


def _css_class(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-") or "x"


def highlight_css(analyzers: list[dict[str, Any]]) -> str:
    """CSS rules for the highlight layers and their on/off toggles (names are slugs)."""
    rules = []
    seen = set()
    for k, item in enumerate(analyzers):
        name, css = item["analyzer"], _css_class(item["analyzer"])
        if css in seen:
            continue
        seen.add(css)
        base = HIGHLIGHT_STYLES.get(name, f"background:{PALETTE[k % len(PALETTE)]}33")
        rules.append(f".a-{css}{{{base}}}")
        for kind in item.get("kinds", []):
            style = HIGHLIGHT_STYLES.get(f"{name}/{kind}")
            if style:
                rules.append(f".a-{css}.k-{_css_class(kind)}{{{style}}}")
        rules.append(
            f".off-{css} .a-{css}{{background:none;border-bottom:0;text-decoration:none;padding:0;cursor:text}}"
        )
    return "\n".join(rules)


def swatch_style(analyzer: str, kind: str | None = None) -> str:
    return HIGHLIGHT_STYLES.get(f"{analyzer}/{kind}") or HIGHLIGHT_STYLES.get(analyzer) or "background:#DDDDDD"


def environment():
    """The Jinja2 environment (templates from ``framing/report/templates``, autoescape on)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("framing.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_class"] = _css_class
    env.globals["swatch_style"] = swatch_style
    env.globals["highlight_css"] = highlight_css
    env.globals["default_off"] = DEFAULT_OFF
    return env


def chart_markup(svg: str):
    """Mark a matplotlib SVG as safe markup (refusing anything scriptable)."""
    from markupsafe import Markup

    if _SAFE_SVG.search(svg):
        return Markup("<p class='note'>chart omitted: unexpected markup in SVG</p>")
    return Markup(svg)


def text_body(segments: Sequence[Any]):
    """An article's highlighted text as markup: each segment's text (escaped) inside one
    ``<span class="hl ...">`` per finding covering it (:class:`~framing.report.model.Segment`).

    The same markup as writing it out in the template, built here because a text has thousands
    of segments and a finding's span, with its escaped tooltip, opens every segment it covers:
    it is escaped once per finding instead of once per segment (a third of the HTML's rendering).
    """
    from markupsafe import Markup, escape

    opening: dict[int, str] = {}  # id(layer) -> its <span ...> (layers are shared by their segments)
    parts: list[str] = []
    for segment in segments:
        layers = segment.layers
        for layer in layers:
            tag = opening.get(id(layer))
            if tag is None:
                anchor = f' id="{escape(layer.anchor)}"' if layer.anchor else ""
                tag = opening[id(layer)] = f'<span class="hl {escape(layer.css)}"{anchor} title="{escape(layer.tip)}">'
            parts.append(tag)
        parts.append(str(escape(segment.text)))
        parts.append("</span>" * len(layers))
    return Markup("".join(parts))


def render_html(report, out_dir: Path) -> list[Path]:
    """Write ``report.html`` (self-contained) into ``out_dir``."""
    env = environment()
    env.filters["chart_markup"] = chart_markup
    env.filters["text_body"] = text_body
    html = env.get_template("report.html.j2").render(report=report, run=report.run, prov=report.provenance)
    path = out_dir / "report.html"
    path.write_text(html, encoding="utf-8", newline="\n")
    return [path]


@hookimpl
def framing_register_report_formats(register) -> None:
    register(ReportFormatSpec("html", render_html, "self-contained HTML report"))
