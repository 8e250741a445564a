"""Panels as table, json, markdown (a panel's minute) and html; the consensus record as YAML.

User text (titles, member names, evidence) was cleaned of control characters when read;
markdown escapes it, jinja2 escapes it in HTML, and the YAML record is written by PyYAML's
emitter from strings cleaned once more.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from jescore import __version__
from jescore.models import Band
from jescore.panel import (
    COMPOSITION_SOURCE,
    Agreement,
    Composition,
    FactorView,
    PanelView,
)
from jescore.render.json import SHAPE_VERSION, dumps
from jescore.render.markdown import cell, code
from jescore.render.table import console
from jescore.safety import clean

ALPHA_NOTE = (
    "Krippendorff's alpha, ordinal, on levels; units are job x factor; 1 is perfect agreement, "
    "0 no better than chance; undefined where every rating is the same (nothing to measure)"
)
MATTERS_NOTE = (
    "Matters: with every other factor at the panel's median (the lower middle level where an "
    "even panel splits), the band differs between the lowest and the highest level chosen"
)


def _band(band: Band | None) -> str:
    return band.label if band is not None else "-"


def _median(f: FactorView) -> str:
    if f.split:
        return f"{f.median.numerator // f.median.denominator}/{f.consensus + 1} split"
    return str(f.consensus)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _alpha(x: float | None) -> str:
    return "undefined" if x is None else f"{x:.3f}"


def _rule_text(rule: Composition) -> str:
    balance = "management and staff side balanced" if rule.balance else "no balance required"
    return f"at least {rule.min_members} members; {balance} (guidance: {COMPOSITION_SOURCE})"


# --- json ----------------------------------------------------------------------------------------


def _panel_dict(p: PanelView) -> dict[str, Any]:
    return {
        "job": {"title": p.title, "reference": p.reference},
        "scheme": {
            "id": p.scheme.id,
            "status": p.scheme.status.value,
            "file": {"path": p.scheme_file.path, "sha256": p.scheme_file.sha256},
        },
        "members": [
            {
                "name": m.name,
                "side": m.side,
                "file": {"path": m.file.path, "sha256": m.file.sha256},
                "total": m.total,
                "band": m.band.label if m.band else None,
            }
            for m in p.members
        ],
        "verdict": p.verdict,
        "band_range": list(p.band_span),
        "consensus": {"total": p.consensus_total, "band": _band(p.consensus_band)},
        "factors": [
            {
                "id": f.factor.id,
                "levels": list(f.levels),  # in the order of "members"
                "spread": f.spread,
                "median": float(f.median),
                "split": f.split,
                "consensus": f.consensus,
                "matters": f.matters,
                "band_at_low": _band(f.band_low),
                "band_at_high": _band(f.band_high),
            }
            for f in p.factors
        ],
        "composition": list(p.composition),
    }


def _agreement_dict(a: Agreement | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "jobs": a.jobs,
        "units": a.units,
        "alpha": a.alpha,
        "exact": a.exact,
        "within_one": a.within_one,
        "factors": [
            {"scheme": f.scheme, "id": f.factor.id, "name": f.factor.name, "alpha": f.alpha}
            for f in a.factors
        ],
        "evaluators": [{"name": e.name, "bias": e.bias, "units": e.units} for e in a.evaluators],
        "method": ALPHA_NOTE,
    }


def panels_json(views: list[PanelView], agreement: Agreement | None, rule: Composition) -> str:
    """Every panel, then the agreement across them (null for one job)."""
    return dumps(
        {
            "jescore_version": __version__,
            "shape": SHAPE_VERSION,
            "composition_rule": {
                "min_members": rule.min_members,
                "balance": rule.balance,
                "source": COMPOSITION_SOURCE,
            },
            "panels": [_panel_dict(p) for p in views],
            "agreement": _agreement_dict(agreement),
        },
        # Each member and each factor on a line of its own; for many jobs, each job's members
        # and factors on one line (the same JSON, written several times faster).
        flat_below=4 if len(views) <= 50 else 3,
    )


# --- table ---------------------------------------------------------------------------------------


def panels_table(
    views: list[PanelView],
    agreement: Agreement | None,
    rule: Composition,
    width: int = 80,
    color: bool = False,
) -> str:
    """Each panel factor by member, then the agreement across jobs."""
    with console(width, color) as (con, buffer):
        for i, p in enumerate(views):
            if i:
                con.print()
            con.print(Text(p.title, style="bold"))
            con.print(f"{p.reference or ''}{' · ' if p.reference else ''}scheme {p.scheme.id}")
            con.print(Text(p.verdict + ".", style="bold"))
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True)
            table.add_column("Factor", ratio=1, min_width=20, overflow="fold", footer="Total\nBand")
            for n, m in enumerate(p.members, 1):
                table.add_column(
                    f"#{n}", justify="right", no_wrap=True, footer=f"{m.total}\n{_band(m.band)}"
                )
            table.add_column("Spread", justify="right", no_wrap=True)
            table.add_column(
                "Median",
                justify="right",
                no_wrap=True,
                footer=f"{p.consensus_total}\n{_band(p.consensus_band)}",
            )
            table.add_column("Matters", no_wrap=True)
            listed_first = sum(1 for f in p.factors if f.first)
            for n, f in enumerate(p.factors):
                style = "bold" if f.first else ""
                table.add_row(
                    Text(f.factor.name, style=style),
                    *(str(level) for level in f.levels),
                    str(f.spread),
                    _median(f),
                    f"{_band(f.band_low)} → {_band(f.band_high)}" if f.matters else "",
                    end_section=n + 1 == listed_first and listed_first < len(p.factors),
                )
            con.print(_members_grid(p))
            con.print(table)
            con.print(
                Text(
                    "Listed first: factors where members are two levels or more apart, or where "
                    "the disagreement changes the band. Median: the panel's median level (the "
                    "footer: its total and band). "
                    + MATTERS_NOTE[0].upper()
                    + MATTERS_NOTE[1:]
                    + ".",
                    style="dim",
                )
            )
            for finding in p.composition:
                con.print(Text(f"Composition: {finding}.", style="yellow"))
        if any(p.composition for p in views):
            con.print(Text(f"Composition rule: {_rule_text(rule)}.", style="dim"))
        if agreement is not None:
            _agreement_table(con, agreement)
    return buffer.getvalue()


def _members_grid(p: PanelView) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for n, m in enumerate(p.members, 1):
        side = f" ({m.side})" if m.side else ""
        grid.add_row(f"#{n}", f"{m.name}{side}: {m.file.path}")
    return grid


def _agreement_table(con: Any, a: Agreement) -> None:
    con.print()
    con.print(Text(f"Agreement across {a.jobs} jobs ({a.units} job x factor units)", style="bold"))
    con.print(
        f"alpha {_alpha(a.alpha)} · exact agreement {_pct(a.exact)} · within one level "
        f"{_pct(a.within_one)}"
    )
    con.print(Text(ALPHA_NOTE + ".", style="dim"))
    factors = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    factors.add_column("Factor", ratio=1, overflow="fold")
    factors.add_column("Alpha", justify="right", no_wrap=True)
    for f in a.factors:
        factors.add_row(f.factor.name, _alpha(f.alpha))
    con.print(factors)
    lean = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    lean.add_column("Evaluator", ratio=1, overflow="fold")
    lean.add_column("Mean deviation from the panel median (levels)", justify="right")
    lean.add_column("Ratings", justify="right")
    for e in a.evaluators:
        lean.add_row(e.name, f"{e.bias:+.2f}", str(e.units))
    con.print(lean)


# --- markdown ------------------------------------------------------------------------------------


def panels_markdown(views: list[PanelView], agreement: Agreement | None, rule: Composition) -> str:
    """A panel's minute: the verdict, the factors that need discussion, every member's levels."""
    out = ["# Panel record (jescore)"]
    for p in views:
        out += ["", f"## {cell(p.title)}", ""]
        if p.reference:
            out.append(f"- Reference: {cell(p.reference)}")
        status = p.scheme.status.value
        out.append(f"- Scheme: `{p.scheme.id}` ({status}), {code(p.scheme_file.path)}")
        out.append(
            "- Members: "
            + "; ".join(
                f"{cell(m.name)}" + (f" ({m.side})" if m.side else "") + f", {code(m.file.path)}"
                for m in p.members
            )
        )
        out += ["", f"**{cell(p.verdict)}.**", ""]
        names = " | ".join(cell(m.name) for m in p.members)
        out.append(f"| Factor | {names} | Spread | Median | Matters |")
        out.append("|---|" + "---:|" * len(p.members) + "---:|---:|---|")
        for f in p.factors:
            name = f"**{cell(f.factor.name)}**" if f.first else cell(f.factor.name)
            levels = " | ".join(str(level) for level in f.levels)
            matters = f"{_band(f.band_low)} → {_band(f.band_high)}" if f.matters else ""
            out.append(f"| {name} | {levels} | {f.spread} | {_median(f)} | {cell(matters)} |")
        totals = " | ".join(f"{m.total} ({cell(_band(m.band))})" for m in p.members)
        out.append(
            f"| Total (band) | {totals} | | {p.consensus_total} | {cell(_band(p.consensus_band))} |"
        )
        out += ["", cell(MATTERS_NOTE) + "."]
        if p.splits:
            split = ", ".join(cell(f.factor.name) for f in p.splits)
            out.append(f"\nSplit evenly, for discussion: {split}.")
        for finding in p.composition:
            out.append(f"\nComposition: {cell(finding)}.")
    if any(p.composition for p in views):
        out += ["", f"Composition rule: {cell(_rule_text(rule))}."]
    if agreement is not None:
        a = agreement
        out += [
            "",
            f"## Agreement across {a.jobs} jobs",
            "",
            f"- Alpha: {_alpha(a.alpha)} ({cell(ALPHA_NOTE)})",
            f"- Exact agreement: {_pct(a.exact)}; within one level: {_pct(a.within_one)}",
            "",
            "| Factor | Alpha |",
            "|---|---:|",
        ]
        out += [f"| {cell(f.factor.name)} | {_alpha(f.alpha)} |" for f in a.factors]
        out += ["", "| Evaluator | Mean deviation (levels) | Ratings |", "|---|---:|---:|"]
        out += [f"| {cell(e.name)} | {e.bias:+.2f} | {e.units} |" for e in a.evaluators]
    return "\n".join(out) + "\n"


# --- html ----------------------------------------------------------------------------------------


def panels_html(views: list[PanelView], agreement: Agreement | None, rule: Composition) -> str:
    """A self-contained, printable page."""
    from jescore.render.kit.html import page

    panels = []
    for p in views:
        panels.append(
            {
                "view": p,
                "rows": [
                    {
                        "factor": f,
                        "median": _median(f),
                        "matters": f"{_band(f.band_low)} → {_band(f.band_high)}"
                        if f.matters
                        else "",
                    }
                    for f in p.factors
                ],
                "bands": [_band(m.band) for m in p.members],
            }
        )
    return page(
        "panel.html.j2",
        panels=panels,
        agreement=agreement,
        alpha=_alpha,
        pct=_pct,
        alpha_note=ALPHA_NOTE,
        matters_note=MATTERS_NOTE,
        rule=_rule_text(rule),
        composition=any(p.composition for p in views),
        version=__version__,
        consensus_band=lambda p: _band(p.consensus_band),
    )


# --- consensus record ----------------------------------------------------------------------------

#: The record's opening comments: fixed text only (nothing from the inputs is ever a comment).
RECORD_HEADER = (
    "# Consensus record of a panel (jescore {version}): the median level of each factor.\n"
    "# A factor marked 'discuss: true' split evenly between two levels (panel.levels): the level\n"
    "# given is the lower one until the panel settles it (set the level, remove 'discuss').\n"
    "# jescore warns on every use of this record until then, and --strict refuses it.\n"
)


def _safe(value: Any) -> Any:
    """Every string (keys too) with control characters and direction overrides escaped."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value


def consensus_yaml(record: dict[str, Any]) -> str:
    """The consensus record (:func:`jescore.panel.consensus_record`) as YAML.

    Written by PyYAML's emitter from the data, never by formatting strings, so any text
    (quotes, colons, 'yes', '012', newlines) reads back as itself; every string is cleaned
    first, so no control character or direction override from a name reaches the file.
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        """Mappings as blocks; a list of plain values on one line (``by: [A, B]``)."""

    def short_lists(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
        flat = all(isinstance(item, str | int) for item in data)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)

    Dumper.add_representer(list, short_lists)
    text = yaml.dump(
        _safe(record),
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return RECORD_HEADER.format(version=__version__) + text
