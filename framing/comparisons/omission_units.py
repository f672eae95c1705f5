"""Information units for the omission comparison: what one article states, in compact form.

:func:`summarize` runs once per article (in the worker process, on the parsed Doc) and
returns JSON-safe data that :mod:`framing.comparisons.omission` aligns across articles:

- ``units``: claims (sentences, split at line breaks) with offsets, content lemmas
  (normalised through a small synonym table), normalised numbers, entities, SVO triples
  and whether the unit is quoted speech; section headings and page furniture are flagged
  (``kind`` = ``"heading"`` / ``"furniture"``) and never become facts;
- ``entities``: people and organisations named (normalised), with counts;
- ``numbers``: figures with their normalised form (``"238"``, ``"1 year"``, ``"40,000"``,
  ``"$6 million"``);
- ``quotes``: who is quoted or reported as speaking (own light attribution, or the
  attribution analyzer's summary when it ran).

Token attributes are read once per Doc through :func:`framing.analyzers.doc_table.doc_table`
(plain lists shared with the other analyzers), not by walking spaCy Token objects. Import-light:
spaCy is not imported here.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from framing.analyzers.doc_table import DocTable, doc_table
from framing.quotes import QuoteIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"}
#: Lemmas too generic to carry a fact (reporting verbs, light verbs, vague adverbs).
GENERIC_LEMMAS = {
    "say",
    "tell",
    "add",
    "write",
    "state",
    "report",
    "post",
    "also",
    "include",
    "make",
    "be",
    "have",
    "do",
    "get",
    "go",
    "come",
    "give",
    "well",
    "even",
    "just",
    "so",
    "then",
    "now",
    "however",
    "only",
    "still",
    "already",
    "later",
    "recently",
    "year",
    "day",
    "time",
    "way",
    "thing",
    "people",
    "mr.",
    "ms.",
    "mrs.",
    "mr",
    "ms",
    "mrs",
    "dr",
    "jr",
    "sr",
    "more",
    "most",
    "other",
    "many",
    "much",
    "such",
    "far",
    "new",
    "first",
    "last",
    "week",
    "month",
    "accord",
    "according",
    "there",
    "here",
    "as",
    "not",
    "never",
    "ever",
    "very",
    "really",
    "one",
    "u.s.",
    "us",
    "united",
    "states",
    "america",
    "american",
    "president",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "reportedly",
    "currently",
    "since",
    "ago",
}
REPORT_VERBS = {
    "say",
    "tell",
    "add",
    "write",
    "post",
    "state",
    "claim",
    "note",
    "announce",
    "confirm",
    "declare",
    "explain",
    "argue",
    "insist",
    "tweet",
    "report",
    "reveal",
    "warn",
    "suggest",
    "praise",
    "call",
    "thank",
    "highlight",
    "emphasize",
    "celebrate",
    "accuse",
    "deny",
    "acknowledge",
    "admit",
    "predict",
    "urge",
    "describe",
    "respond",
    "reply",
    "ask",
    "mock",
}
PRONOUNS = {"he", "she", "they", "him", "her", "them"}
ACTOR_LABELS = {"PERSON", "ORG"}
NUMBER_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "DATE", "TIME"}
DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute", "time", "decade", "century"}
TITLE_WORDS = {
    "president",
    "judge",
    "secretary",
    "senator",
    "sen.",
    "rep.",
    "gov.",
    "governor",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "minister",
    "u.s.",
    "us",
    "district",
    "federal",
    "state",
    "general",
    "attorney",
}
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "single": 1,
    "once": 1,
    "twice": 2,
    "thrice": 3,
    "dozen": 12,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
CURRENCY = {"$": "$", "€": "€", "£": "£", "dollar": "$", "dollars": "$", "euro": "€", "euros": "€", "pound": "£"}
FURNITURE_RE = re.compile(
    r"^(comments?|related( stories| articles)?|read more|advertisement|share( this)?|"
    r"sign up.*|subscribe.*|.*contributed to this report\.?|.*\b\d+ (hours?|days?|minutes?) ago|"
    r"comments are moderated.*|for more information, please see.*|click here.*|follow us.*|[-–—•*|]+)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """The bundled synonym table: lemma -> canonical lemma (``framing/data/omission``)."""
    table: dict[str, str] = {}
    text = (resources.files("framing") / "data" / "omission" / "synonyms.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = [w.strip().lower() for w in line.split(",") if w.strip()]
        for word in words[1:]:
            table[word] = words[0]
        table.setdefault(words[0], words[0])
    return table


@lru_cache(maxsize=65536)
def canonical_lemma(lemma: str) -> str:
    """Lower-cased lemma mapped through the synonym table."""
    lemma = lemma.lower().strip("'’.-")
    return synonyms().get(lemma, lemma)


# ------------------------------------------------------------------------------ numbers
def _parse_number_words(words: list[str]) -> float | None:
    """``["40,000"]`` -> 40000, ``["6", "million"]`` -> 6e6, ``["one"]`` -> 1, else None."""
    total = 0.0
    current: float | None = None
    seen = False
    for raw in words:
        w = raw.lower().replace(",", "").strip("$€£")
        if not w:
            continue
        if re.fullmatch(r"\d+(\.\d+)?", w):
            current = (current or 0) + float(w)
            seen = True
        elif w in WORD_NUMBERS and w not in {"a", "an"}:
            current = (current or 0) + WORD_NUMBERS[w]
            seen = True
        elif w in {"a", "an"} and not seen:
            current = 1
        elif w in MULTIPLIERS:
            current = (current if current is not None else 1) * MULTIPLIERS[w]
            if MULTIPLIERS[w] >= 1000:
                total += current
                current = None
            seen = True
        elif w in {"and", "-"}:
            continue
        else:
            return None
    if not seen:
        return None
    return total + (current or 0)


def _fmt_value(value: float) -> str:
    if value == int(value):
        value = int(value)
        for size, word in ((10**9, "billion"), (10**6, "million")):
            if value >= size and value % (size // 10) == 0:
                return f"{value / size:g} {word}"
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def normalize_number(span: Span, label: str | None = None) -> dict[str, Any] | None:
    """A number entity or token run -> ``{"text", "norm", "key", "value", "unit", "start", "end"}``.

    ``norm`` is the display form (``"238"``, ``"1 year"``, ``"40,000"``, ``"$6 million"``),
    ``key`` the matching key (value, with its unit for durations and counts of times).
    Returns None for spans that carry no usable figure (``"hundreds"``, weekdays).
    ``label``: the entity label when ``span`` is a plain slice of the Doc (default ``span.label_``).
    """
    if label is None:
        label = span.label_
    tokens = list(span)
    currency = ""
    unit = ""
    number_words: list[str] = []
    started = False
    for tok in tokens:
        low = tok.lower_
        if low in CURRENCY and not started:
            currency = CURRENCY[low]
            continue
        if tok.like_num or low in WORD_NUMBERS or low in MULTIPLIERS or re.fullmatch(r"[\d,.]+", low):
            if low in {"a", "an"} and not any(
                t.like_num or t.lower_ in MULTIPLIERS or t.lemma_.lower() in DURATION_UNITS for t in tokens
            ):
                continue
            separate = started and number_words and tok.i > 0 and tok.doc[tok.i - 1].lower_ not in number_words[-1:]
            if separate and low not in MULTIPLIERS:
                break  # a second separate number inside one entity ("2024 ... 12,000"): keep the first
            number_words.append(low)
            started = True
            continue
        if started:
            lem = tok.lemma_.lower()
            if lem in CURRENCY:
                currency = CURRENCY[lem]
            elif lem in DURATION_UNITS:
                unit = lem
            break
    if not number_words:
        return None
    value = _parse_number_words(number_words)
    if value is None:
        return None
    if not unit:
        last = span[-1]
        nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
        if nxt is not None and nxt.lemma_.lower() in DURATION_UNITS:
            unit = nxt.lemma_.lower()
        elif last.lemma_.lower() in DURATION_UNITS:
            unit = last.lemma_.lower()
    if (
        label == "DATE"
        and not unit
        and not re.fullmatch(r"1[5-9]\d\d|20\d\d", str(int(value)) if value == int(value) else "")
    ):
        return None  # "February", "last month": no figure
    plain = f"{int(value)}" if value == int(value) else f"{value}"
    year_like = "," not in span.text and re.fullmatch(r"1[5-9]\d\d|20\d\d", plain) is not None
    if currency:
        norm = f"{currency}{_fmt_value(value)}"
        key = f"{currency}{plain}"
    elif unit:
        norm = f"{_fmt_value(value)} {unit}"
        key = f"{plain} {unit}"
    elif label == "DATE" or year_like:
        norm = key = plain
    else:
        norm = _fmt_value(value)
        key = plain
    return {
        "text": span.text,
        "norm": norm,
        "key": key,
        "value": value,
        "unit": unit or currency,
        "start": span.start_char,
        "end": span.end_char,
        "head": number_head(span),
        "approx": is_approximate(span),
    }


#: Words that make a figure approximate ("more than 200", "about 70", "nearly 1,000").
APPROXIMATORS = {"more", "over", "about", "around", "nearly", "almost", "roughly", "approximately", "some", "least"}


def is_approximate(span: Span) -> bool:
    """Is the figure given as an approximation or a bound ("more than 200", "at least 3")?

    An approximate figure need not be repeated word for word by an article that states the
    same fact ("more than 200 Venezuelans" / "238 members").
    """
    doc = span.doc
    before = [doc[i].lower_ for i in range(max(0, span.start - 2), span.start)]
    inside = [t.lower_ for t in span[:2]]
    return any(w in APPROXIMATORS for w in before + inside)


def number_head(span: Span) -> str:
    """Canonical lemma of the noun a figure counts ("40,000 inmates" -> "prisoner"), or "".

    The noun is the figure's syntactic head when the figure modifies it (``nummod``), the
    noun after it, or the object of an "of" after it ("238 members of ..." -> "member").
    Used as a number + head-noun anchor when checking whether an article states a fact.
    """
    root = span.root
    cands = []
    if root.dep_ in {"nummod", "quantmod", "amod", "compound"} and root.head.i >= span.end - 1:
        cands.append(root.head)
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None:
        cands.append(nxt)
    for tok in cands:
        if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num:
            lemma = canonical_lemma(tok.lemma_)
            if lemma.isalpha() or "-" in lemma:
                return lemma
    if root.pos_ == "NOUN" and not root.like_num and root.lemma_.lower() not in MULTIPLIERS:
        return canonical_lemma(root.lemma_)
    return ""


@dataclass(frozen=True)
class Entity:
    """A named entity read from the token table (``Doc.ents`` builds new Span objects on each read)."""

    start: int
    end: int
    label_: str
    text: str
    start_char: int
    end_char: int


def entities(table: DocTable) -> list[Entity]:
    """The Doc's named entities, from the table's IOB tags (the same as ``doc.ents``)."""
    out: list[Entity] = []
    start = -1
    label = ""

    def close(end: int) -> None:
        if start >= 0:
            text = "".join(table.text_ws[start:end]).rstrip()
            out.append(Entity(start, end, label, text, table.idx[start], table.idx[start] + len(text)))

    for i in range(table.n):
        iob = table.ent_iob[i]
        if iob == "B" or (iob == "I" and start < 0):
            close(i)
            start, label = i, table.ent_type[i]
        elif iob != "I":
            close(i)
            start = -1
    close(table.n)
    return out


def extract_numbers(doc: Doc, ents: Sequence[Entity] | None = None) -> list[dict[str, Any]]:
    """Every figure in the Doc (entities first, then bare numeric tokens outside entities).

    ``ents``: :func:`entities` of the Doc when the caller has them already.
    """
    table = doc_table(doc)
    found: list[dict[str, Any]] = []
    covered: set[int] = set()
    for ent in entities(table) if ents is None else ents:
        if ent.label_ not in NUMBER_LABELS:
            continue
        item = normalize_number(doc[ent.start : ent.end], ent.label_)
        covered.update(range(ent.start, ent.end))
        if item:
            found.append(item)
    for i in range(table.n):
        if not table.like_num[i] or i in covered or table.ent_type[i] in ACTOR_LABELS:
            continue
        word = table.text[i]
        if not re.fullmatch(r"\d[\d,.]*", word) or "-" in word:
            continue
        item = normalize_number(doc[i : i + 1])
        if item:
            found.append(item)
    found.sort(key=lambda n: n["start"])
    return found


# ------------------------------------------------------------------------------ entities
@lru_cache(maxsize=16384)
def display_entity(text: str) -> str:
    """``"the U.S. State Department's"`` -> ``"U.S. State Department"``."""
    text = text.replace("’", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


def normalize_entity(text: str) -> str:
    """``"the U.S. State Department's"`` -> ``"u.s. state department"``."""
    return display_entity(text).strip(".").lower()


@lru_cache(maxsize=16384)
def actor_key(text: str, label: str) -> str:
    """Matching key for an actor: a person's surname, an organisation's normalised name."""
    norm = normalize_entity(text)
    if label != "PERSON":
        return "" if norm in TITLE_WORDS else norm
    words = [w for w in norm.split() if w not in TITLE_WORDS]
    return words[-1] if words else ""


# ------------------------------------------------------------------------------ units
def _line_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) at line breaks, trimming whitespace; empty pieces dropped."""
    pieces = []
    pos = start
    for part in re.split(r"(\n+)", text[start:end]):
        s, e = pos, pos + len(part)
        pos = e
        if "\n" in part:
            continue
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            pieces.append((s, e))
    return pieces


