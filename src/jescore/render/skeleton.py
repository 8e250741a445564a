"""A questionnaire skeleton for a scheme: every factor, with its levels as comments.

Every value is written by the YAML emitter, never by string formatting, so no title, scheme
reference or name can change what the file means: a newline, ``: `` or `` #`` in a value is
quoted by the emitter. Comments carry names and level summaries from the scheme file; each is
made one line (:func:`jescore.safety.clean_line` shows every line break YAML knows as an escape),
so a comment cannot end early and start a key.
"""

from __future__ import annotations

from dataclasses import dataclass

from jescore.formats import Format
from jescore.models import Scheme
from jescore.render.kit import Formats, Target
from jescore.render.kit.yaml import dump
from jescore.safety import clean_line


def _comment(text: str, indent: str = "") -> str:
    """A comment line that stays one comment line, whatever ``text`` holds."""
    return f"{indent}# {clean_line(' '.join(text.splitlines()))}"


def questionnaire(scheme: Scheme, scheme_ref: str, title: str = "") -> str:
    """YAML text of a questionnaire to fill in: choose a level for each factor, cite evidence."""
    out = [
        _comment(f"A jescore questionnaire for: {scheme.name}"),
        _comment(f"Scheme status: {scheme.status.value}."),
        "# For each factor choose one level (a number, or with letters such as 4a), and cite the",
        "# evidence from the job description or questionnaire. Then: jescore evaluate THIS_FILE",
        "# Editor completion: jescore schema questionnaire > questionnaire.schema.json",
    ]
    out += dump(
        {"job": {"title": title or "Job title", "reference": ""}, "scheme": scheme_ref}
    ).splitlines()
    out.append("factors:")
    for factor in scheme.factors:
        out.append(_comment(factor.name + (f" ({factor.group})" if factor.group else ""), "  "))
        for level in factor.levels:
            letters = f" [{','.join(level.letters)}]" if level.letters else ""
            line = f"  {level.level}{letters} ({level.points} pts): {level.summary}"
            out.append(_comment(line, "  "))
        entry = dump({factor.id: {"level": None, "evidence": [], "rationale": None}})
        # The level is left empty (null) for the evaluator to fill in, with its range beside it.
        blank = "\n  level: null\n"
        assert blank in entry, entry
        entry = entry.replace(blank, f"\n  level:  # 1-{factor.top}\n", 1)
        out += [f"  {line}" for line in entry.splitlines()]
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class SkeletonView:
    """A scheme, how the new questionnaire names it, and the job title to fill in."""

    scheme: Scheme
    scheme_ref: str
    title: str = ""


def as_yaml(view: SkeletonView, target: Target) -> str:
    """The skeleton as YAML text."""
    return questionnaire(view.scheme, view.scheme_ref, view.title)


FORMATS: Formats[SkeletonView] = {Format.YAML: as_yaml}
