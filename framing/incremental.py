"""What a run can take from the result cache instead of computing it again.

A run is a chain of *steps*: on every article each analyzer (``analyzer:NAME``) and each
comparison's per-article summary (``summary:NAME``), then on every story each comparison
(``comparison:NAME``). A step's output depends on its input (the article's text, or the
story's article results) and on its **fingerprint** (:func:`step_fingerprints`): name,
version, config, ``fingerprint()``, the component's ``cache_fingerprint()`` and the
fingerprints of the steps it reads. Steps without a version have no fingerprint and always run.

For one article, :func:`plan_article` says which steps can be reused and which must run: a
step whose stored fingerprint is the current one is reused; the others run, together with the
analyzers they read from the Doc (``after`` for analyzers, ``reads`` for summaries), so a
changed lexicon re-runs the loaded-terms analyzer and what depends on it, nothing else. When
nothing must run, the article is not even parsed (or read from the Doc cache).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from framing.cache import text_hash
from framing.fingerprint import digest
from framing.models import AnalyzerSpec, Article, ArticleResult, ComparisonSpec, Story

#: Environment variables that change what framing's plugins do are part of every fingerprint.
ENV_PREFIX = "FRAMING_"


def analyzer_step(name: str) -> str:
    return f"analyzer:{name}"


def summary_step(name: str) -> str:
    return f"summary:{name}"


def comparison_step(name: str) -> str:
    return f"comparison:{name}"


def _call(fn: Any) -> Any:
    """``fn()`` for a fingerprint callable; a failure makes the step uncacheable (``...``)."""
    try:
        return fn()
    except Exception:
        return ...


def framing_environment() -> dict[str, str]:
    return {key: value for key, value in sorted(os.environ.items()) if key.startswith(ENV_PREFIX)}


def step_fingerprints(
    analyzers: Sequence[AnalyzerSpec],
    comparisons: Sequence[ComparisonSpec],
    components: Mapping[str, Any],
) -> dict[str, str | None]:
    """The fingerprint of every step of a run (``None``: never cached).

    ``analyzers`` and ``comparisons`` are in run order (dependencies first); ``components``
    maps analyzer names to their spaCy components. Computed once per engine.
    """
    environment = framing_environment()
    prints: dict[str, str | None] = {}
    names = [spec.name for spec in analyzers]
    for spec in analyzers:
        deps = [prints[analyzer_step(name)] for name in spec.after if name in names]
        component = components.get(spec.name)
        parts = [
            "analyzer",
            spec.name,
            spec.version,
            spec.factory,
            dict(spec.config),
            _call(spec.fingerprint) if spec.fingerprint else None,
            _call(component.cache_fingerprint) if hasattr(component, "cache_fingerprint") else None,
            deps,
            environment,
        ]
        prints[analyzer_step(spec.name)] = (
            None if spec.version is None or None in deps or ... in parts else digest(*parts)
        )
    for spec in comparisons:
        extra = _call(spec.fingerprint) if spec.fingerprint else None
        if spec.summarize is not None:
            reads = names if spec.reads is None else [name for name in spec.reads if name in names]
            deps = [prints[analyzer_step(name)] for name in reads]
            parts = ["summary", spec.name, spec.version, extra, deps, environment]
            prints[summary_step(spec.name)] = (
                None if spec.version is None or None in deps or ... in parts else digest(*parts)
            )
        earlier = [prints[comparison_step(name)] for name in spec.after if comparison_step(name) in prints]
        parts = ["comparison", spec.name, spec.version, extra, earlier, environment]
        prints[comparison_step(spec.name)] = (
            None if spec.version is None or None in earlier or ... in parts else digest(*parts)
        )
    return prints


def article_key(article: Article) -> str:
    """What an article's per-article results depend on besides the steps: its id (findings
    carry it) and the analysed text (the whole text, where the analysis ends, masked regions)."""
    return digest(text_hash(article.text), article.analysis_end, list(article.masked), article.id)


@dataclass(frozen=True)
class ArticlePlan:
    """What to do for one article: reuse ``reused`` (step -> output), run the components of
    ``run_analyzers`` (in run order) and the summaries ``run_summaries``."""

    reused: Mapping[str, Any]
    run_analyzers: frozenset[str]
    run_summaries: frozenset[str]

    @property
    def needs_doc(self) -> bool:
        return bool(self.run_analyzers or self.run_summaries)


def plan_article(
    analyzers: Sequence[AnalyzerSpec],
    comparisons: Sequence[ComparisonSpec],
    fingerprints: Mapping[str, str | None],
    stored: Mapping[str, tuple[str, Any]],
) -> ArticlePlan:
    """Which steps of one article can be taken from ``stored`` (``{step: (fingerprint, output)}``)."""
    reused: dict[str, Any] = {}
    for step, (fingerprint, output) in stored.items():
        if fingerprint is not None and fingerprints.get(step) == fingerprint:
            reused[step] = output
    names = [spec.name for spec in analyzers]
    run_summaries = {
        spec.name for spec in comparisons if spec.summarize is not None and summary_step(spec.name) not in reused
    }
    needed = {name for name in names if analyzer_step(name) not in reused}
    for spec in comparisons:
        if spec.name in run_summaries:
            needed.update(names if spec.reads is None else (name for name in spec.reads if name in names))
    by_name = {spec.name: spec for spec in analyzers}
    pending = list(needed)
    while pending:  # what a running analyzer reads from the Doc must be on it
        for dep in by_name[pending.pop()].after:
            if dep in by_name and dep not in needed:
                needed.add(dep)
                pending.append(dep)
    return ArticlePlan(reused, frozenset(needed), frozenset(run_summaries))


def result_key(key: str, fingerprints: Iterable[str | None], clean: bool) -> str | None:
    """The ``cache_key`` of a result computed under ``fingerprints``: ``None`` when a step is not
    cacheable or something failed (``clean`` false), so nothing downstream is cached on it."""
    prints = list(fingerprints)
    if not clean or None in prints:
        return None
    return digest(key, prints)


def story_key(story: Story) -> str | None:
    """What a story's comparisons depend on besides their fingerprints: the story id and, per
    article, its metadata and ``cache_key``; ``None`` when an article's result is not cacheable."""
    articles: list[ArticleResult] = list(story.articles)
    if not articles or any(result.cache_key is None for result in articles):
        return None
    return digest(story.id, [[asdict(result.article), result.cache_key] for result in articles])
