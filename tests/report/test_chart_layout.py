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
