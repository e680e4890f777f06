"""``history --format json``: the :class:`~iho_ready.history.History` model field for field."""

from __future__ import annotations

import json

from ..history import History
from . import RenderOptions


def render(history: History, options: RenderOptions, /) -> str:
    """Return the history as indented JSON with a trailing newline."""
    return json.dumps(history.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
