"""Wall time and peak memory of jescore on hostile inputs: each must fail fast and small.

Usage: python benchmarks/hostile.py

Each case is written to a temporary folder and given to `jescore evaluate` as a fresh process;
the script prints the exit code (3 expected), the wall time and the peak memory (max RSS) of
that process alone. Run it from the repository root.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from measure import measure

CASES: dict[str, bytes] = {
    "6 MB file (over the 5 MB limit)": b"#" * (6 * 1024 * 1024),
    "alias bomb (10^9 values)": b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + b"".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n".encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "nesting 100,000 deep": b"job: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "block nesting 100,000 deep": b"- " * 100_000 + b"x\n",
    "4 MB single line": b"job: {title: " + b"x" * (4 * 1024 * 1024) + b"}\n",
    "not UTF-8": "job: café\n".encode("latin-1"),
    "UTF-16 with BOM": "job: x\n".encode("utf-16"),
    "tabs": b"job:\n\ttitle: x\n",
}


def run(argv: list[str]) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak memory (MB) of one process, measured on its own."""
    done = measure(argv)
    return done.code, done.seconds, done.rss_mb


def main() -> None:
    jescore = str(Path(sys.executable).with_name("jescore"))
    print(f"{'case':34} {'exit':>4} {'seconds':>8} {'max RSS MB':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.yaml"
        code, seconds, rss = run([jescore, "evaluate", "examples/vlo.yaml"])
        print(f"{'(valid example, for scale)':34} {code:>4} {seconds:>8.2f} {rss:>10.1f}")
        for name, raw in CASES.items():
            path.write_bytes(raw)
            code, seconds, rss = run([jescore, "evaluate", str(path)])
            print(f"{name:34} {code:>4} {seconds:>8.2f} {rss:>10.1f}")


if __name__ == "__main__":
    main()
