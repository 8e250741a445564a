"""Pay read exactly: delimiters, decimal marks, sizes, title rows, formats, sex values, hostile
workbooks and pipes. Each class of test names what used to go wrong.

Expected values are written out by hand. Every run goes through the command line
(``tests.harness.run``) unless the test is about the reader alone.
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest

from jescore.errors import InputError
from jescore.files import read_bytes
from jescore.staff import Column, Kind, Layout, parse
from tests.conftest import EXAMPLES
from tests.equalpay_json import flatten
from tests.harness import run

JOBS = [EXAMPLES / f"{name}.yaml" for name in ("vlo", "pso", "po")]
PAYMODEL = [
    EXAMPLES / "vlo-claim.yaml", EXAMPLES / "pso.yaml", "--scale", "probation-illustrative",
    "--from", "2024-04-01",
]  # fmt: skip


def write(tmp_path: Path, content: str | bytes, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def audit(staff: Path, *extra: str) -> dict[str, object]:
    code, out, err = run(
        "equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", "--by", "job",
        "-f", "json", *extra,
    )  # fmt: skip
    assert code == 0, err
    return flatten(json.loads(out))


def fails(staff: Path, *extra: str, code: int = 3) -> str:
    got, out, err = run("equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", *extra)
    assert got == code, err
    assert out == ""
    return " ".join(err.split())


def vlo(data: dict[str, object]) -> dict[str, object]:
    groups = data["groups"]
    assert isinstance(groups, list)
    return next(g for g in groups if g["job"] == "VLO-2016")  # type: ignore[no-any-return]


def women_mean(rows: list[str], header: str = "job,sex,pay", sep: str = ",") -> str:
    """A staff file of five women in VLO-2016 with the given pay cells."""
    return header + "\n" + "".join(f"VLO-2016{sep}F{sep}{r}\n" for r in rows)


class TestDelimiter:
    """A ';'-separated export used to get the hint 'name the job column with --job-column'."""

    def test_semicolon_and_tab_are_found(self, tmp_path: Path) -> None:
        for sep in (";", "\t"):
            staff = write(tmp_path, women_mean(["20000"] * 5, f"job{sep}sex{sep}pay", sep))
            assert vlo(audit(staff))["women"] == {"count": 5, "mean": 20000.0, "median": 20000.0}

    def test_a_header_split_two_ways_is_refused(self, tmp_path: Path) -> None:
        staff = write(tmp_path, "job;sex,pay;x,y\nVLO-2016;F,1;2,3\n")
        err = fails(staff)
        assert "the header row (row 1) could be split at a comma (',') or semicolon (';')" in err
        assert "give the delimiter with --delimiter" in err

    def test_only_one_split_finds_the_columns(self, tmp_path: Path) -> None:
        # "Pay (£, FTE)" holds a comma; split at ';' the columns are all there, at ',' not.
        header = "job;sex;pay;Pay (£, FTE)"
        staff = write(tmp_path, header + "\n" + "VLO-2016;F;27691,56;x\n" * 5)
        assert vlo(audit(staff))["women"]["mean"] == 27691.56  # type: ignore[index]

    def test_the_delimiter_can_be_given(self, tmp_path: Path) -> None:
        staff = write(tmp_path, "job;sex,pay;x,y\n" + "VLO-2016;F,1;2,3\n")
        err = fails(staff, "--delimiter", ";")
        assert "no column 'sex' in the header (row 1)" in err  # "sex,pay" is one column
        staff = write(tmp_path, women_mean(["20000"] * 5, "job\tsex\tpay", "\t"))
        assert vlo(audit(staff, "--delimiter", "tab"))["women"]["count"] == 5  # type: ignore[index]

    def test_a_single_column_header_hints_at_the_delimiter(self, tmp_path: Path) -> None:
        staff = write(tmp_path, "job|sex|pay\nVLO-2016|F|1\n")
        err = fails(staff)
        assert "the header has a single column: give the delimiter with --delimiter" in err

    def test_a_row_longer_than_its_header_is_refused(self, tmp_path: Path) -> None:
        # An unquoted decimal comma in a comma-separated file shifts every value after it.
        staff = write(tmp_path, "job,pay,sex\n" + "VLO-2016,27691,56,F\n")
        err = fails(staff)
        assert "row 2: has more values than the header has columns" in err
        assert "27691" not in err


class TestDecimalMark:
    """'27691,56' was read as 2,769,156 and '23.456,78' as 23.46."""

    @pytest.mark.parametrize(
        ("cells", "mean"),
        [
            (["27691,56"] * 5, 27691.56),
            (["23.456,78"] * 5, 23456.78),
            (['"27,691.56"'] * 5, 27691.56),
            (["27691.56"] * 5, 27691.56),
            # The file decides: one value with a decimal comma makes '27.691' twenty-seven
            # thousand and '1,5' one and a half.
            (["27.691", "27.691", "27.691", "27.691", "27691,00"], 27691.0),
            (['"1,5"', "2", "3", "4", "5"], 3.1),
            # A point decides the other way: '1,234' is one thousand two hundred and thirty-four.
            (['"1,234"', "1.5", "2.5", "3.5", "4.5"], 249.2),
            # Thousands in groups of three, with a space too.
            (['"1 234,5"', "1234,5", "1234,5", "1234,5", "1234,5"], 1234.5),
        ],
    )
    def test_values(self, tmp_path: Path, cells: list[str], mean: float) -> None:
        sep = ";" if any("," in c and not c.startswith('"') for c in cells) else ","
        staff = write(tmp_path, women_mean(cells, f"job{sep}sex{sep}pay", sep))
        assert vlo(audit(staff))["women"]["mean"] == pytest.approx(mean)  # type: ignore[index]

    def test_an_undecided_value_is_refused_with_row_and_column(self, tmp_path: Path) -> None:
        cells = ['"27,691"', '"20,000"', '"1,234"', '"20,000"', '"30,000"']
        staff = write(tmp_path, women_mean(cells))
        err = fails(staff)
        assert "row 2: column 'pay' could be read with a decimal mark or with a thousands " in err
        assert "row 4: column 'pay' could be read" in err
        assert "give --decimal . or --decimal ," in err
        assert "27,691" not in err and "1,234" not in err
        data = audit(staff, "--decimal", ",")
        assert vlo(data)["women"]["mean"] == pytest.approx((27.691 + 1.234 + 70) / 5, abs=0.01)
        data = audit(staff, "--decimal", ".")
        assert vlo(data)["women"]["mean"] == pytest.approx((27691 + 1234 + 70000) / 5, abs=0.01)
        # With a value that reads the same either way ('1'), the others are refused whatever
        # the mark: two runs, one with each, would give their pay by difference.
        staff = write(tmp_path, women_mean([*cells, "1"]))
        for mark in (".", ","):
            err = fails(staff, "--decimal", mark)
            assert "row 2: column 'pay' reads as one number with a decimal point and as " in err
            assert "row 7" not in err and "1,234" not in err

    def test_runs_with_either_mark_cannot_be_set_against_each_other(self, tmp_path: Path) -> None:
        """One value read two ways, the rest the same either way: two runs, one with each
        mark, gave that person's pay by difference. Refused, whatever the mark."""
        cells = ["25000"] * 5 + ["27.691"]
        staff = write(tmp_path, women_mean(cells))
        for extra in ((), ("--decimal", "."), ("--decimal", ",")):
            err = fails(staff, *extra)
            assert "row 7: column 'pay' reads as one number with a decimal point and as " in err
            assert "27.691" not in err
        data = audit(staff, "--skip-bad-rows")
        assert vlo(data)["women"]["count"] == 5

    def test_a_file_with_both_marks_is_refused(self, tmp_path: Path) -> None:
        staff = write(tmp_path, women_mean(["27691.56", "1", '"27691,56"', "1", "1"]))
        err = fails(staff)
        assert (
            "holds numbers with a decimal point (first at row 2, column 'pay') and numbers with "
            "a decimal comma (first at row 4, column 'pay')"
        ) in err
        # Given the mark, what does not fit it is listed.
        err = fails(staff, "--decimal", ".")
        assert (
            "row 4: column 'pay' is written with a decimal comma, but --decimal . was given" in err
        )

    @pytest.mark.parametrize(
        "cell", ['"1,23,456"', '"12,3456.7"', "1.2.3", '"1,234,56"', '"0,1.5"']
    )
    def test_thousands_only_in_groups_of_three(self, tmp_path: Path, cell: str) -> None:
        staff = write(tmp_path, women_mean([cell, "1", "1", "1", "1"]))
        assert "row 2: column 'pay' is not a number" in fails(staff)


