"""The staff-file options of the four pay commands: declared once, named one way.

equalpay, neutrality, paygap and paymodel read a staff file with the same options and the same
help, and name its columns the same way: ``--column KEY=NAME`` (repeatable), of which
``--sex-column NAME`` and its like are exact shorthands. Every refusal is a usage error (exit 2)
that says what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.harness import run

_SIX = [EXAMPLES / f"{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")]
_SIX.append(EXAMPLES / "njc-library-assistant.yaml")

#: Each command: its arguments but the staff file, the staff file, and the keys it reads.
COMMANDS: dict[str, tuple[list[str | Path], Path, tuple[str, ...]]] = {
    "equalpay": (
        ["equalpay", *_SIX, "--pay-basis", "fte"],
        EXAMPLES / "equalpay" / "staff.csv",
        ("job", "sex", "pay"),
    ),
    "neutrality": (
        ["neutrality", ROOT / "tests" / "fixtures" / "neutrality", "--pay-basis", "basic"],
        ROOT / "tests" / "fixtures" / "neutrality" / "staff.csv",
        ("job", "sex", "pay"),
    ),
    "paygap": (
        ["paygap", *_SIX, "--snapshot", "2027-04-05"],
        EXAMPLES / "paygap" / "staff.csv",
        (
            "sex",
            "ordinary_pay",
            "period_bonus",
            "pay_period",
            "period_days",
            "weekly_hours",
            "full_pay",
            "bonus",
            "annual_basic",
            "annual_components",
            "annual_hours",
            "job",
            "id",
        ),  # fmt: skip
    ),
    "paymodel": (
        [
            "paymodel",
            EXAMPLES / "nhs-hcsw.yaml",
            EXAMPLES / "nhs-nurse.yaml",
            "--scale",
            "nhs-afc-2025-26",
            "--from",
            "2025-04-01",
            "--award",
            "3",
        ],  # fmt: skip
        EXAMPLES / "paymodel" / "nhs-staff.csv",
        ("job", "sex", "band", "pay", "fte", "band_start"),
    ),
}
#: The shorthands each command has, by key.
SHORTHANDS = {
    "equalpay": ("job", "sex", "pay"),
    "neutrality": ("job", "sex", "pay"),
    "paygap": ("job", "sex"),
    "paymodel": ("job", "sex", "band", "pay", "fte", "band_start"),
}
#: Options every one of the four declares alike (one help text each).
SHARED = (
    "--sheet", "--delimiter", "--decimal", "--header-row", "--column",
    "--job-column", "--sex-column", "--min-group",
)  # fmt: skip


def _renamed(tmp_path: Path, source: Path, renames: dict[str, str]) -> Path:
    """The staff file with some header cells renamed (the rows as they are)."""
    header, _, rest = source.read_text(encoding="utf-8").partition("\n")
    cells = [renames.get(c, c) for c in header.split(",")]
    path = tmp_path / "renamed.csv"
    path.write_text(",".join(cells) + "\n" + rest, encoding="utf-8")
    return path


def _shorthand(key: str) -> str:
    return f"--{key.replace('_', '-')}-column"


def _usage_error(*args: str | Path) -> str:
    code, out, err = run(*args)
    assert code == 2, err
    assert out == ""
    return " ".join(err.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_column_and_its_shorthand_are_the_same_thing(command: str, tmp_path: Path) -> None:
    args, staff, _ = COMMANDS[command]
    code, expected, err = run(*args, "--staff", staff, "-f", "json")
    assert code == 0, err
    keys = SHORTHANDS[command]
    renamed = _renamed(tmp_path, staff, {k: f"Their {k}" for k in keys})
    # Every column renamed: named with --column, with the shorthands, and with both.
    by_column = [a for k in keys for a in ("--column", f"{k}=Their {k}")]
    by_shorthand = [a for k in keys for a in (_shorthand(k), f"their {k.upper()}")]
    outputs = {}
    for how, extra in (
        ("column", by_column),
        ("shorthand", by_shorthand),
        ("both", by_column + by_shorthand),
    ):
        code, out, err = run(*args, "--staff", renamed, *extra, "-f", "json")
        assert code == 0, (how, err)
        outputs[how] = out
    assert outputs["column"] == outputs["shorthand"] == outputs["both"]
    # The same figures as the file with its own headers (the file's name and hash aside).
    assert _figures(outputs["column"]) == _figures(expected)
    # Unnamed, the renamed file lacks the columns: the hint gives the one way to name them.
    code, _, err = run(*args, "--staff", renamed)
    assert code == 3
    assert f"name the {keys[0]} column with --column {keys[0]}=NAME" in err


def _figures(json_text: str) -> str:
    """A JSON output less what names the staff file (its path and hash)."""
    return re.sub(r'"(path|sha256)": "[^"]*"', "", json_text)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_key_is_refused_with_the_keys_read(command: str) -> None:
    args, staff, keys = COMMANDS[command]
    err = _usage_error(*args, "--staff", staff, "--column", "salary=Pay")
    assert "--column 'salary=Pay': this command reads no column 'salary'" in err
    assert f"KEY is one of {', '.join(keys)}" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_a_key_given_twice_is_refused(command: str) -> None:
    args, staff, keys = COMMANDS[command]
    twice = ["--column", f"{keys[0]}=a", "--column", f"{keys[0]}=b"]
    err = _usage_error(*args, "--staff", staff, *twice)
    assert f"--column names the {keys[0]} column twice ('a' and 'b'): give each key once" in err
    # Even with the same name: one key, one mention.
    err = _usage_error(*args, "--staff", staff, "--column", "sex=s", "--column", "sex=s")
    assert "names the sex column twice" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_a_shorthand_naming_another_header_is_refused(command: str) -> None:
    args, staff, _ = COMMANDS[command]
    err = _usage_error(*args, "--staff", staff, "--column", "sex=Gender", "--sex-column", "Sex")
    assert "--sex-column 'Sex' and --column sex='Gender' name the sex column differently" in err
    # The same header, in another case, is the same column: accepted.
    code, _, err = run(*args, "--staff", staff, "--column", "sex=SEX", "--sex-column", "sex")
    assert code == 0, err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("item", ["sex", "sex=", "=Gender", "sex Gender"])
def test_an_item_not_key_equals_name_is_refused(command: str, item: str) -> None:
    args, staff, keys = COMMANDS[command]
    err = _usage_error(*args, "--staff", staff, "--column", item)
    assert f"--column '{item}': give KEY=NAME, KEY one of {', '.join(keys)}" in err


def test_one_column_for_two_keys_is_named_by_the_one_way() -> None:
    args, staff, _ = COMMANDS["equalpay"]
    err = _usage_error(*args, "--staff", staff, "--sex-column", "job")
    assert "--column job=NAME and --column sex=NAME name the same column 'job'" in err


def _option_help(command: str) -> dict[str, str]:
    """Each option's help (its words, joined across lines) in ``jescore COMMAND --help``."""
    code, out, _ = run(command, "--help")
    assert code == 0
    options = out.split("Options:", 1)[1]
    found: dict[str, str] = {}
    name = ""
    for line in options.splitlines():
        if line.startswith("  -"):  # an option's first line: names, metavar, help
            name = re.findall(r"--[a-z-]+", line)[0]
            found[name] = re.split(r"\S\s{2,}", line.strip(), maxsplit=1)[-1]
        elif name and line.startswith(" " * 10):
            found[name] += " " + line.strip()
    return {k: " ".join(v.split()) for k, v in found.items()}


