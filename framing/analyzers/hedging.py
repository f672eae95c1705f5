"""Hedging analyzer: what is asserted, hedged, boosted or distanced.

The spaCy component ``framing_hedging`` marks, in context:

- hedges (epistemic modals, epistemic verbs, adverbs such as "reportedly", distancing
  adjectives such as "alleged", approximators on quantities, conditionals, attribution
  distancing such as "according to" or "X claimed", and negated evidence: "no evidence");
- boosters ("clearly", "undoubtedly", "in fact", "proven", "it is clear that").

The algorithm (pure functions) is in :mod:`framing.analyzers.hedging_rules`, the word lists
in :mod:`framing.analyzers.hedging_lexicon` and ``framing/data/hedging/``.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, List  # noqa: UP035 - spaCy validates configs from these hints

from spacy.language import Language
from spacy.tokens import Doc

from framing.analyzers.base import check_annotations, finding_dict, store_result
from framing.analyzers.doc_table import doc_table
from framing.analyzers.hedging_lexicon import Lexicon
from framing.analyzers.hedging_rules import (
    BOOSTER_TYPES,
    DISTANCING_VERBS,
    HEDGE_TYPES,
    OPTIONAL_CUE_TYPES,
    Cue,
    describe_people,
    find_cues,
)
from framing.hookspecs import hookimpl
from framing.models import AnalyzerSpec, count_words, per_thousand
from framing.quotes import QuoteIndex

NAME = "framing_hedging"
#: Reporting verbs that hand a claim to its speaker without the writer vouching for it. A
#: quote found by the attribution analyzer with one of these cues (or "according to") is a
#: hedge even when the parse rules missed it. Other verbs of the attribution analyzer's
#: "distancing" class (mock, boast, laugh) judge the speaker, not the claim's truth: they are
#: linked (``verb_class``) but not counted as hedges.
CLAIM_VERBS = DISTANCING_VERBS | {"maintain", "assert", "profess", "according to"}


@Language.factory(
    NAME,
    assigns=[f"doc._.{NAME}", "doc.spans"],
    requires=["token.dep", "token.lemma", "token.tag"],
    default_config={
        "spans_key": NAME,
        "extra_lexicons": [],
        "extra_cue_types": [],
        "use_attribution": True,
        "descriptions": True,
    },
)
def make_hedging(
    nlp: Language,
    name: str,
    spans_key: str,
    extra_lexicons: List[str],  # noqa: UP006
    extra_cue_types: List[str],  # noqa: UP006
    use_attribution: bool,
    descriptions: bool,
) -> HedgingComponent:
    """Create the hedging component.

    Sets ``doc._.framing_hedging = {"findings", "metrics", "summary"}`` and
    ``doc.spans[spans_key]`` (one span per cue, labelled with its cue type).

    Args:
        spans_key: the span-group key.
        extra_lexicons: paths of user lexicon files (``term<TAB>kind<TAB>cue_type`` lines).
        extra_cue_types: optional cue types to report too: ``root_modal`` ("can", "must",
            ability "could not") and ``disjunction`` ("or", "either"), which
            speculation-annotation schemes count.
        use_attribution: link attribution-distancing cues to ``doc._.framing_attribution``.
        descriptions: compute the per-actor hedged/asserted description view.
    """
    return HedgingComponent(
        nlp,
        name,
        spans_key=spans_key,
        extra_lexicons=extra_lexicons,
        extra_cue_types=extra_cue_types,
        use_attribution=use_attribution,
        descriptions=descriptions,
    )


class HedgingComponent:
    """Marks hedges and boosters on a Doc (see :func:`make_hedging`)."""

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = NAME,
        *,
        spans_key: str = NAME,
        extra_lexicons: Iterable[str] = (),
        extra_cue_types: Iterable[str] = (),
        use_attribution: bool = True,
        descriptions: bool = True,
    ):
        unknown = sorted(set(extra_cue_types) - set(OPTIONAL_CUE_TYPES))
        if unknown:
            raise ValueError(f"{name}: unknown extra_cue_types {unknown}; choose from {list(OPTIONAL_CUE_TYPES)}")
        if not spans_key:
            raise ValueError(f"{name}: spans_key must be a non-empty string")
        self.name = name
        self.spans_key = spans_key
        self.extra_lexicons = [str(p) for p in extra_lexicons]
        self.extra_cue_types = list(extra_cue_types)
        self.use_attribution = use_attribution
        self.descriptions = descriptions
        self._pending_error: Exception | None = None
        self.lexicon = Lexicon.default()
        for path in self.extra_lexicons:
            try:
                self.lexicon.add_file(path)
            except FileNotFoundError as exc:
                # spacy.load() builds the component before from_disk() restores the saved
                # lexicon, so a path that only existed on another machine must not fail here.
                self._pending_error = exc
                warnings.warn(str(exc), UserWarning, stacklevel=2)
        self._index = self.lexicon.index()

    # ------------------------------------------------------------------ processing
    def __call__(self, doc: Doc) -> Doc:
        if self._pending_error is not None:
            raise self._pending_error
        check_annotations(doc, self.name, ("DEP", "TAG", "LEMMA"))
        attribution = (
            doc._.get("framing_attribution")
            if self.use_attribution and Doc.has_extension("framing_attribution")
            else None
        )
        result = analyze(
            doc,
            self.lexicon,
            extra_cue_types=self.extra_cue_types,
            attribution=attribution,
            descriptions=self.descriptions,
            index=self._index,
        )
        store_result(doc, NAME, result["findings"], result["metrics"], result["summary"], spans_key=self.spans_key)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # ------------------------------------------------------------------ serialization
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lexicon.json").write_text(self.lexicon.to_json(), encoding="utf-8")
        settings = {"extra_cue_types": self.extra_cue_types, "extra_lexicons": self.extra_lexicons}
        (path / "settings.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> HedgingComponent:
        path = Path(path)
        lexicon_file = path / "lexicon.json"
        if lexicon_file.is_file():
            self.lexicon = Lexicon.from_json(lexicon_file.read_text(encoding="utf-8"))
            self._index = self.lexicon.index()
            self._pending_error = None  # the saved lexicon already holds the extra files
        return self


# ---------------------------------------------------------------------------------------
# The analysis as a plain function (the component is a thin wrapper)
# ---------------------------------------------------------------------------------------


def analyze(
    doc: Doc,
    lexicon: Lexicon,
    extra_cue_types: Iterable[str] = (),
    attribution: dict | None = None,
    descriptions: bool = True,
    index: dict | None = None,
) -> dict[str, Any]:
    """Findings, metrics and summary for one Doc (what the component stores)."""
    cues = find_cues(doc, lexicon, extra_cue_types, index=index)
    table = doc_table(doc)
    text = table.doc_text
    quotes = QuoteIndex.of(text)
    findings = [cue_finding(doc, cue, quotes, text) for cue in cues]
    if attribution:
        findings = link_attribution(doc, findings, attribution, quotes, text)
    findings.sort(key=lambda f: (f["start"], f["end"]))
    records = describe_people(doc, lexicon, cues) if descriptions else []
    for record in records:
        record["voice"] = quotes.voice(record["start"], record["end"])
    return {
        "findings": findings,
        "metrics": compute_metrics(text, findings, records, words=table.word_count),
        "summary": summarize(findings, records),
    }


def cue_finding(doc: Doc, cue: Cue, quotes: QuoteIndex, text: str | None = None) -> dict[str, Any]:
    """A contract finding for one cue (span = the cue). ``text``: ``doc.text`` if at hand."""
    table = doc_table(doc)
    if text is None:
        text = table.doc_text
    start, end = table.idx[cue.start], table.end[cue.end - 1]
    attrs: dict[str, Any] = {
        "cue_type": cue.cue_type,
        "cue": cue.term,
        "negated": cue.negated,
        "voice": quotes.voice(start, end),
    }
    if cue.reading:
        attrs["reading"] = cue.reading
    if cue.scope:
        s_start, s_end = table.idx[cue.scope[0]], table.end[cue.scope[1] - 1]
        attrs.update(scope=text[s_start:s_end], scope_start=s_start, scope_end=s_end)
    else:
        attrs.update(scope=None, scope_start=None, scope_end=None)
    return finding_dict(cue.kind, start, end, text[start:end], cue.cue_type, None, **attrs)


def link_attribution(
    doc: Doc, findings: list[dict[str, Any]], attribution: dict, quotes: QuoteIndex, text: str | None = None
) -> list[dict[str, Any]]:
    """Link cues to the attribution analyzer's quotes; add distancing reports it found.

    Every cue inside a quote's span gets ``quote_speaker``; an attribution-distancing cue that
    is the quote's reporting verb (or "according to") gets ``quote_speaker``, ``quote_start``,
    ``quote_end`` and ``verb_class``. A quote whose reporting verb hands the claim to its
    speaker ("claimed", "alleged", "according to"; :data:`CLAIM_VERBS`) and whose cue the
    rules did not find is added as a hedge (``attrs.source = "attribution"``).
    """
    if text is None:
        text = doc.text
    stored = [f for f in attribution.get("findings", []) if f.get("kind") == "quote"]
    covered = {(f["start"], f["end"]) for f in findings}
    for finding in findings:
        linked = _cue_quote(finding, stored)
        if linked is not None:
            a = linked.get("attrs") or {}
            finding["attrs"].update(
                quote_speaker=a.get("speaker"),
                quote_start=linked.get("start"),
                quote_end=linked.get("end"),
                verb_class=a.get("verb_class"),
            )
        if finding["attrs"].get("quote_speaker") is None:
            # a cue inside attributed content: whose claim is being hedged
            for quote in stored:
                speaker = (quote.get("attrs") or {}).get("speaker")
                start, end = quote.get("start"), quote.get("end")
                if speaker and start is not None and start <= finding["start"] and finding["end"] <= end:
                    finding["attrs"]["quote_speaker"] = speaker
                    break
    for quote in stored:
        a = quote.get("attrs") or {}
        cue_start, cue_end = a.get("cue_start"), a.get("cue_end")
        lemma = str(a.get("cue") or "").lower()
        if lemma not in CLAIM_VERBS or cue_start is None or cue_end is None or cue_end <= cue_start:
            continue
        if any(f["start"] < cue_end and cue_start < f["end"] for f in findings) or (cue_start, cue_end) in covered:
            continue
        findings.append(
            finding_dict(
                "hedge",
                cue_start,
                cue_end,
                text[cue_start:cue_end],
                "attribution_distancing",
                None,
                cue_type="attribution_distancing",
                cue=lemma,
                negated=False,
                voice=quotes.voice(cue_start, cue_end),
                scope=text[quote["start"] : quote["end"]] if quote.get("start") is not None else None,
                scope_start=quote.get("start"),
                scope_end=quote.get("end"),
                quote_speaker=a.get("speaker"),
                quote_start=quote.get("start"),
                quote_end=quote.get("end"),
                verb_class=a.get("verb_class"),
                source="attribution",
            )
        )
    return findings


def _cue_quote(finding: dict[str, Any], quotes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The quote whose reporting cue is this finding (or, for "according to"/"claimed", is next to it)."""
    for quote in quotes:
        a = quote.get("attrs") or {}
        cue_start, cue_end = a.get("cue_start"), a.get("cue_end")
        if (
            cue_start is not None
            and cue_end is not None
            and cue_start <= finding["start"] < max(cue_end, cue_start + 1)
        ):
            return quote
    if finding["attrs"]["cue_type"] == "attribution_distancing":
        for quote in quotes:
            if _near(finding, quote):
                return quote
    return None


