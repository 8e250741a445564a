"""The one way out: which format, where it goes, and the text that reaches it made safe.

Every command ends in :func:`emit`: it takes the view of a result and the result's renderers
(``FORMATS`` in its module under :mod:`jescore.render`), picks the renderer for the format chosen
by :func:`choose`, writes the output to stdout or (atomically, never over an input) to a file,
and passes every piece of text through the sanitiser on its way out
(:func:`jescore.safety.clean_output`). Diagnostics go to stderr through :func:`say` and
:func:`diagnose`, made safe the same way.

The format: ``--format`` when given; else, with ``--output FILE``, the one the file's extension
names; else the command's default. A format and an extension that disagree, an extension that
names no format, and a format the command does not offer are usage errors (exit 2).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from jescore.errors import Problem, UsageError
from jescore.formats import BINARY, EXTENSIONS, Format
from jescore.render.kit import Target
from jescore.safety import clean_line, clean_output, excerpt

if TYPE_CHECKING:
    from jescore import staff, tabular
    from jescore.render.kit import Renderer

V = TypeVar("V")

#: Width of a table written to a file (no terminal to fit).
FILE_WIDTH = 100
#: Narrowest and widest terminal accepted from COLUMNS or the terminal itself.
MIN_WIDTH, MAX_WIDTH = 40, 400


@dataclass(frozen=True, slots=True)
class Offer:
    """What a command offers: the module of its renderers, its formats and its default."""

    renderers: str
    formats: tuple[Format, ...]
    default: Format


#: Each command's offer, by command name (for help, checks and the tests that tie every
#: command's formats to its renderers).
OFFERS: dict[str, Offer] = {}


def offer(command: str, renderers: str, *offered: Format, default: Format) -> None:
    """Say which formats a command offers.

    ``renderers`` names the module under :mod:`jescore.render` whose ``FORMATS`` renders them.
    Every command module says this at import; commands with several formats then declare
    their ``--format`` option with :func:`format_option`.
    """
    OFFERS[command] = Offer(renderers, offered, default)


def format_option(command: str) -> Any:
    """The ``--format/-f`` option of a command, offering what :func:`offer` said it offers."""
    default = OFFERS[command].default
    names = [f.value for f in OFFERS[command].formats]

    def check(value: str | None) -> str | None:
        if value is not None and value not in names:
            raise typer.BadParameter(f"'{excerpt(value, 20)}' is not one of: {', '.join(names)}")
        return value

    def complete(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete)]

    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(names),
        callback=check,
        autocompletion=complete,
        help=f"Output format (default: {default.value}, or the one --output's extension names).",
        show_default=False,
    )


@dataclass(frozen=True, slots=True)
class Output:
    """Where one command's output goes, and in which format."""

    format: Format
    file: Path | None = None
    force: bool = False
    #: Paper for documents and printed pages ("a4" or "letter").
    paper: str = "a4"

    @property
    def to_file(self) -> bool:
        """Whether the output goes to a file."""
        return self.file is not None


def _configured(command: str) -> Format | None:
    """The project configuration's default format for a command, checked against its offer."""
    from jescore.cli import project

    config = project.current()
    if config is None or command not in config.formats:
        return None
    name = config.formats[command]
    offer = OFFERS[command]
    if name not in {f.value for f in offer.formats} or Format(name) in BINARY:
        choices = ", ".join(f.value for f in offer.formats if f not in BINARY)
        raise UsageError(
            f"{config.where(f'formats.{command}')}: formats.{command}: '{excerpt(name, 40)}' is "
            f"not a format '{command}' writes to the terminal; use {choices}"
        )
    return Format(name)


def choose(
    command: str, asked: str | None, file: Path | None, force: bool, paper: str = "a4"
) -> Output:
    """The format and destination of a command's output; raises UsageError when they clash."""
    offer = OFFERS[command]
    fmt = Format(asked) if asked is not None else None
    choices = ", ".join(f.value for f in offer.formats)
    if file is not None and str(file) == "-":
        file = None  # "-o -": standard output, as the convention goes (a file named "-": ./-)
    if file is not None:
        from jescore.output import check_target

        check_target(file)  # a folder, a device, a link...: refused before any work
        suffix = file.suffix.lower()
        implied = EXTENSIONS.get(suffix)
        shown = excerpt(str(file), 120)
        if fmt is None:
            if implied is None:
                known = ", ".join(
                    sorted(ext for ext, f in EXTENSIONS.items() if f in offer.formats)
                )
                what = (
                    f"the extension '{excerpt(suffix, 20)}' names no format"
                    if suffix
                    else "the file name has no extension"
                )
                give = f"give --format ({choices}) or " if len(offer.formats) > 1 else ""
                raise UsageError(f"--output {shown}: {what}; {give}name the file {known}")
            if implied not in offer.formats:
                raise UsageError(
                    f"--output {shown}: '{command}' does not write {implied.value} (a "
                    f"'{excerpt(suffix, 20)}' file holds {implied.value}); its formats are "
                    f"{choices}"
                )
            fmt = implied
        elif implied is not None and implied is not fmt:
            raise UsageError(
                f"--format {fmt.value} and --output {shown} disagree: a '{suffix}' file holds "
                f"{implied.value}"
            )
    else:
        fmt = fmt or _configured(command) or offer.default
        if fmt in BINARY:
            raise UsageError(
                f"--format {fmt.value} writes a document: give the file with --output "
                f"FILE.{fmt.value}"
            )
    return Output(fmt, file, force, paper)


