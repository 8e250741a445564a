"""The ``profile show`` and ``profile check`` commands: job profiles on their own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.errors import ExitCode
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import loader
    from jescore.loader import Library

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
    _say,
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
