"""Option values read without pydantic give what Typer's own reading gives, value or message.

jescore reads plain option values itself (``jescore.cli._coerce``) so that commands start
sooner; Typer's own reading is the oracle: every value below, good or bad, must come out the
same (the value, its type, or the whole error message and exit code) both ways.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.core
from typer.testing import CliRunner

import jescore.cli  # noqa: F401  (installs jescore's reading)
from jescore.cli import _coerce


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


app = typer.Typer()


@app.command()
def show(
    names: Annotated[list[str] | None, typer.Argument()] = None,
    text: Annotated[str | None, typer.Option("--text")] = None,
    count: Annotated[int, typer.Option("--count", min=2, max=99)] = 5,
    plain: Annotated[int | None, typer.Option("--plain")] = None,
    colour: Annotated[Colour, typer.Option("--colour")] = Colour.RED,
    loose: Annotated[Colour | None, typer.Option("--loose", case_sensitive=False)] = None,
    path: Annotated[Path | None, typer.Option("--path")] = None,
    paths: Annotated[list[Path] | None, typer.Option("--paths")] = None,
    flag: Annotated[bool, typer.Option("--flag")] = False,
) -> None:
    for value in (names, text, count, plain, colour, loose, path, paths, flag):
        typer.echo(f"{type(value).__name__} {value!r}")


CASES = [
    [],
    ["a", "b"],
    ["--text", "x y"],
    ["--text", ""],
    ["--count", "7"],
    ["--count", "007"],
    ["--count", "1"],
    ["--count", "100"],
    ["--count", " 7"],
    ["--count", "+7"],
    ["--count", "7.0"],
    ["--count", "1_0"],
    ["--count", "abc"],
    ["--count", "99999999999999999999999"],
    ["--plain", "-3"],
    ["--plain", "12"],
    ["--colour", "green"],
    ["--colour", "GREEN"],
    ["--colour", "blue"],
    ["--loose", "Green"],
    ["--loose", "nope"],
    ["--path", "some/where.csv"],
    ["--path", ""],
    ["--path", "."],
    ["--paths", "a", "--paths", "b/c"],
    ["--flag"],
]


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a) or "(none)" for a in CASES])
def test_the_same_as_typers_own_reading(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _coerce.TYPERS[0] is not None, "jescore's reading is not installed"
    ours = _run(args)
    monkeypatch.setattr(typer.core, "build_runtime_param", _coerce.TYPERS[0])
    theirs = _run(args)
    assert ours == theirs


def test_plain_values_need_no_pydantic() -> None:
    """A command given plain values reads them without building a pydantic adapter."""
    built: list[object] = []
    original = _coerce.TYPERS[0]

    def spy(descriptor: object) -> object:
        built.append(descriptor)
        return original(descriptor)

    _coerce.TYPERS[0] = spy
    try:
        code, _ = _run(["a", "--text", "t", "--count", "9", "--colour", "green", "--path", "p"])
        plain = list(built)
        _run(["--count", "1"])  # out of bounds: Typer's own reading says why
    finally:
        _coerce.TYPERS[0] = original
    assert code == 0
    assert plain == []
    assert len(built) == 1
