"""The file system as a stranger shapes it: the reading gate, folder walks, and git's tree.

Every input file goes through :func:`jescore.files.read_bytes` (git blobs through
:func:`jescore.vcs.read_blob`, under the same rules). These tests give jescore what a hostile
pull request or a broken disk can hold: symbolic link loops, links out of the tree, FIFOs,
devices and sockets, folders it may not list, paths past the system's limits, names that are not
UTF-8, and raw control characters. Each ends in a message naming the file (escaped) and a
documented exit code, never a traceback or a hang; each test failed before its fix.

Runs that could hang or exhaust memory before the fix (a FIFO, /dev/zero) run in a subprocess
with a timeout and a memory limit, so that a regression fails fast instead of stopping the suite.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from jescore import files, vcs
from jescore.errors import InputError

from .conftest import EXAMPLES
from .harness import run

#: FIFOs, device files, symbolic links and bash: POSIX only (skipped on Windows).
pytestmark = pytest.mark.posix

VLO = EXAMPLES / "vlo.yaml"
TITLE = "Victim Liaison Officer"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _job(folder: Path, name: str = "job.yaml", scheme: str | None = None) -> Path:
    """The VLO example in ``folder``; ``scheme`` replaces its scheme reference."""
    text = VLO.read_text(encoding="utf-8")
    if scheme is not None:
        text = text.replace("scheme: probation-illustrative", f"scheme: {scheme}", 1)
        assert f"scheme: {scheme}" in text
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    # 1 GB of address space: enough for Python and jescore, not for reading /dev/zero.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _jescore(*args: str | Path, cwd: Path, timeout: float = 60) -> tuple[int, str, str]:
    """Run jescore in a child process, bounded in time and memory."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "jescore", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            preexec_fn=_limit_memory,
            env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"jescore {' '.join(map(str, args))} did not finish in {timeout} s")
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done.returncode, done.stdout, done.stderr


def _problems(err: str) -> list[str]:
    """The lines of stderr but the notice that the example's scheme is illustrative."""
    return [line for line in err.splitlines() if not line.startswith("note: scheme")]


# --- the gate itself ---------------------------------------------------------------------------


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100_000)
    assert files.read_bytes(path) == b"x" * 100_000
    assert files.read_bytes(path, limit=100_000) == b"x" * 100_000


def test_the_size_limit_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 101)

    def no_read(fd: int, n: int) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(os, "read", no_read)
    with pytest.raises(InputError, match="file is 101 bytes; the limit is 100$"):
        files.read_bytes(path, limit=100)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        ("fifo", "is a FIFO (named pipe), not a regular file"),
        ("socket", "is a socket, not a regular file"),
        ("folder", "is a folder, not a file"),
    ],
)
def test_only_regular_files_are_read(tmp_path: Path, make: str, expected: str) -> None:
    path = tmp_path / "thing.yaml"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    else:
        path.mkdir()
    # A FIFO without a writer would block an open for reading: this returns at once.
    with pytest.raises(InputError) as caught:
        files.read_bytes(path)
    assert str(caught.value) == f"{path}: {expected}" + (
        "; jescore reads files" if make != "folder" else ""
    )


def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(InputError, match="/dev/zero: is a device, not a regular file"):
        files.read_bytes(Path("/dev/zero"))


def test_a_pipe_is_read_once_when_allowed_and_bounded(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write(data: bytes) -> None:
        with fifo.open("wb") as f:
            f.write(data)

    writer = threading.Thread(target=write, args=(b"job,sex,pay\n" * 1000,))
    writer.start()
    assert files.read_bytes(fifo, allow_pipe=True) == b"job,sex,pay\n" * 1000
    writer.join()
    # A pipe has no size to check first: it is cut off as it passes the limit.
    writer = threading.Thread(target=write, args=(b"x" * 5000,))
    writer.start()
    with pytest.raises(InputError, match="holds more than 1,000 bytes; the limit is 1,000$"):
        files.read_bytes(fifo, limit=1000, allow_pipe=True)
    writer.join()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errno.EACCES, "cannot read it: permission denied"),
        (errno.ELOOP, "is a symbolic link that loops (or too many links in a row)"),
        (errno.ENAMETOOLONG, "the name (or the whole path) is too long for this system"),
        (errno.EIO, "cannot read it (Input/output error)"),
    ],
)
def test_every_os_error_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, expected: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError) as caught:
        files.read_bytes(path)
    assert caught.value.exit_code == 3
    assert str(caught.value) == f"{path}: {expected}"


