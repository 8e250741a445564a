"""Wall time and peak memory of jescore on hostile inputs: each must fail fast and small.

Usage: python benchmarks/hostile.py

Each case is written to a temporary folder and given to `jescore evaluate` as a fresh process;
the script prints the exit code (3 expected), the wall time and the peak memory (max RSS).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    jescore = str(Path(sys.executable).with_name("jescore"))
    print(f"{'case':34} {'exit':>4} {'seconds':>8} {'max RSS MB':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, raw in CASES.items():
            path = Path(tmp) / "case.yaml"
            path.write_bytes(raw)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            done = subprocess.run([jescore, "evaluate", str(path)], capture_output=True)
            seconds = time.perf_counter() - start
            rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            print(f"{name:34} {done.returncode:>4} {seconds:>8.2f} {rss / 1024:>10.1f}")


if __name__ == "__main__":
    main()
