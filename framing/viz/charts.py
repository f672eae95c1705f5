"""Built-in charts (a plugin implementing ``framing_register_charts``).

Each chart is a plain function drawing on an ``Axes`` it is given from tidy records (see
``StoryReport.tables``), plus a thin ``draw(story, figure)`` wrapper registered as a
:class:`~framing.registry.ChartSpec`. They never see spaCy objects. matplotlib is imported
inside functions (this module is loaded with every run).

Charts (one per story): ``actor_sentiment`` (actor x article heatmap), ``loaded_terms``
(per 1,000 words by category), ``quoted_words`` (who gets the microphone), ``hedging``
(hedges vs boosters), ``fact_coverage`` (omissions and unique facts) and ``labels`` (how
each article names shared referents).
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from framing.errors import NoData
from framing.hookspecs import hookimpl
from framing.registry import ChartSpec
from framing.viz.style import (
    DIVERGING_CMAP,
    GREY,
    LABEL_PAD,
    PALETTE,
    TICK_PAD,
    TITLE_PAD,
    legend_width,
    line_height,
    place_axes,
    tallest,
    truncate,
    widest,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MAX_ROWS = 15
MAX_SPEAKERS = 7


def _article_axis(story: Any) -> tuple[list[str], list[str]]:
    ids = [view.id for view in story.articles]
    names = [truncate(view.short, 18) for view in story.articles]
    return ids, names


def _table(story: Any, name: str) -> list[Mapping[str, Any]]:
    records = story.tables.get(name) or []
    if not records:
        raise NoData(name)
    return records


def _tick_labels(axis: Any) -> list[str]:
    """The labels an axis will draw at its major ticks (its formatter on its locator's ticks;
    call it once the limits are set)."""
    return [str(label) for label in axis.get_major_formatter().format_ticks(axis.get_majorticklocs())]


def _set_title(ax: Axes, title: str, pad: float = TITLE_PAD) -> None:
    """Title ``ax`` at a fixed height, ``pad`` points above its top edge.

    An explicit ``y`` turns matplotlib's automatic title placement off, which on every draw
    measures the axis tick labels to see whether the title clears them; the fixed layouts
    leave the room the title needs (:func:`_title_room`, above any top tick labels).
    """
    ax.set_title(title, pad=pad, y=1.0)


def _title_room() -> float:
    return line_height(11) + TITLE_PAD / 72


def _tick_room(labels: Sequence[str], vertical: bool) -> float:
    """Inches taken by tick labels: their height (x axis) or widest width (y axis), with the pad."""
    if vertical:
        return widest(labels, 9) + 2 * TICK_PAD / 72
    lines = max((str(label).count("\n") + 1 for label in labels), default=1)
    return line_height(9, lines) + 2 * TICK_PAD / 72


def _legend_room(labels: Sequence[str]) -> float:
    """Inches a legend anchored just right of the axes (``bbox_to_anchor=(1.01, 1.0)``) takes."""
    return legend_width(labels) + 0.12 if labels else 0.0


def _bar_layout(figure: Figure, ax: Axes, horizontal: bool) -> None:
    """Margins for a bar chart with a title, an axis label and a legend outside on the right."""
    _, labels = ax.get_legend_handles_labels()
    legend = _legend_room(labels)
    label_room = line_height(9.5) + LABEL_PAD / 72
    if horizontal:
        left = _tick_room(_tick_labels(ax.yaxis), vertical=True)
        bottom = _tick_room(_tick_labels(ax.xaxis), vertical=False) + label_room
    else:
        left = _tick_room(_tick_labels(ax.yaxis), vertical=True) + label_room
        bottom = _tick_room(_tick_labels(ax.xaxis), vertical=False)
    place_axes(figure, ax, left=left, right=legend, top=_title_room(), bottom=bottom)


def _grid_layout(figure: Figure, ax: Axes, title: str, rows: Sequence[str], cols: Sequence[str], right: float) -> None:
    """Title and margins for a grid with its row labels on the left and its column labels on top
    (between the grid and the title); ``right``: room for a legend."""
    top_ticks = _tick_room(cols, vertical=False)
    _set_title(ax, title, pad=TITLE_PAD + 72 * top_ticks)
    place_axes(figure, ax, left=_tick_room(rows, vertical=True), right=right, top=_title_room() + top_ticks, bottom=0.0)


# --------------------------------------------------------------------------------------
# Drawing functions (Axes in, nothing out)
# --------------------------------------------------------------------------------------


def _boxes(x0: Any, y0: Any, x1: Any, y1: Any) -> Any:
    """The corners of axis-aligned boxes from arrays of their edges: an ``(n, 4, 2)`` array, each
    box from ``(x0, y0)`` counter-clockwise (a ``Rectangle``'s outline), for a ``PolyCollection``."""
    import numpy as np

    x0, y0, x1, y1 = np.broadcast_arrays(*(np.asarray(edge, dtype=float) for edge in (x0, y0, x1, y1)))
    return np.stack([np.stack([x0, y0], -1), np.stack([x1, y0], -1), np.stack([x1, y1], -1), np.stack([x0, y1], -1)], 1)


def add_cells(ax: Axes, colors: Sequence[Sequence[str]]) -> None:
    """Fill a grid of unit cells, row ``i`` column ``j`` at ``(j, i)`` in ``colors[i][j]``, with
    white borders, on an Axes whose limits are already fixed (``set_xlim``/``set_ylim``).

    The cells are one collection (drawn in the same order, each filled then outlined, as
    separate patches would be) added without a data-limit update, which cannot move fixed
    limits: several times faster to draw than a patch per cell, which looks the same.
    """
    from matplotlib.collections import PolyCollection

    rows = [i for i, row in enumerate(colors) for _ in row]
    cols = [j for row in colors for j in range(len(row))]
    boxes = _boxes(cols, rows, [j + 1 for j in cols], [i + 1 for i in rows])
    faces = [color for row in colors for color in row]
    ax.add_collection(PolyCollection(boxes, facecolors=faces, edgecolors="white", linewidths=1.5), autolim=False)


def _shared_clip(ax: Axes) -> dict[str, Any]:
    """Text properties for the many texts of one grid: one clip path, shared.

    ``ax.text`` gives each text the Axes' clip path, building its transforms again for every
    text (a quarter of what a text costs to add and draw); these texts are not clipped
    (``ax.text`` leaves ``clip_on`` off), so one clip path object serves them all.
    """
    from matplotlib.transforms import TransformedPatchPath

    return {"clip_path": TransformedPatchPath(ax.patch)}


def label_grid(
    ax: Axes,
    row_positions: Sequence[float],
    rows: Sequence[str],
    col_positions: Sequence[float],
    cols: Sequence[str],
    top: bool = False,
    clip: Mapping[str, Any] | None = None,
) -> None:
    """Label a grid of cells: ``rows`` left of the axes at ``row_positions`` (data y), ``cols``
    below it (above it with ``top``) at ``col_positions`` (data x); no ticks, no spines.
    ``clip``: the grid's :func:`_shared_clip`, when its cells have texts too.

    The labels are plain texts where matplotlib would put tick labels without tick marks (same
    font, colour, alignment and padding), because a grid needs no tick marks and a tick costs
    far more: five artists, each measured several times per draw (a 15 x 5 grid's labels draw
    about 4x faster as texts).
    """
    import matplotlib

    params = matplotlib.rcParams
    ax.set_axis_off()  # no ticks, spines or background (the figure's is the same white)
    clip = clip or _shared_clip(ax)
    style = {"fontsize": params["ytick.labelsize"], "color": params["ytick.color"], **clip}
    transform, va, ha = ax.get_yaxis_text1_transform(TICK_PAD)
    for y, label in zip(row_positions, rows, strict=True):
        ax.text(0, y, label, transform=transform, va=va, ha=ha, **style)
    style = {"fontsize": params["xtick.labelsize"], "color": params["xtick.color"], **clip}
    place = ax.get_xaxis_text2_transform if top else ax.get_xaxis_text1_transform
    transform, va, ha = place(TICK_PAD)
    for x, label in zip(col_positions, cols, strict=True):
        ax.text(x, 1 if top else 0, label, transform=transform, va=va, ha=ha, **style)


#: side -> (the axis it is on, which of its two tick and label transforms, tick mark marker)
_SIDES = {
    "bottom": ("x", 1, 3),  # TICKDOWN
    "top": ("x", 2, 2),  # TICKUP
    "left": ("y", 1, 0),  # TICKLEFT
    "right": ("y", 2, 1),  # TICKRIGHT
}


def plain_axis(
    ax: Axes,
    side: str,
    ticks: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
    label: str = "",
) -> list[str]:
    """Draw the axis on ``side`` of ``ax`` (``bottom``, ``top``, ``left``, ``right``) as plain
    artists, as matplotlib would draw it (major tick marks, their labels, the axis label: same
    sizes, fonts, colours and padding), and hide matplotlib's own; returns the tick labels drawn.

    ``ticks`` and ``labels``: fixed ticks (as ``set_xticks(ticks, labels=labels)``); without them
    the axis's own locator and formatter give them (call it once the limits are set). The axis is
    left with a fixed locator and formatter for what was drawn (so :func:`_tick_labels` reads
    them). One line of markers and a text per label draw several times faster than matplotlib's
    ticks (five artists each, measured several times per draw): the report's 60 charts on the
    benchmark corpus draw in 1.5 s instead of 1.9 s. Placed as matplotlib places them, within a
    pixel (``tests/report/test_chart_layout.py``)."""
    import matplotlib
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedFormatter, FixedLocator
    from matplotlib.transforms import ScaledTranslation

    which, number, marker = _SIDES[side]
    axis = ax.xaxis if which == "x" else ax.yaxis
    if ticks is None:
        ticks = [float(loc) for loc in axis.get_majorticklocs()]
    if labels is None:
        labels = axis.get_major_formatter().format_ticks(ticks)
    labels = [str(text) for text in labels]
    low, high = sorted(axis.get_view_interval())
    slack = 1e-10 * (high - low)  # matplotlib draws the ticks within the view limits, give or take
    shown = [(tick, text) for tick, text in zip(ticks, labels, strict=True) if low - slack <= tick <= high + slack]
    axis.set_major_locator(FixedLocator([tick for tick, _ in shown]))
    axis.set_major_formatter(FixedFormatter([text for _, text in shown]))
    axis.set_visible(False)

    params = matplotlib.rcParams
    size, width = params[f"{which}tick.major.size"], params[f"{which}tick.major.width"]
    pad = params[f"{which}tick.major.pad"] + size  # from the axes edge: the mark, then the pad
    color = params[f"{which}tick.color"]
    place = getattr(ax, f"get_{which}axis_text{number}_transform")
    text_transform, va, ha = place(pad)
    clip = _shared_clip(ax)
    style = {"fontsize": params[f"{which}tick.labelsize"], "color": color, **clip}
    edge = 0.0 if number == 1 else 1.0
    mark_transform = getattr(ax, f"get_{which}axis_transform")(f"tick{number}")
    positions = [tick for tick, _ in shown]
    xs, ys = (positions, [edge] * len(shown)) if which == "x" else ([edge] * len(shown), positions)
    marks = Line2D(
        xs, ys, transform=mark_transform, linestyle="none", marker=marker, markersize=size,
        markeredgewidth=width, color=color, markeredgecolor=color, clip_on=False,
    )  # fmt: skip
    ax.add_artist(marks)
    for tick, text in shown:
        x, y = (tick, edge) if which == "x" else (edge, tick)
        ax.text(x, y, text, transform=text_transform, va=va, ha=ha, **style)
    if label:
        # matplotlib puts it ``axes.labelpad`` points beyond its tick labels' bounding box
        drawn = [text for _, text in shown]
        extent = tallest(drawn, style["fontsize"]) if which == "x" else widest(drawn, style["fontsize"])
        reach = pad / 72 + extent if drawn else 0.0
        away = reach + params["axes.labelpad"] / 72
        sign = -1.0 if number == 1 else 1.0
        shift = (0.0, sign * away) if which == "x" else (sign * away, 0.0)
        figure = ax.get_figure()
        transform = ax.transAxes + ScaledTranslation(*shift, figure.dpi_scale_trans)  # type: ignore[union-attr]
        position = {"bottom": (0.5, 0.0), "top": (0.5, 1.0), "left": (0.0, 0.5), "right": (1.0, 0.5)}[side]
        label_style = {
            "fontsize": params["axes.labelsize"], "color": params["axes.labelcolor"],
            "fontweight": params["axes.labelweight"], "transform": transform, "ha": "center", **clip,
        }  # fmt: skip
        if which == "x":
            label_style["va"] = "top" if number == 1 else "baseline"
        else:
            label_style.update(rotation=90, rotation_mode="anchor", va="bottom" if number == 1 else "top")
        ax.text(*position, label, **label_style)
    return [text for _, text in shown]


def heatmap(
    ax: Axes,
    values: Sequence[Sequence[float | None]],
    rows: Sequence[str],
    cols: Sequence[str],
    notes: Sequence[Sequence[str]] | None = None,
    vmax: float = 1.0,
) -> Any:
    """A diverging heatmap (``None`` cells grey) with the values written in the cells."""
    import numpy as np
    from matplotlib.colors import TwoSlopeNorm

    data = np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    masked = np.ma.masked_invalid(data)
    import matplotlib

    cmap = matplotlib.colormaps[DIVERGING_CMAP].with_extremes(bad="#EEEEEE")
    # vector cells (a QuadMesh), not a raster image: sharp at any zoom, and cheaper to save as SVG
    x_edges = np.arange(len(cols) + 1) - 0.5
    y_edges = np.arange(len(rows) + 1) - 0.5
    image = ax.pcolormesh(x_edges, y_edges, masked, cmap=cmap, norm=TwoSlopeNorm(0.0, -vmax, vmax))
    ax.set_xlim(x_edges[0], x_edges[-1])
    ax.set_ylim(y_edges[-1], y_edges[0])  # first row at the top, as in a table
    clip = _shared_clip(ax)
    label_grid(ax, range(len(rows)), rows, range(len(cols)), cols, clip=clip)
    for i in range(len(rows)):
        for j in range(len(cols)):
            value = data[i, j]
            note = notes[i][j] if notes else ""
            if np.isnan(value):
                ax.text(j, i, "–", ha="center", va="center", color="#999999", fontsize=8, **clip)
                continue
            dark = abs(value) > 0.6 * vmax
            ax.text(
                j, i, f"{value:+.2f}" + (f"\n{note}" if note else ""), ha="center", va="center",
                fontsize=7.5, color="white" if dark else "#222222", **clip,
            )  # fmt: skip
    return image


def add_bars(
    ax: Axes,
    positions: Sequence[float],
    lengths: Sequence[float],
    starts: Sequence[float] | float,
    thickness: float,
    *,
    horizontal: bool = False,
    **style: Any,
) -> Any:
    """Bars centred on ``positions`` (x; y when ``horizontal``), ``thickness`` wide, from ``starts``
    to ``starts + lengths``: what ``ax.bar``/``ax.barh`` draw, as one ``PolyCollection``.

    ``style``: collection properties (``facecolors``, ``edgecolors``, ``linewidths``, ``label``
    for the legend, which shows it as a patch like a bar's). The bars update the data limits
    like ``ax.bar``'s; one collection draws several times faster than a patch per bar.
    """
    import numpy as np
    from matplotlib.collections import PolyCollection

    centre = np.asarray(positions, dtype=float)
    low = np.asarray(starts, dtype=float)
    high = low + np.asarray(lengths, dtype=float)
    near, far = centre - thickness / 2, centre + thickness / 2
    boxes = _boxes(low, near, high, far) if horizontal else _boxes(near, low, far, high)
    return ax.add_collection(PolyCollection(boxes, **style))


def stacked_bars(
    ax: Axes,
    cols: Sequence[str],
    series: Mapping[str, Sequence[float]],
    ylabel: str,
    horizontal: bool = False,
    colors: Sequence[str] = PALETTE,
) -> None:
    """Bars per article, stacked by series (legend outside the plot)."""
    import numpy as np

    bottom = np.zeros(len(cols))
    positions = np.arange(len(cols))
    for k, (name, values) in enumerate(series.items()):
        vals = np.array(values, dtype=float)
        style = {"facecolors": colors[k % len(colors)], "edgecolors": "white", "linewidths": 0.5}
        add_bars(ax, positions, vals, bottom, 0.6, horizontal=horizontal, label=name, **style)
        bottom += vals
    top = float(bottom.max()) if len(bottom) else 0.0
    clip = _shared_clip(ax)
    if horizontal:
        for pos, total in zip(positions, bottom, strict=False):
            ax.text(total, pos, f" {total:.0f}", va="center", fontsize=8, **clip)
        ax.set_xlim(0, top * 1.15 or 1.0)  # room for the totals inside the axes
        ax.invert_yaxis()  # first article on top
        plain_axis(ax, "left", positions, cols)
        plain_axis(ax, "bottom", label=ylabel)
    else:
        for pos, total in zip(positions, bottom, strict=False):
            ax.text(pos, total, f"{total:.1f}", ha="center", va="bottom", fontsize=8, **clip)
        ax.set_ylim(0, top * 1.12 or 1.0)
        plain_axis(ax, "bottom", positions, cols)
        plain_axis(ax, "left", label=ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))


