"""Trust: no crash, no leak, no injection, nothing silently wrong, whatever a stranger sends.

One test (or a few) per defect found by trying jescore as a hostile user would; each of them
failed before its fix.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jescore import engine
from jescore.cli import app
from jescore.safety import clean, csv_cell, excerpt, md_code, md_text

from .conftest import EXAMPLES, FIXTURES
from .harness import UNSAFE, run, runner

VLO = EXAMPLES / "vlo.yaml"


def _job(folder: Path, name: str = "job.yaml", **replace: str) -> Path:
    """The VLO example copied into ``folder``, with lines replaced (``old=new``)."""
    text = VLO.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


TITLE = "  title: Victim Liaison Officer"

# --- crashes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "location"),
    [
        (TITLE, "  title: T\n  date: 2016-13-45", "job.date"),
        (TITLE, "  title: T\n  date: 2016-02-30", "job.date"),
        ("      - text: Keeps victim contact", "      - text: 2016-13-45\n      - text: Keeps", ""),
    ],
)
def test_an_impossible_date_anywhere_is_a_message_not_a_crash(
    tmp_path: Path, old: str, new: str, location: str
) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(VLO.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    code, out, err = run("evaluate", path)
    if location:
        assert code == 3 and out == ""
        assert f"job.yaml:9: {location}: " in err
    else:  # a date as evidence text is text
        assert code == 0, err


def test_rank_goes_on_past_a_file_with_an_impossible_date(tmp_path: Path) -> None:
    _job(tmp_path, "good.yaml")
    _job(tmp_path, "bad.yaml", **{TITLE: "  title: T\n  date: 2016-13-45"})
    code, out, err = run("rank", tmp_path)
    assert code == 3
    assert "Victim Liaison Officer" in out and "bad.yaml:9: job.date:" in err


@pytest.mark.parametrize(
    "value",
    ["!!bool maybe", "!!float abc", "!!int 0xZZ", "!foo x", "!!binary AAAA",
     "!!python/object/apply:os.system [id]", "9" * 5000, "[1]"],
)  # fmt: skip
def test_yaml_tags_and_odd_scalars_are_messages(tmp_path: Path, value: str) -> None:
    path = _job(tmp_path, **{"  reference: VLO-2016": f"  reference: {value}"})
    code, _, err = run("evaluate", path)
    assert code == 3 and "job.yaml:9: job.reference: " in err


@pytest.mark.parametrize("value", ["2016-13-45", "2016-01-05", "!!timestamp nope", "="])
def test_dates_and_equals_signs_are_text_where_text_is_due(tmp_path: Path, value: str) -> None:
    path = _job(tmp_path, **{TITLE: f"  title: {value}"})
    code, out, err = run("evaluate", path, "-f", "json")
    assert code == 0, err
    [e] = json.loads(out)["evaluations"]
    assert e["job"]["title"] == value.removeprefix("!!timestamp ")


# --- tests that see crashes ------------------------------------------------------------------


def test_the_harness_fails_on_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash inside a command must fail a test, not pass as 'exit 1, an error'."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr(engine, "evaluate", broken)
    raw = runner.invoke(app, ["evaluate", str(VLO)])
    assert raw.exit_code == 1 and raw.stdout == ""  # what CliRunner alone would show
    with pytest.raises(RuntimeError, match="injected"):
        run("evaluate", VLO)


def test_the_harness_fails_on_exit_1_without_a_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    def gate(*args: object, **kwargs: object) -> None:
        raise typer.Exit(1)

    monkeypatch.setattr(engine, "evaluate", gate)
    with pytest.raises(AssertionError, match="exit 1 is not documented"):
        run("evaluate", VLO)


# --- leaks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["/etc/passwd", "/proc/self/environ", "../../../../etc/hostname"])
def test_a_questionnaire_cannot_make_jescore_read_outside_the_tree(
    tmp_path: Path, ref: str
) -> None:
    path = _job(tmp_path, **{"scheme: probation-illustrative": f"scheme: {ref}"})
    code, out, err = run("evaluate", path)
    assert code == 3 and out == ""
    assert err == (
        f"{path}:16: scheme: '{ref}' lies outside the folders jescore may read (the current "
        "folder and the folders of the files given); to read it, run with --allow-dir FOLDER\n"
    )


@pytest.mark.posix
def test_a_symbolic_link_cannot_lead_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(FIXTURES / "mini-scheme.yaml", outside / "secret.yaml")
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "scheme.yaml").symlink_to(outside / "secret.yaml")
    job = jobs / "job.yaml"
    job.write_text(
        (FIXTURES / "mini-job.yaml").read_text().replace("mini-scheme.yaml", "scheme.yaml")
    )
    os.chdir(tmp_path / "jobs")  # the current folder is inside the tree too
    try:
        code, _, err = run("evaluate", "job.yaml")
        assert code == 3 and "lies outside the folders jescore may read" in err
        code, _, err = run("evaluate", "job.yaml", "--allow-dir", outside)
        assert code == 0, err
        # A link found in a folder search that leads out of the folder is not read either.
        (jobs / "linked.yaml").symlink_to(outside / "secret.yaml")
        code, _, err = run("scheme", "check", ".")
        assert code == 3 and "no scheme or grading structure found" in err
    finally:
        os.chdir(Path(__file__).parent)


def test_allow_dir_lets_a_questionnaire_name_a_scheme_elsewhere(tmp_path: Path) -> None:
    schemes, jobs = tmp_path / "schemes", tmp_path / "jobs"
    schemes.mkdir()
    jobs.mkdir()
    shutil.copy(FIXTURES / "mini-scheme.yaml", schemes / "mini.yaml")
    job = jobs / "job.yaml"
    job.write_text(
        (FIXTURES / "mini-job.yaml")
        .read_text()
        .replace("mini-scheme.yaml", str(schemes / "mini.yaml"))
    )
    assert run("evaluate", job)[0] == 3
    code, out, err = run("evaluate", job, "--allow-dir", schemes, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["evaluations"][0]["score"]["total"] > 0


def test_a_file_that_is_not_yaml_mapping_is_never_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("API_TOKEN=hunter2 SESSION=abc\n", encoding="utf-8")
    code, _, err = run("evaluate", secret)
    assert code == 3 and "hunter2" not in err
    assert err == (
        f"{secret}:1: the file holds text, not a questionnaire (a mapping of keys such as "
        "'name: value')\n"
    )


def test_a_huge_value_is_never_echoed(tmp_path: Path) -> None:
    huge = "x" * 4_000_000
    path = _job(tmp_path, **{"  knowledge:\n    level: 4": f"  knowledge:\n    level: '{huge}'"})
    code, _, err = run("evaluate", path)
    assert code == 3 and len(err) < 500
    assert f"'{'x' * 60}… (4,000,000 characters)' is not a level" in err
    key = "k" * 100_000
    path = _job(tmp_path, **{"  knowledge:\n": f"  {key}: {{level: 1}}\n  knowledge:\n"})
    code, _, err = run("evaluate", path)
    assert code == 3 and len(err) < 1_500


# --- injection -------------------------------------------------------------------------------

HOSTILE = "Evil\\e[31mRed\\e]0;owned\\a\\u202eReversed\\x9b2J"


def _hostile(tmp_path: Path) -> Path:
    return _job(
        tmp_path,
        **{
            TITLE: f'  title: "{HOSTILE}"',
            "      - text: Keeps victim contact records up to date": (  # information
                "      - text: '![x](http://example.invalid/x.png) <img src=x> "
                '=HYPERLINK(""http://example.invalid"",""y"")\''
            ),
        },
    )


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate"],
        ["evaluate", "-f", "json"],
        ["evaluate", "-f", "markdown"],
        ["whatif"],
        ["whatif", "-t", "4", "-f", "markdown"],
        ["rank"],
        ["rank", "-f", "csv"],
        ["compare", VLO, "-f", "markdown"],
        ["check", "-f", "markdown"],
    ],
    ids=lambda a: " ".join(map(str, a)),
)
def test_control_characters_in_user_text_are_neutralised(tmp_path: Path, args: list[str]) -> None:
    path = _hostile(tmp_path)
    if args[0] == "compare":
        code, out, err = run("compare", args[1], path, *args[2:], "--allow-dir", EXAMPLES)
    else:
        code, out, err = run(args[0], path, *args[1:])  # run() fails on any unsafe character
    assert code == 0, err
    if args[0] == "check":
        return  # no finding: the title is not shown
    if args[0] == "compare":  # the evidence is shown, as text
        assert "!\\[x\\](http://example.invalid/x.png) \\<img src=x\\>" in out
        assert re.search(r"(?<!\\)(!\[|<img)", out) is None
        return
    if args[-1] == "markdown":  # backslashes and brackets escaped, so they render as written
        assert "Evil\\\\x1b\\[31mRed" in out
    elif args[-1] != "json":
        assert "Evil\\x1b[31mRed" in out
    else:
        assert json.loads(out)["evaluations"][0]["job"][
            "title"
        ] == "Evil\\x1b[31mRed\\x1b]0;owned\\x07" + ("\\u202eReversed\\x9b2J")


def test_appeal_outputs_neutralise_formulas_markup_and_controls(tmp_path: Path) -> None:
    claim = _hostile(tmp_path)
    text = claim.read_text()
    claim.write_text(text.replace("  information:\n    level: 2", "  information:\n    level: 3"))
    code, out, err = run("appeal", VLO, claim, "-f", "csv", "--allow-dir", EXAMPLES)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    evidence = [r["claim_evidence"] for r in rows if "HYPERLINK" in r["claim_evidence"]]
    assert evidence and all(not e.startswith(("=", "+", "-", "@")) for e in evidence)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r"))
            assert not value.startswith("-") or value.lstrip("-").isdigit()
    code, out, _ = run("appeal", VLO, claim, "-f", "markdown")
    assert re.search(r"(?<!\\)(!\[|<img)", out) is None  # no image, no tag: only escaped text
    assert "!\\[x\\](http://example.invalid/x.png) \\<img src=x\\>" in out
    code, out, _ = run("appeal", VLO, claim, "-f", "html")
    assert "<img src=x>" not in out and "&lt;img src=x&gt;" in out


def test_markdown_escapes_what_would_render_as_markup() -> None:
    assert md_text("![x](http://e/x.png)") == "!\\[x\\](http://e/x.png)"
    assert md_text("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert md_text("a | b *c* _d_ `e` ~f~ &amp; $x$") == (
        "a \\| b \\*c\\* \\_d\\_ \\`e\\` \\~f\\~ \\&amp; \\$x\\$"
    )
    assert md_text("# heading") == "\\# heading" and md_text("1. item") == "1\\. item"
    assert md_text("- item\nnext") == "\\- item next"
    assert md_code("a`b") == "``a`b``" and md_code("`x`") == "`` `x` ``"


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "\\x0dx"),
        ("-20", "-20"),
        ("12", "12"),
        ("plain", "plain"),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_are_defused(cell: str, shown: str) -> None:
    assert csv_cell(cell) == shown


def test_clean_and_excerpt() -> None:
    assert clean("a\x1b[31mb\u202ec\td\ne\x85") == "a\\x1b[31mb\\u202ec\td\ne\\x85"
    assert excerpt("a\nb") == "a\\x0ab"
    assert excerpt("y" * 100) == "y" * 60 + "… (100 characters)"
    assert UNSAFE.search(clean("".join(chr(c) for c in range(0x2100)))) is None


# --- silently wrong --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("2zz", "level 2 of Planning and organisational skills has no lettered alternatives"),
        ("2(a)(b)", "level 2 of Planning and organisational skills has no lettered alternatives"),
        ("2z", "level 2 of Planning and organisational skills has no lettered alternatives"),
    ],
)
def test_nhs_letters_on_a_level_without_any_are_errors(
    tmp_path: Path, level: str, message: str
) -> None:
    text = (EXAMPLES / "nhs-nurse.yaml").read_text(encoding="utf-8")
    path = tmp_path / "nurse.yaml"
    path.write_text(text.replace("  planning:\n    level: 2", f"  planning:\n    level: {level}"))
    code, _, err = run("evaluate", path)
    assert code == 3 and message in err


def test_nhs_letters_on_an_unconfirmed_level_warn(tmp_path: Path) -> None:
    text = (EXAMPLES / "nhs-nurse.yaml").read_text(encoding="utf-8")
    path = tmp_path / "nurse.yaml"
    path.write_text(text.replace("  knowledge:\n    level: 5", "  knowledge:\n    level: 8c"))
    code, _, err = run("evaluate", path, "-f", "json")
    assert code == 0
    assert "warning: factors.knowledge.level: letter c on level 8 of Knowledge, training " in err
    assert "could not be checked" in err


@pytest.mark.parametrize("level", ["'٣'", "'２'", "'৪a'"])
def test_unicode_digits_are_not_levels(tmp_path: Path, level: str) -> None:
    path = _job(tmp_path, **{"  knowledge:\n    level: 4": f"  knowledge:\n    level: {level}"})
    code, _, err = run("evaluate", path)
    assert code == 3 and "is not a level" in err


def test_bands_for_another_scheme_are_an_error_unless_allowed(in_root: Path) -> None:
    code, out, err = run("evaluate", "examples/vlo.yaml", "--bands", "njc-southampton-2015")
    assert code == 3 and out == ""
    assert "these bands are for scheme 'njc', not 'probation-illustrative'" in err
    assert "--allow-other-scheme-bands" in err
    code, out, err = run(
        "evaluate", "examples/vlo.yaml", "--bands", "njc-southampton-2015",
        "--allow-other-scheme-bands",
    )  # fmt: skip
    assert code == 0 and "warning: scheme: these bands are for scheme 'njc'" in err


def test_compare_across_schemes_prints_nothing_on_stdout(in_root: Path) -> None:
    code, out, err = run("compare", "examples/vlo.yaml", "examples/nhs-nurse.yaml")
    assert code == 3 and out == ""
    assert "scheme changed from 'probation-illustrative' to 'nhs-afc'" in err
    code, out, _ = run("compare", "examples/vlo.yaml", "examples/nhs-nurse.yaml", "-f", "json")
    assert code == 3 and out == ""


def test_appeal_of_a_file_against_itself_says_so(tmp_path: Path, in_root: Path) -> None:
    code, out, err = run("appeal", "examples/vlo.yaml", "examples/vlo.yaml")
    assert code == 2 and out == ""
    assert "are the same questionnaire" in err
    copy = _job(tmp_path, "copy.yaml")
    code, _, err = run("appeal", "examples/vlo.yaml", copy)  # same bytes, another name
    assert code == 2 and "are the same questionnaire (sha256 " in err


# --- locations -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["date", "int", "str", "list", "dict"])
def test_keys_named_like_pydantic_types_stay_in_locations(tmp_path: Path, key: str) -> None:
    # A factor key is any text; pydantic's own location parts have these names too.
    path = _job(tmp_path, **{"  knowledge:\n    level: 4": f"  {key}:\n    level: [4]"})
    code, _, err = run("evaluate", path)
    assert code == 3
    assert f"job.yaml:19: factors.{key}.level: " in err


def test_date_errors_name_the_date_key(tmp_path: Path) -> None:
    path = _job(tmp_path, **{TITLE: "  title: T\n  date: [2016]"})
    code, _, err = run("evaluate", path)
    assert code == 3 and "job.yaml:9: job.date: " in err


# --- width -----------------------------------------------------------------------------------


def test_rank_aligns_wide_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.cells import cell_len

    # Wide enough for one line per job (at 80 columns, long temporary paths go on a line of
    # their own, which test_terminal checks).
    monkeypatch.setenv("COLUMNS", "400")
    _job(tmp_path, "a.yaml", **{TITLE: "  title: 保護観察の被害者連絡担当官"})
    _job(tmp_path, "b.yaml", **{TITLE: "  title: Victim 😀 Liaison"})
    code, out, _ = run("rank", tmp_path)
    assert code == 0
    lines = out.splitlines()
    total = lines[0].index("Total")
    for line in lines[2:]:  # every total ends in the same terminal column
        head = line[: line.index(" 374")]
        assert cell_len(head) + 4 == total + len("Total")


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _strings(k) + _strings(v)]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return [data] if isinstance(data, str) else []


@settings(deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127, exclude_characters="\\"), max_size=80))
def test_ascii_text_without_backslashes_never_yields_an_unsafe_character(text: str) -> None:
    """What lets the loader skip cleaning such files (the usual case) without a scan."""
    from jescore.errors import InputError
    from jescore.yamldoc import parse

    try:
        data = parse("a: " + text, "t.yaml").data
    except InputError:
        return
    assert all(UNSAFE.search(s) is None for s in _strings(data))
