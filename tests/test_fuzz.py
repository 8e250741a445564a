"""Fuzzing: whatever the input, every command ends in a documented exit code with a message.

Mutated questionnaires, schemes and grading files (impossible dates, YAML tags, anchors and
aliases, unicode digits and scripts, control characters and direction overrides, formulas and
markup, huge values) go to every command in every text format. Each run goes through
:func:`tests.harness.run`, so a crash, an undocumented exit code, exit 1 without a gate, a
traceback or a control character in the output fails the test; here stderr must also stay
short, whatever the size of the input.

A short campaign runs in CI; run a long one locally with
``python -m pytest tests/test_fuzz.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import EXAMPLES, FIXTURES
from .harness import run

#: Longest stderr accepted: messages quote short excerpts, never a whole value or file.
STDERR_LIMIT = 20_000
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
#: Each command gets a quarter of the profile's examples (33 commands: 37 each in CI).
PER_COMMAND = settings(SETTINGS, max_examples=max(10, settings.default.max_examples // 4))

#: Values a stranger might put anywhere in a file.
PAYLOADS = [
    "2016-13-45",
    "2016-02-30",
    "2016-01-05 25:61:00",
    "!!timestamp nope",
    "!!float nope",
    "!!bool maybe",
    "!!int 0xZZ",
    "!!int '9'",
    "!!python/object/apply:os.system [id]",
    "!!binary 'AAA%'",
    "!foo bar",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!null x",
    "&a 4",
    "*a",
    "*nope",
    "{<<: *a}",
    '"\\e[31mred\\e[0m"',
    '"\\e]0;owned\\a"',
    '"\\u202eevil"',
    '"\\x9b31m"',
    '"\\r\\nexamples/vlo.yaml:1: all good"',
    '"\\0"',
    "\u202eRTL",
    "\u2066isolate\u2069",
    "漢字の職務",
    "😀 emoji",
    "٣",
    "２",
    "4٣",
    '\'=HYPERLINK("http://example.invalid","click")\'',
    "'+1+1'",
    "'@SUM(A1)'",
    "'![x](http://example.invalid/x.png)'",
    "'<img src=x onerror=alert(1)>'",
    "'[link](javascript:alert(1))'",
    "x" * 100_000,
    "9" * 5_000,
    "1e400",
    ".nan",
    "-.inf",
    "~",
    "[]",
    "{}",
    "[[[[[[[[[[]]]]]]]]]]",
    "yes",
    "012",
    "0x1F",
    "1:30",
    "=",
    "-1",
    "0",
    "99999999999999999999999999",
    "3ab-4b",
    "2zz",
    "1(a)(b)",
]
#: Keys a stranger might use, including names pydantic uses inside its own error locations.
KEYS = ["date", "int", "str", "list", "dict", "level", "evidence", "scheme", "grading", "title",
        "bands", "\u202ekey", '"\\e[2J"', "k" * 3_000, "<<", "? [a]", "1", "null"]  # fmt: skip


def mutate(text: str, rnd: random.Random) -> str:
    """A few random edits: payload values and keys, and line-level damage."""
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(lines))
        line = lines[i]
        indent = line[: len(line) - len(line.lstrip())]
        choice = rnd.randrange(10)
        if choice <= 2 and ": " in line:  # a value
            key = line.split(": ", 1)[0]
            lines[i] = f"{key}: {rnd.choice(PAYLOADS)}"
        elif choice == 3 and ":" in line:  # a key
            lines[i] = f"{indent}{rnd.choice(KEYS)}:{line.split(':', 1)[1]}"
        elif choice == 4:  # a new key at the same indentation
            lines.insert(i, f"{indent}{rnd.choice(KEYS)}: {rnd.choice(PAYLOADS)}")
        elif choice == 5:
            del lines[i]
        elif choice == 6:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif choice == 7:
            lines[i] = line.replace(" ", "\t", 1)
        elif choice == 8:
            lines[i] = line[: rnd.randrange(len(line) + 1)]
        else:
            lines[i] = line + rnd.choice([":", " [", " &a", " *a", " !!python/none", "'", "{"])
    return "\n".join(lines) + "\n"


#: Every command, in every text format (docx is binary and written to a file: see below).
COMMANDS = [
    ("evaluate", "{job}"),
    ("evaluate", "{job}", "-f", "json"),
    ("evaluate", "{job}", "-f", "markdown"),
    ("whatif", "{job}"),
    ("whatif", "{job}", "-f", "markdown"),
    ("whatif", "{job}", "-t", "{band}", "-f", "json"),
    ("compare", "{base}", "{job}", "--fail-on", "band-change"),
    ("compare", "{base}", "{job}", "-f", "markdown"),
    ("compare", "{base}", "{job}", "-f", "json"),
    ("appeal", "{base}", "{job}", "-f", "csv"),
    ("appeal", "{base}", "{job}", "-f", "html"),
    ("appeal", "{job}", "{base}", "-f", "markdown"),
    ("appeal", "{base}", "{job}", "-f", "json"),
    ("appeal", "{base}", "{job}", "-f", "docx", "-o", "{out}"),
    ("rank", "{dir}"),
    ("rank", "{dir}", "-f", "csv"),
    ("rank", "{dir}", "-f", "markdown"),
    ("check", "{dir}", "--near", "5", "--fail-on", "any"),
    ("check", "{dir}", "-f", "json"),
    ("scheme", "check", "{dir}"),
    ("scheme", "show", "{scheme}"),
    ("profile", "show", "{profile}"),
    ("profile", "show", "{profile}", "-f", "json"),
    ("profile", "show", "{profile}", "-f", "markdown"),
    ("profile", "check", "{dir}"),
    ("match", "{job}", "{profile}", "--fail-on", "no-match"),
    ("match", "{job}", "{dir}", "-f", "json"),
    ("match", "{job}", "{profile}", "-f", "markdown"),
    ("match", "{dir}", "-f", "csv"),
    ("panel", "{dir}"),
    ("panel", "{dir}", "-f", "json"),
    ("panel", "{dir}", "-f", "html"),
    ("panel", "{base}", "{job}", "--consensus", "-o", "{out}.yaml"),
    ("scheme", "audit", "{scheme}"),
    ("scheme", "audit", "{scheme}", "-f", "json"),
    ("scheme", "audit", "{scheme}", "-f", "html"),
    ("neutrality", "{job}"),
    ("neutrality", "{job}", "-f", "json"),
    ("neutrality", "{job}", "-f", "markdown"),
    ("neutrality", "{job}", "-f", "html"),
]
#: What is mutated: a questionnaire (under a shipped or a local scheme), the scheme it names,
#: the grading structure it is scored with, or a job profile.
TARGETS = ["vlo", "nurse", "mini-job", "mini-scheme", "mini-bands", "profile"]


def _setup(tmp: Path, target: str, rnd: random.Random) -> dict[str, str]:
    """Files for one run in a fresh folder; returns what the command templates name."""
    folder = Path(tempfile.mkdtemp(dir=tmp))
    for name in ("mini-scheme.yaml", "mini-bands.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    base = {
        "vlo": EXAMPLES / "vlo.yaml",
        "nurse": EXAMPLES / "nhs-nurse.yaml",
        "profile": EXAMPLES / "nhs-nurse.yaml",
    }.get(target, FIXTURES / "mini-job.yaml")
    profile = (EXAMPLES / "profiles" / "nursing-nurse.yaml").read_text(encoding="utf-8")
    if target == "profile":
        profile = mutate(profile, rnd)
    (folder / "profile.yaml").write_text(profile, encoding="utf-8")
    text = base.read_text(encoding="utf-8")
    if target == "mini-bands":
        text = text.replace(
            "scheme: mini-scheme.yaml", "scheme: mini-scheme.yaml\ngrading: ./mini-bands.yaml"
        )
    (folder / "base.yaml").write_text(text, encoding="utf-8")
    if target in {"mini-scheme", "mini-bands", "profile"}:
        victim = folder / f"{target}.yaml"
        if target != "profile":
            victim.write_text(mutate(victim.read_text(encoding="utf-8"), rnd), encoding="utf-8")
        (folder / "job.yaml").write_text(text.replace("Mini job", "Mini job, redrafted"))
    else:
        (folder / "job.yaml").write_text(mutate(text, rnd), encoding="utf-8")
    return {
        "job": str(folder / "job.yaml"),
        "base": str(folder / "base.yaml"),
        "dir": str(folder),
        "scheme": str(folder / "mini-scheme.yaml"),
        "band": {"vlo": "4", "nurse": "6"}.get(target, "high"),
        "out": str(folder / "out.docx"),
        "profile": str(folder / "profile.yaml"),
    }


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c).replace("{", ""))
@PER_COMMAND
@given(target=st.sampled_from(TARGETS), seed=st.integers(0, 2**32 - 1))
def test_every_command_survives_mutated_files(
    tmp_path: Path, command: tuple[str, ...], target: str, seed: int
) -> None:
    names = _setup(tmp_path, target, random.Random(seed))
    code, out, err = run(*(part.format(**names) for part in command))
    assert len(err) <= STDERR_LIMIT, f"stderr is {len(err):,} characters"
    if code == 3:
        assert err.strip(), "an invalid input must say why"
    if code == 0 and "-o" not in command:
        assert out.strip(), "a success must print its result"


def _evaluate(path: Path) -> None:
    code, out, err = run("evaluate", path)
    assert len(err) <= STDERR_LIMIT
    if code == 3:
        assert err.strip(), "an invalid input must say why"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["yes", "no", "012", "0x1F", "1_0", "1:30", "~", "4a", "4(a)", "2-3ab", ""]),
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(
                st.text(max_size=10),
                st.sampled_from(
                    ["job", "title", "scheme", "factors", "level", "evidence", "bands", "date"]
                ),
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@SETTINGS
@given(documents)
def test_arbitrary_yaml_documents(tmp_path: Path, data: object) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _evaluate(path)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "raw.yaml"
    path.write_bytes(raw)
    _evaluate(path)


# --- hostile file names --------------------------------------------------------------------------

#: Names a stranger can give a file in a pull request or a shared folder: control characters,
#: direction overrides, workflow commands, markup, formulas, names that look like options, long
#: ones (over the 255 bytes a file system allows too), and bytes that are not UTF-8 (kept by
#: Python as surrogates, as they come from the file system).
HOSTILE_NAMES = [
    "\x1b[31mred\x1b[0m",
    "\x1b]0;owned\x07",
    "\u202eevil",
    "\u2066isolate\u2069",
    "tab\there",
    "new\nline: x",
    "carriage\rreturn",
    "::error title=owned::x",
    "::set-output name=tripped::false",
    "x ##[set-output name=a;]b",
    "-o",
    "--force",
    "--output=x",
    "-",
    "--",
    "=HYPERLINK(1)",
    "![x](http:example.invalid x.png)",
    "<img src=x>",
    "we: ird #1",
    "*",
    "[a]",
    "?",
    " leading space",
    "trailing space ",
    ".",
    "..",
    "~",
    "n" * 250,
    "n" * 300,
    os.fsdecode(b"caf\xe9"),
    os.fsdecode(b"\xff\xfe\x80"),
    "漢字の職務",
]

hostile_names = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.text(
        st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=40,
    ),
    st.binary(min_size=1, max_size=20)
    .filter(lambda b: b"/" not in b and b"\x00" not in b)
    .map(os.fsdecode),
)

#: Commands that take files, with ``{f}`` the hostile name and ``{g}`` a good questionnaire.
FILE_COMMANDS = [
    ("evaluate", "{f}"),
    ("evaluate", "--", "{f}"),
    ("evaluate", "{g}", "-o", "{f}"),
    ("evaluate", "{g}", "-f", "json", "-o", "{f}", "--force"),
    ("whatif", "{f}"),
    ("rank", "{f}", "{g}"),
    ("check", "{f}"),
    ("compare", "{g}", "{f}"),
    ("appeal", "{g}", "{f}"),
    ("match", "{f}", "{g}"),
    ("panel", "{f}", "{g}"),
    ("scheme", "check", "{f}"),
    ("scheme", "show", "{f}"),
    ("profile", "show", "{f}"),
    ("new", "--scheme", "{f}"),
    ("equalpay", "{g}", "--staff", "{f}", "--pay-basis", "fte"),
    ("scheme", "audit", "{f}"),
    ("neutrality", "{f}"),
    ("neutrality", "{g}", "--staff", "{f}", "--pay-basis", "fte"),
    ("paygap", "--staff", "{f}"),
]
#: What the hostile file holds: a questionnaire, the questionnaire naming it as its scheme, a
#: scheme, a staff file, or nothing (it does not exist).
CONTENTS = ["questionnaire", "named", "scheme", "staff", "absent"]


def _name_setup(folder: Path, stem: str, suffix: str, content: str) -> tuple[str, str]:
    """The hostile file (and a good questionnaire) in ``folder``; their names as given."""
    name = stem + suffix
    good = folder / "good.yaml"
    vlo = (EXAMPLES / "vlo.yaml").read_text(encoding="utf-8")
    good.write_text(vlo, encoding="utf-8")
    path = folder / name
    fits = len(os.fsencode(name)) <= 255 and name not in {".", "..", "-", "--"}
    if content != "absent" and fits and not path.exists():
        if content == "questionnaire":
            path.write_text(vlo, encoding="utf-8")
        elif content == "scheme":
            shutil.copy(FIXTURES / "mini-scheme.yaml", path)
        elif content == "staff":
            shutil.copy(EXAMPLES / "equalpay" / "staff.csv", path)
        else:  # the good questionnaire names the hostile file as its scheme
            shutil.copy(FIXTURES / "mini-scheme.yaml", path)
            reference = yaml.safe_dump({"scheme": f"./{name}"}, allow_unicode=False, width=10**6)
            good.write_text(
                vlo.replace("scheme: probation-illustrative\n", reference, 1), encoding="utf-8"
            )
    return name, str(good.name)


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=lambda c: " ".join(c).replace("{", ""))
@settings(SETTINGS, max_examples=max(10, settings.default.max_examples // 8))
@given(
    stem=hostile_names,
    suffix=st.sampled_from(["", ".yaml", ".yml", ".csv", ".xlsx"]),
    content=st.sampled_from(CONTENTS),
)
def test_hostile_file_names(
    tmp_path: Path, command: tuple[str, ...], stem: str, suffix: str, content: str
) -> None:
    # One folder per example, inside one of its own: '..' names only this example's files.
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "run"
    folder.mkdir()
    name, good = _name_setup(folder, stem, suffix, content)
    before = Path.cwd()
    os.chdir(folder)
    try:
        code, _, err = run(*(part.format(f=name, g=good) for part in command))
    finally:
        os.chdir(before)
    assert len(err) <= STDERR_LIMIT, f"stderr is {len(err):,} characters"
    if code == 3:
        assert err.strip(), "an invalid input must say why"
    # Nothing was written outside the run's folder, and no temporary file was left behind.
    assert not any(p.name.endswith(".tmp") for p in folder.iterdir())


# --- staff files ---------------------------------------------------------------------------------

STAFF_JOBS = [str(EXAMPLES / f"{name}.yaml") for name in ("vlo", "pso", "po")]
#: A column no command reads: it must never reach an output or a message.
SECRET = "Qx7SecretName"
#: Cells a stranger's staff file may hold.
STAFF_CELLS = [
    "VLO-2016", "PSO-EXAMPLE", "PO-EXAMPLE", "NO-SUCH", "", " ", "F", "M", "female", "MAN", "x",
    "27691,56", "23.456,78", "27,691.56", "27,691", "1.234", "1 234,5", "27691.56", "0", "-0",
    "-5", "1e5", "9" * 400, "1" + "0" * 12, "inf", "-Infinity", "NaN", "=1+1", "+1", "@SUM(A1)",
    "\x1b[31m", "\u202e", "\x00", "\r", '"', '""', '"a""b"', "£27,000", "€ 1.000,00", "$5",
    "٣", "２", "x" * 5_000, ";", ",", "\t",
]  # fmt: skip


@st.composite
def staff_csv(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A CSV staff file as a stranger's export might be, and options to read it with."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.permutations(["job", "sex", "pay", "secret"]))
    if draw(st.booleans()):
        header = [h.upper() if draw(st.booleans()) else f" {h} " for h in header]
    titles = draw(st.lists(st.sampled_from(["Payroll export", "", '"a\nb"', ";;"]), max_size=3))
    rows = draw(
        st.lists(st.lists(st.sampled_from(STAFF_CELLS), min_size=3, max_size=6), max_size=25)
    )
    lines = [*titles, delimiter.join(header)]
    for row in rows:
        # The secret sits in its own column; rows may stop short or run on past the header.
        by_name = dict(zip(["job", "sex", "pay"], row, strict=False))
        cells = [SECRET if "secret" in h.casefold() else by_name.get(h.strip().casefold(), "")
                 for h in header]  # fmt: skip
        cells = cells[: draw(st.integers(1, 4))] if draw(st.booleans()) else cells + row[3:]
        cells = [f'"{c}"' if draw(st.booleans()) and '"' not in c else c for c in cells]
        lines.append(delimiter.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    data = draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + text.encode("utf-8")
    options: list[str] = []
    if titles and draw(st.booleans()):
        options += ["--header-row", str(len(titles) + 1)]
    if draw(st.booleans()):
        options += ["--delimiter", draw(st.sampled_from([",", ";", "tab"]))]
    if draw(st.booleans()):
        options += ["--decimal", draw(st.sampled_from([".", ","]))]
    options += draw(st.sampled_from([[], ["--by", "job"], ["--skip-bad-rows"]]))
    options += ["-f", draw(st.sampled_from(["table", "json", "csv", "markdown", "html"]))]
    return data, options


def _staff_run(path: Path, options: list[str]) -> None:
    code, out, err = run("equalpay", *STAFF_JOBS, "--staff", path, "--pay-basis", "basic", *options)
    assert code in (0, 2, 3)
    assert len(err) <= STDERR_LIMIT, f"stderr is {len(err):,} characters"
    # A row with fewer values than the header (a lost delimiter) can put another column's
    # value in the job column, whose values a message repeats when no questionnaire has them
    # (references are not personal data): only there may the secret column's value appear.
    said = re.sub(r"names a job with no questionnaire \('[^\n]*?'\)", "", out + err)
    assert SECRET not in said
    assert "Infinity" not in out and "NaN" not in out
    if code == 3:
        assert err.strip(), "an invalid input must say why"


#: Each staff-file test gets a quarter of the profile's examples, as each command does above.
STAFF_SETTINGS = PER_COMMAND


@STAFF_SETTINGS
@given(staff_csv())
def test_staff_csv_files(tmp_path: Path, drawn: tuple[bytes, list[str]]) -> None:
    data, options = drawn
    path = tmp_path / "staff.csv"
    path.write_bytes(data)
    _staff_run(path, options)


def _xlsx(rows: list[list[str]], damage: int, rnd: random.Random) -> bytes:
    """An XLSX workbook of text cells, then one kind of damage (0: none)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def cell(ref: str, value: str) -> str:
        if value and value.lstrip("-").replace(".", "", 1).isdigit() and rnd.random() < 0.5:
            return f'<c r="{ref}"><v>{value}</v></c>'
        # XML 1.0 cannot hold most control characters: they are written as Excel does.
        text = "".join(
            f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n" else ch for ch in value
        )
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    body = "".join(
        f'<row r="{i}">'
        + "".join(cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(row[:26]))
        + "</row>"
        for i, row in enumerate(rows, start=1)
    )
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    )
    if damage == 1:
        sheet = sheet.replace("</row>", "", 1)
    elif damage == 2:
        sheet = sheet.replace(
            '<?xml version="1.0"?>',
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>',
        )
    ns = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships {ns}><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        name = escape(rnd.choice(["Staff", "Sheet1", "A_x001B_[2J", "\u202eevil", "a&amp;b"]))
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="{name}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships {ns}><Relationship Id="rId1" '
            f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    data = buffer.getvalue()
    if damage == 3:
        data = data[: rnd.randrange(len(data))]
    elif damage == 4:
        spot = rnd.randrange(len(data))
        data = data[:spot] + bytes([data[spot] ^ 0xFF]) + data[spot + 1 :]
    return data


@STAFF_SETTINGS
@given(
    st.lists(st.lists(st.sampled_from(STAFF_CELLS), min_size=3, max_size=5), max_size=20),
    st.sampled_from([0, 0, 0, 1, 2, 3, 4]),
    st.integers(0, 2**32 - 1),
    st.sampled_from([[], ["--header-row", "2"], ["--sheet", "Staff"], ["--by", "job"]]),
)
def test_staff_xlsx_files(
    tmp_path: Path, rows: list[list[str]], damage: int, seed: int, options: list[str]
) -> None:
    header = ["job", "sex", "pay", "secret"]
    data = _xlsx([header, *[[*r[:3], SECRET] for r in rows]], damage, random.Random(seed))
    path = tmp_path / "staff.xlsx"
    path.write_bytes(data)
    _staff_run(path, [*options, "-f", "json"])


@STAFF_SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["staff.csv", "staff.xlsx", "staff"]))
def test_staff_files_of_random_bytes(tmp_path: Path, raw: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    _staff_run(path, ["-f", "json"])
