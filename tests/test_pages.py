"""The printable pages of evaluate (an evaluation pack) and match (a matching record)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .harness import run

ROOT = Path(__file__).resolve().parents[1]


def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "page.html"
    code, _, err = run(*args, "-o", target)
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def test_evaluation_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = page(tmp_path, monkeypatch, "evaluate", "examples/vlo.yaml")
    assert "@page { size: A4;" in html
    # What a panel reads first: the job, its reference and organisation, before any table.
    top = html[: html.index("<table>")]
    assert "<h1>Evaluation: Victim Liaison Officer</h1>" in top
    assert "<dt>Reference</dt><dd>VLO-2016</dd>" in top
    assert "<dt>Organisation</dt><dd>Probation Service (England and Wales)</dd>" in top
    assert "banner-illustrative" in top
    # Per factor: level, points, the scheme's level description, the evidence, the rationale
    # (all from examples/vlo.yaml and factors/probation-illustrative.yaml).
    assert "<h4>Knowledge and experience: level 4, 110 points</h4>" in html
    assert (
        "Level description:</span> Specialist knowledge of legislation and procedures across "
        "an area of work" in html
    )
    assert "<li>Works within the statutory victim contact scheme and multi-agency public" in html
    assert "Rationale:</span> Specialist knowledge of sentencing and release procedures" in html
    assert '<td>Total</td><td></td><td class="num">374</td>' in html
    # Hashes only in the provenance block at the end.
    hashes = [m.start() for m in re.finditer(r"[0-9a-f]{64}", html)]
    assert hashes and min(hashes) > html.index('<footer class="provenance">')


def test_paper_letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = page(tmp_path, monkeypatch, "evaluate", "examples/vlo.yaml", "--paper", "letter")
    assert "@page { size: letter;" in html


def test_matching_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = page(tmp_path, monkeypatch, "match", "examples/nhs-nurse.yaml", "examples/profiles")
    top = html[: html.index("<table>")]
    assert "<h1>Job matching record: Registered nurse, adult ward (example)</h1>" in top
    assert "<dt>Reference</dt><dd>NHS-EXAMPLE-RN</dd>" in top
    assert "<dt>Evaluated</dt><dd>388 points, Band 5 (nhs-afc)</dd>" in top
    assert '<thead><tr><th class="num">#</th><th>Profile</th>' in html
    assert "match-with-variations" in html and "<h2>Decision</h2>" in html
    hashes = [m.start() for m in re.finditer(r"[0-9a-f]{64}", html)]
    assert hashes and min(hashes) > html.index('<footer class="provenance">')
