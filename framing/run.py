"""One analysis run, from an input folder to the output folder (what ``framing analyze`` does).

Usable from Python too::

    from framing.run import AnalyzeOptions, analyze_folder
    run = analyze_folder(AnalyzeOptions(input_dir=Path("seeds"), out_dir=Path("out")))
    print(run.provenance["counts"])
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from framing import __version__
from framing.errors import FramingError
from framing.loaders import iter_article_files, load_directory
from framing.model import model_description
from framing.models import Article, ArticleResult, ErrorRecord, RunResult, StoryResult
from framing.output import FindingsWriter, prepare_out_dir, write_articles_csv, write_json, write_problems
from framing.pipeline import Engine, EngineConfig, Timer, analyze_articles, group_stories
from framing.plugins import PluginOptions

#: Exit codes of ``framing analyze`` (documented in the README).
EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3


@dataclass(frozen=True)
class AnalyzeOptions:
    input_dir: Path
    out_dir: Path
    model: str | None = None
    plugins: PluginOptions = field(default_factory=PluginOptions)
    jobs: int = 1
    batch_size: int = 16
    report: bool = True


ProgressFn = Callable[[str, int, int | None], None]


def check_input_dir(path: Path) -> None:
    if not path.exists():
        raise FramingError(f"input folder {path} does not exist")
    if not path.is_dir():
        raise FramingError(f"input {path} is not a folder; give the folder that holds the articles")
    if next(iter_article_files(path), None) is None:
        raise FramingError(f"input folder {path} is empty (no article files found)")


def _articles_only(
    items: Iterator[Article | ErrorRecord], skipped: list[ErrorRecord], on_skip: Callable[[ErrorRecord], None]
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ErrorRecord):
            skipped.append(item)
            on_skip(item)
        else:
            yield item


def analyze_folder(
    options: AnalyzeOptions,
    engine: Engine | None = None,
    on_problem: Callable[[ErrorRecord], None] = lambda error: None,
    progress: ProgressFn | None = None,
) -> RunResult:
    """Analyse every article under ``options.input_dir`` and write the outputs to ``out_dir``.

    Raises :class:`FramingError` for problems that stop the run before it starts (missing
    input, output path that is a file, no model). Everything later is recorded, not raised.
    """
    check_input_dir(options.input_dir)
    out = prepare_out_dir(options.out_dir)
    timer = Timer()
    with timer("setup"):
        engine = engine or Engine(
            EngineConfig(model=options.model, plugins=options.plugins, batch_size=options.batch_size)
        )
    unknown = engine.host.unknown_disabled()
    if unknown:
        raise FramingError(f"--disable: unknown name(s) {', '.join(unknown)} (see `framing plugins` for the names)")
    for error in (*engine.host.load_errors, *engine.setup_errors):
        on_problem(error)
    skipped: list[ErrorRecord] = []
    results: list[ArticleResult] = []
    articles = _articles_only(load_directory(options.input_dir, engine.host.loaders), skipped, on_problem)
    with timer("articles"), FindingsWriter(out / "findings.jsonl") as writer:
        for result in analyze_articles(engine, articles, jobs=options.jobs):
            writer.write(result.findings)
            for error in result.errors:
                on_problem(error)
            results.append(result)
            if progress:
                progress("article", len(results), None)
        if not results:
            raise FramingError(
                f"no article could be read in {options.input_dir}"
                + (f" ({len(skipped)} file(s) skipped: see above)" if skipped else " (the folder is empty)")
            )
        with timer("comparisons"):
            stories: list[StoryResult] = []
            for story in group_stories(results):
                story_result = engine.compare_story(story)
                for error in story_result.errors:
                    on_problem(error)
                stories.append(story_result)
                for output in story_result.comparisons.values():
                    writer.write(sorted(output.findings, key=lambda f: f.sort_key()))
    errors = [*engine.host.load_errors, *engine.setup_errors]
    errors += [e for r in results for e in r.errors] + [e for s in stories for e in s.errors]
    provenance = build_provenance(engine, options, results, stories, skipped, errors, timer)
    run = RunResult(
        articles=tuple(results),
        stories=tuple(stories),
        errors=tuple(errors),
        skipped=tuple(skipped),
        provenance=provenance,
    )
    write_articles_csv(out / "articles.csv", results, stories)
    if options.report:
        with timer("report"):
            from framing.report import write_reports

            report_errors = write_reports(run, out, engine.host)
        for error in report_errors:
            on_problem(error)
        errors += report_errors
        run = RunResult(run.articles, run.stories, tuple(errors), run.skipped, provenance)
    write_problems(out / "problems.csv", [*skipped, *errors])
    write_json(out / "run.json", {**provenance, "timings_seconds": timer.stages})
    return run


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def build_provenance(
    engine: Engine,
    options: AnalyzeOptions,
    results: list[ArticleResult],
    stories: list[StoryResult],
    skipped: list[ErrorRecord],
    errors: list[ErrorRecord],
    timer: Timer,
) -> dict[str, Any]:
    """What produced this run (no timestamps, so the output is reproducible)."""
    return {
        "framing_version": __version__,
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in ("spacy", "textacy", "vaderSentiment", "matplotlib", "pluggy")},
        "model": model_description(engine.nlp),
        "pipeline": list(engine.nlp.pipe_names),
        "analyzers": [spec.name for spec in engine.analyzers],
        "comparisons": [spec.name for spec in engine.comparisons],
        "plugins": [info.as_dict() for info in engine.host.plugin_infos()],
        "input": options.input_dir.name,
        "counts": {
            "articles": len(results),
            "stories": len(stories),
            "skipped_files": len(skipped),
            "errors": len(errors),
            "findings": sum(len(r.findings) for r in results)
            + sum(len(o.findings) for s in stories for o in s.comparisons.values()),
        },
        "skipped": [{"file": e.source, "reason": e.message} for e in skipped],
        "errors": [{"stage": e.stage, "source": e.source, "article": e.article, "message": e.message} for e in errors],
    }


def exit_code(run: RunResult) -> int:
    """0 when everything was analysed cleanly, 3 when files were skipped or errors recorded."""
    return EXIT_PROBLEMS if (run.skipped or run.errors) else EXIT_OK
