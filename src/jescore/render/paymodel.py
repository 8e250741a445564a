"""``paymodel``: what a regrading costs year by year, who moves, who is protected, back pay.

Formats: table, json, csv, markdown and html (cost by year and protected cash by sex as charts).
Only aggregates reach these renderers, as :func:`jescore.disclosure.decide` and
:func:`jescore.disclosure.decide_subset` publish them: a figure withheld is ``null`` in JSON,
empty in CSV and "withheld" elsewhere. The rules, and the pay scale's id, version and status,
are in every format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typing_extensions import TypedDict

from jescore.disclosure import Place, Sex
from jescore.formats import Format
from jescore.models import STATUS_MEANING, FileRef
from jescore.paymodel import (
    CIRCLES,
    DIRECTIONS,
    TAPER_SHAPE,
    Cell,
    Direction,
    Protection,
    Result,
    Year,
)
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Table, cell
from jescore.render.kit.envelope import Envelope, FileJSON, Sources, dumps, file_json
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import table as md_table
from jescore.safety import csv_text
from jescore.scale import PayScale

COMMAND = "paymodel"

WITHHELD = "withheld"

PRIVACY = (
    "aggregates only; a pay figure of a group under {k} people, or one that would let such a "
    "group's pay be worked out from other figures (in any year), is withheld; so are a "
    "group's counts of people protected, red- or green-circled where they are 1 to {k1}, its "
    "protected cash likewise, its bill after where 1 to {k1} of it are protected in any "
    "year, and its bills of years 2 on where, in any year, 1 to {k1} of it move by more than "
    "the award (an increment, protection ending). Comparing runs with other options "
    "(--protect, --award, --from, --years, --assimilate, --backpay-from, the scale) on the "
    "same staff file can reveal one person's pay where a rule treats fewer than {k} people "
    "differently: publish one scenario per staff file"
)


@dataclass(frozen=True, slots=True)
class PayModelView:
    """The model's result and the files it was made from."""

    result: Result
    scale: PayScale
    scale_file: FileRef
    older: PayScale | None
    older_file: FileRef | None
    #: (questionnaire file, scheme, scheme file, grading file or None) of each job.
    jobs: tuple[tuple[FileRef, Any, FileRef, FileRef | None], ...]
    staff: FileRef


# --- shared words ------------------------------------------------------------------------------


def protect_text(r: Result) -> str:
    """The protection rule in words."""
    p = r.rules.protect
    if p.kind is Protection.NONE:
        return "none (the lower band's pay at once)"
    words = {
        Protection.MARK_TIME: "mark time (pay frozen while above the band's pay)",
        Protection.CASH: "cash protection (current pay carried forward by the awards)",
        Protection.TAPER: f"taper ({TAPER_SHAPE})",
    }[p.kind]
    return f"{words} for {p.years} year{'s' if p.years != 1 else ''}"


def rules_lines(view: PayModelView) -> list[str]:
    """The rules and the scale, one line each, for every text format."""
    r, s = view.result, view.scale
    rules = r.rules
    award = (
        f"{rules.award:g}% at the start of each year after the first"
        if rules.award is not None
        else "the scale's own awards, from their dates"
    )
    lines = [
        f"Pay scale: {s.id} version {s.version}, {s.status.value} "
        f"({STATUS_MEANING[s.status]}); effective {s.effective.isoformat()}",
        f"From {rules.start.isoformat()} for {rules.years} years (--from, --years); figures "
        "are annual rates at the start of each year times FTE, summed in pence and each "
        "rounded to the pound (so a cost may differ by £1 from after less before; JSON and "
        "csv keep the pence)",
        f"Assimilation on moving up (--assimilate): {rules.assimilate.value}",
        f"Moving down: the lower band's top point where pay is above it, else the first point at "
        f"or above pay; protection (--protect): {protect_text(r)}",
        "Increments: by anniversaries of entering the band (band_start; the new band from --from)",
        f"Awards (--award): {award}",
    ]
    if rules.backpay_from is not None:
        lines.append(f"Back pay from {rules.backpay_from.isoformat()} to {rules.start.isoformat()}"
                     ", for each person from the later of that and the date they entered their"
                     " band (band_start); days x annual / 365")  # fmt: skip
    if view.older is not None:
        o = view.older
        lines.append(f"Older scale for back pay: {o.id} version {o.version}, {o.status.value}")
    lines.append(f"Circles: {CIRCLES}")
    lines.append(f"Privacy: {PRIVACY.format(k=r.k, k1=r.k - 1)}")
    return lines


