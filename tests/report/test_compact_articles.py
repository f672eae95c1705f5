"""Regression: articles kept compact in large runs still show their finding counts in the report."""

from __future__ import annotations

from pathlib import Path

from framing.plugins import PluginOptions
from framing.run import AnalyzeOptions, analyze_folder

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_compact_articles_keep_their_finding_counts_in_the_overview(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_f7c3cfa93856238a.txt", "001_b0ff23a697316e2e.txt"):
        (corpus / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    options = AnalyzeOptions(
        input_dir=corpus,
        out_dir=tmp_path / "out",
        plugins=PluginOptions(disable=("omission", "labels")),
        jobs=1,
        report_articles=1,  # the second article is kept compact
    )
    run = analyze_folder(options)
    compact = run.articles[1]
    assert not compact.findings and compact.finding_counts["attribution"] > 0
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    row = html.split("001_b0ff23a697316e2e", 1)[1].split("</tr>", 1)[0]
    assert f"attribution {compact.finding_counts['attribution']}" in row
