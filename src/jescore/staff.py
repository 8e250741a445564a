r"""Reading a staff file (CSV or XLSX): the columns a command names, typed, and every problem.

A command names the columns it wants (:class:`Column`: the header name, a kind, whether it must
be there, a default) and gets a :class:`~jescore.tabular.StaffTable`: a polars frame of just
those columns, typed, and a table of every problem found (row, column, what is wrong, never the
value). No other column is read into the frame or reaches a message or an output.

How a file is read, and why:

- **Once.** The bytes are read through :func:`jescore.files.read_bytes` (a regular file, or a
  pipe such as ``--staff <(...)``), hashed, and parsed from memory: a pipe is never read twice.
- **Which format** is decided by the bytes, not the name: a zip archive is an XLSX workbook
  (an OpenDocument spreadsheet is refused), an old binary Excel workbook is refused, anything
  else is CSV text. ``.xls`` and ``.ods`` are refused by name too, with a hint.
- **CSV** must be UTF-8 (a byte-order mark is fine; UTF-16 is refused with a hint). The
  delimiter is ``,``, ``;`` or a tab: given with ``--delimiter``, or found in the header row; a
  header that could be split more than one way is refused, never guessed. A row with a value
  beyond the header's last column is refused (a decimal comma in a comma-separated file would
  otherwise shift every value after it). Title rows above the header are skipped with
  ``--header-row N``. Parsing is polars' (vectorised; the named columns only).
- **XLSX** is read with fastexcel (calamine, in Rust; what ``polars.read_excel`` uses), after
  jescore has checked the archive itself: its expanded size is bounded, every XML part must be
  well-formed (calamine would read a damaged sheet partly, without a word) and none may declare a
  document type (the door to entity-expansion attacks; workbooks never need one), and no sheet
  may reach past :data:`MAX_SHEET_COLUMNS` columns or :data:`MAX_SHEET_CELLS` cells from A1
  (calamine allocates the whole range: one far cell would exhaust memory). Chart sheets
  are not sheets of data. Every cell is read as text, as the workbook shows it, but a number
  cell in a number column: that is the double it holds, whatever ``--decimal`` says.
- **Numbers** (pay) are read exactly. The decimal mark is given (``--decimal . | ,``) or found
  in the file: a value such as ``27691,56`` or ``23.456,78`` can only be read with a decimal
  comma, ``27,691.56`` or ``0.5`` only with a point. A file holding both kinds is refused; one
  holding neither reads its ambiguous values (``27,691``, ``1.234``: a thousands separator or a
  decimal mark?) as problems, with a hint to give ``--decimal``. Thousands separators are
  accepted only in groups of three (``,`` ``.`` or a space, never the decimal mark itself).
  The mark is found and checked on text only (an XLSX number cell has none). Numbers of more
  than :data:`MAX_DIGITS` digits before the decimal mark, non-finite values,
  exponents, formulas and other text are problems: no pay ever becomes infinity.
- **Sex** is women (F, female, woman, W), men (M, male, man), in any case, or other: anything
  else, blank included, is counted as other and reported as such by the commands, never dropped;
  the table counts such rows (``other_sex``) and the commands warn with their first rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import posixpath
import re
import threading
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jescore.errors import InputError, Problem, UsageError
from jescore.files import read_bytes
from jescore.safety import excerpt
from jescore.tabular import FIRST_ROWS, StaffTable, no_problems, problem_schema

if TYPE_CHECKING:
    import polars as pl

#: Largest staff file read (bytes): about ten million rows of a typical payroll export.
MAX_STAFF_BYTES = 512 * 1024 * 1024
#: Largest total size of an XLSX workbook's parts once expanded.
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024
#: Most columns a sheet of a workbook may reach (its last column, counted from A), whatever
#: its cells or its declared dimension say: a staff export, or a working sheet, is far narrower.
MAX_SHEET_COLUMNS = 2_000
#: Most cells in a sheet's range (from A1 to its last row and column): calamine allocates the
#: whole range, so one cell at XFD1048576 in a 5 KB file would ask for 17 thousand million cells.
MAX_SHEET_CELLS = 20_000_000
#: Most digits before the decimal mark in a number: pay below a million million.
MAX_DIGITS = 12
#: Longest header row read (characters): a header longer than this is not a header.
MAX_HEADER = 1 << 20

SEXES = ("women", "men", "other")
_WOMEN = ("f", "female", "woman", "women", "w")
_MEN = ("m", "male", "man", "men")
_YES = ("yes", "y", "true")
_NO = ("no", "n", "false")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


class Kind(StrEnum):
    """What a column holds, and so how its values are read."""

    TEXT = "text"
    #: A number of at least 0 (pay, hours).
    NUMBER = "number"
    #: Women, men or other (see the module's docstring).
    SEX = "sex"
    YES_NO = "yes/no"
    #: An ISO date, YYYY-MM-DD (an XLSX date cell too).
    DATE = "date"
    #: One of ``Column.choices``, in any case.
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class Column:
    """One column a command reads.

    ``name`` is matched against the header without regard to case or outer spaces. A column
    that is not ``required`` may be absent: every value is then ``default``. An empty cell
    takes ``default`` when one is given, else it is a problem ("is missing"; "is empty" for
    text). For ``Kind.SEX`` an empty cell is "other", never a problem.
    """

    key: str
    name: str
    kind: Kind
    #: The option that names the column (``--pay-column``), for hints.
    option: str = ""
    required: bool = True
    default: object = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    """How to read the file where it cannot be told from the file, or should not be."""

    #: ``","``, ``";"`` or ``"\t"``; None: found in the header row.
    delimiter: str | None = None
    #: ``"."`` or ``","``; None: found in the file.
    decimal: str | None = None
    #: The header's row number (1 for the first row); rows above it are skipped.
    header_row: int = 1
    #: The XLSX sheet to read; None: the only sheet of data.
    sheet: str | None = None


def read(
    path: Path, columns: Sequence[Column], layout: Layout = Layout(), name: str | None = None
) -> StaffTable:
    """Read a staff file once (a pipe too) and parse it: see the module's docstring.

    Raises:
        InputError: the file cannot be read, is not CSV or XLSX, its header lacks a column or
            holds one twice, or its layout is unclear (exit 3). Problems with values are not
            raised: they are in the table's ``problems``.
        UsageError: an option does not fit the file (``--sheet`` for a CSV, an unknown sheet).
    """
    data, shown = _load(path, name)
    return parse(data, shown, columns, layout, path.suffix.casefold())


def _load(path: Path, name: str | None) -> tuple[bytes, str]:
    """A staff file's bytes (read once: it may be a pipe) and the name it goes by."""
    shown = name if name is not None else str(path)
    suffix = path.suffix.casefold()
    if suffix in {".xls", ".ods"}:
        raise _refuse(shown, _OLD_FORMAT[suffix])
    return read_bytes(path, shown, limit=MAX_STAFF_BYTES, allow_pipe=True), shown


def _import_polars() -> None:
    try:
        import polars  # noqa: F401
    except ImportError:  # raised again where the caller imports it
        pass


