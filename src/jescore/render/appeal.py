"""Appeal evidence tables in five formats: markdown, csv, json, html and docx.

Every format is built from one view model (:func:`view`), so they all say the same thing and
name the same provenance: the job, the scheme and its status, the sha256 of the scheme file and
of both questionnaires, and the jescore version. Nothing depends on the clock: a date appears
only when the caller gives one.

The HTML is rendered by jinja2 with autoescaping on, and the DOCX by python-docx; both are
imported only when those formats are asked for.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from jescore import __version__
from jescore.appeal import Appeal, FactorClaim
from jescore.engine import Report
from jescore.models import Evidence
from jescore.render.json import SHAPE_VERSION, dumps
from jescore.render.kit import phrases as text
from jescore.render.markdown import cell
from jescore.safety import csv_text


def _evidence(items: list[Evidence]) -> list[str]:
    return [f"{e.text} ({e.source})" if e.source else e.text for e in items]


def _side(report: Report) -> dict[str, Any]:
    e = report.evaluation
    return {
        "file": report.file.path,
        "sha256": report.file.sha256,
        "total": e.total,
        "band": e.band.label if e.band else None,
        "band_text": text.band_of(e),
    }


def _row(f: FactorClaim) -> dict[str, Any]:
    return {
        "id": f.factor.id,
        "name": f.factor.name,
        "challenged": f.challenged,
        "awarded_level": f"{f.awarded.number}{f.awarded.letters}",
        "awarded_points": f.awarded_level.points,
        "awarded_summary": f.awarded_level.summary,
        "claimed_level": f"{f.claimed.number}{f.claimed.letters}",
        "claimed_points": f.claimed_level.points,
        "claimed_summary": f.claimed_level.summary,
        "difference": f.difference,
        "alone_total": f.alone_total,
        "alone_band": f.alone_band.label if f.alone_band else None,
        "alone_reaches_claimed_band": f.alone_reaches_claim,
        "claim_evidence": _evidence(f.claimed.evidence),
        # Aligned with claim_evidence: true where the award did not cite it for this factor.
        "claim_evidence_new": list(f.new_evidence),
        "claim_rationale": f.claimed.rationale,
        "awarded_evidence": _evidence(f.awarded.evidence),
        "awarded_rationale": f.awarded.rationale,
    }


def view(appeal: Appeal, date: str | None = None) -> dict[str, Any]:
    """Everything every format shows, as plain data (also the JSON output)."""
    scheme = appeal.awarded.evaluation.scheme
    search = appeal.search
    band = appeal.claimed_band
    return {
        "jescore_version": __version__,
        "shape": SHAPE_VERSION,
        "date": date,
        "job": appeal.awarded.questionnaire.job.title,
        "scheme": {
            "id": scheme.id,
            "name": scheme.name,
            "edition": scheme.edition,
            "status": scheme.status.value,
            "status_text": text.status_line(scheme.status),
            "file": appeal.awarded.scheme_file.path,
            "sha256": appeal.awarded.scheme_file.sha256,
        },
        "awarded": _side(appeal.awarded),
        "claimed": _side(appeal.claimed),
        "claimed_band": None if band is None else {"label": band.label, "min": band.min},
        "points_needed": appeal.points_needed,
        # above | below | equal | same-band | outside: the analysis is for "above" only.
        "claim_check": appeal.position.value,
        "search_stopped": appeal.search_stopped,
        "challenged": [f.factor.id for f in appeal.challenged],
        "decisive_alone": [f.factor.id for f in appeal.decisive],
        "cannot_change_alone": [f.factor.id for f in appeal.not_alone],
        "minimal_sets": []
        if search is None
        else [
            {
                "factors": [c.factor.id for c in s.changes],
                "names": [c.factor.name for c in s.changes],
                "points": s.delta,
                "total": s.total,
            }
            for s in search.solutions
        ],
        "more_sets": bool(search and search.more),
        "factors": [_row(f) for f in appeal.factors],
    }


def _names(v: dict[str, Any], ids: list[str]) -> str:
    names = {row["id"]: row["name"] for row in v["factors"]}
    return ", ".join(names[i] for i in ids) if ids else "none"


def claim_note(v: dict[str, Any]) -> str | None:
    """What to say first when the claim is not above the award in a higher band (else None)."""
    award = f"{v['awarded']['total']}, {v['awarded']['band_text']}"
    claim = f"{v['claimed']['total']}, {v['claimed']['band_text']}"
    check = v["claim_check"]
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
            f"job in {v['awarded']['band_text']}."
        )
    if check == "outside":
        return "The claimed total lies outside the bands: no band to reach."
    return None


def summary_lines(v: dict[str, Any]) -> list[str]:
    """The decisive analysis in sentences, shared by markdown, html and docx.

    For a claim above the award, in a higher band, only; any other claim gets one plain
    sentence saying where it stands, so the summary never says two things at once.
    """
    lines = [
        f"Awarded: {v['awarded']['total']} points, {v['awarded']['band_text']}. "
        f"Claimed: {v['claimed']['total']} points, {v['claimed']['band_text']}.",
    ]
    challenged = f"Challenged factors: {len(v['challenged'])} of {len(v['factors'])}."
    note = claim_note(v)
    if note is not None:
        return [*lines, note, challenged]
    band = v["claimed_band"]
    label = band["label"]
    lines.append(
        f"Points still needed to reach Band {label}: {v['points_needed']} "
        f"(it starts at {band['min']})."
    )
    lines.append(challenged)
    if v["decisive_alone"]:
        lines.append(f"Upheld alone, these reach Band {label}: {_names(v, v['decisive_alone'])}.")
    else:
        lines.append(f"No challenge upheld alone reaches Band {label}.")
    if v["minimal_sets"]:
        sets = "; ".join(
            f"{' + '.join(s['names'])} ({s['points']:+d}, total {s['total']})"
            for s in v["minimal_sets"]
        )
        more = " (more exist)" if v["more_sets"] else ""
        lines.append(f"Smallest sets of challenges that together reach it: {sets}{more}.")
    if v["search_stopped"]:
        found = "the sets listed are those" if v["minimal_sets"] else "no set was"
        lines.append(
            "The search for sets of challenges stopped at its work limit: "
            f"{found} found before it stopped."
        )
    elif not v["minimal_sets"]:
        lines.append(f"No set of these challenges reaches Band {label}.")
    lines.append(
        "Challenges that cannot change the awarded band on their own: "
        f"{_names(v, v['cannot_change_alone'])}."
    )
    return lines


def _marked(r: dict[str, Any]) -> list[str]:
    """The claim's evidence as text, each piece the award did not cite marked '(new)'."""
    return [
        f"(new) {e}" if new else e
        for e, new in zip(r["claim_evidence"], r["claim_evidence_new"], strict=True)
    ]


