"""How a scheme or grading reference names its file: a shipped id, or a path.

A questionnaire names its scheme (and optionally its grading structure) by a shipped id
(``nhs-afc``) or by a path relative to its own folder. This module knows the shipped files and
tells the two apart; reading and confining files is the loader's (:class:`jescore.loader.Library`).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def shipped_dir() -> Path:
    """Folder of the factor plans shipped with jescore.

    In an installed wheel they are package data (``jescore/factors``); in a source checkout
    they are the top-level ``factors/`` folder.
    """
    packaged = resources.files("jescore") / "factors"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "factors"


def shipped_schemes() -> dict[str, Path]:
    """Shipped scheme ids and their files, sorted by id."""
    return {p.stem: p for p in sorted(shipped_dir().glob("*.yaml"))}


def shipped_gradings() -> dict[str, Path]:
    """Shipped grading-structure ids and their files, sorted by id."""
    return {p.stem: p for p in sorted((shipped_dir() / "grading").glob("*.yaml"))}


def shipped_scales() -> dict[str, Path]:
    """Shipped pay-scale ids and their files, sorted by id."""
    return {p.stem: p for p in sorted((shipped_dir() / "scales").glob("*.yaml"))}


def looks_like_path(ref: str) -> bool:
    """Whether a scheme or grading reference names a file rather than a shipped id."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


def relative(ref: str, base: Path | None) -> Path:
    """A reference's path, relative to ``base`` (a questionnaire's folder) when given."""
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = Path(os.path.normpath(base / path))
    return path


def source(ref: str, base: Path | None) -> str | Path:
    """What a reference names: a shipped id (kept as text), or the path of its file."""
    return relative(ref, base) if looks_like_path(ref) else ref


def repoint(named: str | Path, folder: Path) -> str:
    """A reference as a file in ``folder`` must write it to name the same thing.

    A shipped id stays as it is; a file is named by its path relative to ``folder`` (both
    with symbolic links followed), or by its absolute path where no relative one exists.
    """
    if isinstance(named, str):
        return named
    target = named.resolve()
    try:
        return os.path.relpath(target, folder.resolve())
    except ValueError:  # another drive (Windows): no relative path
        return str(target)