def test_containment_is_checked_after_links_are_followed(tmp_path: Path) -> None:
    tree, elsewhere = tmp_path / "tree", tmp_path / "elsewhere"
    tree.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.yaml").write_text("secret: 1\n", encoding="utf-8")
    (tree / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    (tree / "out.yaml").symlink_to(elsewhere / "secret.yaml")
    (tree / "in.yaml").symlink_to("real.yaml")
    (tree / "loop.yaml").symlink_to("loop.yaml")
    assert files.read_bytes(tree / "in.yaml", root=tree) == b"a: 1\n"
    with pytest.raises(InputError, match=r"out\.yaml: leads outside .*tree \(through a symbolic"):
        files.read_bytes(tree / "out.yaml", root=tree)
    with pytest.raises(InputError, match="loop.yaml: is a symbolic link that loops"):
        files.read_bytes(tree / "loop.yaml", root=tree)
    # Named without a root, a link is followed (the user named it).
    assert files.read_bytes(tree / "out.yaml") == b"secret: 1\n"


def test_names_in_messages_are_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("evaluate", "\x1b]0;title\x07\u202eevil.yaml")
    assert code == 3
    assert err.strip() == "\\x1b]0;title\\x07\\u202eevil.yaml: no such file"
    # A name that is not UTF-8 (its bytes kept as surrogates) shows its bytes as escapes.
    code, _, err = run("evaluate", os.fsdecode(b"caf\xe9\xff.yaml"))
    assert code == 3
    assert err.strip() == "caf\\xe9\\xff.yaml: no such file"


# --- known defects, through the command line ---------------------------------------------------


def test_a_fifo_named_as_a_scheme_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    _job(tmp_path, scheme="./fifo.yaml")
    code, _, err = _jescore("evaluate", "job.yaml", cwd=tmp_path, timeout=30)
    assert code == 3
    assert "job.yaml:16: scheme: fifo.yaml: is a FIFO (named pipe), not a regular file" in err


def test_a_fifo_named_as_a_questionnaire_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "job.yaml")
    code, _, err = _jescore("evaluate", "job.yaml", cwd=tmp_path, timeout=30)
    assert code == 3
    assert (
        err.strip() == "job.yaml: is a FIFO (named pipe), not a regular file; jescore reads files"
    )


def test_a_device_named_as_a_questionnaire_is_not_read(tmp_path: Path) -> None:
    code, _, err = _jescore("evaluate", "/dev/zero", cwd=tmp_path, timeout=30)
    assert code == 3
    assert err.strip() == "/dev/zero: is a device, not a regular file; jescore reads files"


def test_a_symlink_loop_as_a_scheme_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    _job(tmp_path, scheme="./loop.yaml")
    code, _, err = run("evaluate", "job.yaml")
    assert code == 3
    assert "job.yaml:16: scheme: loop.yaml: is a symbolic link that loops" in err


def test_a_symlink_loop_in_a_folder_is_reported_and_the_rest_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs").mkdir()
    _job(tmp_path / "jobs")
    (tmp_path / "jobs" / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "jobs" / "b.yaml").symlink_to("a.yaml")
    (tmp_path / "jobs" / "gone.yaml").symlink_to("nothing-here.yaml")
    code, out, err = run("evaluate", "jobs")
    assert code == 3
    assert TITLE in out
    loops = "is a symbolic link that loops (or too many links in a row); skipped"
    assert f"jobs/a.yaml: {loops}" in err
    assert f"jobs/b.yaml: {loops}" in err
    assert "jobs/gone.yaml: no such file; skipped" in err


