"""Records keep the decision: the consensus record and the appeal say what the panel decided.

- The consensus record carries the members' scheme version and their grading, so it evaluates
  to the band the panel reached; it is written by a YAML emitter from cleaned strings and reads
  back as itself.
- Evaluator names are one member whatever their case and spacing.
- An even split is not settled by jescore: the record marks it with both levels and the outcome
  both ways, every command warns on it, and --strict refuses it.
- Grouping problems come with their lines from the first load; nothing is parsed twice.
- ``appeal`` says plainly when a claim is not above the award, never contradicts itself, counts
  a letter-only change as challenged and marks evidence new in the claim in every format.

Expected values are worked out by hand from the illustrative scheme's points (knowledge 4: 110,
5: 150; communication 4: 60, 5: 80; emotional 3: 24, 4: 36) and the VLO's 374 points.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from jescore import engine, loader
from jescore.appeal import analyse
from jescore.loader import Library
from jescore.render import appeal as appeal_render

from .conftest import EXAMPLES, ROOT
from .harness import run

PANEL = EXAMPLES / "panel"
MEMBERS = ("vlo-manager-a", "vlo-manager-b", "vlo-staff-a", "vlo-staff-b")
SCHEME = ROOT / "factors" / "probation-illustrative.yaml"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _panel(folder: Path, changes: dict[str, dict[str, int]] | None = None) -> list[Path]:
    """The four VLO members copied into ``folder``, with levels changed where asked."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in MEMBERS:
        text = (PANEL / f"{name}.yaml").read_text(encoding="utf-8")
        for factor, level in (changes or {}).get(name, {}).items():
            text, n = re.subn(rf"(?m)^(  {factor}:\n    level: )[0-9]+$", rf"\g<1>{level}", text)
            assert n == 1, (name, factor)
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _line(path: Path, text: str, nth: int = 1) -> int:
    """The line (from 1) of the ``nth`` line of a file holding ``text``, found by hand."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if text in line]  # fmt: skip
    return hits[nth - 1]


def _record(files: list[Path], out: Path, *extra: str) -> tuple[dict[str, Any], str]:
    code, _, err = run("panel", *files, "--consensus", "-o", out, *extra)
    assert code == 0, err
    return yaml.safe_load(out.read_text(encoding="utf-8")), err


def _evaluate(path: Path, *extra: str) -> tuple[dict[str, Any], str]:
    code, out, err = run("evaluate", path, "-f", "json", *extra)
    assert code == 0, err
    [evaluation] = json.loads(out)["evaluations"]
    return evaluation, err


# --- the record keeps the scheme version and the grading ---------------------------------------

LOCAL_BANDS = """\
name: Local grades (a test)
scheme: probation-illustrative
bands:
  - {label: A, min: 0, max: 299}
  - {label: B, min: 300, max: 359}
  - {label: C, min: 360, max: 419}
  - {label: D, min: 420}
