"""The published notation of a job profile's levels: ``4a``, ``2-3ab``, ``2a-3ab4b``.

A profile is the outcome of evaluating a benchmark job: per factor a level or a range of levels
with lettered alternatives. Profiles are written as published:

- a *term* is a level number with optional letters: ``4``, ``4a``, ``3ab``, ``3(a)(b)``,
  ``3 (a)(b)`` (older profiles);
- ``-`` (or an en dash, as printed) spans every level between its ends: ``2-3ab`` is levels 2
  and 3, with alternatives a and b named at level 3;
- terms written one after another add levels: ``2a-3ab4b`` is levels 2 to 4.

Letters attach to the level number just before them and never change the points.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from jescore.safety import excerpt

# One term: a level number, then letters written plainly (3ab) or in brackets (3(a)(b)).
_TERM = r"[0-9]{1,3}[ \t]*(?:(?:\([ \t]*[a-zA-Z]+[ \t]*\)[ \t]*)+|[a-zA-Z]*)"
_TERM_RE = re.compile(r"[ \t]*([0-9]+)[ \t]*((?:\([ \t]*[a-zA-Z]+[ \t]*\)[ \t]*)+|[a-zA-Z]*)")
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash: profiles are copied from PDFs
#: The whole notation, for the JSON Schema (the parser gives the precise message).
NOTATION_PATTERN = rf"^[ \t]*{_TERM}(?:[ \t]*[{_DASHES}]?[ \t]*{_TERM})*[ \t]*$"


class LevelRange(NamedTuple):
    """A factor's levels in a profile: ``low`` to ``high`` inclusive, letters by level."""

    low: int
    high: int
    #: (level, letters) for each level that names letters, in level order.
    letters: tuple[tuple[int, str], ...]
    #: The notation as written (stripped).
    text: str

    def letters_at(self, level: int) -> str:
        """Letters the profile names at a level ('' when it names none there)."""
        for number, letters in self.letters:
            if number == level:
                return letters
        return ""

    def contains(self, level: int) -> bool:
        """Whether a level lies inside the range."""
        return self.low <= level <= self.high

    def outside_by(self, level: int) -> int:
        """0 inside the range; +N above its top; -N below its bottom."""
        if level > self.high:
            return level - self.high
        if level < self.low:
            return level - self.low
        return 0

    @property
    def levels_text(self) -> str:
        """'2-3' or '4'."""
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@lru_cache(maxsize=4096)
def parse_range(raw: int | str) -> LevelRange:
    """Read a profile's level or range as published (``4a``, ``2-3ab``, ``2a-3ab4b``).

    Raises:
        ValueError: the text is not in the notation, names levels out of order, or writes
            two levels one after another that are not consecutive.
    """
    if isinstance(raw, int):
        if raw < 1:
            raise ValueError(f"{raw} is not a level: levels count from 1")
        return LevelRange(raw, raw, (), str(raw))
    text = raw.strip()
    if not text:
        raise ValueError("is empty: give a level (4a) or a range (2-3ab)")
    terms: list[tuple[int, str]] = []
    spans: list[bool] = []  # before each term after the first: True for '-', False for nothing
    pos = 0
    while True:
        match = _TERM_RE.match(text, pos)
        if match is None or len(match.group(1)) > 3:
            raise ValueError(_syntax(text, pos))
        number = int(match.group(1))
        if number < 1:
            raise ValueError(
                f"'{excerpt(text)}': level {number} does not exist; levels count from 1"
            )
        letters = re.sub(r"[()\s]", "", match.group(2)).lower()
        terms.append((number, letters))
        pos = match.end()
        if pos == len(text):
            break
        dash = text[pos] in _DASHES
        spans.append(dash)
        pos += 1 if dash else 0
    pairs = zip(terms, terms[1:], strict=False)  # each term with the next
    for ((before, _), (after, _)), dash in zip(pairs, spans, strict=True):
        if dash and after <= before:
            raise ValueError(
                f"'{excerpt(text)}': a span runs from a lower level to a higher one, not from "
                f"{before} to {after}"
            )
        if not dash and after != before + 1:
            raise ValueError(
                f"'{excerpt(text)}': levels {before} and {after} are written one after another, "
                f"which adds the next level only; write {before}-{after} for every level between "
                "them"
            )
    named: dict[int, str] = {}
    for number, letters in terms:
        if letters:
            named[number] = "".join(sorted(set(named.get(number, "") + letters)))
    return LevelRange(terms[0][0], terms[-1][0], tuple(sorted(named.items())), text)


def _syntax(text: str, pos: int) -> str:
    where = "" if pos == 0 else f" after '{excerpt(text[:pos], 20)}'"
    return (
        f"'{excerpt(text)}' is not a profile level{where}: write a level with optional letters "
        "(4a, 3(a)(b)), a span (2-3ab) or consecutive levels (2a-3ab4b)"
    )
