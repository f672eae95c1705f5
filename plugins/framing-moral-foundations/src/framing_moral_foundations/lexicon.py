"""Moral-foundations lexicons: reading the three file formats and matching words.

Formats (detected from the file's content):

- **eMFD scoring CSV** (Hopp et al. 2020, ``emfd_scoring.csv``): a header with ``word`` and,
  per foundation, ``<foundation>_p`` (probability the word signals it) and optionally
  ``<foundation>_sent`` (mean sentiment of its contexts, -1..1). Every word carries a weight
  for every foundation; the sentiment sign gives virtue (> 0) or vice (< 0).
- **LIWC-style dictionary** (``.dic``: MFD 2.0, the original MFD): categories between two
  ``%`` lines (``1  care.virtue``), then ``term  category-id ...``. A trailing ``*`` matches
  any ending (``compassion*``); multi-word terms (``civil rights``) are matched as phrases.
- **Simple table** (``.tsv`` or ``.csv``): ``term, foundation, polarity[, weight]`` with
  polarity ``virtue`` or ``vice`` (or empty); an optional header row starting with ``term``.
  Lines starting with ``#`` are comments.

Nothing here imports spaCy: the matcher works on lists of lower-cased words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FOUNDATIONS: tuple[str, ...] = ("care", "fairness", "loyalty", "authority", "sanctity")
POLARITIES = ("virtue", "vice")


class LexiconError(ValueError):
    """A lexicon file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    """One lexicon term: a weight per foundation, and the polarity of each (or None)."""

    term: str
    weights: Mapping[str, float]
    polarity: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def top(self) -> str:
        """The foundation with the highest weight (first in ``FOUNDATIONS`` order on ties)."""
        return max(FOUNDATIONS, key=lambda f: (self.weights.get(f, 0.0), -FOUNDATIONS.index(f)))


