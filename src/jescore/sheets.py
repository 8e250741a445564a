r"""Working sheets: the evaluation team's spreadsheet, in (``import``) and out (``export``).

One row per job. The columns, the same both ways, so that an exported sheet imports again:

- job fields: ``title`` (required), ``reference``, ``organisation``, ``family``,
  ``reports_to``, ``version``, ``date``, ``notes``;
- ``scheme`` (a shipped scheme id, or a path relative to the folder the questionnaires go to;
  or given once for the whole sheet) and ``grading`` (optional);
- the evaluation's sign-off: ``status`` (draft, agreed, appealed or final; empty when not
  stated), ``agreed_on`` (YYYY-MM-DD) and ``signed_off_by`` (one person a line, ``name`` or
  ``name (side)``, the side management, staff or independent);
- per factor, a column named by the factor's id, one of its aliases or its name (any case),
  holding the level as the scheme writes it (``3``, ``3c``); beside it, optionally,
  ``<factor> evidence`` (one piece of evidence a line) and ``<factor> rationale``;
- columns that ``export`` computes and ``import`` does not read (a formula there is fine):
  ``<factor> points``, ``total``, ``band``, ``to band up``, ``to band down``, ``scheme
  status``, ``file``, ``sha256``; a ``total`` or ``band`` that differs from jescore's is a
  warning.

Any other column is a problem (a typing error in a factor's name must not drop a level), with
the nearest known column suggested, unless the command is told to ignore it.
A cell in a CSV sheet that starts with ``'`` before ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is read without the quote (that is how jescore's CSV output defuses formulas);
a formula in an XLSX cell that import reads is refused (jescore reads values, never formulas). A
workbook is checked as a staff workbook is (:func:`jescore.staff._check_workbook`: size,
well-formed XML in every part, no document type, a bounded range), and read by its cells, never
by the dimension its sheet declares.

Pure functions but for the XLSX reader and writer: the bytes are read and written by the
command (through :mod:`jescore.files` and :mod:`jescore.output`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from jescore.errors import InputError, Problem
from jescore.safety import clean, excerpt

if TYPE_CHECKING:
    from jescore.engine import Report
    from jescore.models import GradingStructure, Scheme

#: Job fields, in the order a sheet shows them.
JOB_FIELDS = ("title", "reference", "organisation", "family", "reports_to", "version", "date")
#: Questionnaire fields beside the job's.
TOP_FIELDS = ("scheme", "grading")
#: How far the evaluation has got, and who signed it off (``status`` is always shown).
SIGN_OFF_FIELDS = ("status", "agreed_on", "signed_off_by")
NOTES = "notes"
#: Columns ``export`` leaves out when no job fills them.
OPTIONAL = (
    "organisation",
    "family",
    "reports_to",
    "version",
    "date",
    "notes",
    "grading",
    "agreed_on",
    "signed_off_by",
)
#: Columns ``export`` computes and ``import`` ignores.
COMPUTED = ("total", "band", "to band up", "to band down", "scheme status", "file", "sha256")
POINTS, EVIDENCE, RATIONALE = " points", " evidence", " rationale"
#: Longest cell read from a sheet (characters): a cell longer than this is refused.
MAX_CELL = 32_767
#: Rows read from one sheet at most.
MAX_ROWS = 100_000
#: Problems listed before the rest are counted.
MAX_PROBLEMS = 200
#: Windows refuses these as file names, whatever the extension.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r"[^\w. -]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: No scheme has a level above this: a larger number in a level cell is a typing error.
_MAX_LEVEL = 1_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The date a written workbook carries (the same bytes from the same input, every run).
FIXED_DATE = dt.datetime(2000, 1, 1)


Cell = str | int | float | None


# --- export ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """A working sheet: header, rows (cells typed: numbers stay numbers) and provenance."""

    header: list[str]
    rows: list[list[Cell]]
    #: (path, kind, sha256) of every file the sheet was made from.
    provenance: list[tuple[str, str, str]] = field(default_factory=list)


def working_sheet(reports: Sequence[Report]) -> Sheet:
    """One row per job, in the order given; factor columns in the order the schemes give."""
    factors: dict[str, None] = {}
    with_evidence: set[str] = set()
    with_rationale: set[str] = set()
    for report in reports:
        answers = _answers(report)
        for f in report.evaluation.scheme.factors:
            factors[f.id] = None
            answer = answers.get(f.id)
            if answer is not None and answer.evidence:
                with_evidence.add(f.id)
            if answer is not None and answer.rationale:
                with_rationale.add(f.id)
    fields = [*JOB_FIELDS, NOTES, *TOP_FIELDS, *SIGN_OFF_FIELDS]
    header = list(fields)
    for fid in factors:
        header += [fid, fid + POINTS]
        header += [fid + EVIDENCE] if fid in with_evidence else []
        header += [fid + RATIONALE] if fid in with_rationale else []
    header += list(COMPUTED)
    rows: list[list[Cell]] = []
    provenance: dict[str, tuple[str, str, str]] = {}
    for report in reports:
        q, e = report.questionnaire, report.evaluation
        job = q.job
        cells: dict[str, Cell] = {
            "title": job.title,
            "reference": job.reference,
            "organisation": job.organisation,
            "family": job.family,
            "reports_to": job.reports_to,
            "version": job.version,
            "date": job.date.isoformat() if job.date else None,
            NOTES: job.notes,
            "scheme": q.scheme,
            "grading": q.grading,
            "status": q.status.value if q.status else None,
            "agreed_on": q.agreed_on.isoformat() if q.agreed_on else None,
            "signed_off_by": "\n".join(map(_person_line, q.signed_off_by)) or None,
        }
        answers = _answers(report)
        for score in e.factors:
            fid = score.factor.id
            cells[fid] = f"{score.level}{score.letters}" if score.letters else score.level
            cells[fid + POINTS] = score.points
            answer = answers[fid]
            cells[fid + EVIDENCE] = "\n".join(map(_evidence_line, answer.evidence)) or None
            cells[fid + RATIONALE] = answer.rationale
        m = e.margins
        cells.update(
            {
                "total": e.total,
                "band": e.band.label if e.band else None,
                "to band up": m.to_upper if m else None,
                "to band down": m.to_lower if m else None,
                "scheme status": e.scheme.status.value,
                "file": report.file.path,
                "sha256": report.file.sha256,
            }
        )
        rows.append([cells.get(h) for h in header])
        files = [(report.file, "questionnaire"), (report.scheme_file, "scheme")]
        if report.grading_file is not None and report.grading_file != report.scheme_file:
            files.append((report.grading_file, "grading"))
        for ref, kind in files:
            provenance.setdefault(ref.path, (ref.path, kind, ref.sha256))
    # Optional fields no job fills are left out (title, reference and scheme always shown).
    keep = [
        i
        for i, h in enumerate(header)
        if h not in OPTIONAL or any(row[i] is not None for row in rows)
    ]
    return Sheet(
        [header[i] for i in keep],
        [[row[i] for i in keep] for row in rows],
        list(provenance.values()),
    )


def long_cells(sheet: Sheet) -> list[str]:
    """Each cell longer than a spreadsheet cell: an XLSX cell is cut, and import refuses it."""
    said: list[str] = []
    title = sheet.header.index("title") if "title" in sheet.header else 0
    for n, row in enumerate(sheet.rows, start=2):
        for column, value in zip(sheet.header, row, strict=True):
            if isinstance(value, str) and len(value) > MAX_CELL:
                said.append(
                    f"row {n} ('{excerpt(str(row[title]), 40)}'), column '{column}': "
                    f"{len(value):,} characters, more than a spreadsheet cell holds "
                    f"({MAX_CELL:,}): cut in XLSX, and refused by import"
                )
    return said


_SOURCE = re.compile(r"^(?P<text>.*\S)\s+\(source: (?P<source>[^()\n]+)\)$")


#: The sides a person who signs off may be on (as the questionnaire's model has them).
_SIDES = ("management", "staff", "independent")
_PERSON = re.compile(r"^(?P<name>.*\S)\s*\((?P<side>[^()]*)\)$")


def _person_line(person: Any) -> str:
    """One person who signed off, on a sheet's line: ``name`` or ``name (side)``."""
    return f"{person.name} ({person.side})" if person.side else str(person.name)


