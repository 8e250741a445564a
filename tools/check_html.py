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

and writes the pages and the PNG screenshots to DIR for a person to look at. Exit 0 when every
page passes, 1 when one fails, 2 when Chromium is not there.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Every HTML page jescore can produce: a name and the command (without format and output).
PAGES: list[tuple[str, list[str]]] = [
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
  console.log("{MARK} text=" + document.body.innerText.trim().length
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
    done = subprocess.run(
        [sys.executable, "-m", "jescore", *command, "--format", "html", "-o", str(page), "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return [f"jescore exited {done.returncode}: {done.stderr.strip()[:500]}"]
    html = page.read_text(encoding="utf-8")
    problems = [f"external asset: {m.group(0)}" for m in EXTERNAL.finditer(html)]
    probe = out / f".{name}.probe.html"
    probe.write_text(html.replace("</body>", PROBE + "\n</body>", 1), encoding="utf-8")
    height = 2000
    for width in WIDTHS:
        result = run_chromium(browser, [f"--window-size={width},900", "--dump-dom"], probe.as_uri())
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
        if int(facts["width"]) > int(facts["window"]):
            problems.append(
                f"wider than the window at {width}px ({facts['width']}px): the reader must "
                "scroll sideways"
            )
        if width == WIDTHS[0]:
            height = min(max(int(facts["height"]), 600), 12000)
    probe.unlink()
    for width in WIDTHS:
        shot = out / f"{name}-{width}.png"
        shot.unlink(missing_ok=True)
        size = f"{width},{height if width == WIDTHS[0] else 1400}"
        run_chromium(browser, [f"--window-size={size}", f"--screenshot={shot}"], page.as_uri())
        if not shot.exists():
            problems.append(f"no screenshot at {width}px")
        elif png_colours(shot) < 2:
            problems.append(f"the screenshot at {width}px is blank (one colour)")
    return problems


def main() -> int:
    """Check every page; say what is wrong with each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for pages and screenshots")
    parser.add_argument("--chromium", help="the Chromium executable (default: found on PATH)")
    args = parser.parse_args()
    browser = chromium_path(args.chromium)
    if browser is None:
        print("check_html: Chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="jescore-html-"))
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, command in PAGES:
        problems = check_page(browser, name, command, out)
        shots = ", ".join(f"{name}-{w}.png" for w in WIDTHS)
        if problems:
            failed = True
            print(f"check_html: FAIL {name}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"check_html: ok {name} ({shots})")
    print(f"check_html: pages and screenshots in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
