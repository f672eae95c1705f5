"""The report model: everything a renderer shows, as plain data (no spaCy objects).

:func:`build_report` turns a :class:`~framing.models.RunResult` into a :class:`Report`:

- one :class:`StoryReport` per story, holding its articles (:class:`ArticleView`), tidy
  tables (``story.tables``, the records the charts draw from), pivot tables
  (:class:`Pivot`: a row per actor/speaker/fact/referent, a column per article, every cell
  carrying the :class:`Evidence` behind its number), a generated summary of how the
  articles differ, the charts and the highlighted texts;
- extra sections from plugins (``framing_register_report_sections``);
- the run's provenance and problems.

Charts come from ``framing_register_charts``: each ``ChartSpec.draw(story, figure)`` is called
once per story with the :class:`StoryReport` (``story.report`` is the whole report) and a
``matplotlib.figure.Figure``. A chart that raises is recorded (``ErrorRecord`` stage
``"report"``) and left out; one that returns ``False`` or raises ``NoData`` is skipped.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import NoData
from framing.fingerprint import digest
from framing.models import ArticleResult, ErrorRecord, Finding, RunResult, StoryResult, count_words, per_thousand
from framing.plugins import PluginHost
from framing.registry import ChartSpec, Section

if TYPE_CHECKING:  # pragma: no cover
    from framing.cache import ChartCache
    from framing.viz.style import TextCache

#: Highlighted full texts are shown for at most this many articles per report.
MAX_FULL_TEXTS = 50
#: Rows shown in the pivot tables and charts.
MAX_ACTORS = 15
MAX_SPEAKERS = 8
MAX_FACTS = 30
MAX_REFERENTS = 12
#: Evidence items listed under one number.
MAX_EVIDENCE = 25

UNATTRIBUTED = "(unattributed)"

#: Human names of the built-in analyzers and finding kinds (others are shown as they are).
ANALYZER_NAMES = {
    "attribution": "Attribution (quotes)",
    "hedging": "Hedging & boosting",
    "loaded_terms": "Loaded terms",
    "actor_sentiment": "Actors",
    "labels": "Labels",
    "omission": "Facts (omission)",
}
KIND_NAMES = {
    "quote": "Quote",
    "hedge": "Hedge",
    "booster": "Booster",
    "loaded_term": "Loaded term",
    "actor_mention": "Actor mention",
    "label": "Label",
    "fact": "Fact",
}
#: attrs shown first in a highlight's explanation (then any other scalar attrs).
TIP_ATTRS = (
    "speaker",
    "speaker_type",
    "cue",
    "type",
    "verb_class",
    "category",
    "lexicon",
    "cue_type",
    "actor",
    "role",
    "voice",
    "sentiment",
    "referent",
    "label",
    "connotation",
    "polarity",
    "negated",
    "source",
)
#: Highlights are layered with the longest spans outside; these analyzers come first on ties.
LAYER_ORDER = {"omission": 0, "attribution": 1, "actor_sentiment": 2, "labels": 3, "loaded_terms": 4, "hedging": 5}


# --------------------------------------------------------------------------------------
# Value objects
# --------------------------------------------------------------------------------------


@dataclass
class Evidence:
    """One piece of text a number rests on; ``anchor`` is the id of its highlight (if shown)."""

    article: str  # article label, e.g. "A2"
    text: str
    anchor: str | None = None
    note: str = ""


@dataclass
class Cell:
    """A pivot-table cell: its text, a CSS class and the evidence behind it."""

    text: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    cls: str = ""
    title: str = ""
    value: float | None = None


@dataclass
class PivotRow:
    head: str
    cells: list[Cell]
    note: str = ""


@dataclass
class Pivot:
    """A table with one row per thing (actor, speaker, fact...) and one column per article."""

    name: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[PivotRow]
    caption: str = ""
    note: str = ""


@dataclass
class ArticleView:
    """An article as the report shows it."""

    id: str
    label: str  # "A1", "A2" ... (in run order)
    title: str
    outlet: str
    date: str
    url: str
    words: int
    story: str
    counts: dict[str, int] = field(default_factory=dict)
    top_speaker: str = ""
    top_speaker_words: int = 0
    top_speaker_anchor: str | None = None
    omitted: list[str] = field(default_factory=list)
    unique: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Outlet when known, else the title, else the id."""
        return self.outlet or self.title or self.id

    @property
    def short(self) -> str:
        """A short axis label: ``A1`` plus the outlet when known."""
        return f"{self.label} {self.outlet}".strip()


@dataclass(frozen=True)
class Layer:
    """One finding covering a text segment (segments nest one layer per finding; the segments
    after a finding's first share one ``Layer``, hence frozen)."""

    analyzer: str
    kind: str
    css: str
    tip: str
    anchor: str | None = None  # set on the first segment of the finding only


@dataclass
class Segment:
    text: str
    layers: list[Layer] = field(default_factory=list)


@dataclass
class TextView:
    """An article's text cut into segments, each with the findings covering it."""

    article: ArticleView
    segments: list[Segment]
    legend: list[dict[str, Any]]  # {"analyzer", "css", "name", "count"}
    trimmed_chars: int = 0


@dataclass
class ChartView:
    name: str
    title: str
    description: str
    svg: str = ""  # inline SVG (no prologue)
    svg_path: str = ""  # relative to the output folder
    png_path: str = ""


@dataclass
class StoryReport:
    """The report for one story; what a chart's ``draw`` receives."""

    id: str
    title: str
    slug: str
    report: Report
    result: StoryResult
    articles: list[ArticleView]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    pivots: dict[str, Pivot] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)
    texts: list[TextView] = field(default_factory=list)
    texts_omitted: int = 0
    analyzers: list[dict[str, Any]] = field(default_factory=list)

    def label(self, article_id: str) -> str:
        """``A1``-style label of an article id."""
        for view in self.articles:
            if view.id == article_id:
                return view.label
        return article_id

    def article_labels(self) -> list[str]:
        return [view.label for view in self.articles]

    @property
    def comparisons(self) -> Mapping[str, Any]:
        return self.result.comparisons


