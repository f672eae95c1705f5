"""Comparison ``actors``: merging the actors of a story's articles into canonical actors."""

from __future__ import annotations

import json

import pytest
import spacy

from framing.comparisons.actors import compare, merge_story_actors
from framing.models import ArticleMeta, ArticleResult, Story

REQUIRED = {
    "nayib-bukele",
    "marco-rubio",
    "donald-trump",
    "james-boasberg",
    "ice",
    "tren-de-aragua",
    "ms-13",
    "deportees",
}


def local(actor_id, name, type_, sentiment=0.0, aliases=(), n=1):
    mentions = [{"text": name, "np": name, "kind": "name", "start": 0, "end": len(name)} for _ in range(n)]
    return {
        "id": actor_id,
        "name": name,
        "type": type_,
        "aliases": list(aliases) or [name],
        "mentions": mentions,
        "sentiment": sentiment,
        "sentiment_author": sentiment,
        "sentiment_quote": None,
    }


def test_surname_and_full_name_merge_across_articles():
    merged = merge_story_actors(
        {
            "a": [local("bukele", "Bukele", "org", 0.2)],
            "b": [local("nayib-bukele", "Nayib Bukele", "person", -0.4, n=3)],
            "c": [local("united-states", "United States", "place")],
        }
    )
    bukele = [m for m in merged if m["id"] == "nayib-bukele"]
    assert len(bukele) == 1
    assert bukele[0]["type"] == "person"
    assert set(bukele[0]["articles"]) == {"a", "b"}
    assert bukele[0]["articles"]["b"]["mentions"] == 3
    assert bukele[0]["articles"]["a"]["local_id"] == "bukele"


def test_connector_variants_and_titles_do_not_over_merge():
    merged = merge_story_actors(
        {
            "a": [
                local("tren-of-aragua", "Tren of Aragua", "org"),
                local("joe-biden", "Joe Biden", "person", aliases=["Joe Biden", "president"]),
            ],
            "b": [
                local("tren-de-aragua", "Tren de Aragua", "org", n=3),
                local("donald-trump", "Donald Trump", "person", aliases=["Trump", "president"]),
            ],
        }
    )
    ids = {m["id"] for m in merged}
    assert "tren-de-aragua" in ids and "tren-of-aragua" not in ids
    assert {"joe-biden", "donald-trump"} <= ids


def test_ids_are_stable():
    data = {
        "b": [local("ms-13", "MS-13", "org")],
        "a": [local("ms-13", "MS-13 gang", "org"), local("deportees", "the deportees", "group")],
    }
    first = merge_story_actors(data)
    second = merge_story_actors(dict(reversed(list(data.items()))))
    assert sorted(m["id"] for m in first) == sorted(m["id"] for m in second) == ["deportees", "ms-13"]


@pytest.fixture(scope="module")
def seed_story(model_name, seed_texts):
    nlp = spacy.load(model_name)
    nlp.add_pipe("framing_actor_sentiment")
    results = []
    for name, text in seed_texts.items():
        doc = nlp(text)
        summary = doc._.framing_actor_sentiment["summary"]
        results.append(ArticleResult(article=ArticleMeta(id=name), summaries={"actor_sentiment": summary}, text=text))
    return Story(id="", articles=tuple(results))


def test_seed_story_actors(seed_story):
    output = compare(seed_story, {})
    actors = output.data["actors"]
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    assert set(ids) >= REQUIRED, ids
    by_id = {a["id"]: a for a in actors}
    assert by_id["nayib-bukele"]["name"] == "Nayib Bukele"
    assert len(by_id["deportees"]["articles"]) == 5  # one group actor in every article
    assert len(by_id["tren-de-aragua"]["articles"]) == 5
    for actor_id in REQUIRED:
        for info in by_id[actor_id]["articles"].values():
            assert {"local_id", "mentions", "sentiment", "sentiment_author", "sentiment_quote", "labels"} <= set(info)
    labels = {label.lower() for info in by_id["deportees"]["articles"].values() for label in info["labels"]}
    assert any("immigrants" in label for label in labels)
    table = output.tables["actor_matrix"]
    assert len(table) == len(actors) * 5
    assert set(table[0]) == {
        "actor_id",
        "actor",
        "type",
        "article",
        "mentions",
        "sentiment",
        "sentiment_author",
        "sentiment_quote",
    }
    for finding in output.findings:
        assert finding.analyzer == "actors" and finding.article in seed_story.article_ids
    json.dumps(output.data)
