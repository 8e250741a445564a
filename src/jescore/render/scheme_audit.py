"""``scheme audit``: facts about a factor plan's weights, criteria, steps and coverage.

Formats: table (default), json, markdown, html (a printable page with a chart of each factor's
share against the floor) and docx. Every format is built from one model (:func:`model`, also
the JSON output), so that they all say the same: the criteria and their weights, each factor's
weight against the floor, how its points rise, the pairs of factors the EHRC names, and the
EIGE checklist of demands often overlooked in women-dominated work. Facts, not verdicts: a
weight below the floor is stated, never called unfair, and the checklist is for the reader to
answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.models import FileRef
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Table
from jescore.render.kit.envelope import (
    Envelope,
    FileJSON,
    SchemeRefJSON,
    Sources,
    dumps,
    file_json,
    scheme_ref,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code, link
from jescore.render.kit.scores import STATUS_STYLE
from jescore.scheme_audit import (
    CRITERIA_SOURCE,
    CRITERIA_URL,
    CRITERION_NAMES,
    FLOOR,
    FLOOR_SOURCE,
    OVERLOOKED_SOURCE,
    OVERLOOKED_URL,
    PAIRS_SOURCE,
    PAIRS_URL,
    STEPS_SOURCE,
    PlanAudit,
)

COMMAND = "scheme audit"


@dataclass(frozen=True, slots=True)
class AuditView:
    """The audit of one scheme, its file, and the warnings loading it gave."""

    audit: PlanAudit
    file: FileRef
    warnings: tuple[str, ...] = ()


# --- the model (and the JSON output) ---------------------------------------------------------


class AuditFactorJSON(TypedDict):
    """One factor's weight and level steps."""

    id: str
    name: str
    criterion: str | None
    top_points: int
    share_pct: float
    below_floor: bool
    levels: int
    steps: list[int]
    step_shape: str


class AuditCriterionJSON(TypedDict):
    """One criterion: its factors and their weight together."""

    criterion: str
    factors: list[str]
    top_points: int
    share_pct: float


class FloorJSON(TypedDict):
    """The floor a factor's share is set against, and where it comes from."""

    pct: float
    source: str
    below: list[str]


class SideJSON(TypedDict):
    """One side of a pair."""

    id: str
    name: str
    top_points: int


class PairJSON(TypedDict):
    """Two factors the EHRC's pairs set against each other, and their ratio of top points."""

    pair: str
    first: SideJSON
    second: SideJSON
    #: None when the second's top is 0 points.
    ratio: float | None


class UnpairedJSON(TypedDict):
    """A pair the scheme does not have both sides of (``missing`` empty: one factor has both)."""

    pair: str
    missing: list[str]


class DemandJSON(TypedDict):
    """One demand of the checklist and the scheme's factors that may cover it."""

    demand: str
    criterion: str
    factors: list[str]


class SourceJSON(TypedDict):
    """Where a check comes from."""

    check: str
    source: str
    url: str | None


class SchemeAuditJSON(Envelope):
    """``scheme audit --format json``."""

    file: FileJSON
    scheme: SchemeRefJSON
    total_points: int
    floor: FloorJSON
    factors: list[AuditFactorJSON]
    criteria: list[AuditCriterionJSON]
    missing_criteria: list[str]
    unmapped_factors: list[str]
    pairs: list[PairJSON]
    unpaired: list[UnpairedJSON]
    overlooked: list[DemandJSON]
    sources: list[SourceJSON]
    warnings: list[str]


def _r(x: Fraction, floor: Fraction | None = None) -> float:
    """Two decimals; rounded down where rounding would carry a share below the floor up to it."""
    r = round(float(x), 2)
    if floor is not None and x < floor and r >= floor:
        r = math.floor(float(x) * 100) / 100
    return r


