"""Word documents people hand over: read back with python-docx, structure asserted.

Every document jescore writes is A4 (or US Letter when asked), uses Word's own heading styles,
repeats its tables' header rows, names the scheme, its status and the start of the input
hashes in its footer, shows a scheme that is not verified in a coloured banner, keeps lists of
factor names as lists, and is the same bytes for the same input. Expected values come from the
input files themselves (read here with PyYAML and hashlib) or from the paper standards.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from .conftest import ROOT
from .harness import run

AWARD, CLAIM = "examples/vlo.yaml", "examples/vlo-claim.yaml"
SCHEME = ROOT / "factors" / "probation-illustrative.yaml"
PANEL = [
    f"examples/panel/vlo-{who}.yaml" for who in ("manager-a", "manager-b", "staff-a", "staff-b")
]
QUESTIONNAIRES = [
    *(f"examples/{n}.yaml" for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw")),
    "examples/njc-library-assistant.yaml",
]
EQUALPAY = [
    *QUESTIONNAIRES,
    "--staff",
    "examples/equalpay/staff.csv",
    "--pay-basis",
    "fte",
]
#: Every document: a name and its command.
COMMANDS: dict[str, list[str]] = {
    "appeal": ["appeal", AWARD, CLAIM],
    "evaluate": ["evaluate", AWARD],
    "match": ["match", "examples/nhs-nurse.yaml", "examples/profiles"],
    "panel": ["panel", *PANEL],
    "equalpay": ["equalpay", *EQUALPAY],
    "paygap": [
        "paygap", *QUESTIONNAIRES, "--staff", "examples/paygap/staff.csv",
        "--snapshot", "2027-04-05", "--report-date", "2027-06-07",
    ],
    "paymodel": [
        "paymodel", "examples/vlo-claim.yaml", "examples/pso.yaml",
        "--staff", "examples/paymodel/probation-staff.csv", "--scale", "probation-illustrative",
        "--from", "2024-04-01", "--backpay-from", "2016-04-01",
    ],
}  # fmt: skip
#: Paper in twips (1/1440 inch): A4 is 210 x 297 mm, US Letter 8.5 x 11 inches.
A4 = (round(210 / 25.4 * 1440), round(297 / 25.4 * 1440))
LETTER = (int(8.5 * 1440), 11 * 1440)


def _sha(path: str | Path) -> str:
    return hashlib.sha256((ROOT / path).read_bytes()).hexdigest()


def _write(tmp_path: Path, name: str, *extra: str) -> Path:
    target = tmp_path / f"{name}.docx"
    code, _, err = run(*COMMANDS[name], *extra, "-o", target)
    assert code == 0, err
    return target


def _sizes(document: docx.document.Document) -> list[tuple[int, int, str | None]]:
    """Each section's page (width, height, orientation) as written in the XML, in twips."""
    out = []
    for section in document.sections:
        size = section._sectPr.find(qn("w:pgSz"))
        out.append((int(size.get(qn("w:w"))), int(size.get(qn("w:h"))), size.get(qn("w:orient"))))
    return out


def _all_text(document: docx.document.Document) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [c.text for c in row.cells]
    return "\n".join(texts)


def _footer(document: docx.document.Document) -> str:
    return "\n".join(p.text for p in document.sections[0].footer.paragraphs)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_document_is_a4_with_headings_and_repeated_headers(
    in_root: Path, tmp_path: Path, name: str
) -> None:
    document = docx.Document(str(_write(tmp_path, name)))
    for width, height, orient in _sizes(document):
        assert (width, height) in (A4, A4[::-1])
        assert (orient == "landscape") == (width > height)
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Heading 1"  # the title: the navigation pane starts there
    assert "Heading 2" in styles
    assert styles.count("Heading 1") == 1
    assert document.tables
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    # The provenance comes last: its heading, then the files.
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "Provenance"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_letter_paper_when_asked(in_root: Path, tmp_path: Path, name: str) -> None:
    document = docx.Document(str(_write(tmp_path, name, "--paper", "letter")))
    assert {(w, h) if w < h else (h, w) for w, h, _ in _sizes(document)} == {LETTER}