"""


def _with_local_grading(folder: Path) -> list[Path]:
    """Members naming a local grading; S. Okafor at knowledge 4 and emotional 3 (374)."""
    files = _panel(folder, {"vlo-staff-a": {"knowledge": 4, "emotional": 3}})
    (folder / "bands.yaml").write_text(LOCAL_BANDS, encoding="utf-8")
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("scheme: probation-illustrative\n",
                         "scheme: probation-illustrative\ngrading: bands.yaml\n"),
            encoding="utf-8",
        )  # fmt: skip
    return files


def test_a_record_under_a_local_grading_evaluates_to_the_panels_band(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = _with_local_grading(tmp_path / "panel")
    # Totals 374, 374, 374 and 426 (374 + 40 + 12): the median member is in C (360-419),
    # which the scheme's own bands call Band 3 (280-394).
    code, out, err = run("panel", *files, "-f", "json")
    assert code == 0, err
    (panel,) = json.loads(out)["panels"]
    assert [m["score"]["band"]["label"] for m in panel["members"]] == ["C", "C", "C", "D"]
    assert panel["consensus"]["total"] == 374
    assert panel["consensus"]["band"]["label"] == "C"
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "record.yaml"
    record, _ = _record(files, target)
    assert record["scheme"] == "probation-illustrative"
    assert record["grading"] == "../panel/bands.yaml"  # re-pointed from the record's folder
    assert record["panel"]["scheme"] == {"sha256": _sha(SCHEME), "edition": "jescore example, 2026"}
    assert record["panel"]["grading"] == {"sha256": _sha(tmp_path / "panel" / "bands.yaml")}
    assert record["panel"]["members"] == [
        {"name": "A. Patel", "side": "management"},
        {"name": "R. Jones", "side": "management"},
        {"name": "S. Okafor", "side": "staff"},
        {"name": "T. Byrne", "side": "staff"},
    ]
    evaluated, err = _evaluate(target)
    assert evaluated["score"]["total"] == 374
    assert evaluated["score"]["band"]["label"] == "C"  # not the scheme's Band 3
    assert ": warning:" not in err  # nothing split, nothing changed: a settled record


def test_a_record_warns_when_its_grading_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = _with_local_grading(tmp_path / "panel")
    target = tmp_path / "record.yaml"
    _record(files, target)
    bands = tmp_path / "panel" / "bands.yaml"
    before = _sha(bands)
    bands.write_text(LOCAL_BANDS.replace("Local grades", "Local grades, revised"), "utf-8")
    after = _sha(bands)
    line = _line(target, "sha256: " + before)
    message = (
        f"{target}:{line}: warning: panel.grading.sha256: the panel banded this job with another "
        f"grading file (sha256 {before[:12]}) than this run uses: {bands} (sha256 {after[:12]})"
    )
    evaluated, err = _evaluate(target)
    assert evaluated["score"]["band"]["label"] == "C"
    assert message + "; --strict refuses it" in err
    code, _, err = run("rank", target, "--strict")
    assert code == 3
    assert message.replace(" warning:", "") + "; refused under --strict" in err


def test_bands_given_on_the_command_line_go_into_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = _panel(tmp_path / "panel", {"vlo-staff-a": {"knowledge": 4, "emotional": 3}})
    (tmp_path / "bands.yaml").write_text(LOCAL_BANDS, encoding="utf-8")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "record.yaml"
    record, _ = _record(files, target, "--bands", "bands.yaml")
    assert record["grading"] == "../bands.yaml"
    assert _evaluate(target)[0]["score"]["band"]["label"] == "C"


def test_a_record_warns_when_its_scheme_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    scheme = tmp_path / "scheme.yaml"
    shutil.copy(SCHEME, scheme)
    files = _panel(tmp_path / "panel", {"vlo-staff-a": {"knowledge": 4, "emotional": 3}})
    for path in files:
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "scheme: probation-illustrative", "scheme: ../scheme.yaml"
            ),
            encoding="utf-8",
        )
    target = tmp_path / "record.yaml"
    record, _ = _record(files, target)
    assert record["scheme"] == "scheme.yaml"
    before = _sha(scheme)
    assert record["panel"]["scheme"]["sha256"] == before
    # Knowledge level 7 is worth 245; the file now says 246 (its top level: no job uses it).
    text = scheme.read_text(encoding="utf-8")
    assert text.count("points: 245") == 1
    scheme.write_text(text.replace("points: 245", "points: 246"), encoding="utf-8")
    after = _sha(scheme)
    line = _line(target, "sha256: " + before)
    message = (
        f"{target}:{line}: warning: panel.scheme.sha256: the panel scored this job under another "
        f"version of scheme 'probation-illustrative' (sha256 {before[:12]}, edition 'jescore "
        f"example, 2026'); {scheme} is now sha256 {after[:12]}, edition 'jescore example, "
        "2026': levels may be worth other points"
    )
    _, err = _evaluate(target)
    assert message + "; --strict refuses it" in err
    code, _, err = run("evaluate", target, "--strict")
    assert code == 3
    assert message.replace(" warning:", "") + "; refused under --strict" in err


# --- written through a YAML emitter, every string made safe, read back as itself ---------------


def test_the_record_is_safe_and_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "panel"
    files = _panel(folder)
    # Two members named by their files, whose names hold a terminal escape and a bidi override;
    # two named in YAML with a C1 control, a direction override and YAML's own punctuation.
    renamed = []
    for path, stem in zip(files[:2], ["esc\x1b[31mred", "rtl\u202eevil"], strict=True):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^evaluator:\n  name: .*\n  side: .*\n", "", text)
        new = folder / f"{stem}.yaml"
        new.write_text(text, encoding="utf-8")
        path.unlink()
        renamed.append(new)
    hostile = {
        files[2]: r'"C1\u0085 and \u202eback"',
        files[3]: '"yes: no # it\'s 012, \\"quoted\\""',
    }
    for path, name in hostile.items():
        text = path.read_text(encoding="utf-8")
        start = text.index("\n  name: ") + 1
        end = text.index("\n", start)
        path.write_text(f"{text[:start]}  name: {name}{text[end:]}", encoding="utf-8")
    target = tmp_path / "record.yaml"
    record, err = _record([*renamed, files[2], files[3]], target)
    raw = target.read_text(encoding="utf-8")
    for bad in ("\x1b", "\u202e", "\x85"):
        assert bad not in raw
    names = [m["name"] for m in record["panel"]["members"]]
    assert sorted(names) == sorted(
        [
            "esc\\x1b[31mred",
            "rtl\\u202eevil",
            "C1\\x85 and \\u202eback",
            'yes: no # it\'s 012, "quoted"',
        ]
    )
    assert set(record["factors"]["knowledge"]["panel"]["members"]) == set(names)
    # Only fixed text is ever a comment: no name reaches one.
    comments = [line for line in raw.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) == 4 and all("jescore" in c or "discuss" in c or "panel" in c
                                      for c in comments)  # fmt: skip
    evaluated, _ = _evaluate(target)
    assert evaluated["score"]["total"] == 374
    # The record is a questionnaire like any other: the panel reads it back too.
    assert record["job"]["version"].startswith("panel consensus of ")


# --- evaluator names: case and spacing aside ---------------------------------------------------


def test_the_same_member_twice_is_refused_whatever_the_case_and_spacing(tmp_path: Path) -> None:
    files = _panel(tmp_path / "panel")
    victim = files[3]  # T. Byrne, renamed after S. Okafor
    victim.write_text(
        victim.read_text(encoding="utf-8").replace("name: T. Byrne", "name: s.  OKAFOR"),
        encoding="utf-8",
    )
    code, out, err = run("panel", *files)
    assert code == 3 and out == ""
    line = _line(victim, "name: s.  OKAFOR")
    assert (
        f"{victim}:{line}: evaluator.name: member 's.  OKAFOR' scores this job twice (also in "
        f"{files[2]}, as 'S. Okafor'); names are compared by their letters and digits alone: "
        "give each member's questionnaire its own evaluator name"
    ) in err


def test_the_lean_of_a_member_counts_once_across_jobs(tmp_path: Path) -> None:
    folder = tmp_path / "panel"
    shutil.copytree(PANEL, folder)
    # S. Okafor writes their name another way on the PSO panel: still one evaluator.
    pso = folder / "pso-staff-a.yaml"
    text = pso.read_text(encoding="utf-8")
    assert text.count("name: S. Okafor") == 1
    pso.write_text(text.replace("name: S. Okafor", "name: s.   okafor"), encoding="utf-8")
    code, out, err = run("panel", folder, "-f", "json")
    assert code == 0, err
    evaluators = json.loads(out)["agreement"]["evaluators"]
    # Four evaluators, each rating 11 factors of 2 jobs; the name first met (the PSO panel's
    # files come first) is shown.
    assert sorted((e["name"], e["units"]) for e in evaluators) == [
        ("A. Patel", 22),
        ("R. Jones", 22),
        ("T. Byrne", 22),
        ("s.   okafor", 22),
    ]


def test_grouping_reads_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A problem's line comes from the first load: no file is parsed again to find it."""
    import jescore.loader
    import jescore.yamldoc

    files = _panel(tmp_path / "panel")
    odd = tmp_path / "panel" / "nurse.yaml"
    odd.write_text(
        (EXAMPLES / "nhs-nurse.yaml").read_text(encoding="utf-8")
        .replace("reference: NHS-EXAMPLE-RN", "reference: VLO-2016"),
        encoding="utf-8",
    )  # fmt: skip
    parsed: Counter[str] = Counter()
    real = jescore.yamldoc.parse

    def counting(text: str, name: str) -> Any:
        parsed[Path(name).name] += 1
        return real(text, name)

    monkeypatch.setattr(jescore.yamldoc, "parse", counting)
    monkeypatch.setattr(jescore.loader, "parse", counting)
    code, _, err = run("panel", *files, odd)
    assert code == 3
    line = _line(odd, "scheme: nhs-afc")
    assert f"{odd}:{line}: scheme: job 'Registered nurse" in err
    assert parsed[odd.name] == 1
    assert all(parsed[p.name] == 1 for p in files)


