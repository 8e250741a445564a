"""``match``: jobs against job profiles, factor by factor, with a verdict per profile.

One job: the profiles ranked, then the best ones in full. Several jobs: each job's best
profile, one line a job. Formats: table, json, csv (one row a job), markdown (a matching
panel's record for one job; a summary table for several).
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.matching import CONVENTION, FactorMatch, Fit, Match, Outcome, Prepared, Rule, Verdict
from jescore.render.kit import Formats, Target
from jescore.render.kit.columns import fixed_columns
from jescore.render.kit.console import Column, Doc, Table, cell, cells, stack
from jescore.render.kit.envelope import Envelope, FileJSON, Sources, dumps, file_json
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code
from jescore.render.kit.scores import STATUS_STYLE, ScoredJSON, register, scored_json
from jescore.render.profile import letters_json
from jescore.render.profile import register as register_profile
from jescore.safety import csv_text

COMMAND = "match"


@dataclass(frozen=True, slots=True)
class MatchView:
    """Each job's outcome against the profiles, the rule, how many are listed, and the gate."""

    outcomes: tuple[Outcome, ...]
    rule: Rule
    top: int
    #: Whether the gate tripped; None when no gate was asked for.
    tripped: bool | None = None


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


def _factor_fit(f: FactorMatch) -> str:
    fit = _outside_text(f.outside_by)
    if f.letters_differ:
        fit += f"; {f.letters_differ} not named"
    return fit


def _register(sources: Sources, view: MatchView) -> None:
    for o in view.outcomes:
        register(sources, o.report)
    for o in view.outcomes:
        for m in o.shown:
            p = m.prepared
            register_profile(sources, p.scored, p.file, p.scheme_file)


# --- json ------------------------------------------------------------------------------------


class RuleJSON(TypedDict):
    """The tolerance rule and who set it."""

    max_varying: int
    max_step: int
    must_match: list[str]
    total_in_band: bool
    source: str


class ProfileRefJSON(TypedDict):
    """Which profile."""

    title: str
    reference: str | None
    band: str
    status: str
    file: FileJSON


class FactorFitJSON(TypedDict):
    """One factor of the job against the profile's range."""

    id: str
    name: str
    level: int
    letters: str
    range: str
    low: int
    high: int
    letters_named: dict[str, str]
    outside_by: int
    letters_differ: str
    must_match: bool


class MatchJSON(TypedDict):
    """One profile against the job, in full."""

    profile: ProfileRefJSON
    verdict: str
    factors_outside: int
    levels_outside: int
    band_gap: int | None
    reasons: list[str]
    score_range: dict[str, int]
    generic: bool
    factors: list[FactorFitJSON]


class JobMatchJSON(ScoredJSON):
    """One job and its best profiles."""

    best_verdict: str
    must_match: list[str]
    counts: dict[str, int]
    profiles_considered: int
    other_scheme_profiles: int
    profiles: list[MatchJSON]


class MatchOutputJSON(Envelope):
    """``match --format json``."""

    rule: RuleJSON
    jobs: list[JobMatchJSON]
    gate_tripped: bool | None


def _rule_json(rule: Rule) -> RuleJSON:
    return {
        "max_varying": rule.max_varying,
        "max_step": rule.max_step,
        "must_match": list(rule.must_match),
        "total_in_band": True,
        "source": rule.citation or CONVENTION,
    }


def _profile_ref(p: Prepared) -> ProfileRefJSON:
    info = p.scored.profile.profile
    return {
        "title": info.title,
        "reference": info.reference,
        "band": info.band,
        "status": info.status.value,
        "file": file_json(p.file),
    }


def _match_json(m: Match) -> MatchJSON:
    s = m.prepared.scored
    f: Fit = m.fit
    return {
        "profile": _profile_ref(m.prepared),
        "verdict": f.verdict.value,
        "factors_outside": f.outside,
        "levels_outside": f.distance,
        "band_gap": f.band_gap,
        "reasons": list(m.reasons),
        "score_range": {"min": s.min_total, "max": s.max_total},
        "generic": s.generic,
        "factors": [
            {
                "id": x.factor.id,
                "name": x.factor.name,
                "level": x.level,
                "letters": x.letters,
                "range": x.range.text,
                "low": x.range.low,
                "high": x.range.high,
                "letters_named": letters_json(x.range),
                "outside_by": x.outside_by,
                "letters_differ": x.letters_differ,
                "must_match": x.must_match,
            }
            for x in m.factors
        ],
    }


