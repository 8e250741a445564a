"""``paygap``: the UK's six gender pay gap figures and the EU's Article 9 indicators.

Formats: table, json, csv (the UK government service's fields; the EU categories when the
report is EU only), markdown and html (a printable report with the quartile and category
charts). Every format carries the method: populations and their sizes,
people left out and why, denominators, the hourly basis, the quartile and tie rules, rounding
and how sex is recorded. JSON is unrounded; tables and markdown show one decimal place. Only
aggregates reach these renderers, as the disclosure control publishes them; a figure not
published is ``null`` in JSON with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from typing_extensions import TypedDict

from jescore.enums import PERIOD_DAYS
from jescore.formats import Format
from jescore.models import FileRef
from jescore.paygap import (
    EU,
    EU_SOURCE,
    UK,
    UK_SOURCE,
    Category,
    Gap,
    Quartile,
    Report,
    WorkerReply,
)
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Column, Doc, Table
from jescore.render.kit.envelope import Envelope, Sources, dumps
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code
from jescore.safety import csv_text

COMMAND = "paygap"


@dataclass(frozen=True, slots=True)
class PaygapView:
    """The report, and the files it was made from (questionnaires, schemes, the staff file)."""

    report: Report
    #: (questionnaire file, scheme, scheme file, grading file or None) of each job.
    jobs: tuple[tuple[FileRef, Any, FileRef, FileRef | None], ...]
    staff: FileRef


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def remedy_date(r: Report) -> date | None:
    """Six months after --report-date (Article 10(1)(c)), or None."""
    d = r.options.report_date
    return None if d is None else _add_months(d, 6)


# --- the method, said in every format -------------------------------------------------------


#: Why staff rows were left out (--skip-bad-rows, --skip-unknown-jobs), after "N rows".
_SKIPPED = {"bad value": "with a bad value", "unknown job": "of an unknown job"}


def method(r: Report) -> list[tuple[str, str]]:
    """(topic, text) lines that say how every figure was computed."""
    o = r.options
    k = o.min_group
    out: list[tuple[str, str]] = [
        ("Snapshot date", o.snapshot.isoformat() if o.snapshot else "not given (--snapshot)"),
        (
            "Sex",
            "as recorded in the staff file (F/M, female/male, woman/man); the UK guidance "
            "since May 2026 asks for biological sex. People recorded as neither are counted "
            "and reported, and left out of the comparisons, which compare women and men",
        ),
        (
            "Gap",
            "(men - women) / men x 100: positive where men are paid more; men's figure is "
            "always the denominator",
        ),
        ("Median", "of an even count, the mean of the two middle values"),
        (
            "Rounding",
            "computed unrounded (sums exact to 1e-9) and rounded once: one decimal place in "
            "tables, markdown and csv; JSON unrounded",
        ),
        (
            "Privacy",
            f"no person's row is shown; pay figures of fewer than {k} people are withheld, and "
            "more where the figures shown would let anyone's pay be worked out (counts are "
            "always shown)"
            + (
                "; the UK's six figures excepted (see UK small numbers)" if r.uk is not None else ""
            ),
        ),
    ]
    if r.uk is not None:
        days = ", ".join(f"{p} {d:g}" for p, d in PERIOD_DAYS.items())
        out += [
            ("UK source", UK_SOURCE),
            (
                "UK hourly rate",
                "(ordinary pay + bonus paid in the pay period, pro-rated to it) x 7 / days in "
                f"the period ({days}; or the period_days column) / weekly working hours",
            ),
            (
                "UK populations",
                "hourly gaps and quartiles: full-pay relevant employees (not on reduced or nil "
                "pay because of leave in the pay period); bonus gaps: relevant employees paid "
                "a bonus in the 12 months to the snapshot date; bonus shares: those paid a "
                "bonus over all relevant employees of the same sex",
            ),
            (
                "UK quartiles",
                "full-pay relevant women and men ranked by hourly rate, four bands by count; "
                "the people left over go to the lower band (1), the lower and upper middle "
                "(2), the lower, lower middle and upper middle (3); people on one rate across "
                "a boundary are split in proportion to the sexes at that rate (largest "
                "remainder)",
            ),
        ]
    if r.eu is not None:
        comp = (
            "those who received any (the UK's bonus convention)"
            if o.components == "recipients"
            else "everyone"
        )
        out += [
            ("EU source", EU_SOURCE),
            (
                "EU pay",
                "gross annual pay = annual basic + annual complementary or variable "
                "components (every amount in the components column: bonuses, allowances, "
                "benefits in kind, employer pension contributions as the file gives them); "
                "gross hourly pay = annual pay / annual hours paid",
            ),
            ("EU components (b), (d), (g)", f"averaged over {comp}"),
            (
                "EU quartiles (f)",
                "women and men ranked by gross hourly pay, four bands by count, leftovers and "
                "ties as the UK rule (the directive leaves both open)",
            ),
            (
                "EU categories (g)",
                (
                    "each band of the evaluations (work of equal value), one grading structure "
                    "per category, never pooled"
                    if o.by == "band"
                    else "each evaluated job (same work)"
                )
                + "; the criteria are the factors of the named scheme(s)"
                + (
                    ": " + ", ".join(f"{i} ({n})" for i, n in r.schemes.items())
                    if r.schemes
                    else ""
                )
                + "; basic and components gaps on hourly pay",
            ),
            (
                "Article 10 screen",
                f"a mean gap in hourly pay (basic + components) of {o.article10_pct:g}% or more "
                "either way in a category is flagged (the gap rounded to 6 decimal places "
                "first, so that a gap of exactly 5% is flagged whatever the hours); "
                "justification and remedy are the employer's"
                + (
                    f"; remedy by {remedy_date(r)} (six months after the report date "
                    f"{o.report_date})"
                    if o.report_date
                    else " (give --report-date for the remedy date)"
                ),
            ),
        ]
    if r.uk is not None:
        out.append(
            (
                "UK small numbers",
                "the Regulations require the six figures of every employer in scope, with no "
                "small-numbers exemption; jescore does not make a gap that rests on fewer than "
                f"{o.min_group} people of a sex (beside the other sex's mean from another output "
                "of the same file it would give their pay away) and says which; shares paid a "
                "bonus and quartile bands are counts, always shown; no UK amount (a mean or "
                "median rate or bonus in money) is published in any format"
                + ("" if not r.uk.few_said else ": " + "; ".join(r.uk.few_said)),
            )
        )
    if r.absent:
        out.append(("Absent columns", "; ".join(r.absent.values())))
    counted = [
        f"{n:,} {'row' if n == 1 else 'rows'} {_SKIPPED.get(why, why)}"
        + (" (EU figures only; the UK figures count them)" if why == "unknown job" and r.uk else "")
        for why, n in r.skipped.items()
    ]
    for regime, reasons in r.left_out.items():
        counted += [f"{regime.upper()}: {n:,} {why}" for why, n in reasons.items()]
    out.append(("Left out", "; ".join(counted) if counted else "no one"))
    return out


# --- json -------------------------------------------------------------------------------------


class SexesJSON(TypedDict):
    """Women and men."""

    women: int
    men: int


class PopulationsJSON(TypedDict):
    """The UK's two populations."""

    relevant: SexesJSON
    full_pay_relevant: SexesJSON
    other_sex: int


