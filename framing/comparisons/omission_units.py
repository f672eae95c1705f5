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

Kept import-light: textacy is imported inside :func:`svo_triples`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from framing.quotes import QuoteIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

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


def normalize_number(span: Span) -> dict[str, Any] | None:
    """A number entity or token run -> ``{"text", "norm", "key", "value", "unit", "start", "end"}``.

    ``norm`` is the display form (``"238"``, ``"1 year"``, ``"40,000"``, ``"$6 million"``),
    ``key`` the matching key (value, with its unit for durations and counts of times).
    Returns None for spans that carry no usable figure (``"hundreds"``, weekdays).
    """
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
        span.label_ == "DATE"
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
    elif span.label_ == "DATE" or year_like:
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
    }


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


def extract_numbers(doc: Doc) -> list[dict[str, Any]]:
    """Every figure in the Doc (entities first, then bare numeric tokens outside entities)."""
    found: list[dict[str, Any]] = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in NUMBER_LABELS:
            continue
        item = normalize_number(ent)
        covered.update(range(ent.start, ent.end))
        if item:
            found.append(item)
    for tok in doc:
        if tok.i in covered or not tok.like_num or tok.ent_type_ in ACTOR_LABELS:
            continue
        if not re.fullmatch(r"\d[\d,.]*", tok.text) or "-" in tok.text:
            continue
        item = normalize_number(doc[tok.i : tok.i + 1])
        if item:
            found.append(item)
    found.sort(key=lambda n: n["start"])
    return found


# ------------------------------------------------------------------------------ entities
def display_entity(text: str) -> str:
    """``"the U.S. State Department's"`` -> ``"U.S. State Department"``."""
    text = text.replace("’", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


def normalize_entity(text: str) -> str:
    """``"the U.S. State Department's"`` -> ``"u.s. state department"``."""
    return display_entity(text).strip(".").lower()


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


def classify_piece(text: str, start: int, end: int, n_content: int, has_verb: bool) -> str:
    """``"claim"``, ``"heading"`` or ``"furniture"`` for one unit of text."""
    piece = text[start:end].strip()
    line = _line_of(text, start, end)
    if FURNITURE_RE.match(piece) or FURNITURE_RE.match(line):
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


def svo_triples(span: Span) -> list[list[Any]]:
    """(subject, verb, object, verb token index) triples in a span, via textacy (empty if unavailable)."""
    try:
        from textacy.extract import subject_verb_object_triples
    except Exception:  # pragma: no cover - textacy missing or broken
        return []
    triples = []
    try:
        for triple in subject_verb_object_triples(span):
            subj = " ".join(canonical_lemma(t.lemma_) for t in triple.subject if not t.is_stop)
            verb = " ".join(
                canonical_lemma(t.lemma_) for t in triple.verb if not t.is_stop and t.pos_ != "AUX"
            ) or " ".join(canonical_lemma(t.lemma_) for t in triple.verb)
            obj = " ".join(canonical_lemma(t.lemma_) for t in triple.object if not t.is_stop)
            if verb:
                triples.append([subj, verb, obj, triple.verb[0].i])
    except Exception:  # pragma: no cover - defensive: a parse textacy cannot walk
        return []
    return triples


ENTITY_TERM_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}


CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "conj", "parataxis", "acl"}


def _token_term(tok: Token, ent_at: Mapping[int, Span]) -> tuple[str | None, int]:
    """What one token adds to :func:`_content_terms`: ``(term or None, entity end or -1)``."""
    if tok.i in ent_at:
        ent = ent_at[tok.i]
        key = actor_key(ent.text, ent.label_)
        return ("e:" + key if key and any(ch.isalpha() for ch in key) else None), ent.end
    if tok.ent_iob_ == "I" and tok.ent_type_ in ENTITY_TERM_LABELS:
        return None, -1
    return _token_lemma_term(tok), -1


def _content_terms(
    tokens: Sequence[Token], ent_at: Mapping[int, Span], cache: dict[int, tuple[str | None, int]] | None = None
) -> list[str]:
    """Content lemmas of tokens; each named entity collapsed into one ``e:<key>`` term.

    ``cache``: a dict shared by the calls on one Doc (with the same ``ent_at``), token -> its term.
    """
    if cache is None:
        cache = {}
    terms = []
    in_ent_until = -1
    for tok in tokens:
        i = tok.i
        info = cache.get(i)
        if info is None:
            info = cache[i] = _token_term(tok, ent_at)
        term, ent_end = info
        if ent_end >= 0:  # an entity starts here
            if term is not None:
                terms.append(term)
            in_ent_until = ent_end
            continue
        if i < in_ent_until or term is None:
            continue
        terms.append(term)
    return terms