class TestSizes:
    """A 308-digit pay gave Infinity in JSON."""

    @pytest.mark.parametrize(
        ("cell", "said"),
        [
            ("9" * 308, "is too large (more than 12 digits before the decimal mark)"),
            ("1" + "0" * 12, "is too large (more than 12 digits before the decimal mark)"),
            ("inf", "is not a finite number"),
            ("-Infinity", "is not a finite number"),
            ("NaN", "is not a finite number"),
            ("1e308", "is not a number"),
            ("=1+1", "is not a number"),
            ("twelve", "is not a number"),
            ("-1", "is negative"),
        ],
    )
    def test_refused_with_row_and_column(self, tmp_path: Path, cell: str, said: str) -> None:
        staff = write(tmp_path, women_mean(["1", "1", cell, "1", "1"]))
        err = fails(staff)
        assert f"row 4: column 'pay' {said}" in err
        assert "Infinity" not in err.replace("-Infinity", "") or cell == "-Infinity"

    def test_twelve_digits_are_fine(self, tmp_path: Path) -> None:
        staff = write(tmp_path, women_mean(["999999999999.99"] * 5))
        data = audit(staff)
        assert vlo(data)["women"]["mean"] == 999999999999.99  # type: ignore[index]
        code, out, _ = run(
            "equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", "-f", "json"
        )
        assert code == 0 and "Infinity" not in out and "NaN" not in out


class TestHeaderRow:
    """Exports with title rows above the header could not be read."""

    def test_title_rows_are_skipped(self, tmp_path: Path) -> None:
        text = 'Payroll export, March\n"Fictional Ltd\nall staff"\n\n' + women_mean(["10"] * 5)
        staff = write(tmp_path, text)
        err = fails(staff)
        assert "no column 'job' in the header (row 1)" in err
        # Rows as a spreadsheet counts them: the quoted title on two lines is one row.
        data = audit(staff, "--header-row", "4")
        assert vlo(data)["women"]["count"] == 5  # type: ignore[index]
        # Row numbers are the file's: the header is row 4, the first person row 5.
        bad = write(tmp_path, text.replace("F,10\n", "F,x\n", 1))
        assert "row 5: column 'pay' is not a number" in fails(bad, "--header-row", "4")

    def test_past_the_end_and_bad_values(self, tmp_path: Path) -> None:
        staff = write(tmp_path, women_mean(["10"] * 5))
        assert "has no row 9 (the header row, --header-row)" in fails(staff, "--header-row", "9")
        assert fails(staff, "--header-row", "0", code=2)


class TestFormats:
    """.xls and .ods were read as broken XLSX or CSV."""

    @pytest.mark.parametrize(("name", "said"), [("staff.xls", ".xls"), ("staff.ods", ".ods")])
    def test_refused_by_name(self, tmp_path: Path, name: str, said: str) -> None:
        staff = write(tmp_path, women_mean(["10"] * 5), name)
        err = fails(staff)
        assert said in err and "save it as Excel Workbook (.xlsx) or as CSV UTF-8" in err

    def test_refused_by_content(self, tmp_path: Path) -> None:
        ole = write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "staff.dat")
        assert "old-style Excel workbook (.xls)" in fails(ole)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods = write(tmp_path, buffer.getvalue(), "staff.bin")
        assert "OpenDocument spreadsheet (.ods)" in fails(ods)
        utf16 = write(tmp_path, women_mean(["10"] * 5).encode("utf-16"), "staff.txt")
        assert "is UTF-16 text" in fails(utf16)
        fake = write(tmp_path, women_mean(["10"] * 5), "staff.xlsx")
        assert "is named as an XLSX workbook but is not one" in fails(fake)


