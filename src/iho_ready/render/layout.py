"""Laying out text for a terminal: lines wrapped at words, aligned tables, colour codes.

Shared by the terminal renderers (``check``'s gap analysis, ``diff``). Nothing here knows
what it lays out. Wrapping breaks only at spaces (a word longer than a line is split, never
dropped), and a table that does not fit says so, so its caller can stack it instead:
nothing is ever cut. rich is imported only for its colour codes, and only with colour.
Every text is passed through :func:`~iho_ready.safe_text.visible` first, so text from a
manifest can neither act on a terminal nor forge a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..safe_text import visible

Span = tuple[str, str]
"""Text and its rich style name ('' for none)."""


@lru_cache(maxsize=64)
def codes(style: str) -> tuple[str, str]:
    """The ANSI codes that open and close *style*, exactly as rich writes them."""
    from rich.color import ColorSystem
    from rich.style import Style

    marked = Style.parse(style).render("\x00", color_system=ColorSystem.STANDARD)
    opening, _, closing = marked.partition("\x00")
    return opening, closing


class Writer:
    """Lines of text, wrapped at words to a width, coloured when asked."""

    def __init__(self, width: int, color: bool) -> None:
        self.width = width
        self.color = color
        self.lines: list[str] = []

    def paint(self, spans: Sequence[Span]) -> str:
        """The spans as one string, with colour codes when colour is on."""
        if not self.color:
            return "".join(text for text, _ in spans)
        out = []
        for text, style in spans:
            if style and text:
                opening, closing = codes(style)
                out.append(opening + text + closing)
            else:
                out.append(text)
        return "".join(out)

    def line(self, *spans: Span, indent: int = 0, hang: int = 0, wrap: bool = True) -> None:
        """Add one logical line; wrapped lines are indented by *indent* plus *hang*.

        Control characters in the text (from a manifest) are shown as escapes, never sent.
        """
        spans = tuple((visible(text), style) for text, style in spans)
        plain = "".join(text for text, _ in spans)
        if not wrap or len(plain) + indent <= self.width:
            self.lines.append(" " * indent + self.paint(spans))
            return
        first, rest = max(self.width - indent, 20), max(self.width - indent - hang, 20)
        for n, (start, end) in enumerate(_wrap_at_words(plain, first, rest)):
            self.lines.append(" " * (indent + (hang if n else 0)) + self.paint(cut(spans, start, end)))

    def blank(self) -> None:
        """An empty line."""
        self.lines.append("")

    def text(self) -> str:
        """Everything written, one line each."""
        return "".join(line + "\n" for line in self.lines)


def wrap(plain: str, first: int, rest: int) -> list[tuple[int, int]]:
    """(start, end) of each line of *plain* wrapped at spaces; a word longer than a line is split."""
    found = []
    start, size, width = 0, len(plain), first
    while size - start > width:
        cut = plain.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut, after = start + width, start + width
        else:
            after = cut + 1
        found.append((start, cut))
        start, width = after, rest
        while start < size and plain[start] == " ":
            start += 1
    found.append((start, size))
    return found


def cut(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The part of *spans* between two offsets of their joined text."""
    out: list[Span] = []
    at = 0
    for text, style in spans:
        lo, hi = max(start, at), min(end, at + len(text))
        if lo < hi:
            out.append((text[lo - at:hi - at], style))
        at += len(text)
        if at >= end:
            break
    return out


Cell = list[Span]


def table(out: Writer, headers: Sequence[str], rows: Sequence[Sequence[Cell]], right: set[int], *,
           wrap_column: int | None = None, indent: int = 2) -> bool:
    """Write an aligned table, or return False (writing nothing) if it cannot fit.

    Columns take their widest cell; only *wrap_column* may wrap (at words), and only when
    what is left for it is at least 16 characters. Nothing else is ever cut.
    """
    gap = 2
    rows = [[[(visible(t), s) for t, s in cell] for cell in row] for row in rows]
    widths = [max([len(h), *(sum(len(t) for t, _ in row[i]) for row in rows)]) for i, h in enumerate(headers)]
    total = indent + sum(widths) + gap * (len(widths) - 1)
    if total > out.width:
        if wrap_column is None:
            return False
        room = widths[wrap_column] - (total - out.width)
        longest_word = max((len(w) for row in rows for t, _ in row[wrap_column] for w in t.split()), default=0)
        if room < max(16, longest_word + 2):
            return False
        widths[wrap_column] = room

    def emit(cells: Sequence[Cell], style: str = "") -> None:
        wrapped: list[list[Cell]] = []
        for i, cell in enumerate(cells):
            plain = "".join(t for t, _ in cell)
            if i == wrap_column and len(plain) > widths[i]:
                lead = len(plain) - len(plain.lstrip(" "))
                parts = wrap(plain, widths[i], widths[i] - lead - 2)
                wrapped.append([cut(cell, s, e) if n == 0 else [(" " * (lead + 2), ""), *cut(cell, s, e)]
                                for n, (s, e) in enumerate(parts)])
            else:
                wrapped.append([list(cell)])
        for n in range(max(len(w) for w in wrapped)):
            spans: list[Span] = []
            for i, w in enumerate(wrapped):
                cell = w[n] if n < len(w) else []
                pad = " " * (widths[i] - sum(len(t) for t, _ in cell))
                spans += ([(pad, ""), *cell]) if i in right else ([*cell, (pad, "")])
                if i < len(wrapped) - 1:
                    spans.append((" " * gap, ""))
            # A heading row is one styled run, not one per cell and gap.
            plain = "".join(t for t, _ in spans).rstrip()
            text = out.paint([(plain, style)]) if style else out.paint(spans).rstrip()
            out.lines.append(" " * indent + text)

    emit([[(h, "")] for h in headers], "bold")
    for row in rows:
        emit(row)
    return True


_wrap_at_words = wrap  # Writer.line's own parameter is called ``wrap``