def grouped_bars(ax: Axes, cols: Sequence[str], series: Mapping[str, Sequence[float]], ylabel: str) -> None:
    """Side-by-side bars per article, one per series, with their values."""
    import numpy as np

    positions = np.arange(len(cols))
    width = 0.8 / max(1, len(series))
    for k, (name, values) in enumerate(series.items()):
        offset = (k - (len(series) - 1) / 2) * width
        add_bars(ax, positions + offset, values, 0.0, width, label=name, facecolors=PALETTE[k % len(PALETTE)])
        for x, value in zip(positions + offset, values, strict=True):  # what ax.bar_label(..., padding=1) writes
            ax.annotate(
                f"{value:.1f}", (x, value), xytext=(0, 1), textcoords="offset points", ha="center", va="bottom",
                fontsize=7.5,
            )  # fmt: skip
    highest = max((max(values, default=0.0) for values in series.values()), default=0.0)
    ax.set_ylim(0, highest * 1.12 or 1.0)  # room for the value labels inside the axes
    plain_axis(ax, "bottom", positions, cols)
    plain_axis(ax, "left", label=ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))


def category_grid(
    ax: Axes,
    rows: Sequence[str],
    cols: Sequence[str],
    cells: Sequence[Sequence[tuple[str, str]]],
    wrap: int = 22,
) -> None:
    """A grid of text cells (``(text, colour)``), for matrices of words rather than numbers."""
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    add_cells(ax, [[color for _, color in row] for row in cells])
    clip = _shared_clip(ax)
    for i, row in enumerate(cells):
        for j, (text, _) in enumerate(row):
            ax.text(
                j + 0.5, i + 0.5, textwrap.fill(text, wrap, max_lines=4, placeholder=" …"), ha="center",
                va="center", fontsize=7.5, color="#222222", **clip,
            )  # fmt: skip
    label_grid(
        ax, [i + 0.5 for i in range(len(rows))], rows, [j + 0.5 for j in range(len(cols))], cols, top=True, clip=clip
    )