def _money(x: float | None) -> str:
    if x is None:
        return WITHHELD
    return f"-£{-x:,.0f}" if x < -0.5 else f"£{abs(x):,.0f}"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole <= 0:
        return None
    return round(100 * part / whole, 1)


TOP: Place = ()


def _dir(d: Direction) -> Place:
    return (d.value,)


# --- json ------------------------------------------------------------------------------------


class ScaleJSON(TypedDict):
    """The pay scale used."""

    id: str
    name: str
    version: str
    status: str
    effective: str
    file: FileJSON


class RulesJSON(TypedDict):
    """Every rule of the run."""

    start: str
    years: int
    assimilate: str
    protect: str
    protect_years: int
    taper_shape: str | None
    award_pct: float | None
    backpay_from: str | None
    increments: str
    circles: str
    privacy: str
    min_group: int


class SexCountsJSON(TypedDict):
    """People by sex."""

    women: int
    men: int
    other: int


class RuleCountsJSON(TypedDict):
    """People a rule's threshold picks out, by sex (null: withheld, 1 to k-1 people)."""

    women: int | None
    men: int | None
    other: int | None


class MoveJSON(SexCountsJSON):
    """A direction of move: people by sex, and the change in their pay (null: withheld)."""

    cost: float | None
    cost_women: float | None
    cost_men: float | None


class ProtectedJSON(RuleCountsJSON):
    """People protected in a year and the protected cash, by sex; shares of the cash."""

    cash: float | None
    cash_women: float | None
    cash_men: float | None
    share_women_pct: float | None
    share_men_pct: float | None


class BillJSON(TypedDict):
    """One sex's pay bill before and after."""

    people: int
    bill_before: float | None
    bill_after: float | None


class BandRowJSON(TypedDict):
    """One (direction, new band) group."""

    direction: str
    band: str
    women: int
    men: int
    other: int
    cost: float | None
    cost_women: float | None
    cost_men: float | None
    protected: int | None
    protected_cash: float | None
    red_circle: int | None
    green_circle: int | None


#: One model year (``from`` and ``to``: its first and last days).
YearJSON = TypedDict(
    "YearJSON",
    {
        "year": int,
        "from": str,
        "to": str,
        "bill_before": float | None,
        "bill_after": float | None,
        "cost": float | None,
        "women": BillJSON,
        "men": BillJSON,
        "up": MoveJSON,
        "down": MoveJSON,
        "unchanged": SexCountsJSON,
        "protected": ProtectedJSON,
        "red_circle": RuleCountsJSON,
        "green_circle": RuleCountsJSON,
        "bands": list[BandRowJSON],
    },
)


class JobBackpayJSON(TypedDict):
    """Back pay owed to one job's people moving up (null: withheld)."""

    reference: str
    people: int
    amount: float | None


class BackpayJSON(TypedDict):
    """Back pay owed to people moving up."""

    start: str
    end: str
    total: float | None
    note: str | None
    jobs: list[JobBackpayJSON]


class PayModelJSON(Envelope):
    """``paymodel --format json``."""

    scale: ScaleJSON
    backpay_scale: ScaleJSON | None
    staff: FileJSON
    people: int
    rules: RulesJSON
    years: list[YearJSON]
    backpay: BackpayJSON | None
    withheld_cells: int


def _scale_json(s: PayScale, f: FileRef) -> ScaleJSON:
    return {
        "id": s.id,
        "name": s.name,
        "version": s.version,
        "status": s.status.value,
        "effective": s.effective.isoformat(),
        "file": file_json(f),
    }


def _counts(y: Year, place: Place, attr: str = "count") -> SexCountsJSON:
    return {
        "women": getattr(y.cell(place, Sex.WOMEN), attr),
        "men": getattr(y.cell(place, Sex.MEN), attr),
        "other": getattr(y.cell(place, Sex.OTHER), attr),
    }


def _rule_counts(y: Year, place: Place, attr: str) -> RuleCountsJSON:
    return {
        "women": getattr(y.cell(place, Sex.WOMEN), attr),
        "men": getattr(y.cell(place, Sex.MEN), attr),
        "other": getattr(y.cell(place, Sex.OTHER), attr),
    }


def _n(x: int | None) -> str:
    return WITHHELD if x is None else str(x)


def _move(y: Year, place: Place) -> MoveJSON:
    c = _counts(y, place)
    return {
        **c,
        "cost": _r(y.cell(place, Sex.ALL).cost),
        "cost_women": _r(y.cell(place, Sex.WOMEN).cost),
        "cost_men": _r(y.cell(place, Sex.MEN).cost),
    }