def test_a_bad_paper_is_a_usage_error(in_root: Path, tmp_path: Path) -> None:
    code, _, err = run(*COMMANDS["appeal"], "--paper", "a3", "-o", tmp_path / "x.docx")
    assert code == 2 and "a4, letter" in err
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_documents_are_the_same_bytes_each_time(in_root: Path, tmp_path: Path, name: str) -> None:
    first = _write(tmp_path, name).read_bytes()
    (tmp_path / "again").mkdir()
    second = _write(tmp_path / "again", name)
    assert first == second.read_bytes()
    props = docx.Document(str(second)).core_properties
    # No clock: a fixed date, or the date the report is of (paygap's --report-date).
    assert props.created is not None and props.created.year == (2027 if name == "paygap" else 2000)
    assert props.modified == props.created


def test_footer_names_scheme_status_and_hashes(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "appeal")))
    footer = _footer(document)
    assert "probation-illustrative (ILLUSTRATIVE)" in footer
    for path in (AWARD, CLAIM, SCHEME):
        assert _sha(path)[:12] in footer
    # Page numbers are fields Word fills in.
    instructions = "".join(
        t.text or "" for t in document.sections[0].footer._element.iter(qn("w:instrText"))
    )
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    # The full hashes are in the provenance block at the end, not at the top.
    text = _all_text(document)
    assert text.index(_sha(AWARD)) > text.index("Provenance")


def test_an_illustrative_scheme_gets_a_coloured_banner(in_root: Path, tmp_path: Path) -> None:
    for name in ("appeal", "evaluate", "panel"):
        document = docx.Document(str(_write(tmp_path, name)))
        banners = [
            p
            for p in document.paragraphs
            if p._p.pPr is not None and p._p.pPr.find(qn("w:shd")) is not None
        ]
        assert len(banners) == 1, name
        assert banners[0].text.startswith("ILLUSTRATIVE")
        assert banners[0]._p.pPr.find(qn("w:shd")).get(qn("w:fill")) == "F6E0F2"
        # Near the top: before the first second-level heading.
        paragraphs = [p._p for p in document.paragraphs]
        first_h2 = next(i for i, p in enumerate(document.paragraphs) if p.style.name == "Heading 2")
        assert paragraphs.index(banners[0]._p) < first_h2


def test_a_verified_scheme_has_no_banner(in_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "nurse.docx"
    assert run("evaluate", "examples/nhs-nurse.yaml", "-o", target)[0] == 0
    document = docx.Document(str(target))
    assert not [
        p
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:shd")) is not None
    ]
    assert "nhs-afc (VERIFIED)" in _footer(document)


def test_lists_of_factor_names_are_lists(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "appeal")))
    names = [f["name"] for f in yaml.safe_load(SCHEME.read_text(encoding="utf-8"))["factors"]]
    claimed = yaml.safe_load((ROOT / CLAIM).read_text(encoding="utf-8"))["factors"]
    awarded = yaml.safe_load((ROOT / AWARD).read_text(encoding="utf-8"))["factors"]
    ids = [f["id"] for f in yaml.safe_load(SCHEME.read_text(encoding="utf-8"))["factors"]]
    challenged = [
        names[ids.index(i)] for i in ids if str(claimed[i]["level"]) != str(awarded[i]["level"])
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name.startswith("List Bullet")]
    for name in challenged:
        assert name in bullets  # a list item of its own
    for p in document.paragraphs:
        joined = [n for n in names if n in p.text]
        assert not (len(joined) > 1 and ", " in p.text and p.style.name == "Normal"), p.text


