"""The ``panel`` command: several evaluators' scores per job, agreement, consensus record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.errors import ExitCode, UsageError
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import panel

from jescore.cli._common import (
    AllowDirOption,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PaperOption,
    PathsArgument,
    _each_found,
    _errors_to_exit,
    _job_notices,
    _library,
    app,
)
from jescore.cli.emit import choose, diagnose, emit, format_option, offer, say

offer(
    "panel",
    "panel",
    Format.TABLE,
    Format.JSON,
    Format.MARKDOWN,
    Format.HTML,
    Format.DOCX,
    default=Format.TABLE,
)
# --consensus writes another result: one job's record, as YAML.
offer("panel --consensus", "consensus", Format.YAML, default=Format.YAML)


@app.command("panel")
def panel_command(
    paths: PathsArgument,
    output_format: Annotated[str | None, format_option("panel")] = None,
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
    paper: PaperOption = "a4",
) -> None:
    """Panels: each job's members side by side, where they disagree, and how far they agree.

    Questionnaires that name the same job (job.reference, else the title) are one panel, each
    naming its member with evaluator: {name, side}. Per job: every member's level, total and
    band; per factor the spread, the median and whether the disagreement changes the band; a
    one-line verdict. With several jobs: Krippendorff's alpha (ordinal), exact and within-one
    agreement, and each evaluator's lean. --consensus -o FILE writes one job's consensus record.
    """
    from jescore import loader, panel
    from jescore.references import repoint, source
    from jescore.safety import clean_line, excerpt

    failed = False
    with _errors_to_exit():
        if consensus and output is None:
            raise UsageError("--consensus writes a questionnaire: give the file with --output")
        if consensus and output_format is not None:
            raise UsageError("--consensus writes a YAML questionnaire: leave out --format")
        out = choose(
            "panel --consensus" if consensus else "panel", output_format, output, force, paper
        )
        from jescore.render import consensus as consensus_render
        from jescore.render import panel as render

        library = _library(paths, allow_dir)
        seen: set[str] = set()

        def load(path: Path, named: bool) -> panel.Scored:
            # Keep only what a panel needs: thousands of whole evaluations would cost memory
            # and garbage-collection time, and a panel needs no sensitivity.
            job = loader.load_job(path, library, bands, None, not named, other_scheme_bands)
            _job_notices(job, seen)
            grading, grading_file = job.bands
            files = (job.file, job.scheme.file, grading_file)
            q = job.questionnaire
            # The grading as the run names it: --bands from the working folder, else the file's.
            named_grading = (
                source(bands, None)
                if bands is not None
                else source(q.grading, path.parent)
                if q.grading is not None
                else None
            )
            return panel.scored(
                q,
                job.scheme.scheme,
                grading,
                files,
                clean_line(path.stem),  # a member named by its file: names come from strangers
                keep_evidence=consensus,
                sources=(source(q.scheme, path.parent), named_grading),
                lines=job.lines,
            )

        entries = []
        for entry in _each_found(paths, load, loader.OtherKind, "questionnaire"):
            if entry is None:
                failed = True
            else:
                entries.append(entry)
        views, problems = panel.group(entries, panel.Composition(min_members, balance))
        if problems:
            diagnose(problems)
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
            # The record names the scheme and bands as the members did, from its own folder.
            folder = output.absolute().parent
            scheme_ref, grading_ref = only.sources
            record = panel.consensus_record(
                only,
                repoint(scheme_ref, folder),
                None if grading_ref is None else repoint(grading_ref, folder),
            )
            emit(
                consensus_render.ConsensusView(record), consensus_render.FORMATS, out, library.files
            )
            for f in only.splits:
                say(
                    f"note: {excerpt(f.factor.name)} split evenly ({f.consensus} vs {f.upper}): "
                    f"{output} gives the lower level and marks it 'discuss: true' for the panel "
                    "to settle"
                )
            said = panel.outcome(only)
            if said is not None:  # in full in the record
                say(f"note: the outcome, until the panel settles it: {excerpt(said, 1000)}")
        else:
            agreement = panel.agreement(views) if len(views) >= 2 else None
            rule = panel.Composition(min_members, balance)
            emit(
                render.PanelsView(tuple(views), agreement, rule), render.FORMATS, out, library.files
            )
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
