"""Helpers shared by the per-article components: storing results on the Doc, reading them back.

A component builds a list of finding dicts and calls :func:`store_result`; the engine (and
users, via :func:`framing.doc_findings`) read them back with :func:`output_from_doc`.
Kept import-light: spaCy imports factory modules whenever any pipeline is built.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from spacy.tokens import Doc, Span

from framing.extensions import ensure_extension
from framing.models import AnalyzerOutput, Finding


def finding_dict(
    kind: str,
    start: int | None,
    end: int | None,
    text: str,
    label: str | None = None,
    score: float | None = None,
    **attrs: Any,
) -> dict[str, Any]:
    """A finding as stored on the Doc (the contract fields minus article/analyzer)."""
    return {
        "kind": kind,
        "start": start,
        "end": end,
        "text": text,
        "label": label,
        "score": None if score is None else float(score),
        "attrs": attrs,
    }


def span_finding(
    kind: str, span: Span, label: str | None = None, score: float | None = None, **attrs: Any
) -> dict[str, Any]:
    """A finding dict for a spaCy span (offsets and text taken from the span)."""
    return finding_dict(kind, span.start_char, span.end_char, span.text, label, score, **attrs)


def store_result(
    doc: Doc,
    attr: str,
    findings: Iterable[Mapping[str, Any]],
    metrics: Mapping[str, Any] | None = None,
    summary: Mapping[str, Any] | None = None,
    spans_key: str | None = None,
) -> None:
    """Store a component's results on the Doc.

    Sets ``doc._.<attr>`` to ``{"findings", "metrics", "summary"}`` and fills
    ``doc.spans[spans_key or attr]`` with one span per span finding (label = the finding's
    label, else its kind). Findings whose offsets do not fall on token boundaries are kept
    in ``doc._`` and simply have no span in the group.
    """
    ensure_extension(attr)
    findings = [dict(f) for f in findings]
    spans = []
    for item in findings:
        start, end = item.get("start"), item.get("end")
        if start is None or end is None:
            continue
        span = doc.char_span(start, end, label=item.get("label") or item["kind"], alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[spans_key or attr] = spans
    doc._.set(attr, {"findings": findings, "metrics": dict(metrics or {}), "summary": dict(summary or {})})


def output_from_doc(doc: Doc, attr: str, analyzer: str, article_id: str = "") -> AnalyzerOutput:
    """Read what :func:`store_result` stored back as an :class:`AnalyzerOutput`."""
    if not Doc.has_extension(attr):
        return AnalyzerOutput()
    stored = doc._.get(attr)
    if not stored:
        return AnalyzerOutput()
    findings = [
        Finding.from_dict({**item, "article": article_id, "analyzer": analyzer}) for item in stored.get("findings", [])
    ]
    return AnalyzerOutput(
        findings=findings,
        metrics=dict(stored.get("metrics") or {}),
        summary=dict(stored.get("summary") or {}),
    )


def check_annotations(doc: Doc, component: str, need: Iterable[str]) -> set[str]:
    """Warn once per component when the Doc lacks annotation it needs; return what is missing.

    ``need`` holds spaCy annotation names: ``"DEP"``, ``"ENT_IOB"``, ``"LEMMA"``, ``"TAG"``,
    ``"POS"``, ``"SENT_START"``. Components degrade (skip the parse-based parts) rather than fail.
    """
    missing = set()
    for name in need:
        if name == "SENT_START":
            if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
                missing.add(name)
        elif not doc.has_annotation(name):
            missing.add(name)
    if missing and len(doc) > 0:
        key = (component, tuple(sorted(missing)))
        if key not in _WARNED:
            _WARNED.add(key)
            warnings.warn(
                f"{component}: the pipeline sets no {', '.join(sorted(missing))} annotation; "
                "results will be partial. Add the component after a trained English pipeline "
                "(e.g. spacy.load('en_core_web_sm')).",
                UserWarning,
                stacklevel=3,
            )
    return missing


_WARNED: set[tuple[str, tuple[str, ...]]] = set()