class Reading:
    """A staff file being read while its caller goes on (see :func:`begin`)."""

    def __init__(self, work: Callable[[], StaffTable]) -> None:
        self._table: StaffTable | None = None
        self._error: Exception | None = None

        def run() -> None:
            try:
                self._table = work()
            except Exception as problem:  # given back to the caller by table()
                self._error = problem

        self._thread = threading.Thread(target=run, name="staff file", daemon=True)
        self._thread.start()

    def table(self) -> StaffTable:
        """The table :func:`read` would give, or what :func:`read` would raise, raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._table is not None
        return self._table


def begin(
    path: Path, columns: Sequence[Column], layout: Layout = Layout(), name: str | None = None
) -> Reading:
    """Start reading a staff file, as :func:`read` does, while the caller goes on.

    A command starts the reading before its other work (loading questionnaires, importing what
    it renders with). In a thread of its own, the bytes are read, hashed (in yet another) and
    parsed and checked by polars, on the cores the caller leaves free: file reads, hashlib and
    polars let go of the interpreter's lock while they work. Polars is imported meanwhile, and
    this returns once it is (the interpreter imports one module at a time anyway, and the caller
    goes on to import others). Nothing is raised here: whatever :func:`read` would raise comes
    from :meth:`Reading.table`, so a command that checks its other input first still says what
    is wrong with it first, and is not held up by a pipe nobody writes to.
    """
    importing = threading.Thread(target=_import_polars, name="polars", daemon=True)
    importing.start()

    def work() -> StaffTable:
        data, shown = _load(path, name)
        digest = _sha256(data)
        importing.join()
        return parse(data, shown, columns, layout, path.suffix.casefold(), digest)

    reading = Reading(work)
    importing.join()
    import polars  # noqa: F401  (raised here if it failed in the thread)

    return reading


_OLD_FORMAT = {
    ".xls": "is an old-style Excel workbook (.xls), which jescore does not read: save it as "
    "Excel Workbook (.xlsx) or as CSV UTF-8 and run again",
    ".ods": "is an OpenDocument spreadsheet (.ods), which jescore does not read: save it as "
    "Excel Workbook (.xlsx) or as CSV UTF-8 and run again",
}


def parse(
    data: bytes,
    name: str,
    columns: Sequence[Column],
    layout: Layout = Layout(),
    suffix: str = "",
    digest: Callable[[], str] | None = None,
) -> StaffTable:
    """Parse a staff file's bytes (see :func:`read`); ``name`` is used in messages.

    ``digest`` gives the bytes' sha256 where the caller has begun computing it already.
    """
    if layout.header_row < 1:
        raise UsageError("--header-row counts from 1 (the first row)")
    _one_role_each(columns)
    sha = digest or _sha256(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _refuse(name, _OLD_FORMAT[".xls"])
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if layout.delimiter is not None:
            raise UsageError(
                "--delimiter is for CSV files; the staff file is an XLSX workbook, whose cells "
                "need none"
            )
        raw, info = _xlsx(data, name, columns, layout)
    else:
        if suffix in {".xlsx", ".xlsm"}:
            raise _refuse(name, "is named as an XLSX workbook but is not one (not a zip archive)")
        if layout.sheet is not None:
            raise UsageError("--sheet is for XLSX workbooks; the staff file is read as CSV")
        raw, info = _csv(data, name, columns, layout)
    return _typed(raw, name, sha(), columns, layout, info)


#: Files from this size on are hashed in a thread of their own, while they are parsed.
HASH_IN_THREAD = 1 << 20


def _sha256(data: bytes) -> Callable[[], str]:
    """The sha256 of the bytes, when asked for: a large file's is computed meanwhile.

    hashlib lets go of the interpreter's lock while it hashes, and polars parses in threads of
    its own: on a machine with a core to spare, the hash costs no time.
    """
    if len(data) < HASH_IN_THREAD:
        digest = hashlib.sha256(data).hexdigest()
        return lambda: digest
    found: list[str] = []
    worker = threading.Thread(
        target=lambda: found.append(hashlib.sha256(data).hexdigest()), daemon=True
    )
    worker.start()

    def result() -> str:
        worker.join()
        return found[0]

    return result


def _one_role_each(columns: Sequence[Column]) -> None:
    """Refuse one column named for two roles (``--sex-column`` and ``--job-column`` alike)."""
    seen: dict[str, Column] = {}
    for column in columns:
        key = column.name.strip().casefold()
        first = seen.setdefault(key, column)
        if first is not column:
            said = " and ".join(c.option or f"the {c.key} column" for c in (first, column))
            raise UsageError(
                f"{said} name the same column '{excerpt(column.name)}': a column holds one thing"
            )


def _refuse(name: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(message, file=name, line=line)])


# --- the header ---------------------------------------------------------------------------------


def _positions(
    header: list[str], columns: Sequence[Column], name: str, row: int, hint: str = ""
) -> dict[str, int]:
    """Where each column is (absent optional columns left out); every header problem at once."""
    cells = [c.strip().casefold() for c in header]
    problems = []
    found: dict[str, int] = {}
    for column in columns:
        at = [i for i, c in enumerate(cells) if c == column.name.strip().casefold()]
        if not at:
            if column.required:
                how = (
                    f"; name the {column.key} column with {column.option}" if column.option else ""
                )
                problems.append(
                    Problem(
                        f"no column '{excerpt(column.name)}' in the header (row {row}){how}{hint}",
                        file=name,
                    )
                )
        elif len(at) > 1:
            where = ", ".join(str(i + 1) for i in at)
            problems.append(
                Problem(
                    f"column '{excerpt(column.name)}' appears {len(at)} times in the header "
                    f"(columns {where}): which one holds the {column.key} is not clear",
                    file=name,
                )
            )
        else:
            found[column.key] = at[0]
    if problems and not found and not hint and len(columns) > 1:
        problems.append(
            Problem(
                f"none of the columns read is in row {row}: if the column names are on a later "
                "row (an export with title rows above them), give --header-row N",
                file=name,
            )
        )
    if problems:
        raise InputError(problems)
    return found


#: Header names of columns that could hold people's sex (besides the one named).
SEX_NAMES = ("sex", "gender", "legal sex", "gender identity", "sex at birth", "sex or gender")


def _alternatives(
    header: list[str], columns: Sequence[Column], found: dict[str, int]
) -> dict[str, tuple[str, str, str]]:
    """Other columns that could be a sex column, read too so that they are compared.

    Each is key -> (the sex column's key, its name, the other's name); see :func:`_one_sex`.
    """
    out: dict[str, tuple[str, str, str]] = {}
    cells = [c.strip().casefold() for c in header]
    for column in columns:
        if column.kind is not Kind.SEX or column.key not in found:
            continue
        for i, cell in enumerate(cells):
            if i != found[column.key] and cell in SEX_NAMES and i not in found.values():
                out[f"__alt__{column.key}__{i}"] = (column.key, column.name, header[i].strip())
    return out


# --- CSV ----------------------------------------------------------------------------------------

#: One CSV record: unquoted characters and quoted sections (which may hold line breaks).
_RECORD = re.compile(rb'(?:[^"\n]|"[^"]*(?:"|\Z))*(?:\n|\Z)')


def _csv(
    data: bytes, name: str, columns: Sequence[Column], layout: Layout
) -> tuple[pl.DataFrame, dict[str, Any]]:
    import polars as pl

    wide = _wide_encoding(data)
    if wide is not None:
        raise _refuse(name, f"is {wide}: save it as CSV UTF-8 and run again")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\n" not in data and b"\r" in data:
        # Line ends of old Macintosh files (a carriage return alone), which polars does not
        # know, are made line feeds. In a file that has line feeds, a carriage return alone is
        # part of a value, never a new row that would shift the values after it.
        data = data.replace(b"\r", b"\n")
    start = 0
    header_row = layout.header_row
    for _ in range(header_row - 1):
        if start >= len(data):
            break
        match = _RECORD.match(data, start)
        assert match is not None  # the pattern matches the empty string
        start = match.end()
    if start >= len(data) or not data[start:].strip():
        if header_row == 1:
            raise _refuse(name, "the staff file is empty (no header row)")
        raise _refuse(name, f"has no row {header_row} (the header row, --header-row)")
    match = _RECORD.match(data, start)
    assert match is not None
    end = match.end()
    if end - start > MAX_HEADER:
        raise _refuse(
            name,
            f"the header row (row {header_row}) is longer than {MAX_HEADER:,} bytes: a quote "
            "may be left open",
        )
    try:
        header_text = data[start:end].decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise _refuse(
            name, f"is not UTF-8 text (row {header_row}): save it as CSV UTF-8 and run again"
        ) from None
    if not header_text.strip():
        raise _refuse(name, f"the header row (row {header_row}) is empty")
    delimiter = layout.delimiter or _delimiter(header_text, columns, name, header_row)
    try:
        header = next(csv.reader([header_text], delimiter=delimiter, strict=True))
    except csv.Error:
        raise _refuse(
            name,
            f"the header row (row {header_row}) is not readable as CSV (a quote is not closed, "
            "or text follows a closing quote)",
        ) from None
    header = _named_cells(header, name, header_row)
    hint = ""
    if _lacks(header, columns):
        hint = _title_hint(data, end, header_row, columns)
    if not hint and len(header) == 1 and layout.delimiter is None:
        hint = " (the header has a single column: give the delimiter with --delimiter)"
    at = _positions(header, columns, name, header_row, hint)
    numbers = [at[c.key] for c in columns if c.kind is Kind.NUMBER and c.key in at]
    above = []
    if numbers and header_row > 1:
        for record in _RECORD.finditer(data[:start]):
            try:
                text = record.group().decode("utf-8").rstrip("\r\n")
                above.append(next(csv.reader([text], delimiter=delimiter)))
            except (UnicodeDecodeError, csv.Error, StopIteration):
                above.append([])
    _no_data_outside(header, above, numbers, name, header_row)
    alternatives = _alternatives(header, columns, at)
    at = {**at, **{key: int(key.rsplit("__", 1)[1]) for key in alternatives}}
    width = len(header)
    body = io.BytesIO(data)  # read from the header's end, without copying the bytes
    body.seek(end)
    wanted = sorted(set(at.values())) + [width]
    schema = {f"column_{i}": pl.String() for i in range(width + 1)}
    try:
        frame = pl.read_csv(
            body,
            has_header=False,
            separator=delimiter,
            quote_char='"',
            columns=wanted,
            schema=schema,
            truncate_ragged_lines=True,
            missing_columns="insert",
            extra_columns="ignore",
            raise_if_empty=False,
            encoding="utf8",
        )
    except (pl.exceptions.PolarsError, OSError):
        raise _refuse(name, _csv_trouble(data[end:], delimiter, header_row + 1)) from None
    raw = frame.select(
        pl.int_range(header_row + 1, header_row + 1 + frame.height, dtype=pl.UInt32).alias("row"),
        *[pl.col(f"column_{i}").alias(key) for key, i in at.items()],
        pl.col(f"column_{width}").alias("__beyond__"),
    )
    return raw, {
        "format": "csv",
        "delimiter": delimiter,
        "header_row": header_row,
        "alternatives": alternatives,
        # Without a quote, no value can hold a line break (see _plain_scan).
        "one_line": data.find(b'"', end) == -1,
    }


def _named_cells(header: list[str], name: str, row: int) -> list[str]:
    """The header without its trailing empty cells; an empty cell between named ones refused.

    A value under an unnamed column would be read by no one and checked by nothing (it may be a
    value shifted from its own column); values under trailing empty cells are reported as values
    beyond the header's last column.
    """
    width = len(header)
    while width > 1 and not header[width - 1].strip():
        width -= 1
    for i, cell in enumerate(header[:width]):
        if not cell.strip():
            raise _refuse(
                name,
                f"the header row (row {row}) has an empty cell in column {i + 1}: every column "
                "must have a name",
            )
    return header[:width]


def _reads_as_number(text: str) -> bool:
    body = text.strip().strip(_AROUND).removeprefix("-")
    return bool(body) and bool(re.match(_POINT, body) or re.match(_COMMA, body))


def _no_data_outside(
    header: list[str], above: list[list[str]], numbers: list[int], name: str, header_row: int
) -> None:
    """Refuse a header row, or a row above it, that looks like a row of data.

    Which rows are read depends on ``--header-row``; if a row of data could be the header or be
    skipped above it, two runs would read people one apart, and their figures would give that
    person's pay by difference. A header's pay column name that reads as a number, or a number
    under the pay column above the header, is such a row.
    """
    for i in numbers:
        if i < len(header) and _reads_as_number(header[i]):
            raise _refuse(
                name,
                f"the header row (row {header_row}) holds a number where column {i + 1}'s name "
                "should be: it looks like a row of data (--header-row)",
            )
    for r, cells in enumerate(above, start=1):
        if any(i < len(cells) and _reads_as_number(cells[i]) for i in numbers):
            raise _refuse(
                name,
                f"row {r}, above the header row (row {header_row}), holds a number under the "
                "pay: a row of data would be left out; give the header's own row with "
                "--header-row",
            )


def _lacks(header: list[str], columns: Sequence[Column]) -> bool:
    cells = {c.strip().casefold() for c in header}
    return any(c.required and c.name.strip().casefold() not in cells for c in columns)


#: How many rows below a header that lacks the columns are looked at for the real header.
TITLE_ROWS = 20


def _title_hint(data: bytes, start: int, header_row: int, columns: Sequence[Column]) -> str:
    """A hint when the header row looks like a title.

    The row further down that holds the columns' names is named by its number only.
    """
    position = start
    for offset in range(1, TITLE_ROWS + 1):
        if position >= len(data):
            break
        match = _RECORD.match(data, position)
        if match is None or match.end() == position:
            break
        record = data[position : match.end()]
        position = match.end()
        try:
            text = record.decode("utf-8").strip("\r\n")
        except UnicodeDecodeError:
            return ""
        for delimiter in DELIMITERS:
            try:
                cells = next(csv.reader([text], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            if not _lacks(cells, columns):
                row = header_row + offset
                return (
                    f" (row {header_row} looks like a title; row {row} holds the column names: "
                    f"give --header-row {row})"
                )
    return ""


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16, by its byte-order mark or by its zero bytes; None for anything else.

    Without a byte-order mark, UTF-16 text has a zero byte in every other place (in its ASCII
    characters), UTF-32 in three places of four; UTF-8 has none.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32 text"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (Excel's 'Unicode text')"
    head = data[:512]
    if len(head) >= 8 and head.count(0) * 4 >= len(head) * 3:
        return "UTF-32 text (no byte-order mark)"
    if (
        len(head) >= 4
        and (head[1::2].count(0) * 4 >= len(head) or head[0::2].count(0) * 4 >= len(head))
        and head.count(0) * 3 >= len(head)
    ):
        return "UTF-16 text (no byte-order mark)"
    return None


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"?', "", text)


def _delimiter(header: str, columns: Sequence[Column], name: str, row: int) -> str:
    """The delimiter of a header row: the only one in it, or the only one that finds the columns.

    A header holding several candidates, split into the named columns by more than one (or by
    none), is refused: which one is meant cannot be known.
    """
    bare = _outside_quotes(header)
    present = [d for d in DELIMITERS if d in bare]
    if not present:
        return ","
    if len(present) == 1:
        return present[0]
    fits = []
    for d in present:
        try:
            split = next(csv.reader([header], delimiter=d))
        except csv.Error:
            continue
        cells = [c.strip().casefold() for c in split]
        if all(cells.count(c.name.strip().casefold()) == 1 for c in columns if c.required):
            fits.append(d)
    if len(fits) == 1:
        return fits[0]
    said = " or ".join(f"{DELIMITERS[d]} ('{excerpt(d)}')" for d in present)
    raise _refuse(
        name,
        f"the header row (row {row}) could be split at a {said}: give the delimiter with "
        "--delimiter",
    )


def _csv_trouble(body: bytes, delimiter: str, first_row: int) -> str:
    """What polars could not read, found again by the slow, exact reader, with its row."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = first_row + _records_before(body, exc.start)
        return f"is not UTF-8 text (at row {row} or near it): save it as CSV UTF-8 and run again"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    read = 0
    try:
        for _ in reader:
            read += 1
    except csv.Error:
        return (
            f"row {first_row + read}: not readable as CSV (a quote is not closed, or text "
            "follows a closing quote)"
        )
    return "is not readable as CSV (a quote is not closed, or text follows a closing quote)"