@dataclass
class StoryRow:
    """A story the report does not detail (past ``max_stories``), as one row of numbers."""

    id: str
    title: str
    articles: int
    outlets: list[str]
    words: int
    counts: dict[str, int]
    facts_omitted: int | None = None


@dataclass
class Report:
    """Everything the renderers show.

    ``stories`` are the stories shown in full; ``other_stories`` the rest, one row each.
    """

    run: RunResult
    out_dir: Path
    title: str
    stories: list[StoryReport] = field(default_factory=list)
    other_stories: list[StoryRow] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    max_full_texts: int = MAX_FULL_TEXTS
    texts_omitted: int = 0
    lexicons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def articles(self) -> list[ArticleView]:
        return [view for story in self.stories for view in story.articles]

    @property
    def story_count(self) -> int:
        """Stories in the run, detailed or not."""
        return len(self.stories) + len(self.other_stories)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def slugify(text: str, default: str = "x") -> str:
    """A lowercase identifier safe for CSS classes, ids and file names."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return slug or default


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def snippet(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def explain(finding: Finding) -> str:
    """One line explaining a finding (shown on hover and click)."""
    kind = KIND_NAMES.get(finding.kind, finding.kind.replace("_", " ").capitalize())
    parts = [kind]
    attrs = dict(finding.attrs)
    if finding.kind == "quote":
        parts.append(f"speaker: {attrs.get('speaker') or 'unknown'}")
    shown = {"speaker"} if finding.kind == "quote" else set()
    for key in TIP_ATTRS:
        if key in shown or key not in attrs:
            continue
        value = attrs[key]
        if value is None or isinstance(value, (list, dict)):
            continue
        parts.append(f"{key.replace('_', ' ')}: {_fmt(value)}")
        shown.add(key)
    if finding.label and finding.label not in {str(v) for v in attrs.values()} and finding.label != finding.kind:
        parts.append(f"label: {finding.label}")
    if finding.score is not None:
        parts.append(f"score: {_fmt(finding.score)}")
    if finding.kind == "quote":
        parts.append(f"{count_words(finding.text)} words")
    extra = [
        f"{k.replace('_', ' ')}: {_fmt(v)}"
        for k, v in sorted(attrs.items())
        if k not in shown
        and k not in TIP_ATTRS
        and isinstance(v, (str, int, float, bool))
        and not k.endswith(("_start", "_end"))
    ]
    parts.extend(extra[:4])
    parts.append(f"analyzer: {finding.analyzer}")
    return " · ".join(parts)


def _is_span(finding: Finding, text_len: int) -> bool:
    return (
        finding.start is not None
        and finding.end is not None
        and 0 <= finding.start < finding.end <= text_len
        and finding.kind != "error"
    )


def _key(finding: Finding) -> tuple[Any, ...]:
    return (finding.article, finding.analyzer, finding.kind, finding.start, finding.end, finding.text)


class Anchors:
    """Maps findings (by article, analyzer, kind and span) to the ids of their highlights."""

    def __init__(self) -> None:
        self.ids: dict[tuple[Any, ...], str] = {}

    def add(self, finding: Finding, anchor: str) -> None:
        self.ids.setdefault(_key(finding), anchor)

    def get(self, finding: Finding) -> str | None:
        return self.ids.get(_key(finding))


# --------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------


def build_report(
    run: RunResult,
    host: PluginHost,
    out_dir: Path | None,
    *,
    max_full_texts: int = MAX_FULL_TEXTS,
    max_stories: int | None = None,
    chart_formats: Sequence[str] = ("svg",),
    chart_cache: ChartCache | None = None,
    jobs: int = 1,
) -> Report:
    """Build the report model for ``run`` and draw its charts into ``out_dir/charts``.

    The first ``max_stories`` stories (all by default) are detailed; the others become
    :class:`StoryRow` lines. ``chart_formats`` are the files written per chart; charts found in
    ``chart_cache`` are not drawn again.
    """
    input_name = str(run.provenance.get("input") or "")
    title = f"How the articles frame the story: {input_name}" if input_name else "How the articles frame the story"
    report = Report(run=run, out_dir=out_dir, title=title, provenance=run.provenance, max_full_texts=max_full_texts)
    labels = {result.article.id: f"A{i + 1}" for i, result in enumerate(run.articles)}
    detailed = list(run.stories if max_stories is None else run.stories[:max_stories])
    report.stories = [build_story(report, story_result, labels) for story_result in detailed]
    report.other_stories = [story_row(story_result) for story_result in run.stories[len(detailed) :]]
    # Texts first (they assign the anchors the tables link to); capped over the whole report.
    remaining = max_full_texts
    for story in report.stories:
        anchors = Anchors()
        extra = _fact_highlights(story)
        for result, view in zip(story.result.story.articles, story.articles, strict=False):
            if remaining <= 0:
                story.texts_omitted += 1
                continue
            remaining -= 1
            story.texts.append(build_text(result, view, story, anchors, extra.get(result.article.id, [])))
        story.analyzers = _legend(story)
        fill_tables(story, anchors)
        story.summary = summarize(story)
    report.texts_omitted = sum(story.texts_omitted for story in report.stories)
    report.lexicons = lexicons_used(run)
    if out_dir is not None:
        draw_charts(report, host, out_dir, chart_formats, chart_cache, jobs)
    for spec in host.sections:
        try:
            section = spec.build(report)
        except Exception as exc:
            report.errors.append(ErrorRecord("report", f"section {spec.name}", f"{type(exc).__name__}: {exc}"))
            continue
        if section is not None:
            report.sections.append(section)
    return report


def build_story(report: Report, story_result: StoryResult, labels: Mapping[str, str]) -> StoryReport:
    story = story_result.story
    views = []
    for result in story.articles:
        meta = result.article
        # Articles past the first ``report_articles`` arrive compact: counts, not findings.
        counts = Counter(getattr(result, "finding_counts", None) or {}) or Counter(
            f.analyzer for f in result.findings if f.kind != "error"
        )
        views.append(
            ArticleView(
                id=meta.id,
                label=labels.get(meta.id, meta.id),
                title=meta.title or "",
                outlet=meta.outlet or "",
                date=meta.date or "",
                url=meta.url or "",
                words=meta.words,
                story=meta.story,
                counts=dict(sorted(counts.items())),
                errors=[e.one_line() for e in result.errors],
            )
        )
    title = story.id or "All articles"
    slug = slugify(story.id, "story") if story.id else "story"
    return StoryReport(id=story.id, title=title, slug=slug, report=report, result=story_result, articles=views)


def story_row(story_result: StoryResult) -> StoryRow:
    """The numbers of a story that is not detailed (its articles may be compact results)."""
    story = story_result.story
    counts: Counter[str] = Counter()
    for result in story.articles:
        counts.update(
            getattr(result, "finding_counts", None) or Counter(f.analyzer for f in result.findings if f.kind != "error")
        )
    for output in story_result.comparisons.values():
        counts.update(f.analyzer for f in output.findings if f.kind != "error")
    omission = story_result.comparisons.get("omission")
    omitted = None
    if omission is not None and omission.metrics:
        omitted = sum(int(m.get("facts_omitted") or 0) for m in omission.metrics.values())
    outlets = sorted({r.article.outlet for r in story.articles if r.article.outlet})
    return StoryRow(
        id=story.id,
        title=story.id or "All articles",
        articles=len(story.articles),
        outlets=outlets,
        words=sum(r.article.words for r in story.articles),
        counts=dict(sorted(counts.items())),
        facts_omitted=omitted,
    )


def lexicons_used(run: RunResult) -> list[dict[str, Any]]:
    """The lexicons findings cite (``attrs.lexicon``/``attrs.source``), with how often."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for finding in run.all_findings():
        lexicon = finding.attrs.get("lexicon")
        if isinstance(lexicon, str) and lexicon:
            source = finding.attrs.get("source")
            counts[finding.analyzer, lexicon, source if isinstance(source, str) else ""] += 1
    return [
        {"analyzer": a, "lexicon": lex, "source": src, "findings": n} for (a, lex, src), n in sorted(counts.items())
    ]


