"""``neutrality``: whose work the points favour, over a set of evaluated jobs.

Formats: table (default), json, markdown, html (a printable report with a chart of points by
job, coloured by predominance, with the band boundaries, and a chart of the pay lines) and
docx. Every format is built from one model (:func:`model`, also the JSON output), so that they
all say the same. Only aggregates reach these renderers: people per job by sex (counts, which
the disclosure rule always shows) and job medians the disclosure control publishes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.models import FileRef, Status
from jescore.neutrality import (
    BOUNDARY_SOURCE,
    BOUNDARY_URL,
    GAP_NOTE,
    LINES_SOURCE,
    LINES_URL,
    PREDOMINANCE_SOURCE,
    PREDOMINANCE_URL,
    ROUNDING,
    SCREEN_NOTE,
    Group,
    Predominance,
    Report,
    Scored,
)
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Table, cell
from jescore.render.kit.envelope import (
    BandJSON,
    Envelope,
    FileJSON,
    SchemeRefJSON,
    ScoreJSON,
    Sources,
    band_json,
    dumps,
    file_json,
    scheme_ref,
    score_json,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code
from jescore.render.kit.scores import STATUS_STYLE
from jescore.render.scheme_audit import short

COMMAND = "neutrality"


@dataclass(frozen=True, slots=True)
class StaffSource:
    """The staff file the headcounts (and pay) came from, and how it was read."""

    file: FileRef
    rows: int
    skipped: dict[str, int]
    reading: dict[str, str | None]
    #: What the pay column holds; None when pay was not read.
    pay_basis: str | None
    #: Jobs whose median pay the disclosure control does not publish: (reference, reason), the
    #: reason a :class:`jescore.disclosure.Reason` value.
    withheld: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class NeutralityView:
    """The report, the staff file (if any) and the disclosure control's minimum group."""

    report: Report
    staff: StaffSource | None = None
    min_group: int = 5


PRIVACY_QUESTIONNAIRES = (
    "Headcounts are the questionnaires' own figures. A predominance label says as much as the "
    "counts it comes from: where a job is held by one person, or by people all of one sex, it "
    "tells the sex of each of them."
)
PRIVACY_STAFF = (
    "No person's row is shown. Counts of people by job and sex are shown, as the disclosure "
    "rule allows (it protects pay, not who holds a job), and each job's predominance is worked "
    "out from those counts alone: where a job is held by one person, or by people all of one "
    "sex, the counts and the label tell the sex of each of them. A job's median pay is shown "
    "only where the disclosure control publishes it (at least {k} people, and nothing that "
    "would let anyone's pay be worked out, decided as the equal pay audit decides it)."
)

PREDOMINANCE_WORDS = {
    Predominance.FEMALE: "female-dominated",
    Predominance.MALE: "male-dominated",
    Predominance.MIXED: "mixed",
    Predominance.UNKNOWN: "unknown",
}


# --- the model (and the JSON output) ---------------------------------------------------------


class ThresholdsJSON(TypedDict):
    """The shares, the step and the window used, and where the shares come from."""

    dominated_share_pct: float
    male_dominated_share_pct: float
    weight_step_pct: float
    near: int
    min_group: int | None
    rounding: str
    source: str
    url: str


class StaffJSON(TypedDict):
    """The staff file: how it was read, its rows, and whether pay was read."""

    path: str
    sha256: str
    rows: int
    skipped: dict[str, int]
    reading: dict[str, str | None]
    pay_basis: str | None


class StructureJSON(TypedDict):
    """The grading structure a group's jobs belong to."""

    key: str
    label: str
    scheme: str
    grading: str | None


class NeutralJobJSON(TypedDict):
    """One job: its score, its people by sex and its predominance."""

    reference: str | None
    title: str
    file: FileJSON
    score: ScoreJSON
    women: int | None
    men: int | None
    other: int | None
    women_share_pct: float | None
    predominance: str
    median_pay: float | None
    #: Why the median pay is not shown: "small" (fewer people than the minimum group) or
    #: "complementary" (shown, it would let a smaller group's pay be worked out); None when it is
    #: shown or pay was not read.
    median_pay_not_shown: str | None


class FactorGapJSON(TypedDict):
    """One factor: mean points of female- and of male-dominated jobs, and the difference."""

    factor: str
    name: str
    female_mean_points: float
    male_mean_points: float
    difference: float
    share_of_difference_pct: float | None


class MoveJSON(TypedDict):
    """A job whose band changes."""

    reference: str | None
    title: str
    predominance: str
    before: ScoreJSON
    after: ScoreJSON


class SensitivityJSON(TypedDict):
    """One factor scaled by one step: the jobs (and their people) whose band changes."""

    factor: str
    name: str
    step_pct: float
    female_jobs_changing: int
    male_jobs_changing: int
    mixed_jobs_changing: int
    unknown_jobs_changing: int
    people_in_female_jobs_changing: int
    people_in_male_jobs_changing: int
    moves: list[MoveJSON]


class NearJobJSON(TypedDict):
    """A job near a boundary."""

    reference: str | None
    title: str
    total: int
    predominance: str


class BoundaryJSON(TypedDict):
    """The jobs near one band boundary, by predominance."""

    lower_band: BandJSON
    upper_band: BandJSON
    at: int
    below: list[NearJobJSON]
    above: list[NearJobJSON]
    female_below: int
    male_below: int
    female_above: int
    male_above: int
    women_below_men_above: bool


class LineJSON(TypedDict):
    """A least-squares line of job median pay on total points."""

    slope: float
    intercept: float
    jobs: int
    r_squared: float | None
    min_points: int
    max_points: int


class LineGapJSON(TypedDict):
    """The lines' gap at a female-dominated job's total."""

    reference: str | None
    title: str
    points: int
    female_line: float
    male_line: float
    gap: float
    gap_pct: float | None
    outside_male_range: bool


