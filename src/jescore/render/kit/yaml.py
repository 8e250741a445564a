"""YAML that jescore writes: through PyYAML's emitter, from data whose strings are made safe.

Never string formatting: a title with a newline, ``: ``, ``#``, quotes, ``yes`` or ``012`` is
quoted by the emitter and reads back as itself. Every string (keys too) is cleaned first
(:func:`jescore.safety.clean`), so no control character or direction override reaches the file.
"""

from __future__ import annotations

from typing import Any

from jescore.safety import clean


def safe(value: Any) -> Any:
    """Every string in ``value`` (keys too) with unsafe characters shown as escapes."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {safe(k): safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe(v) for v in value]
    return value


def dump(data: Any, width: int = 100) -> str:
    """Block-style YAML of ``data`` in its own order; a list of plain values on one line."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """Mappings as blocks; a list of plain values on one line (``by: [A, B]``)."""

    def short_lists(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
        flat = bool(items) and all(isinstance(item, str | int) for item in items)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flat)

    Dumper.add_representer(list, short_lists)
    text = yaml.dump(
        safe(data),
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=width,
        default_flow_style=False,
    )
    return str(text)
