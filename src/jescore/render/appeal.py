"""``appeal``: the evidence table of an appeal, awarded against claimed, factor by factor.

Formats: markdown (default: a panel pack), csv (one row a factor), json, html (a printable
page) and docx (the Word document a union representative submits). Every format is built from
one model (:func:`model`, also the JSON output), so that they all say the same thing: what a
panel reads first (the job, its reference and organisation, the hearing date, who claims what),
the summary with its lists kept as lists, the factor table, each challenge with both sides'
level descriptions, evidence and rationale, and the provenance (files, hashes, scheme status)
at the end. Nothing depends on the clock: a date appears only when given.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.appeal import Appeal, FactorClaim
from jescore.formats import Format
from jescore.models import Evidence
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.envelope import (
    BandJSON,
    Envelope,
    JobJSON,
    SchemeRefJSON,
    ScoreJSON,
    Sources,
    band_json,
    dumps,
    scheme_ref,
    score_json,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.scores import ScoredJSON, job_of, register, scored_json
from jescore.safety import csv_text

COMMAND = "appeal"


@dataclass(frozen=True, slots=True)
class AppealView:
    """The appeal, and the hearing date to print (none by default)."""

    appeal: Appeal
    date: str | None = None


# --- the model (and the JSON output) ---------------------------------------------------------


class EvidenceJSON(TypedDict):
    """One piece of evidence, and whether the award did not cite it for this factor."""

    text: str
    source: str | None
    new: bool


class SideJSON(TypedDict):
    """One side's level on one factor."""

    level: str
    points: int
    summary: str
    evidence: list[EvidenceJSON]
    rationale: str | None


class FactorClaimJSON(TypedDict):
    """One factor: awarded against claimed."""

    id: str
    name: str
    challenged: bool
    letters_only: bool
    awarded: SideJSON
    claimed: SideJSON
    difference: int
    alone: ScoreJSON | None
    alone_reaches_claimed_band: bool


class ChallengeSetJSON(TypedDict):
    """A smallest set of challenges that together reach the claimed band."""

    factors: list[str]
    names: list[str]
    points: int
    score: ScoreJSON


class AppealJSON(Envelope):
    """``appeal --format json``."""

    date: str | None
    job: JobJSON
    scheme: SchemeRefJSON
    awarded: ScoredJSON
    claimed: ScoredJSON
    claimed_band: BandJSON | None
    points_needed: int | None
    claim_check: str
    search_stopped: bool
    challenged: list[str]
    decisive_alone: list[str]
    cannot_change_alone: list[str]
    minimal_sets: list[ChallengeSetJSON]
    more_sets: bool
    factors: list[FactorClaimJSON]


def _evidence(items: list[Evidence], new: tuple[bool, ...] | None = None) -> list[EvidenceJSON]:
    flags = new if new is not None else (False,) * len(items)
    return [
        {"text": e.text, "source": e.source, "new": flag}
        for e, flag in zip(items, flags, strict=True)
    ]


def _factor(f: FactorClaim) -> FactorClaimJSON:
    return {
        "id": f.factor.id,
        "name": f.factor.name,
        "challenged": f.challenged,
        "letters_only": f.letters_only,
        "awarded": {
            "level": f"{f.awarded.number}{f.awarded.letters}",
            "points": f.awarded_level.points,
            "summary": f.awarded_level.summary,
            "evidence": _evidence(f.awarded.evidence),
            "rationale": f.awarded.rationale,
        },
        "claimed": {
            "level": f"{f.claimed.number}{f.claimed.letters}",
            "points": f.claimed_level.points,
            "summary": f.claimed_level.summary,
            "evidence": _evidence(f.claimed.evidence, f.new_evidence),
            "rationale": f.claimed.rationale,
        },
        "difference": f.difference,
        "alone": None if f.alone_total is None else score_json(f.alone_total, f.alone_band),
        "alone_reaches_claimed_band": f.alone_reaches_claim,
    }