def test_the_evaluation_pack_has_each_factor_in_full(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "evaluate")))
    scheme = yaml.safe_load(SCHEME.read_text(encoding="utf-8"))
    answers = yaml.safe_load((ROOT / AWARD).read_text(encoding="utf-8"))["factors"]
    text = _all_text(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert len(headings) == len(scheme["factors"])
    for factor, heading in zip(scheme["factors"], headings, strict=True):
        answer = answers[factor["id"]]
        level = next(x for x in factor["levels"] if x["level"] == int(answer["level"]))
        assert heading == f"{factor['name']}: level {answer['level']}, {level['points']} points"
        assert " ".join(level["summary"].split()) in text
        for evidence in answer.get("evidence", []):
            assert " ".join(evidence["text"].split()) in text
        if answer.get("rationale"):
            assert " ".join(answer["rationale"].split()) in text
    # The total, from the levels' points added here.
    total = sum(
        next(x["points"] for x in f["levels"] if x["level"] == int(answers[f["id"]]["level"]))
        for f in scheme["factors"]
    )
    assert f"Total {total}" in text


def test_the_appeal_sets_both_sides_side_by_side(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "appeal", "--date", "2026-12-01")))
    text = _all_text(document)
    paragraphs = [p.text for p in document.paragraphs]
    # What a panel reads first: the job, its reference and organisation, the date, the claim.
    assert paragraphs[0] == "Appeal: Victim Liaison Officer"
    top = "\n".join(paragraphs[:6])
    assert "VLO-2016" in top and "Probation Service" in top and "2026-12-01" in top
    assert "The claim: 462 points, Band 4" in top
    assert "Upheld alone" in [c.text for c in document.tables[0].rows[0].cells]
    awarded = yaml.safe_load((ROOT / AWARD).read_text(encoding="utf-8"))["factors"]
    claimed = yaml.safe_load((ROOT / CLAIM).read_text(encoding="utf-8"))["factors"]
    side = document.tables[1].rows[1].cells
    assert " ".join(awarded["knowledge"]["rationale"].split()) in side[0].text
    assert " ".join(claimed["knowledge"]["rationale"].split()) in side[1].text
    assert awarded["knowledge"]["evidence"][0]["text"] in side[0].text
    assert "Level 4 (110 points)" in side[0].text and "Level 5 (150 points)" in side[1].text
    assert text.index("Provenance") > text.index("Working conditions: 2 → 3")


def test_the_panel_record_can_be_signed(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "panel")))
    paragraphs = [p.text for p in document.paragraphs]
    members = [yaml.safe_load((ROOT / p).read_text(encoding="utf-8")) for p in PANEL]
    names = [m["evaluator"]["name"] for m in members]
    for name in names:
        assert any(p.startswith(f"{name} (") and "Date:" in p for p in paragraphs), name
    assert "Date of the panel" in "\n".join(paragraphs)
    assert {"Members", "Factor by factor", "Decisions", "Sign-off"} <= set(paragraphs)
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[: 1 + len(names)] == ["Factor", *(f"#{n}" for n in range(1, len(names) + 1))]
    assert "Agreed level" in header


def test_the_sign_off_lines_are_kept_together_with_their_heading(
    in_root: Path, tmp_path: Path
) -> None:
    # Printed, a sign-off block split across two pages (one name at the foot of a page, the
    # others overleaf) is not a record anyone signs: each line keeps with the next, the heading
    # (Word's heading style) with the first line, and no line breaks inside itself.
    document = docx.Document(str(_write(tmp_path, "panel")))
    paragraphs = document.paragraphs
    start = [p.text for p in paragraphs].index("Sign-off")
    heading, lines = paragraphs[start], paragraphs[start + 1 : start + 1 + len(PANEL)]
    assert all("Date:" in p.text for p in lines)
    assert heading.style is not None and heading.style.paragraph_format.keep_with_next
    assert [p.paragraph_format.keep_with_next for p in lines] == [True] * (len(PANEL) - 1) + [False]
    assert all(p.paragraph_format.keep_together for p in lines)


def test_the_panel_date_is_printed_when_given(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "panel", "--date", "2026-12-03")))
    assert "Date of the panel: 2026-12-03" in [p.text for p in document.paragraphs]
    code, _, err = run(*COMMANDS["panel"], "--date", "2026-13-03", "-o", tmp_path / "x.docx")
    assert code == 2 and "--date" in err


