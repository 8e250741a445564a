"""`jescore whatif` and the fragility / near-boundary parts of `evaluate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jescore import engine, loader
from jescore.loader import Library

from .conftest import EXAMPLES
from .harness import run
from .test_cli import flat


def test_fragility_is_in_every_evaluation(in_root: Path) -> None:
    code, out, _ = run("evaluate", "examples/nhs-hcsw.yaml", "-f", "json")
    assert code == 0
    [data] = json.loads(out)["evaluations"]
    # 222 is 6 above the Band 3 floor (216): five single steps down fall into Band 2.
    assert data["fragility"] == {
        "band_changing_steps": 5,
        "nearer_boundary": "lower",
        "points_to_nearer": 7,
    }
    assert data["near_boundary"] is None
    code, out, _ = run("evaluate", "examples/nhs-hcsw.yaml")
    assert (
        "5 of 26 single-level changes would change the band; the lower boundary is nearer "
        "(7 points to Band 2)." in flat(out)
    )


def test_near_flag_is_off_by_default_and_labelled(in_root: Path) -> None:
    code, out, _ = run("evaluate", "examples/nhs-nurse.yaml")
    assert "Near-boundary" not in out
    code, out, _ = run("evaluate", "examples/nhs-nurse.yaml", "--near", "10")
    assert code == 0
    assert (
        "Near-boundary flag (jescore's own convention, threshold 10 points; no public scheme "
        "defines one): NEAR, 8 points from crossing the upper boundary." in flat(out)
    )
    code, out, _ = run("evaluate", "examples/nhs-nurse.yaml", "--near", "5", "-f", "json")
    assert json.loads(out)["evaluations"][0]["near_boundary"] == {
        "convention": "jescore",
        "threshold": 5,
        "within": False,
    }
    assert run("evaluate", "examples/nhs-nurse.yaml", "--near", "-1")[0] == 2


def test_whatif_target_table(in_root: Path) -> None:
    code, out, err = run("whatif", "examples/vlo.yaml", "--target", "Band 4")
    assert code == 0
    assert "ILLUSTRATIVE" in out and "ILLUSTRATIVE" in err
    text = flat(out)
    assert "From 374 (Band 3) to Band 4 (395-519)" in text
    assert "Smallest change: 1 level step on 1 factor." in text
    assert "Knowledge and experience 4 → 5 (+40) 414 (+40) 4" in text


def test_whatif_json_with_constraints(in_root: Path) -> None:
    code, out, _ = run(
        "whatif",
        "examples/vlo.yaml",
        "-t",
        "4",
        "--fix",
        "knowledge,communication",
        "--max-step",
        "1",
        "-n",
        "3",
        "-f",
        "json",
    )
    assert code == 0
    data = json.loads(out)["search"]
    assert data["constraints"] == {
        "fixed": ["communication", "knowledge"],
        "max_step": 1,
        "direction": None,
    }
    assert data["direction"] == "up" and data["more"] is True
    assert len(data["solutions"]) == 3
    for solution in data["solutions"]:
        total = solution["score"]["total"]
        assert solution["steps"] == 2 and 395 <= total <= 519
        assert solution["score"]["band"] == {"label": "4", "min": 395, "max": 519}
        assert sum(c["points"] for c in solution["changes"]) == solution["points"]
        assert total == 374 + solution["points"]
        assert {c["factor"] for c in solution["changes"]}.isdisjoint({"knowledge", "communication"})


def test_whatif_unreachable_says_why(in_root: Path) -> None:
    code, out, _ = run("whatif", "examples/vlo.yaml", "-t", "6", "--max-step", "1")
    assert code == 0
    assert (
        "Band 6 cannot be reached: the highest total these constraints allow is 544 (Band 5); "
        "Band 6 starts at 650." in flat(out)
    )
    code, out, _ = run("whatif", "examples/vlo.yaml", "-t", "6", "--max-step", "1", "-f", "json")
    data = json.loads(out)["search"]
    assert data["solutions"] == [] and data["reachable"] == {"min": 374, "max": 544}


def test_whatif_down_and_markdown(in_root: Path) -> None:
    code, out, _ = run("whatif", "examples/po.yaml", "-t", "3", "-f", "markdown")
    assert code == 0
    assert "**From 506 (Band 4) to Band 3 (280-394).** Constraints: levels may only go down." in out
    assert "| 1 |" in out


def test_whatif_usage_errors(in_root: Path) -> None:
    code, _, err = run("whatif", "examples/vlo.yaml", "-t", "9")
    assert code == 2 and "no band '9'" in err and "1, 2, 3, 4, 5, 6" in err
    code, _, err = run("whatif", "examples/vlo.yaml", "-t", "4", "--fix", "knowlege")
    assert (
        code == 2
        and "--fix: 'knowlege' is not a factor of scheme 'probation-illustrative' "
        "(did you mean 'knowledge'?)"
        in err
    )
    code, _, err = run(
        "whatif", "examples/njc-library-assistant.yaml", "-t", "5", "--direction", "sideways"
    )
    assert code == 2


def test_whatif_tornado(in_root: Path) -> None:
    code, out, _ = run("whatif", "examples/vlo.yaml")
    assert code == 0
    lines = out.splitlines()
    factor_rows = [line for line in lines if "│" in line]
    # Sorted by swing: knowledge (-35/+40) first, working conditions (-6/+8) last.
    assert factor_rows[0].startswith("Knowledge and experience")
    assert factor_rows[-1].startswith("Working conditions")
    assert "+40 ✱" in factor_rows[0]
    assert "◀ 95 points to Band 2   21 points to Band 4 ▶" in out
    assert all(len(line) <= 80 for line in lines)
    code, out, _ = run("whatif", "examples/vlo.yaml", "-f", "json")
    data = json.loads(out)
    assert data["search"] is None and data["evaluation"]["score"]["total"] == 374
    swings = [f["swing"] for f in data["tornado"]["factors"]]
    assert swings == sorted(swings, reverse=True) and swings[0] == 75
    assert data["tornado"]["margins"]["to_upper_band"] == {
        "band": {"label": "4", "min": 395, "max": 519},
        "points": 21,
    }
    code, out, _ = run("whatif", "examples/vlo.yaml", "-f", "markdown")
    assert "| Knowledge and experience | 4 | -35 → 339 | **+40 → 414** ✱ | 75 |" in out


@pytest.mark.parametrize("width", [44, 50, 60, 80, 100, 140])
def test_tornado_keeps_every_column_at_any_width(width: int) -> None:
    from jescore.render import whatif
    from jescore.render.kit import Target

    job = loader.load_job(EXAMPLES / "vlo.yaml", Library())
    scheme = job.scheme.scheme
    e = engine.evaluate(job.questionnaire, scheme, scheme.grading)
    report = engine.Report(job.questionnaire, job.file, job.scheme.file, job.scheme.file, e)
    lines = whatif.as_table(whatif.WhatifView(report), Target(width)).splitlines()
    assert all(len(line) <= width for line in lines)
    rows = [line for line in lines if "│" in line]
    assert len(rows) == 11
    # Both deltas stay visible, however narrow: the bars and names give way first.
    assert rows[0].rstrip().endswith("+40 ✱") and " -35 " in rows[0]
    assert rows[-1].rstrip().endswith("+8") and " -6 " in rows[-1]
    if width >= 128:  # (128 - 20) // 2 = 54 cells: every name in full
        assert rows[5].startswith("Responsibility for service users and victims ")
    assert lines[-1].endswith("points")
