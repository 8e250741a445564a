"""``export``: the working sheet, one row per job, as an XLSX workbook or CSV.

The columns are those :mod:`jescore.sheets` describes (``import`` reads them back). In XLSX:
numbers are numbers, the header row is frozen and bold, columns are sized, text cells are text
(never formulas), and a second sheet, Provenance, lists every file read with its hash. In CSV:
one header row, then one row per job, every cell a spreadsheet would run as a formula defused.
"""

from __future__ import annotations

from dataclasses import dataclass

from jescore import __version__
from jescore.formats import Format
from jescore.render.kit import Formats, Target
from jescore.safety import csv_text
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


FORMATS: Formats[ExportView] = {Format.XLSX: as_xlsx, Format.CSV: as_csv}
