"""Renderers: results in, strings out. Nothing here prints or writes files.

Each output format is one module with functions returning ``str``; the CLI picks one through
:class:`Format`. Machine formats (JSON) never go through rich, which may wrap or colour text.
"""

from __future__ import annotations

from jescore.formats import Format

__all__ = ["Format"]
