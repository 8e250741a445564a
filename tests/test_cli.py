"""The command line: exit codes, stdout versus stderr, formats, safe writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jescore import __version__
from jescore.cli import app

from .conftest import EXAMPLES, FIXTURES, ROOT
from .harness import run

runner = CliRunner()
COMMANDS = [
    ["evaluate"],
    ["schemes"],
    ["scheme", "show"],
    ["scheme", "check"],
    ["schema"],
    ["new"],
    ["whatif"],
    ["compare"],
    ["appeal"],
    ["rank"],
    ["check"],
]


def test_version() -> None:
    code, out, err = run("--version")
    assert (code, out, err) == (0, f"jescore {__version__}\n", "")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Usage: jescore " + " ".join(command) in out


def flat(text: str) -> str:
    """Text with wrapping undone, for phrases that rich may break across lines."""
    return " ".join(text.split())


def test_no_arguments_shows_help_as_usage_error() -> None:
    code, out, err = run()
    assert code == 2 and "evaluate" in out + err


def test_evaluate_vlo_table(in_root: Path) -> None:
    code, out, err = run("evaluate", "examples/vlo.yaml")
    assert code == 0
    assert "Victim Liaison Officer" in out
    assert "ILLUSTRATIVE: numbers made up for an example; not a real scheme" in out
    assert (
        "Total 374: Band 3 (280-394), 94 points above its floor; 21 more points reach Band 4 "
        "(395); 95 fewer fall to Band 2." in flat(out)
    )
    assert "Knowledge and experience 4 → 5: +40 points, total 414, Band 4" in flat(out)
    assert err == (
        "note: scheme 'probation-illustrative' is ILLUSTRATIVE: numbers made up for an "
        "example; not a real scheme\n"
    )
    assert max(len(line) for line in out.splitlines()) <= 80


def test_evaluate_json_parses_and_names_its_sources(in_root: Path) -> None:
    code, out, _ = run("evaluate", "examples/nhs-nurse.yaml", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["shape"] == 2 and data["command"] == "evaluate"
    [e] = data["evaluations"]
    assert e["score"] == {"total": 388, "band": {"label": "5", "min": 326, "max": 395}}
    [scheme] = data["schemes"]
    assert scheme["id"] == "nhs-afc" and scheme["status"] == "verified"
    assert e["scheme"] == {"id": "nhs-afc", "sha256": scheme["sha256"]}
    assert re.fullmatch(r"[0-9a-f]{64}", scheme["sha256"])
    assert [(i["path"], i["kind"]) for i in data["inputs"]] == [
        ("examples/nhs-nurse.yaml", "questionnaire"),
        ("factors/nhs-afc.yaml", "scheme"),
    ]
    assert e["file"]["path"] == "examples/nhs-nurse.yaml"
    assert e["margins"]["to_upper_band"] == {
        "band": {"label": "6", "min": 396, "max": 465},
        "points": 8,
    }


def test_evaluate_is_byte_for_byte_repeatable(in_root: Path) -> None:
    for fmt in ("table", "json", "markdown"):
        first = run("evaluate", *sorted(EXAMPLES.glob("*.yaml")), "-f", fmt)
        assert first == run("evaluate", *sorted(EXAMPLES.glob("*.yaml")), "-f", fmt)


def test_invalid_questionnaire_exits_3_with_file_and_line(in_root: Path) -> None:
    bad = FIXTURES / "invalid" / "questionnaires" / "level-too-high.yaml"
    code, out, err = run("evaluate", bad)
    assert code == 3
    assert out == ""
    assert err == f"{bad}:7: factors.effort.level: 3 is above the top level (2) of Effort\n"


def test_one_bad_file_does_not_stop_the_others(in_root: Path) -> None:
    bad = FIXTURES / "invalid" / "questionnaires" / "duplicate-key.yaml"
    code, out, err = run("evaluate", bad, "examples/pso.yaml", "-f", "json")
    assert code == 3
    # Two files named: the collection shape, whatever number of them could be scored.
    assert [e["score"]["total"] for e in json.loads(out)["evaluations"]] == [343]
    assert "duplicate key 'skill'" in err


def test_several_files_are_ranked_within_each_scheme(in_root: Path) -> None:
    code, out, _ = run(
        "evaluate",
        "examples/pso.yaml",
        "examples/nhs-hcsw.yaml",
        "examples/po.yaml",
        "examples/vlo.yaml",
        "-f",
        "json",
    )
    assert code == 0
    ranking = [(r["scheme"]["id"], r["score"]["total"]) for r in json.loads(out)["ranking"]]
    assert ranking == [
        ("nhs-afc", 222),
        ("probation-illustrative", 506),
        ("probation-illustrative", 374),
        ("probation-illustrative", 343),
    ]


def test_unverified_scheme_warns_on_every_use(in_root: Path) -> None:
    for _ in range(2):
        code, out, err = run("evaluate", "examples/njc-library-assistant.yaml")
        assert code == 0
        assert "warning: scheme 'njc' is UNVERIFIED" in err
        assert "UNVERIFIED" in out
        assert "Total 351: Band 4 (331-364)" in flat(out)


def test_bands_option_replaces_the_grading(in_root: Path) -> None:
    code, out, err = run(
        "evaluate",
        FIXTURES / "mini-job.yaml",
        "--bands",
        FIXTURES / "mini-bands.yaml",
        "-f",
        "json",
    )
    assert code == 0, err
    [e] = json.loads(out)["evaluations"]
    assert e["score"]["band"]["label"] == "high"
    assert e["grading"]["status"] == "verified"
    code, _, err = run("evaluate", FIXTURES / "mini-job.yaml", "--bands", "nope")
    assert code == 2 and "unknown grading structure 'nope'" in err


def test_scheme_without_bands_says_how_to_get_them(tmp_path: Path, in_root: Path) -> None:
    q = tmp_path / "q.yaml"
    text = (EXAMPLES / "njc-library-assistant.yaml").read_text(encoding="utf-8")
    q.write_text(text.replace("grading: njc-southampton-2015\n", ""), encoding="utf-8")
    code, out, _ = run("evaluate", q)
    assert code == 0
    assert "No grading structure" in flat(out) and "--bands" in flat(out)


def test_output_is_written_atomically_and_never_clobbered(tmp_path: Path, in_root: Path) -> None:
    target = tmp_path / "vlo.json"
    assert run("evaluate", "examples/vlo.yaml", "-f", "json", "-o", target)[0] == 0
    written = target.read_text(encoding="utf-8")
    assert json.loads(written)["evaluations"][0]["score"]["total"] == 374
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("evaluate", "examples/vlo.yaml", "-o", target)
    assert code == 2 and "file exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("evaluate", "examples/vlo.yaml", "-f", "json", "-o", target, "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vlo.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_output_gets_usual_permissions_and_a_replaced_file_keeps_its_own(
    tmp_path: Path, in_root: Path
) -> None:
    umask = os.umask(0o027)
    try:
        target = tmp_path / "vlo.md"
        assert run("evaluate", "examples/vlo.yaml", "-f", "markdown", "-o", target)[0] == 0
        assert target.stat().st_mode & 0o777 == 0o640  # as for any new file (0666 less umask)
        target.chmod(0o604)
        assert run("evaluate", "examples/vlo.yaml", "-o", target, "--force")[0] == 0
        assert target.stat().st_mode & 0o777 == 0o604
    finally:
        os.umask(umask)


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path, in_root: Path) -> None:
    code, _, err = run("evaluate", "examples/vlo.yaml", "-o", tmp_path / "no" / "vlo.txt")
    assert code == 2 and "no such folder" in err


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    q = tmp_path / "job.yaml"
    original = (
        (FIXTURES / "mini-job.yaml")
        .read_text(encoding="utf-8")
        .replace("mini-scheme.yaml", str(FIXTURES / "mini-scheme.yaml"))
    )
    q.write_text(original, encoding="utf-8")
    # A .yaml file is never an output of evaluate: the format check refuses it first.
    code, _, err = run("evaluate", q, "-o", q, "--force")
    assert code == 2 and "'evaluate' does not write yaml" in err
    assert q.read_text(encoding="utf-8") == original
    # A questionnaire named like an output (job.md) is still never written over.
    named_md = tmp_path / "job.md"
    named_md.write_text(original, encoding="utf-8")
    code, _, err = run("evaluate", named_md, "-o", named_md, "--force")
    assert code == 2 and "refusing to write over an input file" in err
    assert named_md.read_text(encoding="utf-8") == original


def test_unknown_option_is_a_usage_error() -> None:
    code, _, err = run("evaluate", "--nope", "x.yaml")
    assert code == 2 and "No such option" in err


def test_bad_format_is_a_usage_error() -> None:
    assert run("evaluate", "x.yaml", "-f", "pdf")[0] == 2


def test_schemes_lists_status() -> None:
    code, out, _ = run("schemes")
    assert code == 0
    for line in ("nhs-afc", "verified", "njc", "unverified", "probation-illustrative"):
        assert line in out
    code, out, _ = run("schemes", "-f", "json")
    rows = {r["id"]: r for r in json.loads(out)["listed"]}
    assert rows["nhs-afc"]["possible"] == {"min": 86, "max": 1000}
    assert rows["njc"]["bands"] == 0 and rows["njc"]["status"] == "unverified"
    assert rows["probation-illustrative"]["status"] == "illustrative"


def test_scheme_show() -> None:
    code, out, err = run("scheme", "show", "nhs-afc")
    assert code == 0 and err == ""
    assert "Knowledge, training" in out and "240" in out and "8a" in out
    assert "possible totals 766-1000 lie above every band" in flat(out)
    code, out, err = run("scheme", "show", "njc", "-f", "json")
    assert code == 0 and "UNVERIFIED" in err
    assert sum(f["levels"][-1]["points"] for f in json.loads(out)["scheme"]["factors"]) == 1000
    assert run("scheme", "show", "nope")[0] == 2


def test_scheme_check_reports_every_problem() -> None:
    code, out, err = run(
        "scheme", "check", FIXTURES / "mini-scheme.yaml", FIXTURES / "mini-bands.yaml"
    )
    assert code == 0
    assert "ok: " in out and "scheme 'mini' (illustrative), 3 factors, 3 bands" in flat(out)
    assert "grading structure 'Alternative mini bands', 2 bands" in flat(out)
    assert "warning: grading.bands[2].max: possible totals 70-85 lie above every band" in err
    bad = FIXTURES / "invalid" / "schemes" / "band-inverted.yaml"
    code, out, err = run("scheme", "check", bad)
    assert code == 3 and out == ""
    assert err.count(str(bad)) == 2


def test_scheme_check_searches_folders_and_skips_other_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "mini-scheme.yaml", tmp_path / "mini-scheme.yaml")
    (tmp_path / "bands").mkdir()
    shutil.copy(FIXTURES / "mini-bands.yaml", tmp_path / "bands" / "alt.yml")
    shutil.copy(EXAMPLES / "vlo.yaml", tmp_path / "vlo.yaml")  # a questionnaire: skipped
    (tmp_path / "ci.yaml").write_text("on: push\njobs: {}\n", encoding="utf-8")  # skipped
    code, out, err = run("scheme", "check", tmp_path, "-f", "json")
    assert code == 0, err
    assert [c["file"]["path"] for c in json.loads(out)["checked"]] == [
        str(tmp_path / "bands" / "alt.yml"),
        str(tmp_path / "mini-scheme.yaml"),
    ]
    # Named, the same files are errors; a folder holding no scheme is one too.
    code, _, err = run("scheme", "check", tmp_path / "vlo.yaml")
    assert code == 3 and "is a questionnaire, not a scheme or grading structure file" in err
    (tmp_path / "jobs").mkdir()
    shutil.copy(EXAMPLES / "vlo.yaml", tmp_path / "jobs" / "vlo.yaml")
    code, _, err = run("scheme", "check", tmp_path / "jobs")
    assert code == 3 and "no scheme or grading structure found in" in err
    code, _, err = run("scheme", "check", str(tmp_path / "*.json"))
    assert code == 3 and "is a pattern that matches no file" in err


@pytest.mark.parametrize("kind", ["questionnaire", "scheme", "grading", "profile", "scale"])
def test_schema_matches_the_shipped_schema_file(kind: str) -> None:
    code, out, _ = run("schema", kind)
    assert code == 0
    schema = json.loads(out)
    assert schema["additionalProperties"] is False
    shipped = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert out == shipped, f"schemas/{kind}.schema.json is stale: jescore schema {kind} > it"


SHIPPED_FILES = [
    *((p, "questionnaire") for p in sorted(EXAMPLES.glob("*.yaml"))),
    *((p, "questionnaire") for p in sorted((EXAMPLES / "panel").glob("*.yaml"))),
    *((p, "profile") for p in sorted((EXAMPLES / "profiles").glob("*.yaml"))),
    *((p, "scheme") for p in sorted((ROOT / "factors").glob("*.yaml"))),
    *((p, "grading") for p in sorted((ROOT / "factors" / "grading").glob("*.yaml"))),
]


@pytest.mark.parametrize(("path", "kind"), SHIPPED_FILES, ids=lambda v: getattr(v, "name", v))
def test_every_shipped_file_validates_against_its_schema(path: Path, kind: str) -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_the_questionnaire_schema_takes_evidence_as_plain_text_as_jescore_does(
    tmp_path: Path,
) -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "questionnaire.schema.json").read_text("utf-8"))
    data = yaml.safe_load((EXAMPLES / "vlo.yaml").read_text(encoding="utf-8"))
    factors = data["factors"]
    first, second = list(factors)[:2]
    factors[first]["evidence"] = "JD 3.2: explains release and licence conditions"
    factors[second]["evidence"] = ["JD 4.1", {"text": "JDQ 7", "source": "JDQ"}]
    jsonschema.validate(data, schema)
    target = tmp_path / "plain.yaml"
    target.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = run("evaluate", target, "-f", "json")
    assert code == 0, err
    scored = json.loads(out)["evaluations"][0]["factors"]
    assert [f["evidence"] for f in scored[:2]] == [1, 2]  # pieces of evidence counted
    factors[first]["evidence"] = 7  # neither text nor a list: both refuse it
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_schema_writes_to_a_file_only_with_force_to_replace(tmp_path: Path) -> None:
    target = tmp_path / "questionnaire.schema.json"
    code, out, err = run("schema", "questionnaire", "-o", target)
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    shipped = (ROOT / "schemas" / "questionnaire.schema.json").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == shipped
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("schema", "scheme", "-o", target)
    assert code == 2 and "file exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("schema", "scheme", "-o", target, "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "Scheme"


def test_new_writes_a_skeleton_that_scores_once_filled(tmp_path: Path) -> None:
    code, out, _ = run("new", "--scheme", "nhs-afc", "--title", "Ward clerk")
    assert code == 0
    data = yaml.safe_load(out)
    assert data["job"]["title"] == "Ward clerk" and len(data["factors"]) == 16
    target = tmp_path / "clerk.yaml"
    assert run("new", "-s", "nhs-afc", "-o", target)[0] == 0
    code, _, err = run("evaluate", target)
    assert code == 3 and err.count("no level chosen") == 16
    target.write_text(
        re.sub(r"level:  # 1-\d", "level: 1", target.read_text(encoding="utf-8")), encoding="utf-8"
    )
    code, out, _ = run("evaluate", target, "-f", "json")
    assert code == 0 and json.loads(out)["evaluations"][0]["score"]["total"] == 86
    code, _, err = run("new", "-s", "nhs-afc", "-o", target)
    assert code == 2 and "file exists" in err


def test_new_with_a_scheme_file_points_back_at_it(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "job.yaml"
    target.parent.mkdir()
    assert run("new", "-s", FIXTURES / "mini-scheme.yaml", "-o", target)[0] == 0
    text = re.sub(r"level:  # 1-\d", "level: 1", target.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    code, out, _ = run("evaluate", target, "-f", "json")
    assert code == 0 and json.loads(out)["evaluations"][0]["score"]["total"] == 16


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jescore", "--version"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"jescore {__version__}\n")


def test_output_never_overwrites_a_scheme_file_it_read(tmp_path: Path) -> None:
    # A scheme file named scheme.md (any name is allowed) is read, so never written over.
    scheme = tmp_path / "mini-scheme.md"
    scheme.write_bytes((FIXTURES / "mini-scheme.yaml").read_bytes())
    q = tmp_path / "job.yaml"
    q.write_bytes(
        (FIXTURES / "mini-job.yaml").read_bytes().replace(b"mini-scheme.yaml", b"./mini-scheme.md")
    )
    for args in (["evaluate", q], ["whatif", q], ["rank", tmp_path], ["check", tmp_path]):
        code, _, err = run(*args, "-o", scheme, "--force")
        assert code == 2 and "refusing to write over an input file" in err, args
    assert scheme.read_bytes() == (FIXTURES / "mini-scheme.yaml").read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "examples/vlo.yaml"],
        ["evaluate", "--help"],
        ["scheme", "show", "njc"],
        ["whatif", "examples/vlo.yaml", "-t", "4"],
        ["--version"],
        ["--help"],
        ["nope"],
    ],
    ids=" ".join,
)
def test_slim_app_behaves_like_the_whole_app(args: list[str], in_root: Path) -> None:
    from jescore.cli import app_for

    whole = runner.invoke(app, args)
    slim = runner.invoke(app_for(args), args)
    for result in (whole, slim):  # a crash is never "the same behaviour"
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (slim.exit_code, slim.stdout, slim.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


_HEAVY = ("rich.console", "jinja2", "docx")
_LOADED = """
import runpy, sys
sys.argv = {argv!r}
try:
    runpy.run_module("jescore", run_name="__main__")
