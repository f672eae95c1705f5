"""Actor sentiment: who the actors of an article are and how the article portrays each of them.

The spaCy component ``framing_actor_sentiment`` finds the actors (people, organisations,
countries/governments and groups, see :mod:`framing.analyzers.actors_extract`), merges their
mentions, and scores the sentiment toward every mention (see
:mod:`framing.analyzers.sentiment_target`), keeping the writer's voice apart from quoted voices.

Public API: :func:`target_sentiments` scores given character spans (``framing.target_sentiments``).

This module imports fast: the lexicons, VADER and the scorer are loaded on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from framing.hookspecs import hookimpl
from framing.models import AnalyzerSpec

if TYPE_CHECKING:  # pragma: no cover
    from framing.analyzers.sentiment_target import Cue, TargetAnalysis

NAME = "actor_sentiment"
FACTORY = "framing_actor_sentiment"
VOICES = ("author", "quote")
#: a mention's role from its root's syntactic role (:func:`~framing.analyzers.sentiment_target.target_role`)
ROLE_NAMES = {"subj": "agent", "obj": "patient"}


def target_sentiments(
    items: Iterable[tuple[str, int, int]],
    nlp: Language | None = None,
    batch_size: int = 64,
    use_model: bool = True,
) -> list[tuple[str, float]]:
    """Sentiment toward given spans: one ``(label, score)`` per ``(text, start_char, end_char)``.

    ``label`` is ``"negative"``, ``"neutral"`` or ``"positive"``; ``score`` lies in [-1, 1].
    Texts are parsed in batches with ``nlp.pipe`` (default: :func:`framing.model.cached_model`);
    the same text given several times (several targets) is parsed once.

    Example::

        >>> framing.target_sentiments([("Rubio praised Bukele.", 14, 20)])
        [('positive', 0.70...)]
    """
    from framing.analyzers.sentiment_target import DocIndex, analyze_target, char_span_tokens, classify, voices_for

    items = list(items)
    if nlp is None:
        from framing.model import cached_model

        nlp = cached_model()
    texts: list[str] = []
    index: dict[str, int] = {}
    for text, start, end in items:
        if not isinstance(text, str):
            raise TypeError("target_sentiments: each item must be (text, start_char, end_char)")
        if not (0 <= start < end <= len(text)):
            raise ValueError(f"target_sentiments: bad span ({start}, {end}) for a text of {len(text)} characters")
        if text not in index:
            index[text] = len(texts)
            texts.append(text)
    disable = [name for name in nlp.pipe_names if name.startswith("framing_")]
    with nlp.select_pipes(disable=disable):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    voices = [voices_for(doc) for doc in docs]
    indexes: list[DocIndex | None] = [None] * len(docs)
    out: list[tuple[str, float]] = []
    for text, start, end in items:
        k = index[text]
        doc = docs[k]
        tokens = char_span_tokens(doc, start, end)
        if tokens is None:
            out.append(("neutral", 0.0))
            continue
        if indexes[k] is None:
            indexes[k] = DocIndex(doc)
        analysis = analyze_target(doc, tokens[0], tokens[1], voices[k], index=indexes[k])
        label, score = classify(analysis, use_model=use_model)
        out.append((label, round(float(score), 4)))
    return out


# ----------------------------------------------------------------------------------------
# the per-article algorithm
# ----------------------------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def analyze_actors(
    doc: Doc,
    lexicon: Any = None,
    min_mentions: int = 1,
    use_model: bool = True,
    evidence_threshold: float = 0.1,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Actors of a parsed Doc: ``(findings, summary_actors, metrics)`` (all JSON-safe)."""
    from framing.analyzers.actors_extract import extract_actors, noun_phrase_bounds
    from framing.analyzers.base import finding_dict
    from framing.analyzers.sentiment_target import (
        DocIndex,
        analyze_target,
        shipped_model,
        target_features_by_voice,
        target_scores,
        voices_for,
    )
    from framing.models import per_thousand

    voices = voices_for(doc)
    actors = extract_actors(doc, lexicon)
    index = DocIndex(doc)
    alpha = index.alpha
    text = index.table.doc_text
    idx, ends = index.table.idx, index.table.end
    findings: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []

    model = shipped_model() if use_model else None
    # only the features the model weighs (the rule scorer reads the cues alone): the same scores
    keep = model.feature_names if model is not None else frozenset()

    def analyzed(start: int, end: int, voice_filters: tuple[str | None, ...]) -> list[TargetAnalysis]:
        if index.has_parse:
            return target_features_by_voice(index, start, end, voices, voice_filters, keep)
        return [analyze_target(doc, start, end, voices, voice_filter=voice, index=index) for voice in voice_filters]

    # per voice, prefix counts of its tokens and of its word tokens: which words a voice filter hides
    in_voice = {voice: [v == voice for v in voices] for voice in VOICES}
    count_all = {voice: [0, *accumulate(flags)] for voice, flags in in_voice.items()}
    count_words_in = {
        voice: [0, *accumulate([f and a for f, a in zip(flags, alpha, strict=True)])]
        for voice, flags in in_voice.items()
    }

    def voice_filters(start: int, end: int, r: int) -> tuple[list[str], set[str]]:
        """For the mention ``doc[start:end]`` (root ``r``): the voices to analyse apart (a filter
        hides some words of the overall analysis) and the silent voices (no word in the sentence
        but the mention's own); a voice in neither has the overall score."""
        sent_start, sent_end = index.sent(r)
        part_start, part_end = index.part(r)
        pending = []
        silent = set()
        for voice in VOICES:
            # words in the other voice are hidden (the target itself stays)
            words = count_words_in[voice]
            lo, hi = max(start, sent_start), min(end, sent_end)
            outside = words[sent_end] - words[sent_start] - (words[hi] - words[lo] if lo < hi else 0)
            tokens = count_all[voice]
            lo, hi = max(start, part_start), min(end, part_end)
            other = (part_end - part_start) - (tokens[part_end] - tokens[part_start])
            other_in_span = ((hi - lo) - (tokens[hi] - tokens[lo])) if lo < hi else 0
            if not outside:
                silent.add(voice)
            elif other != other_in_span:  # (else nothing is hidden: the same words as the overall score)
                pending.append(voice)
        return pending, silent

    # every mention's analyses first (overall, then each pending voice), then all scored at once
    kept_actors = [actor for actor in actors if len(actor.mentions) >= min_mentions]
    plans: dict[tuple[int, int], tuple[int, list[str], set[str], list[TargetAnalysis]]] = {}
    for actor in kept_actors:
        for m in actor.mentions:
            if (m.start, m.end) not in plans:
                root = index.root(m.start, m.end)
                pending, silent = voice_filters(m.start, m.end, root)
                plans[(m.start, m.end)] = (root, pending, silent, analyzed(m.start, m.end, (None, *pending)))
    values = iter(target_scores([a for plan in plans.values() for a in plan[3]], model, use_model=use_model))
    #: per mention: its root, overall score and cues, its scores in the writer's and the quoted voices
    scored: dict[tuple[int, int], tuple[int, float, list[Cue], float | None, float | None]] = {}
    for span, (root, pending, silent, analyses) in plans.items():
        value, *own_values = (round(float(next(values)), 4) for _ in analyses)
        own = dict(zip(pending, own_values, strict=True))
        author, quote = (None if voice in silent else own.get(voice, value) for voice in VOICES)
        scored[span] = (root, value, analyses[0].cues, author, quote)

    for actor in kept_actors:
        mentions = []
        roles = {"agent": 0, "patient": 0, "other": 0}
        by_voice: dict[str, list[float]] = {"author": [], "quote": []}
        overall: list[float] = []
        sent_scores: dict[tuple[int, int], list[float]] = {}
        actor_id = actor.id  # a slug: computed once per actor
        for m in actor.mentions:
            root, value, cues, author_value, quote_value = scored[(m.start, m.end)]
            role = ROLE_NAMES.get(index.role(root), "other")
            roles[role] += 1
            overall.append(value or 0.0)
            if author_value is not None:
                by_voice["author"].append(author_value)
            if quote_value is not None:
                by_voice["quote"].append(quote_value)
            sent_scores.setdefault(index.part(root), []).append(value or 0.0)
            np_start, np_end = noun_phrase_bounds(doc, m, root=root)
            np = text[idx[np_start] : ends[np_end - 1]] if np_end > np_start else ""
            voice = voices[root]
            start_char, end_char = idx[m.start], ends[m.end - 1]
            span_text = text[start_char:end_char]
            record = {
                "start": start_char,
                "end": end_char,
                "text": span_text,
                "np": np,
                "voice": voice,
                "role": role,
                "kind": m.kind,
                "sentiment": value or 0.0,
                "sentiment_author": author_value,
                "sentiment_quote": quote_value,
                "cues": [c.text for c in cues if abs(c.contribution) >= 0.3][:6],
            }
            mentions.append(record)
            findings.append(
                finding_dict(
                    "actor_mention",
                    start_char,
                    end_char,
                    span_text,
                    actor.name,
                    value or 0.0,
                    actor=actor.name,
                    actor_id=actor_id,
                    np=np,
                    voice=voice,
                    role=role,
                    mention_kind=m.kind,
                )
            )
        sentiment = _mean(overall) or 0.0
        evidence_pos, evidence_neg = _evidence(doc, sent_scores, evidence_threshold, index.table)
        attrs = {
            "actor": actor.name,
            "actor_id": actor_id,
            "type": actor.type,
            "mentions": len(actor.mentions),
            "sentiment": sentiment,
            "sentiment_author": _mean(by_voice["author"]),
            "sentiment_quote": _mean(by_voice["quote"]),
            "roles": roles,
            "aliases": actor.aliases,
            "evidence_positive": evidence_pos,
            "evidence_negative": evidence_neg,
        }
        findings.append(finding_dict("actor", None, None, actor.name, actor.type, sentiment, **attrs))
        summary.append(
            {
                "id": actor_id,
                "name": actor.name,
                "type": actor.type,
                "aliases": actor.aliases,
                "mentions": mentions,
                "sentiment_author": attrs["sentiment_author"],
                "sentiment_quote": attrs["sentiment_quote"],
                "sentiment": sentiment,
                "roles": roles,
                "evidence_positive": evidence_pos,
                "evidence_negative": evidence_neg,
            }
        )
    words = index.table.word_count  # count_words(doc.text), once per Doc
    n_mentions = sum(len(a["mentions"]) for a in summary)
    scored = [a["sentiment"] for a in summary]
    metrics = {
        "actors": len(summary),
        "actor_mentions": n_mentions,
        "actor_mentions_per_1k": per_thousand(n_mentions, words),
        "mean_actor_sentiment": _mean(scored) if scored else 0.0,
        "negative_actors": sum(1 for s in scored if s <= -evidence_threshold),
        "positive_actors": sum(1 for s in scored if s >= evidence_threshold),
    }
    return findings, summary, metrics


