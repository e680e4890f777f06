"""The result as JSON: ``CheckResult`` field for field, with ``format_version``.

The shape is published as ``schemas/result.schema.json`` (``iho-ready schema
--output-format``). Field order follows the model, so the same input gives the same bytes.
"""

from __future__ import annotations

import json

from ..models.outcome import Outcome
from . import RenderOptions


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return the result as indented JSON with a trailing newline."""
    return json.dumps(outcome.result.model_dump(mode="json"), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
