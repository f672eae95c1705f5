"""The hedging analyzer: modals in context, negation, approximators, boosters, descriptions."""

from __future__ import annotations

import warnings

import pytest
import spacy

from framing.analyzers.hedging import NAME, HedgingComponent, link_attribution
from framing.analyzers.hedging_lexicon import Lexicon, split_term
from framing.quotes import QuoteIndex


@pytest.fixture(scope="module")
def nlp(model_name):
    nlp = spacy.load(model_name)
    nlp.add_pipe(NAME)
    return nlp


@pytest.fixture(scope="module")
def nlp_sfu(model_name):
    nlp = spacy.load(model_name)
    nlp.add_pipe(NAME, config={"extra_cue_types": ["root_modal", "disjunction"]})
    return nlp


def cues(nlp, text, kind=None):
    doc = nlp(text)
    found = doc._.framing_hedging["findings"]
    for f in found:
        assert doc.text[f["start"] : f["end"]] == f["text"]
    return [f for f in found if kind is None or f["kind"] == kind]


def texts(found):
    return [f["text"].lower() for f in found]


def by_text(found, text):
    matches = [f for f in found if f["text"].lower() == text]
    assert matches, f"{text!r} not among {texts(found)}"
    return matches[0]


# ------------------------------------------------------------------------- modals


def test_epistemic_could_is_a_hedge_with_its_scope(nlp):
    text = "The detainees were moved for a year, suggesting that they could be held there longer."
    found = cues(nlp, text, "hedge")
    could = by_text(found, "could")
    assert could["attrs"]["cue_type"] == "modal"
    assert could["attrs"]["negated"] is False
    assert "held there longer" in could["attrs"]["scope"]
    assert text[could["attrs"]["scope_start"] : could["attrs"]["scope_end"]] == could["attrs"]["scope"]
    assert by_text(found, "suggesting")["attrs"]["cue_type"] == "epistemic_verb"


@pytest.mark.parametrize(
    "text",
    [
        "He could not afford the fee.",
        "Officials couldn't be reached for comment.",
        "The prison can hold 40,000 inmates.",
        "Prisoners must wear uniforms.",
        "May God bless El Salvador, and may God bless the United States.",
        "Rubio said the United States would pay a low fee.",
    ],
)
def test_root_modals_are_not_hedges(nlp, text):
    assert [f for f in cues(nlp, text, "hedge") if f["attrs"]["cue_type"] in ("modal", "root_modal")] == []


def test_hypothetical_would_and_may_are_hedges(nlp):
    assert by_text(cues(nlp, "The deal would save taxpayers millions."), "would")["attrs"]["reading"] == "hypothetical"
    assert (
        by_text(cues(nlp, "The crimes they may have committed were not disclosed."), "may")["attrs"]["cue_type"]
        == "modal"
    )


def test_could_not_have_is_epistemic(nlp):
    found = cues(nlp, "The judge could not have known about the flights.", "hedge")
    assert by_text(found, "could")["attrs"]["negated"] is True


def test_sfu_profile_marks_root_modals_as_their_own_type(nlp_sfu):
    found = cues(nlp_sfu, "He could not afford the fee, so he can wait or leave.", "hedge")
    types = {f["text"].lower(): f["attrs"]["cue_type"] for f in found}
    assert types["could"] == "root_modal"
    assert types["can"] == "root_modal"
    assert types["or"] == "disjunction"


# ------------------------------------------------------------------------- negation


def test_negated_hedge_stays_a_hedge(nlp):
    found = cues(nlp, "The deal is not likely to pass, and I don't think it will.", "hedge")
    likely = by_text(found, "likely")
    assert likely["attrs"]["negated"] is True
    assert by_text(found, "think")["attrs"]["negated"] is True


def test_negated_booster_becomes_a_hedge(nlp):
    found = cues(nlp, "It is not clear whether the men belong to the gang.")
    clear = by_text(found, "clear")
    assert clear["kind"] == "hedge"
    assert clear["attrs"]["cue_type"] == "negated_booster"
    assert by_text(found, "whether")["attrs"]["cue_type"] == "conditional"


