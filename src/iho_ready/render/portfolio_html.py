"""``portfolio --format html``: placeholder."""

from __future__ import annotations

from ..history import Portfolio
from . import RenderOptions


def render(portfolio: Portfolio, options: RenderOptions, /) -> str:
    """Placeholder."""
    return ""