# ------------------------------------------------------------------ highlighted texts


def _fact_highlights(story: StoryReport) -> dict[str, list[Finding]]:
    """Pseudo-findings marking, in each article, the sentences that report a compared fact."""
    out: dict[str, list[Finding]] = defaultdict(list)
    texts = {r.article.id: r.text for r in story.result.story.articles}
    for fact in _facts(story):
        for article_id, text in fact["evidence"].items():
            body = texts.get(article_id, "")
            start = body.find(text) if text else -1
            if start < 0:
                continue
            attrs = {
                "fact": fact["fact_id"],
                "reported_by": f"{len(fact['present'])} of {len(story.articles)} articles",
            }
            if fact["unique"]:
                attrs["unique"] = True
            out[article_id].append(
                Finding(article_id, "omission", "fact", start, start + len(text), text, fact["fact_id"], None, attrs)
            )
    return out


def build_text(
    result: ArticleResult, view: ArticleView, story: StoryReport, anchors: Anchors, extra: Sequence[Finding] = ()
) -> TextView:
    """Cut the article text into segments with one layer per finding covering each."""
    text = result.text
    findings = [f for f in result.findings if _is_span(f, len(text))]
    for output in story.result.comparisons.values():
        findings.extend(f for f in output.findings if f.article == view.id and _is_span(f, len(text)))
    findings.extend(f for f in extra if _is_span(f, len(text)))
    findings.sort(key=lambda f: (f.start, -(f.end - f.start), LAYER_ORDER.get(f.analyzer, 9), f.kind, f.text))
    prefix = f"f{view.label.lower()}-"
    for i, finding in enumerate(findings):
        anchors.add(finding, f"{prefix}{i}")
    # per finding, once: its layer (anchored on its first segment, shared by the others) and
    # its nesting rank (longest outermost, then by analyzer, then in order)
    css = {key: f"a-{slugify(key[0])} k-{slugify(key[1])}" for key in {(f.analyzer, f.kind) for f in findings}}
    shared = [Layer(f.analyzer, f.kind, css[f.analyzer, f.kind], explain(f)) for f in findings]
    rank = [(-(f.end - f.start), LAYER_ORDER.get(f.analyzer, 9), i) for i, f in enumerate(findings)]
    bounds = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    starts: dict[int, list[int]] = defaultdict(list)
    for i, finding in enumerate(findings):
        starts[finding.start].append(i)
    active: list[int] = []
    segments: list[Segment] = []
    for a, b in itertools.pairwise(bounds):
        active = [i for i in active if findings[i].end > a]
        new = starts.get(a, [])
        active.extend(new)
        active.sort(key=rank.__getitem__)
        layers = [_anchored(shared[i], f"{prefix}{i}") if i in new else shared[i] for i in active]
        segments.append(Segment(text[a:b], layers))
    counts = Counter(f.analyzer for f in findings)
    legend = [
        {"analyzer": name, "css": slugify(name), "name": ANALYZER_NAMES.get(name, name), "count": n}
        for name, n in sorted(counts.items(), key=lambda kv: (LAYER_ORDER.get(kv[0], 9), kv[0]))
    ]
    return TextView(view, segments, legend, trimmed_chars=result.article.trimmed_chars)


def _anchored(layer: Layer, anchor: str) -> Layer:
    """``layer`` on its finding's first segment, carrying the anchor the tables link to."""
    return Layer(layer.analyzer, layer.kind, layer.css, layer.tip, anchor)


def _legend(story: StoryReport) -> list[dict[str, Any]]:
    totals: Counter[str] = Counter()
    kinds: dict[str, set[str]] = defaultdict(set)
    for text in story.texts:
        for item in text.legend:
            totals[item["analyzer"]] += item["count"]
        for segment in text.segments:
            for layer in segment.layers:
                kinds[layer.analyzer].add(layer.kind)
    return [
        {
            "analyzer": name,
            "css": slugify(name),
            "name": ANALYZER_NAMES.get(name, name),
            "count": totals[name],
            "kinds": sorted(kinds[name]),
        }
        for name in sorted(totals, key=lambda n: (LAYER_ORDER.get(n, 9), n))
    ]


