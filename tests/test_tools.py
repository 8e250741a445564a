"""The browser check's own parts that need no browser: reading screenshots, spotting assets."""

from __future__ import annotations

import importlib.util
import struct
import zlib
from pathlib import Path
from types import ModuleType

from .conftest import ROOT


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_html", ROOT / "tools" / "check_html.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png(path: Path, rows: list[list[tuple[int, int, int]]], method: int) -> Path:
    """An 8-bit RGB PNG; every row stored with one filter method (0 none, 1 sub, 2 up)."""
    raw = b""
    previous = [0] * (len(rows[0]) * 3)
    for row in rows:
        flat = [c for pixel in row for c in pixel]
        if method == 1:
            stored = [(v - (flat[i - 3] if i >= 3 else 0)) & 0xFF for i, v in enumerate(flat)]
        elif method == 2:
            stored = [(v - previous[i]) & 0xFF for i, v in enumerate(flat)]
        else:
            stored = flat
        raw += bytes([method, *stored])
        previous = flat

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def test_a_blank_screenshot_has_one_colour(tmp_path: Path) -> None:
    tool = _tool()
    white = (255, 255, 255)
    for method in (0, 1, 2):
        blank = _png(tmp_path / f"blank{method}.png", [[white] * 9] * 4, method)
        assert tool.png_colours(blank) == 1
        rows = [[white] * 9, [(0, 0, 0)] + [white] * 8, [white] * 9]
        text = _png(tmp_path / f"text{method}.png", rows, method)
        assert tool.png_colours(text) == 2


def test_external_assets_are_spotted() -> None:
    tool = _tool()
    assert tool.EXTERNAL.search('<img src="https://example.invalid/x.png">')
    assert tool.EXTERNAL.search("<link rel=stylesheet href='http://x.invalid/a.css'>")
    assert tool.EXTERNAL.search("body { background: url( 'https://x.invalid/b.png') }")
    assert not tool.EXTERNAL.search("<p>See https://www.nhsemployers.org for the handbook</p>")
    page = (ROOT / "tests" / "golden" / "appeal" / "vlo.html").read_text(encoding="utf-8")
    assert not tool.EXTERNAL.search(page)


def test_a_sign_off_block_across_two_pages_is_spotted() -> None:
    # Both checks (HTML in Chromium, Word in LibreOffice) use the one rule in _check.py.
    shared = _tool()._check
    line = ["A.", "Patel:", "____", "Date:", "____"]
    whole = [["Decisions"], ["Sign-off", *line, *line], ["Sign-off", *line, "Provenance"]]
    # As LibreOffice printed the panel record before: one line at the foot, three overleaf.
    split = [["Sign-off", *line], [*line, *line, "Provenance", "Date:"]]
    assert shared.split_sign_off(whole) == []
    assert shared.split_sign_off([["Sign-off"], []]) == []  # a heading with no lines
    assert shared.split_sign_off(split) == ["a sign-off block starts on page 1 and ends on page 2"]
