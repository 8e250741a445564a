"""Render every HTML page jescore writes in headless Chromium, and fail on what a reader would see.

Usage: python tools/check_html.py [--out DIR] [--chromium PATH]

For each page in PAGES: jescore writes it, then the check

- refuses external assets (the pages must be self-contained: no src/href to http(s), no url()
  to http(s));
- opens a copy with a small script added in Chromium, at a desktop and at a phone width, and
  fails on any console message from the page (jescore's pages have no scripts of their own, so
  any message is an error: a parse error, a blocked resource), on a page with no text, on a
  page wider than the window (the reader would have to scroll sideways), on a table scrolling
  inside its box at desktop width (it would be cut when printed), and on a word broken across
  two lines inside it ("Differe/nce" in a narrow column);
- takes a screenshot of the page as written (full height, desktop width) and fails when it is
  blank (one colour);
- prints it to PDF as the browser's print does, and fails on a page size other than the one
  the page asks for (A4), and on content wider than the printable width (laid out at the
  width of the A4 page less its margins, nothing may stick out: it would be cut off);
- turns the PDF's pages into PNG images for a person to look at;

and writes the pages and the PNG screenshots to DIR for a person to look at. Exit 0 when every
page passes, 1 when one fails, 2 when Chromium is not there.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # _check.py, beside this file
import _check  # noqa: E402

#: Every HTML page jescore can produce: a name and the command (without format and output).
PAGES: list[tuple[str, list[str]]] = [
    ("evaluate", ["evaluate", "examples/vlo.yaml"]),
    ("evaluate-many", ["evaluate", "examples/vlo.yaml", "examples/po.yaml", "examples/pso.yaml"]),
    ("match", ["match", "examples/nhs-nurse.yaml", "examples/profiles"]),
    ("appeal", ["appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml"]),
    ("panel", ["panel", "examples/panel"]),
    (
        "equalpay",
        [
            "equalpay",
            *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
            "examples/njc-library-assistant.yaml",
            "--staff",
            "examples/equalpay/staff.csv",
            "--pay-basis",
            "fte",
        ],
    ),
    ("scheme-audit", ["scheme", "audit", "nhs-afc"]),
    (
        "paymodel",
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
    ),
    (
        "neutrality",
        [
            "neutrality",
            *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
            "examples/njc-library-assistant.yaml",
        ],
    ),
    (
        "neutrality-pay",
        [
            "neutrality",
            "tests/fixtures/neutrality",
            "--staff",
            "tests/fixtures/neutrality/staff.csv",
            "--pay-basis",
            "basic",
        ],
    ),
    (
        "paygap",
        [
            "paygap",
            *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
            "examples/njc-library-assistant.yaml",
            "--staff",
            "examples/paygap/staff.csv",
            "--snapshot",
            "2027-04-05",
            "--report-date",
            "2027-06-07",
        ],
    ),
]
WIDTHS = (1280, 600)
#: The printable width of A4 (210 mm less 14 mm margins each side) in CSS pixels (96 per inch).
PRINT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)
#: A4 in PostScript points, as pdfinfo reports it (give or take a point).
A4_POINTS = (595.0, 842.0)
MARK = "jescore-check:"
PROBE = f"""<script>
addEventListener("load", () => {{
  const root = document.documentElement;
  // Words of letters broken across lines ("Differe/nce"): a narrow column must wrap between
  // words, never inside one. Long tokens (hashes, paths) may break; plain words may not.
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    for (const m of node.data.matchAll(/[A-Za-z]{{2,20}}/g)) {{
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }}
  }}
  // Boxes whose content is wider than they are (a table scrolling inside its box).
  const scrolled = [...document.querySelectorAll("body *")].filter(
    e => getComputedStyle(e).overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1).length;
  // Printed, a box that scrolls shows only what fits: count boxes wider than the page, or
  // whose content is wider than they are, in print styles.
  const printed = [...document.querySelectorAll("body *")].filter(
    e => e.getBoundingClientRect().right > innerWidth + 1
      || (!(e instanceof SVGElement) && e.scrollWidth > e.clientWidth + 1)
  ).length;
  console.log("{MARK} text=" + document.body.innerText.trim().length + " printed=" + printed
    + " scrolled=" + scrolled
    + " width=" + root.scrollWidth + " window=" + innerWidth + " height=" + root.scrollHeight
    + " broken=" + broken.length + " words=" + (broken.slice(0, 5).join(",") || "-"));
}});
</script>"""
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:""", re.I)
CONSOLE = re.compile(r':CONSOLE[^\]]*\] "(.*)", source: ')


def chromium_path(given: str | None) -> str | None:
    """The Chromium to use: the one given, else the first on PATH."""
    if given:
        return given
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if found := shutil.which(name):
            return found
    return None


