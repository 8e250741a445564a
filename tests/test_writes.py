"""Writing results: the writing gate (exclusive, atomic, regular files only, single appends) and
the YAML jescore writes (through the emitter, whatever the values hold).

Races are tested two ways: deterministically (a second writer runs at the worst moment of the
first, by a hook on the first writer's ``os.open``) and for real (processes started together).
Each test failed before its fix. A device is never replaced, even should the gate regress: the
test that names ``/dev/null`` first makes every rename, link or create over it fail loudly.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from jescore import output
from jescore.errors import UsageError
from jescore.yamldoc import parse

from .conftest import EXAMPLES, FIXTURES
from .harness import run

VLO = EXAMPLES / "vlo.yaml"


def _second_writer_during_first(
    monkeypatch: pytest.MonkeyPatch, folder: Path, second: Callable[[], None]
) -> list[str]:
    """Run ``second`` once, as the first writer opens its first file in ``folder``."""
    real_open = os.open
    ran: list[str] = []

    def hooked(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if not ran and Path(os.fsdecode(path)).parent == folder:
            ran.append(os.fsdecode(path))
            second()
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", hooked)
    return ran


# --- exclusive creation ----------------------------------------------------------------------


def test_a_second_writer_that_wins_the_race_makes_the_first_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    results: list[str] = []

    def second() -> None:
        output.write_atomic(target, "second\n", force=False)
        results.append("second wrote")

    ran = _second_writer_during_first(monkeypatch, tmp_path, second)
    with pytest.raises(UsageError, match=r"out\.txt: file exists; use --force") as caught:
        output.write_atomic(target, "first\n", force=False)
    assert ran and results == ["second wrote"]
    assert caught.value.exit_code == 2
    assert target.read_text(encoding="utf-8") == "second\n"  # the winner's result, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary left


_RACE = """
import sys, time
from pathlib import Path
from jescore.errors import UsageError
from jescore.output import write_atomic
start, target, text = float(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
while time.time() < start:
    pass
try:
    write_atomic(target, text * 20000, force=False)
except UsageError as exc:
    print(exc.message)
    sys.exit(exc.exit_code)
"""


def test_writers_racing_for_one_file_one_wins(tmp_path: Path) -> None:
    import time

    target = tmp_path / "report.md"
    start = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACE, str(start), str(target), f"writer {i}\n"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    results = []
    for proc in procs:
        said, _ = proc.communicate(timeout=60)
        results.append((proc.returncode, said))
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2, 2, 2, 2, 2], results
    assert all("file exists" in said for code, said in results if code == 2)
    winner = next(i for i, (code, _) in enumerate(results) if code == 0)
    assert target.read_text(encoding="utf-8") == f"writer {winner}\n" * 20000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_the_command_line_says_exists_and_keeps_the_file(tmp_path: Path) -> None:
    target = tmp_path / "job.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, _, err = run("new", "-s", "njc", "-o", target)
    assert code == 2
    assert err.strip() == f"error: {target}: file exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "mine\n"


LONG_NAMES = ["\u65e5" * 80 + ".json", "\u00e9" * 124 + ".md", "a" * 250 + ".md"]


@pytest.mark.parametrize("name", LONG_NAMES, ids=["cjk", "accented", "ascii"])
def test_a_long_name_within_the_limit_is_written(tmp_path: Path, name: str) -> None:
    # 245, 253 and 253 bytes: the temporary file beside it must fit the 255-byte limit too.
    target = tmp_path / name
    assert len(os.fsencode(name)) <= 255
    code, _, err = run("evaluate", EXAMPLES / "vlo.yaml", "-o", target)
    assert code == 0, err
    assert "Victim Liaison Officer" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_without_hard_links_creation_is_still_exclusive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: Any, dst: Any, **kwargs: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.txt"
    output.write_atomic(target, "one\n", force=False)
    assert target.read_text(encoding="utf-8") == "one\n"
    with pytest.raises(UsageError, match="file exists"):
        output.write_atomic(target, "two\n", force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


# --- --force replaces only a regular file ----------------------------------------------------


@pytest.mark.posix
def test_force_replaces_a_regular_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    output.write_atomic(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def _make(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        try:  # the null device's numbers: a harmless device of our own
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs privileges (see the /dev/null test)")


@pytest.mark.posix
@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("fifo", "a FIFO (named pipe)"),
        ("socket", "a socket"),
        ("folder", "a folder"),
        ("device", "a device"),
    ],
)
def test_force_never_replaces_anything_but_a_regular_file(
    tmp_path: Path, kind: str, said: str
) -> None:
    target = tmp_path / "out"
    _make(kind, target)
    before = target.lstat()
    for force in ("--force", None):
        code, _, err = run("new", "-s", "njc", "-o", target, *([force] if force else []))
        assert code == 2
        assert err.strip() == (
            f"error: {target}: is {said}, not a regular file; jescore writes only regular files "
            "and leaves this one as it is (name another file)"
        )
    after = target.lstat()
    assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (
        before.st_ino,
        stat.S_IFMT(before.st_mode),
    )


@pytest.mark.posix
def test_force_never_replaces_dev_null(monkeypatch: pytest.MonkeyPatch) -> None:
    devnull = Path(os.devnull)

    def guard(real: Callable[..., Any]) -> Callable[..., Any]:
        def checked(*args: Any, **kwargs: Any) -> Any:
            if any(str(a) == os.devnull for a in args[1:2]):
                raise AssertionError(f"{real.__name__} over {os.devnull}")
            return real(*args, **kwargs)

        return checked

    for name in ("replace", "rename", "link"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    before = devnull.stat()
    code, _, err = run("new", "-s", "njc", "-o", devnull, "--force")
    assert code == 2
    assert "/dev/null: is a device, not a regular file" in err
    after = devnull.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.posix
def test_a_symbolic_link_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "out.yaml"
    link.symlink_to(elsewhere)
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "created-elsewhere.yaml")
    for target, force in ((link, "--force"), (dangling, None), (dangling, "--force")):
        code, _, err = run("new", "-s", "njc", "-o", target, *([force] if force else []))
        assert code == 2
        assert f"{target}: is a symbolic link, not a regular file" in err
    assert elsewhere.read_text(encoding="utf-8") == "precious\n"
    assert link.is_symlink() and dangling.is_symlink()
    assert not (tmp_path / "created-elsewhere.yaml").exists()


@pytest.mark.posix
def test_an_output_through_a_looping_link_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    shutil.copy(FIXTURES / "mini-scheme.yaml", tmp_path / "scheme.yaml")
    target = tmp_path / "loop" / "out.yaml"
    for args in (
        ("new", "-s", tmp_path / "scheme.yaml", "-o", target),
        ("evaluate", VLO, "-o", target, "--force"),
    ):
        code, _, err = run(*args)
        assert code == 2
        said = f"error: {target}: cannot write it (Too many levels of symbolic links)"
        assert said in err.splitlines()


def test_an_output_over_an_input_is_refused(tmp_path: Path) -> None:
    # Named .json (any name is allowed), so that the format check lets it through to the gate.
    job = tmp_path / "job.json"
    job.write_bytes(VLO.read_bytes())
    hard = tmp_path / "hard.json"
    os.link(job, hard)
    for target in (job, hard):
        code, _, err = run("evaluate", job, "-f", "json", "-o", target, "--force")
        assert code == 2
        assert f"{target}: refusing to write over an input file" in err
    assert job.read_bytes() == VLO.read_bytes()


# --- appends ---------------------------------------------------------------------------------


def test_an_append_racing_another_keeps_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# before\n", encoding="utf-8")

    def second() -> None:
        output.append_atomic(summary, "second\n")

    ran = _second_writer_during_first(monkeypatch, tmp_path, second)
    output.append_atomic(summary, "first\n")
    assert ran
    assert summary.read_text(encoding="utf-8") == "# before\nsecond\nfirst\n"


_APPEND = """
import sys, time
from pathlib import Path
from jescore.output import append_atomic
start, target, text = float(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
while time.time() < start:
    pass
for _ in range(50):
    append_atomic(target, text)
"""


def test_appends_from_many_processes_all_land_whole(tmp_path: Path) -> None:
    import time

    summary = tmp_path / "summary.md"
    start = time.time() + 1.5
    texts = [f"{'|' * 2000} run {i} {'|' * 2000}\n" for i in range(4)]
    procs = [
        subprocess.Popen([sys.executable, "-c", _APPEND, str(start), str(summary), text])
        for text in texts
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    lines = summary.read_text(encoding="utf-8").splitlines(keepends=True)
    assert sorted(lines) == sorted(text for text in texts for _ in range(50))


@pytest.mark.posix
def test_an_append_goes_only_to_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "real.md")
    (tmp_path / "real.md").write_text("", encoding="utf-8")
    # In a child process: appending to a FIFO used to wait for a reader.
    script = (
        "import sys\nfrom pathlib import Path\nfrom jescore.output import append_atomic\n"
        "from jescore.errors import UsageError\n"
        "try:\n    append_atomic(Path(sys.argv[1]), 'x')\n"
        "except UsageError as exc:\n    print(exc.message)\n"
    )
    for target, said in ((fifo, "is a FIFO (named pipe)"), (link, "is a symbolic link")):
        done = subprocess.run(
            [sys.executable, "-c", script, str(target)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert f"{target}: {said}" in done.stdout, done.stdout + done.stderr
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == ""


# --- YAML through the emitter ----------------------------------------------------------------


def _hostile_scheme(folder: Path, file_name: str) -> Path:
    """The mini scheme, with a name and a level summary that try to add keys to a skeleton."""
    text = (FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "name: Mini test scheme",
        'name: "Mini\\nscheme: nhs-afc\\u2028title: x\\rjob: {}"',
        1,
    )
    text = text.replace(
        "summary: basic}",
        'summary: "basic\\n  evil: {level: 1}\\n# x\\u0085factors: {}"}',
        1,
    )
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "file_name",
    ["mini.yaml", "we: ird #1.yaml", "new\nline: x.yaml", "'quote\" & *star.yaml"],
)
def test_a_skeleton_means_what_it_says_whatever_the_names(tmp_path: Path, file_name: str) -> None:
    scheme = _hostile_scheme(tmp_path, file_name)
    out = tmp_path / "jobs" / "job.yaml"
    out.parent.mkdir()
    title = "Clerk: #1 \u202e\n- evil: yes"
    code, _, err = run("new", "--scheme", scheme, "--title", title, "-o", out)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "\u202e" not in text and "\x85" not in text and "\u2028" not in text
    data = yaml.safe_load(text)
    assert data == {
        "job": {"title": title, "reference": ""},
        "scheme": f"../{file_name}",
        "factors": {
            "skill": {"level": None, "evidence": [], "rationale": None},
            "effort": {"level": None, "evidence": [], "rationale": None},
            "care": {"level": None, "evidence": [], "rationale": None},
        },
    }
    doc = parse(text, "job.yaml")  # jescore's own reader: no duplicate key, no odd value
    assert doc.early == ()
    # Comments kept their text on one line (the scheme's reader escaped what it had to).
    assert "# A jescore questionnaire for: Mini scheme: nhs-afc\\u2028title: x\\x0djob: {}" in text
    assert "  #   1 (10 pts): basic   evil: {level: 1} # x\\x85factors: {}" in text


def test_the_skeleton_is_the_same_for_the_same_scheme() -> None:
    first = run("new", "-s", "nhs-afc")[1]
    assert first == run("new", "-s", "nhs-afc")[1]
    assert "    level:  # 1-" in first  # the range beside each empty level