# ------------------------------------------------------------------ tables


def _findings(story: StoryReport, analyzer: str, kinds: Iterable[str]) -> dict[str, list[Finding]]:
    wanted = set(kinds)
    out: dict[str, list[Finding]] = {}
    for result in story.result.story.articles:
        out[result.article.id] = [f for f in result.findings if f.analyzer == analyzer and f.kind in wanted]
    return out


def _ev(story: StoryReport, anchors: Anchors, finding: Finding, text: str | None = None, note: str = "") -> Evidence:
    return Evidence(story.label(finding.article), snippet(text or finding.text), anchors.get(finding), note)


def _evidence_cell(
    story: StoryReport, anchors: Anchors, findings: list[Finding], text: str, value: float, note_attr: str = ""
) -> Cell:
    """A table cell counting ``findings``: ``text`` (or "–" when there are none), the first
    ``MAX_EVIDENCE`` findings as evidence, each noted with its ``attrs[note_attr]``."""
    evidence = [
        _ev(story, anchors, f, note=str(f.attrs.get(note_attr) or "") if note_attr else "")
        for f in findings[:MAX_EVIDENCE]
    ]
    return Cell(text=text if findings else "–", evidence=evidence, cls="num" if findings else "absent", value=value)


def merge_names(names: Iterable[str]) -> dict[str, str]:
    """Map short forms to the longest name they end (``Bukele`` -> ``Nayib Bukele``), when unambiguous."""
    unique = sorted(set(names), key=lambda n: (-len(n), n))
    mapping = {}
    for name in unique:
        tokens = name.split()
        longer = [
            other
            for other in unique
            if other != name and len(other.split()) > len(tokens) and other.split()[-len(tokens) :] == tokens
        ]
        mapping[name] = longer[0] if len({*longer}) == 1 or (longer and all(o in longer[0] for o in longer)) else name
    return mapping


UNNAMED = {"anonymous": "(anonymous)", "vague": "(vague)", "unknown": UNATTRIBUTED}


def _speaker_key(finding: Finding, display: dict[str, str]) -> str:
    """A speaker's identity across articles: the last word of a named speaker's name."""
    name = finding.attrs.get("speaker")
    stype = finding.attrs.get("speaker_type") or ("named" if name else "unknown")
    if name and stype == "named":
        tokens = str(name).replace("’s", "").replace("'s", "").split()
        key = tokens[-1].lower() if tokens else str(name).lower()
        if len(str(name)) > len(display.get(key, "")):
            display[key] = str(name)
        return key
    key = UNNAMED.get(str(stype), UNATTRIBUTED)
    display.setdefault(key, key)
    return key


def fill_tables(story: StoryReport, anchors: Anchors) -> None:
    """Compute the tidy tables and pivots of a story (each number with its evidence)."""
    ids = [view.id for view in story.articles]
    words = {view.id: view.words for view in story.articles}
    cols = story.article_labels()
    by_id = {view.id: view for view in story.articles}
    story.tables["articles"] = [
        {"article": v.id, "label": v.label, "title": v.title, "outlet": v.outlet, "date": v.date, "words": v.words}
        for v in story.articles
    ]

    # -- who is quoted (attribution; same rules as the ``sources`` comparison) ----------
    quotes = _findings(story, "attribution", ["quote"])
    if any(quotes.values()):
        display: dict[str, str] = {}
        words_by: Counter[tuple[str, str]] = Counter()
        quotes_by: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for aid, fs in quotes.items():
            for f in fs:
                key = _speaker_key(f, display)
                if f.attrs.get("type") != "indirect":
                    words_by[aid, key] += int(f.attrs.get("words") or count_words(f.text))
                else:
                    words_by[aid, key] += 0
                quotes_by[aid, key].append(f)
        story.tables["quoted_words"] = [
            {"article": aid, "speaker": display[key], "words": n, "quotes": len(quotes_by[aid, key])}
            for (aid, key), n in sorted(
                words_by.items(), key=lambda kv: (ids.index(kv[0][0]), -kv[1], display[kv[0][1]])
            )
        ]
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for (aid, key), n in words_by.items():
            totals[key] += n
            counts[key] += len(quotes_by[aid, key])
        order = sorted(totals, key=lambda k: (k.startswith("("), -totals[k], -counts[k], display[k]))
        rows = []
        for key in order[: MAX_SPEAKERS * 2]:
            cells = []
            for aid in ids:
                n = words_by.get((aid, key), 0)
                fs = quotes_by.get((aid, key), [])
                cells.append(_evidence_cell(story, anchors, fs, f"{n} ({len(fs)})", float(n), note_attr="type"))
            rows.append(PivotRow(display[key], cells, note=f"{totals[key]} words, {counts[key]} quotes"))
        story.pivots["quoted_words"] = Pivot(
            "quoted_words",
            "Who is quoted: quoted words (number of quotes) per speaker and article",
            "speaker",
            cols,
            rows,
            caption=(
                "Words inside quotation marks (direct and partial quotes) per speaker; reported (indirect) "
                "speech counts as a quote with no quoted words. Click a number for the quotes."
            ),
            note=f"{len(order) - len(rows)} more speakers not shown." if len(order) > len(rows) else "",
        )
        for aid in ids:
            mine = [
                (n, len(quotes_by[aid, k]), k) for (a, k), n in words_by.items() if a == aid and not k.startswith("(")
            ]
            if mine:
                n, _, key = max(mine, key=lambda x: (x[0], x[1], display[x[2]]))
                view = by_id[aid]
                view.top_speaker, view.top_speaker_words = display[key], n
                view.top_speaker_anchor = anchors.get(quotes_by[aid, key][0])

    # -- loaded terms -----------------------------------------------------------------
    loaded = _findings(story, "loaded_terms", ["loaded_term"])
    if any(loaded.values()):
        categories = sorted({str(f.attrs.get("category") or f.label or "other") for fs in loaded.values() for f in fs})
        records = []
        rows = []
        by_cat: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for aid, fs in loaded.items():
            for f in fs:
                by_cat[aid, str(f.attrs.get("category") or f.label or "other")].append(f)
        for cat in categories:
            cells = []
            for aid in ids:
                fs = by_cat.get((aid, cat), [])
                rate = per_thousand(len(fs), words[aid])
                records.append({"article": aid, "category": cat, "count": len(fs), "per_1k": rate})
                cells.append(_evidence_cell(story, anchors, fs, f"{rate:.1f} ({len(fs)})", rate))
            rows.append(PivotRow(cat, cells))
        total_cells = []
        for aid in ids:
            n = len(loaded[aid])
            total_cells.append(Cell(text=f"{per_thousand(n, words[aid]):.1f} ({n})", cls="num total", value=float(n)))
        rows.append(PivotRow("all categories", total_cells))
        story.tables["loaded_terms"] = records
        story.pivots["loaded_terms"] = Pivot(
            "loaded_terms",
            "Loaded terms per 1,000 words (count), by category",
            "category",
            cols,
            rows,
            caption="Charged words chosen by the writer or quoted sources. Click a number for the terms.",
        )

    # -- hedges and boosters ----------------------------------------------------------
    hedging = _findings(story, "hedging", ["hedge", "booster"])
    if any(hedging.values()):
        records = []
        rows = []
        for kind in ("hedge", "booster"):
            cells = []
            for aid in ids:
                fs = [f for f in hedging[aid] if f.kind == kind]
                rate = per_thousand(len(fs), words[aid])
                records.append({"article": aid, "kind": kind, "count": len(fs), "per_1k": rate})
                cells.append(_evidence_cell(story, anchors, fs, f"{rate:.1f} ({len(fs)})", rate, note_attr="cue_type"))
            rows.append(PivotRow(kind + "s", cells))
        story.tables["hedging"] = records
        story.pivots["hedging"] = Pivot(
            "hedging",
            "Hedges and boosters per 1,000 words (count)",
            "cue",
            cols,
            rows,
            caption="Hedges soften a claim (reportedly, alleged, may); boosters harden it (clearly, indeed).",
        )

    # -- actors and sentiment -----------------------------------------------------------
    _actor_tables(story, anchors)
    # -- facts (omission) ---------------------------------------------------------------
    _fact_tables(story, anchors)
    # -- labels -------------------------------------------------------------------------
    _label_tables(story, anchors)