def floor_source(pct: Fraction) -> str:
    """Where the floor comes from: NJC Technical Note 2's 5%, or the user's own --floor."""
    if pct == FLOOR:
        return FLOOR_SOURCE
    return f"{float(pct):g}%, given with --floor (NJC Technical Note 2 sets 5%)"


def model(view: AuditView) -> SchemeAuditJSON:
    """The audit as JSON-ready data: what every format shows."""
    a = view.audit
    sources = Sources()
    sources.scheme(a.scheme, view.file)
    return {
        **sources.envelope(COMMAND),
        "file": file_json(view.file),
        "scheme": scheme_ref(a.scheme, view.file),
        "total_points": a.total,
        "floor": {
            "pct": float(a.floor),
            "source": floor_source(a.floor),
            "below": [w.factor.id for w in a.factors if w.below_floor],
        },
        "factors": [
            {
                "id": w.factor.id,
                "name": w.factor.name,
                "criterion": w.factor.criterion,
                "top_points": w.top_points,
                "share_pct": _r(w.share, a.floor),
                "below_floor": w.below_floor,
                "levels": w.factor.top,
                "steps": list(w.steps),
                "step_shape": w.shape,
            }
            for w in a.factors
        ],
        "criteria": [
            {
                "criterion": c.criterion,
                "factors": [f.id for f in c.factors],
                "top_points": c.top_points,
                "share_pct": _r(c.share),
            }
            for c in a.criteria
        ],
        "missing_criteria": list(a.missing),
        "unmapped_factors": [f.id for f in a.unmapped],
        "pairs": [
            {
                "pair": f"{p.first_aspect.key}/{p.second_aspect.key}",
                "first": _side(p.first),
                "second": _side(p.second),
                "ratio": None if p.ratio is None else round(float(p.ratio), 3),
            }
            for p in a.pairs
        ],
        "unpaired": [
            {
                "pair": f"{u.first_aspect.key}/{u.second_aspect.key}",
                "missing": [m.key for m in u.missing],
            }
            for u in a.unpaired
        ],
        "overlooked": [
            {"demand": d.demand, "criterion": d.criterion, "factors": [f.id for f in d.factors]}
            for d in a.demands
        ],
        "sources": [
            {"check": "criteria", "source": CRITERIA_SOURCE, "url": CRITERIA_URL},
            {"check": "floor", "source": floor_source(a.floor), "url": None},
            {"check": "steps", "source": STEPS_SOURCE, "url": PAIRS_URL},
            {"check": "pairs", "source": PAIRS_SOURCE, "url": PAIRS_URL},
            {"check": "overlooked", "source": OVERLOOKED_SOURCE, "url": OVERLOOKED_URL},
        ],
        "warnings": list(view.warnings),
    }


def _side(factor: object) -> SideJSON:
    from jescore.models import Factor

    assert isinstance(factor, Factor)
    return {"id": factor.id, "name": factor.name, "top_points": factor.levels[-1].points}


def as_json(view: AuditView, target: Target) -> str:
    """``scheme audit --format json``."""
    return dumps(model(view))


# --- words every format shares --------------------------------------------------------------


def pct(share: float, floor: float | None = None) -> str:
    """A share with one decimal; two where one would hide which side of the floor it is on."""
    text = f"{share:.1f}%"
    if floor is not None and (round(share, 1) >= floor) != (share >= floor):
        text = f"{share:.2f}%"
    return text