def _line_of(text: str, start: int, end: int) -> str:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return text[ls : le if le >= 0 else len(text)].strip()


def classify_piece(
    text: str, start: int, end: int, n_content: int, has_verb: bool, *, lines: dict[str, bool] | None = None
) -> str:
    """``"claim"``, ``"heading"`` or ``"furniture"`` for one unit of text.

    ``lines``: whether each line already looked at is page furniture (a memo for the pieces of
    one text, whose paragraphs hold several sentences).
    """
    piece = text[start:end].strip()
    line = _line_of(text, start, end)
    if FURNITURE_RE.match(piece) or (line != piece and _furniture_line(line, lines)):
        return "furniture"
    if len(piece) < 3 or not any(ch.isalpha() for ch in piece):
        return "furniture"
    alone_on_line = line == piece
    words = piece.split()
    if alone_on_line and piece.endswith("?") and len(words) <= 15:
        return "heading"
    if alone_on_line and not re.search(r"[.!?\"”…:)]$", piece) and len(words) <= 16:
        return "heading"
    if n_content < 2 or (not has_verb and len(words) < 8):
        return "heading" if alone_on_line else "furniture"
    return "claim"


def _furniture_line(line: str, memo: dict[str, bool] | None) -> bool:
    """Is the whole line page furniture (:data:`FURNITURE_RE`), looked up in ``memo`` first?"""
    verdict = memo.get(line) if memo is not None else None
    if verdict is None:
        verdict = FURNITURE_RE.match(line) is not None
        if memo is not None:
            memo[line] = verdict
    return verdict