def terminal() -> Target:
    """The target of output to stdout: its width, colour, and whether it is a terminal.

    Width: COLUMNS when it is a number (clamped to a sane range), else the terminal's, else 80.
    Colour on a terminal unless NO_COLOR is set, or when FORCE_COLOR is.
    """
    tty = sys.stdout.isatty()
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        width = 0
    if width <= 0:  # not set, not a number, or not a width: the terminal's own, else 80
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns if tty else 80
        except (OSError, ValueError):
            width = 80
    color = (tty and "NO_COLOR" not in os.environ) or bool(os.environ.get("FORCE_COLOR"))
    return Target(min(max(width, MIN_WIDTH), MAX_WIDTH), color, tty)


def target_of(output: Output) -> Target:
    """The target of an output: the terminal, or a file (100 wide, no colour)."""
    from dataclasses import replace

    return replace(Target(FILE_WIDTH) if output.to_file else terminal(), paper=output.paper)


def emit(
    view: V,
    formats: Mapping[Format, Renderer[V]],
    output: Output,
    inputs: Iterable[Path | str] = (),
) -> None:
    """Render ``view`` in the chosen format and write it; text made safe on its way out.

    ``inputs`` are the files the output was made from: a file named with --output that is one
    of them is never written over.
    """
    target = target_of(output)
    content = formats[output.format](view, target)
    if isinstance(content, str):
        content = clean_output(content, colour=target.color)
    if output.file is None:
        if isinstance(content, bytes):  # pragma: no cover - choose() sends documents to files
            raise UsageError(f"--format {output.format.value} writes a file: give --output")
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    from jescore.output import write_atomic

    write_atomic(output.file, content, force=output.force, inputs=[Path(p) for p in inputs])
    say(f"wrote {output.file}")


def say(message: str) -> None:
    """A line on stderr, made safe to print (user text may hold control characters).

    On a terminal it is wrapped between words to the terminal's width, later lines indented
    (piped, it stays one line, for tools that read it).
    """
    text = clean_line(message)
    if sys.stderr.isatty():
        try:
            width = min(
                max(os.get_terminal_size(sys.stderr.fileno()).columns, MIN_WIDTH), MAX_WIDTH
            )
        except (OSError, ValueError):
            width = 80
        from jescore.render.kit.console import wrap

        first, *rest = wrap(text, width)
        text = "\n".join([first, *("  " + p for p in wrap(" ".join(rest), width - 2) if rest)])
    typer.echo(text, err=True)


def diagnose(problems: Iterable[Problem]) -> None:
    """Problems on stderr, one a line (``Problem.__str__`` makes every part safe)."""
    for problem in problems:
        typer.echo(str(problem), err=True)


def read_staff(
    path: Path, columns: Sequence[staff.Column], layout: staff.Layout
) -> tabular.StaffTable:
    """Read a staff file through the one staff reader, and say what every command must say.

    Every command that reads a staff file comes through here, so the warnings about the file
    itself (rows whose sex is neither women's nor men's words, counted as neither) are never
    left to each command to remember.
    """
    return begin_staff(path, columns, layout)()


def begin_staff(
    path: Path, columns: Sequence[staff.Column], layout: staff.Layout
) -> Callable[[], tabular.StaffTable]:
    """Start reading a staff file, in a thread of its own; the table when the command asks.

    A command calls this before loading its questionnaires, and the function it gives back
    where it needs the table: the file is parsed meanwhile. Its problems are said when the table
    is asked for, as :func:`read_staff` says them.
    """
    from jescore import staff as staff_file
    from jescore.tabular import sex_note

    reading = staff_file.begin(path, columns, layout)

    def table() -> tabular.StaffTable:
        read = reading.table()
        diagnose(sex_note(read))
        return read

    return table
