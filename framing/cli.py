"""The ``framing`` command.

``framing analyze DIR --out OUT``   analyse a folder of articles, write the outputs
``framing plugins [--json]``        list plugins, their hooks, what they provide, load errors
``framing --version``

Plugin options (``-p``, ``--plugins-dir``, ``--disable``, ``--strict``) are accepted by every
command that loads plugins; the ``FRAMING_PLUGINS``, ``FRAMING_PLUGINS_DIR`` and
``FRAMING_DISABLE`` environment variables do the same. Problems the user can fix are shown
as one line on stderr, never a traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from framing import __version__
from framing.errors import FramingError
from framing.models import ErrorRecord
from framing.plugins import PluginOptions, load_plugins
from framing.run import EXIT_FATAL, EXIT_PROBLEMS, AnalyzeOptions, analyze_folder, exit_code


def _echo_err(message: str) -> None:
    click.echo(f"framing: {message}", err=True)


def plugin_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose plugins, shared by every command."""

    @click.option(
        "-p",
        "--plugin",
        "plugin_modules",
        multiple=True,
        metavar="MODULE",
        help="Load a plugin module (dotted name or path to a .py file). Repeatable.",
    )
    @click.option(
        "--plugins-dir",
        "plugin_dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Load every .py file in this folder as a plugin. Repeatable.",
    )
    @click.option(
        "--disable",
        "disable",
        multiple=True,
        metavar="NAME",
        help="Disable a plugin, analyzer, comparison, chart or report format by name "
        "(comma-separated or repeated). Also FRAMING_DISABLE.",
    )
    @click.option("--strict", is_flag=True, help="Stop when a plugin fails to load instead of skipping it.")
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        plugin_modules: tuple[str, ...],
        plugin_dirs: tuple[Path, ...],
        disable: tuple[str, ...],
        strict: bool,
        **kwargs: Any,
    ) -> Any:
        options = PluginOptions.from_env(
            disable=disable, modules=plugin_modules, plugin_dirs=[str(d) for d in plugin_dirs], strict=strict
        )
        return command(*args, plugin_options=options, **kwargs)

    return wrapper


class FramingGroup(click.Group):
    """A group that adds commands from plugins (``framing_register_commands``) on first use."""

    _plugins_loaded = False

    def _load_plugin_commands(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        try:
            host = load_plugins(PluginOptions.from_env())
        except Exception as exc:  # a broken plugin must not break the CLI
            _echo_err(f"plugin commands not loaded: {exc}")
            return
        # one plugin at a time, so a plugin that raises does not hide the others' commands
        for impl in reversed(host.pm.hook.framing_register_commands.get_hookimpls()):
            try:
                impl.function(cli=self)
            except Exception as exc:
                _echo_err(f"plugin {impl.plugin_name!r}: commands not loaded: {type(exc).__name__}: {exc}")

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            self._load_plugin_commands()
            command = super().get_command(ctx, cmd_name)
        return command


@click.group(cls=FramingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="framing")
def cli() -> None:
    """Show how news articles frame a story.

    Point `framing analyze` at a folder of articles (several outlets covering one event) and
    get findings, per-article metrics and a comparative report.
    """


def _chart_formats(value: str) -> tuple[str, ...]:
    from framing.report.model import CHART_FORMATS

    formats = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in formats if fmt not in CHART_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"{value!r}: choose from {', '.join(CHART_FORMATS)} (comma-separated)")
    return formats


@cli.command()
@click.argument("input_dir", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Output folder (created if needed). Nothing is written outside it.",
)
@click.option(
    "--model",
    default=None,
    metavar="NAME_OR_PATH",
    help="spaCy model package or path. Default: the best installed en_core_web_* model.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing and analysis (with --executor dask: local cluster workers). "
    "Default: one per CPU, at most 4, and 1 for small inputs.",
)
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True, help="Articles per batch.")
@click.option("--no-report", is_flag=True, help="Write only the machine-readable files.")
@click.option(
    "--report-stories",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Stories the report details (charts, tables, texts); the others are listed with their numbers.",
)
@click.option(
    "--chart-format",
    "chart_formats",
    default="svg",
    show_default=True,
    callback=lambda ctx, param, value: _chart_formats(value),
    help="Chart files written under OUT/charts: svg, png or svg,png (report.html always inlines the SVG).",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache of parsed articles.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Cache parsed articles here instead of OUT/.cache (e.g. a folder shared by several output folders).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: processes on this machine; dask: a Dask cluster (pip install 'framing-toolkit[dask]').",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler address (tcp://host:8786); default: start a local cluster with --jobs workers.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-problem lines.")
