"""Every ``Doc._`` extension framing sets, declared in one place.

Each built-in component stores one JSON-safe dict under ``doc._.<factory name>``::

    doc._.framing_hedging == {
        "findings": [  # contract findings without the "article"/"analyzer" fields
            {"kind": "hedge", "start": 10, "end": 19, "text": "allegedly",
             "label": "adverb", "score": None, "attrs": {"cue_type": "adverb", ...}},
        ],
        "metrics": {"hedges_per_1k": 4.2, ...},   # headline numbers for articles.csv
        "summary": {...},                          # compact data for corpus comparisons
    }

and the matching spans in ``doc.spans["<factory name>"]`` (label = the finding's label
or kind). Only plain JSON values are stored in ``Doc._`` (never ``Span`` objects), so Docs
survive ``DocBin(store_user_data=True)``, pickling and ``nlp.pipe(n_process=N)``.

This module is imported by every factory module, so it must stay import-light.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: The ``Doc._`` attribute of each built-in per-article analyzer (also its factory name
#: and default span-group key).
ANALYZER_EXTENSIONS = {
    "attribution": "framing_attribution",
    "hedging": "framing_hedging",
    "loaded_terms": "framing_loaded_terms",
    "actor_sentiment": "framing_actor_sentiment",
}


def register_extensions() -> None:
    """Declare the extensions (idempotent; safe to call from any process)."""
    for attr in ANALYZER_EXTENSIONS.values():
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


def ensure_extension(attr: str) -> None:
    """Declare one more ``Doc._`` attribute (for third-party analyzers following the convention)."""
    if not Doc.has_extension(attr):
        Doc.set_extension(attr, default=None)


register_extensions()
