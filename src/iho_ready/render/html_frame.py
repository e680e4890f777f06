"""The frame every HTML page shares: NHS.UK styles, a strict Content-Security-Policy, one render call.

The pages (dashboard, portfolio, accessibility statement) take their look from the NHS.UK
frontend library (``templates/nhsuk-frontend.min.css``: the parts the pages use, compiled by
``tools/nhsuk-frontend/build.sh``), so that paper and page share one NHS identity.

Every page carries a ``Content-Security-Policy`` meta tag that allows no script, no
connection, no font and no frame, loads nothing from anywhere, and allows only the
``<style>`` elements the page itself holds, by their SHA-256 (style *attributes*, which the
SVG charts use, are allowed). The hashes are computed from the rendered page, so the policy
always matches its bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any

import markupsafe

from .html_page import environment

POLICY_SLOT = "iho-ready-content-security-policy"
"""What ``_page.html.j2`` writes where the policy goes; replaced once the page is rendered."""

_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)


@cache
def nhsuk_css() -> markupsafe.Markup:
    """The compiled NHS.UK frontend styles the pages use (a bundled file, never input)."""
    text = (resources.files("iho_ready") / "templates" / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    return markupsafe.Markup(text)


def policy(page: str) -> str:
    """The strict policy for *page*: nothing but its own style elements (by hash) and style attributes."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
                     + "'" for m in _STYLE.finditer(page)})
    return ("default-src 'none'; script-src 'none'; style-src " + " ".join(hashes)
            + "; style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")


def render_page(template: str, /, **values: Any) -> str:
    """Render the bundled HTML *template* with *values*, inside the shared frame, with its policy."""
    page = environment().get_template(template).render(nhsuk_css=nhsuk_css(), **values)
    return page.replace(POLICY_SLOT, policy(page), 1)