finally:
    print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        (["--version"], []),
        (["evaluate", "examples/vlo.yaml", "-f", "json"], []),
        (["evaluate", "examples/vlo.yaml", "-f", "markdown"], []),
        (["evaluate", "examples/vlo.yaml"], []),
        (["whatif", "examples/vlo.yaml", "-t", "4", "-f", "json"], []),
        (["whatif", "examples/vlo.yaml"], []),
        (
            ["compare", "examples/vlo-draft-1.yaml", "examples/vlo-draft-2.yaml", "-f", "markdown"],
            [],
        ),
        (["compare", "examples/vlo-draft-1.yaml", "examples/vlo-draft-2.yaml", "-f", "json"], []),
        (["appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml", "-f", "csv"], []),
        (["appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml", "-f", "json"], []),
        (["rank", "examples", "-f", "json"], []),
        (["check", "examples", "-f", "json"], []),
        (["schemes", "-f", "json"], []),
        (["scheme", "show", "nhs-afc", "-f", "json"], []),
        (["scheme", "check", "factors", "-f", "json"], []),
        (["profile", "show", "examples/profiles/nursing-nurse.yaml", "-f", "json"], []),
        (["profile", "check", "examples/profiles", "-f", "json"], []),
        (["match", "examples/nhs-nurse.yaml", "examples/profiles", "-f", "json"], []),
        (["match", "examples/nhs-nurse.yaml", "examples/profiles"], []),
        (["panel", "examples/panel", "-f", "json"], []),
        (
            [
                "equalpay",
                *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
                "examples/njc-library-assistant.yaml",
                "--staff",
                "examples/equalpay/staff.csv",
                "--pay-basis",
                "fte",
                "-f",
                "json",
            ],
            [],
        ),
        (["appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml", "-f", "html"], ["jinja2"]),
    ],
    ids=lambda v: " ".join(v) or "-",
)
def test_commands_import_only_what_they_use(args: list[str], needed: list[str]) -> None:
    # A fresh interpreter per command: rich, jinja2 and python-docx load only when used.
    code = _LOADED.format(argv=["jescore", *args], heavy=_HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == repr(sorted(needed))


def test_the_command_line_loads_nothing_heavy_before_a_command_runs() -> None:
    # Declaring every command must not load the models, the YAML reader, polars or rich: a
    # module-level import in one command's module would slow every run of every command.
    code = (
        "import sys, jescore.cli; heavy = ('jescore.models', 'jescore.loader', 'polars', "
        "'pydantic', 'yaml', 'rich', 'jinja2', 'docx'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


_COMMANDS = [
    ["evaluate"], ["whatif"], ["compare"], ["appeal"], ["rank"], ["check"], ["panel"],
    ["equalpay"], ["match"], ["profile", "show"], ["profile", "check"], ["schemes"],
    ["scheme", "show"], ["scheme", "check"], ["schema"], ["new"],
]  # fmt: skip


@pytest.mark.parametrize("command", _COMMANDS, ids=" ".join)
def test_help_reads_as_words(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and out.startswith("Usage: jescore")
    assert "<list[" not in out and "Value error" not in out and "<str>" not in out


def test_the_list_of_commands_gives_each_summary_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("--help")
    assert code == 0
    commands = out[out.index("Commands:") :]
    assert "..." not in commands
    assert all(len(line) <= 80 for line in commands.splitlines())
    # Wrapped, not cut: the whole first sentence of a command's help is there.
    assert (
        "Appeal evidence table: awarded against claimed, factor by factor, with band effect."
        in (flat(commands))
    )


def test_a_bad_choice_is_said_in_words() -> None:
    for args in (
        ["compare", "--fail-on", "nope", "a", "b"],
        ["schema", "nope"],
        ["whatif", "x.yaml", "--top", "abc"],
        ["whatif", "x.yaml", "--top", "0"],
    ):
        code, out, err = run(*args)
        assert code == 2 and out == ""
        assert "Value error" not in err and "Input should be" not in err, err
    assert "not a whole number" in run("whatif", "x.yaml", "--top", "abc")[2]
    assert "must be 1 or more" in run("whatif", "x.yaml", "--top", "0")[2]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["evaluate", str(EXAMPLES / "vlo.yaml"), "-f", "json", "--format", "table"],
         "-f and --format: given twice"),
        (["evaluate", str(EXAMPLES / "vlo.yaml"), "--format=json", "--format", "json"],
         "--format: given twice"),
    ],
)  # fmt: skip
def test_an_option_of_one_value_given_twice_is_refused(args: list[str], said: str) -> None:
    """The parser would keep the last value and drop the first without a word."""
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert said in err
