"""The GitHub Action: its definition, and its script run against real git repositories.

The script is run the way the action runs it (environment variables for the inputs, files for
GitHub's outputs and step summary) in a temporary repository with a base and a pull request
commit, including a shallow clone that lacks the base.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT

SCRIPT = ROOT / "tools" / "action-compare.sh"


def test_the_action_definition() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"base", "fail-on", "paths", "python-version"}
    assert action["inputs"]["fail-on"]["default"] == "band-change"
    steps = action["runs"]["steps"]
    compare = next(s for s in steps if s.get("id") == "compare")
    for name in ("tripped", "band-changes", "compared"):
        assert action["outputs"][name]["value"] == f"${{{{ steps.compare.outputs.{name} }}}}"
    assert "tools/action-compare.sh" in compare["run"]
    assert compare["env"] == {
        "JESCORE_BASE": "${{ inputs.base }}",
        "JESCORE_FAIL_ON": "${{ inputs.fail-on }}",
        "JESCORE_PATHS": "${{ inputs.paths }}",
    }
    install = " ".join(s.get("run", "") for s in steps)
    assert 'pip install --disable-pip-version-check --quiet "$GITHUB_ACTION_PATH"' in install
    # Every shell step says its shell (a composite action must).
    assert all(s.get("shell") == "bash" for s in steps if "run" in s)


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A repository with a questionnaire on main, and a branch 'pr' that moves it to Band 4."""
    repo = tmp_path / "origin"
    repo.mkdir()
    _git(repo, "init", "--quiet", "--initial-branch=main")
    vlo = (EXAMPLES / "vlo.yaml").read_text(encoding="utf-8")
    (repo / "jobs").mkdir()
    (repo / "jobs" / "vlo.yaml").write_text(vlo, encoding="utf-8")
    (repo / "jobs" / "pso.yaml").write_text(
        (EXAMPLES / "pso.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _git(repo, "add", ".")
    _git(repo, "commit", "--quiet", "-m", "base")
    _git(repo, "checkout", "--quiet", "-b", "pr")
    # Knowledge 4 -> 5 is worth +40: 374 -> 414, Band 3 -> Band 4 (see the README).
    raised = vlo.replace("  knowledge:\n    level: 4", "  knowledge:\n    level: 5", 1)
    assert raised != vlo
    (repo / "jobs" / "vlo.yaml").write_text(raised, encoding="utf-8")
    _git(repo, "commit", "--quiet", "-am", "raise knowledge")
    return repo


def _run(clone: Path, tmp_path: Path, **env: str) -> tuple[int, str, dict[str, str], str]:
    output = tmp_path / "github_output"
    summary = tmp_path / "step_summary"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    environ = {
        **os.environ,
        "JESCORE_COMMAND": f"{sys.executable} -m jescore",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_BASE_REF": "main",
        **env,
    }
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=clone, env=environ, capture_output=True, text=True, check=False
    )
    outputs = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    )
    return done.returncode, done.stdout + done.stderr, outputs, summary.read_text(encoding="utf-8")


def test_a_band_change_trips_the_gate(origin: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    code, log, outputs, summary = _run(clone, tmp_path)
    assert code == 1, log
    assert outputs == {"tripped": "true", "band-changes": "1", "compared": "1"}
    assert "jescore: jobs/vlo.yaml: Band 3 → Band 4" in log
    assert "gate band-change: TRIPPED" in log
    assert "Band 4" in summary


def test_the_gate_can_be_relaxed(origin: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_FAIL_ON="band-down")
    assert code == 0, log
    assert outputs == {"tripped": "false", "band-changes": "1", "compared": "1"}


def test_a_shallow_clone_without_the_base_fetches_it(origin: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    _git(
        tmp_path,
        "clone",
        "--quiet",
        "--depth=1",
        "--single-branch",
        "--branch",
        "pr",
        origin.as_uri(),
        str(clone),
    )
    assert "origin/main" not in _git(clone, "branch", "-r")
    code, log, outputs, _ = _run(clone, tmp_path)
    assert code == 1, log
    assert outputs["band-changes"] == "1"


def test_paths_limit_what_is_compared(origin: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_PATHS="jobs/pso.yaml")
    assert code == 0, log
    assert outputs == {"tripped": "false", "band-changes": "0", "compared": "1"}
    assert "jobs/pso.yaml" in log


def test_a_base_that_cannot_be_found_is_a_usage_error(origin: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    code, log, _, _ = _run(clone, tmp_path, JESCORE_BASE="origin/no-such-branch")
    assert code == 2
    assert "::error title=jescore::the base revision 'origin/no-such-branch'" in log
    code, log, _, _ = _run(clone, tmp_path, GITHUB_BASE_REF="")
    assert code == 2
    assert "no base revision" in log


def test_names_from_the_repository_cannot_write_workflow_commands(
    origin: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    evil = clone / "jobs" / "x\n::set-output name=tripped::false.yaml"
    evil.write_text((clone / "jobs" / "vlo.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, log, _, _ = _run(clone, tmp_path)
    assert code == 1
    assert "jobs/x\\x0a::set-output name=tripped::false.yaml: Added" in log
    assert not any(line.startswith("::set-output") for line in log.splitlines())
