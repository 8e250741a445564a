"""The work behind action.yml: compare the questionnaires a pull request changes with its base.

Run by ``tools/action-compare.sh`` (the action's step), with the standard library only (and
jescore's own configuration reader, see :func:`configured_gate`): it runs before anything but
jescore is installed, on whichever Python the workflow set up.

Environment (set by action.yml from its inputs; every one optional):

- ``JESCORE_BASE``: revision to compare with (a branch, tag, ref or commit id); default
  ``origin/$GITHUB_BASE_REF``, the pull request's base branch;
- ``JESCORE_FAIL_ON``: the gate: band-change, band-down, band-up, score-change, never; when
  empty, the project configuration's ``[gate] compare`` (jescore.toml, or ``[tool.jescore]`` in
  pyproject.toml, read by jescore itself), else band-change;
- ``JESCORE_STRICT``: ``true`` runs ``compare --strict`` (a new version marked
  ``status: draft`` is refused); ``false`` or empty (default) does not;
- ``JESCORE_PATHS``: questionnaires or folders to compare, separated by spaces or new lines;
  default: every YAML file that differs from the base;
- ``JESCORE_COMMAND``: how to run jescore (default: ``jescore``);
- ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``, ``GITHUB_BASE_REF``: set by GitHub Actions.

Outputs: ``result`` (held, tripped or error), ``tripped`` (true/false), ``band-changes`` and
``compared``. Exit code: 0 the gate held; 1 the gate tripped; 2 a usage error (a bad input to
the action, a base that cannot be found, or jescore's exit 2); 3 invalid input (jescore's exit
3); 4 jescore failed in any other way (a crash, an unknown exit code). A failure of jescore is
never read as a tripped gate: exit 1 counts as tripped only when jescore's report says so.

The log is a channel to the runner: GitHub reads a line starting with ``::`` (after spaces) as
a workflow command, and ``##[`` anywhere in a line in the older syntax. Everything this script
prints that comes from the repository or from jescore (file names, verdicts, messages, git's
errors) is printed between ``::stop-commands::TOKEN`` and ``::TOKEN::`` with a random token,
and each such line is also neutralised on its own: control characters escaped, ``jescore: ``
in front, ``##[`` broken up. Only this script's own ``::error`` lines are commands, with their
values escaped as the runner expects (``%25``, ``%0D``, ``%0A``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

GATES = ("band-change", "band-down", "band-up", "score-change", "never")
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
COMMIT_ID = re.compile(r"^[0-9a-fA-F]{7,64}$")

HELD, TRIPPED, USAGE, INVALID, FAILED = 0, 1, 2, 3, 4


def clean(text: str) -> str:
    """One safe line: control characters, direction overrides and stray bytes as escapes."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def neutral(text: str) -> str:
    """A log line that no runner reads as a workflow command, whatever ``text`` holds."""
    return "jescore: " + clean(text).replace("##[", "#\\#[")


def command_data(text: str) -> str:
    """A workflow command's value, escaped as the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def error(message: str) -> None:
    """This script's own annotation (never inside a stop-commands block)."""
    print(f"::error title=jescore::{command_data(clean(message))}", flush=True)


class Untrusted:
    """A block of the log in which the runner obeys no workflow command."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(16)

    def __enter__(self) -> Untrusted:
        print(f"::stop-commands::{self.token}", flush=True)
        return self

    def say(self, text: str) -> None:
        """Print each line of ``text``, neutralised."""
        for line in text.splitlines() or [""]:
            print(neutral(line))

    def __exit__(self, *exc: object) -> None:
        print(f"::{self.token}::", flush=True)


def git(*args: str) -> subprocess.CompletedProcess[str]:
    """Run git in the current folder; its output is captured, never printed as it is."""
    return subprocess.run(
        ["git", *args], capture_output=True, text=True, errors="surrogateescape", check=False
    )


def valid_revision(base: str) -> bool:
    """A branch, tag, ref or commit id: nothing git could read as an option or a refspec."""
    if not base or base.startswith("-") or any(c.isspace() for c in base):
        return False
    if COMMIT_ID.match(base):
        return True
    return git("check-ref-format", "--allow-onelevel", base).returncode == 0


def has_commit(base: str) -> bool:
    """Whether ``base`` names a commit in this clone (read as a revision, never an option)."""
    done = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}")
    return done.returncode == 0


def fetch(base: str, log: Untrusted) -> str:
    """Fetch ``base`` from origin when the clone lacks it (actions/checkout clones one commit)."""
    if has_commit(base):
        return base
    options = ("fetch", "--quiet", "--no-tags", "--depth=1", "--end-of-options", "origin")
    if base.startswith("origin/"):
        branch = base.removeprefix("origin/")
        done = git(*options, f"+refs/heads/{branch}:refs/remotes/origin/{branch}")
    else:
        done = git(*options, base)
        if done.returncode == 0 and has_commit("FETCH_HEAD"):
            base = git("rev-parse", "--verify", "--end-of-options", "FETCH_HEAD").stdout.strip()
    if done.stderr.strip():
        log.say(done.stderr)
    return base


def outputs(result: str, files: list[dict[str, object]]) -> None:
    """The action's outputs, appended to $GITHUB_OUTPUT (when set)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    changed = sum(1 for f in files if f.get("band_changed"))
    with Path(target).open("a", encoding="utf-8") as out:
        out.write(f"result={result}\n")
        out.write(f"tripped={'true' if result == 'tripped' else 'false'}\n")
        out.write(f"band-changes={changed}\n")
        out.write(f"compared={len(files)}\n")