def test_a_pattern_through_a_looping_folder_link_finds_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs").mkdir()
    _job(tmp_path / "jobs")
    (tmp_path / "jobs" / "loop").symlink_to(".")
    (tmp_path / "outside").mkdir()
    _job(tmp_path / "outside", "secret.yaml")
    (tmp_path / "jobs" / "out").symlink_to("../outside")
    code, out, _ = run("rank", "jobs/**/*.yaml", "-f", "csv")
    assert code == 0
    rows = out.strip().splitlines()
    assert len(rows) == 2, out  # the header and the one job, not one row per loop
    assert "jobs/job.yaml" in rows[1]


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 does not stop root, so the refusal is made by os.scandir itself, as the kernel
    # makes it for anyone else (see the next test for the real thing).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs" / "locked").mkdir(parents=True)
    _job(tmp_path / "jobs")
    _job(tmp_path / "jobs" / "locked", "hidden.yaml")
    real_scandir = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run("evaluate", "jobs")
    assert code == 3
    assert TITLE in out and "hidden.yaml" not in out
    assert _problems(err) == [
        "jobs/locked: cannot list this folder (permission denied); the files in it were left out"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_a_folder_without_permissions_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs" / "locked").mkdir(parents=True)
    _job(tmp_path / "jobs")
    (tmp_path / "jobs" / "locked").chmod(0)
    try:
        code, out, err = run("evaluate", "jobs")
    finally:
        (tmp_path / "jobs" / "locked").chmod(stat.S_IRWXU)
    assert code == 3 and TITLE in out
    assert "jobs/locked: cannot list this folder (permission denied)" in err


def _nest(top: Path, depth: int, name: str) -> None:
    """Folders ``depth`` deep under ``top`` (past PATH_MAX), made through folder descriptors."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        job = os.open("deep.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(job, VLO.read_bytes())
        os.close(job)
    finally:
        os.close(fd)


def test_a_folder_nested_past_the_path_limit_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs").mkdir()
    _job(tmp_path / "jobs")
    _nest(tmp_path / "jobs", 25, "d" * 200)  # 25 x 201 characters: past 4,096
    code, out, err = run("evaluate", "jobs")
    assert code == 3 and TITLE in out
    [problem] = _problems(err)
    assert problem.startswith("jobs/" + "d" * 195)
    assert problem.endswith(
        "cannot list this folder (the name (or the whole path) is too long for this system); "
        "the files in it were left out"
    )


def test_a_300_character_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "n" * 300 + ".yaml"
    code, _, err = run("evaluate", name)
    assert code == 3
    assert err.strip() == (
        "n" * 200 + "… (305 characters): the name (or the whole path) is too long for this system"
    )
    code, _, err = run("rank", name, "jobs/*/" + name)
    assert code == 3
    code, _, err = run("scheme", "check", name)
    assert code == 3 and "too long for this system" in err


@pytest.mark.parametrize(
    "text",
    [
        # An odd document that the nesting check parses first: the refused character used to
        # escape as a PyYAML ReaderError.
        "a: [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]\nb: \x01\n",
        'a: ééé\nb: [[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]\nc: "\x01"\n',
    ],
)
def test_a_raw_control_character_in_an_odd_yaml_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "odd.yaml").write_text(text, encoding="utf-8")
    code, _, err = run("evaluate", "odd.yaml")
    assert code == 3
    line = text.count("\n", 0, text.index("\x01")) + 1
    assert err.strip() == (
        f"odd.yaml:{line}: invalid YAML: the character U+0001 is not allowed in a YAML file "
        '(control and special characters are written as escapes in double quotes, such as "\\x01")'
    )


def test_a_staff_file_from_a_pipe_is_read_once(tmp_path: Path) -> None:
    jobs = [
        EXAMPLES / f"{n}.yaml"
        for n in ("vlo", "po", "pso", "nhs-nurse", "nhs-hcsw", "njc-library-assistant")
    ]
    staff = (EXAMPLES / "equalpay" / "staff.csv").read_bytes()
    args = ["equalpay", *map(str, jobs), "--pay-basis", "fte", "-f", "json", "--staff"]
    from_file = subprocess.run(
        [sys.executable, "-m", "jescore", *args, str(EXAMPLES / "equalpay" / "staff.csv")],
        capture_output=True,
        timeout=120,
        check=False,
    )
    from_pipe = subprocess.run(
        [sys.executable, "-m", "jescore", *args, "/dev/stdin"],
        input=staff,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert from_file.returncode == 0, from_file.stderr
    assert from_pipe.returncode == 0, from_pipe.stderr
    # Everything but the file's name is the same.
    assert from_pipe.stdout.replace(b"/dev/stdin", b"STAFF") == from_file.stdout.replace(
        str(EXAMPLES / "equalpay" / "staff.csv").encode(), b"STAFF"
    )


@pytest.mark.parametrize("command", ["paygap", "equalpay"])
def test_a_bad_questionnaire_is_said_before_a_pipe_nobody_writes_to(
    tmp_path: Path, command: str
) -> None:
    """The staff file is read while the questionnaires load: a pipe that never gets a writer
    must not hold up the questionnaire's error (exit 3 at once, as when the file was read
    after them)."""
    fifo = tmp_path / "staff.csv"
    os.mkfifo(fifo)
    (tmp_path / "bad.yaml").write_text("job: [\n", encoding="utf-8")
    extra = ["--pay-basis", "fte"] if command == "equalpay" else []
    done = subprocess.run(
        [sys.executable, "-m", "jescore", command, str(tmp_path / "bad.yaml"), *extra,
         "--staff", str(fifo)],
        capture_output=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert b"bad.yaml:2: invalid YAML" in done.stderr


# --- folder walks -----------------------------------------------------------------------------


def test_a_walk_reports_odd_entries_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "sub" / "b.yml").write_text("b: 1\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "linked.yaml").symlink_to("a.yaml")
    (tmp_path / "away.yaml").symlink_to(VLO)  # out of the tree: left out, as documented
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    found, problems = files.find_yaml_files([str(tmp_path)])
    assert [p for p, _ in found] == [
        tmp_path / "a.yaml",
        tmp_path / "linked.yaml",
        tmp_path / "sub" / "b.yml",
    ]
    assert [str(p) for p in problems] == [
        f"{tmp_path}/loop.yaml: is a symbolic link that loops (or too many links in a row); "
        "skipped",
        f"{tmp_path}/pipe.yaml: is a FIFO (named pipe), not a regular file; skipped",
    ]


@pytest.mark.parametrize("pattern", ["*.y*ml", "**/*.y*ml"])
def test_a_pattern_reports_what_a_walk_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    # The same odd entries as the walk above, reached by a pattern: said, not silently dropped.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "gone.yaml").symlink_to("nothing-here.yaml")
    os.mkfifo(tmp_path / "pipe.txt")  # not a YAML name: neither walks nor patterns say it
    found, problems = files.find_yaml_files([pattern])
    assert [p for p, _ in found] == [Path("a.yaml")]
    assert [str(p) for p in problems] == [
        "gone.yaml: no such file; skipped",
        "loop.yaml: is a symbolic link that loops (or too many links in a row); skipped",
        "pipe.yaml: is a FIFO (named pipe), not a regular file; skipped",
    ]
    code, _, err = run("evaluate", pattern)
    assert code == 3 and "pipe.yaml: is a FIFO" in err


def test_a_pattern_reports_a_folder_it_cannot_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs" / "locked").mkdir(parents=True)
    _job(tmp_path / "jobs")
    _job(tmp_path / "jobs" / "locked", "hidden.yaml")
    real_scandir = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if str(path).rstrip("/").endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for pattern in ("jobs/**/*.yaml", "jobs/*/*.yaml"):
        code, out, err = run("evaluate", pattern)
        assert code == 3, pattern
        assert "hidden.yaml" not in out
        assert (
            "jobs/locked: cannot list this folder (permission denied); the files in it were "
            "left out" in err
        ), (pattern, err)


def test_trees_and_patterns_survive_impossible_names(tmp_path: Path) -> None:
    long = str(tmp_path / ("n" * 300))
    assert files.trees([long, long + "/*.yaml"]) == [tmp_path, tmp_path / ("n" * 300)]
    found, problems = files.find_yaml_files([long + "/*.yaml", long])
    assert found == [(Path(long), True)]
    assert [p.message for p in problems] == ["is a pattern that matches no file"]


# --- git --------------------------------------------------------------------------------------


def _git(repo: Path, *args: str | bytes) -> bytes:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one committed questionnaire (jobs/vlo.yaml)."""
    work = tmp_path / "repo"
    (work / "jobs").mkdir(parents=True)
    _git(work, "init", "-q", "-b", "main")
    shutil.copy(VLO, work / "jobs" / "vlo.yaml")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "first")
    return work