def model(view: AppealView) -> AppealJSON:
    """Everything every format shows, as plain data (also the JSON output)."""
    a = view.appeal
    sources = Sources()
    register(sources, a.awarded)
    register(sources, a.claimed)
    search = a.search
    return {
        **sources.envelope(COMMAND),
        "date": view.date,
        "job": job_of(a.awarded.questionnaire.job, a.awarded.questionnaire.sign_off),
        "scheme": scheme_ref(a.awarded.evaluation.scheme, a.awarded.scheme_file),
        "awarded": scored_json(a.awarded),
        "claimed": scored_json(a.claimed),
        "claimed_band": band_json(a.claimed_band),
        "points_needed": a.points_needed,
        # above | below | equal | same-band | outside: the analysis is for "above" only.
        "claim_check": a.position.value,
        "search_stopped": a.search_stopped,
        "challenged": [f.factor.id for f in a.challenged],
        "decisive_alone": [f.factor.id for f in a.decisive],
        "cannot_change_alone": [f.factor.id for f in a.not_alone],
        "minimal_sets": []
        if search is None
        else [
            {
                "factors": [c.factor.id for c in s.changes],
                "names": [c.factor.name for c in s.changes],
                "points": s.delta,
                "score": score_json(s.total, s.band),
            }
            for s in search.solutions
        ],
        "more_sets": bool(search and search.more),
        "factors": [_factor(f) for f in a.factors],
    }


def as_json(view: AppealView, target: Target) -> str:
    """The model itself."""
    return dumps(model(view))


# --- words shared by every human format ------------------------------------------------------


def _band_text(score: ScoreJSON) -> str:
    band = score["band"]
    return f"Band {band['label']}" if band else "outside the bands"


def _outcome(side: ScoredJSON) -> str:
    return f"{side['score']['total']} points, {_band_text(side['score'])}"


def claim_note(m: AppealJSON) -> str | None:
    """What to say first when the claim is not above the award in a higher band (else None)."""
    award = f"{m['awarded']['score']['total']}, {_band_text(m['awarded']['score'])}"
    claim = f"{m['claimed']['score']['total']}, {_band_text(m['claimed']['score'])}"
    check = m["claim_check"]
    if check == "below":
        return (
            f"The claim ({claim}) is not above the award ({award}): are AWARDED and CLAIMED "
            "the right way round?"
        )
    if check == "equal":
        return (
            f"The claim ({claim}) is not above the award ({award}): upheld in full, it would "
            "not change the total."
        )
    if check == "same-band":
        return (
            f"The claim ({claim}) is in the awarded band: upheld in full, it would keep the "
            f"job in {_band_text(m['awarded']['score'])}."
        )
    if check == "outside":
        return "The claimed total lies outside the bands: no band to reach."
    return None


@dataclass(frozen=True, slots=True)
class Point:
    """One point of the summary: a sentence, and the names it lists (shown as a list)."""

    text: str
    items: tuple[str, ...] = ()


