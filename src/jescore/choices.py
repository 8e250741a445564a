"""The fixed choices of jescore's options, in a module that imports nothing heavy.

The command line needs these names to declare its options, and must start fast: so they live
here rather than beside the code that uses them (which imports pydantic, rich and so on).
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


class Grouping(StrEnum):
    """Groups of equal work in an equal pay audit."""

    BAND = "band"
    JOB = "job"


class PayBasis(StrEnum):
    """What a staff file's pay column holds."""

    BASIC = "basic"
    FTE = "fte"
    HOURLY = "hourly"


class AppealFormat(StrEnum):
    """Output formats of appeal."""

    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"
    HTML = "html"
    DOCX = "docx"


class SchemaKind(StrEnum):
    """File types with a JSON Schema."""

    QUESTIONNAIRE = "questionnaire"
    SCHEME = "scheme"
    GRADING = "grading"
    PROFILE = "profile"


class MatchGate(StrEnum):
    """When ``jescore match`` should fail (exit 1)."""

    NO_MATCH = "no-match"
    VARIATIONS = "variations"
    NEVER = "never"


class Gate(StrEnum):
    """When ``jescore compare`` should fail (exit 1)."""

    BAND_CHANGE = "band-change"
    BAND_DOWN = "band-down"
    BAND_UP = "band-up"
    SCORE_CHANGE = "score-change"
    NEVER = "never"


class Direction(StrEnum):
    """Which way factor levels may move."""

    UP = "up"
    DOWN = "down"
    ANY = "any"
