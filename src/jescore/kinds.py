"""What kind of jescore file a document is: the one rule every loader uses.

A questionnaire, a scheme, a grading structure or a job profile is told apart by its top-level
keys, so that a folder may hold several kinds and each command takes the kind it needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """The kinds of jescore file."""

    QUESTIONNAIRE = "questionnaire"
    SCHEME = "scheme"
    GRADING = "grading structure"
    PROFILE = "profile"
    SCALE = "pay scale"


#: How each kind is named in a message, with a hint where one helps.
KIND_TEXT = {
    Kind.QUESTIONNAIRE: "a questionnaire",
    Kind.SCHEME: "a scheme (its bands are used when no grading structure is given)",
    Kind.GRADING: "a grading structure (name it in a questionnaire's 'grading' or with --bands)",
    Kind.PROFILE: "a job profile (use it with 'jescore match' or 'jescore profile')",
    Kind.SCALE: "a pay scale (use it with 'jescore paymodel --scale')",
}


def kind_of(data: Any) -> Kind | None:
    """The kind of jescore file a document's data is, by its top-level keys; None: not one.

    A questionnaire has ``job`` (or, when ``job`` is missing by mistake, ``scheme`` naming its
    scheme); a profile has ``profile``; a scheme has ``factors``; a grading structure has
    ``bands`` and no ``factors``; a pay scale has ``effective`` (the date its pay takes effect).
    A file of one kind with mistakes is still that kind, so that validation can say what is
    wrong with it.
    """
    if not isinstance(data, dict):
        return None
    if "job" in data:
        return Kind.QUESTIONNAIRE
    if "profile" in data:
        return Kind.PROFILE
    if "effective" in data and "factors" not in data:
        return Kind.SCALE
    if "bands" in data and "factors" not in data:
        return Kind.GRADING
    if "factors" in data:
        return Kind.QUESTIONNAIRE if "scheme" in data else Kind.SCHEME
    if "scheme" in data:
        return Kind.QUESTIONNAIRE
    return None


def other_kind_message(kind: Kind | None, wanted: Iterable[Kind]) -> str:
    """'is a scheme ..., not a questionnaire file', or what a file of no known kind is."""
    asked = " or ".join(k.value for k in wanted)
    if kind is None:
        keys = "'job', 'profile', 'factors' or 'bands'"
        return f"is not a {asked} file (it has none of the keys {keys})"
    return f"is {KIND_TEXT[kind]}, not a {asked} file"