@dataclass
class Lexicon:
    """Terms by word sequence; ``prefixes`` holds wildcard terms (``compassion*``)."""

    name: str
    format: str
    exact: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    prefixes: dict[tuple[str, ...], Entry] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.exact) + len(self.prefixes)

    @property
    def max_words(self) -> int:
        return max((len(k) for k in (*self.exact, *self.prefixes)), default=1)

    def add(self, term: str, foundation: str | None, polarity: str | None, weight: float = 1.0) -> None:
        """Add (or merge into) a term. ``foundation`` None means a general "moral" word (ignored)."""
        if foundation is None:
            return
        words = tuple(term.lower().split())
        if not words:
            return
        table = self.exact
        if words[-1].endswith("*"):
            words = (*words[:-1], words[-1].rstrip("*"))
            table = self.prefixes
        old = table.get(words)
        weights = dict(old.weights) if old else {}
        polarities = dict(old.polarity) if old else {}
        weights[foundation] = max(weights.get(foundation, 0.0), weight)
        polarities[foundation] = polarity
        table[words] = Entry(term.lower(), weights, polarities)

    def counts(self) -> dict[str, int]:
        """How many terms signal each foundation (for ``framing moral-lexicon``)."""
        out = dict.fromkeys(FOUNDATIONS, 0)
        for entry in (*self.exact.values(), *self.prefixes.values()):
            for foundation, weight in entry.weights.items():
                if weight > 0:
                    out[foundation] += 1
        return out

    def match(self, words: Sequence[str], keys: Sequence[Sequence[str]] | None = None) -> list[tuple[int, int, Entry]]:
        """Find lexicon terms in ``words`` (lower-cased tokens), longest match first.

        ``keys`` optionally gives, per token, extra forms to try for one-word terms (e.g.
        the lemma). Returns ``(first_token, end_token, entry)`` triples, non-overlapping.
        """
        found: list[tuple[int, int, Entry]] = []
        i, n, longest = 0, len(words), self.max_words
        while i < n:
            hit = None
            for size in range(min(longest, n - i), 0, -1):
                window = tuple(words[i : i + size])
                forms = [window]
                if size == 1 and keys is not None:
                    forms += [(k,) for k in keys[i] if k != words[i]]
                for form in forms:
                    entry = self.exact.get(form) or self._prefix(form)
                    if entry is not None:
                        hit = (i, i + size, entry)
                        break
                if hit:
                    break
            if hit:
                found.append(hit)
                i = hit[1]
            else:
                i += 1
        return found

    def _prefix(self, window: tuple[str, ...]) -> Entry | None:
        if not self.prefixes:
            return None
        head, last = window[:-1], window[-1]
        for cut in range(len(last), 0, -1):
            entry = self.prefixes.get((*head, last[:cut]))
            if entry is not None:
                return entry
        return None


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a lexicon file in any of the supported formats (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LexiconError(f"cannot read moral-foundations lexicon {path}: {exc.strerror or exc}") from exc
    return parse_lexicon(text, name=path.name)


def parse_lexicon(text: str, name: str = "lexicon") -> Lexicon:
    """Parse lexicon text; the format is detected from its first non-blank line."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.startswith("%"):
        lexicon = _parse_dic(text, name)
    elif "care_p" in first.replace(" ", "").lower().split(","):
        lexicon = _parse_emfd(text, name)
    else:
        lexicon = _parse_table(text, name)
    if not len(lexicon):
        raise LexiconError(f"moral-foundations lexicon {name} has no usable terms")
    return lexicon


def _foundation_polarity(label: str, where: str) -> tuple[str | None, str | None]:
    """``care.virtue`` / ``HarmVirtue`` / ``care`` -> ("care", "virtue")."""
    label = label.strip().lower().replace("-", ".").replace("_", ".")
    aliases = {"harm": "care", "purity": "sanctity", "ingroup": "loyalty", "fair": "fairness"}
    polarity = None
    for pol in POLARITIES:
        if label.endswith(pol):
            polarity, label = pol, label[: -len(pol)].rstrip(".")
    label = aliases.get(label, label)
    if label in ("moral", "morality.general", "general"):
        return None, None
    if label not in FOUNDATIONS:
        raise LexiconError(f"{where}: unknown foundation {label!r} (expected one of {', '.join(FOUNDATIONS)})")
    return label, polarity


def _parse_dic(text: str, name: str) -> Lexicon:
    lexicon = Lexicon(name, "dic")
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise LexiconError(f"{name}: a .dic file needs its categories between two '%' lines")
    categories: dict[str, tuple[str | None, str | None]] = {}
    for number in range(marks[0] + 1, marks[1]):
        parts = lines[number].split()
        if len(parts) >= 2:
            categories[parts[0].lstrip("0") or "0"] = _foundation_polarity(parts[1], f"{name}:{number + 1}")
    for number in range(marks[1] + 1, len(lines)):
        words = lines[number].split()
        ids: list[str] = []
        while words and words[-1].isdigit():
            ids.insert(0, words.pop())
        if not words or not ids:
            continue
        for category in ids:
            key = category.lstrip("0") or "0"
            if key not in categories:
                raise LexiconError(f"{name}:{number + 1}: category {category} is not declared in the header")
            foundation, polarity = categories[key]
            lexicon.add(" ".join(words), foundation, polarity)
    return lexicon


def _parse_emfd(text: str, name: str) -> Lexicon:
    lexicon = Lexicon(name, "emfd")
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    if "word" not in fields:
        raise LexiconError(f"{name}: an eMFD-style CSV needs a 'word' column")
    present = [f for f in FOUNDATIONS if f"{f}_p" in fields]
    for number, row in enumerate(reader, start=2):
        term = (row.get(fields["word"]) or "").strip()
        if not term:
            continue
        for foundation in present:
            try:
                weight = float(row[fields[f"{foundation}_p"]])
                sent_field = fields.get(f"{foundation}_sent")
                sentiment = float(row[sent_field]) if sent_field and row.get(sent_field) else 0.0
            except (TypeError, ValueError) as exc:
                raise LexiconError(f"{name}:{number}: {foundation} value is not a number") from exc
            polarity = "virtue" if sentiment > 0 else "vice" if sentiment < 0 else None
            if weight > 0:
                lexicon.add(term, foundation, polarity, weight)
    return lexicon


def _parse_table(text: str, name: str) -> Lexicon:
    lexicon = Lexicon(name, "table")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    delimiter = "\t" if any("\t" in line for line in lines[:5]) else ","
    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        row = [cell.strip() for cell in row]
        if number == 1 and row and row[0].lower() in ("term", "word"):
            continue
        if len(row) < 2:
            raise LexiconError(f"{name}: line {number}: expected 'term, foundation, polarity[, weight]'")
        where = f"{name}: line {number}"
        foundation, polarity = _foundation_polarity(row[1], where)
        if len(row) > 2 and row[2]:
            polarity = row[2].lower()
            if polarity not in POLARITIES:
                raise LexiconError(f"{where}: polarity must be 'virtue' or 'vice', not {row[2]!r}")
        try:
            weight = float(row[3]) if len(row) > 3 and row[3] else 1.0
        except ValueError as exc:
            raise LexiconError(f"{where}: weight {row[3]!r} is not a number") from exc
        lexicon.add(row[0], foundation, polarity, weight)
    return lexicon


def merge(lexicons: Iterable[Lexicon]) -> Lexicon:
    """One lexicon from several (later files add terms and raise weights)."""
    lexicons = list(lexicons)
    merged = Lexicon("+".join(lex.name for lex in lexicons), "+".join(sorted({lex.format for lex in lexicons})))
    for lexicon in lexicons:
        for table, target in ((lexicon.exact, merged.exact), (lexicon.prefixes, merged.prefixes)):
            for words, entry in table.items():
                old = target.get(words)
                if old is None:
                    target[words] = entry
                else:
                    weights = {**old.weights, **{f: max(w, old.weights.get(f, 0.0)) for f, w in entry.weights.items()}}
                    target[words] = Entry(entry.term, weights, {**old.polarity, **entry.polarity})
    return merged
