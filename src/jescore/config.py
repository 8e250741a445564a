"""Project configuration: ``jescore.toml``, or ``[tool.jescore]`` in ``pyproject.toml``.

Found from the current folder upwards: in each folder ``jescore.toml`` first, then a
``pyproject.toml`` that has a ``[tool.jescore]`` table. The search stops at a repository root
(a folder holding ``.git``), after looking there, or at the root of the file system. It is
read through :func:`jescore.files.read_bytes` and parsed with :mod:`tomllib`. The keys::

    allow_dirs = ["schemes"]          # folders scheme and grading files may be read from
    bands = "njc-southampton-2015"    # default grading (a shipped id, or a path)
    [gate]
    compare = "band-change"           # compare's default --fail-on
    check = "manager,order"           # check's default --fail-on
    [formats]
    evaluate = "markdown"             # a command's default --format

Paths are relative to the folder of the configuration file. Options given on the command line
win over the file. An unknown key, a value of the wrong type or invalid TOML is an error naming
the file and the line (exit 2).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jescore.errors import InputError, UsageError
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore.models import FileRef

#: The file names looked for in each folder, in order.
NAMES = ("jescore.toml", "pyproject.toml")
#: The most bytes a configuration file may hold.
MAX_BYTES = 1_000_000

_TOP = {"allow_dirs", "bands", "gate", "formats"}
_GATES = {"compare", "check"}


@dataclass(frozen=True, slots=True)
class Config:
    """A project's configuration and the file it came from."""

    file: FileRef
    allow_dirs: tuple[Path, ...] = ()
    bands: str | None = None
    gates: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    #: Where each key is, for messages about a value found wrong when it is used.
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """'jescore.toml:4' for a key such as 'formats.evaluate' (the file alone if unknown)."""
        line = self.lines.get(key)
        return f"{self.file.path}:{line}" if line else self.file.path


def find(start: Path) -> Path | None:
    """The configuration file that applies in ``start``, or None."""
    from jescore.files import read_bytes

    folder = start.resolve()
    while True:
        for name in NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "jescore.toml":
                return candidate
            try:
                text = read_bytes(candidate, limit=MAX_BYTES)
            except InputError:
                continue
            if re.search(rb"^\s*\[\s*tool\s*\.\s*jescore\s*[\].]", text, re.MULTILINE):
                return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def load(path: Path, shown: str | None = None) -> Config:
    """Read and check one configuration file.

    Raises:
        UsageError: the file cannot be read, is not TOML, or holds an unknown key or a value of
            the wrong type (its line named).
    """
    from jescore.files import read_bytes

    name = shown if shown is not None else str(path)
    try:
        raw = read_bytes(path, name, limit=MAX_BYTES)
    except InputError as exc:
        raise UsageError("; ".join(str(p) for p in exc.problems)) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(f"{excerpt(name, 200)}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = f":{found.group(1)}" if found else f":{max(1, len(text.splitlines()))}"
        what = re.sub(r"\s*\((?:at line \d+, column \d+|at end of document)\)", "", str(exc))
        raise UsageError(f"{excerpt(name, 200)}{line}: invalid TOML: {excerpt(what)}") from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "jescore")
        table: Any = data.get("tool", {}).get("jescore", {})
    else:
        table = data
    lines = _lines(text, prefix)
    from jescore.models import FileRef  # (only when a configuration is found: pydantic's cost)

    ref = FileRef(name, hashlib.sha256(raw).hexdigest())

    def fail(key: str, message: str) -> UsageError:
        line = lines.get(key)
        where = f"{excerpt(name, 200)}:{line}" if line else excerpt(name, 200)
        shown_key = ".".join((*prefix, key)) if prefix else key
        return UsageError(f"{where}: {excerpt(shown_key, 80)}: {message}")

    if not isinstance(table, dict):
        raise fail("", "must be a table of settings")
    for key in table:
        if key not in _TOP:
            raise fail(key, f"unknown key; the keys are: {', '.join(sorted(_TOP))}")
    base = path.resolve().parent
    allow = table.get("allow_dirs", [])
    if not isinstance(allow, list) or not all(isinstance(a, str) and a for a in allow):
        raise fail("allow_dirs", 'must be a list of folder paths, e.g. ["schemes"]')
    bands = table.get("bands")
    if bands is not None and not (isinstance(bands, str) and bands.strip()):
        raise fail("bands", "must be a shipped grading id or a file path, as text")
    if isinstance(bands, str) and (
        "/" in bands or "\\" in bands or bands.endswith((".yaml", ".yml"))
    ):
        bands = str(base / bands)
    gates = _strings(table.get("gate", {}), "gate", _GATES, fail)
    formats = _strings(table.get("formats", {}), "formats", None, fail)
    return Config(
        file=ref,
        allow_dirs=tuple(base / a for a in allow),
        bands=bands,
        gates=gates,
        formats=formats,
        lines=lines,
    )


def _strings(value: Any, section: str, known: set[str] | None, fail: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail(section, "must be a table, e.g. [" + section + "]")
    out: dict[str, str] = {}
    for key, item in value.items():
        if known is not None and key not in known:
            raise fail(f"{section}.{key}", f"unknown key; the keys are: {', '.join(sorted(known))}")
        if not isinstance(item, str) or not item.strip():
            raise fail(f"{section}.{key}", "must be text")
        out[key] = item.strip()
    return out


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s\"']+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _lines(text: str, prefix: tuple[str, ...]) -> dict[str, int]:
    """The line of each key, dotted from the configuration's own table ('gate.compare')."""
    out: dict[str, int] = {}
    section: tuple[str, ...] | None = () if not prefix else None
    for n, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            parts = tuple(p.strip().strip("\"'") for p in header.group(1).split("."))
            if parts[: len(prefix)] == prefix:
                section = parts[len(prefix) :]
                out.setdefault(".".join(section), n)
            else:
                section = None
            continue
        key = _KEY.match(line)
        if key and section is not None:
            out.setdefault(".".join((*section, key.group(1))), n)
    return out
