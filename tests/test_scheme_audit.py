"""``scheme audit`` and factor criteria: shares and floors checked against a plain computation
over the scheme file itself, criteria in scheme files and in ``scheme show``, the pairs, the
checklist, bad input, and every format."""

from __future__ import annotations

import json
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT
from tests.harness import run

CRITERIA = ("skills", "effort", "responsibility", "working-conditions")


def audit(scheme: str | Path, *extra: str) -> dict[str, object]:
    code, out, err = run("scheme", "audit", scheme, "-f", "json", *extra)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def plain(path: Path, floor: Fraction = Fraction(5)) -> dict[str, object]:
    """Shares and floors straight from the YAML: no jescore code involved."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    tops = {f["id"]: max(level["points"] for level in f["levels"]) for f in doc["factors"]}
    total = sum(tops.values())
    criteria = {c: [f["id"] for f in doc["factors"] if f.get("criterion") == c] for c in CRITERIA}
    return {
        "total": total,
        "shares": {fid: round(100 * top / total, 2) for fid, top in tops.items()},
        "below": [fid for fid, top in tops.items() if Fraction(100 * top, total) < floor],
        "criteria": {
            c: (ids, sum(tops[i] for i in ids), round(100 * sum(tops[i] for i in ids) / total, 2))
            for c, ids in criteria.items()
        },
        "missing": [c for c, ids in criteria.items() if not ids],
    }


@pytest.mark.parametrize("scheme", ["nhs-afc", "njc", "probation-illustrative"])
def test_shares_and_floors_match_a_plain_computation(scheme: str) -> None:
    data = audit(scheme)
    expected = plain(ROOT / "factors" / f"{scheme}.yaml")
    assert data["total_points"] == expected["total"]
    factors = data["factors"]
    assert isinstance(factors, list)
    assert {f["id"]: f["share_pct"] for f in factors} == expected["shares"]
    assert [f["id"] for f in factors if f["below_floor"]] == expected["below"]
    assert data["floor"]["below"] == expected["below"]  # type: ignore[index]
    criteria = data["criteria"]
    assert isinstance(criteria, list)
    assert {
        c["criterion"]: (c["factors"], c["top_points"], c["share_pct"]) for c in criteria
    } == expected["criteria"]
    assert data["missing_criteria"] == expected["missing"]


def test_the_nhs_plan_s_weights_as_the_facts_give_them() -> None:
    # Worked by hand from the published points: skills 480, responsibility 420 (freedom to act
    # read as responsibility), effort 75, working conditions 25, of 1,000.
    data = audit("nhs-afc")
    shares = {c["criterion"]: c["share_pct"] for c in data["criteria"]}  # type: ignore[attr-defined]
    assert shares == {
        "skills": 48.0,
        "effort": 7.5,
        "responsibility": 42.0,
        "working-conditions": 2.5,
    }
    assert data["floor"]["below"] == [  # type: ignore[index]
        "physical-effort",
        "mental-effort",
        "emotional-effort",
        "working-conditions",
    ]
    # The NJC plan (points unverified): smallest factor 5.0%, so nothing below a 5% floor.
    assert audit("njc")["floor"]["below"] == []  # type: ignore[index]


@pytest.mark.parametrize("floor", ["2.5", "2.6", "6", "0"])
def test_the_floor_is_exact_at_its_edge(floor: str) -> None:
    data = audit("nhs-afc", "--floor", floor)
    expected = plain(ROOT / "factors" / "nhs-afc.yaml", Fraction(floor))
    assert data["floor"]["below"] == expected["below"]  # type: ignore[index]
    assert data["floor"]["pct"] == float(floor)  # type: ignore[index]
    # 25 of 1000 is exactly 2.5%: not below a floor of 2.5.
    if floor == "2.5":
        assert expected["below"] == []


def test_a_floor_out_of_range_is_a_usage_error() -> None:
    code, _, err = run("scheme", "audit", "nhs-afc", "--floor", "101")
    assert code == 2 and "--floor" in err


def _scheme(tmp_path: Path, factors: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        "id: s\nname: S\nedition: test\nstatus: illustrative\nfactors:\n" + factors,
        encoding="utf-8",
    )
    return path


def _factor(fid: str, name: str, criterion: str | None, *points: int) -> str:
    crit = f"    criterion: {criterion}\n" if criterion else ""
    levels = "".join(
        f"      - {{level: {i + 1}, points: {p}, summary: l{i + 1}}}\n"
        for i, p in enumerate(points)
    )
    return f"  - id: {fid}\n    name: {name}\n{crit}    levels:\n{levels}"


def test_a_criterion_with_no_factor_and_factors_without_one(tmp_path: Path) -> None:
    path = _scheme(
        tmp_path,
        _factor("know", "Knowledge", "skills", 10, 20, 40)
        + _factor("lift", "Physical effort", "effort", 5, 10)
        + _factor("misc", "Something else", None, 1, 2, 3, 50),
    )
    data = audit(path)
    assert data["missing_criteria"] == ["responsibility", "working-conditions"]
    assert data["unmapped_factors"] == ["misc"]
    expected = plain(path)
    assert {f["id"]: f["share_pct"] for f in data["factors"]} == expected["shares"]  # type: ignore[attr-defined]
    code, out, _ = run("scheme", "audit", path)
    out = " ".join(out.split())  # the table wraps lines
    assert code == 0
    assert "No factor of this scheme says it measures: responsibility, working conditions." in out
    assert "1 factor(s) do not say which criterion they measure" in out
    # The checklist still lists the demands of a criterion with no factor, and says so.
    assert "none: no factor says it measures this criterion" in out


def test_level_steps_are_shown_as_they_rise(tmp_path: Path) -> None:
    path = _scheme(
        tmp_path,
        _factor("a", "Even", "skills", 10, 20, 30)
        + _factor("b", "Widening", "skills", 1, 2, 4, 8)
        + _factor("c", "Narrowing", "skills", 10, 18, 24)
        + _factor("d", "Uneven", "skills", 1, 5, 6, 20)
        + _factor("e", "Single", "skills", 7),
    )
    steps = {f["id"]: (f["steps"], f["step_shape"]) for f in audit(path)["factors"]}  # type: ignore[attr-defined]
    assert steps == {
        "a": ([10, 10], "even"),
        "b": ([1, 2, 4], "widening"),
        "c": ([8, 6], "narrowing"),
        "d": ([4, 1, 14], "uneven"),
        "e": ([], "one level"),
    }


def test_points_that_do_not_rise_are_refused_with_their_line(tmp_path: Path) -> None:
    path = _scheme(tmp_path, _factor("a", "A", "skills", 10, 10, 30))
    code, out, err = run("scheme", "audit", path)
    assert code == 3 and out == ""
    assert f"{path}:11: factors[0].levels[1].points: points must rise with the level" in err


def test_pairs_the_ehrc_names_with_their_ratios() -> None:
    pairs = {
        (p["pair"], p["first"]["id"], p["second"]["id"]): p["ratio"]
        for p in audit("nhs-afc")["pairs"]  # type: ignore[attr-defined]
    }
    # Top points from the published plan: physical effort 25, mental 25, emotional 25,
    # physical skills 60, financial 60, patient care 60, human resources 60.
    assert pairs == {
        ("physical-effort/mental-effort", "physical-effort", "mental-effort"): 1.0,
        ("physical-effort/emotional-effort", "physical-effort", "emotional-effort"): 1.0,
        ("physical-effort/manual-dexterity", "physical-effort", "physical-skills"): round(
            25 / 60, 3
        ),
        ("financial-responsibility/people-responsibility", "financial", "patient-care"): 1.0,
        ("financial-responsibility/people-responsibility", "financial", "human-resources"): 1.0,
    }
    # The illustrative probation scheme has no physical effort and no financial factor.
    probation = audit("probation-illustrative")
    assert probation["pairs"] == []
    assert probation["unpaired"] == [
        {"pair": "physical-effort/mental-effort", "missing": ["physical-effort"]},
        {"pair": "physical-effort/emotional-effort", "missing": ["physical-effort"]},
        {
            "pair": "physical-effort/manual-dexterity",
            "missing": ["physical-effort", "manual-dexterity"],
        },
        {
            "pair": "financial-responsibility/people-responsibility",
            "missing": ["financial-responsibility"],
        },
    ]


def test_one_factor_measuring_both_sides_of_a_pair_gives_no_ratio(tmp_path: Path) -> None:
    path = _scheme(tmp_path, _factor("pm", "Physical and mental effort", "effort", 5, 10))
    data = audit(path)
    assert {"pair": "physical-effort/mental-effort", "missing": []} in data["unpaired"]  # type: ignore[operator]
    code, out, _ = run("scheme", "audit", path)
    out = " ".join(out.split())
    assert "Physical effort against mental effort: one factor measures both; no ratio." in out


def test_the_checklist_sits_beside_the_factors_of_its_criterion() -> None:
    data = audit("njc")
    demands = data["overlooked"]
    assert isinstance(demands, list) and len(demands) == 15
    effort = [d for d in demands if d["criterion"] == "effort"]
    assert {tuple(d["factors"]) for d in effort} == {
        ("physical-demands", "mental-demands", "emotional-demands")
    }
    assert any("de-escalating" in d["demand"] for d in effort)
    code, out, _ = run("scheme", "audit", "njc", "-f", "markdown")
    assert code == 0
    assert "- [ ] Emotional effort of calming and de-escalating people" in out
    assert "NJC for Local Government Services, Job Evaluation Technical Note 2" in out


# --- criteria in scheme files -----------------------------------------------------------------


def test_a_criterion_outside_the_four_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    path = _scheme(tmp_path, _factor("a", "A", "caring", 1, 2))
    for args in (("scheme", "check", path), ("scheme", "audit", path), ("scheme", "show", path)):
        code, out, err = run(*args)
        assert code == 3 and out == "", args
        assert (
            f"{path}:8: factors[0].criterion: input should be 'skills', 'effort', "
            "'responsibility' or 'working-conditions', got 'caring'" in err
        ), err


def test_every_shipped_factor_has_a_criterion_and_the_readings_are_said() -> None:
    for path in (ROOT / "factors").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert all(f.get("criterion") in CRITERIA for f in doc["factors"]), path
        assert "jescore's reading" in path.read_text(encoding="utf-8"), path
    nhs = (ROOT / "factors" / "nhs-afc.yaml").read_text(encoding="utf-8")
    assert "freedom to act is read as responsibility" in nhs


def test_scheme_show_carries_the_criteria_in_every_format() -> None:
    code, out, _ = run("scheme", "show", "nhs-afc")
    assert code == 0 and "criterion: responsibility" in " ".join(out.split())
    code, out, _ = run("scheme", "show", "nhs-afc", "-f", "markdown")
    assert "## Freedom to act (`freedom-to-act`)\n\nCriterion: responsibility\n" in out
    code, out, _ = run("scheme", "show", "nhs-afc", "-f", "json")
    factors = json.loads(out)["scheme"]["factors"]
    assert {f["id"]: f["criterion"] for f in factors}["emotional-effort"] == "effort"
    # A scheme without criteria shows none, and its JSON says null.
    code, out, _ = run("scheme", "show", FIXTURES / "mini-scheme.yaml", "-f", "json")
    assert all(f["criterion"] is None for f in json.loads(out)["scheme"]["factors"])


def test_the_json_schema_of_schemes_knows_the_four_criteria() -> None:
    schema = json.loads((ROOT / "schemas" / "scheme.schema.json").read_text(encoding="utf-8"))
    criterion = schema["$defs"]["Factor"]["properties"]["criterion"]
    enum = next(s["enum"] for s in criterion["anyOf"] if "enum" in s)
    assert enum == list(CRITERIA)


# --- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_every_text_format_says_the_same_facts(fmt: str) -> None:
    code, out, err = run("scheme", "audit", "nhs-afc", "-f", fmt)
    assert code == 0, err
    out = " ".join(out.split())
    facts = ('"share_pct": 2.5', '"share_pct": 48.0') if fmt == "json" else ("2.5%", "48.0%")
    for fact in (*facts, "Technical Note 2", "de-escalat"):
        assert fact in out, (fmt, fact)


def test_the_word_document_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    one, two = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("scheme", "audit", "nhs-afc", "-o", one)[0] == 0
    assert run("scheme", "audit", "nhs-afc", "-o", two)[0] == 0
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as document:
        text = document.read("word/document.xml").decode("utf-8")
    assert "Physical effort" in text and "☐ yes" in text and "Technical Note 2" in text


def test_a_factor_worth_nothing_gives_no_ratio_and_no_division_by_zero(tmp_path: Path) -> None:
    path = _scheme(
        tmp_path,
        _factor("lift", "Physical effort", "effort", 5, 10)
        + _factor("think", "Mental effort", "effort", 0),
    )
    data = audit(path)
    assert data["pairs"] == [
        {
            "pair": "physical-effort/mental-effort",
            "first": {"id": "lift", "name": "Physical effort", "top_points": 10},
            "second": {"id": "think", "name": "Mental effort", "top_points": 0},
            "ratio": None,
        }
    ]
    code, out, _ = run("scheme", "audit", path)
    assert code == 0 and "no ratio (0 points)" in " ".join(out.split())


def test_a_share_just_below_the_floor_is_never_shown_at_it(tmp_path: Path) -> None:
    # 4,999 of 100,000 points: 4.999%, below the 5% floor; rounded to 5.00 it would contradict
    # its own "below" mark.
    path = _scheme(
        tmp_path,
        _factor("small", "Small", "skills", 1, 4999)
        + _factor("big", "Big", "effort", 1, 95000)
        + _factor("r", "R", "responsibility", 0, 1),
    )
    data = audit(path)
    small = next(f for f in data["factors"] if f["id"] == "small")  # type: ignore[attr-defined]
    assert small["below_floor"] is True and small["share_pct"] == 4.99


def test_a_floor_the_user_gives_is_not_attributed_to_the_njc() -> None:
    data = audit("nhs-afc", "--floor", "40")
    assert data["floor"]["source"].startswith("40%, given with --floor")  # type: ignore[index]
    code, out, _ = run("scheme", "audit", "nhs-afc", "--floor", "40")
    assert code == 0
    assert "Floor: 40%, given with --floor (NJC Technical Note 2 sets 5%)" in " ".join(out.split())
