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
    says otherwise.
    """
    from jescore.search import Constraints, find_changes

    with _errors_to_exit():
        out = choose("whatif", output_format, output, force)
        from jescore.render import whatif as render

        library = _library([file], allow_dir)
        report = _scored(file, library, Bands(bands, other_scheme_bands), set())
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
        emit(render.WhatifView(report, result), render.FORMATS, out, library.files)


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
