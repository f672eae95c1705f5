"""The plugin manager: built-in plugins, entry points, ``-p`` modules and plugin folders.

Built-in features are ordinary plugins registered under short names (``DEFAULT_PLUGINS``),
so ``--disable hedging`` works the same for a built-in and a third-party plugin.

Where plugins come from, in load order:

1. ``DEFAULT_PLUGINS`` (the built-ins);
2. the ``framing`` entry point group (installed plugin packages), named by entry point;
3. modules named by ``FRAMING_PLUGINS`` (comma-separated) and ``-p MODULE`` (a module name
   or a path to a ``.py`` file);
4. every ``*.py`` file in ``FRAMING_PLUGINS_DIR`` and ``--plugins-dir DIR``.

A plugin that fails to import (or implements a hook that does not exist) is recorded in
:attr:`PluginHost.load_errors` and skipped, unless ``strict`` is set, in which case
:class:`~framing.errors.PluginError` is raised. The same goes for a registration hook that
raises (what the plugin registered before raising is kept) and for a name that another
plugin already registered (the later spec is skipped; the error names both plugins). The
same module loaded twice (an installed plugin also named with ``-p``) is registered once.
Names in ``FRAMING_DISABLE`` and ``--disable`` (comma-separated) block a plugin by name, or
a single analyzer, comparison, chart or report format by its name.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from framing import __version__, hookspecs
from framing.errors import DuplicateNameError, PluginError
from framing.fingerprint import builtin_version
from framing.models import AnalyzerSpec, ComparisonSpec, ErrorRecord
from framing.registry import ChartSpec, LoaderSpec, Registry, ReportFormatSpec, SectionSpec

ENTRY_POINT_GROUP = "framing"
ENV_DISABLE = "FRAMING_DISABLE"
ENV_PLUGINS = "FRAMING_PLUGINS"
ENV_PLUGINS_DIR = "FRAMING_PLUGINS_DIR"
#: Registries whose specs carry a ``version`` (results cached, see :mod:`framing.incremental`).
VERSIONED_KINDS = ("analyzer", "comparison", "chart")

#: (short name, module) of every built-in plugin, in load order.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (
    ("loaders", "framing.loaders"),
    ("model", "framing.model"),
    ("attribution", "framing.analyzers.attribution"),
    ("hedging", "framing.analyzers.hedging"),
    ("loaded_terms", "framing.analyzers.loaded_terms"),
    ("actor_sentiment", "framing.analyzers.actor_sentiment"),
    ("actors", "framing.comparisons.actors"),
    ("labels", "framing.comparisons.labels"),
    ("sources", "framing.comparisons.sources"),
    ("omission", "framing.comparisons.omission"),
    ("charts", "framing.viz.charts"),
    ("report_html", "framing.report.html"),
    ("report_markdown", "framing.report.markdown"),
)


@dataclass(frozen=True)
class PluginOptions:
    """How to load plugins; picklable, so worker processes can rebuild the same host."""

    disable: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    plugin_dirs: tuple[str, ...] = ()
    strict: bool = False
    entry_points: bool = True

    @classmethod
    def from_env(
        cls,
        disable: Iterable[str] = (),
        modules: Iterable[str] = (),
        plugin_dirs: Iterable[str] = (),
        strict: bool = False,
    ) -> PluginOptions:
        """Combine command-line values with the ``FRAMING_*`` environment variables."""
        return cls(
            disable=tuple(_split(os.environ.get(ENV_DISABLE, ""))) + tuple(n for d in disable for n in _split(d)),
            modules=tuple(_split(os.environ.get(ENV_PLUGINS, ""))) + tuple(modules),
            plugin_dirs=tuple(_split(os.environ.get(ENV_PLUGINS_DIR, ""), os.pathsep))
            + tuple(str(d) for d in plugin_dirs),
            strict=strict,
        )


def _split(value: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


@dataclass
class PluginInfo:
    """What ``framing plugins`` shows for one plugin."""

    name: str
    origin: str  # "builtin", "entrypoint", "module", "file"
    module: str
    version: str | None
    hooks: list[str] = field(default_factory=list)
    provides: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "module": self.module,
            "version": self.version,
            "hooks": sorted(self.hooks),
            "provides": {k: sorted(v) for k, v in self.provides.items() if v},
            "error": self.error,
        }


class PluginHost:
    """Loads plugins and collects what they register.

    Use :func:`load_plugins` to build one. The ``analyzers``/``comparisons``/``loaders``/
    ``charts``/``report_formats``/``sections`` registries are filled lazily, once, by
    calling each plugin's registration hook with a ``register`` callback bound to it.
    """

    def __init__(self, options: PluginOptions):
        self.options = options
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self.load_errors: list[ErrorRecord] = []
        self._registries: dict[str, Registry[Any]] = {}
        self.disabled = set(options.disable)
        self.named: set[str] = set()  # plugins named by -p / plugin dirs, loaded or disabled

    # ------------------------------------------------------------------ loading
    def _record_error(self, name: str, origin: str, module: str, error: BaseException | str) -> None:
        message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        message = " ".join(str(message).split())
        self.info[name] = PluginInfo(name, origin, module, None, error=message)
        self.load_errors.append(ErrorRecord("plugin", name, message))
        if self.options.strict:
            raise PluginError(f"plugin {name!r} ({module}) failed to load: {message}")

    def _plugin_problem(self, name: str, message: str) -> None:
        """Record a problem of a loaded plugin (a registration hook that raised, a name clash)."""
        self.load_errors.append(ErrorRecord("plugin", name, message))
        info = self.info.get(name)
        if info is not None:
            info.error = message if info.error is None else f"{info.error}; {message}"

    def _register(self, plugin: Any, name: str, origin: str, module: str, version: str | None) -> None:
        if name in self.disabled or self.pm.is_blocked(name):
            return
        if self.pm.is_registered(plugin):
            return  # the same module again (an installed plugin also named with -p): already loaded
        if self.pm.has_plugin(name):
            self._record_error(name, origin, module, f"a plugin named {name!r} is already loaded")
            return
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # a bad hookimpl signature, for instance
            self._record_error(name, origin, module, exc)
            return
        self.info[name] = PluginInfo(name, origin, module, version)

    def load_builtins(self) -> None:
        for name, module_name in DEFAULT_PLUGINS:
            if name in self.disabled:
                continue
            try:
                module = importlib.import_module(module_name)
            except Exception as exc:
                self._record_error(name, "builtin", module_name, exc)
                continue
            self._register(module, name, "builtin", module_name, __version__)

    def load_entry_points(self) -> None:
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name in self.disabled:
                continue
            version = ep.dist.version if ep.dist is not None else None
            try:
                plugin = ep.load()
            except Exception as exc:
                self._record_error(ep.name, "entrypoint", ep.value, exc)
                continue
            self._register(plugin, ep.name, "entrypoint", ep.value, version)

    def load_module(self, spec: str) -> None:
        """Load ``-p`` values: a dotted module name or a path to a ``.py`` file."""
        if spec.endswith(".py") or os.sep in spec:
            self.load_file(Path(spec))
            return
        self.named.add(spec)
        if spec in self.disabled:
            return
        try:
            found = importlib.util.find_spec(spec)
        except (ImportError, ValueError):
            found = None
        if found is None:
            raise PluginError(f"unknown plugin {spec!r}: no module by that name (give a module name or a .py file)")
        try:
            module = importlib.import_module(spec)
        except Exception as exc:
            self._record_error(spec, "module", spec, exc)
            return
        self._register(module, spec, "module", spec, getattr(module, "__version__", None))

    def load_file(self, path: Path) -> None:
        name = path.stem
        self.named.add(name)
        if name in self.disabled:
            return
        if not path.is_file():
            raise PluginError(f"unknown plugin {str(path)!r}: no such file")
        try:
            module = _import_file(path)
        except Exception as exc:
            self._record_error(name, "file", str(path), exc)
            return
        self._register(module, name, "file", str(path), getattr(module, "__version__", None))

    def load_dir(self, directory: Path) -> None:
        if not directory.is_dir():
            raise PluginError(f"plugins directory {str(directory)!r} does not exist")
        for path in sorted(directory.glob("*.py")):
            if not path.name.startswith("_"):
                self.load_file(path)

    def check_pending(self) -> None:
        """Report hook implementations that match no hook (usually a misspelt name)."""
        # pluggy adds a spec-less caller for every unknown name it sees, so look at the specs
        known = {
            name
            for name in dir(self.pm.hook)
            if name.startswith("framing_") and getattr(self.pm.hook, name).spec is not None
        }
        for name, plugin in list(self.pm.list_name_plugin()):
            if plugin is None:
                continue
            unknown = [
                attr
                for attr in dir(plugin)
                if attr.startswith("framing_")
                and attr not in known
                and callable(getattr(plugin, attr, None))
                and self.pm.parse_hookimpl_opts(plugin, attr) is not None
            ]
            if unknown:
                self.pm.unregister(name=name)
                info = self.info.get(name)
                self._record_error(
                    name,
                    info.origin if info else "module",
                    info.module if info else name,
                    f"unknown hook(s) {', '.join(unknown)}: see docs/hooks.md for the hook names",
                )

    # ------------------------------------------------------------------ registries
    def _collect(self, hook_name: str, kind: str) -> Registry[Any]:
        if hook_name in self._registries:
            return self._registries[hook_name]
        registry: Registry[Any] = Registry(kind)
        hook = getattr(self.pm.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):  # registration order
            plugin_name = impl.plugin_name

            def on_duplicate(error: DuplicateNameError, plugin_name: str = plugin_name) -> None:
                # the later plugin's spec is skipped; its other registrations still count
                self._plugin_problem(plugin_name, str(error))
                if self.options.strict:
                    raise error

            register = registry.register_for(plugin_name, on_duplicate=on_duplicate)
            try:
                impl.function(register=register)
            except PluginError:
                raise
            except Exception as exc:
                message = " ".join(f"{hook_name} raised {type(exc).__name__}: {exc}".split())
                self._plugin_problem(plugin_name, message)
                if self.options.strict:
                    raise PluginError(f"plugin {plugin_name!r}: {message}") from exc
        for name in list(registry.specs):
            if name in self.disabled:
                del registry.specs[name]
            elif kind in VERSIONED_KINDS:
                self._version_builtin(registry, name)
        for name, owner in registry.owners.items():
            if name in registry.specs and owner in self.info:
                self.info[owner].provides.setdefault(kind, []).append(name)
        self._registries[hook_name] = registry
        return registry

    def _version_builtin(self, registry: Registry[Any], name: str) -> None:
        """Give a built-in plugin's spec the package's version (see :mod:`framing.fingerprint`),
        so its results are cached; third-party specs keep the ``version`` they set."""
        spec = registry.specs[name]
        info = self.info.get(registry.owners[name])
        if spec.version is None and info is not None and info.origin == "builtin":
            registry.specs[name] = replace(spec, version=builtin_version())

    @property
    def analyzers(self) -> Registry[AnalyzerSpec]:
        return self._collect("framing_register_analyzers", "analyzer")

    @property
    def comparisons(self) -> Registry[ComparisonSpec]:
        return self._collect("framing_register_comparisons", "comparison")

    @property
    def loaders(self) -> Registry[LoaderSpec]:
        return self._collect("framing_register_loaders", "loader")

    @property
    def charts(self) -> Registry[ChartSpec]:
        return self._collect("framing_register_charts", "chart")

    @property
    def report_formats(self) -> Registry[ReportFormatSpec]:
        return self._collect("framing_register_report_formats", "report format")

    @property
    def sections(self) -> Registry[SectionSpec]:
        return self._collect("framing_register_report_sections", "section")

    def collect_all(self) -> None:
        """Call every registration hook now (``framing plugins`` shows what each provides)."""
        for prop in ("analyzers", "comparisons", "loaders", "charts", "report_formats", "sections"):
            getattr(self, prop)

    def unknown_disabled(self) -> list[str]:
        """Names passed to ``--disable`` that match no plugin or registered thing."""
        self.collect_all()
        known = {name for name, _ in DEFAULT_PLUGINS} | set(self.info) | self.named
        for registry in self._registries.values():
            known |= set(registry.owners)
        known |= {ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
        return sorted(self.disabled - known)

    def plugin_infos(self) -> list[PluginInfo]:
        """Every plugin seen, loaded or failed, with the hooks it implements."""
        self.collect_all()
        for name, plugin in self.pm.list_name_plugin():
            if name in self.info and plugin is not None:
                self.info[name].hooks = [caller.name for caller in self.pm.get_hookcallers(plugin) or []]
        return list(self.info.values())

    def call_firstresult(self, hook_name: str, **kwargs: Any) -> Any:
        return getattr(self.pm.hook, hook_name)(**kwargs)


def _import_file(path: Path) -> ModuleType:
    module_name = f"framing_local_plugins.{path.stem}"
    loaded = sys.modules.get(module_name)
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == path.resolve():
        return loaded  # the same file, loaded again in this process (tests, embedding apps)
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def load_plugins(options: PluginOptions | None = None, extra: Sequence[tuple[str, Any]] = ()) -> PluginHost:
    """Build a :class:`PluginHost` with every plugin the options allow.

    ``extra`` holds ``(name, plugin object)`` pairs registered after the others (tests and
    embedding applications use it to add a plugin without a module).
    """
    options = options or PluginOptions.from_env()
    host = PluginHost(options)
    host.load_builtins()
    if options.entry_points:
        host.load_entry_points()
    for spec in options.modules:
        host.load_module(spec)
    for directory in options.plugin_dirs:
        host.load_dir(Path(directory))
    for name, plugin in extra:
        host._register(plugin, name, "object", type(plugin).__name__, None)
    host.check_pending()
    return host


RegisterFn = Callable[[Any], None]

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "AnalyzerSpec",
    "ChartSpec",
    "ComparisonSpec",
    "LoaderSpec",
    "PluginHost",
    "PluginInfo",
    "PluginOptions",
    "ReportFormatSpec",
    "SectionSpec",
    "load_plugins",
]
