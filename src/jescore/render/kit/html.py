"""HTML pages: autoescaped jinja2 templates on one printable base, with no external assets.

Every page extends ``templates/base.html.j2``: the title first, then what the reader needs
(who, what, when), a coloured banner for a scheme that is not verified, the content, and the
provenance (files and hashes) at the end. Printed, pages are A4 (or US Letter), header rows of
tables repeat on every page, rows and short sections are not split, and a heading never ends a
page. A string too long to be a word (a URL, a path, a hash) may break anywhere, so that it
never runs off the page; words stay whole. All user text is escaped by jinja2; the emitter makes
it safe once more on its way out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from jescore import __version__

#: CSS page sizes.
PAPER_CSS = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True, slots=True)
class Banner:
    """A status banner: 'unverified', 'illustrative' or 'local', and what it says."""

    status: str
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    """What the base template shows around a page's content."""

    title: str
    #: Lines under the title: who, what, when.
    lead: tuple[str, ...] = ()
    banners: tuple[Banner, ...] = ()
    #: Files, hashes, schemes and jescore's version, shown last.
    provenance: tuple[str, ...] = ()
    paper: str = "a4"
    landscape: bool = False
    version: str = field(default=__version__)

    @property
    def size(self) -> str:
        """The CSS page size."""
        return PAPER_CSS.get(self.paper, "A4") + (" landscape" if self.landscape else "")

    @property
    def landscape_size(self) -> str:
        """The CSS size of the named page 'landscape', for a table too wide for the page."""
        return PAPER_CSS.get(self.paper, "A4") + " landscape"


def page(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with every piece of user text escaped by jinja2."""
    import jinja2  # only for this format: keeps start-up fast

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["whole"] = whole
    return breakable(env.get_template(template).render(**context))


#: A run of text with no space this long is not a word (a URL, a path, a hash): it may break
#: anywhere. Shorter runs keep the column at least as wide as they are, so words stay whole.
LONG = 30
_TEXT = re.compile(r"(<svg\b.*?</svg>)|>([^<]+)<", re.S)
_LONG_RUN = re.compile(rf"\S{{{LONG + 1},}}")
PROVENANCE = '<footer class="provenance">'


def breakable(html: str) -> str:
    """The page with each long run of text in its body marked ``<span class="long">``.

    Only text between tags in the body is touched (never the head, an attribute, a drawing or
    the provenance, whose hashes and paths break anywhere already), and only runs longer than
    :data:`LONG` characters: the stylesheet lets them break anywhere.
    """
    head, sep, body = html.partition("<body>")
    if not sep:
        return html
    body, footer, tail = body.partition(PROVENANCE)

    def mark(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(0)
        text = _LONG_RUN.sub(lambda r: f'<span class="long">{r.group(0)}</span>', m.group(2))
        return f">{text}<"

    return head + sep + _TEXT.sub(mark, body) + footer + tail


def whole(text: object) -> Any:
    """Text escaped, each identifier in it kept on one line (a word holding - / . or _).

    A browser would otherwise break 'njc-southampton-2015' at a hyphen.
    """
    from markupsafe import Markup, escape

    return Markup(
        re.sub(
            r"\S*[-/._]\S*",
            lambda m: f'<span class="whole">{m.group(0)}</span>',
            str(escape(str(text))),
        )
    )


def _template(name: str) -> str:
    return resources.files("jescore.render").joinpath(f"templates/{name}").read_text("utf-8")
