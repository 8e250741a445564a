r"""Text from strangers, made safe to show: terminals, messages, markdown and spreadsheets.

Questionnaires and schemes arrive in pull requests and staff files, so any text in them may try
to act on whatever displays it:

- control characters (C0, DEL, C1) and Unicode direction overrides can recolour or retitle a
  terminal, hide text or make it read backwards: :func:`clean` shows each as a visible escape
  (``\\x1b``, ``\\u202e``), so a reader sees that something was there;
- a message must never repeat a whole file or a huge value: :func:`excerpt` gives a short,
  one-line, cleaned piece;
- markdown would turn ``![x](http://...)`` into an image fetched from someone's server:
  :func:`md_text` escapes what markdown and inline HTML would interpret;
- a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return as a formula: :func:`csv_cell` defuses it.

This module imports nothing of jescore's, so errors, the loader and every renderer can use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Characters never shown as they are: C0 controls but tab and newline, DEL, C1 controls, the
#: Arabic letter mark, left-to-right and right-to-left marks, line and paragraph separators,
#: the bidi embeddings, overrides and isolates, the byte-order mark in mid-text, invisible
#: characters that can hide text (zero-width space, word joiner and invisible operators,
#: deprecated format characters, interlinear annotations, tag characters), and lone
#: surrogates (a file name's bytes that are not UTF-8, as Python keeps them: no output could
#: encode them), and the noncharacters (never text; XML, so Word, refuses them).
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f"
    "\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
)
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
#: The same, and tab and newline too: for text that must stay on one line.
_UNSAFE_LINE_RE = re.compile(f"[\t\n{_UNSAFE}]")
#: Text that YAML can turn into an unsafe character: one present as it is, or a backslash
#: escape in a double-quoted scalar ("\e", "\x9b", "\u202e").
_MAY_HOLD_UNSAFE_RE = re.compile(f"[\\\\{_UNSAFE}]")

#: Longest piece of a value that a message repeats.
EXCERPT = 60


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean(text: str) -> str:
    """``text`` with every unsafe character shown as a visible escape; newlines and tabs kept."""
    if _UNSAFE_RE.search(text) is None:  # the usual case, at C speed
        return text
    return _UNSAFE_RE.sub(_escape, text)


#: The colour codes jescore's own text layout writes (bold or dim, one of six colours, reset),
#: and nothing else: no blink, conceal, 256-colour or true-colour codes.
_SGR_RE = re.compile(r"\x1b\[(?:0|[12]|(?:[12];)?3[1-6])m")


def clean_output(text: str, colour: bool = False) -> str:
    """Output made safe at the boundary, whatever a renderer did before.

    Every unsafe character is shown as a visible escape; newlines and tabs are kept. With
    ``colour``, the colour codes of jescore's own layout (SGR sequences) are kept too, and
    nothing else: no cursor movement, no title or hyperlink sequences.
    """
    if _UNSAFE_RE.search(text) is None:
        return text
    if not colour:
        return _UNSAFE_RE.sub(_escape, text)
    pieces = _SGR_RE.split(text)
    codes = _SGR_RE.findall(text)
    out = [_UNSAFE_RE.sub(_escape, pieces[0])]
    for code, piece in zip(codes, pieces[1:], strict=True):
        out += [code, _UNSAFE_RE.sub(_escape, piece)]
    return "".join(out)


def clean_line(text: str) -> str:
    """``text`` made safe on one line: newlines and tabs are escaped too."""
    if _UNSAFE_LINE_RE.search(text) is None:
        return text
    return _UNSAFE_LINE_RE.sub(_escape, text)


def may_hold_unsafe(text: str) -> bool:
    r"""Whether a YAML document's text could yield an unsafe character once parsed.

    YAML readers refuse raw C0 controls and DEL, and fold raw carriage returns into line
    breaks: in ASCII text only a backslash escape ("\\e") can make one. Other text is
    searched.
    """
    if text.isascii():  # known without a scan
        return "\\" in text
    return _MAY_HOLD_UNSAFE_RE.search(text) is not None


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A short, one-line, cleaned piece of a value, saying how much was left out."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text):,} characters)"
    return clean_line(text)


def json_safe(text: str) -> str:
    r"""JSON text with every unsafe character written as a ``\\uXXXX`` escape.

    Lossless: a JSON reader gets the same strings back, but the bytes hold no control
    character or direction override that could act on a terminal showing them.
    """
    if _UNSAFE_RE.search(text) is None:
        return text
    return _UNSAFE_RE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON writes these as a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


# --- markdown --------------------------------------------------------------------------------

#: Characters markdown (CommonMark and GitHub's) or inline HTML would read as markup anywhere
#: in a line: emphasis, code, links and images, autolinks and tags, entities, table cells,
#: strikethrough, maths. CommonMark lets a backslash escape any ASCII punctuation.
_MD_INLINE_RE = re.compile(r"([\\`*_\[\]<>&|~$])")
#: What markup means at the start of a line: headings, lists, quotes, rules, setext lines.
_MD_LINE_START_RE = re.compile(r"^(\s*)([#>+=-]|[0-9]+(?=[.)]))")


def md_text(value: object) -> str:
    """Text shown as itself in markdown, on one line (fit for a table cell or a list item).

    Newlines become spaces; control characters are shown as escapes; markup characters are
    backslash-escaped, so ``![x](http://...)`` and ``<img>`` stay text.
    """
    text = " ".join(str(value).splitlines())
    text = _MD_INLINE_RE.sub(r"\\\1", clean_line(text))
    return _MD_LINE_START_RE.sub(_escape_line_start, text, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    # '# x' becomes '\# x'; '1. x' becomes '1\. x' (the escape goes before the '.' or ')').
    return f"{indent}{mark}\\" if mark[0].isdigit() else f"{indent}\\{mark}"


def md_code(value: object) -> str:
    """Text as a markdown code span, whatever backticks it holds."""
    text = clean_line(" ".join(str(value).splitlines()))
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- spreadsheets ----------------------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a quote (').

    Numbers jescore computed (``-20``) stay numbers: they cannot be formulas. Control
    characters are shown as escapes; newlines inside a cell are kept (CSV quotes them).
    """
    text = clean(value if isinstance(value, str) else str(value))
    if text.startswith(_FORMULA_START) and _NUMBER_RE.match(text) is None:
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text (newline-terminated), every cell through :func:`csv_cell`."""
    import csv  # only CSV output needs it; this module is loaded by every run
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buffer.getvalue()
