"""The attribution analyzer: quote shapes, speakers (pronoun, title, block), verb classes, odd inputs."""

from __future__ import annotations

import warnings

import pytest
import spacy

from framing.analyzers.attribution import default_lexicon
from framing.analyzers.attribution_extract import entity_root, extract_attributions
from framing.analyzers.doc_table import DocTable

# The 30 quotations (direct and partial) of the seeds, read by hand: (seed id prefix, start of
# the quoted words, speaker). Quote marks excluded. Kept in text order per seed.
GOLD_SEED_QUOTES = [
    ("000", "Oopsy … too late", "Nayib Bukele"),
    ("000", "the most unprecedented and unprecedented migratory", "Marco Rubio"),
    ("000", "for a period of one year", "Nayib Bukele"),
    ("000", "renewable", "Nayib Bukele"),
    ("000", "The United States will pay very low costs", "Nayib Bukele"),
    ("000", "the strongest security leader in our region", "Marco Rubio"),
    ("000", "Hundreds of violent criminals were sent from", "Marco Rubio"),
    ("000", "Thank you for your help and friendship", "Marco Rubio"),
    ("001", "Oopsie… Too late", "Nayib Bukele"),
    ("001", "the strongest security leader in our region", "Marco Rubio"),
    ("001", "Hundreds of violent criminals were sent out", "Marco Rubio"),
    ("002", "Oopsie… too late", "Nayib Bukele"),
    ("002", "the strongest security leader in our region", "Marco Rubio"),
    ("002", "a great friend of the U.S.", "Marco Rubio"),
    ("002", "fair price", "Marco Rubio"),
    ("002", "very low fee", "Nayib Bukele"),
    ("002", "As always, we continue advancing", "Nayib Bukele"),
    ("002", "But this time, we are also helping", "Nayib Bukele"),
    ("003", "Today, the first 238 members", "Nayib Bukele"),
    ("003", "On this occasion, the U.S. has also sent", "Nayib Bukele"),
    ("003", "the strongest security leader in our region", "Marco Rubio"),
    ("003", "a great friend of the U.S.", "Marco Rubio"),
    ("003", "We have sent 2 dangerous top MS-13 leaders", "Marco Rubio"),
    ("003", "flights are actively departing", "James Boasberg"),
    ("003", "Oopsie… too late", "Nayib Bukele"),
    ("003", "We can send them, and he will put them", "Marco Rubio"),
    ("003", "And, he’s also offered to do the same", "Marco Rubio"),
    ("003", "The United States will pay a very low fee", "Nayib Bukele"),
    ("003", "As always, we continue advancing", "Nayib Bukele"),
    ("004", "invading", "Donald Trump"),
]


@pytest.fixture(scope="module")
def nlp(model_name):
    nlp = spacy.load(model_name)
    nlp.add_pipe("framing_attribution")
    return nlp


def quotes_of(nlp, text: str) -> list[dict]:
    return nlp(text)._.framing_attribution["findings"]


def find(findings: list[dict], content_start: str) -> dict:
    matches = [f for f in findings if f["text"].startswith(content_start)]
    assert matches, f"no finding starts with {content_start!r}: {[f['text'][:40] for f in findings]}"
    return matches[0]


@pytest.fixture(scope="module")
def seed_findings(nlp, seed_texts):
    return {name[:3]: nlp(text)._.framing_attribution["findings"] for name, text in seed_texts.items()}


def test_every_seed_quote_is_found(seed_findings):
    for seed, start, _ in GOLD_SEED_QUOTES:
        finding = find([f for f in seed_findings[seed] if f["attrs"]["type"] != "indirect"], start)
        assert finding["kind"] == "quote"


def test_at_least_27_of_30_seed_quotes_have_the_right_speaker(seed_findings):
    right, wrong = 0, []
    for seed, start, speaker in GOLD_SEED_QUOTES:
        finding = find([f for f in seed_findings[seed] if f["attrs"]["type"] != "indirect"], start)
        if finding["attrs"]["speaker"] == speaker:
            right += 1
        else:
            wrong.append((seed, start, finding["attrs"]["speaker"]))
    assert right >= 27, wrong


def test_seed_quotes_span_is_content_without_marks(seed_findings, seed_texts):
    texts = {name[:3]: text for name, text in seed_texts.items()}
    for seed, findings in seed_findings.items():
        for f in findings:
            assert texts[seed][f["start"] : f["end"]] == f["text"]
            if f["attrs"]["type"] != "indirect":
                assert not f["text"].startswith(("“", '"')), f["text"]


