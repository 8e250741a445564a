"""The ``compare`` command: two drafts of a job, or each changed job against a git revision."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.enums import Gate
from jescore.errors import ExitCode, InputError, UsageError
from jescore.formats import Format
from jescore.render.kit import Target
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore.compare import FileChange

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    FinalStrictOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    _diagnose,
    _errors_to_exit,
    _library,
    _not_a_draft,
    _say,
    _scored,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer

offer("compare", "comparison", Format.TABLE, Format.JSON, Format.MARKDOWN, default=Format.TABLE)


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
        Gate | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when this happens (for CI). Default: the project configuration's "
            "gate.compare, else never.",
        ),
    ] = None,
    allow_scheme_change: Annotated[
        bool,
        typer.Option("--allow-scheme-change", help="Compare files under different schemes."),
    ] = False,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: FinalStrictOption = False,
    output_format: Annotated[
        str | None,
        format_option("compare"),
    ] = None,
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
    Added and deleted questionnaires are reported but never trip a gate. A new version that
    states expected_band passes the gate when it lands in that band and trips it when it does
    not. --strict refuses a new version marked 'status: draft'.
    """
    from jescore import loader, vcs
    from jescore.compare import pair

    inputs = list(files or [])
    choice = Bands(bands, other_scheme_bands)
    seen: set[str] = set()
    failed = False
    config_moved = False
    changes: list[FileChange] = []
    gate = Gate.NEVER
    with _errors_to_exit():
        gate = _gate(fail_on)
        out = choose("compare", output_format, output, force)
        from jescore.render import comparison

        if git is None:
            if len(inputs) != 2:
                raise UsageError("compare takes two files (OLD NEW), or --git REV [FILE...]")
            library = _library(inputs, allow_dir)  # the new side
            old_side = _library(inputs, allow_dir)
            pairs = [vcs.Pair("compared", inputs[0], str(inputs[0]), inputs[1], old_side)]
        else:
            root = vcs.repo_root(Path.cwd())
            library = vcs.working_tree(root, allow_dir or [])  # the new side, confined
            pairs = vcs.pairs(git, inputs, Path.cwd(), [root, *(allow_dir or [])])
            config_moved = _configuration_changed(root, git)
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
                new = (
                    _scored(p.new, library, choice, seen, found=other, strict=strict)
                    if p.new
                    else None
                )
                if new is not None and strict:
                    _not_a_draft(new, "the compare gate under --strict", strict)
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
        read = [*inputs, *library.files, *(f for p in pairs for f in p.library.files)]
        view = comparison.ComparisonView(tuple(changes), gate)
        emit(view, comparison.FORMATS, out, read)
        if summary:
            _step_summary(comparison.as_markdown(view, Target()), read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if any(change.trips(gate) for change in changes):
        raise typer.Exit(ExitCode.CHECK_FAILED)
    if config_moved and gate is not Gate.NEVER:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _configuration_changed(root: Path, rev: str) -> bool:
    """Whether the project configuration, or the grading structure it names, changed since REV.

    Both sides of ``compare --git`` are scored with today's configuration, so a change to its
    ``bands`` (or to the grading file they name) moves bands without any questionnaire
    changing: the gate cannot see what moved, so it says so and trips (under any --fail-on but
    never).
    """
    from jescore import vcs
    from jescore.cli import project

    config = project.current()
    if config is None:
        return False
    here = Path(config.file.path).resolve()
    watched = [here]
    if config.bands and (config.bands.endswith((".yaml", ".yml")) or "/" in config.bands):
        watched.append((here.parent / config.bands).resolve())
    inside = []
    for path in watched:
        try:
            inside.append(path.relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    if not inside:
        return False
    moved = vcs.changed(root, vcs.resolve(root, rev), inside)
    if moved:
        _say(
            f"{config.file.path}: the project configuration, or the grading structure its "
            f"'bands' names, changed since {rev}: bands may have moved without any "
            "questionnaire changing, and both sides are scored with today's configuration, so "
            "the gate trips (review the change to the configuration itself)"
        )
    return bool(moved)


def _gate(asked: Gate | None) -> Gate:
    """--fail-on, else the project configuration's gate.compare, else never."""
    from jescore.cli import project

    if asked is not None:
        return asked
    config = project.current()
    if config is None or "compare" not in config.gates:
        return Gate.NEVER
    name = config.gates["compare"]
    try:
        return Gate(name)
    except ValueError:
        raise UsageError(
            f"{config.where('gate.compare')}: gate.compare: '{excerpt(name, 40)}' is not one "
            f"of: {', '.join(g.value for g in Gate)}"
        ) from None


def _step_summary(markdown_text: str, inputs: list[Path]) -> None:
    from jescore.output import append_atomic
    from jescore.safety import clean_output

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        _say("note: --summary: GITHUB_STEP_SUMMARY is not set; nothing appended")
        return
    try:
        append_atomic(Path(target), clean_output(markdown_text) + "\n", inputs=inputs)
    except UsageError as exc:
        raise UsageError(f"--summary: GITHUB_STEP_SUMMARY={exc.message}") from None
