"""The README and docs/ document every command, the exit codes, and the test command CI runs;
their console examples are run and compared with the real output."""

from __future__ import annotations

import re

import pytest

from jescore.errors import ExitCode

from .conftest import ROOT
from .readme import PAGES, Example, examples, matches, output

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}


@pytest.mark.parametrize(
    "command",
    [
        "evaluate",
        "whatif",
        "compare",
        "appeal",
        "schemes",
        "scheme show",
        "scheme check",
        "schema",
        "new",
        "rank",
        "check",
        "match",
        "profile show",
        "profile check",
        "panel",
        "equalpay",
        "scheme audit",
        "neutrality",
        "import",
        "export",
    ],
)
def test_every_command_is_documented(command: str) -> None:
    assert f"jescore {command}" in README
    assert f"$ jescore {command} --help" in DOCS["commands.md"]


def test_exit_codes_are_documented() -> None:
    for code in ExitCode:
        assert re.search(rf"^\| {code.value} \|", DOCS["exit-codes.md"], re.MULTILINE), code
        assert f"{code.value} " in README.split("## Exit codes", 1)[1][:200]


def test_the_readme_links_every_reference_page() -> None:
    for name in DOCS:
        assert f"](docs/{name})" in README, name
    for text in DOCS.values():
        for target in re.findall(r"\]\(([a-z-]+\.md)(?:#[a-z-]+)?\)", text):
            assert target in DOCS, target


def test_quick_start_runs_the_vlo_example() -> None:
    assert "jescore evaluate examples/vlo.yaml" in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r"^TEST_COMMAND='(.+)'$", ci, re.MULTILINE)
    assert match, ".ci/run must set TEST_COMMAND"
    assert match.group(1) in README


def test_every_shipped_scheme_status_is_in_the_readme() -> None:
    for line in (
        "`nhs-afc` | verified",
        "`njc` | unverified",
        "`probation-illustrative` | illustrative",
    ):
        assert line in README


CONSOLE_EXAMPLES = [e for page in PAGES for e in examples(page.read_text(encoding="utf-8"))]


def test_the_readme_has_examples() -> None:
    commands = [e.command for e in CONSOLE_EXAMPLES]
    assert "jescore evaluate examples/vlo.yaml" in commands
    assert len(commands) >= 6


@pytest.mark.parametrize("example", CONSOLE_EXAMPLES, ids=[e.command for e in CONSOLE_EXAMPLES])
def test_readme_example_matches_output(example: Example) -> None:
    actual = output(example.command)
    assert matches(example.shown, actual), (
        "console example is out of date; run tests/golden/regenerate.py\n" + "\n".join(actual)
    )


@pytest.mark.parametrize(
    ("shown", "actual", "expected"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "b"], ["a", "c"], False),
        (["a"], ["a", "b"], False),
        (["...", "b", "..."], ["a", "b", "c"], True),
        (["...", "b"], ["a", "b", "c"], False),
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["...", "x", "..."], ["a", "b"], False),
        (["a  "], ["a"], True),
    ],
)
def test_ellipsis_matching(shown: list[str], actual: list[str], expected: bool) -> None:
    assert matches(shown, actual) is expected


def test_every_test_named_for_a_promise_exists() -> None:
    """docs/input-from-strangers.md says how each promise is tested: those tests exist."""
    named = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", DOCS["input-from-strangers.md"])
    assert len(named) > 30
    for module, test in named:
        source = (ROOT / module).read_text(encoding="utf-8")
        assert re.search(rf"^def {test}\(", source, re.MULTILINE), f"{module}::{test}"
