"""``equalpay``: women's and men's pay in each group of equal work, and the comparator screen.

Formats: table (with a terminal chart), json, csv, markdown and html (a printable report with
two charts). Only aggregates reach these renderers: counts, means, medians and gaps per group,
and job medians for the comparator screen, as the disclosure control publishes them; a figure
not published is ``null`` in JSON and shown with the reason elsewhere. Money has pence in
every format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from typing_extensions import TypedDict

from jescore.equalpay import GUIDANCE, GUIDANCE_URL, PAY_BASIS, Audit, Figures, Group, JobInfo
from jescore.formats import Format
from jescore.models import FileRef
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Table, cell
from jescore.render.kit.envelope import (
    BandJSON,
    Envelope,
    JobJSON,
    ScoreJSON,
    Sources,
    band_json,
    dumps,
    job_json,
    score_json,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code, link
from jescore.safety import csv_text

COMMAND = "equalpay"


@dataclass(frozen=True, slots=True)
class EqualPayView:
    """The audit, and the files it was made from (questionnaires, schemes, the staff file)."""

    audit: Audit
    #: (questionnaire file, scheme, scheme file, grading file or None) of each job.
    jobs: tuple[tuple[FileRef, Any, FileRef, FileRef | None], ...]
    staff: FileRef


SCREEN_NOTE = (
    "A screen, not a finding: jobs held mostly by women that score at least as much as a job "
    "held mostly by men under the same scheme, yet are paid less by the significant threshold "
    "or more (median pay of each job). Each pair needs investigating before anything is said "
    "about it."
)


def _provenance(view: EqualPayView) -> list[str]:
    """The files the audit was made from, with their hashes, and the thresholds' source."""
    a = view.audit
    lines = [
        f"Staff file: {a.staff[0]} (sha256 {a.staff[1]}), {a.rows:,} rows",
        f"Source of the thresholds: {GUIDANCE} ({GUIDANCE_URL})",
    ]
    return list(dict.fromkeys(lines + phrases.job_file_lines(view.jobs)))


def recurring_text(a: Audit) -> str:
    """What 'recurring' means in this report."""
    t = a.thresholds
    return (
        f"pattern: a gap (mean or median) of {t.pattern:g}% or more in the same direction in "
        f"at least {t.pattern_groups} groups (jescore's reading of 'recurring'; the guidance "
        "gives no number)"
    )


def _money(x: float | None) -> str:
    return "-" if x is None else f"{x:,.2f}"


def _whole(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:+.1f}%"


def _r(x: float | None, places: int = 2) -> float | None:
    return None if x is None else round(x, places)


def _grouping(a: Audit) -> str:
    if a.grouping == "band":
        return "each band (work rated as equivalent)"
    return "each job (like work)"


def _name(g: Group) -> str:
    if g.job is not None:
        return f"{g.job.reference} ({g.job.title})"
    return f"Band {g.label}" if g.band is not None else g.label


def _structure(g: Group) -> str:
    """The grading structure a group comes from, as outputs name it."""
    return g.structure.label if g.structure is not None else g.scheme


def other_text(g: Group) -> str:
    """The line for people whose sex is recorded as neither women nor men."""
    people = "person" if g.other == 1 else "people"
    return (
        f"{g.other} {people} whose sex is recorded as neither women nor men (another value, or "
        "blank): counted in the group, in neither column"
    )


def small_jobs_text(a: Audit) -> str:
    """Why some jobs are not in the comparator screen."""
    n = a.screen.small_jobs
    jobs = "1 job is" if n == 1 else f"{n} jobs are"
    return (
        f"{jobs} left out of the screen: their pay figures are not "
        f"shown (fewer than {a.thresholds.min_group} people, or withheld so that no one's pay "
        "could be worked out from the figures that are)"
    )


PRIVACY = (
    "no person's row is shown; pay figures are shown only for groups of at least {k} people, "
    "and more are withheld where the figures shown would let anyone's pay, or a smaller "
    "group's, be worked out (one decision for every grouping of this file)"
)


