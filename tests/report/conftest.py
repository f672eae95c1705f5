"""A hand-built RunResult with every kind of finding and table the report reads.

It follows the output contract and the shared summary schemas in the BRIEF, so the report is
tested without running spaCy. One article carries hostile text (``<script>``) everywhere a
string can go: text, title, outlet, speaker, labels, facts.
"""

from __future__ import annotations

import pytest

from framing.models import (
    ArticleMeta,
    ArticleResult,
    ComparisonOutput,
    ErrorRecord,
    Finding,
    RunResult,
    Story,
    StoryResult,
    count_words,
)

XSS = "<script>alert(1)</script>"

TEXTS = {
    "a": (
        "Deportees land in El Salvador\n\n"
        "A plane carrying 238 alleged gang members landed on Sunday, hours after Judge James Boasberg "
        "ordered the flights turned back. \u201cOopsie\u2026 Too late,\u201d Bukele wrote. "
        "Rubio called Bukele \u201cthe strongest security leader in our region.\u201d "
        "Critics say the notorious prison may hold them indefinitely."
    ),
    "b": (
        "Venezuelan migrants deported despite order\n\n"
        "The deportees were reportedly sent to a mega-prison. The order came too late, officials said. "
        f"A reader wrote {XSS} in the comments & asked <b>why</b>. "
        "\u201cWe will fight this,\u201d said lawyer Ana <i>Lopez</i>."
    ),
    "c": (
        "Aliens removed\n\n"
        "Hundreds of criminal illegal aliens were removed. Bukele clearly welcomed them. "
        "\u201cThese are dangerous people,\u201d Rubio said. It costs $6 million and $5 more."
    ),
}


def _span(article: str, needle: str, nth: int = 0) -> tuple[int, int]:
    text = TEXTS[article]
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def f(article, analyzer, kind, needle=None, label=None, score=None, **attrs) -> Finding:
    if needle is None:
        return Finding(article, analyzer, kind, None, None, attrs.pop("text", ""), label, score, attrs)
    start, end = _span(article, needle)
    return Finding(article, analyzer, kind, start, end, needle, label, score, attrs)


def quote(article, content, speaker, qtype="direct", speaker_type="named"):
    return f(
        article, "attribution", "quote", content, speaker, None, speaker=speaker, speaker_type=speaker_type,
        speaker_start=None, speaker_end=None, cue="say", cue_start=None, cue_end=None, type=qtype,
        words=count_words(content),
    )  # fmt: skip


def article_findings(aid: str) -> list[Finding]:
    out: list[Finding] = []
    if aid == "a":
        out += [
            quote("a", "Oopsie\u2026 Too late,", "Nayib Bukele"),
            quote("a", "the strongest security leader in our region.", "Marco Rubio", "partial"),
            f("a", "hedging", "hedge", "alleged", "attribution-distancing", None, cue_type="adjective"),
            f("a", "hedging", "hedge", "may", "modal", None, cue_type="modal"),
            f("a", "loaded_terms", "loaded_term", "notorious", "pejorative", -1.5, category="pejorative",
              lexicon="pejorative", source="framing curated"),
            f("a", "actor_sentiment", "actor", None, "person", 0.3, actor="Nayib Bukele", actor_id="bukele",
              mentions=2, sentiment=0.3, text="Nayib Bukele"),
            f("a", "actor_sentiment", "actor_mention", "Bukele", "Nayib Bukele", 0.3, actor="Nayib Bukele",
              actor_id="bukele", np="Bukele", voice="author", role="agent"),
            f("a", "actor_sentiment", "actor", None, "group", -0.2, actor="the deportees", actor_id="deportees",
              mentions=1, sentiment=-0.2, text="the deportees"),
        ]  # fmt: skip
    elif aid == "b":
        out += [
            quote("b", "We will fight this,", f"Ana {XSS}"),
            quote("b", "The order came too late", None, "indirect", "vague"),
            f("b", "hedging", "hedge", "reportedly", "adverb", None, cue_type="adverb"),
            f("b", "loaded_terms", "loaded_term", "mega-prison", "sensational", -1.0, category="sensational",
              lexicon=XSS, source=XSS),
            f("b", "loaded_terms", "loaded_term", XSS, f"emotive {XSS}", -1.0, category=f"emotive {XSS}",
              lexicon="vader"),
            f("b", "actor_sentiment", "actor", None, "group", -0.4, actor="the deportees", actor_id="deportees",
              mentions=2, sentiment=-0.4, text="the deportees"),
            f("b", "error", "error", None, None, None, text="boom"),
        ]  # fmt: skip
    else:
        out += [
            quote("c", "These are dangerous people,", "Marco Rubio"),
            f("c", "hedging", "booster", "clearly", "adverb", None, cue_type="adverb"),
            f("c", "loaded_terms", "loaded_term", "criminal illegal aliens", "pejorative", -2.0,
              category="pejorative", lexicon="pejorative"),
            f("c", "loaded_terms", "loaded_term", "illegal", "pejorative", -1.0, category="pejorative",
              lexicon="pejorative"),
            f("c", "actor_sentiment", "actor", None, "person", 0.5, actor="Bukele", actor_id="bukele", mentions=1,
              sentiment=0.5, text="Bukele"),
            f("c", "actor_sentiment", "actor", None, "group", -0.7, actor="the deportees", actor_id="deportees",
              mentions=1, sentiment=-0.7, text="the deportees"),
        ]  # fmt: skip
    return out


