"""One analysis run, from an input folder to the output folder (what ``framing analyze`` does).

Usable from Python too::

    from framing.run import AnalyzeOptions, analyze_folder
    run = analyze_folder(AnalyzeOptions(input_dir=Path("seeds"), out_dir=Path("out")))
    print(run.provenance["counts"])
"""

from __future__ import annotations

import contextlib
import os
import pickle
import platform
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing import __version__
from framing.errors import FramingError
from framing.heap import FREEZE_EVERY, collect_young_rarely, freeze_survivors, frozen_heap, release_free_memory
from framing.loaders import iter_article_files, load_directory
from framing.model import model_description
from framing.models import (
    Article,
    ArticleResult,
    ComparisonOutput,
    ErrorRecord,
    Finding,
    RunResult,
    Story,
    StoryResult,
)
from framing.output import FindingsWriter, prepare_out_dir, write_articles_csv, write_json, write_problems
from framing.pipeline import Engine, EngineConfig, Timer, analyze_articles, default_jobs
from framing.plugins import PluginOptions

if TYPE_CHECKING:  # pragma: no cover
    from framing.cache import CacheStats

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
    #: Worker processes; ``None`` = automatic (see :func:`framing.pipeline.default_jobs`).
    jobs: int | None = None
    batch_size: int = 16
    report: bool = True
    #: Cache parsed Docs (see :mod:`framing.cache`) in ``cache_dir`` (default ``OUT/.cache``).
    cache: bool = True
    cache_dir: Path | None = None
    #: ``"local"`` (this machine, ``jobs`` processes) or ``"dask"`` (see :mod:`framing.dask_runner`).
    executor: str = "local"
    #: Dask scheduler address (``tcp://host:8786``); ``None`` starts a local cluster.
    scheduler: str | None = None
    #: Stories the report details (charts, tables with evidence, highlighted texts), in input
    #: order; the others are listed in a table of the remaining stories with their numbers.
    report_stories: int = 10
    #: Chart files written under ``OUT/charts`` (the HTML report always inlines the SVG).
    chart_formats: tuple[str, ...] = ("svg",)
    #: At most this many articles of the detailed stories are kept whole in memory for the report
    #: (findings, summaries, text); the others keep only metadata, metrics and errors (their
    #: findings are in findings.jsonl), and stories with no whole article keep only their
    #: comparison metrics, so memory does not grow with the corpus.
    report_articles: int = 100


@dataclass(frozen=True)
class CompactArticleResult(ArticleResult):
    """An :class:`ArticleResult` without findings, summaries and text (they were streamed to
    ``findings.jsonl`` and, for comparisons, to a temporary file). ``finding_count`` says how many
    findings it had, ``finding_counts`` how many per analyzer (errors excluded), for reports."""

    finding_count: int = 0
    finding_counts: Mapping[str, int] = field(default_factory=dict)


def compact(result: ArticleResult) -> CompactArticleResult:
    counts: dict[str, int] = {}
    for finding in result.findings:
        if finding.kind != "error":
            counts[finding.analyzer] = counts.get(finding.analyzer, 0) + 1
    return CompactArticleResult(
        article=result.article,
        metrics=result.metrics,
        errors=result.errors,
        finding_count=len(result.findings),
        finding_counts=counts,
    )