def summary(m: AppealJSON) -> list[Point]:
    """The decisive analysis, point by point; lists of factors stay lists.

    For a claim above the award, in a higher band, only; any other claim gets one plain
    sentence saying where it stands, so the summary never says two things at once.
    """
    names = {f["id"]: f["name"] for f in m["factors"]}
    points = [
        Point(f"Awarded: {_outcome(m['awarded'])}. Claimed: {_outcome(m['claimed'])}."),
    ]
    challenged = Point(
        f"Challenged factors: {len(m['challenged'])} of {len(m['factors'])}:",
        tuple(names[i] for i in m["challenged"]),
    )
    note = claim_note(m)
    if note is not None:
        return [*points, Point(note), challenged]
    band = m["claimed_band"]
    assert band is not None
    label = band["label"]
    points.append(
        Point(
            f"Points still needed to reach Band {label}: {m['points_needed']} "
            f"(it starts at {band['min']})."
        )
    )
    points.append(challenged)
    if m["decisive_alone"]:
        points.append(
            Point(
                f"Upheld alone, each of these reaches Band {label}:",
                tuple(names[i] for i in m["decisive_alone"]),
            )
        )
    else:
        points.append(Point(f"No challenge upheld alone reaches Band {label}."))
    if m["minimal_sets"]:
        more = " (more exist)" if m["more_sets"] else ""
        points.append(
            Point(
                f"Smallest sets of challenges that together reach it{more}:",
                tuple(
                    f"{' + '.join(s['names'])} ({s['points']:+d}, total {s['score']['total']})"
                    for s in m["minimal_sets"]
                ),
            )
        )
    if m["search_stopped"]:
        found = "the sets listed are those" if m["minimal_sets"] else "no set was"
        points.append(
            Point(
                "The search for sets of challenges stopped at its work limit: "
                f"{found} found before it stopped."
            )
        )
    elif not m["minimal_sets"]:
        points.append(Point(f"No set of these challenges reaches Band {label}."))
    alone = tuple(names[i] for i in m["cannot_change_alone"])
    if alone:
        points.append(Point("Challenges that cannot change the awarded band on their own:", alone))
    return points


def lead(m: AppealJSON) -> list[str]:
    """What a panel reads first: the job, and who claims what."""
    job = m["job"]
    out = []
    bits = [b for b in (job["reference"], job["organisation"]) if b]
    if bits:
        out.append(" · ".join(bits))
    if m["date"]:
        out.append(f"Hearing: {m['date']}")
    out.append(
        f"The claim: {_outcome(m['claimed'])}, against the award of {_outcome(m['awarded'])}."
    )
    return out


def provenance(m: AppealJSON) -> list[str]:
    """Which files, scheme and jescore version produced the table."""
    scheme = next(s for s in m["schemes"] if s["sha256"] == m["scheme"]["sha256"])
    return [
        f"Scheme: {scheme['name']} ({scheme['id']}, {scheme['edition']}); status "
        f"{scheme['status']}; file sha256 {scheme['sha256']}",
        f"Awarded: {m['awarded']['file']['path']} (sha256 {m['awarded']['file']['sha256']})",
        f"Claimed: {m['claimed']['file']['path']} (sha256 {m['claimed']['file']['sha256']})",
        f"jescore {m['jescore_version']}" + (f", {m['date']}" if m["date"] else ""),
    ]


def _status(m: AppealJSON) -> tuple[str, str]:
    from jescore.models import Status

    scheme = next(s for s in m["schemes"] if s["sha256"] == m["scheme"]["sha256"])
    status = Status(scheme["status"])
    return status.value, phrases.status_line(status)


def _evidence_text(e: EvidenceJSON, mark_new: bool = False) -> str:
    text = f"{e['text']} ({e['source']})" if e["source"] else e["text"]
    return f"(new) {text}" if mark_new and e["new"] else text


