"""`jescore compare`: two drafts, git revisions, the CI gate, and the documented CI commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT
from .harness import run
from .test_cli import flat

DRAFTS = ("examples/vlo-draft-1.yaml", "examples/vlo-draft-2.yaml")


def test_two_drafts(in_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run("compare", *DRAFTS)
    assert code == 0
    assert (
        "Band 3 → Band 4 (356 → 400, +44 points: communication and relationships 3→4, "
        "assessing and managing risk 2→3, emotional demands 3→4)" in flat(out)
    )
    monkeypatch.setenv("COLUMNS", "200")  # each table row on one line
    code, out, err = run("compare", *DRAFTS)
    assert "+ Assesses risk to victims and makes referrals" in out
    assert "- Keeps victims informed about the offender's sentence (JD main duties)" in out
    assert "Gate: never (report only)." in out
    assert err.count("ILLUSTRATIVE") == 1  # once per run, not per file


@pytest.mark.parametrize(
    ("gate", "code"),
    [("never", 0), ("band-change", 1), ("band-up", 1), ("band-down", 0), ("score-change", 1)],
)
def test_gate_exit_codes(gate: str, code: int, in_root: Path) -> None:
    assert run("compare", *DRAFTS, "--fail-on", gate)[0] == code
    # The other way round the band goes down.
    reverse = {"band-up": 0, "band-down": 1}.get(gate, code)
    assert run("compare", *reversed(DRAFTS), "--fail-on", gate)[0] == reverse


def test_same_file_changes_nothing(in_root: Path) -> None:
    code, out, _ = run("compare", DRAFTS[0], DRAFTS[0], "--fail-on", "score-change", "-f", "json")
    assert code == 0
    [entry] = json.loads(out)["files"]
    assert entry["verdict"] == "No change: Band 3, 356 points"
    assert entry["delta"] == 0 and entry["band_changed"] is False


def test_json_shape(in_root: Path) -> None:
    code, out, _ = run("compare", *DRAFTS, "-f", "json", "--fail-on", "band-change")
    assert code == 1
    data = json.loads(out)
    assert data["fail_on"] == "band-change" and data["tripped"] is True
    [entry] = data["files"]
    old, new = entry["old"]["score"], entry["new"]["score"]
    assert (old["total"], new["total"], entry["delta"]) == (356, 400, 44)
    assert entry["movement"] == "up" and old["band"]["label"] == "3"
    changed = {
        f["id"]: (f["old_level"], f["new_level"], f["delta"])
        for f in entry["factors"]
        if f["delta"]
    }
    assert changed == {"communication": (3, 4, 18), "risk": (2, 3, 14), "emotional": (3, 4, 12)}


def test_markdown_for_a_pull_request(in_root: Path) -> None:
    code, out, _ = run("compare", *DRAFTS, "-f", "markdown", "--fail-on", "band-change")
    assert code == 1
    assert "**Gate band-change: FAILED on 1 file:**\n- `examples/vlo-draft-2.yaml`\n" in out
    # The scheme and its status are named once; each file's totals are said once.
    assert out.count("ILLUSTRATIVE") == 1
    assert "Band 3 → Band 4 (356 → 400, +44 points:" in out
    assert "Old:" not in out and "New:" not in out
    assert "| Emotional demands | 3 | 4 | +12 |" in out


def test_different_schemes_are_refused_unless_allowed(in_root: Path) -> None:
    code, out, err = run("compare", "examples/vlo.yaml", "examples/nhs-hcsw.yaml")
    assert code == 3 and "scheme changed from 'probation-illustrative' to 'nhs-afc'" in err
    code, out, _ = run(
        "compare", "examples/vlo.yaml", "examples/nhs-hcsw.yaml", "--allow-scheme-change"
    )
    assert code == 0 and "Band 3 unchanged" in flat(out)


def test_invalid_input_is_3_even_when_the_gate_would_trip(in_root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("job: [\n", encoding="utf-8")
    assert run("compare", DRAFTS[0], bad, "--fail-on", "never")[0] == 3


def test_usage_errors(in_root: Path) -> None:
    assert run("compare", DRAFTS[0])[0] == 2
    assert run("compare", *DRAFTS, "--fail-on", "sometimes")[0] == 2


def test_summary_appends_to_the_step_summary(
    in_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    assert run("compare", *DRAFTS, "--summary")[0] == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# jescore: what the changes do to the bands")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    code, _, err = run("compare", *DRAFTS, "--summary")
    assert code == 0 and "GITHUB_STEP_SUMMARY is not set" in err


def test_summary_that_cannot_be_written_is_a_usage_error(
    in_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))
    code, _, err = run("compare", *DRAFTS, "--summary")
    assert code == 2 and f"--summary: GITHUB_STEP_SUMMARY={tmp_path}: is a folder" in err
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    code, _, err = run("compare", *DRAFTS, "--summary")
    assert code == 2 and "no such folder" in err
    # Never appended to an input, even when CI's variable points at one.
    draft = tmp_path / "draft.yaml"
    shutil.copy(ROOT / DRAFTS[1], draft)
    before = draft.read_bytes()
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(draft))
    code, _, err = run("compare", DRAFTS[0], draft, "--summary")
    assert code == 2 and "refusing to write over an input file" in err
    assert draft.read_bytes() == before


# --- git ------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of questionnaires with two commits: the second redrafts the VLO job."""
    origin = tmp_path / "origin"
    (origin / "jobs").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    shutil.copy(EXAMPLES / "vlo-draft-1.yaml", origin / "jobs" / "vlo.yaml")
    shutil.copy(EXAMPLES / "pso.yaml", origin / "jobs" / "pso.yaml")
    shutil.copy(EXAMPLES / "po.yaml", origin / "jobs" / "po.yaml")
    (origin / "settings.yml").write_text("not: a questionnaire\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "first drafts")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "redraft")
    shutil.copy(EXAMPLES / "vlo-draft-2.yaml", work / "jobs" / "vlo.yaml")
    git(work, "mv", "jobs/pso.yaml", "jobs/pso-renamed.yaml")
    git(work, "rm", "-q", "jobs/po.yaml")
    shutil.copy(EXAMPLES / "nhs-hcsw.yaml", work / "jobs" / "hcsw.yaml")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "redraft the VLO job")
    return work


