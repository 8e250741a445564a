"""Measuring one process on its own: the helper the benchmark scripts share."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple


def jescore() -> str:
    """The jescore command of the Python running the benchmark, else the one on PATH.

    Exits with a message, not a traceback, when neither is installed.
    """
    beside = Path(sys.executable).with_name("jescore")
    found = str(beside) if beside.is_file() else shutil.which("jescore")
    if found is None:
        sys.exit(
            "jescore is not installed for this Python nor on PATH: install it first "
            "(pip install -e .) and run the benchmark with the same Python"
        )
    return found


class Run(NamedTuple):
    """Exit code, wall seconds, CPU seconds (user + system) and peak memory in MB."""

    code: int
    seconds: float
    cpu: float
    rss_mb: float


def measure(argv: list[str]) -> Run:
    """Run a command with its output discarded; its own usage comes from wait4."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    return Run(
        os.waitstatus_to_exitcode(status),
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
    )
