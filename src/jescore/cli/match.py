"""The ``match`` command: jobs against job profiles, factor by factor."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.enums import MatchGate
from jescore.errors import ExitCode, InputError, Problem, UsageError
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import loader, matching

from jescore.cli._common import (
    AllowDirOption,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PaperOption,
    _diagnose,
    _each_found,
    _errors_to_exit,
    _library,
    _report,
    _status_notices,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer
from jescore.cli.profile import profile_notices


def _rule(
    max_varying: int, max_step: int, must_match: str | None, jobs: list[loader.Job]
) -> matching.Rule:
    """The tolerance rule from the options; names given must be factors of every job's scheme."""
    from jescore import matching

    if must_match is None:
        return matching.Rule(max_varying, max_step)
    words = tuple(w.strip() for w in must_match.split(",") if w.strip())
    if words in {(), ("none",)}:
        return matching.Rule(max_varying, max_step, ())
    rule = matching.Rule(max_varying, max_step, words)
    for job in jobs:
        scheme = job.scheme.scheme
        if missing := rule.missing_in(scheme):
            raise UsageError(
                f"--must-match: {', '.join(missing)} is not a factor of scheme '{scheme.id}'; "
                f"its factors are: {', '.join(f.id for f in scheme.factors)}"
            )
    return rule


offer(
    "match",
    "match",
    Format.TABLE,
    Format.JSON,
    Format.CSV,
    Format.MARKDOWN,
    Format.DOCX,
    Format.HTML,
    default=Format.TABLE,
)


@app.command()
def match(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Questionnaires and profiles: files, folders (searched) or glob patterns. "
            "Each file is told apart by its keys (profiles have 'profile:').",
        ),
    ],
    max_varying: Annotated[
        int,
        typer.Option(
            "--max-varying",
            metavar="N",
            min=0,
            help="Tolerance rule: most factors that may lie outside the profile's ranges for a "
            "match with variations (jescore's convention: 4).",
        ),
    ] = 4,
    max_step: Annotated[
        int,
        typer.Option(
            "--max-step",
            metavar="LEVELS",
            min=0,
            help="Tolerance rule: at most this many levels away from the profile's range, on "
            "any one factor (jescore's convention: 1).",
        ),
    ] = 1,
    must_match: Annotated[
        str | None,
        typer.Option(
            "--must-match",
            metavar="FACTORS",
            help="Tolerance rule: comma-separated factors (ids or aliases) that must lie inside "
            "their ranges, or 'none' (jescore's convention: knowledge,freedom-to-act, where the "
            "scheme has them).",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            min=1,
            help="Profiles listed per job, best first (JSON and markdown give them in full). "
            "Default: 10 for one job, 1 for several.",
        ),
    ] = None,
    fail_on: Annotated[
        MatchGate,
        typer.Option(
            "--fail-on",
            help="Exit 1 when some job's best profile is a no-match, or (variations) anything "
            "short of a full match.",
        ),
    ] = MatchGate.NEVER,
    output_format: Annotated[
        str | None,
        format_option("match"),
    ] = None,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
) -> None:
    """Match jobs to job profiles: factor by factor, the total against the band, a verdict.

    For each profile under the job's scheme: each factor inside the profile's range or outside
    by N levels, letters that differ, the total against the profile's band, and a verdict:
    match, match-with-variations (within the tolerance rule) or no-match, with the reasons.
    Profiles are ranked best fit first. One job gets the ranking and the best profile in full;
    several get a table of each job's best profile. Exit 0 whatever the verdicts, unless
    --fail-on says otherwise.
    """
    from jescore import loader, matching

    failed = False
    with _errors_to_exit():
        out = choose("match", output_format, output, force, paper)
        from jescore.render import match as render

        library = _library(paths, allow_dir)
        jobs: list[loader.Job] = []
        profiles: list[loader.LoadedProfile] = []

        def load(path: Path, named: bool) -> loader.Job | loader.LoadedProfile:
            return loader.load_any(path, library, bands, not named, other_scheme_bands)

        for item in _each_found(paths, load, loader.OtherKind, "questionnaire or profile"):
            if item is None:
                failed = True
            elif isinstance(item, loader.LoadedProfile):
                _diagnose(item.warnings)
                profiles.append(item)
            else:
                _diagnose(item.warnings)
                jobs.append(item)
        missing = [
            Problem(f"no {what} found in: {', '.join(paths)}")
            for what, got in (("questionnaire", jobs), ("profile", profiles))
            if not got
        ]
        if missing and not failed:
            raise InputError(missing)
        rule = _rule(max_varying, max_step, must_match, jobs)
        prepared = matching.banks(
            [matching.prepare(p.scored, p.file, p.scheme.file, rule) for p in profiles], rule
        )
        shown = top if top is not None else (10 if len(jobs) == 1 else 1)
        seen: set[str] = set()
        outcomes = []
        for job in jobs:
            report = _report(job)
            _status_notices(report, seen)
            outcomes.append(matching.outcome(report, prepared, rule, shown))
        profile_notices(profiles)
        if fail_on is MatchGate.NEVER:
            tripped = False
        elif fail_on is MatchGate.NO_MATCH:
            tripped = any(o.best_verdict is matching.Verdict.NO_MATCH for o in outcomes)
        else:
            tripped = any(o.best_verdict is not matching.Verdict.MATCH for o in outcomes)
        if outcomes:
            view = render.MatchView(
                tuple(outcomes), rule, shown, None if fail_on is MatchGate.NEVER else tripped
            )
            emit(view, render.FORMATS, out, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if tripped:
        raise typer.Exit(ExitCode.CHECK_FAILED)
