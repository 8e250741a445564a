"""Pay scales: per band, the pay points and the years in band after which each is reached.

A pay scale file is a jescore file beside schemes, grading structures and profiles, with the
same provenance (``id``, ``name``, ``version``, ``status``, ``sources``, ``notes``). It adds the
date its pay takes ``effective``, and optional annual ``awards`` (a percentage from a date) that
later years of a cost model apply to every point. Shipped scales live in ``factors/scales/`` and
are named by id (``--scale nhs-afc-2025-26``); any other is named by its path.

Rules checked here, as findings with the location they concern, so that the loader can name the
line: points rise within each band, the first point is reached at 0 years, the years rise with
the points, band labels are unique, awards are above -100% and their dates after ``effective``
and in order.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated

from pydantic import Field, ValidationInfo, model_validator

from jescore.errors import Finding
from jescore.models import (
    DEFER_CHECKS,
    Identifier,
    Source,
    Status,
    Text,
    _Model,
)

#: Most points a band may have, and most bands a scale may have: far above any real scale.
MAX_POINTS = 100
MAX_BANDS = 200
#: Highest annual pay a point may name (a typo's extra digits are refused).
MAX_PAY = 10_000_000


class Point(_Model):
    """One pay point: the annual full-time pay, reached after ``after`` years in the band."""

    after: Annotated[int, Field(ge=0, le=60, description="Years in the band to reach it.")]
    pay: Annotated[
        float,
        Field(gt=0, le=MAX_PAY, strict=False, description="Annual full-time pay."),
    ]


class ScaleBand(_Model):
    """One band's pay points, lowest first."""

    label: Text
    status: Annotated[Status | None, Field(strict=False)] = Field(
        default=None,
        description="Where a band's figures are better established than the file's status says.",
    )
    points: list[Point] = Field(min_length=1, max_length=MAX_POINTS)

    @property
    def minimum(self) -> float:
        """The band's first point."""
        return self.points[0].pay

    @property
    def maximum(self) -> float:
        """The band's top point."""
        return self.points[-1].pay


class Award(_Model):
    """An award: every point rises by ``percent`` from ``date``."""

    date: Annotated[dt.date, Field(strict=False)]
    percent: Annotated[float, Field(strict=False, le=1000)]


class PayScale(_Model):
    """A pay scale file."""

    id: Identifier
    name: Text
    version: Text
    status: Annotated[Status, Field(strict=False)]
    sources: list[Source] = []
    notes: str | None = None
    currency: str = "GBP"
    effective: Annotated[
        dt.date, Field(strict=False, description="The date the scale's pay takes effect.")
    ]
    awards: list[Award] = []
    bands: list[ScaleBand] = Field(min_length=1, max_length=MAX_BANDS)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> PayScale:
        if not (info.context or {}).get(DEFER_CHECKS):
            errors = [f for f in scale_findings(self) if not f.warning]
            if errors:
                raise ValueError("; ".join(f.message for f in errors))
        return self

    @cached_property
    def _by_label(self) -> dict[str, ScaleBand]:
        return {b.label: b for b in self.bands}

    def band(self, label: str) -> ScaleBand | None:
        """A band by its label (None: the scale has no such band)."""
        return self._by_label.get(label)


def scale_findings(scale: PayScale) -> list[Finding]:
    """Points rise, years rise, the first point at 0 years, labels unique, awards sane.

    Bands are listed from the lowest paid: first and top points rise band by band.
    """
    findings: list[Finding] = []
    seen: set[str] = set()
    for i, band in enumerate(scale.bands):
        here: tuple[str | int, ...] = ("bands", i)
        if band.label in seen:
            findings.append(Finding((*here, "label"), f"band '{band.label}' is given twice"))
        seen.add(band.label)
        if band.points[0].after != 0:
            findings.append(
                Finding((*here, "points", 0, "after"), "the first point is reached at 0 years")
            )
        for j in range(1, len(band.points)):
            before, point = band.points[j - 1], band.points[j]
            if point.pay <= before.pay:
                findings.append(
                    Finding(
                        (*here, "points", j, "pay"),
                        f"points of band '{band.label}' must rise: point {j + 1} is not above "
                        f"point {j}",
                    )
                )
            if point.after <= before.after:
                findings.append(
                    Finding(
                        (*here, "points", j, "after"),
                        f"years in band of band '{band.label}' must rise: point {j + 1} is "
                        f"not reached later than point {j}",
                    )
                )
    # Bands are listed from the lowest paid: the direction of a move (up or down) is read from
    # this order, so a band's first and top points must be above the band before it.
    for i in range(1, len(scale.bands)):
        low, high = scale.bands[i - 1], scale.bands[i]
        if high.minimum <= low.minimum or high.maximum <= low.maximum:
            findings.append(
                Finding(
                    ("bands", i, "label"),
                    f"bands must be listed from the lowest paid: band '{high.label}' has a "
                    f"first or top point not above band '{low.label}''s",
                )
            )
    previous = scale.effective
    for i, award in enumerate(scale.awards):
        if award.percent <= -100:
            findings.append(Finding(("awards", i, "percent"), "an award must be above -100%"))
        if award.date <= previous:
            findings.append(
                Finding(
                    ("awards", i, "date"),
                    "awards must come after the scale's effective date, in date order",
                )
            )
        previous = award.date
    return findings
