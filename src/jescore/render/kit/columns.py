"""Listings of many rows, one line per row: fast and the same look at any size.

For thousands of jobs (``rank``, ``match`` over many jobs): plain aligned columns, two spaces
apart, every cell made safe and kept on one line. On a terminal, chosen columns give way to fit
its width (a shortened cell ends, or for a path starts, with '…'); piped or written to a file,
every cell is whole.
"""

from __future__ import annotations

from jescore.safety import clean_line


def fixed_columns(
    headers: list[str],
    rows: list[list[str]],
    right: set[int],
    width: int | None = None,
    shrink: tuple[tuple[int, int, bool], ...] = (),
) -> str:
    """Aligned columns, two spaces apart, measured in terminal cells (CJK and emoji take two).

    With a width, columns in ``shrink`` (index, narrowest width, keep the end?) give way in
    that order until the lines fit, or can give no more; a shortened cell ends (or starts) with
    '…'. A path keeps its end, where the file name is.
    """
    from rich.cells import cell_len, set_cell_size  # display width, as the terminal draws it

    rows = [[clean_line(" ".join(c.split())) for c in r] for r in rows]  # one line per cell
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if width is not None:
        for index, narrowest, _ in shrink:
            excess = sum(widths) + 2 * (len(widths) - 1) - width
            if excess <= 0:
                break
            widths[index] = max(narrowest, widths[index] - excess)
        cut = {index: keep_end for index, _, keep_end in shrink}
    else:
        cut = {}

    def fit(i: int, c: str, w: int) -> str:
        if cell_len(c) <= w or i not in cut:
            return c
        if cut[i]:  # keep the end: cut the reversed text, then turn it back
            return "…" + set_cell_size(c[::-1], w - 1)[::-1]
        return set_cell_size(c, w - 1) + "…"

    def pad(i: int, c: str, w: int) -> str:
        fitted = fit(i, c, w)
        gap = " " * max(0, w - cell_len(fitted))
        return gap + fitted if i in right else fitted + gap

    def line(cells: list[str]) -> str:
        parts = [pad(i, c, w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    return "\n".join([line(headers), rule, *map(line, rows)]) + "\n"