def _job_json(o: Outcome, rule: Rule) -> JobMatchJSON:
    e = o.report.evaluation
    return {
        **scored_json(o.report),
        "best_verdict": o.best_verdict.value,
        "must_match": [f.id for f in rule.must_match_in(e.scheme)],
        "counts": {v.value: o.result.counts.get(v, 0) for v in Verdict},
        "profiles_considered": o.result.considered,
        "other_scheme_profiles": o.result.other_scheme,
        "profiles": [_match_json(m) for m in o.shown],
    }


def as_json(view: MatchView, target: Target) -> str:
    """The rule, then per job its best profiles in full."""
    sources = Sources()
    _register(sources, view)
    data: MatchOutputJSON = {
        **sources.envelope(COMMAND),
        "rule": _rule_json(view.rule),
        "jobs": [_job_json(o, view.rule) for o in view.outcomes],
        "gate_tripped": view.tripped,
    }
    return dumps(data)


# --- one job ---------------------------------------------------------------------------------

_VERDICT_STYLE = {
    Verdict.MATCH: "bold green",
    Verdict.VARIATIONS: "bold yellow",
    Verdict.NO_MATCH: "red",
}


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


def _match_detail(doc: Doc, m: Match) -> None:
    doc.blank()
    doc.para(_verdict_line(m), _VERDICT_STYLE[m.verdict])
    s = m.prepared.scored
    doc.para(
        f"Profile file {m.prepared.file.path} · score range {s.min_total}-{s.max_total}"
        + (" · generic" if s.generic else "")
    )
    doc.blank()
    table = Table(
        (
            Column("Factor", wrap=True),
            Column("Job", "right"),
            Column("Profile"),
            Column("Fit", wrap=True, max_width=20),
        )
    )
    for f in m.factors:
        table.row(
            f.factor.name + (" *" if f.must_match else ""),
            f"{f.level}{f.letters}",
            f.range.text,
            cell(_factor_fit(f), "" if f.outside_by == 0 else "bold"),
        )
    doc.table(table)
    if any(f.must_match for f in m.factors):
        doc.para("* must lie inside the range under the rule", "dim")
    doc.bullets(list(m.reasons))


def _one_job(doc: Doc, o: Outcome, rule: Rule, top: int) -> None:
    doc.para(_job_heading(o), "bold")
    doc.para(_considered(o))
    doc.para(f"Rule: {rule.text(o.report.evaluation.scheme)}", "dim")
    if not o.result.ranked:
        doc.para("No profile to match against.")
        return
    doc.blank()
    ranking = Table(
        (
            Column("#", "right"),
            Column("Profile", wrap=True),
            Column("Band"),
            Column("Verdict"),
            Column("Outside", "right"),
            Column("Total"),
        )
    )
    for n, (p, f) in enumerate(o.result.ranked[:top], 1):
        info = p.scored.profile.profile
        ranking.row(
            n,
            stack(info.title, (info.status.value, STATUS_STYLE[info.status])),
            info.band,
            cell(f.verdict.value, _VERDICT_STYLE[f.verdict]),
            f"{f.outside} ({f.distance})" if f.outside else "0",
            _gap_text(f.band_gap),
        )
    doc.table(ranking)
    doc.blank()
    doc.para(
        "Outside: factors outside the profile's ranges (levels outside, in all). Total: the "
        "job's total against the profile's band.",
        "dim",
    )
    hidden = o.result.considered - len(o.result.ranked)
    if hidden > 0:
        doc.para(f"… {hidden} more (--top {o.result.considered} to list them all)")
    detailed = [m for i, m in enumerate(o.shown) if i == 0 or m.verdict is not Verdict.NO_MATCH]
    for m in detailed:
        _match_detail(doc, m)
    if len(o.shown) > len(detailed):
        doc.blank()
        doc.para("Other profiles in full: --format markdown (a panel's record) or json.", "dim")


# --- many jobs -------------------------------------------------------------------------------

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


def summary_rows(outcomes: tuple[Outcome, ...]) -> list[list[str]]:
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


