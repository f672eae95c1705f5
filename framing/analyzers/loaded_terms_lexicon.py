"""Loaded-terms lexicons: the file formats, the pattern language and a small matcher.

Pure Python (no spaCy), so it imports fast and is unit-tested on its own.

Lexicon file format (``.tsv``, UTF-8, ``#`` starts a comment line)::

    pattern <TAB> category [<TAB> polarity [<TAB> intensity [<TAB> source]]]

* ``pattern``: one or more space-separated pattern tokens (hyphens and punctuation are split
  off as in spaCy: ``mega-jail`` is ``mega - jail``). A pattern token is

  - ``word``: matches a token whose lower-cased text **or lemma** is ``word``
    (``alien`` matches "aliens"; ``slam`` matches "slammed");
  - ``=word``: the exact (lower-cased) form only, no lemma matching;
  - ``word*``: any token starting with ``word`` (``slaughter*``);
  - ``*``: any one word;
  - ``{ADJ}`` / ``{NOUN}`` / ``{JJS}``: any token with that coarse POS or fine tag;
  - ``word{ADJ}``: ``word`` (text or lemma) with that POS or tag; ``=word{ADJ}``: the exact
    form with that POS or tag;
  - ``a|b|{ADV}``: any of the alternatives;
  - a trailing ``?`` makes the token optional (``very? notorious``).

* ``category``: ``pejorative``, ``euphemism``, ``intensifier``, ``sensational``, ``emotive``,
  ``moral``, ``presupposition``, ``characterization``, ... or ``neutral``: a *neutral* pattern
  is a technical or proper use ("Alien Enemies Act", "free radical") whose matches suppress any
  loaded match they overlap.
* ``polarity``: ``neg``, ``pos``, ``neutral`` or ``-`` (unknown); ``intensity``: 1 (mild) to
  3 (strong); ``source``: where the entry comes from (free text).

Plain ``.txt`` files (one term or pattern per line) are read as lexicons whose category is
given by the caller (default: the file's stem). Read-only loaders for a user-supplied MPQA
subjectivity lexicon (``.tff``) and eMFD (``.csv``) are provided too: those resources are GPL
and are never bundled with framing.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

NEUTRAL = "neutral"
POLARITIES = {"neg", "pos", "neutral", "-", ""}
_POLARITY_ALIASES = {"negative": "neg", "positive": "pos", "both": "-", "none": "-", "+": "pos", "n": "neg", "p": "pos"}

#: a pattern that is one plain lower-case word, exact (``=``) or with a POS, compiled directly
_SINGLE_WORD = re.compile(r"(=?)([a-z]+)(?:\{([A-Za-z_$]+)\})?")
_WORD_WITH_POS = re.compile(r"(=?)([^{}=*]+)\{([A-Za-z_$]+)\}")
_CHUNK_WITH_POS = re.compile(r"=?[\w']+\{[A-Za-z_$]+\}\??")
_PATTERN_PART = re.compile(r"[\w'’=*]+\??|[^\w\s'’=*?]\??")
_PATTERN_WORD = re.compile(r"[a-z]{3,}")
_TOKEN_RE = re.compile(r"\{[A-Za-z_$]+\}\??|[\w'’=*|{}]+\??|[^\w\s]")
_WORD_RE = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")


class LexiconError(ValueError):
    """A lexicon file or pattern that cannot be read; the message names the file and line."""


class Tok(NamedTuple):
    """What the matcher needs of a token."""

    lower: str
    lemma: str
    pos: str = ""
    tag: str = ""


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon line."""

    pattern: str
    category: str
    polarity: str = "-"
    intensity: int = 1
    source: str = ""
    lexicon: str = ""

    def to_line(self) -> str:
        return "\t".join([self.pattern, self.category, self.polarity or "-", str(self.intensity), self.source])


@dataclass(frozen=True)
class Match:
    """A lexicon match over token indices ``[start, end)``."""

    start: int
    end: int
    entry: LexiconEntry