@plugin_options
def analyze(
    input_dir: Path,
    out_dir: Path,
    model: str | None,
    jobs: int | None,
    batch_size: int,
    no_report: bool,
    report_stories: int,
    chart_formats: tuple[str, ...],
    no_cache: bool,
    cache_dir: Path | None,
    executor: str,
    scheduler: str | None,
    quiet: bool,
    plugin_options: PluginOptions,
) -> None:
    """Analyse every article in INPUT_DIR and write findings and reports to --out.

    \b
    Exit status:
      0  every file was analysed without error
      1  nothing could be analysed (missing folder, no model, no readable article...)
      2  bad command-line usage
      3  the run completed, but some files were skipped or some analyzers/plugins failed
         (see problems.csv in the output folder)
    """
    if scheduler and executor == "local":
        executor = "dask"  # a scheduler address only makes sense for the Dask executor
    options = AnalyzeOptions(
        input_dir=input_dir,
        out_dir=out_dir,
        model=model,
        plugins=plugin_options,
        jobs=jobs,
        batch_size=batch_size,
        report=not no_report,
        report_stories=report_stories,
        chart_formats=chart_formats,
        cache=not no_cache,
        cache_dir=cache_dir,
        executor=executor,
        scheduler=scheduler,
    )

    def on_problem(error: ErrorRecord) -> None:
        if not quiet:
            _echo_err(error.one_line())

    try:
        from framing.progress import progress_display

        with progress_display(enabled=not quiet) as progress:
            run = analyze_folder(options, on_problem=on_problem, progress=progress)
    except FramingError as exc:
        _echo_err(str(exc))
        sys.exit(EXIT_FATAL)
    counts = run.provenance.get("counts", {})
    if not quiet:
        click.echo(
            f"Analysed {counts.get('articles', 0)} article(s) in {counts.get('stories', 0)} story(ies): "
            f"{counts.get('findings', 0)} findings, {len(run.skipped)} file(s) skipped, "
            f"{len(run.errors)} error(s). Output: {out_dir}",
            err=True,
        )
    sys.exit(exit_code(run))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@plugin_options
def plugins(as_json: bool, plugin_options: PluginOptions) -> None:
    """List plugins: version, hooks, what each provides, and load errors.

    Exits with status 3 when a plugin failed to load (in table and JSON mode alike).
    """
    try:
        host = load_plugins(plugin_options)
        infos = [info.as_dict() for info in host.plugin_infos()]
    except FramingError as exc:
        _echo_err(str(exc))
        sys.exit(EXIT_FATAL)
    failed = any(info["error"] for info in infos)
    if as_json:
        click.echo(json.dumps(infos, indent=2))
        sys.exit(EXIT_PROBLEMS if failed else 0)
    from rich.console import Console
    from rich.table import Table

    table = Table(title="framing plugins", show_lines=False)
    for column in ("name", "origin", "version", "provides", "hooks", "error"):
        table.add_column(column, overflow="fold")
    for info in infos:
        provides = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in info["provides"].items())
        hooks = ", ".join(h.removeprefix("framing_") for h in info["hooks"])
        table.add_row(
            info["name"],
            info["origin"],
            info["version"] or "",
            provides,
            hooks,
            f"[red]{info['error']}[/red]" if info["error"] else "",
        )
    Console(width=160 if not sys.stdout.isatty() else None).print(table)
    if failed:
        sys.exit(EXIT_PROBLEMS)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framing")


if __name__ == "__main__":  # pragma: no cover
    main()