def _protected(y: Year) -> ProtectedJSON:
    place = _dir(Direction.DOWN)
    whole = y.cell(place, Sex.ALL).protected
    women = y.cell(place, Sex.WOMEN).protected
    men = y.cell(place, Sex.MEN).protected
    return {
        **_rule_counts(y, place, "protected_count"),
        "cash": _r(whole),
        "cash_women": _r(women),
        "cash_men": _r(men),
        "share_women_pct": _share(women, whole) if men is not None else None,
        "share_men_pct": _share(men, whole) if women is not None else None,
    }


def _bill(c: Cell) -> BillJSON:
    return {"people": c.count, "bill_before": _r(c.before), "bill_after": _r(c.after)}


def _bands(y: Year, r: Result) -> list[BandRowJSON]:
    rows: list[BandRowJSON] = []
    for d in DIRECTIONS:
        for b in r.bands:
            place: Place = (d.value, b)
            whole = y.cell(place, Sex.ALL)
            if whole.count == 0:
                continue
            c = _counts(y, place)
            rows.append(
                {
                    "direction": d.value,
                    "band": b,
                    **c,
                    "cost": _r(whole.cost),
                    "cost_women": _r(y.cell(place, Sex.WOMEN).cost),
                    "cost_men": _r(y.cell(place, Sex.MEN).cost),
                    "protected": whole.protected_count,
                    "protected_cash": _r(whole.protected),
                    "red_circle": whole.red,
                    "green_circle": whole.green,
                }
            )
    return rows


def _year(y: Year, r: Result) -> YearJSON:
    top = y.cell(TOP, Sex.ALL)
    return {
        "year": y.year,
        "from": y.start.isoformat(),
        "to": y.end.isoformat(),
        "bill_before": _r(top.before),
        "bill_after": _r(top.after),
        "cost": _r(top.cost),
        "women": _bill(y.cell(TOP, Sex.WOMEN)),
        "men": _bill(y.cell(TOP, Sex.MEN)),
        "up": _move(y, _dir(Direction.UP)),
        "down": _move(y, _dir(Direction.DOWN)),
        "unchanged": _counts(y, _dir(Direction.UNCHANGED)),
        "protected": _protected(y),
        "red_circle": _rule_counts(y, TOP, "red"),
        "green_circle": _rule_counts(y, TOP, "green"),
        "bands": _bands(y, r),
    }


def _register(view: PayModelView) -> Sources:
    sources = Sources()
    for qfile, scheme, sfile, gfile in view.jobs:
        sources.file(qfile, "questionnaire")
        sources.scheme(scheme, sfile)
        if gfile is not None and gfile.sha256 != sfile.sha256:
            sources.file(gfile, "grading")
    sources.file(view.scale_file, "scale")
    if view.older_file is not None:
        sources.file(view.older_file, "scale")
    sources.file(view.staff, "staff")
    return sources


def model(view: PayModelView) -> PayModelJSON:
    """The JSON output as data."""
    r = view.result
    rules = r.rules
    backpay: BackpayJSON | None = None
    if r.backpay is not None and rules.backpay_from is not None:
        backpay = {
            "start": rules.backpay_from.isoformat(),
            "end": rules.start.isoformat(),
            "total": _r(r.backpay_total),
            "note": r.backpay_note,
            "jobs": [
                {"reference": j.reference, "people": j.people, "amount": _r(j.amount)}
                for j in r.backpay
            ],
        }
    return {
        **_register(view).envelope(COMMAND),
        "scale": _scale_json(view.scale, view.scale_file),
        "backpay_scale": (
            _scale_json(view.older, view.older_file)
            if view.older is not None and view.older_file is not None
            else None
        ),
        "staff": file_json(view.staff),
        "people": r.people,
        "rules": {
            "start": rules.start.isoformat(),
            "years": rules.years,
            "assimilate": rules.assimilate.value,
            "protect": rules.protect.kind.value,
            "protect_years": rules.protect.years,
            "taper_shape": TAPER_SHAPE if rules.protect.kind is Protection.TAPER else None,
            "award_pct": rules.award,
            "backpay_from": rules.backpay_from.isoformat() if rules.backpay_from else None,
            "increments": "anniversaries of entering the band; the new band from the start",
            "circles": CIRCLES,
            "privacy": PRIVACY.format(k=r.k, k1=r.k - 1),
            "min_group": r.k,
        },
        "years": [_year(y, r) for y in r.years],
        "backpay": backpay,
        "withheld_cells": r.withheld,
    }


def as_json(view: PayModelView, target: Target) -> str:
    """``paymodel --format json``."""
    return dumps(model(view))


# --- csv -------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "scale", "scale_version", "scale_status", "rules", "year", "start", "end", "direction",
    "band", "sex", "people", "bill_before", "bill_after", "cost", "protected", "protected_cash",
    "red_circle", "green_circle",
]  # fmt: skip


