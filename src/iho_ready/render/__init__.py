"""Renderers: every output is one module with ``render(subject, options) -> str | bytes``.

Renderers only render: they read a result (and the text of the criteria and evidence it
concerns) and return a string or bytes. They never write files, print, or decide anything
a rule decides. All of them share the :class:`Renderer` interface:

* ``check`` formats (:class:`~iho_ready.formats.Format`) render an
  :class:`~iho_ready.models.outcome.Outcome`: modules in this package;
* ``report`` formats (:class:`~iho_ready.formats.ReportFormat`) render a
  :class:`~iho_ready.report.view.Report`: modules in :mod:`iho_ready.report`;
* ``diff`` renders a :class:`~iho_ready.progress.Progress`: :mod:`.progress`;
* ``history`` formats (:class:`~iho_ready.formats.HistoryFormat`) render a
  :class:`~iho_ready.history.History`, and ``portfolio`` formats
  (:class:`~iho_ready.formats.PortfolioFormat`) a :class:`~iho_ready.history.Portfolio`;
* ``report --format html`` renders a :class:`~iho_ready.report.dashboard.Dashboard`:
  :mod:`iho_ready.report.html`.

Modules are imported when first used, to keep start-up fast. Adding a format means adding
an enum member and a module; a test checks that every member has a renderer, and mypy
checks (through the block under ``TYPE_CHECKING`` below) that each one fits the interface.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..formats import Format, HistoryFormat, PortfolioFormat, ReportFormat

if TYPE_CHECKING:
    from ..history import History, Portfolio
    from ..models.outcome import InvalidInput, Outcome
    from ..policy import Verdict
    from ..progress import Progress
    from ..report.dashboard import Dashboard
    from ..report.view import Report

S_contra = TypeVar("S_contra", contravariant=True)
O_co = TypeVar("O_co", covariant=True)


@dataclass(frozen=True)
class RenderOptions:
    """How to render, as opposed to what: the same for every renderer."""

    color: bool = False
    """Whether ANSI colour may be used (terminal renderers only)."""
    width: int = 100
    """Columns available (terminal renderers only)."""
    verdict: Verdict | None = None
    """The failure policy's decision, for formats that report it (markdown-summary)."""
    template: Path | None = None
    """A user's report template in place of the bundled one (report formats only)."""
    charts: bool = True
    """Draw charts as SVG where the ``charts`` extra is installed (HTML formats); tables are always there."""
    quiet: bool = False
    """Only the findings and a one-line verdict (the terminal format of ``check --quiet``)."""
    statement: str | None = None
    """Address of the accessibility statement, linked from an HTML page's footer (a page published as a site)."""
    reference_doc: Path | None = None
    """A Word document whose styles (fonts, colours, logo in its header) the Word paper takes."""
    logo: Path | None = None
    """An image (PNG, JPEG or SVG) the PDF paper shows at the top of its cover sheet."""
    accent: str | None = None
    """The PDF paper's accent colour (headings, table rules) as ``#RRGGBB``; NHS Blue when None."""


class Renderer(Protocol[S_contra, O_co]):
    """The one interface of every renderer: a subject and options in, text or bytes out."""

    def __call__(self, subject: S_contra, options: RenderOptions, /) -> O_co:
        """Render *subject*."""
        ...


CHECK_RENDERERS: dict[Format, str] = {fmt: f"{__name__}.{fmt.value.replace('-', '_')}" for fmt in Format}
"""The module that renders each ``check`` format."""

REPORT_RENDERERS: dict[ReportFormat, str] = {
    ReportFormat.markdown: "iho_ready.report.markdown",
    ReportFormat.docx: "iho_ready.report.docx",
    ReportFormat.pdf: "iho_ready.report.pdf",
    ReportFormat.html: "iho_ready.report.html",
}
"""The module that renders each ``report`` format."""

HISTORY_RENDERERS: dict[HistoryFormat, str] = {fmt: f"{__name__}.history_{fmt.value}" for fmt in HistoryFormat}
"""The module that renders each ``history`` format."""

PORTFOLIO_RENDERERS: dict[PortfolioFormat, str] = {fmt: f"{__name__}.portfolio_{fmt.value}" for fmt in PortfolioFormat}
"""The module that renders each ``portfolio`` format."""

PROGRESS_RENDERER = f"{__name__}.progress"
"""The module that renders ``diff`` (progress between two assessments)."""


