"""The compiled attribute ruler sets exactly what spaCy's AttributeRuler sets."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from framing.compiled_rules import (
    CompiledAttributeRuler,
    MemoLemmatizer,
    NotCompilable,
    compile_rule_components,
    compile_rules,
)
from framing.model import load_model

ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TEXTS = [
    "The mayor said that she won't resign. The council didn't vote, and they're not sure.",
    "   Spaces  and\n\nnewlines, 42 apples, e-mail bob@example.com or visit https://example.org!",
    "Nothin' to see: it is what it is, isn't it? He's been here, hasn't he?",
    "",
    "Word",
]

PATTERNS = [
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"TAG": "DT", "POS": "DET", "MORPH": "Definite=Def"}},
    {"patterns": [[{"ORTH": "The"}]], "attrs": {"LEMMA": "the-capital"}},  # later rule overrides LEMMA only
    {"patterns": [[{"TEXT": {"IN": ["mayor", "council"]}}]], "attrs": {"POS": "NOUN", "LEMMA": "official"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "mayor", "said"]}, "IS_ALPHA": True}]], "attrs": {"TAG": "XX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"POS": "PART", "LEMMA": "not"}},
    {"patterns": [[{"LOWER": "is"}, {"LOWER": "n't"}]], "attrs": {"TAG": "VBZ"}, "index": 0},
    {"patterns": [[{"LOWER": "it"}, {"IS_PUNCT": True}]], "attrs": {"POS": "PUNCT"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"LIKE_NUM": True}], [{"LIKE_EMAIL": True}], [{"LIKE_URL": True}]], "attrs": {"POS": "X"}},
    {"patterns": [[{}, {"LOWER": "apples"}]], "attrs": {"DEP": "nummod"}},
    # matching reads the Doc as it came in, not the tags set by the rules above
    {"patterns": [[{"TAG": "XX", "LENGTH": 4}]], "attrs": {"MORPH": "Number=Sing"}},
]


def _ruler_pair(patterns: list[dict]) -> tuple[spacy.language.Language, spacy.language.Language]:
    """Two blank pipelines with the same rules: spaCy's ruler and the compiled one."""
    pair = []
    for compiled in (False, True):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add_patterns(patterns)
        if compiled:
            assert compile_rule_components(nlp) == ["attribute_ruler"]
        pair.append(nlp)
    return pair[0], pair[1]


def _same_annotations(stock: spacy.language.Language, compiled: spacy.language.Language, texts: list[str]) -> int:
    tokens = 0
    for expected, got in zip(stock.pipe(texts), compiled.pipe(texts), strict=True):
        assert [t.text for t in expected] == [t.text for t in got]
        assert (expected.to_array(ATTRS) == got.to_array(ATTRS)).all()
        assert [str(t.morph) for t in expected] == [str(t.morph) for t in got]
        tokens += len(got)
    return tokens


def test_every_supported_kind_of_pattern_sets_what_spacy_sets() -> None:
    stock, compiled = _ruler_pair(PATTERNS)
    ruler = compiled.get_pipe("attribute_ruler")
    assert isinstance(ruler, CompiledAttributeRuler)
    assert _same_annotations(stock, compiled, TEXTS) > 40
    assert ruler._rules() is not None  # compiled, not the fallback
    doc = compiled(TEXTS[0])
    assert doc[0].lemma_ == "the-capital" and doc[0].tag_ == "DT" and doc[1].lemma_ == "official"
    assert any(t.lemma_ == "not" and t.pos_ == "PART" for t in doc)


def test_the_models_rules_compile_and_give_the_models_annotations() -> None:
    stock = load_model()
    compiled = load_model()
    assert compile_rule_components(compiled) == ["attribute_ruler", "lemmatizer"]
    assert compiled.get_pipe("attribute_ruler")._rules() is not None
    assert isinstance(compiled.get_pipe("lemmatizer"), MemoLemmatizer)
    texts = TEXTS + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert _same_annotations(stock, compiled, texts) > 2000
    assert compiled.config.to_str() == stock.config.to_str()  # config and serialisation untouched


