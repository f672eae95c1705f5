"""The model's rule-based components, run faster with the same annotations.

Two components of the trained English pipelines are rules applied token by token in Python: the
``attribute_ruler`` and the rule ``lemmatizer``. :func:`compile_rule_components` gives the stock
instances of a loaded pipeline a subclass that does the same work in bulk (their patterns, tables,
config and serialisation stay as they were), which is what :class:`framing.pipeline.Engine` does
with the model it parses with.

Attribute ruler
---------------

Trained English pipelines end with an ``attribute_ruler`` (a tag map and exceptions: 179 token
patterns in ``en_core_web_sm``). spaCy runs them through its generic :class:`~spacy.matcher.Matcher`,
which tests each pattern's predicates token by token in Python callbacks: about a sixth of the
small model's parse. :class:`CompiledAttributeRuler` is an ``AttributeRuler`` that compiles its
patterns, on first use, into column tests over ``doc.to_array``: one vectorised comparison per
predicate and pattern, then one ``doc.from_array`` for the attributes the rules set. The result is
the same as the stock component's, token for token (later patterns override earlier ones, a
pattern sets the token at its ``index``); ``tests/test_compiled_rules.py`` checks it on a
parsed corpus and on patterns of every supported kind.

Only what matches exactly is compiled: fixed-length patterns whose predicates are equality,
``IN``, ``NOT_IN`` or ``REGEX`` on token or lexeme attributes, setting ``LEMMA``, ``POS``,
``TAG``, ``MORPH`` or ``DEP``. A ruler with anything else (operators, extension attributes,
fuzzy or set predicates, other attributes set) runs spaCy's own implementation, unchanged.

Lemmatizer
----------
spaCy's lemmatizer visits every token (a ``Token`` object, a cache look-up, a string-store
write): 2 to 3 ms per article. :class:`MemoLemmatizer` reads the tokens' ``ORTH``/``POS``/``MORPH``
as one array, looks each (orth, pos, morph) up in a memo of the lemmas the component's own
``lemmatize`` gave for it (the value its cache is keyed on in spaCy, in ``rule`` mode; ``lookup``
depends on the text alone), and writes the lemmas back with one ``doc.from_array``. Tokens
without a part of speech (spaCy warns about them) and other modes go through spaCy's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc

#: Attributes a compiled pattern may test: ``doc.to_array`` reads them exactly as the Matcher does.
READABLE = frozenset(
    IDS[name]
    for name in (
        "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "TAG", "POS", "DEP", "LEMMA",
        "ENT_TYPE", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE",
        "IS_UPPER", "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
        "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
    )
)  # fmt: skip
#: Attributes a compiled rule may set: token-only fields, written back with ``doc.from_array``.
WRITABLE = frozenset((LEMMA, POS, TAG, MORPH, DEP))


class NotCompilable(ValueError):
    """A pattern or rule outside what :func:`compile_rules` reproduces exactly."""


@dataclass
class Predicate:
    """One test on one attribute column: ``kind`` is ``eq``, ``in``, ``not_in`` or ``regex``."""

    attr: int
    kind: str
    value: Any
    #: For ``regex``: the verdict per string hash, filled as values are met (hashes are stable).
    verdicts: dict[int, bool] = field(default_factory=dict)

    def test(self, column: np.ndarray, strings: StringStore) -> np.ndarray:
        if self.kind == "eq":
            return column == self.value
        if self.kind == "in":
            return np.isin(column, self.value)
        if self.kind == "not_in":
            return ~np.isin(column, self.value)
        values, inverse = np.unique(column, return_inverse=True)
        verdicts = self.verdicts
        found = np.empty(len(values), dtype=bool)
        for position, key in enumerate(values.tolist()):
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = bool(self.value.search(strings[key]))
            found[position] = verdict
        return found[inverse]


@dataclass
class Rule:
    """One ``add()`` of the ruler: its patterns (each a list of per-token predicates), the
    offset of the token it sets, and the attributes it sets (ids and hashes, as spaCy keeps them)."""

    patterns: list[list[list[Predicate]]]
    index: int
    attrs: dict[int, int]
    #: For each pattern, the (attribute, value) pairs a Doc must contain for it to match anywhere:
    #: lets a Doc skip the patterns that cannot match it.
    anchors: list[list[tuple[int, int]]]


class CompiledRules:
    """The compiled form of an attribute ruler's rules (see the module docstring)."""

    def __init__(self, rules: list[Rule], strings: StringStore):
        self.rules = rules
        self.strings = strings
        self.read = sorted({p.attr for rule in rules for pattern in rule.patterns for token in pattern for p in token})
        self.written = sorted({attr for rule in rules for attr in rule.attrs})
        self._read_column = {attr: position for position, attr in enumerate(self.read)}
        self._written_column = {attr: position for position, attr in enumerate(self.written)}

    def apply(self, doc: Doc) -> None:
        """Set the rules' attributes on ``doc``, as ``AttributeRuler.__call__`` would."""
        length = len(doc)
        if length == 0 or not self.written:
            return
        read = doc.to_array(self.read) if self.read else np.zeros((length, 0), dtype=np.uint64)
        written = doc.to_array(self.written)
        present: dict[int, set[int]] = {}
        changed = False
        for rule in self.rules:
            targets = []
            for pattern, anchors in zip(rule.patterns, rule.anchors, strict=True):
                if not all(value in self._present(present, read, attr) for attr, value in anchors):
                    continue
                starts = self._starts(pattern, read, length)
                if starts.size:
                    targets.append(starts + (rule.index if rule.index >= 0 else len(pattern) + rule.index))
            if targets:
                rows = np.concatenate(targets) if len(targets) > 1 else targets[0]
                for attr, value in rule.attrs.items():
                    written[rows, self._written_column[attr]] = value
                changed = True
        if changed:
            doc.from_array(self.written, written)

    def _present(self, present: dict[int, set[int]], read: np.ndarray, attr: int) -> set[int]:
        """The values of ``attr`` in the Doc (memoised in ``present`` for one Doc)."""
        values = present.get(attr)
        if values is None:
            values = present[attr] = set(np.unique(read[:, self._read_column[attr]]).tolist())
        return values

    def _starts(self, pattern: list[list[Predicate]], read: np.ndarray, length: int) -> np.ndarray:
        """The token offsets where ``pattern`` matches (none in a Doc shorter than the pattern)."""
        count = max(0, length - len(pattern) + 1)
        mask: np.ndarray | None = None
        for offset, token in enumerate(pattern):
            for predicate in token:
                column = read[offset : offset + count, self._read_column[predicate.attr]]
                result = predicate.test(column, self.strings)
                mask = result if mask is None else (mask & result)
        if mask is None:  # a pattern of empty token specs matches everywhere
            return np.arange(count)
        return np.flatnonzero(mask)


