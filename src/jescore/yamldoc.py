"""Reading a YAML file: bytes within limits, then one document with the line of every value.

1. Bytes come through the reading gate (:func:`jescore.files.read_bytes`: regular files only,
   within the size limit) and are checked as UTF-8 (a byte-order mark is dropped).
2. PyYAML composes a node tree with the safe (C, when present) loader, after a cheap check that
   the document cannot nest deep enough to crash PyYAML's C composer.
3. :class:`_Walker` builds the values from the node tree itself, in one pass, and reports what
   PyYAML would let through silently: duplicate keys (last wins), numbers such as ``012`` that
   YAML 1.1 reads as something other than what they look like, alias expansion beyond a
   budget, and tags jescore has no use for. It calls no PyYAML constructor, so no value can end
   in an untyped exception: dates stay text (the models read dates from text, with a message
   when the date is impossible), and every odd value is a :class:`~jescore.errors.Problem`.
4. Text that could hold control characters or direction overrides is cleaned as it is read
   (:func:`jescore.safety.clean`), so nothing downstream can print them.

Callers get a :class:`Document` or an :class:`~jescore.errors.InputError`; they never see a
PyYAML exception.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from jescore import files
from jescore.errors import Finding, InputError, Problem
from jescore.files import MAX_FILE_BYTES as MAX_FILE_BYTES  # the limit lives with the gate
from jescore.files import Reader as Reader
from jescore.files import max_file_bytes as max_file_bytes
from jescore.safety import clean, excerpt, may_hold_unsafe

#: Most YAML nodes visited in one document, counting each expansion of an alias.
MAX_NODES = 200_000
#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 64
#: Most characters in a number; nothing in a jescore file needs more.
MAX_DIGITS = 30

_CORE = "tag:yaml.org,2002:"
# Tags as constants: the walker compares every node's tag with them.
_STR, _INT, _BOOL, _NULL, _FLOAT = (_CORE + t for t in ("str", "int", "bool", "null", "float"))
_MAP, _SEQ, _MERGE = _CORE + "map", _CORE + "seq", _CORE + "merge"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader (the C one when present) with a faster resolver.

    Composing calls the resolver for every node; the safe loader has no path resolvers, so
    mappings and sequences always get the default tags, and a plain scalar's tag depends on its
    text alone: it is looked up in a bounded cache before PyYAML's regular expressions run.
    Tags come out exactly as PyYAML's (a test compares them).
    """

    _cache: dict[str, str] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node whose tag was not written."""
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _Loader._cache.get(value)
            if tag is None:
                tag = str(_BaseLoader.resolve(self, kind, value, implicit))
                if len(value) <= 32:
                    if len(_Loader._cache) >= 4096:
                        _Loader._cache.clear()
                    _Loader._cache[value] = tag
            return tag
        return _MAP if kind is yaml.MappingNode else _SEQ


_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

Loc = tuple[str | int, ...]
N = TypeVar("N", int, float)


def dotted(loc: Loc) -> str:
    """A location as people read it: ``factors.knowledge.level``, ``bands[2].min``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class Document:
    """Parsed YAML data; the line of each location is worked out only when a message needs it."""

    def __init__(
        self, file: str, data: Any, node: yaml.Node, clean_text: bool, early: tuple[Problem, ...]
    ) -> None:
        self.file = file
        self.data = data
        #: Problems found in the YAML itself (duplicate keys, ambiguous numbers); reported
        #: together with validation problems.
        self.early = early
        self._node = node
        self._clean = clean_text
        self._tracked: _Walker | None = None

    def _positions(self) -> _Walker:
        # Walking again with locations costs as much as parsing, so only files with a
        # problem pay for it.
        if self._tracked is None:
            self._tracked = _Walker(self.file, track=True, clean_text=self._clean)
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

    def key_line(self, *keys: str) -> int | None:
        """Line of a key reached from the top through mappings, read off the node tree.

        Cheap (no walk of the document): for the few top-level keys a message may need later
        (``scheme``, ``evaluator.name``). None when the first key is missing; the line of the
        deepest key found otherwise.
        """
        node, line = self._node, None
        for key in keys:
            if node.__class__ is not _MappingNode:
                break
            for key_node, value_node in node.value:
                if key_node.__class__ is _ScalarNode and key_node.value == key:
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                break
        return line

    def problem(self, finding: Finding) -> Problem:
        """A finding, placed at its line in this file."""
        return Problem(
            finding.message,
            file=self.file,
            line=self.line_of(finding.loc),
            location=dotted(finding.loc),
            warning=finding.warning,
        )


