"""The board paper as a document model (pandoc's JSON AST), from which Word and PDF are built.

Why: pandoc's Markdown reader takes time quadratic in some characters of a value (16 KB of
``&`` in one explanation took 14 s), and any value it parses can turn into markup. So no
value is ever given to it. The paper's template (the bundled one, or a user's
``--template``, which therefore still shapes Word and PDF) is rendered with every value
replaced by an opaque token (``IhovALUE12Z``); pandoc parses only that skeleton, whose size
does not depend on how long the values are; then each value is put back into the AST:

* for Word, as plain text nodes (``Str`` and ``Space``), which pandoc's Word writer escapes;
* for PDF, as a Typst string literal (``#"...";``), which Typst shows as text and never reads
  as markup (pandoc's Typst writer leaves markers such as ``/`` or ``1.`` at the start of a
  list item or a table cell unescaped).

Each value is first made safe for any reader: white space folded to single spaces, control
characters shown as escapes (:func:`~iho_ready.words.one_line`), and characters XML forbids
shown as escapes (:func:`~iho_ready.safe_text.xml_text`), so every Word file is well-formed.
The cost of one value is linear in its length.

The template can also mark a table for the Word and PDF versions with an HTML comment just
before it (invisible in the Markdown): ``<!-- iho-ready: row-headers -->`` (its first column
names each row) or ``<!-- iho-ready: row-headers no-header-row -->`` (a cover sheet: no
header row, only row headers).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2

from ..errors import ConverterError
from ..render import RenderOptions
from ..safe_text import xml_text
from ..words import Markdown, clip, one_line, template_value
from .view import Report

TOKEN = re.compile(r"IhovALUE(\d+)Z")
"""An opaque token standing for one value in the skeleton: letters and digits, so pandoc
reads it as (part of) a word and never as markup."""

MARKER = re.compile(r"<!--\s*iho-ready:([a-z\- ]*)-->")
"""A table marker in the template: ``<!-- iho-ready: row-headers no-header-row -->``."""

MAX_VALUE_CHARS = 100_000
"""Longest single value (a title, an explanation) a Word or PDF paper shows: the cost of one value.

Pandoc's Word writer takes time worse than linear in the length of one paragraph (a
1,000,000-character title took 35 s), so a longer value stops the Word or PDF paper with a
one-line error (exit code 2) that says which value and how to get the paper in full. The
Markdown paper has no such limit. 100,000 characters is some 30 pages of text in one field."""

FURNITURE_CHARS = 300
"""Longest running header, footer, title or author property: longer text is clipped (with an
ellipsis) there, as a header line must fit its page. The body always shows a value in full."""

JsonObject = dict[str, Any]


def plain(value: Any) -> str:
    """*value* as the text a Word or PDF reader can always show: one line, no control character."""
    return xml_text(one_line(value if isinstance(value, str) else template_value(value)))


def furniture(text: str) -> str:
    """A running header, footer or document property: one line a reader can show, clipped to fit."""
    return clip(plain(text), FURNITURE_CHARS)


UNTITLED = "Board paper"
"""The document's title where the paper's title and the trust's name are both empty (PDF/UA needs one)."""


def document_title(report: Report) -> str:
    """The title of the Word and PDF files (shown in the window's title bar): the paper's, else the trust's."""
    return furniture(report.title) or furniture(report.organisation) or UNTITLED


@dataclass
class Skeleton:
    """The paper's Markdown with a token for every value, and the values in token order."""

    markdown: str
    values: list[str] = field(default_factory=list)


def _token_environment(values: list[str], too_long: list[str]) -> Callable[[Path | None], jinja2.Environment]:
    from .markdown import environment

    def token(value: Any) -> Markdown:
        if isinstance(value, Markdown):  # the template's own text (a macro's output, a token)
            return value
        if isinstance(value, jinja2.Undefined):
            return Markdown(str(value))  # StrictUndefined raises here, naming what is undefined
        text = plain(value)
        if len(text) > MAX_VALUE_CHARS:
            too_long.append(text)  # reported once the template has run (a template error comes first)
            text = ""
        values.append(text)
        return Markdown(f"IhovALUE{len(values) - 1}Z")

    def make(folder: Path | None) -> jinja2.Environment:
        env = environment(folder, finalize=token)
        env.filters["md"] = token
        env.filters["md_join"] = lambda items, separator=", ": token(separator.join(plain(i) for i in items))
        env.filters["long_date"] = token
        return env

    return make


def skeleton(report: Report, options: RenderOptions, error: type[ConverterError]) -> Skeleton:
    """The paper's template rendered with an opaque token for every value.

    Raises *error* when a value is longer than :data:`MAX_VALUE_CHARS`.
    """
    from .markdown import render_with

    values: list[str] = []
    too_long: list[str] = []
    markdown = render_with(report, options, _token_environment(values, too_long))
    if too_long:
        raise error(too_long_message(too_long[0]))
    return Skeleton(markdown, values)


