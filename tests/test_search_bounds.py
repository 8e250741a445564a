"""Bounded search: schemes within stated bounds, and a work budget that ends in a message.

A scheme from a pull request could ask for a level worth 10^14 points or 200 factors of 20
levels; the exact search over such a scheme would run out of memory or time. Scheme validation
refuses what no real scheme needs (the bounds are tested at their edges), and a search within
the bounds that would still take too long stops at its work budget with a clear message.

Time limits are on the processor time of the run (it runs in this process), not the clock's:
a machine busy with other work must not fail them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from jescore.enums import Direction
from jescore.models import MAX_FACTORS, MAX_LEVELS, MAX_POINTS, Scheme
from jescore.search import WORK_LIMIT, Constraints, Rank, find_changes

from .harness import run
from .test_search import _band, _levels

ROOT = Path(__file__).resolve().parents[1]


def _factor(i: int, points: list[int]) -> dict[str, Any]:
    return {
        "id": f"f{i}",
        "name": f"Factor {i}",
        "levels": [
            {"level": k + 1, "points": p, "summary": "made up"} for k, p in enumerate(points)
        ],
    }


def _scheme(
    factors: list[dict[str, Any]], bands: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    top = sum(f["levels"][-1]["points"] for f in factors)
    return {
        "id": "bounds",
        "name": "Bounds test scheme",
        "edition": "test",
        "status": "illustrative",
        "factors": factors,
        "grading": {
            "name": "Two bands",
            "bands": bands
            or [{"label": "1", "min": 0, "max": top // 2}, {"label": "2", "min": top // 2 + 1}],
        },
    }


def _write(folder: Path, scheme: dict[str, Any], level: int = 1) -> tuple[Path, Path]:
    """The scheme file and a questionnaire with every factor at ``level``."""
    path = folder / "scheme.yaml"
    path.write_text(yaml.safe_dump(scheme, sort_keys=False), encoding="utf-8")
    job = folder / "job.yaml"
    job.write_text(
        yaml.safe_dump(
            {
                "job": {"title": "A job"},
                "scheme": "scheme.yaml",
                "factors": {f["id"]: {"level": level} for f in scheme["factors"]},
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return path, job


def _line_of(path: Path, text: str) -> int:
    """Line number (from 1) of the first line of a file holding ``text``: found by hand."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return n
    raise AssertionError(text)


# --- the bounds, at their edges --------------------------------------------------------------


def test_the_bounds_are_what_the_docs_say() -> None:
    assert (MAX_FACTORS, MAX_LEVELS, MAX_POINTS) == (50, 50, 100_000)
    docs = (ROOT / "docs" / "file-formats.md").read_text(encoding="utf-8")
    assert "at most **50 factors**, a factor at most **50 levels**" in docs
    assert "at most **100,000 points**, and every factor at its top level totals" in docs
    shipped = json.loads((ROOT / "schemas" / "scheme.schema.json").read_text(encoding="utf-8"))
    defs = shipped["$defs"]
    assert shipped["properties"]["factors"]["maxItems"] == 50
    assert defs["Factor"]["properties"]["levels"]["maxItems"] == 50
    assert defs["Level"]["properties"]["points"]["maximum"] == 100_000


def test_fifty_factors_pass_and_fifty_one_are_refused(tmp_path: Path) -> None:
    path, _ = _write(tmp_path, _scheme([_factor(i, [1, 2]) for i in range(50)]))
    assert run("scheme", "check", path)[0] == 0
    path, _ = _write(tmp_path, _scheme([_factor(i, [1, 2]) for i in range(51)]))
    code, _, err = run("scheme", "check", path)
    assert code == 3
    line = _line_of(path, "factors:")
    assert (
        f"{path}:{line}: factors: 51 factors; a scheme may have at most 50 (real schemes have 11 "
        "to 16)"
    ) in err


def test_fifty_levels_pass_and_fifty_one_are_refused(tmp_path: Path) -> None:
    path, _ = _write(tmp_path, _scheme([_factor(0, list(range(1, 51)))]))
    assert run("scheme", "check", path)[0] == 0
    path, _ = _write(tmp_path, _scheme([_factor(0, list(range(1, 52)))]))
    code, _, err = run("scheme", "check", path)
    assert code == 3
    line = _line_of(path, "levels:")
    assert (
        f"{path}:{line}: factors[0].levels: 'f0' has 51 levels; a factor may have at most 50 "
        "(real schemes have up to 8)"
    ) in err


