"""Job profiles and matching: ``profile show`` and ``match`` as table, json, markdown and csv.

Renderers return strings. User text (titles, references, band labels, file names) has been
cleaned of control characters when it was read; markdown escapes it and CSV defuses formulas.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jescore import __version__
from jescore.matching import CONVENTION, FactorMatch, Fit, Match, Outcome, Prepared, Rule, Verdict
from jescore.models import FileRef, Status
from jescore.notation import LevelRange
from jescore.profile_range import ProfileScore
from jescore.render.family import fixed_columns
from jescore.render.json import SHAPE_VERSION, dumps
from jescore.render.markdown import cell, code
from jescore.render.table import STATUS_STYLE, console
from jescore.safety import csv_text

#: What a profile's status says about its levels.
PROFILE_STATUS = {
    Status.VERIFIED: "levels confirmed against the published profile",
    Status.UNVERIFIED: (
        "levels NOT confirmed against the published profile; check them against the current one"
    ),
    Status.ILLUSTRATIVE: "levels made up for an example; not a real profile",
}

GENERIC_NOTE = (
    "a job at the bottom of every range would score below the band: the NHS handbook's note "
    "says such a job belongs to a profile in the band below"
)


def status_line(status: Status) -> str:
    """'UNVERIFIED: levels NOT confirmed ...'."""
    return f"{status.value.upper()}: {PROFILE_STATUS[status]}"


def _file(ref: FileRef) -> dict[str, Any]:
    return {"path": ref.path, "sha256": ref.sha256, "shipped": ref.shipped}


def _letters(r: LevelRange) -> dict[str, str]:
    return {str(level): letters for level, letters in r.letters}


def flags(s: ProfileScore) -> list[str]:
    """Plain-words flags on where the score range lies against the band."""
    band = s.band
    if band is None:
        return []
    out = []
    if s.generic:
        out.append(
            f"GENERIC: the minimum {s.min_total} lies below the floor of band {band.label} "
            f"({band.min}); {GENERIC_NOTE}"
        )
    if s.above_ceiling:
        out.append(
            f"WARNING: the maximum {s.max_total} lies above the ceiling of band {band.label} "
            f"({band.max}): a job at the top of every range would be graded higher"
        )
    return out


# --- profile show ---------------------------------------------------------------------------


def profile_dict(
    s: ProfileScore, file: FileRef, scheme_file: FileRef, warnings: list[str]
) -> dict[str, Any]:
    """One profile with its score range, as a JSON-ready dict."""
    info = s.profile.profile
    band = s.band
    return {
        "jescore_version": __version__,
        "shape": SHAPE_VERSION,
        "profile": {
            "title": info.title,
            "reference": info.reference,
            "band": info.band,
            "status": info.status.value,
            "sources": [src.model_dump(mode="json") for src in info.sources],
            "statement": list(info.statement),
            "notes": info.notes,
        },
        "file": _file(file),
        "scheme": {"id": s.scheme.id, "status": s.scheme.status.value, "file": _file(scheme_file)},
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "range": f.range.text,
                "low": f.range.low,
                "high": f.range.high,
                "letters": _letters(f.range),
                "points": {"min": f.low_points, "max": f.high_points},
            }
            for f in s.factors
        ],
        "score_range": {"min": s.min_total, "max": s.max_total},
        "band": None if band is None else {"label": band.label, "min": band.min, "max": band.max},
        "generic": s.generic,
        "above_ceiling": s.above_ceiling,
        "warnings": warnings,
    }


def profile_json(s: ProfileScore, file: FileRef, scheme_file: FileRef, warnings: list[str]) -> str:
    """``profile show --format json``."""
    return dumps(profile_dict(s, file, scheme_file, warnings))


def _points(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def profile_table(
    s: ProfileScore,
    file: FileRef,
    scheme_file: FileRef,
    warnings: list[str],
    width: int = 80,
    color: bool = False,
) -> str:
    """A profile, factor by factor, with its score range and band."""
    info = s.profile.profile
    with console(width, color) as (con, buffer):
        con.print(Text(info.title, style="bold"))
        bits = [info.reference, f"band {info.band}", f"scheme {s.scheme.id}"]
        con.print(" · ".join(b for b in bits if b))
        con.print(Text(status_line(info.status), style=STATUS_STYLE[info.status]))
        con.print(f"File {file.path} (sha256 {file.sha256[:12]})")
        con.print(f"Scheme file {scheme_file.path} (sha256 {scheme_file.sha256[:12]})")
        for src in info.sources:
            con.print(f"Source: {src.title}" + (f" <{src.url}>" if src.url else ""))
        if info.notes:
            con.print(Text(f"Note: {info.notes}", style="dim"))
        if info.statement:
            con.print("Job statement:")
            _bullets(con, list(info.statement), indent=2)
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True)
        table.add_column("Factor", footer="Score range", ratio=1, overflow="fold")
        table.add_column("Profile", no_wrap=True)
        table.add_column("Levels", justify="right", no_wrap=True)
        table.add_column(
            "Points",
            footer=_points(s.min_total, s.max_total),
            justify="right",
            no_wrap=True,
        )
        for f in s.factors:
            table.add_row(
                f.factor.name,
                f.range.text,
                f.range.levels_text,
                _points(f.low_points, f.high_points),
            )
        con.print(table)
        band = s.band
        if band is None:
            con.print(f"Band {info.band}: not in the grading structure used")
        else:
            con.print(f"Band {band.label}: {band.range_text}")
        for line in flags(s):
            style = "bold yellow" if line.startswith(("GENERIC", "WARNING")) else ""
            con.print(Text(line, style=style))
        for w in warnings:
            con.print(Text(w, style="yellow"))
    return buffer.getvalue()


def profile_markdown(
    s: ProfileScore, file: FileRef, scheme_file: FileRef, warnings: list[str]
) -> str:
    """A profile as a markdown section."""
    info = s.profile.profile
    out = [f"## {cell(info.title)}", ""]
    if info.reference:
        out.append(f"- Reference: {cell(info.reference)}")
    out.append(f"- Band: {cell(info.band)}" + (f" ({s.band.range_text})" if s.band else ""))
    out.append(f"- Status: **{status_line(info.status)}**")
    out.append(f"- Profile file: {code(file.path)} (sha256 `{file.sha256}`)")
    out.append(
        f"- Scheme: `{s.scheme.id}`, {code(scheme_file.path)} (sha256 `{scheme_file.sha256}`)"
    )
    for src in info.sources:
        out.append(f"- Source: {cell(src.title)}" + (f" <{cell(src.url)}>" if src.url else ""))
    if info.notes:
        out.append(f"- Note: {cell(info.notes)}")
    if info.statement:
        out += ["", "Job statement:", ""]
        out += [f"1. {cell(line)}" for line in info.statement]
    out += ["", "| Factor | Profile | Levels | Points |", "|---|---|---:|---:|"]
    for f in s.factors:
        out.append(
            f"| {cell(f.factor.name)} | {cell(f.range.text)} | {f.range.levels_text} | "
            f"{_points(f.low_points, f.high_points)} |"
        )
    out.append(f"| **Score range** | | | **{_points(s.min_total, s.max_total)}** |")
    out.append("")
    out += [f"- **{cell(line)}**" for line in flags(s)]
    out += [f"- {cell(w)}" for w in warnings]
    return "\n".join(out).rstrip("\n") + "\n"


# --- match ------------------------------------------------------------------------------------


def _rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "max_varying": rule.max_varying,
        "max_step": rule.max_step,
        "must_match": list(rule.must_match),
        "total_in_band": True,
        "source": rule.citation or CONVENTION,
    }


def _gap_text(gap: int | None) -> str:
    if gap is None:
        return "no such band"
    if gap == 0:
        return "in band"
    return f"{abs(gap)} {'below' if gap < 0 else 'above'}"


def _outside_text(outside_by: int) -> str:
    if outside_by == 0:
        return "inside"
    return f"{outside_by:+d} {'above' if outside_by > 0 else 'below'}"


def _profile_ref(p: Prepared) -> dict[str, Any]:
    info = p.scored.profile.profile
    return {
        "title": info.title,
        "reference": info.reference,
        "band": info.band,
        "status": info.status.value,
        "file": _file(p.file),
    }


def _fit_dict(p: Prepared, f: Fit) -> dict[str, Any]:
    return {
        "profile": _profile_ref(p),
        "verdict": f.verdict.value,
        "factors_outside": f.outside,
        "levels_outside": f.distance,
        "band_gap": f.band_gap,
    }


def _match_dict(m: Match) -> dict[str, Any]:
    s = m.prepared.scored
    return {
        **_fit_dict(m.prepared, m.fit),
        "reasons": list(m.reasons),
        "score_range": {"min": s.min_total, "max": s.max_total},
        "generic": s.generic,
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "level": f.level,
                "letters": f.letters,
                "range": f.range.text,
                "low": f.range.low,
                "high": f.range.high,
                "outside_by": f.outside_by,
                "letters_differ": f.letters_differ,
                "must_match": f.must_match,
            }
            for f in m.factors
        ],
    }


def _job_dict(o: Outcome, rule: Rule) -> dict[str, Any]:
    r = o.report
    e = r.evaluation
    job = r.questionnaire.job
    return {
        "job": {"title": job.title, "reference": job.reference},
        "file": _file(r.file),
        "scheme": {
            "id": e.scheme.id,
            "status": e.scheme.status.value,
            "file": _file(r.scheme_file),
        },
        "total": e.total,
        "band": e.band.label if e.band else None,
        "best_verdict": o.best_verdict.value,
        "must_match": [f.id for f in rule.must_match_in(e.scheme)],
        "counts": {v.value: o.result.counts.get(v, 0) for v in Verdict},
        "profiles_considered": o.result.considered,
        "other_scheme_profiles": o.result.other_scheme,
        "profiles": [_match_dict(m) for m in o.shown],
    }


def match_json(outcomes: list[Outcome], rule: Rule, tripped: bool | None) -> str:
    """``match --format json``: the rule, then per job its best profiles in full."""
    return dumps(
        {
            "jescore_version": __version__,
            "shape": SHAPE_VERSION,
            "rule": _rule_dict(rule),
            "jobs": [_job_dict(o, rule) for o in outcomes],
            "gate_tripped": tripped,
        }
    )


def _job_heading(o: Outcome) -> str:
    e = o.report.evaluation
    band = f"band {e.band.label}" if e.band else "outside the bands"
    return f"{o.report.questionnaire.job.title}: total {e.total}, {band} ({o.report.file.path})"


def _considered(o: Outcome) -> str:
    n = o.result.considered
    text = f"{n} profile{'' if n == 1 else 's'} under scheme '{o.report.evaluation.scheme.id}'"
    if o.result.other_scheme:
        text += f"; {o.result.other_scheme} under other schemes left out"
    return text


def _verdict_line(m: Match) -> str:
    info = m.prepared.scored.profile.profile
    return f"{info.title} (band {info.band}, {info.status.value}): {m.verdict.value}"


def match_table(
    outcomes: list[Outcome], rule: Rule, top: int, width: int = 80, color: bool = False
) -> str:
    """One job: the profiles ranked, then the best ones factor by factor."""
    with console(width, color) as (con, buffer):
        for i, o in enumerate(outcomes):
            if i:
                con.print()
            con.print(Text(_job_heading(o), style="bold"))
            con.print(_considered(o))
            con.print(Text(f"Rule: {rule.text(o.report.evaluation.scheme)}", style="dim"))
            if not o.result.ranked:
                con.print("No profile to match against.")
                continue
            ranking = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            ranking.add_column("#", justify="right", no_wrap=True)
            ranking.add_column("Profile", ratio=1, overflow="fold")
            ranking.add_column("Band", no_wrap=True)
            ranking.add_column("Verdict", no_wrap=True)
            ranking.add_column("Outside", justify="right", no_wrap=True)
            ranking.add_column("Total", no_wrap=True)
            for n, (p, f) in enumerate(o.result.ranked[:top], 1):
                info = p.scored.profile.profile
                title = Text(info.title)
                title.append(f"\n{info.status.value}", style=STATUS_STYLE[info.status])
                ranking.add_row(
                    str(n),
                    title,
                    info.band,
                    Text(f.verdict.value, style=_VERDICT_STYLE[f.verdict]),
                    f"{f.outside} ({f.distance})" if f.outside else "0",
                    _gap_text(f.band_gap),
                )
            con.print(ranking)
            con.print(
                Text(
                    "Outside: factors outside the profile's ranges (levels outside, in all). "
                    "Total: the job's total against the profile's band.",
                    style="dim",
                )
            )
            hidden = o.result.considered - len(o.result.ranked)
            if hidden > 0:
                con.print(f"… {hidden} more (--top {o.result.considered} to list them all)")
            detailed = [
                m for i, m in enumerate(o.shown) if i == 0 or m.verdict is not Verdict.NO_MATCH
            ]
            for m in detailed:
                _match_detail(con, m)
            if len(o.shown) > len(detailed):
                con.print()
                con.print(
                    Text(
                        "Other profiles in full: --format markdown (a panel's record) or json.",
                        style="dim",
                    )
                )
    return buffer.getvalue()


_VERDICT_STYLE = {
    Verdict.MATCH: "bold green",
    Verdict.VARIATIONS: "bold yellow",
    Verdict.NO_MATCH: "red",
}


def _factor_fit(f: FactorMatch) -> str:
    fit = _outside_text(f.outside_by)
    if f.letters_differ:
        fit += f"; {f.letters_differ} not named"
    return fit


def _bullets(con: Console, lines: list[str], indent: int = 0) -> None:
    """A list with a hanging indent, so that wrapped lines stay under their own bullet."""
    grid = Table.grid(padding=(0, 1, 0, 0), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for line in lines:
        grid.add_row(" " * indent + "-", line)
    con.print(grid)


def _match_detail(con: Console, m: Match) -> None:
    con.print()
    con.print(Text(_verdict_line(m), style=_VERDICT_STYLE[m.verdict]))
    s = m.prepared.scored
    con.print(
        f"Profile file {m.prepared.file.path} · score range {s.min_total}-{s.max_total}"
        + (" · generic" if s.generic else "")
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Factor", ratio=1, overflow="fold")
    table.add_column("Job", justify="right", no_wrap=True)
    table.add_column("Profile", no_wrap=True)
    table.add_column("Fit", max_width=20, overflow="fold")
    for f in m.factors:
        style = "" if f.outside_by == 0 else "bold"
        table.add_row(
            f.factor.name + (" *" if f.must_match else ""),
            f"{f.level}{f.letters}",
            f.range.text,
            Text(_factor_fit(f), style=style),
        )
    con.print(table)
    if any(f.must_match for f in m.factors):
        con.print(Text("* must lie inside the range under the rule", style="dim"))
    _bullets(con, list(m.reasons))


def match_markdown(outcomes: list[Outcome], rule: Rule, top: int) -> str:
    """A matching panel's record: the rule, the ranking and the best profiles in full."""
    out = ["# Job matching record (jescore)"]
    for o in outcomes:
        e = o.report.evaluation
        out += ["", f"## {cell(o.report.questionnaire.job.title)}", ""]
        out.append(f"- Questionnaire: {code(o.report.file.path)} (sha256 `{o.report.file.sha256}`)")
        out.append(
            f"- Scheme: `{e.scheme.id}` ({e.scheme.status.value}), "
            f"{code(o.report.scheme_file.path)} (sha256 `{o.report.scheme_file.sha256}`)"
        )
        out.append(f"- Total: {e.total}, band {cell(e.band.label) if e.band else 'none'}")
        out.append(f"- Compared with: {cell(_considered(o))}")
        out.append(f"- Tolerance rule: {cell(rule.text(e.scheme))}")
        if not o.result.ranked:
            out += ["", "No profile to match against."]
            continue
        out += [
            "",
            "| # | Profile | Band | Status | Verdict | Factors outside | Total vs band |",
            "|---:|---|---|---|---|---:|---|",
        ]
        for n, (p, fitted) in enumerate(o.result.ranked[:top], 1):
            info = p.scored.profile.profile
            out.append(
                f"| {n} | {cell(info.title)} | {cell(info.band)} | {info.status.value} | "
                f"{fitted.verdict.value} | {fitted.outside} | {_gap_text(fitted.band_gap)} |"
            )
        for m in o.shown:
            out += ["", f"### {cell(_verdict_line(m))}", ""]
            ref = m.prepared.file
            out.append(f"Profile file: {code(ref.path)} (sha256 `{ref.sha256}`)")
            out += ["", "| Factor | Job | Profile | Fit |", "|---|---:|---|---|"]
            for f in m.factors:
                out.append(
                    f"| {cell(f.factor.name)}{' (must match)' if f.must_match else ''} | "
                    f"{f.level}{cell(f.letters)} | {cell(f.range.text)} | {_factor_fit(f)} |"
                )
            out.append("")
            out += [f"- {cell(reason)}" for reason in m.reasons]
    return "\n".join(out).rstrip("\n") + "\n"