def test_the_lemmatizer_gives_spacys_lemmas_also_where_spacy_warns() -> None:
    stock, compiled = load_model(), load_model()
    compile_rule_components(compiled)
    text = TEXTS[0] + " " + TEXTS[2]
    for _ in range(2):  # the second time from the memo
        assert [t.lemma_ for t in compiled(text)] == [t.lemma_ for t in stock(text)]
    # no part of speech (the tagger did not run): spaCy warns and lower-cases; so does the memo's path
    lemmas = []
    for nlp in (stock, compiled):
        doc = nlp.make_doc("Running Dogs")
        with pytest.warns(UserWarning, match="W108"):
            lemmas.append([t.lemma_ for t in nlp.get_pipe("lemmatizer")(doc)])
    assert lemmas[0] == lemmas[1] == ["running", "dogs"]


@pytest.mark.filterwarnings("ignore:.*W036")  # spaCy's ruler, once cleared, warns it has no patterns
def test_patterns_added_later_are_compiled_on_the_next_call() -> None:
    stock, compiled = _ruler_pair(PATTERNS[:2])
    _same_annotations(stock, compiled, TEXTS[:1])
    for nlp in (stock, compiled):
        nlp.get_pipe("attribute_ruler").add_patterns(PATTERNS[2:])
    _same_annotations(stock, compiled, TEXTS)
    for nlp in (stock, compiled):
        nlp.get_pipe("attribute_ruler").clear()
    assert compiled.get_pipe("attribute_ruler")._rules() is not None
    _same_annotations(stock, compiled, TEXTS)


@pytest.mark.parametrize(
    "pattern",
    [
        {"patterns": [[{"LOWER": "the", "OP": "+"}]], "attrs": {"TAG": "DT"}},
        {"patterns": [[{"LOWER": {"FUZZY": "mayr"}}]], "attrs": {"TAG": "NN"}},
        {"patterns": [[{"LOWER": "the"}]], "attrs": {"NORM": "thee"}},
        {"patterns": [[{"_": {"flag": True}}]], "attrs": {"TAG": "NN"}},
    ],
    ids=["operator", "fuzzy", "sets-norm", "extension"],
)
def test_rules_it_cannot_reproduce_run_spacys_implementation(pattern: dict) -> None:
    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add_patterns([pattern])
    with pytest.raises(NotCompilable):
        compile_rules(ruler)
    if "_" in pattern["patterns"][0][0]:
        return  # needs a registered extension to run at all
    stock, compiled = _ruler_pair([PATTERNS[0], pattern])
    assert compiled.get_pipe("attribute_ruler")._rules() is None
    _same_annotations(stock, compiled, TEXTS)


def test_an_index_outside_the_pattern_fails_as_in_spacy() -> None:
    stock, compiled = _ruler_pair([{"patterns": [[{"LOWER": "the"}]], "attrs": {"TAG": "DT"}, "index": 2}])
    for nlp in (stock, compiled):
        with pytest.raises(ValueError, match="E1001"):
            nlp("the mayor")


def test_a_pickled_copy_compiles_against_its_own_vocab() -> None:
    _, compiled = _ruler_pair(PATTERNS)
    compiled(TEXTS[0])  # compiled once, against this vocab
    copy = pickle.loads(pickle.dumps(compiled))
    stock, _ = _ruler_pair(PATTERNS)
    _same_annotations(stock, copy, TEXTS)


def test_only_stock_rulers_change_class() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert compile_rule_components(nlp) == []
    assert type(nlp.add_pipe("attribute_ruler")) is AttributeRuler
    assert compile_rule_components(nlp) == ["attribute_ruler"]
    assert compile_rule_components(nlp) == []  # already compiled
