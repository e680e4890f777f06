"""What every HTML page iho-ready writes shares: a jinja2 environment that escapes every value.

Autoescaping is on for every template, so no manifest string (a title, an owner, a partner's
comment) can add markup, a script or a link; text the template writes is left alone. Control
and bidirectional characters in a value are shown as escapes, as in every other output. Printing
``None`` or an object is an error, so a missing value never shows as ``None``, and dates
print in words (``6 November 2026``). The pages are self-contained: the style sheet is in
``templates/_page.html.j2`` and no template may name an external address (a test checks).
"""

from __future__ import annotations

from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import SandboxedEnvironment

from ..safe_text import visible_lines
from ..words import long_date, template_value


def _finalize(value: Any) -> Any:
    """Applied by jinja2 to the result of every ``{{ ... }}`` (before autoescaping).

    Control characters (ESC, BEL, a right-to-left override, a line separator) are shown as
    escapes (``\\x1b``, ``\\u202e``), as the terminal view and the paper show them, in text
    and in markup a filter built from text (``|join``) alike: the escapes hold no ``<`` or
    ``&``, so escaped markup stays escaped.
    """
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(visible_lines(value))
    if isinstance(value, str):
        return visible_lines(value)
    if isinstance(value, jinja2.Undefined):
        return value
    return template_value(value)


def environment() -> jinja2.Environment:
    """The bundled HTML templates, sandboxed, with autoescaping and ``StrictUndefined``."""
    env = SandboxedEnvironment(
        loader=jinja2.PackageLoader("iho_ready", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["long_date"] = long_date
    env.filters["iso"] = lambda d: d.isoformat()
    return env


def svg(markup: str) -> markupsafe.Markup:
    """A chart this program drew (never text from an input), to embed as it is."""
    return markupsafe.Markup(markup)
