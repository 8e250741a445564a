"""Questionnaires at a git revision: which changed, and their text then.

Runs the ``git`` command (no library needed); every failure becomes a jescore error with a
message that says what to do, e.g. how to fetch a revision missing from a shallow CI clone.

Files at a revision are read under the rules of the reading gate
(:func:`jescore.files.read_bytes`), applied to git's tree instead of the disk
(:func:`read_blob`): only regular files; a committed symbolic link is followed only while it
stays inside the repository, and loops are reported; the size is checked before the blob is
read. The working-tree side of ``compare --git`` reads through the gate confined to the
repository (:func:`working_tree`), so a symbolic link there cannot lead out of it either.
File names come from git as bytes (``-z``) and are decoded as the file system's names are
(undecodable bytes kept as escapes), so no name can stop a run.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jescore import files, loader
from jescore.errors import InputError, Problem, UsageError
from jescore.loader import Library
from jescore.safety import excerpt
from jescore.yamldoc import Reader

YAML_PATHSPECS = ("*.yaml", "*.yml")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--git needs the git command, which is not installed") from None


def _text(raw: bytes) -> str:
    """Git's output as text: names are bytes, decoded as the file system decodes them."""
    return os.fsdecode(raw)


def _failed(what: str, done: subprocess.CompletedProcess[bytes]) -> UsageError:
    return UsageError(f"--git: {what} failed: {excerpt(_text(done.stderr).strip(), 200)}")


def repo_root(folder: Path) -> Path:
    """The top folder of the git work tree holding ``folder``."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        shown = excerpt(str(files.resolved(folder)), 200)
        raise UsageError(f"--git: {shown} is not inside a git work tree")
    return Path(_text(done.stdout.rstrip(b"\n")))


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names, or a usage error saying how to get it.

    A revision is never read as an option: one starting with '-' is refused, and the rest are
    passed after ``--end-of-options``.
    """
    if not rev or rev.startswith("-") or "\0" in rev:
        raise UsageError(
            f"--git: '{excerpt(rev)}' is not a revision (a branch, tag or commit; it cannot "
            "start with '-')"
        )
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if done.returncode == 0:
        return _text(done.stdout).strip()
    shallow = _text(_git(root, "rev-parse", "--is-shallow-repository").stdout).strip()
    if shallow == "true":
        raise UsageError(
            f"--git: revision '{excerpt(rev)}' is not in this clone, which is shallow. Fetch "
            "more history first, e.g. 'git fetch --deepen=100', or 'git fetch origin BRANCH' "
            "for a branch (in GitHub Actions: 'fetch-depth: 0' on actions/checkout)"
        )
    raise UsageError(f"--git: '{excerpt(rev)}' is not a commit in this repository")


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
    # Named files are literal paths: a name holding '*' or '[' is not a pattern to git.
    specs = (
        [f":(top,literal){p}" for p in paths]
        if paths
        else [f":(top,glob)**/{p}" for p in YAML_PATHSPECS]
    )
    done = _git(root, "diff", "--name-status", "-z", "-M", commit, "--", *specs)
    if done.returncode != 0:
        raise _failed("git diff", done)
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
    if untracked.returncode != 0:
        raise _failed("git ls-files", untracked)
    fields = _text(done.stdout).split("\0")
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
    out += [Changed("added", None, p) for p in _text(untracked.stdout).split("\0") if p]
    return sorted(out, key=lambda c: c.new or c.old or "")


def reader_at(root: Path, commit: str, label: str) -> Reader:
    """A loader reader that takes files as they were at ``commit`` (see :func:`read_blob`)."""

    def read(path: Path, name: str) -> bytes:
        # The path names a place in git's tree, not on disk: it is made relative to the
        # repository without following the working tree's links.
        absolute = Path(os.path.normpath(Path(path).absolute()))
        if not absolute.is_relative_to(root) or absolute == root:
            raise InputError([Problem(f"is outside the repository at {excerpt(label)}", file=name)])
        return read_blob(root, commit, absolute.relative_to(root).as_posix(), name, label)

    return read


#: Most symbolic links followed one after another in git's tree (as the kernel allows).
MAX_LINKS = 40
#: Longest symbolic link read from git's tree (a path, not a file).
MAX_LINK_BYTES = 4096


