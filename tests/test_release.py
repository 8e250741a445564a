"""What a release promises: one version, a changelog that says what is versioned."""

from __future__ import annotations

import re

from jescore import __version__
from jescore.render.kit.envelope import SHAPE_VERSION

from .conftest import ROOT

CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_version_lives_in_one_place() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "src/jescore/__init__.py"' in pyproject
    assert not re.search(r"^version\s*=", pyproject, re.MULTILINE)
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", __version__)


def test_the_changelog_covers_this_version() -> None:
    released = __version__.split(".dev")[0]
    if ".dev" in __version__:
        assert "## [Unreleased]" in CHANGELOG
    else:
        assert f"## [{released}] - " in CHANGELOG


def test_the_changelog_states_the_versions_in_force() -> None:
    assert f"| JSON output shape | {SHAPE_VERSION} |" in CHANGELOG
    for schema in sorted((ROOT / "schemas").glob("*.schema.json")):
        assert f"`schemas/{schema.name}`" in CHANGELOG, schema.name
    exit_codes = "0 success, 1 a requested gate tripped, 2 usage, 3 invalid input"
    assert f"| Exit codes | 1 | {exit_codes} |" in CHANGELOG