# --------------------------------------------------------------------------------------
# Pattern tokens
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Alt:
    kind: str  # "lit", "exact", "prefix", "any", "pos", "litpos", "exactpos"
    value: str = ""
    pos: str = ""

    def ok(self, tok: Tok) -> bool:
        return self.matches(tok.lower, tok.lemma, tok.pos, tok.tag)

    def matches(self, lower: str, lemma: str, pos: str, tag: str) -> bool:
        """:meth:`ok` for a token given by its fields."""
        if self.kind == "litpos":
            return (lower == self.value or lemma == self.value) and (pos == self.pos or tag == self.pos)
        if self.kind == "exactpos":
            return lower == self.value and (pos == self.pos or tag == self.pos)
        if self.kind == "lit":
            return lower == self.value or lemma == self.value
        if self.kind == "exact":
            return lower == self.value
        if self.kind == "prefix":
            return lower.startswith(self.value)
        if self.kind == "any":
            return any(ch.isalnum() for ch in lower)
        return pos == self.value or tag == self.value


@dataclass(frozen=True)
class _PTok:
    alts: tuple[_Alt, ...]
    optional: bool = False

    def ok(self, tok: Tok) -> bool:
        return self.matches(tok.lower, tok.lemma, tok.pos, tok.tag)

    def matches(self, lower: str, lemma: str, pos: str, tag: str) -> bool:
        """:meth:`ok` for a token given by its fields."""
        for alt in self.alts:  # noqa: SIM110 - a plain loop (no generator): runs for every candidate token
            if alt.matches(lower, lemma, pos, tag):
                return True
        return False


def _parse_alt(text: str) -> _Alt:
    if text == "*":
        return _Alt("any")
    if text.startswith("{") and text.endswith("}"):
        return _Alt("pos", text[1:-1])
    m = _WORD_WITH_POS.fullmatch(text)
    if m:
        return _Alt("exactpos" if m.group(1) else "litpos", m.group(2).lower().replace("’", "'"), m.group(3))
    if text.startswith("=") and len(text) > 1:
        return _Alt("exact", text[1:].lower())
    if text.endswith("*") and len(text) > 1:
        return _Alt("prefix", text[:-1].lower())
    return _Alt("lit", text.lower().replace("’", "'"))


_CLITIC = re.compile(r"^(.+?)(n't|n’t|'s|’s|'re|’re|'ve|’ve|'ll|’ll|'d|’d|'m|’m)(\??)$", re.IGNORECASE)


def split_clitics(word: str) -> list[str]:
    """Split clitics off as spaCy does: "lion's" -> lion 's, "don't" -> do n't."""
    m = _CLITIC.match(word)
    if not m or not m.group(1).strip("=*"):
        return [word]
    return [m.group(1), m.group(2) + m.group(3)]


def tokenize_pattern(pattern: str) -> list[str]:
    """Split a pattern into pattern tokens (hyphens and punctuation become their own tokens)."""
    out: list[str] = []
    for chunk in pattern.split():
        if chunk.startswith("{") or "|" in chunk or chunk in {"*", "*?"} or _CHUNK_WITH_POS.fullmatch(chunk):
            out.append(chunk)
            continue
        # split hyphens/punctuation the way spaCy does ("mega-jail" -> mega - jail)
        parts = _PATTERN_PART.findall(chunk)
        for part in parts:
            out.extend(split_clitics(part))
    return out


def compile_pattern(pattern: str) -> list[tuple[_PTok, ...]]:
    """A pattern as one or more token sequences (optional tokens expanded).

    Remembered per pattern: a lexicon is compiled when it is read (to report bad lines) and
    again by every matcher built from it.
    """
    return list(_compiled(pattern))


