"""The ``whatif`` command: what would change the band."""

from __future__ import annotations

from collections.abc import Callable
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
    FormatOption,
    OtherSchemeBandsOption,
    OutputOption,
    _emit,
    _errors_to_exit,
    _library,
    _render,
    _scored,
    app,
)


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
            "--max-step", metavar="LEVELS", min=1, help="At most this many levels per factor."
        ),
    ] = None,
    direction: Annotated[
        Direction | None,
        typer.Option("--direction", help="Only increases, only decreases, or both."),
    ] = None,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output_format: FormatOption = Format.TABLE,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """What would change the band: per-factor swings, or the smallest changes to reach a band.

    Without --target: a tornado of each factor's swing one level down and up. With --target:
    the smallest sets of level changes that bring the total into that band (exact; fewest
    steps first, then fewest factors). Levels move the way the target lies unless --direction
    says otherwise.
    """
    from jescore.render import json as json_render
    from jescore.render import markdown
    from jescore.search import Constraints, SearchResult, find_changes

    def table_view(result: SearchResult | None) -> Callable[[int, bool], str]:
        def draw(width: int, color: bool) -> str:
            from jescore.render import table  # rich is imported only when a table is drawn

            if result is None:
                return table.tornado(report, width, color)
            return table.search(report, result, width, color)

        return draw

    with _errors_to_exit():
        library = _library([file], allow_dir)
        report = _scored(file, library, Bands(bands, other_scheme_bands), set())
        e = report.evaluation
        if target is None:
            content = _render(
                output_format,
                output,
                lambda: json_render.tornado(report),
                lambda: markdown.tornado(report),
                table_view(None),
            )
        else:
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
            content = _render(
                output_format,
                output,
                lambda: json_render.search(report, result),
                lambda: markdown.search(report, result),
                table_view(result),
            )
        _emit(content, output, force, library.files)


def _grading_of(e: engine.Evaluation) -> GradingStructure:
    if e.grading is None:
        raise UsageError(f"scheme '{e.scheme.id}' has no bands: name some with --bands")
    return e.grading


def _target_band(e: engine.Evaluation, target: str) -> Band:
    from jescore.render import text

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
