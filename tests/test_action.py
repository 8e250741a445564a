"""The GitHub Action: its definition, and its script run against real git repositories.

The script is run the way the action runs it (environment variables for the inputs, files for
GitHub's outputs and step summary) in a temporary repository with a base and a pull request
commit, including a shallow clone that lacks the base.

The log is read the way GitHub's runner reads it (:func:`obeyed`): a line starting with ``::``
after spaces, or holding ``##[`` anywhere, is a workflow command unless commands are stopped
with ``::stop-commands::TOKEN``. Only the script's own ``::error`` lines may be obeyed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT

#: FIFOs, device files, symbolic links and bash: POSIX only (skipped on Windows).
pytestmark = pytest.mark.posix

SCRIPT = ROOT / "tools" / "action-compare.sh"


def test_the_action_definition() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"base", "fail-on", "paths", "python-version", "strict"}
    # No fail-on given: the project configuration's gate (jescore reads it), else band-change.
    assert action["inputs"]["fail-on"]["default"] == ""
    assert action["inputs"]["strict"]["default"] == "false"
    steps = action["runs"]["steps"]
    compare = next(s for s in steps if s.get("id") == "compare")
    assert set(action["outputs"]) == {"result", "tripped", "band-changes", "compared"}
    for name in ("result", "tripped", "band-changes", "compared"):
        assert action["outputs"][name]["value"] == f"${{{{ steps.compare.outputs.{name} }}}}"
    assert "tools/action-compare.sh" in compare["run"]
    assert compare["env"] == {
        "JESCORE_BASE": "${{ inputs.base }}",
        "JESCORE_FAIL_ON": "${{ inputs.fail-on }}",
        "JESCORE_PATHS": "${{ inputs.paths }}",
        "JESCORE_STRICT": "${{ inputs.strict }}",
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
        "JESCORE_PYTHON": sys.executable,
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
    assert outputs == {
        "result": "tripped",
        "tripped": "true",
        "band-changes": "1",
        "compared": "1",
    }
    assert "jescore: jobs/vlo.yaml: Band 3 → Band 4" in log
    assert "gate band-change: TRIPPED" in log
    assert "Band 4" in summary


def test_the_gate_can_be_relaxed(origin: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_FAIL_ON="band-down")
    assert code == 0, log
    assert outputs == {"result": "held", "tripped": "false", "band-changes": "1", "compared": "1"}


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
    assert outputs == {"result": "held", "tripped": "false", "band-changes": "0", "compared": "1"}
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


# --- what the runner obeys --------------------------------------------------------------------


def obeyed(log: str) -> list[str]:
    """The lines of ``log`` that GitHub's runner would act on as workflow commands.

    As actions/runner parses them: a line whose text, after leading spaces, starts with
    ``::NAME`` and holds a second ``::``; or (the older syntax) a line holding ``##[NAME`` and a
    ``]`` anywhere. Between ``::stop-commands::TOKEN`` and ``::TOKEN::`` nothing is obeyed.
    """
    stop: str | None = None
    out: list[str] = []
    for line in re.split(r"\r\n|\r|\n", log):
        text = line.lstrip()
        name = data = None
        if text.startswith("::") and (end := text.find("::", 2)) > 0:
            name, data = text[2:end].split(" ")[0], text[end + 2 :]
        elif (start := line.find("##[")) >= 0 and (end := line.find("]", start)) > 0:
            name, data = line[start + 3 : end].split(" ")[0], line[end + 1 :]
        if name is None:
            continue
        if stop is not None:
            if name == stop:
                stop = None
            continue
        if name == "stop-commands":
            stop = data
            continue
        out.append(line)
    return out


def test_the_runner_model_reads_commands_as_the_runner_does() -> None:
    log = "\n".join(
        [
            "  ::warning::a",  # leading spaces are trimmed
            "x ##[set-output name=a;]b",  # the older syntax, anywhere in a line
            "::stop-commands::tok",
            "::error::hidden",
            "::tok::",
            "::error title=t::shown",
            "jescore: ::error::not at the start",
        ]
    )
    assert obeyed(log) == ["  ::warning::a", "x ##[set-output name=a;]b", "::error title=t::shown"]


def _own_errors_only(log: str) -> None:
    for line in obeyed(log):
        assert line.startswith("::error title=jescore::"), line


def _clone(origin: Path, tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--branch", "pr", origin.as_uri(), str(clone))
    return clone


def test_file_names_and_messages_never_become_commands(origin: Path, tmp_path: Path) -> None:
    clone = _clone(origin, tmp_path)
    vlo = (clone / "jobs" / "vlo.yaml").read_text(encoding="utf-8")
    # jescore names these files at the start of its own messages (invalid YAML) and results.
    (clone / "::error title=owned::pwned.yaml").write_text("a: [\n", encoding="utf-8")
    (clone / "  ::add-mask::x.yaml").write_text("a: [\n", encoding="utf-8")
    (clone / "jobs" / "x ##[set-output name=tripped;]false.yaml").write_text(vlo, encoding="utf-8")
    (clone / "jobs" / "y\r::warning::z.yaml").write_text(vlo, encoding="utf-8")
    code, log, outputs, _ = _run(clone, tmp_path)
    assert code == 3, log
    assert outputs["result"] == "error" and outputs["tripped"] == "false"
    _own_errors_only(log)
    assert "jescore: ::error title=owned::pwned.yaml:2: invalid YAML" in log
    assert "x #\\#[set-output name=tripped;]false.yaml: Added" in log


def test_a_base_starting_with_a_dash_is_not_an_option(origin: Path, tmp_path: Path) -> None:
    clone = _clone(origin, tmp_path)
    marker = tmp_path / "ran"
    for base in (f"--upload-pack=touch {marker};", "-h", "--end-of-options"):
        code, log, outputs, _ = _run(clone, tmp_path, JESCORE_BASE=base)
        assert code == 2, log
        assert outputs == {
            "result": "error",
            "tripped": "false",
            "band-changes": "0",
            "compared": "0",
        }
        assert "is not a branch, tag, ref or commit id (and it cannot start with '-')" in log
        _own_errors_only(log)
    assert not marker.exists()


def test_a_base_that_is_a_refspec_or_holds_escapes_is_refused(origin: Path, tmp_path: Path) -> None:
    clone = _clone(origin, tmp_path)
    code, log, _, _ = _run(clone, tmp_path, JESCORE_BASE="main:refs/heads/evil")
    assert code == 2
    assert "refs/heads/evil" not in _git(clone, "show-ref")
    # A value with '%' is written escaped in the annotation, so %0A stays text.
    code, log, _, _ = _run(clone, tmp_path, JESCORE_BASE="x%0A::set-output name=a::b")
    assert code == 2
    assert "::error title=jescore::the base revision 'x%250A::set-output name=a::b'" in log
    _own_errors_only(log)


def test_a_base_given_as_a_commit_id_is_fetched(origin: Path, tmp_path: Path) -> None:
    base = _git(origin, "rev-parse", "main").strip()
    clone = tmp_path / "shallow"
    _git(tmp_path, "clone", "--quiet", "--depth=1", "--branch", "pr", origin.as_uri(), str(clone))
    _git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_BASE=base)
    assert code == 1, log
    assert outputs["result"] == "tripped"


def _fake_jescore(tmp_path: Path, script: str) -> str:
    fake = tmp_path / "fake-jescore.sh"
    fake.write_text(script, encoding="utf-8")
    return f"bash {fake}"


@pytest.mark.parametrize(
    ("script", "step_code"),
    [
        # A crash: Python's exit code for an uncaught exception is 1, like a tripped gate.
        (
            "echo 'Traceback (most recent call last):' >&2\necho 'KeyError: x' >&2\nexit 1\n",
            4,
        ),
        ("exit 1\n", 4),  # exit 1 without a report that says the gate tripped
        ("exit 3\n", 3),
        ("exit 2\n", 2),
        ("exit 139\n", 4),  # killed by a signal
    ],
)
def test_a_jescore_failure_is_not_a_tripped_gate(
    origin: Path, tmp_path: Path, script: str, step_code: int
) -> None:
    clone = _clone(origin, tmp_path)
    command = _fake_jescore(tmp_path, script)
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_COMMAND=command)
    assert code == step_code, log
    assert outputs["result"] == "error"
    assert outputs["tripped"] == "false"
    assert "::error title=jescore::jescore could not compare the questionnaires (exit" in log
    assert "TRIPPED" not in log
    _own_errors_only(log)


def test_invalid_input_in_the_pull_request_fails_the_step_as_an_error(
    origin: Path, tmp_path: Path
) -> None:
    clone = _clone(origin, tmp_path)
    (clone / "jobs" / "broken.yaml").write_text("job: [\n", encoding="utf-8")
    code, log, outputs, _ = _run(clone, tmp_path)
    assert code == 3, log
    assert outputs["result"] == "error" and outputs["tripped"] == "false"
    assert "jescore: jobs/broken.yaml:2: invalid YAML" in log


@pytest.mark.parametrize(("expected", "code", "result"), [("4", 0, "held"), ("5", 1, "tripped")])
def test_an_expected_band_change_holds_the_gate(
    origin: Path, tmp_path: Path, expected: str, code: int, result: str
) -> None:
    # The pull request raises the VLO to Band 4 and says so: the intended change passes; a
    # pull request that says Band 5 but lands in Band 4 fails.
    clone = _clone(origin, tmp_path)
    vlo = clone / "jobs" / "vlo.yaml"
    vlo.write_text(
        vlo.read_text(encoding="utf-8") + f'expected_band: "{expected}"\n', encoding="utf-8"
    )
    got, log, outputs, summary = _run(clone, tmp_path)
    assert got == code, log
    assert outputs["result"] == result and outputs["band-changes"] == "1"
    assert f"Expected band {expected}: {'met' if code == 0 else 'NOT met'}" in summary


def test_every_input_reaches_an_option_compare_has() -> None:
    # Each input is read by the script from its variable, and the options the script gives
    # jescore are options of `jescore compare` (its help lists them).
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    script = (ROOT / "tools" / "action_compare.py").read_text(encoding="utf-8")
    env = next(s for s in action["runs"]["steps"] if s.get("id") == "compare")["env"]
    for variable in env:
        assert f'"{variable}"' in script, variable
    done = subprocess.run(
        [sys.executable, "-m", "jescore", "compare", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    given = set(re.findall(r'"(--[a-z-]+)', script)) | set(re.findall(r'f"(--[a-z-]+)=', script))
    given -= {"--verify", "--quiet", "--end-of-options", "--no-tags", "--depth", "--allow-onelevel"}
    assert {"--git", "--fail-on", "--strict", "--summary", "--format", "--output"} <= given
    for option in given:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", done.stdout), option
    # The gates the script accepts are compare's.
    for gate in ("band-change", "band-down", "band-up", "score-change", "never"):
        assert gate in done.stdout


def _configured(origin: Path, tmp_path: Path, text: str) -> Path:
    """A clone of the pull request, with a jescore.toml on the base that the branch has too.

    (A configuration the pull request changes trips the gate by itself: not what is tested.)
    """
    _git(origin, "checkout", "--quiet", "main")
    (origin / "jescore.toml").write_text(text, encoding="utf-8")
    _git(origin, "add", "jescore.toml")
    _git(origin, "commit", "--quiet", "-m", "configuration")
    _git(origin, "checkout", "--quiet", "pr")
    _git(origin, "merge", "--quiet", "--no-edit", "main")
    return _clone(origin, tmp_path)


def test_the_configured_gate_applies_when_no_input_sets_one(origin: Path, tmp_path: Path) -> None:
    # The pull request moves the VLO from Band 3 to Band 4 (up): the configuration's gate
    # band-down holds; an input still wins over it.
    clone = _configured(origin, tmp_path, '[gate]\ncompare = "band-down"\n')
    code, log, outputs, _ = _run(clone, tmp_path)
    assert code == 0, log
    assert outputs["result"] == "held" and outputs["band-changes"] == "1"
    assert "gate band-down: held" in log
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_FAIL_ON="band-up")
    assert code == 1, log
    assert "gate band-up: TRIPPED" in log


def test_a_configuration_without_a_gate_leaves_the_actions_default(
    origin: Path, tmp_path: Path
) -> None:
    clone = _configured(origin, tmp_path, '[formats]\nevaluate = "markdown"\n')
    code, log, outputs, _ = _run(clone, tmp_path)
    assert code == 1, log
    assert outputs["result"] == "tripped" and "gate band-change: TRIPPED" in log


def test_a_configuration_jescore_refuses_is_an_error_not_a_verdict(
    origin: Path, tmp_path: Path
) -> None:
    clone = _configured(origin, tmp_path, '[gate]\ncompare = "sometimes"\n')
    code, log, outputs, _ = _run(clone, tmp_path)
    assert code == 2, log
    assert outputs["result"] == "error"
    assert "gate.compare: 'sometimes' is not one of" in log


def test_strict_refuses_a_draft_and_is_off_by_default(origin: Path, tmp_path: Path) -> None:
    clone = _clone(origin, tmp_path)
    vlo = clone / "jobs" / "vlo.yaml"
    vlo.write_text(vlo.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_FAIL_ON="never")
    assert code == 0, log
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_FAIL_ON="never", JESCORE_STRICT="true")
    assert code == 3, log
    assert outputs["result"] == "error" and "draft" in log
    code, log, outputs, _ = _run(clone, tmp_path, JESCORE_STRICT="yes")
    assert code == 2 and outputs["result"] == "error"
    assert "the strict input must be true or false" in log