@lru_cache(maxsize=65536)
def _compiled(pattern: str) -> tuple[tuple[_PTok, ...], ...]:
    single = _SINGLE_WORD.fullmatch(pattern)
    if single:  # "slam", "=slam", "fierce{ADJ}", "=slams{VERB}": most entries of every lexicon
        exact, word, pos = single.groups()
        if pos:
            alt = _Alt("exactpos" if exact else "litpos", word, pos)
        else:
            alt = _Alt("exact" if exact else "lit", word)
        return ((_PTok((alt,)),),)
    ptoks = []
    for raw in tokenize_pattern(pattern):
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        alts = tuple(_parse_alt(a) for a in body.split("|") if a)
        if not alts:
            raise LexiconError(f"empty pattern token in {pattern!r}")
        ptoks.append(_PTok(alts, optional))
    if not ptoks:
        raise LexiconError(f"empty pattern {pattern!r}")
    optional_idx = [i for i, p in enumerate(ptoks) if p.optional]
    variants = []
    for keep in itertools.product((True, False), repeat=len(optional_idx)):
        drop = {i for i, k in zip(optional_idx, keep, strict=True) if not k}
        seq = tuple(p for i, p in enumerate(ptoks) if i not in drop)
        if seq:
            variants.append(seq)
    return tuple(variants)


# --------------------------------------------------------------------------------------
# Reading lexicons
# --------------------------------------------------------------------------------------


def _norm_polarity(value: str) -> str:
    value = value.strip().lower()
    value = _POLARITY_ALIASES.get(value, value)
    return value if value in POLARITIES and value else "-"


def parse_tsv(text: str, lexicon: str, origin: str = "<string>") -> list[LexiconEntry]:
    """Read the ``.tsv`` lexicon format (see the module docstring)."""
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise LexiconError(f"{origin}:{lineno}: expected 'pattern<TAB>category[...]', got {line!r}")
        intensity = 1
        if len(cols) > 3 and cols[3] not in {"", "-"}:
            try:
                intensity = int(float(cols[3]))
            except ValueError as exc:
                raise LexiconError(f"{origin}:{lineno}: intensity must be a number 1-3, got {cols[3]!r}") from exc
        entry = LexiconEntry(
            pattern=cols[0],
            category=cols[1].lower(),
            polarity=_norm_polarity(cols[2]) if len(cols) > 2 else "-",
            intensity=max(1, min(3, intensity)),
            source=cols[4] if len(cols) > 4 else "",
            lexicon=lexicon,
        )
        try:
            compile_pattern(entry.pattern)
        except LexiconError as exc:
            raise LexiconError(f"{origin}:{lineno}: {exc}") from exc
        entries.append(entry)
    return entries


def parse_wordlist(text: str, lexicon: str, category: str, source: str = "") -> list[LexiconEntry]:
    """A plain list, one term or pattern per line (``#`` comments, blank lines and ``;`` lines skipped)."""
    entries = []
    for line in text.splitlines():
        term = line.strip()
        if not term or term.startswith(("#", ";")):
            continue
        entries.append(LexiconEntry(term, category, "-", 1, source or lexicon, lexicon))
    return entries


def parse_mpqa_tff(text: str, lexicon: str = "mpqa", strong_only: bool = True) -> list[LexiconEntry]:
    """A user-supplied MPQA subjectivity lexicon (``subjclueslen1-HLTEMNLP05.tff``; GPL, never bundled).

    Lines are ``key=value`` pairs, parsed leniently. ``strong_only`` keeps ``type=strongsubj``.
    Category ``subjective``; polarity from ``priorpolarity``; intensity 2 (strong) or 1 (weak).
    """
    entries: dict[str, LexiconEntry] = {}
    for line in text.splitlines():
        pairs = dict(p.split("=", 1) for p in line.split() if "=" in p)
        word = pairs.get("word1", "").strip().lower()
        if not word:
            continue
        strong = pairs.get("type") == "strongsubj"
        if strong_only and not strong:
            continue
        pol = pairs.get("priorpolarity") or pairs.get("mpqapolarity") or ""
        pol = "neg" if pol.startswith(("neg", "strongneg", "weakneg")) else "pos" if pol.startswith("pos") else "-"
        pattern = word if pairs.get("stemmed1", "n") == "y" else f"={word}"
        if pattern not in entries:
            entries[pattern] = LexiconEntry(
                pattern, "subjective", pol, 2 if strong else 1, "MPQA (user-supplied)", lexicon
            )
    return list(entries.values())


EMFD_FOUNDATIONS = ("care", "fairness", "loyalty", "authority", "sanctity")


