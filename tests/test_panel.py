"""Panels: grouping, spreads and medians, whether a disagreement matters, the consensus record,
Krippendorff's alpha against an independent implementation, composition, and bad input."""

from __future__ import annotations

import json
import math
import random
import re
import shutil
from pathlib import Path

import krippendorff  # the test extra installs it: never skipped
import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jescore.panel import alpha_ordinal
from tests.conftest import EXAMPLES
from tests.harness import run

PANEL = EXAMPLES / "panel"


def _json(*args: str | Path) -> dict[str, object]:
    code, out, err = run("panel", *args, "-f", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_the_vlo_panel_depends_on_knowledge(in_root: Path) -> None:
    data = _json("examples/panel/vlo-manager-a.yaml", "examples/panel/vlo-manager-b.yaml",
                 "examples/panel/vlo-staff-a.yaml", "examples/panel/vlo-staff-b.yaml")  # fmt: skip
    (panel,) = data["panels"]  # type: ignore[index]
    assert panel["verdict"] == "The band depends on Knowledge and experience: 4 vs 5"
    assert [
        (m["name"], m["side"], m["score"]["total"], m["score"]["band"]["label"])
        for m in panel["members"]
    ] == [
        ("A. Patel", "management", 374, "3"),
        ("R. Jones", "management", 374, "3"),
        ("S. Okafor", "staff", 426, "4"),  # 374 + 40 (knowledge) + 12 (emotional)
        ("T. Byrne", "staff", 426, "4"),
    ]
    first, second = panel["factors"][:2]
    assert first["id"] == "knowledge" and first["matters"] is True
    assert (first["band_at_low"]["label"], first["band_at_high"]["label"]) == ("3", "4")
    assert (first["median"], first["split"], first["consensus"]) == (4.5, True, 4)
    # Emotional demands: split too, but 3 -> 4 alone (+12 from 374) stays in Band 3.
    emotional = next(f for f in panel["factors"] if f["id"] == "emotional")
    assert emotional["matters"] is False and emotional["split"] is True
    assert emotional["spread"] == 1
    assert second["id"] != "emotional"  # not listed first: one level apart, band unchanged
    assert panel["band_range"] == ["Band 3", "Band 4"]
    assert panel["consensus"] == {"total": 374, "band": {"label": "3", "min": 280, "max": 394}}
    assert panel["composition"] == []
    assert data["agreement"] is None  # one job: nothing to measure across jobs


def test_all_members_in_one_band(in_root: Path) -> None:
    data = _json("examples/panel/pso-manager-a.yaml", "examples/panel/pso-manager-b.yaml",
                 "examples/panel/pso-staff-a.yaml", "examples/panel/pso-staff-b.yaml")  # fmt: skip
    (panel,) = data["panels"]  # type: ignore[index]
    assert panel["verdict"] == "All four members put the job in Band 3"


def test_agreement_across_jobs_matches_the_krippendorff_package(in_root: Path) -> None:
    data = _json("examples/panel")
    agreement = data["agreement"]
    assert agreement is not None
    panels = data["panels"]
    names = sorted({m["name"] for p in panels for m in p["members"]})  # type: ignore[union-attr]
    rows = {n: [] for n in names}  # type: ignore[var-annotated]
    for p in panels:  # type: ignore[union-attr]
        members = [m["name"] for m in p["members"]]
        for f in p["factors"]:
            by_name = dict(zip(members, f["levels"], strict=True))
            for n in names:
                rows[n].append(by_name.get(n, math.nan))
    matrix = np.array([rows[n] for n in names], dtype=float)
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")
    assert agreement["alpha"] == pytest.approx(expected, abs=1e-12)  # type: ignore[index]
    units = matrix.T
    assert agreement["exact"] == pytest.approx(  # type: ignore[index]
        sum(1 for u in units if u.max() == u.min()) / len(units)
    )
    assert agreement["within_one"] == 1.0  # type: ignore[index]
    bias = {e["name"]: e["bias"] for e in agreement["evaluators"]}  # type: ignore[index]
    # T. Byrne scores knowledge +0.5 and emotional +0.5 above the VLO medians, and risk +0.5 and
    # emotional +1 above the PSO medians: 2.5 levels over 22 units.
    assert bias["T. Byrne"] == pytest.approx(2.5 / 22)
    assert bias["R. Jones"] == pytest.approx(-2.5 / 22)
    assert list(bias) == ["T. Byrne", "S. Okafor", "A. Patel", "R. Jones"]


@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 6)), min_size=5, max_size=5),
        min_size=2,
        max_size=25,
    )
)
def test_alpha_agrees_with_the_krippendorff_package_with_missing_ratings(
    table: list[list[int | None]],
) -> None:
    units = [[v for v in unit if v is not None] for unit in table]
    mine = alpha_ordinal(units)
    matrix = np.array(
        [[math.nan if v is None else v for v in unit] for unit in table], dtype=float
    ).T
    pairable = sum(len(u) for u in units if len(u) >= 2)
    values = {v for u in units if len(u) >= 2 for v in u}
    if pairable < 2 or len(values) < 2:
        assert mine is None
        return
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")
    assert mine == pytest.approx(expected, abs=1e-9)


