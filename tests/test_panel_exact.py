"""Panel helpers at their edges: words for counts, composition findings, the job key."""

from __future__ import annotations

import pytest

from jescore.models import FileRef, Job
from jescore.panel import Composition, Member, _number, composition_findings, job_key


def _member(name: str, side: str | None) -> Member:
    return Member(name, side, FileRef(f"{name}.yaml", "0" * 64), (1,), ("",), (), (), 10, None)


@pytest.mark.parametrize(
    ("n", "word"),
    [(3, "three"), (4, "four"), (5, "five"), (6, "six"), (7, "seven"), (8, "eight"), (9, "9")],
)
def test_counts_in_words(n: int, word: str) -> None:
    assert _number(n) == word


@pytest.mark.parametrize(
    ("sides", "rule", "expected"),
    [
        (["management", "staff", "staff"], Composition(), ("not balanced: 1 management, 2 "
                                                           "staff side",)),
        (["staff", "staff", "staff"], Composition(), ("not balanced: 0 management, 3 staff side",)),
        (["management"] * 3, Composition(), ("not balanced: 3 management, 0 staff side",)),
        (["management", "staff", None], Composition(), ("1 member gives no side",)),
        (["management", "staff", None, None], Composition(), ("2 members give no side",)),
        (["management", "staff"], Composition(), ("2 members, fewer than 3",)),
        (["management"], Composition(min_members=1, balance=False), ()),
        ([None], Composition(), ("1 member, fewer than 3",)),
        ([None, None, None], Composition(), ()),
        (["independent", "management", "staff"], Composition(), ()),
        (["management", "staff", "staff"], Composition(balance=False), ()),
    ],
)  # fmt: skip
def test_composition(sides: list[str | None], rule: Composition, expected: tuple[str, ...]) -> None:
    members = tuple(_member(f"m{i}", s) for i, s in enumerate(sides))
    assert composition_findings(members, rule) == expected


def test_the_job_key_ignores_case_and_spacing() -> None:
    assert job_key(Job(title="x", reference="  VLO  2016 ")) == "vlo 2016"
    assert job_key(Job(title=" Victim   Liaison Officer")) == "victim liaison officer"
