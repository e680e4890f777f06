"""``portfolio --format html``: one self-contained page, one row per trust, sortable without a script.

Sorting works with links alone: each column heading links to a copy of the table sorted by
that column (``#by-readiness``), and the style sheet shows the copy the address names
(``:target``), or the default order when it names none. So the page needs no script, works
from a file and in print, and each order can be bookmarked. Rows link to each trust's
dashboard when the portfolio was given a base URL.

The page is published (CI writes it for anyone to read), so a manifest that could not be
read shows only the code of its first problem (``an input error (schema)``), as a public
dashboard does: the text of a problem can quote a value from a private file. The terminal
and JSON views, which stay with whoever runs the command, keep every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..history import Portfolio, PortfolioRow
from ..models.result import READINESS_ORDER
from ..report.view import RAG_MEANING, READINESS_MEANING
from ..words import RAG_LABEL, READINESS_LABEL, plural, problem_for_publication
from . import RenderOptions
from .html_page import environment
from .summary_words import support_phrase

PATTERNS = {"green": "solid", "amber": "stripes", "red": "cross-hatch", "grey": "dots"}
"""The pattern each colour's swatch carries (``_page.html.j2``), so that colour is never alone."""

TEMPLATE = "portfolio.html.j2"
"""Name of the bundled portfolio template."""


@dataclass(frozen=True)
class Column:
    """A column the table can be sorted by."""

    id: str
    """Anchor of the sorted copy (``by-ID``)."""
    heading: str
    order: str
    """How that copy is sorted, in words (``worst first``)."""


COLUMNS = [
    Column("organisation", "Organisation", "A to Z"),
    Column("as-of", "As at", "oldest first"),
    Column("readiness", "Readiness and domains", "worst first"),
    Column("overdue", "Overdue actions", "most first"),
    Column("support", "Partner support", "least first"),
]
"""The sortable columns, the first being the default order."""


def _key(column: str, row: PortfolioRow) -> tuple[object, ...]:
    """Sort key of *row* for *column*; rows that could not be read always come last."""
    s = row.snapshot
    if s is None:
        return (1, row.manifest)
    name = s.organisation.casefold()
    if column == "as-of":
        return (0, s.as_of, name)
    if column == "readiness":
        return (0, sorted(READINESS_ORDER[r.readiness] for r in s.rubrics), name)
    if column == "overdue":
        return (0, -s.overdue_actions, name)
    if column == "support":
        listed = s.partners.listed or 1
        return (0, s.partners.supporting / listed, s.partners.counting, name)
    return (0, name, row.manifest)


def render(portfolio: Portfolio, options: RenderOptions, /) -> str:
    """Return the portfolio page."""
    published = [row if row.valid else row.model_copy(update={"problems": [problem_for_publication(row.problems)]})
                 for row in portfolio.rows]
    views = [(column, sorted(published, key=partial(_key, column.id))) for column in COLUMNS]
    return environment().get_template(TEMPLATE).render(
        portfolio=portfolio, views=views, columns=COLUMNS, readiness=READINESS_LABEL, rag=RAG_LABEL,
        readiness_meaning=READINESS_MEANING, rag_meaning=RAG_MEANING, patterns=PATTERNS, support=support_phrase,
        count=plural(len(portfolio.rows), "manifest"), unreadable=sum(1 for r in portfolio.rows if not r.valid),
        tool_version=portfolio.tool_version)
