"""Sentiment toward a target span (not toward its sentence): VADER's lexicon over spaCy's parse.

For a target (a token span of a parsed Doc) every sentiment-bearing word of its sentence is
placed relative to the target in the dependency tree:

- ``mod``: the word modifies the target (it lies in the target's subtree: adjectives,
  appositions, relative clauses: "the *notorious* gang", "X, *a great friend* of the U.S.");
- ``gov``: the word governs the target (the verb it is subject or object of: "Rubio
  *praised* Bukele"); split by the target's role: ``subj`` (agent) / ``obj`` (patient) / ``oth``;
- ``sib``: the word hangs off a common ancestor (predicates about the subject: "Bukele is
  the *strongest* leader"; the objects of the target's acts: "Bukele *mocked* the *court*");
- ``far``: anything else in the sentence.

Each word's VADER valence is flipped and damped when negated (a ``neg`` child on the word
or on the verb it depends on, "no"/"without" determiners), boosted by VADER's intensifiers,
and weighted by ``1 / dependency distance``. These weighted sums, the sentence-level VADER
scores and a few flags form a feature vector. With the shipped model (a multinomial logistic
regression trained on NewsMTSC train, weights in ``framing/data/actor_sentiment/``), the
features (plus lemma indicators for words near the target) give class probabilities;
without it a transparent rule (weighted sum through VADER's normalisation) is used.

Everything is plain Python (no scikit-learn at run time). Imported lazily by the component.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain, pairwise, repeat
from typing import Any

from spacy.tokens import Doc, Span, Token

LABELS = ("negative", "neutral", "positive")
MODEL_FILE = "target_sentiment_model.json"
NEGATION_DETS = {"no", "without", "never", "neither", "nor", "none", "nobody", "nothing", "lack", "lacks"}
#: Relation weights of the rule-based fallback scorer.
RULE_WEIGHTS = {"mod": 1.0, "gov": 1.0, "sib": 0.6, "far": 0.15}
RULE_THRESHOLD = 0.12


@lru_cache(maxsize=1)
def vader_resources() -> tuple[dict[str, float], set[str], dict[str, float]]:
    """VADER's lexicon (word -> valence), negation words and booster words."""
    from vaderSentiment import vaderSentiment as vs

    lexicon: dict[str, float] = {}
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0]] = float(parts[1])
            except ValueError:
                continue
    negate = {w.replace("'", "") for w in vs.NEGATE} | set(vs.NEGATE) | NEGATION_DETS | {"n't"}
    return lexicon, negate, dict(vs.BOOSTER_DICT)


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def valence(token: Token, lexicon: Mapping[str, float]) -> float:
    """VADER valence of a token (its lower-cased form, else its lemma), 0 when not in the lexicon."""
    low = token.lower_
    if low in lexicon:
        return lexicon[low]
    lemma = token.lemma_.lower()
    return lexicon.get(lemma, 0.0)


