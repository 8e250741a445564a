"""A staff file once read: its typed columns and every problem found, as the pay commands see it.

The staff reader (:mod:`jescore.staff`) makes a :class:`StaffTable`; the pay commands' cores
(:mod:`jescore.equalpay`, and the pay gap, pay model and neutrality commands after it) take one.
Neither imports the other: this module is what they share.

Problems are a table too, so that a file with a million bad rows is checked at the speed of the
good ones: one row per problem, with the file's row number, the column (as the header names it),
what is wrong, and, for a job reference only (references are not personal data), a short
escaped excerpt of the value. No other value is ever kept in a problem. :func:`report` turns the
table into messages: the first :data:`PROBLEMS_KEPT` one by one, the rest counted by kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jescore.errors import Problem
from jescore.safety import excerpt

if TYPE_CHECKING:
    import polars as pl

#: Problems listed one by one; beyond these, problems are counted by kind.
PROBLEMS_KEPT = 50
#: Rows named in each kind's count.
FIRST_ROWS = 5


def problem_schema() -> dict[str, pl.DataType]:
    """The columns of a problems table: row, column, message, detail (null but for references)."""
    import polars as pl

    return {
        "row": pl.UInt32(),
        "column": pl.String(),
        "message": pl.String(),
        "detail": pl.String(),
    }


def no_problems() -> pl.DataFrame:
    """An empty problems table."""
    import polars as pl

    return pl.DataFrame(schema=problem_schema())


@dataclass(frozen=True, slots=True)
class StaffTable:
    """The columns a command asked for, typed, one row per person, and what was wrong.

    ``frame`` holds ``row`` (the file's row number: a spreadsheet's own numbering, the header
    being ``header_row``) and one column per requested column key; a value found wrong is null
    there and has a row in ``problems``. Blank rows (every requested column empty) are left out
    and counted in ``blank``.
    """

    #: The staff file as the user named it (for messages and outputs).
    name: str
    #: sha256 of the bytes read (outputs name the file they came from).
    sha256: str
    frame: pl.DataFrame
    problems: pl.DataFrame
    #: Data rows read (blank rows not counted).
    rows: int
    blank: int = 0
    #: How the file was read, said in outputs: "csv" or "xlsx", the CSV delimiter, the sheet.
    format: str = "csv"
    delimiter: str | None = None
    sheet: str | None = None
    #: The decimal mark used for numbers ("." or ","), and whether it was found in the file
    #: (rather than given with --decimal or left undecided because no value needed it).
    decimal: str = "."
    decimal_detected: bool = False
    #: Header names of the columns asked for, by key (for messages).
    names: dict[str, str] = field(default_factory=dict)
    #: Rows whose sex is neither women's nor men's words, by sex column key: (how many, how
    #: many of them blank, the first few rows). Counted as "other", never dropped; the commands
    #: say so (:func:`sex_note`), with row numbers, never the values.
    other_sex: dict[str, tuple[int, int, tuple[int, ...]]] = field(default_factory=dict)
    #: Keys of the optional columns asked for that the file does not have: each is its default
    #: throughout, which the commands say.
    absent: tuple[str, ...] = ()


def sex_note(table: StaffTable) -> list[Problem]:
    """A warning per sex column holding values that are neither women's nor men's words."""
    out = []
    for key, (count, blank, rows) in table.other_sex.items():
        if not count:
            continue
        where = f"{table.names.get(key, key)}: " if table.names.get(key) else ""
        first = ", ".join(str(r) for r in rows)
        blanks = f" ({blank:,} of them blank)" if blank else ""
        out.append(
            Problem(
                f"{where}{count:,} rows{blanks} give neither F, female, woman, W nor M, male, "
                f"man: they are counted as neither women nor men (first at rows {first}); "
                "check the column if that is not what it records",
                file=table.name,
                warning=True,
            )
        )
    return out


def report(problems: pl.DataFrame, name: str, limit: int = PROBLEMS_KEPT) -> list[Problem]:
    """Messages for a problems table: the first ``limit`` in row order, the rest by kind.

    Each names the file, the row and the column, never a value (a job reference's excerpt
    excepted). Kinds are (column, message): the detail is left out of them, so their number
    stays small however many rows are wrong.
    """
    import polars as pl

    ordered = problems.sort("row", maintain_order=True)
    out = []
    for row, column, message, detail in ordered.head(limit).iter_rows():
        said = f" ('{excerpt(detail)}')" if detail else ""
        where = f"column '{excerpt(column)}' " if column else ""
        out.append(Problem(f"row {row}: {where}{message}{said}", file=name))
    if ordered.height > limit:
        more = ordered.height - limit
        out.append(Problem(f"... and {more:,} more problems; all of them, by kind:", file=name))
        kinds = ordered.group_by(["column", "message"], maintain_order=True).agg(
            pl.len().alias("count"), pl.col("row").head(FIRST_ROWS).alias("first")
        )
        for column, message, count, first in kinds.iter_rows():
            rows = ", ".join(str(r) for r in first)
            where = f"column '{excerpt(column)}' " if column else "rows that "
            out.append(
                Problem(f"{where}{message}: {count:,} rows (first at rows {rows})", file=name)
            )
    return out