def make_result(aid: str, story: str = "") -> ArticleResult:
    text = TEXTS[aid]
    title = text.split("\n\n")[0]
    if aid == "b":
        title = f"Title {XSS}"
    meta = ArticleMeta(
        id=aid, path=f"{aid}.txt", title=title, outlet=f"Outlet {aid.upper()}" if aid != "b" else XSS,
        date="2025-03-16", story=story, words=count_words(text), chars=len(text), analysis_end=len(text),
    )  # fmt: skip
    errors = (ErrorRecord("analyzer", "hedging", "boom", aid),) if aid == "b" else ()
    return ArticleResult(meta, tuple(article_findings(aid)), {}, {}, errors, text)


def comparisons(ids: list[str]) -> dict[str, ComparisonOutput]:
    facts = [
        ("F1", "The judge ordered the flights turned back before they landed.", {"a": "hours after Judge James"}),
        ("F2", "The deportees were sent to a mega-prison.", {"a": "A plane carrying 238", "b": "The deportees were"}),
        ("F3", f"A fact with {XSS} only in one article.", {"b": "A reader wrote"}),
    ]
    coverage, omissions = [], []
    for fid, fact, where in facts:
        present = [a for a in ids if a in where]
        for aid in ids:
            coverage.append({"fact_id": fid, "fact": fact, "article": aid, "present": aid in present,
                             "unique": len(present) == 1 and aid in present})  # fmt: skip
            if aid not in present and len(present) > 1:
                omissions.append(
                    Finding(aid, "omission", "omission", None, None, fact, "fact", 1.0,
                            {"fact": fact, "fact_id": fid, "present_in": present,
                             "evidence": [{"article": a, "text": TEXTS[a][TEXTS[a].index(where[a]):][:60]}
                                          for a in present]})
                )  # fmt: skip
    labels = []
    label_findings = []
    for aid, label, needle in (("a", "alleged gang members", "alleged gang members"), ("b", "deportees", "deportees"),
                               ("c", f"criminal illegal aliens {XSS}", "criminal illegal aliens")):  # fmt: skip
        if aid not in ids:
            continue
        labels.append({"referent_id": "actor:deportees", "referent": "the deportees", "article": aid, "label": label,
                       "count": 1, "connotation": "negative" if aid == "c" else "neutral"})  # fmt: skip
        start, end = _span(aid, needle)
        label_findings.append(
            Finding(
                aid,
                "labels",
                "label",
                start,
                end,
                needle,
                label,
                0.0,
                {"referent": "the deportees", "referent_id": "actor:deportees", "label": label},
            )
        )
    actor_matrix = []
    for aid in ids:
        for fnd in article_findings(aid):
            if fnd.kind == "actor":
                actor_matrix.append({"actor_id": fnd.attrs["actor_id"], "actor": "Nayib Bukele" if fnd.attrs["actor_id"]
                                     == "bukele" else "the deportees", "type": fnd.label, "article": aid,
                                     "mentions": fnd.attrs["mentions"], "sentiment": fnd.attrs["sentiment"],
                                     "sentiment_author": None, "sentiment_quote": None})  # fmt: skip
    return {
        "actors": ComparisonOutput(tables={"actor_matrix": actor_matrix}, data={"actors": []}),
        "labels": ComparisonOutput(findings=label_findings, tables={"labels": labels}),
        "omission": ComparisonOutput(findings=omissions, tables={"fact_coverage": coverage}),
    }


def make_run(stories: dict[str, list[str]] | None = None) -> RunResult:
    stories = stories or {"": ["a", "b", "c"]}
    results, story_results = [], []
    for name, ids in stories.items():
        rs = [make_result(aid, name) for aid in ids]
        results += rs
        story_results.append(StoryResult(Story(name, tuple(rs)), comparisons(ids)))
    provenance = {
        "framing_version": "0.0-test",
        "python": "3.x",
        "libraries": {"spacy": "3.8", "matplotlib": "3.x"},
        "model": "synthetic",
        "pipeline": ["tok2vec"],
        "analyzers": ["attribution", "hedging", "loaded_terms", "actor_sentiment"],
        "comparisons": ["actors", "labels", "omission"],
        "plugins": [{"name": XSS, "origin": "file", "module": XSS, "version": None, "provides": {}, "error": XSS}],
        "input": "synthetic",
        "counts": {"articles": len(results), "findings": sum(len(r.findings) for r in results)},
    }
    return RunResult(tuple(results), tuple(story_results), (), (), provenance)


@pytest.fixture
def synthetic_run() -> RunResult:
    return make_run()


@pytest.fixture(scope="session")
def report_host():
    from framing.plugins import PluginOptions, load_plugins

    return load_plugins(PluginOptions(entry_points=False))
