"""The equal pay audit as table (with a terminal chart), json, csv, markdown and html.

Only aggregates reach these renderers: counts, means, medians and gaps per group, and job
medians for the comparator screen (jobs of at least ``min_group`` people). Suppressed figures
are ``null`` in JSON and shown with the reason elsewhere.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from jescore import __version__
from jescore.equalpay import GUIDANCE, GUIDANCE_URL, PAY_BASIS, Audit, Figures, Group
from jescore.render.json import SHAPE_VERSION, dumps
from jescore.render.markdown import cell, code
from jescore.render.table import console
from jescore.safety import csv_text

SCREEN_NOTE = (
    "A screen, not a finding: jobs held mostly by women that score at least as much as a job "
    "held mostly by men under the same scheme, yet are paid less by the significant threshold "
    "or more (median pay of each job). Each pair needs investigating before anything is said "
    "about it."
)


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


def _figures(f: Figures) -> dict[str, Any]:
    return {"count": f.count, "mean": _r(f.mean), "median": _r(f.median)}


# --- json and csv ----------------------------------------------------------------------------


def audit_dict(a: Audit) -> dict[str, Any]:
    """The audit as a JSON-ready dict."""
    t = a.thresholds
    return {
        "jescore_version": __version__,
        "shape": SHAPE_VERSION,
        "staff": {
            "path": a.staff[0],
            "sha256": a.staff[1],
            "rows": a.rows,
            "skipped": a.skipped,
            "reading": a.reading,
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
                "scheme": g.scheme,
                "structure": None
                if g.structure is None
                else {
                    "key": g.structure.key,
                    "label": g.structure.label,
                    "grading": g.structure.grading,
                },
                "band": g.band.label if g.band is not None else None,
                "job": g.job.reference if g.job is not None else None,
                "women": _figures(g.women),
                "men": _figures(g.men),
                "other": {"count": g.other},
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
                    "women_job": {
                        "reference": c.women_job.reference,
                        "title": c.women_job.title,
                        "total": c.women_job.total,
                        "band": c.women_job.band.label if c.women_job.band else None,
                        "median_pay": _r(c.women_job_median),
                        "women_share_pct": _r(c.women_share, 1),
                    },
                    "men_job": {
                        "reference": c.men_job.reference,
                        "title": c.men_job.title,
                        "total": c.men_job.total,
                        "band": c.men_job.band.label if c.men_job.band else None,
                        "median_pay": _r(c.men_job_median),
                        "men_share_pct": _r(c.men_share, 1),
                    },
                    "pay_gap_pct": _r(c.pay_gap),
                }
                for c in a.screen.pairs
            ],
            "total_pairs": a.screen.total,
            "jobs_too_small": a.screen.small_jobs,
        },
    }


def audit_json(a: Audit) -> str:
    """``equalpay --format json``."""
    return dumps(audit_dict(a))


CSV_COLUMNS = [
    "scheme", "group", "women", "women_mean", "women_median", "men", "men_mean", "men_median",
    "women_share_pct", "mean_gap_pct", "median_gap_pct", "flags", "suppressed", "structure",
    "other",
]  # fmt: skip


def audit_csv(a: Audit) -> str:
    """One row per group (suppressed figures left empty; formula cells defused)."""
    rows: list[list[Any]] = [CSV_COLUMNS]
    for g in a.groups:
        rows.append(
            [
                g.scheme,
                _name(g),
                g.women.count,
                _r(g.women.mean),
                _r(g.women.median),
                g.men.count,
                _r(g.men.mean),
                _r(g.men.median),
                _r(g.women_share, 1),
                _r(g.mean_gap),
                _r(g.median_gap),
                " ".join(g.flags),
                "; ".join(g.suppressed),
                _structure(g),
                g.other,
            ]
        )
    return csv_text([["" if v is None else v for v in row] for row in rows])


# --- table ------------------------------------------------------------------------------------


def _bar(gap: float | None, scale: float, half: int) -> str:
    """A gap as a bar either side of an axis: women paid more to the left, men to the right."""
    if gap is None:
        return " " * half + "┆" + " " * half
    length = min(half, round(abs(gap) / scale * half)) if scale else 0
    if gap >= 0:
        return " " * half + "┆" + "█" * length + " " * (half - length)
    return " " * (half - length) + "█" * length + "┆" + " " * half


def audit_table(a: Audit, width: int = 80, color: bool = False) -> str:
    """The groups, a chart of the median gap, the flags and the comparator screen."""
    t = a.thresholds
    with console(width, color) as (con, buffer):
        con.print(Text("Equal pay audit", style="bold"))
        con.print(
            f"Staff file {a.staff[0]} (sha256 {a.staff[1][:12]}): {a.rows:,} rows, "
            f"{PAY_BASIS[a.pay_basis]}; groups: "
            + (
                "each band (work rated as equivalent)"
                if a.grouping == "band"
                else "each job (like work)"
            )
        )
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Group", ratio=1, min_width=14, overflow="fold")
        table.add_column("Women", justify="right", no_wrap=True)
        table.add_column("Men", justify="right", no_wrap=True)
        table.add_column("% W", justify="right", no_wrap=True)
        table.add_column("Median W", justify="right", no_wrap=True)
        table.add_column("Median M", justify="right", no_wrap=True)
        table.add_column("Gap", justify="right", no_wrap=True)
        table.add_column("Flags", min_width=11, no_wrap=True)
        scheme = None
        for g in a.groups:
            if _structure(g) != scheme:
                scheme = _structure(g)
                table.add_row(Text(scheme, style="bold"), *[""] * 7)
            share = "-" if g.women_share is None else f"{g.women_share:.0f}%"
            table.add_row(
                "  " + _name(g),
                str(g.women.count),
                str(g.men.count),
                share,
                _whole(g.women.median),
                _whole(g.men.median),
                _pct(g.median_gap),
                Text("\n".join(g.flags), style="bold red" if g.flags else ""),
            )
        con.print(table)
        gaps = [g.median_gap for g in a.groups if g.median_gap is not None]
        scale = max([abs(x) for x in gaps] + [t.significant])
        half = max(8, min(30, (width - 34) // 2))
        con.print(Text("Median gap by group (women paid more ◀ ┆ ▶ men paid more)", style="bold"))
        scheme = None
        for g in a.groups:
            if _structure(g) != scheme:
                scheme = _structure(g)
                con.print(Text(scheme, style="dim"))
            label = ("  " + _name(g))[:18].ljust(18)
            con.print(f"{label} {_bar(g.median_gap, scale, half)} {_pct(g.median_gap)}")
        con.print(
            Text(
                f"Gap: of the medians, (men - women) / men x 100 (mean gaps: json, markdown and "
                f"html). significant: {t.significant:g}% or more either "
                f"way. {recurring_text(a)[0].upper()}{recurring_text(a)[1:]}. Source: {GUIDANCE}.",
                style="dim",
            )
        )
        for g in a.groups:
            for reason in g.suppressed:
                con.print(Text(f"{_structure(g)}: {_name(g)}: {reason}.", style="yellow"))
            if g.other:
                con.print(Text(f"{_structure(g)}: {_name(g)}: {other_text(g)}.", style="yellow"))
        if a.skipped:
            kinds = ", ".join(f"{k}: {n:,}" for k, n in a.skipped.items())
            con.print(Text(f"Rows skipped: {kinds}.", style="yellow"))
        con.print()
        con.print(Text("Possible equal-value comparators (a screen, not a finding)", style="bold"))
        if not a.screen.pairs:
            con.print(
                "None: no job held mostly by women is paid less than a lighter job held mostly "
                "by men."
            )
        else:
            screen = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            screen.add_column("Mostly women", ratio=1, overflow="fold")
            screen.add_column("Mostly men", ratio=1, overflow="fold")
            screen.add_column("Gap", justify="right", no_wrap=True)
            for c in a.screen.pairs:
                screen.add_row(
                    f"{c.women_job.title} ({c.women_job.reference}): {c.women_job.total} pts, "
                    f"median {_money(c.women_job_median)}",
                    f"{c.men_job.title} ({c.men_job.reference}): {c.men_job.total} pts, "
                    f"median {_money(c.men_job_median)}",
                    f"{c.pay_gap:.1f}%",
                )
            con.print(screen)
            if a.screen.total > len(a.screen.pairs):
                more = a.screen.total - len(a.screen.pairs)
                con.print(f"… {more} more pairs (the first 50 are listed).")
        con.print(Text(SCREEN_NOTE, style="dim"))
        if a.screen.small_jobs:
            con.print(Text(small_jobs_text(a) + ".", style="dim"))
    return buffer.getvalue()


# --- markdown -----------------------------------------------------------------------------------


def audit_markdown(a: Audit) -> str:
    """The audit for a report or a union branch: groups, flags, the screen."""
    t = a.thresholds
    out = [
        "# Equal pay audit (jescore)",
        "",
        f"- Staff file: {code(a.staff[0])} (sha256 `{a.staff[1]}`), {a.rows:,} rows, "
        f"{PAY_BASIS[a.pay_basis]}",
        "- Groups: "
        + (
            "each band (work rated as equivalent)"
            if a.grouping == "band"
            else "each job (like work)"
        ),
        f"- Flags: significant at {t.significant:g}% or more either way; {cell(recurring_text(a))}",
        f"- Source: {cell(GUIDANCE)} <{GUIDANCE_URL}>",
        f"- Privacy: {PRIVACY.format(k=t.min_group)}",
        "",
        "| Group | Women | Men | % women | Mean W | Mean M | Median W | Median M | Gap mean "
        "| Gap median | Flags |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for g in a.groups:
        share = "-" if g.women_share is None else f"{g.women_share:.0f}%"
        group = cell(_structure(g) + ": " + _name(g))
        out.append(
            f"| {group} | {g.women.count} | {g.men.count} | {share} | "
            f"{_money(g.women.mean)} | {_money(g.men.mean)} | {_money(g.women.median)} | "
            f"{_money(g.men.median)} | {_pct(g.mean_gap)} | {_pct(g.median_gap)} | "
            f"{' '.join(g.flags)} |"
        )
    notes = [
        f"- {cell(_structure(g) + ': ' + _name(g))}: {cell(r)}"
        for g in a.groups
        for r in g.suppressed
    ]
    if notes:
        out += ["", "Suppressed:", "", *notes]
    others = [
        f"- {cell(_structure(g) + ': ' + _name(g))}: {cell(other_text(g))}"
        for g in a.groups
        if g.other
    ]
    if others:
        out += ["", "Other sex values:", "", *others]
    out += [
        "",
        "## Possible equal-value comparators (a screen, not a finding)",
        "",
        cell(SCREEN_NOTE),
        "",
    ]
    if a.screen.pairs:
        out += [
            "| Mostly women | Points | Median | Mostly men | Points | Median | Gap |",
            "|---|---:|---:|---|---:|---:|---:|",
        ]
        for c in a.screen.pairs:
            women = f"{cell(c.women_job.title)} ({cell(c.women_job.reference)})"
            men = f"{cell(c.men_job.title)} ({cell(c.men_job.reference)})"
            out.append(
                f"| {women} | {c.women_job.total} | {_money(c.women_job_median)} | {men} | "
                f"{c.men_job.total} | {_money(c.men_job_median)} | {c.pay_gap:.1f}% |"
            )
    else:
        out.append("None found.")
    if a.screen.small_jobs:
        out += ["", cell(small_jobs_text(a)) + "."]
    return "\n".join(out) + "\n"


# --- html ---------------------------------------------------------------------------------------


def audit_html(a: Audit) -> str:
    """A self-contained, printable report with two charts drawn as inline SVG."""
    from jescore.render.kit.html import page

    banded = list(a.groups)
    most = max([x for g in banded for x in (g.women.median, g.men.median) if x is not None] + [1.0])
    bars = []
    for i, g in enumerate(banded):
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
    return page(
        "equalpay.html.j2",
        a=a,
        bars=bars,
        chart_height=40 + 46 * len(banded),
        share_height=30 + 28 * len(banded),
        name=_name,
        structure=_structure,
        other_text=other_text,
        small_jobs_text=small_jobs_text,
        privacy=PRIVACY.format(k=a.thresholds.min_group),
        money=_money,
        pct=_pct,
        basis=PAY_BASIS[a.pay_basis],
        guidance=GUIDANCE,
        guidance_url=GUIDANCE_URL,
        recurring=recurring_text(a),
        screen_note=SCREEN_NOTE,
        version=__version__,
    )