@needs_git
def test_git_compares_every_changed_questionnaire(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, out, _ = run("compare", "--git", "HEAD~1", "--fail-on", "band-change", "-f", "json")
    assert code == 1
    files = {
        (
            f["status"],
            (f["old"] or {}).get("file", {}).get("path"),
            (f["new"] or {}).get("file", {}).get("path"),
        ): f
        for f in json.loads(out)["files"]
    }
    assert set(files) == {
        ("added", None, "jobs/hcsw.yaml"),
        ("deleted", "HEAD~1:jobs/po.yaml", None),
        ("renamed", "HEAD~1:jobs/pso.yaml", "jobs/pso-renamed.yaml"),
        ("modified", "HEAD~1:jobs/vlo.yaml", "jobs/vlo.yaml"),
    }
    vlo = files[("modified", "HEAD~1:jobs/vlo.yaml", "jobs/vlo.yaml")]
    assert vlo["verdict"].startswith("Band 3 → Band 4 (356 → 400, +44 points")
    assert vlo["trips_gate"]
    renamed = files[("renamed", "HEAD~1:jobs/pso.yaml", "jobs/pso-renamed.yaml")]
    assert renamed["verdict"] == "No change: Band 3, 343 points" and not renamed["trips_gate"]


@needs_git
def test_git_markdown_summary_says_each_thing_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, out, _ = run("compare", "--git", "HEAD~1", "--fail-on", "band-change", "-f", "markdown")
    assert code == 1
    # Both schemes named with their status, each once.
    assert out.count("(probation-illustrative, ") == 1 and out.count("(nhs-afc, ") == 1
    assert out.count("**ILLUSTRATIVE: ") == 1 and out.count("**VERIFIED: ") == 1
    # One summary table first, a row per file: the job, the file, the change, the bands.
    summary = out.index("| Job | File | Change | Old | New | Points | Gate |")
    assert summary < out.index("## ")
    rows = out[summary:].split("\n\n")[0].splitlines()[2:]
    assert len(rows) == 4
    assert (
        "| Healthcare support worker (example) (NHS-EXAMPLE-HCSW) | `jobs/hcsw.yaml` | added "
        in out
    )
    assert "| Victim Liaison Officer (VLO-DRAFT) | `jobs/vlo.yaml` | modified | Band 3, 356 " in out
    assert "| Band 4, 400 | +44 | **tripped** |" in out
    # Only the file whose factors changed gets a section; nothing the table said is said again.
    assert out.count("## ") == 1 and "## Victim Liaison Officer (VLO-DRAFT): `jobs/vlo.yaml`" in out
    assert "Added:" not in out and "Deleted:" not in out and "(added)" not in out
    assert out.count("Band 4, 400") == 1 and out.count("343") == 2  # old and new of the rename
    assert "| Emotional demands | 3 | 4 | +12 |" in out


@needs_git
def test_git_with_named_files_and_uncommitted_changes(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "jobs")
    text = (repo / "jobs" / "pso-renamed.yaml").read_text(encoding="utf-8")
    (repo / "jobs" / "pso-renamed.yaml").write_text(
        text.replace("  knowledge:\n    level: 3", "  knowledge:\n    level: 4"), encoding="utf-8"
    )
    code, out, _ = run("compare", "--git", "HEAD", "pso-renamed.yaml", "--fail-on", "score-change")
    assert code == 1
    assert "Band 3 unchanged (343 → 378, +35 points: knowledge and experience 3→4)" in flat(out)


@needs_git
def test_git_output_never_replaces_a_questionnaire_it_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    target = repo / "jobs" / "vlo.yaml"
    before = target.read_bytes()
    # A questionnaire's .yaml name is never an output of compare: refused before any work.
    code, _, err = run("compare", "--git", "HEAD~1", "-f", "json", "-o", target, "--force")
    assert code == 2 and "disagree: a '.yaml' file holds yaml" in err
    assert target.read_bytes() == before
    code, _, err = run("compare", "--git", "HEAD~1", "-o", target, "--force")
    assert code == 2 and "'compare' does not write yaml" in err
    assert target.read_bytes() == before


@needs_git
def test_git_counts_new_files_not_yet_added_and_skips_ignored_ones(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    shutil.copy(EXAMPLES / "vlo-draft-2.yaml", repo / "jobs" / "vlo-new.yaml")
    shutil.copy(EXAMPLES / "vlo-draft-2.yaml", repo / "jobs" / "scratch.yaml")
    (repo / ".gitignore").write_text("jobs/scratch.yaml\n", encoding="utf-8")
    code, out, _ = run("compare", "--git", "HEAD", "-f", "json")
    assert code == 0
    files = [
        (f["status"], (f["new"] or {}).get("file", {}).get("path"))
        for f in json.loads(out)["files"]
    ]
    assert files == [("added", "jobs/vlo-new.yaml")]
    # Named, it is compared too (as added: there is no old side).
    code, out, _ = run("compare", "--git", "HEAD", "jobs/vlo-new.yaml")
    assert code == 0 and "jobs/vlo-new.yaml" in out and "added" in out.lower()


@needs_git
def test_git_missing_revision_in_a_shallow_clone(
    tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shallow = tmp_path / "shallow"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "redraft",
        f"file://{repo}",
        str(shallow),
    )
    monkeypatch.chdir(shallow)
    code, _, err = run("compare", "--git", "HEAD~1")
    assert code == 2
    assert "not in this clone, which is shallow" in err and "fetch-depth: 0" in err
    code, _, err = run("compare", "--git", "no-such-branch")
    assert code == 2


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("compare", "--git", "HEAD")
    assert code == 2 and "not inside a git work tree" in err


def test_the_example_workflow_uses_the_action() -> None:
    """The example workflow is one `uses:` of this repository's action, with its own inputs."""
    workflow = yaml.safe_load(
        (ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    )
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["bands"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    step = next(s for s in steps if s.get("uses", "").endswith("/jescore@TAG"))
    assert set(step["with"]) <= set(action["inputs"])
    used = " ".join(str(s.get("run", "")) for s in steps)
    for name in ("band-changes", "tripped"):
        assert f"steps.{step['id']}.outputs.{name}" in used
        assert name in action["outputs"]


@needs_git
def test_pre_commit_hooks_run(repo: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"jescore-bands", "jescore-evaluate"}
    # Stage a change that moves the VLO job back down a band, as a commit would.
    shutil.copy(EXAMPLES / "vlo-draft-1.yaml", repo / "jobs" / "vlo.yaml")
    git(repo, "add", "jobs/vlo.yaml")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    codes = {}
    for hook in hooks:
        done = subprocess.run(
            f"{hook['entry']} jobs/vlo.yaml settings.yml",
            shell=True,
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        codes[hook["id"]] = done.returncode
        assert "Band 4 → Band 3" in done.stdout, done.stderr
    assert codes == {"jescore-bands": 1, "jescore-evaluate": 0}


@needs_git
def test_git_finds_questionnaires_whose_scheme_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "r"
    (repo / "jobs").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    shutil.copy(ROOT / "tests" / "fixtures" / "mini-scheme.yaml", repo / "scheme.yaml")
    job = (ROOT / "tests" / "fixtures" / "mini-job.yaml").read_text(encoding="utf-8")
    (repo / "jobs" / "job.yaml").write_text(
        job.replace("scheme: mini-scheme.yaml", "scheme: ../scheme.yaml"), encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    scheme = (repo / "scheme.yaml").read_text(encoding="utf-8")
    # Band B now starts at 37: the job's 36 points fall to band A with no change to its file.
    (repo / "scheme.yaml").write_text(
        scheme.replace("{label: A, min: 0, max: 29}", "{label: A, min: 0, max: 36}").replace(
            "{label: B, min: 30, max: 49}", "{label: B, min: 37, max: 49}"
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(repo)
    code, out, _ = run("compare", "--git", "HEAD", "--fail-on", "band-down", "-f", "json")
    assert code == 1
    [entry] = json.loads(out)["files"]
    assert entry["status"] == "scheme-changed"
    assert entry["verdict"] == "Band B → Band A (36 points, same levels: the bands changed)"