def _evidence(
    doc: Doc, sent_scores: dict[tuple[int, int], list[float]], threshold: float, table: Any = None
) -> tuple[list[dict], list[dict]]:
    """The most positive and most negative sentences about an actor (up to 2 each)."""
    ranked = sorted(((sum(v) / len(v), bounds) for bounds, v in sent_scores.items()), key=lambda x: x[0])
    if table is None:
        from framing.analyzers.doc_table import doc_table

        table = doc_table(doc)

    def record(bounds: tuple[int, int], value: float) -> dict[str, Any]:
        start, end = bounds  # a paragraph part: never empty (it holds the mention's root)
        start_char = table.idx[start]
        text = table.doc_text[start_char : table.end[end - 1]].rstrip()  # doc[start:end].text.rstrip()
        return {"text": text, "start": start_char, "end": start_char + len(text), "score": round(value, 4)}

    negative = [record(s, v) for v, s in ranked[:2] if v <= -threshold]
    positive = [record(s, v) for v, s in reversed(ranked[-2:]) if v >= threshold]
    return positive, negative


# ----------------------------------------------------------------------------------------
# the spaCy component
# ----------------------------------------------------------------------------------------


class ActorSentimentComponent:
    """Sets ``doc._.framing_actor_sentiment`` (findings ``actor`` and ``actor_mention``, metrics,
    ``summary["actors"]``) and ``doc.spans[spans_key]`` (one span per mention, label = actor)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        spans_key: str,
        extra_lexicons: Sequence[str],
        min_mentions: int,
        use_model: bool,
        evidence_threshold: float,
    ) -> None:
        if min_mentions < 1:
            raise ValueError(f"{name}: min_mentions must be >= 1 (got {min_mentions})")
        if not 0.0 <= evidence_threshold < 1.0:
            raise ValueError(f"{name}: evidence_threshold must be in [0, 1) (got {evidence_threshold})")
        self.name = name
        self.spans_key = spans_key
        self.min_mentions = min_mentions
        self.use_model = use_model
        self.evidence_threshold = evidence_threshold
        self.extra_lexicons = list(extra_lexicons)
        self._extra_data: list[dict[str, Any]] | None = None
        self._lexicon: Any = None

    @property
    def lexicon(self) -> Any:
        if self._lexicon is None:
            from framing.analyzers.actors_extract import ActorLexicon, builtin_lexicon_data, read_lexicon_file

            if self._extra_data is None:
                self._extra_data = [read_lexicon_file(path) for path in self.extra_lexicons]
            self._lexicon = ActorLexicon.from_dicts([builtin_lexicon_data(), *self._extra_data])
        return self._lexicon

    def __call__(self, doc: Doc) -> Doc:
        from framing.analyzers.base import check_annotations, store_result

        missing = check_annotations(doc, self.name, ("DEP", "ENT_IOB", "LEMMA"))
        if "DEP" in missing or "ENT_IOB" in missing:
            store_result(doc, FACTORY, [], {"actors": 0}, {"actors": []}, spans_key=self.spans_key)
            return doc
        findings, actors, metrics = analyze_actors(
            doc, self.lexicon, self.min_mentions, self.use_model, self.evidence_threshold
        )
        store_result(doc, FACTORY, findings, metrics, {"actors": actors}, spans_key=self.spans_key)
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        _ = self.lexicon
        (path / "extra_lexicons.json").write_text(json.dumps(self._extra_data or [], indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ActorSentimentComponent:
        file = Path(path) / "extra_lexicons.json"
        if file.exists():
            self._extra_data = json.loads(file.read_text(encoding="utf-8"))
            self._lexicon = None
        return self


@Language.factory(
    FACTORY,
    assigns=[f"doc._.{FACTORY}", "doc.spans"],
    requires=["token.dep", "token.lemma", "doc.ents"],
    default_config={
        "spans_key": FACTORY,
        "extra_lexicons": [],
        "min_mentions": 1,
        "use_model": True,
        "evidence_threshold": 0.1,
    },
)
def make_actor_sentiment(
    nlp: Language,
    name: str,
    spans_key: str,
    extra_lexicons: list[str],
    min_mentions: int,
    use_model: bool,
    evidence_threshold: float,
) -> ActorSentimentComponent:
    """The actor-sentiment component.

    Sets ``doc._.framing_actor_sentiment = {"findings", "metrics", "summary": {"actors": [...]}}``
    and ``doc.spans[spans_key]`` (actor mentions). ``extra_lexicons``: paths of JSON files laid
    out like ``framing/data/actor_sentiment/actors.json`` (more titles, groups, countries);
    ``use_model``: score with the shipped NewsMTSC-trained weights (else the rule scorer).
    """
    return ActorSentimentComponent(
        nlp,
        name,
        spans_key=spans_key,
        extra_lexicons=extra_lexicons,
        min_mentions=min_mentions,
        use_model=use_model,
        evidence_threshold=evidence_threshold,
    )


@hookimpl
def framing_register_analyzers(register):
    register(
        AnalyzerSpec(
            name=NAME,
            factory=FACTORY,
            after=("attribution",),
            description="Actors (people, organisations, countries, groups), merged, with the sentiment toward each.",
        )
    )