class PctJSON(TypedDict):
    """A percentage of women and of men (null where not computable)."""

    women: float | None
    men: float | None


class QuartileJSON(TypedDict):
    """One quartile pay band."""

    quartile: str
    women: int
    men: int
    women_pct: float | None
    men_pct: float | None


class SuppressedJSON(TypedDict):
    """A figure not published, and why."""

    figure: str
    reason: str


class UKJSON(TypedDict):
    """The six figures (percentages unrounded)."""

    populations: PopulationsJSON
    mean_hourly_gap_pct: float | None
    median_hourly_gap_pct: float | None
    mean_bonus_gap_pct: float | None
    median_bonus_gap_pct: float | None
    bonus_pct: PctJSON
    bonus_paid: SexesJSON
    quartiles: list[QuartileJSON]
    suppressed: list[SuppressedJSON]
    #: Figures resting on fewer than min_group people of a sex, published as the Regulations
    #: require: "hourly" or "bonus" -> sex -> how many.
    rests_on_few: dict[str, dict[str, int]]


class PairJSON(TypedDict):
    """A gap on hourly and on annual pay."""

    hourly: float | None
    annual: float | None


class SharesJSON(TypedDict):
    """(e): shares receiving components."""

    women_pct: float | None
    men_pct: float | None
    women: int
    men: int


class CategoryRefJSON(TypedDict):
    """A category: a band of a scheme's grading structure, or a job."""

    scheme: str
    structure: str
    band: str | None
    job: str | None


class GapsJSON(TypedDict):
    """Mean and median gaps."""

    mean_gap_pct: float | None
    median_gap_pct: float | None


class CategoryJSON(TypedDict):
    """(g): one category of workers."""

    category: CategoryRefJSON
    women: int
    men: int
    other_sex: int
    basic: GapsJSON
    components: GapsJSON
    pay: GapsJSON
    article10: bool | None
    justification: str | None
    remedy_date: str | None
    suppressed: list[str]


class EUJSON(TypedDict):
    """The seven Article 9 indicators (percentages unrounded)."""

    workers: SexesJSON
    other_sex: int
    a: PairJSON
    b: PairJSON
    c: PairJSON
    d: PairJSON
    e: SharesJSON
    f: list[QuartileJSON]
    g: list[CategoryJSON]
    g_note: str | None
    suppressed: list[SuppressedJSON]


class PayJSON(TypedDict):
    """Women's and men's mean pay in a category (null where not published)."""

    women: int
    men: int
    women_mean: float | None
    men_mean: float | None


class CriterionJSON(TypedDict):
    """A factor of the scheme: criterion and weight."""

    factor: str
    criterion: str | None
    points: int
    weight_pct: float


class WorkerJSON(TypedDict):
    """An Article 7 reply: one worker's own pay level and their category's figures."""

    id: str
    annual_pay: float | None
    hourly_pay: float | None
    category: CategoryRefJSON
    annual: PayJSON
    hourly: PayJSON
    scheme: str
    scheme_name: str
    criteria: list[CriterionJSON]
    suppressed: list[str]


class MethodJSON(TypedDict):
    """One line of the method."""

    topic: str
    text: str


class StaffJSON(TypedDict):
    """The staff file: how it was read, its rows, what was skipped."""

    path: str
    sha256: str
    rows: int
    skipped: dict[str, int]
    left_out: dict[str, dict[str, int]]
    reading: dict[str, str | None]


class PaygapJSON(Envelope):
    """``paygap --format json``."""

    staff: StaffJSON
    snapshot: str | None
    report_date: str | None
    remedy_date: str | None
    regimes: list[str]
    min_group: int
    method: list[MethodJSON]
    uk: UKJSON | None
    eu: EUJSON | None
    worker: WorkerJSON | None


def _register(view: PaygapView) -> Sources:
    sources = Sources()
    for file, scheme, scheme_file, grading_file in view.jobs:
        sources.file(file, "questionnaire")
        sources.scheme(scheme, scheme_file)
        if grading_file is not None and grading_file != scheme_file:
            sources.file(grading_file, "grading")
    sources.file(view.staff, "staff")
    return sources


def _quartile(q: Quartile) -> QuartileJSON:
    return {
        "quartile": q.name,
        "women": q.women,
        "men": q.men,
        "women_pct": q.women_pct,
        "men_pct": q.men_pct,
    }


def _suppressed(named: list[tuple[str, Gap]]) -> list[SuppressedJSON]:
    return [
        {"figure": f"{name}: {sex}", "reason": s.suppressed}
        for name, g in named
        for sex, s in (("women", g.women), ("men", g.men))
        if s.suppressed is not None
    ]


