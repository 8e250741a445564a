"""The one way out: formats tied to renderers, the format following the file, one JSON
envelope with a published schema per command, and safe text at the boundary.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from jescore.cli.emit import OFFERS
from jescore.formats import BINARY, EXTENSIONS, Format
from jescore.safety import clean

from .conftest import EXAMPLES, FIXTURES, ROOT
from .harness import UNSAFE, run

sys.path.insert(0, str(ROOT / "tools"))
import output_schemas  # noqa: E402

#: One run of each command with JSON output, on the shipped examples.
JSON_RUNS = {
    "evaluate": ["evaluate", "examples/vlo.yaml", "examples/nhs-nurse.yaml"],
    "whatif": ["whatif", "examples/vlo.yaml", "-t", "4", "-n", "2"],
    "compare": ["compare", "examples/vlo-draft-1.yaml", "examples/vlo-draft-2.yaml"],
    "rank": ["rank", "examples"],
    "check": ["check", "examples", "--near", "10"],
    "schemes": ["schemes"],
    "scheme show": ["scheme", "show", "nhs-afc"],
    "scheme check": ["scheme", "check", "factors"],
    "profile show": ["profile", "show", "examples/profiles/nursing-nurse.yaml"],
    "profile check": ["profile", "check", "examples/profiles"],
    "match": ["match", "examples/nhs-nurse.yaml", "examples/profiles"],
    "scheme audit": ["scheme", "audit", "nhs-afc"],
    "import": ["import", "examples/sheets/team.csv", "--into", "examples/sheets", "--check"],
    "neutrality": [
        "neutrality",
        "tests/fixtures/neutrality",
        "--staff",
        "tests/fixtures/neutrality/staff.csv",
        "--pay-basis",
        "basic",
    ],
}


def test_every_command_offers_exactly_what_its_renderers_render() -> None:
    import jescore.cli  # noqa: F401  (every command says what it offers)

    assert set(JSON_RUNS) <= set(OFFERS)
    for command, offer in OFFERS.items():
        module = importlib.import_module(f"jescore.render.{offer.renderers}")
        assert set(module.FORMATS) == set(offer.formats), command
        assert offer.default in offer.formats
        assert all(callable(f) for f in module.FORMATS.values())


def test_one_vocabulary_of_formats() -> None:
    # Every format has an extension, and every extension names a format.
    assert set(EXTENSIONS.values()) == set(Format)
    assert BINARY == {Format.DOCX, Format.XLSX}


def test_the_output_schemas_are_up_to_date() -> None:
    wanted = output_schemas.schemas()
    assert set(wanted) == {c for c, o in OFFERS.items() if Format.JSON in o.formats} - {"schema"}
    for command, schema in wanted.items():
        path = output_schemas.path_of(command)
        assert json.loads(path.read_text(encoding="utf-8")) == schema, (
            f"{path.name} is out of date: run python tools/output_schemas.py"
        )


@pytest.mark.parametrize("command", sorted(JSON_RUNS))
def test_json_output_has_the_envelope_and_matches_its_schema(command: str, in_root: Path) -> None:
    code, out, err = run(*JSON_RUNS[command], "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data)[:5] == ["jescore_version", "shape", "command", "inputs", "schemes"]
    assert data["shape"] == 2 and data["command"] == command
    schema = json.loads(output_schemas.path_of(command).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    # Every input is named with its hash and kind, and every scheme with its status.
    for entry in data["inputs"]:
        assert set(entry) == {"path", "sha256", "kind"} and len(entry["sha256"]) == 64
    for scheme in data["schemes"]:
        assert scheme["status"] in {"verified", "unverified", "illustrative"}


def test_a_schema_rejects_a_drifted_output(in_root: Path) -> None:
    code, out, _ = run("evaluate", "examples/vlo.yaml", "-f", "json")
    data = json.loads(out)
    schema = json.loads(output_schemas.path_of("evaluate").read_text(encoding="utf-8"))
    data["evaluations"][0]["score"]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data = json.loads(out)
    data["command"] = "rank"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# --- the format follows the file -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "starts"),
    [("out.json", "{"), ("out.md", "# jescore evaluation"), ("out.txt", "Victim Liaison Officer")],
)
def test_the_format_follows_the_file(name: str, starts: str, tmp_path: Path, in_root: Path) -> None:
    target = tmp_path / name
    code, _, err = run("evaluate", "examples/vlo.yaml", "-o", target)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_dash_as_the_output_is_standard_output(tmp_path: Path, in_root: Path) -> None:
    code, out, err = run("evaluate", "examples/vlo.yaml", "-f", "json", "-o", "-")
    assert code == 0, err
    assert out.startswith("{") and not (in_root / "-").exists()
    code, _, err = run("scheme", "audit", "nhs-afc", "-f", "docx", "-o", "-")
    assert code == 2 and "writes a document" in err


def test_a_format_and_an_extension_that_disagree_are_refused(tmp_path: Path, in_root: Path) -> None:
    target = tmp_path / "out.json"
    code, _, err = run("evaluate", "examples/vlo.yaml", "-f", "markdown", "-o", target)
    assert code == 2 and "--format markdown and --output" in err and "holds json" in err
    assert not target.exists()


def test_an_unknown_extension_lists_the_choices(tmp_path: Path, in_root: Path) -> None:
    code, _, err = run("evaluate", "examples/vlo.yaml", "-o", tmp_path / "out.pdf")
    assert code == 2
    assert "the extension '.pdf' names no format" in err
    assert "table, json, markdown" in err and ".json, .markdown, .md, .txt" in err
    # With --format, any name will do.
    code, _, err = run("evaluate", "examples/vlo.yaml", "-f", "json", "-o", tmp_path / "out.pdf")
    assert code == 0, err


def test_a_format_the_command_does_not_offer_is_refused(tmp_path: Path, in_root: Path) -> None:
    code, _, err = run("evaluate", "examples/vlo.yaml", "-o", tmp_path / "out.csv")
    assert (
        code == 2
        and "'evaluate' does not write csv (a '.csv' file holds csv); its formats are table, "
        "json, markdown"
        in err
    )
    code, _, err = run("rank", "examples", "-f", "docx")
    assert code == 2 and "is not one of: table, json, csv, markdown" in err


def test_a_parser_error_quotes_only_a_short_escaped_excerpt() -> None:
    code, out, err = run("evaluate", "x.yaml", "-f", "\x1b]0;owned\x07" + "y" * 5000)
    assert code == 2 and out == ""
    assert "\\x1b]0;owned\\x07" in err and len(err) < 1000


# --- safe text at the boundary ---------------------------------------------------------------

#: What a stranger puts in file names and text: C0 and C1 controls, escape sequences, bidi
#: overrides and isolates, a line separator, noncharacters (which XML, so Word, refuses).
HOSTILE = "\x1b]0;owned\x07\x1b[31m\x9b2J\u202e\u2066\u2028\x00\uffff\ufdd0"
#: The same in a YAML double-quoted scalar.
HOSTILE_YAML = "\\e]0;owned\\a\\e[31m\\x9b2J\\u202e\\u2066\\u2028\\0\\uffff\\ufdd0"


def _names_with_controls(tmp_path: Path) -> tuple[Path, Path, Path, Path, Path]:
    """A scheme, two questionnaires, a profile and a staff file, in a folder whose name and
    files' names carry controls, and whose text fields (titles, references, evidence,
    rationales, profile titles) carry them too.

    The scheme's own name is plain: text read from a file is cleaned as it is read, so a
    questionnaire cannot name a file with control characters in its name.
    """
    folder = tmp_path / f"d{HOSTILE[:9]}"
    folder.mkdir()
    scheme = folder / "scheme.yaml"
    shutil.copy(FIXTURES / "mini-scheme.yaml", scheme)
    base = (FIXTURES / "mini-job.yaml").read_text(encoding="utf-8")
    base = base.replace("scheme: mini-scheme.yaml", f"scheme: {json.dumps('./' + scheme.name)}")
    jobs = []
    for n, name in enumerate((f"job{HOSTILE[:4]}.yaml", os.fsdecode(b"job-\xff\xfe.yaml"))):
        path = folder / name
        text = base.replace("title: ", f'title: "{HOSTILE_YAML}" # ', 1)
        text = text.replace("job:\n", f'job:\n  reference: "R{n}{HOSTILE_YAML}"\n', 1)
        text = text.replace(
            'evidence: ["one"', f'rationale: "{HOSTILE_YAML}"\n    evidence: ["{HOSTILE_YAML}"', 1
        )
        if n:
            text = text.replace("level: 1", "level: 2", 1)
        path.write_text(text, encoding="utf-8")
        jobs.append(path)
    profile = folder / f"profile{HOSTILE[:3]}.yaml"
    profile.write_text(
        f'profile: {{title: "{HOSTILE_YAML}", band: B, status: illustrative}}\n'
        f"scheme: ./scheme.yaml\nfactors: {{skill: 1-3, effort: 2, care: 1-2}}\n",
        encoding="utf-8",
    )
    staff = folder / f"staff{HOSTILE[:3]}.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["job", "sex", "pay"])
    for n in range(2):
        ref = clean(f"R{n}{HOSTILE}")  # as the questionnaire's reference reads once cleaned
        for i, sex in enumerate("FFFFFFMMMMMM"):
            writer.writerow([ref, sex, 20000 + 137 * i + 1000 * n])
    staff.write_text(buffer.getvalue(), encoding="utf-8")
    return scheme, jobs[0], jobs[1], profile, staff


def _every_run(tmp_path: Path) -> list[tuple[str, list[str | Path]]]:
    scheme, job, other, profile, staff = _names_with_controls(tmp_path)
    folder = job.parent
    return [
        ("evaluate", ["evaluate", folder]),
        ("whatif", ["whatif", job]),
        ("whatif", ["whatif", job, "-t", "C"]),
        ("compare", ["compare", job, other]),
        ("appeal", ["appeal", job, other]),
        ("rank", ["rank", folder]),
        ("check", ["check", folder, "--near", "5"]),
        ("panel", ["panel", job, other]),
        (
            "equalpay",
            ["equalpay", job, other, "--staff", staff, "--pay-basis", "basic", "--by", "job"],
        ),
        ("match", ["match", job, profile]),
        ("profile show", ["profile", "show", profile]),
        ("profile check", ["profile", "check", profile]),
        ("scheme show", ["scheme", "show", scheme]),
        ("scheme audit", ["scheme", "audit", scheme]),
        (
            "neutrality",
            ["neutrality", job, other, "--staff", staff, "--pay-basis", "basic", "--near", "50"],
        ),
        ("scheme check", ["scheme", "check", scheme]),
        ("new", ["new", "--scheme", scheme]),
        ("whatif", ["whatif", job, "--set", "skill=2"]),
        ("export", ["export", job, other]),
        ("import", ["import", _sheet(folder), "--into", folder, "--check"]),
    ]


def _sheet(folder: Path) -> Path:
    """A working sheet whose titles, references and evidence hold control characters."""
    sheet = folder / f"sheet{HOSTILE[:3]}.csv"
    rows = [["title", "reference", "scheme", "skill", "effort", "care", "skill evidence"]]
    rows += [[HOSTILE, f"S{n}{HOSTILE}", "./scheme.yaml", "1", "1", "1", HOSTILE] for n in range(2)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    return sheet


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_control_characters_never_reach_any_output(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    extension = next(e for e, f in EXTENSIONS.items() if f is Format(fmt))
    ran = 0
    for command, args in _every_run(tmp_path):
        offer = OFFERS[command]
        if Format(fmt) not in offer.formats:
            continue
        extra = [] if len(offer.formats) == 1 else ["-f", fmt]
        ran += 1
        if Format(fmt) not in BINARY:
            code, out, err = run(*args, *extra)  # run() fails on any unsafe character
            assert code == 0, (args, err)
            assert out, args
        # Written to a file, the output is as safe.
        target = tmp_path / f"out{ran}{extension}"
        code, _, err = run(*args, *extra, "-o", target)
        assert code == 0, (args, err)
        if Format(fmt) in BINARY:
            with zipfile.ZipFile(target) as document:
                texts = [
                    document.read(n).decode("utf-8")
                    for n in document.namelist()
                    if n.endswith(".xml")
                ]
        else:
            texts = [target.read_text(encoding="utf-8")]
        for text in texts:
            assert UNSAFE.search(text) is None, (args, fmt)
    assert ran


def test_colour_output_keeps_only_its_own_colour_codes(in_root: Path) -> None:
    hostile = ROOT / "examples" / "vlo.yaml"
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "jescore", "evaluate", str(hostile)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0
    assert "\x1b[1m" in done.stdout  # colour is on
    without_colour = __import__("re").sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    assert UNSAFE.search(without_colour) is None
    assert EXAMPLES.exists()