def _person_item(line: str) -> dict[str, str]:
    """A sheet's line naming one person: the side in brackets at its end, when it is one."""
    found = _PERSON.match(line)
    if found is not None and found["side"].strip().casefold() in _SIDES:
        return {"name": found["name"], "side": found["side"].strip().casefold()}
    return {"name": line}


def _evidence_line(item: Any) -> str:
    """One piece of evidence on a sheet's line: ``text (source: where)``."""
    return f"{item.text} (source: {item.source})" if item.source else str(item.text)


def _evidence_item(line: str) -> str | dict[str, str]:
    """A sheet's line of evidence: its text, and its source when it ends ``(source: where)``."""
    found = _SOURCE.match(line)
    if found is None:
        return line
    return {"text": found["text"], "source": found["source"].strip()}


def _answers(report: Report) -> dict[str, Any]:
    from jescore.engine import answers_by_factor

    return answers_by_factor(report.questionnaire, report.evaluation.scheme)


def xlsx_bytes(sheet: Sheet, title: str, about: Sequence[tuple[str, str]]) -> bytes:
    """The sheet as an XLSX workbook: header frozen and bold, columns sized, text never a formula.

    A second sheet, Provenance, lists ``about`` (what made the workbook) and every file with its
    hash. The bytes depend on the sheet alone: fixed dates inside and in the archive.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.properties.creator = "jescore"
    book.properties.created = FIXED_DATE
    book.properties.modified = FIXED_DATE
    ws = book.active
    assert ws is not None
    ws.title = title
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=False)
    widths = [len(h) for h in sheet.header]
    for c, name in enumerate(sheet.header, start=1):
        _put(ws.cell(row=1, column=c), name).font = bold
    for r, row in enumerate(sheet.rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = _put(ws.cell(row=r, column=c), value)
            cell.alignment = top
            longest = max((len(line) for line in str(value).splitlines()), default=0)
            widths[c - 1] = max(widths[c - 1], longest)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 6), 60) + 2
    ws.freeze_panes = "B2"
    # Printed: landscape, one page wide, the header row and the title column on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"
    prov = book.create_sheet("Provenance")
    prov.append(["what", "value", "sha256"])
    for cell in prov[1]:
        cell.font = bold
    for key, value in about:
        prov.append([_text(key), _text(value), None])
    for path, kind, sha in sheet.provenance:
        prov.append([_text(kind), _text(path), sha])
    for r in range(2, prov.max_row + 1):
        for c in range(1, 4):
            _defuse(prov.cell(row=r, column=c))
    for letter, width in (("A", 16), ("B", 60), ("C", 66)):
        prov.column_dimensions[letter].width = width
    prov.freeze_panes = "A2"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_zip(buffer.getvalue())


def _text(value: str) -> str:
    """Text fit for a cell: unsafe characters shown as escapes, at most a cell's length."""
    text = clean(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _put(cell: Any, value: Cell) -> Any:
    if isinstance(value, str):
        cell.value = _text(value)
        _defuse(cell)
    else:
        cell.value = value
    return cell


def _defuse(cell: Any) -> None:
    """A text cell stays text: never a formula, and shown with Excel's text prefix."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(_FORMULA_START):
            cell.quotePrefix = True


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every member dated :data:`FIXED_DATE`, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            archive.writestr(fixed, source.read(info))
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet as read: its name, header and data rows (numbered as the spreadsheet numbers them).

    ``formulas`` holds the (row, column index) of every cell that held a formula.
    """

    name: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    formulas: frozenset[tuple[int, int]] = frozenset()


def read_table(data: bytes, name: str, sheet: str | None = None) -> Table:
    """The first sheet (or ``sheet``) of an XLSX workbook, or CSV text, as a :class:`Table`.

    Raises:
        InputError: not a readable workbook or UTF-8 CSV, no header, too many rows.
    """
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_table(data, name, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(name, "is an old binary Excel workbook (.xls): save it as .xlsx or .csv")
    return _csv_table(data, name)


def _refuse(name: str, message: str) -> InputError:
    return InputError([Problem(message, file=name)])


def _csv_table(data: bytes, name: str) -> Table:
    import csv

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(name, "is UTF-16 text: save it as CSV UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            name, f"is not UTF-8 text (byte {exc.start + 1}): save it as CSV UTF-8"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(MAX_CELL * 4)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise _refuse(
                name,
                f"line {reader.line_num}: a cell is longer than a spreadsheet cell can be "
                f"(more than {MAX_CELL * 4:,} characters)",
            ) from None
        raise _refuse(name, f"is not readable CSV (line {reader.line_num}: {exc})") from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise _refuse(name, "is empty: no header row")
    if len(rows) > MAX_ROWS + 1:
        raise _refuse(name, f"has more than {MAX_ROWS:,} rows")
    body: list[tuple[int, list[Cell]]] = [
        (n, [_undefused(c) for c in row]) for n, row in enumerate(rows[1:], start=2)
    ]
    return Table("csv", [c.strip() for c in rows[0]], body)


def _undefused(text: str) -> str:
    """A CSV cell as written before jescore (or a spreadsheet) defused it with a quote."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def _xlsx_table(data: bytes, name: str, sheet: str | None) -> Table:
    from jescore.staff import _check_workbook

    kinds = _check_workbook(data, name)  # size, well-formed XML, no document type
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise _refuse(
            name, "is not a readable XLSX workbook (damaged, or not a workbook)"
        ) from None
    data_sheets = [n for n in book.sheetnames if kinds.get(n, "worksheet") == "worksheet"]
    listed = ", ".join(f"'{excerpt(n)}'" for n in data_sheets) or "none"
    if sheet is None:
        # An exported workbook's own Provenance sheet is not data; hidden sheets are not taken
        # unless named (what Excel shows is what is read).
        shown = [
            n
            for n in data_sheets
            if getattr(book[n], "sheet_state", "visible") == "visible"
            and not (n == "Provenance" and _first_row(book[n]) == ["what", "value", "sha256"])
        ]
        if not shown:
            raise _refuse(name, f"the workbook has no visible sheet of data (its sheets: {listed})")
        if len(shown) > 1:
            named = ", ".join(f"'{excerpt(n)}'" for n in shown)
            raise _refuse(name, f"the workbook has several sheets ({named}): name one with --sheet")
        chosen = shown[0]
    else:
        same = [n for n in data_sheets if n.casefold() == sheet.strip().casefold()]
        if not same:
            book.close()
            raise _refuse(name, f"no sheet '{excerpt(sheet)}'; its sheets are {listed}")
        chosen = same[0]
    ws = book[chosen]
    # The size a sheet declares may be stale (rows or columns past it would be dropped) or
    # huge (every row padded to it): read the cells that are there.
    reset = getattr(ws, "reset_dimensions", None)
    if reset is not None:
        reset()
    rows: list[tuple[int, list[Cell]]] = []
    formulas: set[tuple[int, int]] = set()
    header: list[str] | None = None
    try:
        # Read-only mode trusts the sheet's declared <dimension>: rows and columns past it would
        # be dropped without a word, and a huge one pads every row. The cells say where they are.
        ws.reset_dimensions()
        for n, row in enumerate(ws.iter_rows(), start=1):
            if n > MAX_ROWS + 1:
                raise _refuse(name, f"sheet '{excerpt(chosen)}' has more than {MAX_ROWS:,} rows")
            values: list[Cell] = []
            for c, cell in enumerate(row):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    formulas.add((n, c))
                    value = None
                elif isinstance(value, dt.datetime):
                    value = value.date().isoformat() if value.time() == dt.time() else str(value)
                elif isinstance(value, dt.date | dt.time | dt.timedelta):
                    value = value.isoformat() if hasattr(value, "isoformat") else str(value)
                elif isinstance(value, bool):
                    value = str(value).lower()
                elif value is not None and not isinstance(value, str | int | float):
                    value = str(value)
                values.append(value)
            if header is None:
                header = ["" if v is None else str(v).strip() for v in values]
                if not any(header):
                    raise _refuse(name, f"sheet '{excerpt(chosen)}' has no header in row 1")
                continue
            rows.append((n, values))
    except InputError:
        raise
    except Exception:  # noqa: BLE001
        raise _refuse(name, f"sheet '{excerpt(chosen)}' cannot be read (damaged)") from None
    finally:
        book.close()
    if header is None:
        raise _refuse(name, f"sheet '{excerpt(chosen)}' is empty: no header row")
    return Table(chosen, header, rows, frozenset(formulas))


def _first_row(ws: Any) -> list[Any]:
    """The values of a sheet's first row (empty when it has none)."""
    for row in ws.iter_rows(max_row=1, values_only=True):
        return list(row)
    return []


@dataclass(frozen=True, slots=True)
class Imported:
    """One questionnaire from one row: its file name and content."""

    row: int
    filename: str
    data: dict[str, Any]
    scheme: Scheme


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def questionnaires(
    table: Table,
    name: str,
    scheme_ref: str | None,
    load_scheme: Callable[[str], Scheme],
    ignore: Sequence[str] = (),
    load_grading: Callable[[str], GradingStructure] | None = None,
) -> tuple[list[Imported], list[Problem]]:
    """A questionnaire for each data row of ``table``, and every problem found (all at once).

    ``scheme_ref`` is the scheme of every row without a ``scheme`` cell; ``load_scheme`` loads a
    scheme by reference (raising :class:`~jescore.errors.JescoreError` when it cannot);
    ``ignore`` names columns to skip; ``load_grading`` loads a row's ``grading`` cell (so that
    a questionnaire that could not be scored is refused here). Problems with the header come
    first, once each; then each row's, naming columns as the sheet heads them; when there are
    problems, the last says how many and that nothing is written. Warnings
    (``Problem.warning``) say where a sheet's own total or band differs from jescore's.
    """
    from jescore.errors import JescoreError

    head: list[Problem] = []
    body: list[Problem] = []
    warnings: list[Problem] = []
    sheet = f"sheet '{table.name}'" if table.name != "csv" else ""

    def problem(
        row: int | None, column: str | None, message: str, into: list[Problem] | None = None
    ) -> None:
        parts = [p for p in (sheet, f"row {row}" if row else "", _col(column)) if p]
        target = (head if row in (None, 1) else body) if into is None else into
        target.append(
            Problem(message, file=name, location=", ".join(parts), warning=into is warnings)
        )

    columns: dict[str, int] = {}
    for i, raw in enumerate(table.header):
        if not raw:
            if any(i < len(r) and _blank(r[i]) is not None for _, r in table.rows):
                problem(1, f"#{i + 1}", "a column with values has no header")
            continue
        key = _norm(raw)
        if key in columns:
            problem(1, raw, "appears twice in the header")
            continue
        columns[key] = i
    heading = {k: table.header[i] for k, i in columns.items()}
    skipped = {_norm(n) for n in ignore}
    for n in ignore:
        if _norm(n) not in columns:
            problem(1, None, f"--ignore-column '{excerpt(n, 40)}': the sheet has no such column")
    if "title" not in columns:
        below = next(
            (
                row
                for row, cells in table.rows[:10]
                if any(_norm(str(c)) == "title" for c in cells if c)
            ),
            None,
        )
        where = (
            f": row {below} looks like the header; it must be the sheet's first row"
            if below
            else ""
        )
        problem(1, None, f"no 'title' column: every job needs a title{where}")
    if "scheme" not in columns and scheme_ref is None:
        problem(1, None, "no 'scheme' column: add one, or give the scheme with --scheme")
    schemes: dict[str, Scheme | None] = {}

    def scheme_of(ref: str, row: int) -> Scheme | None:
        if ref not in schemes:
            try:
                schemes[ref] = load_scheme(ref)
            except JescoreError as exc:
                problem(row, heading.get("scheme", "scheme"), str(exc).removeprefix("error: "))
                schemes[ref] = None
        return schemes[ref]

    gradings: dict[str, GradingStructure | None] = {}

    def grading_of(ref: str, row: int) -> GradingStructure | None:
        if load_grading is None:
            return None
        if ref not in gradings:
            try:
                gradings[ref] = load_grading(ref)
            except JescoreError as exc:
                problem(row, heading.get("grading", "grading"), str(exc).removeprefix("error: "))
                gradings[ref] = None
        return gradings[ref]

    # First pass: each row's cells and scheme (so that the header can be judged against them).
    rows: list[tuple[int, list[Cell], dict[str, Cell], Scheme | None]] = []
    for row, cells in table.rows:
        values = {k: _blank(cells[i]) if i < len(cells) else None for k, i in columns.items()}
        extra = [c for c in cells[len(table.header) :] if _blank(c) is not None]
        if all(v is None for v in values.values()) and not extra:
            continue
        ref = _str(values.get("scheme")) or scheme_ref
        if ref is None:
            problem(row, heading.get("scheme", "scheme"), "is empty, and no --scheme was given")
            rows.append((row, cells, values, None))
            continue
        rows.append((row, cells, values, scheme_of(ref, row)))
    loaded = [s for s in schemes.values() if s is not None]
    lookups = {s.id: _factor_lookup(s) for s in loaded}
    fixed = {_norm(f) for f in (*JOB_FIELDS, *TOP_FIELDS, *SIGN_OFF_FIELDS, NOTES)}
    computed = {_norm(f) for f in COMPUTED}
    known: dict[str, str] = {
        _norm(f): f for f in (*JOB_FIELDS, *TOP_FIELDS, *SIGN_OFF_FIELDS, NOTES)
    }
    for s in loaded:
        for f in s.factors:
            for alias in (f.id, *f.aliases):
                known.setdefault(_norm(alias), f.id)
            known.setdefault(_norm(f.name), f.name)
    unknown: set[str] = set()
    if loaded:
        for k in columns:
            if k in fixed or k in computed or k in skipped:
                continue
            if any(_factor_column(k, lookup)[0] for lookup in lookups.values()):
                continue
            unknown.add(k)
            problem(1, heading[k], _unknown_column(heading[k], known))
        for s in loaded:
            named: dict[tuple[str, str], list[str]] = {}
            for k in columns:
                fid, part = _factor_column(k, lookups[s.id])
                if fid is not None and k not in skipped:
                    named.setdefault((fid, part), []).append(heading[k])
            for (fid, part), heads in named.items():
                if len(heads) > 1:
                    listed = " and ".join(f"'{excerpt(h, 40)}'" for h in heads)
                    what = f"factor '{fid}'" + (f" ({part.strip()})" if part else "")
                    problem(1, None, f"columns {listed} both name {what}: keep one")
        said: set[str] = set()
        for s in loaded:
            for f in s.factors:
                has = any(_factor_column(k, lookups[s.id]) == (f.id, "") for k in columns)
                if not has and f.id not in said:
                    said.add(f.id)
                    problem(
                        1, None, f"no column for factor '{f.id}' (expected '{f.name}' or '{f.id}')"
                    )

    def read(k: str) -> bool:
        """Whether import reads column ``k`` (for the row's scheme)."""
        if k in computed or k in skipped or k in unknown or k.endswith(POINTS):
            return False
        return True

    names: dict[str, int] = {}
    out: list[Imported] = []
    for row, cells, values, scheme in rows:
        if len(cells) > len(table.header) and any(
            _blank(c) is not None for c in cells[len(table.header) :]
        ):
            problem(
                row,
                f"#{len(table.header) + 1}",
                f"the row has {len(cells)} cells and the header {len(table.header)}: "
                "a cell holding the separator (a comma) must be quoted",
            )
        for k, i in columns.items():
            if (row, i) in table.formulas and read(k):
                problem(
                    row,
                    heading[k],
                    "holds a formula: jescore reads values; type the value in "
                    "(or paste the column as values)",
                )
            value = values[k]
            if isinstance(value, str) and len(value) > MAX_CELL:
                problem(row, heading[k], f"is too long ({len(value):,} characters)")
                values[k] = None
        title = _str(values.get("title"))
        title_formula = "title" in columns and (row, columns["title"]) in table.formulas
        if "title" in columns and not title and not title_formula:
            problem(row, heading["title"], "is empty: every job needs a title")
        if scheme is None:
            continue
        ref = _str(values.get("scheme")) or scheme_ref
        lookup = lookups[scheme.id]
        job: dict[str, Any] = {}
        for key in JOB_FIELDS + (NOTES,):
            value = _str(values.get(_norm(key)))
            if value and key == "date" and not _ISO_DATE.match(value):
                problem(
                    row,
                    heading["date"],
                    f"'{excerpt(value)}' is not a date: write it as YYYY-MM-DD",
                )
                continue
            if value:
                job[key] = value
        factors: dict[str, dict[str, Any]] = {}
        level_heading: dict[str, str] = {}
        bad: set[str] = set()
        for k, value in values.items():
            if not read(k) or k in fixed:
                continue
            fid, part = _factor_column(k, lookup)
            if fid is None:
                continue
            if part == "":
                level_heading[fid] = heading[k]
            if value is None:
                continue
            answer = factors.setdefault(fid, {})
            if part == "":
                level = _level(value)
                if level is None:
                    factor = scheme.factor_index()[fid]
                    valid = ", ".join(
                        f"{lv.level}{lv.letters and f'({lv.letters})'}" for lv in factor.levels
                    )
                    problem(
                        row, heading[k], f"'{excerpt(value)}' is not a level (its levels: {valid})"
                    )
                    bad.add(fid)
                    continue
                answer["level"] = level
            elif part == EVIDENCE:
                answer["evidence"] = [
                    _evidence_item(ln.strip()) for ln in str(value).splitlines() if ln.strip()
                ]
            else:
                answer["rationale"] = str(value)
        data: dict[str, Any] = {"job": job, "scheme": ref}
        bands = scheme.grading
        if grading := _str(values.get("grading")):
            data["grading"] = grading
            bands = grading_of(grading, row)
        data.update(_sign_off(values, heading, partial(problem, row)))
        missing = False
        for f in scheme.factors:
            if "level" not in factors.get(f.id, {}):
                missing = True
                if f.id in level_heading and f.id not in bad:
                    problem(row, level_heading[f.id], f"is empty: no level for factor '{f.id}'")
        if missing:
            continue
        data["factors"] = {f.id: factors[f.id] for f in scheme.factors}
        checked, found = _model_problems(data, scheme)
        for column, message in found:
            if column == "title" and not title:
                continue  # said above
            shown = level_heading.get(column or "") or heading.get(_norm(column or ""), column)
            problem(row, shown, message)
        if checked is not None and not found:
            _compare(checked, scheme, bands, values, heading, partial(problem, row, into=warnings))
        filename = safe_filename(_str(values.get("reference")) or title or f"row-{row}")
        if filename.casefold() in names:
            problem(
                row,
                heading.get("reference", "reference"),
                f"gives the file name '{filename}', as row {names[filename.casefold()]} does; "
                "give each job its own reference",
            )
            continue
        names[filename.casefold()] = row
        out.append(Imported(row, filename, data, scheme))
    if not rows and not head:
        problem(None, None, "has no jobs: only a header row")
    problems = head + body
    if problems:
        count = len(problems)
        problems = _capped(problems)
        problems.append(
            Problem(f"{count} problem{'s' if count > 1 else ''}: nothing written", file=name)
        )
        return out, problems
    return out, warnings


def _sign_off(
    values: dict[str, Cell], heading: dict[str, str], problem: Callable[[str, str], None]
) -> dict[str, Any]:
    """A row's status, agreement date and signatories, as questionnaire fields.

    A status is written as the sheet has it, in small letters (the model refuses one it does
    not know, naming the column); a date must be YYYY-MM-DD.
    """
    out: dict[str, Any] = {}
    if status := _str(values.get("status")):
        out["status"] = status.strip().casefold()
    if agreed := _str(values.get(_norm("agreed_on"))):
        if _ISO_DATE.match(agreed):
            out["agreed_on"] = agreed
        else:
            problem(
                heading[_norm("agreed_on")],
                f"'{excerpt(agreed)}' is not a date: write it as YYYY-MM-DD",
            )
    if people := _str(values.get(_norm("signed_off_by"))):
        out["signed_off_by"] = [
            _person_item(ln.strip()) for ln in people.splitlines() if ln.strip()
        ]
    return out


def _unknown_column(raw: str, known: dict[str, str]) -> str:
    """Why a column is refused, with the nearest known column and what to do."""
    import difflib

    key = _norm(raw.replace("&", " and "))
    if key in known:
        hint = known[key]
    else:
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        hint = known[close[0]] if close else ""
    near = f"did you mean '{hint}'? " if hint else "put remarks in 'notes'; "
    return (
        "is neither a job field nor a factor of the sheet's scheme(s) (nor a column jescore "
        f"computes): {near}or, to skip it, give --ignore-column '{excerpt(raw, 40)}'"
    )


def _compare(
    q: Any,
    scheme: Scheme,
    bands: GradingStructure | None,
    values: dict[str, Cell],
    heading: dict[str, str],
    warn: Callable[[str, str], None],
) -> None:
    """Warn where the sheet's own total or band differs from what jescore computes."""
    from jescore.engine import evaluate

    e = evaluate(q, scheme, bands)
    total = values.get("total")
    if total is not None:
        said = _str(total) or ""
        try:
            same = float(said) == e.total
        except ValueError:
            same = False
        if not same:
            warn(heading["total"], f"the sheet says {excerpt(said)}, jescore computes {e.total}")
    band = values.get("band")
    if band is not None and (bands is not None or q.grading is None):
        said = _str(band) or ""
        label = e.band.label if e.band else None
        plain = _norm(said).removeprefix("band").strip()
        if label is None or plain != _norm(label).removeprefix("band").strip():
            warn(
                heading["band"],
                f"the sheet says {excerpt(said)}, jescore computes {label or 'no band'}",
            )


def _model_problems(
    data: dict[str, Any], scheme: Scheme
) -> tuple[Any, list[tuple[str | None, str]]]:
    """The row's questionnaire (None when invalid) and what its model and scheme say of it."""
    from pydantic import ValidationError

    from jescore.models import Questionnaire, questionnaire_findings

    try:
        q = Questionnaire.model_validate(data)
    except ValidationError as exc:
        return None, [(_column_of(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
    return q, [
        (_column_of(f.loc), f.message) for f in questionnaire_findings(q, scheme) if not f.warning
    ]


def _column_of(loc: tuple[str | int, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] in ("job", "factors"):
        return str(loc[1])
    return str(loc[0]) if loc else None


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(f"and {more:,} more problems")]


def _col(column: str | None) -> str:
    return f"column '{excerpt(column, 40)}'" if column else ""


def _factor_lookup(scheme: Scheme) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for f in scheme.factors:
        for alias in (f.id, *f.aliases, f.name):
            lookup.setdefault(_norm(alias), f.id)
    return lookup


def _factor_column(key: str, lookup: dict[str, str]) -> tuple[str | None, str]:
    if key in lookup:
        return lookup[key], ""
    for part in (POINTS, EVIDENCE, RATIONALE):
        if key.endswith(part) and key[: -len(part)] in lookup:
            return lookup[key[: -len(part)]], part
    return None, ""


def _blank(value: Cell) -> Cell:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _str(value: Cell) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _level(value: Cell) -> int | str | None:
    """A level as a sheet holds it: a whole number, or a number with letters ('3c')."""
    from jescore.models import parse_level

    if isinstance(value, float):
        if not value.is_integer() or abs(value) > _MAX_LEVEL:
            return None
        value = int(value)
    if isinstance(value, int):
        return value if 1 <= value <= _MAX_LEVEL else None
    text = str(value).strip()
    if re.fullmatch(r"\d{1,4}\.0+", text):  # 3.0, as a spreadsheet may write a number
        text = text.split(".")[0]
    try:
        number, letters = parse_level(text)
    except ValueError:
        return None
    return f"{number}{letters}" if letters else number


def safe_filename(reference: str) -> str:
    """A file name from a job's reference: letters and digits (of any script), '.', '-', spaces.

    Anything else (path separators, control characters) becomes '-'; names that mean something
    to the file system ('.', '..', a leading dot, Windows' reserved names) are changed; at most
    100 characters; always ending in '.yaml'.
    """
    import unicodedata

    text = unicodedata.normalize("NFC", reference.strip())
    text = _UNSAFE_NAME.sub("-", text)[:100].strip(" .")
    text = text.lstrip(".-") or "job"
    if _RESERVED.match(text.split(".")[0].rstrip(" ")):
        text = "job-" + text
    return text + ".yaml"
