"""A plain (non-editable) wheel carries the shipped factor plans and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_ships_and_finds_the_factor_plans(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("jescore-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for shipped in ("nhs-afc", "njc", "probation-illustrative", "grading/njc-southampton-2015"):
        assert f"jescore/factors/{shipped}.yaml" in names
    # Import from the unpacked wheel only (-I ignores the environment and the working folder).
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import jescore, jescore.loader as l, jescore.references as r;"
        "assert jescore.__file__.startswith(sys.argv[1]), jescore.__file__;"
        "assert str(r.shipped_dir()).startswith(sys.argv[1]);"
        "print(sorted(l.Library().scheme(s).scheme.id for s in r.shipped_schemes()))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['nhs-afc', 'njc', 'probation-illustrative']\n"