def test_the_equal_pay_report_is_landscape(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "equalpay")))
    assert all(orient == "landscape" for _, _, orient in _sizes(document))
    assert "staff sha256 " + _sha("examples/equalpay/staff.csv")[:12] in _footer(document)


def test_tables_fit_the_page_and_no_column_is_narrower_than_its_longest_word(
    in_root: Path, tmp_path: Path
) -> None:
    from jescore.render.kit.docx import text_mm

    for name in COMMANDS:
        document = docx.Document(str(_write(tmp_path, name)))
        section = document.sections[-1]
        for table in document.tables:
            grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            widest = max(
                s.page_width.twips - s.left_margin.twips - s.right_margin.twips
                for s in document.sections
            )
            assert sum(grid) <= widest + 2, name
            for i, width in enumerate(grid):
                words = [w for row in table.rows for w in row.cells[i].text.split()]
                longest = max((text_mm(w, 9, bold=True) for w in words), default=0)
                assert width / 1440 * 25.4 >= longest, (name, i, width)
        assert section is not None


def _check_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_docx", ROOT / "tools" / "check_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_layout_check_finds_words_broken_inside_themselves() -> None:
    tool = _check_tool()
    source = {"Knowledge", "and", "experience", "Challenged", "d", "of", "Page", "1"}
    words = ["Know", "ledge", "and", "exper", "ience", "Challenge", "d", "Page", "1", "of", "1"]
    page = tool.Page(595.3, 841.9, [tool.Word(w, 60.0, 100.0) for w in words])
    found = tool.broken_words(source, [page])
    assert found == ["Challenge|d (page 1)", "Know|ledge (page 1)", "exper|ience (page 1)"]
    whole = tool.Page(595.3, 841.9, [tool.Word(w, 60.0, 100.0) for w in sorted(source)])
    assert tool.broken_words(source, [whole]) == []
    # A line broken after a hyphen is a line break.
    hyphen = tool.Page(595.3, 841.9, [tool.Word(w, 60.0, 100.0) for w in ("vlo-", "staff.yaml")])
    assert tool.broken_words({"vlo-staff.yaml"}, [hyphen]) == []


def test_the_layout_check_knows_paper_and_margins() -> None:
    tool = _check_tool()
    assert tool.paper_ok(595.3, 841.9, "a4") and tool.paper_ok(841.9, 595.3, "a4")
    assert not tool.paper_ok(612, 792, "a4") and tool.paper_ok(792, 612, "letter")
    page = tool.Page(595.3, 841.9, [tool.Word("wide", 500.0, 590.0)])
    assert tool.outside([page], {0: (51.0, 51.0)})
    assert not tool.outside(
        [tool.Page(595.3, 841.9, [tool.Word("ok", 60.0, 540.0)])], {0: (51.0, 51.0)}
    )


def test_the_layout_check_reads_the_documents_paper(in_root: Path, tmp_path: Path) -> None:
    tool = _check_tool()
    letter = _write(tmp_path, "appeal", "--paper", "letter")
    problems, sections = tool.docx_layout(letter, "a4")
    assert problems and all("is not a4" in p for p in problems)
    assert tool.docx_layout(letter, "letter")[0] == []
    assert sections[0][0] == 612.0


def test_hostile_text_stays_text_and_tables_still_fit(in_root: Path, tmp_path: Path) -> None:
    """Markup, control characters and a word longer than the page, in evidence and titles."""
    award = yaml.safe_load((ROOT / AWARD).read_text(encoding="utf-8"))
    claim = yaml.safe_load((ROOT / CLAIM).read_text(encoding="utf-8"))
    long_word = "X" * 400
    for data in (award, claim):
        data["job"]["title"] = "<b>Job</b> \x1b[31m & co\u202e"
        data["scheme"] = "probation-illustrative"
    claim["factors"]["knowledge"]["evidence"] = [
        {"text": long_word},
        {"text": "<script>x</script>"},
    ]
    paths = []
    for name, data in (("award.yaml", award), ("claim.yaml", claim)):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    for command in (["appeal", *paths], ["evaluate", paths[1]]):
        target = tmp_path / f"{command[0]}.docx"
        code, _, err = run(*command, "-o", target)
        assert code == 0, err
        document = docx.Document(str(target))
        text = _all_text(document)
        assert "<script>x</script>" in text and long_word in text
        assert "\x1b" not in text and "\u202e" not in text
        assert "<b>Job</b>" in document.paragraphs[0].text
        widest = max(
            s.page_width.twips - s.left_margin.twips - s.right_margin.twips
            for s in document.sections
        )
        for table in document.tables:
            grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            assert sum(grid) <= widest + 2


