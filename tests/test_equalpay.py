"""The equal pay audit: figures by hand, flags, suppression, the comparator screen, privacy,
bad staff files (each with row and column), CSV and XLSX, and every format."""

from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jescore.equalpay import gap
from jescore.staff import Column, Kind, parse
from tests.conftest import EXAMPLES
from tests.equalpay_json import flatten
from tests.harness import run

JOBS = [
    EXAMPLES / f"{name}.yaml"
    for name in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw", "njc-library-assistant")
]
STAFF = EXAMPLES / "equalpay" / "staff.csv"


def audit(*extra: str | Path, staff: Path = STAFF, fmt: str = "json") -> dict[str, object]:
    code, out, err = run(
        "equalpay", *JOBS, "--staff", staff, "--pay-basis", "fte", "-f", fmt, *extra
    )
    assert code == 0, err
    return flatten(json.loads(out))


def _rows() -> list[dict[str, str]]:
    with STAFF.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_band_figures_match_a_plain_computation() -> None:
    data = audit()
    bands = {"VLO-2016": "3", "PSO-EXAMPLE": "3", "PO-EXAMPLE": "4"}  # probation-illustrative
    women = [float(r["pay"]) for r in _rows() if bands.get(r["job"]) == "3" and r["sex"] == "F"]
    men = [float(r["pay"]) for r in _rows() if bands.get(r["job"]) == "3" and r["sex"] == "M"]
    group = next(
        g
        for g in data["groups"]  # type: ignore[attr-defined]
        if g["scheme"] == "probation-illustrative" and g["band"] == "3"
    )
    assert group["women"] == {
        "count": len(women),
        "mean": round(statistics.mean(women), 2),
        "median": round(statistics.median(women), 2),
    }
    assert group["men"]["count"] == len(men)
    expected = (statistics.median(men) - statistics.median(women)) / statistics.median(men) * 100
    assert group["median_gap_pct"] == round(expected, 2)
    assert group["women_share_pct"] == round(100 * len(women) / (len(women) + len(men)), 1)
    assert group["flags"] == ["significant", "pattern"]


def test_small_groups_are_suppressed() -> None:
    data = audit()
    njc = next(g for g in data["groups"] if g["scheme"] == "njc")  # type: ignore[attr-defined]
    assert njc["men"] == {"count": 1, "mean": None, "median": None}
    assert njc["mean_gap_pct"] is None and njc["median_gap_pct"] is None
    # The one man is too few to stand alone anywhere (rule 0): he is a small unit, so no figure
    # holding him is shown (the post's for everyone); the post's eleven women are.
    assert njc["suppressed"] == ["fewer than 5 men (1): their pay figures are not shown"]
    women = [float(r["pay"]) for r in _rows() if r["job"] == "NJC-EXAMPLE-LIB" and r["sex"] == "F"]
    assert len(women) == 11
    assert njc["women"]["median"] == round(statistics.median(women), 2)


def test_the_comparator_screen_finds_the_vlo_and_pso() -> None:
    screen = audit()["comparators"]
    (pair,) = screen["pairs"]  # type: ignore[index]
    assert pair["women_job"]["reference"] == "VLO-2016" and pair["women_job"]["total"] == 374
    assert pair["men_job"]["reference"] == "PSO-EXAMPLE" and pair["men_job"]["total"] == 343
    # Named as every command names a job, organisation included (as the questionnaire has it).
    assert pair["women_job"]["organisation"] == "Probation Service (England and Wales)"
    vlo = [float(r["pay"]) for r in _rows() if r["job"] == "VLO-2016"]
    pso = [float(r["pay"]) for r in _rows() if r["job"] == "PSO-EXAMPLE"]
    assert pair["women_job"]["median_pay"] == round(statistics.median(vlo), 2)
    assert pair["pay_gap_pct"] == round(
        (statistics.median(pso) - statistics.median(vlo)) / statistics.median(pso) * 100, 2
    )
    assert screen["note"].startswith("A screen, not a finding")  # type: ignore[index]
    # The library post (11 women, 1 man) is out: its median over everyone would hold the one
    # man, whom no figure may hold (rule 0), so the screen counts it as too small.
    assert screen["jobs_too_small"] == 1  # type: ignore[index]


