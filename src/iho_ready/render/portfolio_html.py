"""``portfolio --format html``: one self-contained page for a region: a summary, a sortable table, a matrix.

The page says in one line how many trusts are ready, and whether they are judged on one date;
then one row per trust (readiness, the ICB's position, open partner conditions, overdue actions,
partner support), sortable without a script; then, for each set of criteria, a trust-by-criterion
matrix, one letter and one colour per cell with the words for screen readers and a key, so that
forty trusts fit on one screen. Every decision shown is the evaluation's (the
:class:`~iho_ready.history.Portfolio`); this module only orders and lays out.

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

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ..history import CriterionCell, Portfolio, PortfolioRow
from ..models.result import READINESS_ORDER
from ..report.view import RAG_MEANING, READINESS_MEANING
from ..words import RAG_LABEL, READINESS_LABEL, STATUS_LABEL, plural, problem_for_publication
from . import RenderOptions
from .html_frame import render_page
from .summary_words import (
    NOT_SELECTED_LETTER,
    STATUS_LETTER,
    conditions_phrase,
    icb_phrase,
    judged_phrase,
    portfolio_summary,
    status_key,
    support_phrase,
)

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
    descending: bool = False
    """Whether that order is descending (``aria-sort``)."""
    phrase: str = ""
    """The heading inside a sentence (``sorted by ICB's position``); the heading in lower case when empty."""

    @property
    def words(self) -> str:
        """The heading as a sentence uses it."""
        return self.phrase or self.heading.lower()


COLUMNS = [
    Column("organisation", "Trust", "A to Z"),
    Column("as-of", "As at", "oldest first"),
    Column("readiness", "Readiness", "worst first"),
    Column("icb", "ICB's position", "least support first", phrase="ICB's position"),
    Column("conditions", "Open partner conditions", "most first", descending=True),
    Column("overdue", "Overdue actions", "most first", descending=True),
    Column("support", "Partner support", "least first"),
]
"""The sortable columns, the first being the default order."""

_ICB_ORDER = {None: 0, "does-not-support": 1, "undecided": 2, "supports-with-conditions": 3, "supports": 4}


def _key(column: str, row: PortfolioRow) -> tuple[object, ...]:
    """Sort key of *row* for *column*; rows that could not be read always come last."""
    s, t = row.snapshot, row.standing
    if s is None or t is None:
        return (1, row.manifest)
    name = s.organisation.casefold()
    if column == "as-of":
        return (0, s.as_of, name)
    if column == "readiness":
        return (0, READINESS_ORDER[t.readiness], sorted(READINESS_ORDER[r.readiness] for r in s.rubrics), name)
    if column == "icb":
        return (0, _ICB_ORDER[t.icb.position if t.icb else None], name)
    if column == "conditions":
        return (0, -len(t.open_conditions), name)
    if column == "overdue":
        return (0, -s.overdue_actions, name)
    if column == "support":
        listed = s.partners.listed or 1
        return (0, s.partners.supporting / listed, s.partners.counting, name)
    return (0, name, row.manifest)


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the matrix: a letter, a colour and the words."""

    letter: str
    colour: str
    """A RAG colour, or ``none`` where the trust does not select the rubric."""
    words: str


@dataclass(frozen=True)
class Matrix:
    """One set of criteria, trust by criterion."""

    rubric: str
    title: str
    criteria: list[str]
    rows: list[tuple[PortfolioRow, list[MatrixCell]]]


def matrices(rows: Sequence[PortfolioRow]) -> list[Matrix]:
    """One matrix per rubric any trust selects, its criteria in the order the evaluations list them."""
    titles: dict[str, str] = {}
    criteria: dict[str, dict[str, None]] = {}
    for row in rows:
        if row.snapshot is None or row.standing is None:
            continue
        for r in row.snapshot.rubrics:
            titles.setdefault(r.id, r.title)
        for c in row.standing.criteria:
            criteria.setdefault(c.rubric, {})[c.criterion] = None
    readable = [r for r in rows if r.standing is not None]
    found = []
    for rubric, title in titles.items():
        ids = list(criteria.get(rubric, {}))
        cells = []
        for row in readable:
            assert row.standing is not None
            mine = {c.criterion: c for c in row.standing.criteria if c.rubric == rubric}
            cells.append((row, [_cell(mine.get(i)) for i in ids]))
        found.append(Matrix(rubric=rubric, title=title, criteria=ids, rows=cells))
    return found


def _cell(cell: CriterionCell | None) -> MatrixCell:
    if cell is None:
        return MatrixCell(NOT_SELECTED_LETTER, "none", "Not selected")
    return MatrixCell(STATUS_LETTER[cell.status], cell.rag, STATUS_LABEL[cell.status])


def render(portfolio: Portfolio, options: RenderOptions, /) -> str:
    """Return the portfolio page."""
    published = [row if row.valid else row.model_copy(update={"problems": [problem_for_publication(row.problems)]})
                 for row in portfolio.rows]
    views = [(column, sorted(published, key=partial(_key, column.id))) for column in COLUMNS]
    dates = [r.snapshot.as_of for r in portfolio.rows if r.snapshot is not None]
    return render_page(
        TEMPLATE, portfolio=portfolio, views=views, columns=COLUMNS, readiness=READINESS_LABEL, rag=RAG_LABEL,
        readiness_meaning=READINESS_MEANING, rag_meaning=RAG_MEANING, patterns=PATTERNS, support=support_phrase,
        icb=icb_phrase, conditions=conditions_phrase, summary=portfolio_summary(portfolio.summary),
        judged=judged_phrase(portfolio.as_of, dates), matrices=matrices(views[0][1]), key=status_key(),
        not_selected=NOT_SELECTED_LETTER, trusts=plural(portfolio.summary.trusts, "trust"), private=False,
        statement=options.statement,
        tool_version=portfolio.tool_version)