def _register(view: EqualPayView) -> Sources:
    sources = Sources()
    for file, scheme, scheme_file, grading_file in view.jobs:
        sources.file(file, "questionnaire")
        sources.scheme(scheme, scheme_file)
        if grading_file is not None and grading_file != scheme_file:
            sources.file(grading_file, "grading")
    sources.file(view.staff, "staff")
    return sources


# --- json ------------------------------------------------------------------------------------


class FiguresJSON(TypedDict):
    """One sex's pay in one group (null where not published)."""

    count: int
    mean: float | None
    median: float | None


class StructureJSON(TypedDict):
    """The grading structure a group belongs to (groups are never pooled across them)."""

    key: str
    label: str
    scheme: str
    grading: str | None


class GroupJSON(TypedDict):
    """One group of equal work."""

    structure: StructureJSON | None
    band: BandJSON | None
    job: JobJSON | None
    women: FiguresJSON
    men: FiguresJSON
    other: int
    women_share_pct: float | None
    mean_gap_pct: float | None
    median_gap_pct: float | None
    flags: list[str]
    suppressed: list[str]


class ScreenJobJSON(TypedDict):
    """A job in the comparator screen."""

    job: JobJSON
    score: ScoreJSON
    median_pay: float | None
    share_pct: float | None


class PairJSON(TypedDict):
    """A possible equal-value comparison."""

    women_job: ScreenJobJSON
    men_job: ScreenJobJSON
    pay_gap_pct: float | None


class ScreenJSON(TypedDict):
    """The comparator screen."""

    note: str
    pairs: list[PairJSON]
    total_pairs: int
    jobs_too_small: int


class StaffJSON(TypedDict):
    """The staff file: how it was read, and its rows."""

    path: str
    sha256: str
    rows: int
    skipped: dict[str, int]
    reading: dict[str, str | None]
    other_sex: int


class ThresholdsJSON(TypedDict):
    """When a gap merits investigation, and who says so."""

    significant_pct: float
    pattern_pct: float
    pattern_groups: int
    min_group: int
    dominated_share_pct: float
    source: str
    url: str
    recurring: str


class EqualPayJSON(Envelope):
    """``equalpay --format json``."""

    staff: StaffJSON
    pay_basis: str
    grouping: str
    thresholds: ThresholdsJSON
    groups: list[GroupJSON]
    comparators: ScreenJSON


def _figures(f: Figures) -> FiguresJSON:
    return {"count": f.count, "mean": _r(f.mean), "median": _r(f.median)}


def _job(info: JobInfo) -> JobJSON:
    return job_json(info.title, info.reference, info.organisation, info.family)


def _screen_job(info: JobInfo, median: float, share: float) -> ScreenJobJSON:
    return {
        "job": _job(info),
        "score": score_json(info.total, info.band),
        "median_pay": _r(median),
        "share_pct": _r(share, 1),
    }