class BandAverageJSON(TypedDict):
    """One band's mean of job medians, female- against male-dominated jobs."""

    band: BandJSON
    female_jobs: int
    female_mean: float | None
    male_jobs: int
    male_mean: float | None
    gap_pct: float | None


class PayLinesJSON(TypedDict):
    """The equal line and equal average screens (a screen, not a finding)."""

    female: LineJSON | None
    male: LineJSON | None
    notes: list[str]
    gaps: list[LineGapJSON]
    equal_average: list[BandAverageJSON]
    jobs_pay_not_shown: int
    note: str
    source: str
    url: str


class GroupJSON(TypedDict):
    """The jobs of one grading structure and everything reported about them."""

    structure: StructureJSON
    scheme: SchemeRefJSON
    jobs: list[NeutralJobJSON]
    factor_gap: list[FactorGapJSON]
    total_difference: float | None
    weight_sensitivity: list[SensitivityJSON]
    boundaries: list[BoundaryJSON]
    pay_lines: PayLinesJSON | None
    messages: list[str]


class NeutralityJSON(Envelope):
    """``neutrality --format json``."""

    headcounts_from: str
    staff: StaffJSON | None
    thresholds: ThresholdsJSON
    privacy: str
    groups: list[GroupJSON]


def _f(x: Fraction | float, places: int = 2) -> float:
    return round(float(x), places)


def _opt(x: Fraction | float | None, places: int = 2) -> float | None:
    return None if x is None else _f(x, places)


def _women_share(j: Scored, female: Fraction) -> float | None:
    """Women's share to one decimal, never rounded up to a threshold the job does not reach."""
    share = j.job.headcount.women_share if j.job.headcount else None
    if share is None:
        return None
    shown = round(float(share), 1)
    if share < female <= shown:
        shown = math.floor(float(share) * 10) / 10
    return shown


def _job(j: Scored, withheld: Mapping[str, str], female: Fraction) -> NeutralJobJSON:
    h = j.job.headcount
    return {
        "reference": j.job.reference,
        "title": j.job.title,
        "file": file_json(j.job.file),
        "score": score_json(j.total, j.band),
        "women": h.women if h else None,
        "men": h.men if h else None,
        "other": h.other if h else None,
        "women_share_pct": _women_share(j, female),
        "predominance": j.predominance.value,
        "median_pay": _opt(j.job.median_pay),
        "median_pay_not_shown": withheld.get(j.job.reference or "")
        if j.job.median_pay is None
        else None,
    }


def _near(j: Scored) -> NearJobJSON:
    return {
        "reference": j.job.reference,
        "title": j.job.title,
        "total": j.total,
        "predominance": j.predominance.value,
    }


def _count(jobs: Sequence[Scored], kind: Predominance) -> int:
    return sum(1 for j in jobs if j.predominance is kind)


def _group(g: Group, with_pay: bool, withheld: Mapping[str, str], female: Fraction) -> GroupJSON:
    s = g.structure
    pay: PayLinesJSON | None = None
    if g.pay is not None:
        p = g.pay
        pay = {
            "female": _line(p.female),
            "male": _line(p.male),
            "notes": [r for r in (p.female_reason, p.male_reason) if r],
            "gaps": [
                {
                    "reference": x.job.job.reference,
                    "title": x.job.job.title,
                    "points": x.job.total,
                    "female_line": _f(x.female),
                    "male_line": _f(x.male),
                    "gap": _f(x.gap),
                    "gap_pct": _opt(x.gap_pct),
                    "outside_male_range": p.male is not None and x.outside(p.male),
                }
                for x in p.gaps
            ],
            "equal_average": [
                {
                    "band": {"label": a.band.label, "min": a.band.min, "max": a.band.max},
                    "female_jobs": a.female_jobs,
                    "female_mean": _opt(a.female_mean),
                    "male_jobs": a.male_jobs,
                    "male_mean": _opt(a.male_mean),
                    "gap_pct": _opt(a.gap_pct),
                }
                for a in p.averages
            ],
            "jobs_pay_not_shown": p.withheld,
            "note": SCREEN_NOTE,
            "source": LINES_SOURCE,
            "url": LINES_URL,
        }
    return {
        "structure": {"key": s.key, "label": s.label, "scheme": s.scheme, "grading": s.grading},
        "scheme": scheme_ref(g.scheme, g.scheme_file),
        "jobs": [_job(j, withheld, female) for j in g.jobs],
        "factor_gap": [
            {
                "factor": x.factor.id,
                "name": x.factor.name,
                "female_mean_points": _f(x.female_mean),
                "male_mean_points": _f(x.male_mean),
                "difference": _f(x.difference),
                "share_of_difference_pct": _opt(g.share(x)),
            }
            for x in g.gap
        ],
        "total_difference": _opt(g.total_difference),
        "weight_sensitivity": [
            {
                "factor": w.factor.id,
                "name": w.factor.name,
                "step_pct": float(w.step),
                "female_jobs_changing": w.jobs(Predominance.FEMALE),
                "male_jobs_changing": w.jobs(Predominance.MALE),
                "mixed_jobs_changing": w.jobs(Predominance.MIXED),
                "unknown_jobs_changing": w.jobs(Predominance.UNKNOWN),
                "people_in_female_jobs_changing": w.people(Predominance.FEMALE),
                "people_in_male_jobs_changing": w.people(Predominance.MALE),
                "moves": [
                    {
                        "reference": m.job.job.reference,
                        "title": m.job.job.title,
                        "predominance": m.job.predominance.value,
                        "before": score_json(m.job.total, m.job.band),
                        "after": score_json(m.total, m.band),
                    }
                    for m in w.moves
                ],
            }
            for w in g.sensitivity
        ],
        "boundaries": [
            {
                "lower_band": _band(b.lower),
                "upper_band": _band(b.upper),
                "at": b.at,
                "below": [_near(j) for j in b.below],
                "above": [_near(j) for j in b.above],
                "female_below": _count(b.below, Predominance.FEMALE),
                "male_below": _count(b.below, Predominance.MALE),
                "female_above": _count(b.above, Predominance.FEMALE),
                "male_above": _count(b.above, Predominance.MALE),
                "women_below_men_above": b.women_below_men_above,
            }
            for b in g.boundaries
        ],
        "pay_lines": pay,
        "messages": list(g.messages),
    }