def too_long_message(value: str) -> str:
    """What a user is told when one value is too long for a Word or PDF paper."""
    return (f'a value is too long for a Word or PDF paper: "{clip(value, 60)}" has {len(value):,} characters, '
            f"and one value may have at most {MAX_VALUE_CHARS:,}; shorten it (or write the Markdown paper, "
            "--format markdown, which shows it in full)")


def run_pandoc(pandoc: str, arguments: list[str], data: bytes, error: type[ConverterError], hint: str,
               env: dict[str, str] | None = None) -> bytes:
    """Run pandoc on *data*; its failure is an *error* that says what to do."""
    try:
        done = subprocess.run([pandoc, *arguments], input=data, capture_output=True, env=env, check=False)
    except OSError as e:
        raise error(f"pandoc could not be run ({e.strerror}); reinstall it: {hint}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise error(f"pandoc could not convert the report: {detail}")
    return done.stdout


def parse(pandoc: str, shape: Skeleton, error: type[ConverterError], hint: str) -> JsonObject:
    """pandoc's AST of the skeleton (values still tokens).

    Pandoc's own Markdown reader, because it sizes table columns by the dashes in each separator
    row (the template sets them in proportion); --columns=10 makes every table use those
    proportions; -smart keeps quoted text as written, -citations an @ as text.
    """
    out = run_pandoc(pandoc, ["--from=markdown-smart-citations", "--columns=10", "--to=json"],
                     shape.markdown.encode("utf-8"), error, hint)
    ast: JsonObject = json.loads(out)
    return ast


# --------------------------------------------------------------------------- putting values back


def typst_literal(text: str) -> str:
    """*text* (already :func:`plain`) as Typst code that shows it verbatim: a string literal.

    The semicolon ends the expression, so a following ``.`` or ``(`` stays text.
    """
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '";'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Filler:
    """Puts values back: as text nodes (Word) or as Typst string literals (PDF)."""

    values: list[str]
    typst: bool

    def text(self, text: str) -> str:
        """*text* with its tokens replaced by their values (code, attributes, link targets)."""
        return TOKEN.sub(lambda m: self.values[int(m.group(1))], text)

    def raw(self, fmt: str, text: str) -> str:
        """Raw Typst or XML a template wrote, with each value in it quoted for that format."""
        quote = _QUOTE_RAW.get(fmt, _xml)
        return TOKEN.sub(lambda m: quote(self.values[int(m.group(1))]), text)

    def inlines(self, text: str) -> list[JsonObject]:
        """The inline nodes of one ``Str`` of the skeleton, with its tokens' values put back."""
        nodes: list[JsonObject] = []
        pending = ""
        at = 0
        for found in TOKEN.finditer(text):
            pending += text[at:found.start()]
            at = found.end()
            value = self.values[int(found.group(1))]
            if self.typst:
                if pending:
                    nodes.append({"t": "Str", "c": pending})
                    pending = ""
                if value:
                    nodes.append({"t": "RawInline", "c": ["typst", typst_literal(value)]})
                continue
            for n, word in enumerate(value.split(" ") if value else []):
                if n:
                    if pending:
                        nodes.append({"t": "Str", "c": pending})
                    nodes.append({"t": "Space"})
                    pending = ""
                pending += word
        pending += text[at:]
        if pending:
            nodes.append({"t": "Str", "c": pending})
        return nodes


class Pandoc(StrEnum):
    """The pandoc AST element types this module looks at (pandoc's own names, not words a reader sees)."""

    STR = "Str"
    MATH = "Math"
    HEADER = "Header"
    CODE = "Code"
    RAW_INLINE = "RawInline"
    RAW_BLOCK = "RawBlock"
    SPACE = "Space"
    SOFT_BREAK = "SoftBreak"
    TABLE = "Table"


_TEXT_ELEMENTS = frozenset({Pandoc.STR, Pandoc.CODE, Pandoc.RAW_INLINE, Pandoc.MATH})
"""Inline elements that can show text."""


_QUOTE_RAW: dict[str, Callable[[str], str]] = {"typst": typst_literal}
"""How a value goes into raw output of a pandoc format (XML escaping for the others: Word's OpenXML)."""


def _is_empty_heading(item: Any) -> bool:
    """A ``Header`` element that shows no text."""
    return isinstance(item, dict) and item.get("t") == Pandoc.HEADER and not _shows_text(item["c"][2])


def _expand(item: Any, fill: Filler) -> list[Any] | None:
    """What one list item of the AST becomes, or None to keep it (and look inside it)."""
    if not isinstance(item, dict):
        return [fill.text(item)] if isinstance(item, str) and TOKEN.search(item) else None
    kind, content = item.get("t"), item.get("c", "")
    if kind == Pandoc.STR and TOKEN.search(content):
        return fill.inlines(content)
    if kind == Pandoc.MATH and TOKEN.search(content[1]):  # a value is never maths: show it as text
        return fill.inlines(content[1])
    if kind in (Pandoc.RAW_INLINE, Pandoc.RAW_BLOCK) and TOKEN.search(content[1]):
        return [{"t": kind, "c": [content[0], fill.raw(content[0], content[1])]}]
    return None


def fill_values(ast: JsonObject, values: list[str], *, typst: bool) -> JsonObject:
    """Put every value back into *ast* (in place), and return it.

    Iterative, so a deeply nested template cannot exhaust Python's stack.
    """
    fill = Filler(values, typst)
    stack: list[Any] = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                if isinstance(child, str) and TOKEN.search(child):
                    node[key] = fill.text(child)
                elif isinstance(child, (dict, list)):
                    stack.append(child)
            continue
        if not isinstance(node, list):
            continue
        changed: list[Any] = []
        touched = False
        for item in node:
            replaced = _expand(item, fill)
            if replaced is None:
                changed.append(item)
                if isinstance(item, (dict, list)):
                    stack.append(item)
            else:
                changed.extend(replaced)
                touched = True
        if touched:
            node[:] = changed
    return ast


def _shows_text(inlines: list[Any]) -> bool:
    """Whether *inlines* show any text (a heading of only spaces or formatting shows none)."""
    stack = list(inlines)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") in _TEXT_ELEMENTS:
                text = item["c"] if item["t"] == Pandoc.STR else item["c"][-1]
                if isinstance(text, str) and text.strip():
                    return True
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)
    return False