def _records_before(body: bytes, offset: int) -> int:
    count = 0
    position = 0
    while position < offset:
        match = _RECORD.match(body, position)
        if match is None or match.end() == position or match.end() > offset:
            break
        position = match.end()
        count += 1
    return count


# --- XLSX ---------------------------------------------------------------------------------------


class _Doctype(Exception):
    pass


def _check_workbook(data: bytes, name: str) -> dict[str, str]:
    """Check an XLSX archive before any parser sees it; return each sheet's kind by name.

    The archive must open, expand to at most :data:`MAX_EXPANDED_BYTES`, and hold only
    well-formed XML parts with no document type declaration. Kinds are read from the workbook
    part and its relationships: ``worksheet``, ``chartsheet``, ``dialogsheet``, ``macrosheet``.
    """
    from xml.parsers import expat

    damaged = "is not a readable XLSX workbook (damaged or truncated)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ):
        raise _refuse(name, damaged) from None
    names = {i.filename for i in infos}
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100]
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            mimetype = b""
        if b"opendocument" in mimetype:
            raise _refuse(name, _OLD_FORMAT[".ods"])
    if sum(i.file_size for i in infos) > MAX_EXPANDED_BYTES:
        raise _refuse(
            name,
            f"expands to more than {MAX_EXPANDED_BYTES:,} bytes: too large for a staff workbook",
        )
    sheets: list[tuple[str, str]] = []
    targets: dict[str, tuple[str, str]] = {}
    workbook_part = "xl/workbook.xml"
    extents: dict[str, tuple[int, int]] = {}

    def element(tag: str, attributes: dict[str, str]) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "sheet":
            rid = next((v for k, v in attributes.items() if k.endswith(" id")), "")
            sheets.append((attributes.get("name", ""), rid))
        elif local == "Relationship":
            kind = attributes.get("Type", "").rsplit("/", 1)[-1]
            targets[attributes.get("Id", "")] = (kind, attributes.get("Target", ""))

    def doctype(*_: object) -> None:
        raise _Doctype

    for info in infos:
        if not _xml_part(archive, info):
            continue
        part = excerpt(info.filename)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = doctype
        parser.EntityDeclHandler = doctype
        base = info.filename.casefold()
        scan: _Scan | None = None
        if base.endswith("workbook.xml") or base.endswith("workbook.xml.rels"):
            parser.StartElementHandler = element
            if base.endswith("workbook.xml"):
                workbook_part = info.filename
        else:
            scan = _Scan(parser)
            parser.StartElementHandler = scan.root
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    parser.Parse(chunk, False)
                    if scan is not None:
                        scan.feed(chunk)
            parser.Parse(b"", True)
            if scan is not None and scan.sheet:
                extents[info.filename] = scan.extent() or _exact_extent(archive, info)
        except _Doctype:
            raise _refuse(
                name,
                f"part '{part}' declares a document type: workbooks never need one, and it is "
                "how entity-expansion attacks begin",
            ) from None
        except expat.ExpatError as exc:
            raise _refuse(
                name, f"part '{part}' is not well-formed XML (line {exc.lineno}): damaged"
            ) from None
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
            raise _refuse(name, damaged) from None
        except NotImplementedError:  # a compression method Python's zipfile lacks
            raise _refuse(name, f"{damaged[:-1]}, or compressed in an unusual way)") from None
    kinds = {sheet: targets.get(rid, ("worksheet", ""))[0] for sheet, rid in sheets}
    folder = posixpath.dirname(workbook_part)
    parts = {
        posixpath.normpath(
            target[1:] if target.startswith("/") else posixpath.join(folder, target)
        ).casefold(): sheet
        for sheet, rid in sheets
        if (target := targets.get(rid, ("", ""))[1])
    }
    for part_name, (rows, columns) in extents.items():
        if columns > MAX_SHEET_COLUMNS or rows * columns > MAX_SHEET_CELLS:
            sheet_name = parts.get(part_name.casefold())
            which = (
                f"sheet '{excerpt(sheet_name)}'"
                if sheet_name is not None
                else f"part '{excerpt(part_name)}'"
            )
            raise _refuse(
                name,
                f"{which} spans A1:{_cell_name(rows, columns)} ({rows:,} rows, {columns:,} "
                f"columns): more than jescore reads (at most {MAX_SHEET_COLUMNS:,} columns and "
                f"{MAX_SHEET_CELLS:,} cells from A1); delete the empty rows and columns past the "
                "data (or copy the data to a new workbook) and save it again",
            )
    return kinds


