"""Commands on job profiles: ``profile show|check`` and ``match``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.choices import FamilyFormat, Format, MatchGate
from jescore.errors import ExitCode, InputError, Problem, UsageError

if TYPE_CHECKING:
    from jescore import loader, matching
    from jescore.library import Library

from jescore.cli._common import (
    AllowDirOption,
    BandsOption,
    ForceOption,
    FormatOption,
    OtherSchemeBandsOption,
    OutputOption,
    _diagnose,
    _each_found,
    _emit,
    _errors_to_exit,
    _library,
    _render,
    _report,
    _say,
    _status_notices,
    _terminal,
    app,
    profile_app,
)


def _load_profile(
    path: Path, library: Library, bands: str | None, other_scheme_bands: bool
) -> loader.LoadedProfile:
    from jescore import loader

    return loader.load_profile(path, library, bands, other_scheme_bands=other_scheme_bands)


@profile_app.command("show")
def profile_show(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A profile file.")],
    output_format: FormatOption = Format.TABLE,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print a profile factor by factor: levels, points, score range, band and flags.

    A profile whose minimum lies below its band's floor is flagged GENERIC: a job at the bottom
    of every range belongs to a profile in the band below.
    """
    from jescore.render import profiles as render

    with _errors_to_exit():
        library = _library([file], allow_dir)
        loaded = _load_profile(file, library, bands, other_scheme_bands)
        _diagnose(loaded.warnings)
        warnings = [str(w) for w in loaded.warnings]
        s, ref, scheme_ref = loaded.scored, loaded.file, loaded.scheme.file
        content = _render(
            output_format,
            output,
            lambda: render.profile_json(s, ref, scheme_ref, warnings),
            lambda: render.profile_markdown(s, ref, scheme_ref, warnings),
            lambda width, color: render.profile_table(s, ref, scheme_ref, warnings, width, color),
        )
        _emit(content, output, force, library.files)
        _profile_notices([loaded])


@profile_app.command("check")
def profile_check(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Profile files, folders (searched) or glob patterns."),
    ],
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
) -> None:
    """Validate profile files and report every problem, with file and line.

    Folders are searched for YAML files; files there that are not profiles are skipped. Exit 0
    when every profile is valid (warnings allowed), 3 when any has an error or none is found.
    """
    from jescore import loader
    from jescore.safety import clean_line

    failed = False
    with _errors_to_exit():
        library = _library(paths, allow_dir)

        def load(path: Path, named: bool) -> loader.LoadedProfile:
            return loader.load_profile(path, library, bands, not named, other_scheme_bands)

        for loaded in _each_found(paths, load, loader.OtherKind, "profile"):
            if loaded is None:
                failed = True
                continue
            _diagnose(loaded.warnings)
            s = loaded.scored
            info = s.profile.profile
            band = f"band {info.band}" + (f" ({s.band.range_text})" if s.band else "")
            generic = ", generic" if s.generic else ""
            typer.echo(
                f"ok: {clean_line(loaded.file.path)}: profile '{info.title}' "
                f"({info.status.value}), scheme '{s.scheme.id}', {band}, score range "
                f"{s.min_total}-{s.max_total}{generic}"
            )
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


def _profile_notices(profiles: list[loader.LoadedProfile]) -> None:
    """Say on stderr, once, how many profiles used are not verified."""
    from jescore.models import Status
    from jescore.render.profiles import PROFILE_STATUS

    for status in (Status.UNVERIFIED, Status.ILLUSTRATIVE):
        n = sum(1 for p in profiles if p.profile.profile.status is status)
        if n:
            kind = "warning" if status is Status.UNVERIFIED else "note"
            which = (
                f"profile '{profiles[0].profile.profile.title}' is"
                if len(profiles) == 1
                else f"{n} of the {len(profiles)} profiles {'is' if n == 1 else 'are'}"
            )
            _say(f"{kind}: {which} {status.value.upper()}: {PROFILE_STATUS[status]}")


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
            help="Tolerance rule: most levels one factor may lie outside its range "
            "(jescore's convention: 1).",
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
        FamilyFormat, typer.Option("--format", "-f", help="Output format.")
    ] = FamilyFormat.TABLE,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
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
    from jescore.render import profiles as render

    failed = False
    with _errors_to_exit():
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
        _profile_notices(profiles)
        if fail_on is MatchGate.NEVER:
            tripped = False
        elif fail_on is MatchGate.NO_MATCH:
            tripped = any(o.best_verdict is matching.Verdict.NO_MATCH for o in outcomes)
        else:
            tripped = any(o.best_verdict is not matching.Verdict.MATCH for o in outcomes)
        if output_format is FamilyFormat.JSON:
            content = render.match_json(
                outcomes, rule, None if fail_on is MatchGate.NEVER else tripped
            )
        elif output_format is FamilyFormat.CSV:
            content = render.summary_csv(outcomes)
        elif output_format is FamilyFormat.MARKDOWN:
            content = (
                render.match_markdown(outcomes, rule, shown)
                if len(outcomes) == 1
                else render.summary_markdown(outcomes, rule)
            )
        elif len(outcomes) == 1:
            width, color = _terminal() if output is None else (100, False)
            content = render.match_table(outcomes, rule, shown, width, color)
        else:
            fit = _terminal()[0] if output is None and sys.stdout.isatty() else None
            content = render.summary_table(outcomes, rule, fit)
        if outcomes:
            _emit(content, output, force, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if tripped:
        raise typer.Exit(ExitCode.CHECK_FAILED)
