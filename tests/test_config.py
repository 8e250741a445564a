"""Project configuration: jescore.toml or [tool.jescore] in pyproject.toml, found upwards."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .harness import run

JOB = """\
job: {title: Clerk}
scheme: ../schemes/mini-scheme.yaml
factors:
  skill: {level: %d}
  effort: {level: 2}
  care: {level: 1}
"""

#: How messages name a jescore.toml one folder up (with this system's separator).
ABOVE = str(Path("..") / "jescore.toml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository: schemes/ beside jobs/, run from jobs/ (the scheme lies outside it)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "schemes").mkdir()
    (root / "jobs").mkdir()
    (root / "schemes" / "mini-scheme.yaml").write_text(
        (FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root / "jobs" / "clerk.yaml").write_text(JOB % 2, encoding="utf-8")
    monkeypatch.chdir(root / "jobs")
    return root


def test_without_configuration_the_scheme_outside_is_refused(project: Path) -> None:
    code, _, err = run("evaluate", "clerk.yaml")
    assert code == 3 and "--allow-dir" in err
    assert "project configuration" not in err


def test_allowed_folders_and_default_format_from_jescore_toml(project: Path) -> None:
    text = 'allow_dirs = ["schemes"]\n\n[formats]\nevaluate = "json"\n'
    (project / "jescore.toml").write_text(text, encoding="utf-8")
    code, out, err = run("evaluate", "clerk.yaml")
    assert code == 0, err
    data = json.loads(out)  # JSON by default now
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert data["config"] == {"path": ABOVE, "sha256": sha}
    assert f"note: using the project configuration {ABOVE}" in err
    assert data["evaluations"][0]["score"]["total"] == 36  # 20 + 15 + 1
    # An option on the command line wins over the file.
    code, out, _ = run("evaluate", "clerk.yaml", "-f", "table")
    assert code == 0 and out.startswith("Clerk")


def test_pyproject_tool_table_found_from_a_subfolder(project: Path) -> None:
    (project / "jobs" / "pyproject.toml").write_text(
        '[project]\nname = "not-for-jescore"\n', encoding="utf-8"
    )  # no [tool.jescore]: the search goes on upwards
    (project / "pyproject.toml").write_text(
        '[project]\nname = "jobs"\n\n[tool.jescore]\nallow_dirs = ["schemes"]\n'
        'bands = "schemes/bands.yaml"\n',
        encoding="utf-8",
    )
    (project / "schemes" / "bands.yaml").write_text(
        "name: Two bands\nscheme: mini\nbands:\n  - {label: low, min: 0, max: 39}\n"
        "  - {label: high, min: 40}\n",
        encoding="utf-8",
    )
    code, out, err = run("evaluate", "clerk.yaml", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["config"]["path"] == str(Path("..") / "pyproject.toml")
    assert data["evaluations"][0]["score"]["band"]["label"] == "low"  # the configured bands
    code, out, _ = run("evaluate", "clerk.yaml", "-f", "json", "--bands", "../schemes/bands.yaml")
    assert code == 0


def test_the_search_stops_at_the_repository_root(project: Path) -> None:
    # A configuration above the repository is not this project's.
    (project.parent / "jescore.toml").write_text('allow_dirs = ["repo/schemes"]\n', "utf-8")
    code, _, err = run("evaluate", "clerk.yaml")
    assert code == 3 and "project configuration" not in err


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('allow_dirs = ["schemes"]\ncolour = true\n', 2, "colour: unknown key"),
        ('allow_dirs = "schemes"\n', 1, "allow_dirs: must be a list of folder paths"),
        ('allow_dirs = ["schemes"\n', 1, "invalid TOML"),
        ("\n\n[gate]\ncompare = 3\n", 4, "gate.compare: must be text"),
        ("[gate]\nmerge = 'band-up'\n", 2, "gate.merge: unknown key"),
        ("[formats]\ncompare = 'csv'\n", 2, "'csv' is not a format 'compare' writes"),
        ("[gate]\ncompare = 'sometimes'\n", 2, "gate.compare: 'sometimes' is not one of"),
        ("\n[formats]\nevalute = 'json'\n", 3, "formats.evalute: no command of that name"),
    ],
)
def test_bad_configuration_is_a_usage_error_with_its_line(
    project: Path, text: str, line: int, message: str
) -> None:
    (project / "jescore.toml").write_text(text, encoding="utf-8")
    (project / "jobs" / "new.yaml").write_text(JOB % 3, encoding="utf-8")
    code, out, err = run("compare", "clerk.yaml", "new.yaml")
    assert code == 2 and out == ""
    assert f"{ABOVE}:{line}: " in err
    assert message in err
    assert "Traceback" not in err


def test_gate_settings_apply_to_compare_and_check(project: Path) -> None:
    (project / "jescore.toml").write_text(
        'allow_dirs = ["schemes"]\n[gate]\ncompare = "band-up"\ncheck = "outlier"\n',
        encoding="utf-8",
    )
    (project / "jobs" / "new.yaml").write_text(JOB % 3, encoding="utf-8")  # 36 -> 56: B -> C
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}

    def jescore(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "jescore", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    assert jescore("compare", "clerk.yaml", "new.yaml").returncode == 1  # the configured gate
    assert jescore("compare", "clerk.yaml", "new.yaml", "--fail-on", "never").returncode == 0
    assert jescore("compare", "new.yaml", "clerk.yaml").returncode == 0  # down, not up
    done = jescore("check", ".", "-f", "json")
    assert done.returncode == 0, done.stderr  # no outliers among two jobs
    assert json.loads(done.stdout)["config"]["path"] == ABOVE


@pytest.mark.posix
def test_the_gate_trips_when_the_configured_bands_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both sides of compare --git are scored with today's configuration: a change to the
    grading its 'bands' names moves bands with no questionnaire changing, so the gate trips."""
    root = tmp_path / "repo"
    (root / "schemes").mkdir(parents=True)
    (root / "jobs").mkdir()
    (root / "schemes" / "mini-scheme.yaml").write_text(
        (FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    bands = (FIXTURES / "mini-bands.yaml").read_text(encoding="utf-8")
    (root / "schemes" / "bands.yaml").write_text(bands, encoding="utf-8")
    (root / "jobs" / "clerk.yaml").write_text(JOB % 2, encoding="utf-8")  # 36: 'high'
    (root / "jescore.toml").write_text(
        'allow_dirs = ["schemes"]\nbands = "schemes/bands.yaml"\n', encoding="utf-8"
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "base"], check=True)
    monkeypatch.chdir(root)
    code, _, err = run("compare", "--git", "HEAD", "--fail-on", "band-change")
    assert code == 0, err  # nothing changed
    moved = bands.replace("max: 35", "max: 36").replace("min: 36", "min: 37")
    assert moved != bands
    (root / "schemes" / "bands.yaml").write_text(moved, encoding="utf-8")  # 36 is now 'low'
    code, _, err = run("compare", "--git", "HEAD", "--fail-on", "band-change")
    assert code == 1, err
    assert "the project configuration, or the grading structure its 'bands' names" in err
    code, _, err = run("compare", "--git", "HEAD", "--fail-on", "never")
    assert code == 0, err
