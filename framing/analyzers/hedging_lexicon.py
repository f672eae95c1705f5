"""The hedging lexicons: hedge and booster cues by type, negation cues, people nouns.

Data files live in ``framing/data/hedging/`` (see its ``SOURCES.md``). Users add their own
files through the component's ``extra_lexicons`` option. Kept import-light (no spaCy).

Extra lexicon file format (UTF-8 text, one entry per line,
TAB-separated; a line starting with ``#`` is a comment)::

    term <TAB> kind <TAB> cue_type

``kind`` is ``hedge``, ``booster``, ``negation`` or ``person`` (a noun describing people, for
the described-as view). ``cue_type`` may be omitted (defaults to ``custom``). A line with a
single column is a hedge of type ``custom``. Entries of a known ``cue_type`` (``modal``,
``approximator``, ...) get that type's context rules; other types are marked wherever they occur.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

DATA_PACKAGE = "framing.data.hedging"
KINDS = ("hedge", "booster", "negation", "person")

_WORD_RE = re.compile(r"\w+|'\w+|[^\w\s]")


def normalize(text: str) -> str:
    """Lower-case and unify apostrophes (’ ‘ and the cp1252 0x92 seen in web text)."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\x92", "'")


def split_term(term: str) -> tuple[str, ...]:
    """A term as the token sequence spaCy's English tokenizer produces (``so-called`` -> so - called)."""
    return tuple(_WORD_RE.findall(normalize(term.strip())))


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: its words, kind (hedge|booster) and cue type."""

    words: tuple[str, ...]
    kind: str
    cue_type: str

    @property
    def term(self) -> str:
        return " ".join(self.words)


@dataclass
class Lexicon:
    """All the word lists the hedging component uses."""

    entries: list[Entry] = field(default_factory=list)
    negation: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ building
    @classmethod
    def default(cls) -> Lexicon:
        """The bundled lexicons."""
        lex = cls()
        root = resources.files(DATA_PACKAGE)
        lex._add_lines(root.joinpath("hedges.tsv").read_text(encoding="utf-8").splitlines(), default_kind="hedge")
        lex._add_lines(root.joinpath("boosters.tsv").read_text(encoding="utf-8").splitlines(), default_kind="booster")
        lex.negation |= set(_plain_lines(root.joinpath("negation.txt").read_text(encoding="utf-8").splitlines()))
        lex.people |= set(_plain_lines(root.joinpath("people_nouns.txt").read_text(encoding="utf-8").splitlines()))
        lex.sources.append("builtin")
        return lex

    def add_file(self, path: str | Path) -> None:
        """Add a user lexicon file (format in the module docstring)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(
                f"hedging: extra lexicon file {str(path)!r} does not exist; "
                "give the path of a UTF-8 text file with lines 'term<TAB>kind<TAB>cue_type'"
            )
        self._add_lines(path.read_text(encoding="utf-8").splitlines(), default_kind="hedge", where=str(path))
        self.sources.append(str(path))

    def _add_lines(self, lines: Iterable[str], default_kind: str, where: str = "builtin") -> None:
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            term = cols[0]
            if len(cols) == 2:
                # builtin files: term, cue_type; user files: term, kind
                kind, cue_type = (cols[1], "custom") if cols[1] in KINDS else (default_kind, cols[1])
            elif len(cols) >= 3:
                kind, cue_type = cols[1] or default_kind, cols[2] or "custom"
            else:
                kind, cue_type = default_kind, "custom"
            if kind not in KINDS:
                raise ValueError(
                    f"hedging lexicon {where}, line {number}: kind {kind!r} is not one of {', '.join(KINDS)}"
                )
            if kind == "negation":
                self.negation.add(normalize(term))
            elif kind == "person":
                self.people.add(normalize(term))
            else:
                words = split_term(term)
                if words:
                    self.entries.append(Entry(words, kind, cue_type))

    # ------------------------------------------------------------------ look-up
    def index(self) -> dict[str, list[Entry]]:
        """First word -> entries starting with it, longest first."""
        idx: dict[str, list[Entry]] = {}
        for entry in self.entries:
            idx.setdefault(entry.words[0], []).append(entry)
        for entries in idx.values():
            entries.sort(key=lambda e: -len(e.words))
        return idx

    def terms(self, kind: str | None = None, cue_type: str | None = None) -> set[str]:
        return {
            e.term
            for e in self.entries
            if (kind is None or e.kind == kind) and (cue_type is None or e.cue_type == cue_type)
        }

    # ------------------------------------------------------------------ serialization
    def to_dict(self) -> dict:
        return {
            "entries": [[list(e.words), e.kind, e.cue_type] for e in self.entries],
            "negation": sorted(self.negation),
            "people": sorted(self.people),
            "sources": list(self.sources),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        return cls(
            entries=[Entry(tuple(words), kind, cue_type) for words, kind, cue_type in data.get("entries", [])],
            negation=set(data.get("negation", [])),
            people=set(data.get("people", [])),
            sources=list(data.get("sources", [])),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        return cls.from_dict(json.loads(text))


def _plain_lines(lines: Iterable[str]) -> Iterator[str]:
    for raw in lines:
        line = raw.strip()
        if line and not line.startswith("#"):
            yield normalize(line)
