r"""JSON output: one envelope (shape 2) for every command, and the sub-objects they share.

Every JSON output is an object that starts with the same keys::

    {"jescore_version": "...", "shape": 2, "command": "evaluate",
     "inputs": [{"path": ..., "sha256": ..., "kind": "questionnaire"}, ...],
     "schemes": [{"id": ..., "name": ..., "edition": ..., "status": ..., "sha256": ...}], ...}

and the same thing has the same shape everywhere: a job is ``{title, reference, organisation,
family}``, a band ``{label, min, max}`` (or null), a score ``{total, band}``, a file ``{path,
sha256}``. The shapes are TypedDicts, so that the type checker holds every renderer to them and
``tools/output_schemas.py`` writes a JSON Schema of each command's output from them.

JSON is written by plain ``json.dumps`` (never through rich, which may wrap or colour), with keys
in insertion order and every control character and direction override written as a ``\u``
escape (:func:`jescore.safety.json_safe`).
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Literal, NotRequired

from typing_extensions import TypedDict

from jescore import __version__
from jescore.safety import json_safe

if TYPE_CHECKING:
    from jescore.models import Band, FileRef, Scheme

#: Version of the JSON shape; raised when a field changes meaning or is removed.
SHAPE_VERSION: Literal[2] = 2

InputKind = Literal["questionnaire", "scheme", "grading", "profile", "staff", "scale"]


class InputJSON(TypedDict):
    """A file the output was made from."""

    path: str
    sha256: str
    kind: InputKind


class SchemeJSON(TypedDict):
    """A scheme the output was scored under."""

    id: str
    name: str
    edition: str
    status: str
    sha256: str


class FileJSON(TypedDict):
    """A file, named and hashed."""

    path: str
    sha256: str


class SignerJSON(TypedDict):
    """One person who signed an evaluation off, with their side (null when none is given)."""

    name: str
    side: str | None


class SignOffJSON(TypedDict):
    """How far a job's evaluation has got, as its questionnaire states it."""

    status: str | None
    agreed_on: str | None
    signed_off_by: list[SignerJSON]


class JobJSON(TypedDict):
    """A job as every command names it.

    ``sign_off`` is there when the questionnaire states a status, an agreement date or who
    signed it off (draft, agreed, appealed, final).
    """

    title: str
    reference: str | None
    organisation: str | None
    family: str | None
    sign_off: NotRequired[SignOffJSON]


class BandJSON(TypedDict):
    """A band of a grading structure (``max`` null for an open top band)."""

    label: str
    min: int
    max: int | None


class ScoreJSON(TypedDict):
    """A total and its band (null outside the bands or without a grading structure)."""

    total: int
    band: BandJSON | None


class SchemeRefJSON(TypedDict):
    """Which of the envelope's schemes something is scored under."""

    id: str
    sha256: str


class Envelope(TypedDict):
    """The keys every JSON output starts with.

    ``config`` is there when the run used a project configuration file (jescore.toml, or
    [tool.jescore] in pyproject.toml): the file and its hash.
    """

    jescore_version: str
    shape: Literal[2]
    command: str
    inputs: list[InputJSON]
    schemes: list[SchemeJSON]
    config: NotRequired[FileJSON]


#: The project configuration file the run used, if any (set by the command line when it loads
#: one; every envelope of the run then names it).
CONFIG: ContextVar[FileJSON | None] = ContextVar("jescore_config", default=None)


class Sources:
    """The files and schemes an output was made from, in the order they were first met."""

    __slots__ = ("_inputs", "_schemes")

    def __init__(self) -> None:
        self._inputs: dict[tuple[str, str], InputJSON] = {}
        self._schemes: dict[str, SchemeJSON] = {}

    def file(self, ref: FileRef, kind: InputKind) -> None:
        """A file read."""
        key = (ref.path, ref.sha256)
        if key not in self._inputs:
            self._inputs[key] = {"path": ref.path, "sha256": ref.sha256, "kind": kind}

    def scheme(self, scheme: Scheme, ref: FileRef) -> None:
        """A scheme used, and its file."""
        self.file(ref, "scheme")
        if ref.sha256 not in self._schemes:
            self._schemes[ref.sha256] = scheme_json(scheme, ref)

    def envelope(self, command: str) -> Envelope:
        """The envelope of an output of ``command`` made from these sources."""
        out: Envelope = {
            "jescore_version": __version__,
            "shape": SHAPE_VERSION,
            "command": command,
            "inputs": list(self._inputs.values()),
            "schemes": list(self._schemes.values()),
        }
        config = CONFIG.get()
        if config is not None:
            out["config"] = config
        return out


def scheme_json(scheme: Scheme, ref: FileRef) -> SchemeJSON:
    """A scheme as the envelope lists it."""
    return {
        "id": scheme.id,
        "name": scheme.name,
        "edition": scheme.edition,
        "status": scheme.status.value,
        "sha256": ref.sha256,
    }


def scheme_ref(scheme: Scheme, ref: FileRef) -> SchemeRefJSON:
    """A pointer to one of the envelope's schemes."""
    return {"id": scheme.id, "sha256": ref.sha256}


def file_json(ref: FileRef) -> FileJSON:
    """A file, named and hashed."""
    return {"path": ref.path, "sha256": ref.sha256}


def job_json(
    title: str,
    reference: str | None = None,
    organisation: str | None = None,
    family: str | None = None,
) -> JobJSON:
    """A job as every command names it."""
    return {
        "title": title,
        "reference": reference,
        "organisation": organisation,
        "family": family,
    }


def band_json(band: Band | None) -> BandJSON | None:
    """A band, or None."""
    if band is None:
        return None
    return {"label": band.label, "min": band.min, "max": band.max}


def score_json(total: int, band: Band | None) -> ScoreJSON:
    """A total and its band."""
    return {"total": total, "band": band_json(band)}


def dumps(data: Any, flat_below: int | None = None) -> str:
    r"""Deterministic JSON text: keys in insertion order, UTF-8 kept, newline at the end.

    Control characters and direction overrides are written as ``\u`` escapes, never raw; a
    number that is not finite is an error (JSON has no Infinity). With ``flat_below``, values
    nested deeper than that many levels are written on one line each: the same JSON, far
    faster to write for large outputs (Python's indenting encoder is pure Python; the one-line
    encoder is C) and still one record per line to read.
    """
    if flat_below is None:
        return json_safe(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
    return json_safe(_indented(data, 0, flat_below)) + "\n"


#: One encoder for every one-line value (json.dumps with options builds a new one per call).
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _indented(value: Any, depth: int, flat_below: int) -> str:
    if depth >= flat_below or not isinstance(value, dict | list) or not value:
        return _ONE_LINE.encode(value)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{_ONE_LINE.encode(k)}: {_indented(v, depth + 1, flat_below)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [f"{inner}{_indented(v, depth + 1, flat_below)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"