def as_csv(view: PayModelView, target: Target) -> str:
    """One row a year, group (all; each direction; each direction and band) and sex."""
    r, s = view.result, view.scale
    rules = r.rules
    said = (
        f"from {rules.start.isoformat()}; years {rules.years}; assimilate "
        f"{rules.assimilate.value}; protect {rules.protect}; award "
        f"{'scale' if rules.award is None else f'{rules.award:g}%'}"
    )
    if rules.backpay_from is not None:
        said += (
            f"; back pay {rules.backpay_from.isoformat()} to {rules.start.isoformat()}, each "
            "person from the later of that and band_start"
        )
        if view.older is not None:
            said += f" (older scale {view.older.id} version {view.older.version})"
    said += (
        f"; min group {r.k}; comparing runs with other options on the same staff file can "
        f"reveal one person's pay where a rule treats fewer than {r.k} people differently: "
        "publish one scenario per staff file"
    )
    rows: list[list[Any]] = [CSV_COLUMNS]
    places: list[Place] = [TOP]
    for d in DIRECTIONS:
        places.append(_dir(d))
        places.extend((d.value, b) for b in r.bands)
    for y in r.years:
        for place in places:
            if y.cell(place, Sex.ALL).count == 0 and place != TOP:
                continue
            for sex in (Sex.ALL, Sex.WOMEN, Sex.MEN, Sex.OTHER):
                c = y.cell(place, sex)
                rows.append(
                    [
                        s.id,
                        s.version,
                        s.status.value,
                        said,
                        y.year,
                        y.start.isoformat(),
                        y.end.isoformat(),
                        place[0] if place else "all",
                        place[1] if len(place) > 1 else "",
                        sex.value,
                        c.count,
                        _r(c.before),
                        _r(c.after),
                        _r(c.cost),
                        c.protected_count,
                        _r(c.protected),
                        c.red,
                        c.green,
                    ]
                )
    if r.backpay is not None:
        for j in r.backpay:
            row: list[Any] = [s.id, s.version, s.status.value, said, "backpay", "", "", "up", "",
                              "all", j.people, "", "", _r(j.amount), "", "", "", ""]  # fmt: skip
            row[8] = j.reference
            rows.append(row)
    return csv_text([["" if v is None else v for v in row] for row in rows])


# --- table and markdown --------------------------------------------------------------------


def _year_rows(r: Result) -> list[list[str]]:
    rows = []
    for y in r.years:
        top = y.cell(TOP, Sex.ALL)
        up = y.cell(_dir(Direction.UP), Sex.ALL)
        rows.append(
            [
                f"{y.year} from {y.start.isoformat()}",
                _money(top.before),
                _money(top.after),
                _money(top.cost),
                _money(up.cost),
                _money(y.cell(_dir(Direction.DOWN), Sex.ALL).cost),
            ]
        )
    return rows


YEAR_HEADERS = ["Year", "Bill before", "Bill after", "Cost", "Up: cost", "Down: cost"]


def _people_rows(r: Result) -> list[list[str]]:
    rows = []
    for y in r.years:
        p = _protected(y)

        def wm(d: Direction, y: Year = y) -> str:
            return f"{y.cell(_dir(d), Sex.WOMEN).count}/{y.cell(_dir(d), Sex.MEN).count}"

        rows.append(
            [
                str(y.year),
                wm(Direction.UP),
                wm(Direction.DOWN),
                wm(Direction.UNCHANGED),
                f"{_n(p['women'])}/{_n(p['men'])}",
                _money(p["cash"]),
                _money(p["cash_women"]),
                _money(p["cash_men"]),
            ]
        )
    return rows


PEOPLE_HEADERS = [
    "Year", "Up W/M", "Down W/M", "Same W/M", "Protected W/M", "Cash", "Cash W", "Cash M",
]  # fmt: skip


def _band_rows(r: Result) -> list[list[str]]:
    rows = []
    for y in r.years:
        for b in _bands(y, r):
            rows.append(
                [
                    str(y.year),
                    "same" if b["direction"] == "unchanged" else b["direction"],
                    b["band"],
                    f"{b['women']}/{b['men']}/{b['other']}",
                    _money(b["cost"]),
                    _money(b["cost_women"]),
                    _money(b["cost_men"]),
                    f"{_n(b['protected'])} {_money(b['protected_cash'])}",
                    f"{_n(b['red_circle'])}/{_n(b['green_circle'])}",
                ]
            )
    return rows


BAND_HEADERS = [
    "Year", "Move", "Band", "W/M/O", "Cost", "Cost W", "Cost M", "Protected", "Red/green",
]  # fmt: skip


