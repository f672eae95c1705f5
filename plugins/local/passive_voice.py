"""Agentless passives: "mistakes were made", "they were deported" (no by-agent).

A one-file framing plugin, the smallest useful template. Load it with either::

    framing analyze seeds --out out -p plugins/local/passive_voice.py
    framing analyze seeds --out out --plugins-dir plugins/local

Why it matters for framing: a passive with no ``by``-phrase reports an action without
naming who did it ("the men were deported", "mistakes were made"). Comparing how often
outlets leave the agent out, and in which sentences, shows whose actions are kept out of
view. The agent is often named elsewhere in the article, so read the findings in context.

What it writes (analyzer ``passive_voice``):

- one ``agentless_passive`` finding per clause (span = the auxiliary through the participle,
  e.g. ``were quickly deported``), with ``attrs``: ``verb`` (lemma), ``subject`` (the
  patient as written, or null), ``auxiliary`` (``be`` or ``get``), ``impersonal`` (true for
  "it is believed that ..."), ``voice`` (``author`` or ``quote``: the writer's words or a
  quotation);
- metrics in ``articles.csv``: ``passive_voice.agentless``, ``passive_voice.agentless_per_1k``,
  ``passive_voice.with_agent`` and ``passive_voice.agentless_share`` (of all passives).

It needs a dependency parse (any trained English spaCy pipeline); without one it finds
nothing. It reads the parse directly (``extract``), so it adds no spaCy component.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from framing import hookimpl
from framing.models import AnalyzerOutput, AnalyzerSpec, Finding, count_words, per_thousand

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__version__ = "0.1.0"

ANALYZER = "passive_voice"
#: Auxiliaries that mark a passive ("were deported", "got arrested").
PASSIVE_AUXILIARIES = {"be", "get"}


def passive_clauses(doc: Doc) -> list[dict[str, Any]]:
    """Every passive clause in ``doc``: a participle with a passive auxiliary child.

    Returns one dict per clause: ``start``/``end`` (character offsets of the auxiliary
    through the participle), ``verb`` (lemma), ``auxiliary``, ``subject`` (text or None),
    ``agent`` (the by-phrase text or None) and ``impersonal``.
    """
    clauses = []
    for verb in doc:
        auxpass = [child for child in verb.children if child.dep_ == "auxpass"]
        if not auxpass or verb.tag_ != "VBN":
            continue
        auxiliary = auxpass[-1]
        if auxiliary.lemma_.lower() not in PASSIVE_AUXILIARIES:
            continue
        # the verb group: aux/auxpass/neg/adverbs between the first auxiliary and the verb
        group = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
        first = min(group, key=lambda t: t.i)
        agent = next((child for child in verb.children if child.dep_ == "agent"), None)
        subject = next((child for child in verb.children if child.dep_ == "nsubjpass"), None)
        clauses.append(
            {
                "start": first.idx,
                "end": verb.idx + len(verb.text),
                "verb": verb.lemma_.lower(),
                "auxiliary": auxiliary.lemma_.lower(),
                "subject": _phrase(subject) if subject is not None else None,
                "agent": _phrase(agent) if agent is not None else None,
                "impersonal": bool(
                    subject is not None and subject.lower_ == "it" and any(c.dep_ == "ccomp" for c in verb.children)
                ),
            }
        )
    return clauses


def _phrase(token: Token) -> str:
    """The text of ``token``'s subtree (the whole noun phrase or by-phrase)."""
    subtree = list(token.subtree)
    return token.doc.text[subtree[0].idx : subtree[-1].idx + len(subtree[-1].text)]


def extract(doc: Doc) -> AnalyzerOutput:
    """The analyzer: agentless passives in ``doc`` as findings, with headline metrics."""
    if not doc.has_annotation("DEP"):
        return AnalyzerOutput(metrics={"agentless": 0, "agentless_per_1k": 0.0, "with_agent": 0})
    from framing.quotes import QuoteIndex  # imported here: keep the module import-light

    quotes = QuoteIndex.of(doc.text)
    clauses = passive_clauses(doc)
    findings = [
        Finding(
            article="",  # filled in by the engine
            analyzer=ANALYZER,
            kind="agentless_passive",
            start=clause["start"],
            end=clause["end"],
            text=doc.text[clause["start"] : clause["end"]],
            label="impersonal" if clause["impersonal"] else "agentless",
            attrs={
                "verb": clause["verb"],
                "subject": clause["subject"],
                "auxiliary": clause["auxiliary"],
                "impersonal": clause["impersonal"],
                "voice": quotes.voice(clause["start"], clause["end"]),
            },
        )
        for clause in clauses
        if clause["agent"] is None
    ]
    words = count_words(doc.text)
    with_agent = len(clauses) - len(findings)
    return AnalyzerOutput(
        findings=findings,
        metrics={
            "agentless": len(findings),
            "agentless_per_1k": per_thousand(len(findings), words),
            "with_agent": with_agent,
            "agentless_share": round(len(findings) / len(clauses), 3) if clauses else None,
        },
    )


@hookimpl
def framing_register_analyzers(register):
    register(
        AnalyzerSpec(
            name=ANALYZER,
            extract=extract,
            description="Agentless passives ('mistakes were made'): actions reported without naming who acted",
        )
    )