def _band(band: Any) -> BandJSON:
    found = band_json(band)
    assert found is not None
    return found


def _line(line: Any) -> LineJSON | None:
    if line is None:
        return None
    return {
        "slope": round(line.slope, 4),
        "intercept": round(line.intercept, 2),
        "jobs": line.jobs,
        "r_squared": _opt(line.r_squared, 4),
        "min_points": line.low,
        "max_points": line.high,
    }


def model(view: NeutralityView) -> NeutralityJSON:
    """The report as JSON-ready data: what every format shows."""
    r = view.report
    t = r.thresholds
    sources = Sources()
    for g in r.groups:
        for j in g.jobs:
            sources.file(j.job.file, "questionnaire")
            sources.scheme(j.job.scheme, j.job.scheme_file)
            if j.job.grading_file is not None and j.job.grading_file != j.job.scheme_file:
                sources.file(j.job.grading_file, "grading")
    staff: StaffJSON | None = None
    withheld = dict(view.staff.withheld) if view.staff is not None else {}
    if view.staff is not None:
        s = view.staff
        sources.file(s.file, "staff")
        staff = {
            "path": s.file.path,
            "sha256": s.file.sha256,
            "rows": s.rows,
            "skipped": dict(s.skipped),
            "reading": dict(s.reading),
            "pay_basis": s.pay_basis,
        }
    privacy = (
        PRIVACY_STAFF.format(k=view.min_group) if view.staff is not None else PRIVACY_QUESTIONNAIRES
    )
    return {
        **sources.envelope(COMMAND),
        "headcounts_from": r.headcounts_from,
        "staff": staff,
        "thresholds": {
            "dominated_share_pct": float(t.female),
            "male_dominated_share_pct": float(t.male),
            "weight_step_pct": float(t.weight_step),
            "near": t.near,
            "min_group": view.min_group if r.with_pay else None,
            "rounding": ROUNDING,
            "source": PREDOMINANCE_SOURCE,
            "url": PREDOMINANCE_URL,
        },
        "privacy": privacy,
        "groups": [_group(g, r.with_pay, withheld, t.female) for g in r.groups],
    }


def as_json(view: NeutralityView, target: Target) -> str:
    """``neutrality --format json``."""
    return dumps(model(view))


# --- words every format shares --------------------------------------------------------------


def _num(x: float) -> str:
    """A mean of points, to two decimals at most: '15', '16.25', '23.33'."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _signed(x: float) -> str:
    """A difference of points with its sign; '0' for none."""
    if x == 0:
        return "0"
    return ("+" if x > 0 else "") + _num(x)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}%"


def _money(x: float | None) -> str:
    return "-" if x is None else f"{x:,.2f}"


#: A job's median pay cell when the disclosure control does not publish it.
NOT_SHOWN = {"small": "small group", "complementary": "withheld"}


def _median_cell(j: NeutralJobJSON) -> str:
    """A job's median pay, or why it is not shown."""
    reason = j["median_pay_not_shown"]
    if j["median_pay"] is None and reason is not None:
        return NOT_SHOWN.get(reason, "withheld")
    return _money(j["median_pay"])


def _name(j: NeutralJobJSON | NearJobJSON | MoveJSON | LineGapJSON) -> str:
    return f"{j['title']} ({j['reference']})" if j["reference"] else j["title"]


def _band_label(score: ScoreJSON) -> str:
    return score["band"]["label"] if score["band"] else "-"


def rule_line(m: NeutralityJSON) -> str:
    """What makes a job female- or male-dominated, and where the headcounts came from."""
    t = m["thresholds"]
    male = (
        f"men at least {t['male_dominated_share_pct']:g}%"
        if t["male_dominated_share_pct"] != t["dominated_share_pct"]
        else "men likewise"
    )
    where = (
        f"counted from the staff file {m['staff']['path']}"
        if m["staff"] is not None
        else "from the questionnaires' equality.headcount"
    )
    return (
        f"People per job {where}. Female-dominated: women at least "
        f"{t['dominated_share_pct']:g}% of the people in the job; male-dominated: {male}; "
        f"else mixed. Source: {t['source']}."
    )


def title_of(g: GroupJSON, m: NeutralityJSON) -> str:
    """The group's heading: its structure and its scheme's name."""
    scheme = next(s for s in m["schemes"] if s["sha256"] == g["scheme"]["sha256"])
    title = f"{g['structure']['label']}: {scheme['name']}"
    # Two scheme files with one id (a draft and a revision) are told apart by their hashes.
    if any(
        o["structure"]["label"] == g["structure"]["label"] and o["scheme"] != g["scheme"]
        for o in m["groups"]
    ):
        title += f" (scheme file sha256 {g['scheme']['sha256'][:12]})"
    return title


def status_of(g: GroupJSON, m: NeutralityJSON) -> Status:
    """The status of the group's scheme."""
    scheme = next(s for s in m["schemes"] if s["sha256"] == g["scheme"]["sha256"])
    return Status(scheme["status"])


def headcount_text(j: NeutralJobJSON) -> tuple[str, str, str]:
    """(women, men, share of women) as shown; '-' where no headcount is known."""
    if j["women"] is None:
        return "-", "-", "-"
    return str(j["women"]), str(j["men"]), _pct(j["women_share_pct"])


def other_note(g: GroupJSON) -> str | None:
    """People recorded as neither women nor men, counted in the shares."""
    others = [(j, j["other"]) for j in g["jobs"] if j["other"]]
    if not others:
        return None
    listed = ", ".join(f"{_name(j)} {n}" for j, n in others)
    return f"People recorded as neither women nor men are counted among a job's people: {listed}."