def _ancestors_chain(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def tree_path(a: Token, b: Token) -> tuple[int, Token]:
    """Dependency-tree distance between two tokens of one sentence, and their lowest common ancestor."""
    chain_a = _ancestors_chain(a)
    pos_a = {t.i: k for k, t in enumerate(chain_a)}
    for k, t in enumerate(_ancestors_chain(b)):
        if t.i in pos_a:
            return pos_a[t.i] + k, t
    return abs(a.i - b.i) + 4, a  # different trees (bad sentence split): far


def target_role(root: Token) -> str:
    """``subj`` (agent), ``obj`` (patient) or ``oth`` for a target's head token."""
    dep = root.dep_
    if dep in ("nsubj", "csubj"):
        return "subj"
    if dep == "pobj" and root.head.dep_ == "agent":
        return "subj"
    if dep in ("dobj", "nsubjpass", "iobj", "dative", "oprd"):
        return "obj"
    if dep == "pobj" and root.head.lower_ in ("against", "to", "at", "on", "for", "with"):
        return "obj"
    if dep in ("conj", "appos") and root.head.i != root.i:
        return target_role(root.head)
    return "oth"


def is_negated(token: Token, stop: Token | None = None) -> bool:
    """True when the word, the word it depends on (up to a verb) or a determiner negates it."""
    _, negate, _ = vader_resources()
    current: Token | None = token
    steps = 0
    while current is not None and steps < 4:
        for child in current.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod", "preconj") and child.lower_ in negate):
                return True
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            break
        if stop is not None and current.head.i == stop.i:
            break
        current = current.head
        steps += 1
    return False


def _paragraph_part(sent: Span, root: Token) -> Span:
    """The sentence cut at line breaks around the target (the parser may run sentences
    across paragraphs, e.g. after a quote-final attribution line)."""
    start, end = sent.start, sent.end
    for tok in sent:
        if "\n" in tok.text_with_ws and tok.i + 1 < sent.end:
            if tok.i < root.i:
                start = tok.i + 1
            elif tok.i >= root.i:
                end = min(end, tok.i + 1)
                break
    return sent.doc[start:end]


@dataclass
class Cue:
    """One sentiment word and how it bears on the target."""

    token: int
    text: str
    valence: float  # after negation and boosting
    relation: str  # mod | gov_subj | gov_obj | gov_oth | sib_subj | sib_obj | sib_oth | far
    distance: int
    weight: float
    voice: str

    @property
    def contribution(self) -> float:
        return self.valence * self.weight


@dataclass
class TargetAnalysis:
    """Features of one target and the cues behind them."""

    features: dict[str, float] = field(default_factory=dict)
    cues: list[Cue] = field(default_factory=list)
    role: str = "oth"


class DocIndex:
    """Per-Doc arrays and memos for :func:`analyze_target` (token attributes read once per Doc,
    not once per target and token). Build one per Doc and pass it to every call on that Doc;
    the Doc must not be modified meanwhile.

    The arrays come from the shared :func:`~framing.analyzers.doc_table.doc_table` of the Doc;
    every memo (roots, paragraph parts, neighbourhoods, negation, boosters, roles) is keyed by
    token index, so no spaCy ``Token`` is created on the hot path.
    """

    def __init__(self, doc: Doc) -> None:
        from framing.analyzers.doc_table import doc_table

        lexicon, negate, boosters = vader_resources()
        table = doc_table(doc)
        self.doc = doc
        self.table = table
        self.has_parse = doc.has_annotation("DEP")
        self._boosters = boosters
        self._negate = negate
        self.head, self.text_ws, self.text, self.dep, self.pos = (
            table.head,
            table.text_ws,
            table.text,
            table.dep,
            table.pos,
        )
        self.children = table.children
        self.lemma = table.lemma_lower  # lower-cased lemmas
        self.lower = table.lower
        self.punct_space = [p or s for p, s in zip(table.is_punct, table.is_space, strict=True)]
        self.stop, self.alpha = table.is_stop, table.is_alpha
        self.newline = ["\n" in tws for tws in table.text_ws]
        self.valence = [
            lexicon[low] if low in lexicon else lexicon.get(lem, 0.0)
            for low, lem in zip(table.lower, table.lemma_lower, strict=True)
        ]
        #: the ``s:<lemma>`` feature of each token far from a target (None: a stop word or not alphabetic)
        self.far_name = [
            None if is_stop or not is_alpha else "s:" + lem
            for lem, is_stop, is_alpha in zip(self.lemma, table.is_stop, table.is_alpha, strict=True)
        ]
        #: alphabetic and not a stop word: the words with lemma features
        self.word = [name is not None for name in self.far_name]
        self._sent_of: list[tuple[int, int]] | None = None
        self._part_polarity: dict[tuple[int, int], tuple[float, float, float]] = {}
        self._roots: dict[tuple[int, int], int] = {}
        self._parts: dict[int, tuple[int, int]] = {}
        self._chains: dict[int, dict[int, int]] = {}
        self._near: dict[int, dict[int, tuple[int, int]]] = {}
        self._active: dict[tuple[int, int], list[int]] = {}
        self._far_kept: tuple[Collection[str], list[str | None]] | None = None
        self._neg_child: list[bool] | None = None
        #: :meth:`negated` of each token, None until asked
        self.negated_memo: list[bool | None] = [None] * table.n
        self._boosts: dict[int, list[float]] = {}
        self._roles: dict[int, str] = {}

    def far_names(self, keep: Collection[str] | None = None) -> list[str | None]:
        """:attr:`far_name`, without the names not in ``keep`` (all of them for None)."""
        if keep is None:
            return self.far_name
        if self._far_kept is None or self._far_kept[0] is not keep:
            self._far_kept = (keep, [name if name is not None and name in keep else None for name in self.far_name])
        return self._far_kept[1]

    def part_polarity(self, start: int, end: int) -> tuple[float, float, float]:
        """VADER's ``(pos, neg, compound)`` of ``doc[start:end]`` (a paragraph part), every word kept."""
        key = (start, end)
        found = self._part_polarity.get(key)
        if found is None:
            found = self._part_polarity[key] = _polarity("".join(self.text_ws[start:end]))
        return found

    def active(self, start: int, end: int) -> list[int]:
        """The tokens of ``doc[start:end]`` that can add a feature or a cue to a target:
        neither punctuation nor space, and not a stop word (or non-word) without valence."""
        key = (start, end)
        found = self._active.get(key)
        if found is None:
            punct_space, far_name, valence = self.punct_space, self.far_name, self.valence
            found = self._active[key] = [
                i for i in range(start, end) if not punct_space[i] and (far_name[i] is not None or valence[i] != 0.0)
            ]
        return found

    def root(self, start: int, end: int) -> int:
        """Index of ``doc[start:end].root`` (spaCy's rule, on the token table)."""
        key = (start, end)
        r = self._roots.get(key)
        if r is None:
            r = self._roots[key] = span_root(self.doc, self.table, start, end)
        return r

    def sent(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence of token ``i`` (as ``doc[i].sent``)."""
        if self._sent_of is None:
            sents = self.table.sents
            if not sents:  # no boundaries: doc.sents raises spaCy's own error
                sents = [(sent.start, sent.end) for sent in self.doc.sents]
            sent_of: list[tuple[int, int]] = []
            for bounds in sents:
                sent_of.extend([bounds] * (bounds[1] - bounds[0]))
            self._sent_of = sent_of
        return self._sent_of[i]

    def part(self, r: int) -> tuple[int, int]:
        """``(start, end)`` of :func:`_paragraph_part` of token ``r``'s sentence around ``r``."""
        bounds = self._parts.get(r)
        if bounds is None:
            s, e = self.sent(r)
            start, end = s, e
            newline = self.newline
            for i in range(s, e):
                if newline[i] and i + 1 < e:
                    if i < r:
                        start = i + 1
                    else:
                        end = min(end, i + 1)
                        break
            bounds = self._parts[r] = (start, end)
        return bounds

    def chain(self, r: int) -> dict[int, int]:
        """Token ``r`` and its ancestors -> their distance from ``r``."""
        pos = self._chains.get(r)
        if pos is None:
            head = self.head
            pos = {r: 0}
            j, k = r, 0
            while head[j] != j:
                j = head[j]
                k += 1
                pos[j] = k
            self._chains[r] = pos
        return pos

    def near(self, r: int) -> dict[int, tuple[int, int]]:
        """Tokens within 3 dependency steps of token ``r`` -> ``(distance, lowest common ancestor)``.

        The same distance and ancestor as :func:`tree_path`, found by walking out from ``r``
        (up its ancestors, down each one's other branches) instead of up from every token.
        """
        found = self._near.get(r)
        if found is None:
            head, children = self.head, self.children
            found = {}
            below, node, k = -1, r, 0
            while True:
                found[node] = (k, node)
                if k < 3:  # down the other branches of this ancestor, up to 3 steps from r in all
                    step = (k + 1, node)
                    for c in children[node]:
                        if c == below:
                            continue
                        found[c] = step
                        if k < 2:
                            step2 = (k + 2, node)
                            for c2 in children[c]:
                                found[c2] = step2
                                if k == 0:
                                    for c3 in children[c2]:
                                        found[c3] = (3, node)
                if k == 3 or head[node] == node:
                    break
                below, node, k = node, head[node], k + 1
            self._near[r] = found
        return found

    def negated(self, i: int) -> bool:
        """:func:`is_negated` of token ``i``."""
        value = self.negated_memo[i]
        if value is None:
            neg_child = self._neg_child
            if neg_child is None:  # which tokens have a negating child
                dep, lower, head, negate = self.dep, self.lower, self.head, self._negate
                neg_child = [False] * len(dep)
                for c, d in enumerate(dep):
                    if (d == "neg" or (d in ("det", "advmod", "preconj") and lower[c] in negate)) and head[c] != c:
                        neg_child[head[c]] = True
                self._neg_child = neg_child
            pos, head = self.pos, self.head
            value = False
            current, steps = i, 0
            while steps < 4:
                if neg_child[current]:
                    value = True
                    break
                if pos[current] in ("VERB", "AUX") or head[current] == current:
                    break
                current = head[current]
                steps += 1
            self.negated_memo[i] = value
        return value

    def boosts(self, i: int) -> list[float]:
        values = self._boosts.get(i)
        if values is None:
            boosters, lower = self._boosters, self.lower
            values = []
            for child in self.children[i]:
                boost = boosters.get(lower[child])
                if boost:
                    values.append(boost)
            self._boosts[i] = values
        return values

    def role(self, r: int) -> str:
        """:func:`target_role` of token ``r``."""
        value = self._roles.get(r)
        if value is None:
            value = self._roles[r] = _role_at(self.dep, self.head, self.lower, r)
        return value


def _role_at(dep: Sequence[str], head: Sequence[int], lower: Sequence[str], i: int) -> str:
    """:func:`target_role` on token arrays."""
    d = dep[i]
    if d in ("nsubj", "csubj"):
        return "subj"
    if d == "pobj" and dep[head[i]] == "agent":
        return "subj"
    if d in ("dobj", "nsubjpass", "iobj", "dative", "oprd"):
        return "obj"
    if d == "pobj" and lower[head[i]] in ("against", "to", "at", "on", "for", "with"):
        return "obj"
    if d in ("conj", "appos") and head[i] != i:
        return _role_at(dep, head, lower, head[i])
    return "oth"


def span_root(doc: Doc, table: Any, start: int, end: int) -> int:
    """Index of ``doc[start:end].root``: spaCy's ``Span.root`` computed on a token table.

    The first sentence root inside the span, else the token with a head outside the span and
    the fewest steps to its root (a childless space or punctuation token counts as far), else
    ``start``.
    """
    if "root" in doc.user_span_hooks:
        return doc[start:end].root.i
    if end - start == 1:
        return start  # a one-token span is its own root
    head = table.head
    for i in range(start, end):
        if head[i] == i:
            return i
    n = table.n
    best, root = n, -1
    children, is_space, is_punct = table.children, table.is_space, table.is_punct
    for i in range(start, end):
        if start <= head[i] < end:
            continue
        if (is_space[i] or is_punct[i]) and not children[i]:
            steps = n - 1
        else:
            steps, j = 0, i
            while head[j] != j:
                j = head[j]
                steps += 1
                if steps >= n:
                    return doc[start:end].root.i  # a cycle: let spaCy raise its error
        if steps < best:
            best, root = steps, i
    return start if root == -1 else root


@lru_cache(maxsize=8192)
def _polarity(text: str) -> tuple[float, float, float]:
    scores = _polarity_scores(_analyzer(), text)
    return scores["pos"], scores["neg"], scores["compound"]


def _polarity_scores(analyzer: Any, text: str) -> dict[str, float]:
    """``analyzer.polarity_scores(text)``, skipping VADER's character-by-character emoji pass
    when the text holds no emoji (that pass then rebuilds the same string; it is half the cost).

    The rest is VADER 3.3.2's ``polarity_scores`` step for step; any other VADER version, or a
    text with an emoji, goes through VADER's own method.
    """
    if not _vader_is_332() or not analyzer.emojis.keys().isdisjoint(text):
        return analyzer.polarity_scores(text)
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    text = text.strip()
    sentitext = SentiText(text)
    sentiments: list[Any] = []
    words_and_emoticons = sentitext.words_and_emoticons
    lexicon = analyzer.lexicon
    last = len(words_and_emoticons) - 1
    lower: list[str] | None = None
    for i, item in enumerate(words_and_emoticons):
        valence = 0
        low = item.lower()
        # check for vader_lexicon words that may be used as modifiers or negations
        if low in BOOSTER_DICT:
            sentiments.append(valence)
            continue
        if i < last and low == "kind" and words_and_emoticons[i + 1].lower() == "of":
            sentiments.append(valence)
            continue
        if low not in lexicon:  # sentiment_valence adds the 0 it was given for a word it does not know
            sentiments.append(valence)
            continue
        if lower is None:
            lower = [w.lower() for w in words_and_emoticons]
        sentiments.append(_vader_valence(lexicon, words_and_emoticons, lower, sentitext.is_cap_diff, item, i))
    sentiments = analyzer._but_check(words_and_emoticons, sentiments)
    return analyzer.score_valence(sentiments, text)


def _vader_valence(
    lexicon: Mapping[str, float], words: Sequence[str], lower: Sequence[str], is_cap_diff: bool, item: str, i: int
) -> float:
    """VADER 3.3.2's ``sentiment_valence`` for a lexicon word, with the words lower-cased once
    (VADER lower-cases the whole sentence again for every look-back step)."""
    from vaderSentiment.vaderSentiment import C_INCR, N_SCALAR, scalar_inc_dec

    item_lowercase = lower[i]
    valence = lexicon[item_lowercase]
    # check for "no" as negation for an adjacent lexicon item vs "no" as its own stand-alone lexicon item
    if item_lowercase == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"])
    ):
        valence = lexicon[item_lowercase] * N_SCALAR
    # check if sentiment laden word is in ALL CAPS (while others aren't)
    if item.isupper() and is_cap_diff:
        if valence > 0:
            valence += C_INCR
        else:
            valence -= C_INCR
    for start_i in range(0, 3):
        # dampen the scalar modifier of preceding words and emoticons (excluding the ones that
        # immediately preceed the item) based on their distance from the current item
        if i > start_i and lower[i - (start_i + 1)] not in lexicon:
            s = scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            valence = _vader_negation_check(valence, lower, start_i, i)
            if start_i == 2:
                valence = _vader_special_idioms_check(valence, lower, i)
    # check for negation case using "least"
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _vader_negated(word: str) -> bool:
    """VADER's ``negated([word])`` for a lower-case word."""
    from vaderSentiment.vaderSentiment import NEGATE

    return word in NEGATE or "n't" in word


def _vader_negation_check(valence: float, lower: Sequence[str], start_i: int, i: int) -> float:
    """VADER 3.3.2's ``_negation_check`` on the lower-cased words."""
    from vaderSentiment.vaderSentiment import N_SCALAR

    if start_i == 0 and _vader_negated(lower[i - 1]):  # 1 word preceding lexicon word (w/o stopwords)
        valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            valence = valence
        elif _vader_negated(lower[i - (start_i + 1)]):  # 2 words preceding the lexicon word position
            valence = valence * N_SCALAR
    if start_i == 2:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            valence = valence
        elif _vader_negated(lower[i - (start_i + 1)]):  # 3 words preceding the lexicon word position
            valence = valence * N_SCALAR
    return valence


def _vader_special_idioms_check(valence: float, lower: Sequence[str], i: int) -> float:
    """VADER 3.3.2's ``_special_idioms_check`` on the lower-cased words."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SPECIAL_CASES

    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    sequences = [onezero, twoonezero, twoone, threetwoone, threetwo]
    for seq in sequences:
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    # check for booster/dampener bi-grams such as 'sort of' or 'kind of'
    n_grams = [threetwoone, threetwo, twoone]
    for n_gram in n_grams:
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


@lru_cache(maxsize=1)
def _vader_is_332() -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vaderSentiment") == "3.3.2"
    except PackageNotFoundError:
        return False


def _path_to_target(root_chain: Mapping[int, int], head: Sequence[int], r: int, i: int) -> tuple[int, int]:
    """:func:`tree_path` on indices: the distance from token ``i`` to the target root ``r`` and their
    lowest common ancestor, given ``root_chain`` (each ancestor of ``r`` -> its distance from ``r``)."""
    j, k = i, 0
    while True:
        d = root_chain.get(j)
        if d is not None:
            return d + k, j
        h = head[j]
        if h == j:
            return abs(r - i) + 4, r  # different trees (bad sentence split): far
        j = h
        k += 1


def _relation(lca: int, r: int, i: int, dist: int, gov_relation: str, sib_relation: str) -> tuple[str, str]:
    """How word ``i`` relates to the target root ``r`` (``relation``, ``group``): it modifies the
    target, governs it (``gov_relation``, e.g. ``gov_subj``), is a near sibling (``sib_relation``)
    or is far; ``lca`` is their lowest common ancestor, ``dist`` their tree distance."""
    if lca == r:
        return "mod", "mod"
    if lca == i:
        return gov_relation, "gov"
    if dist <= 4:
        return sib_relation, "sib"
    return "far", "far"


#: relation -> its group (see :func:`_relation`)
_GROUPS = {
    "mod": "mod",
    **{f"{group}_{role}": group for group in ("gov", "sib") for role in ("subj", "obj", "oth")},
    "far": "far",
}
#: group -> the prefix of its ``r:<group>:<key>`` features
_RELATION_PREFIX = {group: f"r:{group}:" for group in _GROUPS.values()}
#: ``(relation, valence > 0)`` -> the names of the features a sentiment word adds, in the order of
#: :func:`_cue_features`: relation, group, group count, all, quote
_CUE_NAMES = {
    (relation, positive): (relation + sign, group + sign, group + sign + "_n", "all" + sign, "quote" + sign)
    for relation, group in _GROUPS.items()
    for positive, sign in ((True, "_pos"), (False, "_neg"))
}


def _cue_features(relation: str, group: str, val: float, weight: float, voice: str) -> list[tuple[str, float]]:
    """The features one valenced word adds (name, amount), in the order they are summed
    (``group`` is the relation's group, :data:`_GROUPS`; the names come from :data:`_CUE_NAMES`)."""
    amount = abs(val) * weight
    relation_name, group_name, count_name, all_name, quote_name = _CUE_NAMES[relation, val > 0]
    adds = [(relation_name, amount), (group_name, amount), (count_name, 1.0), (all_name, amount)]
    if voice == "quote":
        adds.append((quote_name, amount))
    return adds


def _cue_valence(index: DocIndex, i: int, val: float, negated: bool) -> float:
    """Word ``i``'s valence ``val`` as a cue: flipped and damped when negated (x -0.74), then each
    booster before it (:meth:`DocIndex.boosts`) adds its amount away from zero, as in VADER."""
    if negated:
        val *= -0.74
    for boost in index.boosts(i):
        val += math.copysign(abs(boost), val) * (1.0 if boost > 0 else -1.0)
    return val


def _add_target_features(
    feats: dict[str, float], index: DocIndex, r: int, role: str, quote_voice: Sequence[str] | None, sent_len: int
) -> None:
    """The features of the target itself (its role and syntax, voice, sentence length, bias)."""
    dep, head, lemma, pos = index.dep, index.head, index.lemma, index.pos
    feats["role_" + role] = 1.0
    feats["tdep:" + dep[r]] = 1.0  # the target's syntax
    if head[r] != r:
        feats["th:" + lemma[head[r]]] = 1.0
    feats["target_is_pron"] = 1.0 if pos[r] == "PRON" else 0.0
    feats["target_in_quote"] = 1.0 if (quote_voice is not None and quote_voice[r] == "quote") else 0.0
    feats["sent_len"] = min(sent_len, 60) / 60.0
    feats["bias"] = 1.0


def analyze_target(
    doc: Doc,
    start: int,
    end: int,
    quote_voice: Sequence[str] | None = None,
    voice_filter: str | None = None,
    index: DocIndex | None = None,
) -> TargetAnalysis:
    """Features for the target ``doc[start:end]`` (token indices).

    ``quote_voice`` optionally gives, per token, ``"author"`` or ``"quote"``; with
    ``voice_filter`` only the words in that voice count (the writer's words vs the quoted ones).
    ``index``: a :class:`DocIndex` of ``doc``, shared by the calls on one Doc (built when absent).
    """
    if index is None or index.doc is not doc:
        index = DocIndex(doc)
    if not index.has_parse:
        return _analyze_target_walk(doc, start, end, quote_voice, voice_filter, index)
    return target_features(index, start, end, quote_voice, voice_filter)


def target_features(
    index: DocIndex,
    start: int,
    end: int,
    quote_voice: Sequence[str] | None = None,
    voice_filter: str | None = None,
    keep: Collection[str] | None = None,
) -> TargetAnalysis:
    """:func:`analyze_target` on a parsed Doc's index, optionally keeping only some features.

    With ``keep`` (e.g. the features a model weighs, :attr:`LinearModel.feature_names`) every
    other feature is left out: the model's logits stay the same to the last bit (each label's
    sum runs over the weighed features in the same order), for a smaller dictionary. The cues
    are always complete.
    """
    r = index.root(start, end)
    sent_start, sent_end = index.sent(r)
    role = index.role(r)
    head, lemma, dep, pos, text = index.head, index.lemma, index.dep, index.pos, index.text
    word, valences, negated_memo = index.word, index.valence, index.negated_memo
    far_name = index.far_names(keep)
    near = index.near(r)
    root_chain: dict[int, int] | None = None
    gov_relation, sib_relation = f"gov_{role}", f"sib_{role}"
    head_dep = "d:head_" + dep[r] + ":"  # + key: the feature of the word the target depends on
    everything = keep is None
    kept: Collection[str] = () if keep is None else keep
    if quote_voice is None:
        voice_filter = None  # no voices: every word counts
    feats: dict[str, float] = {}
    get = feats.get
    cues: list[Cue] = []

    part_start, part_end = index.part(r)
    # only the words that can bear on the target: no punctuation, no stop word without valence
    for i in index.active(part_start, part_end):
        if start <= i < end or (voice_filter is not None and quote_voice[i] != voice_filter):  # type: ignore[index]
            continue
        val = valences[i]
        hit = near.get(i)
        if hit is None:  # more than 3 steps from the target
            if val == 0.0:
                name = far_name[i]
                if name is not None:
                    feats[name] = get(name, 0.0) + 0.5
                continue
            # a sentiment word far from the target: its exact path (tree_path)
            if root_chain is None:
                root_chain = index.chain(r)
            dist, lca = _path_to_target(root_chain, head, r, i)
        else:
            dist, lca = hit
        relation, group = _relation(lca, r, i, dist, gov_relation, sib_relation)
        # (a word near the target or with a valence: is it negated)
        negated = negated_memo[i]
        if negated is None:
            negated = index.negated(i)
        if word[i]:
            if dist <= 3:
                key = ("not_" + lemma[i]) if negated else lemma[i]
                name = "w:" + key
                if everything or name in kept:
                    feats[name] = get(name, 0.0) + 1.0 / dist
                name = _RELATION_PREFIX[group] + key
                if everything or name in kept:
                    feats[name] = get(name, 0.0) + 1.0
                if dist == 1:
                    name = ("d:" + dep[i] + ":" + key) if head[i] == r else head_dep + key
                    if everything or name in kept:
                        feats[name] = get(name, 0.0) + 1.0
            else:
                name = far_name[i]
                if name is not None:
                    feats[name] = get(name, 0.0) + 0.5
        if val == 0.0:
            continue
        if negated:
            feats["neg_cues"] = get("neg_cues", 0.0) + 1.0
        val = _cue_valence(index, i, val, negated)
        weight = 1.0 / max(dist - (1 if group == "sib" and pos[lca] == "AUX" else 0), 1)
        voice = quote_voice[i] if quote_voice is not None else "author"
        cues.append(Cue(i, text[i], val, relation, dist, weight, voice))
        for name, value in _cue_features(relation, group, val, weight, voice):
            feats[name] = get(name, 0.0) + value
    if everything or "sent_pos" in kept or "sent_neg" in kept or "sent_compound" in kept:
        if voice_filter is not None:
            text_ws = index.text_ws
            sentence = "".join(
                [
                    text_ws[i]
                    for i in range(part_start, part_end)
                    if quote_voice[i] == voice_filter or start <= i < end  # type: ignore[index]
                ]
            )
            polarity = _polarity(sentence)
        else:
            polarity = index.part_polarity(part_start, part_end)
        feats["sent_pos"], feats["sent_neg"], feats["sent_compound"] = polarity
    _add_target_features(feats, index, r, role, quote_voice, sent_end - sent_start)
    return TargetAnalysis(feats, cues, role)


def target_features_by_voice(
    index: DocIndex,
    start: int,
    end: int,
    quote_voice: Sequence[str] | None,
    voice_filters: Sequence[str | None],
    keep: Collection[str] | None = None,
) -> list[TargetAnalysis]:
    """:func:`target_features` for several voice filters of one target: one analysis per filter
    (the target's root, sentence, neighbourhood and its words' negation are looked up once, in
    the index's memos)."""
    return [target_features(index, start, end, quote_voice, voice, keep) for voice in voice_filters]


def _analyze_target_walk(
    doc: Doc,
    start: int,
    end: int,
    quote_voice: Sequence[str] | None = None,
    voice_filter: str | None = None,
    index: DocIndex | None = None,
) -> TargetAnalysis:
    """:func:`analyze_target` token by token (every token's path to the target walked up the
    tree); used for a Doc without a parse. The reference for the fast path."""
    if index is None or index.doc is not doc:
        index = DocIndex(doc)
    r = index.root(start, end)
    sent_start, sent_end = index.sent(r)
    role = index.role(r)
    feats: dict[str, float] = {}
    get = feats.get
    cues: list[Cue] = []
    has_parse = index.has_parse
    head, lemma, dep, pos = index.head, index.lemma, index.dep, index.pos
    text_ws, punct_space, stop, alpha, valences = (
        index.text_ws,
        index.punct_space,
        index.stop,
        index.alpha,
        index.valence,
    )
    root_chain = index.chain(r) if has_parse else {}
    filtering = voice_filter is not None and quote_voice is not None
    gov_relation, sib_relation = f"gov_{role}", f"sib_{role}"
    head_dep = "head_" + dep[r]

    kept: list[str] = []
    part_start, part_end = index.part(r)
    for i in range(part_start, part_end):
        in_span = start <= i < end
        if filtering and quote_voice[i] != voice_filter and not in_span:  # type: ignore[index]
            continue
        kept.append(text_ws[i])
        if in_span or punct_space[i]:
            continue
        val = valences[i]
        if has_parse:
            dist, lca = _path_to_target(root_chain, head, r, i)  # tree_path(root, tok)
            relation, group = _relation(lca, r, i, dist, gov_relation, sib_relation)
        else:
            dist = max(1, min(abs(i - start), abs(i - (end - 1))))
            relation = group = "mod" if dist <= 2 else "far"
        negated = has_parse and (val != 0.0 or dist <= 3) and index.negated(i)
        if not stop[i] and alpha[i]:
            if dist <= 3:
                key = ("not_" + lemma[i]) if negated else lemma[i]
                name = "w:" + key
                feats[name] = get(name, 0.0) + 1.0 / dist
                name = "r:" + group + ":" + key
                feats[name] = get(name, 0.0) + 1.0
                if dist == 1:
                    name = "d:" + (dep[i] if head[i] == r else head_dep) + ":" + key
                    feats[name] = get(name, 0.0) + 1.0
            else:
                name = "s:" + lemma[i]
                feats[name] = get(name, 0.0) + 0.5
        if val == 0.0:
            continue
        if negated:
            feats["neg_cues"] = get("neg_cues", 0.0) + 1.0
        val = _cue_valence(index, i, val, negated)
        weight = 1.0 / max(dist - (1 if group == "sib" and pos[lca] == "AUX" else 0), 1) if has_parse else 1.0 / dist
        voice = quote_voice[i] if quote_voice is not None else "author"
        cues.append(Cue(i, index.text[i], val, relation, dist, weight, voice))
        for name, value in _cue_features(relation, group, val, weight, voice):
            feats[name] = get(name, 0.0) + value
    feats["sent_pos"], feats["sent_neg"], feats["sent_compound"] = _polarity("".join(kept))
    _add_target_features(feats, index, r, role, quote_voice, sent_end - sent_start)
    return TargetAnalysis(feats, cues, role)


# ----------------------------------------------------------------------------------------
# scoring
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression: ``weights[label][feature]`` and ``bias[label]``."""

    labels: tuple[str, ...]
    weights: Mapping[str, Mapping[str, float]]
    bias: Mapping[str, float]
    scale: Mapping[str, float]
    meta: Mapping[str, Any]

    @cached_property
    def feature_names(self) -> frozenset[str]:
        """Every feature some label weighs (the others never change a probability)."""
        return frozenset(name for label in self.labels for name in self.weights[label])

    @cached_property
    def _triples(self) -> dict[str, tuple[float | None, float | None, float | None]] | None:
        """``feature -> (weight of label 0, 1, 2)`` for a three-label model without scaling."""
        if len(set(self.labels)) != 3 or len(self.labels) != 3 or self.scale:
            return None
        w0, w1, w2 = (self.weights[label] for label in self.labels)
        return {name: (w0.get(name), w1.get(name), w2.get(name)) for name in self.feature_names}

    def _logits3(self, features: Mapping[str, float]) -> tuple[float, float, float]:
        """The three logits in one pass; each label's sum adds the same terms in the same order
        as label by label (only for :attr:`_triples` models)."""
        triples = self._triples
        assert triples is not None
        full = self._full_triples
        t0, t1, t2 = (self.bias.get(label, 0.0) for label in self.labels)
        for name, value in features.items():
            found = full.get(name)
            if found is not None:  # weighed by all three labels (nearly every feature)
                c0, c1, c2 = found
                t0 += c0 * value
                t1 += c1 * value
                t2 += c2 * value
                continue
            found = triples.get(name)
            if found is not None:
                c0, c1, c2 = found
                if c0 is not None:
                    t0 += c0 * value
                if c1 is not None:
                    t1 += c1 * value
                if c2 is not None:
                    t2 += c2 * value
        return t0, t1, t2

    @cached_property
    def _full_triples(self) -> dict[str, tuple[float, float, float]]:
        """The :attr:`_triples` whose three weights are all present."""
        triples = self._triples or {}
        return {name: found for name, found in triples.items() if None not in found}  # type: ignore[misc]

    def centred_score(self, features: Mapping[str, float]) -> float:
        """The score of :func:`classify`: P(positive) - P(negative) - the score offset, in [-1, 1]."""
        if self._triples is None:
            offset = float(self.meta.get("score_offset", 0.0))
            probs = self.probabilities(features)
            score = probs.get("positive", 0.0) - probs.get("negative", 0.0) - offset
            return max(-1.0, min(1.0, score))
        return self._centred(*self._logits3(features))

    def centred_scores(self, features: Sequence[Mapping[str, float]]) -> list[float]:
        """:meth:`centred_score` of each feature dict, the same values, the logits of all of them
        summed together by numpy (for a three-label model; else one by one).

        Each logit is the same sequential sum as :meth:`_logits3`: the bias, then each feature's
        weight times its value in the dict's order (``numpy.add.accumulate`` along a row adds in
        order; a feature without a weight adds 0.0, which changes no sum).
        """
        if self._triples is None or not features:
            return [self.centred_score(f) for f in features]
        import numpy

        columns, weights = self._weight_matrix
        lengths = [len(f) for f in features]
        count = sum(lengths)
        # row k: the bias column, then the k-th dict's features in order, then 0.0 padding
        rows = numpy.repeat(numpy.arange(len(features)), lengths)
        starts = numpy.repeat(numpy.cumsum([0, *lengths[:-1]]), lengths)
        cols = numpy.arange(count) - starts + 1
        ids = numpy.zeros((len(features), max(lengths) + 1), dtype=numpy.intp)
        values = numpy.zeros(ids.shape)
        get = columns.get
        ids[rows, cols] = numpy.fromiter(
            chain.from_iterable(map(get, f, repeat(0)) for f in features), dtype=numpy.intp, count=count
        )
        values[rows, cols] = numpy.fromiter(
            chain.from_iterable(f.values() for f in features), dtype=numpy.float64, count=count
        )
        logits = []
        for row, label in enumerate(self.labels):
            terms = weights[row][ids] * values
            terms[:, 0] = self.bias.get(label, 0.0)
            logits.append(numpy.add.accumulate(terms, axis=1)[:, -1].tolist())
        return [self._centred(t0, t1, t2) for t0, t1, t2 in zip(*logits, strict=True)]

    @cached_property
    def _weight_matrix(self) -> tuple[dict[str, int], Any]:
        """``(feature -> column, weights)`` for :meth:`centred_scores`: one row of weights per label,
        column 0 and every missing weight 0.0."""
        import numpy

        triples = self._triples or {}
        columns = {name: k for k, name in enumerate(triples, start=1)}
        weights = numpy.zeros((3, len(columns) + 1))
        for name, found in triples.items():
            for label, coef in enumerate(found):
                if coef is not None:
                    weights[label, columns[name]] = coef
        return columns, weights

    def _centred(self, t0: float, t1: float, t2: float) -> float:
        """The centred score of a three-label model's logits."""
        top = max(t0, t1, t2)
        e0, e1, e2 = math.exp(t0 - top), math.exp(t1 - top), math.exp(t2 - top)
        norm = sum((e0, e1, e2))  # as sum(exps.values()) (Python 3.12 sums floats with compensation)
        probs = (e0 / norm, e1 / norm, e2 / norm)
        positive, negative = self._pos_neg
        offset = float(self.meta.get("score_offset", 0.0))
        score = (probs[positive] if positive >= 0 else 0.0) - (probs[negative] if negative >= 0 else 0.0) - offset
        return max(-1.0, min(1.0, score))

    @cached_property
    def _pos_neg(self) -> tuple[int, int]:
        """Indices of the ``positive`` and ``negative`` labels (-1 when absent)."""
        labels = list(self.labels)
        return (
            labels.index("positive") if "positive" in labels else -1,
            labels.index("negative") if "negative" in labels else -1,
        )

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        if self._triples is not None:
            return self._normalise(dict(zip(self.labels, self._logits3(features), strict=True)))
        logits = {}
        scale = self.scale
        items = features.items()
        for label in self.labels:
            get = self.weights[label].get
            total = self.bias.get(label, 0.0)
            if scale:
                for name, value in items:
                    coef = get(name)
                    if coef is not None:
                        total += coef * value / scale.get(name, 1.0)
            else:  # no scaling: x / 1.0 == x exactly
                for name, value in items:
                    coef = get(name)
                    if coef is not None:
                        total += coef * value
            logits[label] = total
        return self._normalise(logits)

    @staticmethod
    def _normalise(logits: dict[str, float]) -> dict[str, float]:
        top = max(logits.values())
        exps = {k: math.exp(v - top) for k, v in logits.items()}
        norm = sum(exps.values())
        return {k: v / norm for k, v in exps.items()}


@lru_cache(maxsize=1)
def shipped_model() -> LinearModel | None:
    """The model shipped in ``framing/data/actor_sentiment`` (None when absent)."""
    try:
        ref = resources.files("framing").joinpath("data", "actor_sentiment", MODEL_FILE)
        if not ref.is_file():
            return None
        data = json.loads(ref.read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, json.JSONDecodeError):
        return None
    return model_from_dict(data)


def model_from_dict(data: Mapping[str, Any]) -> LinearModel:
    return LinearModel(
        labels=tuple(data["labels"]),
        weights={k: dict(v) for k, v in data["weights"].items()},
        bias=dict(data["bias"]),
        scale=dict(data.get("scale", {})),
        meta=dict(data.get("meta", {})),
    )


def rule_score(analysis: TargetAnalysis) -> float:
    """The transparent fallback: relation-weighted valence through VADER's normalisation."""
    total = 0.0
    for cue in analysis.cues:
        total += cue.contribution * RULE_WEIGHTS[cue.relation.split("_")[0]]
    return total / math.sqrt(total * total + 15.0)


def classify(analysis: TargetAnalysis, model: LinearModel | None = None, use_model: bool = True) -> tuple[str, float]:
    """``(label, score)`` for one analysed target; score in [-1, 1].

    With the model the score is P(positive) - P(negative), centred so that the neutral targets
    of the training data average 0 (news text leans negative: without centring every neutral
    mention would score about -0.2).
    """
    model = (model or shipped_model()) if use_model else None
    if model is None:
        score = rule_score(analysis)
        if score >= RULE_THRESHOLD:
            return "positive", score
        if score <= -RULE_THRESHOLD:
            return "negative", score
        return "neutral", score
    probs = model.probabilities(analysis.features)
    label = max(probs, key=probs.__getitem__)
    score = probs.get("positive", 0.0) - probs.get("negative", 0.0) - float(model.meta.get("score_offset", 0.0))
    return label, max(-1.0, min(1.0, score))


def target_score(analysis: TargetAnalysis, model: LinearModel | None = None, use_model: bool = True) -> float:
    """The score of :func:`classify` (without the label)."""
    model = (model or shipped_model()) if use_model else None
    if model is None:
        return rule_score(analysis)
    return model.centred_score(analysis.features)


def target_scores(
    analyses: Sequence[TargetAnalysis], model: LinearModel | None = None, use_model: bool = True
) -> list[float]:
    """:func:`target_score` of each analysis (the model's logits summed for all of them at once)."""
    model = (model or shipped_model()) if use_model else None
    if model is None:
        return [rule_score(analysis) for analysis in analyses]
    return model.centred_scores([analysis.features for analysis in analyses])


def voices_for(doc: Doc) -> list[str]:
    """``"author"``/``"quote"`` per token of a Doc (from :mod:`framing.quotes`)."""
    from framing.analyzers.doc_table import doc_table
    from framing.quotes import QuoteIndex

    table = doc_table(doc)
    index = QuoteIndex.of(table.doc_text)
    regions = index.regions
    if any(a.end > b.start for a, b in pairwise(regions)):  # not in order: ask for each token
        voice = index.voice
        return [voice(start, end) for start, end in zip(table.idx, table.end, strict=True)]
    # regions in order, apart: a token is quoted when it starts in a region and ends inside it
    out = ["author"] * table.n
    idx, ends = table.idx, table.end
    for region in regions:
        for i in range(bisect.bisect_left(idx, region.start), bisect.bisect_left(idx, region.end)):
            if ends[i] <= region.end:
                out[i] = "quote"
    return out


def char_span_tokens(doc: Doc, start_char: int, end_char: int) -> tuple[int, int] | None:
    """Token indices covering a character span (expanded to token boundaries)."""
    span: Span | None = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end