def test_the_loader_keeps_the_lines_of_the_top_keys() -> None:
    path = PANEL / "vlo-staff-a.yaml"
    job = loader.load_job(path, Library())
    assert dict(job.lines) == {
        "job": _line(path, "job:"),
        "evaluator": _line(path, "evaluator:"),
        "evaluator.name": _line(path, "  name: S. Okafor"),
        "scheme": _line(path, "scheme: probation-illustrative"),
    }


# --- an even split is not settled by jescore ---------------------------------------------------

OUTCOMES = [
    pytest.param(
        {},
        "Band 3 (374) with both splits at the lower level; Band 4 (414) if Knowledge and "
        "experience is 5; Band 3 (386) if Emotional demands is 4; Band 4 (426) with both at the "
        "higher level",
        id="two splits",
    ),
    pytest.param(
        {"vlo-staff-b": {"emotional": 3}},
        "Band 3 (374), or Band 4 (414) if Knowledge and experience is 5",
        id="one split that decides",
    ),
    pytest.param(
        {"vlo-staff-a": {"knowledge": 4}},
        "Band 3 either way: 374, or 386 if Emotional demands is 4",
        id="one split either way",
    ),
    pytest.param(
        {"vlo-staff-a": {"communication": 5}, "vlo-staff-b": {"communication": 5}},
        "Band 3 (374) with all three splits at the lower level; Band 4 (414) if Knowledge and "
        "experience is 5; Band 3 (394) if Communication and relationships is 5; Band 3 (386) if "
        "Emotional demands is 4; Band 4 (406) if Communication and relationships is 5 and "
        "Emotional demands is 4; Band 4 (446) with all three at the higher level",
        # 374 + 20 (communication 4 -> 5) + 12 (emotional 3 -> 4) = 406: Band 4 starts at 395,
        # though neither does it alone. Knowledge with either is not named: Knowledge alone does.
        id="three splits, two of them together",
    ),
    pytest.param(
        {
            member: {"knowledge": 4, "emotional": 3, "analysis": 4, "autonomy": 4, "mental": 4}
            for member in ("vlo-staff-a", "vlo-staff-b")
        },
        # 374 + 16 (analysis 3 -> 4) = 390; + 16 (freedom to act 3 -> 4) = 390; + 10 (mental
        # 3 -> 4) = 384: none alone reaches 395, each pair does (406, 400, 400).
        "Band 3 (374) with all three splits at the lower level; Band 3 (390) if Analysis and "
        "judgement is 4; Band 3 (390) if Freedom to act is 4; Band 3 (384) if Mental demands is "
        "4; Band 4 (406) if Analysis and judgement is 4 and Freedom to act is 4; Band 4 (400) if "
        "Analysis and judgement is 4 and Mental demands is 4; Band 4 (400) if Freedom to act is "
        "4 and Mental demands is 4; Band 4 (416) with all three at the higher level",
        id="three splits, none alone, every pair",
    ),
]