class TestUnknownJob:
    """'names a job with no questionnaire' did not say which reference was not found."""

    def test_the_reference_is_named_short_and_escaped(self, tmp_path: Path) -> None:
        long = "\x1b[31m" + "R" * 5000
        staff = write(tmp_path, f"job,sex,pay,name\nNO-SUCH,F,1,Alice\n{long},M,2,Bob\n")
        err = fails(staff)
        assert "row 2: column 'job' names a job with no questionnaire ('NO-SUCH')" in err
        assert "row 3: column 'job' names a job with no questionnaire ('\\x1b[31mRRR" in err
        assert "(5,005 characters)" in err
        assert "Alice" not in err and "Bob" not in err and len(err) < 2_000

    def test_a_quote_left_open_is_not_repeated(self, tmp_path: Path) -> None:
        # The job cell opens a quote: its "value" runs on over the next row's columns.
        staff = write(tmp_path, 'job,sex,pay,name\n"NO,F,1,Alice\nVLO-2016",M,2,Bob\n')
        err = fails(staff)
        assert "column 'job' names a job with no questionnaire (not repeated" in err
        assert "Alice" not in err and "Bob" not in err


class TestOtherSexValues:
    """Sex values other than F/M were errors or, skipped, silently gone."""

    def test_counted_and_shown_in_every_output(self, tmp_path: Path) -> None:
        rows = ["VLO-2016,F,100"] * 5 + ["VLO-2016,M,120"] * 5
        rows += ["VLO-2016,X,1", "VLO-2016,,2", "VLO-2016,non-binary,3"]
        staff = write(tmp_path, "job,sex,pay\n" + "\n".join(rows) + "\n")
        data = audit(staff)
        group = vlo(data)
        assert group["other"] == 3
        assert group["women_share_pct"] == round(100 * 5 / 13, 1)
        assert data["staff"]["other_sex"] == 3  # type: ignore[index]
        line = "3 people whose sex is recorded as neither women nor men"
        for fmt in ("table", "markdown", "html"):
            code, out, err = run(
                "equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", "--by", "job",
                "-f", fmt,
            )  # fmt: skip
            assert code == 0, err
            assert line in " ".join(out.split()), fmt
        code, out, _ = run(
            "equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", "--by", "job",
            "-f", "csv",
        )  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(out)))
        assert any(row["other"] == "3" for row in rows)


def _book(sheet_xml: str, sheets: str | None = None, extra: dict[str, str] | None = None) -> bytes:
    """A minimal XLSX workbook, part by part."""
    sheets = sheets or '<sheet name="Staff" sheetId="1" r:id="rId1"/>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml'
            '/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships"><sheets>{sheets}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/chartsheet" Target="chartsheets/sheet2.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, text in (extra or {}).items():
            z.writestr(name, text)
    return buffer.getvalue()