def read_blob(root: Path, commit: str, rel: str, name: str, label: str) -> bytes:
    """The bytes of the file at ``rel`` (relative to the repository) in ``commit``'s tree.

    The reading gate's rules, applied to git's tree: only a regular file is read (a folder or
    a submodule is refused); a symbolic link is followed while its target stays inside the
    repository (an absolute target, or one climbing out with '..', is refused; loops are
    reported); the size git records is checked against the limit before the blob is read.

    Raises:
        InputError: any of these, with ``name`` (escaped) and ``label`` in the message.
    """
    at = excerpt(label)
    for _ in range(MAX_LINKS + 1):
        entry = _tree_entry(root, commit, rel)
        if entry is None:
            raise InputError([Problem(f"no such file at {at}", file=name)])
        mode, oid, size = entry
        if mode == "120000":  # a symbolic link: its blob holds the target's path
            target = _blob(root, oid, size, name, MAX_LINK_BYTES)
            followed = _link_target(rel, _text(target))
            if followed is None:
                raise InputError(
                    [
                        Problem(
                            f"is a symbolic link at {at} to a file outside the repository; it "
                            "is not read",
                            file=name,
                        )
                    ]
                )
            rel = followed
            continue
        if mode == "040000":
            raise InputError([Problem(f"is a folder at {at}, not a file", file=name)])
        if mode == "160000":
            raise InputError([Problem(f"is a submodule at {at}, not a file", file=name)])
        return _blob(root, oid, size, name, None)
    raise InputError(
        [Problem(f"is a symbolic link at {at} that loops (or too many links in a row)", file=name)]
    )


def _tree_entry(root: Path, commit: str, rel: str) -> tuple[str, str, int | None] | None:
    """Mode, object id and size of one entry of ``commit``'s tree, or None when absent.

    The entry's folder is listed (``commit:folder``, a literal path) and the name compared
    byte for byte: no pathspec, so no name is read as a pattern.
    """
    folder, leaf = posixpath.split(rel)
    done = _git(root, "ls-tree", "-z", "-l", "--end-of-options", f"{commit}:{folder}")
    if done.returncode != 0:
        return None  # the folder is not in that tree (or is not a folder there)
    want = os.fsencode(leaf)
    for record in done.stdout.split(b"\0"):
        info, tab, entry_name = record.partition(b"\t")
        if not tab or entry_name != want:
            continue
        mode, _kind, oid, size = info.split()
        return (
            mode.decode("ascii"),
            oid.decode("ascii"),
            int(size) if size.isdigit() else None,
        )
    return None


def _link_target(rel: str, target: str) -> str | None:
    """Where a symbolic link at ``rel`` leads, relative to the repository; None if outside."""
    if not target or target.startswith("/") or "\0" in target:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
    if joined in {".", ".."} or joined.startswith("../"):
        return None
    return joined


def _blob(root: Path, oid: str, size: int | None, name: str, limit: int | None) -> bytes:
    """A blob's bytes, its size checked first (``limit`` None: the YAML limit in force)."""
    most = files.max_file_bytes() if limit is None else limit
    if size is None or size > most:
        raise files.too_big(size, name, limit)
    done = _git(root, "cat-file", "blob", oid)
    if done.returncode != 0 or len(done.stdout) != size:
        raise InputError([Problem("cannot read it from git", file=name)])
    return done.stdout


def working_tree(root: Path, allow: list[Path]) -> Library:
    """A library reading the working tree for ``compare --git``, confined to the repository.

    Every file it reads (the questionnaires and the files they name) must lie in the
    repository, or in a folder allowed with --allow-dir, once symbolic links are followed: a
    questionnaire committed as a link to a file elsewhere is refused, not read.
    """
    roots = [root, *allow]
    return Library(files.reader(root=roots), roots)


def tracked_yaml(root: Path) -> list[str]:
    """Every YAML file git tracks, relative to the repository root."""
    specs = [f":(top,glob)**/{p}" for p in YAML_PATHSPECS]
    done = _git(root, "ls-files", "-z", "--", *specs)
    if done.returncode != 0:
        raise _failed("git ls-files", done)
    return sorted(p for p in _text(done.stdout).split("\0") if p)


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
    confined = files.reader(root=root)
    for rel in tracked_yaml(root):
        if rel in found:
            continue
        if any(ref in changed_files for ref in loader.referenced_files(root / rel, confined)):
            out.append(Changed("scheme-changed", rel, rel))
    return out


def _repo_path(root: Path, file: Path) -> str:
    """A named file's path in the repository: its folder's links followed, not its own.

    A file that is itself a symbolic link is compared under its own name; reading it (at the
    revision and in the working tree) decides whether its target may be read.
    """
    real = files.resolved(file)
    if file.name not in {"", ".", ".."}:
        real = files.resolved(file.parent) / file.name
    try:
        return real.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(
            f"--git: {excerpt(str(file), 200)} is outside the repository {excerpt(str(root), 200)}"
        ) from None
