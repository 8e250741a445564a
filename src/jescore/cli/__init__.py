"""The ``jescore`` command: parse arguments, load, score, render, choose the exit code.

Kept thin on purpose: everything worth testing without a terminal lives in the loader, the
engine and the renderers. Results go to stdout, diagnostics to stderr. Each module here
registers its commands on the one Typer app in :mod:`jescore.cli._common`.
"""

from __future__ import annotations

import io
import os
import re
import sys

import typer
from typer._click import exceptions as click_exceptions

# Each module registers its commands on the app.
from jescore.cli import (  # noqa: F401
    appeal,
    check,
    compare,
    equalpay,
    evaluate,
    match,
    neutrality,
    new,
    panel,
    profile,
    rank,
    schema,
    scheme_audit,
    schemes,
    sheets,
    whatif,
)
from jescore.cli._common import APP_SETTINGS, app
from jescore.errors import ExitCode

__all__ = ["app", "app_for", "main", "run"]


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


def run(args: list[str]) -> int:
    """Run ``jescore ARGS`` and return its exit code; every message on stderr made safe.

    The one boundary of a run: usage errors from the command-line parser (which quote what the
    user typed, a file name from a pull request included) are shown through the sanitiser,
    long values cut to a short excerpt; jescore's own errors were turned into messages by the
    commands; output piped into a command that stopped reading is not an error.
    """
    from jescore.safety import clean

    try:
        result = app_for(args)(args=args, prog_name="jescore", standalone_mode=False)
    except click_exceptions.ClickException as exc:
        buffer = io.StringIO()
        exc.show(file=buffer)
        for line in buffer.getvalue().splitlines():
            sys.stderr.write(clean(_plain_words(_shorten(line))) + "\n")
        return exc.exit_code
    except typer.Abort:
        sys.stderr.write("Aborted.\n")
        return ExitCode.USAGE
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. head): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.OK
    return result if isinstance(result, int) else ExitCode.OK


_QUOTED = re.compile(r"'([^']{61,})'")
_LONG = re.compile(r"[^\s']{61,}")
#: The parser checks option values with pydantic, whose messages speak of types; say it plainly.
_PLAIN = (
    (re.compile(r"Value error, "), ""),
    (
        re.compile(r"Input should be a valid integer, unable to parse string as an integer"),
        "not a whole number",
    ),
    (re.compile(r"Input should be a valid integer.*"), "not a whole number"),
    (re.compile(r"Input should be a valid number.*"), "not a number"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"must be \1 or more"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"must be \1 or less"),
    (re.compile(r"Input should be greater than (\S+)"), r"must be more than \1"),
)


def _plain_words(line: str) -> str:
    for pattern, words in _PLAIN:
        line = pattern.sub(words, line)
    return line


def _shorten(line: str) -> str:
    """Long values in a parser message (quoted or not) cut to a short excerpt."""
    from jescore.safety import excerpt

    line = _QUOTED.sub(lambda m: f"'{excerpt(m.group(1))}'", line)
    return _LONG.sub(lambda m: excerpt(m.group()), line)


def main() -> None:
    """Entry point of the ``jescore`` command."""
    # pydantic looks for observability plugins in every installed package's metadata, which
    # costs more than jescore's own start-up; a command-line run has no use for them. Set the
    # variable yourself to override.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    sys.exit(run(sys.argv[1:]))