def test_no_evidence_is_a_hedge_and_no_doubt_a_booster(nlp):
    found = cues(nlp, "However, no specific evidence has been provided linking the men to the gang.")
    evidence = by_text(found, "no specific evidence")
    assert evidence["kind"] == "hedge" and evidence["attrs"]["cue_type"] == "evidential_doubt"
    assert evidence["attrs"]["negated"] is True
    doubt = by_text(cues(nlp, "There is no doubt that the order was ignored."), "no doubt")
    assert doubt["kind"] == "booster"
    assert cues(nlp, "The evidence was presented in court.") == []


# ------------------------------------------------------------------------- approximators


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("A plane carrying about 200 Venezuelans landed.", "about"),
        ("The prison can hold up to 40,000 inmates.", "up to"),
        ("Police arrested some 20 people.", "some"),
        ("The center lies approximately 72 kilometers east of the capital.", "approximately"),
    ],
)
def test_approximators_on_quantities(nlp, text, cue):
    found = cues(nlp, text, "hedge")
    assert by_text(found, cue)["attrs"]["cue_type"] == "approximator"


@pytest.mark.parametrize(
    "text",
    ["The story is about the court.", "Some detainees were placed in vans.", "It was almost impossible to follow."],
)
def test_approximators_not_on_other_words(nlp, text):
    assert [f for f in cues(nlp, text) if f["attrs"]["cue_type"] == "approximator"] == []


# ------------------------------------------------------------------------- other hedges and boosters


def test_distancing_cues(nlp):
    found = cues(nlp, "The so-called gang allegedly smuggled weapons, reportedly through the port.", "hedge")
    assert by_text(found, "so-called")["attrs"]["cue_type"] == "distancing_adjective"
    assert by_text(found, "allegedly")["attrs"]["cue_type"] == "adverb"
    assert by_text(found, "reportedly")["attrs"]["cue_type"] == "adverb"


def test_attribution_distancing(nlp):
    found = cues(nlp, "Trump claimed that the gang was invading the country, according to the report.", "hedge")
    assert by_text(found, "claimed")["attrs"]["cue_type"] == "attribution_distancing"
    assert by_text(found, "according to")["attrs"]["cue_type"] == "attribution_distancing"
    assert cues(nlp, "The group claimed responsibility for the attack.") == []


def test_epistemic_verbs_need_a_complement(nlp):
    assert texts(cues(nlp, "The suspect appeared in court on Monday.")) == []
    assert texts(cues(nlp, "The suspect appears to have fled.")) == ["appears"]
    assert texts(cues(nlp, "The men are believed to be gang members.")) == ["believed"]


def test_boosters(nlp):
    found = cues(nlp, "The policy clearly failed. In fact, the data show that crime rose, a proven pattern.", "booster")
    types = {f["text"].lower(): f["attrs"]["cue_type"] for f in found}
    assert types["clearly"] == "booster_adverb"
    assert types["in fact"] == "booster_phrase"
    assert types["show"] == "booster_verb"
    assert types["proven"] == "booster_adjective"


def test_notorious_is_not_a_booster(nlp):
    assert cues(nlp, "They were sent to the notorious prison.") == []


def test_make_sure_and_clear_skies_are_not_boosters(nlp):
    assert cues(nlp, "Guards make sure the cells stay clean under clear skies.") == []


# ------------------------------------------------------------------------- voice, metrics, descriptions


def test_voice_author_and_quote(nlp):
    found = cues(nlp, 'The men were allegedly gang members. "They may be released," he said.', "hedge")
    assert by_text(found, "allegedly")["attrs"]["voice"] == "author"
    assert by_text(found, "may")["attrs"]["voice"] == "quote"