def _alone_text(f: FactorClaimJSON) -> str:
    if not f["challenged"] or f["alone"] is None:
        return "-"
    return f"{f['alone']['total']}, {_band_text(f['alone'])}"


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: AppealView, target: Target) -> str:
    """A panel pack: who claims what, the summary, the table, then each challenge."""
    m = model(view)
    _, status_text = _status(m)
    out = [f"# Appeal: {md(m['job']['title'])}", ""]
    out += [md(line) + "  " for line in lead(m)]
    out += ["", f"**{md(status_text)}**", "", "## Summary", ""]
    for point in summary(m):
        out.append(f"- {md(point.text)}")
        out += [f"  - {md(item)}" for item in point.items]
    out += [
        "",
        "## Factor by factor",
        "",
        "| Factor | Awarded | Claimed | Difference | Challenged | Upheld alone |",
        "|---|---:|---:|---:|---|---|",
    ]
    for f in m["factors"]:
        alone = md(_alone_text(f))
        if f["alone_reaches_claimed_band"]:
            alone = f"**{alone}**"
        challenged = ("letters only" if f["letters_only"] else "yes") if f["challenged"] else "no"
        out.append(
            f"| {md(f['name'])} | {md(f['awarded']['level'])} ({f['awarded']['points']}) "
            f"| {md(f['claimed']['level'])} ({f['claimed']['points']}) | {f['difference']:+d} "
            f"| {challenged} | {alone} |"
        )
    for f in m["factors"]:
        if not f["challenged"]:
            continue
        a, c = f["awarded"], f["claimed"]
        out += [
            "",
            f"### {md(f['name'])}: {md(a['level'])} → {md(c['level'])} "
            f"({f['difference']:+d} points)",
            "",
            f"- Awarded level {md(a['level'])} ({a['points']} points): {md(a['summary'])}",
            f"- Claimed level {md(c['level'])} ({c['points']} points): {md(c['summary'])}",
            "",
            "Evidence in the claim (new: not cited in the award for this factor):",
            "",
        ]
        out += [f"- {md(_evidence_text(e, True))}" for e in c["evidence"]] or ["- (none cited)"]
        if c["rationale"]:
            out += ["", f"Claim rationale: {md(c['rationale'])}"]
        out += ["", "Evidence in the award:", ""]
        out += [f"- {md(_evidence_text(e))}" for e in a["evidence"]] or ["- (none cited)"]
        if a["rationale"]:
            out += ["", f"Award rationale: {md(a['rationale'])}"]
    out += ["", "## Provenance", ""]
    out += [f"- {md(line)}" for line in provenance(m)]
    return "\n".join(out) + "\n"


# --- csv -------------------------------------------------------------------------------------

# fmt: off
CSV_COLUMNS = [
    "factor_id", "factor", "challenged", "awarded_level", "awarded_points", "awarded_summary",
    "claimed_level", "claimed_points", "claimed_summary", "difference", "alone_total",
    "alone_band", "alone_reaches_claimed_band", "claim_evidence", "awarded_evidence",
    "job", "scheme", "scheme_status", "scheme_sha256", "awarded_file", "awarded_sha256",
    "claimed_file", "claimed_sha256", "jescore_version", "date",
]
# fmt: on


def as_csv(view: AppealView, target: Target) -> str:
    """One row a factor; provenance repeated on every row so that no row stands alone.

    Cells a spreadsheet would run as formulas (``=HYPERLINK(...)`` in evidence) are defused.
    """
    m = model(view)
    status, _ = _status(m)
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for f in m["factors"]:
        a, c = f["awarded"], f["claimed"]
        alone = f["alone"]
        rows.append(
            [
                f["id"],
                f["name"],
                "yes" if f["challenged"] else "no",
                a["level"],
                a["points"],
                a["summary"],
                c["level"],
                c["points"],
                c["summary"],
                f["difference"],
                "" if alone is None else alone["total"],
                "" if alone is None or alone["band"] is None else alone["band"]["label"],
                "yes" if f["alone_reaches_claimed_band"] else "no",
                " | ".join(_evidence_text(e, True) for e in c["evidence"]),
                " | ".join(_evidence_text(e) for e in a["evidence"]),
                m["job"]["title"],
                m["scheme"]["id"],
                status,
                m["scheme"]["sha256"],
                m["awarded"]["file"]["path"],
                m["awarded"]["file"]["sha256"],
                m["claimed"]["file"]["path"],
                m["claimed"]["file"]["sha256"],
                m["jescore_version"],
                m["date"] or "",
            ]
        )
    return csv_text(rows)


# --- html ------------------------------------------------------------------------------------


