"""What the output checks share: command line, writing each output with jescore, the report.

check_html.py and check_docx.py use it. Each check writes every output it knows from the
shipped examples into one folder (--out, else a new temporary one), checks each, and says per
output ``NAME: ok OUTPUT (DETAIL)`` or ``NAME: FAIL OUTPUT`` and its problems. Exit 0 when
every output passes, 1 when one fails, 2 when the program the check needs is not there.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: One output checked: its name, what is wrong with it ([] when nothing), and what an ok
#: line says after the name.
Result = tuple[str, list[str], str]


def write(command: list[str], output_format: str, path: Path) -> list[str]:
    """Write one output with jescore; what went wrong, if anything."""
    done = subprocess.run(
        [sys.executable, "-m", "jescore", *command, "--format", output_format, "-o", str(path)]
        + ["--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return [f"jescore exited {done.returncode}: {done.stderr.strip()[:500]}"]
    return []


def main(
    name: str,
    doc: str,
    program: tuple[str, str],
    find: Callable[[str | None], str | None],
    missing: str,
    check: Callable[[str, Path], Iterable[Result]],
    kept: str,
) -> int:
    """Run a check from its command line: ``--out DIR`` and the option naming its program.

    ``program`` is that option and its help; ``find`` the program to use given the option's
    value (None when it is not there, said as ``missing`` with exit 2); ``check(program, out)``
    checks every output written in ``out``; ``kept`` says what the folder holds.
    """
    option, option_help = program
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, help=f"folder for the {kept}")
    parser.add_argument(option, help=option_help)
    args = parser.parse_args()
    found = find(getattr(args, option.lstrip("-").replace("-", "_")))
    if found is None:
        print(f"{name}: {missing}", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix=f"jescore-{name.removeprefix('check_')}-"))
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for output, problems, detail in check(found, out):
        if problems:
            failed = True
            print(f"{name}: FAIL {output}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"{name}: ok {output} ({detail})")
    print(f"{name}: {kept} in {out}")
    return 1 if failed else 0