# --------------------------------------------------------------------------------------
# Chart specs: draw(story, figure)
# --------------------------------------------------------------------------------------


def draw_actor_sentiment(story: Any, figure: Figure) -> bool:
    records = _table(story, "actor_matrix")
    ids, cols = _article_axis(story)
    mentions: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    names = {}
    for rec in records:
        key = str(rec.get("actor_id") or rec.get("actor"))
        mentions[key] += int(rec.get("mentions") or 0)
        spread[key] += 1
        names[key] = str(rec.get("actor"))
    order = sorted(mentions, key=lambda a: (-(spread[a] > 1), -mentions[a], names[a]))[:MAX_ROWS]
    cell = {(str(r.get("actor_id") or r.get("actor")), r["article"]): r for r in records}
    values, notes = [], []
    for actor in order:
        row, note = [], []
        for aid in ids:
            rec = cell.get((actor, aid))
            sentiment = rec.get("sentiment") if rec else None
            row.append(float(sentiment) if isinstance(sentiment, (int, float)) else None)
            note.append(f"{rec.get('mentions') or 0}×" if rec else "")
        values.append(row)
        notes.append(note)
    largest = max((abs(v) for row in values for v in row if v is not None), default=0.0)
    vmax = max(0.25, min(1.0, round(largest + 0.05, 1)))
    figure.set_size_inches(max(6.0, 1.3 * len(cols) + 3.2), max(2.6, 0.42 * len(order) + 1.4))
    ax = figure.subplots()
    rows = [truncate(names[a], 26) for a in order]
    image = heatmap(ax, values, rows, cols, notes, vmax=vmax)
    # the colour bar: 0.18 in wide, 0.12 in from the cells, then its tick labels and its label
    bar_width, bar_pad = 0.18, 0.12
    bar_ticks = widest(["−0.25", "+0.25", f"−{vmax:.2f}"], 9) + 2 * TICK_PAD / 72
    right = bar_pad + bar_width + bar_ticks + line_height(9.5) + LABEL_PAD / 72
    place_axes(
        figure, ax, left=_tick_room(rows, vertical=True), right=right, top=_title_room(),
        bottom=_tick_room(cols, vertical=False),
    )  # fmt: skip
    x0, y0, width, height = ax.get_position().bounds
    inches_x = figure.get_size_inches()[0]
    cax = figure.add_axes(
        (x0 + width + bar_pad / inches_x, y0 + 0.1 * height, bar_width / inches_x, 0.8 * height)
    )  # fmt: skip
    figure.colorbar(image, cax=cax)
    cax.xaxis.set_visible(False)  # (no ticks on the short side)
    plain_axis(cax, "right", label="sentiment (negative … positive)")
    _set_title(ax, "How each actor is portrayed (sentiment; × = mentions)")
    return True