def gap_heading(g: GroupJSON) -> str:
    """How many jobs each side of the factor gap has."""
    female = sum(1 for j in g["jobs"] if j["predominance"] == Predominance.FEMALE.value)
    male = sum(1 for j in g["jobs"] if j["predominance"] == Predominance.MALE.value)
    return (
        f"Where the points come from: {female} female-dominated and {male} male-dominated "
        f"job{'s' if male != 1 else ''}"
    )


def gap_totals(g: GroupJSON) -> tuple[str, str, str]:
    """(female mean total, male mean total, difference) for the gap table's last row."""
    female = sum(x["female_mean_points"] for x in g["factor_gap"])
    male = sum(x["male_mean_points"] for x in g["factor_gap"])
    total = g["total_difference"] or 0.0
    return _num(round(female, 2)), _num(round(male, 2)), _signed(total)


def step_text(w: SensitivityJSON) -> str:
    """'+10%'."""
    return f"{w['step_pct']:+g}%"


def changing(w: SensitivityJSON) -> bool:
    """Whether any job changes band."""
    return bool(w["moves"])


def moves_text(w: SensitivityJSON) -> str:
    """'VLO-2016 3 → 4; ...'."""
    return "; ".join(
        f"{m['reference'] or m['title']} ({PREDOMINANCE_WORDS[Predominance(m['predominance'])]}) "
        f"{_band_label(m['before'])} → {_band_label(m['after'])}"
        for m in w["moves"]
    )


def sensitivity_line(g: GroupJSON) -> str:
    """How many of the scaled factors move no job into another band."""
    n = len(g["weight_sensitivity"])
    quiet = sum(1 for w in g["weight_sensitivity"] if not changing(w))
    return (
        f"{quiet} of the {n} changes ({n // 2} factors, each scaled up and down) move no job "
        "into another band."
    )


def near_text(jobs: list[NearJobJSON]) -> str:
    """'VLO-2016 374 (female-dominated); ...' or '-'."""
    if not jobs:
        return "-"
    return "\n".join(
        f"{j['reference'] or j['title']} {j['total']} "
        f"({PREDOMINANCE_WORDS[Predominance(j['predominance'])]})"
        for j in jobs
    )


def line_text(kind: str, line: LineJSON | None) -> str | None:
    """'female-dominated: pay = 1,234.56 + 78.9 x points (3 jobs, 330-420 points, r² 0.91)'."""
    if line is None:
        return None
    r2 = f", r² {line['r_squared']:.2f}" if line["r_squared"] is not None else ""
    return (
        f"{kind.capitalize()} jobs: pay = {_money(line['intercept'])} + "
        f"{line['slope']:,.2f} × points ({line['jobs']} jobs, {line['min_points']}-"
        f"{line['max_points']} points{r2})"
    )


SENSITIVITY_LEGEND = (
    "F jobs, M jobs: female- and male-dominated jobs changing band (the people in them); "
    "Other: mixed jobs and jobs with no headcount."
)


def notes(m: NeutralityJSON) -> list[tuple[str, str]]:
    """How to read each part, and where each check comes from: said once, at the end."""
    t = m["thresholds"]
    n = t["near"]
    out = [
        ("Where the points come from", GAP_NOTE),
        (
            "Weight sensitivity",
            f"Each factor's points scaled by +{t['weight_step_pct']:g}% and "
            f"-{t['weight_step_pct']:g}% in turn, and every job re-scored with the engine: "
            f"{ROUNDING}. {SENSITIVITY_LEGEND}",
        ),
        (
            "Boundary clustering",
            f"Jobs within {n} points below a band boundary, and at or above it by less than "
            f"{n}. Source: {BOUNDARY_SOURCE}.",
        ),
    ]
    if m["staff"] is not None and m["staff"]["pay_basis"] is not None:
        out.append(
            (
                "Pay lines",
                f"{SCREEN_NOTE} Pay: the median {m['staff']['pay_basis']} pay of each job over "
                "everyone in it, where the disclosure control publishes it. Lines: least "
                "squares of median pay on total points, one for female- and one for "
                "male-dominated jobs, each job counted once. Gap: (male line - female line) / "
                "male line, at a female-dominated job's points; where those points lie outside "
                "the male-dominated jobs' range, the male line is extended (and the gap marked "
                "so). Equal average: per "
                "band, the mean of the job medians of female- and of male-dominated jobs. "
                f"Source: {LINES_SOURCE}.",
            )
        )
    out.append(("Privacy", m["privacy"]))
    return out


def provenance(m: NeutralityJSON) -> list[str]:
    """Files, schemes, sources and jescore's version."""
    out = [f"{i['kind']}: {i['path']} (sha256 {i['sha256']})" for i in m["inputs"]]
    out += [f"scheme {s['id']}: {s['name']} ({s['edition']}), {s['status']}" for s in m["schemes"]]
    out += [
        f"Predominance: {PREDOMINANCE_SOURCE} {PREDOMINANCE_URL}",
        f"Boundaries: {BOUNDARY_SOURCE} {BOUNDARY_URL}",
        f"Pay lines: {LINES_SOURCE} {LINES_URL}",
        f"jescore {m['jescore_version']}",
    ]
    return out


# --- table -----------------------------------------------------------------------------------


def as_table(view: NeutralityView, target: Target) -> str:
    """Each group: its jobs, the factor gap, weight sensitivity, boundaries, pay lines."""
    m = model(view)
    doc = Doc(target.width, target.color)
    doc.para("Gender neutrality of the results", "bold")
    if m["staff"] is not None:
        s = m["staff"]
        doc.para(f"Staff file {s['path']} (sha256 {s['sha256'][:12]}): {s['rows']:,} rows", hang=2)
    doc.para(rule_line(m), "dim")
    for g in m["groups"]:
        doc.blank()
        doc.para(title_of(g, m), "bold")
        status = status_of(g, m)
        if status is not Status.VERIFIED:
            doc.para(phrases.status_line(status), STATUS_STYLE[status])
        _table_group(doc, m, g)
    doc.blank()
    doc.para("Notes", "bold")
    for heading, text in notes(m):
        doc.para(f"{heading}: {text}", "dim")
    return doc.text()