def _uk_json(uk: UK) -> UKJSON:
    w, m = uk.bonus_pct
    return {
        "populations": {
            "relevant": {"women": uk.relevant.women, "men": uk.relevant.men},
            "full_pay_relevant": {"women": uk.full_pay.women, "men": uk.full_pay.men},
            "other_sex": uk.relevant.other,
        },
        "mean_hourly_gap_pct": uk.hourly.mean_gap,
        "median_hourly_gap_pct": uk.hourly.median_gap,
        "mean_bonus_gap_pct": uk.bonus.mean_gap,
        "median_bonus_gap_pct": uk.bonus.median_gap,
        "bonus_pct": {"women": w, "men": m},
        "bonus_paid": {"women": uk.bonus_paid.women, "men": uk.bonus_paid.men},
        "quartiles": [_quartile(q) for q in uk.quartiles],
        "suppressed": _suppressed([("hourly pay", uk.hourly), ("bonus pay", uk.bonus)]),
        "rests_on_few": {k: dict(v) for k, v in uk.few.items() if v},
    }


def _ref(c: Category) -> CategoryRefJSON:
    return {
        "scheme": c.scheme,
        "structure": c.structure,
        "band": c.band,
        "job": c.job.reference if c.job is not None else None,
    }


def _gaps(g: Gap) -> GapsJSON:
    return {"mean_gap_pct": g.mean_gap, "median_gap_pct": g.median_gap}


def _category_json(c: Category, r: Report) -> CategoryJSON:
    remedy = remedy_date(r)
    return {
        "category": _ref(c),
        "women": c.women,
        "men": c.men,
        "other_sex": c.other,
        "basic": _gaps(c.basic),
        "components": _gaps(c.components),
        "pay": _gaps(c.pay),
        "article10": c.article10,
        "justification": None,
        "remedy_date": remedy.isoformat() if remedy is not None and c.article10 else None,
        "suppressed": list(c.suppressed),
    }


def _eu_json(eu: EU, r: Report) -> EUJSON:
    w, m = eu.receiving_pct
    return {
        "workers": {"women": eu.workers.women, "men": eu.workers.men},
        "other_sex": eu.workers.other,
        "a": {"hourly": eu.hourly.mean_gap, "annual": eu.annual.mean_gap},
        "b": {"hourly": eu.components_hourly.mean_gap, "annual": eu.components_annual.mean_gap},
        "c": {"hourly": eu.hourly.median_gap, "annual": eu.annual.median_gap},
        "d": {
            "hourly": eu.components_hourly.median_gap,
            "annual": eu.components_annual.median_gap,
        },
        "e": {
            "women_pct": w,
            "men_pct": m,
            "women": eu.receiving.women,
            "men": eu.receiving.men,
        },
        "f": [_quartile(q) for q in eu.quartiles],
        "g": [_category_json(c, r) for c in eu.categories],
        "g_note": eu.no_categories,
        "suppressed": _suppressed(
            [
                ("hourly pay", eu.hourly),
                ("annual pay", eu.annual),
                ("components", eu.components_annual),
            ]
        ),
    }


def _pay(g: Gap) -> PayJSON:
    return {
        "women": g.women.count,
        "men": g.men.count,
        "women_mean": g.women.mean,
        "men_mean": g.men.mean,
    }


def _worker_json(w: WorkerReply) -> WorkerJSON:
    reasons = [
        s.suppressed
        for g in (w.annual_by_sex, w.hourly_by_sex)
        for s in (g.women, g.men)
        if s.suppressed is not None
    ]
    return {
        "id": w.worker,
        "annual_pay": w.annual,
        "hourly_pay": w.hourly,
        "category": _ref(w.category),
        "annual": _pay(w.annual_by_sex),
        "hourly": _pay(w.hourly_by_sex),
        "scheme": w.scheme,
        "scheme_name": w.scheme_name,
        "criteria": [
            {
                "factor": c.factor,
                "criterion": c.criterion,
                "points": c.points,
                "weight_pct": c.weight_pct,
            }
            for c in w.criteria
        ],
        "suppressed": list(dict.fromkeys(reasons)),
    }


def model(view: PaygapView) -> PaygapJSON:
    """The report as JSON-ready data (percentages unrounded)."""
    r = view.report
    o = r.options
    remedy = remedy_date(r)
    return {
        **_register(view).envelope(COMMAND),
        "staff": {
            "path": r.staff[0],
            "sha256": r.staff[1],
            "rows": r.rows,
            "skipped": dict(r.skipped),
            "left_out": {k: dict(v) for k, v in r.left_out.items()},
            "reading": dict(r.reading),
        },
        "snapshot": o.snapshot.isoformat() if o.snapshot else None,
        "report_date": o.report_date.isoformat() if o.report_date else None,
        "remedy_date": remedy.isoformat() if remedy else None,
        "regimes": list(o.regimes),
        "min_group": o.min_group,
        "method": [{"topic": t, "text": x} for t, x in method(r)],
        "uk": _uk_json(r.uk) if r.uk is not None else None,
        "eu": _eu_json(r.eu, r) if r.eu is not None else None,
        "worker": _worker_json(r.worker) if r.worker is not None else None,
    }


def as_json(view: PaygapView, target: Target) -> str:
    """``paygap --format json``."""
    return dumps(model(view))


# --- csv --------------------------------------------------------------------------------------

#: The fields of the UK government's gender pay gap service, in its order.
GOV_FIELDS = [
    "DiffMeanHourlyPercent", "DiffMedianHourlyPercent", "DiffMeanBonusPercent",
    "DiffMedianBonusPercent", "MaleBonusPercent", "FemaleBonusPercent", "MaleLowerQuartile",
    "FemaleLowerQuartile", "MaleLowerMiddleQuartile", "FemaleLowerMiddleQuartile",
    "MaleUpperMiddleQuartile", "FemaleUpperMiddleQuartile", "MaleTopQuartile",
    "FemaleTopQuartile",
]  # fmt: skip

