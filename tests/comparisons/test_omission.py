"""Tests of the omission comparison on synthetic stories with known omissions (seeds: test_omission_seeds)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from framing.comparisons import omission
from framing.comparisons.omission import compare
from framing.comparisons.omission_align import AlignSettings, Unit, align_units, unit_terms
from framing.comparisons.omission_units import summarize
from framing.models import ArticleMeta, ArticleResult, Story, count_words


@pytest.fixture(scope="module")
def nlp():
    from framing.model import cached_model

    return cached_model()


def make_story(nlp, texts: dict[str, str], extra: dict[str, dict] | None = None) -> Story:
    results = []
    for aid, text in texts.items():
        doc = nlp(text)
        summaries = {"omission": summarize(doc), **((extra or {}).get(aid, {}))}
        results.append(
            ArticleResult(article=ArticleMeta(id=aid, words=count_words(text)), summaries=summaries, text=text)
        )
    return Story(id="", articles=tuple(results))


def omissions(output, article, kind="omission"):
    return [f for f in output.findings if f.article == article and f.kind == kind]


def mentions(findings, *words):
    return [f for f in findings if all(w.lower() in f.text.lower() for w in words)]


LIBRARY = {
    "a": (
        "The city council approved a $3 million budget for the new public library on Tuesday.\n"
        "Mayor Jane Smith said the library would open its doors in June.\n"
        "Critics said the money should have gone to road repairs instead.\n"
        "The library will hold up to 50,000 books and a children's wing."
    ),
    "b": (
        "On Tuesday, the council voted to approve a $3 million budget for a new public library.\n"
        "The library is expected to open in June, Mayor Jane Smith said.\n"
        "Opponents argued that the funds should have been spent on fixing roads instead.\n"
        "The new building will house 50,000 books."
    ),
    "c": (
        "The council approved $3 million for the new public library project on Tuesday.\n"
        "Mayor Jane Smith said the library would open in June.\n"
        "The library will house 50,000 books in its collection.\n"
        "The architect, Tom Reyes, designed a glass roof for the reading room."
    ),
}


@pytest.fixture(scope="module")
def library(nlp):
    story = make_story(nlp, LIBRARY)
    return story, compare(story, {})


def test_synthetic_omission_is_found_with_evidence(library):
    _, out = library
    found = mentions(omissions(out, "c"), "road")
    assert found, [f.text for f in omissions(out, "c")]
    finding = found[0]
    assert finding.start is None and finding.end is None
    assert set(finding.attrs["present_in"]) == {"a", "b"}
    assert {e["article"] for e in finding.attrs["evidence"]} == {"a", "b"}
    for ev in finding.attrs["evidence"]:
        text = LIBRARY[ev["article"]]
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert finding.attrs["fact"] == finding.text and finding.attrs["fact_id"]


def test_paraphrased_facts_are_not_omissions(library):
    _, out = library
    # every article reports budget, opening date and the 50,000 books, in different words
    for article in "abc":
        texts = " ".join(f.text for f in omissions(out, article))
        assert "50,000" not in texts and "June" not in texts and "$3 million" not in texts, texts


def test_unique_fact_has_span(library):
    _, out = library
    unique = omissions(out, "c", "unique_fact")
    assert mentions(unique, "glass roof")
    for f in unique:
        assert LIBRARY["c"][f.start : f.end] == f.text
    assert not mentions(omissions(out, "a", "unique_fact"), "June")


def test_metrics_and_coverage_table(library):
    _, out = library
    assert out.metrics["c"]["facts_omitted"] >= 1
    assert out.metrics["c"]["facts_unique"] >= 1
    assert out.metrics["a"]["facts_reported"] >= 4
    rows = out.tables["fact_coverage"]
    assert rows and set(rows[0]) == {"fact_id", "fact", "article", "present", "unique"}
    assert len({r["fact_id"] for r in rows}) * 3 == len(rows)
    json.dumps(out.data)  # JSON-safe


def test_omitted_actor_and_number(nlp):
    texts = {
        "a": "Judge Ann Lowe blocked the merger on Friday. The deal was worth $12 billion.\nShares fell 8 percent.",
        "b": "A federal judge, Ann Lowe, blocked the merger on Friday, a $12 billion deal. Investors were stunned.",
        "c": "The merger was blocked on Friday by a court. Investors reacted calmly to the decision.",
    }
    out = compare(make_story(nlp, texts), {})
    actors = omissions(out, "c", "omitted_actor")
    assert [f.attrs["actor"] for f in actors] == ["Ann Lowe"], [f.text for f in actors]
    numbers = omissions(out, "c", "omitted_number")
    assert "$12 billion" in [f.attrs["number"] for f in numbers]
    assert not omissions(out, "a", "omitted_actor")


def test_omitted_source_from_attribution_summary(nlp):
    texts = {
        "a": "The governor signed the bill on Monday. “This is a great day,” Governor Lee said.",
        "b": "Governor Lee signed the bill on Monday, calling it “a great day for the state.”",
        "c": "The governor signed the bill on Monday. Lee has pushed for it for two years.",
    }
    extra = {
        "a": {
            "attribution": {"quotes": [{"start": 40, "end": 60, "speaker": "Governor Lee", "speaker_type": "named"}]}
        },
        "b": {"attribution": {"quotes": [{"start": 45, "end": 80, "speaker": "Lee", "speaker_type": "named"}]}},
        "c": {"attribution": {"quotes": []}},
    }
    out = compare(make_story(nlp, texts, extra), {})
    sources = omissions(out, "c", "omitted_source")
    assert [f.attrs["source"] for f in sources] == ["Governor Lee"]
    assert sources[0].attrs["mentioned"] is True


def test_paraphrase_aligns_and_near_miss_does_not():
    held = {"terms": ["prisoner", "hold", "possibility", "extend", "e:cecot"], "numbers": ["1 year"]}
    renewable = {"terms": ["transfer", "e:cecot", "period", "extend", "prison"], "numbers": ["1 year"]}
    economy = {"terms": ["e:el salvador", "economy", "grow", "percent"], "numbers": ["3"]}
    tourism = {"terms": ["tourism", "e:el salvador", "double", "visitor"], "numbers": []}
    filler = [{"terms": [f"w{i}", f"v{i}", "e:el salvador"], "numbers": []} for i in range(8)]
    raw = [("x", held), ("y", renewable), ("x", economy), ("y", tourism)] + [
        ("xy"[i % 2], f) for i, f in enumerate(filler)
    ]
    units = [Unit(a, i, 0, 0, str(i), unit_terms(u)) for i, (a, u) in enumerate(raw)]
    facts, _, _ = align_units(units, AlignSettings())
    cluster_of = {m: n for n, f in enumerate(facts) for m in f.members}
    assert cluster_of[0] == cluster_of[1]  # "held for at least one year" ~ "a period of one year (renewable)"
    assert cluster_of[2] != cluster_of[3]  # only "El Salvador" in common


def test_headings_and_furniture_are_not_facts(nlp):
    base = (
        "The river flooded the town of Milford on Sunday, forcing 300 families from their homes.\n"
        "Why did the river flood?\n"
        "Heavy rain fell for three days upstream, officials said.\n"
    )
    texts = {
        "a": base + "COMMENTS\nComments are moderated and generally will be posted if they are on-topic.\n",
        "b": base.replace("Why did the river flood?", "What happens next?") + "Politics4 days ago\nRelated stories\n",
        "c": "Flooding in Milford forced 300 families to leave their homes on Sunday after days of heavy rain.",
    }
    out = compare(make_story(nlp, texts), {})
    facts = " ".join(r["fact"] for r in out.tables["fact_coverage"])
    for junk in ("Why did", "What happens", "COMMENTS", "moderated", "days ago", "Related"):
        assert junk not in facts


def test_groups_mixed_events(nlp):
    texts = dict(LIBRARY)
    texts["x"] = "A storm knocked out power to 20,000 homes in Dover. Utility crews worked overnight to restore it."
    texts["y"] = "Storm damage left 20,000 Dover homes without power, and utility crews worked through the night."
    out = compare(make_story(nlp, texts), {})
    groups = sorted(sorted(g) for g in out.data["groups"])
    assert groups == [["a", "b", "c"], ["x", "y"]]
    assert not [f for f in out.findings if f.article in "abc" and "storm" in f.text.lower()]


def test_threshold_env_var(library, monkeypatch):
    story, _ = library
    monkeypatch.setenv("FRAMING_OMISSION_THRESHOLD", "1.0")
    strict = compare(story, {})
    # with threshold 1.0 an omission needs all others: "road repairs" is in a and b, so c still omits it
    assert mentions(omissions(strict, "c"), "road")
    assert all(f.score == 1.0 for f in strict.findings if f.kind == "omission")
    monkeypatch.setenv("FRAMING_OMISSION_THRESHOLD", "2")
    with pytest.raises(ValueError, match="FRAMING_OMISSION_THRESHOLD"):
        compare(story, {})


def test_module_settings_can_be_replaced(library, monkeypatch):
    story, _ = library
    monkeypatch.setattr(omission, "SETTINGS", dataclasses.replace(omission.SETTINGS, threshold=1.0))
    out = compare(story, {})
    assert all(f.score == 1.0 for f in out.findings if f.kind == "omission")


def test_registered_as_comparison():
    specs = []
    omission.framing_register_comparisons(register=specs.append)
    assert specs[0].name == "omission" and specs[0].summarize is summarize and specs[0].compare is compare


def test_summary_is_json_safe_and_normalises_numbers(nlp):
    doc = nlp("They paid $6 million for 40,000 tons. The law was used only three times. He was held for one year.")
    summary = summarize(doc)
    json.dumps(summary)
    norms = [n["norm"] for n in summary["numbers"]]
    assert "$6 million" in norms and "40,000" in norms and "3 time" in norms and "1 year" in norms


def test_generic_actor_alias_does_not_hide_omitted_actor(nlp):
    """Regression: actor_sentiment alias "Federal Judge" made the judge present in every article."""
    texts = {
        "a": "Judge Ann Lowe blocked the merger on Friday, a Federal Judge ruling.",
        "b": "A federal judge, Ann Lowe, blocked the merger on Friday.",
        "c": "A federal judge blocked the merger on Friday.",
    }
    actor = {"name": "Ann Lowe", "type": "person", "aliases": ["Ann Lowe", "Federal Judge", "judge"]}
    extra = {k: {"actor_sentiment": {"actors": [actor] if k != "c" else []}} for k in texts}
    out = compare(make_story(nlp, texts, extra), {})
    assert [f.attrs["actor"] for f in omissions(out, "c", "omitted_actor")] == ["Ann Lowe"]


# ------------------------------------------------------------------------------ false omissions (regressions)
# Synthetic story mirroring the false omissions once reported on the seeds: "c" states every
# shared fact, in other words, with another head noun, or inside a longer sentence.
TRANSFER = {
    "a": (
        "Under the new deal, the state will detain the transferred men for two years at Ridgeview, "
        "the largest jail in the region.\n"
        "The jail, which can hold up to 12,000 inmates, was built to house the region's most violent offenders.\n"
        "The transfers come as Judge Maria Lopez ordered the governor to halt the transfers under an emergency "
        "powers law that he invoked on Thursday.\n"
        "Some prisoners were placed at the back of armored trucks, while guards pushed others onto buses.\n"
        "The law allows the state to hold prisoners without a hearing.\n"
        "The governor said the deal would save taxpayers $40 million over a decade."
    ),
    "b": (
        "The men will be detained at Ridgeview for a period of two years, officials said.\n"
        "Ridgeview, a jail that can hold 12,000 inmates, was designed for the region's most violent offenders.\n"
        "Their arrival came after a judge blocked the governor from invoking an emergency powers law to justify "
        "the transfers.\n"
        "Some prisoners were put at the back of armored trucks before the convoy left.\n"
        "Critics note the law lets the state hold prisoners without a hearing.\n"
        "According to the governor, taxpayers will save $40 million over a decade thanks to the deal."
    ),
    "c": (
        "The men were taken to Ridgeview, where they will be held for at least two years, with the possibility "
        "of an extension.\n"
        "The transfer went ahead despite a ruling issued late Friday by Judge Maria Lopez, who blocked the "
        "governor from using the emergency powers law to justify the transfers.\n"
        "That law, passed in 1951 and rarely used since the end of the war, allows the state to detain people "
        "indefinitely without a hearing, a power that civil liberties groups have long opposed.\n"
        "Footage shows the prisoners handcuffed and led off the plane by guards before being placed into buses "
        "and armored trucks.\n"
        "The facility, which can hold up to 12,000 prisoners, has drawn criticism from civil liberties groups "
        "for overcrowding.\n"
        "The governor has defended the jail as essential for keeping violent offenders off the streets."
    ),
}


@pytest.fixture(scope="module")
def transfer(nlp):
    return compare(make_story(nlp, TRANSFER), {})


def _omits(out, article, *words):
    return [
        f
        for f in omissions(out, article)
        if any(all(w.lower() in ev["text"].lower() for w in words) for ev in f.attrs["evidence"])
    ]


def test_false_omission_prison_capacity_other_head_noun(transfer):
    """Seeds: 001 said to omit "The prison, which can hold up to 40,000 inmates" ("The facility ... 40,000 inmates")."""
    assert not _omits(transfer, "c", "12,000"), [f.text for f in omissions(transfer, "c")]


def test_false_omission_detain_for_one_year_vs_held_at_least(transfer):
    """Seeds: 001 said to omit "will detain the deported individuals for one year" ("held for at least one year")."""
    assert not _omits(transfer, "c", "two years")


def test_false_omission_judge_blocked_vs_ruling_issued(transfer):
    """Seeds: 001 said to omit "a Federal Judge blocked ... to invoke a law" and "Judge Boasberg ordered ... to halt"
    although it says "despite a ruling issued late Saturday by Judge James Boasberg, who blocked ..."."""
    assert not _omits(transfer, "c", "judge"), [f.text for f in omissions(transfer, "c")]


@pytest.mark.xfail(reason="known limit: b's shorter sentence is aligned with neither a nor c; containment 0.51 < 0.6")
def test_false_omission_armored_vehicles_inside_longer_sentence(transfer):
    """Seeds: 001 said to omit "Some detainees are placed at the back of armored vehicles" ("placed into buses and
    armored vehicles")."""
    assert not _omits(transfer, "c", "armored")


def test_false_omission_law_without_hearing_inside_longer_sentence(transfer):
    """Seeds: 002-004 said to omit "the law allows detention without due process", stated in longer sentences."""
    assert not _omits(transfer, "c", "hearing")


def test_true_omission_kept_next_to_false_ones(transfer):
    """Near-miss guard: the one fact "c" really leaves out is still reported, with evidence from both others."""
    found = _omits(transfer, "c", "$40 million")
    assert found and set(found[0].attrs["present_in"]) == {"a", "b"}


# ------------------------------------------------------------------------------ clauses
# "c" gives the prison's capacity (in another paragraph) but not the criticism; "d" gives both
# claims, in two different paragraphs; "a" and "b" state them in one sentence.
PRISON = {
    "a": (
        "The men were flown to Ridgeview on Monday.\n"
        "Ridgeview, which can hold up to 12,000 inmates, has been criticized by civil liberties groups for "
        "overcrowding and abuse.\n"
        "The governor said the transfer would save taxpayers $40 million."
    ),
    "b": (
        "The transfer to Ridgeview took place on Monday.\n"
        "The jail, which can hold 12,000 inmates, has drawn criticism from civil liberties groups over abuse "
        "and overcrowding.\n"
        "Officials expect savings of $40 million for taxpayers."
    ),
    "c": (
        "The men arrived at Ridgeview on Monday.\n"
        "Officials praised the speed of the operation.\n"
        "Ridgeview, a jail in the north of the state that the convoy reached after a long drive through the "
        "mountains, can hold up to 12,000 inmates.\n"
        "The governor said taxpayers would save $40 million."
    ),
    "d": (
        "The men were flown to Ridgeview on Monday.\n"
        "Civil liberties groups have long criticized the jail for abuse and overcrowding.\n"
        "The governor expects taxpayers to save $40 million.\n"
        "The jail can hold 12,000 inmates."
    ),
}


@pytest.fixture(scope="module")
def prison(nlp):
    return compare(make_story(nlp, PRISON), {})


def test_omission_shows_the_missing_clause(prison):
    """c states the capacity clause, not the criticism: the fact shown is the criticism alone."""
    found = _omits(prison, "c", "civil liberties")
    assert len(found) == 1, [f.attrs["fact"] for f in omissions(prison, "c")]
    fact, sentence = found[0].attrs["fact"], found[0].attrs["sentence"]
    assert "civil liberties groups" in fact and "12,000" not in fact
    assert "12,000" in sentence and fact != sentence
    assert found[0].text == fact


def test_clauses_stated_in_two_places_are_not_omitted(prison):
    """d gives the capacity and the criticism in two separate paragraphs: it omits neither."""
    assert not _omits(prison, "d", "civil liberties") and not _omits(prison, "d", "12,000")
    assert not omissions(prison, "d"), [f.attrs["fact"] for f in omissions(prison, "d")]


def test_clause_only_one_other_states_is_no_omission(nlp):
    """b states the main claim; the extra clause only a gives is not shared by enough others."""
    texts = {
        "a": "The council approved the budget on Tuesday, which critics called a giveaway to developers.",
        "b": "On Tuesday the council approved the budget.",
        "c": "The budget was approved by the council on Tuesday.",
        "d": "The council voted on Tuesday to approve the budget.",
    }
    out = compare(make_story(nlp, texts), {})
    for article in "bcd":
        assert not omissions(out, article), [f.attrs["fact"] for f in omissions(out, article)]


def test_approximate_figure_and_name_variants_count_as_stated(nlp):
    """ "more than 200 migrants" / "238 migrants", "U.S." / "United States": the same fact."""
    texts = {
        "a": "A plane carrying more than 200 migrants deported by the U.S. landed in Guatemala on Sunday.",
        "b": "More than 200 migrants deported from the US landed in Guatemala on Sunday aboard one plane.",
        "c": "On Sunday a plane landed in Guatemala with 238 migrants deported by the United States.",
    }
    out = compare(make_story(nlp, texts), {})
    assert not omissions(out, "c"), [f.attrs["fact"] for f in omissions(out, "c")]
    numbers = [f.attrs["number"] for f in out.findings if f.kind == "omitted_number" and f.article == "c"]
    assert numbers == ["200"]  # the figure itself is still one c does not give


def test_name_missed_by_the_ner_matches_the_entity(nlp):
    """A surname the NER misses at the start of a sentence is the same term as the entity elsewhere."""
    doc = nlp("Bukele first offered to accept the migrants in February. The minister, Ada Bukele, said so.")
    assert not doc[0].ent_type_  # the NER misses the first one
    units = summarize(doc)["units"]
    assert "e:bukele" in units[0]["terms"] and "e:bukele" in units[1]["terms"]


def test_near_miss_sharing_only_the_place_is_an_omission(nlp):
    """Two different facts about the same country do not align: the one c lacks is still omitted."""
    texts = {
        "a": "Guatemala received 300 deported migrants on Sunday.\nGuatemala's economy grew 3 percent last year.",
        "b": "On Sunday, 300 deported migrants arrived in Guatemala.\nThe economy of Guatemala grew 3 percent.",
        "c": "Guatemala took in 300 deported migrants on Sunday.\nTourism in Guatemala doubled last year.",
    }
    out = compare(make_story(nlp, texts), {})
    assert _omits(out, "c", "economy")
    assert not _omits(out, "c", "300")
