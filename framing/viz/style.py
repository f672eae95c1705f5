"""One consistent, colour-blind-safe style for every chart, applied with ``rc_context``.

Library code never touches the global pyplot state: charts are drawn on a
:class:`matplotlib.figure.Figure` attached to an Agg canvas, inside :func:`style_context`,
and saved with :func:`render_figure`, which writes SVG and PNG without timestamps (fixed
``svg.hashsalt``, ``Date``/``Software`` metadata removed), so the same data always gives the
same bytes.

matplotlib is imported inside functions: importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe qualitative palette.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey
)
#: Diverging colour map for sentiment (-1 negative ... +1 positive); safe for the common CVDs.
DIVERGING_CMAP = "PuOr"
#: Grey used for "absent" cells and secondary text.
GREY = "#BBBBBB"
TEXT = "#222222"

RC: dict[str, Any] = {
    "font.family": ["DejaVu Sans"],
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.edgecolor": "#444444",
    "axes.labelcolor": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.prop_cycle": None,  # filled in style_context (needs cycler)
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "svg.hashsalt": "framing",
    "svg.fonttype": "none",  # keep text as text: small, searchable, deterministic
    "text.parse_math": False,  # article text may contain "$6 million ... $5"
    "path.simplify": True,
}


@contextlib.contextmanager
def style_context() -> Iterator[None]:
    """Apply :data:`RC` for the duration of the block (the global rcParams are restored)."""
    import matplotlib
    from cycler import cycler

    params = {**RC, "axes.prop_cycle": cycler(color=list(PALETTE))}
    with matplotlib.rc_context(params):
        yield


def new_figure(size: tuple[float, float]) -> Figure:
    """A Figure on an Agg canvas (no pyplot, no global figure manager)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def render_figure(figure: Figure) -> tuple[str, bytes]:
    """The figure as (SVG text, PNG bytes), both without timestamps."""
    svg_buffer = io.BytesIO()
    figure.savefig(svg_buffer, format="svg", metadata={"Date": None, "Creator": None})
    figure.set_layout_engine("none")  # the layout is solved: keep it for the PNG (twice as fast)
    png_buffer = io.BytesIO()
    figure.savefig(png_buffer, format="png", metadata={"Software": None})
    return svg_buffer.getvalue().decode("utf-8"), png_buffer.getvalue()


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)


def inline_svg(svg: str) -> str:
    """An SVG document ready to inline in HTML: no XML prologue/doctype, scalable."""
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="chart-svg"', svg, count=1)
    return svg.strip()


def truncate(text: str, limit: int = 28) -> str:
    """Shorten a label for an axis, with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