def model(view: EqualPayView) -> EqualPayJSON:
    """The audit as JSON-ready data."""
    a = view.audit
    t = a.thresholds
    return {
        **_register(view).envelope(COMMAND),
        "staff": {
            "path": a.staff[0],
            "sha256": a.staff[1],
            "rows": a.rows,
            "skipped": dict(a.skipped),
            "reading": dict(a.reading),
            "other_sex": a.other,
        },
        "pay_basis": a.pay_basis,
        "grouping": a.grouping,
        "thresholds": {
            "significant_pct": t.significant,
            "pattern_pct": t.pattern,
            "pattern_groups": t.pattern_groups,
            "min_group": t.min_group,
            "dominated_share_pct": t.dominated_share,
            "source": GUIDANCE,
            "url": GUIDANCE_URL,
            "recurring": recurring_text(a),
        },
        "groups": [
            {
                "structure": None
                if g.structure is None
                else {
                    "key": g.structure.key,
                    "label": g.structure.label,
                    "scheme": g.structure.scheme,
                    "grading": g.structure.grading,
                },
                "band": band_json(g.band) if g.job is None else None,
                "job": _job(g.job) if g.job is not None else None,
                "women": _figures(g.women),
                "men": _figures(g.men),
                "other": g.other,
                "women_share_pct": _r(g.women_share, 1),
                "mean_gap_pct": _r(g.mean_gap),
                "median_gap_pct": _r(g.median_gap),
                "flags": list(g.flags),
                "suppressed": list(g.suppressed),
            }
            for g in a.groups
        ],
        "comparators": {
            "note": SCREEN_NOTE,
            "pairs": [
                {
                    "women_job": _screen_job(c.women_job, c.women_job_median, c.women_share),
                    "men_job": _screen_job(c.men_job, c.men_job_median, c.men_share),
                    "pay_gap_pct": _r(c.pay_gap),
                }
                for c in a.screen.pairs
            ],
            "total_pairs": a.screen.total,
            "jobs_too_small": a.screen.small_jobs,
        },
    }


def as_json(view: EqualPayView, target: Target) -> str:
    """``equalpay --format json``."""
    return dumps(model(view))


# --- csv -------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "structure", "group", "women", "women_mean", "women_median", "men", "men_mean",
    "men_median", "other", "women_share_pct", "mean_gap_pct", "median_gap_pct", "flags",
    "suppressed",
]  # fmt: skip


def as_csv(view: EqualPayView, target: Target) -> str:
    """One row a group (figures not published left empty; formula cells defused)."""
    rows: list[list[Any]] = [CSV_COLUMNS]
    for g in view.audit.groups:
        rows.append(
            [
                _structure(g),
                _name(g),
                g.women.count,
                _r(g.women.mean),
                _r(g.women.median),
                g.men.count,
                _r(g.men.mean),
                _r(g.men.median),
                g.other,
                _r(g.women_share, 1),
                _r(g.mean_gap),
                _r(g.median_gap),
                " ".join(g.flags),
                "; ".join(g.suppressed),
            ]
        )
    return csv_text([["" if v is None else v for v in row] for row in rows])


# --- table -----------------------------------------------------------------------------------


def _bar(gap: float | None, scale: float, half: int) -> str:
    """A gap as a bar either side of an axis: women paid more to the left, men to the right."""
    if gap is None:
        return " " * half + "┆" + " " * half
    length = min(half, round(abs(gap) / scale * half)) if scale else 0
    if gap >= 0:
        return " " * half + "┆" + "█" * length + " " * (half - length)
    return " " * (half - length) + "█" * length + "┆" + " " * half


def _share(g: Group) -> str:
    return "-" if g.women_share is None else f"{g.women_share:.0f}%"


def _by_structure(groups: Sequence[Group]) -> list[tuple[str, list[Group]]]:
    out: list[tuple[str, list[Group]]] = []
    for g in groups:
        if not out or out[-1][0] != _structure(g):
            out.append((_structure(g), []))
        out[-1][1].append(g)
    return out


