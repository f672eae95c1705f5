"""The sources comparison: quoted words by speaker, and who is quoted by some outlets but not others."""

from __future__ import annotations

import pytest
import spacy

from framing.comparisons.sources import compare, speaker_key
from framing.models import ArticleMeta, ArticleResult, Finding, Story


def result(article_id: str, quotes: list[dict], text: str = "") -> ArticleResult:
    return ArticleResult(
        article=ArticleMeta(id=article_id),
        summaries={"attribution": {"quotes": quotes}},
        text=text,
    )


def q(speaker, words, qtype="direct", stype=None):
    return {
        "speaker": speaker,
        "speaker_type": stype or ("named" if speaker else "anonymous"),
        "type": qtype,
        "words": words,
    }


def test_quoted_words_and_unquoted_sources():
    story = Story(
        id="s",
        articles=(
            result("a", [q("Marco Rubio", 10), q("Rubio", 5, "partial"), q("Nayib Bukele", 5), q(None, 4, "indirect")]),
            result("b", [q("Bukele", 8)], text="Rubio was there too."),
            result("c", [], text="Nothing about them."),
        ),
    )
    out = compare(story, {})
    rows = {(r["article"], r["speaker"]): r for r in out.tables["quoted_words"]}
    assert rows[("a", "Marco Rubio")]["words"] == 15
    assert rows[("a", "Marco Rubio")]["quotes"] == 2
    assert rows[("a", "Marco Rubio")]["share"] == 0.75
    assert rows[("b", "Nayib Bukele")]["words"] == 8
    assert rows[("a", "(anonymous)")]["indirect"] == 1
    missing = {(f.article, f.attrs["speaker"]): f for f in out.findings}
    assert ("b", "Marco Rubio") in missing and missing[("b", "Marco Rubio")].attrs["mentioned"] is True
    assert ("c", "Marco Rubio") in missing and missing[("c", "Marco Rubio")].attrs["mentioned"] is False
    assert ("c", "Nayib Bukele") in missing and ("b", "Nayib Bukele") not in missing
    assert all(f.analyzer == "sources" and f.kind == "unquoted_source" for f in out.findings)
    assert out.metrics["a"]["top_speaker"] == "Marco Rubio"
    assert out.metrics["a"]["exclusive_speakers"] == 1
    coverage = [r for r in out.tables["speaker_coverage"] if r["speaker"] == "Marco Rubio"]
    assert {r["article"]: r["quoted"] for r in coverage} == {"a": True, "b": False, "c": False}


def test_falls_back_to_findings_and_single_article():
    finding = Finding(
        "a", "attribution", "quote", 0, 5, "hello", attrs={"speaker": "Tom Baker", "type": "direct", "words": 1}
    )
    story = Story(id="s", articles=(ArticleResult(article=ArticleMeta(id="a"), findings=(finding,)),))
    out = compare(story, {})
    assert out.tables["quoted_words"][0]["speaker"] == "Tom Baker"
    assert out.findings == []


def test_empty_story():
    out = compare(Story(id="s", articles=()), {})
    assert out.tables["quoted_words"] == [] and out.findings == []


def test_speaker_key():
    assert speaker_key("Nayib Bukele") == speaker_key("Bukele’s") == "bukele"


@pytest.fixture(scope="module")
def seed_story(model_name, seed_texts):
    nlp = spacy.load(model_name)
    nlp.add_pipe("framing_attribution")
    results = []
    for name, text in seed_texts.items():
        stored = nlp(text)._.framing_attribution
        results.append(result(name, stored["summary"]["quotes"], text))
    return Story(id="seeds", articles=tuple(results))


def test_seeds_rubio_is_quoted_by_some_outlets_only(seed_story):
    out = compare(seed_story, {})
    unquoted = {(f.article[:3], f.attrs["speaker"]) for f in out.findings}
    assert ("004", "Marco Rubio") in unquoted  # the critical piece never quotes Rubio
    assert ("003", "Marco Rubio") not in unquoted
    words = {(r["article"][:3], r["speaker"]): r["words"] for r in out.tables["quoted_words"]}
    assert words[("003", "Marco Rubio")] > words.get(("001", "Marco Rubio"), 0)