class ResultStore:
    """Per-article results of a run, with memory bounded by ``keep``, not by the corpus.

    The results of the first ``keep`` articles of the first ``keep_stories`` stories stay in
    memory whole (the report shows them in full); the others are pickled to one temporary file
    inside the output folder and read back one story at a time for the comparisons.
    :attr:`results` holds every article in order, the ones not kept whole compact.
    """

    def __init__(self, directory: Path, keep: int, keep_stories: int | None = None):
        self.directory = directory
        self.keep = keep
        self.keep_stories = keep_stories
        self._kept = 0
        self._rank: dict[str, int] = {}
        self.results: list[ArticleResult] = []
        self._where: dict[str, list[tuple[int, int, int]]] = {}
        self._file: Any = None
        self._path: Path | None = None
        self._order: list[str] = []
        self.finding_count = 0

    def add(self, result: ArticleResult) -> None:
        self.finding_count += len(result.findings)
        story = result.article.story
        rank = self._rank.setdefault(story, len(self._rank))  # stories in first-seen order
        locations = self._where.setdefault(story, [])
        index = len(self.results)
        detailed = self.keep_stories is None or rank < self.keep_stories
        if detailed and self._kept < self.keep:
            self._kept += 1
            locations.append((index, -1, 0))
            self.results.append(result)
            return
        if self._file is None:
            fd, name = tempfile.mkstemp(prefix=".framing-results-", suffix=".pickle", dir=self.directory)
            self._file, self._path = os.fdopen(fd, "w+b"), Path(name)
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, os.SEEK_END)
        locations.append((index, self._file.tell(), len(data)))
        self._file.write(data)
        self.results.append(compact(result))

    def __len__(self) -> int:
        """The number of stories."""
        return len(self._where)

    def stories(self) -> Iterator[tuple[Story, Story]]:
        """Each story, in first-seen order, one at a time: (with every article's full result,
        as the report sees it: full results only for the first ``keep`` articles)."""
        for index in range(len(self)):
            yield self.story(index), self.kept(index)

    def story(self, index: int) -> Story:
        """Story ``index`` (first-seen order) with every article's full result.

        The spilled results are read with ``os.pread`` (no shared file position), so forked
        workers can read stories from the same open file at once.
        """
        story_id, locations = self._locations(index)
        self.flush()
        full = []
        for position, offset, length in locations:
            if offset < 0:
                full.append(self.results[position])
            else:
                full.append(pickle.loads(_read_at(self._file, offset, length)))
        return Story(id=story_id, articles=tuple(full))

    def flush(self) -> None:
        """Write the spilled results out (before forking: a worker must not flush our buffer)."""
        if self._file is not None:
            self._file.flush()

    def size(self, index: int) -> int:
        """How many articles story ``index`` (first-seen order) has so far."""
        return len(self._locations(index)[1])

    def kept(self, index: int) -> Story:
        """Story ``index`` as the report sees it: full results only for the articles kept whole."""
        story_id, locations = self._locations(index)
        return Story(id=story_id, articles=tuple(self.results[position] for position, _, _ in locations))

    def _locations(self, index: int) -> tuple[str, list[tuple[int, int, int]]]:
        if len(self._order) != len(self._where):
            self._order = list(self._where)
        story_id = self._order[index]
        return story_id, self._where[story_id]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()
            self._path = None

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_at(handle: Any, offset: int, length: int) -> bytes:
    """``length`` bytes at ``offset`` of an open file, without moving a shared file position."""
    pread = getattr(os, "pread", None)
    if pread is None:  # pragma: no cover - Windows (no fork there: one process reads)
        handle.seek(offset)
        return handle.read(length)
    return pread(handle.fileno(), length, offset)


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
    cache_dir = resolve_cache_dir(options, out)
    config = EngineConfig(
        model=options.model,
        plugins=options.plugins,
        batch_size=options.batch_size,
        cache_dir=str(cache_dir) if cache_dir else None,
    )
    with timer("setup"):
        engine = engine or Engine(config)
    with frozen_heap():
        return _analyze(options, engine, out, timer, on_problem, progress)