def _actor_tables(story: StoryReport, anchors: Anchors) -> None:
    ids = [view.id for view in story.articles]
    mentions = _findings(story, "actor_sentiment", ["actor_mention"])
    actor_findings = _findings(story, "actor_sentiment", ["actor"])
    comparison = story.comparisons.get("actors")
    records: list[dict[str, Any]] = []
    local: dict[tuple[str, str], set[str]] = defaultdict(set)  # (story actor, article) -> local ids/names
    if comparison is not None and comparison.tables.get("actor_matrix"):
        for row in comparison.tables["actor_matrix"]:
            records.append({k: row.get(k) for k in ("actor_id", "actor", "type", "article", "mentions", "sentiment")})
        for actor in comparison.data.get("actors", []) or []:
            for aid, info in (actor.get("articles") or {}).items():
                local[str(actor.get("id")), aid].add(str(info.get("local_id")))
    elif any(actor_findings.values()):
        names = merge_names(str(f.attrs.get("actor") or f.text) for fs in actor_findings.values() for f in fs)
        for aid, fs in actor_findings.items():
            for f in fs:
                raw = str(f.attrs.get("actor") or f.text)
                name = names.get(raw, raw)
                records.append(
                    {
                        "actor_id": slugify(name),
                        "actor": name,
                        "type": f.attrs.get("type") or f.label,
                        "article": aid,
                        "mentions": f.attrs.get("mentions"),
                        "sentiment": f.attrs.get("sentiment", f.score),
                    }
                )
                local[slugify(name), aid].add(str(f.attrs.get("actor_id") or slugify(raw)))
    if not records:
        return
    # Merge duplicates (same actor twice in one article after name merging).
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in records:
        key = (str(rec["actor_id"]), rec["article"])
        if key in merged:
            old = merged[key]
            m1, m2 = old.get("mentions") or 0, rec.get("mentions") or 0
            s1, s2 = old.get("sentiment") or 0.0, rec.get("sentiment") or 0.0
            old["sentiment"] = round((s1 * m1 + s2 * m2) / (m1 + m2), 4) if m1 + m2 else s1
            old["mentions"] = m1 + m2
        else:
            merged[key] = dict(rec)
    # An actor the story knows but an article never mentions is absent there, not neutral.
    records = [r for r in merged.values() if r["article"] in ids and (r.get("mentions") or 0) > 0]
    story.tables["actor_matrix"] = records
    totals: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    names: dict[str, str] = {}
    for rec in records:
        totals[str(rec["actor_id"])] += int(rec.get("mentions") or 0)
        spread[str(rec["actor_id"])] += 1
        names[str(rec["actor_id"])] = str(rec["actor"])
    order = sorted(totals, key=lambda a: (-(spread[a] > 1), -totals[a], names[a]))[:MAX_ACTORS]
    cell_of = {(str(r["actor_id"]), r["article"]): r for r in records}
    rows = []
    for actor_id in order:
        cells = []
        for aid in ids:
            rec = cell_of.get((actor_id, aid))
            if rec is None:
                cells.append(Cell("–", cls="absent"))
                continue
            local_ids = local.get((actor_id, aid), set()) | {actor_id}
            evidence = [
                _ev(story, anchors, f, note=f"sentiment {_fmt(f.score)}" if f.score is not None else "")
                for f in mentions.get(aid, [])
                if str(f.attrs.get("actor_id")) in local_ids or str(f.attrs.get("actor")) == names[actor_id]
            ]
            sentiment = rec.get("sentiment")
            value = float(sentiment) if isinstance(sentiment, (int, float)) else None
            cls = "num" + (" pos" if value and value > 0.05 else " neg" if value and value < -0.05 else "")
            cells.append(
                Cell(
                    text=f"{value:+.2f} ({rec.get('mentions') or 0})"
                    if value is not None
                    else f"({rec.get('mentions')})",
                    evidence=evidence[:MAX_EVIDENCE],
                    cls=cls,
                    value=value,
                )
            )
        rows.append(PivotRow(names[actor_id], cells, note=f"{totals[actor_id]} mentions"))
    story.pivots["actor_matrix"] = Pivot(
        "actor_matrix",
        "Actors: sentiment (-1 to +1) and mentions per article",
        "actor",
        story.article_labels(),
        rows,
        caption="How each actor is portrayed in each article (mean sentiment of the contexts it is mentioned in).",
        note=f"{len(totals) - len(order)} less-mentioned actors not shown." if len(totals) > len(order) else "",
    )


