"""The shared per-Doc token table matches spaCy's own token attributes."""

from __future__ import annotations

from framing.analyzers.doc_table import DocTable, doc_table, forget


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
        start, end = table.sents[table.sent_of[i]]
        assert (start, end) == (token.sent.start, token.sent.end)
    assert table.sents == [(sent.start, sent.end) for sent in doc.sents]
    assert table.doc_text == doc.text


def test_table_quotes_are_the_texts_quotations(nlp_base):
    from framing.quotes import find_quotes

    doc = nlp_base('Rubio said: "He is a great friend." Critics disagreed.')
    table = DocTable(doc)
    assert table.quotes == find_quotes(doc.text) and table.quotes
    assert table.quotes is table.quotes  # found once


def test_table_is_shared_per_doc_and_rebuilt_for_another(nlp_base):
    first, second = nlp_base("One sentence here."), nlp_base("Another one, longer than the first.")
    assert doc_table(first) is doc_table(first)
    table = doc_table(second)
    assert table.n == len(second) and doc_table(first) is not table
    forget()


def test_doc_without_sentence_boundaries_has_no_sentences(nlp_base):
    table = DocTable(nlp_base.make_doc("No parse at all"))
    assert table.sents == [] and table.head == [0, 1, 2, 3]
