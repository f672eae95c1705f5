"""From a processed Doc to contract findings: the function the CLI uses, public for spaCy users.

Example::

    import spacy, framing
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("framing_hedging")
    doc = nlp("Officials said the men were allegedly gang members.")
    for finding in framing.doc_findings(doc, article_id="example"):
        print(finding.to_dict())
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc

from framing.analyzers.base import output_from_doc
from framing.extensions import ANALYZER_EXTENSIONS
from framing.models import AnalyzerOutput, AnalyzerSpec, Finding


def analyzer_output(spec: AnalyzerSpec, doc: Doc, article_id: str = "") -> AnalyzerOutput:
    """One analyzer's output for a Doc, with ``article`` and ``analyzer`` filled in."""
    if spec.extract is not None:
        raw = spec.extract(doc)
    else:
        raw = output_from_doc(doc, spec.factory or f"framing_{spec.name}", spec.name, article_id)
    findings = [
        f
        if (f.article == article_id and f.analyzer == spec.name)
        else replace(f, article=article_id, analyzer=spec.name)
        for f in raw.findings
    ]
    return AnalyzerOutput(findings=findings, metrics=raw.metrics, summary=raw.summary)


def doc_findings(doc: Doc, article_id: str = "", analyzers: Iterable[str] | None = None) -> list[Finding]:
    """Contract findings for every framing component that ran on ``doc``.

    Args:
        doc: a Doc processed by one or more ``framing_*`` components.
        article_id: the ``article`` field of each finding.
        analyzers: restrict to these analyzer names (default: all built-ins present).
    """
    wanted = set(analyzers) if analyzers is not None else None
    findings: list[Finding] = []
    for name, attr in ANALYZER_EXTENSIONS.items():
        if wanted is not None and name not in wanted:
            continue
        findings.extend(analyzer_output(AnalyzerSpec(name=name, factory=attr), doc, article_id).findings)
    return sorted(findings, key=Finding.sort_key)