def test_seed_cueless_paragraph_goes_to_bukele(seed_findings):
    last = find(seed_findings["003"], "As always, we continue advancing")
    assert last["attrs"]["speaker"] == "Nayib Bukele"
    assert last["attrs"]["speaker_resolved_by"] == "context"


def test_contract_attrs(seed_findings, seed_texts):
    f = find(seed_findings["003"], "Today, the first 238 members")
    attrs = f["attrs"]
    for key in ("speaker", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end", "type"):
        assert key in attrs
    text = next(t for n, t in seed_texts.items() if n.startswith("003"))
    assert text[attrs["speaker_start"] : attrs["speaker_end"]] == "Nayib Bukele"
    assert text[attrs["cue_start"] : attrs["cue_end"]] == "posted"
    assert attrs["cue"] == "post" and attrs["type"] == "direct" and attrs["verb_class"] == "neutral"


def test_direct_quote_split_by_cue(nlp):
    text = '"We will win this," the mayor, Jane Porter, said on Monday, "and we will win it soon."'
    findings = [f for f in quotes_of(nlp, text) if f["attrs"]["type"] == "direct"]
    assert [f["text"] for f in findings] == ["We will win this,", "and we will win it soon."]
    assert {f["attrs"]["speaker"] for f in findings} == {"Jane Porter"}
    assert {f["attrs"]["cue"] for f in findings} == {"say"}


def test_direct_quote_before_and_after_cue_and_curly_marks(nlp):
    text = "Senator Maria Lopez spoke to reporters. She said, “The bill is dead.”\n“It will come back,” she added."
    findings = quotes_of(nlp, text)
    assert find(findings, "The bill is dead.")["attrs"]["speaker"] == "Maria Lopez"
    added = find(findings, "It will come back,")
    assert added["attrs"]["speaker"] == "Maria Lopez" and added["attrs"]["cue"] == "add"
    assert added["attrs"]["speaker_resolved_by"] == "pronoun"


def test_multi_sentence_and_multi_paragraph_quote(nlp):
    text = (
        'Governor Tom Reed announced the plan on Friday. "This is a good day. We have waited years.\n\n'
        '"Now the work begins," Reed said.'
    )
    findings = [f for f in quotes_of(nlp, text) if f["kind"] == "quote" and f["attrs"]["type"] == "direct"]
    assert len(findings) == 2
    assert all(f["attrs"]["speaker"] == "Tom Reed" for f in findings)


def test_pronoun_resolution_across_paragraphs_prefers_the_subject(nlp):
    text = (
        "Defense Secretary Paul Grant thanked Anna Weiss for her help on Sunday.\n\n"
        'He said, "The mission was a success."'
    )
    assert find(quotes_of(nlp, text), "The mission")["attrs"]["speaker"] == "Paul Grant"


def test_title_resolution(nlp):
    text = (
        "U.S. District Judge Helen Carter blocked the order on Saturday. Mayor Bill Stone welcomed the decision.\n\n"
        'The judge said the government had acted "without any legal basis."'
    )
    finding = find(quotes_of(nlp, text), "without any legal basis")
    assert finding["attrs"]["speaker"] == "Helen Carter"
    assert finding["attrs"]["type"] == "partial"
    assert finding["attrs"]["speaker_resolved_by"] == "title"


def test_title_with_modifier_prefers_matching_person(nlp):
    text = (
        "The president of Mexico, Ana Ruiz, met President John Miller in Washington.\n"
        "The Mexican president said that the talks had been very productive."
    )
    finding = find(quotes_of(nlp, text), "that the talks")
    assert finding["attrs"]["speaker"] == "Ana Ruiz"


def test_partial_quotes_get_speaker_and_cue(nlp):
    text = 'Secretary Ann Burke praised the deal, calling it "a historic step" for the region.'
    finding = find(quotes_of(nlp, text), "a historic step")
    assert finding["attrs"]["type"] == "partial"
    assert finding["attrs"]["speaker"] == "Ann Burke"
    assert finding["attrs"]["cue"] in {"call", "praise"}


def test_scare_quote_without_speaker(nlp):
    text = 'The so-called "reform" passed the Senate on Tuesday after a long debate.'
    findings = nlp(text)._.framing_attribution["findings"]
    scare = find(findings, "reform")
    assert scare["kind"] == "scare_quote"
    assert scare["attrs"]["speaker"] is None


def test_indirect_speech_shapes(nlp):
    text = (
        "Mayor Karen Holt said that the bridge would reopen in May. "
        "According to the state police, the driver was not injured. "
        "Officials told reporters the fire had been contained. "
        "The prices will rise again, analysts warned."
    )
    findings = quotes_of(nlp, text)
    said = find(findings, "that the bridge")
    assert said["attrs"]["type"] == "indirect" and said["attrs"]["speaker"] == "Karen Holt"
    according = find(findings, "the driver was not injured")
    assert according["attrs"]["cue"] == "according to"
    assert "police" in according["attrs"]["speaker_text"]
    told = find(findings, "the fire had been contained")
    assert told["attrs"]["speaker_type"] == "anonymous"
    warned = find(findings, "The prices will rise again")
    assert warned["attrs"]["speaker_type"] == "vague"


def test_verb_classes(nlp):
    text = (
        "Tom Baker said that the plan works. Tom Baker claimed that the plan works. "
        "Tom Baker confirmed that the plan works. Tom Baker insisted that the plan works. "
        "Tom Baker mocked the ruling. Tom Baker boasted that the plan works."
    )
    classes = {f["attrs"]["cue"]: f["attrs"]["verb_class"] for f in quotes_of(nlp, text)}
    assert classes["say"] == "neutral"
    assert classes["claim"] == "distancing"
    assert classes["confirm"] == "endorsing"
    assert classes["insist"] == "distancing"
    assert classes["boast"] == "distancing"
    lex = default_lexicon()
    assert lex.verb_class("mock") == "distancing"
    assert lex.verb_class("celebrate") == "endorsing"
    assert lex.verb_class("post") == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n ",
        "No quotes here at all. Just a plain sentence.",
        'He said "this never closes. And it goes on',
        "Stray closing mark” here, and an opening “ at the end “",
        '"\n"\n""',
        "“Quote one.\n\n“Quote two continues the first.\n\nThe end.",
        '" , " said',
    ],
)
def test_odd_inputs_never_raise(nlp, text):
    doc = nlp(text)
    stored = doc._.framing_attribution
    assert set(stored) == {"findings", "metrics", "summary"}
    for f in stored["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]


def test_unbalanced_mark_ends_at_paragraph(nlp):
    text = 'The minister said: "We will not resign\nThe vote is on Monday.'
    finding = find(quotes_of(nlp, text), "We will not resign")
    assert finding["end"] == text.index("\n")


def test_without_parser_degrades_with_warning():
    nlp = spacy.blank("en")
    nlp.add_pipe("framing_attribution")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        doc = nlp('"We are ready," said Tom Baker.')
    findings = doc._.framing_attribution["findings"]
    assert findings and findings[0]["text"] == "We are ready,"
    assert findings[0]["attrs"]["cue"] == "say"


def test_pure_function_on_parsed_doc(nlp_base):
    doc = nlp_base('"It is over," Tom Baker said.')
    (att,) = extract_attributions(doc, default_lexicon())
    assert att.speaker.name == "Tom Baker" and att.cue == "say" and att.type == "direct"


def test_metrics_and_summary(nlp, seed_texts):
    text = next(t for n, t in seed_texts.items() if n.startswith("003"))
    stored = nlp(text)._.framing_attribution
    metrics, summary = stored["metrics"], stored["summary"]
    assert metrics["direct"] >= 7 and metrics["partial"] >= 3
    assert metrics["quoted_words"] > 100
    assert 0 < metrics["top_speaker_share"] <= 1
    assert metrics["named_sources"] >= 10
    top = next(iter(summary["quoted_words_by_speaker"]))
    assert top in {"Nayib Bukele", "Marco Rubio"}
    keys = {"start", "end", "speaker", "speaker_type", "type", "cue", "verb_class", "words"}
    assert all(keys <= set(q) for q in summary["quotes"])
    spans = nlp(text).spans["framing_attribution"]
    assert len(spans) > 0


def test_extra_lexicon_and_serialization(model_name, tmp_path):
    extra = tmp_path / "verbs.tsv"
    extra.write_text("opine\tdistancing\tspeech\nsay\tendorsing\tspeech\n", encoding="utf-8")
    nlp = spacy.load(model_name)
    nlp.add_pipe("framing_attribution", config={"extra_lexicons": [str(extra)]})
    finding = find(quotes_of(nlp, "Tom Baker said that the plan works well."), "that the plan")
    assert finding["attrs"]["verb_class"] == "endorsing"
    nlp.to_disk(tmp_path / "pipe")
    extra.unlink()
    reloaded = spacy.load(tmp_path / "pipe")
    component = reloaded.get_pipe("framing_attribution")
    assert component.lexicon.verb_class("opine") == "distancing"
    assert component.lexicon.verb_class("say") == "endorsing"


def test_bad_config_is_rejected(model_name):
    nlp = spacy.blank("en")
    with pytest.raises(Exception, match="scare_quote_max_words"):
        nlp.add_pipe("framing_attribution", config={"scare_quote_max_words": -1})
    with pytest.warns(UserWarning, match="extra lexicon"):
        nlp.add_pipe("framing_attribution", name="a2", config={"extra_lexicons": ["/nonexistent/file.tsv"]})


def test_colon_headline_and_transcript_lines(nlp):
    text = "Donald Trump: The election is rigged\n\nPENCE: Well, look, we are going to win this race.\n"
    findings = quotes_of(nlp, text)
    headline = find(findings, "The election is rigged")
    assert headline["attrs"]["speaker"] == "Donald Trump" and headline["attrs"]["cue"] == ":"
    transcript = find(findings, "Well, look")
    assert transcript["attrs"]["speaker"] == "Pence"


def test_mixed_and_doubled_quote_marks(nlp):
    text = "“Immunity deals are wrong,\" Senator Jason Chaffetz said. He said ''We will not stop.''"
    findings = quotes_of(nlp, text)
    first = find(findings, "Immunity deals are wrong,")
    assert first["attrs"]["type"] == "direct" and first["attrs"]["speaker"] == "Jason Chaffetz"
    second = find(findings, "We will not stop.")
    assert second["attrs"]["speaker"] == "Jason Chaffetz"


def test_stance_attribution_and_passive_agent(nlp):
    text = "Senator Ann Burke praised the new law on Monday. The prison has been criticized by rights groups."
    findings = quotes_of(nlp, text)
    praised = find(findings, "the new law")
    assert praised["attrs"]["cue"] == "praise" and praised["attrs"]["cue_kind"] == "topic"
    assert praised["attrs"]["verb_class"] == "endorsing" and praised["attrs"]["speaker"] == "Ann Burke"
    assert all(f["attrs"]["speaker_text"] != "The prison" for f in findings)


@pytest.mark.slow
def test_polnear_dev_target():
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if not (root.parent / "shared" / "benchmarks" / "polnear" / "data" / "dev").is_dir():
        pytest.skip("PolNeAR data not available")
    script = root / "benchmarks" / "attribution_polnear.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)["all"]["content"]
    assert figures["precision"] >= 0.70 and figures["recall"] >= 0.55


def test_internal_error_degrades_to_quote_regions(nlp, monkeypatch):
    import framing.analyzers.attribution as module

    def boom(*args, **kwargs):
        raise RuntimeError("simulated")

    monkeypatch.setattr(module, "extract_attributions", boom)
    with pytest.warns(UserWarning, match="simulated"):
        doc = nlp('"We are ready," Tom Baker said.')
    (finding,) = doc._.framing_attribution["findings"]
    assert finding["text"] == "We are ready," and finding["attrs"]["speaker"] is None


def test_same_surname_keeps_distinct_people(nlp):
    text = (
        "Hillary Clinton spoke in Ohio on Monday. Bill Clinton said that the economy was strong.\n"
        '"We will win," Clinton said.'
    )
    findings = quotes_of(nlp, text)
    assert find(findings, "that the economy")["attrs"]["speaker"] == "Bill Clinton"
    assert find(findings, "We will win")["attrs"]["speaker"] == "Hillary Clinton"


def test_entity_root_from_the_table_is_spacys(nlp_base):
    doc = nlp_base(
        "U.S. District Judge James Boasberg ordered the Trump administration to turn the planes around. "
        "Nayib Bukele, the president of El Salvador, mocked the ruling on X on Saturday."
    )
    table = DocTable(doc)
    spans = [*doc.ents, *(doc[i:j] for i in range(len(doc)) for j in range(i + 1, min(len(doc), i + 6) + 1))]
    assert all(entity_root(table, span) == span.root.i for span in spans)
