"""Words shared by the history and portfolio renderers: one assessment's numbers as phrases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..history import IcbPosition, OpenCondition, PartnerSupport, PortfolioSummary, RubricSnapshot, Snapshot
from ..words import POSITION_LABEL, RAG_LABEL, READINESS_LABEL, STATUS_LABEL, listing, long_date, plural


def ratings_phrase(rubric: RubricSnapshot) -> str:
    """``8 confirmed and 1 not confirmed; 2 not rated``, as the board paper counts ratings."""
    given = [f"{r.count} {r.rating.lower()}" for r in rubric.ratings if r.rated]
    unrated = sum(r.count for r in rubric.ratings if not r.rated)
    text = listing(given) if given else "no ratings given"
    return text + (f"; {unrated} not rated" if unrated else "")


def domains_phrase(snapshot: Snapshot, rubric: str) -> str:
    """``3 green, 1 amber and 2 red``: a rubric's domains counted by colour, in words."""
    colours: list[str] = [d.rag for d in snapshot.domains if d.rubric == rubric]
    return listing([f"{colours.count(rag)} {label.lower()}" for rag, label in RAG_LABEL.items()
                    if colours.count(rag)]) or "no domains"


def support_phrase(support: PartnerSupport) -> str:
    """``2 of 3 support (1 with conditions); 2 statements count``, or ``No partner statements``."""
    if not support.listed:
        return "No partner statements"
    conditions = f" ({support.with_conditions} with conditions)" if support.with_conditions else ""
    return (f"{support.supporting} of {support.listed} support{conditions}; "
            f"{plural(support.counting, 'statement')} {'counts' if support.counting == 1 else 'count'}")


# --------------------------------------------------------------------------- the portfolio's words

STATUS_LETTER: dict[str, str] = {
    "met": "M",
    "action-planned": "P",
    "gap": "G",
    "not-assessed": "N",
    "not-applicable": "X",
}
"""The one-letter word each criterion status has in the portfolio's matrix (with its colour, and a key)."""

NOT_SELECTED_LETTER = "-"
"""A matrix cell for a criterion of a rubric the trust does not select."""


def status_key() -> list[tuple[str, str, str]]:
    """(status, letter, words) for the matrix's key, in the order statuses go from best to worst."""
    return [(status, letter, STATUS_LABEL[status]) for status, letter in STATUS_LETTER.items()]


def portfolio_summary(summary: PortfolioSummary) -> str:
    """``1 of 4 trusts ready, 1 not ready: plan agreed, 2 not ready`` (and how many could not be read)."""
    others = [(summary.plan_agreed, READINESS_LABEL["plan-agreed"]), (summary.not_ready, READINESS_LABEL["not-ready"]),
              (summary.unreadable, "could not be read")]
    head = f"{summary.ready} of {plural(summary.trusts, 'trust')} {READINESS_LABEL['ready'].lower()}"
    return ", ".join([head, *(f"{n} {words.lower()}" for n, words in others if n)])


def judged_phrase(as_of: date | None, dates: Sequence[date]) -> str:
    """Whether the trusts are compared on one date: the ``--as-of`` date, their own common date, or not."""
    if as_of is not None:
        return f"Every trust is judged as at {long_date(as_of)}."
    found = sorted(set(dates))
    if len(found) == 1:
        return f"Every trust is judged as at {long_date(found[0])}, its own assessment date."
    if not found:
        return "No trust's self-assessment could be read."
    return (f"Each trust is judged as at its own assessment date, from {long_date(found[0])} to "
            f"{long_date(found[-1])}: give --as-of to compare them on one date.")


def icb_phrase(icb: IcbPosition | None) -> str:
    """``Supports, with conditions`` (and whether its statement counts), or ``No ICB statement``."""
    if icb is None:
        return "No ICB statement"
    position = POSITION_LABEL[icb.position] if icb.position else "No position stated"
    return position + ("" if icb.counts or icb.position is None else " (statement does not count yet)")


def conditions_phrase(conditions: Sequence[OpenCondition]) -> str:
    """``2 open: ICB C1, ICB C2``, or ``None open``."""
    if not conditions:
        return "None open"
    return f"{len(conditions)} open: " + ", ".join(f"{c.partner} {c.condition}" for c in conditions)
