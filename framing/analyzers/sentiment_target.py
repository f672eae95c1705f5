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

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
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
    the Doc must not be modified meanwhile."""

    def __init__(self, doc: Doc) -> None:
        lexicon, _negate, boosters = vader_resources()
        self.doc = doc
        self.has_parse = doc.has_annotation("DEP")
        self._boosters = boosters
        head: list[int] = []
        text_ws: list[str] = []
        text: list[str] = []
        lemma: list[str] = []
        dep: list[str] = []
        pos: list[str] = []
        punct_space: list[bool] = []
        stop: list[bool] = []
        alpha: list[bool] = []
        newline: list[bool] = []
        val: list[float] = []
        for tok in doc:
            head.append(tok.head.i)
            tws = tok.text_with_ws
            text_ws.append(tws)
            text.append(tok.text)
            low_lemma = tok.lemma_.lower()
            lemma.append(low_lemma)
            dep.append(tok.dep_)
            pos.append(tok.pos_)
            punct_space.append(tok.is_punct or tok.is_space)
            stop.append(tok.is_stop)
            alpha.append(tok.is_alpha)
            newline.append("\n" in tws)
            low = tok.lower_
            val.append(lexicon[low] if low in lexicon else lexicon.get(low_lemma, 0.0))
        self.head, self.text_ws, self.text, self.lemma, self.dep, self.pos = head, text_ws, text, lemma, dep, pos
        self.punct_space, self.stop, self.alpha, self.newline, self.valence = punct_space, stop, alpha, newline, val
        self._sent_of: list[tuple[int, int]] | None = None
        self._roots: dict[tuple[int, int], int] = {}
        self._parts: dict[int, tuple[int, int]] = {}
        self._chains: dict[int, dict[int, int]] = {}
        self._negated: dict[int, bool] = {}
        self._boosts: dict[int, list[float]] = {}

    def root(self, start: int, end: int) -> int:
        """Index of ``doc[start:end].root``."""
        key = (start, end)
        r = self._roots.get(key)
        if r is None:
            r = self._roots[key] = self.doc[start:end].root.i
        return r

    def sent(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence of token ``i`` (as ``doc[i].sent``)."""
        if self._sent_of is None:
            sent_of: list[tuple[int, int]] = []
            for sent in self.doc.sents:
                bounds = (sent.start, sent.end)
                sent_of.extend([bounds] * (sent.end - sent.start))
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

    def negated(self, i: int) -> bool:
        value = self._negated.get(i)
        if value is None:
            value = self._negated[i] = is_negated(self.doc[i])
        return value

    def boosts(self, i: int) -> list[float]:
        values = self._boosts.get(i)
        if values is None:
            boosters = self._boosters
            values = []
            for child in self.doc[i].children:
                boost = boosters.get(child.lower_)
                if boost:
                    values.append(boost)
            self._boosts[i] = values
        return values


@lru_cache(maxsize=8192)
def _polarity(text: str) -> tuple[float, float, float]:
    scores = _analyzer().polarity_scores(text)
    return scores["pos"], scores["neg"], scores["compound"]


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
    r = index.root(start, end)
    sent_start, sent_end = index.sent(r)
    role = target_role(doc[r])
    feats: dict[str, float] = {}
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

    def add(name: str, value: float) -> None:
        feats[name] = feats.get(name, 0.0) + value

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
            # tree_path(root, tok): distance and lowest common ancestor
            j, k = i, 0
            while True:
                d = root_chain.get(j)
                if d is not None:
                    dist, lca = d + k, j
                    break
                h = head[j]
                if h == j:
                    dist, lca = abs(r - i) + 4, r  # different trees (bad sentence split): far
                    break
                j = h
                k += 1
            if lca == r:
                relation = "mod"
            elif lca == i:
                relation = f"gov_{role}"
            elif dist <= 4:
                relation = f"sib_{role}"
            else:
                relation = "far"
        else:
            dist = max(1, min(abs(i - start), abs(i - (end - 1))))
            relation = "mod" if dist <= 2 else "far"
        negated = has_parse and (val != 0.0 or dist <= 3) and index.negated(i)
        if not stop[i] and alpha[i]:
            if dist <= 3:
                key = ("not_" if negated else "") + lemma[i]
                add(f"w:{key}", 1.0 / dist)
                add(f"r:{relation.split('_')[0]}:{key}", 1.0)
                if dist == 1:
                    add(f"d:{dep[i] if head[i] == r else 'head_' + dep[r]}:{key}", 1.0)
            else:
                add(f"s:{lemma[i]}", 0.5)
        if val == 0.0:
            continue
        if negated:
            val *= -0.74
            add("neg_cues", 1.0)
        for boost in index.boosts(i):
            val += math.copysign(abs(boost), val) * (1.0 if boost > 0 else -1.0)
        weight = (
            1.0 / max(dist - (1 if relation.startswith("sib") and pos[lca] == "AUX" else 0), 1)
            if has_parse
            else 1.0 / dist
        )
        voice = quote_voice[i] if quote_voice is not None else "author"
        cues.append(Cue(i, index.text[i], val, relation, dist, weight, voice))
        group = relation.split("_")[0]
        sign = "pos" if val > 0 else "neg"
        add(f"{relation}_{sign}", abs(val) * weight)
        add(f"{group}_{sign}", abs(val) * weight)
        add(f"{group}_{sign}_n", 1.0)
        add(f"all_{sign}", abs(val) * weight)
        if voice == "quote":
            add(f"quote_{sign}", abs(val) * weight)
    feats["sent_pos"], feats["sent_neg"], feats["sent_compound"] = _polarity("".join(kept))
    feats["role_" + role] = 1.0
    feats["tdep:" + dep[r]] = 1.0  # the target's syntax
    if head[r] != r:
        feats["th:" + lemma[head[r]]] = 1.0
    feats["target_is_pron"] = 1.0 if pos[r] == "PRON" else 0.0
    feats["target_in_quote"] = 1.0 if (quote_voice is not None and quote_voice[r] == "quote") else 0.0
    feats["sent_len"] = min(sent_end - sent_start, 60) / 60.0
    feats["bias"] = 1.0
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

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        logits = {}
        for label in self.labels:
            w = self.weights[label]
            total = self.bias.get(label, 0.0)
            for name, value in features.items():
                coef = w.get(name)
                if coef is not None:
                    total += coef * value / self.scale.get(name, 1.0)
            logits[label] = total
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


def voices_for(doc: Doc) -> list[str]:
    """``"author"``/``"quote"`` per token of a Doc (from :mod:`framing.quotes`)."""
    from framing.quotes import QuoteIndex

    index = QuoteIndex.of(doc.text)
    return [index.voice(t.idx, t.idx + len(t)) for t in doc]


def char_span_tokens(doc: Doc, start_char: int, end_char: int) -> tuple[int, int] | None:
    """Token indices covering a character span (expanded to token boundaries)."""
    span: Span | None = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end
