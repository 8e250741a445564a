"""Finding and reading input files: the one way in for every file jescore reads.

- :func:`read_bytes` is the gate every file passes through (questionnaires, schemes, gradings,
  profiles, staff files; git blobs follow the same rules in :mod:`jescore.vcs`): regular files
  only, symbolic links followed with loops reported, containment checked after links are
  followed, size bounded before and while reading, every ``OSError`` turned into a
  :class:`~jescore.errors.Problem` naming the file.
- :func:`find_yaml_files` turns files, folders and glob patterns into a list of files; a folder
  walk reports what it cannot enter and goes on with the rest.
- :func:`trees` gives the folders the user pointed at, inside which a questionnaire may name
  scheme and grading files (see :class:`jescore.loader.Library`).

Exit codes: a file that cannot be read as asked (missing, unreadable, a folder, a device, a
FIFO or a socket, a link that loops or leads outside the tree, a name too long, too big, not
UTF-8) is invalid input, exit 3 (:class:`~jescore.errors.InputError`); only a malformed setting
(``JESCORE_MAX_FILE_BYTES``) is a usage error, exit 2.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from jescore.errors import InputError, Problem, UsageError
from jescore.safety import excerpt

YAML_SUFFIXES = (".yaml", ".yml")

#: Largest input file read, in bytes, unless the JESCORE_MAX_FILE_BYTES variable says otherwise.
MAX_FILE_BYTES = 5 * 1024 * 1024

#: Reads a file's bytes: (path, name to show in messages) -> bytes; raises InputError.
Reader = Callable[[Path, str], bytes]

_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def max_file_bytes() -> int:
    """The size limit in force: JESCORE_MAX_FILE_BYTES when set to a whole number, else 5 MB."""
    text = os.environ.get("JESCORE_MAX_FILE_BYTES", "")
    try:
        value = int(text)
    except ValueError:
        if text:
            raise UsageError(
                f"JESCORE_MAX_FILE_BYTES must be a whole number of bytes, not '{excerpt(text)}'"
            ) from None
        return MAX_FILE_BYTES
    return max(value, 1)


def too_big(size: int | None, name: str, limit: int | None = None) -> InputError:
    """The problem of a file over the size limit (``size`` None: a pipe that went past it).

    ``limit`` None means the YAML limit in force, which a setting can change.
    """
    shown = max_file_bytes() if limit is None else limit
    what = f"is {size:,} bytes" if size is not None else f"holds more than {shown:,} bytes"
    hint = " (set JESCORE_MAX_FILE_BYTES to change it)" if limit is None else ""
    return InputError([Problem(f"file {what}; the limit is {shown:,}{hint}", file=name)])


# --- why a file cannot be read ---------------------------------------------------------------

_WHY = {
    errno.ENOENT: "no such file",
    errno.ENOTDIR: "no such file (a part of its path is not a folder)",
    errno.EISDIR: "is a folder, not a file",
    errno.EACCES: "cannot read it: permission denied",
    errno.EPERM: "cannot read it: permission denied",
    errno.ELOOP: "is a symbolic link that loops (or too many links in a row)",
    errno.ENAMETOOLONG: "the name (or the whole path) is too long for this system",
}


def why(exc: OSError) -> str:
    """What an ``OSError`` means for a file the user gave, in words (never the path itself)."""
    known = _WHY.get(exc.errno or 0)
    if known is not None:
        return known
    return f"cannot read it ({excerpt(exc.strerror or type(exc).__name__)})"


def unreadable(name: str, exc: OSError) -> InputError:
    """The problem of a file that an ``OSError`` stopped."""
    return InputError([Problem(why(exc), file=name)])


def kind_of(mode: int) -> str:
    """What a file is, from its mode, as a phrase: 'a folder', 'a FIFO (named pipe)'..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(name: str, mode: int) -> InputError:
    kind = kind_of(mode)
    if stat.S_ISDIR(mode):
        return InputError([Problem("is a folder, not a file", file=name)])
    return InputError([Problem(f"is {kind}, not a regular file; jescore reads files", file=name)])


