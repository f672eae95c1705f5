"""Reading the three lexicon formats and matching terms (no spaCy needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing_moral_foundations.lexicon import LexiconError, load_lexicon, merge, parse_lexicon

DATA = Path(__file__).parent / "data"


def test_table_format():
    lexicon = load_lexicon(DATA / "tiny.tsv")
    assert lexicon.format == "table" and len(lexicon) == 6
    words = "they were cruelly treated without due process and then betrayed".split()
    found = [(" ".join(words[a:b]), e.top, e.polarity[e.top], e.weights[e.top]) for a, b, e in lexicon.match(words)]
    assert found == [
        ("cruelly", "care", "vice", 1.0),
        ("due process", "fairness", "virtue", 2.0),
        ("betrayed", "loyalty", "vice", 1.0),
    ]


def test_lemma_keys_are_tried_for_single_words():
    lexicon = load_lexicon(DATA / "tiny.tsv")
    words = ["they", "defied", "orders"]
    assert lexicon.match(words) == []
    assert [e.term for _, _, e in lexicon.match(words, [("they",), ("defy",), ("order",)])] == ["defy"]


def test_dic_format_with_wildcards_phrases_and_general_category():
    lexicon = load_lexicon(DATA / "tiny.dic")
    assert lexicon.format == "dic"
    words = "kindness and cruelty to civil rights workers who obeyed".split()
    found = {" ".join(words[a:b]): (e.top, e.polarity[e.top]) for a, b, e in lexicon.match(words)}
    assert found == {
        "kindness": ("care", "virtue"),
        "cruelty": ("care", "vice"),
        "civil rights": ("fairness", "virtue"),
        "obeyed": ("authority", "virtue"),
    }


def test_emfd_format_weights_every_foundation():
    lexicon = load_lexicon(DATA / "tiny_emfd.csv")
    assert lexicon.format == "emfd" and len(lexicon) == 3
    [(_, _, judge)] = lexicon.match(["judge"])
    assert judge.top == "fairness" and judge.weights["authority"] == 0.35
    assert judge.polarity["fairness"] == "virtue"
    [(_, _, tortured)] = lexicon.match(["tortured"])
    assert tortured.top == "care" and tortured.polarity["care"] == "vice"


def test_merge_keeps_terms_of_both():
    merged = merge([load_lexicon(DATA / "tiny.tsv"), load_lexicon(DATA / "tiny_emfd.csv")])
    assert len(merged) == 9 and "tiny.tsv" in merged.name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("term\tfoundation\ncruel\tkindness\n", "unknown foundation 'kindness'"),
        ("cruel\tcare\tnasty\n", "polarity must be 'virtue' or 'vice'"),
        ("cruel\tcare\tvice\theavy\n", "weight 'heavy' is not a number"),
        ("%\n1\tcare.vice\n%\ncruel\t4\n", "category 4 is not declared"),
        ("# only a comment\n", "no usable terms"),
    ],
)
def test_bad_lexicons_name_the_problem(text, message):
    with pytest.raises(LexiconError, match=message):
        parse_lexicon(text, name="bad.tsv")


def test_missing_file():
    with pytest.raises(LexiconError, match="cannot read moral-foundations lexicon"):
        load_lexicon(DATA / "no-such-file.tsv")
