"""Markdown: fit for a pull-request comment, a wiki page or a panel pack.

User text (titles, names, evidence, band labels, file names) renders as the text it is: it goes
through :func:`cell` (escaped) or :func:`code` (a code span), never into the page raw, so a
questionnaire cannot put an image, a link or an HTML tag in a pull-request comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from jescore.safety import md_code, md_text

#: A web address shown as a link: http or https, and only characters an address may hold
#: unescaped (no spaces, quotes, angle brackets or backslashes).
_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")


def cell(value: object) -> str:
    """Text shown as itself, on one line: fit for a table cell, a list item or a heading."""
    return md_text(value)


def code(value: object) -> str:
    """Text as a code span (file names), whatever backticks it holds."""
    return md_code(value)


def link(url: str) -> str:
    """A web address as a markdown autolink, or a code span when it is not plain http(s).

    ``javascript:``, spaces or markup in an address make it a code span: a document never
    links anywhere else.
    """
    if _URL.fullmatch(url) is not None:
        return f"<{url}>"
    return md_code(url)


def table(headers: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> list[str]:
    """A table: ``align`` has one letter per column, ``l`` or ``r``; cells are already markdown.

    Headers are fixed text; every cell must already be made safe (:func:`cell`, :func:`code`
    or numbers).
    """
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    out = ["| " + " | ".join(headers) + " |", rule]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out
