"""Token attributes of a Doc as plain Python lists, read once per Doc and shared by every analyzer.

Reading ``token.lemma_`` or ``doc[i]`` creates a new :class:`~spacy.tokens.Token` object each time;
analyzers that walk a Doc several times (per sentence, per candidate, per dependency path) spend
more time creating Token objects than doing their own work. :func:`doc_table` reads each token's
attributes once into lists indexed by token position and hands the same :class:`DocTable` to
every caller on that Doc.

The table is built on the first call for a Doc and kept until :func:`doc_table` is called with
another Doc (the engine and ``nlp.pipe`` run every component on one Doc before the next), so it
costs one pass per Doc however many analyzers use it. It stores nothing on the Doc (no
``Doc._`` or ``user_data`` entry), so DocBin, pickling and ``n_process`` are unaffected. The
Doc must not be re-tokenized while its table is in use; a Doc whose length changed gets a new
table.

Import-light: spaCy is not imported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from framing.quotes import QuoteRegion


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
        doc_text: ``doc.text`` (which spaCy rebuilds from every token on each access), joined
            once on first use.
        quotes: :func:`framing.quotes.find_quotes` of :attr:`doc_text` (found on first use;
            shared, so do not modify the list).
    """

    __slots__ = (
        "_children",
        "_doc_text",
        "_quotes",
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
        text: list[str] = []
        text_ws: list[str] = []
        lower: list[str] = []
        lemma: list[str] = []
        pos: list[str] = []
        tag: list[str] = []
        dep: list[str] = []
        head: list[int] = []
        idx: list[int] = []
        ent_type: list[str] = []
        ent_iob: list[str] = []
        is_punct: list[bool] = []
        is_space: list[bool] = []
        is_stop: list[bool] = []
        is_alpha: list[bool] = []
        like_num: list[bool] = []
        for token in doc:
            text.append(token.text)
            text_ws.append(token.text_with_ws)
            lower.append(token.lower_)
            lemma.append(token.lemma_)
            pos.append(token.pos_)
            tag.append(token.tag_)
            dep.append(token.dep_)
            head.append(token.head.i)
            idx.append(token.idx)
            ent_type.append(token.ent_type_)
            ent_iob.append(token.ent_iob_)
            is_punct.append(token.is_punct)
            is_space.append(token.is_space)
            is_stop.append(token.is_stop)
            is_alpha.append(token.is_alpha)
            like_num.append(token.like_num)
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
        self._quotes: list[QuoteRegion] | None = None

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

    @property
    def doc_text(self) -> str:
        """``doc.text``: the tokens' ``text_with_ws`` joined (built on first use)."""
        if self._doc_text is None:
            self._doc_text = "".join(self.text_ws)
        return self._doc_text

    @property
    def quotes(self) -> list[QuoteRegion]:
        """The quotation regions of the Doc's text (``find_quotes(doc.text)``, found on first use)."""
        if self._quotes is None:
            from framing.quotes import find_quotes

            self._quotes = find_quotes(self.doc_text)
        return self._quotes


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