def test_metrics(nlp):
    doc = nlp("Bukele reportedly offered help. It clearly worked. The plan may fail.")
    metrics = doc._.framing_hedging["metrics"]
    assert metrics["hedges"] == 2 and metrics["boosters"] == 1
    assert metrics["hedges_per_1k"] == pytest.approx(1000 * 2 / 11, abs=0.01)
    assert metrics["hedges_adverb"] == 1 and metrics["hedges_modal"] == 1
    assert metrics["boosters_booster_adverb"] == 1
    assert metrics["hedges_author_share"] == 1.0
    assert [s.text for s in doc.spans[NAME]] == ["reportedly", "clearly", "may"]


def test_descriptions_hedged_vs_asserted(nlp):
    doc = nlp(
        "Police detained alleged gang members and violent criminals. "
        "Hundreds of immigrants alleged to be members of the gang were deported."
    )
    records = {r["np"]: r for r in doc._.framing_hedging["summary"]["descriptions"]}
    assert records["alleged gang members"]["hedged"] is True
    assert records["alleged gang members"]["cue"] == "alleged"
    assert records["violent criminals"]["hedged"] is False
    assert records["violent criminals"]["head"] == "criminals"
    hedged = records["immigrants alleged to be members of the gang"]
    assert hedged["hedged"] is True and hedged["cue"] == "alleged"
    assert doc.text[hedged["start"] : hedged["end"]] == hedged["np"]


@pytest.mark.parametrize(
    ("text", "np", "cue"),
    [
        ("The men are believed to be members of the gang.", "members", "believed"),
        ("Officials said the men appear to be gang members.", "gang members", "appear"),
        (
            "The suspects, who allegedly belong to MS-13, were flown out.",
            "suspects, who allegedly belong to MS-13",
            "allegedly",
        ),
    ],
)
def test_descriptions_hedged_by_predicate_or_relative_clause(nlp, text, np, cue):
    records = {r["np"]: r for r in nlp(text)._.framing_hedging["summary"]["descriptions"]}
    assert records[np]["hedged"] is True and records[np]["cue"] == cue


def test_descriptions_not_hedged_by_a_hedged_event(nlp):
    records = nlp("Rights groups denounced the alleged mistreatment of detainees.")._.framing_hedging["summary"]
    assert {r["np"]: r["hedged"] for r in records["descriptions"]}["detainees"] is False
    assert records["descriptions"][0]["voice"] == "author"


# ------------------------------------------------------------------------- seeds


def test_seed_cues(nlp, seed_texts):
    results = {name: nlp(text)._.framing_hedging for name, text in seed_texts.items()}
    found = {name: {f["text"].lower() for f in r["findings"] if f["kind"] == "hedge"} for name, r in results.items()}
    first, second, fifth = (found[k] for k in [*sorted(found)[:2], sorted(found)[4]])
    assert {"alleged", "suggesting", "could"} <= first
    assert "reportedly" in second
    assert "alleged" in fifth and "no specific evidence" in fifth
    text = seed_texts[sorted(seed_texts)[0]]
    could = next(f for f in results[sorted(results)[0]]["findings"] if f["text"] == "could")
    assert "could be held there longer" in text[could["start"] - 10 : could["end"] + 30]
    assert could["kind"] == "hedge"
    hedged = [r["np"] for r in results[sorted(results)[4]]["summary"]["descriptions"] if r["hedged"]]
    assert any(np.startswith("immigrants alleged to be members") for np in hedged)


# ------------------------------------------------------------------------- attribution link


def test_links_to_attribution_findings(nlp):
    text = "Trump claimed that the gang was invading the country."
    doc = nlp(text)
    cue_start = text.index("claimed")
    attribution = {
        "findings": [
            {
                "kind": "quote",
                "start": text.index("the gang"),
                "end": len(text) - 1,
                "text": text[text.index("the gang") : -1],
                "attrs": {
                    "speaker": "Donald Trump",
                    "cue": "claim",
                    "cue_start": cue_start,
                    "cue_end": cue_start + 7,
                    "verb_class": "distancing",
                },
            }
        ]
    }
    findings = [dict(f) for f in doc._.framing_hedging["findings"]]
    linked = link_attribution(doc, findings, attribution, QuoteIndex.of(text))
    claimed = by_text(linked, "claimed")
    assert claimed["attrs"]["quote_speaker"] == "Donald Trump"
    assert claimed["attrs"]["verb_class"] == "distancing"


