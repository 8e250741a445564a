"""The workflow around the scores: status and sign-off, intended band changes in CI, a locally
agreed scheme, and family checks that compare like with like."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from .conftest import EXAMPLES, FIXTURES, ROOT
from .family36 import FACTORS, PLANTED, levels, write_family
from .harness import run
from .test_cli import flat

SIGNED = """\
status: agreed
agreed_on: 2026-03-02
signed_off_by:
  - {name: A. Khan, side: management}
  - {name: B. Lee, side: staff}
"""


def mini(folder: Path, name: str, skill: int, extra: str = "") -> Path:
    """A questionnaire under the mini scheme (skill 10/20/40 points, effort 5/15, care 1-4)."""
    path = folder / name
    path.write_text(
        f"job: {{title: {name.removesuffix('.yaml').title()}}}\nscheme: mini-scheme.yaml\n"
        f"factors:\n  skill: {{level: {skill}}}\n  effort: {{level: 2}}\n  care: {{level: 1}}\n"
        + extra,
        encoding="utf-8",
    )
    return path


@pytest.fixture
def jobs(tmp_path: Path) -> Path:
    (tmp_path / "mini-scheme.yaml").write_text(
        (FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


# --- status and sign-off ----------------------------------------------------------------------


def test_sign_off_is_shown_in_every_format_of_evaluate(jobs: Path) -> None:
    path = mini(jobs, "clerk.yaml", 2, SIGNED)
    line = (
        "Evaluation: AGREED, agreed on 2026-03-02; signed off by A. Khan (management), "
        "B. Lee (staff)"
    )
    code, out, err = run("evaluate", path)
    assert code == 0, err
    assert line in flat(out)
    code, out, _ = run("evaluate", path, "-f", "markdown")
    assert line in out
    code, out, _ = run("evaluate", path, "-f", "json")
    data = json.loads(out)
    expected = {
        "status": "agreed",
        "agreed_on": "2026-03-02",
        "signed_off_by": [
            {"name": "A. Khan", "side": "management"},
            {"name": "B. Lee", "side": "staff"},
        ],
    }
    assert data["evaluations"][0]["job"]["sign_off"] == expected
    assert data["ranking"][0]["job"]["sign_off"] == expected
    # A questionnaire that states none has no sign_off at all (the JSON of others is unchanged).
    code, out, _ = run("evaluate", mini(jobs, "porter.yaml", 1), "-f", "json")
    assert "sign_off" not in json.loads(out)["evaluations"][0]["job"]
    # The page and the Word pack say it too.
    code, out, _ = run("evaluate", path, "-f", "html")
    assert code == 0 and line in out
    pack = jobs / "pack.docx"
    code, _, err = run("evaluate", path, "-o", pack)
    assert code == 0, err
    import docx

    assert line in "\n".join(p.text for p in docx.Document(str(pack)).paragraphs)


def test_status_is_shown_by_rank_and_compare(jobs: Path) -> None:
    old = mini(jobs, "clerk.yaml", 2)
    new = mini(jobs, "clerk-2.yaml", 3, SIGNED)
    for fmt in ("table", "csv", "markdown"):
        code, out, err = run("rank", jobs, "-f", fmt)
        assert code == 0, err
        assert "Clerk-2 [agreed]" in out.replace("\\", ""), fmt  # markdown escapes brackets
    code, out, err = run("compare", old, new)
    assert code == 0, err
    assert "Evaluation: AGREED" in flat(out)
    code, out, _ = run("compare", old, new, "-f", "markdown")
    assert "Evaluation: AGREED" in out


def test_a_bad_status_is_refused_with_its_line(jobs: Path) -> None:
    path = mini(jobs, "clerk.yaml", 2, "status: approved\n")
    code, _, err = run("evaluate", path)
    assert code == 3
    assert "clerk.yaml:7:" in err and "status" in err and "approved" in err
    path = mini(jobs, "clerk.yaml", 2, "agreed_on: last tuesday\n")
    code, _, err = run("evaluate", path)
    assert code == 3 and "clerk.yaml:7:" in err


def test_rank_and_check_select_by_status(jobs: Path) -> None:
    mini(jobs, "a.yaml", 1, "status: draft\n")
    mini(jobs, "b.yaml", 2, "status: final\n")
    mini(jobs, "c.yaml", 3, "status: agreed\n")
    mini(jobs, "d.yaml", 3)
    code, out, err = run("rank", jobs, "--status", "final,agreed", "-f", "json")
    assert code == 0, err
    assert [Path(j["file"]["path"]).name for j in json.loads(out)["jobs"]] == [
        "c.yaml",
        "b.yaml",
    ]
    assert "--status agreed,final: 2 of 4 job(s) selected" in err
    code, out, err = run("rank", jobs, "--status", "none", "-f", "csv")
    assert code == 0 and "d.yaml" in out and "a.yaml" not in out
    code, out, err = run("check", jobs, "--status", "draft", "-f", "json")
    assert code == 0 and json.loads(out)["jobs_checked"] == 1
    code, _, err = run("check", jobs, "--status", "signed")
    assert code == 2 and "unknown status signed" in err


def test_strict_refuses_a_draft_where_a_final_is_needed(jobs: Path) -> None:
    awarded = mini(jobs, "awarded.yaml", 2, "status: draft\n")
    claimed = mini(jobs, "claimed.yaml", 3)
    code, _, err = run("appeal", awarded, claimed, "-f", "json")
    assert code == 0
    assert "warning: status: this evaluation is marked 'status: draft'" in err
    code, out, err = run("appeal", awarded, claimed, "--strict")
    assert code == 3 and out == ""
    assert "awarded.yaml: status: this evaluation is marked 'status: draft'" in err
    assert "refused under --strict" in err
    # compare --strict refuses a draft new version; without --strict it compares.
    old = mini(jobs, "old.yaml", 2)
    assert run("compare", old, awarded)[0] == 0
    code, _, err = run("compare", old, awarded, "--strict")
    assert code == 3 and "refused under --strict" in err
    final = mini(jobs, "final.yaml", 2, "status: final\n")
    assert run("compare", old, final, "--strict")[0] == 0


# --- expected band ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "gate", "code", "met"),
    [
        ("C", "band-change", 0, True),  # skill 2 -> 3: 36 -> 56, band B -> C, as expected
        ("Band C", "band-up", 0, True),
        ("c", "score-change", 0, True),
        ("B", "band-change", 1, False),  # expected to stay in B: the change is not intended
        ("D", "band-change", 1, False),  # no such band: never met
        ("C", "never", 0, True),
    ],
)
def test_an_expected_band_change_passes_the_gate(
    jobs: Path, expected: str, gate: str, code: int, met: bool
) -> None:
    old = mini(jobs, "old.yaml", 2)
    new = mini(jobs, "new.yaml", 3, f"expected_band: {expected}\n")
    got, out, err = run("compare", old, new, "--fail-on", gate, "-f", "json")
    assert got == code, err
    [entry] = json.loads(out)["files"]
    assert entry["band_changed"] is True
    assert entry["expected_band"] == expected and entry["expected_band_met"] is met
    _, out, _ = run("compare", old, new, "--fail-on", gate)
    assert f"Expected band {expected}: {'met' if met else 'NOT met'}" in flat(out)
    _, out, _ = run("compare", old, new, "--fail-on", gate, "-f", "markdown")
    assert f"Expected band {expected}: {'met' if met else 'NOT met'}" in out


def test_an_expected_band_that_does_not_come_trips_the_gate(jobs: Path) -> None:
    # The author expects a regrading to C, but the change leaves the job in B.
    old = mini(jobs, "old.yaml", 2)
    new = mini(jobs, "new.yaml", 2, "expected_band: C\ncare: {}\n".replace("care: {}\n", ""))
    code, out, _ = run("compare", old, new, "--fail-on", "band-change", "-f", "json")
    assert code == 1
    assert json.loads(out)["files"][0]["band_changed"] is False
    # Without an expected band, the same files hold the gate.
    assert run("compare", old, mini(jobs, "same.yaml", 2), "--fail-on", "band-change")[0] == 0


def test_the_ci_wrappers_document_expected_band() -> None:
    for name in ("action.yml", ".pre-commit-hooks.yaml", "docs/commands.md", "README.md"):
        assert "expected_band" in (ROOT / name).read_text(encoding="utf-8"), name


# --- a locally agreed scheme ------------------------------------------------------------------


def test_a_local_scheme_says_so(jobs: Path) -> None:
    text = (FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8")
    (jobs / "mini-scheme.yaml").write_text(
        text.replace("status: illustrative", "status: local"), encoding="utf-8"
    )
    path = mini(jobs, "clerk.yaml", 2)
    code, out, err = run("evaluate", path)
    assert code == 0
    assert "LOCAL: agreed by this employer; not a published scheme" in out
    assert "note: scheme 'mini' is LOCAL: agreed by this employer; not a published scheme" in err
    code, out, _ = run("evaluate", path, "-f", "json")
    assert json.loads(out)["schemes"][0]["status"] == "local"
    code, out, _ = run("evaluate", path, "-f", "markdown")
    assert "**LOCAL: agreed by this employer; not a published scheme**" in out
    code, out, _ = run("scheme", "check", jobs / "mini-scheme.yaml")
    assert code == 0


# --- check compares like with like ------------------------------------------------------------


def test_check_finds_the_planted_outlier_first_and_not_seniority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_family(tmp_path)
    monkeypatch.chdir(tmp_path)
    # The family's shape, computed here without jescore: against the whole family's median,
    # most levels two or more away are seniority (the first and last jobs), not the outlier.
    by_median = 0
    for fid, _, _ in FACTORS:
        column = [levels(i)[fid] for i in range(36)]
        if fid == PLANTED[1]:
            column[4] = PLANTED[2]
        median = statistics.median(column)
        by_median += sum(1 for level in column if abs(level - median) >= 2)
    assert by_median > 50
    code, out, err = run("check", ".", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    first = data["findings"][0]
    assert first["kind"] == "outlier" and first["jobs"] == [PLANTED[0]]
    assert first["factor"] == {"id": "finance", "name": "Financial resources"}
    assert first["level"] == 6
    assert first["expected"] == {"low": 1, "high": 2, "median": 1.0, "peers": 6}
    assert first["job_details"][0]["job"]["title"] == "Assistant 5"
    # No other job is flagged: seniority is not an outlier.
    assert data["counts"] == {"manager": 0, "order": 0, "outlier": 1, "near-boundary": 0}
    code, out, _ = run("check", ".")
    assert flat(out).startswith("36 job(s) checked; 1 finding(s): 1 outlier. outlier (1): - ")
    assert "Assistant 5 (job-05.yaml): Financial resources at level 6" in flat(out)
    # By band, the outlier still comes first.
    code, out, _ = run("check", ".", "--outlier-peers", "band", "-f", "json")
    assert json.loads(out)["findings"][0]["jobs"] == [PLANTED[0]]
    code, _, err = run("check", ".", "--outlier-peers", "grade")
    assert code == 2 and "--outlier-peers" in err


def test_near_boundary_findings_name_their_jobs_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_family(tmp_path)
    monkeypatch.chdir(tmp_path)
    for fmt in ("table", "markdown", "json"):
        code, out, _ = run("check", ".", "--near", "3", "-f", fmt)
        assert code == 0
        assert "Officer 14 (job-14.yaml) 200" in flat(out), fmt
    code, out, _ = run("check", ".", "--near", "3", "-f", "json")
    near = [f for f in json.loads(out)["findings"] if f["kind"] == "near-boundary"]
    assert [f["job_details"][0]["job"]["title"] for f in near] == [
        "Officer 14",
        "Senior Officer 22",
        "Team Leader 30",
    ]


def test_examples_still_evaluate() -> None:
    assert run("evaluate", EXAMPLES / "vlo.yaml")[0] == 0


# --- Windows ----------------------------------------------------------------------------------


def test_the_quick_start_has_powershell_lines_beside_the_posix_ones() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert quick.count("```sh\n") == 2 and quick.count("```powershell\n") == 2
    assert r".venv\Scripts\Activate.ps1" in quick and r"examples\vlo.yaml" in quick


#: Calls that only work on a POSIX system (or need rights a Windows user seldom has).
POSIX_ONLY = ("os.mkfifo", "symlink_to", ".chmod(", "/dev/", "socket.AF_UNIX", "os.mknod")


def test_every_posix_only_test_is_marked() -> None:
    import ast

    unmarked = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        module_marked = "pytestmark = pytest.mark.posix" in source
        helpers = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef)
            and not node.name.startswith("test_")
            and any(call in ast.get_source_segment(source, node) or "" for call in POSIX_ONLY)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.ClassDef):
                continue
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("test_"):
                continue
            text = ast.get_source_segment(source, node) or ""
            marks = " ".join(ast.get_source_segment(source, d) or "" for d in node.decorator_list)
            uses = any(call in text for call in POSIX_ONLY) or any(
                f"{name}(" in text for name in helpers
            )
            skipped = "posix" in marks or "win32" in marks or "geteuid" in marks
            if uses and not (module_marked or skipped or _in_marked_class(tree, node, source)):
                unmarked.append(f"{path.name}::{node.name}")
    assert unmarked == [], "mark these @pytest.mark.posix (or make them portable)"


def _in_marked_class(tree: object, node: object, source: str) -> bool:
    import ast

    assert isinstance(tree, ast.Module)
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and node in ast.walk(cls):
            marks = " ".join(ast.get_source_segment(source, d) or "" for d in cls.decorator_list)
            if "posix" in marks:
                return True
    return False
