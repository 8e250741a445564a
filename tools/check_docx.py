"""Lay out every Word document jescore writes with LibreOffice, and fail on what a reader would see.

Usage: python tools/check_docx.py [--out DIR] [--soffice PATH]

For each document in DOCUMENTS: jescore writes it from the shipped examples, then the check

- reads the document itself (python-docx) and fails on a table whose columns add up to more
  than the width of the text on its section's pages, or a section whose paper is not the one
  asked for (A4 by default, US Letter with ``--paper letter``), upright or turned;
- converts it to PDF with LibreOffice (``soffice --headless --convert-to pdf``) and reads the
  PDF with poppler (``pdfinfo``, ``pdftotext -bbox``): fails on a page of another size, on a
  word printed outside the page or in its side margins (a table wider than the page), and on
  a word broken inside itself: a word of the document printed as two pieces ("Knowledg" and
  "e") where a piece is no word of the document; a break after a hyphen or a slash is allowed;

and keeps the documents, the PDFs and the text it read in DIR for a person to look at (make PNG
pages with ``pdftoppm -png -r 60 FILE.pdf FILE``). Exit 0 when every document passes, 1 when one
fails, 2 when LibreOffice or poppler is not there.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # _check.py, beside this file
import _check  # noqa: E402

_EQUALPAY = [
    *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
    "examples/njc-library-assistant.yaml",
    "--staff",
    "examples/equalpay/staff.csv",
    "--pay-basis",
    "fte",
]

_QUESTIONNAIRES = [
    *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
    "examples/njc-library-assistant.yaml",
]
_PAYGAP = [*_QUESTIONNAIRES, "--staff", "examples/paygap/staff.csv"]
_PAYMODEL = [
    "examples/vlo-claim.yaml",
    "examples/pso.yaml",
    "--staff",
    "examples/paymodel/probation-staff.csv",
    "--scale",
    "probation-illustrative",
    "--from",
    "2024-04-01",
    "--backpay-from",
    "2016-04-01",
]

#: Every Word document jescore can produce from the shipped examples: a name, the command
#: (without format and output), and the paper asked for.
DOCUMENTS: list[tuple[str, list[str], str]] = [
    (
        "appeal",
        ["appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml", "--date", "2026-12-01"],
        "a4",
    ),
    (
        "appeal-letter",
        ["appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml", "--paper", "letter"],
        "letter",
    ),
    ("evaluate", ["evaluate", "examples/vlo.yaml"], "a4"),
    ("evaluate-all", ["evaluate", "examples"], "a4"),
    ("match", ["match", "examples/nhs-nurse.yaml", "examples/profiles"], "a4"),
    ("match-none", ["match", "examples/vlo.yaml", "examples/profiles"], "a4"),
    ("panel", ["panel", "examples/panel/vlo-*.yaml"], "a4"),
    ("panel-two-jobs", ["panel", "examples/panel"], "a4"),
    ("equalpay", ["equalpay", *_EQUALPAY], "a4"),
    ("equalpay-letter", ["equalpay", *_EQUALPAY, "--paper", "letter"], "letter"),
    ("scheme-audit", ["scheme", "audit", "nhs-afc"], "a4"),
    (
        "paygap",
        ["paygap", *_PAYGAP, "--snapshot", "2027-04-05", "--report-date", "2027-06-07"],
        "a4",
    ),
    ("paygap-uk", ["paygap", "--staff", "examples/paygap/staff.csv", "--regime", "uk"], "a4"),
    (
        "paygap-eu-jobs",
        ["paygap", *_PAYGAP, "--regime", "eu", "--by", "job", "--report-date", "2027-06-07"],
        "a4",
    ),
    ("paygap-worker", ["paygap", *_PAYGAP, "--worker", "E0011", "--column", "id=employee"], "a4"),
    ("paygap-letter", ["paygap", *_PAYGAP, "--paper", "letter"], "letter"),
    ("paymodel", ["paymodel", *_PAYMODEL], "a4"),
    (
        "paymodel-nhs",
        [
            "paymodel",
            "examples/nhs-hcsw.yaml",
            "examples/nhs-nurse.yaml",
            "--staff",
            "examples/paymodel/nhs-staff.csv",
            "--scale",
            "nhs-afc-2025-26",
            "--from",
            "2025-04-01",
            "--award",
            "3",
        ],
        "a4",
    ),
    ("paymodel-letter", ["paymodel", *_PAYMODEL, "--paper", "letter"], "letter"),
    (
        "neutrality",
        [
            "neutrality",
            *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
            "examples/njc-library-assistant.yaml",
        ],
        "a4",
    ),
]

#: Paper sizes in points (width, height), upright.
PAPER_PT = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
#: Twips (1/20 point) per point.
TWIPS = 20
#: How far a word may reach into a side margin before it counts as outside the text (points).
MARGIN_SLACK = 4.0
#: Characters after which a line may end inside a token.
BREAKABLE = ("-", "/", "‐", "–")

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass(frozen=True)
class Word:
    """A word printed on a page, with its box in points."""

    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Page:
    """A printed page: its size and its words."""

    width: float
    height: float
    words: list[Word]


def norm(text: str) -> str:
    """Text as compared: compatibility forms folded (ligatures, no-break spaces)."""
    return unicodedata.normalize("NFKC", text)


def paper_ok(width: float, height: float, paper: str, tolerance: float = 2.0) -> bool:
    """Whether a page of this size is the paper asked for, upright or turned."""
    w, h = PAPER_PT[paper]
    return any(
        abs(width - a) <= tolerance and abs(height - b) <= tolerance for a, b in ((w, h), (h, w))
    )


def read_pdf_words(text: str) -> list[Page]:
    """The pages and words of ``pdftotext -bbox`` output."""
    pages = []
    for m in _PAGE.finditer(text):
        words = [
            Word(norm(html.unescape(w[4])), float(w[0]), float(w[2])) for w in _WORD.findall(m[3])
        ]
        pages.append(Page(float(m[1]), float(m[2]), words))
    return pages


def pieces(token: str, printed: set[str], source: set[str]) -> list[str] | None:
    """``token`` as two or more pieces printed on the page, one at least no word of the source.

    A split just after a hyphen or a slash is a line break, not a broken word, and is not
    considered. None when there is no such split.
    """
    n = len(token)
    # best[i]: pieces covering token[:i], and whether one of them is a stranger.
    best: dict[int, tuple[list[str], bool]] = {0: ([], False)}
    for i in range(n):
        if i not in best or (i and token[i - 1] in BREAKABLE):
            continue
        done, stranger = best[i]
        for j in range(i + 1, n + 1):
            piece = token[i:j]
            if (i, j) == (0, n) or piece not in printed:
                continue
            state = ([*done, piece], stranger or piece not in source)
            if j not in best or (state[1] and not best[j][1]):
                best[j] = state
    found = best.get(n)
    return found[0] if found and found[1] else None


def broken_words(source: set[str], pages: list[Page]) -> list[str]:
    """Words of the source printed in pieces, where a piece is no word of the source.

    The pieces are looked for on the same page and the next (a word broken across a page).
    """
    found: list[str] = []
    for n, page in enumerate(pages):
        here = {w.text for w in page.words}
        if not here - source:
            continue
        near = here | ({w.text for w in pages[n + 1].words} if n + 1 < len(pages) else set())
        for token in source:
            if len(token) > 1:
                split = pieces(token, near, source)
                if split and split[0] in here:
                    found.append(f"{'|'.join(split)} (page {n + 1})")
    return sorted(set(found))


def outside(pages: list[Page], margin_pt: dict[int, tuple[float, float]]) -> list[str]:
    """Words printed outside the page, or in a side margin beyond the slack."""
    problems = []
    for n, page in enumerate(pages):
        left, right = margin_pt.get(n, (0.0, 0.0))
        for w in page.words:
            if w.x0 < left - MARGIN_SLACK or w.x1 > page.width - right + MARGIN_SLACK:
                problems.append(
                    f"page {n + 1}: '{w.text[:30]}' at {w.x0:.0f}-{w.x1:.0f} pt, outside the "
                    f"text ({left:.0f}-{page.width - right:.0f} pt)"
                )
    return problems[:10]


def docx_words(path: Path) -> set[str]:
    """Every word of the document: body, tables (nested too), headers and footers."""
    import docx

    document = docx.Document(str(path))
    texts: list[str] = []

    def cells(tables: list) -> None:  # type: ignore[type-arg]
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    texts.extend(p.text for p in document.paragraphs)
    cells(document.tables)
    for section in document.sections:
        for part in (section.footer, section.header):
            texts.extend(p.text for p in part.paragraphs)
    words = {norm(w) for t in texts for w in t.split()}
    # The footer's page fields: "Page 3 of 7".
    words |= {str(n) for n in range(1, 1000)}
    return words


def docx_layout(path: Path, paper: str) -> tuple[list[str], list[tuple[float, float, float]]]:
    """Problems found in the document itself, and each section's (width, left, right) in points.

    A table belongs to the section whose break follows it (Word keeps a section's page setup
    at its end).
    """
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    body = document.element.body
    problems: list[str] = []
    sections: list[tuple[float, float, float]] = []
    pending: list[int] = []  # table widths (twips) waiting for their section
    number = 0

    def close(sect: object) -> None:
        nonlocal number
        number += 1
        size = sect.find(qn("w:pgSz"))  # type: ignore[attr-defined]
        margins = sect.find(qn("w:pgMar"))  # type: ignore[attr-defined]
        width = int(size.get(qn("w:w"))) / TWIPS
        height = int(size.get(qn("w:h"))) / TWIPS
        left = int(margins.get(qn("w:left"))) / TWIPS
        right = int(margins.get(qn("w:right"))) / TWIPS
        sections.append((width, left, right))
        if not paper_ok(width, height, paper):
            problems.append(f"section {number}: {width:.0f} x {height:.0f} pt is not {paper}")
        text = width - left - right
        for table in pending:
            if table / TWIPS > text + 1:
                problems.append(
                    f"section {number}: a table {table / TWIPS:.0f} pt wide on a text width "
                    f"of {text:.0f} pt"
                )
        pending.clear()

    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            grid = child.find(qn("w:tblGrid"))
            cols = [] if grid is None else grid.findall(qn("w:gridCol"))
            pending.append(sum(int(c.get(qn("w:w"))) for c in cols))
        elif child.tag == qn("w:p"):
            ppr = child.find(qn("w:pPr"))
            sect = None if ppr is None else ppr.find(qn("w:sectPr"))
            if sect is not None:
                close(sect)
        elif child.tag == qn("w:sectPr"):
            close(child)
    return problems, sections


def tool(name: str) -> str | None:
    """A program on PATH."""
    return shutil.which(name)


def convert(paths: list[Path], out: Path, soffice: str) -> str:
    """Lay every document out to PDF in one LibreOffice run (it starts slowly: once, not each)."""
    converted = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    return converted.stderr.strip()[:300] if converted.returncode != 0 else ""


def check_document(name: str, paper: str, out: Path, said: str) -> list[str]:
    """Say what is wrong with one written and converted document."""
    path = out / f"{name}.docx"
    problems, sections = docx_layout(path, paper)
    pdf = path.with_suffix(".pdf")
    if not pdf.exists():
        return [*problems, f"LibreOffice did not convert it: {said}"]
    bbox = out / f"{name}.bbox.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(bbox)], check=True)
    pages = read_pdf_words(bbox.read_text(encoding="utf-8"))
    if not pages:
        return [*problems, "the PDF has no pages"]
    for n, page in enumerate(pages):
        if not paper_ok(page.width, page.height, paper):
            problems.append(f"page {n + 1}: {page.width:.0f} x {page.height:.0f} pt, not {paper}")
    # Each page's side margins: the section's, matched by page width (a section turned
    # landscape has another width); the first section of that width wins.
    by_width: dict[int, tuple[float, float]] = {}
    for width, left, right in sections:
        by_width.setdefault(round(width), (left, right))
    margins = {n: by_width.get(round(p.width), (0.0, 0.0)) for n, p in enumerate(pages)}
    problems += outside(pages, margins)
    broken = broken_words(docx_words(path), pages)
    if broken:
        problems.append("words broken inside themselves: " + ", ".join(broken[:10]))
    return problems


def check_all(soffice: str, out: Path) -> Iterator[_check.Result]:
    """Write every document, lay them all out, and check each."""
    written = {
        name: _check.write(command, "docx", out / f"{name}.docx") for name, command, _ in DOCUMENTS
    }
    said = convert([out / f"{n}.docx" for n, p in written.items() if not p], out, soffice)
    for name, _, paper in DOCUMENTS:
        yield name, written[name] or check_document(name, paper, out, said), paper


def find(given: str | None) -> str | None:
    """LibreOffice (the one given, else on PATH), when poppler is there too."""
    soffice = given or tool("soffice") or tool("libreoffice")
    return soffice if tool("pdftotext") is not None else None


def main() -> int:
    """Check every document; say what is wrong with each."""
    return _check.main(
        "check_docx",
        __doc__,
        ("--soffice", "the LibreOffice executable (default: on PATH)"),
        find,
        "LibreOffice or poppler not found (apt-get install libreoffice-writer-nogui poppler-utils)",
        check_all,
        "documents and PDFs",
    )


if __name__ == "__main__":
    sys.exit(main())
