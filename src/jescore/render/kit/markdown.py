"""Markdown: fit for a pull-request comment, a wiki page or a panel pack.

User text (titles, names, evidence, band labels, file names) renders as the text it is: it goes
through :func:`cell` (escaped) or :func:`code` (a code span), never into the page raw, so a
questionnaire cannot put an image, a link or an HTML tag in a pull-request comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jescore.safety import md_code, md_text


def cell(value: object) -> str:
    """Text shown as itself, on one line: fit for a table cell, a list item or a heading."""
    return md_text(value)


def code(value: object) -> str:
    """Text as a code span (file names), whatever backticks it holds."""
    return md_code(value)


def table(headers: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> list[str]:
    """A table: ``align`` has one letter per column, ``l`` or ``r``; cells are already markdown.

    Headers are fixed text; every cell must already be made safe (:func:`cell`, :func:`code`
    or numbers).
    """
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    out = ["| " + " | ".join(headers) + " |", rule]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out