def bainbridge_line(r: Result) -> str:
    """The share of each year's protected cash going to women and to men.

    The Bainbridge test: does protection favour one sex?
    """
    parts = []
    for y in r.years:
        p = _protected(y)
        if p["cash"] == 0:
            parts.append(f"year {y.year}: no protected cash")
        elif p["share_women_pct"] is None or p["share_men_pct"] is None:
            parts.append(f"year {y.year}: withheld")
        else:
            parts.append(
                f"year {y.year}: women {p['share_women_pct']:.1f}%, men {p['share_men_pct']:.1f}%"
            )
    return "Bainbridge test, share of the protected cash by sex: " + "; ".join(parts)


def _backpay_lines(r: Result) -> list[str]:
    if r.backpay is None:
        return []
    lines = [f"Back pay owed to people moving up: {_money(r.backpay_total)}"]
    lines += [f"  {j.reference}: {j.people} people, {_money(j.amount)}" for j in r.backpay]
    if r.backpay_note:
        lines.append(f"Note: {r.backpay_note}")
    return lines


def as_table(view: PayModelView, target: Target) -> str:
    """Rules, then a row a year, then each direction and band, then back pay."""
    r = view.result
    doc = Doc(target.width, target.color)
    doc.para("Pay model: what the regrading costs, year by year", "bold")
    for line in rules_lines(view):
        doc.para(line)
    doc.table(
        Table(
            [Column(h) for h in YEAR_HEADERS],
            [tuple(cell(v) for v in row) for row in _year_rows(r)],
        )
    )
    doc.para("People by move (women/men), protected and protected cash", "bold")
    doc.table(
        Table(
            [Column(h) for h in PEOPLE_HEADERS],
            [tuple(cell(v) for v in row) for row in _people_rows(r)],
        )
    )
    doc.para(bainbridge_line(r))
    doc.para("By move and new band (W/M/O: women/men/other; red/green: circles, as above)", "bold")
    doc.table(
        Table(
            [Column(h) for h in BAND_HEADERS],
            [tuple(cell(v) for v in row) for row in _band_rows(r)],
        )
    )
    for line in _backpay_lines(r):
        doc.para(line)
    return doc.text()


def _safe(rows: list[list[str]]) -> list[list[str]]:
    return [[md(v) for v in row] for row in rows]


def as_markdown(view: PayModelView, target: Target) -> str:
    """The same, as Markdown tables."""
    r = view.result
    out = ["# Pay model: what the regrading costs, year by year", ""]
    out += [f"- {md(line)}" for line in rules_lines(view)]
    out += ["", "## By year", ""]
    out += md_table(YEAR_HEADERS, "l" + "r" * (len(YEAR_HEADERS) - 1), _safe(_year_rows(r)))
    out += ["", "## People moving, protected and protected cash", ""]
    out += md_table(PEOPLE_HEADERS, "l" + "r" * (len(PEOPLE_HEADERS) - 1), _safe(_people_rows(r)))
    out += ["", md(bainbridge_line(r))]
    out += ["", "## By move and new band", ""]
    out += md_table(BAND_HEADERS, "lll" + "r" * (len(BAND_HEADERS) - 3), _safe(_band_rows(r)))
    if r.backpay is not None:
        out += ["", "## Back pay", ""]
        out += [md(line.strip()) + "  " for line in _backpay_lines(r)]
    return "\n".join(out) + "\n"


def as_html(view: PayModelView, target: Target) -> str:
    """A self-contained, printable paper with two charts drawn as inline SVG."""
    from jescore.render.kit.html import Page, page

    r, s = view.result, view.scale
    tops = [y.cell(TOP, Sex.ALL) for y in r.years]
    most = max([x for c in tops for x in (c.before, c.after) if x is not None] + [1.0])
    bill_bars = [
        {
            "year": y.year,
            "y": 8 + i * 40,
            "before": None if c.before is None else 480 * c.before / most,
            "after": None if c.after is None else 480 * c.after / most,
            "before_text": _money(c.before),
            "after_text": _money(c.after),
        }
        for i, (y, c) in enumerate(zip(r.years, tops, strict=True))
    ]
    cash = [_protected(y) for y in r.years]
    top_cash = max([x for p in cash for x in (p["cash_women"], p["cash_men"]) if x] + [1.0])
    cash_bars = [
        {
            "year": y.year,
            "y": 8 + i * 40,
            "women": None if not p["cash_women"] else 480 * p["cash_women"] / top_cash,
            "men": None if not p["cash_men"] else 480 * p["cash_men"] / top_cash,
            "women_text": _money(p["cash_women"]),
            "men_text": _money(p["cash_men"]),
        }
        for i, (y, p) in enumerate(zip(r.years, cash, strict=True))
    ]
    frame = Page(
        title="Pay model: what the regrading costs, year by year",
        lead=(f"Pay scale {s.name} ({s.id}, version {s.version}, {s.status.value}).",),
        provenance=(
            f"Staff file: {view.staff.path} (sha256 {view.staff.sha256}), {r.people:,} people",
            f"Pay scale file: {view.scale_file.path} (sha256 {view.scale_file.sha256})",
        ),
        paper=target.paper,
    )
    return page(
        "paymodel.html.j2",
        page=frame,
        rules=rules_lines(view),
        year_headers=YEAR_HEADERS,
        year_rows=_year_rows(r),
        people_headers=PEOPLE_HEADERS,
        people_rows=_people_rows(r),
        bainbridge=bainbridge_line(r),
        band_headers=BAND_HEADERS,
        band_rows=_band_rows(r),
        bill_bars=bill_bars,
        bill_height=16 + 40 * len(bill_bars),
        cash_bars=cash_bars,
        cash_height=16 + 40 * len(cash_bars),
        backpay=_backpay_lines(r),
    )


