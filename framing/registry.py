"""Specs for loaders, charts, report formats and sections, and the registry that collects them.

Analyzer and comparison specs live in :mod:`framing.models` (results flow through worker
processes with them); the report-side specs are here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from framing.errors import DuplicateNameError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from framing.models import Article


@dataclass(frozen=True)
class LoaderSpec:
    """Reads files with the given suffixes into articles.

    ``load(path, data, text)`` gets the file path, its raw bytes and its decoded text
    (``None`` if the bytes are not text) and returns the articles in the file (ids,
    metadata and story are filled in by the engine when left empty).
    """

    name: str
    suffixes: tuple[str, ...]
    load: Callable[[Path, bytes, str | None], Sequence[Article]]
    binary: bool = False  # True: the loader decodes the bytes itself (e.g. HTML)
    override: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """A chart for the report: ``draw(story, figure)`` draws on a matplotlib Figure.

    ``version``: when set, the rendered chart is cached (with the parse and result caches) under
    the story's :attr:`~framing.models.StoryResult.cache_key`, the article labels and this
    version, so a re-run with the same results does not draw it again. Set it only for a chart
    that draws from its own story (not from ``story.report``), and bump it when the drawing
    changes. ``None`` (the default): drawn on every run. Built-in charts are versioned by the
    content of the framing package.
    """

    name: str
    title: str
    draw: Callable[[Any, Figure], bool | None]
    description: str = ""
    size: tuple[float, float] = (8.0, 4.5)
    order: int = 100
    version: str | None = None


@dataclass(frozen=True)
class ReportFormatSpec:
    """A report format: ``render(report, out_dir)`` writes files inside ``out_dir``."""

    name: str
    render: Callable[[Any, Path], Sequence[Path]]
    description: str = ""


@dataclass(frozen=True)
class Section:
    """An extra report section: title, paragraphs (plain text) and tidy tables."""

    title: str
    paragraphs: Sequence[str] = ()
    tables: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionSpec:
    """Builds an extra report section from the report model (``None`` to skip)."""

    name: str
    build: Callable[[Any], Section | None]


SpecT = TypeVar("SpecT")


class Registry(Generic[SpecT]):
    """Named specs of one kind, remembering which plugin supplied each.

    ``register`` is the callback handed to a ``framing_register_*`` hook; it raises
    :class:`DuplicateNameError` naming both plugins when a name is taken (unless the spec
    sets ``override=True``).
    """

    def __init__(self, kind: str):
        self.kind = kind
        self.specs: dict[str, SpecT] = {}
        self.owners: dict[str, str] = {}

    def register_for(
        self, plugin_name: str, on_duplicate: Callable[[DuplicateNameError], None] | None = None
    ) -> Callable[[SpecT], None]:
        """The ``register`` callback for one plugin.

        A name that is already taken raises :class:`DuplicateNameError`, or, when
        ``on_duplicate`` is given, is passed to it and the spec is skipped (the plugin host
        records it as that plugin's error and the run goes on).
        """

        def register(spec: SpecT) -> None:
            name = spec.name
            if name in self.specs and not getattr(spec, "override", False):
                error = DuplicateNameError(
                    f"{self.kind} {name!r} from plugin {plugin_name!r} is already registered by "
                    f"plugin {self.owners[name]!r}; rename it or disable one of them"
                )
                if on_duplicate is None:
                    raise error
                on_duplicate(error)
                return
            self.specs[name] = spec
            self.owners[name] = plugin_name

        return register

    def __iter__(self):
        return iter(self.specs.values())

    def __len__(self) -> int:
        return len(self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def get(self, name: str) -> SpecT | None:
        return self.specs.get(name)

    def names(self) -> list[str]:
        return list(self.specs)
