"""The README's console examples: find them, and run them as a user's shell would.

Each example is a fenced ``console`` block whose first line is ``$ jescore ARGS``; the rest is
the output (stdout, 80 columns, no colour). A line holding only ``...`` stands for any number
of lines, for examples that show an excerpt. Used by test_readme.py (which checks them) and by
golden/regenerate.py (which rewrites the complete ones).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: Every page with console examples: the README and the reference in docs/.
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
ELLIPSIS = "..."
_BLOCK = re.compile(r"^```console\n\$ (jescore [^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    command: str  # "jescore evaluate examples/vlo.yaml"
    shown: list[str]  # the output lines in the README
    start: int  # offsets of the output in the README text
    end: int

    @property
    def excerpt(self) -> bool:
        return ELLIPSIS in self.shown


def examples(text: str) -> list[Example]:
    return [Example(m[1], m[2].splitlines(), m.start(2), m.end(2)) for m in _BLOCK.finditer(text)]


def output(command: str) -> list[str]:
    """The command's stdout lines, trailing spaces and trailing blank lines removed."""
    args = shlex.split(command)[1:]
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-m", "jescore", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the README's lines match the output, each ``...`` line standing for any lines."""
    if not shown:
        return not actual
    if shown[0] == ELLIPSIS:
        return any(matches(shown[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and shown[0].rstrip() == actual[0] and matches(shown[1:], actual[1:])
