"""Pydantic models of jescore's three file types, and the rules that make them consistent.

- :class:`Scheme`: a factor plan (factors, levels, points) with its provenance and, usually,
  its grading structure.
- :class:`GradingStructure`: bands mapping total points to pay bands. A scheme may carry one;
  a separate file can replace it at run time (local government employers each set their own).
- :class:`Questionnaire`: one job, its level on each factor and the evidence for it.

Models are frozen and forbid unknown keys. Validation is strict (``yes`` is not a string,
``"4"`` is not an integer) so that YAML's surprises never turn into a silently wrong score.

A scheme's size is bounded (:data:`MAX_FACTORS`, :data:`MAX_LEVELS`, :data:`MAX_POINTS`), far
above what real schemes use, so that no scheme can make a search run out of memory or time.

Rules that span several fields (levels numbered 1..N, points increasing, bands contiguous) are
written once, as functions returning :class:`Finding` lists, so that the loader can report every
problem with its own line and models built in code are held to the same rules.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from jescore.errors import Finding
from jescore.notation import NOTATION_PATTERN, parse_range
from jescore.safety import excerpt

#: Pydantic validation context key: the loader sets it to collect consistency findings
#: itself (with line numbers) instead of failing on the first one.
DEFER_CHECKS = "jescore_defer_checks"

#: Bounds on a scheme, with a wide margin over real schemes: the NHS scheme has 16 factors of at
#: most 8 levels and 1,000 points in all, the NJC scheme 13 factors and 1,000 points, and
#: Hay-like schemes a few thousand points (their step charts run to about 30 steps).
MAX_FACTORS = 50
#: Most levels a factor may have.
MAX_LEVELS = 50
#: Most points a level may be worth, and most points a scheme may total (every factor at its
#: top level).
MAX_POINTS = 100_000

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$",
        max_length=64,
        description="Lower-case letters, digits, '-' or '_', starting with a letter.",
    ),
]
Text = Annotated[str, Field(min_length=1)]


class Status(StrEnum):
    """How far a scheme's numbers can be trusted."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    ILLUSTRATIVE = "illustrative"


STATUS_MEANING = {
    Status.VERIFIED: "numbers confirmed against independent public sources",
    Status.UNVERIFIED: (
        "numbers NOT confirmed in an official source; check them against your own copy"
    ),
    Status.ILLUSTRATIVE: "numbers made up for an example; not a real scheme",
}


@dataclass(frozen=True, slots=True)
class FileRef:
    """Which file something came from: every result names it so that it can be reproduced."""

    path: str
    sha256: str
    shipped: bool = False


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Source(_Model):
    """Where a scheme's or grading structure's numbers come from."""

    title: Text
    url: str | None = None


class Level(_Model):
    """One level of one factor."""

    level: int = Field(ge=1, description="Level number, counting from 1.")
    points: int = Field(
        ge=0,
        description=f"Points this level is worth (at most {MAX_POINTS:,}).",
        json_schema_extra={"maximum": MAX_POINTS},
    )
    summary: Text = Field(description="One line, in the file author's own words.")
    letters: str = Field(
        default="",
        pattern=r"^[a-z]*$",
        description="Lettered alternatives this level has (e.g. 'abc'); empty: none, so a "
        "letter written with this level is an error.",
    )
    letters_confirmed: bool = Field(
        default=True,
        description="False when the level's letters could not be confirmed from a source: "
        "letters not listed are then accepted with a warning that they could not be checked.",
    )


#: The four criteria an analytical scheme's factors should cover between them (EU Directive
#: 2023/970, Article 4(4): skills, effort, responsibility and working conditions), in that order.
CRITERIA = ("skills", "effort", "responsibility", "working-conditions")

Criterion = Literal["skills", "effort", "responsibility", "working-conditions"]


