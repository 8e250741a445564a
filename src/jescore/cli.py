"""The ``jescore`` command: parse arguments, load, score, render, choose the exit code.

Kept thin on purpose: everything worth testing without a terminal lives in the loader, the
engine and the renderers. Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore import __version__
from jescore.choices import (
    AppealFormat,
    Direction,
    FamilyFormat,
    Format,
    Gate,
    ListFormat,
    SchemaKind,
)
from jescore.errors import ExitCode, InputError, JescoreError, Problem, UsageError

if TYPE_CHECKING:
    from jescore import engine, family, loader
    from jescore.compare import FileChange
    from jescore.models import Band, GradingStructure, Scheme

# Start-up time is part of the interface: each command imports what it needs (pydantic, rich,
# the engine) when it runs, so that `jescore --version` and `--help` answer at once.

APP_SETTINGS: dict[str, object] = {
    "name": "jescore",
    "help": (
        "Score points-factor job evaluation questionnaires: levels to points, points to pay "
        "bands, and how sensitive the band is to each factor.\n\n"
        "Exit codes: 0 success; 1 a requested check failed; 2 usage error; 3 invalid input."
    ),
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
app = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
scheme_app = typer.Typer(
    help="Show a scheme's factors, levels, points and bands, or check a scheme file.",
    no_args_is_help=True,
)
app.add_typer(scheme_app, name="scheme")


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
BandsOption = Annotated[
    str | None,
    typer.Option(
        "--bands",
        help="Grading structure replacing the scheme's bands: a shipped id or a file path.",
    ),
]


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


def _diagnose(problems: Iterator[Problem] | tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)


@contextmanager
def _errors_to_exit() -> Iterator[None]:
    """Turn jescore's errors into messages on stderr and their documented exit codes."""
    try:
        yield
    except InputError as exc:
        _diagnose(exc.problems)
        raise typer.Exit(exc.exit_code) from None
    except JescoreError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None


def _emit(content: str | bytes, output: Path | None, force: bool, inputs: list[Path]) -> None:
    from jescore.output import write_atomic

    if output is None:
        assert isinstance(content, str)
        sys.stdout.write(content)
        sys.stdout.flush()
    else:
        write_atomic(output, content, force=force, inputs=inputs)
        typer.echo(f"wrote {output}", err=True)


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
    if job.grading is not None:
        grading, grading_file = job.grading.grading, job.grading.file
    elif scheme.grading is not None:
        grading, grading_file = scheme.grading, job.scheme.file
    else:
        grading, grading_file = None, None
    evaluation = engine.evaluate(job.questionnaire, scheme, grading)
    return engine.Report(
        job.questionnaire, job.file, job.scheme.file, grading_file, evaluation, near
    )


def _scored(
    path: Path, library: loader.Library, bands: str | None, seen: set[str], near: int | None = None
) -> engine.Report:
    """Load, check and score one questionnaire; say its warnings and scheme status on stderr."""
    from jescore import loader

    job = loader.load_job(path, library, bands)
    _diagnose(job.warnings)
    report = _report(job, near)
    _status_notices(report, seen)
    return report


def _status_notices(report: engine.Report, seen: set[str]) -> None:
    """Say on stderr, once per run for each, that a scheme or its bands are not verified."""
    from jescore.models import Status
    from jescore.render import text

    scheme = report.evaluation.scheme
    notice = text.status_notice(scheme)
    if notice and scheme.id not in seen:
        seen.add(scheme.id)
        typer.echo(notice, err=True)
    grading, ref = report.evaluation.grading, report.grading_file
    if grading is None or ref is None or ref == report.scheme_file:
        return
    status = report.grading_status
    if status is not Status.VERIFIED and ref.path not in seen:
        seen.add(ref.path)
        typer.echo(f"warning: bands '{grading.name}' are {text.status_line(status)}", err=True)