def _cell(ref: str, value: object) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _sheet(rows: list[list[object]], prolog: str = "") -> str:
    body = "".join(
        f'<row r="{i}">' + "".join(_cell(f"{'ABC'[j]}{i}", v) for j, v in enumerate(r)) + "</row>"
        for i, r in enumerate(rows, start=1)
    )
    return (
        f'<?xml version="1.0"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    )


ROWS: list[list[object]] = [["job", "sex", "pay"], *[["VLO-2016", "F", 27691.56]] * 5]


class TestHostileWorkbooks:
    """A damaged or hostile XLSX ended in a traceback, a partial read or a hang."""

    def test_a_good_one_reads(self, tmp_path: Path) -> None:
        staff = write(tmp_path, _book(_sheet(ROWS)), "staff.xlsx")
        assert vlo(audit(staff))["women"]["mean"] == 27691.56  # type: ignore[index]

    def test_truncated(self, tmp_path: Path) -> None:
        data = _book(_sheet(ROWS))
        staff = write(tmp_path, data[: len(data) // 2], "staff.xlsx")
        assert "is not a readable XLSX workbook (damaged or truncated)" in fails(staff)

    def test_malformed_xml_is_not_read_in_part(self, tmp_path: Path) -> None:
        # calamine reads this sheet as its header alone, without a word.
        broken = _sheet(ROWS).replace("</row>", "", 2)
        staff = write(tmp_path, _book(broken), "staff.xlsx")
        err = fails(staff)
        assert "part 'xl/worksheets/sheet1.xml' is not well-formed XML" in err

    def test_entity_expansion(self, tmp_path: Path) -> None:
        laughs = "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
        prolog = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{laughs}]>'
        rows = [["job", "sex", "pay"], ["&lol9;", "F", 1]]
        staff = write(tmp_path, _book(_sheet(rows, prolog)), "staff.xlsx")
        err = fails(staff)
        assert "declares a document type" in err and "entity-expansion" in err

    def test_a_400_digit_number(self, tmp_path: Path) -> None:
        rows = [*ROWS, ["VLO-2016", "F", int("9" * 400)]]
        staff = write(tmp_path, _book(_sheet(rows)), "staff.xlsx")
        err = fails(staff)
        assert "row 7: column 'pay' is not a finite number" in err
        assert "999" not in err

    def test_a_chart_sheet(self, tmp_path: Path) -> None:
        chart = '<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        sheets = (
            '<sheet name="Chart1" sheetId="2" r:id="rId2"/>'
            '<sheet name="Staff" sheetId="1" r:id="rId1"/>'
        )
        both = write(
            tmp_path, _book(_sheet(ROWS), sheets, {"xl/chartsheets/sheet2.xml": chart}), "b.xlsx"
        )
        # The chart is not a sheet of data: the only sheet of data is read.
        assert vlo(audit(both))["women"]["count"] == 5  # type: ignore[index]
        err = fails(both, "--sheet", "Chart1", code=2)
        assert "'Chart1' is a chartsheet, not a sheet of data" in err
        only = write(
            tmp_path,
            _book(_sheet(ROWS), '<sheet name="Chart1" sheetId="2" r:id="rId2"/>',
                  {"xl/chartsheets/sheet2.xml": chart}),
            "c.xlsx",
        )  # fmt: skip
        assert "the workbook has no sheet of data" in fails(only)

    def test_sheet_names_with_control_characters(self, tmp_path: Path) -> None:
        sheets = (
            '<sheet name="A_x001B_[2J&#x202e;" sheetId="1" r:id="rId1"/>'
            '<sheet name="B&#x9b;31m" sheetId="3" r:id="rId1"/>'
        )
        staff = write(tmp_path, _book(_sheet(ROWS), sheets), "staff.xlsx")
        err = fails(staff)
        assert "the workbook has 2 sheets" in err and "\\u202e" in err and "\\x9b" in err

    def test_raw_control_characters_are_not_xml(self, tmp_path: Path) -> None:
        sheets = '<sheet name="A\x1b[2J" sheetId="1" r:id="rId1"/>'
        staff = write(tmp_path, _book(_sheet(ROWS), sheets), "staff.xlsx")
        assert "part 'xl/workbook.xml' is not well-formed XML" in fails(staff)

    def test_too_large_once_expanded(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("jescore.staff.MAX_EXPANDED_BYTES", 2_000)
        staff = write(tmp_path, _book(_sheet(ROWS * 10)), "staff.xlsx")
        assert "expands to more than 2,000 bytes" in fails(staff)


class TestWorkbookNumberCells:
    """A workbook's number cells were read as text: ``--decimal ,`` refused every number with
    a fraction ("written with a decimal point"), and number cells beside one text cell such as
    "26100,50" could not be read with any option. A number cell is a number whatever the mark;
    the mark is found and checked on text cells alone."""

    NUMBERS: list[object] = [27691.56, 26100.5, 25000, 30000.25, 28000]

    def test_number_cells_read_with_a_decimal_comma_given(self, tmp_path: Path) -> None:
        rows = [["job", "sex", "pay"], *[["VLO-2016", "F", v] for v in self.NUMBERS]]
        staff = write(tmp_path, _book(_sheet(rows)), "staff.xlsx")
        # (27691.56 + 26100.5 + 25000 + 30000.25 + 28000) / 5 = 136792.31 / 5
        for extra in ((), ("--decimal", ","), ("--decimal", ".")):
            mean = vlo(audit(staff, *extra))["women"]["mean"]  # type: ignore[index]
            assert mean == pytest.approx(27358.462), extra

    def test_number_cells_beside_a_text_cell_with_a_decimal_comma(self, tmp_path: Path) -> None:
        rows = [["job", "sex", "pay"], *[["VLO-2016", "F", 27691.56]] * 4]
        rows.append(["VLO-2016", "F", "26100,50"])
        staff = write(tmp_path, _book(_sheet(rows)), "staff.xlsx")
        # (4 x 27691.56 + 26100.50) / 5 = 136866.74 / 5
        for extra in ((), ("--decimal", ",")):
            mean = vlo(audit(staff, *extra))["women"]["mean"]  # type: ignore[index]
            assert mean == pytest.approx(27373.348), extra
        err = fails(staff, "--decimal", ".")
        assert (
            "row 6: column 'pay' is written with a decimal comma, but --decimal . was given" in err
        )
        assert "row 2" not in err and "26100" not in err

    def test_number_cells_do_not_decide_a_text_cell(self, tmp_path: Path) -> None:
        """Text '27.691' beside number cells: the number cells say nothing of how the text was
        written, so it is ambiguous, and refused unless the mark is given."""
        rows = [["job", "sex", "pay"], *[["VLO-2016", "F", 27691.56]] * 4]
        rows.append(["VLO-2016", "F", "27.691"])
        staff = write(tmp_path, _book(_sheet(rows)), "staff.xlsx")
        err = fails(staff)
        assert "row 6: column 'pay' could be read with a decimal mark or with a thousands" in err
        assert "row 2" not in err
        # (4 x 27691.56 + 27691) / 5 and (4 x 27691.56 + 27.691) / 5
        mean = vlo(audit(staff, "--decimal", ","))["women"]["mean"]  # type: ignore[index]
        assert mean == pytest.approx(27691.448)
        mean = vlo(audit(staff, "--decimal", "."))["women"]["mean"]  # type: ignore[index]
        assert mean == pytest.approx(22158.7862)

    def test_the_reader_keeps_each_cells_kind(self) -> None:
        """The double a cell holds, exactly; a negative number, a TRUE cell and text that is not
        a number are problems, whatever the mark."""
        rows: list[list[object]] = [
            ["pay"],
            ["0.30000000000000004"],
            [27691.56],
            [-5],
            ["1.234,5"],
            ["x"],
            [1e-7],
        ]
        xml = _sheet(rows).replace(
            '<c r="A2" t="inlineStr"><is><t>0.30000000000000004</t></is></c>',
            '<c r="A2"><v>0.30000000000000004</v></c>',
        )
        xml = xml.replace(
            "</sheetData>", '<row r="8"><c r="A8" t="b"><v>1</v></c></row></sheetData>'
        )
        table = parse(
            _book(xml), "s.xlsx", [Column("pay", "pay", Kind.NUMBER)], Layout(decimal=",")
        )
        assert table.frame.get_column("pay").to_list() == [
            0.30000000000000004,
            27691.56,
            None,
            1234.5,
            None,
            1e-7,
            None,
        ]
        assert table.frame.get_column("pay")[0] != 0.3
        assert table.problems.select("row", "column", "message").rows() == [
            (4, "pay", "is negative"),
            (6, "pay", "is not a number"),
            (8, "pay", "is not a number"),
        ]
        assert table.decimal == ","


def _far_workbook(tmp_path: Path) -> Path:
    """A few kilobytes: a staff sheet and one cell at XFD1048576, as openpyxl writes it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Staff"
    for row in ROWS:
        sheet.append(row)
    sheet.cell(row=1_048_576, column=16_384, value="x")
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert path.stat().st_size < 10_000
    return path


FAR = (
    "sheet 'Staff' spans A1:XFD1048576 (1,048,576 rows, 16,384 columns): more than jescore "
    "reads (at most 2,000 columns and 20,000,000 cells from A1)"
)


class TestUsedRange:
    """One cell at XFD1048576 in a 5 KB workbook aborted the process (calamine allocated the
    whole range: exit 134 and a Rust backtrace) in every command that reads pay."""

    @pytest.mark.parametrize(
        "command",
        [
            ["equalpay", *JOBS, "--pay-basis", "basic"],
            ["paygap", "--regime", "uk"],
            ["paymodel", *PAYMODEL],
            ["neutrality", *JOBS],
        ],
        ids=["equalpay", "paygap", "paymodel", "neutrality"],
    )
    def test_a_far_cell_is_refused_in_every_pay_command(
        self, tmp_path: Path, command: list[str | Path]
    ) -> None:
        code, out, err = run(*command, "--staff", _far_workbook(tmp_path))
        assert code == 3, err
        assert out == ""
        assert "far.xlsx: " + FAR in " ".join(err.split())

    def test_cells_without_references_are_placed_as_a_reader_places_them(
        self, tmp_path: Path
    ) -> None:
        # No r= on the cells: each follows the one before it; 2,001 of them reach column BXY.
        cells = "<c><v>1</v></c>" * 2_001
        wide = _sheet(ROWS).replace("</sheetData>", f'<row r="7">{cells}</row></sheetData>')
        staff = write(tmp_path, _book(wide), "staff.xlsx")
        assert "sheet 'Staff' spans A1:BXY7 (7 rows, 2,001 columns)" in fails(staff)
        # The same with 2,000 cells is within the bound, and read.
        cells = "<c><v>1</v></c>" * 2_000
        wide = _sheet(ROWS).replace("</sheetData>", f'<row r="7">{cells}</row></sheetData>')
        staff = write(tmp_path, _book(wide), "staff.xlsx")
        err = fails(staff)
        assert "spans" not in err and "row 7" in err

    def test_rows_without_references_follow_the_one_before(self, tmp_path: Path) -> None:
        rows = '<row r="20000000"><c r="A20000000"><v>1</v></c></row><row><c r="B1"/></row>'
        sheet = _sheet(ROWS).replace("</sheetData>", rows + "</sheetData>")
        err = fails(write(tmp_path, _book(sheet), "staff.xlsx"))
        assert "spans A1:C20000001 (20,000,001 rows, 3 columns)" in err

    def test_prefixed_and_escaped_references_are_read_too(self, tmp_path: Path) -> None:
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        far = '<x:row r="1"><x:c r="X&#70;D9"><x:v>1</x:v></x:c></x:row>'
        sheet = f'<?xml version="1.0"?><x:worksheet xmlns:x="{main}"><x:sheetData>{far}'
        sheet += "</x:sheetData></x:worksheet>"
        assert "spans A1:XFD9 (9 rows, 16,384 columns)" in fails(
            write(tmp_path, _book(sheet), "staff.xlsx")
        )
        # A reference written after another attribute, or in single quotes.
        for cell in ('<c t="n" r="ZZZ2"/>', "<c r='ZZZ2'/>"):
            sheet = _sheet(ROWS).replace("</sheetData>", f"<row>{cell}</row></sheetData>")
            err = fails(write(tmp_path, _book(sheet), "staff.xlsx"))
            assert "spans A1:ZZZ7 (7 rows, 18,278 columns)" in err, cell

    def test_a_declared_dimension_counts(self, tmp_path: Path) -> None:
        sheet = _sheet(ROWS).replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
        err = fails(write(tmp_path, _book(sheet), "staff.xlsx"))
        assert "spans A1:XFD1048576" in err
        # A dimension within the bounds, larger or smaller than the cells, changes nothing.
        for ref in ("A1", "A1:C6", "A1:Z5000"):
            sheet = _sheet(ROWS).replace("<sheetData>", f'<dimension ref="{ref}"/><sheetData>')
            staff = write(tmp_path, _book(sheet), "staff.xlsx")
            assert vlo(audit(staff))["women"]["count"] == 5  # type: ignore[index]

    def test_the_bound_is_on_cells_too(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("jescore.staff.MAX_SHEET_CELLS", 17)
        err = fails(write(tmp_path, _book(_sheet(ROWS)), "staff.xlsx"))
        assert "spans A1:C6 (6 rows, 3 columns)" in err and "17 cells" in err


@pytest.mark.posix
class TestPipes:
    """A staff file from a pipe was read twice (once for its sha256): the second read was empty."""

    def test_a_fifo_is_read_once(self, tmp_path: Path) -> None:
        fifo = tmp_path / "staff.fifo"
        os.mkfifo(fifo)
        content = women_mean(["20000"] * 5).encode()

        def writer() -> None:
            with fifo.open("wb") as f:
                f.write(content)

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            data = audit(fifo)
        finally:
            thread.join(timeout=10)
        assert vlo(data)["women"]["mean"] == 20000.0
        import hashlib

        assert data["staff"]["sha256"] == hashlib.sha256(content).hexdigest()  # type: ignore[index]

    def test_the_gate_refuses_what_is_not_a_file(self, tmp_path: Path) -> None:
        fifo = tmp_path / "x.fifo"
        os.mkfifo(fifo)
        with pytest.raises(InputError, match=r"is a FIFO \(named pipe\), not a regular file"):
            read_bytes(fifo)  # refused at once: no writer is waited for
        with pytest.raises(InputError, match="is a folder"):
            read_bytes(tmp_path)
        with pytest.raises(InputError, match="not a regular file"):
            read_bytes(Path("/dev/null"), allow_pipe=True)
        with pytest.raises(InputError, match="no such file"):
            read_bytes(tmp_path / "missing.csv")
        big = write(tmp_path, b"x" * 100, "big.csv")
        with pytest.raises(InputError, match="is 100 bytes; the limit is 10"):
            read_bytes(big, limit=10)

    def test_a_missing_staff_file(self, tmp_path: Path) -> None:
        err = fails(tmp_path / "nope.csv")
        assert "nope.csv: no such file" in err


class TestEveryProblemAtOnce:
    """All problems are listed: the first 50 with row and column, the rest counted by kind."""

    def test_first_fifty_then_by_kind(self, tmp_path: Path) -> None:
        rows = ["VLO-2016,F,secret-pay"] * 60 + ["VLO-2016,F,-7654321"] * 3 + [",F,1"]
        staff = write(tmp_path, "job,sex,pay\n" + "\n".join(rows) + "\n")
        err = fails(staff)
        assert "row 2: column 'pay' is not a number" in err
        assert "row 51: column 'pay' is not a number" in err
        assert "row 52:" not in err
        assert "... and 14 more problems; all of them, by kind:" in err
        assert "column 'pay' is not a number: 60 rows (first at rows 2, 3, 4, 5, 6)" in err
        assert "column 'pay' is negative: 3 rows (first at rows 62, 63, 64)" in err
        assert "column 'job' is empty: 1 rows (first at rows 65)" in err
        assert "secret" not in err and "7654321" not in err


class TestOptions:
    """Bad options are usage errors (exit 2), bad values in the file invalid input (exit 3)."""

    @pytest.mark.parametrize(
        "extra",
        [
            ("--decimal", ";"),
            ("--delimiter", "|"),
            ("--header-row", "0"),
            ("--min-group", "2"),
            ("--sheet", "Staff"),
        ],
    )
    def test_bad_options_exit_2(self, tmp_path: Path, extra: tuple[str, str]) -> None:
        staff = write(tmp_path, women_mean(["1"] * 5))
        fails(staff, *extra, code=2)


class TestReader:
    """The reader alone, for the kinds the coming pay commands need."""

    def test_kinds_and_defaults(self) -> None:
        columns = [
            Column("id", "id", Kind.TEXT),
            Column("full", "full_pay", Kind.YES_NO),
            Column("since", "band_start", Kind.DATE),
            Column("period", "pay_period", Kind.CHOICE, choices=("weekly", "monthly")),
            Column("bonus", "period_bonus", Kind.NUMBER, required=False, default=0.0),
            Column("fte", "fte", Kind.NUMBER, default=1.0),
        ]
        text = (
            "ID,Full_Pay,band_start,pay_period,fte,secret\n"
            "a,Yes,2016-04-01,Monthly,,x\n"
            "b,n,2016-13-01,fortnightly,0.5,y\n"
            "c,maybe,01/04/2016,weekly,1,z\n"
        )
        table = parse(text.encode(), "s.csv", columns)
        import datetime

        assert table.frame.rows() == [
            (2, "a", True, datetime.date(2016, 4, 1), "monthly", 0.0, 1.0),
            (3, "b", False, None, None, 0.0, 0.5),
            (4, "c", None, None, "weekly", 0.0, 1.0),
        ]
        assert table.problems.select("row", "column", "message").rows() == [
            (3, "band_start", "is not a date (write dates as YYYY-MM-DD)"),
            (3, "pay_period", "is not one of weekly, monthly"),
            (4, "full_pay", "is not yes or no"),
            (4, "band_start", "is not a date (write dates as YYYY-MM-DD)"),
        ]
        assert "secret" not in table.frame.columns

    def test_blank_rows_are_counted(self) -> None:
        table = parse(b"job,sex,pay,name\nA,F,1,x\n\n,,,y\n ,,\nB,M,2,z\n", "s.csv", [
            Column("job", "job", Kind.TEXT), Column("sex", "sex", Kind.SEX),
            Column("pay", "pay", Kind.NUMBER),
        ])  # fmt: skip
        assert (table.rows, table.blank) == (2, 3)
        assert table.frame.get_column("row").to_list() == [2, 6]

    def test_a_quote_left_open(self) -> None:
        with pytest.raises(InputError, match=r"row 3: not readable as CSV"):
            parse(b'job,sex,pay\nA,F,1\nB,"M,2\n', "s.csv", [Column("job", "job", Kind.TEXT)])

    def test_not_utf8(self) -> None:
        with pytest.raises(InputError, match=r"is not UTF-8 text \(at row 3 or near it\)"):
            parse(
                "job,sex,pay\nA,F,1\nB,M,£2\n".encode("cp1252"),
                "s.csv",
                [Column("job", "job", Kind.TEXT), Column("pay", "pay", Kind.NUMBER)],
            )

    def test_layout_decimal_given(self) -> None:
        table = parse(
            b"pay\n1.234\n", "s.csv", [Column("pay", "pay", Kind.NUMBER)], Layout(decimal=",")
        )
        assert table.frame.get_column("pay").to_list() == [1234.0]
        assert (table.decimal, table.decimal_detected) == (",", False)

    def test_line_break_inside_a_number(self) -> None:
        """Plain pieces on two lines of one quoted value are not a number (nor two); rows are
        records."""
        columns = [Column("pay", "pay", Kind.NUMBER), Column("hours", "hours", Kind.NUMBER)]
        table = parse(b'pay,hours\n"12\n34",1\n5.5,\n,2\n', "s.csv", columns)
        assert table.frame.select("row", "pay", "hours").rows() == [
            (2, None, 1.0),
            (3, 5.5, None),
            (4, None, 2.0),
        ]
        assert table.problems.select("row", "column", "message").rows() == [
            (2, "pay", "is not a number"),
            (3, "hours", "is missing"),
            (4, "pay", "is missing"),
        ]

    def test_hash_of_a_large_file(self) -> None:
        """A large file is hashed in a thread while it is parsed: the same sha256."""
        import hashlib

        data = b"pay\n" + b"12345.67\n" * 200_000
        assert len(data) > 1 << 20
        table = parse(data, "s.csv", [Column("pay", "pay", Kind.NUMBER)])
        assert table.sha256 == hashlib.sha256(data).hexdigest()
        assert table.rows == 200_000

    def test_scan_of_plain_values_agrees_with_each_value(self) -> None:
        """Whole-column matching finds "1.234" and digits alone wherever they are."""
        columns = [Column("pay", "pay", Kind.NUMBER), Column("hours", "hours", Kind.NUMBER)]
        # 1.234 alone (no other value decides the mark): ambiguous, a problem
        table = parse(b"pay,hours\n1.234,37\n", "s.csv", columns)
        assert table.problems.select("row", "column").rows() == [(2, "pay")]
        assert "--decimal" in table.problems.get_column("message")[0]
        # with a decimal point elsewhere and digits alone elsewhere: reads both ways while
        # others do not, refused whatever the mark
        table = parse(b"pay,hours\n10.5,37\n1.234,20\n", "s.csv", columns)
        assert table.problems.select("row", "column").rows() == [(3, "pay")]
        assert "two runs with different --decimal" in table.problems.get_column("message")[0]
        # with decimals of another length and no digits alone: read with a point
        table = parse(b"pay,hours\n10.5,37.5\n1.234,20.25\n", "s.csv", columns)
        assert table.problems.height == 0
        assert table.frame.get_column("pay").to_list() == [10.5, 1.234]

    def test_arithmetic_finds_the_same_values_as_the_pattern(self) -> None:
        """The "1.234" test by length and value agrees with the pattern on every plain value.

        Every plain value of up to eight characters (digits, perhaps a point and decimals;
        leading zeros included), and longer ones at random, are checked against the pattern
        itself, value by value.
        """
        import itertools
        import random
        import re

        import polars as pl

        from jescore import staff

        values = []
        for length in range(1, 9):
            for point in [None, *range(1, length - 1)]:
                for digits in itertools.product("0159", repeat=length - (point is not None)):
                    text = "".join(digits)
                    values.append(text if point is None else f"{text[:point]}.{text[point:]}")
        rng = random.Random(7)
        for _ in range(20_000):
            whole = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12)))
            decimals = "".join(rng.choice("09") for _ in range(rng.randint(0, 20)))
            values.append(f"{whole}.{decimals}" if decimals else whole)
        column = Column("pay", "pay", Kind.NUMBER)
        found = (
            pl.DataFrame({"pay": values})
            .with_columns(pl.col("pay").cast(pl.Float64).alias("pay.cast"))
            .select(staff._two_ways(column))
            .to_series()
            .to_list()
        )
        expected = [re.fullmatch(staff._PLAIN_AMBIGUOUS, v) is not None for v in values]
        assert sum(expected) > 1_000
        wrong = [v for v, a, b in zip(values, found, expected, strict=True) if a != b]
        assert wrong == []

    def test_a_long_row_deep_in_a_large_file_is_named(self) -> None:
        """A row with one value too many, far into a file parsed in parallel pieces, is named.

        (Polars, told the header's columns alone, drops such a value without a word in a large
        file: the reader must not rely on it to refuse the row.)
        """
        columns = [Column("sex", "sex", Kind.SEX), Column("pay", "pay", Kind.NUMBER)]
        rows = [b"F,1000.50"] * 400_000
        rows[250_123] = b"F,1000,50"
        table = parse(b"sex,pay\n" + b"\n".join(rows) + b"\n", "s.csv", columns)
        assert table.problems.select("row", "column").rows() == [(250_125, "")]
        assert "has more values than the header" in table.problems.get_column("message")[0]


class TestSameBytes:
    """The same staff file gives the same bytes, whatever order polars adds rows up in."""

    def test_twice(self, tmp_path: Path) -> None:
        rows = [f"VLO-2016,{'F' if i % 3 else 'M'},{20000 + 0.01 * i * i:.2f}" for i in range(500)]
        staff = write(tmp_path, "job,sex,pay\n" + "\n".join(rows) + "\n")
        outputs = {
            run("equalpay", *JOBS, "--staff", staff, "--pay-basis", "basic", "-f", fmt)[1]
            for fmt in ("json", "json")
        }
        assert len(outputs) == 1


class TestReaderHoles:
    """Holes a hostile review found in the staff reader."""

    def test_one_column_for_two_roles_is_a_usage_error(self, tmp_path: Path) -> None:
        staff = write(tmp_path, "job,sex,pay\n" + "VLO-2016,F,10\n" * 5)
        err = fails(staff, "--sex-column", "JOB", code=2)
        assert "--column job=NAME and --column sex=NAME name the same column 'JOB'" in err

    def test_an_empty_header_cell_is_refused_with_its_column(self, tmp_path: Path) -> None:
        staff = write(tmp_path, "job,,sex,pay\n" + "VLO-2016,x,F,10\n" * 5)
        assert "the header row (row 1) has an empty cell in column 2" in fails(staff)
        # Trailing empty header cells are no column: a value under them is a row too long.
        staff = write(tmp_path, "job,sex,pay,\n" + "VLO-2016,F,10,\n" * 4 + "VLO-2016,F,10,9\n")
        err = fails(staff)
        assert "row 6: has more values than the header has columns" in err and ",9" not in err
        staff = write(tmp_path, "job,sex,pay,,\n" + "VLO-2016,F,10,,\n" * 5)
        assert vlo(audit(staff))["women"]["count"] == 5  # type: ignore[index]

    @pytest.mark.parametrize(
        ("encoding", "said"),
        [
            ("utf-32", "is UTF-32 text"),
            ("utf-16-le", "is UTF-16 text (no byte-order mark)"),
            ("utf-16-be", "is UTF-16 text (no byte-order mark)"),
            ("utf-32-le", "is UTF-32 text (no byte-order mark)"),
        ],
    )
    def test_wide_encodings_get_a_hint(self, tmp_path: Path, encoding: str, said: str) -> None:
        staff = write(tmp_path, women_mean(["10"] * 5).encode(encoding))
        err = fails(staff)
        assert said in err and "save it as CSV UTF-8" in err

    def test_a_title_row_gets_a_hint_naming_the_header_row(self, tmp_path: Path) -> None:
        staff = write(tmp_path, "Payroll March\n\n" + women_mean(["10"] * 5))
        err = fails(staff)
        assert "row 1 looks like a title; row 3 holds the column names: give --header-row 3" in err
        staff = write(tmp_path, "Payroll;March\n" + women_mean(["10"] * 5, "job;sex;pay", ";"))
        assert "give --header-row 2" in fails(staff)

    def test_delimiter_for_a_workbook_is_a_usage_error(self, tmp_path: Path) -> None:
        staff = write(tmp_path, _book(_sheet(ROWS)), "staff.xlsx")
        assert "--delimiter is for CSV files" in fails(staff, "--delimiter", ";", code=2)
        # --decimal stays: text cells of a workbook may hold a decimal comma.
        assert vlo(audit(staff, "--decimal", "."))["women"]["count"] == 5  # type: ignore[index]

    def test_every_xml_part_is_checked_whatever_its_name(self, tmp_path: Path) -> None:
        laughs = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
        staff = write(tmp_path, _book(_sheet(ROWS), extra={"xl/media/odd.bin": laughs}))
        err = fails(staff)
        assert "part 'xl/media/odd.bin' declares a document type" in err
        staff = write(tmp_path, _book(_sheet(ROWS), extra={"xl/styles.dat": "<a><b></a>"}))
        assert "part 'xl/styles.dat' is not well-formed XML" in fails(staff)
        # Spaces past the first bytes, or XML in UTF-16 without a byte-order mark, hide nothing.
        spaced = " \n" * 5_000 + laughs
        staff = write(tmp_path, _book(_sheet(ROWS), extra={"xl/media/odd.bin": spaced}))
        assert "part 'xl/media/odd.bin' declares a document type" in fails(staff)
        wide = '<?xml version="1.0" encoding="UTF-16"?>' + laughs
        buffer = io.BytesIO(_book(_sheet(ROWS)))
        with zipfile.ZipFile(buffer, "a") as z:
            z.writestr("xl/media/wide.bin", wide.encode("utf-16-be"))
        staff = write(tmp_path, buffer.getvalue(), "wide.xlsx")
        assert "part 'xl/media/wide.bin' declares a document type" in fails(staff)
        # A part that is not XML (an image) is not parsed.
        png = write(tmp_path, _book(_sheet(ROWS), extra={"xl/media/a.png": "\x89PNG..."}))
        assert vlo(audit(png))["women"]["count"] == 5  # type: ignore[index]

    def test_a_header_row_beyond_the_sheet(self, tmp_path: Path) -> None:
        staff = write(tmp_path, _book(_sheet(ROWS)), "staff.xlsx")
        err = fails(staff, "--header-row", "50")
        assert "row 50" in err and "header row" in err and "Traceback" not in err

    def test_an_unknown_job_is_repeated_only_from_the_job_column(self, tmp_path: Path) -> None:
        # A pay column named as the job column: its values (pay) are never written out.
        staff = write(tmp_path, "ref,sex,pay,salary\n" + "VLO-2016,F,1,27691.56\n" * 5)
        err = fails(staff, "--job-column", "salary")
        assert "names a job with no questionnaire (not repeated" in err
        assert "27691" not in err
        # Named for two roles at once: refused before anything is read.
        assert "name the same column 'pay'" in fails(staff, "--job-column", "pay", code=2)
        # Another column that names no known job: not repeated either.
        staff = write(tmp_path, "ref,name,sex,pay\n" + "VLO-2016,Alice Smith,F,10\n" * 5)
        err = fails(staff, "--job-column", "name")
        assert "Alice" not in err and "(not repeated" in err
        # A column some of whose rows name known jobs is the job column: the others are named.
        staff = write(tmp_path, "ref,sex,pay\n" + "VLO-2016,F,10\n" * 5 + "NO-SUCH,F,10\n")
        assert "('NO-SUCH')" in fails(staff, "--job-column", "ref")


class TestOneReading:
    """Options that change which rows are read: two runs one person apart gave that pay."""

    def test_a_header_row_below_a_row_of_data_is_refused(self, tmp_path: Path) -> None:
        # Row 2 is a person; --header-row 3 would skip them (with the column names row 3's
        # values), and the two runs' figures would differ by that person.
        rows = ["job,sex,pay", "VLO-2016,F,31234", "JOB,SEX,PAY"] + ["VLO-2016,F,20000"] * 5
        staff = write(tmp_path, "\n".join(rows) + "\n")
        err = fails(staff, "--header-row", "3")
        assert "row 2, above the header row (row 3), holds a number under the pay" in err
        assert "31234" not in err

    def test_a_row_of_data_as_the_header_is_refused(self, tmp_path: Path) -> None:
        rows = ["job,sex,pay", "VLO-2016,F,31234"] + ["VLO-2016,F,20000"] * 5
        staff = write(tmp_path, "\n".join(rows) + "\n")
        err = fails(staff, "--header-row", "2", "--job-column", "VLO-2016", "--sex-column", "F",
                    "--pay-column", "31234")  # fmt: skip
        assert "the header row (row 2) holds a number where column 3's name should be" in err

    def test_title_rows_with_numbers_elsewhere_are_fine(self, tmp_path: Path) -> None:
        text = "Payroll 2024,,\nExported,2024-03-01,\n" + women_mean(["10"] * 5)
        staff = write(tmp_path, text)
        assert vlo(audit(staff, "--header-row", "3"))["women"]["count"] == 5  # type: ignore[index]

    def test_in_a_workbook_too(self, tmp_path: Path) -> None:
        rows: list[list[object]] = [["job", "sex", "pay"], ["VLO-2016", "F", 31234]]
        rows += [["job", "sex", "pay"], *[["VLO-2016", "F", 20000]] * 5]
        staff = write(tmp_path, _book(_sheet(rows)), "staff.xlsx")
        err = fails(staff, "--header-row", "3")
        assert "row 2, above the header row (row 3), holds a number under the pay" in err

    def test_two_sex_columns_that_differ_are_refused(self, tmp_path: Path) -> None:
        # 'Sex' and 'Gender' differ for one person: --sex-column Gender would move them from
        # the men to the women, and the two runs' figures would give their pay.
        rows = ["job,sex,gender,pay"] + ["VLO-2016,F,F,20000"] * 5 + ["VLO-2016,M,M,21000"] * 5
        rows += ["VLO-2016,M,F,31234"]
        staff = write(tmp_path, "\n".join(rows) + "\n")
        for extra in ((), ("--sex-column", "gender")):
            err = fails(staff, *extra)
            said = "could each be the sex column, and they differ in 1 rows (first at row 12)"
            assert said in err
            assert "31234" not in err
        same = write(tmp_path, "\n".join(rows[:-1]) + "\n")
        assert vlo(audit(same))["women"]["count"] == 5  # type: ignore[index]
