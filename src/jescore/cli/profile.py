"""The ``profile show`` and ``profile check`` commands: job profiles on their own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.cli._common import (
    AllowDirOption,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    _each_found,
    _errors_to_exit,
    _library,
    profile_app,
)
from jescore.cli.emit import choose, diagnose, emit, format_option, offer, say
from jescore.errors import ExitCode
from jescore.formats import Format
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore import loader


offer("profile show", "profile", Format.TABLE, Format.JSON, Format.MARKDOWN, default=Format.TABLE)
offer("profile check", "checked", Format.TABLE, Format.JSON, default=Format.TABLE)


@profile_app.command("show")
def profile_show(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A profile file.")],
    output_format: Annotated[
        str | None,
        format_option("profile show"),
    ] = None,
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
    with _errors_to_exit():
        out = choose("profile show", output_format, output, force)
        from jescore import loader
        from jescore.render import profile as render

        library = _library([file], allow_dir)
        loaded = loader.load_profile(file, library, bands, other_scheme_bands=other_scheme_bands)
        diagnose(loaded.warnings)
        warnings = tuple(str(w) for w in loaded.warnings)
        view = render.ProfileView(loaded.scored, loaded.file, loaded.scheme.file, warnings)
        emit(view, render.FORMATS, out, library.files)
        profile_notices([loaded])


@profile_app.command("check")
def profile_check(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Profile files, folders (searched) or glob patterns."),
    ],
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output_format: Annotated[
        str | None,
        format_option("profile check"),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Validate profile files and report every problem, with file and line.

    Folders are searched for YAML files; files there that are not profiles are skipped. Exit 0
    when every profile is valid (warnings allowed), 3 when any has an error or none is found.
    """
    failed = False
    with _errors_to_exit():
        out = choose("profile check", output_format, output, force)
        from jescore import loader
        from jescore.render import checked

        library = _library(paths, allow_dir)

        def load(path: Path, named: bool) -> loader.LoadedProfile:
            return loader.load_profile(path, library, bands, not named, other_scheme_bands)

        passed = []
        for loaded in _each_found(paths, load, loader.OtherKind, "profile"):
            if loaded is None:
                failed = True
                continue
            diagnose(loaded.warnings)
            s = loaded.scored
            info = s.profile.profile
            band = f"band {info.band}" + (f" ({s.band.range_text})" if s.band else "")
            generic = ", generic" if s.generic else ""
            summary = (
                f"profile '{info.title}' ({info.status.value}), scheme '{s.scheme.id}', {band}, "
                f"score range {s.min_total}-{s.max_total}{generic}"
            )
            passed.append(
                checked.Checked(loaded.file, "profile", summary, s.scheme, loaded.scheme.file)
            )
        if passed:
            view = checked.CheckedView("profile check", tuple(passed))
            emit(view, checked.FORMATS, out, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


def profile_notices(profiles: list[loader.LoadedProfile]) -> None:
    """Say on stderr, once, how many profiles used are not verified."""
    from jescore.models import Status
    from jescore.render.profile import PROFILE_STATUS

    for status in (Status.UNVERIFIED, Status.ILLUSTRATIVE):
        n = sum(1 for p in profiles if p.profile.profile.status is status)
        if n:
            kind = "warning" if status is Status.UNVERIFIED else "note"
            which = (
                f"profile '{excerpt(profiles[0].profile.profile.title)}' is"
                if len(profiles) == 1
                else f"{n} of the {len(profiles)} profiles {'is' if n == 1 else 'are'}"
            )
            say(f"{kind}: {which} {status.value.upper()}: {PROFILE_STATUS[status]}")
