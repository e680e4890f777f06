"""The dashboard as one self-contained HTML page (``report --format html``).

Renders a :class:`~iho_ready.report.dashboard.Dashboard` with ``templates/dashboard.html.j2``.
Every value is HTML-escaped; the style sheet is inline; there is no script, font, image or
address outside the page, so it works offline, from a file, and on a phone. Charts are SVG
drawn at build time by :mod:`.charts` when the ``charts`` extra is installed and
``options.charts`` is true; every chart's figures are also in a table.
"""

from __future__ import annotations

from ..render import RenderOptions
from ..render.html_frame import render_page
from ..render.html_page import svg
from ..words import READINESS_LABEL, STATUS_LABEL
from . import charts as drawing
from .dashboard import Dashboard

TEMPLATE = "dashboard.html.j2"
"""Name of the bundled dashboard template."""

LABELS = {"readiness": READINESS_LABEL, "status": STATUS_LABEL}
"""Words for the result's keys, as the board paper's template has them (``labels.status[key]``)."""


def render(dashboard: Dashboard, options: RenderOptions, /) -> str:
    """Return the dashboard page."""
    drawn: dict[str, object] = {"status": None, "trend": None}
    if options.charts:
        status, trend = drawing.status_chart(dashboard.paper.rubrics), drawing.trend_chart(dashboard)
        drawn = {"status": svg(status) if status else None, "trend": svg(trend) if trend else None}
    return render_page(TEMPLATE, dashboard=dashboard, charts=drawn, labels=LABELS, private=dashboard.private,
                       statement=options.statement, tool_version=dashboard.paper.tool_version)
