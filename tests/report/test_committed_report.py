"""The committed sample report (``reports/seeds``) is current with the code.

Regenerate it with ``make report`` (= ``framing analyze seeds --out reports/seeds``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "reports" / "seeds"
FILES = ("findings.jsonl", "articles.csv", "report.md", "report.html")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """``make report`` into a temporary folder (same command, same environment variables)."""
    if not (COMMITTED / "findings.jsonl").exists():
        pytest.skip("reports/seeds has not been generated (run `make report`)")
    out = tmp_path_factory.mktemp("seeds-report") / "seeds"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRAMING_")}
    command = [sys.executable, "-m", "framing", "analyze", "seeds", "--out", str(out), "--no-cache", "--jobs", "1"]
    subprocess.run([*command, "--quiet"], cwd=ROOT, env=env, check=False, capture_output=True, timeout=900)
    assert (out / "report.html").exists(), "the regeneration failed"
    return out


@pytest.mark.parametrize("name", FILES)
def test_committed_report_is_current(regenerated, name):
    fresh = (regenerated / name).read_bytes()
    committed = (COMMITTED / name).read_bytes()
    assert fresh == committed, f"reports/seeds/{name} is stale: run `make report` and commit reports/"


def test_committed_charts_are_current(regenerated):
    fresh = sorted(p.name for p in (regenerated / "charts").iterdir())
    assert fresh == sorted(p.name for p in (COMMITTED / "charts").iterdir())
    for name in fresh:
        if name.endswith(".svg"):
            assert (regenerated / "charts" / name).read_bytes() == (COMMITTED / "charts" / name).read_bytes(), name


def test_sample_report_answers_the_readers_questions():
    if not (COMMITTED / "report.html").exists():
        pytest.skip("reports/seeds has not been generated")
    html = (COMMITTED / "report.html").read_text(encoding="utf-8")
    for chart in ("actor-sentiment", "quoted-words", "loaded-terms", "hedging", "fact-coverage", "labels"):
        assert f'id="chart-story-{chart}"' in html
    assert html.count('<article class="text"') == 5
    assert "Most quoted:" in html  # who is quoted most in each article
    assert 'id="fact-coverage"' in html and "omitted" in html  # which article omits what
    assert "Naming (" in html and 'id="labels"' in html  # how each article names the deportees