def drop_empty_headings(ast: JsonObject) -> JsonObject:
    """Leave out every heading that shows no text (an empty value in it), and keep the levels in
    sequence: PDF/UA forbids an empty heading, and a reader's outline would show a blank entry."""
    stack: list[Any] = [ast["blocks"]]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            if any(_is_empty_heading(i) for i in node):
                node[:] = [i for i in node if not _is_empty_heading(i)]
            stack.extend(i for i in node if isinstance(i, (dict, list)))
        elif isinstance(node, dict):
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return _headings_in_sequence(ast)


def _headings_in_sequence(ast: JsonObject) -> JsonObject:
    """Make the first heading level 1 and let no heading skip a level (as PDF/UA requires), whatever
    levels a user's template gives them; the bundled template's are already so."""
    previous = 0
    stack: list[Any] = [ast["blocks"]]
    while stack:  # depth first, in document order
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") == Pandoc.HEADER:
                node["c"][0] = previous = min(node["c"][0], previous + 1)
            stack.extend(reversed([v for v in node.values() if isinstance(v, (dict, list))]))
        elif isinstance(node, list):
            stack.extend(reversed([i for i in node if isinstance(i, (dict, list))]))
    return ast


# --------------------------------------------------------------------------- structure


def heading_text(block: JsonObject, fill: Filler) -> str:
    """The plain text of a heading of the skeleton, its values put back."""
    parts: list[str] = []
    for inline in block["c"][2]:
        if inline.get("t") == Pandoc.STR:
            parts.append(fill.text(inline["c"]))
        elif inline.get("t") in (Pandoc.SPACE, Pandoc.SOFT_BREAK):
            parts.append(" ")
    return "".join(parts)


def mark_structure(ast: JsonObject, values: list[str], *, breaks_before: set[str], page_break: JsonObject | None,
                   around_table: Callable[[str], tuple[JsonObject, JsonObject]] | None = None) -> list[str]:
    """Mark tables and start pages, before the values are put back (the skeleton is small).

    A level-2 heading whose text is one of *breaks_before* gets *page_break* before it (unless
    None: the Word writer marks the heading itself). A table
    after a ``row-headers`` marker gets one row-header column; with ``no-header-row`` too, its
    header row moves into its body; *around_table* gives the blocks to put around a marked table
    (its style in Typst). Returns the markers of the tables in document order
    (empty for an unmarked table), for a writer that adds what pandoc cannot.
    """
    fill = Filler(values, typst=False)
    blocks: list[JsonObject] = []
    tables: list[str] = []
    marker = ""
    for block in ast["blocks"]:
        kind = block.get("t")
        if kind == Pandoc.RAW_BLOCK and (found := MARKER.fullmatch(block["c"][1].strip())):
            marker = " ".join(found.group(1).split())
            continue
        if kind == Pandoc.HEADER and block["c"][0] == 2 and heading_text(block, fill) in breaks_before and blocks \
                and page_break is not None:
            blocks.append(page_break)
        if kind == Pandoc.TABLE:
            _mark_table(block, marker)
            tables.append(marker)
            if marker and around_table is not None:
                before, after = around_table(marker)
                blocks += [before, block, after]
                marker = ""
                continue
        marker = marker if kind == Pandoc.RAW_BLOCK else ""
        blocks.append(block)
    ast["blocks"] = blocks
    return tables


def _mark_table(table: JsonObject, marker: str) -> None:
    words = marker.split()
    head, bodies = table["c"][3], table["c"][4]
    if "row-headers" in words:
        for body in bodies:
            body[1] = 1  # RowHeadColumns
    if "no-header-row" in words and bodies:
        bodies[0][3][:0] = head[1]  # the head's rows become the body's first rows
        head[1] = []


def page_starts(report: Report) -> set[str]:
    """The headings that start a page: the first section (the cover sheet has a page of its own)
    and every appendix."""
    first = next(iter(report.sections.values()), None)
    return {*report.appendices.values(), *([first] if first else [])}