def test_a_level_of_100000_points_passes_and_one_more_is_refused(tmp_path: Path) -> None:
    path, _ = _write(tmp_path, _scheme([_factor(0, [0, 100_000])]))
    assert run("scheme", "check", path)[0] == 0
    path, _ = _write(tmp_path, _scheme([_factor(0, [0, 100_001])]))
    code, _, err = run("scheme", "check", path)
    assert code == 3
    line = _line_of(path, "points: 100001")
    assert (
        f"{path}:{line}: factors[0].levels[1].points: level 2 of 'f0' is worth 100,001 points; "
        "a level may be worth at most 100,000"
    ) in err
    assert "totals" not in err  # the level says it; the total would only repeat it


def test_a_total_of_100000_passes_and_one_more_is_refused(tmp_path: Path) -> None:
    path, _ = _write(tmp_path, _scheme([_factor(0, [0, 50_000]), _factor(1, [0, 50_000])]))
    assert run("scheme", "check", path)[0] == 0
    path, _ = _write(tmp_path, _scheme([_factor(0, [0, 50_000]), _factor(1, [0, 50_001])]))
    code, _, err = run("scheme", "check", path)
    assert code == 3
    line = _line_of(path, "factors:")
    assert (
        f"{path}:{line}: factors: every factor at its top level totals 100,001 points; a scheme "
        "may total at most 100,000 (the NHS and NJC schemes total 1,000, Hay-like schemes a few "
        "thousand)"
    ) in err


