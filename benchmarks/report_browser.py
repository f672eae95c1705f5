"""Open the sample report in headless Chromium: screenshot it and check what a reader sees.

    python benchmarks/report_browser.py                       # reports/seeds/report.html
    python benchmarks/report_browser.py --report OUT/report.html --png /tmp/report.png

Prints JSON: the checks (charts drawn, texts highlighted, tables present, script ran, no
network) and the screenshot's size. Exits 1 when a check fails, 2 when Chromium is missing.
Chromium: ``apt-get install -y chromium`` (Debian) or set ``CHROMIUM=/path/to/binary``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
CHARTS = ("actor-sentiment", "quoted-words", "loaded-terms", "hedging", "fact-coverage", "labels")


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM``, else the first of the usual names on PATH."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(binary: str, args: list[str], timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def screenshot(binary: str, report: Path, png: Path, width: int = 1280, height: int = 2200) -> None:
    """Render ``report`` to ``png`` (the top ``height`` pixels of the page)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    if png.exists():
        png.unlink()
    result = run_chromium(binary, [f"--screenshot={png}", f"--window-size={width},{height}", report.resolve().as_uri()])
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot: {result.stderr.strip()[-500:]}")


def screenshot_texts(binary: str, report: Path, png: Path, width: int = 1280, height: int = 1400) -> None:
    """Screenshot of the highlighted texts (the sections above them hidden in a temporary copy)."""
    css = "section.story > *:not([id^='texts-']):not(.legend){display:none}"
    html = report.read_text(encoding="utf-8").replace("</style>", css + "\n</style>", 1)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "texts.html"
        page.write_text(html, encoding="utf-8")
        screenshot(binary, page, png, width, height)


def dump_dom(binary: str, report: Path) -> str:
    """The DOM after the page's script has run."""
    result = run_chromium(binary, ["--virtual-time-budget=3000", "--dump-dom", report.resolve().as_uri()])
    return result.stdout


def png_stats(png: Path) -> dict[str, float]:
    from PIL import Image, ImageStat

    with Image.open(png) as image:
        grey = image.convert("L")
        stat = ImageStat.Stat(grey)
        colours = len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])
        return {"width": image.width, "height": image.height, "stddev": round(stat.stddev[0], 2), "colours": colours}


def check(report: Path, png: Path, binary: str) -> dict[str, object]:
    screenshot(binary, report, png)
    dom = dump_dom(binary, report)
    stats = png_stats(png)
    texts = len(re.findall(r'<article class="text"', dom))
    checks = {
        "page_loaded": "<h1>" in dom and "Provenance" in dom,
        "six_charts": all(f'id="chart-story-{name}"' in dom for name in CHARTS),
        "charts_are_inline_svg": dom.count("<svg") >= len(CHARTS),
        "texts_highlighted": texts > 0
        and len(re.findall(r'<div class="body">(?:(?!</div>).)*?class="hl ', dom, re.S)) == texts,
        "tables_with_evidence": all(f'id="{t}"' in dom for t in ("quoted-words", "fact-coverage", "labels")),
        "legend_toggles": 'class="toggle"' in dom,
        "no_external_resources": not re.search(r"""(src|href)=["']?(https?:)?//""", dom),
        "screenshot_not_blank": stats["stddev"] > 10 and stats["colours"] > 50,
    }
    return {"report": str(report), "png": str(png), "articles_shown": texts, "screenshot": stats, "checks": checks}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, default=ROOT / "reports" / "seeds" / "report.html")
    parser.add_argument("--png", type=Path, default=Path(tempfile.gettempdir()) / "framing-report.png")
    parser.add_argument("--texts-png", type=Path, help="also save a screenshot of the highlighted texts here")
    args = parser.parse_args(argv)
    binary = find_chromium()
    if binary is None:
        print(json.dumps({"error": "chromium not found (apt-get install -y chromium, or set CHROMIUM)"}))
        return 2
    result = check(args.report, args.png, binary)
    if args.texts_png:
        screenshot_texts(binary, args.report, args.texts_png)
        result["texts_png"] = str(args.texts_png)
    print(json.dumps(result, indent=2))
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