class Factor(_Model):
    """One factor of a scheme, with its ordered levels."""

    id: Identifier
    name: Text
    group: str | None = None
    aliases: list[Identifier] = []
    role: Literal["knowledge", "supervision"] | None = Field(
        default=None,
        description="Marks the knowledge or the supervision factor, for consistency checks.",
    )
    criterion: Criterion | None = Field(
        default=None,
        description="Which of the four criteria of EU Directive 2023/970, Article 4(4) the "
        "factor measures: skills, effort, responsibility or working-conditions (for jescore "
        "scheme audit and neutrality).",
    )
    levels: list[Level] = Field(
        min_length=1,
        description=f"At most {MAX_LEVELS} levels.",
        json_schema_extra={"maxItems": MAX_LEVELS},
    )

    @property
    def top(self) -> int:
        """The highest level number."""
        return len(self.levels)

    def points(self, level: int) -> int:
        """Points for a level number (1-based)."""
        return self.levels[level - 1].points


def _coerce_label(value: Any) -> Any:
    # A band label is a string ("8a"), but `label: 3` is unambiguous: accept whole numbers.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class Band(_Model):
    """A pay band: an inclusive range of total points."""

    label: Text
    min: int = Field(ge=0)
    max: int | None = Field(default=None, description="Inclusive; omit for 'and above'.")

    _label = field_validator("label", mode="before")(_coerce_label)

    def contains(self, total: int) -> bool:
        """Whether a total lies in this band."""
        return self.min <= total and (self.max is None or total <= self.max)

    @property
    def range_text(self) -> str:
        """The range as people write it: '326-395' or '730+'."""
        return f"{self.min}+" if self.max is None else f"{self.min}-{self.max}"


class GradingStructure(_Model):
    """Bands that map total points to pay bands."""

    id: Identifier | None = None
    name: Text
    scheme: Identifier | None = Field(
        default=None, description="Id of the scheme these bands are for."
    )
    status: Annotated[Status | None, Field(strict=False)] = Field(
        default=None, description="Defaults to the status of the scheme it is used with."
    )
    sources: list[Source] = []
    notes: str | None = None
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> GradingStructure:
        _raise_unless_deferred(info, grading_findings(self))
        return self

    @cached_property
    def _floors(self) -> list[int]:
        return [band.min for band in self.bands]

    def index_of(self, band: Band) -> int:
        """Position of one of this structure's own bands (by identity: no field comparison)."""
        for i, candidate in enumerate(self.bands):
            if candidate is band:
                return i
        raise ValueError(f"band '{band.label}' is not one of '{self.name}'")

    def band_for(self, total: int) -> Band | None:
        """The band holding a total, or None when it lies outside every band."""
        # Bands are ordered and contiguous (checked at load), so the floors are sorted.
        i = bisect.bisect_right(self._floors, total) - 1
        if i >= 0 and self.bands[i].contains(total):
            return self.bands[i]
        return None


class Scheme(_Model):
    """A points-factor job evaluation scheme (a factor plan)."""

    id: Identifier
    name: Text
    edition: Text
    status: Annotated[Status, Field(strict=False)]
    sources: list[Source] = []
    notes: str | None = None
    factors: list[Factor] = Field(
        min_length=1,
        description=f"At most {MAX_FACTORS} factors, totalling at most {MAX_POINTS:,} points "
        "with every factor at its top level.",
        json_schema_extra={"maxItems": MAX_FACTORS},
    )
    grading: GradingStructure | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Scheme:
        _raise_unless_deferred(info, scheme_findings(self))
        return self

    @cached_property
    def _index(self) -> dict[str, Factor]:
        index: dict[str, Factor] = {}
        for factor in self.factors:
            index.setdefault(factor.id, factor)
            for alias in factor.aliases:
                index.setdefault(alias, factor)
        return index

    def factor_index(self) -> dict[str, Factor]:
        """Every factor by id and by each alias (first one wins; duplicates are findings)."""
        return self._index

    @property
    def min_total(self) -> int:
        """Total with every factor at level 1."""
        return sum(f.levels[0].points for f in self.factors)

    @property
    def max_total(self) -> int:
        """Total with every factor at its top level."""
        return sum(f.levels[-1].points for f in self.factors)