def short(text: str, width: int) -> str:
    """Text cut to ``width`` characters, with '…' where it was cut (chart labels)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def criterion_name(criterion: str | None) -> str:
    """'working conditions'; '-' for a factor whose criterion the scheme does not give."""
    return CRITERION_NAMES.get(criterion or "", "-")


def _aspect(key: str) -> str:
    return key.replace("-", " ")


def pair_name(pair: str) -> str:
    """'physical effort against mental effort'."""
    first, second = pair.split("/")
    return f"{_aspect(first)} against {_aspect(second)}"


def lead(m: SchemeAuditJSON) -> list[str]:
    """What the reader needs first: what a weight is here."""
    return [
        f"Facts, not verdicts. A factor's weight is its top level's points as a share of the "
        f"{m['total_points']:,} points a job can score at most (every factor at its top level).",
    ]


def criteria_lines(m: SchemeAuditJSON) -> list[str]:
    """Missing criteria and factors without one, in words."""
    out = []
    if m["missing_criteria"]:
        names = ", ".join(criterion_name(c) for c in m["missing_criteria"])
        out.append(f"No factor of this scheme says it measures: {names}. {CRITERIA_SOURCE}.")
    else:
        out.append(f"Every one of the four criteria has a factor. {CRITERIA_SOURCE}.")
    if m["unmapped_factors"]:
        out.append(
            f"{len(m['unmapped_factors'])} factor(s) do not say which criterion they measure "
            f"(criterion: in the scheme file): {', '.join(m['unmapped_factors'])}; the shares "
            "by criterion leave them out."
        )
    return out


def _factors(n: int) -> str:
    return "1 factor carries" if n == 1 else f"{n} factors carry"


def floor_line(m: SchemeAuditJSON) -> str:
    """The factors below the floor, with the source of the floor."""
    floor = m["floor"]
    below = [f for f in m["factors"] if f["below_floor"]]
    if not below:
        return (
            f"No factor carries less than {floor['pct']:g}% of the total. Floor: {floor['source']}."
        )
    listed = "; ".join(f"{f['name']} {pct(f['share_pct'], floor['pct'])}" for f in below)
    return (
        f"{_factors(len(below))} less than {floor['pct']:g}% of the total: {listed}. "
        f"Floor: {floor['source']}."
    )


def steps_text(f: AuditFactorJSON) -> str:
    """'+7 +9 +11 (widening)'."""
    if not f["steps"]:
        return "one level"
    return " ".join(f"+{s}" for s in f["steps"]) + f" ({f['step_shape']})"


STEPS_LINE = (
    "Points rise with every level of every factor: jescore refuses a scheme where they do not. "
    "Steps: the points gained from each level to the next."
)


def pair_line(p: PairJSON) -> str:
    """One pair, with its ratio."""
    ratio = "no ratio (0 points)" if p["ratio"] is None else f"a ratio of {p['ratio']:.2f}"
    return (
        f"{pair_name(p['pair']).capitalize()}: {p['first']['name']} {p['first']['top_points']} "
        f"and {p['second']['name']} {p['second']['top_points']} top points, {ratio}."
    )


def unpaired_line(u: UnpairedJSON) -> str:
    """A pair not found, and why."""
    if not u["missing"]:
        return f"{pair_name(u['pair']).capitalize()}: one factor measures both; no ratio."
    lacking = " or ".join(_aspect(k) for k in u["missing"])
    return f"{pair_name(u['pair']).capitalize()}: no factor read as {lacking}; no ratio."


PAIRS_NOTE = (
    "Shown, not judged. A factor counts as a side of a pair by its criterion and the words of "
    "its name (jescore's reading; check it against the scheme's definitions)."
)

CHECKLIST_NOTE = (
    "For you to answer: does the scheme measure each demand, in the factors beside it or "
    "elsewhere? Demands typical of men-dominated jobs may also be counted twice."
)


def demands_by_criterion(m: SchemeAuditJSON) -> list[tuple[str, list[str], list[str]]]:
    """(criterion, names of the scheme's factors of that criterion, demands), in order."""
    names = {f["id"]: f["name"] for f in m["factors"]}
    out: list[tuple[str, list[str], list[str]]] = []
    for d in m["overlooked"]:
        if not out or out[-1][0] != d["criterion"]:
            out.append((d["criterion"], [names[i] for i in d["factors"]], []))
        out[-1][2].append(d["demand"])
    return out


def factors_text(names: list[str]) -> str:
    """The factors that may cover a criterion's demands, or that there are none."""
    return "; ".join(names) if names else "none: no factor says it measures this criterion"


def provenance(m: SchemeAuditJSON, view: AuditView) -> list[str]:
    """Which file and jescore version produced the audit, and the sources of the checks."""
    s = m["schemes"][0]
    return [
        f"Scheme: {s['name']} ({s['id']}, {s['edition']}); status {s['status']}; file "
        f"{m['file']['path']} (sha256 {m['file']['sha256']})",
        *(
            f"{src['check']}: {src['source']}" + (f" {src['url']}" if src["url"] else "")
            for src in m["sources"]
        ),  # fmt: skip
        f"jescore {m['jescore_version']}",
    ]


# --- table -----------------------------------------------------------------------------------


def as_table(view: AuditView, target: Target) -> str:
    """Criteria, factors, pairs and the checklist, for a terminal or a text file."""
    m = model(view)
    a = view.audit
    scheme = a.scheme
    floor = m["floor"]["pct"]
    doc = Doc(target.width, target.color)
    doc.para(f"Scheme audit: {scheme.name}", "bold")
    doc.para(f"{scheme.id} · {view.file.path} (sha256 {view.file.sha256[:12]})")
    doc.para(phrases.status_line(scheme.status), STATUS_STYLE[scheme.status])
    for line in lead(m):
        doc.para(line)
    doc.blank()
    criteria = Table(
        (
            Column("Criterion"),
            Column("Factors", "right"),
            Column("Top points", "right"),
            Column("Share", "right"),
        )
    )
    for c in m["criteria"]:
        criteria.row(
            criterion_name(c["criterion"]), len(c["factors"]), c["top_points"], pct(c["share_pct"])
        )
    doc.table(criteria)
    for line in criteria_lines(m):
        doc.para(line, "dim")
    doc.blank()
    factors = Table(
        (
            Column("Factor", wrap=True, min_width=14, ratio=3),
            Column("Criterion", wrap=True),
            Column("Top", "right"),
            Column("Share", "right"),
            Column(f"<{floor:g}%"),
            Column("Steps", wrap=True, ratio=2),
        )
    )
    for f in m["factors"]:
        factors.row(
            f["name"],
            criterion_name(f["criterion"]),
            f["top_points"],
            pct(f["share_pct"], floor),
            "below" if f["below_floor"] else "",
            steps_text(f),
        )
    doc.table(factors)
    doc.para(floor_line(m), "dim")
    doc.para(STEPS_LINE, "dim")
    doc.blank()
    doc.para("Pairs the EHRC names", "bold")
    doc.bullets([pair_line(p) for p in m["pairs"]] + [unpaired_line(u) for u in m["unpaired"]])
    doc.para(f"{PAIRS_NOTE} Source: {PAIRS_SOURCE}.", "dim")
    doc.blank()
    doc.para("Demands often overlooked in women-dominated work", "bold")
    doc.para(CHECKLIST_NOTE)
    for criterion, names, demands in demands_by_criterion(m):
        doc.blank()
        doc.para(
            f"{criterion_name(criterion).capitalize()}: may be covered by {factors_text(names)}",
            hang=2,
        )
        doc.bullets(demands, mark="[ ]", indent=2)
    doc.para(f"Source: {OVERLOOKED_SOURCE}.", "dim")
    if view.warnings:
        doc.blank()
        doc.para("Checks of the scheme file", "bold")
        for w in view.warnings:
            doc.para(w, "yellow")
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: AuditView, target: Target) -> str:
    """The audit for a union branch, a pull request or a report: tables and a task list."""
    m = model(view)
    s = m["schemes"][0]
    floor = m["floor"]["pct"]
    out = [
        f"# Scheme audit: {md(s['name'])}",
        "",
        f"- Scheme: `{s['id']}`, {md(s['edition'])}",
        f"- Status: **{md(phrases.status_line(view.audit.scheme.status))}**",
        f"- File: {code(m['file']['path'])} (sha256 `{m['file']['sha256']}`)",
        "",
        *(md(line) for line in lead(m)),
        "",
        "## Criteria",
        "",
        "| Criterion | Factors | Top points | Share |",
        "|---|---:|---:|---:|",
    ]
    for c in m["criteria"]:
        out.append(
            f"| {criterion_name(c['criterion'])} | {len(c['factors'])} | {c['top_points']} | "
            f"{pct(c['share_pct'])} |"
        )
    out += ["", *(f"- {md(line)}" for line in criteria_lines(m))]
    out += [
        "",
        "## Factors",
        "",
        f"| Factor | Criterion | Top points | Share | Below {floor:g}% | Steps |",
        "|---|---|---:|---:|---|---|",
    ]
    for f in m["factors"]:
        below = "below" if f["below_floor"] else ""
        out.append(
            f"| {md(f['name'])} (`{f['id']}`) | {criterion_name(f['criterion'])} | "
            f"{f['top_points']} | {pct(f['share_pct'], floor)} | {below} | {steps_text(f)} |"
        )
    out += ["", md(floor_line(m)), "", md(STEPS_LINE), "", "## Pairs the EHRC names", ""]
    out += [f"- {md(pair_line(p))}" for p in m["pairs"]]
    out += [f"- {md(unpaired_line(u))}" for u in m["unpaired"]]
    out += ["", f"{md(PAIRS_NOTE)} Source: {md(PAIRS_SOURCE)} {link(PAIRS_URL)}"]
    out += ["", "## Demands often overlooked in women-dominated work", "", md(CHECKLIST_NOTE)]
    for criterion, names, demands in demands_by_criterion(m):
        out += [
            "",
            f"**{criterion_name(criterion).capitalize()}**: may be covered by "
            f"{md(factors_text(names))}",
            "",
        ]
        out += [f"- [ ] {md(d)}" for d in demands]
    out += ["", f"Source: {md(OVERLOOKED_SOURCE)} {link(OVERLOOKED_URL)}"]
    out += ["", "## Sources", ""]
    for src in m["sources"]:
        url = f" {link(src['url'])}" if src["url"] else ""
        out.append(f"- {src['check']}: {md(src['source'])}{url}")
    out += [f"- warning: {md(w)}" for w in m["warnings"]]
    return "\n".join(out) + "\n"


