"""The ``panel`` command: several evaluators' scores per job, agreement, consensus record."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.choices import PanelFormat
from jescore.errors import ExitCode, InputError, Problem, UsageError

if TYPE_CHECKING:
    from jescore import engine, panel

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    _emit,
    _errors_to_exit,
    _library,
    _say,
    _scored_each,
    _terminal,
    app,
)


def _line(path: str, location: tuple[str, ...]) -> int | None:
    """The line of a key in a file already read once (only on the error path)."""
    from jescore.yamldoc import parse, read_text

    try:
        text, _ = read_text(Path(path), path)
        return parse(text, path).line_of(location)
    except (InputError, KeyError):
        return None


def _group(
    reports: list[engine.Report], composition: panel.Composition
) -> tuple[list[panel.PanelView], list[Problem]]:
    """Questionnaires grouped into panels (one per job); problems that stop a panel."""
    from jescore import panel

    groups: dict[str, list[engine.Report]] = {}
    for report in reports:
        groups.setdefault(panel.job_key(report), []).append(report)
    views: list[panel.PanelView] = []
    problems: list[Problem] = []
    for members in groups.values():
        # The panel's scheme is the one most members used; the others are the odd ones out.
        counts = Counter(r.scheme_file.sha256 for r in members)
        first = next(r for r in members if counts[r.scheme_file.sha256] == max(counts.values()))
        bad = False
        names: dict[str, str] = {}
        for r in members:
            if r.scheme_file.sha256 != first.scheme_file.sha256:
                problems.append(
                    Problem(
                        f"job '{r.questionnaire.job.title}' is scored under scheme "
                        f"'{r.evaluation.scheme.id}' ({r.scheme_file.path}) here and under "
                        f"'{first.evaluation.scheme.id}' ({first.scheme_file.path}) in "
                        f"{first.file.path}: one panel scores one job under one scheme",
                        file=r.file.path,
                        line=_line(r.file.path, ("scheme",)),
                        location="scheme",
                    )
                )
                bad = True
                continue
            if r.grading_file != first.grading_file:
                problems.append(
                    Problem(
                        f"scored with other bands than {first.file.path}: one panel scores one "
                        "job against one grading structure",
                        file=r.file.path,
                        line=_line(r.file.path, ("grading",)),
                        location="grading",
                    )
                )
                bad = True
                continue
            evaluator = r.questionnaire.evaluator
            name = evaluator.name if evaluator else Path(r.file.path).stem
            if name in names:
                where = ("evaluator", "name") if evaluator else ("job",)
                problems.append(
                    Problem(
                        f"member '{name}' scores this job twice (also in {names[name]}); give "
                        "each member's questionnaire its own evaluator name",
                        file=r.file.path,
                        line=_line(r.file.path, where),
                        location=".".join(where),
                    )
                )
                bad = True
                continue
            names[name] = r.file.path
        if bad:
            continue
        ordered = sorted(
            zip(members, names, strict=True), key=lambda pair: (pair[1].casefold(), pair[1])
        )
        views.append(panel.view([r for r, _ in ordered], [n for _, n in ordered], composition))
    return views, problems


@app.command("panel")
def panel_command(
    paths: PathsArgument,
    output_format: Annotated[
        PanelFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PanelFormat.TABLE,
    consensus: Annotated[
        bool,
        typer.Option(
            "--consensus",
            help="Write one job's consensus record (a questionnaire: the median level of each "
            "factor, every member's evidence, each member's level) to --output.",
        ),
    ] = False,
    min_members: Annotated[
        int,
        typer.Option(
            "--min-members",
            metavar="N",
            min=1,
            help="Flag a panel with fewer members (default 3, as the NHS handbook allows).",
        ),
    ] = 3,
    balance: Annotated[
        bool,
        typer.Option(
            "--balance/--no-balance",
            help="Flag a panel whose members give sides but not as many management as staff "
            "side (the NHS handbook's partnership panels).",
        ),
    ] = True,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Panels: each job's members side by side, where they disagree, and how far they agree.

    Questionnaires that name the same job (job.reference, else the title) are one panel, each
    naming its member with evaluator: {name, side}. Per job: every member's level, total and
    band; per factor the spread, the median and whether the disagreement changes the band; a
    one-line verdict. With several jobs: Krippendorff's alpha (ordinal), exact and within-one
    agreement, and each evaluator's lean. --consensus -o FILE writes one job's consensus record.
    """
    from jescore import panel
    from jescore.render import panel as render

    failed = False
    with _errors_to_exit():
        if consensus and output is None:
            raise UsageError("--consensus writes a questionnaire: give the file with --output")
        library = _library(paths, allow_dir)
        reports = []
        for report in _scored_each(paths, library, Bands(bands, other_scheme_bands)):
            if report is None:
                failed = True
            else:
                reports.append(report)
        views, problems = _group(reports, panel.Composition(min_members, balance))
        if problems:
            from jescore.cli._common import _diagnose

            _diagnose(problems)
            failed = True
        if not views:
            raise typer.Exit(ExitCode.INVALID_INPUT)
        if consensus:
            if len(views) != 1:
                raise UsageError(
                    f"--consensus writes one job's record, and these files hold {len(views)} "
                    "jobs: give the files of one job"
                )
            assert output is not None
            (only,) = views
            content = render.consensus_yaml(only, output)
            _emit(content, output, force, library.files)
            for f in only.splits:
                levels = " vs ".join(str(level) for level in sorted(set(f.levels)))
                _say(
                    f"note: {f.factor.name} split evenly ({levels}): {output} gives the lower "
                    "level and marks it 'discuss: true' for the panel to settle"
                )
        else:
            agreement = panel.agreement(views) if len(views) >= 2 else None
            rule = panel.Composition(min_members, balance)
            if output_format is PanelFormat.JSON:
                content = render.panels_json(views, agreement, rule)
            elif output_format is PanelFormat.MARKDOWN:
                content = render.panels_markdown(views, agreement, rule)
            elif output_format is PanelFormat.HTML:
                content = render.panels_html(views, agreement, rule)
            else:
                width, color = _terminal() if output is None else (100, False)
                content = render.panels_table(views, agreement, rule, width, color)
            _emit(content, output, force, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
