"""The chart text cache (``framing.viz.style.TextCache``) changes speed, never bytes."""

from __future__ import annotations

from framing.viz.style import TextCache, new_figure, render_figure, style_context


def _figure(title: str):
    figure = new_figure((5.0, 3.0))
    ax = figure.subplots()
    ax.bar(["A1", "A2", "A3"], [1.0, 2.5, 0.5], label="hedges")
    ax.set_title(title)
    ax.set_ylabel("per 1,000 words")
    ax.text(0, 1, "two\nlines", fontsize=7.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure


def test_same_bytes_with_and_without_the_cache():
    cache = TextCache()
    with style_context():
        plain = [render_figure(_figure(t), None) for t in ("One title", "Another, longer title")]
        cached = [render_figure(_figure(t), cache) for t in ("One title", "Another, longer title")]
        again = [render_figure(_figure(t), cache) for t in ("One title", "Another, longer title")]  # warm
    assert cached == plain
    assert again == plain
    assert cache.metrics and cache.fonts


def test_matplotlib_is_restored():
    import matplotlib.text as mtext
    from matplotlib.font_manager import fontManager

    before = (mtext._get_text_metrics_with_cache, mtext.get_font)
    with TextCache().active():
        assert mtext._get_text_metrics_with_cache is not before[0]
    assert (mtext._get_text_metrics_with_cache, mtext.get_font) == before
    assert "_find_fonts_by_props" not in vars(fontManager)