@pytest.mark.parametrize(("changes", "outcome"), OUTCOMES)
def test_a_split_is_marked_with_both_levels_and_the_outcome_both_ways(
    tmp_path: Path, changes: dict[str, dict[str, int]], outcome: str
) -> None:
    files = _panel(tmp_path / "panel", changes)
    record, err = _record(files, tmp_path / "record.yaml")
    assert record["panel"]["outcome"] == outcome
    assert f"note: the outcome, until the panel settles it: {outcome}\n" in err
    split = {
        fid: (f["level"], f["panel"]["levels"])
        for fid, f in record["factors"].items()
        if f["panel"].get("discuss")
    }
    expected_levels = {"knowledge": (4, [4, 5]), "communication": (4, [4, 5]),
                       "emotional": (3, [3, 4]), "analysis": (3, [3, 4]),
                       "autonomy": (3, [3, 4]), "mental": (3, [3, 4])}  # fmt: skip
    assert split == {fid: expected_levels[fid] for fid in split}
    assert all(f"if {name} is" in outcome for name in _names(split))


def _names(ids: Iterable[str]) -> list[str]:
    names = {
        "knowledge": "Knowledge and experience",
        "communication": "Communication and relationships",
        "emotional": "Emotional demands",
        "analysis": "Analysis and judgement",
        "autonomy": "Freedom to act",
        "mental": "Mental demands",
    }
    return [names[i] for i in ids]


