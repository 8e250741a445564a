"""Shared test set-up: fixed terminal width, no colour, paths to fixtures and examples."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"

# CI runs a short hypothesis profile; a local long run can pick "long" with
# --hypothesis-profile=long.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
# Mutation testing runs the tests once per mutant: fewer examples each (benchmarks/mutation.sh).
settings.register_profile("mutation", max_examples=30, deadline=None)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic human output whatever the developer's terminal says."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository root as the working folder (paths as a user types them)."""
    monkeypatch.chdir(ROOT)
    return ROOT


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On Windows, skip (and so report) the tests marked ``posix``: they need FIFOs, device
    files, symbolic links a user may create, POSIX permission bits or bash."""
    if sys.platform != "win32":
        return
    skip = pytest.mark.skip(reason="needs a POSIX system (see the posix marker)")
    for item in items:
        if "posix" in item.keywords:
            item.add_marker(skip)


def pytest_report_header() -> str:
    return f"jescore tests from {os.path.relpath(ROOT)}"
