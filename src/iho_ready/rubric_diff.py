"""Differences between two versions of a rubric, by criterion and evidence item id.

A pure comparison for ``iho-ready rubrics diff``; :mod:`iho_ready.render.rubric_text`
puts it in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models.rubric import Rubric


@dataclass(frozen=True)
class RubricDiff:
    """Differences between two rubric versions, by criterion and evidence item id."""

    added: list[str]
    removed: list[str]
    changed: list[str]
    """Human-readable lines describing changed text or properties."""

    @property
    def empty(self) -> bool:
        """True when the two versions have the same criteria and text."""
        return not (self.added or self.removed or self.changed)


def diff_rubrics(old: Rubric, new: Rubric) -> RubricDiff:
    """Compare two rubrics criterion by criterion and item by item."""
    def index(r: Rubric) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for p in r.walk():
            c = p.criterion
            out[c.id] = {"lead-in": p.lead_in, "statement": c.statement, "points": c.points, "closing": c.closing,
                         "mandatory": c.mandatory, "scale": p.scale_id, "domain": p.domain.id}
            for item in c.evidence:
                out[item.id] = {"text": item.text, "required": item.required, "considerations": item.considerations}
        return out

    a, b = index(old), index(new)
    changed = []
    for key in sorted(set(a) & set(b)):
        for field, value in a[key].items():
            if b[key].get(field) != value:
                changed.append(f"{key}: {field} changed")
    return RubricDiff(added=sorted(set(b) - set(a)), removed=sorted(set(a) - set(b)), changed=changed)