def test_a_long_title_and_a_long_link_do_not_break_the_document(tmp_path: Path) -> None:
    # Word's document properties hold 255 characters: a longer title stays whole in the
    # heading. A 170-character link in the evidence may break, but it cannot squeeze the
    # other columns of the table to nothing.
    text = (ROOT / "examples" / "vlo.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    title = "Victim Liaison Officer " + "and liaison " * 25
    doc["job"]["title"] = title
    link = "https://example.sharepoint.com/sites/probation/" + "x" * 120
    first = next(iter(doc["factors"].values()))
    first["evidence"] = [link]
    job = tmp_path / "long.yaml"
    job.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (tmp_path / "factors").mkdir()
    out = tmp_path / "pack.docx"
    code, _, err = run("evaluate", job, "-o", out, "--allow-dir", ROOT / "factors")
    assert code == 0, err
    document = docx.Document(str(out))
    shown = document.core_properties.title
    assert len(shown) == 255 and shown.startswith("Evaluation: Victim Liaison Officer and")
    assert title.strip() in _all_text(document)
    # The appeal sets the awarded side's evidence (the link) beside the claim's.
    doc = yaml.safe_load(text)
    knowledge = doc["factors"]["knowledge"]
    knowledge["evidence"] = [link, *knowledge.get("evidence", [])]
    awarded = tmp_path / "awarded.yaml"
    awarded.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    appeal = tmp_path / "appeal.docx"
    claim = ROOT / "examples" / "vlo-claim.yaml"
    code, _, err = run("appeal", awarded, claim, "-o", appeal, "--allow-dir", ROOT / "factors")
    assert code == 0, err
    for table in docx.Document(str(appeal)).tables:
        widths = [cell.width for cell in table.rows[0].cells if cell.width is not None]
        if len(widths) > 1:
            assert min(widths) >= 0.08 * sum(widths), widths


def test_the_equal_pay_page_names_its_schemes_status_and_files(in_root: Path) -> None:
    examples = [f"examples/{n}.yaml" for n in ("vlo", "pso", "njc-library-assistant")]
    code, out, err = run(
        "equalpay", *examples, "--staff", "examples/equalpay/staff.csv", "--pay-basis", "fte",
        "--skip-unknown-jobs", "-f", "html",
    )  # fmt: skip
    assert code == 0, err
    assert 'class="banner banner-illustrative"' in out and 'class="banner banner-unverified"' in out
    assert f"sha256 {_sha('factors/njc.yaml')}" in out
    assert f"sha256 {_sha('examples/vlo.yaml')}" in out


def _rows(document: docx.document.Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def _table(document: docx.document.Document, first: str) -> list[list[str]]:
    """The rows of the table whose first header is ``first``."""
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows[0][0] == first:
            return rows
    raise AssertionError(f"no table headed {first!r}")


def test_the_pay_gap_report_a_board_signs(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "paygap")))
    text = _all_text(document)
    assert _sha("examples/paygap/staff.csv") in text
    assert "Snapshot date: 2027-04-05" in text and "Report date: 2027-06-07" in text
    # The six figures as the government service's CSV gives them (tests/test_paygap.py
    # rebuilds GOV.UK's worked examples from those fields).
    code, out, err = run(*COMMANDS["paygap"], "--regime", "uk", "-f", "csv")
    assert code == 0, err
    gov = next(csv.DictReader(out.splitlines()))
    six = dict(row for row in _table(document, "Figure")[1:])
    fields = {
        "Mean hourly pay gap": "DiffMeanHourlyPercent",
        "Median hourly pay gap": "DiffMedianHourlyPercent",
        "Mean bonus pay gap": "DiffMeanBonusPercent",
        "Median bonus pay gap": "DiffMedianBonusPercent",
        "Women paid a bonus": "FemaleBonusPercent",
        "Men paid a bonus": "MaleBonusPercent",
    }
    assert six == {label: f"{float(gov[f]):.1f}%" for label, f in fields.items()}
    assert [r[0] for r in _table(document, "Quartile pay band")[1:]] == [
        "Lower", "Lower middle", "Upper middle", "Upper",
    ]  # fmt: skip
    categories = _table(document, "Category")
    assert categories[0][-2:] == ["Justification", "Remedy by"]
    flagged = [r for r in categories[1:] if r[8] == "FLAG"]
    assert flagged
    # Article 10(1)(c): six months after the report date of 7 June 2027.
    assert all(r[-1] == "2027-12-07" and r[-2] for r in flagged)
    # Never blank: a figure not published says so, and every reason is listed.
    assert all(cell.strip() for row in _rows(document) for cell in row)
    # (The example withholds no category now; a small file's withheld figures and their
    # reasons are checked by the tests below.)
    held = [row[0] for row in categories if "withheld" in row]
    reasons = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for category in held:
        assert any(r.startswith(category + ": ") and "not shown" in r for r in reasons), category
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("UK: the six figures (SI 2017/172)", "Method", "Written statement"):
        assert heading in headings
    for line in ("Signed:", "Name:", "Job title", "Date:"):
        assert any(p.text.startswith(line) and "____" in p.text for p in document.paragraphs)
    for topic in ("Sex:", "Rounding:", "Privacy:", "Left out:", "UK populations:"):
        assert any(p.text.startswith(topic) for p in document.paragraphs), topic
    # The categories' eleven columns have a landscape page; the rest is upright.
    orients = [o for _, _, o in _sizes(document)]
    assert "landscape" in orients and orients[0] != "landscape" and orients[-1] != "landscape"


