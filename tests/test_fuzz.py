"""Fuzzing: whatever the input, jescore ends in a documented exit code with a message.

A short campaign runs in CI; run a long one locally with
``python -m pytest tests/test_fuzz.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import EXAMPLES, FIXTURES
from .test_cli import run

EXIT_CODES = {0, 1, 2, 3}
SCHEME_TEXT = (FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8")
VALID = {
    "vlo": (EXAMPLES / "vlo.yaml").read_text(encoding="utf-8"),
    "nurse": (EXAMPLES / "nhs-nurse.yaml").read_text(encoding="utf-8"),
}

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
                    ["job", "title", "scheme", "factors", "level", "evidence", "bands"]
                ),
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


def _check(path: Path, *extra: str) -> None:
    code, out, err = run("evaluate", path, *extra)  # run() asserts there is no traceback
    assert code in EXIT_CODES
    if code == 3:
        assert err.strip(), "an invalid input must say why"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(documents)
def test_arbitrary_yaml_documents(tmp_path: Path, data: object) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _check(path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "raw.yaml"
    path.write_bytes(raw)
    _check(path)


def _mutate(text: str, rnd: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(lines))
        choice = rnd.randrange(7)
        if choice == 0:
            del lines[i]
        elif choice == 1:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif choice == 2:
            lines[i] = lines[i].replace(" ", "\t", 1)
        elif choice == 3:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        elif choice == 4:
            lines[i] = lines[i] + rnd.choice([":", " [", " &a", " *a", " !!python/none", "'", "{"])
        elif choice == 5:
            digits = [k for k, ch in enumerate(lines[i]) if ch.isdigit()]
            if digits:
                k = rnd.choice(digits)
                lines[i] = (
                    lines[i][:k] + rnd.choice(["0", "9", "99", "-1", "yes"]) + lines[i][k + 1 :]
                )
        else:
            lines[i] = "  " + lines[i]
    return "\n".join(lines) + "\n"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.sampled_from(sorted(VALID)), st.integers(0, 2**32 - 1))
def test_mutated_questionnaires(tmp_path: Path, name: str, seed: int) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(_mutate(VALID[name], random.Random(seed)), encoding="utf-8")
    _check(path)
    code, _, _ = run("whatif", path, "--target", "4")
    assert code in EXIT_CODES


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_mutated_schemes(tmp_path: Path, seed: int) -> None:
    scheme = tmp_path / "mini-scheme.yaml"
    scheme.write_text(_mutate(SCHEME_TEXT, random.Random(seed)), encoding="utf-8")
    code, _, err = run("scheme", "check", scheme)
    assert code in {0, 3}
    if code == 3:
        assert err.strip()
    (tmp_path / "job.yaml").write_text(
        (FIXTURES / "mini-job.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _check(tmp_path / "job.yaml")