def _table_group(doc: Doc, m: NeutralityJSON, g: GroupJSON) -> None:
    jobs = Table(
        (
            Column("Job", wrap=True, min_width=14),
            Column("Total", "right"),
            Column("Band", "right"),
            Column("Women", "right"),
            Column("Men", "right"),
            Column("% W", "right"),
            Column("Predominance", wrap=True),
        )
        + ((Column("Median pay", "right"),) if g["pay_lines"] is not None else ())
    )
    for j in g["jobs"]:
        women, men, share = headcount_text(j)
        row: list[Any] = [
            _name(j),
            j["score"]["total"],
            _band_label(j["score"]),
            women,
            men,
            share,
            PREDOMINANCE_WORDS[Predominance(j["predominance"])],
        ]
        if g["pay_lines"] is not None:
            row.append(_median_cell(j))
        jobs.row(*row)
    doc.table(jobs)
    if note := other_note(g):
        doc.para(note, "dim")
    for message in g["messages"]:
        doc.para(message, "yellow")
    if g["factor_gap"]:
        doc.blank()
        doc.para(gap_heading(g), "bold")
        table = Table(
            (
                Column("Factor", wrap=True, min_width=14),
                Column("Female mean", "right"),
                Column("Male mean", "right"),
                Column("Male − female", "right"),
                Column("Share", "right"),
            )
        )
        for x in g["factor_gap"]:
            table.row(
                x["name"],
                _num(x["female_mean_points"]),
                _num(x["male_mean_points"]),
                _signed(x["difference"]),
                _pct(x["share_of_difference_pct"]),
            )
        female, male, total = gap_totals(g)
        table.foot("Total", female, male, total, "100.0%" if g["total_difference"] else "-")
        doc.table(table)
    if g["weight_sensitivity"]:
        doc.blank()
        doc.para("Weight sensitivity", "bold")
        moved = [w for w in g["weight_sensitivity"] if changing(w)]
        if moved:
            table = Table(
                (
                    Column("Factor", wrap=True, min_width=12),
                    Column("Step", "right"),
                    Column("F jobs", "right"),
                    Column("M jobs", "right"),
                    Column("Other", "right"),
                    Column("Band changes", wrap=True, ratio=2),
                )
            )
            for w in moved:
                table.row(
                    w["name"],
                    step_text(w),
                    f"{w['female_jobs_changing']} ({w['people_in_female_jobs_changing']})",
                    f"{w['male_jobs_changing']} ({w['people_in_male_jobs_changing']})",
                    w["mixed_jobs_changing"] + w["unknown_jobs_changing"],
                    moves_text(w),
                )
            doc.table(table)
        doc.para(sensitivity_line(g), "dim")
    if g["weight_sensitivity"] or g["boundaries"]:
        doc.blank()
        doc.para("Boundary clustering", "bold")
        if g["boundaries"]:
            table = Table(
                (
                    Column("Boundary", wrap=True),
                    Column("Below", wrap=True),
                    Column("At or above", wrap=True),
                )
            )
            for b in g["boundaries"]:
                mark = "\nwomen's jobs below, men's above" if b["women_below_men_above"] else ""
                table.row(
                    cell(
                        f"Band {b['lower_band']['label']} | {b['upper_band']['label']} at "
                        f"{b['at']}{mark}"
                    ),
                    near_text(b["below"]),
                    near_text(b["above"]),
                )
            doc.table(table)
        else:
            doc.para("No job lies near a band boundary.")
    p = g["pay_lines"]
    if p is not None:
        doc.blank()
        doc.para("Pay lines (a screen, not a finding)", "bold")
        for kind, line in (("female-dominated", p["female"]), ("male-dominated", p["male"])):
            if text := line_text(kind, line):
                doc.para(text, hang=2)
        for note in p["notes"]:
            doc.para(note, "yellow")
        if p["gaps"]:
            table = Table(
                (
                    Column("Female-dominated job", wrap=True),
                    Column("Points", "right"),
                    Column("Female line", "right"),
                    Column("Male line", "right"),
                    Column("Gap", "right"),
                )
            )
            for lg in p["gaps"]:
                outside = " *" if lg["outside_male_range"] else ""
                table.row(
                    _name(lg),
                    lg["points"],
                    _money(lg["female_line"]),
                    _money(lg["male_line"]),
                    f"{_pct(lg['gap_pct'])}{outside}",
                )
            doc.table(table)
            if any(lg["outside_male_range"] for lg in p["gaps"]):
                doc.para(
                    "* outside the male-dominated jobs' range of points: the male line extended.",
                    "dim",
                )
        if p["equal_average"]:
            table = Table(
                (
                    Column("Band"),
                    Column("F jobs", "right"),
                    Column("F mean", "right"),
                    Column("M jobs", "right"),
                    Column("M mean", "right"),
                    Column("Gap", "right"),
                )
            )
            for a in p["equal_average"]:
                table.row(
                    a["band"]["label"],
                    a["female_jobs"],
                    _money(a["female_mean"]),
                    a["male_jobs"],
                    _money(a["male_mean"]),
                    _pct(a["gap_pct"]),
                )
            doc.table(table)
        if p["jobs_pay_not_shown"]:
            doc.para(_withheld_text(p["jobs_pay_not_shown"]), "dim")