def test_no_split_no_outcome(tmp_path: Path) -> None:
    files = _panel(tmp_path / "panel", {"vlo-staff-a": {"knowledge": 4, "emotional": 3}})
    record, err = _record(files, tmp_path / "record.yaml")
    assert "outcome" not in record["panel"]
    assert "note:" not in err.replace("note: scheme", "")
    assert all("discuss" not in f["panel"] for f in record["factors"].values())


def _split_record(tmp_path: Path) -> tuple[Path, int, int]:
    files = _panel(tmp_path / "panel")
    target = tmp_path / "record.yaml"
    _record(files, target)
    return target, _line(target, "  discuss: true"), _line(target, "  discuss: true", 2)


WARNING = (
    "{file}:{line}: warning: factors.knowledge.panel.discuss: Knowledge and experience is not "
    "settled: the panel split evenly between 4 and 5, and this record gives level 4 until the "
    "panel decides (set the level and remove 'discuss: true'); --strict refuses it"
)


def _staff(tmp_path: Path) -> Path:
    staff = tmp_path / "staff.csv"
    rows = ["job,sex,pay"] + [f"VLO-2016,{s},{25000 + i}" for i in range(6) for s in "FM"]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return staff


@pytest.mark.parametrize("command", ["evaluate", "rank", "check", "equalpay", "whatif"])
def test_every_command_warns_on_an_unsettled_record(tmp_path: Path, command: str) -> None:
    target, first, second = _split_record(tmp_path)
    extra = {
        "equalpay": ("--staff", str(_staff(tmp_path)), "--pay-basis", "fte"),
        "whatif": ("--target", "4"),
    }.get(command, ())
    code, _, err = run(command, target, *extra)
    assert code == 0, err
    assert WARNING.format(file=target, line=first) in err
    assert f"{target}:{second}: warning: factors.emotional.panel.discuss: Emotional demands" in err


@pytest.mark.parametrize("command", ["evaluate", "rank", "check", "equalpay"])
def test_strict_refuses_an_unsettled_record(tmp_path: Path, command: str) -> None:
    target, first, _ = _split_record(tmp_path)
    extra = (
        ("--staff", str(_staff(tmp_path)), "--pay-basis", "fte") if command == "equalpay" else ()
    )
    code, out, err = run(command, target, "--strict", *extra)
    assert code == 3
    refused = WARNING.format(file=target, line=first).replace(" warning:", "")
    assert refused.replace("--strict refuses it", "refused under --strict") in err
    if command == "evaluate":
        assert out == ""


