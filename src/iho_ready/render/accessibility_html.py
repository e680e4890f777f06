"""The accessibility statement of a dashboard or portfolio published as a site (``--statement FILE``).

Public-sector bodies must publish one for every website (the Public Sector Bodies (Websites and
Mobile Applications) (No. 2) Accessibility Regulations 2018). The page says what the pages were
built and tested to meet, what is known not to work as well, whom to tell, and how to complain;
it shares the pages' frame, look and Content-Security-Policy, and links back to the page it
belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import RenderOptions
from .html_frame import render_page

TEMPLATE = "accessibility.html.j2"
"""Name of the bundled statement template."""

TESTED_WIDTHS = (320, 375, 640, 1280)
"""The widths in pixels the browser test checks every page at (``tests/dashboard/test_browser.py``)."""


@dataclass(frozen=True)
class Statement:
    """What the statement names: the site, who publishes it, whom to contact, the page it belongs to."""

    subject: str
    """What the site is, as a phrase (``the IHO readiness dashboard of Northshire ... Trust``)."""
    publisher: str
    """Who publishes it (the trust, or the region's team)."""
    contact: str
    """Whom to tell about a problem, as a phrase."""
    page: str
    """The address of the page the statement belongs to, relative to the statement."""
    page_name: str
    """The link text of that address."""
    as_of: date | None
    """The date the page's figures are judged at, when there is one."""
    tool_version: str
    """The iho-ready version that made the pages."""


def render(statement: Statement, options: RenderOptions, /) -> str:
    """Return the statement page."""
    return render_page(TEMPLATE, s=statement, widths=TESTED_WIDTHS, private=False, statement=None,
                       tool_version=statement.tool_version)
