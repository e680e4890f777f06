"""``portfolio`` for a person: a summary line, one block per trust, then a trust-by-criterion matrix.

Each trust's block gives its as-at date, readiness per rubric (its domains by colour, in words),
the ICB's position, open partner conditions, overdue actions and partner support, wrapped at
words to the terminal's width: nothing is ever cut, at 80 columns or fewer. The matrix numbers
the trusts (their names are in the blocks above) and shows each criterion as one letter,
coloured when colour is on, with a key. A manifest that could not be read is a block that
says so, with its problems listed.
"""

from __future__ import annotations

from ..history import Portfolio, PortfolioRow
from ..words import READINESS_LABEL, long_date, plural
from . import RenderOptions
from .layout import Span, Writer
from .portfolio_html import Matrix, matrices
from .summary_words import (
    NOT_SELECTED_LETTER,
    conditions_phrase,
    domains_phrase,
    icb_phrase,
    judged_phrase,
    portfolio_summary,
    status_key,
    support_phrase,
)

_READY_STYLE = {"ready": "bold green", "plan-agreed": "bold yellow", "not-ready": "bold red"}
_RAG_STYLE = {"green": "green", "amber": "yellow", "red": "red", "grey": "dim", "none": "dim"}
_LABEL = 4
"""Width of a matrix row's label (``T12``)."""


def render(portfolio: Portfolio, options: RenderOptions, /) -> str:
    """Return the portfolio as text (with ANSI colour codes when ``options.color``)."""
    out = Writer(options.width, options.color)
    rows = portfolio.rows
    out.line((f"Portfolio: {plural(len(rows), 'trust')}", "bold"))
    out.line((portfolio_summary(portfolio.summary) + ".", ""))
    out.line((judged_phrase(portfolio.as_of, [r.snapshot.as_of for r in rows if r.snapshot is not None]), ""))
    number = {id(row): n for n, row in enumerate(rows, start=1)}
    for row in rows:
        out.blank()
        _trust(out, row, number[id(row)])
    found = matrices(rows)
    if found:
        out.blank()
        out.line(("Every criterion, trust by trust", "bold"))
        for _, letter, words in status_key():
            out.line((f"  {letter}  ", "bold"), (words, ""), hang=5)
        out.line((f"  {NOT_SELECTED_LETTER}  ", "bold"), ("Not selected by the trust", ""), hang=5)
        for matrix in found:
            out.blank()
            _matrix(out, matrix, number)
    return out.text()


def _trust(out: Writer, row: PortfolioRow, n: int) -> None:
    s, t = row.snapshot, row.standing
    if s is None or t is None:
        out.line((f"T{n}  {row.manifest}: ", "bold"), ("could not be read:", "red"), hang=4)
        for line in row.problems:
            out.line((line, ""), indent=4, hang=2)
        return
    name = s.organisation + (f" ({s.ods_code})" if s.ods_code else "")
    out.line((f"T{n}  {name}", "bold"), hang=4)
    out.line(("As at ", ""), (long_date(s.as_of), ""), (": ", ""),
             (READINESS_LABEL[t.readiness], _READY_STYLE[t.readiness]), (".", ""), indent=4, hang=2)
    for r in s.rubrics:
        out.line((f"{r.id}@{r.version}: ", ""), (READINESS_LABEL[r.readiness], _READY_STYLE[r.readiness]),
                 (f" ({domains_phrase(s, r.id)})", ""), indent=4, hang=2)
    out.line(("ICB's position: ", ""), (icb_phrase(t.icb), ""), indent=4, hang=2)
    out.line(("Open partner conditions: ", ""), (conditions_phrase(t.open_conditions), ""), indent=4, hang=2)
    out.line(("Overdue actions: ", ""), (str(s.overdue_actions), "bold red" if s.overdue_actions else ""),
             indent=4, hang=2)
    out.line(("Partner support: ", ""), (support_phrase(s.partners), ""), indent=4, hang=2)


def _matrix(out: Writer, matrix: Matrix, number: dict[int, int]) -> None:
    out.line((f"{matrix.title} ({matrix.rubric})", "bold"), hang=2)
    width = max([len(c) for c in matrix.criteria] + [1]) + 1
    fits = max(1, (out.width - 2 - _LABEL) // width)
    blocks = -(-len(matrix.criteria) // fits)
    per_block = -(-len(matrix.criteria) // blocks) if blocks else 1
    for start in range(0, len(matrix.criteria), per_block):
        if start:
            out.blank()
        ids = matrix.criteria[start:start + per_block]
        out.line(("  " + " " * _LABEL + "".join(c.rjust(width) for c in ids), "bold"), wrap=False)
        for row, cells in matrix.rows:
            spans: list[Span] = [("  " + f"T{number[id(row)]}".ljust(_LABEL), "")]
            for cell in cells[start:start + per_block]:
                spans += [(" " * (width - len(cell.letter)), ""), (cell.letter, _RAG_STYLE[cell.colour])]
            out.line(*spans, wrap=False)