def provenance_lines(v: dict[str, Any]) -> list[str]:
    """Which files, scheme and jescore version produced the table."""
    s = v["scheme"]
    lines = [
        f"Scheme: {s['name']} ({s['id']}, {s['edition']}). {s['status_text']}.",
        f"Scheme file: {s['file']} (sha256 {s['sha256']})",
        f"Awarded: {v['awarded']['file']} (sha256 {v['awarded']['sha256']})",
        f"Claimed: {v['claimed']['file']} (sha256 {v['claimed']['sha256']})",
        f"jescore {v['jescore_version']}" + (f", {v['date']}" if v["date"] else ""),
    ]
    return lines


# --- formats ---------------------------------------------------------------------------------


def as_json(v: dict[str, Any]) -> str:
    """The view model itself."""
    return dumps(v)


def as_markdown(v: dict[str, Any]) -> str:
    """A panel pack section: summary, table, then each challenge with its evidence."""
    out = [f"# Appeal: {cell(v['job'])}", ""]
    out += [f"- {cell(line)}" for line in provenance_lines(v)]
    out += ["", "## Summary", ""]
    out += [f"- {cell(line)}" for line in summary_lines(v)]
    out += [
        "",
        "## Factor by factor",
        "",
        "| Factor | Awarded | Claimed | Difference | Challenged | Upheld alone |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in v["factors"]:
        alone = "-"
        if r["challenged"]:
            alone = f"{r['alone_total']}, Band {cell(r['alone_band'])}" if r["alone_band"] else "-"
            if r["alone_reaches_claimed_band"]:
                alone = f"**{alone}**"
        out.append(
            f"| {cell(r['name'])} | {r['awarded_level']} ({r['awarded_points']}) "
            f"| {r['claimed_level']} ({r['claimed_points']}) | {r['difference']:+d} "
            f"| {'yes' if r['challenged'] else 'no'} | {alone} |"
        )
    for r in v["factors"]:
        if not r["challenged"]:
            continue
        out += [
            "",
            f"### {cell(r['name'])}: {r['awarded_level']} → {r['claimed_level']} "
            f"({r['difference']:+d} points)",
            "",
            f"- Awarded level {r['awarded_level']} ({r['awarded_points']} points): "
            f"{cell(r['awarded_summary'])}",
            f"- Claimed level {r['claimed_level']} ({r['claimed_points']} points): "
            f"{cell(r['claimed_summary'])}",
            "",
            "Evidence in the claim:",
            "",
        ]
        out += [f"- {cell(e)}" for e in _marked(r)] or ["- (none cited)"]
        if r["claim_rationale"]:
            out += ["", f"Claim rationale: {cell(r['claim_rationale'])}"]
        out += ["", "Evidence in the awarded evaluation:", ""]
        out += [f"- {cell(e)}" for e in r["awarded_evidence"]] or ["- (none cited)"]
        if r["awarded_rationale"]:
            out += ["", f"Awarded rationale: {cell(r['awarded_rationale'])}"]
    return "\n".join(out) + "\n"


# fmt: off
CSV_COLUMNS = [
    "factor_id", "factor", "challenged", "awarded_level", "awarded_points", "awarded_summary",
    "claimed_level", "claimed_points", "claimed_summary", "difference", "alone_total",
    "alone_band", "alone_reaches_claimed_band", "claim_evidence", "awarded_evidence",
    "job", "scheme", "scheme_status", "scheme_sha256", "awarded_file", "awarded_sha256",
    "claimed_file", "claimed_sha256", "jescore_version", "date",
]
# fmt: on


def as_csv(v: dict[str, Any]) -> str:
    """One row per factor; provenance repeated on every row so that no row stands alone.

    Cells a spreadsheet would run as formulas (``=HYPERLINK(...)`` in evidence) are defused.
    """
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for r in v["factors"]:
        # fmt: off
        rows.append(
            [
                r["id"], r["name"], "yes" if r["challenged"] else "no", r["awarded_level"],
                r["awarded_points"], r["awarded_summary"], r["claimed_level"],
                r["claimed_points"], r["claimed_summary"], r["difference"],
                "" if r["alone_total"] is None else r["alone_total"], r["alone_band"] or "",
                "yes" if r["alone_reaches_claimed_band"] else "no",
                " | ".join(_marked(r)), " | ".join(r["awarded_evidence"]),
                v["job"], v["scheme"]["id"], v["scheme"]["status"], v["scheme"]["sha256"],
                v["awarded"]["file"], v["awarded"]["sha256"], v["claimed"]["file"],
                v["claimed"]["sha256"], v["jescore_version"], v["date"] or "",
            ]
        )
        # fmt: on
    return csv_text(rows)


def as_html(v: dict[str, Any]) -> str:
    """A self-contained, printable page; every piece of user text escaped by jinja2."""
    from jescore.render.kit.html import page

    return page("appeal.html.j2", v=v, summary=summary_lines(v), provenance=provenance_lines(v))


#: Fixed timestamp for every entry of the DOCX archive, so that the same inputs give the
#: same bytes (zip entries otherwise carry the time they were written).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def as_docx(v: dict[str, Any]) -> bytes:
    """A Word document with the summary and the factor table, byte-for-byte repeatable."""
    import datetime as dt

    import docx  # only for this format: keeps start-up fast
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    fixed = dt.datetime.fromisoformat(v["date"] or "2000-01-01")
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.author = props.last_modified_by = "jescore"
    props.title = f"Appeal: {v['job']}"
    props.revision = 1
    document.add_heading(f"Appeal: {v['job']}", level=1)
    for line in provenance_lines(v):
        document.add_paragraph(line).runs[0].font.size = Pt(8)
    document.add_heading("Summary", level=2)
    for line in summary_lines(v):
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Factor by factor", level=2)
    headers = ["Factor", "Awarded", "Claimed", "Difference", "Challenged", "Evidence in the claim"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell_, header in zip(table.rows[0].cells, headers, strict=True):
        cell_.text = header
    for r in v["factors"]:
        cells = table.add_row().cells
        cells[0].text = r["name"]
        cells[1].text = f"{r['awarded_level']} ({r['awarded_points']}): {r['awarded_summary']}"
        cells[2].text = f"{r['claimed_level']} ({r['claimed_points']}): {r['claimed_summary']}"
        cells[3].text = f"{r['difference']:+d}"
        cells[4].text = "yes" if r["challenged"] else "no"
        cells[5].text = "\n".join(_marked(r))
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