#: A cell reference: column letters and row digits.
_CELL_REF = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")
#: Where a reference too long to be real is taken to point: past every bound.
_FAR = (10**12, 10**6)


def _cell_position(ref: str) -> tuple[int, int] | None:
    """The (row, column) of a cell reference such as ``XFD1048576``, counted from 1."""
    ref = ref.strip()
    if len(ref) > 64:
        return _FAR
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        return None
    if len(match.group(1)) > 6 or len(match.group(2)) > 12:
        return _FAR
    return int(match.group(2)), _column_number(match.group(1))


def _cell_name(row: int, column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters or 'A'}{row}"


#: Tags as every writer writes them: no prefix, the reference first, in plain form. Tags are
#: counted as every ``<c`` (``<row``, ...) but those followed by more of a name (``<cols``).
_C_OTHER = re.compile(rb"<c[^\s/>]")
_C_REF = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"')
_ROW_OTHER = re.compile(rb"<row[^\s/>]")
_ROW_REF = re.compile(rb'<row r="([0-9]{1,7})"')
_DIMENSION_OTHER = re.compile(rb"<dimension[^\s/>]")
_DIMENSION_REF = re.compile(rb'<dimension ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"')
#: The same elements with a namespace prefix: read by :func:`_exact_extent`.
_PREFIXED = re.compile(rb":(?:c|row|dimension)[\s/>]")
_DIGITS = b"0123456789"
_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Longest text between two tags the fast scan carries over from one block to the next.
_MAX_CARRY = 4 << 20


class _Scan:
    """The last row and column a sheet part reaches, found fast, while expat checks the part.

    Every ``<c``, ``<row`` and ``<dimension`` tag is counted, and counted again when it starts
    with its reference in the form writers use (``<c r="XFD1048576"``). When every tag does, the
    references tell the whole extent; otherwise (a cell without a reference, placed after the one
    before it; an escaped reference; a namespace prefix) :func:`_exact_extent` reads the part
    again with expat. A real tag holds no ``<``, so none can hide inside another's match; a tag
    inside a comment is counted like the others, which can only make the extent larger.
    """

    SHEETS = ("worksheet", "dialogsheet", "macrosheet")

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.sheet: bool | None = None
        self.exact = True
        self.carry = b""
        self.rows = 0
        self.columns = 0

    def root(self, tag: str, _: dict[str, str]) -> None:
        self.sheet = tag.rpartition(" ")[2] in self.SHEETS
        self.parser.StartElementHandler = None

    def feed(self, chunk: bytes, last: bool = False) -> None:
        if self.sheet is False or not self.exact:
            return
        block = self.carry + chunk
        cut = len(block) if last else block.rfind(b"<")
        if cut <= 0:
            self.carry = block if cut == 0 else b""
            self.exact = len(self.carry) <= _MAX_CARRY
            return
        self.carry = block[cut:]
        block = block[:cut]
        cells = _C_REF.findall(block)
        rows = _ROW_REF.findall(block)
        dimensions: list[bytes] = []
        if b"<dimension" in block:  # once a sheet, near its top
            dimensions = _DIMENSION_REF.findall(block)
            others = len(_DIMENSION_OTHER.findall(block))
            self.exact = len(dimensions) == block.count(b"<dimension") - others
        if (
            not self.exact
            or _PREFIXED.search(block)
            or len(cells) != block.count(b"<c") - len(_C_OTHER.findall(block))
            or len(rows) != block.count(b"<row") - len(_ROW_OTHER.findall(block))
        ):
            self.exact = False
            return
        references = b" ".join(cells)
        if dimensions:
            references += b" " + b" ".join(dimensions).replace(b":", b" ")
        letters = set(references.translate(None, _DIGITS).split())
        numbers = set(references.translate(None, _LETTERS).split()) | set(rows)
        if letters:
            widest = max(letters, key=lambda c: (len(c), c)).decode("ascii")
            self.columns = max(self.columns, _column_number(widest))
        if numbers:
            self.rows = max(self.rows, max(map(int, numbers)))

    def extent(self) -> tuple[int, int] | None:
        """(rows, columns) the part reaches, or None when the fast scan cannot tell."""
        self.feed(b"", last=True)
        return (self.rows, self.columns) if self.exact else None


def _column_number(letters: str) -> int:
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column


def _exact_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, columns) a sheet part reaches, read element by element (slow, exact)."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    extent = _Extent(parser)
    parser.StartElementHandler = extent.start
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return extent.rows, extent.columns


class _Extent:
    """The last row and column a sheet's XML reaches, as its cells and its dimension say.

    A row or cell without a reference follows the one before it (as readers place it); a
    reference that cannot be read is the reader's to report. Parts that are not sheets stop
    being watched at their first element.
    """

    SHEETS = ("worksheet", "dialogsheet", "macrosheet")

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.namespace: str | None = None
        self.rows = 0
        self.columns = 0
        self.row = 0
        self.column = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if self.namespace is None:
            if local not in self.SHEETS:
                self.parser.StartElementHandler = None
                return
            self.namespace = namespace
        if namespace != self.namespace:
            return
        if local == "c":
            position = _cell_position(attributes.get("r", ""))
            if position is None:
                self.column += 1
            else:
                self.row = max(self.row, position[0])
                self.column = position[1]
            self.rows = max(self.rows, self.row)
            self.columns = max(self.columns, self.column)
        elif local == "row":
            reference = attributes.get("r", "").strip()
            if reference.isdigit():
                self.row = int(reference) if len(reference) <= 12 else _FAR[0]
            else:
                self.row += 1
            self.column = 0
            self.rows = max(self.rows, self.row)
        elif local == "dimension":
            for corner in attributes.get("ref", "").split(":"):
                position = _cell_position(corner)
                if position is not None:
                    self.rows = max(self.rows, position[0])
                    self.columns = max(self.columns, position[1])


def _sheet_height(reader: Any, sheet: str) -> int | None:
    """How many rows a sheet has, or None if it cannot be read."""
    try:
        return int(reader.load_sheet(sheet, header_row=None, dtypes="string").height)
    except Exception:  # noqa: BLE001 - fastexcel raises its own and Rust-side errors
        return None


