"""Built-in charts (a plugin implementing ``framing_register_charts``)."""

from __future__ import annotations

from framing.hookspecs import hookimpl


@hookimpl
def framing_register_charts(register) -> None:
    """The comparative charts are registered here (see the report issue)."""