EU_FIELDS = [
    "structure", "category", "women", "men", "other_sex", "basic_mean_gap_pct",
    "basic_median_gap_pct", "components_mean_gap_pct", "components_median_gap_pct",
    "pay_mean_gap_pct", "article10", "justification", "remedy_date", "suppressed",
]  # fmt: skip


def _one(x: float | None) -> float | str:
    return "" if x is None else round(x, 1)


def gov_row(uk: UK) -> list[float | str]:
    """The UK figures in the government service's fields, to one decimal place."""
    w, m = uk.bonus_pct
    row: list[float | str] = [
        _one(uk.hourly.mean_gap),
        _one(uk.hourly.median_gap),
        _one(uk.bonus.mean_gap),
        _one(uk.bonus.median_gap),
        _one(m),
        _one(w),
    ]
    for q in uk.quartiles:
        row += [_one(q.men_pct), _one(q.women_pct)]
    return row


def _category_name(c: Category) -> str:
    if c.job is not None:
        return f"{c.job.title} ({c.job.reference})"
    return f"Band {c.band}" if c.band is not None else "outside the bands"


def as_csv(view: PaygapView, target: Target) -> str:
    """The UK export (the government service's fields); EU categories when EU only."""
    r = view.report
    if r.uk is not None:
        return csv_text([GOV_FIELDS, gov_row(r.uk)])
    rows: list[list[Any]] = [EU_FIELDS]
    remedy = remedy_date(r)
    for c in r.eu.categories if r.eu is not None else ():
        rows.append(
            [
                c.structure,
                _category_name(c),
                c.women,
                c.men,
                c.other,
                _one(c.basic.mean_gap),
                _one(c.basic.median_gap),
                _one(c.components.mean_gap),
                _one(c.components.median_gap),
                _one(c.pay.mean_gap),
                "" if c.article10 is None else "yes" if c.article10 else "no",
                "",
                remedy.isoformat() if remedy is not None and c.article10 else "",
                "; ".join(c.suppressed),
            ]
        )
    return csv_text(rows)


# --- table and markdown -----------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}%"


def _money(x: float | None) -> str:
    return "-" if x is None else f"{x:,.2f}"


def _flag(c: Category) -> str:
    return "-" if c.article10 is None else "FLAG" if c.article10 else "no"


def _few(uk: UK, figure: str) -> str:
    """Beside a figure withheld as resting on fewer than min_group people: " (rests on 3 men)"."""
    few = uk.few.get(figure, {})
    one = {"women": "woman", "men": "man"}
    said = " and ".join(f"{n} {one[sex] if n == 1 else sex}" for sex, n in few.items())
    return f" (rests on {said})" if said else ""


def _uk_lines(uk: UK) -> list[tuple[str, str]]:
    w, m = uk.bonus_pct
    hourly, bonus = _few(uk, "hourly"), _few(uk, "bonus")
    return [
        ("Mean hourly gap", _pct(uk.hourly.mean_gap) + hourly),
        ("Median hourly gap", _pct(uk.hourly.median_gap) + hourly),
        ("Mean bonus gap", _pct(uk.bonus.mean_gap) + bonus),
        ("Median bonus gap", _pct(uk.bonus.median_gap) + bonus),
        ("Paid a bonus: women", _pct(w)),
        ("Paid a bonus: men", _pct(m)),
        (
            "Relevant employees",
            f"{uk.relevant.women:,} women, {uk.relevant.men:,} men, {uk.relevant.other:,} other",
        ),
        (
            "Full-pay relevant",
            f"{uk.full_pay.women:,} women, {uk.full_pay.men:,} men, {uk.full_pay.other:,} other",
        ),
    ]


def _eu_lines(eu: EU) -> list[tuple[str, str]]:
    w, m = eu.receiving_pct
    return [
        ("(a) mean gap, hourly", _pct(eu.hourly.mean_gap)),
        ("(a) mean gap, annual", _pct(eu.annual.mean_gap)),
        ("(b) components mean gap, hourly", _pct(eu.components_hourly.mean_gap)),
        ("(b) components mean gap, annual", _pct(eu.components_annual.mean_gap)),
        ("(c) median gap, hourly", _pct(eu.hourly.median_gap)),
        ("(c) median gap, annual", _pct(eu.annual.median_gap)),
        ("(d) components median gap, hourly", _pct(eu.components_hourly.median_gap)),
        ("(d) components median gap, annual", _pct(eu.components_annual.median_gap)),
        ("(e) receiving components: women", _pct(w)),
        ("(e) receiving components: men", _pct(m)),
        (
            "Workers",
            f"{eu.workers.women:,} women, {eu.workers.men:,} men, {eu.workers.other:,} other",
        ),
    ]


def _reasons(r: Report) -> list[str]:
    out = []
    if r.uk is not None:
        out += [f"UK {s['figure']}: {s['reason']}" for s in _uk_json(r.uk)["suppressed"]]
        out += [f"UK: {x[0].upper()}{x[1:]}" for x in r.uk.few_said]
    if r.eu is not None:
        out += [f"EU {s['figure']}: {s['reason']}" for s in _eu_json(r.eu, r)["suppressed"]]
        for c in r.eu.categories:
            out += [f"EU (g) {c.structure}: {_category_name(c)}: {x}" for x in c.suppressed]
    return out


def _worker_lines(w: WorkerReply) -> list[tuple[str, str]]:
    a, h = w.annual_by_sex, w.hourly_by_sex
    c = w.category
    where = f"{c.structure}: {_category_name(c)}"
    return [
        ("Worker", w.worker),
        ("Your gross annual pay", _money(w.annual)),
        ("Your gross hourly pay", _money(w.hourly)),
        ("Your category", where),
        ("Women in it", f"{a.women.count:,}"),
        ("Men in it", f"{a.men.count:,}"),
        ("Women's mean annual pay", _money(a.women.mean)),
        ("Men's mean annual pay", _money(a.men.mean)),
        ("Women's mean hourly pay", _money(h.women.mean)),
        ("Men's mean hourly pay", _money(h.men.mean)),
        ("Criteria", f"scheme {w.scheme} ({w.scheme_name})"),
    ]