def parse_emfd_csv(text: str, lexicon: str = "emfd", min_probability: float = 0.2) -> list[LexiconEntry]:
    """A user-supplied eMFD ``emfd_scoring.csv`` (GPL, never bundled).

    Keeps words whose highest foundation probability is at least ``min_probability``;
    category ``moral`` (source names the foundation), polarity from that foundation's sentiment.
    """
    entries = []
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        word = (row.get("word") or row.get("") or "").strip().lower()
        if not word:
            continue
        best, prob = None, 0.0
        for foundation in EMFD_FOUNDATIONS:
            try:
                p = float(row.get(f"{foundation}_p") or 0)
            except ValueError:
                continue
            if p > prob:
                best, prob = foundation, p
        if best is None or prob < min_probability:
            continue
        try:
            sent = float(row.get(f"{best}_sent") or 0)
        except ValueError:
            sent = 0.0
        pol = "neg" if sent < -0.1 else "pos" if sent > 0.1 else "-"
        entries.append(
            LexiconEntry(f"={word}", "moral", pol, 2 if prob >= 0.3 else 1, f"eMFD {best} (user-supplied)", lexicon)
        )
    return entries


def read_lexicon_file(path: str | Path, category: str | None = None) -> list[LexiconEntry]:
    """Read a user lexicon file by its suffix: ``.tsv``, ``.txt``, ``.tff`` (MPQA) or ``.csv`` (eMFD)."""
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"lexicon file not found: {path} (give an existing .tsv, .txt, .tff or .csv file)")
    text = path.read_text(encoding="utf-8", errors="replace")
    name = path.stem
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return parse_tsv(text, name, str(path))
    if suffix == ".tff":
        return parse_mpqa_tff(text, name)
    if suffix == ".csv":
        return parse_emfd_csv(text, name)
    if suffix in {".txt", ".lst", ""}:
        return parse_wordlist(text, name, (category or name).lower())
    raise LexiconError(f"unknown lexicon format {suffix!r} for {path}: use .tsv, .txt, .tff (MPQA) or .csv (eMFD)")


def parse_vader(
    text: str, threshold: float, exclude: Iterable[str] = (), lexicon: str = "vader", lemmas: bool = False
) -> list[LexiconEntry]:
    """Words of the VADER lexicon (MIT) whose mean valence is at least ``threshold`` in absolute value.

    With ``lemmas`` a word also matches its inflections ("slam" -> "slammed"), unless an
    excluded word is one of them (an excluded "killed" keeps "kill" exact).
    """
    skip = {w.lower() for w in exclude}
    ordered_skip = sorted(skip)
    entries = []
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        word = cols[0].strip().lower()
        if not _VADER_WORD.fullmatch(word) or word in skip:
            continue
        try:
            valence = float(cols[1])
        except ValueError:
            continue
        if abs(valence) < threshold:
            continue
        intensity = 3 if abs(valence) >= 3 else 2 if abs(valence) >= 2 else 1
        exact = not lemmas or _has_word_starting_with(ordered_skip, word)
        entries.append(
            LexiconEntry(
                f"={word}" if exact else word,
                "emotive",
                "neg" if valence < 0 else "pos",
                intensity,
                "VADER 3.3.2",
                lexicon,
            )
        )
    return entries


_VADER_WORD = re.compile(r"[a-z]{4,}")


def _has_word_starting_with(ordered: list[str], prefix: str) -> bool:
    """Does the sorted list hold a word starting with ``prefix``? (the first word >= it does, if any)"""
    k = bisect.bisect_left(ordered, prefix)
    return k < len(ordered) and ordered[k].startswith(prefix)


def adverb_of(adjective: str) -> str:
    """The regular ``-ly`` adverb of an adjective: fierce -> fiercely, angry -> angrily,
    terrible -> terribly, dramatic -> dramatically, full -> fully."""
    if adjective.endswith("ic"):
        return adjective + "ally"
    if adjective.endswith("ll"):
        return adjective + "y"
    if adjective.endswith("le") and len(adjective) > 4 and adjective[-3] not in "aeiou":
        return adjective[:-1] + "y"
    if adjective.endswith("y") and len(adjective) > 3 and adjective[-2] not in "aeiou":
        return adjective[:-1] + "ily"
    if adjective.endswith("ly"):
        return ""
    return adjective + "ly"