class Evidence(_Model):
    """A quote or reference from the job description or questionnaire."""

    text: Text
    source: str | None = Field(default=None, description="Where it is from, e.g. 'JD 3.2'.")
    by: list[Text] = Field(
        # A factory, not a [] default: pydantic deep-copies a mutable default for every instance.
        default_factory=list,
        description="Panel members who cited it (in a consensus record).",
    )


def _coerce_evidence(value: Any) -> Any:
    # Plain strings are the common case; they mean {text: ...}.
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    if isinstance(value, str):
        return [{"text": value}]
    return value


def _evidence_schema(schema: dict[str, Any]) -> None:
    # What _coerce_evidence accepts, so that editors do not flag plain strings.
    items = schema.pop("items")
    del schema["type"]
    schema["anyOf"] = [
        {"type": "string"},
        {"type": "array", "items": {"anyOf": [{"type": "string"}, items]}},
    ]


# ASCII digits only: "٣" or "２" is not a level number, whatever str.isdigit() says.
_LEVEL_RE = re.compile(r"^([0-9]{1,3})((?:\([a-zA-Z]+\))*|[a-zA-Z]*)$")
_RANGE_RE = re.compile(r"^[0-9]+[a-zA-Z()]*\s*-\s*[0-9]+")


@lru_cache(maxsize=4096)
def parse_level(raw: int | str) -> tuple[int, str]:
    """Split a level as written (``4``, ``"4a"``, ``"4(a)"``, ``"4ab"``) into number and letters.

    Raises:
        ValueError: the text is not a single level.
    """
    if isinstance(raw, int):
        if raw < 1:
            raise ValueError(f"{raw} is not a level: levels count from 1")
        return raw, ""
    text = raw.strip()
    match = _LEVEL_RE.match(text)
    if match is None:
        if _RANGE_RE.match(text):
            raise ValueError(
                f"'{excerpt(raw)}' is a range (as in a national profile); an evaluation picks "
                "one level"
            )
        raise ValueError(
            f"'{excerpt(raw)}' is not a level: write a number, optionally with letters (4, 4a)"
        )
    number = int(match.group(1))
    if number < 1:
        raise ValueError(f"'{excerpt(raw)}' is not a level: levels count from 1")
    letters = match.group(2).replace("(", "").replace(")", "").lower()
    return number, letters


def _check_level(value: Any) -> int | str:
    if value is None:
        raise ValueError("no level chosen: give a level such as 4 or '4a'")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(
            f"{excerpt(repr(value))} is not a level: write a whole number (4) or a number "
            "with letters (4a)"
        )
    parse_level(value)
    return value


LevelRef = Annotated[
    int | str,
    PlainValidator(_check_level),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": _LEVEL_RE.pattern},
            ],
            "description": "Level number, optionally with letters: 4, '4a', '4(a)'.",
        }
    ),
]


class PanelRecord(_Model):
    """In a consensus record: each panel member's level, and whether the panel must discuss it."""

    members: dict[str, LevelRef] = Field(
        min_length=1, description="Each member's level, by the member's name."
    )
    discuss: bool = Field(
        default=False,
        description="True when the members split evenly between two levels: the level given is "
        "the lower one until the panel settles it (set the level, remove 'discuss'). jescore "
        "warns on every use of such a record, and --strict refuses it.",
    )
    levels: list[Annotated[int, Field(ge=1)]] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="With discuss: the two levels the members split between, lower first.",
    )


Sha256 = Annotated[
    str, Field(pattern=r"^[0-9a-f]{64}$", description="A file's sha256, in hexadecimal.")
]


class ScoredWith(_Model):
    """Which version of a scheme or grading file a record was scored under."""

    sha256: Sha256
    edition: str | None = Field(default=None, description="The scheme's edition, as it said.")


