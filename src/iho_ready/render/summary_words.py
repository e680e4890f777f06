"""Words shared by the history and portfolio renderers: one assessment's numbers as phrases."""

from __future__ import annotations

from ..history import PartnerSupport, RubricSnapshot, Snapshot
from ..words import RAG_LABEL, listing, plural


def ratings_phrase(rubric: RubricSnapshot) -> str:
    """``8 confirmed and 1 not confirmed; 2 not rated``, as the board paper counts ratings."""
    given = [f"{r.count} {r.rating.lower()}" for r in rubric.ratings if r.rating != "Not rated"]
    unrated = sum(r.count for r in rubric.ratings if r.rating == "Not rated")
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