@needs_git
def test_git_file_names_that_are_not_utf8(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    raw = os.fsdecode(b"jobs/caf\xe9.yaml")
    shutil.copy(VLO, raw)
    code, out, err = run("compare", "--git", "HEAD")  # untracked: listed by ls-files
    assert code == 0, err
    assert "jobs/caf\\xe9.yaml (added)" in out
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "café")
    with Path(raw).open("a", encoding="utf-8") as f:
        f.write("# redrafted\n")
    code, out, err = run("compare", "--git", "HEAD")  # modified: listed by git diff
    assert code == 0, err
    assert "jobs/caf\\xe9.yaml (modified)" in out
    code, out, err = run("compare", "--git", "HEAD", "-f", "json")
    assert code == 0 and "caf\\\\xe9.yaml" in out


@needs_git
def test_git_a_committed_link_out_of_the_repository_is_not_read(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.yaml"
    shutil.copy(VLO, secret)
    (repo / "jobs" / "evil.yaml").symlink_to(secret)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a link")
    monkeypatch.chdir(repo)
    # The working tree's side: the link leads out of the repository.
    code, out, err = run("compare", "--git", "HEAD~1")
    assert code == 3
    assert TITLE not in out
    assert f"jobs/evil.yaml: leads outside {repo} (through a symbolic link); it is not read" in err
    # The revision's side: the blob is a link to a path outside.
    (repo / "jobs" / "evil.yaml").unlink()
    shutil.copy(VLO, repo / "jobs" / "evil.yaml")
    code, out, err = run("compare", "--git", "HEAD")
    assert code == 3
    assert (
        "HEAD:jobs/evil.yaml: is a symbolic link at HEAD to a file outside the repository; "
        "it is not read"
    ) in err


@needs_git
def test_git_a_committed_link_to_dev_zero(repo: Path) -> None:
    (repo / "jobs" / "zero.yaml").symlink_to("/dev/zero")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "zero")
    code, _, err = _jescore("compare", "--git", "HEAD~1", cwd=repo, timeout=60)
    assert code == 3
    assert f"jobs/zero.yaml: leads outside {repo} (through a symbolic link)" in err
    code, _, err = _jescore("compare", "--git", "HEAD", "jobs/zero.yaml", cwd=repo, timeout=60)
    assert code == 3
    assert "HEAD:jobs/zero.yaml: is a symbolic link at HEAD to a file outside" in err