def _withheld_text(n: int) -> str:
    jobs = (
        "1 female- or male-dominated job is"
        if n == 1
        else f"{n} female- or male-dominated jobs are"
    )
    return (
        f'{jobs} left out of the pay lines: their median pay is not shown ("small group": '
        'fewer people than the minimum group; "withheld": shown, it would let a smaller '
        "group's pay be worked out)."
    )


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: NeutralityView, target: Target) -> str:
    """The report for a union branch or a pay equity committee."""
    m = model(view)
    out = ["# Gender neutrality of the results (jescore)", ""]
    if m["staff"] is not None:
        s = m["staff"]
        out.append(f"- Staff file: {code(s['path'])} (sha256 `{s['sha256']}`), {s['rows']:,} rows")
    out += [f"- {md(rule_line(m))}"]
    for g in m["groups"]:
        out += ["", f"## {md(title_of(g, m))}", ""]
        status = status_of(g, m)
        if status is not Status.VERIFIED:
            out += [f"**{md(phrases.status_line(status))}**", ""]
        pay = g["pay_lines"] is not None
        out += [
            "| Job | Total | Band | Women | Men | % women | Predominance |"
            + (" Median pay |" if pay else ""),
            "|---|---:|---|---:|---:|---:|---|" + ("---:|" if pay else ""),
        ]
        for j in g["jobs"]:
            women, men, share = headcount_text(j)
            extra = f" {_median_cell(j)} |" if pay else ""
            out.append(
                f"| {md(_name(j))} | {j['score']['total']} | {md(_band_label(j['score']))} | "
                f"{women} | {men} | {share} | {PREDOMINANCE_WORDS[Predominance(j['predominance'])]}"
                f" |{extra}"
            )
        if note := other_note(g):
            out += ["", md(note)]
        out += [f"\n- {md(message)}" for message in g["messages"]]
        if g["factor_gap"]:
            out += [
                "",
                f"### {md(gap_heading(g))}",
                "",
                "| Factor | Female mean | Male mean | Male − female | Share of difference |",
                "|---|---:|---:|---:|---:|",
            ]
            for x in g["factor_gap"]:
                out.append(
                    f"| {md(x['name'])} | {_num(x['female_mean_points'])} | "
                    f"{_num(x['male_mean_points'])} | {_signed(x['difference'])} | "
                    f"{_pct(x['share_of_difference_pct'])} |"
                )
            female, male, total = gap_totals(g)
            share = "100.0%" if g["total_difference"] else "-"
            out.append(f"| **Total** | {female} | {male} | {total} | {share} |")
        if g["weight_sensitivity"]:
            out += ["", "### Weight sensitivity", ""]
            moved = [w for w in g["weight_sensitivity"] if changing(w)]
            if moved:
                out += [
                    "| Factor | Step | Female-dominated jobs (people) | Male-dominated jobs "
                    "(people) | Other jobs | Band changes |",
                    "|---|---:|---:|---:|---:|---|",
                ]
                for w in moved:
                    out.append(
                        f"| {md(w['name'])} | {step_text(w)} | {w['female_jobs_changing']} "
                        f"({w['people_in_female_jobs_changing']}) | {w['male_jobs_changing']} "
                        f"({w['people_in_male_jobs_changing']}) | "
                        f"{w['mixed_jobs_changing'] + w['unknown_jobs_changing']} | "
                        f"{md(moves_text(w))} |"
                    )
                out.append("")
            out.append(md(sensitivity_line(g)))
        if g["weight_sensitivity"] or g["boundaries"]:
            out += ["", "### Boundary clustering", ""]
            if g["boundaries"]:
                out += ["| Boundary | Below | At or above | Arrangement |", "|---|---|---|---|"]
                for b in g["boundaries"]:
                    mark = "women's jobs below, men's above" if b["women_below_men_above"] else ""
                    out.append(
                        f"| Band {md(b['lower_band']['label'])} \\| {md(b['upper_band']['label'])}"
                        f" at {b['at']} | {md(near_text(b['below']).replace(chr(10), '; '))} | "
                        f"{md(near_text(b['above']).replace(chr(10), '; '))} | {mark} |"
                    )
            else:
                out.append("No job lies near a band boundary.")
        p = g["pay_lines"]
        if p is not None:
            out += ["", "### Pay lines (a screen, not a finding)", ""]
            for kind, line in (("female-dominated", p["female"]), ("male-dominated", p["male"])):
                if text := line_text(kind, line):
                    out.append(f"- {md(text)}")
            out += [f"- {md(n)}" for n in p["notes"]]
            if p["gaps"]:
                out += [
                    "",
                    "| Female-dominated job | Points | Female line | Male line | Gap |",
                    "|---|---:|---:|---:|---:|",
                ]
                for lg in p["gaps"]:
                    outside = " (male line extended)" if lg["outside_male_range"] else ""
                    out.append(
                        f"| {md(_name(lg))} | {lg['points']} | {_money(lg['female_line'])} | "
                        f"{_money(lg['male_line'])} | {_pct(lg['gap_pct'])}{outside} |"
                    )
            if p["equal_average"]:
                out += [
                    "",
                    "| Band | Female-dominated jobs | Mean of medians | Male-dominated jobs | "
                    "Mean of medians | Gap |",
                    "|---|---:|---:|---:|---:|---:|",
                ]
                for a in p["equal_average"]:
                    out.append(
                        f"| {md(a['band']['label'])} | {a['female_jobs']} | "
                        f"{_money(a['female_mean'])} | {a['male_jobs']} | {_money(a['male_mean'])}"
                        f" | {_pct(a['gap_pct'])} |"
                    )
            if p["jobs_pay_not_shown"]:
                out += ["", md(_withheld_text(p["jobs_pay_not_shown"]))]
    out += ["", "## Notes", ""]
    out += [f"- **{heading}**: {md(text)}" for heading, text in notes(m)]
    out += ["", "## Provenance", ""]
    out += [f"- {md(line)}" for line in provenance(m)]
    return "\n".join(out) + "\n"


# --- html ------------------------------------------------------------------------------------

#: Colours by predominance (women's and men's as in the equal pay report).
COLOURS = {
    Predominance.FEMALE.value: "#7b3294",
    Predominance.MALE.value: "#008837",
    Predominance.MIXED.value: "#999999",
    Predominance.UNKNOWN.value: "#dddddd",
}
#: Chart geometry: the plotting area's left edge and width, in SVG units.
_LEFT, _WIDTH = 250, 440


