"""Every example evaluates, and matches its stored JSON and markdown results.

The stored results were reviewed by hand when written (totals and bands are also asserted
independently in test_engine.py). After an intended change, regenerate them with
``python tests/golden/regenerate.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import EXAMPLES, GOLDEN
from .harness import run

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _without_version(text: str) -> dict[str, object]:
    data = json.loads(text)
    data.pop("jescore_version")
    return data


def test_every_example_has_golden_files() -> None:
    assert len(EXAMPLE_FILES) >= 6
    stored = {p.name.split(".")[0] for p in GOLDEN.glob("*.json")}
    assert stored == {p.stem for p in EXAMPLE_FILES}


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_matches_golden(example: Path, in_root: Path) -> None:
    rel = example.relative_to(in_root).as_posix()
    code, out, err = run("evaluate", rel, "--format", "json")
    assert code == 0, err
    expected = (GOLDEN / f"{example.stem}.json").read_text(encoding="utf-8")
    assert _without_version(out) == _without_version(expected)
    code, out, _ = run("evaluate", rel, "--format", "markdown")
    assert code == 0
    assert out == (GOLDEN / f"{example.stem}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_matching_and_profiles_match_golden(fmt: str, in_root: Path) -> None:
    suffix = {"markdown": "md"}.get(fmt, fmt)
    cases = [
        (("match", "examples/nhs-nurse.yaml", "examples/profiles"), GOLDEN / "match" / "nhs-nurse"),
    ]
    for profile in sorted((EXAMPLES / "profiles").glob("*.yaml")):
        rel = profile.relative_to(in_root).as_posix()
        cases.append((("profile", "show", rel), GOLDEN / "profile" / profile.stem))
    for args, golden in cases:
        code, out, err = run(*args, "--format", fmt)
        assert code == 0, err
        expected = golden.with_suffix(f".{suffix}").read_text(encoding="utf-8")
        if fmt == "json":
            assert _without_version(out) == _without_version(expected)
        else:
            assert out == expected
