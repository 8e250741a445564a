"""Writing results to files: atomically, never over an input, never over a file without force."""

from __future__ import annotations

import os
import tempfile
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
    target = path.resolve()
    if any(target == Path(p).resolve() for p in inputs):
        raise UsageError(f"{path}: refusing to write over an input file")
    if path.exists() and not force:
        raise UsageError(f"{path}: file exists; use --force to replace it")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder")
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