def _analyze(
    options: AnalyzeOptions,
    engine: Engine,
    out: Path,
    timer: Timer,
    on_problem: Callable[[ErrorRecord], None],
    progress: ProgressFn | None,
) -> RunResult:
    """The run itself, once the output folder and the engine are ready."""
    engine.refresh_fingerprints()  # settings, lexicons or environment may have changed since the last run
    unknown = engine.host.unknown_disabled()
    if unknown:
        raise FramingError(f"--disable: unknown name(s) {', '.join(unknown)} (see `framing plugins` for the names)")
    for error in (*engine.host.load_errors, *engine.setup_errors):
        on_problem(error)
    engine.take_cache_stats()  # count this run's hits and misses only
    jobs = options.jobs or default_jobs(count_article_files(options.input_dir), options.batch_size)
    skipped: list[ErrorRecord] = []
    articles = _articles_only(load_directory(options.input_dir, engine.host.loaders), skipped, on_problem)
    if options.executor == "dask":
        from framing.dask_runner import analyze_articles_dask

        stream = analyze_articles_dask(engine, articles, scheduler=options.scheduler, jobs=jobs)
    elif options.executor == "local":
        stream = analyze_articles(engine, articles, jobs=jobs)
    else:
        raise FramingError(f"unknown executor {options.executor!r}; choose local or dask")
    early: dict[int, EarlyComparison] = {}  # the first story's comparisons (see compare_early)
    with ResultStore(out, options.report_articles, options.report_stories if options.report else None) as store:
        with FindingsWriter(out / "findings.jsonl") as writer:
            with timer("articles"):  # the stages do not overlap: articles + comparisons + report
                for result in stream:
                    writer.write(result.findings)
                    for error in result.errors:
                        on_problem(error)
                    store.add(result)
                    if not early and len(store) == 2 and jobs > 1:
                        early[0] = compare_early(engine, store, 0)
                    if len(store.results) == 1 and options.report and jobs > 1:
                        warm_up_report()  # now the workers parse: the parent has time to spare
                    if len(store.results) % FREEZE_EVERY == 0:
                        freeze_survivors()
                    if progress:
                        progress("article", len(store.results), None)
            if not store.results:
                raise FramingError(
                    f"no article could be read in {options.input_dir}"
                    + (f" ({len(skipped)} file(s) skipped: see above)" if skipped else " (the folder is empty)")
                )
            freeze_survivors()  # the kept results live to the end: later collections need not walk them
            collect_young_rarely()
            with timer("comparisons"):
                story_jobs = jobs if options.executor == "local" else 1  # the driver may be a small machine
                stories: list[StoryResult] = []
                compared = compare_stories(engine, store, story_jobs, early)
                for index, (story_result, findings) in enumerate(compared):
                    for error in story_result.errors:
                        on_problem(error)
                    writer.write(findings)
                    stories.append(replace(story_result, story=store.kept(index)))
        results = store.results
        finding_count = writer.count
    errors = [*engine.host.load_errors, *engine.setup_errors]
    errors += [e for r in results for e in r.errors] + [e for s in stories for e in s.errors]
    provenance = build_provenance(engine, options, results, stories, skipped, errors, timer)
    provenance["counts"]["findings"] = finding_count
    run = RunResult(
        articles=tuple(results),
        stories=tuple(stories),
        errors=tuple(errors),
        skipped=tuple(skipped),
        provenance=provenance,
    )
    write_articles_csv(out / "articles.csv", results, stories)
    release_free_memory()  # the parse's working memory, before the report allocates its own
    freeze_survivors()
    if options.report:
        with timer("report"):
            from framing.report import write_reports

            charts = None
            if engine.cache is not None:
                from framing.cache import ChartCache

                charts = ChartCache(engine.cache.root, stats=engine.cache.stats)
            report_errors = write_reports(
                run,
                out,
                engine.host,
                max_stories=options.report_stories,
                chart_formats=options.chart_formats,
                chart_cache=charts,
                jobs=story_jobs,
            )
        for error in report_errors:
            on_problem(error)
        errors += report_errors
        run = RunResult(run.articles, run.stories, tuple(errors), run.skipped, provenance)
    write_problems(out / "problems.csv", [*skipped, *errors])
    execution = {
        "executor": options.executor,
        "jobs": jobs,
        "batch_size": options.batch_size,
        "cache": engine.take_cache_stats().as_dict() if engine.cache else None,
    }
    write_json(out / "run.json", {**provenance, "timings_seconds": timer.stages, "execution": execution})
    return run


@dataclass(frozen=True)
class EarlyComparison:
    """A story's comparisons (as :func:`compare_one` returns them) run before the article stage
    ended, with the number of articles the story had then and the cache counts they made
    (added to the run's only if the result is used)."""

    articles: int
    result: StoryResult
    findings: list[Finding]
    stats: CacheStats


