"""The ``jescore`` command: parse arguments, load, score, render, choose the exit code.

Kept thin on purpose: everything worth testing without a terminal lives in the loader, the
engine and the renderers. Results go to stdout, diagnostics to stderr. Each module here
registers its commands on the one Typer app in :mod:`jescore.cli._common`.
"""

from __future__ import annotations

import os
import sys

import typer

# Each module registers its commands on the app.
from jescore.cli import (  # noqa: F401
    appeal,
    check,
    compare,
    equalpay,
    evaluate,
    match,
    new,
    panel,
    profile,
    rank,
    schema,
    schemes,
    whatif,
)
from jescore.cli._common import APP_SETTINGS, app
from jescore.errors import ExitCode

__all__ = ["app", "app_for", "main"]


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs ``args``: the one command named, or the whole app.

    Typer prepares every registered command's options before it parses anything, which costs
    more than most commands' own work. So a run of one command gets an app holding just that
    command (and the same callback, so usage, help and errors read the same); ``--version``
    gets none; ``--help`` and anything unrecognised get the whole app.
    """
    first = args[0] if args else ""
    commands = [c for c in app.registered_commands if _command_name(c) == first]
    groups = [g for g in app.registered_groups if g.name == first]
    if not (commands or groups or first == "--version"):
        return app
    slim = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    return slim


def _command_name(info: typer.models.CommandInfo) -> str:
    assert info.callback is not None
    return info.name or info.callback.__name__.replace("_", "-")


def main() -> None:
    """Entry point of the ``jescore`` command."""
    # pydantic looks for observability plugins in every installed package's metadata, which
    # costs more than jescore's own start-up; a command-line run has no use for them. Set the
    # variable yourself to override.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app_for(sys.argv[1:])(prog_name="jescore")
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. head): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.OK)