def _xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part of the archive is XML: by its name, or else by its first bytes.

    A relationship may point a parser at a part of any name, so the name alone is not enough.
    """
    if info.filename.casefold().endswith((".xml", ".rels", ".vml")):
        return True
    if info.is_dir():
        return False
    try:
        with archive.open(info) as stream:
            head = stream.read(64)
            if head.startswith(_WIDE_XML):
                return True
            head = head.removeprefix(b"\xef\xbb\xbf").lstrip(_SPACE)
            while not head and (block := stream.read(1 << 16)):
                head = block.lstrip(_SPACE)  # a parser skips any run of spaces before '<'
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return True  # checked in full, where the trouble is reported
    return head.startswith(b"<")


_SPACE = b" \t\r\n"
#: How XML in UTF-16 or UTF-32 starts: a byte-order mark, or '<' in two or four bytes.
_WIDE_XML = (
    b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<", b"<\x00", b"\x00\x00\x00<",
)  # fmt: skip


def _xlsx(
    data: bytes, name: str, columns: Sequence[Column], layout: Layout
) -> tuple[pl.DataFrame, dict[str, Any]]:
    import fastexcel
    import polars as pl

    kinds = _check_workbook(data, name)
    unreadable = "is not a readable XLSX workbook"
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
    except Exception:  # noqa: BLE001 - fastexcel raises its own and Rust-side errors
        raise _refuse(name, f"{unreadable} (damaged, or not a workbook)") from None
    data_sheets = [n for n in names if kinds.get(n, "worksheet") == "worksheet"]
    listed = ", ".join(f"'{excerpt(n)}'" for n in data_sheets)
    if layout.sheet is None:
        if not data_sheets:
            raise _refuse(name, "the workbook has no sheet of data (only charts or dialogs)")
        if len(data_sheets) > 1:
            raise _refuse(
                name,
                f"the workbook has {len(data_sheets)} sheets ({listed}): choose one with "
                "--sheet NAME",
            )
        sheet = data_sheets[0]
    elif layout.sheet in data_sheets:
        sheet = layout.sheet
    elif layout.sheet in names:
        raise UsageError(
            f"--sheet '{excerpt(layout.sheet)}' is a {kinds.get(layout.sheet, 'chart')}, not a "
            f"sheet of data; the workbook's sheets of data are {listed or 'none'}"
        )
    else:
        raise UsageError(f"--sheet '{excerpt(layout.sheet)}': the workbook's sheets are {listed}")
    header_row = layout.header_row
    where = f"sheet '{excerpt(sheet)}'"
    try:
        top = reader.load_sheet(
            sheet, header_row=None, skip_rows=header_row - 1, n_rows=1, dtypes="string"
        )
        first = top.to_polars()
        absolute = [c.absolute_index for c in top.available_columns()]
    except Exception:  # noqa: BLE001
        height = _sheet_height(reader, sheet) if header_row > 1 else None
        if height is not None and height < header_row:
            raise _refuse(
                name,
                f"{where} has {height:,} rows: no row {header_row} (the header row, --header-row)",
            ) from None
        raise _refuse(name, f"{unreadable} ({where} cannot be read)") from None
    if first.height == 0 or all(v is None for v in first.row(0)):
        if header_row == 1:
            raise _refuse(name, f"the staff sheet is empty (no header row in {where})")
        raise _refuse(name, f"{where} has nothing in row {header_row} (the header row)")
    header = _named_cells(["" if v is None else str(v) for v in first.row(0)], name, header_row)
    at = _positions(header, columns, name, header_row)
    numbers = [at[c.key] for c in columns if c.kind is Kind.NUMBER and c.key in at]
    above: list[list[str]] = []
    if numbers and header_row > 1:
        # The same range of the sheet as the header's: positions match.
        try:
            skipped = reader.load_sheet(
                sheet, header_row=None, n_rows=header_row - 1, dtypes="string"
            ).to_polars()
            above = [["" if v is None else str(v) for v in row] for row in skipped.iter_rows()]
        except Exception:  # noqa: BLE001 - fastexcel raises its own and Rust-side errors
            above = []
    _no_data_outside(header, above, numbers, name, header_row)
    alternatives = _alternatives(header, columns, at)
    at = {**at, **{key: int(key.rsplit("__", 1)[1]) for key in alternatives}}
    wanted = {key: absolute[i] for key, i in at.items()}
    indexes = sorted(set(wanted.values()))
    if indexes:
        try:
            body = reader.load_sheet(
                sheet,
                header_row=None,
                skip_rows=header_row,
                use_columns=indexes,
                dtypes=dict.fromkeys(indexes, "string"),
            ).to_polars()
        except Exception:  # noqa: BLE001
            raise _refuse(name, f"{unreadable} ({where} cannot be read)") from None
        by_index = dict(zip(indexes, body.columns, strict=True))
    else:
        body = pl.DataFrame()
        by_index = {}
    raw = body.select(
        pl.int_range(header_row + 1, header_row + 1 + body.height, dtype=pl.UInt32).alias("row"),
        *[pl.col(by_index[i]).alias(key) for key, i in wanted.items()],
    )
    number_keys = [c.key for c in columns if c.kind is Kind.NUMBER and c.key in wanted]
    if number_keys and raw.height:
        raw = raw.with_columns(_native_numbers(reader, sheet, header_row, wanted, number_keys, raw))
    return raw, {
        "format": "xlsx",
        "sheet": sheet,
        "header_row": header_row,
        "alternatives": alternatives,
    }


def _native_numbers(
    reader: Any,
    sheet: str,
    header_row: int,
    wanted: dict[str, int],
    keys: list[str],
    raw: pl.DataFrame,
) -> list[pl.Series]:
    """Which cells of the number columns ``keys`` hold numbers, and the doubles they hold.

    ``KEY.native``: the cell holds a number, which is a number whatever ``--decimal`` says (only
    text cells are looked at to find or check the decimal mark); ``KEY.cell``: its double,
    exactly (read as a float: the text calamine writes for a number is rounded). Read as
    booleans, a number cell is true or false (non-zero or zero), a text cell nothing; a TRUE or
    FALSE cell is true or false too, and is told apart by its text.
    """
    import polars as pl

    indexes = sorted({wanted[k] for k in keys})

    def load(dtype: str) -> pl.DataFrame | None:
        try:
            frame: pl.DataFrame = reader.load_sheet(
                sheet,
                header_row=None,
                skip_rows=header_row,
                use_columns=indexes,
                dtypes=dict.fromkeys(indexes, dtype),
            ).to_polars()
        except Exception:  # noqa: BLE001 - fastexcel raises its own and Rust-side errors
            return None
        return frame if frame.height == raw.height else None

    def column(frame: pl.DataFrame, key: str) -> pl.Series:
        return frame.get_column(frame.columns[indexes.index(wanted[key])])

    flags = load("boolean")
    natives = {
        key: (
            (column(flags, key).is_not_null() & ~raw.get_column(key).is_in(["true", "false"]))
            if flags is not None
            else pl.Series([False] * raw.height, dtype=pl.Boolean)
        )
        for key in keys
    }
    values = load("float") if any(n.any() for n in natives.values()) else None
    if values is None:
        natives = {key: pl.Series([False] * raw.height, dtype=pl.Boolean) for key in keys}
    out = []
    for key in keys:
        out.append(natives[key].alias(f"{key}.native"))
        out.append(
            column(values, key).cast(pl.Float64).alias(f"{key}.cell")
            if values is not None
            else pl.Series(f"{key}.cell", [None] * raw.height, dtype=pl.Float64)
        )
    return out


# --- values -------------------------------------------------------------------------------------

_SPACES = " \u00a0\u202f"
#: A number as it may be written with a decimal point: digits, or thousands in groups of three
#: (a comma or a space between them), then the decimals.
_POINT = (
    rf"^(?:[0-9]+(?:\.[0-9]+)?|[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?"
    rf"|[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+(?:\.[0-9]+)?)$"
)
#: The same with a decimal comma (a point or a space between thousands).
_COMMA = (
    rf"^(?:[0-9]+(?:,[0-9]+)?|[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}})+(?:,[0-9]+)?"
    rf"|[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+(?:,[0-9]+)?)$"
)
#: What payroll exports nearly always hold: digits, perhaps a point and decimals, within bounds.
_PLAIN = rf"^[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]+)?$"
#: A plain value that a thousands separator could have written too ("1.234").
_PLAIN_AMBIGUOUS = r"^[1-9][0-9]{0,2}\.[0-9]{3}$"
_NON_FINITE = r"(?i)^[+-]?(?:inf|infinity|nan)$"
#: Currency signs and spaces around a number, dropped.
_AROUND = " \t£€$" + _SPACES
_LIMIT = float(10**MAX_DIGITS)

NOT_A_NUMBER = "is not a number"
AMBIGUOUS = (
    "could be read with a decimal mark or with a thousands separator, and nothing in the file "
    "says which: give --decimal . or --decimal ,"
)
TOO_LARGE = f"is too large (more than {MAX_DIGITS} digits before the decimal mark)"
NON_FINITE = "is not a finite number"
MISSING = "is missing"
MARK_DEPENDENT = (
    "reads as one number with a decimal point and as another with a decimal comma, while other "
    "values in the file read the same either way: two runs with different --decimal would set "
    "one against the other, so it is refused whatever the mark (write it with its decimals, or "
    "without a thousands separator)"
)


def _typed(
    raw: pl.DataFrame,
    name: str,
    sha: str,
    columns: Sequence[Column],
    layout: Layout,
    info: dict[str, Any],
) -> StaffTable:
    """Typed columns and a problems table, by polars expressions over the raw text.

    Work is done in stages of columns (each stage's expressions run in parallel), so that no
    value is stripped, matched or cast twice; columns with few distinct values (sex, yes/no,
    choices) are read once per distinct value.
    """
    import polars as pl

    present = [c for c in columns if c.key in raw.columns]
    keys = [c.key for c in present]
    beyond = "__beyond__" in raw.columns
    alternatives = info.get("alternatives") or {}
    if alternatives:
        _one_sex(raw, alternatives, name)
        raw = raw.drop(list(alternatives))
    raw, blank = _without_blank_rows(raw, keys, beyond)
    text = [c.key for c in present if c.kind in {Kind.TEXT, Kind.DATE}]
    if text:
        raw = raw.with_columns(pl.col(k).str.strip_chars() for k in text)
    numbers = [c for c in present if c.kind is Kind.NUMBER]
    # An XLSX number cell is a number whatever the decimal mark: the mark is found and checked
    # on the text cells alone (the number cells are set aside, then read as they are).
    natives = [c for c in numbers if f"{c.key}.native" in raw.columns]
    if natives:
        raw = raw.with_columns(
            pl.when(pl.col(f"{c.key}.native")).then(None).otherwise(pl.col(c.key)).alias(c.key)
            for c in natives
        )
    raw, mark, detected = _numbers(raw, numbers, layout, name, bool(info.get("one_line")))
    if natives:
        raw = raw.with_columns(_native_value(c) for c in natives).with_columns(
            _native_problem(c) for c in natives
        )
    values: list[pl.Expr] = []
    problems: list[pl.Expr] = []
    plain_text = [c.key for c in present if c.kind is Kind.TEXT]
    # (A text column without an empty value is taken as it is: nothing to copy or say.)
    full = (
        {
            k
            for k, n in raw.select(
                (pl.col(k).is_null() | (pl.col(k) == "")).sum() for k in plain_text
            )
            .row(0, named=True)
            .items()
            if not n
        }
        if plain_text and raw.height
        else set(plain_text)
    )
    for column in present:
        if column.kind is Kind.NUMBER:
            value, problem = pl.col(f"{column.key}.value"), pl.col(f"{column.key}.problem")
        elif column.kind in {Kind.SEX, Kind.YES_NO, Kind.CHOICE}:
            value, problem = _by_distinct_value(column, raw.get_column(column.key))
        elif column.key in full:
            value, problem = pl.col(column.key), pl.lit(None, dtype=pl.String)
        else:
            value, problem = _column(column)
        values.append(value.alias(f"{column.key}.value"))
        problems.append(problem.alias(f"{column.key}.problem"))
    if beyond:
        problems.append(
            pl.when(pl.col("__beyond__").is_not_null() & (pl.col("__beyond__") != ""))
            .then(
                pl.lit(
                    "has more values than the header has columns: a value may hold the "
                    "delimiter without quotes (a decimal comma in a comma-separated file?)"
                )
            )
            .otherwise(None)
            .alias("__row__.problem")
        )
    checked = raw.select(pl.col("row"), *values, *problems) if keys or beyond else raw
    # A value with a problem is null, never half-read; so is every value of a row too long for
    # its header (they may have shifted).
    names = [(c.name, f"{c.key}.problem") for c in present]
    if beyond:
        names.append(("", "__row__.problem"))
    counts = checked.select(pl.col(p).is_not_null().sum() for _, p in names).row(0) if names else ()
    found = dict(zip((p for _, p in names), counts, strict=True))
    whole = pl.col("__row__.problem").is_null() if beyond else pl.lit(True)
    # (A column without a problem, in a file without rows too long, is taken as it is.)
    clean = not found.get("__row__.problem")
    frame = checked.select(
        pl.col("row"),
        *[
            (
                (
                    pl.col(f"{c.key}.value")
                    if clean and not found[f"{c.key}.problem"]
                    else pl.when(pl.col(f"{c.key}.problem").is_null() & whole)
                    .then(pl.col(f"{c.key}.value"))
                    .otherwise(None)
                )
                if c.key in keys
                else _constant(c)
            ).alias(c.key)
            for c in columns
        ],
    )
    parts = [
        checked.filter(pl.col(problem).is_not_null()).select(
            pl.col("row").cast(pl.UInt32),
            pl.lit(column_name, dtype=pl.String).alias("column"),
            pl.col(problem).alias("message"),
            pl.lit(None, dtype=pl.String).alias("detail"),
            pl.lit(i, dtype=pl.UInt32).alias("__order"),
        )
        for i, ((column_name, problem), n) in enumerate(zip(names, counts, strict=True))
        if n
    ]
    table = pl.concat(parts).sort(["row", "__order"]).drop("__order") if parts else no_problems()
    other_sex = {}
    for c in present:
        if c.kind is Kind.SEX:
            other = frame.select(pl.col("row").filter(pl.col(c.key) == "other")).to_series()
            raw_blank = 0
            if other.len():  # a blank sex is "other": none of one, none of the other
                raw_blank = raw.select(
                    ((pl.col(c.key).is_null()) | (pl.col(c.key).str.strip_chars() == "")).sum()
                ).item()
            other_sex[c.key] = (
                other.len(),
                int(raw_blank),
                tuple(other.head(FIRST_ROWS).to_list()),
            )
    return StaffTable(
        name=name,
        sha256=sha,
        frame=frame,
        problems=table.cast(problem_schema()),  # type: ignore[arg-type]
        rows=raw.height,
        blank=blank,
        format=info["format"],
        delimiter=info.get("delimiter"),
        sheet=info.get("sheet"),
        decimal=mark or ".",
        decimal_detected=detected,
        names={c.key: c.name for c in columns},
        other_sex=other_sex,
        absent=tuple(c.key for c in columns if c.key not in keys),
    )


def _one_sex(raw: pl.DataFrame, alternatives: dict[str, tuple[str, str, str]], name: str) -> None:
    """Refuse a file whose sex column and another that could be one differ in some row.

    Runs naming one and then the other (``--sex-column Gender``) would put people apart, and
    the two runs' figures could give their pay by difference. Neither column's values are said.
    """
    import polars as pl

    for alt, (key, named, other) in alternatives.items():
        pairs = raw.group_by([key, alt]).agg(pl.len().alias("n"), pl.col("row").min().alias("r"))
        apart = [(n, r) for a, b, n, r in pairs.iter_rows() if sex_of(a) != sex_of(b)]
        if apart:
            rows = sum(n for n, _ in apart)
            first = min(r for _, r in apart)
            raise _refuse(
                name,
                f"columns '{excerpt(named)}' and '{excerpt(other)}' could each be the sex "
                f"column, and they differ in {rows:,} rows (first at row {first}): runs naming "
                "one and then the other would set people apart, and their figures could give "
                "a person's pay; give jescore the file with only the column to use",
            )


def _without_blank_rows(
    raw: pl.DataFrame, keys: list[str], beyond: bool
) -> tuple[pl.DataFrame, int]:
    """The rows with something in a named column, and how many had nothing (blank rows).

    Only rows whose first named column is empty can be blank: the others are looked at no
    further, so a file without blank rows costs one pass over one column.
    """
    import polars as pl

    if not keys or not raw.height:
        return raw, 0

    def empty(key: str) -> pl.Expr:
        return pl.col(key).is_null() | (pl.col(key).str.strip_chars() == "")

    candidates = raw.filter(empty(keys[0]))
    if not candidates.height:
        return raw, 0
    condition = pl.all_horizontal([empty(k) for k in keys])
    if beyond:
        condition = condition & pl.col("__beyond__").is_null()
    rows = candidates.filter(condition).get_column("row")
    if not rows.len():
        return raw, 0
    return raw.filter(~pl.col("row").is_in(rows.implode())), rows.len()


def _constant(column: Column) -> pl.Expr:
    import polars as pl

    return pl.lit(column.default, dtype=_dtype(column))


def _dtype(column: Column) -> pl.DataType:
    import polars as pl

    return {
        Kind.TEXT: pl.String(),
        Kind.NUMBER: pl.Float64(),
        Kind.SEX: pl.Enum(SEXES),
        Kind.YES_NO: pl.Boolean(),
        Kind.DATE: pl.Date(),
        Kind.CHOICE: pl.String(),
    }[column.kind]


def sex_of(text: str | None) -> str:
    """Women, men or other, for one value as it stands in a file."""
    word = (text or "").strip().casefold()
    return "women" if word in _WOMEN else "men" if word in _MEN else "other"


def _read_one(column: Column, text: str | None) -> tuple[object, str | None]:
    """One distinct value of a sex, yes/no or choice column: (value, problem or None)."""
    word = (text or "").strip()
    if column.kind is Kind.SEX:
        return sex_of(word), None
    if not word:
        if column.default is not None:
            return column.default, None
        return None, MISSING
    low = word.casefold()
    if column.kind is Kind.YES_NO:
        if low in _YES or low in _NO:
            return low in _YES, None
        return None, "is not yes or no"
    for choice in column.choices:
        if low == choice.casefold():
            return choice, None
    return None, f"is not one of {', '.join(column.choices)}"


def _by_distinct_value(column: Column, values: pl.Series) -> tuple[pl.Expr, pl.Expr]:
    """(value, problem) of a column with few distinct values: each is read once, then mapped."""
    import polars as pl

    read = {v: _read_one(column, v) for v in values.unique().to_list()}
    missing = _read_one(column, None)
    found = {k: v for k, (v, _) in read.items() if k is not None}
    said = {k: p for k, (_, p) in read.items() if k is not None}
    dtype = _dtype(column)
    key = pl.col(column.key)
    value = (
        key  # (values already as the choices are written: taken as they are)
        if column.kind is Kind.CHOICE
        and all(k == v for k, v in found.items())
        and all(p is None for p in said.values())
        else key.replace_strict(found, default=None, return_dtype=dtype)
    )
    problem = (
        key.replace_strict(said, default=None, return_dtype=pl.String)
        if any(p is not None for p in said.values())
        else pl.lit(None, dtype=pl.String)
    )
    if column.kind is not Kind.SEX:
        value = pl.when(key.is_null()).then(pl.lit(missing[0], dtype=dtype)).otherwise(value)
        problem = (
            pl.when(key.is_null()).then(pl.lit(missing[1], dtype=pl.String)).otherwise(problem)
        )
    else:
        value = pl.when(key.is_null()).then(pl.lit("other", dtype=dtype)).otherwise(value)
    return value, problem


def _column(column: Column) -> tuple[pl.Expr, pl.Expr]:
    """(value, problem message or null) of a text or date column (already stripped)."""
    import polars as pl

    s = pl.col(column.key)
    empty = s.is_null() | (s == "")
    none = pl.lit(None, dtype=pl.String)
    if column.default is not None:
        when_empty, empty_problem = pl.lit(column.default, dtype=_dtype(column)), none
    else:
        message = "is empty" if column.kind is Kind.TEXT else MISSING
        when_empty, empty_problem = pl.lit(None, dtype=_dtype(column)), pl.lit(message)
    if column.kind is Kind.TEXT:
        return (
            pl.when(empty).then(when_empty).otherwise(s),
            pl.when(empty).then(empty_problem).otherwise(none),
        )
    # Kind.DATE: ISO, or an XLSX date cell as calamine writes it
    iso = s.str.extract(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T]00:00:00(?:\.0+)?)?$", 1)
    value = iso.str.to_date("%Y-%m-%d", strict=False)
    said = "is not a date (write dates as YYYY-MM-DD)"
    problem = (
        pl.when(empty).then(empty_problem).when(value.is_null()).then(pl.lit(said)).otherwise(none)
    )
    return pl.when(empty).then(when_empty).otherwise(value), problem


def _numbers(
    raw: pl.DataFrame, numbers: list[Column], layout: Layout, name: str, one_line: bool = False
) -> tuple[pl.DataFrame, str | None, bool]:
    """Each number column's value and problem (``key.value``, ``key.problem``), and the mark.

    The decimal mark is the one given, else the one the file's values show (see the module
    docstring). A file of plain values (digits, perhaps a point and decimals: what payroll
    exports nearly always hold) is read by polars' own parser after one match; others are
    matched against both readings.
    """
    import polars as pl

    if not numbers:
        return raw, layout.decimal, False
    given = layout.decimal
    # Polars' own reading of each value: the value itself where the column is plain.
    raw = raw.with_columns(
        pl.col(c.key).cast(pl.Float64, strict=False).alias(f"{c.key}.cast") for c in numbers
    )
    scan = _plain_scan(raw, numbers, one_line)
    if all(s.plain for s in scan.values()) and given != ",":
        # Plain values: some read differently with the two marks ("1.234"), others not
        # (digits alone): see _mark_dependent.
        dependent = any(s.ambiguous for s in scan.values()) and any(s.digits for s in scan.values())
        mark = given
        if mark is None:
            mark = "." if _point_decides(raw, numbers) else None
        empties = {k: s.empties for k, s in scan.items()}
        stage = []
        taken: set[str] = set()  # read by polars' parser alone, final as they are
        for c in numbers:
            text = pl.col(c.key)
            native = pl.col(f"{c.key}.cast")
            if mark is not None and not dependent and (not empties[c.key] or c.default is not None):
                # Nothing can be wrong: polars' own parser gives the values.
                default = None if c.default is None else float(c.default)  # type: ignore[arg-type]
                stage += [
                    (native if default is None else native.fill_null(default)).alias(
                        f"{c.key}.value"
                    ),
                    pl.lit(None, dtype=pl.String).alias(f"{c.key}.problem"),
                ]
                taken.add(c.key)
                continue
            empty = text.is_null() | (text == "")
            # (A column with no value of the form "1.234" needs no row matched against it.)
            two_ways = scan[c.key].ambiguous
            two_ways_here = text.str.contains(_PLAIN_AMBIGUOUS) if two_ways else pl.lit(False)
            ambiguous = two_ways_here if mark is None else pl.lit(False)
            moving = two_ways_here if dependent else pl.lit(False)
            none = pl.lit(None, dtype=pl.String)
            stage += [
                native.alias(f"{c.key}.value"),
                pl.when(empty)
                .then(none if c.default is not None else pl.lit(MISSING))
                .when(moving)
                .then(pl.lit(MARK_DEPENDENT))
                .when(ambiguous)
                .then(pl.lit(AMBIGUOUS))
                .otherwise(none)
                .alias(f"{c.key}.problem"),
            ]
        raw = raw.with_columns(stage)
        # (A plain value has no sign, and an empty one already has its default.)
        if len(taken) < len(numbers):
            raw = raw.with_columns(_number_value(c) for c in numbers if c.key not in taken)
        return raw, mark, given is None and mark is not None
    # The general case: sign and body, then every value matched against both readings.
    stage = []
    for c in numbers:
        text = pl.col(c.key).str.strip_chars()
        stage += [
            text.str.starts_with("-").alias(f"{c.key}.negative"),
            text.str.strip_prefix("-").str.strip_chars(_AROUND).alias(f"{c.key}.body"),
            text.str.contains(_NON_FINITE).alias(f"{c.key}.non_finite"),
        ]
    raw = raw.with_columns(stage)
    stage = []
    for c in numbers:
        body = pl.col(f"{c.key}.body")
        stage += [
            body.str.contains(_POINT).alias(f"{c.key}.point_ok"),
            body.str.contains(_COMMA).alias(f"{c.key}.comma_ok"),
            body.str.replace_all(f"[,{_SPACES}]", "")
            .cast(pl.Float64, strict=False)
            .alias(f"{c.key}.point"),
            body.str.replace_all(f"[.{_SPACES}]", "")
            .str.replace(",", ".", literal=True)
            .cast(pl.Float64, strict=False)
            .alias(f"{c.key}.comma"),
        ]
    raw = raw.with_columns(stage)
    dependent = _mark_dependent(raw, numbers)
    mark, detected = given, False
    if given is None:
        mark = _decimal_mark(raw, numbers, name)
        detected = mark is not None
    stage = []
    for c in numbers:
        point_ok, comma_ok = pl.col(f"{c.key}.point_ok"), pl.col(f"{c.key}.comma_ok")
        point, comma = pl.col(f"{c.key}.point"), pl.col(f"{c.key}.comma")
        if mark == ".":
            ok, value = point_ok, point
        elif mark == ",":
            ok, value = comma_ok, comma
        else:  # undecided: a value the two marks read differently is a problem (below)
            ok, value = point_ok | comma_ok, pl.when(point_ok).then(point).otherwise(comma)
        stage += [value.alias(f"{c.key}.value"), ok.alias(f"{c.key}.ok")]
    raw = raw.with_columns(stage)
    raw = raw.with_columns(
        _number_problem(
            c,
            empty=pl.col(f"{c.key}.body").is_null() | (pl.col(f"{c.key}.body") == ""),
            ok=pl.col(f"{c.key}.ok"),
            ambiguous=_ambiguous(c, mark),
            moving=_both(c) & (pl.col(f"{c.key}.point") != pl.col(f"{c.key}.comma"))
            if dependent
            else pl.lit(False),
            not_ok=_not_ok(c, given),
            negative=pl.col(f"{c.key}.negative"),
        )
        for c in numbers
    )
    return raw.with_columns(_number_value(c) for c in numbers), mark, detected


@dataclass(frozen=True, slots=True)
class _Values:
    """What a number column's values are, found over the whole column at once."""

    #: Every value is plain (see ``_PLAIN``) or empty.
    plain: bool
    #: Some value is a plain value a thousands separator could have written ("1.234").
    ambiguous: bool
    #: Some value is digits alone.
    digits: bool
    #: Values empty or missing.
    empties: int


