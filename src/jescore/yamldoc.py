"""Turn YAML files into validated models; every problem becomes a :class:`Problem` with a line.

How a file is read:

1. Bytes are checked (size limit, UTF-8; a byte-order mark is dropped).
2. PyYAML composes a node tree with the safe (C, when present) loader. The tree gives each
   value's line, and is checked for what PyYAML would otherwise let through silently:
   duplicate keys (last wins), numbers such as ``012`` or ``1_0`` that YAML 1.1 reads as
   something other than what they look like, and alias expansion beyond a fixed budget.
3. The constructed data is validated by the pydantic model; each error's location is walked
   back through the node tree to the nearest line.
4. Consistency rules that span fields (:mod:`jescore.models`) are checked with the same lines.

Callers get models or an :class:`~jescore.errors.InputError` listing every problem at once;
they never see PyYAML or pydantic exceptions.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from jescore.errors import InputError, Problem, UsageError
from jescore.models import (
    DEFER_CHECKS,
    FileRef,
    Finding,
    GradingStructure,
    Questionnaire,
    Scheme,
    coverage_findings,
    grading_findings,
    questionnaire_findings,
    scheme_findings,
)

#: Largest input file read, in bytes, unless the JESCORE_MAX_FILE_BYTES variable says otherwise.
MAX_FILE_BYTES = 5 * 1024 * 1024


def max_file_bytes() -> int:
    """The size limit in force: JESCORE_MAX_FILE_BYTES when set to a whole number, else 5 MB."""
    text = os.environ.get("JESCORE_MAX_FILE_BYTES", "")
    try:
        value = int(text)
    except ValueError:
        if text:
            raise UsageError(
                f"JESCORE_MAX_FILE_BYTES must be a whole number of bytes, not '{text}'"
            ) from None
        return MAX_FILE_BYTES
    return max(value, 1)


def _too_big(size: int, name: str) -> InputError:
    return InputError(
        [
            Problem(
                f"file is {size:,} bytes; the limit is {max_file_bytes():,} "
                "(set JESCORE_MAX_FILE_BYTES to change it)",
                file=name,
            )
        ]
    )


#: Most YAML nodes visited in one document, counting each expansion of an alias.
MAX_NODES = 200_000
#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 64

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT_TAG = "tag:yaml.org,2002:int"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class Document:
    """Parsed YAML data; the line of each location is worked out only when a message needs it."""

    def __init__(
        self, file: str, data: Any, node: yaml.Node, loader: Any, early: tuple[Problem, ...]
    ) -> None:
        self.file = file
        self.data = data
        #: Problems found in the YAML itself (duplicate keys, ambiguous numbers); reported
        #: together with validation problems.
        self.early = early
        self._node = node
        self._loader = loader
        self._tracked: _Walker | None = None

    def _positions(self) -> _Walker:
        # Walking again with locations costs as much as parsing, so only files with a
        # problem pay for it.
        if self._tracked is None:
            self._tracked = _Walker(self.file, self._loader, track=True)
            self._tracked.walk(self._node, (), 0)
        return self._tracked

    @property
    def lines(self) -> dict[Loc, int]:
        """Line of every location (key paths and list indexes)."""
        return self._positions().lines

    @property
    def key_lines(self) -> dict[Loc, int]:
        """Line of every mapping key."""
        return self._positions().key_lines

    @property
    def bool_text(self) -> dict[Loc, str]:
        """How each value YAML read as a boolean was written ('yes', 'off' ...)."""
        return self._positions().bool_text

    def line_of(self, loc: Loc) -> int:
        """Line of the deepest location on ``loc``'s path that exists in the document."""
        best = self.lines.get((), 1)
        for i in range(1, len(loc) + 1):
            prefix = loc[:i]
            if prefix in self.lines:
                best = self.lines[prefix]
            else:
                break
        return best

    def problem(self, finding: Finding) -> Problem:
        """A finding, placed at its line in this file."""
        return Problem(
            finding.message,
            file=self.file,
            line=self.line_of(finding.loc),
            location=dotted(finding.loc),
            warning=finding.warning,
        )