def as_table(view: EqualPayView, target: Target) -> str:
    """The groups, a chart of the median gap, the flags and the comparator screen."""
    a = view.audit
    t = a.thresholds
    doc = Doc(target.width, target.color)
    doc.para("Equal pay audit", "bold")
    doc.para(
        f"Staff file {a.staff[0]} (sha256 {a.staff[1][:12]}): {a.rows:,} rows, "
        f"{PAY_BASIS[a.pay_basis]}; groups: {_grouping(a)}",
        hang=2,
    )
    doc.blank()
    table = Table(
        (
            Column("Group", wrap=True, min_width=14),
            Column("Women", "right"),
            Column("Men", "right"),
            Column("% W", "right"),
            Column("Median W", "right"),
            Column("Median M", "right"),
            Column("Gap", "right"),
            Column("Flags", wrap=True),
        )
    )
    for n, (structure, groups) in enumerate(_by_structure(a.groups)):
        if n:
            table.section()
        table.heading(structure)
        for g in groups:
            table.row(
                "  " + _name(g),
                g.women.count,
                g.men.count,
                _share(g),
                _money(g.women.median),
                _money(g.men.median),
                _pct(g.median_gap),
                cell("\n".join(g.flags), "bold red" if g.flags else ""),
            )
    doc.table(table)
    doc.blank()
    gaps = [g.median_gap for g in a.groups if g.median_gap is not None]
    scale = max([abs(x) for x in gaps] + [t.significant])
    half = max(8, min(30, (doc.width - 34) // 2))
    doc.para("Median gap by group (women paid more ◀ ┆ ▶ men paid more)", "bold")
    for structure, groups in _by_structure(a.groups):
        doc.para(structure, "dim")
        for g in groups:
            label = ("  " + _name(g))[:18].ljust(18)
            doc.line(f"{label} {_bar(g.median_gap, scale, half)} {_pct(g.median_gap)}")
    doc.para(
        f"Gap: of the medians, (men - women) / men x 100 (mean gaps: json, markdown and html). "
        f"Significant: {t.significant:g}% or more either way. "
        f"{recurring_text(a)[0].upper()}{recurring_text(a)[1:]}. Source: {GUIDANCE}.",
        "dim",
    )
    for g in a.groups:
        for reason in g.suppressed:
            doc.para(f"{_structure(g)}: {_name(g)}: {reason}.", "yellow", hang=2)
        if g.other:
            doc.para(f"{_structure(g)}: {_name(g)}: {other_text(g)}.", "yellow", hang=2)
    if a.skipped:
        kinds = ", ".join(f"{k}: {n:,}" for k, n in a.skipped.items())
        doc.para(f"Rows skipped: {kinds}.", "yellow")
    doc.blank()
    doc.para("Possible equal-value comparators (a screen, not a finding)", "bold")
    if not a.screen.pairs:
        doc.para(
            "None: no job held mostly by women is paid less than a lighter job held mostly by men."
        )
    else:
        doc.blank()
        screen = Table(
            (
                Column("Mostly women", wrap=True),
                Column("Mostly men", wrap=True),
                Column("Gap", "right"),
            )
        )
        for c in a.screen.pairs:
            screen.row(
                f"{c.women_job.title} ({c.women_job.reference}): {c.women_job.total} pts, "
                f"median {_money(c.women_job_median)}",
                f"{c.men_job.title} ({c.men_job.reference}): {c.men_job.total} pts, "
                f"median {_money(c.men_job_median)}",
                f"{c.pay_gap:.1f}%",
            )
        doc.table(screen)
        if a.screen.total > len(a.screen.pairs):
            more = a.screen.total - len(a.screen.pairs)
            doc.para(f"… {more} more pairs (the first 50 are listed).")
    doc.para(SCREEN_NOTE, "dim")
    if a.screen.small_jobs:
        doc.para(small_jobs_text(a) + ".", "dim")
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: EqualPayView, target: Target) -> str:
    """The audit for a report or a union branch: groups, flags, the screen."""
    a = view.audit
    t = a.thresholds
    out = [
        "# Equal pay audit (jescore)",
        "",
        f"- Staff file: {code(a.staff[0])} (sha256 `{a.staff[1]}`), {a.rows:,} rows, "
        f"{PAY_BASIS[a.pay_basis]}",
        f"- Groups: {_grouping(a)}",
        f"- Flags: significant at {t.significant:g}% or more either way; {md(recurring_text(a))}",
        f"- Source: {md(GUIDANCE)} {link(GUIDANCE_URL)}",
        f"- Privacy: {md(PRIVACY.format(k=t.min_group))}",
        "",
        "| Group | Women | Men | % women | Mean W | Mean M | Median W | Median M | Gap mean "
        "| Gap median | Flags |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for g in a.groups:
        group = md(_structure(g) + ": " + _name(g))
        out.append(
            f"| {group} | {g.women.count} | {g.men.count} | {_share(g)} | "
            f"{_money(g.women.mean)} | {_money(g.men.mean)} | {_money(g.women.median)} | "
            f"{_money(g.men.median)} | {_pct(g.mean_gap)} | {_pct(g.median_gap)} | "
            f"{' '.join(g.flags)} |"
        )
    notes = [
        f"- {md(_structure(g) + ': ' + _name(g))}: {md(r)}" for g in a.groups for r in g.suppressed
    ]
    if notes:
        out += ["", "Not shown:", "", *notes]
    others = [
        f"- {md(_structure(g) + ': ' + _name(g))}: {md(other_text(g))}" for g in a.groups if g.other
    ]
    if others:
        out += ["", "Other sex values:", "", *others]
    out += [
        "",
        "## Possible equal-value comparators (a screen, not a finding)",
        "",
        md(SCREEN_NOTE),
        "",
    ]
    if a.screen.pairs:
        out += [
            "| Mostly women | Points | Median | Mostly men | Points | Median | Gap |",
            "|---|---:|---:|---|---:|---:|---:|",
        ]
        for c in a.screen.pairs:
            women = f"{md(c.women_job.title)} ({md(c.women_job.reference)})"
            men = f"{md(c.men_job.title)} ({md(c.men_job.reference)})"
            out.append(
                f"| {women} | {c.women_job.total} | {_money(c.women_job_median)} | {men} | "
                f"{c.men_job.total} | {_money(c.men_job_median)} | {c.pay_gap:.1f}% |"
            )
    else:
        out.append("None found.")
    if a.screen.small_jobs:
        out += ["", md(small_jobs_text(a)) + "."]
    return "\n".join(out) + "\n"


# --- html ------------------------------------------------------------------------------------


def as_html(view: EqualPayView, target: Target) -> str:
    """A self-contained, printable report with two charts drawn as inline SVG."""
    from jescore.render.kit.html import Banner, Page, page

    a = view.audit
    most = max(
        [x for g in a.groups for x in (g.women.median, g.men.median) if x is not None] + [1.0]
    )
    bars = []
    for i, g in enumerate(a.groups):
        bars.append(
            {
                "label": f"{_structure(g)}: {_name(g)}",
                "y": 30 + i * 46,
                "women": None if g.women.median is None else 360 * g.women.median / most,
                "men": None if g.men.median is None else 360 * g.men.median / most,
                "women_text": _money(g.women.median),
                "men_text": _money(g.men.median),
                "share": g.women_share,
            }
        )
    t = a.thresholds
    frame = Page(
        title="Equal pay audit",
        lead=(
            f"Groups: {_grouping(a)}. Pay: {PAY_BASIS[a.pay_basis]}. Gap: (men − women) / men "
            "× 100, positive where men are paid more.",
            f"Flags: significant at {t.significant:g}% or more either way; {recurring_text(a)}.",
            f"Privacy: {PRIVACY.format(k=t.min_group)}.",
        ),
        banners=tuple(
            Banner(sc.status.value, f"{sc.id}: {phrases.status_line(sc.status)}")
            for sc in {sc.id: sc for _, sc, _, _ in view.jobs}.values()
            if sc.status.value != "verified"
        ),
        # The page's own footer names jescore's version.
        provenance=tuple(_provenance(view)),
        paper=target.paper,
    )
    return page(
        "equalpay.html.j2",
        page=frame,
        a=a,
        bars=bars,
        chart_height=40 + 46 * len(a.groups),
        share_height=30 + 28 * len(a.groups),
        name=_name,
        structure=_structure,
        other_text=other_text,
        small_jobs_text=small_jobs_text,
        money=_money,
        pct=_pct,
        screen_note=SCREEN_NOTE,
    )


# --- docx ------------------------------------------------------------------------------------


def as_docx(view: EqualPayView, target: Target) -> bytes:
    """The audit as a report for a board: the figures the markdown shows, on A4 pages.

    Every figure comes from the audit's groups, which the disclosure rule already decided.
    """
    from jescore import __version__
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout, footer_line

    a = view.audit
    t = a.thresholds
    schemes, job_files = phrases.job_footer_parts(view.jobs)
    files = [("staff", a.staff[1]), *job_files]
    layout = Layout(
        paper="letter" if target.paper == "letter" else "a4",
        footer=[footer_line(schemes, files, __version__)],
        landscape=True,
    )
    doc = Document("Equal pay audit", layout)
    for s in {s.id: s for _, s, _, _ in view.jobs}.values():
        doc.banner(s.status.value, f"{s.id}: {phrases.status_line(s.status)}")
    doc.labelled(
        [
            ("Groups", _grouping(a)),
            ("Pay", f"{PAY_BASIS[a.pay_basis]}, from {a.rows:,} rows"),
            ("Gap", "(men − women) / men × 100, positive where men are paid more"),
            ("Flags", f"significant at {t.significant:g}% or more either way; {recurring_text(a)}"),
            ("Privacy", PRIVACY.format(k=t.min_group)),
        ]
    )
    doc.heading("Pay by group", 2)
    doc.table(
        [
            DocColumn("Group", weight=2),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
            DocColumn("% women", "right"),
            DocColumn("Mean women", "right"),
            DocColumn("Mean men", "right"),
            DocColumn("Median women", "right"),
            DocColumn("Median men", "right"),
            DocColumn("Gap mean", "right"),
            DocColumn("Gap median", "right"),
            DocColumn("Flags"),
        ],
        [
            [
                f"{_structure(g)}: {_name(g)}",
                str(g.women.count),
                str(g.men.count),
                _share(g),
                _money(g.women.mean),
                _money(g.men.mean),
                _money(g.women.median),
                _money(g.men.median),
                _pct(g.mean_gap),
                _pct(g.median_gap),
                "\n".join(g.flags),
            ]
            for g in a.groups
        ],
        shade=[bool(g.flags) for g in a.groups],
    )
    notes = [f"{_structure(g)}: {_name(g)}: {r}" for g in a.groups for r in g.suppressed]
    if notes:
        doc.para("Not shown:", bold=True)
        doc.bullets(notes)
    others = [f"{_structure(g)}: {_name(g)}: {other_text(g)}" for g in a.groups if g.other]
    if others:
        doc.para("Other sex values:", bold=True)
        doc.bullets(others)
    doc.heading("Possible equal-value comparators (a screen, not a finding)", 2)
    doc.para(SCREEN_NOTE)
    if a.screen.pairs:
        doc.table(
            [
                DocColumn("Mostly women", weight=2),
                DocColumn("Points", "right"),
                DocColumn("Median", "right"),
                DocColumn("Mostly men", weight=2),
                DocColumn("Points", "right"),
                DocColumn("Median", "right"),
                DocColumn("Gap", "right"),
            ],
            [
                [
                    f"{c.women_job.title} ({c.women_job.reference})",
                    str(c.women_job.total),
                    _money(c.women_job_median),
                    f"{c.men_job.title} ({c.men_job.reference})",
                    str(c.men_job.total),
                    _money(c.men_job_median),
                    f"{c.pay_gap:.1f}%",
                ]
                for c in a.screen.pairs
            ],
        )
    else:
        doc.para("None found.")
    if a.screen.small_jobs:
        doc.para(small_jobs_text(a) + ".")
    doc.provenance([*_provenance(view), f"jescore {__version__}"])
    return doc.bytes()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = EqualPayJSON

FORMATS: Formats[EqualPayView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.CSV: as_csv,
    Format.MARKDOWN: as_markdown,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
