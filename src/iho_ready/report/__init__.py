"""The board-paper readiness report: a view model, its builder, and its renderers.

* :mod:`.view`: the paper as plain values, in reading order;
* :mod:`.build`: fills the view from a check outcome (pure);
* :mod:`.markdown`: renders it with the jinja2 template (``templates/report.md.j2``);
* :mod:`.docx`: converts that Markdown to Word with pandoc (optional ``docx`` extra).
"""

from __future__ import annotations

from .build import build_report
from .view import Report

__all__ = ["Report", "build_report"]