#: The separator the values of a column are joined with to be matched at once: no plain value
#: holds it, and a value that did would be found by counting them (see :func:`_plain_scan`).
_JOIN = "\n"


def _plain_scan(
    raw: pl.DataFrame, numbers: list[Column], one_line: bool = False
) -> dict[str, _Values]:
    """Whether each number column is plain, and what its values show, in a few passes.

    A column's values are joined into one text, one per line, which is then matched whole:
    the same answers as matching every value on its own, far faster. A value holding the
    separator itself would be two lines: unless no value can hold one (``one_line``: a CSV
    file without quotes), the lines are counted against the values, and such a column is not
    plain (it is then read by the general case, value by value). Whether some value is digits
    alone is looked for only when it matters: when some value reads two ways ("1.234").
    """
    import polars as pl

    if not raw.height:
        return {c.key: _Values(True, False, False, 0) for c in numbers}
    one = rf"(?:{_PLAIN[1:-1]})?"
    line = f"(?:^|{_JOIN}){{}}(?:{_JOIN}|$)"  # a whole line, anywhere in the text

    def joined(c: Column) -> pl.Expr:
        return pl.col(c.key).str.join(_JOIN)

    found = raw.select(
        *[pl.col(c.key).is_not_null().sum().alias(f"{c.key}.n") for c in numbers],
        *[
            (pl.col(c.key).is_null() | (pl.col(c.key) == "")).sum().alias(f"{c.key}.empty")
            for c in numbers
        ],
        *[
            joined(c).str.contains(f"^{one}(?:{_JOIN}{one})*$").alias(f"{c.key}.plain")
            for c in numbers
        ],
        *[
            (
                pl.lit(None, dtype=pl.UInt32)
                if one_line
                else joined(c).str.count_matches(_JOIN, literal=True)
            ).alias(f"{c.key}.lines")
            for c in numbers
        ],
        *[_two_ways_by_length(c).any().alias(f"{c.key}.ambiguous") for c in numbers],
    ).row(0, named=True)
    # (Values of the right length and size are few, if any: only then is the first digit read.)
    if any(found[f"{c.key}.ambiguous"] for c in numbers):
        found |= raw.select(_two_ways(c).any().alias(f"{c.key}.ambiguous") for c in numbers).row(
            0, named=True
        )
    plain = {
        c.key: bool(found[f"{c.key}.plain"])
        and (
            one_line
            or found[f"{c.key}.n"] == 0
            or found[f"{c.key}.lines"] == found[f"{c.key}.n"] - 1
        )
        for c in numbers
    }
    ambiguous = {c.key: plain[c.key] and bool(found[f"{c.key}.ambiguous"]) for c in numbers}
    digits = dict.fromkeys(plain, False)
    if any(ambiguous.values()):
        digits = raw.select(
            joined(c).str.contains(line.format("[0-9]+")).alias(c.key) for c in numbers
        ).row(0, named=True)
    return {
        c.key: _Values(
            plain[c.key],
            ambiguous[c.key],
            plain[c.key] and bool(digits[c.key]),
            int(found[f"{c.key}.empty"]),
        )
        for c in numbers
    }