def _near(finding: dict[str, Any], quote: dict[str, Any], window: int = 200) -> bool:
    """An "according to"/"claimed" cue next to (or inside the sentence of) a quote."""
    if quote.get("start") is None:
        return False
    a = quote.get("attrs") or {}
    lo = min(x for x in (quote["start"], a.get("speaker_start"), a.get("cue_start")) if x is not None)
    hi = max(x for x in (quote["end"], a.get("speaker_end"), a.get("cue_end")) if x is not None)
    return lo - window // 4 <= finding["start"] <= hi + 2 and (hi - lo) < 5 * window


def compute_metrics(
    text: str, findings: list[dict[str, Any]], records: list[dict[str, Any]], words: int | None = None
) -> dict[str, Any]:
    """Headline numbers for articles.csv; ``words``: ``count_words(text)`` when already known."""
    if words is None:
        words = count_words(text)
    hedges = [f for f in findings if f["kind"] == "hedge"]
    boosters = [f for f in findings if f["kind"] == "booster"]
    metrics: dict[str, Any] = {
        "hedges": len(hedges),
        "boosters": len(boosters),
        "hedges_per_1k": per_thousand(len(hedges), words),
        "boosters_per_1k": per_thousand(len(boosters), words),
        "hedges_author_share": _share(hedges),
        "boosters_author_share": _share(boosters),
    }
    hedge_types = Counter(f["attrs"]["cue_type"] for f in hedges)
    booster_types = Counter(f["attrs"]["cue_type"] for f in boosters)
    for cue_type in sorted(set(HEDGE_TYPES) | set(hedge_types)):
        metrics[f"hedges_{cue_type}"] = hedge_types.get(cue_type, 0)
    for cue_type in sorted(set(BOOSTER_TYPES) | set(booster_types)):
        metrics[f"boosters_{cue_type}"] = booster_types.get(cue_type, 0)
    metrics["descriptions_hedged"] = sum(1 for r in records if r["hedged"])
    metrics["descriptions_asserted"] = sum(1 for r in records if not r["hedged"])
    return metrics