# --- reading bytes ---------------------------------------------------------------------------


def read_file(path: Path, name: str) -> bytes:
    """The bytes of a file on disk, through the reading gate (:func:`jescore.files.read_bytes`)."""
    return files.read_bytes(path, name)


def read_text(
    path: Path, display: str | None = None, reader: Reader = read_file
) -> tuple[str, str]:
    """Read a file as UTF-8 text; return (text, sha256 of its bytes)."""
    name = display or str(path)
    raw = reader(path, name)
    if len(raw) > max_file_bytes():
        raise files.too_big(len(raw), name)
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
        or (_indicators_adjacent(text) and _COMPACT_RUN.search(text) is not None)
    )


def _indicators_adjacent(text: str) -> bool:
    """Whether two of '-' and '?' follow each other with only spaces between (C-speed tests).

    A compact run ('- - x') needs that; ordinary text almost never has it, so the regular
    expression, which is slow over a whole document, rarely runs.
    """
    squeezed = text.replace(" ", "")
    return "--" in squeezed or "-?" in squeezed or "?-" in squeezed or "??" in squeezed


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
    except yaml.YAMLError:
        pass  # a syntax error or a character YAML refuses: composing below reports it
    loader = _Loader(text)
    clean_text = may_hold_unsafe(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem("the file is empty", file=name, line=1)])
        walker = _Walker(name, track=False, clean_text=clean_text)
        data = walker.walk(node, (), 0)
        if walker.problems:  # walk again to say where they are
            walker = _Walker(name, track=True, clean_text=clean_text)
            data = walker.walk(node, (), 0)
    except yaml.reader.ReaderError as exc:
        raise InputError([_refused_character(text, name, exc)]) from None
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
    return Document(name, data, node, clean_text, tuple(walker.problems))