def run_chromium(browser: str, args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with console messages logged to stderr."""
    base = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ]
    return subprocess.run(
        [*base, *args, url], capture_output=True, text=True, timeout=120, check=False
    )


def png_colours(path: Path, limit: int = 2) -> int:
    """How many different pixel values a PNG holds, counting up to ``limit`` (8-bit RGB/RGBA)."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"{path}: only 8-bit RGB or RGBA screenshots are read")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    seen: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        method = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif method == 4:
                corner = previous[i - channels] if i >= channels else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        for x in range(0, stride, channels * 7):  # a sample of each row is plenty
            seen.add(bytes(line[x : x + channels]))
            if len(seen) >= limit:
                return len(seen)
        previous = line
    return len(seen)


def check_page(browser: str, name: str, command: list[str], out: Path) -> list[str]:
    """Write one page, check it, screenshot it; return what is wrong ([] when nothing)."""
    page = out / f"{name}.html"
    problems = _check.write(command, "html", page)
    if problems:
        return problems
    html = page.read_text(encoding="utf-8")
    problems += [f"external asset: {m.group(0)}" for m in EXTERNAL.finditer(html)]
    probe = out / f".{name}.probe.html"
    probe.write_text(html.replace("</body>", PROBE + "\n</body>", 1), encoding="utf-8")
    height = 2000
    # Printed, the page takes its print styles: laid out with them, at the printable width.
    printed = out / f".{name}.print.html"
    printed.write_text(
        html.replace("</body>", PROBE + "\n</body>", 1).replace("@media print", "@media all"),
        encoding="utf-8",
    )
    for width in (*WIDTHS, PRINT_WIDTH):
        url = (printed if width == PRINT_WIDTH else probe).as_uri()
        result = run_chromium(browser, [f"--window-size={width},900", "--dump-dom"], url)
        messages = CONSOLE.findall(result.stderr)
        report = [m for m in messages if m.startswith(MARK)]
        for message in messages:
            if not message.startswith(MARK):
                problems.append(f"console at {width}px: {message}")
        if not report:
            problems.append(f"the page did not finish loading at {width}px")
            continue
        facts = dict(item.split("=") for item in report[-1][len(MARK) :].split())
        if int(facts["text"]) == 0:
            problems.append(f"no text on the page at {width}px")
        if int(facts["broken"]):
            problems.append(
                f"{facts['broken']} words broken across lines at {width}px (e.g. {facts['words']})"
            )
        if width == WIDTHS[0] and int(facts["scrolled"]):
            problems.append(
                f"{facts['scrolled']} boxes scroll sideways at {width}px: a table is wider than "
                "the page (and would be cut when printed)"
            )
        if width == PRINT_WIDTH and int(facts["printed"]):
            problems.append(
                f"{facts['printed']} boxes wider than the printable width of A4 ({width}px): "
                "they would be cut off when printed"
            )
        if int(facts["width"]) > int(facts["window"]):
            problems.append(
                f"wider than the window at {width}px ({facts['width']}px): the reader must "
                "scroll sideways"
            )
        if width == WIDTHS[0]:
            height = min(max(int(facts["height"]), 600), 12000)
    probe.unlink()
    printed.unlink()
    for width in WIDTHS:
        shot = out / f"{name}-{width}.png"
        shot.unlink(missing_ok=True)
        size = f"{width},{height if width == WIDTHS[0] else 1400}"
        run_chromium(browser, [f"--window-size={size}", f"--screenshot={shot}"], page.as_uri())
        if not shot.exists():
            problems.append(f"no screenshot at {width}px")
        elif png_colours(shot) < 2:
            problems.append(f"the screenshot at {width}px is blank (one colour)")
    problems += check_print(browser, name, page, out)
    return problems


#: A page and a word in ``pdftotext -bbox`` output.
PDF_PAGE = re.compile(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', re.S)
PDF_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"[^>]*>([^<]*)</word>')


def _pages(bbox: str) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page of ``pdftotext -bbox`` output: its width and its words (left, right, text)."""
    return [
        (float(m[1]), [(float(w[1]), float(w[2]), w[3]) for w in PDF_WORD.finditer(m[2])])
        for m in PDF_PAGE.finditer(bbox)
    ]


def check_print(browser: str, name: str, page: Path, out: Path) -> list[str]:
    """Print the page to PDF; check its paper; write its pages as PNG images."""
    pdf = out / f"{name}.pdf"
    pdf.unlink(missing_ok=True)
    run_chromium(browser, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], page.as_uri())
    if not pdf.exists():
        return ["no PDF printed"]
    problems = []
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
        sizes = re.findall(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
        for w, h in sizes:
            size = sorted((float(w), float(h)))
            if abs(size[0] - A4_POINTS[0]) > 2 or abs(size[1] - A4_POINTS[1]) > 2:
                problems.append(f"printed on {w} x {h} pt paper, not A4")
    if shutil.which("pdftotext"):  # every word inside its page: none cut at the edge
        box = subprocess.run(
            ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=False
        ).stdout
        for n, (width, words) in enumerate(_pages(box), 1):
            outside = [w for x0, x1, w in words if x0 < 0 or x1 > width]
            if outside:
                problems.append(
                    f"page {n}: {len(outside)} words outside the page (e.g. "
                    f"{', '.join(outside[:3])})"
                )
    if shutil.which("pdftoppm"):
        for old in out.glob(f"{name}-page-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(out / f"{name}-page")], check=False
        )
    return problems


def check_all(browser: str, out: Path) -> Iterator[_check.Result]:
    """Check every page."""
    for name, command in PAGES:
        shots = ", ".join(f"{name}-{w}.png" for w in WIDTHS)
        yield name, check_page(browser, name, command, out), shots


def main() -> int:
    """Check every page; say what is wrong with each."""
    return _check.main(
        "check_html",
        __doc__,
        ("--chromium", "the Chromium executable (default: found on PATH)"),
        chromium_path,
        "Chromium not found (apt-get install chromium)",
        check_all,
        "pages and screenshots",
    )


if __name__ == "__main__":
    sys.exit(main())