def _two_ways(c: Column) -> pl.Expr:
    """Whether a value, if plain, is of the form "1.234" (``_PLAIN_AMBIGUOUS``), by arithmetic.

    For a plain value (digits, perhaps a point and decimals) of value v, that is so exactly
    when it does not start with 0, 1 <= v < 1,000, and it is four characters longer than v's
    whole part has digits (a point and three decimals). No value of seven characters or less
    rounds across a power of ten, so v's digits are the whole part's. Far cheaper than matching
    the values; the column ``KEY.cast`` holds polars' reading of each value.
    """
    import polars as pl

    return _two_ways_by_length(c) & ~pl.col(c.key).str.starts_with("0")


def _two_ways_by_length(c: Column) -> pl.Expr:
    """:func:`_two_ways` but for the leading zero: the cheaper half, looked at first."""
    import polars as pl

    text, value = pl.col(c.key), pl.col(f"{c.key}.cast")
    digits = 1 + (value >= 10).cast(pl.UInt32) + (value >= 100).cast(pl.UInt32)
    return (value >= 1) & (value < 1000) & (text.str.len_bytes() == digits + 4)


def _both(c: Column) -> pl.Expr:
    import polars as pl

    return pl.col(f"{c.key}.point_ok") & pl.col(f"{c.key}.comma_ok")