def _summary_table(view: MatchView, target: Target) -> str:
    headers = ["Job", "Total", "Band", "Best profile", "P.band", "Verdict", "Out", "Matches"]
    rows = [
        [r[0], r[2], r[3], r[4], r[6], r[8], r[9], f"{r[11]}+{r[12]}/{r[13]}"]
        for r in summary_rows(view.outcomes)
    ]
    outcomes = view.outcomes
    counts = {v: sum(1 for o in outcomes if o.best_verdict is v) for v in Verdict}
    unmatched = sum(1 for o in outcomes if o.result.best is None)
    none = f" ({unmatched} with no profile under their scheme)" if unmatched else ""
    doc = Doc(target.width, target.color)
    doc.para(
        f"{len(outcomes)} jobs: {counts[Verdict.MATCH]} match, {counts[Verdict.VARIATIONS]} "
        f"match with variations, {counts[Verdict.NO_MATCH]} no match{none}."
    )
    doc.para(
        "Matches: profiles that match + match with variations / profiles under the job's scheme."
    )
    doc.para(f"Rule: {view.rule.text()}.")
    flat = fixed_columns(headers, rows, {1, 6})
    if max(cells(line) for line in flat.splitlines()) <= target.width:
        return flat + "\n" + doc.text()
    # Too wide for one line a job: each job's title on a line of its own, its figures under it
    # (titles wrap between words; profile names too; verdicts stay whole).
    table = Table(
        [
            Column("Total", "right"),
            Column("Band"),
            Column("Best profile", wrap=True),
            Column("P.band"),
            Column("Verdict"),
            Column("Out", "right"),
            Column("Matches"),
        ]
    )
    for r in rows:
        table.heading(r[0])
        table.row(*r[1:])
    top = Doc(target.width, target.color)
    top.table(table)
    return top.text() + "\n" + doc.text()


def as_table(view: MatchView, target: Target) -> str:
    """One job: the ranking and the best profiles in full; several: one line a job."""
    if len(view.outcomes) != 1:
        return _summary_table(view, target)
    doc = Doc(target.width, target.color)
    _one_job(doc, view.outcomes[0], view.rule, view.top)
    return doc.text()


def as_csv(view: MatchView, target: Target) -> str:
    """One CSV row a job (cells a spreadsheet would run as formulas are defused)."""
    return csv_text([SUMMARY_COLUMNS, *summary_rows(view.outcomes)])


def _record(view: MatchView) -> str:
    out = ["# Job matching record (jescore)"]
    for o in view.outcomes:
        e = o.report.evaluation
        out += ["", f"## {md(o.report.questionnaire.job.title)}", ""]
        out.append(f"- Questionnaire: {code(o.report.file.path)} (sha256 `{o.report.file.sha256}`)")
        out.append(
            f"- Scheme: `{e.scheme.id}` ({e.scheme.status.value}), "
            f"{code(o.report.scheme_file.path)} (sha256 `{o.report.scheme_file.sha256}`)"
        )
        out.append(f"- Total: {e.total}, band {md(e.band.label) if e.band else 'none'}")
        out.append(f"- Compared with: {md(_considered(o))}")
        out.append(f"- Tolerance rule: {md(view.rule.text(e.scheme))}")
        if not o.result.ranked:
            out += ["", "No profile to match against."]
            continue
        out += [
            "",
            "| # | Profile | Band | Status | Verdict | Factors outside | Total vs band |",
            "|---:|---|---|---|---|---:|---|",
        ]
        for n, (p, fitted) in enumerate(o.result.ranked[: view.top], 1):
            info = p.scored.profile.profile
            out.append(
                f"| {n} | {md(info.title)} | {md(info.band)} | {info.status.value} | "
                f"{fitted.verdict.value} | {fitted.outside} | {_gap_text(fitted.band_gap)} |"
            )
        for m in o.shown:
            out += ["", f"### {md(_verdict_line(m))}", ""]
            ref = m.prepared.file
            out.append(f"Profile file: {code(ref.path)} (sha256 `{ref.sha256}`)")
            out += ["", "| Factor | Job | Profile | Fit |", "|---|---:|---|---|"]
            for f in m.factors:
                out.append(
                    f"| {md(f.factor.name)}{' (must match)' if f.must_match else ''} | "
                    f"{f.level}{md(f.letters)} | {md(f.range.text)} | {_factor_fit(f)} |"
                )
            out.append("")
            out += [f"- {md(reason)}" for reason in m.reasons]
    return "\n".join(out).rstrip("\n") + "\n"