# --- docx ------------------------------------------------------------------------------------

#: Why a figure reads "withheld" in the Word paper (said under each table that has one).
WITHHELD_WHY = (
    "withheld: the figure of a group of 1 to {k1} people, or one that would let such a "
    "group's pay be worked out from other figures, in a year or from one year to the next "
    "(see Privacy under Method)"
)


def _withheld_note(doc: Any, rows: list[list[str]], r: Result) -> None:
    if any(WITHHELD in cell_ for row in rows for cell_ in row):
        doc.para(WITHHELD_WHY.format(k1=r.k - 1).capitalize() + ".", italic=True, size=8)


def _docx_rules(view: PayModelView) -> list[tuple[str, str]]:
    """The rules in force as (label, text) pairs."""
    r, s = view.result, view.scale
    rules = r.rules
    pairs = [
        (
            "Pay scale",
            f"{s.name} ({s.id}), version {s.version}, {s.status.value} "
            f"({STATUS_MEANING[s.status]}); effective {s.effective.isoformat()}",
        ),
        (
            "From",
            f"{rules.start.isoformat()}, for {rules.years} year{'s' if rules.years != 1 else ''}",
        ),
        ("Assimilation on moving up", rules.assimilate.value),
        (
            "Moving down",
            "the lower band's top point where pay is above it, else the first point at or "
            "above pay",
        ),
        ("Protection", protect_text(r)),
        (
            "Awards",
            f"{rules.award:g}% at the start of each year after the first"
            if rules.award is not None
            else "the scale's own awards, from their dates",
        ),
        ("Increments", "on anniversaries of entering the band (the new band from the start)"),
        (
            "Back pay",
            f"from {rules.backpay_from.isoformat()} to {rules.start.isoformat()}, for each "
            "person from the later of that and the date they entered their band; days x "
            "annual / 365"
            if rules.backpay_from is not None
            else "none asked (--backpay-from)",
        ),
    ]
    if view.older is not None:
        o = view.older
        pairs.append(("Older scale for back pay", f"{o.id} version {o.version}, {o.status.value}"))
    return pairs


def _wm(y: Year, place: Place) -> str:
    return f"{y.cell(place, Sex.WOMEN).count:,} / {y.cell(place, Sex.MEN).count:,}"


