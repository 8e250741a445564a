"""What every command shares: the Typer app, common options, diagnostics and output.

Start-up time is part of the interface: commands import what they need (pydantic, rich, the
engine) when they run, so that `jescore --version` and `--help` answer at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from jescore import __version__
from jescore.cli import _coerce
from jescore.disclosure import MIN_GROUP_FLOOR
from jescore.enums import Decimal, Delimiter
from jescore.errors import InputError, JescoreError, Problem, UsageError
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import engine, equalpay, loader, ranking, staff
    from jescore.loader import Library
    from jescore.models import FileRef, GradingStructure, Scheme

T = TypeVar("T")


APP_SETTINGS: dict[str, object] = {
    "name": "jescore",
    "help": (
        "Score points-factor job evaluation questionnaires: levels to points, points to pay "
        "bands, and how sensitive the band is to each factor.\n\n"
        "Exit codes: 0 success; 1 a requested check failed; 2 usage error; 3 invalid input."
    ),
    "no_args_is_help": True,
    "add_completion": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}


app = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]


def _argument_type(self: Any, ctx: Any) -> str | None:
    """An argument's help shows its metavar alone ('PATH'), never the Python type."""
    return None if self.metavar else _typer_argument_type(self, ctx)


# Typer's help writes a Python type beside every argument ('PATH <list[str]>'), which means
# nothing to the people jescore is for; an argument with a metavar says all it needs to.
_typer_argument_type = typer.core.TyperArgument.display_type_rich
typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]


def _short_help(self: Any, limit: int = 45) -> str:
    """A command's summary in the list of commands: its first sentence, whole.

    The help wraps it, rather than cutting it at a width with '...'.
    """
    if self.short_help:
        return str(self.short_help)
    paragraph = " ".join((self.help or "").strip().split("\n\n")[0].split())
    end = paragraph.find(". ")
    return paragraph[: end + 1] if end >= 0 else paragraph


# Click cuts each summary to fit one line ('Appeal evidence table: awarded against claimed,
# factor by...'); a summary cut mid-phrase says less than one that wraps.
typer.core.TyperCommand.get_short_help_str = _short_help  # type: ignore[method-assign]


def _parse_args_once(self: Any, ctx: Any, args: list[str]) -> list[str]:
    """Refuse an option that takes one value given twice (``--regime uk --regime eu``).

    The parser would keep the last and drop the first without a word; a value that could be
    read two ways is refused, not guessed.
    """
    from typer._click import exceptions as click_exceptions

    names: dict[str, str] = {}
    for param in self.get_params(ctx):
        if isinstance(param, typer.core.TyperOption) and not param.multiple and not param.count:
            for name in (*param.opts, *param.secondary_opts):
                names[name] = param.name or name
    seen: dict[str, str] = {}
    for arg in args:
        if arg == "--":
            break
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        key = names.get(name)
        if key is None:
            continue
        if key in seen:
            first = seen[key]
            said = name if first == name else f"{first} and {name}"
            raise click_exceptions.UsageError(f"{said}: given twice; give it once", ctx)
        seen[key] = name
    return list(_typer_parse_args(self, ctx, args))


_typer_parse_args = typer.core.TyperCommand.parse_args
typer.core.TyperCommand.parse_args = _parse_args_once  # type: ignore[method-assign]
typer.core.TyperGroup.get_short_help_str = _short_help  # type: ignore[method-assign]
_coerce.install()


scheme_app = typer.Typer(
    help="Show a scheme's factors, levels, points and bands, or check a scheme file.",
    no_args_is_help=True,
)


app.add_typer(scheme_app, name="scheme")


profile_app = typer.Typer(
    help="Show a job profile's ranges, score range and band, or check profile files.",
    no_args_is_help=True,
)


app.add_typer(profile_app, name="profile")


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of stdout."
    ),
]


ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]


def _paper(value: str) -> str:
    if value not in ("a4", "letter"):
        raise typer.BadParameter("is not one of: a4, letter")
    return value


PaperOption = Annotated[
    str,
    typer.Option(
        "--paper",
        metavar="a4|letter",
        callback=_paper,
        help="Paper of a Word document or printed page (default: a4).",
        show_default=False,
    ),
]


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


AllowDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--allow-dir",
        metavar="FOLDER",
        help="Let the files given name scheme and grading files in this folder too "
        "(repeatable). "
        "By default only files under the current folder and the folders given are read.",
    ),
]


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse (exit 3) a consensus record the panel has not settled (a factor marked "
        "discuss: true) or that was scored under another version of its scheme or grading "
        "file; without --strict, a warning.",
    ),
]


StatusFilterOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUSES",
        help="Only questionnaires whose evaluation status is one of these (comma-separated "
        "from draft, agreed, appealed, final; none: questionnaires that state no status).",
    ),
]


def _statuses(spec: str | None) -> frozenset[str] | None:
    """The statuses --status names, or None when it is not given; an unknown one is refused."""
    if spec is None:
        return None
    from jescore.ranking import STATUS_CHOICES
    from jescore.safety import excerpt

    words = frozenset(w.strip().lower() for w in spec.split(",") if w.strip())
    unknown = sorted(words - set(STATUS_CHOICES))
    if unknown or not words:
        raise UsageError(
            f"--status: unknown status {excerpt(', '.join(unknown) or spec)}; use "
            f"{', '.join(STATUS_CHOICES)} (comma-separated)"
        )
    return words


FinalStrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse (exit 3) an evaluation marked 'status: draft' where an agreed or final "
        "one is needed, and a consensus record the panel has not settled; without --strict, "
        "a warning.",
    ),
]


OtherSchemeBandsOption = Annotated[
    bool,
    typer.Option(
        "--allow-other-scheme-bands",
        help="Use a grading structure written for another scheme (a warning, not an error).",
    ),
]


def complete_schemes(incomplete: str) -> list[str]:
    """Shell completion: shipped scheme ids (paths are left to the shell)."""
    from jescore.references import shipped_schemes

    return [s for s in shipped_schemes() if s.startswith(incomplete)]


def complete_gradings(incomplete: str) -> list[str]:
    """Shell completion: shipped grading-structure ids (paths are left to the shell)."""
    from jescore.references import shipped_gradings

    return [g for g in shipped_gradings() if g.startswith(incomplete)]


BandsOption = Annotated[
    str | None,
    typer.Option(
        "--bands",
        metavar="ID|FILE",
        autocompletion=complete_gradings,
        help="Grading structure replacing the scheme's bands: a shipped id or a file path.",
    ),
]


