"""framing: show how news articles frame a story.

Public API (imported lazily, so ``import framing`` stays fast):

- :func:`framing.doc_findings`: contract findings from a Doc processed by framing components.
- :func:`framing.target_sentiments`: sentiment toward given spans of text.
- :data:`framing.hookimpl`: the decorator for plugin hook implementations.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from framing.hookspecs import hookimpl

__all__ = ["__version__", "doc_findings", "hookimpl", "target_sentiments"]


def __getattr__(name: str) -> Any:
    if name == "doc_findings":
        from framing.findings import doc_findings

        return doc_findings
    if name == "target_sentiments":
        from framing.analyzers.actor_sentiment import target_sentiments

        return target_sentiments
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
