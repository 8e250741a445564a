"""The project configuration of one run (see :mod:`jescore.config`), found once, when needed.

Every command that reads files asks for it; the first to ask finds and loads it, says on stderr
which file it is, and marks the run's JSON envelope with the file and its hash
(:data:`jescore.render.kit.envelope.CONFIG`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jescore.config import Config

_UNSET = object()
_state: list[object] = [_UNSET]


def reset() -> None:
    """Forget the configuration of the previous run (each command starts afresh)."""
    from jescore.render.kit.envelope import CONFIG

    _state[0] = _UNSET
    CONFIG.set(None)


def current() -> Config | None:
    """The configuration that applies in the current folder, or None; loaded once a run."""
    held = _state[0]
    from jescore import config

    if held is not _UNSET:
        return held if isinstance(held, config.Config) else None
    from jescore.cli.emit import say
    from jescore.render.kit.envelope import CONFIG

    _state[0] = None
    path = config.find(Path.cwd())
    if path is None:
        return None
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        shown = str(path)
    found = config.load(path, shown)
    from jescore.cli.emit import OFFERS
    from jescore.errors import UsageError
    from jescore.safety import excerpt

    for command in found.formats:
        if command not in OFFERS:  # a misspelt command would otherwise be silently unused
            known = ", ".join(sorted(OFFERS))
            raise UsageError(
                f"{found.where(f'formats.{command}')}: formats.{excerpt(command, 40)}: no command "
                f"of that name writes output; the commands are: {known}"
            )
    _state[0] = found
    CONFIG.set({"path": found.file.path, "sha256": found.file.sha256})
    say(f"note: using the project configuration {shown} (sha256 {found.file.sha256[:12]})")
    return found