ENTITY_TERM_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "conj", "parataxis", "acl"}
#: Dependency labels of modifiers: a term that only modifies ("notorious prisons", "late Saturday")
#: weighs less when checking whether an article states a unit.
MODIFIER_DEPS = {"amod", "advmod", "npadvmod", "quantmod"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative"}


class _Terms:
    """Per-Doc view for the unit summaries: the token table, entity starts and each token's term.

    ``term[i]`` is the content term token ``i`` contributes (a canonical lemma, ``e:<key>``
    for the first token of a named entity or a proper noun the NER missed, or None), and
    ``ent_end[i]`` the end of the entity starting at ``i`` (-1 elsewhere).
    """

    __slots__ = ("_depth", "ent_end", "table", "term")

    def __init__(self, table: DocTable, ents: Sequence[Entity]) -> None:
        self.table = table
        n = table.n
        self.term: list[str | None] = [None] * n
        self.ent_end: list[int] = [-1] * n
        starts = {e.start: e for e in ents if e.label_ in ENTITY_TERM_LABELS}
        pos, ent_iob, ent_type = table.pos, table.ent_iob, table.ent_type
        for i in range(n):
            ent = starts.get(i)
            if ent is not None:
                key = actor_key(ent.text, ent.label_)
                self.term[i] = "e:" + key if key and any(ch.isalpha() for ch in key) else None
                self.ent_end[i] = ent.end
            elif pos[i] in CONTENT_POS and not (ent_iob[i] == "I" and ent_type[i] in ENTITY_TERM_LABELS):
                self.term[i] = _lemma_term(table, i)  # (no term for other parts of speech)
        self._depth: list[int] | None = None

    def content(self, indices: Sequence[int]) -> list[str]:
        """Content terms of tokens (in order); each entity's inner tokens skipped."""
        terms = []
        in_ent_until = -1
        term, ent_end = self.term, self.ent_end
        for i in indices:
            end = ent_end[i]
            if end >= 0:
                if term[i] is not None:
                    terms.append(term[i])
                in_ent_until = end
                continue
            if i < in_ent_until or term[i] is None:
                continue
            terms.append(term[i])
        return terms

    def minor(self, lo: int, hi: int) -> list[str]:
        """Content terms of tokens ``lo..hi`` that carry little of the claim: those that occur only
        as modifiers (adjectives, adverbs) and reporting verbs ("announced that ...")."""
        minor, major = set(), set()
        dep, pos = self.table.dep, self.table.pos
        for i in range(lo, hi):
            term = self.term[i]
            if term is None or self.ent_end[i] >= 0 or term.startswith("e:"):
                continue
            light = dep[i] in MODIFIER_DEPS or (pos[i] == "VERB" and self.table.lemma_lower[i] in REPORT_VERBS)
            (minor if light else major).add(term)
        return sorted(minor - major)

    def depth(self, i: int) -> int:
        """Number of ancestors of token ``i`` (remembered for every token on its way to the root)."""
        if self._depth is None:
            self._depth = [-1] * self.table.n
        depth, head = self._depth, self.table.head
        path = []
        j = i
        while depth[j] < 0 and head[j] != j and len(path) < self.table.n:
            path.append(j)
            j = head[j]
        if depth[j] < 0:
            depth[j] = 0
        base = depth[j]
        for k in reversed(path):
            base += 1
            depth[k] = base
        return depth[i]


def _lemma_term(table: DocTable, i: int) -> str | None:
    """The content lemma of a token outside entities (``e:<name>`` for a proper noun), or None."""
    pos = table.pos[i]
    if table.is_punct[i] or table.is_space[i] or pos not in CONTENT_POS:
        return None
    if table.like_num[i] or pos == "NUM":
        return None  # numbers enter through their normalised keys
    if table.is_stop[i] and pos != "PROPN":
        return None
    return _word_term(table.lemma[i] if pos != "PROPN" else table.text[i], pos == "PROPN")


@lru_cache(maxsize=65536)
def _word_term(word: str, proper: bool) -> str | None:
    """The content term of a lemma (``proper``: a proper noun's text), or None for a generic word."""
    lemma = canonical_lemma(word)
    if len(lemma) < 2 or lemma in GENERIC_LEMMAS or not any(ch.isalpha() for ch in lemma):
        return None
    if proper and lemma not in TITLE_WORDS:
        return "e:" + lemma  # a name the NER missed ("Bukele first offered"): the same term as the entity
    return lemma


def _is_clause_head(table: DocTable, i: int, fine: bool = False) -> bool:
    """Does a clause start at this verb? ``fine``: also a coordinated verb without its own subject."""
    dep = table.dep[i]
    if dep not in CLAUSE_DEPS or table.pos[i] not in {"VERB", "AUX"}:
        return False
    if dep == "conj" and not fine:
        return any(table.dep[c] in SUBJECT_DEPS for c in table.children[i])
    # "Bukele wrote that 238 members arrived": the report and its content are one claim
    return not (dep == "ccomp" and table.lemma_lower[table.head[i]] in REPORT_VERBS)


def split_clauses(
    terms: _Terms, lo: int, hi: int, numbers: Sequence[Mapping[str, Any]], fine: bool = False, *, alone: bool = True
) -> list[dict[str, Any]]:
    """Split the sentence of tokens ``lo..hi`` into clauses (relative, adverbial, complement,
    coordinated with a subject).

    Each token goes to its nearest clause-head ancestor; a clause with too little content
    (fewer than 3 terms, or 2 with a figure) is merged back into its parent clause, unless
    ``fine`` and it has a figure and a content term. ``fine`` also splits coordinated verb
    phrases that share a subject ("are barred from receiving visitors, can only attend
    hearings virtually"): the parts the document-containment check looks for one by one.
    Returns ``[{"start", "end", "text", "terms", "numbers", "tokens"}]`` in text order;
    ``alone=False``: ``[]`` for a sentence that is one clause (sparing that clause's text).
    """
    table = terms.table
    head = table.head
    dep = table.dep
    heads = {i for i in range(lo, hi) if dep[i] in CLAUSE_DEPS and _is_clause_head(table, i, fine)}
    if not heads and not alone:
        return []  # no clause head: the sentence is one clause

    # each token -> its nearest clause-head ancestor in the span (-1: none), parents before children
    children = table.children
    owners: dict[int, int] = {}
    stack = []
    for i in range(lo, hi):
        h = head[i]
        if h == i or not lo <= h < hi:
            owners[i] = i if i in heads else -1
            stack.append(i)
    while stack:
        j = stack.pop()
        for c in children[j]:
            if lo <= c < hi:
                owners[c] = c if c in heads else owners[j]
                stack.append(c)
    groups: dict[int, list[int]] = {}
    for i in range(lo, hi):
        groups.setdefault(owners[i], []).append(i)

    def parent(clause_head: int) -> int:
        h = head[clause_head]
        return owners[h] if h != clause_head and lo <= h < hi else -1

    # each figure of the span -> the token whose characters contain its start
    located: list[tuple[str, int]] = []
    if hi > lo:
        idx, end = table.idx, table.end
        first, last = idx[lo], end[hi - 1]
        for n in numbers:
            pos = n["start"]
            if first <= pos < last:
                k = bisect.bisect_right(idx, pos, lo, hi) - 1
                if k >= lo and pos < end[k]:
                    located.append((n["key"], k))

    found: dict[int, tuple[list[str], list[str]]] = {}  # clause head -> content of its tokens, until they change

    def content(clause_head: int) -> tuple[list[str], list[str]]:
        if clause_head not in found:
            tokens = groups[clause_head]
            ids = set(tokens)
            found[clause_head] = terms.content(tokens), [key for key, i in located if i in ids]
        return found[clause_head]

    if len(groups) > 1:
        changed = True
        while changed and len(groups) > 1:
            changed = False
            for clause_head in sorted(groups, key=lambda h: -terms.depth(h) if h >= 0 else 0):
                if clause_head == -1 or clause_head not in groups:
                    continue
                words, nums = content(clause_head)
                if len(set(words)) + len(nums) >= 3 and (len(set(words)) >= 2 or nums):
                    continue
                if fine and nums and words:
                    continue  # "which can hold up to 40,000 people": a figure clause stays apart
                target = parent(clause_head)
                groups.setdefault(target, []).extend(groups.pop(clause_head))
                groups[target].sort()
                found.pop(clause_head, None)
                found.pop(target, None)
                changed = True
    kept = []  # (tokens, words, figures) of each clause with content, in text order
    for clause_head in sorted(groups, key=lambda h: groups[h][0]):
        words, nums = content(clause_head)
        if words or nums:
            kept.append((groups[clause_head], words, nums))
    if len(kept) < 2 and not alone:
        return []
    return [
        {
            "start": table.idx[tokens[0]],
            "end": table.end[tokens[-1]],
            "text": clause_text(tokens, [table.text_ws[i] for i in tokens]),
            "terms": words,
            "numbers": nums,
            "tokens": tokens,
        }
        for tokens, words, nums in kept
    ]


_GAP_PUNCT = ",;:–—-("


def clause_text(indices: Sequence[int], words_ws: Sequence[str]) -> str:
    """Readable text of a clause whose tokens may have gaps (another clause cut out of it).

    ``indices``: the clause's token indices in order; ``words_ws``: their ``text_with_ws``.
    Runs of consecutive tokens are joined with one space, and punctuation or a conjunction
    left dangling at a gap is dropped: the main clause of "The prison, which can hold 40,000
    inmates, was criticized" reads "The prison was criticized".
    """
    gaps = [k for k in range(1, len(indices)) if indices[k] != indices[k - 1] + 1]
    runs = ["".join(words_ws[a:b]) for a, b in zip([0, *gaps], [*gaps, len(indices)], strict=True)]
    out = ""
    for n, run in enumerate(runs):
        text = run.strip()
        if n > 0:
            text = text.lstrip(_GAP_PUNCT + " ")
        if n < len(runs) - 1:
            text = text.rstrip(_GAP_PUNCT + " ")
        if not text:
            continue
        glue = "" if not out or text[0] in '.!?"”’)' else " "
        out += glue + text
    out = out.rstrip(_GAP_PUNCT + " ")
    # the pattern matches only at the end: a clause that does not end with a conjunction keeps its text
    if out.rstrip(".!?\n").endswith(_CONJUNCTIONS):
        out = _DANGLING_CONJUNCTION.sub("", out)
    return out


_CONJUNCTIONS = ("and", "or", "but", "while", "as", "also")
_DANGLING_CONJUNCTION = re.compile(r"(?:[,;]?\s+(?:" + "|".join(_CONJUNCTIONS) + r"))+(?=[.!?]?$)")


def predicate_pairs(table: DocTable, lo: int, hi: int) -> list[list[Any]]:
    """``[subject, verb, object, verb index]`` for each verb of tokens ``lo..hi`` with a subject or
    an object (canonical lemmas of the argument heads; "" when absent).

    Predicate-argument overlap for the alignment ("the judge blocked the deportations" and
    "the deportations were blocked by a judge" share ``block>deport``). Read from the
    dependency parse: subjects are ``nsubj``/``nsubjpass`` children (a coordinated verb
    without its own subject takes its head's), objects ``dobj``/``attr``/``oprd``/``dative``
    children or, for a verb with a preposition, the preposition's object. Pronouns and stop
    words are no argument.
    """
    children, dep, pos = table.children, table.dep, table.pos

    def argument(i: int) -> str:
        if table.is_stop[i] or table.pos[i] in {"PRON", "DET", "NUM"} or table.like_num[i]:
            return ""
        return canonical_lemma(table.text[i] if pos[i] == "PROPN" else table.lemma[i])

    triples = []
    for i in range(lo, hi):
        if pos[i] != "VERB":
            continue
        subjects = [c for c in children[i] if dep[c] in SUBJECT_DEPS]
        if not subjects and dep[i] in {"conj", "xcomp"} and lo <= table.head[i] < hi:
            subjects = [c for c in children[table.head[i]] if dep[c] in SUBJECT_DEPS]
        objects = [c for c in children[i] if dep[c] in OBJECT_DEPS]
        if not objects:
            objects = [g for c in children[i] if dep[c] in {"prep", "agent"} for g in children[c] if dep[g] == "pobj"]
        verb = canonical_lemma(table.lemma[i])
        subj = next((a for a in map(argument, subjects) if a), "")
        obj = next((a for a in map(argument, objects) if a), "")
        if verb and (subj or obj):
            triples.append([subj, verb, obj, i])
    return triples


def _token_range(table: DocTable, start: int, end: int) -> tuple[int, int]:
    """Tokens overlapping characters ``[start, end)`` (spaCy's ``char_span(..., "expand")``)."""
    lo = bisect.bisect_right(table.end, start)
    hi = bisect.bisect_left(table.idx, end)
    return lo, max(lo, hi)


def summarize_units(
    doc: Doc,
    with_svo: bool = True,
    *,
    text: str | None = None,
    quotes: QuoteIndex | None = None,
    numbers: list[dict[str, Any]] | None = None,
    ents: Sequence[Entity] | None = None,
) -> list[dict[str, Any]]:
    """The article's information units (see module docstring).

    ``text``, ``quotes``, ``numbers``, ``ents``: ``doc.text``, its :class:`QuoteIndex`,
    :func:`extract_numbers` and :func:`entities`, when the caller has them already.
    """
    if text is None:
        text = doc.text
    if quotes is None:
        quotes = QuoteIndex.of(text)
    table = doc_table(doc)
    if ents is None:
        ents = entities(table)
    if numbers is None:
        numbers = extract_numbers(doc, ents)
    terms = _Terms(table, ents)
    starts = [n["start"] for n in numbers]
    units: list[dict[str, Any]] = []
    furniture_lines: dict[str, bool] = {}
    sents = table.sents or ([(0, table.n)] if table.n else [])
    for sent_lo, sent_hi in sents:
        if sent_hi <= sent_lo:
            continue
        for s, e in _line_pieces(text, table.idx[sent_lo], table.end[sent_hi - 1]):
            lo, hi = _token_range(table, s, e)
            if hi <= lo:
                continue
            words = terms.content(range(lo, hi))
            has_verb = any(table.pos[i] in {"VERB", "AUX"} for i in range(lo, hi))
            kind = classify_piece(text, s, e, len(set(words)), has_verb, lines=furniture_lines)
            here = numbers[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
            region = quotes.region_at(s)
            in_quote = quotes.voice(s, e) == "quote" or (region is not None and region.end >= e - 2)
            unit: dict[str, Any] = {
                "start": s,
                "end": e,
                "text": text[s:e],
                "kind": kind,
                "terms": words,
                "numbers": [n["key"] for n in here],
                "anchors": sorted({f"{n['key']}>{n['head']}" for n in here if n.get("head")}),
                "entities": sorted({t[2:] for t in words if t.startswith("e:")}),
                "quote": bool(in_quote),
            }
            approx = sorted({n["key"] for n in here if n.get("approx")})
            if approx:
                unit["approx"] = approx
            minor = terms.minor(lo, hi)
            if minor:
                unit["minor"] = minor
            if kind == "claim":
                # clauses: aligned one by one with settings.clauses; each must be stated for the sentence to be
                parts = split_clauses(terms, lo, hi, here, fine=True, alone=False)
                triples = predicate_pairs(table, lo, hi) if with_svo else []
                unit["parts"] = []
                if len(parts) > 1:
                    for part in parts:
                        tokens = set(part.pop("tokens"))
                        part["svo"] = [t[:3] for t in triples if t[3] in tokens]
                    unit["parts"] = parts
                unit["svo"] = [t[:3] for t in triples]
            units.append(unit)
    return units


def _entity_of(ents: Sequence[Entity], labels: set[str]) -> dict[int, Entity]:
    """Token index -> the entity (with one of ``labels``) that covers it."""
    at: dict[int, Entity] = {}
    for ent in ents:
        if ent.label_ in labels:
            for i in range(ent.start, ent.end):
                at[i] = ent
    return at


def _subtree(table: DocTable, i: int) -> list[int]:
    out, stack = [], [i]
    while stack:
        j = stack.pop()
        out.append(j)
        stack.extend(table.children[j])
    return sorted(out)


def _resolve_speaker(
    table: DocTable, verb: int, last_person: str | None, speaker_ent: Mapping[int, Entity]
) -> str | None:
    """The named speaker behind a reporting verb's subject (pronouns -> last person named)."""
    for child in table.children[verb]:
        if table.dep[child] not in SUBJECT_DEPS:
            continue
        if table.lower[child] in PRONOUNS:
            return last_person
        ent = speaker_ent.get(child)
        if ent is not None:
            return ent.text
        compound = [j for j in _subtree(table, child) if table.ent_type[j] in ACTOR_LABELS]
        if compound:
            return " ".join(table.text[j] for j in compound)
    return None


def extract_quotes(
    doc: Doc, *, quotes: QuoteIndex | None = None, ents: Sequence[Entity] | None = None
) -> list[dict[str, Any]]:
    """Who speaks: direct quotes and reporting verbs with a named (or resolvable) subject."""
    if quotes is None:
        quotes = QuoteIndex.of(doc.text)
    table = doc_table(doc)
    if ents is None:
        ents = entities(table)
    speaker_ent = _entity_of(ents, ACTOR_LABELS | {"GPE", "NORP"})
    persons_all = sorted((e for e in ents if e.label_ == "PERSON"), key=lambda e: e.start)
    person_starts = [e.start for e in persons_all]
    found: list[dict[str, Any]] = []
    last_person: str | None = None
    for lo, hi in table.sents or ([(0, table.n)] if table.n else []):
        if hi <= lo:
            continue
        start_char, end_char = table.idx[lo], table.end[hi - 1]
        speaker = None
        cue = None
        for i in range(lo, hi):
            if table.pos[i] == "VERB" and table.lemma_lower[i] in REPORT_VERBS:
                who = _resolve_speaker(table, i, last_person, speaker_ent)
                if who:
                    speaker, cue = who, table.lemma_lower[i]
                    break
        persons = persons_all[bisect.bisect_left(person_starts, lo) : bisect.bisect_left(person_starts, hi)]
        persons = [e for e in persons if e.end <= hi]
        has_quote = any(r.start < end_char and r.end > start_char for r in quotes.regions)
        if speaker is None and has_quote:
            voiced = [e for e in persons if quotes.voice(e.start_char, e.end_char) == "author"]
            if voiced:
                speaker = voiced[0].text
            elif last_person and any(
                table.lower[i] in PRONOUNS and quotes.voice(table.idx[i]) == "author" for i in range(lo, hi)
            ):
                speaker = last_person
        if speaker:
            found.append(
                {
                    "start": start_char,
                    "end": end_char,
                    "speaker": speaker,
                    "speaker_key": actor_key(speaker, "PERSON" if " " in speaker or speaker[:1].isupper() else "ORG"),
                    "cue": cue,
                    "type": "direct" if has_quote else "indirect",
                }
            )
        if persons:
            last_person = persons[-1].text
    return found


def extract_entities(
    doc: Doc,
    claims: Sequence[tuple[int, int]] | None = None,
    *,
    quotes: QuoteIndex | None = None,
    ents: Sequence[Entity] | None = None,
) -> list[dict[str, Any]]:
    """People and organisations named in the writer's voice, by matching key, with surface forms.

    Mentions inside quotations and outside ``claims`` (headings, furniture) are skipped.
    """
    if quotes is None:
        quotes = QuoteIndex.of(doc.text)
    if ents is None:
        ents = entities(doc_table(doc))
    by_key: dict[str, dict[str, Any]] = {}
    claim_starts = sorted(claims) if claims is not None else None
    for ent in ents:
        if ent.label_ not in ACTOR_LABELS or quotes.voice(ent.start_char, ent.end_char) == "quote":
            continue
        if claim_starts is not None and not any(s <= ent.start_char < e for s, e in claim_starts):
            continue
        key = actor_key(ent.text, ent.label_)
        if not key or not any(ch.isalpha() for ch in key):
            continue
        item = by_key.setdefault(
            key, {"key": key, "label": ent.label_, "names": Counter(), "count": 0, "first": ent.start_char}
        )
        item["names"][display_entity(ent.text)] += 1
        item["count"] += 1
    out = []
    for item in by_key.values():
        names = item["names"]
        out.append(
            {
                "key": item["key"],
                "label": item["label"],
                "name": max(names, key=lambda n: (len(n.split()), names[n])),
                "aliases": sorted(names),
                "count": item["count"],
                "first": item["first"],
            }
        )
    return sorted(out, key=lambda e: e["first"])


def summarize(doc: Doc) -> Mapping[str, Any]:
    """Per-article step of the omission comparison (JSON-safe, compact)."""
    table = doc_table(doc)
    text = "".join(table.text_ws)  # what Doc.text returns, without creating a Token per word
    ents = entities(table)  # Doc.ents builds new Spans on each read: read from the table once
    quotes = QuoteIndex.of(text)
    numbers = extract_numbers(doc, ents)
    units = summarize_units(doc, text=text, quotes=quotes, numbers=numbers, ents=ents)
    claims = [(u["start"], u["end"]) for u in units if u["kind"] == "claim"]
    return {
        "version": 2,
        "units": units,
        "entities": extract_entities(doc, claims, quotes=quotes, ents=ents),
        "numbers": [{k: n[k] for k in ("text", "norm", "key", "start", "end")} for n in numbers],
        "quotes": extract_quotes(doc, quotes=quotes, ents=ents),
        "words": len(text.split()),
    }