def _mark_dependent(raw: pl.DataFrame, numbers: list[Column]) -> bool:
    """Whether two runs with different ``--decimal`` would give a person's pay by difference.

    So they would if some values read differently with the two marks (``12,345``: 12345 or
    12.345) while others read the same either way, or some read larger with a point and others
    larger with a comma. (When every value either reading gives reads differently, and all the
    same way, one run's figures are the other's divided by 1,000: nothing new.) Values only one
    mark reads are left out by the other run, which the disclosure rule sees as rows left out.
    """
    import polars as pl

    if not raw.height:
        return False
    exprs = []
    for c in numbers:
        both = _both(c)
        point, comma = pl.col(f"{c.key}.point"), pl.col(f"{c.key}.comma")
        exprs += [
            (both & (point > comma)).any().alias(f"{c.key}.up"),
            (both & (point < comma)).any().alias(f"{c.key}.down"),
            (both & (point == comma)).any().alias(f"{c.key}.same"),
        ]
    found = raw.select(exprs).row(0)
    up = any(found[0::3])
    down = any(found[1::3])
    same = any(found[2::3])
    return (up or down) and (same or (up and down))


def _point_decides(raw: pl.DataFrame, numbers: list[Column]) -> bool:
    """Whether a plain value has a point that a thousands separator could not have written.

    The first rows are looked at first: in most files they decide, and the rest need not be.
    """
    import polars as pl

    def decides(frame: pl.DataFrame) -> bool:
        found = frame.select(
            pl.any_horizontal(
                (
                    pl.col(c.key).str.contains(".", literal=True)
                    & ~pl.col(c.key).str.contains(_PLAIN_AMBIGUOUS)
                ).any()
                for c in numbers
            )
        ).item()
        return bool(found)

    return decides(raw.head(10_000)) or (raw.height > 10_000 and decides(raw))


def _ambiguous(c: Column, mark: str | None) -> pl.Expr:
    """Undecided, a value that the two marks read differently."""
    import polars as pl

    if mark is not None:
        return pl.lit(False)
    point_ok, comma_ok = pl.col(f"{c.key}.point_ok"), pl.col(f"{c.key}.comma_ok")
    return point_ok & comma_ok & (pl.col(f"{c.key}.point") != pl.col(f"{c.key}.comma"))


def _not_ok(c: Column, given: str | None) -> pl.Expr:
    """What to say of a value that is not a number with the mark in use."""
    import polars as pl

    not_ok: pl.Expr = pl.lit(NOT_A_NUMBER)
    if given is not None:
        other = "a decimal comma" if given == "." else "a decimal point"
        fits_other = pl.col(f"{c.key}.comma_ok" if given == "." else f"{c.key}.point_ok")
        not_ok = (
            pl.when(fits_other)
            .then(pl.lit(f"is written with {other}, but --decimal {given} was given"))
            .otherwise(pl.lit(NOT_A_NUMBER))
        )
    return pl.when(pl.col(f"{c.key}.non_finite")).then(pl.lit(NON_FINITE)).otherwise(not_ok)


def _number_problem(
    c: Column,
    *,
    empty: pl.Expr,
    ok: pl.Expr,
    ambiguous: pl.Expr,
    moving: pl.Expr,
    not_ok: pl.Expr,
    negative: pl.Expr,
) -> pl.Expr:
    """A number column's problem (``key.value`` already a column), in order of precedence."""
    import polars as pl

    value = pl.col(f"{c.key}.value")
    none = pl.lit(None, dtype=pl.String)
    too_large = value.is_null() | value.is_infinite() | (value >= _LIMIT)
    return (
        pl.when(empty)
        .then(none if c.default is not None else pl.lit(MISSING))
        .when(moving)
        .then(pl.lit(MARK_DEPENDENT))
        .when(~ok)
        .then(not_ok)
        .when(ambiguous)
        .then(pl.lit(AMBIGUOUS))
        .when(too_large)
        .then(pl.lit(TOO_LARGE))
        .when(negative & (value != 0))
        .then(pl.lit("is negative"))
        .otherwise(none)
        .alias(f"{c.key}.problem")
    )


def _number_value(c: Column) -> pl.Expr:
    """The value shown: the default for an empty cell; never negative (negatives are problems)."""
    import polars as pl

    default = None if c.default is None else float(c.default)  # type: ignore[arg-type]
    value = pl.col(f"{c.key}.value")
    empty_and_fine = pl.col(f"{c.key}.problem").is_null() & value.is_null()
    return (
        pl.when(empty_and_fine)
        .then(pl.lit(default, dtype=pl.Float64))
        .otherwise(value.abs())
        .alias(f"{c.key}.value")
    )


def _native_value(c: Column) -> pl.Expr:
    """An XLSX number cell's value: the double it holds, exactly."""
    import polars as pl

    return (
        pl.when(pl.col(f"{c.key}.native"))
        .then(pl.col(f"{c.key}.cell"))
        .otherwise(pl.col(f"{c.key}.value"))
        .alias(f"{c.key}.value")
    )


def _native_problem(c: Column) -> pl.Expr:
    """An XLSX number cell's problem: non-finite, too large or negative, as for text."""
    import polars as pl

    value = pl.col(f"{c.key}.value")
    none = pl.lit(None, dtype=pl.String)
    return (
        pl.when(~pl.col(f"{c.key}.native"))
        .then(pl.col(f"{c.key}.problem"))
        .when(value.is_null() | value.is_nan() | value.is_infinite())
        .then(pl.lit(NON_FINITE))
        .when(value.abs() >= _LIMIT)
        .then(pl.lit(TOO_LARGE))
        .when(value < 0)
        .then(pl.lit("is negative"))
        .otherwise(none)
        .alias(f"{c.key}.problem")
    )


def _decimal_mark(raw: pl.DataFrame, numbers: list[Column], name: str) -> str | None:
    """The decimal mark the values show, or None; a file showing both is refused."""
    import polars as pl

    exprs = []
    for c in numbers:
        point_ok, comma_ok = pl.col(f"{c.key}.point_ok"), pl.col(f"{c.key}.comma_ok")
        exprs += [
            pl.col("row").filter(point_ok & ~comma_ok).first().alias(f"{c.key}.point"),
            pl.col("row").filter(comma_ok & ~point_ok).first().alias(f"{c.key}.comma"),
        ]
    found = raw.select(exprs).row(0, named=True) if raw.height else {}
    point = [(found[f"{c.key}.point"], c.name) for c in numbers if found.get(f"{c.key}.point")]
    comma = [(found[f"{c.key}.comma"], c.name) for c in numbers if found.get(f"{c.key}.comma")]
    if point and comma:
        (pr, pc), (cr, cc) = min(point), min(comma)
        raise _refuse(
            name,
            f"holds numbers with a decimal point (first at row {pr}, column '{excerpt(pc)}') and "
            f"numbers with a decimal comma (first at row {cr}, column '{excerpt(cc)}'): give the "
            "file's decimal mark with --decimal . or --decimal , (the values that do not fit it "
            "are then listed)",
        )
    return "." if point else "," if comma else None