def test_adds_distancing_reports_found_only_by_attribution(nlp):
    text = "The gang was invading the country, Trump maintained."
    doc = nlp(text)
    start = text.index("maintained")
    attribution = {
        "findings": [
            {
                "kind": "quote",
                "start": 0,
                "end": text.index(","),
                "text": text[: text.index(",")],
                "attrs": {
                    "speaker": "Donald Trump",
                    "cue": "maintain",
                    "cue_start": start,
                    "cue_end": start + 10,
                    "verb_class": "distancing",
                },
            }
        ]
    }
    linked = link_attribution(doc, [], attribution, QuoteIndex.of(text))
    assert [(f["text"], f["attrs"]["source"]) for f in linked] == [("maintained", "attribution")]


# ------------------------------------------------------------------------- config, lexicons, serialization


def test_extra_lexicon_and_to_disk(model_name, tmp_path):
    lexicon_file = tmp_path / "mine.tsv"
    lexicon_file.write_text(
        "# my cues\nreputedly\thedge\tadverb\nbeyond any doubt\tbooster\tbooster_phrase\n", encoding="utf-8"
    )
    nlp = spacy.load(model_name)
    nlp.add_pipe(NAME, config={"extra_lexicons": [str(lexicon_file)]})
    text = "He is reputedly rich, beyond any doubt."
    assert texts(cues(nlp, text)) == ["reputedly", "beyond any doubt"]
    nlp.to_disk(tmp_path / "pipeline")
    lexicon_file.unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        restored = spacy.load(tmp_path / "pipeline")
    assert texts(cues(restored, text)) == ["reputedly", "beyond any doubt"]


def test_bad_config_is_rejected(model_name, tmp_path):
    nlp = spacy.load(model_name)
    with pytest.raises(ValueError, match="extra_cue_types"):
        nlp.add_pipe(NAME, config={"extra_cue_types": ["bogus"]})
    with pytest.raises(FileNotFoundError, match="does not exist"):
        Lexicon.default().add_file(tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("word\tmaybe\tx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        Lexicon.default().add_file(bad)


def test_without_a_parse_it_warns_and_still_runs():
    nlp = spacy.blank("en")
    nlp.add_pipe(NAME)
    with pytest.warns(UserWarning, match="framing_hedging"):
        doc = nlp("The men were allegedly gang members.")
    assert "allegedly" in [f["text"] for f in doc._.framing_hedging["findings"]]


def test_lexicon_helpers():
    assert split_term("so-called") == ("so", "-", "called")
    lexicon = Lexicon.default()
    assert "alleged" in lexicon.terms("hedge", "distancing_adjective")
    assert "clearly" in lexicon.terms("booster")
    assert "notorious" not in lexicon.terms()
    assert Lexicon.from_json(lexicon.to_json()).terms() == lexicon.terms()
    assert isinstance(HedgingComponent(), HedgingComponent)


# ------------------------------------------------------------------------- benchmark (opt-in)


@pytest.mark.slow
def test_sfu_speculation_cue_f1_target(benchmark_module):
    """The issue's target: SFU speculation cues, F1 >= 0.60 (news profile, cue level)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    data = root.parent / "shared" / "benchmarks" / "sfu-review-negation-speculation"
    if not data.is_dir():
        pytest.skip("SFU corpus not available")
    bench = benchmark_module("hedging_sfu")
    from framing.model import load_model

    nlp = load_model()
    nlp.add_pipe(NAME, config={"descriptions": False})
    sentences = [s for sents in bench.load(data, None).values() for s in sents]
    result = bench.score(sentences, bench.predict(nlp, sentences))
    assert result["cue"]["f1"] >= 0.60