@needs_git
def test_git_links_inside_the_repository_are_followed_and_loops_reported(repo: Path) -> None:
    (repo / "jobs" / "same.yaml").symlink_to("vlo.yaml")
    (repo / "jobs" / "a.yaml").symlink_to("b.yaml")
    (repo / "jobs" / "b.yaml").symlink_to("a.yaml")
    (repo / "jobs" / "up.yaml").symlink_to("../../x.yaml")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "links")
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    assert vcs.read_blob(repo, commit, "jobs/same.yaml", "n", "HEAD") == VLO.read_bytes()
    with pytest.raises(InputError, match="n: is a symbolic link at HEAD that loops"):
        vcs.read_blob(repo, commit, "jobs/a.yaml", "n", "HEAD")
    with pytest.raises(InputError, match="n: is a symbolic link at HEAD to a file outside"):
        vcs.read_blob(repo, commit, "jobs/up.yaml", "n", "HEAD")
    with pytest.raises(InputError, match="n: is a folder at HEAD, not a file"):
        vcs.read_blob(repo, commit, "jobs", "n", "HEAD")
    with pytest.raises(InputError, match="n: no such file at HEAD"):
        vcs.read_blob(repo, commit, "jobs/none.yaml", "n", "HEAD")


@needs_git
def test_git_blob_size_is_checked_before_it_is_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    calls: list[tuple[str, ...]] = []
    real = vcs._git

    def spy(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
        calls.append(args)
        return real(root, *args)

    monkeypatch.setattr(vcs, "_git", spy)
    monkeypatch.setenv("JESCORE_MAX_FILE_BYTES", "100")
    size = VLO.stat().st_size
    with pytest.raises(InputError, match=f"file is {size:,} bytes; the limit is 100"):
        vcs.read_blob(repo, commit, "jobs/vlo.yaml", "n", "HEAD")
    assert not any("cat-file" in c for c in calls)


@needs_git
def test_git_a_revision_is_never_an_option(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, _, err = run("compare", "--git=--output=x")
    assert code == 2
    assert "is not a revision (a branch, tag or commit; it cannot start with '-')" in err
    assert not (repo / "x").exists()


@needs_git
def test_git_named_files_are_literal_paths(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    shutil.copy(VLO, repo / "jobs" / "[v]lo.yaml")  # as a pattern, '[v]lo.yaml' is vlo.yaml
    code, out, _ = run("compare", "--git", "HEAD", "jobs/[v]lo.yaml")
    assert code == 0
    assert "jobs/[v]lo.yaml (added)" in out
