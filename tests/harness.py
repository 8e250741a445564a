"""Running the command line in tests, so that a crash can never pass for a handled error.

Every CLI test goes through :func:`run`, which runs :func:`jescore.cli.run` (the same boundary as
the ``jescore`` command: the parser's usage errors shown through the sanitiser) with stdout and
stderr captured, and fails the test when:

- the command raised anything but a deliberate exit (the exception is re-raised, traceback and
  all);
- the exit code is not one of the documented ones (0, 2, 3), or is 1 (the gate exit) when the
  command was not given a gate (``--fail-on``);
- stdout or stderr holds a control character or a direction override (user text must be
  neutralised in every output), or a traceback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from jescore.cli import run as jescore
from jescore.errors import ExitCode

runner = CliRunner()

#: Exit codes any command may end with; CHECK_FAILED (1) only when a gate was asked for.
DOCUMENTED = {ExitCode.OK, ExitCode.USAGE, ExitCode.INVALID_INPUT}
#: Unsafe in any output: C0 controls but tab and newline, DEL, C1, bidi marks and overrides.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
    "\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]"
)


def run(*args: str | Path) -> tuple[int, str, str]:
    """Run ``jescore ARGS``; return (exit code, stdout, stderr) after the checks above."""
    argv = [str(a) for a in args]
    with runner.isolation() as (stdout, stderr, _):
        try:
            code = jescore(argv)
        except SystemExit as exc:  # typer.Exit inside a command ends the run like this
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        out = stdout.getvalue().decode("utf-8", "replace")
        err = stderr.getvalue().decode("utf-8", "replace")
    allowed = DOCUMENTED | ({ExitCode.CHECK_FAILED} if "--fail-on" in argv else set())
    assert code in allowed, f"exit {code} is not documented for: jescore {' '.join(argv)}\n{err}"
    assert "Traceback" not in out + err
    for name, text in (("stdout", out), ("stderr", err)):
        found = UNSAFE.search(text)
        assert found is None, f"{name} holds {found.group()!r} (jescore {' '.join(argv)})"
    return code, out, err