def _load(module: str) -> Renderer[object, str | bytes]:
    found: Renderer[object, str | bytes] = importlib.import_module(module).render
    return found


def render_check(fmt: Format, outcome: Outcome, options: RenderOptions) -> str:
    """Render a check *outcome* in format *fmt*."""
    text = _load(CHECK_RENDERERS[fmt])(outcome, options)
    assert isinstance(text, str)
    return text


INVALID_INPUT_FORMATS = frozenset({Format.github, Format.sarif, Format.junit, Format.markdown_summary})
"""The CI formats still written when the manifest cannot be read: each module's ``render_invalid``."""


def render_invalid(fmt: Format, invalid: InvalidInput, options: RenderOptions) -> str | None:
    """Render input that could not be read in format *fmt*, or None for formats that say nothing then.

    The terminal view has nothing to add to the diagnostics on standard error, and the
    JSON result (``schemas/result.schema.json``) describes an evaluated manifest only.
    """
    if fmt not in INVALID_INPUT_FORMATS:
        return None
    module = importlib.import_module(CHECK_RENDERERS[fmt])
    text: str = module.render_invalid(invalid, options)
    return text


def render_report(fmt: ReportFormat, report: Report, options: RenderOptions) -> str | bytes:
    """Render the board paper in format *fmt* (Markdown text, or Word or PDF bytes)."""
    return _load(REPORT_RENDERERS[fmt])(report, options)


def render_dashboard(dashboard: Dashboard, options: RenderOptions) -> str:
    """Render the dashboard as one self-contained HTML page."""
    text = _load(REPORT_RENDERERS[ReportFormat.html])(dashboard, options)
    assert isinstance(text, str)
    return text


def render_history(fmt: HistoryFormat, history: History, options: RenderOptions) -> str:
    """Render the history of a manifest in format *fmt*."""
    text = _load(HISTORY_RENDERERS[fmt])(history, options)
    assert isinstance(text, str)
    return text


def render_portfolio(fmt: PortfolioFormat, portfolio: Portfolio, options: RenderOptions) -> str | bytes:
    """Render a portfolio of trusts in format *fmt* (text, or the bytes of a workbook)."""
    return _load(PORTFOLIO_RENDERERS[fmt])(portfolio, options)


def render_progress(progress: Progress, options: RenderOptions) -> str:
    """Render the progress between two assessments for a terminal."""
    text = _load(PROGRESS_RENDERER)(progress, options)
    assert isinstance(text, str)
    return text


if TYPE_CHECKING:  # mypy checks here that every renderer fits the one interface.
    from ..report import docx as _docx, html as _html, markdown as _markdown, pdf as _pdf
    from . import (
        github as _github,
        history_json as _history_json,
        history_terminal as _history_terminal,
        json as _json,
        junit as _junit,
        markdown_summary as _markdown_summary,
        portfolio_html as _portfolio_html,
        portfolio_json as _portfolio_json,
        portfolio_terminal as _portfolio_terminal,
        portfolio_xlsx as _portfolio_xlsx,
        progress as _progress,
        sarif as _sarif,
        terminal as _terminal,
    )

    _CHECK: list[Renderer[Outcome, str]] = [
        _terminal.render, _json.render, _junit.render, _sarif.render, _github.render, _markdown_summary.render]
    _REPORT: list[Renderer[Report, str | bytes]] = [_markdown.render, _docx.render, _pdf.render]
    _PROGRESS: Renderer[Progress, str] = _progress.render
    _INVALID: list[Renderer[InvalidInput, str]] = [
        _github.render_invalid, _sarif.render_invalid, _junit.render_invalid, _markdown_summary.render_invalid]
    _DASHBOARD: Renderer[Dashboard, str] = _html.render
    _HISTORY: list[Renderer[History, str]] = [_history_terminal.render, _history_json.render]
    _PORTFOLIO: list[Renderer[Portfolio, str | bytes]] = [
        _portfolio_terminal.render, _portfolio_json.render, _portfolio_html.render, _portfolio_xlsx.render]

__all__ = ["CHECK_RENDERERS", "HISTORY_RENDERERS", "INVALID_INPUT_FORMATS", "PORTFOLIO_RENDERERS", "REPORT_RENDERERS",
           "Format", "HistoryFormat", "PortfolioFormat", "RenderOptions", "Renderer", "ReportFormat", "render_check",
           "render_dashboard", "render_history", "render_invalid", "render_portfolio", "render_progress",
           "render_report"]
