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

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from framing.errors import FramingError, PluginError
from framing.extensions import register_extensions
from framing.findings import analyzer_output
from framing.models import (
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

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class EngineConfig:
    """Everything needed to build an :class:`Engine` in any process (picklable)."""

    model: str | None = None
    plugins: PluginOptions = field(default_factory=PluginOptions)
    batch_size: int = DEFAULT_BATCH_SIZE


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
        self.base_pipes = list(self.nlp.pipe_names)
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
        """Run the base model over ``texts`` (one ``nlp.pipe`` pass, batched)."""
        with self.nlp.select_pipes(enable=self.base_pipes):
            try:
                return list(self.nlp.pipe(texts, batch_size=self.config.batch_size))
            except Exception:
                # One text broke the batch: parse one by one so only that article fails.
                return [self._parse_one(text) for text in texts]

    def _parse_one(self, text: str) -> Doc:
        try:
            return self.nlp(text)
        except Exception:
            return self.nlp.make_doc(text)

    # ----------------------------------------------------------------- per article
    def analyze_doc(self, article: Article, doc: Doc) -> ArticleResult:
        """Run every analyzer and per-article comparison step on a parsed Doc."""
        findings: list[Finding] = []
        metrics: dict[str, dict[str, Any]] = {}
        summaries: dict[str, dict[str, Any]] = {}
        errors: list[ErrorRecord] = []
        for spec in self.analyzers:
            try:
                component = self.components.get(spec.name)
                if component is not None:
                    doc = component(doc)
                output = analyzer_output(spec, doc, article.id)
                good, bad = _check_offsets(output.findings, article.text)
                if bad:
                    errors.append(
                        ErrorRecord(
                            "analyzer",
                            spec.name,
                            f"{bad} finding(s) dropped: offsets do not match the text",
                            article.id,
                        )
                    )
                findings.extend(good)
                metrics[spec.name] = dict(output.metrics)
                if output.summary:
                    summaries[spec.name] = dict(output.summary)
            except Exception as exc:
                errors.append(ErrorRecord("analyzer", spec.name, f"{type(exc).__name__}: {exc}", article.id))
        for comparison in self.comparisons:
            if comparison.summarize is None:
                continue
            try:
                summaries[comparison.name] = dict(comparison.summarize(doc))
            except Exception as exc:
                errors.append(ErrorRecord("comparison", comparison.name, f"{type(exc).__name__}: {exc}", article.id))
        findings.extend(error_finding(error) for error in errors)
        return ArticleResult(
            article=article.meta(),
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            metrics=metrics,
            summaries=summaries,
            errors=tuple(errors),
            text=article.text,
        )

    def analyze_batch(self, articles: Sequence[Article]) -> list[ArticleResult]:
        docs = self.parse([article.analysis_text for article in articles])
        return [self.analyze_doc(article, doc) for article, doc in zip(articles, docs, strict=True)]

    # ----------------------------------------------------------------- per story
    def compare_story(self, story: Story) -> StoryResult:
        """Run every comparison on one story, in dependency order, isolating failures."""
        outputs: dict[str, ComparisonOutput] = {}
        errors: list[ErrorRecord] = []
        for spec in self.comparisons:
            earlier = {name: outputs[name] for name in spec.after if name in outputs}
            try:
                output = spec.compare(story, earlier)
            except Exception as exc:
                errors.append(ErrorRecord("comparison", spec.name, f"{type(exc).__name__}: {exc}", story.id or None))
                continue
            texts = {result.article.id: result.text for result in story.articles}
            good: list[Finding] = []
            for finding in output.findings:
                text = texts.get(finding.article)
                if finding.start is not None and (text is None or text[finding.start : finding.end] != finding.text):
                    errors.append(
                        ErrorRecord(
                            "comparison", spec.name, "finding dropped: offsets do not match the text", finding.article
                        )
                    )
                    continue
                good.append(finding if finding.analyzer else _with_analyzer(finding, spec.name))
            outputs[spec.name] = ComparisonOutput(
                findings=good, metrics=output.metrics, tables=output.tables, data=output.data
            )
        return StoryResult(story=story, comparisons=outputs, errors=tuple(errors))


def _with_analyzer(finding: Finding, name: str) -> Finding:
    return Finding(
        finding.article,
        name,
        finding.kind,
        finding.start,
        finding.end,
        finding.text,
        finding.label,
        finding.score,
        finding.attrs,
    )


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


def _worker_batch(articles: Sequence[Article]) -> list[ArticleResult]:
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.analyze_batch(articles)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_jobs() -> int:
    """One worker per core, at most 4 (each loads its own copy of the model)."""
    return max(1, min(4, os.cpu_count() or 1))


def analyze_articles(
    engine: Engine, articles: Iterable[Article], jobs: int = 1, on_result: Callable[[ArticleResult], None] | None = None
) -> Iterator[ArticleResult]:
    """Analyse ``articles`` in batches, in order, yielding one result per article.

    With ``jobs > 1`` batches go to a pool of forked worker processes, each holding an
    engine (the parent's, inherited through fork, when the configuration matches).
    """
    batches = batched(articles, engine.config.batch_size)
    if jobs <= 1:
        for batch in batches:
            yield from engine.analyze_batch(batch)
        return
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine  # inherited by forked workers: no second model load
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_init_worker, initargs=(engine.config,)) as pool:
        for results in pool.imap(_worker_batch, batches):
            yield from results


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


__all__ = ["Engine", "EngineConfig", "FramingError", "analyze_articles", "group_stories", "order_by_after"]