def compile_rules(ruler: AttributeRuler) -> CompiledRules:
    """The ruler's rules compiled, or :class:`NotCompilable` when one is outside the supported set."""
    strings = ruler.vocab.strings
    rules = []
    for number, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        entry = ruler.matcher.get(str(number))
        if entry is None:
            raise NotCompilable(f"rule {number} has no patterns")
        patterns = [[[_predicate(key, value, strings) for key, value in spec.items()] for spec in p] for p in entry[1]]
        if any(not pattern for pattern in patterns):
            raise NotCompilable(f"rule {number} has an empty pattern")
        for pattern in patterns:
            if not -len(pattern) <= index < len(pattern):
                raise NotCompilable(f"index {index} outside a pattern of {len(pattern)} tokens")
        if set(attrs) - WRITABLE:
            raise NotCompilable(f"rule {number} sets attributes other than LEMMA, POS, TAG, MORPH, DEP")
        rules.append(Rule(patterns, index, dict(attrs), [_anchors(pattern) for pattern in patterns]))
    return CompiledRules(rules, strings)


def _predicate(name: Any, value: Any, strings: StringStore) -> Predicate:
    """One pattern key and value as a :class:`Predicate`, with the Matcher's conversions."""
    if not isinstance(name, str):
        raise NotCompilable(f"attribute key {name!r}")
    key = {"TEXT": "ORTH"}.get(name.upper(), name.upper())
    attr = IDS.get(key)
    if attr not in READABLE:
        raise NotCompilable(f"pattern attribute {name!r}")
    if isinstance(value, dict):
        if len(value) != 1:
            raise NotCompilable(f"predicates {sorted(value)}")
        ((operator, operand),) = value.items()
        if operator in ("IN", "NOT_IN") and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in operand):
            ids = np.array([get_string_id(v) for v in operand], dtype=np.uint64)
            return Predicate(attr, "in" if operator == "IN" else "not_in", ids)
        if operator == "REGEX" and isinstance(operand, str):
            return Predicate(attr, "regex", re.compile(operand))
        raise NotCompilable(f"predicate {operator!r}")
    if isinstance(value, str):
        return Predicate(attr, "eq", strings.add(value))
    if isinstance(value, (bool, int)):
        return Predicate(attr, "eq", int(value))
    raise NotCompilable(f"value {value!r}")