def _share(findings: list[dict[str, Any]]) -> float | None:
    if not findings:
        return None
    return round(sum(1 for f in findings if f["attrs"].get("voice") == "author") / len(findings), 4)


def summarize(findings: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Compact per-article data for the report and comparisons."""
    by_type: Counter[str] = Counter(f"{f['kind']}:{f['attrs']['cue_type']}" for f in findings)
    by_voice: Counter[str] = Counter(f"{f['kind']}:{f['attrs'].get('voice')}" for f in findings)
    cues: Counter[str] = Counter(f"{f['kind']}:{f['text'].lower()}" for f in findings)
    return {
        "counts_by_type": dict(sorted(by_type.items())),
        "counts_by_voice": dict(sorted(by_voice.items())),
        "top_cues": [
            {"kind": k.split(":", 1)[0], "cue": k.split(":", 1)[1], "count": n} for k, n in cues.most_common(15)
        ],
        "descriptions": records,
    }


# ---------------------------------------------------------------------------------------
# Plugin registration
# ---------------------------------------------------------------------------------------


@hookimpl
def framing_register_analyzers(register: Callable[[AnalyzerSpec], None]) -> None:
    register(
        AnalyzerSpec(
            name="hedging",
            factory=NAME,
            after=("attribution",),
            description="hedges (may, reportedly, alleged, about 200, according to) and boosters (clearly, in fact)",
        )
    )
