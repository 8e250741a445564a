"""`jescore rank` and `jescore check` over a small job family built for the tests."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .harness import run
from .test_cli import flat

SCHEME = (
    (FIXTURES / "mini-scheme.yaml")
    .read_text(encoding="utf-8")
    .replace("  - id: skill\n", "  - id: skill\n    role: knowledge\n")
    .replace("  - id: care\n", "  - id: care\n    role: supervision\n")
)


def job(folder: Path, name: str, levels: tuple[int, int, int], **extra: str) -> Path:
    """A questionnaire under the mini scheme: skill 10/20/40, effort 5/15, care 1/2/3/30."""
    lines = [f"job:\n  title: {name}"] + [f"  {k}: {v}" for k, v in extra.items() if k != "tail"]
    lines += [
        "scheme: scheme.yaml",
        "factors:",
        f"  skill: {{level: {levels[0]}}}",
        f"  effort: {{level: {levels[1]}}}",
        f"  care: {{level: {levels[2]}}}",
    ]
    if "tail" in extra:
        lines.append(extra["tail"])
    path = folder / f"{name.lower().replace(' ', '-')}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def family(tmp_path: Path) -> Path:
    (tmp_path / "scheme.yaml").write_text(SCHEME, encoding="utf-8")
    # Totals: skill + effort + care. Bands: A 0-29, B 30-49, C 50-69.
    job(tmp_path, "Manager", (2, 2, 3), reference="M1", family="ops")  # 20+15+3 = 38 B
    job(tmp_path, "Lead", (3, 1, 1), reference="L1", reports_to="M1", family="ops")  # 46 B
    job(
        tmp_path,
        "Clerk",
        (1, 2, 1),
        reference="C1",
        reports_to="M1",
        family="ops",
        tail="equality:\n  headcount: {women: 7, men: 2}",
    )  # 10+15+1 = 26 A
    job(
        tmp_path,
        "Porter",
        (1, 1, 1),
        reference="P1",
        reports_to="X9",
        family="ops",
        tail="equality:\n  headcount: {women: 1, men: 4}",
    )  # 16 A
    job(tmp_path, "Driver", (1, 1, 4), reference="D1", family="ops")  # 10+5+30 = 45 B
    return tmp_path


def test_rank_orders_within_the_scheme(family: Path) -> None:
    code, out, err = run("rank", family, "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rank"], r["title"], r["total"], r["band"]) for r in rows] == [
        ("1", "Lead", "46", "B"),
        ("2", "Driver", "45", "B"),
        ("3", "Manager", "38", "B"),
        ("4", "Clerk", "26", "A"),
        ("5", "Porter", "16", "A"),
    ]
    # Lead at 46: 4 points to band C (50), 17 to fall to A; Clerk at 26: 4 to band B.
    assert rows[0]["nearest_boundary"] == "4 to Band C"
    assert rows[3]["nearest_boundary"] == "4 to Band B"


def test_rank_formats(family: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # wide enough: one line a job
    code, out, _ = run("rank", family)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "Scheme", "Job"] and "Lead" in lines[2]
    # Too narrow for that: the scheme as a heading, each file whole under its job's title.
    monkeypatch.setenv("COLUMNS", "60")
    lines = run("rank", family)[1].splitlines()
    assert lines[0].split()[:3] == ["#", "Job", "Total"] and lines[2] == "mini"
    assert lines[3].split()[:3] == ["1", "Lead", "46"]
    assert lines[4].strip() == str(family / "lead.yaml")
    data = json.loads(run("rank", family, "-f", "json")[1])
    assert [j["job"]["title"] for j in data["jobs"]][:2] == ["Lead", "Driver"]
    lead = data["jobs"][0]
    assert lead["rank"] == 1 and lead["nearest_boundary"]["band"]["label"] == "C"
    assert lead["file"]["sha256"] == hashlib.sha256((family / "lead.yaml").read_bytes()).hexdigest()
    assert "| 1 | mini | Lead |" in run("rank", family, "-f", "markdown")[1]


def test_rank_takes_globs_and_files_and_skips_schemes_in_folders(family: Path) -> None:
    code, out, _ = run("rank", str(family / "c*.yaml"), family / "lead.yaml", "-f", "csv")
    assert code == 0
    assert [r["title"] for r in csv.DictReader(io.StringIO(out))] == ["Lead", "Clerk"]
    # scheme.yaml sits in the folder: skipped there, an error when named.
    code, _, err = run("rank", family / "scheme.yaml")
    assert (
        code == 3
        and "is a scheme (its bands are used when no grading structure is given), not a "
        "questionnaire file"
        in err
    )


@pytest.mark.parametrize("command", ["rank", "check", "evaluate"])
def test_finding_nothing_is_an_error_not_an_empty_family(
    command: str, family: Path, tmp_path: Path
) -> None:
    # A mistyped pattern or folder must not pass (say in CI) as a family with no findings.
    code, _, err = run(command, str(family / "nomatch-*.yaml"))
    assert code == 3 and "nomatch-*.yaml: is a pattern that matches no file" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(command, empty)
    assert code == 3 and f"{empty}: is a folder with no YAML files in it" in err
    only_schemes = tmp_path / "schemes"
    only_schemes.mkdir()
    (only_schemes / "scheme.yaml").write_text(SCHEME, encoding="utf-8")
    code, _, err = run(command, only_schemes)
    assert code == 3 and f"no questionnaire found in: {only_schemes}" in err
    # One good pattern alongside a bad one: the good one is still scored; the exit code is 3.
    code, out, err = run(command, str(family / "lead.yaml"), str(family / "nomatch-*.yaml"))
    assert code == 3 and "Lead" in out


def test_evaluate_takes_folders_and_patterns(family: Path) -> None:
    code, out, _ = run("evaluate", family, "-f", "json")
    assert code == 0
    titles = {r["job"]["title"] for r in json.loads(out)["evaluations"]}
    assert titles == {"Manager", "Lead", "Clerk", "Porter", "Driver"}  # scheme.yaml skipped
    # One shape however the files are named: a pattern, a folder or a single file.
    code, out, _ = run("evaluate", str(family / "c*.yaml"), "-f", "json")
    assert code == 0
    assert [r["job"]["title"] for r in json.loads(out)["evaluations"]] == ["Clerk"]
    code, out, _ = run("evaluate", family / "clerk.yaml", "-f", "json")
    assert code == 0 and json.loads(out)["evaluations"][0]["job"]["title"] == "Clerk"


def test_a_bad_file_does_not_stop_the_others(family: Path) -> None:
    (family / "broken.yaml").write_text(
        "job: {title: B}\nscheme: scheme.yaml\nfactors: [\n", encoding="utf-8"
    )
    code, out, err = run("rank", family, "-f", "csv")
    assert code == 3
    assert "broken.yaml:4: invalid YAML" in err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5


def test_check_findings(family: Path) -> None:
    code, out, err = run("check", family, "--near", "5", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    by_check: dict[str, list[str]] = {}
    for f in data["findings"]:
        by_check.setdefault(f["check"], []).append(f["message"])
    manager = by_check["manager"]
    assert any(
        "Lead" in m and "total 46 > 38" in m and "knowledge (Skill) level 3 > 2" in m
        for m in manager
    )
    assert any(
        "Porter" in m and "reports to 'X9', which is not among the jobs" in m for m in manager
    )
    assert not any("Clerk" in m for m in manager)  # 26 < 38, skill 1 < 2, care 1 < 3
    # Family 'ops' of five: each level against the three jobs nearest in points on the other
    # factors. Lead's skill 3 (6 points elsewhere): Porter 6, Clerk 16, Manager 18
    # have skill 1, 1, 2 (median 1). Driver's care 4 (15 points elsewhere): Porter 15, Clerk
    # 25, Manager 35 have care 1, 1, 3. Manager's care 3 (35 elsewhere): Clerk 25, Lead 45,
    # Driver 15 have care 1, 1, 4: inside their range, so not flagged.
    outliers = sorted(
        m.split(" (")[0] + ": " + m.split("): ")[1].split(",")[0] for m in by_check["outlier"]
    )
    assert outliers == [
        "Driver: Care at level 4",
        "Lead: Skill at level 3",
    ]
    # Within 5 points: Clerk (26, 4 below B at 30); Lead (46, 4 below C at 50); Driver (45).
    [b_boundary] = [b for b in data["boundaries"] if b["at"] == 30]
    assert [j["job"]["title"] for j in b_boundary["below"]] == ["Clerk"]
    assert b_boundary["headcount_below"] == {"men": 2, "women": 7}
    [c_boundary] = [b for b in data["boundaries"] if b["at"] == 50]
    assert [j["job"]["title"] for j in c_boundary["below"]] == ["Lead", "Driver"]
    assert "order" not in by_check


def test_check_gate(family: Path) -> None:
    assert run("check", family)[0] == 0
    assert run("check", family, "--fail-on", "manager")[0] == 1
    assert run("check", family, "--fail-on", "order")[0] == 0
    assert run("check", family, "--fail-on", "any")[0] == 1
    code, _, err = run("check", family, "--fail-on", "managers")
    assert code == 2 and "unknown check managers" in err


def test_heavier_job_in_a_lower_band(family: Path) -> None:
    # Give the Porter (16 points) other bands, where 16 is band B, above the Clerk's band A.
    (family / "bands.yaml").write_text(
        "name: Other bands\nbands:\n  - {label: A, min: 0, max: 9}\n"
        "  - {label: B, min: 10, max: 19}\n  - {label: C, min: 20}\n",
        encoding="utf-8",
    )
    text = (family / "porter.yaml").read_text(encoding="utf-8")
    (family / "porter.yaml").write_text(
        text.replace("scheme: scheme.yaml\n", "scheme: scheme.yaml\ngrading: bands.yaml\n"),
        encoding="utf-8",
    )
    code, out, _ = run("check", family, "--fail-on", "order")
    assert code == 1
    # Porter (16) is band B of 'Other bands' (index 1); Clerk (26) is band A (index 0).
    assert "Clerk (" in flat(out) and "scores 26 but is in band A" in flat(out)
    assert "Porter" in out


def test_rank_table_fits_a_terminal_width_and_keeps_file_names() -> None:
    from jescore.render.kit.columns import fixed_columns
    from jescore.render.rank import RANK_COLUMNS

    headers = ["#", "Scheme", "Job", "File", "Total", "Band", "Nearest boundary"]
    assert len(headers) == len(RANK_COLUMNS)
    rows = [
        ["1", "probation-illustrative", "Victim Liaison Officer (national role, 2016)",
         "jobs/probation/victims/vlo-2016.yaml", "374", "3", "21 to Band 4"],
        ["2", "probation-illustrative", "PSO", "pso.yaml", "343", "3", "52 to Band 4"],
    ]  # fmt: skip
    shrink = ((2, 24, False), (3, 24, True), (1, 12, False), (2, 16, False), (3, 20, True))
    whole = fixed_columns(headers, rows, {0, 4}).splitlines()
    assert "Victim Liaison Officer (national role, 2016)" in whole[2]  # no width: cells whole
    assert len(whole[2]) > 100
    fitted = fixed_columns(headers, rows, {0, 4}, 100, shrink).splitlines()
    assert max(len(line) for line in fitted) <= 100
    # The title keeps its start, the path its end (the file name); short cells are untouched.
    assert "  Victim Liaison Officer …  " in fitted[2]
    assert "  …n/victims/vlo-2016.yaml  " in fitted[2] and "  pso.yaml  " in fitted[3]
    # Columns stay aligned: every total ends at the same place.
    assert fitted[2].index("374") == fitted[3].index("343")
    # Too narrow to fit: columns stop at their narrowest rather than vanish.
    narrow = fixed_columns(headers, rows, {0, 4}, 40, shrink).splitlines()
    assert "21 to Band 4" in narrow[2] and narrow[2].split()[-6] == "374"


def test_rank_table_is_whole_when_piped(family: Path) -> None:
    code, out, _ = run("rank", family)
    assert code == 0
    assert all("…" not in line for line in out.splitlines())