def draw_loaded_terms(story: Any, figure: Figure) -> bool:
    records = _table(story, "loaded_terms")
    ids, cols = _article_axis(story)
    totals: Counter[str] = Counter()
    for rec in records:
        totals[str(rec["category"])] += rec["count"]
    categories = [c for c, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])) if n]
    if not categories:
        raise NoData("loaded_terms")
    rate = {(r["article"], str(r["category"])): float(r["per_1k"]) for r in records}
    series = {cat: [rate.get((aid, cat), 0.0) for aid in ids] for cat in categories}
    figure.set_size_inches(max(6.5, 1.1 * len(cols) + 3.0), 4.2)
    ax = figure.subplots()
    stacked_bars(ax, cols, series, "loaded terms per 1,000 words")
    _set_title(ax, "Loaded terms per 1,000 words, by category")
    _bar_layout(figure, ax, horizontal=False)
    return True


def draw_quoted_words(story: Any, figure: Figure) -> bool:
    records = _table(story, "quoted_words")
    ids, cols = _article_axis(story)
    totals: Counter[str] = Counter()
    for rec in records:
        totals[str(rec["speaker"])] += int(rec["words"])
    named = [s for s, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])) if not s.startswith("(")]
    top = named[:MAX_SPEAKERS]
    words: dict[tuple[str, str], float] = defaultdict(float)
    for rec in records:
        speaker = str(rec["speaker"])
        words[rec["article"], speaker if speaker in top else "others / unattributed"] += int(rec["words"])
    keys = [*top, "others / unattributed"]
    series = {truncate(sp, 24): [words.get((aid, sp), 0.0) for aid in ids] for sp in keys}
    colors = [*PALETTE[: len(top)], GREY]
    figure.set_size_inches(8.0, max(2.6, 0.5 * len(cols) + 1.4))
    ax = figure.subplots()
    stacked_bars(ax, cols, series, "words quoted", horizontal=True, colors=colors)
    _set_title(ax, "Who gets the microphone: quoted words by speaker")
    _bar_layout(figure, ax, horizontal=True)
    return True