def _facts(story: StoryReport) -> list[dict[str, Any]]:
    """The compared facts: {fact_id, fact, present: [ids], unique, evidence: {article: text}}."""
    comparison = story.comparisons.get("omission")
    if comparison is None:
        return []
    ids = [view.id for view in story.articles]
    facts: dict[str, dict[str, Any]] = {}
    for row in comparison.tables.get("fact_coverage", []) or []:
        fid = str(row.get("fact_id"))
        fact = facts.setdefault(
            fid, {"fact_id": fid, "fact": str(row.get("fact") or fid), "present": [], "unique": False, "evidence": {}}
        )
        if row.get("present") and row.get("article") in ids:
            fact["present"].append(row["article"])
        if row.get("unique"):
            fact["unique"] = True
        if row.get("evidence") and row.get("article"):
            fact["evidence"][row["article"]] = str(row["evidence"])
    by_fact_text = {fact["fact"]: fact for fact in facts.values()}
    for finding in comparison.findings:
        if finding.kind != "omission":
            continue
        fact_text = str(finding.attrs.get("fact") or finding.text)
        fact = by_fact_text.get(fact_text)
        if fact is None:
            fid = str(finding.attrs.get("fact_id") or f"fact-{len(facts) + 1}")
            present = [a for a in finding.attrs.get("present_in") or [] if a in ids]
            fact = facts.setdefault(
                fid,
                {"fact_id": fid, "fact": fact_text, "present": present, "unique": len(present) == 1, "evidence": {}},
            )
            by_fact_text[fact_text] = fact
        for item in finding.attrs.get("evidence") or []:
            if isinstance(item, Mapping) and item.get("article") and item.get("text"):
                fact["evidence"].setdefault(str(item["article"]), str(item["text"]))
    return list(facts.values())


def _fact_tables(story: StoryReport, anchors: Anchors) -> None:
    facts = _facts(story)
    if not facts:
        return
    ids = [view.id for view in story.articles]
    by_id = {view.id: view for view in story.articles}
    n = len(ids)
    records = []
    for fact in facts:
        for aid in ids:
            records.append(
                {
                    "fact_id": fact["fact_id"],
                    "fact": fact["fact"],
                    "article": aid,
                    "present": aid in fact["present"],
                    "unique": fact["unique"] and aid in fact["present"],
                }
            )
        if fact["unique"]:
            for aid in fact["present"]:
                by_id[aid].unique.append(fact["fact"])
        elif 0 < len(fact["present"]) < n:
            for aid in ids:
                if aid not in fact["present"]:
                    by_id[aid].omitted.append(fact["fact"])
    story.tables["fact_coverage"] = records

    # Facts most informative first: reported by most but not all, then unique ones.
    def rank(fact: dict[str, Any]) -> tuple[Any, ...]:
        k = len(fact["present"])
        return (0 if 1 < k < n else 1 if k == 1 else 2, -k, fact["fact_id"])

    ordered = sorted(facts, key=rank)
    rows = []
    anchor_of = {}
    for result in story.result.story.articles:
        for fact in facts:
            text = fact["evidence"].get(result.article.id)
            if text:
                start = result.text.find(text)
                if start >= 0:
                    probe = Finding(result.article.id, "omission", "fact", start, start + len(text), text)
                    anchor_of[fact["fact_id"], result.article.id] = anchors.get(probe)
    for fact in ordered[:MAX_FACTS]:
        cells = []
        for aid in ids:
            present = aid in fact["present"]
            ev = fact["evidence"].get(aid)
            evidence = [Evidence(story.label(aid), snippet(ev), anchor_of.get((fact["fact_id"], aid)))] if ev else []
            if present:
                cells.append(
                    Cell(
                        "unique" if fact["unique"] else "✓", evidence, "present unique" if fact["unique"] else "present"
                    )
                )
            else:
                cells.append(Cell("omitted", [], "omitted", title="not reported in this article"))
        k = len(fact["present"])
        rows.append(PivotRow(snippet(fact["fact"], 160), cells, note=f"reported by {k} of {n}"))
    story.pivots["fact_coverage"] = Pivot(
        "fact_coverage",
        "Facts: which article reports what (omissions and unique facts)",
        "fact",
        story.article_labels(),
        rows,
        caption="Each row is a fact reported by at least one article; 'omitted' marks an article that leaves it out.",
        note=f"{len(facts) - len(rows)} more facts not shown." if len(facts) > len(rows) else "",
    )