def test_alpha_by_hand() -> None:
    # Two raters, three units: (1, 1), (2, 2), (1, 2). Values 1 and 2 each appear three times.
    # Coincidences: o11 = 2, o22 = 2, o12 = o21 = 1; n = 6. Ordinal distance 1-2: (3/2 + 3/2)^2 = 9.
    # alpha = 1 - (n - 1) * (o12 + o21) * 9 / (2 * n1 * n2 * 9) = 1 - 5 * 2 / 18 = 4/9.
    assert alpha_ordinal([[1, 1], [2, 2], [1, 2]]) == pytest.approx(4 / 9)
    assert alpha_ordinal([[3, 3], [3, 3]]) is None  # no variation: undefined
    assert alpha_ordinal([[1], [2]]) is None  # nothing pairable
    assert alpha_ordinal([[1, 1], [2, 2]]) == 1.0


def test_the_table_and_markdown(in_root: Path) -> None:
    code, out, _ = run("panel", "examples/panel")
    assert code == 0
    assert "The band depends on Knowledge and experience: 4 vs 5." in out
    assert "#1  A. Patel (management): examples/panel/vlo-manager-a.yaml" in out
    assert "Agreement across 2 jobs (22 job x factor units)" in out
    code, out, _ = run("panel", "examples/panel", "-f", "markdown")
    assert out.startswith("# Panel record (jescore)")
    assert "| **Knowledge and experience** | 4 | 4 | 5 | 5 | 1 | 4/5 split | 3 → 4 |" in out
    assert (
        "Split evenly, for discussion:\n\n- Knowledge and experience\n- Emotional demands\n" in out
    )
    # The median column's footer is the median levels' total and band; Matters stays empty.
    assert "| Total (band) | 374 (3) | 374 (3) | 426 (4) | 426 (4) | | 374 (3) | |" in out
    code, out, _ = run("panel", "examples/panel", "-f", "html")
    assert '<td></td><td class="num">374 (3)</td><td></td></tr>' in out


def test_the_page_has_a_sign_off_block_kept_on_one_printed_page(in_root: Path) -> None:
    code, out, _ = run("panel", "examples/panel", "-f", "html")
    assert code == 0
    # One block per job: its heading, the agreed outcome and one line per member, each dated.
    blocks = re.findall(r'<section class="sign">\n(.*?)</section>', out, re.S)
    assert len(blocks) == 2
    for block in blocks:
        assert block.startswith("<h3>Sign-off</h3>")
        lines = re.findall(
            r'<span class="who">([^<]*)</span><span class="when">Date:</span>', block
        )
        assert lines == [
            "Agreed total and band",
            "A. Patel (management side)",
            "R. Jones (management side)",
            "S. Okafor (staff side)",
            "T. Byrne (staff side)",
        ]
    # Printed, the block is never split across pages, and each job starts a page.
    assert ".sign { break-inside: avoid; }" in out
    assert "section.panel + section.panel { break-before: page; }" in out


