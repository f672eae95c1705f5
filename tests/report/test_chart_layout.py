"""The built-in charts' fixed layouts: everything drawn stays inside the figure.

The built-in charts size their margins from measured label widths instead of constrained layout
(:func:`framing.viz.style.place_axes`), so a label longer than the margin would be clipped in the
PNG and overflow the SVG's viewBox. matplotlib's own tight bounding box (every artist, texts
included) must therefore lie within the figure, here for the synthetic runs (long and hostile
labels, one and several stories; the committed seed report is checked by eye in its PNGs).
"""

from __future__ import annotations

import pytest
from conftest import make_run

from framing.errors import NoData
from framing.report.model import build_report
from framing.viz.charts import BUILTIN_CHARTS
from framing.viz.style import new_figure, style_context

TOLERANCE = 0.02  # inches


def overflow(figure) -> dict[str, float]:
    """How far (inches) what the figure draws reaches past each of its edges."""
    renderer = figure.canvas.get_renderer()
    box = figure.get_tightbbox(renderer)
    width, height = figure.get_size_inches()
    return {"left": -box.x0, "bottom": -box.y0, "right": box.x1 - width, "top": box.y1 - height}


@pytest.fixture(scope="module")
def stories(report_host):
    runs = [make_run(), make_run({"one": ["a", "c"], "two": ["b"]})]
    return [story for run in runs for story in build_report(run, report_host, None).stories]


@pytest.mark.parametrize("spec", BUILTIN_CHARTS, ids=lambda spec: spec.name)
def test_builtin_charts_draw_nothing_outside_the_figure(spec, stories):
    drawn = 0
    for story in stories:
        with style_context():
            figure = new_figure(spec.size)
            try:
                spec.draw(story, figure)
            except NoData:
                continue
            assert figure.get_layout_engine() is None, "built-in charts place their axes themselves"
            edges = overflow(figure)
        drawn += 1
        assert all(value <= TOLERANCE for value in edges.values()), (story.slug, edges)
    assert drawn, "the synthetic runs give every built-in chart something to draw"


def _axis_texts(figure, axes) -> dict[str, tuple[float, float]]:
    """Every text ``axes`` draws (tick labels, axis labels, plain texts) -> its bounding box's
    centre in pixels; matplotlib's own axes measured after a draw."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = [*axes.texts]
    for index, axis in enumerate((axes.xaxis, axes.yaxis)):
        if axis.get_visible():
            low, high = sorted(axis.get_view_interval())
            ticks = axis.get_ticklabels()
            texts += [t for t in ticks if low <= t.get_position()[index] <= high]  # the ticks it draws
            texts.append(axis.label)
    found = {}
    for text in texts:
        if text.get_visible() and text.get_text():
            box = text.get_window_extent(renderer)
            found[text.get_text()] = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    return found


@pytest.mark.parametrize("sides", [("bottom", "left"), ("left", "bottom"), ("bottom", "right")])
def test_plain_axis_draws_what_matplotlib_draws_where_it_draws_it(sides):
    """The same tick labels and axis label as matplotlib's axis, each within a pixel of its place."""
    from framing.viz.charts import plain_axis

    categories, values = sides
    names = ["first", "second\narticle", "third one"]
    drawn = {}
    for plain in (False, True):
        with style_context():
            figure = new_figure((6.0, 4.0))
            ax = figure.subplots()
            figure.set_layout_engine(None)
            ax.set_position([0.25, 0.25, 0.5, 0.5])
            ax.set_xlim(-0.5, 2.5) if categories == "bottom" else ax.set_ylim(2.5, -0.5)
            ax.set_ylim(0, 37.5) if categories == "bottom" else ax.set_xlim(0, 37.5)
            if plain:
                assert plain_axis(ax, categories, [0, 1, 2], names) == names
                shown = plain_axis(ax, values, label="per 1,000 words")
                assert shown == ["0", "5", "10", "15", "20", "25", "30", "35"]  # the ticks within the limits
                assert not ax.xaxis.get_visible() and not ax.yaxis.get_visible()
            else:
                category_axis, value_axis = (ax.xaxis, ax.yaxis) if categories == "bottom" else (ax.yaxis, ax.xaxis)
                category_axis.set_ticks([0, 1, 2], labels=names)
                value_axis.set_label_text("per 1,000 words")
                if values == "right":
                    ax.yaxis.tick_right()
                    ax.yaxis.set_label_position("right")
            drawn[plain] = _axis_texts(figure, ax)
    assert drawn[True].keys() == drawn[False].keys()
    for text, (x, y) in drawn[False].items():
        px, py = drawn[True][text]
        assert abs(px - x) < 1.0 and abs(py - y) < 1.0, (text, (x, y), (px, py))
