"""Finding input files: files, folders and glob patterns turned into a list of files.

- :func:`find_yaml_files` turns files, folders and glob patterns into a list of files.
- :func:`trees` gives the folders the user pointed at, inside which a questionnaire may name
  scheme and grading files (see :class:`jescore.loader.Library`).
- :func:`read_bytes` reads one file: a regular file (or, where asked, a pipe), within a size
  limit, every operating-system error turned into a message with the path.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from jescore.errors import InputError, Problem

YAML_SUFFIXES = (".yaml", ".yml")


def _yaml_under(folder: Path) -> list[Path]:
    """YAML files under a folder, sorted; symbolic links that lead out of it are left out.

    Symlinked folders are not entered; a symlinked file counts only when its target lies in
    the folder too, so a link cannot make jescore read a file outside the tree it was given.
    The directory listing says what each entry is, so plain files cost no extra system call.
    """
    top = folder.resolve()
    out: list[str] = []
    pending = [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.name.endswith(YAML_SUFFIXES):
                    if entry.is_symlink():
                        target = Path(entry.path).resolve()
                        if not (target.is_relative_to(top) and target.is_file()):
                            continue
                    elif not entry.is_file(follow_symlinks=False):
                        continue
                    out.append(entry.path)
    return sorted(Path(p) for p in out)


def find_yaml_files(args: list[str]) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """Files named by files, folders (searched for *.yaml and *.yml) and glob patterns.

    Returns (path, named) pairs in a stable order; ``named`` is False for files found in a
    folder or by a pattern, which callers skip when they turn out to be another kind of file
    (a scheme among questionnaires, a questionnaire among schemes). Also returns a problem for
    each folder without YAML files and each pattern that matches no file: a mistyped pattern
    must not pass for an empty set of files.
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
        if path.is_dir():
            children = _yaml_under(path)
            if not children:
                problems.append(Problem("is a folder with no YAML files in it", file=arg))
            for child in children:
                add(child, False)
        elif _is_pattern(arg) and not path.exists():
            # glob.glob takes absolute and relative patterns alike; Path.glob does not.
            matches = [Path(m) for m in sorted(glob.glob(arg, recursive=True))]  # noqa: PTH207
            files = [m for m in matches if m.is_file()]
            if not files:
                problems.append(Problem("is a pattern that matches no file", file=arg))
            for match in files:
                add(match, False)
        else:
            add(path, True)
    return found, problems


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
        if _is_pattern(text) and not Path(text).exists():
            parts = Path(text).parts
            fixed = list(parts[: next(i for i, p in enumerate(parts) if _is_pattern(p))])
            out.append(Path(*fixed) if fixed else Path())
        elif Path(text).is_dir():
            out.append(Path(text))
        else:
            out.append(Path(text).parent)
    return out


#: Bytes read at a time from a pipe.
_CHUNK = 1 << 20


def read_bytes(
    path: Path,
    name: str | None = None,
    *,
    limit: int | None = None,
    root: Path | None = None,
    allow_pipe: bool = False,
) -> bytes:
    """The bytes of one file, read once.

    Only a regular file is read, or, with ``allow_pipe``, a pipe (``--staff <(...)``, a FIFO);
    a folder, a device or a socket is refused at once, before any read can block. The file is
    opened first and then examined, so what is read is what was checked. ``limit`` bounds the
    size (a pipe is read up to one byte past it); ``root``, when given, is a folder the file
    must lie in once symbolic links are resolved.

    Raises:
        InputError: the file cannot be opened or read, is not of an accepted kind, lies
            outside ``root``, or is larger than ``limit``; the message names the path, escaped.
    """
    shown = name if name is not None else str(path)

    def refuse(message: str) -> InputError:
        return InputError([Problem(message, file=shown)])

    if root is not None:
        try:
            inside = path.resolve(strict=True).is_relative_to(root.resolve())
        except (OSError, RuntimeError) as exc:
            raise refuse(f"cannot read it ({_reason(exc)})") from None
        if not inside:
            raise refuse("lies outside the folder it must be in")
    try:
        # Non-blocking, so that opening a FIFO with no writer cannot hang; reads of a regular
        # file are unaffected, and a pipe is switched back to blocking reads below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        raise refuse(f"cannot read it ({_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("is a folder, not a file")
        pipe = stat.S_ISFIFO(info.st_mode)
        if not (stat.S_ISREG(info.st_mode) or (pipe and allow_pipe)):
            kind = "a pipe" if pipe else "not a regular file (a device or a socket)"
            raise refuse(f"is {kind}; give a regular file")
        if limit is not None and not pipe and info.st_size > limit:
            raise refuse(f"is {info.st_size:,} bytes; the limit is {limit:,}")
        if pipe:
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                raise refuse(f"is more than {limit:,} bytes, the limit")
        return b"".join(chunks)
    except OSError as exc:
        raise refuse(f"cannot read it ({_reason(exc)})") from None
    finally:
        os.close(fd)


def _reason(exc: BaseException) -> str:
    """An operating-system error in words, without repeating the path it names."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() if exc.strerror[:1].isupper() else exc.strerror
    return type(exc).__name__