def test_html_is_self_contained_and_escaped(in_root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "panel"
    shutil.copytree(PANEL, folder)
    victim = folder / "vlo-staff-b.yaml"
    victim.write_text(
        victim.read_text(encoding="utf-8").replace("T. Byrne", "<script>alert(1)</script>"),
        encoding="utf-8",
    )
    code, out, _ = run("panel", folder, "-f", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "http://" not in out and "https://" not in out


def test_the_consensus_record_validates_and_keeps_everything(in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "consensus.yaml"
    files = sorted(str(p.relative_to(in_root)) for p in PANEL.glob("vlo-*.yaml"))
    code, _, err = run("panel", *files, "--consensus", "-o", out)
    assert code == 0, err
    assert "note: Knowledge and experience split evenly (4 vs 5)" in err
    record = yaml.safe_load(out.read_text(encoding="utf-8"))
    knowledge = record["factors"]["knowledge"]
    assert knowledge["level"] == 4
    assert knowledge["panel"] == {
        "discuss": True,
        "levels": [4, 5],
        "members": {"A. Patel": "4", "R. Jones": "4", "S. Okafor": "5", "T. Byrne": "5"},
    }
    shared = [e for e in knowledge["evidence"] if len(e["by"]) == 4]
    assert len(shared) == 3  # the three pieces every member cited, merged
    own = {e["by"][0] for e in knowledge["evidence"] if len(e["by"]) == 1}
    assert own == {"S. Okafor", "T. Byrne"}
    assert "discuss" not in record["factors"]["communication"]["panel"]
    # Each distinct rationale is kept once, with who gave it, in the members' order.
    assert knowledge["rationale"] == (
        "Specialist knowledge of sentencing and release procedures across the victim contact "
        "scheme. (A. Patel, R. Jones) | Professional knowledge of sentencing, release and parole "
        "law, applied case by case (the level 5 descriptor), not procedure alone. "
        "(S. Okafor, T. Byrne)"
    )
    communication = record["factors"]["communication"]
    assert communication["rationale"] == (
        "Complex, unwelcome information given to distressed people. "
        "(A. Patel, R. Jones, S. Okafor, T. Byrne)"
    )
    code, out_text, err = run("evaluate", out, "-f", "json")
    assert code == 0, err
    assert json.loads(out_text)["evaluations"][0]["score"]["total"] == 374
    code, _, err = run("panel", *files, "--consensus", "-o", out)
    assert code == 2 and "file exists" in err  # never replaced without --force


def test_an_odd_panel_has_a_true_median(in_root: Path, tmp_path: Path) -> None:
    files = [PANEL / f"vlo-{n}.yaml" for n in ("manager-a", "staff-a", "staff-b")]
    data = _json(*files)
    knowledge = data["panels"][0]["factors"][0]  # type: ignore[index]
    assert (knowledge["median"], knowledge["split"], knowledge["consensus"]) == (5.0, False, 5)
    assert data["panels"][0]["composition"] == [  # type: ignore[index]
        "not balanced: 1 management, 2 staff side"
    ]
    data = _json(*files, "--no-balance")
    assert data["panels"][0]["composition"] == []  # type: ignore[index]
    data = _json(*files[:2], "--no-balance")
    assert data["panels"][0]["composition"] == ["2 members, fewer than 3"]  # type: ignore[index]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "panel"
    shutil.copytree(PANEL, folder)
    return folder


def test_a_job_scored_under_two_schemes_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "nurse.yaml").write_text(
        (EXAMPLES / "nhs-nurse.yaml")
        .read_text(encoding="utf-8")
        .replace("reference: NHS-EXAMPLE-RN", "reference: VLO-2016"),
        encoding="utf-8",
    )
    code, out, err = run("panel", folder)
    assert code == 3
    assert "nurse.yaml:" in err and ": scheme: job 'Registered nurse" in err
    assert "one panel scores one job under one scheme" in err
    assert "Probation Services Officer" in out  # the other job is still reported


def test_a_duplicated_member_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    shutil.copy(folder / "vlo-staff-b.yaml", folder / "vlo-staff-c.yaml")
    code, _, err = run("panel", folder)
    assert code == 3
    assert (
        "vlo-staff-c.yaml:" in err
        and "evaluator.name: member 'T. Byrne' scores this job twice" in err
    )


@pytest.mark.parametrize("written", ["t.  byrne", "T.Byrne", "\uff34. Byrne", "T BYRNE"])
def test_one_member_written_another_way_is_still_one_member(tmp_path: Path, written: str) -> None:
    folder = _copy(tmp_path)
    copy = folder / "vlo-staff-c.yaml"
    copy.write_text(
        (folder / "vlo-staff-b.yaml")
        .read_text(encoding="utf-8")
        .replace("name: T. Byrne", f"name: {written}"),
        encoding="utf-8",
    )
    code, _, err = run("panel", folder)
    assert code == 3
    assert f"member '{written}' scores this job twice (also in " in err
    assert "vlo-staff-b.yaml, as 'T. Byrne')" in err


def test_members_with_different_letters_are_different(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    copy = folder / "vlo-staff-c.yaml"
    copy.write_text(
        (folder / "vlo-staff-b.yaml")
        .read_text(encoding="utf-8")
        .replace("name: T. Byrne", "name: T. Byrnes"),
        encoding="utf-8",
    )
    code, _, err = run("panel", folder)
    assert code == 0, err


def test_a_member_missing_a_factor_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    victim = folder / "vlo-staff-a.yaml"
    text = victim.read_text(encoding="utf-8")
    start = text.index("  mental:\n")
    end = text.index("  conditions:\n")
    victim.write_text(text[:start] + text[end:], encoding="utf-8")
    code, _, err = run("panel", folder)
    assert code == 3
    assert "vlo-staff-a.yaml:" in err and "no answer for factor 'mental'" in err


def test_consensus_needs_one_job_and_an_output(in_root: Path, tmp_path: Path) -> None:
    code, _, err = run("panel", "examples/panel", "--consensus", "-o", tmp_path / "c.yaml")
    assert code == 2 and "these files hold 2 jobs" in err
    code, _, err = run("panel", "examples/panel", "--consensus")
    assert code == 2 and "give the file with --output" in err


def test_members_without_an_evaluator_are_named_by_their_file(tmp_path: Path) -> None:
    for name in ("first", "second"):
        shutil.copy(EXAMPLES / "vlo.yaml", tmp_path / f"{name}.yaml")
    data = _json(tmp_path)
    (panel,) = data["panels"]  # type: ignore[index]
    assert [m["name"] for m in panel["members"]] == ["first", "second"]
    assert panel["verdict"] == "Both members put the job in Band 3"
    assert panel["composition"] == ["2 members, fewer than 3"]


@given(st.lists(st.integers(1, 6), min_size=1, max_size=7), st.randoms(use_true_random=False))
def test_the_median_and_split(levels: list[int], rnd: random.Random) -> None:
    from jescore.panel import _median

    shuffled = levels[:]
    rnd.shuffle(shuffled)
    median, split, chosen = _median(shuffled)
    ordered = sorted(levels)
    n = len(ordered)
    lower, upper = ordered[(n - 1) // 2], ordered[n // 2]
    assert median * 2 == lower + upper
    assert split is (lower != upper)
    assert chosen == lower


def test_a_panel_without_bands_says_so(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(
            (EXAMPLES / "njc-library-assistant.yaml")
            .read_text(encoding="utf-8")
            .replace("grading: njc-southampton-2015", "grading: null"),
            encoding="utf-8",
        )
    data = _json(tmp_path)
    (panel,) = data["panels"]  # type: ignore[index]
    assert panel["verdict"].startswith("No bands to compare (the scheme has none; give --bands)")
    code, out, _ = run("panel", tmp_path, "--bands", "njc-southampton-2015")
    assert code == 0 and "Both members put the job in Band 4" in out