def _summary_markdown(view: MatchView) -> str:
    out = [
        "# Job matching summary (jescore)",
        "",
        f"Tolerance rule: {md(view.rule.text())}.",
        "",
        "| Job | File | Total | Band | Best profile | Profile band | Verdict | Factors outside |",
        "|---|---|---:|---|---|---|---|---:|",
    ]
    for r in summary_rows(view.outcomes):
        out.append(
            f"| {md(r[0])} | {code(r[1])} | {r[2]} | {md(r[3])} | {md(r[4])} | "
            f"{md(r[6])} | {r[8]} | {r[9]} |"
        )
    return "\n".join(out) + "\n"


def as_markdown(view: MatchView, target: Target) -> str:
    """One job: a matching panel's record; several: a summary table."""
    return _record(view) if len(view.outcomes) == 1 else _summary_markdown(view)


# --- docx ------------------------------------------------------------------------------------


def as_docx(view: MatchView, target: Target) -> bytes:
    """A matching panel's record: each job, the profiles ranked, the best ones factor by factor."""
    from jescore import __version__
    from jescore.render.kit import phrases
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout, footer_line

    outcomes = view.outcomes
    schemes = list(
        dict.fromkeys(
            (o.report.evaluation.scheme.id, o.report.evaluation.scheme.status.value)
            for o in outcomes
        )
    )
    files = [("questionnaire", o.report.file.sha256) for o in outcomes]
    files += list(
        dict.fromkeys(("profile", m.prepared.file.sha256) for o in outcomes for m in o.shown)
    )
    layout = Layout(
        paper="letter" if target.paper == "letter" else "a4",
        footer=[footer_line(schemes, files, __version__)],
    )
    title = (
        f"Job matching record: {outcomes[0].report.questionnaire.job.title}"
        if len(outcomes) == 1
        else f"Job matching record: {len(outcomes)} jobs"
    )
    doc = Document(title, layout)
    provenance: list[str] = []
    for n, o in enumerate(outcomes):
        r, e = o.report, o.report.evaluation
        if len(outcomes) > 1:
            doc.heading(r.questionnaire.job.title, 2, new_page=n > 0)
        if line := phrases.job_line(r):
            doc.para(line, bold=True)
        doc.banner(e.scheme.status.value, phrases.status_line(e.scheme.status))
        band = f"Band {e.band.label}" if e.band else "outside the bands"
        doc.labelled(
            [
                ("Evaluated", f"{e.total} points, {band} ({e.scheme.id})"),
                ("Compared with", _considered(o)),
                ("Tolerance rule", view.rule.text(e.scheme)),
            ]
        )
        provenance.append(f"Questionnaire: {r.file.path} (sha256 {r.file.sha256})")
        provenance.append(
            f"Scheme: {e.scheme.id} ({e.scheme.status.value}); file {r.scheme_file.path} "
            f"(sha256 {r.scheme_file.sha256})"
        )
        sub = 3 if len(outcomes) > 1 else 2
        if not o.result.ranked:
            doc.para("No profile to match against.")
            continue
        doc.heading("Profiles ranked", sub)
        doc.table(
            [
                DocColumn("#", "right"),
                DocColumn("Profile", weight=2),
                DocColumn("Band"),
                DocColumn("Status"),
                DocColumn("Verdict"),
                DocColumn("Factors outside", "right"),
                DocColumn("Total against band"),
            ],
            [
                [
                    str(n),
                    p.scored.profile.profile.title,
                    p.scored.profile.profile.band,
                    p.scored.profile.profile.status.value,
                    fitted.verdict.value,
                    str(fitted.outside),
                    _gap_text(fitted.band_gap),
                ]
                for n, (p, fitted) in enumerate(o.result.ranked[: view.top], 1)
            ],
        )
        for m in o.shown:
            doc.heading(_verdict_line(m), sub + 1)
            doc.table(
                [
                    DocColumn("Factor", weight=2),
                    DocColumn("Job", "right"),
                    DocColumn("Profile"),
                    DocColumn("Fit"),
                ],
                [
                    [
                        f.factor.name + (" (must match)" if f.must_match else ""),
                        f"{f.level}{f.letters}",
                        f.range.text,
                        _factor_fit(f),
                    ]
                    for f in m.factors
                ],
                shade=[f.outside_by != 0 for f in m.factors],
            )
            doc.bullets(list(m.reasons))
            ref = m.prepared.file
            provenance.append(f"Profile: {ref.path} (sha256 {ref.sha256})")
        doc.heading("Decision", sub)
        doc.para("Profile agreed: ____________________________________________")
        doc.para("Reasons and any variations: _________________________________")
    doc.heading("Sign-off", 2)
    doc.signatures(["Panel member", "Panel member", "Panel member"])
    doc.provenance([*dict.fromkeys(provenance), f"jescore {__version__}"])
    return doc.bytes()


