"""``export``: the working sheet, one row per job, as an XLSX workbook or CSV.

The columns are those :mod:`jescore.sheets` describes (``import`` reads them back). In XLSX:
numbers are numbers, the header row is frozen and bold, columns are sized, text cells are text
(never formulas), and a second sheet, Provenance, lists every file read with its hash. In CSV:
one header row, then one row per job, every cell a spreadsheet would run as a formula defused;
written to a file, it starts with a UTF-8 byte order mark (for Excel).
"""

from __future__ import annotations

from dataclasses import dataclass

from jescore import __version__
from jescore.formats import Format
from jescore.render.kit import Formats, Target
from jescore.safety import clean_output, csv_text
from jescore.sheets import Sheet, xlsx_bytes

COMMAND = "export"


@dataclass(frozen=True, slots=True)
class ExportView:
    """The working sheet to write."""

    sheet: Sheet


def as_xlsx(view: ExportView, target: Target) -> bytes:
    """The workbook: the sheet 'Jobs' and the sheet 'Provenance'."""
    about = [("made by", f"jescore {__version__} export"), ("jobs", str(len(view.sheet.rows)))]
    return xlsx_bytes(view.sheet, "Jobs", about)


def as_csv(view: ExportView, target: Target) -> str:
    """The sheet as CSV (cells a spreadsheet would run as formulas are defused)."""
    rows = [["" if c is None else c for c in row] for row in view.sheet.rows]
    return csv_text([view.sheet.header, *rows])


def as_csv_file(view: ExportView, target: Target) -> bytes:
    """The CSV for a file: made safe, UTF-8, after a byte order mark.

    The mark makes Excel read the file as UTF-8 rather than in the local code page, so accented
    and other non-ASCII text shows as written; ``import`` reads the file with or without it.
    """
    return "\ufeff".encode() + clean_output(as_csv(view, target)).encode("utf-8")


#: ``export -o FILE.csv``: the CSV with its byte order mark (standard output has none).
FILE_FORMATS: Formats[ExportView] = {Format.XLSX: as_xlsx, Format.CSV: as_csv_file}


FORMATS: Formats[ExportView] = {Format.XLSX: as_xlsx, Format.CSV: as_csv}