SUMMARY_COLUMNS = [
    "job",
    "file",
    "total",
    "band",
    "best_profile",
    "profile_file",
    "profile_band",
    "profile_status",
    "verdict",
    "factors_outside",
    "levels_outside",
    "matches",
    "with_variations",
    "profiles",
]


def summary_rows(outcomes: list[Outcome]) -> list[list[str]]:
    """One row per job: its best profile and verdict."""
    rows = []
    for o in outcomes:
        e = o.report.evaluation
        best = o.result.best
        if best is None:
            none = f"(no profile under {e.scheme.id})"
            profile = [none, "-", "-", "-", Verdict.NO_MATCH.value, "-", "-"]
        else:
            p, f = best
            info = p.scored.profile.profile
            profile = [
                info.title,
                p.file.path,
                info.band,
                info.status.value,
                f.verdict.value,
                str(f.outside),
                str(f.distance),
            ]
        rows.append(
            [
                o.report.questionnaire.job.title,
                o.report.file.path,
                str(e.total),
                e.band.label if e.band else "-",
                *profile,
                str(o.result.counts.get(Verdict.MATCH, 0)),
                str(o.result.counts.get(Verdict.VARIATIONS, 0)),
                str(o.result.considered),
            ]
        )
    return rows


def summary_table(outcomes: list[Outcome], rule: Rule, width: int | None = None) -> str:
    """Many jobs: each job's best profile and verdict, as aligned plain text."""
    headers = ["Job", "Total", "Band", "Best profile", "P.band", "Verdict", "Out", "Matches"]
    rows = [
        [r[0], r[2], r[3], r[4], r[6], r[8], r[9], f"{r[11]}+{r[12]}/{r[13]}"]
        for r in summary_rows(outcomes)
    ]
    shrink = ((0, 16, False), (3, 16, False))
    counts = {v: sum(1 for o in outcomes if o.best_verdict is v) for v in Verdict}
    unmatched = sum(1 for o in outcomes if o.result.best is None)
    none = f" ({unmatched} with no profile under their scheme)" if unmatched else ""
    tail = [
        "",
        f"{len(outcomes)} jobs: {counts[Verdict.MATCH]} match, {counts[Verdict.VARIATIONS]} "
        f"match with variations, {counts[Verdict.NO_MATCH]} no match{none}.",
        "Matches: profiles that match + match with variations / profiles under the job's scheme.",
        f"Rule: {rule.text()}.",
    ]
    return fixed_columns(headers, rows, {1, 6}, width, shrink) + "\n".join(tail) + "\n"


def summary_csv(outcomes: list[Outcome]) -> str:
    """Many jobs, one CSV row each (cells a spreadsheet would run as formulas are defused)."""
    return csv_text([SUMMARY_COLUMNS, *summary_rows(outcomes)])


def summary_markdown(outcomes: list[Outcome], rule: Rule) -> str:
    """Many jobs as a markdown table."""
    out = [
        "# Job matching summary (jescore)",
        "",
        f"Tolerance rule: {cell(rule.text())}.",
        "",
        "| Job | File | Total | Band | Best profile | Profile band | Verdict | Factors outside |",
        "|---|---|---:|---|---|---|---|---:|",
    ]
    for r in summary_rows(outcomes):
        out.append(
            f"| {cell(r[0])} | {code(r[1])} | {r[2]} | {cell(r[3])} | {cell(r[4])} | "
            f"{cell(r[6])} | {r[8]} | {r[9]} |"
        )
    return "\n".join(out) + "\n"