def _token_lemma_term(tok: Token) -> str | None:
    """The content lemma of a token outside entities, or None."""
    if tok.is_punct or tok.is_space or tok.pos_ not in CONTENT_POS:
        return None
    if tok.like_num or tok.pos_ == "NUM":
        return None  # numbers enter through their normalised keys
    if tok.is_stop and tok.pos_ != "PROPN":
        return None
    lemma = canonical_lemma(tok.lemma_ if tok.pos_ != "PROPN" else tok.text)
    if len(lemma) < 2 or lemma in GENERIC_LEMMAS or not any(ch.isalpha() for ch in lemma):
        return None
    return lemma


def _is_clause_head(tok: Token) -> bool:
    if tok.dep_ not in CLAUSE_DEPS or tok.pos_ not in {"VERB", "AUX"}:
        return False
    if tok.dep_ == "conj":
        return any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
    return True


def split_clauses(
    span: Span,
    ent_at: Mapping[int, Span],
    numbers: Sequence[Mapping[str, Any]],
    keep_figures: bool = False,
    term_cache: dict[int, tuple[str | None, int]] | None = None,
) -> list[dict[str, Any]]:
    """Split a sentence into clauses (relative, adverbial, complement, coordinated with a subject).

    Each token goes to its nearest clause-head ancestor; a clause with too little content
    (fewer than 3 terms, or 2 with a figure) is merged back into its parent clause, unless
    ``keep_figures`` and it has a figure and a content term.
    Returns ``[{"start", "end", "terms", "numbers"}]`` (offsets of the clause's tokens).
    """
    lo, hi = span.start, span.end
    tokens = list(span)
    heads = {t.i for t in tokens if _is_clause_head(t)}
    head_of = {t.i: t.head.i for t in tokens}
    if term_cache is None:
        term_cache = {}

    def owner(i: int) -> int:
        while True:
            if i in heads:
                return i
            h = head_of[i]
            if h == i or not (lo <= h < hi):
                return -1
            i = h

    groups: dict[int, list[Token]] = {}
    for tok in tokens:
        groups.setdefault(owner(tok.i), []).append(tok)

    def parent(head: int) -> int:
        h = head_of[head]
        return owner(h) if h != head and lo <= h < hi else -1

    # each figure of the span -> the token whose characters contain its start
    starts = [t.idx for t in tokens]
    ends = [t.idx + len(t) for t in tokens]
    located: list[tuple[str, int]] = []
    if tokens:
        first, last = starts[0], ends[-1]
        for n in numbers:
            pos = n["start"]
            if first <= pos < last:
                k = bisect.bisect_right(starts, pos) - 1
                if k >= 0 and pos < ends[k]:
                    located.append((n["key"], lo + k))

    def content(toks: list[Token]) -> tuple[list[str], list[str]]:
        s_, e_ = toks[0].idx, toks[-1].idx + len(toks[-1])
        ids = {t.i for t in toks}
        nums = [key for key, i in located if i in ids]
        return _content_terms(toks, ent_at, term_cache), nums if s_ <= e_ else []

    changed = True
    while changed and len(groups) > 1:
        changed = False
        for head in sorted(groups, key=lambda h: -len(list(span.doc[h].ancestors)) if h >= 0 else 0):
            if head == -1 or head not in groups:
                continue
            terms, nums = content(groups[head])
            if len(set(terms)) + len(nums) >= 3 and (len(set(terms)) >= 2 or nums):
                continue
            if keep_figures and nums and terms:
                continue  # "which can hold up to 40,000 people": a figure clause stays apart
            target = parent(head)
            groups.setdefault(target, []).extend(groups.pop(head))
            groups[target].sort(key=lambda t: t.i)
            changed = True
    clauses = []
    for toks in sorted(groups.values(), key=lambda ts: ts[0].i):
        terms, nums = content(toks)
        if not terms and not nums:
            continue
        clauses.append(
            {
                "start": toks[0].idx,
                "end": toks[-1].idx + len(toks[-1]),
                "terms": terms,
                "numbers": nums,
                "heads": [t.i for t in toks],
            }
        )
    return clauses