class Consensus(_Model):
    """A consensus record's account of the panel: who sat, under which files, the outcome."""

    members: list[Evaluator] = Field(min_length=1, description="The panel's members.")
    scheme: ScoredWith = Field(
        description="The scheme file the members scored under: jescore warns when the scheme "
        "file is no longer the same (--strict refuses)."
    )
    grading: ScoredWith | None = Field(
        default=None,
        description="The grading-structure file the members' bands came from, when not the "
        "scheme's own.",
    )
    outcome: str | None = Field(
        default=None,
        description="Where the members split evenly: the outcome both ways, in words.",
    )


class Answer(_Model):
    """The level chosen for one factor of one job, with the evidence for it."""

    level: LevelRef
    evidence: list[Evidence] = Field(default=[], json_schema_extra=_evidence_schema)
    rationale: str | None = None
    panel: PanelRecord | None = Field(
        default=None, description="A consensus record's account of the members' levels."
    )

    _evidence = field_validator("evidence", mode="before")(_coerce_evidence)

    @property
    def number(self) -> int:
        """The level number (letters never change the points)."""
        return parse_level(self.level)[0]

    @property
    def letters(self) -> str:
        """Lettered alternatives named with the level, lower case ('' when none)."""
        return parse_level(self.level)[1]


class Job(_Model):
    """What the job is: title and reference data."""

    title: Text
    reference: str | None = None
    organisation: str | None = None
    version: str | None = None
    date: Annotated[dt.date | None, Field(strict=False)] = None
    notes: str | None = None
    family: str | None = Field(
        default=None, description="Job family, for consistency checks within it."
    )
    reports_to: str | None = Field(
        default=None, description="The reference of the manager's job, for consistency checks."
    )


class Equality(_Model):
    """Optional equality monitoring data for a job; never required."""

    #: No job holds more people than this: a larger count is a typing error (and would not
    #: survive JSON in programs that read numbers as doubles).
    headcount: dict[str, Annotated[int, Field(ge=0, le=10_000_000)]] = Field(
        default_factory=dict, description="People in the job by group, e.g. {women: 12, men: 3}."
    )


class Evaluator(_Model):
    """Who scored a questionnaire: one member of a panel."""

    name: Text
    side: Literal["management", "staff", "independent"] | None = Field(
        default=None, description="The member's side on a partnership panel, if any."
    )


class Questionnaire(_Model):
    """One job's evaluation: its level on every factor of one scheme, with evidence."""

    job: Job
    evaluator: Evaluator | None = Field(
        default=None,
        description="Who scored it; several questionnaires for one job are one panel's scores.",
    )
    scheme: Text = Field(description="A shipped scheme id, or a path relative to this file.")
    grading: str | None = Field(
        default=None,
        description="Optional grading structure (shipped id or path) replacing the scheme's bands.",
    )
    factors: dict[str, Answer] = Field(min_length=1)
    equality: Equality | None = None
    panel: Consensus | None = Field(
        default=None, description="In a consensus record (jescore panel --consensus): the panel."
    )


# --- job profiles ------------------------------------------------------------------------


def _check_range(value: Any) -> int | str:
    if value is None:
        raise ValueError("no level given: write a level (4a) or a range (2-3ab)")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(
            f"{excerpt(repr(value))} is not a profile level: write a level (4a) or a range (2-3ab)"
        )
    parse_range(value)
    return value


RangeRef = Annotated[
    int | str,
    PlainValidator(_check_range),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": NOTATION_PATTERN},
            ],
            "description": "A level or range as published: 4, '4a', '2-3ab', '2a-3ab4b', "
            "'3(a)(b)'.",
        }
    ),
]


