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
import functools
import io
import re
from collections.abc import Iterator, Sequence
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


def render_figure(
    figure: Figure, cache: TextCache | None = None, formats: Sequence[str] = ("svg", "png")
) -> dict[str, bytes]:
    """The figure in each of ``formats`` (``svg``, ``png``), without timestamps.

    ``cache`` (a :class:`TextCache`) shares text measurements and font look-ups between the
    figures of a report; the output is the same bytes with or without it.
    """
    rendered: dict[str, bytes] = {}
    with (cache or TextCache()).active():
        solve_layout(figure)
        for fmt in formats:
            buffer = io.BytesIO()
            metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
            figure.savefig(buffer, format=fmt, metadata=metadata)
            rendered[fmt] = buffer.getvalue()
    return rendered


def solve_layout(figure: Figure) -> None:
    """Run the figure's layout engine (constrained layout) once and fix the result.

    ``savefig`` with a layout engine draws the figure twice (a silent draw so that the layout
    can measure the texts, then the real one) and solves the layout in both; solving it once
    here and removing the engine leaves one draw per saved format, about half the work.
    """
    engine = figure.get_layout_engine()
    if engine is not None and figure.axes:
        engine.execute(figure)
    figure.set_layout_engine(None)


#: Space (inches) kept free around everything a chart draws.
EDGE = 0.08
#: matplotlib's defaults that the fixed layouts below reproduce (points).
TICK_PAD = 3.5
TITLE_PAD = 6.0
LABEL_PAD = 4.0
LINE_SPACING = 1.2

_MEASURED: dict[tuple[str, float, str], float] = {}


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of ``text`` (its widest line) in the chart font at ``size`` points.

    Measured with the Agg renderer's font metrics (what matplotlib lays text out with),
    memoised: the same labels come back in every story.
    """
    key = (text, size, weight)
    width = _MEASURED.get(key)
    if width is None:
        from matplotlib.font_manager import FontProperties

        renderer = _measuring_renderer()
        prop = FontProperties(family=RC["font.family"], size=size, weight=weight)
        lines = text.split("\n") or [""]
        width = max(renderer.get_text_width_height_descent(line, prop, ismath=False)[0] for line in lines) / 72
        if len(_MEASURED) < 20_000:
            _MEASURED[key] = width
    return width


@functools.lru_cache(maxsize=1)
def _measuring_renderer() -> Any:
    """One Agg renderer for :func:`text_width` (at 72 dpi a pixel is a point)."""
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)


def widest(texts: Sequence[str], size: float, weight: str = "normal") -> float:
    """The width in inches of the widest of ``texts`` (0 for none)."""
    return max((text_width(str(text), size, weight) for text in texts), default=0.0)


@functools.lru_cache(maxsize=4096)
def text_height(text: str, size: float) -> float:
    """The height in inches of ``text`` at ``size`` points as matplotlib lays it out: its bounding
    box, which depends on the glyphs (digits have no descenders) and the number of lines, as an
    axis measures its tick labels to place its label."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    measured = Text(0, 0, text, fontsize=size, fontfamily=RC["font.family"])
    measured.set_figure(Figure(dpi=72))
    return float(measured.get_window_extent(_measuring_renderer()).height) / 72


def tallest(texts: Sequence[str], size: float) -> float:
    """The height in inches of the tallest of ``texts`` (0 for none)."""
    return max((text_height(str(text), size) for text in texts), default=0.0)


def line_height(size: float, lines: int = 1) -> float:
    """The height in inches of ``lines`` lines of text at ``size`` points."""
    return lines * size * LINE_SPACING / 72


def legend_width(labels: Sequence[str], size: float = 8.5) -> float:
    """Width in inches of a frameless legend of ``labels`` (matplotlib's default paddings)."""
    # border pad 0.4 on each side + handle 2.0 + handle-text pad 0.8, in font sizes
    return (0.4 * 2 + 2.0 + 0.8) * size / 72 + widest(labels, size)


def place_axes(figure: Figure, ax: Any, left: float, right: float, top: float, bottom: float) -> None:
    """Fix ``ax`` in ``figure`` with these margins (inches; :data:`EDGE` is added to each) and
    switch the figure's layout engine off.

    The built-in charts know what they draw around their axes (tick labels, titles, legends),
    so they size those margins from measured text widths instead of asking constrained layout
    to measure every artist twice (about a third of a chart's drawing time).
    """
    width, height = figure.get_size_inches()
    figure.set_layout_engine(None)
    x0, y0 = (left + EDGE) / width, (bottom + EDGE) / height
    x1, y1 = 1 - (right + EDGE) / width, 1 - (top + EDGE) / height
    ax.set_position([x0, y0, max(0.05, x1 - x0), max(0.05, y1 - y0)])


