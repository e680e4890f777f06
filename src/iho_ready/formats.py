"""The output formats of every command, in a module light enough for the CLI to import at start-up.

Each member has a renderer module (``iho_ready.render.<value with - as _>`` for ``check``;
the registries in :mod:`iho_ready.render` for the others); a test checks that every member does.
"""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """Output formats of ``check``."""

    terminal = "terminal"
    """The gap analysis for a person (rich text)."""
    json = "json"
    """The result as JSON (``schemas/result.schema.json``)."""
    junit = "junit"
    """JUnit XML: a test suite per rubric, a test case per criterion."""
    sarif = "sarif"
    """SARIF 2.1.0, one rule per finding code, results at manifest lines."""
    github = "github"
    """GitHub Actions workflow commands that annotate manifest lines."""
    markdown_summary = "markdown-summary"
    """A short Markdown summary for a CI job summary or a merge request comment."""

    @property
    def whole_document(self) -> bool:
        """True for formats a program reads as one document, which cannot share stdout.

        ``terminal`` and ``github`` are read line by line (the GitHub runner picks its
        commands out of the log), so they can be printed together.
        """
        return self not in (Format.terminal, Format.github)


class ReportFormat(str, Enum):
    """Output formats of ``report``."""

    markdown = "markdown"
    """The board paper as GitHub-flavoured Markdown."""
    docx = "docx"
    """The board paper as a Word document (the ``docx`` extra)."""
    pdf = "pdf"
    """The board paper as PDF, typeset by Typst (the ``pdf`` extra)."""
    html = "html"
    """The dashboard: one self-contained HTML page (charts with the ``charts`` extra)."""


class HistoryFormat(str, Enum):
    """Output formats of ``history``."""

    terminal = "terminal"
    """A table per assessment for a person (rich text)."""
    json = "json"
    """The history as JSON, with ``format_version``."""


class PortfolioFormat(str, Enum):
    """Output formats of ``portfolio``."""

    terminal = "terminal"
    """One row per trust for a person (rich text)."""
    json = "json"
    """The portfolio as JSON, with ``format_version``."""
    html = "html"
    """One self-contained HTML page, sortable without a script, linking to each trust's dashboard."""
    xlsx = "xlsx"
    """A workbook: one row per trust, and a trust-by-criterion matrix per rubric (the ``workbook`` extra)."""


class Audience(str, Enum):
    """Who the report is for: a public session never sees evidence marked private."""

    public = "public"
    """The public session of the meeting."""
    private = "private"
    """The private (confidential) session."""


class PartnerKind(str, Enum):
    """Kinds of system partner, for ``init --partner``."""

    icb = "icb"
    """An integrated care board."""
    trust = "trust"
    """Another NHS trust."""
    primary_care = "primary-care"
    """A primary care organisation or collaborative."""
    local_authority = "local-authority"
    """A local authority (including public health)."""
    vcse = "vcse"
    """A voluntary, community or social enterprise organisation."""
    other = "other"
    """Any other partner."""
