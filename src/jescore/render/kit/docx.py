"""Word documents people hand over: A4 pages, real headings, tables that fit, provenance.

A thin layer over python-docx that every document goes through, so that each one:

- is A4 (or US Letter when asked) with sensible margins, and turns a section landscape where a
  wide table needs it;
- uses Word's own heading styles (the navigation pane works) and shows a scheme that is not
  verified in a coloured banner, as the HTML pages do;
- sizes table columns from their content (a column is never narrower than its longest word, so
  words are not broken inside themselves), repeats header rows on every page, and keeps a row
  on one page where it can;
- has page numbers and a footer naming the scheme, its status and the start of the input
  hashes; the full provenance comes last, for the record;
- holds only safe text (every string is cleaned as it is added: control characters cannot even
  be stored in a Word document's XML);
- is the same bytes for the same inputs (fixed timestamps in the document and its archive).

python-docx is imported only when a document is made, so that start-up stays fast.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from jescore.safety import clean

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table as WordTable

Paper = Literal["a4", "letter"]

#: Page sizes in millimetres (width, height), portrait.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_MM = 18.0

#: Banner colours by status: (fill, text), as the HTML pages use them.
BANNER = {
    "unverified": ("FFF3CD", "5C4400"),
    "illustrative": ("F6E0F2", "5B1550"),
    "local": ("E2ECF9", "1D3E6E"),
}

#: Fixed timestamp for every entry of the archive and the document's properties, so that the
#: same inputs give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: The font of every document (see :class:`Document`).
FONT = "Arial"
#: Advance widths of the printable ASCII characters (space to tilde) in Arial, regular and
#: bold, in thousandths of an em (the published metrics Arial shares with Helvetica, and
#: LibreOffice's Liberation Sans with both): columns are sized from them, so that a column is
#: never narrower than its longest word.
_ARIAL = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
_ARIAL_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584"
)
_WIDTHS = {
    False: dict(zip(map(chr, range(32, 127)), map(int, _ARIAL.split()), strict=True)),
    True: dict(zip(map(chr, range(32, 127)), map(int, _ARIAL_BOLD.split()), strict=True)),
}
#: A character outside that table: as wide as a capital M, or a full em for a wide (East
#: Asian) character; generous, so that a column is too wide rather than too narrow.
_OTHER, _WIDE = 833, 1000
_MM_PER_PT = 25.4 / 72
#: A cell's left and right margins together, in millimetres (Word's 1.9 mm each side), and a
#: margin for error of the measure.
_CELL_PAD_MM = 4.2
_SLACK = 1.06
#: A column whose longest line measures at most this many millimetres at 9 pt is never
#: wrapped (numbers, levels, short labels).
_SHORT_MM = 22.0
#: The longest line a column asks room for, in millimetres at 9 pt (a paragraph's worth).
_LONG_MM = 110.0
#: The widest "word" a column keeps whole, in millimetres at 9 pt: a longer run of letters
#: without a space (a link, a reference number run together) breaks where it must rather than
#: squeeze the other columns to nothing.
_WORD_MM = 45.0


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of one line of text in Arial at ``size_pt``, in millimetres."""
    import unicodedata

    widths = _WIDTHS[bold]
    units = 0
    for ch in text:
        width = widths.get(ch)
        if width is None:
            width = _WIDE if unicodedata.east_asian_width(ch) in "WF" else _OTHER
        units += width
    return units / 1000 * size_pt * _MM_PER_PT * _SLACK


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header, alignment, and how much of the spare width it may take."""

    header: str
    align: Literal["left", "right"] = "left"
    weight: float = 1.0


@dataclass(slots=True)
class Layout:
    """How a document is laid out: paper and the lines of its footer."""

    paper: Paper = "a4"
    footer: list[str] = field(default_factory=list)
    #: The whole document landscape (a report made of wide tables).
    landscape: bool = False


class Document:
    """A Word document under construction.

    Args:
        title: the document's title (its first heading and its properties).
        layout: paper and footer lines.
        date: a date to stamp in the properties (YYYY-MM-DD); none by default, so that output
            does not depend on the clock.
    """

    def __init__(self, title: str, layout: Layout | None = None, date: str | None = None) -> None:
        import docx
        from docx.shared import Pt

        self.layout = layout or Layout()
        self._doc: WordDocument = docx.Document()
        d = self._doc
        # Arial: on every copy of Word, and LibreOffice lays it out with Liberation Sans, whose
        # letters are the same widths, so columns sized here fit there too.
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Title"):
            _font(d.styles[name], FONT)
        d.styles["Normal"].font.size = Pt(10)
        props = d.core_properties
        fixed = dt.datetime.fromisoformat(date or "2000-01-01")
        props.created = props.modified = props.last_printed = fixed
        props.author = props.last_modified_by = "jescore"
        # Word's document properties hold at most 255 characters; the heading keeps it all.
        props.title = clean(title)[:255]
        props.revision = 1
        self._landscape = self.layout.landscape
        self._set_page(d.sections[0], landscape=self._landscape)
        self._footer(d.sections[0])
        self.heading(title, 1)

    # --- pages --------------------------------------------------------------------------------

    def _set_page(self, section: Any, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        width, height = PAPER_MM[self.layout.paper]
        if landscape:
            width, height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))

    def _footer(self, section: Any) -> None:
        from docx.shared import Pt

        footer = section.footer
        footer.is_linked_to_previous = False
        first = footer.paragraphs[0]
        for n, line in enumerate(self.layout.footer):
            p = first if n == 0 else footer.add_paragraph()
            run = p.add_run(clean(line))
            run.font.size = Pt(7)
        p = footer.add_paragraph()
        for text, code in (("Page ", None), (None, "PAGE"), (" of ", None), (None, "NUMPAGES")):
            if code is None:
                run = p.add_run(text)
            else:
                run = p.add_run()
                _field(run, code)
            run.font.size = Pt(7)

    def landscape(self, on: bool = True) -> None:
        """Start a new section, landscape (for a wide table) or portrait again."""
        from docx.enum.section import WD_SECTION

        section = self._doc.add_section(WD_SECTION.NEW_PAGE)
        self._set_page(section, landscape=on)
        self._landscape = on

    @property
    def text_width_mm(self) -> float:
        """Width of the text on the current section's pages."""
        section = self._doc.sections[-1]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        assert width is not None and left is not None and right is not None
        return float(width.mm - left.mm - right.mm)

    # --- text ---------------------------------------------------------------------------------

    def heading(self, text: str, level: int, *, new_page: bool = False) -> None:
        """A heading in Word's own heading style (1 is the document's title).

        ``new_page`` starts it on a page of its own (each job of a pack).
        """
        p = self._doc.add_heading(clean(text), level=level)
        if new_page:
            p.paragraph_format.page_break_before = True

    def para(self, text: str, *, bold: bool = False, italic: bool = False, size: float = 0) -> None:
        """A paragraph."""
        from docx.shared import Pt

        run = self._doc.add_paragraph().add_run(clean(text))
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)

    def labelled(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Lines of 'Label: value', the label bold (what a panel reads first)."""
        for label, value in pairs:
            p = self._doc.add_paragraph()
            p.paragraph_format.space_after = 0
            p.add_run(clean(label) + ": ").bold = True
            p.add_run(clean(value))

    def bullets(self, items: Sequence[str], level: int = 1) -> None:
        """A bulleted list, one item a line; ``level`` 2 nests it under the item before."""
        from docx.shared import Mm

        style = "List Bullet" if level == 1 else "List Bullet 2"
        for item in items:
            p = self._doc.add_paragraph(clean(item), style=style)
            p.paragraph_format.space_after = 0
            if level > 1:  # indented under its item, in Word and LibreOffice alike
                p.paragraph_format.left_indent = Mm(6.35 * (level + 1))
                p.paragraph_format.first_line_indent = Mm(-6.35)

    def banner(self, status: str, text: str) -> None:
        """A coloured banner for a scheme that is not verified (nothing for a verified one)."""
        if status not in BANNER:
            return
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        fill, colour = BANNER[status]
        p = self._doc.add_paragraph()
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        p._p.get_or_add_pPr().append(shading)
        run = p.add_run(clean(text))
        run.bold = True
        run.font.size = Pt(11)
        run.font.color.rgb = RGBColor.from_string(colour)

    def provenance(self, lines: Sequence[str]) -> None:
        """The provenance block that ends every document: files, hashes, scheme, version."""
        self.heading("Provenance", 2)
        for line in lines:
            p = self._doc.add_paragraph()
            p.paragraph_format.space_after = 0
            p.add_run(clean(line)).font.size = _pt(8)

    def signatures(self, roles: Sequence[str], *, dated: bool = True) -> None:
        """Sign-off lines: one per role, with room to sign and (``dated``) to date."""
        for role in roles:
            p = self._doc.add_paragraph()
            p.paragraph_format.space_before = _pt(18)
            p.add_run(clean(role) + ": ").bold = True
            p.add_run("_" * 34 + ("   Date: " + "_" * 14 if dated else ""))

    # --- tables -------------------------------------------------------------------------------

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: float = 9,
        shade: Sequence[bool] = (),
        total: bool = False,
        labels: Sequence[str] = (),
    ) -> WordTable:
        """A table with widths from its content, its header repeated on every page.

        ``shade`` marks rows to shade (challenged factors, a flagged group); ``total`` makes
        the last row bold; a line of a cell that starts with one of ``labels`` has its label,
        up to the first colon, in bold. A table whose longest words do not fit across a
        portrait page gets a landscape section of its own.
        """
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        cells = [[clean(c) for c in row] for row in rows]
        headers = [clean(c.header) for c in columns]
        weights = [c.weight for c in columns]
        portrait = not self._landscape
        widths = column_widths(headers, cells, self.text_width_mm, size, weights, portrait)
        turned = False
        if sum(widths) > self.text_width_mm + 0.5 and not self._landscape:
            self.landscape()
            turned = True
            widths = column_widths(headers, cells, self.text_width_mm, size, weights)
        table = self._doc.add_table(rows=1 + len(cells), cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for i, w in enumerate(widths):
            table.columns[i].width = Mm(w)
        last = len(cells)
        for r, row in enumerate([headers, *cells]):
            word_row = table.rows[r]
            _keep_row_together(word_row)
            if r == 0:
                _repeat_header(word_row)
            for i, text in enumerate(row):
                cell = word_row.cells[i]
                cell.width = Mm(widths[i])
                lines = text.split("\n")
                p = cell.paragraphs[0]
                for n, line in enumerate(lines):
                    if n:
                        p = cell.add_paragraph()
                    p.paragraph_format.space_after = 0
                    colon = line.find(":")
                    if r and colon > 0 and line.startswith(tuple(labels)):
                        label = p.add_run(line[: colon + 1])
                        label.font.size = Pt(size)
                        label.bold = True
                        line = line[colon + 1 :]
                    run = p.add_run(line)
                    run.font.size = Pt(size)
                    run.bold = r == 0 or (total and r == last)
                    if columns[i].align == "right":
                        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if r == 0 or (r - 1 < len(shade) and shade[r - 1]):
                    _shade(cell, "E8E8E8" if r == 0 else "FFF3CD")
        self._doc.add_paragraph()
        if turned:
            self.landscape(False)
        return table  # type: ignore[no-any-return]

    # --- out ----------------------------------------------------------------------------------

    def bytes(self) -> bytes:
        """The document, the same bytes for the same content."""
        raw = io.BytesIO()
        self._doc.save(raw)
        return _fixed_zip(raw.getvalue())


def _pt(size: float) -> Any:
    from docx.shared import Pt

    return Pt(size)


def footer_line(
    schemes: Sequence[tuple[str, str]], files: Sequence[tuple[str, str]], version: str
) -> str:
    """The footer: each scheme and its status, and the start of each input's hash.

    ``schemes`` are (id, status); ``files`` are (label, sha256), the one that matters most
    first. Beyond four files, the first two are named and the rest counted, their hashes left
    to the provenance block.
    """
    parts = [f"Scheme {sid} ({status.upper()})" for sid, status in schemes]
    shown = files if len(files) <= 4 else files[:2]
    parts += [f"{label} sha256 {sha[:12]}" for label, sha in shown]
    if len(files) > len(shown):
        parts.append(f"{len(files) - len(shown)} more input files (hashes in the provenance)")
    parts.append(f"jescore {version}")
    return " · ".join(parts)


def column_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    total_mm: float,
    size_pt: float,
    weights: Sequence[float] = (),
    allow_over: bool = False,
) -> list[float]:
    """Column widths in millimetres: each at least its longest word, the rest shared by need.

    A column's need is its longest line (capped at a paragraph's worth); a short column (a
    number, a level) is never wrapped. When every need fits, the spare width goes to the
    columns with the longest text; else each column gets its longest word, and the width
    left over goes to the columns in proportion to how much more they need and their weight.
    The header is measured bold, by its longest word only (a header wraps rather than widen
    its column). When even the longest words do not fit, the widths add up to
    more than ``total_mm`` if ``allow_over`` (the caller then turns the page), else they are
    scaled down to fit: a word wider than the page cannot stay whole.
    """
    pad = _CELL_PAD_MM
    scale = size_pt / 9
    n = len(headers)
    weights = list(weights) or [1.0] * n
    least, need = [], []
    for i in range(n):
        texts = [headers[i], *(row[i] for row in rows)]
        # Words measured bold everywhere: a total row or a label may be bold.
        words = min(
            max((text_mm(w, size_pt, True) for t in texts for w in t.split()), default=0.0),
            _WORD_MM * scale,
        )
        # A header wraps rather than widen its column: only its longest word counts.
        lines = max(
            (text_mm(line, size_pt) for t in texts[1:] for line in t.split("\n")),
            default=0.0,
        )
        least.append(max(lines if lines <= _SHORT_MM * scale else 0.0, words) + pad)
        need.append(max(min(lines, _LONG_MM * scale), words) + pad)
    if sum(need) <= total_mm:
        spare = total_mm - sum(need)
        share = sum(need[i] * weights[i] for i in range(n)) or 1.0
        return [need[i] + spare * need[i] * weights[i] / share for i in range(n)]
    widths = list(least)
    spare = total_mm - sum(least)
    if spare <= 0 and allow_over:  # the caller turns the page for it
        return widths
    if spare <= 0:  # a word wider than the page: it cannot stay whole; the table still fits
        return [w * total_mm / sum(widths) for w in widths]
    want = [max(0.0, need[i] - least[i]) * weights[i] for i in range(n)]
    total_want = sum(want) or 1.0
    return [widths[i] + spare * want[i] / total_want for i in range(n)]


def _font(style: Any, name: str) -> None:
    """A style's font, for every script (Word keeps separate East Asian and complex fonts)."""
    from docx.oxml.ns import qn

    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _field(run: Any, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    begin, instr, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _fixed_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
