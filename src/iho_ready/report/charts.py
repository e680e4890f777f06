"""Charts for the dashboard, drawn with matplotlib as SVG at build time (the ``charts`` extra).

Each function returns one ``<svg>`` element to embed in the page, or None when matplotlib
is not installed; the page then shows the same figures as a table only (it always shows the
table). The charts are deterministic (a fixed hash salt for element ids, no date or creator
in the metadata, text kept as text) and accessible: ``role="img"`` with a ``<title>`` and
``<desc>`` that say what the chart shows, and colour never alone: each series also has its
own hatching or line style and marker, and a legend in words.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from markupsafe import escape

from ..words import STATUS_LABEL, long_date, short_date
from .dashboard import Dashboard
from .view import RubricView

# NHS.UK colours (nhsuk-frontend's palette, as the pages and the paper use); each paired with a hatch pattern.
NHS_BLUE, NHS_RED, NHS_BLACK = "#005eb8", "#d5281b", "#212b32"
STATUS_STYLE: list[tuple[str, str, str, str]] = [
    ("met", STATUS_LABEL["met"], "#007f3b", ""),
    ("action_planned", STATUS_LABEL["action-planned"], "#ffb81c", "//"),
    ("gaps", STATUS_LABEL["gap"], NHS_RED, "xx"),
    ("not_assessed", STATUS_LABEL["not-assessed"], "#aeb7bd", "--"),  # not dots: matplotlib draws each dot as a path
]
"""(RubricView field, words, colour, hatch) for each bar segment, in reading order."""

WIDTH_INCHES = 5.2
"""Drawn narrow: about 480 units wide once trimmed, and the page never shows a chart narrower than 31rem
(496 px; it scrolls inside its box instead), so 12-point text is drawn at least 12 px high at any width,
a phone's included (it was 6 px at 320 px wide)."""
_FONT = {"font.family": "sans-serif", "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
         "font.size": 12, "text.parse_math": False, "text.usetex": False}
MAX_DATE_LABELS = 4
"""At most this many dates label the trend's axis (first and last always), so that they never overlap."""


def _matplotlib() -> Any | None:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    return Figure


def _rc(matplotlib: Any) -> Any:
    """``matplotlib.rc_context``, typed loosely: its stubs list every key, which a dict of settings cannot satisfy."""
    return matplotlib.rc_context


def available() -> bool:
    """Whether the ``charts`` extra (matplotlib) is installed."""
    return _matplotlib() is not None


