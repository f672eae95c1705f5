"""The sample report in headless Chromium (skipped when Chromium is not installed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("report_browser", ROOT / "benchmarks" / "report_browser.py")
report_browser = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report_browser)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(report_browser.find_chromium() is None, reason="chromium is not installed"),
]


def test_sample_report_renders_in_chromium(tmp_path):
    report = ROOT / "reports" / "seeds" / "report.html"
    if not report.exists():
        pytest.skip("reports/seeds has not been generated")
    result = report_browser.check(report, tmp_path / "report.png", report_browser.find_chromium())
    assert result["checks"] == {name: True for name in result["checks"]}
    assert result["articles_shown"] == 5


def test_script_in_an_article_does_not_run(tmp_path):
    """An article containing <script> shows it as text: the DOM has no injected element."""
    from conftest import make_run

    from framing.plugins import PluginOptions, load_plugins
    from framing.report import write_reports

    host = load_plugins(PluginOptions(entry_points=False, disable=("charts",)))
    assert write_reports(make_run(), tmp_path, host) == []
    dom = report_browser.dump_dom(report_browser.find_chromium(), tmp_path / "report.html")
    assert "<script>alert(1)</script>" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "Why this is highlighted" in dom