@dataclass(frozen=True, slots=True)
class Bands:
    """A run's choice of bands.

    ``ref`` is --bands (a shipped id or a file); ``other_scheme`` is
    --allow-other-scheme-bands (bands written for another scheme may be used).
    """

    ref: str | None = None
    other_scheme: bool = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jescore {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Score points-factor job evaluation questionnaires."""
    from jescore.cli import project

    project.reset()


def _terminal() -> tuple[int, bool]:
    """Width and colour for human output: COLUMNS, else the terminal, else 80; colour on a tty."""
    tty = sys.stdout.isatty()
    try:
        width = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns if tty else 80
        except (OSError, ValueError):
            width = 80
    color = (tty and "NO_COLOR" not in os.environ) or bool(os.environ.get("FORCE_COLOR"))
    return max(width, 40), color


def _say(message: str) -> None:
    """A line on stderr, made safe (wrapped on a terminal): see :func:`jescore.cli.emit.say`."""
    from jescore.cli.emit import say

    say(message)


def _diagnose(problems: Iterator[Problem] | tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)  # Problem.__str__ makes every part safe


def _library(paths: list[str] | list[Path], allow_dir: list[Path] | None) -> Library:
    """A library for one run, confined to the folders the user named.

    References inside files may lead only into the folders the arguments point at, the
    current folder, and the folders allowed with --allow-dir.
    """
    from jescore.cli import project
    from jescore.files import trees
    from jescore.loader import Library

    config = project.current()
    configured = list(config.allow_dirs) if config is not None else []
    return Library(roots=[*trees(paths), *(allow_dir or []), *configured])


@contextmanager
def _errors_to_exit() -> Iterator[None]:
    """Turn jescore's errors into messages on stderr and their documented exit codes."""
    try:
        yield
    except InputError as exc:
        _diagnose(exc.problems)
        raise typer.Exit(exc.exit_code) from None
    except JescoreError as exc:
        _say(f"error: {exc.message}")
        raise typer.Exit(exc.exit_code) from None


def _emit(content: str | bytes, output: Path | None, force: bool, inputs: list[Path]) -> None:
    from jescore.output import write_atomic

    if output is None:
        assert isinstance(content, str)
        sys.stdout.write(content)
        sys.stdout.flush()
    else:
        write_atomic(output, content, force=force, inputs=inputs)
        _say(f"wrote {output}")


def _render(
    output_format: Format,
    output: Path | None,
    as_json: Callable[[], str],
    as_markdown: Callable[[], str],
    as_table: Callable[[int, bool], str],
) -> str:
    """One format's text; tables fit the terminal on stdout, 100 columns in a file."""
    if output_format is Format.JSON:
        return as_json()
    if output_format is Format.MARKDOWN:
        return as_markdown()
    width, color = _terminal() if output is None else (100, False)
    return as_table(width, color)


def _report(job: loader.Job, near: int | None = None) -> engine.Report:
    from jescore import engine

    scheme = job.scheme.scheme
    grading, grading_file = job.bands
    evaluation = engine.evaluate(job.questionnaire, scheme, grading)
    return engine.Report(
        job.questionnaire, job.file, job.scheme.file, grading_file, evaluation, near
    )


def _scored(
    path: Path,
    library: Library,
    bands: Bands,
    seen: set[str],
    near: int | None = None,
    display: str | None = None,
    found: bool = False,
    strict: bool = False,
) -> engine.Report:
    """Load, check and score one questionnaire; say its warnings and scheme status on stderr.

    ``strict`` refuses an unsettled consensus record (see :func:`jescore.loader.load_job`).
    """
    from jescore import loader
    from jescore.cli import project

    ref = bands.ref
    if ref is None and (config := project.current()) is not None:
        ref = config.bands
    job = loader.load_job(path, library, ref, display, found, bands.other_scheme, strict)
    _diagnose(job.warnings)
    report = _report(job, near)
    _status_notices(report, seen)
    return report


def _not_a_draft(report: engine.Report, why: str, strict: bool) -> None:
    """Refuse (with ``strict``) or warn about an evaluation marked ``status: draft``.

    ``why`` says what the evaluation is used for that needs an agreed or final one.
    """
    from jescore.models import EvaluationStatus

    if report.questionnaire.status is not EvaluationStatus.DRAFT:
        return
    problem = Problem(
        f"this evaluation is marked 'status: draft', and {why} needs an agreed or final one",
        report.file.path,
        location="status",
        warning=not strict,
    )
    if strict:
        raise InputError([replace(problem, message=f"{problem.message}; refused under --strict")])
    _diagnose([replace(problem, message=f"{problem.message}; --strict refuses it")])


def _status_notices(report: engine.Report, seen: set[str]) -> None:
    """Say on stderr, once per run for each, that a scheme or its bands are not verified."""
    e = report.evaluation
    _scheme_notices(e.scheme, e.grading, report.scheme_file, report.grading_file, seen)


def _job_notices(job: loader.Job, seen: set[str]) -> None:
    """A loaded job's warnings, and the notices about its scheme and bands (once per run)."""
    _diagnose(job.warnings)
    grading, grading_file = job.bands
    _scheme_notices(job.scheme.scheme, grading, job.scheme.file, grading_file, seen)


def _scheme_notices(
    scheme: Scheme,
    grading: GradingStructure | None,
    scheme_file: FileRef,
    grading_file: FileRef | None,
    seen: set[str],
) -> None:
    """The notices of :func:`_status_notices`, from a scheme and the bands used with it."""
    from jescore.models import Status
    from jescore.render.kit import phrases as text

    notice = text.status_notice(scheme)
    if notice and scheme.id not in seen:
        seen.add(scheme.id)
        _say(notice)
    if grading is None or grading_file is None or grading_file == scheme_file:
        return
    status = grading.status if grading.status is not None else scheme.status
    if status is not Status.VERIFIED and grading_file.path not in seen:
        seen.add(grading_file.path)
        _say(f"warning: bands '{grading.name}' are {text.status_line(status)}")


def _each_found(
    paths: list[str],
    load: Callable[[Path, bool], T],
    other_kind: type[InputError],
    nothing: str,
) -> Iterator[T | None]:
    """``load(path, named)`` for every file that files, folders and glob patterns name.

    Yields each result in a stable order, or None for each input that failed (its problems
    are already on stderr). A file found in a folder or by a pattern that ``load`` rejects as
    ``other_kind`` is skipped; a named one is an error. Finding nothing at all is an error
    too, said as "``nothing`` found in: PATHS". A long run on a terminal shows its progress on
    stderr (:func:`_progress`).
    """
    from jescore.files import find_yaml_files

    found, problems = find_yaml_files(paths)
    if len(found) > 100:
        # Everything alive now (modules, pydantic's validators, the shipped schemes) lives to the
        # end of the run: keep it out of the collector's full passes, which otherwise walk it
        # again and again while thousands of files are read.
        import gc

        gc.freeze()
    bad = bool(problems)
    if problems:
        _diagnose(problems)
        yield None
    loaded = 0
    with _progress(len(found)) as advance:
        for path, named in found:
            try:
                result = load(path, named)
            except other_kind as exc:
                if named:
                    _diagnose(exc.problems)
                    bad = True
                    yield None
            except InputError as exc:
                _diagnose(exc.problems)
                bad = True
                yield None
            else:
                loaded += 1
                yield result
            advance()
    if not loaded and not bad:
        _diagnose([Problem(f"no {nothing} found in: {', '.join(paths)}")])
        yield None


def _scored_each(
    paths: list[str],
    library: Library,
    bands: Bands,
    near: int | None = None,
    strict: bool = False,
) -> Iterator[engine.Report | None]:
    """Score every questionnaire that files, folders and glob patterns name (see _each_found).

    YAML files found in folders or by patterns that are not questionnaires (schemes, CI
    files) are skipped.
    """
    from jescore import loader

    seen: set[str] = set()
    return _each_found(
        paths,
        lambda path, named: _scored(
            path, library, bands, seen, near, found=not named, strict=strict
        ),
        loader.OtherKind,
        "questionnaire",
    )


def _summary_rows(
    paths: list[str],
    bands: Bands,
    allow_dir: list[Path] | None,
    strict: bool = False,
    statuses: frozenset[str] | None = None,
) -> tuple[list[ranking.JobRow], bool, list[Path]]:
    """Summary rows of every questionnaire, whether any input was bad, and every file read.

    Bad files are reported and the rest go on. Only the small summary row of each job is kept,
    so memory grows slowly with the number of jobs. With ``statuses`` (--status), only the
    jobs whose evaluation status is one of them are kept, and stderr says how many.
    """
    from jescore import ranking

    library = _library(paths, allow_dir)
    rows: list[ranking.JobRow] = []
    failed = False
    for report in _scored_each(paths, library, bands, strict=strict):
        if report is None:
            failed = True
        else:
            rows.append(ranking.summarise(report))
    if statuses is not None:
        kept = ranking.with_status(rows, statuses)
        _say(
            f"note: --status {','.join(sorted(statuses))}: {len(kept)} of {len(rows)} job(s) "
            "selected"
        )
        rows = kept
    return rows, failed, library.files


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long runs on a terminal; otherwise nothing."""
    if total < 50 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=total)
        yield lambda: bar.advance(task)


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH", help="Questionnaire files, folders (searched) or glob patterns."
    ),
]


# --- the options of every command that reads a staff file (equalpay, neutrality, paygap,
# paymodel): one declaration and one help each, so that they say the same thing the same way.

#: What --staff reads, said alike by every command that reads a staff file.
STAFF_FILE_HELP = "The staff file, CSV (UTF-8) or XLSX: one row per person (a pipe is fine)."

StaffOption = Annotated[
    Path, typer.Option("--staff", metavar="FILE", help=STAFF_FILE_HELP, show_default=False)
]

SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", metavar="NAME", help="The sheet of an XLSX workbook to read."),
]

DelimiterOption = Annotated[
    Delimiter | None,
    typer.Option(
        "--delimiter",
        help="The CSV delimiter (default: found in the header row; a header that could be "
        "split more than one way is refused).",
    ),
]

DecimalOption = Annotated[
    Decimal | None,
    typer.Option(
        "--decimal",
        help="The decimal mark of numbers (default: found in the file; a value that could be "
        "read either way is refused).",
    ),
]

HeaderRowOption = Annotated[
    int,
    typer.Option(
        "--header-row",
        metavar="N",
        min=1,
        help="The row holding the column names, for exports with title rows above it.",
    ),
]

MinGroupOption = Annotated[
    int,
    typer.Option(
        "--min-group",
        metavar="N",
        min=MIN_GROUP_FLOOR,
        help="Show pay figures only of groups of at least N people (at least 5), and "
        "withhold more where needed so that no one's pay can be worked out.",
    ),
]

SkipUnknownJobsOption = Annotated[
    bool,
    typer.Option(
        "--skip-unknown-jobs",
        help="Leave out rows naming a job with no questionnaire (counted).",
    ),
]

SkipBadRowsOption = Annotated[
    bool,
    typer.Option(
        "--skip-bad-rows", help="Leave out rows with a bad value in a column read (counted)."
    ),
]


def layout(
    sheet: str | None, delimiter: Delimiter | None, decimal: Decimal | None, header_row: int
) -> staff.Layout:
    """The staff reader's layout from --sheet, --delimiter, --decimal and --header-row."""
    from jescore import staff as staff_file

    return staff_file.Layout(
        delimiter=delimiter.character if delimiter is not None else None,
        decimal=decimal.value if decimal is not None else None,
        header_row=header_row,
        sheet=sheet,
    )


def column_option(keys: Sequence[str]) -> Any:
    """The --column KEY=NAME option of a command that reads the columns ``keys``."""
    return typer.Option(
        "--column",
        metavar="KEY=NAME",
        help="The header of a column, when it is not the key itself (repeatable; each key "
        f"once). Keys: {', '.join(keys)}.",
        show_default=False,
    )


def column_shorthand(key: str, what: str) -> Any:
    """A --KEY-column NAME option: the same as --column KEY=NAME."""
    option = f"--{key.replace('_', '-')}-column"
    return typer.Option(
        option, metavar="NAME", help=f"{what} The same as --column {key}=NAME.", show_default=False
    )


#: The --sex-column help of every command that reads a staff file (one reading of sex: the
#: staff reader's).
SEX_COLUMN_HELP = "Column of sex: F, W, female or woman; M, male or man (any case); else neither."

JobColumnOption = Annotated[
    str | None, column_shorthand("job", "Column of job references (their job.reference).")
]
SexColumnOption = Annotated[str | None, column_shorthand("sex", SEX_COLUMN_HELP)]
PayColumnOption = Annotated[str | None, column_shorthand("pay", "Column of pay.")]


def column_names(
    keys: Sequence[str], given: list[str] | None, shorthands: Mapping[str, str | None]
) -> dict[str, str]:
    """The header name of each column key a command reads (the key itself unless named).

    ``given`` are the --column KEY=NAME values; ``shorthands`` the --KEY-column values (None
    where not given), which are the same thing said another way. Refused (exit 2): an item
    that is not KEY=NAME, a key the command does not read, a key named twice with --column,
    and a key named differently by --column and its shorthand.
    """
    from jescore.safety import excerpt

    readable = ", ".join(keys)
    names: dict[str, str] = {}
    for item in given or []:
        key, sep, name = item.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not key or not name:
            raise UsageError(
                f"--column '{excerpt(item, 60)}': give KEY=NAME, KEY one of {readable}"
            )
        if key not in keys:
            raise UsageError(
                f"--column '{excerpt(item, 60)}': this command reads no column '{excerpt(key, 30)}'"
                f"; KEY is one of {readable}"
            )
        if key in names:
            raise UsageError(
                f"--column names the {key} column twice ('{excerpt(names[key], 30)}' and "
                f"'{excerpt(name, 30)}'): give each key once"
            )
        names[key] = name
    for key, value in shorthands.items():
        if value is None:
            continue
        option = f"--{key.replace('_', '-')}-column"
        if not value.strip():
            raise UsageError(f"{option}: give the column's header name")
        if key in names and names[key].casefold() != value.strip().casefold():
            raise UsageError(
                f"{option} '{excerpt(value, 30)}' and --column {key}='{excerpt(names[key], 30)}' "
                f"name the {key} column differently: give one"
            )
        names.setdefault(key, value.strip())
    return {key: names.get(key, key) for key in keys}


def column_hint(key: str) -> str:
    """How a command's messages say to name the ``key`` column."""
    return f"--column {key}=NAME"


def _jobs(
    paths: list[str], library: Library, bands: str | None, other_scheme: bool, strict: bool
) -> tuple[list[loader.Job], bool]:
    """Every questionnaire the paths name, and whether any input failed (see _each_found).

    Each one's warnings, and the notices of its scheme and bands (once per run), are said on
    stderr as it loads.
    """
    from jescore import loader

    seen: set[str] = set()

    def load(path: Path, named: bool) -> loader.Job:
        job = loader.load_job(path, library, bands, None, not named, other_scheme, strict)
        _job_notices(job, seen)
        return job

    loaded = []
    failed = False
    for job in _each_found(paths, load, loader.OtherKind, "questionnaire"):
        if job is None:
            failed = True
        else:
            loaded.append(job)
    return loaded, failed


def _evaluated(job: loader.Job) -> equalpay.Evaluated:
    """A loaded questionnaire as the pay commands' job catalogue takes it."""
    from jescore import equalpay

    grading, grading_file = job.bands
    return equalpay.Evaluated(
        job.questionnaire, job.file.path, job.scheme.scheme, job.scheme.file, grading, grading_file
    )


def _say_skipped(skipped: Mapping[str, int]) -> None:
    """Say how many staff rows --skip-unknown-jobs and --skip-bad-rows left out, and why."""
    if skipped:
        kinds = ", ".join(f"{k}: {n:,}" for k, n in skipped.items())
        _say(f"note: {sum(skipped.values()):,} staff rows skipped ({kinds})")