def test_the_four_commands_say_the_same_of_each_shared_option() -> None:
    helps = {command: _option_help(command) for command in COMMANDS}
    for option in SHARED:
        said = {command: helps[command][option] for command in COMMANDS}
        if option == "--column":  # the keys differ: the rest is the same
            said = {c: h.split(" Keys: ")[0] for c, h in said.items()}
        assert len(set(said.values())) == 1, (option, said)
    # Where some of them have an option, they say the same of it.
    for option, having in (
        ("--skip-unknown-jobs", ("equalpay", "neutrality", "paygap")),
        ("--skip-bad-rows", ("equalpay", "neutrality", "paygap", "paymodel")),
        ("--pay-column", ("equalpay", "neutrality")),
    ):
        assert len({helps[command][option] for command in having}) == 1, option
    for command in ("equalpay", "paygap", "paymodel"):
        assert helps[command]["--staff"] == helps["equalpay"]["--staff"]
    # neutrality's --staff is optional and says what it is for, after the same words.
    assert helps["neutrality"]["--staff"].startswith(
        helps["equalpay"]["--staff"].replace(" [required]", "")
    )
    for command, keys in SHORTHANDS.items():
        for key in keys:
            assert f"The same as --column {key}=NAME." in helps[command][_shorthand(key)]


@pytest.mark.parametrize("command", ["equalpay", "paygap"])
def test_a_hostile_column_item_is_refused_safely(command: str) -> None:
    args, staff, _ = COMMANDS[command]
    err = _usage_error(*args, "--staff", staff, "--column", "\x1b[31mkey=" + "x" * 5000)
    assert "this command reads no column" in err and "x" * 200 not in err
    err = _usage_error(*args, "--staff", staff, "--column", "sex=a\x07", "--sex-column", "b\x1b")
    assert "name the sex column differently" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_reads_a_header_below_a_title_row(command: str, tmp_path: Path) -> None:
    args, staff, _ = COMMANDS[command]
    code, expected, err = run(*args, "--staff", staff, "-f", "json")
    assert code == 0, err
    titled = tmp_path / "titled.csv"
    titled.write_text("Payroll export\n" + staff.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(*args, "--staff", titled, "--header-row", "2", "-f", "json")
    assert code == 0, err
    assert _figures(out) == _figures(expected)