def _scale(lo: float, hi: float) -> tuple[float, float]:
    """A range with a margin, never empty."""
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    margin = (hi - lo) * 0.05
    return lo - margin, hi + margin


def _rounded(lo: float, hi: float) -> tuple[float, float]:
    """An axis range widened to round numbers (a power of ten below its span)."""
    step = 10.0 ** math.floor(math.log10(hi - lo)) if hi > lo else 1.0
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _points_chart(g: GroupJSON, grading: Any) -> dict[str, Any]:
    totals = [j["score"]["total"] for j in g["jobs"]]
    lo, hi = _scale(min(totals), max(totals))
    boundaries: list[tuple[int, str]] = []
    if grading is not None:
        for lower, upper in zip(grading.bands, grading.bands[1:], strict=False):
            if lo <= upper.min <= hi:
                boundaries.append((upper.min, f"{lower.label} | {upper.label}"))
    lo = min([lo, *(b for b, _ in boundaries)])
    hi = max([hi, *(b for b, _ in boundaries)])

    def x(v: float) -> float:
        return _LEFT + _WIDTH * (v - lo) / (hi - lo)

    rows = [
        {
            "label": short(_name(j), 36),
            "y": 30 + i * 22,
            "x": x(j["score"]["total"]),
            "total": j["score"]["total"],
            "colour": COLOURS[j["predominance"]],
        }
        for i, j in enumerate(g["jobs"])
    ]
    height = 50 + 22 * len(rows)
    return {
        "rows": rows,
        "height": height,
        "boundaries": [{"x": x(v), "at": v, "label": label} for v, label in boundaries],
        "low": round(lo),
        "high": round(hi),
    }


def _pay_chart(g: GroupJSON) -> dict[str, Any] | None:
    p = g["pay_lines"]
    if p is None:
        return None
    dots = [j for j in g["jobs"] if j["median_pay"] is not None]
    if not dots:
        return None
    xs = [j["score"]["total"] for j in dots]
    ys = [float(j["median_pay"] or 0) for j in dots]
    for fitted in (p["female"], p["male"]):
        if fitted is not None:
            for v in (fitted["min_points"], fitted["max_points"]):
                ys.append(fitted["intercept"] + fitted["slope"] * v)
    x0, x1 = _scale(min(xs), max(xs))
    y0, y1 = _rounded(*_scale(min(ys), max(ys)))
    height = 300

    def px(v: float) -> float:
        return _LEFT - 170 + (_WIDTH + 170) * (v - x0) / (x1 - x0)

    def py(v: float) -> float:
        return 20 + (height - 60) * (1 - (v - y0) / (y1 - y0))

    drawn = []
    for kind, line in (("female-dominated", p["female"]), ("male-dominated", p["male"])):
        if line is None:
            continue
        a, b = line["min_points"], line["max_points"]
        drawn.append(
            {
                "colour": COLOURS[kind],
                "x1": px(a),
                "y1": py(line["intercept"] + line["slope"] * a),
                "x2": px(b),
                "y2": py(line["intercept"] + line["slope"] * b),
            }
        )
    return {
        "height": height,
        "dots": [
            {
                "x": px(j["score"]["total"]),
                "y": py(float(j["median_pay"] or 0)),
                "colour": COLOURS[j["predominance"]],
                "label": short(j["reference"] or j["title"], 20),
            }
            for j in dots
        ],
        "lines": drawn,
        "x_low": round(x0),
        "x_high": round(x1),
        "y_low": f"{y0:,.0f}",
        "y_high": f"{y1:,.0f}",
        "left": _LEFT - 170,
        "right": _LEFT + _WIDTH,
        "bottom": height - 40,
    }


def as_html(view: NeutralityView, target: Target) -> str:
    """A printable report: per group the tables and two charts drawn as inline SVG."""
    from jescore.render.kit.html import Banner, Page, page

    m = model(view)
    r = view.report
    groups = []
    for g, core in zip(m["groups"], r.groups, strict=True):
        status = status_of(g, m)
        groups.append(
            {
                "g": g,
                "title": title_of(g, m),
                "banner": None
                if status is Status.VERIFIED
                else Banner(status.value, phrases.status_line(status)),
                "points": _points_chart(g, core.grading),
                "pay": _pay_chart(g),
                "other": other_note(g),
                "gap_heading": gap_heading(g),
                "gap_totals": gap_totals(g),
                "moved": [w for w in g["weight_sensitivity"] if changing(w)],
                "sensitivity_line": sensitivity_line(g) if g["weight_sensitivity"] else "",
            }
        )
    lead = [rule_line(m)]
    if m["staff"] is not None:
        s = m["staff"]
        lead.insert(0, f"Staff file {s['path']}: {s['rows']:,} rows.")
    frame = Page(
        title="Gender neutrality of the results",
        lead=tuple(lead),
        # The page's own footer names jescore's version.
        provenance=tuple(provenance(m)[:-1]),
        paper=target.paper,
    )
    return page(
        "neutrality.html.j2",
        page=frame,
        m=m,
        groups=groups,
        colours=COLOURS,
        words={p.value: w for p, w in PREDOMINANCE_WORDS.items()},
        name=_name,
        band_label=_band_label,
        headcount_text=headcount_text,
        num=_num,
        signed=_signed,
        pct=_pct,
        money=_money,
        median_cell=_median_cell,
        step_text=step_text,
        moves_text=moves_text,
        near_text=near_text,
        line_text=line_text,
        notes=notes(m),
        withheld_text=_withheld_text,
    )


# --- docx ------------------------------------------------------------------------------------