def _criteria_text(w: WorkerReply) -> list[str]:
    return [
        f"{c.factor}"
        + (f" ({c.criterion})" if c.criterion else "")
        + f": up to {c.points} points, {c.weight_pct:.1f}% of the total"
        for c in w.criteria
    ]


def as_table(view: PaygapView, target: Target) -> str:
    """The figures, the quartiles, the categories, the method."""
    r = view.report
    doc = Doc(target.width, target.color)
    title = "Article 7 reply" if r.worker is not None else "Gender pay gap report"
    doc.para(title, "bold")
    snap = r.options.snapshot.isoformat() if r.options.snapshot else "not given"
    doc.para(
        f"Staff file {r.staff[0]} (sha256 {r.staff[1][:12]}): {r.rows:,} rows; snapshot "
        f"date {snap}",
        hang=2,
    )
    doc.blank()
    if r.worker is not None:
        w = r.worker
        table = Table((Column("Item", wrap=True), Column("Value", wrap=True)))
        for a, b in _worker_lines(w):
            table.row(a, b)
        doc.table(table)
        doc.blank()
        criteria = Table(
            (
                Column("Factor", wrap=True),
                Column("Criterion", wrap=True),
                Column("Top points", "right"),
                Column("Weight", "right"),
            )
        )
        for f in w.criteria:
            criteria.row(f.factor, f.criterion or "-", f.points, f"{f.weight_pct:.1f}%")
        doc.table(criteria)
        for s in _worker_json(w)["suppressed"]:
            doc.para(s + ".", "yellow", hang=2)
    if r.uk is not None:
        doc.para("UK: the six figures (SI 2017/172)", "bold")
        table = Table((Column("Figure", wrap=True), Column("Value", "right")))
        for a, b in _uk_lines(r.uk):
            table.row(a, b)
        doc.table(table)
        doc.blank()
        doc.table(_quartile_table(r.uk.quartiles))
        doc.blank()
    if r.eu is not None:
        doc.para("EU: Directive 2023/970, Article 9", "bold")
        table = Table((Column("Indicator", wrap=True), Column("Value", "right")))
        for a, b in _eu_lines(r.eu):
            table.row(a, b)
        doc.table(table)
        doc.blank()
        doc.para("(f) quartile pay bands, gross hourly pay", "bold")
        doc.table(_quartile_table(r.eu.quartiles))
        doc.blank()
        doc.para("(g) categories of workers, hourly pay; Article 10 screen", "bold")
        if r.eu.no_categories:
            doc.para(r.eu.no_categories + ".")
        else:
            table = Table(
                (
                    Column("Category", wrap=True, min_width=16),
                    Column("Women", "right"),
                    Column("Men", "right"),
                    Column("Basic", "right"),
                    Column("Median", "right"),
                    Column("Comp.", "right"),
                    Column("Pay", "right"),
                    Column("Art. 10", "right"),
                )
            )
            heading = None
            for c in r.eu.categories:
                if c.structure != heading:
                    if heading is not None:
                        table.section()
                    heading = c.structure
                    table.heading(heading)
                table.row(
                    "  " + _category_name(c),
                    c.women,
                    c.men,
                    _pct(c.basic.mean_gap),
                    _pct(c.basic.median_gap),
                    _pct(c.components.mean_gap),
                    _pct(c.pay.mean_gap),
                    _flag(c),
                )
            doc.table(table)
            doc.para(
                "Gaps in hourly pay: Basic, mean and median of basic pay; Comp., mean of "
                "components; Pay, mean of both (the Article 10 screen).",
                "dim",
            )
        doc.blank()
    for reason in _reasons(r):
        doc.para(reason + ".", "yellow", hang=2)
    doc.blank()
    doc.para("Method", "bold")
    for topic, text in method(r):
        doc.para(f"{topic}: {text}.", "dim", hang=2)
    return doc.text()


def _quartile_table(quartiles: tuple[Quartile, ...]) -> Table:
    table = Table(
        (
            Column("Quartile", wrap=True),
            Column("Women", "right"),
            Column("Men", "right"),
            Column("% women", "right"),
            Column("% men", "right"),
        )
    )
    for q in quartiles:
        table.row(q.name.replace("_", " "), q.women, q.men, _pct(q.women_pct), _pct(q.men_pct))
    return table


