"""HTML pages from jinja2 templates: autoescaped, strict, self-contained (no external assets)."""

from __future__ import annotations

from importlib import resources
from typing import Any


def page(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with every piece of user text escaped by jinja2."""
    import jinja2  # only for this format: keeps start-up fast

    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    source = resources.files("jescore.render").joinpath(f"templates/{template}")
    return env.from_string(source.read_text(encoding="utf-8")).render(**context)
