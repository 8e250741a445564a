"""Option values read without pydantic where Typer's own reading would give the same.

Typer reads every option's value through a pydantic type adapter, built for each option of the
command being run. Importing pydantic and building the adapters costs more than a tenth of a
second before a command can start, which matters to the commands that start reading a large
staff file as soon as they can (pydantic is imported later anyway, by the questionnaires'
models, while the file is parsed).

So the values whose reading is plain are read here: a text, a whole number of digits (within
its bounds), one of a choice's names as written, a path, and lists of these. Anything else (a
number out of bounds, a choice in another case, an empty path, any other type) goes to Typer's
own reading, which says what is wrong in its usual words: the result, and every message, is
the same either way. If Typer's internals are not as expected, nothing is changed.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

#: A whole number as Typer would read it without doubt: ASCII digits only, not too long.
_DIGITS = re.compile(r"[0-9]{1,18}")


#: Typer's own reading, once replaced (kept for the tests that compare the two).
TYPERS: list[Any] = [None]


class _Slow(Exception):
    """This value is for Typer's own reading."""


def _leaf(annotation: Any, info: Any) -> Any:
    """A reader of one value of this type, or None when Typer must read it."""
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    if annotation is str:

        def text(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, str):
                raise _Slow
            return value

        return text
    if annotation is bool:

        def flag(value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is not bool:
                raise _Slow
            return value

        return flag
    if annotation is int:
        low, high, clamp = info.min, info.max, getattr(info, "clamp", True)

        def whole(value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str) and _DIGITS.fullmatch(value):
                number = int(value)
            elif type(value) is int:
                number = value
            else:
                raise _Slow
            if clamp or (low is not None and number < low) or (high is not None and number > high):
                raise _Slow
            return number

        return whole
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = list(annotation)
        sensitive = info.case_sensitive

        def choice(value: Any, param: Any, ctx: Any) -> Any:
            try:
                return coerce_cli_choice(value, choices=choices, case_sensitive=sensitive, ctx=ctx)
            except ValueError:
                raise _Slow from None

        return choice
    if annotation is Path and getattr(info, "path_type", True) is None:

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str) and value and "\0" not in value:
                value = Path(value)
            if not isinstance(value, Path):
                raise _Slow
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)

        return path
    return None


def _reader(annotation: Any, info: Any) -> Any:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        leaf = _leaf(item, info)
        if leaf is None:
            return None

        def items(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                raise _Slow
            return [leaf(v, param, ctx) for v in value]

        return items
    return _leaf(annotation, info)


def install() -> None:
    """Read plain option values without pydantic (see the module docstring)."""
    try:
        from dataclasses import dataclass

        import typer.core
        from typer._coercion import RuntimeParam, TypeDescriptor
        from typer._param_types import coerce_cli_choice, coerce_cli_path  # noqa: F401
    except ImportError:  # pragma: no cover (another Typer: its own reading stands)
        return
    typers = getattr(typer.core, "build_runtime_param", None)
    if typers is None or getattr(typers, "__module__", "") == __name__:
        return
    TYPERS[0] = typers

    @dataclass(frozen=True)
    class Plain(RuntimeParam):
        descriptor: TypeDescriptor
        read: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.read(value, param, ctx)
            except _Slow:
                return TYPERS[0](self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def build(descriptor: TypeDescriptor) -> Any:
        read = None
        if descriptor.file_annotation is None:
            read = _reader(descriptor.annotation, descriptor.parameter_info)
        if read is None:
            return TYPERS[0](descriptor)
        return Plain(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
            read=read,
        )

    build.__module__ = __name__
    typer.core.build_runtime_param = build  # type: ignore[attr-defined]
