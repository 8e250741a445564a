"""The ``whatif`` command: what would change the band."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.enums import Direction
from jescore.errors import UsageError
from jescore.formats import Format
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore import engine
    from jescore.models import Band, GradingStructure, Scheme

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    _errors_to_exit,
    _library,
    _scored,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer

offer("whatif", "whatif", Format.TABLE, Format.JSON, Format.MARKDOWN, default=Format.TABLE)


@app.command()
def whatif(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A questionnaire file (YAML).")],
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            "-t",
            metavar="BAND",
            help="Band to reach, e.g. 4 or 8a. Without it: a tornado view.",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", metavar="N", min=1, max=1000, help="How many solutions to show."
        ),
    ] = 5,
    fix: Annotated[
        str | None,
        typer.Option(
            "--fix", metavar="FACTORS", help="Factors that must not change, comma-separated (ids)."
        ),
    ] = None,
    max_step: Annotated[
        int | None,
        typer.Option(
            "--max-step",
            metavar="LEVELS",
            min=1,
            help="At most this many levels away from the job's level, on any one factor.",
        ),
    ] = None,
    direction: Annotated[
        Direction | None,
        typer.Option("--direction", help="Only increases, only decreases, or both."),
    ] = None,
    set_levels: Annotated[
        str | None,
        typer.Option(
            "--set",
            metavar="FACTOR=LEVEL,...",
            help="Score the job with these levels instead (factor ids, aliases or names, any "
            "case), e.g. "
            "knowledge=5,risk=3; shown beside the levels in the file.",
        ),
    ] = None,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output_format: Annotated[
        str | None,
        format_option("whatif"),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """What would change the band: per-factor swings, or the smallest changes to reach a band.

    Without --target: a tornado of each factor's swing one level down and up. With --target:
    the smallest sets of level changes that bring the total into that band (exact; fewest
    steps first, then fewest factors). Levels move the way the target lies unless --direction
    says otherwise. With --set: the total and band with those levels beside the file's, and
    the tornado or the search from there.
    """
    from jescore.search import Constraints, find_changes

    with _errors_to_exit():
        out = choose("whatif", output_format, output, force)
        from jescore.render import whatif as render

        library = _library([file], allow_dir)
        report = _scored(file, library, Bands(bands, other_scheme_bands), set())
        before = None
        if set_levels is not None:
            before, report = report, _with_levels(report, _levels(report, set_levels))
        e = report.evaluation
        result = None
        if target is not None:
            result = find_changes(
                e.scheme,
                _grading_of(e),
                {f.factor.id: f.level for f in e.factors},
                _target_band(e, target),
                Constraints(
                    fixed=_factor_ids(e.scheme, fix), max_step=max_step, direction=direction
                ),
                top,
            )
            if result.stopped:
                raise UsageError(f"{result.reason}: narrow it with --fix or --max-step")
        emit(render.WhatifView(report, result, before), render.FORMATS, out, library.files)


def _levels(report: engine.Report, given: str) -> dict[str, int | str]:
    """``factor=level,...`` as levels by factor id; a usage error names every pair that is wrong.

    A factor is named by its id, an alias or its name, in any case (as a sheet's columns are).
    """
    import difflib

    from jescore.models import parse_level
    from jescore.sheets import _factor_lookup, _norm

    scheme = report.evaluation.scheme
    lookup = _factor_lookup(scheme)
    factors = {f.id: f for f in scheme.factors}
    levels: dict[str, int | str] = {}
    errors: list[str] = []
    unknown = False
    for item in (i.strip() for i in given.split(",")):
        if not item:
            continue
        name, sep, level = (part.strip() for part in item.partition("="))
        if not sep or not name or not level:
            errors.append(f"'{excerpt(item)}' is not FACTOR=LEVEL (e.g. knowledge=5)")
            continue
        if _norm(name) not in lookup:
            hint = difflib.get_close_matches(_norm(name), list(lookup), n=1)
            near = f" (did you mean '{lookup[hint[0]]}'?)" if hint else ""
            errors.append(f"'{excerpt(name)}' is not a factor of scheme '{scheme.id}'{near}")
            unknown = True
            continue
        factor = factors[lookup[_norm(name)]]
        if factor.id in levels:
            errors.append(f"factor '{factor.id}' is set twice")
            continue
        try:
            number, letters = parse_level(level)
        except ValueError as exc:
            errors.append(f"{factor.id}: {exc}")
            continue
        if number > factor.top:
            errors.append(
                f"{factor.id}: {number} is above the top level ({factor.top}) of {factor.name}"
            )
            continue
        levels[factor.id] = f"{number}{letters}" if letters else number
    if unknown:
        errors.append("its factors are: " + ", ".join(f.id for f in scheme.factors))
    if errors:
        raise UsageError("--set: " + "; ".join(errors))
    if not levels:
        raise UsageError("--set: no FACTOR=LEVEL given (e.g. knowledge=5)")
    return levels


def _with_levels(report: engine.Report, levels: dict[str, int | str]) -> engine.Report:
    """The report of the same job scored with ``levels`` instead of its own."""
    from dataclasses import replace

    from jescore import engine
    from jescore.models import questionnaire_findings

    e = report.evaluation
    q = report.questionnaire
    index = e.scheme.factor_index()
    answers = {
        key: answer.model_copy(update={"level": levels[index[key].id]})
        if index[key].id in levels
        else answer
        for key, answer in q.factors.items()
    }
    changed = q.model_copy(update={"factors": answers})
    errors = [f.message for f in questionnaire_findings(changed, e.scheme) if not f.warning]
    if errors:
        raise UsageError(f"--set: {errors[0]}")
    return replace(
        report, questionnaire=changed, evaluation=engine.evaluate(changed, e.scheme, e.grading)
    )


def _grading_of(e: engine.Evaluation) -> GradingStructure:
    if e.grading is None:
        raise UsageError(f"scheme '{e.scheme.id}' has no bands: name some with --bands")
    return e.grading


def _target_band(e: engine.Evaluation, target: str) -> Band:
    from jescore.render.kit import phrases as text

    grading = _grading_of(e)
    label = text.target_label(target)
    for band in grading.bands:
        if band.label == label:
            return band
    labels = ", ".join(b.label for b in grading.bands)
    raise UsageError(f"no band '{excerpt(target)}' in '{grading.name}'; its bands are {labels}")


def _factor_ids(scheme: Scheme, names: str | None) -> frozenset[str]:
    """Factor ids from a comma-separated list of ids or aliases."""
    if not names:
        return frozenset()
    index = scheme.factor_index()
    ids = set()
    for name in (n.strip() for n in names.split(",") if n.strip()):
        if name not in index:
            from jescore.models import not_a_factor

            raise UsageError(f"--fix: {not_a_factor(scheme, name)}")
        ids.add(index[name].id)
    return frozenset(ids)