def test_a_settled_record_is_used_without_a_word(tmp_path: Path) -> None:
    target, _, _ = _split_record(tmp_path)
    record = yaml.safe_load(target.read_text(encoding="utf-8"))
    # The panel settles knowledge at 5 and emotional demands at 3.
    for fid, level in (("knowledge", 5), ("emotional", 3)):
        record["factors"][fid]["level"] = level
        del record["factors"][fid]["panel"]["discuss"]
        del record["factors"][fid]["panel"]["levels"]
    target.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    evaluated, err = _evaluate(target, "--strict")
    assert evaluated["score"]["total"] == 414 and evaluated["score"]["band"]["label"] == "4"
    assert ": warning:" not in err


# --- appeal: the claim against the award, plainly ----------------------------------------------


def _summary(award: Path | str, claim: Path | str) -> tuple[list[str], dict[str, Any], str]:
    code, out, err = run("appeal", award, claim, "-f", "json")
    assert code == 0, err
    v = json.loads(out)
    return [point.text for point in appeal_render.summary(v)], v, err


def _claim(tmp_path: Path, source: Path, factor: str, level: str) -> Path:
    text = source.read_text(encoding="utf-8")
    text, n = re.subn(rf"(?m)^(  {factor}:\n    level: )\S+$", rf"\g<1>{level}", text)
    assert n == 1
    path = tmp_path / f"claim-{factor}.yaml"
    path.write_text(text.replace("scheme: ", "# a claim\nscheme: ", 1), encoding="utf-8")
    return path


def test_swapped_arguments_are_said_plainly(in_root: Path) -> None:
    lines, v, err = _summary("examples/vlo-claim.yaml", "examples/vlo.yaml")
    sentence = (
        "The claim (374, Band 3) is not above the award (462, Band 4): are AWARDED and CLAIMED "
        "the right way round?"
    )
    assert lines == [
        "Awarded: 462 points, Band 4. Claimed: 374 points, Band 3.",
        sentence,
        "Challenged factors: 5 of 11:",
    ]
    assert f"warning: {sentence}\n" in err
    assert (v["claim_check"], v["decisive_alone"], v["minimal_sets"]) == ("below", [], [])
    code, out, _ = run("appeal", "examples/vlo-claim.yaml", "examples/vlo.yaml")
    assert code == 0 and f"- {sentence}" in out.replace("\\", "")
    assert "reach" not in out.split("## Factor by factor")[0]


def test_a_claim_in_the_awarded_band_is_said_plainly(in_root: Path, tmp_path: Path) -> None:
    # Emotional demands 3 -> 4: +12, 374 -> 386, still Band 3 (280-394).
    claim = _claim(tmp_path, EXAMPLES / "vlo.yaml", "emotional", "4")
    lines, v, err = _summary("examples/vlo.yaml", claim)
    sentence = (
        "The claim (386, Band 3) is in the awarded band: upheld in full, it would keep the job "
        "in Band 3."
    )
    assert lines == [
        "Awarded: 374 points, Band 3. Claimed: 386 points, Band 3.",
        sentence,
        "Challenged factors: 1 of 11:",
    ]
    assert v["claim_check"] == "same-band" and v["decisive_alone"] == []
    assert f"warning: {sentence}\n" in err


def test_a_letter_only_change_is_challenged_for_no_points(in_root: Path, tmp_path: Path) -> None:
    # Patient care 5a -> 5c: the same level (30 points), another definition met.
    claim = _claim(tmp_path, EXAMPLES / "nhs-nurse.yaml", "patient-care", "5c")
    lines, v, _ = _summary("examples/nhs-nurse.yaml", claim)
    assert lines == [
        "Awarded: 388 points, Band 5. Claimed: 388 points, Band 5.",
        "The claim (388, Band 5) is not above the award (388, Band 5): upheld in full, it would "
        "not change the total.",
        "Challenged factors: 1 of 16:",
    ]
    (row,) = [r for r in v["factors"] if r["challenged"]]
    assert (row["id"], row["awarded"]["level"], row["claimed"]["level"]) == (
        "patient-care",
        "5a",
        "5c",
    )
    assert (row["difference"], row["alone"]["total"], row["letters_only"]) == (0, 388, True)
    assert v["challenged"] == ["patient-care"]