@app.command()
def evaluate(
    files: Annotated[list[Path], typer.Argument(help="Questionnaire files (YAML).")],
    output_format: FormatOption = Format.TABLE,
    bands: BandsOption = None,
    near: Annotated[
        int | None,
        typer.Option(
            "--near",
            min=0,
            help="Flag totals within N points of crossing a band boundary (jescore's own "
            "convention: no public scheme defines one).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Score questionnaires: points per factor, total, band, margins and sensitivity.

    Each file is evaluated; with several, a ranking by total follows. A file with problems is
    reported on stderr and the others are still evaluated; the exit code is then 3.
    """
    from jescore import loader
    from jescore.render import json as json_render
    from jescore.render import markdown, table

    library = loader.Library()
    reports: list[engine.Report] = []
    seen: set[str] = set()
    failed = False
    with _errors_to_exit():
        for path in files:
            try:
                reports.append(_scored(path, library, bands, seen, near))
            except InputError as exc:
                _diagnose(exc.problems)
                failed = True
        if reports:
            content = _render(
                output_format,
                output,
                lambda: json_render.render(reports),
                lambda: markdown.render(reports),
                lambda width, color: table.render(reports, width, color),
            )
            _emit(content, output, force, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


@app.command()
def whatif(
    file: Annotated[Path, typer.Argument(help="A questionnaire file (YAML).")],
    target: Annotated[
        str | None,
        typer.Option(
            "--target", "-t", help="Band to reach, e.g. 4 or 8a. Without it: a tornado view."
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, max=1000, help="How many solutions to show.")
    ] = 5,
    fix: Annotated[
        str | None,
        typer.Option("--fix", help="Factors that must not change, comma-separated (ids)."),
    ] = None,
    max_step: Annotated[
        int | None,
        typer.Option("--max-step", min=1, help="At most this many levels per factor."),
    ] = None,
    direction: Annotated[
        Direction | None,
        typer.Option("--direction", help="Only increases, only decreases, or both."),
    ] = None,
    bands: BandsOption = None,
    output_format: FormatOption = Format.TABLE,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """What would change the band: per-factor swings, or the smallest changes to reach a band.

    Without --target: a tornado of each factor's swing one level down and up. With --target:
    the smallest sets of level changes that bring the total into that band (exact; fewest
    steps first, then fewest factors). Levels move the way the target lies unless --direction
    says otherwise.
    """
    from jescore import loader
    from jescore.render import json as json_render
    from jescore.render import markdown, table
    from jescore.search import Constraints, find_changes

    with _errors_to_exit():
        library = loader.Library()
        report = _scored(file, library, bands, set())
        e = report.evaluation
        if target is None:
            content = _render(
                output_format,
                output,
                lambda: json_render.tornado(report),
                lambda: markdown.tornado(report),
                lambda width, color: table.tornado(report, width, color),
            )
        else:
            result = find_changes(
                e.scheme,
                _grading_of(e),
                {f.factor.id: f.level for f in e.factors},
                _target_band(e, target),
                Constraints(
                    fixed=_factor_ids(e.scheme, fix), max_step=max_step, direction=direction
                ),
                top,
            )
            content = _render(
                output_format,
                output,
                lambda: json_render.search(report, result),
                lambda: markdown.search(report, result),
                lambda width, color: table.search(report, result, width, color),
            )
        _emit(content, output, force, library.files)


def _grading_of(e: engine.Evaluation) -> GradingStructure:
    if e.grading is None:
        raise UsageError(f"scheme '{e.scheme.id}' has no bands: name some with --bands")
    return e.grading


def _target_band(e: engine.Evaluation, target: str) -> Band:
    from jescore.render import text

    grading = _grading_of(e)
    label = text.target_label(target)
    for band in grading.bands:
        if band.label == label:
            return band
    labels = ", ".join(b.label for b in grading.bands)
    raise UsageError(f"no band '{target}' in '{grading.name}'; its bands are {labels}")


def _factor_ids(scheme: Scheme, names: str | None) -> frozenset[str]:
    """Factor ids from a comma-separated list of ids or aliases."""
    if not names:
        return frozenset()
    index = scheme.factor_index()
    ids = set()
    for name in (n.strip() for n in names.split(",") if n.strip()):
        if name not in index:
            known = ", ".join(f.id for f in scheme.factors)
            raise UsageError(f"--fix: '{name}' is not a factor of '{scheme.id}'; factors: {known}")
        ids.add(index[name].id)
    return frozenset(ids)


@app.command()
def compare(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="OLD NEW; with --git, the questionnaires to compare (default: every changed one)."
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REV",
            help="Compare questionnaires as they are at this git revision with the working tree.",
        ),
    ] = None,
    fail_on: Annotated[
        Gate, typer.Option("--fail-on", help="Exit 1 when this happens (for CI).")
    ] = Gate.NEVER,
    allow_scheme_change: Annotated[
        bool,
        typer.Option("--allow-scheme-change", help="Compare files under different schemes."),
    ] = False,
    bands: BandsOption = None,
    output_format: FormatOption = Format.TABLE,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Also append the markdown report to $GITHUB_STEP_SUMMARY if set."
        ),
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Compare two drafts of a job: levels, points, evidence and band, with a CI gate.

    Exit 0 when the gate (--fail-on) holds, 1 when it trips, 3 when an input is invalid.
    Added and deleted questionnaires are reported but never trip a gate.
    """
    from jescore import loader, vcs
    from jescore.compare import pair
    from jescore.render import json as json_render
    from jescore.render import markdown, table

    inputs = list(files or [])
    seen: set[str] = set()
    failed = False
    changes: list[FileChange] = []
    with _errors_to_exit():
        if git is None:
            if len(inputs) != 2:
                raise UsageError("compare takes two files (OLD NEW), or --git REV [FILE...]")
            pairs = [vcs.Pair("compared", inputs[0], str(inputs[0]), inputs[1], loader.Library())]
        else:
            pairs = vcs.pairs(git, inputs, Path.cwd())
        for p in pairs:
            try:
                old = (
                    _report(loader.load_job(p.old, p.library, bands, p.old_name)) if p.old else None
                )
                new = _report(loader.load_job(p.new, loader.Library(), bands)) if p.new else None
            except InputError as exc:
                _diagnose(exc.problems)
                failed = True
                continue
            if old and new and old.evaluation.scheme.id != new.evaluation.scheme.id:
                if not allow_scheme_change:
                    typer.echo(
                        f"{new.file.path}: scheme changed from '{old.evaluation.scheme.id}' to "
                        f"'{new.evaluation.scheme.id}'; totals under different schemes are not "
                        "comparable (use --allow-scheme-change to compare anyway)",
                        err=True,
                    )
                    failed = True
                    continue
            for report in (old, new):
                if report is not None:
                    _status_notices(report, seen)
            changes.append(pair(p.status, old, new))
        content = _render(
            output_format,
            output,
            lambda: json_render.comparison(changes, fail_on),
            lambda: markdown.comparison(changes, fail_on),
            lambda width, color: table.comparison(changes, fail_on, width, color),
        )
        _emit(content, output, force, inputs)
        if summary:
            _step_summary(markdown.comparison(changes, fail_on))
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if any(change.trips(fail_on) for change in changes):
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _step_summary(markdown_text: str) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        typer.echo("note: --summary: GITHUB_STEP_SUMMARY is not set; nothing appended", err=True)
        return
    # The step summary is a file CI gives us to append to, not one of the user's files.
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(markdown_text + "\n")


@app.command()
def appeal(
    awarded: Annotated[Path, typer.Argument(help="The panel's outcome (a questionnaire).")],
    claimed: Annotated[Path, typer.Argument(help="The appellant's claimed levels, with evidence.")],
    output_format: Annotated[
        AppealFormat, typer.Option("--format", "-f", help="Output format (docx needs --output).")
    ] = AppealFormat.MARKDOWN,
    date: Annotated[
        str | None,
        typer.Option("--date", help="A date to print (YYYY-MM-DD); none by default."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, max=1000, help="How many sets of challenges.")
    ] = 10,
    bands: BandsOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Appeal evidence table: awarded against claimed, factor by factor, with band effect.

    Shows each factor's awarded and claimed level, points and level summary, the evidence cited,
    which challenges alone reach the claimed band, and the smallest sets that reach it together.
    """
    import datetime as dt

    from jescore import loader
    from jescore.appeal import analyse
    from jescore.render import appeal as appeal_render

    with _errors_to_exit():
        if date is not None:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise UsageError(f"--date: '{date}' is not a date like 2026-11-22") from None
        if output_format is AppealFormat.DOCX and output is None:
            raise UsageError("--format docx writes a file: give it with --output FILE.docx")
        library = loader.Library()
        problems: list[Problem] = []
        reports = []
        for path in (awarded, claimed):
            try:
                reports.append(_report(loader.load_job(path, library, bands)))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        award, claim = reports
        _status_notices(award, set())
        if award.evaluation.grading is None:
            raise UsageError(f"scheme '{award.evaluation.scheme.id}' has no bands: use --bands")
        if award.questionnaire.job.title != claim.questionnaire.job.title:
            typer.echo(
                f"warning: the job titles differ ('{award.questionnaire.job.title}' and "
                f"'{claim.questionnaire.job.title}'); is this the same job?",
                err=True,
            )
        v = appeal_render.view(analyse(award, claim, top), date)
        content: str | bytes
        if output_format is AppealFormat.DOCX:
            content = appeal_render.as_docx(v)
        else:
            content = {
                AppealFormat.MARKDOWN: appeal_render.as_markdown,
                AppealFormat.CSV: appeal_render.as_csv,
                AppealFormat.JSON: appeal_render.as_json,
                AppealFormat.HTML: appeal_render.as_html,
            }[output_format](v)
        _emit(content, output, force, library.files)


PathsArgument = Annotated[
    list[str], typer.Argument(help="Questionnaire files, folders (searched) or glob patterns.")
]


def _rows(paths: list[str], bands: str | None) -> tuple[list[family.JobRow], bool, list[Path]]:
    """Summary rows of every questionnaire, and every file read.

    Bad files are reported and the rest go on.
    """
    from jescore import family, loader

    found = loader.find_questionnaires(paths)
    library = loader.Library()
    rows: list[family.JobRow] = []
    failed = False
    seen: set[str] = set()
    with _progress(len(found)) as advance:
        for path, named in found:
            try:
                rows.append(family.summarise(_scored(path, library, bands, seen)))
            except loader.NotAQuestionnaire as exc:
                if named:
                    _diagnose(exc.problems)
                    failed = True
            except InputError as exc:
                _diagnose(exc.problems)
                failed = True
            advance()
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
        task = bar.add_task("evaluating", total=total)
        yield lambda: bar.advance(task)


@app.command()
def rank(
    paths: PathsArgument,
    output_format: Annotated[
        FamilyFormat, typer.Option("--format", "-f", help="Output format.")
    ] = FamilyFormat.TABLE,
    bands: BandsOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Evaluate many questionnaires and print their rank order within each scheme.

    A bad file is reported on stderr and the others are still ranked; the exit code is then 3.
    """
    from jescore.render import family as family_render

    with _errors_to_exit():
        rows, failed, read = _rows(paths, bands)
        content = {
            FamilyFormat.TABLE: family_render.rank_table,
            FamilyFormat.JSON: family_render.rank_json,
            FamilyFormat.CSV: family_render.rank_csv,
            FamilyFormat.MARKDOWN: family_render.rank_markdown,
        }[output_format](rows)
        _emit(content, output, force, read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


@app.command()
def check(
    paths: PathsArgument,
    near: Annotated[
        int | None,
        typer.Option(
            "--near",
            min=1,
            help="Report jobs within N points of a band boundary, with a boundary report "
            "(jescore's own convention: no public scheme defines one).",
        ),
    ] = None,
    outlier_levels: Annotated[
        int,
        typer.Option("--outlier-levels", min=1, help="Levels from the family median to flag."),
    ] = 2,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings of these checks: comma-separated from manager, order, "
            "outlier, near-boundary; or any; or never.",
        ),
    ] = "never",
    output_format: FormatOption = Format.TABLE,
    bands: BandsOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Consistency checks across jobs: managers, band order, family outliers, boundaries.

    Finds jobs scoring above the job they report to (reports_to), heavier jobs in lower bands,
    factor levels far from their family's usual level, and (with --near) jobs close to a
    boundary, with the mix of jobs and headcounts either side.
    """
    from jescore import family
    from jescore.render import family as family_render

    with _errors_to_exit():
        gate = _checks(fail_on)
        rows, failed, read = _rows(paths, bands)
        findings = family.manager_findings(rows) + family.order_findings(rows)
        findings += family.outlier_findings(rows, outlier_levels)
        boundaries = None
        if near is not None:
            boundaries = family.boundary_report(rows, near)
            findings += family.near_findings(boundaries, near)
        tripped = any(f.check in gate for f in findings)
        content = _render(
            output_format,
            output,
            lambda: family_render.check_json(len(rows), findings, boundaries, tripped),
            lambda: family_render.check_text(len(rows), findings, boundaries, True),
            lambda width, color: family_render.check_text(len(rows), findings, boundaries, False),
        )
        _emit(content, output, force, read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if tripped:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _checks(names: str) -> set[family.Check]:
    from jescore import family

    words = {w.strip() for w in names.split(",") if w.strip()}
    if words == {"never"}:
        return set()
    if words == {"any"}:
        return set(family.Check)
    known = {c.value: c for c in family.Check}
    unknown = sorted(words - set(known))
    if unknown:
        raise UsageError(
            f"--fail-on: unknown check {', '.join(unknown)}; use {', '.join(known)}, any or never"
        )
    return {known[w] for w in words}


@app.command("schemes")
def list_schemes(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TABLE,
) -> None:
    """List the schemes shipped with jescore, with their status."""
    from jescore import loader
    from jescore.render import json as json_render
    from jescore.render import table

    library = loader.Library()
    with _errors_to_exit():
        rows = []
        for scheme_id in loader.shipped_schemes():
            loaded = library.scheme(scheme_id)
            rows.append((loaded.scheme, loaded.file))
        if output_format is ListFormat.JSON:
            sys.stdout.write(json_render.scheme_list(rows))
        else:
            width, color = _terminal()
            sys.stdout.write(table.scheme_list(rows, width, color))


@scheme_app.command("show")
def scheme_show(
    scheme: Annotated[str, typer.Argument(help="A shipped scheme id or a scheme file.")],
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TABLE,
) -> None:
    """Print a scheme's provenance, factors, levels, points and bands."""
    from jescore import loader
    from jescore.render import json as json_render
    from jescore.render import table, text

    with _errors_to_exit():
        loaded = loader.Library().scheme(scheme)
        if output_format is ListFormat.JSON:
            sys.stdout.write(json_render.dumps(json_render.scheme_dict(loaded.scheme, loaded.file)))
        else:
            width, color = _terminal()
            warnings = [str(w) for w in loaded.warnings]
            sys.stdout.write(table.scheme_show(loaded.scheme, loaded.file, warnings, width, color))
        if notice := text.status_notice(loaded.scheme):
            typer.echo(notice, err=True)


@scheme_app.command("check")
def scheme_check(
    files: Annotated[list[Path], typer.Argument(help="Scheme or grading-structure files.")],
) -> None:
    """Validate your own scheme or grading-structure files and report every problem.

    Exit 0 when every file is valid (warnings allowed), 3 when any has an error.
    """
    from jescore import loader

    failed = False
    for path in files:
        try:
            loaded = loader.load_definition(path)
        except InputError as exc:
            _diagnose(exc.problems)
            failed = True
            continue
        _diagnose(loaded.warnings)
        if isinstance(loaded, loader.LoadedScheme):
            s = loaded.scheme
            bands = f"{len(s.grading.bands)} bands" if s.grading else "no bands"
            typer.echo(
                f"ok: {path}: scheme '{s.id}' ({s.status.value}), {len(s.factors)} factors, "
                f"{bands}, totals {s.min_total}-{s.max_total}"
            )
        else:
            g = loaded.grading
            typer.echo(f"ok: {path}: grading structure '{g.name}', {len(g.bands)} bands")
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file type.")],
) -> None:
    """Print the JSON Schema of a file type, for editors that validate and complete YAML."""
    import json

    from jescore.models import GradingStructure, Questionnaire, Scheme

    models: dict[SchemaKind, type[Questionnaire | Scheme | GradingStructure]] = {
        SchemaKind.QUESTIONNAIRE: Questionnaire,
        SchemaKind.SCHEME: Scheme,
        SchemaKind.GRADING: GradingStructure,
    }
    model = models[kind]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command()
def new(
    scheme: Annotated[
        str, typer.Option("--scheme", "-s", help="A shipped scheme id or a scheme file.")
    ],
    title: Annotated[str, typer.Option("--title", help="Job title to fill in.")] = "",
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Write a questionnaire skeleton: every factor, with its levels as comments."""
    from jescore import loader
    from jescore.render import skeleton

    with _errors_to_exit():
        loaded = loader.Library().scheme(scheme)
        ref = scheme
        if output is not None and loader.looks_like_path(scheme):
            # The questionnaire resolves a scheme path relative to its own folder.
            ref = os.path.relpath(Path(scheme).resolve(), output.resolve().parent)
        content = skeleton.questionnaire(loaded.scheme, ref, title)
        _emit(content, output, force, [Path(scheme)] if loader.looks_like_path(scheme) else [])


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs ``args``: the one command named, or the whole app.

    Typer prepares every registered command's options before it parses anything, which costs
    more than most commands' own work. So a run of one command gets an app holding just that
    command (and the same callback, so usage, help and errors read the same); ``--version``
    gets none; ``--help`` and anything unrecognised get the whole app.
    """
    first = args[0] if args else ""
    commands = [c for c in app.registered_commands if _command_name(c) == first]
    groups = [g for g in app.registered_groups if g.name == first]
    if not (commands or groups or first == "--version"):
        return app
    slim = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    return slim


def _command_name(info: typer.models.CommandInfo) -> str:
    assert info.callback is not None
    return info.name or info.callback.__name__.replace("_", "-")


def main() -> None:
    """Entry point of the ``jescore`` command."""
    # pydantic looks for observability plugins in every installed package's metadata, which
    # costs more than jescore's own start-up; a command-line run has no use for them. Set the
    # variable yourself to override.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app_for(sys.argv[1:])(prog_name="jescore")
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. head): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.OK)
