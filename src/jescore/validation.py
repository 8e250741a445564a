"""Turning validation errors into messages a person can act on, each with its file and line.

Pydantic reports where a value is wrong as a path of keys and indexes, with some parts of its
own (validator names, union members). :func:`real_location` keeps the parts that exist in the
document, found by walking the data itself: so a key named ``date`` or ``str`` stays in the
location. Values are quoted as short, cleaned excerpts (:func:`jescore.safety.excerpt`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jescore.errors import Finding, InputError, Problem
from jescore.models import DEFER_CHECKS
from jescore.safety import excerpt
from jescore.yamldoc import Document, Loc, dotted

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Document, kind: str) -> M:
    """Validate a document against a model; raise every problem at once.

    Problems in the YAML itself (``doc.early``) are raised here with the validation problems
    when the structure is invalid, else by :func:`raise_problems` after the consistency checks.
    """
    try:
        return model.model_validate(doc.data, context={DEFER_CHECKS: True})
    except ValidationError as exc:
        errors = exc.errors()
        colon = {_colon_text(doc, err) for err in errors} - {None}
        # Text with ': ' in it that YAML read as a mapping: one clear message, not two.
        errors = [e for e in errors if not (e["type"] == "missing" and e["loc"][:-1] in colon)]
        raise_problems(doc, [_problem(doc, err, kind) for err in errors])
        raise  # pragma: no cover - raise_problems always raises for a non-empty list


def raise_problems(doc: Document, problems: list[Problem]) -> None:
    """Raise the YAML problems and ``problems`` together, in line order, if there are any.

    A problem at a place that a YAML problem already explains (a duplicate key, a number YAML
    misreads) is left out: it would only repeat the same mistake in other words.
    """
    if doc.early:
        flagged = {p.location for p in doc.early}
        problems = [p for p in problems if not any(_under(p.location, f) for f in flagged)]
        problems = sorted([*doc.early, *problems], key=lambda p: p.line or 0)
    if problems:
        raise InputError(_unique(problems))


def _under(location: str, flagged: str) -> bool:
    return location == flagged or location.startswith((flagged + ".", flagged + "["))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _colon_text(doc: Document, err: Any) -> Loc | None:
    """The location of a one-key mapping that was meant as text ('JD 3: duty')."""
    loc = tuple(err["loc"])
    if err["type"] != "extra_forbidden" or len(loc) < 2:
        return None
    parent = doc.data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(parent, dict) and len(parent) == 1 and "evidence" in loc:
        return loc[:-1]
    return None


def real_location(data: Any, loc: tuple[Any, ...]) -> Loc:
    """The parts of a pydantic error location that name keys and indexes in ``data``.

    A part is kept when the data at that point holds it; the last part is kept when the data
    there is a mapping (a missing or unknown key). Anything else is pydantic's own.
    """
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and i == len(loc) - 1 and isinstance(part, str | int):
            out.append(part)
    return tuple(out)


def _problem(doc: Document, err: Any, kind: str) -> Problem:
    loc = real_location(doc.data, tuple(err["loc"]))
    typ, value = err["type"], err.get("input")
    where = dotted(loc)
    line = doc.line_of(loc)
    last = loc[-1] if loc else ""
    if not loc and typ in {"model_type", "dict_type"}:
        # The whole file is not a mapping (a text file, a list): say what it is, never repeat
        # it, for it may be any file at all.
        what = (
            "a list" if isinstance(value, list) else "text" if isinstance(value, str) else "a value"
        )
        msg = f"the file holds {what}, not a {kind} (a mapping of keys such as 'name: value')"
    elif typ == "missing":
        msg = f"'{excerpt(last)}' is required"
        where = dotted(loc[:-1]) or "(top level)"
    elif typ == "extra_forbidden" and _colon_text(doc, err) is not None:
        msg = (
            f"'{excerpt(last)}: {excerpt(value)}' was read as a key and a value because of the "
            "': ' in it; put the whole text in quotes"
        )
        where = dotted(loc[:-1])
    elif typ == "extra_forbidden":
        msg = f"unknown key '{excerpt(last)}' in a {kind} file (check the spelling)"
        where = dotted(loc[:-1]) or "(top level)"
        line = doc.key_lines.get(loc, line)
    elif isinstance(value, bool) and loc in doc.bool_text:
        msg = (
            f"YAML reads '{doc.bool_text[loc]}' as {str(value).lower()}, not as text or a "
            "number: put it in quotes"
        )
    elif value is None and typ.endswith("_type"):
        msg = "is empty: give a value"
    elif typ == "value_error":
        msg = str(err["ctx"]["error"])
    elif typ == "string_pattern_mismatch" and err["ctx"]["pattern"].startswith("^[a-z][a-z0-9]"):
        msg = f"'{excerpt(value)}' is not a valid id: use lower-case letters, digits, '-' or '_'"
    elif typ in {"string_pattern_mismatch"}:
        msg = f"'{excerpt(value)}' is not allowed here ({err['msg'].lower()})"
    else:
        msg = _describe(err, value)
    return Problem(msg, file=doc.file, line=line, location=where)


def _describe(err: Any, value: Any) -> str:
    msg = str(err["msg"])
    shown = f"'{excerpt(value)}'" if isinstance(value, str | int | float) else type(value).__name__
    if isinstance(value, dict):
        shown = "a mapping"
    elif isinstance(value, list):
        shown = "a list"
    return f"{msg[0].lower()}{msg[1:]}, got {shown}"


def findings_to_problems(
    doc: Document, findings: list[Finding]
) -> tuple[list[Problem], list[Problem]]:
    """Consistency findings as (errors, warnings), each at its line in the document."""
    errors = [doc.problem(f) for f in findings if not f.warning]
    warnings = [doc.problem(f) for f in findings if f.warning]
    return errors, warnings
