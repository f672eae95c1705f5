"""The ``spacy_factories`` entry points, guarded so they can never break spaCy.

spaCy imports every module named under the ``spacy_factories`` entry point group each time
any pipeline is created (even ``spacy.blank("en")``), in every environment where framing is
installed. The entry points therefore point here, and this module imports each analyzer
module inside ``try``: importing an analyzer registers its factory with
``@Language.factory``; if one fails (a broken install, a missing optional dependency), a
warning names it and the others still register. ``nlp.add_pipe`` of the failed one then
raises spaCy's usual "unknown factory" error, preceded by that warning.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

ANALYZER_MODULES = {
    "make_attribution": "framing.analyzers.attribution",
    "make_hedging": "framing.analyzers.hedging",
    "make_loaded_terms": "framing.analyzers.loaded_terms",
    "make_actor_sentiment": "framing.analyzers.actor_sentiment",
}


def _unavailable(attr: str, module: str, error: BaseException) -> Callable[..., Any]:
    def factory(*args: Any, **kwargs: Any) -> Any:
        raise ImportError(f"framing component from {module} is unavailable: {error}")

    factory.__name__ = attr
    return factory


def _import_factory(attr: str, module: str) -> Callable[..., Any]:
    try:
        return getattr(importlib.import_module(module), attr)
    except Exception as exc:  # never let one analyzer break spaCy for everyone
        warnings.warn(
            f"framing: spaCy factory {attr} from {module} not registered: {type(exc).__name__}: {exc}",
            RuntimeWarning,
            stacklevel=2,
        )
        return _unavailable(attr, module, exc)


make_attribution = _import_factory("make_attribution", ANALYZER_MODULES["make_attribution"])
make_hedging = _import_factory("make_hedging", ANALYZER_MODULES["make_hedging"])
make_loaded_terms = _import_factory("make_loaded_terms", ANALYZER_MODULES["make_loaded_terms"])
make_actor_sentiment = _import_factory("make_actor_sentiment", ANALYZER_MODULES["make_actor_sentiment"])