def test_the_article_7_reply(in_root: Path, tmp_path: Path) -> None:
    with (ROOT / "examples/paygap/staff.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["employee"] == "E0011")
    annual = float(row["annual_basic"]) + float(row["annual_components"])
    target = tmp_path / "reply.docx"
    code, _, err = run(
        "paygap", *QUESTIONNAIRES, "--staff", "examples/paygap/staff.csv", "--worker", "E0011",
        "--column", "id=employee", "-o", target,
    )  # fmt: skip
    assert code == 0, err
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "Article 7 reply"
    own = dict(r[:2] for r in _table(document, "Item")[1:])
    assert own["Your gross annual pay"] == f"{annual:,.2f}"
    assert _table(document, "In your category")[0] == ["In your category", "Women", "Men"]
    criteria = _table(document, "Factor")
    scheme = yaml.safe_load((ROOT / "factors/probation-illustrative.yaml").read_text("utf-8"))
    assert len(criteria) - 1 == len(scheme["factors"])
    assert sum(float(r[3].rstrip("%")) for r in criteria[1:]) == pytest.approx(100, abs=0.6)
    assert not any(p.text == "Written statement" for p in document.paragraphs)
    assert any(p.text.startswith("For the employer: ____") for p in document.paragraphs)


def test_the_pay_model_paper(in_root: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "paymodel")))
    text = _all_text(document)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("For the committee", "Rules in force", "Cost by year", "By sex",
                    "Protection by sex (the Bainbridge test)", "Back pay", "Method"):  # fmt: skip
        assert heading in headings, heading
    for said in ("probation-illustrative", "version 1", "next-point", "mark time",
                 "2016-04-01", "publish one scenario per staff file"):  # fmt: skip
        assert said in text, said
    assert [r[0] for r in _table(document, "Job")[1:]] == ["VLO-2016-APPEAL"]
    assert all(cell.strip() for row in _rows(document) for cell in row)


