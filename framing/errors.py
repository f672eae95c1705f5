"""Exception classes. Each message says what went wrong and, where possible, what to do next."""

from __future__ import annotations


class FramingError(Exception):
    """Base class: a problem the user can fix; shown as one line, no traceback."""


class ArticleError(FramingError):
    """An input file that cannot be read as an article (empty, binary, broken JSON...)."""


class ModelNotFoundError(FramingError):
    """No spaCy model could be loaded."""


class PluginError(FramingError):
    """A plugin failed to load or registered something invalid."""


class DuplicateNameError(PluginError):
    """Two plugins registered the same analyzer, comparison, loader, chart or format name."""


class NoData(Exception):
    """Raised by a chart's ``draw`` when the run has nothing for it to show."""