def summarize_units(
    doc: Doc,
    with_svo: bool = True,
    *,
    text: str | None = None,
    quotes: QuoteIndex | None = None,
    numbers: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The article's information units (see module docstring).

    ``text``, ``quotes``, ``numbers``: ``doc.text``, its :class:`QuoteIndex` and
    :func:`extract_numbers`, when the caller has them already.
    """
    if text is None:
        text = doc.text
    if quotes is None:
        quotes = QuoteIndex.of(text)
    if numbers is None:
        numbers = extract_numbers(doc)
    ent_at = {ent.start: ent for ent in doc.ents if ent.label_ in ENTITY_TERM_LABELS}
    term_cache: dict[int, tuple[str | None, int]] = {}
    units: list[dict[str, Any]] = []
    for sent in doc.sents:
        for s, e in _line_pieces(text, sent.start_char, sent.end_char):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            terms = _content_terms(span, ent_at, term_cache)
            has_verb = any(t.pos_ in {"VERB", "AUX"} for t in span)
            kind = classify_piece(text, s, e, len(set(terms)), has_verb)
            nums = [n["key"] for n in numbers if s <= n["start"] < e]
            anchors = sorted({f"{n['key']}>{n['head']}" for n in numbers if s <= n["start"] < e and n.get("head")})
            ents = sorted({t[2:] for t in terms if t.startswith("e:")})
            region = quotes.region_at(s)
            in_quote = quotes.voice(s, e) == "quote" or (region is not None and region.end >= e - 2)
            unit: dict[str, Any] = {
                "start": s,
                "end": e,
                "text": text[s:e],
                "kind": kind,
                "terms": terms,
                "numbers": nums,
                "anchors": anchors,
                "entities": ents,
                "quote": bool(in_quote),
            }
            if kind == "claim":
                clauses = split_clauses(span, ent_at, numbers, term_cache=term_cache)
                triples = svo_triples(span) if with_svo else []
                for clause in clauses:
                    token_ids = set(clause.pop("heads"))
                    clause["svo"] = [t[:3] for t in triples if t[3] in token_ids]
                unit["clauses"] = clauses if len(clauses) > 1 else []
                # finer split for the document-containment check: every clause must be stated
                parts = split_clauses(span, ent_at, numbers, keep_figures=True, term_cache=term_cache)
                unit["parts"] = (
                    [{"terms": p["terms"], "numbers": p["numbers"]} for p in parts] if len(parts) > 1 else []
                )
                unit["svo"] = [t[:3] for t in triples]
            units.append(unit)
    return units


def _resolve_speaker(tok: Token, last_person: str | None) -> str | None:
    """The named speaker behind a reporting verb's subject (pronouns -> last person named)."""
    for child in tok.children:
        if child.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if child.lower_ in PRONOUNS:
            return last_person
        ent = next(
            (e for e in child.doc.ents if e.start <= child.i < e.end and e.label_ in ACTOR_LABELS | {"GPE", "NORP"}),
            None,
        )
        if ent is not None:
            return ent.text
        compound = [t for t in child.subtree if t.ent_type_ in ACTOR_LABELS]
        if compound:
            return " ".join(t.text for t in compound)
    return None


def extract_quotes(doc: Doc, *, quotes: QuoteIndex | None = None) -> list[dict[str, Any]]:
    """Who speaks: direct quotes and reporting verbs with a named (or resolvable) subject."""
    if quotes is None:
        quotes = QuoteIndex.of(doc.text)
    found: list[dict[str, Any]] = []
    last_person: str | None = None
    for sent in doc.sents:
        speaker = None
        cue = None
        for tok in sent:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORT_VERBS:
                who = _resolve_speaker(tok, last_person)
                if who:
                    speaker, cue = who, tok.lemma_.lower()
                    break
        has_quote = any(r.start < sent.end_char and r.end > sent.start_char for r in quotes.regions)
        if speaker is None and has_quote:
            persons = [
                e for e in sent.ents if e.label_ == "PERSON" and quotes.voice(e.start_char, e.end_char) == "author"
            ]
            if persons:
                speaker = persons[0].text
            elif last_person and any(t.lower_ in PRONOUNS for t in sent if quotes.voice(t.idx) == "author"):
                speaker = last_person
        if speaker:
            found.append(
                {
                    "start": sent.start_char,
                    "end": sent.end_char,
                    "speaker": speaker,
                    "speaker_key": actor_key(speaker, "PERSON" if " " in speaker or speaker[:1].isupper() else "ORG"),
                    "cue": cue,
                    "type": "direct" if has_quote else "indirect",
                }
            )
        persons = [e for e in sent.ents if e.label_ == "PERSON"]
        if persons:
            last_person = persons[-1].text
    return found


def extract_entities(
    doc: Doc, claims: Sequence[tuple[int, int]] | None = None, *, quotes: QuoteIndex | None = None
) -> list[dict[str, Any]]:
    """People and organisations named in the writer's voice, by matching key, with surface forms.

    Mentions inside quotations and outside ``claims`` (headings, furniture) are skipped.
    """
    if quotes is None:
        quotes = QuoteIndex.of(doc.text)
    by_key: dict[str, dict[str, Any]] = {}
    starts = sorted(claims) if claims is not None else None
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS or quotes.voice(ent.start_char, ent.end_char) == "quote":
            continue
        if starts is not None and not any(s <= ent.start_char < e for s, e in starts):
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
    text = doc.text  # Doc.text joins every token: read it once
    quotes = QuoteIndex.of(text)
    numbers = extract_numbers(doc)
    units = summarize_units(doc, text=text, quotes=quotes, numbers=numbers)
    claims = [(u["start"], u["end"]) for u in units if u["kind"] == "claim"]
    return {
        "version": 1,
        "units": units,
        "entities": extract_entities(doc, claims, quotes=quotes),
        "numbers": [{k: n[k] for k in ("text", "norm", "key", "start", "end")} for n in numbers],
        "quotes": extract_quotes(doc, quotes=quotes),
        "words": len(text.split()),
    }
