"""The schemes and grading structures a run uses: shipped ones by id, others by path.

A questionnaire names its scheme (and optionally its grading structure) by a shipped id or by a
path relative to its own folder. Questionnaires come from strangers (pull requests, shared
folders), so a path named *inside a file* must lie inside the folders the user pointed jescore
at, or the current folder, or a folder the user allowed (``--allow-dir``): a questionnaire
cannot make jescore read ``/etc/passwd`` or ``/proc/self/environ`` and repeat it in a CI log.
Paths the user gives on the command line (``--bands FILE``) are the user's own choice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from jescore.errors import UsageError
from jescore.safety import excerpt
from jescore.yamldoc import Reader, read_file

if TYPE_CHECKING:
    from jescore.loader import LoadedGrading, LoadedScheme


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


def looks_like_path(ref: str) -> bool:
    """Whether a scheme or grading reference names a file rather than a shipped id."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


def relative(ref: str, base: Path | None) -> Path:
    """A reference's path, relative to ``base`` (a questionnaire's folder) when given."""
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = Path(os.path.normpath(base / path))
    return path


class OutsideTree(UsageError):
    """A file named inside a questionnaire lies outside the folders jescore may read."""


class Library:
    """Resolves scheme and grading references and loads each file once per run.

    Args:
        reader: reads the files that references name by path (the questionnaires' own
            folder, or an old revision in git); shipped files always come from jescore itself.
        roots: folders a reference inside a file may lead into (default: the current folder).
            Paths are compared after symbolic links are followed.
    """

    def __init__(self, reader: Reader = read_file, roots: Iterable[Path] | None = None) -> None:
        self.reader = reader
        cwd = Path.cwd()
        self.roots = tuple(dict.fromkeys(r.resolve() for r in (cwd, *(roots or ()))))
        self._loaded: dict[str, LoadedScheme | LoadedGrading] = {}
        #: Every file read through this library (so that no output ever replaces one).
        self.files: list[Path] = []

    def scheme(self, ref: str, base: Path | None = None) -> LoadedScheme:
        """A shipped scheme id, or a path (named in a file in ``base``, when given)."""
        from jescore.loader import LoadedScheme

        loaded = self._load("scheme", ref, base)
        assert isinstance(loaded, LoadedScheme)
        return loaded

    def grading(self, ref: str, base: Path | None = None) -> LoadedGrading:
        """A shipped grading-structure id, or a path (named in a file in ``base``, when given)."""
        from jescore.loader import LoadedGrading

        loaded = self._load("grading structure", ref, base)
        assert isinstance(loaded, LoadedGrading)
        return loaded

    def inside(self, path: Path) -> bool:
        """Whether a path, once symbolic links are followed, lies in one of the roots."""
        real = path.resolve()
        return any(real.is_relative_to(root) for root in self.roots)

    def _load(self, kind: str, ref: str, base: Path | None) -> LoadedScheme | LoadedGrading:
        from jescore.loader import load_grading_file, load_scheme_file

        load = load_scheme_file if kind == "scheme" else load_grading_file
        if looks_like_path(ref):
            path = relative(ref, base)
            key = f"{kind}:{path}"
            if key not in self._loaded:
                if base is not None and not self.inside(path):
                    raise OutsideTree(
                        f"'{excerpt(ref)}' lies outside the folders jescore may read (the "
                        "current folder and the folders of the files given); to read it, "
                        "run with --allow-dir FOLDER"
                    )
                self.files.append(path)
                self._loaded[key] = load(path, reader=self.reader)
            return self._loaded[key]
        key = f"{kind}:shipped:{ref}"
        if key in self._loaded:
            return self._loaded[key]
        shipped = shipped_schemes() if kind == "scheme" else shipped_gradings()
        if ref not in shipped:
            raise UsageError(
                f"unknown {kind} '{excerpt(ref)}': shipped ones are "
                f"{', '.join(shipped) or 'none'}; or give the path of a {kind} file"
            )
        path = shipped[ref]
        folder = "factors" if kind == "scheme" else "factors/grading"
        self._loaded[key] = load(path, f"{folder}/{path.name}", True)
        return self._loaded[key]