def configured_gate() -> str | None:
    """The project configuration's ``[gate] compare``, when it sets one; else None.

    jescore's own reader finds and reads the configuration (from the current folder up to the
    repository's root). A configuration jescore cannot read counts as setting the gate: jescore
    then runs without --fail-on, and says what is wrong with the file (exit 2). When jescore
    cannot be imported here (JESCORE_COMMAND runs another one), the configuration is not read.
    """
    try:
        from jescore import config
    except ImportError:
        return None
    try:
        path = config.find(Path.cwd())
        if path is None:
            return None
        return config.load(path, str(path)).gates.get("compare")
    except Exception:  # noqa: BLE001 - any error is jescore's to report, with its file and line
        return ""


def main() -> int:
    """Check the inputs, fetch the base, run jescore, and say what happened; the exit code."""
    fail_on = os.environ.get("JESCORE_FAIL_ON", "").strip()
    strict = os.environ.get("JESCORE_STRICT", "").strip().lower()
    base = os.environ.get("JESCORE_BASE", "")
    if fail_on and fail_on not in GATES:
        error(f"the fail-on input must be one of {', '.join(GATES)} (or empty)")
        outputs("error", [])
        return USAGE
    if strict not in ("", "true", "false"):
        error("the strict input must be true or false")
        outputs("error", [])
        return USAGE
    # No input: the configuration's gate, by leaving --fail-on out; without one, band-change.
    gate = [f"--fail-on={fail_on}"] if fail_on else []
    if not fail_on and configured_gate() is None:
        gate = ["--fail-on=band-change"]
    if not base:
        branch = os.environ.get("GITHUB_BASE_REF", "")
        if not branch:
            error(
                "no base revision: set the action's 'base' input (outside pull requests there "
                "is no base branch)"
            )
            outputs("error", [])
            return USAGE
        base = f"origin/{branch}"
    if not valid_revision(base):
        error(
            f"the base revision '{base[:80]}' is not a branch, tag, ref or commit id (and it "
            "cannot start with '-')"
        )
        outputs("error", [])
        return USAGE
    command = shlex.split(os.environ.get("JESCORE_COMMAND") or "jescore")
    paths = (os.environ.get("JESCORE_PATHS") or "").split()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "compare.json"
        with Untrusted() as log:
            base = fetch(base, log)
            found = has_commit(base)
            if found:
                done = subprocess.run(
                    [
                        *command, "compare", f"--git={base}", *gate,
                        *(["--strict"] if strict == "true" else []),
                        "--summary", "--format=json", f"--output={report}", "--", *paths,
                    ],
                    capture_output=True,
                    text=True,
                    errors="surrogateescape",
                    check=False,
                )  # fmt: skip
                log.say(done.stdout + done.stderr)
                data = _report(report)
                files = _files(data)
                for f in files:
                    side = f.get("new") or f.get("old") or {}
                    name = side.get("file", {}).get("path", "?") if isinstance(side, dict) else "?"
                    log.say(f"{name}: {f.get('verdict', '?')}")
        if not found:
            error(
                f"the base revision '{base[:80]}' is not in this clone and could not be fetched "
                "from origin"
            )
            outputs("error", [])
            return USAGE
    status = done.returncode
    crashed = "Traceback (most recent call last)" in done.stderr
    if status == HELD and not crashed:
        result = "held"
    elif status == TRIPPED and not crashed and data.get("tripped") is True:
        result = "tripped"
    else:
        result = "error"
    outputs(result, files)  # on an error, what was compared before it (result says error)
    changed = sum(1 for f in files if f.get("band_changed"))
    verdict = {"held": "held", "tripped": "TRIPPED"}.get(result, "not decided")
    used = data.get("fail_on")
    shown = clean(used) if isinstance(used, str) else fail_on or "as configured"
    print(
        f"jescore: {len(files)} questionnaire(s) compared, {changed} band change(s); "
        f"gate {shown}: {verdict}",
        flush=True,
    )
    if result == "error":
        error(
            f"jescore could not compare the questionnaires (exit {status}); the messages above "
            "say why. This is not a verdict on the bands."
        )
        return status if status in (USAGE, INVALID) else FAILED
    return HELD if result == "held" else TRIPPED


def _report(report: Path) -> dict[str, object]:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _files(data: dict[str, object]) -> list[dict[str, object]]:
    files = data.get("files")
    return [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []


if __name__ == "__main__":
    sys.exit(main())
