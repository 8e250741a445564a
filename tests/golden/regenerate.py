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

(ROOT / "tests" / "golden" / "appeal").mkdir(exist_ok=True)
for fmt in ("markdown", "csv", "json", "html"):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "jescore",
            "appeal",
            "examples/vlo.yaml",
            "examples/vlo-claim.yaml",
            "--format",
            fmt,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    suffix = {"markdown": "md"}.get(fmt, fmt)
    (ROOT / "tests" / "golden" / "appeal" / f"vlo.{suffix}").write_text(out, encoding="utf-8")
    print(f"wrote tests/golden/appeal/vlo.{suffix}")

# The README's console examples, except excerpts (with '...' lines), which are kept by hand.
sys.path.insert(0, str(ROOT))
from tests.readme import README, examples, output  # noqa: E402

text = README.read_text(encoding="utf-8")
for example in reversed(examples(text)):  # from the end, so earlier offsets stay valid
    if not example.excerpt:
        shown = "\n".join(output(example.command)) + "\n"
        text = text[: example.start] + shown + text[example.end :]
README.write_text(text, encoding="utf-8")
print("rewrote the README's console examples")