def as_markdown(view: PaygapView, target: Target) -> str:
    """The report for a board paper or a union branch."""
    r = view.report
    snap = r.options.snapshot.isoformat() if r.options.snapshot else "not given"
    title = "Article 7 reply" if r.worker is not None else "Gender pay gap report"
    out = [
        f"# {title} (jescore)",
        "",
        f"- Staff file: {code(r.staff[0])} (sha256 `{r.staff[1]}`), {r.rows:,} rows",
        f"- Snapshot date: {snap}",
        "",
    ]
    if r.worker is not None:
        out += ["| Item | Value |", "|---|---|"]
        out += [f"| {md(a)} | {md(b)} |" for a, b in _worker_lines(r.worker)]
        out += ["", "Criteria:", ""]
        out += [f"- {md(x)}" for x in _criteria_text(r.worker)]
        out += [f"- {md(s)}" for s in _worker_json(r.worker)["suppressed"]]
        out.append("")
    if r.uk is not None:
        out += ["## UK: the six figures (SI 2017/172)", "", "| Figure | Value |", "|---|---:|"]
        out += [f"| {md(a)} | {md(b)} |" for a, b in _uk_lines(r.uk)]
        out += ["", *_md_quartiles(r.uk.quartiles), ""]
    if r.eu is not None:
        out += ["## EU: Directive 2023/970, Article 9", "", "| Indicator | Value |", "|---|---:|"]
        out += [f"| {md(a)} | {md(b)} |" for a, b in _eu_lines(r.eu)]
        out += [
            "",
            "### (f) quartile pay bands, gross hourly pay",
            "",
            *_md_quartiles(r.eu.quartiles),
        ]
        out += ["", "### (g) categories of workers, hourly pay; Article 10 screen", ""]
        if r.eu.no_categories:
            out.append(md(r.eu.no_categories) + ".")
        else:
            out += [
                "| Category | Women | Men | Basic mean | Basic median | Components mean "
                "| Components median | Pay mean | Article 10 | Justification | Remedy by |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
            ]
            remedy = remedy_date(r)
            for c in r.eu.categories:
                by = remedy.isoformat() if remedy is not None and c.article10 else ""
                out.append(
                    f"| {md(c.structure + ': ' + _category_name(c))} | {c.women} | {c.men} | "
                    f"{_pct(c.basic.mean_gap)} | {_pct(c.basic.median_gap)} | "
                    f"{_pct(c.components.mean_gap)} | {_pct(c.components.median_gap)} | "
                    f"{_pct(c.pay.mean_gap)} | {_flag(c)} |  | {by} |"
                )
        out.append("")
    reasons = _reasons(r)
    if reasons:
        out += ["Not shown:", "", *[f"- {md(x)}" for x in reasons], ""]
    out += ["## Method", ""]
    out += [f"- **{md(t)}**: {md(x)}" for t, x in method(r)]
    return "\n".join(out) + "\n"


def _md_quartiles(quartiles: tuple[Quartile, ...]) -> list[str]:
    out = ["| Quartile | Women | Men | % women | % men |", "|---|---:|---:|---:|---:|"]
    for q in quartiles:
        out.append(
            f"| {q.name.replace('_', ' ')} | {q.women} | {q.men} | {_pct(q.women_pct)} | "
            f"{_pct(q.men_pct)} |"
        )
    return out


# --- html -------------------------------------------------------------------------------------


