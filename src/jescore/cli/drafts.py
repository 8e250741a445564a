"""Commands on two versions of a job: ``compare`` (drafts, git revisions) and ``appeal``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.choices import (
    AppealFormat,
    Format,
    Gate,
)
from jescore.errors import ExitCode, InputError, Problem, UsageError

if TYPE_CHECKING:
    from jescore.compare import FileChange

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    FormatOption,
    OtherSchemeBandsOption,
    OutputOption,
    _diagnose,
    _emit,
    _errors_to_exit,
    _library,
    _render,
    _say,
    _scored,
    app,
)


@app.command()
def compare(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="OLD NEW; with --git, the questionnaires to compare (default: every changed one).",
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REV",
            help="Compare questionnaires as they are at this git revision with the working tree.",
        ),
    ] = None,
    fail_on: Annotated[
        Gate, typer.Option("--fail-on", help="Exit 1 when this happens (for CI).")
    ] = Gate.NEVER,
    allow_scheme_change: Annotated[
        bool,
        typer.Option("--allow-scheme-change", help="Compare files under different schemes."),
    ] = False,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output_format: FormatOption = Format.TABLE,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Also append the markdown report to $GITHUB_STEP_SUMMARY if set."
        ),
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Compare two drafts of a job: levels, points, evidence and band, with a CI gate.

    Exit 0 when the gate (--fail-on) holds, 1 when it trips, 3 when an input is invalid.
    Added and deleted questionnaires are reported but never trip a gate.
    """
    from jescore import loader, vcs
    from jescore.compare import pair
    from jescore.render import json as json_render
    from jescore.render import markdown

    def table_view(width: int, color: bool) -> str:
        from jescore.render import table  # rich is imported only when a table is drawn

        return table.comparison(changes, fail_on, width, color)

    inputs = list(files or [])
    choice = Bands(bands, other_scheme_bands)
    seen: set[str] = set()
    failed = False
    changes: list[FileChange] = []
    with _errors_to_exit():
        if git is None:
            if len(inputs) != 2:
                raise UsageError("compare takes two files (OLD NEW), or --git REV [FILE...]")
            library = _library(inputs, allow_dir)  # the new side
            old_side = _library(inputs, allow_dir)
            pairs = [vcs.Pair("compared", inputs[0], str(inputs[0]), inputs[1], old_side)]
        else:
            root = vcs.repo_root(Path.cwd())
            library = _library([root], allow_dir)  # the new side: the working tree
            pairs = vcs.pairs(git, inputs, Path.cwd(), [root, *(allow_dir or [])])
        # With --git, files that are not questionnaires (CI files, schemes) are skipped, even
        # when named: pre-commit names every staged YAML file.
        other = git is not None
        for p in pairs:
            try:
                old = (
                    _scored(p.old, p.library, choice, seen, display=p.old_name, found=other)
                    if p.old
                    else None
                )
                new = _scored(p.new, library, choice, seen, found=other) if p.new else None
            except loader.OtherKind as exc:
                if git is None:  # two named files must both be questionnaires
                    _diagnose(exc.problems)
                    failed = True
                continue  # with --git: other YAML (schemes, CI files) is not compared
            except InputError as exc:
                _diagnose(exc.problems)
                failed = True
                continue
            if old and new and old.evaluation.scheme.id != new.evaluation.scheme.id:
                if not allow_scheme_change:
                    _say(
                        f"{new.file.path}: scheme changed from '{old.evaluation.scheme.id}' to "
                        f"'{new.evaluation.scheme.id}'; totals under different schemes are not "
                        "comparable (use --allow-scheme-change to compare anyway)"
                    )
                    failed = True
                    continue
            changes.append(pair(p.status, old, new))
        if failed and not changes:
            # Nothing could be compared: saying "no questionnaire changed" would be untrue.
            raise typer.Exit(ExitCode.INVALID_INPUT)
        content = _render(
            output_format,
            output,
            lambda: json_render.comparison(changes, fail_on),
            lambda: markdown.comparison(changes, fail_on),
            table_view,
        )
        read = [*inputs, *library.files, *(f for p in pairs for f in p.library.files)]
        _emit(content, output, force, read)
        if summary:
            _step_summary(markdown.comparison(changes, fail_on), read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if any(change.trips(fail_on) for change in changes):
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _step_summary(markdown_text: str, inputs: list[Path]) -> None:
    from jescore.output import append_atomic

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        _say("note: --summary: GITHUB_STEP_SUMMARY is not set; nothing appended")
        return
    try:
        append_atomic(Path(target), markdown_text + "\n", inputs=inputs)
    except UsageError as exc:
        raise UsageError(f"--summary: GITHUB_STEP_SUMMARY={exc.message}") from None


@app.command()
def appeal(
    awarded: Annotated[
        Path, typer.Argument(metavar="AWARDED", help="The panel's outcome (a questionnaire).")
    ],
    claimed: Annotated[
        Path,
        typer.Argument(metavar="CLAIMED", help="The appellant's claimed levels, with evidence."),
    ],
    output_format: Annotated[
        AppealFormat, typer.Option("--format", "-f", help="Output format (docx needs --output).")
    ] = AppealFormat.MARKDOWN,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="A date to print (YYYY-MM-DD); none by default."
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", metavar="N", min=1, max=1000, help="How many sets of challenges."
        ),
    ] = 10,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Appeal evidence table: awarded against claimed, factor by factor, with band effect.

    Shows each factor's awarded and claimed level, points and level summary, the evidence cited,
    which challenges alone reach the claimed band, and the smallest sets that reach it together.
    """
    import datetime as dt

    from jescore.appeal import analyse
    from jescore.render import appeal as appeal_render

    with _errors_to_exit():
        if date is not None:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise UsageError(f"--date: '{date}' is not a date like 2026-11-22") from None
        if output_format is AppealFormat.DOCX and output is None:
            raise UsageError("--format docx writes a file: give it with --output FILE.docx")
        library = _library([awarded, claimed], allow_dir)
        problems: list[Problem] = []
        reports = []
        seen: set[str] = set()
        for path in (awarded, claimed):
            try:
                reports.append(_scored(path, library, Bands(bands, other_scheme_bands), seen))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        award, claim = reports
        if award.file.sha256 == claim.file.sha256:
            raise UsageError(
                f"{award.file.path} and {claim.file.path} are the same questionnaire (sha256 "
                f"{award.file.sha256[:12]}): an appeal sets the claimed levels beside the "
                "awarded ones, so CLAIMED must be the appellant's own questionnaire"
            )
        if award.evaluation.grading is None:
            raise UsageError(f"scheme '{award.evaluation.scheme.id}' has no bands: use --bands")
        if award.questionnaire.job.title != claim.questionnaire.job.title:
            _say(
                f"warning: the job titles differ ('{award.questionnaire.job.title}' and "
                f"'{claim.questionnaire.job.title}'); is this the same job?"
            )
        v = appeal_render.view(analyse(award, claim, top), date)
        content: str | bytes
        if output_format is AppealFormat.DOCX:
            content = appeal_render.as_docx(v)
        else:
            content = {
                AppealFormat.MARKDOWN: appeal_render.as_markdown,
                AppealFormat.CSV: appeal_render.as_csv,
                AppealFormat.JSON: appeal_render.as_json,
                AppealFormat.HTML: appeal_render.as_html,
            }[output_format](v)
        _emit(content, output, force, library.files)