def _anchors(pattern: list[list[Predicate]]) -> list[tuple[int, int]]:
    """The attribute values the pattern needs (its equalities): a Doc without one is skipped."""
    return [(p.attr, p.value) for token in pattern for p in token if p.kind == "eq"]


class CompiledAttributeRuler(AttributeRuler):
    """An :class:`~spacy.pipeline.AttributeRuler` that applies its rules compiled (module
    docstring): sets the same ``LEMMA``/``POS``/``TAG``/``MORPH``/``DEP`` values on the Doc.
    Adding or clearing patterns recompiles on the next call; rules that cannot be compiled run
    the stock implementation."""

    _compiled: CompiledRules | bool | None = None  # False: not compilable

    def __call__(self, doc: Doc) -> Doc:
        compiled = self._rules()
        if compiled is None:
            return super().__call__(doc)
        try:
            compiled.apply(doc)
            return doc
        except Exception as exc:
            return self.get_error_handler()(self.name, self, [doc], exc)

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = None

    def clear(self) -> None:
        super().clear()
        self._compiled = None

    def _rules(self) -> CompiledRules | None:
        if self._compiled is None or (self._compiled and self._compiled.strings is not self.vocab.strings):
            # first call, patterns changed, or a copy (unpickled) with a vocab of its own
            try:
                self._compiled = compile_rules(self)
            except NotCompilable:
                self._compiled = False
        return self._compiled or None


class MemoLemmatizer:
    """The bulk ``__call__`` of :class:`CompiledLemmatizer` and :class:`CompiledEnglishLemmatizer`
    (module docstring): sets the same ``LEMMA`` on the Doc as spaCy's lemmatizer."""

    #: Lemmas (string hashes) by (orth, pos, morph); cleared when the lookup tables are replaced.
    _memo: dict[tuple[int, int, int], int] | None = None
    _memo_tables: Any = None
    MEMO_LIMIT = 500_000

    def __call__(self, doc: Doc) -> Doc:
        stock = super().__call__  # type: ignore[misc]
        if self.mode not in ("rule", "lookup") or not self._validated or not len(doc):  # type: ignore[attr-defined]
            return stock(doc)
        try:
            lemmas = self._lemmas(doc)
        except Exception:
            return stock(doc)  # nothing written yet: spaCy's loop gives its own result and error
        doc.from_array([LEMMA], lemmas)
        return doc

    def _lemmas(self, doc: Doc) -> np.ndarray:
        lookups = self.lookups  # type: ignore[attr-defined]
        if self._memo is None or self._memo_tables is not lookups or len(self._memo) > self.MEMO_LIMIT:
            self._memo, self._memo_tables = {}, lookups
        memo = self._memo
        lemmatize = self.lemmatize  # type: ignore[attr-defined]
        strings = doc.vocab.strings
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        rows = range(len(doc)) if self.overwrite else np.flatnonzero(lemmas == 0).tolist()  # type: ignore[attr-defined]
        values = array.tolist()
        for row in rows:
            orth, pos, morph, _ = values[row]
            if pos == 0:  # spaCy warns about these: let it, each time
                lemmas[row] = strings.add(lemmatize(doc[row])[0])
                continue
            key = (orth, pos, morph)
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = strings.add(lemmatize(doc[row])[0])
            lemmas[row] = lemma
        return lemmas


class CompiledLemmatizer(MemoLemmatizer, Lemmatizer):
    """spaCy's :class:`~spacy.pipeline.Lemmatizer` with the bulk ``__call__`` of :class:`MemoLemmatizer`."""


class CompiledEnglishLemmatizer(MemoLemmatizer, EnglishLemmatizer):
    """spaCy's English lemmatizer with the bulk ``__call__`` of :class:`MemoLemmatizer`."""


#: The stock classes :func:`compile_rule_components` replaces, and their replacements.
COMPILED = {
    AttributeRuler: CompiledAttributeRuler,
    Lemmatizer: CompiledLemmatizer,
    EnglishLemmatizer: CompiledEnglishLemmatizer,
}


def compile_rule_components(nlp: Language) -> list[str]:
    """Give the stock attribute rulers and lemmatizers of ``nlp`` their faster subclass, in
    place; returns the names of the components changed.

    The component objects stay the same (patterns, tables, config and ``to_disk`` unchanged):
    only their class changes, so the pipeline's annotations are unchanged too.
    """
    names = []
    for name, component in nlp.pipeline:
        faster = COMPILED.get(type(component))
        if faster is not None:
            component.__class__ = faster
            names.append(name)
    return names
