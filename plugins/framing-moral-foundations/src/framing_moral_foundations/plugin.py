"""The framing hooks: an analyzer, a chart, a report section and a ``moral-lexicon`` command.

Configuration (environment variables, read when the plugin registers its analyzer):

``FRAMING_MORAL_LEXICON``
    Path to the lexicon file to use (several paths separated by ``os.pathsep`` are merged).
    Formats: eMFD scoring CSV, LIWC ``.dic`` (MFD 2.0, original MFD) or a simple
    ``term<TAB>foundation<TAB>polarity[<TAB>weight]`` table (see :mod:`.lexicon`).
    Unset: the small starter lexicon bundled with the plugin.
``FRAMING_MORAL_MIN_WEIGHT``
    Only terms whose top foundation weight reaches this value become ``moral_term``
    findings (default 0.3; eMFD weights are probabilities, table and ``.dic`` weights are 1).
    Every matched term still counts in the per-article scores.

A lexicon that cannot be read is reported by framing as a plugin error naming this plugin
and the file; the rest of the run goes on without this analyzer.
"""

from __future__ import annotations

import os
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from framing import hookimpl
from framing.models import AnalyzerOutput, AnalyzerSpec, Finding, count_words, per_thousand
from framing.registry import ChartSpec, Section, SectionSpec

from framing_moral_foundations.lexicon import FOUNDATIONS, Lexicon, load_lexicon, merge, parse_lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

ANALYZER = "moral_foundations"
ENV_LEXICON = "FRAMING_MORAL_LEXICON"
ENV_MIN_WEIGHT = "FRAMING_MORAL_MIN_WEIGHT"
DEFAULT_MIN_WEIGHT = 0.3


@lru_cache(maxsize=8)
def _lexicon_for(spec: str) -> Lexicon:
    if not spec:
        text = resources.files("framing_moral_foundations").joinpath("data/starter.tsv").read_text(encoding="utf-8")
        return parse_lexicon(text, name="starter")
    paths = [p for p in spec.split(os.pathsep) if p.strip()]
    lexicons = [load_lexicon(p.strip()) for p in paths]
    return lexicons[0] if len(lexicons) == 1 else merge(lexicons)


def configured_lexicon() -> Lexicon:
    """The lexicon named by ``FRAMING_MORAL_LEXICON`` (the bundled starter list when unset)."""
    return _lexicon_for(os.environ.get(ENV_LEXICON, "").strip())


def min_weight() -> float:
    value = os.environ.get(ENV_MIN_WEIGHT, "").strip()
    if not value:
        return DEFAULT_MIN_WEIGHT
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{ENV_MIN_WEIGHT}={value!r} is not a number (e.g. 0.3)") from None


def score_doc(doc: Doc, lexicon: Lexicon, threshold: float = DEFAULT_MIN_WEIGHT) -> AnalyzerOutput:
    """Match ``lexicon`` in a Doc: ``moral_term`` findings, a ``moral_profile`` and metrics.

    Words are matched lower-cased, then by lemma; multi-word terms as phrases. A
    foundation's score is the sum of its weights over matched terms per 1,000 words.
    """
    from framing.quotes import QuoteIndex  # kept out of import time

    words = [token.lower_ for token in doc]
    lemmas = [(token.lemma_.lower(),) if token.lemma_ else () for token in doc]
    quotes = QuoteIndex.of(doc.text)
    totals: Counter[str] = Counter()
    virtue: Counter[str] = Counter()
    vice: Counter[str] = Counter()
    findings: list[Finding] = []
    quoted = 0
    matches = lexicon.match(words, lemmas)
    for first, end, entry in matches:
        for foundation, weight in entry.weights.items():
            totals[foundation] += weight
        top = entry.top
        polarity = entry.polarity.get(top)
        (virtue if polarity == "virtue" else vice if polarity == "vice" else Counter())[top] += 1
        start, stop = doc[first].idx, doc[end - 1].idx + len(doc[end - 1].text)
        voice = quotes.voice(start, stop)
        quoted += voice == "quote"
        if entry.weights[top] < threshold:
            continue
        findings.append(
            Finding(
                article="",
                analyzer=ANALYZER,
                kind="moral_term",
                start=start,
                end=stop,
                text=doc.text[start:stop],
                label=top,
                score=round(entry.weights[top], 3),
                attrs={
                    "foundation": top,
                    "polarity": polarity,
                    "term": entry.term,
                    "weights": {f: round(w, 3) for f, w in entry.weights.items()},
                    "lexicon": lexicon.name,
                    "voice": voice,
                },
            )
        )
    n_words = count_words(doc.text)
    per_1k = {f: per_thousand(totals[f], n_words) for f in FOUNDATIONS}
    dominant = max(FOUNDATIONS, key=lambda f: per_1k[f]) if matches else None
    findings.append(
        Finding(
            article="",
            analyzer=ANALYZER,
            kind="moral_profile",
            start=None,
            end=None,
            text=", ".join(f"{f} {per_1k[f]:g}" for f in FOUNDATIONS) + " per 1,000 words",
            label=dominant,
            score=per_1k[dominant] if dominant else None,
            attrs={
                "per_1k": per_1k,
                "virtue": {f: virtue[f] for f in FOUNDATIONS},
                "vice": {f: vice[f] for f in FOUNDATIONS},
                "terms": len(matches),
                "lexicon": lexicon.name,
            },
        )
    )
    n_vice = sum(vice.values())
    metrics: dict[str, Any] = {f"{f}_per_1k": per_1k[f] for f in FOUNDATIONS}
    metrics.update(
        moral_terms=len(matches),
        moral_terms_per_1k=per_thousand(len(matches), n_words),
        vice_share=round(n_vice / (n_vice + sum(virtue.values())), 3) if (n_vice + sum(virtue.values())) else None,
        quoted_share=round(quoted / len(matches), 3) if matches else None,
    )
    return AnalyzerOutput(findings=findings, metrics=metrics)


