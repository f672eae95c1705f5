"""Running analyzers over articles: model, parse, per-analyzer isolation, comparisons.

The flow for a run::

    articles --batches--> parse (base model, nlp.pipe) --> each analyzer component, isolated
             --> extract findings/metrics/summaries --> ArticleResult (no Doc kept)
    all ArticleResults --group by story--> each comparison, isolated --> StoryResult

:class:`Engine` holds the plugin host, the model and the analyzer components of one process.
With ``jobs > 1`` each worker process builds its own engine from the same picklable
:class:`EngineConfig` (forked workers reuse the parent's, already loaded).

Errors never stop the run: a component that raises on one article becomes an ``error``
finding for that article (the other analyzers still run), a comparison that raises is
reported for that story.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from framing.errors import FramingError, PluginError
from framing.extensions import register_extensions
from framing.findings import analyzer_output
from framing.incremental import (
    ArticlePlan,
    analyzer_step,
    article_key,
    comparison_step,
    plan_article,
    result_key,
    step_fingerprints,
    story_key,
    summary_step,
)
from framing.models import (
    AnalyzerOutput,
    AnalyzerSpec,
    Article,
    ArticleResult,
    ComparisonOutput,
    ComparisonSpec,
    ErrorRecord,
    Finding,
    Story,
    StoryResult,
)
from framing.plugins import PluginHost, PluginOptions, load_plugins

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from framing.cache import CacheStats, DocCache, ResultCache

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class EngineConfig:
    """Everything needed to build an :class:`Engine` in any process (picklable)."""

    model: str | None = None
    plugins: PluginOptions = field(default_factory=PluginOptions)
    batch_size: int = DEFAULT_BATCH_SIZE
    #: Folder of the parsed-Doc cache (:mod:`framing.cache`); ``None`` disables it.
    cache_dir: str | None = None


def order_by_after(specs: Sequence[Any], kind: str) -> list[Any]:
    """Order specs so each runs after the names in its ``after`` (missing names are ignored)."""
    by_name = {spec.name: spec for spec in specs}
    ordered: list[Any] = []
    state: dict[str, int] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise PluginError(f"{kind}s {' -> '.join((*chain, name))} depend on each other in a cycle")
        state[name] = 1
        for dep in by_name[name].after:
            if dep in by_name:
                visit(dep, (*chain, name))
        state[name] = 2
        ordered.append(by_name[name])

    for spec in specs:
        visit(spec.name, ())
    return ordered


class Engine:
    """The per-process machinery: plugins, model and analyzer components."""

    def __init__(self, config: EngineConfig, host: PluginHost | None = None, nlp: Language | None = None):
        register_extensions()
        self.config = config
        self.host = host or load_plugins(config.plugins)
        self.setup_errors: list[ErrorRecord] = []
        self.nlp: Language = (
            nlp if nlp is not None else self.host.call_firstresult("framing_resolve_model", name=config.model)
        )
        from framing.compiled_rules import compile_rule_components

        compile_rule_components(self.nlp)  # the same annotations, faster (see framing.compiled_rules)
        self.base_pipes = list(self.nlp.pipe_names)
        self.cache: DocCache | None = None
        self.results: ResultCache | None = None
        if config.cache_dir:
            from framing.cache import DocCache, ResultCache

            self.cache = DocCache(config.cache_dir, self.nlp, self.base_pipes)
            self.results = ResultCache(config.cache_dir, self.cache.key, stats=self.cache.stats)
        self._fingerprints: dict[str, str | None] | None = None
        self.analyzers: list[AnalyzerSpec] = []
        self.components: dict[str, Callable[[Doc], Doc]] = {}
        for spec in order_by_after(list(self.host.analyzers), "analyzer"):
            if spec.factory is not None:
                try:
                    component_name = (
                        spec.factory if spec.factory not in self.nlp.pipe_names else f"{spec.factory}__{spec.name}"
                    )
                    self.components[spec.name] = self.nlp.add_pipe(
                        spec.factory, name=component_name, config=dict(spec.config)
                    )
                except Exception as exc:
                    message = " ".join(f"could not add spaCy component {spec.factory!r}: {exc}".split())
                    self.setup_errors.append(ErrorRecord("analyzer", spec.name, message))
                    if config.plugins.strict:
                        raise PluginError(f"analyzer {spec.name!r}: {message}") from exc
                    continue
            self.analyzers.append(spec)
        self.comparisons: list[ComparisonSpec] = order_by_after(list(self.host.comparisons), "comparison")

    # ----------------------------------------------------------------- parsing
    def parse(self, texts: Sequence[str]) -> list[Doc]:
        """Run the base model over ``texts`` (one ``nlp.pipe`` pass, batched).

        With a cache, cached parses are read back and only the other texts are parsed (and
        then stored).
        """
        if self.cache is None:
            return self._parse(texts)[0]
        docs: list[Doc | None] = self.cache.get_many(texts)
        missing = [i for i, doc in enumerate(docs) if doc is None]
        if missing:
            parsed, ok = self._parse([texts[i] for i in missing])
            for i, doc, good in zip(missing, parsed, ok, strict=True):
                docs[i] = doc
                if good:
                    self.cache.put(texts[i], doc)
        return docs  # type: ignore[return-value]

    def _parse(self, texts: Sequence[str]) -> tuple[list[Doc], list[bool]]:
        """Parsed docs, and for each whether the base model really ran on it."""
        with self.nlp.select_pipes(enable=self.base_pipes):
            try:
                docs = list(self.nlp.pipe(texts, batch_size=self.config.batch_size))
                return docs, [True] * len(docs)
            except Exception:
                # One text broke the batch: parse one by one so only that article fails.
                pairs = [self._parse_one(text) for text in texts]
                return [doc for doc, _ in pairs], [good for _, good in pairs]

    def _parse_one(self, text: str) -> tuple[Doc, bool]:
        try:
            return self.nlp(text), True
        except Exception:
            return self.nlp.make_doc(text), False

    def take_cache_stats(self) -> CacheStats:
        """The cache hits/misses since the last call (and reset them)."""
        from framing.cache import CacheStats

        if self.cache is None:
            return CacheStats()
        stats = self.cache.stats
        self.cache.stats = CacheStats()
        if self.results is not None:
            self.results.stats = self.cache.stats
        return stats

    # ----------------------------------------------------------------- reuse
    @property
    def fingerprints(self) -> dict[str, str | None]:
        """Every step's fingerprint (:func:`framing.incremental.step_fingerprints`), computed on
        first use after :meth:`refresh_fingerprints` (each run starts with one)."""
        if self._fingerprints is None:
            self._fingerprints = step_fingerprints(self.analyzers, self.comparisons, self.components)
        return self._fingerprints

    def refresh_fingerprints(self) -> None:
        """Forget the fingerprints, so the next batch reads settings and lexicons again."""
        self._fingerprints = None

    # ----------------------------------------------------------------- per article
    def analyze_doc(self, article: Article, doc: Doc | None, plan: ArticlePlan | None = None) -> ArticleResult:
        """Run every analyzer and per-article comparison step on a parsed Doc.

        With a ``plan`` (see :func:`framing.incremental.plan_article`) the steps it reuses are
        taken from it and only the others run (``doc`` may be ``None`` when none must run).
        """
        result, _ = self._analyze(article, doc, plan)
        return result

    def _analyze(
        self, article: Article, doc: Doc | None, plan: ArticlePlan | None
    ) -> tuple[ArticleResult, dict[str, tuple[str, Any]]]:
        """The result, and the cacheable outputs of the steps that ran (``{step: (fingerprint, output)}``)."""
        findings: list[Finding] = []
        metrics: dict[str, dict[str, Any]] = {}
        summaries: dict[str, dict[str, Any]] = {}
        errors: list[ErrorRecord] = []
        fresh: dict[str, tuple[str, Any]] = {}
        prints = self.fingerprints
        for spec in self.analyzers:
            step = analyzer_step(spec.name)
            if plan is not None and spec.name not in plan.run_analyzers:
                output: AnalyzerOutput = plan.reused[step]
            else:
                try:
                    component = self.components.get(spec.name)
                    if component is not None:
                        doc = component(doc)
                    raw = analyzer_output(spec, doc, article.id)
                except Exception as exc:
                    errors.append(ErrorRecord("analyzer", spec.name, f"{type(exc).__name__}: {exc}", article.id))
                    continue
                good, bad = _check_offsets(raw.findings, article.text)
                if bad:
                    errors.append(
                        ErrorRecord(
                            "analyzer",
                            spec.name,
                            f"{bad} finding(s) dropped: offsets do not match the text",
                            article.id,
                        )
                    )
                output = AnalyzerOutput(tuple(good), dict(raw.metrics), dict(raw.summary))
                if not bad and prints.get(step):
                    fresh[step] = (prints[step], output)
            findings.extend(output.findings)
            metrics[spec.name] = dict(output.metrics)
            if output.summary:
                summaries[spec.name] = dict(output.summary)
        for comparison in self.comparisons:
            if comparison.summarize is None:
                continue
            step = summary_step(comparison.name)
            if plan is not None and comparison.name not in plan.run_summaries:
                summaries[comparison.name] = dict(plan.reused[step])
                continue
            try:
                summaries[comparison.name] = dict(comparison.summarize(doc))
            except Exception as exc:
                errors.append(ErrorRecord("comparison", comparison.name, f"{type(exc).__name__}: {exc}", article.id))
                continue
            if prints.get(step):
                fresh[step] = (prints[step], summaries[comparison.name])
        findings.extend(error_finding(error) for error in errors)
        steps = [analyzer_step(spec.name) for spec in self.analyzers]
        steps += [summary_step(spec.name) for spec in self.comparisons if spec.summarize is not None]
        result = ArticleResult(
            article=article.meta(),
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            metrics=metrics,
            summaries=summaries,
            errors=tuple(errors),
            text=article.text,
            cache_key=result_key(article_key(article), (prints.get(step) for step in steps), not errors),
        )
        return result, fresh

    def analyze_batch(self, articles: Sequence[Article]) -> list[ArticleResult]:
        """Parse and analyse a batch; with a cache, reuse every step it holds and parse only the
        articles that still have a step to run."""
        if self.results is None:
            docs = self.parse([article.analysis_text for article in articles])
            return [self.analyze_doc(article, doc) for article, doc in zip(articles, docs, strict=True)]
        keys = [article_key(article) for article in articles]
        stored = [self.results.get_article(key) for key in keys]
        plans = [plan_article(self.analyzers, self.comparisons, self.fingerprints, entries) for entries in stored]
        todo = [i for i, plan in enumerate(plans) if plan.needs_doc]
        docs: dict[int, Doc] = dict(zip(todo, self.parse([articles[i].analysis_text for i in todo]), strict=True))
        results = []
        stats = self.results.stats
        for i, article in enumerate(articles):
            plan = plans[i]
            result, fresh = self._analyze(article, docs.get(i), plan)
            stats.steps_reused += len(plan.reused)
            stats.steps_run += len(plan.run_analyzers) + len(plan.run_summaries)
            stats.articles_reused += not plan.needs_doc
            if fresh:
                self.results.put_article(keys[i], {**stored[i], **fresh})
            results.append(result)
        return results

    # ----------------------------------------------------------------- per story
    def compare_story(self, story: Story) -> StoryResult:
        """Run every comparison on one story, in dependency order, isolating failures; with a
        cache, reuse the outputs stored for the same articles and fingerprints."""
        key = story_key(story) if self.results is not None else None
        stored = self.results.get_story(key) if (self.results is not None and key) else {}
        prints = self.fingerprints
        outputs: dict[str, ComparisonOutput] = {}
        errors: list[ErrorRecord] = []
        fresh: dict[str, tuple[str, Any]] = {}
        texts = {result.article.id: result.text for result in story.articles}
        for spec in self.comparisons:
            step = comparison_step(spec.name)
            entry = stored.get(step)
            if entry is not None and prints.get(step) is not None and entry[0] == prints[step]:
                outputs[spec.name] = entry[1]
                continue
            earlier = {name: outputs[name] for name in spec.after if name in outputs}
            try:
                output = spec.compare(story, earlier)
            except Exception as exc:
                errors.append(ErrorRecord("comparison", spec.name, f"{type(exc).__name__}: {exc}", story.id or None))
                continue
            good: list[Finding] = []
            dropped = False
            for finding in output.findings:
                text = texts.get(finding.article)
                if finding.start is not None and (text is None or text[finding.start : finding.end] != finding.text):
                    errors.append(
                        ErrorRecord(
                            "comparison", spec.name, "finding dropped: offsets do not match the text", finding.article
                        )
                    )
                    dropped = True
                    continue
                good.append(finding if finding.analyzer else replace(finding, analyzer=spec.name))
            outputs[spec.name] = ComparisonOutput(
                findings=good, metrics=output.metrics, tables=output.tables, data=output.data
            )
            if key and not dropped and prints.get(step):
                fresh[step] = (prints[step], outputs[spec.name])
        if self.results is not None:
            if key and fresh:
                self.results.put_story(key, {**stored, **fresh})
            if key and not fresh and not errors:
                self.results.stats.stories_reused += 1
            else:
                self.results.stats.stories_run += 1
        steps = [comparison_step(spec.name) for spec in self.comparisons]
        cache_key = result_key(key, (prints.get(step) for step in steps), not errors) if key else None
        return StoryResult(story=story, comparisons=outputs, errors=tuple(errors), cache_key=cache_key)


def _check_offsets(findings: Iterable[Finding], text: str) -> tuple[list[Finding], int]:
    good, bad = [], 0
    for finding in findings:
        if finding.start is not None and (finding.end is None or text[finding.start : finding.end] != finding.text):
            bad += 1
        else:
            good.append(finding)
    return good, bad


def error_finding(error: ErrorRecord) -> Finding:
    """An analyzer or comparison failure as a contract finding (kind ``error``)."""
    return Finding(
        article=error.article or "",
        analyzer=error.source,
        kind="error",
        start=None,
        end=None,
        text=error.message,
        attrs={"stage": error.stage},
    )


# --------------------------------------------------------------------------- processes

_WORKER_ENGINE: Engine | None = None


def _init_worker(config: EngineConfig) -> None:
    global _WORKER_ENGINE
    if _WORKER_ENGINE is None or _WORKER_ENGINE.config != config:
        _WORKER_ENGINE = Engine(config)
    _WORKER_ENGINE.take_cache_stats()  # forget counts inherited from the parent


def _worker_batch(articles: Sequence[Article]) -> tuple[list[ArticleResult], CacheStats]:
    assert _WORKER_ENGINE is not None
    results = _WORKER_ENGINE.analyze_batch(articles)
    return results, _WORKER_ENGINE.take_cache_stats()


def batched(items: Iterable[Any], size: int, workers: int = 1) -> Iterator[list[Any]]:
    """``items`` in lists of ``size``, read lazily.

    With ``workers > 1`` the last items go out in shrinking batches, so that the workers finish
    together instead of one parsing a whole last batch while the others wait: up to
    ``2 * workers * size`` items are read ahead, and once the input is exhausted each batch
    takes ``1 / (2 * workers)`` of what is left (at least one item, at most ``size``).
    """
    reserve = 2 * workers * size if workers > 1 else 0
    pending: deque[Any] = deque()
    for item in items:
        pending.append(item)
        if len(pending) >= reserve + size:
            yield [pending.popleft() for _ in range(size)]
    while pending:
        share = size if workers <= 1 else max(1, min(size, -(-len(pending) // (2 * workers))))
        yield [pending.popleft() for _ in range(min(share, len(pending)))]


def available_cpus() -> int:
    """CPUs this process may run on (honours affinity masks and container CPU sets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def default_jobs(articles: int | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """The ``--jobs`` default: one worker per available CPU, at most 4, and a single process
    when the input fits in two batches (forking workers would cost more than it saves)."""
    if articles is not None and articles <= 2 * batch_size:
        return 1
    return min(4, available_cpus())


def analyze_articles(
    engine: Engine,
    articles: Iterable[Article],
    jobs: int = 1,
    on_result: Callable[[ArticleResult], None] | None = None,
    window: int | None = None,
) -> Iterator[ArticleResult]:
    """Analyse ``articles`` in batches, in order, yielding one result per article.

    Articles are read lazily: at most ``window`` batches (default ``2 * jobs``) are in flight,
    so memory is bounded by the batch size, not by the corpus size.

    With ``jobs > 1`` batches go to a pool of forked worker processes, each holding an
    engine (the parent's, inherited through fork, when the configuration matches); each worker
    parses and analyses its batch and sends back compact :class:`ArticleResult` objects (no
    Docs), so the analyzers run in parallel too (unlike ``nlp.pipe(n_process=N)``, which sends
    every Doc back to one process). A worker that dies (killed, out of memory) loses nothing
    but, at worst, the article it died on: the batches in flight run again, each alone in a
    worker of its own; a batch that kills that one too runs article by article, and an article
    that kills its worker even alone comes back as an ``error`` finding (:func:`lost_article`).
    """
    batches = batched(articles, engine.config.batch_size, jobs)
    if jobs <= 1:
        for batch in batches:
            results = engine.analyze_batch(batch)
            if on_result:
                for result in results:
                    on_result(result)
            yield from results
        return
    from framing.parallel import LOST, OrderedPool

    global _WORKER_ENGINE
    _WORKER_ENGINE = engine  # inherited by forked workers: no second model load
    window = max(1, window or 2 * jobs)

    def collect(pool: OrderedPool[list[Article], Any]) -> list[ArticleResult]:
        batch, outcome = pool.next()
        if outcome is LOST:  # it kills any worker: one article at a time finds which
            outcome = one_by_one(batch, pool.run_alone)
        results, stats = outcome
        if engine.cache is not None:
            engine.cache.stats.add(stats)
        if on_result:
            for result in results:
                on_result(result)
        return results

    with OrderedPool(_worker_batch, jobs, _init_worker, (engine.config,)) as pool:
        for batch in batches:
            pool.submit(batch)
            if len(pool) >= window:
                yield from collect(pool)
        while len(pool):
            yield from collect(pool)


def one_by_one(
    batch: Sequence[Article], run_alone: Callable[[list[Article]], Any]
) -> tuple[list[ArticleResult], CacheStats]:
    """A batch whose worker died each time, re-run article by article to find the one that kills.

    ``run_alone([article])`` runs one article in a worker and gives ``(results, cache stats)``,
    or :data:`framing.parallel.LOST` when that worker died too: the article then comes back as
    :func:`lost_article` and the others are analysed as usual. Used by the local pool and by the
    Dask runner.
    """
    from framing.cache import CacheStats
    from framing.parallel import LOST

    results: list[ArticleResult] = []
    stats = CacheStats()
    for article in batch:
        alone = run_alone([article])
        if alone is LOST:
            results.append(lost_article(article))
            continue
        results.extend(alone[0])
        stats.add(alone[1])
    return results, stats


def lost_article(article: Article) -> ArticleResult:
    """The result for an article whose worker process died each time it was analysed (killed,
    out of memory): no analysis, one ``error`` finding; the run goes on."""
    error = ErrorRecord(
        "analyzer",
        "worker",
        "the worker process analysing this article died (killed, or out of memory?); it was not analysed",
        article.id,
    )
    return ArticleResult(article=article.meta(), findings=(error_finding(error),), errors=(error,), text=article.text)


def group_stories(results: Iterable[ArticleResult]) -> list[Story]:
    """Group article results by story id, in first-seen order."""
    groups: dict[str, list[ArticleResult]] = {}
    for result in results:
        groups.setdefault(result.article.story, []).append(result)
    return [Story(id=story_id, articles=tuple(items)) for story_id, items in groups.items()]


@dataclass
class Timer:
    """Wall-clock seconds per stage, for provenance and benchmarks."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = round(self.stages.get(stage, 0.0) + seconds, 3)

    def __call__(self, stage: str) -> _Stage:
        return _Stage(self, stage)


class _Stage:
    def __init__(self, timer: Timer, stage: str):
        self.timer, self.stage = timer, stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timer.add(self.stage, time.perf_counter() - self.start)


__all__ = [
    "Engine",
    "EngineConfig",
    "FramingError",
    "analyze_articles",
    "default_jobs",
    "group_stories",
    "order_by_after",
]
