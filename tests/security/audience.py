"""The one audience rule for every page iho-ready publishes, as a function tests apply.

The dashboard, the portfolio page, the CI Markdown summary and the Markdown paper are
published (CI writes them for anyone to read), so none of them may hold:

- anything from private evidence: text marked ``PRIVATE-SECRET`` in the fixtures (a
  document marked ``sensitivity: private``, a partner comment marked private, a bad value in
  a private file that an input problem would quote);
- anything from outside the folder: text marked ``OUTSIDE-SECRET`` (a file a symlink leads to);
- a raw control character (ESC, BEL, a bidirectional override, a line separator);
- live Markdown or HTML made from input text: a script, an element or link the input
  wrote, a link or image to :data:`LIVE_HOST`, or a table row with more cells than its header.

:func:`publication_problems` says what a page breaks, so that a failing test names it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

PRIVATE = "PRIVATE-SECRET"
"""Marks text from private evidence in the fixtures."""
OUTSIDE = "OUTSIDE-SECRET"
"""Marks text in files outside the folder given (what planted symlinks lead to)."""
LIVE_HOST = "evil.example"
"""The host every link, image and script in hostile input text points at."""

HOSTILE_TEXT = ("Trust <script>alert(1)</script><marquee>[link](https://evil.example/a) "
                "![beacon](https://evil.example/b.png) <img src=https://evil.example/i.png> `x` | cell | "
                "\x1b[31mred\x07 \u202eesrever\u2066 \u2028sep")
"""Input text that would act if it were printed raw: markup, links, an image beacon, table pipes,
a backtick, ESC, BEL, a right-to-left override, an isolate and a line separator."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_INPUT_TAGS = frozenset({"script", "marquee", "iframe", "object", "embed", "form", "input"})
_PIPE = re.compile(r"(?<!\\)\|")


class _Elements(HTMLParser):
    """Every element of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def _live_elements(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attrs in parser.found:
        if tag in _INPUT_TAGS:
            problems.append(f"a <{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"an event handler attribute {name} on <{tag}>")
            if LIVE_HOST in value or value.strip().lower().startswith("javascript:"):
                problems.append(f"<{tag} {name}={value!r}>: a live address from input text")
    return problems


def _markdown_html(text: str) -> str:
    """*text* as GitHub would show it: CommonMark with tables, strikethrough and raw HTML."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)


def _table_rows(text: str) -> list[str]:
    """Rows of Markdown tables whose cell count differs from their header's."""
    problems, header = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = len(_PIPE.findall(line))
        if header is None:
            header = cells
        elif cells != header:
            problems.append(f"a table row with {cells - 1} cells under a header of {header - 1}: {line[:120]!r}")
    return problems


def publication_problems(text: str, kind: str) -> list[str]:
    """Every way the published page *text* (``html`` or ``markdown``) breaks the audience rule."""
    problems = [f"holds {marker} text" for marker in (PRIVATE, OUTSIDE) if marker in text]
    problems += [f"a raw control character {m.group()!r} at offset {m.start()}" for m in _CONTROL.finditer(text)]
    if kind == "markdown":
        problems += _table_rows(text)
        problems += _live_elements(_markdown_html(text))
    else:
        problems += _live_elements(text)
    return problems