def as_html(view: AppealView, target: Target) -> str:
    """A self-contained, printable page; every piece of user text escaped by jinja2."""
    from jescore.render.kit.html import Banner, Page, page

    m = model(view)
    status, status_text = _status(m)
    banners = (Banner(status, status_text),) if status != "verified" else ()
    frame = Page(
        title=f"Appeal: {m['job']['title']}",
        lead=tuple(lead(m)),
        banners=banners,
        # The page's frame ends the provenance with jescore's version; the date is in the lead.
        provenance=tuple(provenance(m)[:-1]),
        paper=target.paper,
    )
    return page(
        "appeal.html.j2",
        page=frame,
        m=m,
        summary=summary(m),
        evidence=_evidence_text,
        alone=_alone_text,
        status_text=status_text,
    )


# --- docx ------------------------------------------------------------------------------------


def as_docx(view: AppealView, target: Target) -> bytes:
    """The Word document a representative submits: A4, headings, both sides of each challenge."""
    from jescore.render.kit.docx import Column, Document, Layout, footer_line

    m = model(view)
    status, status_text = _status(m)
    footer = [
        footer_line(
            [(m["scheme"]["id"], status)],
            [
                ("awarded", m["awarded"]["file"]["sha256"]),
                ("claimed", m["claimed"]["file"]["sha256"]),
                ("scheme", m["scheme"]["sha256"]),
            ],
            m["jescore_version"],
        )
    ]
    doc = Document(
        f"Appeal: {m['job']['title']}",
        Layout(paper="letter" if target.paper == "letter" else "a4", footer=footer),
        date=m["date"],
    )
    for n, line in enumerate(lead(m)):
        doc.para(line, bold=n == 0)
    doc.banner(status, status_text)
    doc.heading("Summary", 2)
    for point in summary(m):
        doc.bullets([point.text])
        if point.items:
            doc.bullets(list(point.items), level=2)
    doc.heading("Factor by factor", 2)
    rows, shade = [], []
    for f in m["factors"]:
        challenged = ("letters only" if f["letters_only"] else "yes") if f["challenged"] else "no"
        rows.append(
            [
                f["name"],
                f"{f['awarded']['level']} ({f['awarded']['points']})",
                f"{f['claimed']['level']} ({f['claimed']['points']})",
                f"{f['difference']:+d}",
                challenged,
                _alone_text(f),
            ]
        )
        shade.append(f["challenged"])
    doc.table(
        [
            Column("Factor", weight=2),
            Column("Awarded", "right"),
            Column("Claimed", "right"),
            Column("Difference", "right"),
            Column("Challenged"),
            Column("Upheld alone"),
        ],
        rows,
        shade=shade,
    )
    doc.heading("The challenges, side by side", 2)
    for f in m["factors"]:
        if not f["challenged"]:
            continue
        a, c = f["awarded"], f["claimed"]
        doc.heading(f"{f['name']}: {a['level']} → {c['level']} ({f['difference']:+d} points)", 3)
        award_text = "\n".join(
            [
                f"Level {a['level']} ({a['points']} points): {a['summary']}",
                "",
                "Evidence:",
                *([f"• {_evidence_text(e)}" for e in a["evidence"]] or ["(none cited)"]),
                *(["", f"Rationale: {a['rationale']}"] if a["rationale"] else []),
            ]
        )
        claim_text = "\n".join(
            [
                f"Level {c['level']} ({c['points']} points): {c['summary']}",
                "",
                "Evidence (new: not cited in the award):",
                *([f"• {_evidence_text(e, True)}" for e in c["evidence"]] or ["(none cited)"]),
                *(["", f"Rationale: {c['rationale']}"] if c["rationale"] else []),
            ]
        )
        doc.table(
            [Column("Awarded"), Column("Claimed")],
            [[award_text, claim_text]],
            labels=("Level ", "Evidence", "Rationale"),
        )
    doc.provenance(provenance(m))
    return doc.bytes()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = AppealJSON

FORMATS: Formats[AppealView] = {
    Format.MARKDOWN: as_markdown,
    Format.CSV: as_csv,
    Format.JSON: as_json,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