def compare_one(engine: Engine, store: ResultStore, index: int) -> tuple[StoryResult, list[Finding]]:
    """Story ``index``'s comparisons: the result as :func:`report_story` keeps it, with its story
    left empty (the caller has it: :meth:`ResultStore.kept`), and its findings in output order."""
    result = engine.compare_story(store.story(index))
    findings = [f for output in result.comparisons.values() for f in sorted(output.findings, key=Finding.sort_key)]
    slim = report_story(result, store.kept(index))
    return replace(slim, story=Story(id=slim.story.id, articles=())), findings


def compare_early(engine: Engine, store: ResultStore, index: int) -> EarlyComparison:
    """Story ``index``'s comparisons now, while the workers still parse.

    :func:`analyze_folder` runs the first story's this way as soon as a second story begins
    (when the folder keeps a story's articles together, the first is then complete): the
    parent process would otherwise only wait for the workers, and the libraries and lexicons
    this first comparison loads are inherited by the comparison workers instead of being
    loaded while they wait. :func:`compare_stories` uses the result only if the story still
    has the same articles at the end (else it compares it again): the findings are the same.
    """
    so_far = engine.take_cache_stats()
    result, findings = compare_one(engine, store, index)
    own = engine.take_cache_stats()
    if engine.cache is not None:
        engine.cache.stats.add(so_far)  # the run's counts, without this comparison's (yet)
    return EarlyComparison(store.size(index), result, findings, own)


def compare_stories(
    engine: Engine, store: ResultStore, jobs: int, early: Mapping[int, EarlyComparison] | None = None
) -> Iterator[tuple[StoryResult, list[Finding]]]:
    """Every story's comparisons (:func:`compare_one`), in story order, on up to ``jobs`` forked
    workers (:func:`framing.parallel.fork_map`); ``early``: stories compared already
    (:func:`compare_early`), used if they have the same articles now.

    Yields ``(result, findings)`` per story. Cache counts from the workers are added to the engine's.
    """
    from framing.parallel import fork_map

    parent = os.getpid()
    store.flush()
    done = early or {}

    def task(index: int) -> tuple[StoryResult, list[Finding], CacheStats | None]:
        compared = done.get(index)
        if compared is not None and compared.articles == store.size(index):
            return compared.result, compared.findings, compared.stats
        in_worker = os.getpid() != parent
        if in_worker:
            engine.take_cache_stats()  # counts inherited from the parent are not this worker's
        result, findings = compare_one(engine, store, index)
        return result, findings, (engine.take_cache_stats() if in_worker else None)

    for result, findings, stats in fork_map(task, len(store), jobs):
        if stats is not None and engine.cache is not None:
            engine.cache.stats.add(stats)
        yield result, findings


def warm_up_report() -> None:
    """Load the charts' libraries and font now rather than in the report stage (see
    :func:`framing.viz.style.warm_up`); a failure here is left for the report to record."""
    from framing.viz.style import warm_up

    with contextlib.suppress(Exception):
        warm_up()


def report_story(result: StoryResult, kept: Story) -> StoryResult:
    """The story result kept for the report: whole when one of its articles is kept whole,
    otherwise only the comparisons' per-article metrics (for ``articles.csv``): their findings are
    already in ``findings.jsonl``, and dropping tables and data keeps memory flat on huge runs."""
    if any(not isinstance(article, CompactArticleResult) for article in kept.articles):
        return replace(result, story=kept)
    comparisons = {name: ComparisonOutput(metrics=output.metrics) for name, output in result.comparisons.items()}
    return StoryResult(story=kept, comparisons=comparisons, errors=result.errors)


def resolve_cache_dir(options: AnalyzeOptions, out: Path) -> Path | None:
    """Where parsed Docs are cached: ``--cache-dir``, else ``OUT/.cache``; ``None`` with ``--no-cache``."""
    if not options.cache:
        return None
    return (options.cache_dir or out / ".cache").resolve()


def count_article_files(directory: Path) -> int:
    return sum(1 for _ in iter_article_files(directory))


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
        "libraries": {name: _version(name) for name in ("spacy", "vaderSentiment", "matplotlib", "pluggy")},
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
