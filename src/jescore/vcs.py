"""Questionnaires at a git revision: which changed, and their text then.

Runs the ``git`` command (no library needed); every failure becomes a jescore error with a
message that says what to do, e.g. how to fetch a revision missing from a shallow CI clone.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jescore import loader
from jescore.errors import InputError, Problem, UsageError
from jescore.loader import Library
from jescore.yamldoc import Reader

YAML_PATHSPECS = ("*.yaml", "*.yml")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--git needs the git command, which is not installed") from None


def repo_root(folder: Path) -> Path:
    """The top folder of the git work tree holding ``folder``."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UsageError(f"--git: {folder.resolve()} is not inside a git work tree")
    return Path(done.stdout.decode().strip())


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names, or a usage error saying how to get it."""
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode == 0:
        return done.stdout.decode().strip()
    shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.decode().strip()
    if shallow == "true":
        raise UsageError(
            f"--git: revision '{rev}' is not in this clone, which is shallow. Fetch more "
            "history first, e.g. 'git fetch --deepen=100', or 'git fetch origin BRANCH' for a "
            "branch (in GitHub Actions: 'fetch-depth: 0' on actions/checkout)"
        )
    raise UsageError(f"--git: '{rev}' is not a commit in this repository")


@dataclass(frozen=True, slots=True)
class Changed:
    """A YAML file that differs between a revision and the working tree."""

    status: str  # "modified", "added", "deleted" or "renamed"
    old: str | None  # path at the revision, relative to the repository root
    new: str | None  # path in the working tree, relative to the repository root

    @property
    def key(self) -> str:
        """The path that names this change: the new one, or the old one when deleted."""
        path = self.new or self.old
        assert path is not None
        return path


_STATUS = {"M": "modified", "A": "added", "D": "deleted", "R": "renamed", "T": "modified"}


def changed(root: Path, commit: str, paths: list[str] | None = None) -> list[Changed]:
    """YAML files changed between ``commit`` and the working tree (renames detected).

    New files count as added whether or not they were given to git yet: a draft written a
    minute ago is compared like a committed one. Files git ignores are left out.
    """
    specs = paths if paths else [f":(top,glob)**/{p}" for p in YAML_PATHSPECS]
    done = _git(root, "diff", "--name-status", "-z", "-M", commit, "--", *specs)
    if done.returncode != 0:
        raise UsageError(f"--git: git diff failed: {done.stderr.decode().strip()}")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
    if untracked.returncode != 0:
        raise UsageError(f"--git: git ls-files failed: {untracked.stderr.decode().strip()}")
    fields = done.stdout.decode().split("\0")
    out: list[Changed] = []
    i = 0
    while i < len(fields) - 1:
        code = fields[i][0]
        status = _STATUS.get(code, "modified")
        if code in "RC":
            out.append(Changed(status, fields[i + 1], fields[i + 2]))
            i += 3
            continue
        path = fields[i + 1]
        out.append(Changed(status, None if code == "A" else path, None if code == "D" else path))
        i += 2
    out += [Changed("added", None, p) for p in untracked.stdout.decode().split("\0") if p]
    return sorted(out, key=lambda c: c.new or c.old or "")


def reader_at(root: Path, commit: str, label: str) -> Reader:
    """A loader reader that takes files as they were at ``commit``."""

    def read(path: Path, name: str) -> bytes:
        try:
            rel = path.resolve().relative_to(root)
        except ValueError:
            raise InputError(
                [Problem(f"is outside the repository at {label}", file=name)]
            ) from None
        done = _git(root, "show", f"{commit}:{rel.as_posix()}")
        if done.returncode != 0:
            raise InputError([Problem(f"no such file at {label}", file=name)])
        return done.stdout

    return read


def tracked_yaml(root: Path) -> list[str]:
    """Every YAML file git tracks, relative to the repository root."""
    specs = [f":(top,glob)**/{p}" for p in YAML_PATHSPECS]
    done = _git(root, "ls-files", "-z", "--", *specs)
    if done.returncode != 0:
        raise UsageError(f"--git: git ls-files failed: {done.stderr.decode().strip()}")
    return sorted(p for p in done.stdout.decode().split("\0") if p)


@dataclass(frozen=True, slots=True)
class Pair:
    """Where to find the old and new side of one questionnaire (None: that side is missing)."""

    status: str
    old: Path | None
    old_name: str | None
    new: Path | None
    #: Reads the old side (and the scheme files it names) as they were.
    library: Library


def pairs(rev: str, files: list[Path], cwd: Path, roots: list[Path]) -> list[Pair]:
    """Old and new sides of each questionnaire between ``rev`` and the working tree.

    Named ``files`` are compared even when unchanged; with none, every changed YAML file, and
    every questionnaire whose scheme or grading file (named by path) changed. Loading tells
    questionnaires from other YAML files (:class:`jescore.loader.OtherKind`).
    """
    root = repo_root(cwd)
    commit = resolve(root, rev)
    at_rev = Library(reader_at(root, commit, rev), roots)
    wanted = [_repo_path(root, f) for f in files]
    found = {c.key: c for c in changed(root, commit, wanted or None)}
    if wanted:
        entries = [found.get(w, Changed("compared", w, w)) for w in wanted]
    else:
        entries = list(found.values()) + _scheme_changed(root, found)
    out: list[Pair] = []
    for entry in entries:
        old = root / entry.old if entry.old else None
        new = root / entry.new if entry.new else None
        out.append(
            Pair(
                entry.status,
                old,
                f"{rev}:{entry.old}" if entry.old else None,
                Path(os.path.relpath(new, cwd)) if new is not None else None,
                at_rev,
            )
        )
    return out


def _scheme_changed(root: Path, found: dict[str, Changed]) -> list[Changed]:
    """Unchanged questionnaires whose scheme or grading file (named by path) changed."""
    changed_files = {root / c.new for c in found.values() if c.new}
    changed_files |= {root / c.old for c in found.values() if c.old}
    out = []
    for rel in tracked_yaml(root):
        if rel in found:
            continue
        if any(ref in changed_files for ref in loader.referenced_files(root / rel)):
            out.append(Changed("scheme-changed", rel, rel))
    return out


def _repo_path(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"--git: {file} is outside the repository {root}") from None
