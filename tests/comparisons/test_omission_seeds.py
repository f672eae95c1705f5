"""Omissions on the five seed articles against a gold list read by hand.

The seeds (``seeds/``) are five articles on one event: the deportation of Venezuelans to
El Salvador's CECOT prison in March 2025. ``000`` is a machine translation, ``001`` a
rewrite, ``002`` a long partisan piece, ``003`` Fox News, ``004`` an explainer. With five
articles and the default threshold (half of the others), an article omits a fact when at
least two of the four others report it.

``TRUE_OMISSIONS`` are facts at least two others report and the article never states: each
must be reported, with evidence from the others. ``FALSE_OMISSIONS`` are facts that the
article does state, in other words: none may be reported as omitted. Borderline cases
(the article states part of the fact, or a looser version) are left out of both lists and
listed at the end of ``docs/omission.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.comparisons.omission import compare
from framing.comparisons.omission_units import summarize
from framing.loaders import load_directory
from framing.models import Article, ArticleMeta, ArticleResult, Story, count_words
from framing.plugins import PluginOptions, load_plugins

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeds():
    """``(texts, output)``: the seeds loaded as the CLI loads them (furniture trimmed), compared."""
    from framing.model import cached_model

    host = load_plugins(PluginOptions())
    articles = [a for a in load_directory(SEEDS, host.loaders) if isinstance(a, Article)]
    nlp = cached_model()
    results = []
    for article, doc in zip(articles, nlp.pipe([a.analysis_text for a in articles]), strict=True):
        results.append(
            ArticleResult(
                article=ArticleMeta(id=article.id[:3], words=count_words(article.text)),
                summaries={"omission": summarize(doc)},
                text=article.text,
            )
        )
    texts = {a.id[:3]: a.text for a in articles}
    return texts, compare(Story(id="", articles=tuple(results)), {})


def omissions(out, article):
    return [f for f in out.findings if f.article == article and f.kind == "omission"]


def _has(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()
    return all(w.lower() in low for w in words)


# (article, words that identify the fact in the reported fact or in its evidence, what it is)
TRUE_OMISSIONS = [
    # named in the issue
    ("004", ("238",), "the 238 deportees (000-003)"),
    ("004", ("oops",), "Bukele's 'Oopsie... too late' post (000-003)"),
    ("004", ("already departed",), "the planes had left despite the order (000-003)"),
    ("002", ("human rights",), "the human-rights criticism of CECOT (000, 001, 004)"),
    ("003", ("human rights",), "the human-rights criticism of CECOT (000, 001, 004)"),
    ("002", ("video", "chained"), "the video of shackled detainees (000, 001, 004)"),
    ("003", ("video", "chained"), "the video of shackled detainees (000, 001, 004)"),
    ("000", ("three times",), "the Alien Enemies Act was used only three times (002-004)"),
    ("001", ("three times",), "the Alien Enemies Act was used only three times (002-004)"),
    # found on reading
    ("001", ("very low",), "Bukele: 'The United States will pay very low costs' (000, 002, 003)"),
    ("004", ("very low",), "Bukele: 'The United States will pay very low costs' (000, 002, 003)"),
    ("004", ("strongest security leader",), "Rubio's praise of Bukele (000-003)"),
    ("004", ("foreign terrorist organizations",), "both gangs designated terrorist organisations (000-003)"),
    ("004", ("first offered",), "Bukele first offered to take deportees in February (000-003)"),
    ("004", ("hundreds of violent criminals",), "Rubio: 'Hundreds of violent criminals were sent' (000, 001)"),
    ("004", ("thank you",), "Rubio: 'Thank you for your help and friendship' (000, 003)"),
    ("002", ("armored vehicles",), "detainees forced into buses and armored vehicles (000, 001, 004)"),
    ("003", ("armored vehicles",), "detainees forced into buses and armored vehicles (000, 001, 004)"),
    ("002", ("11,000",), "ICE deported fewer than under Biden (000, 001)"),
    ("003", ("11,000",), "ICE deported fewer than under Biden (000, 001)"),
    ("004", ("11,000",), "ICE deported fewer than under Biden (000, 001)"),
    ("002", ("largest deportation operation",), "Trump's promise of the largest deportation operation (000, 001)"),
    ("003", ("largest deportation operation",), "Trump's promise of the largest deportation operation (000, 001)"),
    ("004", ("largest deportation operation",), "Trump's promise of the largest deportation operation (000, 001)"),
]
# facts 002 and 003 share (Rubio's and Bukele's posts, CECOT's regime), missing from 000, 001 and 004
for _article in ("000", "001", "004"):
    TRUE_OMISSIONS += [
        (_article, ("fair price",), "El Salvador agreed to hold them at a fair price (002, 003)"),
        (_article, ("$200 million",), "the prison system costs $200 million a year (002, 003)"),
        (_article, ("legal residents",), "Bukele offered to take U.S. citizens and legal residents (002, 003)"),
        (_article, ("colorado",), "Tren de Aragua in Colorado and Texas, MS-13 founded in Los Angeles (002, 003)"),
        (_article, ("as always",), "Bukele: 'As always, we continue advancing...' (002, 003)"),
        (_article, ("vital intelligence",), "Bukele: '... obtaining vital intelligence' (002, 003)"),
    ]
TRUE_OMISSIONS += [
    ("000", ("visitors",), "CECOT inmates barred from receiving visitors (002-004)"),
    ("001", ("visitors",), "CECOT inmates barred from receiving visitors (002-004)"),
    ("004", ("virtually",), "CECOT inmates only attend hearings virtually, no cell signal (002, 003)"),
]


@pytest.mark.parametrize(("article", "words", "what"), TRUE_OMISSIONS)
def test_seed_true_omission_is_reported(seeds, article, words, what):
    texts, out = seeds
    found = [
        f
        for f in omissions(out, article)
        if _has(f.attrs["fact"], words) or any(_has(ev["text"], words) for ev in f.attrs["evidence"])
    ]
    assert found, f"{article} omits {what}"
    for finding in found:
        evidence = finding.attrs["evidence"]
        assert evidence and all(ev["article"] != article for ev in evidence)
        for ev in evidence:
            assert texts[ev["article"]][ev["start"] : ev["end"]] == ev["text"]


# (article, alternative wordings of the fact -- any in the reported fact is a false omission, what it says)
FALSE_OMISSIONS = [
    (
        "000",
        (("ruling issued",), ("boasberg ordered",), ("halt its deportations",)),
        "'a Federal Judge blocked US President Donald Trump to invoke a secure law in wartime'",
    ),
    (
        "001",
        (("boasberg ordered",), ("federal judge blocked",), ("halt its deportations",)),
        "'a ruling issued late Saturday by U.S. District Judge James Boasberg, who blocked ...'",
    ),
    ("000", (("first offered",),), "'During this trip, which took place in February, Bukele made a first offer'"),
    ("001", (("first offered",),), "'During the visit, Bukele reportedly offered to accept deported individuals'"),
    ("001", (("thank you for your help",),), "'Rubio ... thanked Bukele for his cooperation'"),
    ("002", (("without regular procedure",), ("without due process",)), "'without a hearing'"),
    pytest.param(
        "003",
        (("without regular procedure",), ("without due process",)),
        "'without a hearing'",
        marks=pytest.mark.xfail(
            strict=True,
            reason="known limit: the parse attaches 'without regular procedure' to 'threatening the security', "
            "a clause 003 ('natives and citizens of an enemy nation') states in other words",
        ),
    ),
    ("002", (("more than 200",),), "'238 members of ... Tren de Aragua had arrived in El Salvador'"),
    ("003", (("more than 200",),), "'the first 238 members ... arrived in our country'"),
    ("004", (("video",),), "'video footage ... showed the detainees arriving in shackles'"),
    ("004", (("human rights",),), "'Human rights groups have also raised concerns about El Salvador's prison system'"),
]
# CECOT's capacity and the one-year term: every article states them
for _article in ("000", "001", "002", "003", "004"):
    FALSE_OMISSIONS += [
        (_article, (("40,000",),), "CECOT holds up to 40,000 inmates"),
        (_article, (("one year",), ("1 year",)), "held for one year"),
    ]


@pytest.mark.parametrize(("article", "wordings", "what"), FALSE_OMISSIONS)
def test_seed_false_omission_is_not_reported(seeds, article, wordings, what):
    _, out = seeds
    found = [f.attrs["fact"] for f in omissions(out, article) if any(_has(f.attrs["fact"], w) for w in wordings)]
    assert not found, f"{article} states it: {what}"


def test_seed_omission_fact_is_the_missing_part(seeds):
    """The fact shown is the clause that is missing, not the whole two-claim sentence."""
    _, out = seeds
    for article in ("000", "001"):
        found = [f for f in omissions(out, article) if _has(f.attrs["fact"], ("three times",))]
        assert found
        assert not _has(found[0].attrs["fact"], ("without a hearing",)), found[0].attrs["fact"]
        assert _has(found[0].attrs["sentence"], ("without a hearing",))
    for article in ("002", "003"):
        found = [f for f in omissions(out, article) if _has(f.attrs["fact"], ("human rights",))]
        assert found and not _has(found[0].attrs["fact"], ("40,000",)), found[0].attrs["fact"]


def test_seed_few_false_omissions_per_article(seeds):
    """A ceiling on the omission count per article (the gold list has about 10-30 per article)."""
    _, out = seeds
    counts = {a: len(omissions(out, a)) for a in ("000", "001", "002", "003", "004")}
    assert counts["004"] >= 20 and all(n >= 5 for n in counts.values()), counts


SEED_UNIQUE = [("004", "$6 million"), ("004", "261 deaths"), ("004", "Tecoluca")]


@pytest.mark.parametrize(("article", "words"), SEED_UNIQUE)
def test_seed_unique_facts(seeds, article, words):
    _, out = seeds
    unique = [f for f in out.findings if f.article == article and f.kind == "unique_fact"]
    assert [f for f in unique if words.lower() in f.text.lower()]


def test_seed_no_furniture_facts(seeds):
    _, out = seeds
    facts = " ".join(r["fact"] for r in out.tables["fact_coverage"])
    assert "Mercury retrograde" not in facts and "Comments FAQ" not in facts and "Why were" not in facts


def test_seed_actor_number_and_source_omissions(seeds):
    _, out = seeds

    def of(article, kind, attr):
        return {f.attrs[attr] for f in out.findings if f.article == article and f.kind == kind}

    actors = {a.lower() for a in of("004", "omitted_actor", "actor")}
    assert any("rubio" in a for a in actors) and any("boasberg" in a for a in actors)
    assert {"238", "23"} <= of("004", "omitted_number", "number")
    assert "3 time" in of("000", "omitted_number", "number")
    assert any("rubio" in s.lower() for s in of("004", "omitted_source", "source"))
    assert out.data["groups"] == [["000", "001", "002", "003", "004"]]


def test_seed_containment_evidence_offsets(seeds):
    texts, out = seeds
    contained = [(a, ev) for f in out.data["facts"] for a, evs in f.get("contained", {}).items() for ev in evs]
    assert contained
    for article, ev in contained:
        assert texts[article][ev["start"] : ev["end"]] == ev["text"]
        assert 0.0 < ev["score"] <= 1.0