def _svg(figure: Any, chart_id: str, title: str, description: str) -> str:
    """*figure* as one accessible ``<svg>`` element, the same bytes every time."""
    import matplotlib

    out = io.StringIO()
    with _rc(matplotlib)({"svg.hashsalt": f"iho-ready-{chart_id}", "svg.fonttype": "none",
                                "svg.id": chart_id}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                    "Type": None}, bbox_inches="tight")
    text = out.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    # Scale with the page: keep the viewBox, drop the fixed size, and name the chart for assistive technology.
    opening = re.search(r"<svg\b([^>]*)>", text)
    assert opening is not None
    attributes = re.sub(r'\s(width|height)="[^"]*"', "", opening.group(1))
    # Named by its title and described by its desc, each read once (a desc is the description by default).
    tag = (f'<svg{attributes} role="img" aria-labelledby="{chart_id}-title" class="chart">'
           f'<title id="{chart_id}-title">{escape(title)}</title>'
           f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    text = text[:opening.start()] + tag + text[opening.end():]
    return _own_ids(text, chart_id).strip() + "\n"


def _own_ids(svg: str, chart_id: str) -> str:
    """Every id matplotlib wrote (``figure_1``, ``patch_2``, clip paths, markers), and every reference to
    one, prefixed with *chart_id*: two charts on one page would otherwise repeat ids."""
    ids = {m.group(1) for m in re.finditer(r'\bid="([^"]+)"', svg)
           if not m.group(1).startswith(f"{chart_id}-") and m.group(1) != chart_id}
    if not ids:
        return svg
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    svg = re.sub(rf'\bid="({names})"', rf'id="{chart_id}-\1"', svg)
    return re.sub(rf'(url\(#|href="#)({names})(?=[")])', rf"\g<1>{chart_id}-\2", svg)


def status_chart(rubrics: Sequence[RubricView]) -> str | None:
    """Criteria by status for each rubric: one stacked bar per rubric, counts written on the bars."""
    figure_type = _matplotlib()
    if figure_type is None or not rubrics:
        return None
    import matplotlib

    with _rc(matplotlib)(_FONT | {"hatch.color": NHS_BLACK, "hatch.linewidth": 0.6}):
        fig = figure_type(figsize=(WIDTH_INCHES, 1.2 + 0.9 * len(rubrics)))
        ax = fig.add_subplot()
        names = [r.title for r in rubrics][::-1]
        left = [0] * len(rubrics)
        for field, label, colour, hatch in STATUS_STYLE:
            values = [getattr(r, field) for r in rubrics][::-1]
            bars = ax.barh(names, values, left=left, color=colour, hatch=hatch, edgecolor=NHS_BLACK,
                           linewidth=0.6, label=label)
            for bar, value in zip(bars, values, strict=True):
                if value:
                    ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(value),
                            ha="center", va="center", color=NHS_BLACK,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlabel("Criteria")
        ax.xaxis.get_major_locator().set_params(integer=True)  # counts of criteria: whole numbers only
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(rubrics) < 3 else -0.2), ncol=2,
                  frameon=False)
        ax.set_yticks(range(len(names)), [_wrap(n, 20) for n in names])
        parts = []
        for r in rubrics:
            counts = ", ".join(f"{getattr(r, f)} {label.lower()}" for f, label, _, _ in STATUS_STYLE)
            parts.append(f"{r.title}: {counts}.")
        return _svg(fig, "chart-status", "Criteria by status, for each set of criteria", " ".join(parts))


def trend_chart(dashboard: Dashboard) -> str | None:
    """Open shortfalls and overdue actions at each assessment the manifest's history holds."""
    figure_type = _matplotlib()
    rows = [r for r in dashboard.trend if r.valid and r.open_gaps is not None]
    if figure_type is None or not rows:
        return None
    import matplotlib

    with _rc(matplotlib)(_FONT):
        fig = figure_type(figsize=(WIDTH_INCHES, 3.6))
        ax = fig.add_subplot()
        xs = list(range(len(rows)))
        gaps = [r.open_gaps or 0 for r in rows]
        overdue = [r.overdue_actions or 0 for r in rows]
        ax.plot(xs, gaps, color=NHS_BLUE, linestyle="-", marker="o", linewidth=2, label="Open shortfalls")
        ax.plot(xs, overdue, color=NHS_RED, linestyle="--", marker="s", linewidth=2, label="Overdue actions")
        shown = _spread(len(rows), MAX_DATE_LABELS)
        # Day and month over the year: each label half as wide, so four never meet.
        ax.set_xticks([xs[i] for i in shown], [short_date(rows[i].committed).rsplit(" ", 1)[0] + "\n"
                                                + str(rows[i].committed.year) for i in shown])
        ax.set_xlabel("Recorded")
        ax.set_xlim(-0.8, len(rows) - 0.2)  # half a step either side: the first date clears the y axis's labels
        ax.set_ylabel("Count")
        ax.set_ylim(bottom=0, top=max([*gaps, *overdue, 1]) * 1.2)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, frameon=False)
        first, last = rows[0], rows[-1]
        description = (f"{len(rows)} assessments from {long_date(first.committed)} to {long_date(last.committed)}. "
                       f"Open shortfalls went "
                       f"from {first.open_gaps} to {last.open_gaps}; overdue actions from {first.overdue_actions} to "
                       f"{last.overdue_actions}. The table below gives every value.")
        return _svg(fig, "chart-trend", "Open shortfalls and overdue actions at each assessment", description)


def _spread(count: int, most: int) -> list[int]:
    """Up to *most* indexes of *count* points, evenly spread, always the first and the last."""
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def _wrap(text: str, width: int = 28) -> str:
    """A long label on two or more lines (matplotlib does not wrap)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])
