"""Named choices shared by the command line and the core: gates, directions, groupings.

A module that imports nothing heavy, so that the command line can declare its options at
start-up while the core (compare, search, equalpay) uses the same names.
"""

from __future__ import annotations

from enum import StrEnum


class Grouping(StrEnum):
    """Groups of equal work in an equal pay audit."""

    BAND = "band"
    JOB = "job"


class PayBasis(StrEnum):
    """What a staff file's pay column holds."""

    BASIC = "basic"
    FTE = "fte"
    HOURLY = "hourly"


class Delimiter(StrEnum):
    """The delimiter of a CSV staff file."""

    COMMA = ","
    SEMICOLON = ";"
    TAB = "tab"

    @property
    def character(self) -> str:
        """The character itself."""
        return "\t" if self is Delimiter.TAB else self.value


class Decimal(StrEnum):
    """The decimal mark of numbers in a staff file."""

    POINT = "."
    COMMA = ","


class SchemaKind(StrEnum):
    """File types with a JSON Schema."""

    QUESTIONNAIRE = "questionnaire"
    SCHEME = "scheme"
    GRADING = "grading"
    PROFILE = "profile"
    SCALE = "scale"


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


#: The pay periods of the UK pay gap rules and the days in each (GOV.UK: a month counts as
#: 30.44 days).
PERIOD_DAYS: dict[str, float] = {
    "weekly": 7.0,
    "fortnightly": 14.0,
    "four-weekly": 28.0,
    "monthly": 30.44,
}