def _quartile_chart(quartiles: tuple[Quartile, ...], label: str) -> Any:
    """Four stacked bars (women, men) as inline SVG."""
    from markupsafe import Markup, escape

    parts = [
        '<p class="legend"><span style="background:#7b3294"></span>women '
        '<span style="background:#008837"></span>men</p>',
        f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 720 130" width="100%">',
    ]
    for i, q in enumerate(quartiles):
        y = 8 + i * 30
        w = 5 * (q.women_pct or 0)
        m = 5 * (q.men_pct or 0)
        parts += [
            f'<text x="0" y="{y + 13}">{escape(q.name.replace("_", " "))}</text>',
            f'<rect class="women" x="110" y="{y}" width="{w:.1f}" height="18"/>',
            f'<rect class="men" x="{110 + w:.1f}" y="{y}" width="{m:.1f}" height="18"/>',
            f'<text x="{616}" y="{y + 13}">{_pct(q.women_pct)} women</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every piece of text above is escaped)


def _flagged_schemes(view: PaygapView) -> list[tuple[str, str]]:
    """(status, line) of every scheme not verified, in the order given.

    A worker's reply names only the scheme of the worker's own category.
    """
    from jescore.render.kit import phrases

    worker = view.report.worker
    out = []
    for s in {s.id: s for _, s, _, _ in view.jobs}.values():
        if worker is not None and s.id != worker.scheme:
            continue
        if s.status.value != "verified":
            out.append((s.status.value, f"{s.id}: {phrases.status_line(s.status)}"))
    return out


def as_html(view: PaygapView, target: Target) -> str:
    """A self-contained, printable report with the quartile and category charts."""
    from jescore.render.kit.html import Banner, Page, page

    r = view.report
    snap = r.options.snapshot.isoformat() if r.options.snapshot else "not given"
    bars = []
    if r.eu is not None:
        bars = [
            {"label": f"{c.structure}: {_category_name(c)}", "gap": c.pay.mean_gap}
            for c in r.eu.categories
        ]
    most = max([abs(b["gap"]) for b in bars if isinstance(b["gap"], float)] + [10.0])
    remedy = remedy_date(r)
    frame = Page(
        title="Article 7 reply" if r.worker is not None else "Gender pay gap report",
        lead=(
            f"Snapshot date: {snap}. Gap: (men − women) / men × 100, positive where men are "
            "paid more.",
        ),
        banners=tuple(Banner(status, line) for status, line in _flagged_schemes(view)),
        provenance=(f"Staff file: {r.staff[0]} (sha256 {r.staff[1]}), {r.rows:,} rows",),
        paper=target.paper,
    )
    return page(
        "paygap.html.j2",
        page=frame,
        r=r,
        uk_lines=_uk_lines(r.uk) if r.uk is not None else [],
        eu_lines=_eu_lines(r.eu) if r.eu is not None else [],
        worker_lines=_worker_lines(r.worker) if r.worker is not None else [],
        quartile_chart=_quartile_chart,
        gap_bars=bars,
        gap_scale=230 / most,
        name=_category_name,
        pct=_pct,
        flag=_flag,
        remedy=remedy.isoformat() if remedy is not None else "",
        reasons=_reasons(r),
        method=method(r),
    )


# --- docx ------------------------------------------------------------------------------------

#: What a figure not published reads as in the Word report (its reason is listed below it).
WITHHELD = "withheld"
#: What a figure that cannot be computed reads as (no one of a sex in its population).
NONE = "n/a"


def _held(g: Gap) -> bool:
    return g.women.suppressed is not None or g.men.suppressed is not None


def _gap_text(g: Gap, median: bool = False) -> str:
    """A gap, or why there is none: withheld by the disclosure rule, or not computable."""
    x = g.median_gap if median else g.mean_gap
    if x is not None:
        return f"{x:.1f}%"
    return WITHHELD if _held(g) else NONE


def _share_text(x: float | None) -> str:
    return NONE if x is None else f"{x:.1f}%"


def _stat_money(x: float | None, reason: str | None) -> str:
    if x is not None:
        return f"{x:,.2f}"
    return WITHHELD if reason is not None else NONE


def _docx_uk(uk: UK) -> list[list[str]]:
    w, m = uk.bonus_pct
    hourly, bonus = _few(uk, "hourly"), _few(uk, "bonus")
    return [
        ["Mean hourly pay gap", _gap_text(uk.hourly) + hourly],
        ["Median hourly pay gap", _gap_text(uk.hourly, median=True) + hourly],
        ["Mean bonus pay gap", _gap_text(uk.bonus) + bonus],
        ["Median bonus pay gap", _gap_text(uk.bonus, median=True) + bonus],
        ["Women paid a bonus", _share_text(w)],
        ["Men paid a bonus", _share_text(m)],
    ]


def _docx_eu(eu: EU) -> list[list[str]]:
    w, m = eu.receiving_pct
    return [
        ["(a) Mean pay gap", _gap_text(eu.hourly), _gap_text(eu.annual)],
        [
            "(b) Mean gap in complementary or variable components",
            _gap_text(eu.components_hourly),
            _gap_text(eu.components_annual),
        ],
        ["(c) Median pay gap", _gap_text(eu.hourly, True), _gap_text(eu.annual, True)],
        [
            "(d) Median gap in complementary or variable components",
            _gap_text(eu.components_hourly, True),
            _gap_text(eu.components_annual, True),
        ],
    ]


def _docx_quartiles(doc: Any, quartiles: tuple[Quartile, ...]) -> None:
    from jescore.render.kit.docx import Column as DocColumn

    doc.table(
        [
            DocColumn("Quartile pay band", weight=2),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
            DocColumn("% women", "right"),
            DocColumn("% men", "right"),
        ],
        [
            [
                q.name.replace("_", " ").capitalize(),
                f"{q.women:,}",
                f"{q.men:,}",
                _share_text(q.women_pct),
                _share_text(q.men_pct),
            ]
            for q in quartiles
        ],
    )


def _docx_provenance(view: PaygapView) -> list[str]:
    r = view.report
    from jescore.render.kit.phrases import job_file_lines

    lines = [f"Staff file: {r.staff[0]} (sha256 {r.staff[1]}), {r.rows:,} rows"]
    return list(dict.fromkeys(lines + job_file_lines(view.jobs)))


def as_docx(view: PaygapView, target: Target) -> bytes:
    """The report a board signs: the figures, the categories, the method, a signed statement.

    Every figure comes from the report, as the disclosure rule published it; a figure not
    published reads "withheld", and its reason is listed under the section that holds it.
    """
    from jescore import __version__
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout, footer_line
    from jescore.render.kit.phrases import job_footer_parts

    r = view.report
    o = r.options
    schemes, job_files = job_footer_parts(view.jobs)
    files = [("staff", r.staff[1]), *job_files]
    layout = Layout(
        paper="letter" if target.paper == "letter" else "a4",
        footer=[footer_line(schemes, files, __version__)],
    )
    title = "Article 7 reply" if r.worker is not None else "Gender pay gap report"
    doc = Document(title, layout, o.report_date.isoformat() if o.report_date else None)
    for status, line in _flagged_schemes(view):
        doc.banner(status, line)
    remedy = remedy_date(r)
    facts = [
        ("Staff file", f"{r.staff[0]}, {r.rows:,} rows"),
        ("Staff file sha256", r.staff[1]),
        ("Snapshot date", o.snapshot.isoformat() if o.snapshot else "not given"),
        ("Report date", o.report_date.isoformat() if o.report_date else "not given"),
        (
            "Reported under",
            "; ".join(
                {"uk": "UK: SI 2017/172", "eu": "EU: Directive 2023/970"}.get(x, x)
                for x in o.regimes
            ),
        ),
        ("Gap", "(men - women) / men x 100, positive where men are paid more"),
        (
            "Withheld",
            f"pay figures of fewer than {o.min_group} people, and more where they would let "
            "anyone's pay be worked out (each listed with its reason)",
        ),
        ("n/a", "not computable: no one of that sex in the population, or men's figure zero"),
    ]
    if r.worker is not None:
        facts = [f for f in facts if f[0] != "Reported under"]
    doc.labelled(facts)
    if r.worker is not None:
        _docx_worker(doc, r.worker)
    if r.uk is not None:
        uk = r.uk
        doc.heading("UK: the six figures (SI 2017/172)", 2)
        doc.table([DocColumn("Figure", weight=2), DocColumn("Value", "right")], _docx_uk(uk))
        doc.labelled(
            [
                (
                    "Relevant employees",
                    f"{uk.relevant.women:,} women, {uk.relevant.men:,} men, "
                    f"{uk.relevant.other:,} other",
                ),
                (
                    "Full-pay relevant employees",
                    f"{uk.full_pay.women:,} women, {uk.full_pay.men:,} men, "
                    f"{uk.full_pay.other:,} other",
                ),
                (
                    "Paid a bonus",
                    f"{uk.bonus_paid.women:,} women, {uk.bonus_paid.men:,} men",
                ),
            ]
        )
        doc.heading("UK: quartile pay bands", 3)
        _docx_quartiles(doc, uk.quartiles)
        held = [f"{s['figure']}: {s['reason']}" for s in _uk_json(uk)["suppressed"]]
        if held:
            doc.para("Withheld:", bold=True)
            doc.bullets(held)
        if uk.few_said:
            doc.para("Resting on few people (published, as the Regulations require):", bold=True)
            doc.bullets([f"{x[0].upper()}{x[1:]}" for x in uk.few_said])
    if r.eu is not None:
        _docx_eu_section(doc, r, r.eu, remedy)
    doc.heading("Method", 2)
    doc.labelled(method(r))
    if r.worker is None:
        doc.heading("Written statement", 2)
        doc.para(
            "I confirm that the information in this report is accurate and has been "
            "calculated as the method above sets out."
        )
        doc.signatures(
            ["Signed", "Name", "Job title (director, partner, member or equivalent)", "Date"],
            dated=False,
        )
    else:  # the reply is the employer's, in writing (Article 7(4): within two months)
        doc.signatures(["For the employer", "Name", "Date"], dated=False)
    doc.provenance([*_docx_provenance(view), f"jescore {__version__}"])
    return doc.bytes()


def _docx_worker(doc: Any, w: WorkerReply) -> None:
    from jescore.render.kit.docx import Column as DocColumn

    a, h = w.annual_by_sex, w.hourly_by_sex
    c = w.category
    doc.heading(f"Reply to worker {w.worker} (Directive 2023/970, Article 7)", 2)
    doc.para(
        "You asked for your own pay level and for the average pay levels, by sex, of the "
        "workers in your category: those doing the same work as you or work of equal value. "
        "They are below, with the criteria by which work is valued."
    )
    doc.table(
        [DocColumn("Item", weight=2), DocColumn("Value", "right")],
        [
            ["Your gross annual pay", _stat_money(w.annual, None)],
            ["Your gross hourly pay", _stat_money(w.hourly, None)],
        ],
    )
    doc.para(f"Your category: {c.structure}: {_category_name(c)}.")
    doc.table(
        [
            DocColumn("In your category", weight=2),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
        ],
        [
            ["People", f"{a.women.count:,}", f"{a.men.count:,}"],
            [
                "Mean gross annual pay",
                _stat_money(a.women.mean, a.women.suppressed),
                _stat_money(a.men.mean, a.men.suppressed),
            ],
            [
                "Mean gross hourly pay",
                _stat_money(h.women.mean, h.women.suppressed),
                _stat_money(h.men.mean, h.men.suppressed),
            ],
        ],
    )
    held = _worker_json(w)["suppressed"]
    if held:
        doc.para("Withheld:", bold=True)
        doc.bullets(held)
    doc.heading(f"Criteria: scheme {w.scheme} ({w.scheme_name})", 3)
    doc.table(
        [
            DocColumn("Factor", weight=2),
            DocColumn("Criterion", weight=3),
            DocColumn("Top points", "right"),
            DocColumn("Weight", "right"),
        ],
        [
            [f.factor, f.criterion or NONE, str(f.points), f"{f.weight_pct:.1f}%"]
            for f in w.criteria
        ],
    )


def _docx_eu_section(doc: Any, r: Report, eu: EU, remedy: date | None) -> None:
    from jescore.render.kit.docx import Column as DocColumn

    doc.heading("EU: Directive 2023/970, Article 9", 2)
    doc.table(
        [
            DocColumn("Indicator", weight=3),
            DocColumn("Hourly", "right"),
            DocColumn("Annual", "right"),
        ],
        _docx_eu(eu),
    )
    w, m = eu.receiving_pct
    doc.labelled(
        [
            (
                "(e) Receiving complementary or variable components",
                f"women {_share_text(w)} ({eu.receiving.women:,}), men {_share_text(m)} "
                f"({eu.receiving.men:,})",
            ),
            (
                "Workers",
                f"{eu.workers.women:,} women, {eu.workers.men:,} men, {eu.workers.other:,} other",
            ),
        ]
    )
    held = [f"{s['figure']}: {s['reason']}" for s in _eu_json(eu, r)["suppressed"]]
    if held:
        doc.para("Withheld:", bold=True)
        doc.bullets(held)
    doc.heading("(f) Quartile pay bands, gross hourly pay", 3)
    _docx_quartiles(doc, eu.quartiles)
    if eu.no_categories:
        doc.heading("(g) Categories of workers, gross hourly pay; Article 10 screen", 3)
        doc.para(eu.no_categories + ".")
        return
    # Eleven columns do not fit across a portrait page: the categories have a landscape one.
    doc.landscape()
    doc.heading("(g) Categories of workers, gross hourly pay; Article 10 screen", 3)
    doc.para(
        f"Gaps in hourly pay. Article 10: a mean gap in pay (basic and components) of "
        f"{r.options.article10_pct:g}% or more either way. Where one is flagged, the employer "
        "states whether objective, gender-neutral criteria justify it, and if not remedies it"
        + (f" by {remedy.isoformat()}." if remedy is not None else ".")
    )
    rows = []
    for c in eu.categories:
        flagged = bool(c.article10)
        rows.append(
            [
                f"{c.structure}: {_category_name(c)}",
                f"{c.women:,}",
                f"{c.men:,}",
                _gap_text(c.basic),
                _gap_text(c.basic, True),
                _gap_text(c.components),
                _gap_text(c.components, True),
                _gap_text(c.pay),
                WITHHELD if c.article10 is None else "FLAG" if c.article10 else "no",
                "employer to state" if flagged else "-",
                (remedy.isoformat() if remedy is not None else "employer to set")
                if flagged
                else "-",
            ]
        )
    doc.table(
        [
            DocColumn("Category", weight=3),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
            DocColumn("Basic mean", "right"),
            DocColumn("Basic median", "right"),
            DocColumn("Comp. mean", "right"),
            DocColumn("Comp. median", "right"),
            DocColumn("Pay mean", "right"),
            DocColumn("Art. 10"),
            DocColumn("Justification", weight=3),
            DocColumn("Remedy by"),
        ],
        rows,
        shade=[bool(c.article10) for c in eu.categories],
    )
    held = [f"{c.structure}: {_category_name(c)}: {x}" for c in eu.categories for x in c.suppressed]
    if held:
        doc.para("Withheld:", bold=True)
        doc.bullets(held)
    doc.landscape(False)


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = PaygapJSON

FORMATS: Formats[PaygapView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.CSV: as_csv,
    Format.MARKDOWN: as_markdown,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