def parse_pattern_adjectives(
    text: str, threshold: float, exclude: Iterable[str] = (), lexicon: str = "pattern", adverbs: bool = False
) -> list[LexiconEntry]:
    """Adjectives of the Pattern sentiment lexicon (PDDL) with subjectivity >= ``threshold``.

    Each becomes ``word{ADJ}`` (matched only when used as an adjective), category ``emotive``;
    with ``adverbs`` its regular ``-ly`` adverb too (``fiercely{ADV}``, :func:`adverb_of`).
    """
    skip = {w.lower() for w in exclude}
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3 or cols[0] in skip or not _PATTERN_WORD.fullmatch(cols[0]):
            continue
        try:
            polarity, subjectivity = float(cols[1]), float(cols[2])
        except ValueError:
            continue
        if subjectivity < threshold:
            continue
        pol = "neg" if polarity <= -0.1 else "pos" if polarity >= 0.1 else "-"
        intensity = 3 if subjectivity >= 0.95 else 2 if subjectivity >= 0.75 else 1
        entries.append(
            LexiconEntry(f"{cols[0]}{{ADJ}}", "emotive", pol, intensity, "Pattern en-sentiment 1.3", lexicon)
        )
        adverb = adverb_of(cols[0]) if adverbs else ""
        if adverb and adverb not in skip:
            entries.append(
                LexiconEntry(f"{adverb}{{ADV}}", "emotive", pol, intensity, "Pattern en-sentiment 1.3 (-ly)", lexicon)
            )
    return entries


def dump_tsv(entries: Sequence[LexiconEntry], header: str = "") -> str:
    lines = [f"# {line}" for line in header.splitlines()] if header else []
    lines.append("# pattern\tcategory\tpolarity\tintensity\tsource")
    lines.extend(entry.to_line() for entry in entries)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------


_LITERAL_KINDS = frozenset({"lit", "exact", "litpos", "exactpos"})

#: A compiled pattern variant in the matcher's index: ``(entry number, anchor, sequence)``. The
#: anchor is the position in the sequence of the token the index looked up; a candidate found
#: at token ``p`` starts at ``p - anchor``.
_Indexed = tuple[int, int, tuple[_PTok, ...]]