def test_thresholds_are_options() -> None:
    data = audit("--significant", "11", "--pattern-groups", "3")
    group = next(
        g
        for g in data["groups"]  # type: ignore[attr-defined]
        if g["band"] == "3" and g["scheme"] != "nhs-afc"
    )
    assert group["flags"] == []  # 8.3% is under 11; a gap of 3% or more in two groups only
    assert data["comparators"]["pairs"] == []  # type: ignore[index]
    assert data["thresholds"]["recurring"].startswith(
        "pattern: a gap (mean or median) of 3% or more"
    )  # type: ignore[index]


def test_by_job_is_like_work() -> None:
    data = audit("--by", "job")
    jobs = [g["job"] for g in data["groups"]]  # type: ignore[attr-defined]
    assert set(jobs) == {
        "VLO-2016", "PO-EXAMPLE", "PSO-EXAMPLE", "NHS-EXAMPLE-RN", "NHS-EXAMPLE-HCSW",
        "NJC-EXAMPLE-LIB",
    }  # fmt: skip


def test_no_output_holds_a_persons_row(tmp_path: Path) -> None:
    rows = _rows()
    ids = {r["employee"] for r in rows}
    for fmt in ("table", "json", "csv", "markdown", "html"):
        code, out, err = run("equalpay", *JOBS, "--staff", STAFF, "--pay-basis", "fte", "-f", fmt)
        assert code == 0
        text = out + err
        assert not any(e in text for e in ids), fmt
        assert "permanent" not in text and "fixed term" not in text  # other columns unread
    # A pay figure equal to one person's pay may appear only as the median of a group of at
    # least five (the middle value of an odd count is someone's pay, as in any pay report).
    pays = {round(float(r["pay"]), 2) for r in rows}

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, float) and node in pays:
            assert key in {"median", "median_pay"}, key

    walk(audit())


def test_every_format(tmp_path: Path) -> None:
    code, out, _ = run("equalpay", *JOBS, "--staff", STAFF, "--pay-basis", "fte")
    assert "Median gap by group" in out and "significant" in out
    # Groups now name their grading structure ("njc, bands: njc-southampton-2015"), so the line
    # wraps at 80 columns: compare the words.
    assert "fewer than 5 men (1): their pay figures are not shown" in " ".join(out.split())
    table = list(
        csv.DictReader(
            io.StringIO(
                run("equalpay", *JOBS, "--staff", STAFF, "--pay-basis", "fte", "-f", "csv")[1]
            )
        )
    )
    assert {r["group"] for r in table} >= {"Band 3", "Band 5"}
    code, out, _ = run("equalpay", *JOBS, "--staff", STAFF, "--pay-basis", "fte", "-f", "markdown")
    assert out.startswith("# Equal pay audit (jescore)")
    assert "a screen, not a finding" in out
    code, out, _ = run("equalpay", *JOBS, "--staff", STAFF, "--pay-basis", "fte", "-f", "html")
    assert out.startswith("<!DOCTYPE html>") and "<svg" in out
    assert "http://" not in out.replace("https://www.equalpayatwork.org.uk", "")


def _staff(tmp_path: Path, text: str, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fails(tmp_path: Path, staff: Path, *extra: str) -> str:
    code, out, err = run("equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", *extra)
    assert code == 3, err
    assert out == ""
    return err


def test_bad_rows_are_all_reported_with_row_and_column(tmp_path: Path) -> None:
    staff = _staff(
        tmp_path,
        "name,job,sex,pay\n"
        "Alice Secret,VLO-2016,F,27000\n"
        "Bob Secret,NO-SUCH-JOB,M,28000\n"
        "Carol Secret,VLO-2016,X,26000\n"
        "Dan Secret,VLO-2016,M,-5\n"
        "Eve Secret,VLO-2016,F,lots\n"
        "Fay Secret,VLO-2016,F,\n",
    )
    err = _fails(tmp_path, staff)
    # A job reference is not personal data: the one not found is named.
    assert "staff.csv: row 3: column 'job' names a job with no questionnaire ('NO-SUCH-JOB')" in err
    # A sex value other than the two is counted as such, not an error (see test_pay_parsing).
    assert "row 4" not in err
    assert "row 5: column 'pay' is negative" in err
    assert "row 6: column 'pay' is not a number" in err
    assert "row 7: column 'pay' is missing" in err
    said = err.replace(str(staff), "")  # the temporary folder's name may hold "-5"
    for secret in ("Secret", "27000", "-5", "lots"):
        assert secret not in said


def test_skipping_is_counted(tmp_path: Path) -> None:
    staff = _staff(
        tmp_path,
        # A sex value other than the two is no longer a bad value (it is counted as other):
        # the bad value here is a pay.
        "job,sex,pay\n" + "VLO-2016,F,27000\n" * 5 + "NO-SUCH-JOB,M,1\nVLO-2016,F,lots\n",
    )
    code, out, err = run(
        "equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic",
        "--skip-unknown-jobs", "--skip-bad-rows", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    assert "note: 2 staff rows skipped (unknown job: 1, bad value: 1)" in err
    assert json.loads(out)["staff"]["skipped"] == {"unknown job": 1, "bad value": 1}


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "the staff file is empty"),
        (
            "job,sex,pay,sex\nVLO-2016,F,1,F\n",
            "column 'sex' appears 2 times in the header (columns 2, 4)",
        ),
        (
            "job,gender,pay\n",
            "no column 'sex' in the header (row 1); name the sex column with --column sex=NAME",
        ),
    ],
)
def test_bad_files(tmp_path: Path, content: str, said: str) -> None:
    assert said in _fails(tmp_path, _staff(tmp_path, content))


