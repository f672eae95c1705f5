"""Value objects that flow through a run: articles in, findings and results out.

Everything here is a frozen dataclass of plain Python values, so results pickle across
processes (``--jobs``, Dask) and never hold spaCy objects.

The flow is one way::

    Article  --(spaCy + analyzers)-->  ArticleResult  --(comparisons per story)-->  StoryResult
                                                                                      |
                                       RunResult (articles, stories, provenance) <----+
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.tokens import Doc

#: Contract kinds read by the benchmarks (see README, "Output contract").
CONTRACT_KINDS = {
    "attribution": ("quote",),
    "hedging": ("hedge", "booster"),
    "loaded_terms": ("loaded_term",),
    "actor_sentiment": ("actor",),
    "omission": ("omission",),
}


@dataclass(frozen=True)
class Article:
    """One article as loaded from disk.

    Attributes:
        id: the article's path relative to the input folder, without its suffix
            (``000_f7c3cfa93856238a``, ``story-a/fox``). For ``.jsonl`` files holding
            several records, ``path-without-suffix#N`` unless the record has an ``id``.
        text: the article text exactly as decoded from the file (for ``.html`` the
            extracted main text, for ``.json``/``.jsonl`` the ``text`` field). Finding
            offsets index into this string.
        analysis_end: analysis covers ``text[:analysis_end]``; trailing page furniture
            (related-story lists, comment notices) lies beyond it and is not analysed.
        story: the story (event) this article belongs to: its sub-folder, a ``story``
            metadata field, or ``""`` for a folder with no grouping.
        masked: ``(start, end)`` regions not analysed (e.g. Markdown front matter); they are
            blanked with spaces in :attr:`analysis_text`, so offsets stay file offsets.
    """

    id: str
    text: str
    path: str = ""
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    story: str = ""
    analysis_end: int | None = None
    masked: tuple[tuple[int, int], ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def analysis_text(self) -> str:
        """The text that is analysed: a prefix of ``text`` of the same length up to
        ``analysis_end``, with masked regions blanked (newlines kept), so every offset into
        it is an offset into ``text``."""
        text = self.text if self.analysis_end is None else self.text[: self.analysis_end]
        for start, end in self.masked:
            blank = "".join(ch if ch == "\n" else " " for ch in text[start:end])
            text = text[:start] + blank + text[end:]
        return text

    def meta(self) -> ArticleMeta:
        """The article without its text, for results and reports."""
        analysis = self.analysis_text
        return ArticleMeta(
            id=self.id,
            path=self.path,
            title=self.title,
            outlet=self.outlet,
            date=self.date,
            url=self.url,
            story=self.story,
            words=count_words(analysis),
            chars=len(self.text),
            analysis_end=len(analysis),
            trimmed_chars=len(self.text) - len(analysis),
        )


@dataclass(frozen=True)
class ArticleMeta:
    """An article's metadata and size, without its text."""

    id: str
    path: str = ""
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    story: str = ""
    words: int = 0
    chars: int = 0
    analysis_end: int = 0
    trimmed_chars: int = 0


