"""Text for a terminal or a plain file: paragraphs wrapped at words, aligned tables, colour.

The one way jescore lays out human-readable text. It is plain Python, fast enough to lay out
thousands of evaluations in the time it takes to read them, and it guarantees three things:

- every piece of text is made safe as it enters (:func:`jescore.safety.clean_line`): control
  characters and direction overrides from titles, evidence or file names are shown as visible
  escapes, never passed to the terminal;
- a word is never split (identifiers, paths and URLs stay whole, so that they can be copied): a
  line wraps between words, and a word longer than the line stands on a line of its own;
- no line ends in spaces.

Colour is jescore's own: styles are named (``"bold"``, ``"dim"``, ``"yellow"``...) and turned
into SGR escape codes only when the target asks for colour, after the layout is measured. Widths
are measured in terminal cells (CJK characters and most emoji take two).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from jescore.safety import clean_line

#: SGR parameters of the styles jescore uses.
_SGR = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}
RESET = "\x1b[0m"
_CODES: dict[str, str] = {}


def sgr(style: str) -> str:
    """The escape code that starts a style (``"bold yellow"`` -> ``ESC[1;33m``)."""
    code = _CODES.get(style)
    if code is None:
        code = _CODES[style] = "\x1b[" + ";".join(_SGR[s] for s in style.split()) + "m"
    return code


def cells(text: str) -> int:
    """The width of a line of text in terminal cells."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len  # the terminal's own idea of width (CJK, emoji)

    return cell_len(text)


#: One run of text in one style.
Span = tuple[str, str]
#: One line: runs of styled text, never holding a newline.
Line = tuple[Span, ...]


def spans(*parts: str | Span) -> Line:
    """A line of styled runs, each made safe: ``spans(("✱", "bold"), " text")``."""
    out = []
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        out.append((clean_line(text), style))
    return tuple(out)


def _plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def _paint(line: Line, color: bool) -> str:
    if not color:
        return _plain(line)
    return "".join(f"{sgr(style)}{text}{RESET}" if style and text else text for text, style in line)


#: A "word" longer than this is not one a reader copies (a hostile value, a run of characters
#: with no space): it is broken to fit.
LONGEST_WORD = 200


def _pieces(word: str, width: int) -> list[str]:
    """A word too wide for the line: broken only where that is allowed.

    Text in wide characters (Chinese, Japanese, Korean) may break between any two of them;
    anything else stays whole unless it is longer than :data:`LONGEST_WORD`.
    """
    wide = not word.isascii() and cells(word) > len(word)
    if not wide and cells(word) <= LONGEST_WORD:
        return [word]
    out, current, size = [], "", 0
    for ch in word:
        w = cells(ch)
        if current and size + w > width:
            out.append(current)
            current, size = "", 0
        current += ch
        size += w
    if current:
        out.append(current)
    return out


def wrap(text: str, width: int) -> list[str]:
    """Words of one line of text, wrapped greedily to ``width`` cells; words never split.

    (But for text in wide characters and absurdly long runs: see :func:`_pieces`.)
    """
    if cells(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    size = 0
    words = []
    for word in text.split():
        words += _pieces(word, width) if cells(word) > width else [word]
    for word in words:
        w = cells(word)
        if not current:
            current, size = word, w
        elif size + 1 + w <= width:
            current += " " + word
            size += 1 + w
        else:
            lines.append(current)
            current, size = word, w
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: lines of text, each in one style (a ``bar`` line keeps its own runs)."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        """The cell's text without styles, lines joined by newlines."""
        return "\n".join(_plain(line) for line in self.lines)


def cell(text: object = "", style: str = "") -> Cell:
    """A cell from text (newlines start new lines), all in one style; made safe."""
    value = text if isinstance(text, str) else str(text)
    return Cell(tuple(((clean_line(part), style),) for part in value.split("\n")))


def stack(*lines: str | Span | Line) -> Cell:
    """A cell of several lines, each a string, a (text, style) pair, or a line of runs."""
    out: list[Line] = []
    for line in lines:
        if isinstance(line, str):
            out.append(((clean_line(line), ""),))
        elif len(line) == 2 and isinstance(line[0], str) and isinstance(line[1], str):
            out.append(((clean_line(line[0]), line[1]),))
        else:
            out.append(spans(*line))
    return Cell(tuple(out))


CellLike = str | int | Cell


def as_cell(value: CellLike) -> Cell:
    """Strings and numbers as cells; cells as they are."""
    return value if isinstance(value, Cell) else cell(value)


@dataclass(frozen=True, slots=True)
class Column:
    """How a table column is laid out.

    ``wrap``: long text wraps between words (else the column is as wide as its widest line);
    ``ratio``: the column's share when wrapping columns must give up width; ``min_width`` and
    ``max_width`` bound it.
    """

    header: str
    justify: Literal["left", "right"] = "left"
    wrap: bool = False
    ratio: int = 1
    min_width: int = 0
    max_width: int | None = None


@dataclass(slots=True)
class Table:
    """Rows of cells under headed columns; sections are separated by a blank line."""

    columns: Sequence[Column]
    #: Rows of cells; None ends a section; a single Cell is a heading across the whole table.
    rows: list[tuple[Cell, ...] | Cell | None] = field(default_factory=list)
    footer: tuple[Cell, ...] | None = None
    #: Draw the header and the rule under it.
    header: bool = True

    def row(self, *values: CellLike) -> None:
        """Add a row (as many values as columns)."""
        self.rows.append(tuple(as_cell(v) for v in values))

    def heading(self, text: str, style: str = "bold") -> None:
        """A line across the whole table (a group's name); it takes no column's width."""
        self.rows.append(cell(text, style))

    def section(self) -> None:
        """End a section: a blank line before the next row."""
        if self.rows and self.rows[-1] is not None:
            self.rows.append(None)

    def foot(self, *values: CellLike) -> None:
        """The footer row (totals), after a blank line."""
        self.footer = tuple(as_cell(v) for v in values)


def _widest_word(c: Cell) -> int:
    return max((cells(w) for line in c.lines for t, _ in line for w in t.split()), default=0)


def _widest_line(c: Cell) -> int:
    return max((sum(cells(t) for t, _ in line) for line in c.lines), default=0)


def _widths(table: Table, width: int) -> list[int]:
    """Column widths: as wide as the content, narrowed (wrapping columns only) to fit."""
    gap = 2 * (len(table.columns) - 1)
    every = [r for r in table.rows if isinstance(r, tuple)]
    if table.footer is not None:
        every.append(table.footer)
    heads = [cell(c.header) if table.header else Cell(()) for c in table.columns]
    natural, least = [], []
    for i, col in enumerate(table.columns):
        column_cells = [heads[i], *(r[i] for r in every)]
        want = max(_widest_line(c) for c in column_cells)
        floor = max(_widest_word(c) for c in column_cells) if col.wrap else want
        floor = max(floor, col.min_width)
        if col.max_width is not None:
            want = min(want, col.max_width)
            floor = min(floor, max(col.max_width, _widest_word(heads[i])))
        natural.append(max(want, floor))
        least.append(floor)
    if sum(natural) + gap <= width:
        return natural
    # The wrapping columns share what the others leave, in proportion to their ratio: a column
    # that needs less than its share keeps what it needs, one whose longest word is wider than
    # its share keeps that word's width, and the rest share what remains.
    widths = list(natural)
    flexible = [i for i, c in enumerate(table.columns) if c.wrap]
    room = width - gap - sum(widths[i] for i in range(len(widths)) if i not in flexible)
    settled = True
    while flexible and settled:
        settled = False
        total = sum(table.columns[i].ratio for i in flexible)
        for i in flexible:
            share = room * table.columns[i].ratio // total
            if natural[i] <= share or least[i] >= share:
                widths[i] = natural[i] if natural[i] <= share else least[i]
                room -= widths[i]
                flexible.remove(i)
                settled = True
                break
    if flexible:
        total = sum(table.columns[i].ratio for i in flexible)
        shares = [max(least[i], room * table.columns[i].ratio // total) for i in flexible]
        for i, share in zip(flexible, shares, strict=True):
            widths[i] = share
    return widths


#: Marks that start a list item inside a cell: its wrapped lines hang under its text.
_ITEM_MARKS = ("+ ", "- ", "* ", "• ")


def _cell_lines(c: Cell, width: int, wraps: bool) -> list[Line]:
    out: list[Line] = []
    for line in c.lines:
        if wraps and len(line) == 1 and cells(line[0][0]) > width:
            text, style = line[0]
            if text.startswith(_ITEM_MARKS) and width > 4:
                first, *rest = wrap(text, width)
                out.append(((first, style),))
                tail = " ".join(rest)
                out.extend((("  " + part, style),) for part in wrap(tail, width - 2) if tail)
            else:
                out.extend(((part, style),) for part in wrap(text, width))
        else:
            out.append(line)
    return out


def render_table(table: Table, width: int, color: bool) -> list[str]:
    """The table's lines: header, a rule, rows (sections apart), then the footer."""
    widths = _widths(table, width)
    cols = table.columns
    out: list[str] = []

    def emit(row: Sequence[Cell]) -> None:
        columns = [_cell_lines(c, widths[i], cols[i].wrap) for i, c in enumerate(row)]
        height = max(len(c) for c in columns)
        last = len(cols) - 1
        for n in range(height):
            parts = []
            for i, lines in enumerate(columns):
                line = lines[n] if n < len(lines) else ()
                size = sum(cells(t) for t, _ in line)
                pad = " " * max(0, widths[i] - size)
                painted = _paint(line, color)
                if cols[i].justify == "right":
                    parts.append(pad + painted)
                else:
                    parts.append(painted + ("" if i == last else pad))
            out.append("  ".join(parts).rstrip())

    if table.header:
        emit([cell(c.header, "bold") for c in cols])
        out.append("─" * (sum(widths) + 2 * (len(widths) - 1)))
    total = sum(widths) + 2 * (len(widths) - 1)
    for row in table.rows:
        if row is None:
            out.append("")
        elif isinstance(row, Cell):
            for line in _cell_lines(row, max(total, width), True):
                out.append(_paint(line, color).rstrip())
        else:
            emit(row)
    if table.footer is not None:
        out.append("")
        emit(table.footer)
    return out


class Doc:
    """A text document under construction, for one target width and colour.

    Every method adds lines; :meth:`text` gives the whole document. Text is made safe as it is
    added.
    """

    __slots__ = ("width", "color", "_lines")

    def __init__(self, width: int = 80, color: bool = False) -> None:
        self.width = max(20, width)
        self.color = color
        self._lines: list[str] = []

    def blank(self) -> None:
        """An empty line (never two in a row)."""
        if self._lines and self._lines[-1] != "":
            self._lines.append("")

    def line(self, *parts: str | Span) -> None:
        """One line of styled runs, as it is (not wrapped: for bars and short lines)."""
        self._lines.append(_paint(spans(*parts), self.color).rstrip())

    def para(self, text: str, style: str = "", indent: int = 0, hang: int = 0) -> None:
        """A paragraph wrapped at words; later lines are indented ``hang`` more."""
        first = " " * indent
        rest = " " * (indent + hang)
        for n, part in enumerate(text.split("\n")):
            lines = wrap(clean_line(part), self.width - indent - (hang if n else 0))
            if len(lines) > 1 and hang:
                lines = [lines[0], *wrap(" ".join(lines[1:]), self.width - indent - hang)]
            for k, piece in enumerate(lines):
                lead = first if (k == 0 and n == 0) else rest
                self._lines.append((lead + _paint(((piece, style),), self.color)).rstrip())

    def bullets(self, items: Iterable[str], mark: str = "-", indent: int = 0) -> None:
        """A list: each item wrapped with a hanging indent under its own mark."""
        for item in items:
            self.para(f"{mark} {item}", indent=indent, hang=len(mark) + 1)

    def pairs(self, rows: Iterable[tuple[str, str | Cell]], label_style: str = "dim") -> None:
        """Labels and values, the values wrapped beside their labels (a heading block)."""
        table = Table([Column("", wrap=False), Column("", wrap=True)], header=False)
        for label, value in rows:
            table.row(cell(label, label_style), value)
        self._lines.extend(render_table(table, self.width, self.color))

    def table(self, table: Table) -> None:
        """A table (see :class:`Table`)."""
        self._lines.extend(render_table(table, self.width, self.color))

    def raw(self, lines: Iterable[str]) -> None:
        """Lines already laid out (and made safe) by the kit's other pieces."""
        self._lines.extend(lines)

    def text(self) -> str:
        """The document, one newline after each line."""
        lines = self._lines
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n" if lines else ""