def test_a_csv_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes("job,sex,pay\nVLO-2016,F,£27000\n".encode("cp1252"))
    assert "is not UTF-8 text" in _fails(tmp_path, path)


def test_a_byte_order_mark_and_other_column_names_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    rows = "".join(f"VLO-2016,{s},£27{n},000\n" for n, s in enumerate("FFFFFMMMMM"))
    path.write_bytes(("\ufeffPost,Gender,Salary\n" + rows).replace(",000", "000").encode("utf-8"))
    code, out, err = run(
        "equalpay", *JOBS, "--staff", path, "--pay-basis", "basic", "--job-column", "post",
        "--sex-column", "GENDER", "--pay-column", "salary", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    (group,) = flatten(json.loads(out))["groups"]
    assert group["women"]["count"] == 5 and group["men"]["count"] == 5


def test_xlsx_with_sheets(tmp_path: Path) -> None:
    import openpyxl  # a dependency of jescore: never skipped

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Staff"
    first.append(["job", "sex", "pay"])
    for n in range(12):
        first.append(["PSO-EXAMPLE", "Male" if n % 2 else "female", 28000 + n])
    book.create_sheet("Notes").append(["nothing here"])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    err = _fails(tmp_path, path)
    assert "the workbook has 2 sheets ('Staff', 'Notes'): choose one with --sheet NAME" in err
    code, out, err = run(
        "equalpay", *JOBS, "--staff", path, "--pay-basis", "basic", "--sheet", "Staff", "-f", "json"
    )
    assert code == 0, err
    (group,) = flatten(json.loads(out))["groups"]
    assert group["women"] == {"count": 6, "mean": 28005.0, "median": 28005.0}
    code, _, err = run(
        "equalpay", *JOBS, "--staff", path, "--pay-basis", "basic", "--sheet", "Nope"
    )
    assert code == 2 and "the workbook's sheets are 'Staff', 'Notes'" in err


def test_questionnaires_sharing_a_reference_are_refused(tmp_path: Path) -> None:
    code, _, err = run(
        "equalpay", EXAMPLES / "vlo-draft-1.yaml", EXAMPLES / "vlo-draft-2.yaml",
        "--staff", STAFF, "--pay-basis", "fte",
    )  # fmt: skip
    assert code == 3
    assert "job.reference: 'VLO-DRAFT' is also the reference of" in err


def test_the_staff_file_is_never_overwritten(tmp_path: Path) -> None:
    copy = tmp_path / "staff.csv"
    copy.write_bytes(STAFF.read_bytes())
    code, _, err = run(
        "equalpay", *JOBS, "--staff", copy, "--pay-basis", "fte", "-o", copy, "--force"
    )
    assert code == 2 and "refusing to write over an input file" in err
    assert copy.read_bytes() == STAFF.read_bytes()


def _one(column: Column, raw: str) -> object:
    """One value read through the staff reader: the value, or its problem's message."""
    text = f"id,{column.name}\n1,{raw}\n".encode()
    table = parse(text, "s.csv", [Column("id", "id", Kind.TEXT), column])
    if table.problems.height:
        return table.problems.get_column("message")[0]
    return table.frame.get_column(column.key)[0]


PAY = Column("pay", "pay", Kind.NUMBER)


# "£27,000" was read as 27000; with nothing else in the file to say whether the comma is a
# thousands separator or a decimal comma, it is now refused (see test_pay_parsing).
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("27000", 27000.0), ('"27,000.50"', 27000.5), ('"£27,000"', "could be read"),
        (" 12.5 ", 12.5), ("", "is missing"), ("-1", "is negative"), ("1e5", "is not a number"),
        ("nan", "is not a finite number"), ("=1+1", "is not a number"), ("0", 0.0),
    ],
)  # fmt: skip
def test_pay_values(raw: str, expected: object) -> None:
    found = _one(PAY, raw)
    if isinstance(expected, str):
        assert isinstance(found, str) and found.startswith(expected)
    else:
        assert found == expected


