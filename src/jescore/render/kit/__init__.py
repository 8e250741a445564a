"""The shared kit at the bottom of the renderers: what every result's formats are built from.

- :mod:`.envelope`: the one JSON envelope (shape 2) and the sub-objects every command shares;
- :mod:`.console`: text for terminals and plain files (paragraphs, tables, colour);
- :mod:`.columns`: one-line-per-row listings for thousands of rows;
- :mod:`.markdown`: markdown cells, code spans and tables;
- :mod:`.phrases`: the sentences every human-readable format shares;
- :mod:`.html`, :mod:`.docx`, :mod:`.yaml`: pages, Word documents and YAML records.

A renderer is a function ``(view, target) -> str | bytes``; each result module maps the formats
it offers to its renderers in ``FORMATS``, and the command line's ``emit`` picks one, writes its
output, and chooses nothing else. This module imports nothing heavy: the command line loads it at
start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from jescore.formats import Format

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Target:
    """Where output goes: its width in terminal cells, colour, and whether it is a terminal.

    ``terminal`` is true only for a table on an interactive terminal: renderers may then shorten
    long cells to fit (piped or written to a file, every cell is whole).
    """

    width: int = 80
    color: bool = False
    terminal: bool = False
    #: Paper for documents and printed pages: "a4" or "letter".
    paper: str = "a4"


#: A renderer: the view of one result, for one target, as text (or bytes, for documents).
Renderer = Callable[[V, Target], str | bytes]
#: The formats a result offers, each with its renderer.
Formats = Mapping[Format, Renderer[V]]