def _refused_character(text: str, name: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (a raw control character), with its line.

    The reader stops at the first such character; its position counts characters or bytes
    depending on the loader, so the line is found from the character itself.
    """
    code = exc.character if isinstance(exc.character, int) else 0
    at = text.find(chr(code)) if code else -1
    return Problem(
        f"invalid YAML: the character U+{code:04X} is not allowed in a YAML file (control and "
        'special characters are written as escapes in double quotes, such as "\\x01")',
        file=name,
        line=text.count("\n", 0, at) + 1 if at >= 0 else None,
    )


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


class _Walker:
    """Builds the document's values from the node tree, recording lines as it goes.

    Doing both in one pass (instead of PyYAML's constructor after a separate walk) halves the
    Python work per file; it also catches what PyYAML lets through silently. Every scalar is
    read by a function here that cannot raise: what it cannot read becomes a problem.
    """

    def __init__(self, name: str, track: bool, clean_text: bool) -> None:
        self.name = name
        #: Record the line of every location (only needed for messages).
        self.track = track
        #: Clean every string (only documents that could hold unsafe characters pay for it).
        self.clean = clean_text
        self.lines: dict[Loc, int] = {}
        self.key_lines: dict[Loc, int] = {}
        self.bool_text: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self.visited = 0

    def _problem(self, message: str, node: yaml.Node, loc: Loc) -> None:
        self.problems.append(
            Problem(message, file=self.name, line=node.start_mark.line + 1, location=dotted(loc))
        )

    def walk(self, node: Any, loc: Loc, depth: int) -> Any:
        """The value of a node (``node`` is a PyYAML node: tested by exact class below)."""
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
        if self.track:
            self.lines.setdefault(loc, node.start_mark.line + 1)
        kind = node.__class__  # exact classes: the composer makes no subclasses
        if kind is _ScalarNode:
            return self._scalar(node, loc)
        # Collections nest; a value inside the deepest allowed collection is fine (the same
        # count as the event-stream check in _check_depth).
        if depth >= MAX_DEPTH:
            raise InputError(
                [
                    Problem(
                        f"values are nested more than {MAX_DEPTH} deep",
                        file=self.name,
                        line=node.start_mark.line + 1,
                    )
                ]
            )
        if kind is _SequenceNode:
            if node.tag != _SEQ:
                self._odd_tag(node, loc)
            if not self.track:
                return [self.walk(item, loc, depth + 1) for item in node.value]
            return [self.walk(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert kind is _MappingNode
        if node.tag != _MAP:
            self._odd_tag(node, loc)
        return self._mapping(node, loc, depth)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        data: dict[Any, Any] = {}
        merged: list[Any] = []
        first_seen: dict[str, yaml.Node] = {}
        track, cleaning = self.track, self.clean
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode:
                self._problem("a key must be plain text", key_node, loc)
                continue
            tag, name = key_node.tag, key_node.value
            if cleaning:
                name = clean(name)
            if tag == _STR:  # the usual key: its text
                key = name
            elif tag == _MERGE:
                merged.append(self.walk(value_node, loc, depth + 1))
                continue
            else:
                key = self._scalar(key_node, loc)
            here = (*loc, name) if track else loc
            if name in first_seen:
                first = first_seen[name].start_mark.line + 1
                self._problem(
                    f"duplicate key '{excerpt(name)}' (first at line {first}); "
                    "YAML would silently keep only the last one",
                    key_node,
                    here,
                )
                continue
            first_seen[name] = key_node
            if track:
                line = key_node.start_mark.line + 1
                self.key_lines[here] = line
                self.lines[here] = line
            data[key] = self.walk(value_node, here, depth + 1)
        # Merge keys (<<: *defaults) fill in what the mapping does not say itself.
        for source in merged:
            for item in source if isinstance(source, list) else [source]:
                if isinstance(item, dict):
                    for key, value in item.items():
                        data.setdefault(key, value)
        return data

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag: str = node.tag
        value: str = node.value
        # Quoted or block text is a string; so is '=' (YAML 1.1's "value" tag, which PyYAML
        # cannot construct) and a date (the models read dates from text, and an impossible
        # date is then a message, not a crash).
        if node.style or tag in _TEXT_TAGS:
            return clean(value) if self.clean else value
        if tag == _INT:
            return self._int(node, loc)
        if tag == _BOOL:
            if self.track:
                self.bool_text[loc] = value
            if value.lower() in _BOOLS:
                return _BOOLS[value.lower()]
            self._problem(f"'{excerpt(value)}' is not true or false", node, loc)
            return value
        if tag == _NULL:
            return None
        if tag == _FLOAT:
            number = _float(value)
            if number is None:
                self._problem(f"'{excerpt(value)}' is not a number", node, loc)
                return value
            return number
        self._odd_tag(node, loc)
        return None

    def _int(self, node: yaml.ScalarNode, loc: Loc) -> int | str:
        value: str = node.value
        if len(value) > MAX_DIGITS:  # also keeps clear of Python's own limit on int("9" * 5000)
            self._problem(f"'{excerpt(value)}' is too long a number for a jescore file", node, loc)
            return value
        if _PLAIN_INT.match(value):
            return int(value)
        number = _yaml_int(value)
        if number is None:
            self._problem(f"'{excerpt(value)}' is not a whole number", node, loc)
            return value
        self._problem(
            f"'{excerpt(value)}' is a number form YAML reads as {number}; write plain digits "
            "(or quote it for text)",
            node,
            loc,
        )
        return number

    def _odd_tag(self, node: yaml.Node, loc: Loc) -> None:
        tag = node.tag.replace(_CORE, "!!")
        self._problem(f"the YAML tag '{excerpt(tag)}' has no use in a jescore file", node, loc)


_TEXT_TAGS = frozenset({_STR, _CORE + "value", _CORE + "timestamp"})


def _yaml_int(text: str) -> int | None:
    """What YAML 1.1 reads an integer-looking text as (``012`` is 10, ``0x1F`` 31), or None.

    Follows PyYAML's own rules (signs, underscores, binary, octal, hexadecimal and base 60).
    """
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    try:
        if digits == "0":
            return 0
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0") and digits.isdigit():
            return sign * int(digits, 8)
        if ":" in digits:
            return sign * _base60(digits, int)
        return sign * int(digits)
    except ValueError:
        return None


def _base60(digits: str, number: Callable[[str], N]) -> N:
    """YAML 1.1's base 60 ('1:30' is 90): each part read with ``number`` (raises ValueError)."""
    total = number("0")
    for part in digits.split(":"):
        total = total * 60 + number(part)
    return total


def _float(text: str) -> float | None:
    """What YAML 1.1 reads a float-looking text as (``.inf``, ``1_0.5``, ``1:30.5``), or None."""
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits.startswith("-") else 1.0
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    try:
        if ":" in digits:
            return sign * _base60(digits, float)
        return sign * float(digits)
    except ValueError:
        return None
