"""The machine-readable output files (the output contract).

``OUT/findings.jsonl``  one JSON object per finding (see :class:`framing.models.Finding`)
``OUT/articles.csv``    one row per article: metadata, word count, every analyzer's metrics
``OUT/problems.csv``    every file skipped and every error recorded (stage, source, article, message)
``OUT/run.json``        provenance: versions, model, plugins, counts, timings, problems

Everything is written inside ``OUT``; files are written deterministically (same inputs, same
bytes), with no timestamps.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from framing.errors import FramingError
from framing.models import ArticleResult, ErrorRecord, Finding, StoryResult

META_COLUMNS = ("id", "title", "outlet", "date", "url", "story", "path", "words", "trimmed_chars")


def prepare_out_dir(out: Path) -> Path:
    """Create ``out`` (and parents); refuse a path that is a file."""
    if out.exists() and not out.is_dir():
        raise FramingError(f"output path {out} is a file; give a folder for --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FramingError(f"cannot create output folder {out}: {exc.strerror or exc}") from exc
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


#: One encoder for every line (``json.dumps`` with options builds a new one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=False, default=_json_default).encode


def finding_line(finding: Finding) -> str:
    """The finding as one line of ``findings.jsonl`` (no newline)."""
    return _ENCODE(finding.to_dict())


class FindingsWriter:
    """Streams findings to ``findings.jsonl`` as results arrive."""

    def __init__(self, path: Path):
        self.path = path
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        self.count = 0

    def write(self, findings: Iterable[Finding]) -> None:
        lines = [finding_line(finding) for finding in findings]
        if lines:
            self._file.write("\n".join(lines) + "\n")
            self.count += len(lines)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> FindingsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_findings(path: Path) -> list[dict[str, Any]]:
    """Read ``findings.jsonl`` back as dicts (handy in tests and notebooks)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def metric_columns(results: Sequence[ArticleResult], stories: Sequence[StoryResult]) -> list[str]:
    columns: set[str] = set()
    for result in results:
        for analyzer, values in result.metrics.items():
            columns.update(f"{analyzer}.{name}" for name in values)
    for story in stories:
        for comparison, output in story.comparisons.items():
            for values in output.metrics.values():
                columns.update(f"{comparison}.{name}" for name in values)
    return sorted(columns)


def write_articles_csv(path: Path, results: Sequence[ArticleResult], stories: Sequence[StoryResult]) -> None:
    """``articles.csv``: metadata columns, then ``<analyzer>.<metric>`` columns (sorted)."""
    columns = metric_columns(results, stories)
    story_metrics: dict[str, dict[str, Any]] = {}
    for story in stories:
        for comparison, output in story.comparisons.items():
            for article_id, values in output.metrics.items():
                row = story_metrics.setdefault(article_id, {})
                row.update({f"{comparison}.{name}": value for name, value in values.items()})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*META_COLUMNS, "errors", *columns])
        for result in results:
            meta = result.article
            row: dict[str, Any] = {
                f"{analyzer}.{name}": value
                for analyzer, values in result.metrics.items()
                for name, value in values.items()
            }
            row.update(story_metrics.get(meta.id, {}))
            writer.writerow(
                [
                    *(_cell(getattr(meta, column)) for column in META_COLUMNS),
                    len(result.errors),
                    *(_cell(row.get(column)) for column in columns),
                ]
            )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_problems(path: Path, problems: Iterable[ErrorRecord]) -> None:
    """``problems.csv``: one line per skipped file or recorded error."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["stage", "source", "article", "message"])
        for problem in problems:
            writer.writerow([problem.stage, problem.source, problem.article or "", " ".join(problem.message.split())])


def write_json(path: Path, payload: Mapping[str, Any]) -> None:
    path.write_text(
        json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default) + "\n",
        encoding="utf-8",
    )