def as_docx(view: NeutralityView, target: Target) -> bytes:
    """A Word document with the same tables (the charts are in the HTML report)."""
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout

    m = model(view)
    footer = [
        "Schemes "
        + ", ".join(f"{s['id']} ({s['status']}, sha256 {s['sha256'][:12]})" for s in m["schemes"])
        + f" · jescore {m['jescore_version']}"
    ]
    doc = Document(
        "Gender neutrality of the results",
        Layout(paper="letter" if target.paper == "letter" else "a4", footer=footer),
    )
    if m["staff"] is not None:
        s = m["staff"]
        doc.para(f"Staff file {s['path']} (sha256 {s['sha256'][:12]}): {s['rows']:,} rows.")
    doc.para(rule_line(m))
    for g in m["groups"]:
        doc.heading(title_of(g, m), 2)
        status = status_of(g, m)
        doc.banner(status.value, phrases.status_line(status))
        pay = g["pay_lines"] is not None
        columns = [
            DocColumn("Job", weight=3),
            DocColumn("Total", "right"),
            DocColumn("Band", "right"),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
            DocColumn("% women", "right"),
            DocColumn("Predominance"),
        ] + ([DocColumn("Median pay", "right")] if pay else [])
        rows = []
        for j in g["jobs"]:
            women, men, share = headcount_text(j)
            row = [
                _name(j),
                str(j["score"]["total"]),
                _band_label(j["score"]),
                women,
                men,
                share,
                PREDOMINANCE_WORDS[Predominance(j["predominance"])],
            ]
            rows.append(row + ([_median_cell(j)] if pay else []))
        doc.table(columns, rows)
        if note := other_note(g):
            doc.para(note)
        for message in g["messages"]:
            doc.para(message, bold=True)
        if g["factor_gap"]:
            doc.heading(gap_heading(g), 3)
            female, male, total = gap_totals(g)
            doc.table(
                [
                    DocColumn("Factor", weight=3),
                    DocColumn("Female mean", "right"),
                    DocColumn("Male mean", "right"),
                    DocColumn("Male − female", "right"),
                    DocColumn("Share", "right"),
                ],
                [
                    [
                        x["name"],
                        _num(x["female_mean_points"]),
                        _num(x["male_mean_points"]),
                        _signed(x["difference"]),
                        _pct(x["share_of_difference_pct"]),
                    ]
                    for x in g["factor_gap"]
                ]
                + [["Total", female, male, total, "100.0%" if g["total_difference"] else "-"]],
            )
        if g["weight_sensitivity"]:
            doc.heading("Weight sensitivity", 3)
            moved = [w for w in g["weight_sensitivity"] if changing(w)]
            if moved:
                doc.table(
                    [
                        DocColumn("Factor", weight=2),
                        DocColumn("Step", "right"),
                        DocColumn("Female-dominated jobs (people)", "right"),
                        DocColumn("Male-dominated jobs (people)", "right"),
                        DocColumn("Other jobs", "right"),
                        DocColumn("Band changes", weight=3),
                    ],
                    [
                        [
                            w["name"],
                            step_text(w),
                            f"{w['female_jobs_changing']} ({w['people_in_female_jobs_changing']})",
                            f"{w['male_jobs_changing']} ({w['people_in_male_jobs_changing']})",
                            str(w["mixed_jobs_changing"] + w["unknown_jobs_changing"]),
                            moves_text(w),
                        ]
                        for w in moved
                    ],
                )
            doc.para(sensitivity_line(g), italic=True)
        if g["weight_sensitivity"] or g["boundaries"]:
            doc.heading("Boundary clustering", 3)
            if g["boundaries"]:
                doc.table(
                    [
                        DocColumn("Boundary"),
                        DocColumn("Below", weight=2),
                        DocColumn("At or above", weight=2),
                    ],
                    [
                        [
                            f"Band {b['lower_band']['label']} | {b['upper_band']['label']} at "
                            f"{b['at']}"
                            + (
                                "\nwomen's jobs below, men's above"
                                if b["women_below_men_above"]
                                else ""
                            ),
                            near_text(b["below"]),
                            near_text(b["above"]),
                        ]
                        for b in g["boundaries"]
                    ],
                    shade=[b["women_below_men_above"] for b in g["boundaries"]],
                )
            else:
                doc.para("No job lies near a band boundary.")
        p = g["pay_lines"]
        if p is not None:
            doc.heading("Pay lines (a screen, not a finding)", 3)
            lines = [
                text
                for kind, line in (("female-dominated", p["female"]), ("male-dominated", p["male"]))
                if (text := line_text(kind, line))
            ]
            doc.bullets(lines + p["notes"])
            if p["gaps"]:
                doc.table(
                    [
                        DocColumn("Female-dominated job", weight=3),
                        DocColumn("Points", "right"),
                        DocColumn("Female line", "right"),
                        DocColumn("Male line", "right"),
                        DocColumn("Gap", "right"),
                    ],
                    [
                        [
                            _name(x),
                            str(x["points"]),
                            _money(x["female_line"]),
                            _money(x["male_line"]),
                            _pct(x["gap_pct"])
                            + (" (male line extended)" if x["outside_male_range"] else ""),
                        ]
                        for x in p["gaps"]
                    ],
                )
            if p["equal_average"]:
                doc.table(
                    [
                        DocColumn("Band"),
                        DocColumn("Female-dominated jobs", "right"),
                        DocColumn("Mean of medians", "right"),
                        DocColumn("Male-dominated jobs", "right"),
                        DocColumn("Mean of medians", "right"),
                        DocColumn("Gap", "right"),
                    ],
                    [
                        [
                            a["band"]["label"],
                            str(a["female_jobs"]),
                            _money(a["female_mean"]),
                            str(a["male_jobs"]),
                            _money(a["male_mean"]),
                            _pct(a["gap_pct"]),
                        ]
                        for a in p["equal_average"]
                    ],
                )
            if p["jobs_pay_not_shown"]:
                doc.para(_withheld_text(p["jobs_pay_not_shown"]))
    doc.heading("Notes", 2)
    for heading, text in notes(m):
        doc.labelled([(heading, text)])
    doc.heading("Provenance", 2)
    for line in provenance(m):
        doc.para(line, size=8)
    return doc.bytes()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = NeutralityJSON

FORMATS: Formats[NeutralityView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
