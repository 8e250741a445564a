"""Reading a staff pay file (CSV or XLSX) as a stream of rows, never keeping a person's row.

Only three columns are read (job, sex, pay; their names are options); every other column is
ignored and never reaches a message or an output. Problems name the file, the row and the
column, never a row's values. CSV must be UTF-8 (a byte-order mark is fine); XLSX is read with
openpyxl in read-only mode, one sheet (``--sheet`` when the workbook has several).

The file is read once, through the reading gate (:func:`jescore.files.read_bytes`), into memory:
a regular file, or a pipe (``--staff /dev/stdin``, ``--staff <(command)``), which cannot be read
twice; its digest and its rows come from those bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jescore import files
from jescore.errors import InputError, Problem, UsageError
from jescore.safety import excerpt

#: Largest staff file read, in bytes (it is held in memory while it is read).
MAX_STAFF_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Columns:
    """The names of the three columns read (matched without regard to case or outer spaces)."""

    job: str = "job"
    sex: str = "sex"
    pay: str = "pay"


#: A data row: its row number in the file (the header is row 1), then job, sex and pay as found.
Row = tuple[int, Any, Any, Any]


def read(path: Path) -> bytes:
    """The staff file's bytes, read once through the reading gate (a pipe is fine).

    Raises:
        InputError: the file cannot be read, is not a regular file or a pipe, or is over
            :data:`MAX_STAFF_BYTES` (exit 3).
    """
    return files.read_bytes(path, str(path), limit=MAX_STAFF_BYTES, allow_pipe=True)


def digest(data: bytes) -> str:
    """The sha256 of the file's bytes (results name the staff file they came from)."""
    return hashlib.sha256(data).hexdigest()


def _positions(header: list[Any], columns: Columns, name: str) -> tuple[int, int, int]:
    """Where the three columns are; every problem with the header at once."""
    cells = [str(c).strip().casefold() if c is not None else "" for c in header]
    problems = []
    found = []
    for key, wanted in (("job", columns.job), ("sex", columns.sex), ("pay", columns.pay)):
        at = [i for i, c in enumerate(cells) if c == wanted.strip().casefold()]
        if not at:
            problems.append(
                Problem(
                    f"no column '{excerpt(wanted)}' in the header (row 1); name the {key} "
                    f"column with --{key}-column",
                    file=name,
                )
            )
        elif len(at) > 1:
            where = ", ".join(str(i + 1) for i in at)
            problems.append(
                Problem(
                    f"column '{excerpt(wanted)}' appears {len(at)} times in the header (columns "
                    f"{where}): which one holds the {key} is not clear",
                    file=name,
                )
            )
        else:
            found.append(at[0])
    if problems:
        raise InputError(problems)
    return found[0], found[1], found[2]


def rows(
    path: Path, columns: Columns, sheet: str | None = None, data: bytes | None = None
) -> Iterator[Row]:
    """The staff file's data rows, streamed; the header is checked before the first row.

    ``data`` is the file's bytes when already read (:func:`read`); otherwise it is read here.

    Raises:
        InputError: an empty file, a missing or duplicated column, a CSV that is not UTF-8,
            a workbook with several sheets and no ``sheet``, or an unknown sheet.
    """
    name = str(path)
    raw = read(path) if data is None else data
    if path.suffix.casefold() in {".xlsx", ".xlsm"}:
        yield from _xlsx(raw, columns, sheet, name)
    else:
        if sheet is not None:
            raise UsageError("--sheet is for XLSX workbooks; the staff file is read as CSV")
        yield from _csv(raw, columns, name)


def _csv(raw: bytes, columns: Columns, name: str) -> Iterator[Row]:
    handle = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    number = 1
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None or not any(c.strip() for c in header):
                raise InputError([Problem("the staff file is empty (no header row)", file=name)])
            job, sex, pay = _positions(header, columns, name)
            width = max(job, sex, pay) + 1
            for number, record in enumerate(reader, start=2):
                if not record:
                    continue  # a blank line
                if len(record) < width:
                    record = record + [""] * (width - len(record))
                yield number, record[job], record[sex], record[pay]
        except UnicodeDecodeError:
            raise InputError(
                [
                    Problem(
                        f"is not UTF-8 text (at row {number + 1} or near it): save it as "
                        "'CSV UTF-8' and run again",
                        file=name,
                    )
                ]
            ) from None
        except csv.Error as exc:
            raise InputError(
                [Problem(f"row {number + 1}: not readable as CSV ({exc})", file=name)]
            ) from None


def _xlsx(raw: bytes, columns: Columns, sheet: str | None, name: str) -> Iterator[Row]:
    import zipfile

    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency of jescore
        raise UsageError("reading XLSX needs openpyxl (pip install openpyxl)") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(
            [Problem(f"is not a readable XLSX workbook ({type(exc).__name__})", file=name)]
        ) from None
    try:
        names = book.sheetnames
        if sheet is None:
            if len(names) > 1:
                listed = ", ".join(f"'{excerpt(n)}'" for n in names)
                raise InputError(
                    [
                        Problem(
                            f"the workbook has {len(names)} sheets ({listed}): choose one with "
                            "--sheet NAME",
                            file=name,
                        )
                    ]
                )
            chosen = names[0]
        elif sheet in names:
            chosen = sheet
        else:
            listed = ", ".join(f"'{excerpt(n)}'" for n in names)
            raise UsageError(f"--sheet '{excerpt(sheet)}': the workbook's sheets are {listed}")
        cells = book[chosen].iter_rows(values_only=True)
        header = next(cells, None)
        if header is None or not any(c is not None and str(c).strip() for c in header):
            raise InputError([Problem("the staff sheet is empty (no header row)", file=name)])
        job, sex, pay = _positions(list(header), columns, name)
        width = max(job, sex, pay) + 1
        for number, record in enumerate(cells, start=2):
            if record is None or all(c is None for c in record):
                continue
            if len(record) < width:
                record = tuple(record) + (None,) * (width - len(record))
            yield number, record[job], record[sex], record[pay]
    finally:
        book.close()