@dataclass(frozen=True)
class Finding:
    """One line of ``findings.jsonl`` (the output contract).

    ``start``/``end`` are character offsets into :attr:`Article.text`, so for span
    findings ``article.text[start:end] == text``. Non-span findings (an omission, an
    actor summary, an error) have ``start = end = None``.
    """

    article: str
    analyzer: str
    kind: str
    start: int | None
    end: int | None
    text: str
    label: str | None = None
    score: float | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object, with keys in contract order."""
        score = self.score
        if score is not None and (math.isnan(score) or math.isinf(score)):
            score = None
        return {
            "article": self.article,
            "analyzer": self.analyzer,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "score": score,
            "attrs": dict(self.attrs),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Build a finding from a contract JSON object."""
        return cls(
            article=data["article"],
            analyzer=data["analyzer"],
            kind=data["kind"],
            start=data.get("start"),
            end=data.get("end"),
            text=data.get("text", ""),
            label=data.get("label"),
            score=data.get("score"),
            attrs=dict(data.get("attrs") or {}),
        )

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: article, analyzer, position, kind, text."""
        return (
            self.article,
            self.analyzer,
            -1 if self.start is None else self.start,
            -1 if self.end is None else self.end,
            self.kind,
            self.text,
            self.label or "",
        )


@dataclass(frozen=True)
class AnalyzerOutput:
    """What one analyzer reports for one article.

    Attributes:
        findings: contract findings (the ``article`` and ``analyzer`` fields are filled in
            by the engine if left empty).
        metrics: headline numbers for ``articles.csv`` (flat ``name -> number``; rates per
            1,000 words are named ``*_per_1k``). Columns become ``<analyzer>.<name>``.
        summary: compact JSON-safe data for corpus-level comparisons (e.g. the actors of an
            article with their mentions). Never spaCy objects.
    """

    findings: Sequence[Finding] = ()
    metrics: Mapping[str, float | int | str | None] = field(default_factory=dict)
    summary: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ErrorRecord:
    """Something that went wrong without stopping the run."""

    stage: str  # "load", "plugin", "analyzer", "comparison", "report"
    source: str  # file path, plugin name or analyzer name
    message: str
    article: str | None = None

    def one_line(self) -> str:
        """The message shown on stderr, one line."""
        where = f"{self.source}" + (f" [{self.article}]" if self.article else "")
        return f"{self.stage} error: {where}: {self.message}".replace("\n", " ")


@dataclass(frozen=True)
class ArticleResult:
    """Everything the per-article stage produced for one article."""

    article: ArticleMeta
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    summaries: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    errors: tuple[ErrorRecord, ...] = ()
    text: str = ""  # the article text, kept for reports (evidence highlighting)
    #: What this result depends on (text, id, every analyzer and summary fingerprint), when all
    #: of it is cacheable and no step failed; ``None`` otherwise. Comparisons are cached per story
    #: under the keys of its articles (see :mod:`framing.cache`).
    cache_key: str | None = None


@dataclass(frozen=True)
class ComparisonOutput:
    """What one corpus-level comparison reports for one story.

    Attributes:
        findings: contract findings, each naming its article.
        metrics: per-article headline numbers, ``article id -> {name: number}``.
        tables: named tidy tables (lists of flat records) for reports and charts, e.g.
            ``"actor_matrix"`` or ``"fact_coverage"``.
        data: anything else JSON-safe that later comparisons may read (e.g. the merged
            actors that the labels comparison uses).
    """

    findings: Sequence[Finding] = ()
    metrics: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    tables: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Story:
    """The articles of one story, as comparisons see them (no Docs)."""

    id: str
    articles: tuple[ArticleResult, ...]

    @property
    def article_ids(self) -> list[str]:
        return [result.article.id for result in self.articles]


@dataclass(frozen=True)
class StoryResult:
    """A story with the output of every comparison, keyed by comparison name."""

    story: Story
    comparisons: Mapping[str, ComparisonOutput] = field(default_factory=dict)
    errors: tuple[ErrorRecord, ...] = ()
    #: What the comparisons depended on (the articles' ``cache_key`` and metadata, every
    #: comparison fingerprint); ``None`` when not cacheable. Charts are cached under it.
    cache_key: str | None = None


@dataclass(frozen=True)
class RunResult:
    """A whole run, as report renderers see it."""

    articles: tuple[ArticleResult, ...]
    stories: tuple[StoryResult, ...]
    errors: tuple[ErrorRecord, ...] = ()
    skipped: tuple[ErrorRecord, ...] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def all_findings(self) -> list[Finding]:
        """Every finding of the run (articles first, then comparisons), sorted."""
        findings = [f for result in self.articles for f in result.findings]
        for story in self.stories:
            for output in story.comparisons.values():
                findings.extend(output.findings)
        order = {result.article.id: i for i, result in enumerate(self.articles)}
        return sorted(findings, key=lambda f: (order.get(f.article, len(order)), *f.sort_key()))


# --------------------------------------------------------------------------------------
# Specs that plugins register (see hookspecs.py)
# --------------------------------------------------------------------------------------

ExtractFn = Callable[["Doc"], AnalyzerOutput]


@dataclass(frozen=True)
class AnalyzerSpec:
    """A per-article analyzer, registered by ``framing_register_analyzers``.

    Attributes:
        name: short name used in findings (``analyzer`` field), ``--disable`` and metrics.
        factory: the spaCy factory that adds the component (``"framing_hedging"``), or
            ``None`` for an analyzer that only reads the parse in ``extract``.
        extract: turns a processed Doc into an :class:`AnalyzerOutput`. Defaults to
            reading the convention every built-in follows: the component stores
            ``{"findings": [...], "metrics": {...}, "summary": {...}}`` in
            ``doc._.<factory>`` (see :mod:`framing.extensions`).
        config: passed to ``nlp.add_pipe(factory, config=...)``.
        after: names of analyzers that must run before this one (their results are on the
            Doc when this one runs).
        description: one line for ``framing plugins`` and the report.
        version: the version of the analyzer's output. When set, framing caches its results per
            article (``OUT/.cache``, see ``docs/scale.md``) under a fingerprint of the name, the
            version, ``config``, ``fingerprint()``, the component's ``cache_fingerprint()`` (if
            it has one) and the analyzers it runs ``after``; bump it whenever the same Doc would
            give other results. ``None`` (the default): never cached, run on every article of
            every run. Built-in analyzers are versioned by the content of the framing package.
        fingerprint: optional callable returning what else the output depends on (module
            settings, environment variables, data files), as JSON-able data; called once per run.
    """

    name: str
    factory: str | None = None
    extract: ExtractFn | None = None
    config: Mapping[str, Any] = field(default_factory=dict)
    after: tuple[str, ...] = ()
    description: str = ""
    version: str | None = None
    fingerprint: Callable[[], Any] | None = None


CompareFn = Callable[[Story, Mapping[str, ComparisonOutput]], ComparisonOutput]


@dataclass(frozen=True)
class ComparisonSpec:
    """A corpus-level comparison, registered by ``framing_register_comparisons``.

    Attributes:
        name: short name used in findings and ``--disable``.
        compare: ``compare(story, earlier)`` returns a :class:`ComparisonOutput`;
            ``earlier`` maps the names of comparisons already run on this story to their
            outputs (see ``after``).
        summarize: optional per-article step, run right after the analyzers on the Doc
            (in the worker process), returning compact JSON-safe data stored in
            ``ArticleResult.summaries[name]``; ``compare`` reads it from there.
        after: names of comparisons whose output ``compare`` reads.
        description: one line for ``framing plugins`` and the report.
        version: the version of the comparison's output; when set, ``summarize`` results are
            cached per article and ``compare`` results per story (see :class:`AnalyzerSpec`).
            ``None`` (the default): never cached.
        reads: names of the analyzers whose results ``summarize`` reads from the Doc (it then
            depends on their fingerprints only); ``None`` (the default): all of them.
        fingerprint: optional callable returning what else the output depends on (module
            settings, environment variables), as JSON-able data; called once per run.
    """

    name: str
    compare: CompareFn
    summarize: Callable[[Doc], Mapping[str, Any]] | None = None
    after: tuple[str, ...] = ()
    description: str = ""
    version: str | None = None
    reads: tuple[str, ...] | None = None
    fingerprint: Callable[[], Any] | None = None


#: A counted word: a run of non-space characters with a letter or digit (``[^\W_]`` is exactly
#: ``str.isalnum``), matched in one pass in C.
_WORD = re.compile(r"(?:[^\w\s]|_)*[^\W_]\S*")


def count_words(text: str) -> int:
    """Word count used for every per-1,000-words rate: the whitespace-separated tokens that
    contain a letter or digit (``sum(any(c.isalnum() for c in t) for t in text.split())``)."""
    return len(_WORD.findall(text))


def per_thousand(count: float, words: int) -> float:
    """``count`` per 1,000 words, rounded to 3 decimals (0 for an empty article)."""
    return round(1000.0 * count / words, 3) if words else 0.0