def _label_tables(story: StoryReport, anchors: Anchors) -> None:
    ids = [view.id for view in story.articles]
    comparison = story.comparisons.get("labels")
    records: list[dict[str, Any]] = []
    evidence: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    if comparison is not None and comparison.tables.get("labels"):
        records = [dict(r) for r in comparison.tables["labels"] if r.get("article") in ids]
        for f in comparison.findings:
            if f.kind == "label":
                ref = str(f.attrs.get("referent_id") or f.attrs.get("referent"))
                evidence[ref, f.article, str(f.attrs.get("label") or f.text).lower()].append(f)
    else:
        # Fallback: the noun phrases used for each actor (actor_sentiment mentions).
        mentions = _findings(story, "actor_sentiment", ["actor_mention"])
        names = merge_names(str(f.attrs.get("actor") or "") for fs in mentions.values() for f in fs)
        counts: Counter[tuple[str, str, str]] = Counter()
        for aid, fs in mentions.items():
            for f in fs:
                np_text = " ".join(str(f.attrs.get("np") or f.text).split())
                actor = names.get(str(f.attrs.get("actor") or ""), str(f.attrs.get("actor") or ""))
                if not actor or not np_text:
                    continue
                counts[actor, aid, np_text.lower()] += 1
                evidence[actor, aid, np_text.lower()].append(f)
        records = [
            {"referent_id": actor, "referent": actor, "article": aid, "label": label, "count": n, "connotation": None}
            for (actor, aid, label), n in sorted(counts.items())
        ]
    if not records:
        return
    story.tables["labels"] = records
    per_ref: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for rec in records:
        ref = str(rec.get("referent_id") or rec.get("referent"))
        names[ref] = str(rec.get("referent") or ref)
        per_ref[ref][rec["article"]].append(rec)
    # Shared referents: named in at least two articles, most varied naming first.
    shared = [ref for ref, arts in per_ref.items() if len(arts) >= 2]

    def variety(ref: str) -> tuple[Any, ...]:
        labels = {str(r["label"]).lower() for recs in per_ref[ref].values() for r in recs}
        return (-len(per_ref[ref]), -len(labels), names[ref])

    shared.sort(key=variety)
    rows = []
    for ref in shared[:MAX_REFERENTS]:
        cells = []
        for aid in ids:
            recs = sorted(per_ref[ref].get(aid, []), key=lambda r: (-(r.get("count") or 0), str(r["label"])))
            if not recs:
                cells.append(Cell("–", cls="absent"))
                continue
            text = "; ".join(
                f"{r['label']}" + (f" ×{r['count']}" if (r.get("count") or 0) > 1 else "") for r in recs[:4]
            )
            if len(recs) > 4:
                text += f"; +{len(recs) - 4} more"
            ev = [
                _ev(story, anchors, f) for r in recs for f in evidence.get((ref, aid, str(r["label"]).lower()), [])[:3]
            ]
            connotations = {str(r.get("connotation")) for r in recs if r.get("connotation")}
            cls = "labels" + (
                "".join(f" c-{slugify(c)}" for c in sorted(connotations)) if len(connotations) == 1 else ""
            )
            cells.append(Cell(text, ev[:MAX_EVIDENCE], cls))
        rows.append(PivotRow(names[ref], cells))
    if rows:
        story.pivots["labels"] = Pivot(
            "labels",
            "Labels: how each article names the same referents",
            "referent",
            story.article_labels(),
            rows,
            caption="The noun phrases each article uses for a person or group that several articles mention.",
            note=f"{len(shared) - len(rows)} more shared referents not shown." if len(shared) > len(rows) else "",
        )


# ------------------------------------------------------------------ summary


def _describe(view: ArticleView) -> str:
    return view.label + (f" ({view.outlet})" if view.outlet else "")


def summarize(story: StoryReport) -> list[str]:
    """A few sentences on how the articles differ, generated from the tables."""
    lines: list[str] = []
    views = {view.id: view for view in story.articles}
    if len(story.articles) < 2:
        lines.append("Only one article in this story: nothing to compare; the findings below describe it alone.")
    quoted = [v for v in story.articles if v.top_speaker]
    if quoted:
        parts = [f"{_describe(v)} {v.top_speaker} ({v.top_speaker_words} words)" for v in quoted]
        lines.append("Most quoted: " + "; ".join(parts) + ".")
        silent = [_describe(v) for v in story.articles if not v.top_speaker]
        if silent and len(story.articles) > 1:
            lines.append("No attributed quotes found in " + ", ".join(silent) + ".")
    loaded = story.tables.get("loaded_terms")
    if loaded and len(story.articles) > 1:
        per: Counter[str] = Counter()
        for rec in loaded:
            per[rec["article"]] += rec["count"]
        rates = {aid: per_thousand(per[aid], views[aid].words) for aid in views}
        hi = max(rates, key=lambda a: (rates[a], a))
        lo = min(rates, key=lambda a: (rates[a], a))
        if rates[hi] > rates[lo]:
            lines.append(
                f"Loaded language: {_describe(views[hi])} uses the most loaded terms "
                f"({rates[hi]:.1f} per 1,000 words), {_describe(views[lo])} the fewest ({rates[lo]:.1f})."
            )
    hedging = story.tables.get("hedging")
    if hedging and len(story.articles) > 1:
        for kind, verb in (("hedge", "hedges"), ("booster", "boosts")):
            rates = {r["article"]: r["per_1k"] for r in hedging if r["kind"] == kind}
            if rates and max(rates.values()) > 0:
                hi = max(rates, key=lambda a: (rates[a], a))
                lo = min(rates, key=lambda a: (rates[a], a))
                lines.append(
                    f"{'Hedging' if kind == 'hedge' else 'Boosting'}: {_describe(views[hi])} {verb} most "
                    f"({rates[hi]:.1f} per 1,000 words), {_describe(views[lo])} least ({rates[lo]:.1f})."
                )
    actors = story.tables.get("actor_matrix")
    if actors and len(story.articles) > 1:
        by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rec in actors:
            if isinstance(rec.get("sentiment"), (int, float)) and (rec.get("mentions") or 0) >= 2:
                by_actor[str(rec["actor"])].append(rec)
        spreads = []
        for name, recs in by_actor.items():
            if len(recs) >= 2:
                hi = max(recs, key=lambda r: (r["sentiment"], r["article"]))
                lo = min(recs, key=lambda r: (r["sentiment"], r["article"]))
                spreads.append((hi["sentiment"] - lo["sentiment"], name, hi, lo))
        if spreads:
            spreads.sort(key=lambda s: (-s[0], s[1]))
            gap, name, hi, lo = spreads[0]
            if gap > 0.05:
                lines.append(
                    f"Portrayal: {name} is portrayed most differently, from {lo['sentiment']:+.2f} in "
                    f"{_describe(views[lo['article']])} to {hi['sentiment']:+.2f} in {_describe(views[hi['article']])}."
                )
    omitted = [v for v in story.articles if v.omitted]
    if omitted:
        worst = max(omitted, key=lambda v: (len(v.omitted), v.label))
        lines.append(
            f"Omissions: {_describe(worst)} leaves out the most facts reported elsewhere ({len(worst.omitted)}), "
            f"e.g. “{snippet(worst.omitted[0], 140)}”."
        )
        others = [f"{_describe(v)} {len(v.omitted)}" for v in story.articles if v.omitted and v is not worst]
        if others:
            lines.append("Facts left out by the other articles: " + ", ".join(others) + ".")
    unique = [v for v in story.articles if v.unique]
    if unique:
        top = max(unique, key=lambda v: (len(v.unique), v.label))
        lines.append(f"Unique facts: {_describe(top)} reports {len(top.unique)} fact(s) no other article has.")
    labels = story.pivots.get("labels")
    if labels and labels.rows:
        row = labels.rows[0]
        named = [
            f"{col} “{cell.text.split(';')[0].split(' ×')[0]}”"
            for col, cell in zip(labels.columns, row.cells, strict=False)
            if cell.text != "–"
        ]
        lines.append(f"Naming ({row.head}), most frequent label per article: " + ", ".join(named) + ".")
    return lines