class ProfileInfo(_Model):
    """What the profile is: its title, band, and where its levels come from."""

    title: Text
    reference: str | None = None
    band: Text = Field(description="The band the profile is graded in, e.g. '5' or '8a'.")
    status: Annotated[Status, Field(strict=False)] = Field(
        description="verified, unverified or illustrative: how far the levels can be trusted."
    )
    sources: list[Source] = []
    statement: list[Text] = Field(
        default_factory=list, description="The job statement: what jobs matching the profile do."
    )
    notes: str | None = None

    _band = field_validator("band", mode="before")(_coerce_label)

    @field_validator("statement", mode="before")
    @classmethod
    def _one_line_statement(cls, value: Any) -> Any:
        # A statement of one line may be written as plain text.
        return [value] if isinstance(value, str) else value


class Profile(_Model):
    """A national job profile: a level or range per factor of a scheme, and a band."""

    profile: ProfileInfo
    scheme: Text = Field(description="A shipped scheme id, or a path relative to this file.")
    factors: dict[str, RangeRef] = Field(min_length=1)


def _raise_unless_deferred(info: ValidationInfo, findings: list[Finding]) -> None:
    if (info.context or {}).get(DEFER_CHECKS):
        return
    errors = [f for f in findings if not f.warning]
    if errors:
        raise ValueError("; ".join(f"{_dotted(f.loc)}: {f.message}" for f in errors))


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in loc)


def grading_findings(
    grading: GradingStructure, prefix: tuple[str | int, ...] = ()
) -> list[Finding]:
    """Bands must be ordered, contiguous (no gaps, no overlaps) and uniquely labelled."""
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    previous: Band | None = None
    for i, band in enumerate(grading.bands):
        here = (*prefix, "bands", i)
        if band.label in seen:
            findings.append(
                Finding(
                    (*here, "label"), f"band '{band.label}' is also band #{seen[band.label] + 1}"
                )
            )
        seen.setdefault(band.label, i)
        if band.max is not None and band.max < band.min:
            findings.append(
                Finding(
                    (*here, "max"), f"max {band.max} is below min {band.min} of band '{band.label}'"
                )
            )
        if previous is not None:
            if previous.max is None:
                findings.append(
                    Finding(
                        here,
                        f"band '{previous.label}' has no max, so no band may follow it",
                    )
                )
            elif band.min > previous.max + 1:
                findings.append(
                    Finding(
                        (*here, "min"),
                        f"gap: totals {previous.max + 1}-{band.min - 1} lie between band "
                        f"'{previous.label}' (ends {previous.max}) and band '{band.label}'",
                    )
                )
            elif band.min <= previous.max:
                findings.append(
                    Finding(
                        (*here, "min"),
                        f"overlap: band '{band.label}' starts at {band.min}, inside band "
                        f"'{previous.label}' ({previous.range_text}); bands must be in "
                        "ascending order and must not overlap",
                    )
                )
        previous = band
    return findings


def size_findings(scheme: Scheme) -> list[Finding]:
    """A scheme within the bounds: factors, levels per factor, points per level and in all."""
    findings: list[Finding] = []
    if len(scheme.factors) > MAX_FACTORS:
        findings.append(
            Finding(
                ("factors",),
                f"{len(scheme.factors)} factors; a scheme may have at most {MAX_FACTORS} "
                "(real schemes have 11 to 16)",
            )
        )
    big = False
    for i, factor in enumerate(scheme.factors):
        if factor.top > MAX_LEVELS:
            findings.append(
                Finding(
                    ("factors", i, "levels"),
                    f"'{factor.id}' has {factor.top} levels; a factor may have at most "
                    f"{MAX_LEVELS} (real schemes have up to 8)",
                )
            )
        for k, level in enumerate(factor.levels):
            if level.points > MAX_POINTS:
                big = True
                findings.append(
                    Finding(
                        ("factors", i, "levels", k, "points"),
                        f"level {k + 1} of '{factor.id}' is worth {excerpt(f'{level.points:,}')} "
                        f"points; a level may be worth at most {MAX_POINTS:,}",
                    )
                )
    total = scheme.max_total
    if total > MAX_POINTS and not big:
        findings.append(
            Finding(
                ("factors",),
                f"every factor at its top level totals {total:,} points; a scheme may total at "
                f"most {MAX_POINTS:,} (the NHS and NJC schemes total 1,000, Hay-like schemes a "
                "few thousand)",
            )
        )
    return findings