class TextCache:
    """Memoised text metrics and font look-ups while figures are saved (same bytes, less work).

    matplotlib caches text metrics per renderer *instance*, and saving one figure as SVG and
    PNG creates three renderers (the SVG layout pass, the SVG, the PNG); it also looks up the
    font file and reads its OpenType tables again for every text it lays out. Every one of
    these results is a pure function of the renderer type and dpi, the string, the font
    properties and the ``font.*``/``text.*`` rcParams, so :meth:`active` routes them through
    dicts keyed on exactly that, shared by every figure of a report (the titles, tick labels
    and legends repeat from story to story). Within the block, matplotlib's
    ``text._get_text_metrics_with_cache``, ``text.get_font`` and
    ``fontManager._find_fonts_by_props`` are replaced and restored on exit; with a
    matplotlib that lacks them the block changes nothing.
    """

    MAX_ENTRIES = 50_000

    def __init__(self) -> None:
        self.metrics: dict[tuple[Any, ...], Any] = {}
        self.fonts: dict[tuple[Any, ...], Any] = {}
        self.tables: dict[tuple[Any, ...], Any] = {}
        self._rc: tuple[Any, ...] = ()

    @staticmethod
    def _rc_signature() -> tuple[Any, ...]:
        import matplotlib

        params = matplotlib.rcParams
        return tuple(
            (key, repr(params[key])) for key in sorted(params) if key.startswith(("font.", "text.", "mathtext."))
        )

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        import matplotlib.text as mtext
        from matplotlib.font_manager import fontManager

        original_metrics = getattr(mtext, "_get_text_metrics_with_cache", None)
        original_get_font = getattr(mtext, "get_font", None)
        original_find = getattr(fontManager, "_find_fonts_by_props", None)
        own_find = "_find_fonts_by_props" in vars(fontManager)  # already patched (nested use)
        if original_metrics is None or original_get_font is None or original_find is None:
            yield
            return
        if sum(map(len, (self.metrics, self.fonts, self.tables))) > self.MAX_ENTRIES:
            self.metrics.clear()
            self.fonts.clear()
            self.tables.clear()
        rc = self._rc = self._rc_signature()
        metrics, fonts, tables = self.metrics, self.fonts, self.tables

        def text_metrics(renderer, text, fontprop, ismath, dpi):
            key = (rc, type(renderer), getattr(renderer, "dpi", None), text, fontprop, ismath, dpi)
            try:
                return metrics[key]
            except KeyError:
                pass
            value = renderer.get_text_width_height_descent(text, fontprop, ismath)
            metrics[(rc, type(renderer), getattr(renderer, "dpi", None), text, fontprop.copy(), ismath, dpi)] = value
            return value

        def find_fonts(prop, fontext="ttf", directory=None, fallback_to_default=True, rebuild_if_missing=True):
            key = (rc, prop, fontext, directory, fallback_to_default, rebuild_if_missing)
            try:
                return fonts[key]
            except KeyError:
                pass
            value = original_find(prop, fontext, directory, fallback_to_default, rebuild_if_missing)
            fonts[(rc, prop.copy(), fontext, directory, fallback_to_default, rebuild_if_missing)] = value
            return value

        def get_font(font_filepaths, *args, **kwargs):
            font = original_get_font(font_filepaths, *args, **kwargs)
            return _FontTables(font, tables)

        mtext._get_text_metrics_with_cache = text_metrics
        mtext.get_font = get_font
        fontManager._find_fonts_by_props = find_fonts
        try:
            yield
        finally:
            mtext._get_text_metrics_with_cache = original_metrics
            mtext.get_font = original_get_font
            if own_find:
                fontManager._find_fonts_by_props = original_find
            else:
                del fontManager._find_fonts_by_props  # back to the class's method


class _FontTables:
    """An FT2Font whose ``get_sfnt_table`` is memoised (the tables are the font file's data)."""

    __slots__ = ("_font", "_tables")

    def __init__(self, font: Any, tables: dict[tuple[Any, ...], Any]) -> None:
        self._font = font
        self._tables = tables

    def get_sfnt_table(self, name: str) -> Any:
        key = (self._font.fname, getattr(self._font, "face_index", 0), name)
        try:
            return self._tables[key]
        except KeyError:
            value = self._tables[key] = self._font.get_sfnt_table(name)
            return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._font, name)


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


def warm_up() -> None:
    """Import what drawing needs and load the chart font (about a third of a second, once per
    process), so that the first chart does not pay for it. :func:`framing.run.analyze_folder`
    calls it while its workers parse, when the parent process is waiting anyway."""
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401

    with style_context():
        text_width("framing", RC["font.size"])