@dataclass
class LexiconMatcher:
    """Finds lexicon patterns in a token sequence.

    Overlaps are resolved longest-first (then by lexicon order, earlier wins); ``neutral``
    matches suppress every loaded match they overlap.

    Each compiled pattern is indexed by its longest literal word (``the rule of law`` by
    ``rule``, ``{ADJ} yet {ADJ}`` by ``yet``), except that a pattern starting with a prefix
    (``slaughter*``) is indexed by the prefix's first three letters, so only the few patterns
    that can match are tried at each token; the rare pattern with no literal word at all is
    tried everywhere.
    """

    entries: list[LexiconEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lit: dict[str, list[_Indexed]] = {}
        self._pre: dict[str, list[_Indexed]] = {}
        self._generic: list[_Indexed] = []
        #: lexicon order of each entry (by identity), for :func:`resolve`
        self._order: dict[int, int] = {}
        for k, entry in enumerate(self.entries):
            self._index(k, entry)

    def add(self, entries: Iterable[LexiconEntry]) -> None:
        for entry in entries:
            self.entries.append(entry)
            self._index(len(self.entries) - 1, entry)

    def _index(self, k: int, entry: LexiconEntry) -> None:
        self._order[id(entry)] = k
        for seq in compile_pattern(entry.pattern):
            literal = [j for j, p in enumerate(seq) if all(a.kind in _LITERAL_KINDS for a in p.alts)]
            # any literal word finds every match; the longest is the rarest ("the rule of law"
            # is looked up by "rule", not at every "the")
            anchor = max(literal, key=lambda j: min(len(a.value) for a in seq[j].alts), default=None)
            if literal and literal[0] == 0:
                self._index_literal(k, anchor, seq)
            elif all(a.kind in {"lit", "exact", "prefix"} and len(a.value) >= 3 for a in seq[0].alts):
                for value in dict.fromkeys(alt.value[:3] for alt in seq[0].alts):
                    self._pre.setdefault(value, []).append((k, 0, seq))
            elif anchor is not None:  # "{ADJ} yet {ADJ}": looked up by "yet"
                self._index_literal(k, anchor, seq)
            else:
                self._generic.append((k, 0, seq))

    def _index_literal(self, k: int, anchor: int, seq: tuple[_PTok, ...]) -> None:
        # a literal token matches a word whose text or lemma is one of its values
        for value in dict.fromkeys(alt.value for alt in seq[anchor].alts):
            self._lit.setdefault(value, []).append((k, anchor, seq))

    def __len__(self) -> int:
        return len(self.entries)

    def find_all(self, toks: Sequence[Tok]) -> list[Match]:
        """Every match (overlapping, unresolved), in order of their start."""
        return self.find_all_words(*_columns(toks))

    def find(self, toks: Sequence[Tok]) -> list[Match]:
        """Non-overlapping loaded matches, in order (neutral uses removed)."""
        return resolve(self.find_all(toks), order=self._order)

    def find_words(
        self, lower: Sequence[str], lemma: Sequence[str], pos: Sequence[str], tag: Sequence[str]
    ) -> list[Match]:
        """:meth:`find` for tokens given as four parallel sequences (the fields of :class:`Tok`),
        which spares building a :class:`Tok` per token."""
        return resolve(self.find_all_words(lower, lemma, pos, tag), order=self._order)

    def find_all_words(
        self, lower: Sequence[str], lemma: Sequence[str], pos: Sequence[str], tag: Sequence[str]
    ) -> list[Match]:
        """:meth:`find_all` for tokens given as four parallel sequences."""
        found: list[Match] = []
        n = len(lower)
        lit, pre, generic = self._lit, self._pre, self._generic
        for p in range(n):
            word, base = lower[p], lemma[p]
            candidates: Sequence[_Indexed] = lit.get(word, ())
            if base != word and base in lit:
                # a pattern listed under both the word and its lemma is tried once
                tried = {(k, id(seq)) for k, _, seq in candidates}
                candidates = [*candidates, *(item for item in lit[base] if (item[0], id(item[2])) not in tried)]
            if pre or generic:
                candidates = [*candidates, *pre.get(word[:3], ()), *generic]
            for k, anchor, seq in candidates:
                start = p - anchor
                end = start + len(seq)
                if start < 0 or end > n:
                    continue
                for q, ptok in enumerate(seq, start):
                    if not ptok.matches(lower[q], lemma[q], pos[q], tag[q]):
                        break
                else:
                    found.append(Match(start, end, self.entries[k]))
        found.sort(key=lambda m: m.start)
        return found


def _columns(toks: Sequence[Tok]) -> tuple[list[str], list[str], list[str], list[str]]:
    return [t.lower for t in toks], [t.lemma for t in toks], [t.pos for t in toks], [t.tag for t in toks]


def resolve(matches: Sequence[Match], order: dict[int, int] | None = None) -> list[Match]:
    """Drop loaded matches overlapping a neutral one, then keep the longest non-overlapping."""
    order = order or {}
    neutral = [m for m in matches if m.entry.category == NEUTRAL]
    blocked = set()
    for m in neutral:
        blocked.update(range(m.start, m.end))
    loaded = [m for m in matches if m.entry.category != NEUTRAL and not blocked.intersection(range(m.start, m.end))]
    loaded.sort(key=lambda m: (-(m.end - m.start), order.get(id(m.entry), 0), m.start))
    taken: set[int] = set()
    out = []
    for m in loaded:
        span = set(range(m.start, m.end))
        if span & taken:
            continue
        taken |= span
        out.append(m)
    return sorted(out, key=lambda m: m.start)


def simple_toks(text: str) -> list[Tok]:
    """Tokens for text without a parse (tests, quick use): lower-cased words and punctuation."""
    words = [part for w in _WORD_RE.findall(text) for part in split_clitics(w)]
    return [Tok(w.lower().replace("’", "'"), w.lower().replace("’", "'")) for w in words]


def entries_as_records(entries: Iterable[LexiconEntry]) -> list[dict[str, Any]]:
    return [entry.__dict__.copy() for entry in entries]
