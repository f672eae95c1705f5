"""Token attributes of a Doc as plain Python lists, read once per Doc and shared by every analyzer.

Reading ``token.lemma_`` or ``doc[i]`` creates a new :class:`~spacy.tokens.Token` object each time;
analyzers that walk a Doc several times (per sentence, per candidate, per dependency path) spend
more time creating Token objects than doing their own work. :func:`doc_table` reads each token's
attributes once into lists indexed by token position (one ``Doc.to_array`` pass, each distinct
string looked up once, no Token objects) and hands the same :class:`DocTable` to every caller on
that Doc.

The table is built on the first call for a Doc and kept until :func:`doc_table` is called with
another Doc (the engine and ``nlp.pipe`` run every component on one Doc before the next), so it
costs one pass per Doc however many analyzers use it. It stores nothing on the Doc (no
``Doc._`` or ``user_data`` entry), so DocBin, pickling and ``n_process`` are unaffected. The
Doc must not be re-tokenized while its table is in use; a Doc whose length changed gets a new
table.

Import-light: spaCy and numpy are imported only when a table is built.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from framing.models import count_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


class DocTable:
    """Per-token attributes of one Doc (lists indexed by ``token.i``) and its sentence bounds.

    Attributes:
        n: number of tokens.
        text, text_ws, lower: ``token.text``, ``token.text_with_ws``, ``token.lower_``.
        lemma: ``token.lemma_``; ``lemma_lower``: the same lower-cased.
        pos, tag, dep: ``pos_``, ``tag_``, ``dep_``.
        head: index of ``token.head`` (a root is its own head).
        idx: ``token.idx`` (character offset); ``end``: ``idx + len(text)``.
        ent_type, ent_iob: ``ent_type_``, ``ent_iob_``.
        is_punct, is_space, is_stop, is_alpha, like_num: the lexical flags.
        sent_of: index (into :attr:`sents`) of each token's sentence.
        sents: ``(start, end)`` token bounds of each sentence (empty when the Doc has no
            sentence boundaries).
        doc_text: ``doc.text`` (built on first use; ``Doc.text`` joins every token on each access).
        word_count: :func:`framing.models.count_words` of :attr:`doc_text` (on first use, the same
            count by a regular expression).

    :meth:`subtree` gives a token's subtree as indices.
    """

    __slots__ = (
        "_children",
        "_doc_text",
        "_word_count",
        "dep",
        "end",
        "ent_iob",
        "ent_type",
        "head",
        "idx",
        "is_alpha",
        "is_punct",
        "is_space",
        "is_stop",
        "lemma",
        "lemma_lower",
        "like_num",
        "lower",
        "n",
        "pos",
        "sent_of",
        "sents",
        "tag",
        "text",
        "text_ws",
    )

    def __init__(self, doc: Doc) -> None:
        import numpy
        from spacy.parts_of_speech import NAMES as POS_NAMES

        n = len(doc)
        # One C pass over the Doc (Doc.to_array: no Token objects), columns in _COLUMNS order.
        array = doc.to_array(_column_ids())
        strings = doc.vocab.strings
        hashes = array[:, : len(_STRING_COLUMNS)]
        distinct, inverse = numpy.unique(hashes, return_inverse=True)
        names = [strings[h] for h in distinct.tolist()]  # each distinct string looked up once
        text, lower, lemma, tag, dep, ent_type = (
            [names[k] for k in column] for column in inverse.reshape(n, len(_STRING_COLUMNS)).T.tolist()
        )
        numbers = array[:, len(_STRING_COLUMNS) : len(_STRING_COLUMNS) + len(_NUMBER_COLUMNS)]
        pos_ids, _, idx, iob_ids, trailing_space = numbers.T.tolist()
        # HEAD is the offset to the head, stored unsigned: made signed, then absolute
        head = (numbers[:, 1].astype(numpy.int64) + numpy.arange(n)).tolist()
        flags = array[:, len(_STRING_COLUMNS) + len(_NUMBER_COLUMNS) :].astype(bool)
        is_punct, is_space, is_stop, is_alpha, like_num = flags.T.tolist()
        text_ws = [word + " " if space else word for word, space in zip(text, trailing_space, strict=True)]
        pos = [POS_NAMES[value] for value in pos_ids]
        ent_iob = [_IOB[value] for value in iob_ids]
        self.n = len(text)
        self.text, self.text_ws, self.lower, self.lemma = text, text_ws, lower, lemma
        self.lemma_lower = [value.lower() for value in lemma]
        self.pos, self.tag, self.dep, self.head, self.idx = pos, tag, dep, head, idx
        self.end = [start + len(word) for start, word in zip(idx, text, strict=True)]
        self.ent_type, self.ent_iob = ent_type, ent_iob
        self.is_punct, self.is_space, self.is_stop = is_punct, is_space, is_stop
        self.is_alpha, self.like_num = is_alpha, like_num
        self.sents: list[tuple[int, int]] = []
        self.sent_of: list[int] = [0] * self.n
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            for number, sent in enumerate(doc.sents):
                self.sents.append((sent.start, sent.end))
                self.sent_of[sent.start : sent.end] = [number] * (sent.end - sent.start)
        self._children: list[list[int]] | None = None
        self._doc_text: str | None = None
        self._word_count: int | None = None

    @property
    def children(self) -> list[list[int]]:
        """For each token, the indices of its syntactic children, in order (built on first use)."""
        if self._children is None:
            children: list[list[int]] = [[] for _ in range(self.n)]
            for i, parent in enumerate(self.head):
                if parent != i:
                    children[parent].append(i)
            self._children = children
        return self._children

    def subtree(self, i: int) -> list[int]:
        """Token ``i`` and its descendants, in ``Token.subtree`` order (each left child's subtree,
        the token, each right child's subtree)."""
        children = self.children
        out: list[int] = []

        def visit(k: int) -> None:
            for child in children[k]:
                if child < k:
                    visit(child)
            out.append(k)
            for child in children[k]:
                if child > k:
                    visit(child)

        visit(i)
        return out

    @property
    def doc_text(self) -> str:
        """``doc.text``: every token's text with its trailing whitespace (joined on first use)."""
        if self._doc_text is None:
            self._doc_text = "".join(self.text_ws)
        return self._doc_text

    @property
    def word_count(self) -> int:
        """The word count every per-1,000-words rate uses (``count_words(doc.text)``, on first use)."""
        if self._word_count is None:
            self._word_count = count_words(self.doc_text)
        return self._word_count


#: ``Doc.to_array`` columns read by :class:`DocTable`: string hashes, numbers, lexical flags.
_STRING_COLUMNS = ("ORTH", "LOWER", "LEMMA", "TAG", "DEP", "ENT_TYPE")
_NUMBER_COLUMNS = ("POS", "HEAD", "IDX", "ENT_IOB", "SPACY")
_FLAG_COLUMNS = ("IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_ALPHA", "LIKE_NUM")
_IOB = ("", "I", "O", "B")  # Token.ent_iob_ of each ENT_IOB value


@lru_cache(maxsize=1)
def _column_ids() -> list[int]:
    from spacy import attrs

    return [getattr(attrs, name) for name in (*_STRING_COLUMNS, *_NUMBER_COLUMNS, *_FLAG_COLUMNS)]


_last: tuple[Doc, DocTable] | None = None


def doc_table(doc: Doc) -> DocTable:
    """The :class:`DocTable` of ``doc``, built once and shared until another Doc is asked for."""
    global _last
    if _last is not None and _last[0] is doc and _last[1].n == len(doc):
        return _last[1]
    table = DocTable(doc)
    _last = (doc, table)
    return table


def forget() -> None:
    """Drop the table kept for the last Doc (frees that Doc; tests use it)."""
    global _last
    _last = None
