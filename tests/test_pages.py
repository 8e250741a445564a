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


def test_a_long_url_may_break_anywhere_words_stay_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The claim cites a 300-character URL (no space in it) as a source and in a rationale.
    claim = "tests/fixtures/appeal/long-url-claim.yaml"
    html = page(tmp_path, monkeypatch, "appeal", "examples/vlo.yaml", claim, "-f", "html")
    url = re.search(r"https://example\.sharepoint\.com\S*", Path(ROOT / claim).read_text())
    assert url is not None and len(url.group(0)) == 300
    escaped = url.group(0).replace("&", "&amp;")
    # As the source, in brackets; in the rationale, alone: each run marked to break anywhere.
    assert f'<span class="long">({escaped})</span>' in html
    assert f'See <span class="long">{escaped}</span>' in html
    assert ".long { overflow-wrap: anywhere;" in html
    # Words and short runs are left alone; the head (title) and drawings are never touched.
    assert '<span class="long">' not in html[: html.index("<body>")]
    assert '<span class="long">Contributes' not in html
    assert "<li>Contributes victims&#39; views" in html


def test_only_runs_longer_than_a_word_in_the_body_are_marked() -> None:
    from jescore.render.kit.html import breakable

    run31, run30 = "x" * 31, "y" * 30
    html = (
        f"<head><title>{run31}</title></head><body><p>a {run31} b {run30}</p>"
        f'<svg aria-label="{run31}"><text>{run31}</text></svg><td>{run31}</td>'
        f'<footer class="provenance"><li>{run31}</li></footer></body>'
    )
    assert breakable(html) == (
        f"<head><title>{run31}</title></head><body>"
        f'<p>a <span class="long">{run31}</span> b {run30}</p>'
        f'<svg aria-label="{run31}"><text>{run31}</text></svg>'
        f'<td><span class="long">{run31}</span></td>'
        f'<footer class="provenance"><li>{run31}</li></footer></body>'
    )
