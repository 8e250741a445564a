"""A questionnaire skeleton for a scheme: every factor, with its levels as comments."""

from __future__ import annotations

import json
from dataclasses import dataclass

from jescore.formats import Format
from jescore.models import Scheme
from jescore.render.kit import Formats, Target


def _quote(value: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(value, ensure_ascii=False)


def questionnaire(scheme: Scheme, scheme_ref: str, title: str = "") -> str:
    """YAML text of a questionnaire to fill in: choose a level for each factor, cite evidence."""
    out = [
        f"# A jescore questionnaire for: {scheme.name}",
        f"# Scheme status: {scheme.status.value}.",
        "# For each factor choose one level (a number, or with letters such as 4a), and cite the",
        "# evidence from the job description or questionnaire. Then: jescore evaluate THIS_FILE",
        "# Editor completion: jescore schema questionnaire > questionnaire.schema.json",
        "job:",
        f"  title: {_quote(title or 'Job title')}",
        '  reference: ""',
        "scheme: " + _quote(scheme_ref),
        "factors:",
    ]
    for factor in scheme.factors:
        out.append(f"  # {factor.name}" + (f" ({factor.group})" if factor.group else ""))
        for level in factor.levels:
            letters = f" [{','.join(level.letters)}]" if level.letters else ""
            out.append(f"  #   {level.level}{letters} ({level.points} pts): {level.summary}")
        out += [
            f"  {factor.id}:",
            f"    level:  # 1-{factor.top}",
            "    evidence: []",
            "    rationale: null",
        ]
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
