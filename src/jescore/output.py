"""Writing results to files: the one way out to the file system.

- :func:`write_atomic` writes a whole file. The content goes to a new temporary file in the
  target's folder first, so a reader (or a crash) never sees half a file. Then:

  - without ``force``, the file is published with ``os.link(temporary, target)``, which fails
    when the target exists, whoever made it: of two runs writing the same file, exactly one
    wins and the other stops with "exists" (exit 2); nothing is ever overwritten;
  - with ``force``, only a regular file is replaced (``os.replace``, atomic). A folder, a
    device (``-o /dev/null``), a FIFO, a socket or a symbolic link named as the output is
    refused and left as it is: jescore never turns one into a regular file, nor writes
    through a link to wherever it leads.

- :func:`append_atomic` adds text to the end of a file (the GitHub step summary) with one
  ``write`` on a file opened for appending: the kernel puts each append at the end, so two
  runs appending at once both land, whole. Only a regular file is appended to.

Neither ever writes over one of the run's input files. A new file gets the usual permissions
(the umask applies, as for any file the user creates); a replaced file keeps its own. Every
failure is a :class:`~jescore.errors.UsageError` (exit 2) naming the file, escaped.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from jescore.errors import UsageError
from jescore.files import kind_of, resolved
from jescore.safety import excerpt

_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

#: Errors of ``os.link`` that mean "this file system has no hard links", not "it exists".
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def write_atomic(
    path: Path, content: str | bytes, *, force: bool, inputs: Iterable[Path] = ()
) -> None:
    """Write ``content`` to ``path``: exclusively without ``force``, atomically always.

    Raises:
        UsageError: ``path`` is one of the inputs; exists without ``force``; is a folder, a
            device, a FIFO, a socket or a symbolic link (with ``force``); or cannot be written.
    """
    shown = excerpt(str(path), 200)
    data = content.encode("utf-8") if isinstance(content, str) else content
    existing = _checked(path, shown, inputs)
    if existing is not None and not force:
        raise _exists(shown)
    if existing is not None:
        _replace(path, shown, data, stat.S_IMODE(existing.st_mode))
    else:
        _create(path, shown, data)


def append_atomic(path: Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    """Add ``text`` to the end of ``path`` (created if missing) in one append.

    Raises:
        UsageError: ``path`` is one of the inputs, is not a regular file (a folder, a
            device, a FIFO, a socket, a symbolic link), or cannot be written.
    """
    shown = excerpt(str(path), 200)
    _checked(path, shown, inputs)
    data = text.encode("utf-8")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NONBLOCK | _NOFOLLOW
    try:
        # O_NONBLOCK: a FIFO put there since the check cannot make the open wait; O_NOFOLLOW:
        # nor can a symbolic link lead the append elsewhere.
        fd = os.open(path, flags | _CLOEXEC | _BINARY, 0o666)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot append to it ({_reason(exc)})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(shown, mode)
        written = os.write(fd, data)
        # A regular file takes the whole write at once; should the kernel take less (a full
        # disk, a signal), the rest still goes to the end.
        while written < len(data):
            written += os.write(fd, data[written:])
    except OSError as exc:
        raise UsageError(f"{shown}: cannot append to it ({_reason(exc)})") from None
    finally:
        os.close(fd)


def check_target(path: Path) -> None:
    """Refuse at once an output that could never be written.

    Not a regular file, a link, a name that cannot be, a missing folder: refused before any
    work is done. Whether it is one of the inputs is checked when it is written.
    """
    _checked(path, excerpt(str(path), 200), ())


def _checked(path: Path, shown: str, inputs: Iterable[Path]) -> os.stat_result | None:
    """What is at ``path`` now (None: nothing), after the checks every output passes.

    The target may be neither an input (by path once links are followed, or by identity) nor
    anything but a regular file, and its folder must exist.
    """
    try:
        existing: os.stat_result | None = path.lstat()
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else "the name holds a NUL"
        raise UsageError(f"{shown}: cannot write it ({reason})") from None
    real = resolved(path)
    for item in inputs:
        if real == resolved(item) or (existing is not None and _same(existing, item)):
            raise UsageError(f"{shown}: refusing to write over an input file")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise _not_regular(shown, existing.st_mode)
    if not _is_dir(path.parent):
        raise UsageError(f"{shown}: no such folder: {excerpt(str(path.parent), 200)}")
    return existing


def _is_dir(folder: Path) -> bool:
    try:
        return stat.S_ISDIR(folder.stat().st_mode)
    except (OSError, ValueError):
        return False


def _same(existing: os.stat_result, item: Path) -> bool:
    try:
        other = item.stat()
    except (OSError, ValueError):
        return False
    return (existing.st_dev, existing.st_ino) == (other.st_dev, other.st_ino)


def _not_regular(shown: str, mode: int) -> UsageError:
    if stat.S_ISLNK(mode):
        what = "a symbolic link"
    else:
        what = kind_of(mode)
    return UsageError(
        f"{shown}: is {what}, not a regular file; jescore writes only regular files and "
        "leaves this one as it is (name another file)"
    )


def _exists(shown: str) -> UsageError:
    return UsageError(f"{shown}: file exists; use --force to replace it")


def _reason(exc: OSError) -> str:
    return excerpt(exc.strerror or type(exc).__name__)


def _create(path: Path, shown: str, data: bytes) -> None:
    """Publish ``data`` as a new file at ``path``; fail with "exists" if it appeared meanwhile."""
    tmp = _temporary(path, shown, data, None)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise _exists(shown) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise UsageError(f"{shown}: cannot write it ({_reason(exc)})") from None
        # This file system has no hard links (some network and FAT-like ones): create the
        # target exclusively and write into it. Still exclusive (a second writer gets
        # "exists"), but a reader could see the file before it is whole.
        _exclusive(path, shown, data)
    finally:
        tmp.unlink(missing_ok=True)


def _exclusive(path: Path, shown: str, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        raise _exists(shown) from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write it ({_reason(exc)})") from None
    try:
        _write_all(fd, data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise UsageError(f"{shown}: cannot write it ({_reason(exc)})") from None
    finally:
        os.close(fd)


def _replace(path: Path, shown: str, data: bytes, mode: int) -> None:
    """Replace the regular file at ``path`` with ``data``, keeping its permissions."""
    tmp = _temporary(path, shown, data, mode)
    try:
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{shown}: cannot write it ({_reason(exc)})") from None


def _temporary(path: Path, shown: str, data: bytes, mode: int | None) -> Path:
    """A new file beside ``path`` holding ``data``, with ``mode`` (or a new file's permissions)."""
    # At most 100 bytes of the name (a file name is limited in bytes, not characters), cut
    # where a character begins.
    name = os.fsencode(path.name)
    cut = min(len(name), 100)
    while 0 < cut < len(name) and name[cut] & 0xC0 == 0x80:  # inside a UTF-8 character
        cut -= 1
    tmp = path.with_name(f".{os.fsdecode(name[:cut])}.{os.urandom(8).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    try:
        fd = os.open(tmp, flags, 0o666)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write here ({_reason(exc)})") from None
    try:
        try:
            _write_all(fd, data)
            if mode is not None:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{shown}: cannot write it ({_reason(exc)})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