# --- html ------------------------------------------------------------------------------------


def as_html(view: MatchView, target: Target) -> str:
    """A matching panel's record as a printable page.

    The job first, the profiles ranked, the best ones factor by factor, sign-off lines, files
    and hashes at the end.
    """
    from jescore.render.kit import phrases
    from jescore.render.kit.html import Banner, Page, page

    outcomes = view.outcomes
    banners: dict[str, Banner] = {}
    provenance: list[str] = []
    jobs = []
    for o in outcomes:
        r, e = o.report, o.report.evaluation
        job = r.questionnaire.job
        if e.scheme.status.value != "verified":
            banners[e.scheme.id] = Banner(
                e.scheme.status.value, f"{e.scheme.id}: {phrases.status_line(e.scheme.status)}"
            )
        band = f"Band {e.band.label}" if e.band else "outside the bands"
        facts = [
            ("Job", job.title),
            ("Reference", job.reference),
            ("Organisation", job.organisation),
            ("Date", job.date.isoformat() if job.date else None),
            ("Evaluated", f"{e.total} points, {band} ({e.scheme.id})"),
            ("Compared with", _considered(o)),
            ("Tolerance rule", view.rule.text(e.scheme)),
        ]
        provenance.append(f"Questionnaire: {r.file.path} (sha256 {r.file.sha256})")
        provenance.append(
            f"Scheme: {e.scheme.id} ({e.scheme.status.value}); file {r.scheme_file.path} "
            f"(sha256 {r.scheme_file.sha256})"
        )
        shown = []
        for m in o.shown:
            s = m.prepared.scored
            shown.append(
                {
                    "heading": _verdict_line(m),
                    "verdict": m.verdict.value,
                    "file": m.prepared.file.path,
                    "range": f"{s.min_total}-{s.max_total}" + (" · generic" if s.generic else ""),
                    "factors": [
                        {
                            "name": f.factor.name,
                            "must": f.must_match,
                            "level": f"{f.level}{f.letters}",
                            "range": f.range.text,
                            "fit": _factor_fit(f),
                            "outside": f.outside_by != 0,
                        }
                        for f in m.factors
                    ],
                    "reasons": list(m.reasons),
                }
            )
            provenance.append(f"Profile: {m.prepared.file.path} (sha256 {m.prepared.file.sha256})")
        jobs.append(
            {
                "title": job.title,
                "facts": [(label, value) for label, value in facts if value],
                "ranked": [
                    (
                        n,
                        p.scored.profile.profile.title,
                        p.scored.profile.profile.band,
                        p.scored.profile.profile.status.value,
                        fitted.verdict.value,
                        fitted.outside,
                        _gap_text(fitted.band_gap),
                    )
                    for n, (p, fitted) in enumerate(o.result.ranked[: view.top], 1)
                ],
                "shown": shown,
            }
        )
    first = outcomes[0].report if len(outcomes) == 1 else None
    frame = Page(
        title=(
            f"Job matching record: {first.questionnaire.job.title}"
            if first is not None
            else f"Job matching record: {len(outcomes)} jobs"
        ),
        banners=tuple(banners.values()),
        provenance=tuple(dict.fromkeys(provenance)),
        paper=target.paper,
    )
    return page("match.html.j2", page=frame, jobs=jobs)


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = MatchOutputJSON

FORMATS: Formats[MatchView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.CSV: as_csv,
    Format.MARKDOWN: as_markdown,
    Format.DOCX: as_docx,
    Format.HTML: as_html,
}
