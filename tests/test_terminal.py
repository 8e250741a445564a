"""Every command's table, as a terminal of 80 and of 120 columns shows it, read as a person would.

For each command that writes a table, run on the shipped examples at 80 and at 120 columns
(piped: no colour, as a test or a script sees it), the test checks that

- no line is longer than the width, but for a line holding one word that is itself longer (a
  URL or a path that must stay whole to be copied);
- no line ends in spaces;
- no identifier is broken across two lines or cut short: scheme ids, grading ids, the examples'
  file names and paths, job references, and every URL the command prints at full width.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jescore.cli.emit import OFFERS
from jescore.formats import Format

from .harness import run

ROOT = Path(__file__).resolve().parents[1]
EX = "examples"
SIX = [f"{EX}/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")] + [
    f"{EX}/njc-library-assistant.yaml"
]
STAFF = ["--staff", f"{EX}/equalpay/staff.csv", "--pay-basis", "fte"]
PANEL = [f"{EX}/panel/vlo-{who}.yaml" for who in ("manager-a", "manager-b", "staff-a", "staff-b")]

#: Each command with a table, on the examples (several cases where the layout differs).
CASES: dict[str, list[str]] = {
    "evaluate": ["evaluate", f"{EX}/vlo.yaml"],
    "evaluate-many": ["evaluate", f"{EX}/vlo.yaml", f"{EX}/pso.yaml", f"{EX}/po.yaml"],
    "whatif": ["whatif", f"{EX}/vlo.yaml"],
    "whatif-target": ["whatif", f"{EX}/vlo.yaml", "--target", "4", "-n", "3"],
    "compare": ["compare", f"{EX}/vlo-draft-1.yaml", f"{EX}/vlo-draft-2.yaml"],
    "rank": ["rank", EX],
    "check": ["check", EX, "--near", "20"],
    "schemes": ["schemes"],
    "scheme show": ["scheme", "show", "probation-illustrative"],
    "scheme check": ["scheme", "check", "factors"],
    "scheme audit": ["scheme", "audit", "nhs-afc"],
    "panel": ["panel", f"{EX}/panel"],
    "panel-one": ["panel", *PANEL],
    "equalpay": ["equalpay", *SIX, *STAFF],
    "neutrality": ["neutrality", *SIX],
    "neutrality-pay": [
        "neutrality",
        f"{EX}/vlo.yaml",
        f"{EX}/pso.yaml",
        f"{EX}/po.yaml",
        *STAFF,
        "--skip-unknown-jobs",
    ],
    "match": ["match", f"{EX}/nhs-nurse.yaml", f"{EX}/profiles"],
    "match-many": ["match", f"{EX}/nhs-nurse.yaml", f"{EX}/nhs-hcsw.yaml", f"{EX}/profiles"],
    "profile show": ["profile", "show", f"{EX}/profiles/nursing-nurse.yaml"],
    "profile check": ["profile", "check", f"{EX}/profiles"],
    "import": ["import", f"{EX}/sheets/team.csv", "--check", "--into", f"{EX}/sheets/team"],
    "paygap": ["paygap", *SIX, "--staff", f"{EX}/paygap/staff.csv", "--report-date", "2027-06-07"],
    "paymodel": [
        "paymodel",
        f"{EX}/vlo-claim.yaml",
        f"{EX}/pso.yaml",
        "--staff",
        f"{EX}/paymodel/probation-staff.csv",
        "--scale",
        "probation-illustrative",
        "--from",
        "2024-04-01",
        "--backpay-from",
        "2016-04-01",
    ],
    "scale show": ["scale", "show", "nhs-afc-2025-26"],
}

URL = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:]")


def identifiers() -> set[str]:
    """What a reader copies and must find whole: ids, file names and paths, references."""
    found = {p.stem for p in (ROOT / "factors").rglob("*.yaml")}
    for path in (ROOT / EX).rglob("*.yaml"):
        relative = path.relative_to(ROOT).as_posix()
        found |= {relative, path.name}
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := re.match(r"\s*(?:reference|id):\s*([A-Za-z0-9][\w.-]+)\s*$", line):
                found.add(m[1])
    found |= {"examples/equalpay/staff.csv", "staff.csv"}
    return {i for i in found if len(i) >= 4}


IDENTIFIERS = sorted(identifiers(), key=len, reverse=True)


def table(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    code, out, err = run(*args, "--format", "table")
    assert code == 0, err
    return out


def test_every_command_with_a_table_is_here() -> None:
    with_table = {name for name, offer in OFFERS.items() if Format.TABLE in offer.formats}
    assert with_table <= {key.split("-")[0] for key in CASES}


def broken(identifier: str, lines: list[str]) -> str | None:
    """The two lines an identifier is split across ("probation-illu" / "strative"), if any."""
    for above, below in zip(lines, lines[1:], strict=False):
        end, start = above.rstrip(), below.lstrip()
        for k in range(1, len(identifier)):
            head, tail = identifier[:k], identifier[k:]
            if end.endswith(head) and start.startswith(tail):
                before = end[: -len(head)]
                if not before or not (before[-1].isalnum() or before[-1] in "-_./"):
                    return f"{above!r} / {below!r}"
    return None


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", list(CASES))
def test_table_reads_at_width(name: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    wide = table(CASES[name], 400, monkeypatch)
    text = table(CASES[name], width, monkeypatch)
    lines = text.splitlines()
    assert lines, f"{name}: no output"
    for line in lines:
        assert line == line.rstrip(), f"{name} at {width}: trailing spaces in {line!r}"
        if len(line) > width:
            words = line.split()
            assert len(words) == 1 and len(words[0]) > width - (len(line) - len(line.lstrip())), (
                f"{name} at {width}: a line of {len(line)} characters: {line!r}"
            )
    for identifier in IDENTIFIERS:
        if identifier not in wide:
            continue
        assert identifier in text, f"{name} at {width}: {identifier!r} is not shown whole"
        split = broken(identifier, lines)
        assert split is None, f"{name} at {width}: {identifier!r} split across {split}"
    for url in set(URL.findall(wide)):
        assert url in text, f"{name} at {width}: the URL {url} is broken or cut"
    assert set(URL.findall(text)) <= set(URL.findall(wide)), f"{name} at {width}: a URL is cut"


def test_a_split_identifier_is_found() -> None:
    lines = ["  probation-illu", "strative  Band 3"]
    assert broken("probation-illustrative", lines) is not None
    assert broken("probation-illustrative", ["probation-illustrative", "Band 3"]) is None
