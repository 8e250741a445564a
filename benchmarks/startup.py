"""Wall time of jescore's commands against Python's own start-up, medians of interleaved runs.

Usage: python benchmarks/startup.py [RUNS]   (default 20; run from the repository root, in the
virtual environment where jescore is installed)

Prints the median wall time of each command and these ratios:
- `jescore evaluate examples/vlo.yaml` against importing its stack
  (typer, yaml, rich.console, rich.table, pydantic.BaseModel);
- the same against the stack plus defining one one-field pydantic model. `from pydantic import
  BaseModel` is lazy: the first model class imports pydantic's schema machinery, a fixed cost
  that any program validating with pydantic pays. This is the floor for jescore, whose
  questionnaires and schemes are pydantic models;
- the same against the stack plus running a one-argument Typer command: Typer (0.26 and later)
  checks every non-flag argument with a pydantic TypeAdapter, so any Typer command that takes
  an argument pays that same pydantic cost;
- `jescore --version` against `import typer`.

jescore's own modules are byte-compiled first, as `pip install` does, so that an editable
install (whose sources are otherwise compiled on every run when PYTHONDONTWRITEBYTECODE is
set) is measured as users run it.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JESCORE = shutil.which("jescore") or str(Path(PY).with_name("jescore"))

COMMANDS = {
    "python -c pass": [PY, "-c", "pass"],
    "import typer": [PY, "-c", "import typer"],
    "import stack": [
        PY,
        "-c",
        "import typer, yaml, rich.console, rich.table; from pydantic import BaseModel",
    ],
    "import stack + one pydantic model": [
        PY,
        "-c",
        "import typer, yaml, rich.console, rich.table; from pydantic import BaseModel\n"
        "class M(BaseModel):\n    x: int",
    ],
    "import stack + a one-argument Typer command": [
        PY,
        "-c",
        "import typer, yaml, rich.console, rich.table; from pydantic import BaseModel\n"
        "app = typer.Typer()\n"
        "@app.command()\n"
        "def hello(name: str) -> None:\n    print(name)\n"
        "app(['world'])",
    ],
    "jescore --version": [JESCORE, "--version"],
    "jescore evaluate examples/vlo.yaml": [JESCORE, "evaluate", "examples/vlo.yaml"],
    "jescore evaluate examples/vlo.yaml -f json": [
        JESCORE,
        "evaluate",
        "examples/vlo.yaml",
        "-f",
        "json",
    ],
}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    import jescore

    compileall.compile_dir(Path(jescore.__file__).parent, quiet=1)
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for cmd in COMMANDS.values():  # warm the file cache once
        subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, cmd in COMMANDS.items():  # interleaved, so drift hits every command alike
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"median wall time of {runs} interleaved runs (ms):")
    for name, ms in median.items():
        print(f"  {ms:8.1f}  {name}")
    evaluate = median["jescore evaluate examples/vlo.yaml"]
    print(f"evaluate / import stack: {evaluate / median['import stack']:.2f}")
    floor = median["import stack + one pydantic model"]
    print(f"import stack + one pydantic model / import stack: {floor / median['import stack']:.2f}")
    print(f"evaluate / (import stack + one pydantic model): {evaluate / floor:.2f}")
    hello = median["import stack + a one-argument Typer command"]
    stack = median["import stack"]
    print(f"import stack + a one-argument Typer command / import stack: {hello / stack:.2f}")
    print(f"evaluate / (import stack + a one-argument Typer command): {evaluate / hello:.2f}")
    print(f"--version / import typer: {median['jescore --version'] / median['import typer']:.2f}")
    print(f"evaluate / python -c pass: {evaluate / median['python -c pass']:.2f}")


if __name__ == "__main__":
    main()