# ------------------------------------------------------------------ charts


#: The chart file formats ``--chart-format`` accepts.
CHART_FORMATS = ("svg", "png")


def chart_key(spec: ChartSpec, story: StoryReport) -> str | None:
    """What a chart's drawing depends on, for the chart cache: the chart, its story's results
    (:attr:`StoryResult.cache_key`) and the article labels; ``None`` when not cacheable."""
    if spec.version is None or story.result.cache_key is None:
        return None
    views = [[view.id, view.label, view.short] for view in story.articles]
    return digest("chart", spec.name, spec.version, list(spec.size), story.result.cache_key, views)


def draw_charts(
    report: Report,
    host: PluginHost,
    out_dir: Path,
    formats: Sequence[str] = ("svg",),
    cache: ChartCache | None = None,
    jobs: int = 1,
) -> None:
    """Draw every registered chart for every detailed story; save ``formats`` under ``out_dir/charts``.

    The SVG is always drawn (the HTML report inlines it). A chart whose key
    (:func:`chart_key`) is in ``cache`` is read from it instead of being drawn. With
    ``jobs`` > 1 the charts are drawn by forked workers (:func:`framing.parallel.fork_map`);
    the files, their order and their bytes are the same as with one.
    """
    from framing.parallel import fork_map
    from framing.viz.style import TextCache, inline_svg

    unknown = [fmt for fmt in formats if fmt not in CHART_FORMATS]
    if unknown:
        raise ValueError(f"unknown chart format(s) {unknown}; choose from {', '.join(CHART_FORMATS)}")
    formats = list(dict.fromkeys(formats))
    wanted = ["svg", *(fmt for fmt in formats if fmt != "svg")]
    chart_dir = out_dir / "charts"
    if chart_dir.is_dir():  # stale charts from an earlier run would look current
        for old in chart_dir.iterdir():
            if old.is_file() and old.suffix in {".png", ".svg"}:
                old.unlink()
    specs = sorted(host.charts, key=lambda spec: (spec.order, spec.name))
    multi = report.story_count > 1
    tasks = [(story, spec) for story in report.stories for spec in specs]
    keys = [chart_key(spec, story) if cache is not None else None for story, spec in tasks]
    stored = [_cached_chart(cache, key, wanted) for key in keys]
    to_draw = [i for i, rendered in enumerate(stored) if rendered is None]

    text_cache = TextCache()  # shared by every chart a process draws: titles, ticks and legends repeat

    def draw(index: int) -> tuple[dict[str, bytes] | None, ErrorRecord | None]:
        story, spec = tasks[to_draw[index]]
        return draw_chart(spec, story, wanted, text_cache)

    drawn = fork_map(draw, len(to_draw), jobs)
    for i, ((story, spec), key) in enumerate(zip(tasks, keys, strict=True)):
        rendered = stored[i]
        if rendered is None:
            rendered, error = next(drawn)
            if error is not None:
                report.errors.append(error)
            if rendered is None:
                continue
            if cache is not None:
                cache.stats.charts_drawn += 1
                for fmt, data in rendered.items():
                    if key:
                        cache.put(key, fmt, data)
        stem = f"{story.slug}-{slugify(spec.name)}" if multi else slugify(spec.name)
        chart_dir.mkdir(parents=True, exist_ok=True)
        paths = {}
        for fmt in formats:
            (chart_dir / f"{stem}.{fmt}").write_bytes(rendered[fmt])
            paths[fmt] = f"charts/{stem}.{fmt}"
        story.charts.append(
            ChartView(
                name=spec.name,
                title=spec.title,
                description=spec.description,
                svg=inline_svg(rendered["svg"].decode("utf-8")),
                svg_path=paths.get("svg", ""),
                png_path=paths.get("png", ""),
            )
        )


def draw_chart(
    spec: ChartSpec, story: StoryReport, formats: Sequence[str], text_cache: TextCache | None = None
) -> tuple[dict[str, bytes] | None, ErrorRecord | None]:
    """One chart of one story in each of ``formats``: ``(bytes per format, None)``; ``(None, None)``
    when the chart has nothing to show (``NoData``, or ``draw`` returned ``False``); ``(None,
    error)`` when drawing failed (the report goes on without it)."""
    from framing.viz.style import new_figure, render_figure, style_context

    try:
        with style_context():
            figure = new_figure(spec.size)
            if spec.draw(story, figure) is False:
                return None, None
            return render_figure(figure, text_cache, formats), None
    except NoData:
        return None, None
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}".replace("\n", " ")
        return None, ErrorRecord("report", f"chart {spec.name}", message)


def _cached_chart(cache: ChartCache | None, key: str | None, formats: Sequence[str]) -> dict[str, bytes] | None:
    """The chart in every format from ``cache``, or ``None`` (not cacheable, or a format missing)."""
    if cache is None or key is None:
        return None
    rendered = {}
    for fmt in formats:
        data = cache.get(key, fmt)
        if data is None:
            return None
        rendered[fmt] = data
    cache.stats.charts_reused += 1
    return rendered
