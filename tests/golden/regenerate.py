"""Rewrite the golden results from the examples. Review the diff before committing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

for example in sorted((ROOT / "examples").glob("*.yaml")):
    rel = example.relative_to(ROOT).as_posix()
    for fmt, suffix in (("json", "json"), ("markdown", "md")):
        out = subprocess.run(
            [sys.executable, "-m", "jescore", "evaluate", rel, "--format", fmt],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (ROOT / "tests" / "golden" / f"{example.stem}.{suffix}").write_text(out, encoding="utf-8")
        print(f"wrote tests/golden/{example.stem}.{suffix}")
