"""The ``scheme audit`` command: facts about a factor plan's weights and coverage."""

from __future__ import annotations

from typing import Annotated

import typer

from jescore.cli._common import (
    ForceOption,
    OutputOption,
    _errors_to_exit,
    complete_schemes,
    scheme_app,
)
from jescore.cli.emit import choose, emit, format_option, offer, say
from jescore.formats import Format

offer(
    "scheme audit",
    "scheme_audit",
    Format.TABLE,
    Format.JSON,
    Format.MARKDOWN,
    Format.HTML,
    Format.DOCX,
    default=Format.TABLE,
)


@scheme_app.command("audit")
def scheme_audit(
    scheme: Annotated[
        str,
        typer.Argument(
            metavar="ID|FILE",
            help="A shipped scheme id or a scheme file.",
            autocompletion=complete_schemes,
        ),
    ],
    floor: Annotated[
        float,
        typer.Option(
            "--floor",
            metavar="PCT",
            min=0,
            max=100,
            help="State the factors whose top points are less than this share of the total "
            "(NJC Technical Note 2: 5).",
        ),
    ] = 5.0,
    output_format: Annotated[str | None, format_option("scheme audit")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Audit a factor plan for sex bias, from the plan alone: facts, not verdicts.

    Each factor's weight (its top points as a share of the total) and each criterion's
    (skills, effort, responsibility, working conditions: the criterion: of each factor); a
    criterion no factor measures; factors below --floor; how each factor's points rise; the
    ratio of top points between the pairs of factors the EHRC names; and the EIGE checklist of
    demands often overlooked in women-dominated work, beside the factors that may cover them,
    for you to answer.
    """
    with _errors_to_exit():
        out = choose("scheme audit", output_format, output, force)
        from fractions import Fraction

        from jescore.loader import Library
        from jescore.references import looks_like_path
        from jescore.render import scheme_audit as render
        from jescore.render.kit import phrases
        from jescore.scheme_audit import audit

        loaded = Library().scheme(scheme)
        view = render.AuditView(
            audit(loaded.scheme, Fraction(repr(floor))),
            loaded.file,
            tuple(str(w) for w in loaded.warnings),
        )
        emit(view, render.FORMATS, out, [scheme] if looks_like_path(scheme) else [])
        if notice := phrases.status_notice(loaded.scheme):
            say(notice)