def draw_hedging(story: Any, figure: Figure) -> bool:
    records = _table(story, "hedging")
    ids, cols = _article_axis(story)
    rate = {(r["article"], r["kind"]): float(r["per_1k"]) for r in records}
    series = {
        "hedges (softened)": [rate.get((aid, "hedge"), 0.0) for aid in ids],
        "boosters (hardened)": [rate.get((aid, "booster"), 0.0) for aid in ids],
    }
    figure.set_size_inches(max(6.5, 1.1 * len(cols) + 3.0), 3.8)
    ax = figure.subplots()
    grouped_bars(ax, cols, series, "per 1,000 words")
    _set_title(ax, "Hedges vs boosters per 1,000 words")
    _bar_layout(figure, ax, horizontal=False)
    return True


def draw_fact_coverage(story: Any, figure: Figure) -> bool:
    pivot = story.pivots.get("fact_coverage")
    if pivot is None or not pivot.rows:
        raise NoData("fact_coverage")
    _, cols = _article_axis(story)
    rows = pivot.rows[:MAX_ROWS]
    colors = {"present": PALETTE[0], "unique": PALETTE[1], "omitted": "#F2F2F2"}
    marks = {"present": "✓", "unique": "★ only here", "omitted": "✗ omitted"}
    from matplotlib.patches import Patch

    figure.set_size_inches(max(8.0, 1.15 * len(cols) + 5.5), max(2.6, 0.46 * len(rows) + 1.5))
    ax = figure.subplots()
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    states = [
        ["unique" if "unique" in cell.cls else "present" if "present" in cell.cls else "omitted" for cell in row.cells]
        for row in rows
    ]
    add_cells(ax, [[colors[state] for state in line] for line in states])
    clip = _shared_clip(ax)
    for i, line in enumerate(states):
        for j, state in enumerate(line):
            ax.text(
                j + 0.5, i + 0.5, marks[state], ha="center", va="center", fontsize=8,
                color="white" if state == "present" else "#222222" if state == "unique" else "#B00020", **clip,
            )  # fmt: skip
    heads = [truncate(r.head, 60) for r in rows]
    label_grid(
        ax, [i + 0.5 for i in range(len(rows))], heads, [j + 0.5 for j in range(len(cols))], cols, top=True, clip=clip
    )
    legend = (("present", "reported"), ("unique", "only this article"), ("omitted", "omitted"))
    ax.legend(
        handles=[Patch(color=colors[k], label=label) for k, label in legend],
        loc="upper left", bbox_to_anchor=(1.01, 1.0),
    )  # fmt: skip
    right = _legend_room([label for _, label in legend])
    _grid_layout(figure, ax, "Which article reports which fact", heads, cols, right=right)
    return True