# --- html ------------------------------------------------------------------------------------

#: Bar colours by criterion, in the HTML chart.
COLOURS = {
    "skills": "#1b6ca8",
    "effort": "#b35806",
    "responsibility": "#5e3c99",
    "working-conditions": "#1a9850",
    None: "#888888",
}


def as_html(view: AuditView, target: Target) -> str:
    """A printable page: the tables, a chart of shares against the floor, the checklist."""
    from jescore.render.kit.html import Banner, Page, page

    m = model(view)
    status = view.audit.scheme.status
    banners = (
        (Banner(status.value, phrases.status_line(status)),) if status.value != "verified" else ()
    )
    most = max([f["share_pct"] for f in m["factors"]] + [m["floor"]["pct"], 1.0])
    bars = [
        {
            "label": short(f["name"], 40),
            "y": 10 + i * 24,
            "width": 380 * f["share_pct"] / most,
            "colour": COLOURS.get(f["criterion"], COLOURS[None]),
            "text": pct(f["share_pct"], m["floor"]["pct"]),
        }
        for i, f in enumerate(m["factors"])
    ]
    frame = Page(
        title=f"Scheme audit: {view.audit.scheme.name}",
        lead=(
            f"{view.audit.scheme.id} · {view.audit.scheme.edition}",
            *lead(m),
        ),
        banners=banners,
        # The page's own footer names jescore's version.
        provenance=tuple(provenance(m, view)[:-1]),
        paper=target.paper,
    )
    return page(
        "scheme_audit.html.j2",
        page=frame,
        m=m,
        bars=bars,
        chart_height=20 + 24 * len(bars),
        floor_x=280 + 380 * m["floor"]["pct"] / most,
        colours=COLOURS,
        pct=pct,
        criterion_name=criterion_name,
        steps_text=steps_text,
        criteria_lines=criteria_lines(m),
        floor_line=floor_line(m),
        steps_line=STEPS_LINE,
        pair_lines=[pair_line(p) for p in m["pairs"]] + [unpaired_line(u) for u in m["unpaired"]],
        pairs_note=f"{PAIRS_NOTE} Source: {PAIRS_SOURCE}.",
        checklist_note=CHECKLIST_NOTE,
        demands=demands_by_criterion(m),
        factors_text=factors_text,
        overlooked_source=OVERLOOKED_SOURCE,
    )


