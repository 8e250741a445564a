"""Output formats: the one vocabulary every command's --format offers a part of.

With ``--output FILE`` and no ``--format``, the format follows the file's extension. A module
that imports nothing heavy: the command line declares its options at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Every output format jescore writes; each command offers some of them."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    HTML = "html"
    DOCX = "docx"
    YAML = "yaml"
    XLSX = "xlsx"


#: The format a file's extension says it holds.
EXTENSIONS: dict[str, Format] = {
    ".txt": Format.TABLE,
    ".json": Format.JSON,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".csv": Format.CSV,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".docx": Format.DOCX,
    ".yaml": Format.YAML,
    ".yml": Format.YAML,
    ".xlsx": Format.XLSX,
}

#: Formats that are documents, not text: written to a file only.
BINARY = frozenset({Format.DOCX, Format.XLSX})


def extension_of(fmt: Format) -> str:
    """The usual extension of a format's files ('.md' for markdown)."""
    return next(ext for ext, f in EXTENSIONS.items() if f is fmt)