def test_the_shipped_schemes_are_well_inside_the_bounds() -> None:
    for path in sorted((ROOT / "factors").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        scheme = Scheme.model_validate(data)
        assert len(scheme.factors) <= 16 and scheme.max_total <= 1000, path.name
        assert max(f.top for f in scheme.factors) <= 8, path.name


@pytest.mark.parametrize(
    ("factors", "message"),
    [
        # The two schemes of the report: a level worth 10^14 points; 200 factors x 20 levels.
        (
            [_factor(0, [1, 10**14]), _factor(1, [1, 2])],
            "level 2 of 'f0' is worth 100,000,000,000,000 points; a level may be worth at most "
            "100,000",
        ),
        (
            [_factor(i, list(range(1, 21))) for i in range(200)],
            "200 factors; a scheme may have at most 50",
        ),
    ],
)
def test_the_reported_schemes_are_refused_at_once(
    tmp_path: Path, factors: list[dict[str, Any]], message: str
) -> None:
    bands = [{"label": "1", "min": 0, "max": 10}, {"label": "2", "min": 11}]
    _, job = _write(tmp_path, _scheme(factors, bands))
    start = time.process_time()
    code, out, err = run("whatif", job, "--target", "2")
    assert time.process_time() - start < 5
    assert code == 3 and out == ""
    assert message in err


# --- the work budget -------------------------------------------------------------------------


def _pathological() -> dict[str, Any]:
    """50 factors x 50 levels, 99,950 points in all: inside every bound, yet a search from the
    bottom to the upper half would build millions of sets of totals."""
    factors = [_factor(i, [(k + 1) * 39 + (i * k) % 7 + k for k in range(50)]) for i in range(50)]
    return _scheme(
        factors, [{"label": "1", "min": 0, "max": 50_000}, {"label": "2", "min": 50_001}]
    )


def test_a_pathological_scheme_within_the_bounds_stops_quickly_with_a_message(
    tmp_path: Path,
) -> None:
    scheme = _pathological()
    top = sum(f["levels"][-1]["points"] for f in scheme["factors"])
    assert top == 99_950  # inside the bounds: the scheme itself is valid
    _, job = _write(tmp_path, scheme)
    assert run("scheme", "check", tmp_path / "scheme.yaml")[0] == 0
    start = time.process_time()
    code, out, err = run("whatif", job, "--target", "2", "-f", "json")
    elapsed = time.process_time() - start
    assert elapsed < 5, elapsed
    assert code == 2 and out == ""
    last = err.splitlines()[-1]
    assert last.startswith("error: the search stopped after ")
    assert last.endswith(
        "units of work, its limit, before it finished: narrow it with --fix or --max-step"
    )
    # Narrowed as the message says, the same search answers.
    code, out, err = run("whatif", job, "--target", "2", "--max-step", "1", "-f", "json")
    assert code == 0, err


def test_the_core_says_it_stopped_and_how_much_work_it_did() -> None:
    scheme = Scheme.model_validate(_pathological())
    grading = scheme.grading
    assert grading is not None
    levels = {f.id: 1 for f in scheme.factors}
    for rank in Rank:
        result = find_changes(scheme, grading, levels, grading.bands[1], rank=rank)
        assert result.stopped and result.solutions == ()
        assert WORK_LIMIT < result.work < WORK_LIMIT + 100_000
        assert result.reason == (
            f"the search stopped after {result.work:,} units of work, its limit, before it finished"
        )


def test_a_search_stopped_early_keeps_the_smallest_solutions_found() -> None:
    scheme, grading, levels = _levels(ROOT / "examples" / "vlo.yaml")
    target = _band(grading, "4")
    whole = find_changes(scheme, grading, levels, target, limit=20)
    assert not whole.stopped and whole.work > 0
    for limit in (whole.work // 4, whole.work // 2, whole.work - 1):
        cut = find_changes(scheme, grading, levels, target, limit=20, work_limit=limit)
        assert cut.stopped and cut.more is False
        # Whatever was found before the stop is the start of the full answer, in order.
        assert cut.solutions == whole.solutions[: len(cut.solutions)]
    exact = find_changes(scheme, grading, levels, target, limit=20, work_limit=whole.work)
    assert not exact.stopped and exact.solutions == whole.solutions


def test_real_searches_stay_far_below_the_budget() -> None:
    """The NHS examples to every band, both rankings, 1000 solutions: a few per cent of it."""
    for name in ("nhs-hcsw.yaml", "nhs-nurse.yaml"):
        scheme, grading, levels = _levels(ROOT / "examples" / name)
        for band in grading.bands:
            for rank in Rank:
                result = find_changes(scheme, grading, levels, band, limit=1000, rank=rank)
                assert not result.stopped
                assert result.work < WORK_LIMIT // 50


def test_a_band_ending_far_beyond_every_total_is_searched_exactly() -> None:
    """A band may end at a huge number; the search window is cut to what can be reached."""
    factors = [_factor(0, [1, 5, 9]), _factor(1, [2, 4, 8])]
    bands = [{"label": "1", "min": 0, "max": 9}, {"label": "2", "min": 10, "max": 10**20}]
    scheme = Scheme.model_validate(_scheme(factors, bands))
    grading = scheme.grading
    assert grading is not None
    start = time.process_time()
    result = find_changes(
        scheme, grading, {"f0": 1, "f1": 1}, grading.bands[1], Constraints(direction=Direction.UP)
    )
    assert time.process_time() - start < 1
    # From 1 + 2 = 3 to at least 10, by hand: one step gives at most 5 + 2 = 7 or 1 + 4 = 5;
    # two steps: f0 to 3 (9 + 2 = 11), f1 to 3 (1 + 8 = 9, short), or one each (5 + 4 = 9,
    # short). So f0 1 -> 3 (two steps, 11) is the only two-step answer.
    first = result.solutions[0]
    assert [(c.factor.id, c.to_level) for c in first.changes] == [("f0", 3)]
    assert first.total == 11


def test_an_appeal_whose_search_stops_says_so(tmp_path: Path) -> None:
    """50 challenges of +1 point each, 1 point needed: 50 single challenges reach the band,
    and with --top 1000 the search would go on through millions of larger, non-minimal sets."""
    factors = [_factor(i, [10, 11]) for i in range(50)]
    bands = [{"label": "1", "min": 0, "max": 500}, {"label": "2", "min": 501}]
    _, award = _write(tmp_path, _scheme(factors, bands), level=1)  # 50 x 10 = 500: Band 1
    claim = tmp_path / "claim.yaml"
    claim.write_text(
        award.read_text(encoding="utf-8").replace("level: 1", "level: 2"), encoding="utf-8"
    )
    start = time.process_time()
    code, out, err = run("appeal", award, claim, "--top", "1000", "-f", "json")
    assert time.process_time() - start < 5
    assert code == 0, err
    v = json.loads(out)
    assert v["search_stopped"] is True
    # The 50 single challenges were found (each +1, total 501) before the search stopped.
    assert len(v["minimal_sets"]) == 50
    assert all(s["points"] == 1 and s["score"]["total"] == 501 for s in v["minimal_sets"])
    code, out, err = run("appeal", award, claim, "--top", "1000")
    assert code == 0, err
    assert (
        "- The search for sets of challenges stopped at its work limit: the sets listed are "
        "those found before it stopped."
    ) in out
    assert "No set of these challenges" not in out