def as_docx(view: PayModelView, target: Target) -> bytes:
    """The paper for a joint negotiating committee: what is proposed and what it costs.

    Then who is protected and whether protection favours one sex, back pay, and how it was
    all worked out.

    Every figure comes from the result, as the disclosure rule published it; one withheld
    reads "withheld", and the reason is said under its table.
    """
    from jescore import __version__
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout, footer_line

    r, s = view.result, view.scale
    rules = r.rules
    schemes, job_files = phrases.job_footer_parts(view.jobs)
    files = [("staff", view.staff.sha256), ("scale", view.scale_file.sha256), *job_files]
    layout = Layout(
        paper="letter" if target.paper == "letter" else "a4",
        footer=[footer_line(schemes, files, __version__)],
    )
    doc = Document("Pay model: what the regrading costs", layout)
    doc.banner(s.status.value, f"Pay scale {s.id}: {phrases.status_line(s.status)}")
    for sc in {sc.id: sc for _, sc, _, _ in view.jobs}.values():
        doc.banner(sc.status.value, f"Scheme {sc.id}: {phrases.status_line(sc.status)}")

    # For the committee: what is proposed and what it comes to.
    first = r.years[0]
    top = first.cell(TOP, Sex.ALL)
    costs = [y.cell(TOP, Sex.ALL).cost for y in r.years]
    total = None if any(c is None for c in costs) else sum(c or 0.0 for c in costs)
    doc.heading("For the committee", 2)
    doc.para(
        f"Proposed: the {len(view.jobs)} job{'s' if len(view.jobs) != 1 else ''} evaluated, "
        f"placed in the bands of pay scale {s.id} version {s.version} from "
        f"{rules.start.isoformat()}. Modelled: {r.people:,} people of the staff file over "
        f"{rules.years} year{'s' if rules.years != 1 else ''}; protection: {protect_text(r)}."
    )
    summary = [
        ("Pay bill in year 1", f"{_money(top.before)} before, {_money(top.after)} after"),
        ("Cost in year 1", _money(top.cost)),
        (f"Cost over {rules.years} years", _money(total)),
        (
            "People in year 1",
            f"{first.cell(_dir(Direction.UP), Sex.ALL).count:,} up, "
            f"{first.cell(_dir(Direction.DOWN), Sex.ALL).count:,} down, "
            f"{first.cell(_dir(Direction.UNCHANGED), Sex.ALL).count:,} unchanged",
        ),
    ]
    if r.backpay is not None:
        summary.append(("Back pay owed", _money(r.backpay_total)))
    doc.labelled(summary)

    doc.heading("Rules in force", 2)
    doc.labelled(_docx_rules(view))

    doc.heading("Cost by year", 2)
    doc.para("Annual rates at the start of each year, times FTE.")
    rows = [
        [
            str(y.year),
            y.start.isoformat(),
            _money(y.cell(TOP, Sex.ALL).before),
            _money(y.cell(TOP, Sex.ALL).after),
            _money(y.cell(TOP, Sex.ALL).cost),
            _money(y.cell(_dir(Direction.UP), Sex.ALL).cost),
            _money(y.cell(_dir(Direction.DOWN), Sex.ALL).cost),
        ]
        for y in r.years
    ]
    doc.table(
        [
            DocColumn("Year"),
            DocColumn("From"),
            DocColumn("Bill before", "right"),
            DocColumn("Bill after", "right"),
            DocColumn("Cost", "right"),
            DocColumn("Cost of moves up", "right"),
            DocColumn("Cost of moves down", "right"),
        ],
        rows,
    )
    _withheld_note(doc, rows, r)

    doc.heading("People by year", 2)
    rows = []
    for y in r.years:
        down = y.cell(_dir(Direction.DOWN), Sex.ALL)
        whole = y.cell(TOP, Sex.ALL)
        rows.append(
            [
                str(y.year),
                f"{y.cell(_dir(Direction.UP), Sex.ALL).count:,}",
                f"{down.count:,}",
                f"{y.cell(_dir(Direction.UNCHANGED), Sex.ALL).count:,}",
                _n(down.protected_count),
                _money(down.protected),
                _n(whole.red),
                _n(whole.green),
            ]
        )
    doc.table(
        [
            DocColumn("Year"),
            DocColumn("Up", "right"),
            DocColumn("Down", "right"),
            DocColumn("Unchanged", "right"),
            DocColumn("Protected", "right"),
            DocColumn("Protected cash", "right"),
            DocColumn("Red circle", "right"),
            DocColumn("Green circle", "right"),
        ],
        rows,
    )
    _withheld_note(doc, rows, r)
    doc.para("Circles: " + CIRCLES + ".", size=8)

    doc.heading("By sex", 2)
    sexes = [(Sex.WOMEN, "Women"), (Sex.MEN, "Men")]
    if any(y.cell(TOP, Sex.OTHER).count for y in r.years):
        sexes.append((Sex.OTHER, "Other"))
    rows = []
    for y in r.years:
        for sex, label in sexes:
            c = y.cell(TOP, sex)
            rows.append(
                [
                    str(y.year),
                    label,
                    f"{c.count:,}",
                    _money(c.before),
                    _money(c.after),
                    _money(c.cost),
                ]
            )
    doc.table(
        [
            DocColumn("Year"),
            DocColumn("Sex"),
            DocColumn("People", "right"),
            DocColumn("Bill before", "right"),
            DocColumn("Bill after", "right"),
            DocColumn("Cost", "right"),
        ],
        rows,
    )
    _withheld_note(doc, rows, r)
    doc.para("Moves, protection and circles:")
    rows = []
    for y in r.years:
        for sex, label in sexes:
            c = y.cell(TOP, sex)
            down = y.cell(_dir(Direction.DOWN), sex)
            rows.append(
                [
                    str(y.year),
                    label,
                    f"{y.cell(_dir(Direction.UP), sex).count:,}",
                    f"{down.count:,}",
                    f"{y.cell(_dir(Direction.UNCHANGED), sex).count:,}",
                    _n(down.protected_count),
                    _money(down.protected),
                    _n(c.red),
                    _n(c.green),
                ]
            )
    doc.table(
        [
            DocColumn("Year"),
            DocColumn("Sex"),
            DocColumn("Up", "right"),
            DocColumn("Down", "right"),
            DocColumn("Unchanged", "right"),
            DocColumn("Protected", "right"),
            DocColumn("Protected cash", "right"),
            DocColumn("Red circle", "right"),
            DocColumn("Green circle", "right"),
        ],
        rows,
    )
    _withheld_note(doc, rows, r)

    doc.heading("Protection by sex (the Bainbridge test)", 2)
    doc.para(
        "Pay protection that goes mostly to one sex needs an objective justification: the "
        "share of each year's protected cash going to women and to men."
    )
    rows = []
    for y in r.years:
        p = _protected(y)
        nothing = p["cash"] == 0
        rows.append(
            [
                str(y.year),
                _money(p["cash"]),
                _money(p["cash_women"]),
                _money(p["cash_men"]),
                "none" if nothing else _pct_or_withheld(p["share_women_pct"]),
                "none" if nothing else _pct_or_withheld(p["share_men_pct"]),
            ]
        )
    doc.table(
        [
            DocColumn("Year"),
            DocColumn("Protected cash", "right"),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
            DocColumn("Women's share", "right"),
            DocColumn("Men's share", "right"),
        ],
        rows,
    )
    _withheld_note(doc, rows, r)

    doc.heading("By move and new band", 2)
    rows = []
    for y in r.years:
        for b in _bands(y, r):
            rows.append(
                [
                    str(y.year),
                    b["direction"],
                    b["band"],
                    f"{b['women']:,}",
                    f"{b['men']:,}",
                    f"{b['other']:,}",
                    _money(b["cost"]),
                    _n(b["protected"]),
                    _money(b["protected_cash"]),
                    f"{_n(b['red_circle'])} / {_n(b['green_circle'])}",
                ]
            )
    doc.table(
        [
            DocColumn("Year"),
            DocColumn("Move"),
            DocColumn("New band"),
            DocColumn("Women", "right"),
            DocColumn("Men", "right"),
            DocColumn("Other", "right"),
            DocColumn("Cost", "right"),
            DocColumn("Protected", "right"),
            DocColumn("Protected cash", "right"),
            DocColumn("Red / green", "right"),
        ],
        rows,
    )
    _withheld_note(doc, rows, r)

    if r.backpay is not None and rules.backpay_from is not None:
        doc.heading("Back pay", 2)
        doc.para(
            f"Owed to people moving up, from {rules.backpay_from.isoformat()} to "
            f"{rules.start.isoformat()}: {_money(r.backpay_total)}."
        )
        rows = [[j.reference, f"{j.people:,}", _money(j.amount)] for j in r.backpay]
        doc.table(
            [
                DocColumn("Job", weight=2),
                DocColumn("People", "right"),
                DocColumn("Amount", "right"),
            ],
            rows,
        )
        _withheld_note(doc, rows, r)
        if r.backpay_note:
            doc.para(r.backpay_note + ".")

    doc.heading("Method", 2)
    doc.labelled(
        [
            (
                "Figures",
                "annual rates at the start of each year, times FTE; cost is after minus before",
            ),
            ("Circles", CIRCLES),
            ("Privacy", PRIVACY.format(k=r.k, k1=r.k - 1)),
            ("Withheld", f"{r.withheld:,} figures in all" if r.withheld else "none"),
        ]
    )
    doc.provenance([*_docx_provenance(view), f"jescore {__version__}"])
    return doc.bytes()


def _pct_or_withheld(x: float | None) -> str:
    return WITHHELD if x is None else f"{x:.1f}%"


def _docx_provenance(view: PayModelView) -> list[str]:
    lines = [
        f"Staff file: {view.staff.path} (sha256 {view.staff.sha256}), {view.result.people:,} "
        "people",
        f"Pay scale {view.scale.id}: {view.scale_file.path} (sha256 {view.scale_file.sha256})",
    ]
    if view.older is not None and view.older_file is not None:
        lines.append(
            f"Older pay scale {view.older.id}: {view.older_file.path} "
            f"(sha256 {view.older_file.sha256})"
        )
    return list(dict.fromkeys(lines + phrases.job_file_lines(view.jobs)))


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = PayModelJSON

FORMATS: Formats[PayModelView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.CSV: as_csv,
    Format.MARKDOWN: as_markdown,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
