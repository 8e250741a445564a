"""Writing results to files: atomically, never over an input, never over a file without force.

Every write goes to a new file in the target's folder, which is then renamed over the target,
so a reader (or a crash) never sees half a file. A new file gets the usual permissions (the
umask applies, as for any file the user creates); a replaced file keeps its own.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from jescore.errors import UsageError


def write_atomic(
    path: Path, content: str | bytes, *, force: bool, inputs: Iterable[Path] = ()
) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder, then rename.

    Raises:
        UsageError: ``path`` is one of the inputs, exists without ``force``, or is not writable.
    """
    target = _checked(path, inputs)
    if target.exists() and not force:
        raise UsageError(f"{path}: file exists; use --force to replace it")
    _replace(path, target, content.encode("utf-8") if isinstance(content, str) else content)


def append_atomic(path: Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    """Add ``text`` to the end of ``path`` (created if missing), replacing it atomically.

    Raises:
        UsageError: ``path`` is one of the inputs, a folder, or cannot be read or written.
    """
    target = _checked(path, inputs)
    try:
        before = target.read_bytes() if target.exists() else b""
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it to append ({exc.strerror})") from None
    _replace(path, target, before + text.encode("utf-8"))


def _checked(path: Path, inputs: Iterable[Path]) -> Path:
    target = path.resolve()
    if any(target == Path(p).resolve() for p in inputs):
        raise UsageError(f"{path}: refusing to write over an input file")
    if target.is_dir():
        raise UsageError(f"{path}: is a folder")
    if not target.parent.is_dir():
        raise UsageError(f"{path}: no such folder: {target.parent}")
    return target


def _replace(path: Path, target: Path, data: bytes) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None  # a new file: the umask decides, through os.open below
    tmp, fd = _temporary(path, target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            tmp.chmod(mode)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write it ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary(path: Path, target: Path) -> tuple[Path, int]:
    """A new, empty file beside ``target``, created with the permissions a new file gets."""
    tmp = target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        return tmp, os.open(tmp, flags, 0o666)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write here ({exc.strerror})") from None