def scheme_findings(scheme: Scheme) -> list[Finding]:
    """Factor ids unique, levels numbered 1..N, points strictly increasing; bands consistent.

    And the scheme within its bounds (:func:`size_findings`).
    """
    findings: list[Finding] = size_findings(scheme)
    owner: dict[str, int] = {}
    for i, factor in enumerate(scheme.factors):
        for j, name in enumerate((factor.id, *factor.aliases)):
            loc: tuple[str | int, ...] = (
                ("factors", i, "id") if j == 0 else ("factors", i, "aliases", j - 1)
            )
            if name in owner:
                what = "factor id" if j == 0 else "alias"
                findings.append(
                    Finding(loc, f"{what} '{name}' is already used by factors[{owner[name]}]")
                )
            else:
                owner[name] = i
        for k, level in enumerate(factor.levels):
            here = ("factors", i, "levels", k)
            if level.level != k + 1:
                findings.append(
                    Finding(
                        (*here, "level"),
                        f"levels of '{factor.id}' must be numbered 1..{factor.top} in order: "
                        f"expected {k + 1}, found {level.level}",
                    )
                )
            if k and level.points <= factor.levels[k - 1].points:
                findings.append(
                    Finding(
                        (*here, "points"),
                        f"points must rise with the level: level {k + 1} of '{factor.id}' has "
                        f"{level.points}, level {k} has {factor.levels[k - 1].points}",
                    )
                )
    if scheme.grading is not None:
        band_findings = grading_findings(scheme.grading, ("grading",))
        findings.extend(band_findings)
        if not band_findings:
            findings.extend(coverage_findings(scheme, scheme.grading, ("grading",)))
    return findings


def coverage_findings(
    scheme: Scheme, grading: GradingStructure, prefix: tuple[str | int, ...] = ()
) -> list[Finding]:
    """Warn where totals the scheme can produce lie outside every band."""
    lo, hi = scheme.min_total, scheme.max_total
    first, last = grading.bands[0], grading.bands[-1]
    findings: list[Finding] = []
    if lo < first.min:
        findings.append(
            Finding(
                (*prefix, "bands", 0, "min"),
                f"possible totals {lo}-{first.min - 1} lie below every band",
                warning=True,
            )
        )
    if last.max is not None and hi > last.max:
        findings.append(
            Finding(
                (*prefix, "bands", len(grading.bands) - 1, "max"),
                f"possible totals {last.max + 1}-{hi} lie above every band "
                "(such jobs are reported as outside the grading structure)",
                warning=True,
            )
        )
    return findings


def not_a_factor(scheme: Scheme, name: str) -> str:
    """The message for a factor name the scheme does not have, with the nearest one if any."""
    hint = difflib.get_close_matches(name, list(scheme.factor_index()), n=1)
    did_you_mean = f" (did you mean '{hint[0]}'?)" if hint else ""
    known = ", ".join(f.id for f in scheme.factors)
    return (
        f"'{excerpt(name)}' is not a factor of scheme '{scheme.id}'{did_you_mean}; its factors "
        f"are: {known}"
    )


def questionnaire_findings(questionnaire: Questionnaire, scheme: Scheme) -> list[Finding]:
    """Every factor of the scheme answered exactly once, with a level (and letters) it has."""
    index = scheme.factor_index()
    findings: list[Finding] = []
    answered: dict[str, str] = {}
    for key, answer in questionnaire.factors.items():
        factor = index.get(key)
        if factor is None:
            findings.append(Finding(("factors", key), not_a_factor(scheme, key)))
            continue
        if factor.id in answered:
            findings.append(
                Finding(
                    ("factors", key),
                    f"factor '{factor.id}' is answered twice "
                    f"(as '{excerpt(answered[factor.id])}' and '{excerpt(key)}')",
                )
            )
            continue
        answered[factor.id] = key
        number, letters = answer.number, answer.letters
        if number > factor.top:
            findings.append(
                Finding(
                    ("factors", key, "level"),
                    f"{number} is above the top level ({factor.top}) of {factor.name}",
                )
            )
            continue
        if letters:
            findings.extend(letter_findings(("factors", key, "level"), factor, number, letters))
    missing = [f for f in scheme.factors if f.id not in answered]
    for factor in missing:
        findings.append(
            Finding(("factors",), f"no answer for factor '{factor.id}' ({factor.name})")
        )
    return findings