def test_the_summary_never_contradicts_itself(in_root: Path) -> None:
    """Every pair of probation examples, both ways round: one story per summary."""
    names = ["vlo", "vlo-claim", "vlo-draft-1", "vlo-draft-2", "pso", "po"]
    reports = {}
    for name in names:
        job = loader.load_job(EXAMPLES / f"{name}.yaml", Library())
        scheme = job.scheme.scheme
        e = engine.evaluate(job.questionnaire, scheme, scheme.grading)
        reports[name] = engine.Report(job.questionnaire, job.file, job.scheme.file, None, e)
    for a in names:
        for b in names:
            if a == b:
                continue
            m = appeal_render.model(appeal_render.AppealView(analyse(reports[a], reports[b])))
            text = " ".join(f"{p.text} {' '.join(p.items)}" for p in appeal_render.summary(m))
            awarded, claimed = reports[a].evaluation, reports[b].evaluation
            reaching = "Upheld alone, each of these" in text or "No challenge upheld alone" in text
            assert reaching == (claimed.total > awarded.total and claimed.band != awarded.band)
            assert not ("Upheld alone, each of these" in text and "No set of these" in text)
            if claimed.total < awarded.total:
                assert "the right way round?" in text


def test_evidence_new_in_the_claim_is_marked_in_every_format(in_root: Path, tmp_path: Path) -> None:
    award, claim = "examples/vlo.yaml", "examples/vlo-claim.yaml"
    # Knowledge: the claim cites the award's three pieces and one of its own.
    new_knowledge = (
        "Explains parole, oral hearings and open conditions to victims, which needs the same "
        "legal knowledge as the offender manager's (JDQ knowledge)"
    )
    old_knowledge = "Explains complex sentences, release, parole and licence conditions to victims"
    _, v, _ = _summary(award, claim)
    knowledge = v["factors"][0]
    claimed = knowledge["claimed"]["evidence"]
    assert [e["new"] for e in claimed] == [False, False, False, True]
    assert f"{claimed[3]['text']} ({claimed[3]['source']})" == new_knowledge
    out = run("appeal", award, claim)[1]
    assert f"- (new) {new_knowledge}" in out.replace("\\", "")
    assert f"- {old_knowledge} (JD main duties)" in out
    rows = list(csv.DictReader(io.StringIO(run("appeal", award, claim, "-f", "csv")[1])))
    assert rows[0]["claim_evidence"].endswith(f" | (new) {new_knowledge}")
    assert rows[0]["claim_evidence"].startswith(old_knowledge)
    html = run("appeal", award, claim, "-f", "html")[1]
    assert '<li><span class="new">(new)</span> Explains parole, oral hearings' in html
    assert f"<li>{old_knowledge} (JD main duties)</li>" in html
    target = tmp_path / "appeal.docx"
    assert run("appeal", award, claim, "-f", "docx", "-o", target)[0] == 0
    # The knowledge challenge, side by side: the award's evidence, then the claim's.
    awarded, claimed_cell = (c.text for c in docx.Document(str(target)).tables[1].rows[1].cells)
    assert f"• (new) {new_knowledge}" in claimed_cell.splitlines()
    assert f"• {old_knowledge} (JD main duties)" in claimed_cell.splitlines()
    assert f"• {old_knowledge} (JD main duties)" in awarded.splitlines()
    assert "(new)" not in awarded


def test_a_long_title_is_quoted_as_an_excerpt(in_root: Path, tmp_path: Path) -> None:
    claim = tmp_path / "claim.yaml"
    claim.write_text(
        (EXAMPLES / "vlo-claim.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Victim Liaison Officer", "title: " + "x" * 5000, 1),
        encoding="utf-8",
    )
    code, _, err = run("appeal", "examples/vlo.yaml", claim)
    assert code == 0, err
    assert (
        "warning: the job titles differ ('Victim Liaison Officer' and '"
        + "x" * 60
        + "… (5,000 characters)'); is this the same job?"
    ) in err
    assert len(err) < 1000
