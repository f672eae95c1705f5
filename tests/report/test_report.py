"""The report: model, HTML and Markdown renderers, charts, plugins, escaping, determinism."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import XSS, make_run

from framing.errors import NoData
from framing.hookspecs import hookimpl
from framing.plugins import PluginOptions, load_plugins
from framing.registry import ChartSpec, ReportFormatSpec, Section, SectionSpec
from framing.report import write_reports
from framing.report.markdown import md
from framing.report.model import build_report, build_text, merge_names

BUILTIN_CHARTS = {"actor_sentiment", "quoted_words", "loaded_terms", "hedging", "fact_coverage", "labels"}


def render(run, out: Path, host, **options) -> tuple[str, str]:
    errors = write_reports(run, out, host, **options)
    assert errors == []
    return (out / "report.html").read_text(encoding="utf-8"), (out / "report.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(report_host, tmp_path_factory):
    """The synthetic run rendered once with every built-in chart, as SVG and PNG files: (out dir, html, markdown)."""
    out = tmp_path_factory.mktemp("report")
    html, markdown = render(make_run(), out, report_host, chart_formats=("svg", "png"))
    return out, html, markdown


@pytest.fixture(scope="module")
def no_chart_host():
    """Plugins without the built-in charts (fast, for tests about formats and sections)."""
    return load_plugins(PluginOptions(entry_points=False, disable=("charts",)))


def test_html_is_self_contained_with_all_charts(rendered):
    tmp_path, html, _ = rendered
    assert html.count("<svg") >= len(BUILTIN_CHARTS)
    for name in BUILTIN_CHARTS:
        stem = name.replace("_", "-")
        assert f'id="chart-story-{stem}"' in html
        assert (tmp_path / "charts" / f"{stem}.svg").read_text().startswith("<?xml")
        assert (tmp_path / "charts" / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # nothing fetched: no external resources
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link " not in html and "@import" not in html


def test_article_text_is_escaped_everywhere(rendered):
    tmp_path, html, markdown = rendered
    assert XSS not in html
    assert html.count("<script") == 1  # our own inline script only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>why</b>" not in html and "&lt;b&gt;why&lt;/b&gt;" in html
    assert XSS not in markdown and "&lt;script&gt;" in markdown
    for svg in (tmp_path / "charts").glob("*.svg"):
        assert "<script" not in svg.read_text()


def test_highlights_cover_every_analyzer_and_explain_themselves(rendered):
    _, html, _ = rendered
    for css in ("a-attribution", "a-hedging", "a-loaded-terms", "a-actor-sentiment", "a-labels", "a-omission"):
        assert css in html
    assert re.search(r'class="hl a-loaded-terms k-loaded-term"[^>]*title="Loaded term · category: pejorative', html)
    assert re.search(r'title="Quote · speaker: Nayib Bukele[^"]*type: direct', html)
    assert 'class="toggle" data-analyzer="hedging"' in html


def test_segments_rebuild_the_text_exactly(synthetic_run, no_chart_host, tmp_path):
    report = build_report(synthetic_run, no_chart_host, tmp_path)
    for story in report.stories:
        for text, result in zip(story.texts, story.result.story.articles, strict=True):
            assert "".join(seg.text for seg in text.segments) == result.text


def test_numbers_link_to_their_evidence(synthetic_run, no_chart_host, rendered, tmp_path):
    report = build_report(synthetic_run, no_chart_host, tmp_path)
    story = report.stories[0]
    quoted = story.pivots["quoted_words"]
    rubio = next(row for row in quoted.rows if row.head == "Marco Rubio")
    assert [c.text for c in rubio.cells] == ["7 (1)", "–", "4 (1)"]
    assert rubio.cells[0].evidence[0].text == "the strongest security leader in our region."
    anchor = rubio.cells[0].evidence[0].anchor
    html = rendered[1]
    assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    facts = story.pivots["fact_coverage"]
    judge = next(row for row in facts.rows if row.head.startswith("The judge ordered"))
    assert [c.text for c in judge.cells] == ["unique", "omitted", "omitted"]
    assert [v.label for v in story.articles if v.omitted] == ["A3"]
    labels = story.pivots["labels"]
    assert labels.rows[0].head == "the deportees"
    assert labels.rows[0].cells[1].text == "deportees"


def test_summary_answers_the_readers_questions(synthetic_run, no_chart_host, tmp_path):
    story = build_report(synthetic_run, no_chart_host, tmp_path).stories[0]
    text = "\n".join(story.summary)
    assert "Most quoted: A1 (Outlet A) Marco Rubio (7 words)" in text
    assert "Naming (the deportees)" in text and "“deportees”" in text
    assert "Omissions: A3 (Outlet C)" in text
    assert story.articles[0].top_speaker == "Marco Rubio"


def test_reports_are_deterministic(rendered, report_host, tmp_path):
    out1, out2 = rendered[0], tmp_path
    render(make_run(), out2, report_host, chart_formats=("svg", "png"))
    files = sorted(p.relative_to(out1) for p in out1.rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (out1 / rel).read_bytes() == (out2 / rel).read_bytes(), rel
    svg = (out1 / "charts" / "hedging.svg").read_text()
    assert "<dc:date>" not in svg


def test_charts_drawn_by_workers_are_the_same_files(rendered, report_host, tmp_path):
    """``jobs=2`` draws the charts in forked workers: same files, same bytes, same report."""
    out1, out2 = rendered[0], tmp_path
    render(make_run(), out2, report_host, chart_formats=("svg", "png"), jobs=2)
    files = sorted(p.relative_to(out1) for p in out1.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out2) for p in out2.rglob("*") if p.is_file())
    for rel in files:
        assert (out1 / rel).read_bytes() == (out2 / rel).read_bytes(), rel


def test_stories_past_max_stories_are_one_row_each(report_host, tmp_path):
    run = make_run({"story-one": ["a"], "story-two": ["b"], "story-three": ["c"]})
    html, markdown = render(run, tmp_path, report_host, max_stories=1)
    assert 'id="story-story-one"' in html and 'id="story-story-two"' not in html
    assert "2 more stories" in html and "## 2 more stories" in markdown
    assert '<th scope="row">story-three</th>' in html and "| story-two | 1 |" in markdown
    charts = {path.name.split("-")[1] for path in (tmp_path / "charts").glob("*.svg")}
    assert charts == {"one"}, "only the detailed story is charted"


def test_charts_are_reused_from_the_cache(report_host, tmp_path):
    from framing.cache import CacheStats, ChartCache

    run = make_run()
    run = replace(run, stories=tuple(replace(story, cache_key="k1") for story in run.stories))
    cache = ChartCache(tmp_path / "cache", stats=CacheStats())
    render(run, tmp_path / "one", report_host, chart_cache=cache)
    drawn = cache.stats.charts_drawn
    assert drawn >= len(BUILTIN_CHARTS) and cache.stats.charts_reused == 0
    render(run, tmp_path / "two", report_host, chart_cache=cache)
    assert cache.stats.charts_reused == drawn and cache.stats.charts_drawn == drawn
    for name in ("report.html", "report.md", *(f"charts/{p.name}" for p in (tmp_path / "one" / "charts").iterdir())):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    other = replace(run, stories=tuple(replace(story, cache_key="k2") for story in run.stories))
    render(other, tmp_path / "three", report_host, chart_cache=cache)
    assert cache.stats.charts_drawn == 2 * drawn, "other results, other charts"


def test_multiple_stories_get_a_section_each(report_host, tmp_path):
    run = make_run({"story-one": ["a", "b"], "story-two": ["c"]})
    html, markdown = render(run, tmp_path, report_host)
    assert 'id="story-story-one"' in html and 'id="story-story-two"' in html
    assert "## Story: story-one" in markdown and "## Story: story-two" in markdown
    assert (tmp_path / "charts" / "story-one-quoted-words.svg").exists()
    assert "Only one article in this story" in html


def test_full_texts_are_capped_and_the_report_says_so(synthetic_run, no_chart_host, tmp_path):
    report = build_report(synthetic_run, no_chart_host, tmp_path, max_full_texts=1)
    assert len(report.stories[0].texts) == 1 and report.texts_omitted == 2
    from framing.report.html import render_html

    render_html(report, tmp_path)
    html = (tmp_path / "report.html").read_text()
    assert "2 article(s) of this story are not shown in full" in html


class ExtraPlugin:
    @hookimpl
    def framing_register_charts(self, register):
        def broken(story, figure):
            raise ValueError("no good")

        def empty(story, figure):
            raise NoData("nothing")

        def words(story, figure):
            ax = figure.subplots()
            ax.bar([a.label for a in story.articles], [a.words for a in story.articles])
            ax.set_title("Words per article")

        register(ChartSpec("broken", "Broken", broken))
        register(ChartSpec("empty", "Empty", empty))
        register(ChartSpec("words", "Words per article", words, order=5))

    @hookimpl
    def framing_register_report_sections(self, register):
        register(SectionSpec("extra", lambda report: Section("Extra section", [f"para {XSS}"], {"t": [{"k": XSS}]})))
        register(SectionSpec("skipped", lambda report: None))

    @hookimpl
    def framing_register_report_formats(self, register):
        def txt(report, out_dir):
            path = out_dir / "report.txt"
            path.write_text(f"{len(report.stories)} stories\n")
            return [path]

        register(ReportFormatSpec("txt", txt))


def test_plugins_add_charts_sections_and_formats_and_a_broken_chart_is_reported(synthetic_run, tmp_path):
    host = load_plugins(PluginOptions(entry_points=False, disable=("charts",)), extra=[("extra", ExtraPlugin())])
    errors = write_reports(synthetic_run, tmp_path, host, jobs=2)  # a chart failing in a worker is reported too
    assert [(e.stage, e.source) for e in errors] == [("report", "chart broken")]
    html = (tmp_path / "report.html").read_text()
    assert "Words per article" in html and 'id="chart-story-broken"' not in html
    assert 'id="chart-story-empty"' not in html
    assert "Extra section" in html and f"para {XSS}" not in html
    assert "## Extra section" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "report.txt").read_text() == "1 stories\n"
    assert (tmp_path / "charts" / "words.svg").exists(), "SVG files by default"
    assert not (tmp_path / "charts" / "words.png").exists()


def test_disabled_chart_is_left_out(synthetic_run, tmp_path):
    host = load_plugins(PluginOptions(entry_points=False, disable=("hedging_chart_typo",)))
    assert "hedging" in host.charts
    host = load_plugins(PluginOptions(entry_points=False, disable=("report_markdown", "charts")))
    write_reports(synthetic_run, tmp_path, host)
    assert (tmp_path / "report.html").exists() and not (tmp_path / "report.md").exists()


def test_a_failing_format_does_not_stop_the_others(synthetic_run, tmp_path):
    class Bad:
        @hookimpl
        def framing_register_report_formats(self, register):
            register(ReportFormatSpec("bad", lambda report, out: 1 / 0))

    host = load_plugins(PluginOptions(entry_points=False, disable=("charts",)), extra=[("bad", Bad())])
    errors = write_reports(synthetic_run, tmp_path, host)
    assert [(e.source, e.message) for e in errors] == [("bad", "ZeroDivisionError: division by zero")]
    assert (tmp_path / "report.html").exists()


def test_text_is_drawn_literally_in_charts(rendered):
    """``$6 million and $5`` must not be parsed as mathtext (regression): the charts were drawn."""
    assert (rendered[0] / "charts" / "loaded-terms.svg").exists()


def test_markdown_escaping():
    assert md("a|b") == "a\\|b"
    assert md("<i>x</i> *y* _z_") == "&lt;i&gt;x&lt;/i&gt; \\*y\\* \\_z\\_"
    assert md("two\nlines") == "two lines"


def test_merge_names_prefers_the_full_name():
    names = merge_names(["Bukele", "Nayib Bukele", "Trump", "Donald Trump", "Rubio"])
    assert names["Bukele"] == "Nayib Bukele" and names["Trump"] == "Donald Trump" and names["Rubio"] == "Rubio"


def test_overlapping_findings_nest(no_chart_host, tmp_path, synthetic_run):
    report = build_report(synthetic_run, no_chart_host, tmp_path)
    story = report.stories[0]
    text = build_text(story.result.story.articles[2], story.articles[2], story, __import__(
        "framing.report.model", fromlist=["Anchors"]).Anchors())  # fmt: skip
    inner = [seg for seg in text.segments if seg.text == "illegal"]
    assert inner and [layer.kind for layer in inner[0].layers][-2:] == ["loaded_term", "loaded_term"]


@pytest.mark.parametrize("name", sorted(BUILTIN_CHARTS))
def test_builtin_charts_are_registered_through_the_hook(report_host, name):
    assert name in report_host.charts
    assert report_host.charts.owners[name] == "charts"


def test_text_body_nests_a_span_per_finding_and_escapes_text_and_tooltips():
    from framing.report.html import text_body
    from framing.report.model import Layer, Segment

    quote = Layer("attribution", "quote", "a-attribution k-quote", 'Quote · speaker: "O\'Brien" <x>', anchor="f1")
    term = Layer("loaded_terms", "loaded_term", "a-loaded-terms", "Loaded term & more")
    rest = replace(quote, anchor=None)  # the finding's later segments: one shared layer, no anchor
    segments = [
        Segment("He said <b>", [quote]),
        Segment("thugs", [rest, term]),
        Segment(" & left.", []),
    ]
    assert str(text_body(segments)) == (
        '<span class="hl a-attribution k-quote" id="f1" title="Quote · speaker: &#34;O&#39;Brien&#34; &lt;x&gt;">'
        "He said &lt;b&gt;</span>"
        '<span class="hl a-attribution k-quote" title="Quote · speaker: &#34;O&#39;Brien&#34; &lt;x&gt;">'
        '<span class="hl a-loaded-terms" title="Loaded term &amp; more">thugs</span></span>'
        " &amp; left."
    )
