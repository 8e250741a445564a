"""Output formats: the one vocabulary every command's --format offers a part of.

A module that imports nothing heavy: the command line declares its options at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Output formats of evaluate, whatif and compare."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


class ListFormat(StrEnum):
    """Formats for listings."""

    TABLE = "table"
    JSON = "json"


class FamilyFormat(StrEnum):
    """Formats of rank."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class PanelFormat(StrEnum):
    """Output formats of panel."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


class EqualPayFormat(StrEnum):
    """Output formats of equalpay."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


class AppealFormat(StrEnum):
    """Output formats of appeal."""

    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"
    HTML = "html"
    DOCX = "docx"