# --- the gate --------------------------------------------------------------------------------


def resolved(path: Path | str) -> Path:
    """``path`` with every symbolic link followed, as far as they lead; never raises.

    A link that loops or leads nowhere is left where it stands: reading it reports why.
    """
    return Path(os.path.realpath(path))


def inside(path: Path | str, roots: Iterable[Path]) -> bool:
    """Whether ``path``, once symbolic links are followed, lies in one of ``roots``."""
    real = resolved(path)
    return any(real.is_relative_to(resolved(root)) for root in roots)


def _roots(root: Path | Sequence[Path] | None) -> tuple[Path, ...]:
    if root is None:
        return ()
    if isinstance(root, Path):
        return (root,)
    return tuple(root)


def _contained(path: Path, name: str, roots: tuple[Path, ...]) -> Path:
    """The real path of ``path``, which must lie in one of ``roots`` once links are followed."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        raise unreadable(name, exc) from None
    if any(real.is_relative_to(resolved(root)) for root in roots):
        return real
    where = " or ".join(excerpt(str(r), 120) for r in roots)
    raise InputError(
        [Problem(f"leads outside {where} (through a symbolic link); it is not read", file=name)]
    )


def read_bytes(
    path: Path,
    name: str | None = None,
    *,
    limit: int | None = None,
    root: Path | Sequence[Path] | None = None,
    allow_pipe: bool = False,
) -> bytes:
    """The bytes of one input file, read through every check jescore makes on input files.

    Args:
        path: the file.
        name: how messages name it (default: the path).
        limit: the most bytes read (default: :func:`max_file_bytes`, the YAML limit).
        root: when given, the file must lie in this folder (or one of these folders) once
            symbolic links are followed.
        allow_pipe: a FIFO or pipe (``/dev/stdin``, ``<(command)``) may be read, once, into
            memory; otherwise it is refused at once, without waiting for a writer.

    Raises:
        InputError: the file is missing, unreadable, not a regular file, a link that loops or
            leads outside ``root``, or over the limit (exit 3, with the path escaped).
        UsageError: JESCORE_MAX_FILE_BYTES is malformed (exit 2).
    """
    shown = name if name is not None else str(path)
    most = max_file_bytes() if limit is None else limit
    roots = _roots(root)
    target = _contained(path, shown, roots) if roots else path
    try:
        # stat before opening: opening a FIFO would wait for a writer, and opening a device
        # can act on it.
        info = Path(target).stat()
    except OSError as exc:
        raise unreadable(shown, exc) from None
    pipe = stat.S_ISFIFO(info.st_mode) and allow_pipe
    if not (stat.S_ISREG(info.st_mode) or pipe):
        raise _not_regular(shown, info.st_mode)
    if not pipe and info.st_size > most:
        raise too_big(info.st_size, shown, limit)
    # A regular file is opened without blocking: if it was swapped for a FIFO since the stat,
    # the open cannot hang, and the fstat below sees the change.
    try:
        fd = os.open(target, _FLAGS | (0 if pipe else _NONBLOCK))
    except OSError as exc:
        raise unreadable(shown, exc) from None
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or stat.S_IFMT(
            opened.st_mode
        ) != stat.S_IFMT(info.st_mode):
            raise InputError([Problem("changed while being opened; run again", file=shown)])
        if not pipe and opened.st_size > most:
            raise too_big(opened.st_size, shown, limit)
        return _read_all(fd, 0 if pipe else opened.st_size, most, shown, limit)
    except OSError as exc:
        raise unreadable(shown, exc) from None
    finally:
        os.close(fd)


def _read_all(fd: int, expected: int, most: int, name: str, limit: int | None) -> bytes:
    """Every byte from ``fd``, never more than ``most``: a file growing or a pipe is cut off."""
    chunks: list[bytes] = []
    total = 0
    want = max(expected + 1, 1 << 16)
    while True:
        chunk = os.read(fd, min(want, most + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > most:
            raise too_big(None, name, limit)


def reader(root: Path | Sequence[Path] | None = None, *, allow_pipe: bool = False) -> Reader:
    """A :data:`Reader` that reads through :func:`read_bytes` with these settings."""

    def read(path: Path, name: str) -> bytes:
        return read_bytes(path, name, root=root, allow_pipe=allow_pipe)

    return read


# --- finding files ---------------------------------------------------------------------------


def _stat(path: Path | str, follow: bool = True) -> os.stat_result | None:
    """``os.stat`` (or ``lstat``), None when it fails for any reason (the read says why)."""
    try:
        return Path(path).stat(follow_symlinks=follow)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None


def _is_dir(path: Path | str) -> bool:
    info = _stat(path)
    return info is not None and stat.S_ISDIR(info.st_mode)


def _is_file(path: Path | str) -> bool:
    info = _stat(path)
    return info is not None and stat.S_ISREG(info.st_mode)


def _exists(path: Path | str) -> bool:
    return _stat(path, follow=False) is not None


def _yaml_under(folder: Path) -> tuple[list[Path], list[Problem]]:
    """YAML files under a folder, sorted, and a problem for each thing that could not be read.

    Symlinked folders are not entered; a symlinked file counts only when its target lies in
    the folder too, so a link cannot make jescore read a file outside the tree it was given.
    A folder that cannot be listed (permissions, nested past the path limit, a name too long),
    a link that loops or leads nowhere, and a FIFO, device or socket named like a YAML file are
    reported, and the walk goes on with the rest. The directory listing says what each entry
    is, so plain files cost no extra system call.
    """
    top = resolved(folder)
    out: list[str] = []
    problems: list[Problem] = []
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    problem = _entry(entry, top, out, pending)
                    if problem is not None:
                        problems.append(problem)
        except OSError as exc:
            reason = why(exc).removeprefix("cannot read it: ")
            problems.append(
                Problem(
                    f"cannot list this folder ({reason}); the files in it were left out",
                    file=current,
                )
            )
    problems.sort(key=lambda p: p.file or "")
    return sorted(Path(p) for p in out), problems


def _entry(
    entry: os.DirEntry[str], top: Path, out: list[str], pending: list[str]
) -> Problem | None:
    """Sort one folder entry into ``out`` (a YAML file) or ``pending`` (a folder to walk)."""
    try:
        if entry.is_dir(follow_symlinks=False):
            pending.append(entry.path)
            return None
        if not entry.name.endswith(YAML_SUFFIXES):
            return None
        if entry.is_file(follow_symlinks=False):  # the usual case: no system call
            out.append(entry.path)
            return None
        if entry.is_symlink():
            target = Path(os.path.realpath(entry.path, strict=True))
            if not target.is_relative_to(top):
                return None  # outside the tree: not read, as documented
            mode = target.stat().st_mode
        else:
            mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        return Problem(f"{why(exc)}; skipped", file=entry.path)
    if not stat.S_ISREG(mode):
        return Problem(f"is {kind_of(mode)}, not a regular file; skipped", file=entry.path)
    out.append(entry.path)
    return None


def find_yaml_files(args: list[str]) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """Files named by files, folders (searched for *.yaml and *.yml) and glob patterns.

    Returns (path, named) pairs in a stable order; ``named`` is False for files found in a
    folder or by a pattern, which callers skip when they turn out to be another kind of file
    (a scheme among questionnaires, a questionnaire among schemes). Also returns a problem for
    each folder without YAML files, each pattern that matches no file, and each thing a folder
    walk could not read: a mistyped pattern must not pass for an empty set of files.

    A named file is listed as named, whatever it is: reading it says what is wrong with it.
    """
    found: list[tuple[Path, bool]] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path, named: bool) -> None:
        if path not in seen:
            seen.add(path)
            found.append((path, named))

    for arg in args:
        path = Path(arg)
        if _is_dir(path):
            children, trouble = _yaml_under(path)
            problems += trouble
            if not children and not trouble:
                problems.append(Problem("is a folder with no YAML files in it", file=arg))
            for child in children:
                add(child, False)
        elif _is_pattern(arg) and not _exists(path):
            files, trouble = _matches(arg)
            problems += trouble
            if not files and not trouble:
                problems.append(Problem("is a pattern that matches no file", file=arg))
            for match in files:
                add(match, False)
        else:
            add(path, True)
    return found, problems


def _matches(pattern: str) -> tuple[list[Path], list[Problem]]:
    """Regular files a glob pattern matches (each once, none outside the pattern's folder).

    Also a problem for each thing it matched that could not be read and each folder it could
    not look into, as a folder walk reports them.

    ``glob`` follows links to folders: a link looping back (``jobs/loop -> .``) would list
    every file again under ``jobs/loop/``, ``jobs/loop/loop/``... and one leading out of the
    tree would read files there. So a file is kept once, by its real path, and only when that
    lies in the pattern's fixed part (as a folder walk does). ``glob`` silently skips what it
    cannot list and what is not a file; both are said here.
    """
    top = resolved(trees([pattern])[0])
    best: dict[Path, str] = {}  # real path -> the shortest match naming it
    problems: dict[Path, Problem] = {}
    # glob.glob takes absolute and relative patterns alike; Path.glob does not.
    for match in glob.glob(pattern, recursive=True):  # noqa: PTH207
        real = resolved(match)
        if not real.is_relative_to(top):
            continue  # outside the tree: not read, as documented
        said = match.endswith(YAML_SUFFIXES)  # what a folder walk reports, a pattern reports
        try:
            mode = Path(match).stat().st_mode
        except (OSError, ValueError) as exc:
            if said and isinstance(exc, OSError):
                problems.setdefault(real, Problem(f"{why(exc)}; skipped", file=match))
            continue
        if stat.S_ISREG(mode):
            known = best.get(real)
            if known is None or (len(match), match) < (len(known), known):
                best[real] = match
        elif said and not stat.S_ISDIR(mode):
            problem = Problem(f"is {kind_of(mode)}, not a regular file; skipped", file=match)
            problems.setdefault(real, problem)
    problems.update(_unlisted(pattern, top))
    found = [Path(m) for m in sorted(best.values())]
    return found, sorted(problems.values(), key=lambda p: p.file or "")


def _unlisted(pattern: str, top: Path) -> dict[Path, Problem]:
    """The folders a pattern would look into that cannot be listed, each with a problem."""
    folder = os.path.dirname(pattern)  # noqa: PTH120 (a pattern, not a path)
    if not folder:
        return {}
    candidates = glob.glob(folder, recursive=True) if _is_pattern(folder) else [folder]  # noqa: PTH207
    out: dict[Path, Problem] = {}
    for candidate in candidates:
        real = resolved(candidate)
        if not real.is_relative_to(top) or not _is_dir(candidate):
            continue
        try:
            with os.scandir(candidate):
                pass
        except OSError as exc:
            reason = why(exc).removeprefix("cannot read it: ")
            message = f"cannot list this folder ({reason}); the files in it were left out"
            out.setdefault(real, Problem(message, file=candidate))
    return out


def _is_pattern(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


def trees(args: Iterable[str | Path]) -> list[Path]:
    """The folders that command-line arguments point at.

    A folder itself, a file's folder, a pattern's fixed part (``jobs/**/*.yaml`` gives
    ``jobs``).
    """
    out: list[Path] = []
    for arg in args:
        text = str(arg)
        if _is_pattern(text) and not _exists(text):
            parts = Path(text).parts
            fixed = list(parts[: next(i for i, p in enumerate(parts) if _is_pattern(p))])
            out.append(Path(*fixed) if fixed else Path())
        elif _is_dir(text):
            out.append(Path(text))
        else:
            out.append(Path(text).parent)
    return out