# ------------------------------------------------------------------------------- hooks


@hookimpl
def framing_register_analyzers(register):
    lexicon = configured_lexicon()  # a bad lexicon file is reported as this plugin's error
    threshold = min_weight()

    def extract(doc: Doc) -> AnalyzerOutput:
        return score_doc(doc, lexicon, threshold)

    register(
        AnalyzerSpec(
            name=ANALYZER,
            extract=extract,
            description=f"Moral-foundations vocabulary per article (lexicon: {lexicon.name}, {len(lexicon)} terms)",
        )
    )


def _results_and_labels(report: Any) -> tuple[list[Any], dict[str, str]]:
    """Article results and short labels from a chart's ``StoryReport`` or the whole ``Report``."""
    if hasattr(report, "result"):  # a StoryReport: charts are drawn once per story
        results = list(report.result.story.articles)
    else:
        results = list(report.run.articles)
    labels = {}
    for view in getattr(report, "articles", None) or []:
        labels[view.id] = getattr(view, "short", "") or view.id
    return results, labels


def article_rows(report: Any) -> list[dict[str, Any]]:
    """One tidy record per article with its foundation scores (for the chart and section)."""
    results, labels = _results_and_labels(report)
    rows = []
    for result in results:
        metrics = result.metrics.get(ANALYZER)
        if not metrics:
            continue
        terms = Counter(f.text.lower() for f in result.findings if f.analyzer == ANALYZER and f.kind == "moral_term")
        article_id = result.article.id
        row: dict[str, Any] = {
            "article": labels.get(article_id) or result.article.outlet or article_id,
            "id": article_id,
        }
        row.update({f: metrics.get(f"{f}_per_1k", 0.0) for f in FOUNDATIONS})
        scores = {f: row[f] for f in FOUNDATIONS}
        row["dominant"] = max(scores, key=scores.get) if any(scores.values()) else ""
        row["top_terms"] = ", ".join(f"{term} ({n})" for term, n in terms.most_common(5))
        rows.append(row)
    return rows


def draw_chart(story: Any, figure: Any) -> bool:
    """Grouped bars: each foundation's score per 1,000 words, one bar per article."""
    rows = article_rows(story)
    if not rows or not any(row[f] for row in rows for f in FOUNDATIONS):
        return False
    ax = figure.subplots()
    width = 0.8 / len(rows)
    for k, row in enumerate(rows):
        positions = [i + (k - (len(rows) - 1) / 2) * width for i in range(len(FOUNDATIONS))]
        ax.bar(positions, [row[f] for f in FOUNDATIONS], width=width, label=str(row["article"])[:30])
    ax.set_xticks(range(len(FOUNDATIONS)), FOUNDATIONS)
    ax.set_ylabel("weighted terms per 1,000 words")
    ax.legend(fontsize="small", frameon=False)
    return True


def build_section(report: Any) -> Section | None:
    rows = article_rows(report)
    if not rows:
        return None
    lexicon = configured_lexicon()
    return Section(
        title="Moral foundations",
        paragraphs=(
            "How much each article's vocabulary appeals to the five moral foundations (care, fairness, "
            "loyalty, authority, sanctity): weighted lexicon terms per 1,000 words, from the "
            "framing-moral-foundations plugin.",
            f"Lexicon: {lexicon.name} ({lexicon.format}, {len(lexicon)} terms). Word counts are a rough "
            "signal: read the terms in context before drawing conclusions.",
        ),
        tables={"moral_foundations": rows},
    )


@hookimpl
def framing_register_charts(register):
    register(
        ChartSpec(
            name="moral_foundations",
            title="Moral-foundations vocabulary by article",
            draw=draw_chart,
            description="Weighted lexicon terms per 1,000 words for each moral foundation.",
            order=200,
        )
    )


@hookimpl
def framing_register_report_sections(register):
    register(SectionSpec(name="moral_foundations", build=build_section))


@hookimpl
def framing_register_commands(cli):
    import click

    @cli.command("moral-lexicon")
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
    def moral_lexicon(files: tuple[str, ...]) -> None:
        """Check a moral-foundations lexicon file and count its terms per foundation.

        Without FILES, checks the lexicon the plugin would use (FRAMING_MORAL_LEXICON, or the
        bundled starter list).
        """
        from framing_moral_foundations.lexicon import LexiconError

        try:
            lexicon = _lexicon_for(os.pathsep.join(files)) if files else configured_lexicon()
        except LexiconError as exc:
            click.echo(f"framing: {exc}", err=True)
            raise SystemExit(1) from None
        click.echo(f"{lexicon.name}: {lexicon.format} format, {len(lexicon)} terms")
        for foundation, count in lexicon.counts().items():
            click.echo(f"  {foundation:<10} {count}")
