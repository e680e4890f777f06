"""``portfolio --format json``: the :class:`~iho_ready.history.Portfolio` model field for field."""

from __future__ import annotations

import json

from ..history import Portfolio
from . import RenderOptions


def render(portfolio: Portfolio, options: RenderOptions, /) -> str:
    """Return the portfolio as indented JSON with a trailing newline."""
    return json.dumps(portfolio.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
