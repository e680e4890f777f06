"""Renderers: each output format is one module with ``render(ctx) -> str``.

Renderers return strings and never write files or print; the CLI owns all I/O. Adding a
format means adding a member to :class:`Format` and a module here; a test checks that every
member has a renderer.

The board report (``markdown``, then ``docx`` from that Markdown) and the progress diff
(``changes``) are renderers too, but of other inputs (a :class:`~iho_ready.report.Report`,
a :class:`~iho_ready.compare.Changes`), so they are called directly rather than through
:class:`Format`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..formats import Format
from ..loading import LoadedManifest
from ..models.result import CheckResult
from ..models.rubric import Crosswalk

if TYPE_CHECKING:
    from ..policy import Verdict


@dataclass(frozen=True)
class RenderContext:
    """Everything a renderer may read."""

    result: CheckResult
    loaded: LoadedManifest
    crosswalks: list[Crosswalk] = field(default_factory=list)
    color: bool = False
    """Whether ANSI colour may be used (terminal renderer only)."""
    width: int = 100
    """Columns available (terminal renderer only)."""
    verdict: Verdict | None = None
    """The failure policy's decision, for formats that report it (markdown-summary)."""


__all__ = ["Format", "RenderContext", "render"]


def render(fmt: Format, ctx: RenderContext) -> str:
    """Render *ctx* in format *fmt*. Imports the renderer on demand to keep start-up fast."""
    module = importlib.import_module(f"{__name__}.{fmt.value.replace('-', '_')}")
    return module.render(ctx)
