"""``panel --consensus``: one job's consensus record, a questionnaire any command reads.

Format: yaml, written by PyYAML's emitter from the data (never by formatting strings), so any
text (quotes, colons, 'yes', '012', newlines) reads back as itself; every string is cleaned
first, so no control character or direction override from a name reaches the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jescore import __version__
from jescore.formats import Format
from jescore.render.kit import Formats, Target
from jescore.render.kit.yaml import dump

#: The record's opening comments: fixed text only (nothing from the inputs is ever a comment).
RECORD_HEADER = (
    "# Consensus record of a panel (jescore {version}): the median level of each factor.\n"
    "# A factor marked 'discuss: true' split evenly between two levels (panel.levels): the level\n"
    "# given is the lower one until the panel settles it (set the level, remove 'discuss').\n"
    "# jescore warns on every use of this record until then, and --strict refuses it.\n"
)


@dataclass(frozen=True, slots=True)
class ConsensusView:
    """The record (:func:`jescore.panel.consensus_record`)."""

    record: dict[str, Any]


def as_yaml(view: ConsensusView, target: Target) -> str:
    """The consensus record as YAML."""
    return RECORD_HEADER.format(version=__version__) + dump(view.record)


FORMATS: Formats[ConsensusView] = {Format.YAML: as_yaml}