def test_sex_values_and_gap() -> None:
    sex = Column("sex", "sex", Kind.SEX)
    assert [_one(sex, v) for v in ("F", "female", " WOMAN ", "m", "Male", "man")] == [
        "women", "women", "women", "men", "men", "men",
    ]  # fmt: skip
    assert _one(sex, "x") == "other" and _one(sex, "1") == "other"
    assert gap(90, 100) == pytest.approx(10.0)
    assert gap(110, 100) == pytest.approx(-10.0)
    assert gap(None, 100) is None and gap(90, 0) is None


SECRET = "Zq7Secret"


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["VLO-2016", "PSO-EXAMPLE", "", "NOPE", "=cmd|' /C calc'!A0"]),
            st.sampled_from(["F", "M", "female", "x", "", "\u202e", "MALE "]),
            st.one_of(
                st.floats(allow_nan=True, allow_infinity=True).map(str),
                st.integers(-10, 100_000).map(str),
                st.sampled_from(["", "£1,000", "abc", "1e9", "\x1b[31m", "-0", "0.5"]),
            ),
        ),
        max_size=30,
    ),
    st.sampled_from(["", "\ufeff"]),
)
def test_any_staff_file_ends_in_a_documented_way(
    tmp_path: Path, rows: list[tuple[str, str, str]], bom: str
) -> None:
    path = tmp_path / "staff.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["secret", "job", "sex", "pay"])
    for job, sex, pay in rows:
        writer.writerow([SECRET, job, sex, pay])
    path.write_text(bom + buffer.getvalue(), encoding="utf-8")
    code, out, err = run("equalpay", *JOBS, "--staff", path, "--pay-basis", "basic", "-f", "json")
    assert code in (0, 3)
    assert SECRET not in out + err
    assert len(err) < 20_000
    if code == 0:
        data = flatten(json.loads(out))
        for g in data["groups"]:
            for side in ("women", "men"):
                if g[side]["count"] < 5:
                    assert g[side]["mean"] is None and g[side]["median"] is None


def test_grouping_by_band_needs_bands(tmp_path: Path) -> None:
    job = tmp_path / "lib.yaml"
    job.write_text(
        (EXAMPLES / "njc-library-assistant.yaml")
        .read_text(encoding="utf-8")
        .replace("grading: njc-southampton-2015", "grading: null"),
        encoding="utf-8",
    )
    staff = _staff(tmp_path, "job,sex,pay\n" + "NJC-EXAMPLE-LIB,F,20000\n" * 6)
    code, _, err = run("equalpay", job, "--staff", staff, "--pay-basis", "basic")
    assert code == 3
    assert "which has no bands: give a grading structure (--bands" in err
    code, out, err = run(
        "equalpay", job, "--staff", staff, "--pay-basis", "basic", "--by", "job", "-f", "json"
    )
    assert code == 0, err
    assert flatten(json.loads(out))["groups"][0]["job"] == "NJC-EXAMPLE-LIB"


def test_a_bonus_column_does_not_give_the_one_woman_paid(tmp_path: Path) -> None:
    """Six women, one paid a bonus of 1,234.56, the rest 0: the women's mean bonus times six
    is her bonus (the UK report counts one woman paid a bonus). Withheld; the men's shown."""
    staff = tmp_path / "bonus.csv"
    rows = ["job,sex,pay", "PSO-EXAMPLE,F,1234.56"] + ["PSO-EXAMPLE,F,0"] * 5
    rows += [f"PSO-EXAMPLE,M,{300 + 50 * i}" for i in range(10)]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = audit(EXAMPLES / "pso.yaml", staff=staff)
    (band,) = data["groups"]  # type: ignore[misc]
    assert band["women"]["count"] == 6 and band["women"]["mean"] is None
    assert band["men"]["mean"] == sum(300 + 50 * i for i in range(10)) / 10
    assert "1234.56" not in json.dumps(data) and "205.76" not in json.dumps(data)
