"""YAML that jescore writes: always through PyYAML's emitter, never by formatting strings.

A title with a newline, ``: ``, ``#``, quotes, ``yes`` or ``012`` is quoted by the emitter and
reads back as itself. Unicode is written as it is unless a character would act on a terminal
(a control character, a direction override): then the emitter escapes everything that is not
ASCII, so the file holds no such character and still reads back exactly.
"""

from __future__ import annotations

from typing import Any

from jescore.safety import clean


def dump(data: Any, width: int = 1 << 30, *, flat_lists: bool = True) -> str:
    """Block-style YAML of ``data`` in its own order; a list of plain values on one line.

    With ``flat_lists=False`` every list is a block too, an item a line (files a team edits and
    keeps in version control: one changed item, one changed line).
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        """Mappings as blocks; a list of plain values on one line (``by: [A, B]``)."""

    def short_lists(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
        flat = flat_lists and bool(items) and all(isinstance(item, str | int) for item in items)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flat)

    Dumper.add_representer(list, short_lists)
    options = {"Dumper": Dumper, "sort_keys": False, "width": width, "default_flow_style": False}
    text = yaml.dump(data, allow_unicode=True, **options)  # type: ignore[call-overload]
    if clean(text) != text:
        text = yaml.dump(data, allow_unicode=False, **options)  # type: ignore[call-overload]
    return str(text)