@dataclass(frozen=True, slots=True)
class Loaded:
    """A validated scheme or grading structure, where it came from, and its warnings."""

    file: FileRef
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadedScheme(Loaded):
    """A scheme file, loaded."""

    scheme: Scheme = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class LoadedGrading(Loaded):
    """A grading-structure file, loaded."""

    grading: GradingStructure = field(kw_only=True)


def dotted(loc: Loc) -> str:
    """A location as people read it: ``factors.knowledge.level``, ``bands[2].min``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- reading and parsing -------------------------------------------------------------------


#: Reads a file's bytes: (path, name to show in messages) -> bytes; raises InputError.
Reader = Callable[[Path, str], bytes]


def read_file(path: Path, name: str) -> bytes:
    """The bytes of a file on disk, within the size limit."""
    try:
        size = path.stat().st_size
        if size > max_file_bytes():
            raise _too_big(size, name)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem("no such file", file=name)]) from None
    except IsADirectoryError:
        raise InputError([Problem("is a folder, not a file", file=name)]) from None
    except OSError as exc:
        raise InputError([Problem(f"cannot read: {exc.strerror}", file=name)]) from None
    return raw


def read_text(
    path: Path, display: str | None = None, reader: Reader = read_file
) -> tuple[str, str]:
    """Read a file as UTF-8 text; return (text, sha256 of its bytes)."""
    name = display or str(path)
    raw = reader(path, name)
    if len(raw) > max_file_bytes():
        raise _too_big(len(raw), name)
    return decode(raw, name), hashlib.sha256(raw).hexdigest()


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (dropping a byte-order mark) or raise a problem naming the bad byte."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                    "save the file as UTF-8",
                    file=name,
                    line=line,
                )
            ]
        ) from None
    return text


_COMPACT_RUN = re.compile(r"(?:[-?] +){7}")


def _may_nest_deeply(text: str) -> bool:
    """Whether a YAML text might nest more than MAX_DEPTH (64) deep; never wrongly says no.

    Flow collections nest with brackets; block collections by indentation (a sequence may sit
    at its parent key's indentation, so two levels per column at most) and by compact forms on
    one line ('- - x'). With at most 16 brackets, indentation under 20 columns and fewer than
    7 compact indicators in a row, depth is at most 16 + 2 * 20 + 6 + 1 = 63.
    """
    return (
        text.count("[") + text.count("{") > 16
        or "\n" + " " * 20 in text
        or text.startswith(" " * 20)
        or _COMPACT_RUN.search(text) is not None
    )


def _check_depth(text: str, name: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before PyYAML composes them.

    The C composer recurses without limit and can crash the process on deep nesting, so the
    depth is measured first on the parser's event stream, which does not recurse. Only texts
    that might nest deeply (:func:`_may_nest_deeply`) pay for that pass.
    """
    if not _may_nest_deeply(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(
                    [
                        Problem(
                            f"values are nested more than {MAX_DEPTH} deep",
                            file=name,
                            line=event.start_mark.line + 1 if event.start_mark else None,
                        )
                    ]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse(text: str, name: str) -> Document:
    """Parse one YAML document into data plus the line of every location."""
    try:
        _check_depth(text, name)
    except yaml.MarkedYAMLError:
        pass  # a syntax error: composing below reports it with its line
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem("the file is empty", file=name, line=1)])
        walker = _Walker(name, loader, track=False)
        data = walker.walk(node, (), 0)
        if walker.problems:  # walk again to say where they are
            walker = _Walker(name, loader, track=True)
            data = walker.walk(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if line is not None and "\t" in _line(text, line):
            what += " (this line has a tab: YAML indents with spaces only)"
        raise InputError([Problem(f"invalid YAML: {what}", file=name, line=line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(f"invalid YAML: {exc}", file=name)]) from None
    except RecursionError:
        raise InputError([Problem("the document is nested too deeply", file=name)]) from None
    finally:
        loader.dispose()
    return Document(name, data, node, loader, tuple(walker.problems))


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


class _Walker:
    """Builds the document's values from the node tree, recording lines as it goes.

    Doing both in one pass (instead of PyYAML's constructor after a separate walk) halves the
    Python work per file; it also catches what PyYAML lets through silently.
    """

    _BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

    def __init__(self, name: str, loader: Any, track: bool) -> None:
        self.name = name
        self.loader = loader
        #: Record the line of every location (only needed for messages).
        self.track = track
        self.lines: dict[Loc, int] = {}
        self.key_lines: dict[Loc, int] = {}
        self.bool_text: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self.visited = 0

    def walk(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise InputError(
                [
                    Problem(
                        f"the document has more than {MAX_NODES:,} values once aliases are "
                        "expanded; it is not a jescore file",
                        file=self.name,
                        line=node.start_mark.line + 1,
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise InputError(
                [
                    Problem(
                        f"values are nested more than {MAX_DEPTH} deep",
                        file=self.name,
                        line=node.start_mark.line + 1,
                    )
                ]
            )
        if self.track:
            self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if not self.track:
                return [self.walk(item, loc, depth + 1) for item in node.value]
            return [self.walk(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, loc, depth)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        data: dict[Any, Any] = {}
        merged: list[Any] = []
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem("a key must be plain text", file=self.name, line=line,
                            location=dotted(loc))
                )  # fmt: skip
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.append(self.walk(value_node, loc, depth + 1))
                continue
            key = self._scalar(key_node, loc)
            here = (*loc, key_node.value) if self.track else loc
            if key_node.value in first_seen:
                self.problems.append(
                    Problem(
                        f"duplicate key '{key_node.value}' (first at line "
                        f"{first_seen[key_node.value]}); YAML would silently keep only the "
                        "last one",
                        file=self.name,
                        line=line,
                        location=dotted(here),
                    )
                )
                continue
            first_seen[key_node.value] = line
            if self.track:
                self.key_lines[here] = line
                self.lines[here] = line
            try:
                data[key] = self.walk(value_node, here, depth + 1)
            except TypeError:  # an unhashable key, such as a list
                self.problems.append(
                    Problem("a key must be plain text", file=self.name, line=line,
                            location=dotted(loc))
                )  # fmt: skip
        # Merge keys (<<: *defaults) fill in what the mapping does not say itself.
        for source in merged:
            for item in source if isinstance(source, list) else [source]:
                if isinstance(item, dict):
                    for key, value in item.items():
                        data.setdefault(key, value)
        return data

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, value = node.tag, node.value
        if node.style or tag == "tag:yaml.org,2002:str":  # quoted or block text: a string
            return value
        if tag == _INT_TAG:
            if _PLAIN_INT.match(value):
                return int(value)
            self.problems.append(
                Problem(
                    f"'{value}' is a number form YAML reads as "
                    f"{_yaml_int(value)}; write plain digits (or quote it for text)",
                    file=self.name,
                    line=node.start_mark.line + 1,
                    location=dotted(loc),
                )
            )
            return _yaml_int(value)
        if tag == _BOOL_TAG:
            if self.track:
                self.bool_text[loc] = value
            return self._BOOLS[value.lower()]
        if tag == "tag:yaml.org,2002:null":
            return None
        # Floats, timestamps and explicit tags: PyYAML's safe constructor, which refuses
        # anything unsafe.
        return self.loader.construct_object(node, deep=True)


def _yaml_int(text: str) -> int | str:
    try:
        value: int = yaml.safe_load(text)
    except yaml.YAMLError:  # pragma: no cover - the resolver already called it an int
        return "a different number"
    return value


# --- validation ----------------------------------------------------------------------------


def validate(model: type[M], doc: Document, kind: str) -> M:
    """Validate a document against a model; raise every problem at once.

    Problems in the YAML itself (``doc.early``) are raised here with the validation problems
    when the structure is invalid, else by :func:`raise_problems` after the consistency checks.
    """
    try:
        return model.model_validate(doc.data, context={DEFER_CHECKS: True})
    except ValidationError as exc:
        errors = exc.errors()
        colon = {_colon_text(doc, err) for err in errors} - {None}
        # Text with ': ' in it that YAML read as a mapping: one clear message, not two.
        errors = [e for e in errors if not (e["type"] == "missing" and e["loc"][:-1] in colon)]
        raise_problems(doc, [_problem(doc, err, kind) for err in errors])
        raise  # pragma: no cover - raise_problems always raises for a non-empty list


def raise_problems(doc: Document, problems: list[Problem]) -> None:
    """Raise the YAML problems and ``problems`` together, in line order, if there are any.

    A problem at a place that a YAML problem already explains (a duplicate key, a number YAML
    misreads) is left out: it would only repeat the same mistake in other words.
    """
    if doc.early:
        flagged = {p.location for p in doc.early}
        problems = [p for p in problems if not any(_under(p.location, f) for f in flagged)]
        problems = sorted([*doc.early, *problems], key=lambda p: p.line or 0)
    if problems:
        raise InputError(_unique(problems))


def _under(location: str, flagged: str) -> bool:
    return location == flagged or location.startswith((flagged + ".", flagged + "["))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _colon_text(doc: Document, err: Any) -> Loc | None:
    """The location of a one-key mapping that was meant as text ('JD 3: duty')."""
    loc = tuple(err["loc"])
    if err["type"] != "extra_forbidden" or len(loc) < 2:
        return None
    parent = doc.data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(parent, dict) and len(parent) == 1 and "evidence" in loc:
        return loc[:-1]
    return None


def _problem(doc: Document, err: Any, kind: str) -> Problem:
    loc: Loc = tuple(p for p in err["loc"] if isinstance(p, int) or not _is_internal(p))
    typ, value = err["type"], err.get("input")
    where = dotted(loc)
    line = doc.line_of(loc)
    last = loc[-1] if loc else ""
    if typ == "missing":
        msg = f"'{last}' is required"
        where = dotted(loc[:-1]) or "(top level)"
    elif typ == "extra_forbidden" and _colon_text(doc, err) is not None:
        msg = (
            f"'{last}: {value}' was read as a key and a value because of the ': ' in it; "
            "put the whole text in quotes"
        )
        where = dotted(loc[:-1])
    elif typ == "extra_forbidden":
        msg = f"unknown key '{last}' in a {kind} file (check the spelling)"
        where = dotted(loc[:-1]) or "(top level)"
        line = doc.key_lines.get(loc, line)
    elif isinstance(value, bool) and loc in doc.bool_text:
        msg = (
            f"YAML reads '{doc.bool_text[loc]}' as {str(value).lower()}, not as text or a "
            "number: put it in quotes"
        )
    elif value is None and typ.endswith("_type"):
        msg = "is empty: give a value"
    elif typ == "value_error":
        msg = str(err["ctx"]["error"])
    elif typ == "string_pattern_mismatch" and err["ctx"]["pattern"].startswith("^[a-z][a-z0-9]"):
        msg = f"'{value}' is not a valid id: use lower-case letters, digits, '-' or '_'"
    elif typ in {"string_pattern_mismatch"}:
        msg = f"'{value}' is not allowed here ({err['msg'].lower()})"
    else:
        msg = _describe(err, value)
    return Problem(msg, file=doc.file, line=line, location=where)


def _is_internal(part: str) -> bool:
    # Pydantic adds validator names (``function-after[...]``) and union tags to locations.
    return "[" in part or part in {"int", "str", "list", "dict", "date"}


def _describe(err: Any, value: Any) -> str:
    msg = str(err["msg"])
    shown = repr(value) if isinstance(value, str | int | float) else type(value).__name__
    if isinstance(value, dict):
        shown = "a mapping"
    elif isinstance(value, list):
        shown = "a list"
    return f"{msg[0].lower()}{msg[1:]}, got {shown}"


def _findings(doc: Document, findings: list[Finding]) -> tuple[list[Problem], list[Problem]]:
    errors = [doc.problem(f) for f in findings if not f.warning]
    warnings = [doc.problem(f) for f in findings if f.warning]
    return errors, warnings


# --- files ---------------------------------------------------------------------------------


def shipped_dir() -> Path:
    """Folder of the factor plans shipped with jescore.

    In an installed wheel they are package data (``jescore/factors``); in a source checkout
    they are the top-level ``factors/`` folder.
    """
    packaged = resources.files("jescore") / "factors"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "factors"


def shipped_schemes() -> dict[str, Path]:
    """Shipped scheme ids and their files, sorted by id."""
    return {p.stem: p for p in sorted(shipped_dir().glob("*.yaml"))}


def shipped_gradings() -> dict[str, Path]:
    """Shipped grading-structure ids and their files, sorted by id."""
    return {p.stem: p for p in sorted((shipped_dir() / "grading").glob("*.yaml"))}


def _shipped_name(kind: str, path: Path) -> str:
    return f"{kind}/{path.name}"


def load_scheme_file(
    path: Path, display: str | None = None, shipped: bool = False, reader: Reader = read_file
) -> LoadedScheme:
    """Load and check a scheme file."""
    name = display or str(path)
    text, digest = read_text(path, name, reader)
    return _scheme(parse(text, name), FileRef(name, digest, shipped))


_KINDS = {
    "questionnaire": "a questionnaire",
    "scheme": "a scheme (its bands are used when no grading structure is given)",
    "grading structure": "a grading structure (name it in a questionnaire's 'grading' or with "
    "--bands)",
}


def _refuse_other_kind(doc: Document, *wanted: str) -> None:
    """Say plainly when a file is another kind of jescore file than the ones asked for.

    Validating a questionnaire as a scheme would list every key as unknown; one line saying
    what the file is helps more. Files of no recognisable kind are validated as asked.
    """
    data = doc.data
    if not isinstance(data, dict):
        return
    if "job" in data and "factors" in data:
        kind = "questionnaire"
    elif "factors" in data:
        kind = "scheme"
    elif "bands" in data:
        kind = "grading structure"
    else:
        return
    if kind not in wanted:
        asked = " or ".join(wanted)
        raise InputError([Problem(f"is {_KINDS[kind]}, not a {asked} file", file=doc.file)])


def _scheme(doc: Document, ref: FileRef) -> LoadedScheme:
    _refuse_other_kind(doc, "scheme")
    scheme = validate(Scheme, doc, "scheme")
    errors, warnings = _findings(doc, scheme_findings(scheme))
    raise_problems(doc, errors)
    return LoadedScheme(ref, tuple(warnings), scheme=scheme)


def load_grading_file(
    path: Path, display: str | None = None, shipped: bool = False, reader: Reader = read_file
) -> LoadedGrading:
    """Load and check a grading-structure file."""
    name = display or str(path)
    text, digest = read_text(path, name, reader)
    return _grading(parse(text, name), FileRef(name, digest, shipped))


def _grading(doc: Document, ref: FileRef) -> LoadedGrading:
    _refuse_other_kind(doc, "grading structure")
    grading = validate(GradingStructure, doc, "grading structure")
    errors, _ = _findings(doc, grading_findings(grading))
    raise_problems(doc, errors)
    return LoadedGrading(ref, grading=grading)


class NotADefinition(InputError):
    """A questionnaire, or other YAML, where a scheme or grading structure was due."""


def load_definition(path: Path, found: bool = False) -> LoadedScheme | LoadedGrading:
    """Load a scheme file, or a grading-structure file (one with bands but no factors).

    Raises :class:`NotADefinition` for a questionnaire and, when the file was ``found`` in a
    folder or by a pattern rather than named, for YAML of a kind jescore does not know (which
    a search skips; a named file of no known kind is validated as a scheme, to say what is
    missing).
    """
    name = str(path)
    text, digest = read_text(path, name)
    doc = parse(text, name)
    ref = FileRef(name, digest)
    try:
        _refuse_other_kind(doc, "scheme", "grading structure")
    except InputError as exc:
        raise NotADefinition(list(exc.problems)) from None
    data = doc.data
    if isinstance(data, dict) and "bands" in data and "factors" not in data:
        return _grading(doc, ref)
    if found and not (isinstance(data, dict) and "factors" in data):
        raise NotADefinition([Problem("is not a scheme or grading structure file", file=name)])
    return _scheme(doc, ref)


def grading_fit(scheme: Scheme, loaded: LoadedGrading) -> list[Problem]:
    """Warnings about using a grading structure with a scheme (wrong scheme, uncovered totals)."""
    doc_file, grading = loaded.file.path, loaded.grading
    problems = [
        Problem(f.message, file=doc_file, location=dotted(f.loc), warning=True)
        for f in coverage_findings(scheme, grading)
    ]
    if grading.scheme is not None and grading.scheme != scheme.id:
        problems.insert(
            0,
            Problem(
                f"these bands are for scheme '{grading.scheme}', not '{scheme.id}'",
                file=doc_file,
                location="scheme",
                warning=True,
            ),
        )
    return problems


def looks_like_path(ref: str) -> bool:
    """Whether a scheme or grading reference names a file rather than a shipped id."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


class Library:
    """Resolves scheme and grading references and loads each file once per run.

    ``reader`` reads the files that references name by path (the questionnaires' own folder,
    or an old revision in git); shipped files always come from jescore itself.
    """

    def __init__(self, reader: Reader = read_file) -> None:
        self.reader = reader
        self._loaded: dict[str, LoadedScheme | LoadedGrading] = {}
        #: Every file read through this library (so that no output ever replaces one).
        self.files: list[Path] = []

    def scheme(self, ref: str, base: Path | None = None) -> LoadedScheme:
        """A shipped scheme id, or a path (relative to ``base`` when given)."""
        loaded = self._load("scheme", ref, base)
        assert isinstance(loaded, LoadedScheme)
        return loaded

    def grading(self, ref: str, base: Path | None = None) -> LoadedGrading:
        """A shipped grading-structure id, or a path (relative to ``base`` when given)."""
        loaded = self._load("grading structure", ref, base)
        assert isinstance(loaded, LoadedGrading)
        return loaded

    def _load(self, kind: str, ref: str, base: Path | None) -> LoadedScheme | LoadedGrading:
        load = load_scheme_file if kind == "scheme" else load_grading_file
        if looks_like_path(ref):
            path = _relative(ref, base)
            key = f"{kind}:{path}"
            if key not in self._loaded:
                self.files.append(path)
                self._loaded[key] = load(path, reader=self.reader)
            return self._loaded[key]
        key = f"{kind}:shipped:{ref}"
        if key in self._loaded:
            return self._loaded[key]
        shipped = shipped_schemes() if kind == "scheme" else shipped_gradings()
        if ref not in shipped:
            raise UsageError(
                f"unknown {kind} '{ref}': shipped ones are {', '.join(shipped) or 'none'}; "
                f"or give the path of a {kind} file"
            )
        path = shipped[ref]
        folder = "factors" if kind == "scheme" else "factors/grading"
        self._loaded[key] = load(path, _shipped_name(folder, path), True)
        return self._loaded[key]


def _relative(ref: str, base: Path | None) -> Path:
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = Path(os.path.normpath(base / path))
    return path


class NotAQuestionnaire(InputError):
    """Another kind of YAML file (a scheme, bands, a CI workflow) where a questionnaire was due."""


def _not_a_questionnaire(data: Any) -> bool:
    # A mapping with neither 'job' nor a 'scheme' reference is some other YAML file. A file
    # with one of them is a questionnaire with mistakes, and is validated to say which.
    return (
        isinstance(data, dict) and "job" not in data and ("scheme" not in data or "bands" in data)
    )


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
            children = sorted(
                p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file()
            )
            if not children:
                problems.append(Problem("is a folder with no YAML files in it", file=arg))
            for child in children:
                add(child, False)
        elif any(ch in arg for ch in "*?[") and not path.exists():
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


@dataclass(frozen=True, slots=True)
class Job:
    """A questionnaire with the scheme and grading structure it is scored under."""

    questionnaire: Questionnaire
    file: FileRef
    scheme: LoadedScheme
    grading: LoadedGrading | None
    warnings: tuple[Problem, ...]


def load_job(
    path: Path, library: Library, bands: str | None = None, display: str | None = None
) -> Job:
    """Load a questionnaire, resolve its scheme (and grading), and check it against them.

    Args:
        path: the questionnaire file.
        library: resolves and caches schemes and grading structures.
        bands: a grading structure (shipped id or path) replacing the scheme's own bands;
            a path is taken relative to the working folder, not to the questionnaire.
        display: the name to show for the file (default: its path).
    """
    name = display or str(path)
    library.files.append(path)
    text, digest = read_text(path, name, library.reader)
    doc = parse(text, name)
    if _not_a_questionnaire(doc.data):
        raise NotAQuestionnaire(
            [Problem("is not a questionnaire (no 'job' and 'scheme' keys)", file=name)]
        )
    questionnaire = validate(Questionnaire, doc, "questionnaire")
    base = path.parent
    scheme = _resolve(doc, "scheme", lambda: library.scheme(questionnaire.scheme, base))
    grading: LoadedGrading | None = None
    if bands is not None:
        grading = library.grading(bands)
    elif questionnaire.grading is not None:
        ref = questionnaire.grading
        grading = _resolve(doc, "grading", lambda: library.grading(ref, base))
    errors, _ = _findings(doc, questionnaire_findings(questionnaire, scheme.scheme))
    raise_problems(doc, errors)
    warnings = grading_fit(scheme.scheme, grading) if grading is not None else []
    return Job(questionnaire, FileRef(name, digest), scheme, grading, tuple(warnings))


def _resolve(doc: Document, key: str, load: Any) -> Any:
    """Load the scheme or grading a questionnaire names, blaming the questionnaire's line.

    An unknown id written in a questionnaire is invalid input at that line, not a usage error.
    A named file that cannot be read at all (missing, a folder...) is reported at that line
    too, naming the file; problems inside a file that was read keep their own file and line.
    """
    try:
        return load()
    except UsageError as exc:
        line = doc.line_of((key,))  # only now: finding lines walks the whole document
        raise InputError([Problem(exc.message, file=doc.file, line=line, location=key)]) from None
    except InputError as exc:
        line = doc.line_of((key,))
        raise InputError(
            [
                Problem(f"{p.file}: {p.message}", file=doc.file, line=line, location=key)
                if p.line is None and p.file is not None and not p.warning
                else p
                for p in exc.problems
            ]
        ) from None


def referenced_files(path: Path, reader: Reader = read_file) -> list[Path]:
    """Scheme and grading files a questionnaire names by path (none for other YAML files)."""
    try:
        text, _ = read_text(path, str(path), reader)
        data = parse(text, str(path)).data
    except InputError:
        return []
    if not isinstance(data, dict) or _not_a_questionnaire(data):
        return []
    refs = [data.get("scheme"), data.get("grading")]
    return [
        _relative(ref, path.parent) for ref in refs if isinstance(ref, str) and looks_like_path(ref)
    ]