# --- docx ------------------------------------------------------------------------------------


def as_docx(view: AuditView, target: Target) -> bytes:
    """A Word document: the same facts, and the checklist with boxes to tick."""
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout

    m = model(view)
    scheme = view.audit.scheme
    floor = m["floor"]["pct"]
    footer = [
        f"Scheme {scheme.id} ({scheme.status.value}) · sha256 {view.file.sha256[:12]} · "
        f"jescore {m['jescore_version']}"
    ]
    doc = Document(
        f"Scheme audit: {scheme.name}",
        Layout(paper="letter" if target.paper == "letter" else "a4", footer=footer),
    )
    doc.para(f"{scheme.id} · {scheme.edition}")
    doc.banner(scheme.status.value, phrases.status_line(scheme.status))
    for line in lead(m):
        doc.para(line)
    doc.heading("Criteria", 2)
    doc.table(
        [
            DocColumn("Criterion"),
            DocColumn("Factors", "right"),
            DocColumn("Top points", "right"),
            DocColumn("Share", "right"),
        ],
        [
            [
                criterion_name(c["criterion"]),
                str(len(c["factors"])),
                str(c["top_points"]),
                pct(c["share_pct"]),
            ]
            for c in m["criteria"]
        ],
    )
    for line in criteria_lines(m):
        doc.para(line)
    doc.heading("Factors", 2)
    doc.table(
        [
            DocColumn("Factor", weight=2),
            DocColumn("Criterion"),
            DocColumn("Top points", "right"),
            DocColumn("Share", "right"),
            DocColumn(f"Below {floor:g}%"),
            DocColumn("Steps", weight=2),
        ],
        [
            [
                f["name"],
                criterion_name(f["criterion"]),
                str(f["top_points"]),
                pct(f["share_pct"], floor),
                "below" if f["below_floor"] else "",
                steps_text(f),
            ]
            for f in m["factors"]
        ],
        shade=[f["below_floor"] for f in m["factors"]],
    )
    doc.para(floor_line(m))
    doc.para(STEPS_LINE)
    doc.heading("Pairs the EHRC names", 2)
    doc.bullets([pair_line(p) for p in m["pairs"]] + [unpaired_line(u) for u in m["unpaired"]])
    doc.para(f"{PAIRS_NOTE} Source: {PAIRS_SOURCE}.", italic=True)
    doc.heading("Demands often overlooked in women-dominated work", 2)
    doc.para(CHECKLIST_NOTE)
    for criterion, names, demands in demands_by_criterion(m):
        doc.heading(criterion_name(criterion).capitalize(), 3)
        doc.para(f"May be covered by: {factors_text(names)}")
        doc.table(
            [DocColumn("Demand", weight=3), DocColumn("Measured? Where?", weight=2)],
            [[d, "☐ yes  ☐ no"] for d in demands],
        )
    doc.para(f"Source: {OVERLOOKED_SOURCE}.", italic=True)
    for w in m["warnings"]:
        doc.para(f"Warning: {w}")
    doc.heading("Provenance", 2)
    for line in provenance(m, view):
        doc.para(line, size=8)
    return doc.bytes()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = SchemeAuditJSON

FORMATS: Formats[AuditView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
