"""The ``panel`` command: several evaluators' scores per job, agreement, consensus record."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.errors import ExitCode, InputError, Problem, UsageError
from jescore.formats import PanelFormat

if TYPE_CHECKING:
    from jescore import panel

from jescore.cli._common import (
    AllowDirOption,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    _diagnose,
    _each_found,
    _emit,
    _errors_to_exit,
    _job_notices,
    _library,
    _say,
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
    entries: list[panel.Scored], composition: panel.Composition
) -> tuple[list[panel.PanelView], list[Problem]]:
    """Questionnaires grouped into panels (one per job); problems that stop a panel."""
    from jescore import panel

    groups: dict[str, list[panel.Scored]] = {}
    for entry in entries:
        groups.setdefault(entry.key, []).append(entry)
    views: list[panel.PanelView] = []
    problems: list[Problem] = []
    for members in groups.values():
        # The panel's scheme is the one most members used; the others are the odd ones out.
        counts = Counter(e.scheme_file.sha256 for e in members)
        first = next(e for e in members if counts[e.scheme_file.sha256] == max(counts.values()))
        bad = False
        names: dict[str, str] = {}
        for e in members:
            path = e.member.file.path
            if e.scheme_file.sha256 != first.scheme_file.sha256:
                problems.append(
                    Problem(
                        f"job '{e.job.title}' is scored under scheme '{e.scheme.id}' "
                        f"({e.scheme_file.path}) here and under '{first.scheme.id}' "
                        f"({first.scheme_file.path}) in {first.member.file.path}: one panel "
                        "scores one job under one scheme",
                        file=path,
                        line=_line(path, ("scheme",)),
                        location="scheme",
                    )
                )
                bad = True
                continue
            if e.grading_file != first.grading_file:
                problems.append(
                    Problem(
                        f"scored with other bands than {first.member.file.path}: one panel "
                        "scores one job against one grading structure",
                        file=path,
                        line=_line(path, ("grading",)),
                        location="grading",
                    )
                )
                bad = True
                continue
            name = e.member.name
            if name in names:
                where = ("evaluator", "name") if e.named else ("job",)
                problems.append(
                    Problem(
                        f"member '{name}' scores this job twice (also in {names[name]}); give "
                        "each member's questionnaire its own evaluator name",
                        file=path,
                        line=_line(path, where),
                        location=".".join(where),
                    )
                )
                bad = True
                continue
            names[name] = path
        if bad:
            continue
        ordered = sorted(members, key=lambda e: (e.member.name.casefold(), e.member.name))
        views.append(panel.view(ordered, composition))
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
    from jescore import loader, panel
    from jescore.render import panel as render
    from jescore.safety import clean_line

    failed = False
    with _errors_to_exit():
        if consensus and output is None:
            raise UsageError("--consensus writes a questionnaire: give the file with --output")
        library = _library(paths, allow_dir)
        seen: set[str] = set()

        def load(path: Path, named: bool) -> panel.Scored:
            # Keep only what a panel needs: thousands of whole evaluations would cost memory
            # and garbage-collection time, and a panel needs no sensitivity.
            job = loader.load_job(path, library, bands, None, not named, other_scheme_bands)
            _job_notices(job, seen)
            grading, grading_file = job.bands
            files = (job.file, job.scheme.file, grading_file)
            return panel.scored(
                job.questionnaire,
                job.scheme.scheme,
                grading,
                files,
                clean_line(path.stem),  # a member named by its file: names come from strangers
                keep_evidence=consensus,
            )

        entries = []
        for entry in _each_found(paths, load, loader.OtherKind, "questionnaire"):
            if entry is None:
                failed = True
            else:
                entries.append(entry)
        views, problems = _group(entries, panel.Composition(min_members, balance))
        if problems:
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