def record_findings(
    questionnaire: Questionnaire,
    scheme: Scheme,
    scheme_file: FileRef,
    grading_file: FileRef | None,
) -> list[Finding]:
    """Warnings that a consensus record does not (yet) hold a settled decision.

    A factor marked ``discuss: true`` (an even split the panel has still to settle), and a
    record scored under another version of its scheme file, or of its grading file, than the
    one read now. The loader makes them errors under ``--strict``.
    """
    findings: list[Finding] = []
    index = scheme.factor_index()
    for key, answer in questionnaire.factors.items():
        record = answer.panel
        if record is None or not record.discuss:
            continue
        factor = index.get(key)
        name = factor.name if factor is not None else excerpt(key)
        between = ""
        if record.levels:
            low, high = record.levels
            between = f" between {low} and {high}"
        findings.append(
            Finding(
                ("factors", key, "panel", "discuss"),
                f"{name} is not settled: the panel split evenly{between}, and this record gives "
                f"level {excerpt(str(answer.level))} until the panel decides (set the level and "
                "remove 'discuss: true')",
                warning=True,
            )
        )
    panel = questionnaire.panel
    if panel is None:
        return findings
    was = panel.scheme
    if was.sha256 != scheme_file.sha256:
        edition = f", edition '{excerpt(was.edition)}'" if was.edition else ""
        findings.append(
            Finding(
                ("panel", "scheme", "sha256"),
                f"the panel scored this job under another version of scheme '{scheme.id}' "
                f"(sha256 {was.sha256[:12]}{edition}); {excerpt(scheme_file.path, 200)} is now "
                f"sha256 {scheme_file.sha256[:12]}, edition '{excerpt(scheme.edition)}': levels "
                "may be worth other points",
                warning=True,
            )
        )
    bands = panel.grading
    if bands is not None and (grading_file is None or grading_file.sha256 != bands.sha256):
        now = (
            f"{excerpt(grading_file.path, 200)} (sha256 {grading_file.sha256[:12]})"
            if grading_file is not None
            else "the scheme's own bands"
        )
        findings.append(
            Finding(
                ("panel", "grading", "sha256"),
                f"the panel banded this job with another grading file (sha256 "
                f"{bands.sha256[:12]}) than this run uses: {now}",
                warning=True,
            )
        )
    return findings


def letter_findings(
    loc: tuple[str | int, ...], factor: Factor, number: int, letters: str
) -> list[Finding]:
    """Letters must be alternatives the level has; unconfirmed levels only warn."""
    level = factor.levels[number - 1]
    bad = sorted({c for c in letters if c not in level.letters})
    if not bad:
        return []
    written = ", ".join(bad)
    if not level.letters_confirmed:
        known = f"known: {', '.join(level.letters)}" if level.letters else "none known"
        return [
            Finding(
                loc,
                f"letter {written} on level {number} of {factor.name} could not be checked: "
                f"the scheme marks this level's letters as unconfirmed ({known})",
                warning=True,
            )
        ]
    if not level.letters:
        return [
            Finding(
                loc,
                f"level {number} of {factor.name} has no lettered alternatives; remove "
                f"{written} (write {number})",
            )
        ]
    return [
        Finding(
            loc,
            f"level {number} of {factor.name} has alternatives {', '.join(level.letters)}, "
            f"not {written}",
        )
    ]