def test_the_pay_model_paper_withholds_as_text_with_its_reason(tmp_path: Path) -> None:
    # Twenty people unchanged and one man moving down: his group's cost, the men's bill and
    # the whole bill are withheld in every year (as tests/test_paymodel.py asserts in JSON).
    staff = tmp_path / "staff.csv"
    rows = ["job,sex,band,pay,fte,band_start"]
    rows += [f"NHS-EXAMPLE-RN,{'F' if i % 2 else 'M'},5,37796,1,2015-01-01" for i in range(20)]
    rows += ["NHS-EXAMPLE-HCSW,M,4,30162,1,2015-01-01"]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    target = tmp_path / "model.docx"
    code, _, err = run(
        "paymodel", ROOT / "examples/nhs-hcsw.yaml", ROOT / "examples/nhs-nurse.yaml",
        "--staff", staff, "--scale", "nhs-afc-2025-26", "--from", "2025-04-01", "--award", "0",
        "--protect", "mark-time:1", "-o", target,
    )  # fmt: skip
    assert code == 0, err
    document = docx.Document(str(target))
    years = _table(document, "Year")
    assert years[0][:5] == ["Year", "From", "Bill before", "Bill after", "Cost"]
    assert all(r[2] == r[3] == r[4] == "withheld" for r in years[1:])
    assert any(p.text.startswith("Withheld: the figure of a group of 1 to 4 people")
               for p in document.paragraphs)  # fmt: skip
    assert all(cell.strip() for row in _rows(document) for cell in row)


def test_a_hostile_staff_file_name_is_safe_text_in_the_pay_documents(tmp_path: Path) -> None:
    staff = tmp_path / "staff\x1b[31m\u202e.csv"
    staff.write_bytes((ROOT / "examples/paygap/staff.csv").read_bytes())
    target = tmp_path / "gap.docx"
    code, _, err = run("paygap", "--staff", staff, "--regime", "uk", "-o", target)
    assert code == 0, err
    document = docx.Document(str(target))
    text = _all_text(document) + _footer(document)
    assert "\x1b" not in text and "\u202e" not in text
    assert "Mean hourly pay gap" in text and _sha("examples/paygap/staff.csv") in text


def test_the_layout_check_lays_out_every_command_that_writes_word() -> None:
    import jescore.cli  # noqa: F401 (every command says what it offers)
    from jescore.cli.emit import OFFERS
    from jescore.formats import Format

    offered = {command for command, o in OFFERS.items() if Format.DOCX in o.formats}
    checked = {
        cmd[0] if cmd[0] in offered else " ".join(cmd[:2]) for _, cmd, _ in _check_tool().DOCUMENTS
    }
    assert {"paygap", "paymodel"} <= offered
    assert offered <= checked


def test_the_six_figures_of_a_small_staff_are_withheld_and_said_to_rest_on_few(
    tmp_path: Path,
) -> None:
    # Three women: under the minimum group of five. Their hourly gaps (6.29%: means 2,010 and
    # 2,145) are not made, and the document says why beside the figure and in a list; the
    # shares paid a bonus (counts) are shown.
    staff = tmp_path / "staff.csv"
    rows = ["sex,ordinary_pay,period_bonus,pay_period,weekly_hours,full_pay,bonus"]
    rows += [f"F,{2000 + 10 * i},0,monthly,37.5,yes,0" for i in range(3)]
    rows += [f"M,{2100 + 10 * i},0,monthly,37.5,yes,0" for i in range(10)]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    target = tmp_path / "gap.docx"
    code, _, err = run("paygap", "--staff", staff, "--regime", "uk", "-o", target)
    assert code == 0, err
    document = docx.Document(str(target))
    six = dict(row for row in _table(document, "Figure")[1:])
    assert "6.3" not in six["Mean hourly pay gap"]
    assert "rests on 3 women" in six["Mean hourly pay gap"]
    assert "rests on 3 women" in six["Median hourly pay gap"]
    assert six["Women paid a bonus"] == "0.0%"
    reasons = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(r.startswith("The hourly pay gaps rest on 3 women on full pay") for r in reasons)
    assert all(cell.strip() for row in _rows(document) for cell in row)
