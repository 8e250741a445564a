"""Shell completion: command names, options, and shipped scheme and grading ids.

Completion runs the program with the words typed so far in the environment, as bash does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def complete(words: str, tmp_path: Path) -> list[str]:
    env = {
        **os.environ,
        "_JESCORE_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    done = subprocess.run(
        [sys.executable, "-m", "jescore"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("jescore ma", ["match"]),
        ("jescore pro", ["profile"]),
        ("jescore profile ", ["check", "show"]),
        ("jescore scheme show n", ["nhs-afc", "njc"]),
        ("jescore scheme show p", ["probation-illustrative"]),
        ("jescore new --scheme nhs", ["nhs-afc"]),
        ("jescore rank --bands n", ["njc-southampton-2015"]),
        ("jescore match --max-", ["--max-varying", "--max-step"]),
        ("jescore compare --fail-on band-", ["band-change", "band-down", "band-up"]),
    ],
)
def test_completion_offers(words: str, expected: list[str], tmp_path: Path) -> None:
    assert sorted(complete(words, tmp_path)) == sorted(expected)


def test_a_path_is_left_to_the_shell(tmp_path: Path) -> None:
    # No id starts with './': the shell's own file completion takes over (complete -o default).
    assert complete("jescore scheme show ./", tmp_path) == []


def test_the_completion_script_is_shown(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jescore", "--show-completion", "bash"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "complete -o default -F _jescore_completion jescore" in done.stdout
