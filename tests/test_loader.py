"""Loader: every invalid fixture gives its paired message at its line; YAML traps are closed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jescore import yamldoc
from jescore.errors import InputError, UsageError
from jescore.loader import (
    Library,
    load_definition,
    load_grading_file,
    load_job,
    load_scheme_file,
)
from jescore.references import shipped_gradings, shipped_schemes
from jescore.yamldoc import MAX_FILE_BYTES

from .conftest import EXAMPLES, FIXTURES, ROOT

INVALID = sorted((FIXTURES / "invalid").rglob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+): (.+)$")


def _expected(path: Path) -> tuple[int, str]:
    match = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path} must start with '# expect: LINE: MESSAGE'"
    return int(match.group(1)), match.group(2)


def _load(path: Path) -> None:
    if path.parent.name == "questionnaires":
        load_job(path, Library(roots=[path.parent]))
    else:
        load_scheme_file(path)


def test_there_are_invalid_fixtures() -> None:
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_fixture_reports_its_message_and_line(path: Path) -> None:
    line, message = _expected(path)
    with pytest.raises(InputError) as caught:
        _load(path)
    shown = [str(p) for p in caught.value.problems]
    wanted = f"{path}:{line}: {message}"
    assert any(s.startswith(wanted) for s in shown), f"wanted {wanted!r}, got {shown!r}"


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(
        f"job: {{title: T}}\nscheme: {FIXTURES / 'mini-scheme.yaml'}\n"
        "factors:\n  skill: {level: 9}\n  effort: {level: 7}\n  nope: {level: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_job(q, Library(roots=[q.parent]))
    lines = [(p.line, p.location) for p in caught.value.problems]
    assert lines == [
        (4, "factors.skill.level"),
        (5, "factors.effort.level"),
        (6, "factors.nope"),
        (3, "factors"),
    ]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    source = (FIXTURES / "mini-job.yaml").read_text(encoding="utf-8")
    (tmp_path / "mini-scheme.yaml").write_bytes((FIXTURES / "mini-scheme.yaml").read_bytes())
    q = tmp_path / "bom.yaml"
    q.write_bytes(b"\xef\xbb\xbf" + source.encode())
    assert load_job(q, Library(roots=[q.parent])).questionnaire.job.title == "Mini job"


def test_non_utf8_names_the_byte_and_line(tmp_path: Path) -> None:
    q = tmp_path / "latin1.yaml"
    q.write_bytes("job:\n  title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load_job(q, Library(roots=[q.parent]))
    assert str(caught.value.problems[0]).startswith(f"{q}:2: not UTF-8 text (byte 0xe9")


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    q = tmp_path / "tabs.yaml"
    q.write_text("job:\n\ttitle: T\n", encoding="utf-8")
    with pytest.raises(InputError, match="YAML indents with spaces only"):
        load_job(q, Library(roots=[q.parent]))


def test_alias_bomb_is_refused_within_the_node_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A billion values once expanded: refused after visiting no more than MAX_NODES."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    q = tmp_path / "bomb.yaml"
    q.write_text("\n".join(lines) + "\n", encoding="utf-8")
    visits = 0
    walk = yamldoc._Walker.walk

    def counted(self: yamldoc._Walker, *args: object) -> object:
        nonlocal visits
        visits += 1
        return walk(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(yamldoc._Walker, "walk", counted)
    with pytest.raises(InputError, match="once aliases are expanded"):
        load_job(q, Library(roots=[q.parent]))
    assert visits == yamldoc.MAX_NODES + 1  # the expansion (10**9 values) was cut short


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    q = tmp_path / "deep.yaml"
    q.write_text("job: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nested more than"):
        load_job(q, Library(roots=[q.parent]))


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    q = tmp_path / "big.yaml"
    with q.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)

    def no_reading(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(InputError, match="the limit is"):
        load_job(q, Library(roots=[q.parent]))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_job(tmp_path / "nope.yaml", Library())
    with pytest.raises(InputError, match="is a folder"):
        load_job(tmp_path, Library(roots=[tmp_path.parent]))


def test_scheme_path_is_relative_to_the_questionnaire() -> None:
    job = load_job(FIXTURES / "mini-job.yaml", Library())
    assert job.scheme.scheme.id == "mini"
    assert job.scheme.file.path == str(FIXTURES / "mini-scheme.yaml")


def test_library_loads_each_scheme_once() -> None:
    library = Library()
    first = library.scheme("nhs-afc")
    assert library.scheme("nhs-afc") is first


def test_unknown_shipped_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown scheme 'nope'"):
        Library().scheme("nope")
    with pytest.raises(UsageError, match="unknown grading structure"):
        Library().grading("nope")


def test_shipped_files_are_named_by_their_ids() -> None:
    library = Library()
    assert list(shipped_schemes()) == ["nhs-afc", "njc", "probation-illustrative"]
    for scheme_id in shipped_schemes():
        assert library.scheme(scheme_id).scheme.id == scheme_id
    for grading_id in shipped_gradings():
        assert library.grading(grading_id).grading.id == grading_id


def test_load_definition_tells_schemes_from_gradings() -> None:
    assert load_definition(FIXTURES / "mini-bands.yaml").grading.id == "mini-alt"  # type: ignore[union-attr]
    assert load_definition(FIXTURES / "mini-scheme.yaml").scheme.id == "mini"  # type: ignore[union-attr]


def test_scheme_warns_where_totals_fall_outside_every_band() -> None:
    loaded = load_scheme_file(FIXTURES / "mini-scheme.yaml")
    [warning] = loaded.warnings
    assert warning.warning
    assert "possible totals 70-85 lie above every band" in str(warning)


def test_grading_for_another_scheme_is_an_error_unless_allowed() -> None:
    with pytest.raises(InputError) as caught:
        load_job(FIXTURES / "mini-job.yaml", Library(), bands="njc-southampton-2015")
    assert [str(p) for p in caught.value.problems] == [
        "factors/grading/njc-southampton-2015.yaml: scheme: these bands are for scheme 'njc', "
        "not 'mini'; to use them anyway, run with --allow-other-scheme-bands"
    ]
    job = load_job(
        FIXTURES / "mini-job.yaml", Library(), bands="njc-southampton-2015", other_scheme_bands=True
    )
    assert [str(w) for w in job.warnings][0] == (
        "factors/grading/njc-southampton-2015.yaml: warning: scheme: these bands are for scheme "
        "'njc', not 'mini'"
    )


def test_yaml_problems_and_validation_problems_come_together(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(
        "job: {title: T, title: U}\n"
        f"scheme: {FIXTURES / 'mini-scheme.yaml'}\n"
        "factors:\n  skill: {level: 02}\n  effort: {level: 1}\n  care: {level: 1}\n"
        "  nope: {level: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_job(q, Library(roots=[q.parent]))
    got = [(p.line, p.location, p.message.split(" ")[0]) for p in caught.value.problems]
    # The misread '02' is reported once, as a YAML problem, not again as a level problem.
    assert got == [
        (1, "job.title", "duplicate"),
        (4, "factors.skill.level", "'02'"),
        (7, "factors.nope", "'nope'"),
    ]


def test_merge_keys_dates_and_floats_are_read_as_yaml_means_them(tmp_path: Path) -> None:
    (tmp_path / "mini-scheme.yaml").write_bytes((FIXTURES / "mini-scheme.yaml").read_bytes())
    q = tmp_path / "q.yaml"
    q.write_text(
        "job:\n  title: T\n  date: 2016-09-01\n"
        "scheme: mini-scheme.yaml\n"
        "factors:\n  skill: &one {level: 1, evidence: [x]}\n"
        "  effort:\n    <<: *one\n    level: 2\n"
        "  care: *one\n",
        encoding="utf-8",
    )
    job = load_job(q, Library(roots=[q.parent]))
    assert str(job.questionnaire.job.date) == "2016-09-01"
    answers = job.questionnaire.factors
    assert (answers["effort"].number, answers["effort"].evidence[0].text) == (2, "x")
    assert answers["care"].number == 1
    q.write_text(
        q.read_text(encoding="utf-8").replace("{level: 1,", "{level: 1.0,"), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"1\.0 is not a level"):
        load_job(q, Library(roots=[q.parent]))


def test_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = FIXTURES / "mini-job.yaml"
    (tmp_path / "mini-scheme.yaml").write_bytes((FIXTURES / "mini-scheme.yaml").read_bytes())
    q = tmp_path / "job.yaml"
    q.write_bytes(source.read_bytes())
    monkeypatch.setenv("JESCORE_MAX_FILE_BYTES", "100")
    with pytest.raises(InputError, match="the limit is 100 .set JESCORE_MAX_FILE_BYTES"):
        load_job(q, Library(roots=[q.parent]))
    monkeypatch.setenv("JESCORE_MAX_FILE_BYTES", "lots")
    with pytest.raises(UsageError, match="must be a whole number"):
        load_job(q, Library(roots=[q.parent]))
    monkeypatch.setenv("JESCORE_MAX_FILE_BYTES", "100000")
    assert load_job(q, Library(roots=[q.parent])).questionnaire.job.title == "Mini job"


def test_very_long_lines_are_fine_or_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "mini-scheme.yaml").write_bytes((FIXTURES / "mini-scheme.yaml").read_bytes())
    q = tmp_path / "long.yaml"
    long_text = "x" * 200_000
    q.write_text(
        f"job: {{title: T, notes: {long_text}}}\nscheme: mini-scheme.yaml\n"
        "factors: {skill: {level: 1}, effort: {level: 1}, care: {level: 1}}\n",
        encoding="utf-8",
    )
    assert load_job(q, Library(roots=[q.parent])).questionnaire.job.notes == long_text
    q.write_text("job: " + "[" * 10_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_job(q, Library(roots=[q.parent]))


def test_hostile_files_through_the_cli(tmp_path: Path) -> None:
    from .harness import run

    cases = {
        "bom.yaml": b"\xef\xbb\xbfjob: [",
        "utf16.yaml": "job: x".encode("utf-16"),
        "nul.yaml": b"job:\x00\n",
        "tabs.yaml": b"job:\n\ttitle: x\n",
        "python.yaml": b"job: !!python/object/apply:os.system ['echo hi']\n",
        "deep.yaml": b"job: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "deeper.yaml": b"job: " + b"[" * 200_000 + b"\n",
        "compact.yaml": b"- " * 100_000 + b"x\n",
        "indented.yaml": "".join(" " * i + "a:\n" for i in range(2000)).encode() + b"x\n",
        "bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    }
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        code, out, err = run("evaluate", path)
        assert code == 3, name
        assert out == "" and err.startswith(f"{path}"), (name, err)


def _depth(data: object) -> int:
    if isinstance(data, dict):
        return 1 + max((_depth(v) for v in data.values()), default=0)
    if isinstance(data, list):
        return 1 + max((_depth(v) for v in data), default=0)
    return 0


@given(
    st.lists(st.sampled_from(["list", "dict", "pair"]), min_size=1, max_size=yamldoc.MAX_DEPTH + 8),
    st.sampled_from([None, True, False]),
    st.integers(1, 4),
)
def test_the_nesting_prefilter_never_misses_a_deep_document(
    shape: list[str], flow: bool | None, indent: int
) -> None:
    """Documents up to 8 levels past the limit, nested as lists, mappings or both."""
    import yaml

    from jescore.yamldoc import MAX_DEPTH, _may_nest_deeply

    data: object = "x"
    for kind in shape:
        if kind == "list":
            data = [data]
        elif kind == "dict":
            data = {"k": data}
        else:
            data = {"a": 1, "b": [data, 2]}  # two levels, with siblings
    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent)
    if not _may_nest_deeply(text):
        assert _depth(data) <= MAX_DEPTH


@pytest.mark.parametrize("flow", [None, True, False])
@pytest.mark.parametrize("indent", [1, 2, 4])
@pytest.mark.parametrize("shape", ["lists", "dicts", "mixed"])
def test_the_nesting_prefilter_flags_every_deep_document(
    flow: bool | None, indent: int, shape: str
) -> None:
    import yaml

    from jescore.yamldoc import MAX_DEPTH, _may_nest_deeply

    data: object = "x"
    for level in range(MAX_DEPTH + 1):
        use_list = shape == "lists" or (shape == "mixed" and level % 2 == 0)
        data = [data] if use_list else {"k": data}
    assert _may_nest_deeply(yaml.safe_dump(data, default_flow_style=flow, indent=indent))


def test_a_file_of_another_kind_is_named_as_such(tmp_path: Path) -> None:
    grading = ROOT / "factors" / "grading" / "njc-southampton-2015.yaml"
    scheme = ROOT / "factors" / "nhs-afc.yaml"
    questionnaire = EXAMPLES / "pso.yaml"

    def problems(load, path) -> list[str]:  # type: ignore[no-untyped-def]
        with pytest.raises(InputError) as caught:
            load(path)
        return [str(p) for p in caught.value.problems]

    assert problems(load_scheme_file, questionnaire) == [
        f"{questionnaire}: is a questionnaire, not a scheme file"
    ]
    assert problems(load_grading_file, scheme) == [
        f"{scheme}: is a scheme (its bands are used when no grading structure is given), "
        "not a grading structure file"
    ]
    assert problems(load_definition, questionnaire) == [
        f"{questionnaire}: is a questionnaire, not a scheme or grading structure file"
    ]
    # Named in a questionnaire, the problem is reported at the questionnaire's line.
    job = tmp_path / "job.yaml"
    text = questionnaire.read_text(encoding="utf-8")
    job.write_text(text.replace("scheme: probation-illustrative", f"scheme: {grading}"))
    line = text.splitlines().index("scheme: probation-illustrative") + 1
    assert problems(lambda p: load_job(p, Library(roots=[p.parent])), job) == [
        f"{job}:{line}: scheme: {grading}: is a grading structure (name it in a "
        "questionnaire's 'grading' or with --bands), not a scheme file"
    ]
    job.write_text(text.replace("scheme: probation-illustrative", "scheme: ./gone.yaml"))
    assert problems(lambda p: load_job(p, Library(roots=[p.parent])), job) == [
        f"{job}:{line}: scheme: {tmp_path / 'gone.yaml'}: no such file"
    ]


def test_valid_questionnaires_never_pay_for_line_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding lines walks the whole document again; only files with a problem need them.

    (A scheme with warnings needs its lines, but a scheme is read once per run.)
    """
    walked: list[str] = []
    positions = yamldoc.Document._positions

    def record(self: yamldoc.Document) -> object:
        walked.append(self.file)
        return positions(self)

    monkeypatch.setattr(yamldoc.Document, "_positions", record)
    names = [
        str(EXAMPLES / n) for n in ("vlo.yaml", "nhs-nurse.yaml", "njc-library-assistant.yaml")
    ]
    for name in names:
        assert load_job(Path(name), Library()).questionnaire.factors
    assert walked and not set(names) & set(walked)


def _tags(node: object) -> list[str]:
    import yaml

    assert isinstance(node, yaml.Node)
    out = [node.tag]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _tags(key) + _tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _tags(item)
    return out


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))),
        "a: !!str 1\nb: [1, yes, 1.5, ~, 2016-01-01, '3', =, 0x1F, 1:30, .inf, '']\n"
        "? [a]\n: 1\nc: !foo {x: 1}\nd: ! plain\ne: !!binary AAAA\n<<: {f: 1}\n",
    ],
)
def test_the_faster_resolver_gives_pyyaml_s_own_tags(text: str) -> None:
    import yaml

    stock = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for _ in range(2):  # the second time from the cache
        assert _tags(yamldoc._Loader(text).get_single_node()) == _tags(
            stock(text).get_single_node()
        )
