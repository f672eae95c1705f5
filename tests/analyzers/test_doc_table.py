"""The shared per-Doc token table matches spaCy's own token attributes."""

from __future__ import annotations

from framing.analyzers.doc_table import DocTable, doc_table, forget
from framing.models import count_words


def test_table_matches_token_attributes(nlp_base):
    doc = nlp_base("Judge James Boasberg ordered the planes to turn around. They had already left El Salvador.")
    table = DocTable(doc)
    assert table.n == len(doc)
    for token in doc:
        i = token.i
        assert table.text[i] == token.text and table.lemma[i] == token.lemma_
        assert table.pos[i] == token.pos_ and table.dep[i] == token.dep_ and table.tag[i] == token.tag_
        assert table.head[i] == token.head.i and table.idx[i] == token.idx
        assert table.end[i] == token.idx + len(token.text)
        assert table.ent_type[i] == token.ent_type_ and table.ent_iob[i] == token.ent_iob_
        assert table.children[i] == [child.i for child in token.children]
        assert table.subtree(i) == [t.i for t in token.subtree]
        start, end = table.sents[table.sent_of[i]]
        assert (start, end) == (token.sent.start, token.sent.end)
    assert table.sents == [(sent.start, sent.end) for sent in doc.sents]
    assert table.doc_text == doc.text and table.doc_text is table.doc_text
    assert table.word_count == count_words(doc.text) == 15


FIELDS = {
    "text": "text",
    "text_ws": "text_with_ws",
    "lower": "lower_",
    "lemma": "lemma_",
    "pos": "pos_",
    "tag": "tag_",
    "dep": "dep_",
    "idx": "idx",
    "ent_type": "ent_type_",
    "ent_iob": "ent_iob_",
    "is_punct": "is_punct",
    "is_space": "is_space",
    "is_stop": "is_stop",
    "is_alpha": "is_alpha",
    "like_num": "like_num",
}


def test_every_field_equals_the_token_attribute_with_its_type(nlp_base):
    text = (
        "“We’re not leaving,” said U.S. District Judge James Boasberg on 15 March 2025 —  at 3:45 p.m.\n\n"
        "El Salvador's CECOT holds 40,000 inmates; ¿qué? Ça va… «non» 12.5% ($6 million)."
    )
    doc = nlp_base(text)
    table = DocTable(doc)
    for field, attribute in FIELDS.items():
        values = [getattr(token, attribute) for token in doc]
        assert getattr(table, field) == values, field
        assert [type(v) for v in getattr(table, field)] == [type(v) for v in values], field
    assert table.head == [token.head.i for token in doc]
    assert table.lemma_lower == [token.lemma_.lower() for token in doc]
    assert any(table.ent_type) and any(table.like_num) and any(table.is_space)
    empty = DocTable(nlp_base(""))
    assert empty.n == 0 and empty.text == [] and empty.head == [] and empty.doc_text == ""


def test_word_count_is_count_words(nlp_base):
    texts = [
        "",
        "   ",
        "One two  three.\n\nFour",
        "— -- ... !!! ?",
        "snake_case __ _x_ x_ _",
        "12,000 3.5% $6 #1 (a)",
        "non\u00a0breaking thin\u2009space ideographic\u3000space \x1c\x1d sep",
        "e\u0301 combining ² superscript ٣ arabic digit 中文 Ⅻ",
        "\u200b zero-width \ufeff bom",
    ]
    for text in texts:
        by_definition = sum(1 for token in text.split() if any(ch.isalnum() for ch in token))
        assert DocTable(nlp_base.make_doc(text)).word_count == count_words(text) == by_definition, text


def test_table_is_shared_per_doc_and_rebuilt_for_another(nlp_base):
    first, second = nlp_base("One sentence here."), nlp_base("Another one, longer than the first.")
    assert doc_table(first) is doc_table(first)
    table = doc_table(second)
    assert table.n == len(second) and doc_table(first) is not table
    forget()


def test_doc_without_sentence_boundaries_has_no_sentences(nlp_base):
    table = DocTable(nlp_base.make_doc("No parse at all"))
    assert table.sents == [] and table.head == [0, 1, 2, 3]
    assert table.doc_text == "No parse at all" and table.word_count == 4
