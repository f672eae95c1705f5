"""Tests for the labels comparison: how each article names the same actor or group."""

from __future__ import annotations

import pytest
import spacy

from framing.comparisons.labels import compare, connotation, normalize_label, summarize, trim_np
from framing.models import ArticleMeta, ArticleResult, ComparisonOutput, Story


@pytest.fixture(scope="module")
def nlp(model_name):
    return spacy.load(model_name)


def result(aid: str, text: str, summaries: dict) -> ArticleResult:
    return ArticleResult(article=ArticleMeta(id=aid), summaries=summaries, text=text)


def test_normalize_and_trim():
    assert normalize_label("the   Venezuelan migrants") == "venezuelan migrants"
    assert normalize_label("more than 200 Venezuelan migrants") == "venezuelan migrants"
    assert normalize_label("Hundreds of immigrants") == "immigrants"
    assert trim_np("Venezuelan migrants deported by the United States") == "Venezuelan migrants deported"
    assert trim_np("members of the Venezuelan gang, which is violent") == "members of the Venezuelan gang"


def test_connotation():
    assert connotation("criminal illegal aliens")[0] == "negative"
    assert connotation("venezuelan migrants")[0] == "neutral"
    assert connotation("immigrants alleged to be members")[0] == "hedged"
    assert connotation("heroic rescuers")[0] == "positive"


def test_labels_from_actors_data():
    texts = {
        "a": "Officials deported the criminal illegal aliens on Sunday.",
        "b": "A plane carrying Venezuelan migrants landed.",
        "c": "Hundreds of immigrants alleged to be members of a gang were deported.",
    }
    nps = {
        "a": "the criminal illegal aliens",
        "b": "Venezuelan migrants",
        "c": "immigrants alleged to be members of a gang",
    }
    heads = {"a": "aliens", "b": "migrants", "c": "immigrants"}
    articles = []
    for aid, text in texts.items():
        start = text.index(heads[aid])
        mention = {
            "start": start,
            "end": start + len(heads[aid]),
            "text": heads[aid],
            "np": nps[aid],
            "voice": "author",
        }
        actor = {"id": "deportees", "name": "deportees", "type": "group", "mentions": [mention]}
        articles.append(result(aid, text, {"actor_sentiment": {"actors": [actor]}}))
    story = Story("s", tuple(articles))
    actors = [
        {
            "id": "deportees",
            "name": "deportees",
            "type": "group",
            "articles": {aid: {"local_id": "deportees", "mentions": 1, "labels": [nps[aid]]} for aid in texts},
        }
    ]
    out = compare(story, {"actors": ComparisonOutput(data={"actors": actors})})
    rows = {r["article"]: r for r in out.tables["labels"]}
    assert rows["a"]["label"] == "criminal illegal aliens" and rows["a"]["connotation"] == "negative"
    assert rows["b"]["label"] == "venezuelan migrants" and rows["b"]["connotation"] == "neutral"
    assert rows["c"]["label"] == "immigrants alleged to be members" and rows["c"]["connotation"] == "hedged"
    assert {r["referent_id"] for r in out.tables["labels"]} == {"actor:deportees"}
    for f in out.findings:
        assert f.kind == "label" and f.analyzer == "labels"
        assert texts[f.article][f.start : f.end] == f.text
        assert {"referent", "referent_id", "label"} <= set(f.attrs)


def test_fallback_groups_without_actors(nlp):
    texts = {
        "fox": "The administration deported criminal illegal aliens to El Salvador.",
        "ap": "A plane carrying more than 200 Venezuelan migrants landed in El Salvador.",
        "nbc": "Hundreds of immigrants alleged to be members of the gang were deported.",
    }
    story = Story("s", tuple(result(aid, t, {"labels": summarize(nlp(t))}) for aid, t in texts.items()))
    out = compare(story, {})
    labels = {(r["article"], r["label"], r["connotation"]) for r in out.tables["labels"]}
    assert ("fox", "criminal illegal aliens", "negative") in labels
    assert ("ap", "venezuelan migrants", "neutral") in labels
    assert ("nbc", "immigrants alleged to be members", "hedged") in labels
    assert {r["referent_id"] for r in out.tables["labels"]} == {"group:migrants"}


def test_referent_named_in_one_article_only_is_left_out(nlp):
    story = Story("s", (result("a", "Migrants arrived.", {"labels": summarize(nlp("Migrants arrived."))}),))
    assert compare(story, {}).tables["labels"] == []


def test_seed_deportee_labels_differ(nlp, seed_texts):
    story = Story("seeds", tuple(result(k, v, {"labels": summarize(nlp(v))}) for k, v in seed_texts.items()))
    out = compare(story, {})
    by_article: dict[str, set[str]] = {}
    for row in out.tables["labels"]:
        if row["referent_id"] == "group:migrants":
            by_article.setdefault(row["article"], set()).add(row["label"])
    assert "criminal illegal aliens" in by_article["003_d23ec949c00eaa1b"]
    assert any(label.startswith("venezuelan migrants") for label in by_article["001_b0ff23a697316e2e"])
    assert "immigrants alleged to be members" in by_article["004_ec622e111cc1bb68"]
    assert by_article["003_d23ec949c00eaa1b"] != by_article["004_ec622e111cc1bb68"]


def test_name_variants_merge_and_places_are_skipped():
    texts = {"a": "Bukele spoke. Nayib Bukele left.", "b": "The millennial strongman Bukele spoke."}
    mentions = {
        "a": [("Bukele", "Bukele"), ("Nayib Bukele", "Nayib Bukele")],
        "b": [("Bukele", "The millennial strongman Bukele")],
    }
    articles = []
    for aid, text in texts.items():
        ms = []
        for mention, np in mentions[aid]:
            start = text.index(mention)
            ms.append({"start": start, "end": start + len(mention), "text": mention, "np": np, "voice": "author"})
        actor = {"id": "bukele", "name": "Nayib Bukele", "type": "person", "mentions": ms}
        place = {"id": "sv", "name": "El Salvador", "type": "place", "mentions": []}
        articles.append(result(aid, text, {"actor_sentiment": {"actors": [actor, place]}}))
    actors = [
        {"id": "bukele", "name": "Nayib Bukele", "type": "person", "aliases": ["Bukele"],
         "articles": {"a": {"local_id": "bukele"}, "b": {"local_id": "bukele"}}},
        {"id": "sv", "name": "El Salvador", "type": "place",
         "articles": {"a": {"local_id": "sv", "labels": ["El Salvador"]},
                      "b": {"local_id": "sv", "labels": ["Salvador"]}}},
    ]  # fmt: skip
    out = compare(Story("s", tuple(articles)), {"actors": ComparisonOutput(data={"actors": actors})})
    rows = {(r["article"], r["label"]): r["count"] for r in out.tables["labels"]}
    assert rows == {("a", "nayib bukele"): 2, ("b", "millennial strongman bukele"): 1}


def test_connotation_is_memoised_but_returns_a_fresh_list():
    first = connotation("criminal illegal aliens")
    first[2].append("changed by the caller")
    assert connotation("criminal illegal aliens") == ("negative", first[1], first[2][:-1])
