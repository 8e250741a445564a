"""The ``check`` command: consistency checks across jobs, and the boundary report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from jescore.errors import ExitCode, UsageError
from jescore.formats import Format
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore import consistency

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    StatusFilterOption,
    StrictOption,
    _errors_to_exit,
    _statuses,
    _summary_rows,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer

offer("check", "check", Format.TABLE, Format.JSON, Format.MARKDOWN, default=Format.TABLE)


@app.command()
def check(
    paths: PathsArgument,
    near: Annotated[
        int | None,
        typer.Option(
            "--near",
            metavar="POINTS",
            min=1,
            help="Flag jobs within POINTS points of crossing a band boundary, with a boundary "
            "report (jescore's own convention: no public scheme defines one).",
        ),
    ] = None,
    outlier_levels: Annotated[
        int,
        typer.Option(
            "--outlier-levels",
            metavar="LEVELS",
            min=1,
            help="Levels from the median of comparable jobs to flag.",
        ),
    ] = 2,
    outlier_peers: Annotated[
        str,
        typer.Option(
            "--outlier-peers",
            metavar="PEERS",
            help="Which jobs of its family a level is compared with: total (the 6 nearest in "
            "points on the other factors) or band (the others in its band).",
        ),
    ] = "total",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="CHECKS",
            help="Exit 1 on findings of these checks: comma-separated from manager, order, "
            "outlier, near-boundary; or any; or never (the default, unless the project "
            "configuration's gate.check says otherwise).",
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        format_option("check"),
    ] = None,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: StrictOption = False,
    status: StatusFilterOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Consistency checks across jobs: managers, band order, family outliers, boundaries.

    Finds jobs scoring above the job they report to (reports_to), heavier jobs in lower bands,
    factor levels far from those of comparable jobs of their family (like with like: jobs of a
    similar size, or of the same band), and (with --near) jobs close to a boundary, with the
    mix of jobs and headcounts either side.
    """
    from jescore import consistency

    with _errors_to_exit():
        out = choose("check", output_format, output, force)
        from jescore.render import check as render

        gate = _checks(fail_on) if fail_on is not None else _configured_checks()
        rows, failed, read = _summary_rows(
            paths, Bands(bands, other_scheme_bands), allow_dir, strict, _statuses(status)
        )
        findings = consistency.manager_findings(rows) + consistency.order_findings(rows)
        findings += consistency.outlier_findings(rows, outlier_levels, _peers(outlier_peers))
        boundaries = None
        if near is not None:
            boundaries = consistency.boundary_report(rows, near)
            findings += consistency.near_findings(boundaries, near)
        tripped = any(f.check in gate for f in findings)
        view = render.CheckView(
            tuple(rows),
            tuple(findings),
            None if boundaries is None else tuple(boundaries),
            tripped,
        )
        emit(view, render.FORMATS, out, read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if tripped:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _peers(name: str) -> consistency.Peers:
    from jescore import consistency

    try:
        return consistency.Peers(name.strip().lower())
    except ValueError:
        raise UsageError(
            f"--outlier-peers: '{excerpt(name, 40)}' is not one of: total, band"
        ) from None


def _configured_checks() -> set[consistency.Check]:
    from jescore.cli import project

    config = project.current()
    if config is None or "check" not in config.gates:
        return set()
    try:
        return _checks(config.gates["check"])
    except UsageError as exc:
        raise UsageError(
            f"{config.where('gate.check')}: gate.check: {exc.message.removeprefix('--fail-on: ')}"
        ) from None


def _checks(names: str) -> set[consistency.Check]:
    from jescore import consistency

    words = {w.strip() for w in names.split(",") if w.strip()}
    if words == {"never"}:
        return set()
    if words == {"any"}:
        return set(consistency.Check)
    known = {c.value: c for c in consistency.Check}
    unknown = sorted(words - set(known))
    if unknown:
        raise UsageError(
            f"--fail-on: unknown check {', '.join(unknown)}; use {', '.join(known)}, any or never"
        )
    return {known[w] for w in words}
