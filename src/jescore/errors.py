"""jescore's own errors: they carry data about what went wrong and never print.

Every problem a user can act on is a :class:`Problem` (file, line, location inside the
document, message). Errors are raised at the edges (loader, CLI) and turned into messages and
exit codes by the CLI alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from jescore.safety import clean_line, excerpt

#: Longest message part shown; messages quote values through :func:`excerpt`, so only a
#: message built wrongly can reach it, and then it is still cut rather than flood a log.
MESSAGE_LIMIT = 600


class ExitCode(IntEnum):
    """Exit codes are part of jescore's interface (documented in the README)."""

    OK = 0
    CHECK_FAILED = 1
    USAGE = 2
    INVALID_INPUT = 3


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) in one input file."""

    message: str
    file: str | None = None
    line: int | None = None
    location: str = ""
    warning: bool = False

    def __str__(self) -> str:
        """One line: ``file:line: [warning: ]location: message``, every part made safe."""
        where = ""
        if self.file is not None:
            name = excerpt(self.file, 200)
            where = f"{name}:{self.line}: " if self.line is not None else f"{name}: "
        what = f"{excerpt(self.location, 120)}: " if self.location else ""
        kind = "warning: " if self.warning else ""
        return f"{where}{kind}{what}{excerpt(self.message, MESSAGE_LIMIT)}"


class Finding(NamedTuple):
    """A problem at a location (a path of keys and indexes) inside a document.

    Checks on models give findings; the loader turns each into a :class:`Problem` with the
    file and the line of that location.
    """

    loc: tuple[str | int, ...]
    message: str
    warning: bool = False


class JescoreError(Exception):
    """Base class of every error jescore raises on purpose."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The message on one line, made safe to print."""
        return clean_line(self.message)


class InputError(JescoreError):
    """An input file (YAML, scheme, grading structure, questionnaire) is invalid.

    Carries every problem found in the file at once, in document order.
    """

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        """One line per problem (each already made safe)."""
        return self.message


class UsageError(JescoreError):
    """The command was asked for something it cannot do (unknown scheme id, existing file)."""

    exit_code = ExitCode.USAGE