def draw_labels(story: Any, figure: Figure) -> bool:
    pivot = story.pivots.get("labels")
    if pivot is None or not pivot.rows:
        raise NoData("labels")
    _, cols = _article_axis(story)
    rows = pivot.rows[:8]
    tint = {"negative": "#F4C7A1", "positive": "#BFE0F5", "neutral": "#EEEEEE"}
    cells = []
    for row in rows:
        line = []
        for cell in row.cells:
            color = "#FAFAFA" if cell.cls == "absent" else "#EEEEEE"
            for name, value in tint.items():
                if f"c-{name}" in cell.cls:
                    color = value
            text = "; ".join(part.strip() for part in cell.text.split(";")[:3])
            line.append((text, color))
        cells.append(line)
    figure.set_size_inches(max(8.0, 1.7 * len(cols) + 2.2), max(2.6, 0.85 * len(rows) + 1.2))
    ax = figure.subplots()
    heads = [truncate(r.head, 22) for r in rows]
    category_grid(ax, heads, cols, cells, wrap=20)
    _grid_layout(figure, ax, "How each article names the same referents", heads, cols, right=0.0)
    return True


BUILTIN_CHARTS = (
    ChartSpec("actor_sentiment", "Actor sentiment by article", draw_actor_sentiment,
              "Mean sentiment of the contexts each actor is mentioned in, per article (× = mentions).", order=10),
    ChartSpec("quoted_words", "Who is quoted", draw_quoted_words,
              "Words quoted or attributed to each speaker, per article.", order=20),
    ChartSpec("loaded_terms", "Loaded terms by category", draw_loaded_terms,
              "Charged words per 1,000 words, by lexicon category, per article.", order=30),
    ChartSpec("hedging", "Hedges vs boosters", draw_hedging,
              "Softening (hedges) and hardening (boosters) cues per 1,000 words.", order=40),
    ChartSpec("fact_coverage", "Fact coverage", draw_fact_coverage,
              "Facts (rows) reported or omitted by each article (columns); ★ = reported by this article only.",
              order=50),
    ChartSpec("labels", "Labels for shared referents", draw_labels,
              "The words each article uses for people and groups that several articles mention.", order=60),
)  # fmt: skip


@hookimpl
def framing_register_charts(register) -> None:
    """Register the built-in comparative charts."""
    for spec in BUILTIN_CHARTS:
        register(spec)
